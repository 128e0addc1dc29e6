// Fp<Config>: a prime field of at most 256 bits on four 64-bit limbs, in one of two representations
// chosen by the Config at compile time:
// - Montgomery (the default): the stored limbs are a*R mod p with R = 2^256, fully reduced (< p).
//   A Config holds only `kModulus` (odd, > 2^64) and `kName`; every Montgomery constant, the
//   two-adicity and the square-root constants derive from it at compile time.
// - pseudo-Mersenne: a Config that also declares `static constexpr u64 kPseudoMersenneC = c` for
//   p = 2^255 - c (0 < c < 2^31; checked against kModulus) stores the canonical value a itself
//   (< p); multiplication is a plain 512-bit product folded with 2^256 = 2c and 2^255 = c (mod p).
//   `raw()`/`from_raw` then mean the canonical value. Used by curve25519's Fe (c = 19).
// Constant time in the values unless a function is named `_vartime`; exponents are public.
// References: Montgomery multiplication, CIOS form (Koc, Acar, Kaliski 1996) with the "no-carry"
// shortcut for moduli whose top limb is below 2^63 - 1 (gnark-crypto, ePrint 2022/1400 sec. 2.2);
// pseudo-Mersenne reduction: Crandall, US patent 5159632 (1992), and Menezes, van Oorschot,
// Vanstone, Handbook of Applied Cryptography, sec. 14.3.4 (reduction modulo b^t - c);
// constant-time square root: RFC 9380 appendix I.2 (p = 3 mod 4) and I.4 (Tonelli-Shanks).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "zkc/base/random.hpp"
#include "zkc/base/result.hpp"
#include "zkc/ff/internal/mont_x86_64.hpp"
#include "zkc/ff/internal/pm_x86_64.hpp"
#include "zkc/ff/u256.hpp"

namespace zkc::ff {

namespace detail {

// Hides a value from the optimizer, so that a mask built from a secret condition stays arithmetic
// and is not turned back into a branch.
constexpr u64 value_barrier(u64 v) {
  if (!std::is_constant_evaluated()) __asm__ volatile("" : "+r"(v));
  return v;
}

// Constant-time select: mask is all ones (take a) or zero (take b).
constexpr void cmov_limbs(std::array<u64, 4>& out, const std::array<u64, 4>& a,
                          const std::array<u64, 4>& b, u64 mask) {
  mask = value_barrier(mask);
  for (int i = 0; i < 4; ++i) out[i] = (a[i] & mask) | (b[i] & ~mask);
}

// c for a pseudo-Mersenne Config (p = 2^255 - c), 0 for a Montgomery one.
template <class Cfg>
constexpr u64 pseudo_mersenne_c() {
  if constexpr (requires { Cfg::kPseudoMersenneC; }) {
    return Cfg::kPseudoMersenneC;
  } else {
    return 0;
  }
}

template <class Cfg>
struct MontConstants {
  static constexpr U256 p = Cfg::kModulus;
  static_assert(p.limb[0] & 1, "the modulus must be odd");
  static_assert(p.limb[1] | p.limb[2] | p.limb[3], "the modulus must exceed 2^64");

  // x*2 mod p for x < p.
  static constexpr U256 dbl_mod(const U256& x) {
    U256 r;
    const u64 carry = U256::add(r, x, x);
    U256 s;
    const u64 borrow = U256::sub(s, r, p);
    return (carry || !borrow) ? s : r;
  }
  static constexpr U256 pow2_mod(unsigned n) {
    U256 x = U256::from_u64(1);
    for (unsigned i = 0; i < n; ++i) x = dbl_mod(x);
    return x;
  }
  static constexpr u64 neg_inv() {  // -p^{-1} mod 2^64 by Newton iteration
    u64 inv = 1;
    for (int i = 0; i < 7; ++i) inv *= 2 - p.limb[0] * inv;
    return ~inv + 1;
  }
  static constexpr unsigned two_adicity() {
    U256 pm1 = p - U256::from_u64(1);
    unsigned s = 0;
    while (!pm1.bit(s)) ++s;
    return s;
  }

  static constexpr u64 kInv = neg_inv();
  static constexpr U256 kR = pow2_mod(256);
  static constexpr U256 kR2 = pow2_mod(512);
  static constexpr U256 kR3 = pow2_mod(768);
  static constexpr unsigned kBits = p.num_bits();
  static constexpr bool kNoCarry = p.limb[3] < 0x7fffffffffffffffULL;
  static constexpr unsigned kTwoAdicity = two_adicity();

  // Pseudo-Mersenne form (canonical storage) when the Config asks for it; kR above keeps its meaning
  // as the value 2^256 mod p in both forms.
  static constexpr u64 kPmC = pseudo_mersenne_c<Cfg>();
  static constexpr bool kPseudoMersenne = kPmC != 0;
  static_assert(kPmC < (u64{1} << 31), "kPseudoMersenneC must be below 2^31");
  static_assert(!kPseudoMersenne || p == U256{{0, 0, 0, u64{1} << 63}} - U256::from_u64(kPmC),
                "kPseudoMersenneC does not match kModulus = 2^255 - c");
  // The stored limbs of one: R mod p (Montgomery) or 1 (canonical).
  static constexpr U256 kOneRaw = kPseudoMersenne ? U256::from_u64(1) : kR;
};

// Pseudo-Mersenne reduction of a 512-bit t[0..7] < p^2 for p = 2^255 - c, 0 < c < 2^31; out < p.
// Portable and constexpr; the x86-64 kernels in internal/pm_x86_64.hpp do the same steps.
// 1. t = H 2^256 + L with H < p^2 / 2^256 < 2^254; 2^256 = 2c (mod p), so s = L + 2c H < 2^287.
// 2. s = q 2^255 + s' with q < 2^32; 2^255 = c (mod p), so r = s' + c q < 2^255 + 2^63 < 2p.
// 3. r >= p exactly when u = r + c >= 2^255 (u < 2^256), and then r - p = u - 2^255.
template <u64 C>
constexpr void pm_reduce(std::array<u64, 4>& out, const u64 (&t)[8]) {
  u64 s[4];
  u128 acc = 0;
  for (int j = 0; j < 4; ++j) {
    acc += static_cast<u128>(t[4 + j]) * (2 * C) + t[j];  // < 2^96 + 2^65
    s[j] = static_cast<u64>(acc);
    acc >>= 64;
  }
  const u64 q = (static_cast<u64>(acc) << 1) | (s[3] >> 63);
  s[3] &= ~(u64{1} << 63);
  acc = static_cast<u128>(q) * C;
  for (int j = 0; j < 4; ++j) {
    acc += s[j];
    s[j] = static_cast<u64>(acc);
    acc >>= 64;
  }
  std::array<u64, 4> u;
  acc = C;
  for (int j = 0; j < 4; ++j) {
    acc += s[j];
    u[j] = static_cast<u64>(acc);
    acc >>= 64;
  }
  const u64 ge = u[3] >> 63;  // r >= p
  u[3] &= ~(u64{1} << 63);
  cmov_limbs(out, u, std::array<u64, 4>{s[0], s[1], s[2], s[3]}, ~u64{0} * ge);
}

}  // namespace detail

template <class Cfg>
class Fp {
  using K = detail::MontConstants<Cfg>;

 public:
  using Config = Cfg;
  static constexpr U256 kModulus = Cfg::kModulus;
  static constexpr unsigned kBits = K::kBits;
  static constexpr unsigned kTwoAdicity = K::kTwoAdicity;
  static constexpr std::size_t kBytes = 32;
  // Canonical storage with pseudo-Mersenne reduction (see the header comment) instead of Montgomery.
  static constexpr bool kPseudoMersenne = K::kPseudoMersenne;

  constexpr Fp() = default;  // zero

  static constexpr Fp zero() { return Fp(); }
  static constexpr Fp one() { return from_raw(K::kOneRaw); }
  static constexpr Fp from_u64(u64 v) { return from_canonical_unchecked(U256::from_u64(v)); }
  // Accepts a canonical value (< p) and rejects anything else.
  static Result<Fp> from_u256(const U256& v) {
    if (!(v < kModulus))
      return make_error(Errc::kNotCanonical, std::string(Cfg::kName) + " element >= modulus: " + v.to_hex());
    return from_canonical_unchecked(v);
  }
  // Reduces any 256-bit value mod p (constant time).
  static constexpr Fp reduce(U256 v) {
    for (int k = 256 - static_cast<int>(kBits); k >= 0; --k) {
      const U256 pk = kModulus.shl(static_cast<unsigned>(k));
      U256 d;
      const u64 borrow = U256::sub(d, v, pk);
      detail::cmov_limbs(v.limb, v.limb, d.limb, ~u64{0} * borrow);
    }
    return from_canonical_unchecked(v);
  }
  // Reduces a 512-bit value hi * 2^256 + lo mod p (constant time); K::kR is the value 2^256 mod p
  // in both representations.
  static constexpr Fp reduce_wide(const U256& lo, const U256& hi) {
    return reduce(lo) + reduce(hi) * from_canonical_unchecked(K::kR);
  }
  // Precondition (asserted): v < p. The Montgomery kernels assume reduced inputs.
  static constexpr Fp from_canonical_unchecked(const U256& v) {
    if (!std::is_constant_evaluated()) ZKC_ASSERT(v < kModulus);
    Fp r;
    if constexpr (kPseudoMersenne) {
      r.m_ = v.limb;
    } else {
      mont_mul(r.m_, v.limb, K::kR2.limb);
    }
    return r;
  }
  // The stored representation as is, v < p: the Montgomery form v = a*R mod p, or for a
  // pseudo-Mersenne Config (kPseudoMersenne) the canonical value v = a.
  static constexpr Fp from_raw(const U256& v) {
    Fp r;
    r.m_ = v.limb;
    return r;
  }
  constexpr U256 raw() const { return U256{m_}; }
  constexpr U256 to_u256() const {
    if constexpr (kPseudoMersenne) {
      return U256{m_};
    } else {
      U256 r;
      constexpr std::array<u64, 4> kOneLimbs{1, 0, 0, 0};
      mont_mul(r.limb, m_, kOneLimbs);
      return r;
    }
  }

  // Uniform element from the CSPRNG (512 random bits reduced: bias < 2^-250).
  static Fp random() {
    std::array<std::uint8_t, 64> buf;
    random_bytes(buf);
    U256 lo, hi;
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 8; ++j) {
        lo.limb[i] |= u64{buf[8 * i + j]} << (8 * j);
        hi.limb[i] |= u64{buf[32 + 8 * i + j]} << (8 * j);
      }
    Fp r = reduce_wide(lo, hi);
    secure_wipe(buf);
    secure_wipe(lo);
    secure_wipe(hi);
    return r;
  }

  // --- encodings ---------------------------------------------------------------------------
  // 32-byte big-endian canonical encoding; decoding rejects values >= p.
  void to_bytes_be(std::span<std::uint8_t, 32> out) const {
    const U256 v = to_u256();
    for (int i = 0; i < 32; ++i) out[31 - i] = static_cast<std::uint8_t>(v.limb[i / 8] >> (8 * (i % 8)));
  }
  std::array<std::uint8_t, 32> to_bytes_be() const {
    std::array<std::uint8_t, 32> b;
    to_bytes_be(std::span<std::uint8_t, 32>(b));
    return b;
  }
  static Result<Fp> from_bytes_be(std::span<const std::uint8_t, 32> in) {
    U256 v;
    for (int i = 0; i < 32; ++i) v.limb[i / 8] |= u64{in[31 - i]} << (8 * (i % 8));
    return from_u256(v);
  }
  std::string to_decimal() const { return to_u256().to_decimal(); }
  std::string to_hex() const { return to_u256().to_hex(); }
  static Result<Fp> from_decimal(std::string_view s) {
    ZKC_TRY(const U256 v, U256::parse_decimal(s));
    return from_u256(v);
  }
  static Result<Fp> from_hex(std::string_view s) {
    ZKC_TRY(const U256 v, U256::parse_hex(s));
    return from_u256(v);
  }

  // --- arithmetic ----------------------------------------------------------------------------
  constexpr bool is_zero() const { return (m_[0] | m_[1] | m_[2] | m_[3]) == 0; }
  constexpr bool is_one() const { return *this == one(); }
  friend constexpr bool operator==(const Fp& a, const Fp& b) {
    return ((a.m_[0] ^ b.m_[0]) | (a.m_[1] ^ b.m_[1]) | (a.m_[2] ^ b.m_[2]) | (a.m_[3] ^ b.m_[3])) == 0;
  }

  [[gnu::always_inline]] friend constexpr Fp operator+(const Fp& a, const Fp& b) {
    Fp r;
#if ZKC_FF_HAVE_X86_ASM
    if (!std::is_constant_evaluated()) {
      internal::mod_add(r.m_.data(), a.m_.data(), b.m_.data(), kPLimbs);
      return r;
    }
#endif
    U256 s;
    const u64 carry = U256::add(s, U256{a.m_}, U256{b.m_});
    U256 d;
    const u64 borrow = U256::sub(d, s, kModulus);
    // keep s only when there was no carry and s < p
    detail::cmov_limbs(r.m_, s.limb, d.limb, ~u64{0} * (borrow & (carry ^ 1)));
    return r;
  }
  [[gnu::always_inline]] friend constexpr Fp operator-(const Fp& a, const Fp& b) {
    Fp r;
#if ZKC_FF_HAVE_X86_ASM
    if (!std::is_constant_evaluated()) {
      internal::mod_sub(r.m_.data(), a.m_.data(), b.m_.data(), kPLimbs);
      return r;
    }
#endif
    U256 d;
    const u64 borrow = U256::sub(d, U256{a.m_}, U256{b.m_});
    U256 mask_p;
    for (int i = 0; i < 4; ++i) mask_p.limb[i] = kModulus.limb[i] & (~u64{0} * borrow);
    U256 s;
    U256::add(s, d, mask_p);
    r.m_ = s.limb;
    return r;
  }
  [[gnu::always_inline]] constexpr Fp operator-() const {
    Fp r;
    U256 d;
    U256::sub(d, kModulus, U256{m_});
    const u64 nonzero = static_cast<u64>(!is_zero());
    for (int i = 0; i < 4; ++i) r.m_[i] = d.limb[i] & (~u64{0} * nonzero);
    return r;
  }
  [[gnu::always_inline]] friend constexpr Fp operator*(const Fp& a, const Fp& b) {
    Fp r;
    if constexpr (kPseudoMersenne) {
      pm_mul(r.m_, a.m_, b.m_);
    } else {
      mont_mul(r.m_, a.m_, b.m_);
    }
    return r;
  }
  Fp& operator+=(const Fp& b) { return *this = *this + b; }
  Fp& operator-=(const Fp& b) { return *this = *this - b; }
  Fp& operator*=(const Fp& b) { return *this = *this * b; }

  [[gnu::always_inline]] constexpr Fp dbl() const { return *this + *this; }
  [[gnu::always_inline]] constexpr Fp square() const {
    if constexpr (kPseudoMersenne) {
      Fp r;
      pm_square(r.m_, m_);
      return r;
    } else {
      return *this * *this;
    }
  }

  // a^e for a public exponent e (constant time in a; the sequence of operations depends on e only).
  constexpr Fp pow(const U256& e) const {
    Fp table[16];
    table[0] = one();
    for (int i = 1; i < 16; ++i) table[i] = table[i - 1] * *this;
    Fp r = one();
    const unsigned nb = e.num_bits();
    const int top = nb == 0 ? -1 : static_cast<int>((nb - 1) / 4);
    for (int w = top; w >= 0; --w) {
      if (w != top) r = r.square().square().square().square();
      const u64 d = e.bits(static_cast<unsigned>(4 * w), 4);
      if (d != 0) r = r * table[d];
    }
    return r;
  }
  Fp pow(u64 e) const { return pow(U256::from_u64(e)); }

  // a^-1 by Fermat (a^(p-2)), constant time; the inverse of zero is zero.
  constexpr Fp inverse() const { return pow(kModulus - U256::from_u64(2)); }

  // a^-1 by the binary extended Euclidean algorithm; variable time (public inputs only).
  Fp inverse_vartime() const {
    if (is_zero()) return zero();
    // The Montgomery form holds m = aR; EEA gives m^-1 = a^-1 R^-1; times R^3 (Montgomery) = a^-1 R.
    // The canonical form holds m = a; EEA gives a^-1, stored as is (no correction).
    U256 u{m_}, v = kModulus, x1 = U256::from_u64(1), x2{};
    const U256 one_v = U256::from_u64(1);
    auto halve = [](U256& x) {
      if (x.is_odd()) {
        const u64 c = U256::add(x, x, kModulus);
        x = x.shr(1);
        x.limb[3] |= c << 63;
      } else {
        x = x.shr(1);
      }
    };
    auto sub_mod = [](U256& x, const U256& y) {
      if (U256::sub(x, x, y)) U256::add(x, x, kModulus);
    };
    while (u != one_v && v != one_v) {
      while (!u.is_odd()) { u = u.shr(1); halve(x1); }
      while (!v.is_odd()) { v = v.shr(1); halve(x2); }
      if (u >= v) { U256::sub(u, u, v); sub_mod(x1, x2); }
      else { U256::sub(v, v, u); sub_mod(x2, x1); }
    }
    Fp r;
    if constexpr (kPseudoMersenne) {
      r.m_ = (u == one_v ? x1 : x2).limb;
    } else {
      mont_mul(r.m_, (u == one_v ? x1 : x2).limb, K::kR3.limb);
    }
    return r;
  }

  // Legendre symbol: 1 for a nonzero square, -1 for a non-square, 0 for zero. Constant time.
  int legendre() const {
    const Fp t = pow((kModulus - U256::from_u64(1)).shr(1));
    return t.is_zero() ? 0 : (t.is_one() ? 1 : -1);
  }

  // A square root of a, or nullopt if a is not a square. Constant time (RFC 9380 I.2 / I.4).
  // Which of the two roots is returned is unspecified; use `sgn0` to pick one canonically.
  std::optional<Fp> sqrt() const {
    Fp z;
    if constexpr (kTwoAdicity == 1) {
      z = pow((kModulus + U256::from_u64(1)).shr(2));  // p = 3 mod 4: a^((p+1)/4)
    } else {
      z = sqrt_tonelli_shanks();
    }
    if (!(z.square() == *this)) return std::nullopt;
    return z;
  }
  // Parity of the canonical value (RFC 9380 sgn0 for prime fields).
  bool sgn0() const { return to_u256().is_odd(); }

  // Conditional move: *this = cond ? a : *this, constant time.
  constexpr void cmov(const Fp& a, bool cond) {
    detail::cmov_limbs(m_, a.m_, m_, ~u64{0} * static_cast<u64>(cond));
  }

 private:
  Fp sqrt_tonelli_shanks() const;

  // Canonical a * b mod p = 2^255 - c (pseudo-Mersenne Configs only).
  [[gnu::always_inline]] static constexpr void pm_mul(std::array<u64, 4>& out, const std::array<u64, 4>& a,
                                                      const std::array<u64, 4>& b) {
#if ZKC_FF_HAVE_ADX
    if (!std::is_constant_evaluated()) {
      internal::pm_mul_adx<K::kPmC>(out.data(), a.data(), b.data());
      return;
    }
#endif
    U256 lo, hi;
    U256::mul_wide(lo, hi, U256{a}, U256{b});
    const u64 t[8] = {lo.limb[0], lo.limb[1], lo.limb[2], lo.limb[3],
                      hi.limb[0], hi.limb[1], hi.limb[2], hi.limb[3]};
    detail::pm_reduce<K::kPmC>(out, t);
  }
  [[gnu::always_inline]] static constexpr void pm_square(std::array<u64, 4>& out,
                                                         const std::array<u64, 4>& a) {
#if ZKC_FF_HAVE_ADX
    if (!std::is_constant_evaluated()) {
      internal::pm_square_adx<K::kPmC>(out.data(), a.data());
      return;
    }
#endif
    pm_mul(out, a, a);
  }

  [[gnu::always_inline]] static constexpr void mont_mul(std::array<u64, 4>& out, const std::array<u64, 4>& a,
                                 const std::array<u64, 4>& b) {
    constexpr auto& P = kModulus.limb;
#if ZKC_FF_HAVE_ADX
    if constexpr (K::kNoCarry) {
      if (!std::is_constant_evaluated()) {
        internal::mont_mul_adx(out.data(), a.data(), b.data(), kPLimbs, K::kInv);
        return;
      }
    }
#endif
    if constexpr (K::kNoCarry) {
      u64 t[4] = {0, 0, 0, 0};
      for (int i = 0; i < 4; ++i) {
        u128 uv = static_cast<u128>(a[0]) * b[i] + t[0];
        u64 A = static_cast<u64>(uv >> 64);
        const u64 m = static_cast<u64>(uv) * K::kInv;
        u128 C = (static_cast<u128>(m) * P[0] + static_cast<u64>(uv)) >> 64;
        for (int j = 1; j < 4; ++j) {
          uv = static_cast<u128>(a[j]) * b[i] + t[j] + A;
          A = static_cast<u64>(uv >> 64);
          C = static_cast<u128>(m) * P[j] + static_cast<u64>(uv) + static_cast<u64>(C);
          t[j - 1] = static_cast<u64>(C);
          C >>= 64;
        }
        t[3] = static_cast<u64>(C) + A;
      }
      U256 s{{t[0], t[1], t[2], t[3]}}, d;
      const u64 borrow = U256::sub(d, s, kModulus);
      detail::cmov_limbs(out, s.limb, d.limb, ~u64{0} * borrow);
    } else {
      u64 t[6] = {0, 0, 0, 0, 0, 0};
      for (int i = 0; i < 4; ++i) {
        u128 C = 0;
        for (int j = 0; j < 4; ++j) {
          C = static_cast<u128>(a[j]) * b[i] + t[j] + static_cast<u64>(C);
          t[j] = static_cast<u64>(C);
          C >>= 64;
        }
        u128 s = static_cast<u128>(t[4]) + static_cast<u64>(C);
        t[4] = static_cast<u64>(s);
        t[5] = static_cast<u64>(s >> 64);
        const u64 m = t[0] * K::kInv;
        C = (static_cast<u128>(m) * P[0] + t[0]) >> 64;
        for (int j = 1; j < 4; ++j) {
          C = static_cast<u128>(m) * P[j] + t[j] + static_cast<u64>(C);
          t[j - 1] = static_cast<u64>(C);
          C >>= 64;
        }
        s = static_cast<u128>(t[4]) + static_cast<u64>(C);
        t[3] = static_cast<u64>(s);
        t[4] = t[5] + static_cast<u64>(s >> 64);
      }
      U256 s{{t[0], t[1], t[2], t[3]}}, d;
      const u64 borrow = U256::sub(d, s, kModulus);
      // subtract when the value overflowed 256 bits or is >= p
      detail::cmov_limbs(out, s.limb, d.limb, ~u64{0} * (borrow & static_cast<u64>(t[4] == 0)));
    }
  }

  static constexpr u64 kPLimbs[4] = {kModulus.limb[0], kModulus.limb[1], kModulus.limb[2], kModulus.limb[3]};
  std::array<u64, 4> m_{};
};

template <class Cfg>
Fp<Cfg> Fp<Cfg>::sqrt_tonelli_shanks() const {
  // RFC 9380, appendix I.4 (constant-time Tonelli-Shanks). c1 = S, c2 = (p-1)/2^S, c3 = (c2-1)/2,
  // c5 = c4^c2 with c4 the smallest quadratic non-residue.
  constexpr unsigned c1 = kTwoAdicity;
  static const U256 c2 = (kModulus - U256::from_u64(1)).shr(c1);
  static const U256 c3 = (c2 - U256::from_u64(1)).shr(1);
  static const Fp c5 = [] {
    u64 n = 2;
    while (from_u64(n).legendre() != -1) ++n;
    return from_u64(n).pow(c2);
  }();
  Fp z = pow(c3);
  Fp t = z.square() * *this;
  z = z * *this;
  Fp b = t;
  Fp c = c5;
  for (unsigned i = c1; i >= 2; --i) {
    for (unsigned j = 1; j <= i - 2; ++j) b = b.square();
    const bool e = b.is_one();
    z.cmov(z * c, !e);  // RFC 9380: z = CMOV(zt, z, e), i.e. correct z when b != 1
    c = c.square();
    t.cmov(t * c, !e);
    b = t;
  }
  return z;
}

// Replaces every nonzero element by its inverse with one inversion (Montgomery's trick); zeros stay
// zero. Constant time in the values. Works for any field type of this module (Fp, Fp2, towers).
template <class F>
void batch_inverse(std::span<F> elements) {
  const std::size_t n = elements.size();
  if (n == 0) return;
  std::vector<F> prefix(n);
  F acc = F::one();
  for (std::size_t i = 0; i < n; ++i) {
    prefix[i] = acc;
    F x = elements[i];
    x.cmov(F::one(), x.is_zero());  // zeros contribute 1 to the product
    acc = acc * x;
  }
  F inv = acc.inverse();
  for (std::size_t i = n; i-- > 0;) {
    F x = elements[i];
    const bool zero = x.is_zero();
    x.cmov(F::one(), zero);
    F r = inv * prefix[i];
    inv = inv * x;
    r.cmov(F::zero(), zero);
    elements[i] = r;
  }
}

}  // namespace zkc::ff
