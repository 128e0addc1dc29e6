#include "zkc/he/ckks/sampling.hpp"

#include <sodium.h>

#include <bit>
#include <cstring>
#include <vector>

#include "zkc/base/random.hpp"

namespace zkc::he::ckks {

RandomSource RandomSource::from_seed(const std::array<std::uint8_t, 32>& seed) {
  RandomSource s;
  s.seeded_ = true;
  s.seed_ = seed;
  return s;
}

RandomSource::~RandomSource() { secure_wipe(seed_); }

RandomSource::RandomSource(RandomSource&& other) noexcept
    : seeded_(other.seeded_), seed_(other.seed_), counter_(other.counter_) {
  secure_wipe(other.seed_);
}

void RandomSource::fill(std::span<std::uint8_t> out) {
  if (!seeded_) {
    random_bytes(out);
    return;
  }
  // Block key = BLAKE2b-256(seed, key = "zkc-ckks-prng" || counter): independent streams per call.
  std::uint8_t key[32];
  std::uint8_t label[24] = "zkc-ckks-prng";
  for (int i = 0; i < 8; ++i) label[16 + i] = static_cast<std::uint8_t>(counter_ >> (8 * i));
  crypto_generichash(key, sizeof key, seed_.data(), seed_.size(), label, sizeof label);
  ++counter_;
  static_assert(randombytes_SEEDBYTES == 32);
  randombytes_buf_deterministic(out.data(), out.size(), key);
  secure_wipe(key, sizeof key);
}

RnsPoly sample_uniform(const Context& ctx, RandomSource& src, std::size_t rows, bool ntt) {
  const std::size_t n = ctx.n();
  RnsPoly p(n, rows, ntt);
  std::vector<u64> buffer(n);
  for (std::size_t i = 0; i < rows; ++i) {
    const Modulus& q = ctx.modulus(i);
    const u64 mask = q.bits() == 64 ? ~u64{0} : (u64{1} << q.bits()) - 1;
    std::size_t filled = 0;
    while (filled < n) {  // rejection sampling: acceptance > 1/2 per draw; public values only
      src.fill({reinterpret_cast<std::uint8_t*>(buffer.data()), buffer.size() * sizeof(u64)});
      for (std::size_t j = 0; j < n && filled < n; ++j) {
        const u64 v = buffer[j] & mask;
        if (v < q.value()) p.row(i)[filled++] = v;
      }
    }
  }
  return p;
}

void set_small(const Context& ctx, std::span<const std::int64_t> v, RnsPoly& out) {
  ZKC_ASSERT(v.size() == out.n && !out.ntt);
  for (std::size_t i = 0; i < out.rows; ++i) {
    const u64 q = ctx.modulus(i).value();
    u64* r = out.row(i);
    for (std::size_t k = 0; k < out.n; ++k) {
      const u64 u = static_cast<u64>(v[k]);
      r[k] = u + (q & (0 - (u >> 63)));  // v + q when v < 0 (branch-free)
    }
  }
}

RnsPoly sample_ternary(const Context& ctx, RandomSource& src, std::size_t rows) {
  const std::size_t n = ctx.n();
  std::vector<std::uint32_t> r(n);
  src.fill({reinterpret_cast<std::uint8_t*>(r.data()), r.size() * sizeof(std::uint32_t)});
  std::vector<std::int64_t> v(n);
  for (std::size_t k = 0; k < n; ++k) {
    // floor(3 r / 2^32) is 0, 1 or 2 with bias below 2^-31; minus 1 gives {-1, 0, 1}.
    v[k] = static_cast<std::int64_t>((static_cast<u64>(r[k]) * 3) >> 32) - 1;
  }
  RnsPoly p(n, rows, false);
  set_small(ctx, v, p);
  secure_wipe(r.data(), r.size() * sizeof(std::uint32_t));
  secure_wipe(v.data(), v.size() * sizeof(std::int64_t));
  return p;
}

RnsPoly sample_error(const Context& ctx, RandomSource& src, std::size_t rows) {
  const std::size_t n = ctx.n();
  std::vector<u64> r(n);
  src.fill({reinterpret_cast<std::uint8_t*>(r.data()), r.size() * sizeof(u64)});
  std::vector<std::int64_t> v(n);
  constexpr u64 kMask21 = (u64{1} << 21) - 1;
  for (std::size_t k = 0; k < n; ++k) {
    v[k] = static_cast<std::int64_t>(std::popcount(r[k] & kMask21)) -
           static_cast<std::int64_t>(std::popcount((r[k] >> 21) & kMask21));
  }
  RnsPoly p(n, rows, false);
  set_small(ctx, v, p);
  secure_wipe(r.data(), r.size() * sizeof(u64));
  secure_wipe(v.data(), v.size() * sizeof(std::int64_t));
  return p;
}

}  // namespace zkc::he::ckks
