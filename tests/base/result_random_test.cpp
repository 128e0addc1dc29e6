// Result/Status and ZKC_TRY; the CSPRNG and secure wiping.
#include <gtest/gtest.h>

#include <array>
#include <string>

#include "zkc/base/random.hpp"
#include "zkc/base/result.hpp"

namespace zkc {
namespace {

Result<int> parse_positive(int v) {
  if (v <= 0) return make_error(Errc::kInvalidArgument, "value must be positive, got " + std::to_string(v));
  return v;
}

Result<int> doubled(int v) {
  ZKC_TRY(const int x, parse_positive(v));
  return 2 * x;
}

TEST(Result, ValueOrErrorAndTryPropagates) {
  EXPECT_EQ(doubled(21).value(), 42);
  const auto bad = doubled(-1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(bad.error().message, "value must be positive, got -1");
  EXPECT_STREQ(errc_name(Errc::kNotInSubgroup), "not in subgroup");
  EXPECT_TRUE(Status::success().ok());
  const Status s = make_error(Errc::kIo, "cannot open x");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, Errc::kIo);
}

TEST(ResultDeathTest, ValueOfAnErrorIsABug) {
  EXPECT_DEATH((void)doubled(0).value(), "value must be positive");
}

TEST(Random, BytesDifferAndWipeZeroes) {
  std::array<std::uint8_t, 32> a{}, b{};
  random_bytes(a);
  random_bytes(b);
  EXPECT_NE(a, b);
  // 256 random bits are never all zero in practice (probability 2^-256).
  EXPECT_NE(a, (std::array<std::uint8_t, 32>{}));
  secure_wipe(a);
  EXPECT_EQ(a, (std::array<std::uint8_t, 32>{}));
}

}  // namespace
}  // namespace zkc
