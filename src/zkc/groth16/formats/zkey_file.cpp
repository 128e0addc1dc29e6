#include "zkc/groth16/formats/zkey_file.hpp"

#include <algorithm>
#include <array>
#include <tuple>

#include "zkc/base/io.hpp"
#include "zkc/groth16/formats/binfile.hpp"

namespace zkc::groth16::formats {
namespace {

constexpr char kMagic[4] = {'z', 'k', 'e', 'y'};
constexpr std::uint32_t kVersion = 1;
// Section types (snarkjs zkey_utils.js, "Format").
constexpr std::uint32_t kProtocol = 1, kHeader = 2, kIc = 3, kCoefficients = 4, kPointsA = 5, kPointsB1 = 6,
                        kPointsB2 = 7, kPointsC = 8, kPointsH = 9, kMpcParams = 10;
constexpr std::uint32_t kNumSections = 10;
// Protocol ids (snarkjs zkey_constants.js).
constexpr std::uint32_t kGroth16 = 1, kPlonk = 2, kFflonk = 10;
constexpr std::uint32_t kMaxLogDomain = 28;  // the two-adicity of BN254 Fr
constexpr std::size_t kCoefficientBytes = 12 + kFieldBytes;
// Smallest contribution: 3 G1 + 1 G2 + 64-byte transcript + u32 type + u32 parameter length.
constexpr std::size_t kMinContributionBytes = 3 * kG1Bytes + kG2Bytes + 64 + 4 + 4;

constexpr std::array<std::uint32_t, kNumSections> kContributedOrder = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
constexpr std::array<std::uint32_t, kNumSections> kSetupOrder = {1, 2, 4, 3, 9, 8, 5, 6, 7, 10};

bool is_power_of_two(std::uint32_t n) { return n != 0 && (n & (n - 1)) == 0; }

Status check_protocol(const BinFile& bin) {
  ZKC_TRY(ByteReader r, bin.reader(kProtocol));
  const std::uint64_t at = r.offset();
  ZKC_TRY(std::uint32_t protocol, r.u32("section 1 (protocol): protocol id"));
  if (Status s = r.expect_end("section 1 (protocol)"); !s) return s;
  switch (protocol) {
    case kGroth16:
      return Status::success();
    case kPlonk:
      return r.error_at(at, Errc::kBadFormat,
                        "section 1 (protocol): this is a PLONK key (protocol id 2), not Groth16");
    case kFflonk:
      return r.error_at(at, Errc::kBadFormat,
                        "section 1 (protocol): this is an FFLONK key (protocol id 10), not Groth16");
    default:
      return r.error_at(
          at, Errc::kBadFormat,
          "section 1 (protocol): unknown protocol id " + std::to_string(protocol) + " (Groth16 is 1)");
  }
}

// A verification-key point must not be the point at infinity (a key with, e.g., delta = O accepts
// forged proofs); snarkjs never writes one.
template <class Point>
Status not_infinity(const ByteReader& r, std::uint64_t at, const Point& p, const char* what) {
  if (p.is_infinity())
    return r.error_at(at, Errc::kBadFormat, std::string(what) + " is the point at infinity");
  return Status::success();
}

Result<ZkeyHeader> parse_header(const BinFile& bin) {
  if (Status s = bin.expect_known_sections(kNumSections); !s) return s.error();
  if (Status s = check_protocol(bin); !s) return s.error();
  ZKC_TRY(ByteReader r, bin.reader(kHeader));
  ZkeyHeader h;
  if (Status s = read_prime(r, Fq::kModulus, "section 2 (header): q", "the BN254 base field q"); !s)
    return s.error();
  if (Status s = read_prime(r, Fr::kModulus, "section 2 (header): r", "the BN254 scalar field r"); !s)
    return s.error();
  const std::uint64_t vars_at = r.offset();
  ZKC_TRY(h.num_wires, r.u32("section 2 (header): nVars"));
  ZKC_TRY(h.num_public, r.u32("section 2 (header): nPublic"));
  const std::uint64_t domain_at = r.offset();
  ZKC_TRY(h.domain_size, r.u32("section 2 (header): domainSize"));
  if (std::uint64_t{h.num_public} + 1 > h.num_wires)
    return r.error_at(vars_at, Errc::kBadFormat,
                      "section 2 (header): nVars = " + std::to_string(h.num_wires) +
                          " leaves no room for the one wire and nPublic = " + std::to_string(h.num_public) +
                          " public wires");
  if (!is_power_of_two(h.domain_size) || h.domain_size < 2 || h.domain_size > (1u << kMaxLogDomain))
    return r.error_at(domain_at, Errc::kBadFormat,
                      "section 2 (header): domainSize = " + std::to_string(h.domain_size) +
                          " is not a power of two in [2, 2^28]");
  if (h.domain_size < std::uint64_t{h.num_public} + 1)
    return r.error_at(
        domain_at, Errc::kBadFormat,
        "section 2 (header): domainSize = " + std::to_string(h.domain_size) +
            " is smaller than nPublic + 1 = " + std::to_string(std::uint64_t{h.num_public} + 1));
  const auto g1 = [&](G1Affine& p, const char* what) -> Status {
    const std::uint64_t at = r.offset();
    ZKC_TRY(p, r.g1_lem(what));
    return not_infinity(r, at, p, what);
  };
  const auto g2 = [&](G2Affine& p, const char* what) -> Status {
    const std::uint64_t at = r.offset();
    ZKC_TRY(p, r.g2_lem(what, /*check_subgroup=*/true));
    return not_infinity(r, at, p, what);
  };
  if (Status s = g1(h.alpha1, "section 2 (header): alpha1"); !s) return s.error();
  if (Status s = g1(h.beta1, "section 2 (header): beta1"); !s) return s.error();
  if (Status s = g2(h.beta2, "section 2 (header): beta2"); !s) return s.error();
  if (Status s = g2(h.gamma2, "section 2 (header): gamma2"); !s) return s.error();
  if (Status s = g1(h.delta1, "section 2 (header): delta1"); !s) return s.error();
  if (Status s = g2(h.delta2, "section 2 (header): delta2"); !s) return s.error();
  if (Status s = r.expect_end("section 2 (header)"); !s) return s.error();

  std::array<std::uint32_t, kNumSections> order{};
  const auto& secs = bin.sections();
  for (std::size_t i = 0; i < secs.size() && i < order.size(); ++i) order[i] = secs[i].type;
  h.layout =
      (secs.size() == kNumSections && order == kSetupOrder) ? ZkeyLayout::kSetup : ZkeyLayout::kContributed;
  return h;
}

// Section `type` holding exactly `count` points of `size` bytes: an error naming the count otherwise.
Result<ByteReader> point_section(const BinFile& bin, std::uint32_t type, std::uint64_t count,
                                 std::size_t size, const char* what, const char* count_name) {
  ZKC_TRY(ByteReader r, bin.reader(type));
  if (r.remaining() != count * size)
    return r.error(Errc::kBadLength, std::string(what) + "s: " + std::to_string(r.remaining()) +
                                         " bytes, but " + count_name + " = " + std::to_string(count) +
                                         " points need " + std::to_string(count * size));
  return r;
}

Result<std::vector<G1Affine>> read_g1_section(const BinFile& bin, std::uint32_t type, std::uint64_t count,
                                              const char* what, const char* count_name) {
  ZKC_TRY(ByteReader r, point_section(bin, type, count, kG1Bytes, what, count_name));
  return read_g1_array(r, static_cast<std::size_t>(count), what);
}

Result<VerifyingKey> parse_vk(const BinFile& bin, const ZkeyHeader& h) {
  VerifyingKey vk{h.alpha1, h.beta2, h.gamma2, h.delta2, {}};
  ZKC_TRY(vk.ic,
          read_g1_section(bin, kIc, std::uint64_t{h.num_public} + 1, "section 3 (IC) point", "nPublic + 1"));
  return vk;
}

Result<Coefficient> parse_coefficient(ByteReader& r, const ZkeyHeader& h) {
  Coefficient c;
  const std::uint64_t at = r.offset();
  ZKC_TRY(c.matrix, r.u32("matrix"));
  ZKC_TRY(c.constraint, r.u32("constraint"));
  ZKC_TRY(c.wire, r.u32("wire"));
  if (c.matrix > 1)
    return r.error_at(at, Errc::kBadFormat,
                      "matrix " + std::to_string(c.matrix) + " is neither A (0) nor B (1)");
  if (c.constraint >= h.domain_size)
    return r.error_at(at + 4, Errc::kBadFormat,
                      "constraint " + std::to_string(c.constraint) +
                          " is not below domainSize = " + std::to_string(h.domain_size));
  if (c.wire >= h.num_wires)
    return r.error_at(
        at + 8, Errc::kBadFormat,
        "wire " + std::to_string(c.wire) + " is not below nVars = " + std::to_string(h.num_wires));
  ZKC_TRY(c.value, r.fr_montgomery_r2("value"));
  return c;
}

Result<std::vector<Coefficient>> parse_coefficients(const BinFile& bin, const ZkeyHeader& h) {
  ZKC_TRY(ByteReader r, bin.reader(kCoefficients));
  const std::uint64_t at = r.offset();
  ZKC_TRY(std::uint32_t n, r.u32("section 4 (coefficients): count"));
  if (r.remaining() != std::uint64_t{n} * kCoefficientBytes)
    return r.error_at(at, Errc::kBadLength,
                      "section 4 (coefficients): count " + std::to_string(n) + " needs " +
                          std::to_string(std::uint64_t{n} * kCoefficientBytes) +
                          " bytes after it, the section has " + std::to_string(r.remaining()));
  return read_records<Coefficient>(
      r, n, kCoefficientBytes, "coefficients", [&](ByteReader& sub, std::size_t i) -> Result<Coefficient> {
        auto c = parse_coefficient(sub, h);
        if (!c.ok())
          return in_context(c.error(), bin.file(),
                            "section 4 (coefficients): coefficient " + std::to_string(i));
        return c;
      });
}

Result<Phase2Contribution> parse_contribution(ByteReader& r) {
  Phase2Contribution c;
  ZKC_TRY(c.delta_after, r.g1_lem("deltaAfter"));
  ZKC_TRY(c.g1_s, r.g1_lem("g1_s"));
  ZKC_TRY(c.g1_sx, r.g1_lem("g1_sx"));
  ZKC_TRY(c.g2_spx, r.g2_lem("g2_spx", /*check_subgroup=*/true));
  ZKC_TRY(auto transcript, r.bytes(64, "transcript"));
  std::copy(transcript.begin(), transcript.end(), c.transcript.begin());
  const std::uint64_t type_at = r.offset();
  ZKC_TRY(c.type, r.u32("type"));
  if (c.type > 1)
    return r.error_at(type_at, Errc::kBadFormat,
                      "type " + std::to_string(c.type) + " is neither 0 (contribution) nor 1 (beacon)");
  ZKC_TRY(ContributionParams params, read_contribution_params(r, c.type));
  c.name = std::move(params.name);
  c.num_iterations_exp = params.num_iterations_exp;
  c.beacon_hash = std::move(params.beacon_hash);
  return c;
}

Result<Phase2Params> parse_mpc_params(const BinFile& bin) {
  ZKC_TRY(ByteReader r, bin.reader(kMpcParams));
  Phase2Params params;
  ZKC_TRY(auto hash, r.bytes(64, "section 10 (MPC parameters): csHash"));
  std::copy(hash.begin(), hash.end(), params.cs_hash.begin());
  const std::uint64_t n_at = r.offset();
  ZKC_TRY(std::uint32_t n, r.u32("section 10 (MPC parameters): contribution count"));
  if (n > r.remaining() / kMinContributionBytes)
    return r.error_at(n_at, Errc::kBadLength,
                      "section 10 (MPC parameters): " + std::to_string(n) + " contributions cannot fit in " +
                          std::to_string(r.remaining()) + " bytes");
  params.contributions.reserve(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    auto c = parse_contribution(r);
    if (!c.ok())
      return in_context(c.error(), bin.file(),
                        "section 10 (MPC parameters): contribution " + std::to_string(i));
    params.contributions.push_back(std::move(c).value());
  }
  if (Status s = r.expect_end("section 10 (MPC parameters)"); !s) return s.error();
  return params;
}

void write_contribution(ByteWriter& w, const Phase2Contribution& c) {
  w.g1_lem(c.delta_after);
  w.g1_lem(c.g1_s);
  w.g1_lem(c.g1_sx);
  w.g2_lem(c.g2_spx);
  w.bytes(c.transcript);
  w.u32(c.type);
  write_contribution_params(w, c.type, ContributionParams{c.name, c.num_iterations_exp, c.beacon_hash});
}

Result<BinFile> parse_container(std::span<const std::uint8_t> bytes, const std::string& name) {
  return BinFile::parse(bytes, kMagic, kVersion, name);
}

}  // namespace

Result<ZkeyHeader> parse_zkey_header(std::span<const std::uint8_t> bytes, const std::string& name) {
  ZKC_TRY(BinFile bin, parse_container(bytes, name));
  return parse_header(bin);
}

Result<ZkeyHeader> read_zkey_header(const std::string& path) {
  ZKC_TRY(MappedFile file, MappedFile::open(path));
  return parse_zkey_header(file.bytes(), path);
}

Result<VerifyingKey> parse_zkey_verifying_key(std::span<const std::uint8_t> bytes, const std::string& name) {
  ZKC_TRY(BinFile bin, parse_container(bytes, name));
  ZKC_TRY(ZkeyHeader h, parse_header(bin));
  return parse_vk(bin, h);
}

Result<VerifyingKey> read_zkey_verifying_key(const std::string& path) {
  ZKC_TRY(MappedFile file, MappedFile::open(path));
  return parse_zkey_verifying_key(file.bytes(), path);
}

namespace {

// The whole key; with `map` set, each decoded section's pages of the mapped file are released at
// once, so the peak memory of reading a large key is the decoded key plus one section, not twice the
// file (MappedFile::release).
Result<ProvingKey> parse_zkey_impl(std::span<const std::uint8_t> bytes, const std::string& name, const MappedFile* map) {
  ZKC_TRY(BinFile bin, parse_container(bytes, name));
  ZKC_TRY(ZkeyHeader h, parse_header(bin));
  // Every section must be there before any large one is decoded.
  for (std::uint32_t type = 1; type <= kNumSections; ++type)
    if (auto s = bin.section(type); !s) return s.error();

  ProvingKey pk;
  pk.num_wires = h.num_wires;
  pk.num_public = h.num_public;
  pk.domain_size = h.domain_size;
  pk.alpha1 = h.alpha1;
  pk.beta1 = h.beta1;
  pk.delta1 = h.delta1;
  pk.beta2 = h.beta2;
  pk.gamma2 = h.gamma2;
  pk.delta2 = h.delta2;
  const std::uint64_t n = h.num_wires, num_private = h.num_wires - h.num_public - 1;
  // The cheap, small sections first, so a bad file fails before the large point sections are decoded.
  ZKC_TRY(pk.phase2, parse_mpc_params(bin));
  ZKC_TRY(ByteReader b2, point_section(bin, kPointsB2, n, kG2Bytes, "section 7 (B2) point", "nVars"));
  for (auto [type, count, what, count_name] :
       {std::tuple{kPointsA, n, "section 5 (A) point", "nVars"},
        std::tuple{kPointsB1, n, "section 6 (B1) point", "nVars"},
        std::tuple{kPointsC, num_private, "section 8 (C) point", "nVars - nPublic - 1"},
        std::tuple{kPointsH, std::uint64_t{h.domain_size}, "section 9 (H) point", "domainSize"}})
    if (auto r = point_section(bin, type, count, kG1Bytes, what, count_name); !r) return r.error();
  ZKC_TRY(VerifyingKey vk, parse_vk(bin, h));
  pk.ic = std::move(vk.ic);
  const auto release = [&](std::uint32_t type) {
    if (map != nullptr) map->release(bin.section(type).value().data);
  };
  ZKC_TRY(pk.coefficients, parse_coefficients(bin, h));
  release(kCoefficients);
  ZKC_TRY(pk.a, read_g1_section(bin, kPointsA, n, "section 5 (A) point", "nVars"));
  release(kPointsA);
  ZKC_TRY(pk.b1, read_g1_section(bin, kPointsB1, n, "section 6 (B1) point", "nVars"));
  release(kPointsB1);
  ZKC_TRY(pk.b2,
          read_g2_array(b2, static_cast<std::size_t>(n), "section 7 (B2) point", /*check_subgroup=*/false));
  release(kPointsB2);
  ZKC_TRY(pk.c, read_g1_section(bin, kPointsC, num_private, "section 8 (C) point", "nVars - nPublic - 1"));
  release(kPointsC);
  ZKC_TRY(pk.h, read_g1_section(bin, kPointsH, h.domain_size, "section 9 (H) point", "domainSize"));
  release(kPointsH);
  return pk;
}

}  // namespace

Result<ProvingKey> parse_zkey(std::span<const std::uint8_t> bytes, const std::string& name) {
  return parse_zkey_impl(bytes, name, nullptr);
}

Result<ProvingKey> read_zkey(const std::string& path) {
  ZKC_TRY(MappedFile file, MappedFile::open(path));
  return parse_zkey_impl(file.bytes(), path, &file);
}

Status check_proving_key_shape(const ProvingKey& pk) {
  const auto fail = [](const std::string& m) {
    return make_error(Errc::kInvalidArgument, "proving key: " + m);
  };
  if (std::uint64_t{pk.num_public} + 1 > pk.num_wires)
    return fail("num_public + 1 = " + std::to_string(std::uint64_t{pk.num_public} + 1) +
                " exceeds num_wires = " + std::to_string(pk.num_wires));
  if (!is_power_of_two(pk.domain_size) || pk.domain_size < 2 || pk.domain_size > (1u << kMaxLogDomain) ||
      pk.domain_size < std::uint64_t{pk.num_public} + 1)
    return fail("domain_size = " + std::to_string(pk.domain_size) +
                " is not a power of two in [max(2, num_public + 1), 2^28]");
  const auto count = [&](std::size_t got, std::uint64_t want, const char* what) -> Status {
    if (got != want)
      return fail(std::string(what) + " has " + std::to_string(got) + " points, expected " +
                  std::to_string(want));
    return Status::success();
  };
  for (const Status& s :
       {count(pk.ic.size(), std::uint64_t{pk.num_public} + 1, "ic"), count(pk.a.size(), pk.num_wires, "a"),
        count(pk.b1.size(), pk.num_wires, "b1"), count(pk.b2.size(), pk.num_wires, "b2"),
        count(pk.c.size(), pk.num_wires - pk.num_public - 1, "c"), count(pk.h.size(), pk.domain_size, "h")})
    if (!s) return s;
  if (pk.coefficients.size() > UINT32_MAX) return fail("too many coefficients for the format");
  for (std::size_t i = 0; i < pk.coefficients.size(); ++i) {
    const Coefficient& c = pk.coefficients[i];
    if (c.matrix > 1 || c.constraint >= pk.domain_size || c.wire >= pk.num_wires)
      return fail("coefficient " + std::to_string(i) + " (matrix " + std::to_string(c.matrix) +
                  ", constraint " + std::to_string(c.constraint) + ", wire " + std::to_string(c.wire) +
                  ") is out of range");
  }
  if (pk.phase2.contributions.size() > UINT32_MAX) return fail("too many contributions");
  for (std::size_t i = 0; i < pk.phase2.contributions.size(); ++i) {
    const Phase2Contribution& c = pk.phase2.contributions[i];
    if (c.type > 1 || c.name.size() > 255 || c.beacon_hash.size() > 255 ||
        (c.type == 0 && (c.num_iterations_exp != 0 || !c.beacon_hash.empty())))
      return fail(
          "contribution " + std::to_string(i) +
          ": type must be 0 or 1, name and beacon hash at most 255 bytes, beacon fields only in a beacon");
  }
  return Status::success();
}

Result<std::vector<std::uint8_t>> serialize_zkey(const ProvingKey& pk, ZkeyLayout layout) {
  if (Status s = check_proving_key_shape(pk); !s) return s.error();
  std::uint64_t total = 12 + 12 * kNumSections + 4 +
                        (2 * (4 + kFieldBytes) + 12 + 3 * kG1Bytes + 3 * kG2Bytes) +
                        kG1Bytes * (pk.ic.size() + pk.a.size() + pk.b1.size() + pk.c.size() + pk.h.size()) +
                        kG2Bytes * pk.b2.size() + 4 + kCoefficientBytes * pk.coefficients.size() + 64 + 4 +
                        pk.phase2.contributions.size() * (kMinContributionBytes + 300);
  BinWriter bw(kMagic, kVersion, kNumSections);
  bw.reserve(static_cast<std::size_t>(total));
  const auto& order = layout == ZkeyLayout::kSetup ? kSetupOrder : kContributedOrder;
  for (std::uint32_t type : order) {
    ByteWriter& w = bw.begin_section(type);
    switch (type) {
      case kProtocol:
        w.u32(kGroth16);
        break;
      case kHeader:
        write_prime(w, Fq::kModulus);
        write_prime(w, Fr::kModulus);
        w.u32(pk.num_wires);
        w.u32(pk.num_public);
        w.u32(pk.domain_size);
        w.g1_lem(pk.alpha1);
        w.g1_lem(pk.beta1);
        w.g2_lem(pk.beta2);
        w.g2_lem(pk.gamma2);
        w.g1_lem(pk.delta1);
        w.g2_lem(pk.delta2);
        break;
      case kIc:
        write_g1_array(w, pk.ic);
        break;
      case kCoefficients:
        w.u32(static_cast<std::uint32_t>(pk.coefficients.size()));
        for (const Coefficient& c : pk.coefficients) {
          w.u32(c.matrix);
          w.u32(c.constraint);
          w.u32(c.wire);
          w.fr_montgomery_r2(c.value);
        }
        break;
      case kPointsA:
        write_g1_array(w, pk.a);
        break;
      case kPointsB1:
        write_g1_array(w, pk.b1);
        break;
      case kPointsB2:
        write_g2_array(w, pk.b2);
        break;
      case kPointsC:
        write_g1_array(w, pk.c);
        break;
      case kPointsH:
        write_g1_array(w, pk.h);
        break;
      case kMpcParams:
        w.bytes(pk.phase2.cs_hash);
        w.u32(static_cast<std::uint32_t>(pk.phase2.contributions.size()));
        for (const Phase2Contribution& c : pk.phase2.contributions) write_contribution(w, c);
        break;
    }
    bw.end_section();
  }
  return bw.release();
}

Status write_zkey(const ProvingKey& pk, const std::string& path, ZkeyLayout layout) {
  ZKC_TRY(auto bytes, serialize_zkey(pk, layout));
  return write_file_atomic(path, bytes);
}

}  // namespace zkc::groth16::formats
