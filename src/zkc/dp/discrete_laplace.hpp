// Exact integer samplers: Bernoulli(num/den), Bernoulli(exp(-num/den)) and the discrete Laplace
// distribution Lap_Z(t) with P(x) proportional to exp(-|x|/t) on the integers, t = scale_num/scale_den.
// References: Canonne, Kamath, Steinke, "The Discrete Gaussian for Differential Privacy" (NeurIPS 2020,
// arXiv:2004.00010), Algorithm 1 (Bernoulli(exp(-gamma))) and Algorithm 2 (discrete Laplace).
// Invariants: integer arithmetic only on the sampling path (no floating point: Mironov, "On Significance
// of the Least Significant Bits for Differential Privacy", CCS 2012); randomness from a Csprng.
// The running time depends on the sample (hence _vartime); the sample is the secret.
// Bounds: scale <= kMaxScale (2^40) and |sample| <= kMaxMagnitude (2^62): a draw beyond kMaxMagnitude is
// redrawn, which happens with probability below exp(-2^22) at the largest scale (no effect on any test
// or on the privacy guarantee beyond that probability).
#pragma once

#include <cstdint>

#include "zkc/base/csprng.hpp"
#include "zkc/base/result.hpp"

namespace zkc::dp {

// P[true] = num/den; requires den >= 1 and num <= den (asserted). One uniform draw (Lemire).
bool bernoulli_vartime(Csprng& rng, std::uint64_t num, std::uint64_t den);

// P[true] = exp(-num/den); requires den >= 1 (asserted), any num >= 0 (CKS 2020, Algorithm 1).
bool bernoulli_exp_neg_vartime(Csprng& rng, std::uint64_t num, std::uint64_t den);

// Lap_Z(t): P(x) = (1 - e^{-1/t}) / (1 + e^{-1/t}) * e^{-|x|/t} for x in Z, t = scale_num / scale_den.
class DiscreteLaplace {
 public:
  static constexpr std::uint64_t kMaxScale = std::uint64_t{1} << 40;    // t <= 2^40
  static constexpr std::int64_t kMaxMagnitude = std::int64_t{1} << 62;  // |sample| <= 2^62

  // Errors: scale_num or scale_den zero; scale_num / scale_den > 2^40 (kMaxScale). The fraction is
  // reduced by its gcd (scale_num()/scale_den() return the reduced terms; the distribution is the same).
  static Result<DiscreteLaplace> create(std::uint64_t scale_num, std::uint64_t scale_den);

  // CKS 2020, Algorithm 2 with t = scale_num, s = scale_den (it samples Lap_Z(t/s)).
  std::int64_t sample_vartime(Csprng& rng) const;

  // The exact pmf in double, for tests: (1 - e^{-1/t}) / (1 + e^{-1/t}) * e^{-|x|/t}.
  double pmf(std::int64_t x) const;

  std::uint64_t scale_num() const { return num_; }
  std::uint64_t scale_den() const { return den_; }
  double scale() const { return static_cast<double>(num_) / static_cast<double>(den_); }

 private:
  DiscreteLaplace(std::uint64_t num, std::uint64_t den) : num_(num), den_(den) {}
  std::uint64_t num_;
  std::uint64_t den_;
};

}  // namespace zkc::dp
