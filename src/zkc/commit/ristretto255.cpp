// ristretto255 (RFC 9496 sec. 4) on edwards25519 in extended coordinates: codecs, the one-way map,
// group law and single scalar multiplication. The multi-scalar code is in msm.cpp.
#include "zkc/commit/ristretto255.hpp"

#include <sodium.h>

#include <cstring>

#include "zkc/commit/internal/edwards.hpp"
#include "zkc/ff/wnaf.hpp"

namespace zkc::commit {

namespace {

using ff::U256;
using internal::Cached;
using internal::Completed;
using internal::Extended;
using internal::kD;
using internal::Projective;

consteval Fe fe_hex(std::string_view hex) { return Fe::from_canonical_unchecked(U256::from_hex(hex)); }

// RFC 9496 sec. 4.1 constants (their decimal values, here in hex; tests recheck their defining equations).
constexpr Fe kSqrtM1 = fe_hex("0x2b8324804fc1df0b2b4d00993dfbd7a72f431806ad2fe478c4ee1b274a0ea0b0");
constexpr Fe kSqrtAdMinusOne = fe_hex("0x376931bf2b8348ac0f3cfcc931f5d1fdaf9d8e0c1b7854bd7e97f6a0497b2e1b");
constexpr Fe kInvSqrtAMinusD = fe_hex("0x786c8905cfaffca216c27b91fe01d8409d2f16175a4172be99c8fdaa805d40ea");
constexpr Fe kOneMinusDSq = fe_hex("0x029072a8b2b3e0d79994abddbe70dfe42c81a138cd5e350fe27c09c1945fc176");
constexpr Fe kDMinusOneSq = fe_hex("0x5968b37af66c22414cdcd32f529b4eebd29e4a2cb01e199931ad5aaa44ed4d20");
// The edwards25519 base point (RFC 8032 sec. 5.1: y = 4/5, x even).
constexpr Fe kBaseX = fe_hex("0x216936d3cd6e53fec0a4e231fdd6dc5c692cc7609525a7b2c9562d608f25d51a");
constexpr Fe kBaseY = fe_hex("0x6666666666666666666666666666666666666666666666666666666666666658");

// RFC 9496 sec. 4.1: IS_NEGATIVE(x) is the low bit of the canonical encoding.
bool is_negative(const Fe& x) { return (x.to_u256().limb[0] & 1) != 0; }
Fe ct_abs(const Fe& x) {
  Fe r = x;
  r.cmov(-x, is_negative(x));
  return r;
}

// x^((p-5)/8): (p-5)/8 = 2^252 - 3.
Fe pow_p58(const Fe& x) {
  static constexpr U256 kExp =
      U256::from_hex("0x0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffd");
  return x.pow(kExp);
}

struct SqrtRatio {
  bool was_square;
  Fe r;
};
// RFC 9496 sec. 4.2 SQRT_RATIO_M1(u, v): (true, +sqrt(u/v)) if u/v is square, (true, 0) if u = 0,
// (false, 0) if v = 0 and u != 0, else (false, +sqrt(i*u/v)). Constant time.
SqrtRatio sqrt_ratio_m1(const Fe& u, const Fe& v) {
  const Fe v2 = v.square();
  const Fe v3 = v2 * v;
  const Fe v7 = v3.square() * v;
  Fe r = (u * v3) * pow_p58(u * v7);  // r = (u v^3) (u v^7)^((p-5)/8)
  const Fe check = v * r.square();
  const Fe neg_u = -u;
  const bool correct_sign = check == u;
  const bool flipped_sign = check == neg_u;
  const bool flipped_sign_i = check == neg_u * kSqrtM1;
  r.cmov(r * kSqrtM1, (flipped_sign | flipped_sign_i) != 0);
  return {(correct_sign | flipped_sign) != 0, ct_abs(r)};
}

// RFC 9496 sec. 4.3.4 MAP(t): one field element to an edwards25519 point (extended coordinates).
Extended map_to_point(const Fe& t) {
  const Fe one = Fe::one();
  const Fe r = kSqrtM1 * t.square();
  const Fe u = (r + one) * kOneMinusDSq;
  const Fe v = (-one - r * kD) * (r + kD);
  auto [was_square, s] = sqrt_ratio_m1(u, v);
  const Fe s_prime = -ct_abs(s * t);
  s.cmov(s_prime, !was_square);
  Fe c = r;
  c.cmov(-one, was_square);
  const Fe n = c * (r - one) * kDMinusOneSq - v;
  const Fe w0 = (s + s) * v;
  const Fe w1 = n * kSqrtAdMinusOne;
  const Fe ss = s.square();
  const Fe w2 = one - ss;
  const Fe w3 = one + ss;
  return {w0 * w3, w2 * w1, w1 * w3, w0 * w2};
}

// 32 bytes with bit 255 cleared, reduced mod p (RFC 9496 sec. 4.3.4).
Fe fe_from_bytes_masked(std::span<const std::uint8_t, 32> in) {
  U256 v = ff::curve25519::u256_from_bytes_le(in);
  v.limb[3] &= 0x7fffffffffffffffULL;
  return Fe::reduce(v);
}

RistrettoPoint from_ext(const Extended& p) {
  return RistrettoPoint::from_extended_unchecked(p.X, p.Y, p.Z, p.T);
}
Extended to_ext(const RistrettoPoint& p) { return {p.X(), p.Y(), p.Z(), p.T()}; }

}  // namespace

RistrettoPoint::RistrettoPoint() : x_(Fe::zero()), y_(Fe::one()), z_(Fe::one()), t_(Fe::zero()) {}
RistrettoPoint RistrettoPoint::identity() { return RistrettoPoint(); }
RistrettoPoint RistrettoPoint::generator() {
  return from_extended_unchecked(kBaseX, kBaseY, Fe::one(), kBaseX * kBaseY);
}
RistrettoPoint RistrettoPoint::from_extended_unchecked(const Fe& x, const Fe& y, const Fe& z, const Fe& t) {
  RistrettoPoint p;
  p.x_ = x;
  p.y_ = y;
  p.z_ = z;
  p.t_ = t;
  return p;
}

// RFC 9496 sec. 4.3.1.
Result<RistrettoPoint> RistrettoPoint::decode(std::span<const std::uint8_t, 32> in) {
  const U256 sv = ff::curve25519::u256_from_bytes_le(in);
  // Canonical: s < p (this also rejects bit 255 set). Only the verdict depends on the bytes here.
  const bool canonical = sv < Fe::kModulus;
  const Fe s = Fe::reduce(sv);
  const bool s_negative = is_negative(s);

  const Fe one = Fe::one();
  const Fe ss = s.square();
  const Fe u1 = one - ss;  // 1 + a s^2 with a = -1
  const Fe u2 = one + ss;  // 1 - a s^2
  const Fe u2_sqr = u2.square();
  const Fe v = -(kD * u1.square()) - u2_sqr;  // v = a d u1^2 - u2^2
  const auto [was_square, invsqrt] = sqrt_ratio_m1(one, v * u2_sqr);
  const Fe den_x = invsqrt * u2;
  const Fe den_y = invsqrt * den_x * v;
  const Fe x = ct_abs((s + s) * den_x);
  const Fe y = u1 * den_y;
  const Fe t = x * y;
  const bool t_negative = is_negative(t);
  const bool y_zero = y.is_zero();

  if (!canonical)
    return make_error(Errc::kNotCanonical, "ristretto255: non-canonical field element (s >= p)");
  if (s_negative) return make_error(Errc::kNotCanonical, "ristretto255: negative s (odd encoding)");
  if (!was_square) return make_error(Errc::kNotOnCurve, "ristretto255: invalid encoding (not a square)");
  if (t_negative) return make_error(Errc::kNotOnCurve, "ristretto255: invalid encoding (x*y negative)");
  if (y_zero) return make_error(Errc::kNotOnCurve, "ristretto255: invalid encoding (y = 0)");
  return from_extended_unchecked(x, y, one, t);
}

// RFC 9496 sec. 4.3.2.
std::array<std::uint8_t, 32> RistrettoPoint::encode() const {
  const Fe u1 = (z_ + y_) * (z_ - y_);
  const Fe u2 = x_ * y_;
  const auto [unused, invsqrt] = sqrt_ratio_m1(Fe::one(), u1 * u2.square());
  (void)unused;
  const Fe den1 = invsqrt * u1;
  const Fe den2 = invsqrt * u2;
  const Fe z_inv = den1 * den2 * t_;
  const Fe ix0 = x_ * kSqrtM1;
  const Fe iy0 = y_ * kSqrtM1;
  const Fe enchanted_denominator = den1 * kInvSqrtAMinusD;
  const bool rotate = is_negative(t_ * z_inv);
  Fe x = x_, y = y_, den_inv = den2;
  x.cmov(iy0, rotate);
  y.cmov(ix0, rotate);
  den_inv.cmov(enchanted_denominator, rotate);
  y.cmov(-y, is_negative(x * z_inv));
  const Fe s = ct_abs(den_inv * (z_ - y));
  return ff::curve25519::fe_to_bytes_le(s);
}

// RFC 9496 sec. 4.3.4: MAP on each half (bit 255 masked, reduced mod p), then the sum.
RistrettoPoint RistrettoPoint::from_uniform_bytes(std::span<const std::uint8_t, 64> in) {
  const Extended p1 = map_to_point(fe_from_bytes_masked(in.first<32>()));
  const Extended p2 = map_to_point(fe_from_bytes_masked(in.last<32>()));
  return from_ext(internal::add(p1, Cached::from(p2)).to_extended());
}

// SHA-512(LE64(|domain|) || domain || message): the 8-byte little-endian length of the domain makes
// the split between domain and message unambiguous.
RistrettoPoint RistrettoPoint::hash_to_group(std::string_view domain, std::span<const std::uint8_t> message) {
  crypto_hash_sha512_state st;
  crypto_hash_sha512_init(&st);
  std::array<std::uint8_t, 8> len;
  const std::uint64_t n = domain.size();
  for (int i = 0; i < 8; ++i) len[i] = static_cast<std::uint8_t>(n >> (8 * i));
  crypto_hash_sha512_update(&st, len.data(), len.size());
  crypto_hash_sha512_update(&st, reinterpret_cast<const unsigned char*>(domain.data()), domain.size());
  crypto_hash_sha512_update(&st, message.data(), message.size());
  std::array<std::uint8_t, 64> h;
  crypto_hash_sha512_final(&st, h.data());
  return from_uniform_bytes(h);
}

RistrettoPoint operator+(const RistrettoPoint& a, const RistrettoPoint& b) {
  return from_ext(internal::add(to_ext(a), Cached::from(to_ext(b))).to_extended());
}
RistrettoPoint operator-(const RistrettoPoint& a, const RistrettoPoint& b) {
  return from_ext(internal::sub(to_ext(a), Cached::from(to_ext(b))).to_extended());
}
RistrettoPoint RistrettoPoint::operator-() const { return from_extended_unchecked(-x_, y_, z_, -t_); }
RistrettoPoint RistrettoPoint::dbl() const {
  return from_ext(internal::dbl(internal::to_projective(to_ext(*this))).to_extended());
}

// RFC 9496 sec. 4.3.3: X1*Y2 == Y1*X2 or Y1*Y2 == X1*X2 (a = -1), both computed.
bool operator==(const RistrettoPoint& a, const RistrettoPoint& b) {
  const bool e1 = a.x_ * b.y_ == a.y_ * b.x_;
  const bool e2 = a.y_ * b.y_ == a.x_ * b.x_;
  return e1 | e2;
}
bool RistrettoPoint::is_identity() const { return *this == RistrettoPoint(); }

// Signed radix-16 fixed window: 64 windows of 4 doublings and one constant-time table lookup + add.
RistrettoPoint RistrettoPoint::mul(const Scalar& k) const {
  const auto table = internal::multiples_table(to_ext(*this));
  auto bytes = ff::curve25519::scalar_to_bytes_le(k);
  auto digits = internal::radix16_ct(bytes);
  Completed c = internal::add(Extended::identity(), internal::select_ct(table, digits[63]));
  for (int i = 62; i >= 0; --i) {
    Projective r = c.to_projective();
    r = internal::dbl(r).to_projective();
    r = internal::dbl(r).to_projective();
    r = internal::dbl(r).to_projective();
    c = internal::add(internal::dbl(r).to_extended(), internal::select_ct(table, digits[i]));
  }
  sodium_memzero(bytes.data(), bytes.size());
  sodium_memzero(digits.data(), digits.size());
  return from_ext(c.to_extended());
}

// Width-5 wNAF over the odd multiples P, 3P, ..., 15P.
RistrettoPoint RistrettoPoint::mul_vartime(const Scalar& k) const {
  const auto naf = ff::wnaf<256>(k.to_u256(), 5);
  int top = 255;
  while (top >= 0 && naf[top] == 0) --top;
  if (top < 0) return identity();
  const Extended p = to_ext(*this);
  std::array<Cached, 8> odd;
  odd[0] = Cached::from(p);
  const Cached p2 = Cached::from(internal::dbl(internal::to_projective(p)).to_extended());
  Extended acc = p;
  for (int j = 1; j < 8; ++j) {
    acc = internal::add(acc, p2).to_extended();
    odd[j] = Cached::from(acc);
  }
  Completed c = Completed::identity();
  for (int i = top; i >= 0; --i) {
    if (i != top) c = internal::dbl(c.to_projective());
    const int d = naf[i];
    if (d > 0)
      c = internal::add(c.to_extended(), odd[d >> 1]);
    else if (d < 0)
      c = internal::sub(c.to_extended(), odd[(-d) >> 1]);
  }
  return from_ext(c.to_extended());
}

}  // namespace zkc::commit
