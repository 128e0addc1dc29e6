// The Poseidon hash over BN254 Fr with circomlib's parameters (circomlib/circuits/poseidon.circom,
// circomlibjs poseidon): width t = inputs + 1 (1 to 16 inputs), S-box x^5, 8 full rounds and
// circomlib's partial rounds for each t (56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64,
// 68 for t = 2..17). Poseidon(x_1..x_n) permutes the state (0, x_1, ..., x_n) and returns state[0].
// Round constants and MDS matrices: see poseidon.cpp for how they are obtained and checked.
// Constant time: the permutation is straight-line field arithmetic (no branch on the inputs).
// References: Grassi, Khovratovich, Rechberger, Roy, Schofnegger, "Poseidon: A New Hash Function for
// Zero-Knowledge Proof Systems", USENIX Security 2021 (sec. 2, appendix F: the Grain LFSR);
// iden3/circomlib and iden3/circomlibjs (the parameters; outputs checked against circomlibjs).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "zkc/ff/bn254/fr.hpp"

namespace zkc::hash {

using ff::bn254::Fr;

inline constexpr std::size_t kPoseidonMaxInputs = 16;
inline constexpr unsigned kPoseidonFullRounds = 8;

// The parameters of one width t = inputs + 1.
struct PoseidonParams {
  unsigned t = 0;
  unsigned full_rounds = kPoseidonFullRounds;
  unsigned partial_rounds = 0;
  std::vector<Fr> round_constants;  // (full_rounds + partial_rounds) * t, added at the start of each round
  std::vector<Fr> mds;              // t * t, row-major: state'[i] = sum_j mds[i * t + j] * state[j]
};

// The parameters for `inputs` inputs, 1 <= inputs <= kPoseidonMaxInputs (asserted). Built once,
// thread-safe.
const PoseidonParams& poseidon_params(std::size_t inputs);

// The permutation on a state of params.t elements (asserted).
void poseidon_permute(const PoseidonParams& params, std::span<Fr> state);

// circomlib's Poseidon(n) on 1..16 inputs (asserted).
Fr poseidon(std::span<const Fr> inputs);

}  // namespace zkc::hash
