#include "zkc/cli/command.hpp"
#include "zkc/cli/selftest.hpp"

namespace zkc::cli {

void add_selftest_command(CLI::App& app, Context& ctx) {
  auto options = std::make_shared<SelftestOptions>();
  auto* st = app.add_subcommand("selftest", "Check the BN254 field, curve, pairing, MSM and NTT code and time it");
  st->add_option("--msm-log2", options->msm_log2, "log2 of the timed MSM size")->check(CLI::Range(8, 22));
  st->add_option("--ntt-log2", options->ntt_log2, "log2 of the timed NTT size")->check(CLI::Range(1, 24));
  st->callback([&ctx, options] { ctx.exit_code = run_selftest(*options, ctx.out) == 0 ? kExitOk : kExitFailure; });
}

}  // namespace zkc::cli
