// Phase-2 contributions (phase2.hpp): keys made by snarkjs 0.7.6 (tests/data/groth16/formats:
// `groth16 setup`, then `zkey contribute` and `zkey beacon`) verify with ours; our beacon reproduces
// snarkjs's beacon exactly; our contributions keep proofs valid and verify; tampered transcripts,
// keys, deltas and C / H points are rejected.
#include "zkc/groth16/phase2.hpp"

#include <gtest/gtest.h>


#include "testing/testing.hpp"
#include "toy_srs.hpp"
#include "zkc/groth16/formats/zkey_file.hpp"
#include "zkc/groth16/prover.hpp"
#include "zkc/groth16/verifier.hpp"

namespace zkc::groth16 {
namespace {

ProvingKey zkey(const std::string& name) {
  auto pk = formats::read_zkey(zkc::testing::data_path("groth16/formats/" + name));
  EXPECT_TRUE(pk.ok()) << pk.error().message;
  return std::move(pk).value();
}

// The fixture's beacon: hash 0x0102...20 (32 bytes), 2^10 iterations, name "formats beacon".
std::vector<std::uint8_t> fixture_beacon() {
  std::vector<std::uint8_t> b;
  for (int i = 1; i <= 32; ++i) b.push_back(static_cast<std::uint8_t>(i));
  return b;
}

TEST(Phase2, SnarkjsChainVerifies) {
  const ProvingKey initial = zkey("multiplier_0000.zkey"), final = zkey("multiplier_final.zkey");
  ASSERT_EQ(final.phase2.contributions.size(), 2u);
  const auto chain = phase2_verify_contributions(final);
  EXPECT_TRUE(chain.valid) << chain.failure;
  ASSERT_EQ(chain.contribution_hashes.size(), 2u);
  const auto full = phase2_verify(initial, final);
  EXPECT_TRUE(full.valid) << full.failure;
  EXPECT_TRUE(phase2_verify_contributions(initial).valid);  // no contributions: delta = generator
}

TEST(Phase2, BeaconReproducesSnarkjs) {
  const ProvingKey final = zkey("multiplier_final.zkey");
  const Phase2Contribution& beacon = final.phase2.contributions.back();
  ASSERT_EQ(beacon.type, 1u);
  ASSERT_EQ(beacon.beacon_hash, fixture_beacon());
  // Undo the (public) beacon secret to get the key snarkjs's beacon started from.
  auto rng = mpc::beacon_rng(beacon.beacon_hash, beacon.num_iterations_exp).value();
  const Fr d = mpc::fr_from_rng(rng);
  ProvingKey before = final;
  before.phase2.contributions.pop_back();
  const Fr d_inv = d.inverse();
  before.delta1 = final.delta1.mul_vartime(d_inv).to_affine();
  before.delta2 = final.delta2.mul_vartime(d_inv).to_affine();
  for (auto& p : before.c) p = p.mul_vartime(d).to_affine();
  for (auto& p : before.h) p = p.mul_vartime(d).to_affine();
  ASSERT_EQ(before.delta1, final.phase2.contributions[0].delta_after);
  ProvingKey again = before;
  auto h = phase2_beacon(again, beacon.beacon_hash, beacon.num_iterations_exp, beacon.name);
  ASSERT_TRUE(h.ok()) << h.error().message;
  EXPECT_EQ(again, final);
  EXPECT_EQ(h.value(), phase2_contribution_hash(final.phase2.contributions.back()));
  EXPECT_FALSE(phase2_beacon(again, beacon.beacon_hash, 9, "").ok());
  EXPECT_FALSE(phase2_beacon(again, {}, 10, "").ok());
}

TEST(Phase2, OurContributionsVerifyAndKeepProofsValid) {
  const ProvingKey initial = zkey("multiplier_0000.zkey");
  ProvingKey pk = zkey("multiplier_final.zkey");
  auto h1 = phase2_contribute(pk, {"ours", "entropy"});
  ASSERT_TRUE(h1.ok()) << h1.error().message;
  auto h2 = phase2_contribute(pk, {std::string(70, 'n'), ""});
  ASSERT_TRUE(h2.ok());
  EXPECT_EQ(pk.phase2.contributions.size(), 4u);
  EXPECT_EQ(pk.phase2.contributions[3].name.size(), 64u);
  const auto v = phase2_verify(initial, pk);
  EXPECT_TRUE(v.valid) << v.failure;
  ASSERT_EQ(v.contribution_hashes.size(), 4u);
  EXPECT_EQ(v.contribution_hashes[2], h1.value());
  // Round trip through the .zkey writer and reader.
  auto bytes = formats::serialize_zkey(pk);
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  auto back = formats::parse_zkey(bytes.value(), "ours.zkey");
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back.value(), pk);
  // A proof with the new key verifies: c = a * b with a = 3, b = 11.
  const std::vector<Fr> w = {Fr::one(), Fr::from_u64(33), Fr::from_u64(3), Fr::from_u64(11)};
  auto proof = prove(pk, w);
  ASSERT_TRUE(proof.ok()) << proof.error().message;
  EXPECT_TRUE(verify(pk.verifying_key(), std::vector<Fr>{Fr::from_u64(33)}, proof.value()).value());
}

TEST(Phase2, ContributionOnAToySetup) {
  // Setup of a 1-constraint circuit over a toy SRS, then contributions on top of the fresh key.
  r1cs::ConstraintSystem cs;
  cs.num_wires = 4;
  cs.num_public_outputs = 1;
  cs.num_private_inputs = 2;
  r1cs::LinearCombination a, b, c;
  a.terms.push_back({2, Fr::one()});
  b.terms.push_back({3, Fr::one()});
  c.terms.push_back({1, Fr::one()});
  cs.constraints.push_back({a, b, c});
  const unsigned log2_n = setup_domain_log2(cs);
  const SetupPoints srs = testing::make_toy_srs(log2_n, Fr::from_u64(987654321), Fr::from_u64(5), Fr::from_u64(7));
  auto pk0 = setup(cs, srs.srs());
  ASSERT_TRUE(pk0.ok()) << pk0.error().message;
  ProvingKey pk = pk0.value();
  ASSERT_TRUE(phase2_contribute(pk, {}).ok());
  EXPECT_FALSE(pk.delta1 == pk0.value().delta1);
  EXPECT_TRUE(phase2_verify(pk0.value(), pk).valid);
  const std::vector<Fr> w = {Fr::one(), Fr::from_u64(42), Fr::from_u64(6), Fr::from_u64(7)};
  auto proof = prove(pk, w).value();
  EXPECT_TRUE(verify(pk.verifying_key(), std::vector<Fr>{Fr::from_u64(42)}, proof).value());
  // The old key's verifying key no longer matches proofs made with the new one.
  EXPECT_FALSE(verify(pk0.value().verifying_key(), std::vector<Fr>{Fr::from_u64(42)}, proof).value());
}

TEST(Phase2, TamperingIsRejected) {
  const ProvingKey initial = zkey("multiplier_0000.zkey");
  ProvingKey good = zkey("multiplier_final.zkey");
  ASSERT_TRUE(phase2_contribute(good, {"x", ""}).ok());
  ASSERT_TRUE(phase2_verify(initial, good).valid);
  const G1Affine g = G1Affine::generator();
  auto expect_invalid = [&](const ProvingKey& pk, const char* reason) {
    const auto v = phase2_verify(initial, pk);
    EXPECT_FALSE(v.valid) << reason;
    EXPECT_NE(v.failure.find(reason), std::string::npos) << v.failure;
  };
  ProvingKey t = good;
  t.phase2.contributions[2].transcript[0] ^= 1;
  expect_invalid(t, "transcript");
  t = good;
  t.phase2.contributions[1].transcript[0] ^= 1;  // breaks #2's transcript and #3's, #2 fails first
  expect_invalid(t, "contribution #2");
  t = good;
  t.phase2.contributions[2].g2_spx = G2Affine::generator();
  expect_invalid(t, "proof of knowledge");
  t = good;
  t.phase2.contributions[2].delta_after = g;
  expect_invalid(t, "delta_after");
  t = good;
  t.delta2 = G2Affine::generator().mul_vartime(Fr::from_u64(3)).to_affine();
  expect_invalid(t, "delta2");
  t = good;
  t.h[0] = (t.h[0].to_jacobian() + g.to_jacobian()).to_affine();
  expect_invalid(t, "H section");
  t = good;
  t.c.back() = (t.c.back().to_jacobian() + g.to_jacobian()).to_affine();
  expect_invalid(t, "C section");
  t = good;
  t.ic[0] = g;
  expect_invalid(t, "IC");
  t = good;
  t.phase2.cs_hash[3] ^= 1;
  expect_invalid(t, "transcript");  // the chain hashes cs_hash first
  // As in snarkjs, names are not part of the transcript: renaming keeps the chain valid.
  t = good;
  t.phase2.contributions[0].name = "renamed";
  EXPECT_TRUE(phase2_verify(initial, t).valid);
}

}  // namespace
}  // namespace zkc::groth16
