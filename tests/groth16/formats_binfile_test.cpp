// The iden3 container and its encodings (binfile.hpp): field encodings against GMP (normal form, a*R
// and a*R^2 mod r with R = 2^256), LEM points (Montgomery coordinates against GMP, infinity as zeros),
// bounds checks, the parallel array decoders' lowest-index error, and the container's own checks.
#include <gtest/gtest.h>

#include <cstring>

#include "formats_test_util.hpp"
#include "testing/testing.hpp"
#include "zkc/groth16/formats/binfile.hpp"

namespace zkc::groth16::formats {
namespace {

using ec::bn254::G1Jacobian;
using ec::bn254::G2Jacobian;
using ff::U256;
using test::Bytes;
using test::expect_error;
using zkc::testing::from_mpz;
using zkc::testing::to_mpz;

U256 le_at(const Bytes& b, std::size_t at) {
  U256 v;
  for (int i = 0; i < 32; ++i) v.limb[i / 8] |= std::uint64_t{b.at(at + i)} << (8 * (i % 8));
  return v;
}

mpz_class pow2(unsigned k) {
  mpz_class v = 1;
  v <<= k;
  return v;
}

const Fr kEdges[] = {Fr::zero(), Fr::one(), -Fr::one(), Fr::from_u64(2).inverse(),
                     Fr::from_u64(1) + Fr::one()};

TEST(ByteReader, IntegersAndBounds) {
  const Bytes b = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  ByteReader r(b, "f.bin", 100);
  EXPECT_EQ(r.u32("a").value(), 0x04030201u);
  EXPECT_EQ(r.u64("b").value(), 0x0c0b0a0908070605ull);
  EXPECT_EQ(r.offset(), 112u);
  EXPECT_TRUE(r.expect_end("end").ok());
  expect_error(r.u32("more"), {"f.bin: truncated more: need 4 bytes, 0 left (at byte 112)"});
  ByteReader s(b, "f.bin");
  ASSERT_TRUE(s.bytes(10, "x").ok());
  expect_error(s.u32("tail"), {"truncated tail", "at byte 10"});
  EXPECT_EQ(s.remaining(), 2u) << "a failed read consumes nothing";
  expect_error(Result<int>(s.expect_end("the end").error()), {"the end: 2 unexpected trailing bytes"});
}

TEST(ByteReader, FieldEncodingsAgainstGmp) {
  auto g = zkc::testing::rng(1);
  const mpz_class r = to_mpz(Fr::kModulus);
  std::vector<Fr> values(std::begin(kEdges), std::end(kEdges));
  for (int i = 0; i < 50; ++i)
    values.push_back(Fr::from_canonical_unchecked(zkc::testing::random_below(g, Fr::kModulus)));
  for (const Fr& a : values) {
    const mpz_class av = to_mpz(a.to_u256());
    ByteWriter w;
    w.fr_normal(a);
    w.fr_montgomery(a);
    w.fr_montgomery_r2(a);
    const Bytes& b = w.buffer();
    ASSERT_EQ(b.size(), 96u);
    EXPECT_EQ(to_mpz(le_at(b, 0)), av);
    EXPECT_EQ(to_mpz(le_at(b, 32)), mpz_class(av * pow2(256) % r));
    EXPECT_EQ(to_mpz(le_at(b, 64)), mpz_class(av * pow2(512) % r));
    ByteReader rd(b, "f");
    EXPECT_EQ(rd.fr_normal("n").value(), a);
    EXPECT_EQ(rd.fr_montgomery("m").value(), a);
    EXPECT_EQ(rd.fr_montgomery_r2("m2").value(), a);
  }
  // r itself and 2^256 - 1 are not canonical in any of the three forms.
  for (const U256& bad : {Fr::kModulus, U256{{~0ull, ~0ull, ~0ull, ~0ull}}}) {
    Bytes b(32);
    for (int i = 0; i < 32; ++i) b[i] = static_cast<std::uint8_t>(bad.limb[i / 8] >> (8 * (i % 8)));
    EXPECT_EQ(ByteReader(b, "f").fr_normal("v").error().code, Errc::kNotCanonical);
    EXPECT_EQ(ByteReader(b, "f").fr_montgomery("v").error().code, Errc::kNotCanonical);
    EXPECT_EQ(ByteReader(b, "f").fr_montgomery_r2("v").error().code, Errc::kNotCanonical);
  }
}

TEST(ByteReader, LemPointsAgainstGmp) {
  const mpz_class q = to_mpz(Fq::kModulus);
  const G1Affine p1 = G1Jacobian::generator().mul_vartime(U256::from_u64(12345)).to_affine();
  const G2Affine p2 = G2Jacobian::generator().mul_vartime(U256::from_u64(678)).to_affine();
  ByteWriter w;
  w.g1_lem(p1);
  w.g2_lem(p2);
  w.g1_lem(G1Affine::identity());
  w.g2_lem(G2Affine::identity());
  const Bytes& b = w.buffer();
  ASSERT_EQ(b.size(), 2 * (kG1Bytes + kG2Bytes));
  const auto mont = [&](const Fq& v) { return mpz_class(to_mpz(v.to_u256()) * pow2(256) % q); };
  EXPECT_EQ(to_mpz(le_at(b, 0)), mont(p1.x));
  EXPECT_EQ(to_mpz(le_at(b, 32)), mont(p1.y));
  EXPECT_EQ(to_mpz(le_at(b, 64)), mont(p2.x.c0));
  EXPECT_EQ(to_mpz(le_at(b, 96)), mont(p2.x.c1));
  EXPECT_EQ(to_mpz(le_at(b, 128)), mont(p2.y.c0));
  EXPECT_EQ(to_mpz(le_at(b, 160)), mont(p2.y.c1));
  EXPECT_TRUE(std::all_of(b.begin() + 192, b.end(), [](auto v) { return v == 0; }));
  ByteReader r(b, "f");
  EXPECT_EQ(r.g1_lem("p1").value(), p1);
  EXPECT_EQ(r.g2_lem("p2", true).value(), p2);
  EXPECT_TRUE(r.g1_lem("o1").value().is_infinity());
  EXPECT_TRUE(r.g2_lem("o2", true).value().is_infinity());
  // (0, y) with y != 0 is not infinity: it must be on the curve, and is not.
  Bytes z(kG1Bytes, 0);
  z[32] = 1;
  EXPECT_EQ(ByteReader(z, "f").g1_lem("p").error().code, Errc::kNotOnCurve);
  // x = q is not canonical.
  Bytes nq(kG1Bytes, 0);
  for (int i = 0; i < 32; ++i) nq[i] = static_cast<std::uint8_t>(Fq::kModulus.limb[i / 8] >> (8 * (i % 8)));
  expect_error(ByteReader(nq, "f").g1_lem("p"),
               {"p: coordinate x is not below the base field modulus q (at byte 0)"});
}

std::vector<G1Affine> g1_points(std::size_t n) {
  std::vector<G1Jacobian> j(n);
  j[0] = G1Jacobian::generator();
  for (std::size_t i = 1; i < n; ++i) j[i] = j[i - 1] + G1Jacobian::generator();
  std::vector<G1Affine> out(n);
  G1Jacobian::batch_to_affine_vartime(j, out);
  out[n / 3] = G1Affine::identity();
  return out;
}

TEST(Arrays, ParallelDecodeMatchesAndReportsTheLowestBadIndex) {
  const std::vector<G1Affine> pts = g1_points(5000);
  ByteWriter w;
  w.u32(7);
  write_g1_array(w, pts);
  Bytes b = w.buffer();
  {
    ByteReader r(b, "f");
    ASSERT_TRUE(r.u32("head").ok());
    auto back = read_g1_array(r, pts.size(), "pt");
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back.value(), pts);
    EXPECT_EQ(r.remaining(), 0u);
  }
  b[4 + 4700 * kG1Bytes + 40] ^= 1;  // in a late chunk
  b[4 + 1234 * kG1Bytes + 40] ^= 1;  // in an earlier one
  ByteReader r(b, "f");
  ASSERT_TRUE(r.u32("head").ok());
  auto bad = read_g1_array(r, pts.size(), "pt");
  expect_error(
      bad, {"f: pt 1234 is not on the curve", ("at byte " + std::to_string(4 + 1234 * kG1Bytes)).c_str()});
  ByteReader t(b, "f");
  expect_error(read_g1_array(t, 1u << 30, "pt"), {"truncated pt: 1073741824 points"});
  ByteReader u(b, "f");
  expect_error(read_g2_array(u, 1u << 30, "q", false), {"truncated q"});
}

TEST(Arrays, ReadRecordsParsesInParallel) {
  ByteWriter w;
  for (std::uint32_t i = 0; i < 3000; ++i) w.u64(std::uint64_t{i} * 3);
  ByteReader r(w.buffer(), "f", 50);
  auto recs =
      read_records<std::uint64_t>(r, 3000, 8, "rec", [](ByteReader& s, std::size_t) { return s.u64("v"); });
  ASSERT_TRUE(recs.ok());
  for (std::size_t i = 0; i < 3000; ++i) EXPECT_EQ(recs.value()[i], 3 * i);
  ByteReader r2(w.buffer(), "f", 50);
  auto bad = read_records<std::uint64_t>(
      r2, 3000, 8, "rec", [](ByteReader& s, std::size_t i) -> Result<std::uint64_t> {
        ZKC_TRY(std::uint64_t v, s.u64("v"));
        if (i == 2500 || i == 700) return s.error(Errc::kBadFormat, "bad record " + std::to_string(i));
        return v;
      });
  expect_error(bad, {"f: bad record 700 (at byte 5658)"});
  ByteReader r3(w.buffer(), "f");
  auto short_read =
      read_records<std::uint32_t>(r3, 10, 8, "rec", [](ByteReader& s, std::size_t) { return s.u32("v"); });
  expect_error(short_read, {"rec: record 0 has the wrong size"});
  ByteReader r4(w.buffer(), "f");
  expect_error(
      read_records<std::uint32_t>(r4, 4000, 8, "rec", [](ByteReader& s, std::size_t) { return s.u32("v"); }),
      {"truncated rec: 4000 records of 8 bytes"});
}

TEST(Container, WriterAndParser) {
  BinWriter bw("test", 3, 2);
  bw.begin_section(5).u32(0xdeadbeef);
  bw.end_section();
  bw.begin_section(1);
  bw.end_section();
  const Bytes bytes = bw.finish();
  ASSERT_EQ(bytes.size(), 12u + 12 + 4 + 12);
  auto f = BinFile::parse(bytes, "test", 3, "t.bin");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f.value().version(), 3u);
  ASSERT_EQ(f.value().sections().size(), 2u);
  EXPECT_EQ(f.value().sections()[0].offset, 24u);
  EXPECT_EQ(f.value().reader(5).value().u32("v").value(), 0xdeadbeefu);
  EXPECT_TRUE(f.value().reader(1).value().expect_end("empty").ok());
  expect_error(f.value().reader(2), {"t.bin: section 2 is missing"});
  EXPECT_TRUE(f.value().expect_known_sections(5).ok());
  expect_error(Result<int>(f.value().expect_known_sections(4).error()),
               {"unknown section type 5", "at byte 12"});
  expect_error(BinFile::parse(bytes, "test", 2, "t.bin"), {"unsupported version 3"});
  expect_error(BinFile::parse(bytes, "tesT", 3, "t.bin"), {"not a .tesT file (magic bytes 'test')"});
  Bytes dup = bytes;
  test::put_u32(dup, 28, 5);  // the second section becomes another 5
  auto d = BinFile::parse(dup, "test", 3, "t.bin");
  ASSERT_TRUE(d.ok());
  expect_error(d.value().section(5), {"section 5 appears more than once (at byte 28)"});
  expect_error(Result<int>(d.value().expect_known_sections(9).error()), {"section 5 appears more than once"});
}

TEST(Container, InContext) {
  const Error e = make_error(Errc::kBadFormat, "f.bin: wire 3 is bad (at byte 9)");
  EXPECT_EQ(in_context(e, "f.bin", "constraint 2").message, "f.bin: constraint 2: wire 3 is bad (at byte 9)");
  EXPECT_EQ(in_context(e, "g.bin", "c").message, "g.bin: c: f.bin: wire 3 is bad (at byte 9)");
  EXPECT_EQ(in_context(e, "f.bin", "c").code, Errc::kBadFormat);
}

}  // namespace
}  // namespace zkc::groth16::formats
