// U256: a 256-bit unsigned integer as four little-endian 64-bit limbs, the canonical (non-Montgomery)
// representation of field elements and scalars. constexpr so that field configurations can derive
// their Montgomery constants at compile time from the modulus alone.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "zkc/base/result.hpp"

namespace zkc::ff {

using u64 = std::uint64_t;
using u128 = unsigned __int128;

struct U256 {
  std::array<u64, 4> limb{};  // limb[0] is least significant

  constexpr bool operator==(const U256&) const = default;
  constexpr std::strong_ordering operator<=>(const U256& o) const {
    for (int i = 3; i >= 0; --i)
      if (limb[i] != o.limb[i]) return limb[i] <=> o.limb[i];
    return std::strong_ordering::equal;
  }

  static constexpr U256 from_u64(u64 v) { return U256{{v, 0, 0, 0}}; }
  static constexpr U256 from_u128(u128 v) { return U256{{static_cast<u64>(v), static_cast<u64>(v >> 64), 0, 0}}; }

  // Parses "0x..." hex (up to 64 digits) at compile time; an invalid literal fails to compile.
  static consteval U256 from_hex(std::string_view s) {
    U256 r{};
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s.remove_prefix(2);
    if (s.empty() || s.size() > 64) throw "U256::from_hex: bad length";
    for (char c : s) {
      u64 d = 0;
      if (c >= '0' && c <= '9') d = static_cast<u64>(c - '0');
      else if (c >= 'a' && c <= 'f') d = static_cast<u64>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') d = static_cast<u64>(c - 'A' + 10);
      else throw "U256::from_hex: bad digit";
      r = r.shl(4);
      r.limb[0] |= d;
    }
    return r;
  }

  constexpr bool is_zero() const { return (limb[0] | limb[1] | limb[2] | limb[3]) == 0; }
  constexpr bool is_odd() const { return limb[0] & 1; }
  constexpr bool bit(unsigned i) const { return i < 256 && ((limb[i / 64] >> (i % 64)) & 1); }
  constexpr unsigned num_bits() const {
    for (int i = 3; i >= 0; --i)
      if (limb[i]) return 64 * i + 64 - static_cast<unsigned>(__builtin_clzll(limb[i]));
    return 0;
  }
  // Bits [pos, pos + width) as an integer, width <= 64; bits past 255 read as zero.
  constexpr u64 bits(unsigned pos, unsigned width) const {
    if (pos >= 256) return 0;
    const unsigned i = pos / 64, s = pos % 64;
    u64 v = limb[i] >> s;
    if (s != 0 && i + 1 < 4) v |= limb[i + 1] << (64 - s);
    return width >= 64 ? v : v & ((u64{1} << width) - 1);
  }

  constexpr U256 shl(unsigned n) const {
    U256 r{};
    if (n >= 256) return r;
    const unsigned w = n / 64, b = n % 64;
    for (int i = 3; i >= static_cast<int>(w); --i) {
      u64 v = limb[i - w] << b;
      if (b != 0 && i - static_cast<int>(w) - 1 >= 0) v |= limb[i - w - 1] >> (64 - b);
      r.limb[i] = v;
    }
    return r;
  }
  constexpr U256 shr(unsigned n) const {
    U256 r{};
    if (n >= 256) return r;
    const unsigned w = n / 64, b = n % 64;
    for (unsigned i = 0; i + w < 4; ++i) {
      u64 v = limb[i + w] >> b;
      if (b != 0 && i + w + 1 < 4) v |= limb[i + w + 1] << (64 - b);
      r.limb[i] = v;
    }
    return r;
  }

  // r = a + b; returns the carry out of bit 255.
  static constexpr u64 add(U256& r, const U256& a, const U256& b) {
    u64 c = 0;
    for (int i = 0; i < 4; ++i) {
      const u128 t = static_cast<u128>(a.limb[i]) + b.limb[i] + c;
      r.limb[i] = static_cast<u64>(t);
      c = static_cast<u64>(t >> 64);
    }
    return c;
  }
  // r = a - b; returns the borrow (1 when a < b).
  static constexpr u64 sub(U256& r, const U256& a, const U256& b) {
    u64 borrow = 0;
    for (int i = 0; i < 4; ++i) {
      const u128 t = static_cast<u128>(a.limb[i]) - b.limb[i] - borrow;
      r.limb[i] = static_cast<u64>(t);
      borrow = static_cast<u64>(t >> 64) & 1;
    }
    return borrow;
  }
  friend constexpr U256 operator+(const U256& a, const U256& b) { U256 r; add(r, a, b); return r; }
  friend constexpr U256 operator-(const U256& a, const U256& b) { U256 r; sub(r, a, b); return r; }

  // Full 512-bit product a * b as (low 256 bits, high 256 bits).
  static constexpr void mul_wide(U256& lo, U256& hi, const U256& a, const U256& b) {
    u64 t[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    for (int i = 0; i < 4; ++i) {
      u64 carry = 0;
      for (int j = 0; j < 4; ++j) {
        const u128 v = static_cast<u128>(a.limb[i]) * b.limb[j] + t[i + j] + carry;
        t[i + j] = static_cast<u64>(v);
        carry = static_cast<u64>(v >> 64);
      }
      t[i + 4] = carry;
    }
    lo = U256{{t[0], t[1], t[2], t[3]}};
    hi = U256{{t[4], t[5], t[6], t[7]}};
  }

  // Division by a small divisor; returns the remainder.
  constexpr u64 divmod_small(u64 d) {
    u128 rem = 0;
    for (int i = 3; i >= 0; --i) {
      const u128 cur = (rem << 64) | limb[i];
      limb[i] = static_cast<u64>(cur / d);
      rem = cur % d;
    }
    return static_cast<u64>(rem);
  }

  std::string to_hex() const;      // "0x" + 64 lowercase digits
  std::string to_decimal() const;  // no leading zeros; "0" for zero
  // Parses a decimal string of digits only (no sign, no leading zeros unless the value is "0").
  static Result<U256> parse_decimal(std::string_view s);
  // Parses "0x" followed by 1..64 hex digits.
  static Result<U256> parse_hex(std::string_view s);
};

}  // namespace zkc::ff
