// Fq2 against schoolbook arithmetic in GMP: (a0 + a1 u)(b0 + b1 u) with u^2 = -1.
#include "zkc/ff/fp2.hpp"

#include <gtest/gtest.h>

#include "testing/testing.hpp"
#include "zkc/ff/bn254/fq2.hpp"

namespace zkc::ff {
namespace {

using bn254::Fq;
using bn254::Fq2;
using testing::from_mpz;
using testing::to_mpz;

const mpz_class kP = to_mpz(Fq::kModulus);

mpz_class md(const mpz_class& v) {
  mpz_class r = v % kP;
  return r < 0 ? mpz_class(r + kP) : r;
}
Fq fq(const mpz_class& v) { return Fq::from_u256(from_mpz(md(v))).value(); }
mpz_class val(const Fq& a) { return to_mpz(a.to_u256()); }

std::vector<Fq2> samples(std::mt19937_64& g, int n) {
  std::vector<Fq2> v = {Fq2::zero(), Fq2::one(), {Fq::zero(), Fq::one()}, {-Fq::one(), -Fq::one()},
                        {Fq::one(), Fq::zero() - Fq::one()}};
  for (int i = 0; i < n; ++i) v.push_back({fq(to_mpz(testing::random_u256(g))), fq(to_mpz(testing::random_u256(g)))});
  return v;
}

TEST(Fq2, MulSquareInverseMatchSchoolbook) {
  auto g = testing::rng(2);
  const auto s = samples(g, 25);
  for (const auto& a : s) {
    for (const auto& b : s) {
      const mpz_class a0 = val(a.c0), a1 = val(a.c1), b0 = val(b.c0), b1 = val(b.c1);
      const Fq2 m = a * b;
      ASSERT_EQ(val(m.c0), md(a0 * b0 - a1 * b1));
      ASSERT_EQ(val(m.c1), md(a0 * b1 + a1 * b0));
      ASSERT_EQ(a + b - b, a);
    }
    EXPECT_EQ(a.square(), a * a);
    EXPECT_EQ(bn254::mul_by_xi(a), a * bn254::kXi);
    if (!a.is_zero()) {
      EXPECT_EQ(a * a.inverse(), Fq2::one());
      EXPECT_EQ(a.inverse(), a.inverse_vartime());
    } else {
      EXPECT_TRUE(a.inverse().is_zero());
    }
    // Frobenius is x^p
    EXPECT_EQ(a.frobenius(), a.pow(Fq::kModulus));
  }
}

TEST(Fq2, SqrtOfSquaresAndNonSquares) {
  auto g = testing::rng(3);
  int non_squares = 0;
  for (const auto& a : samples(g, 60)) {
    const Fq2 sq = a.square();
    const auto r = sq.sqrt();
    ASSERT_TRUE(r.has_value());
    EXPECT_TRUE(*r == a || *r == -a);
    const auto ra = a.sqrt();
    EXPECT_EQ(ra.has_value(), a.legendre() >= 0);
    if (ra) {
      EXPECT_EQ(ra->square(), a);
    }
    non_squares += a.legendre() == -1;
  }
  EXPECT_GT(non_squares, 10);
  // xi = 9 + u is neither a square nor a cube in Fq2 (it defines the sextic twist).
  EXPECT_EQ(bn254::kXi.legendre(), -1);
  EXPECT_FALSE(bn254::kXi.sqrt().has_value());
}

}  // namespace
}  // namespace zkc::ff
