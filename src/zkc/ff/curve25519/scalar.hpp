// Scalar: integers modulo the prime order of the ristretto255 group (and of edwards25519's prime-order
// subgroup), l = 2^252 + 27742317777372353535851937790883648493 (RFC 9496 sec. 4.1, RFC 8032 sec. 5.1).
// Little-endian 32-byte encoding as in libsodium's crypto_core_ristretto255_scalar_*; decoding
// rejects values >= l; 64-byte wide reduction as crypto_core_ristretto255_scalar_reduce.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "zkc/ff/curve25519/fe.hpp"

namespace zkc::ff::curve25519 {

struct ScalarConfig {
  static constexpr const char* kName = "ristretto255 scalar";
  static constexpr U256 kModulus =
      U256::from_hex("0x1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ed");
};
using Scalar = Fp<ScalarConfig>;

inline std::array<std::uint8_t, 32> scalar_to_bytes_le(const Scalar& s) {
  return u256_to_bytes_le(s.to_u256());
}
// Rejects non-canonical encodings (values >= l).
inline Result<Scalar> scalar_from_bytes_le(std::span<const std::uint8_t, 32> in) {
  return Scalar::from_u256(u256_from_bytes_le(in));
}
// 64 little-endian bytes reduced mod l (uniform when the bytes are: bias < 2^-259).
inline Scalar scalar_reduce_wide_le(std::span<const std::uint8_t, 64> in) {
  return Scalar::reduce_wide(u256_from_bytes_le(in.first<32>()), u256_from_bytes_le(in.last<32>()));
}

}  // namespace zkc::ff::curve25519
