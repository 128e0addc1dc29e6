// Boolean gadgets: a Boolean is a linear combination that the circuit already constrains to 0 or 1,
// so gadgets taking one (select, and/or/xor) add no booleanity constraint of their own.
// Invariant: every Boolean comes from alloc_boolean, enforce_boolean, a constant, a gadget that
// proves booleanity (to_bits, less_than, is_zero, ...), negation, or Boolean::assume (the caller's
// promise). Costs (constraints): alloc/enforce 1, not 0, and/or/xor 1.
// Reference: the bit x satisfies x * (x - 1) = 0 (e.g. the Zcash protocol spec, appendix A.3.1).
#pragma once

#include <string_view>

#include "zkc/r1cs/builder.hpp"

namespace zkc::r1cs::gadgets {

class Boolean {
 public:
  static Boolean constant(bool v) { return Boolean(LinearCombination::constant(v ? Fr::one() : Fr::zero())); }
  // The caller promises that lc is already constrained to {0, 1}; no constraint is added.
  static Boolean assume(LinearCombination lc) { return Boolean(std::move(lc)); }

  const LinearCombination& lc() const { return lc_; }
  operator const LinearCombination&() const { return lc_; }  // NOLINT(google-explicit-constructor)
  // 1 - b (free).
  Boolean operator!() const { return Boolean(1 - lc_); }

 private:
  explicit Boolean(LinearCombination lc) : lc_(std::move(lc)) {}
  LinearCombination lc_;
};

// A new wire with `value` (which an honest prover sets to 0 or 1) and the constraint v * (v - 1) = 0.
Boolean alloc_boolean(Builder& b, const Fr& value, std::string_view label);
// Constrains an existing linear combination to {0, 1} (1 constraint).
Boolean enforce_boolean(Builder& b, const LinearCombination& x, std::string_view label);
// x AND y = x*y, x OR y = x + y - x*y, x XOR y = x + y - 2*x*y: one constraint each (a new wire).
Boolean boolean_and(Builder& b, const Boolean& x, const Boolean& y, std::string_view label);
Boolean boolean_or(Builder& b, const Boolean& x, const Boolean& y, std::string_view label);
Boolean boolean_xor(Builder& b, const Boolean& x, const Boolean& y, std::string_view label);

}  // namespace zkc::r1cs::gadgets
