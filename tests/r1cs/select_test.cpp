// Conditional select: both branches, random values, a non-boolean condition, a wrong output.
#include "zkc/r1cs/gadgets/select.hpp"

#include <gtest/gtest.h>

#include "r1cs_testing.hpp"

namespace zkc::r1cs::gadgets {
namespace {

Fr F(std::uint64_t v) { return Fr::from_u64(v); }

auto select_circuit(Fr cond, Fr x, Fr y, Fr* out_value = nullptr) {
  return [=](Builder& b) {
    const Boolean c = alloc_boolean(b, cond, "cond");
    const Variable vx = b.private_input(x), vy = b.private_input(y);
    const Variable out = select(b, c, 2 * vx + 1, vy, "sel");
    if (out_value) *out_value = b.value(out);
  };
}

TEST(Select, PicksTheBranch) {
  auto g = testing::rng(0x5e1);
  for (int i = 0; i < 50; ++i) {
    const Fr x = Fr::from_u256(testing::random_below(g, Fr::kModulus)).value();
    const Fr y = Fr::from_u256(testing::random_below(g, Fr::kModulus)).value();
    Fr out;
    EXPECT_TRUE(test::build_and_check(select_circuit(F(1), x, y, &out)));
    EXPECT_EQ(out, x.dbl() + F(1));
    EXPECT_TRUE(test::build_and_check(select_circuit(F(0), x, y, &out)));
    EXPECT_EQ(out, y);
  }
}

TEST(Select, RejectsNonBooleanCondition) {
  // cond = 2 with the output a cheating prover would compute from it (y + 2 (x' - y)): the select
  // constraint holds, the booleanity of the condition does not.
  Fr out;
  const Status s = test::build_and_check(select_circuit(F(2), F(10), F(3), &out));
  ASSERT_FALSE(s);
  EXPECT_EQ(out, F(3) + F(2) * (F(21) - F(3)));
  EXPECT_NE(test::message(s).find("'cond'"), std::string::npos) << test::message(s);
}

TEST(Select, RejectsWrongOutput) {
  for (const Fr& bad : {F(3), F(22), F(0)}) {  // the other branch, off by one, zero
    const Status s = test::build_and_check(select_circuit(F(1), F(10), F(3)), test::tamper_set("sel", bad));
    ASSERT_FALSE(s);
    EXPECT_NE(test::message(s).find("'sel'"), std::string::npos) << test::message(s);
  }
}

}  // namespace
}  // namespace zkc::r1cs::gadgets
