#include "zkc/ml/pipeline.hpp"

#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "zkc/ml/logistic.hpp"
#include "zkc/ml/metrics.hpp"

namespace zkc::ml {

using nlohmann::json;

std::string sha256_hex(std::span<const std::uint8_t> bytes) {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, bytes.data(), bytes.size());
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : h) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

namespace {

struct Part {
  Eigen::MatrixXd x;  // raw features
  Eigen::VectorXd y;
};

Part take(const FeatureTable& data, const std::vector<std::size_t>& rows) {
  Part p{
      Eigen::MatrixXd(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(data.names.size())),
      Eigen::VectorXd(static_cast<Eigen::Index>(rows.size()))};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t j = 0; j < data.names.size(); ++j)
      p.x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = data.rows[rows[i]][j];
    p.y[static_cast<Eigen::Index>(i)] = data.labels[rows[i]];
  }
  return p;
}

std::span<const double> span_of(const Eigen::VectorXd& v) {
  return {v.data(), static_cast<std::size_t>(v.size())};
}

json scores_metrics(std::span<const double> p, std::span<const double> y, double threshold) {
  const auto cm = confusion(p, y, threshold);
  const auto table = calibration_table(p, y, 10);
  json cal = json::array();
  for (const auto& bin : table)
    cal.push_back({{"lower", bin.lower},
                   {"upper", bin.upper},
                   {"count", bin.count},
                   {"mean_score", bin.mean_score},
                   {"positive_rate", bin.positive_rate}});
  return {{"rows", p.size()},
          {"auc", roc_auc(p, y)},
          {"accuracy", accuracy(p, y, threshold)},
          {"accuracy_at_0_5", accuracy(p, y, 0.5)},
          {"brier", brier_score(p, y)},
          {"log_loss", log_loss(p, y)},
          {"ece", expected_calibration_error(table)},
          {"confusion",
           {{"tp", cm.true_positive},
            {"fp", cm.false_positive},
            {"tn", cm.true_negative},
            {"fn", cm.false_negative}}},
          {"calibration", cal}};
}

struct Agreement {
  double auc_loss = 0, flip_share = 0, max_error = 0, mean_error = 0;
  std::size_t flips = 0;
};

Agreement agreement(std::span<const double> pf, std::span<const double> pq, std::span<const double> y,
                    double threshold) {
  Agreement a;
  a.auc_loss = roc_auc(pf, y) - roc_auc(pq, y);
  for (std::size_t i = 0; i < pf.size(); ++i) {
    a.flips += (pf[i] >= threshold) != (pq[i] >= threshold);
    const double e = std::fabs(pf[i] - pq[i]);
    a.max_error = std::max(a.max_error, e);
    a.mean_error += e;
  }
  a.flip_share = static_cast<double>(a.flips) / static_cast<double>(pf.size());
  a.mean_error /= static_cast<double>(pf.size());
  return a;
}

json agreement_json(const Agreement& a) {
  return {{"auc_loss", a.auc_loss},
          {"flips", a.flips},
          {"flip_share", a.flip_share},
          {"max_score_error", a.max_error},
          {"mean_score_error", a.mean_error}};
}

bool has_both_classes(const Eigen::VectorXd& y) {
  return y.sum() > 0 && y.sum() < static_cast<double>(y.size());
}

}  // namespace

Result<CreditModel> train_credit_model(const FeatureTable& data, const std::string& mapping,
                                       const DataInfo& info, const PipelineOptions& options,
                                       const PipelineProgress& progress) {
  const auto start = std::chrono::steady_clock::now();
  if (auto s = validate(options.train); !s) return s.error();
  if (options.width_candidates.empty())
    return make_error(Errc::kInvalidArgument, "training options: no width candidates");
  for (const auto& w : options.width_candidates) {
    TrainOptions t = options.train;
    t.hidden = w;
    if (auto s = validate(t); !s) return s.error();
  }
  if (options.fractional_bits != 0 &&
      (options.fractional_bits < kMinFractionalBits || options.fractional_bits > kMaxFractionalBits))
    return make_error(Errc::kInvalidArgument, "fractional bits must be 0 (calibrate) or in [" +
                                                  std::to_string(kMinFractionalBits) + ", " +
                                                  std::to_string(kMaxFractionalBits) + "]");
  if (data.rows.size() != data.labels.size() || data.names.empty())
    return make_error(Errc::kInvalidArgument, "training data: no features or rows and labels differ");
  ZKC_TRY(auto split, stratified_split(data.labels, options.fractions, options.split_seed));
  const Part train = take(data, split.train), val = take(data, split.validation),
             test = take(data, split.test);
  for (const auto* part : {&train, &val, &test})
    if (!has_both_classes(part->y))
      return make_error(Errc::kInvalidArgument,
                        "training data: every part of the split needs both classes (" +
                            std::to_string(data.rows.size()) + " rows are too few)");

  CreditModel model;
  model.mapping = mapping;
  model.feature_names = data.names;
  model.standardizer = Standardizer::fit(train.x);
  const Eigen::MatrixXd xt = model.standardizer.apply(train.x), xv = model.standardizer.apply(val.x),
                        xs = model.standardizer.apply(test.x);

  // Hidden widths by validation AUC.
  json width_report = json::array();
  std::vector<TrainedNetwork> trained;
  std::vector<double> val_auc;
  for (const auto& widths : options.width_candidates) {
    TrainOptions t = options.train;
    t.hidden = widths;
    if (progress.stage)
      progress.stage("hidden " + std::to_string(widths[0]) + "x" + std::to_string(widths[1]));
    trained.push_back(train_network(xt, train.y, xv, val.y, t, progress.epoch));
    const Eigen::VectorXd pv = trained.back().network.predict(xv);
    val_auc.push_back(roc_auc(span_of(pv), span_of(val.y)));
    width_report.push_back({{"hidden", widths},
                            {"validation_auc", val_auc.back()},
                            {"validation_loss", trained.back().best_validation_loss},
                            {"epochs", trained.back().epochs_run},
                            {"best_epoch", trained.back().best_epoch}});
  }
  const double best_auc = *std::max_element(val_auc.begin(), val_auc.end());
  // The network with the fewest parameters among those within the tolerance of the best AUC (the
  // best itself always qualifies).
  std::size_t chosen = trained.size();
  for (std::size_t i = 0; i < trained.size(); ++i) {
    if (val_auc[i] < best_auc - options.width_tolerance) continue;
    if (chosen == trained.size() ||
        trained[i].network.num_parameters() < trained[chosen].network.num_parameters())
      chosen = i;
  }
  model.network = trained[chosen].network;

  // Operating threshold on validation.
  const Eigen::VectorXd pv = model.network.predict(xv);
  model.threshold = youden_threshold(span_of(pv), span_of(val.y));

  // Fixed-point scale by calibration on validation.
  json calibration_report = json::array();
  int f = options.fractional_bits;
  if (f == 0) {
    const auto& c = options.calibration;
    for (int bits = std::max(c.min_bits, kMinFractionalBits);
         bits <= std::min(c.max_bits, kMaxFractionalBits); ++bits) {
      auto q = quantize(model.network, model.standardizer, bits);
      if (!q) break;  // bounds exceed 2^62 from here on
      model.quantized = std::move(q).value();
      const auto pq = model.quantized_scores(val.x);
      const Agreement a = agreement(span_of(pv), pq, span_of(val.y), model.threshold);
      json entry = agreement_json(a);
      entry["fractional_bits"] = bits;
      calibration_report.push_back(entry);
      f = bits;
      if (a.auc_loss <= c.max_auc_loss && a.flip_share <= c.max_flip_share &&
          a.max_error <= c.max_score_error)
        break;
    }
    if (f == 0)
      return make_error(Errc::kInvalidArgument, "quantization: no fractional bit count fits the bounds");
  }
  ZKC_TRY(model.quantized, quantize(model.network, model.standardizer, f));

  // Test-set measurements.
  const Eigen::VectorXd ps = model.network.predict(xs);
  const auto pq = model.quantized_scores(test.x);
  ZKC_TRY(auto baseline, train_logistic(xt, train.y));
  const Eigen::VectorXd pb = baseline.predict(xs);
  const Agreement a = agreement(span_of(ps), pq, span_of(test.y), model.threshold);

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  model.training = {{"data", info.name},
                    {"data_sha256", info.sha256},
                    {"label", info.label},
                    {"rows", data.rows.size()},
                    {"split",
                     {{"train", split.train.size()},
                      {"validation", split.validation.size()},
                      {"test", split.test.size()},
                      {"fractions", {options.fractions.train, options.fractions.validation}},
                      {"seed", options.split_seed}}},
                    {"options",
                     {{"l2", options.train.l2},
                      {"learning_rate", options.train.learning_rate},
                      {"batch_size", options.train.batch_size},
                      {"max_epochs", options.train.max_epochs},
                      {"patience", options.train.patience},
                      {"seed", options.train.seed},
                      {"optimizer", "adam"}}},
                    {"width_selection", width_report},
                    {"epochs", trained[chosen].epochs_run},
                    {"best_epoch", trained[chosen].best_epoch},
                    {"seconds", seconds}};
  model.metrics = {{"threshold_rule", "youden_j_on_validation"},
                   {"sigmoid_max_error", sigmoid_max_error(f)},
                   {"fractional_bits_calibration", calibration_report},
                   {"test",
                    {{"float", scores_metrics(span_of(ps), span_of(test.y), model.threshold)},
                     {"quantized", scores_metrics(pq, span_of(test.y), model.threshold)},
                     {"logistic_baseline", scores_metrics(span_of(pb), span_of(test.y), model.threshold)},
                     {"quantization", agreement_json(a)}}}};
  return model;
}

json evaluate_model(const CreditModel& model, const FeatureTable& data) {
  const Eigen::MatrixXd x = to_matrix(data.rows, data.names.size());
  const Eigen::VectorXd pf = model.float_scores(x);
  const auto pq = model.quantized_scores(x);
  json out = {{"rows", data.rows.size()}};
  if (data.labels.empty() ||
      std::all_of(data.labels.begin(), data.labels.end(), [&](double v) { return v == data.labels[0]; })) {
    out["note"] = "the labels have a single class: AUC is undefined";
    return out;
  }
  out["float"] = scores_metrics(span_of(pf), data.labels, model.threshold);
  out["quantized"] = scores_metrics(pq, data.labels, model.threshold);
  out["quantization"] = agreement_json(agreement(span_of(pf), pq, data.labels, model.threshold));
  return out;
}

}  // namespace zkc::ml
