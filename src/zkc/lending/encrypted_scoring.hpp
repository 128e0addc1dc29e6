// The credit network compiled for CKKS: the pool scores an encrypted feature vector without a key.
// Input: the client's raw features (ml feature mapping), clamped to the model's training box
// (encode_input, on the client) and replicated with period n = 16 over the slots. Plan:
//   u1 = A1 x + a1        1 level: the standardization and each neuron's map to [-1, 1] folded in
//   h1 = p1(u1)           depth(d1): one ReLU fit per neuron (per-slot Chebyshev coefficients)
//   u2 = A2 h1 + a2       1 level
//   s  = q2(u2)           depth(d2): one ReLU fit per neuron times w3_i / r3 (the output layer folded into
//                         the coefficients: no level), summed over the period by rotations 1, 2, 4, 8
//   score = p3(s + c3)    depth(d3): the sigmoid fit on the logit's interval; the score is in every slot
// depth = 2 + depth(d1) + depth(d2) + depth(d3), depth(d) = ceil(log2(d + 1)). Intervals: each neuron's
// pre-activation range on the TRAINING rows (for layer 2 and the logit: the ranges of the values the
// approximate network produces there), widened by `margin` (10 %) of its width on both sides. Every
// training row is inside by construction; outside, a fit grows like |u|^degree, so a client far outside
// the training distribution gets a meaningless score (the pool cannot tell; clamping the features to the
// training box bounds how far out a row can be). Fits: least squares on the training rows (FitMethod).
//
// Default model (data/models/credit_default.json), Taiwan TEST split (4,502 rows), against the float
// model, plain evaluation of the plan (tests/lending/encrypted_scoring_test.cpp runs budget 10 through
// the mock evaluator with noise 2^-25 per operation: same figures, noise effect <= 2e-6):
//   budget  degrees    decisions agree  max |score error|  mean
//     8     7/3/1        95.91 %          0.277             0.060
//     9     7/3/3        95.94 %          0.217             0.031
//    10    15/3/3        97.09 %          0.166             0.026   (default; relu1 rms error per neuron
//    11    15/7/3        97.76 %          0.181             0.019    0.010-0.047, sigmoid on [-4.8, 3.3])
//    12    15/15/3       98.45 %          0.070             0.013
//    13    31/15/3       99.07 %          0.069             0.011
//    14    31/15/7       99.09 %          0.042             0.005
// The ReLUs dominate the error (their kink sits where the data is dense); noise up to 2^-15 per
// operation changes the score by <= 2e-3, so smaller CKKS scales that buy levels are worth it.
// References: Halevi-Shoup diagonal method and Chebyshev BSGS (src/zkc/he/ckks/linear.hpp,
// polyeval.hpp); CryptoNets (Gilad-Bachrach et al., ICML 2016) for polynomial activations.
#pragma once

#include <Eigen/Dense>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "zkc/base/result.hpp"
#include "zkc/he/ckks/approx.hpp"
#include "zkc/he/ckks/linear.hpp"
#include "zkc/he/ckks/params.hpp"
#include "zkc/he/ckks/polyeval.hpp"
#include "zkc/ml/features.hpp"
#include "zkc/ml/model.hpp"
#include "zkc/ml/split.hpp"

namespace zkc::lending {

struct Interval {
  double lower = 0, upper = 0;
};

// The rows of `table` in the model's recorded split (training.split: fractions and seed), so a plan is
// fitted on the rows the model was trained on. Errors (kInvalidArgument): the model file has no split
// record, or the table does not have the model's features.
Result<ml::Split> model_split(const ml::CreditModel& model, const ml::FeatureTable& table);
Eigen::MatrixXd rows_of(const ml::FeatureTable& table, const std::vector<std::size_t>& rows);

enum class FitMethod {
  // Per neuron, least squares on the training rows: the inputs the polynomial really sees (the
  // approximate upstream values) against the float network's activation of the same row, plus
  // uniform_weight times the mean squared error against the exact function on a uniform grid of the
  // interval (approx.hpp least_squares). Upstream errors are partly corrected downstream.
  kLeastSquares,
  kMinimax,  // uniform best approximation on each interval (approx.hpp minimax); data set intervals only
};

struct ScoringPlanOptions {
  int depth_budget = 10;  // levels available on the fresh ciphertext
  // {d1, d2, d3}; empty: default_degrees(depth_budget).
  std::vector<int> degrees;
  FitMethod fit = FitMethod::kLeastSquares;
  double uniform_weight = 0.01;
  double margin = 0.10;     // each interval widened by this share of its width on both sides
  std::size_t period = 16;  // n: a power of two >= every layer width
  // Shift the logit (u3) by the constant, within +-0.1, that makes the plan's decisions at the model's
  // threshold agree with the float model's on the most training rows (the approximations are biased
  // near the threshold; measured on the default model: test flips 4.2 % -> 2.9 %, mean |score error|
  // 0.021 -> 0.026). Free: it is folded into logit_offset.
  bool calibrate_decisions = true;
};

struct NeuronFit {
  Interval interval;     // pre-activation interval (margin included), mapped to u in [-1, 1]
  double max_error = 0;  // max |p - f| on the interval (20,001 points and the kink)
  double rms_error = 0;  // sqrt(mean (p(x_r) - target_r)^2) on the training rows
};

struct ScoringPlan {
  std::size_t features = 0, period = 0, slots = 0;
  std::vector<double> clamp_lower, clamp_upper;  // the model's training box (encode_input)
  double threshold = 0.5;
  std::vector<int> degrees;  // d1, d2, d3
  he::ckks::PackedMatrix layer1, layer2;
  he::ckks::SlotPolynomial act1, act2, sigmoid;  // Chebyshev basis in u
  double logit_offset = 0;                       // c3, added after the sum (decision_shift included)
  double decision_shift = 0;                     // see ScoringPlanOptions::calibrate_decisions
  std::vector<NeuronFit> fits1, fits2;
  NeuronFit logit_fit;
  // The same maps as plain numbers, for plain_scores (the independent reference of what the ciphertext
  // computes) and for reports: u1 = a1 x + b1, h1_i = p1_i(u1_i), u2 = a2 h1 + b2,
  // u3 = sum_i w3_i p2_i(u2_i) + logit_offset, score = p3(u3); each p in its unit variable.
  Eigen::MatrixXd a1, a2;
  Eigen::VectorXd b1, b2, w3;
  std::vector<he::ckks::ChebyshevSeries> p1, p2;
  he::ckks::ChebyshevSeries p3;

  int depth() const;
  // Galois steps used by score(): the two products' and the period sum's (1, 2, ..., n/2).
  std::vector<int> rotations() const;
};

// Fits the plan on the model's training rows (raw features; clamped here). Errors (kInvalidArgument): a
// network other than inputs -> hidden -> hidden -> 1, no rows or rows of the wrong width or not finite,
// a budget below 5 or degrees that do not fit it, degrees outside [1, 63], a period that is not a power
// of two >= every width, slots not a multiple of the period, a margin outside [0, 10].
Result<ScoringPlan> compile_plan(const ml::CreditModel& model, const Eigen::MatrixXd& training_rows,
                                 std::size_t slots, const ScoringPlanOptions& options = {});

// The degrees (each 2^D - 1, D <= 5) whose plan, evaluated in the clear on the training rows, agrees
// best with the float model: the smallest share of decisions flipped at the threshold plus mean
// |score error| (decisions alone would favour a linear "sigmoid": with the calibrated shift any monotone
// output decides alike). Tries every split of the budget (a plan each, about 3 s for a budget of 10);
// default_degrees records its answers for the default model.
Result<std::vector<int>> choose_degrees(const ml::CreditModel& model, const Eigen::MatrixXd& training_rows,
                                        int depth_budget, const ScoringPlanOptions& options = {});
std::vector<int> default_degrees(int depth_budget);  // empty when the budget is below 5

// The client's side: clamp to the training box, replicate with period n over the slots.
// Errors (kInvalidArgument): the wrong number of features, a non-finite feature.
Result<std::vector<double>> encode_input(const ScoringPlan& plan, std::span<const double> features);

// What the ciphertext computes, evaluated in plain doubles (no packing, no rotations): the reference
// the encrypted score is checked against. Features as for encode_input; rows of raw features.
Result<double> plain_score(const ScoringPlan& plan, std::span<const double> features);
Result<Eigen::VectorXd> plain_scores(const ScoringPlan& plan, const Eigen::MatrixXd& rows);

// The pool's side. Errors (kInvalidArgument): a ciphertext with fewer levels than plan.depth() or the
// wrong slot count. The score is in every slot, at level(input) - plan.depth(); it can fall slightly
// outside [0, 1] (the sigmoid is a polynomial): the client clamps after decryption. With an Ops that
// defers its errors (he::ckks::EvaluatorOps), check its status() afterwards. Uses plan.rotations() only.
template <class Ops>
Result<typename Ops::Ct> score(Ops& ops, const ScoringPlan& plan, const typename Ops::Ct& input) {
  if (ops.slots() != plan.slots)
    return make_error(Errc::kInvalidArgument, "encrypted scoring: the ciphertext has " +
                                                  std::to_string(ops.slots()) + " slots, the plan " +
                                                  std::to_string(plan.slots));
  if (ops.level(input) < plan.depth())
    return make_error(Errc::kInvalidArgument, "encrypted scoring: the ciphertext has " +
                                                  std::to_string(ops.level(input)) +
                                                  " levels, the plan needs " + std::to_string(plan.depth()));
  auto u1 = he::ckks::matvec(ops, input, plan.layer1);
  auto h1 = he::ckks::evaluate_polynomial(ops, u1, plan.act1);
  auto u2 = he::ckks::matvec(ops, h1, plan.layer2);
  auto s = he::ckks::evaluate_polynomial(ops, u2, plan.act2);
  for (std::size_t step = 1; step < plan.period; step *= 2)
    s = ops.add(s, ops.rotate(s, static_cast<int>(step)));
  auto u3 = ops.add_const(s, plan.logit_offset);
  return he::ckks::evaluate_polynomial(ops, u3, plan.sigmoid);
}

// The CKKS parameters for a plan of `depth` levels: N = 16384, a 40-bit q_0 (the score and its error),
// `depth` primes of 33 bits (scale 2^33) and a 43-bit special prime: log2 QP = 83 + 33 depth, within the
// 128-bit bound of 438 bits up to depth 10. Errors (kInvalidArgument): a depth outside [1, 10].
Result<he::ckks::Parameters> scoring_parameters(int depth);

// A plan's figures for reports: degrees, depth, intervals and fit errors.
nlohmann::json plan_summary(const ScoringPlan& plan);

}  // namespace zkc::lending
