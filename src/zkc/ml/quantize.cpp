#include "zkc/ml/quantize.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

namespace zkc::ml {
namespace {

using i128 = __int128;
constexpr int kMaxAccumulatorBits = 62;
constexpr std::int64_t kInputLimit = std::int64_t{1} << 61;  // |quantized input| < 2^61
constexpr i128 kPartialLimit = i128{1} << 100;

// Smallest b with -2^b <= lo and hi < 2^b.
int bits_for(i128 lo, i128 hi) {
  int b = 0;
  while (b < 126 && (lo < -(i128{1} << b) || hi >= (i128{1} << b))) ++b;
  return b;
}

std::int64_t round_to_fixed(double v, int shift) { return std::llround(std::ldexp(v, shift)); }

// Branch-free helpers for the inference on a borrower's private features (the witness of the
// proof): no branch and no memory index depends on a value.
// All ones when a < b, for any int64 a and b (the difference is taken in 128 bits).
std::int64_t mask_if_less(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>((static_cast<i128>(a) - b) >> 127);
}
std::int64_t max_ct(std::int64_t a, std::int64_t b) {
  const std::int64_t m = mask_if_less(a, b);
  return (b & m) | (a & ~m);
}
std::int64_t min_ct(std::int64_t a, std::int64_t b) {
  const std::int64_t m = mask_if_less(a, b);
  return (a & m) | (b & ~m);
}
std::int64_t clamp_ct(std::int64_t v, std::int64_t lo, std::int64_t hi) { return min_ct(max_ct(v, lo), hi); }
// table[index] by a scan of the whole table.
std::int64_t lookup_ct(std::span<const std::int64_t> table, std::int64_t index) {
  std::int64_t out = 0;
  for (std::size_t i = 0; i < table.size(); ++i) {
    const std::int64_t d = static_cast<std::int64_t>(i) ^ index;
    const std::int64_t hit = ((d | -d) >> 63) ^ -1;  // all ones when d == 0
    out |= table[i] & hit;
  }
  return out;
}

// Interval propagation through the quantized layers from the input range: the accumulator bit
// bounds, or nothing when a bound exceeds 2^62.
std::optional<std::vector<int>> accumulator_bounds(const QuantizedNetwork& q) {
  std::vector<i128> lo(q.input_lower.begin(), q.input_lower.end()),
      hi(q.input_upper.begin(), q.input_upper.end());
  std::vector<int> bits;
  for (std::size_t l = 0; l < q.layers.size(); ++l) {
    const auto& layer = q.layers[l];
    std::vector<i128> nlo(layer.outputs), nhi(layer.outputs);
    int layer_bits = 0;
    for (int i = 0; i < layer.outputs; ++i) {
      i128 a = layer.bias[i], b = layer.bias[i];
      for (int j = 0; j < layer.inputs; ++j) {
        const i128 w = layer.weight(i, j);
        const i128 p = w * lo[j], r = w * hi[j];
        a += std::min(p, r);
        b += std::max(p, r);
        // |p| < 2^126; keeping every partial bound below 2^100 rules out 128-bit overflow (and bounds
        // the partial sums trace() forms).
        if (a < -kPartialLimit || b > kPartialLimit) return std::nullopt;
      }
      layer_bits = std::max(layer_bits, bits_for(a, b));
      if (layer_bits > kMaxAccumulatorBits) return std::nullopt;
      const i128 half = i128{1} << (q.fractional_bits - 1);
      nlo[i] = (a + half) >> q.fractional_bits;
      nhi[i] = (b + half) >> q.fractional_bits;
      if (l + 1 < q.layers.size()) {
        nlo[i] = std::max<i128>(nlo[i], 0);
        nhi[i] = std::max<i128>(nhi[i], 0);
      }
    }
    bits.push_back(layer_bits);
    lo = std::move(nlo);
    hi = std::move(nhi);
  }
  return bits;
}

}  // namespace

std::vector<std::int64_t> sigmoid_knots(int f) {
  std::vector<std::int64_t> knots(kSigmoidKnots);
  for (int k = 0; k < kSigmoidKnots; ++k)
    knots[k] = round_to_fixed(sigmoid(-kSigmoidRange + static_cast<double>(k) / kSigmoidKnotsPerUnit), f);
  return knots;
}

std::int64_t sigmoid_fixed(std::int64_t z, int f, std::span<const std::int64_t> knots) {
  ZKC_ASSERT(f >= kMinFractionalBits && f <= kMaxFractionalBits && knots.size() == kSigmoidKnots);
  const std::int64_t one = std::int64_t{1} << f;
  const std::int64_t zc = clamp_ct(z, -kSigmoidRange * one, kSigmoidRange * one - 1);
  const std::int64_t u = zc + kSigmoidRange * one;
  const int seg = f - kSigmoidSpacingBits;  // log2 of the knot spacing 2^f / 8
  const std::int64_t k = u >> seg;
  const std::int64_t r = u - (k << seg);
  const std::int64_t lo = lookup_ct(knots, k), hi = lookup_ct(knots, k + 1);
  const std::int64_t y = lo + (((hi - lo) * r + (std::int64_t{1} << (seg - 1))) >> seg);
  return clamp_ct(y, 0, one);
}

double sigmoid_max_error(int f) {
  const auto knots = sigmoid_knots(f);
  const double one = std::ldexp(1.0, f);
  double worst = 0;
  for (std::int64_t z = -(std::int64_t{1} << (f + 4)); z <= (std::int64_t{1} << (f + 4)); ++z) {
    const double err = std::fabs(static_cast<double>(sigmoid_fixed(z, f, knots)) / one -
                                 sigmoid(static_cast<double>(z) / one));
    worst = std::max(worst, err);
  }
  return worst;
}

Result<std::vector<std::int64_t>> QuantizedNetwork::quantize_input(std::span<const double> features) const {
  if (features.size() != input_lower.size())
    return make_error(Errc::kInvalidArgument, "features: expected " + std::to_string(input_lower.size()) +
                                                  " values, got " + std::to_string(features.size()));
  std::vector<std::int64_t> x(features.size());
  for (std::size_t j = 0; j < features.size(); ++j) {
    if (!std::isfinite(features[j]) || std::fabs(std::ldexp(features[j], fractional_bits)) >= 0x1.0p61)
      return make_error(Errc::kInvalidArgument, "features: value " + std::to_string(j) +
                                                    " is not a finite number below 2^" +
                                                    std::to_string(61 - fractional_bits));
    x[j] = clamp_ct(round_to_fixed(features[j], fractional_bits), input_lower[j], input_upper[j]);
  }
  return x;
}

QuantizedTrace QuantizedNetwork::trace(std::span<const std::int64_t> input) const {
  ZKC_ASSERT(input.size() == input_lower.size());
  QuantizedTrace t;
  t.input.assign(input.begin(), input.end());
  for (std::size_t j = 0; j < input.size(); ++j)
    ZKC_ASSERT(input[j] >= input_lower[j] && input[j] <= input_upper[j]);
  std::vector<std::int64_t> a = t.input;
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const auto& layer = layers[l];
    std::vector<std::int64_t> acc(layer.outputs), out(layer.outputs);
    for (int i = 0; i < layer.outputs; ++i) {
      // Summed in 128 bits: the interval bound covers the final sum, not every partial sum.
      i128 s = layer.bias[i];
      for (int j = 0; j < layer.inputs; ++j) s += static_cast<i128>(layer.weight(i, j)) * a[j];
      ZKC_ASSERT(s >= -(i128{1} << accumulator_bits[l]) && s < (i128{1} << accumulator_bits[l]));
      acc[i] = static_cast<std::int64_t>(s);
      out[i] = rescale(acc[i], fractional_bits);
      if (l + 1 < layers.size()) out[i] = max_ct(out[i], 0);
    }
    t.accumulators.push_back(std::move(acc));
    t.activations.push_back(out);
    a = std::move(out);
  }
  t.logit = a.at(0);
  t.score = sigmoid_fixed(t.logit, fractional_bits, sigmoid_knots);
  return t;
}

Status QuantizedNetwork::validate() const {
  auto bad = [](const std::string& what) {
    return make_error(Errc::kInvalidArgument, "quantized model: " + what);
  };
  if (fractional_bits < kMinFractionalBits || fractional_bits > kMaxFractionalBits)
    return bad("fractional_bits " + std::to_string(fractional_bits) + " outside [" +
               std::to_string(kMinFractionalBits) + ", " + std::to_string(kMaxFractionalBits) + "]");
  if (layers.empty()) return bad("no layers");
  if (input_lower.size() != input_upper.size() || input_lower.empty())
    return bad("input range sizes differ or are empty");
  for (std::size_t j = 0; j < input_lower.size(); ++j) {
    if (input_lower[j] > input_upper[j])
      return bad("input range " + std::to_string(j) + " is empty (lower > upper)");
    if (input_lower[j] <= -kInputLimit || input_upper[j] >= kInputLimit)
      return bad("input range " + std::to_string(j) + " beyond +-2^61");
  }
  int prev = static_cast<int>(input_lower.size());
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const auto& layer = layers[l];
    const std::string name = "layer " + std::to_string(l);
    if (layer.inputs != prev)
      return bad(name + " has " + std::to_string(layer.inputs) + " inputs, expected " + std::to_string(prev));
    if (layer.outputs < 1) return bad(name + " has no outputs");
    if (layer.weights.size() != static_cast<std::size_t>(layer.inputs) * layer.outputs)
      return bad(name + " weights: expected " + std::to_string(layer.inputs * layer.outputs) + " values");
    if (layer.bias.size() != static_cast<std::size_t>(layer.outputs))
      return bad(name + " bias: expected " + std::to_string(layer.outputs) + " values");
    prev = layer.outputs;
  }
  if (prev != 1) return bad("the last layer must have exactly one output");
  if (sigmoid_knots != ml::sigmoid_knots(fractional_bits))
    return bad("sigmoid knots differ from the documented table");
  const auto bounds = accumulator_bounds(*this);
  if (!bounds) return bad("accumulators can exceed 2^62");
  if (accumulator_bits != *bounds)
    return bad("accumulator_bits differ from the bounds of the weights and input range");
  return Status::success();
}

Result<QuantizedNetwork> quantize(const Network& net, const Standardizer& s, int f) {
  if (f < kMinFractionalBits || f > kMaxFractionalBits)
    return make_error(Errc::kInvalidArgument, "fractional bits " + std::to_string(f) + " outside [" +
                                                  std::to_string(kMinFractionalBits) + ", " +
                                                  std::to_string(kMaxFractionalBits) + "]");
  ZKC_ASSERT(static_cast<std::size_t>(net.inputs()) == s.size());
  QuantizedNetwork q;
  q.fractional_bits = f;
  for (std::size_t j = 0; j < s.size(); ++j) {
    if (!(std::fabs(std::ldexp(s.lower[j], f)) < 0x1.0p61 && std::fabs(std::ldexp(s.upper[j], f)) < 0x1.0p61))
      return make_error(Errc::kInvalidArgument, "quantize: the range of feature " + std::to_string(j) +
                                                    " exceeds 2^" + std::to_string(61 - f) + " at " +
                                                    std::to_string(f) + " fractional bits");
    q.input_lower.push_back(round_to_fixed(s.lower[j], f));
    q.input_upper.push_back(round_to_fixed(s.upper[j], f));
  }
  for (std::size_t l = 0; l < net.layers.size(); ++l) {
    const auto& layer = net.layers[l];
    QuantizedLayer ql;
    ql.inputs = static_cast<int>(layer.weights.cols());
    ql.outputs = static_cast<int>(layer.weights.rows());
    for (int i = 0; i < ql.outputs; ++i) {
      double bias = layer.bias[i];
      for (int j = 0; j < ql.inputs; ++j) {
        double w = layer.weights(i, j);
        if (l == 0) {  // fold the standardization: w (x - m) / s = (w / s) x - w m / s
          bias -= w * s.mean[j] / s.scale[j];
          w /= s.scale[j];
        }
        if (!std::isfinite(w) || std::fabs(std::ldexp(w, f)) > 0x1.0p62)
          return make_error(Errc::kInvalidArgument,
                            "quantize: a weight of layer " + std::to_string(l) + " does not fit");
        ql.weights.push_back(round_to_fixed(w, f));
      }
      if (!std::isfinite(bias) || std::fabs(std::ldexp(bias, 2 * f)) > 0x1.0p62)
        return make_error(Errc::kInvalidArgument,
                          "quantize: a bias of layer " + std::to_string(l) + " does not fit");
      ql.bias.push_back(round_to_fixed(bias, 2 * f));
    }
    q.layers.push_back(std::move(ql));
  }
  q.sigmoid_knots = sigmoid_knots(f);
  auto bounds = accumulator_bounds(q);
  if (!bounds)
    return make_error(Errc::kInvalidArgument, "quantize: at " + std::to_string(f) +
                                                  " fractional bits the accumulators can exceed 2^62");
  q.accumulator_bits = std::move(*bounds);
  if (Status st = q.validate(); !st)
    return make_error(Errc::kInvalidArgument, "quantize: " + st.error().message);
  return q;
}

}  // namespace zkc::ml
