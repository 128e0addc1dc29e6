// .wtns reader/writer against circom 2.2.3's witness calculator output and snarkjs 0.7.6's
// `wtns export json` of the same files (tests/data/groth16/formats/README.md).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "formats_test_util.hpp"
#include "zkc/groth16/formats/wtns_file.hpp"

namespace zkc::groth16::formats {
namespace {

using ff::bn254::Fr;
using test::Bytes;
using test::Container;
using test::expect_error;
using test::load_fixture;
using test::put_u32;

class WtnsFixture : public ::testing::TestWithParam<const char*> {};

TEST_P(WtnsFixture, MatchesSnarkjsJson) {
  const std::string c = GetParam();
  auto w = read_wtns(test::fixture_path(c + ".wtns"));
  ASSERT_TRUE(w.ok()) << w.error().message;
  std::ifstream in(test::fixture_path(c + ".wtns.json"));
  const auto j = nlohmann::json::parse(in).get<std::vector<std::string>>();
  ASSERT_EQ(w.value().size(), j.size());
  for (std::size_t i = 0; i < j.size(); ++i) EXPECT_EQ(w.value()[i].to_decimal(), j[i]) << "value " << i;
  EXPECT_EQ(w.value()[0], Fr::one());
}

TEST_P(WtnsFixture, RoundTripIsByteExact) {
  const Bytes bytes = load_fixture(std::string(GetParam()) + ".wtns");
  auto w = parse_wtns(bytes);
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(serialize_wtns(w.value()), bytes);
  test::TempDir dir;
  ASSERT_TRUE(write_wtns(w.value(), dir.file("w.wtns")).ok());
  auto back = read_wtns(dir.file("w.wtns"));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back.value(), w.value());
}

INSTANTIATE_TEST_SUITE_P(Circom, WtnsFixture, ::testing::Values("multiplier", "pubio"));

TEST(WtnsValues, KnownMultiplierWitness) {
  // multiplier_input.json: a = 3, b = 11; circom's layout [1, c, a, b].
  auto w = read_wtns(test::fixture_path("multiplier.wtns"));
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w.value(), (std::vector<Fr>{Fr::one(), Fr::from_u64(33), Fr::from_u64(3), Fr::from_u64(11)}));
}

TEST(WtnsValues, EdgeValuesRoundTrip) {
  const std::vector<Fr> w = {Fr::one(), Fr::zero(), -Fr::one(), Fr::from_u64(2).inverse(), Fr::random()};
  const Bytes b = serialize_wtns(w);
  EXPECT_EQ(b.size(), 76 + 32 * w.size());
  EXPECT_EQ(parse_wtns(b).value(), w);
  EXPECT_EQ(serialize_wtns(std::vector<Fr>{}).size(), 76u);
  EXPECT_TRUE(parse_wtns(serialize_wtns(std::vector<Fr>{})).value().empty());
}

class WtnsTamper : public ::testing::Test {
 protected:
  Bytes good = load_fixture("pubio.wtns");
  Container c = Container::split(good);
  auto parse(const Container& x) { return parse_wtns(x.join(), "t.wtns"); }
};

TEST_F(WtnsTamper, EveryTruncationFails) {
  for (std::size_t n = 0; n < good.size(); ++n)
    EXPECT_FALSE(parse_wtns(std::span(good).first(n), "t.wtns").ok()) << "prefix of " << n << " bytes";
}

TEST_F(WtnsTamper, Versions) {
  Container x = c;
  x.version = 1;  // snarkjs reads version 1 the same way
  ASSERT_TRUE(parse(x).ok());
  x.version = 3;
  expect_error(parse(x), {"t.wtns", "unsupported version 3"});
}

TEST_F(WtnsTamper, CountAndSections) {
  Container x = c;
  put_u32(x.get(1), 36, 8);
  expect_error(parse(x), {"nWitness = 8 needs 256 bytes, section 2 (values) has 224"});
  put_u32(x.get(1), 36, 0xffffffffu);
  expect_error(parse(x), {"nWitness = 4294967295"});
  x = c;
  x.get(2).resize(x.get(2).size() - 32);
  expect_error(parse(x), {"nWitness = 7"});
  x = c;
  x.get(1).push_back(0);
  expect_error(parse(x), {"section 1 (header): 1 unexpected trailing bytes"});
  x = c;
  x.remove(2);
  expect_error(parse(x), {"section 2 is missing"});
  x = c;
  x.sections.push_back(x.sections[0]);
  expect_error(parse(x), {"section 1 appears more than once"});
  x = c;
  x.sections.emplace_back(3, Bytes{});
  expect_error(parse(x), {"unknown section type 3"});
}

TEST_F(WtnsTamper, ValuesAndPrime) {
  Container x = c;
  std::fill_n(x.get(2).begin() + 64, 32, 0xff);  // value 2
  const std::string at = "at byte " + std::to_string(c.payload_offset(2) + 64);
  expect_error(
      parse(x),
      {"t.wtns: section 2 (values): witness 2: value is not below the scalar field modulus r", at.c_str()});
  x = c;
  x.get(1)[4] ^= 1;
  expect_error(parse(x), {"section 1 (header): prime", "expected the BN254 scalar field r"});
}

}  // namespace
}  // namespace zkc::groth16::formats
