// Fp2<F> = F[u]/(u^2 + 1), the quadratic extension of a prime field F with p = 3 mod 4 (so -1 is
// a non-square). Elements are c0 + c1*u. For BN254 this is EIP-197's Fq2 (bn254/fq2.hpp).
// Constant time unless named `_vartime`. References: Karatsuba multiplication and complex squaring
// (Devegili, O hEigeartaigh, Scott, Dahab, ePrint 2006/471 sec. 3); square root: Adj and
// Rodriguez-Henriquez, "Square root computation over even extension fields" (2012), Algorithm 9.
#pragma once

#include <optional>

#include "zkc/ff/fp.hpp"

namespace zkc::ff {

template <class F>
class Fp2 {
 public:
  using Base = F;
  static_assert(F::kTwoAdicity == 1, "Fp2 = F[u]/(u^2+1) needs p = 3 mod 4");

  F c0, c1;

  constexpr Fp2() = default;
  constexpr Fp2(const F& a0, const F& a1) : c0(a0), c1(a1) {}

  static constexpr Fp2 zero() { return {}; }
  static constexpr Fp2 one() { return {F::one(), F::zero()}; }
  static Fp2 random() { return {F::random(), F::random()}; }

  // Both halves are always evaluated (no short circuit): constant time.
  constexpr bool is_zero() const {
    const bool z0 = c0.is_zero(), z1 = c1.is_zero();
    return z0 & z1;
  }
  constexpr bool is_one() const {
    const bool o0 = c0.is_one(), z1 = c1.is_zero();
    return o0 & z1;
  }
  friend constexpr bool operator==(const Fp2& a, const Fp2& b) {
    const bool e0 = a.c0 == b.c0, e1 = a.c1 == b.c1;
    return e0 & e1;
  }

  friend constexpr Fp2 operator+(const Fp2& a, const Fp2& b) { return {a.c0 + b.c0, a.c1 + b.c1}; }
  friend constexpr Fp2 operator-(const Fp2& a, const Fp2& b) { return {a.c0 - b.c0, a.c1 - b.c1}; }
  constexpr Fp2 operator-() const { return {-c0, -c1}; }
  // (a0 + a1 u)(b0 + b1 u) = (a0 b0 - a1 b1) + ((a0 + a1)(b0 + b1) - a0 b0 - a1 b1) u   [Karatsuba]
  friend constexpr Fp2 operator*(const Fp2& a, const Fp2& b) {
    const F v0 = a.c0 * b.c0;
    const F v1 = a.c1 * b.c1;
    return {v0 - v1, (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1};
  }
  friend constexpr Fp2 operator*(const Fp2& a, const F& s) { return {a.c0 * s, a.c1 * s}; }
  Fp2& operator+=(const Fp2& b) { return *this = *this + b; }
  Fp2& operator-=(const Fp2& b) { return *this = *this - b; }
  Fp2& operator*=(const Fp2& b) { return *this = *this * b; }

  constexpr Fp2 dbl() const { return {c0.dbl(), c1.dbl()}; }
  // (a0 + a1 u)^2 = (a0 + a1)(a0 - a1) + 2 a0 a1 u   [complex squaring]
  constexpr Fp2 square() const { return {(c0 + c1) * (c0 - c1), (c0 * c1).dbl()}; }
  constexpr Fp2 conjugate() const { return {c0, -c1}; }
  // The Frobenius map x -> x^p is conjugation in this extension.
  constexpr Fp2 frobenius() const { return conjugate(); }
  // Norm to F: a0^2 + a1^2.
  constexpr F norm() const { return c0.square() + c1.square(); }
  // 1 / (a0 + a1 u) = (a0 - a1 u) / (a0^2 + a1^2); zero maps to zero.
  constexpr Fp2 inverse() const {
    const F t = norm().inverse();
    return {c0 * t, -(c1 * t)};
  }
  Fp2 inverse_vartime() const {
    const F t = norm().inverse_vartime();
    return {c0 * t, -(c1 * t)};
  }

  // a^e for a public exponent e.
  constexpr Fp2 pow(const U256& e) const {
    Fp2 r = one();
    for (int i = static_cast<int>(e.num_bits()) - 1; i >= 0; --i) {
      r = r.square();
      if (e.bit(static_cast<unsigned>(i))) r = r * *this;
    }
    return r;
  }

  // 1 for a nonzero square, -1 for a non-square, 0 for zero: the Legendre symbol of the norm.
  int legendre() const { return norm().legendre(); }

  // A square root, or nullopt for a non-square (Adj, Rodriguez-Henriquez, Algorithm 9). Constant time.
  std::optional<Fp2> sqrt() const {
    constexpr U256 p = F::kModulus;
    const Fp2 a1 = pow((p - U256::from_u64(3)).shr(2));  // a^((p-3)/4)
    const Fp2 alpha = a1.square() * *this;                // a^((p-1)/2)
    const Fp2 x0 = a1 * *this;                            // a^((p+1)/4)
    const Fp2 minus_one = -one();
    // alpha = -1: x = u * x0 ; otherwise x = (1 + alpha)^((p-1)/2) * x0
    const Fp2 x_u{-x0.c1, x0.c0};
    const Fp2 x_b = (one() + alpha).pow((p - U256::from_u64(1)).shr(1)) * x0;
    Fp2 x = x_b;
    x.cmov(x_u, alpha == minus_one);
    if (!(x.square() == *this)) return std::nullopt;
    return x;
  }

  // RFC 9380 sgn0 for m = 2: sign of c0, or of c1 when c0 is zero.
  bool sgn0() const {
    const bool s0 = c0.sgn0(), z0 = c0.is_zero(), s1 = c1.sgn0();
    return s0 | (z0 & s1);
  }

  constexpr void cmov(const Fp2& a, bool cond) {
    c0.cmov(a.c0, cond);
    c1.cmov(a.c1, cond);
  }
};

}  // namespace zkc::ff
