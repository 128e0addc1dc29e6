// Signed integers and fixed-point arithmetic in Fr.
// Convention: a signed integer v with bound B, meaning -2^B <= v < 2^B, is the field element v mod r
// (a negative v is r - |v|). A fixed-point number with f fractional bits is the integer v standing
// for v / 2^f. Gadgets handle the sign by offsetting into the non-negative range before a range
// check: v + 2^B lies in [0, 2^(B+1)). Bounds satisfy B + 1 <= 253 (so B <= 252, asserted), which
// keeps every offset value below r: no wrap-around, hence unique decompositions.
// Every gadget here PROVES the bound it is given (an out-of-range input makes the circuit
// unsatisfiable), so none has a soundness precondition.
// Costs (constraints): range_check_signed, is_nonnegative, is_negative B + 1; relu B + 2;
// truncate B + 1; fixed_mul B + 2.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "zkc/r1cs/builder.hpp"
#include "zkc/r1cs/gadgets/boolean.hpp"

namespace zkc::r1cs::gadgets {

// Proves -2^bound <= x < 2^bound.
void range_check_signed(Builder& b, const LinearCombination& x, unsigned bound, std::string_view label);

// [x >= 0] (resp. [x < 0]), proving -2^bound <= x < 2^bound: the top bit of x + 2^bound.
Boolean is_nonnegative(Builder& b, const LinearCombination& x, unsigned bound, std::string_view label);
Boolean is_negative(Builder& b, const LinearCombination& x, unsigned bound, std::string_view label);

// max(x, 0), proving -2^bound <= x < 2^bound.
Variable relu(Builder& b, const LinearCombination& x, unsigned bound, std::string_view label);

// q = floor(x / 2^f) (rounded toward -infinity), for 1 <= f <= bound. Proves x = 2^f q + rem with
// 0 <= rem < 2^f and -2^(bound-f) <= q < 2^(bound-f), hence -2^bound <= x < 2^bound as integers and
// q unique. The remainder is not a wire (rem = x - 2^f q); its bits are, under "<label>/rem".
Variable truncate(Builder& b, const LinearCombination& x, unsigned f, unsigned bound, std::string_view label);

// floor(x * y / 2^f): one product wire, then truncate with `bound` bounding the product x * y
// (e.g. bound = bx + by for |x| < 2^bx, |y| < 2^by).
Variable fixed_mul(Builder& b, const LinearCombination& x, const LinearCombination& y, unsigned f,
                   unsigned bound, std::string_view label);

// Decodes a field element under the signed convention when it lies in [-2^63, 2^63); variable time
// (for public values, outputs, tests).
std::optional<std::int64_t> to_i64_vartime(const Fr& x);

}  // namespace zkc::r1cs::gadgets
