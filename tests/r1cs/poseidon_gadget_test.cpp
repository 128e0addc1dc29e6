// The Poseidon gadget: its output equals the native hash (zkc/hash/poseidon.hpp, itself checked
// against circomlibjs) for every width, the witness satisfies the circuit, a cheating prover who
// changes any S-box intermediate or the output is rejected, its cost is 3 * (8 t + R_P), and its
// circuit is the one a direct construction (every round's linear algebra run forward) writes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "r1cs_testing.hpp"
#include "zkc/hash/poseidon.hpp"
#include "zkc/r1cs/gadgets/poseidon.hpp"

namespace zkc::r1cs::gadgets {
namespace {

// circomlib's partial rounds for t = 2..17 (circomlibjs src/poseidon_reference.js, N_ROUNDS_P).
constexpr unsigned kRp[16] = {56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68};

Fr random_fr(std::mt19937_64& g) { return Fr::from_u256(testing::random_below(g, Fr::kModulus)).value(); }

std::vector<LinearCombination> as_lcs(const std::vector<Variable>& v) { return {v.begin(), v.end()}; }

TEST(PoseidonGadget, MatchesNativeForEveryWidth) {
  auto g = testing::rng(0x9051);
  for (std::size_t n = 1; n <= hash::kPoseidonMaxInputs; ++n) {
    const std::size_t t = n + 1;
    const std::size_t cost = 3 * (8 * t + kRp[n - 1]);
    EXPECT_EQ(poseidon_constraints(n), cost) << n;
    for (int rep = 0; rep < 2; ++rep) {
      std::vector<Fr> values(n);
      for (auto& x : values) x = random_fr(g);
      Builder b;
      std::vector<Variable> in;
      for (const Fr& x : values) in.push_back(b.private_input(x));
      const std::size_t c0 = b.num_constraints();
      const std::uint32_t w0 = b.num_variables();
      const Variable out = poseidon(b, as_lcs(in), "h");
      EXPECT_EQ(b.num_constraints() - c0, cost) << n;
      EXPECT_EQ(b.num_variables() - w0, cost) << n;  // x2, x4 and y (or out) per S-box
      EXPECT_EQ(b.kind(out), Builder::Kind::kInternal);
      EXPECT_EQ(b.value(out), hash::poseidon(values)) << n;
      BuildOutput o = b.build();
      const Status s = check(o.cs, o.witness);
      EXPECT_TRUE(s) << n << ": " << test::message(s);
      // Linear combinations stay within 1 + t + R_P terms (the one wire, the last full round's
      // S-box outputs and one wire per partial round since).
      for (const Constraint& c : o.cs.constraints)
        for (const LinearCombination* lc : {&c.a, &c.b, &c.c})
          EXPECT_LE(lc->terms.size(), 1 + t + kRp[n - 1]);
    }
  }
}

TEST(PoseidonGadget, EdgeInputsAndGeneralLinearCombinations) {
  const Fr minus_one = Fr::zero() - Fr::one();
  for (std::size_t n : {1u, 2u, 3u, 16u}) {
    for (int kind = 0; kind < 3; ++kind) {
      Builder b;
      std::vector<Variable> vars;
      for (std::size_t i = 0; i < n; ++i)
        vars.push_back(b.private_input(kind == 0 ? Fr::zero() : kind == 1 ? minus_one : Fr::from_u64(i + 3)));
      std::vector<LinearCombination> lcs;
      for (std::size_t i = 0; i < n; ++i) {
        if (kind < 2) {
          lcs.push_back(vars[i]);
        } else if (i % 3 == 0) {
          lcs.push_back(vars[i] + 2 * vars[(i + 1) % n] - 7);  // repeated wires, a constant term
        } else if (i % 3 == 1) {
          lcs.push_back(LinearCombination::constant(Fr::from_u64(11)));  // a constant input
        } else {
          lcs.push_back(LinearCombination{});  // the zero input
        }
      }
      std::vector<Fr> values;
      for (const auto& lc : lcs) values.push_back(b.value(lc));
      const Variable out = poseidon(b, lcs, "h");
      EXPECT_EQ(b.value(out), hash::poseidon(values)) << n << " " << kind;
      const Variable pub = b.make_public_output(out, "digest");
      EXPECT_EQ(b.value(pub), hash::poseidon(values));
      BuildOutput o = b.build();
      EXPECT_TRUE(check(o.cs, o.witness)) << test::message(check(o.cs, o.witness));
    }
  }
}

// The gadget's circuit written directly: the state is a coefficient row per cell over the basis
// (one, the last full round's S-box outputs, the partial rounds' S-box outputs since), and every
// round's constants and MixLayer are applied to the rows as they come (the gadget takes the partial
// rounds' rows from a plan computed once per width). Same wire names, labels and term order.
Variable direct_poseidon(Builder& b, const std::vector<LinearCombination>& inputs) {
  const hash::PoseidonParams& p = hash::poseidon_params(inputs.size());
  const std::size_t t = p.t;
  const auto m = [&](std::size_t i, std::size_t j) { return p.mds[i * t + j]; };
  const auto lc = [](const std::vector<Variable>& basis, const std::vector<Fr>& row) {
    LinearCombination x;
    for (std::size_t k = 0; k < row.size(); ++k)
      if (!row[k].is_zero()) x.terms.push_back(Term{basis[k].id, row[k]});
    return x;
  };
  const auto x4_of = [&](const LinearCombination& x, std::size_t i) {
    const Variable x2 = b.witness(b.value(x) * b.value(x), "x2_", i);
    b.enforce(x, x, x2, "x2_", i);
    const Variable x4 = b.witness(b.value(x2) * b.value(x2), "x4_", i);
    b.enforce(x2, x2, x4, "x4_", i);
    return x4;
  };
  const auto sbox = [&](const LinearCombination& x, std::size_t i) {
    const Variable x4 = x4_of(x, i);
    const Variable y = b.witness(b.value(x4) * b.value(x), "y_", i);
    b.enforce(x4, x, y, "y_", i);
    return y;
  };
  auto scope = b.scope("h");
  std::vector<Variable> basis, y(t);
  std::vector<std::vector<Fr>> rows(t);
  const unsigned half = p.full_rounds / 2, rounds = p.full_rounds + p.partial_rounds;
  for (unsigned r = 0; r < rounds; ++r) {
    auto round_scope = b.scope("round", r);
    const Fr* c = p.round_constants.data() + std::size_t{r} * t;
    if (r == 0) {
      for (std::size_t i = 0; i < t; ++i)
        y[i] = sbox((i == 0 ? LinearCombination{} : inputs[i - 1]) + c[i], i);
    } else {
      for (std::size_t i = 0; i < t; ++i) rows[i][0] += c[i];
      if (r >= half && r < half + p.partial_rounds) {
        basis.push_back(sbox(lc(basis, rows[0]), 0));
        std::vector<std::vector<Fr>> next(t, std::vector<Fr>(basis.size(), Fr::zero()));
        for (std::size_t i = 0; i < t; ++i) {
          for (std::size_t j = 1; j < t; ++j)
            for (std::size_t k = 0; k < rows[j].size(); ++k) next[i][k] += m(i, j) * rows[j][k];
          next[i].back() = m(i, 0);
        }
        rows = next;
        continue;
      }
      if (r == rounds - 1) {
        for (std::size_t i = 1; i < t; ++i) y[i] = sbox(lc(basis, rows[i]), i);
        const LinearCombination x0 = lc(basis, rows[0]);
        const Variable x4 = x4_of(x0, 0);
        LinearCombination rest;
        Fr rest_value = Fr::zero();
        for (std::size_t j = 1; j < t; ++j) {
          rest.terms.push_back(Term{y[j].id, m(0, j)});
          rest_value += m(0, j) * b.value(y[j]);
        }
        const Variable out = b.witness(m(0, 0) * b.value(x4) * b.value(x0) + rest_value, "out");
        b.enforce(x4, x0, (LinearCombination(out) - rest) * m(0, 0).inverse(), "y_", 0);
        return out;
      }
      for (std::size_t i = 0; i < t; ++i) y[i] = sbox(lc(basis, rows[i]), i);
    }
    basis.assign(1, Builder::one());
    basis.insert(basis.end(), y.begin(), y.end());
    for (std::size_t i = 0; i < t; ++i) {
      rows[i].assign(t + 1, Fr::zero());
      for (std::size_t j = 0; j < t; ++j) rows[i][j + 1] = m(i, j);
    }
  }
  return Variable{};
}

TEST(PoseidonGadget, SameCircuitAsTheDirectConstruction) {
  auto g = testing::rng(0x9053);
  for (std::size_t n = 1; n <= hash::kPoseidonMaxInputs; ++n) {
    for (int kind = 0; kind < 2; ++kind) {
      BuildOutput outs[2];
      for (int direct = 0; direct < 2; ++direct) {
        auto g2 = g;  // the same values for both
        Builder b;
        std::vector<LinearCombination> in;
        for (std::size_t i = 0; i < n; ++i) {
          const Variable v = b.private_input(random_fr(g2));
          in.push_back(kind == 0 || i % 2 ? LinearCombination(v)
                                          : v + 5 * b.private_input(random_fr(g2)) - 1);
        }
        const Variable out = direct ? direct_poseidon(b, in) : poseidon(b, in, "h");
        b.make_public_output(out, "digest");
        outs[direct] = b.build();
      }
      g.discard(8);
      EXPECT_EQ(outs[0].cs.constraints, outs[1].cs.constraints) << n << " " << kind;
      EXPECT_EQ(outs[0].cs.labels, outs[1].cs.labels) << n << " " << kind;
      EXPECT_EQ(outs[0].cs.num_wires, outs[1].cs.num_wires) << n << " " << kind;
      EXPECT_EQ(outs[0].witness, outs[1].witness) << n << " " << kind;
    }
  }
}

TEST(PoseidonGadget, SetupModeBuildsTheSameCircuit) {
  for (std::size_t n : {1u, 4u, 16u}) {
    BuildOutput outs[2];
    for (bool with_witness : {true, false}) {
      Builder::Options opt;
      opt.witness = with_witness;
      Builder b(std::move(opt));
      std::vector<Variable> in;
      for (std::size_t i = 0; i < n; ++i) in.push_back(b.private_input(Fr::from_u64(5 * i + 1)));
      b.make_public_output(poseidon(b, as_lcs(in), "h"), "out");
      outs[with_witness] = b.build();
    }
    EXPECT_EQ(outs[0].cs.constraints, outs[1].cs.constraints) << n;
    EXPECT_EQ(outs[0].cs.labels, outs[1].cs.labels) << n;
    EXPECT_EQ(outs[0].cs.num_wires, outs[1].cs.num_wires) << n;
    EXPECT_TRUE(outs[0].witness.empty());
  }
}

// A cheating prover changes one wire (later hints read the changed value) and must be caught at the
// constraint of that wire.
TEST(PoseidonGadget, RejectsTamperedIntermediatesAndOutput) {
  auto g = testing::rng(0x9052);
  for (std::size_t n : {1u, 2u, 5u, 16u}) {
    const std::size_t t = n + 1;
    const unsigned rp = kRp[n - 1], rounds = 8 + rp;
    std::vector<Fr> values(n);
    for (auto& x : values) x = random_fr(g);
    const auto circuit = [&](Builder& b) {
      std::vector<Variable> in;
      for (const Fr& x : values) in.push_back(b.private_input(x));
      b.make_public_output(poseidon(b, as_lcs(in), "h"), "digest");
    };
    ASSERT_TRUE(test::build_and_check(circuit)) << n;
    const auto r = [](unsigned k) { return "h/round" + std::to_string(k) + "/"; };
    const std::string targets[] = {
        r(0) + "x2_" + std::to_string(n),              // first full round, an input cell
        r(0) + "y_0",                                  // first full round, the constant cell
        r(3) + "x4_" + std::to_string(t / 2),          // last full round of the first half
        r(4) + "x2_0",                                 // first partial round
        r(4 + rp / 2) + "x4_0",                        // a partial round
        r(3 + rp) + "y_0",                             // last partial round
        r(rounds - 2) + "y_" + std::to_string(t - 1),  // a full round of the second half
        r(rounds - 1) + "x4_0",                        // the last round, cell 0
        r(rounds - 1) + "y_1",                         // the last round, another cell
        r(rounds - 1) + "out",                         // the output wire
    };
    for (const std::string& name : targets) {
      for (const Fr& delta : {Fr::one(), Fr::zero() - Fr::one(), random_fr(g)}) {
        const Status s =
            test::build_and_check(circuit, test::tamper(name, [&](const Fr& v) { return v + delta; }));
        ASSERT_FALSE(s) << n << " " << name;
        // The first failing constraint is the tampered wire's own (or, for the output, the S-box
        // constraint that defines it).
        const std::string label = name.substr(name.rfind('/') + 1) == "out" ? r(rounds - 1) + "y_0" : name;
        EXPECT_NE(test::message(s).find("'" + label + "'"), std::string::npos) << test::message(s);
      }
    }
    // A wrong output claimed in the public output wire is rejected too.
    EXPECT_FALSE(
        test::build_and_check(circuit, test::tamper("digest", [](const Fr& v) { return v + Fr::one(); })));
  }
}

}  // namespace
}  // namespace zkc::r1cs::gadgets
