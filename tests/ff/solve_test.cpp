// ff::solve_vartime (zkc/ff/solve.hpp): X = A^-1 B checked by multiplying back (A X = B, an
// independent check), on random systems of sizes 1..9 in BN254 Fr and Fq2, systems that need row
// swaps (zero leading entries), and the errors: singular matrices, wrong sizes.
#include "zkc/ff/solve.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "testing/testing.hpp"
#include "zkc/ff/bn254/fq2.hpp"
#include "zkc/ff/bn254/fr.hpp"

namespace zkc::ff {
namespace {

using bn254::Fq;
using bn254::Fq2;
using bn254::Fr;

template <class F>
struct Gen;
template <>
struct Gen<Fr> {
  static Fr random(std::mt19937_64& g) {
    return Fr::from_u256(testing::random_below(g, Fr::kModulus)).value();
  }
};
template <>
struct Gen<Fq2> {
  static Fq2 random(std::mt19937_64& g) {
    return {Fq::from_u256(testing::random_below(g, Fq::kModulus)).value(),
            Fq::from_u256(testing::random_below(g, Fq::kModulus)).value()};
  }
};

// A B for A n x k and B k x m, row-major (naive).
template <class F>
std::vector<F> mul(const std::vector<F>& a, const std::vector<F>& b, std::size_t n, std::size_t k,
                   std::size_t m) {
  std::vector<F> c(n * m);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < m; ++j)
      for (std::size_t l = 0; l < k; ++l) c[i * m + j] += a[i * k + l] * b[l * m + j];
  return c;
}

template <class F>
class SolveTest : public ::testing::Test {
 protected:
  std::mt19937_64 g_ = testing::rng(0x501e);
  std::vector<F> random(std::size_t count) {
    std::vector<F> v(count);
    for (auto& x : v) x = Gen<F>::random(g_);
    return v;
  }
};

using Fields = ::testing::Types<Fr, Fq2>;
TYPED_TEST_SUITE(SolveTest, Fields);

TYPED_TEST(SolveTest, RandomSystemsMultiplyBack) {
  using F = TypeParam;
  std::printf("seed %llu\n", static_cast<unsigned long long>(testing::test_seed()));
  for (std::size_t n = 1; n <= 9; ++n) {
    for (std::size_t m : {std::size_t{1}, std::size_t{3}, n}) {
      const std::vector<F> a = this->random(n * n), b = this->random(n * m);  // singular w.p. ~n / p
      const Result<std::vector<F>> x = solve_vartime(a, b, n, m);
      ASSERT_TRUE(x.ok()) << x.error().message;
      EXPECT_EQ(mul(a, x.value(), n, n, m), b) << "n = " << n << ", m = " << m;
    }
  }
}

// Zero leading entries force row swaps; zeros below a pivot skip their elimination step.
TYPED_TEST(SolveTest, PivotingAndSparseMatrices) {
  using F = TypeParam;
  const F o = F::one(), z = F::zero();
  const F two = o + o, three = two + o;
  // A permutation-like matrix with a zero corner, an upper-triangular one, the identity.
  const std::vector<std::vector<F>> as = {
      {z, o, z, z, z, o, three, z, two}, {two, o, three, z, three, o, z, z, o}, {o, z, z, z, o, z, z, z, o}};
  for (const auto& a : as) {
    const std::vector<F> b = this->random(3 * 2);
    const auto x = solve_vartime(a, b, 3, 2);
    ASSERT_TRUE(x.ok()) << x.error().message;
    EXPECT_EQ(mul(a, x.value(), 3, 3, 2), b);
  }
  // The identity returns B.
  const std::vector<F> b = this->random(3);
  EXPECT_EQ(solve_vartime(as[2], b, 3, 1).value(), b);
}

TYPED_TEST(SolveTest, SingularAndMisshapenInputsAreRejected) {
  using F = TypeParam;
  for (std::size_t n = 1; n <= 6; ++n) {
    // Zero matrix; then a random matrix whose last row is the sum of the others (n >= 2), and
    // one with a zero column.
    std::vector<std::vector<F>> singular = {std::vector<F>(n * n)};
    if (n >= 2) {
      std::vector<F> a = this->random(n * n);
      for (std::size_t j = 0; j < n; ++j) {
        F s = F::zero();
        for (std::size_t i = 0; i + 1 < n; ++i) s += a[i * n + j];
        a[(n - 1) * n + j] = s;
      }
      singular.push_back(a);
      std::vector<F> c = this->random(n * n);
      for (std::size_t i = 0; i < n; ++i) c[i * n + n / 2] = F::zero();
      singular.push_back(c);
    }
    for (const auto& a : singular) {
      const auto x = solve_vartime(a, this->random(n), n, 1);
      ASSERT_FALSE(x.ok()) << "n = " << n;
      EXPECT_EQ(x.error().code, Errc::kInvalidArgument);
      EXPECT_NE(x.error().message.find("singular"), std::string::npos) << x.error().message;
    }
  }
  const std::vector<F> a = this->random(4);
  EXPECT_EQ(solve_vartime(a, this->random(2), 3, 1).error().code, Errc::kBadLength);  // A not 3 x 3
  EXPECT_EQ(solve_vartime(a, this->random(3), 2, 1).error().code, Errc::kBadLength);  // B not 2 x 1
  EXPECT_TRUE(solve_vartime(std::vector<F>{}, std::vector<F>{}, 0, 0).ok());          // the empty system
}

}  // namespace
}  // namespace zkc::ff
