#include "zkc/lending/interest_rate.hpp"

#include <algorithm>
#include <cmath>

namespace zkc::lending {

namespace {

std::string str(double v) { return std::to_string(v); }

Status check_point(double score, double utilization, double days) {
  if (!(score >= 0.0 && score <= 1.0))
    return make_error(Errc::kInvalidArgument, "score " + str(score) + ": must be in [0, 1]");
  if (!(utilization >= 0.0 && utilization <= 1.0))
    return make_error(Errc::kInvalidArgument, "utilization " + str(utilization) + ": must be in [0, 1]");
  if (!(days >= 0.0 && std::isfinite(days)))
    return make_error(Errc::kInvalidArgument, "days " + str(days) + ": must be finite and >= 0");
  return {};
}

}  // namespace

Status validate(const RateModel& m) {
  const std::pair<const char*, double> nonneg[] = {{"base", m.curve.base},
                                                   {"slope1", m.curve.slope1},
                                                   {"slope2", m.curve.slope2},
                                                   {"r_max", m.r_max},
                                                   {"k", m.k},
                                                   {"lambda", m.lambda}};
  for (const auto& [name, v] : nonneg)
    if (!(v >= 0.0 && std::isfinite(v)))
      return make_error(Errc::kInvalidArgument,
                        std::string(name) + " = " + str(v) + ": must be finite and >= 0");
  const double top = m.curve.base + m.curve.slope1 + m.curve.slope2;
  if (m.r_max < top)
    return make_error(Errc::kInvalidArgument,
                      "r_max = " + str(m.r_max) + ": must be at least the utilization curve's top rate " +
                          str(top) + " (base + slope1 + slope2), or risk would lower the rate");
  if (!(m.curve.optimal > 0.0 && m.curve.optimal < 1.0))
    return make_error(Errc::kInvalidArgument,
                      "optimal utilization " + str(m.curve.optimal) + ": must be in (0, 1)");
  return {};
}

double utilization_rate(const UtilizationCurve& c, double u) {
  ZKC_ASSERT(u >= 0.0 && u <= 1.0);
  if (u <= c.optimal) return c.base + c.slope1 * u / c.optimal;
  return c.base + c.slope1 + c.slope2 * (u - c.optimal) / (1.0 - c.optimal);
}

Result<double> interest_rate(const RateModel& m, double score, double utilization, double days) {
  if (auto s = validate(m); !s) return s.error();
  if (auto s = check_point(score, utilization, days); !s) return s.error();
  const double r_base = utilization_rate(m.curve, utilization);
  const double ks = m.k * score;
  const double a = ks + m.lambda;
  // (1 - e^{-a t}) / a, which tends to t as a -> 0.
  const double phi = a * days == 0.0 ? days : -std::expm1(-a * days) / a;
  return r_base + ks * (m.r_max - r_base) * phi;
}

Result<double> integrate_dopri5(const std::function<double(double, double)>& f, double t0, double y0,
                                double t1, const OdeOptions& o) {
  if (!(std::isfinite(t0) && std::isfinite(t1) && std::isfinite(y0)) || t1 < t0)
    return make_error(Errc::kInvalidArgument, "integrate_dopri5: need finite t0 <= t1 and a finite y0");
  if (!(o.rtol > 0.0 && o.atol > 0.0))
    return make_error(Errc::kInvalidArgument, "integrate_dopri5: tolerances must be positive");
  // Dormand, Prince (1980), the DOPRI5 tableau: 5th-order weights b (= the last stage row, FSAL) and
  // the error weights e = b - b* against the embedded 4th-order solution.
  constexpr double c2 = 1.0 / 5, c3 = 3.0 / 10, c4 = 4.0 / 5, c5 = 8.0 / 9;
  constexpr double a21 = 1.0 / 5;
  constexpr double a31 = 3.0 / 40, a32 = 9.0 / 40;
  constexpr double a41 = 44.0 / 45, a42 = -56.0 / 15, a43 = 32.0 / 9;
  constexpr double a51 = 19372.0 / 6561, a52 = -25360.0 / 2187, a53 = 64448.0 / 6561, a54 = -212.0 / 729;
  constexpr double a61 = 9017.0 / 3168, a62 = -355.0 / 33, a63 = 46732.0 / 5247, a64 = 49.0 / 176,
                   a65 = -5103.0 / 18656;
  constexpr double b1 = 35.0 / 384, b3 = 500.0 / 1113, b4 = 125.0 / 192, b5 = -2187.0 / 6784, b6 = 11.0 / 84;
  constexpr double e1 = 71.0 / 57600, e3 = -71.0 / 16695, e4 = 71.0 / 1920, e5 = -17253.0 / 339200,
                   e6 = 22.0 / 525, e7 = -1.0 / 40;
  double t = t0, y = y0;
  if (t1 == t0) return y;
  double h = std::min(t1 - t0, 1e-3 * std::max(1.0, t1 - t0));
  double k1 = f(t, y);
  for (int step = 0; step < o.max_steps; ++step) {
    if (t1 - t <= 1e-14 * std::max(1.0, std::abs(t1))) return y;  // reached (to rounding)
    h = std::min(h, t1 - t);
    if (!(h > 0.0) || t + h == t)
      return make_error(Errc::kInvalidArgument, "integrate_dopri5: step size underflow at t = " + str(t));
    const double k2 = f(t + c2 * h, y + h * a21 * k1);
    const double k3 = f(t + c3 * h, y + h * (a31 * k1 + a32 * k2));
    const double k4 = f(t + c4 * h, y + h * (a41 * k1 + a42 * k2 + a43 * k3));
    const double k5 = f(t + c5 * h, y + h * (a51 * k1 + a52 * k2 + a53 * k3 + a54 * k4));
    const double k6 = f(t + h, y + h * (a61 * k1 + a62 * k2 + a63 * k3 + a64 * k4 + a65 * k5));
    const double y_new = y + h * (b1 * k1 + b3 * k3 + b4 * k4 + b5 * k5 + b6 * k6);
    const double k7 = f(t + h, y_new);
    if (!std::isfinite(y_new) || !std::isfinite(k7))
      return make_error(Errc::kInvalidArgument,
                        "integrate_dopri5: the solution is not finite at t = " + str(t + h));
    const double err_abs = std::abs(h * (e1 * k1 + e3 * k3 + e4 * k4 + e5 * k5 + e6 * k6 + e7 * k7));
    const double scale = o.atol + o.rtol * std::max(std::abs(y), std::abs(y_new));
    const double err = err_abs / scale;
    if (err <= 1.0) {  // accept; first same as last: k7 is the next step's k1
      t += h;
      y = y_new;
      k1 = k7;
    }
    // Hairer, Norsett, Wanner II.4: h_new = h * min(5, max(0.2, 0.9 err^(-1/5))).
    const double factor = err == 0.0 ? 5.0 : std::clamp(0.9 * std::pow(err, -0.2), 0.2, 5.0);
    h *= factor;
  }
  return make_error(Errc::kInvalidArgument, "integrate_dopri5: more than " + std::to_string(o.max_steps) +
                                                " steps before t = " + str(t1));
}

Result<double> interest_rate_numeric(const RateModel& m, double score, double utilization, double days,
                                     const OdeOptions& options) {
  if (auto s = validate(m); !s) return s.error();
  if (auto s = check_point(score, utilization, days); !s) return s.error();
  const double r_base = utilization_rate(m.curve, utilization);
  const auto f = [&](double, double r) { return m.k * score * (m.r_max - r) - m.lambda * (r - r_base); };
  return integrate_dopri5(f, 0.0, r_base, days, options);
}

}  // namespace zkc::lending
