// EvaluationDomain and the roots of unity: snarkjs's convention (nqr = 5, w[28] = 5^((r-1)/2^28),
// w[k] = w[k+1]^2, coset shift w[k+1]), the order of omega for every size, the twiddle tables, and
// the generic derivation on a second field (BLS12-381 Fr, two-adicity 32).
#include "zkc/poly/domain.hpp"

#include <gtest/gtest.h>

#include "test_util.hpp"
#include "zkc/poly/internal/radix52.hpp"

namespace zkc::poly {
namespace {

struct Bls12381FrConfig {  // the BLS12-381 group order r (draft-irtf-cfrg-pairing-friendly-curves-11, 4.2.1)
  [[maybe_unused]] static constexpr const char* kName = "BLS12-381 Fr";
  static constexpr ff::U256 kModulus =
      ff::U256::from_hex("0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001");
};
using BlsFr = ff::Fp<Bls12381FrConfig>;

Fr pow2k(Fr x, unsigned k) {
  for (unsigned i = 0; i < k; ++i) x = x.square();
  return x;
}

TEST(RootOfUnity, MatchesSnarkjsConvention) {
  // ffjavascript (src/wasm_field1.js, constructor): nqr = smallest non-residue, w[s] = nqr^t.
  EXPECT_EQ(smallest_non_residue<Fr>(), Fr::from_u64(5));
  // w[28] as libff's alt_bn128 Fr root_of_unity (libff/algebra/curves/alt_bn128/alt_bn128_init.cpp).
  EXPECT_EQ(root_of_unity<Fr>(28).value().to_decimal(),
            "19103219067921713944291392827692070036145651957329286315305642004821462161904");
  for (unsigned k = 0; k < 28; ++k)
    EXPECT_EQ(root_of_unity<Fr>(k).value(), root_of_unity<Fr>(k + 1).value().square()) << k;
  EXPECT_EQ(root_of_unity<Fr>(0).value(), Fr::one());
  EXPECT_EQ(root_of_unity<Fr>(1).value(), -Fr::one());
  const auto bad = root_of_unity<Fr>(29);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, Errc::kInvalidArgument);
}

TEST(RootOfUnity, GenericOnAnotherField) {
  ASSERT_EQ(BlsFr::kTwoAdicity, 32u);
  const BlsFr nqr = smallest_non_residue<BlsFr>();
  EXPECT_EQ(nqr.legendre(), -1);
  for (ff::u64 n = 2; n < 5; ++n) EXPECT_NE(BlsFr::from_u64(n).legendre(), -1) << n;
  EXPECT_EQ(nqr, BlsFr::from_u64(5));
  BlsFr w = root_of_unity<BlsFr>(32).value();
  for (int i = 0; i < 31; ++i) w = w.square();
  EXPECT_EQ(w, -BlsFr::one());  // order exactly 2^32
  EXPECT_FALSE(root_of_unity<BlsFr>(33).ok());
}

TEST(EvaluationDomain, EverySizeHasAPrimitiveRoot) {
  for (unsigned k = 1; k <= 28; ++k) {
    const auto d = EvaluationDomain::create(k).value();
    ASSERT_EQ(d.size(), std::size_t{1} << k);
    EXPECT_EQ(d.log2_size(), k);
    EXPECT_EQ(pow2k(d.omega(), k), Fr::one()) << k;
    EXPECT_EQ(pow2k(d.omega(), k - 1), -Fr::one()) << k;  // primitive: order exactly 2^k
    EXPECT_EQ(d.omega(), root_of_unity<Fr>(k).value());
    EXPECT_EQ(d.omega() * d.omega_inv(), Fr::one());
    EXPECT_EQ(d.size_inv() * Fr::from_u64(d.size()), Fr::one());
    // snarkjs groth16_prove.js: inc = power == Fr.s ? Fr.shift : Fr.w[power + 1]; Fr.shift = nqr^2.
    const Fr g = d.coset_shift();
    if (k < 28) {
      EXPECT_EQ(g, root_of_unity<Fr>(k + 1).value());
      EXPECT_EQ(pow2k(g, k), -Fr::one());  // X^n - 1 = -2 on the coset
    } else {
      EXPECT_EQ(g, Fr::from_u64(25));
      EXPECT_NE(pow2k(g, k), Fr::one());  // the coset is disjoint from H
    }
  }
}

TEST(EvaluationDomain, RejectsBadSizes) {
  for (unsigned k : {0u, 29u, 64u}) {
    const auto d = EvaluationDomain::create(k);
    ASSERT_FALSE(d.ok()) << k;
    EXPECT_EQ(d.error().code, Errc::kInvalidArgument);
    EXPECT_NE(d.error().message.find(std::to_string(k)), std::string::npos) << d.error().message;
  }
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{3}, std::size_t{6}, std::size_t{1000},
                        std::size_t{1} << 29, (std::size_t{1} << 28) + 1})
    EXPECT_FALSE(EvaluationDomain::with_size(n).ok()) << n;
  EXPECT_EQ(EvaluationDomain::with_size(1024).value().log2_size(), 10u);
  EXPECT_EQ(EvaluationDomain::at_least(0).value().size(), 2u);
  EXPECT_EQ(EvaluationDomain::at_least(2).value().size(), 2u);
  EXPECT_EQ(EvaluationDomain::at_least(5).value().size(), 8u);
  EXPECT_EQ(EvaluationDomain::at_least(std::size_t{1} << 28).value().log2_size(), 28u);
  EXPECT_FALSE(EvaluationDomain::at_least((std::size_t{1} << 28) + 1).ok());
}

TEST(EvaluationDomain, TwiddleTables) {
  for (unsigned k : {1u, 2u, 5u, 12u}) {
    const auto d = EvaluationDomain::create(k).value();
    const auto t = d.twiddles();
    ASSERT_EQ(t.size(), d.size() / 2 + 1);
    Fr x = Fr::one();
    for (std::size_t i = 0; i < t.size(); ++i, x *= d.omega()) ASSERT_EQ(t[i], x) << k << " " << i;
    EXPECT_EQ(t.back(), -Fr::one());
    const auto planes = d.twiddle_planes();
    if (!ZKC_POLY_HAVE_IFMA) {
      EXPECT_TRUE(planes.empty());
      continue;
    }
    ASSERT_EQ(planes.size(), 5 * t.size());
    const mpz_class p = testing::to_mpz(Fr::kModulus);
    for (std::size_t i = 0; i < t.size(); ++i) {  // the planes hold omega^i 2^260 mod p, 52 bits a limb
      mpz_class v = 0;
      for (std::size_t j = 5; j-- > 0;) {
        ASSERT_LT(planes[j * t.size() + i], std::uint64_t{1} << 52);
        v = (v << 52) + mpz_class(static_cast<unsigned long>(planes[j * t.size() + i]));
      }
      const mpz_class expected = (testing::to_mpz(t[i].to_u256()) << 260) % p;
      ASSERT_EQ(v, expected) << k << " " << i;
    }
  }
  const auto d = EvaluationDomain::create(10).value();
  EXPECT_EQ(d.element(0), Fr::one());
  EXPECT_EQ(d.element(1), d.omega());
  EXPECT_EQ(d.element(1023), d.omega_inv());
  EXPECT_EQ(d.element(1024 + 3), d.omega().pow(3));
}

TEST(EvaluationDomain, CopiesShareTables) {
  const auto d = EvaluationDomain::create(8).value();
  const EvaluationDomain e = d;
  EXPECT_EQ(d.twiddles().data(), e.twiddles().data());
}

}  // namespace
}  // namespace zkc::poly
