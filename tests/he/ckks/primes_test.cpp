// NTT-friendly prime generation and Miller-Rabin: against trial division, known strong pseudoprimes, and
// the properties the NTT needs.
#include "zkc/he/ckks/primes.hpp"

#include <gtest/gtest.h>

#include "zkc/he/ckks/modulus.hpp"

namespace zkc::he::ckks {
namespace {

bool trial_division(std::uint64_t n) {
  if (n < 2) return false;
  for (std::uint64_t d = 2; d * d <= n; ++d) {
    if (n % d == 0) return false;
  }
  return true;
}

TEST(Primes, MillerRabinMatchesTrialDivision) {
  for (std::uint64_t n = 0; n < 20000; ++n) ASSERT_EQ(is_prime(n), trial_division(n)) << n;
  for (std::uint64_t n = (1ULL << 40) - 2000; n < (1ULL << 40); ++n)
    ASSERT_EQ(is_prime(n), trial_division(n)) << n;
}

TEST(Primes, RejectsStrongPseudoprimesAndCarmichaelNumbers) {
  // 3215031751: strong pseudoprime to bases 2, 3, 5, 7 (Jaeschke 1993); 3825123056546413051: strong
  // pseudoprime to the first nine prime bases (OEIS A014233); Carmichael numbers 561, 41041, 825265.
  for (std::uint64_t n : {3215031751ULL, 3825123056546413051ULL, 561ULL, 41041ULL, 825265ULL}) {
    EXPECT_FALSE(is_prime(n)) << n;
  }
  // 2^61 - 1 and 2^31 - 1 are prime; 2^64 - 59 is the largest 64-bit prime.
  EXPECT_TRUE(is_prime((1ULL << 61) - 1));
  EXPECT_TRUE(is_prime((1ULL << 31) - 1));
  EXPECT_TRUE(is_prime(18446744073709551557ULL));
  EXPECT_FALSE(is_prime(18446744073709551557ULL - 2));
}

TEST(Primes, GeneratedPrimesAreLargestDistinctAndNttFriendly) {
  const std::size_t n = 8192;
  auto primes = generate_ntt_primes(n, {60, 40, 40, 60});
  ASSERT_TRUE(primes.ok());
  const auto& p = primes.value();
  ASSERT_EQ(p.size(), 4u);
  EXPECT_NE(p[0], p[3]);
  EXPECT_NE(p[1], p[2]);
  EXPECT_LT(p[0], p[3]);  // SEAL's order: a repeated size hands out its smallest prime first
  EXPECT_LT(p[1], p[2]);
  for (std::size_t i = 0; i < p.size(); ++i) {
    const int bits = i == 1 || i == 2 ? 40 : 60;
    EXPECT_TRUE(is_prime(p[i]));
    EXPECT_EQ(p[i] % (2 * n), 1u);
    EXPECT_LT(p[i], 1ULL << bits);
    EXPECT_GE(p[i], 1ULL << (bits - 1));
  }
  // Nothing of the right form lies between the largest 60-bit prime and 2^60, nor between the two.
  for (std::uint64_t c = p[3] + 2 * n; c < (1ULL << 60); c += 2 * n) EXPECT_FALSE(is_prime(c));
  for (std::uint64_t c = p[0] + 2 * n; c < p[3]; c += 2 * n) EXPECT_FALSE(is_prime(c));
}

TEST(Primes, PrimitiveRootHasOrderExactly2N) {
  for (std::size_t n : {8u, 1024u, 16384u}) {
    const std::uint64_t q = generate_ntt_primes(n, {50}).value()[0];
    const std::uint64_t psi = minimal_primitive_root(q, n);
    const Modulus m(q);
    EXPECT_EQ(m.pow(psi, n), q - 1);
    EXPECT_EQ(m.pow(psi, 2 * n), 1u);
    // Minimality: no smaller value is a primitive 2N-th root.
    for (std::uint64_t x = 2; x < std::min<std::uint64_t>(psi, 2000); ++x) EXPECT_NE(m.pow(x, n), q - 1) << x;
  }
}

TEST(Primes, RefusesBadRequestsWithReasons) {
  auto bad_bits = generate_ntt_primes(1024, {61});
  ASSERT_FALSE(bad_bits.ok());
  EXPECT_NE(bad_bits.error().message.find("61"), std::string::npos);
  EXPECT_FALSE(generate_ntt_primes(1000, {40}).ok());
  auto too_many = generate_ntt_primes(32768, std::vector<int>(400, 20));
  ASSERT_FALSE(too_many.ok());
  EXPECT_NE(too_many.error().message.find("were asked for"), std::string::npos);
}

}  // namespace
}  // namespace zkc::he::ckks
