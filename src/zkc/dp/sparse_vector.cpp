#include "zkc/dp/sparse_vector.hpp"

#include <algorithm>
#include <numeric>
#include <string>

namespace zkc::dp {
namespace {

using u128 = unsigned __int128;

Error policy_error(const std::string& what) {
  return make_error(Errc::kInvalidArgument, "monitor policy: " + what);
}

std::string u128_string(u128 v) {
  if (v == 0) return "0";
  std::string s;
  while (v != 0) {
    s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  }
  return s;
}

// The noise scale k c Delta / eps (k = 2 for the threshold, 4 for the queries) times factor_num/factor_den,
// as an exact reduced fraction: (k c Delta kEpsilonScale factor_num) / (epsilon_micro factor_den).
// Bounds: k c Delta kEpsilonScale < 2^2 2^20 2^61 2^20 = 2^103, times factor_num < 2^64 overflows only
// past 2^128, so the factor is checked separately (it is a test knob: < 2^24 both terms).
Result<DiscreteLaplace> noise(const MonitorPolicy& p, std::uint64_t k, const char* name,
                              std::uint64_t factor_num, std::uint64_t factor_den) {
  const auto c = static_cast<u128>(p.max_alerts);
  const auto delta = static_cast<u128>(effective_sensitivity(p));
  u128 num = static_cast<u128>(k) * c * delta * kEpsilonScale * factor_num;
  u128 den = static_cast<u128>(p.epsilon_micro) * factor_den;
  const auto gcd128 = [](u128 a, u128 b) {
    while (b != 0) {
      const u128 r = a % b;
      a = b;
      b = r;
    }
    return a;
  };
  const u128 g = gcd128(num, den);
  num /= g;
  den /= g;
  const std::string scale = std::string(name) + " noise scale " + std::to_string(k) +
                            " * max_alerts * sensitivity / epsilon = " + u128_string(num) + "/" +
                            u128_string(den);
  if (num > den * DiscreteLaplace::kMaxScale) {
    return policy_error(
        scale + " exceeds the sampler's bound 2^40 (raise epsilon_micro or lower max_alerts or sensitivity)");
  }
  if (num > UINT64_MAX || den > UINT64_MAX) {
    return policy_error(scale + " does not fit 64-bit terms once reduced (choose a rounder epsilon_micro)");
  }
  return DiscreteLaplace::create(static_cast<std::uint64_t>(num), static_cast<std::uint64_t>(den));
}

}  // namespace

std::int64_t effective_sensitivity(const MonitorPolicy& p) {
  // Computed in 128 bits so that an unvalidated policy cannot overflow here.
  const __int128 range = static_cast<__int128>(p.clamp_hi) - p.clamp_lo;
  const __int128 d = std::min<__int128>(p.sensitivity, range);
  return static_cast<std::int64_t>(std::clamp<__int128>(d, INT64_MIN, INT64_MAX));
}

Status validate(const MonitorPolicy& p) {
  if (p.clamp_lo < -kMaxClamp || p.clamp_lo > kMaxClamp) {
    return policy_error("clamp_lo = " + std::to_string(p.clamp_lo) + " is outside [-2^60, 2^60]");
  }
  if (p.clamp_hi < -kMaxClamp || p.clamp_hi > kMaxClamp) {
    return policy_error("clamp_hi = " + std::to_string(p.clamp_hi) + " is outside [-2^60, 2^60]");
  }
  if (p.clamp_lo >= p.clamp_hi) {
    return policy_error("clamp_lo = " + std::to_string(p.clamp_lo) +
                        " must be below clamp_hi = " + std::to_string(p.clamp_hi));
  }
  if (p.threshold < p.clamp_lo || p.threshold > p.clamp_hi) {
    return policy_error("threshold = " + std::to_string(p.threshold) +
                        " must lie in [clamp_lo, clamp_hi] = [" + std::to_string(p.clamp_lo) + ", " +
                        std::to_string(p.clamp_hi) + "]");
  }
  if (p.sensitivity < 1)
    return policy_error("sensitivity = " + std::to_string(p.sensitivity) + " must be >= 1");
  if (p.epsilon_micro < 1) return policy_error("epsilon_micro = 0: epsilon must be >= 1e-6");
  if (p.max_alerts < 1 || p.max_alerts > kMaxAlerts) {
    return policy_error("max_alerts = " + std::to_string(p.max_alerts) + " must lie in [1, 1000000]");
  }
  // The query noise has the larger scale; the threshold's is half of it.
  const auto q = noise(p, 4, "query", 1, 1);
  if (!q.ok()) return q.error();
  return Status::success();
}

Result<SparseVector> SparseVector::make(const MonitorPolicy& p, std::uint64_t factor_num,
                                        std::uint64_t factor_den) {
  if (const Status st = validate(p); !st.ok()) return st.error();
  ZKC_TRY(const DiscreteLaplace threshold_noise, noise(p, 2, "threshold", factor_num, factor_den));
  ZKC_TRY(const DiscreteLaplace query_noise, noise(p, 4, "query", factor_num, factor_den));
  return SparseVector(p, threshold_noise, query_noise);
}

Result<SparseVector> SparseVector::create(const MonitorPolicy& p) { return make(p, 1, 1); }

Result<SparseVector> SparseVector::create_with_noise_factor_for_testing(const MonitorPolicy& p,
                                                                        std::uint64_t num,
                                                                        std::uint64_t den) {
  constexpr std::uint64_t kMaxFactorTerm = std::uint64_t{1} << 24;
  if (num == 0 || den == 0 || num > kMaxFactorTerm || den > kMaxFactorTerm) {
    return policy_error("noise factor " + std::to_string(num) + "/" + std::to_string(den) +
                        ": both terms must lie in [1, 2^24]");
  }
  return make(p, num, den);
}

StepResult SparseVector::step_vartime(Csprng& rng, PositionState& s, std::int64_t ratio) const {
  StepResult r;
  if (exhausted(s, policy_)) {
    r.ignored = true;
    r.exhausted = true;
    return r;
  }
  ZKC_ASSERT(s.segments <= policy_.max_alerts && s.alerts <= s.segments);
  // No overflow below: |clamped|, |threshold| <= 2^60 (validate) and |noise| <= 2^62 (the sampler).
  const std::int64_t x = std::clamp(ratio, policy_.clamp_lo, policy_.clamp_hi);
  if (!s.open) {
    // A new AboveThreshold segment: charged eps/c before any of its output exists.
    ++s.segments;
    s.open = true;
    s.noisy_threshold = policy_.threshold + threshold_noise_.sample_vartime(rng);
    r.charged = true;
  }
  if (x + query_noise_.sample_vartime(rng) <= s.noisy_threshold) {
    ++s.alerts;
    s.open = false;
    r.alert = true;
  }
  r.exhausted = exhausted(s, policy_);
  return r;
}

}  // namespace zkc::dp
