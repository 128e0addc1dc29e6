// Comparisons and equality: results against GMP, wrong results rejected.
#include "zkc/r1cs/gadgets/compare.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "r1cs_testing.hpp"

namespace zkc::r1cs::gadgets {
namespace {

using test::fr_of;
using test::pow2;

Fr F(std::uint64_t v) { return Fr::from_u64(v); }

struct Results {
  Fr lt, le, gt, ge;
};

auto compare_circuit(const mpz_class& x, const mpz_class& y, unsigned n, Results* r) {
  return [=](Builder& b) {
    const Variable vx = b.private_input(fr_of(x)), vy = b.public_input(fr_of(y));
    const std::size_t before = b.num_constraints();
    const Boolean lt = less_than(b, vx, vy, n, "lt");
    EXPECT_EQ(b.num_constraints() - before, n + 1);
    const Boolean le = less_equal(b, vx, vy, n, "le");
    const Boolean gt = greater_than(b, vx, vy, n, "gt");
    const Boolean ge = greater_equal(b, vx, vy, n, "ge");
    *r = {b.value(lt.lc()), b.value(le.lc()), b.value(gt.lc()), b.value(ge.lc())};
  };
}

void expect_compare(const mpz_class& x, const mpz_class& y, unsigned n) {
  Results r;
  const Status s = test::build_and_check(compare_circuit(x, y, n, &r));
  EXPECT_TRUE(s) << x.get_str() << " vs " << y.get_str() << ": " << test::message(s);
  EXPECT_EQ(r.lt, F(x < y)) << x.get_str() << " < " << y.get_str() << " n=" << n;
  EXPECT_EQ(r.le, F(x <= y)) << x.get_str() << " <= " << y.get_str() << " n=" << n;
  EXPECT_EQ(r.gt, F(x > y)) << x.get_str() << " > " << y.get_str() << " n=" << n;
  EXPECT_EQ(r.ge, F(x >= y)) << x.get_str() << " >= " << y.get_str() << " n=" << n;
}

TEST(Compare, UnsignedAgainstGmp) {
  auto g = testing::rng(0xc0e);
  for (unsigned n : {1u, 2u, 3u, 8u, 32u, 63u, 64u, 100u, 200u, 251u, 252u}) {
    const mpz_class top = pow2(n) - 1;
    for (const auto& [x, y] : std::vector<std::pair<mpz_class, mpz_class>>{
             {0, 0}, {0, top}, {top, 0}, {top, top}, {top - 1, top}, {top, top - 1}})
      expect_compare(x, y, n);
    for (int rep = 0; rep < 20; ++rep) {
      const mpz_class x = test::random_range(g, 0, pow2(n));
      const mpz_class y = rep % 3 == 0   ? x
                          : rep % 3 == 1 ? test::random_range(g, 0, pow2(n))
                                         : mpz_class(x ^ 1);
      if (y < pow2(n)) expect_compare(x, y, n);
    }
  }
}

TEST(Compare, SignedWithinHalfTheWidth) {
  // -2^(n-1) <= x, y < 2^(n-1) (negative values as r - |x|) is inside the precondition.
  auto g = testing::rng(0x5c0e);
  for (unsigned n : {2u, 16u, 64u, 252u}) {
    const mpz_class lo = -pow2(n - 1), hi = pow2(n - 1);
    expect_compare(lo, hi - 1, n);
    expect_compare(hi - 1, lo, n);
    expect_compare(lo, lo, n);
    for (int rep = 0; rep < 20; ++rep)
      expect_compare(test::random_range(g, lo, hi), test::random_range(g, lo, hi), n);
  }
}

TEST(Compare, RejectsAWrongResult) {
  // The result is the top bit of x - y + 2^n; flipping it (as a cheating prover would) leaves bit 0,
  // a linear combination, off by 2^n.
  for (unsigned n : {1u, 8u, 64u, 252u})
    for (const auto& [x, y] : std::vector<std::pair<mpz_class, mpz_class>>{{3, 1}, {1, 3}, {1, 1}}) {
      if (x >= pow2(n) || y >= pow2(n)) continue;
      Results r;
      const Status s = test::build_and_check(
          compare_circuit(x, y, n, &r),
          test::tamper("lt/bit" + std::to_string(n), [](const Fr& v) { return F(1) - v; }));
      ASSERT_FALSE(s);
      EXPECT_EQ(r.lt, F(x >= y)) << "the tampered result";
      EXPECT_NE(test::message(s).find("'lt/bit0'"), std::string::npos) << test::message(s);
    }
}

auto is_zero_circuit(const Fr& x, const Fr& y, Fr* out) {
  return [=](Builder& b) {
    const Variable vx = b.private_input(x), vy = b.private_input(y);
    *out = b.value(is_equal(b, vx, vy, "eq").lc());
  };
}

TEST(IsZero, ValuesAndCheatingOutputs) {
  auto g = testing::rng(0x15e);
  for (int rep = 0; rep < 20; ++rep) {
    const Fr x = Fr::from_u256(testing::random_below(g, Fr::kModulus)).value();
    const Fr y = rep % 2 ? x : Fr::from_u256(testing::random_below(g, Fr::kModulus)).value();
    const bool equal = x == y;
    Fr out;
    EXPECT_TRUE(test::build_and_check(is_zero_circuit(x, y, &out)));
    EXPECT_EQ(out, F(equal));
    // The other output, with whatever inverse hint fits it best.
    Builder::Options o;
    Fr flipped;
    o.hint_hook = [&](std::string_view name, Fr& v) {
      if (name == "eq/out") flipped = v = F(1) - v;
      if (name == "eq/inv") v = equal ? F(12345) : Fr::zero();
    };
    const Status s = test::build_and_check(is_zero_circuit(x, y, &out), std::move(o));
    ASSERT_FALSE(s);
    EXPECT_NE(test::message(s).find(equal ? "'eq/inv'" : "'eq/out'"), std::string::npos) << test::message(s);
  }
}

auto enforce_circuit(const mpz_class& x, const mpz_class& y, unsigned n, bool strict) {
  return [=](Builder& b) {
    const Variable vx = b.private_input(fr_of(x)), vy = b.private_input(fr_of(y));
    const std::size_t before = b.num_constraints();
    if (strict)
      enforce_less_than(b, vx, vy, n, "lt");
    else
      enforce_less_equal(b, vx, vy, n, "le");
    EXPECT_EQ(b.num_constraints() - before, n);
  };
}

TEST(EnforceCompare, UnsignedAndSignedAgainstGmp) {
  auto g = testing::rng(0xe1f);
  for (unsigned n : {1u, 8u, 64u, 252u}) {
    const mpz_class top = pow2(n) - 1;
    for (const auto& [x, y] : std::vector<std::pair<mpz_class, mpz_class>>{
             {0, 0}, {0, top}, {top, 0}, {top, top}, {top - 1, top}, {top, top - 1}}) {
      EXPECT_EQ(test::build_and_check(enforce_circuit(x, y, n, true)).ok(), x < y)
          << x.get_str() << " " << y.get_str();
      EXPECT_EQ(test::build_and_check(enforce_circuit(x, y, n, false)).ok(), x <= y)
          << x.get_str() << " " << y.get_str();
    }
    for (int rep = 0; rep < 10; ++rep) {
      const mpz_class x = test::random_range(g, 0, pow2(n)), y = test::random_range(g, 0, pow2(n));
      EXPECT_EQ(test::build_and_check(enforce_circuit(x, y, n, true)).ok(), x < y);
      EXPECT_EQ(test::build_and_check(enforce_circuit(x, y, n, false)).ok(), x <= y);
    }
  }
  // Signed operands with |x|, |y| < 2^251 and n = 252: sound because y - x stays within (-r/2, r/2).
  for (int rep = 0; rep < 20; ++rep) {
    const mpz_class x = test::random_range(g, -pow2(251) + 1, pow2(251));
    const mpz_class y = rep % 4 == 0 ? x : test::random_range(g, -pow2(251) + 1, pow2(251));
    EXPECT_EQ(test::build_and_check(enforce_circuit(x, y, 252, true)).ok(), x < y);
    EXPECT_EQ(test::build_and_check(enforce_circuit(x, y, 252, false)).ok(), x <= y);
  }
}

}  // namespace
}  // namespace zkc::r1cs::gadgets
