// Boolean gadgets: truth tables, non-boolean values and wrong outputs rejected.
#include "zkc/r1cs/gadgets/boolean.hpp"

#include <gtest/gtest.h>

#include "r1cs_testing.hpp"

namespace zkc::r1cs::gadgets {
namespace {

Fr F(std::uint64_t v) { return Fr::from_u64(v); }

TEST(Boolean, AllocAcceptsBitsOnly) {
  for (const Fr& v : {F(0), F(1), F(2), -F(1), F(1) + F(1).inverse()}) {
    const Status s = test::build_and_check([&](Builder& b) { alloc_boolean(b, v, "flag"); });
    const bool is_bit = v == F(0) || v == F(1);
    EXPECT_EQ(s.ok(), is_bit) << v.to_decimal();
    if (!is_bit) {
      EXPECT_NE(test::message(s).find("'flag'"), std::string::npos) << test::message(s);
    }
  }
}

TEST(Boolean, EnforceBooleanOnAnExpression) {
  auto circuit = [](Fr x, Fr y) {
    return [=](Builder& b) {
      const Variable vx = b.private_input(x), vy = b.private_input(y);
      enforce_boolean(b, vx - vy, "diff");
    };
  };
  EXPECT_TRUE(test::build_and_check(circuit(F(8), F(7))));
  EXPECT_TRUE(test::build_and_check(circuit(F(7), F(7))));
  EXPECT_FALSE(test::build_and_check(circuit(F(7), F(8))));  // -1
  EXPECT_FALSE(test::build_and_check(circuit(F(9), F(7))));
}

enum class Op { kAnd, kOr, kXor };

TEST(Boolean, TruthTablesAndWrongOutputs) {
  for (Op op : {Op::kAnd, Op::kOr, Op::kXor})
    for (unsigned x = 0; x < 2; ++x)
      for (unsigned y = 0; y < 2; ++y) {
        const unsigned expect = op == Op::kAnd ? (x & y) : op == Op::kOr ? (x | y) : (x ^ y);
        bool honest = true;
        auto circuit = [&](Builder& b) {
          const Boolean bx = alloc_boolean(b, F(x), "x"), by = alloc_boolean(b, F(y), "y");
          const Boolean z = op == Op::kAnd  ? boolean_and(b, bx, by, "z")
                            : op == Op::kOr ? boolean_or(b, bx, by, "z")
                                            : boolean_xor(b, bx, by, "z");
          if (honest) {
            EXPECT_EQ(b.value(z.lc()), F(expect));
            EXPECT_EQ(b.value((!z).lc()), F(1 - expect));
          }
        };
        EXPECT_TRUE(test::build_and_check(circuit));
        honest = false;
        // Any other output value breaks the gate's constraint.
        for (const Fr& bad : {F(1 - expect), F(2), -F(1)}) {
          const Status s = test::build_and_check(circuit, test::tamper_set("z", bad));
          ASSERT_FALSE(s) << x << y;
          EXPECT_NE(test::message(s).find("'z'"), std::string::npos) << test::message(s);
        }
      }
}

TEST(Boolean, Constants) {
  Builder b;
  EXPECT_EQ(b.value(Boolean::constant(true).lc()), F(1));
  EXPECT_EQ(b.value(Boolean::constant(false).lc()), F(0));
  EXPECT_EQ(b.value((!Boolean::constant(false)).lc()), F(1));
  EXPECT_EQ(b.num_constraints(), 0u);
}

}  // namespace
}  // namespace zkc::r1cs::gadgets
