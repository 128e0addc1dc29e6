#include "zkc/he/ckks/rns.hpp"

#include "zkc/base/random.hpp"

namespace zkc::he::ckks {

void RnsPoly::wipe() {
  if (!data.empty()) secure_wipe(data.data(), data.size() * sizeof(std::uint64_t));
}

void to_ntt(const Context& ctx, RnsPoly& p) {
  ZKC_ASSERT(!p.ntt);
  for (std::size_t i = 0; i < p.rows; ++i) ctx.ntt(i).forward(p.row(i));
  p.ntt = true;
}

void from_ntt(const Context& ctx, RnsPoly& p) {
  ZKC_ASSERT(p.ntt);
  for (std::size_t i = 0; i < p.rows; ++i) ctx.ntt(i).inverse(p.row(i));
  p.ntt = false;
}

namespace {
void check_shapes(const RnsPoly& a, const RnsPoly& b) {
  ZKC_ASSERT(a.n == b.n && a.rows == b.rows && a.ntt == b.ntt);
}
}  // namespace

void add_inplace(const Context& ctx, RnsPoly& a, const RnsPoly& b) {
  check_shapes(a, b);
  for (std::size_t i = 0; i < a.rows; ++i) {
    const u64 q = ctx.modulus(i).value();
    u64* x = a.row(i);
    const u64* y = b.row(i);
    for (std::size_t j = 0; j < a.n; ++j) x[j] = csub(x[j] + y[j], q);
  }
}

void sub_inplace(const Context& ctx, RnsPoly& a, const RnsPoly& b) {
  check_shapes(a, b);
  for (std::size_t i = 0; i < a.rows; ++i) {
    const u64 q = ctx.modulus(i).value();
    u64* x = a.row(i);
    const u64* y = b.row(i);
    for (std::size_t j = 0; j < a.n; ++j) x[j] = csub(x[j] + q - y[j], q);
  }
}

void negate_inplace(const Context& ctx, RnsPoly& a) {
  for (std::size_t i = 0; i < a.rows; ++i) {
    const u64 q = ctx.modulus(i).value();
    u64* x = a.row(i);
    for (std::size_t j = 0; j < a.n; ++j) x[j] = csub(q - x[j], q);
  }
}

void multiply_inplace(const Context& ctx, RnsPoly& a, const RnsPoly& b) {
  check_shapes(a, b);
  ZKC_ASSERT(a.ntt);
  for (std::size_t i = 0; i < a.rows; ++i) {
    const Modulus& q = ctx.modulus(i);
    u64* x = a.row(i);
    const u64* y = b.row(i);
    for (std::size_t j = 0; j < a.n; ++j) x[j] = q.mul(x[j], y[j]);
  }
}

void multiply_add(const Context& ctx, RnsPoly& acc, const RnsPoly& a, const RnsPoly& b) {
  check_shapes(a, b);
  check_shapes(acc, a);
  ZKC_ASSERT(a.ntt);
  for (std::size_t i = 0; i < a.rows; ++i) {
    const Modulus& q = ctx.modulus(i);
    u64* z = acc.row(i);
    const u64* x = a.row(i);
    const u64* y = b.row(i);
    for (std::size_t j = 0; j < a.n; ++j) z[j] = q.add(z[j], q.mul(x[j], y[j]));
  }
}

std::vector<long double> crt_centered_vartime(const Context& ctx, const RnsPoly& p) {
  ZKC_ASSERT(!p.ntt);
  const std::size_t rows = p.rows;
  // v = sum_i d_i M_i with M_i = q_0 ... q_{i-1} and balanced digits d_i in (-q_i/2, q_i/2):
  // d_i = (v_i - sum_{j<i} d_j M_j) * M_i^{-1} mod q_i. Precompute M_j mod q_i and M_i^{-1} mod q_i.
  std::vector<std::vector<u64>> m_mod(rows);
  std::vector<u64> m_inv(rows);
  std::vector<long double> radix(rows);
  long double r = 1;
  for (std::size_t i = 0; i < rows; ++i) {
    const Modulus& qi = ctx.modulus(i);
    u64 m = 1 % qi.value();
    for (std::size_t j = 0; j < i; ++j) {
      m_mod[i].push_back(m);
      m = qi.mul(m, ctx.modulus(j).value() % qi.value());
    }
    m_inv[i] = qi.inverse(m);
    radix[i] = r;
    r *= static_cast<long double>(qi.value());
  }
  std::vector<long double> out(p.n);
  std::vector<std::int64_t> digits(rows);
  for (std::size_t k = 0; k < p.n; ++k) {
    long double value = 0;
    for (std::size_t i = 0; i < rows; ++i) {
      const Modulus& qi = ctx.modulus(i);
      u64 acc = 0;
      for (std::size_t j = 0; j < i; ++j) {
        // |d_j| < q_j / 2 < 2^59: one Barrett step when that is below q_i^2.
        const u64 u = static_cast<u64>(digits[j]);
        const u64 sign = u >> 63;
        const u64 magnitude = (u ^ (0 - sign)) + sign;
        const u64 red = 2 * qi.bits() > 60 ? qi.reduce128(magnitude) : qi.reduce64(magnitude);
        acc = qi.add(acc, qi.mul(sign ? qi.neg(red) : red, m_mod[i][j]));
      }
      const u64 d = qi.mul(qi.sub(p.row(i)[k], acc), m_inv[i]);
      const u64 q = qi.value();
      digits[i] = d > q / 2 ? static_cast<std::int64_t>(d) - static_cast<std::int64_t>(q)
                            : static_cast<std::int64_t>(d);
      value += static_cast<long double>(digits[i]) * radix[i];
    }
    out[k] = value;
  }
  return out;
}

}  // namespace zkc::he::ckks
