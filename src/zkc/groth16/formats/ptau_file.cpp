#include "zkc/groth16/formats/ptau_file.hpp"

#include <mutex>
#include <optional>

#include "zkc/base/thread_pool.hpp"

namespace zkc::groth16::formats {

struct PtauFile::Storage {
  std::optional<MappedFile> map;
  std::vector<std::uint8_t> owned;
  std::span<const std::uint8_t> bytes() const {
    return map ? map->bytes() : std::span<const std::uint8_t>(owned);
  }
};

namespace {

constexpr char kMagic[4] = {'p', 't', 'a', 'u'};

bool is_g2_section(std::uint32_t type) {
  return type == kPtauTauG2 || type == kPtauBetaG2 || type == kPtauLagrangeTauG2;
}

std::size_t point_bytes(std::uint32_t type) { return is_g2_section(type) ? kG2Bytes : kG1Bytes; }

Error file_error(Errc code, const std::string& file, const std::string& message, std::uint64_t at) {
  return make_error(code, file + ": " + message + " (at byte " + std::to_string(at) + ")");
}

// Decodes points [begin, begin + count) of a section in parallel chunks; the first failing point
// (lowest index) is reported with its section, index and offset.
template <class P, class Decode>
Result<std::vector<P>> decode_range(const BinFile& file, std::uint32_t type, std::size_t begin,
                                    std::size_t count, Decode decode) {
  ZKC_TRY(const BinFile::Section s, file.section(type));
  const std::size_t size = point_bytes(type);
  const std::size_t available = s.data.size() / size;
  if (begin > available || count > available - begin)
    return make_error(Errc::kInvalidArgument, file.file() + ": points [" + std::to_string(begin) + ", " +
                                                  std::to_string(begin + count) + ") are outside section " +
                                                  std::to_string(type) + " (" + ptau_section_name(type) +
                                                  ") of " + std::to_string(available) + " points");
  std::vector<P> out(count);
  std::mutex mu;
  std::optional<std::pair<std::size_t, Error>> first_error;
  parallel_for(count, 1024, [&](std::size_t lo, std::size_t hi) {
    ByteReader r(s.data.subspan((begin + lo) * size, (hi - lo) * size), file.file(),
                 s.offset + (begin + lo) * size);
    for (std::size_t i = lo; i < hi; ++i) {
      Result<P> p = decode(r);
      if (!p) {
        std::lock_guard<std::mutex> lock(mu);
        if (!first_error || first_error->first > i) {
          Error e = p.error();
          e.message += " [section " + std::to_string(type) + " (" + ptau_section_name(type) + "), point " +
                       std::to_string(begin + i) + "]";
          first_error.emplace(i, std::move(e));
        }
        return;
      }
      out[i] = p.value();
    }
  });
  if (first_error) return first_error->second;
  return out;
}

Result<PtauContribution> read_contribution(ByteReader& r) {
  PtauContribution c;
  ZKC_TRY(c.tau_g1, r.g1_lem("contribution tauG1"));
  ZKC_TRY(c.tau_g2, r.g2_lem("contribution tauG2", true));
  ZKC_TRY(c.alpha_g1, r.g1_lem("contribution alphaG1"));
  ZKC_TRY(c.beta_g1, r.g1_lem("contribution betaG1"));
  ZKC_TRY(c.beta_g2, r.g2_lem("contribution betaG2", true));
  ZKC_TRY(c.key.tau.g1_s, r.g1_lem("contribution key tau.g1_s"));
  ZKC_TRY(c.key.tau.g1_sx, r.g1_lem("contribution key tau.g1_sx"));
  ZKC_TRY(c.key.alpha.g1_s, r.g1_lem("contribution key alpha.g1_s"));
  ZKC_TRY(c.key.alpha.g1_sx, r.g1_lem("contribution key alpha.g1_sx"));
  ZKC_TRY(c.key.beta.g1_s, r.g1_lem("contribution key beta.g1_s"));
  ZKC_TRY(c.key.beta.g1_sx, r.g1_lem("contribution key beta.g1_sx"));
  ZKC_TRY(c.key.tau.g2_spx, r.g2_lem("contribution key tau.g2_spx", true));
  ZKC_TRY(c.key.alpha.g2_spx, r.g2_lem("contribution key alpha.g2_spx", true));
  ZKC_TRY(c.key.beta.g2_spx, r.g2_lem("contribution key beta.g2_spx", true));
  ZKC_TRY(auto partial, r.bytes(216, "contribution partial hash"));
  std::copy(partial.begin(), partial.end(), c.partial_hash.begin());
  ZKC_TRY(auto next, r.bytes(64, "contribution next challenge"));
  std::copy(next.begin(), next.end(), c.next_challenge.begin());
  ZKC_TRY(c.type, r.u32("contribution type"));
  if (c.type > 1)
    return r.error(Errc::kBadFormat, "contribution type " + std::to_string(c.type) + " is neither 0 nor 1");
  ZKC_TRY(ContributionParams params, read_contribution_params(r, c.type));
  c.name = std::move(params.name);
  c.num_iterations_exp = params.num_iterations_exp;
  c.beacon_hash = std::move(params.beacon_hash);
  return c;
}

void put_u32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

}  // namespace

const char* ptau_section_name(std::uint32_t type) {
  switch (type) {
    case kPtauHeader:
      return "header";
    case kPtauTauG1:
      return "tauG1";
    case kPtauTauG2:
      return "tauG2";
    case kPtauAlphaTauG1:
      return "alphaTauG1";
    case kPtauBetaTauG1:
      return "betaTauG1";
    case kPtauBetaG2:
      return "betaG2";
    case kPtauContributions:
      return "contributions";
    case kPtauLagrangeTauG1:
      return "lagrange tauG1";
    case kPtauLagrangeTauG2:
      return "lagrange tauG2";
    case kPtauLagrangeAlphaTauG1:
      return "lagrange alphaTauG1";
    case kPtauLagrangeBetaTauG1:
      return "lagrange betaTauG1";
    default:
      return "unknown";
  }
}

std::size_t ptau_section_points(std::uint32_t type, unsigned power) {
  const std::size_t n = std::size_t{1} << power;
  switch (type) {
    case kPtauTauG1:
      return 2 * n - 1;
    case kPtauTauG2:
    case kPtauAlphaTauG1:
    case kPtauBetaTauG1:
      return n;
    case kPtauBetaG2:
      return 1;
    case kPtauLagrangeTauG1:
      return 4 * n - 1;
    case kPtauLagrangeTauG2:
    case kPtauLagrangeAlphaTauG1:
    case kPtauLagrangeBetaTauG1:
      return 2 * n - 1;
    default:
      return 0;
  }
}

Result<PtauFile> PtauFile::open(const std::string& path) {
  auto storage = std::make_shared<Storage>();
  ZKC_TRY(MappedFile m, MappedFile::open(path));
  storage->map.emplace(std::move(m));
  return from_storage(std::move(storage), path);
}

Result<PtauFile> PtauFile::parse(std::vector<std::uint8_t> bytes, std::string name) {
  auto storage = std::make_shared<Storage>();
  storage->owned = std::move(bytes);
  return from_storage(std::move(storage), std::move(name));
}

Result<PtauFile> PtauFile::from_storage(std::shared_ptr<const Storage> storage, std::string name) {
  PtauFile f;
  f.storage_ = std::move(storage);
  ZKC_TRY(f.container_, BinFile::parse(f.storage_->bytes(), kMagic, 1, name));
  ZKC_TRY(ByteReader h, f.container_.reader(kPtauHeader));
  ZKC_TRY(std::uint32_t n8, h.u32("header n8"));
  if (n8 != 32)
    return h.error(Errc::kBadFormat,
                   "header: field size n8 = " + std::to_string(n8) + ", expected 32 (BN254)");
  const std::uint64_t q_at = h.offset();
  ZKC_TRY(auto q, h.bytes(32, "header prime"));
  ff::U256 qv;
  for (int i = 0; i < 32; ++i) qv.limb[i / 8] |= std::uint64_t{q[i]} << (8 * (i % 8));
  if (qv != Fq::kModulus)
    return file_error(Errc::kBadFormat, name,
                      "header: the prime is not BN254's base field modulus (" + qv.to_hex() +
                          "); only bn128 ceremonies are supported",
                      q_at);
  const std::uint64_t power_at = h.offset();
  ZKC_TRY(std::uint32_t power, h.u32("header power"));
  ZKC_TRY(std::uint32_t ceremony_power, h.u32("header ceremonyPower"));
  if (Status s = h.expect_end("header"); !s) return s.error();
  if (power < 1 || power > kPtauMaxPower)
    return file_error(
        Errc::kBadFormat, name,
        "header: power " + std::to_string(power) + " is outside [1, " + std::to_string(kPtauMaxPower) + "]",
        power_at);
  if (ceremony_power < power || ceremony_power > kPtauMaxPower)
    return file_error(Errc::kBadFormat, name,
                      "header: ceremonyPower " + std::to_string(ceremony_power) + " is outside [power = " +
                          std::to_string(power) + ", " + std::to_string(kPtauMaxPower) + "]",
                      power_at + 4);
  f.power_ = power;
  f.ceremony_power_ = ceremony_power;
  // Required sections and exact lengths.
  for (std::uint32_t type :
       {kPtauTauG1, kPtauTauG2, kPtauAlphaTauG1, kPtauBetaTauG1, kPtauBetaG2, kPtauContributions,
        kPtauLagrangeTauG1, kPtauLagrangeTauG2, kPtauLagrangeAlphaTauG1, kPtauLagrangeBetaTauG1}) {
    const bool optional = type >= kPtauLagrangeTauG1;
    if (optional && !f.container_.has_section(type)) continue;
    ZKC_TRY(const BinFile::Section s, f.container_.section(type));
    if (type == kPtauContributions) continue;
    const std::uint64_t expected = std::uint64_t{ptau_section_points(type, power)} * point_bytes(type);
    if (s.data.size() != expected)
      return file_error(Errc::kBadLength, name,
                        "section " + std::to_string(type) + " (" + ptau_section_name(type) + ") has " +
                            std::to_string(s.data.size()) + " bytes, expected " + std::to_string(expected) +
                            " for power " + std::to_string(power),
                        s.offset);
  }
  return f;
}

bool PtauFile::has_lagrange() const {
  return container_.has_section(kPtauLagrangeTauG1) && container_.has_section(kPtauLagrangeTauG2) &&
         container_.has_section(kPtauLagrangeAlphaTauG1) && container_.has_section(kPtauLagrangeBetaTauG1);
}

std::span<const std::uint8_t> PtauFile::bytes() const { return storage_->bytes(); }

Result<std::span<const std::uint8_t>> PtauFile::section_payload(std::uint32_t type) const {
  ZKC_TRY(const BinFile::Section s, container_.section(type));
  return s.data;
}

Result<std::vector<G1Affine>> PtauFile::g1_points(std::uint32_t type, std::size_t begin,
                                                  std::size_t count) const {
  ZKC_ASSERT(!is_g2_section(type));
  return decode_range<G1Affine>(container_, type, begin, count,
                                [](ByteReader& r) { return r.g1_lem("G1 point"); });
}

Result<std::vector<G2Affine>> PtauFile::g2_points(std::uint32_t type, std::size_t begin, std::size_t count,
                                                  G2Check check) const {
  ZKC_ASSERT(is_g2_section(type));
  const bool subgroup = check == G2Check::kSubgroup;
  return decode_range<G2Affine>(container_, type, begin, count,
                                [subgroup](ByteReader& r) { return r.g2_lem("G2 point", subgroup); });
}

Result<std::vector<G1Affine>> PtauFile::tau_g1(std::size_t begin, std::size_t count) const {
  return g1_points(kPtauTauG1, begin, count);
}
Result<std::vector<G2Affine>> PtauFile::tau_g2(std::size_t begin, std::size_t count, G2Check check) const {
  return g2_points(kPtauTauG2, begin, count, check);
}
Result<std::vector<G1Affine>> PtauFile::alpha_tau_g1(std::size_t begin, std::size_t count) const {
  return g1_points(kPtauAlphaTauG1, begin, count);
}
Result<std::vector<G1Affine>> PtauFile::beta_tau_g1(std::size_t begin, std::size_t count) const {
  return g1_points(kPtauBetaTauG1, begin, count);
}
Result<G2Affine> PtauFile::beta_g2() const {
  ZKC_TRY(auto v, g2_points(kPtauBetaG2, 0, 1, G2Check::kSubgroup));
  return v[0];
}

Result<std::vector<PtauContribution>> PtauFile::contributions() const {
  ZKC_TRY(ByteReader r, container_.reader(kPtauContributions));
  ZKC_TRY(std::uint32_t n, r.u32("contribution count"));
  // Each contribution takes at least 5 points, the key, the hashes and 8 bytes.
  constexpr std::size_t kMinContribution =
      3 * kG1Bytes + 2 * kG2Bytes + 6 * kG1Bytes + 3 * kG2Bytes + 216 + 64 + 8;
  if (n > r.remaining() / kMinContribution)
    return r.error(Errc::kBadLength,
                   "contribution count " + std::to_string(n) + " does not fit in the section");
  std::vector<PtauContribution> out;
  out.reserve(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    auto c = read_contribution(r);
    if (!c) {
      Error e = c.error();
      e.message += " [contribution #" + std::to_string(i + 1) + "]";
      return e;
    }
    out.push_back(std::move(c).value());
  }
  if (Status s = r.expect_end("contributions section"); !s) return s.error();
  return out;
}

Result<std::size_t> PtauFile::lagrange_start(std::uint32_t type, unsigned log2_size, std::size_t begin,
                                             std::size_t count) const {
  if (!container_.has_section(type))
    return make_error(Errc::kBadFormat,
                      name() + ": section " + std::to_string(type) + " (" + ptau_section_name(type) +
                          ") is missing: the file is not prepared for phase 2 (run `zkcredit ptau "
                          "prepare`)");
  const unsigned max_log2 = type == kPtauLagrangeTauG1 ? power_ + 1 : power_;
  if (log2_size > max_log2)
    return make_error(Errc::kInvalidArgument,
                      name() + ": a domain of size 2^" + std::to_string(log2_size) +
                          " needs a ceremony of power >= " +
                          std::to_string(type == kPtauLagrangeTauG1 ? log2_size - 1 : log2_size) +
                          ", this file has power " + std::to_string(power_));
  const std::size_t size = std::size_t{1} << log2_size;
  if (begin > size || count > size - begin)
    return make_error(Errc::kInvalidArgument,
                      name() + ": points [" + std::to_string(begin) + ", " + std::to_string(begin + count) +
                          ") are outside a basis of size 2^" + std::to_string(log2_size));
  return size - 1 + begin;
}

Result<std::vector<G1Affine>> PtauFile::lagrange_tau_g1(unsigned log2_size, std::size_t begin,
                                                        std::size_t count) const {
  ZKC_TRY(std::size_t at, lagrange_start(kPtauLagrangeTauG1, log2_size, begin, count));
  return g1_points(kPtauLagrangeTauG1, at, count);
}
Result<std::vector<G2Affine>> PtauFile::lagrange_tau_g2(unsigned log2_size, std::size_t begin,
                                                        std::size_t count, G2Check check) const {
  ZKC_TRY(std::size_t at, lagrange_start(kPtauLagrangeTauG2, log2_size, begin, count));
  return g2_points(kPtauLagrangeTauG2, at, count, check);
}
Result<std::vector<G1Affine>> PtauFile::lagrange_alpha_tau_g1(unsigned log2_size, std::size_t begin,
                                                              std::size_t count) const {
  ZKC_TRY(std::size_t at, lagrange_start(kPtauLagrangeAlphaTauG1, log2_size, begin, count));
  return g1_points(kPtauLagrangeAlphaTauG1, at, count);
}
Result<std::vector<G1Affine>> PtauFile::lagrange_beta_tau_g1(unsigned log2_size, std::size_t begin,
                                                             std::size_t count) const {
  ZKC_TRY(std::size_t at, lagrange_start(kPtauLagrangeBetaTauG1, log2_size, begin, count));
  return g1_points(kPtauLagrangeBetaTauG1, at, count);
}
Result<std::vector<G1Affine>> PtauFile::lagrange_g1(std::uint32_t type, unsigned log2_size) const {
  if (type != kPtauLagrangeTauG1 && type != kPtauLagrangeAlphaTauG1 && type != kPtauLagrangeBetaTauG1)
    return make_error(Errc::kInvalidArgument,
                      "lagrange_g1: section " + std::to_string(type) + " is not a G1 Lagrange section");
  const std::size_t size = std::size_t{1} << std::min(log2_size, 63u);
  ZKC_TRY(std::size_t at, lagrange_start(type, log2_size, 0, size));
  return g1_points(type, at, size);
}
Result<std::vector<G2Affine>> PtauFile::lagrange_g2(unsigned log2_size, G2Check check) const {
  const std::size_t size = std::size_t{1} << std::min(log2_size, 63u);
  return lagrange_tau_g2(log2_size, 0, size, check);
}

// --- writing ---------------------------------------------------------------------------------

std::vector<std::uint8_t> encode_ptau_header(unsigned power, unsigned ceremony_power) {
  std::vector<std::uint8_t> out;
  put_u32(out, 32);
  const ff::U256 q = Fq::kModulus;
  for (int i = 0; i < 32; ++i) out.push_back(static_cast<std::uint8_t>(q.limb[i / 8] >> (8 * (i % 8))));
  put_u32(out, power);
  put_u32(out, ceremony_power);
  return out;
}

std::vector<std::uint8_t> encode_g1_points(std::span<const G1Affine> points) {
  std::vector<std::uint8_t> out(points.size() * kG1Bytes);
  parallel_for(points.size(), 4096, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t i = lo; i < hi; ++i) encode_g1_lem(points[i], &out[i * kG1Bytes]);
  });
  return out;
}

std::vector<std::uint8_t> encode_g2_points(std::span<const G2Affine> points) {
  std::vector<std::uint8_t> out(points.size() * kG2Bytes);
  parallel_for(points.size(), 2048, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t i = lo; i < hi; ++i) encode_g2_lem(points[i], &out[i * kG2Bytes]);
  });
  return out;
}

Result<std::vector<std::uint8_t>> encode_ptau_contributions(std::span<const PtauContribution> contributions) {
  ByteWriter w;
  w.u32(static_cast<std::uint32_t>(contributions.size()));
  for (std::size_t i = 0; i < contributions.size(); ++i) {
    const PtauContribution& c = contributions[i];
    if (c.name.size() > 255 || c.beacon_hash.size() > 255)
      return make_error(Errc::kInvalidArgument, "contribution #" + std::to_string(i + 1) +
                                                    ": name or beacon hash longer than 255 bytes");
    w.g1_lem(c.tau_g1);
    w.g2_lem(c.tau_g2);
    w.g1_lem(c.alpha_g1);
    w.g1_lem(c.beta_g1);
    w.g2_lem(c.beta_g2);
    w.g1_lem(c.key.tau.g1_s);
    w.g1_lem(c.key.tau.g1_sx);
    w.g1_lem(c.key.alpha.g1_s);
    w.g1_lem(c.key.alpha.g1_sx);
    w.g1_lem(c.key.beta.g1_s);
    w.g1_lem(c.key.beta.g1_sx);
    w.g2_lem(c.key.tau.g2_spx);
    w.g2_lem(c.key.alpha.g2_spx);
    w.g2_lem(c.key.beta.g2_spx);
    w.bytes(c.partial_hash);
    w.bytes(c.next_challenge);
    w.u32(c.type);
    write_contribution_params(w, c.type, ContributionParams{c.name, c.num_iterations_exp, c.beacon_hash});
  }
  return std::move(w.buffer());
}

std::vector<std::uint8_t> serialize_ptau(std::span<const PtauSectionData> sections) {
  BinWriter w(kMagic, 1, static_cast<std::uint32_t>(sections.size()));
  for (const auto& s : sections) {
    w.begin_section(s.type).bytes(s.payload);
    w.end_section();
  }
  return w.finish();
}

Status write_ptau_file(const std::string& path, std::span<const PtauSectionData> sections) {
  BinWriter w(kMagic, 1, static_cast<std::uint32_t>(sections.size()));
  for (const auto& s : sections) {
    w.begin_section(s.type).bytes(s.payload);
    w.end_section();
  }
  return w.write_file(path);
}

}  // namespace zkc::groth16::formats
