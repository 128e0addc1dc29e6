// The model-to-circuit compiler: the quantized credit network (ml/quantize.hpp) as R1CS constraints
// that reproduce its integer inference bit for bit: every activation wire equals
// QuantizedNetwork::trace's value, and the score wire equals trace().score, for every input in range.
// Statements proved (rules 1-6 of ml/quantize.hpp): input_lower <= x <= input_upper; each layer's
// accumulator is the exact integer sum (no wrap-around: every rescale proves its accumulator's bound);
// rescale floor((acc + 2^(f-1)) / 2^f) with a range-checked remainder; ReLU from the sign bit of the
// quotient's unique (offset) bit decomposition; the sigmoid table looked up by the bits of
// u = clamp(z) + 10 * 2^f; the score in [0, 2^f].
// Weights: kPublic bakes them into the constraints as constants (the verifying key pins the model;
// model_commitment is then a constant); kPrivate takes them as private wires bound by the in-circuit
// model commitment (zkml/commitment.hpp), so one key serves every model of the same architecture and
// fractional bits, with accumulator bounds that hold for any model the quantizer accepts (2^62).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "zkc/ml/quantize.hpp"
#include "zkc/r1cs/builder.hpp"

namespace zkc::zkml {

enum class WeightVisibility : std::uint8_t { kPublic, kPrivate };

// Constraints spent by one stage: "input" (range checks), "layer<i>" (rescale, ReLU), "sigmoid",
// "output" (the [0, 2^f] check), "model_commitment" (kPrivate only).
struct StageCost {
  std::string name;
  std::size_t constraints = 0;
};

struct InferenceCircuit {
  r1cs::Variable score;                      // in [0, 2^f]
  r1cs::LinearCombination model_commitment;  // a constant (kPublic) or the in-circuit chain (kPrivate)
  std::vector<StageCost> stages;
};

// `input`: one wire per feature holding the clamped quantized feature (QuantizedTrace::input), allocated
// by the caller (it also commits to them). In a builder without witness only the network's shape (and,
// for kPublic, its parameters) is used. Asserts: input.size() == the network's input width.
InferenceCircuit build_inference(r1cs::Builder& b, const ml::QuantizedNetwork& net,
                                 std::span<const r1cs::Variable> input, WeightVisibility weights);

}  // namespace zkc::zkml
