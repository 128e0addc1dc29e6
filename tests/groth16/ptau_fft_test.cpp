// The group arithmetic behind `ptau prepare` (ptau.hpp): the lockstep batch scalar multiplication
// against one-at-a-time wNAF multiplication, and the group inverse DFT against the Lagrange values
// L_j(tau) = omega^j (tau^n - 1) / (n (tau - omega^j)) computed in the scalar field (toy_srs.hpp),
// and against the defining sum (1/n) sum_j omega^(-ij) P_j when the last input is missing.
#include <gtest/gtest.h>

#include "testing/testing.hpp"
#include "toy_srs.hpp"
#include "zkc/ec/msm/naive.hpp"
#include "zkc/groth16/ptau.hpp"

namespace zkc::groth16 {
namespace {

Fr random_fr(std::mt19937_64& g) {
  return Fr::from_u256(zkc::testing::random_below(g, Fr::kModulus)).value();
}

template <class A>
void check_batch_mul(std::size_t n, std::uint64_t stream) {
  auto g = zkc::testing::rng(stream);
  std::vector<A> pts(n);
  std::vector<Fr> ks(n);
  for (std::size_t i = 0; i < n; ++i) {
    pts[i] = A::generator().mul_vartime(random_fr(g)).to_affine();
    ks[i] = random_fr(g);
  }
  // Edge table: zero, one, -1, r - 2, small scalars, infinity, the same point twice.
  const Fr edge[] = {Fr::zero(),      Fr::one(),        -Fr::one(),      -Fr::from_u64(2),
                     Fr::from_u64(2), Fr::from_u64(15), Fr::from_u64(16)};
  for (std::size_t i = 0; i < std::size(edge) && i < n; ++i) ks[i] = edge[i];
  if (n > 8) pts[8] = A::identity();
  if (n > 10) pts[10] = pts[9], ks[10] = ks[9];
  std::vector<A> expect(n);
  for (std::size_t i = 0; i < n; ++i) expect[i] = pts[i].mul_vartime(ks[i]).to_affine();
  batch_mul_vartime(std::span<A>(pts), ks);
  for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(pts[i], expect[i]) << "n " << n << " i " << i;
}

TEST(PtauFft, BatchMulMatchesWnafG1) {
  for (std::size_t n : {std::size_t{1}, std::size_t{11}, std::size_t{1500}}) check_batch_mul<G1Affine>(n, n);
}

TEST(PtauFft, BatchMulMatchesWnafG2) {
  for (std::size_t n : {std::size_t{1}, std::size_t{13}, std::size_t{200}})
    check_batch_mul<G2Affine>(n, 100 + n);
}

template <class A>
void check_lagrange(unsigned log2n, std::uint64_t stream) {
  auto g = zkc::testing::rng(stream);
  const Fr tau = random_fr(g);
  const std::size_t n = std::size_t{1} << log2n;
  std::vector<Fr> powers(n);
  Fr t = Fr::one();
  for (auto& p : powers) p = t, t *= tau;
  const auto points = testing::times_generator<A>(powers);
  const auto got = lagrange_from_powers_vartime(points);
  std::vector<Fr> expect_scalars;
  if (log2n == 0) {
    expect_scalars = {Fr::one()};
  } else {
    expect_scalars = testing::lagrange_at(log2n, tau);
  }
  const auto expect = testing::times_generator<A>(expect_scalars);
  ASSERT_EQ(got.size(), n);
  for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(got[i], expect[i]) << "2^" << log2n << " i " << i;
}

TEST(PtauFft, LagrangeFromPowersG1) {
  for (unsigned k : {0u, 1u, 2u, 5u, 9u}) check_lagrange<G1Affine>(k, 200 + k);
}

TEST(PtauFft, LagrangeFromPowersG2) {
  for (unsigned k : {0u, 1u, 3u, 6u}) check_lagrange<G2Affine>(k, 300 + k);
}

TEST(PtauFft, PreparedSectionWithMissingLastPoint) {
  // Section 12's top size: 2^k - 1 powers, the last one taken as infinity; every size checked
  // against (1/n) sum_j omega^(-ij) P_j with a naive MSM.
  auto g = zkc::testing::rng(400);
  const unsigned k = 4;
  const std::size_t n = std::size_t{1} << k;
  std::vector<G1Affine> pts(n - 1);
  for (auto& p : pts) p = G1Affine::generator().mul_vartime(random_fr(g)).to_affine();
  const auto out = prepared_lagrange_vartime(pts, k);
  ASSERT_EQ(out.size(), 2 * n - 1);
  for (unsigned s = 0; s <= k; ++s) {
    const std::size_t m = std::size_t{1} << s;
    const Fr w_inv = s == 0 ? Fr::one() : poly::root_of_unity<Fr>(s).value().inverse();
    const Fr m_inv = Fr::from_u64(m).inverse();
    for (std::size_t i = 0; i < m; ++i) {
      std::vector<G1Affine> base;
      std::vector<Fr> sc;
      for (std::size_t j = 0; j < m && j < pts.size(); ++j) {
        base.push_back(pts[j]);
        sc.push_back(w_inv.pow(ff::U256::from_u64((i * j) % m)) * m_inv);
      }
      const auto expect = ec::msm::naive_vartime<ec::bn254::G1Config>(base, sc).to_affine();
      EXPECT_EQ(out[m - 1 + i], expect) << "size 2^" << s << " i " << i;
    }
  }
}

TEST(PtauFft, DegenerateInputs) {
  // All powers equal (tau = 1): L_0 = P, everything else infinity; all infinity stays infinity.
  std::vector<G2Affine> same(8, G2Affine::generator());
  const auto l = lagrange_from_powers_vartime(same);
  EXPECT_EQ(l[0], G2Affine::generator());
  for (std::size_t i = 1; i < 8; ++i) EXPECT_TRUE(l[i].is_infinity());
  std::vector<G1Affine> zeros(16, G1Affine::identity());
  for (const auto& p : lagrange_from_powers_vartime(zeros)) EXPECT_TRUE(p.is_infinity());
}

}  // namespace
}  // namespace zkc::groth16
