#include "zkc/zkml/inference_circuit.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <string>
#include <utility>

#include "zkc/r1cs/gadgets/bits.hpp"
#include "zkc/r1cs/gadgets/boolean.hpp"
#include "zkc/r1cs/gadgets/compare.hpp"
#include "zkc/r1cs/gadgets/select.hpp"
#include "zkc/zkml/commitment.hpp"

// Soundness, in one place (r is the BN254 scalar field order, about 2^253.6):
//  * Every range check and bit decomposition below covers at most 64 bits, so each decomposed value
//    is an integer far below r: its decomposition is unique and no statement wraps around mod r.
//  * Inputs: x - lower and upper - x both in [0, 2^w) with upper - lower < 2^w force x = lower + d
//    with 0 <= d <= upper - lower as integers (the two canonical values add up to less than
//    2^(w+1) < r, so their sum is exactly upper - lower).
//  * Layers: by induction every input of a layer is the trace's integer, so (kPublic) its
//    accumulator, a linear combination with constant coefficients, is the exact integer sum, which
//    interval arithmetic bounds by 2^B (B = accumulator_bits[l]); kPrivate proves the bound instead
//    (B = 62). Rescale: t = acc + 2^(f-1) = 2^f q + rem with rem in [0, 2^f) (f bits) and
//    q + 2^Q in [0, 2^(Q+1)) (Q + 1 bits). Both sides then lie in [-2^(Q+f), 2^(Q+f)) as integers,
//    |.| < 2^64 << r, so the field equation is an integer equation and q = floor(t / 2^f) is unique.
//    Q = max(B - f + 1, 0) holds every honest q: t in [-2^B + 2^(f-1), 2^B + 2^(f-1)) gives q in
//    [-2^(B-f), 2^(B-f)] (B >= f) or q = 0 (B < f). The top bit of that unique decomposition is
//    [q >= 0], so ReLU = top_bit * q (one product) is exactly max(q, 0): "exact ReLU by strict bit
//    decomposition", strict here because the decomposed value is below 2^(Q+1) << r, where circom's
//    alias check is only needed for 254-bit decompositions.
//  * Sigmoid: z = q of the last layer, with the bits of z + 2^Q from its rescale. For Q >= f + 4
//    the clamp compares h = floor((z + 2^Q) / 2^f), bits f..Q of that decomposition, with the
//    constants 2^(Q-f) -+ 10 (z < -10 * 2^f <=> floor(z / 2^f) < -10, and z >= 10 * 2^f <=>
//    floor(z / 2^f) >= 10, as the constants are multiples of 2^f); for Q < f + 4, |z| <= 2^Q <= 8 *
//    2^f never reaches the clamp. u = zc + 10 * 2^f lies in [0, 20 * 2^f), decomposed into f + 5
//    bits: r (the low f - 3) and k (the top 8, k <= 159). s_k and d_k = s_(k+1) - s_k are looked up
//    exactly (k's value is unique). p = d_k * r lies in [0, 2^(2f)); the rounding 2^(f-3) * (y - s_k)
//    + rem = p + 2^(f-4) with rem in [0, 2^(f-3)) and (output stage) y in [0, 2^f], s_k in [0, 2^f]
//    is an integer equation of values below 2^(2f+1) << r, so y - s_k is the floor of rule 5.

namespace zkc::zkml {
namespace {

using r1cs::Builder;
using r1cs::fr_pow2;
using r1cs::LinearCombination;
using r1cs::Variable;
using r1cs::gadgets::Boolean;
namespace gadgets = r1cs::gadgets;

constexpr unsigned kPrivateAccumulatorBits = 62;  // the quantizer's limit on any accumulator
constexpr unsigned kPrivateInputBits = 62;        // |bound| < 2^61, so upper - lower < 2^62
constexpr unsigned kLowBits = 4;                  // the sigmoid lookup: monomials of k's low 4 bits
constexpr unsigned kIndexBits = 8;                // k < 161 <= 2^8

LinearCombination constant(const Fr& c) { return LinearCombination::constant(c); }
LinearCombination constant_i64(std::int64_t v) { return constant(r1cs::fr_from_i64(v)); }  // public values

// Records the constraints a stage adds.
class Stage {
 public:
  Stage(Builder& b, std::vector<StageCost>& out, std::string name)
      : b_(b), out_(out), name_(std::move(name)), start_(b.num_constraints()) {}
  Stage(const Stage&) = delete;
  Stage& operator=(const Stage&) = delete;
  ~Stage() { out_.push_back(StageCost{std::move(name_), b_.num_constraints() - start_}); }

 private:
  Builder& b_;
  std::vector<StageCost>& out_;
  std::string name_;
  std::size_t start_;
};

// The model's parameters as linear combinations: constants (kPublic) or private wires (kPrivate).
struct Parameters {
  std::vector<LinearCombination> lower, upper;
  std::vector<std::vector<LinearCombination>> weights, bias;  // per layer; weights row-major
};

Parameters public_parameters(const ml::QuantizedNetwork& net) {
  Parameters p;
  for (std::int64_t v : net.input_lower) p.lower.push_back(constant_i64(v));
  for (std::int64_t v : net.input_upper) p.upper.push_back(constant_i64(v));
  for (const auto& layer : net.layers) {
    auto& w = p.weights.emplace_back();
    for (std::int64_t v : layer.weights) w.push_back(constant_i64(v));
    auto& c = p.bias.emplace_back();
    for (std::int64_t v : layer.bias) c.push_back(constant_i64(v));
  }
  return p;
}

// Private inputs in model_parameters' order; values from net in witness mode (zero otherwise, where
// only the shape is read).
Parameters private_parameters(Builder& b, const ml::QuantizedNetwork& net) {
  auto scope = b.scope("model");
  const bool w = b.has_witness();
  auto alloc = [&](const std::vector<std::int64_t>& values, std::size_t count, const std::string& name) {
    if (w) ZKC_ASSERT(values.size() == count);
    std::vector<LinearCombination> out;
    out.reserve(count);
    for (std::size_t i = 0; i < count; ++i)
      out.emplace_back(
          b.private_input(w ? r1cs::fr_from_i64(values[i]) : Fr::zero(), name + std::to_string(i)));
    return out;
  };
  Parameters p;
  const auto inputs = static_cast<std::size_t>(net.layers.front().inputs);
  p.lower = alloc(net.input_lower, inputs, "lower");
  p.upper = alloc(net.input_upper, inputs, "upper");
  for (std::size_t l = 0; l < net.layers.size(); ++l) {
    const auto& layer = net.layers[l];
    const std::string prefix = "layer" + std::to_string(l) + "/";
    p.weights.push_back(
        alloc(layer.weights, static_cast<std::size_t>(layer.inputs) * layer.outputs, prefix + "w"));
    p.bias.push_back(alloc(layer.bias, static_cast<std::size_t>(layer.outputs), prefix + "b"));
  }
  return p;
}

// The commitment inputs in model_parameters' order: the header as constants, then the parameters.
std::vector<LinearCombination> commitment_values(const ml::QuantizedNetwork& net, const Parameters& p) {
  std::vector<LinearCombination> v;
  v.push_back(constant_i64(net.fractional_bits));
  v.push_back(constant_i64(static_cast<std::int64_t>(net.layers.size())));
  v.push_back(constant_i64(net.layers.front().inputs));
  for (const auto& layer : net.layers) v.push_back(constant_i64(layer.outputs));
  v.insert(v.end(), p.lower.begin(), p.lower.end());
  v.insert(v.end(), p.upper.begin(), p.upper.end());
  for (std::size_t l = 0; l < net.layers.size(); ++l) {
    v.insert(v.end(), p.weights[l].begin(), p.weights[l].end());
    v.insert(v.end(), p.bias[l].begin(), p.bias[l].end());
  }
  return v;
}

// lower_j <= x_j <= upper_j: x - lower and upper - x in [0, 2^width) (see the soundness note).
void check_input(Builder& b, const LinearCombination& x, const LinearCombination& lower,
                 const LinearCombination& upper, unsigned width) {
  if (width == 0) {  // kPublic with lower = upper: x = lower
    b.enforce_equal(x, lower, "fixed");
    return;
  }
  gadgets::range_check(b, x - lower, width, "above_lower");
  gadgets::range_check(b, upper - x, width, "below_upper");
}

// Smallest w with d < 2^w, for 0 <= d.
unsigned width_of(std::uint64_t d) { return static_cast<unsigned>(std::bit_width(d)); }

// q = floor((acc + 2^(f-1)) / 2^f) (rule 3) with the bits of q + 2^Q.
struct Rescaled {
  Variable q;
  std::vector<Boolean> bits;  // q + 2^Q, little endian, Q + 1 bits; bits[Q] = [q >= 0]
  unsigned offset_bits = 0;   // Q
};

Rescaled rescale(Builder& b, const LinearCombination& acc, unsigned f, unsigned offset_bits) {
  const LinearCombination t = acc + fr_pow2(f - 1);
  // Honest hint: t + 2^(Q+f) in [0, 2^(Q+f+1)); q = floor((t + 2^(Q+f)) / 2^f) - 2^Q.
  const ff::U256 v = (b.value(t) + fr_pow2(offset_bits + f)).to_u256();
  const Fr q_value = Fr::from_canonical_unchecked(v.shr(f)) - fr_pow2(offset_bits);
  Rescaled out;
  out.q = b.witness(q_value, "q");
  out.offset_bits = offset_bits;
  gadgets::range_check(b, t - fr_pow2(f) * LinearCombination(out.q), f, "rem");  // 0 <= t - 2^f q < 2^f
  out.bits = gadgets::to_bits(b, out.q + fr_pow2(offset_bits), offset_bits + 1, "q_bits");
  return out;
}

// A table of 160 values indexed by k (its 8 bits): the multilinear monomials of k's low 4 bits make
// each 16-entry block a linear combination; a select tree on the high bits picks the block.
class SigmoidLookup {
 public:
  SigmoidLookup(Builder& b, std::span<const Boolean> k_bits) : b_(b), k_bits_(k_bits.begin(), k_bits.end()) {
    ZKC_ASSERT(k_bits_.size() == kIndexBits);
    monomial_[0] = constant(Fr::one());
    for (unsigned mask = 1; mask < kBlock; ++mask) {
      const unsigned top = static_cast<unsigned>(std::bit_width(mask)) - 1;
      const unsigned rest = mask ^ (1u << top);
      monomial_[mask] =
          rest == 0
              ? k_bits_[top].lc()
              : LinearCombination(b.mul(monomial_[rest], k_bits_[top], "monomial" + std::to_string(mask)));
    }
  }

  // table[k], table.size() == kSigmoidKnots - 1 (asserted).
  LinearCombination lookup(std::span<const std::int64_t> table, std::string_view label) {
    ZKC_ASSERT(table.size() == kEntries);
    auto scope = b_.scope(label);
    std::vector<LinearCombination> level;
    for (std::size_t block = 0; block < kEntries / kBlock; ++block) {
      // Coefficients of the multilinear polynomial through the block's 16 values (Moebius inversion
      // over subsets of the low bits): c_S = sum_{T subset of S} (-1)^{|S \ T|} value(T).
      std::array<std::int64_t, kBlock> c{};
      for (unsigned i = 0; i < kBlock; ++i) c[i] = table[block * kBlock + i];
      for (unsigned bit = 0; bit < kLowBits; ++bit)
        for (unsigned mask = 0; mask < kBlock; ++mask)
          if (mask & (1u << bit)) c[mask] -= c[mask ^ (1u << bit)];
      LinearCombination leaf;
      for (unsigned mask = 0; mask < kBlock; ++mask)
        if (c[mask] != 0) leaf += r1cs::fr_from_i64(c[mask]) * monomial_[mask];
      level.push_back(std::move(leaf));
    }
    // Select tree on bits 4..7; an odd node out passes up (its sibling block does not exist, and
    // k <= 159 forces the bit to 0 there).
    for (unsigned bit = kLowBits; bit < kIndexBits; ++bit) {
      std::vector<LinearCombination> next;
      for (std::size_t i = 0; i < level.size(); i += 2)
        next.push_back(i + 1 < level.size()
                           ? LinearCombination(gadgets::select(b_, k_bits_[bit], level[i + 1], level[i],
                                                               "select" + std::to_string(bit)))
                           : level[i]);
      level = std::move(next);
    }
    ZKC_ASSERT(level.size() == 1);
    return std::move(level[0]);
  }

 private:
  static constexpr unsigned kBlock = 1u << kLowBits;
  static constexpr std::size_t kEntries = ml::kSigmoidKnots - 1;  // 160 = 10 blocks
  static_assert(kEntries % kBlock == 0 && kEntries <= (std::size_t{1} << kIndexBits));
  Builder& b_;
  std::vector<Boolean> k_bits_;
  std::array<LinearCombination, kBlock> monomial_;
};

}  // namespace

InferenceCircuit build_inference(r1cs::Builder& b, const ml::QuantizedNetwork& net,
                                 std::span<const r1cs::Variable> input, WeightVisibility weights) {
  const int f_int = net.fractional_bits;
  ZKC_ASSERT(f_int >= ml::kMinFractionalBits && f_int <= ml::kMaxFractionalBits);
  ZKC_ASSERT(!net.layers.empty() && net.layers.back().outputs == 1);
  ZKC_ASSERT(input.size() == static_cast<std::size_t>(net.layers.front().inputs));
  for (std::size_t l = 1; l < net.layers.size(); ++l)
    ZKC_ASSERT(net.layers[l].inputs == net.layers[l - 1].outputs);
  ZKC_ASSERT(net.sigmoid_knots.size() == static_cast<std::size_t>(ml::kSigmoidKnots));
  const bool is_public = weights == WeightVisibility::kPublic;
  if (is_public) {
    ZKC_ASSERT(net.accumulator_bits.size() == net.layers.size());
    ZKC_ASSERT(net.input_lower.size() == input.size() && net.input_upper.size() == input.size());
    for (std::size_t j = 0; j < input.size(); ++j) ZKC_ASSERT(net.input_lower[j] <= net.input_upper[j]);
    for (const auto& layer : net.layers)
      ZKC_ASSERT(layer.weights.size() == static_cast<std::size_t>(layer.inputs) * layer.outputs &&
                 layer.bias.size() == static_cast<std::size_t>(layer.outputs));
  }
  const auto f = static_cast<unsigned>(f_int);
  auto scope = b.scope("inference");
  InferenceCircuit out;

  const Parameters params = is_public ? public_parameters(net) : private_parameters(b, net);

  {  // Rule 1's range: lower_j <= x_j <= upper_j.
    Stage stage(b, out.stages, "input");
    auto s = b.scope("input");
    for (std::size_t j = 0; j < input.size(); ++j) {
      auto sj = b.scope("x", j);
      const unsigned width =
          is_public ? width_of(static_cast<std::uint64_t>(net.input_upper[j] - net.input_lower[j]))
                    : kPrivateInputBits;
      check_input(b, input[j], params.lower[j], params.upper[j], width);
    }
  }

  // Rules 2-4, layer by layer.
  std::vector<LinearCombination> a(input.begin(), input.end());
  Rescaled logit;
  for (std::size_t l = 0; l < net.layers.size(); ++l) {
    Stage stage(b, out.stages, "layer" + std::to_string(l));
    auto s = b.scope("layer", l);
    const auto& layer = net.layers[l];
    const bool hidden = l + 1 < net.layers.size();
    const unsigned bound =
        is_public ? static_cast<unsigned>(net.accumulator_bits[l]) : kPrivateAccumulatorBits;
    ZKC_ASSERT(bound <= kPrivateAccumulatorBits);
    const unsigned offset_bits = bound >= f ? bound - f + 1 : 0;  // Q
    std::vector<LinearCombination> next;
    next.reserve(static_cast<std::size_t>(layer.outputs));
    for (int i = 0; i < layer.outputs; ++i) {
      auto si = b.scope("neuron", static_cast<std::size_t>(i));
      LinearCombination acc = params.bias[l][static_cast<std::size_t>(i)];
      for (int j = 0; j < layer.inputs; ++j) {
        const std::size_t k = static_cast<std::size_t>(i) * layer.inputs + j;
        if (is_public) {
          const std::int64_t w = layer.weights[k];  // public: skipping zeros reveals nothing
          if (w != 0) acc += r1cs::fr_from_i64(w) * a[static_cast<std::size_t>(j)];
        } else {
          acc += b.mul(params.weights[l][k], a[static_cast<std::size_t>(j)], "product" + std::to_string(j));
        }
      }
      Rescaled r = rescale(b, acc, f, offset_bits);
      if (hidden) {
        next.emplace_back(b.mul(r.bits[offset_bits], r.q, "relu"));  // [q >= 0] * q
      } else {
        next.emplace_back(r.q);
        logit = std::move(r);
      }
    }
    a = std::move(next);
  }

  // Rule 5.
  Variable y;
  {
    Stage stage(b, out.stages, "sigmoid");
    auto s = b.scope("sigmoid");
    const unsigned q_bits = logit.offset_bits;
    const LinearCombination z = logit.q;
    const Fr one = fr_pow2(f), ten = Fr::from_u64(ml::kSigmoidRange) * one;
    LinearCombination zc = z;
    if (q_bits >= f + 4) {                // |z| may exceed 10 * 2^f: clamp
      const unsigned n = q_bits + 1 - f;  // h = floor((z + 2^Q) / 2^f) in [0, 2^n)
      const LinearCombination h = gadgets::from_bits(std::span<const Boolean>(logit.bits).subspan(f));
      const Fr mid = fr_pow2(q_bits - f), range = Fr::from_u64(ml::kSigmoidRange);
      const Boolean below = gadgets::less_than(b, h, constant(mid - range), n, "below");      // z < -10 * 2^f
      const Boolean above = gadgets::greater_equal(b, h, constant(mid + range), n, "above");  // z >= 10 * 2^f
      // At most one holds: zc = z + below * (-10 * 2^f - z) + above * (10 * 2^f - 1 - z).
      zc += b.mul(below, constant(-ten) - z, "clamp_low");
      zc += b.mul(above, constant(ten - Fr::one()) - z, "clamp_high");
    }
    const unsigned seg = f - ml::kSigmoidSpacingBits;  // r has f - 3 bits, k the next 8
    const std::vector<Boolean> u_bits = gadgets::to_bits(b, zc + ten, f + 5, "u_bits");
    const LinearCombination r = gadgets::from_bits(std::span<const Boolean>(u_bits).first(seg));
    SigmoidLookup table(b, std::span<const Boolean>(u_bits).subspan(seg, kIndexBits));
    std::vector<std::int64_t> knots(net.sigmoid_knots.begin(), net.sigmoid_knots.end() - 1), slopes;
    for (std::size_t k = 0; k + 1 < net.sigmoid_knots.size(); ++k)
      slopes.push_back(net.sigmoid_knots[k + 1] - net.sigmoid_knots[k]);
    const LinearCombination s_k = table.lookup(knots, "knot");
    const LinearCombination d_k = table.lookup(slopes, "slope");
    const Variable p = b.mul(d_k, r, "slope_times_r");
    // y = s_k + floor((p + 2^(f-4)) / 2^(f-3)); the remainder is range checked, the quotient bounded
    // by the output stage.
    const LinearCombination rounded = p + fr_pow2(seg - 1);
    const ff::U256 v = b.value(rounded).to_u256();
    y = b.witness(b.value(s_k) + Fr::from_canonical_unchecked(v.shr(seg)), "score");
    gadgets::range_check(b, rounded - fr_pow2(seg) * (y - s_k), seg, "round_rem");
  }

  {  // Rule 6: 0 <= y <= 2^f.
    Stage stage(b, out.stages, "output");
    auto s = b.scope("output");
    const std::vector<Boolean> bits = gadgets::to_bits(b, y, f + 1, "score_bits");
    gadgets::enforce_bits_le_constant(b, bits, ff::U256::from_u64(1).shl(f), "score_le_one");
  }
  out.score = y;

  if (is_public) {
    out.model_commitment = constant(model_commitment(net));
  } else {
    Stage stage(b, out.stages, "model_commitment");
    out.model_commitment =
        poseidon_chain(b, kModelDomain, commitment_values(net, params), "model_commitment");
  }
  return out;
}

}  // namespace zkc::zkml
