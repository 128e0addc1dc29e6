// Bulletproofs range proofs (zkc/commit/bulletproofs.hpp), one thread:
//   BM_commit_range_prove/<bits>              one value, n = bits
//   BM_commit_range_verify/<bits>             its verification (one multi-scalar multiplication)
//   BM_commit_range_prove_aggregated/<m>      m 64-bit values in one proof
//   BM_commit_range_verify_aggregated/<m>     its verification
//   BM_commit_range_batch_verify/<count>      count independent 64-bit proofs verified together
//                                             (the per_proof counter is the time per proof)
// Generators and their tables are built before timing (they are cached for the process).
// Run: ./build/release/bench/zkc_commit_bench --benchmark_filter=range
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "zkc/commit/bulletproofs.hpp"
#include "zkc/commit/generators.hpp"

namespace {

using zkc::commit::Commitment;
using zkc::commit::RangeProof;
using zkc::commit::RangeStatement;
using zkc::commit::Scalar;
using zkc::hash::Transcript;

struct Fixture {
  RangeProof proof;
  std::vector<Commitment> commitments;
};

std::vector<std::uint64_t> values_for(unsigned n, std::size_t m) {
  std::vector<std::uint64_t> v(m);
  for (std::size_t j = 0; j < m; ++j) v[j] = (0x9e3779b97f4a7c15ULL * (j + 1)) >> (64 - n);
  return v;
}

std::vector<Scalar> blindings(std::size_t m) {
  std::vector<Scalar> b(m);
  for (auto& x : b) x = Scalar::random();
  return b;
}

Fixture make(unsigned n, std::size_t m) {
  Transcript t("bench");
  auto r = zkc::commit::prove_range(t, values_for(n, m), blindings(m), n);
  return {r.value().proof, r.value().commitments};
}

void warm(unsigned n, std::size_t m) { (void)zkc::commit::BulletproofGens::tables(n * m); }

void prove(benchmark::State& state, unsigned n, std::size_t m) {
  warm(n, m);
  const auto v = values_for(n, m);
  const auto b = blindings(m);
  for (auto _ : state) {
    Transcript t("bench");
    auto r = zkc::commit::prove_range(t, v, b, n);
    benchmark::DoNotOptimize(r);
  }
}

void verify(benchmark::State& state, unsigned n, std::size_t m) {
  warm(n, m);
  const Fixture f = make(n, m);
  for (auto _ : state) {
    Transcript t("bench");
    if (!zkc::commit::verify_range(t, f.proof, f.commitments, n).ok()) state.SkipWithError("proof rejected");
  }
}

void BM_commit_range_prove(benchmark::State& state) {
  prove(state, static_cast<unsigned>(state.range(0)), 1);
}
BENCHMARK(BM_commit_range_prove)->Arg(8)->Arg(16)->Arg(32)->Arg(64)->Unit(benchmark::kMillisecond);

void BM_commit_range_verify(benchmark::State& state) {
  verify(state, static_cast<unsigned>(state.range(0)), 1);
}
BENCHMARK(BM_commit_range_verify)->Arg(8)->Arg(16)->Arg(32)->Arg(64)->Unit(benchmark::kMillisecond);

void BM_commit_range_prove_aggregated(benchmark::State& state) {
  prove(state, 64, static_cast<std::size_t>(state.range(0)));
}
BENCHMARK(BM_commit_range_prove_aggregated)->RangeMultiplier(2)->Range(1, 64)->Unit(benchmark::kMillisecond);

void BM_commit_range_verify_aggregated(benchmark::State& state) {
  verify(state, 64, static_cast<std::size_t>(state.range(0)));
}
BENCHMARK(BM_commit_range_verify_aggregated)->RangeMultiplier(2)->Range(1, 64)->Unit(benchmark::kMillisecond);

void BM_commit_range_batch_verify(benchmark::State& state) {
  const auto count = static_cast<std::size_t>(state.range(0));
  warm(64, 1);
  std::vector<Fixture> fs;
  for (std::size_t i = 0; i < count; ++i) fs.push_back(make(64, 1));
  for (auto _ : state) {
    std::vector<Transcript> ts(count, Transcript("bench"));
    std::vector<RangeStatement> st;
    st.reserve(count);
    for (std::size_t i = 0; i < count; ++i) st.push_back({&ts[i], &fs[i].proof, fs[i].commitments, 64});
    if (!zkc::commit::verify_range_batch(st).ok()) state.SkipWithError("batch rejected");
  }
  state.counters["per_proof"] =
      benchmark::Counter(static_cast<double>(count) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_commit_range_batch_verify)->Arg(1)->Arg(8)->Arg(64)->Unit(benchmark::kMillisecond);

}  // namespace
