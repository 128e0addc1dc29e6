#include "zkc/groth16/verifier.hpp"

#include "zkc/ec/bn254_msm.hpp"

namespace zkc::groth16 {

bool proof_points_valid(const Proof& proof) {
  return proof.a.is_on_curve() && proof.c.is_on_curve() && proof.b.is_on_curve() &&
         ec::bn254::is_in_subgroup_vartime(proof.b);
}

Result<PreparedVerifyingKey> PreparedVerifyingKey::create(const VerifyingKey& vk) {
  auto bad = [](const std::string& what) { return make_error(Errc::kNotOnCurve, "verifying key: " + what); };
  if (vk.ic.empty()) return make_error(Errc::kBadFormat, "verifying key: IC is empty");
  if (!vk.alpha1.is_on_curve()) return bad("alpha is not on the curve");
  for (std::size_t i = 0; i < vk.ic.size(); ++i)
    if (!vk.ic[i].is_on_curve()) return bad("IC[" + std::to_string(i) + "] is not on the curve");
  const std::pair<const char*, const G2Affine*> g2[] = {{"beta", &vk.beta2}, {"gamma", &vk.gamma2}, {"delta", &vk.delta2}};
  for (const auto& [name, p] : g2) {
    if (!p->is_on_curve()) return bad(std::string(name) + " is not on the twist");
    if (!ec::bn254::is_in_subgroup_vartime(*p))
      return make_error(Errc::kNotInSubgroup, std::string("verifying key: ") + name + " is not in G2");
  }
  PreparedVerifyingKey pvk;
  pvk.vk_ = vk;
  pvk.neg_beta_ = pairing::G2Prepared(-vk.beta2);
  pvk.gamma_ = pairing::G2Prepared(vk.gamma2);
  pvk.delta_ = pairing::G2Prepared(vk.delta2);
  return pvk;
}

Result<bool> verify(const PreparedVerifyingKey& pvk, std::span<const Fr> public_inputs, const Proof& proof) {
  const VerifyingKey& vk = pvk.vk_;
  if (public_inputs.size() != vk.ic.size() - 1)
    return make_error(Errc::kBadLength, "the verifying key takes " + std::to_string(vk.ic.size() - 1) +
                                            " public inputs, " + std::to_string(public_inputs.size()) + " given");
  if (!proof_points_valid(proof)) return false;

  // vk_x = IC_0 + sum x_i IC_i (public scalars: variable time).
  G1Jacobian vk_x = vk.ic[0].to_jacobian();
  if (!public_inputs.empty())
    vk_x = vk_x.add_vartime(ec::bn254::msm_vartime(std::span<const G1Affine>(vk.ic).subspan(1), public_inputs));
  G1Affine vk_x_affine;
  G1Jacobian::batch_to_affine_vartime(std::span<const G1Jacobian>(&vk_x, 1), std::span<G1Affine>(&vk_x_affine, 1));

  // e(A, B) e(alpha, -beta) e(vk_x, -gamma)... rearranged so that the fixed G2 points are prepared:
  // e(A, B) * e(alpha, -beta) * e(-vk_x, gamma) * e(-C, delta) = 1.
  const G1Affine g1[] = {proof.a, vk.alpha1, -vk_x_affine, -proof.c};
  const pairing::G2Prepared b_prepared(proof.b);
  const pairing::G2Prepared g2[] = {b_prepared, pvk.neg_beta_, pvk.gamma_, pvk.delta_};
  return pairing::pairing_check(g1, g2);
}

Result<bool> verify(const VerifyingKey& vk, std::span<const Fr> public_inputs, const Proof& proof) {
  ZKC_TRY(const PreparedVerifyingKey pvk, PreparedVerifyingKey::create(vk));
  return verify(pvk, public_inputs, proof);
}

}  // namespace zkc::groth16
