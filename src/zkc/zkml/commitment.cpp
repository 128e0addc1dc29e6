#include "zkc/zkml/commitment.hpp"

#include <algorithm>
#include <string>

#include "zkc/r1cs/gadgets/poseidon.hpp"

namespace zkc::zkml {
namespace {

// The chain's initial state: domain + n * 2^64 (n, the number of values, in the second limb).
Fr chain_start(std::uint64_t domain, std::size_t n) {
  return Fr::from_canonical_unchecked(ff::U256{{domain, static_cast<std::uint64_t>(n), 0, 0}});
}

// The chain over values of type T (field elements or linear combinations): for each chunk of up to
// kChainRate values, h = absorb(chunk index, [h, chunk...]).
template <class T, class Absorb>
T chain(T h, std::span<const T> values, Absorb absorb) {
  std::vector<T> in;
  in.reserve(kChainRate + 1);
  for (std::size_t i = 0; i < values.size(); i += kChainRate) {
    const std::size_t end = std::min(values.size(), i + kChainRate);
    in.assign(1, h);
    in.insert(in.end(), values.begin() + static_cast<std::ptrdiff_t>(i),
              values.begin() + static_cast<std::ptrdiff_t>(end));
    h = absorb(i / kChainRate, std::span<const T>(in));
  }
  return h;
}

}  // namespace

Fr poseidon_chain(std::uint64_t domain, std::span<const Fr> values) {
  return chain(chain_start(domain, values.size()), values, [](std::size_t, std::span<const Fr> in) {
    return hash::poseidon(in);
  });  // Poseidon(h, chunk...)
}

r1cs::Variable poseidon_chain(r1cs::Builder& b, std::uint64_t domain,
                              std::span<const r1cs::LinearCombination> values, std::string_view label) {
  auto scope = b.scope(label);
  const r1cs::LinearCombination start = r1cs::LinearCombination::constant(chain_start(domain, values.size()));
  if (values.empty()) return b.materialize(start, "empty");  // nothing absorbed: the constant itself
  r1cs::Variable out;
  chain(start, values, [&](std::size_t chunk, std::span<const r1cs::LinearCombination> in) {
    out = r1cs::gadgets::poseidon(b, in, "chunk" + std::to_string(chunk));
    return r1cs::LinearCombination(out);
  });
  return out;
}

std::vector<Fr> model_parameters(const ml::QuantizedNetwork& net) {
  std::vector<Fr> p;
  auto push = [&](std::int64_t v) { p.push_back(r1cs::fr_from_i64(v)); };
  push(net.fractional_bits);
  push(static_cast<std::int64_t>(net.layers.size()));
  push(net.layers.empty() ? 0 : net.layers.front().inputs);
  for (const auto& layer : net.layers) push(layer.outputs);
  for (std::int64_t v : net.input_lower) push(v);
  for (std::int64_t v : net.input_upper) push(v);
  for (const auto& layer : net.layers) {
    for (std::int64_t w : layer.weights) push(w);
    for (std::int64_t c : layer.bias) push(c);
  }
  return p;
}

Fr model_commitment(const ml::QuantizedNetwork& net) {
  return poseidon_chain(kModelDomain, model_parameters(net));
}

Fr feature_commitment(std::span<const std::int64_t> features, const Fr& salt) {
  std::vector<Fr> values;
  values.reserve(features.size() + 1);
  values.push_back(salt);
  for (std::int64_t x : features) values.push_back(r1cs::fr_from_i64(x));
  return poseidon_chain(kFeatureDomain, values);
}

}  // namespace zkc::zkml
