// SparseVector: policy validation (each error names its field), the noise scales, the budget
// invariants on random policies and streams (segments <= c, alerts <= segments, a charge exactly when
// a segment starts, exhausted positions ignored and drawing nothing), and utility with small noise.
#include "zkc/dp/sparse_vector.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "testing/testing.hpp"

namespace zkc::dp {
namespace {

void expect_error_names(const MonitorPolicy& p, const std::string& field) {
  const Status st = validate(p);
  ASSERT_FALSE(st.ok()) << field;
  EXPECT_EQ(st.error().code, Errc::kInvalidArgument);
  EXPECT_NE(st.error().message.find(field), std::string::npos) << st.error().message;
  const auto sv = SparseVector::create(p);
  ASSERT_FALSE(sv.ok());
  EXPECT_EQ(sv.error().message, st.error().message);
}

TEST(SparseVector, ValidateNamesTheField) {
  EXPECT_TRUE(validate(MonitorPolicy{}).ok());
  MonitorPolicy p;
  p.clamp_lo = 30'000;
  expect_error_names(p, "clamp_lo");
  p = {};
  p.clamp_hi = std::int64_t{1} << 61;
  expect_error_names(p, "clamp_hi");
  p = {};
  p.clamp_lo = INT64_MIN;
  expect_error_names(p, "clamp_lo");
  p = {};
  p.threshold = 30'001;
  expect_error_names(p, "threshold");
  p = {};
  p.threshold = -1;
  expect_error_names(p, "threshold");
  p = {};
  p.sensitivity = 0;
  expect_error_names(p, "sensitivity");
  p = {};
  p.sensitivity = -5;
  expect_error_names(p, "sensitivity");
  p = {};
  p.epsilon_micro = 0;
  expect_error_names(p, "epsilon");
  p = {};
  p.max_alerts = 0;
  expect_error_names(p, "max_alerts");
  p = {};
  p.max_alerts = 1'000'001;
  expect_error_names(p, "max_alerts");
  // 4 c Delta / eps = 4 * 10^6 * 30000 / 10^-6 overflows the sampler's 2^40 bound.
  p = {};
  p.max_alerts = 1'000'000;
  p.sensitivity = 30'000;
  p.epsilon_micro = 1;
  expect_error_names(p, "noise scale");
  // The edges that are allowed.
  p = {};
  p.threshold = p.clamp_lo;
  p.max_alerts = 1'000'000;
  p.epsilon_micro = 1'000'000'000;
  EXPECT_TRUE(validate(p).ok());
  p = {};
  p.clamp_lo = -kMaxClamp;
  p.clamp_hi = kMaxClamp;
  p.sensitivity = INT64_MAX;
  p.epsilon_micro = 10'000'000'000'000;  // 4 * 2^61 * 10^6 / 10^13 = 2^56 / 5^7 < 2^40
  EXPECT_TRUE(validate(p).ok()) << validate(p).error().message;
  EXPECT_EQ(effective_sensitivity(p), 2 * kMaxClamp);
  EXPECT_EQ(SparseVector::create(p).value().query_noise().scale_num(), std::uint64_t{1} << 56);
  // A scale within 2^40 whose reduced terms overflow 64 bits: refused, not rounded.
  p.epsilon_micro = UINT64_MAX;
  expect_error_names(p, "noise scale");
}

TEST(SparseVector, NoiseScalesAreTwoAndFourCDeltaOverEpsilon) {
  MonitorPolicy p;  // c = 1, Delta = 500, eps = 1
  auto sv = SparseVector::create(p).value();
  EXPECT_EQ(sv.threshold_noise().scale_num(), 1000U);
  EXPECT_EQ(sv.threshold_noise().scale_den(), 1U);
  EXPECT_EQ(sv.query_noise().scale_num(), 2000U);
  EXPECT_EQ(sv.query_noise().scale_den(), 1U);
  p.max_alerts = 3;
  p.epsilon_micro = 700'000;  // eps = 0.7: 2 * 3 * 500 / 0.7 = 30000/7
  p.sensitivity = 100'000;    // above clamp_hi - clamp_lo: Delta_eff = 30000
  EXPECT_EQ(effective_sensitivity(p), 30'000);
  sv = SparseVector::create(p).value();
  EXPECT_EQ(sv.threshold_noise().scale_num(), 2U * 3U * 30'000U * 10U);
  EXPECT_EQ(sv.threshold_noise().scale_den(), 7U);
  EXPECT_EQ(sv.query_noise().scale_num(), 4U * 3U * 30'000U * 10U);
  EXPECT_EQ(sv.query_noise().scale_den(), 7U);
  const auto quarter = SparseVector::create_with_noise_factor_for_testing(MonitorPolicy{}, 1, 4).value();
  EXPECT_EQ(quarter.threshold_noise().scale_num(), 250U);
  EXPECT_EQ(quarter.query_noise().scale_num(), 500U);
  EXPECT_FALSE(SparseVector::create_with_noise_factor_for_testing(MonitorPolicy{}, 0, 4).ok());
  EXPECT_FALSE(SparseVector::create_with_noise_factor_for_testing(MonitorPolicy{}, 1, 0).ok());
}

// The first word a generator would give: to check that a step drew nothing.
std::uint64_t first_word(std::uint64_t seed) { return Csprng::from_seed_for_testing(seed).next_u64(); }

TEST(SparseVector, BudgetNeverExceededOnRandomPoliciesAndStreams) {
  auto g = testing::rng(1);
  Csprng rng = Csprng::from_seed_for_testing(testing::test_seed());
  for (int trial = 0; trial < 300; ++trial) {
    MonitorPolicy p;
    p.clamp_lo = static_cast<std::int64_t>(g() % 10'000);
    p.clamp_hi = p.clamp_lo + 1 + static_cast<std::int64_t>(g() % 40'000);
    p.threshold =
        p.clamp_lo + static_cast<std::int64_t>(g() % static_cast<std::uint64_t>(p.clamp_hi - p.clamp_lo + 1));
    p.sensitivity = 1 + static_cast<std::int64_t>(g() % 2'000);
    p.epsilon_micro = 1'000 + g() % 20'000'000;
    p.max_alerts = 1 + static_cast<std::uint32_t>(g() % 5);
    const SparseVector sv = SparseVector::create(p).value();
    PositionState s;
    std::uint32_t charges = 0, alerts = 0;
    for (int step = 0; step < 200; ++step) {
      const std::int64_t ratio = p.threshold - 3'000 + static_cast<std::int64_t>(g() % 6'000) +
                                 (g() % 50 == 0 ? static_cast<std::int64_t>(g() % 1'000'000) - 500'000 : 0);
      const PositionState before = s;
      const bool was_exhausted = SparseVector::exhausted(s, p);
      StepResult r;
      if (was_exhausted) {
        // Ignored and draws nothing: the generator's next word is still its first.
        const std::uint64_t seed = g();
        Csprng fresh = Csprng::from_seed_for_testing(seed);
        r = sv.step_vartime(fresh, s, ratio);
        ASSERT_EQ(fresh.next_u64(), first_word(seed));
        ASSERT_TRUE(r.ignored && r.exhausted && !r.charged && !r.alert);
        ASSERT_EQ(s.segments, before.segments);
        ASSERT_EQ(s.alerts, before.alerts);
        ASSERT_EQ(s.open, before.open);
        continue;
      }
      r = sv.step_vartime(rng, s, ratio);
      ASSERT_FALSE(r.ignored);
      // Charged exactly when a segment starts: no segment was open before.
      ASSERT_EQ(r.charged, !before.open);
      ASSERT_EQ(s.segments, before.segments + (r.charged ? 1U : 0U));
      ASSERT_EQ(s.alerts, before.alerts + (r.alert ? 1U : 0U));
      ASSERT_EQ(s.open, !r.alert);
      ASSERT_LE(s.segments, p.max_alerts);
      ASSERT_LE(s.alerts, s.segments);
      ASSERT_EQ(s.segments - s.alerts, s.open ? 1U : 0U);
      ASSERT_EQ(r.exhausted, s.segments == p.max_alerts && !s.open);
      ASSERT_EQ(r.exhausted, SparseVector::exhausted(s, p));
      charges += r.charged;
      alerts += r.alert;
    }
    EXPECT_EQ(charges, s.segments);
    EXPECT_EQ(alerts, s.alerts);
  }
}

TEST(SparseVector, ChargedWhenASegmentStartsAndExhaustedAfterC) {
  MonitorPolicy p;
  p.max_alerts = 2;
  p.epsilon_micro = 1'000'000'000;  // eps = 1000: noise scales 2 and 4 grid units
  const SparseVector sv = SparseVector::create(p).value();
  Csprng rng = Csprng::from_seed_for_testing(1);
  PositionState s;
  const std::int64_t above = 20'000, below = 5'000;
  StepResult r = sv.step_vartime(rng, s, above);
  EXPECT_TRUE(r.charged);
  EXPECT_FALSE(r.alert);
  EXPECT_EQ(s.segments, 1U);
  for (int i = 0; i < 10; ++i) {
    r = sv.step_vartime(rng, s, above);
    EXPECT_FALSE(r.charged || r.alert || r.exhausted || r.ignored);
  }
  r = sv.step_vartime(rng, s, below);
  EXPECT_TRUE(r.alert && !r.charged && !r.exhausted);
  EXPECT_EQ(s.segments, 1U);
  EXPECT_FALSE(s.open);
  r = sv.step_vartime(rng, s, below);  // the second segment starts and alerts at once
  EXPECT_TRUE(r.charged && r.alert && r.exhausted && !r.ignored);
  EXPECT_EQ(s.segments, 2U);
  EXPECT_EQ(s.alerts, 2U);
  r = sv.step_vartime(rng, s, below);
  EXPECT_TRUE(r.ignored && r.exhausted && !r.alert && !r.charged);
  // A state restored from the ledger with the budget spent is exhausted before any step.
  PositionState restored{2, 1, false, 0};
  EXPECT_TRUE(SparseVector::exhausted(restored, p));
  EXPECT_TRUE(sv.step_vartime(rng, restored, below).ignored);
}

TEST(SparseVector, AlertsFarBelowAndStaysQuietFarAbove) {
  MonitorPolicy p;               // threshold 1.2, Delta 0.05, c = 1
  p.epsilon_micro = 20'000'000;  // eps = 20: noise scales 50 and 100 grid units
  const SparseVector sv = SparseVector::create(p).value();
  Csprng rng = Csprng::from_seed_for_testing(2);
  int first_step_alerts = 0, quiet_alerts = 0;
  for (int pos = 0; pos < 5'000; ++pos) {
    PositionState s;
    first_step_alerts += sv.step_vartime(rng, s, 8'000).alert;  // 0.8: 40 threshold scales below
    PositionState t;
    for (int i = 0; i < 20; ++i) quiet_alerts += sv.step_vartime(rng, t, 16'000).alert;  // 1.6
  }
  EXPECT_EQ(first_step_alerts, 5'000);  // misses have probability about e^-40 each
  EXPECT_EQ(quiet_alerts, 0);           // false alerts about e^-40 each
  // Clamping: a ratio far outside [clamp_lo, clamp_hi] behaves like the bound.
  PositionState s;
  EXPECT_TRUE(sv.step_vartime(rng, s, INT64_MIN).alert);
  PositionState t;
  EXPECT_FALSE(sv.step_vartime(rng, t, INT64_MAX).alert);
}

}  // namespace
}  // namespace zkc::dp
