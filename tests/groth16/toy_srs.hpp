// A Powers-of-Tau SRS built from known secrets (tau, alpha, beta), for tests only: the Lagrange
// points are computed from L_j(tau) directly (poly::lagrange_basis_at_vartime), an independent route
// from the group FFT that `ptau prepare` uses.
#pragma once

#include <vector>

#include "zkc/groth16/setup.hpp"
#include "zkc/poly/domain.hpp"
#include "zkc/poly/polynomial.hpp"

namespace zkc::groth16::testing {

inline std::vector<Fr> lagrange_at(unsigned log2_n, const Fr& tau) {
  return poly::lagrange_basis_at_vartime(poly::EvaluationDomain::create(log2_n).value(), tau);
}

// [k_i] G for known (test-only, public) k_i by fixed-base windows: table[w][d] = [d 2^(8w)] G, so
// [k] G = sum_w table[w][byte w of k]: 32 mixed additions per point instead of a scalar
// multiplication (the SRS of a 2^12 domain takes well under a second).
template <class Affine>
std::vector<Affine> times_generator(const std::vector<Fr>& ks) {
  using J = decltype(Affine().to_jacobian());
  constexpr std::size_t kWindows = 32, kDigits = 256;
  std::vector<J> tj(kWindows * kDigits);
  J base = Affine::generator().to_jacobian();
  for (std::size_t w = 0; w < kWindows; ++w) {
    tj[w * kDigits] = base;  // digit 0 is never looked up; any finite point keeps the batch inversion valid
    J acc = base;
    for (std::size_t d = 1; d < kDigits; ++d) {
      tj[w * kDigits + d] = acc;
      acc = acc.add_vartime(base);
    }
    base = acc;  // [256] base
  }
  std::vector<Affine> table(tj.size());
  J::batch_to_affine_vartime(tj, table);
  std::vector<J> js(ks.size());
  for (std::size_t i = 0; i < ks.size(); ++i) {
    const ff::U256 k = ks[i].to_u256();
    J acc = J::identity();
    for (std::size_t w = 0; w < kWindows; ++w) {
      const std::size_t d = (k.limb[w / 8] >> (8 * (w % 8))) & 0xff;
      if (d != 0) acc = acc.add_mixed_vartime(table[w * kDigits + d]);
    }
    js[i] = acc;
  }
  std::vector<Affine> out(ks.size());
  J::batch_to_affine_vartime(js, out);
  return out;
}

inline SetupPoints make_toy_srs(unsigned log2_n, const Fr& tau, const Fr& alpha, const Fr& beta) {
  const std::vector<Fr> l = lagrange_at(log2_n, tau);
  const std::size_t n = l.size();
  std::vector<Fr> la(n), lb(n), powers(setup_tau_g1_count(n));
  for (std::size_t j = 0; j < n; ++j) la[j] = alpha * l[j], lb[j] = beta * l[j];
  Fr p = Fr::one();
  for (auto& x : powers) x = p, p *= tau;
  SetupPoints t;
  t.log2_n = log2_n;
  t.alpha1 = G1Affine::generator().mul(alpha).to_affine();
  t.beta1 = G1Affine::generator().mul(beta).to_affine();
  t.beta2 = G2Affine::generator().mul(beta).to_affine();
  t.lagrange_tau_g1 = times_generator<G1Affine>(l);
  t.lagrange_tau_g2 = times_generator<G2Affine>(l);
  t.lagrange_alpha_tau_g1 = times_generator<G1Affine>(la);
  t.lagrange_beta_tau_g1 = times_generator<G1Affine>(lb);
  t.lagrange_tau_g1_2n = times_generator<G1Affine>(lagrange_at(log2_n + 1, tau));
  t.tau_g1 = times_generator<G1Affine>(powers);
  return t;
}

}  // namespace zkc::groth16::testing
