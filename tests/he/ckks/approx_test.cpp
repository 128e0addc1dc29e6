// Polynomial approximation (src/zkc/he/ckks/approx.hpp) against independent facts: the Chebyshev
// polynomials' power coefficients, exact reproduction of polynomials by interpolation, closed-form best
// approximations (|x| by x^2 + 1/8; e^x by a line, Trefethen ATAP ch. 10), the equioscillation
// characterization of the minimax polynomial counted on a separate dense grid, and the presets' errors
// as documented in the header.
#include "zkc/he/ckks/approx.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

#include "testing/testing.hpp"

namespace zkc::he::ckks {
namespace {

double horner(const std::vector<double>& a, double u) {
  double r = 0;
  for (std::size_t k = a.size(); k-- > 0;) r = r * u + a[k];
  return r;
}

// T_k(u) = cos(k arccos u) on [-1, 1]: the definition, not the recurrence.
double cheb_by_definition(const std::vector<double>& c, double u) {
  double r = 0;
  for (std::size_t k = 0; k < c.size(); ++k) r += c[k] * std::cos(static_cast<double>(k) * std::acos(u));
  return r;
}

TEST(Approx, ChebyshevPowerCoefficients) {
  // T_3 = 4u^3 - 3u, T_4 = 8u^4 - 8u^2 + 1, T_5 = 16u^5 - 20u^3 + 5u (Abramowitz-Stegun 22.3.15 table).
  EXPECT_EQ(chebyshev_to_power({0, 0, 0, 1}), (std::vector<double>{0, -3, 0, 4}));
  EXPECT_EQ(chebyshev_to_power({0, 0, 0, 0, 1}), (std::vector<double>{1, 0, -8, 0, 8}));
  EXPECT_EQ(chebyshev_to_power({0, 0, 0, 0, 0, 1}), (std::vector<double>{0, 5, 0, -20, 0, 16}));
  // u^3 = (3 T_1 + T_3) / 4, u^4 = (3 T_0 + 4 T_2 + T_4) / 8.
  EXPECT_EQ(power_to_chebyshev({0, 0, 0, 1}), (std::vector<double>{0, 0.75, 0, 0.25}));
  EXPECT_EQ(power_to_chebyshev({0, 0, 0, 0, 1}), (std::vector<double>{0.375, 0, 0.5, 0, 0.125}));
  EXPECT_TRUE(chebyshev_to_power({}).empty());
  EXPECT_EQ(chebyshev_to_power({2.5}), (std::vector<double>{2.5}));
}

TEST(Approx, BasisConversionsAndClenshawAgree) {
  auto g = zkc::testing::rng(601);
  std::uniform_real_distribution<double> coef(-1, 1), pt(-1, 1);
  for (int d = 0; d <= 20; ++d) {
    std::vector<double> c(static_cast<std::size_t>(d + 1));
    for (double& v : c) v = coef(g);
    const ChebyshevSeries s{-1, 1, c};
    const auto power = chebyshev_to_power(c);
    const auto back = power_to_chebyshev(power);
    for (int k = 0; k <= d; ++k)
      EXPECT_NEAR(back[static_cast<std::size_t>(k)], c[static_cast<std::size_t>(k)], 1e-9);
    for (int i = 0; i < 20; ++i) {
      const double u = pt(g);
      const double want = cheb_by_definition(c, u);
      EXPECT_NEAR(s.eval_unit(u), want, 1e-12 * (d + 1));
      EXPECT_NEAR(horner(power, u), want, 1e-9 * std::pow(2.5, d));  // power form loses digits with d
    }
  }
  // A series on [a, b] is evaluated at u = (2x - a - b) / (b - a).
  const ChebyshevSeries s{2, 6, {0, 1}};
  EXPECT_DOUBLE_EQ(s(2), -1);
  EXPECT_DOUBLE_EQ(s(4), 0);
  EXPECT_DOUBLE_EQ(s(6), 1);
}

TEST(Approx, InterpolationReproducesPolynomialsAndMatchesAtTheNodes) {
  auto g = zkc::testing::rng(602);
  std::uniform_real_distribution<double> coef(-1, 1), ends(-5, 5);
  for (int trial = 0; trial < 40; ++trial) {
    double a = ends(g), b = ends(g);
    if (a > b) std::swap(a, b);
    if (b - a < 0.1) b = a + 0.1;
    const int k = trial % 9, d = k + trial % 4;  // a degree-k polynomial, interpolated at degree d >= k
    std::vector<double> pw(static_cast<std::size_t>(k + 1));
    for (double& v : pw) v = coef(g);
    const auto f = [&](double x) { return horner(pw, x); };
    const auto p = chebyshev_interpolant(f, a, b, d).value();
    ASSERT_EQ(p.degree(), d);
    const double scale = std::pow(std::max(std::fabs(a), std::fabs(b)) + 1, k);
    for (int i = 0; i <= 50; ++i) {
      const double x = a + (b - a) * i / 50;
      EXPECT_NEAR(p(x), f(x), 1e-11 * scale) << "trial " << trial;
    }
    for (int j = d + 1; j < static_cast<int>(p.coeffs.size()); ++j)
      EXPECT_NEAR(p.coeffs[static_cast<std::size_t>(j)], 0, 1e-11);
  }
  // A non-polynomial: equal to f at the d + 1 first-kind Chebyshev points.
  const int d = 9;
  const auto p = chebyshev_interpolant([](double x) { return std::exp(x); }, -2, 3, d).value();
  for (int j = 0; j <= d; ++j) {
    const double x = 0.5 + 2.5 * std::cos(std::numbers::pi * (j + 0.5) / (d + 1));
    EXPECT_NEAR(p(x), std::exp(x), 1e-12 * std::exp(3.0));
  }
  // Smooth functions converge geometrically: exp on [-1, 1] at degree 12 is exact to ~1e-15.
  const auto e12 = chebyshev_interpolant([](double x) { return std::exp(x); }, -1, 1, 12).value();
  EXPECT_LT(max_error([](double x) { return std::exp(x); }, e12), 1e-13);
}

TEST(Approx, MinimaxKnownBestApproximations) {
  // |x| on [-1, 1], degree 2 (and 3: the best is even): x^2 + 1/8, error 1/8.
  MinimaxOptions o;
  o.breakpoints = {0.0};
  for (int d : {2, 3}) {
    const auto p = minimax([](double x) { return std::fabs(x); }, -1, 1, d, o).value();
    const auto pw = p.power_coefficients();
    EXPECT_NEAR(pw[0], 0.125, 1e-6);
    EXPECT_NEAR(pw[1], 0, 1e-6);
    EXPECT_NEAR(pw[2], 1, 1e-6);
    if (d == 3) {
      EXPECT_NEAR(pw[3], 0, 1e-6);
    }
    EXPECT_NEAR(max_error([](double x) { return std::fabs(x); }, p, 100001, {0.0}), 0.125, 1e-6);
  }
  // e^x on [-1, 1], degree 1: slope b = sinh 1, equioscillation at -1, ln b, 1, error
  // E = (e^-1 + b ln b) / 2 = 0.27880 (solving the three equations by hand).
  const double b = std::sinh(1.0), e = (std::exp(-1.0) + b * std::log(b)) / 2;
  const auto p = minimax([](double x) { return std::exp(x); }, -1, 1, 1).value();
  const auto pw = p.power_coefficients();
  EXPECT_NEAR(pw[1], b, 1e-6);
  EXPECT_NEAR(pw[0], std::exp(-1.0) + b - e, 1e-6);
  EXPECT_NEAR(max_error([](double x) { return std::exp(x); }, p), e, 1e-6);
  EXPECT_NEAR(e, 0.27880, 1e-5);
  // Degree 0: the midpoint of the range.
  const auto c = minimax([](double x) { return x * x; }, -1, 2, 0).value();
  EXPECT_NEAR(c.coeffs[0], 2, 1e-9);
}

// Chebyshev's equioscillation theorem: p is the best approximation of degree <= d iff f - p takes
// its maximum modulus with alternating signs at >= d + 2 points. Counted here on a separate grid.
int alternations(const RealFunction& f, const ChebyshevSeries& p, double level,
                 const std::vector<double>& extra) {
  std::vector<double> xs;
  for (int i = 0; i <= 40000; ++i) xs.push_back(p.lower + (p.upper - p.lower) * i / 40000);
  for (double x : extra)
    if (x > p.lower && x < p.upper) xs.push_back(x);
  std::sort(xs.begin(), xs.end());
  int count = 0, last_sign = 0;
  for (double x : xs) {
    const double err = f(x) - p(x);
    if (std::fabs(err) < level) continue;
    const int sign = err > 0 ? 1 : -1;
    if (sign != last_sign) {
      ++count;
      last_sign = sign;
    }
  }
  return count;
}

TEST(Approx, MinimaxEquioscillatesAndBeatsInterpolation) {
  auto g = zkc::testing::rng(603);
  std::uniform_real_distribution<double> lo(-12, -0.5), hi(0.5, 12);
  for (int trial = 0; trial < 16; ++trial) {
    const double a = lo(g), b = hi(g);
    const int d = 1 + trial % 12;
    const bool is_relu = trial % 2 == 0;
    const RealFunction f = is_relu ? RealFunction(relu) : RealFunction(logistic);
    MinimaxOptions o;
    if (is_relu) o.breakpoints = {0.0};
    const auto p = minimax(f, a, b, d, o).value();
    const double err = max_error(f, p, 40001, o.breakpoints);
    const auto ci = chebyshev_interpolant(f, a, b, d).value();
    EXPECT_LE(err, max_error(f, ci, 40001, o.breakpoints) * (1 + 1e-9)) << "trial " << trial;
    // The best polynomial may have lower degree (f even about the centre...); the theorem still
    // requires d + 2 alternations of the best error.
    EXPECT_GE(alternations(f, p, err * (1 - 2e-3), o.breakpoints), d + 2)
        << "trial " << trial << (is_relu ? " relu" : " sigmoid") << " on [" << a << ", " << b << "] degree "
        << d;
  }
}

TEST(Approx, LeastSquaresRecoversPolynomialsAndIsStationary) {
  auto g = zkc::testing::rng(604);
  std::uniform_real_distribution<double> coef(-1, 1);
  std::normal_distribution<double> noise(0, 0.05);
  for (int trial = 0; trial < 20; ++trial) {
    const double a = -3 + trial * 0.1, b = a + 1 + trial * 0.3;
    const int k = trial % 6, d = k + trial % 3;
    std::vector<double> pw(static_cast<std::size_t>(k + 1));
    for (double& v : pw) v = coef(g);
    const auto f = [&](double x) { return horner(pw, x); };
    std::uniform_real_distribution<double> in(a, b);
    std::vector<double> xs(200), ys(200), noisy(200);
    for (std::size_t r = 0; r < xs.size(); ++r) {
      xs[r] = in(g);
      ys[r] = f(xs[r]);
      noisy[r] = ys[r] + noise(g);
    }
    // Exact samples of a polynomial of degree <= d: recovered, with or without the uniform term.
    for (double w : {0.0, 0.5}) {
      const auto p = least_squares(xs, ys, f, a, b, d, w).value();
      const double scale = std::pow(std::max(std::fabs(a), std::fabs(b)) + 1, k);
      for (int i = 0; i <= 20; ++i) {
        const double x = a + (b - a) * i / 20;
        EXPECT_NEAR(p(x), f(x), 1e-9 * scale) << "trial " << trial << " weight " << w;
      }
    }
    // Noisy samples, no uniform term: the residual is orthogonal to every T_j at the samples (normal
    // equations), with T_j evaluated by definition.
    const auto p = least_squares(xs, noisy, f, a, b, d, 0.0).value();
    for (int j = 0; j <= d; ++j) {
      double dot = 0;
      for (std::size_t r = 0; r < xs.size(); ++r) {
        const double u = std::clamp(p.to_unit(xs[r]), -1.0, 1.0);
        dot += (p(xs[r]) - noisy[r]) * std::cos(j * std::acos(u));
      }
      EXPECT_NEAR(dot, 0, 1e-9) << "trial " << trial << " T_" << j;
    }
  }
  // No samples: the uniform term alone is the discrete L2 projection, close to the interpolant for a
  // smooth function.
  const auto e = least_squares(
                     {}, {}, [](double x) { return std::exp(x); }, -1, 1, 8, 1.0)
                     .value();
  EXPECT_LT(max_error([](double x) { return std::exp(x); }, e), 1e-7);
  // Samples concentrated near 0 pull the fit there: better near 0, worse far away, than uniform.
  std::vector<double> xs, ys;
  for (int i = -50; i <= 50; ++i) {
    xs.push_back(i * 0.002);
    ys.push_back(relu(i * 0.002));
  }
  const auto data = least_squares(xs, ys, relu, -1, 1, 6, 0.01).value();
  const auto uniform = least_squares({}, {}, relu, -1, 1, 6, 1.0).value();
  double near_data = 0, near_uniform = 0;
  for (double x : xs) {
    near_data = std::max(near_data, std::fabs(data(x) - relu(x)));
    near_uniform = std::max(near_uniform, std::fabs(uniform(x) - relu(x)));
  }
  EXPECT_LT(near_data, near_uniform / 2);
  EXPECT_GT(max_error(relu, data), max_error(relu, uniform));
  // Bad arguments.
  const std::vector<double> one = {0.5}, two = {0.5, 0.7}, out = {2.0};
  const auto f = [](double x) { return x; };
  EXPECT_NE(least_squares(one, two, f, 0, 1, 2, 0).error().message.find("differ"), std::string::npos);
  EXPECT_NE(least_squares(out, one, f, 0, 1, 2, 0).error().message.find("sample 0"), std::string::npos);
  EXPECT_NE(least_squares(one, one, f, 0, 1, 2, -1).error().message.find("uniform weight"),
            std::string::npos);
  EXPECT_NE(least_squares({}, {}, f, 0, 1, 2, 0).error().message.find("no samples"), std::string::npos);
  EXPECT_FALSE(least_squares(one, one, f, 1, 0, 2, 0).ok());
  EXPECT_FALSE(least_squares(one, one, f, 0, 1, -1, 0).ok());
}

TEST(Approx, RejectsBadArguments) {
  const auto f = [](double x) { return x; };
  EXPECT_FALSE(chebyshev_interpolant(f, 0, 1, -1).ok());
  EXPECT_FALSE(chebyshev_interpolant(f, 0, 1, 257).ok());
  EXPECT_FALSE(chebyshev_interpolant(f, 1, 1, 3).ok());
  EXPECT_FALSE(chebyshev_interpolant(f, 2, 1, 3).ok());
  EXPECT_FALSE(chebyshev_interpolant(f, std::nan(""), 1, 3).ok());
  EXPECT_FALSE(minimax(f, 0, INFINITY, 3).ok());
  const auto bad = minimax([](double x) { return std::sqrt(x); }, -1, 1, 4);  // NaN below 0
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("not finite"), std::string::npos) << bad.error().message;
  MinimaxOptions tiny;
  tiny.grid_points = 5;
  EXPECT_FALSE(minimax(f, 0, 1, 3, tiny).ok());
  const auto unknown = preset("relu4");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("relu4"), std::string::npos);
}

TEST(Approx, PresetsHaveTheDocumentedErrors) {
  // The table in approx.hpp.
  const struct {
    const char* name;
    double bound;
    int degree;
    double error;
  } kTable[] = {{"relu3", 1, 3, 6.250e-02},    {"relu7", 1, 7, 2.297e-02},
                {"relu15", 1, 15, 9.974e-03},  {"sigmoid3", 8, 3, 8.946e-02},
                {"sigmoid7", 8, 7, 1.889e-02}, {"sigmoid15", 8, 15, 8.789e-04}};
  ASSERT_EQ(preset_names().size(), std::size(kTable));
  for (const auto& row : kTable) {
    const auto p = preset(row.name).value();
    EXPECT_EQ(p.name, row.name);
    EXPECT_EQ(p.series.degree(), row.degree);
    EXPECT_EQ(p.series.lower, -row.bound);
    EXPECT_EQ(p.series.upper, row.bound);
    EXPECT_NEAR(p.max_error, row.error, 1e-3 * row.error) << row.name;
    const RealFunction f = row.name[0] == 'r' ? RealFunction(relu) : RealFunction(logistic);
    EXPECT_NEAR(max_error(f, p.series, 200001, {0.0}), p.max_error, 1e-12);
  }
  // ReLU of degree 2k + 1 is no better than degree 2k (ReLU - x/2 is even).
  EXPECT_NEAR(preset("relu3").value().max_error, 1.0 / 16, 1e-7);
}

TEST(Approx, Functions) {
  EXPECT_EQ(relu(-2), 0);
  EXPECT_EQ(relu(0), 0);
  EXPECT_EQ(relu(3), 3);
  EXPECT_DOUBLE_EQ(logistic(0), 0.5);
  EXPECT_DOUBLE_EQ(logistic(-800), 0);
  EXPECT_DOUBLE_EQ(logistic(800), 1);
  EXPECT_NEAR(logistic(2) + logistic(-2), 1, 1e-15);
}

}  // namespace
}  // namespace zkc::he::ckks
