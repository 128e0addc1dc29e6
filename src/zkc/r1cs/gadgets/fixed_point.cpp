#include "zkc/r1cs/gadgets/fixed_point.hpp"

#include <vector>

#include "zkc/r1cs/gadgets/bits.hpp"

namespace zkc::r1cs::gadgets {

void range_check_signed(Builder& b, const LinearCombination& x, unsigned bound, std::string_view label) {
  ZKC_ASSERT(bound <= 252);
  range_check(b, x + fr_pow2(bound), bound + 1, label);
}

Boolean is_nonnegative(Builder& b, const LinearCombination& x, unsigned bound, std::string_view label) {
  ZKC_ASSERT(bound <= 252);
  std::vector<Boolean> bits = to_bits(b, x + fr_pow2(bound), bound + 1, label);
  return bits[bound];  // x + 2^bound >= 2^bound  <=>  x >= 0
}

Boolean is_negative(Builder& b, const LinearCombination& x, unsigned bound, std::string_view label) {
  return !is_nonnegative(b, x, bound, label);
}

Variable relu(Builder& b, const LinearCombination& x, unsigned bound, std::string_view label) {
  auto scope = b.scope(label);
  const Boolean nonneg = is_nonnegative(b, x, bound, "sign");
  return b.mul(nonneg, x, "out");
}

Variable truncate(Builder& b, const LinearCombination& x, unsigned f, unsigned bound,
                  std::string_view label) {
  ZKC_ASSERT(f >= 1 && f <= bound && bound <= 252);
  auto scope = b.scope(label);
  // Honest hint: v = x + 2^bound in [0, 2^(bound+1)); q = floor(v / 2^f) - 2^(bound-f).
  const ff::U256 v = (b.value(x) + fr_pow2(bound)).to_u256();
  const Fr q_value = Fr::from_canonical_unchecked(v.shr(f)) - fr_pow2(bound - f);
  const Variable q = b.witness(q_value, "q");
  range_check(b, x - fr_pow2(f) * q, f, "rem");                // 0 <= x - 2^f q < 2^f
  range_check(b, q + fr_pow2(bound - f), bound - f + 1, "q");  // -2^(bound-f) <= q < 2^(bound-f)
  return q;
}

Variable fixed_mul(Builder& b, const LinearCombination& x, const LinearCombination& y, unsigned f,
                   unsigned bound, std::string_view label) {
  auto scope = b.scope(label);
  const Variable p = b.mul(x, y, "mul");
  return truncate(b, p, f, bound, "trunc");
}

std::optional<std::int64_t> to_i64_vartime(const Fr& x) {
  const ff::U256 v = x.to_u256();
  const ff::U256 two63 = ff::U256::from_u64(1).shl(63);
  if (v < two63) return static_cast<std::int64_t>(v.limb[0]);
  const ff::U256 m = Fr::kModulus - v;  // |x| for a negative x
  if (m <= two63) return static_cast<std::int64_t>(std::uint64_t{0} - m.limb[0]);
  return std::nullopt;
}

}  // namespace zkc::r1cs::gadgets
