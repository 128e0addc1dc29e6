#include "zkc/he/ckks/encoder.hpp"

#include <bit>
#include <cmath>
#include <numbers>
#include <string>
#include <unsupported/Eigen/FFT>

namespace zkc::he::ckks {

Encoder::Encoder(ContextPtr ctx) : ctx_(std::move(ctx)) {
  const std::size_t n = ctx_->n();
  twist_.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    const double angle = std::numbers::pi * static_cast<double>(k) / static_cast<double>(n);
    twist_[k] = {std::cos(angle), std::sin(angle)};
  }
  const std::size_t m = 2 * n;
  std::size_t e = 1;
  for (std::size_t j = 0; j < n / 2; ++j) {
    slot_index_.push_back((e - 1) / 2);
    conj_index_.push_back((m - e - 1) / 2);
    e = e * 3 % m;
  }
}

// A(2t+1) = sum_k a_k zeta^((2t+1) k) = sum_k (a_k zeta^k) exp(2 pi i t k / N): an inverse DFT of the
// twisted coefficients b_k = a_k zeta^k; so b = DFT(A) / N and a_k = Re(b_k zeta^-k).
std::vector<double> Encoder::embed_inverse(std::span<const std::complex<double>> values) const {
  const std::size_t n = ctx_->n();
  ZKC_ASSERT(values.size() <= n / 2);
  std::vector<std::complex<double>> a(n, {0, 0});
  for (std::size_t j = 0; j < values.size(); ++j) {
    a[slot_index_[j]] = values[j];
    a[conj_index_[j]] = std::conj(values[j]);
  }
  Eigen::FFT<double> fft;
  std::vector<std::complex<double>> b;
  fft.fwd(b, a);
  std::vector<double> out(n);
  const double inv_n = 1.0 / static_cast<double>(n);
  for (std::size_t k = 0; k < n; ++k) out[k] = (b[k] * std::conj(twist_[k])).real() * inv_n;
  return out;
}

std::vector<std::complex<double>> Encoder::embed(std::span<const long double> coefficients) const {
  const std::size_t n = ctx_->n();
  ZKC_ASSERT(coefficients.size() == n);
  std::vector<std::complex<double>> b(n);
  for (std::size_t k = 0; k < n; ++k) b[k] = static_cast<double>(coefficients[k]) * twist_[k];
  Eigen::FFT<double> fft;
  fft.SetFlag(Eigen::FFT<double>::Unscaled);
  std::vector<std::complex<double>> a;
  fft.inv(a, b);
  std::vector<std::complex<double>> out(n / 2);
  for (std::size_t j = 0; j < n / 2; ++j) out[j] = a[slot_index_[j]];
  return out;
}

Result<Plaintext> Encoder::from_coefficients(std::span<const double> coefficients, double scale,
                                             int level) const {
  if (level < 0 || level > ctx_->max_level()) {
    return make_error(Errc::kInvalidArgument, "level " + std::to_string(level) + " is outside [0, " +
                                                  std::to_string(ctx_->max_level()) + "]");
  }
  if (!(scale > 0) || !std::isfinite(scale)) {
    return make_error(Errc::kInvalidArgument, "scale must be positive and finite");
  }
  const std::size_t n = ctx_->n();
  const std::size_t rows = static_cast<std::size_t>(level) + 1;
  double log2_q = 0;
  for (std::size_t i = 0; i < rows; ++i) log2_q += std::log2(static_cast<double>(ctx_->modulus(i).value()));
  Plaintext pt;
  pt.scale = scale;
  pt.poly = RnsPoly(n, rows, false);
  const double limit = std::exp2(log2_q - 1);
  // A coefficient x with |x| >= 2^62 is a double +-M 2^(E - 52), M = 1.f as a 53-bit integer, 62 <= E <
  // e_top (|x| < limit <= 2^e_top). Its residue is +-M w_E mod q_i with w_E = 2^(E - 52) mod q_i: a Shoup
  // product with the table pow2[(E - 62) rows + i] = (w_E, floor(w_E 2^64 / q_i)), made once per call
  // when the first such coefficient appears. (It replaces an exponentiation per coefficient and row: a
  // large scale now costs what a small one does. The lookup's address depends on E, a cache-timing channel,
  // as the exponentiation's running time was; which coefficients take this path shows in the timing.)
  int e_top = 1024;  // every finite double is below 2^1024
  if (std::isfinite(limit)) std::frexp(limit, &e_top);
  struct Power {
    u64 w, w_shoup;
  };
  std::vector<Power> pow2;
  for (std::size_t k = 0; k < n; ++k) {
    const double x = std::nearbyint(coefficients[k] * scale);
    if (!(std::fabs(x) < limit)) {  // also catches NaN and infinities
      return make_error(Errc::kInvalidArgument, "a value times the scale exceeds the modulus at level " +
                                                    std::to_string(level) + " (coefficient " +
                                                    std::to_string(k) + "): lower the values or the scale");
    }
    if (std::fabs(x) < 0x1p62) {
      const auto v = static_cast<std::int64_t>(x);
      for (std::size_t i = 0; i < rows; ++i) pt.poly.row(i)[k] = ctx_->modulus(i).from_signed(v);
      continue;
    }
    const auto bits = std::bit_cast<u64>(x);
    const int e = static_cast<int>((bits >> 52) & 0x7ff) - 1023;  // a normal double: |x| = 1.f 2^e
    ZKC_ASSERT(e >= 62 && e < e_top);
    const u64 m = (bits & ((u64{1} << 52) - 1)) | (u64{1} << 52);
    const u64 negative = 0 - (bits >> 63);  // all ones when x < 0
    if (pow2.empty()) {
      const auto count = static_cast<std::size_t>(e_top - 62);
      pow2.resize(count * rows);
      for (std::size_t i = 0; i < rows; ++i) {
        const Modulus& q = ctx_->modulus(i);
        u64 w = 1024 % q.value();  // 2^(62 - 52)
        for (std::size_t j = 0; j < count; ++j) {
          pow2[j * rows + i] = {w, q.shoup(w)};
          w = q.add(w, w);
        }
      }
    }
    const Power* p = pow2.data() + static_cast<std::size_t>(e - 62) * rows;
    for (std::size_t i = 0; i < rows; ++i) {
      const Modulus& q = ctx_->modulus(i);
      const u64 r = q.mul_shoup(m, p[i].w, p[i].w_shoup);  // m < 2^53 < 2^64: Shoup's bound holds
      pt.poly.row(i)[k] = (r & ~negative) | (q.neg(r) & negative);
    }
  }
  to_ntt(*ctx_, pt.poly);
  return pt;
}

Result<Plaintext> Encoder::encode(std::span<const std::complex<double>> values, double scale,
                                  int level) const {
  if (values.size() > slots()) {
    return make_error(Errc::kBadLength, std::to_string(values.size()) + " values exceed the " +
                                            std::to_string(slots()) + " slots");
  }
  for (const auto& v : values) {
    if (!std::isfinite(v.real()) || !std::isfinite(v.imag())) {
      return make_error(Errc::kInvalidArgument, "a value to encode is not finite");
    }
  }
  const std::vector<double> coefficients = embed_inverse(values);
  return from_coefficients(coefficients, scale, level);
}

Result<Plaintext> Encoder::encode(std::span<const double> values, double scale, int level) const {
  std::vector<std::complex<double>> z(values.begin(), values.end());
  return encode(z, scale, level);
}

Result<Plaintext> Encoder::encode_constant(double c, double scale, int level) const {
  if (!std::isfinite(c)) return make_error(Errc::kInvalidArgument, "the constant is not finite");
  std::vector<double> coefficients(ctx_->n(), 0.0);
  coefficients[0] = c;
  return from_coefficients(coefficients, scale, level);
}

std::vector<std::complex<double>> Encoder::decode(const Plaintext& pt) const {
  RnsPoly p = pt.poly;
  if (p.ntt) from_ntt(*ctx_, p);
  const std::vector<long double> lifted = crt_centered_vartime(*ctx_, p);
  std::vector<long double> scaled(lifted.size());
  for (std::size_t k = 0; k < lifted.size(); ++k) scaled[k] = lifted[k] / static_cast<long double>(pt.scale);
  return embed(scaled);
}

std::vector<double> Encoder::decode_real(const Plaintext& pt) const {
  const auto z = decode(pt);
  std::vector<double> out(z.size());
  for (std::size_t j = 0; j < z.size(); ++j) out[j] = z[j].real();
  return out;
}

}  // namespace zkc::he::ckks
