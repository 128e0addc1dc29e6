// Placeholder until the Groth16 commands land.
#include "zkc/cli/command.hpp"

namespace zkc::cli {

void add_groth16_commands(CLI::App&, Context&) {}

}  // namespace zkc::cli
