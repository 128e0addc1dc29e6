#include "zkc/base/csprng.hpp"

#include <sodium.h>

#include <bit>
#include <span>

#include "zkc/base/random.hpp"
#include "zkc/base/result.hpp"

namespace zkc {

static_assert(std::endian::native == std::endian::little, "keystream words are read little-endian");
static_assert(crypto_stream_chacha20_KEYBYTES == Csprng::kKeyBytes);
static_assert(crypto_stream_chacha20_NONCEBYTES == 8);

namespace {
// sodium_init selects libsodium's fastest ChaCha20 (SSE/AVX2); before it, the reference code runs.
void ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  ZKC_ASSERT(ready);
}
}  // namespace

Csprng::Csprng() {
  ensure_sodium();
  random_bytes(key_);
  keyed_ = true;
}

Csprng Csprng::from_seed_for_testing(std::uint64_t seed) {
  ensure_sodium();
  Csprng g{NoKey{}};
  for (std::size_t i = 0; i < 8; ++i) g.key_[i] = static_cast<std::uint8_t>(seed >> (8 * i));
  g.keyed_ = true;
  return g;
}

Csprng::~Csprng() { wipe(); }

Csprng::Csprng(Csprng&& other) noexcept { take(other); }

Csprng& Csprng::operator=(Csprng&& other) noexcept {
  if (this != &other) {
    wipe();
    take(other);
  }
  return *this;
}

void Csprng::take(Csprng& other) noexcept {
  buffer_ = other.buffer_;
  key_ = other.key_;
  nonce_ = other.nonce_;
  pos_ = other.pos_;
  bits_ = other.bits_;
  bits_left_ = other.bits_left_;
  keyed_ = other.keyed_;
  other.wipe();
}

void Csprng::wipe() noexcept {
  secure_wipe(buffer_.data(), sizeof buffer_);
  secure_wipe(key_.data(), key_.size());
  secure_wipe(bits_);
  nonce_ = 0;
  pos_ = kBufferWords;
  bits_left_ = 0;
  keyed_ = false;
}

void Csprng::refill() {
  if (!keyed_) {  // moved-from: a fresh key, never the zero key
    random_bytes(key_);
    nonce_ = 0;
    keyed_ = true;
  }
  // Every refill uses a new nonce, so no keystream block repeats; 2^64 refills cannot happen.
  ZKC_ASSERT(nonce_ != UINT64_MAX);
  std::array<std::uint8_t, 8> nonce{};
  for (std::size_t i = 0; i < 8; ++i) nonce[i] = static_cast<std::uint8_t>(nonce_ >> (8 * i));
  ++nonce_;
  crypto_stream_chacha20(reinterpret_cast<unsigned char*>(buffer_.data()), kBufferBytes, nonce.data(),
                         key_.data());
  pos_ = 0;
}

std::uint64_t Csprng::uniform(std::uint64_t n) {
  ZKC_ASSERT(n >= 1);
  // Lemire 2019, Algorithm 5: m = x * n (128 bits); the high word is uniform once the low word is
  // outside the 2^64 mod n values that would over-represent some results.
  unsigned __int128 m = static_cast<unsigned __int128>(next_u64()) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t reject_below = (0 - n) % n;  // 2^64 mod n
    while (low < reject_below) {
      m = static_cast<unsigned __int128>(next_u64()) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

}  // namespace zkc
