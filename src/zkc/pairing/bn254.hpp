// The optimal ate pairing on BN254 (EIP-197): e(P, Q) = f_{6x+2,Q}(P) l_{[6x+2]Q,pi(Q)}(P)
// l_{[6x+2]Q+pi(Q),-pi^2(Q)}(P) raised to (p^12 - 1)/r, with P in G1, Q in G2 (the D-type twist).
// Invariants: inputs are on their curves and in the order-r subgroups (the ec decoders check this);
// the output is exactly f^((p^12 - 1)/r), equal to @noble/curves' `pairing` before its extra
// exponent and to go-ethereum's bn256. Constant time in the coordinates of the points; only which
// points are the point at infinity (skipped) shows in the timing.
// References: Vercauteren, "Optimal pairings" (IEEE TIT 2010); Aranha, Karabina, Longa, Gebotys,
// Lopez, "Faster explicit formulas for computing pairings over ordinary curves" (Eurocrypt 2011),
// sec. 4 (projective Miller steps on the twist); Scott, Benger, Charlemagne, Dominguez Perez,
// Kachisa, "On the final exponentiation for calculating pairings on ordinary elliptic curves"
// (Pairing 2009), sec. 5 (hard part for BN curves).
#pragma once

#include <span>
#include <vector>

#include "zkc/ec/bn254.hpp"
#include "zkc/ff/bn254/fq12.hpp"

namespace zkc::pairing {

using ec::bn254::G1Affine;
using ec::bn254::G2Affine;
using ff::bn254::Fq;
using ff::bn254::Fq12;
using ff::bn254::Fq2;

// One line of the Miller loop, stored independently of P: evaluated at P = (xP, yP) it is
// yP * a + (xP * b) w + c w^3, the sparse element taken by Fq12::mul_by_034.
struct LineCoeffs {
  Fq2 a, b, c;
};

// The lines of the Miller loop of a fixed G2 point, computed once (for instance for a verifying key)
// and reused for every G1 point it is paired with. The point at infinity prepares to no lines.
class G2Prepared {
 public:
  G2Prepared() = default;  // the point at infinity
  explicit G2Prepared(const G2Affine& q);

  bool is_infinity() const { return lines_.empty(); }
  std::span<const LineCoeffs> lines() const { return lines_; }

 private:
  std::vector<LineCoeffs> lines_;
};

// prod_i f_i(P_i): the product of the Miller loops of the pairs (p[i], q[i]) (without the final
// exponentiation); pairs with a point at infinity contribute 1. Requires p.size() == q.size().
Fq12 miller_loop(std::span<const G1Affine> p, std::span<const G2Affine> q);
Fq12 miller_loop(std::span<const G1Affine> p, std::span<const G2Prepared> q);

// f^((p^12 - 1)/r): easy part (p^6 - 1)(p^2 + 1), then the hard part (p^4 - p^2 + 1)/r.
// f = 0 (never a Miller loop output) maps to 0.
Fq12 final_exponentiation(const Fq12& f);

// e(P, Q); 1 when either point is the point at infinity.
Fq12 pairing(const G1Affine& p, const G2Affine& q);

// prod_i e(p[i], q[i]) with a single final exponentiation. Requires p.size() == q.size().
Fq12 multi_pairing(std::span<const G1Affine> p, std::span<const G2Affine> q);
Fq12 multi_pairing(std::span<const G1Affine> p, std::span<const G2Prepared> q);

// prod_i e(p[i], q[i]) == 1: the EIP-197 precompile's check (true for zero pairs).
bool pairing_check(std::span<const G1Affine> p, std::span<const G2Affine> q);
bool pairing_check(std::span<const G1Affine> p, std::span<const G2Prepared> q);

}  // namespace zkc::pairing
