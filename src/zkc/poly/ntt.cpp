#include "zkc/poly/ntt.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>

#include "zkc/base/random.hpp"
#include "zkc/base/thread_pool.hpp"
#include "zkc/poly/internal/ntt_engine.hpp"
#include "zkc/poly/internal/radix52.hpp"

namespace zkc::poly {
namespace internal {
namespace {

// --- portable engine ---------------------------------------------------------------------------

// Up to 2^10 points: one block on one thread. Beyond: rows of at most 2^12 points (128 KiB) for the
// row pass, column blocks of about 256 KiB for the column pass.
constexpr unsigned kSingleBlockLog = 10;
constexpr unsigned kRowLog = 12;
constexpr std::size_t kColumnBlockBytes = std::size_t{256} << 10;

// Element (r, c) of the matrix view is a[r * cols + c]. DIF stage h pairs i and i + h: the stages
// with h >= cols pair rows r and r + h / cols in one column (column pass), the others stay in a row.
struct ScalarPlan {
  std::size_t n, rows, cols, block_cols;
};

ScalarPlan make_scalar_plan(unsigned k) {
  unsigned log_cols = k;
  if (k > kSingleBlockLog) log_cols = std::max((k + 1) / 2, std::min(k - 1, kRowLog));
  ScalarPlan p;
  p.n = std::size_t{1} << k;
  p.cols = std::size_t{1} << log_cols;
  p.rows = p.n / p.cols;
  // Enough columns to fill about kColumnBlockBytes (at least a cache line), and >= 16 blocks.
  p.block_cols = std::clamp<std::size_t>(kColumnBlockBytes / (sizeof(Fr) * p.rows), 2,
                                         std::max<std::size_t>(p.cols / 16, 2));
  return p;
}

// T[m] for the forward transform, T[n/2 - m] for the inverse.
template <bool kInverse>
struct Twiddles {
  const Fr* table;
  std::size_t half;
  const Fr* at(std::size_t m) const { return kInverse ? table + (half - m) : table + m; }
  static std::ptrdiff_t step(std::size_t s) {
    return kInverse ? -static_cast<std::ptrdiff_t>(s) : static_cast<std::ptrdiff_t>(s);
  }
};

// Gentleman-Sande: forward (x, y) -> (x + y, (x - y) omega^m); inverse (x + y, (y - x) T[n/2 - m]),
// which is (x + y, (x - y) omega^-m).
template <bool kInverse>
inline void butterfly(Fr& x, Fr& y, const Fr& w) {
  const Fr s = x + y;
  y = (kInverse ? y - x : x - y) * w;
  x = s;
}

// Twiddle 1 (m = 0), both directions.
inline void butterfly_unit(Fr& x, Fr& y) {
  const Fr s = x + y;
  y = x - y;
  x = s;
}

// Column pass on columns [c0, c1): row distance H = rows/2, ..., 1. Index i = r cols + c with
// r mod 2H < H pairs with i + H cols; exponent m = (i mod (H cols)) n / (2 H cols)
// = ((r mod H) cols + c) s with s = rows / (2H).
template <bool kInverse>
void column_stages(Fr* a, const ScalarPlan& p, std::size_t c0, std::size_t c1, Twiddles<kInverse> tw) {
  for (std::size_t H = p.rows / 2; H >= 1; H /= 2) {
    const std::size_t s = p.rows / (2 * H);
    const std::ptrdiff_t step = tw.step(s);
    for (std::size_t rr = 0; rr < H; ++rr) {
      for (std::size_t r = rr; r < p.rows; r += 2 * H) {
        Fr* x = a + r * p.cols;
        Fr* y = x + H * p.cols;
        const Fr* w = tw.at((rr * p.cols + c0) * s);
        for (std::size_t c = c0; c < c1; ++c, w += step) butterfly<kInverse>(x[c], y[c], *w);
      }
    }
  }
}

// Row pass on one row of `len` points: h = len/2, ..., 1, exponent m = j n / (2h) for the pair
// (g + j, g + j + h). j = 0 and the last stage (h = 1) have twiddle 1. Outputs times *factor.
template <bool kInverse>
void row_stages(Fr* a, std::size_t len, std::size_t n, Twiddles<kInverse> tw, const Fr* factor) {
  for (std::size_t h = len / 2; h >= 2; h /= 2) {
    const std::ptrdiff_t step = tw.step(n / (2 * h));
    for (Fr* g = a; g != a + len; g += 2 * h) {
      butterfly_unit(g[0], g[h]);
      const Fr* w = tw.at(0) + step;
      for (std::size_t j = 1; j < h; ++j, w += step) butterfly<kInverse>(g[j], g[j + h], *w);
    }
  }
  for (Fr* g = a; g != a + len; g += 2) {
    butterfly_unit(g[0], g[1]);
    if (factor != nullptr) {
      g[0] *= *factor;
      g[1] *= *factor;
    }
  }
}

template <bool kInverse>
void dif_scalar_impl(const EvaluationDomain& domain, std::span<Fr> a, const Fr* factor) {
  const ScalarPlan p = make_scalar_plan(domain.log2_size());
  const Twiddles<kInverse> tw{domain.twiddles().data(), p.n / 2};
  Fr* data = a.data();
  if (p.rows > 1) {
    parallel_for(p.cols / p.block_cols, 1, [&](std::size_t lo, std::size_t hi) {
      for (std::size_t b = lo; b < hi; ++b)
        column_stages<kInverse>(data, p, b * p.block_cols, (b + 1) * p.block_cols, tw);
    });
  }
  parallel_for(p.rows, 1, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t r = lo; r < hi; ++r) row_stages<kInverse>(data + r * p.cols, p.cols, p.n, tw, factor);
  });
}

// --- bit reversal ------------------------------------------------------------------------------

constexpr std::uint32_t reverse_bits(std::uint32_t x, unsigned bits) {
  if (bits == 0) return 0;
  x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
  x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
  x = ((x >> 4) & 0x0f0f0f0fu) | ((x & 0x0f0f0f0fu) << 4);
  x = ((x >> 8) & 0x00ff00ffu) | ((x & 0x00ff00ffu) << 8);
  x = (x >> 16) | (x << 16);
  return x >> (32 - bits);
}

}  // namespace

void dif_scalar(const EvaluationDomain& domain, std::span<Fr> a, bool inverse, const Fr* factor) {
  ZKC_ASSERT(a.size() == domain.size());
  if (inverse) {
    dif_scalar_impl<true>(domain, a, factor);
  } else {
    dif_scalar_impl<false>(domain, a, factor);
  }
}

// Index i = (x, y, z) with x, z of q bits and y of m = k - 2q bits has rev(i) = (rev z, rev y, rev x).
// For each middle y (paired with rev y), the Q x Q tile {(x, y, z)} moves to the tile of rev y with
// its rows (x) and columns (z) exchanged and reversed; every read and write moves Q consecutive
// elements.
void bit_reverse(std::span<Fr> a) {
  const unsigned k = static_cast<unsigned>(std::countr_zero(a.size()));
  ZKC_ASSERT(std::has_single_bit(a.size()));
  if (k < 2) return;
  const unsigned q = std::min(4u, k / 2), m = k - 2 * q;
  const std::size_t Q = std::size_t{1} << q, x_stride = std::size_t{1} << (k - q);
  Fr* data = a.data();
  parallel_for(std::size_t{1} << m, 16, [&](std::size_t lo, std::size_t hi) {
    std::array<Fr, 256> t1, t2;  // the two tiles, Q*Q <= 256
    for (std::size_t y = lo; y < hi; ++y) {
      const std::size_t y2 = reverse_bits(static_cast<std::uint32_t>(y), m);
      if (y2 < y) continue;  // the pair belongs to its smaller index
      for (std::size_t x = 0; x < Q; ++x) {
        std::copy_n(data + x * x_stride + y * Q, Q, t1.data() + x * Q);
        std::copy_n(data + x * x_stride + y2 * Q, Q, t2.data() + x * Q);
      }
      // destination (x', y', z') = (rev z, rev y, rev x) takes source (rev z', y, rev x')
      for (std::size_t x2 = 0; x2 < Q; ++x2) {
        const std::size_t z = reverse_bits(static_cast<std::uint32_t>(x2), q);
        for (std::size_t z2 = 0; z2 < Q; ++z2) {
          const std::size_t x = reverse_bits(static_cast<std::uint32_t>(z2), q);
          data[x2 * x_stride + y2 * Q + z2] = t1[x * Q + z];
          data[x2 * x_stride + y * Q + z2] = t2[x * Q + z];
        }
      }
    }
    secure_wipe(t1);  // the data may be secret
    secure_wipe(t2);
  });
}

bool has_engine(NttEngine engine) { return engine == NttEngine::kScalar || ZKC_POLY_HAVE_IFMA; }

NttEngine default_engine(unsigned log2_size) {
  return has_engine(NttEngine::kIfma) && log2_size >= 6 ? NttEngine::kIfma : NttEngine::kScalar;
}

void transform(NttEngine engine, const EvaluationDomain& domain, std::span<Fr> a, bool inverse,
               const Fr* factor) {
  ZKC_ASSERT(a.size() == domain.size());
  if (engine == NttEngine::kIfma) {
    dif_ifma(domain, a, inverse, factor);
  } else {
    dif_scalar(domain, a, inverse, factor);
  }
  bit_reverse(a);
}

}  // namespace internal

void ntt(const EvaluationDomain& domain, std::span<Fr> a) {
  internal::transform(internal::default_engine(domain.log2_size()), domain, a, false, nullptr);
}

void intt(const EvaluationDomain& domain, std::span<Fr> a) {
  internal::transform(internal::default_engine(domain.log2_size()), domain, a, true, &domain.size_inv());
}

void coset_ntt(const EvaluationDomain& domain, std::span<Fr> a, const Fr& shift) {
  ZKC_ASSERT(a.size() == domain.size());
  scale_by_powers(a, Fr::one(), shift);  // P(X) -> P(shift X)
  ntt(domain, a);
}

void coset_intt(const EvaluationDomain& domain, std::span<Fr> a, const Fr& shift) {
  ZKC_ASSERT(!shift.is_zero());
  internal::transform(internal::default_engine(domain.log2_size()), domain, a, true, nullptr);
  scale_by_powers(a, domain.size_inv(), shift.inverse_vartime());  // 1/n and P(shift X) -> P(X)
}

void scale_by_powers(std::span<Fr> a, const Fr& start, const Fr& ratio) {
  internal::scale_by_powers(a, start, ratio);
}

std::vector<Fr> dft_naive(std::span<const Fr> a, const Fr& root) {
  std::vector<Fr> out(a.size());
  Fr x = Fr::one();  // root^i
  for (std::size_t i = 0; i < a.size(); ++i, x *= root) {
    Fr acc = Fr::zero();  // Horner: sum_j a_j x^j
    for (std::size_t j = a.size(); j-- > 0;) acc = acc * x + a[j];
    out[i] = acc;
  }
  return out;
}

}  // namespace zkc::poly
