#include "zkc/dp/discrete_laplace.hpp"

#include <cmath>
#include <cstdlib>
#include <numeric>
#include <string>

namespace zkc::dp {

bool bernoulli_vartime(Csprng& rng, std::uint64_t num, std::uint64_t den) {
  ZKC_ASSERT(den >= 1 && num <= den);
  return rng.uniform(den) < num;
}

namespace {

// Bernoulli(exp(-gamma)) for gamma = num/den in [0, 1] (CKS 2020, Algorithm 1, first branch):
// K = 1; while Bernoulli(gamma / K) succeeds, K = K + 1; return K odd.
// P[K > k] = gamma^k / k!, so P[K odd] = sum_k (-gamma)^k / k! = exp(-gamma).
// Bernoulli(gamma / K) is drawn as Bernoulli(num/den) AND Bernoulli(1/K), independent, so den * K never
// has to be formed (no overflow for any den).
bool bernoulli_exp_neg_unit(Csprng& rng, std::uint64_t num, std::uint64_t den) {
  if (num == 0) return true;  // exp(0) = 1: the first trial fails at once, K = 1
  std::uint64_t k = 1;
  for (;;) {
    // A <- Bernoulli(gamma / k) = Bernoulli(num / den) * Bernoulli(1 / k) (no draw for a probability 1).
    if (num != den && !bernoulli_vartime(rng, num, den)) break;
    if (k > 1 && rng.uniform(k) != 0) break;
    ++k;
  }
  return (k & 1U) != 0;
}

}  // namespace

bool bernoulli_exp_neg_vartime(Csprng& rng, std::uint64_t num, std::uint64_t den) {
  ZKC_ASSERT(den >= 1);
  if (num <= den) return bernoulli_exp_neg_unit(rng, num, den);
  // gamma > 1 (CKS 2020, Algorithm 1, second branch): exp(-gamma) = exp(-1)^floor(gamma) *
  // exp(-(gamma - floor(gamma))); each factor is an independent Bernoulli, stop at the first failure.
  const std::uint64_t whole = num / den;
  for (std::uint64_t i = 0; i < whole; ++i) {
    if (!bernoulli_exp_neg_unit(rng, 1, 1)) return false;
  }
  return bernoulli_exp_neg_unit(rng, num % den, den);
}

Result<DiscreteLaplace> DiscreteLaplace::create(std::uint64_t scale_num, std::uint64_t scale_den) {
  if (scale_num == 0) return make_error(Errc::kInvalidArgument, "discrete Laplace: scale_num must be >= 1");
  if (scale_den == 0) return make_error(Errc::kInvalidArgument, "discrete Laplace: scale_den must be >= 1");
  const std::uint64_t g = std::gcd(scale_num, scale_den);
  const std::uint64_t num = scale_num / g;
  const std::uint64_t den = scale_den / g;
  // t = num/den <= 2^40  <=>  num <= den * 2^40 (128-bit product: no overflow).
  if (static_cast<unsigned __int128>(num) > static_cast<unsigned __int128>(den) * kMaxScale) {
    return make_error(Errc::kInvalidArgument, "discrete Laplace: scale " + std::to_string(scale_num) + "/" +
                                                  std::to_string(scale_den) +
                                                  " exceeds the sampler's bound 2^40 (kMaxScale)");
  }
  return DiscreteLaplace(num, den);
}

std::int64_t DiscreteLaplace::sample_vartime(Csprng& rng) const {
  // CKS 2020, Algorithm 2, sampling Lap_Z(t/s) with t = num_, s = den_.
  const std::uint64_t t = num_;
  const std::uint64_t s = den_;
  for (;;) {
    // Step 1-2: U <- Uniform{0..t-1}; D <- Bernoulli(exp(-U/t)); restart if D = 0.
    const std::uint64_t u = rng.uniform(t);
    if (!bernoulli_exp_neg_vartime(rng, u, t)) continue;
    // Step 3: V <- number of successes of Bernoulli(exp(-1)) before the first failure (geometric).
    // A 64-bit counter cannot overflow: each increment has probability e^-1.
    std::uint64_t v = 0;
    while (bernoulli_exp_neg_unit(rng, 1, 1)) ++v;
    // Step 4: X <- U + t V (X is geometric with parameter 1 - e^{-1/t}); Y <- floor(X / s).
    // t, v < 2^64 so t v + u < 2^128: the 128-bit sum is exact.
    const unsigned __int128 x = static_cast<unsigned __int128>(t) * v + u;
    const unsigned __int128 y = x / s;
    // Step 5: B <- Bernoulli(1/2); restart if B = 1 and Y = 0 (so that 0 is not counted twice).
    const bool negative = rng.bit();
    if (negative && y == 0) continue;
    // Truncation at 2^62 (header): probability < exp(-2^22) for t <= 2^40.
    if (y > static_cast<unsigned __int128>(kMaxMagnitude)) continue;
    // Step 6: return (1 - 2B) Y.
    const auto magnitude = static_cast<std::int64_t>(y);
    return negative ? -magnitude : magnitude;
  }
}

double DiscreteLaplace::pmf(std::int64_t x) const {
  const double t = scale();
  // 1 - e^{-1/t} = -expm1(-1/t), accurate for large t.
  const double q = std::exp(-1.0 / t);
  const double norm = -std::expm1(-1.0 / t) / (1.0 + q);
  return norm * std::exp(-std::fabs(static_cast<double>(x)) / t);
}

}  // namespace zkc::dp
