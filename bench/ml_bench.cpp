// Credit model: training on the shipped UCI Taiwan data (the target: under 60 s on 2 cores)
// and the cost of scoring one borrower with the float network and the quantized (integer,
// constant-time) network. Run: ./build/release/bench/zkc_ml_bench
#include <benchmark/benchmark.h>

#include "zkc/ml/dataset.hpp"
#include "zkc/ml/pipeline.hpp"

namespace {

using namespace zkc::ml;

const LoadedData& taiwan() {
  static const LoadedData d =
      load_data(std::string(ZKC_REPO_DATA_DIR) + "/taiwan_default/UCI_Credit_Card.csv").value();
  return d;
}

const CreditModel& default_model() {
  static const CreditModel m =
      read_model(std::string(ZKC_REPO_DATA_DIR) + "/models/credit_default.json").value();
  return m;
}

// Loading and mapping the CSV (30,000 rows) to features.
void BM_ml_load_taiwan(benchmark::State& state) {
  const std::string path = std::string(ZKC_REPO_DATA_DIR) + "/taiwan_default/UCI_Credit_Card.csv";
  for (auto _ : state) benchmark::DoNotOptimize(load_data(path));
}
BENCHMARK(BM_ml_load_taiwan)->Unit(benchmark::kMillisecond);

// The whole pipeline with fixed widths 16x8 (train, calibrate f, baseline, test metrics), or with
// the width search over 8x4, 16x8, 32x16 (argument 1).
void BM_ml_train_taiwan(benchmark::State& state) {
  const auto& d = taiwan();
  PipelineOptions o;
  if (state.range(0) == 0) o.width_candidates = {{16, 8}};
  for (auto _ : state)
    benchmark::DoNotOptimize(train_credit_model(d.table, d.mapping, {d.name, d.sha256, "default"}, o));
}
BENCHMARK(BM_ml_train_taiwan)->Arg(0)->Arg(1)->Unit(benchmark::kSecond)->Iterations(3);

void BM_ml_score_float(benchmark::State& state) {
  const auto& m = default_model();
  const auto& row = taiwan().table.rows[0];
  for (auto _ : state) benchmark::DoNotOptimize(m.float_score(row));
}
BENCHMARK(BM_ml_score_float);

void BM_ml_score_quantized(benchmark::State& state) {
  const auto& m = default_model();
  const auto x = m.quantized.quantize_input(taiwan().table.rows[0]).value();
  for (auto _ : state) benchmark::DoNotOptimize(m.quantized.trace(x));
}
BENCHMARK(BM_ml_score_quantized);

}  // namespace
