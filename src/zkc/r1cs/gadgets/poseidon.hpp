// The Poseidon hash as a circuit (the same function as zkc/hash/poseidon.hpp, circomlib's parameters):
// each S-box x^5 costs 3 constraints (x2 = x*x, x4 = x2*x2, y = x4*x); round-constant additions and
// the MDS layers are linear (free). Cost for n inputs (t = n + 1): 3 * (8 t + partial_rounds(t)),
// e.g. 243 for 2 inputs. The output wire equals hash::poseidon of the input values.
// Reference: circomlib/circuits/poseidon.circom (statement only; our own constraint layout).
#pragma once

#include <span>
#include <string_view>

#include "zkc/r1cs/builder.hpp"

namespace zkc::r1cs::gadgets {

// Poseidon of 1..16 linear combinations (asserted): a new wire.
Variable poseidon(Builder& b, std::span<const LinearCombination> inputs, std::string_view label);

// Its constraint count for `inputs` inputs.
std::size_t poseidon_constraints(std::size_t inputs);

}  // namespace zkc::r1cs::gadgets
