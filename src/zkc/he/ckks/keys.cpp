#include "zkc/he/ckks/keys.hpp"

namespace zkc::he::ckks {

RnsPoly apply_galois_ntt(const Context& ctx, const RnsPoly& p, std::uint64_t g) {
  ZKC_ASSERT(p.ntt && (g & 1) == 1 && g < 2 * ctx.n());
  const std::size_t n = ctx.n();
  const u64 mask = 2 * static_cast<u64>(n) - 1;
  std::vector<std::size_t> source(n);
  for (std::size_t k = 0; k < n; ++k) source[k] = ctx.index_of_exponent((ctx.exponent_at(k) * g) & mask);
  RnsPoly out(n, p.rows, true);
  for (std::size_t i = 0; i < p.rows; ++i) {
    const u64* in = p.row(i);
    u64* o = out.row(i);
    for (std::size_t k = 0; k < n; ++k) o[k] = in[source[k]];
  }
  return out;
}

KeySwitchKey make_switch_key(const Context& ctx, const SecretKey& sk, const RnsPoly& s_prime,
                             RandomSource& src) {
  const std::size_t all = ctx.total_primes();
  ZKC_ASSERT(s_prime.ntt && s_prime.rows == all && sk.poly().rows == all);
  RandomSource os = RandomSource::os();
  KeySwitchKey key;
  for (std::size_t j = 0; j < ctx.data_primes(); ++j) {
    RnsPoly a = sample_uniform(ctx, src, all, true);
    RnsPoly e = sample_error(ctx, os, all);
    to_ntt(ctx, e);
    // b = e - a s, then + P s' in row j.
    RnsPoly b = a;
    multiply_inplace(ctx, b, sk.poly());
    negate_inplace(ctx, b);
    add_inplace(ctx, b, e);
    e.wipe();
    const Modulus& qj = ctx.modulus(j);
    const u64 p = ctx.p_mod(j);
    const u64 ps = qj.shoup(p);
    u64* bj = b.row(j);
    const u64* sj = s_prime.row(j);
    for (std::size_t k = 0; k < ctx.n(); ++k) bj[k] = qj.add(bj[k], qj.mul_shoup(sj[k], p, ps));
    key.b.push_back(std::move(b));
    key.a.push_back(std::move(a));
  }
  return key;
}

KeyGenerator::KeyGenerator(ContextPtr ctx) : ctx_(std::move(ctx)) {
  RandomSource os = RandomSource::os();
  RnsPoly s = sample_ternary(*ctx_, os, ctx_->total_primes());
  to_ntt(*ctx_, s);
  sk_ = SecretKey(std::move(s));
}

KeyGenerator::KeyGenerator(ContextPtr ctx, SecretKey secret) : ctx_(std::move(ctx)), sk_(std::move(secret)) {
  ZKC_ASSERT(sk_.poly().rows == ctx_->total_primes() && sk_.poly().ntt);
}

PublicKey KeyGenerator::public_key() const {
  RandomSource os = RandomSource::os();
  const std::size_t rows = ctx_->data_primes();
  PublicKey pk;
  pk.a = sample_uniform(*ctx_, os, rows, true);
  RnsPoly e = sample_error(*ctx_, os, rows);
  to_ntt(*ctx_, e);
  RnsPoly s = sk_.poly();
  s.drop_rows(rows);
  pk.b = pk.a;
  multiply_inplace(*ctx_, pk.b, s);
  negate_inplace(*ctx_, pk.b);
  add_inplace(*ctx_, pk.b, e);
  s.wipe();
  e.wipe();
  return pk;
}

RelinKey KeyGenerator::relin_key() const {
  RnsPoly s2 = sk_.poly();
  multiply_inplace(*ctx_, s2, sk_.poly());
  RandomSource os = RandomSource::os();
  RelinKey rk{make_switch_key(*ctx_, sk_, s2, os)};
  s2.wipe();
  return rk;
}

GaloisKeys KeyGenerator::galois_keys(const std::vector<int>& steps, bool conjugation) const {
  std::vector<std::uint64_t> elements;
  for (int s : steps) {
    const std::uint64_t g = ctx_->galois_element(s);
    if (g != 1) elements.push_back(g);
  }
  if (conjugation) elements.push_back(ctx_->conjugation_element());
  GaloisKeys keys;
  RandomSource os = RandomSource::os();
  for (std::uint64_t g : elements) {
    if (keys.has(g)) continue;
    RnsPoly sg = apply_galois_ntt(*ctx_, sk_.poly(), g);
    keys.keys.emplace(g, make_switch_key(*ctx_, sk_, sg, os));
    sg.wipe();
  }
  return keys;
}

}  // namespace zkc::he::ckks
