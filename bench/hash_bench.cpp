// Hashing: circomlib's Poseidon over BN254 Fr (zkc/hash/poseidon.hpp) for n inputs (the benchmark
// argument is n, not log2 n).
//   BM_hash_poseidon_params/n   the first poseidon_params(n) of the process: the Grain LFSR draws the
//                               round constants and the MDS matrix (one iteration; meaningful only
//                               when nothing before it used that width, so these run first)
//   BM_hash_poseidon_first/n    the first poseidon() of width n: derives the optimized form of the
//                               permutation (once per width), then hashes
//   BM_hash_poseidon/n          one hash, parameters and optimized form ready
// With -DZKC_HASH_BENCH_GADGET (the target linked with zkc_r1cs), the circuit gadget too:
//   BM_hash_poseidon_gadget_first/n   its first call for width n (computes the per-width plan)
//   BM_hash_poseidon_gadget/n         one gadget with its witness, plan ready
// Run: ./build/release/bench/zkc_hash_bench
#include <benchmark/benchmark.h>

#include <vector>

#include "zkc/hash/poseidon.hpp"
#ifdef ZKC_HASH_BENCH_GADGET
#include "zkc/r1cs/gadgets/poseidon.hpp"
#endif

namespace {

using zkc::hash::Fr;

// A first call of a width is measured once, in microseconds (later calls reuse what it derived).
void first_call(benchmark::internal::Benchmark* b) { b->Iterations(1)->Unit(benchmark::kMicrosecond); }

void BM_hash_poseidon_params(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(&zkc::hash::poseidon_params(n));
}
BENCHMARK(BM_hash_poseidon_params)->Arg(2)->Arg(3)->Arg(12)->Arg(16)->Apply(first_call);

void BM_hash_poseidon_first(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  (void)zkc::hash::poseidon_params(n);
  const std::vector<Fr> in(n, Fr::one());
  for (auto _ : state) benchmark::DoNotOptimize(zkc::hash::poseidon(in));
}
BENCHMARK(BM_hash_poseidon_first)->Arg(2)->Arg(3)->Arg(12)->Arg(16)->Apply(first_call);

void BM_hash_poseidon(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  (void)zkc::hash::poseidon_params(n);
  std::vector<Fr> in(n);
  for (auto& x : in) x = Fr::random();
  (void)zkc::hash::poseidon(in);
  for (auto _ : state) {
    in[0] = zkc::hash::poseidon(in);  // chain the calls
    benchmark::DoNotOptimize(in[0]);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_hash_poseidon)->Arg(2)->Arg(3)->Arg(12)->Arg(16);

#ifdef ZKC_HASH_BENCH_GADGET
namespace r1cs = zkc::r1cs;

void gadget_once(std::size_t n) {
  r1cs::Builder b;
  std::vector<r1cs::LinearCombination> in;
  for (std::size_t i = 0; i < n; ++i) in.push_back(b.private_input(Fr::from_u64(7 * i + 1)));
  benchmark::DoNotOptimize(r1cs::gadgets::poseidon(b, in, "h"));
}

void BM_hash_poseidon_gadget_first(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  (void)zkc::hash::poseidon_params(n);
  for (auto _ : state) gadget_once(n);
}
BENCHMARK(BM_hash_poseidon_gadget_first)->Arg(3)->Arg(12)->Arg(16)->Apply(first_call);

void BM_hash_poseidon_gadget(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  gadget_once(n);
  for (auto _ : state) gadget_once(n);
}
BENCHMARK(BM_hash_poseidon_gadget)->Arg(3)->Arg(12)->Arg(16)->Unit(benchmark::kMicrosecond);
#endif

}  // namespace
