// Integer-only inference of the credit network: the exact arithmetic the zero-knowledge circuit
// (zkml) reproduces bit for bit. Every value is a signed integer v standing for v / 2^f (f =
// fractional_bits). The rules, in order (docs/MODEL.md, "Quantized inference"):
//  1. Input: x_q = llround(x * 2^f) (round half away from zero), then clamped to
//     [input_lower[j], input_upper[j]] (the training range, quantized the same way); |x * 2^f| must
//     be below 2^61 (and so must the range).
//  2. Dense layer: acc_i = bias_i + sum_j weight_ij * a_j, exact; weights are llround(w * 2^f),
//     biases llround(b * 2^(2f)), so acc has 2f fractional bits. The first layer has the feature
//     standardization folded in: w' = w / scale_j, b' = b - sum_j w_ij * mean_j / scale_j.
//  3. Rescale: a_i = floor((acc_i + 2^(f-1)) / 2^f), i.e. round half up (an arithmetic shift).
//  4. Hidden layers: a_i = max(a_i, 0) (ReLU). The last layer's single a is the logit z.
//  5. Sigmoid: piecewise-linear interpolation of a table of 161 knots s_k = llround(sigmoid(-10 + k/8)
//     * 2^f), k = 0..160: zc = clamp(z, -10*2^f, 10*2^f - 1); u = zc + 10*2^f; k = u >> (f-3);
//     r = u - (k << (f-3)); y = s_k + floor(((s_{k+1} - s_k) * r + 2^(f-4)) / 2^(f-3)).
//     Its error is at most h^2/8 * max|sigmoid''| = 1.9e-4 (h = 1/8) plus rounding, and sigmoid(-10) =
//     4.5e-5 beyond the clamp; sigmoid_max_error measures it exactly.
//  6. Output: y clamped to [0, 2^f] (the table makes this a no-op; the circuit checks it).
// accumulator_bits[l] bounds layer l's accumulators over every input in range (interval
// arithmetic): -2^bits <= acc < 2^bits; the quantizer refuses a model whose bounds exceed 2^62.
// Constant time: the integer inference (quantize_input's clamp, trace) has no branch or memory index
// that depends on a feature value (branch-free max/clamp, the sigmoid table read by a full scan); the
// float features feeding it are computed with libm and are not constant time.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "zkc/base/result.hpp"
#include "zkc/ml/network.hpp"
#include "zkc/ml/standardizer.hpp"

namespace zkc::ml {

inline constexpr int kMinFractionalBits = 4, kMaxFractionalBits = 24;
// The sigmoid table: knots every 1/8 on [-10, 10].
inline constexpr int kSigmoidRange = 10, kSigmoidKnotsPerUnit = 8, kSigmoidSpacingBits = 3;
inline constexpr int kSigmoidKnots = 2 * kSigmoidRange * kSigmoidKnotsPerUnit + 1;  // 161
static_assert(kSigmoidKnotsPerUnit == 1 << kSigmoidSpacingBits);

struct QuantizedLayer {
  int inputs = 0, outputs = 0;
  std::vector<std::int64_t> weights;  // outputs x inputs, row-major, scale 2^f
  std::vector<std::int64_t> bias;     // scale 2^(2f)
  std::int64_t weight(int i, int j) const { return weights[static_cast<std::size_t>(i) * inputs + j]; }
};

// Every intermediate of one inference (what the circuit's witness holds).
struct QuantizedTrace {
  std::vector<std::int64_t> input;                      // clamped x_q
  std::vector<std::vector<std::int64_t>> accumulators;  // per layer, before rescaling
  std::vector<std::vector<std::int64_t>> activations;   // per layer, after rescaling (and ReLU)
  std::int64_t logit = 0;
  std::int64_t score = 0;  // in [0, 2^f]
};

struct QuantizedNetwork {
  int fractional_bits = 0;
  std::vector<std::int64_t> input_lower, input_upper;
  std::vector<QuantizedLayer> layers;
  std::vector<std::int64_t> sigmoid_knots;  // kSigmoidKnots entries
  std::vector<int> accumulator_bits;        // per layer

  std::int64_t one() const { return std::int64_t{1} << fractional_bits; }
  // Rule 1 for a raw feature vector (kInvalidArgument on a wrong length or a non-finite value).
  Result<std::vector<std::int64_t>> quantize_input(std::span<const double> features) const;
  // Rules 2-6 on a quantized input, which must lie in the input range (asserts: quantize_input
  // guarantees it).
  QuantizedTrace trace(std::span<const std::int64_t> input) const;
  std::int64_t score(std::span<const std::int64_t> input) const { return trace(input).score; }
  double score_real(std::span<const std::int64_t> input) const {
    return static_cast<double>(score(input)) / static_cast<double>(one());
  }
  // Checks shapes, ranges and the recorded bounds (for a model read from a file).
  Status validate() const;
};

// Quantizes a trained network with its standardizer at f fractional bits (kInvalidArgument for f
// outside [kMinFractionalBits, kMaxFractionalBits] or bounds beyond 2^62).
Result<QuantizedNetwork> quantize(const Network& net, const Standardizer& standardizer, int fractional_bits);

// Rule 5-6 alone, and its table.
std::vector<std::int64_t> sigmoid_knots(int fractional_bits);
std::int64_t sigmoid_fixed(std::int64_t z, int fractional_bits, std::span<const std::int64_t> knots);
// max |sigmoid_fixed(z) / 2^f - sigmoid(z / 2^f)| over every z in [-2^(f+4), 2^(f+4)] (exhaustive);
// beyond, the error changes by less than sigmoid(-16) < 2^-23 (and stays below this maximum).
double sigmoid_max_error(int fractional_bits);

// Rule 3.
inline std::int64_t rescale(std::int64_t acc, int fractional_bits) {
  return (acc + (std::int64_t{1} << (fractional_bits - 1))) >> fractional_bits;
}

}  // namespace zkc::ml
