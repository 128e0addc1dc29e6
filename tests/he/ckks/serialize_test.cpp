// Serialization of CKKS parameters and objects: bit-exact round trips whose loaded objects still work
// (decrypt, relinearize, rotate, encrypt), every rejection the loaders promise with its message, single-bit
// flips at every offset judged against an independent oracle (accepted exactly when the flipped field stays
// valid: a residue below its prime, a finite positive scale, a valid Galois element), every truncation, and
// checked-in files (tests/data/he/ckks/serialize, README there) that must keep loading and decrypting.
#include "zkc/he/ckks/serialize.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>

#include "test_context.hpp"
#include "testing/testing.hpp"
#include "zkc/base/io.hpp"
#include "zkc/he/ckks/encryptor.hpp"
#include "zkc/he/ckks/evaluator.hpp"

namespace zkc::he::ckks {
namespace {

using nlohmann::json;

ContextPtr make_context(std::size_t n, std::vector<int> bits, double scale, bool manual_scales = false) {
  return insecure_context(n, std::move(bits), scale, manual_scales);
}

// N = 64, two levels (L = 2) and the special prime.
struct Env {
  ContextPtr ctx = make_context(64, {50, 30, 30, 50}, 0x1p30);
  KeyGenerator keygen{ctx};
  Encoder encoder{ctx};
  Evaluator eval{ctx};
  PublicKey pk = keygen.public_key();
  RelinKey rk = keygen.relin_key();
  GaloisKeys gk = keygen.galois_keys({1, 3, -2}, true);

  std::vector<double> values(std::uint64_t stream) const {
    auto g = testing::rng(stream);
    std::uniform_real_distribution<double> u(-1, 1);
    std::vector<double> v(ctx->slots());
    for (auto& x : v) x = u(g);
    return v;
  }
  Plaintext encode(const std::vector<double>& v) const {
    return encoder.encode(v, ctx->scale_at(ctx->max_level()), ctx->max_level()).value();
  }
  Ciphertext encrypt(const std::vector<double>& v) const { return Encryptor(ctx, pk).encrypt(encode(v)); }
};

const Env& env() {
  static const Env e;
  return e;
}

void expect_close(const std::vector<double>& got, const std::vector<double>& want, double bound) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_NEAR(got[i], want[i], bound) << "slot " << i << " (seed " << testing::test_seed() << ")";
  }
}

bool same_poly(const RnsPoly& a, const RnsPoly& b) {
  return a.n == b.n && a.rows == b.rows && a.ntt == b.ntt && a.data == b.data;
}
bool same_switch_key(const KeySwitchKey& a, const KeySwitchKey& b) {
  if (a.b.size() != b.b.size() || a.a.size() != b.a.size()) return false;
  for (std::size_t j = 0; j < a.b.size(); ++j) {
    if (!same_poly(a.b[j], b.b[j]) || !same_poly(a.a[j], b.a[j])) return false;
  }
  return true;
}

template <class T>
std::string error_of(const Result<T>& r) {
  return r.ok() ? std::string("(accepted)") : r.error().message;
}

void put_u64(std::vector<std::uint8_t>& b, std::size_t offset, std::uint64_t v, int bytes = 8) {
  for (int i = 0; i < bytes; ++i) b[offset + i] = static_cast<std::uint8_t>(v >> (8 * i));
}
std::uint64_t get_u64(const std::vector<std::uint8_t>& b, std::size_t offset, int bytes = 8) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= static_cast<std::uint64_t>(b[offset + i]) << (8 * i);
  return v;
}

#define EXPECT_REJECTED(result, errc, fragment)                                            \
  do {                                                                                     \
    const auto& r_ = (result);                                                             \
    ASSERT_FALSE(r_.ok()) << "accepted, expected: " << (fragment);                         \
    EXPECT_EQ(r_.error().code, (errc)) << r_.error().message;                              \
    EXPECT_NE(r_.error().message.find(fragment), std::string::npos) << r_.error().message; \
  } while (0)

// ---- parameters -------------------------------------------------------------------------------------

TEST(CkksSerialize, ParametersRoundTripThroughJson) {
  Parameters p;
  p.ring_degree = 8192;
  p.prime_bits = {60, 40, 40, 60};
  p.scale = 0x1p40;
  const json j = parameters_to_json(p);
  EXPECT_EQ(j.at("scale_log2"), 40);
  EXPECT_FALSE(j.contains("scale"));
  EXPECT_EQ(j.at("format"), "zkcredit-ckks-params");
  auto ctx = context_from_json(j, "p.json");
  ASSERT_TRUE(ctx.ok()) << ctx.error().message;
  EXPECT_EQ(ctx.value()->fingerprint(), Context::create(p).value()->fingerprint());
  EXPECT_TRUE(ctx.value()->secure());

  // A scale that is not a power of two is written as "scale" and comes back bit-exact.
  Parameters q = env().ctx->parameters();
  q.scale = 1e9 + 0.5;
  const json jq = parameters_to_json(q);
  EXPECT_FALSE(jq.contains("scale_log2"));
  auto back = parameters_from_json(json::parse(jq.dump()), "q.json");
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back.value().scale, q.scale);
  EXPECT_EQ(back.value().prime_bits, q.prime_bits);
  EXPECT_EQ(back.value().ring_degree, q.ring_degree);
  EXPECT_TRUE(back.value().insecure_testing);

  // The text form: one field a line, in the documented order, and it parses back.
  EXPECT_EQ(parameters_to_text(p),
            "{\n  \"format\": \"zkcredit-ckks-params\",\n  \"version\": 1,\n  \"ring_degree\": 8192,\n"
            "  \"prime_bits\": [60,40,40,60],\n  \"scale_log2\": 40,\n  \"insecure_testing\": false\n}\n");
  auto from_text = context_from_json_text(parameters_to_text(q), "q.json");
  ASSERT_TRUE(from_text.ok()) << from_text.error().message;
  EXPECT_EQ(from_text.value()->parameters().scale, q.scale);

  // The hand-written form, insecure_testing left out.
  auto text = context_from_json_text(
      R"({"format": "zkcredit-ckks-params", "version": 1, "ring_degree": 16384,
          "prime_bits": [60, 40, 40, 40, 40, 40, 40, 60], "scale_log2": 40})",
      "hand.json");
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(text.value()->n(), 16384u);
  EXPECT_EQ(text.value()->max_level(), 6);
}

TEST(CkksSerialize, ParametersFileRoundTrip) {
  const std::string path =
      std::filesystem::temp_directory_path() / ("zkc_ckks_params_" + std::to_string(::getpid()) + ".json");
  ASSERT_TRUE(write_parameters(env().ctx->parameters(), path).ok());
  auto ctx = read_parameters(path);
  ASSERT_TRUE(ctx.ok()) << ctx.error().message;
  EXPECT_EQ(ctx.value()->fingerprint(), env().ctx->fingerprint());
  std::filesystem::remove(path);
  auto missing = read_parameters(path);
  EXPECT_REJECTED(missing, Errc::kIo, path);
}

TEST(CkksSerialize, ParametersJsonRejectionsNameTheField) {
  const json good = parameters_to_json(env().ctx->parameters());
  ASSERT_TRUE(context_from_json(good, "p.json").ok());
  auto with = [&](const char* key, json value) {
    json j = good;
    j[key] = std::move(value);
    return context_from_json(j, "p.json");
  };
  auto without = [&](const char* key) {
    json j = good;
    j.erase(key);
    return context_from_json(j, "p.json");
  };
  EXPECT_REJECTED(context_from_json(json::array(), "p.json"), Errc::kBadFormat,
                  "p.json: expected a JSON object");
  EXPECT_REJECTED(with("format", "zkcredit-credit-model"), Errc::kBadFormat, "p.json: format: expected");
  EXPECT_REJECTED(without("format"), Errc::kBadFormat, "format: expected");
  EXPECT_REJECTED(with("version", 2), Errc::kBadFormat, "version: unsupported version 2");
  EXPECT_REJECTED(with("version", "1"), Errc::kBadFormat, "version: expected an integer");
  EXPECT_REJECTED(with("insecure_test", true), Errc::kBadFormat, "insecure_test: unknown field");
  EXPECT_REJECTED(with("ring_degree", -64), Errc::kBadFormat, "ring_degree: expected a positive integer");
  EXPECT_REJECTED(with("ring_degree", 64.0), Errc::kBadFormat, "ring_degree: expected a positive integer");
  EXPECT_REJECTED(without("ring_degree"), Errc::kBadFormat, "ring_degree");
  EXPECT_REJECTED(with("prime_bits", 40), Errc::kBadFormat, "prime_bits: expected an array");
  EXPECT_REJECTED(with("prime_bits", json({50, 70, 50})), Errc::kBadFormat,
                  "prime_bits[1]: expected an integer in [20, 60]");
  EXPECT_REJECTED(with("prime_bits", json({50, 30.0, 50})), Errc::kBadFormat, "prime_bits[1]");
  EXPECT_REJECTED(with("prime_bits", json({50, "30", 50})), Errc::kBadFormat, "prime_bits[1]");
  EXPECT_REJECTED(with("prime_bits", json(std::vector<int>(65, 30))), Errc::kBadFormat,
                  "prime_bits: 65 primes, at most 64");
  EXPECT_REJECTED(with("scale", 1e9), Errc::kBadFormat, "exactly one of");
  EXPECT_REJECTED(without("scale_log2"), Errc::kBadFormat, "exactly one of");
  EXPECT_REJECTED(with("scale_log2", 0), Errc::kBadFormat, "scale_log2: expected an integer in [1, 60]");
  EXPECT_REJECTED(with("scale_log2", 30.5), Errc::kBadFormat, "scale_log2");
  EXPECT_REJECTED(with("insecure_testing", "yes"), Errc::kBadFormat,
                  "insecure_testing: expected true or false");
  {
    json j = good;
    j.erase("scale_log2");
    j["scale"] = -5.0;
    EXPECT_REJECTED(context_from_json(j, "p.json"), Errc::kBadFormat,
                    "scale: expected a finite positive number");
    j["scale"] = "1e9";
    EXPECT_REJECTED(context_from_json(j, "p.json"), Errc::kBadFormat,
                    "scale: expected a finite positive number");
  }
  // Context::create's own checks apply, prefixed with the source.
  EXPECT_REJECTED(with("ring_degree", 100), Errc::kInvalidArgument,
                  "p.json: ring degree 100 is not a power of two");
  EXPECT_REJECTED(with("scale_log2", 55), Errc::kInvalidArgument,
                  "p.json: scale must be below the first prime");
  EXPECT_REJECTED(with("prime_bits", json({40})), Errc::kInvalidArgument, "at least two primes");
  EXPECT_REJECTED(with("insecure_testing", false), Errc::kInvalidArgument,
                  "p.json: ring degree 64 is not one of");
  {
    json j = good;
    j["ring_degree"] = 8192;
    j["prime_bits"] = json({60, 60, 60, 60});  // 240 bits > 218
    j["insecure_testing"] = false;
    EXPECT_REJECTED(context_from_json(j, "p.json"), Errc::kInvalidArgument, "exceeds");
  }
  EXPECT_REJECTED(context_from_json_text("{\"format\": ", "p.json"), Errc::kBadFormat,
                  "p.json: not valid JSON");
  EXPECT_REJECTED(context_from_json_text("", "p.json"), Errc::kBadFormat, "not valid JSON");
}

// ---- round trips ----------------------------------------------------------------------------------

TEST(CkksSerialize, EveryObjectRoundTripsBitExactAndStillWorks) {
  const Env& e = env();
  const Context& ctx = *e.ctx;
  const auto x = e.values(1), y = e.values(2);
  const Ciphertext cx = e.encrypt(x), cy = e.encrypt(y);

  // Secret key: the loaded key decrypts.
  const auto sk_bytes = save_secret_key(ctx, e.keygen.secret_key());
  EXPECT_EQ(sk_bytes.size(), kHeaderSize + 4 * 64 * 8);
  auto sk = load_secret_key(ctx, sk_bytes);
  ASSERT_TRUE(sk.ok()) << sk.error().message;
  EXPECT_TRUE(same_poly(sk.value().poly(), e.keygen.secret_key().poly()));
  EXPECT_EQ(save_secret_key(ctx, sk.value()), sk_bytes);
  const Decryptor dec(e.ctx, sk.value());

  // Ciphertext (fresh, level L).
  const auto ct_bytes = save_ciphertext(ctx, cx);
  EXPECT_EQ(ct_bytes.size(), kHeaderSize + 2 * 3 * 64 * 8);
  auto ct = load_ciphertext(ctx, ct_bytes);
  ASSERT_TRUE(ct.ok()) << ct.error().message;
  EXPECT_EQ(ct.value().scale, cx.scale);
  EXPECT_EQ(save_ciphertext(ctx, ct.value()), ct_bytes);
  expect_close(e.encoder.decode_real(dec.decrypt(ct.value())), x, 1e-4);

  // Public key: a ciphertext made with the loaded key decrypts.
  const auto pk_bytes = save_public_key(ctx, e.pk);
  auto pk = load_public_key(ctx, pk_bytes);
  ASSERT_TRUE(pk.ok()) << pk.error().message;
  EXPECT_TRUE(same_poly(pk.value().b, e.pk.b) && same_poly(pk.value().a, e.pk.a));
  EXPECT_EQ(save_public_key(ctx, pk.value()), pk_bytes);
  expect_close(e.encoder.decode_real(dec.decrypt(Encryptor(e.ctx, pk.value()).encrypt(e.encode(y)))), y,
               1e-4);

  // Relinearization key: a three-part product, saved and loaded, relinearized with the loaded key.
  const auto rk_bytes = save_relin_key(ctx, e.rk);
  EXPECT_EQ(rk_bytes.size(), kHeaderSize + 3 * 2 * 4 * 64 * 8);
  auto rk = load_relin_key(ctx, rk_bytes);
  ASSERT_TRUE(rk.ok()) << rk.error().message;
  EXPECT_TRUE(same_switch_key(rk.value().key, e.rk.key));
  EXPECT_EQ(save_relin_key(ctx, rk.value()), rk_bytes);
  const Ciphertext prod = e.eval.multiply(cx, cy).value();
  const auto prod_bytes = save_ciphertext(ctx, prod);
  auto prod3 = load_ciphertext(ctx, prod_bytes);
  ASSERT_TRUE(prod3.ok()) << prod3.error().message;
  ASSERT_EQ(prod3.value().size(), 3u);
  EXPECT_EQ(save_ciphertext(ctx, prod3.value()), prod_bytes);
  const Ciphertext rescaled = e.eval.rescale(e.eval.relinearize(prod3.value(), rk.value()).value()).value();
  std::vector<double> xy(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) xy[i] = x[i] * y[i];
  expect_close(e.encoder.decode_real(dec.decrypt(rescaled)), xy, 1e-3);

  // A ciphertext one level down keeps its level and scale.
  const auto low_bytes = save_ciphertext(ctx, rescaled);
  EXPECT_EQ(low_bytes.size(), kHeaderSize + 2 * 2 * 64 * 8);
  auto low = load_ciphertext(ctx, low_bytes);
  ASSERT_TRUE(low.ok()) << low.error().message;
  EXPECT_EQ(low.value().level(), ctx.max_level() - 1);
  EXPECT_EQ(low.value().scale, rescaled.scale);
  EXPECT_EQ(save_ciphertext(ctx, low.value()), low_bytes);

  // Galois keys: rotations and conjugation with the loaded keys.
  const auto gk_bytes = save_galois_keys(ctx, e.gk);
  EXPECT_EQ(e.gk.keys.size(), 4u);
  auto gk = load_galois_keys(ctx, gk_bytes);
  ASSERT_TRUE(gk.ok()) << gk.error().message;
  ASSERT_EQ(gk.value().keys.size(), e.gk.keys.size());
  for (const auto& [g, key] : e.gk.keys) {
    ASSERT_TRUE(gk.value().has(g)) << g;
    EXPECT_TRUE(same_switch_key(gk.value().keys.at(g), key)) << g;
  }
  EXPECT_EQ(save_galois_keys(ctx, gk.value()), gk_bytes);
  const std::size_t slots = ctx.slots();
  for (int steps : {1, 3, -2}) {
    std::vector<double> want(slots);
    for (std::size_t i = 0; i < slots; ++i) {
      want[i] = x[(i + static_cast<std::size_t>(steps + static_cast<int>(slots))) % slots];  // left rotation
    }
    expect_close(e.encoder.decode_real(dec.decrypt(e.eval.rotate(ct.value(), steps, gk.value()).value())),
                 want, 1e-3);
  }
  expect_close(e.encoder.decode_real(dec.decrypt(e.eval.conjugate(ct.value(), gk.value()).value())), x, 1e-3);

  // No Galois keys at all is a valid (empty) object.
  const auto none = save_galois_keys(ctx, GaloisKeys{});
  EXPECT_EQ(none.size(), kHeaderSize);
  auto none_back = load_galois_keys(ctx, none);
  ASSERT_TRUE(none_back.ok()) << none_back.error().message;
  EXPECT_TRUE(none_back.value().keys.empty());

  // Plaintext at the top level and at level 0.
  for (int level : {ctx.max_level(), 0}) {
    const Plaintext pt = e.encoder.encode(x, ctx.scale_at(level), level).value();
    const auto pt_bytes = save_plaintext(ctx, pt);
    auto back = load_plaintext(ctx, pt_bytes);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back.value().level(), level);
    EXPECT_TRUE(same_poly(back.value().poly, pt.poly));
    EXPECT_EQ(save_plaintext(ctx, back.value()), pt_bytes);
    expect_close(e.encoder.decode_real(back.value()), x, 1e-6);
  }
}

TEST(CkksSerialize, FilesRoundTripAndTheSecretKeyIsPrivate) {
  const Env& e = env();
  const Context& ctx = *e.ctx;
  const std::string dir =
      std::filesystem::temp_directory_path() /
      ("zkc_ckks_ser_" + std::to_string(::getpid()) + "_" + std::to_string(testing::test_seed()));
  std::filesystem::create_directories(dir);
  const auto x = e.values(3);
  const Ciphertext cx = e.encrypt(x);
  ASSERT_TRUE(write_secret_key(ctx, e.keygen.secret_key(), dir + "/sk.bin").ok());
  ASSERT_TRUE(write_public_key(ctx, e.pk, dir + "/pk.bin").ok());
  ASSERT_TRUE(write_relin_key(ctx, e.rk, dir + "/rk.bin").ok());
  ASSERT_TRUE(write_galois_keys(ctx, e.gk, dir + "/gk.bin").ok());
  ASSERT_TRUE(write_ciphertext(ctx, cx, dir + "/ct.bin").ok());
  ASSERT_TRUE(write_plaintext(ctx, e.encode(x), dir + "/pt.bin").ok());
  struct stat st {};
  ASSERT_EQ(::stat((dir + "/sk.bin").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat((dir + "/pk.bin").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);

  auto sk = read_secret_key(ctx, dir + "/sk.bin");
  ASSERT_TRUE(sk.ok()) << sk.error().message;
  ASSERT_TRUE(read_public_key(ctx, dir + "/pk.bin").ok());
  ASSERT_TRUE(read_relin_key(ctx, dir + "/rk.bin").ok());
  ASSERT_TRUE(read_galois_keys(ctx, dir + "/gk.bin").ok());
  auto pt = read_plaintext(ctx, dir + "/pt.bin");
  ASSERT_TRUE(pt.ok());
  auto ct = read_ciphertext(ctx, dir + "/ct.bin");
  ASSERT_TRUE(ct.ok()) << ct.error().message;
  expect_close(e.encoder.decode_real(Decryptor(e.ctx, sk.value()).decrypt(ct.value())), x, 1e-4);
  // Errors name the file.
  EXPECT_REJECTED(read_ciphertext(ctx, dir + "/pk.bin"), Errc::kInvalidArgument,
                  dir + "/pk.bin: ckks ciphertext: offset 8: this is a public key, not a ciphertext");
  EXPECT_REJECTED(read_secret_key(ctx, dir + "/none.bin"), Errc::kIo, dir + "/none.bin");
  std::filesystem::remove_all(dir);
}

// ---- rejections -----------------------------------------------------------------------------------

TEST(CkksSerialize, HeaderRejections) {
  const Env& e = env();
  const Context& ctx = *e.ctx;
  const auto good = save_ciphertext(ctx, e.encrypt(e.values(4)));
  auto patched = [&](std::size_t offset, std::uint64_t v, int bytes) {
    auto b = good;
    put_u64(b, offset, v, bytes);
    return load_ciphertext(ctx, b);
  };
  EXPECT_REJECTED(patched(0, 'X', 1), Errc::kBadFormat, "ckks ciphertext: offset 0: wrong magic");
  EXPECT_REJECTED(load_ciphertext(ctx, std::vector<std::uint8_t>{'{', '"'}), Errc::kBadFormat, "wrong magic");
  EXPECT_REJECTED(load_ciphertext(ctx, std::vector<std::uint8_t>{}), Errc::kBadLength,
                  "offset 0: truncated header: 0 bytes, the header has 40");
  EXPECT_REJECTED(patched(6, 2, 2), Errc::kBadFormat,
                  "offset 6: unsupported format version 2 (this build reads 1)");
  EXPECT_REJECTED(patched(8, 0, 2), Errc::kBadFormat, "offset 8: unknown object kind 0");
  EXPECT_REJECTED(patched(8, 7, 2), Errc::kBadFormat, "offset 8: unknown object kind 7");
  EXPECT_REJECTED(patched(10, 1, 2), Errc::kBadFormat, "offset 10: reserved field is not 0");
  EXPECT_REJECTED(patched(12, 128, 4), Errc::kInvalidArgument,
                  "offset 12: ring degree 128, but the parameters have N = 64 (made for other parameters)");
  EXPECT_REJECTED(patched(16, ctx.fingerprint() ^ 1, 8), Errc::kInvalidArgument,
                  "offset 16: parameters fingerprint");
  EXPECT_REJECTED(patched(28, 1, 4), Errc::kBadFormat, "offset 28: ciphertext size 1 (must be 2 or 3)");
  EXPECT_REJECTED(patched(28, 4, 4), Errc::kBadFormat, "ciphertext size 4 (must be 2 or 3)");
  EXPECT_REJECTED(patched(24, 0, 4), Errc::kBadFormat, "offset 24: level out of range: 0 rows (level -1)");
  EXPECT_REJECTED(patched(24, 4, 4), Errc::kBadFormat,
                  "level out of range: 4 rows (level 3), the parameters have levels 0..2");
  EXPECT_REJECTED(patched(24, 0xffffffff, 4), Errc::kBadFormat, "level out of range");
  for (double bad : {0.0, -0.0, -0x1p30, std::numeric_limits<double>::infinity(),
                     -std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN()}) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &bad, 8);
    EXPECT_REJECTED(patched(32, bits, 8), Errc::kBadFormat, "offset 32: scale");
  }
  {                          // A tiny but positive scale is a valid (if useless) ciphertext.
    std::uint64_t bits = 1;  // the smallest subnormal
    EXPECT_TRUE(patched(32, bits, 8).ok());
  }
  // Parameters that differ only in a prime, or only in the scale, or in N.
  const auto other_primes = make_context(64, {49, 30, 30, 50}, 0x1p30);
  const auto other_scale =
      make_context(64, {50, 30, 30, 50}, 0x1p29, true);  // 2^27 at level 0: manual scales
  const auto other_n = make_context(128, {50, 30, 30, 50}, 0x1p30);
  for (const auto& other : {other_primes, other_scale}) {
    EXPECT_REJECTED(load_ciphertext(*other, good), Errc::kInvalidArgument, "made for other parameters");
    EXPECT_REJECTED(load_ciphertext(*other, good), Errc::kInvalidArgument,
                    "offset 16: parameters fingerprint");
  }
  EXPECT_REJECTED(load_ciphertext(*other_n, good), Errc::kInvalidArgument, "offset 12: ring degree 64");
  // Keys carry the fingerprint too.
  EXPECT_REJECTED(load_secret_key(*other_primes, save_secret_key(ctx, e.keygen.secret_key())),
                  Errc::kInvalidArgument, "made for other parameters");
  EXPECT_REJECTED(load_galois_keys(*other_scale, save_galois_keys(ctx, e.gk)), Errc::kInvalidArgument,
                  "made for other parameters");
  // Truncated and trailing data.
  {
    auto b = good;
    b.pop_back();
    EXPECT_REJECTED(load_ciphertext(ctx, b), Errc::kBadLength,
                    "offset 3111: truncated: 2 polynomials of 3 x 64 residues needs 3112 bytes, got 3111");
    b = good;
    b.push_back(0);
    b.push_back(0);
    EXPECT_REJECTED(load_ciphertext(ctx, b), Errc::kBadLength, "offset 3112: 2 trailing bytes after");
  }
}

TEST(CkksSerialize, EveryObjectRefusesEveryOtherKind) {
  const Env& e = env();
  const Context& ctx = *e.ctx;
  const std::vector<std::pair<ObjectKind, std::vector<std::uint8_t>>> all = {
      {ObjectKind::kCiphertext, save_ciphertext(ctx, e.encrypt(e.values(5)))},
      {ObjectKind::kPlaintext, save_plaintext(ctx, e.encode(e.values(5)))},
      {ObjectKind::kPublicKey, save_public_key(ctx, e.pk)},
      {ObjectKind::kSecretKey, save_secret_key(ctx, e.keygen.secret_key())},
      {ObjectKind::kRelinKey, save_relin_key(ctx, e.rk)},
      {ObjectKind::kGaloisKeys, save_galois_keys(ctx, e.gk)},
  };
  for (const auto& [kind, bytes] : all) {
    const std::string is = std::string("offset 8: this is a ") + object_kind_name(kind) + ", not a ";
    const bool c = kind == ObjectKind::kCiphertext, p = kind == ObjectKind::kPlaintext,
               pk = kind == ObjectKind::kPublicKey, s = kind == ObjectKind::kSecretKey,
               r = kind == ObjectKind::kRelinKey, g = kind == ObjectKind::kGaloisKeys;
    EXPECT_EQ(load_ciphertext(ctx, bytes).ok(), c);
    EXPECT_EQ(load_plaintext(ctx, bytes).ok(), p);
    EXPECT_EQ(load_public_key(ctx, bytes).ok(), pk);
    EXPECT_EQ(load_secret_key(ctx, bytes).ok(), s);
    EXPECT_EQ(load_relin_key(ctx, bytes).ok(), r);
    EXPECT_EQ(load_galois_keys(ctx, bytes).ok(), g);
    if (!c) EXPECT_REJECTED(load_ciphertext(ctx, bytes), Errc::kInvalidArgument, is + "ciphertext");
    if (!s) EXPECT_REJECTED(load_secret_key(ctx, bytes), Errc::kInvalidArgument, is + "secret key");
    if (!g) EXPECT_REJECTED(load_galois_keys(ctx, bytes), Errc::kInvalidArgument, is + "Galois keys");
  }
}

TEST(CkksSerialize, ResidueAtOrAboveItsPrimeIsNamed) {
  const Env& e = env();
  const Context& ctx = *e.ctx;
  const auto good = save_ciphertext(ctx, e.encrypt(e.values(6)));
  const std::size_t n = ctx.n(), rows = 3;
  // Part 1, row 2, index 5: exactly q_2 (rejected), q_2 - 1 (accepted), 2^64 - 1 (rejected).
  const std::size_t at = kHeaderSize + ((1 * rows + 2) * n + 5) * 8;
  const std::uint64_t q2 = ctx.modulus(2).value();
  auto b = good;
  put_u64(b, at, q2);
  EXPECT_REJECTED(load_ciphertext(ctx, b), Errc::kNotCanonical,
                  "ckks ciphertext: offset " + std::to_string(at) +
                      ": part 1 row 2 index 5: residue is not below its prime " + std::to_string(q2));
  put_u64(b, at, ~std::uint64_t{0});
  EXPECT_REJECTED(load_ciphertext(ctx, b), Errc::kNotCanonical, "part 1 row 2 index 5");
  put_u64(b, at, q2 - 1);
  EXPECT_TRUE(load_ciphertext(ctx, b).ok());
  // Row 0 of part 0 has a larger prime than row 1: q_0 - 1 is fine in row 0, too large in row 1.
  const std::uint64_t q0 = ctx.modulus(0).value();
  b = good;
  put_u64(b, kHeaderSize, q0 - 1);
  EXPECT_TRUE(load_ciphertext(ctx, b).ok());
  put_u64(b, kHeaderSize + n * 8, q0 - 1);
  EXPECT_REJECTED(load_ciphertext(ctx, b), Errc::kNotCanonical, "part 0 row 1 index 0");

  // Keys: the special prime's row, the last one, is checked against P.
  auto kb = save_relin_key(ctx, e.rk);
  const std::size_t all = ctx.total_primes();
  const std::size_t special_at =
      kHeaderSize + ((2 * 1 + 1) * all + (all - 1)) * n * 8 + 7 * 8;  // a_1, row 3, index 7
  put_u64(kb, special_at, ctx.modulus(all - 1).value());
  EXPECT_REJECTED(load_relin_key(ctx, kb), Errc::kNotCanonical,
                  "offset " + std::to_string(special_at) + ": a_1 row 3 index 7");
  auto pb = save_public_key(ctx, e.pk);
  put_u64(pb, kHeaderSize + 3 * n * 8 + 63 * 8, ctx.modulus(0).value());  // a, row 0, index 63
  EXPECT_REJECTED(load_public_key(ctx, pb), Errc::kNotCanonical, "a row 0 index 63");
  auto gb = save_galois_keys(ctx, e.gk);
  const std::uint64_t first = get_u64(gb, kHeaderSize);
  put_u64(gb, kHeaderSize + 8, ~std::uint64_t{0});
  EXPECT_REJECTED(load_galois_keys(ctx, gb), Errc::kNotCanonical,
                  "key " + std::to_string(first) + ": b_0 row 0 index 0");
  auto sb = save_secret_key(ctx, e.keygen.secret_key());
  put_u64(sb, kHeaderSize + (2 * n + 1) * 8, ctx.modulus(2).value());
  EXPECT_REJECTED(load_secret_key(ctx, sb), Errc::kNotCanonical, "s row 2 index 1");
}

TEST(CkksSerialize, KeyShapeRejections) {
  const Env& e = env();
  const Context& ctx = *e.ctx;
  auto pb = save_public_key(ctx, e.pk);
  put_u64(pb, 24, 4, 4);
  EXPECT_REJECTED(load_public_key(ctx, pb), Errc::kBadFormat, "offset 24: 4 rows per polynomial, expected 3");
  pb = save_public_key(ctx, e.pk);
  put_u64(pb, 28, 3, 4);
  EXPECT_REJECTED(load_public_key(ctx, pb), Errc::kBadFormat, "offset 28: count 3, expected 2");
  pb = save_public_key(ctx, e.pk);
  put_u64(pb, 32, 0x4000000000000000ULL);
  EXPECT_REJECTED(load_public_key(ctx, pb), Errc::kBadFormat,
                  "offset 32: the scale field of a key must be 0");
  auto rb = save_relin_key(ctx, e.rk);
  put_u64(rb, 28, 2, 4);
  EXPECT_REJECTED(load_relin_key(ctx, rb), Errc::kBadFormat, "count 2, expected 3");
  rb = save_relin_key(ctx, e.rk);
  put_u64(rb, 24, 3, 4);
  EXPECT_REJECTED(load_relin_key(ctx, rb), Errc::kBadFormat, "3 rows per polynomial, expected 4");
  auto sb = save_secret_key(ctx, e.keygen.secret_key());
  put_u64(sb, 28, 2, 4);
  EXPECT_REJECTED(load_secret_key(ctx, sb), Errc::kBadFormat, "count 2, expected 1");
  auto pt = save_plaintext(ctx, e.encode(e.values(7)));
  put_u64(pt, 28, 2, 4);
  EXPECT_REJECTED(load_plaintext(ctx, pt), Errc::kBadFormat, "count 2, expected 1");
}

TEST(CkksSerialize, GaloisElementRejections) {
  const Env& e = env();
  const Context& ctx = *e.ctx;
  const std::uint64_t two_n = 2 * ctx.n();
  // Two keys, for rotations by 1 (g = 3) and 2 (g = 9).
  const GaloisKeys two = e.keygen.galois_keys({1, 2});
  const auto good = save_galois_keys(ctx, two);
  const std::size_t entry = 8 + 2 * 3 * 4 * 64 * 8;
  ASSERT_EQ(good.size(), kHeaderSize + 2 * entry);
  ASSERT_EQ(get_u64(good, kHeaderSize), 3u);
  ASSERT_EQ(get_u64(good, kHeaderSize + entry), 9u);
  auto with_second = [&](std::uint64_t g) {
    auto b = good;
    put_u64(b, kHeaderSize + entry, g);
    return load_galois_keys(ctx, b);
  };
  const std::string at = "offset " + std::to_string(kHeaderSize + entry) + ": ";
  EXPECT_REJECTED(with_second(3), Errc::kNotCanonical, at + "duplicate Galois element 3");
  EXPECT_REJECTED(with_second(10), Errc::kNotCanonical, at + "Galois element 10 is even");
  EXPECT_REJECTED(with_second(two_n + 3), Errc::kNotCanonical, "Galois element 131 is not below 2N = 128");
  EXPECT_REJECTED(with_second(~std::uint64_t{0}), Errc::kNotCanonical, "is not below 2N");
  EXPECT_REJECTED(with_second(1), Errc::kNotCanonical, "Galois element 1 is the identity");
  // -3 mod 2N is an automorphism but neither a rotation nor the conjugation.
  EXPECT_REJECTED(with_second(two_n - 3), Errc::kNotCanonical,
                  "Galois element 125 is neither a rotation (3^k mod 2N) nor the conjugation");
  // Another valid element below the first: out of order. Above it: accepted (the key is then simply wrong
  // for that element, which no loader can see without the secret).
  {
    auto b = good;
    put_u64(b, kHeaderSize, 27);
    EXPECT_REJECTED(load_galois_keys(ctx, b), Errc::kNotCanonical,
                    "Galois element 9 after 27: elements must be increasing");
  }
  EXPECT_TRUE(with_second(27).ok());
  EXPECT_TRUE(with_second(two_n - 1).ok());
  // Every element the oracle (the context's own galois_element) calls a rotation is accepted, and every
  // other odd element but the conjugation is refused.
  std::vector<bool> rotation(two_n, false);
  for (int s = 1; s < static_cast<int>(ctx.slots()); ++s) rotation[ctx.galois_element(s)] = true;
  for (std::uint64_t g = 4; g < two_n; ++g) {
    const bool want = (g & 1) && (rotation[g] || g == two_n - 1);
    EXPECT_EQ(with_second(g).ok(), want) << "element " << g;
  }
  // More keys than there are elements.
  auto b = good;
  put_u64(b, 28, ctx.n() / 2 + 1, 4);
  EXPECT_REJECTED(load_galois_keys(ctx, b), Errc::kBadFormat, "33 Galois keys, more than the 32 distinct");
  put_u64(b, 28, 0xffffffff, 4);
  EXPECT_REJECTED(load_galois_keys(ctx, b), Errc::kBadFormat, "more than the 32 distinct");
  put_u64(b, 28, 3, 4);
  EXPECT_REJECTED(load_galois_keys(ctx, b), Errc::kBadLength, "truncated: 3 Galois keys");
}

// A secret key file built from signed coefficients (coefficient k of s in every row), to the NTT domain.
std::vector<std::uint8_t> secret_from(const Context& ctx, const std::vector<std::int64_t>& coeffs,
                                      std::size_t inconsistent_row = 0) {
  RnsPoly s(ctx.n(), ctx.total_primes(), false);
  set_small(ctx, coeffs, s);
  if (inconsistent_row != 0)
    s.row(inconsistent_row)[3] = ctx.modulus(inconsistent_row).neg(s.row(inconsistent_row)[3]);
  to_ntt(ctx, s);
  return save_secret_key(ctx, SecretKey(std::move(s)));
}

TEST(CkksSerialize, SecretKeyMustBeTernaryInEveryRow) {
  const Env& e = env();
  const Context& ctx = *e.ctx;
  const std::size_t n = ctx.n();
  std::vector<std::int64_t> c(n);
  for (std::size_t k = 0; k < n; ++k) c[k] = static_cast<std::int64_t>(k % 3) - 1;
  EXPECT_TRUE(load_secret_key(ctx, secret_from(ctx, c)).ok());
  EXPECT_TRUE(load_secret_key(ctx, secret_from(ctx, std::vector<std::int64_t>(n, -1))).ok());
  EXPECT_TRUE(load_secret_key(ctx, secret_from(ctx, std::vector<std::int64_t>(n, 0))).ok());
  EXPECT_TRUE(load_secret_key(ctx, secret_from(ctx, std::vector<std::int64_t>(n, 1))).ok());
  for (std::int64_t bad : {std::int64_t{2}, std::int64_t{-2}, std::int64_t{21}, std::int64_t{1} << 20}) {
    auto d = c;
    d[17] = bad;
    EXPECT_REJECTED(load_secret_key(ctx, secret_from(ctx, d)), Errc::kNotCanonical,
                    "offset 40: the secret is not ternary: coefficient 17");
  }
  // Coefficient 3 (-1) is negated in row r only: the rows disagree.
  for (std::size_t r = 1; r < ctx.total_primes(); ++r) {
    EXPECT_REJECTED(load_secret_key(ctx, secret_from(ctx, c, r)), Errc::kNotCanonical, "coefficient 3");
  }
  // A real key with one NTT-domain residue changed (still below its prime) is refused, in every row.
  const auto good = save_secret_key(ctx, e.keygen.secret_key());
  for (std::size_t r = 0; r < ctx.total_primes(); ++r) {
    auto b = good;
    const std::size_t at = kHeaderSize + (r * n + 9) * 8;
    put_u64(b, at, ctx.modulus(r).add(get_u64(b, at), 1));
    EXPECT_REJECTED(load_secret_key(ctx, b), Errc::kNotCanonical, "not ternary");
  }
  // A public key's polynomial is not a secret.
  auto fake = good;
  const auto pk = save_public_key(ctx, e.pk);
  std::memcpy(fake.data() + kHeaderSize, pk.data() + kHeaderSize, 3 * n * 8);
  EXPECT_REJECTED(load_secret_key(ctx, fake), Errc::kNotCanonical, "not ternary");
}

// ---- mutations --------------------------------------------------------------------------------------

// Flips single bits and holds the loader's verdict against an oracle that knows the layout: a flip in the
// header (version, kind, degree, fingerprint, rows, count) is always refused; in the scale, accepted exactly
// when the scale stays finite and > 0; in a residue, accepted exactly when it stays below its prime;
// in a Galois element, accepted exactly when the element stays valid and in order. Accepted inputs
// save back to themselves.
template <class T, class Load, class Save>
void flip_bits(const Context& ctx, const std::vector<std::uint8_t>& good, Load load, Save save,
               bool has_scale, std::size_t rows, std::size_t galois_entry, std::size_t stride,
               const char* what) {
  const std::uint64_t two_n = 2 * ctx.n();
  std::vector<bool> valid_g(two_n, false);
  for (int s = 1; s < static_cast<int>(ctx.slots()); ++s) valid_g[ctx.galois_element(s)] = true;
  valid_g[two_n - 1] = true;
  std::size_t accepted = 0, rejected = 0;
  auto g = testing::rng(0x5e71a1);
  for (std::size_t offset = 0; offset < good.size(); ++offset) {
    // Every byte of the header and of Galois elements, a stride through the residues.
    std::size_t in_entry = 0, entry_index = 0;
    bool element = false;
    if (offset >= kHeaderSize) {
      const std::size_t body = offset - kHeaderSize;
      if (galois_entry != 0) {
        entry_index = body / galois_entry;
        in_entry = body % galois_entry;
        element = in_entry < 8;
      } else {
        in_entry = body;
      }
    }
    if (offset >= kHeaderSize && !element && (offset - kHeaderSize) % stride != (g() % stride)) continue;
    for (int bit = 0; bit < 8; ++bit) {
      auto b = good;
      b[offset] ^= static_cast<std::uint8_t>(1u << bit);
      bool want = false;
      if (offset < 32) {
        want = false;
      } else if (offset < kHeaderSize) {
        double s = 0;
        std::memcpy(&s, b.data() + 32, 8);
        want = has_scale && std::isfinite(s) && s > 0;
      } else if (element) {
        const std::size_t at = kHeaderSize + entry_index * galois_entry;
        const std::uint64_t e = get_u64(b, at);
        const std::uint64_t prev = entry_index == 0 ? 0 : get_u64(b, at - galois_entry);
        const std::uint64_t next = at + galois_entry < b.size() ? get_u64(b, at + galois_entry)
                                                                : std::numeric_limits<std::uint64_t>::max();
        want = e < two_n && valid_g[e] && prev < e && e < next;
      } else {
        const std::size_t residue = (galois_entry != 0 ? in_entry - 8 : in_entry) / 8;
        const std::size_t row = (residue / ctx.n()) % rows;
        const std::size_t word = offset - (offset - kHeaderSize) % 8;
        want = get_u64(b, word) < ctx.modulus(row).value();
      }
      const Result<T> r = load(ctx, b);
      ASSERT_EQ(r.ok(), want) << what << ": offset " << offset << " bit " << bit << ": " << error_of(r);
      if (r.ok()) {
        ++accepted;
        ASSERT_EQ(save(ctx, r.value()), b) << what << ": offset " << offset;
      } else {
        ++rejected;
      }
    }
  }
  EXPECT_GT(accepted, 0u) << what;
  EXPECT_GT(rejected, 0u) << what;
}

TEST(CkksSerialize, SingleBitFlipsAreJudgedExactly) {
  const Env& e = env();
  const Context& ctx = *e.ctx;
  const Ciphertext ct =
      e.eval.rescale(e.eval.multiply_const(e.encrypt(e.values(8)), 0.5, ctx.modulus(2).value()).value())
          .value();
  flip_bits<Ciphertext>(ctx, save_ciphertext(ctx, ct), load_ciphertext, save_ciphertext, true, 2, 0, 1,
                        "ciphertext");
  flip_bits<Plaintext>(ctx, save_plaintext(ctx, e.encode(e.values(9))), load_plaintext, save_plaintext, true,
                       3, 0, 3, "plaintext");
  flip_bits<PublicKey>(ctx, save_public_key(ctx, e.pk), load_public_key, save_public_key, false, 3, 0, 5,
                       "public key");
  flip_bits<RelinKey>(ctx, save_relin_key(ctx, e.rk), load_relin_key, save_relin_key, false, 4, 0, 29,
                      "relinearization key");
  flip_bits<GaloisKeys>(ctx, save_galois_keys(ctx, e.gk), load_galois_keys, save_galois_keys, false, 4,
                        8 + 2 * 3 * 4 * 64 * 8, 97, "Galois keys");
}

TEST(CkksSerialize, EverySingleBitFlipOfASecretKeyIsRefused) {
  const Env& e = env();
  const Context& ctx = *e.ctx;
  const auto good = save_secret_key(ctx, e.keygen.secret_key());
  for (std::size_t offset = 0; offset < good.size(); ++offset) {
    for (int bit = 0; bit < 8; ++bit) {
      auto b = good;
      b[offset] ^= static_cast<std::uint8_t>(1u << bit);
      ASSERT_FALSE(load_secret_key(ctx, b).ok()) << "offset " << offset << " bit " << bit;
    }
  }
}

TEST(CkksSerialize, EveryTruncationIsRefused) {
  const Env& e = env();
  const Context& ctx = *e.ctx;
  auto check = [&](const std::vector<std::uint8_t>& good, auto load, const char* what) {
    ASSERT_TRUE(load(ctx, good).ok()) << what;
    for (std::size_t len = 0; len < good.size(); ++len) {
      const auto r = load(ctx, std::span<const std::uint8_t>(good.data(), len));
      ASSERT_FALSE(r.ok()) << what << ": prefix " << len;
      ASSERT_EQ(r.error().code, Errc::kBadLength) << what << ": prefix " << len << ": " << r.error().message;
      ASSERT_NE(r.error().message.find("truncated"), std::string::npos) << r.error().message;
    }
  };
  const Ciphertext low = e.eval.drop_level(e.encrypt(e.values(10)), 0).value();
  check(save_ciphertext(ctx, low), load_ciphertext, "ciphertext");
  check(save_plaintext(ctx, e.encode(e.values(10))), load_plaintext, "plaintext");
  check(save_public_key(ctx, e.pk), load_public_key, "public key");
  check(save_secret_key(ctx, e.keygen.secret_key()), load_secret_key, "secret key");
  check(save_relin_key(ctx, e.rk), load_relin_key, "relinearization key");
  check(save_galois_keys(ctx, e.gk), load_galois_keys, "Galois keys");
}

// ---- checked-in files --------------------------------------------------------------------------------

// tests/data/he/ckks/serialize: the parameters the fuzz target uses (fuzz/he_ckks_decode_fuzz.cpp), a key
// set and a ciphertext of kFixtureValues. They must keep loading (a change of the format must bump its
// version) and decrypting; they also seed the fuzzer's corpus. ZKC_WRITE_CKKS_FIXTURES=<dir> writes a new
// set (the test is skipped otherwise).
const std::vector<double> kFixtureValues = {0.5, -0.25, 1.0, 0.0, 0.125, -1.0, 0.75, 0.3};

TEST(CkksSerialize, CheckedInFilesLoadAndDecrypt) {
  const std::string dir = testing::data_path("he/ckks/serialize");
  auto ctx_r = read_parameters(dir + "/params.json");
  ASSERT_TRUE(ctx_r.ok()) << ctx_r.error().message;
  const ContextPtr ctx = ctx_r.value();
  ASSERT_EQ(ctx->n(), 16u);
  auto sk = read_secret_key(*ctx, dir + "/secret_key.bin");
  ASSERT_TRUE(sk.ok()) << sk.error().message;
  auto pk = read_public_key(*ctx, dir + "/public_key.bin");
  ASSERT_TRUE(pk.ok()) << pk.error().message;
  auto rk = read_relin_key(*ctx, dir + "/relin_key.bin");
  ASSERT_TRUE(rk.ok()) << rk.error().message;
  auto gk = read_galois_keys(*ctx, dir + "/galois_keys.bin");
  ASSERT_TRUE(gk.ok()) << gk.error().message;
  auto ct = read_ciphertext(*ctx, dir + "/ciphertext.bin");
  ASSERT_TRUE(ct.ok()) << ct.error().message;
  auto pt = read_plaintext(*ctx, dir + "/plaintext.bin");
  ASSERT_TRUE(pt.ok()) << pt.error().message;
  const Encoder encoder(ctx);
  const Decryptor dec(ctx, sk.value());
  const Evaluator eval(ctx);
  expect_close(encoder.decode_real(dec.decrypt(ct.value())), kFixtureValues, 1e-3);
  expect_close(encoder.decode_real(pt.value()), kFixtureValues, 1e-4);
  // The keys work together: the square, relinearized and rescaled; a rotation by one; and a fresh
  // encryption under the public key.
  auto sq = eval.rescale(eval.relinearize(eval.square(ct.value()).value(), rk.value()).value());
  ASSERT_TRUE(sq.ok()) << sq.error().message;
  std::vector<double> squares, rotated;
  for (std::size_t i = 0; i < kFixtureValues.size(); ++i) {
    squares.push_back(kFixtureValues[i] * kFixtureValues[i]);
    rotated.push_back(kFixtureValues[(i + 1) % kFixtureValues.size()]);
  }
  expect_close(encoder.decode_real(dec.decrypt(sq.value())), squares, 1e-2);
  auto rot = eval.rotate(ct.value(), 1, gk.value());
  ASSERT_TRUE(rot.ok()) << rot.error().message;
  expect_close(encoder.decode_real(dec.decrypt(rot.value())), rotated, 1e-3);
  expect_close(encoder.decode_real(dec.decrypt(Encryptor(ctx, pk.value()).encrypt(pt.value()))),
               kFixtureValues, 1e-3);
  // And the files are the canonical encodings of what they hold.
  EXPECT_EQ(save_ciphertext(*ctx, ct.value()), read_file(dir + "/ciphertext.bin").value());
  EXPECT_EQ(save_galois_keys(*ctx, gk.value()), read_file(dir + "/galois_keys.bin").value());
}

TEST(CkksSerialize, WriteFixtures) {
  const char* out = std::getenv("ZKC_WRITE_CKKS_FIXTURES");
  if (out == nullptr)
    GTEST_SKIP() << "set ZKC_WRITE_CKKS_FIXTURES=<dir> to write tests/data/he/ckks/serialize";
  const std::string dir = out;
  std::filesystem::create_directories(dir);
  const ContextPtr ctx = make_context(16, {30, 24, 30}, 0x1p20, true);
  ASSERT_TRUE(write_parameters(ctx->parameters(), dir + "/params.json").ok());
  const KeyGenerator keygen(ctx);
  const Encoder encoder(ctx);
  const PublicKey pk = keygen.public_key();
  const Plaintext pt =
      encoder.encode(kFixtureValues, ctx->scale_at(ctx->max_level()), ctx->max_level()).value();
  ASSERT_TRUE(write_secret_key(*ctx, keygen.secret_key(), dir + "/secret_key.bin").ok());
  ASSERT_TRUE(write_public_key(*ctx, pk, dir + "/public_key.bin").ok());
  ASSERT_TRUE(write_relin_key(*ctx, keygen.relin_key(), dir + "/relin_key.bin").ok());
  ASSERT_TRUE(write_galois_keys(*ctx, keygen.galois_keys({1}, true), dir + "/galois_keys.bin").ok());
  ASSERT_TRUE(write_plaintext(*ctx, pt, dir + "/plaintext.bin").ok());
  ASSERT_TRUE(
      write_ciphertext(*ctx, encrypt_symmetric(*ctx, keygen.secret_key(), pt), dir + "/ciphertext.bin").ok());
}

}  // namespace
}  // namespace zkc::he::ckks
