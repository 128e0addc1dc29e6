// Word arithmetic modulo RNS primes against unsigned __int128 division (the obvious oracle).
#include "zkc/he/ckks/modulus.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "testing/testing.hpp"
#include "zkc/he/ckks/primes.hpp"

namespace zkc::he::ckks {
namespace {

std::vector<u64> test_primes() {
  std::vector<u64> out;
  for (int bits : {20, 30, 36, 40, 50, 59, 60}) {
    out.push_back(generate_ntt_primes(1024, {bits}).value()[0]);
  }
  return out;
}

TEST(Modulus, AgreesWithDivisionOnRandomAndEdgeValues) {
  auto g = testing::rng(1);
  for (u64 q : test_primes()) {
    const Modulus m(q);
    std::vector<u64> edge = {0, 1, 2, q / 2, q / 2 + 1, q - 2, q - 1};
    std::vector<u64> xs = edge;
    for (int i = 0; i < 200; ++i) xs.push_back(g() % q);
    for (u64 a : xs) {
      for (u64 b : edge) {
        ASSERT_EQ(m.mul(a, b), static_cast<u64>(static_cast<u128>(a) * b % q)) << q << " " << a << " " << b;
        ASSERT_EQ(m.add(a, b), static_cast<u64>((static_cast<u128>(a) + b) % q));
        ASSERT_EQ(m.sub(a, b), static_cast<u64>((static_cast<u128>(a) + q - b) % q));
        const u64 bs = m.shoup(b);
        ASSERT_EQ(m.mul_shoup(a, b, bs), static_cast<u64>(static_cast<u128>(a) * b % q));
        ASSERT_LT(m.mul_shoup_lazy(a + 3 * q, b, bs), 2 * q);  // any input below 2^64
      }
      const u64 b = g() % q;
      ASSERT_EQ(m.mul(a, b), static_cast<u64>(static_cast<u128>(a) * b % q));
      ASSERT_EQ(m.neg(a), (q - a) % q);
    }
    // reduce128 on every product range; reduce64 and from_signed on the whole word range.
    for (int i = 0; i < 500; ++i) {
      const u128 x = static_cast<u128>(g() % q) * (g() % q);
      ASSERT_EQ(m.reduce128(x), static_cast<u64>(x % q));
      const u128 w = (static_cast<u128>(g()) << 64) | g();  // any 128-bit value
      ASSERT_EQ(m.reduce_wide(w), static_cast<u64>(w % q));
      const u64 y = g();
      ASSERT_EQ(m.reduce64(y), y % q);
      const auto s = static_cast<std::int64_t>(g());
      const std::int64_t r = static_cast<std::int64_t>(static_cast<__int128>(s) % static_cast<__int128>(q));
      ASSERT_EQ(m.from_signed(s), static_cast<u64>(r < 0 ? r + static_cast<std::int64_t>(q) : r));
    }
    for (std::int64_t s :
         {std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max(),
          std::int64_t{-1}, std::int64_t{0}, std::int64_t{1}, -static_cast<std::int64_t>(q)}) {
      const __int128 r = static_cast<__int128>(s) % static_cast<__int128>(q);
      ASSERT_EQ(m.from_signed(s), static_cast<u64>(r < 0 ? r + q : r)) << s;
    }
    ASSERT_EQ(m.reduce64(~u64{0}), ~u64{0} % q);
    ASSERT_EQ(m.reduce_wide(~static_cast<u128>(0)), static_cast<u64>(~static_cast<u128>(0) % q));
    ASSERT_EQ(m.reduce_wide(0), 0u);
    ASSERT_EQ(m.reduce128(static_cast<u128>(q - 1) * (q - 1)), 1u);
    ASSERT_EQ(m.mul(m.inverse(12345 % q), 12345 % q), 1u);
  }
}

}  // namespace
}  // namespace zkc::he::ckks
