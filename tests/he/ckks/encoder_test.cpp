// The canonical-embedding encoder against the definition: a plaintext m(X) holds in slot j the value
// m(zeta^(3^j)) / Delta, evaluated directly in long double.
#include "zkc/he/ckks/encoder.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "testing/testing.hpp"

namespace zkc::he::ckks {
namespace {

ContextPtr small_context(std::size_t n, std::vector<int> bits, double scale) {
  Parameters p;
  p.ring_degree = n;
  p.prime_bits = std::move(bits);
  p.scale = scale;
  p.insecure_testing = true;
  return Context::create(p).value();
}

std::vector<std::complex<double>> random_values(std::mt19937_64& g, std::size_t count, double bound) {
  std::uniform_real_distribution<double> u(-bound, bound);
  std::vector<std::complex<double>> v(count);
  for (auto& x : v) x = {u(g), u(g)};
  return v;
}

TEST(Encoder, EmbedInverseSatisfiesTheDefinition) {
  auto ctx = small_context(64, {50, 50}, 0x1p30);
  Encoder enc(ctx);
  auto g = testing::rng(5);
  const auto z = random_values(g, 32, 1.0);
  const auto a = enc.embed_inverse(z);
  const std::size_t n = 64;
  std::size_t e = 1;
  for (std::size_t j = 0; j < 32; ++j) {
    std::complex<long double> acc = 0;
    for (std::size_t k = 0; k < n; ++k) {
      const long double angle =
          std::numbers::pi_v<long double> * static_cast<long double>(e * k % (2 * n)) / n;
      acc += static_cast<long double>(a[k]) * std::complex<long double>(std::cos(angle), std::sin(angle));
    }
    EXPECT_NEAR(static_cast<double>(acc.real()), z[j].real(), 1e-12) << j;
    EXPECT_NEAR(static_cast<double>(acc.imag()), z[j].imag(), 1e-12) << j;
    e = e * 3 % (2 * n);
  }
}

TEST(Encoder, RoundTripsWithinTheRoundingBound) {
  auto g = testing::rng(6);
  for (std::size_t n : {16u, 1024u, 8192u}) {
    auto ctx = small_context(n, {60, 40, 60}, 0x1p40);
    Encoder enc(ctx);
    const auto z = random_values(g, n / 2, 10.0);
    for (int level : {0, 1}) {
      auto pt = enc.encode(z, 0x1p40, level);
      ASSERT_TRUE(pt.ok()) << pt.error().message;
      const auto back = enc.decode(pt.value());
      // Rounding each coefficient moves each slot by at most N/2 / Delta (triangle inequality).
      const double bound = static_cast<double>(n) / 2 / 0x1p40;
      for (std::size_t j = 0; j < z.size(); ++j) ASSERT_LT(std::abs(back[j] - z[j]), bound) << j;
    }
  }
}

TEST(Encoder, HugeScaledValuesUseTheWideResidues) {
  auto ctx = small_context(32, {60, 60, 60, 60}, 0x1p40);
  Encoder enc(ctx);
  std::vector<double> z = {3.0, -2.5, 1e6};
  auto pt = enc.encode(z, 0x1p100, 2);  // coefficients around 2^120 need three primes
  ASSERT_TRUE(pt.ok()) << pt.error().message;
  const auto back = enc.decode_real(pt.value());
  for (std::size_t j = 0; j < z.size(); ++j) EXPECT_NEAR(back[j], z[j], 1e-6 * std::fabs(z[j]) + 1e-9);
  auto constant = enc.encode_constant(-7.25, 0x1p90, 2);
  ASSERT_TRUE(constant.ok());
  for (double v : enc.decode_real(constant.value())) EXPECT_NEAR(v, -7.25, 1e-12);
}

TEST(Encoder, RefusesWhatDoesNotFit) {
  auto ctx = small_context(32, {40, 40}, 0x1p30);
  Encoder enc(ctx);
  std::vector<double> too_many(17, 1.0);
  EXPECT_EQ(enc.encode(too_many, 0x1p30, 0).error().code, Errc::kBadLength);
  std::vector<double> big = {0x1p20};
  auto r = enc.encode(big, 0x1p30, 0);  // 2^50 > q_0 / 2
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("exceeds the modulus"), std::string::npos);
  std::vector<double> nan = {std::nan("")};
  EXPECT_FALSE(enc.encode(nan, 0x1p30, 0).ok());
  std::vector<double> one = {1.0};
  EXPECT_FALSE(enc.encode(one, 0x1p30, 1).ok());  // no level 1 here
  EXPECT_FALSE(enc.encode(one, -1.0, 0).ok());
}

}  // namespace
}  // namespace zkc::he::ckks
