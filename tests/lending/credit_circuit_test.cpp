// The credit circuit: its public signals equal the native computations (quantized score, Poseidon
// commitments, packings), the setup-shape circuit equals the witness circuit, cheating witnesses fail,
// and a Groth16 round trip (known-secret test SRS) accepts the proof and rejects tampered statements.
#include "zkc/lending/credit_circuit.hpp"

#include <gtest/gtest.h>

#include "groth16/toy_srs.hpp"
#include "testing/testing.hpp"
#include "zkc/groth16/prover.hpp"
#include "zkc/groth16/setup.hpp"
#include "zkc/groth16/verifier.hpp"
#include "zkc/lending/credit_proof.hpp"
#include "zkc/lending/wallet.hpp"
#include "zkc/ml/model.hpp"
#include "zkc/r1cs/constraint_system.hpp"
#include "zkc/zkml/commitment.hpp"

namespace zkc::lending {
namespace {

using zkml::WeightVisibility;

const ml::CreditModel& default_model() {
  static const ml::CreditModel m =
      ml::read_model(std::string(ZKC_REPO_DATA_DIR) + "/models/credit_default.json").value();
  return m;
}
const ml::CreditModel& small_model() {
  static const ml::CreditModel m = ml::read_model(zkc::testing::data_path("ml/model_small.json")).value();
  return m;
}

CreditSecrets eunice(const ml::CreditModel& m, std::uint64_t collateral = 150000,
                     std::uint64_t loan = 100000) {
  auto features = wallet_features(std::string(ZKC_REPO_DATA_DIR) + "/wallets/eunice.json", m);
  EXPECT_TRUE(features) << features.error().message;
  auto s = make_secrets(m.quantized, features.value(), collateral, loan);
  EXPECT_TRUE(s);
  return s.value();
}

CreditStatement statement(std::uint64_t nonce = 7) {
  CreditStatement st;
  st.ratio = {3, 2};
  st.borrower.address = parse_address("0x00112233445566778899aabbccddeeff00112233").value();
  st.borrower.nonce = nonce;
  return st;
}

TEST(Borrower, PackingAndAddresses) {
  const CreditStatement st = statement(0xfedcba9876543210ULL);
  EXPECT_EQ(st.borrower.address_hex(), "0x00112233445566778899aabbccddeeff00112233");
  const Fr want = Fr::from_hex("0x00112233445566778899aabbccddeeff00112233").value() +
                  r1cs::fr_pow2(160) * Fr::from_u64(0xfedcba9876543210ULL);
  EXPECT_EQ(st.borrower.packed(), want);
  auto back = unpack_borrower(want);
  ASSERT_TRUE(back);
  EXPECT_EQ(back.value(), st.borrower);
  EXPECT_FALSE(unpack_borrower(r1cs::fr_pow2(224)));
  EXPECT_TRUE(parse_address("0xABCDEFabcdef0000000000000000000000000000"));
  for (const char* bad :
       {"", "0x", "00112233445566778899aabbccddeeff0011223344", "0x0011223344556677889",
        "0x00112233445566778899aabbccddeeff0011223g", "1x00112233445566778899aabbccddeeff00112233",
        "0x00112233445566778899aabbccddeeff001122334"})
    EXPECT_FALSE(parse_address(bad)) << bad;
}

TEST(CreditCircuit, PublicSignalsEqualTheNativeComputations) {
  for (const WeightVisibility w : {WeightVisibility::kPublic, WeightVisibility::kPrivate}) {
    const ml::CreditModel& m = default_model();
    const CreditSecrets s = eunice(m);
    const CreditStatement st = statement();
    CreditCircuit c = build_credit_circuit(m.quantized, w, &st, &s, /*labels=*/true);
    ASSERT_TRUE(r1cs::check(c.built.cs, c.built.witness))
        << r1cs::check(c.built.cs, c.built.witness).error().message;
    const std::vector<Fr> pub = r1cs::public_signals(c.built.cs, c.built.witness);
    ASSERT_EQ(pub.size(), kNumPublicSignals);
    EXPECT_EQ(pub[kScore], Fr::from_u64(static_cast<std::uint64_t>(m.quantized.score(s.features))));
    EXPECT_EQ(pub[kModelCommitment], zkml::model_commitment(m.quantized));
    EXPECT_EQ(pub[kFeatureCommitment], zkml::feature_commitment(s.features, s.feature_salt));
    EXPECT_EQ(pub[kPositionCommitment], position_commitment(s.collateral, s.loan, s.position_salt));
    EXPECT_EQ(pub[kRatio], st.ratio.packed());
    EXPECT_EQ(pub[kBorrower], st.borrower.packed());
    auto decoded = decode_public(pub, m.quantized.fractional_bits);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(decoded.value().score, m.quantized.score(s.features));
    EXPECT_EQ(decoded.value().borrower, st.borrower);
  }
}

TEST(CreditCircuit, ShapeDoesNotDependOnTheWitness) {
  for (const WeightVisibility w : {WeightVisibility::kPublic, WeightVisibility::kPrivate}) {
    const ml::CreditModel& m = default_model();
    const CreditSecrets s = eunice(m, 987654321, 12345);
    const CreditStatement st = statement(99);
    const CreditCircuit with = build_credit_circuit(m.quantized, w, &st, &s);
    const CreditCircuit shape = build_credit_circuit(m.quantized, w, nullptr, nullptr);
    EXPECT_TRUE(shape.built.witness.empty());
    EXPECT_EQ(with.built.cs.num_wires, shape.built.cs.num_wires);
    EXPECT_EQ(with.built.cs.num_public_outputs, 1u);
    EXPECT_EQ(with.built.cs.num_public_inputs, kNumPublicSignals - 1);
    EXPECT_TRUE(with.built.cs.constraints == shape.built.cs.constraints)
        << "the circuit changed with the witness";
    std::size_t total = 0;
    for (const auto& stage : with.stages) total += stage.constraints;
    EXPECT_EQ(total, with.built.cs.constraints.size());
  }
}

TEST(CreditCircuit, DefaultModelFitsTheConstraintBudget) {
  const CircuitManifest m = describe_circuit(default_model().quantized, WeightVisibility::kPublic, {3, 2});
  EXPECT_LE(m.constraints + kNumPublicSignals + 1, std::size_t{1} << 14) << "the issue's budget is 2^14";
  EXPECT_LE(m.domain_log2, 14u);
}

TEST(CreditCircuit, UncoveredCollateralOrOutOfRangeFeaturesLeaveItUnsatisfied) {
  const ml::CreditModel& m = default_model();
  const CreditStatement st = statement();
  {
    const CreditSecrets s = eunice(m, 149999, 100000);  // 149,999 < 1.5 x 100,000
    const CreditCircuit c = build_credit_circuit(m.quantized, WeightVisibility::kPublic, &st, &s);
    EXPECT_FALSE(r1cs::check(c.built.cs, c.built.witness));
  }
  {
    CreditSecrets s = eunice(m);
    s.features[0] = m.quantized.input_upper[0] + 1;
    const CreditCircuit c = build_credit_circuit(m.quantized, WeightVisibility::kPublic, &st, &s);
    EXPECT_FALSE(r1cs::check(c.built.cs, c.built.witness));
  }
}

TEST(CreditCircuit, CommitmentsBindTheirOpenings) {
  const ml::CreditModel& m = default_model();
  const CreditSecrets s = eunice(m);
  CreditSecrets other = s;
  other.features[3] += 1;
  EXPECT_NE(zkml::feature_commitment(s.features, s.feature_salt),
            zkml::feature_commitment(other.features, s.feature_salt));
  EXPECT_NE(zkml::feature_commitment(s.features, s.feature_salt),
            zkml::feature_commitment(s.features, s.feature_salt + Fr::one()));
  EXPECT_NE(position_commitment(150, 100, s.position_salt), position_commitment(151, 100, s.position_salt));
  EXPECT_NE(position_commitment(150, 100, s.position_salt), position_commitment(100, 150, s.position_salt));
}

TEST(CreditProof, ProveRefusesWhatCannotBeProved) {
  const ml::CreditModel& m = small_model();
  const CircuitManifest manifest = describe_circuit(m.quantized, WeightVisibility::kPublic, {3, 2});
  groth16::ProvingKey fake;  // the checks below come before the key is used
  fake.num_public = kNumPublicSignals;
  fake.num_wires = static_cast<std::uint32_t>(manifest.wires);
  const CreditStatement st = statement();
  auto expect_error = [&](const CreditSecrets& s, const CircuitManifest& mf, const std::string& text) {
    auto r = credit_prove(fake, mf, m.quantized, st, s);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find(text), std::string::npos) << r.error().message;
  };
  expect_error(eunice(m, 149999, 100000), manifest, "does not cover 3/2 x loan 100000");
  expect_error(eunice(m, 1, 0), manifest, "at least 1");
  CreditSecrets wide = eunice(m);
  wide.features[2] = m.quantized.input_lower[2] - 1;
  expect_error(wide, manifest, "feature 2 is outside");
  CircuitManifest other = manifest;
  other.model_commitment += Fr::one();
  expect_error(eunice(m), other, "commitment differs");
  other = manifest;
  other.fractional_bits += 1;
  expect_error(eunice(m), other, "architecture");
}

// Setup (known-secret test SRS), prove and verify in process on the small model: the proof verifies
// for its public signals and for no tampered statement.
TEST(CreditProof, Groth16RoundTripOnTheSmallModel) {
  const ml::CreditModel& m = small_model();
  const CreditCircuit shape = build_credit_circuit(m.quantized, WeightVisibility::kPublic, nullptr, nullptr);
  const unsigned log2_n = groth16::setup_domain_log2(shape.built.cs);
  ASSERT_LE(log2_n, 13u);
  auto g = zkc::testing::rng(11);
  const groth16::SetupPoints srs = groth16::testing::make_toy_srs(
      log2_n, Fr::from_u64(g() | 1), Fr::from_u64(g() | 1), Fr::from_u64(g() | 1));
  auto pk = groth16::setup(shape.built.cs, srs.srs());
  ASSERT_TRUE(pk) << pk.error().message;
  CircuitManifest manifest = describe_circuit(m.quantized, WeightVisibility::kPublic, {3, 2});
  const CreditSecrets s = eunice(m);
  const CreditStatement st = statement();
  auto proof = credit_prove(pk.value(), manifest, m.quantized, st, s);
  ASSERT_TRUE(proof) << proof.error().message;
  const groth16::VerifyingKey vk = pk.value().verifying_key();
  std::vector<Fr> pub = proof.value().public_signals;
  EXPECT_TRUE(groth16::verify(vk, pub, proof.value().proof).value());
  for (std::size_t i = 0; i < kNumPublicSignals; ++i) {
    std::vector<Fr> t = pub;
    t[i] += Fr::one();
    EXPECT_FALSE(groth16::verify(vk, t, proof.value().proof).value()) << "signal " << kPublicSignalNames[i];
  }
  CreditStatement other = st;
  other.borrower.nonce += 1;
  EXPECT_FALSE(
      groth16::verify(vk, std::vector<Fr>{pub[0], pub[1], pub[2], pub[3], pub[4], other.borrower.packed()},
                      proof.value().proof)
          .value());
}

}  // namespace
}  // namespace zkc::lending
