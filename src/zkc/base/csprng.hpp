// Csprng: a fast cryptographically secure generator, the ChaCha20 keystream (libsodium's
// crypto_stream_chacha20, 64-bit nonce, D. J. Bernstein's original ChaCha) under a 256-bit key.
// Invariants: refill r (r = 0, 1, 2, ...) fills the buffer with the first kBufferBytes of the keystream
// under nonce = r (8 bytes, little-endian), so no (key, nonce, block) is ever used twice; words are read
// little-endian in order. Key, buffer and cached bits are wiped on destruction and on move.
// A moved-from Csprng is valid: on its next use it rekeys itself from random_bytes (it never replays
// nor predicts the moved-to stream). uniform() is Lemire's multiply-and-reject ("Fast Random Integer
// Generation in an Interval", ACM TOMACS 2019), exactly unbiased.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace zkc {

class Csprng {
 public:
  static constexpr std::size_t kKeyBytes = 32;
  static constexpr std::size_t kBufferWords = 128;  // 1 KiB per refill: 16 ChaCha20 blocks
  static constexpr std::size_t kBufferBytes = kBufferWords * 8;

  Csprng();  // key from random_bytes (the operating system's CSPRNG)
  // Deterministic stream for tests and benchmarks only: key = seed as 8 little-endian bytes followed by
  // 24 zero bytes. Never use it for noise that protects anything.
  static Csprng from_seed_for_testing(std::uint64_t seed);
  ~Csprng();
  Csprng(const Csprng&) = delete;
  Csprng& operator=(const Csprng&) = delete;
  Csprng(Csprng&& other) noexcept;
  Csprng& operator=(Csprng&& other) noexcept;

  // The next 64 keystream bits.
  std::uint64_t next_u64() {
    if (pos_ == kBufferWords) refill();
    return buffer_[pos_++];
  }

  // Uniform on [0, n), n >= 1 (asserted); exactly unbiased (Lemire's rejection).
  std::uint64_t uniform(std::uint64_t n);

  // One fair bit, taken from a cached keystream word (64 bits per word).
  bool bit() {
    if (bits_left_ == 0) {
      bits_ = next_u64();
      bits_left_ = 64;
    }
    const bool b = (bits_ & 1U) != 0;
    bits_ >>= 1;
    --bits_left_;
    return b;
  }

 private:
  struct NoKey {};
  explicit Csprng(NoKey) {}
  void refill();  // also rekeys a moved-from object from random_bytes
  void take(Csprng& other) noexcept;
  void wipe() noexcept;

  std::array<std::uint64_t, kBufferWords> buffer_{};
  std::array<std::uint8_t, kKeyBytes> key_{};
  std::uint64_t nonce_ = 0;         // the next refill's nonce (the refill counter)
  std::size_t pos_ = kBufferWords;  // next unread word; kBufferWords = empty
  std::uint64_t bits_ = 0;          // cached word for bit()
  unsigned bits_left_ = 0;
  bool keyed_ = false;  // false only for a moved-from object (rekeys on next refill)
};

}  // namespace zkc
