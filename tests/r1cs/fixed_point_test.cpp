// Signed range checks, sign, ReLU, truncation and fixed-point products, against GMP floor division.
#include "zkc/r1cs/gadgets/fixed_point.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "r1cs_testing.hpp"

namespace zkc::r1cs::gadgets {
namespace {

using test::fr_of;
using test::pow2;

Fr F(std::uint64_t v) { return Fr::from_u64(v); }

mpz_class floor_shift(const mpz_class& x, unsigned f) {  // floor(x / 2^f), GMP
  mpz_class q;
  mpz_fdiv_q_2exp(q.get_mpz_t(), x.get_mpz_t(), f);
  return q;
}

auto truncate_circuit(const mpz_class& x, unsigned f, unsigned bound, Fr* q = nullptr) {
  return [=](Builder& b) {
    const Variable vx = b.private_input(fr_of(x));
    const std::size_t before = b.num_constraints();
    const Variable vq = truncate(b, vx, f, bound, "t");
    EXPECT_EQ(b.num_constraints() - before, bound + 1);
    if (q) *q = b.value(vq);
  };
}

TEST(Truncate, FloorDivisionAgainstGmp) {
  auto g = testing::rng(0x7c);
  for (unsigned bound : {1u, 8u, 32u, 64u, 100u, 200u, 252u})
    for (unsigned f : {1u, bound / 2, bound}) {
      if (f == 0) continue;
      std::vector<mpz_class> xs = {-pow2(bound), pow2(bound) - 1, -1,           0,           1,
                                   pow2(f) - 1,  -pow2(f),        -pow2(f) - 1, -pow2(f) + 1};
      for (int i = 0; i < 10; ++i) xs.push_back(test::random_range(g, -pow2(bound), pow2(bound)));
      for (const mpz_class& x : xs) {
        if (x < -pow2(bound) || x >= pow2(bound)) continue;
        Fr q;
        const Status s = test::build_and_check(truncate_circuit(x, f, bound, &q));
        EXPECT_TRUE(s) << x.get_str() << " f=" << f << " B=" << bound << ": " << test::message(s);
        EXPECT_EQ(q, fr_of(floor_shift(x, f))) << x.get_str() << " f=" << f << " B=" << bound;
      }
    }
}

TEST(Truncate, ProvesTheBound) {
  for (unsigned bound : {1u, 8u, 64u, 252u}) {
    const unsigned f = (bound + 1) / 2;
    for (const mpz_class& x : {mpz_class(pow2(bound)), mpz_class(-pow2(bound) - 1),
                               mpz_class(pow2(bound + 1)), mpz_class(-pow2(bound + 1)), mpz_class(pow2(252))})
      if (x >= pow2(bound) || x < -pow2(bound)) {
        EXPECT_FALSE(test::build_and_check(truncate_circuit(x, f, bound))) << x.get_str() << " B=" << bound;
      }
  }
}

TEST(Truncate, RejectsRemainderOutOfRange) {
  auto g = testing::rng(0x7e3);
  for (unsigned bound : {8u, 64u, 252u})
    for (unsigned f : {1u, 4u, bound / 2}) {
      for (int rep = 0; rep < 5; ++rep) {
        // Leave room for q +- 1 in q's own range, so that only the remainder can fail.
        const mpz_class x = test::random_range(g, -pow2(bound) + pow2(f + 1), pow2(bound) - pow2(f + 1));
        // q + 1: remainder x - 2^f (q + 1) is negative.
        Status s = test::build_and_check(truncate_circuit(x, f, bound),
                                         test::tamper("t/q", [](const Fr& q) { return q + F(1); }));
        ASSERT_FALSE(s) << x.get_str();
        EXPECT_NE(test::message(s).find("'t/rem/"), std::string::npos) << test::message(s);
        // q - 1: remainder in [2^f, 2^(f+1)).
        s = test::build_and_check(truncate_circuit(x, f, bound),
                                  test::tamper("t/q", [](const Fr& q) { return q - F(1); }));
        ASSERT_FALSE(s) << x.get_str();
        EXPECT_NE(test::message(s).find("'t/rem/"), std::string::npos) << test::message(s);
        // Round to nearest or toward zero where it differs from floor: also a wrong q.
        const Fr honest = fr_of(floor_shift(x, f));
        s = test::build_and_check(truncate_circuit(x, f, bound), test::tamper_set("t/q", honest + F(2)));
        EXPECT_FALSE(s);
      }
    }
}

TEST(FixedMul, AgainstGmp) {
  auto g = testing::rng(0xf1d);
  struct Case {
    unsigned bx, by, f;
  };
  for (const Case& c : {Case{8, 8, 4}, Case{16, 16, 8}, Case{20, 30, 16}, Case{64, 64, 32},
                        Case{126, 126, 100}, Case{1, 1, 1}}) {
    const unsigned bound = c.bx + c.by;
    std::vector<std::pair<mpz_class, mpz_class>> xy = {{pow2(c.bx) - 1, pow2(c.by) - 1},
                                                       {-pow2(c.bx) + 1, pow2(c.by) - 1},
                                                       {-pow2(c.bx) + 1, -pow2(c.by) + 1},
                                                       {0, -1},
                                                       {-1, 1}};
    for (int i = 0; i < 10; ++i)
      xy.push_back({test::random_range(g, -pow2(c.bx) + 1, pow2(c.bx)),
                    test::random_range(g, -pow2(c.by) + 1, pow2(c.by))});
    for (const auto& pair : xy) {
      const mpz_class &x = pair.first, &y = pair.second;  // clang 14 cannot capture structured bindings
      Fr q;
      const Status s = test::build_and_check([&](Builder& b) {
        const Variable vx = b.private_input(fr_of(x)), vy = b.private_input(fr_of(y));
        const std::size_t before = b.num_constraints();
        q = b.value(fixed_mul(b, vx, vy, c.f, bound, "fm"));
        EXPECT_EQ(b.num_constraints() - before, bound + 2);
      });
      EXPECT_TRUE(s) << x.get_str() << " * " << y.get_str() << ": " << test::message(s);
      EXPECT_EQ(q, fr_of(floor_shift(x * y, c.f))) << x.get_str() << " * " << y.get_str() << " >> " << c.f;
    }
  }
}

TEST(FixedMul, RejectsProductOutsideTheBound) {
  // 2^10 * 2^10 = 2^20 is outside bound 20 ([-2^20, 2^20)); -2^10 * 2^10 = -2^20 is inside.
  auto circuit = [](std::int64_t x, std::int64_t y) {
    return [=](Builder& b) {
      fixed_mul(b, b.private_input(fr_from_i64(x)), b.private_input(fr_from_i64(y)), 4, 20, "fm");
    };
  };
  EXPECT_FALSE(test::build_and_check(circuit(1024, 1024)));
  EXPECT_TRUE(test::build_and_check(circuit(-1024, 1024)));
  EXPECT_FALSE(test::build_and_check(circuit(-1025, 1024)));
  EXPECT_TRUE(test::build_and_check(circuit(1023, 1025)));
}

TEST(Signed, RangeSignAndRelu) {
  auto g = testing::rng(0x5197);
  for (unsigned bound : {0u, 1u, 7u, 64u, 200u, 252u}) {
    std::vector<mpz_class> xs = {-pow2(bound), pow2(bound) - 1, 0, -1};
    for (int i = 0; i < 10; ++i) xs.push_back(test::random_range(g, -pow2(bound), pow2(bound)));
    for (const mpz_class& x : xs) {
      Fr nonneg, neg, relu_out;
      const Status s = test::build_and_check([&](Builder& b) {
        const Variable vx = b.private_input(fr_of(x));
        range_check_signed(b, vx, bound, "rc");
        nonneg = b.value(is_nonnegative(b, vx, bound, "nn").lc());
        neg = b.value(is_negative(b, vx, bound, "neg").lc());
        relu_out = b.value(relu(b, vx, bound, "relu"));
        EXPECT_EQ(b.num_constraints(), 3 * (bound + 1) + (bound + 2));
      });
      EXPECT_TRUE(s) << x.get_str() << " B=" << bound << ": " << test::message(s);
      EXPECT_EQ(nonneg, F(x >= 0));
      EXPECT_EQ(neg, F(x < 0));
      EXPECT_EQ(relu_out, fr_of(x >= 0 ? x : mpz_class(0)));
    }
    for (const mpz_class& x : {mpz_class(pow2(bound)), mpz_class(-pow2(bound) - 1)}) {
      EXPECT_FALSE(test::build_and_check(
          [&](Builder& b) { range_check_signed(b, b.private_input(fr_of(x)), bound, "rc"); }));
      EXPECT_FALSE(
          test::build_and_check([&](Builder& b) { relu(b, b.private_input(fr_of(x)), bound, "relu"); }));
    }
  }
}

TEST(Signed, ReluRejectsAFlippedSign) {
  // A cheating prover claims 5 is negative (relu = 0) or -5 non-negative (relu = -5).
  for (std::int64_t x : {5, -5}) {
    const Status s =
        test::build_and_check([&](Builder& b) { relu(b, b.private_input(fr_from_i64(x)), 16, "relu"); },
                              test::tamper("relu/sign/bit16", [](const Fr& v) { return F(1) - v; }));
    ASSERT_FALSE(s);
    EXPECT_NE(test::message(s).find("'relu/sign/bit0'"), std::string::npos) << test::message(s);
  }
}

TEST(Signed, ToI64) {
  EXPECT_EQ(to_i64_vartime(Fr::zero()), 0);
  EXPECT_EQ(to_i64_vartime(-F(1)), -1);
  EXPECT_EQ(to_i64_vartime(F(0x7fffffffffffffffULL)), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(to_i64_vartime(-F(0x8000000000000000ULL)), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(to_i64_vartime(F(0x8000000000000000ULL)), std::nullopt);
  EXPECT_EQ(to_i64_vartime(-F(0x8000000000000000ULL) - F(1)), std::nullopt);
  for (std::int64_t v : {std::int64_t{-123456789}, std::int64_t{42}})
    EXPECT_EQ(to_i64_vartime(fr_from_i64(v)), v);
}

}  // namespace
}  // namespace zkc::r1cs::gadgets
