// .r1cs reader/writer against circom 2.2.3's output and snarkjs 0.7.6's `r1cs export json` of the
// same files (tests/data/groth16/formats/README.md), byte-exact round trips, the circom witness
// satisfying the parsed system, and every malformation the reader must reject with a clear error.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "formats_test_util.hpp"
#include "zkc/groth16/formats/r1cs_file.hpp"
#include "zkc/groth16/formats/wtns_file.hpp"

namespace zkc::groth16::formats {
namespace {

using ff::bn254::Fr;
using test::Bytes;
using test::Container;
using test::expect_error;
using test::load_fixture;
using test::put_u32;

nlohmann::json load_json(const std::string& name) {
  std::ifstream in(test::fixture_path(name));
  return nlohmann::json::parse(in);
}

// BLS12-381's scalar field r, little endian: a 32-byte prime that is not BN254's.
Bytes bls12_381_r_le() {
  const auto v = ff::U256::from_hex("0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001");
  Bytes out(32);
  for (int i = 0; i < 32; ++i) out[i] = static_cast<std::uint8_t>(v.limb[i / 8] >> (8 * (i % 8)));
  return out;
}

class R1csFixture : public ::testing::TestWithParam<const char*> {};

TEST_P(R1csFixture, MatchesSnarkjsJson) {
  const std::string c = GetParam();
  auto f = read_r1cs(test::fixture_path(c + ".r1cs"));
  ASSERT_TRUE(f.ok()) << f.error().message;
  const nlohmann::json j = load_json(c + ".r1cs.json");
  const r1cs::ConstraintSystem& cs = f.value().cs;
  EXPECT_EQ(j["n8"], 32);
  EXPECT_EQ(j["prime"], Fr::kModulus.to_decimal());
  EXPECT_EQ(cs.num_wires, j["nVars"]);
  EXPECT_EQ(cs.num_public_outputs, j["nOutputs"]);
  EXPECT_EQ(cs.num_public_inputs, j["nPubInputs"]);
  EXPECT_EQ(cs.num_private_inputs, j["nPrvInputs"]);
  EXPECT_EQ(f.value().num_labels, j["nLabels"]);
  ASSERT_EQ(cs.constraints.size(), j["nConstraints"]);
  ASSERT_EQ(cs.constraints.size(), j["constraints"].size());
  EXPECT_TRUE(cs.labels.empty());
  for (std::size_t i = 0; i < cs.constraints.size(); ++i) {
    const r1cs::LinearCombination* lcs[3] = {&cs.constraints[i].a, &cs.constraints[i].b,
                                             &cs.constraints[i].c};
    for (int k = 0; k < 3; ++k) {
      std::map<std::string, std::string> ours;
      for (const r1cs::Term& t : lcs[k]->terms) ours[std::to_string(t.wire)] = t.coeff.to_decimal();
      EXPECT_EQ(ours.size(), lcs[k]->terms.size()) << "circom writes each wire once per linear combination";
      std::map<std::string, std::string> theirs;
      for (const auto& [wire, coeff] : j["constraints"][i][k].items())
        theirs[wire] = coeff.get<std::string>();
      EXPECT_EQ(ours, theirs) << "constraint " << i << " part " << k;
    }
  }
  EXPECT_EQ(f.value().wire_to_label, j["map"].get<std::vector<std::uint64_t>>());
  EXPECT_EQ(f.value().layout, R1csLayout::kCircom);
  EXPECT_TRUE(cs.validate().ok());
}

TEST_P(R1csFixture, RoundTripIsByteExact) {
  const Bytes bytes = load_fixture(std::string(GetParam()) + ".r1cs");
  auto f = parse_r1cs(bytes, "fixture.r1cs");
  ASSERT_TRUE(f.ok()) << f.error().message;
  auto back = serialize_r1cs(f.value());
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back.value(), bytes);

  // The header-first order of iden3/r1csfile's writer: same sections, other order; read back equal.
  R1csFile g = f.value();
  g.layout = R1csLayout::kHeaderFirst;
  auto hf = serialize_r1cs(g);
  ASSERT_TRUE(hf.ok());
  Container cont = Container::split(hf.value());
  ASSERT_EQ(cont.sections.size(), 3u);
  EXPECT_EQ(cont.sections[0].first, 1u);
  EXPECT_EQ(cont.sections[1].first, 2u);
  EXPECT_NE(hf.value(), bytes);
  auto g2 = parse_r1cs(hf.value());
  ASSERT_TRUE(g2.ok()) << g2.error().message;
  EXPECT_EQ(g2.value(), g);

  // Without the wire map (section 3 is optional for r1csfile's reader).
  Container no_map = Container::split(bytes);
  no_map.remove(3);
  auto nm = parse_r1cs(no_map.join());
  ASSERT_TRUE(nm.ok()) << nm.error().message;
  EXPECT_TRUE(nm.value().wire_to_label.empty());
  EXPECT_EQ(serialize_r1cs(nm.value()).value(), no_map.join());
}

TEST_P(R1csFixture, CircomWitnessSatisfiesIt) {
  const std::string c = GetParam();
  auto f = read_r1cs(test::fixture_path(c + ".r1cs"));
  auto w = read_wtns(test::fixture_path(c + ".wtns"));
  ASSERT_TRUE(f.ok() && w.ok());
  EXPECT_TRUE(r1cs::check(f.value().cs, w.value()).ok());
  // A violating witness: change the first output (wire 1); some constraint must fail.
  std::vector<Fr> bad = w.value();
  bad[1] += Fr::one();
  const Status s = r1cs::check(f.value().cs, bad);
  EXPECT_FALSE(s.ok());
}

TEST_P(R1csFixture, WriteFileThenRead) {
  auto f = read_r1cs(test::fixture_path(std::string(GetParam()) + ".r1cs"));
  ASSERT_TRUE(f.ok());
  test::TempDir dir;
  ASSERT_TRUE(write_r1cs(f.value(), dir.file("x.r1cs")).ok());
  auto g = read_r1cs(dir.file("x.r1cs"));
  ASSERT_TRUE(g.ok()) << g.error().message;
  EXPECT_EQ(g.value(), f.value());
}

INSTANTIATE_TEST_SUITE_P(Circom, R1csFixture, ::testing::Values("multiplier", "pubio"));

class R1csTamper : public ::testing::Test {
 protected:
  Bytes good = load_fixture("pubio.r1cs");
  Container c = Container::split(good);
  // Header section payload offsets (after n8 and the prime).
  [[maybe_unused]] static constexpr std::size_t kWires = 36, kPubOut = 40, kPubIn = 44, kPrvIn = 48, kLabels = 52, kCount = 60;
  auto parse(const Container& x) { return parse_r1cs(x.join(), "t.r1cs"); }
};

TEST_F(R1csTamper, EveryTruncationFails) {
  for (std::size_t n = 0; n < good.size(); ++n) {
    auto r = parse_r1cs(std::span(good).first(n), "t.r1cs");
    ASSERT_FALSE(r.ok()) << "prefix of " << n << " bytes accepted";
    EXPECT_NE(r.error().message.find("t.r1cs: "), std::string::npos) << r.error().message;
  }
  auto longer = good;
  longer.push_back(0);
  expect_error(parse_r1cs(longer, "t.r1cs"), {"t.r1cs", "1 unexpected trailing bytes", "at byte 672"});
}

TEST_F(R1csTamper, SectionShortenedOrLengthened) {
  for (std::uint32_t type : {1u, 2u, 3u}) {
    Container x = c;
    x.get(type).pop_back();
    EXPECT_FALSE(parse(x).ok()) << "section " << type << " shortened";
    x = c;
    x.get(type).push_back(0);
    EXPECT_FALSE(parse(x).ok()) << "section " << type << " lengthened";
  }
}

TEST_F(R1csTamper, ContainerErrors) {
  Bytes b = good;
  b[0] = 'x';
  expect_error(parse_r1cs(b, "t.r1cs"), {"t.r1cs", "not a .r1cs file", "x1cs"});
  b = good;
  put_u32(b, 4, 2);
  expect_error(parse_r1cs(b, "t.r1cs"), {"unsupported version 2", "at byte 4"});
  put_u32(b, 4, 0);
  expect_error(parse_r1cs(b, "t.r1cs"), {"unsupported version 0"});
  b = good;
  put_u32(b, 8, 0xffffffffu);  // a huge section count must not be reserved
  expect_error(parse_r1cs(b, "t.r1cs"), {"4294967295 sections announced"});
  b = good;
  test::put_u64(b, 16, ~std::uint64_t{0});  // first section's length
  expect_error(parse_r1cs(b, "t.r1cs"), {"claims 18446744073709551615 bytes", "at byte 16"});
}

TEST_F(R1csTamper, MissingDuplicatedUnknownSections) {
  for (std::uint32_t type : {1u, 2u}) {
    Container x = c;
    x.remove(type);
    expect_error(parse(x), {"t.r1cs", ("section " + std::to_string(type) + " is missing").c_str()});
  }
  Container x = c;
  x.sections.push_back(x.sections[1]);
  expect_error(parse(x), {"appears more than once"});
  x = c;
  x.sections.emplace_back(6, Bytes{});
  expect_error(parse(x), {"unknown section type 6"});
  for (std::uint32_t custom : {4u, 5u}) {
    x = c;
    x.sections.emplace_back(custom, Bytes(4, 0));
    expect_error(parse(x), {"custom gates", "Groth16"});
  }
}

TEST_F(R1csTamper, WrongField) {
  Container x = c;
  Bytes& h = x.get(1);
  std::copy_n(bls12_381_r_le().begin(), 32, h.begin() + 4);
  const std::string at = "at byte " + std::to_string(c.payload_offset(1) + 4);
  expect_error(parse(x), {"t.r1cs", "section 1 (header): prime",
                          "52435875175126190479447740508185965837690552500527637822603658699938581184513",
                          "BN254 scalar field r", at.c_str()});
  x = c;
  put_u32(x.get(1), 0, 48);
  expect_error(parse(x), {"field elements of 48 bytes"});
}

TEST_F(R1csTamper, HeaderCounts) {
  Container x = c;
  put_u32(x.get(1), kWires, 0);
  expect_error(parse(x), {"nWires is 0"});
  x = c;
  put_u32(x.get(1), kPrvIn, 3);  // 1 + 2 + 2 + 3 = 8 > 7 wires
  expect_error(parse(x), {"exceeds nWires = 7"});
  x = c;
  put_u32(x.get(1), kPubOut, 0xffffffffu);
  expect_error(parse(x), {"exceeds nWires"});
  x = c;
  put_u32(x.get(1), kCount, 0xffffffffu);  // would reserve 2^32 constraints
  expect_error(parse(x), {"nConstraints = 4294967295 cannot fit"});
  x = c;
  put_u32(x.get(1), kCount, 4);  // one more than present
  expect_error(parse(x), {"truncated"});
  x = c;
  put_u32(x.get(1), kCount, 2);  // one fewer: the rest is trailing
  expect_error(parse(x),
               {"section 2 (constraints) after nConstraints constraints: 156 unexpected trailing bytes"});
  x = c;
  put_u32(x.get(1), kWires, 6);  // the map no longer matches, and wire 6 is used
  EXPECT_FALSE(parse(x).ok());
  x = c;
  test::put_u64(x.get(1), kLabels, 8);  // label 8 (wire 6) is no longer below nLabels
  expect_error(parse(x), {"wire 6 has label 8, not below nLabels = 8"});
}

TEST_F(R1csTamper, ConstraintTerms) {
  // Constraint 0, A: nTerms at 0, wire at 4, coefficient at 8.
  Container x = c;
  put_u32(x.get(2), 4, 7);
  const std::string at = "at byte " + std::to_string(c.payload_offset(2) + 4);
  expect_error(parse(x),
               {"section 2 (constraints): constraint 0, A: wire 7 is out of range", "7 wires", at.c_str()});
  x = c;
  std::fill_n(x.get(2).begin() + 8, 32, 0xff);
  expect_error(parse(x), {"constraint 0, A: coefficient is not below the scalar field modulus r"});
  x = c;
  put_u32(x.get(2), 0, 0x10000000u);  // 2^28 terms would be 9.6 GB
  expect_error(parse(x), {"268435456 terms need"});
  // Coefficient r itself (not canonical) is refused; r - 1 is fine.
  x = c;
  Bytes& s2 = x.get(2);
  for (int i = 0; i < 32; ++i)
    s2[8 + i] = static_cast<std::uint8_t>(Fr::kModulus.limb[i / 8] >> (8 * (i % 8)));
  EXPECT_EQ(parse(x).ok(), false);
  s2[8] -= 1;
  EXPECT_TRUE(parse(x).ok());
}

TEST(R1csWriter, RejectsInconsistentSystems) {
  R1csFile f;
  f.cs.num_wires = 3;
  f.num_labels = 3;
  f.cs.constraints.push_back({{{{1, Fr::one()}}}, {{{2, Fr::one()}}}, {{{3, Fr::one()}}}});
  EXPECT_FALSE(serialize_r1cs(f).ok());  // wire 3 of 3
  f.cs.constraints[0].c.terms[0].wire = 0;
  EXPECT_TRUE(serialize_r1cs(f).ok());
  f.wire_to_label = {0, 1};
  EXPECT_FALSE(serialize_r1cs(f).ok());  // map of the wrong length
  f.wire_to_label = {0, 1, 3};
  EXPECT_FALSE(serialize_r1cs(f).ok());  // label 3 of 3
  f.wire_to_label = {0, 1, 2};
  auto b = serialize_r1cs(f);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(parse_r1cs(b.value()).value(), f);
  EXPECT_FALSE(write_r1cs(f, "/nonexistent-dir/x.r1cs").ok());
  EXPECT_FALSE(read_r1cs("/nonexistent-dir/x.r1cs").ok());
}

}  // namespace
}  // namespace zkc::groth16::formats
