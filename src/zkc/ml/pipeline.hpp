// The credit model from data to file: split (stratified, seeded), standardize, choose the hidden
// widths on validation, train, pick the operating threshold (Youden's J on validation), choose the
// fixed-point scale by calibration on validation, then measure on the held-out test rows: the float
// network, the quantized network, and a logistic-regression baseline on the same split.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "zkc/base/result.hpp"
#include "zkc/ml/features.hpp"
#include "zkc/ml/model.hpp"
#include "zkc/ml/split.hpp"
#include "zkc/ml/train.hpp"

namespace zkc::ml {

// The fixed-point scale is the smallest f in [min_bits, max_bits] whose quantized scores on the
// validation rows stay within these tolerances of the float scores.
struct CalibrationTargets {
  int min_bits = 8, max_bits = 20;
  double max_auc_loss = 0.001;    // AUC(float) - AUC(quantized)
  double max_flip_share = 0.002;  // decisions that change at the threshold
  double max_score_error = 0.01;  // max |p_float - p_quantized|
};

struct PipelineOptions {
  TrainOptions train;
  // Candidate hidden widths; with more than one, the smallest pair whose validation AUC is within
  // `width_tolerance` of the best is chosen (small networks prove faster).
  std::vector<std::vector<int>> width_candidates = {{8, 4}, {16, 8}, {32, 16}};
  double width_tolerance = 0.002;
  SplitFractions fractions;
  std::uint64_t split_seed = 1;
  int fractional_bits = 0;  // 0: calibrate
  CalibrationTargets calibration;
};

struct DataInfo {
  std::string name;    // file or directory name
  std::string sha256;  // of the data's bytes (hex)
  std::string label;   // label column
};

// Progress: a stage line ("hidden 16x8") and, per epoch, the epoch's report.
struct PipelineProgress {
  std::function<void(const std::string&)> stage;
  EpochCallback epoch;
};

Result<CreditModel> train_credit_model(const FeatureTable& data, const std::string& mapping,
                                       const DataInfo& info, const PipelineOptions& options,
                                       const PipelineProgress& progress = {});

// Quality of a model on labelled rows: float and quantized AUC, accuracy at the threshold, Brier,
// log loss, calibration table, flips and score differences between float and quantized.
nlohmann::json evaluate_model(const CreditModel& model, const FeatureTable& data);

// SHA-256 of bytes, lower-case hex (libsodium).
std::string sha256_hex(std::span<const std::uint8_t> bytes);

}  // namespace zkc::ml
