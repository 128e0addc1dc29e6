// RNS-CKKS operations (zkc/he/ckks) at the parameters of the SEAL comparison (tools/bench/he_compare.sh):
// N = 8192 with prime bits [60, 40, 60] and N = 16384 with [60, 40 x 6, 60] (the last prime special),
// scale 2^40, single thread, ciphertexts at the top level. The argument is log2 N.
//   BM_he_<op>/<log2 N> for op in encode, encrypt_public, add, multiply, relinearize, multiply_relinearize,
//   rescale, rotate (one step), conjugate, decrypt_decode, ntt_forward, ntt_inverse (one prime)
// Run: ./build/release/bench/zkc_he_bench --benchmark_repetitions=25 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <vector>

#include "zkc/he/ckks/encryptor.hpp"
#include "zkc/he/ckks/evaluator.hpp"

namespace {

using namespace zkc::he::ckks;  // NOLINT(google-build-using-namespace)

struct Setup {
  ContextPtr ctx;
  std::unique_ptr<KeyGenerator> keygen;
  std::unique_ptr<Encoder> encoder;
  std::unique_ptr<Encryptor> encryptor;
  std::unique_ptr<Decryptor> decryptor;
  std::unique_ptr<Evaluator> eval;
  RelinKey rk;
  GaloisKeys gk;
  std::vector<double> values;
  Plaintext pt;
  Ciphertext a, b;
};

const Setup& setup(int log_n) {
  static std::map<int, std::unique_ptr<Setup>> cache;
  auto& slot = cache[log_n];
  if (slot) return *slot;
  slot = std::make_unique<Setup>();
  Setup& s = *slot;
  Parameters p;
  p.ring_degree = std::size_t{1} << log_n;
  p.prime_bits =
      log_n == 13 ? std::vector<int>{60, 40, 60} : std::vector<int>{60, 40, 40, 40, 40, 40, 40, 60};
  p.scale = 0x1p40;
  s.ctx = Context::create(p).value();
  s.keygen = std::make_unique<KeyGenerator>(s.ctx);
  s.encoder = std::make_unique<Encoder>(s.ctx);
  s.encryptor = std::make_unique<Encryptor>(s.ctx, s.keygen->public_key());
  s.decryptor = std::make_unique<Decryptor>(s.ctx, s.keygen->secret_key());
  s.eval = std::make_unique<Evaluator>(s.ctx);
  s.rk = s.keygen->relin_key();
  s.gk = s.keygen->galois_keys({1}, true);
  s.values.resize(s.ctx->slots());
  for (std::size_t i = 0; i < s.values.size(); ++i) s.values[i] = static_cast<double>(i % 17) / 17.0 - 0.5;
  const int top = s.ctx->max_level();
  s.pt = s.encoder->encode(s.values, p.scale, top).value();
  s.a = s.encryptor->encrypt(s.pt);
  s.b = s.encryptor->encrypt(s.pt);
  return s;
}

void ms(benchmark::internal::Benchmark* b) { b->Arg(13)->Arg(14)->Unit(benchmark::kMillisecond); }

void BM_he_encode(benchmark::State& state) {
  const Setup& s = setup(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    benchmark::DoNotOptimize(s.encoder->encode(s.values, s.ctx->parameters().scale, s.ctx->max_level()));
  }
}
BENCHMARK(BM_he_encode)->Apply(ms);

void BM_he_encrypt_public(benchmark::State& state) {
  const Setup& s = setup(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(s.encryptor->encrypt(s.pt));
}
BENCHMARK(BM_he_encrypt_public)->Apply(ms);

void BM_he_add(benchmark::State& state) {
  const Setup& s = setup(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(s.eval->add(s.a, s.b));
}
BENCHMARK(BM_he_add)->Apply(ms);

void BM_he_multiply(benchmark::State& state) {
  const Setup& s = setup(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(s.eval->multiply(s.a, s.b));
}
BENCHMARK(BM_he_multiply)->Apply(ms);

void BM_he_relinearize(benchmark::State& state) {
  const Setup& s = setup(static_cast<int>(state.range(0)));
  const Ciphertext product = s.eval->multiply(s.a, s.b).value();
  for (auto _ : state) benchmark::DoNotOptimize(s.eval->relinearize(product, s.rk));
}
BENCHMARK(BM_he_relinearize)->Apply(ms);

void BM_he_multiply_relinearize(benchmark::State& state) {
  const Setup& s = setup(static_cast<int>(state.range(0)));
  for (auto _ : state)
    benchmark::DoNotOptimize(s.eval->relinearize(s.eval->multiply(s.a, s.b).value(), s.rk));
}
BENCHMARK(BM_he_multiply_relinearize)->Apply(ms);

void BM_he_rescale(benchmark::State& state) {
  const Setup& s = setup(static_cast<int>(state.range(0)));
  const Ciphertext product = s.eval->relinearize(s.eval->multiply(s.a, s.b).value(), s.rk).value();
  for (auto _ : state) benchmark::DoNotOptimize(s.eval->rescale(product));
}
BENCHMARK(BM_he_rescale)->Apply(ms);

void BM_he_rotate(benchmark::State& state) {
  const Setup& s = setup(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(s.eval->rotate(s.a, 1, s.gk));
}
BENCHMARK(BM_he_rotate)->Apply(ms);

void BM_he_conjugate(benchmark::State& state) {
  const Setup& s = setup(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(s.eval->conjugate(s.a, s.gk));
}
BENCHMARK(BM_he_conjugate)->Apply(ms);

void BM_he_decrypt_decode(benchmark::State& state) {
  const Setup& s = setup(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(s.encoder->decode(s.decryptor->decrypt(s.a)));
}
BENCHMARK(BM_he_decrypt_decode)->Apply(ms);

void BM_he_ntt_forward(benchmark::State& state) {
  const Setup& s = setup(static_cast<int>(state.range(0)));
  std::vector<std::uint64_t> row(s.a.parts[0].row(0), s.a.parts[0].row(0) + s.ctx->n());
  for (auto _ : state) {
    s.ctx->ntt(0).forward(row.data());
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_he_ntt_forward)->Apply(ms);

void BM_he_ntt_inverse(benchmark::State& state) {
  const Setup& s = setup(static_cast<int>(state.range(0)));
  std::vector<std::uint64_t> row(s.a.parts[0].row(0), s.a.parts[0].row(0) + s.ctx->n());
  for (auto _ : state) {
    s.ctx->ntt(0).inverse(row.data());
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_he_ntt_inverse)->Apply(ms);

}  // namespace
