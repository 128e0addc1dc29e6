// .zkey reader/writer against snarkjs 0.7.6: keys from `groth16 setup` (section order 1,2,4,3,9,8,5,6,7,10,
// no contributions) and after `zkey contribute` + `zkey beacon` (order 1..10, two contributions),
// checked value by value against `snarkjs zkey export json` of the same file, the coefficients against
// the circuit's .r1cs, byte-exact round trips, and every malformation the reader must reject.
// A synthetic key of 2^ZKC_FORMATS_ZKEY_LOG2 wires (default 2^12) measures the read time.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <tuple>

#include "formats_test_util.hpp"
#include "zkc/groth16/formats/binfile.hpp"
#include "zkc/groth16/formats/r1cs_file.hpp"
#include "zkc/groth16/formats/zkey_file.hpp"

namespace zkc::groth16::formats {
namespace {

using ff::bn254::Fq2;
using nlohmann::json;
using test::Bytes;
using test::Container;
using test::expect_error;
using test::get_u32;
using test::load_fixture;
using test::put_u32;

json load_json(const std::string& name) {
  std::ifstream in(test::fixture_path(name));
  return json::parse(in);
}

// snarkjs's JSON points are projective: [x, y, "1"], or [0, 1, 0] for infinity.
void expect_g1(const G1Affine& p, const json& j, const std::string& what) {
  if (p.is_infinity()) {
    EXPECT_EQ(j[2], "0") << what;
    return;
  }
  EXPECT_EQ(j[0], p.x.to_decimal()) << what;
  EXPECT_EQ(j[1], p.y.to_decimal()) << what;
  EXPECT_EQ(j[2], "1") << what;
}

void expect_g2(const G2Affine& p, const json& j, const std::string& what) {
  if (p.is_infinity()) {
    EXPECT_EQ(j[2][0], "0") << what;
    EXPECT_EQ(j[2][1], "0") << what;
    return;
  }
  EXPECT_EQ(j[0][0], p.x.c0.to_decimal()) << what;
  EXPECT_EQ(j[0][1], p.x.c1.to_decimal()) << what;
  EXPECT_EQ(j[1][0], p.y.c0.to_decimal()) << what;
  EXPECT_EQ(j[1][1], p.y.c1.to_decimal()) << what;
  EXPECT_EQ(j[2][0], "1") << what;
  EXPECT_EQ(j[2][1], "0") << what;
}

class ZkeyFixture : public ::testing::TestWithParam<const char*> {};

TEST_P(ZkeyFixture, MatchesSnarkjsJson) {
  const std::string c = GetParam();
  auto r = read_zkey(test::fixture_path(c + "_final.zkey"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  const ProvingKey& pk = r.value();
  const json j = load_json(c + "_final.zkey.json");
  EXPECT_EQ(j["protocol"], "groth16");
  EXPECT_EQ(j["q"], Fq::kModulus.to_decimal());
  EXPECT_EQ(j["r"], Fr::kModulus.to_decimal());
  EXPECT_EQ(pk.num_wires, j["nVars"]);
  EXPECT_EQ(pk.num_public, j["nPublic"]);
  EXPECT_EQ(pk.domain_size, j["domainSize"]);
  expect_g1(pk.alpha1, j["vk_alpha_1"], "alpha1");
  expect_g1(pk.beta1, j["vk_beta_1"], "beta1");
  expect_g1(pk.delta1, j["vk_delta_1"], "delta1");
  expect_g2(pk.beta2, j["vk_beta_2"], "beta2");
  expect_g2(pk.gamma2, j["vk_gamma_2"], "gamma2");
  expect_g2(pk.delta2, j["vk_delta_2"], "delta2");
  EXPECT_EQ(pk.gamma2, G2Affine::generator()) << "snarkjs's gamma is 1";
  ASSERT_EQ(pk.ic.size(), j["IC"].size());
  for (std::size_t i = 0; i < pk.ic.size(); ++i) expect_g1(pk.ic[i], j["IC"][i], "IC " + std::to_string(i));
  ASSERT_EQ(pk.coefficients.size(), j["ccoefs"].size());
  for (std::size_t i = 0; i < pk.coefficients.size(); ++i) {
    const Coefficient& k = pk.coefficients[i];
    const json& e = j["ccoefs"][i];
    EXPECT_EQ(k.matrix, e["matrix"]);
    EXPECT_EQ(k.constraint, e["constraint"]);
    EXPECT_EQ(k.wire, e["signal"]);
    EXPECT_EQ(k.value.to_decimal(), e["value"]) << "coefficient " << i;
  }
  ASSERT_EQ(pk.a.size(), j["A"].size());
  ASSERT_EQ(pk.b1.size(), j["B1"].size());
  ASSERT_EQ(pk.b2.size(), j["B2"].size());
  for (std::size_t i = 0; i < pk.a.size(); ++i) {
    expect_g1(pk.a[i], j["A"][i], "A " + std::to_string(i));
    expect_g1(pk.b1[i], j["B1"][i], "B1 " + std::to_string(i));
    expect_g2(pk.b2[i], j["B2"][i], "B2 " + std::to_string(i));
  }
  // snarkjs's C array is indexed by wire: entries 0..nPublic are null.
  ASSERT_EQ(j["C"].size(), pk.num_wires);
  ASSERT_EQ(pk.c.size(), pk.num_wires - pk.num_public - 1);
  for (std::size_t i = 0; i <= pk.num_public; ++i) EXPECT_TRUE(j["C"][i].is_null());
  for (std::size_t i = 0; i < pk.c.size(); ++i)
    expect_g1(pk.c[i], j["C"][pk.num_public + 1 + i], "C " + std::to_string(i));
  ASSERT_EQ(pk.h.size(), j["hExps"].size());
  for (std::size_t i = 0; i < pk.h.size(); ++i) expect_g1(pk.h[i], j["hExps"][i], "H " + std::to_string(i));
}

// The coefficient list is the A and B rows of the .r1cs plus A[nConstraints + i][i] = 1 for each
// public wire i = 0..nPublic (keys.hpp; snarkjs zkey_new.js).
TEST_P(ZkeyFixture, CoefficientsAreTheR1csRows) {
  const std::string c = GetParam();
  auto pk = read_zkey(test::fixture_path(c + "_final.zkey"));
  auto f = read_r1cs(test::fixture_path(c + ".r1cs"));
  ASSERT_TRUE(pk.ok() && f.ok());
  const r1cs::ConstraintSystem& cs = f.value().cs;
  EXPECT_EQ(pk.value().num_wires, cs.num_wires);
  EXPECT_EQ(pk.value().num_public, cs.num_public());
  using Key = std::tuple<std::uint32_t, std::uint32_t, std::uint32_t, std::string>;
  std::vector<Key> want, got;
  for (std::uint32_t i = 0; i < cs.constraints.size(); ++i) {
    for (const auto& t : cs.constraints[i].a.terms) want.emplace_back(0, i, t.wire, t.coeff.to_decimal());
    for (const auto& t : cs.constraints[i].b.terms) want.emplace_back(1, i, t.wire, t.coeff.to_decimal());
  }
  for (std::uint32_t i = 0; i <= cs.num_public(); ++i)
    want.emplace_back(0, static_cast<std::uint32_t>(cs.constraints.size()) + i, i, "1");
  for (const Coefficient& k : pk.value().coefficients)
    got.emplace_back(k.matrix, k.constraint, k.wire, k.value.to_decimal());
  std::sort(want.begin(), want.end());
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, want);
  // The domain is the smallest power of two above constraints + public inputs (zkey_new.js).
  const std::uint64_t rows = cs.constraints.size() + cs.num_public() + 1;
  EXPECT_GE(pk.value().domain_size, rows);
  EXPECT_LT(pk.value().domain_size / 2, rows);
}

TEST_P(ZkeyFixture, RoundTripIsByteExactInBothLayouts) {
  const std::string c = GetParam();
  for (const auto& [file, layout] : {std::pair{c + "_0000.zkey", ZkeyLayout::kSetup},
                                     std::pair{c + "_final.zkey", ZkeyLayout::kContributed}}) {
    const Bytes bytes = load_fixture(file);
    auto h = parse_zkey_header(bytes);
    ASSERT_TRUE(h.ok()) << h.error().message;
    EXPECT_EQ(h.value().layout, layout) << file;
    auto pk = parse_zkey(bytes, file);
    ASSERT_TRUE(pk.ok()) << pk.error().message;
    auto back = serialize_zkey(pk.value(), layout);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back.value(), bytes) << file;
    // The other layout: the same sections in the other order, read back to the same key.
    auto other = serialize_zkey(pk.value(),
                                layout == ZkeyLayout::kSetup ? ZkeyLayout::kContributed : ZkeyLayout::kSetup);
    ASSERT_TRUE(other.ok());
    EXPECT_NE(other.value(), bytes);
    EXPECT_EQ(other.value().size(), bytes.size());
    EXPECT_EQ(parse_zkey(other.value()).value(), pk.value());
  }
}

TEST_P(ZkeyFixture, HeaderAndVerifyingKey) {
  const std::string path = test::fixture_path(std::string(GetParam()) + "_final.zkey");
  auto pk = read_zkey(path);
  auto h = read_zkey_header(path);
  auto vk = read_zkey_verifying_key(path);
  ASSERT_TRUE(pk.ok() && h.ok() && vk.ok());
  EXPECT_EQ(vk.value(), pk.value().verifying_key());
  EXPECT_EQ(h.value().num_wires, pk.value().num_wires);
  EXPECT_EQ(h.value().num_public, pk.value().num_public);
  EXPECT_EQ(h.value().domain_size, pk.value().domain_size);
  EXPECT_EQ(h.value().alpha1, pk.value().alpha1);
  EXPECT_EQ(h.value().beta1, pk.value().beta1);
  EXPECT_EQ(h.value().delta1, pk.value().delta1);
  EXPECT_EQ(h.value().delta2, pk.value().delta2);
}

TEST_P(ZkeyFixture, Phase2Contributions) {
  const std::string c = GetParam();
  auto k0 = read_zkey(test::fixture_path(c + "_0000.zkey"));
  auto k2 = read_zkey(test::fixture_path(c + "_final.zkey"));
  ASSERT_TRUE(k0.ok() && k2.ok());
  EXPECT_TRUE(k0.value().phase2.contributions.empty());
  EXPECT_EQ(k0.value().delta1, G1Affine::generator()) << "a new key has delta = 1";
  EXPECT_EQ(k0.value().phase2.cs_hash, k2.value().phase2.cs_hash) << "contributions keep the circuit hash";
  const auto& cs = k2.value().phase2.contributions;
  ASSERT_EQ(cs.size(), 2u);
  EXPECT_EQ(cs[0].type, 0u);
  EXPECT_EQ(cs[0].name, "formats contribution");
  EXPECT_TRUE(cs[0].beacon_hash.empty());
  EXPECT_EQ(cs[1].type, 1u);
  EXPECT_EQ(cs[1].name, "formats beacon");
  EXPECT_EQ(cs[1].num_iterations_exp, 10);
  std::vector<std::uint8_t> hash(32);
  for (int i = 0; i < 32; ++i) hash[i] = static_cast<std::uint8_t>(i + 1);
  EXPECT_EQ(cs[1].beacon_hash, hash);
  EXPECT_EQ(cs[1].delta_after, k2.value().delta1) << "the last contribution's delta is the key's";
  // The points other than delta's are unchanged by contributions.
  EXPECT_EQ(k0.value().a, k2.value().a);
  EXPECT_EQ(k0.value().b2, k2.value().b2);
  EXPECT_EQ(k0.value().ic, k2.value().ic);
  EXPECT_NE(k0.value().h, k2.value().h);
}

TEST_P(ZkeyFixture, WriteFileThenRead) {
  auto pk = read_zkey(test::fixture_path(std::string(GetParam()) + "_final.zkey"));
  ASSERT_TRUE(pk.ok());
  test::TempDir dir;
  ASSERT_TRUE(write_zkey(pk.value(), dir.file("k.zkey")).ok());
  auto back = read_zkey(dir.file("k.zkey"));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back.value(), pk.value());
  EXPECT_FALSE(read_zkey(dir.file("missing.zkey")).ok());
}

INSTANTIATE_TEST_SUITE_P(Snarkjs, ZkeyFixture, ::testing::Values("multiplier", "pubio"));

// A point of the twist E'(Fq2) outside the order-r subgroup (the twist has cofactor > 1).
G2Affine twist_point_outside_g2() {
  for (std::uint64_t x0 = 1;; ++x0) {
    const Fq2 x(Fq::from_u64(x0), Fq::one());
    const auto y = (x.square() * x + ec::bn254::G2Config::b()).sqrt();
    if (!y) continue;
    const G2Affine p = G2Affine::from_xy_unchecked(x, *y);
    if (p.is_on_curve() && !ec::bn254::is_in_subgroup_vartime(p)) return p;
  }
}

Bytes g2_bytes(const G2Affine& p) {
  Bytes b(kG2Bytes);
  encode_g2_lem(p, b.data());
  return b;
}

class ZkeyTamper : public ::testing::Test {
 protected:
  Bytes good = load_fixture("pubio_final.zkey");
  Container c = Container::split(good);
  // Section 2 payload offsets.
  static constexpr std::size_t kVars = 72, kPublic = 76, kDomain = 80, kAlpha = 84, kBeta1 = 148,
                               kBeta2 = 212, kGamma2 = 340, kDelta1 = 468, kDelta2 = 532;
  auto parse(const Container& x) { return parse_zkey(x.join(), "t.zkey"); }
  std::string at(std::uint32_t section, std::size_t offset) const {
    return "at byte " + std::to_string(c.payload_offset(section) + offset);
  }
};

TEST_F(ZkeyTamper, FixtureIsGood) {
  ASSERT_TRUE(parse(c).ok());
  EXPECT_EQ(c.get(2).size(), kDelta2 + kG2Bytes);
}

TEST_F(ZkeyTamper, TruncationsFail) {
  // Every prefix ending at or next to a section boundary, and a sample of the others.
  std::vector<std::size_t> cuts = {0, 1, 4, 8, 11, 12};
  std::size_t pos = 12;
  for (const auto& [type, data] : c.sections) {
    for (std::size_t d : {0, 1, 4, 11, 12, 13}) cuts.push_back(pos + d);
    pos += 12 + data.size();
    cuts.push_back(pos - 1);
  }
  for (std::size_t n = 0; n < good.size(); n += 7) cuts.push_back(n);
  for (std::size_t n : cuts) {
    if (n >= good.size()) continue;
    auto r = parse_zkey(std::span(good).first(n), "t.zkey");
    ASSERT_FALSE(r.ok()) << "prefix of " << n << " bytes accepted";
    EXPECT_NE(r.error().message.find("t.zkey: "), std::string::npos);
  }
}

TEST_F(ZkeyTamper, EverySectionShortenedLengthenedMissingOrRepeated) {
  for (std::uint32_t type = 1; type <= 10; ++type) {
    const std::string t = std::to_string(type);
    Container x = c;
    x.get(type).pop_back();
    EXPECT_FALSE(parse(x).ok()) << "section " << t << " shortened";
    x = c;
    x.get(type).push_back(0);
    EXPECT_FALSE(parse(x).ok()) << "section " << t << " lengthened";
    x = c;
    x.remove(type);
    expect_error(parse(x), {"t.zkey", ("section " + t + " is missing").c_str()}, t.c_str());
    x = c;
    x.sections.push_back(x.sections[type - 1]);
    expect_error(parse(x), {("section " + t + " appears more than once").c_str()}, t.c_str());
  }
  Container x = c;
  x.sections.emplace_back(11, Bytes(4, 0));
  expect_error(parse(x), {"unknown section type 11"});
  // A whole point missing from a point section names the count.
  x = c;
  x.get(5).resize(x.get(5).size() - kG1Bytes);
  expect_error(parse(x), {"section 5 (A) points: 384 bytes, but nVars = 7 points need 448"});
  x = c;
  x.get(9).resize(x.get(9).size() - kG1Bytes);
  expect_error(parse(x), {"section 9 (H) points", "domainSize = 8"});
}

TEST_F(ZkeyTamper, ContainerAndProtocol) {
  Bytes b = good;
  std::copy_n("ptau", 4, b.begin());
  expect_error(parse_zkey(b, "t.zkey"), {"not a .zkey file (magic bytes 'ptau')"});
  Container x = c;
  x.version = 2;
  expect_error(parse(x), {"unsupported version 2"});
  x = c;
  put_u32(x.get(1), 0, 2);
  expect_error(parse(x), {"t.zkey: section 1 (protocol): this is a PLONK key", at(1, 0).c_str()});
  put_u32(x.get(1), 0, 10);
  expect_error(parse(x), {"FFLONK"});
  put_u32(x.get(1), 0, 3);
  expect_error(parse(x), {"unknown protocol id 3"});
  EXPECT_FALSE(parse_zkey_header(x.join()).ok());
}

TEST_F(ZkeyTamper, Primes) {
  Container x = c;
  x.get(2)[4] ^= 1;
  expect_error(parse(x), {"section 2 (header): q", "BN254 base field q", at(2, 4).c_str()});
  x = c;
  x.get(2)[40] ^= 1;
  expect_error(parse(x), {"section 2 (header): r", "BN254 scalar field r", at(2, 40).c_str()});
  x = c;
  put_u32(x.get(2), 0, 48);
  expect_error(parse(x), {"field elements of 48 bytes"});
}

TEST_F(ZkeyTamper, HeaderCounts) {
  Container x = c;
  put_u32(x.get(2), kPublic, 7);  // nVars = 7 cannot hold 1 + 7
  expect_error(parse(x), {"nVars = 7 leaves no room", at(2, kVars).c_str()});
  for (std::uint32_t d : {0u, 1u, 6u, 12u, 1u << 29}) {
    x = c;
    put_u32(x.get(2), kDomain, d);
    expect_error(parse(x), {"is not a power of two in [2, 2^28]"}, std::to_string(d).c_str());
  }
  x = c;
  put_u32(x.get(2), kDomain, 4);  // 4 < nPublic + 1 = 5
  expect_error(parse(x), {"smaller than nPublic + 1 = 5"});
  x = c;
  put_u32(x.get(2), kDomain, 16);  // H now has the wrong count
  expect_error(parse(x), {"section 9 (H) points"});
  x = c;
  put_u32(x.get(2), kVars, 8);  // A, B1, B2, C counts disagree
  EXPECT_FALSE(parse(x).ok());
  x = c;
  put_u32(x.get(2), kVars, 0xffffffffu);  // no huge allocation
  EXPECT_FALSE(parse(x).ok());
}

TEST_F(ZkeyTamper, HeaderPoints) {
  for (std::size_t off : {kAlpha, kBeta1, kDelta1}) {
    Container x = c;
    x.get(2)[off + 40] ^= 1;  // y changes: off the curve
    auto r = parse(x);
    expect_error(r, {"is not on the curve", at(2, off).c_str()});
    if (!r.ok()) {
      EXPECT_EQ(r.error().code, Errc::kNotOnCurve);
    }
    x = c;
    std::fill_n(x.get(2).begin() + off, kG1Bytes, 0);
    expect_error(parse(x), {"is the point at infinity"});
    x = c;
    std::fill_n(x.get(2).begin() + off + 32, 32, 0xff);
    r = parse(x);
    expect_error(r, {"coordinate y is not below the base field modulus q", at(2, off + 32).c_str()});
    if (!r.ok()) {
      EXPECT_EQ(r.error().code, Errc::kNotCanonical);
    }
  }
  const G2Affine outside = twist_point_outside_g2();
  for (std::size_t off : {kBeta2, kGamma2, kDelta2}) {
    Container x = c;
    x.get(2)[off + 100] ^= 1;
    expect_error(parse(x), {"is not on the twist", at(2, off).c_str()});
    x = c;
    const Bytes p = g2_bytes(outside);
    std::copy(p.begin(), p.end(), x.get(2).begin() + off);
    auto r = parse(x);
    expect_error(r, {"is not in the order-r subgroup of G2", at(2, off).c_str()});
    if (!r.ok()) {
      EXPECT_EQ(r.error().code, Errc::kNotInSubgroup);
    }
    x = c;
    std::fill_n(x.get(2).begin() + off, kG2Bytes, 0);
    expect_error(parse(x), {"is the point at infinity"});
  }
}

TEST_F(ZkeyTamper, SectionPoints) {
  // One bit flipped in the y coordinate of point 3 of every point section.
  for (auto [type, size, name] :
       {std::tuple{3u, kG1Bytes, "section 3 (IC) point 3"}, std::tuple{5u, kG1Bytes, "section 5 (A) point 3"},
        std::tuple{6u, kG1Bytes, "section 6 (B1) point 3"},
        std::tuple{7u, kG2Bytes, "section 7 (B2) point 3"}, std::tuple{8u, kG1Bytes, "section 8 (C) point 1"},
        std::tuple{9u, kG1Bytes, "section 9 (H) point 3"}}) {
    Container x = c;
    const std::size_t index = type == 8 ? 1 : 3;
    Bytes& s = x.get(type);
    ASSERT_FALSE(
        std::all_of(s.begin() + index * size, s.begin() + (index + 1) * size, [](auto v) { return v == 0; }))
        << name << " is infinity in the fixture";
    s[index * size + size / 2] ^= 0x01;  // the low byte of y (y.c0): off the curve, still < q
    auto r = parse(x);
    expect_error(r, {name, at(type, index * size).c_str()}, name);
    if (!r.ok()) {
      EXPECT_EQ(r.error().code, Errc::kNotOnCurve) << name;
    }
  }
  // B2 points are checked on the twist only (zkey_file.hpp): one outside G2 loads.
  Container x = c;
  const Bytes p = g2_bytes(twist_point_outside_g2());
  std::copy(p.begin(), p.end(), x.get(7).begin() + 3 * kG2Bytes);
  auto r = parse(x);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(ec::bn254::is_in_subgroup_vartime(r.value().b2[3]));
  // The lowest failing index is reported even when a later point is bad too.
  x = c;
  x.get(5)[6 * kG1Bytes + 32] ^= 1;
  x.get(5)[2 * kG1Bytes + 32] ^= 1;
  expect_error(parse(x), {"section 5 (A) point 2 is not on the curve"});
}

TEST_F(ZkeyTamper, Coefficients) {
  // Record i at 4 + 44 i: matrix, constraint, wire, value.
  Container x = c;
  put_u32(x.get(4), 4, 2);
  expect_error(parse(x),
               {"t.zkey: section 4 (coefficients): coefficient 0: matrix 2 is neither A (0) nor B (1)",
                at(4, 4).c_str()});
  x = c;
  put_u32(x.get(4), 4 + 44 * 3 + 4, 8);
  expect_error(parse(x),
               {"coefficient 3: constraint 8 is not below domainSize = 8", at(4, 4 + 44 * 3 + 4).c_str()});
  x = c;
  put_u32(x.get(4), 4 + 8, 7);
  expect_error(parse(x), {"wire 7 is not below nVars = 7"});
  x = c;
  std::fill_n(x.get(4).begin() + 4 + 12, 32, 0xff);
  expect_error(parse(x),
               {"section 4 (coefficients): coefficient 0: value is not below the scalar field modulus r"});
  x = c;
  put_u32(x.get(4), 0, get_u32(x.get(4), 0) + 1);
  expect_error(parse(x), {"section 4 (coefficients): count"});
  x = c;
  put_u32(x.get(4), 0, 0xffffffffu);
  expect_error(parse(x), {"count 4294967295"});
}

TEST_F(ZkeyTamper, Phase2Params) {
  // Section 10: csHash (64), count (4), then contributions; contribution 0 has type at 64+4+384+64.
  constexpr std::size_t kFirst = 68, kType = kFirst + 3 * 64 + 128 + 64, kParamLen = kType + 4;
  Container x = c;
  put_u32(x.get(10), 64, 3);
  expect_error(parse(x), {"3 contributions cannot fit"});
  x = c;
  put_u32(x.get(10), 64, 1);
  expect_error(parse(x), {"section 10 (MPC parameters): ", "unexpected trailing bytes"});
  x = c;
  put_u32(x.get(10), kType, 2);
  expect_error(parse(x), {"contribution 0: type 2 is neither"});
  x = c;
  put_u32(x.get(10), kType, 1);  // a beacon without its parameters
  expect_error(parse(x), {"beacon contribution without"});
  x = c;
  x.get(10)[kParamLen + 4] = 9;  // the first parameter key (1 = name)
  expect_error(parse(x), {"contribution 0: unknown parameter 9"});
  x = c;
  x.get(10)[kParamLen + 4] = 2;
  expect_error(parse(x), {"beacon parameter 2 in a contribution of type 0"});
  x = c;
  x.get(10)[kParamLen + 5] = 200;  // the name's length runs past the parameters
  expect_error(parse(x), {"truncated name"});
  x = c;
  x.get(10)[kFirst + 10] ^= 1;  // deltaAfter off the curve
  expect_error(parse(x), {"section 10 (MPC parameters): contribution 0: deltaAfter is not on the curve"});
  x = c;
  const Bytes p = g2_bytes(twist_point_outside_g2());
  std::copy(p.begin(), p.end(), x.get(10).begin() + kFirst + 3 * 64);
  expect_error(parse(x), {"contribution 0: g2_spx is not in the order-r subgroup"});
}

TEST(ZkeyWriter, RejectsInconsistentKeys) {
  auto good = read_zkey(test::fixture_path("multiplier_final.zkey"));
  ASSERT_TRUE(good.ok());
  ASSERT_TRUE(check_proving_key_shape(good.value()).ok());
  const auto bad = [&](auto mutate, const char* what) {
    ProvingKey pk = good.value();
    mutate(pk);
    EXPECT_FALSE(check_proving_key_shape(pk).ok()) << what;
    EXPECT_FALSE(serialize_zkey(pk).ok()) << what;
  };
  bad([](ProvingKey& pk) { pk.a.pop_back(); }, "a");
  bad([](ProvingKey& pk) { pk.b2.push_back(G2Affine::generator()); }, "b2");
  bad([](ProvingKey& pk) { pk.c.clear(); }, "c");
  bad([](ProvingKey& pk) { pk.h.pop_back(); }, "h");
  bad([](ProvingKey& pk) { pk.ic.pop_back(); }, "ic");
  bad([](ProvingKey& pk) { pk.domain_size = 3; }, "domain");
  bad([](ProvingKey& pk) { pk.num_public = 4; }, "num_public");
  bad([](ProvingKey& pk) { pk.coefficients[0].matrix = 2; }, "matrix");
  bad([](ProvingKey& pk) { pk.coefficients[0].wire = 4; }, "wire");
  bad([](ProvingKey& pk) { pk.coefficients[0].constraint = 4; }, "constraint");
  bad([](ProvingKey& pk) { pk.phase2.contributions[0].name.assign(256, 'x'); }, "name");
  bad([](ProvingKey& pk) { pk.phase2.contributions[0].beacon_hash = {1}; }, "beacon hash in type 0");
  bad([](ProvingKey& pk) { pk.phase2.contributions[0].type = 2; }, "type");
}

// A valid key of 2^log2n wires and domain: points [k]G from small pools (cheap to make; the reader's
// cost does not depend on them being distinct), about two coefficients per constraint.
ProvingKey synthetic_key(unsigned log2n) {
  const std::size_t n = std::size_t{1} << log2n;
  std::vector<G1Jacobian> j1(4096);
  std::vector<G2Jacobian> j2(512);
  j1[0] = G1Jacobian::generator();
  for (std::size_t i = 1; i < j1.size(); ++i) j1[i] = j1[i - 1] + G1Jacobian::generator();
  j2[0] = G2Jacobian::generator();
  for (std::size_t i = 1; i < j2.size(); ++i) j2[i] = j2[i - 1] + G2Jacobian::generator();
  std::vector<G1Affine> p1(j1.size());
  std::vector<G2Affine> p2(j2.size());
  G1Jacobian::batch_to_affine_vartime(j1, p1);
  G2Jacobian::batch_to_affine_vartime(j2, p2);
  ProvingKey pk;
  pk.num_wires = static_cast<std::uint32_t>(n);
  pk.num_public = 2;
  pk.domain_size = static_cast<std::uint32_t>(n);
  pk.alpha1 = p1[1];
  pk.beta1 = p1[2];
  pk.delta1 = p1[3];
  pk.beta2 = p2[1];
  pk.gamma2 = p2[0];
  pk.delta2 = p2[2];
  pk.ic = {p1[4], p1[5], p1[6]};
  pk.a.resize(n);
  pk.b1.resize(n);
  pk.b2.resize(n);
  pk.c.resize(n - 3);
  pk.h.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    pk.a[i] = p1[i % p1.size()];
    pk.b1[i] = p1[(7 * i + 1) % p1.size()];
    pk.b2[i] = i % 5 == 0 ? G2Affine::identity() : p2[i % p2.size()];
    pk.h[i] = p1[(3 * i + 2) % p1.size()];
    if (i < n - 3) pk.c[i] = p1[(5 * i + 3) % p1.size()];
  }
  pk.coefficients.reserve(2 * n);
  for (std::uint32_t i = 0; i + 3 < n; ++i) {
    pk.coefficients.push_back({0, i, (i * 13) % pk.num_wires, Fr::from_u64(i + 1)});
    pk.coefficients.push_back({1, i, (i * 17 + 1) % pk.num_wires, -Fr::from_u64(i)});
  }
  for (std::uint32_t i = 0; i < 3; ++i) pk.coefficients.push_back({0, pk.domain_size - 3 + i, i, Fr::one()});
  return pk;
}

TEST(ZkeyLarge, SyntheticKeyReadTime) {
  unsigned log2n = 12;
  if (const char* e = std::getenv("ZKC_FORMATS_ZKEY_LOG2")) log2n = static_cast<unsigned>(std::atoi(e));
  ASSERT_GE(log2n, 3u);
  ASSERT_LE(log2n, 24u);
  using Clock = std::chrono::steady_clock;
  const auto secs = [](Clock::time_point a) {
    return std::chrono::duration<double>(Clock::now() - a).count();
  };
  auto t = Clock::now();
  const ProvingKey pk = synthetic_key(log2n);
  const double make_s = secs(t);
  test::TempDir dir;
  const std::string path = dir.file("large.zkey");
  t = Clock::now();
  ASSERT_TRUE(write_zkey(pk, path).ok());
  const double write_s = secs(t);
  t = Clock::now();
  auto back = read_zkey(path);
  const double read_s = secs(t);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_TRUE(back.value() == pk);
  std::cout << "synthetic zkey 2^" << log2n << " (" << std::filesystem::file_size(path) / 1e6 << " MB, "
            << num_threads() << " threads): make " << make_s << " s, write " << write_s << " s, read "
            << read_s << " s\n";
}

}  // namespace
}  // namespace zkc::groth16::formats
