#include "zkc/r1cs/gadgets/compare.hpp"

#include "zkc/r1cs/gadgets/bits.hpp"

namespace zkc::r1cs::gadgets {

Boolean is_zero(Builder& b, const LinearCombination& x, std::string_view label) {
  // x != 0: the second constraint forces out = 0, the first is met by inv = 1/x.
  // x == 0: the first constraint forces out = 1.
  auto scope = b.scope(label);
  const Fr v = b.value(x);
  const Variable out = b.witness(Fr::from_u64(v.is_zero() ? 1 : 0), "out");
  const Variable inv = b.witness(v.inverse(), "inv");  // inverse(0) = 0
  b.enforce(x, inv, 1 - LinearCombination(out), "inv");
  b.enforce(x, out, LinearCombination{}, "out");
  return Boolean::assume(out);
}

Boolean is_equal(Builder& b, const LinearCombination& x, const LinearCombination& y, std::string_view label) {
  return is_zero(b, x - y, label);
}

Boolean less_than(Builder& b, const LinearCombination& x, const LinearCombination& y, unsigned n,
                  std::string_view label) {
  ZKC_ASSERT(n >= 1 && n <= 252);
  // Bits of x - y + 2^n; the top one (a wire, as n + 1 >= 2) is [x >= y].
  std::vector<Boolean> bits = to_bits(b, x - y + fr_pow2(n), n + 1, label);
  return !bits[n];
}

Boolean less_equal(Builder& b, const LinearCombination& x, const LinearCombination& y, unsigned n,
                   std::string_view label) {
  return !less_than(b, y, x, n, label);  // x <= y  <=>  not (y < x)
}

Boolean greater_than(Builder& b, const LinearCombination& x, const LinearCombination& y, unsigned n,
                     std::string_view label) {
  return less_than(b, y, x, n, label);
}

Boolean greater_equal(Builder& b, const LinearCombination& x, const LinearCombination& y, unsigned n,
                      std::string_view label) {
  return !less_than(b, x, y, n, label);
}

void enforce_less_than(Builder& b, const LinearCombination& x, const LinearCombination& y, unsigned n,
                       std::string_view label) {
  ZKC_ASSERT(n >= 1 && n <= 252);
  range_check(b, y - x - 1, n, label);
}

void enforce_less_equal(Builder& b, const LinearCombination& x, const LinearCombination& y, unsigned n,
                        std::string_view label) {
  ZKC_ASSERT(n >= 1 && n <= 252);
  range_check(b, y - x, n, label);
}

}  // namespace zkc::r1cs::gadgets
