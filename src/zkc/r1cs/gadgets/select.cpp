#include "zkc/r1cs/gadgets/select.hpp"

namespace zkc::r1cs::gadgets {

Variable select(Builder& b, const Boolean& cond, const LinearCombination& x, const LinearCombination& y,
                std::string_view label) {
  const Fr c = b.value(cond.lc()), vy = b.value(y);
  const Variable out = b.witness(vy + c * (b.value(x) - vy), label);  // y + c (x - y), no branch
  b.enforce(cond, x - y, out - y, label);
  return out;
}

}  // namespace zkc::r1cs::gadgets
