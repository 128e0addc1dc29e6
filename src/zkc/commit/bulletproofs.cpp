// Bulletproofs range proofs: prover, verifier, batch verifier and wire format (see bulletproofs.hpp).
// Notation follows the paper (ePrint 2017/1066): N = n m generators, k = log2 N rounds,
// y^N = (1, y, ..., y^{N-1}), 2^n = (1, 2, ..., 2^{n-1}), value j occupies indices [j n, (j+1) n).
#include "zkc/commit/bulletproofs.hpp"

#include <algorithm>
#include <string>
#include <string_view>

#include "zkc/base/random.hpp"
#include "zkc/commit/generators.hpp"
#include "zkc/commit/internal/range_proof_testing.hpp"

namespace zkc::commit {

namespace {

using hash::Transcript;
using Gens = BulletproofGens;

constexpr std::string_view kDomainSeparator = "zkcredit/bulletproofs/range/v1";

unsigned log2_exact(std::size_t x) {
  unsigned k = 0;
  while ((std::size_t{1} << k) < x) ++k;
  return k;
}

void wipe(std::vector<Scalar>& v) { secure_wipe(v.data(), v.size() * sizeof(Scalar)); }

// Wipes the registered secrets when the prover returns, on every path (early errors included).
class WipeOnExit {
 public:
  WipeOnExit() = default;
  WipeOnExit(const WipeOnExit&) = delete;
  WipeOnExit& operator=(const WipeOnExit&) = delete;
  ~WipeOnExit() {
    for (auto* v : vectors_) wipe(*v);
    for (auto* s : scalars_) secure_wipe(*s);
  }
  template <class... V>
  void vectors(V&... v) {
    (vectors_.push_back(&v), ...);
  }
  template <class... S>
  void scalars(S&... s) {
    (scalars_.push_back(&s), ...);
  }

 private:
  std::vector<std::vector<Scalar>*> vectors_;
  std::vector<Scalar*> scalars_;
};

std::array<std::uint8_t, 32> scalar_bytes(const Scalar& s) { return ff::curve25519::scalar_to_bytes_le(s); }

void append_point(Transcript& t, std::string_view label, const ProofPoint& p) { t.append(label, p.bytes); }
void append_scalar(Transcript& t, std::string_view label, const Scalar& s) {
  t.append(label, scalar_bytes(s));
}

Scalar challenge_scalar(Transcript& t, std::string_view label) {
  const auto bytes = t.challenge_bytes(label);
  return ff::curve25519::scalar_reduce_wide_le(bytes);
}

Scalar inner_product(std::span<const Scalar> a, std::span<const Scalar> b) {
  Scalar acc;
  for (std::size_t i = 0; i < a.size(); ++i) acc = acc + a[i] * b[i];
  return acc;
}

// 2^i as a scalar, i < 64.
Scalar pow2(unsigned i) { return Scalar::from_u64(std::uint64_t{1} << i); }

Status check_parameters(unsigned n_bits, std::size_t m) {
  if (!RangeProof::valid_parameters(n_bits, m))
    return make_error(Errc::kInvalidArgument,
                      "range proof: unsupported parameters n = " + std::to_string(n_bits) +
                          ", m = " + std::to_string(m) + " (n in {8, 16, 32, 64}, m a power of two <= 64)");
  return Status::success();
}

Error zero_challenge(std::string_view which) {
  return make_error(Errc::kInvalidArgument, "range proof: challenge " + std::string(which) + " is zero");
}

// Absorbs the statement (domain separator, n, m, every commitment) before any challenge.
void absorb_statement(Transcript& t, unsigned n_bits, std::span<const Commitment> commitments) {
  t.append("dom-sep",
           std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(kDomainSeparator.data()),
                                         kDomainSeparator.size()));
  t.append_u64("n", n_bits);
  t.append_u64("m", commitments.size());
  for (const Commitment& v : commitments) t.append("V", v.encode());
}

Result<RangeProofWithCommitments> prove_impl(Transcript& transcript, std::span<const Scalar> values,
                                             std::span<const Scalar> blindings, unsigned n) {
  const std::size_t m = values.size();
  if (auto s = check_parameters(n, m); !s) return s.error();
  if (blindings.size() != m)
    return make_error(Errc::kInvalidArgument, "range proof: " + std::to_string(m) + " values but " +
                                                  std::to_string(blindings.size()) + " blindings");
  const std::size_t N = n * m;
  const unsigned k = log2_exact(N);
  const auto bases = Gens::bases(N);
  const RistrettoPoint& B = bases[Gens::b_index()];
  const RistrettoPoint& B_blinding = bases[Gens::b_blinding_index()];

  RangeProofWithCommitments out;
  RangeProof& proof = out.proof;
  out.commitments.reserve(m);
  for (std::size_t j = 0; j < m; ++j) out.commitments.push_back(commit(values[j], blindings[j]));
  absorb_statement(transcript, n, out.commitments);

  // a_L: the bits of the values; a_R = a_L - 1 (paper sec. 4.1, eq. 36-37).
  std::vector<Scalar> a_L(N), a_R(N), s_L(N), s_R(N), l0(N), l1(N), r0(N), r1(N), a(N), b(N);
  std::vector<Scalar> sc(Gens::num_bases(N));
  Scalar alpha = Scalar::random(), rho = Scalar::random(), tau1 = Scalar::random(), tau2 = Scalar::random();
  Scalar t1, t2;
  WipeOnExit wiper;
  wiper.vectors(a_L, a_R, s_L, s_R, l0, l1, r0, r1, a, b, sc);
  wiper.scalars(alpha, rho, tau1, tau2, t1, t2);
  // A = alpha*B_blinding + <a_L, G> + <a_R, H> = alpha*B_blinding + sum_i (bit_i ? G_i : -H_i),
  // summed with constant-time selects (eq. 44).
  RistrettoPoint acc = B_blinding.mul(alpha);
  for (std::size_t j = 0; j < m; ++j) {
    ff::U256 v = values[j].to_u256();
    for (unsigned i = 0; i < n; ++i) {
      const std::size_t idx = j * n + i;
      const std::uint64_t bit = (v.limb[i / 64] >> (i % 64)) & 1;
      a_L[idx] = Scalar::zero();
      a_L[idx].cmov(Scalar::one(), bit != 0);
      a_R[idx] = a_L[idx] - Scalar::one();
      RistrettoPoint term = -bases[Gens::h_index(idx)];
      term.cmov(bases[Gens::g_index(idx)], bit != 0);
      acc += term;
    }
    secure_wipe(v);
  }
  proof.A = ProofPoint::from_point(acc);

  // S = rho*B_blinding + <s_L, G> + <s_R, H> (eq. 45-47), constant-time MSM over the interleaved bases.
  {
    sc[Gens::b_blinding_index()] = rho;
    for (std::size_t i = 0; i < N; ++i) {
      s_L[i] = Scalar::random();
      s_R[i] = Scalar::random();
      sc[Gens::g_index(i)] = s_L[i];
      sc[Gens::h_index(i)] = s_R[i];
    }
    proof.S = ProofPoint::from_point(msm(sc, bases));
  }
  append_point(transcript, "A", proof.A);
  append_point(transcript, "S", proof.S);
  const Scalar y = challenge_scalar(transcript, "y");
  const Scalar z = challenge_scalar(transcript, "z");
  if (y.is_zero()) return zero_challenge("y");
  if (z.is_zero()) return zero_challenge("z");

  // l(X) = (a_L - z 1) + s_L X
  // r(X) = y^N o (a_R + z 1 + s_R X) + sum_j z^{2+j} (0^{jn} || 2^n || 0^{(m-1-j)n})   (sec. 4.3)
  {
    Scalar y_pow = Scalar::one();
    Scalar z_pow = z * z;  // z^{2+j}
    for (std::size_t j = 0; j < m; ++j) {
      for (unsigned i = 0; i < n; ++i) {
        const std::size_t idx = j * n + i;
        l0[idx] = a_L[idx] - z;
        l1[idx] = s_L[idx];
        r0[idx] = y_pow * (a_R[idx] + z) + z_pow * pow2(i);
        r1[idx] = y_pow * s_R[idx];
        y_pow = y_pow * y;
      }
      z_pow = z_pow * z;
    }
  }
  // t(X) = <l(X), r(X)> = t0 + t1 X + t2 X^2 (eq. 48)
  t1 = inner_product(l0, r1) + inner_product(l1, r0);
  t2 = inner_product(l1, r1);
  {
    const std::array<RistrettoPoint, 2> pts = {B, B_blinding};
    const std::array<Scalar, 2> s1 = {t1, tau1}, s2 = {t2, tau2};
    proof.T1 = ProofPoint::from_point(msm(s1, pts));  // eq. 53
    proof.T2 = ProofPoint::from_point(msm(s2, pts));
  }
  append_point(transcript, "T1", proof.T1);
  append_point(transcript, "T2", proof.T2);
  const Scalar x = challenge_scalar(transcript, "x");
  if (x.is_zero()) return zero_challenge("x");

  // tau_x = tau2 x^2 + tau1 x + sum_j z^{2+j} gamma_j (eq. 71); mu = alpha + rho x (eq. 62).
  {
    Scalar tx_blind = tau2 * x * x + tau1 * x;
    Scalar z_pow = z * z;
    for (std::size_t j = 0; j < m; ++j) {
      tx_blind = tx_blind + z_pow * blindings[j];
      z_pow = z_pow * z;
    }
    proof.t_x_blinding = tx_blind;
    proof.e_blinding = alpha + rho * x;
  }
  // l = l(x), r = r(x), t_x = <l, r> (eq. 58-60).
  for (std::size_t i = 0; i < N; ++i) {
    a[i] = l0[i] + l1[i] * x;
    b[i] = r0[i] + r1[i] * x;
  }
  proof.t_x = inner_product(a, b);
  append_scalar(transcript, "t_x", proof.t_x);
  append_scalar(transcript, "t_x_blinding", proof.t_x_blinding);
  append_scalar(transcript, "e_blinding", proof.e_blinding);
  const Scalar w = challenge_scalar(transcript, "w");
  if (w.is_zero()) return zero_challenge("w");

  // Inner-product argument (sec. 3, protocol 2) for P = <a, G> + <b, H'> + <a, b> Q with
  // H'_i = y^{-i} H_i and Q = w B. The folded generators are never formed: the current G'_i is
  // sum over original indices t = i mod n' of g_fac[t] G_t (likewise H'), so each L and R is one
  // variable-time MSM over the fixed generator tables (a and b are publishable, see the header).
  const FixedBases& tables = Gens::tables(N);
  std::vector<Scalar> g_fac(N, Scalar::one()), h_fac(N);
  {
    const Scalar y_inv = y.inverse_vartime();
    Scalar p = Scalar::one();
    for (std::size_t i = 0; i < N; ++i) {
      h_fac[i] = p;
      p = p * y_inv;
    }
  }
  proof.L.reserve(k);
  proof.R.reserve(k);
  for (std::size_t cur = N; cur > 1; cur /= 2) {
    const std::size_t h = cur / 2;
    const std::span<Scalar> a_lo(a.data(), h), a_hi(a.data() + h, h), b_lo(b.data(), h),
        b_hi(b.data() + h, h);
    const Scalar c_L = inner_product(a_lo, b_hi), c_R = inner_product(a_hi, b_lo);
    // L = <a_lo, G'_hi> + <b_hi, H'_lo> + c_L Q
    std::fill(sc.begin(), sc.end(), Scalar::zero());
    sc[Gens::b_index()] = c_L * w;
    for (std::size_t t = 0; t < N; ++t) {
      const std::size_t i = t & (cur - 1);
      if (i >= h)
        sc[Gens::g_index(t)] = a[i - h] * g_fac[t];
      else
        sc[Gens::h_index(t)] = b[i + h] * h_fac[t];
    }
    const ProofPoint L = ProofPoint::from_point(tables.msm_vartime(sc));
    // R = <a_hi, G'_lo> + <b_lo, H'_hi> + c_R Q
    std::fill(sc.begin(), sc.end(), Scalar::zero());
    sc[Gens::b_index()] = c_R * w;
    for (std::size_t t = 0; t < N; ++t) {
      const std::size_t i = t & (cur - 1);
      if (i < h)
        sc[Gens::g_index(t)] = a[i + h] * g_fac[t];
      else
        sc[Gens::h_index(t)] = b[i - h] * h_fac[t];
    }
    const ProofPoint R = ProofPoint::from_point(tables.msm_vartime(sc));
    append_point(transcript, "L", L);
    append_point(transcript, "R", R);
    proof.L.push_back(L);
    proof.R.push_back(R);
    const Scalar u = challenge_scalar(transcript, "u");
    if (u.is_zero()) return zero_challenge("u");
    const Scalar u_inv = u.inverse_vartime();
    // a' = a_lo u + a_hi u^{-1}, b' = b_lo u^{-1} + b_hi u, G' = G_lo u^{-1} + G_hi u,
    // H' = H_lo u + H_hi u^{-1} (protocol 2, eq. 24-29).
    for (std::size_t i = 0; i < h; ++i) {
      a[i] = a[i] * u + a[i + h] * u_inv;
      b[i] = b[i] * u_inv + b[i + h] * u;
    }
    for (std::size_t t = 0; t < N; ++t) {
      const bool lo = (t & (cur - 1)) < h;
      g_fac[t] = g_fac[t] * (lo ? u_inv : u);
      h_fac[t] = h_fac[t] * (lo ? u : u_inv);
    }
  }
  proof.a = a[0];
  proof.b = b[0];
  return out;  // the wiper clears every secret vector and scalar
}

// The verification equation of one proof, weighted by `weight`, added into `fixed` (the scalars of
// the interleaved bases) and appended to dyn_scalars/dyn_points. With c random, the single equation
// (sec. 6.2) is
//   0 = A + x S - z<1, G> + sum_i (z + y^{-i} (z^{2+j(i)} 2^{i mod n} - b s_i^{-1})) H_i - sum_i a s_i G_i
//       - e_blinding B_blinding + w (t_x - a b) B + sum_j (u_j^2 L_j + u_j^{-2} R_j)
//       + c (sum_j z^{2+j} V_j + delta(y, z) B + x T1 + x^2 T2 - t_x B - t_x_blinding B_blinding),
// delta(y, z) = (z - z^2) <1, y^N> - sum_j z^{3+j} <1, 2^n> (eq. 39 with sec. 4.3's z powers),
// s_i = prod_j u_j^{+1 if bit k-1-j of i is set, else -1} (eq. 35 and sec. 6.2), s_i^{-1} = s_{N-1-i}.
Status accumulate(Transcript& transcript, const RangeProof& proof, std::span<const Commitment> commitments,
                  unsigned n, const Scalar& weight, std::vector<Scalar>& fixed,
                  std::vector<Scalar>& dyn_scalars, std::vector<RistrettoPoint>& dyn_points) {
  const std::size_t m = commitments.size();
  if (auto s = check_parameters(n, m); !s) return s;
  const std::size_t N = n * m;
  const unsigned k = log2_exact(N);
  if (proof.L.size() != k || proof.R.size() != k)
    return make_error(Errc::kInvalidArgument, "range proof: " + std::to_string(proof.L.size()) + " L and " +
                                                  std::to_string(proof.R.size()) + " R points, expected " +
                                                  std::to_string(k) + " for n = " + std::to_string(n) +
                                                  ", m = " + std::to_string(m));
  ZKC_ASSERT(fixed.size() >= Gens::num_bases(N));

  absorb_statement(transcript, n, commitments);
  append_point(transcript, "A", proof.A);
  append_point(transcript, "S", proof.S);
  const Scalar y = challenge_scalar(transcript, "y");
  const Scalar z = challenge_scalar(transcript, "z");
  append_point(transcript, "T1", proof.T1);
  append_point(transcript, "T2", proof.T2);
  const Scalar x = challenge_scalar(transcript, "x");
  append_scalar(transcript, "t_x", proof.t_x);
  append_scalar(transcript, "t_x_blinding", proof.t_x_blinding);
  append_scalar(transcript, "e_blinding", proof.e_blinding);
  const Scalar w = challenge_scalar(transcript, "w");
  if (y.is_zero()) return zero_challenge("y");
  if (z.is_zero()) return zero_challenge("z");
  if (x.is_zero()) return zero_challenge("x");
  if (w.is_zero()) return zero_challenge("w");
  // u_0..u_{k-1} and y, inverted together (Montgomery's trick; public values, variable time).
  std::vector<Scalar> u(k + 1), u_inv(k + 1);
  for (unsigned j = 0; j < k; ++j) {
    append_point(transcript, "L", proof.L[j]);
    append_point(transcript, "R", proof.R[j]);
    u[j] = challenge_scalar(transcript, "u");
    if (u[j].is_zero()) return zero_challenge("u");
  }
  u[k] = y;
  {
    std::vector<Scalar> prefix(k + 1);
    Scalar acc = Scalar::one();
    for (unsigned j = 0; j <= k; ++j) {
      prefix[j] = acc;
      acc = acc * u[j];
    }
    Scalar inv = acc.inverse_vartime();
    for (unsigned j = k + 1; j-- > 0;) {
      u_inv[j] = inv * prefix[j];
      inv = inv * u[j];
    }
  }
  const Scalar y_inv = u_inv[k];

  // s_0 = prod_j u_j^{-1}; s_i = s_{i - 2^b} u_{k-1-b}^2 for b the top bit of i.
  std::vector<Scalar> s(N);
  s[0] = Scalar::one();
  for (unsigned j = 0; j < k; ++j) s[0] = s[0] * u_inv[j];
  for (std::size_t i = 1; i < N; ++i) {
    const unsigned b = log2_exact(i + 1) - 1;  // top bit of i
    const std::size_t top = std::size_t{1} << b;
    const unsigned j = k - 1 - b;
    s[i] = s[i - top] * u[j] * u[j];
  }

  const Scalar c = Scalar::random();  // weight of the t-equation (sec. 6.2)
  const Scalar z2 = z * z;
  const Scalar wz = weight * z;
  const Scalar wa = weight * proof.a;
  const Scalar wb = weight * proof.b;
  const Scalar wc = weight * c;

  // G_i and H_i; delta's <1, y^N> along the way.
  Scalar y_inv_pow = Scalar::one(), y_pow_sum, z_pow = z2;
  for (std::size_t j = 0; j < m; ++j) {
    const Scalar wz_pow = weight * z_pow;
    for (unsigned i = 0; i < n; ++i) {
      const std::size_t idx = j * n + i;
      fixed[Gens::g_index(idx)] = fixed[Gens::g_index(idx)] - wz - wa * s[idx];
      fixed[Gens::h_index(idx)] =
          fixed[Gens::h_index(idx)] + wz + y_inv_pow * (wz_pow * pow2(i) - wb * s[N - 1 - idx]);
      y_inv_pow = y_inv_pow * y_inv;
    }
    z_pow = z_pow * z;
  }
  {
    Scalar p = Scalar::one();
    for (std::size_t i = 0; i < N; ++i) {
      y_pow_sum = y_pow_sum + p;
      p = p * y;
    }
  }
  // sum_j z^{3+j} <1, 2^n>, <1, 2^n> = 2^n - 1
  const Scalar ones_2n =
      n == 64 ? Scalar::from_u64(~std::uint64_t{0}) : Scalar::from_u64((std::uint64_t{1} << n) - 1);
  Scalar z_sum;
  {
    Scalar zp = z2 * z;
    for (std::size_t j = 0; j < m; ++j) {
      z_sum = z_sum + zp;
      zp = zp * z;
    }
  }
  const Scalar delta = (z - z2) * y_pow_sum - z_sum * ones_2n;
  const Scalar ab = proof.a * proof.b;
  fixed[Gens::b_index()] =
      fixed[Gens::b_index()] + weight * (w * (proof.t_x - ab)) + wc * (delta - proof.t_x);
  fixed[Gens::b_blinding_index()] =
      fixed[Gens::b_blinding_index()] - weight * proof.e_blinding - wc * proof.t_x_blinding;

  dyn_scalars.push_back(weight);
  dyn_points.push_back(proof.A.point);
  dyn_scalars.push_back(weight * x);
  dyn_points.push_back(proof.S.point);
  dyn_scalars.push_back(wc * x);
  dyn_points.push_back(proof.T1.point);
  dyn_scalars.push_back(wc * x * x);
  dyn_points.push_back(proof.T2.point);
  Scalar zp = z2;
  for (std::size_t j = 0; j < m; ++j) {
    dyn_scalars.push_back(wc * zp);
    dyn_points.push_back(commitments[j].point());
    zp = zp * z;
  }
  for (unsigned j = 0; j < k; ++j) {
    dyn_scalars.push_back(weight * u[j] * u[j]);
    dyn_points.push_back(proof.L[j].point);
    dyn_scalars.push_back(weight * u_inv[j] * u_inv[j]);
    dyn_points.push_back(proof.R[j].point);
  }
  return Status::success();
}

}  // namespace

bool RangeProof::valid_parameters(unsigned n_bits, std::size_t m) {
  const bool n_ok = n_bits == 8 || n_bits == 16 || n_bits == 32 || n_bits == 64;
  const bool m_ok = m >= 1 && m <= 64 && (m & (m - 1)) == 0;
  return n_ok && m_ok;
}

std::size_t RangeProof::serialized_size(unsigned n_bits, std::size_t m) {
  ZKC_ASSERT(valid_parameters(n_bits, m));
  return 32 * (9 + 2 * std::size_t{log2_exact(n_bits * m)});
}

std::vector<std::uint8_t> RangeProof::to_bytes() const {
  std::vector<std::uint8_t> out;
  out.reserve(32 * (9 + 2 * L.size()));
  auto put = [&](const std::array<std::uint8_t, 32>& x) { out.insert(out.end(), x.begin(), x.end()); };
  put(A.bytes);
  put(S.bytes);
  put(T1.bytes);
  put(T2.bytes);
  put(scalar_bytes(t_x));
  put(scalar_bytes(t_x_blinding));
  put(scalar_bytes(e_blinding));
  for (std::size_t j = 0; j < L.size(); ++j) {
    put(L[j].bytes);
    put(R[j].bytes);
  }
  put(scalar_bytes(a));
  put(scalar_bytes(b));
  return out;
}

Result<RangeProof> RangeProof::from_bytes(std::span<const std::uint8_t> bytes, unsigned n_bits,
                                          std::size_t m) {
  if (auto s = check_parameters(n_bits, m); !s) return s.error();
  const std::size_t expected = serialized_size(n_bits, m);
  if (bytes.size() != expected)
    return make_error(Errc::kBadLength, "range proof: " + std::to_string(bytes.size()) + " bytes, expected " +
                                            std::to_string(expected) + " for n = " + std::to_string(n_bits) +
                                            ", m = " + std::to_string(m));
  const unsigned k = log2_exact(n_bits * m);
  std::size_t off = 0;
  auto where = [&](const std::string& field) {
    return "range proof: " + field + " at byte " + std::to_string(off);
  };
  auto point = [&](const std::string& field) -> Result<ProofPoint> {
    const std::span<const std::uint8_t, 32> in(bytes.data() + off, 32);
    auto p = RistrettoPoint::decode(in);
    if (!p) return make_error(p.error().code, where(field) + ": " + p.error().message);
    ProofPoint pp{p.value(), {}};
    std::copy(in.begin(), in.end(), pp.bytes.begin());
    off += 32;
    return pp;
  };
  auto scalar = [&](const std::string& field) -> Result<Scalar> {
    auto s = ff::curve25519::scalar_from_bytes_le(std::span<const std::uint8_t, 32>(bytes.data() + off, 32));
    if (!s) return make_error(Errc::kNotCanonical, where(field) + ": scalar not canonical (>= l)");
    off += 32;
    return s.value();
  };
  RangeProof p;
  ZKC_TRY(p.A, point("A"));
  ZKC_TRY(p.S, point("S"));
  ZKC_TRY(p.T1, point("T1"));
  ZKC_TRY(p.T2, point("T2"));
  ZKC_TRY(p.t_x, scalar("t_x"));
  ZKC_TRY(p.t_x_blinding, scalar("t_x_blinding"));
  ZKC_TRY(p.e_blinding, scalar("e_blinding"));
  p.L.reserve(k);
  p.R.reserve(k);
  for (unsigned j = 0; j < k; ++j) {
    ZKC_TRY(ProofPoint l, point("L_" + std::to_string(j)));
    ZKC_TRY(ProofPoint r, point("R_" + std::to_string(j)));
    p.L.push_back(l);
    p.R.push_back(r);
  }
  ZKC_TRY(p.a, scalar("a"));
  ZKC_TRY(p.b, scalar("b"));
  ZKC_ASSERT(off == expected);
  return p;
}

Result<RangeProofWithCommitments> prove_range(Transcript& transcript, std::span<const std::uint64_t> values,
                                              std::span<const Scalar> blindings, unsigned n_bits) {
  if (auto s = check_parameters(n_bits, values.size()); !s) return s.error();
  for (std::size_t j = 0; j < values.size(); ++j)
    if (n_bits < 64 && (values[j] >> n_bits) != 0)
      return make_error(Errc::kInvalidArgument, "range proof: value " + std::to_string(j) +
                                                    " is not below 2^" + std::to_string(n_bits));
  std::vector<Scalar> v(values.size());
  for (std::size_t j = 0; j < values.size(); ++j) v[j] = Scalar::from_u64(values[j]);
  auto r = prove_impl(transcript, v, blindings, n_bits);
  wipe(v);
  return r;
}

Result<RangeProofWithCommitments> internal::prove_range_unchecked(Transcript& transcript,
                                                                  std::span<const Scalar> values,
                                                                  std::span<const Scalar> blindings,
                                                                  unsigned n_bits) {
  return prove_impl(transcript, values, blindings, n_bits);
}

Status verify_range(Transcript& transcript, const RangeProof& proof, std::span<const Commitment> commitments,
                    unsigned n_bits) {
  const RangeStatement st{&transcript, &proof, commitments, n_bits};
  return verify_range_batch(std::span<const RangeStatement>(&st, 1));
}

Status verify_range_batch(std::span<const RangeStatement> statements) {
  if (statements.empty()) return make_error(Errc::kInvalidArgument, "range proof batch: no statements");
  std::size_t max_N = 0, dyn = 0;
  for (std::size_t p = 0; p < statements.size(); ++p) {
    const RangeStatement& st = statements[p];
    if (auto s = check_parameters(st.n_bits, st.commitments.size()); !s) {
      if (statements.size() == 1) return s;
      return make_error(s.error().code, "proof " + std::to_string(p) + ": " + s.error().message);
    }
    max_N = std::max(max_N, st.n_bits * st.commitments.size());
    dyn += 4 + st.commitments.size() + 2 * st.proof->L.size();
  }
  std::vector<Scalar> fixed(Gens::num_bases(max_N));
  std::vector<Scalar> dyn_scalars;
  std::vector<RistrettoPoint> dyn_points;
  dyn_scalars.reserve(dyn);
  dyn_points.reserve(dyn);
  for (std::size_t p = 0; p < statements.size(); ++p) {
    const RangeStatement& st = statements[p];
    // A single proof needs no weight; in a batch each proof's equation gets a random one.
    const Scalar weight = statements.size() == 1 ? Scalar::one() : Scalar::random();
    if (auto s = accumulate(*st.transcript, *st.proof, st.commitments, st.n_bits, weight, fixed, dyn_scalars,
                            dyn_points);
        !s) {
      if (statements.size() == 1) return s;
      return make_error(s.error().code, "proof " + std::to_string(p) + ": " + s.error().message);
    }
  }
  const RistrettoPoint check = Gens::tables(max_N).msm_vartime(fixed, dyn_scalars, dyn_points);
  if (!check.is_identity())
    return make_error(Errc::kInvalidArgument, statements.size() == 1
                                                  ? "range proof: verification equation fails"
                                                  : "range proof batch: verification equation fails");
  return Status::success();
}

}  // namespace zkc::commit
