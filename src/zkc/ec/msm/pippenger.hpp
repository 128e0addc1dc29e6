// Pippenger's bucket method for multi-scalar multiplication sum_i [k_i] P_i, variable time (public
// bases and scalars, or scalars already blinded). Generic over the curve configuration.
// - Signed windows of c bits: digits in (-2^(c-1), 2^(c-1)], so 2^(c-1) buckets per window and a
//   negative digit adds -P (free in affine).
// - Batch-affine bucket accumulation: additions into distinct buckets are queued and performed in
//   affine coordinates sharing one field inversion per batch (Montgomery's trick): about 6
//   multiplications per addition instead of 11 for a mixed Jacobian addition. A point aimed at a
//   bucket already in the current batch goes to a Jacobian overflow bucket instead.
// - Work is split into (window x chunk of points) tasks run on the thread pool.
// References: Pippenger (1976); Bernstein, Doumen, Lange, Oosterwijk, "Faster batch forgery
// identification" (Indocrypt 2012) sec. 4; Aztec/gnark "batch affine" bucket additions
// (e.g. gnark-crypto ecc/bn254/multiexp_affine.go, described in ePrint 2022/1400 sec. 4.2).
#pragma once

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <span>
#include <vector>

#include "zkc/base/result.hpp"
#include "zkc/base/thread_pool.hpp"
#include "zkc/ec/point.hpp"

namespace zkc::ec::msm {

// The window width minimizing windows * (points + 2^c), points for the bucket additions and 2^c for
// the bucket reduction. (Weighting the reduction by its true cost, ~2.25 * 2^c, picked smaller
// windows that measured slower: bucket memory stays in cache either way.)
inline unsigned choose_window(std::size_t points, unsigned scalar_bits) {
  unsigned best = 2;
  double best_cost = 1e300;
  for (unsigned c = 2; c <= 20; ++c) {
    const double windows = scalar_bits / c + 1;
    const double cost = windows * (static_cast<double>(points) + static_cast<double>(1u << c));
    if (cost < best_cost) best_cost = cost, best = c;
  }
  return best;
}

namespace detail {

// Accumulates one window over points [lo, hi) into `half` buckets (digits lie in [-half, half];
// digits[i - lo] belongs to point i) and reduces them to sum_b (b + 1) * bucket_b.
template <class Cfg>
Jacobian<Cfg> window_sum(std::span<const Affine<Cfg>> points, const std::int32_t* digits, std::size_t lo,
                         std::size_t hi, std::size_t half) {
  using F = typename Cfg::Field;
  using A = Affine<Cfg>;
  using J = Jacobian<Cfg>;
  constexpr std::size_t kBatch = 1024;

  std::vector<A> buckets(half);
  std::vector<std::uint32_t> mark(half, 0);
  std::vector<J> overflow;  // allocated on the first conflict
  std::uint32_t epoch = 1;

  struct Op {
    std::uint32_t bucket;
    std::uint32_t point;
    bool negate;
  };
  // A batch never holds two additions into one bucket: an addition aimed at a bucket already in the
  // batch waits in `deferred` for the next batch (at most kDeferred of them; a batch is flushed when
  // either fills), and if it collides again it goes to a Jacobian overflow bucket. With few buckets
  // the batch is flushed early (at half of them).
  constexpr std::size_t kDeferred = 256;
  const std::size_t batch_limit = std::min(kBatch, std::max<std::size_t>(16, half / 2));
  std::vector<Op> batch, deferred, retry;
  batch.reserve(kBatch + kDeferred);
  deferred.reserve(kDeferred);
  std::vector<F> den(kBatch + kDeferred), prefix(kBatch + kDeferred);
  std::vector<std::uint8_t> kind(kBatch + kDeferred);  // 0 add, 1 double, 2 cancel

  const auto flush = [&] {
    const std::size_t n = batch.size();
    if (n == 0) return;
    // Denominators: x2 - x1 for an addition, 2 y1 for a doubling, 1 for P + (-P).
    for (std::size_t i = 0; i < n; ++i) {
      const A& b = buckets[batch[i].bucket];
      const A& p = points[batch[i].point];
      const F py = batch[i].negate ? -p.y : p.y;
      if (!(b.x == p.x)) {
        kind[i] = 0;
        den[i] = p.x - b.x;
      } else if (b.y == py) {
        kind[i] = 1;
        den[i] = b.y.dbl();
      } else {
        kind[i] = 2;
        den[i] = F::one();
      }
    }
    // Batch inversion (variable time: public data), with kLanes interleaved product chains so that
    // consecutive multiplications are independent and overlap in the pipeline.
    constexpr std::size_t kLanes = 4;
    F acc[kLanes], inv[kLanes];
    for (auto& x : acc) x = F::one();
    for (std::size_t i = 0; i < n; ++i) {
      prefix[i] = acc[i % kLanes];
      acc[i % kLanes] = acc[i % kLanes] * den[i];
    }
    // inv[k] = 1 / acc[k] from one inversion of the product of all lanes.
    const F a01 = acc[0] * acc[1], a23 = acc[2] * acc[3];
    const F all_inv = (a01 * a23).inverse_vartime();
    const F inv01 = all_inv * a23, inv23 = all_inv * a01;
    inv[0] = inv01 * acc[1];
    inv[1] = inv01 * acc[0];
    inv[2] = inv23 * acc[3];
    inv[3] = inv23 * acc[2];
    for (std::size_t i = n; i-- > 0;) {
      const F d = den[i];
      den[i] = inv[i % kLanes] * prefix[i];
      inv[i % kLanes] = inv[i % kLanes] * d;
    }
    for (std::size_t i = 0; i < n; ++i) {
      A& b = buckets[batch[i].bucket];
      const A& p = points[batch[i].point];
      if (kind[i] == 2) {
        b = A::identity();
        continue;
      }
      const F py = batch[i].negate ? -p.y : p.y;
      F lambda;
      if (kind[i] == 0) {
        lambda = (py - b.y) * den[i];  // (y2 - y1) / (x2 - x1)
      } else {
        const F xx = b.x.square();
        lambda = (xx.dbl() + xx) * den[i];  // 3 x1^2 / (2 y1)
      }
      const F x3 = lambda.square() - b.x - p.x;  // x3 = lambda^2 - x1 - x2
      b.y = lambda * (b.x - x3) - b.y;           // y3 = lambda (x1 - x3) - y1
      b.x = x3;
    }
    batch.clear();
    ++epoch;
  };

  // Queues op into the batch; `final_try` sends a colliding op to the overflow instead of deferring.
  const auto add = [&](const Op& op, bool final_try) {
    const A& p = points[op.point];
    if (mark[op.bucket] == epoch) {  // this bucket already has an addition in flight
      if (!final_try) {
        deferred.push_back(op);
        return;
      }
      if (overflow.empty()) overflow.assign(half, J::identity());
      overflow[op.bucket] = overflow[op.bucket].add_mixed_vartime(op.negate ? -p : p);
      return;
    }
    A& b = buckets[op.bucket];
    if (b.is_infinity()) {
      b = op.negate ? -p : p;
      return;
    }
    mark[op.bucket] = epoch;
    batch.push_back(op);
  };
  const auto flush_and_retry = [&] {
    flush();
    retry.swap(deferred);
    for (const Op& op : retry) add(op, /*final_try=*/true);
    retry.clear();
  };

  constexpr std::size_t kPrefetchDistance = 16;
  for (std::size_t i = lo; i < hi; ++i) {
    if (i + kPrefetchDistance < hi) {  // the bucket a later point goes to: random access, likely a miss
      const std::int32_t ahead = digits[i - lo + kPrefetchDistance];
      const std::size_t idx = static_cast<std::size_t>((ahead > 0 ? ahead : -ahead) + (ahead == 0)) - 1;
      __builtin_prefetch(&buckets[idx]);
      __builtin_prefetch(&mark[idx]);
    }
    const std::int32_t d = digits[i - lo];
    if (d == 0 || points[i].is_infinity()) continue;
    add(Op{static_cast<std::uint32_t>((d > 0 ? d : -d) - 1), static_cast<std::uint32_t>(i), d < 0}, false);
    if (batch.size() >= batch_limit || deferred.size() == kDeferred) flush_and_retry();
  }
  flush_and_retry();
  flush();

  // sum_b (b + 1) B_b as a running sum from the top bucket down.
  J running = J::identity(), total = J::identity();
  for (std::size_t b = half; b-- > 0;) {
    running = running.add_mixed_vartime(buckets[b]);
    if (!overflow.empty()) running = running.add_vartime(overflow[b]);
    total = total.add_vartime(running);
  }
  return total;
}

}  // namespace detail

// sum_i [(-1)^negate_i * k_i] P_i with scalar magnitudes k_i < 2^scalar_bits (scalar_bits <= 255).
// `negate` may be empty (all positive).
template <class Cfg>
Jacobian<Cfg> pippenger_vartime(std::span<const Affine<Cfg>> points, std::span<const U256> scalars,
                                std::span<const std::uint8_t> negate, unsigned scalar_bits) {
  using J = Jacobian<Cfg>;
  ZKC_ASSERT(points.size() == scalars.size());
  ZKC_ASSERT(negate.empty() || negate.size() == scalars.size());
  ZKC_ASSERT(scalar_bits >= 1 && scalar_bits <= 255);
  const std::size_t m = points.size();
  if (m == 0) return J::identity();
  ZKC_ASSERT(m < (std::size_t{1} << 32));  // point indices are 32-bit in the batches

  const unsigned c = choose_window(m, scalar_bits);
  const unsigned windows = scalar_bits / c + 1;
  const std::int64_t half = std::int64_t{1} << (c - 1);

  // Signed digits d_w in (-half, half] with k = sum_w d_w 2^(wc), computed per task for its window
  // and chunk only (a table of all digits would take 4 * windows * m bytes: 75 MB for a GLV-split
  // MSM of 2^20 points). The carry into window w of the usual low-to-high recoding is 1 exactly when
  // the low wc bits of k exceed T_w = half (1 + 2^c + ... + 2^((w-1)c)), the largest value w digits
  // can represent, so each digit is found without recoding the windows below it.
  std::vector<U256> threshold(windows);
  for (unsigned w = 1; w < windows; ++w)
    threshold[w] = threshold[w - 1] + U256::from_u64(static_cast<std::uint64_t>(half)).shl((w - 1) * c);
  const auto low_bits_exceed = [](const U256& k, unsigned bits, const U256& t) {
    U256 low = k;
    for (unsigned l = 0; l < 4; ++l) {
      const unsigned lo_bit = 64 * l;
      if (bits <= lo_bit)
        low.limb[l] = 0;
      else if (bits < lo_bit + 64)
        low.limb[l] &= (std::uint64_t{1} << (bits - lo_bit)) - 1;
    }
    return t < low;
  };
  const auto fill_digits = [&](unsigned w, std::size_t lo, std::size_t hi, std::int32_t* out) {
    for (std::size_t i = lo; i < hi; ++i) {
      const U256& k = scalars[i];
      std::int64_t d = static_cast<std::int64_t>(k.bits(w * c, c));
      if (w > 0 && low_bits_exceed(k, w * c, threshold[w])) ++d;
      if (d > half) d -= std::int64_t{1} << c;
      const bool neg = !negate.empty() && negate[i];
      out[i - lo] = static_cast<std::int32_t>(neg ? -d : d);
    }
  };

  // Tasks: every window, split into chunks so that the pool's threads get equal shares.
  const std::size_t threads = num_threads();
  std::size_t chunks = std::max<std::size_t>(1, (2 * threads + windows - 1) / windows);
  while ((windows * chunks) % threads != 0 && chunks < 4 * threads) ++chunks;
  chunks = std::min(chunks, std::max<std::size_t>(1, m / 1024));
  std::vector<J> partial(windows * chunks);
  parallel_tasks(windows * chunks, [&](std::size_t t) {
    const std::size_t w = t / chunks, ch = t % chunks;
    const std::size_t lo = m * ch / chunks, hi = m * (ch + 1) / chunks;
    // The top window holds only the scalars' remaining bits (plus a carry): its digits are at most
    // 2^(scalar_bits - w c), so it needs fewer buckets (and its batches fill without conflicts).
    const unsigned rest = scalar_bits - w * c;
    const std::size_t buckets = rest < c ? std::min(static_cast<std::size_t>(half), (std::size_t{1} << rest) + 1)
                                           : static_cast<std::size_t>(half);
    std::vector<std::int32_t> digits(hi - lo);
    fill_digits(static_cast<unsigned>(w), lo, hi, digits.data());
    partial[t] = detail::window_sum<Cfg>(points, digits.data(), lo, hi, buckets);
  });

  // Horner over windows from the top.
  J acc = J::identity();
  for (unsigned w = windows; w-- > 0;) {
    for (unsigned i = 0; i < c && !acc.is_infinity(); ++i) acc = acc.dbl();
    for (std::size_t ch = 0; ch < chunks; ++ch) acc = acc.add_vartime(partial[w * chunks + ch]);
  }
  return acc;
}

}  // namespace zkc::ec::msm
