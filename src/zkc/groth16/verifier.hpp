// The Groth16 verifier: accepts iff e(A, B) = e(alpha, beta) e(vk_x, gamma) e(C, delta) with
// vk_x = IC_0 + sum_i x_i IC_i, checked as one multi-pairing
// e(-A, B) e(alpha, beta) e(vk_x, gamma) e(C, delta) = 1 with a single final exponentiation.
// Inputs are public; variable time. Proof points must be on their curves and B in the order-r
// subgroup of G2 (the decoders in snarkjs_json.hpp check both; verify() re-checks, since a Proof can
// be built in memory); public inputs are Fr elements, so < r by construction (parsers reject >= r).
// Source: Groth, EUROCRYPT 2016, sec. 3.2.
#pragma once

#include <span>

#include "zkc/base/result.hpp"
#include "zkc/groth16/keys.hpp"
#include "zkc/pairing/bn254.hpp"

namespace zkc::groth16 {

// A verifying key with the G2 lines prepared once (for verifying many proofs).
class PreparedVerifyingKey {
 public:
  // Error if a key point is off its curve or outside its subgroup, or IC is empty.
  static Result<PreparedVerifyingKey> create(const VerifyingKey& vk);
  const VerifyingKey& key() const { return vk_; }

 private:
  friend Result<bool> verify(const PreparedVerifyingKey& pvk, std::span<const Fr> public_inputs, const Proof& proof);
  VerifyingKey vk_;
  pairing::G2Prepared neg_beta_, gamma_, delta_;
};

// true: the proof is valid for these public inputs; false: invalid (including a proof point off
// its curve or outside its subgroup). Error: the number of public inputs differs from the key's.
Result<bool> verify(const PreparedVerifyingKey& pvk, std::span<const Fr> public_inputs, const Proof& proof);
Result<bool> verify(const VerifyingKey& vk, std::span<const Fr> public_inputs, const Proof& proof);

// On-curve and subgroup checks of a proof's points.
bool proof_points_valid(const Proof& proof);

}  // namespace zkc::groth16
