// libFuzzer target: every CKKS loader (src/zkc/he/ckks/serialize.hpp) on arbitrary bytes, against one fixed
// small context (N = 16, primes of 30, 24, 30 bits, scale 2^20: the parameters of the seed corpus in
// tests/data/he/ckks/serialize), and the parameters JSON reader. Whatever loads must save back to the
// same bytes and must go through the operations that use it (decrypt, encrypt, relinearize, rotate,
// rescale, decode) without tripping an assertion or a sanitizer.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>

#include "zkc/base/random.hpp"
#include "zkc/he/ckks/encryptor.hpp"
#include "zkc/he/ckks/evaluator.hpp"
#include "zkc/he/ckks/serialize.hpp"

namespace {

using namespace zkc::he::ckks;

struct Fixed {
  ContextPtr ctx;
  SecretKey sk;
  PublicKey pk;
  RelinKey rk;
  GaloisKeys gk;
  Plaintext pt;
  Ciphertext ct, ct3;

  Fixed() {
    Parameters p;
    p.ring_degree = 16;
    p.prime_bits = {30, 24, 30};
    p.scale = 0x1p20;
    p.insecure_testing = true;
    p.manual_scales = true;  // 2^16 at level 0: the fuzzer needs no ladder
    ctx = Context::create(p).value();
    // A fixed secret (a seeded source), so the paths a loaded object takes do not depend on the run.
    RandomSource src = RandomSource::from_seed({});
    RnsPoly s = sample_ternary(*ctx, src, ctx->total_primes());
    to_ntt(*ctx, s);
    sk = SecretKey(std::move(s));
    const KeyGenerator keygen(ctx, sk);
    pk = keygen.public_key();
    rk = keygen.relin_key();
    gk = keygen.galois_keys({1, 2}, true);
    const Encoder encoder(ctx);
    const std::vector<double> values = {0.5, -0.25, 1.0, 0.0, 0.125, -1.0, 0.75, 0.3};
    pt = encoder.encode(values, ctx->scale_at(ctx->max_level()), ctx->max_level()).value();
    ct = encrypt_symmetric(*ctx, sk, pt);
    ct3 = Evaluator(ctx).multiply(ct, ct).value();
  }
};

const Fixed& fixed() {
  static const Fixed f;
  return f;
}

void same_bytes(const std::vector<std::uint8_t>& saved, std::span<const std::uint8_t> in) {
  if (saved.size() != in.size() || !std::equal(saved.begin(), saved.end(), in.begin())) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Fixed& f = fixed();
  const Context& ctx = *f.ctx;
  const std::span<const std::uint8_t> in(data, size);
  const Encoder encoder(f.ctx);
  const Evaluator eval(f.ctx);
  const Decryptor decryptor(f.ctx, f.sk);

  if (auto ct = load_ciphertext(ctx, in)) {
    same_bytes(save_ciphertext(ctx, ct.value()), in);
    const Ciphertext& c = ct.value();
    (void)encoder.decode(decryptor.decrypt(c));
    if (c.size() == 3) {
      (void)eval.relinearize(c, f.rk);
    } else {
      (void)eval.rotate(c, 1, f.gk);
      (void)eval.conjugate(c, f.gk);
      if (auto sum = eval.add(c, c)) (void)eval.rescale(sum.value());
    }
  }
  if (auto pt = load_plaintext(ctx, in)) {
    same_bytes(save_plaintext(ctx, pt.value()), in);
    (void)encoder.decode(pt.value());
    (void)eval.multiply_plain(f.ct, pt.value());
    (void)Encryptor(f.ctx, f.pk).encrypt(pt.value());
  }
  if (auto pk = load_public_key(ctx, in)) {
    same_bytes(save_public_key(ctx, pk.value()), in);
    (void)decryptor.decrypt(Encryptor(f.ctx, pk.value()).encrypt(f.pt));
  }
  if (auto sk = load_secret_key(ctx, in)) {
    auto saved = save_secret_key(ctx, sk.value());
    same_bytes(saved, in);
    zkc::secure_wipe(saved.data(), saved.size());
    (void)encoder.decode(Decryptor(f.ctx, sk.value()).decrypt(f.ct));
  }
  if (auto rk = load_relin_key(ctx, in)) {
    same_bytes(save_relin_key(ctx, rk.value()), in);
    if (!eval.relinearize(f.ct3, rk.value()).ok()) std::abort();
  }
  if (auto gk = load_galois_keys(ctx, in)) {
    same_bytes(save_galois_keys(ctx, gk.value()), in);
    for (const auto& entry : gk.value().keys) {
      if (!eval.apply_galois(f.ct, entry.first, gk.value()).ok()) std::abort();
    }
  }

  // The parameters reader; contexts are only built for small shapes (a large N with many primes is
  // legitimately large, not a bug worth the fuzzer's memory).
  const std::string text(reinterpret_cast<const char*>(data), size);
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_discarded()) {
    if (auto p = parameters_from_json(j, "fuzz.json")) {
      if (p.value().ring_degree <= 1024 && p.value().prime_bits.size() <= 8) {
        if (auto c = context_from_json(j, "fuzz.json")) {
          auto again = context_from_json_text(parameters_to_text(c.value()->parameters()), "again.json");
          if (!again.ok() || again.value()->fingerprint() != c.value()->fingerprint()) std::abort();
        }
      }
    }
  }
  return 0;
}
