// The Bulletproofs generators: G_i = hash_to_group("zkcredit/bulletproofs/v1/G", le64(i)) and
// H_i = hash_to_group("zkcredit/bulletproofs/v1/H", le64(i)) for 0 <= i < kMaxGenerators, plus the
// Pedersen bases B = pedersen_g() and B_blinding = pedersen_h(). Nothing up my sleeve: every point is
// SHA-512 of a fixed domain string (length-prefixed, see hash_to_group) and its index, mapped by RFC 9496's
// from_uniform_bytes, so nobody knows a discrete-log relation between any two of them. Index i of an
// aggregated proof is bit i % n of value i / n. Invariant: the layout of `bases(cap)` is interleaved,
//   [B, B_blinding, G_0, H_0, G_1, H_1, ..., G_{cap-1}, H_{cap-1}],
// so the bases of a smaller proof are a prefix of those of a larger one.
// References: Bünz et al., "Bulletproofs", IEEE S&P 2018 (ePrint 2017/1066), sec. 4.1 and 4.3.
#pragma once

#include <cstddef>
#include <span>

#include "zkc/commit/ristretto255.hpp"

namespace zkc::commit {

class BulletproofGens {
 public:
  static constexpr std::size_t kMaxGenerators = 4096;  // n * m <= 64 * 64

  static constexpr std::size_t b_index() { return 0; }
  static constexpr std::size_t b_blinding_index() { return 1; }
  static constexpr std::size_t g_index(std::size_t i) { return 2 + 2 * i; }
  static constexpr std::size_t h_index(std::size_t i) { return 3 + 2 * i; }
  static constexpr std::size_t num_bases(std::size_t capacity) { return 2 + 2 * capacity; }

  // The bases for capacity >= `capacity` generators (computed on first use, then cached; the
  // reference stays valid for the life of the process; thread-safe). capacity <= kMaxGenerators.
  static std::span<const RistrettoPoint> bases(std::size_t capacity);
  // Precomputed tables over bases(c) for some c >= capacity (a power of two, at least 64).
  static const FixedBases& tables(std::size_t capacity);
};

}  // namespace zkc::commit
