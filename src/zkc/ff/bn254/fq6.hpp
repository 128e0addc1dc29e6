// Fq6 = Fq2[v]/(v^3 - xi) with xi = 9 + u: the middle floor of the BN254 tower of EIP-197 (the
// layout of @noble/curves, go-ethereum and gnark). Elements are c0 + c1 v + c2 v^2. Also holds the
// Frobenius coefficients of the whole tower, xi^(k (p^j - 1)/6), derived from xi at first use.
// Constant time in the values. References: Karatsuba multiplication and the Chung-Hasan "SQ2"
// squaring (Devegili, O hEigeartaigh, Scott, Dahab, "Multiplication and squaring on
// pairing-friendly fields", ePrint 2006/471, sec. 4); the Frobenius on towers: Beuchat et al.,
// "High-speed software implementation of the optimal ate pairing over BN curves" (ePrint 2010/354),
// sec. 5.2.
#pragma once

#include <array>

#include "zkc/ff/bn254/fq2.hpp"

namespace zkc::ff::bn254 {

namespace detail {

// gamma[j][k] = xi^(k (p^j - 1) / 6) for j = 0..11, k = 0..5. Then w^(k p^j) = gamma[j][k] w^k in
// Fq12 = Fq2[w]/(w^6 - xi), which is what every Frobenius map in the tower needs.
struct TowerFrobenius {
  std::array<std::array<Fq2, 6>, 12> gamma;

  static TowerFrobenius compute() {
    TowerFrobenius t;
    // g = xi^((p-1)/6); (p-1)/6 is exact since p = 1 mod 6.
    U256 e = Fq::kModulus - U256::from_u64(1);
    e.divmod_small(6);
    const Fq2 g = kXi.pow(e);
    // xi^((p^(j+1) - 1)/6) = (xi^((p^j - 1)/6))^p * xi^((p-1)/6), and x^p is conjugation on Fq2.
    Fq2 gj = Fq2::one();
    for (std::size_t j = 0; j < 12; ++j) {
      Fq2 acc = Fq2::one();
      for (std::size_t k = 0; k < 6; ++k) {
        t.gamma[j][k] = acc;
        acc = acc * gj;
      }
      gj = gj.frobenius() * g;
    }
    return t;
  }
};

inline const TowerFrobenius& tower_frobenius() {
  static const TowerFrobenius t = TowerFrobenius::compute();
  return t;
}

}  // namespace detail

// xi^(k (p^power - 1)/6) for power in [0, 12) and k in [0, 6): w^(k p^power) = this * w^k.
inline const Fq2& tower_frobenius_coeff(unsigned power, unsigned k) {
  return detail::tower_frobenius().gamma[power % 12][k];
}

// x -> x^(p^power) on Fq2: conjugation for odd powers, identity for even ones.
constexpr Fq2 fq2_frobenius_map(const Fq2& a, unsigned power) { return (power & 1) ? a.conjugate() : a; }

class Fq6 {
 public:
  Fq2 c0, c1, c2;

  constexpr Fq6() = default;
  constexpr Fq6(const Fq2& a0, const Fq2& a1, const Fq2& a2) : c0(a0), c1(a1), c2(a2) {}

  static constexpr Fq6 zero() { return {}; }
  static constexpr Fq6 one() { return {Fq2::one(), Fq2::zero(), Fq2::zero()}; }
  static Fq6 random() { return {Fq2::random(), Fq2::random(), Fq2::random()}; }

  // No short-circuit: the comparisons read every coefficient (constant time).
  constexpr bool is_zero() const {
    return (unsigned{c0.is_zero()} & unsigned{c1.is_zero()} & unsigned{c2.is_zero()}) != 0;
  }
  constexpr bool is_one() const {
    return (unsigned{c0.is_one()} & unsigned{c1.is_zero()} & unsigned{c2.is_zero()}) != 0;
  }
  friend constexpr bool operator==(const Fq6& a, const Fq6& b) {
    return (unsigned{a.c0 == b.c0} & unsigned{a.c1 == b.c1} & unsigned{a.c2 == b.c2}) != 0;
  }

  friend constexpr Fq6 operator+(const Fq6& a, const Fq6& b) {
    return {a.c0 + b.c0, a.c1 + b.c1, a.c2 + b.c2};
  }
  friend constexpr Fq6 operator-(const Fq6& a, const Fq6& b) {
    return {a.c0 - b.c0, a.c1 - b.c1, a.c2 - b.c2};
  }
  constexpr Fq6 operator-() const { return {-c0, -c1, -c2}; }
  constexpr Fq6 dbl() const { return {c0.dbl(), c1.dbl(), c2.dbl()}; }

  // Karatsuba (ePrint 2006/471, sec. 4), 6 Fq2 multiplications:
  //   v_i = a_i b_i
  //   c0 = v0 + xi ((a1 + a2)(b1 + b2) - v1 - v2)
  //   c1 = (a0 + a1)(b0 + b1) - v0 - v1 + xi v2
  //   c2 = (a0 + a2)(b0 + b2) - v0 - v2 + v1
  friend constexpr Fq6 operator*(const Fq6& a, const Fq6& b) {
    const Fq2 v0 = a.c0 * b.c0, v1 = a.c1 * b.c1, v2 = a.c2 * b.c2;
    return {v0 + mul_by_xi((a.c1 + a.c2) * (b.c1 + b.c2) - v1 - v2),
            (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1 + mul_by_xi(v2),
            (a.c0 + a.c2) * (b.c0 + b.c2) - v0 - v2 + v1};
  }
  // Multiplication by an element of Fq2 (the constant coefficient).
  friend constexpr Fq6 operator*(const Fq6& a, const Fq2& s) { return {a.c0 * s, a.c1 * s, a.c2 * s}; }
  Fq6& operator+=(const Fq6& b) { return *this = *this + b; }
  Fq6& operator-=(const Fq6& b) { return *this = *this - b; }
  Fq6& operator*=(const Fq6& b) { return *this = *this * b; }

  // Chung-Hasan SQ2 (ePrint 2006/471, sec. 4), 2 multiplications and 3 squarings in Fq2:
  //   s0 = a0^2, s1 = 2 a0 a1, s2 = (a0 - a1 + a2)^2, s3 = 2 a1 a2, s4 = a2^2
  //   c0 = s0 + xi s3, c1 = s1 + xi s4, c2 = s1 + s2 + s3 - s0 - s4
  constexpr Fq6 square() const {
    const Fq2 s0 = c0.square(), s1 = (c0 * c1).dbl(), s2 = (c0 - c1 + c2).square(), s3 = (c1 * c2).dbl(),
              s4 = c2.square();
    return {s0 + mul_by_xi(s3), s1 + mul_by_xi(s4), s1 + s2 + s3 - s0 - s4};
  }

  // Multiplication by v: (c0 + c1 v + c2 v^2) v = xi c2 + c0 v + c1 v^2.
  constexpr Fq6 mul_by_v() const { return {mul_by_xi(c2), c0, c1}; }

  // Multiplication by the sparse b0 + b1 v (5 Fq2 multiplications):
  //   c0 = a0 b0 + xi a2 b1, c1 = (a0 + a1)(b0 + b1) - a0 b0 - a1 b1, c2 = a1 b1 + a2 b0.
  constexpr Fq6 mul_by_01(const Fq2& b0, const Fq2& b1) const {
    const Fq2 v0 = c0 * b0, v1 = c1 * b1;
    return {v0 + mul_by_xi(c2 * b1), (c0 + c1) * (b0 + b1) - v0 - v1, v1 + c2 * b0};
  }

  // 1/a = (t0 + t1 v + t2 v^2) / n with t0 = a0^2 - xi a1 a2, t1 = xi a2^2 - a0 a1,
  // t2 = a1^2 - a0 a2, n = a0 t0 + xi (a2 t1 + a1 t2) in Fq2 (Beuchat et al., Algorithm 17).
  // The inverse of zero is zero.
  constexpr Fq6 inverse() const {
    const Fq2 t0 = c0.square() - mul_by_xi(c1 * c2);
    const Fq2 t1 = mul_by_xi(c2.square()) - c0 * c1;
    const Fq2 t2 = c1.square() - c0 * c2;
    const Fq2 n_inv = (c0 * t0 + mul_by_xi(c2 * t1 + c1 * t2)).inverse();
    return {t0 * n_inv, t1 * n_inv, t2 * n_inv};
  }

  // x -> x^(p^power): coefficient c_i of v^i = w^(2i) maps to frob(c_i) xi^(2i (p^power - 1)/6).
  Fq6 frobenius_map(unsigned power) const {
    return {fq2_frobenius_map(c0, power), fq2_frobenius_map(c1, power) * tower_frobenius_coeff(power, 2),
            fq2_frobenius_map(c2, power) * tower_frobenius_coeff(power, 4)};
  }

  constexpr void cmov(const Fq6& a, bool cond) {
    c0.cmov(a.c0, cond);
    c1.cmov(a.c1, cond);
    c2.cmov(a.c2, cond);
  }
};

}  // namespace zkc::ff::bn254
