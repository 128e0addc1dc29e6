// Groth16 proving on synthetic keys (random points, two coefficients per row, random witness): the
// prover's cost for a circuit of 2^k rows without building one. End-to-end figures against snarkjs
// and rapidsnark on real zkeys come from tools/bench/groth16_compare.sh (docs/BENCHMARKS.md).
// Run: ./build/release/bench/zkc_groth16_bench --benchmark_filter=prove/16
#include <benchmark/benchmark.h>

#include <map>
#include <memory>

#include "zkc/ec/sample.hpp"
#include "zkc/groth16/prover.hpp"
#include "zkc/groth16/verifier.hpp"

namespace {

using namespace zkc;
using namespace zkc::groth16;

struct Synthetic {
  ProvingKey pk;
  std::vector<Fr> witness;
};

const Synthetic& synthetic(unsigned log2_n) {
  static std::map<unsigned, std::unique_ptr<Synthetic>> cache;
  auto& slot = cache[log2_n];
  if (slot) return *slot;
  slot = std::make_unique<Synthetic>();
  ProvingKey& pk = slot->pk;
  const std::uint32_t n = 1u << log2_n;
  pk.domain_size = n;
  pk.num_public = 1;
  pk.num_wires = n - 8;
  const auto g1 = ec::sample_points_vartime<ec::bn254::G1Config>(pk.num_wires);
  const auto g2 = ec::sample_points_vartime<ec::bn254::G2Config>(pk.num_wires);
  pk.alpha1 = pk.beta1 = pk.delta1 = g1[0];
  pk.beta2 = pk.gamma2 = pk.delta2 = g2[0];
  pk.ic = {g1[1], g1[2]};
  pk.a = pk.b1 = g1;
  pk.b2 = g2;
  pk.c.assign(g1.begin() + 2, g1.end());
  pk.h = ec::sample_points_vartime<ec::bn254::G1Config>(n);
  for (std::uint32_t row = 0; row + 2 < n; ++row) {
    pk.coefficients.push_back({0, row, row % pk.num_wires, Fr::from_u64(row + 1)});
    pk.coefficients.push_back({1, row, (row * 7 + 3) % pk.num_wires, Fr::one()});
  }
  slot->witness.resize(pk.num_wires);
  for (auto& x : slot->witness) x = Fr::random();
  slot->witness[0] = Fr::one();
  return *slot;
}

void BM_groth16_prove(benchmark::State& state) {
  const Synthetic& s = synthetic(static_cast<unsigned>(state.range(0)));
  ProverTimings t;
  for (auto _ : state) benchmark::DoNotOptimize(prove(s.pk, s.witness, &t).value());
  state.counters["ntt_ms"] = t.ntt_ms;
  state.counters["msm_ms"] = t.msm_ms;
  state.counters["eval_ms"] = t.evaluate_ms;
}
BENCHMARK(BM_groth16_prove)->DenseRange(12, 20, 2)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(1.0);

void BM_groth16_verify(benchmark::State& state) {
  const Synthetic& s = synthetic(12);
  const Proof proof = prove(s.pk, s.witness).value();
  const PreparedVerifyingKey pvk = PreparedVerifyingKey::create(s.pk.verifying_key()).value();
  const std::vector<Fr> pub = public_signals(s.pk, s.witness);
  for (auto _ : state) benchmark::DoNotOptimize(verify(pvk, pub, proof).value());
}
BENCHMARK(BM_groth16_verify)->Unit(benchmark::kMillisecond);

}  // namespace
