// ristretto255 (RFC 9496): a prime-order group of order l built on edwards25519, over the project's
// generic field code (ff/curve25519). Internally a point is an edwards25519 point in extended
// coordinates (X:Y:Z:T), x = X/Z, y = Y/Z, xy = T/Z (Hisil, Wong, Carter, Dawson 2008); two
// representatives of the same ristretto255 element compare equal and encode identically.
// Constant time unless named `_vartime`: decode, encode, add, mul and msm may take secrets.
// References: RFC 9496 sec. 4 (decode 4.3.1, encode 4.3.2, equals 4.3.3, from_uniform_bytes 4.3.4),
// RFC 8032 sec. 5.1 (edwards25519 constants and formulas).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "zkc/base/result.hpp"
#include "zkc/ff/curve25519/fe.hpp"
#include "zkc/ff/curve25519/scalar.hpp"

namespace zkc::commit {

using Fe = ff::curve25519::Fe;
using Scalar = ff::curve25519::Scalar;

class RistrettoPoint {
 public:
  static constexpr std::size_t kBytes = 32;

  RistrettoPoint();  // the identity
  static RistrettoPoint identity();
  static RistrettoPoint generator();  // the RFC 9496 generator (edwards25519's base point)

  // RFC 9496 4.3.1: rejects non-canonical field encodings, negative s, and non-square inputs, each
  // with its own message. Constant time in the bytes up to the final accept/reject.
  static Result<RistrettoPoint> decode(std::span<const std::uint8_t, 32> in);
  std::array<std::uint8_t, 32> encode() const;  // RFC 9496 4.3.2
  // RFC 9496 4.3.4: 64 uniform bytes to a uniform element (the one-way map, applied twice).
  static RistrettoPoint from_uniform_bytes(std::span<const std::uint8_t, 64> in);
  // Nothing-up-my-sleeve generator: from_uniform_bytes(SHA-512(LE64(|domain|) || domain || message)),
  // LE64 the 8-byte little-endian length, so that (domain, message) splits are unambiguous.
  static RistrettoPoint hash_to_group(std::string_view domain, std::span<const std::uint8_t> message);

  friend RistrettoPoint operator+(const RistrettoPoint& a, const RistrettoPoint& b);
  friend RistrettoPoint operator-(const RistrettoPoint& a, const RistrettoPoint& b);
  RistrettoPoint operator-() const;
  RistrettoPoint& operator+=(const RistrettoPoint& b) { return *this = *this + b; }
  RistrettoPoint& operator-=(const RistrettoPoint& b) { return *this = *this - b; }
  RistrettoPoint dbl() const;
  friend bool operator==(const RistrettoPoint& a, const RistrettoPoint& b);  // RFC 9496 4.3.3
  bool is_identity() const;

  // Constant time: becomes `a` when cond holds (no branch or memory access depends on cond).
  void cmov(const RistrettoPoint& a, bool cond) {
    x_.cmov(a.x_, cond);
    y_.cmov(a.y_, cond);
    z_.cmov(a.z_, cond);
    t_.cmov(a.t_, cond);
  }

  RistrettoPoint mul(const Scalar& k) const;          // constant time in k and in the point
  RistrettoPoint mul_vartime(const Scalar& k) const;  // for public scalars only

  // The extended coordinates (for tests and for the multi-scalar code in this folder).
  const Fe& X() const { return x_; }
  const Fe& Y() const { return y_; }
  const Fe& Z() const { return z_; }
  const Fe& T() const { return t_; }
  static RistrettoPoint from_extended_unchecked(const Fe& x, const Fe& y, const Fe& z, const Fe& t);

 private:
  Fe x_, y_, z_, t_;
};

// sum scalars[i] * points[i]. Sizes must match (asserted). msm_vartime: Straus with width-5 wNAF below
// internal::kPippengerThreshold points, Pippenger (signed digits, buckets) from there on; msm: Straus
// with signed radix-16 digits and constant-time table lookups.
// Variable time: only for public scalars and points (verification; the inner-product argument,
// whose vectors the protocol could publish without loss of zero knowledge).
RistrettoPoint msm_vartime(std::span<const Scalar> scalars, std::span<const RistrettoPoint> points);
// Constant time in the scalars (secret blinding vectors).
RistrettoPoint msm(std::span<const Scalar> scalars, std::span<const RistrettoPoint> points);

// Precomputed tables for a fixed list of public bases (Pedersen and Bulletproofs generators), so that
// multi-scalar multiplications over them skip the per-call table building: per base the odd multiples
// P, 3P, ..., 127P (width-8 wNAF) in affine niels form (6 KiB per base), normalized with one batch
// inversion. Immutable after construction: concurrent const use from several threads is safe.
class FixedBases {
 public:
  explicit FixedBases(std::span<const RistrettoPoint> bases);
  ~FixedBases();
  FixedBases(FixedBases&&) noexcept;
  FixedBases& operator=(FixedBases&&) noexcept;
  FixedBases(const FixedBases&) = delete;
  FixedBases& operator=(const FixedBases&) = delete;

  std::size_t size() const;
  const RistrettoPoint& base(std::size_t i) const;
  // sum_{i < scalars.size()} scalars[i] * base(i) + sum_j dyn_scalars[j] * dyn_points[j]
  // (scalars.size() <= size(); zero scalars cost nothing). Variable time.
  RistrettoPoint msm_vartime(std::span<const Scalar> scalars, std::span<const Scalar> dyn_scalars = {},
                             std::span<const RistrettoPoint> dyn_points = {}) const;

 private:
  struct Tables;
  Tables* tables_;
};

}  // namespace zkc::commit
