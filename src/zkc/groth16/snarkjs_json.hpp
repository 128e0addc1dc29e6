// snarkjs's JSON files for Groth16, written byte for byte in snarkjs's layout (JSON.stringify with
// one-space indentation, keys in snarkjs's order, decimal strings):
// - proof.json: {"pi_a": G1, "pi_b": G2, "pi_c": G1, "protocol": "groth16", "curve": "bn128"}
// - public.json: ["x1", ..., "xn"]
// - verification_key.json: protocol, curve, nPublic, vk_alpha_1, vk_beta_2, vk_gamma_2, vk_delta_2,
//   vk_alphabeta_12 (e(alpha, beta) in Fq12 as [[[c0.c0],[c0.c1],[c0.c2]],[[c1.c0],...]]), IC.
// Points are projective with z = 1 (ec/bn254_encoding.hpp). Readers check shapes, the protocol and
// curve names, canonical decimals (< the modulus), curve and subgroup membership; each failure names
// the file and the field. Source: iden3/snarkjs src/zkey_export_verificationkey.js, cli.js.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "zkc/base/result.hpp"
#include "zkc/groth16/keys.hpp"

namespace zkc::groth16 {

std::string proof_to_json(const Proof& proof);
std::string public_signals_to_json(std::span<const Fr> signals);
std::string verifying_key_to_json(const VerifyingKey& vk);

// `file` names the source in error messages.
Result<Proof> proof_from_json(std::string_view text, const std::string& file = "proof.json");
Result<std::vector<Fr>> public_signals_from_json(std::string_view text, const std::string& file = "public.json");
Result<VerifyingKey> verifying_key_from_json(std::string_view text, const std::string& file = "verification_key.json");

}  // namespace zkc::groth16
