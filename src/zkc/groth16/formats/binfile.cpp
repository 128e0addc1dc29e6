#include "zkc/groth16/formats/binfile.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstring>

#include "zkc/base/thread_pool.hpp"

namespace zkc::groth16::formats {
namespace {

using ff::U256;
using ff::bn254::Fq2;

U256 load_le(const std::uint8_t* b) {
  U256 v;
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(v.limb.data(), b, 32);  // the limbs are little-endian u64s already
  } else {
    for (int i = 0; i < 32; ++i) v.limb[i / 8] |= std::uint64_t{b[i]} << (8 * (i % 8));
  }
  return v;
}

void store_le(std::uint8_t* out, const U256& v) {
  for (int i = 0; i < 32; ++i) out[i] = static_cast<std::uint8_t>(v.limb[i / 8] >> (8 * (i % 8)));
}

void store_le(std::vector<std::uint8_t>& out, const U256& v) {
  std::uint8_t b[32];
  store_le(b, v);
  out.insert(out.end(), b, b + 32);
}

bool all_zero(const std::uint8_t* b, std::size_t n) {
  std::uint8_t acc = 0;
  for (std::size_t i = 0; i < n; ++i) acc |= b[i];
  return acc == 0;
}

// R^-1 mod r as an Fr value, to turn a stored a*R^2 into a*R (the Montgomery form of a).
const Fr& r_inverse() {
  static const Fr v = Fr::from_raw(U256::from_u64(1));  // raw 1 is the Montgomery form of R^-1
  return v;
}

// Allocation-free point decoding for the bulk paths; the ByteReader members turn a failure into a
// message. kBadCoordinate carries the index (0..3) of the offending 32-byte coordinate.
enum class PointStatus { kOk, kBadCoordinate, kNotOnCurve, kNotInSubgroup };

struct Decoded {
  PointStatus status;
  int coordinate;  // for kBadCoordinate
};

// One LEM base-field coordinate: canonical (< q), taken as Montgomery form.
bool fq_lem(const std::uint8_t* b, Fq& out) {
  const U256 v = load_le(b);
  if (!(v < Fq::kModulus)) return false;
  out = Fq::from_raw(v);
  return true;
}

Decoded decode_g1(const std::uint8_t* b, G1Affine& out) {
  if (all_zero(b, kG1Bytes)) {
    out = G1Affine::identity();
    return {PointStatus::kOk, 0};
  }
  Fq c[2];
  for (int i = 0; i < 2; ++i)
    if (!fq_lem(b + 32 * i, c[i])) return {PointStatus::kBadCoordinate, i};
  out = G1Affine::from_xy_unchecked(c[0], c[1]);
  if (!out.is_on_curve()) return {PointStatus::kNotOnCurve, 0};
  return {PointStatus::kOk, 0};
}

Decoded decode_g2(const std::uint8_t* b, G2Affine& out, bool check_subgroup) {
  if (all_zero(b, kG2Bytes)) {
    out = G2Affine::identity();
    return {PointStatus::kOk, 0};
  }
  Fq c[4];
  for (int i = 0; i < 4; ++i)
    if (!fq_lem(b + 32 * i, c[i])) return {PointStatus::kBadCoordinate, i};
  out = G2Affine::from_xy_unchecked(Fq2(c[0], c[1]), Fq2(c[2], c[3]));
  if (!out.is_on_curve()) return {PointStatus::kNotOnCurve, 0};
  if (check_subgroup && !ec::bn254::is_in_subgroup_vartime(out)) return {PointStatus::kNotInSubgroup, 0};
  return {PointStatus::kOk, 0};
}

Error point_error(const ByteReader& r, std::uint64_t at, Decoded d, const std::string& what, bool g2) {
  static const char* const kNames[2][4] = {{"x", "y", "", ""}, {"x.c0", "x.c1", "y.c0", "y.c1"}};
  switch (d.status) {
    case PointStatus::kBadCoordinate:
      return r.error_at(at + 32 * static_cast<std::uint64_t>(d.coordinate), Errc::kNotCanonical,
                        what + ": coordinate " + kNames[g2 ? 1 : 0][d.coordinate] +
                            " is not below the base field modulus q");
    case PointStatus::kNotOnCurve:
      return r.error_at(at, Errc::kNotOnCurve, what + (g2 ? " is not on the twist" : " is not on the curve"));
    case PointStatus::kNotInSubgroup:
      return r.error_at(at, Errc::kNotInSubgroup, what + " is not in the order-r subgroup of G2");
    case PointStatus::kOk:
      break;
  }
  ZKC_ASSERT(false);
  return r.error_at(at, Errc::kBadFormat, what);
}

// Shared body of read_g1_array / read_g2_array.
template <class Point, class Decode>
Result<std::vector<Point>> read_array(ByteReader& r, std::size_t count, std::size_t size, const char* what,
                                      bool g2, Decode decode) {
  const std::uint64_t at = r.offset();
  if (count > r.remaining() / size)
    return r.error(Errc::kBadLength, std::string("truncated ") + what + ": " + std::to_string(count) +
                                         " points need " +
                                         std::to_string(static_cast<std::uint64_t>(count) * size) +
                                         " bytes, " + std::to_string(r.remaining()) + " left");
  ZKC_TRY(auto bytes, r.bytes(count * size, what));
  std::vector<Point> out(count);
  std::atomic<std::size_t> first_bad{count};
  parallel_for(count, 1024, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      if (i >= first_bad.load(std::memory_order_relaxed)) return;  // an earlier point already failed
      if (decode(bytes.data() + i * size, out[i]).status == PointStatus::kOk) continue;
      std::size_t cur = first_bad.load();
      while (i < cur && !first_bad.compare_exchange_weak(cur, i)) {
      }
      return;
    }
  });
  const std::size_t bad = first_bad.load();
  if (bad != count) {
    Point p;
    const Decoded d = decode(bytes.data() + bad * size, p);
    return point_error(r, at + bad * size, d, std::string(what) + " " + std::to_string(bad), g2);
  }
  return out;
}

}  // namespace

Error in_context(Error e, const std::string& file, const std::string& context) {
  const std::string prefix = file + ": ";
  if (e.message.compare(0, prefix.size(), prefix) == 0)
    e.message.insert(prefix.size(), context + ": ");
  else
    e.message = prefix + context + ": " + e.message;
  return e;
}

Error ByteReader::error(Errc code, const std::string& message) const {
  return error_at(offset(), code, message);
}

Error ByteReader::error_at(std::uint64_t file_offset, Errc code, const std::string& message) const {
  return make_error(code, file_ + ": " + message + " (at byte " + std::to_string(file_offset) + ")");
}

Result<std::span<const std::uint8_t>> ByteReader::bytes(std::size_t n, const char* what) {
  if (remaining() < n)
    return error(Errc::kBadLength, std::string("truncated ") + what + ": need " + std::to_string(n) +
                                       " bytes, " + std::to_string(remaining()) + " left");
  auto out = bytes_.subspan(pos_, n);
  pos_ += n;
  return out;
}

Result<std::uint32_t> ByteReader::u32(const char* what) {
  ZKC_TRY(auto b, bytes(4, what));
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | b[i];
  return v;
}

Result<std::uint64_t> ByteReader::u64(const char* what) {
  ZKC_TRY(auto b, bytes(8, what));
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | b[i];
  return v;
}

Result<Fr> ByteReader::fr_normal(const char* what) {
  const std::uint64_t at = offset();
  ZKC_TRY(auto b, bytes(32, what));
  const U256 v = load_le(b.data());
  if (!(v < Fr::kModulus))
    return error_at(at, Errc::kNotCanonical, std::string(what) + " is not below the scalar field modulus r");
  return Fr::from_canonical_unchecked(v);
}

Result<Fr> ByteReader::fr_montgomery(const char* what) {
  const std::uint64_t at = offset();
  ZKC_TRY(auto b, bytes(32, what));
  const U256 v = load_le(b.data());
  if (!(v < Fr::kModulus))
    return error_at(at, Errc::kNotCanonical, std::string(what) + " is not below the scalar field modulus r");
  return Fr::from_raw(v);
}

Result<Fr> ByteReader::fr_montgomery_r2(const char* what) {
  ZKC_TRY(Fr v, fr_montgomery(what));
  return v * r_inverse();
}

Result<G1Affine> ByteReader::g1_lem(const char* what) {
  const std::uint64_t at = offset();
  ZKC_TRY(auto b, bytes(kG1Bytes, what));
  G1Affine p;
  const Decoded d = decode_g1(b.data(), p);
  if (d.status != PointStatus::kOk) return point_error(*this, at, d, what, false);
  return p;
}

Result<G2Affine> ByteReader::g2_lem(const char* what, bool check_subgroup) {
  const std::uint64_t at = offset();
  ZKC_TRY(auto b, bytes(kG2Bytes, what));
  G2Affine p;
  const Decoded d = decode_g2(b.data(), p, check_subgroup);
  if (d.status != PointStatus::kOk) return point_error(*this, at, d, what, true);
  return p;
}

Status ByteReader::expect_end(const char* what) const {
  if (remaining() != 0)
    return error(Errc::kBadLength,
                 std::string(what) + ": " + std::to_string(remaining()) + " unexpected trailing bytes");
  return Status::success();
}

void ByteWriter::u32(std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void ByteWriter::u64(std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void ByteWriter::fr_normal(const Fr& v) { store_le(out_, v.to_u256()); }
void ByteWriter::fr_montgomery(const Fr& v) { store_le(out_, v.raw()); }
void ByteWriter::fr_montgomery_r2(const Fr& v) {
  // a*R^2 is the Montgomery form of a*R.
  store_le(out_, (v * Fr::from_canonical_unchecked(Fr::one().raw())).raw());
}
void ByteWriter::fq_montgomery(const Fq& v) { store_le(out_, v.raw()); }
void ByteWriter::g1_lem(const G1Affine& p) { encode_g1_lem(p, append(kG1Bytes).data()); }
void ByteWriter::g2_lem(const G2Affine& p) { encode_g2_lem(p, append(kG2Bytes).data()); }

std::span<std::uint8_t> ByteWriter::append(std::size_t n) {
  const std::size_t at = out_.size();
  out_.resize(at + n);
  return std::span<std::uint8_t>(out_).subspan(at, n);
}

void encode_g1_lem(const G1Affine& p, std::uint8_t* out) {
  if (p.is_infinity()) {
    std::memset(out, 0, kG1Bytes);
    return;
  }
  store_le(out, p.x.raw());
  store_le(out + 32, p.y.raw());
}

void encode_g2_lem(const G2Affine& p, std::uint8_t* out) {
  if (p.is_infinity()) {
    std::memset(out, 0, kG2Bytes);
    return;
  }
  store_le(out, p.x.c0.raw());
  store_le(out + 32, p.x.c1.raw());
  store_le(out + 64, p.y.c0.raw());
  store_le(out + 96, p.y.c1.raw());
}

Result<std::vector<G1Affine>> read_g1_array(ByteReader& r, std::size_t count, const char* what) {
  return read_array<G1Affine>(r, count, kG1Bytes, what, false,
                              [](const std::uint8_t* b, G1Affine& p) { return decode_g1(b, p); });
}

Result<std::vector<G2Affine>> read_g2_array(ByteReader& r, std::size_t count, const char* what,
                                            bool check_subgroup) {
  return read_array<G2Affine>(
      r, count, kG2Bytes, what, true,
      [check_subgroup](const std::uint8_t* b, G2Affine& p) { return decode_g2(b, p, check_subgroup); });
}

void write_g1_array(ByteWriter& w, std::span<const G1Affine> points) {
  std::uint8_t* out = w.append(points.size() * kG1Bytes).data();
  parallel_for(points.size(), 4096, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) encode_g1_lem(points[i], out + i * kG1Bytes);
  });
}

void write_g2_array(ByteWriter& w, std::span<const G2Affine> points) {
  std::uint8_t* out = w.append(points.size() * kG2Bytes).data();
  parallel_for(points.size(), 4096, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) encode_g2_lem(points[i], out + i * kG2Bytes);
  });
}

Status read_prime(ByteReader& r, const U256& expected, const char* what, const char* field_name) {
  const std::uint64_t at = r.offset();
  ZKC_TRY(std::uint32_t n8, r.u32(what));
  if (n8 != kFieldBytes)
    return r.error_at(at, Errc::kBadFormat,
                      std::string(what) + ": field elements of " + std::to_string(n8) +
                          " bytes; this reader supports " + field_name + " (32 bytes) only");
  const std::uint64_t prime_at = r.offset();
  ZKC_TRY(auto b, r.bytes(kFieldBytes, what));
  const U256 p = load_le(b.data());
  if (p != expected)
    return r.error_at(prime_at, Errc::kBadFormat,
                      std::string(what) + ": the prime is " + p.to_decimal() + ", expected " + field_name +
                          " = " + expected.to_decimal());
  return Status::success();
}

Result<ContributionParams> read_contribution_params(ByteReader& r, std::uint32_t type) {
  const std::uint64_t len_at = r.offset();
  ZKC_TRY(std::uint32_t len, r.u32("parameter length"));
  ZKC_TRY(auto bytes, r.bytes(len, "parameters"));
  ByteReader p(bytes, r.file(), len_at + 4);
  ContributionParams out;
  std::uint8_t last = 0;
  bool has_iterations = false, has_hash = false;
  while (p.remaining() > 0) {
    const std::uint64_t key_at = p.offset();
    ZKC_TRY(auto key_byte, p.bytes(1, "parameter key"));
    const std::uint8_t key = key_byte[0];
    if (key <= last)
      return p.error_at(key_at, Errc::kBadFormat,
                        "parameters are not sorted (key " + std::to_string(key) + " after " + std::to_string(last) + ")");
    last = key;
    if (key == 1) {
      ZKC_TRY(auto n, p.bytes(1, "name length"));
      ZKC_TRY(auto name, p.bytes(n[0], "name"));
      if (name.empty()) return p.error_at(key_at, Errc::kBadFormat, "the name parameter is empty");
      out.name.assign(name.begin(), name.end());
    } else if (key == 2 || key == 3) {
      if (type != 1)
        return p.error_at(key_at, Errc::kBadFormat,
                          "beacon parameter " + std::to_string(key) + " in a contribution of type 0");
      if (key == 2) {
        ZKC_TRY(auto e, p.bytes(1, "numIterationsExp"));
        out.num_iterations_exp = e[0];
        has_iterations = true;
      } else {
        ZKC_TRY(auto n, p.bytes(1, "beacon hash length"));
        ZKC_TRY(auto hash, p.bytes(n[0], "beacon hash"));
        out.beacon_hash.assign(hash.begin(), hash.end());
        has_hash = true;
      }
    } else {
      return p.error_at(key_at, Errc::kBadFormat, "unknown parameter " + std::to_string(key));
    }
  }
  if (type == 1 && !(has_iterations && has_hash))
    return r.error_at(len_at, Errc::kBadFormat, "beacon contribution without numIterationsExp and beacon hash");
  return out;
}

void write_contribution_params(ByteWriter& w, std::uint32_t type, const ContributionParams& params) {
  ZKC_ASSERT(params.name.size() <= 255 && params.beacon_hash.size() <= 255);
  std::vector<std::uint8_t> out;
  if (!params.name.empty()) {
    out.push_back(1);
    out.push_back(static_cast<std::uint8_t>(params.name.size()));
    out.insert(out.end(), params.name.begin(), params.name.end());
  }
  if (type == 1) {
    out.push_back(2);
    out.push_back(params.num_iterations_exp);
    out.push_back(3);
    out.push_back(static_cast<std::uint8_t>(params.beacon_hash.size()));
    out.insert(out.end(), params.beacon_hash.begin(), params.beacon_hash.end());
  }
  w.u32(static_cast<std::uint32_t>(out.size()));
  w.bytes(out);
}

void write_prime(ByteWriter& w, const U256& modulus) {
  w.u32(kFieldBytes);
  store_le(w.buffer(), modulus);
}

Result<BinFile> BinFile::parse(std::span<const std::uint8_t> bytes, const char magic[4],
                               std::uint32_t max_version, std::string file) {
  ByteReader r(bytes, file);
  ZKC_TRY(auto m, r.bytes(4, "magic"));
  if (std::memcmp(m.data(), magic, 4) != 0) {
    std::string shown;
    for (std::uint8_t c : m) shown += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?';
    return r.error_at(0, Errc::kBadFormat,
                      "not a ." + std::string(magic, 4) + " file (magic bytes '" + shown + "')");
  }
  BinFile f;
  f.file_ = file;
  ZKC_TRY(f.version_, r.u32("version"));
  if (f.version_ == 0 || f.version_ > max_version)
    return r.error_at(4, Errc::kBadFormat,
                      "unsupported version " + std::to_string(f.version_) +
                          " (this reader knows versions 1 to " + std::to_string(max_version) + ")");
  ZKC_TRY(std::uint32_t n, r.u32("section count"));
  // Each section takes at least its 12-byte header: bound the count before reserving.
  if (n > r.remaining() / 12)
    return r.error_at(8, Errc::kBadLength,
                      std::to_string(n) + " sections announced, but only " + std::to_string(r.remaining()) +
                          " bytes follow");
  f.sections_.reserve(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    ZKC_TRY(std::uint32_t type, r.u32("section type"));
    const std::uint64_t len_at = r.offset();
    ZKC_TRY(std::uint64_t size, r.u64("section length"));
    const std::uint64_t at = r.offset();
    if (size > r.remaining())
      return r.error_at(len_at, Errc::kBadLength,
                        "section " + std::to_string(type) + " claims " + std::to_string(size) +
                            " bytes but only " + std::to_string(r.remaining()) + " remain");
    ZKC_TRY(auto data, r.bytes(static_cast<std::size_t>(size), "section"));
    f.sections_.push_back(Section{type, at, data});
  }
  if (Status s = r.expect_end("after the last section"); !s) return s.error();
  return f;
}

Result<BinFile::Section> BinFile::section(std::uint32_t type) const {
  const Section* found = nullptr;
  for (const auto& s : sections_) {
    if (s.type != type) continue;
    if (found != nullptr)
      return make_error(Errc::kBadFormat, file_ + ": section " + std::to_string(type) +
                                              " appears more than once (at byte " +
                                              std::to_string(s.offset - 12) + ")");
    found = &s;
  }
  if (found == nullptr)
    return make_error(Errc::kBadFormat, file_ + ": section " + std::to_string(type) + " is missing");
  return *found;
}

bool BinFile::has_section(std::uint32_t type) const {
  for (const auto& s : sections_)
    if (s.type == type) return true;
  return false;
}

Result<ByteReader> BinFile::reader(std::uint32_t type) const {
  ZKC_TRY(Section s, section(type));
  return ByteReader(s.data, file_, s.offset);
}

Status BinFile::expect_known_sections(std::uint32_t max_type) const {
  for (std::size_t i = 0; i < sections_.size(); ++i) {
    const Section& s = sections_[i];
    const std::string at = " (at byte " + std::to_string(s.offset - 12) + ")";
    if (s.type == 0 || s.type > max_type)
      return make_error(Errc::kBadFormat, file_ + ": unknown section type " + std::to_string(s.type) +
                                              " (this format has sections 1 to " + std::to_string(max_type) +
                                              ")" + at);
    for (std::size_t j = 0; j < i; ++j)
      if (sections_[j].type == s.type)
        return make_error(Errc::kBadFormat,
                          file_ + ": section " + std::to_string(s.type) + " appears more than once" + at);
  }
  return Status::success();
}

BinWriter::BinWriter(const char magic[4], std::uint32_t version, std::uint32_t num_sections)
    : announced_(num_sections) {
  for (int i = 0; i < 4; ++i) w_.buffer().push_back(static_cast<std::uint8_t>(magic[i]));
  w_.u32(version);
  w_.u32(num_sections);
}

ByteWriter& BinWriter::begin_section(std::uint32_t type) {
  ZKC_ASSERT(!open_ && written_ < announced_);
  w_.u32(type);
  open_at_ = w_.size();
  w_.u64(0);
  open_ = true;
  return w_;
}

void BinWriter::end_section() {
  ZKC_ASSERT(open_);
  const std::uint64_t len = w_.size() - open_at_ - 8;
  for (int i = 0; i < 8; ++i) w_.buffer()[open_at_ + i] = static_cast<std::uint8_t>(len >> (8 * i));
  open_ = false;
  ++written_;
}

const std::vector<std::uint8_t>& BinWriter::finish() {
  ZKC_ASSERT(!open_ && written_ == announced_);
  return w_.buffer();
}

std::vector<std::uint8_t> BinWriter::release() {
  finish();
  return std::move(w_.buffer());
}

Status BinWriter::write_file(const std::string& path) { return write_file_atomic(path, finish()); }

}  // namespace zkc::groth16::formats
