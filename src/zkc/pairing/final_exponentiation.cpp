// Final exponentiation f -> f^((p^12 - 1)/r) for BN254, exactly (not a power of it):
// (p^12 - 1)/r = (p^6 - 1)(p^2 + 1) * (p^4 - p^2 + 1)/r.
// Hard part: Scott, Benger, Charlemagne, Dominguez Perez, Kachisa, "On the final exponentiation for
// calculating pairings on ordinary elliptic curves" (Pairing 2009), sec. 5: for BN curves
// (p^4 - p^2 + 1)/r = l3 p^3 + l2 p^2 + l1 p + l0 with l3 = 1, l2 = 6x^2 + 1,
// l1 = -36x^3 - 18x^2 - 12x + 1, l0 = -36x^3 - 30x^2 - 18x - 2, evaluated as
// y0 y1^2 y2^6 y3^12 y4^18 y5^30 y6^36 by a vectorial addition chain.
#include "zkc/pairing/bn254.hpp"

namespace zkc::pairing {

Fq12 final_exponentiation(const Fq12& f) {
  // Easy part: t = f^(p^6 - 1) = conj(f) / f, then t^(p^2 + 1). Afterwards t is in the cyclotomic
  // subgroup: its inverse is its conjugate and cyclotomic squaring applies.
  Fq12 t = f.conjugate() * f.inverse();
  t = t.frobenius_map(2) * t;

  // Hard part, Scott et al. sec. 5 (x > 0 for BN254, so no conjugation of the powers of x).
  const Fq12 fx = t.cyclotomic_exp_by_x();                                       // t^x
  const Fq12 fx2 = fx.cyclotomic_exp_by_x();                                     // t^(x^2)
  const Fq12 fx3 = fx2.cyclotomic_exp_by_x();                                    // t^(x^3)
  const Fq12 y0 = t.frobenius_map(1) * t.frobenius_map(2) * t.frobenius_map(3);  // t^(p + p^2 + p^3)
  const Fq12 y1 = t.conjugate();                                                 // t^-1
  const Fq12 y2 = fx2.frobenius_map(2);                                          // t^(x^2 p^2)
  const Fq12 y3 = fx.frobenius_map(1).conjugate();                               // t^(-x p)
  const Fq12 y4 = (fx * fx2.frobenius_map(1)).conjugate();                       // t^(-x - x^2 p)
  const Fq12 y5 = fx2.conjugate();                                               // t^(-x^2)
  const Fq12 y6 = (fx3 * fx3.frobenius_map(1)).conjugate();                      // t^(-x^3 - x^3 p)

  // The addition chain for y0 y1^2 y2^6 y3^12 y4^18 y5^30 y6^36.
  Fq12 t0 = y6.cyclotomic_square() * y4 * y5;  // y4 y5 y6^2
  Fq12 t1 = y3 * y5 * t0;                      // y3 y4 y5^2 y6^2
  t0 = t0 * y2;                                // y2 y4 y5 y6^2
  t1 = t1.cyclotomic_square() * t0;            // y2 y3^2 y4^3 y5^5 y6^6
  t1 = t1.cyclotomic_square();                 // y2^2 y3^4 y4^6 y5^10 y6^12
  t0 = t1 * y1;                                // y1 y2^2 y3^4 y4^6 y5^10 y6^12
  t1 = t1 * y0;                                // y0 y2^2 y3^4 y4^6 y5^10 y6^12
  return t0.cyclotomic_square() * t1;          // y0 y1^2 y2^6 y3^12 y4^18 y5^30 y6^36
}

}  // namespace zkc::pairing
