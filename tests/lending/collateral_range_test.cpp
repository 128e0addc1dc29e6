// The Bulletproofs collateral statement: honest proofs at every width and at the edges, refusals when
// the collateral does not cover the loan, tampering with every public part (commitments, ratio, the
// gap's high limb, the width), batch verification, and the files' round trips and rejections.
#include "zkc/lending/collateral_range.hpp"

#include <gtest/gtest.h>

#include <random>

#include "testing/testing.hpp"

namespace zkc::lending {
namespace {

using commit::Commitment;
using commit::RistrettoPoint;
using commit::Scalar;
using u128 = unsigned __int128;

struct Proved {
  CollateralCommitments commitments;
  CollateralRangeProof proof;
};

Proved prove_ok(std::uint64_t c, std::uint64_t l, CollateralRatio r, unsigned bits) {
  auto o = open_collateral(c, l, bits);
  EXPECT_TRUE(o) << o.error().message;
  auto p = prove_collateral_range(o.value(), r, bits);
  EXPECT_TRUE(p) << "C=" << c << " L=" << l << " r=" << r.to_string() << ": " << p.error().message;
  return {commit_collateral(o.value()), p.value()};
}

TEST(CollateralRange, HonestProofsVerifyAtEveryWidthAndEdge) {
  auto g = testing::rng(1);
  for (const unsigned bits : {8u, 16u, 32u, 64u}) {
    const std::uint64_t max = bits == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << bits) - 1;
    const CollateralRatio r{3, 2};
    // Random covered positions, the exact boundary C * den = L * num (gap 0), the largest amounts.
    std::uniform_int_distribution<std::uint64_t> loan(1, max / 3);
    const std::uint64_t l = loan(g);
    const std::uint64_t c = l + l / 2 + (l % 2);  // ceil(1.5 L)
    for (const auto& [cc, ll, rr] : {std::tuple{c, l, r}, std::tuple{std::uint64_t{3}, std::uint64_t{2}, r},
                                     std::tuple{max, max, CollateralRatio{1, 1}},
                                     std::tuple{max, max + (bits == 64 ? 0 : 1), CollateralRatio{0, 1}},
                                     std::tuple{max, std::uint64_t{1}, CollateralRatio{max, 1}}}) {
      const Proved p = prove_ok(cc, ll, rr, bits);
      const Status s = verify_collateral_range(p.commitments, p.proof);
      EXPECT_TRUE(s) << "bits " << bits << " C=" << cc << " L=" << ll << ": " << s.error().message;
    }
  }
}

TEST(CollateralRange, NoProofWhenTheCollateralFallsShort) {
  for (const unsigned bits : {8u, 64u}) {
    auto o = open_collateral(149, 100, bits);
    ASSERT_TRUE(o);
    auto p = prove_collateral_range(o.value(), {3, 2}, bits);
    ASSERT_FALSE(p);
    EXPECT_NE(p.error().message.find("does not cover"), std::string::npos) << p.error().message;
    EXPECT_EQ(p.error().message.find("149"), std::string::npos) << "the error must not print the amounts";
    EXPECT_TRUE(prove_collateral_range(o.value(), {149, 100}, bits));
  }
}

TEST(CollateralRange, RefusesParametersBeyondTheWidth) {
  EXPECT_FALSE(open_collateral(256, 1, 8));   // C >= 2^8
  EXPECT_FALSE(open_collateral(1, 257, 8));   // L > 2^8
  EXPECT_TRUE(open_collateral(255, 256, 8));  // L = 2^n is allowed (L - 1 < 2^n)
  EXPECT_FALSE(open_collateral(1, 0, 64));    // a loan of 0
  EXPECT_FALSE(open_collateral(1, 1, 12));    // not a supported width
  auto o = open_collateral(200, 2, 8);
  ASSERT_TRUE(o);
  EXPECT_FALSE(prove_collateral_range(o.value(), {300, 1}, 8));  // num >= 2^n
  EXPECT_FALSE(prove_collateral_range(o.value(), {1, 0}, 8));    // den = 0
  EXPECT_FALSE(prove_collateral_range(o.value(), {1, 1}, 24));
}

TEST(CollateralRange, TamperedStatementsFail) {
  const Proved good = prove_ok(1'000'000, 600'000, {3, 2}, 64);
  ASSERT_TRUE(verify_collateral_range(good.commitments, good.proof));
  const Proved other = prove_ok(1'000'000, 600'000, {3, 2}, 64);

  auto expect_invalid = [&](const CollateralCommitments& c, const CollateralRangeProof& p, const char* what) {
    EXPECT_FALSE(verify_collateral_range(c, p)) << what;
  };
  // Another borrower's commitments (same amounts, other blindings), swapped, or shifted by G.
  expect_invalid(other.commitments, good.proof, "other commitments");
  expect_invalid({good.commitments.loan, good.commitments.collateral}, good.proof, "swapped C and L");
  expect_invalid(
      {Commitment(good.commitments.collateral.point() + commit::pedersen_g()), good.commitments.loan},
      good.proof, "C + 1");
  expect_invalid(
      {good.commitments.collateral, Commitment(good.commitments.loan.point() - commit::pedersen_g())},
      good.proof, "L - 1");
  // A lower or higher ratio than the one proved: the transcript binds num and den exactly.
  for (const CollateralRatio r : {CollateralRatio{1, 1}, CollateralRatio{2, 1}, CollateralRatio{6, 4}}) {
    CollateralRangeProof p = good.proof;
    p.ratio = r;
    expect_invalid(good.commitments, p, "ratio changed");
  }
  CollateralRangeProof p = good.proof;
  p.gap_high = Commitment(good.proof.gap_high.point() + commit::pedersen_g());
  expect_invalid(good.commitments, p, "gap high + 1");
  p = good.proof;
  p.gap_high = other.proof.gap_high;
  expect_invalid(good.commitments, p, "another proof's gap");
  p = good.proof;
  p.bits = 32;
  expect_invalid(good.commitments, p, "width changed");
  p = good.proof;
  p.proof = other.proof.proof;
  expect_invalid(good.commitments, p, "another proof's range proof");
}

TEST(CollateralRange, FreshBlindingsMakeEveryProofDifferent) {
  auto o = open_collateral(500, 100, 16);
  ASSERT_TRUE(o);
  auto a = prove_collateral_range(o.value(), {2, 1}, 16);
  auto b = prove_collateral_range(o.value(), {2, 1}, 16);
  ASSERT_TRUE(a && b);
  EXPECT_NE(a.value().proof.to_bytes(), b.value().proof.to_bytes());
  EXPECT_FALSE(a.value().gap_high == b.value().gap_high);
  auto o2 = open_collateral(500, 100, 16);
  ASSERT_TRUE(o2);
  EXPECT_FALSE(commit_collateral(o.value()) == commit_collateral(o2.value())) << "commitments must hide";
}

TEST(CollateralRange, BatchVerification) {
  std::vector<CollateralCommitments> cs;
  std::vector<CollateralRangeProof> ps;
  for (std::uint64_t i = 0; i < 4; ++i) {
    const Proved p = prove_ok(1000 + i, 500, {2, 1}, i % 2 ? 32 : 64);
    cs.push_back(p.commitments);
    ps.push_back(p.proof);
  }
  EXPECT_TRUE(verify_collateral_range_batch(cs, ps));
  std::swap(cs[1], cs[2]);
  EXPECT_FALSE(verify_collateral_range_batch(cs, ps));
  std::swap(cs[1], cs[2]);
  ps[3].ratio = {3, 1};
  EXPECT_FALSE(verify_collateral_range_batch(cs, ps));
  EXPECT_FALSE(verify_collateral_range_batch(std::span(cs).first(3), ps));
}

TEST(CollateralRangeFiles, RoundTrip) {
  auto o = open_collateral(12345, 678, 64);
  ASSERT_TRUE(o);
  auto o2 = opening_from_json(opening_to_json(o.value()), "opening.json");
  ASSERT_TRUE(o2) << o2.error().message;
  EXPECT_EQ(o2.value().collateral, 12345u);
  EXPECT_EQ(o2.value().loan, 678u);
  EXPECT_EQ(o2.value().collateral_blinding, o.value().collateral_blinding);
  EXPECT_EQ(o2.value().loan_blinding, o.value().loan_blinding);
  const CollateralCommitments c = commit_collateral(o.value());
  auto c2 = commitments_from_json(commitments_to_json(c), "commitments.json");
  ASSERT_TRUE(c2) << c2.error().message;
  EXPECT_TRUE(c2.value() == c);
  auto p = prove_collateral_range(o.value(), {3, 2}, 64);
  ASSERT_TRUE(p);
  const nlohmann::json pj = collateral_proof_to_json(c, p.value());
  EXPECT_EQ(pj["proof"].get<std::string>().size(), 2 * 32 * (9 + 2 * 8u)) << "m = 4, n = 64: 800 bytes";
  auto f = collateral_proof_from_json(pj, "proof.json");
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_TRUE(f.value().commitments == c);
  EXPECT_EQ(f.value().proof.proof.to_bytes(), p.value().proof.to_bytes());
  EXPECT_TRUE(verify_collateral_range(f.value().commitments, f.value().proof));
}

TEST(CollateralRangeFiles, RejectionsNameTheField) {
  auto o = open_collateral(12345, 678, 64);
  ASSERT_TRUE(o);
  const CollateralCommitments c = commit_collateral(o.value());
  auto p = prove_collateral_range(o.value(), {3, 2}, 64);
  ASSERT_TRUE(p);
  const nlohmann::json good = collateral_proof_to_json(c, p.value());
  struct Case {
    const char* pointer;
    nlohmann::json value;
    const char* expect;
    Errc code;
  } cases[] = {
      {"/format", "zkcredit-collateral-opening", "/format", Errc::kBadFormat},
      {"/version", 2, "unsupported version", Errc::kBadFormat},
      {"/scheme", "groth16", "/scheme", Errc::kBadFormat},
      {"/bits", 12, "/bits", Errc::kInvalidArgument},
      {"/values", 2, "/values", Errc::kInvalidArgument},
      {"/ratio", "3/0", "/ratio", Errc::kInvalidArgument},
      {"/collateral", "zz", "/collateral", Errc::kBadLength},
      {"/collateral", std::string(64, 'g'), "/collateral", Errc::kBadFormat},
      // The identity's encoding is valid; 0xff..ff is not a canonical field element.
      {"/loan", std::string(64, 'f'), "/loan", Errc::kNotCanonical},
      {"/gap_high", "01" + std::string(62, '0'), "/gap_high", Errc::kNotCanonical},  // s = 1 is negative
      {"/proof", "00", "/proof", Errc::kBadLength},
  };
  for (const Case& k : cases) {
    nlohmann::json j = good;
    j[nlohmann::json::json_pointer(k.pointer)] = k.value;
    auto f = collateral_proof_from_json(j, "proof.json");
    ASSERT_FALSE(f) << k.pointer;
    EXPECT_EQ(f.error().code, k.code) << k.pointer << ": " << f.error().message;
    EXPECT_NE(f.error().message.find(k.expect), std::string::npos) << f.error().message;
    EXPECT_NE(f.error().message.find("proof.json"), std::string::npos) << f.error().message;
  }
  for (const char* key : {"proof", "ratio", "bits", "gap_high"}) {
    nlohmann::json j = good;
    j.erase(key);
    EXPECT_FALSE(collateral_proof_from_json(j, "proof.json")) << key;
  }
  // A proof whose scalar a is >= l: the whole file is rejected as not canonical (an invalid proof).
  nlohmann::json j = good;
  std::string hex = j["proof"];
  hex.replace(hex.size() - 128, 64, std::string(64, 'f'));
  j["proof"] = hex;
  auto f = collateral_proof_from_json(j, "proof.json");
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().code, Errc::kNotCanonical) << f.error().message;

  nlohmann::json oj = opening_to_json(o.value());
  oj["collateral_blinding"] = std::string(64, 'f');
  EXPECT_FALSE(opening_from_json(oj, "opening.json"));
  oj = opening_to_json(o.value());
  oj["collateral"] = "012";
  EXPECT_FALSE(opening_from_json(oj, "opening.json"));
  oj["collateral"] = "18446744073709551616";  // 2^64
  EXPECT_FALSE(opening_from_json(oj, "opening.json"));
  oj = opening_to_json(o.value());
  oj["loan"] = "0";
  EXPECT_FALSE(opening_from_json(oj, "opening.json"));
  EXPECT_FALSE(commitments_from_json(nlohmann::json::array(), "commitments.json"));
}

}  // namespace
}  // namespace zkc::lending
