#include "zkc/ff/u256.hpp"

#include <algorithm>

namespace zkc::ff {

std::string U256::to_hex() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s = "0x";
  for (int i = 63; i >= 0; --i) s.push_back(kDigits[bits(static_cast<unsigned>(4 * i), 4)]);
  return s;
}

std::string U256::to_decimal() const {
  if (is_zero()) return "0";
  U256 v = *this;
  std::string s;
  while (!v.is_zero()) s.push_back(static_cast<char>('0' + v.divmod_small(10)));
  std::reverse(s.begin(), s.end());
  return s;
}

Result<U256> U256::parse_decimal(std::string_view s) {
  if (s.empty()) return make_error(Errc::kBadFormat, "empty decimal string");
  if (s.size() > 1 && s[0] == '0')
    return make_error(Errc::kNotCanonical, "decimal string has a leading zero: \"" + std::string(s) + "\"");
  if (s.size() > 78) return make_error(Errc::kNotCanonical, "decimal string longer than 78 digits");
  U256 r{};
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c < '0' || c > '9')
      return make_error(Errc::kBadFormat, "non-digit '" + std::string(1, c) + "' at offset " +
                                              std::to_string(i) + " of a decimal string");
    // r = r * 10 + d, detecting overflow past 2^256.
    u128 carry = static_cast<u64>(c - '0');
    for (auto& l : r.limb) {
      const u128 t = static_cast<u128>(l) * 10 + carry;
      l = static_cast<u64>(t);
      carry = t >> 64;
    }
    if (carry != 0) return make_error(Errc::kNotCanonical, "decimal value does not fit in 256 bits");
  }
  return r;
}

Result<U256> U256::parse_hex(std::string_view s) {
  if (s.size() < 3 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
    return make_error(Errc::kBadFormat, "hex string must start with 0x");
  s.remove_prefix(2);
  if (s.size() > 64) return make_error(Errc::kBadLength, "hex string longer than 64 digits");
  U256 r{};
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    u64 d;
    if (c >= '0' && c <= '9') d = static_cast<u64>(c - '0');
    else if (c >= 'a' && c <= 'f') d = static_cast<u64>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') d = static_cast<u64>(c - 'A' + 10);
    else return make_error(Errc::kBadFormat, "non-hex digit at offset " + std::to_string(i + 2));
    r = r.shl(4);
    r.limb[0] |= d;
  }
  return r;
}

}  // namespace zkc::ff
