// Fp<Config> against GMP, instantiated for BN254 Fq and Fr and for two more configurations that
// exercise the other code paths: 2^255 - 19 (top limb 2^63 - 1: the general CIOS path) and the
// secp256k1 prime (p close to 2^256: carries out of the top limb).
#include "zkc/ff/fp.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "testing/testing.hpp"
#include "zkc/ff/bn254/fq.hpp"
#include "zkc/ff/bn254/fr.hpp"

namespace zkc::ff {
namespace {

using testing::from_mpz;
using testing::to_mpz;

struct P25519Config {
  static constexpr const char* kName = "2^255-19";
  static constexpr U256 kModulus =
      U256::from_hex("0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed");
};
struct Secp256k1Config {  // SEC 2 v2, section 2.4.1
  static constexpr const char* kName = "secp256k1 p";
  static constexpr U256 kModulus =
      U256::from_hex("0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f");
};

template <class F>
class FpTest : public ::testing::Test {
 protected:
  mpz_class p_ = to_mpz(F::kModulus);
  std::mt19937_64 g = testing::rng(F::kModulus.limb[0]);

  F elem(const mpz_class& v) {
    mpz_class r = v % p_;
    if (r < 0) r += p_;
    return F::from_u256(from_mpz(r)).value();
  }
  mpz_class val(const F& a) { return to_mpz(a.to_u256()); }

  // Edge values and random values, as integers in [0, p).
  std::vector<mpz_class> samples(int random_count) {
    const mpz_class& p = p_;
    std::vector<mpz_class> v = {0, 1, 2, 3, p - 1, p - 2, (p - 1) / 2, (p + 1) / 2};
    v.push_back(mpz_class(1) << 64);
    v.push_back((mpz_class(1) << 128) - 1);
    v.push_back((mpz_class(1) << (F::kBits - 1)));
    for (int i = 0; i < random_count; ++i) v.push_back(to_mpz(testing::random_below(g, F::kModulus)));
    return v;
  }
};

using Fields = ::testing::Types<bn254::Fq, bn254::Fr, Fp<P25519Config>, Fp<Secp256k1Config>>;
TYPED_TEST_SUITE(FpTest, Fields);

TYPED_TEST(FpTest, ConstantsAndRoundTrip) {
  using F = TypeParam;
  EXPECT_EQ(this->val(F::one()), 1);
  EXPECT_EQ(this->val(F::zero()), 0);
  EXPECT_TRUE(F::zero().is_zero());
  EXPECT_FALSE(F::one().is_zero());
  EXPECT_EQ(F::from_u64(7), F::one() + F::one() + F::from_u64(5));
  for (const auto& a : this->samples(50)) EXPECT_EQ(this->val(this->elem(a)), a);
}

TYPED_TEST(FpTest, RingOperationsMatchGmp) {
  const auto s = this->samples(40);
  const mpz_class& q = this->p_;
  for (const auto& a : s) {
    for (const auto& b : s) {
      const auto fa = this->elem(a), fb = this->elem(b);
      ASSERT_EQ(this->val(fa + fb), mpz_class((a + b) % q)) << a << " + " << b;
      ASSERT_EQ(this->val(fa - fb), mpz_class(((a - b) % q + q) % q)) << a << " - " << b;
      ASSERT_EQ(this->val(fa * fb), mpz_class((a * b) % q)) << a << " * " << b;
    }
    const auto fa = this->elem(a);
    EXPECT_EQ(this->val(-fa), mpz_class((q - a) % q));
    EXPECT_EQ(this->val(fa.square()), mpz_class((a * a) % q));
    EXPECT_EQ(this->val(fa.dbl()), mpz_class((2 * a) % q));
  }
}

TYPED_TEST(FpTest, InversesMatchGmp) {
  using F = TypeParam;
  for (const auto& a : this->samples(100)) {
    const auto fa = this->elem(a);
    if (a == 0) {
      EXPECT_TRUE(fa.inverse().is_zero());
      EXPECT_TRUE(fa.inverse_vartime().is_zero());
      continue;
    }
    mpz_class inv;
    mpz_invert(inv.get_mpz_t(), a.get_mpz_t(), this->p_.get_mpz_t());
    EXPECT_EQ(this->val(fa.inverse()), inv) << a;
    EXPECT_EQ(this->val(fa.inverse_vartime()), inv) << a;
    EXPECT_EQ(fa * fa.inverse(), F::one());
  }
}

TYPED_TEST(FpTest, PowMatchesGmp) {
  for (const auto& a : this->samples(20)) {
    for (const auto& e : this->samples(5)) {
      mpz_class r;
      mpz_powm(r.get_mpz_t(), a.get_mpz_t(), e.get_mpz_t(), this->p_.get_mpz_t());
      EXPECT_EQ(this->val(this->elem(a).pow(from_mpz(e))), r) << a << "^" << e;
    }
  }
  EXPECT_EQ(this->elem(0).pow(U256{}), TypeParam::one());  // 0^0 = 1 by convention
}

TYPED_TEST(FpTest, SqrtAndLegendreMatchGmp) {
  using F = TypeParam;
  int squares = 0, non_squares = 0;
  for (const auto& a : this->samples(100)) {
    const auto fa = this->elem(a);
    const int expected = mpz_legendre(a.get_mpz_t(), this->p_.get_mpz_t());
    EXPECT_EQ(fa.legendre(), expected) << a;
    const auto root = fa.sqrt();
    if (expected == -1) {
      EXPECT_FALSE(root.has_value()) << a;
      ++non_squares;
    } else {
      ASSERT_TRUE(root.has_value()) << a;
      EXPECT_EQ(root->square(), fa);
      ++squares;
    }
    // every square has a root, and it is one of +-a
    const auto sq = (fa * fa).sqrt();
    ASSERT_TRUE(sq.has_value());
    EXPECT_TRUE(*sq == fa || *sq == -fa);
  }
  EXPECT_GT(squares, 10);
  EXPECT_GT(non_squares, 10);
  EXPECT_FALSE(F::zero().sgn0());
  EXPECT_TRUE(F::one().sgn0());
}

TYPED_TEST(FpTest, BatchInverseKeepsZeros) {
  using F = TypeParam;
  std::vector<F> v;
  for (const auto& a : this->samples(30)) v.push_back(this->elem(a));
  v.push_back(F::zero());
  auto expected = v;
  for (auto& x : expected) x = x.inverse_vartime();
  batch_inverse<F>(v);
  EXPECT_EQ(v, expected);
  std::vector<F> empty;
  batch_inverse<F>(empty);
}

TYPED_TEST(FpTest, ReduceMatchesGmp) {
  using F = TypeParam;
  for (int i = 0; i < 200; ++i) {
    const U256 lo = testing::random_u256(this->g), hi = testing::random_u256(this->g);
    EXPECT_EQ(this->val(F::reduce(lo)), mpz_class(to_mpz(lo) % this->p_));
    const mpz_class wide = (to_mpz(hi) << 256) + to_mpz(lo);
    EXPECT_EQ(this->val(F::reduce_wide(lo, hi)), mpz_class(wide % this->p_));
  }
  const U256 all_ones{{~0ULL, ~0ULL, ~0ULL, ~0ULL}};
  EXPECT_EQ(this->val(F::reduce(all_ones)), mpz_class(to_mpz(all_ones) % this->p_));
  EXPECT_EQ(this->val(F::reduce(F::kModulus)), 0);
}

TYPED_TEST(FpTest, RandomIsInRangeAndVaries) {
  using F = TypeParam;
  const F a = F::random(), b = F::random();
  EXPECT_NE(a, b);
  EXPECT_LT(a.to_u256(), F::kModulus);
}

TYPED_TEST(FpTest, BytesEncodingIsCanonical) {
  using F = TypeParam;
  for (const auto& a : this->samples(30)) {
    const auto fa = this->elem(a);
    const auto bytes = fa.to_bytes_be();
    EXPECT_EQ(to_mpz(U256::parse_hex("0x" + [&] {
                std::string h;
                char buf[3];
                for (auto b : bytes) { std::snprintf(buf, sizeof buf, "%02x", b); h += buf; }
                return h;
              }()).value()), a);
    EXPECT_EQ(F::from_bytes_be(bytes).value(), fa);
  }
  // p, p + 1 and 2^256 - 1 are not canonical.
  for (const mpz_class& bad : {this->p_, mpz_class(this->p_ + 1), mpz_class((mpz_class(1) << 256) - 1)}) {
    const U256 v = from_mpz(bad);
    std::array<std::uint8_t, 32> bytes{};
    for (int i = 0; i < 32; ++i) bytes[31 - i] = static_cast<std::uint8_t>(v.limb[i / 8] >> (8 * (i % 8)));
    const auto r = F::from_bytes_be(bytes);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::kNotCanonical);
  }
}

TYPED_TEST(FpTest, DecimalEncodingIsCanonical) {
  using F = TypeParam;
  for (const auto& a : this->samples(30)) {
    const auto fa = this->elem(a);
    EXPECT_EQ(fa.to_decimal(), a.get_str());
    EXPECT_EQ(F::from_decimal(a.get_str()).value(), fa);
  }
  const auto expect_error = [](std::string_view s, Errc code) {
    const auto r = F::from_decimal(s);
    ASSERT_FALSE(r.ok()) << s;
    EXPECT_EQ(r.error().code, code) << s << ": " << r.error().message;
  };
  expect_error(this->p_.get_str(), Errc::kNotCanonical);
  expect_error(mpz_class(this->p_ + 5).get_str(), Errc::kNotCanonical);
  expect_error(std::string(79, '9'), Errc::kNotCanonical);
  expect_error("0012", Errc::kNotCanonical);
  expect_error("", Errc::kBadFormat);
  expect_error("12a", Errc::kBadFormat);
  expect_error("-1", Errc::kBadFormat);
  expect_error(" 1", Errc::kBadFormat);
  EXPECT_EQ(F::from_decimal("0").value(), F::zero());
}

// Compile-time evaluation runs the portable C++ Montgomery code (the asm kernels are runtime only):
// checking its results against GMP covers the path that non-x86 and unoptimized builds use.
template <class F>
constexpr std::array<F, 4> portable_products() {
  const F a = F::from_canonical_unchecked(F::kModulus - U256::from_u64(1));
  const F b = F::from_canonical_unchecked(F::kModulus.shr(1) + U256::from_u64(12345));
  return {a * a, a * b, b * b + a, (a - b).inverse()};
}

TYPED_TEST(FpTest, PortablePathMatchesGmp) {
  using F = TypeParam;
  constexpr auto prods = portable_products<F>();
  const mpz_class& p = this->p_;
  const mpz_class a = p - 1, b = p / 2 + 12345;
  mpz_class inv, diff = ((a - b) % p + p) % p;
  mpz_invert(inv.get_mpz_t(), diff.get_mpz_t(), p.get_mpz_t());
  EXPECT_EQ(this->val(prods[0]), mpz_class(a * a % p));
  EXPECT_EQ(this->val(prods[1]), mpz_class(a * b % p));
  EXPECT_EQ(this->val(prods[2]), mpz_class((b * b + a) % p));
  EXPECT_EQ(this->val(prods[3]), inv);
}

TEST(FpConstants, Bn254TwoAdicity) {
  EXPECT_EQ(bn254::Fr::kTwoAdicity, 28u);
  EXPECT_EQ(bn254::Fq::kTwoAdicity, 1u);
  EXPECT_EQ(bn254::Fq::kBits, 254u);
  EXPECT_EQ(bn254::Fr::kBits, 254u);
}

}  // namespace
}  // namespace zkc::ff
