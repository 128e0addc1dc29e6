#include "zkc/groth16/formats/r1cs_file.hpp"

#include "zkc/base/io.hpp"
#include "zkc/groth16/formats/binfile.hpp"

namespace zkc::groth16::formats {
namespace {

constexpr char kMagic[4] = {'r', '1', 'c', 's'};
constexpr std::uint32_t kVersion = 1;
constexpr std::uint32_t kHeader = 1, kConstraints = 2, kWireMap = 3, kCustomGatesList = 4,
                        kCustomGatesUses = 5;
constexpr std::size_t kTermBytes = 4 + kFieldBytes;

Result<r1cs::LinearCombination> read_lc(ByteReader& r, std::uint32_t num_wires) {
  const std::uint64_t at = r.offset();
  ZKC_TRY(std::uint32_t n, r.u32("nTerms"));
  if (n > r.remaining() / kTermBytes)
    return r.error_at(at, Errc::kBadLength,
                      std::to_string(n) + " terms need " + std::to_string(std::uint64_t{n} * kTermBytes) +
                          " bytes, " + std::to_string(r.remaining()) + " left in the section");
  r1cs::LinearCombination lc;
  lc.terms.reserve(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint64_t wire_at = r.offset();
    ZKC_TRY(std::uint32_t wire, r.u32("wire index"));
    if (wire >= num_wires)
      return r.error_at(wire_at, Errc::kBadFormat,
                        "wire " + std::to_string(wire) + " is out of range (the header declares " +
                            std::to_string(num_wires) + " wires)");
    ZKC_TRY(Fr coeff, r.fr_normal("coefficient"));
    lc.terms.push_back(r1cs::Term{wire, coeff});
  }
  return lc;
}

void write_lc(ByteWriter& w, const r1cs::LinearCombination& lc) {
  w.u32(static_cast<std::uint32_t>(lc.terms.size()));
  for (const r1cs::Term& t : lc.terms) {
    w.u32(t.wire);
    w.fr_normal(t.coeff);
  }
}

}  // namespace

bool operator==(const R1csFile& x, const R1csFile& y) {
  const r1cs::ConstraintSystem &a = x.cs, &b = y.cs;
  return a.num_wires == b.num_wires && a.num_public_outputs == b.num_public_outputs &&
         a.num_public_inputs == b.num_public_inputs && a.num_private_inputs == b.num_private_inputs &&
         a.constraints == b.constraints && a.labels == b.labels && x.num_labels == y.num_labels &&
         x.wire_to_label == y.wire_to_label && x.layout == y.layout;
}

Result<R1csFile> parse_r1cs(std::span<const std::uint8_t> bytes, const std::string& name) {
  ZKC_TRY(BinFile bin, BinFile::parse(bytes, kMagic, kVersion, name));
  for (std::uint32_t custom : {kCustomGatesList, kCustomGatesUses})
    if (bin.has_section(custom))
      return make_error(Errc::kBadFormat, name + ": section " + std::to_string(custom) +
                                              " holds PLONK custom gates (circom 'pragma custom_templates'), "
                                              "which Groth16 cannot prove");
  if (Status s = bin.expect_known_sections(kWireMap); !s) return s.error();

  R1csFile f;
  const auto& secs = bin.sections();
  f.layout = (secs.size() >= 2 && secs[0].type == kHeader) ? R1csLayout::kHeaderFirst : R1csLayout::kCircom;

  // Section 1: the header.
  ZKC_TRY(ByteReader h, bin.reader(kHeader));
  if (Status s = read_prime(h, Fr::kModulus, "section 1 (header): prime", "the BN254 scalar field r"); !s)
    return s.error();
  r1cs::ConstraintSystem& cs = f.cs;
  const std::uint64_t wires_at = h.offset();
  ZKC_TRY(cs.num_wires, h.u32("section 1 (header): nWires"));
  const std::uint64_t io_at = h.offset();
  ZKC_TRY(cs.num_public_outputs, h.u32("section 1 (header): nPubOut"));
  ZKC_TRY(cs.num_public_inputs, h.u32("section 1 (header): nPubIn"));
  ZKC_TRY(cs.num_private_inputs, h.u32("section 1 (header): nPrvIn"));
  ZKC_TRY(f.num_labels, h.u64("section 1 (header): nLabels"));
  const std::uint64_t nc_at = h.offset();
  ZKC_TRY(std::uint32_t num_constraints, h.u32("section 1 (header): nConstraints"));
  if (Status s = h.expect_end("section 1 (header)"); !s) return s.error();
  if (cs.num_wires == 0)
    return h.error_at(wires_at, Errc::kBadFormat, "section 1 (header): nWires is 0 (wire 0 is the one)");
  if (std::uint64_t{1} + cs.num_public_outputs + cs.num_public_inputs + cs.num_private_inputs > cs.num_wires)
    return h.error_at(io_at, Errc::kBadFormat,
                      "section 1 (header): 1 + nPubOut + nPubIn + nPrvIn = " +
                          std::to_string(std::uint64_t{1} + cs.num_public_outputs + cs.num_public_inputs +
                                         cs.num_private_inputs) +
                          " exceeds nWires = " + std::to_string(cs.num_wires));

  // Section 2: the constraints. Each takes at least 12 bytes: bound the count before reserving.
  ZKC_TRY(ByteReader c, bin.reader(kConstraints));
  if (num_constraints > c.remaining() / 12)
    return h.error_at(nc_at, Errc::kBadLength,
                      "section 1 (header): nConstraints = " + std::to_string(num_constraints) +
                          " cannot fit in the " + std::to_string(c.remaining()) +
                          "-byte section 2 (constraints)");
  cs.constraints.reserve(num_constraints);
  for (std::uint32_t i = 0; i < num_constraints; ++i) {
    r1cs::Constraint con;
    for (auto [lc, part] : {std::pair{&con.a, "A"}, std::pair{&con.b, "B"}, std::pair{&con.c, "C"}}) {
      auto v = read_lc(c, cs.num_wires);
      if (!v.ok())
        return in_context(v.error(), name,
                          "section 2 (constraints): constraint " + std::to_string(i) + ", " + part);
      *lc = std::move(v).value();
    }
    cs.constraints.push_back(std::move(con));
  }
  if (Status s = c.expect_end("section 2 (constraints) after nConstraints constraints"); !s) return s.error();

  // Section 3 (optional in r1csfile's reader, always written by circom): the wire-to-label map.
  if (bin.has_section(kWireMap)) {
    ZKC_TRY(ByteReader m, bin.reader(kWireMap));
    if (m.remaining() != std::uint64_t{cs.num_wires} * 8)
      return m.error(Errc::kBadLength, "section 3 (wire-to-label map): " + std::to_string(m.remaining()) +
                                           " bytes for nWires = " + std::to_string(cs.num_wires) +
                                           " (expected " + std::to_string(std::uint64_t{cs.num_wires} * 8) +
                                           ")");
    f.wire_to_label.resize(cs.num_wires);
    for (std::uint32_t i = 0; i < cs.num_wires; ++i) {
      const std::uint64_t at = m.offset();
      ZKC_TRY(f.wire_to_label[i], m.u64("label id"));
      if (f.wire_to_label[i] >= f.num_labels)
        return m.error_at(at, Errc::kBadFormat,
                          "section 3 (wire-to-label map): wire " + std::to_string(i) + " has label " +
                              std::to_string(f.wire_to_label[i]) +
                              ", not below nLabels = " + std::to_string(f.num_labels));
    }
  }
  return f;
}

Result<R1csFile> read_r1cs(const std::string& path) {
  ZKC_TRY(MappedFile file, MappedFile::open(path));
  return parse_r1cs(file.bytes(), path);
}

Result<std::vector<std::uint8_t>> serialize_r1cs(const R1csFile& f) {
  const r1cs::ConstraintSystem& cs = f.cs;
  if (Status s = cs.validate(); !s) return s.error();
  if (!f.wire_to_label.empty() && f.wire_to_label.size() != cs.num_wires)
    return make_error(Errc::kInvalidArgument, "r1cs: " + std::to_string(f.wire_to_label.size()) +
                                                  " map entries for " + std::to_string(cs.num_wires) +
                                                  " wires");
  for (std::size_t i = 0; i < f.wire_to_label.size(); ++i)
    if (f.wire_to_label[i] >= f.num_labels)
      return make_error(Errc::kInvalidArgument,
                        "r1cs: wire " + std::to_string(i) + " has label " +
                            std::to_string(f.wire_to_label[i]) +
                            ", not below num_labels = " + std::to_string(f.num_labels));
  if (cs.constraints.size() > UINT32_MAX)
    return make_error(Errc::kInvalidArgument, "r1cs: too many constraints for the format");
  if (std::uint64_t{1} + cs.num_public_outputs + cs.num_public_inputs + cs.num_private_inputs > cs.num_wires)
    return make_error(Errc::kInvalidArgument, "r1cs: more inputs and outputs than wires");

  const std::uint32_t num_sections = f.wire_to_label.empty() ? 2 : 3;
  BinWriter bw(kMagic, kVersion, num_sections);
  auto write_header = [&] {
    ByteWriter& w = bw.begin_section(kHeader);
    write_prime(w, Fr::kModulus);
    w.u32(cs.num_wires);
    w.u32(cs.num_public_outputs);
    w.u32(cs.num_public_inputs);
    w.u32(cs.num_private_inputs);
    w.u64(f.num_labels);
    w.u32(static_cast<std::uint32_t>(cs.constraints.size()));
    bw.end_section();
  };
  auto write_constraints = [&] {
    ByteWriter& w = bw.begin_section(kConstraints);
    for (const r1cs::Constraint& con : cs.constraints) {
      write_lc(w, con.a);
      write_lc(w, con.b);
      write_lc(w, con.c);
    }
    bw.end_section();
  };
  if (f.layout == R1csLayout::kHeaderFirst) {
    write_header();
    write_constraints();
  } else {
    write_constraints();
    write_header();
  }
  if (!f.wire_to_label.empty()) {
    ByteWriter& w = bw.begin_section(kWireMap);
    for (std::uint64_t label : f.wire_to_label) w.u64(label);
    bw.end_section();
  }
  return bw.release();
}

Status write_r1cs(const R1csFile& f, const std::string& path) {
  ZKC_TRY(auto bytes, serialize_r1cs(f));
  return write_file_atomic(path, bytes);
}

}  // namespace zkc::groth16::formats
