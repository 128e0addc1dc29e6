// The AVX-512 IFMA engine of the NTT (see internal/ntt_engine.hpp): the matrix view has rows of
// `cols` points; the column pass works on eight adjacent columns at once (lane l = column c0 + l,
// one twiddle per lane), the row pass on eight rows at once (lane l = row r0 + l, one twiddle for
// all lanes). Each task moves its block into a buffer of radix-2^52 vectors (320 KiB for n = 2^20,
// wiped when the task ends: the data may be secret), runs its stages there and moves it back.
// Values between the passes lie in [0, 2p); the row pass returns them to [0, p).
#include <algorithm>
#include <vector>

#include "zkc/base/random.hpp"
#include "zkc/base/thread_pool.hpp"
#include "zkc/poly/internal/ntt_engine.hpp"
#include "zkc/poly/internal/radix52.hpp"

namespace zkc::poly::internal {

#if ZKC_POLY_HAVE_IFMA
namespace {

using V = Radix52x8<ff::bn254::FrConfig>;
using Vec = V::Vec;

struct IfmaPlan {
  std::size_t n, half, rows, cols;
  const u64* planes;
  std::size_t plane_len;
};

// The block buffer of one task.
class Scratch {
 public:
  explicit Scratch(std::size_t count) : v_(count) {}
  ~Scratch() { secure_wipe(v_.data(), v_.size() * sizeof(Vec)); }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  Vec* data() { return v_.data(); }

 private:
  std::vector<Vec> v_;
};

// Gentleman-Sande: (x, y) -> (x + y, (x - y) w) for x, y in [0, 2p) (lazy limbs) and w = omega^(+-m)
// in M-form (normalized, below 2p).
inline void butterfly(Vec& x, Vec& y, const Vec& w) {
  Vec s, d;
  V::add_sub(s, d, x, y);
  x = s;
  y = V::mul_lazy(d, w);  // d in (0, 4p) -> [0, 2p)
}

inline void butterfly_unit(Vec& x, Vec& y) {
  Vec s, d;
  V::add_sub(s, d, x, y);
  x = s;
  y = V::sub_if_not_less(d, V::kTwoP);
}

// omega^e in M-form for the exponent e (taken mod n) of each lane, or of all lanes: the table holds
// omega^0 .. omega^(n/2), and omega^e = -omega^(e - n/2) above n/2.
Vec twiddles(const IfmaPlan& p, __m512i e) {
  e = _mm512_and_si512(e, V::set1(p.n - 1));
  const __mmask8 upper = _mm512_cmpgt_epu64_mask(e, V::set1(p.half));
  e = _mm512_mask_sub_epi64(e, upper, e, V::set1(p.half));
  return V::negate_where(V::gather(p.planes, p.plane_len, e), upper);
}
Vec twiddle(const IfmaPlan& p, std::size_t e) {
  e &= p.n - 1;
  if (e <= p.half) return V::broadcast(p.planes, p.plane_len, e);
  return V::negate_where(V::broadcast(p.planes, p.plane_len, e - p.half), 0xff);  // e is public
}

// omega^e for the eight consecutive exponents e0 + l (forward) or -(e0 + l) (inverse), e0 + 7 < n/2:
// T[e0 + l], or -T[n/2 - e0 - l] (lanes reversed; for e0 + l = 0 that is -T[n/2] = 1).
template <bool kInverse>
Vec consecutive_twiddles(const IfmaPlan& p, std::size_t e0) {
  Vec w;
  if constexpr (kInverse) {
    const __m512i reverse = _mm512_setr_epi64(7, 6, 5, 4, 3, 2, 1, 0);
    for (int j = 0; j < 5; ++j)
      w.l[j] =
          _mm512_permutexvar_epi64(reverse, _mm512_loadu_si512(p.planes + j * p.plane_len + p.half - e0 - 7));
    return V::negate_where(w, 0xff);
  } else {
    for (int j = 0; j < 5; ++j) w.l[j] = _mm512_loadu_si512(p.planes + j * p.plane_len + e0);
    return w;
  }
}

inline void prefetch_row(const Fr* x) {  // eight elements, 256 bytes
  for (int i = 0; i < 4; ++i) _mm_prefetch(reinterpret_cast<const char*>(x) + 64 * i, _MM_HINT_T0);
}
template <bool kInverse>
void prefetch_twiddles(const IfmaPlan& p, std::size_t e0) {
  const std::size_t i = kInverse ? p.half - e0 - 7 : e0;
  for (int j = 0; j < 5; ++j) {
    _mm_prefetch(reinterpret_cast<const char*>(p.planes + j * p.plane_len + i), _MM_HINT_T0);
    _mm_prefetch(reinterpret_cast<const char*>(p.planes + j * p.plane_len + i + 7), _MM_HINT_T0);
  }
}

// The exponent of omega^m (forward) or omega^-m (inverse), mod n.
template <bool kInverse>
std::size_t exponent(const IfmaPlan& p, std::size_t m) {
  return kInverse ? (p.n - m) & (p.n - 1) : m;
}

// Column pass on columns [c0, c0 + 8): stages with row distance H = rows/2, ..., 1; the pair
// (r, r + H), r mod 2H = rr < H, of column c has exponent m = (rr cols + c) s, s = rows / (2H).
// In the first stage (s = 1) the eight exponents are consecutive table entries; later, the twiddle
// omega^(rr cols s) omega^(c s) is a broadcast times a per-lane vector made once per stage (one
// multiplication per rr instead of gathers from all over the table).
template <bool kInverse>
void column_block(Fr* a, const IfmaPlan& p, std::size_t c0, Vec* buf) {
  // The rows are 32 n / rows bytes apart and the stage-1 twiddles 8 cols bytes apart: too far for
  // the hardware prefetchers, so fetch a few iterations ahead.
  constexpr std::size_t kAhead = 8;
  for (std::size_t r = 0; r < p.rows; ++r) {
    if (r + kAhead < p.rows) prefetch_row(a + (r + kAhead) * p.cols + c0);
    buf[r] = V::load(a + r * p.cols + c0, 1);
  }
  for (std::size_t rr = 0; rr < p.rows / 2; ++rr) {
    if (rr + kAhead < p.rows / 2) prefetch_twiddles<kInverse>(p, (rr + kAhead) * p.cols + c0);
    butterfly(buf[rr], buf[rr + p.rows / 2], consecutive_twiddles<kInverse>(p, rr * p.cols + c0));
  }
  for (std::size_t H = p.rows / 4; H >= 1; H /= 2) {
    const std::size_t s = p.rows / (2 * H);
    const auto ls = static_cast<long long>(s);
    __m512i e = _mm512_add_epi64(V::set1(c0 * s),
                                 _mm512_setr_epi64(0, ls, 2 * ls, 3 * ls, 4 * ls, 5 * ls, 6 * ls, 7 * ls));
    if constexpr (kInverse) e = _mm512_sub_epi64(V::set1(p.n), e);
    const Vec column_part = twiddles(p, e);  // omega^(+-c s)
    for (std::size_t rr = 0; rr < H; ++rr) {
      const Vec w =
          rr == 0 ? column_part : V::mul(twiddle(p, exponent<kInverse>(p, rr * p.cols * s)), column_part);
      for (std::size_t r = rr; r < p.rows; r += 2 * H) butterfly(buf[r], buf[r + H], w);
    }
  }
  for (std::size_t r = 0; r < p.rows; ++r) V::store(a + r * p.cols + c0, 1, V::normalized(buf[r]));
}

// Row pass on rows [r0, r0 + 8): stages h = cols/2, ..., 1; the pair (g + j, g + j + h) has exponent
// m = j n / (2h), the same in every lane. The last stage also scales by *factor and reduces.
template <bool kInverse>
void row_block(Fr* a, const IfmaPlan& p, std::size_t r0, const Vec* factor, Vec* buf) {
  Fr* base = a + r0 * p.cols;
  for (std::size_t t = 0; t < p.cols; ++t) buf[t] = V::load(base + t, p.cols);
  for (std::size_t h = p.cols / 2; h >= 2; h /= 2) {
    const std::size_t step = p.n / (2 * h);
    for (std::size_t g = 0; g < p.cols; g += 2 * h) butterfly_unit(buf[g], buf[g + h]);
    for (std::size_t j = 1; j < h; ++j) {
      const Vec w = twiddle(p, exponent<kInverse>(p, j * step));
      for (std::size_t g = j; g < p.cols; g += 2 * h) butterfly(buf[g], buf[g + h], w);
    }
  }
  for (std::size_t t = 0; t < p.cols; t += 2) {
    butterfly_unit(buf[t], buf[t + 1]);
    for (std::size_t u = t; u < t + 2; ++u) {
      const Vec v = factor != nullptr ? V::mul(V::normalized(buf[u]), *factor) : V::normalized(buf[u]);
      V::store(base + u, p.cols, V::reduce(v));
    }
  }
}

template <bool kInverse>
void dif_ifma_impl(const EvaluationDomain& domain, std::span<Fr> a, const Fr* factor) {
  const unsigned k = domain.log2_size();
  const unsigned log_rows = std::max(3u, k / 2);
  const auto planes = domain.twiddle_planes();
  IfmaPlan p;
  p.n = std::size_t{1} << k;
  p.half = p.n / 2;
  p.rows = std::size_t{1} << log_rows;
  p.cols = p.n / p.rows;
  p.planes = planes.data();
  p.plane_len = p.half + 1;
  Vec f;
  if (factor != nullptr) f = V::broadcast(m_form(*factor));
  Fr* data = a.data();
  parallel_for(p.cols / 8, 1, [&](std::size_t lo, std::size_t hi) {
    Scratch buf(p.rows);
    for (std::size_t b = lo; b < hi; ++b) column_block<kInverse>(data, p, 8 * b, buf.data());
  });
  parallel_for(p.rows / 8, 1, [&](std::size_t lo, std::size_t hi) {
    Scratch buf(p.cols);
    for (std::size_t b = lo; b < hi; ++b)
      row_block<kInverse>(data, p, 8 * b, factor != nullptr ? &f : nullptr, buf.data());
  });
}

}  // namespace

void dif_ifma(const EvaluationDomain& domain, std::span<Fr> a, bool inverse, const Fr* factor) {
  ZKC_ASSERT(a.size() == domain.size() && domain.log2_size() >= 6);
  if (inverse) {
    dif_ifma_impl<true>(domain, a, factor);
  } else {
    dif_ifma_impl<false>(domain, a, factor);
  }
}

// Blocks of eight: lane l of f holds start ratio^(i + l) in M-form and advances by ratio^8.
void scale_by_powers(std::span<Fr> a, const Fr& start, const Fr& ratio) {
  const std::size_t blocks = a.size() / 8;
  const Vec step = V::broadcast(m_form(ratio.pow(ff::U256::from_u64(8))));
  parallel_for(blocks, 512, [&](std::size_t lo, std::size_t hi) {
    Vec f;
    {
      Fr x = start * ratio.pow(ff::U256::from_u64(8 * lo));
      std::array<std::array<u64, 5>, 8> lanes;
      for (auto& lane : lanes) {
        lane = m_form(x);
        x *= ratio;
      }
      for (int j = 0; j < 5; ++j)
        f.l[j] = _mm512_setr_epi64(lanes[0][j], lanes[1][j], lanes[2][j], lanes[3][j], lanes[4][j],
                                   lanes[5][j], lanes[6][j], lanes[7][j]);
    }
    for (std::size_t b = lo; b < hi; ++b) {
      V::store(a.data() + 8 * b, 1, V::reduce(V::mul(V::load(a.data() + 8 * b, 1), f)));
      f = V::mul(f, step);  // f < 2p, step < p: stays below 2p (normalized: it is a multiplier)
    }
  });
  Fr x = start * ratio.pow(ff::U256::from_u64(8 * blocks));
  for (std::size_t i = 8 * blocks; i < a.size(); ++i, x *= ratio) a[i] *= x;
}

#else  // no IFMA: the portable engine only

void dif_ifma(const EvaluationDomain&, std::span<Fr>, bool, const Fr*) {
  ZKC_ASSERT(!"dif_ifma: this build has no AVX-512 IFMA");
}

void scale_by_powers(std::span<Fr> a, const Fr& start, const Fr& ratio) {
  parallel_for(a.size(), 1 << 12, [&](std::size_t lo, std::size_t hi) {
    Fr x = start * ratio.pow(ff::U256::from_u64(lo));
    for (std::size_t i = lo; i < hi; ++i, x *= ratio) a[i] *= x;
  });
}

#endif

}  // namespace zkc::poly::internal
