// Helpers for the zkml tests: random quantized networks as ml::quantize produces them, hand-built
// integer "probe" networks that steer the logit to chosen values, and one-call circuit runs that
// record every allocated value by name (the hint hook sees each honest value, and may tamper with it).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "testing/ml_testing.hpp"
#include "zkc/ml/network.hpp"
#include "zkc/ml/quantize.hpp"
#include "zkc/ml/rng.hpp"
#include "zkc/ml/standardizer.hpp"
#include "zkc/r1cs/builder.hpp"
#include "zkc/r1cs/constraint_system.hpp"
#include "zkc/zkml/commitment.hpp"
#include "zkc/zkml/inference_circuit.hpp"

namespace zkc::zkml::testing_helpers {

using ff::bn254::Fr;

using zkc::testing::uniform;
using zkc::testing::uniform_int;

// A trained-looking network quantized by ml::quantize: widths {d, hidden..., 1} with d and every hidden
// width in [1, 6], 1 to 3 hidden layers; He-normal weights, random biases, and a standardizer with
// feature means, scales and ranges of varied magnitude (some constant features). Retries until the
// quantizer accepts.
inline ml::QuantizedNetwork random_quantized(std::mt19937_64& g, int f) {
  for (;;) {
    std::vector<int> widths = {uniform_int(g, 1, 6)};
    const int hidden = uniform_int(g, 1, 3);
    for (int h = 0; h < hidden; ++h) widths.push_back(uniform_int(g, 1, 6));
    widths.push_back(1);
    ml::Rng rng(g());
    ml::Network net = ml::Network::init(widths, rng);
    const double scale = std::pow(10.0, uniform(g, -1, 1));
    for (auto& layer : net.layers) {
      layer.weights *= scale;
      for (Eigen::Index i = 0; i < layer.bias.size(); ++i) layer.bias[i] = scale * rng.normal();
    }
    const ml::Standardizer s = zkc::testing::random_standardizer(g, widths[0]);
    auto q = ml::quantize(net, s, f);
    if (q) return std::move(q).value();
  }
}

// An integer network from its layers (weights row-major), with the bounds the quantizer records.
inline ml::QuantizedNetwork integer_network(int f, std::vector<std::int64_t> lower,
                                            std::vector<std::int64_t> upper,
                                            std::vector<ml::QuantizedLayer> layers) {
  ml::QuantizedNetwork q;
  q.fractional_bits = f;
  q.input_lower = std::move(lower);
  q.input_upper = std::move(upper);
  q.layers = std::move(layers);
  q.sigmoid_knots = ml::sigmoid_knots(f);
  // The accumulator bounds by interval arithmetic (the quantizer's rule), then validate() confirms them.
  using i128 = __int128;
  std::vector<i128> lo(q.input_lower.begin(), q.input_lower.end()),
      hi(q.input_upper.begin(), q.input_upper.end());
  for (std::size_t l = 0; l < q.layers.size(); ++l) {
    const auto& layer = q.layers[l];
    std::vector<i128> nlo, nhi;
    int bits = 0;
    for (int i = 0; i < layer.outputs; ++i) {
      i128 a = layer.bias[i], b = layer.bias[i];
      for (int j = 0; j < layer.inputs; ++j) {
        const i128 w = layer.weight(i, j), p = w * lo[j], r = w * hi[j];
        a += std::min(p, r);
        b += std::max(p, r);
      }
      while (a < -(i128{1} << bits) || b >= (i128{1} << bits)) ++bits;
      i128 na = (a + (i128{1} << (f - 1))) >> f, nb = (b + (i128{1} << (f - 1))) >> f;
      if (l + 1 < q.layers.size()) {
        na = std::max<i128>(na, 0);
        nb = std::max<i128>(nb, 0);
      }
      nlo.push_back(na);
      nhi.push_back(nb);
    }
    q.accumulator_bits.push_back(bits);
    lo = std::move(nlo);
    hi = std::move(nhi);
  }
  const Status st = q.validate();
  EXPECT_TRUE(st.ok()) << st.error().message;
  return q;
}

inline ml::QuantizedLayer dense(int inputs, int outputs, std::vector<std::int64_t> weights,
                                std::vector<std::int64_t> bias) {
  ml::QuantizedLayer layer;
  layer.inputs = inputs;
  layer.outputs = outputs;
  layer.weights = std::move(weights);
  layer.bias = std::move(bias);
  return layer;
}

// What one circuit run gives back.
struct CircuitRun {
  r1cs::BuildOutput out;
  InferenceCircuit circuit;
  std::vector<r1cs::Wire> input_wires;
  r1cs::Wire score_wire = 0;
  std::map<std::string, Fr, std::less<>> values;  // every allocation by full name (after tampering)
  Status check = Status::success();
  std::size_t constraints = 0;

  Fr score() const { return out.witness.at(score_wire); }
  const Fr& value(std::string_view name) const {
    const auto it = values.find(name);
    EXPECT_NE(it, values.end()) << "no allocation named " << name;
    static const Fr kZero = Fr::zero();
    return it == values.end() ? kZero : it->second;
  }
};

struct RunOptions {
  WeightVisibility weights = WeightVisibility::kPublic;
  bool witness = true;
  // Constrain the model commitment to equal this public input (the honest commitment when unset).
  bool pin_commitment = false;
  std::function<void(std::string_view, Fr&)> tamper;
};

// Builds the inference circuit on x (private inputs "x<j>") and checks the witness.
inline CircuitRun run_inference(const ml::QuantizedNetwork& net, std::span<const std::int64_t> x,
                                const RunOptions& options = {}) {
  CircuitRun run;
  r1cs::Builder::Options bo;
  bo.witness = options.witness;
  if (options.witness)
    bo.hint_hook = [&run, &options](std::string_view name, Fr& value) {
      if (options.tamper) options.tamper(name, value);
      run.values.insert_or_assign(std::string(name), value);
    };
  r1cs::Builder b(bo);
  std::vector<r1cs::Variable> in;
  for (std::size_t j = 0; j < x.size(); ++j)
    in.push_back(b.private_input(r1cs::fr_from_i64(x[j]), std::string("x").append(std::to_string(j))));
  run.circuit = build_inference(b, net, in, options.weights);
  if (options.pin_commitment) {
    const r1cs::Variable c = b.public_input(model_commitment(net), "commitment");
    b.enforce_equal(run.circuit.model_commitment, c, "commitment_matches");
  }
  run.constraints = b.num_constraints();
  run.out = b.build();
  for (const auto& v : in) run.input_wires.push_back(b.wire(v));
  run.score_wire = b.wire(run.circuit.score);
  if (options.witness) run.check = r1cs::check(run.out.cs, run.out.witness);
  return run;
}

inline Fr fr(std::int64_t v) { return r1cs::fr_from_i64(v); }

}  // namespace zkc::zkml::testing_helpers
