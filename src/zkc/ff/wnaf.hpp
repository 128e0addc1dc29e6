// Width-w non-adjacent form (wNAF) of a 256-bit integer, the signed-digit recoding behind every
// variable-time exponentiation and scalar multiplication here (curve points, exponentiation by the
// BN parameter, the Miller loop). constexpr, so fixed exponents are recoded at compile time.
// Reference: Hankerson, Menezes, Vanstone, "Guide to Elliptic Curve Cryptography", Algorithm 3.35.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "zkc/ff/u256.hpp"

namespace zkc::ff {

// Digits of v, least significant first: each is 0 or odd in (-2^(w-1), 2^(w-1)), at most one nonzero
// among any w consecutive digits, and v = sum_i d_i 2^i. Requires 2 <= w <= 7 (digits are int8_t),
// v < 2^255 and N large enough (N = bit length of v + 1 always is); otherwise constant evaluation
// fails to compile and a run-time call asserts.
template <std::size_t N>
constexpr std::array<std::int8_t, N> wnaf(U256 v, unsigned w) {
  if (w < 2 || w > 7 || v.bit(255)) {
    if (std::is_constant_evaluated()) throw "wnaf: width must be 2..7 and v < 2^255";
    ZKC_ASSERT(false);
  }
  std::array<std::int8_t, N> d{};
  const u64 mask = (u64{1} << w) - 1, half = u64{1} << (w - 1);
  for (std::size_t i = 0; !v.is_zero(); ++i) {
    if (i >= N) {
      if (std::is_constant_evaluated()) throw "wnaf: too many digits";
      ZKC_ASSERT(false);
    }
    if (v.is_odd()) {
      const u64 m = v.limb[0] & mask;  // v mod 2^w, taken in (-2^(w-1), 2^(w-1))
      if (m >= half) {
        d[i] = static_cast<std::int8_t>(-static_cast<int>((u64{1} << w) - m));
        U256::add(v, v, U256::from_u64((u64{1} << w) - m));
      } else {
        d[i] = static_cast<std::int8_t>(m);
        U256::sub(v, v, U256::from_u64(m));
      }
    }
    v = v.shr(1);
  }
  return d;
}

// The plain NAF (w = 2).
template <std::size_t N>
constexpr std::array<std::int8_t, N> naf(const U256& v) {
  return wnaf<N>(v, 2);
}

}  // namespace zkc::ff
