// A Powers-of-Tau SRS built from known secrets (tau, alpha, beta), for tests only: the Lagrange
// points are computed from L_j(tau) = omega^j (tau^n - 1) / (n (tau - omega^j)) directly, an
// independent route from the group IFFT that `ptau prepare` uses.
#pragma once

#include <vector>

#include "zkc/groth16/setup.hpp"
#include "zkc/poly/domain.hpp"

namespace zkc::groth16::testing {

struct ToySrs {
  std::vector<G1Affine> lt1, la1, lb1, lt1_2n, t1;
  std::vector<G2Affine> lt2;
  SetupSrs srs;
};

inline std::vector<Fr> lagrange_at(unsigned log2_n, const Fr& tau) {
  const auto domain = poly::EvaluationDomain::create(log2_n).value();
  const std::size_t n = domain.size();
  const Fr zn = tau.pow(ff::U256::from_u64(n)) - Fr::one();
  std::vector<Fr> out(n);
  Fr w = Fr::one();
  for (std::size_t j = 0; j < n; ++j) {
    out[j] = w * zn * (Fr::from_u64(n) * (tau - w)).inverse();
    w *= domain.omega();
  }
  return out;
}

template <class Affine>
std::vector<Affine> times_generator(const std::vector<Fr>& ks) {
  using J = decltype(Affine().to_jacobian());
  std::vector<J> js(ks.size());
  for (std::size_t i = 0; i < ks.size(); ++i) js[i] = Affine::generator().mul(ks[i]);
  std::vector<Affine> out(ks.size());
  J::batch_to_affine_vartime(js, out);
  return out;
}

// The spans in .srs point into the vectors of the returned object: do not copy it after use.
inline ToySrs make_toy_srs(unsigned log2_n, const Fr& tau, const Fr& alpha, const Fr& beta) {
  ToySrs t;
  const std::vector<Fr> l = lagrange_at(log2_n, tau), l2 = lagrange_at(log2_n + 1, tau);
  std::vector<Fr> la(l.size()), lb(l.size());
  for (std::size_t j = 0; j < l.size(); ++j) la[j] = alpha * l[j], lb[j] = beta * l[j];
  const std::size_t n = l.size();
  std::vector<Fr> powers(2 * n);
  Fr p = Fr::one();
  for (auto& x : powers) x = p, p *= tau;
  t.lt1 = times_generator<G1Affine>(l);
  t.lt2 = times_generator<G2Affine>(l);
  t.la1 = times_generator<G1Affine>(la);
  t.lb1 = times_generator<G1Affine>(lb);
  t.lt1_2n = times_generator<G1Affine>(l2);
  t.t1 = times_generator<G1Affine>(powers);
  t.srs.log2_n = log2_n;
  t.srs.alpha1 = G1Affine::generator().mul(alpha).to_affine();
  t.srs.beta1 = G1Affine::generator().mul(beta).to_affine();
  t.srs.beta2 = G2Affine::generator().mul(beta).to_affine();
  t.srs.lagrange_tau_g1 = t.lt1;
  t.srs.lagrange_tau_g2 = t.lt2;
  t.srs.lagrange_alpha_tau_g1 = t.la1;
  t.srs.lagrange_beta_tau_g1 = t.lb1;
  t.srs.lagrange_tau_g1_2n = t.lt1_2n;
  t.srs.tau_g1 = t.t1;
  return t;
}

}  // namespace zkc::groth16::testing
