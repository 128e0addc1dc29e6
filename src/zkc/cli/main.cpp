// The `zkcredit` command: the only place that parses arguments and prints.
#include <CLI/CLI.hpp>
#include <iostream>

#include "zkc/base/version.hpp"
#include "zkc/cli/selftest.hpp"

int main(int argc, char** argv) {
  CLI::App app{"zkcredit: private credit for decentralized finance"};
  app.set_version_flag("--version", std::string("zkcredit ") + zkc::kVersion);
  app.require_subcommand(1);

  zkc::cli::SelftestOptions selftest;
  auto* st = app.add_subcommand("selftest", "Check the BN254 field, curve, pairing, MSM and NTT code and time it");
  st->add_option("--msm-log2", selftest.msm_log2, "log2 of the timed MSM size")->check(CLI::Range(8, 22));
  st->add_option("--ntt-log2", selftest.ntt_log2, "log2 of the timed NTT size")->check(CLI::Range(1, 24));

  CLI11_PARSE(app, argc, argv);

  if (st->parsed()) return zkc::cli::run_selftest(selftest, std::cout) == 0 ? 0 : 1;
  return 0;
}
