// Encodings of BN254 points. Every decoder checks, in this order and each with its own error:
// length (kBadLength), canonical form (kNotCanonical: coordinate >= p, stray flag bits, z not 0/1),
// curve membership (kNotOnCurve; also a compressed x with no y), subgroup membership (kNotInSubgroup,
// G2 only: G1 has cofactor 1).
// - EVM (EIP-196/197): G1 = x || y, G2 = x_im || x_re || y_im || y_re, 32-byte big-endian each;
//   the point at infinity is all zeros.
// - snarkjs JSON: decimal strings, projective with z = "1": G1 ["x","y","1"], G2 [[x_re,x_im],
//   [y_re,y_im],["1","0"]]; infinity is ["0","1","0"] / [["0","0"],["1","0"],["0","0"]].
// - Compressed (gnark-crypto's BN254 convention): x only (G2: x_im || x_re), with the two top bits
//   of the first byte as flags: 0b10 = y is the lexicographically smaller root, 0b11 = the larger,
//   0b01 = infinity (all other bits zero). "Larger" compares y with -y as integers (G2: im part
//   first, then re).
#pragma once

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>

#include "zkc/base/result.hpp"
#include "zkc/ec/bn254.hpp"

namespace zkc::ec::bn254 {

inline constexpr std::size_t kG1EvmBytes = 64, kG2EvmBytes = 128;
inline constexpr std::size_t kG1CompressedBytes = 32, kG2CompressedBytes = 64;

std::array<std::uint8_t, kG1EvmBytes> g1_to_evm(const G1Affine& p);
Result<G1Affine> g1_from_evm(std::span<const std::uint8_t> in);
std::array<std::uint8_t, kG2EvmBytes> g2_to_evm(const G2Affine& p);
Result<G2Affine> g2_from_evm(std::span<const std::uint8_t> in);

std::array<std::uint8_t, kG1CompressedBytes> g1_compress(const G1Affine& p);
Result<G1Affine> g1_decompress(std::span<const std::uint8_t> in);
std::array<std::uint8_t, kG2CompressedBytes> g2_compress(const G2Affine& p);
Result<G2Affine> g2_decompress(std::span<const std::uint8_t> in);

nlohmann::json g1_to_snarkjs(const G1Affine& p);
Result<G1Affine> g1_from_snarkjs(const nlohmann::json& j);
nlohmann::json g2_to_snarkjs(const G2Affine& p);
Result<G2Affine> g2_from_snarkjs(const nlohmann::json& j);

}  // namespace zkc::ec::bn254
