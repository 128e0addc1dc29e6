// Randomness for CKKS: uniform polynomials (public "a" parts of keys and encryptions), uniform ternary
// secrets, and errors from the centered binomial distribution CBD(21) (standard deviation sqrt(21/2) ~ 3.24,
// at least the sigma ~ 3.2 the security standard assumes; support [-21, 21]; Alkim et al., "NewHope", 2016).
// Secrets and errors come from the OS CSPRNG; a RandomSource built from a public 32-byte seed expands it
// deterministically (ChaCha20 via libsodium's randombytes_buf_deterministic, one derived key per block) for
// common reference polynomials shared by the parties of threshold key generation.
// Ternary and error sampling are branch-free in the sampled values.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "zkc/he/ckks/rns.hpp"

namespace zkc::he::ckks {

class RandomSource {
 public:
  static RandomSource os() { return RandomSource(); }
  static RandomSource from_seed(const std::array<std::uint8_t, 32>& seed);
  ~RandomSource();
  RandomSource(const RandomSource&) = delete;
  RandomSource& operator=(const RandomSource&) = delete;
  RandomSource(RandomSource&&) noexcept;
  RandomSource& operator=(RandomSource&&) = delete;

  void fill(std::span<std::uint8_t> out);

 private:
  RandomSource() = default;
  bool seeded_ = false;
  std::array<std::uint8_t, 32> seed_{};
  std::uint64_t counter_ = 0;
};

// Coefficient-domain polynomials over primes 0..rows-1.
RnsPoly sample_uniform(const Context& ctx, RandomSource& src, std::size_t rows, bool ntt);  // already uniform
RnsPoly sample_ternary(const Context& ctx, RandomSource& src, std::size_t rows);
RnsPoly sample_error(const Context& ctx, RandomSource& src, std::size_t rows);

// Writes the signed small coefficients `v` (|v_k| < every q_i) into every row of `out` (coefficient domain).
void set_small(const Context& ctx, std::span<const std::int64_t> v, RnsPoly& out);

}  // namespace zkc::he::ckks
