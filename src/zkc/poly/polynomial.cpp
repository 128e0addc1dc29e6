#include "zkc/poly/polynomial.hpp"

#include <algorithm>

#include "zkc/base/thread_pool.hpp"
#include "zkc/poly/ntt.hpp"

namespace zkc::poly {
namespace {

// a_i <- a_i * b_i, or a_i * b[0] when b has one element.
void multiply_pointwise(std::span<Fr> a, std::span<const Fr> b) {
  const bool broadcast = b.size() == 1;
  parallel_for(a.size(), 1 << 12, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t i = lo; i < hi; ++i) a[i] *= b[broadcast ? 0 : i];
  });
}

}  // namespace

Fr evaluate(std::span<const Fr> coeffs, const Fr& x) {
  Fr acc = Fr::zero();
  for (std::size_t j = coeffs.size(); j-- > 0;) acc = acc * x + coeffs[j];
  return acc;
}

Result<std::vector<Fr>> multiply(std::span<const Fr> a, std::span<const Fr> b) {
  if (a.empty() || b.empty()) return std::vector<Fr>{};
  const std::size_t len = a.size() + b.size() - 1;
  ZKC_TRY(const EvaluationDomain domain, EvaluationDomain::at_least(len));
  std::vector<Fr> fa(domain.size()), fb(domain.size());
  std::copy(a.begin(), a.end(), fa.begin());
  std::copy(b.begin(), b.end(), fb.begin());
  ntt(domain, fa);
  ntt(domain, fb);
  multiply_pointwise(fa, fb);  // convolution theorem: the product of evaluations
  intt(domain, fa);
  fa.resize(len);  // the rest is zero: deg(a b) < len <= n, so the cyclic product does not wrap
  return fa;
}

std::vector<Fr> multiply_naive(std::span<const Fr> a, std::span<const Fr> b) {
  if (a.empty() || b.empty()) return {};
  std::vector<Fr> out(a.size() + b.size() - 1);
  for (std::size_t i = 0; i < a.size(); ++i)
    for (std::size_t j = 0; j < b.size(); ++j) out[i + j] += a[i] * b[j];
  return out;
}

Fr vanishing_on_coset(const EvaluationDomain& domain, const Fr& shift) {
  return shift.pow(ff::U256::from_u64(domain.size())) - Fr::one();  // (shift omega^i)^n = shift^n
}

void divide_by_vanishing_on_coset(const EvaluationDomain& domain, std::span<Fr> evals, const Fr& shift) {
  ZKC_ASSERT(evals.size() == domain.size());
  const Fr z = vanishing_on_coset(domain, shift);
  ZKC_ASSERT(!z.is_zero());
  const Fr z_inv = z.inverse_vartime();  // shift is public
  multiply_pointwise(evals, std::span<const Fr>(&z_inv, 1));
}

std::vector<Fr> lagrange_basis_at_vartime(const EvaluationDomain& domain, const Fr& x) {
  const std::size_t n = domain.size();
  std::vector<Fr> omega_j(n), denom(n), out(n);
  Fr w = Fr::one();
  for (std::size_t j = 0; j < n; ++j) {
    omega_j[j] = w;
    denom[j] = x - w;
    if (denom[j].is_zero()) {  // x is a domain point: the basis is the indicator of j
      out[j] = Fr::one();
      return out;
    }
    w *= domain.omega();
  }
  ff::batch_inverse<Fr>(denom);
  const Fr scale = (x.pow(ff::U256::from_u64(n)) - Fr::one()) * domain.size_inv();
  for (std::size_t j = 0; j < n; ++j) out[j] = omega_j[j] * scale * denom[j];
  return out;
}

}  // namespace zkc::poly
