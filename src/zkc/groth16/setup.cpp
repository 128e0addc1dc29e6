#include "zkc/groth16/setup.hpp"

#include <sodium.h>

#include <bit>
#include <mutex>

#include "zkc/base/thread_pool.hpp"
#include "zkc/groth16/ptau.hpp"

namespace zkc::groth16 {
namespace {

using ff::U256;

// [k]P for a public k, using -P and r - k when that is the shorter scalar (circuits are full of
// coefficients like -1 and -2^i).
template <class Affine>
auto mul_short_vartime(const Affine& p, const Fr& k) {
  static const U256 half = Fr::kModulus.shr(1);
  const U256 v = k.to_u256();
  if (half < v) return (-p).to_jacobian().mul_vartime(Fr::kModulus - v);
  return p.to_jacobian().mul_vartime(v);
}

// One term of a point to compute: coefficient times the basis point at `index`.
struct Ref {
  std::uint32_t index;
  Fr coeff;
};

// For every output i, sum over its refs of coeff * basis[index]; refs grouped per output (CSR).
template <class Affine>
std::vector<Affine> combine(std::size_t outputs, const std::vector<std::uint32_t>& start,
                            const std::vector<Ref>& refs, std::span<const Affine> basis,
                            const std::function<void(std::size_t)>& tick) {
  using Jac = decltype(Affine().to_jacobian());
  std::vector<Jac> sums(outputs);
  parallel_for(outputs, 256, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t i = lo; i < hi; ++i) {
      Jac acc = Jac::identity();
      for (std::uint32_t t = start[i]; t < start[i + 1]; ++t)
        acc = acc.add_vartime(mul_short_vartime(basis[refs[t].index], refs[t].coeff));
      sums[i] = acc;
    }
    tick(hi - lo);
  });
  std::vector<Affine> out(outputs);
  Jac::batch_to_affine_vartime(sums, out);
  return out;
}

// Collects (output, basis index, coefficient) triples and turns them into CSR order.
class Scatter {
 public:
  explicit Scatter(std::size_t outputs) : count_(outputs + 1, 0) {}
  void add(std::uint32_t output, std::uint32_t index, const Fr& coeff) {
    items_.push_back({output, {index, coeff}});
  }
  void finish(std::vector<std::uint32_t>& start, std::vector<Ref>& refs) {
    for (const auto& it : items_) ++count_[it.first + 1];
    for (std::size_t i = 1; i < count_.size(); ++i) count_[i] += count_[i - 1];
    start = count_;
    refs.resize(items_.size());
    std::vector<std::uint32_t> fill(count_.begin(), count_.end() - 1);
    for (const auto& it : items_) refs[fill[it.first]++] = it.second;
    items_.clear();
  }

 private:
  std::vector<std::uint32_t> count_;
  std::vector<std::pair<std::uint32_t, Ref>> items_;
};

// snarkjs's uncompressed encodings for hashing: big-endian, non-Montgomery, x then y; for G2 each
// coordinate as c1 || c0. The point at infinity: all zeros (no flag bit; checked by producing keys
// byte-identical to snarkjs's `groth16 setup` on circuits whose keys hold points at infinity).
void put_fq(std::vector<std::uint8_t>& out, const ff::bn254::Fq& v) {
  const auto b = v.to_bytes_be();
  out.insert(out.end(), b.begin(), b.end());
}
void put_g1(std::vector<std::uint8_t>& out, const G1Affine& p) {
  if (p.is_infinity()) {
    out.insert(out.end(), 64, 0);
    return;
  }
  put_fq(out, p.x);
  put_fq(out, p.y);
}
void put_g2(std::vector<std::uint8_t>& out, const G2Affine& p) {
  if (p.is_infinity()) {
    out.insert(out.end(), 128, 0);
    return;
  }
  put_fq(out, p.x.c1);
  put_fq(out, p.x.c0);
  put_fq(out, p.y.c1);
  put_fq(out, p.y.c0);
}
void put_u32_be(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int i = 3; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

// How many H points snarkjs hashes: chunks of 2^14 starting below n - 1, each min(n - 1, 2^14) long
// (so n points rather than n - 1 once n > 2^14; zkey_new.js hashHPoints).
std::size_t hashed_h_count(std::size_t n) {
  constexpr std::size_t kChunk = 1 << 14;
  std::size_t count = 0;
  for (std::size_t i = 0; i < n - 1; i += kChunk) count += std::min(n - 1, kChunk);
  return count;
}

}  // namespace

SetupSrs SetupPoints::srs() const {
  SetupSrs s;
  s.log2_n = log2_n;
  s.alpha1 = alpha1;
  s.beta1 = beta1;
  s.beta2 = beta2;
  s.lagrange_tau_g1 = lagrange_tau_g1;
  s.lagrange_tau_g2 = lagrange_tau_g2;
  s.lagrange_alpha_tau_g1 = lagrange_alpha_tau_g1;
  s.lagrange_beta_tau_g1 = lagrange_beta_tau_g1;
  s.lagrange_tau_g1_2n = lagrange_tau_g1_2n;
  s.tau_g1 = tau_g1;
  return s;
}

std::size_t setup_tau_g1_count(std::size_t n) { return n + hashed_h_count(n); }

unsigned setup_domain_log2(const r1cs::ConstraintSystem& cs) {
  const std::uint64_t v = cs.constraints.size() + cs.num_public();
  return v == 0 ? 1 : static_cast<unsigned>(std::bit_width(v));  // floor(log2 v) + 1
}

std::array<std::uint8_t, 64> circuit_hash(const ProvingKey& pk, std::span<const G1Affine> h_monomial) {
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, 64);
  std::vector<std::uint8_t> buf;
  auto flush = [&] {
    crypto_generichash_update(&st, buf.data(), buf.size());
    buf.clear();
  };
  put_g1(buf, pk.alpha1);
  put_g1(buf, pk.beta1);
  put_g2(buf, pk.beta2);
  put_g2(buf, pk.gamma2);
  put_g1(buf, pk.delta1);
  put_g2(buf, pk.delta2);
  auto g1_section = [&](std::span<const G1Affine> pts) {
    put_u32_be(buf, static_cast<std::uint32_t>(pts.size()));
    for (const auto& p : pts) {
      put_g1(buf, p);
      if (buf.size() > (1 << 20)) flush();
    }
  };
  g1_section(pk.ic);
  put_u32_be(buf, pk.domain_size - 1);
  for (const auto& p : h_monomial) {
    put_g1(buf, p);
    if (buf.size() > (1 << 20)) flush();
  }
  g1_section(pk.c);
  g1_section(pk.a);
  g1_section(pk.b1);
  put_u32_be(buf, static_cast<std::uint32_t>(pk.b2.size()));
  for (const auto& p : pk.b2) {
    put_g2(buf, p);
    if (buf.size() > (1 << 20)) flush();
  }
  flush();
  std::array<std::uint8_t, 64> out{};
  crypto_generichash_final(&st, out.data(), out.size());
  return out;
}

Result<ProvingKey> setup(const r1cs::ConstraintSystem& cs, const SetupSrs& srs,
                         const SetupProgress& progress) {
  if (Status s = cs.validate(); !s) return s.error();
  const unsigned log2_n = setup_domain_log2(cs);
  if (log2_n > srs.log2_n)
    return make_error(Errc::kInvalidArgument, "setup: the circuit (" + std::to_string(cs.constraints.size()) +
                                                  " constraints, " + std::to_string(cs.num_public()) +
                                                  " public signals) needs a domain of 2^" +
                                                  std::to_string(log2_n) + ", the SRS was prepared for 2^" +
                                                  std::to_string(srs.log2_n));
  if (log2_n != srs.log2_n)
    return make_error(Errc::kInvalidArgument, "setup: the SRS is for a domain of 2^" +
                                                  std::to_string(srs.log2_n) + ", the circuit uses 2^" +
                                                  std::to_string(log2_n));
  const std::size_t n = std::size_t{1} << log2_n;
  const std::size_t h_hashed = hashed_h_count(n);
  if (srs.lagrange_tau_g1.size() != n || srs.lagrange_tau_g2.size() != n ||
      srs.lagrange_alpha_tau_g1.size() != n || srs.lagrange_beta_tau_g1.size() != n ||
      srs.lagrange_tau_g1_2n.size() != 2 * n || srs.tau_g1.size() < setup_tau_g1_count(n))
    return make_error(Errc::kInvalidArgument,
                      "setup: SRS point counts do not match the domain of 2^" + std::to_string(log2_n));

  const std::uint32_t m = static_cast<std::uint32_t>(cs.constraints.size());
  const std::uint32_t np = cs.num_public();
  const std::uint32_t nv = cs.num_wires;

  ProvingKey pk;
  pk.num_wires = nv;
  pk.num_public = np;
  pk.domain_size = static_cast<std::uint32_t>(n);
  pk.alpha1 = srs.alpha1;
  pk.beta1 = srs.beta1;
  pk.beta2 = srs.beta2;
  pk.gamma2 = G2Affine::generator();
  pk.delta1 = G1Affine::generator();
  pk.delta2 = G2Affine::generator();

  // The four bases the K_i (IC and C) terms draw from, concatenated: index = base * n + row.
  enum : std::uint32_t { kTau = 0, kAlpha = 1, kBeta = 2 };
  std::vector<G1Affine> k_basis;
  k_basis.reserve(3 * n);
  k_basis.insert(k_basis.end(), srs.lagrange_tau_g1.begin(), srs.lagrange_tau_g1.end());
  k_basis.insert(k_basis.end(), srs.lagrange_alpha_tau_g1.begin(), srs.lagrange_alpha_tau_g1.end());
  k_basis.insert(k_basis.end(), srs.lagrange_beta_tau_g1.begin(), srs.lagrange_beta_tau_g1.end());
  auto k_index = [&](std::uint32_t base, std::uint32_t row) {
    return static_cast<std::uint32_t>(base * n + row);
  };

  Scatter sa(nv), sb(nv), sk(nv);
  for (std::uint32_t row = 0; row < m; ++row) {
    const r1cs::Constraint& c = cs.constraints[row];
    for (const auto& t : c.a.terms) {
      sa.add(t.wire, row, t.coeff);
      sk.add(t.wire, k_index(kBeta, row), t.coeff);
      pk.coefficients.push_back({0, row, t.wire, t.coeff});
    }
    for (const auto& t : c.b.terms) {
      sb.add(t.wire, row, t.coeff);
      sk.add(t.wire, k_index(kAlpha, row), t.coeff);
      pk.coefficients.push_back({1, row, t.wire, t.coeff});
    }
    for (const auto& t : c.c.terms) sk.add(t.wire, k_index(kTau, row), t.coeff);
  }
  // One extra row per public wire (and the one wire): A = w_i, B = C = 0.
  for (std::uint32_t i = 0; i <= np; ++i) {
    sa.add(i, m + i, Fr::one());
    sk.add(i, k_index(kBeta, m + i), Fr::one());
    pk.coefficients.push_back({0, m + i, i, Fr::one()});
  }

  std::vector<std::uint32_t> a_start, b_start, k_start;
  std::vector<Ref> a_refs, b_refs, k_refs;
  sa.finish(a_start, a_refs);
  sb.finish(b_start, b_refs);
  sk.finish(k_start, k_refs);

  // Progress over the 4 nv points; ticks come from worker threads, so they are serialized.
  std::size_t done = 0;
  std::mutex progress_mutex;
  auto tick_locked = [&](std::size_t k) {
    std::lock_guard<std::mutex> lock(progress_mutex);
    done += k;
    if (progress) progress(done, 4 * std::size_t{nv});
  };

  pk.a = combine<G1Affine>(nv, a_start, a_refs, srs.lagrange_tau_g1, tick_locked);
  pk.b1 = combine<G1Affine>(nv, b_start, b_refs, srs.lagrange_tau_g1, tick_locked);
  pk.b2 = combine<G2Affine>(nv, b_start, b_refs, srs.lagrange_tau_g2, tick_locked);
  std::vector<G1Affine> k =
      combine<G1Affine>(nv, k_start, k_refs, std::span<const G1Affine>(k_basis), tick_locked);
  pk.ic.assign(k.begin(), k.begin() + np + 1);
  pk.c.assign(k.begin() + np + 1, k.end());

  pk.h.resize(n);
  for (std::size_t j = 0; j < n; ++j) pk.h[j] = srs.lagrange_tau_g1_2n[2 * j + 1];

  // The circuit hash, with H in snarkjs's monomial form [tau^j (tau^n - 1)]_1.
  std::vector<G1Jacobian> hm_j(h_hashed);
  parallel_for(h_hashed, 1024, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t j = lo; j < hi; ++j)
      hm_j[j] = srs.tau_g1[j + n].to_jacobian().add_mixed_vartime(-srs.tau_g1[j]);
  });
  std::vector<G1Affine> hm(h_hashed);
  G1Jacobian::batch_to_affine_vartime(hm_j, hm);
  pk.phase2.cs_hash = circuit_hash(pk, hm);
  return pk;
}

Result<ProvingKey> setup_from_ptau(const r1cs::ConstraintSystem& cs, const formats::PtauFile& ptau,
                                   const SetupProgress& progress) {
  if (Status s = cs.validate(); !s) return s.error();
  const unsigned log2_n = setup_domain_log2(cs);
  if (log2_n > ptau.power())
    return make_error(Errc::kInvalidArgument,
                      ptau.name() + ": the circuit (" + std::to_string(cs.constraints.size()) +
                          " constraints, " + std::to_string(cs.num_public()) +
                          " public signals) needs a domain of 2^" + std::to_string(log2_n) +
                          " and the Lagrange basis of 2^" + std::to_string(log2_n + 1) +
                          " points; this Powers of Tau has power " + std::to_string(ptau.power()));
  // The circuit hash reads setup_tau_g1_count(n) monomials: past 2^14 that is 2n, one more than a
  // ceremony of power log2_n holds (2^(power+1) - 1), so such domains need the next power up.
  const std::size_t tau_points = setup_tau_g1_count(std::size_t{1} << log2_n);
  if (log2_n == ptau.power() && tau_points > (std::size_t{1} << (ptau.power() + 1)) - 1)
    return make_error(Errc::kInvalidArgument,
                      ptau.name() + ": the circuit (" + std::to_string(cs.constraints.size()) +
                          " constraints) needs a domain of 2^" + std::to_string(log2_n) +
                          ", and past 2^14 snarkjs's key hash reads " + std::to_string(tau_points) +
                          " tauG1 points, one more than a power-" + std::to_string(ptau.power()) +
                          " ceremony has: use a Powers of Tau of power " + std::to_string(log2_n + 1) +
                          " or more");
  if (!ptau.has_lagrange())
    return make_error(
        Errc::kInvalidArgument,
        ptau.name() + ": not prepared for phase 2 (no Lagrange sections 12-15); run `zkcredit ptau prepare`");
  ZKC_TRY(const SetupPoints points, read_setup_points(ptau, log2_n));
  return setup(cs, points.srs(), progress);
}

}  // namespace zkc::groth16
