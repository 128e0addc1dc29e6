// Context::create against its contract: the 128-bit security table (checked against SEAL's own table in
// tests/data/he/ckks/seal_vectors.json, node-seal 6.0.3) with its boundaries and the insecure option; the
// structural refusals (ring degree, prime count, special prime, scale against q_0); the scale ladder
// (against the ladder recomputed here in long double from the context's primes, on random chains, and the
// drifting chains that motivated the check); the fingerprint, which must change with every parameter.
#include "zkc/he/ckks/params.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

#include "seal_vectors.hpp"
#include "test_context.hpp"
#include "testing/testing.hpp"

namespace zkc::he::ckks {
namespace {

std::vector<int> chain(int first, int middle, int count, int special) {
  std::vector<int> bits = {first};
  for (int i = 0; i < count; ++i) bits.push_back(middle);
  bits.push_back(special);
  return bits;
}

// Context::create must fail with kInvalidArgument and a message containing every fragment.
void expect_refused(const Parameters& p, std::initializer_list<std::string> fragments) {
  const auto r = Context::create(p);
  ASSERT_FALSE(r.ok()) << "accepted N = " << p.ring_degree;
  EXPECT_EQ(r.error().code, Errc::kInvalidArgument) << r.error().message;
  for (const auto& f : fragments)
    EXPECT_NE(r.error().message.find(f), std::string::npos) << r.error().message;
}

ContextPtr make(const Parameters& p) {
  auto r = Context::create(p);
  EXPECT_TRUE(r.ok()) << r.error().message;
  return r.ok() ? r.value() : nullptr;
}

TEST(CkksParams, SecurityTableIsSeals) {
  const auto& table = seal_vectors::vectors()["max_bit_count_tc128"];
  for (std::size_t n : {1024u, 2048u, 4096u, 8192u, 16384u, 32768u}) {
    EXPECT_EQ(max_log_modulus_128(n), table[std::to_string(n)].get<double>()) << n;
  }
  EXPECT_EQ(max_log_modulus_128(512), 0);
  EXPECT_EQ(max_log_modulus_128(65536), 0);
  EXPECT_EQ(max_log_modulus_128(12288), 0);
}

TEST(CkksParams, SecurityBoundariesAndRefusals) {
  // log2(QP) of primes just below 2^b is just below the sum of the bit sizes, so a chain whose sizes sum to
  // the bound is secure and one bit more is refused (as SEAL, which sums the bit counts).
  struct Row {
    std::size_t n;
    std::vector<int> at_bound, above;
    double scale;
  };
  const Row rows[] = {
      {8192, {59, 50, 50, 59}, {59, 50, 50, 60}, 0x1p50},           // 218
      {16384, chain(58, 40, 8, 60), chain(59, 40, 8, 60), 0x1p40},  // 438
      {32768, {}, {}, 0x1p40},                                      // 881
  };
  for (Row row : rows) {
    if (row.n == 32768) {  // 60 + 41 + 18 x 40 + 60 = 881, then a second 41-bit prime for a 40-bit one
      row.at_bound = chain(60, 40, 18, 60);
      row.at_bound.insert(row.at_bound.begin() + 1, 41);
      row.above = row.at_bound;
      row.above[2] = 41;
    }
    // The 32768 chain of 19 levels drifts (see ScaleLadderRefusesDeepChainsOfSealsPrimes): scales manual.
    const bool manual = row.n == 32768;
    const auto ok = make(test_parameters(row.n, row.at_bound, row.scale, false, manual));
    ASSERT_NE(ok, nullptr);
    EXPECT_TRUE(ok->secure()) << row.n;
    EXPECT_LE(ok->log2_modulus(), max_log_modulus_128(row.n));
    EXPECT_GT(ok->log2_modulus(), max_log_modulus_128(row.n) - 0.01);
    const std::string bound = std::to_string(max_log_modulus_128(row.n));
    expect_refused(test_parameters(row.n, row.above, row.scale, false, manual),
                   {"log2(QP) = ", "exceeds " + bound, "the 128-bit bound for N = " + std::to_string(row.n),
                    "HomomorphicEncryption.org standard, ternary secret"});
    // The insecure option lets it through, marked insecure.
    const auto insecure = make(test_parameters(row.n, row.above, row.scale, true, manual));
    ASSERT_NE(insecure, nullptr);
    EXPECT_FALSE(insecure->secure());
    EXPECT_GT(insecure->log2_modulus(), max_log_modulus_128(row.n));
  }
  // Ring degrees outside the table, even with a tiny modulus.
  for (std::size_t n : {16u, 1024u, 4096u, 65536u}) {
    expect_refused(
        test_parameters(n, {30, 30}, 0x1p20),
        {"ring degree " + std::to_string(n) + " is not one of 8192, 16384, 32768", "insecure_testing"});
    const auto c = make(test_parameters(n, {30, 30}, 0x1p20, true));
    ASSERT_NE(c, nullptr);
    EXPECT_FALSE(c->secure()) << n;
  }
  // A secure chain stays secure with the insecure option set (the flag allows, it does not mark).
  const auto both = make(test_parameters(8192, {60, 40, 60}, 0x1p40, true));
  ASSERT_NE(both, nullptr);
  EXPECT_TRUE(both->secure());
}

TEST(CkksParams, StructuralRefusals) {
  for (std::size_t n : {std::size_t{0}, std::size_t{4}, std::size_t{12}, std::size_t{24}, std::size_t{8191},
                        std::size_t{1} << 18}) {
    expect_refused(test_parameters(n, {30, 30}, 0x1p20, true),
                   {"ring degree " + std::to_string(n), "power of two"});
  }
  expect_refused(test_parameters(16, {40}, 0x1p30, true), {"at least two primes", "got 1"});
  expect_refused(test_parameters(16, {}, 0x1p30, true), {"at least two primes", "got 0"});
  // At most 64 primes (key switching sums up to 64 products lazily in 128 bits); 64 are fine.
  expect_refused(test_parameters(16, std::vector<int>(65, 30), 0x1p20, true, true),
                 {"at most 64 primes are supported, got 65"});
  const auto c64 = make(test_parameters(16, std::vector<int>(64, 30), 0x1p20, true, true));
  ASSERT_NE(c64, nullptr);
  EXPECT_EQ(c64->total_primes(), 64u);
  EXPECT_EQ(c64->max_level(), 62);
  for (double scale : {0.0, 1.0, -0x1p20, std::nan(""), HUGE_VAL}) {
    expect_refused(test_parameters(16, {30, 30}, scale, true), {"scale must be a finite number >= 2"});
  }
  // Bit sizes outside [20, 60] (primes.hpp names the size).
  expect_refused(test_parameters(16, {61, 61}, 0x1p20, true), {"61"});
  expect_refused(test_parameters(16, {30, 19}, 0x1p10, true), {"19"});
  // The special prime (the last) needs at least the bits of every data prime; equal is fine.
  expect_refused(test_parameters(16, {40, 40, 39}, 0x1p38, true),
                 {"the special prime (the last one) must have at least as many bits as every data prime"});
  expect_refused(test_parameters(16, {30, 40, 30, 39}, 0x1p25, true, true), {"the special prime"});
  EXPECT_NE(make(test_parameters(16, {40, 38, 40}, 0x1p38, true)), nullptr);
  // The scale must be below q_0 (so a value of about 1 fits at level 0).
  const auto c = make(test_parameters(16, {30, 40}, 0x1p20, true));
  ASSERT_NE(c, nullptr);
  const double q0 = static_cast<double>(c->modulus(0).value());
  expect_refused(test_parameters(16, {30, 40}, q0, true),
                 {"scale must be below the first prime q_0 (" + std::to_string(c->modulus(0).value()) + ")"});
  expect_refused(test_parameters(16, {30, 40}, 0x1p30, true), {"scale must be below the first prime q_0"});
  EXPECT_NE(make(test_parameters(16, {30, 40}, q0 - 1, true)), nullptr);
}

// Delta_L = scale, Delta_{l-1} = Delta_l^2 / q_l, straight from the definition in long double.
std::vector<long double> ladder_of(const Context& c, double scale) {
  std::vector<long double> d(static_cast<std::size_t>(c.max_level()) + 1);
  d.back() = scale;
  for (int l = c.max_level(); l >= 1; --l) {
    const auto i = static_cast<std::size_t>(l);
    d[i - 1] = d[i] * d[i] / static_cast<long double>(c.modulus(i).value());
  }
  return d;
}

// The highest level whose ladder value leaves [scale/2, 2 scale], or -1.
int first_bad_level(const std::vector<long double>& d, double scale) {
  for (int l = static_cast<int>(d.size()) - 1; l >= 0; --l) {
    const long double r = d[static_cast<std::size_t>(l)] / scale;
    if (!(r >= 0.5L && r <= 2.0L)) return l;
  }
  return -1;
}

TEST(CkksParams, ScaleLadderRefusesTheDriftingChain) {
  // 13 primes of 26 bits (= 1 mod 2^15, so up to ~0.05 bits below 2^26) at scale 2^26, N = 16384: the
  // drift doubles at each level and reaches 2^82 at level 0; a value of 1 would need 82 bits in a 40-bit q_0.
  auto p = test_parameters(16384, chain(40, 26, 13, 40), 0x1p26, true, true);
  const auto manual = make(p);
  ASSERT_NE(manual, nullptr);
  const auto d = ladder_of(*manual, p.scale);
  EXPECT_NEAR(std::log2(static_cast<double>(d[0])), 82.3, 0.1);
  EXPECT_NEAR(std::log2(manual->scale_at(0)), std::log2(static_cast<double>(d[0])), 1e-9);
  const int bad = first_bad_level(d, p.scale);
  ASSERT_EQ(bad, 5);  // 2^27.71 at level 5 (2^26.83 at level 6 is within)
  p.manual_scales = false;
  expect_refused(p, {"the scale ladder leaves [scale/2, 2*scale] at level 5", "Delta_5 = 2^27.71",
                     "for the scale 2^26.00", "a drift of +1.71 bits", "log2 q_l for l = 13..6 is in [25.9",
                     "Fix: data primes q_1..q_L of 26 bits", "or fewer levels"});
  // Fewer levels (the fix): 7 levels stay within.
  const auto fewer = make(test_parameters(16384, chain(40, 26, 7, 40), 0x1p26, true));
  ASSERT_NE(fewer, nullptr);
  EXPECT_EQ(first_bad_level(ladder_of(*fewer, 0x1p26), 0x1p26), -1);
  // Primes of other sizes than the scale: 58 bits against 2^40 drift down by 18 bits in one rescale.
  expect_refused(
      test_parameters(8192, {60, 58, 40, 60}, 0x1p40),
      {"at level 0", "Delta_0 = 2^22.00", "a drift of -18.00 bits", "Fix: data primes q_1..q_L of 40 bits"});
  expect_refused(test_parameters(64, {50, 30, 31, 50}, 0x1p30, true),
                 {"at level 0", "a drift of -2.00", "[30.000, 31.000]"});
  // manual_scales: the caller owns every scale, the ladder is not checked (lending/encrypted_training.hpp).
  const auto training = make(test_parameters(8192, {60, 58, 40, 60}, 0x1p40, false, true));
  ASSERT_NE(training, nullptr);
  EXPECT_TRUE(training->secure());
  EXPECT_NEAR(std::log2(training->scale_at(0)), 22.0, 0.01);
}

TEST(CkksParams, ScaleLadderRefusesDeepChainsOfSealsPrimes) {
  // SEAL's 40-bit primes for N = 32768 (all below 2^40) compound over 19 levels to 2^41.16 at level 1;
  // 17 levels stay within.
  expect_refused(test_parameters(32768, chain(60, 40, 19, 60), 0x1p40), {"at level 1", "Delta_1 = 2^41.16"});
  expect_refused(test_parameters(32768, chain(60, 40, 18, 60), 0x1p40), {"at level 0", "Delta_0 = 2^41.16"});
  EXPECT_NE(make(test_parameters(32768, chain(60, 40, 17, 60), 0x1p40)), nullptr);
}

TEST(CkksParams, ScaleLadderAgreesWithTheDefinitionOnRandomChains) {
  auto g = testing::rng(71);
  std::uniform_int_distribution<int> scale_bits(25, 45), levels(1, 12), offset(-3, 3), log_n(4, 10),
      digit(0, 9);
  int refused = 0, accepted = 0;
  for (int trial = 0; trial < 300; ++trial) {
    const int s = scale_bits(g);
    const std::size_t n = std::size_t{1} << log_n(g);
    std::vector<int> bits = {60};
    const int count = levels(g);
    for (int i = 0; i < count; ++i) {
      const int d = digit(g);
      bits.push_back(s + (d == 0 ? -1 : d == 9 ? 1 : 0));  // mostly equal to the scale, sometimes +-1 bit
    }
    bits.push_back(60);
    // Scales off the power of two too: 2^s times a factor in [0.8125, 1.1875].
    const double scale = std::ldexp(1.0 + (static_cast<double>(offset(g)) / 16.0), s);
    const auto manual = make(test_parameters(n, bits, scale, true, true));
    ASSERT_NE(manual, nullptr);
    const int bad = first_bad_level(ladder_of(*manual, scale), scale);
    const auto r = Context::create(test_parameters(n, bits, scale, true));
    if (bad < 0) {
      ++accepted;
      ASSERT_TRUE(r.ok()) << r.error().message << " (trial " << trial << ")";
      for (int l = 0; l <= r.value()->max_level(); ++l) {
        EXPECT_GE(r.value()->scale_at(l), scale / 2);
        EXPECT_LE(r.value()->scale_at(l), scale * 2);
      }
    } else {
      ++refused;
      ASSERT_FALSE(r.ok()) << "trial " << trial;
      EXPECT_NE(r.error().message.find("at level " + std::to_string(bad) + ":"), std::string::npos)
          << r.error().message;
    }
  }
  EXPECT_GT(refused, 30);
  EXPECT_GT(accepted, 30);
}

TEST(CkksParams, ProjectParametersAreSecureAndOnTheLadder) {
  // Encrypted scoring (the CLI and bench/lending_bench.cpp): N = 16384, [40, 33 x depth, 43], scale 2^33.
  for (int depth = 1; depth <= 10; ++depth) {
    const auto c = make(test_parameters(16384, chain(40, 33, depth, 43), 0x1p33));
    ASSERT_NE(c, nullptr);
    EXPECT_TRUE(c->secure()) << depth;
    EXPECT_EQ(first_bad_level(ladder_of(*c, 0x1p33), 0x1p33), -1) << depth;
    EXPECT_LT(std::log2(c->scale_at(0)), 33.2);
  }
  // bench/he_bench.cpp and SEAL's primes for them (the benchmark compares equal parameters).
  for (const auto& entry : seal_vectors::vectors()["primes"]) {
    const auto n = entry["n"].get<std::size_t>();
    auto bits = entry["bits"].get<std::vector<int>>();
    const bool bench =
        (n == 8192 && bits == std::vector<int>{60, 40, 60}) || (n == 16384 && bits == chain(60, 40, 6, 60));
    if (!bench) continue;
    const auto c = make(test_parameters(n, bits, 0x1p40));
    ASSERT_NE(c, nullptr);
    EXPECT_TRUE(c->secure());
    const auto seal = seal_vectors::primes_of(entry["primes"]);
    ASSERT_EQ(c->total_primes(), seal.size());
    for (std::size_t i = 0; i < seal.size(); ++i) EXPECT_EQ(c->modulus(i).value(), seal[i]) << n << " " << i;
  }
}

TEST(CkksParams, FingerprintChangesWithEveryParameter) {
  const Parameters base = test_parameters(64, {50, 30, 30, 30, 51}, 0x1p30, true);
  const auto c0 = make(base);
  ASSERT_NE(c0, nullptr);
  EXPECT_EQ(make(base)->fingerprint(), c0->fingerprint());  // deterministic
  std::vector<Parameters> variants;
  auto with = [&](auto change) {
    Parameters p = base;
    change(p);
    variants.push_back(p);
  };
  with([](Parameters& p) { p.ring_degree = 128; });
  with([](Parameters& p) { p.ring_degree = 32; });
  // Each size one bit up ({50, 31, 30, 30, 51} and {50, 30, 31, 30, 51} hold the same primes in another
  // order: the order matters, level l rescales by q_l).
  for (std::size_t i = 0; i < base.prime_bits.size(); ++i) {
    with([i](Parameters& p) { p.prime_bits[i] += 1; });
  }
  with([](Parameters& p) { p.prime_bits = {50, 30, 30, 51}; });          // one level fewer
  with([](Parameters& p) { p.prime_bits = {50, 30, 30, 30, 30, 51}; });  // one more
  with([](Parameters& p) { p.scale = std::nextafter(0x1p30, 0.0); });
  with([](Parameters& p) { p.scale = std::nextafter(0x1p30, 1e300); });
  with([](Parameters& p) { p.scale = 0x1p29; });
  std::set<std::uint64_t> seen = {c0->fingerprint()};
  for (const auto& p : variants) {
    Parameters q = p;
    q.manual_scales = true;  // some variants drift; the fingerprint does not depend on the flag
    const auto c = make(q);
    ASSERT_NE(c, nullptr);
    EXPECT_TRUE(seen.insert(c->fingerprint()).second)
        << "N " << p.ring_degree << ", " << p.prime_bits.size() << " primes, scale " << p.scale;
  }
  // The flags change no arithmetic and do not enter it: ciphertexts stay interchangeable.
  Parameters flags = base;
  flags.manual_scales = true;
  EXPECT_EQ(make(flags)->fingerprint(), c0->fingerprint());
  const auto secure = make(test_parameters(8192, {60, 40, 60}, 0x1p40));
  EXPECT_EQ(make(test_parameters(8192, {60, 40, 60}, 0x1p40, true))->fingerprint(), secure->fingerprint());
}

}  // namespace
}  // namespace zkc::he::ckks
