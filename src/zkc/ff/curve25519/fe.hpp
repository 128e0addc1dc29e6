// Fe25519: the field of curve25519 and edwards25519, p = 2^255 - 19, on the generic Fp in its
// pseudo-Mersenne form (kPseudoMersenneC = 19: canonical storage, so raw() is the value itself;
// products folded with 2^256 = 38 mod p).
// p = 5 mod 8, so square roots need the RFC 9496 sqrt_ratio_m1 formula (in commit/ristretto255), not
// Fp::sqrt. Encodings of this field are little-endian (RFC 7748 sec. 5, RFC 8032 sec. 5.1.2).
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "zkc/ff/fp.hpp"

namespace zkc::ff::curve25519 {

struct FeConfig {
  static constexpr const char* kName = "curve25519 Fp";
  // 2^255 - 19 (RFC 7748 sec. 4.1)
  static constexpr U256 kModulus =
      U256::from_hex("0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed");
  static constexpr u64 kPseudoMersenneC = 19;  // p = 2^255 - 19 (checked against kModulus in Fp)
};
using Fe = Fp<FeConfig>;

// 32-byte little-endian value, not reduced and not checked (callers check canonical form).
constexpr U256 u256_from_bytes_le(std::span<const std::uint8_t, 32> in) {
  U256 v;
  for (int i = 0; i < 32; ++i) v.limb[i / 8] |= u64{in[i]} << (8 * (i % 8));
  return v;
}
constexpr std::array<std::uint8_t, 32> u256_to_bytes_le(const U256& v) {
  std::array<std::uint8_t, 32> out{};
  for (int i = 0; i < 32; ++i) out[i] = static_cast<std::uint8_t>(v.limb[i / 8] >> (8 * (i % 8)));
  return out;
}

// Canonical little-endian encoding of a field element.
inline std::array<std::uint8_t, 32> fe_to_bytes_le(const Fe& a) { return u256_to_bytes_le(a.to_u256()); }
// Rejects values >= p (the caller masks bit 255 first where a format says to ignore it).
inline Result<Fe> fe_from_bytes_le(std::span<const std::uint8_t, 32> in) {
  return Fe::from_u256(u256_from_bytes_le(in));
}

}  // namespace zkc::ff::curve25519
