// The credit proof end to end: setup for a model (the circuit of credit_circuit.hpp, Groth16 keys from
// a prepared Powers of Tau plus one phase-2 contribution from the CSPRNG), proving for a borrower, and
// verifying with the keys' manifest (circuit.json). File formats: the keys are snarkjs's (.zkey,
// verification_key.json) plus the generated Solidity verifier; proofs are snarkjs's proof.json and
// public.json, so snarkjs, rapidsnark and the EVM verify them too.
// Trust: setup's single phase-2 contribution makes whoever runs setup able to forge proofs if they keep
// its secret (it is drawn from the CSPRNG and wiped; docs/SECURITY.md). For production, add
// contributions from independent parties (`zkcredit zkey contribute`) before publishing the keys.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "zkc/groth16/formats/ptau_file.hpp"
#include "zkc/groth16/keys.hpp"
#include "zkc/groth16/prover.hpp"
#include "zkc/lending/credit_circuit.hpp"

namespace zkc::lending {

inline constexpr std::string_view kCircuitFormat = "zkcredit-credit-circuit";
inline constexpr int kCircuitVersion = 1;

// circuit.json: what the keys were made for.
struct CircuitManifest {
  zkml::WeightVisibility weights = zkml::WeightVisibility::kPublic;
  int fractional_bits = 0;
  std::vector<int> widths;  // inputs, then each layer's outputs
  Fr model_commitment;      // the setup model's
  CollateralRatio ratio;    // the default ratio for proofs
  std::size_t constraints = 0, wires = 0;
  unsigned domain_log2 = 0;
  std::vector<zkml::StageCost> stages;
};
nlohmann::json manifest_to_json(const CircuitManifest& m);
// Strict: every field checked, errors name `source` and the JSON path.
Result<CircuitManifest> manifest_from_json(const nlohmann::json& j, const std::string& source);
Result<CircuitManifest> read_manifest(const std::string& path);

// The manifest for a model without keys (shape, counts, commitment): what setup records.
CircuitManifest describe_circuit(const ml::QuantizedNetwork& net, zkml::WeightVisibility weights,
                                 const CollateralRatio& ratio);

struct CreditKeys {
  groth16::ProvingKey pk;
  CircuitManifest manifest;
  r1cs::ConstraintSystem cs;  // the circuit the keys are for (written as credit.r1cs)
};
using SetupProgressFn = std::function<void(std::string_view step, std::size_t done, std::size_t total)>;
// Errors: the model's network is invalid, the .ptau is too small or not prepared.
Result<CreditKeys> credit_setup(const ml::QuantizedNetwork& net, zkml::WeightVisibility weights,
                                const CollateralRatio& ratio, const groth16::formats::PtauFile& ptau,
                                const SetupProgressFn& progress = {});

// Fresh secrets for a borrower: her raw features quantized with the model's rule 1, salts from the CSPRNG.
Result<CreditSecrets> make_secrets(const ml::QuantizedNetwork& net, std::span<const double> features,
                                   std::uint64_t collateral, std::uint64_t loan);

struct CreditProof {
  groth16::Proof proof;
  std::vector<Fr> public_signals;  // kNumPublicSignals, in PublicSignal order
  groth16::ProverTimings timings;
  double witness_ms = 0;  // building the circuit with its witness
};
// Errors (named): the model does not match the keys (shape, fractional bits, commitment with kPublic
// weights), a loan of 0, collateral that does not cover r_c * L, a key of another circuit.
// `witness_out`: when given, receives the full witness (secret: the caller wipes it), e.g. for other
// provers in benchmarks.
Result<CreditProof> credit_prove(const groth16::ProvingKey& pk, const CircuitManifest& manifest,
                                 const ml::QuantizedNetwork& net, const CreditStatement& statement,
                                 const CreditSecrets& secrets, std::vector<Fr>* witness_out = nullptr);

// The public signals, decoded.
struct CreditPublic {
  std::int64_t score = 0;  // in [0, 2^f]
  Fr model_commitment, feature_commitment, position_commitment;
  CollateralRatio ratio;
  Borrower borrower;
};
// Errors: the wrong number of signals, a score beyond [0, 2^f], an undecodable ratio or borrower.
Result<CreditPublic> decode_public(std::span<const Fr> signals, int fractional_bits);

}  // namespace zkc::lending
