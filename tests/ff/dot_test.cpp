// ff::dot (zkc/ff/dot.hpp) against GMP: every length from 0 to past three chunks, random values plus
// an edge table (0, 1, -1, and the largest Montgomery form p - 1, which maximizes the unreduced
// sum), for BN254 Fr and Fq (the lazy path) and one that takes the plain path (p > 2^254).
#include "zkc/ff/dot.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "testing/testing.hpp"
#include "zkc/ff/bn254/fq.hpp"
#include "zkc/ff/bn254/fr.hpp"

namespace zkc::ff {
namespace {

using testing::to_mpz;

// A field above 2^254, so on the plain path: the secp256k1 group order (SEC 2 v2, section 2.4.1).
constexpr U256 kSecp256k1Order =
    U256::from_hex("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
struct Secp256k1OrderConfig {
  static constexpr const char* kName = "secp256k1 n";
  static constexpr U256 kModulus = kSecp256k1Order;
};

template <class F>
class DotTest : public ::testing::Test {
 protected:
  using Cfg = typename F::Config;
  mpz_class p_ = to_mpz(F::kModulus);
  std::mt19937_64 g_ = testing::rng(F::kModulus.limb[0] ^ 0xd07);

  // The largest Montgomery form, p - 1 (the value (p - 1) / R).
  static F max_raw() { return F::from_raw(F::kModulus - U256::from_u64(1)); }
  F random() { return F::from_u256(testing::random_below(g_, F::kModulus)).value(); }
  // Random entries with every edge value mixed in at random places.
  std::vector<F> vec(std::size_t n) {
    const F edges[] = {F::zero(), F::one(), -F::one(), max_raw()};
    std::vector<F> v(n);
    for (auto& x : v) x = (g_() % 3 == 0) ? edges[g_() % 4] : random();
    return v;
  }
  mpz_class val(const F& a) { return to_mpz(a.to_u256()); }
  mpz_class gmp_dot(const std::vector<F>& a, const std::vector<F>& b) {
    mpz_class s = 0;
    for (std::size_t k = 0; k < a.size(); ++k) s += val(a[k]) * val(b[k]);
    return s % p_;
  }
  // The longest length dot is checked on: past three chunks (or 70 on the plain path).
  static std::size_t max_len() { return kDotChunk<Cfg> ? 3 * kDotChunk<Cfg> + 2 : 70; }
};

using Fields = ::testing::Types<bn254::Fr, bn254::Fq, Fp<Secp256k1OrderConfig>>;
TYPED_TEST_SUITE(DotTest, Fields);

TYPED_TEST(DotTest, MatchesGmpOnEveryLength) {
  using F = TypeParam;
  std::printf("seed %llu\n", static_cast<unsigned long long>(testing::test_seed()));
  for (std::size_t n = 0; n <= this->max_len(); ++n) {
    for (int rep = 0; rep < 4; ++rep) {
      const std::vector<F> a = this->vec(n), b = this->vec(n);
      const F d = dot(a.data(), b.data(), n);
      ASSERT_EQ(this->val(d), this->gmp_dot(a, b)) << "n = " << n << ", rep " << rep;
      ASSERT_TRUE(d.raw() < F::kModulus) << "not fully reduced, n = " << n;
      ASSERT_EQ(dot(std::span<const F>(a), std::span<const F>(b)), d);
    }
  }
}

// All entries p - 1 in Montgomery form: the largest double-width sum, at every length (the chunk
// boundary included), and the edge values on their own.
TYPED_TEST(DotTest, WorstCaseAndEdges) {
  using F = TypeParam;
  for (std::size_t n = 0; n <= this->max_len(); ++n) {
    const std::vector<F> a(n, this->max_raw());
    ASSERT_EQ(this->val(dot(a.data(), a.data(), n)), this->gmp_dot(a, a)) << "n = " << n;
  }
  for (const F e : {F::zero(), F::one(), -F::one(), this->max_raw()}) {
    for (std::size_t n : {std::size_t{1}, kDotSmall, kDotSmall + 1, std::size_t{17}}) {
      const std::vector<F> a(n, e), b = this->vec(n);
      EXPECT_EQ(this->val(dot(a.data(), b.data(), n)), this->gmp_dot(a, b)) << "n = " << n;
    }
  }
  EXPECT_TRUE(dot<typename F::Config>(nullptr, nullptr, 0).is_zero());
}

// The chunk length is what the header's bound allows: with R = 2^256, the REDC result of
// n (p - 1)^2 is below (n (p - 1)^2 + (R - 1) p) / R, which must stay below 2^256 (checked
// with GMP, independently of the limb arithmetic that computes kDotChunk).
TEST(DotChunk, BoundHoldsForBn254) {
  const auto check = [](const U256& modulus, std::size_t chunk) {
    const mpz_class p = to_mpz(modulus), r = mpz_class(1) << 256;
    const mpz_class bound =
        (mpz_class(static_cast<unsigned long>(chunk)) * (p - 1) * (p - 1) + (r - 1) * p) / r;
    EXPECT_LT(bound, r) << chunk;
    EXPECT_LT(bound, 8 * p) << chunk;  // the three conditional subtractions suffice
  };
  check(bn254::Fr::kModulus, kDotChunk<bn254::FrConfig>);
  check(bn254::Fq::kModulus, kDotChunk<bn254::FqConfig>);
  EXPECT_EQ(kDotChunk<bn254::FrConfig>, 22u);  // rho = r / 2^256 ~ 0.189: 22 rho^2 + rho < 1 < 23 rho^2 + rho
  EXPECT_GE(kDotChunk<bn254::FrConfig>, 17u);  // a Poseidon row (t <= 17) is one chunk
  EXPECT_EQ(kDotChunk<Secp256k1OrderConfig>, 0u);  // p > 2^254: the plain path
}

}  // namespace
}  // namespace zkc::ff
