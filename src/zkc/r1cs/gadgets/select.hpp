// Conditional select: out = cond ? x : y, proved by cond * (x - y) = out - y (1 constraint). The
// condition's booleanity is carried by its type (gadgets::Boolean): with cond = 2 the constraint
// alone would give out = 2x - y, so a Boolean is only made by a gadget that constrains it.
// Reference: the standard "mux" (e.g. circomlib/circuits/mux1.circom), statement only.
#pragma once

#include <string_view>

#include "zkc/r1cs/builder.hpp"
#include "zkc/r1cs/gadgets/boolean.hpp"

namespace zkc::r1cs::gadgets {

// A new wire equal to cond ? x : y (1 constraint).
Variable select(Builder& b, const Boolean& cond, const LinearCombination& x, const LinearCombination& y,
                std::string_view label);

}  // namespace zkc::r1cs::gadgets
