#include "zkc/r1cs/gadgets/bits.hpp"

#include "zkc/ff/bn254/fr.hpp"

namespace zkc::r1cs::gadgets {

namespace {

// n bits (1 <= n <= 254) of x; the caller makes the decomposition unique when n = 254.
std::vector<Boolean> decompose(Builder& b, const LinearCombination& x, unsigned n) {
  const ff::U256 v = b.value(x).to_u256();
  std::vector<Boolean> bits;
  bits.reserve(n);
  bits.push_back(Boolean::constant(false));  // bit 0, replaced below
  LinearCombination bit0 = x;
  bit0.terms.reserve(x.terms.size() + n - 1);
  Fr pow = Fr::one();
  for (unsigned i = 1; i < n; ++i) {
    pow = pow.dbl();  // 2^i
    const Variable w = b.witness(Fr::from_u64(v.bit(i) ? 1 : 0), "bit", i);
    b.enforce(w, w - 1, LinearCombination{}, "bit", i);
    bit0.terms.push_back({w.id, -pow});
    bits.push_back(Boolean::assume(w));
  }
  // bit0 = x - sum_{i>=1} 2^i b_i must itself be a bit, which proves x = sum_i 2^i b_i.
  b.enforce(bit0, bit0 - 1, LinearCombination{}, "bit", 0);
  bits[0] = Boolean::assume(std::move(bit0));
  return bits;
}

LinearCombination sum(std::span<const Boolean> bits, unsigned lo, unsigned hi) {  // bits [lo, hi]
  LinearCombination s;
  for (unsigned i = lo; i <= hi; ++i) s += bits[i].lc();
  return s;
}

}  // namespace

std::vector<Boolean> to_bits(Builder& b, const LinearCombination& x, unsigned n, std::string_view label) {
  ZKC_ASSERT(n >= 1 && n <= 253);
  auto scope = b.scope(label);
  return decompose(b, x, n);
}

void range_check(Builder& b, const LinearCombination& x, unsigned n, std::string_view label) {
  ZKC_ASSERT(n <= 253);
  if (n == 0) {
    b.enforce(x, Builder::one(), LinearCombination{}, label);  // x = 0
    return;
  }
  auto scope = b.scope(label);
  decompose(b, x, n);
}

LinearCombination from_bits(std::span<const Boolean> bits) {
  LinearCombination s;
  Fr pow = Fr::one();
  for (const Boolean& bit : bits) {
    s += pow * bit.lc();
    pow = pow.dbl();
  }
  return s;
}

void enforce_bits_le_constant(Builder& b, std::span<const Boolean> bits, const ff::U256& c,
                              std::string_view label) {
  // Scan from the most significant bit. eq = [the bits seen so far equal c's]. Where c has a run
  // of zeros, eq = 1 forces those bits to 0 (their sum, a small non-negative integer, is 0); where
  // c has a run of ones, eq stays 1 only if they are all 1. A run of ones followed by a run of
  // zeros costs two constraints: with t = (#ones + [eq not constant]) - eq - sum(ones bits) >= 0,
  //   t * inv = 1 - e   and   e * (t + sum(zeros bits)) = 0
  // force e = [t = 0] (t != 0 makes e = 0 by the second; t = 0 makes e = 1 by the first) and, when
  // e = 1, the zeros bits to 0. The last run needs nothing when it is a run of ones.
  const unsigned n = static_cast<unsigned>(bits.size());
  if (n == 0 || c.num_bits() > n) return;  // c >= 2^n > any n-bit value
  auto scope = b.scope(label);
  LinearCombination eq = LinearCombination::constant(Fr::one());
  bool eq_constant = true;
  int i = static_cast<int>(n) - 1;
  auto run_start = [&](int top) {  // lowest index of the run of equal constant bits ending at top
    int j = top;
    while (j > 0 && c.bit(static_cast<unsigned>(j - 1)) == c.bit(static_cast<unsigned>(top))) --j;
    return j;
  };
  while (i >= 0) {
    const int j = run_start(i);
    if (!c.bit(static_cast<unsigned>(i))) {
      // Leading zeros of c (only at the top: later zero runs are consumed with the ones before them).
      ZKC_ASSERT(eq_constant);
      b.enforce(sum(bits, static_cast<unsigned>(j), static_cast<unsigned>(i)), Builder::one(),
                LinearCombination{}, "zeros", static_cast<std::size_t>(i));
      i = j - 1;
      continue;
    }
    if (j == 0) break;  // the last run is ones: nothing after it to constrain
    const int k = run_start(j - 1);
    const LinearCombination ones = sum(bits, static_cast<unsigned>(j), static_cast<unsigned>(i));
    const LinearCombination zeros = sum(bits, static_cast<unsigned>(k), static_cast<unsigned>(j - 1));
    const auto len = static_cast<std::int64_t>(i - j + 1);
    if (eq_constant && len == 1) {
      eq = bits[static_cast<unsigned>(i)].lc();
      b.enforce(eq, zeros, LinearCombination{}, "zeros", static_cast<std::size_t>(j - 1));
    } else {
      const LinearCombination t = eq_constant ? len - ones : (len + 1) - eq - ones;
      const Fr tv = b.value(t);
      const Variable e = b.witness(Fr::from_u64(tv.is_zero() ? 1 : 0), "eq", static_cast<std::size_t>(j));
      const Variable inv = b.witness(tv.inverse(), "inv", static_cast<std::size_t>(j));
      b.enforce(t, inv, 1 - LinearCombination(e), "eq", static_cast<std::size_t>(j));
      b.enforce(e, t + zeros, LinearCombination{}, "zeros", static_cast<std::size_t>(j - 1));
      eq = e;
    }
    eq_constant = false;
    i = k - 1;
  }
}

std::vector<Boolean> to_bits_strict(Builder& b, const LinearCombination& x, std::string_view label) {
  constexpr unsigned kBits = ff::bn254::Fr::kBits;  // 254
  auto scope = b.scope(label);
  std::vector<Boolean> bits = decompose(b, x, kBits);
  enforce_bits_le_constant(b, bits, ff::bn254::Fr::kModulus - ff::U256::from_u64(1), "le_r_minus_1");
  return bits;
}

}  // namespace zkc::r1cs::gadgets
