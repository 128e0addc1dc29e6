#include "zkc/lending/encrypted_scoring.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace zkc::lending {

namespace ck = he::ckks;
using nlohmann::json;

namespace {

Error invalid(const std::string& what) {
  return make_error(Errc::kInvalidArgument, "encrypted scoring: " + what);
}

Status check_network(const ml::CreditModel& model) {
  const auto& layers = model.network.layers;
  if (layers.size() != 3 || layers[2].weights.rows() != 1)
    return invalid("the plan needs a network inputs -> hidden -> hidden -> 1");
  if (static_cast<std::size_t>(model.network.inputs()) != model.standardizer.size())
    return invalid("the standardizer and the network disagree on the number of features");
  return Status::success();
}

Interval widen(Interval v, double margin) {
  double width = v.upper - v.lower;
  const double mid = 0.5 * (v.lower + v.upper);
  // A (near-)constant pre-activation still needs an interval to map onto [-1, 1].
  const double floor = 1e-6 * (1 + std::fabs(mid));
  if (width < floor) width = floor;
  return {mid - width * (0.5 + margin), mid + width * (0.5 + margin)};
}

// The fit of one activation on interval v from samples (x_r, target_r).
Result<ck::ChebyshevSeries> fit(bool is_relu, Interval v, int degree, std::span<const double> x,
                                std::span<const double> target, const ScoringPlanOptions& o) {
  const ck::RealFunction f = is_relu ? ck::RealFunction(ck::relu) : ck::RealFunction(ck::logistic);
  if (o.fit == FitMethod::kLeastSquares)
    return ck::least_squares(x, target, f, v.lower, v.upper, degree, o.uniform_weight);
  if (is_relu && v.lower >= 0)  // exact on one side of the kink
    return ck::ChebyshevSeries{v.lower, v.upper, {0.5 * (v.lower + v.upper), 0.5 * (v.upper - v.lower)}};
  if (is_relu && v.upper <= 0) return ck::ChebyshevSeries{v.lower, v.upper, {0.0}};
  ck::MinimaxOptions m;
  m.grid_points = 4001;
  if (is_relu) m.breakpoints = {0.0};
  return ck::minimax(f, v.lower, v.upper, degree, m);
}

NeuronFit measure_fit(bool is_relu, Interval v, const ck::ChebyshevSeries& p, std::span<const double> x,
                      std::span<const double> target) {
  const ck::RealFunction f = is_relu ? ck::RealFunction(ck::relu) : ck::RealFunction(ck::logistic);
  double sq = 0;
  for (std::size_t r = 0; r < x.size(); ++r) sq += (p(x[r]) - target[r]) * (p(x[r]) - target[r]);
  return {v, ck::max_error(f, p, 20001, {0.0}),
          std::sqrt(sq / static_cast<double>(std::max<std::size_t>(x.size(), 1)))};
}

std::span<const double> col(const Eigen::MatrixXd& m, Eigen::Index j) {
  return {m.col(j).data(), static_cast<std::size_t>(m.rows())};
}

// Per-slot Chebyshev coefficients: slot s gets polys[s mod n] scaled by weights[s mod n]; zero past the
// layer's width.
ck::SlotPolynomial per_slot(const std::vector<ck::ChebyshevSeries>& polys, const Eigen::VectorXd* weights,
                            std::size_t period, std::size_t slots) {
  std::size_t size = 0;
  for (const auto& p : polys) size = std::max(size, p.coeffs.size());
  ck::SlotPolynomial out{ck::Basis::kChebyshev,
                         std::vector<std::vector<double>>(size, std::vector<double>(slots, 0.0))};
  for (std::size_t k = 0; k < size; ++k)
    for (std::size_t s = 0; s < slots; ++s) {
      const std::size_t i = s % period;
      if (i >= polys.size() || k >= polys[i].coeffs.size()) continue;
      out.coeffs[k][s] = polys[i].coeffs[k] * (weights ? (*weights)[static_cast<Eigen::Index>(i)] : 1.0);
    }
  return out;
}

bool is_power_of_two(std::size_t v) { return v != 0 && (v & (v - 1)) == 0; }

Status check_rows(const ml::CreditModel& model, const Eigen::MatrixXd& rows) {
  if (rows.rows() == 0) return invalid("no rows");
  if (static_cast<std::size_t>(rows.cols()) != model.standardizer.size())
    return invalid("rows have " + std::to_string(rows.cols()) + " features, the model " +
                   std::to_string(model.standardizer.size()));
  if (!rows.allFinite()) return invalid("a row has a non-finite feature");
  return Status::success();
}

Eigen::MatrixXd clamp_rows(const std::vector<double>& lower, const std::vector<double>& upper,
                           Eigen::MatrixXd x) {
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    for (Eigen::Index i = 0; i < x.rows(); ++i)
      x(i, j) = std::clamp(x(i, j), lower[static_cast<std::size_t>(j)], upper[static_cast<std::size_t>(j)]);
  return x;
}

Status check_features(const ScoringPlan& plan, std::span<const double> features) {
  if (features.size() != plan.features)
    return invalid("expected " + std::to_string(plan.features) + " features, got " +
                   std::to_string(features.size()));
  for (std::size_t j = 0; j < features.size(); ++j)
    if (!std::isfinite(features[j]))
      return invalid("feature " + std::to_string(j) + " is not a finite number");
  return Status::success();
}

Interval range_of(std::span<const double> v) {
  const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  return {*lo, *hi};
}

// Degrees chosen by choose_degrees (default options: least squares, uniform weight 0.01, margin 0.10,
// calibrated decisions) on the default
// model (data/models/credit_default.json) and its training rows; tests/lending/encrypted_scoring_test.cpp
// re-runs it for the budget of 10.
struct DefaultDegrees {
  int budget, d1, d2, d3;
};
constexpr DefaultDegrees kDefaultDegrees[] = {
    {5, 1, 1, 1},   {6, 3, 1, 1},   {7, 7, 1, 1},    {8, 7, 3, 1},    {9, 7, 3, 3},
    {10, 15, 3, 3}, {11, 15, 7, 3}, {12, 15, 15, 3}, {13, 31, 15, 3}, {14, 31, 15, 7},
};

}  // namespace

std::vector<int> default_degrees(int depth_budget) {
  if (depth_budget < 5) return {};
  for (const auto& d : kDefaultDegrees)
    if (d.budget == depth_budget) return {d.d1, d.d2, d.d3};
  const auto& last = kDefaultDegrees[std::size(kDefaultDegrees) - 1];
  return {last.d1, last.d2, last.d3};
}

Result<ml::Split> model_split(const ml::CreditModel& model, const ml::FeatureTable& table) {
  if (table.names != model.feature_names) return invalid("the table does not have the model's features");
  const json& t = model.training;
  if (!t.is_object() || !t.contains("split") || !t["split"].is_object() ||
      !t["split"].contains("fractions") || !t["split"]["fractions"].is_array() ||
      t["split"]["fractions"].size() != 2 || !t["split"]["fractions"][0].is_number() ||
      !t["split"]["fractions"][1].is_number() || !t["split"].contains("seed") ||
      !t["split"]["seed"].is_number_unsigned())
    return invalid("the model file has no training.split record (fractions, seed)");
  ml::SplitFractions f;
  f.train = t["split"]["fractions"][0].get<double>();
  f.validation = t["split"]["fractions"][1].get<double>();
  return ml::stratified_split(table.labels, f, t["split"]["seed"].get<std::uint64_t>());
}

Eigen::MatrixXd rows_of(const ml::FeatureTable& table, const std::vector<std::size_t>& rows) {
  Eigen::MatrixXd x(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(table.names.size()));
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = 0; j < table.names.size(); ++j)
      x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = table.rows[rows[i]][j];
  return x;
}

int ScoringPlan::depth() const {
  return 2 + ck::depth(degrees.at(0)) + ck::depth(degrees.at(1)) + ck::depth(degrees.at(2));
}

std::vector<int> ScoringPlan::rotations() const {
  std::vector<int> out = ck::required_rotations(layer1);
  for (int s : ck::required_rotations(layer2)) out.push_back(s);
  for (std::size_t step = 1; step < period; step *= 2) out.push_back(static_cast<int>(step));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<ScoringPlan> compile_plan(const ml::CreditModel& model, const Eigen::MatrixXd& training_rows,
                                 std::size_t slots, const ScoringPlanOptions& options) {
  if (auto s = check_network(model); !s) return s.error();
  if (auto s = check_rows(model, training_rows); !s) return s.error();
  const auto& layers = model.network.layers;
  const auto in = static_cast<std::size_t>(layers[0].weights.cols());
  const auto h1 = static_cast<std::size_t>(layers[0].weights.rows());
  const auto h2 = static_cast<std::size_t>(layers[1].weights.rows());
  if (!(options.margin >= 0 && options.margin <= 10)) return invalid("margin outside [0, 10]");
  if (!(options.uniform_weight >= 0) || !std::isfinite(options.uniform_weight))
    return invalid("the uniform weight must be finite and >= 0");
  const std::size_t n = options.period;
  if (!is_power_of_two(n) || n < std::max({in, h1, h2}))
    return invalid("period " + std::to_string(n) + " is not a power of two >= every layer width");
  if (slots == 0 || slots % n != 0)
    return invalid(std::to_string(slots) + " slots are not a multiple of the period");
  if (options.depth_budget < 5)
    return invalid("a depth budget of " + std::to_string(options.depth_budget) +
                   " is below the minimum of 5");
  const std::vector<int> degrees =
      options.degrees.empty() ? default_degrees(options.depth_budget) : options.degrees;
  if (degrees.size() != 3) return invalid("three degrees are needed (two ReLU, one sigmoid)");
  for (int d : degrees)
    if (d < 1 || d > 63) return invalid("degree " + std::to_string(d) + " outside [1, 63]");

  ScoringPlan plan;
  plan.features = in;
  plan.period = n;
  plan.slots = slots;
  plan.clamp_lower = model.standardizer.lower;
  plan.clamp_upper = model.standardizer.upper;
  plan.threshold = model.threshold;
  plan.degrees = degrees;
  if (plan.depth() > options.depth_budget)
    return invalid("degrees " + std::to_string(degrees[0]) + ", " + std::to_string(degrees[1]) + ", " +
                   std::to_string(degrees[2]) + " need depth " + std::to_string(plan.depth()) + " > budget " +
                   std::to_string(options.depth_budget));

  // The float network on the clamped raw rows, the standardization folded into layer 1:
  // y1 = W1 ((x - mean) / scale) + b1 = w1 x + c1.
  Eigen::MatrixXd w1 = layers[0].weights;
  Eigen::VectorXd c1 = layers[0].bias;
  for (std::size_t j = 0; j < in; ++j) {
    const auto jj = static_cast<Eigen::Index>(j);
    w1.col(jj) /= model.standardizer.scale[j];
    c1 -= w1.col(jj) * model.standardizer.mean[j];
  }
  const Eigen::MatrixXd x = clamp_rows(plan.clamp_lower, plan.clamp_upper, training_rows);
  const auto nrows = x.rows();
  Eigen::MatrixXd y1 = x * w1.transpose();
  y1.rowwise() += c1.transpose();
  const Eigen::MatrixXd r1 = y1.cwiseMax(0.0);
  Eigen::MatrixXd y2 = r1 * layers[1].weights.transpose();
  y2.rowwise() += layers[1].bias.transpose();
  const Eigen::MatrixXd r2 = y2.cwiseMax(0.0);
  Eigen::VectorXd z = r2 * layers[2].weights.row(0).transpose();
  z.array() += layers[2].bias[0];
  const Eigen::VectorXd prob = z.unaryExpr([](double v) { return ck::logistic(v); });

  // Layer 1: intervals from the float pre-activations; the fits' outputs on the training rows feed the
  // next layer's intervals and samples.
  plan.a1 = w1;
  plan.b1 = c1;
  Eigen::MatrixXd approx1(nrows, static_cast<Eigen::Index>(h1));
  for (std::size_t i = 0; i < h1; ++i) {
    const auto ii = static_cast<Eigen::Index>(i);
    const Interval v = widen(range_of(col(y1, ii)), options.margin);
    const double mid = 0.5 * (v.lower + v.upper), half = 0.5 * (v.upper - v.lower);
    plan.a1.row(ii) /= half;
    plan.b1[ii] = (c1[ii] - mid) / half;
    ZKC_TRY(auto p, fit(true, v, degrees[0], col(y1, ii), col(r1, ii), options));
    for (Eigen::Index r = 0; r < nrows; ++r) approx1(r, ii) = p(y1(r, ii));
    plan.fits1.push_back(measure_fit(true, v, p, col(y1, ii), col(r1, ii)));
    plan.p1.push_back(std::move(p));
  }
  // Layer 2 on the approximate layer-1 outputs, fitted against the float network's ReLU of the row.
  Eigen::MatrixXd yh2 = approx1 * layers[1].weights.transpose();
  yh2.rowwise() += layers[1].bias.transpose();
  plan.a2 = layers[1].weights;
  plan.b2 = layers[1].bias;
  Eigen::MatrixXd approx2(nrows, static_cast<Eigen::Index>(h2));
  for (std::size_t i = 0; i < h2; ++i) {
    const auto ii = static_cast<Eigen::Index>(i);
    const Interval v = widen(range_of(col(yh2, ii)), options.margin);
    const double mid = 0.5 * (v.lower + v.upper), half = 0.5 * (v.upper - v.lower);
    plan.a2.row(ii) /= half;
    plan.b2[ii] = (plan.b2[ii] - mid) / half;
    ZKC_TRY(auto p, fit(true, v, degrees[1], col(yh2, ii), col(r2, ii), options));
    for (Eigen::Index r = 0; r < nrows; ++r) approx2(r, ii) = p(yh2(r, ii));
    plan.fits2.push_back(measure_fit(true, v, p, col(yh2, ii), col(r2, ii)));
    plan.p2.push_back(std::move(p));
  }
  // The logit of the approximate network, fitted against the float probability.
  Eigen::VectorXd zh = approx2 * layers[2].weights.row(0).transpose();
  zh.array() += layers[2].bias[0];
  const std::span<const double> zs(zh.data(), static_cast<std::size_t>(zh.size()));
  const std::span<const double> ps(prob.data(), static_cast<std::size_t>(prob.size()));
  const Interval v3 = widen(range_of(zs), options.margin);
  const double mid3 = 0.5 * (v3.lower + v3.upper), half3 = 0.5 * (v3.upper - v3.lower);
  plan.w3 = layers[2].weights.row(0).transpose() / half3;
  ZKC_TRY(plan.p3, fit(false, v3, degrees[2], zs, ps, options));
  plan.logit_fit = measure_fit(false, v3, plan.p3, zs, ps);
  if (options.calibrate_decisions) {
    std::vector<double> u3(zs.size());
    for (std::size_t r = 0; r < zs.size(); ++r) u3[r] = plan.p3.to_unit(zs[r]);
    const auto flips = [&](double shift) {
      std::size_t count = 0;
      for (std::size_t r = 0; r < u3.size(); ++r)
        count += (plan.p3.eval_unit(u3[r] + shift) >= plan.threshold) != (ps[r] >= plan.threshold);
      return count;
    };
    // A coarse grid over [-0.1, 0.1], then a fine one around its best; ties keep the smaller shift.
    std::size_t best = flips(0);
    double shift = 0;
    const auto scan = [&](double center, double step, int steps) {
      for (int i = -steps; i <= steps; ++i) {
        const double s = center + i * step;
        const std::size_t f = flips(s);
        if (f < best || (f == best && std::fabs(s) < std::fabs(shift))) {
          best = f;
          shift = s;
        }
      }
    };
    scan(0, 0.0025, 40);
    scan(shift, 0.0001, 25);
    plan.decision_shift = shift;
  }

  plan.logit_offset = (layers[2].bias[0] - mid3) / half3 + plan.decision_shift;
  // The plan evaluates every series in its unit variable: make that explicit.
  for (auto* set : {&plan.p1, &plan.p2})
    for (auto& p : *set) p.lower = -1, p.upper = 1;
  plan.p3.lower = -1;
  plan.p3.upper = 1;

  ZKC_TRY(plan.layer1, ck::pack_matrix(plan.a1, n, slots, plan.b1));
  ZKC_TRY(plan.layer2, ck::pack_matrix(plan.a2, n, slots, plan.b2));
  plan.act1 = per_slot(plan.p1, nullptr, n, slots);
  plan.act2 = per_slot(plan.p2, &plan.w3, n, slots);
  plan.sigmoid = ck::SlotPolynomial{ck::Basis::kChebyshev, {}};
  for (double c : plan.p3.coeffs) plan.sigmoid.coeffs.push_back({c});
  return plan;
}

Result<std::vector<double>> encode_input(const ScoringPlan& plan, std::span<const double> features) {
  if (auto s = check_features(plan, features); !s) return s.error();
  std::vector<double> out(plan.slots, 0.0);
  for (std::size_t s = 0; s < plan.slots; ++s) {
    const std::size_t j = s % plan.period;
    if (j < plan.features) out[s] = std::clamp(features[j], plan.clamp_lower[j], plan.clamp_upper[j]);
  }
  return out;
}

Result<Eigen::VectorXd> plain_scores(const ScoringPlan& plan, const Eigen::MatrixXd& rows) {
  if (static_cast<std::size_t>(rows.cols()) != plan.features)
    return invalid("expected " + std::to_string(plan.features) + " features, got " +
                   std::to_string(rows.cols()));
  if (!rows.allFinite()) return invalid("a row has a non-finite feature");
  const Eigen::MatrixXd x = clamp_rows(plan.clamp_lower, plan.clamp_upper, rows);
  Eigen::MatrixXd u1 = x * plan.a1.transpose();
  u1.rowwise() += plan.b1.transpose();
  for (Eigen::Index i = 0; i < u1.cols(); ++i)
    for (Eigen::Index r = 0; r < u1.rows(); ++r)
      u1(r, i) = plan.p1[static_cast<std::size_t>(i)].eval_unit(u1(r, i));
  Eigen::MatrixXd u2 = u1 * plan.a2.transpose();
  u2.rowwise() += plan.b2.transpose();
  Eigen::VectorXd out(rows.rows());
  for (Eigen::Index r = 0; r < u2.rows(); ++r) {
    double u3 = plan.logit_offset;
    for (Eigen::Index i = 0; i < u2.cols(); ++i)
      u3 += plan.w3[i] * plan.p2[static_cast<std::size_t>(i)].eval_unit(u2(r, i));
    out[r] = plan.p3.eval_unit(u3);
  }
  return out;
}

Result<double> plain_score(const ScoringPlan& plan, std::span<const double> features) {
  if (auto s = check_features(plan, features); !s) return s.error();
  Eigen::MatrixXd row(1, static_cast<Eigen::Index>(features.size()));
  for (std::size_t j = 0; j < features.size(); ++j) row(0, static_cast<Eigen::Index>(j)) = features[j];
  ZKC_TRY(auto s, plain_scores(plan, row));
  return s[0];
}

Result<std::vector<int>> choose_degrees(const ml::CreditModel& model, const Eigen::MatrixXd& training_rows,
                                        int depth_budget, const ScoringPlanOptions& options) {
  if (depth_budget < 5)
    return invalid("a depth budget of " + std::to_string(depth_budget) + " is below the minimum of 5");
  if (auto s = check_network(model); !s) return s.error();
  if (auto s = check_rows(model, training_rows); !s) return s.error();
  const Eigen::VectorXd want = model.float_scores(training_rows);
  std::vector<int> best;
  double best_cost = std::numeric_limits<double>::infinity();
  constexpr int kMaxLevels = 5;  // degree 31
  const int spare = depth_budget - 2;
  for (int l1 = 1; l1 <= kMaxLevels; ++l1)
    for (int l2 = 1; l2 <= kMaxLevels; ++l2) {
      const int l3 = std::min(kMaxLevels, spare - l1 - l2);
      if (l3 < 1) continue;
      ScoringPlanOptions o = options;
      o.depth_budget = depth_budget;
      o.degrees = {(1 << l1) - 1, (1 << l2) - 1, (1 << l3) - 1};
      ZKC_TRY(auto plan, compile_plan(model, training_rows, o.period, o));
      ZKC_TRY(auto got, plain_scores(plan, training_rows));
      std::size_t flips = 0;
      double mean = 0;
      for (Eigen::Index r = 0; r < got.size(); ++r) {
        flips += (got[r] >= plan.threshold) != (want[r] >= plan.threshold);
        mean += std::fabs(got[r] - want[r]);
      }
      const double rows = static_cast<double>(got.size());
      const double cost = static_cast<double>(flips) / rows + mean / rows;
      if (cost < best_cost) {
        best = o.degrees;
        best_cost = cost;
      }
    }
  if (best.empty()) return invalid("no split of the budget fits");
  return best;
}

json plan_summary(const ScoringPlan& plan) {
  const auto fits = [](const std::vector<NeuronFit>& f) {
    json a = json::array();
    for (const auto& x : f)
      a.push_back({{"interval", {x.interval.lower, x.interval.upper}},
                   {"max_error", x.max_error},
                   {"rms_error", x.rms_error}});
    return a;
  };
  double e1 = 0, e2 = 0;
  for (const auto& f : plan.fits1) e1 = std::max(e1, f.max_error);
  for (const auto& f : plan.fits2) e2 = std::max(e2, f.max_error);
  return {{"degrees", plan.degrees},
          {"depth", plan.depth()},
          {"period", plan.period},
          {"slots", plan.slots},
          {"rotations", plan.rotations()},
          {"relu1", {{"max_error", e1}, {"neurons", fits(plan.fits1)}}},
          {"relu2", {{"max_error", e2}, {"neurons", fits(plan.fits2)}}},
          {"sigmoid",
           {{"interval", {plan.logit_fit.interval.lower, plan.logit_fit.interval.upper}},
            {"max_error", plan.logit_fit.max_error},
            {"rms_error", plan.logit_fit.rms_error},
            {"decision_shift", plan.decision_shift}}}};
}

Result<he::ckks::Parameters> scoring_parameters(int depth) {
  if (depth < 1 || depth > 10) {
    return make_error(Errc::kInvalidArgument,
                      "a scoring plan of depth " + std::to_string(depth) +
                          " does not fit N = 16384 at 128-bit security (at most 10 levels)");
  }
  he::ckks::Parameters p;
  p.ring_degree = 16384;
  p.prime_bits.push_back(40);
  for (int i = 0; i < depth; ++i) p.prime_bits.push_back(33);
  p.prime_bits.push_back(43);
  p.scale = 0x1p33;
  return p;
}

}  // namespace zkc::lending
