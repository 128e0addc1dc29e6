// The inference circuit against QuantizedNetwork::trace (itself checked against a GMP oracle in
// tests/ml/quantize_test.cpp): every rescaled value, every ReLU output, the logit and the score of the
// witness equal the trace's, and check() passes, on random quantized networks (widths 1-6, 1-3 hidden
// layers, f in {4, 8, 11, 16, 24}), on probe networks that steer the logit to the sigmoid's clamp
// edges and knot boundaries and the rescales to exact ties and to ReLU at zero, and on the shipped
// default model with real Taiwan rows; in both weight visibilities. The circuit's shape: a setup
// build (no witness) gives the same constraints, and kPrivate's shape does not depend on the model's
// values. Cheating provers (the hint hook) are rejected by check(): quotient bits of q + r, a
// remainder out of range, a ReLU forced to zero, a score outside [0, 2^f], an input outside its
// bound, a wrong sigmoid segment, a private weight that is not the committed one.
#include "zkc/zkml/inference_circuit.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "testing/testing.hpp"
#include "zkc/ml/dataset.hpp"
#include "zkc/ml/model.hpp"
#include "zkml_testing.hpp"

namespace zkc::zkml {
namespace {

using namespace testing_helpers;  // NOLINT(google-build-using-namespace)
using ml::QuantizedNetwork;

constexpr WeightVisibility kBoth[] = {WeightVisibility::kPublic, WeightVisibility::kPrivate};
const char* visibility_name(WeightVisibility v) {
  return v == WeightVisibility::kPublic ? "public" : "private";
}

std::string neuron(std::size_t l, std::size_t i) {
  return "inference/layer" + std::to_string(l) + "/neuron" + std::to_string(i) + "/";
}

// The witness of a run equals the trace: every rescaled q, every ReLU output, the logit, the score.
void expect_matches_trace(const QuantizedNetwork& net, const std::vector<std::int64_t>& x, WeightVisibility v,
                          const std::string& what) {
  const ml::QuantizedTrace t = net.trace(x);
  RunOptions o;
  o.weights = v;
  const CircuitRun run = run_inference(net, x, o);
  const std::string where = what + " (" + visibility_name(v) + ")";
  ASSERT_TRUE(run.check.ok()) << where << ": " << run.check.error().message;
  for (std::size_t l = 0; l < net.layers.size(); ++l)
    for (std::size_t i = 0; i < t.activations[l].size(); ++i) {
      const std::string n = neuron(l, i);
      ASSERT_EQ(run.value(n + "q"), fr(ml::rescale(t.accumulators[l][i], net.fractional_bits)))
          << where << " " << n;
      if (l + 1 < net.layers.size()) {
        ASSERT_EQ(run.value(n + "relu"), fr(t.activations[l][i])) << where << " " << n;
      }
    }
  ASSERT_EQ(run.value(neuron(net.layers.size() - 1, 0) + "q"), fr(t.logit)) << where;
  ASSERT_EQ(run.score(), fr(t.score)) << where << " logit " << t.logit;
  ASSERT_EQ(run.value("inference/sigmoid/score"), fr(t.score)) << where;
}

using zkc::testing::random_corner;
using zkc::testing::random_in_range;

const int kFs[] = {4, 8, 11, 16, 24};

// Q, the offset bits of layer l's quotient (inference_circuit.cpp): max(B - f + 1, 0) with B the
// layer's accumulator bound (kPublic) or 62 (kPrivate).
unsigned offset_bits(const QuantizedNetwork& q, std::size_t l, WeightVisibility v) {
  const int bound = v == WeightVisibility::kPublic ? q.accumulator_bits[l] : 62;
  return static_cast<unsigned>(std::max(bound - q.fractional_bits + 1, 0));
}

TEST(InferenceCircuit, MatchesTraceOnRandomNetworks) {
  auto g = zkc::testing::rng(501);
  for (int f : kFs)
    for (int n = 0; n < 5; ++n) {
      const QuantizedNetwork q = random_quantized(g, f);
      const std::string what = "f " + std::to_string(f) + " network " + std::to_string(n);
      for (WeightVisibility v : kBoth) {
        expect_matches_trace(q, q.input_lower, v, what + " all lower");
        expect_matches_trace(q, q.input_upper, v, what + " all upper");
        const int samples = v == WeightVisibility::kPublic ? 5 : 2;
        for (int k = 0; k < samples; ++k) expect_matches_trace(q, random_corner(g, q), v, what + " corner");
        for (int k = 0; k < samples; ++k) expect_matches_trace(q, random_in_range(g, q), v, what + " random");
      }
    }
}

// Probe networks (one input x in [-R, R]): layer 0 computes relu(x), relu(-x), relu(round(x / 2)) and
// relu(round(-x / 2)) (rescale ties at odd x, ReLU of exactly 0 at x in {-1, 0, 1}), relu(x + 1) and
// relu(-x) from accumulators that are always ties (bias 2^(f-1)); the output layer gives z = x
// (identity), z = round(x / 2) (ties in the last rescale), or z = x through a second hidden layer;
// kLinear has no hidden layer at all (z = x; the quantizer accepts such networks too).
enum class Probe { kIdentity, kHalf, kDeep, kLinear };

QuantizedNetwork probe_network(int f, Probe kind) {
  const std::int64_t one = std::int64_t{1} << f, half = one / 2;
  const std::int64_t range = std::int64_t{1} << (f + (kind == Probe::kHalf ? 6 : 5));
  std::vector<ml::QuantizedLayer> layers;
  if (kind == Probe::kLinear) {
    layers.push_back(dense(1, 1, {one}, {0}));
    return integer_network(f, {-range}, {range}, std::move(layers));
  }
  layers.push_back(dense(1, 6, {one, -one, half, -half, one, -one}, {0, 0, 0, 0, half, -half}));
  switch (kind) {
    case Probe::kIdentity:
      layers.push_back(dense(6, 1, {one, -one, 0, 0, 0, 0}, {0}));
      break;
    case Probe::kHalf:
      layers.push_back(dense(6, 1, {half, -half, 0, 0, 0, 0}, {0}));
      break;
    case Probe::kLinear:
      break;
    case Probe::kDeep:
      layers.push_back(dense(6, 2, {one, -one, 0, 0, 0, 0, -one, one, 0, 0, 0, 0}, {0, 0}));
      layers.push_back(dense(2, 1, {one, -one}, {0}));
      break;
  }
  return integer_network(f, {-range}, {range}, std::move(layers));
}

// Inputs of a probe network whose logit lands on the sigmoid's edges: the clamp limits -10 * 2^f and
// 10 * 2^f - 1 and their neighbours, every knot boundary u = k * 2^(f-3) and its neighbours, 0 and
// +-1, and the ends of the input range. Every knot for f = 8 (the identity probe), otherwise the first
// two, the last two and 12 random ones (a run costs about a millisecond, mostly the native commitment).
std::vector<std::int64_t> edge_inputs(int f, Probe kind, std::mt19937_64& g) {
  const std::int64_t one = std::int64_t{1} << f, step = one >> 3, ten = 10 * one;
  std::vector<std::int64_t> z = {0, 1, -1, 2, -2, -ten - 1, -ten, -ten + 1, ten - 2, ten - 1, ten, ten + 1};
  std::vector<std::int64_t> knots = {0, 1, 159, 160};
  if (f == 8 && kind == Probe::kIdentity) {  // f = 4: every logit, below
    for (std::int64_t k = 2; k < 159; ++k) knots.push_back(k);
  } else {
    for (int n = 0; n < 12; ++n) knots.push_back(std::uniform_int_distribution<std::int64_t>(2, 158)(g));
  }
  for (std::int64_t k : knots)
    for (std::int64_t d : {-1, 0, 1}) z.push_back(k * step - ten + d);
  std::vector<std::int64_t> x;
  const std::int64_t range = std::int64_t{1} << (f + (kind == Probe::kHalf ? 6 : 5));
  for (std::int64_t v : z) {
    if (kind == Probe::kHalf) {  // round(x / 2) = v for x = 2v (exact) and x = 2v - 1 (a tie)
      x.push_back(2 * v);
      x.push_back(2 * v - 1);
    } else {
      x.push_back(v);
    }
  }
  x.push_back(-range);
  x.push_back(range);
  return x;
}

TEST(InferenceCircuit, MatchesTraceAtTiesClampEdgesAndKnots) {
  auto g = zkc::testing::rng(505);
  for (int f : kFs)
    for (Probe kind : {Probe::kIdentity, Probe::kHalf, Probe::kDeep, Probe::kLinear}) {
      const QuantizedNetwork q = probe_network(f, kind);
      const std::string what = "f " + std::to_string(f) + " probe " + std::to_string(static_cast<int>(kind));
      const auto xs = edge_inputs(f, kind, g);
      for (std::size_t n = 0; n < xs.size(); ++n) {
        expect_matches_trace(q, {xs[n]}, WeightVisibility::kPublic, what + " x " + std::to_string(xs[n]));
        if (n % 32 == 0 || n + 2 >= xs.size())
          expect_matches_trace(q, {xs[n]}, WeightVisibility::kPrivate, what + " x " + std::to_string(xs[n]));
      }
    }
}

// f = 4: every input of the identity probe, so every logit in [-2^9, 2^9] (each clamp side, each
// knot and each r of every segment).
TEST(InferenceCircuit, MatchesTraceOnEveryLogitAtFourBits) {
  const QuantizedNetwork q = probe_network(4, Probe::kIdentity);
  for (std::int64_t x = q.input_lower[0]; x <= q.input_upper[0]; ++x)
    expect_matches_trace(q, {x}, WeightVisibility::kPublic, "x " + std::to_string(x));
}

// The shipped default model on real rows of the UCI Taiwan data (features through the model's own
// mapping and quantize_input).
TEST(InferenceCircuit, DefaultModelOnTaiwanRows) {
  const auto model = ml::read_model(std::string(ZKC_REPO_DATA_DIR) + "/models/credit_default.json");
  ASSERT_TRUE(model.ok()) << model.error().message;
  const auto data = ml::load_data(zkc::testing::data_path("ml/taiwan_head.csv"), "taiwan");
  ASSERT_TRUE(data.ok()) << data.error().message;
  const auto& rows = data.value().table.rows;
  ASSERT_GE(rows.size(), 10u);
  const QuantizedNetwork& q = model.value().quantized;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto x = q.quantize_input(rows[i]);
    ASSERT_TRUE(x.ok()) << x.error().message;
    for (WeightVisibility v : kBoth) expect_matches_trace(q, x.value(), v, "taiwan row " + std::to_string(i));
  }
  auto g = zkc::testing::rng(502);
  for (int k = 0; k < 4; ++k) {
    expect_matches_trace(q, random_corner(g, q), WeightVisibility::kPublic, "default model corner");
    expect_matches_trace(q, random_in_range(g, q), WeightVisibility::kPublic, "default model random");
  }
}

// A setup build (no witness) gives the same constraint system; kPrivate's constraints do not depend on
// the model's values (one key per architecture and f), kPublic's do.
TEST(InferenceCircuit, ShapeIndependentOfWitnessAndOfPrivateWeights) {
  auto g = zkc::testing::rng(503);
  for (int f : {4, 11, 24}) {
    const QuantizedNetwork a = random_quantized(g, f);
    QuantizedNetwork b = a;  // same architecture, other values
    for (auto& layer : b.layers) {
      for (auto& w : layer.weights) w = w * 3 + 1;
      for (auto& c : layer.bias) c = -c + 5;
    }
    for (std::size_t j = 0; j < b.input_lower.size(); ++j) b.input_upper[j] = b.input_lower[j] + 7;
    for (WeightVisibility v : kBoth) {
      RunOptions with, without;
      with.weights = without.weights = v;
      without.witness = false;
      const CircuitRun r1 = run_inference(a, a.input_lower, with);
      const CircuitRun r2 = run_inference(a, a.input_lower, without);
      ASSERT_TRUE(r1.check.ok()) << r1.check.error().message;
      EXPECT_EQ(r1.out.cs.constraints, r2.out.cs.constraints) << visibility_name(v);
      EXPECT_EQ(r1.out.cs.num_wires, r2.out.cs.num_wires);
      EXPECT_TRUE(r2.out.witness.empty());
    }
    RunOptions priv;
    priv.weights = WeightVisibility::kPrivate;
    priv.witness = false;
    const CircuitRun pa = run_inference(a, a.input_lower, priv), pb = run_inference(b, b.input_lower, priv);
    EXPECT_EQ(pa.out.cs.constraints, pb.out.cs.constraints) << "kPrivate shape depends on the values";
    EXPECT_EQ(pa.out.cs.num_private_inputs, pb.out.cs.num_private_inputs);
  }
}

// The stage costs add up to the whole circuit and name the stages in order.
TEST(InferenceCircuit, StagesCoverEveryConstraint) {
  auto g = zkc::testing::rng(504);
  const QuantizedNetwork q = random_quantized(g, 8);
  for (WeightVisibility v : kBoth) {
    RunOptions o;
    o.weights = v;
    const CircuitRun run = run_inference(q, q.input_lower, o);
    std::size_t sum = 0;
    std::vector<std::string> names;
    for (const auto& s : run.circuit.stages) {
      sum += s.constraints;
      names.push_back(s.name);
      EXPECT_GT(s.constraints, 0u) << s.name;
    }
    EXPECT_EQ(sum, run.constraints);
    std::vector<std::string> expected = {"input"};
    for (std::size_t l = 0; l < q.layers.size(); ++l) expected.push_back("layer" + std::to_string(l));
    expected.push_back("sigmoid");
    expected.push_back("output");
    if (v == WeightVisibility::kPrivate) expected.push_back("model_commitment");
    EXPECT_EQ(names, expected);
    // The commitment: a constant equal to model_commitment (kPublic), or a wire with that value (the
    // pinned run passes only if it is).
    if (v == WeightVisibility::kPublic) {
      EXPECT_EQ(run.circuit.model_commitment.evaluate(std::vector<Fr>{Fr::one()}), model_commitment(q));
    }
    o.pin_commitment = true;
    const CircuitRun pinned = run_inference(q, q.input_lower, o);
    EXPECT_TRUE(pinned.check.ok()) << pinned.check.error().message;
  }
}

// ---------------------------------------------------------------------------------------------
// Cheating provers: each tampered witness must be rejected by check().
// ---------------------------------------------------------------------------------------------

// A fixed network with every feature of the rules in play: 2 inputs, widths 2-3-2-1, f = 8.
QuantizedNetwork violation_network() {
  const std::int64_t one = 256;
  return integer_network(
      8, {-4 * one, 0}, {4 * one, 2 * one},
      {dense(2, 3, {one, 2 * one, -one, one / 2, 3 * one / 2, -one}, {0, one * one / 4, -one * one}),
       dense(3, 2, {one, -one, one / 4, 2 * one, one, -one}, {one * one / 2, 0}),
       dense(2, 1, {3 * one, -2 * one}, {0})});
}

// Runs with a tamper that changes the value of allocation `target` (asserting the tamper fired).
CircuitRun tampered(const QuantizedNetwork& q, const std::vector<std::int64_t>& x, WeightVisibility v,
                    const std::string& target, const std::function<void(Fr&)>& change, bool pin = false) {
  bool fired = false;
  RunOptions o;
  o.weights = v;
  o.pin_commitment = pin;
  o.tamper = [&](std::string_view name, Fr& value) {
    if (name == target) {
      change(value);
      fired = true;
    }
  };
  CircuitRun run = run_inference(q, x, o);
  EXPECT_TRUE(fired) << "no allocation named " << target;
  return run;
}

class Violations : public ::testing::TestWithParam<WeightVisibility> {
 protected:
  const QuantizedNetwork q = violation_network();
  const std::vector<std::int64_t> x = {300, 100};

  void expect_rejected(const std::string& target, const std::function<void(Fr&)>& change,
                       const std::string& what, bool pin = false) {
    const CircuitRun run = tampered(q, x, GetParam(), target, change, pin);
    EXPECT_FALSE(run.check.ok()) << what << ": a tampered " << target << " was accepted";
  }
  CircuitRun honest(bool pin = false) {
    RunOptions o;
    o.weights = GetParam();
    o.pin_commitment = pin;
    return run_inference(q, x, o);
  }
};

TEST_P(Violations, HonestWitnessPasses) {
  const CircuitRun run = honest(true);
  ASSERT_TRUE(run.check.ok()) << run.check.error().message;
  EXPECT_EQ(run.score(), fr(q.trace(x).score));
  // The network exercises both ReLU branches in its first layer.
  int zeros = 0;
  for (std::size_t i = 0; i < 3; ++i) zeros += run.value(neuron(0, i) + "relu") == Fr::zero() ? 1 : 0;
  EXPECT_GT(zeros, 0);
  EXPECT_LT(zeros, 3);
}

// The quotient's bits replaced by those of q + 2^Q + r (the same field element, another integer).
// r = 1 mod 2^28, so for Q < 28 the low bits of q + 2^Q + r are those of q + 2^Q + 1: only neurons
// where that changes a bit wire (1..Q) make a real attempt; there must be some.
TEST_P(Violations, QuotientBitsOfValuePlusModulus) {
  int attempts = 0;
  for (const std::vector<std::int64_t>& input :
       {x, std::vector<std::int64_t>{-5, 7}, std::vector<std::int64_t>{1000, 511}}) {
    const ml::QuantizedTrace t = q.trace(input);
    for (std::size_t l = 0; l < q.layers.size(); ++l)
      for (std::size_t i = 0; i < t.accumulators[l].size(); ++i) {
        const unsigned offset = offset_bits(q, l, GetParam());
        const ff::U256 honest =
            (fr(ml::rescale(t.accumulators[l][i], q.fractional_bits)) + r1cs::fr_pow2(offset)).to_u256();
        ff::U256 alias;
        ff::U256::add(alias, honest, Fr::kModulus);
        bool differs = false;
        for (unsigned k = 1; k <= offset; ++k) differs |= alias.bit(k) != honest.bit(k);
        if (!differs) continue;
        ++attempts;
        const std::string prefix = neuron(l, i) + "q_bits/bit";
        RunOptions o;
        o.weights = GetParam();
        o.tamper = [&](std::string_view name, Fr& value) {
          if (name.starts_with(prefix))
            value = Fr::from_u64(
                alias.bit(static_cast<unsigned>(std::stoul(std::string(name.substr(prefix.size()))))) ? 1
                                                                                                      : 0);
        };
        const CircuitRun run = run_inference(q, input, o);
        EXPECT_FALSE(run.check.ok()) << prefix;
      }
  }
  EXPECT_GT(attempts, 0);
}

// q - 1 with remainder rem + 2^f (the same accumulator), in a hidden and in the last layer.
TEST_P(Violations, RemainderOutOfRange) {
  expect_rejected(
      neuron(0, 1) + "q", [](Fr& v) { v = v - Fr::one(); }, "hidden q - 1");
  expect_rejected(
      neuron(2, 0) + "q", [](Fr& v) { v = v - Fr::one(); }, "logit q - 1");
  expect_rejected(
      neuron(1, 0) + "q", [](Fr& v) { v = v + Fr::one(); }, "q + 1");
}

TEST_P(Violations, ReluForcedToZeroOnPositiveInput) {
  const CircuitRun h = honest();
  std::size_t positive = 3;
  for (std::size_t i = 0; i < 3; ++i)
    if (h.value(neuron(0, i) + "relu") != Fr::zero()) positive = i;
  ASSERT_LT(positive, 3u);
  expect_rejected(
      neuron(0, positive) + "relu", [](Fr& v) { v = Fr::zero(); }, "relu output 0");
  // The sign bit cleared instead (the decomposition then no longer adds up).
  const unsigned offset = offset_bits(q, 0, GetParam());
  expect_rejected(
      neuron(0, positive) + "q_bits/bit" + std::to_string(offset), [](Fr& v) { v = Fr::zero(); },
      "sign bit 0");
}

TEST_P(Violations, ScoreOutsideUnitInterval) {
  const Fr one = r1cs::fr_pow2(static_cast<unsigned>(q.fractional_bits));
  expect_rejected(
      "inference/sigmoid/score", [&](Fr& v) { v = one + Fr::one(); }, "score 2^f + 1");
  expect_rejected(
      "inference/sigmoid/score", [](Fr& v) { v = -Fr::one(); }, "score -1");
  expect_rejected(
      "inference/sigmoid/score", [&](Fr& v) { v = v + one; }, "score + 2^f");
  // Another remainder for the rounding: y = s_k + (p + 2^(f-4) - rem') / 2^(f-3) in the field, with
  // rem' = rem + 1 mod 2^(f-3), satisfies the rounding equation; only the output range rejects it.
  {
    const unsigned seg = static_cast<unsigned>(q.fractional_bits) - 3;
    Fr p = Fr::zero(), s_k = Fr::zero();
    bool fired = false;
    RunOptions o;
    o.weights = GetParam();
    o.tamper = [&](std::string_view name, Fr& value) {
      if (name == "inference/sigmoid/slope_times_r") p = value;
      if (name == "inference/sigmoid/knot/select7") s_k = value;
      if (name == "inference/sigmoid/score") {
        const Fr rounded = p + r1cs::fr_pow2(seg - 1);
        const std::uint64_t rem = rounded.to_u256().limb[0] & ((std::uint64_t{1} << seg) - 1);
        const Fr other = Fr::from_u64((rem + 1) & ((std::uint64_t{1} << seg) - 1));
        value = s_k + (rounded - other) * r1cs::fr_pow2(seg).inverse();
        fired = true;
      }
    };
    const CircuitRun run = run_inference(q, x, o);
    EXPECT_TRUE(fired);
    EXPECT_FALSE(run.check.ok()) << "a score from another rounding remainder was accepted";
    if (!run.check.ok()) {  // caught by the output stage, not earlier
      EXPECT_NE(run.check.error().message.find("output/score_bits"), std::string::npos)
          << run.check.error().message;
    }
  }
  // The table entry (the select tree's root) tampered; the score hint follows it.
  expect_rejected(
      "inference/sigmoid/knot/select7", [&](Fr& v) { v = v + one; }, "knot + 2^f");
  expect_rejected(
      "inference/sigmoid/slope/select7", [&](Fr& v) { v = v + Fr::from_u64(5); }, "slope + 5");
}

TEST_P(Violations, InputOutsideItsBound) {
  for (int j = 0; j < 2; ++j)
    for (int side = 0; side < 2; ++side) {
      std::vector<std::int64_t> bad = x;
      bad[static_cast<std::size_t>(j)] = side == 0 ? q.input_lower[static_cast<std::size_t>(j)] - 1
                                                   : q.input_upper[static_cast<std::size_t>(j)] + 1;
      RunOptions o;
      o.weights = GetParam();
      const CircuitRun run = run_inference(q, bad, o);
      EXPECT_FALSE(run.check.ok()) << "input " << j << " side " << side;
    }
  // Far outside too (a field element that is "negative" relative to the bound).
  expect_rejected(
      "x0", [](Fr& v) { v = v - r1cs::fr_pow2(20); }, "x0 - 2^20");
  expect_rejected(
      "x1", [](Fr& v) { v = v + r1cs::fr_pow2(100); }, "x1 + 2^100");
}

TEST_P(Violations, WrongSigmoidSegment) {
  const unsigned f = static_cast<unsigned>(q.fractional_bits), seg = f - 3;
  for (unsigned i = 0; i < 8; ++i)
    expect_rejected(
        "inference/sigmoid/u_bits/bit" + std::to_string(seg + i), [](Fr& v) { v = Fr::one() - v; },
        "k bit " + std::to_string(i) + " flipped");
  // The clamp decision reversed (the top bit of the comparison's decomposition), where there is a clamp.
  const unsigned offset = offset_bits(q, q.layers.size() - 1, GetParam());
  if (offset >= f + 4)
    expect_rejected(
        "inference/sigmoid/below/bit" + std::to_string(offset + 1 - f), [](Fr& v) { v = Fr::one() - v; },
        "clamp decision flipped");
}

// Only kPrivate has weight wires (kPublic bakes them in as constants).
class PrivateWeightViolations : public Violations {};

TEST_P(PrivateWeightViolations, PrivateWeightDiffersFromCommitted) {
  const CircuitRun h = honest(true);
  ASSERT_TRUE(h.check.ok()) << h.check.error().message;
  for (const std::string target : {"inference/model/layer0/w1", "inference/model/layer2/b0",
                                   "inference/model/lower0", "inference/model/upper1"})
    expect_rejected(
        target, [](Fr& v) { v = v + Fr::one(); }, "tampered " + target, true);
}

INSTANTIATE_TEST_SUITE_P(Both, Violations, ::testing::ValuesIn(kBoth),
                         [](const auto& p) { return std::string(visibility_name(p.param)); });
INSTANTIATE_TEST_SUITE_P(Private, PrivateWeightViolations, ::testing::Values(WeightVisibility::kPrivate),
                         [](const auto& p) { return std::string(visibility_name(p.param)); });

}  // namespace
}  // namespace zkc::zkml
