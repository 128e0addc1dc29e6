#include "zkc/r1cs/gadgets/boolean.hpp"

namespace zkc::r1cs::gadgets {

Boolean alloc_boolean(Builder& b, const Fr& value, std::string_view label) {
  const Variable v = b.witness(value, label);
  return enforce_boolean(b, v, label);
}

Boolean enforce_boolean(Builder& b, const LinearCombination& x, std::string_view label) {
  b.enforce(x, x - 1, LinearCombination{}, label);  // x * (x - 1) = 0
  return Boolean::assume(x);
}

Boolean boolean_and(Builder& b, const Boolean& x, const Boolean& y, std::string_view label) {
  return Boolean::assume(b.mul(x, y, label));  // a product of bits is a bit
}

Boolean boolean_or(Builder& b, const Boolean& x, const Boolean& y, std::string_view label) {
  // x + y - xy: allocate z with (x) * (y) = x + y - z.
  const Fr vx = b.value(x.lc()), vy = b.value(y.lc());
  const Variable z = b.witness(vx + vy - vx * vy, label);
  b.enforce(x, y, x.lc() + y.lc() - z, label);
  return Boolean::assume(z);
}

Boolean boolean_xor(Builder& b, const Boolean& x, const Boolean& y, std::string_view label) {
  // x + y - 2xy: allocate z with (2x) * (y) = x + y - z.
  const Fr vx = b.value(x.lc()), vy = b.value(y.lc());
  const Variable z = b.witness(vx + vy - (vx * vy).dbl(), label);
  b.enforce(2 * x.lc(), y, x.lc() + y.lc() - z, label);
  return Boolean::assume(z);
}

}  // namespace zkc::r1cs::gadgets
