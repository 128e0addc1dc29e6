// Csprng: the keystream against libsodium's crypto_stream_chacha20 (the oracle) across refills,
// reproducibility, Lemire's uniform() against its definition, ranges and a chi-square bias test,
// bit(), and moved-from objects.
#include "zkc/base/csprng.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <array>
#include <cmath>
#include <cstring>
#include <utility>
#include <vector>

#include "testing/testing.hpp"

namespace zkc {
namespace {

// The documented test key: seed as 8 little-endian bytes, then 24 zero bytes.
std::array<unsigned char, 32> test_key(std::uint64_t seed) {
  std::array<unsigned char, 32> key{};
  for (int i = 0; i < 8; ++i) key[i] = static_cast<unsigned char>(seed >> (8 * i));
  return key;
}

// The oracle: refill r is crypto_stream_chacha20 under nonce r (little-endian), kBufferBytes long.
std::vector<std::uint64_t> oracle_words(std::uint64_t seed, std::size_t refills) {
  const auto key = test_key(seed);
  std::vector<unsigned char> bytes(refills * Csprng::kBufferBytes);
  for (std::size_t r = 0; r < refills; ++r) {
    std::array<unsigned char, 8> nonce{};
    for (int i = 0; i < 8; ++i)
      nonce[i] = static_cast<unsigned char>(static_cast<std::uint64_t>(r) >> (8 * i));
    EXPECT_EQ(crypto_stream_chacha20(bytes.data() + r * Csprng::kBufferBytes, Csprng::kBufferBytes,
                                     nonce.data(), key.data()),
              0);
  }
  std::vector<std::uint64_t> words(bytes.size() / 8);
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::uint64_t w = 0;
    for (int b = 7; b >= 0; --b) w = (w << 8) | bytes[i * 8 + static_cast<std::size_t>(b)];
    words[i] = w;
  }
  return words;
}

TEST(Csprng, KeystreamEqualsLibsodiumAcrossRefills) {
  const std::uint64_t seed = testing::test_seed();
  const auto want = oracle_words(seed, 4);
  Csprng g = Csprng::from_seed_for_testing(seed);
  for (std::size_t i = 0; i < want.size(); ++i) ASSERT_EQ(g.next_u64(), want[i]) << "word " << i;
  // A known seed too, so the check does not depend on the run's seed.
  const auto want0 = oracle_words(0, 3);
  Csprng g0 = Csprng::from_seed_for_testing(0);
  for (std::size_t i = 0; i < want0.size(); ++i) ASSERT_EQ(g0.next_u64(), want0[i]) << "word " << i;
}

TEST(Csprng, SeedsReproduceAndDiffer) {
  Csprng a = Csprng::from_seed_for_testing(7), b = Csprng::from_seed_for_testing(7);
  Csprng c = Csprng::from_seed_for_testing(8);
  int same_as_c = 0;
  for (int i = 0; i < 1000; ++i) {
    const std::uint64_t x = a.next_u64();
    EXPECT_EQ(x, b.next_u64());
    same_as_c += x == c.next_u64();
  }
  EXPECT_EQ(same_as_c, 0);
  Csprng r1, r2;  // keys from the operating system
  EXPECT_NE(r1.next_u64(), r2.next_u64());
}

// Lemire's method restated from its definition: draw x, accept iff (x n mod 2^64) >= 2^64 mod n, return
// floor(x n / 2^64). Run on a twin stream it must consume the same words and return the same values.
std::uint64_t uniform_by_definition(Csprng& g, std::uint64_t n) {
  const unsigned __int128 two64 = static_cast<unsigned __int128>(1) << 64;
  const auto reject_below = static_cast<std::uint64_t>(two64 % n);
  for (;;) {
    const unsigned __int128 m = static_cast<unsigned __int128>(g.next_u64()) * n;
    if (static_cast<std::uint64_t>(m) >= reject_below) return static_cast<std::uint64_t>(m >> 64);
  }
}

TEST(Csprng, UniformMatchesDefinitionAndStaysInRange) {
  const std::uint64_t seed = testing::test_seed();
  Csprng g = Csprng::from_seed_for_testing(seed), twin = Csprng::from_seed_for_testing(seed);
  const std::uint64_t two63 = std::uint64_t{1} << 63;
  const std::vector<std::uint64_t> ns = {
      1, 2, 3, 5, 1000, two63 - 1, two63, two63 + 1, UINT64_MAX - 1, UINT64_MAX};
  for (const std::uint64_t n : ns) {
    for (int i = 0; i < 2000; ++i) {
      const std::uint64_t x = g.uniform(n);
      ASSERT_LT(x, n) << "n = " << n;
      ASSERT_EQ(x, uniform_by_definition(twin, n)) << "n = " << n << ", draw " << i;
    }
  }
  for (int i = 0; i < 100; ++i) EXPECT_EQ(g.uniform(1), 0U);
  // n = 2^63 + 1 rejects almost half of the draws; both halves of the range still occur.
  int high = 0;
  for (int i = 0; i < 10000; ++i) high += g.uniform(two63 + 1) >= two63 / 2;
  EXPECT_GT(high, 4000);
  EXPECT_LT(high, 6000);
}

TEST(CsprngDeathTest, UniformOfZeroIsABug) {
  Csprng g = Csprng::from_seed_for_testing(1);
  EXPECT_DEATH((void)g.uniform(0), "n >= 1");
}

// Chi-square with k - 1 degrees of freedom; the critical value from the Wilson-Hilferty approximation
// (Wilson & Hilferty 1931) at z = 6 (upper tail about 1e-9). A fixed seed: deterministic in CI.
double chi_square_critical_z6(double df) {
  const double a = 2.0 / (9.0 * df);
  return df * std::pow(1.0 - a + 6.0 * std::sqrt(a), 3);
}

TEST(Csprng, UniformIsUnbiasedChiSquare) {
  Csprng g = Csprng::from_seed_for_testing(0x5eed);
  for (const std::uint64_t n : {3ULL, 7ULL, 10ULL}) {
    constexpr int kDraws = 200'000;
    std::vector<double> counts(n, 0.0);
    for (int i = 0; i < kDraws; ++i) counts[g.uniform(n)] += 1.0;
    const double expected = static_cast<double>(kDraws) / static_cast<double>(n);
    double chi2 = 0;
    for (const double c : counts) chi2 += (c - expected) * (c - expected) / expected;
    EXPECT_LT(chi2, chi_square_critical_z6(static_cast<double>(n - 1))) << "n = " << n;
  }
  // Negative control: the same statistic rejects a biased map (x mod n with x uniform on [0, 2^3)).
  std::vector<double> biased(3, 0.0);
  for (int i = 0; i < 200'000; ++i) biased[(g.next_u64() & 7U) % 3] += 1.0;
  double chi2 = 0;
  for (const double c : biased) chi2 += (c - 200'000 / 3.0) * (c - 200'000 / 3.0) / (200'000 / 3.0);
  EXPECT_GT(chi2, chi_square_critical_z6(2));
}

TEST(Csprng, BitsAreTheWordsLowBitFirstAndFair) {
  const std::uint64_t seed = testing::test_seed();
  Csprng g = Csprng::from_seed_for_testing(seed), twin = Csprng::from_seed_for_testing(seed);
  int ones = 0;
  for (int w = 0; w < 300; ++w) {  // crosses two refills
    const std::uint64_t word = twin.next_u64();
    for (int i = 0; i < 64; ++i) {
      const bool b = g.bit();
      ASSERT_EQ(b, ((word >> i) & 1U) != 0) << "word " << w << " bit " << i;
      ones += b;
    }
  }
  // 19200 fair bits: 6 standard deviations are about 416.
  EXPECT_NEAR(ones, 9600, 416);
}

TEST(Csprng, MovesContinueTheStreamAndMovedFromObjectsAreSafe) {
  Csprng a = Csprng::from_seed_for_testing(3);
  Csprng ref = Csprng::from_seed_for_testing(3);
  for (int i = 0; i < 200; ++i) ASSERT_EQ(a.next_u64(), ref.next_u64());
  (void)a.bit();  // a cached word moves too
  (void)ref.bit();
  Csprng b(std::move(a));
  for (int i = 0; i < 63; ++i) ASSERT_EQ(b.bit(), ref.bit());
  for (int i = 0; i < 200; ++i) ASSERT_EQ(b.next_u64(), ref.next_u64());

  // The moved-from object works and rekeys from the OS: its words are not the seed-3 stream's.
  std::vector<std::uint64_t> from_a(300), from_ref(300);
  for (auto& x : from_a) x = a.next_u64();
  Csprng fresh3 = Csprng::from_seed_for_testing(3);
  for (auto& x : from_ref) x = fresh3.next_u64();
  int equal = 0;
  for (std::size_t i = 0; i < from_a.size(); ++i) equal += from_a[i] == from_ref[i] || from_a[i] == 0;
  EXPECT_EQ(equal, 0);
  EXPECT_LT(a.uniform(10), 10U);
  (void)a.bit();

  // Move assignment, self-move, and assignment into a moved-from object.
  Csprng c = Csprng::from_seed_for_testing(9);
  Csprng ref9 = Csprng::from_seed_for_testing(9);
  c = std::move(b);
  for (int i = 0; i < 10; ++i) ASSERT_EQ(c.next_u64(), ref.next_u64());
  Csprng& alias = c;
  c = std::move(alias);
  ASSERT_EQ(c.next_u64(), ref.next_u64());
  b = Csprng::from_seed_for_testing(9);
  ASSERT_EQ(b.next_u64(), ref9.next_u64());
}

}  // namespace
}  // namespace zkc
