// Discrete Laplace and Bernoulli samplers: chi-square goodness of fit against the exact pmf for several
// scales (fixed seed, fixed significance), with a negative control (samples of scale 1.1 t must be
// rejected); Bernoulli(exp(-gamma)) frequencies for gamma = 0, < 1, 1, > 1; symmetry, mean and variance;
// parameter errors and the overflow bounds.
#include "zkc/dp/discrete_laplace.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "testing/testing.hpp"

namespace zkc::dp {
namespace {

// Statistical tests use fixed seeds (deterministic in CI) and thresholds at about 6 standard deviations
// (upper tail ~1e-9), so a false failure is unlikely for any seed.
constexpr double kZ = 6.0;

// Upper critical value of chi-square with `df` degrees of freedom at z standard normal deviations
// (Wilson & Hilferty 1931: (chi2/df)^(1/3) is close to normal with mean 1 - 2/(9 df), variance 2/(9 df)).
// z = 6 is an upper tail of about 1e-9.
double chi_square_critical(double df, double z = kZ) {
  const double a = 2.0 / (9.0 * df);
  return df * std::pow(1.0 - a + z * std::sqrt(a), 3);
}

struct Bin {
  std::int64_t lo, hi;  // [lo, hi] inclusive; INT64_MIN / INT64_MAX for the tails
  double mass;
};

// Bins for Lap_Z(t) with expected counts >= `min_expected`: 0 alone, then runs of consecutive integers
// on each side, and two tail bins. P(X >= k) = q^k / (1 + q) for k >= 1, q = e^{-1/t} (sum of the pmf).
std::vector<Bin> make_bins(const DiscreteLaplace& d, double n, double min_expected) {
  const double t = d.scale();
  const double q = std::exp(-1.0 / t);
  const auto tail = [&](std::int64_t k) { return std::exp(-static_cast<double>(k) / t) / (1.0 + q); };
  std::vector<Bin> positive;
  std::int64_t lo = 1;
  for (;;) {
    if (tail(lo) * n < 2 * min_expected) {
      positive.push_back({lo, INT64_MAX, tail(lo)});
      break;
    }
    std::int64_t hi = lo;
    while ((tail(lo) - tail(hi + 1)) * n < min_expected) ++hi;
    positive.push_back({lo, hi, tail(lo) - tail(hi + 1)});
    lo = hi + 1;
  }
  std::vector<Bin> bins;
  for (auto it = positive.rbegin(); it != positive.rend(); ++it) {
    bins.push_back({it->hi == INT64_MAX ? INT64_MIN : -it->hi, -it->lo, it->mass});
  }
  bins.push_back({0, 0, d.pmf(0)});
  for (const Bin& b : positive) bins.push_back(b);
  return bins;
}

struct Fit {
  double chi2;
  double critical;
  std::size_t bins;
};

// Chi-square of `samples` against the exact pmf of `model`.
Fit chi_square(const DiscreteLaplace& model, const std::vector<std::int64_t>& samples) {
  const double n = static_cast<double>(samples.size());
  // Expected counts >= 5 everywhere, and about 100 bins at most: fewer, fuller bins give the test its
  // power against a wrong scale (the negative control).
  const std::vector<Bin> bins = make_bins(model, n, std::max(5.0, n / 100));
  std::vector<double> counts(bins.size(), 0.0);
  for (const std::int64_t x : samples) {
    // Bins are sorted; binary search on lo.
    std::size_t a = 0, b = bins.size() - 1;
    while (a < b) {
      const std::size_t m = (a + b + 1) / 2;
      if (bins[m].lo <= x)
        a = m;
      else
        b = m - 1;
    }
    counts[a] += 1.0;
  }
  double chi2 = 0, total_mass = 0;
  for (std::size_t i = 0; i < bins.size(); ++i) {
    const double e = bins[i].mass * n;
    chi2 += (counts[i] - e) * (counts[i] - e) / e;
    total_mass += bins[i].mass;
  }
  EXPECT_NEAR(total_mass, 1.0, 1e-9);
  return {chi2, chi_square_critical(static_cast<double>(bins.size() - 1)), bins.size()};
}

std::vector<std::int64_t> draw(const DiscreteLaplace& d, Csprng& g, int n) {
  std::vector<std::int64_t> v(static_cast<std::size_t>(n));
  for (auto& x : v) x = d.sample_vartime(g);
  return v;
}

struct Scale {
  std::uint64_t num, den;
};
const std::vector<Scale> kScales = {{1, 3}, {1, 1}, {5, 2}, {40, 1}, {4000, 7}};

TEST(DiscreteLaplace, ChiSquareGoodnessOfFitAndNegativeControl) {
  constexpr int kSamples = 100'000;
  Csprng g = Csprng::from_seed_for_testing(20200401);
  for (const Scale s : kScales) {
    const DiscreteLaplace d = DiscreteLaplace::create(s.num, s.den).value();
    const Fit fit = chi_square(d, draw(d, g, kSamples));
    EXPECT_LT(fit.chi2, fit.critical) << "scale " << s.num << "/" << s.den << ", " << fit.bins << " bins";
    // Negative control: samples of scale 1.1 t against the pmf of t must be rejected by the same test.
    const DiscreteLaplace wrong = DiscreteLaplace::create(s.num * 11, s.den * 10).value();
    const Fit bad = chi_square(d, draw(wrong, g, kSamples));
    EXPECT_GT(bad.chi2, bad.critical) << "scale " << s.num << "/" << s.den << " vs 1.1 times it";
    std::printf(
        "[dp] scale %llu/%llu: chi2 %.1f over %zu bins (critical %.1f); samples of 1.1x the scale: %.1f\n",
        static_cast<unsigned long long>(s.num), static_cast<unsigned long long>(s.den), fit.chi2, fit.bins,
        fit.critical, bad.chi2);
  }
}

TEST(DiscreteLaplace, SymmetricWithZeroMeanAndExactVariance) {
  constexpr int kSamples = 100'000;
  Csprng g = Csprng::from_seed_for_testing(7);
  for (const Scale s : kScales) {
    const DiscreteLaplace d = DiscreteLaplace::create(s.num, s.den).value();
    const double q = std::exp(-1.0 / d.scale());
    const double variance = 2.0 * q / ((1.0 - q) * (1.0 - q));  // Var of Lap_Z(t) (CKS 2020, Sec. 2)
    double sum = 0, sum2 = 0, positive = 0, negative = 0;
    for (const std::int64_t x : draw(d, g, kSamples)) {
      sum += static_cast<double>(x);
      sum2 += static_cast<double>(x) * static_cast<double>(x);
      positive += x > 0;
      negative += x < 0;
    }
    const double n = kSamples;
    EXPECT_NEAR(sum / n, 0.0, kZ * std::sqrt(variance / n)) << s.num << "/" << s.den;
    // The sample variance: X^2 has variance E[X^4] - Var^2 <= 5 Var^2 + Var for this distribution.
    EXPECT_NEAR(sum2 / n, variance, kZ * std::sqrt((5 * variance * variance + variance) / n))
        << s.num << "/" << s.den;
    // Sign: P(X > 0) = P(X < 0); given X != 0 the sign is a fair coin.
    const double nonzero = positive + negative;
    EXPECT_NEAR(positive, nonzero / 2, kZ * std::sqrt(nonzero / 4) + 1) << s.num << "/" << s.den;
  }
}

TEST(DiscreteLaplace, PmfSumsToOne) {
  for (const Scale s : kScales) {
    const DiscreteLaplace d = DiscreteLaplace::create(s.num, s.den).value();
    double total = 0;
    const auto reach = static_cast<std::int64_t>(60 * d.scale()) + 10;  // e^-60 beyond
    for (std::int64_t x = -reach; x <= reach; ++x) total += d.pmf(x);
    EXPECT_NEAR(total, 1.0, 1e-9) << s.num << "/" << s.den;
  }
}

// A binomial count within kZ standard deviations (plus one for the discreteness at tiny p).
void expect_frequency(int hits, int n, double p, const std::string& what) {
  const double mean = n * p;
  EXPECT_NEAR(hits, mean, kZ * std::sqrt(n * p * (1 - p)) + 1) << what << " (p = " << p << ")";
}

TEST(Bernoulli, ExpNegFrequenciesForGammaBelowAtAndAboveOne) {
  constexpr int kTrials = 100'000;
  Csprng g = Csprng::from_seed_for_testing(11);
  struct Gamma {
    std::uint64_t num, den;
  };
  for (const Gamma gm : std::vector<Gamma>{{0, 1},
                                           {1, 1000},
                                           {1, 3},
                                           {1, 1},
                                           {3, 2},
                                           {5, 2},
                                           {7, 3},
                                           {10, 1},
                                           {(std::uint64_t{1} << 62) + 1, std::uint64_t{1} << 62}}) {
    int hits = 0;
    for (int i = 0; i < kTrials; ++i) hits += bernoulli_exp_neg_vartime(g, gm.num, gm.den);
    const double p = std::exp(-static_cast<double>(gm.num) / static_cast<double>(gm.den));
    expect_frequency(hits, kTrials, p, "exp(-" + std::to_string(gm.num) + "/" + std::to_string(gm.den) + ")");
    if (gm.num == 0) {
      EXPECT_EQ(hits, kTrials);
    }
  }
  // Negative control: the frequency test tells exp(-1) from exp(-1.05).
  int hits = 0;
  for (int i = 0; i < kTrials; ++i) hits += bernoulli_exp_neg_vartime(g, 21, 20);
  const double p = std::exp(-1.0);
  EXPECT_GT(std::abs(hits - kTrials * p), kZ * std::sqrt(kTrials * p * (1 - p)) + 1);
  // A huge gamma stops at the first failing exp(-1) factor: false, and fast.
  for (int i = 0; i < 1000; ++i) EXPECT_FALSE(bernoulli_exp_neg_vartime(g, UINT64_MAX, 1));
}

TEST(Bernoulli, RationalFrequenciesAndEdges) {
  constexpr int kTrials = 100'000;
  Csprng g = Csprng::from_seed_for_testing(12);
  int third = 0, never = 0, always = 0, big = 0;
  for (int i = 0; i < kTrials; ++i) {
    third += bernoulli_vartime(g, 1, 3);
    never += bernoulli_vartime(g, 0, 5);
    always += bernoulli_vartime(g, 5, 5);
    big += bernoulli_vartime(g, UINT64_MAX / 4, UINT64_MAX);
  }
  expect_frequency(third, kTrials, 1.0 / 3, "1/3");
  expect_frequency(big, kTrials, 0.25, "(2^64-1)/4 / (2^64-1)");
  EXPECT_EQ(never, 0);
  EXPECT_EQ(always, kTrials);
}

TEST(DiscreteLaplace, CreateValidatesAndReduces) {
  const auto zero_num = DiscreteLaplace::create(0, 1);
  ASSERT_FALSE(zero_num.ok());
  EXPECT_NE(zero_num.error().message.find("scale_num"), std::string::npos);
  const auto zero_den = DiscreteLaplace::create(1, 0);
  ASSERT_FALSE(zero_den.ok());
  EXPECT_NE(zero_den.error().message.find("scale_den"), std::string::npos);
  const auto too_big = DiscreteLaplace::create((std::uint64_t{1} << 40) + 1, 1);
  ASSERT_FALSE(too_big.ok());
  EXPECT_NE(too_big.error().message.find("2^40"), std::string::npos);
  EXPECT_TRUE(DiscreteLaplace::create(std::uint64_t{1} << 40, 1).ok());
  EXPECT_TRUE(DiscreteLaplace::create(UINT64_MAX, UINT64_MAX / 3).ok());  // 3: reduced
  const DiscreteLaplace d = DiscreteLaplace::create(6000, 4).value();
  EXPECT_EQ(d.scale_num(), 1500U);
  EXPECT_EQ(d.scale_den(), 1U);
  const DiscreteLaplace e = DiscreteLaplace::create(4000, 7).value();
  EXPECT_EQ(e.scale_num(), 4000U);
  EXPECT_EQ(e.scale_den(), 7U);
  // The pmf's own value at 0 for t = 1: (1 - e^-1) / (1 + e^-1) = tanh(1/2).
  EXPECT_NEAR(DiscreteLaplace::create(1, 1).value().pmf(0), std::tanh(0.5), 1e-15);
}

TEST(DiscreteLaplace, ExtremeScalesStayInRangeAndReproduce) {
  Csprng g = Csprng::from_seed_for_testing(testing::test_seed());
  const DiscreteLaplace huge = DiscreteLaplace::create(std::uint64_t{1} << 40, 1).value();
  const DiscreteLaplace tiny = DiscreteLaplace::create(1, UINT64_MAX).value();
  double sum_abs = 0;
  for (int i = 0; i < 2000; ++i) {
    const std::int64_t x = huge.sample_vartime(g);
    ASSERT_LE(x, DiscreteLaplace::kMaxMagnitude);
    ASSERT_GE(x, -DiscreteLaplace::kMaxMagnitude);
    sum_abs += std::fabs(static_cast<double>(x));
    ASSERT_EQ(tiny.sample_vartime(g), 0);  // P(0) = tanh(1/(2t)) = 1 - 2^-(2^64)-ish
  }
  // E|X| is about t = 2^40 for large t.
  EXPECT_NEAR(sum_abs / 2000 / std::ldexp(1.0, 40), 1.0, 0.2);
  const DiscreteLaplace d = DiscreteLaplace::create(4000, 7).value();
  Csprng a = Csprng::from_seed_for_testing(5), b = Csprng::from_seed_for_testing(5);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(d.sample_vartime(a), d.sample_vartime(b));
}

}  // namespace
}  // namespace zkc::dp
