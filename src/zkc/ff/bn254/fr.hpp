// Fr: the BN254 scalar field (the group order r), r = 36x^4 + 36x^3 + 18x^2 + 6x + 1.
// Reference: EIP-196/197 ("curve_order"); circom and snarkjs use this field. Two-adicity 28.
#pragma once

#include "zkc/ff/fp.hpp"

namespace zkc::ff::bn254 {

struct FrConfig {
  static constexpr const char* kName = "BN254 Fr";
  // 21888242871839275222246405745257275088548364400416034343698204186575808495617
  static constexpr U256 kModulus =
      U256::from_hex("0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001");
};
using Fr = Fp<FrConfig>;

}  // namespace zkc::ff::bn254
