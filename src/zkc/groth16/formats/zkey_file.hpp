// Groth16 proving keys as snarkjs 0.7 writes them (.zkey: iden3 container, magic "zkey", version 1):
//  1 protocol (u32: 1 = Groth16; PLONK = 2 and FFLONK = 10 are refused by name)
//  2 header: u32 n8q, q, u32 n8r, r, u32 nVars, u32 nPublic, u32 domainSize, alpha1, beta1, beta2,
//    gamma2, delta1, delta2
//  3 IC (nPublic + 1 G1)   4 coefficients (u32 n, then n x (u32 matrix, u32 constraint, u32 wire,
//    value * R^2 mod r))   5 A, 6 B1 (nVars G1)   7 B2 (nVars G2)   8 C (nVars - nPublic - 1 G1)
//  9 H (domainSize G1)   10 MPC parameters (csHash, contributions; Phase2Params in keys.hpp).
// Points are LEM (binfile.hpp). Validation: q and r are BN254's, every count matches its section's
// length (checked before allocating), domainSize is a power of two in [nPublic + 1, 2^28], every
// coefficient has matrix 0 or 1, constraint < domainSize, wire < nVars and a canonical value; every
// point is on its curve; alpha1, beta1, beta2, gamma2, delta1, delta2 are not infinity; beta2,
// gamma2, delta2 and the contributions' G2 points are in the order-r subgroup. The nVars B2 points
// are checked on the twist only (a subgroup check per point would dominate loading; the prover only
// adds them, and a proof with b outside G2 fails verification). Unknown or repeated sections are errors.
// Sources: iden3/snarkjs src/zkey_utils.js (writeHeader, readZKey, read/writeMPCParams,
// writeContribution), src/zkey_new.js (section order of a new key), src/zkey_constants.js.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "zkc/base/result.hpp"
#include "zkc/groth16/keys.hpp"

namespace zkc::groth16::formats {

// Section order. snarkjs's `groth16 setup` (zkey_new.js) writes 1, 2, 4, 3, 9, 8, 5, 6, 7, 10;
// `zkey contribute` and `zkey beacon` (and so every final key) write 1, 2, ..., 10.
enum class ZkeyLayout { kContributed, kSetup };

// The small part of a key: sections 1 and 2, plus the layout, read without touching the points.
struct ZkeyHeader {
  std::uint32_t num_wires = 0;  // nVars
  std::uint32_t num_public = 0;
  std::uint32_t domain_size = 0;
  G1Affine alpha1, beta1, delta1;
  G2Affine beta2, gamma2, delta2;
  ZkeyLayout layout = ZkeyLayout::kContributed;
};

// Whole keys. read_zkey maps the file (MappedFile) and decodes the point sections in parallel.
Result<ProvingKey> parse_zkey(std::span<const std::uint8_t> bytes, const std::string& name = "<zkey>");
Result<ProvingKey> read_zkey(const std::string& path);

// Sections 1 and 2 only (every check on them; the sizes of the other sections are not checked).
Result<ZkeyHeader> parse_zkey_header(std::span<const std::uint8_t> bytes, const std::string& name = "<zkey>");
Result<ZkeyHeader> read_zkey_header(const std::string& path);
// Sections 1, 2 and 3: what a verifier needs.
Result<VerifyingKey> parse_zkey_verifying_key(std::span<const std::uint8_t> bytes,
                                              const std::string& name = "<zkey>");
Result<VerifyingKey> read_zkey_verifying_key(const std::string& path);

// The structural checks the writer makes (every count consistent, domain a power of two, coefficient
// indices in range, parameter lengths that fit the format); points are not checked.
Status check_proving_key_shape(const ProvingKey& pk);

// The .zkey bytes in `layout`'s section order; an error when check_proving_key_shape fails.
Result<std::vector<std::uint8_t>> serialize_zkey(const ProvingKey& pk,
                                                 ZkeyLayout layout = ZkeyLayout::kContributed);
// serialize_zkey written atomically.
Status write_zkey(const ProvingKey& pk, const std::string& path,
                  ZkeyLayout layout = ZkeyLayout::kContributed);

}  // namespace zkc::groth16::formats
