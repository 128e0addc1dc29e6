#include "zkc/he/ckks/ntt.hpp"

#include "zkc/base/result.hpp"
#include "zkc/he/ckks/primes.hpp"

#if defined(__AVX512F__) && defined(__AVX512IFMA__)
#include <immintrin.h>
#define ZKC_CKKS_IFMA 1
#endif

namespace zkc::he::ckks {

bool ntt_has_ifma() {
#ifdef ZKC_CKKS_IFMA
  return true;
#else
  return false;
#endif
}

namespace {
#ifdef ZKC_CKKS_IFMA
// Eight lanes of Shoup multiplication with base 2^52: a < 2^52, w < q < 2^50, ws = floor(w 2^52 / q);
// returns a w mod q in [0, 2q): qhat = floor(a ws / 2^52), r = (a w - qhat q) mod 2^52.
inline __m512i mul_shoup52(__m512i a, __m512i w, __m512i ws, __m512i q, __m512i mask52) {
  const __m512i zero = _mm512_setzero_si512();
  const __m512i qhat = _mm512_madd52hi_epu64(zero, a, ws);
  const __m512i lo = _mm512_madd52lo_epu64(zero, a, w);
  const __m512i qq = _mm512_madd52lo_epu64(zero, qhat, q);
  return _mm512_and_si512(_mm512_sub_epi64(lo, qq), mask52);
}
// x - m if x >= m else x (unsigned wrap makes x - m huge when x < m).
inline __m512i csub512(__m512i x, __m512i m) { return _mm512_min_epu64(x, _mm512_sub_epi64(x, m)); }
#endif
}  // namespace

NttTables::NttTables(const Modulus& q, std::size_t n) : q_(q), n_(n) {
  ZKC_ASSERT(n >= 2 && (n & (n - 1)) == 0);
  while ((std::size_t{1} << log_n_) < n) ++log_n_;
  psi_ = minimal_primitive_root(q.value(), n);
  const u64 psi_inv = q_.inverse(psi_);
  w_.resize(n);
  winv_.resize(n);
  u64 power = 1, power_inv = 1;
  std::vector<u64> powers(n), powers_inv(n);
  for (std::size_t i = 0; i < n; ++i) {
    powers[i] = power;
    powers_inv[i] = power_inv;
    power = q_.mul(power, psi_);
    power_inv = q_.mul(power_inv, psi_inv);
  }
  w_shoup_.resize(n);
  winv_shoup_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    w_[i] = powers[bit_reverse(i)];
    winv_[i] = powers_inv[bit_reverse(i)];
    w_shoup_[i] = q_.shoup(w_[i]);
    winv_shoup_[i] = q_.shoup(winv_[i]);
  }
  n_inv_ = q_.inverse(static_cast<u64>(n) % q_.value());
  n_inv_shoup_ = q_.shoup(n_inv_);
  ifma_ = ntt_has_ifma() && q_.value() < (u64{1} << 50);
  if (ifma_) {
    auto shoup52 = [&](u64 w) { return static_cast<u64>((static_cast<u128>(w) << 52) / q_.value()); };
    w52_.resize(n);
    winv52_.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      w52_[i] = shoup52(w_[i]);
      winv52_[i] = shoup52(winv_[i]);
    }
    n_inv52_ = shoup52(n_inv_);
  }
}

std::size_t NttTables::bit_reverse(std::size_t k) const {
  std::size_t r = 0;
  for (int i = 0; i < log_n_; ++i) r |= ((k >> i) & 1) << (log_n_ - 1 - i);
  return r;
}

// Cooley-Tukey, decimation in time on bit-reversed twiddles. Invariant: every value in [0, 4q) between
// stages; each butterfly (X, Y) -> (X + W Y, X - W Y) with X first brought into [0, 2q) and W Y in [0, 2q).
void NttTables::forward(std::uint64_t* a) const {
  const u64 q = q_.value();
  const u64 two_q = 2 * q;
  std::size_t t = n_;
  for (std::size_t m = 1; m < n_; m <<= 1) {
    t >>= 1;
#ifdef ZKC_CKKS_IFMA
    if (ifma_ && t >= 8) {
      const __m512i vq = _mm512_set1_epi64(static_cast<long long>(q));
      const __m512i v2q = _mm512_set1_epi64(static_cast<long long>(two_q));
      const __m512i mask52 = _mm512_set1_epi64((1LL << 52) - 1);
      for (std::size_t i = 0; i < m; ++i) {
        const __m512i w = _mm512_set1_epi64(static_cast<long long>(w_[m + i]));
        const __m512i ws = _mm512_set1_epi64(static_cast<long long>(w52_[m + i]));
        u64* x = a + 2 * i * t;
        u64* y = x + t;
        for (std::size_t j = 0; j < t; j += 8) {
          const __m512i u = csub512(_mm512_loadu_si512(x + j), v2q);
          const __m512i v = mul_shoup52(_mm512_loadu_si512(y + j), w, ws, vq, mask52);
          _mm512_storeu_si512(x + j, _mm512_add_epi64(u, v));
          _mm512_storeu_si512(y + j, _mm512_add_epi64(_mm512_sub_epi64(u, v), v2q));
        }
      }
      continue;
    }
#endif
    if (t == 1) {  // the last stage, fused with the final reduction to [0, q)
      for (std::size_t i = 0; i < m; ++i) {
        u64* x = a + 2 * i;
        const u64 u = csub(x[0], two_q);
        const u64 v = q_.mul_shoup_lazy(x[1], w_[m + i], w_shoup_[m + i]);
        x[0] = csub(csub(u + v, two_q), q);
        x[1] = csub(csub(u - v + two_q, two_q), q);
      }
      return;
    }
    for (std::size_t i = 0; i < m; ++i) {
      const u64 w = w_[m + i], ws = w_shoup_[m + i];
      u64* x = a + 2 * i * t;
      u64* y = x + t;
      for (std::size_t j = 0; j < t; ++j) {
        const u64 u = csub(x[j], two_q);
        const u64 v = q_.mul_shoup_lazy(y[j], w, ws);
        x[j] = u + v;
        y[j] = u - v + two_q;
      }
    }
  }
  for (std::size_t j = 0; j < n_; ++j) a[j] = csub(csub(a[j], two_q), q);  // only reached for N = 1
}

// Gentleman-Sande, decimation in frequency with the inverse twiddles; values in [0, 2q) between stages;
// the 1/N factor is applied at the end.
void NttTables::inverse(std::uint64_t* a) const {
  const u64 q = q_.value();
  const u64 two_q = 2 * q;
  std::size_t t = 1;
  for (std::size_t m = n_ >> 1; m >= 1; m >>= 1) {
#ifdef ZKC_CKKS_IFMA
    if (ifma_ && t >= 8) {
      const __m512i vq = _mm512_set1_epi64(static_cast<long long>(q));
      const __m512i v2q = _mm512_set1_epi64(static_cast<long long>(two_q));
      const __m512i mask52 = _mm512_set1_epi64((1LL << 52) - 1);
      for (std::size_t i = 0; i < m; ++i) {
        const __m512i w = _mm512_set1_epi64(static_cast<long long>(winv_[m + i]));
        const __m512i ws = _mm512_set1_epi64(static_cast<long long>(winv52_[m + i]));
        u64* x = a + 2 * i * t;
        u64* y = x + t;
        for (std::size_t j = 0; j < t; j += 8) {
          const __m512i u = _mm512_loadu_si512(x + j);
          const __m512i v = _mm512_loadu_si512(y + j);
          _mm512_storeu_si512(x + j, csub512(_mm512_add_epi64(u, v), v2q));
          const __m512i d = _mm512_add_epi64(_mm512_sub_epi64(u, v), v2q);
          _mm512_storeu_si512(y + j, mul_shoup52(d, w, ws, vq, mask52));
        }
      }
      t <<= 1;
      continue;
    }
#endif
    for (std::size_t i = 0; i < m; ++i) {
      const u64 w = winv_[m + i], ws = winv_shoup_[m + i];
      u64* x = a + 2 * i * t;
      u64* y = x + t;
      for (std::size_t j = 0; j < t; ++j) {
        const u64 u = x[j], v = y[j];
        x[j] = csub(u + v, two_q);
        y[j] = q_.mul_shoup_lazy(u - v + two_q, w, ws);
      }
    }
    t <<= 1;
  }
#ifdef ZKC_CKKS_IFMA
  if (ifma_ && n_ % 8 == 0) {
    const __m512i vq = _mm512_set1_epi64(static_cast<long long>(q));
    const __m512i mask52 = _mm512_set1_epi64((1LL << 52) - 1);
    const __m512i w = _mm512_set1_epi64(static_cast<long long>(n_inv_));
    const __m512i ws = _mm512_set1_epi64(static_cast<long long>(n_inv52_));
    for (std::size_t j = 0; j < n_; j += 8) {
      const __m512i r = mul_shoup52(_mm512_loadu_si512(a + j), w, ws, vq, mask52);
      _mm512_storeu_si512(a + j, csub512(r, vq));
    }
    return;
  }
#endif
  for (std::size_t j = 0; j < n_; ++j) a[j] = q_.mul_shoup(a[j], n_inv_, n_inv_shoup_);
}

std::vector<std::uint64_t> negacyclic_multiply_naive(const std::vector<std::uint64_t>& a,
                                                     const std::vector<std::uint64_t>& b, const Modulus& q) {
  const std::size_t n = a.size();
  ZKC_ASSERT(b.size() == n);
  std::vector<u64> c(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      const u64 p = q.mul(a[i], b[j]);
      const std::size_t k = i + j;
      if (k < n) {
        c[k] = q.add(c[k], p);
      } else {
        c[k - n] = q.sub(c[k - n], p);  // X^N = -1
      }
    }
  }
  return c;
}

}  // namespace zkc::he::ckks
