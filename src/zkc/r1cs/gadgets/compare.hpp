// Equality and comparison of bounded values. less_than(x, y, n) decomposes d = x - y + 2^n into
// n + 1 bits; when x - y lies in [-2^n, 2^n) as integers, d lies in [0, 2^(n+1)) without wrapping
// mod r and its top bit is [x >= y]. PRECONDITION for soundness (not checked here): x and y are
// already known to be bounded, typically 0 <= x, y < 2^n (unsigned) or -2^(n-1) <= x, y < 2^(n-1)
// (signed, see fixed_point.hpp), e.g. by range_check or to_bits; otherwise the output means nothing.
// Costs (constraints): is_zero / is_equal 2; less_than, less_equal, greater_than, greater_equal
// n + 1; enforce_less_than, enforce_less_equal n. Requires 1 <= n <= 252 (asserted).
// Reference: circom's LessThan and IsZero (circomlib/circuits/comparators.circom), statements only.
#pragma once

#include <string_view>

#include "zkc/r1cs/builder.hpp"
#include "zkc/r1cs/gadgets/boolean.hpp"

namespace zkc::r1cs::gadgets {

// [x = 0] for any x: x * inv = 1 - out and x * out = 0.
Boolean is_zero(Builder& b, const LinearCombination& x, std::string_view label);
Boolean is_equal(Builder& b, const LinearCombination& x, const LinearCombination& y, std::string_view label);

// [x < y], [x <= y], [x > y], [x >= y] for bounded x, y (see the precondition above).
Boolean less_than(Builder& b, const LinearCombination& x, const LinearCombination& y, unsigned n,
                  std::string_view label);
Boolean less_equal(Builder& b, const LinearCombination& x, const LinearCombination& y, unsigned n,
                   std::string_view label);
Boolean greater_than(Builder& b, const LinearCombination& x, const LinearCombination& y, unsigned n,
                     std::string_view label);
Boolean greater_equal(Builder& b, const LinearCombination& x, const LinearCombination& y, unsigned n,
                      std::string_view label);

// Proves x < y (y - x - 1 in [0, 2^n)) or x <= y (y - x in [0, 2^n)): n constraints, no output.
// Sound when y - x is known to lie in (-r/2, r/2) as an integer, e.g. 0 <= x, y < 2^n, or
// |x|, |y| < 2^251 for signed values: a negative difference is then >= r/2 > 2^n mod r.
void enforce_less_than(Builder& b, const LinearCombination& x, const LinearCombination& y, unsigned n,
                       std::string_view label);
void enforce_less_equal(Builder& b, const LinearCombination& x, const LinearCombination& y, unsigned n,
                        std::string_view label);

}  // namespace zkc::r1cs::gadgets
