// .ptau reading and writing (formats/ptau_file.hpp) on files made by snarkjs 0.7.6
// (tests/data/groth16/ptau/README.md), plus truncated, re-powered and otherwise broken copies.
#include "zkc/groth16/formats/ptau_file.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "testing/testing.hpp"
#include "zkc/base/io.hpp"

namespace zkc::groth16::formats {
namespace {

std::string fixture(const std::string& name) { return testing::data_path("groth16/ptau/" + name); }

std::vector<std::uint8_t> fixture_bytes(const std::string& name) { return read_file(fixture(name)).value(); }

void put_u32(std::vector<std::uint8_t>& b, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<std::uint8_t>(v >> (8 * i));
}

TEST(PtauFile, NewFileHasGeneratorsEverywhere) {
  // `powersoftau new` sets tau = alpha = beta = 1: every point is its group's generator.
  auto f = PtauFile::open(fixture("pot6_0000.ptau"));
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f.value().power(), 6u);
  EXPECT_EQ(f.value().ceremony_power(), 6u);
  EXPECT_FALSE(f.value().has_lagrange());
  EXPECT_TRUE(f.value().contributions().value().empty());
  const auto tau_g1 = f.value().tau_g1(0, 127).value();
  const auto tau_g2 = f.value().tau_g2(0, 64).value();
  const auto alpha = f.value().alpha_tau_g1(0, 64).value();
  const auto beta = f.value().beta_tau_g1(0, 64).value();
  for (const auto& p : tau_g1) EXPECT_EQ(p, G1Affine::generator());
  for (const auto& p : tau_g2) EXPECT_EQ(p, G2Affine::generator());
  for (const auto& p : alpha) EXPECT_EQ(p, G1Affine::generator());
  for (const auto& p : beta) EXPECT_EQ(p, G1Affine::generator());
  EXPECT_EQ(f.value().beta_g2().value(), G2Affine::generator());
}

TEST(PtauFile, PreparedFileSectionsAndContributions) {
  auto f = PtauFile::open(fixture("pot6_final.ptau"));
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_TRUE(f.value().has_lagrange());
  auto c = f.value().contributions();
  ASSERT_TRUE(c.ok()) << c.error().message;
  ASSERT_EQ(c.value().size(), 2u);
  EXPECT_EQ(c.value()[0].name, "fixture contribution");
  EXPECT_EQ(c.value()[0].type, 0u);
  EXPECT_EQ(c.value()[1].name, "fixture beacon");
  EXPECT_EQ(c.value()[1].type, 1u);
  EXPECT_EQ(c.value()[1].num_iterations_exp, 10);
  ASSERT_EQ(c.value()[1].beacon_hash.size(), 31u);
  EXPECT_EQ(c.value()[1].beacon_hash[0], 0x01);
  EXPECT_EQ(c.value()[1].beacon_hash[30], 0x1f);
  // The contribution record repeats the file's first points.
  const auto tau = f.value().tau_g1(0, 2).value();
  EXPECT_EQ(tau[0], G1Affine::generator());
  EXPECT_EQ(tau[1], c.value()[1].tau_g1);
  EXPECT_EQ(f.value().alpha_tau_g1(0, 1).value()[0], c.value()[1].alpha_g1);
  // Lagrange ranges: size 2^0 is the first power itself; section 12 goes up to power + 1.
  EXPECT_EQ(f.value().lagrange_tau_g1(0, 0, 1).value()[0], G1Affine::generator());
  EXPECT_EQ(f.value().lagrange_tau_g1(7, 0, 128).value().size(), 128u);
  const auto whole = f.value().lagrange_g2(6).value();
  EXPECT_EQ(f.value().lagrange_tau_g2(6, 60, 4).value(),
            std::vector<G2Affine>(whole.begin() + 60, whole.end()));
}

TEST(PtauFile, RangeErrors) {
  auto f = PtauFile::open(fixture("pot6_final.ptau")).value();
  auto e1 = f.lagrange_tau_g2(7, 0, 1);
  ASSERT_FALSE(e1.ok());
  EXPECT_NE(e1.error().message.find("power"), std::string::npos) << e1.error().message;
  EXPECT_FALSE(f.lagrange_tau_g1(3, 5, 4).ok());  // past the end of a size-8 basis
  EXPECT_FALSE(f.tau_g1(100, 28).ok());           // 127 points
  EXPECT_TRUE(f.tau_g1(100, 27).ok());
  auto unprepared = PtauFile::open(fixture("pot6_0001.ptau")).value();
  auto e2 = unprepared.lagrange_tau_g1(3, 0, 8);
  ASSERT_FALSE(e2.ok());
  EXPECT_NE(e2.error().message.find("prepare"), std::string::npos) << e2.error().message;
}

TEST(PtauFile, RoundTripIsByteExact) {
  const auto bytes = fixture_bytes("pot6_final.ptau");
  auto f = PtauFile::parse(bytes, "pot6_final.ptau").value();
  auto contributions = encode_ptau_contributions(f.contributions().value()).value();
  EXPECT_EQ(contributions, std::vector<std::uint8_t>(f.section_payload(kPtauContributions).value().begin(),
                                                     f.section_payload(kPtauContributions).value().end()));
  const auto header = encode_ptau_header(6, 6);
  std::vector<std::vector<std::uint8_t>> payloads;
  payloads.push_back(encode_g1_points(f.tau_g1(0, 127).value()));
  payloads.push_back(encode_g2_points(f.tau_g2(0, 64).value()));
  payloads.push_back(encode_g1_points(f.alpha_tau_g1(0, 64).value()));
  payloads.push_back(encode_g1_points(f.beta_tau_g1(0, 64).value()));
  payloads.push_back(encode_g2_points(std::vector<G2Affine>{f.beta_g2().value()}));
  payloads.push_back(contributions);
  payloads.push_back(encode_g1_points(f.g1_points(kPtauLagrangeTauG1, 0, 255).value()));
  payloads.push_back(encode_g2_points(f.g2_points(kPtauLagrangeTauG2, 0, 127, G2Check::kSubgroup).value()));
  payloads.push_back(encode_g1_points(f.g1_points(kPtauLagrangeAlphaTauG1, 0, 127).value()));
  payloads.push_back(encode_g1_points(f.g1_points(kPtauLagrangeBetaTauG1, 0, 127).value()));
  std::vector<PtauSectionData> sections = {{kPtauHeader, header}};
  const std::uint32_t types[] = {2, 3, 4, 5, 6, 7, 12, 13, 14, 15};
  for (std::size_t i = 0; i < payloads.size(); ++i) sections.push_back({types[i], payloads[i]});
  EXPECT_EQ(serialize_ptau(sections), bytes);
}

TEST(PtauFile, TruncationIsAnErrorWithFileAndOffset) {
  const auto bytes = fixture_bytes("pot6_0001.ptau");
  for (std::size_t cut :
       {std::size_t{3}, std::size_t{11}, std::size_t{40}, std::size_t{5000}, bytes.size() - 1}) {
    auto f = PtauFile::parse(
        std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(cut)),
        "cut.ptau");
    ASSERT_FALSE(f.ok()) << cut;
    EXPECT_NE(f.error().message.find("cut.ptau"), std::string::npos) << f.error().message;
    EXPECT_NE(f.error().message.find("byte"), std::string::npos) << f.error().message;
  }
}

TEST(PtauFile, WrongPowerNamesTheSectionAndSizes) {
  auto bytes = fixture_bytes("pot6_0001.ptau");
  // Header payload at 12 + 12: n8 (4), q (32), power, ceremonyPower.
  put_u32(bytes, 24 + 36, 7);
  put_u32(bytes, 24 + 40, 7);
  auto f = PtauFile::parse(bytes, "p7.ptau");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().code, Errc::kBadLength);
  EXPECT_NE(f.error().message.find("section 2 (tauG1)"), std::string::npos) << f.error().message;
  EXPECT_NE(f.error().message.find("power 7"), std::string::npos) << f.error().message;
  put_u32(bytes, 24 + 36, 29);
  EXPECT_FALSE(PtauFile::parse(bytes, "p29.ptau").ok());
  put_u32(bytes, 24 + 36, 6);
  put_u32(bytes, 24 + 40, 5);  // ceremonyPower below power
  EXPECT_FALSE(PtauFile::parse(bytes, "c5.ptau").ok());
}

TEST(PtauFile, WrongMagicPrimeAndPointsAreErrors) {
  auto bytes = fixture_bytes("pot6_0001.ptau");
  auto bad_magic = bytes;
  bad_magic[0] = 'z';
  EXPECT_FALSE(PtauFile::parse(bad_magic, "m.ptau").ok());
  auto bad_prime = bytes;
  bad_prime[24 + 4] ^= 1;
  auto e = PtauFile::parse(bad_prime, "q.ptau");
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().message.find("prime"), std::string::npos);
  // A tauG1 point moved off the curve: the file opens (points are decoded lazily), the read fails
  // naming the section and the point.
  auto f0 = PtauFile::parse(bytes, "x.ptau").value();
  const std::uint64_t at = f0.container().section(kPtauTauG1).value().offset + 5 * 64;
  auto off_curve = bytes;
  off_curve[at + 40] ^= 1;
  auto f = PtauFile::parse(off_curve, "x.ptau").value();
  auto r = f.tau_g1(0, 127);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("point 5"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("tauG1"), std::string::npos) << r.error().message;
  // A contributions section with a broken parameter list.
  auto f1 = PtauFile::parse(bytes, "y.ptau").value();
  const auto sec = f1.container().section(kPtauContributions).value();
  auto bad_params = bytes;
  // The name parameter starts right after type (4) and params length (4) at the end of the record.
  const std::size_t params_at = sec.offset + 4 + 3 * 64 + 2 * 128 + 6 * 64 + 3 * 128 + 216 + 64 + 8;
  bad_params[params_at] = 9;  // unknown parameter type
  auto c = PtauFile::parse(bad_params, "y.ptau").value().contributions();
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("unknown parameter"), std::string::npos) << c.error().message;
}

}  // namespace
}  // namespace zkc::groth16::formats
