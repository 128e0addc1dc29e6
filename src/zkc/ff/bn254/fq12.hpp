// Fq12 = Fq6[w]/(w^2 - v): the top of the BN254 tower (EIP-197 / @noble/curves layout), so that
// w^6 = xi and, over Fq2, the basis (c0.c0, c0.c1, c0.c2, c1.c0, c1.c1, c1.c2) is
// (1, w^2, w^4, w, w^3, w^5). Pairing values live in the order-r subgroup of the cyclotomic subgroup
// G_{Phi_12(p)}, where the inverse is the conjugate and squaring has a cheaper formula.
// Constant time in the values; exponents are public. References: Karatsuba and complex squaring
// (Devegili et al., ePrint 2006/471, sec. 3-4); cyclotomic squaring: Granger, Scott, "Faster
// squaring in the cyclotomic subgroup of sixth degree extensions", PKC 2010, sec. 3.2.
#pragma once

#include <array>
#include <cstdint>

#include "zkc/ff/bn254/fq6.hpp"
#include "zkc/ff/wnaf.hpp"

namespace zkc::ff::bn254 {

namespace detail {

// x in width-4 NAF: 14 nonzero digits among 63 (the plain NAF has 24).
inline constexpr unsigned kBnXWindow = 4;
inline constexpr auto kBnXWnaf = ff::wnaf<64>(U256::from_u64(kBnX), kBnXWindow);

// (a + b s)^2 with s^2 = xi: (a^2 + xi b^2) + ((a + b)^2 - a^2 - b^2) s, three Fq2 squarings.
constexpr void fq4_square(Fq2& r0, Fq2& r1, const Fq2& a, const Fq2& b) {
  const Fq2 t0 = a.square(), t1 = b.square();
  r0 = t0 + mul_by_xi(t1);
  r1 = (a + b).square() - t0 - t1;
}

}  // namespace detail

class Fq12 {
 public:
  Fq6 c0, c1;

  constexpr Fq12() = default;
  constexpr Fq12(const Fq6& a0, const Fq6& a1) : c0(a0), c1(a1) {}

  static constexpr Fq12 zero() { return {}; }
  static constexpr Fq12 one() { return {Fq6::one(), Fq6::zero()}; }
  static Fq12 random() { return {Fq6::random(), Fq6::random()}; }

  // No short-circuit: the comparisons read every coefficient (constant time).
  constexpr bool is_zero() const { return (unsigned{c0.is_zero()} & unsigned{c1.is_zero()}) != 0; }
  constexpr bool is_one() const { return (unsigned{c0.is_one()} & unsigned{c1.is_zero()}) != 0; }
  friend constexpr bool operator==(const Fq12& a, const Fq12& b) {
    return (unsigned{a.c0 == b.c0} & unsigned{a.c1 == b.c1}) != 0;
  }

  friend constexpr Fq12 operator+(const Fq12& a, const Fq12& b) { return {a.c0 + b.c0, a.c1 + b.c1}; }
  friend constexpr Fq12 operator-(const Fq12& a, const Fq12& b) { return {a.c0 - b.c0, a.c1 - b.c1}; }
  constexpr Fq12 operator-() const { return {-c0, -c1}; }

  // Karatsuba: (a0 + a1 w)(b0 + b1 w) = (v0 + v1 v) + ((a0 + a1)(b0 + b1) - v0 - v1) w, v_i = a_i b_i.
  friend constexpr Fq12 operator*(const Fq12& a, const Fq12& b) {
    const Fq6 v0 = a.c0 * b.c0, v1 = a.c1 * b.c1;
    return {v0 + v1.mul_by_v(), (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1};
  }
  Fq12& operator+=(const Fq12& b) { return *this = *this + b; }
  Fq12& operator-=(const Fq12& b) { return *this = *this - b; }
  Fq12& operator*=(const Fq12& b) { return *this = *this * b; }

  // Complex squaring: (a0 + a1 w)^2 = ((a0 + a1)(a0 + v a1) - t - v t) + 2 t w with t = a0 a1.
  constexpr Fq12 square() const {
    const Fq6 t = c0 * c1;
    const Fq6 c = (c0 + c1) * (c0 + c1.mul_by_v()) - t - t.mul_by_v();
    return {c, t.dbl()};
  }

  // The conjugate a0 - a1 w = a^(p^6); the inverse for elements of the cyclotomic subgroup.
  constexpr Fq12 conjugate() const { return {c0, -c1}; }

  // 1/(a0 + a1 w) = (a0 - a1 w) / (a0^2 - v a1^2). The inverse of zero is zero.
  constexpr Fq12 inverse() const {
    const Fq6 n_inv = (c0.square() - c1.square().mul_by_v()).inverse();
    return {c0 * n_inv, -(c1 * n_inv)};
  }

  // x -> x^(p^power): the coefficient b_k of w^k maps to frob(b_k) xi^(k (p^power - 1)/6).
  Fq12 frobenius_map(unsigned power) const {
    return {c0.frobenius_map(power),
            {fq2_frobenius_map(c1.c0, power) * tower_frobenius_coeff(power, 1),
             fq2_frobenius_map(c1.c1, power) * tower_frobenius_coeff(power, 3),
             fq2_frobenius_map(c1.c2, power) * tower_frobenius_coeff(power, 5)}};
  }

  // Multiplication by the sparse element d0 + d3 w + d4 w^3, i.e. (d0, 0, 0) + (d3, d4, 0) w: the
  // shape of a line function on the D-type twist (pairing/miller_loop.cpp). 13 Fq2 multiplications:
  //   t0 = a0 (d0, 0, 0), t1 = a1 (d3, d4, 0),
  //   c0 = t0 + v t1, c1 = (a0 + a1)(d0 + d3, d4, 0) - t0 - t1.
  constexpr Fq12 mul_by_034(const Fq2& d0, const Fq2& d3, const Fq2& d4) const {
    const Fq6 t0 = c0 * d0;
    const Fq6 t1 = c1.mul_by_01(d3, d4);
    return {t0 + t1.mul_by_v(), (c0 + c1).mul_by_01(d0 + d3, d4) - t0 - t1};
  }

  // Squaring in the cyclotomic subgroup (Granger-Scott, PKC 2010, sec. 3.2). View Fq12 as
  // Fq4[w]/(w^3 - s) with Fq4 = Fq2[s]/(s^2 - xi), s = w^3, and a = A0 + A1 w + A2 w^2 with
  // A0 = (c0.c0, c1.c1), A1 = (c1.c0, c0.c2), A2 = (c0.c1, c1.c2). Then
  //   a^2 = (3 A0^2 - 2 conj(A0)) + (3 s A2^2 + 2 conj(A1)) w + (3 A1^2 - 2 conj(A2)) w^2,
  // conj(x + y s) = x - y s. Precondition: a^(p^6 + 1) = 1 and a^(p^4 - p^2 + 1) = 1 (for instance
  // the output of the easy part of the final exponentiation); otherwise the result is meaningless.
  constexpr Fq12 cyclotomic_square() const {
    Fq2 t00, t01, t10, t11, t20, t21;
    detail::fq4_square(t00, t01, c0.c0, c1.c1);  // A0^2
    detail::fq4_square(t10, t11, c1.c0, c0.c2);  // A1^2
    detail::fq4_square(t20, t21, c0.c1, c1.c2);  // A2^2
    Fq12 r;
    // A0: 3 (t00 + t01 s) - 2 (c0.c0 - c1.c1 s)
    r.c0.c0 = (t00 - c0.c0).dbl() + t00;
    r.c1.c1 = (t01 + c1.c1).dbl() + t01;
    // A1: 3 s A2^2 + 2 conj(A1), s A2^2 = xi t21 + t20 s
    const Fq2 xt21 = mul_by_xi(t21);
    r.c1.c0 = (xt21 + c1.c0).dbl() + xt21;
    r.c0.c2 = (t20 - c0.c2).dbl() + t20;
    // A2: 3 A1^2 - 2 conj(A2)
    r.c0.c1 = (t10 - c0.c1).dbl() + t10;
    r.c1.c2 = (t11 + c1.c2).dbl() + t11;
    return r;
  }

  // a^x for the BN parameter x, by its width-4 NAF over the table a, a^3, a^5, a^7 (negative digits
  // use the conjugate as inverse): 63 cyclotomic squarings and 16 multiplications.
  // Same precondition as cyclotomic_square.
  constexpr Fq12 cyclotomic_exp_by_x() const {
    const auto& d = detail::kBnXWnaf;
    std::array<Fq12, std::size_t{1} << (detail::kBnXWindow - 2)> odd;  // odd[i] = a^(2i + 1)
    odd[0] = *this;
    const Fq12 a2 = cyclotomic_square();
    for (std::size_t i = 1; i < odd.size(); ++i) odd[i] = odd[i - 1] * a2;
    std::size_t top = d.size() - 1;
    while (d[top] == 0) --top;
    Fq12 r = odd[static_cast<std::size_t>(d[top] / 2)];  // the top digit is positive
    for (std::size_t i = top; i-- > 0;) {
      r = r.cyclotomic_square();
      if (d[i] > 0) r = r * odd[static_cast<std::size_t>(d[i] / 2)];
      if (d[i] < 0) r = r * odd[static_cast<std::size_t>(-d[i] / 2)].conjugate();
    }
    return r;
  }

  // a^e for a public exponent e, by plain square-and-multiply (any element).
  constexpr Fq12 pow(const U256& e) const {
    Fq12 r = one();
    for (int i = static_cast<int>(e.num_bits()) - 1; i >= 0; --i) {
      r = r.square();
      if (e.bit(static_cast<unsigned>(i))) r = r * *this;
    }
    return r;
  }

  constexpr void cmov(const Fq12& a, bool cond) {
    c0.cmov(a.c0, cond);
    c1.cmov(a.c1, cond);
  }
};

}  // namespace zkc::ff::bn254
