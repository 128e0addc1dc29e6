// `zkcredit setup|prove|verify`: the zero-knowledge credit proof (src/zkc/lending). setup makes the
// keys for a model, prove proves a borrower's score and collateral for a sender and a nonce, verify
// checks a proof against the keys and prints what it states.
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "zkc/base/io.hpp"
#include "zkc/cli/command.hpp"
#include "zkc/groth16/formats/r1cs_file.hpp"
#include "zkc/groth16/formats/wtns_file.hpp"
#include "zkc/groth16/formats/zkey_file.hpp"
#include "zkc/groth16/snarkjs_json.hpp"
#include "zkc/groth16/solidity.hpp"
#include "zkc/groth16/verifier.hpp"
#include "zkc/lending/credit_proof.hpp"
#include "zkc/lending/wallet.hpp"
#include "zkc/ml/model.hpp"

namespace zkc::cli {
namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;
// The files of a keys directory and of a proof directory.
constexpr const char* kZkeyFile = "credit.zkey";
constexpr const char* kVkeyFile = "verification_key.json";
constexpr const char* kVerifierFile = "Groth16Verifier.sol";
constexpr const char* kManifestFile = "circuit.json";
constexpr const char* kR1csFile = "credit.r1cs";
constexpr const char* kProofFile = "proof.json";
constexpr const char* kPublicFile = "public.json";
constexpr const char* kOpeningFile = "opening.json";

std::string score_text(std::int64_t score, int f) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f",
                static_cast<double>(score) / static_cast<double>(std::int64_t{1} << f));
  return buf;
}

Result<zkml::WeightVisibility> parse_weights(const std::string& s) {
  if (s == "public") return zkml::WeightVisibility::kPublic;
  if (s == "private") return zkml::WeightVisibility::kPrivate;
  return make_error(Errc::kInvalidArgument, "--weights: expected 'public' or 'private', got '" + s + "'");
}

// --- setup ------------------------------------------------------------------------------------------

struct SetupArgs {
  std::string model, ptau, out, ratio = "3/2", weights = "public";
};

int run_setup(const SetupArgs& a, Context& ctx) {
  const auto t0 = Clock::now();
  auto ratio = lending::parse_ratio(a.ratio);
  if (!ratio) return ctx.fail(ratio.error());
  auto weights = parse_weights(a.weights);
  if (!weights) return ctx.fail(weights.error());
  auto model = ml::read_model(a.model);
  if (!model) return ctx.fail(model.error());
  auto ptau = groth16::formats::PtauFile::open(a.ptau);
  if (!ptau) return ctx.fail(ptau.error());
  if (Status s = make_dir(a.out); !s) return ctx.fail(s.error());
  Progress setup_progress(ctx, "setup"), contribution_progress(ctx, "phase-2 contribution");
  auto keys = lending::credit_setup(model.value().quantized, weights.value(), ratio.value(), ptau.value(),
                                    [&](std::string_view step, std::size_t done, std::size_t total) {
                                      (step == "setup" ? setup_progress : contribution_progress)(done, total);
                                    });
  if (!keys) return ctx.fail(keys.error());
  const groth16::ProvingKey& pk = keys.value().pk;
  const lending::CircuitManifest& m = keys.value().manifest;
  // The circuit as .r1cs (snarkjs `zkey verify` and other provers read it).
  groth16::formats::R1csFile r1cs;
  r1cs.cs = std::move(keys.value().cs);
  r1cs.layout = groth16::formats::R1csLayout::kHeaderFirst;
  const groth16::VerifyingKey vk = pk.verifying_key();
  // The manifest last: a keys directory with circuit.json is complete.
  if (Status s = groth16::formats::write_zkey(pk, join_path(a.out, kZkeyFile)); !s)
    return ctx.fail(s.error());
  if (Status s = write_text_file_atomic(join_path(a.out, kVkeyFile), groth16::verifying_key_to_json(vk)); !s)
    return ctx.fail(s.error());
  if (Status s =
          write_text_file_atomic(join_path(a.out, kVerifierFile), groth16::export_solidity_verifier(vk));
      !s)
    return ctx.fail(s.error());
  if (Status s = groth16::formats::write_r1cs(r1cs, join_path(a.out, kR1csFile)); !s)
    return ctx.fail(s.error());
  if (Status s = write_text_file_atomic(join_path(a.out, kManifestFile),
                                        lending::manifest_to_json(m).dump(1) + "\n");
      !s)
    return ctx.fail(s.error());

  ctx.out << "circuit: network";
  for (std::size_t i = 0; i < m.widths.size(); ++i) ctx.out << (i ? "-" : " ") << m.widths[i];
  ctx.out << ", " << m.fractional_bits << " fractional bits, " << a.weights << " weights, ratio "
          << m.ratio.to_string() << "\n";
  for (const zkml::StageCost& s : m.stages)
    ctx.out << "  " << s.name << ": " << s.constraints << " constraints\n";
  ctx.out << "total: " << m.constraints << " constraints, " << m.wires << " wires, domain 2^" << m.domain_log2
          << ", " << lending::kNumPublicSignals << " public signals\n";
  ctx.out << "model commitment: " << m.model_commitment.to_decimal() << "\n";
  ctx.out << "wrote " << a.out << "/{" << kZkeyFile << ", " << kVkeyFile << ", " << kVerifierFile << ", "
          << kR1csFile << ", " << kManifestFile << "} in " << static_cast<long>(ms_since(t0)) << " ms\n";
  ctx.out << "note: the key has one phase-2 contribution, made here; add independent ones (zkcredit zkey "
             "contribute) before others rely on it\n";
  return kExitOk;
}

// --- prove ------------------------------------------------------------------------------------------

struct ProveArgs {
  std::string keys, model, wallet, address, out, ratio, feature_salt, wtns;
  std::uint64_t collateral = 0, loan = 0, nonce = 0;
  bool verbose = false;
};

int run_prove(const ProveArgs& a, Context& ctx) {
  const auto t0 = Clock::now();
  auto manifest = lending::read_manifest(join_path(a.keys, kManifestFile));
  if (!manifest) return ctx.fail(manifest.error());
  auto address = lending::parse_address(a.address);
  if (!address) return ctx.fail(address.error());
  lending::CreditStatement statement;
  statement.borrower.address = address.value();
  statement.borrower.nonce = a.nonce;
  statement.ratio = manifest.value().ratio;
  if (!a.ratio.empty()) {
    auto r = lending::parse_ratio(a.ratio);
    if (!r) return ctx.fail(r.error());
    statement.ratio = r.value();
  }
  auto model = ml::read_model(a.model);
  if (!model) return ctx.fail(model.error());
  auto features = lending::wallet_features(a.wallet, model.value());
  if (!features) return ctx.fail(features.error());
  auto secrets = lending::make_secrets(model.value().quantized, features.value(), a.collateral, a.loan);
  if (!secrets) return ctx.fail(secrets.error());
  if (!a.feature_salt.empty()) {
    auto salt = a.feature_salt.starts_with("0x") ? ff::bn254::Fr::from_hex(a.feature_salt)
                                                 : ff::bn254::Fr::from_decimal(a.feature_salt);
    if (!salt) return ctx.fail(make_error(salt.error().code, "--feature-salt: " + salt.error().message));
    secrets.value().feature_salt = salt.value();
  }
  const auto t_load = Clock::now();
  auto pk = groth16::formats::read_zkey(join_path(a.keys, kZkeyFile));
  if (!pk) return ctx.fail(pk.error());
  const double load_ms = ms_since(t_load);
  std::vector<ff::bn254::Fr> witness;
  auto proof = lending::credit_prove(pk.value(), manifest.value(), model.value().quantized, statement,
                                     secrets.value(), a.wtns.empty() ? nullptr : &witness);
  if (!proof) return ctx.fail(proof.error());
  if (!a.wtns.empty()) {
    Status s = groth16::formats::write_wtns(witness, a.wtns);
    secure_wipe(witness.data(), witness.size() * sizeof(ff::bn254::Fr));
    if (!s) return ctx.fail(s.error());
  }
  const auto& signals = proof.value().public_signals;
  auto pub = lending::decode_public(signals, manifest.value().fractional_bits);
  if (!pub) return ctx.fail(pub.error());

  json features_q = json::array();
  for (const std::int64_t v : secrets.value().features) features_q.push_back(v);
  json opening = {{"warning", "secret: the openings of the proof's commitments; keep this file private"},
                  {"feature_names", model.value().feature_names},
                  {"features", features_q},
                  {"feature_salt", secrets.value().feature_salt.to_decimal()},
                  {"collateral", std::to_string(a.collateral)},
                  {"loan", std::to_string(a.loan)},
                  {"position_salt", secrets.value().position_salt.to_decimal()}};
  std::string opening_text = opening.dump(1) + "\n";
  if (Status s = make_dir(a.out); !s) return ctx.fail(s.error());
  if (Status s =
          write_text_file_atomic(join_path(a.out, kProofFile), groth16::proof_to_json(proof.value().proof));
      !s)
    return ctx.fail(s.error());
  if (Status s =
          write_text_file_atomic(join_path(a.out, kPublicFile), groth16::public_signals_to_json(signals));
      !s)
    return ctx.fail(s.error());
  Status opening_written = write_text_file_atomic(join_path(a.out, kOpeningFile), opening_text, 0600);
  secure_wipe(opening_text.data(), opening_text.size());
  if (!opening_written) return ctx.fail(opening_written.error());

  const int f = manifest.value().fractional_bits;
  ctx.out << "score " << score_text(pub.value().score, f) << " (" << pub.value().score << " / 2^" << f
          << "), collateral covers " << statement.ratio.to_string() << " x loan, borrower "
          << statement.borrower.address_hex() << " nonce " << statement.borrower.nonce << "\n";
  ctx.out << "wrote " << a.out << "/{" << kProofFile << ", " << kPublicFile << ", " << kOpeningFile
          << " (secret)}\n";
  if (a.verbose) {
    const auto& t = proof.value().timings;
    ctx.err << "zkcredit: load key " << load_ms << " ms, witness " << proof.value().witness_ms
            << " ms, prove " << t.total_ms << " ms (rows " << t.evaluate_ms << ", NTT " << t.ntt_ms
            << ", MSM " << t.msm_ms << "), total " << ms_since(t0) << " ms\n";
  }
  return kExitOk;
}

// --- verify -----------------------------------------------------------------------------------------

struct VerifyArgs {
  std::string keys, proof;
  bool json_output = false;
};

// Exit 0 valid, 1 invalid (the pairing check fails, a signal >= r, a point off its curve, or a proof
// for another model than the keys'), 2 bad input.
int run_verify(const VerifyArgs& a, Context& ctx) {
  auto manifest = lending::read_manifest(join_path(a.keys, kManifestFile));
  if (!manifest) return ctx.fail(manifest.error());
  const std::string vk_path = join_path(a.keys, kVkeyFile);
  auto vk_text = read_text_file(vk_path);
  if (!vk_text) return ctx.fail(vk_text.error());
  auto vk = groth16::verifying_key_from_json(vk_text.value(), vk_path);
  if (!vk) return ctx.fail(vk.error());
  if (vk.value().num_public() != lending::kNumPublicSignals)
    return ctx.fail(make_error(Errc::kInvalidArgument, vk_path + ": a key with " +
                                                           std::to_string(vk.value().num_public()) +
                                                           " public signals is not a credit-proof key"));
  auto invalid = [&](const std::string& why) {
    ctx.out << "invalid: " << why << "\n";
    return kExitFailure;
  };
  auto semantic = [](Errc c) {
    return c == Errc::kNotCanonical || c == Errc::kNotOnCurve || c == Errc::kNotInSubgroup;
  };
  const std::string pub_path = join_path(a.proof, kPublicFile), proof_path = join_path(a.proof, kProofFile);
  auto pub_text = read_text_file(pub_path);
  if (!pub_text) return ctx.fail(pub_text.error());
  auto signals = groth16::public_signals_from_json(pub_text.value(), pub_path);
  if (!signals)
    return semantic(signals.error().code) ? invalid(signals.error().message) : ctx.fail(signals.error());
  auto proof_text = read_text_file(proof_path);
  if (!proof_text) return ctx.fail(proof_text.error());
  auto proof = groth16::proof_from_json(proof_text.value(), proof_path);
  if (!proof) return semantic(proof.error().code) ? invalid(proof.error().message) : ctx.fail(proof.error());
  if (signals.value().size() != lending::kNumPublicSignals)
    return ctx.fail(
        make_error(Errc::kBadLength, pub_path + ": expected " + std::to_string(lending::kNumPublicSignals) +
                                         " public signals, got " + std::to_string(signals.value().size())));
  auto ok = groth16::verify(vk.value(), signals.value(), proof.value());
  if (!ok) return ctx.fail(ok.error());
  if (!ok.value()) return invalid("the pairing check failed");
  // A valid proof states only what its circuit constrains: decode it for the reader.
  auto pub = lending::decode_public(signals.value(), manifest.value().fractional_bits);
  if (!pub) return invalid(pub.error().message);
  const lending::CreditPublic& p = pub.value();
  if (p.model_commitment != manifest.value().model_commitment)
    return invalid("the proof is for model commitment " + p.model_commitment.to_decimal() +
                   ", the keys' model is " + manifest.value().model_commitment.to_decimal());
  const int f = manifest.value().fractional_bits;
  if (a.json_output) {
    ctx.out << json{{"valid", true},
                    {"score", score_text(p.score, f)},
                    {"score_fixed", p.score},
                    {"fractional_bits", f},
                    {"model_commitment", p.model_commitment.to_decimal()},
                    {"feature_commitment", p.feature_commitment.to_decimal()},
                    {"position_commitment", p.position_commitment.to_decimal()},
                    {"ratio", p.ratio.to_string()},
                    {"address", p.borrower.address_hex()},
                    {"nonce", p.borrower.nonce}}
                   .dump(1)
            << "\n";
    return kExitOk;
  }
  ctx.out << "valid\n";
  ctx.out << "score " << score_text(p.score, f) << " (" << p.score << " / 2^" << f << ")\n";
  ctx.out << "collateral covers " << p.ratio.to_string() << " x loan (both private)\n";
  ctx.out << "borrower " << p.borrower.address_hex() << " nonce " << p.borrower.nonce << "\n";
  ctx.out << "model commitment " << p.model_commitment.to_decimal() << " (the keys' model)\n";
  ctx.out << "feature commitment " << p.feature_commitment.to_decimal() << "\n";
  ctx.out << "position commitment " << p.position_commitment.to_decimal() << "\n";
  return kExitOk;
}

}  // namespace

void add_credit_commands(CLI::App& app, Context& ctx) {
  auto setup = std::make_shared<SetupArgs>();
  auto* s = app.add_subcommand("setup",
                               "Make the credit proof's keys for a model (circuit, Groth16 keys, verifier)");
  s->add_option("--model", setup->model, "credit model (JSON, zkcredit model train)")->required();
  s->add_option("--ptau", setup->ptau, "prepared Powers-of-Tau file (zkcredit ptau prepare)")->required();
  s->add_option("--out", setup->out, "output directory for the keys")->required();
  s->add_option("--ratio", setup->ratio, "default collateral ratio r_c, num/den or decimal")
      ->capture_default_str();
  s->add_option("--weights", setup->weights, "public: weights are circuit constants; private: committed")
      ->capture_default_str();
  s->callback([setup, &ctx] { ctx.exit_code = run_setup(*setup, ctx); });

  auto prove = std::make_shared<ProveArgs>();
  auto* p =
      app.add_subcommand("prove", "Prove a borrower's score and collateral (writes proof.json, public.json)");
  p->add_option("--keys", prove->keys, "keys directory (zkcredit setup)")->required();
  p->add_option("--model", prove->model, "the credit model the keys were made for")->required();
  p->add_option("--wallet", prove->wallet,
                "wallet history: .json (features, history or a Taiwan record) or .csv")
      ->required();
  p->add_option("--collateral", prove->collateral, "collateral C (integer units, private)")->required();
  p->add_option("--loan", prove->loan, "loan amount L (integer units, private, >= 1)")->required();
  p->add_option("--address", prove->address,
                "the borrower's address 0x... (the only sender who can use the proof)")
      ->required();
  p->add_option("--nonce", prove->nonce, "nonce (< 2^64; each proof's nonce can be used once)")->required();
  p->add_option("--out", prove->out, "output directory")->required();
  p->add_option("--ratio", prove->ratio, "collateral ratio num/den (default: the keys' ratio)");
  p->add_option("--feature-salt", prove->feature_salt,
                "salt of the feature commitment, decimal or 0x hex (default: fresh from the CSPRNG)");
  p->add_option("--wtns", prove->wtns,
                "also write the full witness (.wtns, secret, mode 0600) for other provers");
  p->add_flag("-v,--verbose", prove->verbose, "print timings to stderr");
  p->callback([prove, &ctx] { ctx.exit_code = run_prove(*prove, ctx); });

  auto verify = std::make_shared<VerifyArgs>();
  auto* v = app.add_subcommand("verify", "Verify a credit proof: exit 0 valid, 1 invalid, 2 bad input");
  v->add_option("--keys", verify->keys, "keys directory (zkcredit setup)")->required();
  v->add_option("--proof", verify->proof, "proof directory (zkcredit prove)")->required();
  v->add_flag("--json", verify->json_output, "print the decoded statement as JSON");
  v->callback([verify, &ctx] { ctx.exit_code = run_verify(*verify, ctx); });
}

}  // namespace zkc::cli
