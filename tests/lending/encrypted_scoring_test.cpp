// The credit network compiled for CKKS (src/zkc/lending/encrypted_scoring.hpp), run on the plaintext
// mock of the evaluator (tests/he/ckks/mock_ops.hpp): the folded maps against the float network
// layer by layer, the mock's encrypted score against the plan's plain evaluation (exact without noise,
// within noise with 2^-25 per operation), the whole Taiwan test split against the float model
// (decisions that agree, score errors), replication over 8192 slots, levels and Galois keys, and every
// rejected input.
#include "zkc/lending/encrypted_scoring.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>

#include "he/ckks/mock_ops.hpp"
#include "testing/testing.hpp"
#include "zkc/ml/dataset.hpp"

namespace zkc::lending {
namespace {

using he::ckks::testing::MockOps;

struct Taiwan {
  ml::CreditModel model;
  ml::FeatureTable table;
  Eigen::MatrixXd train, test;
};

const Taiwan& taiwan() {
  static const Taiwan t = [] {
    Taiwan out;
    auto model = ml::read_model(std::string(ZKC_REPO_DATA_DIR) + "/models/credit_default.json");
    if (!model) throw std::runtime_error(model.error().message);
    out.model = std::move(model).value();
    auto data =
        ml::load_data(std::string(ZKC_REPO_DATA_DIR) + "/taiwan_default/UCI_Credit_Card.csv", "taiwan");
    if (!data) throw std::runtime_error(data.error().message);
    out.table = std::move(data).value().table;
    auto split = model_split(out.model, out.table);
    if (!split) throw std::runtime_error(split.error().message);
    out.train = rows_of(out.table, split.value().train);
    out.test = rows_of(out.table, split.value().test);
    return out;
  }();
  return t;
}

// The default plan (budget 10) in 16 slots, compiled once.
const ScoringPlan& plan16() {
  static const ScoringPlan p = compile_plan(taiwan().model, taiwan().train, 16).value();
  return p;
}

std::vector<double> row(const Eigen::MatrixXd& m, Eigen::Index r) {
  std::vector<double> v(static_cast<std::size_t>(m.cols()));
  for (Eigen::Index j = 0; j < m.cols(); ++j) v[static_cast<std::size_t>(j)] = m(r, j);
  return v;
}

double encrypted_score(MockOps& ops, const ScoringPlan& plan, const std::vector<double>& features, int level,
                       std::vector<double>* slots = nullptr, int* out_level = nullptr) {
  const auto ct = ops.encrypt(encode_input(plan, features).value(), level);
  auto out = score(ops, plan, ct);
  EXPECT_TRUE(out.ok()) << out.error().message;
  if (slots) *slots = out.value().v;
  if (out_level) *out_level = out.value().level;
  return out.value().v[0];
}

TEST(EncryptedScoring, DefaultPlanFitsTheBudget) {
  const auto& p = plan16();
  EXPECT_EQ(p.degrees, default_degrees(10));
  EXPECT_EQ(p.depth(), 10);
  EXPECT_EQ(p.period, 16u);
  EXPECT_EQ(p.features, 11u);
  EXPECT_EQ(p.threshold, taiwan().model.threshold);
  // Every budget's default plan fits it; the depth formula is 2 + sum of ceil(log2(d + 1)).
  for (int budget = 5; budget <= 14; ++budget) {
    const auto d = default_degrees(budget);
    ASSERT_EQ(d.size(), 3u);
    EXPECT_LE(2 + he::ckks::depth(d[0]) + he::ckks::depth(d[1]) + he::ckks::depth(d[2]), budget);
  }
  EXPECT_TRUE(default_degrees(4).empty());
  // The dense 16 x 11 and 16 x 8 products use baby steps 1..3 and giant steps 4, 8, 12; the sum over the
  // period 1, 2, 4, 8.
  EXPECT_EQ(p.rotations(), (std::vector<int>{1, 2, 3, 4, 8, 12}));
  const auto summary = plan_summary(p);
  EXPECT_EQ(summary["depth"], 10);
  EXPECT_EQ(summary["relu1"]["neurons"].size(), 16u);
  EXPECT_EQ(summary["relu2"]["neurons"].size(), 8u);
}

TEST(EncryptedScoring, FoldedMapsEqualTheFloatNetwork) {
  // u = (y - mid) / half per neuron, so mid + half u must be the float pre-activation, layer by layer
  // (fed with the exact ReLU here, so each map is checked on its own).
  const auto& t = taiwan();
  const auto& p = plan16();
  const auto& layers = t.model.network.layers;
  const Eigen::MatrixXd std_rows = t.model.standardizer.apply(t.test.topRows(300));
  for (Eigen::Index r = 0; r < 300; ++r) {
    Eigen::VectorXd x(11);
    for (Eigen::Index j = 0; j < 11; ++j)
      x[j] = t.model.standardizer.clamp(static_cast<std::size_t>(j), t.test(r, j));
    const Eigen::VectorXd y1 = layers[0].weights * std_rows.row(r).transpose() + layers[0].bias;
    const Eigen::VectorXd u1 = p.a1 * x + p.b1;
    for (Eigen::Index i = 0; i < 16; ++i) {
      const auto& iv = p.fits1[static_cast<std::size_t>(i)].interval;
      ASSERT_NEAR(0.5 * (iv.lower + iv.upper) + 0.5 * (iv.upper - iv.lower) * u1[i], y1[i], 1e-9);
    }
    const Eigen::VectorXd h1 = y1.cwiseMax(0.0);
    const Eigen::VectorXd y2 = layers[1].weights * h1 + layers[1].bias;
    const Eigen::VectorXd u2 = p.a2 * h1 + p.b2;
    for (Eigen::Index i = 0; i < 8; ++i) {
      const auto& iv = p.fits2[static_cast<std::size_t>(i)].interval;
      ASSERT_NEAR(0.5 * (iv.lower + iv.upper) + 0.5 * (iv.upper - iv.lower) * u2[i], y2[i], 1e-9);
    }
    const Eigen::VectorXd h2 = y2.cwiseMax(0.0);
    const double z = layers[2].weights.row(0).dot(h2) + layers[2].bias[0];
    const double u3 = p.w3.dot(h2) + p.logit_offset - p.decision_shift;
    const auto& iv = p.logit_fit.interval;
    ASSERT_NEAR(0.5 * (iv.lower + iv.upper) + 0.5 * (iv.upper - iv.lower) * u3, z, 1e-9);
  }
}

TEST(EncryptedScoring, MockEqualsThePlainPlanWithoutNoise) {
  const auto& t = taiwan();
  const auto& p = plan16();
  const Eigen::MatrixXd rows = t.test.topRows(200);
  const auto plain = plain_scores(p, rows).value();
  MockOps ops(16, 10);
  ops.set_galois_keys(p.rotations());
  for (Eigen::Index r = 0; r < rows.rows(); ++r) {
    int level = -1;
    std::vector<double> slots;
    const double s = encrypted_score(ops, p, row(rows, r), 10, &slots, &level);
    ASSERT_NEAR(s, plain[r], 1e-10) << "row " << r;
    for (double v : slots) ASSERT_NEAR(v, s, 1e-10);
    EXPECT_EQ(level, 0);
    EXPECT_NEAR(plain_score(p, row(rows, r)).value(), plain[r], 1e-14);
  }
  // Every listed key was used.
  EXPECT_EQ(std::vector<int>(ops.steps_used().begin(), ops.steps_used().end()), p.rotations());
}

TEST(EncryptedScoring, TaiwanTestSplitOnTheMock) {
  // The whole test split through the mock with Gaussian noise 2^-25 per operation, against the float
  // model: decisions at the model's threshold, |score error|.
  const auto start = std::chrono::steady_clock::now();
  const auto& t = taiwan();
  const auto& p = plan16();
  const Eigen::VectorXd want = t.model.float_scores(t.test);
  const auto plain = plain_scores(p, t.test).value();
  MockOps ops(16, 10, std::ldexp(1.0, -25), zkc::testing::test_seed());
  ops.set_galois_keys(p.rotations());
  std::size_t agree = 0;
  double max_err = 0, mean_err = 0, max_noise = 0;
  for (Eigen::Index r = 0; r < t.test.rows(); ++r) {
    const double s = encrypted_score(ops, p, row(t.test, r), 10);
    agree += (s >= p.threshold) == (want[r] >= p.threshold);
    max_err = std::max(max_err, std::fabs(s - want[r]));
    mean_err += std::fabs(s - want[r]);
    max_noise = std::max(max_noise, std::fabs(s - plain[r]));
  }
  const auto n = static_cast<double>(t.test.rows());
  mean_err /= n;
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "Taiwan test split, %lld rows, degrees %d/%d/%d, depth %d: decisions agree %.2f %%, |score error| "
      "max %.4f mean %.4f; noise effect max %.2e; %.2f s\n",
      static_cast<long long>(t.test.rows()), p.degrees[0], p.degrees[1], p.degrees[2], p.depth(),
      100.0 * static_cast<double>(agree) / n, max_err, mean_err, max_noise, seconds);
  EXPECT_EQ(t.test.rows(), 4502);
  // Measured: 97.09 % agree, max 0.166, mean 0.0256 (the approximation, not the noise, dominates).
  EXPECT_GE(static_cast<double>(agree) / n, 0.965);
  EXPECT_LE(mean_err, 0.027);
  EXPECT_LE(max_err, 0.18);
  EXPECT_LE(max_noise, 1e-4);
}

TEST(EncryptedScoring, ReplicatedOverAllSlots) {
  const auto& t = taiwan();
  const auto p = compile_plan(t.model, t.train, 8192).value();
  EXPECT_EQ(p.rotations(), plan16().rotations());
  MockOps ops(8192, 12);
  for (Eigen::Index r = 0; r < 3; ++r) {
    std::vector<double> slots;
    int level = -1;
    const double s = encrypted_score(ops, p, row(t.test, r), 12, &slots, &level);
    EXPECT_EQ(level, 2);
    for (double v : slots) ASSERT_NEAR(v, s, 1e-10);
    EXPECT_NEAR(s, plain_score(plan16(), row(t.test, r)).value(), 1e-10);
  }
}

TEST(EncryptedScoring, ClampsToTheTrainingBox) {
  const auto& p = plan16();
  auto x = row(taiwan().test, 0);
  auto far = x;
  far[0] = p.clamp_upper[0] * 1000;
  far[6] = p.clamp_lower[6] - 50;
  auto clamped = x;
  clamped[0] = p.clamp_upper[0];
  clamped[6] = p.clamp_lower[6];
  EXPECT_EQ(plain_score(p, far).value(), plain_score(p, clamped).value());
  const auto e = encode_input(p, far).value();
  EXPECT_EQ(e[0], p.clamp_upper[0]);
  EXPECT_EQ(e[6], p.clamp_lower[6]);
  EXPECT_EQ(e[11], 0);  // padding
  MockOps ops(16, 10);
  EXPECT_NEAR(encrypted_score(ops, p, far, 10), plain_score(p, clamped).value(), 1e-10);
}

TEST(EncryptedScoring, ChooseDegreesReproducesTheTable) {
  // Budget 8 (0.7 s; budget 10 takes 3 s and gave 15/3/3, recorded in the table). Its last degree
  // is 1: a calibrated linear output decides like the sigmoid, and one level buys more in the ReLUs.
  const auto d = choose_degrees(taiwan().model, taiwan().train, 8);
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d.value(), default_degrees(8));
  EXPECT_FALSE(choose_degrees(taiwan().model, taiwan().train, 4).ok());
}

double agreement(const ScoringPlan& p, const Eigen::MatrixXd& rows, const Eigen::VectorXd& want) {
  const auto got = plain_scores(p, rows).value();
  std::size_t agree = 0;
  for (Eigen::Index r = 0; r < got.size(); ++r) agree += (got[r] >= p.threshold) == (want[r] >= p.threshold);
  return static_cast<double>(agree) / static_cast<double>(got.size());
}

TEST(EncryptedScoring, CalibrationAndMinimaxOptions) {
  const auto& t = taiwan();
  const Eigen::VectorXd want = t.model.float_scores(t.test);
  // Without the decision calibration: no shift, fewer decisions agree (measured 95.82 % against 97.09 %).
  ScoringPlanOptions o;
  o.calibrate_decisions = false;
  const auto raw = compile_plan(t.model, t.train, 16, o).value();
  EXPECT_EQ(raw.decision_shift, 0);
  EXPECT_NE(plan16().decision_shift, 0);
  EXPECT_LE(std::fabs(plan16().decision_shift), 0.1);
  EXPECT_NEAR(plan16().logit_offset - plan16().decision_shift, raw.logit_offset, 1e-12);
  EXPECT_LT(agreement(raw, t.test, want) + 0.005, agreement(plan16(), t.test, want));
  // Minimax fits: uniform errors are then the minimax ones, ReLU of degree 7 within 2.3 % of each
  // interval's half-width (approx.hpp, relu7).
  o = {};
  o.fit = FitMethod::kMinimax;
  o.degrees = {7, 3, 7};
  const auto p = compile_plan(t.model, t.train, 16, o).value();
  for (const auto& f : p.fits1)
    EXPECT_LE(f.max_error, 0.0232 * 0.5 * (f.interval.upper - f.interval.lower) + 1e-9);
  EXPECT_GE(agreement(p, t.test, want), 0.94);
}

TEST(EncryptedScoring, RejectsBadInputs) {
  const auto& t = taiwan();
  const auto msg = [&](const ScoringPlanOptions& o, std::size_t slots = 16) {
    auto r = compile_plan(t.model, t.train.topRows(500), slots, o);
    return r.ok() ? std::string("ok") : r.error().message;
  };
  const auto has = [](const std::string& m, const char* what) { return m.find(what) != std::string::npos; };
  ScoringPlanOptions o;
  EXPECT_EQ(msg(o), "ok");
  o.depth_budget = 4;
  EXPECT_TRUE(has(msg(o), "below the minimum of 5")) << msg(o);
  o = {};
  o.degrees = {15, 15, 15};
  EXPECT_TRUE(has(msg(o), "need depth 14 > budget 10")) << msg(o);
  o.degrees = {3, 3};
  EXPECT_TRUE(has(msg(o), "three degrees")) << msg(o);
  o.degrees = {0, 3, 3};
  EXPECT_TRUE(has(msg(o), "outside [1, 63]")) << msg(o);
  o.degrees = {64, 3, 3};
  o.depth_budget = 20;
  EXPECT_TRUE(has(msg(o), "outside [1, 63]")) << msg(o);
  o = {};
  o.period = 8;
  EXPECT_TRUE(has(msg(o), "period 8")) << msg(o);
  o.period = 24;
  EXPECT_TRUE(has(msg(o), "period 24")) << msg(o);
  o = {};
  EXPECT_TRUE(has(msg(o, 24), "not a multiple")) << msg(o, 24);
  o.margin = -0.1;
  EXPECT_TRUE(has(msg(o), "margin")) << msg(o);
  o = {};
  o.uniform_weight = -1;
  EXPECT_TRUE(has(msg(o), "uniform weight")) << msg(o);
  EXPECT_TRUE(has(compile_plan(t.model, t.train.leftCols(10), 16).error().message, "rows have 10 features"));
  EXPECT_TRUE(has(compile_plan(t.model, Eigen::MatrixXd(0, 11), 16).error().message, "no rows"));
  Eigen::MatrixXd nan_rows = t.train.topRows(10);
  nan_rows(3, 4) = std::nan("");
  EXPECT_TRUE(has(compile_plan(t.model, nan_rows, 16).error().message, "non-finite"));
  auto two_layers = t.model;
  two_layers.network.layers.erase(two_layers.network.layers.begin() + 1);
  EXPECT_TRUE(has(compile_plan(two_layers, t.train.topRows(10), 16).error().message,
                  "inputs -> hidden -> hidden -> 1"));

  const auto& p = plan16();
  EXPECT_TRUE(
      has(encode_input(p, std::vector<double>(10, 0.0)).error().message, "expected 11 features, got 10"));
  auto bad = row(t.test, 0);
  bad[5] = INFINITY;
  EXPECT_TRUE(has(encode_input(p, bad).error().message, "feature 5 is not a finite number"));
  EXPECT_FALSE(plain_score(p, bad).ok());
  EXPECT_FALSE(plain_scores(p, t.test.leftCols(3)).ok());
  // The pool's side: a ciphertext with too few levels or the wrong slot count.
  MockOps ops(16, 10);
  const auto ct = ops.encrypt(encode_input(p, row(t.test, 0)).value(), 9);
  EXPECT_TRUE(has(score(ops, p, ct).error().message, "has 9 levels, the plan needs 10"));
  MockOps wide(32, 10);
  EXPECT_TRUE(has(score(wide, p, wide.encrypt({}, 10)).error().message, "32 slots, the plan 16"));

  auto no_split = t.model;
  no_split.training = nlohmann::json::object();
  EXPECT_TRUE(has(model_split(no_split, t.table).error().message, "training.split"));
  auto renamed = t.table;
  renamed.names[0] = "other";
  EXPECT_TRUE(has(model_split(t.model, renamed).error().message, "features"));
}

}  // namespace
}  // namespace zkc::lending
