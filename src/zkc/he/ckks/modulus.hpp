// Word-size modular arithmetic for the RNS primes of CKKS: q odd, 2^20 < q < 2^60 (so 4q < 2^62 and the
// lazy NTT of ntt.hpp never overflows a word). Every routine is branch-free (constant time).
// Barrett reduction of a 128-bit product (Barrett, CRYPTO '86; Handbook of Applied Cryptography 14.42);
// Shoup's precomputed-quotient multiplication by a fixed operand (Shoup, NTL; Harvey, "Faster arithmetic
// for number-theoretic transforms", J. Symb. Comp. 2014, section 2).
#pragma once

#include <cstdint>

namespace zkc::he::ckks {

using u64 = std::uint64_t;
using u128 = unsigned __int128;

inline constexpr int kMaxPrimeBits = 60;
inline constexpr int kMinPrimeBits = 20;

// Branch-free conditional subtraction: x - q if x >= q else x, for x < 2q < 2^63.
inline u64 csub(u64 x, u64 q) {
  const u64 y = x - q;
  return y + (q & (0 - (y >> 63)));
}

class Modulus {
 public:
  Modulus() = default;
  explicit constexpr Modulus(u64 q) : q_(q), bits_(bit_length(q)) {
    // mu = floor(2^(2b) / q) < 2^(b+1), where b = bits_.
    mu_ = static_cast<u64>((static_cast<u128>(1) << (2 * bits_)) / q);
    two32_ = static_cast<u64>((static_cast<u128>(1) << 32) % q);
    const u128 mu_wide = ~static_cast<u128>(0) / q;  // floor((2^128 - 1) / q) = floor(2^128 / q), q odd
    mu_wide0_ = static_cast<u64>(mu_wide);
    mu_wide1_ = static_cast<u64>(mu_wide >> 64);
  }

  constexpr u64 value() const { return q_; }
  constexpr int bits() const { return bits_; }

  u64 add(u64 a, u64 b) const { return csub(a + b, q_); }       // a, b < q
  u64 sub(u64 a, u64 b) const { return csub(a + q_ - b, q_); }  // a, b < q
  u64 neg(u64 a) const { return csub(q_ - a, q_); }             // a < q

  // x mod q for any x < q^2 (in particular a product of two residues). Barrett with mu = floor(2^2b/q):
  // qhat = floor(floor(x / 2^(b-1)) * mu / 2^(b+1)) is at most 2 below floor(x/q), so r < 3q.
  u64 reduce128(u128 x) const {
    const u64 xs = static_cast<u64>(x >> (bits_ - 1));
    const u64 qhat = static_cast<u64>((static_cast<u128>(xs) * mu_) >> (bits_ + 1));
    u64 r = static_cast<u64>(x) - qhat * q_;
    r = csub(r, 2 * q_);
    return csub(r, q_);
  }
  u64 mul(u64 a, u64 b) const { return reduce128(static_cast<u128>(a) * b); }  // a, b < q

  // x mod q for any x < 2^128 (Barrett with the 128-bit mu = floor(2^128 / q); the estimate of floor(x / q)
  // drops three partial products below 2^128, so it is at most 3 short and r < 4q < 2^62). For sums of
  // many products accumulated lazily.
  u64 reduce_wide(u128 x) const {
    const u64 x0 = static_cast<u64>(x), x1 = static_cast<u64>(x >> 64);
    const u64 c = static_cast<u64>((static_cast<u128>(x0) * mu_wide0_) >> 64);
    const u128 t = static_cast<u128>(x0) * mu_wide1_ + c;
    const u128 u = static_cast<u128>(x1) * mu_wide0_ + static_cast<u64>(t);
    const u64 qhat = x1 * mu_wide1_ + static_cast<u64>(t >> 64) + static_cast<u64>(u >> 64);
    const u64 r = x0 - qhat * q_;
    return csub(csub(r, 2 * q_), q_);
  }

  // x mod q for any 64-bit x (branch-free, no division): x = hi * 2^32 + lo with hi, lo < 2^32 < q^2.
  u64 reduce64(u64 x) const { return add(mul(reduce128(x >> 32), two32_), reduce128(x & 0xffffffffu)); }

  // Shoup: for a fixed w < q, w' = floor(w * 2^64 / q); then a*w mod q for any a < 2^64 costs two
  // multiplications. mul_shoup_lazy returns a value in [0, 2q).
  u64 shoup(u64 w) const { return static_cast<u64>((static_cast<u128>(w) << 64) / q_); }
  u64 mul_shoup_lazy(u64 a, u64 w, u64 w_shoup) const {
    const u64 qhat = static_cast<u64>((static_cast<u128>(a) * w_shoup) >> 64);
    return a * w - qhat * q_;
  }
  u64 mul_shoup(u64 a, u64 w, u64 w_shoup) const { return csub(mul_shoup_lazy(a, w, w_shoup), q_); }

  u64 pow(u64 base, u64 exponent) const;               // variable time in the (public) exponent
  u64 inverse(u64 a) const { return pow(a, q_ - 2); }  // q prime; a != 0

  // Signed integer to residue (branch-free, no division).
  u64 from_signed(std::int64_t v) const {
    const u64 u = static_cast<u64>(v);
    const u64 sign = u >> 63;                                               // 1 if v < 0
    const u64 magnitude = (u ^ (0 - sign)) + sign;                          // |v|, exact for INT64_MIN too
    const u64 m = bits_ > 32 ? reduce128(magnitude) : reduce64(magnitude);  // one step when 2^64 < q^2
    const u64 negated = csub(q_ - m, q_);
    return (m & (sign - 1)) | (negated & (0 - sign));
  }

 private:
  static constexpr int bit_length(u64 x) {
    int n = 0;
    while (x != 0) {
      ++n;
      x >>= 1;
    }
    return n;
  }
  u64 q_ = 0;
  int bits_ = 0;
  u64 mu_ = 0;
  u64 two32_ = 0;
  u64 mu_wide0_ = 0, mu_wide1_ = 0;
};

inline u64 Modulus::pow(u64 base, u64 exponent) const {
  u64 result = 1 % q_;
  base %= q_;
  while (exponent != 0) {
    if (exponent & 1) result = mul(result, base);
    base = mul(base, base);
    exponent >>= 1;
  }
  return result;
}

}  // namespace zkc::he::ckks
