// Points of a short-Weierstrass curve y^2 = x^3 + b (a = 0) over a field F, generic over a curve
// configuration Cfg { using Field; using Scalar; static Field b(); static Affine generator(); }.
// Representations live in the type: Affine (x, y; the point at infinity is (0, 0), which is not on
// the curve since b != 0, so an affine point is exactly two field elements: 64 bytes for BN254 G1, the
// layout of snarkjs's LEM point files) and Jacobian (x = X/Z^2, y = Y/Z^3, infinity iff Z = 0). Constant time unless named `_vartime`.
// Formulas: Explicit-Formulas Database (hyperelliptic.org/EFD), "g1p/auto-shortw-jacobian-0":
// dbl-2009-l, add-2007-bl, madd-2007-bl. Scalar multiplication: fixed 4-bit windows with a
// full-table constant-time lookup (secret scalars); width-5 wNAF (public scalars).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "zkc/base/random.hpp"
#include "zkc/base/result.hpp"
#include "zkc/ff/fp.hpp"
#include "zkc/ff/wnaf.hpp"

namespace zkc::ec {

using ff::U256;

template <class Cfg>
struct Jacobian;

template <class Cfg>
struct Affine {
  using Config = Cfg;
  using Field = typename Cfg::Field;
  using Scalar = typename Cfg::Scalar;

  Field x{}, y{};  // (0, 0): the point at infinity (the default)

  static Affine identity() { return Affine{}; }
  static Affine generator() { return Cfg::generator(); }
  // (x_, y_) as given; (0, 0) is the point at infinity. Decoders check is_on_curve() afterwards and
  // must treat an explicit (0, 0) coordinate pair as their format dictates.
  static Affine from_xy_unchecked(const Field& x_, const Field& y_) { return Affine{x_, y_}; }

  bool is_infinity() const { return x.is_zero() & y.is_zero(); }
  // y^2 = x^3 + b; the point at infinity counts as on the curve.
  bool is_on_curve() const { return is_infinity() || y.square() == x.square() * x + Cfg::b(); }

  Affine operator-() const { return Affine{x, -y}; }  // -(0, 0) = (0, 0)
  // The encoding of every point, infinity included, is unique.
  friend bool operator==(const Affine& p, const Affine& q) { return (p.x == q.x) & (p.y == q.y); }
  void cmov(const Affine& a, bool cond) {
    x.cmov(a.x, cond);
    y.cmov(a.y, cond);
  }

  Jacobian<Cfg> to_jacobian() const {
    Jacobian<Cfg> r{x, y, Field::one()};
    r.cmov(Jacobian<Cfg>::identity(), is_infinity());
    return r;
  }
  // [k]P, constant time in k and P.
  Jacobian<Cfg> mul(const Scalar& k) const { return to_jacobian().mul(k); }
  // [k]P for a public k (wNAF); variable time.
  Jacobian<Cfg> mul_vartime(const Scalar& k) const { return to_jacobian().mul_vartime(k.to_u256()); }
};

template <class Cfg>
struct Jacobian {
  using Config = Cfg;
  using Field = typename Cfg::Field;
  using Scalar = typename Cfg::Scalar;
  using AffinePoint = Affine<Cfg>;

  Field x = Field::one(), y = Field::one(), z{};

  static Jacobian identity() { return Jacobian{}; }
  static Jacobian generator() { return Cfg::generator().to_jacobian(); }
  bool is_infinity() const { return z.is_zero(); }

  // Y^2 = X^3 + b Z^6
  bool is_on_curve() const {
    const Field z2 = z.square();
    const Field z6 = z2.square() * z2;
    return is_infinity() || y.square() == x.square() * x + Cfg::b() * z6;
  }

  Jacobian operator-() const { return Jacobian{x, -y, z}; }

  // Equality of the points represented: X1 Z2^2 = X2 Z1^2 and Y1 Z2^3 = Y2 Z1^3.
  friend bool operator==(const Jacobian& p, const Jacobian& q) {
    if (p.is_infinity() || q.is_infinity()) return p.is_infinity() == q.is_infinity();
    const Field z1z1 = p.z.square(), z2z2 = q.z.square();
    return p.x * z2z2 == q.x * z1z1 && p.y * z2z2 * q.z == q.y * z1z1 * p.z;
  }

  void cmov(const Jacobian& a, bool cond) {
    x.cmov(a.x, cond);
    y.cmov(a.y, cond);
    z.cmov(a.z, cond);
  }

  // dbl-2009-l: 2M + 5S. Doubling the point at infinity gives Z3 = 0 (infinity) unaltered.
  Jacobian dbl() const {
    const Field a = x.square();                        // A = X1^2
    const Field b = y.square();                        // B = Y1^2
    const Field c = b.square();                        // C = B^2
    const Field d = ((x + b).square() - a - c).dbl();  // D = 2((X1 + B)^2 - A - C)
    const Field e = a.dbl() + a;                       // E = 3A
    const Field f = e.square();                        // F = E^2
    Jacobian r;
    r.x = f - d.dbl();                                 // X3 = F - 2D
    r.y = e * (d - r.x) - c.dbl().dbl().dbl();         // Y3 = E(D - X3) - 8C
    r.z = (y * z).dbl();                               // Z3 = 2 Y1 Z1
    return r;
  }

  // Complete addition, constant time: add-2007-bl, with the doubling and the infinity cases selected
  // by conditional moves (P = Q gives H = 0 and r = 0; P = -Q gives H = 0 and so Z3 = 0).
  friend Jacobian operator+(const Jacobian& p, const Jacobian& q) {
    const Field z1z1 = p.z.square();                   // Z1Z1 = Z1^2
    const Field z2z2 = q.z.square();                   // Z2Z2 = Z2^2
    const Field u1 = p.x * z2z2;                       // U1 = X1 Z2Z2
    const Field u2 = q.x * z1z1;                       // U2 = X2 Z1Z1
    const Field s1 = p.y * q.z * z2z2;                 // S1 = Y1 Z2 Z2Z2
    const Field s2 = q.y * p.z * z1z1;                 // S2 = Y2 Z1 Z1Z1
    const Field h = u2 - u1;                           // H = U2 - U1
    const Field i = h.dbl().square();                  // I = (2H)^2
    const Field j = h * i;                             // J = H I
    const Field rr = (s2 - s1).dbl();                  // r = 2(S2 - S1)
    const Field v = u1 * i;                            // V = U1 I
    Jacobian out;
    out.x = rr.square() - j - v.dbl();                 // X3 = r^2 - J - 2V
    out.y = rr * (v - out.x) - (s1 * j).dbl();         // Y3 = r(V - X3) - 2 S1 J
    out.z = ((p.z + q.z).square() - z1z1 - z2z2) * h;  // Z3 = ((Z1 + Z2)^2 - Z1Z1 - Z2Z2) H
    const bool p_inf = p.is_infinity(), q_inf = q.is_infinity();
    const bool h_zero = h.is_zero(), r_zero = rr.is_zero();
    out.cmov(p.dbl(), h_zero & r_zero & !p_inf & !q_inf);
    out.cmov(q, p_inf);
    out.cmov(p, q_inf);
    return out;
  }
  friend Jacobian operator-(const Jacobian& p, const Jacobian& q) { return p + (-q); }
  Jacobian& operator+=(const Jacobian& q) { return *this = *this + q; }

  // add-2007-bl with branches on the special cases; variable time (public points only).
  Jacobian add_vartime(const Jacobian& q) const {
    if (is_infinity()) return q;
    if (q.is_infinity()) return *this;
    const Field z1z1 = z.square(), z2z2 = q.z.square();
    const Field u1 = x * z2z2, u2 = q.x * z1z1;
    const Field s1 = y * q.z * z2z2, s2 = q.y * z * z1z1;
    const Field h = u2 - u1;
    const Field rr = (s2 - s1).dbl();
    if (h.is_zero()) return rr.is_zero() ? dbl() : identity();
    const Field i = h.dbl().square();
    const Field j = h * i;
    const Field v = u1 * i;
    Jacobian out;
    out.x = rr.square() - j - v.dbl();
    out.y = rr * (v - out.x) - (s1 * j).dbl();
    out.z = ((z + q.z).square() - z1z1 - z2z2) * h;
    return out;
  }

  // madd-2007-bl (Z2 = 1): 7M + 4S; variable time in the special cases (public points only).
  Jacobian add_mixed_vartime(const AffinePoint& q) const {
    if (q.is_infinity()) return *this;
    if (is_infinity()) return q.to_jacobian();
    const Field z1z1 = z.square();                     // Z1Z1 = Z1^2
    const Field u2 = q.x * z1z1;                       // U2 = X2 Z1Z1
    const Field s2 = q.y * z * z1z1;                   // S2 = Y2 Z1 Z1Z1
    const Field h = u2 - x;                            // H = U2 - X1
    const Field rr = (s2 - y).dbl();                   // r = 2(S2 - Y1)
    if (h.is_zero()) return rr.is_zero() ? dbl() : identity();
    const Field hh = h.square();                       // HH = H^2
    const Field i = hh.dbl().dbl();                    // I = 4 HH
    const Field j = h * i;                             // J = H I
    const Field v = x * i;                             // V = X1 I
    Jacobian out;
    out.x = rr.square() - j - v.dbl();                 // X3 = r^2 - J - 2V
    out.y = rr * (v - out.x) - (y * j).dbl();          // Y3 = r(V - X3) - 2 Y1 J
    out.z = (z + h).square() - z1z1 - hh;              // Z3 = (Z1 + H)^2 - Z1Z1 - HH
    return out;
  }

  // (X/Z^2, Y/Z^3), constant time.
  AffinePoint to_affine() const {
    const Field zi = z.inverse();
    const Field zi2 = zi.square();
    AffinePoint r{x * zi2, y * zi2 * zi};
    r.cmov(AffinePoint::identity(), is_infinity());
    return r;
  }

  // Converts many points with one field inversion (Montgomery's trick). Variable time.
  static void batch_to_affine_vartime(std::span<const Jacobian> in, std::span<AffinePoint> out) {
    std::vector<Field> zs(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) zs[i] = in[i].z;
    ff::batch_inverse<Field>(zs);
    for (std::size_t i = 0; i < in.size(); ++i) {
      if (in[i].is_infinity()) {
        out[i] = AffinePoint::identity();
        continue;
      }
      const Field zi2 = zs[i].square();
      out[i] = AffinePoint{in[i].x * zi2, in[i].y * zi2 * zs[i]};
    }
  }

  // [k]P, constant time in k and P: 4-bit fixed windows over the 256 bits of the canonical scalar,
  // each table entry read by a full scan with conditional moves.
  Jacobian mul(const Scalar& k) const {
    U256 bits = k.to_u256();
    std::array<Jacobian, 16> table;
    table[0] = identity();
    table[1] = *this;
    for (int i = 2; i < 16; ++i) table[i] = (i % 2 == 0) ? table[i / 2].dbl() : table[i - 1] + *this;
    Jacobian acc = identity();
    for (int w = 63; w >= 0; --w) {
      acc = acc.dbl().dbl().dbl().dbl();
      const std::uint64_t digit = bits.bits(static_cast<unsigned>(4 * w), 4);
      Jacobian t = table[0];
      for (std::uint64_t i = 1; i < 16; ++i) t.cmov(table[i], i == digit);
      acc = acc + t;
    }
    secure_wipe(bits);
    return acc;
  }

  // [k]P for a public k < 2^255 by width-5 wNAF; variable time.
  Jacobian mul_vartime(const U256& k) const {
    constexpr int kWindow = 5;
    const auto naf = ff::wnaf<256>(k, kWindow);
    std::size_t top = naf.size();
    while (top > 0 && naf[top - 1] == 0) --top;
    std::array<Jacobian, 1 << (kWindow - 2)> odd;  // P, 3P, 5P, ..., 15P
    odd[0] = *this;
    const Jacobian p2 = dbl();
    for (std::size_t i = 1; i < odd.size(); ++i) odd[i] = odd[i - 1].add_vartime(p2);
    Jacobian acc = identity();
    for (std::size_t i = top; i-- > 0;) {
      acc = acc.dbl();
      const int d = naf[i];
      if (d > 0) acc = acc.add_vartime(odd[static_cast<std::size_t>(d / 2)]);
      if (d < 0) acc = acc.add_vartime(-odd[static_cast<std::size_t>(-d / 2)]);
    }
    return acc;
  }
};

}  // namespace zkc::ec
