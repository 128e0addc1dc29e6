// The NTT against the O(n^2) DFT (every size 2^1 .. 2^10, random and edge inputs, both engines),
// by round trip up to 2^18, on cosets, for linearity, engine against engine on sizes that split over
// the pool, and the blocked bit reversal against the plain permutation. ctest also runs these
// suites with ZKC_THREADS=1 and 2 (tests/poly/CMakeLists.txt).
#include "zkc/poly/ntt.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "test_util.hpp"
#include "zkc/base/thread_pool.hpp"
#include "zkc/poly/internal/ntt_engine.hpp"
#include "zkc/poly/polynomial.hpp"

namespace zkc::poly {
namespace {

using internal::NttEngine;
using test::edge_vectors;
using test::random_vector;

const EvaluationDomain& domain(unsigned k) {
  static std::vector<EvaluationDomain> cache = [] {
    std::vector<EvaluationDomain> v;
    for (unsigned i = 1; i <= 20; ++i) v.push_back(EvaluationDomain::create(i).value());
    return v;
  }();
  return cache.at(k - 1);
}

std::vector<NttEngine> engines(unsigned k) {
  std::vector<NttEngine> e = {NttEngine::kScalar};
  if (internal::has_engine(NttEngine::kIfma) && k >= 6) e.push_back(NttEngine::kIfma);
  return e;
}
const char* name(NttEngine e) { return e == NttEngine::kIfma ? "ifma" : "scalar"; }

std::vector<Fr> scaled(std::vector<Fr> v, const Fr& c) {
  for (auto& x : v) x *= c;
  return v;
}
// x_i shift^i: the coefficients of P(shift X).
std::vector<Fr> scaled_powers(std::vector<Fr> v, const Fr& shift) {
  Fr f = Fr::one();
  for (auto& x : v) {
    x *= f;
    f *= shift;
  }
  return v;
}

TEST(NttNaive, MatchesDefinitionOnSmallCase) {
  // n = 4, omega = w[2]: P(X) = 1 + 2X + 3X^2 + 4X^3 at 1, w, -1, -w.
  const auto& d = domain(2);
  const Fr w = d.omega();
  const std::vector<Fr> a = {Fr::from_u64(1), Fr::from_u64(2), Fr::from_u64(3), Fr::from_u64(4)};
  const auto out = dft_naive(a, w);
  EXPECT_EQ(out[0], Fr::from_u64(10));
  EXPECT_EQ(out[2], Fr::from_u64(1) - Fr::from_u64(2) + Fr::from_u64(3) - Fr::from_u64(4));
  EXPECT_EQ(out[1], Fr::from_u64(1) + Fr::from_u64(2) * w - Fr::from_u64(3) - Fr::from_u64(4) * w);
  EXPECT_EQ(out[3], evaluate(a, -w));
}

TEST(Ntt, MatchesNaiveDftEverySizeEveryEngine) {
  auto g = testing::rng(10);
  for (unsigned k = 1; k <= 10; ++k) {
    const auto& d = domain(k);
    auto inputs = edge_vectors(d.size());
    inputs.emplace_back("random", random_vector(g, d.size()));
    for (const auto& [label, x] : inputs) {
      const auto expect_fwd = dft_naive(x, d.omega());
      const auto expect_inv = scaled(dft_naive(x, d.omega_inv()), d.size_inv());
      for (NttEngine e : engines(k)) {
        std::vector<Fr> a = x;
        internal::transform(e, d, a, false, nullptr);
        ASSERT_EQ(a, expect_fwd) << "forward k=" << k << " " << label << " " << name(e);
        a = x;
        internal::transform(e, d, a, true, &d.size_inv());
        ASSERT_EQ(a, expect_inv) << "inverse k=" << k << " " << label << " " << name(e);
      }
      std::vector<Fr> a = x;  // the public entry points
      ntt(d, a);
      ASSERT_EQ(a, expect_fwd) << k << " " << label;
      a = x;
      intt(d, a);
      ASSERT_EQ(a, expect_inv) << k << " " << label;
    }
  }
}

TEST(Ntt, KnownTransformsOfEdgeInputs) {
  for (unsigned k : {1u, 6u, 13u}) {
    const auto& d = domain(k);
    std::vector<Fr> a(d.size());
    a[0] = Fr::one();
    ntt(d, a);  // delta -> all ones
    EXPECT_EQ(a, std::vector<Fr>(d.size(), Fr::one())) << k;
    ntt(d, a);  // all ones -> n delta
    EXPECT_EQ(a[0], Fr::from_u64(d.size())) << k;
    for (std::size_t i = 1; i < a.size(); ++i) ASSERT_TRUE(a[i].is_zero()) << k << " " << i;
    std::vector<Fr> b(d.size());
    b[1] = Fr::one();
    ntt(d, b);  // X -> omega^i
    for (std::size_t i = 0; i < b.size(); ++i) ASSERT_EQ(b[i], d.element(i)) << k << " " << i;
  }
}

TEST(Ntt, RoundTripUpTo2To18) {
  auto g = testing::rng(11);
  for (unsigned k = 1; k <= 18; ++k) {
    const auto d = EvaluationDomain::create(k).value();
    const auto x = random_vector(g, d.size());
    std::vector<Fr> a = x;
    ntt(d, a);
    if (k > 1) {
      ASSERT_NE(a, x) << k;
    }
    intt(d, a);
    ASSERT_EQ(a, x) << k;
    a = x;
    intt(d, a);
    ntt(d, a);
    ASSERT_EQ(a, x) << k;
  }
}

// Sizes whose passes split into many tasks: the engines (two independent implementations) agree,
// and spot checks against Horner evaluation at omega^i.
TEST(Ntt, EnginesAgreeOnLargeSizes) {
  auto g = testing::rng(12);
  for (unsigned k = 11; k <= 17; k += 2) {
    const auto& d = domain(k);
    const auto x = random_vector(g, d.size());
    for (bool inverse : {false, true}) {
      std::vector<std::vector<Fr>> results;
      for (NttEngine e : engines(k)) {
        std::vector<Fr> a = x;
        internal::transform(e, d, a, inverse, nullptr);
        results.push_back(std::move(a));
      }
      for (std::size_t r = 1; r < results.size(); ++r) ASSERT_EQ(results[r], results[0]) << k << inverse;
      for (std::size_t i : {std::size_t{0}, std::size_t{1}, d.size() / 2 + 3, d.size() - 1}) {
        const Fr point = inverse ? d.element(d.size() - i) : d.element(i);
        ASSERT_EQ(results[0][i], evaluate(x, point)) << k << " " << i << " " << inverse;
      }
    }
  }
  EXPECT_GE(num_threads(), 1u);
}

TEST(Ntt, Size2To20AgainstHornerSpotChecks) {
  auto g = testing::rng(13);
  const auto& d = domain(20);
  const auto x = random_vector(g, d.size());
  std::vector<Fr> a = x;
  ntt(d, a);
  for (int t = 0; t < 4; ++t) {
    const std::size_t i = g() % d.size();
    ASSERT_EQ(a[i], evaluate(x, d.element(i))) << i;
  }
  intt(d, a);
  ASSERT_EQ(a, x);
}

// 2^24 points (512 MiB, about 2 s): set ZKC_TEST_LARGE=1 to run it.
TEST(Ntt, RoundTrip2To24) {
  if (std::getenv("ZKC_TEST_LARGE") == nullptr) GTEST_SKIP() << "set ZKC_TEST_LARGE=1";
  auto g = testing::rng(18);
  const auto d = EvaluationDomain::create(24).value();
  const auto x = random_vector(g, d.size());
  std::vector<Fr> a = x;
  ntt(d, a);
  for (std::size_t i : {std::size_t{0}, std::size_t{12345}, d.size() - 1})
    ASSERT_EQ(a[i], evaluate(x, d.element(i))) << i;
  intt(d, a);
  ASSERT_EQ(a, x);
}

TEST(Ntt, CosetMatchesNaiveEvaluation) {
  auto g = testing::rng(14);
  for (unsigned k = 1; k <= 10; ++k) {
    const auto& d = domain(k);
    const auto x = random_vector(g, d.size());
    for (const Fr& shift : {d.coset_shift(), Fr::from_u64(7), test::random_fr(g)}) {
      std::vector<Fr> a = x;
      coset_ntt(d, a, shift);
      ASSERT_EQ(a, dft_naive(scaled_powers(x, shift), d.omega())) << k;
      for (std::size_t i = 0; i < a.size(); i += std::max<std::size_t>(1, a.size() / 8))
        ASSERT_EQ(a[i], evaluate(x, shift * d.element(i))) << k << " " << i;
      coset_intt(d, a, shift);
      ASSERT_EQ(a, x) << k;
    }
    std::vector<Fr> a = x;  // the default shift
    coset_ntt(d, a);
    ASSERT_EQ(a[1], evaluate(x, d.coset_shift() * d.omega())) << k;
    coset_intt(d, a);
    ASSERT_EQ(a, x) << k;
  }
}

TEST(Ntt, CosetRoundTripLargeAndScaleByPowers) {
  auto g = testing::rng(15);
  for (unsigned k : {12u, 16u}) {
    const auto& d = domain(k);
    const auto x = random_vector(g, d.size());
    std::vector<Fr> a = x;
    coset_ntt(d, a);
    ASSERT_EQ(a[d.size() - 1], evaluate(x, d.coset_shift() * d.element(d.size() - 1)));
    coset_intt(d, a);
    ASSERT_EQ(a, x) << k;
  }
  for (std::size_t n : {std::size_t{1}, std::size_t{7}, std::size_t{8}, std::size_t{9}, std::size_t{4101}}) {
    const auto x = random_vector(g, n);
    const Fr start = test::random_fr(g), ratio = test::random_fr(g);
    std::vector<Fr> a = x;
    scale_by_powers(a, start, ratio);
    Fr f = start;
    for (std::size_t i = 0; i < n; ++i, f *= ratio) ASSERT_EQ(a[i], x[i] * f) << n << " " << i;
  }
}

TEST(Ntt, IsLinear) {
  auto g = testing::rng(16);
  for (unsigned k : {3u, 12u}) {
    const auto& d = domain(k);
    const auto x = random_vector(g, d.size()), y = random_vector(g, d.size());
    const Fr c = test::random_fr(g);
    std::vector<Fr> z(d.size());
    for (std::size_t i = 0; i < z.size(); ++i) z[i] = c * x[i] + y[i];
    std::vector<Fr> fx = x, fy = y;
    ntt(d, fx);
    ntt(d, fy);
    ntt(d, z);
    for (std::size_t i = 0; i < z.size(); ++i) ASSERT_EQ(z[i], c * fx[i] + fy[i]) << k << " " << i;
  }
}

TEST(Ntt, BitReverseIsThePermutation) {
  auto g = testing::rng(17);
  for (unsigned k = 0; k <= 16; ++k) {
    const std::size_t n = std::size_t{1} << k;
    const auto x = random_vector(g, n);
    std::vector<Fr> a = x;
    internal::bit_reverse(a);
    for (std::size_t i = 0; i < n; ++i) {
      std::size_t r = 0;
      for (unsigned b = 0; b < k; ++b) r |= ((i >> b) & 1) << (k - 1 - b);
      ASSERT_EQ(a[r], x[i]) << k << " " << i;
    }
  }
}

TEST(NttDeathTest, SizeMismatchIsABug) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");  // the pool's threads may be running
  std::vector<Fr> a(5);
  EXPECT_DEATH(ntt(domain(3), a), "");
}

}  // namespace
}  // namespace zkc::poly
