// Fq: the BN254 (alt_bn128) base field, p = 36x^4 + 36x^3 + 24x^2 + 6x + 1 with x = 4965661367192848881.
// Reference: EIP-196 ("field_modulus"), and Barreto-Naehrig, "Pairing-friendly elliptic curves of
// prime order" (SAC 2005). p = 3 mod 4.
#pragma once

#include "zkc/ff/fp.hpp"

namespace zkc::ff::bn254 {

struct FqConfig {
  static constexpr const char* kName = "BN254 Fq";
  // 21888242871839275222246405745257275088696311157297823662689037894645226208583
  static constexpr U256 kModulus =
      U256::from_hex("0x30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47");
};
using Fq = Fp<FqConfig>;

// The BN parameter x (positive for BN254): p = 36x^4 + 36x^3 + 24x^2 + 6x + 1 (EIP-197); the
// optimal ate loop runs over 6x + 2.
inline constexpr u64 kBnX = 4965661367192848881ULL;

}  // namespace zkc::ff::bn254
