// `zkcredit selftest`: a quick end-to-end check of the BN254 stack (field, curves, pairing, MSM,
// NTT) against algebraic identities and known answers, printing what it checked and how long each
// step took. Exit status 0 when every check holds.
#pragma once

#include <cstddef>
#include <ostream>

namespace zkc::cli {

struct SelftestOptions {
  unsigned msm_log2 = 16;  // size of the timed MSM
  unsigned ntt_log2 = 16;  // size of the timed NTT
};

// Runs every check, printing one line per check to `out`; returns the number of failed checks.
int run_selftest(const SelftestOptions& options, std::ostream& out);

}  // namespace zkc::cli
