// Poseidon over BN254 Fr with circomlib's parameters.
//
// Round constants and MDS matrices are derived, not tabulated: they come from the Grain LFSR of the
// Poseidon paper (Grassi et al., USENIX Security 2021, appendix F; the reference script
// generate_parameters_grain.sage of the hadeshash repository), run with field = 1 (GF(p)),
// sbox = 0 (x^alpha), n = 254 (bits of r), t, R_F = 8 and circomlib's R_P. circomlibjs states that
// its constants come from that script ("sage generate_parameters_grain.sage 1 0 254 t 8 R_P r",
// circomlibjs/src/poseidon_reference.js); tests/hash/poseidon_test.cpp checks every width
// t = 2..17 against circomlibjs 0.1.7's constants (digests in tests/data/hash/poseidon_vectors.json).
//
// The reference script also runs three security checks on the MDS matrix (its algorithms 1-3,
// against invariant subspace trails) and draws a new one if any fails. They are not implemented
// here: for all sixteen widths the first matrix drawn is the one circomlib uses (checked by the
// test above), so the checks passed on it.
//
// The permutation runs in the paper's optimized form (appendix B, "efficient partial rounds"):
//   - the partial rounds' round constants are pushed forward through the linear layer: a partial
//     round adds one scalar to cell 0 before its S-box, and what is left after the last partial
//     round joins the constants of the next full round;
//   - the partial rounds' MDS matrices are factored M = S_k D_k (S_k sparse, D_k = diag(1, .)), the
//     D parts commuted through the cell-0 S-boxes and merged into the MDS matrix of the last full
//     round before them. A partial round then costs its S-box and 2(t - 1) multiplications instead
//     of t^2 (cell 0 is carried scaled so that S_k's corner costs nothing; see FastForm).
// The transformed matrices and constants depend on the parameters only: they are derived on the
// first permutation of each width, once, in about 3 R_P t^2 multiplications (no matrix powers).
// Matrix-vector products sum their double-width products before one Montgomery reduction (lazy
// reduction, ff::dot: a row of up to 17 fits in one chunk). Parameters built by a caller (not by
// poseidon_params) go through the plain permutation, which the tests also compare the optimized one with.
#include "zkc/hash/poseidon.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <mutex>
#include <span>
#include <utility>
#include <vector>

#include "zkc/base/random.hpp"
#include "zkc/base/result.hpp"
#include "zkc/ff/dot.hpp"
#include "zkc/ff/solve.hpp"
#include "zkc/ff/u256.hpp"

#if defined(__BMI2__)
#include <immintrin.h>
#endif

namespace zkc::hash {
namespace {

using u64 = std::uint64_t;
using u128 = unsigned __int128;

// circomlib's partial rounds for t = 2..17 (circomlibjs poseidon_reference.js N_ROUNDS_P; the
// paper's table rounded up as its calc_round_numbers.py does).
constexpr std::array<unsigned, kPoseidonMaxInputs> kPartialRounds = {56, 57, 56, 60, 60, 63, 64, 63,
                                                                     60, 66, 60, 65, 70, 60, 64, 68};
constexpr unsigned kFieldBits = 254;  // n: bits of r
constexpr unsigned kMaxWidth = kPoseidonMaxInputs + 1;
static_assert(Fr::kBits == kFieldBits);

// ---------------------------------------------------------------------------------------------
// The Grain LFSR in self-shrinking mode (paper appendix F), 64 sequence bits at a time.
//
// The sequence b_0, b_1, ...: b_0..b_79 is the initial state and
//   b_{i+80} = b_{i+62} ^ b_{i+51} ^ b_{i+38} ^ b_{i+23} ^ b_{i+13} ^ b_i,
// i.e. feedback polynomial P(x) = x^80 + x^62 + x^51 + x^38 + x^23 + x^13 + 1. Over GF(2),
// P(x)^4 = P(x^4), so the sequence also satisfies
//   b_{i+320} = b_{i+248} ^ b_{i+204} ^ b_{i+152} ^ b_{i+92} ^ b_{i+52} ^ b_i,
// whose nearest tap is 72 positions back: 64 new bits are XORs of six 64-bit windows of the last
// 320. A word holds 64 consecutive sequence bits, the earliest in the most significant position.
// The first 160 bits after the initial state (b_80..b_239) are discarded; the self-shrinking step
// reads pairs (b_240, b_241), (b_242, b_243), ...: a pair starting with 1 outputs its second bit,
// a pair starting with 0 outputs nothing. All of this is public (the parameters).
class Grain {
 public:
  Grain(unsigned t, unsigned full_rounds, unsigned partial_rounds) {
    // Initial state, most significant bit first: field (2 bits) = 1 for GF(p), S-box (4 bits) = 0
    // for x^alpha, n (12 bits), t (12 bits), R_F (10 bits), R_P (10 bits), then 30 ones.
    std::array<std::uint8_t, 320> b{};
    unsigned pos = 0;
    auto put = [&](unsigned value, unsigned width) {
      for (unsigned i = width; i-- > 0;) b[pos++] = static_cast<std::uint8_t>((value >> i) & 1);
    };
    put(1, 2);
    put(0, 4);
    put(kFieldBits, 12);
    put(t, 12);
    put(full_rounds, 10);
    put(partial_rounds, 10);
    while (pos < 80) b[pos++] = 1;
    // b_80..b_319 one at a time (b_i = b_{i-18} ^ b_{i-29} ^ b_{i-42} ^ b_{i-57} ^ b_{i-67} ^ b_{i-80}).
    for (unsigned i = 80; i < 320; ++i)
      b[i] = b[i - 18] ^ b[i - 29] ^ b[i - 42] ^ b[i - 57] ^ b[i - 67] ^ b[i - 80];
    for (unsigned k = 0; k < 5; ++k)
      for (unsigned s = 0; s < 64; ++s) window_[k] |= u64{b[64 * k + s]} << (63 - s);
    // Of words 3 and 4 (b_192..b_319), b_240.. are read.
    const auto [o3, c3] = shrink(window_[3], 0xFFFF);
    append(o3, c3);
    const auto [o4, c4] = shrink(window_[4], ~u64{0});
    append(o4, c4);
  }

  // The next kFieldBits output bits as an integer, the first bit most significant (as the script
  // reads them).
  ff::U256 next_u256() {
    static_assert(kFieldBits == 62 + 3 * 64);
    while (out_.size() * 64 < read_ + kFieldBits) produce();
    ff::U256 v;
    v.limb[3] = bits64(read_) >> 2;
    v.limb[2] = bits64(read_ + 62);
    v.limb[1] = bits64(read_ + 126);
    v.limb[0] = bits64(read_ + 190);
    read_ += kFieldBits;
    return v;
  }

 private:
  static constexpr u64 kFirstBits = 0xAAAA'AAAA'AAAA'AAAAull;  // each pair's first bit

  // Output bits pos..pos+63 (zeros past the end).
  u64 bits64(std::size_t pos) const {
    const std::size_t q = pos / 64;
    const unsigned r = pos % 64;
    const u64 lo = q + 1 < out_.size() ? out_[q + 1] : 0;
    return r == 0 ? out_[q] : (out_[q] << r) | (lo >> (64 - r));
  }

  // The self-shrunk output of one sequence word's live pairs: (bits, count), the bits packed at the
  // bottom, the earliest highest.
  static std::pair<u64, unsigned> shrink(u64 raw, u64 live) {
    const u64 firsts = raw & kFirstBits & live;
    const u64 seconds = raw << 1;  // each pair's second bit at its first bit's position
#if defined(__BMI2__)
    const u64 out = _pext_u64(seconds, firsts);  // keeps the order, packed at the bottom
#else
    u64 out = 0;
    for (unsigned p = 64; p > 0; p -= 2)
      if ((firsts >> (p - 1)) & 1) out = (out << 1) | ((seconds >> (p - 1)) & 1);
#endif
    return {out, static_cast<unsigned>(std::popcount(firsts))};
  }

  // Appends count <= 64 bits (at the bottom of bits) to the output.
  void append(u64 bits, unsigned count) {
    queue_ = (queue_ << count) | bits;
    queued_ += count;
    if (queued_ >= 64) {  // < 128 bits queued: move the earliest 64 out
      queued_ -= 64;
      out_.push_back(static_cast<u64>(queue_ >> queued_));
      queue_ &= (u128{1} << queued_) - 1;
    }
  }

  // Two words' output at once (at most 32 bits each).
  void append_two(u64 raw0, u64 raw1) {
    const auto [o0, c0] = shrink(raw0, ~u64{0});
    const auto [o1, c1] = shrink(raw1, ~u64{0});
    append((o0 << c1) | o1, c0 + c1);
  }

  // The next kBatch sequence words (64 bits each, from the last five), self-shrunk.
  void produce() {
    constexpr unsigned kBatch = 64;
    std::array<u64, kBatch> raw;
    u64 w0 = window_[0], w1 = window_[1], w2 = window_[2], w3 = window_[3], w4 = window_[4];
    for (unsigned i = 0; i < kBatch; ++i) {
      // The windows at 0, 52, 92, 152, 204 and 248 bits into (w0, ..., w4).
      const u64 next = w0 ^ ((w0 << 52) | (w1 >> 12)) ^ ((w1 << 28) | (w2 >> 36)) ^
                       ((w2 << 24) | (w3 >> 40)) ^ ((w3 << 12) | (w4 >> 52)) ^ ((w3 << 56) | (w4 >> 8));
      raw[i] = next;
      w0 = w1;
      w1 = w2;
      w2 = w3;
      w3 = w4;
      w4 = next;
    }
    window_ = {w0, w1, w2, w3, w4};
    for (unsigned i = 0; i < kBatch; i += 2) append_two(raw[i], raw[i + 1]);
  }

  std::array<u64, 5> window_{};  // the last 320 sequence bits, as five words
  std::vector<u64> out_;         // the output bits, in words, the earliest most significant
  std::size_t read_ = 0;         // output bits read
  u128 queue_ = 0;               // output bits not yet in out_, the earliest highest
  unsigned queued_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Field helpers. Matrix-vector products are ff::dot (one Montgomery reduction per row, zkc/ff/dot.hpp).

static_assert(kMaxWidth <= ff::kDotChunk<ff::bn254::FrConfig>);  // one reduction per row

// ff::dot, instantiated here as a function of this file (internal linkage, so the compiler can
// tailor the calls in the permutation's loops; a shared out-of-line copy measured ~5% slower).
Fr dot(const Fr* a, const Fr* b, std::size_t n) { return ff::dot(a, b, n); }

[[gnu::always_inline]] inline Fr sbox(const Fr& x) {
  const Fr x2 = x.square();
  return x2.square() * x;  // x^5
}

// Small dense matrices (row-major), public data; systems solved by ff::solve_vartime.
using Matrix = std::vector<Fr>;

// ---------------------------------------------------------------------------------------------
// The optimized form of one width (see the top of the file). With M = [[m00, v^T], [w, H]] (H the
// (t-1) x (t-1) lower-right block) and R = R_P:
//
// Sparse matrices. Let S_k = [[m00, b_k^T], [c_k, I]] with c_k = H^(R-1-k) w and
// b_k^T = v^T H^-(R-k), and D_k = diag(1, H^(R-k)) (D_R = I). Then S_k D_k = D_{k+1} M, so
// M A_{R-1} ... M A_0 = S_{R-1} A_{R-1} ... S_0 A_0 D_0 for maps A_k that act on cell 0 only (they
// commute with every D_k); D_0 joins the MDS matrix of the last full round before the partial
// rounds (pre_mds = D_0 M).
//
// Round constants. With rc_k partial round k's constants, u_0 = rc_0 and
// u_{k+1} = rc_{k+1} + M Z u_k (Z zeroes cell 0): u_k is added as (u_k[0], 0...) before the S-box
// and (0, u_k[1..]) after it (the S-box leaves cells 1.. alone), i.e. as M Z u_k after the round,
// into u_{k+1}. After the last partial round M Z u_{R-1} joins the next round's constants
// (post_constants).
//
// Scaling. Cell 0 is carried divided by lambda_k (lambda_0 = 1, lambda_{k+1} = m00 lambda_k^5), so
// that the m00 x_0 of S_k costs nothing: with z = lambda_k z' and S(lambda x) = lambda^5 S(x),
//   x' = S(z' + u_k[0] / lambda_k)           (x_0 = lambda_k^5 x')
//   z'' = x' + (b_k / lambda_{k+1}) . x_rest   (= (m00 x_0 + b_k . x_rest) / lambda_{k+1})
//   x_rest += (lambda_k^5 c_k) x'
// and after round R-1 cell 0 is multiplied back by lambda_R. (Paper appendix B for the first two;
// the derivation and the scaling are ours.)
struct FastForm {
  std::vector<Fr> pre_mds;         // t x t: D_0 M, row-major
  std::vector<Fr> scalars;         // R: u_k[0] / lambda_k
  std::vector<Fr> sparse_rows;     // R x (t - 1): b_k / lambda_{k+1}
  std::vector<Fr> sparse_cols;     // R x (t - 1): lambda_k^5 c_k
  Fr lambda_end;                   // lambda_R
  std::vector<Fr> post_constants;  // t: round R_F/2 + R's constants plus M Z u_{R-1}
};

struct Width {
  PoseidonParams params;
  FastForm fast;
};

PoseidonParams derive_params(unsigned t) {
  PoseidonParams p;
  p.t = t;
  p.full_rounds = kPoseidonFullRounds;
  p.partial_rounds = kPartialRounds[t - 2];
  Grain grain(t, p.full_rounds, p.partial_rounds);

  // Round constants: rejection sampling, a draw >= r is skipped (the script's generate_constants).
  const std::size_t count = std::size_t{p.full_rounds + p.partial_rounds} * t;
  p.round_constants.reserve(count);
  while (p.round_constants.size() < count) {
    const ff::U256 v = grain.next_u256();
    if (v < Fr::kModulus) p.round_constants.push_back(Fr::from_canonical_unchecked(v));
  }

  // MDS: the Cauchy matrix M[i][j] = 1 / (x_i + y_j) on 2t further draws x_0..x_{t-1},
  // y_0..y_{t-1}, reduced mod r (the script's create_mds_p). The draws are redrawn, all 2t at
  // once, while two of them coincide or some x_i + y_j is zero.
  std::vector<Fr> xy(2 * t);
  for (;;) {
    for (Fr& e : xy) e = Fr::reduce(grain.next_u256());
    bool ok = true;
    for (unsigned i = 0; i < 2 * t; ++i)
      for (unsigned j = i + 1; j < 2 * t; ++j) ok = ok && !(xy[i] == xy[j]);
    for (unsigned i = 0; i < t; ++i)
      for (unsigned j = 0; j < t; ++j) ok = ok && !(xy[i] + xy[t + j]).is_zero();
    if (ok) break;
  }
  p.mds.resize(std::size_t{t} * t);
  for (unsigned i = 0; i < t; ++i)
    for (unsigned j = 0; j < t; ++j) p.mds[i * t + j] = xy[i] + xy[t + j];
  ff::batch_inverse(std::span<Fr>(p.mds));  // none is zero (checked above)
  return p;
}

FastForm derive_fast_form(const PoseidonParams& p) {
  const std::size_t t = p.t, h = t - 1, rp = p.partial_rounds, half = p.full_rounds / 2;
  ZKC_ASSERT(t >= 2 && rp >= 1 && half >= 1);
  const Fr* m = p.mds.data();
  Matrix hm(h * h), hm_t(h * h);  // H and its transpose
  for (std::size_t i = 0; i < h; ++i)
    for (std::size_t j = 0; j < h; ++j) hm[i * h + j] = hm_t[j * h + i] = m[(i + 1) * t + j + 1];

  // The Krylov vectors kv[q] = H^q w, q = 0..R+h: c_k = kv[R-1-k].
  std::vector<Fr> kv((rp + h + 1) * h);
  for (std::size_t i = 0; i < h; ++i) kv[i] = m[(i + 1) * t];
  for (std::size_t q = 1; q <= rp + h; ++q)
    for (std::size_t i = 0; i < h; ++i) kv[q * h + i] = dot(&hm[i * h], &kv[(q - 1) * h], h);

  // X = H^(R+1) without matrix powers: X K = K' for K = (kv[0] .. kv[h-1]) and
  // K' = (kv[R+1] .. kv[R+h]) (columns), so X^T = (K^T)^-1 K'^T. K is invertible when w is a
  // cyclic vector of H, which holds for all sixteen widths (a singular K would abort in value()).
  const Matrix x_t = ff::solve_vartime(Matrix(kv.begin(), kv.begin() + h * h),
                                       Matrix(kv.begin() + (rp + 1) * h, kv.begin() + (rp + 1 + h) * h), h, h)
                         .value();

  // b_0^T = v^T H^-R: X^T b_0 = H^T v. Then b_{k+1}^T = b_k^T H.
  Matrix htv(h);
  for (std::size_t i = 0; i < h; ++i) htv[i] = dot(&hm_t[i * h], m + 1, h);
  std::vector<Fr> rows((rp + 1) * h), cols(rp * h);
  const Matrix b0 = ff::solve_vartime(x_t, htv, h, 1).value();
  std::copy(b0.begin(), b0.end(), rows.begin());
  for (std::size_t k = 1; k <= rp; ++k)
    for (std::size_t j = 0; j < h; ++j) rows[k * h + j] = dot(&rows[(k - 1) * h], &hm_t[j * h], h);
  ZKC_ASSERT(std::equal(rows.begin() + rp * h, rows.end(), m + 1));  // b_R = v: X and b_0 check out
  for (std::size_t k = 0; k < rp; ++k) std::copy_n(&kv[(rp - 1 - k) * h], h, &cols[k * h]);

  // pre_mds = D_0 M: row 0 of M, then rows 1.. = H^R (w | H) = (kv[R] | X).
  FastForm f;
  f.pre_mds.assign(m, m + t * t);
  for (std::size_t i = 0; i < h; ++i) {
    f.pre_mds[(i + 1) * t] = kv[rp * h + i];
    for (std::size_t j = 0; j < h; ++j) f.pre_mds[(i + 1) * t + 1 + j] = x_t[j * h + i];
  }

  // lambda_0..lambda_R and their inverses.
  std::vector<Fr> lambda(rp + 1), lambda_inv;
  lambda[0] = Fr::one();
  for (std::size_t k = 0; k < rp; ++k) lambda[k + 1] = m[0] * sbox(lambda[k]);
  lambda_inv = lambda;
  ff::batch_inverse(std::span<Fr>(lambda_inv));  // none is zero: m00 != 0
  f.lambda_end = lambda[rp];
  f.sparse_rows.resize(rp * h);
  f.sparse_cols.resize(rp * h);
  for (std::size_t k = 0; k < rp; ++k) {
    const Fr l5 = sbox(lambda[k]);
    for (std::size_t i = 0; i < h; ++i) {
      f.sparse_rows[k * h + i] = rows[k * h + i] * lambda_inv[k + 1];
      f.sparse_cols[k * h + i] = cols[k * h + i] * l5;
    }
  }

  // Constants: u_0 = rc_0, u_{k+1} = rc_{k+1} + M Z u_k; post = (round half+R's) + M Z u_{R-1}.
  f.scalars.resize(rp);
  std::vector<Fr> u(p.round_constants.begin() + half * t, p.round_constants.begin() + (half + 1) * t);
  std::vector<Fr> next(t);
  for (std::size_t k = 0; k < rp; ++k) {
    f.scalars[k] = u[0] * lambda_inv[k];
    const Fr* c = p.round_constants.data() + (half + k + 1) * t;  // round half+R for the last k
    for (std::size_t i = 0; i < t; ++i) next[i] = c[i] + dot(m + i * t + 1, &u[1], h);
    u.swap(next);
  }
  f.post_constants = std::move(u);
  return f;
}

// The permutation as written in the paper (sec. 2.2): for parameters from elsewhere, and the
// reference the tests compare the optimized form with.
void permute_reference(const PoseidonParams& params, std::span<Fr> state) {
  const unsigned t = params.t;
  const unsigned rounds = params.full_rounds + params.partial_rounds;
  const unsigned half = params.full_rounds / 2;
  std::array<Fr, kMaxWidth> tmp;
  const Fr* c = params.round_constants.data();
  for (unsigned r = 0; r < rounds; ++r, c += t) {
    // AddRoundConstants, then the S-box layer: all cells in the first and last R_F/2 rounds, cell 0
    // in the partial rounds (paper sec. 2.2, HADES).
    for (unsigned i = 0; i < t; ++i) state[i] += c[i];
    if (r < half || r >= half + params.partial_rounds) {
      for (unsigned i = 0; i < t; ++i) state[i] = sbox(state[i]);
    } else {
      state[0] = sbox(state[0]);
    }
    // MixLayer: state = M * state.
    for (unsigned i = 0; i < t; ++i) {
      const Fr* row = params.mds.data() + std::size_t{i} * t;
      Fr acc = row[0] * state[0];
      for (unsigned j = 1; j < t; ++j) acc += row[j] * state[j];
      tmp[i] = acc;
    }
    for (unsigned i = 0; i < t; ++i) state[i] = tmp[i];
  }
  secure_wipe(tmp);  // the state may be secret (a witness)
}

// The optimized permutation. With only_cell0, the last MixLayer computes cell 0 only (the others
// are left as they were before it): what poseidon() needs.
void permute_fast(const PoseidonParams& params, const FastForm& f, Fr* state, bool only_cell0) {
  const std::size_t t = params.t, rp = params.partial_rounds, half = params.full_rounds / 2;
  const std::size_t rounds = params.full_rounds + rp;
  std::array<Fr, kMaxWidth> s, y;
  for (std::size_t i = 0; i < t; ++i) s[i] = state[i];
  const auto full_round = [&](const Fr* c, const Fr* mds, std::size_t out_cells) {
    for (std::size_t i = 0; i < t; ++i) y[i] = sbox(s[i] + c[i]);
    for (std::size_t i = 0; i < out_cells; ++i) s[i] = dot(mds + i * t, y.data(), t);
  };
  const Fr* c = params.round_constants.data();
  for (std::size_t r = 0; r + 1 < half; ++r) full_round(c + r * t, params.mds.data(), t);
  full_round(c + (half - 1) * t, f.pre_mds.data(), t);
  // Partial rounds, cell 0 scaled by 1 / lambda_k (see FastForm). Cell 0's chain is the critical
  // path: b'_k . x_rest is summed while the S-box runs, and only one addition follows it.
  const std::size_t h = t - 1;
  for (std::size_t k = 0; k < rp; ++k) {
    const Fr rest = dot(&f.sparse_rows[k * h], &s[1], h);
    const Fr x0 = sbox(s[0] + f.scalars[k]);
    const Fr* col = &f.sparse_cols[k * h];
    for (std::size_t i = 1; i < t; ++i) s[i] += col[i - 1] * x0;
    s[0] = x0 + rest;
  }
  s[0] *= f.lambda_end;
  full_round(f.post_constants.data(), params.mds.data(), t);
  for (std::size_t r = half + rp + 1; r < rounds; ++r)
    full_round(c + r * t, params.mds.data(), r + 1 == rounds && only_cell0 ? 1 : t);
  for (std::size_t i = 0; i < t; ++i) state[i] = s[i];
  secure_wipe(s);  // the state may be secret (a witness)
  secure_wipe(y);
}

// Each width's parameters are derived on first use, and its optimized form on the first
// permutation, each once (std::call_once is thread-safe).
std::array<Width, kPoseidonMaxInputs> g_widths;
std::array<std::once_flag, kPoseidonMaxInputs> g_params_once, g_fast_once;

// The optimized form of width index k (t = k + 2); its parameters are derived.
const FastForm& fast_form(std::size_t k) {
  std::call_once(g_fast_once[k], [k] { g_widths[k].fast = derive_fast_form(g_widths[k].params); });
  return g_widths[k].fast;
}

// The optimized form for params when they are poseidon_params' own, else null.
const FastForm* fast_form_of(const PoseidonParams& params) {
  if (params.t < 2 || params.t > kMaxWidth) return nullptr;
  const std::size_t k = params.t - 2;
  // A reference to g_widths[k].params comes from poseidon_params: its derivation has run.
  return &g_widths[k].params == &params ? &fast_form(k) : nullptr;
}

}  // namespace

const PoseidonParams& poseidon_params(std::size_t inputs) {
  ZKC_ASSERT(inputs >= 1 && inputs <= kPoseidonMaxInputs);
  const std::size_t k = inputs - 1;
  std::call_once(g_params_once[k], [k] { g_widths[k].params = derive_params(static_cast<unsigned>(k + 2)); });
  return g_widths[k].params;
}

void poseidon_permute(const PoseidonParams& params, std::span<Fr> state) {
  const unsigned t = params.t;
  ZKC_ASSERT(t >= 2 && t <= kMaxWidth && state.size() == t);
  ZKC_ASSERT(params.full_rounds % 2 == 0);
  ZKC_ASSERT(params.round_constants.size() == std::size_t{params.full_rounds + params.partial_rounds} * t &&
             params.mds.size() == std::size_t{t} * t);
  if (const FastForm* f = fast_form_of(params)) {
    permute_fast(params, *f, state.data(), false);
  } else {
    permute_reference(params, state);
  }
}

Fr poseidon(std::span<const Fr> inputs) {
  ZKC_ASSERT(inputs.size() >= 1 && inputs.size() <= kPoseidonMaxInputs);
  const PoseidonParams& params = poseidon_params(inputs.size());
  std::array<Fr, kMaxWidth> state{};  // (0, x_1, ..., x_n)
  for (std::size_t i = 0; i < inputs.size(); ++i) state[i + 1] = inputs[i];
  permute_fast(params, fast_form(inputs.size() - 1), state.data(), true);
  const Fr out = state[0];
  secure_wipe(state);
  return out;
}

}  // namespace zkc::hash
