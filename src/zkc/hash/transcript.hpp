// Transcript: a Fiat-Shamir transcript with domain separation on SHA-512 (libsodium's incremental
// crypto_hash_sha512 state). Invariant: the absorbed byte stream is a sequence of self-delimiting
// records (a kind byte, a length-prefixed label, then a length-prefixed message or, for a challenge,
// the 64 challenge bytes), so two different sequences of operations never absorb the same stream and
// every challenge depends on everything appended (and challenged) before it.
// References: Fiat, Shamir (CRYPTO 1986); the domain-separation discipline of Merlin
// (merlin.cool, "Transcript protocols"); SHA-512: FIPS 180-4.
#pragma once

#include <sodium.h>

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace zkc::hash {

class Transcript {
 public:
  static constexpr std::size_t kChallengeBytes = 64;

  // Starts a transcript for one protocol (e.g. "zkcredit/collateral/v1"): different protocol labels
  // give unrelated challenges.
  explicit Transcript(std::string_view protocol_label);

  // Absorbs one labeled message (public data only: the transcript is not wiped).
  void append(std::string_view label, std::span<const std::uint8_t> message);
  // append(label, the 8 little-endian bytes of v).
  void append_u64(std::string_view label, std::uint64_t v);
  // 64 bytes derived from everything absorbed so far and `label`; the output is absorbed back, so a
  // second challenge with the same label differs and later challenges depend on this one.
  std::array<std::uint8_t, kChallengeBytes> challenge_bytes(std::string_view label);

  // Copies fork the transcript: a copy continues independently from the same state.
  Transcript(const Transcript&) = default;
  Transcript& operator=(const Transcript&) = default;

 private:
  void absorb(std::span<const std::uint8_t> bytes);
  void absorb_u64(std::uint64_t v);
  void absorb_label(std::uint8_t kind, std::string_view label);

  crypto_hash_sha512_state state_;
};

}  // namespace zkc::hash
