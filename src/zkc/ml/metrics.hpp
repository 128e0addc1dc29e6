// Metrics of a binary classifier's scores p in [0, 1] (probability of the positive class, here:
// default) against labels y in {0, 1}.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace zkc::ml {

// Area under the ROC curve: the probability that a random positive scores above a random negative,
// ties counted one half (the Mann-Whitney U statistic over average ranks). O(n log n).
// Requires at least one positive and one negative (asserts otherwise: callers check the labels).
double roc_auc(std::span<const double> scores, std::span<const double> labels);

// Share of rows where (score >= threshold) equals the label.
double accuracy(std::span<const double> scores, std::span<const double> labels, double threshold);

// Mean squared error of the probabilities: mean((p - y)^2).
double brier_score(std::span<const double> scores, std::span<const double> labels);

// Mean binary cross-entropy, with p clamped to [1e-12, 1 - 1e-12].
double log_loss(std::span<const double> scores, std::span<const double> labels);

struct ConfusionCounts {
  std::size_t true_positive = 0, false_positive = 0, true_negative = 0, false_negative = 0;
};
ConfusionCounts confusion(std::span<const double> scores, std::span<const double> labels, double threshold);

// The threshold maximizing Youden's J = sensitivity + specificity - 1 over the distinct scores
// (a row is positive when score >= threshold); the smallest such threshold on ties.
double youden_threshold(std::span<const double> scores, std::span<const double> labels);

// Reliability table: `bins` equal-width bins of [0, 1] (a score of exactly 1 goes to the last bin);
// per bin the row count, the mean score and the observed positive rate (0 for an empty bin).
struct CalibrationBin {
  double lower = 0, upper = 0;
  std::size_t count = 0;
  double mean_score = 0, positive_rate = 0;
};
std::vector<CalibrationBin> calibration_table(std::span<const double> scores, std::span<const double> labels,
                                              std::size_t bins = 10);
// Expected calibration error: sum over bins of count/n * |mean_score - positive_rate|.
double expected_calibration_error(std::span<const CalibrationBin> table);

}  // namespace zkc::ml
