// The differential-privacy samplers and the Sparse Vector step (src/zkc/dp), per call:
//   BM_dp_csprng_next_u64          one 64-bit ChaCha20 keystream word (Csprng, 1 KiB refills)
//   BM_dp_bernoulli_exp/<n>/<d>    Bernoulli(exp(-n/d)), CKS 2020 Algorithm 1
//   BM_dp_discrete_laplace/<n>/<d> Lap_Z(n/d), CKS 2020 Algorithm 2 (exact, integers only)
//   BM_dp_svt_step                 SparseVector::step_vartime with the default policy (threshold 1.2,
//                                  Delta 0.05, eps 1, c = 1: query noise Lap_Z(2000)) on a position at
//                                  1.6 (rarely alerts; a fresh segment after each alert)
//   BM_dp_laplace_float_INSECURE_baseline/<scale>  the textbook floating-point Laplace (difference of two
//                                  std::exponential_distribution draws, the same Csprng as source):
//                                  INSECURE (Mironov, CCS 2012: the low bits of floating-point Laplace
//                                  leak the input). A speed reference only; never used by zkcredit.
//   BM_dp_monitor_csv/<positions>  the whole monitor (dp/monitor.hpp) on an in-memory CSV stream of 1M
//                                  updates (position,timestamp,ratio; 42-character addresses; healthy
//                                  ratios in [1.6, 2.4) and one update in 1000 dipping to 1.0, against
//                                  the threshold 1.2): parsing, the position's state, the
//                                  sparse vector, and the SQLite ledger's durable commits (every 64Ki
//                                  lines, in the temporary directory); items/s = updates per second on
//                                  one core. The policy of `zkcredit monitor --epsilon 1 --alerts 3
//                                  --sensitivity 0.01`.
// Run: ./build/release/bench/zkc_dp_bench
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <random>
#include <string>

#include "zkc/base/csprng.hpp"
#include "zkc/dp/discrete_laplace.hpp"
#include "zkc/dp/monitor.hpp"
#include "zkc/dp/sparse_vector.hpp"

namespace {

using zkc::Csprng;
using zkc::dp::DiscreteLaplace;

void BM_dp_csprng_next_u64(benchmark::State& state) {
  Csprng rng = Csprng::from_seed_for_testing(1);
  for (auto _ : state) benchmark::DoNotOptimize(rng.next_u64());
}
BENCHMARK(BM_dp_csprng_next_u64);

void BM_dp_bernoulli_exp(benchmark::State& state) {
  Csprng rng = Csprng::from_seed_for_testing(2);
  const auto num = static_cast<std::uint64_t>(state.range(0));
  const auto den = static_cast<std::uint64_t>(state.range(1));
  for (auto _ : state) benchmark::DoNotOptimize(zkc::dp::bernoulli_exp_neg_vartime(rng, num, den));
}
BENCHMARK(BM_dp_bernoulli_exp)->Args({1, 3})->Args({1, 1})->Args({5, 2})->Args({1999, 2000});

void BM_dp_discrete_laplace(benchmark::State& state) {
  Csprng rng = Csprng::from_seed_for_testing(3);
  const DiscreteLaplace d = DiscreteLaplace::create(static_cast<std::uint64_t>(state.range(0)),
                                                    static_cast<std::uint64_t>(state.range(1)))
                                .value();
  for (auto _ : state) benchmark::DoNotOptimize(d.sample_vartime(rng));
}
BENCHMARK(BM_dp_discrete_laplace)
    ->Args({1, 3})
    ->Args({1, 1})
    ->Args({40, 1})
    ->Args({2000, 1})
    ->Args({4000, 7});

void BM_dp_svt_step(benchmark::State& state) {
  Csprng rng = Csprng::from_seed_for_testing(4);
  const zkc::dp::SparseVector sv = zkc::dp::SparseVector::create(zkc::dp::MonitorPolicy{}).value();
  zkc::dp::PositionState s;
  std::int64_t alerts = 0;
  for (auto _ : state) {
    const zkc::dp::StepResult r = sv.step_vartime(rng, s, 16'000);
    alerts += r.alert;
    if (r.exhausted) s = {};  // a new position
  }
  state.counters["alert_rate"] =
      benchmark::Counter(static_cast<double>(alerts), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_dp_svt_step);

// A UniformRandomBitGenerator over the Csprng, for the std:: distributions of the baseline.
struct CsprngUrbg {
  using result_type = std::uint64_t;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
  result_type operator()() { return rng->next_u64(); }
  Csprng* rng;
};

// INSECURE baseline (see the header): Laplace(b) = Exp(1/b) - Exp(1/b) in double, rounded to an integer.
void BM_dp_laplace_float_INSECURE_baseline(benchmark::State& state) {
  Csprng rng = Csprng::from_seed_for_testing(5);
  CsprngUrbg urbg{&rng};
  std::exponential_distribution<double> exp_dist(1.0 / static_cast<double>(state.range(0)));
  for (auto _ : state) {
    benchmark::DoNotOptimize(static_cast<std::int64_t>(std::llround(exp_dist(urbg) - exp_dist(urbg))));
  }
}
BENCHMARK(BM_dp_laplace_float_INSECURE_baseline)->Arg(1)->Arg(2000);

void BM_dp_monitor_csv(benchmark::State& state) {
  const auto positions = static_cast<std::uint64_t>(state.range(0));
  constexpr std::uint64_t kUpdates = 1'000'000;
  std::string stream = "position,timestamp,ratio\n";
  std::mt19937_64 g(1);
  char line[96];
  for (std::uint64_t i = 0; i < kUpdates; ++i) {
    // Healthy positions (ratios uniform in [1.6, 2.4)), with one update in a thousand dipping to 1.0.
    const double ratio = g() % 1000 == 0 ? 1.0 : 1.6 + static_cast<double>(g() % 8000) / 10000.0;
    const int n = std::snprintf(line, sizeof line, "0x%040llx,%llu,%.4f\n",
                                static_cast<unsigned long long>(i % positions),
                                static_cast<unsigned long long>(1'600'000'000 + i), ratio);
    stream.append(line, static_cast<std::size_t>(n));
  }
  zkc::dp::MonitorPolicy policy;
  policy.sensitivity = 100;  // 0.01
  policy.max_alerts = 3;
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("zkc-dp-bench-" + std::to_string(::getpid()));
  std::uint64_t alerts = 0;
  for (auto _ : state) {
    state.PauseTiming();
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto m = zkc::dp::Monitor::open_with_rng(policy, (dir / "ledger.db").string(),
                                             zkc::Csprng::from_seed_for_testing(7));
    if (!m) {
      state.SkipWithError(m.error().message.c_str());
      break;
    }
    state.ResumeTiming();
    const zkc::Status st = m.value().run_text(stream, "bench", zkc::dp::StreamFormat::kCsv,
                                              [](std::span<const zkc::dp::MonitorEvent>) { return true; });
    if (!st) {
      state.SkipWithError(st.error().message.c_str());
      break;
    }
    alerts = m.value().stats().alerts;
  }
  std::filesystem::remove_all(dir);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kUpdates));
  state.counters["alerts"] = static_cast<double>(alerts);
}
BENCHMARK(BM_dp_monitor_csv)
    ->Arg(1'000)
    ->Arg(10'000)
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
