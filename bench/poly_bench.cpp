// Benchmarks of the NTT over BN254 Fr: BM_poly_<op>/<log2 n>, wall-clock time over the zkc pool
// (ZKC_THREADS threads, default all cores). Peer: rapidsnark's FFT 2^20 (see docs/BENCHMARKS.md).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <vector>

#include "zkc/base/thread_pool.hpp"
#include "zkc/poly/domain.hpp"
#include "zkc/poly/internal/ntt_engine.hpp"  // to time the portable engine on IFMA machines
#include "zkc/poly/ntt.hpp"

namespace {

using zkc::poly::EvaluationDomain;
using zkc::poly::Fr;

// Deterministic, well-mixed input: x_i = 7^(i+1) (sequential products; fast to build).
std::vector<Fr> make_input(std::size_t n) {
  std::vector<Fr> v(n);
  const Fr g = Fr::from_u64(7);
  Fr x = g;
  for (auto& e : v) {
    e = x;
    x *= g;
  }
  return v;
}

template <void (*kOp)(const EvaluationDomain&, std::span<Fr>)>
void run(benchmark::State& state) {
  const auto domain = EvaluationDomain::create(static_cast<unsigned>(state.range(0))).value();
  std::vector<Fr> a = make_input(domain.size());
  for (auto _ : state) {
    kOp(domain, a);
    benchmark::DoNotOptimize(a.data());
    benchmark::ClobberMemory();
  }
  state.counters["threads"] = static_cast<double>(zkc::num_threads());
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(domain.size()));
}

void coset_ntt_default(const EvaluationDomain& d, std::span<Fr> a) { zkc::poly::coset_ntt(d, a); }
void coset_intt_default(const EvaluationDomain& d, std::span<Fr> a) { zkc::poly::coset_intt(d, a); }

// The portable engine that builds without AVX-512 IFMA use (and every build uses below 2^6).
void ntt_portable(const EvaluationDomain& d, std::span<Fr> a) {
  zkc::poly::internal::transform(zkc::poly::internal::NttEngine::kScalar, d, a, false, nullptr);
}

void BM_poly_ntt(benchmark::State& state) { run<zkc::poly::ntt>(state); }
void BM_poly_ntt_portable(benchmark::State& state) { run<ntt_portable>(state); }
void BM_poly_intt(benchmark::State& state) { run<zkc::poly::intt>(state); }
void BM_poly_coset_ntt(benchmark::State& state) { run<coset_ntt_default>(state); }
void BM_poly_coset_intt(benchmark::State& state) { run<coset_intt_default>(state); }

void BM_poly_domain_tables(benchmark::State& state) {
  for (auto _ : state) {
    const auto d = EvaluationDomain::create(static_cast<unsigned>(state.range(0))).value();
    benchmark::DoNotOptimize(d.twiddles().data());
  }
}

// With --benchmark_repetitions=N the "min" row is the least disturbed run on a shared machine.
double min_of(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }

BENCHMARK(BM_poly_ntt)
    ->Arg(16)
    ->Arg(20)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->ComputeStatistics("min", min_of);
BENCHMARK(BM_poly_intt)
    ->Arg(16)
    ->Arg(20)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->ComputeStatistics("min", min_of);
BENCHMARK(BM_poly_coset_ntt)
    ->Arg(20)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->ComputeStatistics("min", min_of);
BENCHMARK(BM_poly_coset_intt)
    ->Arg(20)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->ComputeStatistics("min", min_of);
BENCHMARK(BM_poly_ntt_portable)
    ->Arg(16)
    ->Arg(20)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->ComputeStatistics("min", min_of);
BENCHMARK(BM_poly_ntt)->Arg(24)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);
// The first use of a domain builds its twiddle tables.
BENCHMARK(BM_poly_domain_tables)->Arg(20)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
