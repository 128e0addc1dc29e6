// Miller loop of the BN254 optimal ate pairing over the NAF of 6x + 2, with the G2 accumulator T in
// homogeneous projective coordinates (x = X/Z, y = Y/Z) on the twist E': y^2 = x^3 + b', b' = 3/xi.
// Lines: the untwisting map (x, y) -> (x w^2, y w^3) sends E' to E, so the line through points of
// E' evaluated at P = (xP, yP) in G1 is, up to a factor in Fq2 (killed by the final exponentiation),
// yP * a + (xP * b) w + c w^3: Fq12::mul_by_034. Step formulas: Aranha, Karabina, Longa, Gebotys,
// Lopez, Eurocrypt 2011, sec. 4 (doubling: eq. (10); mixed addition: eq. (12), D-type twist).
#include <cstddef>

#include "zkc/base/result.hpp"
#include "zkc/pairing/bn254.hpp"

namespace zkc::pairing {
namespace {

using ff::u128;
using ff::bn254::tower_frobenius_coeff;

// 6x + 2 = 29793968203157093288 (65 bits), in non-adjacent form, least significant digit first.
constexpr auto kAteNaf = ff::naf<68>(ff::U256::from_u128(6 * static_cast<u128>(ff::bn254::kBnX) + 2));
constexpr std::size_t ate_top() {
  std::size_t i = kAteNaf.size() - 1;
  while (kAteNaf[i] == 0) --i;
  return i;
}
constexpr std::size_t kAteTop = ate_top();  // the leading digit (a 1)
constexpr std::size_t count_lines() {
  std::size_t n = 2;  // the two lines with pi(Q) and -pi^2(Q)
  for (std::size_t i = 0; i < kAteTop; ++i) n += kAteNaf[i] != 0 ? 2 : 1;
  return n;
}
constexpr std::size_t kNumLines = count_lines();

struct G2Homogeneous {
  Fq2 x, y, z;
};

const Fq2& three_b() {  // 3 b' on the twist
  static const Fq2 t = ec::bn254::G2Config::b().dbl() + ec::bn254::G2Config::b();
  return t;
}

// T <- 2T and the tangent line at T (Aranha et al., eq. (10), line scaled by -2YZ):
//   l = -2YZ yP + 3X^2 xP w + (3b'Z^2 - Y^2) w^3.
// The paper's X3 = XY/2 (B - F), Y3 = ((B + F)/2)^2 - 3E^2, Z3 = BH are multiplied through by 4
// (the same projective point) to avoid the halvings.
LineCoeffs doubling_step(G2Homogeneous& t) {
  const Fq2 xy = t.x * t.y;                      // X Y
  const Fq2 b = t.y.square();                    // B = Y^2
  const Fq2 c = t.z.square();                    // C = Z^2
  const Fq2 e = three_b() * c;                   // E = 3 b' C
  const Fq2 f = e.dbl() + e;                     // F = 3 E
  const Fq2 h = (t.y + t.z).square() - (b + c);  // H = (Y + Z)^2 - (B + C) = 2 Y Z
  const Fq2 j = t.x.square();                    // J = X^2
  const Fq2 e2 = e.square();
  t.x = (xy * (b - f)).dbl();                            // X3 = 2 X Y (B - F)
  t.y = (b + f).square() - (e2.dbl() + e2).dbl().dbl();  // Y3 = (B + F)^2 - 12 E^2
  t.z = (b * h).dbl().dbl();                             // Z3 = 4 B H
  return {-h, j.dbl() + j, e - b};                       // l = -H yP + 3 J xP w + (E - B) w^3
}

// T <- T + Q for an affine Q and the line through T and Q (Aranha et al., eq. (12), scaled by
// lambda): l = lambda yP - theta xP w + (theta x2 - lambda y2) w^3.
LineCoeffs addition_step(G2Homogeneous& t, const Fq2& qx, const Fq2& qy) {
  const Fq2 theta = t.y - qy * t.z;   // theta = Y1 - y2 Z1
  const Fq2 lambda = t.x - qx * t.z;  // lambda = X1 - x2 Z1
  const Fq2 c = theta.square();       // C = theta^2
  const Fq2 d = lambda.square();      // D = lambda^2
  const Fq2 e = lambda * d;           // E = lambda^3
  const Fq2 f = t.z * c;              // F = Z1 C
  const Fq2 g = t.x * d;              // G = X1 D
  const Fq2 h = e + f - g.dbl();      // H = E + F - 2G
  t.x = lambda * h;                   // X3 = lambda H
  t.y = theta * (g - h) - t.y * e;    // Y3 = theta (G - H) - Y1 E
  t.z = t.z * e;                      // Z3 = Z1 E
  return {lambda, -theta, theta * qx - lambda * qy};
}

}  // namespace

G2Prepared::G2Prepared(const G2Affine& q) {
  if (q.is_infinity()) return;
  lines_.reserve(kNumLines);
  G2Homogeneous t{q.x, q.y, Fq2::one()};
  const Fq2 neg_qy = -q.y;
  for (std::size_t i = kAteTop; i-- > 0;) {
    lines_.push_back(doubling_step(t));
    if (kAteNaf[i] == 1) lines_.push_back(addition_step(t, q.x, q.y));
    if (kAteNaf[i] == -1) lines_.push_back(addition_step(t, q.x, neg_qy));
  }
  // Q1 = pi(Q) = (conj(x) xi^((p-1)/3), conj(y) xi^((p-1)/2)): the p-power Frobenius of E carried to
  // the twist, since w^(2p) = xi^((p-1)/3) w^2 and w^(3p) = xi^((p-1)/2) w^3.
  const Fq2 q1x = q.x.conjugate() * tower_frobenius_coeff(1, 2);
  const Fq2 q1y = q.y.conjugate() * tower_frobenius_coeff(1, 3);
  // Q2 = -pi^2(Q) = (x xi^((p^2-1)/3), -y xi^((p^2-1)/2)).
  const Fq2 q2x = q.x * tower_frobenius_coeff(2, 2);
  const Fq2 q2y = -(q.y * tower_frobenius_coeff(2, 3));
  lines_.push_back(addition_step(t, q1x, q1y));
  lines_.push_back(addition_step(t, q2x, q2y));
  ZKC_ASSERT(lines_.size() == kNumLines);
}

Fq12 miller_loop(std::span<const G1Affine> p, std::span<const G2Prepared> q) {
  ZKC_ASSERT(p.size() == q.size());
  struct Pair {
    Fq x, y;
    const LineCoeffs* line;
  };
  std::vector<Pair> pairs;
  pairs.reserve(p.size());
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i].is_infinity() || q[i].is_infinity()) continue;
    ZKC_ASSERT(q[i].lines().size() == kNumLines);
    pairs.push_back({p[i].x, p[i].y, q[i].lines().data()});
  }
  Fq12 f = Fq12::one();
  // f <- f * l_i(P_i) for every pair, advancing each pair to its next line.
  auto mul_lines = [&] {
    for (Pair& pr : pairs) {
      const LineCoeffs& l = *pr.line++;
      f = f.mul_by_034(l.a * pr.y, l.b * pr.x, l.c);
    }
  };
  for (std::size_t i = kAteTop; i-- > 0;) {
    if (i + 1 != kAteTop) f = f.square();  // f = 1 before the first step
    mul_lines();                           // tangent at T
    if (kAteNaf[i] != 0) mul_lines();      // line through T and +-Q
  }
  mul_lines();  // line through T and pi(Q)
  mul_lines();  // line through T + pi(Q) and -pi^2(Q)
  return f;
}

Fq12 miller_loop(std::span<const G1Affine> p, std::span<const G2Affine> q) {
  ZKC_ASSERT(p.size() == q.size());
  std::vector<G2Prepared> prepared;
  prepared.reserve(q.size());
  for (std::size_t i = 0; i < q.size(); ++i) {
    prepared.push_back(p[i].is_infinity() ? G2Prepared() : G2Prepared(q[i]));
  }
  return miller_loop(p, std::span<const G2Prepared>(prepared));
}

Fq12 pairing(const G1Affine& p, const G2Affine& q) {
  return final_exponentiation(miller_loop(std::span(&p, 1), std::span(&q, 1)));
}

Fq12 multi_pairing(std::span<const G1Affine> p, std::span<const G2Affine> q) {
  return final_exponentiation(miller_loop(p, q));
}
Fq12 multi_pairing(std::span<const G1Affine> p, std::span<const G2Prepared> q) {
  return final_exponentiation(miller_loop(p, q));
}

bool pairing_check(std::span<const G1Affine> p, std::span<const G2Affine> q) {
  return multi_pairing(p, q).is_one();
}
bool pairing_check(std::span<const G1Affine> p, std::span<const G2Prepared> q) {
  return multi_pairing(p, q).is_one();
}

}  // namespace zkc::pairing
