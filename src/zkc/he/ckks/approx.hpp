// Polynomial approximations of activation functions for CKKS: a function on [a, b] becomes a
// Chebyshev series sum_k c_k T_k(u), u = (2x - a - b) / (b - a) in [-1, 1], by interpolation at the
// Chebyshev points, by the Remez exchange (minimax on a dense grid), or by least squares weighted by
// samples of where the function is really evaluated. Plain double arithmetic; the
// encrypted evaluation (polyeval.hpp) takes the coefficients in u, the map x -> u being folded into the
// preceding linear layer by the caller. The Chebyshev basis is used throughout because it stays well
// conditioned at any degree (|T_k| <= 1 on [-1, 1]); power_coefficients() converts for small degrees.
// References: L. N. Trefethen, Approximation Theory and Approximation Practice (SIAM 2013), ch. 3-4
// (Chebyshev interpolation) and ch. 10 (best approximation, Remez); E. Ya. Remez (1934).
//
// Presets (minimax, measured on a 200,001-point grid plus the kink; tests/he/ckks/approx_test.cpp
// recomputes each figure; depth = ceil(log2(degree + 1)) levels, polyeval.hpp):
//   name           function   interval    degree  depth  max error
//   relu3          ReLU       [-1, 1]       3       2    6.250e-02  (1/16: x/2 + (x^2 + 1/8)/2)
//   relu7          ReLU       [-1, 1]       7       3    2.297e-02
//   relu15         ReLU       [-1, 1]      15       4    9.974e-03
//   sigmoid3       sigmoid    [-8, 8]       3       2    8.946e-02
//   sigmoid7       sigmoid    [-8, 8]       7       3    1.889e-02
//   sigmoid15      sigmoid    [-8, 8]      15       4    8.789e-04
// ReLU - x/2 is even, so ReLU's odd degrees 2k + 1 are no better than 2k (relu7 has degree 6 in fact).
// ReLU is positively homogeneous, so relu_d on [-B, B] is B * relu_d(x / B) with error B times the
// figure above. Outside its interval a polynomial grows like |u|^degree: callers must keep inputs
// inside (the credit plan measures its intervals on training data with a margin, lending/).
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "zkc/base/result.hpp"

namespace zkc::he::ckks {

// p(x) = sum_k coeffs[k] T_k(u), u = (2x - lower - upper) / (upper - lower); lower < upper.
struct ChebyshevSeries {
  double lower = -1, upper = 1;
  std::vector<double> coeffs;

  int degree() const { return static_cast<int>(coeffs.size()) - 1; }  // -1 for no coefficients (p = 0)
  double to_unit(double x) const { return (2 * x - lower - upper) / (upper - lower); }
  double operator()(double x) const;               // Clenshaw's recurrence at to_unit(x)
  double eval_unit(double u) const;                // the series at u directly
  std::vector<double> power_coefficients() const;  // p as sum_k a_k u^k (a_k in the unit variable u)
};

// Chebyshev-basis <-> power-basis coefficients (both in the same variable).
std::vector<double> chebyshev_to_power(const std::vector<double>& cheb);
std::vector<double> power_to_chebyshev(const std::vector<double>& power);

using RealFunction = std::function<double(double)>;

// Interpolation at the degree + 1 Chebyshev points of the first kind on [a, b] (Trefethen, ch. 3).
// Errors (kInvalidArgument): degree < 0 or > 256, a >= b or not finite.
Result<ChebyshevSeries> chebyshev_interpolant(const RealFunction& f, double a, double b, int degree);

struct MinimaxOptions {
  int grid_points = 20001;          // half uniform, half Chebyshev-distributed, on [a, b]
  std::vector<double> breakpoints;  // points added to the grid (kinks of f, e.g. 0 for ReLU)
  int max_iterations = 100;
  double tolerance = 1e-9;  // stop when (max |error| - min |error at the reference|) <= tolerance * max
};

// Best uniform approximation of degree <= `degree` on the grid by the Remez exchange (one point per
// sign run of the error, surplus points dropped while keeping alternation). Falls back to the best
// polynomial seen (never worse than the Chebyshev interpolant) when the exchange stalls. Errors as
// chebyshev_interpolant, and a non-finite value of f on the grid.
Result<ChebyshevSeries> minimax(const RealFunction& f, double a, double b, int degree,
                                const MinimaxOptions& options = {});

// Data-weighted least squares: minimizes
//   (1/n) sum_r (p(x_r) - y_r)^2 + uniform_weight * (1/G) sum_g (p(t_g) - f(t_g))^2
// over degree <= `degree`, t_g the G = grid_points equally spaced points of [a, b]: the samples (x_r,
// y_r) say where accuracy matters (the inputs an activation really sees, against the values it should
// produce), the uniform term keeps p close to f on the whole interval. Solved by Householder QR on the
// stacked, weighted Chebyshev design matrix. Errors (kInvalidArgument): as chebyshev_interpolant, sizes
// that differ, a sample outside [a, b] or not finite, uniform_weight < 0, no samples and a zero weight.
Result<ChebyshevSeries> least_squares(std::span<const double> x, std::span<const double> y,
                                      const RealFunction& f, double a, double b, int degree,
                                      double uniform_weight, int grid_points = 2001);

// max |f(x) - p(x)| over `points` equally spaced points of [p.lower, p.upper] and the extra points
// (those inside the interval).
double max_error(const RealFunction& f, const ChebyshevSeries& p, int points = 100001,
                 const std::vector<double>& extra = {});

double relu(double x);
double logistic(double x);  // 1 / (1 + e^-x), stable for any finite x

struct Approximation {
  std::string name;
  ChebyshevSeries series;
  double max_error = 0;  // measured by max_error() on 200,001 points plus the breakpoints
};

// The presets of the table above: "relu3", "relu7", "relu15", "sigmoid3", "sigmoid7", "sigmoid15".
// Errors (kInvalidArgument): an unknown name.
Result<Approximation> preset(std::string_view name);
std::vector<std::string> preset_names();

}  // namespace zkc::he::ckks
