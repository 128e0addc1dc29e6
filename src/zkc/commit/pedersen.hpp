// Pedersen commitments over ristretto255: Com(v, gamma) = v*G + gamma*H, perfectly hiding and
// computationally binding (nobody knows log_G H). G = RistrettoPoint::generator() (RFC 9496 sec. 4.4);
// H = hash_to_group("zkcredit/pedersen/v1/H", encode(G)), i.e. from_uniform_bytes(SHA-512(le64 of the
// domain's length || the domain string || the 32-byte encoding of G)): nothing up my sleeve, its
// discrete log is unknown to everybody (tests rebuild it with libsodium). A Commitment keeps its point and
// its canonical 32-byte encoding together. References: Pedersen (CRYPTO 1991); RFC 9496 sec. 4.3.4 (the hash
// to the group).
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "zkc/base/result.hpp"
#include "zkc/commit/ristretto255.hpp"

namespace zkc::commit {

// The value base G and the blinding base H (computed once; thread-safe).
const RistrettoPoint& pedersen_g();
const RistrettoPoint& pedersen_h();

// A commitment: a point and its canonical encoding (kept so transcripts need no re-encoding).
class Commitment {
 public:
  static constexpr std::size_t kBytes = 32;

  Commitment() : Commitment(RistrettoPoint::identity()) {}
  explicit Commitment(const RistrettoPoint& p) : point_(p), bytes_(p.encode()) {}
  // Validated decoding (RFC 9496 4.3.1: canonical, on the curve, in the group).
  static Result<Commitment> decode(std::span<const std::uint8_t, 32> in);

  const RistrettoPoint& point() const { return point_; }
  const std::array<std::uint8_t, 32>& encode() const { return bytes_; }
  friend bool operator==(const Commitment& a, const Commitment& b) { return a.bytes_ == b.bytes_; }

 private:
  RistrettoPoint point_;
  std::array<std::uint8_t, 32> bytes_;
};

// The secret opening of a commitment.
struct Opening {
  Scalar value;
  Scalar blinding;
};

// v*G + gamma*H, constant time in v and gamma.
Commitment commit(const Scalar& v, const Scalar& gamma);
Commitment commit(std::uint64_t v, const Scalar& gamma);
inline Commitment commit(const Opening& o) { return commit(o.value, o.blinding); }

// Homomorphic derivation for an integer-scaled ratio r = num/den (public integers):
//   den*Com(C, gamma_C) - num*Com(L, gamma_L) = Com(den*C - num*L, den*gamma_C - num*gamma_L).
// The point side uses public scalars (variable time); the opening side is constant time.
Commitment derive_ratio_vartime(const Commitment& c, const Commitment& l, std::uint64_t num,
                                std::uint64_t den);
Opening derive_ratio_opening(const Opening& c, const Opening& l, std::uint64_t num, std::uint64_t den);

}  // namespace zkc::commit
