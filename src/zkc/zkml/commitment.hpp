// Poseidon commitments of the credit proof, native and in-circuit (the same function both ways).
// A chain absorbs any number of field elements: h = domain + n * 2^64 (a constant: n is the count),
// then for each chunk of up to kChainRate values h = Poseidon(h, chunk...) (circomlib Poseidon with
// 1 + chunk size inputs). feature_commitment(x, salt) = chain(kFeatureDomain, [salt, x_1..x_n]) with
// the signed x_i as field elements (x mod r); model_commitment(net) = chain(kModelDomain,
// model_parameters(net)). The salt is a uniformly random field element: low-entropy features could
// otherwise be found by trying every candidate (docs/SECURITY.md).
// Reference: zkc/hash/poseidon.hpp (circomlib's Poseidon); the chain is our own construction.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "zkc/hash/poseidon.hpp"
#include "zkc/ml/quantize.hpp"
#include "zkc/r1cs/builder.hpp"

namespace zkc::zkml {

using ff::bn254::Fr;

inline constexpr std::size_t kChainRate = 15;
inline constexpr std::uint64_t kFeatureDomain = 1, kModelDomain = 2;

Fr poseidon_chain(std::uint64_t domain, std::span<const Fr> values);
r1cs::Variable poseidon_chain(r1cs::Builder& b, std::uint64_t domain,
                              std::span<const r1cs::LinearCombination> values, std::string_view label);

// The model's parameters in a fixed order: fractional_bits, the number of layers, the widths (inputs,
// then each layer's outputs), input_lower, input_upper, then per layer its weights (row-major) and
// biases; signed values as x mod r.
std::vector<Fr> model_parameters(const ml::QuantizedNetwork& net);
Fr model_commitment(const ml::QuantizedNetwork& net);

Fr feature_commitment(std::span<const std::int64_t> features, const Fr& salt);

}  // namespace zkc::zkml
