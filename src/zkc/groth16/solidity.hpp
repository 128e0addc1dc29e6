// Solidity source of a Groth16 verifier contract for one BN254 verifying key, with the external
// interface of snarkjs's generated verifier: contract `Groth16Verifier`, `function verifyProof(uint[2]
// calldata _pA, uint[2][2] calldata _pB, uint[2] calldata _pC, uint[N] calldata _pubSignals) public
// view returns (bool)`, N = vk.num_public(), _pB in EIP-197 order [[x_im, x_re], [y_im, y_re]].
// The contract checks e(A, B) e(alpha, -beta) e(vk_x, -gamma) e(C, -delta) == 1 with
// vk_x = IC_0 + sum_i pub_i IC_i, i.e. Groth's e(A, B) = e(alpha, beta) e(vk_x, gamma) e(C, delta).
// Invariants of the contract: it returns false, never reverts, for a public signal >= r, for calldata
// longer than the ABI encoding (a wrong number of inputs), and for a proof point the ecPairing
// precompile rejects (a coordinate >= q, off the curve, B outside G2): the proof's words go to the
// precompile unchanged (the negations are on the key's constants), so no encoding of a point is
// reduced or aliased. Calldata shorter than the encoding is rejected by solc's ABI decoder (revert).
// The output is deterministic (a function of vk only). For N = 0, Solidity has no uint[0]: the
// function takes the three proof arguments only. The per-input code is unrolled (about 130 bytes of
// bytecode per input with solc's optimizer), so about 170 inputs fit EIP-170's 24,576-byte limit.
// References: EIP-196 (ecAdd 0x06, ecMul 0x07), EIP-197 (ecPairing 0x08), EIP-1108 (gas),
// Groth, EUROCRYPT 2016, sec. 3.2; interface and _pB order: iden3/snarkjs
// templates/verifier_groth16.sol.ejs and `snarkjs zkey export soliditycalldata` (read, not copied).
#pragma once

#include <string>

#include "zkc/groth16/keys.hpp"

namespace zkc::groth16 {

// Precondition (asserted): vk.ic is not empty. The points are the caller's verified key (every
// parser checks curve and subgroup membership); points at infinity are written as (0, 0).
std::string export_solidity_verifier(const VerifyingKey& vk);

}  // namespace zkc::groth16
