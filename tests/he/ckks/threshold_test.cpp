// Threshold CKKS: the collective public key encrypts, collective decryption with every share recovers the
// values within a bound derived from the parameters and the smudging width, any n-1 shares leave garbage,
// shares bound to another ciphertext, session or context are refused, the smudging noise has the
// documented distribution, and homomorphic additions and constant products work under the collective key.
// Small insecure rings so the whole file runs in well under a second. Failures print the seed, which fixes
// the values and reference seeds; the shares and noise come from the OS CSPRNG (as in use), so every
// statistical bound is set for a failure probability below 1e-6.
#include "zkc/he/ckks/threshold.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "test_context.hpp"
#include "testing/testing.hpp"
#include "zkc/he/ckks/encryptor.hpp"
#include "zkc/he/ckks/evaluator.hpp"

namespace zkc::he::ckks {
namespace {

ContextPtr make_context(std::size_t n, std::vector<int> bits, double scale, bool manual_scales = false) {
  return insecure_context(n, std::move(bits), scale, manual_scales);
}

Digest seed_from(std::mt19937_64& g) {
  Digest d{};
  for (auto& b : d) b = static_cast<std::uint8_t>(g());
  return d;
}

struct Session {
  ContextPtr ctx;
  ThresholdSetup setup;
  std::vector<ThresholdParty> parties;
  PublicKey pk;
  Encoder encoder;
  Encryptor encryptor;
  Evaluator eval;

  static Session make(ContextPtr ctx, std::size_t n, int bits, const Digest& seed) {
    ThresholdSetup setup = ThresholdSetup::create(ctx, {n, seed, bits}).value();
    std::vector<ThresholdParty> parties;
    std::vector<PublicKeyShare> shares;
    for (std::uint32_t i = 0; i < n; ++i) {
      parties.push_back(ThresholdParty::create(setup, i).value());
      shares.push_back(parties.back().public_key_share());
    }
    PublicKey pk = combine_public_key(setup, shares).value();
    return Session{ctx, setup, std::move(parties), pk, Encoder(ctx), Encryptor(ctx, pk), Evaluator(ctx)};
  }

  std::vector<double> random(std::mt19937_64& g, double bound = 1.0) const {
    std::uniform_real_distribution<double> u(-bound, bound);
    std::vector<double> v(ctx->slots());
    for (auto& x : v) x = u(g);
    return v;
  }
  Ciphertext encrypt(const std::vector<double>& v, int level) const {
    return encryptor.encrypt(encoder.encode(v, ctx->scale_at(level), level).value());
  }
  std::vector<DecryptionShare> shares(const Ciphertext& ct) const {
    std::vector<DecryptionShare> out;
    for (const auto& p : parties) out.push_back(p.decryption_share(ct).value());
    return out;
  }
  std::vector<double> decrypt(const Ciphertext& ct) const {
    return encoder.decode_real(combine_decryption(setup, ct, shares(ct)).value());
  }
  // Error bound of a collectively decrypted fresh encryption at `scale` (threshold.hpp): the fresh noise's
  // slot bound, 8 standard deviations of the smudging (a sum of uniforms: Gaussian tails), the rescale's
  // slot bound when the ciphertext was rescaled, and the encoding rounding N / Delta.
  double bound(double scale, bool rescaled = false) const {
    const std::size_t n = ctx->n(), k = parties.size();
    return collective_fresh_slot_bound(n, k, scale) +
           8 * smudging_slot_sd(n, k, setup.smudging_bits(), scale) +
           (rescaled ? collective_rescale_slot_bound(n, k, scale) : 0) + static_cast<double>(n) / scale;
  }
};

double max_error(const std::vector<double>& got, const std::vector<double>& want) {
  double worst = 0;
  for (std::size_t i = 0; i < want.size(); ++i) worst = std::max(worst, std::fabs(got[i] - want[i]));
  return worst;
}

std::string seed_text() { return " (seed " + std::to_string(testing::test_seed()) + ")"; }

TEST(Threshold, CollectiveKeyEncryptsAndEveryShareDecrypts) {
  auto g = testing::rng(60);
  for (int bits : {1, 20, 32}) {
    Session s = Session::make(make_context(1024, {60, 40, 60}, 0x1p40), 3, bits, seed_from(g));
    const auto v = s.random(g);
    for (int level : {1, 0}) {
      const Ciphertext ct = s.encrypt(v, level);
      const double err = max_error(s.decrypt(ct), v);
      const double scale = s.ctx->scale_at(level);
      EXPECT_LT(err, s.bound(scale)) << "bits " << bits << " level " << level << seed_text();
      // The smudging is really there: the max over 512 slots exceeds one standard deviation of it.
      if (bits == 32) {
        EXPECT_GT(err, smudging_slot_sd(1024, 3, bits, scale)) << "level " << level << seed_text();
      }
    }
  }
}

TEST(Threshold, SecureParametersWithFortyBitSmudging) {
  // The training parameters (encrypted_training.hpp) on a smaller ring: a scale of 2^97 at level 1 (over a
  // 118-bit modulus) absorbs smudging at statistical distance 2^-40.
  auto g = testing::rng(61);
  const std::size_t n = 1024, parties = 4;
  const double scale = 0x1p97;
  const ContextPtr ctx = make_context(n, {60, 58, 40, 60}, 0x1p40, true);
  const double noise = 10 * collective_fresh_noise_sd(n, parties);
  const int bits = smudging_bits(n, noise, 40);
  EXPECT_LE(static_cast<double>(n) * noise / std::ldexp(1.0, bits + 1), std::ldexp(1.0, -40));
  EXPECT_GT(static_cast<double>(n) * noise / std::ldexp(1.0, bits), std::ldexp(1.0, -40));  // k is minimal
  Session s = Session::make(ctx, parties, bits, seed_from(g));
  const auto v = s.random(g, 4.0);
  const Ciphertext ct = s.encryptor.encrypt(s.encoder.encode(v, scale, 1).value());
  const double err = max_error(s.decrypt(ct), v);
  EXPECT_LT(err, s.bound(scale)) << seed_text();
  EXPECT_LT(err, 1e-6) << seed_text();
  EXPECT_GT(err, smudging_slot_sd(n, parties, bits, scale)) << seed_text();  // the smudging dominates
  // At level 0 (one 60-bit prime) the same width does not fit: refused, not silently wrapped.
  auto low = s.parties[0].decryption_share(s.eval.drop_level(ct, 0).value());
  ASSERT_FALSE(low.ok());
  EXPECT_NE(low.error().message.find("does not fit"), std::string::npos) << low.error().message;
}

TEST(Threshold, AnyMissingShareLeavesGarbageAndIsRefused) {
  auto g = testing::rng(62);
  Session s = Session::make(make_context(1024, {60, 40, 60}, 0x1p40), 3, 20, seed_from(g));
  const auto v = s.random(g);
  const Ciphertext ct = s.encrypt(v, 1);
  const auto all = s.shares(ct);
  for (std::size_t missing = 0; missing < all.size(); ++missing) {
    std::vector<DecryptionShare> subset;
    for (std::size_t i = 0; i < all.size(); ++i)
      if (i != missing) subset.push_back(all[i]);
    // By hand: c0 + the n-1 shares keeps c1 s_missing, uniform modulo Q.
    Plaintext pt{ct.parts[0], ct.scale};
    for (const auto& sh : subset) add_inplace(*s.ctx, pt.poly, sh.d);
    EXPECT_GT(max_error(s.encoder.decode_real(pt), v), 1e6) << "missing party " << missing << seed_text();
    auto refused = combine_decryption(s.setup, ct, subset);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("party " + std::to_string(missing) + " is missing"),
              std::string::npos)
        << refused.error().message;
  }
  // The public key likewise needs every share.
  std::vector<PublicKeyShare> pk_shares = {s.parties[0].public_key_share(), s.parties[2].public_key_share()};
  auto pk = combine_public_key(s.setup, pk_shares);
  ASSERT_FALSE(pk.ok());
  EXPECT_NE(pk.error().message.find("party 1 is missing"), std::string::npos) << pk.error().message;
}

TEST(Threshold, SharesAreBoundToTheirCiphertext) {
  auto g = testing::rng(63);
  Session s = Session::make(make_context(1024, {60, 40, 60}, 0x1p40), 3, 20, seed_from(g));
  const auto v = s.random(g), w = s.random(g);
  const Ciphertext a = s.encrypt(v, 1), b = s.encrypt(w, 1);
  auto shares = s.shares(a);
  auto mixed = s.shares(b);
  mixed[1] = shares[1];
  auto refused = combine_decryption(s.setup, b, mixed);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("party 1 was made for another ciphertext"), std::string::npos)
      << refused.error().message;
  // A tampered ciphertext no longer matches its shares.
  Ciphertext tampered = a;
  tampered.parts[0].row(0)[5] = (tampered.parts[0].row(0)[5] + 1) % s.ctx->modulus(0).value();
  EXPECT_FALSE(combine_decryption(s.setup, tampered, shares).ok());
  Ciphertext rescaled = a;
  rescaled.scale *= 2;
  EXPECT_FALSE(combine_decryption(s.setup, rescaled, shares).ok());
  // Duplicates, out-of-range indices, malformed polynomials.
  auto dup = shares;
  dup[2] = dup[0];
  auto r = combine_decryption(s.setup, a, dup);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("duplicate share from party 0"), std::string::npos) << r.error().message;
  auto extra = shares;
  extra.push_back(shares[0]);
  extra.back().party = 7;
  r = combine_decryption(s.setup, a, extra);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("party 7 is out of range"), std::string::npos) << r.error().message;
  auto bad = shares;
  bad[1].d.row(1)[3] = s.ctx->modulus(1).value();
  r = combine_decryption(s.setup, a, bad);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("residue is not below prime 1"), std::string::npos) << r.error().message;
  bad = shares;
  bad[0].d.drop_rows(1);
  EXPECT_FALSE(combine_decryption(s.setup, a, bad).ok());
  bad = shares;
  bad[0].d.ntt = false;
  EXPECT_FALSE(combine_decryption(s.setup, a, bad).ok());
  // The untouched shares still decrypt.
  EXPECT_LT(max_error(s.encoder.decode_real(combine_decryption(s.setup, a, shares).value()), v),
            s.bound(s.ctx->scale_at(1)));
}

TEST(Threshold, SharesOfAnotherSessionOrContextAreRefused) {
  auto g = testing::rng(64);
  const ContextPtr ctx = make_context(1024, {60, 40, 60}, 0x1p40);
  const Digest seed = seed_from(g);
  Session s = Session::make(ctx, 3, 20, seed);
  Session other_seed = Session::make(ctx, 3, 20, seed_from(g));
  Session other_width = Session::make(ctx, 3, 21, seed);
  Session other_ctx = Session::make(make_context(1024, {60, 40, 40, 60}, 0x1p40), 3, 20, seed);
  for (const Session* o : {&other_seed, &other_width, &other_ctx}) {
    EXPECT_NE(o->setup.session_id(), s.setup.session_id());
    std::vector<PublicKeyShare> pk = {s.parties[0].public_key_share(), o->parties[1].public_key_share(),
                                      s.parties[2].public_key_share()};
    auto r = combine_public_key(s.setup, pk);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("party 1 belongs to another session"), std::string::npos)
        << r.error().message;
  }
  const Ciphertext ct = s.encrypt(s.random(g), 1);
  auto shares = s.shares(ct);
  shares[2] = other_seed.parties[2].decryption_share(ct).value();
  auto r = combine_decryption(s.setup, ct, shares);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("party 2 belongs to another session"), std::string::npos)
      << r.error().message;
  // A ciphertext of another ring degree is refused by the party.
  const Ciphertext foreign = other_ctx.encrypt(other_ctx.random(g), 2);
  EXPECT_FALSE(s.parties[0].decryption_share(foreign).ok());
  // The same seed, parameters and width give the same reference polynomial (sessions are reproducible).
  Session again = Session::make(ctx, 3, 20, seed);
  EXPECT_EQ(again.setup.session_id(), s.setup.session_id());
  EXPECT_EQ(again.setup.common_polynomial().data, s.setup.common_polynomial().data);
}

TEST(Threshold, HomomorphicOperationsUnderTheCollectiveKey) {
  auto g = testing::rng(65);
  Session s = Session::make(make_context(1024, {60, 40, 60}, 0x1p40), 4, 16, seed_from(g));
  const auto a = s.random(g), b = s.random(g);
  const Ciphertext ca = s.encrypt(a, 1), cb = s.encrypt(b, 1);
  std::vector<double> sum(a.size()), scaled(a.size()), affine(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    sum[i] = a[i] + b[i];
    scaled[i] = -0.375 * (a[i] + b[i]);
    affine[i] = a[i] - 0.375 * (a[i] + b[i]) + 1.5;
  }
  const Ciphertext csum = s.eval.add(ca, cb).value();
  EXPECT_LT(max_error(s.decrypt(csum), sum), 2 * s.bound(s.ctx->scale_at(1))) << seed_text();
  const Ciphertext cscaled = s.eval.mul_const(csum, -0.375).value();
  EXPECT_EQ(cscaled.level(), 0);
  const double bound0 = 2 * s.bound(s.ctx->scale_at(0), true);
  EXPECT_LT(max_error(s.decrypt(cscaled), scaled), bound0) << seed_text();
  const Ciphertext caffine = s.eval.add_const(s.eval.add_any(ca, cscaled).value(), 1.5).value();
  EXPECT_LT(max_error(s.decrypt(caffine), affine), 2 * bound0) << seed_text();
  // A three-part product cannot be decrypted collectively (no relinearization key under s).
  auto product = s.eval.multiply(ca, cb).value();
  auto r = s.parties[0].decryption_share(product);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("3 parts"), std::string::npos) << r.error().message;
}

TEST(Threshold, SmudgingNoiseIsUniformOnItsInterval) {
  // With c1 = 0 a decryption share is exactly the smudging polynomial E_i.
  auto g = testing::rng(66);
  const int bits = 30;
  Session s = Session::make(make_context(1024, {60, 40, 60}, 0x1p40), 2, bits, seed_from(g));
  Ciphertext ct = s.encrypt(s.random(g), 1);
  std::fill(ct.parts[1].data.begin(), ct.parts[1].data.end(), 0);
  const DecryptionShare share = s.parties[0].decryption_share(ct).value();
  RnsPoly e = share.d;
  from_ntt(*s.ctx, e);
  const auto coeffs = crt_centered_vartime(*s.ctx, e);
  const long double half = std::ldexp(1.0L, bits);
  long double lo = 0, hi = 0, sum = 0, sum2 = 0;
  for (long double c : coeffs) {
    EXPECT_EQ(c, std::nearbyint(c));
    lo = std::min(lo, c);
    hi = std::max(hi, c);
    sum += c;
    sum2 += c * c;
  }
  const long double count = static_cast<long double>(coeffs.size());
  EXPECT_GE(lo, -half);
  EXPECT_LT(hi, half);
  // 1024 uniform draws (from the party's OS-random PRF key, not the test seed): the extremes within 5 % of
  // the ends (miss probability 0.975^1024 ~ 5e-12 each), the mean within 5 standard errors of 0 and the mean
  // square within 15 % of 2^(2k) / 3 (5.3 standard errors: var(U^2) = 0.8 E[U^2]^2).
  EXPECT_LT(lo, -0.95L * half);
  EXPECT_GT(hi, 0.95L * half);
  const long double sd = half / std::sqrt(3.0L);
  EXPECT_LT(std::fabs(sum / count), 5 * sd / std::sqrt(count));
  EXPECT_NEAR(static_cast<double>(sum2 / count / (sd * sd)), 1.0, 0.15);
  // Deterministic per ciphertext: asked again, the party returns the same share; another ciphertext, another.
  EXPECT_EQ(s.parties[0].decryption_share(ct).value().d.data, share.d.data);
  Ciphertext ct2 = ct;
  ct2.parts[0].row(0)[0] = (ct2.parts[0].row(0)[0] + 1) % s.ctx->modulus(0).value();
  EXPECT_NE(s.parties[0].decryption_share(ct2).value().d.data, share.d.data);
  // Two parties draw independent noise.
  EXPECT_NE(s.parties[1].decryption_share(ct).value().d.data, share.d.data);
  // The public key share is deterministic as well.
  EXPECT_EQ(s.parties[0].public_key_share().b.data, s.parties[0].public_key_share().b.data);
}

TEST(Threshold, FreshNoiseMatchesTheFormula) {
  // The collective decryption of Enc(0) with the smallest smudging is the encryption noise itself.
  auto g = testing::rng(67);
  for (std::size_t parties : {2u, 5u}) {
    Session s = Session::make(make_context(1024, {60, 40, 60}, 0x1p40), parties, 1, seed_from(g));
    const std::vector<double> zero(s.ctx->slots(), 0.0);
    double sum2 = 0;
    std::size_t count = 0;
    for (int rep = 0; rep < 4; ++rep) {
      const Ciphertext ct = s.encrypt(zero, 1);
      Plaintext pt = combine_decryption(s.setup, ct, s.shares(ct)).value();
      from_ntt(*s.ctx, pt.poly);
      for (long double c : crt_centered_vartime(*s.ctx, pt.poly)) {
        sum2 += static_cast<double>(c * c);
        ++count;
      }
    }
    const double measured = std::sqrt(sum2 / static_cast<double>(count));
    const double predicted = collective_fresh_noise_sd(1024, parties);
    EXPECT_NEAR(measured / predicted, 1.0, 0.1) << parties << " parties" << seed_text();
  }
}

TEST(Threshold, SetupAndPartyArgumentsAreChecked) {
  const ContextPtr ctx = make_context(64, {50, 50}, 0x1p30);
  EXPECT_FALSE(ThresholdSetup::create(ctx, {1, {}, 20}).ok());
  EXPECT_FALSE(ThresholdSetup::create(ctx, {0, {}, 20}).ok());
  EXPECT_FALSE(ThresholdSetup::create(ctx, {3, {}, 0}).ok());
  EXPECT_FALSE(ThresholdSetup::create(ctx, {3, {}, 121}).ok());
  EXPECT_FALSE(ThresholdSetup::create(nullptr, {3, {}, 20}).ok());
  const ThresholdSetup setup = ThresholdSetup::create(ctx, {3, {}, 20}).value();
  auto p = ThresholdParty::create(setup, 3);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message.find("index 3 out of range"), std::string::npos);
  // smudging_bits: the formula's edges.
  EXPECT_EQ(smudging_bits(1024, 1000, 40), 59);  // ceil(40 + log2(1024000)) - 1 = ceil(59.97) - 1
  EXPECT_EQ(smudging_bits(1024, 1024, 40), 59);  // exactly 2^60 / 2: k + 1 = 60
  EXPECT_EQ(smudging_bits(8, 0, 0), 2);          // B clamped to 1: ceil(3) - 1
  EXPECT_EQ(smudging_bits(8, 1, -10), 1);        // never below 1
  EXPECT_DOUBLE_EQ(smudging_slot_sd(6, 1, 10, 1024), 1.0);
}

}  // namespace
}  // namespace zkc::he::ckks
