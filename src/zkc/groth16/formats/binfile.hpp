// The iden3 binary container shared by .r1cs, .wtns, .zkey and .ptau files: a 4-byte magic
// ("r1cs", "wtns", "zkey", "ptau"), a u32 version, a u32 section count, then sections, each a u32
// type, a u64 byte length and the payload. All integers little endian. Field elements are n8-byte
// little-endian integers; curve points are stored uncompressed as x || y (G2: x.c0 || x.c1 ||
// y.c0 || y.c1) in Montgomery form ("LEM"), the point at infinity as all zeros.
// Invariants: every read is bounds-checked before it happens (a length from the file is compared with
// the bytes that remain before anything is allocated); every decoded field element is canonical and
// every decoded point is on its curve. Errors name the file, the field and the byte offset.
// Sources: iden3/binfileutils (src/binfileutils.js), iden3/r1csfile and iden3/snarkjs (zkey_utils.js,
// powersoftau_utils.js, wtns_utils.js) for the section layouts; ffjavascript (wasm_curve.js toRprLEM:
// the affine zero is x = y = 0) for the infinity encoding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "zkc/base/io.hpp"
#include "zkc/base/result.hpp"
#include "zkc/base/thread_pool.hpp"
#include "zkc/ec/bn254.hpp"
#include "zkc/ff/bn254/fq.hpp"
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
  Result<Fr> fr_normal(const char* what);         // stored as the integer itself
  Result<Fr> fr_montgomery(const char* what);     // stored as a*R mod r (Montgomery form)
  Result<Fr> fr_montgomery_r2(const char* what);  // stored as a*R^2 mod r (zkey coefficients)
  Result<G1Affine> g1_lem(const char* what);      // on the curve (G1 has cofactor 1)
  // On the twist; in the order-r subgroup too when check_subgroup is set.
  Result<G2Affine> g2_lem(const char* what, bool check_subgroup);

  std::size_t remaining() const { return bytes_.size() - pos_; }
  std::uint64_t offset() const { return base_ + pos_; }
  const std::string& file() const { return file_; }
  // The unread bytes (not consumed).
  std::span<const std::uint8_t> rest() const { return bytes_.subspan(pos_); }
  // Error unless every byte was consumed.
  Status expect_end(const char* what) const;
  // An error naming the file and the current offset (error) or a given file offset (error_at).
  Error error(Errc code, const std::string& message) const;
  Error error_at(std::uint64_t file_offset, Errc code, const std::string& message) const;

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
  // Appends n zero bytes and returns them, for callers that fill large blocks in parallel.
  std::span<std::uint8_t> append(std::size_t n);
  void reserve(std::size_t n) { out_.reserve(n); }
  std::vector<std::uint8_t>& buffer() { return out_; }
  std::size_t size() const { return out_.size(); }

 private:
  std::vector<std::uint8_t> out_;
};

// `e` with "context: " inserted after its "file: " prefix: names the record (constraint, coefficient,
// contribution) around an error raised by a lower-level read, built only on the error path.
Error in_context(Error e, const std::string& file, const std::string& context);

// Fixed-size LEM encoders into caller memory (out must hold kG1Bytes / kG2Bytes).
void encode_g1_lem(const G1Affine& p, std::uint8_t* out);
void encode_g2_lem(const G2Affine& p, std::uint8_t* out);

// `count` consecutive LEM points decoded in parallel (parallel_for), with the checks of g1_lem /
// g2_lem. The length (count * point size) is checked against the remaining bytes before anything is
// allocated. On failure the error is that of the lowest failing index, named "<what> <index>".
Result<std::vector<G1Affine>> read_g1_array(ByteReader& r, std::size_t count, const char* what);
Result<std::vector<G2Affine>> read_g2_array(ByteReader& r, std::size_t count, const char* what,
                                            bool check_subgroup);
// `count` fixed-size records of `size` bytes each, parsed in parallel: parse(reader, index) reads one
// record from a ByteReader positioned at it (offsets in errors are file offsets) and returns
// Result<T>. The length is checked before anything is allocated; every record must consume exactly
// `size` bytes; the error returned is the one of the lowest failing index.
template <class T, class Parse>
Result<std::vector<T>> read_records(ByteReader& r, std::size_t count, std::size_t size, const char* what,
                                    Parse parse) {
  if (size == 0 || count > r.remaining() / size)
    return r.error(Errc::kBadLength, std::string("truncated ") + what + ": " + std::to_string(count) +
                                         " records of " + std::to_string(size) + " bytes, " +
                                         std::to_string(r.remaining()) + " bytes left");
  const std::uint64_t at = r.offset();
  ZKC_TRY(auto bytes, r.bytes(count * size, what));
  std::vector<T> out(count);
  std::mutex mu;
  std::size_t bad = count;
  std::optional<Error> first;
  parallel_for(count, 1024, [&](std::size_t begin, std::size_t end) {
    ByteReader sub(bytes.subspan(begin * size, (end - begin) * size), r.file(), at + begin * size);
    for (std::size_t i = begin; i < end; ++i) {
      Result<T> v = parse(sub, i);
      Error e{Errc::kBadFormat, {}};
      if (v.ok() && sub.offset() == at + (i + 1) * size) {
        out[i] = std::move(v).value();
        continue;
      }
      e = v.ok() ? sub.error(Errc::kBadFormat,
                             std::string(what) + ": record " + std::to_string(i) + " has the wrong size")
                 : v.error();
      std::lock_guard<std::mutex> lock(mu);
      if (i < bad) {
        bad = i;
        first = std::move(e);
      }
      return;
    }
  });
  if (first) return *first;
  return out;
}

// The LEM encodings of `points` appended in parallel.
void write_g1_array(ByteWriter& w, std::span<const G1Affine> points);
void write_g2_array(ByteWriter& w, std::span<const G2Affine> points);

// The field description that opens .r1cs, .wtns and .zkey headers: u32 n8, then the prime as an
// n8-byte little-endian integer. read_prime errors unless n8 = 32 and the prime is `expected`
// (`field_name` says which, e.g. "the BN254 scalar field r"); the message shows the prime found.
Status read_prime(ByteReader& r, const ff::U256& expected, const char* what, const char* field_name);
void write_prime(ByteWriter& w, const ff::U256& modulus);

// The parameters that close a ceremony contribution in .ptau (section 7) and .zkey (section 10)
// files: a u32 byte length, then entries with strictly increasing keys: 1 name (u8 length, bytes,
// not empty), 2 numIterationsExp (u8) and 3 beacon hash (u8 length, bytes), the last two present
// exactly in beacon contributions (type 1). Source: iden3/snarkjs src/zkey_utils.js and
// src/powersoftau_utils.js (readContribution / writeContribution).
struct ContributionParams {
  std::string name;
  std::uint8_t num_iterations_exp = 0;
  std::vector<std::uint8_t> beacon_hash;
};
Result<ContributionParams> read_contribution_params(ByteReader& r, std::uint32_t type);
// Writes the name when it is not empty and, for type 1, the beacon entries. Precondition (asserted):
// name and beacon_hash are at most 255 bytes.
void write_contribution_params(ByteWriter& w, std::uint32_t type, const ContributionParams& params);

// A parsed container: the section table of a file held in memory or mapped.
class BinFile {
 public:
  struct Section {
    std::uint32_t type;
    std::uint64_t offset;  // of the payload within the file
    std::span<const std::uint8_t> data;
  };

  // Parses the header and section table of `bytes` (which must outlive the BinFile). Errors: wrong
  // magic, version 0 or above max_version, truncated header or section, trailing bytes (naming `file`).
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
  // Error naming the first section whose type is outside [1, max_type] or that appears twice.
  Status expect_known_sections(std::uint32_t max_type) const;

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
  // Reserves room for a file of `total` bytes (avoids reallocations for large keys).
  void reserve(std::size_t total) { w_.reserve(total); }
  // The finished bytes (asserts that every announced section was written and closed).
  const std::vector<std::uint8_t>& finish();
  // finish()'s bytes moved out; the writer is left empty.
  std::vector<std::uint8_t> release();
  // finish() written atomically to `path`.
  Status write_file(const std::string& path);

 private:
  ByteWriter w_;
  std::uint32_t announced_, written_ = 0;
  std::size_t open_at_ = 0;
  bool open_ = false;
};

}  // namespace zkc::groth16::formats
