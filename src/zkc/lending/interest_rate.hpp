// The borrower's interest rate from her verified risk score s in [0, 1]: the rate r(t) relaxes from the
// pool's utilization rate toward a risk-dependent level,
//   dr/dt = k s (r_max - r) - lambda (r - r_base(U)),   r(0) = r_base(U),
// with r_base(U) Aave's two-slope ("kink") utilization curve: base + slope1 U / U_opt up to the optimal
// utilization, then + slope2 (U - U_opt) / (1 - U_opt) above it (Aave V2
// DefaultReserveInterestRateStrategy). Rates are annual fractions (0.05 = 5 %), k and lambda are per
// day, t is in days. The ODE is linear: with a = k s + lambda,
//   r(t) = r_base + k s (r_max - r_base) (1 - e^{-a t}) / a      ((1 - e^{-a t}) / a = t when a = 0),
// computed with expm1 so that small a t loses no digits; it rises from r_base toward the equilibrium
// (k s r_max + lambda r_base) / a. An adaptive Dormand-Prince 5(4) integrator solves models without a
// closed form and checks this one (tests: agreement to 1e-9 relative).
// References: Dormand, Prince, "A family of embedded Runge-Kutta formulae", J. Comp. Appl. Math. 6
// (1980); Hairer, Norsett, Wanner, "Solving ODEs I", II.4 (step-size control).
#pragma once

#include <functional>
#include <string>

#include "zkc/base/result.hpp"

namespace zkc::lending {

// Aave's two-slope utilization curve. Defaults in the style of Aave V2's stablecoin reserves.
struct UtilizationCurve {
  double base = 0.0;      // rate at U = 0
  double slope1 = 0.04;   // added between U = 0 and U_opt
  double slope2 = 0.60;   // added between U_opt and U = 1
  double optimal = 0.90;  // U_opt, in (0, 1)
};

struct RateModel {
  UtilizationCurve curve;
  double r_max = 0.75;   // the rate a maximal risk pushes toward (>= the curve's top rate)
  double k = 0.02;       // risk sensitivity, per day
  double lambda = 0.05;  // pull back toward the utilization rate, per day
};

// Errors name the parameter: negative or non-finite values, U_opt outside (0, 1), r_max below the
// curve's top rate base + slope1 + slope2 (a riskier borrower would then pay less at high utilization).
Status validate(const RateModel& m);

// r_base(U) for U in [0, 1] (asserted; callers validate).
double utilization_rate(const UtilizationCurve& c, double utilization);

// The closed form. Errors: an invalid model, s outside [0, 1], U outside [0, 1], t negative or not finite.
Result<double> interest_rate(const RateModel& m, double score, double utilization, double days);

// Adaptive Dormand-Prince 5(4) for y' = f(t, y), y(t0) = y0, integrated to t1 >= t0 with the error per
// step below atol + rtol |y|. Errors: non-finite values, a step size underflow, more than max_steps steps.
struct OdeOptions {
  double rtol = 1e-12, atol = 1e-15;
  int max_steps = 1'000'000;
};
Result<double> integrate_dopri5(const std::function<double(double, double)>& f, double t0, double y0,
                                double t1, const OdeOptions& options = {});

// The same rate by integrating the ODE (for checking the closed form, and for variants without one).
Result<double> interest_rate_numeric(const RateModel& m, double score, double utilization, double days,
                                     const OdeOptions& options = {});

}  // namespace zkc::lending
