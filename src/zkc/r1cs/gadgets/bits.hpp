// Bit decomposition and range checks. to_bits(x, n) proves x = sum b_i 2^i with boolean b_i, hence
// 0 <= x < 2^n; it is unique for n <= 253 (2^253 < r). For 254 bits x and x + r could both
// decompose, so to_bits_strict also proves that the bits, read as an integer, are <= r - 1.
// Costs (constraints): to_bits / range_check n (n >= 1; bit 0 is the linear combination
// x - sum_{i>=1} 2^i b_i, which saves the sum constraint and one wire), range_check(x, 0) 1,
// enforce_bits_le_constant at most 2 per (run of ones, run of zeros) pair of the constant,
// to_bits_strict 254 + 106 = 360 for BN254's r - 1.
// References: circom's Num2Bits and AliasCheck (circomlib/circuits/bitify.circom, aliascheck.circom)
// for the statements proved; the run-based comparison against a constant is our own.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "zkc/ff/u256.hpp"
#include "zkc/r1cs/builder.hpp"
#include "zkc/r1cs/gadgets/boolean.hpp"

namespace zkc::r1cs::gadgets {

// n little-endian bits of x (1 <= n <= 253, asserted), proving 0 <= x < 2^n. Bits 1..n-1 are new
// wires named "<label>/bit<i>"; bit 0 is a linear combination. An honest prover with x >= 2^n gets
// a witness that check() rejects.
std::vector<Boolean> to_bits(Builder& b, const LinearCombination& x, unsigned n, std::string_view label);

// Proves 0 <= x < 2^n (0 <= n <= 253, asserted): n constraints, or x = 0 for n = 0 (1 constraint).
void range_check(Builder& b, const LinearCombination& x, unsigned n, std::string_view label);

// sum b_i 2^i (no constraint).
LinearCombination from_bits(std::span<const Boolean> bits);

// Proves that the bits, little endian, read as an integer are <= c. Constant bits above the
// width make the statement trivially true (no constraint).
void enforce_bits_le_constant(Builder& b, std::span<const Boolean> bits, const ff::U256& c,
                              std::string_view label);

// The unique 254-bit little-endian decomposition of x (its canonical representative < r): 360
// constraints.
std::vector<Boolean> to_bits_strict(Builder& b, const LinearCombination& x, std::string_view label);

}  // namespace zkc::r1cs::gadgets
