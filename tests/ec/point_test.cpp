// Group laws for G1 and G2 (one template per law, instantiated per group), scalar multiplication
// against @noble/curves, the G2 subgroup test, and the GLV endomorphism.
#include "zkc/ec/point.hpp"

#include <gtest/gtest.h>

#include "testing/testing.hpp"
#include "vectors.hpp"
#include "zkc/ec/bn254.hpp"

namespace zkc::ec::bn254 {
namespace {

using test::noble;

template <class Cfg>
class GroupLaws : public ::testing::Test {
 protected:
  Jacobian<Cfg> random_point() { return Affine<Cfg>::generator().mul(Fr::random()); }
};
using Groups = ::testing::Types<G1Config, G2Config>;
TYPED_TEST_SUITE(GroupLaws, Groups);

TYPED_TEST(GroupLaws, GeneratorIdentityNegation) {
  using A = Affine<TypeParam>;
  using J = Jacobian<TypeParam>;
  const J g = J::generator();
  EXPECT_TRUE(A::generator().is_on_curve());
  EXPECT_TRUE(g.is_on_curve());
  EXPECT_TRUE(J::identity().is_infinity());
  EXPECT_EQ(g + J::identity(), g);
  EXPECT_EQ(J::identity() + g, g);
  EXPECT_TRUE((g + (-g)).is_infinity());
  EXPECT_TRUE((g - g).is_infinity());
  EXPECT_TRUE(J::identity().dbl().is_infinity());
  EXPECT_TRUE((J::identity() + J::identity()).is_infinity());
  EXPECT_TRUE(A::identity().is_on_curve());
  EXPECT_TRUE(J::identity().to_affine().is_infinity());
  EXPECT_EQ((-A::generator()).to_jacobian(), -g);
  EXPECT_NE(g, g.dbl());
}

TYPED_TEST(GroupLaws, AdditionLaws) {
  using J = Jacobian<TypeParam>;
  for (int i = 0; i < 10; ++i) {
    const J p = this->random_point(), q = this->random_point(), s = this->random_point();
    EXPECT_TRUE(p.is_on_curve());
    EXPECT_EQ(p + q, q + p);
    EXPECT_EQ((p + q) + s, p + (q + s));
    EXPECT_EQ(p + p, p.dbl());  // the complete addition's doubling case
    // The same point with a different Z: the doubling and cancelling cases must be detected from
    // the represented point, not the coordinates.
    const J p_other_z = p.to_affine().to_jacobian();
    EXPECT_EQ(p + p_other_z, p.dbl());
    EXPECT_TRUE((p + (-p_other_z)).is_infinity());
    EXPECT_EQ(p.add_vartime(p_other_z), p.dbl());
    EXPECT_TRUE(p.add_vartime(-p_other_z).is_infinity());
    EXPECT_EQ(p.add_vartime(q), p + q);
    EXPECT_EQ(p.add_vartime(p), p.dbl());
    EXPECT_TRUE(p.add_vartime(-p).is_infinity());
    EXPECT_EQ(p.add_mixed_vartime(q.to_affine()), p + q);
    EXPECT_EQ(p.add_mixed_vartime(p.to_affine()), p.dbl());
    EXPECT_TRUE(p.add_mixed_vartime((-p).to_affine()).is_infinity());
    EXPECT_EQ(J::identity().add_mixed_vartime(q.to_affine()), q);
    EXPECT_EQ(p.to_affine().to_jacobian(), p);
    EXPECT_TRUE((p + q).is_on_curve());
  }
}

TYPED_TEST(GroupLaws, ScalarMultiplication) {
  using A = Affine<TypeParam>;
  using J = Jacobian<TypeParam>;
  const A g = A::generator();
  EXPECT_TRUE(g.mul(Fr::zero()).is_infinity());
  EXPECT_TRUE(g.mul_vartime(Fr::zero()).is_infinity());
  EXPECT_EQ(g.mul(Fr::one()), g.to_jacobian());
  EXPECT_EQ(g.mul(-Fr::one()), -g.to_jacobian());
  EXPECT_EQ(g.mul_vartime(-Fr::one()), -g.to_jacobian());
  EXPECT_EQ(g.mul(Fr::from_u64(2)), g.to_jacobian().dbl());
  EXPECT_TRUE(g.to_jacobian().mul_vartime(Fr::kModulus).is_infinity());  // [r]G = O
  EXPECT_TRUE(A::identity().mul(Fr::random()).is_infinity());
  for (int i = 0; i < 8; ++i) {
    const Fr a = Fr::random(), b = Fr::random();
    const J pa = g.mul(a);
    EXPECT_EQ(pa, g.mul_vartime(a));
    EXPECT_EQ(pa.to_affine().mul(b), g.mul(a * b));
    EXPECT_EQ(pa + g.mul(b), g.mul(a + b));
    EXPECT_EQ(pa.mul(b), pa.mul_vartime(b.to_u256()));
  }
  // Small multiples against repeated addition.
  J acc = J::identity();
  for (std::uint64_t k = 0; k < 40; ++k) {
    EXPECT_EQ(g.mul(Fr::from_u64(k)), acc) << k;
    EXPECT_EQ(g.mul_vartime(Fr::from_u64(k)), acc) << k;
    acc = acc + g.to_jacobian();
  }
}

TYPED_TEST(GroupLaws, BatchToAffine) {
  using A = Affine<TypeParam>;
  using J = Jacobian<TypeParam>;
  std::vector<J> pts = {J::identity(), this->random_point(), this->random_point(), J::identity(), this->random_point()};
  std::vector<A> out(pts.size());
  J::batch_to_affine_vartime(pts, out);
  for (std::size_t i = 0; i < pts.size(); ++i) EXPECT_EQ(out[i], pts[i].to_affine()) << i;
}

TEST(WNaf, DigitsReconstructTheScalar) {
  auto g = testing::rng(11);
  for (int i = 0; i < 200; ++i) {
    const ff::U256 k = testing::random_below(g, Fr::kModulus);
    for (int w : {2, 3, 4, 5, 6}) {
      const auto naf = ff::wnaf<256>(k, static_cast<unsigned>(w));
      mpz_class acc = 0;
      for (std::size_t j = naf.size(); j-- > 0;) {
        acc = acc * 2 + naf[j];
        if (naf[j] != 0) {
          EXPECT_EQ(std::abs(naf[j]) % 2, 1);
          EXPECT_LT(std::abs(naf[j]), 1 << (w - 1));
          for (int t = 1; t < w && j + t < naf.size(); ++t) EXPECT_EQ(naf[j + t], 0);
        }
      }
      EXPECT_EQ(acc, testing::to_mpz(k));
    }
  }
}

TEST(NobleVectors, G1) {
  EXPECT_EQ(test::g1(noble()["g1_generator"]), G1Affine::generator());
  int n = 0;
  for (const auto& v : noble()["g1"]) {
    const G1Affine p = test::g1(v["p"]), q = test::g1(v["q"]);
    EXPECT_EQ(G1Affine::generator().mul(test::fr(v["k"])).to_affine(), p);
    EXPECT_EQ(G1Affine::generator().mul_vartime(test::fr(v["k"])).to_affine(), p);
    EXPECT_EQ((p.to_jacobian() + q.to_jacobian()).to_affine(), test::g1(v["add"]));
    EXPECT_EQ(p.to_jacobian().add_vartime(q.to_jacobian()).to_affine(), test::g1(v["add"]));
    EXPECT_EQ(p.to_jacobian().dbl().to_affine(), test::g1(v["dbl"]));
    EXPECT_EQ(-p, test::g1(v["neg"]));
    ++n;
  }
  EXPECT_GE(n, 20);
  for (const auto& v : noble()["g1_mul_wide"]) {
    EXPECT_EQ(G1Affine::generator().mul(Fr::reduce(test::u256(v["k"]))).to_affine(), test::g1(v["p"]));
  }
}

TEST(NobleVectors, G2) {
  EXPECT_EQ(test::g2(noble()["g2_generator"]), G2Affine::generator());
  EXPECT_EQ(test::fq2(noble()["g2_b"]), G2Config::b());
  int n = 0;
  for (const auto& v : noble()["g2"]) {
    const G2Affine p = test::g2(v["p"]), q = test::g2(v["q"]);
    EXPECT_EQ(G2Affine::generator().mul(test::fr(v["k"])).to_affine(), p);
    EXPECT_EQ((p.to_jacobian() + q.to_jacobian()).to_affine(), test::g2(v["add"]));
    EXPECT_EQ(p.to_jacobian().dbl().to_affine(), test::g2(v["dbl"]));
    EXPECT_EQ(-p, test::g2(v["neg"]));
    EXPECT_TRUE(is_in_subgroup_vartime(p));
    ++n;
  }
  EXPECT_GE(n, 10);
}

TEST(NobleVectors, OffCurvePoints) {
  for (const auto& v : noble()["g1_not_on_curve"]) {
    const G1Affine p = test::g1(v);
    // (0, 0) is the in-memory point at infinity (point.hpp); the decoders reject it as a finite point.
    if (p.x.is_zero() && p.y.is_zero()) {
      EXPECT_TRUE(p.is_infinity());
      continue;
    }
    EXPECT_FALSE(p.is_on_curve());
  }
  for (const auto& v : noble()["g2_not_on_curve"]) {
    EXPECT_FALSE(test::g2(v).is_on_curve());
    EXPECT_FALSE(is_in_subgroup_vartime(test::g2(v)));
  }
}

// A point of the twist found by trying x = seed, seed + 1, ...: almost never in G2 (cofactor ~ r).
G2Affine twist_point(std::uint64_t seed) {
  for (std::uint64_t i = seed;; ++i) {
    const Fq2 x{Fq::from_u64(i), Fq::from_u64(i * 7 + 1)};
    if (auto y = (x.square() * x + G2Config::b()).sqrt()) return G2Affine::from_xy_unchecked(x, *y);
  }
}

TEST(G2Subgroup, FastCheckAgreesWithMultiplicationByR) {
  for (const auto& v : noble()["g2_not_in_subgroup"]) {
    const G2Affine p = test::g2(v);
    ASSERT_TRUE(p.is_on_curve());
    EXPECT_FALSE(is_in_subgroup_naive_vartime(p));
    EXPECT_FALSE(is_in_subgroup_vartime(p));
  }
  for (std::uint64_t s = 1; s < 200; s += 20) {
    const G2Affine p = twist_point(s);
    ASSERT_TRUE(p.is_on_curve());
    EXPECT_EQ(is_in_subgroup_vartime(p), is_in_subgroup_naive_vartime(p));
    EXPECT_FALSE(is_in_subgroup_vartime(p));
  }
  for (int i = 0; i < 5; ++i) {
    const G2Affine p = G2Affine::generator().mul(Fr::random()).to_affine();
    EXPECT_TRUE(is_in_subgroup_vartime(p));
    EXPECT_TRUE(is_in_subgroup_naive_vartime(p));
  }
  EXPECT_TRUE(is_in_subgroup_vartime(G2Affine::identity()));
}

TEST(G2Subgroup, RejectsSmallOrderTorsion) {
  // The twist has order r * h with h = 2p - r, and 10069 divides h: T = [h / 10069][r]P has order
  // 10069. T and G2 + T are exactly what a subgroup check exists to reject.
  const mpz_class p = testing::to_mpz(Fq::kModulus), r = testing::to_mpz(Fr::kModulus);
  const mpz_class h = 2 * p - r;
  ASSERT_EQ(mpz_class(h % 10069), 0);
  const ff::U256 cofactor_part = testing::from_mpz(mpz_class(h / 10069));
  G2Jacobian t;
  for (std::uint64_t seed = 1;; seed += 7) {
    t = twist_point(seed).to_jacobian().mul_vartime(Fr::kModulus);
    t = t.mul_vartime(cofactor_part);
    if (!t.is_infinity()) break;
  }
  EXPECT_TRUE(t.mul_vartime(ff::U256::from_u64(10069)).is_infinity());
  const G2Affine ta = t.to_affine();
  EXPECT_TRUE(ta.is_on_curve());
  EXPECT_FALSE(is_in_subgroup_vartime(ta));
  EXPECT_FALSE(is_in_subgroup_naive_vartime(ta));
  const G2Affine gt = (G2Jacobian::generator() + t).to_affine();
  EXPECT_FALSE(is_in_subgroup_vartime(gt));
  EXPECT_FALSE(is_in_subgroup_naive_vartime(gt));
}

TEST(G2Subgroup, PsiIsMultiplicationByP) {
  const G2Jacobian g = G2Jacobian::generator();
  EXPECT_EQ(psi(g), g.mul_vartime(Fq::kModulus.shr(1)).dbl() + g);  // p = 2 * ((p-1)/2) + 1
  const G2Jacobian p = g.mul(Fr::random());
  // psi acts on G2 as p = 6x^2 mod r, so psi(psi(P)) = [36 x^4]P.
  const Fr e = Fr::from_u64(6) * Fr::from_u64(kBnX) * Fr::from_u64(kBnX);
  EXPECT_EQ(psi(p), p.mul_vartime(e.to_u256()));
  EXPECT_EQ(psi(psi(p)), p.mul_vartime((e * e).to_u256()));
  EXPECT_TRUE(psi(p).is_on_curve());
}

TEST(Glv, EndomorphismIsMultiplicationByLambda) {
  EXPECT_TRUE((glv_beta().square() * glv_beta()).is_one());
  EXPECT_FALSE(glv_beta().is_one());
  EXPECT_TRUE((glv_lambda().square() + glv_lambda() + Fr::one()).is_zero());
  for (int i = 0; i < 5; ++i) {
    const G1Affine p = G1Affine::generator().mul(Fr::random()).to_affine();
    const G1Affine phi = G1Affine::from_xy_unchecked(p.x * glv_beta(), p.y);
    EXPECT_EQ(phi.to_jacobian(), p.mul(glv_lambda()));
  }
}

}  // namespace
}  // namespace zkc::ec::bn254
