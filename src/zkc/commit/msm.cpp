// Multi-scalar multiplication on ristretto255: constant-time Straus (signed radix 16), variable-time
// Straus with wNAF digits for few points, Pippenger's bucket method with signed digits for many, and
// fixed-base tables (wNAF odd multiples in affine niels form) for known generators.
#include "zkc/commit/internal/msm.hpp"

#include <sodium.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <vector>

#include "zkc/commit/internal/edwards.hpp"
#include "zkc/commit/ristretto255.hpp"

namespace zkc::commit {

using internal::AffineNiels;
using internal::Cached;
using internal::Completed;
using internal::Extended;

namespace {

constexpr unsigned kDynWindow = 5;    // wNAF width for per-call tables: odd multiples up to 15P (8 entries)
constexpr unsigned kFixedWindow = 8;  // wNAF width for FixedBases: odd multiples up to 127P (64 entries)
constexpr std::size_t kDynTable = std::size_t{1} << (kDynWindow - 2);
constexpr std::size_t kFixedTable = std::size_t{1} << (kFixedWindow - 2);
constexpr int kDigits = 256;

Extended ext(const RistrettoPoint& p) { return {p.X(), p.Y(), p.Z(), p.T()}; }
RistrettoPoint point(const Extended& p) {
  return RistrettoPoint::from_extended_unchecked(p.X, p.Y, p.Z, p.T);
}

// Odd multiples P, 3P, ..., (2 size - 1) P in extended coordinates.
void odd_multiples(const Extended& p, std::span<Extended> out) {
  out[0] = p;
  if (out.size() == 1) return;
  const Cached p2 = Cached::from(internal::dbl(internal::to_projective(p)).to_extended());
  for (std::size_t j = 1; j < out.size(); ++j) out[j] = internal::add(out[j - 1], p2).to_extended();
}

// Width-w NAF (the digits of Hankerson, Menezes, Vanstone, Alg. 3.35, up to w = 8, whose odd digits
// |d| <= 127 still fit int8), computed left to right over the bits with a carry instead of shifting
// the whole number: at a position where bit + carry is even the digit is 0; otherwise the next w
// bits plus the carry form an odd window, taken in (-2^(w-1), 2^(w-1)), and the following w - 1
// digits are 0. Digit i goes to out[i * stride]. Returns the top nonzero position (-1 for zero).
int wnaf_into(const ff::U256& v, unsigned w, std::int8_t* out, std::size_t stride) {
  const int half = 1 << (w - 1);
  int top = -1;
  unsigned carry = 0;
  for (unsigned pos = 0; pos < 256;) {
    if (static_cast<unsigned>(v.bit(pos)) == carry) {  // bit + carry is 0 or 2: digit 0, carry unchanged
      ++pos;
      continue;
    }
    int window = static_cast<int>(carry + v.bits(pos, w));  // odd
    carry = window >= half ? 1 : 0;
    window -= static_cast<int>(carry) << w;
    ZKC_ASSERT(pos < static_cast<unsigned>(kDigits));
    out[pos * stride] = static_cast<std::int8_t>(window);
    top = static_cast<int>(pos);
    pos += w;
  }
  ZKC_ASSERT(carry == 0);  // v < 2^255 leaves no carry past bit 255
  return top;
}

// wNAF digits of each scalar, transposed (digit i of scalar j at [i * n + j]) so that the Straus loop
// reads them in order. Returns the highest nonzero position (-1 if all scalars are zero).
int wnaf_digits(std::span<const Scalar> scalars, unsigned w, std::vector<std::int8_t>& out) {
  const std::size_t n = scalars.size();
  out.assign(kDigits * n, 0);
  int top = -1;
  for (std::size_t j = 0; j < n; ++j)
    top = std::max(top, wnaf_into(scalars[j].to_u256(), w, out.data() + j, n));
  return top;
}

// Straus's interleaved loop: one doubling per position, one addition per nonzero digit.
// Fixed bases use affine niels tables (stride kFixedTable), dynamic points cached tables (kDynTable).
RistrettoPoint straus_loop(int top, std::span<const std::int8_t> fixed_digits, std::size_t n_fixed,
                           const AffineNiels* fixed_tables, std::span<const std::int8_t> dyn_digits,
                           std::size_t n_dyn, const Cached* dyn_tables) {
  if (top < 0) return RistrettoPoint::identity();
  Completed c = Completed::identity();
  for (int i = top; i >= 0; --i) {
    if (i != top) c = internal::dbl(c.to_projective());
    const std::int8_t* fd = fixed_digits.data() + static_cast<std::size_t>(i) * n_fixed;
    for (std::size_t j = 0; j < n_fixed; ++j) {
      const int d = fd[j];
      if (d > 0)
        c = internal::add(c.to_extended(), fixed_tables[j * kFixedTable + (d >> 1)]);
      else if (d < 0)
        c = internal::sub(c.to_extended(), fixed_tables[j * kFixedTable + ((-d) >> 1)]);
    }
    const std::int8_t* dd = dyn_digits.data() + static_cast<std::size_t>(i) * n_dyn;
    for (std::size_t j = 0; j < n_dyn; ++j) {
      const int d = dd[j];
      if (d > 0)
        c = internal::add(c.to_extended(), dyn_tables[j * kDynTable + (d >> 1)]);
      else if (d < 0)
        c = internal::sub(c.to_extended(), dyn_tables[j * kDynTable + ((-d) >> 1)]);
    }
  }
  return point(c.to_extended());
}

std::vector<Cached> dyn_tables(std::span<const RistrettoPoint> points) {
  std::vector<Cached> t(points.size() * kDynTable);
  std::array<Extended, kDynTable> odd;
  for (std::size_t j = 0; j < points.size(); ++j) {
    odd_multiples(ext(points[j]), odd);
    for (std::size_t k = 0; k < kDynTable; ++k) t[j * kDynTable + k] = Cached::from(odd[k]);
  }
  return t;
}

Extended add_ext(const Extended& a, const Extended& b) {
  return internal::add(a, Cached::from(b)).to_extended();
}

}  // namespace

namespace internal {

RistrettoPoint msm_straus_vartime(std::span<const Scalar> scalars, std::span<const RistrettoPoint> points) {
  ZKC_ASSERT(scalars.size() == points.size());
  std::vector<std::int8_t> digits;
  const int top = wnaf_digits(scalars, kDynWindow, digits);
  if (top < 0) return RistrettoPoint::identity();
  const auto tables = dyn_tables(points);
  return straus_loop(top, {}, 0, nullptr, digits, points.size(), tables.data());
}

unsigned pippenger_window(std::size_t n) {
  // Bucket sums cost ~2^c additions per window against n: about log2(n) - 2 (measured best: c = 8..9 at
  // 1,024 points, 12 at 10,000), at least 4.
  const unsigned lg = static_cast<unsigned>(std::bit_width(n));
  const unsigned c = n >= 4096 ? lg - 2 : (lg > 3 ? lg - 3 : 1u);
  return std::clamp(c, 4u, 16u);
}

RistrettoPoint msm_pippenger_vartime(std::span<const Scalar> scalars, std::span<const RistrettoPoint> points,
                                     unsigned window) {
  ZKC_ASSERT(scalars.size() == points.size());
  const std::size_t n = scalars.size();
  if (n == 0) return RistrettoPoint::identity();
  const unsigned c = window ? window : pippenger_window(n);
  ZKC_ASSERT(c >= 2 && c <= 16);
  // Signed digits in [-2^(c-1), 2^(c-1)]: scalars are < 2^253, so 253/c + 1 windows absorb the carry.
  const unsigned n_windows = 253 / c + 1;
  const std::int32_t half = std::int32_t{1} << (c - 1);
  const std::uint64_t mask = (std::uint64_t{1} << c) - 1;
  std::vector<std::int16_t> digits(n * n_windows);
  std::vector<Cached> cached(n);
  for (std::size_t j = 0; j < n; ++j) {
    const ff::U256 v = scalars[j].to_u256();
    std::int32_t carry = 0;
    for (unsigned w = 0; w < n_windows; ++w) {
      const std::int32_t bits = static_cast<std::int32_t>(v.bits(w * c, c) & mask) + carry;
      carry = bits >= half ? 1 : 0;
      digits[w * n + j] = static_cast<std::int16_t>(bits - (carry << c));
    }
    cached[j] = Cached::from(ext(points[j]));
  }
  std::vector<Extended> buckets(static_cast<std::size_t>(half));
  std::vector<std::uint8_t> used(static_cast<std::size_t>(half));
  Extended acc = Extended::identity();
  bool acc_used = false;
  for (unsigned w = n_windows; w-- > 0;) {
    if (acc_used) {
      internal::Projective r = internal::to_projective(acc);
      for (unsigned k = 1; k < c; ++k) r = internal::dbl(r).to_projective();
      acc = internal::dbl(r).to_extended();
    }
    std::fill(used.begin(), used.end(), 0);
    const std::int16_t* dw = digits.data() + static_cast<std::size_t>(w) * n;
    for (std::size_t j = 0; j < n; ++j) {
      const int d = dw[j];
      if (d == 0) continue;
      const std::size_t b = static_cast<std::size_t>(d > 0 ? d : -d) - 1;
      if (!used[b]) {
        used[b] = 1;
        buckets[b] = internal::add(Extended::identity(), d > 0 ? cached[j] : cached[j].neg()).to_extended();
      } else {
        buckets[b] = (d > 0 ? internal::add(buckets[b], cached[j]) : internal::sub(buckets[b], cached[j]))
                         .to_extended();
      }
    }
    // sum_b (b+1) * bucket[b] by running sums from the top bucket down.
    Extended running{}, sum{};
    bool running_used = false, sum_used = false;
    for (std::size_t b = buckets.size(); b-- > 0;) {
      if (used[b]) {
        running = running_used ? add_ext(running, buckets[b]) : buckets[b];
        running_used = true;
      }
      if (running_used) {
        sum = sum_used ? add_ext(sum, running) : running;
        sum_used = true;
      }
    }
    if (sum_used) {
      acc = acc_used ? add_ext(acc, sum) : sum;
      acc_used = true;
    }
  }
  return acc_used ? point(acc) : RistrettoPoint::identity();
}

}  // namespace internal

RistrettoPoint msm_vartime(std::span<const Scalar> scalars, std::span<const RistrettoPoint> points) {
  ZKC_ASSERT(scalars.size() == points.size());
  if (scalars.size() >= internal::kPippengerThreshold)
    return internal::msm_pippenger_vartime(scalars, points);
  return internal::msm_straus_vartime(scalars, points);
}

// Constant time in the scalars: per point the table P..8P, signed radix-16 digits, 64 windows of four
// doublings and one constant-time lookup + addition per point.
RistrettoPoint msm(std::span<const Scalar> scalars, std::span<const RistrettoPoint> points) {
  ZKC_ASSERT(scalars.size() == points.size());
  const std::size_t n = scalars.size();
  if (n == 0) return RistrettoPoint::identity();
  std::vector<std::array<Cached, 8>> tables(n);
  std::vector<std::array<std::int8_t, 64>> digits(n);
  for (std::size_t j = 0; j < n; ++j) {
    tables[j] = internal::multiples_table(ext(points[j]));
    auto bytes = ff::curve25519::scalar_to_bytes_le(scalars[j]);
    digits[j] = internal::radix16_ct(bytes);
    sodium_memzero(bytes.data(), bytes.size());
  }
  Extended acc = Extended::identity();
  for (int i = 63; i >= 0; --i) {
    if (i != 63) {
      internal::Projective r = internal::to_projective(acc);
      r = internal::dbl(r).to_projective();
      r = internal::dbl(r).to_projective();
      r = internal::dbl(r).to_projective();
      acc = internal::dbl(r).to_extended();
    }
    for (std::size_t j = 0; j < n; ++j)
      acc = internal::add(acc, internal::select_ct(tables[j], digits[j][i])).to_extended();
  }
  sodium_memzero(digits.data(), digits.size() * sizeof(digits[0]));
  return point(acc);
}

// --- FixedBases ---------------------------------------------------------------------------------

struct FixedBases::Tables {
  std::vector<RistrettoPoint> bases;
  std::vector<AffineNiels> odd;  // base i: odd[i * kFixedTable + k] = (2k+1) * base(i), affine niels
};

FixedBases::FixedBases(std::span<const RistrettoPoint> bases) : tables_(new Tables) {
  const std::size_t n = bases.size();
  tables_->bases.assign(bases.begin(), bases.end());
  std::vector<Extended> multiples(n * kFixedTable);
  for (std::size_t i = 0; i < n; ++i)
    odd_multiples(ext(bases[i]), std::span(multiples).subspan(i * kFixedTable, kFixedTable));
  // Normalize to Z = 1 with one inversion (Z is never zero on edwards25519 in extended coordinates).
  std::vector<Fe> zinv(multiples.size());
  for (std::size_t k = 0; k < multiples.size(); ++k) zinv[k] = multiples[k].Z;
  ff::batch_inverse(std::span(zinv));
  tables_->odd.resize(multiples.size());
  for (std::size_t k = 0; k < multiples.size(); ++k) {
    const Fe x = multiples[k].X * zinv[k], y = multiples[k].Y * zinv[k];
    tables_->odd[k] = {y + x, y - x, x * y * internal::kD2};
  }
}
FixedBases::~FixedBases() { delete tables_; }
FixedBases::FixedBases(FixedBases&& o) noexcept : tables_(o.tables_) { o.tables_ = nullptr; }
FixedBases& FixedBases::operator=(FixedBases&& o) noexcept {
  std::swap(tables_, o.tables_);
  return *this;
}
std::size_t FixedBases::size() const { return tables_->bases.size(); }
const RistrettoPoint& FixedBases::base(std::size_t i) const {
  ZKC_ASSERT(i < size());
  return tables_->bases[i];
}

RistrettoPoint FixedBases::msm_vartime(std::span<const Scalar> scalars, std::span<const Scalar> dyn_scalars,
                                       std::span<const RistrettoPoint> dyn_points) const {
  ZKC_ASSERT(scalars.size() <= size());
  ZKC_ASSERT(dyn_scalars.size() == dyn_points.size());
  // Many dynamic points: Pippenger for them, then the fixed part alone.
  RistrettoPoint dyn_part;
  const bool separate = dyn_scalars.size() >= internal::kPippengerThreshold;
  if (separate) {
    dyn_part = internal::msm_pippenger_vartime(dyn_scalars, dyn_points);
    dyn_scalars = {};
    dyn_points = {};
  }
  std::vector<std::int8_t> fixed_digits, dd;
  const int top_f = wnaf_digits(scalars, kFixedWindow, fixed_digits);
  const int top_d = wnaf_digits(dyn_scalars, kDynWindow, dd);
  const auto tables = dyn_tables(dyn_points);
  const RistrettoPoint r = straus_loop(std::max(top_f, top_d), fixed_digits, scalars.size(),
                                       tables_->odd.data(), dd, dyn_points.size(), tables.data());
  return separate ? r + dyn_part : r;
}

}  // namespace zkc::commit
