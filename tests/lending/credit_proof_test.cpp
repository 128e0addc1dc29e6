// The keys' manifest (circuit.json) and the decoding of public signals: the committed manifest of the
// default model is what describe_circuit produces today (a regression guard on the circuit's shape and
// the model commitment), round trips, and every malformed field named in its error.
#include "zkc/lending/credit_proof.hpp"

#include <gtest/gtest.h>

#include "testing/testing.hpp"
#include "zkc/base/io.hpp"
#include "zkc/groth16/snarkjs_json.hpp"
#include "zkc/ml/model.hpp"

namespace zkc::lending {
namespace {

using nlohmann::json;

json committed_manifest() {
  return json::parse(read_text_file(zkc::testing::data_path("lending/circuit.json")).value());
}

TEST(Manifest, DefaultModelCircuitIsTheCommittedOne) {
  const auto model = ml::read_model(std::string(ZKC_REPO_DATA_DIR) + "/models/credit_default.json");
  ASSERT_TRUE(model);
  const CircuitManifest m =
      describe_circuit(model.value().quantized, zkml::WeightVisibility::kPublic, {3, 2});
  EXPECT_EQ(manifest_to_json(m), committed_manifest())
      << "the default model's circuit changed: if intended, regenerate tests/data/lending (README "
         "there)\nnow: "
      << manifest_to_json(m).dump(1);
}

TEST(Manifest, RoundTrips) {
  auto m = manifest_from_json(committed_manifest(), "circuit.json");
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(manifest_to_json(m.value()), committed_manifest());
  EXPECT_EQ(m.value().ratio, (CollateralRatio{3, 2}));
  EXPECT_EQ(m.value().fractional_bits, 11);
}

TEST(Manifest, MalformedFieldsAreNamed) {
  struct Case {
    const char* pointer;
    json value;
    const char* message;
  } cases[] = {
      {"/format", "zkcredit-credit-model", "/format: expected \"zkcredit-credit-circuit\""},
      {"/version", 2, "/version: unsupported version 2"},
      {"/version", "1", "/version: missing or not an integer"},
      {"/weights", "secret", "/weights: expected \"public\" or \"private\""},
      {"/fractional_bits", 3, "/fractional_bits: outside [4, 24]"},
      {"/fractional_bits", -11, "/fractional_bits: missing or not an integer"},
      {"/widths", json::array({11, 1}), "/widths: expected at least 3 widths"},
      {"/widths", json::array({11, 0, 1}), "/widths/1: expected an integer in [1, 4096]"},
      {"/widths", json::array({11, 4, 2}), "/widths: the output width must be 1"},
      {"/model_commitment", "21888242871839275222246405745257275088548364400416034343698204186575808495617",
       "/model_commitment:"},
      {"/model_commitment", 5, "/model_commitment: missing or not a decimal string"},
      {"/ratio", "3/0", "/ratio: ratio '3/0': the denominator is 0"},
      {"/public_signals", json::array({"score"}), "/public_signals: expected 6 names"},
      {"/public_signals/2", "position_commitment", "/public_signals/2: expected \"feature_commitment\""},
      {"/domain_log2", 40, "/domain_log2: larger than 28"},
      {"/stages/0", json::object({{"name", 1}}), "/stages/0: expected {\"name\": string"},
  };
  for (const Case& c : cases) {
    json j = committed_manifest();
    j[json::json_pointer(c.pointer)] = c.value;
    auto m = manifest_from_json(j, "keys/circuit.json");
    ASSERT_FALSE(m) << c.pointer;
    EXPECT_NE(m.error().message.find(std::string("keys/circuit.json: ") + c.message), std::string::npos)
        << c.pointer << ": " << m.error().message;
  }
  for (const char* key :
       {"format", "weights", "widths", "model_commitment", "ratio", "constraints", "stages"}) {
    json j = committed_manifest();
    j.erase(key);
    auto m = manifest_from_json(j, "circuit.json");
    ASSERT_FALSE(m) << key;
    EXPECT_NE(m.error().message.find(std::string("/") + key + ": missing"), std::string::npos)
        << m.error().message;
  }
  EXPECT_FALSE(manifest_from_json(json::array(), "circuit.json"));
}

TEST(PublicSignals, DecodeTheCommittedProofsStatement) {
  auto signals = groth16::public_signals_from_json(
      read_text_file(zkc::testing::data_path("lending/public.json")).value(), "public.json");
  ASSERT_TRUE(signals);
  auto p = decode_public(signals.value(), 11);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p.value().ratio, (CollateralRatio{3, 2}));
  EXPECT_EQ(p.value().borrower.address_hex(), "0x00000000000000000000000000000000000000e1");
  EXPECT_EQ(p.value().borrower.nonce, 7u);
  EXPECT_GE(p.value().score, 0);
  EXPECT_LE(p.value().score, 2048);
  EXPECT_EQ(p.value().model_commitment,
            Fr::from_decimal(committed_manifest()["model_commitment"].get<std::string>()).value());

  std::vector<Fr> bad = signals.value();
  bad[kScore] = Fr::from_u64(2049);
  EXPECT_FALSE(decode_public(bad, 11));
  EXPECT_TRUE(decode_public(bad, 12));
  bad = signals.value();
  bad[kRatio] = Fr::from_u64(3);  // den = 0
  EXPECT_FALSE(decode_public(bad, 11));
  bad = signals.value();
  bad[kBorrower] = r1cs::fr_pow2(230);
  EXPECT_FALSE(decode_public(bad, 11));
  bad = signals.value();
  bad.pop_back();
  EXPECT_FALSE(decode_public(bad, 11));
}

}  // namespace
}  // namespace zkc::lending
