// edwards25519 (a = -1, d = -121665/121666) point representations and formulas behind ristretto255.
// Private to zkc/commit and its tests. Every function is constant time (no branch or memory index on
// the coordinates) unless named `_vartime`.
// References: Hisil, Wong, Carter, Dawson, "Twisted Edwards Curves Revisited" (ASIACRYPT 2008), via the
// Explicit-Formulas Database: "add-2008-hwcd-3" (extended coordinates, a = -1, k = 2d) and
// "dbl-2008-hwcd" (a = -1); the "completed" intermediate ((E:G),(H:F)) and the cached/niels forms follow
// Bernstein, Duif, Lange, Schwabe, Yang, "High-speed high-security signatures" (CHES 2011) sec. 4.
#pragma once

#include <array>
#include <cstdint>

#include "zkc/ff/curve25519/fe.hpp"

namespace zkc::commit::internal {

using Fe = ff::curve25519::Fe;
using ff::U256;

// d = -121665/121666 mod p (RFC 8032 sec. 5.1), and 2d.
inline constexpr Fe kD = Fe::from_canonical_unchecked(
    U256::from_hex("0x52036cee2b6ffe738cc740797779e89800700a4d4141d8ab75eb4dca135978a3"));
inline constexpr Fe kD2 = kD + kD;

// Extended coordinates: x = X/Z, y = Y/Z, x*y = T/Z.
struct Extended {
  Fe X, Y, Z, T;
  static constexpr Extended identity() { return {Fe::zero(), Fe::one(), Fe::one(), Fe::zero()}; }
};

// Projective coordinates (X:Y:Z): what a doubling needs.
struct Projective {
  Fe X, Y, Z;
};

// "Completed" point: the four values E, F, G, H that add-2008-hwcd-3 and dbl-2008-hwcd compute before
// their final products; x = E/G, y = H/F. Converting costs 3M (projective) or 4M (extended).
struct Completed {
  Fe E, F, G, H;
  static constexpr Completed identity() { return {Fe::zero(), Fe::one(), Fe::one(), Fe::one()}; }
  [[gnu::always_inline]] Projective to_projective() const { return {E * F, G * H, F * G}; }
  // X3 = E*F, Y3 = G*H, Z3 = F*G, T3 = E*H
  [[gnu::always_inline]] Extended to_extended() const { return {E * F, G * H, F * G, E * H}; }
};

// Cached form of a summand (Y+X, Y-X, Z, 2d*T): saves the per-addition additions and the product by 2d.
struct Cached {
  Fe YpX, YmX, Z, T2d;
  static constexpr Cached identity() { return {Fe::one(), Fe::one(), Fe::one(), Fe::zero()}; }
  [[gnu::always_inline]] static Cached from(const Extended& p) {
    return {p.Y + p.X, p.Y - p.X, p.Z, p.T * kD2};
  }
  // -(x, y) = (-x, y): swaps Y+X and Y-X and negates T.
  [[gnu::always_inline]] Cached neg() const { return {YmX, YpX, Z, -T2d}; }
  [[gnu::always_inline]] void cmov(const Cached& o, bool c) {
    YpX.cmov(o.YpX, c);
    YmX.cmov(o.YmX, c);
    Z.cmov(o.Z, c);
    T2d.cmov(o.T2d, c);
  }
};

// Affine niels form (y+x, y-x, 2d*x*y), Z = 1: the entries of precomputed fixed-base tables.
struct AffineNiels {
  Fe YpX, YmX, XY2d;
  static constexpr AffineNiels identity() { return {Fe::one(), Fe::one(), Fe::zero()}; }
  [[gnu::always_inline]] AffineNiels neg() const { return {YmX, YpX, -XY2d}; }
};

// add-2008-hwcd-3 with a = -1, k = 2d: 4M.
[[gnu::always_inline]] inline Completed add(const Extended& p, const Cached& q) {
  const Fe a = (p.Y - p.X) * q.YmX;  // A = (Y1-X1)(Y2-X2)
  const Fe b = (p.Y + p.X) * q.YpX;  // B = (Y1+X1)(Y2+X2)
  const Fe c = p.T * q.T2d;          // C = T1*2d*T2
  const Fe zz = p.Z * q.Z;
  const Fe d = zz + zz;  // D = 2*Z1*Z2
  // E = B-A, F = D-C, G = D+C, H = B+A
  return {b - a, d - c, d + c, b + a};
}
// p - q: the same with q negated (Y+X and Y-X swapped, C negated).
[[gnu::always_inline]] inline Completed sub(const Extended& p, const Cached& q) {
  const Fe a = (p.Y - p.X) * q.YpX;
  const Fe b = (p.Y + p.X) * q.YmX;
  const Fe c = p.T * q.T2d;
  const Fe zz = p.Z * q.Z;
  const Fe d = zz + zz;
  return {b - a, d + c, d - c, b + a};
}
// Mixed addition (madd-2008-hwcd-3: Z2 = 1, so D = 2*Z1): 3M.
[[gnu::always_inline]] inline Completed add(const Extended& p, const AffineNiels& q) {
  const Fe a = (p.Y - p.X) * q.YmX;
  const Fe b = (p.Y + p.X) * q.YpX;
  const Fe c = p.T * q.XY2d;
  const Fe d = p.Z + p.Z;
  return {b - a, d - c, d + c, b + a};
}
[[gnu::always_inline]] inline Completed sub(const Extended& p, const AffineNiels& q) {
  const Fe a = (p.Y - p.X) * q.YpX;
  const Fe b = (p.Y + p.X) * q.YmX;
  const Fe c = p.T * q.XY2d;
  const Fe d = p.Z + p.Z;
  return {b - a, d + c, d - c, b + a};
}

// dbl-2008-hwcd with a = -1: 4S (T is not read).
[[gnu::always_inline]] inline Completed dbl(const Projective& p) {
  const Fe a = p.X.square();  // A = X1^2
  const Fe b = p.Y.square();  // B = Y1^2
  const Fe zz = p.Z.square();
  const Fe c = zz + zz;                // C = 2*Z1^2
  const Fe xy = (p.X + p.Y).square();  // (X1+Y1)^2
  const Fe h = -(a + b);               // H = D - B with D = a*A = -A
  const Fe g = b - a;                  // G = D + B
  // E = (X1+Y1)^2 - A - B = (X1+Y1)^2 + H, F = G - C
  return {xy + h, g - c, g, h};
}
[[gnu::always_inline]] inline Projective to_projective(const Extended& p) { return {p.X, p.Y, p.Z}; }

// Constant-time selection of k*P for a signed digit k in [-8, 8] from table[j] = (j+1)*P: reads every
// entry, selects by masks, negates by a masked swap.
[[gnu::always_inline]] inline Cached select_ct(const std::array<Cached, 8>& table, std::int8_t digit) {
  const auto d = static_cast<std::int32_t>(digit);
  const std::uint32_t neg = static_cast<std::uint32_t>(d) >> 31;  // 1 when d < 0
  const std::uint32_t abs =
      static_cast<std::uint32_t>((d ^ -static_cast<std::int32_t>(neg)) + static_cast<std::int32_t>(neg));
  Cached r = Cached::identity();
  for (std::uint32_t j = 0; j < 8; ++j) {
    const std::uint32_t diff = abs ^ (j + 1);  // 0 iff abs == j+1
    const bool eq = ((diff - 1) >> 31) & 1;    // diff < 2^31, so diff-1 has bit 31 set iff diff == 0
    r.cmov(table[j], eq);
  }
  r.cmov(r.neg(), neg != 0);
  return r;
}

// The eight multiples P, 2P, ..., 8P in cached form (the same operations for every point).
inline std::array<Cached, 8> multiples_table(const Extended& p) {
  std::array<Cached, 8> t;
  t[0] = Cached::from(p);
  Extended acc = p;
  for (int j = 1; j < 8; ++j) {
    acc = add(acc, t[0]).to_extended();
    t[j] = Cached::from(acc);
  }
  return t;
}

// Signed radix-16 digits of a scalar < 2^255 given as 32 little-endian bytes: 64 digits in [-8, 8),
// the last in [-8, 8] and nonnegative, with v = sum d_i 16^i. Constant time (arithmetic carries only).
inline std::array<std::int8_t, 64> radix16_ct(const std::array<std::uint8_t, 32>& b) {
  std::array<std::int8_t, 64> e;
  for (int i = 0; i < 32; ++i) {
    e[2 * i] = static_cast<std::int8_t>(b[i] & 15);
    e[2 * i + 1] = static_cast<std::int8_t>(b[i] >> 4);
  }
  for (int i = 0; i < 63; ++i) {
    const std::int8_t carry = static_cast<std::int8_t>((e[i] + 8) >> 4);  // 1 when e_i >= 8
    e[i] = static_cast<std::int8_t>(e[i] - (carry << 4));
    e[i + 1] = static_cast<std::int8_t>(e[i + 1] + carry);
  }
  return e;
}

}  // namespace zkc::commit::internal
