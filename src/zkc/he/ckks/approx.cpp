#include "zkc/he/ckks/approx.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <numbers>

namespace zkc::he::ckks {

namespace {

constexpr int kMaxDegree = 256;

Status check_domain(double a, double b, int degree) {
  if (degree < 0 || degree > kMaxDegree)
    return make_error(Errc::kInvalidArgument, "approximation: degree " + std::to_string(degree) +
                                                  " outside [0, " + std::to_string(kMaxDegree) + "]");
  if (!std::isfinite(a) || !std::isfinite(b) || !(a < b))
    return make_error(Errc::kInvalidArgument, "approximation: the interval [" + std::to_string(a) + ", " +
                                                  std::to_string(b) +
                                                  "] is not a finite interval with a < b");
  return Status::success();
}

// T_0..T_degree at u (three-term recurrence T_{k+1} = 2u T_k - T_{k-1}).
void chebyshev_values(double u, int degree, double* out) {
  out[0] = 1;
  if (degree >= 1) out[1] = u;
  for (int k = 1; k < degree; ++k) out[k + 1] = 2 * u * out[k] - out[k - 1];
}

}  // namespace

double ChebyshevSeries::eval_unit(double u) const {
  // Clenshaw: b_k = c_k + 2u b_{k+1} - b_{k+2}; p(u) = c_0 + u b_1 - b_2.
  if (coeffs.empty()) return 0;
  double b1 = 0, b2 = 0;
  for (std::size_t k = coeffs.size() - 1; k >= 1; --k) {
    const double b0 = coeffs[k] + 2 * u * b1 - b2;
    b2 = b1;
    b1 = b0;
  }
  return coeffs[0] + u * b1 - b2;
}

double ChebyshevSeries::operator()(double x) const { return eval_unit(to_unit(x)); }

std::vector<double> ChebyshevSeries::power_coefficients() const { return chebyshev_to_power(coeffs); }

std::vector<double> chebyshev_to_power(const std::vector<double>& cheb) {
  const std::size_t n = cheb.size();
  std::vector<double> out(n, 0.0);
  if (n == 0) return out;
  // Power coefficients of T_{k-1} and T_k, advanced by T_{k+1} = 2u T_k - T_{k-1}.
  std::vector<double> prev(n, 0.0), cur(n, 0.0), next(n, 0.0);
  prev[0] = 1;  // T_0
  out[0] += cheb[0];
  if (n == 1) return out;
  cur[1] = 1;  // T_1
  out[1] += cheb[1];
  for (std::size_t k = 1; k + 1 < n; ++k) {
    for (std::size_t i = 0; i < n; ++i) next[i] = (i > 0 ? 2 * cur[i - 1] : 0.0) - prev[i];
    for (std::size_t i = 0; i < n; ++i) out[i] += cheb[k + 1] * next[i];
    std::swap(prev, cur);
    std::swap(cur, next);
  }
  return out;
}

std::vector<double> power_to_chebyshev(const std::vector<double>& power) {
  const std::size_t n = power.size();
  std::vector<double> out(n, 0.0);
  if (n == 0) return out;
  // Chebyshev coefficients of u^k, advanced by u T_0 = T_1 and u T_j = (T_{j+1} + T_{j-1}) / 2.
  std::vector<double> cur(n, 0.0), next(n, 0.0);
  cur[0] = 1;
  for (std::size_t k = 0; k < n; ++k) {
    for (std::size_t j = 0; j < n; ++j) out[j] += power[k] * cur[j];
    if (k + 1 == n) break;
    std::fill(next.begin(), next.end(), 0.0);
    for (std::size_t j = 0; j <= k; ++j) {
      if (cur[j] == 0) continue;
      if (j == 0) {
        next[1] += cur[0];
      } else {
        next[j + 1] += cur[j] / 2;
        next[j - 1] += cur[j] / 2;
      }
    }
    std::swap(cur, next);
  }
  return out;
}

Result<ChebyshevSeries> chebyshev_interpolant(const RealFunction& f, double a, double b, int degree) {
  if (auto s = check_domain(a, b, degree); !s) return s.error();
  // Nodes u_j = cos(pi (j + 1/2) / n), n = degree + 1; c_k = (2 / n) sum_j f(x_j) T_k(u_j), c_0 halved
  // (discrete orthogonality of T_k at the first-kind points, Trefethen ch. 3 / Mason-Handscomb 6.3).
  const int n = degree + 1;
  ChebyshevSeries p{a, b, std::vector<double>(static_cast<std::size_t>(n), 0.0)};
  std::vector<double> t(static_cast<std::size_t>(n));
  for (int j = 0; j < n; ++j) {
    const double u = std::cos(std::numbers::pi * (j + 0.5) / n);
    const double x = 0.5 * (a + b) + 0.5 * (b - a) * u;
    const double fx = f(x);
    if (!std::isfinite(fx))
      return make_error(Errc::kInvalidArgument, "approximation: f is not finite at " + std::to_string(x));
    chebyshev_values(u, degree, t.data());
    for (int k = 0; k < n; ++k) p.coeffs[static_cast<std::size_t>(k)] += fx * t[static_cast<std::size_t>(k)];
  }
  for (int k = 0; k < n; ++k) p.coeffs[static_cast<std::size_t>(k)] *= (k == 0 ? 1.0 : 2.0) / n;
  return p;
}

double max_error(const RealFunction& f, const ChebyshevSeries& p, int points,
                 const std::vector<double>& extra) {
  ZKC_ASSERT(points >= 2);
  double worst = 0;
  for (int i = 0; i < points; ++i) {
    const double x = p.lower + (p.upper - p.lower) * i / (points - 1);
    worst = std::max(worst, std::fabs(f(x) - p(x)));
  }
  for (double x : extra)
    if (x >= p.lower && x <= p.upper) worst = std::max(worst, std::fabs(f(x) - p(x)));
  return worst;
}

Result<ChebyshevSeries> minimax(const RealFunction& f, double a, double b, int degree,
                                const MinimaxOptions& options) {
  if (auto s = check_domain(a, b, degree); !s) return s.error();
  if (options.grid_points < 2 * (degree + 2))
    return make_error(Errc::kInvalidArgument, "minimax: grid of " + std::to_string(options.grid_points) +
                                                  " points is too small for degree " +
                                                  std::to_string(degree));
  ZKC_TRY(ChebyshevSeries best, chebyshev_interpolant(f, a, b, degree));

  // The grid in u: uniform and Chebyshev-distributed halves, the breakpoints, the end points.
  std::vector<double> grid;
  const int half = options.grid_points / 2;
  for (int i = 0; i < half; ++i) grid.push_back(-1.0 + 2.0 * i / (half - 1));
  for (int i = 0; i < options.grid_points - half; ++i)
    grid.push_back(-std::cos(std::numbers::pi * i / (options.grid_points - half - 1)));
  for (double x : options.breakpoints)
    if (x > a && x < b) grid.push_back(best.to_unit(x));
  std::sort(grid.begin(), grid.end());
  grid.erase(std::unique(grid.begin(), grid.end()), grid.end());
  const std::size_t g = grid.size();
  std::vector<double> fv(g);
  for (std::size_t i = 0; i < g; ++i) {
    fv[i] = f(0.5 * (a + b) + 0.5 * (b - a) * grid[i]);
    if (!std::isfinite(fv[i]))
      return make_error(Errc::kInvalidArgument, "minimax: f is not finite on the interval");
  }

  const auto errors = [&](const ChebyshevSeries& p, std::vector<double>& e) {
    double m = 0;
    for (std::size_t i = 0; i < g; ++i) {
      e[i] = fv[i] - p.eval_unit(grid[i]);
      m = std::max(m, std::fabs(e[i]));
    }
    return m;
  };
  std::vector<double> e(g);
  double best_error = errors(best, e);
  if (best_error == 0) return best;

  const int m = degree + 2;
  std::vector<double> t(static_cast<std::size_t>(degree + 1));
  // One exchange run from the reference nearest `targets` (m ascending points of [-1, 1]); returns
  // false when it stalled (fewer than m alternating extrema).
  const auto run = [&](const std::vector<double>& targets) {
    std::vector<std::size_t> ref;
    for (double target : targets) {
      const auto it = std::lower_bound(grid.begin(), grid.end(), target);
      std::size_t idx = static_cast<std::size_t>(it - grid.begin());
      if (idx == g || (idx > 0 && target - grid[idx - 1] < grid[idx] - target)) --idx;
      if (!ref.empty() && idx <= ref.back()) idx = ref.back() + 1;
      ref.push_back(std::min(idx, g - 1));
    }
    ChebyshevSeries p{a, b, std::vector<double>(static_cast<std::size_t>(degree + 1))};
    for (int iter = 0; iter < options.max_iterations; ++iter) {
      // Solve sum_k c_k T_k(u_i) + (-1)^i E = f(u_i) on the reference (nonsingular for distinct
      // points by the Haar condition).
      Eigen::MatrixXd sys(m, m);
      Eigen::VectorXd rhs(m);
      for (int i = 0; i < m; ++i) {
        chebyshev_values(grid[ref[static_cast<std::size_t>(i)]], degree, t.data());
        for (int k = 0; k <= degree; ++k) sys(i, k) = t[static_cast<std::size_t>(k)];
        sys(i, m - 1) = (i % 2 == 0) ? 1.0 : -1.0;
        rhs[i] = fv[ref[static_cast<std::size_t>(i)]];
      }
      const Eigen::VectorXd sol = sys.fullPivLu().solve(rhs);
      if (!sol.allFinite()) return false;
      for (int k = 0; k <= degree; ++k) p.coeffs[static_cast<std::size_t>(k)] = sol[k];
      const double level = std::fabs(sol[m - 1]);
      const double err = errors(p, e);
      if (err < best_error) {
        best_error = err;
        best = p;
      }
      if (err - level <= options.tolerance * err) return true;

      // Exchange: the extreme point of each run of equal sign of the error.
      std::vector<std::size_t> ext;
      std::size_t i = 0;
      while (i < g) {
        const bool positive = e[i] >= 0;
        std::size_t arg = i;
        while (i < g && (e[i] >= 0) == positive) {
          if (std::fabs(e[i]) > std::fabs(e[arg])) arg = i;
          ++i;
        }
        ext.push_back(arg);
      }
      if (ext.size() < static_cast<std::size_t>(m)) return false;
      // Drop surplus points, keeping alternation: the smaller end point when one is surplus,
      // otherwise the smallest interior point together with its smaller neighbour.
      while (ext.size() > static_cast<std::size_t>(m)) {
        const auto abs_at = [&](std::size_t k) { return std::fabs(e[ext[k]]); };
        std::size_t k_min = 0;
        for (std::size_t k = 1; k < ext.size(); ++k)
          if (abs_at(k) < abs_at(k_min)) k_min = k;
        const bool one_surplus = ext.size() == static_cast<std::size_t>(m) + 1;
        if (k_min == 0 || k_min + 1 == ext.size() || one_surplus) {
          if (abs_at(0) <= abs_at(ext.size() - 1))
            ext.erase(ext.begin());
          else
            ext.pop_back();
        } else {
          const std::size_t nb = abs_at(k_min - 1) < abs_at(k_min + 1) ? k_min - 1 : k_min + 1;
          ext.erase(ext.begin() + static_cast<std::ptrdiff_t>(std::max(k_min, nb)));
          ext.erase(ext.begin() + static_cast<std::ptrdiff_t>(std::min(k_min, nb)));
        }
      }
      if (ext == ref) return true;
      ref = std::move(ext);
    }
    return true;
  };
  // First from the Chebyshev extrema cos(pi i / (d + 1)). That reference is symmetric, and for f even
  // (or odd) about the centre with the wrong parity of d it forces E = 0 and stalls (|x| at degree 2);
  // then again from an asymmetric one: m of the m + 1 extrema of the next degree.
  std::vector<double> targets;
  for (int i = m - 1; i >= 0; --i) targets.push_back(std::cos(std::numbers::pi * i / (m - 1)));
  if (!run(targets)) {
    targets.clear();
    for (int i = m; i >= 1; --i) targets.push_back(std::cos(std::numbers::pi * i / m));
    run(targets);
  }
  return best;
}

Result<ChebyshevSeries> least_squares(std::span<const double> x, std::span<const double> y,
                                      const RealFunction& f, double a, double b, int degree,
                                      double uniform_weight, int grid_points) {
  if (auto s = check_domain(a, b, degree); !s) return s.error();
  const auto fail = [](const std::string& what) {
    return make_error(Errc::kInvalidArgument, "least squares: " + what);
  };
  if (x.size() != y.size()) return fail("samples and values differ in number");
  if (!(uniform_weight >= 0) || !std::isfinite(uniform_weight))
    return fail("negative or non-finite uniform weight");
  if (x.empty() && uniform_weight == 0) return fail("no samples and no uniform term");
  if (uniform_weight > 0 && grid_points < degree + 1) return fail("grid too small for the degree");
  for (std::size_t r = 0; r < x.size(); ++r)
    if (!std::isfinite(x[r]) || !std::isfinite(y[r]) || x[r] < a || x[r] > b)
      return fail("sample " + std::to_string(r) + " is outside the interval or not finite");
  ChebyshevSeries p{a, b, {}};
  const Eigen::Index n = static_cast<Eigen::Index>(x.size()), g = uniform_weight > 0 ? grid_points : 0;
  Eigen::MatrixXd design(n + g, degree + 1);
  Eigen::VectorXd rhs(n + g);
  std::vector<double> t(static_cast<std::size_t>(degree + 1));
  // Row weights: sqrt(1/n) for samples, sqrt(uniform_weight/G) for grid points.
  const double ws = n > 0 ? std::sqrt(1.0 / static_cast<double>(n)) : 0.0;
  const double wg = g > 0 ? std::sqrt(uniform_weight / static_cast<double>(g)) : 0.0;
  for (Eigen::Index r = 0; r < n + g; ++r) {
    double u, v, w;
    if (r < n) {
      u = p.to_unit(x[static_cast<std::size_t>(r)]);
      v = y[static_cast<std::size_t>(r)];
      w = ws;
    } else {
      const Eigen::Index i = r - n;
      const double xg = a + (b - a) * static_cast<double>(i) / static_cast<double>(g - 1);
      u = p.to_unit(xg);
      v = f(xg);
      if (!std::isfinite(v)) return fail("f is not finite at " + std::to_string(xg));
      w = wg;
    }
    chebyshev_values(std::clamp(u, -1.0, 1.0), degree, t.data());
    for (int k = 0; k <= degree; ++k) design(r, k) = w * t[static_cast<std::size_t>(k)];
    rhs[r] = w * v;
  }
  const Eigen::VectorXd c = design.colPivHouseholderQr().solve(rhs);
  if (!c.allFinite()) return fail("the system is singular");
  p.coeffs.assign(c.data(), c.data() + c.size());
  return p;
}

double relu(double x) { return x > 0 ? x : 0.0; }

double logistic(double x) {
  if (x >= 0) return 1.0 / (1.0 + std::exp(-x));
  const double e = std::exp(x);
  return e / (1.0 + e);
}

namespace {

struct PresetSpec {
  const char* name;
  bool is_relu;
  double bound;
  int degree;
};
constexpr PresetSpec kPresets[] = {
    {"relu3", true, 1, 3},     {"relu7", true, 1, 7},     {"relu15", true, 1, 15},
    {"sigmoid3", false, 8, 3}, {"sigmoid7", false, 8, 7}, {"sigmoid15", false, 8, 15},
};

}  // namespace

std::vector<std::string> preset_names() {
  std::vector<std::string> out;
  for (const auto& p : kPresets) out.emplace_back(p.name);
  return out;
}

Result<Approximation> preset(std::string_view name) {
  for (const auto& spec : kPresets) {
    if (name != spec.name) continue;
    const RealFunction f = spec.is_relu ? RealFunction(relu) : RealFunction(logistic);
    MinimaxOptions o;
    if (spec.is_relu) o.breakpoints = {0.0};
    ZKC_TRY(auto series, minimax(f, -spec.bound, spec.bound, spec.degree, o));
    Approximation out{spec.name, std::move(series), 0};
    out.max_error = max_error(f, out.series, 200001, o.breakpoints);
    return out;
  }
  return make_error(Errc::kInvalidArgument, "approximation: unknown preset '" + std::string(name) + "'");
}

}  // namespace zkc::he::ckks
