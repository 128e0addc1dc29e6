// The Groth16 prover for snarkjs-compatible proving keys. With w the full witness (w[0] = 1):
//   a_j = <A_j, w>, b_j = <B_j, w>, c_j = a_j b_j on the n-point domain (C is implied by A and B);
//   a, b, c interpolated (inverse NTT) and evaluated on the odd points of the 2n-domain, the coset
//   g H with g = omega_2n (coset NTT); there h_j = a_j b_j - c_j, and sum_j h_j [L_{2j+1}(tau)/delta]
//   equals [H(tau) Z(tau) / delta] (keys.hpp);
//   pi_A = alpha + sum w_i A_i + r delta,  pi_B = beta + sum w_i B_i + s delta (in G1 and G2),
//   pi_C = sum_{private i} w_i C_i + sum_j h_j H_j + s pi_A + r pi_B1 - r s delta,
// with r, s uniform from the CSPRNG (wiped afterwards).
// Timing: the multi-scalar multiplications and NTTs are variable time in the witness, as in snarkjs
// and rapidsnark (docs/SECURITY.md); the blinding scalars r, s use constant-time multiplication.
// Sources: Groth, EUROCRYPT 2016, sec. 3.2; iden3/snarkjs src/groth16_prove.js (the coset, joinABC).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "zkc/base/result.hpp"
#include "zkc/groth16/keys.hpp"

namespace zkc::groth16 {

// Timings of the prover's phases in milliseconds (for benchmarks and --verbose output).
struct ProverTimings {
  double evaluate_ms = 0, ntt_ms = 0, msm_ms = 0, total_ms = 0;
};

// A proof for `witness` (all num_wires values, w[0] = 1) under `pk`, with fresh blinding from the
// CSPRNG. Errors: witness length or w[0] wrong, key inconsistent (sizes, coefficient indices).
// The witness is not checked against the constraints (an unsatisfying witness gives a proof that
// does not verify); use r1cs::check for that.
Result<Proof> prove(const ProvingKey& pk, std::span<const Fr> witness, ProverTimings* timings = nullptr);

// The same with caller-chosen blinding scalars (tests and known-answer comparisons only: a proof
// with known r, s reveals the witness's contribution).
Result<Proof> prove_with_blinding(const ProvingKey& pk, std::span<const Fr> witness, const Fr& r, const Fr& s,
                                  ProverTimings* timings = nullptr);

// The public signals of a witness: w[1 .. num_public] (outputs first, then public inputs).
std::vector<Fr> public_signals(const ProvingKey& pk, std::span<const Fr> witness);

// Structural checks of a proving key against itself: point counts, domain size a power of two,
// coefficient indices in range. (read_zkey performs them too; prove() calls this.)
Status validate(const ProvingKey& pk);

}  // namespace zkc::groth16
