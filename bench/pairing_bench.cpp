// BN254 pairing benchmarks: one full pairing, a 4-pair product with one final exponentiation, the
// Miller loop alone and the final exponentiation alone (random subgroup points from the CSPRNG).
#include <benchmark/benchmark.h>

#include <vector>

#include "zkc/pairing/bn254.hpp"

namespace {

using zkc::ff::bn254::Fr;
using zkc::pairing::Fq12;
using zkc::pairing::G1Affine;
using zkc::pairing::G2Affine;
using zkc::pairing::G2Prepared;

G1Affine random_g1() { return G1Affine::generator().mul_vartime(Fr::random()).to_affine(); }
G2Affine random_g2() { return G2Affine::generator().mul_vartime(Fr::random()).to_affine(); }

void BM_pairing_single(benchmark::State& state) {
  const G1Affine p = random_g1();
  const G2Affine q = random_g2();
  for (auto _ : state) benchmark::DoNotOptimize(zkc::pairing::pairing(p, q));
}
BENCHMARK(BM_pairing_single)->Unit(benchmark::kMicrosecond);

void BM_pairing_multi(benchmark::State& state) {
  std::vector<G1Affine> ps;
  std::vector<G2Affine> qs;
  for (int i = 0; i < state.range(0); ++i) {
    ps.push_back(random_g1());
    qs.push_back(random_g2());
  }
  for (auto _ : state) benchmark::DoNotOptimize(zkc::pairing::multi_pairing(ps, qs));
}
BENCHMARK(BM_pairing_multi)->Arg(4)->Unit(benchmark::kMicrosecond);

void BM_pairing_multi_prepared(benchmark::State& state) {
  std::vector<G1Affine> ps;
  std::vector<G2Prepared> qs;
  for (int i = 0; i < state.range(0); ++i) {
    ps.push_back(random_g1());
    qs.emplace_back(random_g2());
  }
  for (auto _ : state)
    benchmark::DoNotOptimize(zkc::pairing::multi_pairing(ps, std::span<const G2Prepared>(qs)));
}
BENCHMARK(BM_pairing_multi_prepared)->Arg(4)->Unit(benchmark::kMicrosecond);

void BM_pairing_g2_prepare(benchmark::State& state) {
  const G2Affine q = random_g2();
  for (auto _ : state) benchmark::DoNotOptimize(G2Prepared(q));
}
BENCHMARK(BM_pairing_g2_prepare)->Unit(benchmark::kMicrosecond);

void BM_pairing_miller_loop(benchmark::State& state) {
  const G1Affine p = random_g1();
  const G2Affine q = random_g2();
  for (auto _ : state)
    benchmark::DoNotOptimize(zkc::pairing::miller_loop(std::span(&p, 1), std::span(&q, 1)));
}
BENCHMARK(BM_pairing_miller_loop)->Unit(benchmark::kMicrosecond);

void BM_pairing_final_exp(benchmark::State& state) {
  const G1Affine p = random_g1();
  const G2Affine q = random_g2();
  const Fq12 f = zkc::pairing::miller_loop(std::span(&p, 1), std::span(&q, 1));
  for (auto _ : state) benchmark::DoNotOptimize(zkc::pairing::final_exponentiation(f));
}
BENCHMARK(BM_pairing_final_exp)->Unit(benchmark::kMicrosecond);

}  // namespace
