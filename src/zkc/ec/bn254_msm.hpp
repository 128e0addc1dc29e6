// Multi-scalar multiplication on BN254 G1 and G2: sum_i [k_i] P_i, variable time.
// G1 first splits every scalar with the GLV endomorphism phi(x, y) = (beta x, y) = [lambda](x, y):
// k = k1 + k2 lambda (mod r) with |k1|, |k2| < 2^128, halving the number of Pippenger windows.
// References: Gallant, Lambert, Vanstone, "Faster point multiplication on elliptic curves with
// efficient endomorphisms" (Crypto 2001) sec. 4; the BN lattice basis v1 = (2x+1, -(6x^2+2x)),
// v2 = (6x^2+4x+1, 2x+1), det = r (derived by tools/derive_bn254_glv.py).
#pragma once

#include <span>

#include "zkc/ec/bn254.hpp"

namespace zkc::ec::bn254 {

// k = (-1)^neg1 k1 + (-1)^neg2 k2 lambda (mod r), with k1, k2 < 2^128.
struct GlvSplit {
  ff::U256 k1, k2;
  bool neg1 = false, neg2 = false;
};
GlvSplit glv_split(const ff::U256& k);

// How G1 uses GLV: one MSM over the 2n points P_i and phi(P_i) (fastest; 2n points and scalars of
// scratch, 200 MB at n = 2^20), or two MSMs over the P_i, the second result mapped by phi (about 9%
// slower, 32 n bytes of scratch). kAuto picks the two-pass form from kGlvTwoPassFrom points on: a
// Groth16 proof of 2^18 rows then peaks 38 MB lower (under rapidsnark's memory), while at 2^16 the
// one-pass speed keeps it under 0.8x rapidsnark's time (docs/BENCHMARKS.md).
enum class GlvLayout { kAuto, kOnePass, kTwoPass };
inline constexpr std::size_t kGlvTwoPassFrom = std::size_t{1} << 17;

G1Jacobian msm_vartime(std::span<const G1Affine> points, std::span<const Fr> scalars,
                       GlvLayout layout = GlvLayout::kAuto);
G2Jacobian msm_vartime(std::span<const G2Affine> points, std::span<const Fr> scalars);

}  // namespace zkc::ec::bn254
