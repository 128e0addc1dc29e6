#include "zkc/base/random.hpp"

#include <sodium.h>

#include "zkc/base/result.hpp"

namespace zkc {
namespace {
void ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  ZKC_ASSERT(ready);
}
}  // namespace

void random_bytes(std::span<std::uint8_t> out) {
  ensure_sodium();
  randombytes_buf(out.data(), out.size());
}

void secure_wipe(void* data, std::size_t size) { sodium_memzero(data, size); }

}  // namespace zkc
