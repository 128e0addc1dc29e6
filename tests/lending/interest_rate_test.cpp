// The interest-rate model: the utilization curve at its knots, the closed form against the adaptive
// Dormand-Prince integrator over a grid (1e-9 relative), the ODE's own properties, the integrator on
// equations with known solutions, and every validation error.
#include "zkc/lending/interest_rate.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace zkc::lending {
namespace {

TEST(UtilizationCurve, KnotsAndSlopes) {
  const UtilizationCurve c{0.01, 0.04, 0.60, 0.80};
  EXPECT_DOUBLE_EQ(utilization_rate(c, 0.0), 0.01);
  EXPECT_DOUBLE_EQ(utilization_rate(c, 0.4), 0.01 + 0.04 * 0.5);
  EXPECT_DOUBLE_EQ(utilization_rate(c, 0.8), 0.05);  // continuous at the kink
  EXPECT_NEAR(utilization_rate(c, 0.8 + 1e-12), 0.05, 1e-9);
  EXPECT_DOUBLE_EQ(utilization_rate(c, 0.9), 0.05 + 0.60 * 0.5);
  EXPECT_DOUBLE_EQ(utilization_rate(c, 1.0), 0.65);
}

TEST(InterestRate, ClosedFormMatchesTheIntegratorOnAGrid) {
  RateModel m;
  m.curve.base = 0.005;
  int checked = 0;
  for (const double s : {0.0, 0.01, 0.2, 0.5, 0.87, 1.0})
    for (const double u : {0.0, 0.3, 0.9, 0.95, 1.0})
      for (const double t : {0.0, 1e-6, 0.5, 7.0, 30.0, 365.0, 3650.0}) {
        auto exact = interest_rate(m, s, u, t);
        auto numeric = interest_rate_numeric(m, s, u, t);
        ASSERT_TRUE(exact && numeric);
        EXPECT_NEAR(numeric.value(), exact.value(), 1e-9 * std::abs(exact.value()) + 1e-15)
            << "s " << s << " U " << u << " t " << t;
        ++checked;
      }
  EXPECT_EQ(checked, 6 * 5 * 7);
}

TEST(InterestRate, StartsAtTheUtilizationRateAndTendsToTheEquilibrium) {
  const RateModel m;
  for (const double u : {0.0, 0.5, 0.95}) {
    const double r_base = utilization_rate(m.curve, u);
    EXPECT_DOUBLE_EQ(interest_rate(m, 0.7, u, 0.0).value(), r_base);
    const double a = m.k * 0.7 + m.lambda;
    const double equilibrium = (m.k * 0.7 * m.r_max + m.lambda * r_base) / a;
    EXPECT_NEAR(interest_rate(m, 0.7, u, 1e5).value(), equilibrium, 1e-12);
    // A riskier borrower pays more (r_max is at least the curve's top rate, so above r_base).
    double previous = -1;
    for (const double s : {0.0, 0.25, 0.5, 0.75, 1.0}) {
      const double r = interest_rate(m, s, u, 30).value();
      EXPECT_GT(r, previous);
      previous = r;
    }
    // A score of 0 leaves the pool's rate unchanged.
    EXPECT_DOUBLE_EQ(interest_rate(m, 0.0, u, 365).value(), r_base);
  }
}

TEST(InterestRate, SmallRatesLoseNoDigits) {
  RateModel m;
  m.lambda = 0.0;
  m.k = 1e-12;  // a t ~ 1e-12: 1 - e^{-at} computed naively would keep about 4 digits
  const double r_base = utilization_rate(m.curve, 0.5);
  const double r = interest_rate(m, 1.0, 0.5, 1.0).value();
  const double a = 1e-12;
  const double expected = r_base + a * (m.r_max - r_base) * (1 - a / 2);  // series of (1 - e^{-a})/a
  EXPECT_NEAR(r - r_base, expected - r_base, 1e-10 * (expected - r_base));
  m.k = 0.0;  // a = 0 exactly
  EXPECT_DOUBLE_EQ(interest_rate(m, 1.0, 0.5, 100).value(), r_base);
}

TEST(Dopri5, SolvesEquationsWithKnownSolutions) {
  auto gauss = integrate_dopri5([](double t, double y) { return -2 * t * y; }, 0.0, 1.0, 2.0);
  ASSERT_TRUE(gauss);
  EXPECT_NEAR(gauss.value(), std::exp(-4.0), 1e-12);
  auto logistic = integrate_dopri5([](double, double y) { return y * (1 - y); }, 0.0, 0.1, 10.0);
  ASSERT_TRUE(logistic);
  EXPECT_NEAR(logistic.value(), 1 / (1 + 9 * std::exp(-10.0)), 1e-11);
  auto stiffish = integrate_dopri5([](double t, double y) { return -50 * (y - std::cos(t)); }, 0.0, 0.0, 1.0);
  ASSERT_TRUE(stiffish);
  // y = (2500 cos t + 50 sin t)/2501 - (2500/2501) e^{-50 t}
  EXPECT_NEAR(stiffish.value(),
              (2500 * std::cos(1.0) + 50 * std::sin(1.0)) / 2501 - 2500.0 / 2501 * std::exp(-50.0), 1e-10);
  EXPECT_DOUBLE_EQ(integrate_dopri5([](double, double) { return 1.0; }, 3.0, 7.0, 3.0).value(), 7.0);
}

TEST(Dopri5, ReportsWhatWentWrong) {
  auto backwards = integrate_dopri5([](double, double y) { return y; }, 1.0, 1.0, 0.0);
  ASSERT_FALSE(backwards);
  EXPECT_NE(backwards.error().message.find("t0 <= t1"), std::string::npos);
  // y' = y^2, y(0) = 1 blows up at t = 1.
  auto blowup = integrate_dopri5([](double, double y) { return y * y; }, 0.0, 1.0, 2.0);
  ASSERT_FALSE(blowup);
  auto budget = integrate_dopri5([](double t, double) { return std::cos(1000 * t); }, 0.0, 0.0, 100.0,
                                 {.rtol = 1e-12, .atol = 1e-15, .max_steps = 10});
  ASSERT_FALSE(budget);
  EXPECT_NE(budget.error().message.find("more than 10 steps"), std::string::npos);
  EXPECT_FALSE(integrate_dopri5([](double, double y) { return y; }, 0.0, NAN, 1.0));
}

TEST(InterestRate, ValidationNamesTheParameter) {
  struct Case {
    void (*edit)(RateModel&);
    const char* name;
  } cases[] = {
      {[](RateModel& m) { m.k = -0.1; }, "k ="},
      {[](RateModel& m) { m.lambda = NAN; }, "lambda ="},
      {[](RateModel& m) { m.r_max = INFINITY; }, "r_max ="},
      {[](RateModel& m) { m.curve.slope1 = -1; }, "slope1 ="},
      {[](RateModel& m) { m.curve.slope2 = -1; }, "slope2 ="},
      {[](RateModel& m) { m.curve.base = -0.01; }, "base ="},
      {[](RateModel& m) { m.curve.optimal = 1.0; }, "optimal utilization"},
      {[](RateModel& m) { m.curve.optimal = 0.0; }, "optimal utilization"},
      {[](RateModel& m) { m.r_max = 0.5; }, "top rate"},  // below base + slope1 + slope2 = 0.64
  };
  for (const Case& c : cases) {
    RateModel m;
    c.edit(m);
    auto r = interest_rate(m, 0.5, 0.5, 1);
    ASSERT_FALSE(r) << c.name;
    EXPECT_NE(r.error().message.find(c.name), std::string::npos) << r.error().message;
    EXPECT_FALSE(interest_rate_numeric(m, 0.5, 0.5, 1)) << c.name;
  }
  const RateModel m;
  EXPECT_NE(interest_rate(m, 1.5, 0.5, 1).error().message.find("score"), std::string::npos);
  EXPECT_NE(interest_rate(m, -0.1, 0.5, 1).error().message.find("score"), std::string::npos);
  EXPECT_NE(interest_rate(m, 0.5, 1.01, 1).error().message.find("utilization"), std::string::npos);
  EXPECT_NE(interest_rate(m, 0.5, 0.5, -1).error().message.find("days"), std::string::npos);
  EXPECT_NE(interest_rate(m, NAN, 0.5, 1).error().message.find("score"), std::string::npos);
  EXPECT_NE(interest_rate(m, 0.5, 0.5, INFINITY).error().message.find("days"), std::string::npos);
}

}  // namespace
}  // namespace zkc::lending
