// Fp<Config> against GMP, instantiated for BN254 Fq and Fr and for more configurations that
// exercise the other code paths: 2^255 - 19 in Montgomery form (top limb 2^63 - 1: the general CIOS
// path), the secp256k1 prime (p close to 2^256: carries out of the top limb), and the pseudo-Mersenne
// (canonical) form for 2^255 - 19 (curve25519's Fe) and for 2^255 - 2147483637 (the largest c below
// 2^31 with 2^255 - c prime: the widest folds). Plus: the pseudo-Mersenne form against the Montgomery
// form of the same prime, and inputs built to reach each branch of the pseudo-Mersenne reduction.
#include "zkc/ff/fp.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "testing/testing.hpp"
#include "zkc/ff/bn254/fq.hpp"
#include "zkc/ff/bn254/fr.hpp"
#include "zkc/ff/curve25519/fe.hpp"

namespace zkc::ff {
namespace {

using testing::from_mpz;
using testing::to_mpz;

struct P25519Config {
  static constexpr const char* kName = "2^255-19";
  static constexpr U256 kModulus =
      U256::from_hex("0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed");
};
struct P25519PmConfig {
  static constexpr const char* kName = "2^255-19 pseudo-Mersenne";
  static constexpr U256 kModulus =
      U256::from_hex("0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed");
  static constexpr u64 kPseudoMersenneC = 19;
};
// 2^255 - 2147483637 is prime (40 Miller-Rabin rounds here; the next candidates up to 2^31 are not),
// and c = 2147483637 is the largest c < 2^31 with 2^255 - c prime; the GMP tests below recheck it.
struct PmBigCConfig {
  static constexpr const char* kName = "2^255-2147483637 pseudo-Mersenne";
  static constexpr U256 kModulus =
      U256::from_hex("0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffff8000000b");
  static constexpr u64 kPseudoMersenneC = 2147483637;
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
    // limbs all ones, and values just below p and 2^kBits
    v.push_back((mpz_class(1) << 64) - 1);
    v.push_back((mpz_class(1) << 192) - 1);
    v.push_back((mpz_class(1) << 254) - 1);
    v.push_back(p - (mpz_class(1) << 64));
    v.push_back(p - 3);
    v.push_back(p - 19);
    v.push_back(p - 20);
    v.push_back(p - 38);
    v.push_back(sqrt(p));
    v.push_back(sqrt(p) + 1);
    v.push_back(sqrt(mpz_class(p * 2)) + 1);
    for (auto& x : v) x %= p;
    for (int i = 0; i < random_count; ++i) v.push_back(to_mpz(testing::random_below(g, F::kModulus)));
    return v;
  }
};

using Fields = ::testing::Types<bn254::Fq, bn254::Fr, Fp<P25519Config>, Fp<Secp256k1Config>,
                                Fp<P25519PmConfig>, Fp<PmBigCConfig>>;
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

TYPED_TEST(FpTest, RawIsTheStoredForm) {
  using F = TypeParam;
  const mpz_class& p = this->p_;
  for (const auto& a : this->samples(10)) {
    const F fa = this->elem(a);
    EXPECT_EQ(F::from_raw(fa.raw()), fa);
    // canonical storage for pseudo-Mersenne Configs, a 2^256 mod p otherwise
    const mpz_class expected = F::kPseudoMersenne ? a : mpz_class((a << 256) % p);
    EXPECT_EQ(to_mpz(fa.raw()), expected) << a;
  }
  EXPECT_EQ(to_mpz(F::one().raw()), F::kPseudoMersenne ? mpz_class(1) : mpz_class((mpz_class(1) << 256) % p));
}

TEST(FpConstants, Bn254TwoAdicity) {
  EXPECT_EQ(bn254::Fr::kTwoAdicity, 28u);
  EXPECT_EQ(bn254::Fq::kTwoAdicity, 1u);
  EXPECT_EQ(bn254::Fq::kBits, 254u);
  EXPECT_EQ(bn254::Fr::kBits, 254u);
}

// --- pseudo-Mersenne form -----------------------------------------------------------------------

static_assert(Fp<P25519PmConfig>::kPseudoMersenne && curve25519::Fe::kPseudoMersenne);
static_assert(!Fp<P25519Config>::kPseudoMersenne && !bn254::Fq::kPseudoMersenne);
static_assert(std::is_same_v<curve25519::Fe::Config, curve25519::FeConfig>);

TEST(FpPseudoMersenne, ModuliArePrime) {
  EXPECT_NE(mpz_probab_prime_p(to_mpz(PmBigCConfig::kModulus).get_mpz_t(), 30), 0);
  EXPECT_EQ(to_mpz(PmBigCConfig::kModulus), (mpz_class(1) << 255) - 2147483637);
  EXPECT_EQ(to_mpz(curve25519::FeConfig::kModulus), (mpz_class(1) << 255) - 19);
}

// Fe (pseudo-Mersenne) and the Montgomery form of the same prime agree on every operation.
TEST(FpPseudoMersenne, MatchesMontgomeryForm) {
  using Pm = curve25519::Fe;
  using Mont = Fp<P25519Config>;
  auto g = testing::rng(25519);
  const auto pair = [](const U256& v) {
    return std::pair{Pm::from_u256(v).value(), Mont::from_u256(v).value()};
  };
  for (int i = 0; i < 300; ++i) {
    const U256 x = testing::random_below(g, Pm::kModulus), y = testing::random_below(g, Pm::kModulus);
    const auto [a, am] = pair(x);
    const auto [b, bm] = pair(y);
    ASSERT_EQ((a * b).to_u256(), (am * bm).to_u256()) << x.to_hex() << " * " << y.to_hex();
    ASSERT_EQ(a.square().to_u256(), am.square().to_u256()) << x.to_hex();
    ASSERT_EQ((a + b).to_u256(), (am + bm).to_u256());
    ASSERT_EQ((a - b).to_u256(), (am - bm).to_u256());
    ASSERT_EQ((-a).to_u256(), (-am).to_u256());
    ASSERT_EQ(Pm::reduce_wide(x, y).to_u256(), Mont::reduce_wide(x, y).to_u256());
    ASSERT_EQ(a.to_bytes_be(), am.to_bytes_be());
    if (i % 10 == 0) {  // the slow ones on fewer inputs
      ASSERT_EQ(a.inverse().to_u256(), am.inverse().to_u256()) << x.to_hex();
      ASSERT_EQ(a.inverse_vartime().to_u256(), am.inverse_vartime().to_u256()) << x.to_hex();
      ASSERT_EQ(a.pow(y).to_u256(), am.pow(y).to_u256());
      ASSERT_EQ(a.legendre(), am.legendre());
      const auto r = a.sqrt();
      const auto rm = am.sqrt();
      ASSERT_EQ(r.has_value(), rm.has_value()) << x.to_hex();
      if (r) {
        ASSERT_TRUE(r->to_u256() == rm->to_u256() || r->to_u256() == (-*rm).to_u256());
      }
    }
  }
  // a long chain of products and squares (errors would compound)
  auto [a, am] = pair(testing::random_below(g, Pm::kModulus));
  const auto [b, bm] = pair(testing::random_below(g, Pm::kModulus));
  for (int i = 0; i < 2000; ++i) {
    a = (a * b).square() + b;
    am = (am * bm).square() + bm;
  }
  EXPECT_EQ(a.to_u256(), am.to_u256());
  std::vector<Pm> v;
  std::vector<Mont> vm;
  for (int i = 0; i < 20; ++i) {
    const auto [x, xm] = pair(testing::random_below(g, Pm::kModulus));
    v.push_back(x);
    vm.push_back(xm);
  }
  v[3] = Pm::zero();
  vm[3] = Mont::zero();
  batch_inverse<Pm>(v);
  batch_inverse<Mont>(vm);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(v[i].to_u256(), vm[i].to_u256());
}

// The steps of the reduction in internal/pm_x86_64.hpp and detail::pm_reduce, modelled in GMP only
// to classify inputs: which of its branches a product takes (the oracle stays a * b mod p).
struct PmBranch {
  bool folds_top = false;    // q = s >> 255 > 0
  bool subtracts = false;    // r >= p: the final subtraction happens
  bool r_above_255 = false;  // r >= 2^255 itself
};
PmBranch pm_branch(const mpz_class& t, const mpz_class& c) {
  const mpz_class two256 = mpz_class(1) << 256, two255 = mpz_class(1) << 255;
  const mpz_class s = t % two256 + 2 * c * (t >> 256);
  const mpz_class q = s >> 255;
  const mpz_class r = s % two255 + c * q;
  return {q > 0, r >= two255 - c, r >= two255};
}

template <class Cfg>
void check_reduction_branches() {
  using F = Fp<Cfg>;
  const mpz_class c = Cfg::kPseudoMersenneC, p = (mpz_class(1) << 255) - c;
  const mpz_class two128 = mpz_class(1) << 128;
  int hits[4] = {};  // subtract with q = 0; subtract with q > 0; r >= 2^255; total checked
  const auto check = [&](const mpz_class& x, const mpz_class& y) {
    ASSERT_TRUE(x < p && y < p) << x << " " << y;
    const F a = F::from_u256(testing::from_mpz(x)).value(), b = F::from_u256(testing::from_mpz(y)).value();
    ASSERT_EQ(to_mpz((a * b).to_u256()), mpz_class(x * y % p)) << x << " * " << y;
    ASSERT_EQ(to_mpz((b * a).to_u256()), mpz_class(x * y % p)) << y << " * " << x;
    const PmBranch br = pm_branch(x * y, c);
    hits[0] += br.subtracts && !br.folds_top;
    hits[1] += br.subtracts && br.folds_top;
    hits[2] += br.r_above_255;
    ++hits[3];
  };
  // x y = p + k for 1 <= k < c, no fold of the top: r = p + k
  for (const int k : {1, 3, 5}) {
    const mpz_class t = p + k;
    for (const int d : {2, 3, 7}) {
      if (t % d == 0) check(d, t / d);
    }
  }
  check(2, (p + 1) / 2);
  // x = 2^128, y = H 2^128 + L / 2^128 with 2c H = -e (mod 2^128) and L = 2^256 - e - 2c H, so that
  // x y = H 2^256 + L and step 1 gives s = 2^256 - e: q = 1 and r = 2^255 - e + c, which is >= p for
  // e <= 2c and >= 2^255 for e <= c (e even, as 2c H is).
  for (const mpz_class& e : {mpz_class(2), mpz_class(c + 1), mpz_class(2 * c), mpz_class(2 * c + 2)}) {
    const mpz_class m127 = two128 / 2;
    mpz_class inv_c;
    mpz_invert(inv_c.get_mpz_t(), c.get_mpz_t(), m127.get_mpz_t());
    mpz_class h = (-(e / 2) * inv_c) % m127;
    if (h < 0) h += m127;
    const mpz_class l = (mpz_class(1) << 256) - e - 2 * c * h;
    ASSERT_EQ(l % two128, 0);
    const mpz_class y = h * two128 + l / two128;
    if (y >= p) continue;  // happens for e = 2c + 2 (y = p)
    check(two128, y);
    check(two128 + 1, y);  // and a neighbour that misses the branch
  }
  // squares: the same shape of product from x = y
  for (const auto& x : {mpz_class(p - 1), mpz_class((p + 1) / 2), mpz_class(sqrt(p) + 1)}) {
    const F a = F::from_u256(testing::from_mpz(x)).value();
    EXPECT_EQ(to_mpz(a.square().to_u256()), mpz_class(x * x % p)) << x;
  }
  EXPECT_GT(hits[0], 0) << "no product reached the final subtraction without a top fold";
  EXPECT_GT(hits[1], 0) << "no product reached the final subtraction after a top fold";
  EXPECT_GT(hits[2], 0) << "no product left r >= 2^255 before the final subtraction";
}

TEST(FpPseudoMersenne, ProductsReachEveryReductionBranch) {
  check_reduction_branches<P25519PmConfig>();
  check_reduction_branches<PmBigCConfig>();
}

// The portable reduction (constexpr, and the runtime path of builds without BMI2/ADX), called
// directly on random and extreme products: the typed tests above run the asm on x86-64.
TEST(FpPseudoMersenne, PortableReductionMatchesGmp) {
  constexpr u64 c = 19;
  const mpz_class p = (mpz_class(1) << 255) - c;
  auto g = testing::rng(19);
  std::vector<mpz_class> xs = {
      0, 1, 2, p - 1, p - 2, (p + 1) / 2, sqrt(p) + 1, (mpz_class(1) << 254) - 1, (mpz_class(1) << 192) - 1};
  for (int i = 0; i < 200; ++i) xs.push_back(to_mpz(testing::random_below(g, testing::from_mpz(p))));
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const mpz_class& x = xs[i];
    const mpz_class& y = xs[(i * 7 + 3) % xs.size()];
    U256 lo, hi;
    U256::mul_wide(lo, hi, testing::from_mpz(x), testing::from_mpz(y));
    const u64 t[8] = {lo.limb[0], lo.limb[1], lo.limb[2], lo.limb[3],
                      hi.limb[0], hi.limb[1], hi.limb[2], hi.limb[3]};
    std::array<u64, 4> out{};
    detail::pm_reduce<c>(out, t);
    ASSERT_EQ(to_mpz(U256{out}), mpz_class(x * y % p)) << x << " * " << y;
  }
  // the branch inputs of the test above: p + 1 = 2 (p + 1) / 2, and the 2^128 family
  const mpz_class two128 = mpz_class(1) << 128;
  for (int d = -3; d <= 3; ++d) {
    const mpz_class y = (two128 / 38 + d) * two128 + two128 - 1;
    U256 lo, hi;
    U256::mul_wide(lo, hi, testing::from_mpz(two128), testing::from_mpz(y));
    const u64 t[8] = {lo.limb[0], lo.limb[1], lo.limb[2], lo.limb[3],
                      hi.limb[0], hi.limb[1], hi.limb[2], hi.limb[3]};
    std::array<u64, 4> out{};
    detail::pm_reduce<c>(out, t);
    ASSERT_EQ(to_mpz(U256{out}), mpz_class(two128 * y % p));
  }
}

}  // namespace
}  // namespace zkc::ff
