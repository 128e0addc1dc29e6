// Fiat-Shamir transcript on SHA-512 (see transcript.hpp for the record format).
#include "zkc/hash/transcript.hpp"

#include "zkc/base/random.hpp"

namespace zkc::hash {

namespace {
// Record kinds: each record starts with one of these bytes.
constexpr std::uint8_t kKindProtocol = 0x00;
constexpr std::uint8_t kKindAppend = 0x01;
constexpr std::uint8_t kKindChallenge = 0x02;
// Separates these transcripts from any other use of SHA-512 (and versions the record format).
constexpr std::string_view kDomain = "zkcredit/transcript/v1";

std::span<const std::uint8_t> as_bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}
}  // namespace

Transcript::Transcript(std::string_view protocol_label) {
  crypto_hash_sha512_init(&state_);
  absorb_u64(kDomain.size());
  absorb(as_bytes(kDomain));
  absorb_label(kKindProtocol, protocol_label);
}

void Transcript::absorb(std::span<const std::uint8_t> bytes) {
  crypto_hash_sha512_update(&state_, bytes.data(), bytes.size());
}

void Transcript::absorb_u64(std::uint64_t v) {
  std::array<std::uint8_t, 8> le;
  for (int i = 0; i < 8; ++i) le[i] = static_cast<std::uint8_t>(v >> (8 * i));
  absorb(le);
}

// kind || le64(|label|) || label
void Transcript::absorb_label(std::uint8_t kind, std::string_view label) {
  absorb(std::span<const std::uint8_t>(&kind, 1));
  absorb_u64(label.size());
  absorb(as_bytes(label));
}

// kAppend || le64(|label|) || label || le64(|message|) || message
void Transcript::append(std::string_view label, std::span<const std::uint8_t> message) {
  absorb_label(kKindAppend, label);
  absorb_u64(message.size());
  absorb(message);
}

void Transcript::append_u64(std::string_view label, std::uint64_t v) {
  std::array<std::uint8_t, 8> le;
  for (int i = 0; i < 8; ++i) le[i] = static_cast<std::uint8_t>(v >> (8 * i));
  append(label, le);
}

// kChallenge || le64(|label|) || label, then out = SHA-512 of the stream so far (a finalized copy of
// the state), then out (64 bytes, fixed length) is absorbed.
std::array<std::uint8_t, Transcript::kChallengeBytes> Transcript::challenge_bytes(std::string_view label) {
  absorb_label(kKindChallenge, label);
  crypto_hash_sha512_state copy = state_;
  std::array<std::uint8_t, kChallengeBytes> out;
  crypto_hash_sha512_final(&copy, out.data());
  secure_wipe(copy);
  absorb(out);
  return out;
}

}  // namespace zkc::hash
