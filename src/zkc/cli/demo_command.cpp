// `zkcredit demo`: the borrower's private loan from end to end, on embedded defaults (the shipped
// credit model, a wallet history, a real Aave V2 position). Each step prints what stayed hidden, what
// was proven or revealed, sizes and timings; the whole run is recorded as JSON (demo.json) and, with
// --report, rendered as an HTML page with charts (src/zkc/report).
// Steps: features from her history; encrypted scoring (CKKS) decrypted by her wallet; the Groth16
// credit proof (setup on a local ceremony labelled not for production, or a given Powers-of-Tau file),
// verified off chain and, when node is available, by LendingPool on a local EVM
// (tools/evm/demo_pool.mjs); the Bulletproofs collateral proof; her rate from the ODE model; private
// monitoring of a real Aave position that ends in liquidation.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "zkc/base/io.hpp"
#include "zkc/base/version.hpp"
#include "zkc/cli/command.hpp"
#include "zkc/cli/he_scoring.hpp"
#include "zkc/commit/generators.hpp"
#include "zkc/dp/monitor.hpp"
#include "zkc/groth16/formats/ptau_file.hpp"
#include "zkc/groth16/ptau.hpp"
#include "zkc/groth16/snarkjs_json.hpp"
#include "zkc/groth16/solidity.hpp"
#include "zkc/groth16/verifier.hpp"
#include "zkc/he/ckks/encryptor.hpp"
#include "zkc/he/ckks/ops.hpp"
#include "zkc/he/ckks/serialize.hpp"
#include "zkc/lending/collateral_range.hpp"
#include "zkc/lending/credit_proof.hpp"
#include "zkc/lending/interest_rate.hpp"
#include "zkc/lending/wallet.hpp"
#include "zkc/report/demo_report.hpp"

namespace zkc::cli {
namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;
namespace fs = std::filesystem;
namespace ckks = he::ckks;

struct DemoArgs {
  std::string model = "data/models/credit_default.json";
  std::string wallet = "data/wallets/taiwan_record_15.csv";
  std::string position = "data/aave/0x2e9b1763686A1657814991e9395b9d298E9Ec321_details_v2.csv";
  std::string ptau;  // a public ceremony's file; default: a local one (not for production)
  std::string work = "build/demo";
  std::string report;
  std::string evm_script = "tools/evm/demo_pool.mjs";
  // Account 1 of the local EVM (tools/evm/demo_pool.mjs --accounts): the on-chain step sends from it.
  std::string address = "0x91692f169934f67899449362a8a938e3055e3db5";
  std::uint64_t nonce = 1, collateral = 150000, loan = 100000;
  std::string ratio = "3/2";
  double utilization = 0.5, days = 30;
  std::string epsilon = "4", threshold = "1.4", sensitivity = "0.01";
  bool no_evm = false;
};

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string human_ms(double ms) {
  if (ms < 1) return fmt("%.3f ms", ms);
  if (ms < 1000) return fmt("%.1f ms", ms);
  return fmt("%.2f s", ms / 1000);
}

std::string human_bytes(double bytes) {
  if (bytes < 1024) return fmt("%.0f bytes", bytes);
  if (bytes < 1024 * 1024) return fmt("%.1f KiB", bytes / 1024);
  return fmt("%.1f MiB", bytes / (1024 * 1024));
}

std::uint64_t file_size(const std::string& path) {
  std::error_code ec;
  const auto n = fs::file_size(path, ec);
  return ec ? 0 : static_cast<std::uint64_t>(n);
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  out += '\'';
  return out;
}

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string machine_description() {
  std::string model;
  std::ifstream cpu("/proc/cpuinfo");
  for (std::string line; std::getline(cpu, line);)
    if (line.rfind("model name", 0) == 0) {
      model = line.substr(line.find(':') + 2);
      break;
    }
  std::ostringstream out;
  out << std::thread::hardware_concurrency() << " x " << (model.empty() ? "unknown CPU" : model);
  return out.str();
}

// One step of the walk-through: printed as it ends, and recorded for the report.
struct Step {
  std::string id, title, status = "ok", hidden, proven, revealed, note;
  double seconds = 0;
  json sizes = json::array();
  void size(const std::string& what, std::uint64_t bytes) {
    sizes.push_back({{"what", what}, {"bytes", bytes}});
  }
  json to_json() const {
    return {{"id", id},           {"title", title},   {"status", status},
            {"seconds", seconds}, {"hidden", hidden}, {"proven", proven},
            {"public", revealed}, {"sizes", sizes},   {"note", note}};
  }
};

class Demo {
 public:
  Demo(const DemoArgs& a, Context& ctx) : a_(a), ctx_(ctx) {}

  int run();

 private:
  Status features();
  Status encrypted_scoring();
  Status credit_proof();
  Status on_chain();
  Status collateral_proof();
  Status rate();
  Status monitoring();
  Status local_ceremony(const std::string& path);

  void begin(Step& s, int n, const char* id, const char* title) {
    s.id = id;
    s.title = title;
    ctx_.out << "\n== " << n << "/7 " << title << "\n" << std::flush;
    step_start_ = Clock::now();
  }
  void end(Step& s) {
    s.seconds = std::chrono::duration<double>(Clock::now() - step_start_).count();
    if (working_) ctx_.err << "\r\033[K" << std::flush;
    working_ = false;
    if (s.status == "skipped") ctx_.out << "   skipped: " << s.note << "\n";
    if (!s.hidden.empty()) ctx_.out << "   hidden:   " << s.hidden << "\n";
    if (!s.proven.empty()) ctx_.out << "   proven:   " << s.proven << "\n";
    if (!s.revealed.empty()) ctx_.out << "   public:   " << s.revealed << "\n";
    for (const json& z : s.sizes)
      ctx_.out << "   size:     " << z["what"].get<std::string>() << " "
               << human_bytes(z["bytes"].get<double>()) << "\n";
    if (s.status == "ok" && !s.note.empty()) ctx_.out << "   note:     " << s.note << "\n";
    ctx_.out << "   time:     " << human_ms(s.seconds * 1000) << "\n" << std::flush;
    demo_["steps"].push_back(s.to_json());
  }
  // On a terminal, says what a long step is doing now (overwritten in place; cleared by end()).
  void working(const char* what) {
    if (!ctx_.progress) return;
    ctx_.err << "\r\033[K   ... " << what << std::flush;
    working_ = true;
  }
  void timing(const std::string& what, double ms, json peers = json::array()) {
    demo_["timings"].push_back({{"what", what}, {"zkcredit_ms", ms}, {"peers", std::move(peers)}});
  }
  std::string path(const char* name) const { return (fs::path(a_.work) / name).string(); }

  const DemoArgs& a_;
  Context& ctx_;
  json demo_ = json::object();
  Clock::time_point step_start_;
  bool working_ = false;
  // What the steps hand on.
  std::optional<ml::CreditModel> model_;
  std::vector<double> features_;
  double plain_score_ = 0, proven_score_ = -1;
  std::string keys_dir_, proof_dir_;
};

Status Demo::features() {
  Step s;
  begin(s, 1, "features", "Features from her history (in her wallet)");
  ZKC_TRY(model_, ml::read_model(a_.model));
  ZKC_TRY(features_, lending::wallet_features(a_.wallet, *model_));
  ZKC_TRY(plain_score_, model_->float_score(features_));
  json table = json::array();
  for (std::size_t i = 0; i < features_.size(); ++i) {
    table.push_back({{"name", model_->feature_names[i]}, {"value", features_[i]}});
    ctx_.out << "   " << model_->feature_names[i] << " = " << fmt("%.4g", features_[i]) << "\n";
  }
  demo_["borrower"] = {{"wallet", a_.wallet}, {"features", table}};
  s.hidden = "her balances, repayments and delays; the " + std::to_string(features_.size()) +
             " features computed from them (they never leave the wallet in the clear)";
  s.revealed = "nothing";
  s.note = "the pool's model (" + a_.model + ") scores her at " + fmt("%.4f", plain_score_) +
           " probability of default, computed in the clear inside her wallet for comparison";
  end(s);
  return {};
}

Status Demo::encrypted_scoring() {
  Step s;
  begin(s, 2, "he", "Encrypted scoring (CKKS): the pool scores her features without seeing them");
  working("fitting the scoring plan (activation polynomials) on the model's training data");
  const auto t_plan = Clock::now();
  ZKC_TRY(HeScoringModel m, load_model_and_plan(a_.model, "", 16384 / 2));
  const double plan_ms = ms_since(t_plan);
  ZKC_TRY(const ckks::Parameters params, lending::scoring_parameters(m.plan.depth()));
  ZKC_TRY(auto context, ckks::Context::create(params));
  const ckks::Context& c = *context;
  // The wallet: keys and encryption.
  working("her wallet makes CKKS keys (N = 16384) and encrypts her features");
  const auto t_keys = Clock::now();
  ckks::KeyGenerator keygen(context);
  const ckks::PublicKey pk = keygen.public_key();
  const ckks::RelinKey rk = keygen.relin_key();
  const ckks::GaloisKeys gk = keygen.galois_keys(m.plan.rotations());
  const double keys_ms = ms_since(t_keys);
  ZKC_TRY(const std::vector<double> slots, lending::encode_input(m.plan, features_));
  const auto t_enc = Clock::now();
  ckks::Encoder encoder(context);
  ZKC_TRY(const ckks::Plaintext pt, encoder.encode(slots, c.scale_at(c.max_level()), c.max_level()));
  ckks::Encryptor encryptor(context, pk);
  const ckks::Ciphertext ct = encryptor.encrypt(pt);
  const double enc_ms = ms_since(t_enc);
  // The pool: evaluation keys only.
  working("the pool scores the encrypted features (evaluation keys only)");
  const auto t_score = Clock::now();
  ckks::Evaluator eval(context);
  ckks::EvaluatorOps ops(eval, rk, gk);
  ZKC_TRY(const ckks::Ciphertext scored, lending::score(ops, m.plan, ct));
  if (!ops.status()) return ops.status();
  const double score_ms = ms_since(t_score);
  // The wallet decrypts.
  const auto t_dec = Clock::now();
  ckks::Decryptor decryptor(context, keygen.secret_key());
  const std::vector<double> out = encoder.decode_real(decryptor.decrypt(scored));
  const double dec_ms = ms_since(t_dec);
  const double encrypted_score = std::clamp(out.at(0), 0.0, 1.0);
  demo_["score"]["plain"] = plain_score_;
  demo_["score"]["encrypted"] = encrypted_score;
  // Sizes as written to disk.
  fs::create_directories(path("he"));
  for (Status st : {ckks::write_ciphertext(c, ct, path("he/features.ct")),
                    ckks::write_ciphertext(c, scored, path("he/score.ct")),
                    ckks::write_relin_key(c, rk, path("he/relin.key")),
                    ckks::write_galois_keys(c, gk, path("he/galois.key"))})
    if (!st) return st;
  s.size("encrypted features (to the pool)", file_size(path("he/features.ct")));
  s.size("encrypted score (back to her)", file_size(path("he/score.ct")));
  s.size("evaluation keys (relinearization + rotations, to the pool)",
         file_size(path("he/relin.key")) + file_size(path("he/galois.key")));
  // Written only to be measured: the demo keeps them in memory.
  fs::remove(path("he/relin.key"));
  fs::remove(path("he/galois.key"));
  s.hidden =
      "her features and her score: the pool computes on ciphertexts (RLWE, 128-bit security) and "
      "never holds the secret key";
  s.revealed = "the model (the pool's own), the CKKS parameters";
  s.note = "decrypted score " + fmt("%.4f", encrypted_score) + " against " + fmt("%.4f", plain_score_) +
           " in the clear (polynomial ReLU and sigmoid); N = " + std::to_string(c.n()) + ", depth " +
           std::to_string(m.plan.depth()) + "; keys " + human_ms(keys_ms) + ", encrypt " + human_ms(enc_ms) +
           ", pool's scoring " + human_ms(score_ms) + ", decrypt " + human_ms(dec_ms) + ", plan " +
           human_ms(plan_ms);
  timing("CKKS encrypted scoring (the pool)", score_ms);
  end(s);
  return {};
}

Status Demo::local_ceremony(const std::string& ptau_path) {
  ctx_.out << "   a local Powers-of-Tau ceremony (power 12), NOT FOR PRODUCTION: one contributor, this "
              "machine; pass --ptau with a public ceremony's file for real keys\n";
  const std::string p0 = ptau_path + ".0", p1 = ptau_path + ".1";
  Progress pnew(ctx_, "   ptau new"), pcontribute(ctx_, "   ptau contribute"),
      pprepare(ctx_, "   ptau prepare");
  if (Status st = groth16::ptau_new(12, p0, std::ref(pnew)); !st) return st;
  if (auto r =
          groth16::ptau_contribute(p0, p1, {"zkcredit demo (not for production)", ""}, std::ref(pcontribute));
      !r)
    return r.error();
  if (Status st = groth16::ptau_prepare(p1, ptau_path, std::ref(pprepare)); !st) return st;
  fs::remove(p0);
  fs::remove(p1);
  return {};
}

Status Demo::credit_proof() {
  Step s;
  begin(s, 3, "groth16", "Zero-knowledge credit proof (Groth16 on BN254)");
  std::string ptau = a_.ptau;
  if (ptau.empty()) {
    ptau = path("pot12_local_not_for_production.ptau");
    demo_["ceremony"] = "local Powers of Tau, power 12, one contributor (NOT FOR PRODUCTION)";
    if (file_size(ptau) == 0) {
      const auto t = Clock::now();
      if (Status st = local_ceremony(ptau); !st) return st;
      ctx_.out << "   ceremony " << human_ms(ms_since(t)) << " (kept in " << ptau << " for the next run)\n";
    } else {
      ctx_.out << "   the local ceremony of an earlier run (NOT FOR PRODUCTION): " << ptau << "\n";
    }
  } else {
    demo_["ceremony"] = "public Powers-of-Tau file " + fs::path(ptau).filename().string();
  }
  ZKC_TRY(const groth16::formats::PtauFile ptau_file, groth16::formats::PtauFile::open(ptau));
  ZKC_TRY(const lending::CollateralRatio ratio, lending::parse_ratio(a_.ratio));
  Progress setup_progress(ctx_, "   setup"), contribution_progress(ctx_, "   phase-2 contribution");
  const auto t_setup = Clock::now();
  ZKC_TRY(lending::CreditKeys keys,
          lending::credit_setup(model_->quantized, zkml::WeightVisibility::kPublic, ratio, ptau_file,
                                [&](std::string_view step, std::size_t done, std::size_t total) {
                                  (step == "setup" ? setup_progress : contribution_progress)(done, total);
                                }));
  const double setup_ms = ms_since(t_setup);
  const lending::CircuitManifest& manifest = keys.manifest;
  const groth16::VerifyingKey vk = keys.pk.verifying_key();
  // The keys directory the contract step reads (the verifier contract and the manifest).
  keys_dir_ = path("keys");
  fs::create_directories(keys_dir_);
  if (Status st = write_text_file_atomic(join_path(keys_dir_, "Groth16Verifier.sol"),
                                         groth16::export_solidity_verifier(vk));
      !st)
    return st;
  if (Status st = write_text_file_atomic(join_path(keys_dir_, "circuit.json"),
                                         lending::manifest_to_json(manifest).dump(1) + "\n");
      !st)
    return st;
  if (Status st = write_text_file_atomic(join_path(keys_dir_, "verification_key.json"),
                                         groth16::verifying_key_to_json(vk));
      !st)
    return st;

  ZKC_TRY(const auto address, lending::parse_address(a_.address));
  lending::CreditStatement statement;
  statement.ratio = ratio;
  statement.borrower.address = address;
  statement.borrower.nonce = a_.nonce;
  ZKC_TRY(const lending::CreditSecrets secrets,
          lending::make_secrets(model_->quantized, features_, a_.collateral, a_.loan));
  working("proving");
  const auto t_prove = Clock::now();
  ZKC_TRY(const lending::CreditProof proof,
          lending::credit_prove(keys.pk, manifest, model_->quantized, statement, secrets));
  const double prove_ms = ms_since(t_prove);
  const auto t_verify = Clock::now();
  ZKC_TRY(const bool valid, groth16::verify(vk, proof.public_signals, proof.proof));
  const double verify_ms = ms_since(t_verify);
  if (!valid)
    return make_error(Errc::kInvalidArgument, "the credit proof did not verify (a bug: please report it)");
  ZKC_TRY(const lending::CreditPublic pub,
          lending::decode_public(proof.public_signals, manifest.fractional_bits));
  proven_score_ =
      static_cast<double>(pub.score) / static_cast<double>(std::int64_t{1} << manifest.fractional_bits);
  demo_["score"]["proven"] = proven_score_;
  demo_["score"]["fractional_bits"] = manifest.fractional_bits;
  proof_dir_ = path("proof");
  fs::create_directories(proof_dir_);
  if (Status st =
          write_text_file_atomic(join_path(proof_dir_, "proof.json"), groth16::proof_to_json(proof.proof));
      !st)
    return st;
  if (Status st = write_text_file_atomic(join_path(proof_dir_, "public.json"),
                                         groth16::public_signals_to_json(proof.public_signals));
      !st)
    return st;
  s.hidden = "her features, her collateral (" + std::to_string(a_.collateral) + ") and loan (" +
             std::to_string(a_.loan) + "), the salts of the commitments";
  s.proven = "the registered model scores her committed features at " + fmt("%.4f", proven_score_) +
             " (in [0, 1]), and collateral >= " + ratio.to_string() + " x loan, for sender " + a_.address +
             " and nonce " + std::to_string(a_.nonce);
  s.revealed =
      "the score, the model's commitment, the commitments to her features and position, the "
      "ratio, her address and nonce (6 public signals)";
  s.size("proof (2 G1 + 1 G2, as EVM calldata)", 256);
  s.size("proving key (uncompressed points)",
         64 * (keys.pk.a.size() + keys.pk.b1.size() + keys.pk.c.size() + keys.pk.h.size()) +
             128 * keys.pk.b2.size());
  s.note = std::to_string(manifest.constraints) + " constraints (domain 2^" +
           std::to_string(manifest.domain_log2) + "); setup " + human_ms(setup_ms) + ", prove " +
           human_ms(prove_ms) + " (witness " + human_ms(proof.witness_ms) + "), verify " +
           human_ms(verify_ms);
  // Peers measured on this machine's twin, same circuit, key and witness (docs/BENCHMARKS.md, issue 5).
  timing("Groth16 prove, credit circuit", prove_ms,
         json::array({{{"name", "rapidsnark"}, {"ms", 61.7}}, {{"name", "snarkjs"}, {"ms", 692.0}}}));
  timing("Groth16 verify", verify_ms,
         json::array({{{"name", "rapidsnark"}, {"ms", 6.3}}, {{"name", "snarkjs"}, {"ms", 358.0}}}));
  end(s);
  return {};
}

Status Demo::on_chain() {
  Step s;
  begin(s, 4, "evm", "On chain: LendingPool verifies the proof and opens the loan (local EVM)");
  auto skip = [&](const std::string& why) {
    s.status = "skipped";
    s.note = why;
    end(s);
    return Status{};
  };
  if (a_.no_evm) return skip("--no-evm");
  if (std::system("command -v node >/dev/null 2>&1") != 0)
    return skip("node is not installed (apt-get install nodejs)");
  if (!fs::exists(a_.evm_script))
    return skip(a_.evm_script + " not found: run the demo from the repository root, or pass --evm-script");
  const std::string out = path("evm.json"), log = path("evm.log");
  fs::remove(out);
  const std::string cmd = "node " + shell_quote(a_.evm_script) + " " + shell_quote(keys_dir_) + " " +
                          shell_quote(proof_dir_) + " " + shell_quote(out) + " --utilization " +
                          fmt("%.6g", a_.utilization) + " --days " + fmt("%.6g", a_.days) + " >" +
                          shell_quote(log) + " 2>&1";
  working("compiling LendingPool and the verifier (solc-js), deploying them, borrowing");
  const int rc = std::system(cmd.c_str());
  const int code = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  auto log_text = read_text_file(log);
  if (code == 77) return skip("the EVM packages are not installed (npm ci --prefix tools/evm)");
  if (code != 0)
    return make_error(Errc::kInvalidArgument,
                      "the on-chain step failed (exit " + std::to_string(code) +
                          "): " + (log_text ? log_text.value() : std::string("no output")));
  ZKC_TRY(const std::string text, read_text_file(out));
  const json r = json::parse(text, nullptr, false);
  if (r.is_discarded() || !r.is_object()) return make_error(Errc::kBadFormat, out + ": not a JSON object");
  const bool accepted = r.value("accepted", false);
  if (!accepted) return make_error(Errc::kInvalidArgument, "LendingPool rejected the proof: " + text);
  demo_["evm"] = r;
  const auto gas = r.value("gas", json::object());
  s.proven = "the pool's Groth16Verifier accepted the proof for msg.sender; a tampered proof was " +
             std::string(r.value("tampered_rejected", false) ? "rejected" : "NOT rejected");
  s.revealed = "the six public signals and the loan's rate terms, on chain";
  s.note = "borrow " + std::to_string(gas.value("borrow", 0)) + " gas (verifyProof alone " +
           std::to_string(gas.value("verify_proof", 0)) + "), rateOf " +
           std::to_string(gas.value("rate_of", 0)) + " gas; " + r.value("evm", std::string("EVM")) +
           ", solc " + r.value("solc", std::string("?"));
  if (r.contains("rate") && r["rate"].is_object())
    s.note += "; the loan's rate on chain: " + fmt("%.4f %%", 100 * r["rate"].value("start", 0.0)) +
              " at opening, " + fmt("%.4f %%", 100 * r["rate"].value("after_days", 0.0)) + " after " +
              fmt("%g", a_.days) + " days";
  end(s);
  return {};
}

Status Demo::collateral_proof() {
  Step s;
  begin(s, 5, "bulletproofs", "Collateral proof without a trusted setup (Pedersen + Bulletproofs)");
  ZKC_TRY(const lending::CollateralRatio ratio, lending::parse_ratio(a_.ratio));
  const auto t_tables = Clock::now();
  commit::BulletproofGens::tables(64 * lending::kCollateralRangeValues);
  const double tables_ms = ms_since(t_tables);
  ZKC_TRY(const lending::CollateralOpening opening, lending::open_collateral(a_.collateral, a_.loan, 64));
  const lending::CollateralCommitments commitments = lending::commit_collateral(opening);
  const auto t_prove = Clock::now();
  ZKC_TRY(const lending::CollateralRangeProof proof, lending::prove_collateral_range(opening, ratio, 64));
  const double prove_ms = ms_since(t_prove);
  const auto t_verify = Clock::now();
  if (Status st = lending::verify_collateral_range(commitments, proof); !st) return st;
  const double verify_ms = ms_since(t_verify);
  s.hidden = "the collateral and the loan: Pedersen commitments are perfectly hiding";
  s.proven = "collateral >= " + ratio.to_string() +
             " x loan, both committed (an aggregated range proof over "
             "[C, L - 1, the gap's two halves], 64 bits each)";
  s.revealed = "two commitments (64 bytes) and the proof";
  s.size("proof", proof.proof.to_bytes().size() + 32);
  s.note = "prove " + human_ms(prove_ms) + ", verify " + human_ms(verify_ms) + " (+ " + human_ms(tables_ms) +
           " of generator tables, once per process); no ceremony, nothing to trust but discrete log";
  timing("Bulletproofs prove (m = 4, 64-bit)", prove_ms);
  timing("Bulletproofs verify (m = 4, 64-bit)", verify_ms);
  end(s);
  return {};
}

Status Demo::rate() {
  Step s;
  begin(s, 6, "rate", "Her interest rate from the verified score (risk-driven ODE)");
  const lending::RateModel model;  // zkcredit's defaults, as LendingPool's constructor sets them
  const double score = proven_score_ >= 0 ? proven_score_ : plain_score_;
  ZKC_TRY(const double r, lending::interest_rate(model, score, a_.utilization, a_.days));
  ZKC_TRY(const double r0, lending::interest_rate(model, score, a_.utilization, 0));
  json curve = json::array();
  for (int i = 0; i <= 40; ++i) {
    const double si = i / 40.0;
    ZKC_TRY(const double ri, lending::interest_rate(model, si, a_.utilization, a_.days));
    curve.push_back({{"score", si}, {"rate", ri}});
  }
  demo_["rate"] = {{"utilization", a_.utilization},
                   {"days", a_.days},
                   {"curve", curve},
                   {"borrower", {{"score", score}, {"rate", r}}},
                   {"model",
                    {{"r_max", model.r_max},
                     {"k", model.k},
                     {"lambda", model.lambda},
                     {"base", model.curve.base},
                     {"slope1", model.curve.slope1},
                     {"slope2", model.curve.slope2},
                     {"optimal", model.curve.optimal}}}};
  s.proven = "nothing new: the rate is a public function of the proven score and the pool's utilization";
  s.revealed = "the rate: " + fmt("%.4f %%", 100 * r0) +
               " at opening (the pool's utilization rate at U = " + fmt("%g", a_.utilization) + "), " +
               fmt("%.4f %%", 100 * r) + " after " + fmt("%g", a_.days) +
               " days, rising toward her risk level";
  s.note =
      "dr/dt = k s (r_max - r) - lambda (r - r_base(U)), closed form; contracts/InterestRate.sol computes "
      "the same in fixed point when the pool opens the loan";
  end(s);
  return {};
}

Status Demo::monitoring() {
  Step s;
  begin(s, 7, "monitor",
        "Private monitoring of a real Aave V2 position (Sparse Vector, differential privacy)");
  dp::MonitorPolicy policy;
  ZKC_TRY(policy.threshold, dp::parse_decimal(a_.threshold, 4, "--threshold"));
  ZKC_TRY(policy.sensitivity, dp::parse_decimal(a_.sensitivity, 4, "--sensitivity"));
  ZKC_TRY(const std::int64_t eps, dp::parse_decimal(a_.epsilon, 6, "--epsilon"));
  if (eps <= 0) return make_error(Errc::kInvalidArgument, "--epsilon must be positive");
  policy.epsilon_micro = static_cast<std::uint64_t>(eps);
  policy.max_alerts = 1;
  // The history: ratios for the chart, and the liquidation (the first snapshot with health factor < 1).
  ZKC_TRY(const std::string text, read_text_file(a_.position));
  dp::StreamParser parser(dp::StreamFormat::kCsv);
  json series = json::array();
  std::optional<std::int64_t> liquidation;
  int hf_col = -1;
  std::string position_id;
  std::istringstream lines(text);
  std::uint64_t n = 0;
  for (std::string line; std::getline(lines, line);) {
    ++n;
    if (n == 1) {
      std::istringstream cols(line);
      int i = 0;
      for (std::string c; std::getline(cols, c, ','); ++i)
        if (c == "healthFactor") hf_col = i;
    }
    ZKC_TRY(const std::optional<dp::Update> u, parser.parse_line(line, n));
    if (!u) continue;
    position_id = std::string(u->position);
    series.push_back({{"t", u->timestamp}, {"ratio", static_cast<double>(u->ratio) / dp::kGrid}});
    if (hf_col >= 0 && !liquidation) {
      std::istringstream cols(line);
      std::string c;
      for (int i = 0; i <= hf_col && std::getline(cols, c, ','); ++i) {
      }
      if (std::strtod(c.c_str(), nullptr) < 1) liquidation = u->timestamp;
    }
  }
  // The monitor itself, with a fresh ledger (a real deployment keeps one ledger for its whole life).
  const std::string ledger = path("monitor-ledger.db");
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(ledger + suffix);
  ZKC_TRY(dp::Monitor monitor, dp::Monitor::open(policy, ledger));
  json alerts = json::array();
  const int fd = ::open(a_.position.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return make_error(Errc::kIo, a_.position + ": cannot open");
  const auto t = Clock::now();
  Status st =
      monitor.run_fd(fd, a_.position, dp::StreamFormat::kCsv, [&](std::span<const dp::MonitorEvent> events) {
        for (const dp::MonitorEvent& e : events)
          if (e.kind == dp::MonitorEvent::Kind::kAlert)
            alerts.push_back({{"t", e.timestamp}, {"line", e.line}});
        return true;
      });
  ::close(fd);
  if (!st) return st;
  const double ms = ms_since(t);
  demo_["monitor"] = {{"position", position_id},
                      {"threshold", static_cast<double>(policy.threshold) / dp::kGrid},
                      {"epsilon", static_cast<double>(policy.epsilon_micro) / dp::kEpsilonScale},
                      {"sensitivity", static_cast<double>(policy.sensitivity) / dp::kGrid},
                      {"alerts_budget", policy.max_alerts},
                      {"series", series},
                      {"alerts", alerts},
                      {"liquidation", liquidation ? json(*liquidation) : json(nullptr)}};
  s.hidden = "the exact ratios: the alerts are epsilon-DP (epsilon " + a_.epsilon +
             " for the position's life, "
             "values hidden to within " +
             a_.sensitivity + "), from exact discrete Laplace noise";
  s.revealed = std::to_string(alerts.size()) +
               " alert(s), each only saying the noisy ratio crossed the noisy "
               "threshold " +
               a_.threshold;
  std::string lead;
  if (!alerts.empty() && liquidation) {
    const double days = static_cast<double>(*liquidation - alerts[0]["t"].get<std::int64_t>()) / 86400;
    lead = days > 0 ? fmt("%.1f days before the position became liquidatable", days)
                    : fmt("%.1f days after it became liquidatable", -days);
  }
  s.note = std::to_string(series.size()) + " snapshots of " + position_id + " (" + a_.position + ")" +
           (lead.empty() ? std::string() : "; the first alert came " + lead) + "; " + human_ms(ms) +
           " including the ledger's durable commits";
  end(s);
  return {};
}

// Every input checked before the first step, so that a typo costs seconds, not a ceremony.
Status validate(const DemoArgs& a) {
  for (const auto& [option, file] : {std::pair<const char*, const std::string*>{"--model", &a.model},
                                     {"--wallet", &a.wallet},
                                     {"--position", &a.position}}) {
    std::error_code ec;
    if (!fs::is_regular_file(*file, ec))
      return make_error(Errc::kIo,
                        std::string(option) + " " + *file +
                            ": no such file (run the demo from the repository root, or give the path)");
  }
  if (!a.ptau.empty() && !fs::is_regular_file(a.ptau))
    return make_error(Errc::kIo, "--ptau " + a.ptau + ": no such file");
  if (auto r = lending::parse_ratio(a.ratio); !r) return r.error();
  if (auto r = lending::parse_address(a.address); !r) return r.error();
  if (a.loan == 0) return make_error(Errc::kInvalidArgument, "--loan must be positive");
  if (!(a.utilization >= 0 && a.utilization <= 1))
    return make_error(Errc::kInvalidArgument, "--utilization must be in [0, 1]");
  if (!(a.days >= 0 && std::isfinite(a.days)))
    return make_error(Errc::kInvalidArgument, "--days must be >= 0");
  ZKC_TRY(const std::int64_t eps, dp::parse_decimal(a.epsilon, 6, "--epsilon"));
  if (eps <= 0)
    return make_error(Errc::kInvalidArgument, "--epsilon must be positive (got " + a.epsilon + ")");
  if (auto r = dp::parse_decimal(a.threshold, 4, "--threshold"); !r) return r.error();
  return {};
}

int Demo::run() {
  const auto t0 = Clock::now();
  if (Status st = validate(a_); !st) return ctx_.fail(st.error());
  if (Status st = make_dir(a_.work); !st) return ctx_.fail(st.error());
  demo_["title"] = "zkcredit demo: Eunice's private loan";
  demo_["version"] = std::string("zkcredit ") + kVersion;
  demo_["generated"] = utc_now();
  demo_["machine"] = machine_description();
  demo_["steps"] = json::array();
  demo_["timings"] = json::array();
  ctx_.out << "zkcredit demo: a borrower (Eunice) takes a loan from a lending pool without revealing her "
              "finances.\nWork files: "
           << a_.work << "\n";
  for (Status (Demo::*step)() : {&Demo::features, &Demo::encrypted_scoring, &Demo::credit_proof,
                                 &Demo::on_chain, &Demo::collateral_proof, &Demo::rate, &Demo::monitoring}) {
    if (Status st = (this->*step)(); !st) return ctx_.fail(st.error());
  }
  // The summary.
  json summary = json::array();
  const json& rate = demo_["rate"];
  summary.push_back("Eunice borrowed " + std::to_string(a_.loan) + " against " +
                    std::to_string(a_.collateral) + " of collateral; the pool learned her risk score (" +
                    fmt("%.4f", proven_score_) + ") and that her collateral covers " + a_.ratio +
                    " of the loan, and nothing else.");
  summary.push_back("Her rate: " + fmt("%.4f %%", 100 * rate["borrower"]["rate"].get<double>()) + " after " +
                    fmt("%g", a_.days) + " days at utilization " + fmt("%g", a_.utilization) + ".");
  summary.push_back("Encrypted scoring agreed with the clear score to " +
                    fmt("%.1e", std::abs(demo_["score"]["encrypted"].get<double>() - plain_score_)) +
                    "; the proven (quantized) score to " +
                    fmt("%.1e", std::abs(proven_score_ - plain_score_)) + ".");
  const json& mon = demo_["monitor"];
  summary.push_back("The monitor raised " + std::to_string(mon["alerts"].size()) +
                    " private alert(s) on a real Aave "
                    "position that was later liquidated.");
  summary.push_back("Total " + human_ms(ms_since(t0)) + ".");
  demo_["summary"] = summary;
  const std::string json_path = path("demo.json");
  if (Status st = write_text_file_atomic(json_path, demo_.dump(1) + "\n"); !st) return ctx_.fail(st.error());
  ctx_.out << "\n== Summary\n";
  for (const json& line : summary) ctx_.out << "   " << line.get<std::string>() << "\n";
  ctx_.out << "   recorded in " << json_path << "\n";
  if (!a_.report.empty()) {
    if (Status st = write_text_file_atomic(a_.report, report::render_demo_report(demo_)); !st)
      return ctx_.fail(st.error());
    ctx_.out << "   report: " << a_.report << " (open it in a browser)\n";
  }
  return kExitOk;
}

}  // namespace

void add_demo_command(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<DemoArgs>();
  auto* d = app.add_subcommand("demo", "The borrower's private loan from end to end, on embedded defaults");
  d->add_option("--report", args->report, "write an HTML report with charts here");
  d->add_option("--work", args->work, "directory for the demo's files (keys, proofs, ledger, demo.json)")
      ->capture_default_str();
  d->add_option(
      "--ptau", args->ptau,
      "a Powers-of-Tau file (e.g. a public ceremony's); default: a local ceremony, NOT for production");
  d->add_option("--model", args->model, "the pool's credit model")->capture_default_str();
  d->add_option("--wallet", args->wallet, "the borrower's wallet history")->capture_default_str();
  d->add_option("--position", args->position, "an Aave V2 position history (CSV) to monitor")
      ->capture_default_str();
  d->add_option("--collateral", args->collateral, "her collateral")->capture_default_str();
  d->add_option("--loan", args->loan, "her loan")->capture_default_str();
  d->add_option("--ratio", args->ratio, "the pool's collateral ratio")->capture_default_str();
  d->add_option("--utilization", args->utilization, "the pool's utilization U")->capture_default_str();
  d->add_option("--days", args->days, "days after opening for the rate")->capture_default_str();
  d->add_option("--epsilon", args->epsilon, "the monitor's privacy budget per position")
      ->capture_default_str();
  d->add_option("--threshold", args->threshold, "the monitor's alert threshold")->capture_default_str();
  d->add_option("--evm-script", args->evm_script, "the on-chain step's script")->capture_default_str();
  d->add_flag("--no-evm", args->no_evm, "skip the on-chain step");
  d->callback([args, &ctx] { ctx.exit_code = Demo(*args, ctx).run(); });
}

}  // namespace zkc::cli
