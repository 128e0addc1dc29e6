// Polynomial evaluation over the Ops interface (src/zkc/he/ckks/polyeval.hpp) on the plaintext mock:
// every degree 0..32 in both bases against direct evaluation (Horner; T_k = cos(k arccos x) by
// definition), the levels used (exactly depth(effective degree)), the product counts, per-slot
// coefficients, odd/even-only polynomials, trailing zeros, constants, too few levels, and noise
// amplification of the Chebyshev form against the power form.
#include "zkc/he/ckks/polyeval.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "he/ckks/mock_ops.hpp"
#include "testing/testing.hpp"
#include "zkc/he/ckks/approx.hpp"

namespace zkc::he::ckks {
namespace {

using testing::MockOps;

double direct(Basis basis, const std::vector<double>& c, double x) {
  double r = 0;
  for (std::size_t k = 0; k < c.size(); ++k)
    r += c[k] * (basis == Basis::kPower ? std::pow(x, static_cast<double>(k))
                                        : std::cos(static_cast<double>(k) * std::acos(x)));
  return r;
}

std::vector<double> random_inputs(std::mt19937_64& g, std::size_t slots) {
  std::uniform_real_distribution<double> u(-1, 1);
  std::vector<double> x(slots);
  for (double& v : x) v = u(g);
  x[0] = -1;
  x[1] = 1;
  x[2] = 0;
  return x;
}

// ct-ct products for a dense polynomial of degree 2^D - 1: 2^(D-1) - 1 in the splits, D - 1 powers.
long dense_products(int levels) { return levels == 0 ? 0 : (1L << (levels - 1)) - 1 + (levels - 1); }

TEST(PolyEval, Depth) {
  EXPECT_EQ(depth(0), 0);
  EXPECT_EQ(depth(1), 1);
  EXPECT_EQ(depth(2), 2);
  EXPECT_EQ(depth(3), 2);
  EXPECT_EQ(depth(4), 3);
  EXPECT_EQ(depth(7), 3);
  EXPECT_EQ(depth(8), 4);
  EXPECT_EQ(depth(15), 4);
  EXPECT_EQ(depth(16), 5);
  EXPECT_EQ(depth(1023), 10);
  static_assert(depth(31) == 5 && depth(32) == 6);
}

TEST(PolyEval, EveryDegreeBothBases) {
  auto g = zkc::testing::rng(701);
  std::uniform_real_distribution<double> coef(-1, 1);
  std::uniform_int_distribution<int> spare(0, 2);
  const std::size_t slots = 64;
  for (Basis basis : {Basis::kPower, Basis::kChebyshev}) {
    for (int d = 0; d <= 32; ++d) {
      std::vector<double> c(static_cast<std::size_t>(d + 1));
      for (double& v : c) v = coef(g);
      if (std::fabs(c.back()) < 0.1) c.back() = 0.5;  // the degree is d
      const int top = depth(d) + spare(g);
      MockOps ops(slots, top);
      const auto x = random_inputs(g, slots);
      const auto ct = ops.encrypt(x);
      const auto out = evaluate_polynomial(ops, ct, SlotPolynomial::scalar(basis, c));
      EXPECT_EQ(ops.level(out), top - depth(d)) << "degree " << d;
      double sum = 0;
      for (double v : c) sum += std::fabs(v);
      for (std::size_t i = 0; i < slots; ++i)
        ASSERT_NEAR(out.v[i], direct(basis, c, x[i]), 1e-13 * sum * (d + 1))
            << "degree " << d << " slot " << i;
      if (d >= 1 && ((d + 1) & d) == 0) {
        EXPECT_EQ(ops.count("mul"), dense_products(depth(d))) << "degree " << d;
      }
      EXPECT_LE(ops.count("mul"), dense_products(depth(d))) << "degree " << d;
    }
  }
}

TEST(PolyEval, PerSlotCoefficients) {
  auto g = zkc::testing::rng(702);
  std::uniform_real_distribution<double> coef(-1, 1);
  const std::size_t slots = 32;
  for (Basis basis : {Basis::kPower, Basis::kChebyshev}) {
    for (int d : {1, 2, 3, 5, 7, 8, 12, 15}) {
      // Slot s evaluates its own polynomial; a few coefficients are shared scalars, one is zero in
      // every slot but the last.
      SlotPolynomial p{basis, {}};
      std::vector<std::vector<double>> per_slot(slots, std::vector<double>(static_cast<std::size_t>(d + 1)));
      for (int k = 0; k <= d; ++k) {
        if (k % 3 == 1) {
          const double v = coef(g);
          p.coeffs.push_back({v});
          for (auto& s : per_slot) s[static_cast<std::size_t>(k)] = v;
        } else {
          std::vector<double> v(slots);
          for (std::size_t s = 0; s < slots; ++s) {
            v[s] = (k == 2 && s + 1 < slots) ? 0.0 : coef(g);
            per_slot[s][static_cast<std::size_t>(k)] = v[s];
          }
          p.coeffs.push_back(v);
        }
      }
      MockOps ops(slots, depth(d));
      const auto x = random_inputs(g, slots);
      const auto out = evaluate_polynomial(ops, ops.encrypt(x), p);
      EXPECT_EQ(out.level, 0);
      for (std::size_t s = 0; s < slots; ++s)
        EXPECT_NEAR(out.v[s], direct(basis, per_slot[s], x[s]), 1e-12 * (d + 1)) << "degree " << d;
    }
  }
}

TEST(PolyEval, OddAndEvenOnly) {
  auto g = zkc::testing::rng(703);
  std::uniform_real_distribution<double> coef(-1, 1);
  const std::size_t slots = 16;
  for (Basis basis : {Basis::kPower, Basis::kChebyshev}) {
    for (int d : {2, 3, 4, 6, 7, 9, 14, 15, 16}) {
      std::vector<double> c(static_cast<std::size_t>(d + 1), 0.0);
      for (int k = d % 2; k <= d; k += 2) c[static_cast<std::size_t>(k)] = coef(g);
      c.back() = 0.75;
      MockOps ops(slots, depth(d));
      const auto x = random_inputs(g, slots);
      const auto out = evaluate_polynomial(ops, ops.encrypt(x), SlotPolynomial::scalar(basis, c));
      EXPECT_EQ(out.level, 0) << "degree " << d;
      for (std::size_t s = 0; s < slots; ++s) EXPECT_NEAR(out.v[s], direct(basis, c, x[s]), 1e-12 * (d + 1));
      // An even polynomial needs no odd leaf, so fewer products than a dense one.
      if (d % 2 == 0 && d >= 4) {
        EXPECT_LT(ops.count("mul"), dense_products(depth(d))) << "degree " << d;
      }
    }
  }
}

TEST(PolyEval, ConstantsTrailingZerosAndTheZeroPolynomial) {
  const std::size_t slots = 8;
  MockOps ops(slots, 3);
  const auto x = ops.encrypt({0.5, -0.25, 1, -1, 0, 0.1, 0.2, 0.3});
  // Degree 0: no level, the constant everywhere.
  const std::vector<double> five = {5.0};
  auto c = evaluate_chebyshev(ops, x, five);
  EXPECT_EQ(c.level, 3);
  for (double v : c.v) EXPECT_DOUBLE_EQ(v, 5);
  // Trailing zeros do not count: 1 + 2x uses one level, not depth(4) = 3.
  const std::vector<double> linear = {1, 2, 0, 0, 0};
  auto l = evaluate_power(ops, x, linear);
  EXPECT_EQ(l.level, 2);
  for (std::size_t i = 0; i < slots; ++i) EXPECT_DOUBLE_EQ(l.v[i], 1 + 2 * x.v[i]);
  // Zero polynomials (empty, all zeros, all-zero per-slot vectors) give x - x at the same level.
  for (const auto& p : {SlotPolynomial{Basis::kPower, {}},
                        SlotPolynomial::scalar(Basis::kChebyshev, std::vector<double>{0, 0, 0}),
                        SlotPolynomial{Basis::kChebyshev, {std::vector<double>(slots, 0.0), {0.0}}}}) {
    auto z = evaluate_polynomial(ops, x, p);
    EXPECT_EQ(z.level, 3);
    for (double v : z.v) EXPECT_EQ(v, 0);
  }
  // A per-slot constant.
  SlotPolynomial pc{Basis::kPower, {{1, 2, 3, 4, 5, 6, 7, 8}}};
  auto k = evaluate_polynomial(ops, x, pc);
  EXPECT_EQ(k.level, 3);
  for (std::size_t i = 0; i < slots; ++i) EXPECT_DOUBLE_EQ(k.v[i], static_cast<double>(i + 1));
  // x^4 exactly: a power of two degree with nothing below uses depth(4) = 3 levels.
  auto x4 = evaluate_power(ops, x, std::vector<double>{0, 0, 0, 0, 1});
  EXPECT_EQ(x4.level, 0);
  for (std::size_t i = 0; i < slots; ++i) EXPECT_NEAR(x4.v[i], std::pow(x.v[i], 4), 1e-15);
}

TEST(PolyEval, OutsideTheUnitIntervalStillThePolynomial) {
  MockOps ops(4, 3);
  const std::vector<double> c = {0.1, -0.2, 0.3, -0.4, 0.5, -0.6, 0.7, -0.8};
  const auto x = ops.encrypt({1.5, -2, 3, 0.9});
  const auto out = evaluate_chebyshev(ops, x, c);
  const ChebyshevSeries s{-1, 1, c};
  for (std::size_t i = 0; i < 4; ++i)
    EXPECT_NEAR(out.v[i], s.eval_unit(x.v[i]), 1e-9 * std::fabs(s.eval_unit(x.v[i])));
}

TEST(PolyEval, TooFewLevels) {
  MockOps ops(4, 1);
  const auto x = ops.encrypt({0.1, 0.2, 0.3, 0.4});
  const std::vector<double> cubic = {0, 1, 0, 1};
  EXPECT_DEATH(evaluate_power(ops, x, cubic), "level");
  // The mock refuses a product at level 0 by itself.
  const auto y = ops.mul_const(x, 2);
  EXPECT_THROW(ops.mul(y, y), std::logic_error);
  EXPECT_THROW(ops.mul_const(y, 2), std::logic_error);
  EXPECT_THROW(ops.mul_plain(y, {1, 1, 1, 1}), std::logic_error);
  EXPECT_NO_THROW(ops.rotate(y, 1));
  EXPECT_THROW(ops.drop_to(y, 1), std::logic_error);
}

TEST(PolyEval, PresetsThroughTheMock) {
  const std::size_t slots = 1024;
  for (const auto& name : preset_names()) {
    const auto a = preset(name).value();
    const double bound = a.series.upper;
    MockOps ops(slots, depth(a.series.degree()));
    std::vector<double> u(slots);
    for (std::size_t i = 0; i < slots; ++i) u[i] = -1 + 2.0 * static_cast<double>(i) / (slots - 1);
    const auto out = evaluate_chebyshev(ops, ops.encrypt(u), a.series.coeffs);
    EXPECT_EQ(out.level, 0);
    const RealFunction f = name[0] == 'r' ? RealFunction(relu) : RealFunction(logistic);
    for (std::size_t i = 0; i < slots; ++i)
      EXPECT_LE(std::fabs(out.v[i] - f(bound * u[i])), a.max_error + 1e-12) << name;
  }
}

TEST(PolyEval, ChebyshevFormKeepsNoiseSmall) {
  // relu15: power coefficients sum to ~1.5e3 in absolute value, Chebyshev ones to ~1.1. With CKKS-like
  // noise 2^-25 per operation, the Chebyshev evaluation stays within a few noise units while the power
  // form amplifies the noise by the coefficient growth.
  const auto a = preset("relu15").value();
  const auto power = a.series.power_coefficients();
  const std::size_t slots = 2048;
  auto g = zkc::testing::rng(704);
  const auto x = random_inputs(g, slots);
  const double sigma = std::ldexp(1.0, -25);
  double err_cheb = 0, err_power = 0;
  MockOps ops(slots, 4, sigma, zkc::testing::test_seed());
  const auto ct = ops.encrypt(x);
  const auto oc = evaluate_chebyshev(ops, ct, a.series.coeffs);
  const auto op = evaluate_power(ops, ct, power);
  for (std::size_t i = 0; i < slots; ++i) {
    const double want = a.series.eval_unit(x[i]);
    err_cheb = std::max(err_cheb, std::fabs(oc.v[i] - want));
    err_power = std::max(err_power, std::fabs(op.v[i] - want));
  }
  std::printf("relu15 under noise 2^-25: max error Chebyshev %.3g, power %.3g\n", err_cheb, err_power);
  EXPECT_LT(err_cheb, 100 * sigma);
  EXPECT_GT(err_power, 5 * err_cheb);
}

}  // namespace
}  // namespace zkc::he::ckks
