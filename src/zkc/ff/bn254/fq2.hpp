// Fq2 = Fq[u]/(u^2 + 1), the BN254 quadratic extension with EIP-197's convention; the twist curve
// G2 lives over it with the sextic non-residue xi = 9 + u.
#pragma once

#include "zkc/ff/bn254/fq.hpp"
#include "zkc/ff/fp2.hpp"

namespace zkc::ff::bn254 {

using Fq2 = Fp2<Fq>;

// xi = 9 + u: Fq6 = Fq2[v]/(v^3 - xi), and G2 is the D-type twist y^2 = x^3 + 3/xi.
inline constexpr Fq2 kXi{Fq::from_u64(9), Fq::one()};

// Multiplication by xi: (a0 + a1 u)(9 + u) = (9 a0 - a1) + (a0 + 9 a1) u, with additions only.
constexpr Fq2 mul_by_xi(const Fq2& a) {
  const Fq a0_8 = a.c0.dbl().dbl().dbl(), a1_8 = a.c1.dbl().dbl().dbl();
  return {a0_8 + a.c0 - a.c1, a1_8 + a.c1 + a.c0};
}

}  // namespace zkc::ff::bn254
