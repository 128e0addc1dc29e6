// Stratified split: the three parts are sorted, disjoint and cover every row; each class is cut by
// the floor rule (hand-computed counts for the Taiwan class sizes); the split is the documented
// procedure (one Rng, class 0 shuffled first); seeds reproduce; bad fractions and labels are rejected.
#include "zkc/ml/split.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "testing/testing.hpp"
#include "zkc/ml/rng.hpp"

namespace zkc::ml {
namespace {

std::vector<double> make_labels(std::size_t n, std::size_t positives, std::uint64_t stream) {
  std::vector<double> labels(n, 0.0);
  std::fill(labels.begin(), labels.begin() + static_cast<std::ptrdiff_t>(positives), 1.0);
  auto g = testing::rng(stream);
  std::shuffle(labels.begin(), labels.end(), g);
  return labels;
}

struct Counts {
  std::size_t negatives = 0, positives = 0;
};

Counts count(const std::vector<std::size_t>& part, const std::vector<double>& labels) {
  Counts c;
  for (const std::size_t i : part) (labels[i] == 1.0 ? c.positives : c.negatives) += 1;
  return c;
}

// Sorted, strictly increasing, and together exactly {0, ..., n-1}.
void expect_partition(const Split& s, std::size_t n) {
  for (const auto* part : {&s.train, &s.validation, &s.test}) {
    EXPECT_TRUE(std::adjacent_find(part->begin(), part->end(), std::greater_equal<>()) == part->end());
  }
  std::vector<int> seen(n, 0);
  for (const auto* part : {&s.train, &s.validation, &s.test}) {
    for (const std::size_t i : *part) {
      ASSERT_LT(i, n);
      ++seen[i];
    }
  }
  for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(seen[i], 1) << "row " << i;
}

TEST(SplitStratified, TaiwanSizesFollowTheFloorRule) {
  // 30,000 rows, 6636 positives (the UCI Taiwan file). Hand-computed:
  // positives 6636 * 0.70 = 4645.2 -> 4645, 6636 * 0.15 = 995.4 -> 995, test 996;
  // negatives 23364 * 0.70 = 16354.8 -> 16354, 23364 * 0.15 = 3504.6 -> 3504, test 3506.
  const auto labels = make_labels(30000, 6636, 1);
  const Split s = stratified_split(labels, {}, 7).value();
  expect_partition(s, labels.size());
  const Counts train = count(s.train, labels), val = count(s.validation, labels),
               test = count(s.test, labels);
  EXPECT_EQ(train.positives, 4645u);
  EXPECT_EQ(train.negatives, 16354u);
  EXPECT_EQ(val.positives, 995u);
  EXPECT_EQ(val.negatives, 3504u);
  EXPECT_EQ(test.positives, 996u);
  EXPECT_EQ(test.negatives, 3506u);
}

TEST(SplitStratified, RandomSizesAndFractions) {
  auto g = testing::rng(2);
  for (int iter = 0; iter < 200; ++iter) {
    const std::size_t n = 1 + g() % 500;
    const std::size_t positives = g() % (n + 1);
    const double train = 0.05 + 0.9 * static_cast<double>(g() % 1000) / 1000.0;
    const double validation = (1.0 - train) * (0.01 + 0.98 * static_cast<double>(g() % 1000) / 1000.0);
    const auto labels = make_labels(n, positives, 100 + iter);
    const Split s = stratified_split(labels, {train, validation}, g()).value();
    expect_partition(s, n);
    const std::size_t negatives = n - positives;
    const auto cut = [](std::size_t m, double f) {
      return static_cast<std::size_t>(std::floor(double(m) * f));
    };
    const Counts tr = count(s.train, labels), va = count(s.validation, labels), te = count(s.test, labels);
    EXPECT_EQ(tr.positives, cut(positives, train));
    EXPECT_EQ(tr.negatives, cut(negatives, train));
    EXPECT_EQ(va.positives, cut(positives, validation));
    EXPECT_EQ(va.negatives, cut(negatives, validation));
    EXPECT_EQ(te.positives, positives - cut(positives, train) - cut(positives, validation));
    EXPECT_EQ(te.negatives, negatives - cut(negatives, train) - cut(negatives, validation));
  }
}

TEST(SplitStratified, IsTheDocumentedProcedure) {
  // Re-derived from the header's contract: one Rng(seed), class 0's ascending indices shuffled
  // first, then class 1's, each cut in order train | validation | rest.
  const auto labels = make_labels(1000, 237, 3);
  const SplitFractions f{0.6, 0.25};
  const std::uint64_t seed = 20240601;
  Split want;
  Rng rng(seed);
  for (const double cls : {0.0, 1.0}) {
    std::vector<std::size_t> rows;
    for (std::size_t i = 0; i < labels.size(); ++i) {
      if (labels[i] == cls) rows.push_back(i);
    }
    rng.shuffle(std::span<std::size_t>(rows));
    const std::size_t a = rows.size() * 60 / 100, b = rows.size() * 25 / 100;  // exact for these sizes
    want.train.insert(want.train.end(), rows.begin(), rows.begin() + a);
    want.validation.insert(want.validation.end(), rows.begin() + a, rows.begin() + a + b);
    want.test.insert(want.test.end(), rows.begin() + a + b, rows.end());
  }
  for (auto* part : {&want.train, &want.validation, &want.test}) std::sort(part->begin(), part->end());
  const Split got = stratified_split(labels, f, seed).value();
  EXPECT_EQ(got.train, want.train);
  EXPECT_EQ(got.validation, want.validation);
  EXPECT_EQ(got.test, want.test);
}

TEST(SplitStratified, SeedsReproduceAndDiffer) {
  const auto labels = make_labels(1000, 300, 4);
  const Split a = stratified_split(labels, {}, 1).value();
  const Split b = stratified_split(labels, {}, 1).value();
  const Split c = stratified_split(labels, {}, 2).value();
  EXPECT_EQ(a.train, b.train);
  EXPECT_EQ(a.validation, b.validation);
  EXPECT_EQ(a.test, b.test);
  EXPECT_NE(a.train, c.train);
  EXPECT_NE(a.validation, c.validation);
  EXPECT_NE(a.test, c.test);
  // The rows are shuffled, not taken in order: one class only, train is not simply {0, ..., 699}.
  const std::vector<double> zeros(1000, 0.0);
  const Split z = stratified_split(zeros, {}, 1).value();
  ASSERT_EQ(z.train.size(), 700u);
  EXPECT_NE(z.train.back(), 699u);
}

TEST(SplitStratified, SmallClasses) {
  // One row per class: floor(0.7) = floor(0.15) = 0, so both go to test.
  const std::vector<double> labels = {1.0, 0.0};
  const Split s = stratified_split(labels, {}, 5).value();
  EXPECT_TRUE(s.train.empty());
  EXPECT_TRUE(s.validation.empty());
  EXPECT_EQ(s.test, (std::vector<std::size_t>{0, 1}));
}

TEST(SplitStratified, RejectsBadInput) {
  const std::vector<double> labels = {0, 1, 0, 1, 1, 0};
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<SplitFractions> bad = {{0.0, 0.1}, {1.0, 0.1}, {-0.1, 0.1}, {0.7, 0.0}, {0.7, -0.2},
                                           {0.7, 0.3}, {0.8, 0.5}, {nan, 0.1},  {0.7, nan}, {0.5, 1.0}};
  for (const auto& f : bad) {
    const auto r = stratified_split(labels, f, 1);
    ASSERT_FALSE(r.ok()) << f.train << " " << f.validation;
    EXPECT_EQ(r.error().code, Errc::kInvalidArgument);
    EXPECT_NE(r.error().message.find("fractions"), std::string::npos) << r.error().message;
  }
  EXPECT_TRUE(stratified_split(labels, {0.69, 0.3}, 1).ok());

  for (const double y : {2.0, -1.0, 0.5, nan}) {
    std::vector<double> bad_labels = labels;
    bad_labels[4] = y;
    const auto r = stratified_split(bad_labels, {}, 1);
    ASSERT_FALSE(r.ok()) << y;
    EXPECT_EQ(r.error().code, Errc::kInvalidArgument);
    EXPECT_NE(r.error().message.find("row 4"), std::string::npos) << r.error().message;
  }
  const auto empty = stratified_split(std::span<const double>(), {}, 1);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, Errc::kInvalidArgument);
}

}  // namespace
}  // namespace zkc::ml
