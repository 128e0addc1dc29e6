// Every homomorphic operation against the same operation on the plaintext values, within error bounds
// derived from the parameters (fresh noise, rescaling rounding, key-switching noise), on a small
// insecure ring so that the tests run in milliseconds. Failures print the seed (ZKC_TEST_SEED replays).
#include "zkc/he/ckks/evaluator.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "testing/testing.hpp"
#include "zkc/he/ckks/encryptor.hpp"

namespace zkc::he::ckks {
namespace {

constexpr double kSigma = 3.24;  // CBD(21)

struct Fixture {
  ContextPtr ctx;
  KeyGenerator keygen;
  Encoder encoder;
  Encryptor encryptor;
  Decryptor decryptor;
  Evaluator eval;
  RelinKey rk;

  explicit Fixture(std::size_t n, std::vector<int> bits = {55, 40, 40, 40, 55}, double scale = 0x1p40)
      : ctx(make(n, std::move(bits), scale)),
        keygen(ctx),
        encoder(ctx),
        encryptor(ctx, keygen.public_key()),
        decryptor(ctx, keygen.secret_key()),
        eval(ctx),
        rk(keygen.relin_key()) {}

  static ContextPtr make(std::size_t n, std::vector<int> bits, double scale) {
    Parameters p;
    p.ring_degree = n;
    p.prime_bits = std::move(bits);
    p.scale = scale;
    p.insecure_testing = true;
    return Context::create(p).value();
  }

  std::vector<double> random(std::mt19937_64& g, double bound = 1.0) const {
    std::uniform_real_distribution<double> u(-bound, bound);
    std::vector<double> v(ctx->slots());
    for (auto& x : v) x = u(g);
    return v;
  }
  Ciphertext encrypt(const std::vector<double>& v) const {
    return encryptor.encrypt(encoder.encode(v, ctx->scale_at(ctx->max_level()), ctx->max_level()).value());
  }
  std::vector<double> decrypt(const Ciphertext& ct) const {
    return encoder.decode_real(decryptor.decrypt(ct));
  }
  // Error bound of a fresh public-key encryption in any slot: the noise e u + e0 + e1 s has coefficients of
  // variance sigma^2 (2N/3 + 1) + sigma^2 (2N/3); a slot sums N of them with unit-modulus weights, so its
  // standard deviation is about sigma sqrt(N (4N/3 + 1)); 16 of them (a sum of products has exponential
  // tails: 8 failed about once in 1000 runs), plus encoding rounding.
  double fresh_bound() const {
    const double n = static_cast<double>(ctx->n());
    return (16 * kSigma * std::sqrt(n * (4 * n / 3 + 1)) + n / 2) / ctx->scale_at(ctx->max_level());
  }
  // Rescaling adds rounding noise of at most 1/2 per coefficient times (1 + ||s||_1), in a slot about
  // sqrt(N) (1 + sqrt(2N/3)) / 2 standard; key switching adds (l+1) N q_j sigma / P-sized noise, far smaller.
  double rescale_bound(int level) const {
    const double n = static_cast<double>(ctx->n());
    return 8 * std::sqrt(n) * (1 + std::sqrt(2 * n / 3)) / ctx->scale_at(level);
  }
};

void expect_close(const std::vector<double>& got, const std::vector<double>& want, double bound,
                  const char* what) {
  ASSERT_EQ(got.size(), want.size());
  double worst = 0;
  for (std::size_t i = 0; i < got.size(); ++i) worst = std::max(worst, std::fabs(got[i] - want[i]));
  EXPECT_LT(worst, bound) << what << " (seed " << testing::test_seed() << ")";
}

TEST(Evaluator, EncryptDecryptWithinTheFreshNoiseBound) {
  Fixture f(1024);
  auto g = testing::rng(10);
  const auto v = f.random(g);
  expect_close(f.decrypt(f.encrypt(v)), v, f.fresh_bound(), "public-key encryption");
  auto pt = f.encoder.encode(v, f.ctx->scale_at(2), 2).value();
  const Ciphertext sym = encrypt_symmetric(*f.ctx, f.keygen.secret_key(), pt);
  EXPECT_EQ(sym.level(), 2);
  expect_close(f.decrypt(sym), v, f.fresh_bound(), "secret-key encryption");
  // A different secret decrypts to noise, not to the values.
  KeyGenerator other(f.ctx);
  Decryptor wrong(f.ctx, other.secret_key());
  const auto garbage = f.encoder.decode_real(wrong.decrypt(f.encrypt(v)));
  double worst = 0;
  for (std::size_t i = 0; i < v.size(); ++i) worst = std::max(worst, std::fabs(garbage[i] - v[i]));
  EXPECT_GT(worst, 1.0);
}

TEST(Evaluator, AdditionsAndConstants) {
  Fixture f(1024);
  auto g = testing::rng(11);
  const auto a = f.random(g), b = f.random(g);
  const Ciphertext ca = f.encrypt(a), cb = f.encrypt(b);
  std::vector<double> sum(a.size()), diff(a.size()), neg(a.size()), plus_c(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    sum[i] = a[i] + b[i];
    diff[i] = a[i] - b[i];
    neg[i] = -a[i];
    plus_c[i] = a[i] + 2.75;
  }
  const double bound = 2 * f.fresh_bound();
  expect_close(f.decrypt(f.eval.add(ca, cb).value()), sum, bound, "add");
  expect_close(f.decrypt(f.eval.sub(ca, cb).value()), diff, bound, "sub");
  expect_close(f.decrypt(f.eval.negate(ca)), neg, bound, "negate");
  expect_close(f.decrypt(f.eval.add_const(ca, 2.75).value()), plus_c, bound, "add_const");
  expect_close(f.decrypt(f.eval.add_values(ca, b).value()), sum, bound, "add_values");
  auto pb = f.encoder.encode(b, ca.scale, ca.level()).value();
  expect_close(f.decrypt(f.eval.sub_plain(ca, pb).value()), diff, bound, "sub_plain");
  std::vector<double> times3(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) times3[i] = -3 * a[i];
  expect_close(f.decrypt(f.eval.multiply_integer(ca, -3)), times3, 4 * bound, "multiply_integer");
}

TEST(Evaluator, ProductsRelinearizedAndRescaledDownToLevelZero) {
  Fixture f(1024);
  auto g = testing::rng(12);
  auto a = f.random(g);
  Ciphertext ca = f.encrypt(a);
  std::vector<double> expect = a;
  // a, a^2, a^4, a^8: three squarings use the three levels above q_0.
  for (int step = 0; step < 3; ++step) {
    const int level = ca.level();
    ca = f.eval.mul(ca, ca, f.rk).value();
    for (auto& x : expect) x = x * x;
    EXPECT_EQ(ca.level(), level - 1);
    EXPECT_DOUBLE_EQ(ca.scale, f.ctx->scale_at(level - 1));  // exactly on the ladder
    expect_close(f.decrypt(ca), expect, 8 * (f.fresh_bound() + f.rescale_bound(ca.level())), "square chain");
  }
  EXPECT_EQ(ca.level(), 0);
  auto fail = f.eval.mul(ca, ca, f.rk);
  ASSERT_FALSE(fail.ok());
  EXPECT_NE(fail.error().message.find("level 0"), std::string::npos);
  EXPECT_FALSE(f.eval.rescale(ca).ok());
}

TEST(Evaluator, ThreePartProductDecryptsBeforeRelinearization) {
  Fixture f(1024);
  auto g = testing::rng(13);
  const auto a = f.random(g), b = f.random(g);
  auto product = f.eval.multiply(f.encrypt(a), f.encrypt(b)).value();
  ASSERT_EQ(product.size(), 3u);
  std::vector<double> ab(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) ab[i] = a[i] * b[i];
  const double bound = 4 * f.fresh_bound();
  expect_close(f.decrypt(product), ab, bound, "three-part product");
  auto relin = f.eval.relinearize(product, f.rk).value();
  ASSERT_EQ(relin.size(), 2u);
  expect_close(f.decrypt(relin), ab, bound, "relinearized");
  expect_close(f.decrypt(f.eval.rescale(relin).value()), ab, bound + f.rescale_bound(3), "rescaled");
  EXPECT_FALSE(f.eval.multiply(product, f.encrypt(a)).ok());  // three-part operand refused
}

TEST(Evaluator, PlaintextAndConstantProductsStayOnTheLadder) {
  Fixture f(1024);
  auto g = testing::rng(14);
  const auto a = f.random(g), w = f.random(g, 4.0);
  Ciphertext ca = f.encrypt(a);
  auto cw = f.eval.mul_values(ca, w).value();
  std::vector<double> aw(a.size()), a_c(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    aw[i] = a[i] * w[i];
    a_c[i] = a[i] * -0.3125;
  }
  EXPECT_EQ(cw.level(), 2);
  EXPECT_DOUBLE_EQ(cw.scale, f.ctx->scale_at(2));
  const double bound = 8 * (f.fresh_bound() + f.rescale_bound(2));
  expect_close(f.decrypt(cw), aw, bound, "mul_values");
  auto cc = f.eval.mul_const(ca, -0.3125).value();
  EXPECT_DOUBLE_EQ(cc.scale, f.ctx->scale_at(2));
  expect_close(f.decrypt(cc), a_c, bound, "mul_const");
  // Adding results from different levels aligns them exactly.
  auto deep = f.eval.mul_const(cc, 2.0).value();  // level 1
  std::vector<double> expect(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) expect[i] = a[i] + 2 * a_c[i];
  auto mixed = f.eval.add_any(ca, deep).value();
  EXPECT_EQ(mixed.level(), 1);
  expect_close(f.decrypt(mixed), expect, 2 * bound, "add_any across levels");
  EXPECT_FALSE(f.eval.add(ca, deep).ok());  // the primitive add refuses different levels
}

TEST(Evaluator, EveryRotationAndConjugation) {
  Fixture f(64, {50, 40, 50});
  const std::size_t slots = f.ctx->slots();
  std::vector<int> steps;
  for (int s = -static_cast<int>(slots); s <= static_cast<int>(slots); ++s) steps.push_back(s);
  const GaloisKeys gk = f.keygen.galois_keys(steps, true);
  auto g = testing::rng(15);
  std::vector<std::complex<double>> z(slots);
  std::uniform_real_distribution<double> u(-1, 1);
  for (auto& x : z) x = {u(g), u(g)};
  const Ciphertext ct = f.encryptor.encrypt(f.encoder.encode(z, f.ctx->scale_at(1), 1).value());
  const double bound = 4 * f.fresh_bound();
  for (int s : steps) {
    auto rotated = f.eval.rotate(ct, s, gk);
    ASSERT_TRUE(rotated.ok()) << s << ": " << rotated.error().message;
    const auto got = f.encoder.decode(f.decryptor.decrypt(rotated.value()));
    double worst = 0;
    for (std::size_t i = 0; i < slots; ++i) {
      const std::size_t from = static_cast<std::size_t>(
          (static_cast<long>(i) + s % static_cast<long>(slots) + 2 * static_cast<long>(slots)) %
          static_cast<long>(slots));
      worst = std::max(worst, std::abs(got[i] - z[from]));
    }
    ASSERT_LT(worst, bound) << "rotation by " << s;
  }
  const auto conj = f.encoder.decode(f.decryptor.decrypt(f.eval.conjugate(ct, gk).value()));
  for (std::size_t i = 0; i < slots; ++i) ASSERT_LT(std::abs(conj[i] - std::conj(z[i])), bound) << i;
  // A rotation without its key is refused by name.
  const GaloisKeys only_one = f.keygen.galois_keys({1});
  auto missing = f.eval.rotate(ct, 2, only_one);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("no Galois key"), std::string::npos);
}

TEST(Evaluator, KeySwitchingAtEveryLevel) {
  Fixture f(256);
  // Switch d from an unrelated secret s' to s: out0 + out1 s must equal d s' up to small noise.
  KeyGenerator other(f.ctx);
  RandomSource os = RandomSource::os();
  const KeySwitchKey key = make_switch_key(*f.ctx, f.keygen.secret_key(), other.secret_key().poly(), os);
  for (int level = 0; level <= f.ctx->max_level(); ++level) {
    const std::size_t rows = static_cast<std::size_t>(level) + 1;
    RnsPoly d = sample_uniform(*f.ctx, os, rows, true);
    RnsPoly out0, out1;
    f.eval.key_switch(d, key, out0, out1);
    RnsPoly s = f.keygen.secret_key().poly(), sp = other.secret_key().poly();
    s.drop_rows(rows);
    sp.drop_rows(rows);
    multiply_inplace(*f.ctx, out1, s);
    add_inplace(*f.ctx, out0, out1);
    multiply_inplace(*f.ctx, d, sp);
    sub_inplace(*f.ctx, out0, d);
    from_ntt(*f.ctx, out0);
    const auto noise = crt_centered_vartime(*f.ctx, out0);
    long double worst = 0;
    for (auto x : noise) worst = std::max(worst, std::fabs(x));
    // (l+1) digits of size q_j times errors, divided by P ~ q_j, plus the rounding (1 + ||s||_1)/2.
    EXPECT_LT(static_cast<double>(worst), 64.0 * (1 + static_cast<double>(f.ctx->n()))) << "level " << level;
  }
}

TEST(Evaluator, RefusesMismatchedOperandsByName) {
  Fixture f(64, {50, 40, 50});
  auto g = testing::rng(16);
  const auto a = f.random(g);
  Ciphertext ca = f.encrypt(a);
  Ciphertext low = f.eval.drop_level(ca, 0).value();
  auto r = f.eval.add(ca, low);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("different levels"), std::string::npos);
  Ciphertext rescaled = ca;
  rescaled.scale *= 2;
  r = f.eval.add(ca, rescaled);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("different scales"), std::string::npos);
  EXPECT_FALSE(f.eval.drop_level(low, 1).ok());
  EXPECT_FALSE(f.eval.align(low, 1).ok());
  Ciphertext broken = ca;
  broken.parts.pop_back();
  EXPECT_FALSE(f.eval.add(broken, ca).ok());
  RelinKey empty;
  EXPECT_FALSE(f.eval.relinearize(f.eval.multiply(ca, ca).value(), empty).ok());
}

}  // namespace
}  // namespace zkc::he::ckks
