#include "zkc/groth16/formats/binfile.hpp"

#include <cstring>

namespace zkc::groth16::formats {
namespace {

using ff::U256;

U256 load_le(std::span<const std::uint8_t> b) {
  U256 v;
  for (int i = 0; i < 32; ++i) v.limb[i / 8] |= std::uint64_t{b[i]} << (8 * (i % 8));
  return v;
}

void store_le(std::vector<std::uint8_t>& out, const U256& v) {
  for (int i = 0; i < 32; ++i) out.push_back(static_cast<std::uint8_t>(v.limb[i / 8] >> (8 * (i % 8))));
}

bool all_zero(std::span<const std::uint8_t> b) {
  std::uint8_t acc = 0;
  for (auto x : b) acc |= x;
  return acc == 0;
}

// R^-1 mod r as an Fr value, to turn a stored a*R^2 into a*R (the Montgomery form of a).
const Fr& r_inverse() {
  static const Fr v = Fr::from_raw(U256::from_u64(1));  // raw 1 is the Montgomery form of R^-1
  return v;
}

}  // namespace

Error ByteReader::error(Errc code, const std::string& message) const {
  return make_error(code, file_ + ": " + message + " (at byte " + std::to_string(offset()) + ")");
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
  const U256 v = load_le(b);
  if (!(v < Fr::kModulus))
    return make_error(Errc::kNotCanonical, file_ + ": " + what + " is not below the scalar field modulus (at byte " +
                                               std::to_string(at) + ")");
  return Fr::from_canonical_unchecked(v);
}

Result<Fr> ByteReader::fr_montgomery(const char* what) {
  const std::uint64_t at = offset();
  ZKC_TRY(auto b, bytes(32, what));
  const U256 v = load_le(b);
  if (!(v < Fr::kModulus))
    return make_error(Errc::kNotCanonical, file_ + ": " + what + " is not below the scalar field modulus (at byte " +
                                               std::to_string(at) + ")");
  return Fr::from_raw(v);
}

Result<Fr> ByteReader::fr_montgomery_r2(const char* what) {
  ZKC_TRY(Fr v, fr_montgomery(what));
  return v * r_inverse();
}

namespace {

template <class F>
Result<F> fq_lem(ByteReader& r, const char* what) {
  const std::uint64_t at = r.offset();
  ZKC_TRY(auto b, r.bytes(32, what));
  const U256 v = load_le(b);
  if (!(v < Fq::kModulus))
    return make_error(Errc::kNotCanonical, std::string(what) + ": coordinate is not below the base field modulus (at byte " +
                                               std::to_string(at) + ")");
  return F::from_raw(v);
}

}  // namespace

Result<G1Affine> ByteReader::g1_lem(const char* what) {
  const std::uint64_t at = offset();
  ZKC_TRY(auto b, bytes(kG1Bytes, what));
  if (all_zero(b)) return G1Affine::identity();
  ByteReader sub(b, file_, at);
  ZKC_TRY(Fq x, fq_lem<Fq>(sub, what));
  ZKC_TRY(Fq y, fq_lem<Fq>(sub, what));
  const G1Affine p = G1Affine::from_xy_unchecked(x, y);
  if (!p.is_on_curve()) return error(Errc::kNotOnCurve, std::string(what) + " is not on the curve");
  return p;
}

Result<G2Affine> ByteReader::g2_lem(const char* what, bool check_subgroup) {
  const std::uint64_t at = offset();
  ZKC_TRY(auto b, bytes(kG2Bytes, what));
  if (all_zero(b)) return G2Affine::identity();
  ByteReader sub(b, file_, at);
  ZKC_TRY(Fq x0, fq_lem<Fq>(sub, what));
  ZKC_TRY(Fq x1, fq_lem<Fq>(sub, what));
  ZKC_TRY(Fq y0, fq_lem<Fq>(sub, what));
  ZKC_TRY(Fq y1, fq_lem<Fq>(sub, what));
  const G2Affine p = G2Affine::from_xy_unchecked(ff::bn254::Fq2(x0, x1), ff::bn254::Fq2(y0, y1));
  if (!p.is_on_curve()) return error(Errc::kNotOnCurve, std::string(what) + " is not on the twist");
  if (check_subgroup && !ec::bn254::is_in_subgroup_vartime(p))
    return error(Errc::kNotInSubgroup, std::string(what) + " is not in the order-r subgroup of G2");
  return p;
}

Status ByteReader::expect_end(const char* what) const {
  if (remaining() != 0)
    return error(Errc::kBadLength, std::string(what) + ": " + std::to_string(remaining()) + " unexpected trailing bytes");
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
void ByteWriter::g1_lem(const G1Affine& p) {
  if (p.is_infinity()) {
    out_.insert(out_.end(), kG1Bytes, 0);
    return;
  }
  fq_montgomery(p.x);
  fq_montgomery(p.y);
}
void ByteWriter::g2_lem(const G2Affine& p) {
  if (p.is_infinity()) {
    out_.insert(out_.end(), kG2Bytes, 0);
    return;
  }
  fq_montgomery(p.x.c0);
  fq_montgomery(p.x.c1);
  fq_montgomery(p.y.c0);
  fq_montgomery(p.y.c1);
}

Result<BinFile> BinFile::parse(std::span<const std::uint8_t> bytes, const char magic[4], std::uint32_t max_version,
                               std::string file) {
  ByteReader r(bytes, file);
  ZKC_TRY(auto m, r.bytes(4, "magic"));
  if (std::memcmp(m.data(), magic, 4) != 0)
    return make_error(Errc::kBadFormat, file + ": not a ." + std::string(magic, 4) + " file (magic bytes '" +
                                            std::string(reinterpret_cast<const char*>(m.data()), 4) + "')");
  BinFile f;
  f.file_ = file;
  ZKC_TRY(f.version_, r.u32("version"));
  if (f.version_ == 0 || f.version_ > max_version)
    return make_error(Errc::kBadFormat, file + ": unsupported version " + std::to_string(f.version_) +
                                            " (this reader knows versions 1 to " + std::to_string(max_version) + ")");
  ZKC_TRY(std::uint32_t n, r.u32("section count"));
  for (std::uint32_t i = 0; i < n; ++i) {
    ZKC_TRY(std::uint32_t type, r.u32("section type"));
    ZKC_TRY(std::uint64_t size, r.u64("section length"));
    const std::uint64_t at = r.offset();
    if (size > r.remaining())
      return make_error(Errc::kBadLength, file + ": section " + std::to_string(type) + " claims " + std::to_string(size) +
                                              " bytes but only " + std::to_string(r.remaining()) + " remain (at byte " +
                                              std::to_string(at) + ")");
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
      return make_error(Errc::kBadFormat, file_ + ": section " + std::to_string(type) + " appears more than once");
    found = &s;
  }
  if (found == nullptr) return make_error(Errc::kBadFormat, file_ + ": section " + std::to_string(type) + " is missing");
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

BinWriter::BinWriter(const char magic[4], std::uint32_t version, std::uint32_t num_sections) : announced_(num_sections) {
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

Status BinWriter::write_file(const std::string& path) { return write_file_atomic(path, finish()); }

}  // namespace zkc::groth16::formats
