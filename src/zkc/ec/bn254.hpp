// The BN254 (alt_bn128) groups of EIP-196/197: G1 = E(Fq): y^2 = x^3 + 3, of prime order r
// (cofactor 1), and G2, the order-r subgroup of the D-type sextic twist E'(Fq2): y^2 = x^3 + 3/xi
// with xi = 9 + u. Generators as in EIP-197. The G2 subgroup test uses the untwist-Frobenius-twist
// endomorphism psi, which acts on G2 as multiplication by p = 6x^2 (mod r): P in G2 iff
// psi(P) = [6x^2]P (El Housni, Guillevic, Piellard, "Co-factor clearing and subgroup membership
// testing on pairing-friendly curves", Africacrypt 2022, sec. 4 and 5).
#pragma once

#include "zkc/ec/point.hpp"
#include "zkc/ff/bn254/fq.hpp"
#include "zkc/ff/bn254/fq2.hpp"
#include "zkc/ff/bn254/fr.hpp"

namespace zkc::ec::bn254 {

using ff::bn254::Fq;
using ff::bn254::Fq2;
using ff::bn254::Fr;

using ff::bn254::kBnX;

struct G1Config {
  using Field = Fq;
  using Scalar = Fr;
  static Fq b() { return Fq::from_u64(3); }
  static Affine<G1Config> generator() {
    return Affine<G1Config>::from_xy_unchecked(Fq::from_u64(1), Fq::from_u64(2));  // EIP-196
  }
};

struct G2Config {
  using Field = Fq2;
  using Scalar = Fr;
  static const Fq2& b();  // 3 / (9 + u)
  static Affine<G2Config> generator();  // EIP-197
};

using G1Affine = Affine<G1Config>;
using G1Jacobian = Jacobian<G1Config>;
using G2Affine = Affine<G2Config>;
using G2Jacobian = Jacobian<G2Config>;

// Affine points are two coordinates, Montgomery limbs little endian: the bytes of snarkjs's LEM point
// encoding on a little-endian machine (formats can map such files without converting).
static_assert(sizeof(G1Affine) == 64 && sizeof(G2Affine) == 128);

// G1 has cofactor 1: every point on the curve is in the group, so G1 needs only is_on_curve().

// psi(x, y) = (conj(x) xi^((p-1)/3), conj(y) xi^((p-1)/2)): untwist, Frobenius, twist.
G2Jacobian psi(const G2Jacobian& p);
// On the twist and psi(P) = [6x^2]P. Variable time (subgroup checks are on public points).
bool is_in_subgroup_vartime(const G2Affine& p);
// Reference check [r]P = O, for tests.
bool is_in_subgroup_naive_vartime(const G2Affine& p);

// GLV endomorphism of G1: phi(x, y) = (beta x, y) = [lambda](x, y), beta^3 = 1 in Fq, lambda^3 = 1 in Fr.
const Fq& glv_beta();
const Fr& glv_lambda();

}  // namespace zkc::ec::bn254
