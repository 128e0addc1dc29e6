// Phase 2 of the Groth16 setup ceremony on a proving key, as snarkjs 0.7 does it (`zkey contribute`,
// `zkey beacon`, `zkey verify`): a contribution with secret d multiplies delta1 and delta2 by d and
// divides the C and H points by d, and records [d]_1 (delta_after) with a proof of knowledge of d:
// [s]_1, [s d]_1 for a random s, and [d]g2_sp where g2_sp = hash_to_g2(transcript), transcript =
// BLAKE2b(cs_hash, every earlier contribution's U(delta_after) U(g1_s) U(g1_sx) U(g2_spx)
// transcript, then U(g1_s) U(g1_sx)) (U: the uncompressed encoding of ptau.hpp).
// Invariants: d comes from the CSPRNG (mixed with optional entropy) and is wiped; the points are
// multiplied by d and 1/d in constant time. Verification is variable time (public data).
// Sources (facts only): iden3/snarkjs src/zkey_contribute.js, src/zkey_beacon.js,
// src/zkey_verify_frominit.js, src/zkey_utils.js (hashPubKey), src/mpc_applykey.js.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "zkc/base/result.hpp"
#include "zkc/groth16/keys.hpp"
#include "zkc/groth16/ptau.hpp"

namespace zkc::groth16 {

struct Phase2ContributeOptions {
  std::string name;     // recorded with the contribution (truncated to 64 characters like snarkjs)
  std::string entropy;  // mixed into the CSPRNG output; may be empty
};

// What snarkjs prints as a contribution's hash: BLAKE2b(U(delta_after) U(g1_s) U(g1_sx) U(g2_spx)
// transcript).
mpc::Hash64 phase2_contribution_hash(const Phase2Contribution& c);

// The transcript a new contribution with this [s]_1, [s d]_1 would record on top of `params`.
mpc::Hash64 phase2_transcript(const Phase2Params& params, const G1Affine& g1_s, const G1Affine& g1_sx);

// Adds a contribution to `pk` (delta1, delta2, c, h and phase2 change). Returns its hash. Error
// when the key's delta1 or delta2 is the point at infinity or the name is longer than 255 bytes.
Result<mpc::Hash64> phase2_contribute(ProvingKey& pk, const Phase2ContributeOptions& options,
                                      const ProgressFn& progress = {});

// A public random-beacon contribution (`snarkjs zkey beacon`): d and s drawn from
// mpc::beacon_rng(beacon_hash, num_iterations_exp). Errors: hash empty or longer than 255 bytes,
// num_iterations_exp outside [10, 63].
Result<mpc::Hash64> phase2_beacon(ProvingKey& pk, std::span<const std::uint8_t> beacon_hash,
                                  unsigned num_iterations_exp, const std::string& name,
                                  const ProgressFn& progress = {});

struct Phase2VerifyResult {
  bool valid = false;
  std::string failure;                           // why not, when not valid
  std::vector<mpc::Hash64> contribution_hashes;  // of the contributions checked, in order
};

// The contribution chain of pk.phase2 against pk's deltas: every transcript, proof of knowledge,
// delta_after following the previous delta (from the generator), beacons recomputed (exponents up to
// 40), and finally delta1 = the last delta_after and e(delta1, g2) = e(g1, delta2).
Phase2VerifyResult phase2_verify_contributions(const ProvingKey& pk);

// snarkjs's `zkey verify` against the initial key of the same circuit (instead of recomputing it from
// the .r1cs and .ptau): the chain above, the initial key's contributions a prefix of pk's, the circuit
// data equal (sizes, alpha1, beta1, beta2, gamma2, IC, coefficients, A, B1, B2, cs_hash), and C and H
// the initial points times one common 1/d with delta2 = d initial.delta2 (random linear combinations
// and a pairing check each).
Phase2VerifyResult phase2_verify(const ProvingKey& initial, const ProvingKey& pk);

}  // namespace zkc::groth16
