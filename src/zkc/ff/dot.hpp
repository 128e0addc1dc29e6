// Sums of products over a prime field Fp<Config>, dot(a, b) = sum a_k b_k, with one Montgomery
// reduction per chunk of up to kDotChunk<Cfg> products (lazy reduction) when p < 2^254 (BN254 Fr and
// Fq: 22 products); for larger moduli the plain sum of Montgomery products.
// Invariant: the result is the same field element as the naive sum of products, for every length;
// constant time in the values (the sequence of operations depends on the length only).
// References: Aranha, Karabina, Longa, Gebotys, Lopez, "Faster explicit formulas for computing
// pairings over ordinary curves", EUROCRYPT 2011, sec. 3 (lazy reduction); Montgomery, "Modular
// multiplication without trial division", Math. Comp. 1985 (REDC).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "zkc/base/result.hpp"
#include "zkc/ff/fp.hpp"

namespace zkc::ff {

namespace detail {

// Whether Fp<Cfg> takes the lazy sum (4p must fit in 256 bits).
template <class Cfg>
inline constexpr bool kLazyDot = Cfg::kModulus.limb[3] >> 62 == 0;

// The lazy sum of one chunk, for Fp<Cfg> with p < 2^254. On Montgomery forms aR, bR the
// double-width sum is T = R^2 sum a b < n p^2; REDC gives T / R mod p, below T/R + p. With
// rho = p / R that bound is (n rho + 1) p, below 2^256 (and so below 8p) while
// n rho^2 + rho < 1: kMaxLength is the largest such n, from the top limb (rho < (p_3 + 1) / 2^64).
// The result is then brought below p by subtracting 4p, 2p and p where they fit.
template <class Cfg>
struct LazyDot {
  using u64 = std::uint64_t;
  using u128 = unsigned __int128;
  using F = Fp<Cfg>;
  static constexpr auto& kP = Cfg::kModulus.limb;
  static_assert(kP[3] >> 62 == 0, "lazy reduction needs 4p < 2^256");

  // The largest n with n q^2 + q 2^64 <= 2^128, q = p_3 + 1 (so n rho^2 + rho < 1).
  static constexpr std::size_t max_length() {
    const u128 q = u128{kP[3]} + 1;
    return static_cast<std::size_t>((((u128{1} << 64) - q) << 64) / (q * q));
  }
  static constexpr std::size_t kMaxLength = max_length();
  static_assert(kMaxLength >= 2);

  // -p^{-1} mod 2^64 (Newton's iteration x <- x (2 - p x) doubles the correct low bits).
  static constexpr u64 neg_inv() {
    u64 x = 1;
    for (int i = 0; i < 7; ++i) x *= 2 - kP[0] * x;
    return 0 - x;
  }
  static constexpr u64 kNegInv = neg_inv();

  static constexpr std::array<u64, 4> shl_modulus(unsigned s) {  // p << s, s in {1, 2}
    return {kP[0] << s, (kP[1] << s) | (kP[0] >> (64 - s)), (kP[2] << s) | (kP[1] >> (64 - s)),
            (kP[3] << s) | (kP[2] >> (64 - s))};
  }
  static constexpr std::array<u64, 4> kP4 = shl_modulus(2), kP2 = shl_modulus(1);

  // x -= m when x >= m, constant time.
  [[gnu::always_inline]] static void sub_if_ge(u64 (&x)[4], const std::array<u64, 4>& m) {
    u64 d[4], borrow = 0;
    for (int i = 0; i < 4; ++i) {
      const u128 s = static_cast<u128>(x[i]) - m[i] - borrow;
      d[i] = static_cast<u64>(s);
      borrow = static_cast<u64>(s >> 64) & 1;
    }
    u64 keep = 0 - borrow;     // all ones when x < m
    __asm__("" : "+r"(keep));  // keeps the select arithmetic (no branch on the value)
    for (int i = 0; i < 4; ++i) x[i] = (x[i] & keep) | (d[i] & ~keep);
  }

  // sum_{k < n} a[k] b[k] for 1 <= n <= kMaxLength.
  [[gnu::always_inline]] static F chunk(const F* a, const F* b, std::size_t n) {
    // Column k of the schoolbook product, summed over the n pairs: col[k] + ovf[k] 2^128.
    u128 col[7] = {};
    u64 ovf[7] = {};
    for (std::size_t k = 0; k < n; ++k) {
      const U256 x = a[k].raw(), y = b[k].raw();
      for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) {
          const u128 p = static_cast<u128>(x.limb[i]) * y.limb[j];
          col[i + j] += p;
          ovf[i + j] += static_cast<u64>(col[i + j] < p);
        }
    }
    // T in nine limbs (T < n p^2 < 2^512, so t[8] = 0 here).
    u64 t[9];
    u128 carry = 0;  // < 2^128: (s >> 64) + top 2^64 with top < 2^64
    for (int k = 0; k < 7; ++k) {
      const u128 s = carry + col[k];
      const u64 top = ovf[k] + static_cast<u64>(s < carry);
      t[k] = static_cast<u64>(s);
      carry = (s >> 64) | (static_cast<u128>(top) << 64);
    }
    t[7] = static_cast<u64>(carry);
    t[8] = static_cast<u64>(carry >> 64);
    // REDC: four times, add m p 2^(64 i) with m making limb i zero.
    for (int i = 0; i < 4; ++i) {
      const u64 m = t[i] * kNegInv;
      u128 c = 0;
      for (int j = 0; j < 4; ++j) {
        c = static_cast<u128>(m) * kP[j] + t[i + j] + static_cast<u64>(c >> 64);
        t[i + j] = static_cast<u64>(c);
      }
      for (int j = i + 4; j < 9; ++j) {
        c = static_cast<u128>(t[j]) + static_cast<u64>(c >> 64);
        t[j] = static_cast<u64>(c);
      }
    }
    u64 v[4] = {t[4], t[5], t[6], t[7]};  // < (n rho + 1) p < 2^256, so t[8] = 0
    sub_if_ge(v, kP4);
    sub_if_ge(v, kP2);
    sub_if_ge(v, kP);
    return F::from_raw(U256{{v[0], v[1], v[2], v[3]}});
  }
};

}  // namespace detail

// Below this length the plain sum of Montgomery products is faster (the reduction's fixed cost
// does not pay for itself).
inline constexpr std::size_t kDotSmall = 4;

// The largest length summed with a single reduction in Fp<Cfg> (0: no lazy sum for this field);
// longer sums go in chunks of it.
template <class Cfg>
inline constexpr std::size_t kDotChunk = [] {
  if constexpr (detail::kLazyDot<Cfg>) {
    return detail::LazyDot<Cfg>::kMaxLength;
  } else {
    return std::size_t{0};
  }
}();

namespace detail {

// The chunked sum for lengths above one chunk (kept out of line: the short sums are the hot ones).
template <class Cfg>
[[gnu::noinline]] Fp<Cfg> dot_chunked(const Fp<Cfg>* a, const Fp<Cfg>* b, std::size_t n) {
  constexpr std::size_t kChunk = LazyDot<Cfg>::kMaxLength;
  Fp<Cfg> acc;
  for (std::size_t o = 0; o < n; o += kChunk)
    acc += LazyDot<Cfg>::chunk(a + o, b + o, std::min(kChunk, n - o));
  return acc;
}

}  // namespace detail

// sum_{k < n} a[k] * b[k] (zero for n = 0). Constant time in the values. Inlined, so that a caller
// that wraps it in a function of its own gets a copy the compiler can specialize (the hot loops).
template <class Cfg>
[[gnu::always_inline]] inline Fp<Cfg> dot(const Fp<Cfg>* a, const Fp<Cfg>* b, std::size_t n) {
  if constexpr (!detail::kLazyDot<Cfg>) {
    Fp<Cfg> acc;
    for (std::size_t k = 0; k < n; ++k) acc += a[k] * b[k];
    return acc;
  } else {
    if (n <= kDotSmall) {
      if (n == 0) return Fp<Cfg>::zero();
      Fp<Cfg> acc = a[0] * b[0];
      for (std::size_t k = 1; k < n; ++k) acc += a[k] * b[k];
      return acc;
    }
    if (n <= detail::LazyDot<Cfg>::kMaxLength) return detail::LazyDot<Cfg>::chunk(a, b, n);
    return detail::dot_chunked(a, b, n);
  }
}

// The same on spans of equal length (asserted).
template <class Cfg>
inline Fp<Cfg> dot(std::span<const Fp<Cfg>> a, std::span<const Fp<Cfg>> b) {
  ZKC_ASSERT(a.size() == b.size());
  return dot(a.data(), b.data(), a.size());
}

}  // namespace zkc::ff
