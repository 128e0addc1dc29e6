// Golden table of constraint and wire counts per gadget: a change in a gadget's cost shows up here.
// Update a row only with a reason (a cheaper proof, a fixed soundness bug) in the commit message.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "r1cs_testing.hpp"
#include "zkc/r1cs/gadgets/bits.hpp"
#include "zkc/r1cs/gadgets/compare.hpp"
#include "zkc/r1cs/gadgets/fixed_point.hpp"
#include "zkc/r1cs/gadgets/poseidon.hpp"
#include "zkc/r1cs/gadgets/select.hpp"

namespace zkc::r1cs::gadgets {
namespace {

struct Row {
  std::string name;
  std::size_t constraints;
  std::uint32_t wires;  // new variables, beyond the inputs x, y and a boolean c
  std::function<void(Builder&, Variable x, Variable y, const Boolean& c)> gadget;
};

TEST(ConstraintCounts, GoldenTable) {
  const ff::U256 r_minus_1 = Fr::kModulus - ff::U256::from_u64(1);
  const Row rows[] = {
      {"mul", 1, 1, [](Builder& b, Variable x, Variable y, const Boolean&) { b.mul(x, y, "m"); }},
      {"alloc_boolean", 1, 1,
       [](Builder& b, Variable, Variable, const Boolean&) { alloc_boolean(b, Fr::one(), "b"); }},
      {"boolean_and", 1, 1,
       [](Builder& b, Variable, Variable, const Boolean& c) { boolean_and(b, c, !c, "a"); }},
      {"boolean_or", 1, 1,
       [](Builder& b, Variable, Variable, const Boolean& c) { boolean_or(b, c, !c, "o"); }},
      {"boolean_xor", 1, 1,
       [](Builder& b, Variable, Variable, const Boolean& c) { boolean_xor(b, c, !c, "x"); }},
      {"select", 1, 1, [](Builder& b, Variable x, Variable y, const Boolean& c) { select(b, c, x, y, "s"); }},
      {"range_check(0)", 1, 0,
       [](Builder& b, Variable, Variable, const Boolean&) { range_check(b, LinearCombination{}, 0, "r"); }},
      {"range_check(32)", 32, 31,
       [](Builder& b, Variable x, Variable, const Boolean&) { range_check(b, x, 32, "r"); }},
      {"to_bits(8)", 8, 7, [](Builder& b, Variable x, Variable, const Boolean&) { to_bits(b, x, 8, "t"); }},
      {"to_bits(64)", 64, 63,
       [](Builder& b, Variable x, Variable, const Boolean&) { to_bits(b, x, 64, "t"); }},
      {"to_bits(253)", 253, 252,
       [](Builder& b, Variable x, Variable, const Boolean&) { to_bits(b, x, 253, "t"); }},
      {"to_bits_strict", 360, 359,
       [](Builder& b, Variable x, Variable, const Boolean&) { to_bits_strict(b, x, "s"); }},
      {"bits_le_constant(r-1)", 106, 106,
       [&](Builder& b, Variable, Variable, const Boolean& c) {
         std::vector<Boolean> bits(254, c);
         enforce_bits_le_constant(b, bits, r_minus_1, "le");
       }},
      {"is_zero", 2, 2, [](Builder& b, Variable x, Variable, const Boolean&) { is_zero(b, x, "z"); }},
      {"is_equal", 2, 2, [](Builder& b, Variable x, Variable y, const Boolean&) { is_equal(b, x, y, "e"); }},
      {"less_than(16)", 17, 16,
       [](Builder& b, Variable x, Variable y, const Boolean&) { less_than(b, x, y, 16, "l"); }},
      {"less_than(64)", 65, 64,
       [](Builder& b, Variable x, Variable y, const Boolean&) { less_than(b, x, y, 64, "l"); }},
      {"less_than(252)", 253, 252,
       [](Builder& b, Variable x, Variable y, const Boolean&) { less_than(b, x, y, 252, "l"); }},
      {"less_equal(64)", 65, 64,
       [](Builder& b, Variable x, Variable y, const Boolean&) { less_equal(b, x, y, 64, "l"); }},
      {"greater_equal(64)", 65, 64,
       [](Builder& b, Variable x, Variable y, const Boolean&) { greater_equal(b, x, y, 64, "g"); }},
      {"enforce_less_than(64)", 64, 63,
       [](Builder& b, Variable x, Variable y, const Boolean&) { enforce_less_than(b, x, y, 64, "l"); }},
      {"enforce_less_equal(64)", 64, 63,
       [](Builder& b, Variable x, Variable y, const Boolean&) { enforce_less_equal(b, x, y, 64, "l"); }},
      {"range_check_signed(31)", 32, 31,
       [](Builder& b, Variable x, Variable, const Boolean&) { range_check_signed(b, x, 31, "r"); }},
      {"is_nonnegative(31)", 32, 31,
       [](Builder& b, Variable x, Variable, const Boolean&) { is_nonnegative(b, x, 31, "n"); }},
      {"relu(31)", 33, 32, [](Builder& b, Variable x, Variable, const Boolean&) { relu(b, x, 31, "r"); }},
      {"truncate(f=16, B=48)", 49, 48,
       [](Builder& b, Variable x, Variable, const Boolean&) { truncate(b, x, 16, 48, "t"); }},
      {"fixed_mul(f=16, B=48)", 50, 49,
       [](Builder& b, Variable x, Variable y, const Boolean&) { fixed_mul(b, x, y, 16, 48, "f"); }},
      // Poseidon: 3 * (8 t + R_P), t = inputs + 1.
      {"poseidon(1)", 216, 216,
       [](Builder& b, Variable x, Variable, const Boolean&) {
         const LinearCombination in[] = {x};
         poseidon(b, in, "p");
       }},
      {"poseidon(2)", 243, 243,
       [](Builder& b, Variable x, Variable y, const Boolean&) {
         const LinearCombination in[] = {x, y};
         poseidon(b, in, "p");
       }},
      {"poseidon(16)", 612, 612,
       [](Builder& b, Variable x, Variable y, const Boolean&) {
         std::vector<LinearCombination> in;
         for (int i = 0; i < 8; ++i) in.insert(in.end(), {x, y});
         poseidon(b, in, "p");
       }},
  };
  for (const Row& row : rows) {
    for (bool with_witness : {true, false}) {
      Builder::Options o;
      o.witness = with_witness;
      Builder b(std::move(o));
      const Variable x = b.private_input(Fr::from_u64(3)), y = b.private_input(Fr::from_u64(5));
      const Boolean c = alloc_boolean(b, Fr::one(), "c");
      const std::size_t c0 = b.num_constraints();
      const std::uint32_t w0 = b.num_variables();
      row.gadget(b, x, y, c);
      EXPECT_EQ(b.num_constraints() - c0, row.constraints) << row.name;
      EXPECT_EQ(b.num_variables() - w0, row.wires) << row.name;
    }
  }
}

}  // namespace
}  // namespace zkc::r1cs::gadgets
