// Circuit-specific Groth16 setup from a prepared Powers-of-Tau (the first phase-2 key, as snarkjs's
// `groth16 setup` / `zkey new` writes it: gamma = delta = 1, i.e. the generators; contributions
// then randomize delta, see phase2.hpp). For the domain H of size n = 2^k, the smallest with
// n > constraints + public signals, and Lagrange basis L_j of H:
//   A_i = sum_j A_ji [L_j(tau)]_1 (with the extra rows j = m + i, A = 1, for each public wire i),
//   B_i = sum_j B_ji [L_j(tau)] in G1 and G2, and K_i = sum_j (A_ji [beta L_j] + B_ji [alpha L_j] +
//   C_ji [L_j]) going to IC (public wires, over gamma) or C (private wires, over delta);
//   H_j = [L'_{2j+1}(tau)]_1 over the domain of size 2n.
// The 64-byte circuit hash (phase2 cs_hash) is BLAKE2b-512 over the key's points as snarkjs hashes
// them (uncompressed big-endian, G2 imaginary part first; counts as big-endian u32; H hashed in
// monomial form [tau^j (tau^n - 1)]_1), so `snarkjs zkey verify` accepts the key.
// Source: iden3/snarkjs src/zkey_new.js (layout, extra rows, hash order); Groth, EUROCRYPT 2016.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "zkc/base/result.hpp"
#include "zkc/groth16/keys.hpp"
#include "zkc/groth16/formats/ptau_file.hpp"
#include "zkc/r1cs/constraint_system.hpp"

namespace zkc::groth16 {

// log2 of the setup domain: snarkjs's cirPower = floor(log2(m + public)) + 1.
unsigned setup_domain_log2(const r1cs::ConstraintSystem& cs);

// How many monomials [tau^j]_1 setup reads for a domain of size n: n plus the number of H points
// snarkjs hashes in monomial form (n - 1, or n once n > 2^14: its hashing loop runs in chunks of 2^14).
std::size_t setup_tau_g1_count(std::size_t n);

// What setup needs from a prepared Powers-of-Tau file, for domain size n = 2^log2_n.
struct SetupSrs {
  unsigned log2_n = 0;
  G1Affine alpha1, beta1;  // alphaTauG1[0], betaTauG1[0]
  G2Affine beta2;          // betaG2
  std::span<const G1Affine> lagrange_tau_g1;        // n: [L_j(tau)]_1
  std::span<const G2Affine> lagrange_tau_g2;        // n: [L_j(tau)]_2
  std::span<const G1Affine> lagrange_alpha_tau_g1;  // n: [alpha L_j(tau)]_1
  std::span<const G1Affine> lagrange_beta_tau_g1;   // n: [beta L_j(tau)]_1
  std::span<const G1Affine> lagrange_tau_g1_2n;     // 2n: Lagrange basis of the 2n-domain
  std::span<const G1Affine> tau_g1;                 // setup_tau_g1_count(n) monomials [tau^j]_1 (circuit hash)
};

// The points of a SetupSrs, owned (read from a .ptau by ptau.hpp's read_setup_points, or computed
// from known secrets by tests and benchmark fixtures). srs() views into this object.
struct SetupPoints {
  unsigned log2_n = 0;
  G1Affine alpha1, beta1;
  G2Affine beta2;
  std::vector<G1Affine> lagrange_tau_g1, lagrange_alpha_tau_g1, lagrange_beta_tau_g1, lagrange_tau_g1_2n, tau_g1;
  std::vector<G2Affine> lagrange_tau_g2;
  SetupSrs srs() const;
};

// Progress callback: (done, total) over the key's points.
using SetupProgress = std::function<void(std::size_t, std::size_t)>;

// The initial proving key. Errors: the constraint system is invalid, the SRS spans have the wrong
// sizes, or the circuit needs a larger domain than log2_n.
Result<ProvingKey> setup(const r1cs::ConstraintSystem& cs, const SetupSrs& srs, const SetupProgress& progress = {});

// setup() with the SRS read from a prepared .ptau file (sections 2, 4, 5, 6 and 12..15, only the
// ranges the circuit's domain needs). Errors: the file is not prepared, its power is too small for
// the circuit (the H points need the Lagrange basis of 2n points, so n <= 2^power), a point is
// off its curve. The G2 Lagrange points are checked on the twist only (subgroup checks of every
// point belong to `ptau verify`, which also checks the whole ceremony).
Result<ProvingKey> setup_from_ptau(const r1cs::ConstraintSystem& cs, const formats::PtauFile& ptau,
                                   const SetupProgress& progress = {});

// BLAKE2b-512 over a proving key's points in snarkjs's order (with `h_monomial` the points
// [tau^j (tau^n - 1)]_1 that snarkjs hashes in place of the Lagrange-form H): the value setup
// stores in pk.phase2.cs_hash.
std::array<std::uint8_t, 64> circuit_hash(const ProvingKey& pk, std::span<const G1Affine> h_monomial);

}  // namespace zkc::groth16
