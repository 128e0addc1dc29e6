#include "zkc/he/ckks/evaluator.hpp"

#include <cmath>
#include <string>

namespace zkc::he::ckks {
namespace {

// round(x) modulo q for a finite double x that is already an integer (any magnitude below 2^1023).
u64 residue_of_integer(double x, const Modulus& q) {
  if (std::fabs(x) < 0x1p62) return q.from_signed(static_cast<std::int64_t>(x));
  int exponent = 0;
  const double f = std::frexp(x, &exponent);
  const auto mantissa = static_cast<std::int64_t>(std::ldexp(f, 53));
  return q.mul(q.from_signed(mantissa), q.pow(2, static_cast<u64>(exponent - 53)));
}

std::string level_text(int level) { return std::to_string(level); }

// Coefficient-domain residues in [0, q_src) of prime `src` (centered when `centered`) reduced modulo q_dst.
// One Barrett step suffices when q_src < q_dst^2 (always, unless q_dst has fewer than half q_src's bits).
void lift_row(const u64* in, u64* out, std::size_t n, const Modulus& src, const Modulus& dst, bool centered) {
  const bool one_step = 2 * dst.bits() > src.bits() + 1;
  const u64 half = src.value() >> 1;
  const u64 src_mod_dst = dst.reduce64(src.value());
  if (!centered && src.value() <= dst.value()) {
    std::copy(in, in + n, out);
    return;
  }
  if (!centered) {
    for (std::size_t k = 0; k < n; ++k) out[k] = one_step ? dst.reduce128(in[k]) : dst.reduce64(in[k]);
    return;
  }
  for (std::size_t k = 0; k < n; ++k) {
    const u64 v = in[k];
    const u64 r = one_step ? dst.reduce128(v) : dst.reduce64(v);
    // v > q_src / 2 stands for v - q_src (branch-free select).
    const u64 big = 0 - static_cast<u64>(v > half);
    out[k] = (r & ~big) | (dst.sub(r, src_mod_dst) & big);
  }
}

}  // namespace

Evaluator::Evaluator(ContextPtr ctx) : ctx_(ctx), encoder_(ctx) {}

Status Evaluator::check(const Ciphertext& a, const char* what) const {
  if (a.size() < 2 || a.size() > 3 || a.level() < 0 || a.level() > ctx_->max_level()) {
    return make_error(Errc::kInvalidArgument, std::string(what) + ": malformed ciphertext (size " +
                                                  std::to_string(a.size()) + ", level " +
                                                  level_text(a.level()) + ")");
  }
  for (const auto& p : a.parts) {
    if (p.n != ctx_->n() || !p.ntt || p.rows != a.parts[0].rows) {
      return make_error(Errc::kInvalidArgument, std::string(what) + ": ciphertext parts of mismatched shape");
    }
  }
  return Status::success();
}

Status Evaluator::same_level_and_scale(const Ciphertext& a, const Ciphertext& b) const {
  if (a.level() != b.level()) {
    return make_error(Errc::kInvalidArgument, "operands at different levels (" + level_text(a.level()) +
                                                  " and " + level_text(b.level()) + "); align them first");
  }
  if (std::fabs(a.scale / b.scale - 1.0) > 1e-9) {
    return make_error(Errc::kInvalidArgument, "operands at different scales (" + std::to_string(a.scale) +
                                                  " and " + std::to_string(b.scale) + ")");
  }
  return Status::success();
}

#define ZKC_CHECK_STATUS(expr)                         \
  do {                                                 \
    Status zkc_status_ = (expr);                       \
    if (!zkc_status_.ok()) return zkc_status_.error(); \
  } while (0)

Result<Ciphertext> Evaluator::add(const Ciphertext& a, const Ciphertext& b) const {
  ZKC_CHECK_STATUS(check(a, "add"));
  ZKC_CHECK_STATUS(check(b, "add"));
  ZKC_CHECK_STATUS(same_level_and_scale(a, b));
  const Ciphertext& big = a.size() >= b.size() ? a : b;
  const Ciphertext& small = a.size() >= b.size() ? b : a;
  Ciphertext out = big;
  for (std::size_t i = 0; i < small.size(); ++i) add_inplace(*ctx_, out.parts[i], small.parts[i]);
  return out;
}

Ciphertext Evaluator::negate(const Ciphertext& a) const {
  Ciphertext out = a;
  for (auto& p : out.parts) negate_inplace(*ctx_, p);
  return out;
}

Result<Ciphertext> Evaluator::sub(const Ciphertext& a, const Ciphertext& b) const {
  ZKC_CHECK_STATUS(check(b, "sub"));
  return add(a, negate(b));
}

Result<Ciphertext> Evaluator::add_plain(const Ciphertext& a, const Plaintext& p) const {
  ZKC_CHECK_STATUS(check(a, "add_plain"));
  if (p.level() != a.level() || std::fabs(p.scale / a.scale - 1.0) > 1e-9 || !p.poly.ntt) {
    return make_error(Errc::kInvalidArgument,
                      "add_plain: the plaintext's level or scale differs from the ciphertext's");
  }
  Ciphertext out = a;
  add_inplace(*ctx_, out.parts[0], p.poly);
  return out;
}

Result<Ciphertext> Evaluator::sub_plain(const Ciphertext& a, const Plaintext& p) const {
  Plaintext neg = p;
  negate_inplace(*ctx_, neg.poly);
  return add_plain(a, neg);
}

Result<Ciphertext> Evaluator::multiply(const Ciphertext& a, const Ciphertext& b) const {
  ZKC_CHECK_STATUS(check(a, "multiply"));
  ZKC_CHECK_STATUS(check(b, "multiply"));
  if (a.size() != 2 || b.size() != 2) {
    return make_error(Errc::kInvalidArgument, "multiply: relinearize three-part ciphertexts first");
  }
  if (a.level() != b.level()) {
    return make_error(Errc::kInvalidArgument, "multiply: operands at different levels (" +
                                                  level_text(a.level()) + " and " + level_text(b.level()) +
                                                  ")");
  }
  const Context& ctx = *ctx_;
  Ciphertext out;
  out.scale = a.scale * b.scale;
  const RnsPoly& a0 = a.parts[0];
  const RnsPoly& a1 = a.parts[1];
  const RnsPoly& b0 = b.parts[0];
  const RnsPoly& b1 = b.parts[1];
  RnsPoly c0(a0.n, a0.rows, true), c1(a0.n, a0.rows, true), c2(a0.n, a0.rows, true);
  for (std::size_t i = 0; i < a0.rows; ++i) {
    const Modulus& q = ctx.modulus(i);
    const u64 *x0 = a0.row(i), *x1 = a1.row(i), *y0 = b0.row(i), *y1 = b1.row(i);
    u64 *z0 = c0.row(i), *z1 = c1.row(i), *z2 = c2.row(i);
    for (std::size_t k = 0; k < a0.n; ++k) {
      z0[k] = q.mul(x0[k], y0[k]);
      z1[k] = q.reduce128(static_cast<u128>(x0[k]) * y1[k] + static_cast<u128>(x1[k]) * y0[k]);
      z2[k] = q.mul(x1[k], y1[k]);
    }
  }
  out.parts.push_back(std::move(c0));
  out.parts.push_back(std::move(c1));
  out.parts.push_back(std::move(c2));
  return out;
}

Result<Ciphertext> Evaluator::square(const Ciphertext& a) const { return multiply(a, a); }

Result<Ciphertext> Evaluator::multiply_plain(const Ciphertext& a, const Plaintext& p) const {
  ZKC_CHECK_STATUS(check(a, "multiply_plain"));
  if (p.level() != a.level() || !p.poly.ntt) {
    return make_error(Errc::kInvalidArgument, "multiply_plain: the plaintext is at level " +
                                                  level_text(p.level()) + ", the ciphertext at " +
                                                  level_text(a.level()));
  }
  Ciphertext out = a;
  for (auto& part : out.parts) multiply_inplace(*ctx_, part, p.poly);
  out.scale = a.scale * p.scale;
  return out;
}

Result<Ciphertext> Evaluator::multiply_const(const Ciphertext& a, double c, double constant_scale) const {
  ZKC_CHECK_STATUS(check(a, "multiply_const"));
  const double k = std::nearbyint(c * constant_scale);
  if (!std::isfinite(k) || !(constant_scale > 0)) {
    return make_error(Errc::kInvalidArgument, "multiply_const: the constant or its scale is not finite");
  }
  Ciphertext out = a;
  for (auto& part : out.parts) {
    for (std::size_t i = 0; i < part.rows; ++i) {
      const Modulus& q = ctx_->modulus(i);
      const u64 w = residue_of_integer(k, q), ws = q.shoup(w);
      u64* x = part.row(i);
      for (std::size_t j = 0; j < part.n; ++j) x[j] = q.mul_shoup(x[j], w, ws);
    }
  }
  out.scale = a.scale * constant_scale;
  return out;
}

Ciphertext Evaluator::multiply_integer(const Ciphertext& a, std::int64_t k) const {
  Ciphertext out = a;
  for (auto& part : out.parts) {
    for (std::size_t i = 0; i < part.rows; ++i) {
      const Modulus& q = ctx_->modulus(i);
      const u64 w = q.from_signed(k), ws = q.shoup(w);
      u64* x = part.row(i);
      for (std::size_t j = 0; j < part.n; ++j) x[j] = q.mul_shoup(x[j], w, ws);
    }
  }
  return out;
}

void Evaluator::key_switch(const RnsPoly& d, const KeySwitchKey& key, RnsPoly& out0, RnsPoly& out1) const {
  const Context& ctx = *ctx_;
  const std::size_t n = ctx.n();
  const std::size_t l1 = d.rows;  // level + 1
  const std::size_t sp = ctx.special_index();
  ZKC_ASSERT(d.ntt && l1 <= ctx.data_primes() && key.b.size() == ctx.data_primes());
  // Scratch reused across calls on this thread: fresh large allocations would fault in new pages on every
  // operation (about a tenth of a rotation's time at N = 8192).
  thread_local std::vector<u64> coeff_buf, tmp;
  thread_local std::vector<u128> wide0, wide1;
  coeff_buf.resize(l1 * n);
  tmp.resize(n);
  wide0.resize(n);
  wide1.resize(n);
  std::copy(d.data.begin(), d.data.begin() + static_cast<std::ptrdiff_t>(l1 * n), coeff_buf.begin());
  for (std::size_t j = 0; j < l1; ++j) ctx.ntt(j).inverse(coeff_buf.data() + j * n);
  // Accumulators over rows 0..l and P (stored as row l1). Target prime by target prime: the digits are
  // lifted and transformed into it and their products with the key summed lazily in 128 bits (each
  // product is below q_t^2 < 2^120 and there are at most L + 1 <= 64 of them), reduced once at the end.
  RnsPoly acc0(n, l1 + 1, true), acc1(n, l1 + 1, true);
  for (std::size_t t = 0; t <= l1; ++t) {
    const std::size_t prime = t < l1 ? t : sp;
    const Modulus& qt = ctx.modulus(prime);
    std::fill(wide0.begin(), wide0.end(), 0);
    std::fill(wide1.begin(), wide1.end(), 0);
    for (std::size_t j = 0; j < l1; ++j) {
      const u64* digit;
      if (prime == j) {
        digit = d.row(j);
      } else {
        lift_row(coeff_buf.data() + j * n, tmp.data(), n, ctx.modulus(j), qt, false);
        ctx.ntt(prime).forward(tmp.data());
        digit = tmp.data();
      }
      const u64* kb = key.b[j].row(prime);
      const u64* ka = key.a[j].row(prime);
      for (std::size_t k = 0; k < n; ++k) {
        wide0[k] += static_cast<u128>(digit[k]) * kb[k];
        wide1[k] += static_cast<u128>(digit[k]) * ka[k];
      }
    }
    u64* z0 = acc0.row(t);
    u64* z1 = acc1.row(t);
    for (std::size_t k = 0; k < n; ++k) {
      z0[k] = qt.reduce_wide(wide0[k]);
      z1[k] = qt.reduce_wide(wide1[k]);
    }
  }
  // Mod-down: out_t = (acc_t - [acc]_P) * P^{-1} mod q_t, with [acc]_P the centered residue mod P, so the
  // division is exact and rounds to nearest.
  const Modulus& p = ctx.modulus(sp);
  for (int which = 0; which < 2; ++which) {
    RnsPoly& acc = which == 0 ? acc0 : acc1;
    RnsPoly& out = which == 0 ? out0 : out1;
    out = RnsPoly(n, l1, true);
    u64* top = acc.row(l1);
    ctx.ntt(sp).inverse(top);
    for (std::size_t t = 0; t < l1; ++t) {
      const Modulus& qt = ctx.modulus(t);
      lift_row(top, tmp.data(), n, p, qt, true);
      ctx.ntt(t).forward(tmp.data());
      const u64 inv = ctx.p_inv(t), inv_s = qt.shoup(inv);
      const u64* a = acc.row(t);
      u64* o = out.row(t);
      for (std::size_t k = 0; k < n; ++k) o[k] = qt.mul_shoup(qt.sub(a[k], tmp[k]), inv, inv_s);
    }
  }
}

Result<Ciphertext> Evaluator::relinearize(const Ciphertext& a, const RelinKey& rk) const {
  ZKC_CHECK_STATUS(check(a, "relinearize"));
  if (a.size() == 2) return a;
  if (rk.key.b.size() != ctx_->data_primes()) {
    return make_error(Errc::kInvalidArgument,
                      "relinearize: the relinearization key does not match the parameters");
  }
  Ciphertext out;
  out.scale = a.scale;
  RnsPoly k0, k1;
  key_switch(a.parts[2], rk.key, k0, k1);
  out.parts.push_back(a.parts[0]);
  out.parts.push_back(a.parts[1]);
  add_inplace(*ctx_, out.parts[0], k0);
  add_inplace(*ctx_, out.parts[1], k1);
  return out;
}

Result<Ciphertext> Evaluator::rescale(const Ciphertext& a) const {
  ZKC_CHECK_STATUS(check(a, "rescale"));
  const int l = a.level();
  if (l == 0)
    return make_error(Errc::kInvalidArgument,
                      "rescale: the ciphertext is at level 0 (no prime left to divide by)");
  const Context& ctx = *ctx_;
  const std::size_t n = ctx.n();
  const std::size_t last = static_cast<std::size_t>(l);
  const Modulus& ql = ctx.modulus(last);
  Ciphertext out = a;
  std::vector<u64> top(n), tmp(n);
  for (auto& part : out.parts) {
    std::copy(part.row(last), part.row(last) + n, top.begin());
    ctx.ntt(last).inverse(top.data());
    for (std::size_t i = 0; i < last; ++i) {
      const Modulus& qi = ctx.modulus(i);
      lift_row(top.data(), tmp.data(), n, ql, qi, true);
      ctx.ntt(i).forward(tmp.data());
      const u64 inv = ctx.inv_q(l, i), inv_s = qi.shoup(inv);
      u64* x = part.row(i);
      for (std::size_t k = 0; k < n; ++k) x[k] = qi.mul_shoup(qi.sub(x[k], tmp[k]), inv, inv_s);
    }
    part.drop_rows(last);
  }
  out.scale = a.scale / static_cast<double>(ql.value());
  return out;
}

Result<Ciphertext> Evaluator::drop_level(const Ciphertext& a, int level) const {
  ZKC_CHECK_STATUS(check(a, "drop_level"));
  if (level < 0 || level > a.level()) {
    return make_error(Errc::kInvalidArgument, "drop_level: cannot go from level " + level_text(a.level()) +
                                                  " to level " + level_text(level));
  }
  Ciphertext out = a;
  for (auto& p : out.parts) p.drop_rows(static_cast<std::size_t>(level) + 1);
  return out;
}

Result<Ciphertext> Evaluator::apply_galois(const Ciphertext& a, std::uint64_t g, const GaloisKeys& gk) const {
  ZKC_CHECK_STATUS(check(a, "rotate"));
  if (a.size() != 2) return make_error(Errc::kInvalidArgument, "rotate: relinearize first");
  if (g == 1) return a;
  auto it = gk.keys.find(g);
  if (it == gk.keys.end()) {
    return make_error(Errc::kInvalidArgument, "rotate: no Galois key for element " + std::to_string(g));
  }
  if (it->second.b.size() != ctx_->data_primes()) {
    return make_error(Errc::kInvalidArgument, "rotate: the Galois key does not match the parameters");
  }
  RnsPoly c0 = apply_galois_ntt(*ctx_, a.parts[0], g);
  RnsPoly c1 = apply_galois_ntt(*ctx_, a.parts[1], g);
  RnsPoly k0, k1;
  key_switch(c1, it->second, k0, k1);
  add_inplace(*ctx_, c0, k0);
  Ciphertext out;
  out.scale = a.scale;
  out.parts.push_back(std::move(c0));
  out.parts.push_back(std::move(k1));
  return out;
}

Result<Ciphertext> Evaluator::rotate(const Ciphertext& a, int steps, const GaloisKeys& gk) const {
  return apply_galois(a, ctx_->galois_element(steps), gk);
}

Result<Ciphertext> Evaluator::conjugate(const Ciphertext& a, const GaloisKeys& gk) const {
  return apply_galois(a, ctx_->conjugation_element(), gk);
}

// ---------------------------------------------------------------------------------------------------

Result<Ciphertext> Evaluator::align(const Ciphertext& a, int level) const {
  ZKC_CHECK_STATUS(check(a, "align"));
  if (level > a.level() || level < 0) {
    return make_error(Errc::kInvalidArgument,
                      "align: cannot raise level " + level_text(a.level()) + " to " + level_text(level));
  }
  if (level == a.level()) return a;
  ZKC_TRY(Ciphertext high, drop_level(a, level + 1));
  const double q = static_cast<double>(ctx_->modulus(static_cast<std::size_t>(level) + 1).value());
  const double constant_scale = ctx_->scale_at(level) * q / a.scale;
  ZKC_TRY(Ciphertext scaled, multiply_const(high, 1.0, constant_scale));
  ZKC_TRY(Ciphertext out, rescale(scaled));
  out.scale = ctx_->scale_at(level);
  return out;
}

Result<Ciphertext> Evaluator::mul(const Ciphertext& a, const Ciphertext& b, const RelinKey& rk) const {
  ZKC_CHECK_STATUS(check(a, "mul"));
  ZKC_CHECK_STATUS(check(b, "mul"));
  const int level = std::min(a.level(), b.level());
  if (level == 0) return make_error(Errc::kInvalidArgument, "mul: an operand is at level 0 (no level left)");
  ZKC_TRY(Ciphertext x, align(a, level));
  ZKC_TRY(Ciphertext y, align(b, level));
  ZKC_TRY(Ciphertext product, &a == &b ? square(x) : multiply(x, y));
  ZKC_TRY(Ciphertext relin, relinearize(product, rk));
  return rescale(relin);
}

Result<Ciphertext> Evaluator::mul_const(const Ciphertext& a, double c) const {
  ZKC_CHECK_STATUS(check(a, "mul_const"));
  const int l = a.level();
  if (l == 0) return make_error(Errc::kInvalidArgument, "mul_const: the ciphertext is at level 0");
  const double q = static_cast<double>(ctx_->modulus(static_cast<std::size_t>(l)).value());
  ZKC_TRY(Ciphertext scaled, multiply_const(a, c, ctx_->scale_at(l - 1) * q / a.scale));
  ZKC_TRY(Ciphertext out, rescale(scaled));
  out.scale = ctx_->scale_at(l - 1);
  return out;
}

Result<Ciphertext> Evaluator::mul_values(const Ciphertext& a, std::span<const double> values) const {
  ZKC_CHECK_STATUS(check(a, "mul_values"));
  const int l = a.level();
  if (l == 0) return make_error(Errc::kInvalidArgument, "mul_values: the ciphertext is at level 0");
  const double q = static_cast<double>(ctx_->modulus(static_cast<std::size_t>(l)).value());
  ZKC_TRY(Plaintext p, encoder_.encode(values, ctx_->scale_at(l - 1) * q / a.scale, l));
  ZKC_TRY(Ciphertext scaled, multiply_plain(a, p));
  ZKC_TRY(Ciphertext out, rescale(scaled));
  out.scale = ctx_->scale_at(l - 1);
  return out;
}

Result<Ciphertext> Evaluator::add_const(const Ciphertext& a, double c) const {
  ZKC_CHECK_STATUS(check(a, "add_const"));
  const double k = std::nearbyint(c * a.scale);
  if (!std::isfinite(k)) return make_error(Errc::kInvalidArgument, "add_const: the constant is not finite");
  Ciphertext out = a;
  RnsPoly& c0 = out.parts[0];
  for (std::size_t i = 0; i < c0.rows; ++i) {
    const Modulus& q = ctx_->modulus(i);
    const u64 w = residue_of_integer(k, q);  // a constant polynomial: the same value at every point
    u64* x = c0.row(i);
    for (std::size_t j = 0; j < c0.n; ++j) x[j] = q.add(x[j], w);
  }
  return out;
}

Result<Ciphertext> Evaluator::add_values(const Ciphertext& a, std::span<const double> values) const {
  ZKC_CHECK_STATUS(check(a, "add_values"));
  ZKC_TRY(Plaintext p, encoder_.encode(values, a.scale, a.level()));
  return add_plain(a, p);
}

Result<Ciphertext> Evaluator::add_any(const Ciphertext& a, const Ciphertext& b) const {
  ZKC_CHECK_STATUS(check(a, "add"));
  ZKC_CHECK_STATUS(check(b, "add"));
  const int level = std::min(a.level(), b.level());
  ZKC_TRY(Ciphertext x, align(a, level));
  ZKC_TRY(Ciphertext y, align(b, level));
  return add(x, y);
}

Result<Ciphertext> Evaluator::sub_any(const Ciphertext& a, const Ciphertext& b) const {
  return add_any(a, negate(b));
}

}  // namespace zkc::he::ckks
