// Builder: wire order, renumbering, labels and scopes, setup mode, the hint hook.
#include "zkc/r1cs/builder.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "r1cs_testing.hpp"
#include "zkc/r1cs/gadgets/bits.hpp"
#include "zkc/r1cs/gadgets/compare.hpp"
#include "zkc/r1cs/gadgets/fixed_point.hpp"
#include "zkc/r1cs/gadgets/select.hpp"

namespace zkc::r1cs {
namespace {

Fr F(std::uint64_t v) { return Fr::from_u64(v); }

TEST(Builder, CircomWireOrderWhateverTheDeclarationOrder) {
  Builder b;
  const Variable t0 = b.witness(F(100));  // internal, declared first
  const Variable in0 = b.public_input(F(3));
  const Variable p0 = b.private_input(F(4));
  const Variable t1 = b.mul(in0, p0, "mul");  // internal: 12
  const Variable out0 = b.public_output(F(15));
  const Variable in1 = b.public_input(F(5));
  const Variable p1 = b.private_input(F(6));
  const Variable out1 = b.make_public_output(t1 + in1 - 2, "out1");  // 15
  b.enforce_equal(t1 + in0, out0, "out0");
  b.enforce(t0, Builder::one(), LinearCombination::constant(F(100)), "t0");
  b.enforce(p1 - 6, p1, LinearCombination{}, "p1");

  EXPECT_EQ(b.num_public_outputs(), 2u);
  EXPECT_EQ(b.num_public_inputs(), 2u);
  EXPECT_EQ(b.num_private_inputs(), 2u);
  EXPECT_EQ(b.num_variables(), 9u);
  EXPECT_EQ(b.kind(in1), Builder::Kind::kPublicInput);
  // one | out0 out1 | in0 in1 | p0 p1 | t0 t1
  EXPECT_EQ(b.wire(Builder::one()), 0u);
  EXPECT_EQ(b.wire(out0), 1u);
  EXPECT_EQ(b.wire(out1), 2u);
  EXPECT_EQ(b.wire(in0), 3u);
  EXPECT_EQ(b.wire(in1), 4u);
  EXPECT_EQ(b.wire(p0), 5u);
  EXPECT_EQ(b.wire(p1), 6u);
  EXPECT_EQ(b.wire(t0), 7u);
  EXPECT_EQ(b.wire(t1), 8u);
  EXPECT_EQ(b.value(t1 + in1 - 2), F(15));

  BuildOutput out = b.build();
  EXPECT_EQ(out.cs.num_wires, 9u);
  EXPECT_EQ(out.cs.num_public_outputs, 2u);
  EXPECT_EQ(out.cs.num_public_inputs, 2u);
  EXPECT_EQ(out.cs.num_private_inputs, 2u);
  EXPECT_EQ(out.cs.constraints.size(), 5u);
  EXPECT_EQ(out.witness, (std::vector<Fr>{F(1), F(15), F(15), F(3), F(5), F(4), F(6), F(100), F(12)}));
  // Renumbered and normalized: the product constraint reads w[in0] * w[p0] = w[t1].
  const Constraint& mul = out.cs.constraints[0];
  EXPECT_EQ(mul.a.terms, (std::vector<Term>{{3, Fr::one()}}));
  EXPECT_EQ(mul.b.terms, (std::vector<Term>{{5, Fr::one()}}));
  EXPECT_EQ(mul.c.terms, (std::vector<Term>{{8, Fr::one()}}));
  EXPECT_EQ(out.cs.labels, (std::vector<std::string>{"mul", "out1", "out0", "t0", "p1"}));
  EXPECT_TRUE(check(out.cs, out.witness)) << test::message(check(out.cs, out.witness));
  EXPECT_EQ(public_signals(out.cs, out.witness), (std::vector<Fr>{F(15), F(15), F(3), F(5)}));
}

TEST(Builder, WitnessOrderHoldsTheDeclaredValues) {
  // The variable ids and the values of the builder map one to one onto the built witness.
  Builder b;
  std::vector<Variable> vars;
  for (std::uint64_t i = 0; i < 40; ++i) {
    const Fr v = F(1000 + i);
    switch (i % 4) {
      case 0:
        vars.push_back(b.witness(v));
        break;
      case 1:
        vars.push_back(b.public_output(v));
        break;
      case 2:
        vars.push_back(b.private_input(v));
        break;
      default:
        vars.push_back(b.public_input(v));
        break;
    }
  }
  BuildOutput out = b.build();
  std::vector<bool> seen(out.witness.size());
  Wire last[5] = {0, 0, 0, 0, 0};
  for (const Variable v : vars) {
    const Wire w = b.wire(v);
    ASSERT_LT(w, out.witness.size());
    EXPECT_FALSE(seen[w]);
    seen[w] = true;
    EXPECT_EQ(out.witness[w], b.value(v));
    const auto k = static_cast<std::size_t>(b.kind(v));
    EXPECT_GT(w, last[k]) << "declaration order is kept within a kind";
    last[k] = w;
  }
  EXPECT_EQ(last[1], 10u);  // public outputs at 1..10
  EXPECT_EQ(last[2], 20u);  // public inputs at 11..20
  EXPECT_EQ(last[3], 30u);  // private inputs at 21..30
  EXPECT_EQ(last[4], 40u);  // internal wires at 31..40
}

TEST(Builder, CheckerNamesTheScopedLabel) {
  auto circuit = [](Builder& b) {
    auto layer = b.scope("layer1");
    const Variable x = b.private_input(F(0xa5));
    for (std::size_t i = 0; i < 4; ++i) {
      auto relu = b.scope("relu", i);
      gadgets::range_check(b, x, 8, "");
    }
  };
  EXPECT_TRUE(test::build_and_check(circuit));
  const Status s = test::build_and_check(circuit, test::tamper_set("layer1/relu3/bit5", F(2)));
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("'layer1/relu3/bit5'"), std::string::npos) << s.error().message;
}

TEST(Builder, HintHookSeesFullNames) {
  std::vector<std::string> names;
  Builder::Options o;
  o.hint_hook = [&](std::string_view n, Fr&) { names.emplace_back(n); };
  Builder b(std::move(o));
  const Variable x = b.private_input(F(5), "x");
  {
    auto s = b.scope("net");
    gadgets::to_bits(b, x, 3, "bits");
    gadgets::truncate(b, x, 1, 4, "t");
  }
  EXPECT_EQ(names, (std::vector<std::string>{"x", "net/bits/bit1", "net/bits/bit2", "net/t/q", "net/t/q/bit1",
                                             "net/t/q/bit2", "net/t/q/bit3"}));
}

// A circuit touching every gadget: its shape must not depend on the values.
void every_gadget(Builder& b, std::uint64_t x_value, std::uint64_t y_value) {
  const Variable x = b.private_input(F(x_value));
  const Variable y = b.public_input(F(y_value));
  const auto lt = gadgets::less_than(b, x, y, 16, "lt");
  const Variable s = gadgets::select(b, lt, x, y, "min");
  gadgets::to_bits_strict(b, s * 12345, "strict");
  const Variable q = gadgets::fixed_mul(b, x - 100, y, 4, 40, "fm");
  const Variable r = gadgets::relu(b, q, 36, "relu");
  gadgets::is_equal(b, r, x, "eq");
  b.make_public_output(r + s, "out");
}

TEST(Builder, SetupModeBuildsTheSameSystemWithoutWitness) {
  Builder prover;
  every_gadget(prover, 1234, 99);
  BuildOutput p = prover.build();
  ASSERT_TRUE(check(p.cs, p.witness)) << test::message(check(p.cs, p.witness));

  Builder::Options o;
  o.witness = false;
  bool hook_called = false;
  o.hint_hook = [&](std::string_view, Fr&) { hook_called = true; };
  Builder setup(std::move(o));
  EXPECT_FALSE(setup.has_witness());
  every_gadget(setup, 1234, 99);  // the values are ignored
  EXPECT_EQ(setup.value(Variable{1}), Fr::zero());
  BuildOutput s = setup.build();
  EXPECT_TRUE(s.witness.empty());
  EXPECT_FALSE(hook_called);
  EXPECT_EQ(s.cs.num_wires, p.cs.num_wires);
  EXPECT_EQ(s.cs.num_public_outputs, p.cs.num_public_outputs);
  EXPECT_EQ(s.cs.num_public_inputs, p.cs.num_public_inputs);
  EXPECT_EQ(s.cs.num_private_inputs, p.cs.num_private_inputs);
  EXPECT_TRUE(s.cs.constraints == p.cs.constraints);
  EXPECT_EQ(s.cs.labels, p.cs.labels);

  Builder other;
  every_gadget(other, 7, 60000);  // other values, same shape
  BuildOutput q = other.build();
  EXPECT_TRUE(check(q.cs, q.witness)) << test::message(check(q.cs, q.witness));
  EXPECT_TRUE(q.cs.constraints == p.cs.constraints);
}

TEST(Builder, LabelsOffKeepsConstraintsAndNamesByIndex) {
  Builder::Options o;
  o.labels = false;
  Builder b(std::move(o));
  every_gadget(b, 1234, 99);
  BuildOutput out = b.build();
  EXPECT_TRUE(out.cs.labels.empty());
  EXPECT_TRUE(check(out.cs, out.witness));
  out.witness[b.wire(Variable{1})] += Fr::one();
  const Status s = check(out.cs, out.witness);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("constraint "), std::string::npos);
}

}  // namespace
}  // namespace zkc::r1cs
