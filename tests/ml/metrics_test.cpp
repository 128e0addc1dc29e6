// Metrics against independent oracles: the naive O(n^2) pair count for ROC AUC, a brute force over
// every candidate threshold for Youden's J, a per-row bin search for the calibration table, and
// hand-computed values for the rest.
#include "zkc/ml/metrics.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>
#include <vector>

#include "testing/testing.hpp"
#include "zkc/ml/rng.hpp"

namespace zkc::ml {
namespace {

// Probability that a random positive outscores a random negative, ties one half: every pair counted.
double naive_auc(const std::vector<double>& s, const std::vector<double>& y) {
  double wins = 0, pairs = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (y[i] != 1) continue;
    for (std::size_t j = 0; j < s.size(); ++j) {
      if (y[j] != 0) continue;
      pairs += 1;
      if (s[i] > s[j]) wins += 1;
      if (s[i] == s[j]) wins += 0.5;
    }
  }
  return wins / pairs;
}

struct Sample {
  std::vector<double> scores, labels;
};

// n rows with scores rounded to `decimals` (many ties) and labels that lean towards high scores;
// rows 0 and 1 are forced to one positive and one negative.
Sample random_sample(Rng& rng, std::size_t n, int decimals) {
  const double scale = std::pow(10.0, decimals);
  Sample out;
  for (std::size_t i = 0; i < n; ++i) {
    const double s = std::round(rng.uniform() * scale) / scale;
    out.scores.push_back(s);
    out.labels.push_back(rng.uniform() < 0.2 + 0.6 * s ? 1.0 : 0.0);
  }
  out.labels[0] = 1;
  out.labels[1] = 0;
  return out;
}

Rng test_rng(std::uint64_t stream) { return Rng(testing::rng(stream)()); }

TEST(Metrics, RocAucHandCases) {
  const std::vector<double> y = {0, 0, 1, 1};
  EXPECT_EQ(roc_auc(std::vector<double>{0.1, 0.2, 0.3, 0.4}, y), 1.0);  // perfect
  EXPECT_EQ(roc_auc(std::vector<double>{0.4, 0.3, 0.2, 0.1}, y), 0.0);  // reversed
  EXPECT_EQ(roc_auc(std::vector<double>{0.5, 0.5, 0.5, 0.5}, y), 0.5);  // all tied
  // scikit-learn's documented example (sklearn.metrics.auc_score, 0.13 docs): 0.75. By hand: the
  // positives 0.35 and 0.8 beat the negatives in 3 of the 4 pairs (0.35 < 0.4).
  EXPECT_EQ(roc_auc(std::vector<double>{0.1, 0.4, 0.35, 0.8}, y), 0.75);
  // A tie across classes: positives {0.5, 0.8}, negatives {0.5, 0.2}: 0.5 + 1 + 1 + 1 = 3.5 of 4.
  EXPECT_EQ(roc_auc(std::vector<double>{0.5, 0.5, 0.2, 0.8}, std::vector<double>{1, 0, 0, 1}), 0.875);
  // Unbalanced: one positive ranked second of four: it beats 2 of the 3 negatives.
  EXPECT_EQ(roc_auc(std::vector<double>{0.9, 0.7, 0.1, 0.2}, std::vector<double>{0, 1, 0, 0}), 2.0 / 3.0);
}

TEST(Metrics, RocAucMatchesNaivePairCountWithManyTies) {
  Rng rng = test_rng(1);
  for (int trial = 0; trial < 60; ++trial) {
    const std::size_t n = 2 + rng.below(400);
    const int decimals = trial % 3 == 0 ? 1 : 2;  // 11 or 101 distinct values: many ties
    const Sample s = random_sample(rng, n, decimals);
    // Both are exact ratios of integers rounded once, so they agree to the bit.
    EXPECT_EQ(roc_auc(s.scores, s.labels), naive_auc(s.scores, s.labels)) << "trial " << trial << " n " << n;
  }
}

TEST(Metrics, RocAucInvariantUnderIncreasingTransform) {
  Rng rng = test_rng(2);
  const Sample s = random_sample(rng, 3000, 2);
  const double auc = roc_auc(s.scores, s.labels);
  std::vector<double> up, down;
  for (double v : s.scores) {
    up.push_back(std::exp(5 * v) - 40);  // strictly increasing: same ranks, same ties
    down.push_back(-v * v * v);          // strictly decreasing: the order reverses
  }
  EXPECT_EQ(roc_auc(up, s.labels), auc);
  EXPECT_NEAR(roc_auc(down, s.labels), 1.0 - auc, 1e-15);
  EXPECT_GT(auc, 0.6);  // the labels do lean towards high scores
}

TEST(MetricsDeathTest, RocAucNeedsBothClasses) {
  EXPECT_DEATH((void)roc_auc(std::vector<double>{0.1, 0.2}, std::vector<double>{1, 1}), "assertion");
  EXPECT_DEATH((void)roc_auc(std::vector<double>{0.1, 0.2}, std::vector<double>{1, 2}), "assertion");
}

TEST(Metrics, AccuracyAndConfusionByHand) {
  // threshold 0.5 (>=): predicted 0, 1, 1, 0, 1 against labels 0, 1, 0, 1, 0.
  const std::vector<double> s = {0.1, 0.5, 0.7, 0.3, 0.5};
  const std::vector<double> y = {0, 1, 0, 1, 0};
  const ConfusionCounts c = confusion(s, y, 0.5);
  EXPECT_EQ(c.true_positive, 1u);
  EXPECT_EQ(c.false_positive, 2u);
  EXPECT_EQ(c.true_negative, 1u);
  EXPECT_EQ(c.false_negative, 1u);
  EXPECT_EQ(accuracy(s, y, 0.5), 0.4);
  // threshold 0.6: predicted 0, 0, 1, 0, 0: right on rows 0 and 4 -> 2 of 5.
  EXPECT_EQ(accuracy(s, y, 0.6), 0.4);
  const ConfusionCounts c6 = confusion(s, y, 0.6);
  EXPECT_EQ(c6.true_positive, 0u);
  EXPECT_EQ(c6.false_positive, 1u);
  EXPECT_EQ(c6.true_negative, 2u);
  EXPECT_EQ(c6.false_negative, 2u);
  EXPECT_EQ(accuracy(s, y, 0.0), 0.4);  // everything positive: the 2 positives of 5
  EXPECT_EQ(accuracy(s, y, 0.8), 0.6);  // everything negative: the 3 negatives of 5
}

TEST(Metrics, BrierAndLogLossByHand) {
  // (0.1^2 + 0.2^2 + 0.6^2 + 0^2) / 4 = 0.41 / 4.
  EXPECT_NEAR(brier_score(std::vector<double>{0.9, 0.2, 0.6, 0.0}, std::vector<double>{1, 0, 0, 0}), 0.1025,
              1e-15);
  EXPECT_EQ(brier_score(std::vector<double>{1, 0}, std::vector<double>{1, 0}), 0.0);
  EXPECT_EQ(brier_score(std::vector<double>{0, 1}, std::vector<double>{1, 0}), 1.0);
  // -(ln 0.9 + ln 0.8 + ln 0.5) / 3 = (0.1053605157 + 0.2231435513 + 0.6931471806) / 3.
  EXPECT_NEAR(log_loss(std::vector<double>{0.9, 0.2, 0.5}, std::vector<double>{1, 0, 1}), 0.3405504158439938,
              1e-14);
  // Confidently wrong: p clamped to 1e-12, so -ln(1e-12) = 27.631021...; finite, not infinite.
  EXPECT_NEAR(log_loss(std::vector<double>{0.0}, std::vector<double>{1}), 27.631021115928547, 1e-9);
  EXPECT_NEAR(log_loss(std::vector<double>{1.0}, std::vector<double>{0}), 27.631, 1e-3);
  EXPECT_NEAR(log_loss(std::vector<double>{1.0, 0.0}, std::vector<double>{1, 0}), 0.0, 1e-11);
}

// Brute force: J at every distinct score, computed exactly as TP * N - FP * P with an O(n) count per
// candidate; the smallest threshold among the maximizers.
double brute_force_youden(const std::vector<double>& s, const std::vector<double>& y) {
  std::int64_t p = 0, n = 0;
  for (double v : y) (v == 1 ? p : n) += 1;
  const std::set<double> candidates(s.begin(), s.end());
  std::int64_t best = INT64_MIN;
  double best_t = 0;
  for (double t : candidates) {  // ascending: keep the first maximizer
    std::int64_t tp = 0, fp = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] >= t) (y[i] == 1 ? tp : fp) += 1;
    }
    const std::int64_t j = tp * n - fp * p;
    if (j > best) {
      best = j;
      best_t = t;
    }
  }
  return best_t;
}

TEST(Metrics, YoudenThresholdByHand) {
  // Thresholds 0.8: J = 1/2 - 0; 0.4: 1/2 - 1/2; 0.35: 1 - 1/2; 0.1: 1 - 1. The maximum 1/2 is
  // reached at 0.8 and at 0.35: the smaller one wins.
  EXPECT_EQ(youden_threshold(std::vector<double>{0.1, 0.4, 0.35, 0.8}, std::vector<double>{0, 0, 1, 1}),
            0.35);
  EXPECT_EQ(youden_threshold(std::vector<double>{0.1, 0.2, 0.3, 0.4}, std::vector<double>{0, 0, 1, 1}), 0.3);
  // Reversed scores: J <= 0 everywhere, J = 0 at the lowest score (everything positive).
  EXPECT_EQ(youden_threshold(std::vector<double>{0.4, 0.3, 0.2, 0.1}, std::vector<double>{0, 0, 1, 1}), 0.1);
}

TEST(Metrics, YoudenThresholdMatchesBruteForce) {
  Rng rng = test_rng(3);
  for (int trial = 0; trial < 60; ++trial) {
    const std::size_t n = 2 + rng.below(300);
    const Sample s = random_sample(rng, n, trial % 2 == 0 ? 1 : 2);
    EXPECT_EQ(youden_threshold(s.scores, s.labels), brute_force_youden(s.scores, s.labels))
        << "trial " << trial << " n " << n;
  }
}

TEST(Metrics, CalibrationTableByHand) {
  // 4 bins [0, .25), [.25, .5), [.5, .75), [.75, 1]; the second stays empty, 1.0 lands in the last.
  const std::vector<double> s = {0.0, 0.1, 0.2, 0.5, 0.7, 1.0, 1.0};
  const std::vector<double> y = {0, 0, 1, 1, 0, 1, 1};
  const std::vector<CalibrationBin> t = calibration_table(s, y, 4);
  ASSERT_EQ(t.size(), 4u);
  const double lower[] = {0, 0.25, 0.5, 0.75}, upper[] = {0.25, 0.5, 0.75, 1};
  const std::size_t count[] = {3, 0, 2, 2};
  const double mean[] = {0.1, 0, 0.6, 1}, rate[] = {1.0 / 3, 0, 0.5, 1};
  for (std::size_t b = 0; b < 4; ++b) {
    EXPECT_EQ(t[b].lower, lower[b]) << b;
    EXPECT_EQ(t[b].upper, upper[b]) << b;
    EXPECT_EQ(t[b].count, count[b]) << b;
    EXPECT_NEAR(t[b].mean_score, mean[b], 1e-15) << b;
    EXPECT_NEAR(t[b].positive_rate, rate[b], 1e-15) << b;
  }
  // (3 |0.1 - 1/3| + 0 + 2 |0.6 - 0.5| + 2 |1 - 1|) / 7 = (0.7 + 0.2) / 7.
  EXPECT_NEAR(expected_calibration_error(t), 0.9 / 7, 1e-15);
  EXPECT_EQ(expected_calibration_error(calibration_table({}, {}, 5)), 0.0);

  const std::vector<CalibrationBin> one = calibration_table(s, y, 1);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].count, 7u);
  EXPECT_NEAR(one[0].mean_score, 3.5 / 7, 1e-15);
  EXPECT_NEAR(one[0].positive_rate, 4.0 / 7, 1e-15);
}

TEST(Metrics, CalibrationScoresOnBinEdges) {
  // A score equal to a bin's reported lower edge belongs to that bin, for every bin count; 1.0 goes
  // to the last bin.
  for (std::size_t bins = 1; bins <= 200; ++bins) {
    std::vector<double> s, y;
    for (std::size_t k = 0; k < bins; ++k) {
      s.push_back(static_cast<double>(k) / static_cast<double>(bins));
      y.push_back(0);
    }
    s.push_back(1.0);
    y.push_back(1);
    const std::vector<CalibrationBin> t = calibration_table(s, y, bins);
    for (std::size_t k = 0; k < bins; ++k) {
      ASSERT_EQ(t[k].lower, s[k]) << bins << " " << k;
      ASSERT_EQ(t[k].count, k + 1 == bins ? 2u : 1u) << bins << " " << k;
    }
  }
}

TEST(Metrics, CalibrationMatchesPerRowBinSearch) {
  Rng rng = test_rng(4);
  for (int trial = 0; trial < 20; ++trial) {
    const std::size_t bins = 1 + rng.below(20);
    const Sample s = random_sample(rng, 2 + rng.below(500), 2 + trial % 3);
    const std::vector<CalibrationBin> t = calibration_table(s.scores, s.labels, bins);
    ASSERT_EQ(t.size(), bins);
    std::vector<std::size_t> count(bins);
    std::vector<double> sum(bins), pos(bins);
    for (std::size_t i = 0; i < s.scores.size(); ++i) {
      const double v = s.scores[i];
      std::size_t found = bins;
      for (std::size_t b = 0; b < bins; ++b) {
        if (t[b].lower <= v && (v < t[b].upper || b + 1 == bins)) {
          found = b;
          break;
        }
      }
      ASSERT_LT(found, bins);
      ++count[found];
      sum[found] += v;
      pos[found] += s.labels[i];
    }
    double ece = 0;
    for (std::size_t b = 0; b < bins; ++b) {
      EXPECT_EQ(t[b].lower, static_cast<double>(b) / static_cast<double>(bins));
      EXPECT_EQ(t[b].count, count[b]);
      const double mean = count[b] ? sum[b] / static_cast<double>(count[b]) : 0;
      const double rate = count[b] ? pos[b] / static_cast<double>(count[b]) : 0;
      EXPECT_NEAR(t[b].mean_score, mean, 1e-12);
      EXPECT_NEAR(t[b].positive_rate, rate, 1e-12);
      ece += static_cast<double>(count[b]) * std::abs(mean - rate);
    }
    EXPECT_NEAR(expected_calibration_error(t), ece / static_cast<double>(s.scores.size()), 1e-12);
  }
}

}  // namespace
}  // namespace zkc::ml
