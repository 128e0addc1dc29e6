// The canonical-embedding encoder against the definition: a plaintext m(X) holds in slot j the value
// m(zeta^(3^j)) / Delta, evaluated directly in long double.
#include "zkc/he/ckks/encoder.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "test_context.hpp"
#include "testing/testing.hpp"

namespace zkc::he::ckks {
namespace {

// manual: the chain's primes are not near the scale (the tests pick every scale themselves).
ContextPtr small_context(std::size_t n, std::vector<int> bits, double scale, bool manual_scales = false) {
  return insecure_context(n, std::move(bits), scale, manual_scales);
}

// The residues of an encoded plaintext, by GMP: round(x) of every coefficient x = sigma^-1(z)_k * scale
// (already an integer in double precision above 2^53), reduced modulo each prime of the level.
void expect_residues_exact(const Context& ctx, const Plaintext& pt, const std::vector<double>& scaled) {
  RnsPoly p = pt.poly;
  if (p.ntt) from_ntt(ctx, p);
  for (std::size_t i = 0; i < p.rows; ++i) {
    const mpz_class q(std::to_string(ctx.modulus(i).value()));
    for (std::size_t k = 0; k < p.n; ++k) {
      mpz_class x(std::nearbyint(scaled[k]));  // exact: an integral double
      mpz_class r;
      mpz_fdiv_r(r.get_mpz_t(), x.get_mpz_t(), q.get_mpz_t());
      ASSERT_EQ(r.get_str(), std::to_string(p.row(i)[k]))
          << "row " << i << ", coefficient " << k << " = " << x.get_str();
    }
  }
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
  auto ctx = small_context(32, {60, 60, 60, 60}, 0x1p40, true);
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

TEST(Encoder, LargeScaleResiduesAreExact) {
  // Coefficients from below 2^62 to the top of a 300-bit modulus, mixed in one plaintext, against GMP.
  // (from_coefficients takes those of 2^62 and above as m 2^(e - 53), with 2^(e - 53) mod q from a table.)
  auto ctx = small_context(64, {60, 60, 60, 60, 60, 60}, 0x1p40, true);
  Encoder enc(ctx);
  auto g = testing::rng(8);
  std::uniform_real_distribution<double> magnitude(-30, 10), unit(-1, 1);
  for (double scale : {0x1p40, 0x1p61, 0x1p62, 0x1p63, 0x1p70, 0x1p100, 0x1p150, 0x1p250}) {
    for (int level : {1, 2, 4}) {
      const double log2_q = 60.0 * (level + 1);
      if (std::log2(scale) + 16 > log2_q - 1) continue;  // the values times the scale must fit
      std::vector<std::complex<double>> z(32);
      for (auto& v : z) v = {unit(g) * std::exp2(magnitude(g)), unit(g) * std::exp2(magnitude(g))};
      const auto coefficients = enc.embed_inverse(z);
      std::vector<double> scaled(coefficients.size());
      for (std::size_t k = 0; k < scaled.size(); ++k) scaled[k] = coefficients[k] * scale;
      auto pt = enc.encode(z, scale, level);
      ASSERT_TRUE(pt.ok()) << pt.error().message;
      expect_residues_exact(*ctx, pt.value(), scaled);
      // And it decodes (relative precision of a double, from the rounding of the embedding).
      const auto back = enc.decode(pt.value());
      for (std::size_t j = 0; j < z.size(); ++j)
        ASSERT_LT(std::abs(back[j] - z[j]), 1e-9 + 64.0 / scale) << j;
    }
  }
  // The edges: +-2^62 exactly (the first large coefficient: e = 63), the largest double below 2^62 (the
  // small path), and the largest coefficient a level holds: just below Q_l / 2, the top of the table.
  for (int level : {0, 1, 3, 4}) {
    double log2_q = 0;
    for (int i = 0; i <= level; ++i)
      log2_q += std::log2(static_cast<double>(ctx->modulus(static_cast<std::size_t>(i)).value()));
    const double limit = std::exp2(log2_q - 1);
    for (double x : {0x1p62, -0x1p62, std::nextafter(0x1p62, 0.0), -std::nextafter(0x1p62, 0.0),
                     std::nextafter(limit, 0.0), -std::nextafter(limit, 0.0)}) {
      if (!(std::fabs(x) < limit)) continue;
      std::vector<double> scaled(64, 0.0);
      scaled[0] = x;
      auto pt = enc.encode_constant(x < 0 ? -1.0 : 1.0, std::fabs(x), level);  // the constant polynomial x
      ASSERT_TRUE(pt.ok()) << pt.error().message;
      expect_residues_exact(*ctx, pt.value(), scaled);
    }
    auto over = enc.encode_constant(1.0, limit, level);
    ASSERT_FALSE(over.ok());
    EXPECT_NE(over.error().message.find("exceeds the modulus at level " + std::to_string(level)),
              std::string::npos);
  }
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
