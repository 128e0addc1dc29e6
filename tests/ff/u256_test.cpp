// U256 against GMP: shifts, bit extraction, add/sub with carry, the wide product, small division,
// and the text conversions with their errors.
#include "zkc/ff/u256.hpp"

#include <gtest/gtest.h>

#include "testing/testing.hpp"

namespace zkc::ff {
namespace {

using testing::from_mpz;
using testing::to_mpz;

TEST(U256, ArithmeticMatchesGmp) {
  auto g = testing::rng(31);
  const mpz_class two256 = mpz_class(1) << 256;
  std::vector<U256> xs = {U256{}, U256::from_u64(1), U256{{~0ULL, ~0ULL, ~0ULL, ~0ULL}}, U256{{0, 0, 0, 1ULL << 63}}};
  for (int i = 0; i < 200; ++i) xs.push_back(testing::random_u256(g));
  for (const auto& a : xs) {
    const mpz_class ma = to_mpz(a);
    for (unsigned n : {0u, 1u, 13u, 64u, 100u, 255u, 256u}) {
      EXPECT_EQ(to_mpz(a.shl(n)), mpz_class((ma << n) % two256));
      EXPECT_EQ(to_mpz(a.shr(n)), mpz_class(ma >> n));
    }
    for (unsigned pos : {0u, 5u, 60u, 63u, 64u, 200u, 250u}) {
      const mpz_class expected = (ma >> pos) & ((mpz_class(1) << 9) - 1);
      EXPECT_EQ(a.bits(pos, 9), expected.get_ui()) << pos;
    }
    EXPECT_EQ(a.num_bits(), ma == 0 ? 0u : mpz_sizeinbase(ma.get_mpz_t(), 2));
    const U256 b = testing::random_u256(g);
    const mpz_class mb = to_mpz(b);
    U256 s, d, lo, hi;
    EXPECT_EQ(U256::add(s, a, b), (ma + mb >= two256) ? 1u : 0u);
    EXPECT_EQ(to_mpz(s), mpz_class((ma + mb) % two256));
    EXPECT_EQ(U256::sub(d, a, b), ma < mb ? 1u : 0u);
    EXPECT_EQ(to_mpz(d), mpz_class(((ma - mb) % two256 + two256) % two256));
    U256::mul_wide(lo, hi, a, b);
    EXPECT_EQ((to_mpz(hi) << 256) + to_mpz(lo), ma * mb);
    U256 q = a;
    const auto r = q.divmod_small(1000000007);
    EXPECT_EQ(to_mpz(q), mpz_class(ma / 1000000007));
    EXPECT_EQ(r, mpz_class(ma % 1000000007).get_ui());
    EXPECT_EQ(a.to_decimal(), ma.get_str());
    EXPECT_EQ(U256::parse_decimal(ma.get_str()).value(), a);
    EXPECT_EQ(U256::parse_hex(a.to_hex()).value(), a);
    EXPECT_EQ(a < b, ma < mb);
  }
}

TEST(U256, TextErrors) {
  EXPECT_EQ(U256::parse_decimal(to_mpz(U256{{~0ULL, ~0ULL, ~0ULL, ~0ULL}}).get_str()).value(),
            (U256{{~0ULL, ~0ULL, ~0ULL, ~0ULL}}));
  EXPECT_EQ(U256::parse_decimal(mpz_class((mpz_class(1) << 256)).get_str()).error().code, Errc::kNotCanonical);
  EXPECT_EQ(U256::parse_hex("12").error().code, Errc::kBadFormat);
  EXPECT_EQ(U256::parse_hex("0x").error().code, Errc::kBadFormat);
  EXPECT_EQ(U256::parse_hex("0xg1").error().code, Errc::kBadFormat);
  EXPECT_EQ(U256::parse_hex("0x" + std::string(65, '1')).error().code, Errc::kBadLength);
  EXPECT_EQ(U256::from_hex("0xff"), U256::from_u64(255));
}

}  // namespace
}  // namespace zkc::ff
