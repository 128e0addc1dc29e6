// Ceremony operations (ptau.hpp) against snarkjs 0.7.6's files (tests/data/groth16/ptau): our new
// and beacon reproduce snarkjs's bytes, our prepare reproduces `prepare phase2` byte for byte, our
// verify accepts snarkjs's files and our own contributions and rejects tampered points, broken
// chains and wrong Lagrange points. (That snarkjs accepts our contributions is checked outside the
// unit tests, see the README there; CI interop tests run snarkjs.)
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "testing/testing.hpp"
#include "zkc/base/io.hpp"
#include "zkc/groth16/ptau.hpp"

namespace zkc::groth16 {
namespace {

using formats::PtauFile;

std::string fixture(const std::string& name) { return testing::data_path("groth16/ptau/" + name); }

// A fresh path under the system temporary directory, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    dir_ = std::filesystem::temp_directory_path() /
           ("zkc_ptau_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++));
    std::filesystem::create_directories(dir_);
  }
  ~TempDir() { std::filesystem::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path dir_;
};

std::vector<std::uint8_t> bytes_of(const std::string& path) { return read_file(path).value(); }

PtauVerifyResult verify_bytes(const std::vector<std::uint8_t>& bytes) {
  auto f = PtauFile::parse(bytes, "mem.ptau");
  EXPECT_TRUE(f.ok()) << f.error().message;
  auto r = ptau_verify(f.value());
  EXPECT_TRUE(r.ok()) << r.error().message;
  return r.value();
}

// Replaces point `index` of a G1 section by another point on the curve (twice the original).
std::vector<std::uint8_t> tamper_g1(std::vector<std::uint8_t> bytes, std::uint32_t section,
                                    std::size_t index) {
  auto f = PtauFile::parse(bytes, "t.ptau").value();
  const G1Affine p = f.g1_points(section, index, 1).value()[0];
  const G1Affine q = p.is_infinity() ? G1Affine::generator() : p.to_jacobian().dbl().to_affine();
  const auto enc = formats::encode_g1_points(std::vector<G1Affine>{q});
  const std::size_t at = f.container().section(section).value().offset + index * 64;
  std::copy(enc.begin(), enc.end(), bytes.begin() + static_cast<std::ptrdiff_t>(at));
  return bytes;
}

TEST(PtauCeremony, NewMatchesSnarkjsByteForByte) {
  TempDir t;
  ASSERT_TRUE(ptau_new(6, t.path("new.ptau")).ok());
  EXPECT_EQ(bytes_of(t.path("new.ptau")), bytes_of(fixture("pot6_0000.ptau")));
  EXPECT_FALSE(ptau_new(0, t.path("x.ptau")).ok());
  EXPECT_FALSE(ptau_new(29, t.path("x.ptau")).ok());
}

TEST(PtauCeremony, VerifyAcceptsSnarkjsFiles) {
  for (const char* name : {"pot6_0001.ptau", "pot6_0002.ptau", "pot6_final.ptau"}) {
    auto r = ptau_verify(fixture(name));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_TRUE(r.value().valid) << name << ": " << r.value().failure;
  }
  auto final = ptau_verify(fixture("pot6_final.ptau")).value();
  EXPECT_TRUE(final.has_lagrange);
  ASSERT_EQ(final.contributions.size(), 2u);
  EXPECT_EQ(final.contributions[1].type, 1u);
  // A new file has no contribution: not valid, as snarkjs says.
  auto fresh = ptau_verify(fixture("pot6_0000.ptau"));
  ASSERT_TRUE(fresh.ok());
  EXPECT_FALSE(fresh.value().valid);
  EXPECT_NE(fresh.value().failure.find("no contributions"), std::string::npos);
}

TEST(PtauCeremony, PrepareMatchesSnarkjsByteForByte) {
  TempDir t;
  auto s = ptau_prepare(fixture("pot6_0002.ptau"), t.path("final.ptau"));
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(bytes_of(t.path("final.ptau")), bytes_of(fixture("pot6_final.ptau")));
}

TEST(PtauCeremony, BeaconMatchesSnarkjsByteForByte) {
  // The fixture's beacon: hash 0x0102...1f, 2^10 iterations (make_fixtures.sh).
  std::vector<std::uint8_t> beacon;
  for (int i = 1; i <= 31; ++i) beacon.push_back(static_cast<std::uint8_t>(i));
  TempDir t;
  auto r = ptau_beacon(fixture("pot6_0001.ptau"), t.path("b.ptau"), beacon, 10, "fixture beacon");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(bytes_of(t.path("b.ptau")), bytes_of(fixture("pot6_0002.ptau")));
  EXPECT_FALSE(ptau_beacon(fixture("pot6_0001.ptau"), t.path("c.ptau"), beacon, 9, "").ok());
}

TEST(PtauCeremony, ContributeVerifyPrepareChain) {
  TempDir t;
  // Two of our contributions on top of snarkjs's two (the input is prepared: the output is not).
  auto r1 = ptau_contribute(fixture("pot6_final.ptau"), t.path("c3.ptau"), {"third", "some entropy"});
  ASSERT_TRUE(r1.ok()) << r1.error().message;
  auto r2 = ptau_contribute(t.path("c3.ptau"), t.path("c4.ptau"), {"fourth", ""});
  ASSERT_TRUE(r2.ok()) << r2.error().message;
  auto v = ptau_verify(t.path("c4.ptau"));
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_TRUE(v.value().valid) << v.value().failure;
  EXPECT_FALSE(v.value().has_lagrange);
  ASSERT_EQ(v.value().contributions.size(), 4u);
  EXPECT_EQ(v.value().contributions[2].name, "third");
  EXPECT_EQ(v.value().contributions[3].response_hash, r2.value().response_hash);
  EXPECT_EQ(v.value().next_challenge, r2.value().next_challenge);
  EXPECT_EQ(v.value().contributions[2].next_challenge, r1.value().next_challenge);
  auto p = ptau_prepare(t.path("c4.ptau"), t.path("c4_final.ptau"));
  ASSERT_TRUE(p.ok()) << p.error().message;
  auto vp = ptau_verify(t.path("c4_final.ptau"));
  ASSERT_TRUE(vp.ok());
  EXPECT_TRUE(vp.value().valid) << vp.value().failure;
  EXPECT_TRUE(vp.value().has_lagrange);
}

TEST(PtauCeremony, FirstContributionOnANewFile) {
  TempDir t;
  ASSERT_TRUE(ptau_new(3, t.path("n.ptau")).ok());
  auto r = ptau_contribute(t.path("n.ptau"), t.path("c.ptau"), {std::string(100, 'x'), "e"});
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto v = ptau_verify(t.path("c.ptau")).value();
  EXPECT_TRUE(v.valid) << v.failure;
  EXPECT_EQ(v.contributions[0].name.size(), 64u);  // truncated like snarkjs
  // The prepared new file: tau = 1, so L_0(1) = 1 and L_i(1) = 0 for i > 0.
  ASSERT_TRUE(ptau_prepare(t.path("n.ptau"), t.path("np.ptau")).ok());
  auto f = PtauFile::open(t.path("np.ptau")).value();
  for (unsigned k = 0; k <= 3; ++k) {
    const auto l = f.lagrange_g1(formats::kPtauLagrangeTauG1, k).value();
    EXPECT_EQ(l[0], G1Affine::generator()) << k;
    for (std::size_t i = 1; i < l.size(); ++i) EXPECT_TRUE(l[i].is_infinity()) << k << " " << i;
  }
}

TEST(PtauCeremony, VerifyRejectsTamperedPoints) {
  const auto good = bytes_of(fixture("pot6_final.ptau"));
  ASSERT_TRUE(verify_bytes(good).valid);
  struct Case {
    std::uint32_t section;
    std::size_t index;
    const char* reason;
  };
  for (const Case& c :
       {Case{formats::kPtauTauG1, 0, "tauG1"}, Case{formats::kPtauTauG1, 1, "tauG1"},
        Case{formats::kPtauTauG1, 100, "tauG1"}, Case{formats::kPtauAlphaTauG1, 63, "alphaTauG1"},
        Case{formats::kPtauBetaTauG1, 0, "betaTauG1"}, Case{formats::kPtauLagrangeTauG1, 37, "Lagrange"},
        Case{formats::kPtauLagrangeAlphaTauG1, 126, "Lagrange"},
        Case{formats::kPtauLagrangeBetaTauG1, 0, "Lagrange"}}) {
    const auto r = verify_bytes(tamper_g1(good, c.section, c.index));
    EXPECT_FALSE(r.valid) << c.section << "/" << c.index;
    EXPECT_NE(r.failure.find(c.reason), std::string::npos) << r.failure;
  }
}

TEST(PtauCeremony, PointsOffTheCurveAreInvalidNotErrors) {
  auto bytes = bytes_of(fixture("pot6_final.ptau"));
  auto f = PtauFile::parse(bytes, "c.ptau").value();
  const std::size_t at =
      f.container().section(formats::kPtauLagrangeBetaTauG1).value().offset + 125 * 64 + 40;
  bytes[at] ^= 1;
  const auto r = verify_bytes(bytes);
  EXPECT_FALSE(r.valid);
  EXPECT_NE(r.failure.find("not on the curve"), std::string::npos) << r.failure;
  EXPECT_NE(r.failure.find("point 125"), std::string::npos) << r.failure;
  // A truncated file is an error (bad input), not an invalid file.
  const auto good = bytes_of(fixture("pot6_final.ptau"));
  EXPECT_FALSE(PtauFile::parse(std::vector<std::uint8_t>(good.begin(), good.end() - 1), "t.ptau").ok());
}

TEST(PtauCeremony, VerifyRejectsABrokenChain) {
  auto bytes = bytes_of(fixture("pot6_0002.ptau"));
  auto f = PtauFile::parse(bytes, "chain.ptau").value();
  auto contributions = f.contributions().value();
  // Contribution #1's next challenge is the challenge #2 proved knowledge against.
  contributions[0].next_challenge[5] ^= 1;
  auto c7 = formats::encode_ptau_contributions(contributions).value();
  const auto sec = f.container().section(formats::kPtauContributions).value();
  ASSERT_EQ(c7.size(), sec.data.size());
  std::copy(c7.begin(), c7.end(), bytes.begin() + static_cast<std::ptrdiff_t>(sec.offset));
  const auto r = verify_bytes(bytes);
  EXPECT_FALSE(r.valid);
  EXPECT_NE(r.failure.find("contribution #2"), std::string::npos) << r.failure;
  // A forged record of [tau]_1 in contribution #1.
  contributions = f.contributions().value();
  contributions[0].tau_g1 = G1Affine::generator();
  c7 = formats::encode_ptau_contributions(contributions).value();
  bytes = bytes_of(fixture("pot6_0002.ptau"));
  std::copy(c7.begin(), c7.end(), bytes.begin() + static_cast<std::ptrdiff_t>(sec.offset));
  EXPECT_FALSE(verify_bytes(bytes).valid);
  // The last contribution's next challenge no longer matches the points.
  contributions = f.contributions().value();
  contributions[1].next_challenge[0] ^= 1;
  c7 = formats::encode_ptau_contributions(contributions).value();
  bytes = bytes_of(fixture("pot6_0002.ptau"));
  std::copy(c7.begin(), c7.end(), bytes.begin() + static_cast<std::ptrdiff_t>(sec.offset));
  const auto r3 = verify_bytes(bytes);
  EXPECT_FALSE(r3.valid);
  EXPECT_NE(r3.failure.find("next challenge"), std::string::npos) << r3.failure;
}

TEST(PtauCeremony, ContributeRefusesTruncatedFiles) {
  auto bytes = bytes_of(fixture("pot6_0001.ptau"));
  bytes[24 + 40] = 7;  // ceremonyPower 7 > power 6: a truncated file
  TempDir t;
  ASSERT_TRUE(write_file_atomic(t.path("tr.ptau"), bytes).ok());
  auto r = ptau_contribute(t.path("tr.ptau"), t.path("o.ptau"), {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("truncated"), std::string::npos) << r.error().message;
  EXPECT_FALSE(ptau_contribute(t.path("missing.ptau"), t.path("o.ptau"), {}).ok());
}

TEST(PtauCeremony, SetupPointsFromAPreparedFile) {
  auto f = PtauFile::open(fixture("pot6_final.ptau")).value();
  auto p = read_setup_points(f, 4);
  ASSERT_TRUE(p.ok()) << p.error().message;
  const SetupSrs s = p.value().srs();
  EXPECT_EQ(s.lagrange_tau_g1.size(), 16u);
  EXPECT_EQ(s.lagrange_tau_g2.size(), 16u);
  EXPECT_EQ(s.lagrange_tau_g1_2n.size(), 32u);
  EXPECT_EQ(s.tau_g1.size(), 31u);
  EXPECT_EQ(s.alpha1, f.alpha_tau_g1(0, 1).value()[0]);
  EXPECT_TRUE(read_setup_points(f, 6).ok());  // 2n from section 12's top size
  EXPECT_FALSE(read_setup_points(f, 7).ok());
  EXPECT_FALSE(read_setup_points(PtauFile::open(fixture("pot6_0002.ptau")).value(), 3).ok());
}

}  // namespace
}  // namespace zkc::groth16
