// Our CKKS against Microsoft SEAL (node-seal 6.0.3, tests/data/he/ckks/seal_vectors.json): the same primes
// and NTT roots for the same bit sizes; our encoder reproduces SEAL's plaintext coefficients; our decryptor
// opens SEAL's ciphertexts under SEAL's secret key; our rotations, conjugation and products, applied to
// SEAL's ciphertexts with keys we derive from SEAL's secret, decrypt to what SEAL's own operations give.
#include <gtest/gtest.h>

#include <complex>

#include "seal_vectors.hpp"
#include "zkc/he/ckks/encryptor.hpp"
#include "zkc/he/ckks/evaluator.hpp"
#include "zkc/he/ckks/primes.hpp"

namespace zkc::he::ckks {
namespace {

using namespace seal_vectors;  // NOLINT(google-build-using-namespace)

const Json& the_case() { return vectors()["cases"][0]; }

std::vector<int> bits_of(const Json& a) {
  std::vector<int> out;
  for (const auto& b : a) out.push_back(b.get<int>());
  return out;
}

double number(const Json& j) { return j.is_string() ? std::stod(j.get<std::string>()) : j.get<double>(); }

ContextPtr case_context() {
  const Json& c = the_case();
  Parameters p;
  p.ring_degree = c["n"].get<std::size_t>();
  p.prime_bits = bits_of(c["bits"]);
  p.scale = number(c["scale"]);
  p.insecure_testing = true;
  return Context::create(p).value();
}

RnsPoly poly_from(const Context& ctx, const Json& per_prime) {
  std::vector<u64> primes;
  for (std::size_t i = 0; i < ctx.total_primes(); ++i) primes.push_back(ctx.modulus(i).value());
  const auto rows = residues_of(per_prime, primes, ctx.n());
  RnsPoly p(ctx.n(), rows.size(), false);
  for (std::size_t i = 0; i < rows.size(); ++i) std::copy(rows[i].begin(), rows[i].end(), p.row(i));
  to_ntt(ctx, p);
  return p;
}

Ciphertext ciphertext_from(const Context& ctx, const Json& j) {
  Ciphertext ct;
  ct.scale = number(j["scale"]);
  for (const auto& poly : j["polys"]) ct.parts.push_back(poly_from(ctx, poly));
  return ct;
}

std::vector<std::complex<double>> complex_values(const Json& a) {
  std::vector<std::complex<double>> out;
  for (const auto& v : a) out.emplace_back(number(v[0]), number(v[1]));
  return out;
}

SecretKey seal_secret(const Context& ctx) {
  std::vector<std::int64_t> s;
  for (const auto& v : the_case()["secret_key"]) s.push_back(v.get<std::int64_t>());
  RnsPoly p(ctx.n(), ctx.total_primes(), false);
  set_small(ctx, s, p);
  to_ntt(ctx, p);
  return SecretKey(std::move(p));
}

const Json& op(const std::string& name, int steps = 0) {
  for (const auto& o : the_case()["ops"]) {
    if (o["op"] == name && (steps == 0 || (o.contains("steps") && o["steps"].get<int>() == steps))) return o;
  }
  ADD_FAILURE() << "no op " << name << " " << steps;
  return the_case()["ops"][0];
}

double max_distance(const std::vector<std::complex<double>>& a, const std::vector<std::complex<double>>& b) {
  EXPECT_EQ(a.size(), b.size());
  double worst = 0;
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i)
    worst = std::max(worst, std::abs(a[i] - b[i]));
  return worst;
}

TEST(SealInterop, SamePrimesAndNttRootsForEveryListedSet) {
  for (const auto& set : vectors()["primes"]) {
    const auto n = set["n"].get<std::size_t>();
    auto ours = generate_ntt_primes(n, bits_of(set["bits"]));
    ASSERT_TRUE(ours.ok()) << ours.error().message;
    EXPECT_EQ(ours.value(), primes_of(set["primes"])) << "N = " << n << " bits " << set["bits"];
  }
  const Json& c = the_case();
  const auto primes = primes_of(c["primes"]);
  const auto roots = primes_of(c["ntt_roots"]);
  for (std::size_t i = 0; i < primes.size(); ++i) {
    EXPECT_EQ(minimal_primitive_root(primes[i], c["n"].get<std::size_t>()), roots[i]) << i;
  }
}

TEST(SealInterop, EncoderReproducesSealsPlaintextCoefficients) {
  auto ctx = case_context();
  Encoder enc(ctx);
  const auto z = complex_values(the_case()["values"]["z1"]);
  std::vector<double> re;
  for (const auto& v : z) re.push_back(v.real());
  const Json& seal = the_case()["plain_real_z1"];
  const int level = static_cast<int>(seal["coeffs"].size()) - 1;
  Plaintext ours = enc.encode(re, number(seal["scale"]), level).value();
  from_ntt(*ctx, ours.poly);
  RnsPoly theirs = poly_from(*ctx, seal["coeffs"]);
  from_ntt(*ctx, theirs);
  // SEAL rounds the same real coefficients; floating-point differences may move a rounding by one.
  const auto a = crt_centered_vartime(*ctx, ours.poly);
  const auto b = crt_centered_vartime(*ctx, theirs);
  std::size_t exact = 0;
  for (std::size_t k = 0; k < a.size(); ++k) {
    ASSERT_LE(std::fabs(static_cast<double>(a[k] - b[k])), 1.0) << "coefficient " << k;
    exact += a[k] == b[k];
  }
  EXPECT_GT(exact, a.size() * 99 / 100);
}

TEST(SealInterop, DecryptsEverySealCiphertextToSealsValues) {
  auto ctx = case_context();
  Encoder enc(ctx);
  Decryptor dec(ctx, seal_secret(*ctx));
  for (const auto& o : the_case()["ops"]) {
    const Ciphertext ct = ciphertext_from(*ctx, o["ciphertext"]);
    const auto ours = enc.decode(dec.decrypt(ct));
    const auto theirs = complex_values(o["ciphertext"]["seal_decoded"]);
    EXPECT_LT(max_distance(ours, theirs), 1e-6) << o["op"] << " " << o.value("steps", 0);
  }
}

TEST(SealInterop, OurOperationsOnSealCiphertextsMatchSeals) {
  auto ctx = case_context();
  Encoder enc(ctx);
  KeyGenerator keygen(ctx, seal_secret(*ctx));
  Decryptor dec(ctx, keygen.secret_key());
  Evaluator eval(ctx);
  const Ciphertext z1 = ciphertext_from(*ctx, op("encrypt")["ciphertext"]);
  Ciphertext z2;
  for (const auto& o : the_case()["ops"]) {
    if (o["op"] == "encrypt" && o["input"] == "z2") z2 = ciphertext_from(*ctx, o["ciphertext"]);
  }
  ASSERT_EQ(z2.size(), 2u);
  const GaloisKeys gk = keygen.galois_keys({1, 3, -1, 256}, true);
  // SEAL's rotation noise at these 30-bit primes is about 3e-5; ours must land as close to SEAL's values.
  for (int steps : {1, 3, -1, 256}) {
    const Json& o = op("rotate_vector", steps);
    EXPECT_EQ(ctx->galois_element(steps), o["galois_elt"].get<std::uint64_t>());
    const auto ours = enc.decode(dec.decrypt(eval.rotate(z1, steps, gk).value()));
    EXPECT_LT(max_distance(ours, complex_values(o["ciphertext"]["seal_decoded"])), 2e-4) << steps;
  }
  const auto conj = enc.decode(dec.decrypt(eval.conjugate(z1, gk).value()));
  EXPECT_LT(max_distance(conj, complex_values(op("complex_conjugate")["ciphertext"]["seal_decoded"])), 2e-4);
  const RelinKey rk = keygen.relin_key();
  const Ciphertext product =
      eval.rescale(eval.relinearize(eval.multiply(z1, z2).value(), rk).value()).value();
  const Json& seal_product = op("multiply_relinearize_rescale")["ciphertext"];
  EXPECT_DOUBLE_EQ(product.scale, number(seal_product["scale"]));
  EXPECT_EQ(product.level() + 1, static_cast<int>(seal_product["polys"][0].size()));
  EXPECT_LT(max_distance(enc.decode(dec.decrypt(product)), complex_values(seal_product["seal_decoded"])),
            2e-4);
}

}  // namespace
}  // namespace zkc::he::ckks
