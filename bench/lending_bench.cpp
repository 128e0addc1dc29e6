// The credit proof (src/zkc/lending) with the default model: building the circuit and its witness,
// the whole in-process prove (witness, constraint check, Groth16), and verification with the 6 public
// signals. Keys: a `zkcredit setup` directory named by ZKC_CREDIT_KEYS (default: the test fixture
// build/release/fixtures/credit/keys that `ctest -R credit` makes).
// Run: ./build/release/bench/zkc_lending_bench
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

#include "zkc/groth16/formats/zkey_file.hpp"
#include "zkc/groth16/verifier.hpp"
#include "zkc/lending/credit_proof.hpp"
#include "zkc/lending/wallet.hpp"
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

}  // namespace
