// The collateral statement C >= r_c * L: collateral C and loan L private, the pool's ratio
// r_c = num / den public. As integers it is C * den >= L * num, proved with every operand
// range-checked so that nothing wraps modulo r: 0 <= C < 2^64, 1 <= L <= 2^64, 0 <= num < 2^64,
// 1 <= den <= 2^64 (the shifted values L - 1 and den - 1 are checked as 64-bit), so both products are
// below 2^128 and C * den - L * num, proved to lie in [0, 2^128), is the true integer difference
// (an honest negative gap would be r - |gap| >= r - 2^128 > 2^128). Cost: 1 + 4 * 64 + 2 + 128 =
// 387 constraints.
// The naive formulation "C * den - L * num = z^2 for some z" (enforce_collateral_naive) is unsound in
// a prime field: a negative gap g has a square root mod r whenever g is a quadratic residue (about
// half of them, e.g. -1 since r = 1 mod 4), so C < r_c * L satisfies it. It exists only for the
// counterexample test (tests/lending/collateral_test.cpp) and must never be used in a circuit.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "zkc/base/result.hpp"
#include "zkc/r1cs/builder.hpp"

namespace zkc::lending {

using ff::bn254::Fr;

inline constexpr unsigned kAmountBits = 64;

// r_c = num / den with 1 <= den and num, den < 2^64.
struct CollateralRatio {
  std::uint64_t num = 3, den = 2;
  std::string to_string() const { return std::to_string(num) + "/" + std::to_string(den); }
  // The public signal num + den * 2^64.
  Fr packed() const;
  friend bool operator==(const CollateralRatio&, const CollateralRatio&) = default;
};

// "num/den" (e.g. "3/2") or a decimal with up to 18 fractional digits ("1.5" -> 3/2 reduced).
// Errors name the text: not a ratio, a zero denominator, a value beyond 2^64.
Result<CollateralRatio> parse_ratio(std::string_view text);
// The inverse of CollateralRatio::packed (kInvalidArgument if den = 0 or the value is >= 2^128).
Result<CollateralRatio> unpack_ratio(const Fr& packed);

// C * den >= L * num, exactly (128-bit products).
bool covers(std::uint64_t collateral, std::uint64_t loan, const CollateralRatio& ratio);

// The sound statement (387 constraints): `ratio` is the packed public signal; it is decomposed into
// num and den. Proves C < 2^64, 1 <= L <= 2^64, den >= 1 and C * den >= L * num.
void enforce_collateral(r1cs::Builder& b, const r1cs::LinearCombination& collateral,
                        const r1cs::LinearCombination& loan, const r1cs::LinearCombination& ratio,
                        std::string_view label);

// UNSOUND, for the counterexample test only: C * den - L * num = z^2 with z a free wire whose honest
// value is a square root of the gap (zero if there is none, which leaves the circuit unsatisfied).
void enforce_collateral_naive(r1cs::Builder& b, const r1cs::LinearCombination& collateral,
                              const r1cs::LinearCombination& loan, const r1cs::LinearCombination& num,
                              const r1cs::LinearCombination& den, std::string_view label);

}  // namespace zkc::lending
