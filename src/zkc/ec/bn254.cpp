#include "zkc/ec/bn254.hpp"

namespace zkc::ec::bn254 {
namespace {

Fq fq(std::string_view hex) { return Fq::from_hex(hex).value(); }

// xi^((p-1)/3) and xi^((p-1)/2), the coefficients of psi.
struct PsiConstants {
  Fq2 cx, cy;
  PsiConstants() {
    const ff::U256 pm1 = Fq::kModulus - ff::U256::from_u64(1);
    ff::U256 third = pm1, half = pm1;
    third.divmod_small(3);
    half.divmod_small(2);
    cx = ff::bn254::kXi.pow(third);
    cy = ff::bn254::kXi.pow(half);
  }
};
const PsiConstants& psi_constants() {
  static const PsiConstants c;
  return c;
}

}  // namespace

const Fq2& G2Config::b() {
  static const Fq2 b = Fq2{Fq::from_u64(3), Fq::zero()} * ff::bn254::kXi.inverse();
  return b;
}

Affine<G2Config> G2Config::generator() {
  // EIP-197: x = 11559732032986387107991004021392285783925812861821192530917403151452391805634 * i +
  //              10857046999023057135944570762232829481370756359578518086990519993285655852781
  //          y = 4082367875863433681332203403145435568316851327593401208105741076214120093531 * i +
  //              8495653923123431417604973247489272438418190587263600148770280649306958101930
  static const Affine<G2Config> g = Affine<G2Config>::from_xy_unchecked(
      Fq2{fq("0x1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed"),
          fq("0x198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2")},
      Fq2{fq("0x12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa"),
          fq("0x090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b")});
  return g;
}

G2Jacobian psi(const G2Jacobian& p) {
  // In Jacobian coordinates: (conj(X) cx, conj(Y) cy, conj(Z)) since conj is a field automorphism.
  const auto& c = psi_constants();
  return G2Jacobian{p.x.conjugate() * c.cx, p.y.conjugate() * c.cy, p.z.conjugate()};
}

bool is_in_subgroup_vartime(const G2Affine& p) {
  if (!p.is_on_curve()) return false;
  if (p.is_infinity()) return true;
  static const ff::U256 six_x2 = [] {
    const ff::u128 x = kBnX;
    const ff::u128 v = 6 * x * x;  // 6x^2 < 2^127
    return ff::U256{{static_cast<std::uint64_t>(v), static_cast<std::uint64_t>(v >> 64), 0, 0}};
  }();
  const G2Jacobian pj = p.to_jacobian();
  return psi(pj) == pj.mul_vartime(six_x2);
}

bool is_in_subgroup_naive_vartime(const G2Affine& p) {
  if (!p.is_on_curve()) return false;
  // [r]P = [r-1]P + P: wNAF needs k < 2^255, which r satisfies.
  return p.to_jacobian().mul_vartime(Fr::kModulus).is_infinity();
}

const Fq& glv_beta() {
  // A primitive cube root of unity in Fq, paired with glv_lambda() (checked in tests):
  // 2203960485148121921418603742825762020974279258880205651966.
  static const Fq beta = fq("0x000000000000000059e26bcea0d48bacd4f263f1acdb5c4f5763473177fffffe");
  return beta;
}

const Fr& glv_lambda() {
  // lambda^2 + lambda + 1 = 0 mod r; 4407920970296243842393367215006156084916469457145843978461.
  static const Fr lambda =
      Fr::from_hex("0x0000000000000000b3c4d79d41a917585bfc41088d8daaa78b17ea66b99c90dd").value();
  return lambda;
}

}  // namespace zkc::ec::bn254
