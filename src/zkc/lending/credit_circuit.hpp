// The credit proof's circuit: one R1CS statement that the borrower's private features, run through the
// pool's committed model, give the public score, and that her private collateral covers her private
// loan at the public ratio. Public signals (circom order: the output, then the public inputs):
//   0 score                = the quantized model's output in [0, 2^f] (probability of default * 2^f)
//   1 model_commitment     = zkml::model_commitment(net) (kPublic weights: a constant of the circuit)
//   2 feature_commitment   = zkml::feature_commitment(x, feature_salt), x the clamped quantized features
//   3 position_commitment  = Poseidon(C, L, position_salt)
//   4 ratio                = num + den * 2^64 (r_c = num / den; lending/collateral.hpp)
//   5 borrower             = address + nonce * 2^160: binds the proof to one sender and one nonce
// Statements: the inference (zkml/inference_circuit.hpp) on x, both commitments recomputed from the
// private values, the collateral statement, and borrower * borrower = b2 (so the signal appears in a
// constraint; Groth16's public-input rows bind it in any case).
// Secrets (features, salts, C, L) are wiped by CreditSecrets' destructor; witness generation is
// constant time in them (zkml, collateral and Poseidon gadgets use field arithmetic only).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "zkc/lending/collateral.hpp"
#include "zkc/ml/quantize.hpp"
#include "zkc/r1cs/builder.hpp"
#include "zkc/zkml/inference_circuit.hpp"

namespace zkc::lending {

enum PublicSignal : std::size_t {
  kScore = 0,
  kModelCommitment,
  kFeatureCommitment,
  kPositionCommitment,
  kRatio,
  kBorrower,
  kNumPublicSignals
};
inline constexpr std::array<std::string_view, kNumPublicSignals> kPublicSignalNames = {
    "score", "model_commitment", "feature_commitment", "position_commitment", "ratio", "borrower"};

inline constexpr unsigned kNonceBits = 64;

// An EVM address and a nonce.
struct Borrower {
  std::array<std::uint8_t, 20> address{};
  std::uint64_t nonce = 0;
  Fr packed() const;                // address + nonce * 2^160
  std::string address_hex() const;  // "0x" + 40 lower-case hex digits
  friend bool operator==(const Borrower&, const Borrower&) = default;
};
// "0x" followed by 40 hex digits (either case).
Result<std::array<std::uint8_t, 20>> parse_address(std::string_view text);
// The inverse of Borrower::packed (kInvalidArgument when the value is >= 2^224).
Result<Borrower> unpack_borrower(const Fr& packed);

// What the prover states publicly besides the score and the commitments.
struct CreditStatement {
  CollateralRatio ratio;
  Borrower borrower;
};

// The borrower's secrets, wiped on destruction.
struct CreditSecrets {
  std::vector<std::int64_t> features;  // clamped quantized features (QuantizedNetwork::quantize_input)
  Fr feature_salt;
  std::uint64_t collateral = 0, loan = 0;
  Fr position_salt;

  CreditSecrets() = default;
  CreditSecrets(const CreditSecrets&) = default;
  CreditSecrets& operator=(const CreditSecrets&) = default;
  ~CreditSecrets();
};

Fr position_commitment(std::uint64_t collateral, std::uint64_t loan, const Fr& salt);

struct CreditCircuit {
  r1cs::BuildOutput built;              // the constraint system and (with secrets) the witness
  std::vector<zkml::StageCost> stages;  // inference stages, then "feature_commitment",
                                        // "position_commitment", "collateral", "binding"
};

// The circuit for `net`. With statement and secrets null: the shape only (for setup; no witness).
// With both: the witness too; the caller checks it (r1cs::check) or knows it holds. Asserts the
// features' count; values outside the model's input range or collateral that does not cover give an
// unsatisfied witness (credit_proof.hpp checks them first and names the problem).
CreditCircuit build_credit_circuit(const ml::QuantizedNetwork& net, zkml::WeightVisibility weights,
                                   const CreditStatement* statement, const CreditSecrets* secrets,
                                   bool labels = false);

}  // namespace zkc::lending
