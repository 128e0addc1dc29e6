#include "zkc/lending/collateral.hpp"

#include <charconv>
#include <numeric>

#include "zkc/r1cs/gadgets/bits.hpp"

namespace zkc::lending {

namespace {

Result<std::uint64_t> parse_u64(std::string_view digits, std::string_view text) {
  std::uint64_t v = 0;
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (digits.empty() || ec != std::errc{} || ptr != digits.data() + digits.size())
    return make_error(Errc::kInvalidArgument,
                      "ratio '" + std::string(text) +
                          "': expected num/den or a decimal such as 1.5, with integers below 2^64");
  return v;
}

}  // namespace

Fr CollateralRatio::packed() const { return Fr::from_canonical_unchecked(ff::U256{{num, den, 0, 0}}); }

Result<CollateralRatio> parse_ratio(std::string_view text) {
  CollateralRatio r;
  if (const auto slash = text.find('/'); slash != std::string_view::npos) {
    ZKC_TRY(r.num, parse_u64(text.substr(0, slash), text));
    ZKC_TRY(r.den, parse_u64(text.substr(slash + 1), text));
  } else {
    const auto dot = text.find('.');
    const std::string_view whole = text.substr(0, dot);
    const std::string_view frac = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
    if (frac.size() > 18 || (dot != std::string_view::npos && frac.empty()))
      return make_error(Errc::kInvalidArgument,
                        "ratio '" + std::string(text) + "': at most 18 digits after the decimal point");
    std::uint64_t den = 1;
    for (std::size_t i = 0; i < frac.size(); ++i) den *= 10;
    ZKC_TRY(const std::uint64_t w, parse_u64(whole, text));
    std::uint64_t f = 0;
    if (!frac.empty()) {
      ZKC_TRY(f, parse_u64(frac, text));
    }
    const unsigned __int128 num = static_cast<unsigned __int128>(w) * den + f;
    const std::uint64_t g = std::gcd(static_cast<std::uint64_t>(num % den), den);  // gcd(num, den)
    const unsigned __int128 n = num / g;
    if (n >> 64)
      return make_error(Errc::kInvalidArgument,
                        "ratio '" + std::string(text) + "' is too large (num >= 2^64)");
    r.num = static_cast<std::uint64_t>(n);
    r.den = den / g;
  }
  if (r.den == 0)
    return make_error(Errc::kInvalidArgument, "ratio '" + std::string(text) + "': the denominator is 0");
  return r;
}

Result<CollateralRatio> unpack_ratio(const Fr& packed) {
  const ff::U256 v = packed.to_u256();
  if (v.limb[2] != 0 || v.limb[3] != 0)
    return make_error(Errc::kInvalidArgument, "ratio signal " + packed.to_decimal() +
                                                  " is not num + den * 2^64 with num, den < 2^64");
  if (v.limb[1] == 0)
    return make_error(Errc::kInvalidArgument, "ratio signal " + packed.to_decimal() + " has den = 0");
  return CollateralRatio{v.limb[0], v.limb[1]};
}

bool covers(std::uint64_t collateral, std::uint64_t loan, const CollateralRatio& ratio) {
  return static_cast<unsigned __int128>(collateral) * ratio.den >=
         static_cast<unsigned __int128>(loan) * ratio.num;
}

void enforce_collateral(r1cs::Builder& b, const r1cs::LinearCombination& collateral,
                        const r1cs::LinearCombination& loan, const r1cs::LinearCombination& ratio,
                        std::string_view label) {
  using r1cs::fr_pow2;
  namespace g = r1cs::gadgets;
  auto scope = b.scope(label);
  // ratio = num + 2^64 den with num, den - 1 in [0, 2^64): unique, since the sum is below 2^129 < r.
  const ff::U256 packed = b.value(ratio).to_u256();
  const r1cs::Variable num = b.witness(Fr::from_u64(packed.limb[0]), "num");
  const r1cs::Variable den = b.witness(Fr::from_u64(packed.limb[1]), "den");
  b.enforce_equal(ratio, num + fr_pow2(kAmountBits) * den, "ratio");
  g::range_check(b, num, kAmountBits, "num_range");
  g::range_check(b, den - 1, kAmountBits, "den_range");
  g::range_check(b, collateral, kAmountBits, "collateral_range");
  g::range_check(b, loan - 1, kAmountBits, "loan_range");
  // C den - L num in [0, 2^128): both products are below 2^128, so no wrap-around (header).
  const r1cs::Variable lhs = b.mul(collateral, den, "c_times_den");
  const r1cs::Variable rhs = b.mul(loan, num, "l_times_num");
  g::range_check(b, lhs - rhs, 2 * kAmountBits, "gap_range");
}

void enforce_collateral_naive(r1cs::Builder& b, const r1cs::LinearCombination& collateral,
                              const r1cs::LinearCombination& loan, const r1cs::LinearCombination& num,
                              const r1cs::LinearCombination& den, std::string_view label) {
  auto scope = b.scope(label);
  const r1cs::Variable lhs = b.mul(collateral, den, "c_times_den");
  const r1cs::Variable rhs = b.mul(loan, num, "l_times_num");
  const Fr gap = b.value(lhs - rhs);
  const r1cs::Variable z = b.witness(gap.sqrt().value_or(Fr::zero()), "z");  // variable time: test only
  b.enforce(z, z, lhs - rhs, "gap_is_square");
}

}  // namespace zkc::lending
