// msm, msm_vartime (Straus and Pippenger at several windows) and FixedBases against the naive sum of
// single multiplications (themselves checked against libsodium in ristretto255_test.cpp), on sizes
// 0, 1, 2, odd sizes and Pippenger sizes, with zero scalars, l - 1, repeated and identity points.
#include "zkc/commit/internal/msm.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "testing/testing.hpp"
#include "zkc/commit/ristretto255.hpp"

namespace zkc::commit {
namespace {

std::array<std::uint8_t, 64> bytes64(std::mt19937_64& g) {
  std::array<std::uint8_t, 64> b;
  for (auto& x : b) x = static_cast<std::uint8_t>(g());
  return b;
}
Scalar random_scalar(std::mt19937_64& g) {
  return Scalar::from_canonical_unchecked(testing::random_below(g, Scalar::kModulus));
}

struct Instance {
  std::vector<Scalar> scalars;
  std::vector<RistrettoPoint> points;
};

// Random points and scalars with the edge cases mixed in: zero scalars, 1, l - 1, small scalars,
// repeated points, the identity, the generator, and a point next to its negation.
Instance make_instance(std::mt19937_64& g, std::size_t n, bool edges) {
  Instance in;
  for (std::size_t i = 0; i < n; ++i) {
    in.points.push_back(RistrettoPoint::from_uniform_bytes(bytes64(g)));
    in.scalars.push_back(random_scalar(g));
  }
  if (edges && n >= 8) {
    in.scalars[0] = Scalar::zero();
    in.scalars[1] = Scalar::one();
    in.scalars[2] = -Scalar::one();
    in.scalars[3] = Scalar::from_u64(g() & 0xff);
    in.points[4] = in.points[5];
    in.points[6] = RistrettoPoint::identity();
    in.points[7] = -in.points[5];
    if (n > 9) in.points[9] = RistrettoPoint::generator();
  }
  return in;
}

RistrettoPoint naive(std::span<const Scalar> s, std::span<const RistrettoPoint> p) {
  RistrettoPoint acc;
  for (std::size_t i = 0; i < s.size(); ++i) acc += p[i].mul_vartime(s[i]);
  return acc;
}

TEST(Msm, AgreesWithNaiveSum) {
  auto g = testing::rng(11);
  for (std::size_t n : {0, 1, 2, 3, 7, 8, 13, 33}) {
    for (bool edges : {false, true}) {
      const Instance in = make_instance(g, n, edges);
      const RistrettoPoint want = naive(in.scalars, in.points);
      EXPECT_EQ(msm_vartime(in.scalars, in.points), want) << n;
      EXPECT_EQ(msm(in.scalars, in.points), want) << n;
      EXPECT_EQ(internal::msm_straus_vartime(in.scalars, in.points), want) << n;
      for (unsigned c : {0u, 2u, 3u, 5u, 8u, 11u})
        EXPECT_EQ(internal::msm_pippenger_vartime(in.scalars, in.points, c), want) << n << " window " << c;
    }
  }
}

TEST(Msm, AllZeroScalarsAndIdentityPoints) {
  auto g = testing::rng(12);
  Instance in = make_instance(g, 20, false);
  std::vector<Scalar> zeros(20);
  EXPECT_TRUE(msm_vartime(zeros, in.points).is_identity());
  EXPECT_TRUE(msm(zeros, in.points).is_identity());
  EXPECT_TRUE(internal::msm_pippenger_vartime(zeros, in.points).is_identity());
  std::vector<RistrettoPoint> ids(20);
  EXPECT_TRUE(msm_vartime(in.scalars, ids).is_identity());
  EXPECT_TRUE(msm(in.scalars, ids).is_identity());
  EXPECT_TRUE(internal::msm_pippenger_vartime(in.scalars, ids).is_identity());
  // k P + (l - k) P = 0: cancellation inside the buckets and windows.
  const RistrettoPoint p = in.points[0];
  const std::vector<Scalar> ks = {in.scalars[0], -in.scalars[0]};
  const std::vector<RistrettoPoint> ps = {p, p};
  EXPECT_TRUE(msm_vartime(ks, ps).is_identity());
  EXPECT_TRUE(msm(ks, ps).is_identity());
  EXPECT_TRUE(internal::msm_pippenger_vartime(ks, ps, 4).is_identity());
}

TEST(Msm, PippengerSizes) {
  auto g = testing::rng(13);
  const Instance in = make_instance(g, 300, true);
  const RistrettoPoint want = naive(in.scalars, in.points);
  EXPECT_EQ(msm_vartime(in.scalars, in.points), want);
  EXPECT_EQ(internal::msm_straus_vartime(in.scalars, in.points), want);
  EXPECT_EQ(internal::msm_pippenger_vartime(in.scalars, in.points, 7), want);
  EXPECT_GE(in.scalars.size(), internal::kPippengerThreshold);  // the default took the Pippenger path
}

TEST(FixedBasesTest, AgreesWithNaiveSum) {
  auto g = testing::rng(14);
  const Instance bases = make_instance(g, 40, true);
  FixedBases fb(bases.points);
  ASSERT_EQ(fb.size(), 40u);
  for (std::size_t i = 0; i < fb.size(); ++i) EXPECT_EQ(fb.base(i), bases.points[i]);
  // (n_fixed, n_dyn): the last pair takes the Pippenger path for the dynamic points.
  const std::pair<std::size_t, std::size_t> sizes[] = {
      {0, 0}, {0, 1}, {1, 0}, {1, 1}, {17, 5}, {40, 0}, {40, 5}, {17, internal::kPippengerThreshold + 3}};
  for (auto [n_fixed, n_dyn] : sizes) {
    {
      const Instance fixed = make_instance(g, n_fixed, true);
      const Instance dyn = make_instance(g, n_dyn, true);
      const RistrettoPoint want =
          naive(fixed.scalars, std::span(bases.points).first(n_fixed)) + naive(dyn.scalars, dyn.points);
      EXPECT_EQ(fb.msm_vartime(fixed.scalars, dyn.scalars, dyn.points), want) << n_fixed << " + " << n_dyn;
    }
  }
  // Moved-from and moved-to objects.
  FixedBases moved = std::move(fb);
  const std::vector<Scalar> one = {Scalar::one()};
  EXPECT_EQ(moved.msm_vartime(one), bases.points[0]);
}

}  // namespace
}  // namespace zkc::commit
