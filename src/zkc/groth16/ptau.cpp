#include "zkc/groth16/ptau.hpp"

#include <sodium.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstring>
#include <mutex>
#include <optional>

#include "zkc/base/io.hpp"
#include "zkc/base/random.hpp"
#include "zkc/base/thread_pool.hpp"
#include "zkc/ec/bn254_encoding.hpp"
#include "zkc/ec/bn254_msm.hpp"
#include "zkc/ff/bn254/fq2.hpp"
#include "zkc/ff/wnaf.hpp"
#include "zkc/pairing/bn254.hpp"
#include "zkc/poly/domain.hpp"
#include "zkc/poly/ntt.hpp"

namespace zkc::groth16 {

using ec::bn254::G1Jacobian;
using ec::bn254::G2Jacobian;
using ff::U256;
using ff::bn254::Fq2;
using formats::PtauContribution;
using formats::PtauFile;

// =================================================================================================
// snarkjs-compatible primitives
// =================================================================================================
namespace mpc {
namespace {

// RFC 7693 sec. 2.6 (IV) and 2.7 (SIGMA).
constexpr std::array<std::uint64_t, 8> kBlakeIv = {
    0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
    0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL};
constexpr std::uint8_t kSigma[12][16] = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
                                         {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
                                         {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
                                         {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
                                         {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
                                         {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
                                         {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
                                         {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
                                         {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
                                         {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
                                         {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
                                         {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3}};

std::uint64_t load64_le(const std::uint8_t* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}
void store64_le(std::uint8_t* p, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}
std::uint64_t rotr64(std::uint64_t x, int n) { return (x >> n) | (x << (64 - n)); }
std::uint32_t rotl32(std::uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

}  // namespace

Blake2b::Blake2b() {
  h_ = kBlakeIv;
  h_[0] ^= 0x01010040;  // parameter block: digest length 64, no key, fanout 1, depth 1
}

// RFC 7693 sec. 3.2, function F, with t = compressed_ (128-bit counter, high word zero).
void Blake2b::compress(const std::uint8_t* block, bool last) {
  std::uint64_t m[16], v[16];
  for (int i = 0; i < 16; ++i) m[i] = load64_le(block + 8 * i);
  for (int i = 0; i < 8; ++i) v[i] = h_[i], v[i + 8] = kBlakeIv[i];
  v[12] ^= compressed_;  // low word of t (inputs here stay below 2^64 bytes)
  if (last) v[14] = ~v[14];
  auto g = [&](int a, int b, int c, int d, std::uint64_t x, std::uint64_t y) {
    v[a] = v[a] + v[b] + x;
    v[d] = rotr64(v[d] ^ v[a], 32);
    v[c] = v[c] + v[d];
    v[b] = rotr64(v[b] ^ v[c], 24);
    v[a] = v[a] + v[b] + y;
    v[d] = rotr64(v[d] ^ v[a], 16);
    v[c] = v[c] + v[d];
    v[b] = rotr64(v[b] ^ v[c], 63);
  };
  for (int r = 0; r < 12; ++r) {
    const std::uint8_t* s = kSigma[r];
    g(0, 4, 8, 12, m[s[0]], m[s[1]]);
    g(1, 5, 9, 13, m[s[2]], m[s[3]]);
    g(2, 6, 10, 14, m[s[4]], m[s[5]]);
    g(3, 7, 11, 15, m[s[6]], m[s[7]]);
    g(0, 5, 10, 15, m[s[8]], m[s[9]]);
    g(1, 6, 11, 12, m[s[10]], m[s[11]]);
    g(2, 7, 8, 13, m[s[12]], m[s[13]]);
    g(3, 4, 9, 14, m[s[14]], m[s[15]]);
  }
  for (int i = 0; i < 8; ++i) h_[i] ^= v[i] ^ v[i + 8];
}

void Blake2b::update(std::span<const std::uint8_t> data) {
  std::size_t pos = 0;
  while (pos < data.size()) {
    if (pending_ == 128) {  // a full block is compressed only once more input arrives
      compressed_ += 128;
      compress(buf_.data(), false);
      pending_ = 0;
    }
    // Whole blocks straight from the input while more input follows them.
    while (pending_ == 0 && data.size() - pos > 128) {
      compressed_ += 128;
      compress(data.data() + pos, false);
      pos += 128;
    }
    const std::size_t take = std::min<std::size_t>(128 - pending_, data.size() - pos);
    std::memcpy(buf_.data() + pending_, data.data() + pos, take);
    pending_ += take;
    pos += take;
  }
}

Hash64 Blake2b::digest() const {
  Blake2b s = *this;
  std::fill(s.buf_.begin() + static_cast<std::ptrdiff_t>(s.pending_), s.buf_.end(), 0);
  s.compressed_ += s.pending_;
  s.compress(s.buf_.data(), true);
  Hash64 out;
  for (int i = 0; i < 8; ++i) store64_le(out.data() + 8 * i, s.h_[i]);
  return out;
}

// @noble/hashes' state as snarkjs's misc.toPartialHash lays it out: buffer (128), v0l, v0h, ...,
// v7h (16 u32 = h[0..7] little endian), u32 length - pos, u32 0, u32 pos, u32 0, then 8 unused bytes.
std::array<std::uint8_t, 216> Blake2b::export_partial() const {
  std::array<std::uint8_t, 216> out{};
  std::memcpy(out.data(), buf_.data(), 128);
  for (int i = 0; i < 8; ++i) store64_le(out.data() + 128 + 8 * i, h_[i]);
  store64_le(out.data() + 192, compressed_);
  store64_le(out.data() + 200, pending_);
  return out;
}

Result<Blake2b> Blake2b::import_partial(std::span<const std::uint8_t> partial) {
  if (partial.size() != 216)
    return make_error(Errc::kBadLength,
                      "BLAKE2b partial state: " + std::to_string(partial.size()) + " bytes, expected 216");
  Blake2b s;
  std::memcpy(s.buf_.data(), partial.data(), 128);
  for (int i = 0; i < 8; ++i) s.h_[i] = load64_le(partial.data() + 128 + 8 * i);
  // snarkjs reads the two counters as 53-bit sums of u32 halves; anything beyond 2^53 or a pending
  // count above one block is not a state noble can produce.
  const std::uint64_t compressed = load64_le(partial.data() + 192), pending = load64_le(partial.data() + 200);
  if (pending > 128 || compressed % 128 != 0 || compressed >= (std::uint64_t{1} << 53))
    return make_error(Errc::kBadFormat, "BLAKE2b partial state: impossible counters (compressed " +
                                            std::to_string(compressed) + ", pending " +
                                            std::to_string(pending) + ")");
  s.compressed_ = compressed;
  s.pending_ = static_cast<std::size_t>(pending);
  return s;
}

Hash64 blake2b(std::span<const std::uint8_t> data) {
  Hash64 out;
  crypto_generichash(out.data(), out.size(), data.data(), data.size(), nullptr, 0);
  return out;
}

Hash64 blank_hash() { return blake2b({}); }

// --- ChaCha -----------------------------------------------------------------------------------

ChaChaRng::ChaChaRng(const std::array<std::uint32_t, 8>& seed) {
  state_ = {0x61707865, 0x3320646E, 0x79622D32, 0x6B206574, seed[0], seed[1], seed[2], seed[3],
            seed[4],    seed[5],    seed[6],    seed[7],    0,       0,       0,       0};
}

ChaChaRng ChaChaRng::from_hash(std::span<const std::uint8_t> hash) {
  ZKC_ASSERT(hash.size() >= 32);
  std::array<std::uint32_t, 8> seed{};
  for (int i = 0; i < 8; ++i)
    seed[i] = (std::uint32_t{hash[4 * i]} << 24) | (std::uint32_t{hash[4 * i + 1]} << 16) |
              (std::uint32_t{hash[4 * i + 2]} << 8) | hash[4 * i + 3];
  ChaChaRng r(seed);
  secure_wipe(seed);
  return r;
}

ChaChaRng::~ChaChaRng() {
  secure_wipe(state_);
  secure_wipe(block_);
}

void ChaChaRng::refill() {
  // RFC 8439 sec. 2.3: 20 rounds (10 column + diagonal double rounds), then add the input state.
  std::array<std::uint32_t, 16> x = state_;
  auto qr = [&](int a, int b, int c, int d) {
    x[a] += x[b];
    x[d] = rotl32(x[d] ^ x[a], 16);
    x[c] += x[d];
    x[b] = rotl32(x[b] ^ x[c], 12);
    x[a] += x[b];
    x[d] = rotl32(x[d] ^ x[a], 8);
    x[c] += x[d];
    x[b] = rotl32(x[b] ^ x[c], 7);
  };
  for (int i = 0; i < 10; ++i) {
    qr(0, 4, 8, 12);
    qr(1, 5, 9, 13);
    qr(2, 6, 10, 14);
    qr(3, 7, 11, 15);
    qr(0, 5, 10, 15);
    qr(1, 6, 11, 12);
    qr(2, 7, 8, 13);
    qr(3, 4, 9, 14);
  }
  for (int i = 0; i < 16; ++i) block_[i] = x[i] + state_[i];
  secure_wipe(x);
  index_ = 0;
  // ffjavascript increments words 12..15 as one 128-bit little-endian counter.
  for (int i = 12; i < 16; ++i)
    if (++state_[i] != 0) break;
}

std::uint32_t ChaChaRng::next_u32() {
  if (index_ == 16) refill();
  return block_[index_++];
}

std::uint64_t ChaChaRng::next_u64() {
  const std::uint64_t hi = next_u32();
  return (hi << 32) | next_u32();
}

namespace {

template <class F>
F field_from_rng(ChaChaRng& rng) {
  const unsigned bits = F::kModulus.num_bits();
  for (;;) {
    U256 v;
    for (int i = 0; i < 4; ++i) v.limb[i] = rng.next_u64();
    for (unsigned b = bits; b < 256; ++b) v.limb[b / 64] &= ~(std::uint64_t{1} << (b % 64));
    if (v < F::kModulus) return F::from_raw(v);  // ffjavascript takes these bytes as Montgomery form
  }
}

// wasmcurves' isNegative: the canonical value is > (q - 1) / 2.
bool fq_negative(const Fq& a) {
  static const U256 half = (Fq::kModulus - U256::from_u64(1)).shr(1);
  return a.to_u256() > half;
}
bool fq2_negative(const Fq2& a) { return a.c1.is_zero() ? fq_negative(a.c0) : fq_negative(a.c1); }

// The twist's cofactor as ffjavascript's bn128 has it (cofactorG2).
constexpr U256 kG2Cofactor =
    U256::from_hex("0x30644e72e131a029b85045b68181585e06ceecda572a2489345f2299c0f9fa8d");

}  // namespace

Fq fq_from_rng(ChaChaRng& rng) { return field_from_rng<Fq>(rng); }
Fr fr_from_rng(ChaChaRng& rng) { return field_from_rng<Fr>(rng); }

G1Affine g1_from_rng_vartime(ChaChaRng& rng) {
  for (;;) {
    const Fq x = fq_from_rng(rng);
    const bool greatest = rng.next_bool();
    const Fq rhs = x.square() * x + ec::bn254::G1Config::b();
    const auto y = rhs.sqrt();
    if (!y) continue;
    const Fq yy = (greatest != fq_negative(*y)) ? -*y : *y;
    return G1Affine::from_xy_unchecked(x, yy);
  }
}

G2Affine g2_from_rng_vartime(ChaChaRng& rng) {
  for (;;) {
    const Fq c0 = fq_from_rng(rng);
    const Fq c1 = fq_from_rng(rng);
    const Fq2 x{c0, c1};
    const bool greatest = rng.next_bool();
    const Fq2 rhs = x.square() * x + ec::bn254::G2Config::b();
    const auto y = rhs.sqrt();
    if (!y) continue;
    const Fq2 yy = (greatest != fq2_negative(*y)) ? -*y : *y;
    return G2Affine::from_xy_unchecked(x, yy).to_jacobian().mul_vartime(kG2Cofactor).to_affine();
  }
}

G2Affine hash_to_g2_vartime(std::span<const std::uint8_t> hash) {
  ChaChaRng rng = ChaChaRng::from_hash(hash);
  return g2_from_rng_vartime(rng);
}

// --- encodings --------------------------------------------------------------------------------

std::array<std::uint8_t, 64> g1_uncompressed(const G1Affine& p) { return ec::bn254::g1_to_evm(p); }
std::array<std::uint8_t, 128> g2_uncompressed(const G2Affine& p) { return ec::bn254::g2_to_evm(p); }

std::array<std::uint8_t, 32> g1_compressed(const G1Affine& p) {
  std::array<std::uint8_t, 32> out{};
  if (p.is_infinity()) {
    out[0] = 0x40;
    return out;
  }
  p.x.to_bytes_be(std::span<std::uint8_t, 32>(out));
  if (fq_negative(p.y)) out[0] |= 0x80;
  return out;
}

std::array<std::uint8_t, 64> g2_compressed(const G2Affine& p) {
  std::array<std::uint8_t, 64> out{};
  if (p.is_infinity()) {
    out[0] = 0x40;
    return out;
  }
  p.x.c1.to_bytes_be(std::span<std::uint8_t, 32>(out.data(), 32));
  p.x.c0.to_bytes_be(std::span<std::uint8_t, 32>(out.data() + 32, 32));
  if (fq2_negative(p.y)) out[0] |= 0x80;
  return out;
}

bool same_ratio_vartime(const G1Affine& a1, const G1Affine& b1, const G2Affine& a2, const G2Affine& b2) {
  if (a1.is_infinity() || b1.is_infinity() || a2.is_infinity() || b2.is_infinity()) return false;
  const std::array<G1Affine, 2> g1 = {a1, -b1};
  const std::array<G2Affine, 2> g2 = {b2, a2};
  return pairing::pairing_check(g1, g2);
}

G2Affine ptau_g2_sp_vartime(std::uint8_t personalization, std::span<const std::uint8_t> challenge,
                            const G1Affine& g1_s, const G1Affine& g1_sx) {
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, 64);
  crypto_generichash_update(&st, &personalization, 1);
  crypto_generichash_update(&st, challenge.data(), challenge.size());
  const auto s = g1_uncompressed(g1_s), sx = g1_uncompressed(g1_sx);
  crypto_generichash_update(&st, s.data(), s.size());
  crypto_generichash_update(&st, sx.data(), sx.size());
  Hash64 h;
  crypto_generichash_final(&st, h.data(), h.size());
  return hash_to_g2_vartime(h);
}

Result<ChaChaRng> beacon_rng(std::span<const std::uint8_t> beacon_hash, unsigned num_iterations_exp) {
  if (num_iterations_exp > 63)
    return make_error(Errc::kInvalidArgument,
                      "beacon: numIterationsExp " + std::to_string(num_iterations_exp) + " is above 63");
  std::vector<std::uint8_t> cur(beacon_hash.begin(), beacon_hash.end());
  std::array<std::uint8_t, crypto_hash_sha256_BYTES> h{};
  const std::uint64_t n = std::uint64_t{1} << num_iterations_exp;
  for (std::uint64_t i = 0; i < n; ++i) {
    crypto_hash_sha256(h.data(), cur.data(), cur.size());
    cur.assign(h.begin(), h.end());
  }
  if (cur.size() < 32) cur.resize(32, 0);  // only with 0 iterations and a short beacon hash
  return ChaChaRng::from_hash(cur);
}

Fr secret_scalar(std::string_view entropy, std::uint32_t counter) {
  for (;;) {
    std::array<std::uint8_t, 64> seed;
    random_bytes(seed);
    crypto_generichash_state st;
    crypto_generichash_init(&st, nullptr, 0, 64);
    crypto_generichash_update(&st, seed.data(), seed.size());
    crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(entropy.data()), entropy.size());
    std::array<std::uint8_t, 4> c{};
    for (int i = 0; i < 4; ++i) c[i] = static_cast<std::uint8_t>(counter >> (8 * i));
    crypto_generichash_update(&st, c.data(), c.size());
    Hash64 h;
    crypto_generichash_final(&st, h.data(), h.size());
    U256 lo, hi;
    for (int i = 0; i < 32; ++i) {
      lo.limb[i / 8] |= std::uint64_t{h[i]} << (8 * (i % 8));
      hi.limb[i / 8] |= std::uint64_t{h[32 + i]} << (8 * (i % 8));
    }
    const Fr s = Fr::reduce_wide(lo, hi);
    secure_wipe(seed);
    secure_wipe(h);
    secure_wipe(lo);
    secure_wipe(hi);
    secure_wipe(&st, sizeof st);
    if (!s.is_zero()) return s;
  }
}

namespace {

// Absorbs `count` copies of `item` (snarkjs's hashBlock).
void hash_repeated(crypto_generichash_state& st, std::span<const std::uint8_t> item, std::size_t count) {
  constexpr std::size_t kCopies = 1024;
  std::vector<std::uint8_t> block;
  block.reserve(kCopies * item.size());
  for (std::size_t i = 0; i < std::min(count, kCopies); ++i)
    block.insert(block.end(), item.begin(), item.end());
  std::size_t left = count;
  while (left > 0) {
    const std::size_t n = std::min(left, kCopies);
    crypto_generichash_update(&st, block.data(), n * item.size());
    left -= n;
  }
}

}  // namespace

Hash64 first_challenge_hash(unsigned power) {
  const std::size_t n = std::size_t{1} << power;
  const auto g1 = g1_uncompressed(G1Affine::generator());
  const auto g2 = g2_uncompressed(G2Affine::generator());
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, 64);
  const Hash64 blank = blank_hash();
  crypto_generichash_update(&st, blank.data(), blank.size());
  hash_repeated(st, g1, 2 * n - 1);                      // tauG1
  hash_repeated(st, g2, n);                              // tauG2
  hash_repeated(st, g1, n);                              // alphaTauG1
  hash_repeated(st, g1, n);                              // betaTauG1
  crypto_generichash_update(&st, g2.data(), g2.size());  // betaG2
  Hash64 out;
  crypto_generichash_final(&st, out.data(), out.size());
  return out;
}

std::string contribution_name(const std::string& name) {
  // snarkjs keeps name.substring(0, 64); here: at most 64 code points of UTF-8.
  std::size_t cps = 0, i = 0;
  while (i < name.size() && cps < 64) {
    ++i;
    while (i < name.size() && (static_cast<unsigned char>(name[i]) & 0xC0) == 0x80) ++i;
    ++cps;
  }
  return name.substr(0, std::min<std::size_t>(i, 255));
}

}  // namespace mpc

// =================================================================================================
// Batch-affine arithmetic, lockstep scalar multiplication and the group FFT
// =================================================================================================
namespace {

// Montgomery's trick over den[0..n): den[t] <- 1/den[t] (all nonzero), 3 multiplications each and
// one inversion. Four interleaved product chains keep the multiplier busy (each chain alone would
// wait on the latency of the previous multiplication).
template <class F>
void batch_invert(std::vector<F>& den, std::vector<F>& scratch, std::size_t n) {
  if (n == 0) return;
  scratch.resize(n);
  std::array<F, 4> acc = {F::one(), F::one(), F::one(), F::one()};
  std::size_t t = 0;
  for (; t + 4 <= n; t += 4)
    for (std::size_t c = 0; c < 4; ++c) {
      scratch[t + c] = acc[c];
      acc[c] = acc[c] * den[t + c];
    }
  for (std::size_t c = 0; t + c < n; ++c) {
    scratch[t + c] = acc[c];
    acc[c] = acc[c] * den[t + c];
  }
  // One inversion for the four chain products.
  const F p01 = acc[0] * acc[1], p23 = acc[2] * acc[3];
  const F ip = (p01 * p23).inverse_vartime();
  std::array<F, 4> inv = {ip * p23 * acc[1], ip * p23 * acc[0], ip * p01 * acc[3], ip * p01 * acc[2]};
  std::size_t tail = n % 4;
  for (std::size_t c = tail; c-- > 0;) {
    const std::size_t i = n - tail + c;
    const F d = den[i];
    den[i] = inv[c] * scratch[i];
    inv[c] = inv[c] * d;
  }
  for (std::size_t b = n - tail; b >= 4; b -= 4)
    for (std::size_t c = 4; c-- > 0;) {
      const std::size_t i = b - 4 + c;
      const F d = den[i];
      den[i] = inv[c] * scratch[i];
      inv[c] = inv[c] * d;
    }
}

// Reusable buffers of one thread's batch operations.
template <class Cfg>
struct Scratch {
  using F = typename Cfg::Field;
  std::vector<F> den, pre;
  std::vector<std::uint32_t> slot;
};

// acc[idx[k]] += add[k] for k < n, in affine coordinates with one inversion. Infinity and
// equal-x cases are handled one by one (they do not occur for random points).
template <class Cfg>
void batch_add_into(ec::Affine<Cfg>* acc, const std::uint32_t* idx, const ec::Affine<Cfg>* add, std::size_t n,
                    Scratch<Cfg>& s) {
  using A = ec::Affine<Cfg>;
  using F = typename Cfg::Field;
  s.den.resize(n);
  s.slot.resize(n);
  std::size_t m = 0;
  for (std::size_t k = 0; k < n; ++k) {
    A& p = acc[idx[k]];
    const A& q = add[k];
    if (q.is_infinity()) continue;
    if (p.is_infinity()) {
      p = q;
      continue;
    }
    const F d = q.x - p.x;
    if (d.is_zero()) {
      p = p.to_jacobian().add_vartime(q.to_jacobian()).to_affine();  // doubling or cancellation
      continue;
    }
    s.den[m] = d;
    s.slot[m++] = static_cast<std::uint32_t>(k);
  }
  batch_invert(s.den, s.pre, m);
  for (std::size_t t = 0; t < m; ++t) {
    const std::size_t k = s.slot[t];
    A& p = acc[idx[k]];
    const A& q = add[k];
    const F lambda = (q.y - p.y) * s.den[t];   // (y2 - y1) / (x2 - x1)
    const F x3 = lambda.square() - p.x - q.x;  // x3 = lambda^2 - x1 - x2
    p.y = lambda * (p.x - x3) - p.y;           // y3 = lambda (x1 - x3) - y1
    p.x = x3;
  }
}

// acc[k] doubled for k < n (points of odd order: y != 0 unless infinity).
template <class Cfg>
void batch_double(ec::Affine<Cfg>* acc, std::size_t n, Scratch<Cfg>& s) {
  using A = ec::Affine<Cfg>;
  using F = typename Cfg::Field;
  s.den.resize(n);
  s.slot.resize(n);
  std::size_t m = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const A& p = acc[k];
    if (p.is_infinity()) continue;
    s.den[m] = p.y.dbl();
    s.slot[m++] = static_cast<std::uint32_t>(k);
  }
  batch_invert(s.den, s.pre, m);
  // Two points per iteration, interleaved, so that their dependent chains overlap.
  std::size_t t = 0;
  for (; t + 2 <= m; t += 2) {
    A& p = acc[s.slot[t]];
    A& q = acc[s.slot[t + 1]];
    const F xp = p.x.square(), xq = q.x.square();
    const F lp = (xp.dbl() + xp) * s.den[t], lq = (xq.dbl() + xq) * s.den[t + 1];  // 3 x^2 / (2 y)
    const F x3p = lp.square() - p.x.dbl(), x3q = lq.square() - q.x.dbl();          // lambda^2 - 2 x
    p.y = lp * (p.x - x3p) - p.y;                                                  // lambda (x - x3) - y
    q.y = lq * (q.x - x3q) - q.y;
    p.x = x3p;
    q.x = x3q;
  }
  for (; t < m; ++t) {
    A& p = acc[s.slot[t]];
    const F xx = p.x.square();
    const F lambda = (xx.dbl() + xx) * s.den[t];
    const F x3 = lambda.square() - p.x.dbl();
    p.y = lambda * (p.x - x3) - p.y;
    p.x = x3;
  }
}

// (a, b) <- (a + b, a - b) for pairs at a[k], b[k], sharing the inversion of x_b - x_a.
template <class Cfg>
void batch_butterfly(ec::Affine<Cfg>* a, ec::Affine<Cfg>* b, std::size_t n, std::size_t stride_a,
                     std::size_t stride_b, Scratch<Cfg>& s) {
  using A = ec::Affine<Cfg>;
  using F = typename Cfg::Field;
  s.den.resize(n);
  s.slot.resize(n);
  std::size_t m = 0;
  for (std::size_t k = 0; k < n; ++k) {
    A& p = a[k * stride_a];
    A& q = b[k * stride_b];
    if (p.is_infinity() || q.is_infinity() || p.x == q.x) {
      const auto pj = p.to_jacobian(), qj = q.to_jacobian();
      const A sum = pj.add_vartime(qj).to_affine();
      q = pj.add_vartime(-qj).to_affine();
      p = sum;
      continue;
    }
    s.den[m] = q.x - p.x;
    s.slot[m++] = static_cast<std::uint32_t>(k);
  }
  batch_invert(s.den, s.pre, m);
  for (std::size_t t = 0; t < m; ++t) {
    const std::size_t k = s.slot[t];
    A& p = a[k * stride_a];
    A& q = b[k * stride_b];
    const F& inv = s.den[t];
    const F l1 = (q.y - p.y) * inv;   // P + Q
    const F l2 = -(q.y + p.y) * inv;  // P - Q = P + (x2, -y2)
    const F x_sum = l1.square() - p.x - q.x;
    const F x_dif = l2.square() - p.x - q.x;
    const F y_sum = l1 * (p.x - x_sum) - p.y;
    const F y_dif = l2 * (p.x - x_dif) - p.y;
    p = A::from_xy_unchecked(x_sum, y_sum);
    q = A::from_xy_unchecked(x_dif, y_dif);
  }
}

// Lockstep scalar multiplication: width-5 wNAF digits of every sub-scalar, tables of the odd
// multiples P, 3P, ..., 15P (and their images under the powers of the endomorphism), one doubling pass per
// bit for all points and one addition pass per sub-scalar, each pass with one shared inversion.
constexpr std::size_t kLockstepBatch = 1024;

// G1: GLV with phi(x, y) = (beta x, y) = [lambda](x, y) (ec/bn254_msm.hpp's split).
struct G1Endo {
  static constexpr unsigned kWindow = 5;  // wNAF width: odd digits in (-16, 16), table P, 3P, ..., 15P
  static constexpr std::size_t kDims = 2;
  static constexpr std::size_t kDigits = 131;
  static void split(const Fr& k, std::array<U256, 2>& parts, std::array<bool, 2>& neg) {
    const auto s = ec::bn254::glv_split(k.to_u256());
    parts = {s.k1, s.k2};
    neg = {s.neg1, s.neg2};
  }
  static G1Affine apply(const G1Affine& p) {
    if (p.is_infinity()) return p;
    return G1Affine::from_xy_unchecked(p.x * ec::bn254::glv_beta(), p.y);
  }
};

// G2: the four-dimensional GLS split with psi = [mu] on G2, mu = 6x^2 = p mod r (ec/bn254.hpp),
// k = k0 + k1 mu + k2 mu^2 + k3 mu^3 with |k_i| < 2^66: Babai rounding against the lattice vectors
// of Galbraith and Scott, "Exponentiation in pairing-friendly groups using homomorphisms"
// (Pairing 2008), sec. 5 (BN curves), rows b_j below (each sum_i b_ji mu^i = 0 mod r; their
// determinant is -3r: a sublattice, which only loosens the bound), c_j = trunc(k g_j / 2^256) with
// g_j = floor(2^256 adj(B)_0j / det B). The split is checked by the tests (batch multiplication
// against wNAF multiplication on random and edge scalars).
struct G2Gls {
  static constexpr unsigned kWindow = 4;  // odd digits in (-8, 8): four tables of P, 3P, 5P, 7P
  static constexpr std::size_t kDims = 4;
  static constexpr std::size_t kDigits = 70;
  struct Signed {
    U256 mag;
    bool neg;
  };
  // x = 0x44e992b44a6909f1 (the BN parameter).
  static constexpr Signed kB[4][4] = {
      {{U256::from_hex("0x44e992b44a6909f2"), false},
       {U256::from_hex("0x44e992b44a6909f1"), false},
       {U256::from_hex("0x44e992b44a6909f1"), false},
       {U256::from_hex("0x89d3256894d213e2"), true}},  // (x+1, x, x, -2x)
      {{U256::from_hex("0x89d3256894d213e3"), false},
       {U256::from_hex("0x44e992b44a6909f1"), true},
       {U256::from_hex("0x44e992b44a6909f2"), true},
       {U256::from_hex("0x44e992b44a6909f1"), true}},  // (2x+1, -x, -(x+1), -x)
      {{U256::from_hex("0x89d3256894d213e2"), false},
       {U256::from_hex("0x89d3256894d213e3"), false},
       {U256::from_hex("0x89d3256894d213e3"), false},
       {U256::from_hex("0x89d3256894d213e3"), false}},  // (2x, 2x+1, 2x+1, 2x+1)
      {{U256::from_hex("0x44e992b44a6909f0"), false},
       {U256::from_hex("0x113a64ad129a427c6"), false},
       {U256::from_hex("0x89d3256894d213e1"), true},
       {U256::from_hex("0x44e992b44a6909f0"), false}}};  // (x-1, 4x+2, -2x+1, x-1)
  static constexpr Signed kG[4] = {
      {U256::from_hex("0xc444fab18d269b9dd0cb46fd51906254"), false},
      {U256::from_hex("0x13d00631561b2572922df9f942d7d77c7001378f5ee78976d"), false},
      {U256::from_hex("0x9e80318ab0d92b94916fcfca16bebbe436510546a93478ab"), false},
      {U256::from_hex("0xc444fab18d269b9af7ae23ce89afae7d"), true}};
  static void split(const Fr& k, std::array<U256, 4>& parts, std::array<bool, 4>& neg) {
    const U256 kk = k.to_u256();
    std::array<U256, 4> acc = {kk, U256{}, U256{}, U256{}};  // two's complement mod 2^256
    for (std::size_t j = 0; j < 4; ++j) {
      U256 lo, hi;
      U256::mul_wide(lo, hi, kk, kG[j].mag);
      const U256 c = hi;  // |c_j|, c_j = -|c_j| when g_j < 0 (truncation toward zero)
      for (std::size_t i = 0; i < 4; ++i) {
        U256::mul_wide(lo, hi, c, kB[j][i].mag);
        // acc_i -= c_j b_ji
        if (kG[j].neg != kB[j][i].neg)
          acc[i] = acc[i] + lo;
        else
          acc[i] = acc[i] - lo;
      }
    }
    for (std::size_t i = 0; i < 4; ++i) {
      neg[i] = acc[i].bit(255);
      parts[i] = neg[i] ? U256{} - acc[i] : acc[i];
      ZKC_ASSERT(parts[i].num_bits() <= 68);
    }
  }
  static G2Affine apply(const G2Affine& p) {
    if (p.is_infinity()) return p;
    const G2Jacobian q = ec::bn254::psi(p.to_jacobian());  // Z stays 1: conj(1) = 1
    return G2Affine::from_xy_unchecked(q.x, q.y);
  }
};

// A scalar recoded for lockstep_mul: per sub-scalar its sign and wNAF digits.
template <class Endo>
struct Recoded {
  std::array<std::array<std::int8_t, Endo::kDigits>, Endo::kDims> digits;
  std::array<bool, Endo::kDims> neg;
  std::size_t top = 0;  // digits at or above `top` are zero
};

template <class Endo>
Recoded<Endo> recode(const Fr& k) {
  Recoded<Endo> r;
  std::array<U256, Endo::kDims> parts;
  Endo::split(k, parts, r.neg);
  for (std::size_t d = 0; d < Endo::kDims; ++d) {
    r.digits[d] = ff::wnaf<Endo::kDigits>(parts[d], Endo::kWindow);
    for (std::size_t b = Endo::kDigits; b-- > r.top;)
      if (r.digits[d][b] != 0) {
        r.top = b + 1;
        break;
      }
  }
  return r;
}

// pts[i] <- [k_i] pts[i] for i < n (n <= kLockstepBatch), k_i given recoded.
template <class Cfg, class Endo>
void lockstep_mul(ec::Affine<Cfg>* pts, const Recoded<Endo>* const* rec, std::size_t n, Scratch<Cfg>& s) {
  using A = ec::Affine<Cfg>;
  constexpr std::size_t D = Endo::kDims;
  constexpr std::size_t kTableSize = std::size_t{1} << (Endo::kWindow - 2);
  std::size_t top = 0;
  for (std::size_t i = 0; i < n; ++i) top = std::max(top, rec[i]->top);
  // table[(d * n + i) * 8 + m] = endo^d((2m + 1) P_i).
  std::vector<A> table(D * n * kTableSize), twice(pts, pts + n);
  for (std::size_t i = 0; i < n; ++i) table[i * kTableSize] = pts[i];
  batch_double(twice.data(), n, s);
  {
    std::vector<std::uint32_t> idx(n);
    for (std::size_t m = 1; m < kTableSize; ++m) {
      for (std::size_t i = 0; i < n; ++i) {
        idx[i] = static_cast<std::uint32_t>(i * kTableSize + m);
        table[i * kTableSize + m] = table[i * kTableSize + m - 1];
      }
      batch_add_into(table.data(), idx.data(), twice.data(), n, s);
    }
  }
  for (std::size_t d = 1; d < D; ++d)
    for (std::size_t t = 0; t < n * kTableSize; ++t)
      table[d * n * kTableSize + t] = Endo::apply(table[(d - 1) * n * kTableSize + t]);
  // Batch-affine accumulators: measured faster here than Jacobian ones (doubling 2M + 5S, mixed
  // addition 7M + 4S, no inversions): 35 vs 41 us per G1 point and 92 vs 99 us per G2 point.
  std::vector<A> acc(n);  // all infinity
  std::vector<std::uint32_t> idx;
  std::vector<A> add;
  idx.reserve(n);
  add.reserve(n);
  bool started = false;
  for (std::size_t b = top; b-- > 0;) {
    if (started) batch_double(acc.data(), n, s);
    for (std::size_t d = 0; d < D; ++d) {
      idx.clear();
      add.clear();
      for (std::size_t i = 0; i < n; ++i) {
        const int digit = rec[i]->digits[d][b];
        if (digit == 0) continue;
        const A& e =
            table[(d * n + i) * kTableSize + static_cast<std::size_t>(digit < 0 ? -digit : digit) / 2];
        idx.push_back(static_cast<std::uint32_t>(i));
        add.push_back((digit < 0) != rec[i]->neg[d] ? -e : e);
      }
      if (!idx.empty()) {
        batch_add_into(acc.data(), idx.data(), add.data(), idx.size(), s);
        started = true;
      }
    }
  }
  std::copy(acc.begin(), acc.end(), pts);
}

template <class Cfg, class Endo>
void batch_mul_impl(std::span<ec::Affine<Cfg>> points, std::span<const Fr> scalars) {
  ZKC_ASSERT(points.size() == scalars.size());
  parallel_for(points.size(), 64, [&](std::size_t lo, std::size_t hi) {
    Scratch<Cfg> s;
    std::vector<Recoded<Endo>> rec;
    std::vector<const Recoded<Endo>*> ptr;
    for (std::size_t at = lo; at < hi; at += kLockstepBatch) {
      const std::size_t n = std::min(kLockstepBatch, hi - at);
      rec.resize(n);
      ptr.resize(n);
      for (std::size_t i = 0; i < n; ++i) rec[i] = recode<Endo>(scalars[at + i]), ptr[i] = &rec[i];
      lockstep_mul<Cfg, Endo>(points.data() + at, ptr.data(), n, s);
    }
  });
}

// The same scalar for every point.
template <class Cfg, class Endo>
void batch_mul_same(std::span<ec::Affine<Cfg>> points, const Fr& k) {
  const Recoded<Endo> rec = recode<Endo>(k);
  parallel_for(points.size(), 64, [&](std::size_t lo, std::size_t hi) {
    Scratch<Cfg> s;
    const std::vector<const Recoded<Endo>*> ptr(kLockstepBatch, &rec);
    for (std::size_t at = lo; at < hi; at += kLockstepBatch)
      lockstep_mul<Cfg, Endo>(points.data() + at, ptr.data(), std::min(kLockstepBatch, hi - at), s);
  });
}

std::size_t bit_reverse(std::size_t i, unsigned bits) {
  std::size_t r = 0;
  for (unsigned b = 0; b < bits; ++b) r |= ((i >> b) & 1) << (bits - 1 - b);
  return r;
}

// sum_j x_j omega^(-ij) for i < n (n = 2^log2n), unnormalized, in place: radix-2 decimation in
// frequency (Gentleman-Sande) in natural order, then a bit-reversal permutation. Each stage runs
// its butterflies in affine batches and its twiddle multiplications through lockstep_mul.
template <class Cfg, class Endo>
void group_dft_inverse(std::vector<ec::Affine<Cfg>>& x, unsigned log2n, const ProgressFn& progress,
                       std::atomic<std::size_t>& done, std::size_t total) {
  const std::size_t n = x.size();
  ZKC_ASSERT(n == (std::size_t{1} << log2n));
  if (n == 1) return;
  const Fr omega_inv = poly::root_of_unity<Fr>(log2n).value().inverse();
  // The twiddles omega^-j, j < n/2, recoded once for all stages.
  std::vector<Recoded<Endo>> tw(n / 2);
  parallel_for(n / 2, 256, [&](std::size_t lo, std::size_t hi) {
    Fr w = omega_inv.pow(U256::from_u64(lo));
    for (std::size_t j = lo; j < hi; ++j, w *= omega_inv) tw[j] = recode<Endo>(w);
  });
  for (std::size_t half = n / 2; half >= 1; half /= 2) {
    const std::size_t stride = n / (2 * half);  // twiddle of butterfly j: omega^(-j stride)
    // Butterflies q in [0, n/2): block q / half, position j = q % half.
    parallel_for(n / 2, 256, [&](std::size_t lo, std::size_t hi) {
      Scratch<Cfg> s;
      std::vector<ec::Affine<Cfg>> v;
      std::vector<const Recoded<Endo>*> k;
      std::vector<std::size_t> where;
      for (std::size_t at = lo; at < hi; at += kLockstepBatch) {
        const std::size_t end = std::min(hi, at + kLockstepBatch);
        // Runs of consecutive j inside one block are contiguous in memory.
        for (std::size_t q = at; q < end;) {
          const std::size_t block = q / half, j = q % half;
          const std::size_t len = std::min(end - q, half - j);
          ec::Affine<Cfg>* a = &x[block * 2 * half + j];
          batch_butterfly(a, a + half, len, 1, 1, s);
          q += len;
        }
        v.clear();
        k.clear();
        where.clear();
        for (std::size_t q = at; q < end; ++q) {
          const std::size_t block = q / half, j = q % half;
          if (j == 0) continue;
          const std::size_t pos = block * 2 * half + j + half;
          where.push_back(pos);
          v.push_back(x[pos]);
          k.push_back(&tw[j * stride]);
        }
        lockstep_mul<Cfg, Endo>(v.data(), k.data(), v.size(), s);
        for (std::size_t t = 0; t < where.size(); ++t) x[where[t]] = v[t];
        const std::size_t d = done.fetch_add(end - at) + (end - at);
        if (progress) progress(d, total);
      }
    });
    if (half == 1) break;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t r = bit_reverse(i, log2n);
    if (i < r) std::swap(x[i], x[r]);
  }
}

std::size_t prepared_butterflies(unsigned max_log2) {
  std::size_t t = 0;
  for (unsigned k = 1; k <= max_log2; ++k) t += (std::size_t{k} << k) / 2;
  return t;
}

template <class Cfg, class Endo>
std::vector<ec::Affine<Cfg>> prepared_lagrange_impl(std::span<const ec::Affine<Cfg>> powers,
                                                    unsigned max_log2, const ProgressFn& progress) {
  using A = ec::Affine<Cfg>;
  const std::size_t n = std::size_t{1} << max_log2;
  ZKC_ASSERT(max_log2 <= Fr::kTwoAdicity && (powers.size() == n || powers.size() + 1 == n));
  // z = powers / n (the missing last point is infinity); size 2^k uses 2^(max_log2 - k) z.
  std::vector<A> z(n);
  std::copy(powers.begin(), powers.end(), z.begin());
  batch_mul_same<Cfg, Endo>(z, Fr::from_u64(n).inverse());
  std::vector<A> out(2 * n - 1);
  std::atomic<std::size_t> done{0};
  const std::size_t total = prepared_butterflies(max_log2);
  for (unsigned k = max_log2 + 1; k-- > 0;) {
    const std::size_t size = std::size_t{1} << k;
    std::vector<A> work(z.begin(), z.begin() + static_cast<std::ptrdiff_t>(size));
    group_dft_inverse<Cfg, Endo>(work, k, progress, done, total);
    std::copy(work.begin(), work.end(), out.begin() + static_cast<std::ptrdiff_t>(size - 1));
    if (k > 0) {
      parallel_for(size / 2, 256, [&](std::size_t lo, std::size_t hi) {
        Scratch<Cfg> s;
        batch_double(z.data() + lo, hi - lo, s);
      });
    }
  }
  if (progress) progress(total, total);
  return out;
}

// The single basis of size powers.size().
template <class Cfg, class Endo>
std::vector<ec::Affine<Cfg>> lagrange_impl(std::span<const ec::Affine<Cfg>> powers) {
  const unsigned log2n = static_cast<unsigned>(std::countr_zero(powers.size()));
  ZKC_ASSERT(powers.size() == (std::size_t{1} << log2n) && log2n <= Fr::kTwoAdicity);
  std::vector<ec::Affine<Cfg>> x(powers.begin(), powers.end());
  batch_mul_same<Cfg, Endo>(x, Fr::from_u64(powers.size()).inverse());
  std::atomic<std::size_t> done{0};
  group_dft_inverse<Cfg, Endo>(x, log2n, {}, done, 0);
  return x;
}

}  // namespace

void batch_mul_vartime(std::span<G1Affine> points, std::span<const Fr> scalars) {
  batch_mul_impl<ec::bn254::G1Config, G1Endo>(points, scalars);
}
void batch_mul_vartime(std::span<G2Affine> points, std::span<const Fr> scalars) {
  batch_mul_impl<ec::bn254::G2Config, G2Gls>(points, scalars);
}

std::vector<G1Affine> lagrange_from_powers_vartime(std::span<const G1Affine> powers) {
  return lagrange_impl<ec::bn254::G1Config, G1Endo>(powers);
}
std::vector<G2Affine> lagrange_from_powers_vartime(std::span<const G2Affine> powers) {
  return lagrange_impl<ec::bn254::G2Config, G2Gls>(powers);
}

std::vector<G1Affine> prepared_lagrange_vartime(std::span<const G1Affine> powers, unsigned max_log2,
                                                const ProgressFn& progress) {
  return prepared_lagrange_impl<ec::bn254::G1Config, G1Endo>(powers, max_log2, progress);
}
std::vector<G2Affine> prepared_lagrange_vartime(std::span<const G2Affine> powers, unsigned max_log2,
                                                const ProgressFn& progress) {
  return prepared_lagrange_impl<ec::bn254::G2Config, G2Gls>(powers, max_log2, progress);
}

// =================================================================================================
// Ceremony operations
// =================================================================================================
namespace {

constexpr std::size_t kChunk = std::size_t{1} << 16;  // points processed per step when streaming

// The points one after another in snarkjs's uncompressed or compressed encoding (ptau.hpp's mpc::),
// encoded in parallel.
template <class P, bool kCompressed>
std::vector<std::uint8_t> encode_points(std::span<const P> pts) {
  constexpr bool kG1 = std::is_same_v<P, G1Affine>;
  constexpr std::size_t kSize = (kG1 ? 64 : 128) / (kCompressed ? 2 : 1);
  std::vector<std::uint8_t> out(pts.size() * kSize);
  parallel_for(pts.size(), 2048, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t i = lo; i < hi; ++i) {
      const auto e = [&] {
        if constexpr (kG1 && kCompressed) return mpc::g1_compressed(pts[i]);
        else if constexpr (kG1) return mpc::g1_uncompressed(pts[i]);
        else if constexpr (kCompressed) return mpc::g2_compressed(pts[i]);
        else return mpc::g2_uncompressed(pts[i]);
      }();
      static_assert(sizeof(e) == kSize);
      std::memcpy(&out[i * kSize], e.data(), kSize);
    }
  });
  return out;
}
template <class P>
std::vector<std::uint8_t> encode_uncompressed(std::span<const P> pts) {
  return encode_points<P, false>(pts);
}
template <class P>
std::vector<std::uint8_t> encode_compressed(std::span<const P> pts) {
  return encode_points<P, true>(pts);
}

std::array<std::uint8_t, 6 * 64 + 3 * 128> public_key_uncompressed(const formats::PtauPublicKey& k) {
  std::array<std::uint8_t, 6 * 64 + 3 * 128> out{};
  std::size_t at = 0;
  auto put = [&](std::span<const std::uint8_t> b) {
    std::memcpy(out.data() + at, b.data(), b.size());
    at += b.size();
  };
  put(mpc::g1_uncompressed(k.tau.g1_s));
  put(mpc::g1_uncompressed(k.tau.g1_sx));
  put(mpc::g1_uncompressed(k.alpha.g1_s));
  put(mpc::g1_uncompressed(k.alpha.g1_sx));
  put(mpc::g1_uncompressed(k.beta.g1_s));
  put(mpc::g1_uncompressed(k.beta.g1_sx));
  put(mpc::g2_uncompressed(k.tau.g2_spx));
  put(mpc::g2_uncompressed(k.alpha.g2_spx));
  put(mpc::g2_uncompressed(k.beta.g2_spx));
  return out;
}

// The three secrets of a contribution; wiped on destruction.
struct Secrets {
  Fr tau, alpha, beta;
  Secrets() = default;
  Secrets(const Secrets&) = delete;
  Secrets& operator=(const Secrets&) = delete;
  ~Secrets() {
    secure_wipe(tau);
    secure_wipe(alpha);
    secure_wipe(beta);
  }
};

// snarkjs's calculatePubKey for one secret, given its g1_s.
formats::PtauKeyPart key_part(const Fr& secret, const G1Affine& g1_s, std::uint8_t personalization,
                              const mpc::Hash64& challenge) {
  formats::PtauKeyPart k;
  k.g1_s = g1_s;
  k.g1_sx = g1_s.mul(secret).to_affine();
  const G2Affine g2_sp = mpc::ptau_g2_sp_vartime(personalization, challenge, k.g1_s, k.g1_sx);
  k.g2_spx = g2_sp.mul(secret).to_affine();
  return k;
}

// snarkjs's createPTauKey with a beacon's generator: three Fr.fromRng, then for tau, alpha, beta
// in turn G1.fromRng for g1_s.
formats::PtauPublicKey beacon_key(mpc::ChaChaRng& rng, const mpc::Hash64& challenge, Secrets& s) {
  s.tau = mpc::fr_from_rng(rng);
  s.alpha = mpc::fr_from_rng(rng);
  s.beta = mpc::fr_from_rng(rng);
  formats::PtauPublicKey k;
  k.tau = key_part(s.tau, mpc::g1_from_rng_vartime(rng), 0, challenge);
  k.alpha = key_part(s.alpha, mpc::g1_from_rng_vartime(rng), 1, challenge);
  k.beta = key_part(s.beta, mpc::g1_from_rng_vartime(rng), 2, challenge);
  return k;
}

formats::PtauPublicKey random_key(const std::string& entropy, const mpc::Hash64& challenge, Secrets& s) {
  s.tau = mpc::secret_scalar(entropy, 0);
  s.alpha = mpc::secret_scalar(entropy, 1);
  s.beta = mpc::secret_scalar(entropy, 2);
  formats::PtauPublicKey k;
  const Fr* secrets[3] = {&s.tau, &s.alpha, &s.beta};
  formats::PtauKeyPart* parts[3] = {&k.tau, &k.alpha, &k.beta};
  for (std::uint8_t i = 0; i < 3; ++i) {
    Fr r = mpc::secret_scalar(entropy, 3u + i);  // g1_s = [r]_1, a random point
    const G1Affine g1_s = G1Affine::generator().mul(r).to_affine();
    secure_wipe(r);
    *parts[i] = key_part(*secrets[i], g1_s, i, challenge);
  }
  return k;
}

// out[i] = [first * inc^i] in[i], constant time in the scalars (secret), parallel.
template <class P>
std::vector<P> apply_key(std::span<const P> in, const Fr& first, const Fr& inc, const ProgressFn& progress,
                         std::atomic<std::size_t>& done, std::size_t total) {
  using J = ec::Jacobian<typename P::Config>;
  std::vector<P> out(in.size());
  parallel_for(in.size(), 256, [&](std::size_t lo, std::size_t hi) {
    std::vector<J> tmp;
    for (std::size_t at = lo; at < hi; at += 1024) {
      const std::size_t end = std::min(hi, at + 1024);
      Fr t = first * inc.pow(U256::from_u64(at));
      tmp.resize(end - at);
      for (std::size_t i = at; i < end; ++i) {
        tmp[i - at] = in[i].mul(t);
        t = t * inc;
      }
      secure_wipe(t);
      J::batch_to_affine_vartime(tmp, std::span<P>(out.data() + at, end - at));
      const std::size_t d = done.fetch_add(end - at) + (end - at);
      if (progress) progress(d, total);
    }
  });
  return out;
}

Result<PtauContributeResult> contribute_impl(
    const std::string& in_path, const std::string& out_path, const std::string& name,
    const ProgressFn& progress,
    const std::function<formats::PtauPublicKey(const mpc::Hash64&, Secrets&)>& make_key,
    PtauContribution contribution) {
  ZKC_TRY(PtauFile in, PtauFile::open(in_path));
  if (in.power() != in.ceremony_power())
    return make_error(Errc::kInvalidArgument,
                      in_path + ": power " + std::to_string(in.power()) + " < ceremonyPower " +
                          std::to_string(in.ceremony_power()) +
                          ": the file was truncated; contribute to the full ceremony file");
  ZKC_TRY(std::vector<PtauContribution> contributions, in.contributions());
  const unsigned power = in.power();
  const std::size_t n = std::size_t{1} << power;
  const mpc::Hash64 challenge =
      contributions.empty() ? mpc::first_challenge_hash(power) : contributions.back().next_challenge;

  // Read (and check) the input first: a point outside G2's subgroup would leak tau modulo a factor
  // of the cofactor once multiplied.
  ZKC_TRY(auto tau_g1, in.tau_g1(0, 2 * n - 1));
  ZKC_TRY(auto tau_g2, in.tau_g2(0, n));
  ZKC_TRY(auto alpha_g1, in.alpha_tau_g1(0, n));
  ZKC_TRY(auto beta_g1, in.beta_tau_g1(0, n));
  ZKC_TRY(G2Affine beta_g2, in.beta_g2());

  Secrets s;
  contribution.key = make_key(challenge, s);
  std::atomic<std::size_t> done{0};
  const std::size_t total = 5 * n;
  const Fr one = Fr::one();
  tau_g1 = apply_key<G1Affine>(tau_g1, one, s.tau, progress, done, total);
  tau_g2 = apply_key<G2Affine>(tau_g2, one, s.tau, progress, done, total);
  alpha_g1 = apply_key<G1Affine>(alpha_g1, s.alpha, s.tau, progress, done, total);
  beta_g1 = apply_key<G1Affine>(beta_g1, s.beta, s.tau, progress, done, total);
  const std::vector<G2Affine> beta_g2_v =
      apply_key<G2Affine>(std::span<const G2Affine>(&beta_g2, 1), s.beta, s.tau, progress, done, total);

  // Response hash: the challenge, the new points compressed, then the public key uncompressed.
  mpc::Blake2b response;
  response.update(challenge);
  response.update(encode_compressed<G1Affine>(tau_g1));
  response.update(encode_compressed<G2Affine>(tau_g2));
  response.update(encode_compressed<G1Affine>(alpha_g1));
  response.update(encode_compressed<G1Affine>(beta_g1));
  response.update(encode_compressed<G2Affine>(beta_g2_v));
  contribution.partial_hash = response.export_partial();
  response.update(public_key_uncompressed(contribution.key));
  PtauContributeResult result;
  result.response_hash = response.digest();
  result.dropped_lagrange = in.container().has_section(formats::kPtauLagrangeTauG1);

  const auto e_tau_g1 = formats::encode_g1_points(tau_g1);
  const auto e_tau_g2 = formats::encode_g2_points(tau_g2);
  const auto e_alpha = formats::encode_g1_points(alpha_g1);
  const auto e_beta = formats::encode_g1_points(beta_g1);
  const auto e_beta_g2 = formats::encode_g2_points(beta_g2_v);

  // Next challenge: the response hash, then the new points uncompressed.
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, 64);
  crypto_generichash_update(&st, result.response_hash.data(), 64);
  auto absorb = [&](const std::vector<std::uint8_t>& b) {
    crypto_generichash_update(&st, b.data(), b.size());
  };
  absorb(encode_uncompressed<G1Affine>(tau_g1));
  absorb(encode_uncompressed<G2Affine>(tau_g2));
  absorb(encode_uncompressed<G1Affine>(alpha_g1));
  absorb(encode_uncompressed<G1Affine>(beta_g1));
  absorb(encode_uncompressed<G2Affine>(beta_g2_v));
  crypto_generichash_final(&st, result.next_challenge.data(), 64);

  contribution.tau_g1 = tau_g1[1];
  contribution.tau_g2 = tau_g2[1];
  contribution.alpha_g1 = alpha_g1[0];
  contribution.beta_g1 = beta_g1[0];
  contribution.beta_g2 = beta_g2_v[0];
  contribution.next_challenge = result.next_challenge;
  contribution.name = mpc::contribution_name(name);
  contributions.push_back(std::move(contribution));
  ZKC_TRY(auto e_contributions, formats::encode_ptau_contributions(contributions));
  const auto header = formats::encode_ptau_header(power, power);
  const formats::PtauSectionData sections[] = {{formats::kPtauHeader, header},
                                               {formats::kPtauTauG1, e_tau_g1},
                                               {formats::kPtauTauG2, e_tau_g2},
                                               {formats::kPtauAlphaTauG1, e_alpha},
                                               {formats::kPtauBetaTauG1, e_beta},
                                               {formats::kPtauBetaG2, e_beta_g2},
                                               {formats::kPtauContributions, e_contributions}};
  if (Status st2 = formats::write_ptau_file(out_path, sections); !st2) return st2.error();
  return result;
}

}  // namespace

Status ptau_new(unsigned power, const std::string& out_path, const ProgressFn& progress) {
  if (power < 1 || power > formats::kPtauMaxPower)
    return make_error(Errc::kInvalidArgument, "ptau new: power " + std::to_string(power) +
                                                  " is outside [1, " +
                                                  std::to_string(formats::kPtauMaxPower) + "]");
  const std::size_t n = std::size_t{1} << power;
  const std::vector<G1Affine> g1(2 * n - 1, G1Affine::generator());
  const std::vector<G2Affine> g2(n, G2Affine::generator());
  const auto header = formats::encode_ptau_header(power, power);
  const auto e_tau_g1 = formats::encode_g1_points(g1);
  const auto e_g2 = formats::encode_g2_points(g2);
  const auto e_g1 = formats::encode_g1_points(std::span<const G1Affine>(g1.data(), n));
  const auto e_beta_g2 = formats::encode_g2_points(std::span<const G2Affine>(g2.data(), 1));
  const std::vector<std::uint8_t> no_contributions(4, 0);
  const formats::PtauSectionData sections[] = {{formats::kPtauHeader, header},
                                               {formats::kPtauTauG1, e_tau_g1},
                                               {formats::kPtauTauG2, e_g2},
                                               {formats::kPtauAlphaTauG1, e_g1},
                                               {formats::kPtauBetaTauG1, e_g1},
                                               {formats::kPtauBetaG2, e_beta_g2},
                                               {formats::kPtauContributions, no_contributions}};
  if (progress) progress(1, 1);
  return formats::write_ptau_file(out_path, sections);
}

Result<PtauContributeResult> ptau_contribute(const std::string& in_path, const std::string& out_path,
                                             const PtauContributeOptions& options,
                                             const ProgressFn& progress) {
  PtauContribution c;
  c.type = 0;
  const std::string entropy = options.entropy;
  return contribute_impl(
      in_path, out_path, options.name, progress,
      [&entropy](const mpc::Hash64& challenge, Secrets& s) { return random_key(entropy, challenge, s); }, c);
}

Result<PtauContributeResult> ptau_beacon(const std::string& in_path, const std::string& out_path,
                                         std::span<const std::uint8_t> beacon_hash,
                                         unsigned num_iterations_exp, const std::string& name,
                                         const ProgressFn& progress) {
  if (beacon_hash.empty() || beacon_hash.size() > 255)
    return make_error(Errc::kInvalidArgument, "ptau beacon: the beacon hash must have 1 to 255 bytes");
  if (num_iterations_exp < 10 || num_iterations_exp > 63)
    return make_error(Errc::kInvalidArgument, "ptau beacon: numIterationsExp must be in [10, 63]");
  PtauContribution c;
  c.type = 1;
  c.num_iterations_exp = static_cast<std::uint8_t>(num_iterations_exp);
  c.beacon_hash.assign(beacon_hash.begin(), beacon_hash.end());
  ZKC_TRY(mpc::ChaChaRng rng, mpc::beacon_rng(beacon_hash, num_iterations_exp));
  return contribute_impl(
      in_path, out_path, name, progress,
      [&rng](const mpc::Hash64& challenge, Secrets& s) { return beacon_key(rng, challenge, s); }, c);
}

Status ptau_prepare(const std::string& in_path, const std::string& out_path, const ProgressFn& progress) {
  ZKC_TRY(PtauFile in, PtauFile::open(in_path));
  const unsigned power = in.power();
  if (power + 1 > Fr::kTwoAdicity)
    return make_error(Errc::kInvalidArgument,
                      in_path + ": prepare supports power <= " + std::to_string(Fr::kTwoAdicity - 1) +
                          " (this file has power " + std::to_string(power) + ")");
  const std::size_t n = std::size_t{1} << power;
  ZKC_TRY(auto tau_g1, in.tau_g1(0, 2 * n - 1));
  ZKC_TRY(auto tau_g2, in.tau_g2(0, n));
  ZKC_TRY(auto alpha_g1, in.alpha_tau_g1(0, n));
  ZKC_TRY(auto beta_g1, in.beta_tau_g1(0, n));
  // Overall progress in butterflies: section 12 goes one size higher.
  const std::size_t per = prepared_butterflies(power), total = prepared_butterflies(power + 1) + 3 * per;
  std::size_t base = 0;
  auto stage = [&](std::size_t) -> ProgressFn {
    if (!progress) return {};
    const std::size_t b = base;
    return [b, total, &progress](std::size_t done, std::size_t) { progress(b + done, total); };
  };
  const auto l_tau_g1 = formats::encode_g1_points(prepared_lagrange_vartime(tau_g1, power + 1, stage(0)));
  base += prepared_butterflies(power + 1);
  const auto l_tau_g2 = formats::encode_g2_points(prepared_lagrange_vartime(tau_g2, power, stage(1)));
  base += per;
  const auto l_alpha = formats::encode_g1_points(prepared_lagrange_vartime(alpha_g1, power, stage(2)));
  base += per;
  const auto l_beta = formats::encode_g1_points(prepared_lagrange_vartime(beta_g1, power, stage(3)));
  const auto header = formats::encode_ptau_header(power, power);
  std::vector<formats::PtauSectionData> sections = {{formats::kPtauHeader, header}};
  for (std::uint32_t t = formats::kPtauTauG1; t <= formats::kPtauContributions; ++t) {
    ZKC_TRY(auto payload, in.section_payload(t));
    sections.push_back({t, payload});
  }
  sections.push_back({formats::kPtauLagrangeTauG1, l_tau_g1});
  sections.push_back({formats::kPtauLagrangeTauG2, l_tau_g2});
  sections.push_back({formats::kPtauLagrangeAlphaTauG1, l_alpha});
  sections.push_back({formats::kPtauLagrangeBetaTauG1, l_beta});
  if (progress) progress(total, total);
  return formats::write_ptau_file(out_path, sections);
}

// --- verification -------------------------------------------------------------------------------
namespace {

// The contribution before the first: every point the generator, snarkjs's initialContribution.
PtauContribution initial_contribution(unsigned ceremony_power) {
  PtauContribution c;
  c.tau_g1 = c.alpha_g1 = c.beta_g1 = G1Affine::generator();
  c.tau_g2 = c.beta_g2 = G2Affine::generator();
  c.next_challenge = mpc::first_challenge_hash(ceremony_power);
  return c;
}

// snarkjs's verifyContribution: "" when valid, else the reason.
std::string check_contribution(const PtauContribution& cur, const PtauContribution& prev, std::size_t id) {
  const std::string who =
      "contribution #" + std::to_string(id) + (cur.name.empty() ? "" : " (" + cur.name + ")");
  if (cur.type == 1) {
    if (cur.num_iterations_exp > 40)
      return who + ": beacon with 2^" + std::to_string(cur.num_iterations_exp) +
             " iterations is too costly to recompute";
    auto rng = mpc::beacon_rng(cur.beacon_hash, cur.num_iterations_exp);
    if (!rng) return who + ": " + rng.error().message;
    Secrets s;
    const formats::PtauPublicKey expected = beacon_key(rng.value(), prev.next_challenge, s);
    if (!(expected == cur.key)) return who + ": the beacon key does not follow from the beacon hash";
  }
  const formats::PtauKeyPart* parts[3] = {&cur.key.tau, &cur.key.alpha, &cur.key.beta};
  const char* names[3] = {"tau", "alpha", "beta"};
  G2Affine sp[3];
  for (std::uint8_t i = 0; i < 3; ++i) {
    sp[i] = mpc::ptau_g2_sp_vartime(i, prev.next_challenge, parts[i]->g1_s, parts[i]->g1_sx);
    if (!mpc::same_ratio_vartime(parts[i]->g1_s, parts[i]->g1_sx, sp[i], parts[i]->g2_spx))
      return who + ": invalid proof of knowledge of " + names[i];
  }
  if (!mpc::same_ratio_vartime(prev.tau_g1, cur.tau_g1, sp[0], cur.key.tau.g2_spx))
    return who + ": [tau]_1 does not follow the previous contribution";
  if (!mpc::same_ratio_vartime(cur.key.tau.g1_s, cur.key.tau.g1_sx, prev.tau_g2, cur.tau_g2))
    return who + ": [tau]_2 does not follow the previous contribution";
  if (!mpc::same_ratio_vartime(prev.alpha_g1, cur.alpha_g1, sp[1], cur.key.alpha.g2_spx))
    return who + ": [alpha]_1 does not follow the previous contribution";
  if (!mpc::same_ratio_vartime(prev.beta_g1, cur.beta_g1, sp[2], cur.key.beta.g2_spx))
    return who + ": [beta]_1 does not follow the previous contribution";
  if (!mpc::same_ratio_vartime(cur.key.beta.g1_s, cur.key.beta.g1_sx, prev.beta_g2, cur.beta_g2))
    return who + ": [beta]_2 does not follow the previous contribution";
  return "";
}

// Random verification scalars (public; 128 bits each) from a CSPRNG-seeded ChaCha stream.
class VerifierRandomness {
 public:
  VerifierRandomness() : rng_(seed()) {}
  explicit VerifierRandomness(const std::array<std::uint32_t, 8>& s) : rng_(s) {}
  Fr next() {
    const std::uint64_t a = rng_.next_u64(), b = rng_.next_u64();
    return Fr::from_u256(U256{{a, b, 0, 0}}).value();
  }
  static std::array<std::uint32_t, 8> seed() {
    std::array<std::uint32_t, 8> s;
    random_bytes(std::span<std::uint8_t>(reinterpret_cast<std::uint8_t*>(s.data()), sizeof s));
    return s;
  }

 private:
  mpc::ChaChaRng rng_;
};

template <class P>
struct PowersCheck {
  using J = ec::Jacobian<typename P::Config>;
  J r1 = J::identity(), r2 = J::identity();  // sum r_i P_i (i < n-1), sum r_i P_(i+1)
  std::vector<P> first;                      // P_0, P_1
};

// Streams a point section: hashes U(points) into `st`, accumulates the random combinations.
template <class P, class Read>
Result<PowersCheck<P>> process_powers(std::size_t n, Read read, crypto_generichash_state& st,
                                      VerifierRandomness& rnd, const ProgressFn& progress, std::size_t& done,
                                      std::size_t total) {
  PowersCheck<P> c;
  P last{};
  for (std::size_t lo = 0; lo < n; lo += kChunk) {
    const std::size_t m = std::min(kChunk, n - lo);
    ZKC_TRY(std::vector<P> pts, read(lo, m));
    const auto u = encode_uncompressed<P>(pts);
    crypto_generichash_update(&st, u.data(), u.size());
    for (std::size_t i = 0; i < m && lo + i < 2; ++i) c.first.push_back(pts[i]);
    // Pairs (P_i, P_(i+1)) with i + 1 in this chunk: the first reaches back to the previous chunk.
    std::vector<P> left, right;
    std::vector<Fr> r;
    left.reserve(m);
    right.reserve(m);
    r.reserve(m);
    for (std::size_t i = 0; i < m; ++i) {
      if (lo + i == 0) continue;
      left.push_back(i == 0 ? last : pts[i - 1]);
      right.push_back(pts[i]);
      r.push_back(rnd.next());
    }
    if (!r.empty()) {
      c.r1 = c.r1.add_vartime(ec::bn254::msm_vartime(left, r));
      c.r2 = c.r2.add_vartime(ec::bn254::msm_vartime(right, r));
    }
    last = pts[m - 1];
    done += m;
    if (progress) progress(done, total);
  }
  return c;
}

// sum_j r_j [tau^j] = sum_i (NTT r)_i [L_i] for every size of a Lagrange section.
template <class P>
Result<std::string> check_lagrange(const PtauFile& f, std::uint32_t powers_section,
                                   std::uint32_t lagrange_section, unsigned max_log2,
                                   std::size_t powers_available, const ProgressFn& progress,
                                   std::size_t& done, std::size_t total) {
  const std::size_t n_max = std::size_t{1} << max_log2;
  // The powers are read once: the largest size needs all of them.
  std::vector<P> powers;
  if constexpr (std::is_same_v<P, G1Affine>) {
    ZKC_TRY(powers, f.g1_points(powers_section, 0, std::min(n_max, powers_available)));
  } else {
    ZKC_TRY(powers,
            f.g2_points(powers_section, 0, std::min(n_max, powers_available), formats::G2Check::kSubgroup));
  }
  VerifierRandomness rnd;
  std::vector<Fr> r_all(n_max);
  for (auto& r : r_all) r = rnd.next();
  for (unsigned k = 0; k <= max_log2; ++k) {
    const std::size_t n = std::size_t{1} << k;
    std::vector<Fr> r(r_all.begin(), r_all.begin() + static_cast<std::ptrdiff_t>(n));
    const std::size_t m = std::min(n, powers_available);  // the top size of section 12 lacks its last power
    if (m < n) r[n - 1] = Fr::zero();
    const auto lhs =
        ec::bn254::msm_vartime(std::span<const P>(powers.data(), m), std::span<const Fr>(r.data(), m));
    if (k > 0) {
      ZKC_TRY(auto d, poly::EvaluationDomain::create(k));
      poly::ntt(d, r);
    }
    std::vector<P> lag;
    if constexpr (std::is_same_v<P, G1Affine>) {
      ZKC_TRY(lag, f.g1_points(lagrange_section, n - 1, n));
    } else {
      ZKC_TRY(lag, f.g2_points(lagrange_section, n - 1, n, formats::G2Check::kSubgroup));
    }
    const auto rhs = ec::bn254::msm_vartime(lag, r);
    if (!(lhs == rhs))
      return "section " + std::to_string(lagrange_section) + " (" +
             formats::ptau_section_name(lagrange_section) + "): the Lagrange basis of size 2^" +
             std::to_string(k) + " does not match the powers of tau";
    done += n;
    if (progress) progress(done, total);
  }
  return std::string();
}

}  // namespace

Result<PtauVerifyResult> ptau_verify(const std::string& path, const ProgressFn& progress) {
  ZKC_TRY(PtauFile f, PtauFile::open(path));
  return ptau_verify(f, progress);
}

namespace {

Result<PtauVerifyResult> verify_impl(const PtauFile& f, const ProgressFn& progress) {
  PtauVerifyResult res;
  res.power = f.power();
  res.ceremony_power = f.ceremony_power();
  res.has_lagrange = f.has_lagrange();
  ZKC_TRY(std::vector<PtauContribution> contributions, f.contributions());
  auto fail = [&](std::string why) -> Result<PtauVerifyResult> {
    res.valid = false;
    res.failure = std::move(why);
    return res;
  };
  // Summaries (with the response hashes restored from the partial hashes).
  for (std::size_t i = 0; i < contributions.size(); ++i) {
    const PtauContribution& c = contributions[i];
    PtauContributionSummary s;
    s.id = static_cast<std::uint32_t>(i + 1);
    s.name = c.name;
    s.type = c.type;
    s.next_challenge = c.next_challenge;
    s.beacon_hash = c.beacon_hash;
    s.num_iterations_exp = c.num_iterations_exp;
    auto h = mpc::Blake2b::import_partial(c.partial_hash);
    if (!h) return fail("contribution #" + std::to_string(i + 1) + ": " + h.error().message);
    h.value().update(public_key_uncompressed(c.key));
    s.response_hash = h.value().digest();
    res.contributions.push_back(std::move(s));
  }
  if (contributions.empty()) return fail("the file has no contributions: it cannot be used in production");

  const PtauContribution initial = initial_contribution(f.ceremony_power());
  const std::size_t last = contributions.size() - 1;
  const PtauContribution& cur = contributions[last];
  if (std::string why = check_contribution(cur, last > 0 ? contributions[last - 1] : initial, last + 1);
      !why.empty())
    return fail(why);

  const std::size_t n = std::size_t{1} << f.power();
  std::size_t done = 0;
  std::size_t total = 5 * n;
  if (res.has_lagrange) total += 4 * n + 3 * (2 * n - 1);
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, 64);
  crypto_generichash_update(&st, res.contributions[last].response_hash.data(), 64);
  VerifierRandomness rnd;
  const G1Affine g1 = G1Affine::generator();
  const G2Affine g2 = G2Affine::generator();

  auto read_g1 = [&](std::uint32_t type) {
    return [&f, type](std::size_t lo, std::size_t m) { return f.g1_points(type, lo, m); };
  };
  ZKC_TRY(auto c_tau_g1,
          process_powers<G1Affine>(2 * n - 1, read_g1(formats::kPtauTauG1), st, rnd, progress, done, total));
  if (!mpc::same_ratio_vartime(c_tau_g1.r1.to_affine(), c_tau_g1.r2.to_affine(), g2, cur.tau_g2))
    return fail("tauG1 section: the points are not successive powers of tau");
  if (!(c_tau_g1.first[0] == g1)) return fail("tauG1 section: the first point is not the generator");
  if (!(c_tau_g1.first[1] == cur.tau_g1))
    return fail("tauG1 section: the second point does not match the last contribution's [tau]_1");

  auto read_g2 = [&f](std::size_t lo, std::size_t m) {
    return f.g2_points(formats::kPtauTauG2, lo, m, formats::G2Check::kSubgroup);
  };
  ZKC_TRY(auto c_tau_g2, process_powers<G2Affine>(n, read_g2, st, rnd, progress, done, total));
  if (!mpc::same_ratio_vartime(g1, cur.tau_g1, c_tau_g2.r1.to_affine(), c_tau_g2.r2.to_affine()))
    return fail("tauG2 section: the points are not successive powers of tau");
  if (!(c_tau_g2.first[0] == g2)) return fail("tauG2 section: the first point is not the generator");
  if (!(c_tau_g2.first[1] == cur.tau_g2))
    return fail("tauG2 section: the second point does not match the last contribution's [tau]_2");

  ZKC_TRY(auto c_alpha,
          process_powers<G1Affine>(n, read_g1(formats::kPtauAlphaTauG1), st, rnd, progress, done, total));
  if (!mpc::same_ratio_vartime(c_alpha.r1.to_affine(), c_alpha.r2.to_affine(), g2, cur.tau_g2))
    return fail("alphaTauG1 section: the points are not successive powers of tau");
  if (!(c_alpha.first[0] == cur.alpha_g1))
    return fail("alphaTauG1 section: the first point does not match the last contribution's [alpha]_1");

  ZKC_TRY(auto c_beta,
          process_powers<G1Affine>(n, read_g1(formats::kPtauBetaTauG1), st, rnd, progress, done, total));
  if (!mpc::same_ratio_vartime(c_beta.r1.to_affine(), c_beta.r2.to_affine(), g2, cur.tau_g2))
    return fail("betaTauG1 section: the points are not successive powers of tau");
  if (!(c_beta.first[0] == cur.beta_g1))
    return fail("betaTauG1 section: the first point does not match the last contribution's [beta]_1");

  ZKC_TRY(G2Affine beta_g2, f.beta_g2());
  const auto u = mpc::g2_uncompressed(beta_g2);
  crypto_generichash_update(&st, u.data(), u.size());
  if (!(beta_g2 == cur.beta_g2))
    return fail("betaG2 section: the point does not match the last contribution's [beta]_2");
  crypto_generichash_final(&st, res.next_challenge.data(), 64);
  if (f.power() == f.ceremony_power() && res.next_challenge != cur.next_challenge)
    return fail("the hash of the points does not match the last contribution's next challenge");

  for (std::size_t i = last; i-- > 0;)
    if (std::string why = check_contribution(contributions[i], i > 0 ? contributions[i - 1] : initial, i + 1);
        !why.empty())
      return fail(why);

  if (res.has_lagrange) {
    const unsigned p = f.power();
    ZKC_TRY(std::string w1, check_lagrange<G1Affine>(f, formats::kPtauTauG1, formats::kPtauLagrangeTauG1,
                                                     p + 1, 2 * n - 1, progress, done, total));
    if (!w1.empty()) return fail(w1);
    ZKC_TRY(std::string w2, check_lagrange<G2Affine>(f, formats::kPtauTauG2, formats::kPtauLagrangeTauG2, p,
                                                     n, progress, done, total));
    if (!w2.empty()) return fail(w2);
    ZKC_TRY(std::string w3,
            check_lagrange<G1Affine>(f, formats::kPtauAlphaTauG1, formats::kPtauLagrangeAlphaTauG1, p, n,
                                     progress, done, total));
    if (!w3.empty()) return fail(w3);
    ZKC_TRY(std::string w4,
            check_lagrange<G1Affine>(f, formats::kPtauBetaTauG1, formats::kPtauLagrangeBetaTauG1, p, n,
                                     progress, done, total));
    if (!w4.empty()) return fail(w4);
  }
  if (progress) progress(total, total);
  res.valid = true;
  return res;
}

}  // namespace

Result<PtauVerifyResult> ptau_verify(const PtauFile& f, const ProgressFn& progress) {
  auto r = verify_impl(f, progress);
  // A point that is not canonical, not on its curve or not in its group makes the file invalid
  // (exit 1), like a failed check; a broken container or section stays an error (exit 2).
  if (!r.ok() && (r.error().code == Errc::kNotCanonical || r.error().code == Errc::kNotOnCurve ||
                  r.error().code == Errc::kNotInSubgroup)) {
    PtauVerifyResult res;
    res.power = f.power();
    res.ceremony_power = f.ceremony_power();
    res.has_lagrange = f.has_lagrange();
    res.failure = r.error().message;
    return res;
  }
  return r;
}

// --- setup input --------------------------------------------------------------------------------

Result<SetupPoints> read_setup_points(const PtauFile& f, unsigned log2_n) {
  if (log2_n > f.power())
    return make_error(Errc::kInvalidArgument,
                      f.name() + ": the circuit needs a domain of 2^" + std::to_string(log2_n) +
                          " points, this ceremony has power " + std::to_string(f.power()));
  SetupPoints p;
  p.log2_n = log2_n;
  const std::size_t n = std::size_t{1} << log2_n;
  ZKC_TRY(auto a, f.alpha_tau_g1(0, 1));
  ZKC_TRY(auto b, f.beta_tau_g1(0, 1));
  p.alpha1 = a[0];
  p.beta1 = b[0];
  ZKC_TRY(p.beta2, f.beta_g2());
  ZKC_TRY(p.lagrange_tau_g1, f.lagrange_tau_g1(log2_n, 0, n));
  // On the twist only: the B2 points are public, only added by the prover, and verifiers check
  // the proof's B; a subgroup check per point would dominate the setup (see zkey_file.hpp).
  ZKC_TRY(p.lagrange_tau_g2, f.lagrange_tau_g2(log2_n, 0, n, formats::G2Check::kOnCurveOnly));
  ZKC_TRY(p.lagrange_alpha_tau_g1, f.lagrange_alpha_tau_g1(log2_n, 0, n));
  ZKC_TRY(p.lagrange_beta_tau_g1, f.lagrange_beta_tau_g1(log2_n, 0, n));
  ZKC_TRY(p.lagrange_tau_g1_2n, f.lagrange_tau_g1(log2_n + 1, 0, 2 * n));
  ZKC_TRY(p.tau_g1, f.tau_g1(0, setup_tau_g1_count(n)));
  return p;
}

}  // namespace zkc::groth16
