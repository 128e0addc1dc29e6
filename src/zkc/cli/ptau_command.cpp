// Placeholder until the Powers-of-Tau commands land.
#include "zkc/cli/command.hpp"

namespace zkc::cli {

void add_ptau_commands(CLI::App&, Context&) {}

}  // namespace zkc::cli
