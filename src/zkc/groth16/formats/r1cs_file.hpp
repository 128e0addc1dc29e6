// circom's .r1cs files (iden3 container, magic "r1cs", version 1): section 1 header (u32 n8, prime,
// u32 nWires, u32 nPubOut, u32 nPubIn, u32 nPrvIn, u64 nLabels, u32 nConstraints), section 2 the
// constraints (three linear combinations each: u32 nTerms, then nTerms x (u32 wire, n8-byte
// coefficient in normal form)), section 3 the wire-to-label map (nWires x u64). Sections 4 and 5
// (PLONK custom gates) are refused. Invariants of a parsed file: prime = BN254 r, every wire and
// label index in range, coefficients canonical, every section consumed exactly; terms keep the
// file's order (repeated wires included), so parse then serialize gives the same bytes.
// Sources: iden3/r1csfile src/r1csfile.js (reader and writer), iden3/circom docs "r1cs binary format".
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "zkc/base/result.hpp"
#include "zkc/r1cs/constraint_system.hpp"

namespace zkc::groth16::formats {

// The order of the sections: circom 2 writes the constraints first (2, 1, 3); iden3/r1csfile's
// writeR1cs (and snarkjs) writes the header first (1, 2, 3).
enum class R1csLayout { kCircom, kHeaderFirst };

struct R1csFile {
  r1cs::ConstraintSystem cs;  // labels stay empty: .r1cs files carry no constraint labels
  std::uint64_t num_labels = 0;
  // One label id (< num_labels) per wire, or empty when the file has no section 3.
  std::vector<std::uint64_t> wire_to_label;
  R1csLayout layout = R1csLayout::kCircom;
  // Field by field (ConstraintSystem has no operator== of its own).
  friend bool operator==(const R1csFile& x, const R1csFile& y);
};

// Parses a whole .r1cs file held in memory; `name` is used in error messages.
Result<R1csFile> parse_r1cs(std::span<const std::uint8_t> bytes, const std::string& name = "<r1cs>");
Result<R1csFile> read_r1cs(const std::string& path);

// The .r1cs bytes (sections in f.layout's order). Errors when f is inconsistent (cs.validate(),
// a map of the wrong length or a label >= num_labels).
Result<std::vector<std::uint8_t>> serialize_r1cs(const R1csFile& f);
// serialize_r1cs written atomically.
Status write_r1cs(const R1csFile& f, const std::string& path);

}  // namespace zkc::groth16::formats
