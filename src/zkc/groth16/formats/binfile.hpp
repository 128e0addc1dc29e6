// The iden3 binary container shared by .r1cs, .wtns, .zkey and .ptau files: a 4-byte magic
// ("r1cs", "wtns", "zkey", "ptau"), a u32 version, a u32 section count, then sections, each a u32
// type, a u64 byte length and the payload. All integers little endian. Field elements are n8-byte
// little-endian integers; curve points are stored uncompressed as x || y (G2: x.c0 || x.c1 ||
// y.c0 || y.c1) in Montgomery form ("LEM"), the point at infinity as all zeros.
// Sources: iden3/binfileutils (src/binfileutils.js), iden3/r1csfile and iden3/snarkjs (zkey_utils.js,
// powersoftau_utils.js, wtns_utils.js) for the section layouts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "zkc/base/io.hpp"
#include "zkc/base/result.hpp"
#include "zkc/ec/bn254.hpp"
#include "zkc/ff/bn254/fr.hpp"

namespace zkc::groth16::formats {

using ec::bn254::G1Affine;
using ec::bn254::G2Affine;
using ff::bn254::Fq;
using ff::bn254::Fr;

inline constexpr std::size_t kG1Bytes = 64, kG2Bytes = 128, kFieldBytes = 32;

// A cursor over untrusted bytes. Every read checks the remaining length; errors name the file,
// the `what` being read and its byte offset in the file.
class ByteReader {
 public:
  ByteReader(std::span<const std::uint8_t> bytes, std::string file, std::uint64_t base_offset = 0)
      : bytes_(bytes), file_(std::move(file)), base_(base_offset) {}

  Result<std::uint32_t> u32(const char* what);
  Result<std::uint64_t> u64(const char* what);
  Result<std::span<const std::uint8_t>> bytes(std::size_t n, const char* what);
  // An n8 = 32 byte field element: canonical (< modulus) or an error.
  Result<Fr> fr_normal(const char* what);       // stored as the integer itself
  Result<Fr> fr_montgomery(const char* what);   // stored as a*R mod r (Montgomery form)
  Result<Fr> fr_montgomery_r2(const char* what);  // stored as a*R^2 mod r (zkey coefficients)
  Result<G1Affine> g1_lem(const char* what);    // on the curve (G1 has cofactor 1)
  // On the twist; in the order-r subgroup too when check_subgroup is set.
  Result<G2Affine> g2_lem(const char* what, bool check_subgroup);

  std::size_t remaining() const { return bytes_.size() - pos_; }
  std::uint64_t offset() const { return base_ + pos_; }
  // Error unless every byte was consumed.
  Status expect_end(const char* what) const;
  Error error(Errc code, const std::string& message) const;

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t pos_ = 0;
  std::string file_;
  std::uint64_t base_;
};

// Appends little-endian values to a byte buffer.
class ByteWriter {
 public:
  void u32(std::uint32_t v);
  void u64(std::uint64_t v);
  void bytes(std::span<const std::uint8_t> b) { out_.insert(out_.end(), b.begin(), b.end()); }
  void fr_normal(const Fr& v);
  void fr_montgomery(const Fr& v);
  void fr_montgomery_r2(const Fr& v);
  void fq_montgomery(const Fq& v);
  void g1_lem(const G1Affine& p);
  void g2_lem(const G2Affine& p);
  std::vector<std::uint8_t>& buffer() { return out_; }
  std::size_t size() const { return out_.size(); }

 private:
  std::vector<std::uint8_t> out_;
};

// A parsed container: the section table of a file held in memory or mapped.
class BinFile {
 public:
  struct Section {
    std::uint32_t type;
    std::uint64_t offset;  // of the payload within the file
    std::span<const std::uint8_t> data;
  };

  // Parses the header and section table of `bytes` (which must outlive the BinFile). Errors: wrong
  // magic, version above max_version, truncated header or section (naming `file`).
  static Result<BinFile> parse(std::span<const std::uint8_t> bytes, const char magic[4],
                               std::uint32_t max_version, std::string file);

  std::uint32_t version() const { return version_; }
  const std::vector<Section>& sections() const { return sections_; }
  const std::string& file() const { return file_; }
  // The one section of this type: an error when it is missing or appears more than once.
  Result<Section> section(std::uint32_t type) const;
  bool has_section(std::uint32_t type) const;
  // A reader over the payload of section `type`.
  Result<ByteReader> reader(std::uint32_t type) const;

 private:
  std::string file_;
  std::uint32_t version_ = 0;
  std::vector<Section> sections_;
};

// Builds a container in memory: begin_section/end_section patch the section length.
class BinWriter {
 public:
  BinWriter(const char magic[4], std::uint32_t version, std::uint32_t num_sections);
  ByteWriter& begin_section(std::uint32_t type);
  void end_section();
  // The finished bytes (asserts that every announced section was written and closed).
  const std::vector<std::uint8_t>& finish();
  // finish() written atomically to `path`.
  Status write_file(const std::string& path);

 private:
  ByteWriter w_;
  std::uint32_t announced_, written_ = 0;
  std::size_t open_at_ = 0;
  bool open_ = false;
};

}  // namespace zkc::groth16::formats
