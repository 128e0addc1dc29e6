// Eight BN254-style field elements at once in radix 2^52 with AVX-512 IFMA, for the NTT kernels.
// Invariants: a Vec holds limb j of eight elements in l[j] (value = sum l[j] 2^(52 j)); limbs are
// normalized (< 2^52) unless a function says "lazy limbs" (non-negative, below 2^62, carries not yet
// propagated); values lie in [0, 2p) unless stated; elements stay in the
// field's Montgomery form x 2^256, and constants multiplied into them are in "M-form" c 2^260 mod p,
// so that mul(x 2^256, c 2^260) = x c 2^256. Requires p < 2^254. Constant time in the values.
// References: Gueron and Krasnov, "Accelerating big integer arithmetic using Intel IFMA extensions",
// ARITH 2016 (radix-2^52 word-by-word Montgomery with VPMADD52LUQ/HUQ); Montgomery, Math. Comp. 44
// (1985); D. Harvey, "Faster arithmetic for number-theoretic transforms", JSC 60 (2014) (lazy [0, 2p)).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "zkc/ff/fp.hpp"

#if defined(__AVX512F__) && defined(__AVX512DQ__) && defined(__AVX512IFMA__) && defined(__AVX512VBMI2__)
#define ZKC_POLY_HAVE_IFMA 1
#include <immintrin.h>
#else
#define ZKC_POLY_HAVE_IFMA 0
#endif

namespace zkc::poly::internal {

using ff::u64;

constexpr u64 kMask52 = (u64{1} << 52) - 1;

// v as five 52-bit limbs, least significant first.
constexpr std::array<u64, 5> to_radix52(const ff::U256& v) {
  return {v.limb[0] & kMask52, ((v.limb[0] >> 52) | (v.limb[1] << 12)) & kMask52,
          ((v.limb[1] >> 40) | (v.limb[2] << 24)) & kMask52,
          ((v.limb[2] >> 28) | (v.limb[3] << 36)) & kMask52, v.limb[3] >> 16};
}

// The M-form c 2^260 mod p of the element c (given in Montgomery form c 2^256): times 16.
template <class F>
std::array<u64, 5> m_form(const F& c) {
  return to_radix52((c * F::from_u64(16)).raw());
}

#if ZKC_POLY_HAVE_IFMA

template <class Cfg>
struct Radix52x8 {
  static_assert(Cfg::kModulus.limb[3] < (u64{1} << 62), "the lazy bounds need p < 2^254");
  using F = ff::Fp<Cfg>;

  struct Vec {
    __m512i l[5];
  };

  static constexpr std::array<u64, 5> kP = to_radix52(Cfg::kModulus);
  static constexpr std::array<u64, 5> kTwoP = to_radix52(Cfg::kModulus + Cfg::kModulus);
  static constexpr u64 kPInv = ff::detail::MontConstants<Cfg>::kInv & kMask52;  // -p^-1 mod 2^52

  static __m512i set1(u64 v) { return _mm512_set1_epi64(static_cast<long long>(v)); }

  // The same M-form constant (five limbs) in all lanes.
  static Vec broadcast(const std::array<u64, 5>& c) {
    return Vec{{set1(c[0]), set1(c[1]), set1(c[2]), set1(c[3]), set1(c[4])}};
  }
  // Lane i from limb plane j at index idx_i: planes[j * plane_len + idx_i].
  static Vec gather(const u64* planes, std::size_t plane_len, __m512i idx) {
    Vec r;
    for (int j = 0; j < 5; ++j)
      r.l[j] = _mm512_i64gather_epi64(idx, reinterpret_cast<const long long*>(planes + j * plane_len), 8);
    return r;
  }
  // All lanes from index i of the planes.
  static Vec broadcast(const u64* planes, std::size_t plane_len, std::size_t i) {
    Vec r;
    for (int j = 0; j < 5; ++j) r.l[j] = set1(planes[j * plane_len + i]);
    return r;
  }

  // Eight elements at base[0], base[stride], ..., base[7 stride] (64-bit words a, b, c, d each):
  // transpose to four vectors of words, then cut 4 x 64 bits into 5 x 52.
  static Vec load(const F* base, std::size_t stride) {
    __m256i e[8];
    for (int i = 0; i < 8; ++i)
      e[i] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(base + i * stride));
    const __m512i z0 = _mm512_inserti64x4(_mm512_castsi256_si512(e[0]), e[4], 1);  // e0 | e4
    const __m512i z1 = _mm512_inserti64x4(_mm512_castsi256_si512(e[1]), e[5], 1);
    const __m512i z2 = _mm512_inserti64x4(_mm512_castsi256_si512(e[2]), e[6], 1);
    const __m512i z3 = _mm512_inserti64x4(_mm512_castsi256_si512(e[3]), e[7], 1);
    const __m512i u0 = _mm512_unpacklo_epi64(z0, z1);  // e0a e1a e0c e1c e4a e5a e4c e5c
    const __m512i u1 = _mm512_unpackhi_epi64(z0, z1);  // e0b e1b e0d e1d e4b e5b e4d e5d
    const __m512i u2 = _mm512_unpacklo_epi64(z2, z3);  // e2a e3a e2c e3c e6a e7a e6c e7c
    const __m512i u3 = _mm512_unpackhi_epi64(z2, z3);
    const __m512i even = _mm512_setr_epi64(0, 1, 8, 9, 4, 5, 12, 13);
    const __m512i odd = _mm512_setr_epi64(2, 3, 10, 11, 6, 7, 14, 15);
    const __m512i a = _mm512_permutex2var_epi64(u0, even, u2);
    const __m512i b = _mm512_permutex2var_epi64(u1, even, u3);
    const __m512i c = _mm512_permutex2var_epi64(u0, odd, u2);
    const __m512i d = _mm512_permutex2var_epi64(u1, odd, u3);
    const __m512i m = set1(kMask52);
    return Vec{{_mm512_and_si512(a, m), _mm512_and_si512(_mm512_shrdi_epi64(a, b, 52), m),
                _mm512_and_si512(_mm512_shrdi_epi64(b, c, 40), m),
                _mm512_and_si512(_mm512_shrdi_epi64(c, d, 28), m), _mm512_srli_epi64(d, 16)}};
  }

  // The inverse of load, for normalized values below 2^256.
  static void store(F* base, std::size_t stride, const Vec& v) {
    const __m512i a = _mm512_or_si512(v.l[0], _mm512_slli_epi64(v.l[1], 52));
    const __m512i b = _mm512_or_si512(_mm512_srli_epi64(v.l[1], 12), _mm512_slli_epi64(v.l[2], 40));
    const __m512i c = _mm512_or_si512(_mm512_srli_epi64(v.l[2], 24), _mm512_slli_epi64(v.l[3], 28));
    const __m512i d = _mm512_or_si512(_mm512_srli_epi64(v.l[3], 36), _mm512_slli_epi64(v.l[4], 16));
    const __m512i even = _mm512_setr_epi64(0, 1, 8, 9, 4, 5, 12, 13);
    const __m512i odd = _mm512_setr_epi64(2, 3, 10, 11, 6, 7, 14, 15);
    const __m512i u0 = _mm512_permutex2var_epi64(a, even, c);  // e0a e1a e0c e1c e4a e5a e4c e5c
    const __m512i u2 = _mm512_permutex2var_epi64(a, odd, c);
    const __m512i u1 = _mm512_permutex2var_epi64(b, even, d);
    const __m512i u3 = _mm512_permutex2var_epi64(b, odd, d);
    const __m512i z[4] = {_mm512_unpacklo_epi64(u0, u1), _mm512_unpackhi_epi64(u0, u1),
                          _mm512_unpacklo_epi64(u2, u3), _mm512_unpackhi_epi64(u2, u3)};  // e_i | e_i+4
    for (int i = 0; i < 4; ++i) {
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(base + i * stride), _mm512_castsi512_si256(z[i]));
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(base + (i + 4) * stride),
                          _mm512_extracti64x4_epi64(z[i], 1));
    }
  }

  // Carries limb j's bits above 52 into limb j + 1 (arithmetic shift: limbs may be negative). Accepts
  // limbs of magnitude below 2^62 ("lazy" limbs); the result has limbs below 2^52 except the top one.
  static void normalize(Vec& v) {
    const __m512i m = set1(kMask52);
    for (int j = 0; j < 4; ++j) {
      v.l[j + 1] = _mm512_add_epi64(v.l[j + 1], _mm512_srai_epi64(v.l[j], 52));
      v.l[j] = _mm512_and_si512(v.l[j], m);
    }
  }
  static Vec normalized(Vec v) {
    normalize(v);
    return v;
  }

  // v - c if that is not negative, else v, for v < 2c; normalized if v is.
  static Vec sub_if_not_less(const Vec& v, const std::array<u64, 5>& c) {
    Vec t;
    for (int j = 0; j < 5; ++j) t.l[j] = _mm512_sub_epi64(v.l[j], set1(c[j]));
    normalize(t);
    const __mmask8 negative = _mm512_movepi64_mask(t.l[4]);
    for (int j = 0; j < 5; ++j) t.l[j] = _mm512_mask_blend_epi64(negative, t.l[j], v.l[j]);
    return t;
  }

  // [0, 2p) -> [0, p); normalized input and output.
  static Vec reduce(const Vec& v) { return sub_if_not_less(v, kP); }

  // p - v in the lanes of `mask`, v elsewhere; for normalized v in (0, p].
  static Vec negate_where(const Vec& v, __mmask8 mask) {
    Vec t;
    for (int j = 0; j < 5; ++j) t.l[j] = _mm512_sub_epi64(set1(kP[j]), v.l[j]);
    normalize(t);
    for (int j = 0; j < 5; ++j) t.l[j] = _mm512_mask_blend_epi64(mask, v.l[j], t.l[j]);
    return t;
  }

  // (x + y mod 2p, x - y + 2p) for x, y in [0, 2p) with lazy limbs: the first in [0, 2p) with lazy
  // limbs (x + y itself when below 2p), the second in (0, 4p) and normalized (a multiplier input).
  static void add_sub(Vec& sum, Vec& diff, const Vec& x, const Vec& y) {
    Vec s, d;
    for (int j = 0; j < 5; ++j) {
      s.l[j] = _mm512_add_epi64(x.l[j], y.l[j]);
      d.l[j] = _mm512_add_epi64(_mm512_sub_epi64(x.l[j], y.l[j]), set1(kTwoP[j]));
    }
    normalize(d);
    sum = sub_if_not_less(s, kTwoP);
    diff = d;
  }

  // a b / 2^260 mod p, in [0, 2p) with lazy limbs (below 2^58), for normalized a, b < 2^256 with
  // a b < p 2^260 (e.g. a < 4p, b < 2p; the result is below a b / 2^260 + p).
  // Word-by-word Montgomery over b's limbs: t += a b_i; m = t_0 (-p^-1) mod 2^52; t = (t + m p) / 2^52.
  // Each 64-bit accumulator gathers at most 24 terms below 2^52 before it is shifted out: no overflow.
  static Vec mul_lazy(const Vec& a, const Vec& b) {
    const __m512i zero = _mm512_setzero_si512();
    const __m512i pinv = set1(kPInv);
    const __m512i p[5] = {set1(kP[0]), set1(kP[1]), set1(kP[2]), set1(kP[3]), set1(kP[4])};
    __m512i t[6] = {zero, zero, zero, zero, zero, zero};
    for (int i = 0; i < 5; ++i) {
      const __m512i bi = b.l[i];
      t[5] = zero;
      for (int j = 0; j < 5; ++j) {
        t[j] = _mm512_madd52lo_epu64(t[j], a.l[j], bi);
        t[j + 1] = _mm512_madd52hi_epu64(t[j + 1], a.l[j], bi);
      }
      const __m512i m = _mm512_madd52lo_epu64(zero, t[0], pinv);
      for (int j = 0; j < 5; ++j) {
        t[j] = _mm512_madd52lo_epu64(t[j], m, p[j]);
        t[j + 1] = _mm512_madd52hi_epu64(t[j + 1], m, p[j]);
      }
      // t_0 is now 0 mod 2^52: shift one limb down, keeping its carry.
      t[1] = _mm512_add_epi64(t[1], _mm512_srli_epi64(t[0], 52));
      for (int j = 0; j < 5; ++j) t[j] = t[j + 1];
    }
    return Vec{{t[0], t[1], t[2], t[3], t[4]}};
  }
  static Vec mul(const Vec& a, const Vec& b) { return normalized(mul_lazy(a, b)); }
};

#endif  // ZKC_POLY_HAVE_IFMA

}  // namespace zkc::poly::internal
