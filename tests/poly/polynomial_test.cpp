// Polynomial helpers: Horner against the power sum, NTT products against the schoolbook rule (the
// convolution theorem), and the Groth16 quotient flow h = (a b - c) / (X^n - 1) on snarkjs's coset
// against the exact quotient from the schoolbook product.
#include "zkc/poly/polynomial.hpp"

#include <gtest/gtest.h>

#include "test_util.hpp"
#include "zkc/poly/ntt.hpp"

namespace zkc::poly {
namespace {

using test::random_vector;

TEST(Polynomial, EvaluateMatchesPowerSum) {
  auto g = testing::rng(20);
  EXPECT_TRUE(evaluate({}, Fr::from_u64(3)).is_zero());
  for (std::size_t n : {1u, 2u, 17u}) {
    const auto c = random_vector(g, n);
    const Fr x = test::random_fr(g);
    Fr sum = Fr::zero(), xi = Fr::one();
    for (const Fr& cj : c) {
      sum += cj * xi;
      xi *= x;
    }
    EXPECT_EQ(evaluate(c, x), sum) << n;
    EXPECT_EQ(evaluate(c, Fr::zero()), c[0]);
  }
}

TEST(Polynomial, MultiplyMatchesSchoolbook) {
  auto g = testing::rng(21);
  EXPECT_TRUE(multiply({}, random_vector(g, 3)).value().empty());
  EXPECT_TRUE(multiply_naive(random_vector(g, 3), {}).empty());
  for (auto [na, nb] :
       {std::pair<std::size_t, std::size_t>{1, 1}, {1, 5}, {2, 2}, {3, 6}, {64, 64}, {100, 29}, {513, 700}}) {
    const auto a = random_vector(g, na), b = random_vector(g, nb);
    const auto fast = multiply(a, b).value();
    ASSERT_EQ(fast.size(), na + nb - 1);
    ASSERT_EQ(fast, multiply_naive(a, b)) << na << " " << nb;
  }
  const std::vector<Fr> x_plus_1 = {Fr::one(), Fr::one()}, x_minus_1 = {-Fr::one(), Fr::one()};
  EXPECT_EQ(multiply(x_plus_1, x_minus_1).value(), (std::vector<Fr>{-Fr::one(), Fr::zero(), Fr::one()}));
}

TEST(Polynomial, QuotientByVanishingOnCoset) {
  auto g = testing::rng(22);
  for (unsigned k : {1u, 4u, 7u, 11u}) {
    const auto d = EvaluationDomain::create(k).value();
    const std::size_t n = d.size();
    // a, b of degree < n; c = a b mod (X^n - 1) (the pointwise product on H), so a b - c = h (X^n - 1)
    // with h the top half of the linear product.
    const auto a = random_vector(g, n), b = random_vector(g, n);
    const auto ab = multiply_naive(a, b);
    std::vector<Fr> c(n);
    for (std::size_t i = 0; i < ab.size(); ++i) c[i % n] += ab[i];
    std::vector<Fr> expected_h(n);
    for (std::size_t i = n; i < ab.size(); ++i) expected_h[i - n] = ab[i];

    EXPECT_EQ(vanishing_on_coset(d, d.coset_shift()), -Fr::from_u64(2)) << k;
    std::vector<Fr> ea = a, eb = b, ec = c;
    coset_ntt(d, ea);
    coset_ntt(d, eb);
    coset_ntt(d, ec);
    std::vector<Fr> h(n);
    for (std::size_t i = 0; i < n; ++i) h[i] = ea[i] * eb[i] - ec[i];
    divide_by_vanishing_on_coset(d, h, d.coset_shift());
    coset_intt(d, h);
    ASSERT_EQ(h, expected_h) << k;

    const Fr shift = Fr::from_u64(5);  // another coset: 5 is not in H
    std::vector<Fr> fa = a, fb = b, fc = c;
    coset_ntt(d, fa, shift);
    coset_ntt(d, fb, shift);
    coset_ntt(d, fc, shift);
    for (std::size_t i = 0; i < n; ++i) fa[i] = fa[i] * fb[i] - fc[i];
    divide_by_vanishing_on_coset(d, fa, shift);
    coset_intt(d, fa, shift);
    ASSERT_EQ(fa, expected_h) << k;
  }
}

TEST(Polynomial, LagrangeBasisInterpolates) {
  // sum_j L_j(x) f(omega^j) = f(x) for deg f < n, at random x and at a domain point.
  auto g = testing::rng(9);
  for (unsigned k : {1u, 3u, 6u}) {
    const auto domain = EvaluationDomain::create(k).value();
    const auto f = random_vector(g, domain.size());
    std::vector<Fr> evals(f.begin(), f.end());
    ntt(domain, evals);
    for (const Fr& x : {Fr::random(), domain.element(domain.size() - 1), Fr::zero()}) {
      const auto l = lagrange_basis_at_vartime(domain, x);
      Fr sum = Fr::zero();
      for (std::size_t j = 0; j < l.size(); ++j) sum += l[j] * evals[j];
      EXPECT_EQ(sum, evaluate(f, x)) << "k = " << k;
    }
  }
}

}  // namespace
}  // namespace zkc::poly
