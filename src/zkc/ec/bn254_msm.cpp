#include "zkc/ec/bn254_msm.hpp"

#include <vector>

#include "zkc/base/thread_pool.hpp"
#include "zkc/ec/msm/pippenger.hpp"

namespace zkc::ec::bn254 {
namespace {

using ff::U256;

// Lattice basis entries (x the BN parameter) and g_i = floor(2^256 b_i / r) for the rounding.
constexpr U256 kA1 = U256::from_hex("0x89d3256894d213e3");                   // 2x + 1
constexpr U256 kA2 = U256::from_hex("0x6f4d8248eeb859fd0be4e1541221250b");   // 6x^2 + 4x + 1
constexpr U256 kB1 = U256::from_hex("0x6f4d8248eeb859fc8211bbeb7d4f1128");   // 6x^2 + 2x
constexpr U256 kG1 = U256::from_hex("0x2d91d232ec7e0b3d7");                  // 2^256 (2x+1) / r
constexpr U256 kG2 = U256::from_hex("0x24ccef014a773d2cf7a7bd9d4391eb18d");  // 2^256 (6x^2+2x) / r

U256 mul_lo(const U256& a, const U256& b) {
  U256 lo, hi;
  U256::mul_wide(lo, hi, a, b);
  return lo;
}
U256 mul_hi(const U256& a, const U256& b) {
  U256 lo, hi;
  U256::mul_wide(lo, hi, a, b);
  return hi;
}
// Two's-complement value mod 2^256 to (magnitude, sign).
void to_signed(const U256& v, U256& mag, bool& neg) {
  neg = v.bit(255);
  mag = neg ? U256{} - v : v;
}

}  // namespace

GlvSplit glv_split(const U256& k) {
  // c1 = round(k b2 / r), c2 = round(-k b1 / r) (approximated by floor via g1, g2; the error of at
  // most one lattice vector keeps |k1|, |k2| < 2^128). Then (k1, k2) = (k, 0) - c1 v1 - c2 v2.
  const U256 c1 = mul_hi(k, kG1), c2 = mul_hi(k, kG2);
  const U256 k1 = k - mul_lo(c1, kA1) - mul_lo(c2, kA2);
  const U256 k2 = mul_lo(c1, kB1) - mul_lo(c2, kA1);
  GlvSplit s;
  to_signed(k1, s.k1, s.neg1);
  to_signed(k2, s.k2, s.neg2);
  ZKC_ASSERT(s.k1.num_bits() <= 128 && s.k2.num_bits() <= 128);
  return s;
}

namespace {

G1Jacobian msm_glv_vartime(std::span<const G1Affine> points, std::span<const Fr> scalars, GlvLayout layout) {
  const std::size_t n = points.size();
  if (layout == GlvLayout::kAuto) layout = n < kGlvTwoPassFrom ? GlvLayout::kOnePass : GlvLayout::kTwoPass;
  const Fq& beta = glv_beta();
  if (layout == GlvLayout::kOnePass) {
    // One MSM over the 2n points P_i, phi(P_i) with the 128-bit halves k1_i, k2_i.
    std::vector<G1Affine> pts(2 * n);
    std::vector<U256> ks(2 * n);
    std::vector<std::uint8_t> neg(2 * n);
    parallel_for(n, 2048, [&](std::size_t lo, std::size_t hi) {
      for (std::size_t i = lo; i < hi; ++i) {
        const GlvSplit s = glv_split(scalars[i].to_u256());
        pts[i] = points[i];
        pts[n + i] = G1Affine::from_xy_unchecked(points[i].x * beta, points[i].y);  // phi((0, 0)) = (0, 0)
        ks[i] = s.k1;
        ks[n + i] = s.k2;
        neg[i] = s.neg1;
        neg[n + i] = s.neg2;
      }
    });
    return msm::pippenger_vartime<G1Config>(pts, ks, neg, 128);
  }
  // sum k_i P_i = sum k1_i P_i + phi(sum k2_i P_i): two MSMs with 128-bit scalars over the points as
  // given, so no copy of the points is made; one scalar buffer serves both halves.
  std::vector<U256> ks(n);
  std::vector<std::uint8_t> neg(n);
  auto half_sum = [&](bool second) {
    parallel_for(n, 2048, [&](std::size_t lo, std::size_t hi) {
      for (std::size_t i = lo; i < hi; ++i) {
        const GlvSplit s = glv_split(scalars[i].to_u256());
        ks[i] = second ? s.k2 : s.k1;
        neg[i] = second ? s.neg2 : s.neg1;
      }
    });
    return msm::pippenger_vartime<G1Config>(points, ks, neg, 128);
  };
  const G1Jacobian s1 = half_sum(false);
  G1Jacobian s2 = half_sum(true);
  s2.x = s2.x * beta;  // phi(X : Y : Z) = (beta X : Y : Z)
  return s1.add_vartime(s2);
}

G2Jacobian msm_full_vartime(std::span<const G2Affine> points, std::span<const Fr> scalars) {
  std::vector<U256> ks(scalars.size());
  parallel_for(scalars.size(), 4096, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t i = lo; i < hi; ++i) ks[i] = scalars[i].to_u256();
  });
  return msm::pippenger_vartime<G2Config>(points, ks, {}, Fr::kBits);
}

// The scalars by size: a circuit's witness is mostly bits and small integers (range checks, flags,
// amounts) and small negative ones (r - k). With m = min(k, r - k) and the sign in `neg`:
// m = 0 is skipped, m = 1 adds +-P directly, m < 2^64 goes to a Pippenger over as many bits as the
// largest such m has, and the rest to the full-width MSM. When almost every scalar is full width (a
// random witness, or H), the split is not worth its copies and the full MSM takes everything.
enum ScalarClass : std::uint8_t { kZero, kOne, kSmall, kLarge };
inline constexpr unsigned kSmallBits = 64;

template <class Cfg, class FullMsm>
Jacobian<Cfg> msm_split_vartime(std::span<const Affine<Cfg>> points, std::span<const Fr> scalars,
                                FullMsm full) {
  using J = Jacobian<Cfg>;
  const std::size_t n = points.size();
  std::vector<std::uint8_t> cls(n), neg(n);
  parallel_for(n, 4096, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t i = lo; i < hi; ++i) {
      const U256 k = scalars[i].to_u256();
      const U256 minus = Fr::kModulus - k;  // r - k (k < r)
      const bool negative = !k.is_zero() && minus < k;
      const U256& m = negative ? minus : k;
      const unsigned bits = m.num_bits();
      neg[i] = negative;
      cls[i] = bits == 0 ? kZero : bits == 1 ? kOne : bits <= kSmallBits ? kSmall : kLarge;
    }
  });
  std::size_t count[4] = {0, 0, 0, 0};
  for (const std::uint8_t c : cls) ++count[c];
  if (count[kLarge] >= n - n / 8) return full(points, scalars);

  J ones = J::identity();
  std::vector<Affine<Cfg>> small_points, large_points;
  std::vector<U256> small_k;
  std::vector<std::uint8_t> small_neg;
  std::vector<Fr> large_k;
  small_points.reserve(count[kSmall]);
  small_k.reserve(count[kSmall]);
  small_neg.reserve(count[kSmall]);
  large_points.reserve(count[kLarge]);
  large_k.reserve(count[kLarge]);
  unsigned small_bits = 1;
  for (std::size_t i = 0; i < n; ++i) {
    switch (cls[i]) {
      case kOne:
        ones = ones.add_mixed_vartime(neg[i] ? -points[i] : points[i]);
        break;
      case kSmall: {
        const U256 k = scalars[i].to_u256();
        const U256 m = neg[i] ? Fr::kModulus - k : k;
        small_bits = std::max(small_bits, m.num_bits());
        small_points.push_back(points[i]);
        small_k.push_back(m);
        small_neg.push_back(neg[i]);
        break;
      }
      case kLarge:
        large_points.push_back(points[i]);
        large_k.push_back(scalars[i]);
        break;
      default:
        break;
    }
  }
  J sum = ones;
  if (!small_points.empty())
    sum = sum.add_vartime(msm::pippenger_vartime<Cfg>(small_points, small_k, small_neg, small_bits));
  if (!large_points.empty()) sum = sum.add_vartime(full(large_points, large_k));
  return sum;
}

}  // namespace

G1Jacobian msm_vartime(std::span<const G1Affine> points, std::span<const Fr> scalars, GlvLayout layout) {
  ZKC_ASSERT(points.size() == scalars.size());
  return msm_split_vartime<G1Config>(
      points, scalars,
      [layout](std::span<const G1Affine> p, std::span<const Fr> k) { return msm_glv_vartime(p, k, layout); });
}

G2Jacobian msm_vartime(std::span<const G2Affine> points, std::span<const Fr> scalars) {
  ZKC_ASSERT(points.size() == scalars.size());
  return msm_split_vartime<G2Config>(points, scalars, msm_full_vartime);
}

}  // namespace zkc::ec::bn254
