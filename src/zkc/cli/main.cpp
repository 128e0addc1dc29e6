// The `zkcredit` command: the only place that parses arguments and prints. Each command group
// registers itself (command.hpp); the selected subcommand's callback sets the exit code.
#include <unistd.h>

#include <CLI/CLI.hpp>

#include "zkc/base/version.hpp"
#include "zkc/cli/command.hpp"

int main(int argc, char** argv) {
  CLI::App app{"zkcredit: private credit for decentralized finance"};
  app.set_version_flag("--version", std::string("zkcredit ") + zkc::kVersion);
  app.require_subcommand(1);

  zkc::cli::Context ctx;
  ctx.progress = ::isatty(STDERR_FILENO) != 0;
  zkc::cli::add_selftest_command(app, ctx);
  zkc::cli::add_groth16_commands(app, ctx);
  zkc::cli::add_ptau_commands(app, ctx);
  zkc::cli::add_model_commands(app, ctx);
  zkc::cli::add_credit_commands(app, ctx);
  zkc::cli::add_he_commands(app, ctx);
  zkc::cli::add_collateral_commands(app, ctx);
  zkc::cli::add_rate_command(app, ctx);
  zkc::cli::add_monitor_command(app, ctx);
  zkc::cli::add_demo_command(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    // CLI11 reports usage errors with its own codes; every one of them is bad input here.
    return code == 0 ? 0 : zkc::cli::kExitBadInput;
  }
  return ctx.exit_code;
}
