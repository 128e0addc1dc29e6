// The collateral statement C >= r_c * L without a trusted setup: Pedersen commitments to C and L
// (ristretto255) and one aggregated Bulletproofs range proof (commit/bulletproofs.hpp). r_c = num/den
// is public; C, L and the gap V = den*C - num*L stay hidden. With n-bit amounts (n in {8,16,32,64})
// the proof shows, for m = 4 committed values,
//   C in [0, 2^n),  L - 1 in [0, 2^n),  V_lo in [0, 2^n),  V_hi in [0, 2^n),
// where Com(L - 1) = Com(L) - G and Com(V_lo) = den*Com(C) - num*Com(L) - 2^n*Com(V_hi) are derived by
// the verifier from the borrower's commitments alone (Com(V_hi) travels with the proof). With
// num, den < 2^n every term is below 2^(2n) <= 2^128, so den*C - num*L = V_lo + 2^n*V_hi holds over
// the integers (not only mod l ~ 2^252) and the gap is non-negative: the same bounds as the SNARK's
// statement (collateral.hpp) for n = 64. Fiat-Shamir binds "zkcredit/collateral/v1", n, num, den and
// the three commitments before the range proof binds its own statement.
// Files: opening (secret, 0600), commitments and proof, JSON with hex encodings (docs/COMMIT.md).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "zkc/base/result.hpp"
#include "zkc/commit/bulletproofs.hpp"
#include "zkc/commit/pedersen.hpp"
#include "zkc/lending/collateral.hpp"

namespace zkc::lending {

inline constexpr std::size_t kCollateralRangeValues = 4;  // m: C, L - 1, V_lo, V_hi

// The borrower's secret: her amounts and their blindings (wiped on destruction).
struct CollateralOpening {
  std::uint64_t collateral = 0, loan = 0;
  commit::Scalar collateral_blinding, loan_blinding;

  CollateralOpening() = default;
  CollateralOpening(const CollateralOpening&) = default;
  CollateralOpening& operator=(const CollateralOpening&) = default;
  ~CollateralOpening();
};

// What the pool keeps: the two commitments.
struct CollateralCommitments {
  commit::Commitment collateral, loan;
  friend bool operator==(const CollateralCommitments&, const CollateralCommitments&) = default;
};

struct CollateralRangeProof {
  unsigned bits = 64;
  CollateralRatio ratio;
  commit::Commitment gap_high;  // Com(V_hi)
  commit::RangeProof proof;     // m = 4, n = bits
};

// n in {8, 16, 32, 64}.
bool valid_collateral_bits(unsigned bits);

// Fresh blindings from the CSPRNG. Errors: L = 0, or C or L - 1 beyond n bits.
Result<CollateralOpening> open_collateral(std::uint64_t collateral, std::uint64_t loan, unsigned bits);
CollateralCommitments commit_collateral(const CollateralOpening& opening);

// Errors: amounts or ratio beyond n bits (num, den < 2^n), or C < r_c * L (no proof exists: the
// message says so without printing the amounts).
Result<CollateralRangeProof> prove_collateral_range(const CollateralOpening& opening,
                                                    const CollateralRatio& ratio, unsigned bits);

// OK when the proof shows C >= ratio * L for these commitments. kInvalidArgument for parameters a
// proof can never have (bits, ratio beyond n bits); the range proof's own error otherwise.
Status verify_collateral_range(const CollateralCommitments& commitments, const CollateralRangeProof& proof);

// Batch verification of many borrowers' proofs (one multi-scalar multiplication).
Status verify_collateral_range_batch(std::span<const CollateralCommitments> commitments,
                                     std::span<const CollateralRangeProof> proofs);

// --- files (`source` names the file in errors) -----------------------------------------------------
nlohmann::json opening_to_json(const CollateralOpening& o);
Result<CollateralOpening> opening_from_json(const nlohmann::json& j, const std::string& source);
nlohmann::json commitments_to_json(const CollateralCommitments& c);
Result<CollateralCommitments> commitments_from_json(const nlohmann::json& j, const std::string& source);
// The proof file also carries the commitments it was made for (the verifier compares them with its own).
nlohmann::json collateral_proof_to_json(const CollateralCommitments& c, const CollateralRangeProof& p);
struct CollateralProofFile {
  CollateralCommitments commitments;
  CollateralRangeProof proof;
};
// Errors keep the kinds apart: kBadFormat/kBadLength/kInvalidArgument for a malformed file; kNotCanonical
// or kNotOnCurve for a point or scalar that is not a valid encoding (a verifier reports that as an
// invalid proof).
Result<CollateralProofFile> collateral_proof_from_json(const nlohmann::json& j, const std::string& source);

}  // namespace zkc::lending
