// Curve operations and multi-scalar multiplication on BN254.
// Run: ./build/release/bench/zkc_ec_bench   (ZKC_THREADS sets the thread count; default: all cores)
#include <benchmark/benchmark.h>

#include <vector>

#include "zkc/ec/bn254.hpp"
#include "zkc/ec/bn254_msm.hpp"
#include "zkc/ec/sample.hpp"

namespace {

using namespace zkc::ec::bn254;

template <class A>
const std::vector<A>& bases(std::size_t n) {
  static std::vector<A> pts;
  if (pts.size() < n) pts = zkc::ec::sample_points_vartime<typename A::Config>(n);
  return pts;
}

const std::vector<Fr>& scalars(std::size_t n) {
  static std::vector<Fr> ks;
  while (ks.size() < n) ks.push_back(Fr::random());
  return ks;
}

void BM_ec_g1_add(benchmark::State& state) {
  G1Jacobian a = G1Jacobian::generator().mul(Fr::random()), b = G1Jacobian::generator().mul(Fr::random());
  for (auto _ : state) {
    a = a.add_vartime(b);
    benchmark::DoNotOptimize(a);
  }
}
void BM_ec_g1_add_mixed(benchmark::State& state) {
  G1Jacobian a = G1Jacobian::generator().mul(Fr::random());
  const G1Affine b = G1Affine::generator().mul(Fr::random()).to_affine();
  for (auto _ : state) {
    a = a.add_mixed_vartime(b);
    benchmark::DoNotOptimize(a);
  }
}
void BM_ec_g1_double(benchmark::State& state) {
  G1Jacobian a = G1Jacobian::generator().mul(Fr::random());
  for (auto _ : state) {
    a = a.dbl();
    benchmark::DoNotOptimize(a);
  }
}
void BM_ec_g1_mul_ct(benchmark::State& state) {
  const G1Affine p = G1Affine::generator().mul(Fr::random()).to_affine();
  const Fr k = Fr::random();
  for (auto _ : state) benchmark::DoNotOptimize(p.mul(k));
}
void BM_ec_g1_mul_vartime(benchmark::State& state) {
  const G1Affine p = G1Affine::generator().mul(Fr::random()).to_affine();
  const Fr k = Fr::random();
  for (auto _ : state) benchmark::DoNotOptimize(p.mul_vartime(k));
}
void BM_ec_g2_subgroup_check(benchmark::State& state) {
  const G2Affine p = G2Affine::generator().mul(Fr::random()).to_affine();
  for (auto _ : state) benchmark::DoNotOptimize(is_in_subgroup_vartime(p));
}

void BM_ec_g1_msm(benchmark::State& state) {
  const std::size_t n = std::size_t{1} << state.range(0);
  const auto& pts = bases<G1Affine>(n);
  const auto& ks = scalars(n);
  for (auto _ : state) {
    benchmark::DoNotOptimize(msm_vartime(std::span(pts).first(n), std::span(ks).first(n)));
  }
}
void BM_ec_g2_msm(benchmark::State& state) {
  const std::size_t n = std::size_t{1} << state.range(0);
  const auto& pts = bases<G2Affine>(n);
  const auto& ks = scalars(n);
  for (auto _ : state) {
    benchmark::DoNotOptimize(msm_vartime(std::span(pts).first(n), std::span(ks).first(n)));
  }
}

BENCHMARK(BM_ec_g1_add);
BENCHMARK(BM_ec_g1_add_mixed);
BENCHMARK(BM_ec_g1_double);
BENCHMARK(BM_ec_g1_mul_ct);
BENCHMARK(BM_ec_g1_mul_vartime);
BENCHMARK(BM_ec_g2_subgroup_check);
BENCHMARK(BM_ec_g1_msm)->Arg(10)->Arg(16)->Arg(20)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ec_g2_msm)->Arg(16)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
