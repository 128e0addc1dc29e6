// ff::curve25519::Scalar (Z/l) against libsodium's crypto_core_ristretto255_scalar_* on seeded random
// inputs and the edge table 0, 1, l - 1; codecs reject l and above.
#include <gtest/gtest.h>
#include <sodium.h>

#include "testing/testing.hpp"
#include "zkc/ff/curve25519/scalar.hpp"

namespace zkc::ff::curve25519 {
namespace {

using Bytes32 = std::array<std::uint8_t, 32>;

TEST(Scalar25519, AgreesWithLibsodium) {
  ASSERT_GE(sodium_init(), 0);
  auto g = testing::rng(21);
  std::vector<Scalar> xs = {Scalar::zero(), Scalar::one(), -Scalar::one(), Scalar::from_u64(2)};
  for (int i = 0; i < 40; ++i)
    xs.push_back(Scalar::from_canonical_unchecked(testing::random_below(g, Scalar::kModulus)));
  for (const Scalar& a : xs) {
    const Bytes32 ab = scalar_to_bytes_le(a);
    ASSERT_EQ(scalar_from_bytes_le(ab).value(), a);
    Bytes32 r;
    crypto_core_ristretto255_scalar_negate(r.data(), ab.data());
    EXPECT_EQ(r, scalar_to_bytes_le(-a));
    if (!a.is_zero()) {
      ASSERT_EQ(crypto_core_ristretto255_scalar_invert(r.data(), ab.data()), 0);
      EXPECT_EQ(r, scalar_to_bytes_le(a.inverse()));
    }
    for (int j = 0; j < 4; ++j) {
      const Scalar b = xs[static_cast<std::size_t>(g() % xs.size())];
      const Bytes32 bb = scalar_to_bytes_le(b);
      crypto_core_ristretto255_scalar_add(r.data(), ab.data(), bb.data());
      EXPECT_EQ(r, scalar_to_bytes_le(a + b));
      crypto_core_ristretto255_scalar_sub(r.data(), ab.data(), bb.data());
      EXPECT_EQ(r, scalar_to_bytes_le(a - b));
      crypto_core_ristretto255_scalar_mul(r.data(), ab.data(), bb.data());
      EXPECT_EQ(r, scalar_to_bytes_le(a * b));
    }
  }
  for (int i = 0; i < 40; ++i) {
    std::array<std::uint8_t, 64> wide;
    for (auto& x : wide) x = static_cast<std::uint8_t>(g());
    if (i == 0) wide.fill(0xff);
    Bytes32 r;
    crypto_core_ristretto255_scalar_reduce(r.data(), wide.data());
    EXPECT_EQ(r, scalar_to_bytes_le(scalar_reduce_wide_le(wide)));
  }
}

TEST(Scalar25519, RejectsNonCanonical) {
  for (unsigned k = 0; k < 3; ++k) {
    const Bytes32 b = u256_to_bytes_le(Scalar::kModulus + U256::from_u64(k));
    EXPECT_FALSE(scalar_from_bytes_le(b).ok()) << k;
  }
  Bytes32 ff;
  ff.fill(0xff);
  EXPECT_FALSE(scalar_from_bytes_le(ff).ok());
  EXPECT_TRUE(scalar_from_bytes_le(u256_to_bytes_le(Scalar::kModulus - U256::from_u64(1))).ok());
}

}  // namespace
}  // namespace zkc::ff::curve25519
