// `zkcredit he keygen|encrypt|score|decrypt|train`: encrypted credit scoring with CKKS (src/zkc/he/ckks,
// src/zkc/lending/encrypted_scoring). The borrower makes the keys and encrypts her features; the pool scores
// the ciphertext with the evaluation keys only (it never opens secret.key); she decrypts the score.
// The scoring plan (activation polynomials, packing, depth, rotations) is a deterministic function of the
// model and its training rows, so both sides compile it from the model file and the data it records.
// `he train` runs encrypted SGD across participants (lending/encrypted_training) beside the same SGD in the
// clear.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "zkc/base/io.hpp"
#include "zkc/cli/command.hpp"
#include "zkc/cli/he_scoring.hpp"
#include "zkc/he/ckks/encryptor.hpp"
#include "zkc/he/ckks/ops.hpp"
#include "zkc/he/ckks/serialize.hpp"
#include "zkc/lending/encrypted_scoring.hpp"
#include "zkc/lending/encrypted_training.hpp"
#include "zkc/lending/wallet.hpp"
#include "zkc/ml/dataset.hpp"
#include "zkc/ml/model.hpp"

namespace zkc::cli {
namespace {

using Clock = std::chrono::steady_clock;
namespace ckks = he::ckks;

constexpr const char* kParamsFile = "params.json";
constexpr const char* kSecretFile = "secret.key";
constexpr const char* kPublicFile = "public.key";
constexpr const char* kRelinFile = "relin.key";
constexpr const char* kGaloisFile = "galois.key";

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

using Model = HeScoringModel;

}  // namespace

Result<HeScoringModel> load_model_and_plan(const std::string& model_path, std::string data_path, std::size_t slots) {
  ZKC_TRY(ml::CreditModel model, ml::read_model(model_path));
  const nlohmann::json& training = model.training;
  if (data_path.empty() && training.contains("data") && training["data"].is_string()) {
    data_path = training["data"].get<std::string>();
  }
  if (data_path.empty()) {
    return make_error(Errc::kInvalidArgument,
                      model_path + ": the model records no training data; pass --data");
  }
  ZKC_TRY(ml::LoadedData data, ml::load_data(data_path, model.mapping));
  // The plan is fitted on the training rows: both sides must read the very data the model was trained on.
  if (training.contains("data_sha256") && training["data_sha256"].is_string() &&
      training["data_sha256"].get<std::string>() != data.sha256) {
    return make_error(Errc::kInvalidArgument, data_path + ": not the data the model was trained on (sha256 " +
                                                  data.sha256 + ", the model records " +
                                                  training["data_sha256"].get<std::string>() + ")");
  }
  ZKC_TRY(ml::Split split, lending::model_split(model, data.table));
  const Eigen::MatrixXd train = lending::rows_of(data.table, split.train);
  ZKC_TRY(lending::ScoringPlan plan, lending::compile_plan(model, train, slots));
  return Model{std::move(model), std::move(plan)};
}

namespace {

// --- keygen -----------------------------------------------------------------------------------------

struct KeygenArgs {
  std::string out, model, data;
};

int run_keygen(const KeygenArgs& a, Context& ctx) {
  const auto t0 = Clock::now();
  auto m = load_model_and_plan(a.model, a.data, 16384 / 2);
  if (!m) return ctx.fail(m.error());
  const lending::ScoringPlan& plan = m.value().plan;
  auto params = lending::scoring_parameters(plan.depth());
  if (!params) return ctx.fail(params.error());
  auto context = ckks::Context::create(params.value());
  if (!context) return ctx.fail(context.error());
  const ckks::Context& c = *context.value();
  if (Status s = make_dir(a.out); !s) return ctx.fail(s.error());
  const auto t1 = Clock::now();
  ckks::KeyGenerator keygen(context.value());
  const ckks::PublicKey pk = keygen.public_key();
  const ckks::RelinKey rk = keygen.relin_key();
  const ckks::GaloisKeys gk = keygen.galois_keys(plan.rotations());
  const double keygen_ms = ms_since(t1);
  for (Status s : {ckks::write_parameters(params.value(), join_path(a.out, kParamsFile)),
                   ckks::write_secret_key(c, keygen.secret_key(), join_path(a.out, kSecretFile)),
                   ckks::write_public_key(c, pk, join_path(a.out, kPublicFile)),
                   ckks::write_relin_key(c, rk, join_path(a.out, kRelinFile)),
                   ckks::write_galois_keys(c, gk, join_path(a.out, kGaloisFile))}) {
    if (!s) return ctx.fail(s.error());
  }
  ctx.out << "CKKS keys for encrypted scoring: N = " << c.n() << ", " << c.data_primes()
          << " data primes + 1 special, log2(QP) = " << fixed(c.log2_modulus(), 1) << " (128-bit bound "
          << ckks::max_log_modulus_128(c.n()) << "), scale 2^33\n";
  ctx.out << "plan depth " << plan.depth() << ", rotations";
  for (int s : plan.rotations()) ctx.out << " " << s;
  ctx.out << "\n";
  ctx.out << "wrote " << a.out << "/{" << kParamsFile << ", " << kSecretFile << " (0600, keep it), "
          << kPublicFile << ", " << kRelinFile << ", " << kGaloisFile
          << "}; give the pool params.json, relin.key and galois.key\n";
  ctx.out << "key generation " << fixed(keygen_ms, 0) << " ms, total " << fixed(ms_since(t0), 0) << " ms\n";
  return kExitOk;
}

// --- encrypt ----------------------------------------------------------------------------------------

struct EncryptArgs {
  std::string keys, model, data, features, out;
};

int run_encrypt(const EncryptArgs& a, Context& ctx) {
  const auto t0 = Clock::now();
  auto context = ckks::read_parameters(join_path(a.keys, kParamsFile));
  if (!context) return ctx.fail(context.error());
  const ckks::Context& c = *context.value();
  auto m = load_model_and_plan(a.model, a.data, c.slots());
  if (!m) return ctx.fail(m.error());
  auto features = lending::wallet_features(a.features, m.value().model);
  if (!features) return ctx.fail(features.error());
  auto slots = lending::encode_input(m.value().plan, features.value());
  if (!slots) return ctx.fail(slots.error());
  auto pk = ckks::read_public_key(c, join_path(a.keys, kPublicFile));
  if (!pk) return ctx.fail(pk.error());
  ckks::Encoder encoder(context.value());
  auto pt = encoder.encode(slots.value(), c.scale_at(c.max_level()), c.max_level());
  if (!pt) return ctx.fail(pt.error());
  ckks::Encryptor encryptor(context.value(), pk.value());
  const ckks::Ciphertext ct = encryptor.encrypt(pt.value());
  if (Status s = ckks::write_ciphertext(c, ct, a.out); !s) return ctx.fail(s.error());
  ctx.out << "encrypted " << features.value().size() << " features (replicated over " << c.slots()
          << " slots) to " << a.out << " in " << fixed(ms_since(t0), 0) << " ms\n";
  return kExitOk;
}

// --- score (the pool) -------------------------------------------------------------------------------

struct ScoreArgs {
  std::string keys, model, data, ciphertext, out;
};

int run_score(const ScoreArgs& a, Context& ctx) {
  auto context = ckks::read_parameters(join_path(a.keys, kParamsFile));
  if (!context) return ctx.fail(context.error());
  const ckks::Context& c = *context.value();
  auto m = load_model_and_plan(a.model, a.data, c.slots());
  if (!m) return ctx.fail(m.error());
  auto rk = ckks::read_relin_key(c, join_path(a.keys, kRelinFile));
  if (!rk) return ctx.fail(rk.error());
  auto gk = ckks::read_galois_keys(c, join_path(a.keys, kGaloisFile));
  if (!gk) return ctx.fail(gk.error());
  for (int step : m.value().plan.rotations()) {
    if (!gk.value().has(c.galois_element(step))) {
      return ctx.fail(
          make_error(Errc::kInvalidArgument, join_path(a.keys, kGaloisFile) + ": no key for a rotation by " +
                                                 std::to_string(step) + " (made for another model?)"));
    }
  }
  auto input = ckks::read_ciphertext(c, a.ciphertext);
  if (!input) return ctx.fail(input.error());
  const auto t0 = Clock::now();
  ckks::Evaluator eval(context.value());
  ckks::EvaluatorOps ops(eval, rk.value(), gk.value());
  auto scored = lending::score(ops, m.value().plan, input.value());
  if (!scored) return ctx.fail(scored.error());
  if (!ops.status()) return ctx.fail(ops.status().error());
  const double ms = ms_since(t0);
  if (Status s = ckks::write_ciphertext(c, scored.value(), a.out); !s) return ctx.fail(s.error());
  ctx.out << "scored the encrypted features in " << fixed(ms, 0) << " ms (" << m.value().plan.depth()
          << " levels, degrees";
  for (int d : m.value().plan.degrees) ctx.out << " " << d;
  ctx.out << "); the encrypted score is in " << a.out << "\n";
  return kExitOk;
}

// --- decrypt ----------------------------------------------------------------------------------------

struct DecryptArgs {
  std::string keys, ciphertext, model;
  bool json_output = false;
};

int run_decrypt(const DecryptArgs& a, Context& ctx) {
  auto context = ckks::read_parameters(join_path(a.keys, kParamsFile));
  if (!context) return ctx.fail(context.error());
  const ckks::Context& c = *context.value();
  auto sk = ckks::read_secret_key(c, join_path(a.keys, kSecretFile));
  if (!sk) return ctx.fail(sk.error());
  auto ct = ckks::read_ciphertext(c, a.ciphertext);
  if (!ct) return ctx.fail(ct.error());
  ckks::Decryptor decryptor(context.value(), std::move(sk).value());
  ckks::Encoder encoder(context.value());
  const std::vector<double> slots = encoder.decode_real(decryptor.decrypt(ct.value()));
  // The score sits in every slot; their spread is the CKKS error. A polynomial sigmoid can stray just
  // outside [0, 1]: clamp it.
  double lo = slots[0], hi = slots[0];
  for (double v : slots) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  if (hi - lo > 1e-2) {
    return ctx.fail(
        make_error(Errc::kInvalidArgument, a.ciphertext + ": not an encrypted score (its slots differ by " +
                                               fixed(hi - lo, 4) + "; a score fills every slot)"));
  }
  const double score = std::clamp(slots[0], 0.0, 1.0);
  std::optional<double> threshold;
  if (!a.model.empty()) {
    auto model = ml::read_model(a.model);
    if (!model) return ctx.fail(model.error());
    threshold = model.value().threshold;
  }
  if (a.json_output) {
    nlohmann::json j{
        {"score", score}, {"raw", slots[0]}, {"slot_spread", hi - lo}, {"level", ct.value().level()}};
    if (threshold) {
      j["threshold"] = *threshold;
      j["default_predicted"] = score >= *threshold;
    }
    ctx.out << j.dump(2) << "\n";
  } else {
    ctx.out << "score " << fixed(score, 6) << " (probability of default; spread across slots " << hi - lo
            << ")\n";
    if (threshold) {
      ctx.out << "decision at threshold " << fixed(*threshold, 4) << ": "
              << (score >= *threshold ? "predicted default" : "no default predicted") << "\n";
    }
  }
  return kExitOk;
}

// --- train (encrypted SGD against the same SGD in the clear) -----------------------------------------

struct TrainArgs {
  std::string data, out;
  std::size_t participants = 4;
  int rounds = 400, batch = 64, lambda = 40;
  double learning_rate = 0.3;
};

int run_train(const TrainArgs& a, Context& ctx) {
  auto data = ml::load_data(a.data, "taiwan");
  if (!data) return ctx.fail(data.error());
  lending::SgdOptions sgd;
  sgd.participants = a.participants;
  sgd.rounds = a.rounds;
  sgd.batch_size = a.batch;
  sgd.learning_rate = a.learning_rate;
  lending::HeTrainingOptions he_options;
  he_options.smudging_lambda = a.lambda;
  ctx.err << "training " << a.rounds << " rounds with " << a.participants
          << " participants, in the clear and on encrypted gradients (threshold CKKS, N = 8192)...\n";
  auto c = lending::compare_training(data.value().table, sgd, he_options);
  if (!c) return ctx.fail(c.error());
  const nlohmann::json report = lending::comparison_json(c.value(), sgd, he_options);
  if (!a.out.empty()) {
    if (Status s = write_text_file_atomic(a.out, report.dump(2) + "\n"); !s) return ctx.fail(s.error());
  }
  const auto& r = c.value();
  ctx.out << "test AUC: plaintext SGD " << fixed(r.plaintext.test_auc, 6) << ", encrypted SGD "
          << fixed(r.encrypted.run.test_auc, 6) << " (difference " << r.auc_difference << ")\n";
  ctx.out << "max weight difference " << r.max_weight_difference << "; per-round error "
          << r.encrypted.max_round_error << " (bound " << r.encrypted.round_error_bound << "); smudging 2^"
          << r.encrypted.smudging_bits << "\n";
  ctx.out << "time: plaintext " << fixed(r.plaintext.seconds, 2) << " s, encrypted "
          << fixed(r.encrypted.run.seconds, 2) << " s (encrypt " << fixed(r.encrypted.encrypt_seconds, 2)
          << ", aggregate " << fixed(r.encrypted.aggregate_seconds, 2) << ", collective decrypt "
          << fixed(r.encrypted.decrypt_seconds, 2) << ")\n";
  return std::fabs(r.auc_difference) <= 0.005 ? kExitOk : kExitFailure;
}

}  // namespace

void add_he_commands(CLI::App& app, Context& ctx) {
  auto* he = app.add_subcommand("he", "Encrypted credit scoring with CKKS (keygen, encrypt, score, decrypt)");
  he->require_subcommand(1);

  auto keygen = std::make_shared<KeygenArgs>();
  auto* k = he->add_subcommand("keygen", "Make CKKS keys sized for a model's scoring plan (the borrower)");
  k->add_option("--out", keygen->out, "output directory for the keys")->required();
  k->add_option("--model", keygen->model, "credit model (JSON)")->required();
  k->add_option("--data", keygen->data, "the model's training data (default: the file the model records)");
  k->callback([keygen, &ctx] { ctx.exit_code = run_keygen(*keygen, ctx); });

  auto encrypt = std::make_shared<EncryptArgs>();
  auto* e = he->add_subcommand("encrypt", "Encrypt a wallet's features under the public key (the borrower)");
  e->add_option("--keys", encrypt->keys, "keys directory (zkcredit he keygen)")->required();
  e->add_option("--model", encrypt->model, "credit model (JSON): its feature mapping and training box")
      ->required();
  e->add_option("--data", encrypt->data, "the model's training data (default: the file the model records)");
  e->add_option("--features", encrypt->features,
                "wallet history: .json (features, history or a Taiwan record) or .csv")
      ->required();
  e->add_option("--out", encrypt->out, "ciphertext file to write")->required();
  e->callback([encrypt, &ctx] { ctx.exit_code = run_encrypt(*encrypt, ctx); });

  auto score = std::make_shared<ScoreArgs>();
  auto* s =
      he->add_subcommand("score", "Score an encrypted feature vector with the evaluation keys (the pool)");
  s->add_option("--keys", score->keys, "directory with params.json, relin.key, galois.key (no secret key)")
      ->required();
  s->add_option("--model", score->model, "credit model (JSON)")->required();
  s->add_option("--data", score->data, "the model's training data (default: the file the model records)");
  s->add_option("--ciphertext", score->ciphertext, "encrypted features (zkcredit he encrypt)")->required();
  s->add_option("--out", score->out, "encrypted score to write")->required();
  s->callback([score, &ctx] { ctx.exit_code = run_score(*score, ctx); });

  auto decrypt = std::make_shared<DecryptArgs>();
  auto* d = he->add_subcommand("decrypt", "Decrypt an encrypted score with the secret key (the borrower)");
  d->add_option("--keys", decrypt->keys, "keys directory (zkcredit he keygen)")->required();
  d->add_option("--ciphertext", decrypt->ciphertext, "encrypted score (zkcredit he score)")->required();
  d->add_option("--model", decrypt->model, "credit model: also print the decision at its threshold");
  d->add_flag("--json", decrypt->json_output, "print JSON");
  d->callback([decrypt, &ctx] { ctx.exit_code = run_decrypt(*decrypt, ctx); });

  auto train = std::make_shared<TrainArgs>();
  auto* t =
      he->add_subcommand("train",
                         "Train by SGD on encrypted gradients across participants (threshold CKKS) and in "
                         "the clear; exit 0 when the test AUCs agree within 0.005");
  t->add_option("--data", train->data, "Taiwan-layout CSV")->required();
  t->add_option("--participants", train->participants, "participants holding shards")->capture_default_str();
  t->add_option("--rounds", train->rounds, "SGD rounds")->capture_default_str();
  t->add_option("--batch", train->batch, "rows per participant per round")->capture_default_str();
  t->add_option("--learning-rate", train->learning_rate, "SGD step eta")->capture_default_str();
  t->add_option("--lambda", train->lambda, "smudging: statistical distance 2^-lambda")->capture_default_str();
  t->add_option("--out", train->out, "write the comparison as JSON");
  t->callback([train, &ctx] { ctx.exit_code = run_train(*train, ctx); });
}

}  // namespace zkc::cli
