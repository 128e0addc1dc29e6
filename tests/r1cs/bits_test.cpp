// Bit decomposition, range checks, comparison with a constant, strict decomposition.
#include "zkc/r1cs/gadgets/bits.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "r1cs_testing.hpp"

namespace zkc::r1cs::gadgets {
namespace {

using test::fr_of;
using test::mpz_of;
using test::pow2;

Fr F(std::uint64_t v) { return Fr::from_u64(v); }
const mpz_class kR = testing::to_mpz(Fr::kModulus);

TEST(ToBits, MatchesGmpOnRandomValues) {
  auto g = testing::rng(0xb175);
  for (unsigned n : {1u, 2u, 3u, 8u, 63u, 64u, 65u, 128u, 200u, 252u, 253u}) {
    for (int rep = 0; rep < 8; ++rep) {
      mpz_class x = rep == 0 ? mpz_class(0) : rep == 1 ? pow2(n) - 1 : test::random_range(g, 0, pow2(n));
      Builder b;
      const Variable vx = b.private_input(fr_of(x));
      const std::vector<Boolean> bits = to_bits(b, vx, n, "x");
      ASSERT_EQ(bits.size(), n);
      for (unsigned i = 0; i < n; ++i)
        EXPECT_EQ(b.value(bits[i].lc()), F(mpz_tstbit(x.get_mpz_t(), i))) << n << " " << i;
      EXPECT_EQ(b.value(from_bits(bits)), fr_of(x));
      EXPECT_EQ(b.num_constraints(), n);
      BuildOutput out = b.build();
      EXPECT_TRUE(check(out.cs, out.witness)) << test::message(check(out.cs, out.witness));
    }
  }
}

auto range_circuit(const mpz_class& x, unsigned n) {
  return [x, n](Builder& b) { range_check(b, b.private_input(fr_of(x)), n, "rc"); };
}

TEST(RangeCheck, Boundaries) {
  for (unsigned n : {1u, 2u, 10u, 64u, 128u, 252u, 253u}) {
    EXPECT_TRUE(test::build_and_check(range_circuit(0, n))) << n;
    EXPECT_TRUE(test::build_and_check(range_circuit(pow2(n) - 1, n))) << n;
    EXPECT_FALSE(test::build_and_check(range_circuit(pow2(n), n))) << n;
    EXPECT_FALSE(test::build_and_check(range_circuit(pow2(n) + 1, n))) << n;
    EXPECT_FALSE(test::build_and_check(range_circuit(-1, n))) << n;  // r - 1
    // r - 2^n: out of range, except for n = 253 where r - 2^253 < 2^253.
    EXPECT_EQ(test::build_and_check(range_circuit(-pow2(n), n)).ok(), kR - pow2(n) < pow2(n)) << n;
  }
  EXPECT_TRUE(test::build_and_check(range_circuit(0, 0)));
  EXPECT_FALSE(test::build_and_check(range_circuit(1, 0)));
  EXPECT_FALSE(test::build_and_check(range_circuit(-1, 0)));
}

TEST(RangeCheck, RandomValuesAgainstGmp) {
  auto g = testing::rng(0x4a9);
  for (int rep = 0; rep < 200; ++rep) {
    const unsigned n = 1 + static_cast<unsigned>(g() % 253);
    // Half below 2^n, half in [2^n, r).
    const mpz_class x = (rep % 2) ? test::random_range(g, 0, pow2(n)) : test::random_range(g, pow2(n), kR);
    EXPECT_EQ(test::build_and_check(range_circuit(x, n)).ok(), x < pow2(n)) << x.get_str() << " " << n;
  }
}

TEST(RangeCheck, RejectsNonBooleanBits) {
  // x = 4 in 3 bits, bits (0, 2, 0): the sum is right, bit 1 is not a bit.
  Builder::Options o;
  o.hint_hook = [](std::string_view n, Fr& v) {
    if (n == "rc/bit1") v = F(2);
    if (n == "rc/bit2") v = F(0);
  };
  Status s = test::build_and_check(range_circuit(4, 3), o);
  ASSERT_FALSE(s);
  EXPECT_NE(test::message(s).find("'rc/bit1'"), std::string::npos) << test::message(s);
  // x = 2 in 2 bits with bit 1 cleared: bit 0 (a linear combination) would have to be 2.
  s = test::build_and_check(range_circuit(2, 2), test::tamper_set("rc/bit1", F(0)));
  ASSERT_FALSE(s);
  EXPECT_NE(test::message(s).find("'rc/bit0'"), std::string::npos) << test::message(s);
  // x = 2^10 + 5 in 10 bits: bit 9 = 3 makes the sum 3 * 2^9 + ... which cannot reach x either.
  s = test::build_and_check(range_circuit(1024 + 5, 10), test::tamper_set("rc/bit9", F(2)));
  EXPECT_FALSE(s);
}

// Bits given as inputs, checked against the constant c.
auto le_circuit(const mpz_class& x, unsigned n, const mpz_class& c) {
  return [=](Builder& b) {
    std::vector<Boolean> bits;
    for (unsigned i = 0; i < n; ++i) bits.push_back(alloc_boolean(b, F(mpz_tstbit(x.get_mpz_t(), i)), "in"));
    enforce_bits_le_constant(b, bits, testing::from_mpz(c), "le");
  };
}

TEST(BitsLeConstant, ExhaustiveSmallWidths) {
  for (unsigned n = 1; n <= 6; ++n)
    for (unsigned long c = 0; c < (2ul << n); ++c)
      for (unsigned long x = 0; x < (1ul << n); ++x)
        ASSERT_EQ(test::build_and_check(le_circuit(x, n, c)).ok(), x <= c)
            << "x=" << x << " c=" << c << " n=" << n;
}

TEST(BitsLeConstant, CheatingEqualityHintsAreRejected) {
  // For every x > c, replace each (eq, inv) hint pair by the honest one, by the flipped e with the
  // inv that satisfies t * inv = 1 - e, or by e = 2 likewise: every combination must fail.
  std::size_t cases = 0;
  for (unsigned n = 2; n <= 6; ++n)
    for (unsigned long c = 0; c < (1ul << n); ++c)
      for (unsigned long x = c + 1; x < (1ul << n); ++x) {
        unsigned num_eq = 0;
        Builder::Options count;
        count.hint_hook = [&](std::string_view name, Fr&) { num_eq += name.starts_with("le/eq"); };
        ASSERT_FALSE(test::build_and_check(le_circuit(x, n, c), std::move(count)));
        unsigned long combinations = 1;
        for (unsigned k = 0; k < num_eq; ++k) combinations *= 3;
        for (unsigned long choice = 1; choice < combinations; ++choice) {
          unsigned long digits = choice;
          Fr e_used;
          Builder::Options o;
          o.hint_hook = [&](std::string_view name, Fr& v) {
            if (name.starts_with("le/eq")) {
              const unsigned long d = digits % 3;
              digits /= 3;
              if (d == 1) v = F(1) - v;
              if (d == 2) v = F(2);
              e_used = v;
            } else if (name.starts_with("le/inv")) {
              v = (F(1) - e_used) * v;  // the honest v is 1/t, or 0 for t = 0
            }
          };
          ASSERT_FALSE(test::build_and_check(le_circuit(x, n, c), std::move(o)))
              << "x=" << x << " c=" << c << " choice=" << choice;
          ++cases;
        }
      }
  EXPECT_GT(cases, 1000u);
}

TEST(BitsLeConstant, RandomWideConstantsAgainstGmp) {
  auto g = testing::rng(0x1ec);
  for (int rep = 0; rep < 100; ++rep) {
    const unsigned n = 1 + static_cast<unsigned>(g() % 254);
    const mpz_class c = test::random_range(g, 0, pow2(n));
    mpz_class x;
    switch (rep % 4) {
      case 0:
        x = c;
        break;
      case 1:
        x = c + 1 < pow2(n) ? mpz_class(c + 1) : mpz_class(c);
        break;
      case 2:
        x = c > 0 ? mpz_class(c - 1) : mpz_class(c);
        break;
      default:
        x = test::random_range(g, 0, pow2(n));
        break;
    }
    EXPECT_EQ(test::build_and_check(le_circuit(x, n, c)).ok(), x <= c)
        << x.get_str() << " <= " << c.get_str();
  }
}

auto strict_circuit(const Fr& x, std::vector<Fr>* bit_values = nullptr) {
  return [=](Builder& b) {
    const std::vector<Boolean> bits = to_bits_strict(b, b.private_input(x), "strict");
    EXPECT_EQ(bits.size(), 254u);
    EXPECT_EQ(b.value(from_bits(bits)), x);
    if (bit_values)
      for (const Boolean& bit : bits) bit_values->push_back(b.value(bit.lc()));
  };
}

TEST(ToBitsStrict, CanonicalBitsOfEveryElement) {
  auto g = testing::rng(0x5791c7);
  std::vector<mpz_class> xs = {0,
                               1,
                               2,
                               kR - 1,
                               kR - 2,
                               pow2(253),
                               pow2(253) - 1,
                               kR - pow2(28),
                               kR - pow2(28) - 1,
                               pow2(254) - kR,
                               pow2(254) - kR - 1};
  for (int i = 0; i < 30; ++i) xs.push_back(test::random_range(g, 0, kR));
  for (const mpz_class& x : xs) {
    std::vector<Fr> bits;
    const Status s = test::build_and_check(strict_circuit(fr_of(x), &bits));
    EXPECT_TRUE(s) << x.get_str() << ": " << test::message(s);
    ASSERT_EQ(bits.size(), 254u);
    for (unsigned i = 0; i < 254; ++i)
      EXPECT_EQ(bits[i], F(mpz_tstbit(x.get_mpz_t(), i))) << x.get_str() << " bit " << i;
  }
}

TEST(ToBitsStrict, RejectsTheBitsOfXPlusR) {
  // For x < 2^254 - r, x + r also has 254 bits and the same value mod r: only the comparison with
  // r - 1 tells them apart. The boolean and sum constraints all hold; the comparison must fail.
  auto g = testing::rng(0xa11a5);
  std::vector<mpz_class> xs = {0, 1, pow2(254) - kR - 1};
  for (int i = 0; i < 20; ++i) xs.push_back(test::random_range(g, 0, pow2(254) - kR));
  for (const mpz_class& x : xs) {
    const mpz_class alias = x + kR;
    Builder::Options o;
    o.hint_hook = [&](std::string_view name, Fr& v) {
      if (name.starts_with("strict/bit")) {
        const unsigned i = static_cast<unsigned>(std::stoul(std::string(name.substr(10))));
        v = F(mpz_tstbit(alias.get_mpz_t(), i));
      }
    };
    std::vector<Fr> bits;
    const Status s = test::build_and_check(strict_circuit(fr_of(x), &bits), std::move(o));
    ASSERT_FALSE(s) << x.get_str();
    EXPECT_NE(test::message(s).find("'strict/le_r_minus_1/"), std::string::npos) << test::message(s);
    for (unsigned i = 0; i < 254; ++i)
      ASSERT_EQ(bits[i], F(mpz_tstbit(alias.get_mpz_t(), i)));  // bit 0 follows
  }
}

TEST(ToBitsStrict, RejectsANonBooleanBit) {
  // Bit 3 = 2 and bit 4 = 0 keep the sum; the booleanity of bit 3 fails.
  const Fr x = F(16);
  Builder::Options o;
  o.hint_hook = [](std::string_view name, Fr& v) {
    if (name == "strict/bit3") v = F(2);
    if (name == "strict/bit4") v = F(0);
  };
  const Status s = test::build_and_check(strict_circuit(x), std::move(o));
  ASSERT_FALSE(s);
  EXPECT_NE(test::message(s).find("'strict/bit3'"), std::string::npos) << test::message(s);
}

}  // namespace
}  // namespace zkc::r1cs::gadgets
