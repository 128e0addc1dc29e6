// The SEAL side of the CKKS comparison (tools/bench/he_compare.sh): times Microsoft SEAL's public API
// on the parameters of the zkcredit HE benchmarks, single-threaded, and prints one JSON object:
//   {"peer": "SEAL x.y.z", "runs": R, "cases": [{"n": N, "bits": [...], "op": "...", "ms": median}]}
// Each figure is the median over R samples (R >= 20); a sample repeats the operation enough times to
// last >= 0.5 ms and is divided by that count. The operation names are the contract with zkcredit's
// Google Benchmark names (BM_he_<op>/<log2 N>), see he_compare.sh.
//
// Built against an installed SEAL (SEAL_PREFIX) by he_compare.sh; this file contains no SEAL code.
// Usage: seal_ops [runs]   (default 25)
#include <seal/seal.h>
#include <seal/util/ntt.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Result {
  std::size_t n;
  std::vector<int> bits;
  std::string op;
  double ms;
  std::size_t inner;
};

// Median, in milliseconds per call, of `runs` samples of `fn`.
double median_ms(int runs, const std::function<void()>& fn, std::size_t& inner_out) {
  for (int i = 0; i < 3; ++i) fn();  // warm-up: memory pool, caches, lazily built tables
  std::size_t inner = 1;
  for (;;) {
    auto t0 = Clock::now();
    for (std::size_t i = 0; i < inner; ++i) fn();
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    if (ms >= 0.5 || inner >= (1u << 20)) break;
    inner *= 2;
  }
  std::vector<double> samples;
  samples.reserve(static_cast<std::size_t>(runs));
  for (int r = 0; r < runs; ++r) {
    auto t0 = Clock::now();
    for (std::size_t i = 0; i < inner; ++i) fn();
    samples.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count() /
                      static_cast<double>(inner));
  }
  std::sort(samples.begin(), samples.end());
  inner_out = inner;
  std::size_t m = samples.size() / 2;
  return samples.size() % 2 ? samples[m] : 0.5 * (samples[m - 1] + samples[m]);
}

// Keeps results observable so the compiler cannot drop the timed work.
volatile std::uint64_t g_sink = 0;

void run_case(std::size_t n, const std::vector<int>& bits, int runs, std::vector<Result>& out) {
  seal::EncryptionParameters parms(seal::scheme_type::ckks);
  parms.set_poly_modulus_degree(n);
  parms.set_coeff_modulus(seal::CoeffModulus::Create(n, bits));
  seal::SEALContext context(parms, true, seal::sec_level_type::tc128);
  if (!context.parameters_set()) {
    std::fprintf(stderr, "seal_ops: SEAL rejected n=%zu: %s\n", n, context.parameter_error_message());
    std::exit(1);
  }
  const double scale = std::pow(2.0, 40);

  seal::KeyGenerator keygen(context);
  const seal::SecretKey& sk = keygen.secret_key();
  seal::PublicKey pk;
  keygen.create_public_key(pk);
  seal::RelinKeys rk;
  keygen.create_relin_keys(rk);
  seal::GaloisKeys gk;
  keygen.create_galois_keys(std::vector<int>{1, 0}, gk);  // step 1 and conjugation (step 0)

  seal::CKKSEncoder encoder(context);
  seal::Encryptor encryptor(context, pk);
  seal::Decryptor decryptor(context, sk);
  seal::Evaluator evaluator(context);

  std::mt19937_64 g(42);
  std::uniform_real_distribution<double> dist(-1.0, 1.0);
  std::vector<double> v1(encoder.slot_count()), v2(encoder.slot_count()), decoded;
  for (auto& x : v1) x = dist(g);
  for (auto& x : v2) x = dist(g);

  seal::Plaintext p1, p2, pd;
  encoder.encode(v1, scale, p1);
  encoder.encode(v2, scale, p2);
  seal::Ciphertext c1, c2, c3, cr, cs, dst;
  encryptor.encrypt(p1, c1);
  encryptor.encrypt(p2, c2);
  evaluator.multiply(c1, c2, c3);
  evaluator.relinearize(c3, rk, cr);

  auto add = [&](const char* op, const std::function<void()>& fn) {
    std::size_t inner = 0;
    double ms = median_ms(runs, fn, inner);
    out.push_back({n, bits, op, ms, inner});
  };

  add("encode", [&] { encoder.encode(v1, scale, pd); });
  add("encrypt_public", [&] { encryptor.encrypt(p1, dst); });
  add("add", [&] { evaluator.add(c1, c2, dst); });
  add("multiply", [&] { evaluator.multiply(c1, c2, dst); });
  add("relinearize", [&] { evaluator.relinearize(c3, rk, dst); });
  add("multiply_relinearize", [&] {
    evaluator.multiply(c1, c2, dst);
    evaluator.relinearize_inplace(dst, rk);
  });
  add("rescale", [&] { evaluator.rescale_to_next(cr, dst); });
  add("rotate", [&] { evaluator.rotate_vector(c1, 1, gk, dst); });
  add("conjugate", [&] { evaluator.complex_conjugate(c1, gk, dst); });
  add("decrypt_decode", [&] {
    decryptor.decrypt(c1, pd);
    encoder.decode(pd, decoded);
  });

  // One forward / inverse negacyclic NTT on one prime, through SEAL's installed util headers.
  const seal::util::NTTTables& tables = context.first_context_data()->small_ntt_tables()[0];
  const std::uint64_t q = parms.coeff_modulus()[0].value();
  std::vector<std::uint64_t> poly(n);
  for (auto& x : poly) x = g() % q;
  add("ntt_forward", [&] {
    seal::util::ntt_negacyclic_harvey(seal::util::CoeffIter(poly.data()), tables);
    g_sink = g_sink + poly[0];
  });
  add("ntt_inverse", [&] {
    seal::util::inverse_ntt_negacyclic_harvey(seal::util::CoeffIter(poly.data()), tables);
    g_sink = g_sink + poly[0];
  });

  // The timed ciphertexts must still decrypt to the inputs: a broken setup must not print figures.
  evaluator.rescale_to_next(cr, cs);
  decryptor.decrypt(cs, pd);
  encoder.decode(pd, decoded);
  double err = 0;
  for (std::size_t i = 0; i < v1.size(); ++i) err = std::max(err, std::abs(decoded[i] - v1[i] * v2[i]));
  if (err > 1e-3) {
    std::fprintf(stderr, "seal_ops: n=%zu product error %g\n", n, err);
    std::exit(1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  int runs = argc > 1 ? std::atoi(argv[1]) : 25;
  if (runs < 20) {
    std::fprintf(stderr, "seal_ops: runs must be >= 20\n");
    return 2;
  }
  std::vector<Result> results;
  run_case(8192, {60, 40, 60}, runs, results);
  run_case(16384, {60, 40, 40, 40, 40, 40, 40, 60}, runs, results);

  std::printf("{\"peer\": \"SEAL %s\", \"runs\": %d, \"cases\": [", SEAL_VERSION, runs);
  for (std::size_t i = 0; i < results.size(); ++i) {
    const Result& r = results[i];
    std::printf("%s\n  {\"n\": %zu, \"bits\": [", i ? "," : "", r.n);
    for (std::size_t b = 0; b < r.bits.size(); ++b) std::printf("%s%d", b ? ", " : "", r.bits[b]);
    std::printf("], \"op\": \"%s\", \"ms\": %.6g, \"inner\": %zu}", r.op.c_str(), r.ms, r.inner);
  }
  std::printf("\n]}\n");
  return 0;
}
