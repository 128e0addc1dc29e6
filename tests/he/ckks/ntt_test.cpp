// The negacyclic NTT against direct evaluation at the odd powers of psi and against the schoolbook
// negacyclic product, for primes from 20 to 60 bits and sizes from 8 to 2^15.
#include "zkc/he/ckks/ntt.hpp"

#include <gtest/gtest.h>

#include "testing/testing.hpp"
#include "zkc/he/ckks/primes.hpp"

namespace zkc::he::ckks {
namespace {

std::vector<u64> random_poly(std::mt19937_64& g, std::size_t n, u64 q) {
  std::vector<u64> a(n);
  for (auto& x : a) x = g() % q;
  return a;
}

TEST(Ntt, ForwardIsEvaluationAtOddPowersOfPsi) {
  auto g = testing::rng(2);
  for (std::size_t n : {8u, 16u, 64u, 256u}) {
    for (int bits : {20, 40, 60}) {
      const Modulus q(generate_ntt_primes(n, {bits}).value()[0]);
      const NttTables t(q, n);
      auto a = random_poly(g, n, q.value());
      a[0] = q.value() - 1;  // an edge value
      auto f = a;
      t.forward(f.data());
      for (std::size_t k = 0; k < n; ++k) {
        const u64 x = q.pow(t.psi(), t.exponent_at(k));
        u64 acc = 0, power = 1;
        for (std::size_t j = 0; j < n; ++j) {
          acc = q.add(acc, q.mul(a[j], power));
          power = q.mul(power, x);
        }
        ASSERT_EQ(f[k], acc) << "n=" << n << " bits=" << bits << " k=" << k;
      }
    }
  }
}

TEST(Ntt, ProductsMatchSchoolbookAndRoundTrips) {
  auto g = testing::rng(3);
  for (std::size_t n : {8u, 128u, 512u}) {
    for (int bits : {20, 30, 45, 59, 60}) {
      const Modulus q(generate_ntt_primes(n, {bits}).value()[0]);
      const NttTables t(q, n);
      auto a = random_poly(g, n, q.value());
      auto b = random_poly(g, n, q.value());
      const auto expected = negacyclic_multiply_naive(a, b, q);
      auto fa = a, fb = b;
      t.forward(fa.data());
      t.forward(fb.data());
      for (std::size_t k = 0; k < n; ++k) fa[k] = q.mul(fa[k], fb[k]);
      t.inverse(fa.data());
      ASSERT_EQ(fa, expected) << "n=" << n << " bits=" << bits;
    }
  }
  for (std::size_t n : {1024u, 8192u, 32768u}) {
    const Modulus q(generate_ntt_primes(n, {60}).value()[0]);
    const NttTables t(q, n);
    auto a = random_poly(g, n, q.value());
    for (std::size_t k = 0; k < 4; ++k) a[k] = q.value() - 1;  // all-maximal inputs stress the lazy bounds
    auto f = a;
    t.forward(f.data());
    for (u64 x : f) ASSERT_LT(x, q.value());
    t.inverse(f.data());
    ASSERT_EQ(f, a) << n;
  }
}

TEST(Ntt, MultiplicationByXIsANegacyclicShift) {
  const std::size_t n = 64;
  const Modulus q(generate_ntt_primes(n, {40}).value()[0]);
  const NttTables t(q, n);
  auto g = testing::rng(4);
  auto a = random_poly(g, n, q.value());
  std::vector<u64> x(n, 0);
  x[1] = 1;
  auto fa = a, fx = x;
  t.forward(fa.data());
  t.forward(fx.data());
  for (std::size_t k = 0; k < n; ++k) fa[k] = q.mul(fa[k], fx[k]);
  t.inverse(fa.data());
  EXPECT_EQ(fa[0], q.neg(a[n - 1]));
  for (std::size_t k = 1; k < n; ++k) EXPECT_EQ(fa[k], a[k - 1]);
}

}  // namespace
}  // namespace zkc::he::ckks
