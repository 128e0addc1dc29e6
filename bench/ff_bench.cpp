// Field arithmetic: BN254 Fq and Fr multiplication, squaring, addition, inversion; curve25519's
// field (pseudo-Mersenne form of Fp) multiplication and squaring.
// Run: ./build/release/bench/zkc_ff_bench
#include <benchmark/benchmark.h>

#include "zkc/ff/bn254/fq.hpp"
#include "zkc/ff/bn254/fq2.hpp"
#include "zkc/ff/bn254/fr.hpp"
#include "zkc/ff/curve25519/fe.hpp"

namespace {

using zkc::ff::bn254::Fq;
using zkc::ff::bn254::Fq2;
using zkc::ff::bn254::Fr;
using zkc::ff::curve25519::Fe;

// A dependent chain of 1000 operations per iteration, so the latency of each is measured.
template <class F>
void BM_mul(benchmark::State& state) {
  F a = F::random(), b = F::random();
  for (auto _ : state) {
    for (int i = 0; i < 1000; ++i) a = a * b;
    benchmark::DoNotOptimize(a);
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}
template <class F>
void BM_square(benchmark::State& state) {
  F a = F::random();
  for (auto _ : state) {
    for (int i = 0; i < 1000; ++i) a = a.square();
    benchmark::DoNotOptimize(a);
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}
template <class F>
void BM_add(benchmark::State& state) {
  F a = F::random(), b = F::random();
  for (auto _ : state) {
    for (int i = 0; i < 1000; ++i) a = a + b;
    benchmark::DoNotOptimize(a);
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}
template <class F>
void BM_inverse(benchmark::State& state) {
  F a = F::random();
  for (auto _ : state) {
    a = a.inverse() + F::one();
    benchmark::DoNotOptimize(a);
  }
}
template <class F>
void BM_inverse_vartime(benchmark::State& state) {
  F a = F::random();
  for (auto _ : state) {
    a = a.inverse_vartime() + F::one();
    benchmark::DoNotOptimize(a);
  }
}

void BM_ff_fq_mul(benchmark::State& s) { BM_mul<Fq>(s); }
void BM_ff_fr_mul(benchmark::State& s) { BM_mul<Fr>(s); }
void BM_ff_fq_square(benchmark::State& s) { BM_square<Fq>(s); }
void BM_ff_fq_add(benchmark::State& s) { BM_add<Fq>(s); }
void BM_ff_fq_inverse(benchmark::State& s) { BM_inverse<Fq>(s); }
void BM_ff_fq_inverse_vartime(benchmark::State& s) { BM_inverse_vartime<Fq>(s); }
void BM_ff_fq2_mul(benchmark::State& s) { BM_mul<Fq2>(s); }
void BM_ff_fe25519_mul(benchmark::State& s) { BM_mul<Fe>(s); }
void BM_ff_fe25519_square(benchmark::State& s) { BM_square<Fe>(s); }
void BM_ff_fe25519_add(benchmark::State& s) { BM_add<Fe>(s); }
void BM_ff_fe25519_inverse(benchmark::State& s) { BM_inverse<Fe>(s); }

BENCHMARK(BM_ff_fq_mul);
BENCHMARK(BM_ff_fr_mul);
BENCHMARK(BM_ff_fq_square);
BENCHMARK(BM_ff_fq_add);
BENCHMARK(BM_ff_fq_inverse);
BENCHMARK(BM_ff_fq_inverse_vartime);
BENCHMARK(BM_ff_fq2_mul);
BENCHMARK(BM_ff_fe25519_mul);
BENCHMARK(BM_ff_fe25519_square);
BENCHMARK(BM_ff_fe25519_add);
BENCHMARK(BM_ff_fe25519_inverse);

}  // namespace
