// ristretto255 group operations and multi-scalar multiplication (one thread).
// Run: ./build/release/bench/zkc_commit_bench --benchmark_filter=BM_commit_
// BM_commit_fixed_msm/<n>: FixedBases over n fixed bases plus 20 dynamic points (a 64-bit range proof
// verifies with n = 130); BM_commit_fixed_msm_batch: 130 fixed + 1,200 dynamic (64 proofs batched).
#include <benchmark/benchmark.h>
#include <sodium.h>

#include <vector>

#include "zkc/commit/internal/msm.hpp"
#include "zkc/commit/ristretto255.hpp"

namespace {

using zkc::commit::Fe;
using zkc::commit::FixedBases;
using zkc::commit::RistrettoPoint;
using zkc::commit::Scalar;

const std::vector<RistrettoPoint>& points(std::size_t n) {
  static std::vector<RistrettoPoint> ps;
  while (ps.size() < n) {
    std::array<std::uint8_t, 64> b;
    zkc::random_bytes(b);
    ps.push_back(RistrettoPoint::from_uniform_bytes(b));
  }
  return ps;
}
std::vector<Scalar> scalars(std::size_t n) {
  std::vector<Scalar> ks;
  while (ks.size() < n) ks.push_back(Scalar::random());
  return ks;
}

void BM_commit_fe_mul(benchmark::State& state) {
  Fe a = Fe::random(), b = Fe::random();
  for (auto _ : state) {
    a = a * b;
    benchmark::DoNotOptimize(a);
  }
}
void BM_commit_fe_add(benchmark::State& state) {
  Fe a = Fe::random(), b = Fe::random();
  for (auto _ : state) {
    a = a + b;
    benchmark::DoNotOptimize(a);
  }
}
void BM_commit_decode(benchmark::State& state) {
  const auto e = points(1)[0].encode();
  for (auto _ : state) benchmark::DoNotOptimize(RistrettoPoint::decode(e));
}
void BM_commit_encode(benchmark::State& state) {
  const RistrettoPoint p = points(1)[0];
  for (auto _ : state) benchmark::DoNotOptimize(p.encode());
}
void BM_commit_from_uniform_bytes(benchmark::State& state) {
  std::array<std::uint8_t, 64> b;
  zkc::random_bytes(b);
  for (auto _ : state) benchmark::DoNotOptimize(RistrettoPoint::from_uniform_bytes(b));
}
void BM_commit_add(benchmark::State& state) {
  RistrettoPoint a = points(2)[0];
  const RistrettoPoint b = points(2)[1];
  for (auto _ : state) {
    a = a + b;
    benchmark::DoNotOptimize(a);
  }
}
void BM_commit_mul(benchmark::State& state) {
  const RistrettoPoint p = points(1)[0];
  const Scalar k = Scalar::random();
  for (auto _ : state) benchmark::DoNotOptimize(p.mul(k));
}
void BM_commit_mul_vartime(benchmark::State& state) {
  const RistrettoPoint p = points(1)[0];
  const Scalar k = Scalar::random();
  for (auto _ : state) benchmark::DoNotOptimize(p.mul_vartime(k));
}
// Peer: libsodium 1.0.18's ristretto255 (its own radix-2^51 field), in the same run.
void BM_commit_sodium_mul(benchmark::State& state) {
  const auto p = points(1)[0].encode();
  const auto k = zkc::ff::curve25519::scalar_to_bytes_le(Scalar::random());
  std::array<std::uint8_t, 32> out;
  for (auto _ : state)
    benchmark::DoNotOptimize(crypto_scalarmult_ristretto255(out.data(), k.data(), p.data()));
}
void BM_commit_sodium_decode_encode(benchmark::State& state) {
  const auto a = points(2)[0].encode(), b = points(2)[1].encode();
  std::array<std::uint8_t, 32> out;
  for (auto _ : state) benchmark::DoNotOptimize(crypto_core_ristretto255_add(out.data(), a.data(), b.data()));
}
void BM_commit_decode_add_encode(benchmark::State& state) {
  const auto a = points(2)[0].encode(), b = points(2)[1].encode();
  for (auto _ : state) {
    const auto r = RistrettoPoint::decode(a).value() + RistrettoPoint::decode(b).value();
    benchmark::DoNotOptimize(r.encode());
  }
}
void BM_commit_msm_vartime(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto ks = scalars(n);
  const std::span ps(points(n).data(), n);
  for (auto _ : state) benchmark::DoNotOptimize(zkc::commit::msm_vartime(ks, ps));
}
void BM_commit_msm_straus(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto ks = scalars(n);
  const std::span ps(points(n).data(), n);
  for (auto _ : state) benchmark::DoNotOptimize(zkc::commit::internal::msm_straus_vartime(ks, ps));
}
void BM_commit_msm_pippenger(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto ks = scalars(n);
  const std::span ps(points(n).data(), n);
  const auto c = static_cast<unsigned>(state.range(1));
  for (auto _ : state) benchmark::DoNotOptimize(zkc::commit::internal::msm_pippenger_vartime(ks, ps, c));
}
void BM_commit_msm(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto ks = scalars(n);
  const std::span ps(points(n).data(), n);
  for (auto _ : state) benchmark::DoNotOptimize(zkc::commit::msm(ks, ps));
}
void fixed_msm(benchmark::State& state, std::size_t n_fixed, std::size_t n_dyn) {
  const std::span all(points(n_fixed + n_dyn).data(), n_fixed + n_dyn);
  const FixedBases fb(all.first(n_fixed));
  const auto ks = scalars(n_fixed), dks = scalars(n_dyn);
  for (auto _ : state) benchmark::DoNotOptimize(fb.msm_vartime(ks, dks, all.subspan(n_fixed)));
}
void BM_commit_fixed_msm(benchmark::State& state) {
  fixed_msm(state, static_cast<std::size_t>(state.range(0)), 20);
}
void BM_commit_fixed_msm_batch(benchmark::State& state) { fixed_msm(state, 130, 1200); }
void BM_commit_fixed_bases_setup(benchmark::State& state) {
  const std::span ps(points(130).data(), 130);
  for (auto _ : state) benchmark::DoNotOptimize(FixedBases(ps));
}

}  // namespace

BENCHMARK(BM_commit_fe_mul);
BENCHMARK(BM_commit_fe_add);
BENCHMARK(BM_commit_decode);
BENCHMARK(BM_commit_encode);
BENCHMARK(BM_commit_from_uniform_bytes);
BENCHMARK(BM_commit_add);
BENCHMARK(BM_commit_mul)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_commit_mul_vartime)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_commit_sodium_mul)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_commit_sodium_decode_encode)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_commit_decode_add_encode)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_commit_msm_vartime)->Arg(16)->Arg(150)->Arg(1024)->Arg(10000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_commit_msm_straus)
    ->Arg(64)
    ->Arg(128)
    ->Arg(160)
    ->Arg(256)
    ->Arg(1024)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_commit_msm_pippenger)
    ->ArgsProduct({{64, 128, 160, 256}, {0}})
    ->ArgsProduct({{1024}, {6, 7, 8, 9}})
    ->ArgsProduct({{10000}, {8, 9, 10, 11, 12}})
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_commit_msm)->Arg(16)->Arg(150)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_commit_fixed_msm)->Arg(130)->Arg(258)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_commit_fixed_msm_batch)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_commit_fixed_bases_setup)->Unit(benchmark::kMillisecond);
