// ConstraintSystem, LinearCombination arithmetic and the checker.
#include "zkc/r1cs/constraint_system.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

#include "r1cs_testing.hpp"

namespace zkc::r1cs {
namespace {

Fr F(std::uint64_t v) { return Fr::from_u64(v); }

LinearCombination W(Wire w) { return LinearCombination{{Term{w, Fr::one()}}}; }

TEST(LinearCombination, ArithmeticMatchesEvaluation) {
  const std::vector<Fr> w = {F(1), F(3), F(5), F(7)};
  const LinearCombination x = W(1), y = W(2), z = W(3);
  EXPECT_EQ((x + y).evaluate(w), F(8));
  EXPECT_EQ((x - y).evaluate(w), -F(2));
  EXPECT_EQ((-x).evaluate(w), -F(3));
  EXPECT_EQ((F(4) * x + y * F(2)).evaluate(w), F(22));
  EXPECT_EQ((3 * z - 2 * x + 1).evaluate(w), F(16));
  EXPECT_EQ((x - 10).evaluate(w), -F(7));
  EXPECT_EQ((10 - x).evaluate(w), F(7));
  EXPECT_EQ((F(10) - x + F(1)).evaluate(w), F(8));
  EXPECT_EQ((x * -1).evaluate(w), -F(3));
  EXPECT_EQ(LinearCombination::constant(F(9)).evaluate(w), F(9));
  EXPECT_TRUE(LinearCombination::constant(Fr::zero()).terms.empty());
  LinearCombination acc;
  acc += x;
  acc -= y;
  acc *= F(3);
  acc += F(1);
  acc -= F(2);
  EXPECT_EQ(acc.evaluate(w), -F(7));
}

TEST(LinearCombination, NormalizeMergesSortsAndDropsZeros) {
  LinearCombination lc = 2 * W(3) + W(1) - 2 * W(3) + W(2) + 5 * W(1) + 0 * W(0);
  const std::vector<Fr> w = {F(1), F(2), F(3), F(4)};
  const Fr before = lc.evaluate(w);
  lc.normalize();
  EXPECT_EQ(lc.evaluate(w), before);
  ASSERT_EQ(lc.terms.size(), 2u);
  EXPECT_EQ(lc.terms[0], (Term{1, F(6)}));
  EXPECT_EQ(lc.terms[1], (Term{2, F(1)}));
}

TEST(FrFromI64, Edges) {
  EXPECT_EQ(fr_from_i64(0), Fr::zero());
  EXPECT_EQ(fr_from_i64(-1), -Fr::one());
  EXPECT_EQ(fr_from_i64(std::numeric_limits<std::int64_t>::max()), F(0x7fffffffffffffffULL));
  EXPECT_EQ(fr_from_i64(std::numeric_limits<std::int64_t>::min()), -F(0x8000000000000000ULL));
}

// x * y = z with z public output: w = [1, z, x, y].
ConstraintSystem multiplier() {
  ConstraintSystem cs;
  cs.num_wires = 4;
  cs.num_public_outputs = 1;
  cs.constraints.push_back(Constraint{W(2), W(3), W(1)});
  cs.constraints.push_back(Constraint{W(2) + W(3), W(0), LinearCombination::constant(F(7))});
  cs.labels = {"mul", "sum/seven"};
  return cs;
}

TEST(Check, AcceptsSatisfyingWitness) {
  const ConstraintSystem cs = multiplier();
  const std::vector<Fr> w = {F(1), F(12), F(3), F(4)};
  EXPECT_TRUE(check(cs, w)) << test::message(check(cs, w));
  EXPECT_EQ(public_signals(cs, w), std::vector<Fr>{F(12)});
}

TEST(Check, NamesTheFirstUnsatisfiedConstraint) {
  const ConstraintSystem cs = multiplier();
  std::vector<Fr> w = {F(1), F(12), F(2), F(6)};  // 2 * 6 = 12 but 2 + 6 != 7
  Status s = check(cs, w);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("constraint 1 'sum/seven'"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find("A = 8"), std::string::npos) << s.error().message;
  w = {F(1), F(13), F(2), F(6)};  // both fail: the first is named
  s = check(cs, w);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("constraint 0 'mul'"), std::string::npos) << s.error().message;
}

TEST(Check, RejectsMalformedInput) {
  ConstraintSystem cs = multiplier();
  EXPECT_FALSE(check(cs, std::vector<Fr>{F(1), F(12), F(3)}));        // short witness
  EXPECT_FALSE(check(cs, std::vector<Fr>{F(2), F(12), F(3), F(4)}));  // w[0] != 1
  cs.labels.pop_back();
  EXPECT_FALSE(cs.validate());  // labels incomplete
  cs = multiplier();
  cs.constraints[0].c.terms.push_back({4, F(1)});
  EXPECT_FALSE(cs.validate());  // wire out of range
  cs = multiplier();
  cs.num_public_outputs = 4;
  EXPECT_FALSE(cs.validate());  // publics do not fit
}

}  // namespace
}  // namespace zkc::r1cs
