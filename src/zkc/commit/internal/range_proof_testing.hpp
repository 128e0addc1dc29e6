// Test-only entry point of the range prover: proves for field elements instead of u64 values and
// skips the range check, so that tests can run the honest prover on out-of-range values (2^n, l - 1)
// and check that the resulting proof does NOT verify. Never use outside tests.
// References: bulletproofs.hpp.
#pragma once

#include <span>

#include "zkc/commit/bulletproofs.hpp"

namespace zkc::commit::internal {

// The honest prover run on the low n bits of each value (which is what a cheater could encode).
Result<RangeProofWithCommitments> prove_range_unchecked(hash::Transcript& transcript,
                                                        std::span<const Scalar> values,
                                                        std::span<const Scalar> blindings, unsigned n_bits);

}  // namespace zkc::commit::internal
