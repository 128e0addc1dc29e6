// Powers-of-Tau files (.ptau) as snarkjs 0.7 writes them: the iden3 container (binfile.hpp), magic
// "ptau", version 1, sections
//   1 header: u32 n8 (= 32), q (n8 bytes LE), u32 power, u32 ceremonyPower
//   2 tauG1       2^(power+1) - 1 G1 points [tau^i]_1        3 tauG2      2^power G2 points [tau^i]_2
//   4 alphaTauG1  2^power G1 points [alpha tau^i]_1          5 betaTauG1  2^power G1 points [beta tau^i]_1
//   6 betaG2      one G2 point [beta]_2                      7 contributions (PtauContribution below)
//   12..15 (written by `prepare phase2`) the Lagrange bases of sections 2..5 for every domain size
//   2^k, k = 0..power (section 12: k = 0..power+1), concatenated so that size 2^k starts at point
//   2^k - 1 (section 12 holds 2^(power+2) - 1 points, sections 13..15 hold 2^(power+1) - 1).
// Points are LEM (binfile.hpp). Opening a file checks the header (BN254's q, power <= 28, power <=
// ceremonyPower) and the exact byte length of every present section, but decodes no point: the
// readers decode only the requested ranges (in parallel, every point on its curve, G2 points in the
// subgroup unless asked otherwise), so a 2^20 circuit reads 2^20 points out of a power-24 file.
// Unknown section types are ignored (as snarkjs does); a repeated known section is an error.
// Sources: iden3/snarkjs src/powersoftau_utils.js (writePTauHeader, readContribution,
// writeContribution), src/powersoftau_new.js (layout comment), src/powersoftau_preparephase2.js.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "zkc/base/io.hpp"
#include "zkc/base/result.hpp"
#include "zkc/groth16/formats/binfile.hpp"

namespace zkc::groth16::formats {

inline constexpr unsigned kPtauMaxPower = 28;  // BN254 Fr has two-adicity 28

enum PtauSection : std::uint32_t {
  kPtauHeader = 1,
  kPtauTauG1 = 2,
  kPtauTauG2 = 3,
  kPtauAlphaTauG1 = 4,
  kPtauBetaTauG1 = 5,
  kPtauBetaG2 = 6,
  kPtauContributions = 7,
  kPtauLagrangeTauG1 = 12,
  kPtauLagrangeTauG2 = 13,
  kPtauLagrangeAlphaTauG1 = 14,
  kPtauLagrangeBetaTauG1 = 15,
};

// snarkjs's name of a section ("tauG1", ...), for messages.
const char* ptau_section_name(std::uint32_t type);
// The number of points of section `type` (2..6, 12..15) in a file of this power.
std::size_t ptau_section_points(std::uint32_t type, unsigned power);

// The proof of knowledge of one secret x: [s]_1, [s x]_1 for a random s and [s' x]_2 with s' a point
// derived from the challenge (hash_to_g2 in ptau.hpp), so that e([s]_1, [s' x]_2) = e([s x]_1, [s']_2).
struct PtauKeyPart {
  G1Affine g1_s, g1_sx;
  G2Affine g2_spx;
  friend bool operator==(const PtauKeyPart&, const PtauKeyPart&) = default;
};
struct PtauPublicKey {
  PtauKeyPart tau, alpha, beta;
  friend bool operator==(const PtauPublicKey&, const PtauPublicKey&) = default;
};

// One entry of section 7.
struct PtauContribution {
  G1Affine tau_g1;    // [tau]_1 after this contribution (tauG1[1])
  G2Affine tau_g2;    // [tau]_2 (tauG2[1])
  G1Affine alpha_g1;  // [alpha]_1 (alphaTauG1[0])
  G1Affine beta_g1;   // [beta]_1 (betaTauG1[0])
  G2Affine beta_g2;   // [beta]_2 (betaG2)
  PtauPublicKey key;
  // The BLAKE2b state of the response hash before the public key was absorbed, in the layout of
  // @noble/hashes' blake2b (mpc::Blake2b::export_partial in ptau.hpp).
  std::array<std::uint8_t, 216> partial_hash{};
  std::array<std::uint8_t, 64> next_challenge{};
  std::uint32_t type = 0;                 // 0 = contribution, 1 = random beacon
  std::string name;                       // parameter 1 (at most 255 bytes; snarkjs writes <= 64 chars)
  std::uint8_t num_iterations_exp = 0;    // parameter 2 (beacon only)
  std::vector<std::uint8_t> beacon_hash;  // parameter 3 (beacon only)
  friend bool operator==(const PtauContribution&, const PtauContribution&) = default;
};

// Whether a G2 reader checks subgroup membership (about 0.1 ms a point) or the twist equation only.
enum class G2Check { kSubgroup, kOnCurveOnly };

// An opened .ptau file: the bytes (mapped or owned), the section table and the header.
// Cheap to copy (the bytes are shared). Thread-safe for concurrent reads.
class PtauFile {
 public:
  // Maps `path` and checks the container, the header and every section length.
  static Result<PtauFile> open(const std::string& path);
  // The same over bytes held in memory (tests, fuzzing); `name` names them in errors.
  static Result<PtauFile> parse(std::vector<std::uint8_t> bytes, std::string name);

  const std::string& name() const { return container_.file(); }
  unsigned power() const { return power_; }
  unsigned ceremony_power() const { return ceremony_power_; }
  // Sections 12..15 are all present.
  bool has_lagrange() const;
  const BinFile& container() const { return container_; }
  std::span<const std::uint8_t> bytes() const;

  // The payload of section `type` (error when absent).
  Result<std::span<const std::uint8_t>> section_payload(std::uint32_t type) const;

  // Points [begin, begin + count) of section 2, 3, 4 or 5; an error names the file, the section,
  // the point index and its byte offset.
  Result<std::vector<G1Affine>> tau_g1(std::size_t begin, std::size_t count) const;
  Result<std::vector<G2Affine>> tau_g2(std::size_t begin, std::size_t count,
                                       G2Check check = G2Check::kSubgroup) const;
  Result<std::vector<G1Affine>> alpha_tau_g1(std::size_t begin, std::size_t count) const;
  Result<std::vector<G1Affine>> beta_tau_g1(std::size_t begin, std::size_t count) const;
  Result<G2Affine> beta_g2() const;
  Result<std::vector<PtauContribution>> contributions() const;

  // The Lagrange basis [L_i(tau)] (times alpha, beta) of the domain of size 2^log2_size, points
  // [begin, begin + count) of it: section 12 allows log2_size <= power + 1, sections 13..15
  // log2_size <= power. Errors: the file is not prepared, log2_size or the range is too large.
  Result<std::vector<G1Affine>> lagrange_tau_g1(unsigned log2_size, std::size_t begin,
                                                std::size_t count) const;
  Result<std::vector<G2Affine>> lagrange_tau_g2(unsigned log2_size, std::size_t begin, std::size_t count,
                                                G2Check check = G2Check::kSubgroup) const;
  Result<std::vector<G1Affine>> lagrange_alpha_tau_g1(unsigned log2_size, std::size_t begin,
                                                      std::size_t count) const;
  Result<std::vector<G1Affine>> lagrange_beta_tau_g1(unsigned log2_size, std::size_t begin,
                                                     std::size_t count) const;
  // The whole basis of one size.
  Result<std::vector<G1Affine>> lagrange_g1(std::uint32_t type, unsigned log2_size) const;
  Result<std::vector<G2Affine>> lagrange_g2(unsigned log2_size, G2Check check = G2Check::kSubgroup) const;

  // Generic range readers over any point section (2..6, 12..15), `begin` counted in points.
  Result<std::vector<G1Affine>> g1_points(std::uint32_t type, std::size_t begin, std::size_t count) const;
  Result<std::vector<G2Affine>> g2_points(std::uint32_t type, std::size_t begin, std::size_t count,
                                          G2Check check) const;

 private:
  struct Storage;
  static Result<PtauFile> from_storage(std::shared_ptr<const Storage> storage, std::string name);
  Result<std::size_t> lagrange_start(std::uint32_t type, unsigned log2_size, std::size_t begin,
                                     std::size_t count) const;

  std::shared_ptr<const Storage> storage_;
  BinFile container_;
  unsigned power_ = 0, ceremony_power_ = 0;
};

// --- writing ---------------------------------------------------------------------------------
// Section payloads, encoded (all encoders are parallel over the points).
std::vector<std::uint8_t> encode_ptau_header(unsigned power, unsigned ceremony_power);
std::vector<std::uint8_t> encode_g1_points(std::span<const G1Affine> points);
std::vector<std::uint8_t> encode_g2_points(std::span<const G2Affine> points);
// Error if a name or beacon hash is longer than 255 bytes (the format's one-byte lengths).
Result<std::vector<std::uint8_t>> encode_ptau_contributions(std::span<const PtauContribution> contributions);

// A section to write: its type and payload (borrowed).
struct PtauSectionData {
  std::uint32_t type;
  std::span<const std::uint8_t> payload;
};
// Writes a .ptau container with these sections in this order, atomically.
Status write_ptau_file(const std::string& path, std::span<const PtauSectionData> sections);
// The same bytes in memory.
std::vector<std::uint8_t> serialize_ptau(std::span<const PtauSectionData> sections);

}  // namespace zkc::groth16::formats
