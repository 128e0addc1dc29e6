#include "zkc/he/ckks/encryptor.hpp"

namespace zkc::he::ckks {
namespace {

RnsPoly secret_at(const SecretKey& sk, std::size_t rows) {
  RnsPoly s = sk.poly();
  s.drop_rows(rows);
  return s;
}

}  // namespace

Ciphertext Encryptor::encrypt(const Plaintext& pt) const {
  const Context& ctx = *ctx_;
  const std::size_t rows = pt.poly.rows;
  ZKC_ASSERT(pt.poly.ntt && rows <= ctx.data_primes());
  RandomSource os = RandomSource::os();
  RnsPoly u = sample_ternary(ctx, os, rows);
  to_ntt(ctx, u);
  RnsPoly b = pk_.b, a = pk_.a;
  b.drop_rows(rows);
  a.drop_rows(rows);
  Ciphertext ct;
  ct.scale = pt.scale;
  RnsPoly c0 = std::move(b), c1 = std::move(a);
  multiply_inplace(ctx, c0, u);
  multiply_inplace(ctx, c1, u);
  u.wipe();
  RnsPoly e0 = sample_error(ctx, os, rows), e1 = sample_error(ctx, os, rows);
  to_ntt(ctx, e0);
  to_ntt(ctx, e1);
  add_inplace(ctx, c0, e0);
  add_inplace(ctx, c1, e1);
  e0.wipe();
  e1.wipe();
  add_inplace(ctx, c0, pt.poly);
  ct.parts.push_back(std::move(c0));
  ct.parts.push_back(std::move(c1));
  return ct;
}

Ciphertext encrypt_symmetric(const Context& ctx, const SecretKey& sk, const Plaintext& pt) {
  const std::size_t rows = pt.poly.rows;
  ZKC_ASSERT(pt.poly.ntt && rows <= ctx.data_primes());
  RandomSource os = RandomSource::os();
  RnsPoly a = sample_uniform(ctx, os, rows, true);
  RnsPoly e = sample_error(ctx, os, rows);
  to_ntt(ctx, e);
  RnsPoly s = secret_at(sk, rows);
  RnsPoly c0 = a;
  multiply_inplace(ctx, c0, s);
  negate_inplace(ctx, c0);
  add_inplace(ctx, c0, e);
  add_inplace(ctx, c0, pt.poly);
  s.wipe();
  e.wipe();
  Ciphertext ct;
  ct.scale = pt.scale;
  ct.parts.push_back(std::move(c0));
  ct.parts.push_back(std::move(a));
  return ct;
}

Plaintext Decryptor::decrypt(const Ciphertext& ct) const {
  const Context& ctx = *ctx_;
  ZKC_ASSERT(ct.size() >= 2 && ct.size() <= 3);
  const std::size_t rows = ct.parts[0].rows;
  RnsPoly s = secret_at(sk_, rows);
  Plaintext pt;
  pt.scale = ct.scale;
  pt.poly = ct.parts[0];
  RnsPoly power = s;
  for (std::size_t i = 1; i < ct.size(); ++i) {
    multiply_add(ctx, pt.poly, ct.parts[i], power);
    if (i + 1 < ct.size()) multiply_inplace(ctx, power, s);
  }
  s.wipe();
  power.wipe();
  return pt;
}

}  // namespace zkc::he::ckks
