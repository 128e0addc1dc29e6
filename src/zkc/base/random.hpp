// Secure randomness and secret wiping.
// Every secret (witness, blinding factor, key, toxic waste) comes from random_bytes, which is
// libsodium's randombytes_buf (getrandom(2) on Linux), and is wiped with secure_wipe after use.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>

namespace zkc {

// Fills `out` from the operating system's CSPRNG. Never fails (aborts if libsodium cannot start).
void random_bytes(std::span<std::uint8_t> out);

// Overwrites memory in a way the compiler may not elide (sodium_memzero).
void secure_wipe(void* data, std::size_t size);

template <class T>
void secure_wipe(T& object) {
  static_assert(std::is_trivially_copyable_v<T>, "wipe only plain data");
  secure_wipe(&object, sizeof(T));
}

}  // namespace zkc
