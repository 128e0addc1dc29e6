// MSM against the naive reference and @noble/curves, with zero scalars, repeated points, infinity
// points, cancelling terms and sizes that exercise every window width and the thread split.
#include <gtest/gtest.h>

#include "testing/testing.hpp"
#include "vectors.hpp"
#include "zkc/ec/bn254_msm.hpp"
#include "zkc/ec/msm/naive.hpp"
#include "zkc/ec/msm/pippenger.hpp"
#include "zkc/ec/sample.hpp"

namespace zkc::ec::bn254 {
namespace {

template <class A>
std::vector<A> random_points(std::size_t n) {
  return sample_points_vartime<typename A::Config>(n);
}

std::vector<Fr> random_scalars(std::size_t n) {
  std::vector<Fr> s(n);
  for (auto& x : s) x = Fr::random();
  return s;
}

TEST(Glv, SplitRecombinesAndIsShort) {
  auto g = testing::rng(21);
  std::vector<ff::U256> ks = {ff::U256{}, ff::U256::from_u64(1), (Fr::kModulus - ff::U256::from_u64(1)),
                              (Fr::kModulus.shr(1)), glv_lambda().to_u256()};
  for (int i = 0; i < 2000; ++i) ks.push_back(testing::random_below(g, Fr::kModulus));
  for (const auto& k : ks) {
    const GlvSplit s = glv_split(k);
    EXPECT_LE(s.k1.num_bits(), 128u);
    EXPECT_LE(s.k2.num_bits(), 128u);
    Fr k1 = Fr::from_u256(s.k1).value(), k2 = Fr::from_u256(s.k2).value();
    if (s.neg1) k1 = -k1;
    if (s.neg2) k2 = -k2;
    EXPECT_EQ(k1 + k2 * glv_lambda(), Fr::from_u256(k).value()) << k.to_hex();
  }
}

template <class A>
void check_against_naive(std::size_t n) {
  using Cfg = typename A::Config;
  auto pts = random_points<A>(n);
  auto ks = random_scalars(n);
  // Edge cases mixed in: zero scalars, scalar r-1, a repeated point, an infinity point, P and -P.
  if (n >= 8) {
    ks[0] = Fr::zero();
    ks[1] = -Fr::one();
    pts[2] = pts[3];
    pts[4] = A::identity();
    pts[5] = -pts[6];
    ks[5] = ks[6];
  }
  const auto expected = msm::naive_vartime<Cfg>(pts, ks);
  EXPECT_EQ(msm_vartime(pts, ks), expected) << "n = " << n;
  if constexpr (std::is_same_v<A, G1Affine>) {  // both GLV layouts, whatever kAuto picks at this size
    EXPECT_EQ(msm_vartime(pts, ks, GlvLayout::kOnePass), expected) << "one pass, n = " << n;
    EXPECT_EQ(msm_vartime(pts, ks, GlvLayout::kTwoPass), expected) << "two passes, n = " << n;
  }
}

TEST(Msm, G1AgainstNaive) {
  for (std::size_t n : {0, 1, 2, 3, 7, 8, 31, 64, 100, 257, 1000, 3000}) check_against_naive<G1Affine>(n);
}

TEST(Msm, G2AgainstNaive) {
  for (std::size_t n : {0, 1, 5, 8, 33, 200, 700}) check_against_naive<G2Affine>(n);
}

// A circuit witness: mostly 0, +-1 and small integers (positive and negative, i.e. r - k), some full
// width. msm_vartime adds +-1 terms directly and runs the small ones at their bit length; the sum
// must still be the naive one, with every class present, absent or alone, and with small magnitudes
// at the class edge (2^64 - 1, 2^64).
template <class A>
void check_witness_like(std::size_t n, std::uint64_t stream) {
  using Cfg = typename A::Config;
  auto g = testing::rng(stream);
  auto pts = random_points<A>(n);
  for (int mix = 0; mix < 6; ++mix) {
    std::vector<Fr> ks(n);
    for (std::size_t i = 0; i < n; ++i) {
      const unsigned pick = mix < 5 ? static_cast<unsigned>(g() % 8) : 7;
      const unsigned kind = mix == 0   ? pick
                            : mix == 1 ? pick % 3
                            : mix == 2 ? 3 + pick % 2
                            : mix == 3 ? 5
                                       : pick;
      switch (kind) {
        case 0:
          ks[i] = Fr::zero();
          break;
        case 1:
          ks[i] = Fr::one();
          break;
        case 2:
          ks[i] = -Fr::one();
          break;
        case 3:
          ks[i] = Fr::from_u64(g() >> (g() % 64));
          break;  // small
        case 4:
          ks[i] = -Fr::from_u64(g() >> (g() % 64));
          break;  // small negative
        case 5:
          ks[i] = Fr::from_u64(UINT64_MAX) + Fr::from_u64(g() % 2);
          break;  // 2^64 - 1, 2^64
        default:
          ks[i] = Fr::from_u256(testing::random_below(g, Fr::kModulus)).value();
          break;
      }
    }
    const auto expected = msm::naive_vartime<Cfg>(pts, ks);
    EXPECT_EQ(msm_vartime(pts, ks), expected) << "n = " << n << ", mix " << mix;
  }
}

TEST(Msm, WitnessLikeScalarsAgainstNaive) {
  for (std::size_t n : {1, 2, 9, 100, 1000}) check_witness_like<G1Affine>(n, 40 + n);
  for (std::size_t n : {1, 9, 150}) check_witness_like<G2Affine>(n, 80 + n);
}

TEST(Msm, AllScalarsEqualAndAllPointsEqual) {
  // Every term lands in the same bucket: exercises the conflict (overflow) path and doublings.
  const std::size_t n = 3000;
  std::vector<G1Affine> pts(n, G1Affine::generator().mul(Fr::random()).to_affine());
  std::vector<Fr> ks(n, Fr::random());
  const Fr total = ks[0] * Fr::from_u64(n);
  EXPECT_EQ(msm_vartime(pts, ks), pts[0].mul_vartime(total));
  std::vector<G2Affine> pts2(500, G2Affine::generator());
  std::vector<Fr> ks2(500, Fr::from_u64(3));
  EXPECT_EQ(msm_vartime(pts2, ks2), G2Affine::generator().mul_vartime(Fr::from_u64(1500)));
}

TEST(Msm, TwoTermEdgeCases) {
  // P + (-P) and P + P inside one batch: the cancel and doubling cases of the batch-affine addition,
  // then a third point refilling the cancelled bucket.
  const G1Affine p = G1Affine::generator().mul(Fr::random()).to_affine();
  const G1Affine q = G1Affine::generator().mul(Fr::random()).to_affine();
  const Fr k = Fr::random();
  const std::vector<Fr> ks2 = {k, k}, ks3 = {k, k, k};
  const std::vector<G1Affine> cancel = {p, -p}, same = {p, p}, refill = {p, -p, q};
  EXPECT_TRUE(msm_vartime(cancel, ks2).is_infinity());
  EXPECT_EQ(msm_vartime(same, ks2), p.mul_vartime(k + k));
  EXPECT_EQ(msm_vartime(refill, ks3), q.mul_vartime(k));
  std::vector<ff::U256> us2(2, k.to_u256()), us3(3, k.to_u256());
  EXPECT_TRUE(msm::pippenger_vartime<G1Config>(cancel, us2, {}, 254).is_infinity());
  EXPECT_EQ(msm::pippenger_vartime<G1Config>(same, us2, {}, 254), p.mul_vartime(k + k));
  EXPECT_EQ(msm::pippenger_vartime<G1Config>(refill, us3, {}, 254), q.mul_vartime(k));
  const std::vector<G2Affine> cancel2 = {G2Affine::generator(), -G2Affine::generator()};
  EXPECT_TRUE(msm_vartime(cancel2, ks2).is_infinity());
}

TEST(Msm, CancellingTermsGiveInfinity) {
  auto pts = random_points<G1Affine>(600);
  auto ks = random_scalars(600);
  for (std::size_t i = 0; i < 300; ++i) {
    pts[300 + i] = -pts[i];
    ks[300 + i] = ks[i];
  }
  EXPECT_TRUE(msm_vartime(pts, ks).is_infinity());
}

TEST(Msm, GenericPippengerEveryWindowWidth) {
  // Small sizes pick small windows; force coverage of signed digits with all widths through sizes.
  for (std::size_t n : {2, 5, 17, 130, 2100}) {
    auto pts = random_points<G1Affine>(n);
    auto ks = random_scalars(n);
    std::vector<ff::U256> us(n);
    for (std::size_t i = 0; i < n; ++i) us[i] = ks[i].to_u256();
    EXPECT_EQ(msm::pippenger_vartime<G1Config>(pts, us, {}, 254), msm::naive_vartime<G1Config>(pts, ks));
  }
}

TEST(Msm, NobleVectors) {
  for (const char* group : {"g1_msm", "g2_msm"}) {
    int count = 0;
    for (const auto& v : test::noble()[group]) {
      std::vector<Fr> ks;
      for (const auto& s : v["scalars"]) ks.push_back(test::fr(s));
      if (std::string(group) == "g1_msm") {
        std::vector<G1Affine> pts;
        for (const auto& p : v["points"]) pts.push_back(test::g1(p));
        EXPECT_EQ(msm_vartime(pts, ks).to_affine(), test::g1(v["result"]));
      } else {
        std::vector<G2Affine> pts;
        for (const auto& p : v["points"]) pts.push_back(test::g2(p));
        EXPECT_EQ(msm_vartime(pts, ks).to_affine(), test::g2(v["result"]));
      }
      ++count;
    }
    EXPECT_GE(count, 3) << group;
  }
}

}  // namespace
}  // namespace zkc::ec::bn254
