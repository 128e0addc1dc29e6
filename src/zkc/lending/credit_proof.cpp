#include "zkc/lending/credit_proof.hpp"

#include <chrono>

#include "zkc/base/io.hpp"
#include "zkc/base/random.hpp"
#include "zkc/groth16/phase2.hpp"
#include "zkc/groth16/setup.hpp"
#include "zkc/r1cs/constraint_system.hpp"
#include "zkc/zkml/commitment.hpp"

namespace zkc::lending {

namespace {

using nlohmann::json;

const char* weights_name(zkml::WeightVisibility w) {
  return w == zkml::WeightVisibility::kPublic ? "public" : "private";
}

std::vector<int> widths_of(const ml::QuantizedNetwork& net) {
  std::vector<int> w{net.layers.front().inputs};
  for (const ml::QuantizedLayer& l : net.layers) w.push_back(l.outputs);
  return w;
}

// A non-negative JSON integer (nlohmann types 5 as unsigned when parsed, signed when built in code).
bool is_count(const json& j) {
  return j.is_number_unsigned() || (j.is_number_integer() && j.get<std::int64_t>() >= 0);
}

Error bad(const std::string& source, const std::string& path, const std::string& what) {
  return make_error(Errc::kBadFormat, source + ": " + path + ": " + what);
}

}  // namespace

json manifest_to_json(const CircuitManifest& m) {
  json stages = json::array();
  for (const zkml::StageCost& s : m.stages)
    stages.push_back({{"name", s.name}, {"constraints", s.constraints}});
  json names = json::array();
  for (std::string_view n : kPublicSignalNames) names.push_back(std::string(n));
  return json{{"format", std::string(kCircuitFormat)},
              {"version", kCircuitVersion},
              {"weights", weights_name(m.weights)},
              {"fractional_bits", m.fractional_bits},
              {"widths", m.widths},
              {"model_commitment", m.model_commitment.to_decimal()},
              {"ratio", m.ratio.to_string()},
              {"public_signals", names},
              {"constraints", m.constraints},
              {"wires", m.wires},
              {"domain_log2", m.domain_log2},
              {"stages", stages}};
}

Result<CircuitManifest> manifest_from_json(const json& j, const std::string& source) {
  if (!j.is_object()) return bad(source, "/", "expected a JSON object");
  auto field = [&](const char* key, json::value_t type) -> const json* {
    const auto it = j.find(key);
    if (it == j.end()) return nullptr;
    if (type == json::value_t::number_unsigned ? !is_count(*it) : it->type() != type) return nullptr;
    return &*it;
  };
  auto need = [&](const char* key, json::value_t type, const char* what) -> Result<const json*> {
    const json* f = field(key, type);
    if (f == nullptr) return bad(source, std::string("/") + key, std::string("missing or not ") + what);
    return f;
  };
  ZKC_TRY(const json* format, need("format", json::value_t::string, "a string"));
  if (format->get<std::string>() != kCircuitFormat)
    return bad(source, "/format", "expected \"" + std::string(kCircuitFormat) + "\"");
  ZKC_TRY(const json* version, need("version", json::value_t::number_unsigned, "an integer"));
  if (version->get<std::uint64_t>() != static_cast<std::uint64_t>(kCircuitVersion))
    return bad(source, "/version",
               "unsupported version " + version->dump() + " (this build reads " +
                   std::to_string(kCircuitVersion) + ")");
  CircuitManifest m;
  ZKC_TRY(const json* weights, need("weights", json::value_t::string, "a string"));
  if (*weights == "public")
    m.weights = zkml::WeightVisibility::kPublic;
  else if (*weights == "private")
    m.weights = zkml::WeightVisibility::kPrivate;
  else
    return bad(source, "/weights", "expected \"public\" or \"private\"");
  ZKC_TRY(const json* f, need("fractional_bits", json::value_t::number_unsigned, "an integer"));
  if (f->get<std::uint64_t>() < ml::kMinFractionalBits || f->get<std::uint64_t>() > ml::kMaxFractionalBits)
    return bad(source, "/fractional_bits", "outside [4, 24]");
  m.fractional_bits = f->get<int>();
  ZKC_TRY(const json* widths, need("widths", json::value_t::array, "an array"));
  if (widths->size() < 3) return bad(source, "/widths", "expected at least 3 widths (input, hidden, output)");
  for (std::size_t i = 0; i < widths->size(); ++i) {
    const json& w = (*widths)[i];
    if (!is_count(w) || w.get<std::uint64_t>() == 0 || w.get<std::uint64_t>() > 4096)
      return bad(source, "/widths/" + std::to_string(i), "expected an integer in [1, 4096]");
    m.widths.push_back(w.get<int>());
  }
  if (m.widths.back() != 1) return bad(source, "/widths", "the output width must be 1");
  ZKC_TRY(const json* mc, need("model_commitment", json::value_t::string, "a decimal string"));
  auto commitment = Fr::from_decimal(mc->get<std::string>());
  if (!commitment) return bad(source, "/model_commitment", commitment.error().message);
  m.model_commitment = commitment.value();
  ZKC_TRY(const json* ratio, need("ratio", json::value_t::string, "a string num/den"));
  auto r = parse_ratio(ratio->get<std::string>());
  if (!r) return bad(source, "/ratio", r.error().message);
  m.ratio = r.value();
  ZKC_TRY(const json* names, need("public_signals", json::value_t::array, "an array"));
  if (names->size() != kNumPublicSignals) return bad(source, "/public_signals", "expected 6 names");
  for (std::size_t i = 0; i < kNumPublicSignals; ++i)
    if (!(*names)[i].is_string() || (*names)[i].get<std::string>() != kPublicSignalNames[i])
      return bad(source, "/public_signals/" + std::to_string(i),
                 "expected \"" + std::string(kPublicSignalNames[i]) + "\" (the layout of this build)");
  ZKC_TRY(const json* constraints, need("constraints", json::value_t::number_unsigned, "an integer"));
  m.constraints = constraints->get<std::size_t>();
  ZKC_TRY(const json* wires, need("wires", json::value_t::number_unsigned, "an integer"));
  m.wires = wires->get<std::size_t>();
  ZKC_TRY(const json* domain, need("domain_log2", json::value_t::number_unsigned, "an integer"));
  if (domain->get<std::uint64_t>() > 28) return bad(source, "/domain_log2", "larger than 28");
  m.domain_log2 = domain->get<unsigned>();
  ZKC_TRY(const json* stages, need("stages", json::value_t::array, "an array"));
  for (std::size_t i = 0; i < stages->size(); ++i) {
    const json& s = (*stages)[i];
    const std::string at = "/stages/" + std::to_string(i);
    if (!s.is_object() || !s.contains("name") || !s["name"].is_string() || !s.contains("constraints") ||
        !is_count(s["constraints"]))
      return bad(source, at, "expected {\"name\": string, \"constraints\": integer}");
    m.stages.push_back({s["name"].get<std::string>(), s["constraints"].get<std::size_t>()});
  }
  return m;
}

Result<CircuitManifest> read_manifest(const std::string& path) {
  ZKC_TRY(const std::string text, read_text_file(path));
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return make_error(Errc::kBadFormat, path + ": not valid JSON");
  return manifest_from_json(j, path);
}

namespace {

CircuitManifest manifest_for(const ml::QuantizedNetwork& net, zkml::WeightVisibility weights,
                             const CollateralRatio& ratio, const CreditCircuit& circuit) {
  CircuitManifest m;
  m.weights = weights;
  m.fractional_bits = net.fractional_bits;
  m.widths = widths_of(net);
  m.model_commitment = zkml::model_commitment(net);
  m.ratio = ratio;
  m.constraints = circuit.built.cs.constraints.size();
  m.wires = circuit.built.cs.num_wires;
  m.domain_log2 = groth16::setup_domain_log2(circuit.built.cs);
  m.stages = circuit.stages;
  return m;
}

}  // namespace

CircuitManifest describe_circuit(const ml::QuantizedNetwork& net, zkml::WeightVisibility weights,
                                 const CollateralRatio& ratio) {
  return manifest_for(net, weights, ratio, build_credit_circuit(net, weights, nullptr, nullptr));
}

Result<CreditKeys> credit_setup(const ml::QuantizedNetwork& net, zkml::WeightVisibility weights,
                                const CollateralRatio& ratio, const groth16::formats::PtauFile& ptau,
                                const SetupProgressFn& progress) {
  if (Status st = net.validate(); !st) return st.error();
  CreditCircuit circuit = build_credit_circuit(net, weights, nullptr, nullptr);
  CreditKeys keys;
  keys.manifest = manifest_for(net, weights, ratio, circuit);
  ZKC_TRY(keys.pk, groth16::setup_from_ptau(circuit.built.cs, ptau, [&](std::size_t done, std::size_t total) {
            if (progress) progress("setup", done, total);
          }));
  groth16::Phase2ContributeOptions contribution;
  contribution.name = "zkcredit setup";
  ZKC_TRY(const auto hash,
          groth16::phase2_contribute(keys.pk, contribution, [&](std::size_t done, std::size_t total) {
            if (progress) progress("phase-2 contribution", done, total);
          }));
  (void)hash;
  keys.cs = std::move(circuit.built.cs);
  return keys;
}

Result<CreditSecrets> make_secrets(const ml::QuantizedNetwork& net, std::span<const double> features,
                                   std::uint64_t collateral, std::uint64_t loan) {
  CreditSecrets s;
  ZKC_TRY(s.features, net.quantize_input(features));
  s.feature_salt = Fr::random();
  s.position_salt = Fr::random();
  s.collateral = collateral;
  s.loan = loan;
  return s;
}

Result<CreditProof> credit_prove(const groth16::ProvingKey& pk, const CircuitManifest& manifest,
                                 const ml::QuantizedNetwork& net, const CreditStatement& statement,
                                 const CreditSecrets& secrets, std::vector<Fr>* witness_out) {
  using Clock = std::chrono::steady_clock;
  if (widths_of(net) != manifest.widths || net.fractional_bits != manifest.fractional_bits)
    return make_error(Errc::kInvalidArgument,
                      "the model's architecture (widths, fractional bits) differs from the keys' circuit");
  if (pk.num_public != kNumPublicSignals || pk.num_wires != manifest.wires)
    return make_error(Errc::kInvalidArgument, "the proving key is not the credit circuit of circuit.json (" +
                                                  std::to_string(pk.num_wires) + " wires, " +
                                                  std::to_string(pk.num_public) + " public signals)");
  if (secrets.features.size() != static_cast<std::size_t>(manifest.widths.front()))
    return make_error(Errc::kBadLength, "expected " + std::to_string(manifest.widths.front()) +
                                            " features, got " + std::to_string(secrets.features.size()));
  for (std::size_t j = 0; j < secrets.features.size(); ++j)
    if (secrets.features[j] < net.input_lower[j] || secrets.features[j] > net.input_upper[j])
      return make_error(Errc::kInvalidArgument,
                        "feature " + std::to_string(j) + " is outside the model's input range");
  if (secrets.loan == 0) return make_error(Errc::kInvalidArgument, "the loan amount must be at least 1");
  if (statement.ratio.den == 0) return make_error(Errc::kInvalidArgument, "the ratio's denominator is 0");
  if (!covers(secrets.collateral, secrets.loan, statement.ratio))
    return make_error(Errc::kInvalidArgument, "collateral " + std::to_string(secrets.collateral) +
                                                  " does not cover " + statement.ratio.to_string() +
                                                  " x loan " + std::to_string(secrets.loan) +
                                                  ": no proof exists");
  const auto t0 = Clock::now();
  CreditCircuit circuit = build_credit_circuit(net, manifest.weights, &statement, &secrets);
  CreditProof out;
  out.witness_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  std::vector<Fr>& w = circuit.built.witness;
  struct Wipe {
    std::vector<Fr>& w;
    ~Wipe() {
      if (!w.empty()) secure_wipe(w.data(), w.size() * sizeof(Fr));
    }
  } wipe{w};
  if (circuit.built.cs.num_wires != pk.num_wires)
    return make_error(Errc::kInvalidArgument, "the proving key is for another circuit (" +
                                                  std::to_string(pk.num_wires) + " wires, this circuit has " +
                                                  std::to_string(circuit.built.cs.num_wires) + ")");
  // With public weights the circuit's model-commitment signal is the constant the circuit was built
  // with: comparing it here avoids hashing the model a second time.
  if (manifest.weights == zkml::WeightVisibility::kPublic &&
      r1cs::public_signals(circuit.built.cs, w)[kModelCommitment] != manifest.model_commitment)
    return make_error(
        Errc::kInvalidArgument,
        "the model's commitment differs from the keys' (these keys bake another model's weights in)");
  // A safety net: the checks above make an unsatisfied witness a bug, which is better reported here
  // than as a proof that does not verify.
  if (Status s = r1cs::check(circuit.built.cs, w); !s)
    return make_error(Errc::kInvalidArgument,
                      "the witness does not satisfy the circuit: " + s.error().message);
  ZKC_TRY(out.proof, groth16::prove(pk, w, &out.timings));
  out.public_signals = groth16::public_signals(pk, w);
  if (witness_out != nullptr) *witness_out = w;
  return out;
}

Result<CreditPublic> decode_public(std::span<const Fr> signals, int fractional_bits) {
  if (signals.size() != kNumPublicSignals)
    return make_error(Errc::kBadLength, "expected " + std::to_string(kNumPublicSignals) +
                                            " public signals, got " + std::to_string(signals.size()));
  CreditPublic p;
  const ff::U256 score = signals[kScore].to_u256();
  const ff::U256 one = ff::U256::from_u64(1).shl(static_cast<unsigned>(fractional_bits));
  if (one < score)
    return make_error(Errc::kInvalidArgument, "score signal " + signals[kScore].to_decimal() +
                                                  " is beyond 2^" + std::to_string(fractional_bits));
  p.score = static_cast<std::int64_t>(score.limb[0]);
  p.model_commitment = signals[kModelCommitment];
  p.feature_commitment = signals[kFeatureCommitment];
  p.position_commitment = signals[kPositionCommitment];
  ZKC_TRY(p.ratio, unpack_ratio(signals[kRatio]));
  ZKC_TRY(p.borrower, unpack_borrower(signals[kBorrower]));
  return p;
}

}  // namespace zkc::lending
