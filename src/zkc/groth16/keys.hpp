// Groth16 keys and proofs in snarkjs's form. The proving key mirrors a snarkjs .zkey: the QAP is
// given by the A and B coefficients of every constraint (C is never stored: the prover takes
// C = A * B pointwise on the domain), snarkjs adds one constraint w_i * 0 = 0 per public wire
// (i = 0..num_public) so the public inputs' A-polynomials are independent, and the H points are
// [L_{2i+1}(tau) / delta]_1 for the Lagrange basis L of the domain of size 2n (odd points = the
// coset omega_2n * H), so the prover needs no division by the vanishing polynomial.
// Sources: Groth, EUROCRYPT 2016, sec. 3.2; iden3/snarkjs src/zkey_new.js, src/groth16_prove.js.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "zkc/ec/bn254.hpp"
#include "zkc/ff/bn254/fr.hpp"

namespace zkc::groth16 {

using ec::bn254::G1Affine;
using ec::bn254::G1Jacobian;
using ec::bn254::G2Affine;
using ec::bn254::G2Jacobian;
using ff::bn254::Fr;

struct Proof {
  G1Affine a;
  G2Affine b;
  G1Affine c;
  friend bool operator==(const Proof&, const Proof&) = default;
};

struct VerifyingKey {
  G1Affine alpha1;
  G2Affine beta2, gamma2, delta2;
  std::vector<G1Affine> ic;  // num_public + 1 points: [(beta A_i + alpha B_i + C_i)(tau) / gamma]_1
  std::uint32_t num_public() const { return static_cast<std::uint32_t>(ic.size()) - 1; }
  friend bool operator==(const VerifyingKey&, const VerifyingKey&) = default;
};

// One entry of the QAP: matrix (0 = A, 1 = B), constraint (row) index, wire index, value.
struct Coefficient {
  std::uint32_t matrix;
  std::uint32_t constraint;
  std::uint32_t wire;
  Fr value;
  friend bool operator==(const Coefficient&, const Coefficient&) = default;
};

// A phase-2 contribution as snarkjs records it (zkey section 10): the new delta, the proof of
// knowledge of the contributed secret d ([s]_1, [s d]_1, [d * H(transcript, s, s d)]_2 style as
// in snarkjs's keypair proof), the 64-byte transcript hash, and the optional parameters.
struct Phase2Contribution {
  G1Affine delta_after;
  G1Affine g1_s, g1_sx;
  G2Affine g2_spx;
  std::array<std::uint8_t, 64> transcript{};
  std::uint32_t type = 0;  // 0 = contribution, 1 = random beacon
  std::string name;        // parameter 1 (empty: absent)
  std::uint8_t num_iterations_exp = 0;      // parameter 2 (beacon only)
  std::vector<std::uint8_t> beacon_hash;    // parameter 3 (beacon only)
  friend bool operator==(const Phase2Contribution&, const Phase2Contribution&) = default;
};

struct Phase2Params {
  std::array<std::uint8_t, 64> cs_hash{};  // BLAKE2b-512 transcript of the initial key
  std::vector<Phase2Contribution> contributions;
  friend bool operator==(const Phase2Params&, const Phase2Params&) = default;
};

struct ProvingKey {
  std::uint32_t num_wires = 0;     // snarkjs nVars
  std::uint32_t num_public = 0;    // outputs + public inputs
  std::uint32_t domain_size = 0;   // n, a power of two >= constraints + num_public + 1
  G1Affine alpha1, beta1, delta1;
  G2Affine beta2, gamma2, delta2;
  std::vector<G1Affine> ic;        // num_public + 1
  std::vector<Coefficient> coefficients;
  std::vector<G1Affine> a;         // num_wires: [A_i(tau)]_1
  std::vector<G1Affine> b1;        // num_wires: [B_i(tau)]_1
  std::vector<G2Affine> b2;        // num_wires: [B_i(tau)]_2
  std::vector<G1Affine> c;         // num_wires - num_public - 1: [(beta A_i + alpha B_i + C_i)(tau) / delta]_1
  std::vector<G1Affine> h;         // domain_size: [L_{2i+1}(tau) / delta]_1 over the 2n-domain
  Phase2Params phase2;

  VerifyingKey verifying_key() const { return VerifyingKey{alpha1, beta2, gamma2, delta2, ic}; }
  friend bool operator==(const ProvingKey&, const ProvingKey&) = default;
};

}  // namespace zkc::groth16
