// The credit proof (src/zkc/lending) with the default model: building the circuit and its witness,
// the whole in-process prove (witness, constraint check, Groth16), and verification with the 6 public
// signals. Keys: a `zkcredit setup` directory named by ZKC_CREDIT_KEYS (default: the test fixture
// build/release/fixtures/credit/keys that `ctest -R credit` makes).
//
// Encrypted credit scoring and training (src/zkc/lending/encrypted_scoring.hpp, encrypted_training.hpp):
// the default model's plan (compiled on its training rows, 8192 slots) under CKKS with N = 16384, prime
// bits [40, 33 x depth, 43] (depth = the plan's, 10), scale 2^33 (the parameters of `zkcredit he`;
// 128-bit secure: log2 QP = 413 <= 438). One client row (the first test row of the model's split).
//   BM_lending_he_score      the pool: the whole plan on the encrypted features (EvaluatorOps over the
//                            Evaluator, relinearization key, Galois keys for plan.rotations())
//   BM_lending_he_encrypt    the client: clamp and replicate the features, encode, public-key encrypt
//   BM_lending_he_decrypt    the client: decrypt the score, decode
//   BM_lending_he_keygen     secret, public, relinearization and the plan's Galois keys
//   BM_lending_he_training   compare_training with the defaults (4 participants, 400 rounds, N = 8192):
//                            one iteration; the test AUCs as counters
// Run: ./build/release/bench/zkc_lending_bench
//      ./build/release/bench/zkc_lending_bench --benchmark_filter=BM_lending_he_
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <string>

#include "zkc/groth16/formats/zkey_file.hpp"
#include "zkc/groth16/verifier.hpp"
#include "zkc/he/ckks/encryptor.hpp"
#include "zkc/he/ckks/evaluator.hpp"
#include "zkc/he/ckks/ops.hpp"
#include "zkc/lending/credit_proof.hpp"
#include "zkc/lending/encrypted_scoring.hpp"
#include "zkc/lending/encrypted_training.hpp"
#include "zkc/lending/wallet.hpp"
#include "zkc/ml/dataset.hpp"
#include "zkc/ml/model.hpp"

namespace {

using namespace zkc;

struct Fixture {
  ml::CreditModel model;
  lending::CircuitManifest manifest;
  groth16::ProvingKey pk;
  lending::CreditSecrets secrets;
  lending::CreditStatement statement;
};

const Fixture* fixture(benchmark::State& state) {
  static const Fixture* f = []() -> const Fixture* {
    const char* env = std::getenv("ZKC_CREDIT_KEYS");
    const std::string keys = env != nullptr ? env : std::string(ZKC_BINARY_DIR) + "/fixtures/credit/keys";
    auto* x = new Fixture;
    auto model = ml::read_model(std::string(ZKC_REPO_DATA_DIR) + "/models/credit_default.json");
    auto manifest = lending::read_manifest(keys + "/circuit.json");
    auto pk = groth16::formats::read_zkey(keys + "/credit.zkey");
    if (!model || !manifest || !pk) return nullptr;
    x->model = std::move(model.value());
    x->manifest = std::move(manifest.value());
    x->pk = std::move(pk.value());
    auto features =
        lending::wallet_features(std::string(ZKC_REPO_DATA_DIR) + "/wallets/eunice.json", x->model);
    x->secrets = lending::make_secrets(x->model.quantized, features.value(), 150000, 100000).value();
    x->statement.ratio = x->manifest.ratio;
    x->statement.borrower.address =
        lending::parse_address("0x00000000000000000000000000000000000000e1").value();
    x->statement.borrower.nonce = 7;
    return x;
  }();
  if (f == nullptr)
    state.SkipWithError(
        "no credit keys: run `ctest --preset release -R credit` or set ZKC_CREDIT_KEYS to a zkcredit setup "
        "directory");
  return f;
}

void BM_lending_credit_witness(benchmark::State& state) {
  const Fixture* f = fixture(state);
  if (f == nullptr) return;
  for (auto _ : state)
    benchmark::DoNotOptimize(
        lending::build_credit_circuit(f->model.quantized, f->manifest.weights, &f->statement, &f->secrets));
}
BENCHMARK(BM_lending_credit_witness)->Unit(benchmark::kMillisecond);

void BM_lending_credit_prove(benchmark::State& state) {
  const Fixture* f = fixture(state);
  if (f == nullptr) return;
  double groth16_ms = 0;
  for (auto _ : state) {
    auto p = lending::credit_prove(f->pk, f->manifest, f->model.quantized, f->statement, f->secrets);
    if (!p) {
      state.SkipWithError(p.error().message.c_str());
      return;
    }
    groth16_ms += p.value().timings.total_ms;
  }
  state.counters["groth16_ms"] = benchmark::Counter(groth16_ms / static_cast<double>(state.iterations()));
  state.counters["constraints"] = static_cast<double>(f->manifest.constraints);
}
BENCHMARK(BM_lending_credit_prove)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_lending_credit_verify(benchmark::State& state) {
  const Fixture* f = fixture(state);
  if (f == nullptr) return;
  auto p = lending::credit_prove(f->pk, f->manifest, f->model.quantized, f->statement, f->secrets);
  auto pvk = groth16::PreparedVerifyingKey::create(f->pk.verifying_key());
  if (!p || !pvk) {
    state.SkipWithError("prove or key preparation failed");
    return;
  }
  for (auto _ : state) {
    auto ok = groth16::verify(pvk.value(), p.value().public_signals, p.value().proof);
    if (!ok || !ok.value()) state.SkipWithError("the proof did not verify");
  }
}
BENCHMARK(BM_lending_credit_verify)->Unit(benchmark::kMillisecond);

// --- encrypted scoring and training ------------------------------------------------------------------

namespace ckks = he::ckks;

struct HeFixture {
  ml::CreditModel model;
  ml::FeatureTable table;
  lending::ScoringPlan plan;
  std::vector<double> features;  // the client's raw features
  ckks::ContextPtr ctx;
  std::unique_ptr<ckks::KeyGenerator> keygen;
  ckks::PublicKey pk;
  ckks::RelinKey rk;
  ckks::GaloisKeys gk;
  std::unique_ptr<ckks::Encoder> encoder;
  std::unique_ptr<ckks::Encryptor> encryptor;
  std::unique_ptr<ckks::Decryptor> decryptor;
  std::unique_ptr<ckks::Evaluator> eval;
  ckks::Ciphertext input, scored;
  std::string error;
};

std::unique_ptr<HeFixture> make_he_fixture() {
  auto f = std::make_unique<HeFixture>();
  auto model = ml::read_model(std::string(ZKC_REPO_DATA_DIR) + "/models/credit_default.json");
  if (!model) return f->error = model.error().message, std::move(f);
  f->model = std::move(model).value();
  auto data = ml::load_data(std::string(ZKC_REPO_DATA_DIR) + "/taiwan_default/UCI_Credit_Card.csv", "taiwan");
  if (!data) return f->error = data.error().message, std::move(f);
  f->table = std::move(data).value().table;
  auto split = lending::model_split(f->model, f->table);
  if (!split) return f->error = split.error().message, std::move(f);
  const Eigen::MatrixXd train = lending::rows_of(f->table, split.value().train);
  const Eigen::MatrixXd test = lending::rows_of(f->table, split.value().test);
  auto plan = lending::compile_plan(f->model, train, 16384 / 2);
  if (!plan) return f->error = plan.error().message, std::move(f);
  f->plan = std::move(plan).value();
  f->features.resize(static_cast<std::size_t>(test.cols()));
  for (Eigen::Index j = 0; j < test.cols(); ++j) f->features[static_cast<std::size_t>(j)] = test(0, j);
  auto ctx = ckks::Context::create(lending::scoring_parameters(f->plan.depth()).value());
  if (!ctx) return f->error = ctx.error().message, std::move(f);
  f->ctx = ctx.value();
  if (!f->ctx->secure()) return f->error = "the scoring parameters are not 128-bit secure", std::move(f);
  f->keygen = std::make_unique<ckks::KeyGenerator>(f->ctx);
  f->pk = f->keygen->public_key();
  f->rk = f->keygen->relin_key();
  f->gk = f->keygen->galois_keys(f->plan.rotations());
  f->encoder = std::make_unique<ckks::Encoder>(f->ctx);
  f->encryptor = std::make_unique<ckks::Encryptor>(f->ctx, f->pk);
  f->decryptor = std::make_unique<ckks::Decryptor>(f->ctx, f->keygen->secret_key());
  f->eval = std::make_unique<ckks::Evaluator>(f->ctx);
  auto slots = lending::encode_input(f->plan, f->features);
  if (!slots) return f->error = slots.error().message, std::move(f);
  auto pt = f->encoder->encode(slots.value(), f->ctx->scale_at(f->ctx->max_level()), f->ctx->max_level());
  if (!pt) return f->error = pt.error().message, std::move(f);
  f->input = f->encryptor->encrypt(pt.value());
  ckks::EvaluatorOps ops(*f->eval, f->rk, f->gk);
  auto scored = lending::score(ops, f->plan, f->input);
  if (!scored) return f->error = scored.error().message, std::move(f);
  if (!ops.status()) return f->error = ops.status().error().message, std::move(f);
  f->scored = std::move(scored).value();
  return f;
}

const HeFixture* he_fixture(benchmark::State& state) {
  static const std::unique_ptr<HeFixture> f = make_he_fixture();
  if (!f->error.empty()) {
    state.SkipWithError(f->error.c_str());
    return nullptr;
  }
  return f.get();
}

void BM_lending_he_score(benchmark::State& state) {
  const HeFixture* f = he_fixture(state);
  if (f == nullptr) return;
  ckks::Ciphertext out;
  for (auto _ : state) {
    ckks::EvaluatorOps ops(*f->eval, f->rk, f->gk);
    auto scored = lending::score(ops, f->plan, f->input);
    if (!scored || !ops.status()) {
      state.SkipWithError(!scored ? scored.error().message.c_str() : ops.status().error().message.c_str());
      return;
    }
    out = std::move(scored).value();
    benchmark::DoNotOptimize(out);
  }
  // What it computed: the decrypted score against the plan in the clear and the float model.
  const double score = f->encoder->decode_real(f->decryptor->decrypt(out))[0];
  const double plain = lending::plain_score(f->plan, f->features).value();
  state.counters["score"] = score;
  state.counters["plain_plan_error"] = std::fabs(score - plain);
  state.counters["depth"] = f->plan.depth();
  state.counters["rotations"] = static_cast<double>(f->plan.rotations().size());
  state.counters["log2_QP"] = f->ctx->log2_modulus();
}
BENCHMARK(BM_lending_he_score)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_lending_he_encrypt(benchmark::State& state) {
  const HeFixture* f = he_fixture(state);
  if (f == nullptr) return;
  const int top = f->ctx->max_level();
  for (auto _ : state) {
    auto slots = lending::encode_input(f->plan, f->features);
    auto pt = f->encoder->encode(slots.value(), f->ctx->scale_at(top), top);
    benchmark::DoNotOptimize(f->encryptor->encrypt(pt.value()));
  }
}
BENCHMARK(BM_lending_he_encrypt)->Unit(benchmark::kMillisecond);

void BM_lending_he_decrypt(benchmark::State& state) {
  const HeFixture* f = he_fixture(state);
  if (f == nullptr) return;
  double score = 0;
  for (auto _ : state) {
    const std::vector<double> slots = f->encoder->decode_real(f->decryptor->decrypt(f->scored));
    score = std::clamp(slots[0], 0.0, 1.0);
    benchmark::DoNotOptimize(score);
  }
  state.counters["score"] = score;
  state.counters["level"] = f->scored.level();
}
BENCHMARK(BM_lending_he_decrypt)->Unit(benchmark::kMillisecond);

void BM_lending_he_keygen(benchmark::State& state) {
  const HeFixture* f = he_fixture(state);
  if (f == nullptr) return;
  const std::vector<int> steps = f->plan.rotations();
  for (auto _ : state) {
    const ckks::KeyGenerator keygen(f->ctx);
    benchmark::DoNotOptimize(keygen.public_key());
    benchmark::DoNotOptimize(keygen.relin_key());
    benchmark::DoNotOptimize(keygen.galois_keys(steps));
  }
  state.counters["galois_keys"] = static_cast<double>(steps.size());
}
BENCHMARK(BM_lending_he_keygen)->Unit(benchmark::kMillisecond)->Iterations(2);

void BM_lending_he_training(benchmark::State& state) {
  const HeFixture* f = he_fixture(state);
  if (f == nullptr) return;
  const lending::SgdOptions sgd;
  const lending::HeTrainingOptions he_options;
  lending::TrainingComparison c;
  for (auto _ : state) {
    auto r = lending::compare_training(f->table, sgd, he_options);
    if (!r) {
      state.SkipWithError(r.error().message.c_str());
      return;
    }
    c = std::move(r).value();
  }
  state.counters["auc_plain"] = c.plaintext.test_auc;
  state.counters["auc_encrypted"] = c.encrypted.run.test_auc;
  state.counters["auc_difference"] = c.auc_difference;
  state.counters["max_weight_difference"] = c.max_weight_difference;
  state.counters["plain_s"] = c.plaintext.seconds;
  state.counters["encrypted_s"] = c.encrypted.run.seconds;
  state.counters["encrypt_s"] = c.encrypted.encrypt_seconds;
  state.counters["aggregate_s"] = c.encrypted.aggregate_seconds;
  state.counters["decrypt_s"] = c.encrypted.decrypt_seconds;
  state.counters["secure"] = c.encrypted.secure ? 1 : 0;
}
BENCHMARK(BM_lending_he_training)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

}  // namespace
