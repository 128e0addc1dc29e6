// Witness files (.wtns) as circom's witness calculator and snarkjs write them: iden3 container,
// magic "wtns", version 2 (version 1 is read too, as snarkjs does), section 1 (u32 n8, prime,
// u32 nWitness), section 2 (nWitness values, n8 bytes each, little endian, normal form).
// Invariants: prime = BN254 r, every value canonical (< r), section 2 exactly nWitness values.
// Witnesses are secret: the file buffers read and written here are wiped after use.
// Sources: iden3/snarkjs src/wtns_utils.js (read, write, writeBin), iden3/circom_runtime
// js/witness_calculator.js (calculateWTNSBin).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "zkc/base/result.hpp"
#include "zkc/ff/bn254/fr.hpp"

namespace zkc::groth16::formats {

// Parses a whole .wtns file held in memory; `name` is used in error messages.
Result<std::vector<ff::bn254::Fr>> parse_wtns(std::span<const std::uint8_t> bytes,
                                              const std::string& name = "<wtns>");
Result<std::vector<ff::bn254::Fr>> read_wtns(const std::string& path);

// The .wtns bytes (version 2, as circom and snarkjs write them).
std::vector<std::uint8_t> serialize_wtns(std::span<const ff::bn254::Fr> witness);
// serialize_wtns written atomically, readable by its owner only (a witness is secret); the buffer is
// wiped afterwards.
Status write_wtns(std::span<const ff::bn254::Fr> witness, const std::string& path);

}  // namespace zkc::groth16::formats
