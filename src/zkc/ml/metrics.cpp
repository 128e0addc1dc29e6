// Metrics of a binary classifier's scores. Every sum runs in index order, so results are
// deterministic; the rank and count based metrics (AUC, Youden) are computed in exact integers.
#include "zkc/ml/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>

#include "zkc/base/result.hpp"

namespace zkc::ml {
namespace {

// Labels are 0 or 1 by contract (the CSV loader and the split check them); anything else is a bug.
bool is_positive(double label) {
  ZKC_ASSERT(label == 0.0 || label == 1.0);
  return label == 1.0;
}

void check_pair(std::span<const double> scores, std::span<const double> labels) {
  ZKC_ASSERT(scores.size() == labels.size());
}

void check_nonempty_pair(std::span<const double> scores, std::span<const double> labels) {
  check_pair(scores, labels);
  ZKC_ASSERT(!scores.empty());
}

// Row indices sorted by ascending score; ties keep index order (stable), so the result is unique.
std::vector<std::size_t> ascending_order(std::span<const double> scores) {
  for (double s : scores) ZKC_ASSERT(!std::isnan(s));  // NaN would break the strict weak ordering
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });
  return order;
}

}  // namespace

double roc_auc(std::span<const double> scores, std::span<const double> labels) {
  check_pair(scores, labels);
  const std::vector<std::size_t> order = ascending_order(scores);
  const std::size_t n = order.size();

  // Mann-Whitney: U = R_pos - P (P + 1) / 2, where R_pos sums the (1-based, tie-averaged) ranks of
  // the positives; AUC = U / (P N). A tie group occupying sorted positions [i, j) has average rank
  // (i + 1 + j) / 2, so twice every rank is an integer and 2U is computed exactly.
  std::uint64_t positives = 0;
  std::uint64_t twice_rank_sum = 0;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    std::uint64_t group_positives = 0;
    while (j < n && scores[order[j]] == scores[order[i]]) {
      if (is_positive(labels[order[j]])) ++group_positives;
      ++j;
    }
    twice_rank_sum += group_positives * static_cast<std::uint64_t>(i + 1 + j);
    positives += group_positives;
    i = j;
  }
  const std::uint64_t negatives = n - positives;
  ZKC_ASSERT(positives > 0 && negatives > 0);
  const std::uint64_t twice_u = twice_rank_sum - positives * (positives + 1);
  return static_cast<double>(twice_u) /
         (2.0 * static_cast<double>(positives) * static_cast<double>(negatives));
}

ConfusionCounts confusion(std::span<const double> scores, std::span<const double> labels, double threshold) {
  check_pair(scores, labels);
  ConfusionCounts c;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    const bool predicted = scores[i] >= threshold;
    const bool actual = is_positive(labels[i]);
    if (predicted && actual) ++c.true_positive;
    if (predicted && !actual) ++c.false_positive;
    if (!predicted && !actual) ++c.true_negative;
    if (!predicted && actual) ++c.false_negative;
  }
  return c;
}

double accuracy(std::span<const double> scores, std::span<const double> labels, double threshold) {
  check_nonempty_pair(scores, labels);
  const ConfusionCounts c = confusion(scores, labels, threshold);
  return static_cast<double>(c.true_positive + c.true_negative) / static_cast<double>(scores.size());
}

double brier_score(std::span<const double> scores, std::span<const double> labels) {
  check_nonempty_pair(scores, labels);
  double sum = 0;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    const double d = scores[i] - labels[i];
    sum += d * d;
  }
  return sum / static_cast<double>(scores.size());
}

double log_loss(std::span<const double> scores, std::span<const double> labels) {
  check_nonempty_pair(scores, labels);
  constexpr double kEps = 1e-12;
  double sum = 0;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    const double p = std::clamp(scores[i], kEps, 1.0 - kEps);
    const double y = labels[i];
    sum -= y * std::log(p) + (1.0 - y) * std::log1p(-p);
  }
  return sum / static_cast<double>(scores.size());
}

double youden_threshold(std::span<const double> scores, std::span<const double> labels) {
  check_pair(scores, labels);
  const std::vector<std::size_t> order = ascending_order(scores);
  std::int64_t positives = 0;
  for (double y : labels) positives += is_positive(y) ? 1 : 0;
  const std::int64_t negatives = static_cast<std::int64_t>(labels.size()) - positives;
  ZKC_ASSERT(positives > 0 && negatives > 0);

  // Sweep the distinct scores from the highest down: at threshold t the rows with score >= t are
  // predicted positive. J = TP/P - FP/N, compared exactly as J * P * N = TP * N - FP * P. Walking
  // downwards and replacing the best on >= leaves the smallest threshold among the maximizers.
  std::int64_t tp = 0, fp = 0;
  std::int64_t best = 0;
  double best_threshold = 0;
  bool have_best = false;
  for (std::size_t k = order.size(); k > 0;) {
    const double t = scores[order[k - 1]];
    while (k > 0 && scores[order[k - 1]] == t) {
      if (is_positive(labels[order[k - 1]])) {
        ++tp;
      } else {
        ++fp;
      }
      --k;
    }
    const std::int64_t j_scaled = tp * negatives - fp * positives;
    if (!have_best || j_scaled >= best) {
      best = j_scaled;
      best_threshold = t;
      have_best = true;
    }
  }
  return best_threshold;
}

std::vector<CalibrationBin> calibration_table(std::span<const double> scores, std::span<const double> labels,
                                              std::size_t bins) {
  check_pair(scores, labels);
  ZKC_ASSERT(bins > 0);
  const double width_inverse = static_cast<double>(bins);
  std::vector<CalibrationBin> table(bins);
  for (std::size_t b = 0; b < bins; ++b) {
    table[b].lower = static_cast<double>(b) / width_inverse;
    table[b].upper = static_cast<double>(b + 1) / width_inverse;
  }
  std::vector<double> score_sum(bins, 0.0), positive_sum(bins, 0.0);
  for (std::size_t i = 0; i < scores.size(); ++i) {
    const double s = scores[i];
    ZKC_ASSERT(s >= 0.0 && s <= 1.0);
    // Bin b holds [lower_b, upper_b) with the edges exactly as reported in the table; the product
    // s * bins can round across an edge, so the first guess is corrected against the stored edges.
    std::size_t b = std::min(static_cast<std::size_t>(s * width_inverse), bins - 1);
    if (b + 1 < bins && s >= table[b].upper) ++b;
    if (b > 0 && s < table[b].lower) --b;
    ++table[b].count;
    score_sum[b] += s;
    positive_sum[b] += is_positive(labels[i]) ? 1.0 : 0.0;
  }
  for (std::size_t b = 0; b < bins; ++b) {
    if (table[b].count == 0) continue;
    const double count = static_cast<double>(table[b].count);
    table[b].mean_score = score_sum[b] / count;
    table[b].positive_rate = positive_sum[b] / count;
  }
  return table;
}

double expected_calibration_error(std::span<const CalibrationBin> table) {
  std::size_t n = 0;
  for (const CalibrationBin& bin : table) n += bin.count;
  if (n == 0) return 0.0;
  double sum = 0;
  for (const CalibrationBin& bin : table) {
    sum += static_cast<double>(bin.count) * std::abs(bin.mean_score - bin.positive_rate);
  }
  return sum / static_cast<double>(n);
}

}  // namespace zkc::ml
