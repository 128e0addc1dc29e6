// The Sparse Vector Technique per position: alerts when a position's collateral-to-loan ratio dips
// below a threshold tau, with an alert budget c and a privacy budget epsilon per position.
// Everything is on a fixed-point grid: a ratio x is the integer round(x * kGrid); noise is the exact
// discrete Laplace of discrete_laplace.hpp (integers only, from a Csprng).
//
// Privacy argument. Each segment is one AboveThreshold instance (Dwork & Roth, "The Algorithmic
// Foundations of Differential Privacy", 2014, Thm 3.23; Lyu, Su, Li, "Understanding the Sparse Vector
// Technique for Differential Privacy", VLDB 2017, Alg. 1 and Thm 2) run on the negated stream (alert iff
// clamp(x) + nu <= noisy threshold) with budget eps/c: threshold noise Lap_Z(2 c Delta / eps), query
// noise Lap_Z(4 c Delta / eps). A segment starts (and is charged eps/c) before any of its output is
// released and ends at its first alert; at most c segments per position, so the position's whole alert
// stream is eps-DP by sequential composition. The proof shifts the threshold noise by Delta and the
// alerting query's noise by 2 Delta; the discrete Laplace on Z has the same shift bound
// P(x) / P(x + d) <= e^{|d| / scale} for integer d, which is all the proof uses (Delta is an integer).
// Neighbouring streams: same positions, same update times, every clamped ratio differing by at most
// Delta_eff = effective_sensitivity(p) grid units. Clamping to [clamp_lo, clamp_hi] bounds the
// sensitivity: with sensitivity >= clamp_hi - clamp_lo any two streams of a position are neighbours
// (full position-level privacy); a smaller Delta hides the values to within Delta. Rounding to the grid
// keeps the bound when Delta is a multiple of the grid unit (round(y + k) = round(y) + k).
// After its c-th segment ends a position is exhausted: its updates are ignored and draw no noise; it is
// never monitored with more budget.
#pragma once

#include <cstdint>

#include "zkc/base/csprng.hpp"
#include "zkc/base/result.hpp"
#include "zkc/dp/discrete_laplace.hpp"

namespace zkc::dp {

inline constexpr std::int64_t kGrid = 10'000;              // grid units per 1.0 of ratio (resolution 1e-4)
inline constexpr std::uint64_t kEpsilonScale = 1'000'000;  // epsilon is carried exactly as micro-units
inline constexpr std::int64_t kMaxClamp = std::int64_t{1}
                                          << 60;  // |clamp_lo|, |clamp_hi| <= 2^60 (no overflow)
inline constexpr std::uint32_t kMaxAlerts = 1'000'000;

struct MonitorPolicy {
  std::int64_t threshold = 12'000;  // tau on the grid (1.2)
  std::int64_t clamp_lo = 0;        // ratios are clamped to [clamp_lo, clamp_hi] (grid) before any comparison
  std::int64_t clamp_hi = 30'000;   // (3.0); bounds the sensitivity (see above)
  std::int64_t sensitivity = 500;   // Delta on the grid (0.05): the privacy unit (see above)
  std::uint64_t epsilon_micro = 1'000'000;  // epsilon per position (1.0), in 1e-6 units, >= 1
  std::uint32_t max_alerts = 1;  // c >= 1: at most c segments (and so at most c alerts) per position
};

// Errors name the field: clamp_lo < clamp_hi (both within +-2^60), clamp_lo <= threshold <= clamp_hi,
// sensitivity >= 1, epsilon_micro >= 1 (epsilon >= 1e-6), max_alerts in [1, 1'000'000], and noise scales
// 4 c Delta / eps above the sampler's bound (DiscreteLaplace::kMaxScale = 2^40).
Status validate(const MonitorPolicy& p);

// min(sensitivity, clamp_hi - clamp_lo): no two clamped ratios differ by more.
std::int64_t effective_sensitivity(const MonitorPolicy& p);

struct PositionState {  // what the ledger persists is segments and alerts; the rest is in memory only
  std::uint32_t segments =
      0;  // segments started (each charged epsilon / c BEFORE any of its output is released)
  std::uint32_t alerts = 0;          // alerts issued (<= segments)
  bool open = false;                 // a segment is running
  std::int64_t noisy_threshold = 0;  // the running segment's noisy threshold (grid); secret, in memory only
};

struct StepResult {
  bool charged = false;  // this step started a segment (segments was incremented: the ledger must record it)
  bool alert = false;    // this step raised an alert (ends the segment)
  bool exhausted = false;  // after this step the position is exhausted: segments == c and no segment open
  bool ignored = false;    // the position was already exhausted: nothing was computed or drawn
};

class SparseVector {
 public:
  static Result<SparseVector> create(const MonitorPolicy& p);  // validates
  // Testing only: multiplies both noise scales by num/den (< 1 under-noises: the privacy test's negative
  // control). Errors as create, plus num or den zero.
  static Result<SparseVector> create_with_noise_factor_for_testing(const MonitorPolicy& p, std::uint64_t num,
                                                                   std::uint64_t den);
  const MonitorPolicy& policy() const { return policy_; }

  // One update of one position: clamps `ratio` (grid) to [clamp_lo, clamp_hi]; if no segment is open and
  // segments < c, starts one (segments++, charged = true, noisy_threshold = threshold + DLap(2 c Delta /
  // eps)); then alerts iff clamp(ratio) + DLap(4 c Delta / eps) <= noisy_threshold (alerts++, open = false).
  // A position with segments == c and open == false is exhausted: ignored = true (and exhausted = true),
  // nothing drawn, the state unchanged. Requires a state produced by this policy (segments <= c, asserted).
  StepResult step_vartime(Csprng& rng, PositionState& s, std::int64_t ratio) const;

  static bool exhausted(const PositionState& s, const MonitorPolicy& p) {
    return s.segments >= p.max_alerts && !s.open;
  }

  const DiscreteLaplace& threshold_noise() const { return threshold_noise_; }
  const DiscreteLaplace& query_noise() const { return query_noise_; }

 private:
  SparseVector(const MonitorPolicy& p, DiscreteLaplace threshold_noise, DiscreteLaplace query_noise)
      : policy_(p), threshold_noise_(threshold_noise), query_noise_(query_noise) {}
  static Result<SparseVector> make(const MonitorPolicy& p, std::uint64_t factor_num,
                                   std::uint64_t factor_den);

  MonitorPolicy policy_;
  DiscreteLaplace threshold_noise_;
  DiscreteLaplace query_noise_;
};

}  // namespace zkc::dp
