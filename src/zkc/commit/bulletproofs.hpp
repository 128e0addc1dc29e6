// Bulletproofs range proofs over ristretto255 (no trusted setup): a proof that each of m Pedersen
// commitments V_j = v_j*B + gamma_j*B_blinding (pedersen.hpp) opens to 0 <= v_j < 2^n, for
// n in {8, 16, 32, 64} and m in {1, 2, 4, ..., 64} (aggregated, paper sec. 4.3), with the
// logarithmic inner-product argument (sec. 3) and single-multiexponentiation verification (sec. 6.2).
// Generators: generators.hpp. Fiat-Shamir: the caller's hash::Transcript (so the application binds
// its own statement first); the proof then absorbs, in order,
//   "dom-sep" = "zkcredit/bulletproofs/range/v1", "n", "m", each "V" -> nothing
//   "A", "S" -> challenges y, z;  "T1", "T2" -> x;  "t_x", "t_x_blinding", "e_blinding" -> w
//   (Q = w*B is the inner-product argument's base, as in dalek's implementation);
//   for each round j: "L", "R" -> u_j.
// Wire format (serialized_size(n, m) = 32 * (9 + 2 log2(n m)) bytes, 672 for n = 64, m = 1):
//   A || S || T1 || T2 || t_x || t_x_blinding || e_blinding || L_0 || R_0 || ... || L_{k-1} || R_{k-1}
//   || a || b, points as RFC 9496 encodings, scalars as 32-byte little-endian integers < l.
// Secrets (the values, the blindings, a_L, a_R, s_L, s_R, alpha, rho, tau1, tau2) are handled in
// constant time and wiped; the inner-product argument runs variable-time multi-scalar
// multiplications on l(x), r(x), which the protocol could send in the clear (the paper's protocol 1
// does) without losing zero knowledge: they are blinded by s_L, s_R and x.
// References: Bünz, Bootle, Boneh, Poelstra, Wuille, Maxwell, "Bulletproofs: Short Proofs for
// Confidential Transactions and More", IEEE S&P 2018 (ePrint 2017/1066), sec. 3, 4.1-4.3, 6.2.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "zkc/base/result.hpp"
#include "zkc/commit/pedersen.hpp"
#include "zkc/commit/ristretto255.hpp"
#include "zkc/hash/transcript.hpp"

namespace zkc::commit {

// A point of a proof with its canonical encoding (decoded or encoded once).
struct ProofPoint {
  RistrettoPoint point;
  std::array<std::uint8_t, 32> bytes{};
  static ProofPoint from_point(const RistrettoPoint& p) { return {p, p.encode()}; }
};

struct RangeProof {
  ProofPoint A, S, T1, T2;
  Scalar t_x, t_x_blinding, e_blinding;
  std::vector<ProofPoint> L, R;  // log2(n m) each
  Scalar a, b;

  // n in {8, 16, 32, 64}, m a power of two in [1, 64].
  static bool valid_parameters(unsigned n_bits, std::size_t m);
  // 32 * (9 + 2 log2(n m)); parameters must be valid (asserted).
  static std::size_t serialized_size(unsigned n_bits, std::size_t m);

  std::vector<std::uint8_t> to_bytes() const;
  // Checks the parameters, the length for (n, m), every point (canonical ristretto255) and every
  // scalar (canonical, < l); an error names the field and its byte offset.
  static Result<RangeProof> from_bytes(std::span<const std::uint8_t> bytes, unsigned n_bits, std::size_t m);
};

struct RangeProofWithCommitments {
  RangeProof proof;
  std::vector<Commitment> commitments;  // V_j = commit(values[j], blindings[j])
};

// Proves 0 <= values[j] < 2^n_bits for all j (m = values.size() = blindings.size()). Errors: invalid
// (n, m), mismatched sizes, a value >= 2^n_bits (no proof is produced), a zero challenge
// (probability about 2^-250; retry).
Result<RangeProofWithCommitments> prove_range(hash::Transcript& transcript,
                                              std::span<const std::uint64_t> values,
                                              std::span<const Scalar> blindings, unsigned n_bits);

// Verifies with one multi-scalar multiplication. m = commitments.size().
Status verify_range(hash::Transcript& transcript, const RangeProof& proof,
                    std::span<const Commitment> commitments, unsigned n_bits);

// One statement of a batch: its own transcript (consumed), proof, commitments and n.
struct RangeStatement {
  hash::Transcript* transcript;
  const RangeProof* proof;
  std::span<const Commitment> commitments;
  unsigned n_bits;
};

// Verifies many independent proofs (any mix of n, m) with one multi-scalar multiplication, each
// proof's equation weighted by a fresh random scalar from the CSPRNG. Fails if any proof is invalid
// (it does not say which).
Status verify_range_batch(std::span<const RangeStatement> statements);

}  // namespace zkc::commit
