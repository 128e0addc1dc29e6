// The credit model as the pool publishes it: the feature mapping, the standardization, the float
// network, its quantized twin (the one that is proven and encrypted), the operating threshold, and a
// record of how it was trained and measured. Stored as versioned JSON (docs/MODEL.md, "Model file"):
// every field is checked on load (shapes, finite numbers, the quantized model's bounds and sigmoid
// table), and the quantized weights must match a re-quantization of the float weights, so a file
// cannot carry a quantized network that is not the float one.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "zkc/base/result.hpp"
#include "zkc/ml/network.hpp"
#include "zkc/ml/quantize.hpp"
#include "zkc/ml/standardizer.hpp"

namespace zkc::ml {

inline constexpr std::string_view kModelFormat = "zkcredit-credit-model";
inline constexpr int kModelVersion = 1;

struct CreditModel {
  std::string mapping;  // "taiwan" | "aave": how a balance history becomes features
  std::vector<std::string> feature_names;
  Standardizer standardizer;
  Network network;                                     // on standardized features
  QuantizedNetwork quantized;                          // on raw features (standardization folded in)
  double threshold = 0.5;                              // a score >= threshold is a decision "high risk"
  nlohmann::json training = nlohmann::json::object();  // data set, hash, options, epochs (informative)
  nlohmann::json metrics = nlohmann::json::object();   // measured quality (informative)

  std::size_t num_features() const { return feature_names.size(); }
  // Probability of default from raw features: float, and quantized (score / 2^f).
  Result<double> float_score(std::span<const double> features) const;
  Result<double> quantized_score(std::span<const double> features) const;
  Eigen::VectorXd float_scores(const Eigen::MatrixXd& raw) const;
  std::vector<double> quantized_scores(const Eigen::MatrixXd& raw) const;  // rows must be finite
};

nlohmann::json model_to_json(const CreditModel& model);
// Errors (kBadFormat): "<source>: <json path>: <what>", e.g. "model.json: quantized.layers[1].bias:
// expected 8 integers".
Result<CreditModel> model_from_json(const nlohmann::json& j, const std::string& source);
Result<CreditModel> read_model(const std::string& path);
Status write_model(const CreditModel& model, const std::string& path);  // atomic

}  // namespace zkc::ml
