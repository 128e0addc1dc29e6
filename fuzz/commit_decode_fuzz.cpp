// libFuzzer target: ristretto255 point and scalar decoding on arbitrary bytes. A decoder must either
// reject the input or return a value that re-encodes to exactly the input bytes, and
// decode(encode(decode(x))) must give the same element; from_uniform_bytes must accept any 64 bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>

#include "zkc/commit/ristretto255.hpp"

using namespace zkc::commit;

namespace {
void require(bool cond) {
  if (!cond) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size >= 32) {
    const std::span<const std::uint8_t, 32> in(data, 32);
    if (auto p = RistrettoPoint::decode(in)) {
      const auto enc = p.value().encode();
      require(std::memcmp(enc.data(), data, 32) == 0);
      auto again = RistrettoPoint::decode(enc);
      require(again.ok() && again.value() == p.value());
      require(p.value().dbl() == p.value() + p.value());
    }
    if (auto s = zkc::ff::curve25519::scalar_from_bytes_le(in)) {
      const auto enc = zkc::ff::curve25519::scalar_to_bytes_le(s.value());
      require(std::memcmp(enc.data(), data, 32) == 0);
    }
  }
  if (size >= 64) {
    const RistrettoPoint p = RistrettoPoint::from_uniform_bytes(std::span<const std::uint8_t, 64>(data, 64));
    auto back = RistrettoPoint::decode(p.encode());
    require(back.ok() && back.value() == p);
    const Scalar k = zkc::ff::curve25519::scalar_reduce_wide_le(std::span<const std::uint8_t, 64>(data, 64));
    require(p.mul(k) == p.mul_vartime(k));
  }
  return 0;
}
