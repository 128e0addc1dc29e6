#include "zkc/groth16/prover.hpp"

#include <algorithm>
#include <chrono>

#include "zkc/base/random.hpp"
#include "zkc/base/thread_pool.hpp"
#include "zkc/ec/bn254_msm.hpp"
#include "zkc/poly/domain.hpp"
#include "zkc/poly/ntt.hpp"

namespace zkc::groth16 {
namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// Wipes a vector of field elements (witness-derived values) before it is freed.
void wipe(std::vector<Fr>& v) { secure_wipe(v.data(), v.size() * sizeof(Fr)); }

// a_j = <A_j, w> and b_j = <B_j, w> for every row j. snarkjs writes coefficients row by row, so the
// list is split into contiguous chunks at row boundaries and the chunks run in parallel; an unsorted
// list (legal, if unusual) is accumulated serially.
void evaluate_rows(const ProvingKey& pk, std::span<const Fr> w, std::vector<Fr>& a, std::vector<Fr>& b) {
  const auto& coeffs = pk.coefficients;
  const std::size_t m = coeffs.size();
  const bool sorted = std::is_sorted(coeffs.begin(), coeffs.end(), [](const Coefficient& x, const Coefficient& y) {
    return x.constraint < y.constraint;
  });
  auto accumulate = [&](std::size_t lo, std::size_t hi) {
    for (std::size_t i = lo; i < hi; ++i) {
      const Coefficient& c = coeffs[i];
      const Fr v = c.value * w[c.wire];
      if (c.matrix == 0)
        a[c.constraint] += v;
      else
        b[c.constraint] += v;
    }
  };
  if (!sorted || num_threads() == 1 || m < 4096) {
    accumulate(0, m);
    return;
  }
  const std::size_t parts = num_threads() * 4;
  std::vector<std::size_t> cut(parts + 1, m);
  cut[0] = 0;
  for (std::size_t p = 1; p < parts; ++p) {
    std::size_t i = std::max(cut[p - 1], m * p / parts);
    while (i < m && i > 0 && coeffs[i].constraint == coeffs[i - 1].constraint) ++i;
    cut[p] = i;
  }
  parallel_tasks(parts, [&](std::size_t p) { accumulate(cut[p], cut[p + 1]); });
}

template <class J, class A>
A to_affine(const J& p) {
  A out;
  J::batch_to_affine_vartime(std::span<const J>(&p, 1), std::span<A>(&out, 1));
  return out;
}

}  // namespace

Status validate(const ProvingKey& pk) {
  auto bad = [](const std::string& what) { return make_error(Errc::kBadFormat, "proving key: " + what); };
  const std::uint64_t n = pk.domain_size;
  if (n < 2 || (n & (n - 1)) != 0 || n > (std::uint64_t{1} << poly::EvaluationDomain::kMaxLog2Size))
    return bad("domain size " + std::to_string(n) + " is not a power of two in [2, 2^28]");
  if (pk.num_wires < 1 || std::uint64_t{pk.num_public} + 1 > pk.num_wires)
    return bad(std::to_string(pk.num_public) + " public signals do not fit in " + std::to_string(pk.num_wires) + " wires");
  if (pk.ic.size() != std::size_t{pk.num_public} + 1) return bad("IC has " + std::to_string(pk.ic.size()) + " points");
  if (pk.a.size() != pk.num_wires || pk.b1.size() != pk.num_wires || pk.b2.size() != pk.num_wires)
    return bad("A, B1, B2 must have one point per wire (" + std::to_string(pk.num_wires) + ")");
  if (pk.c.size() != pk.num_wires - pk.num_public - 1)
    return bad("C must have one point per private wire (" + std::to_string(pk.num_wires - pk.num_public - 1) + ")");
  if (pk.h.size() != n) return bad("H must have domain-size (" + std::to_string(n) + ") points");
  for (std::size_t i = 0; i < pk.coefficients.size(); ++i) {
    const Coefficient& c = pk.coefficients[i];
    if (c.matrix > 1 || c.constraint >= n || c.wire >= pk.num_wires)
      return bad("coefficient " + std::to_string(i) + " (matrix " + std::to_string(c.matrix) + ", row " +
                 std::to_string(c.constraint) + ", wire " + std::to_string(c.wire) + ") is out of range");
  }
  return Status::success();
}

std::vector<Fr> public_signals(const ProvingKey& pk, std::span<const Fr> witness) {
  ZKC_ASSERT(witness.size() > pk.num_public);
  return {witness.begin() + 1, witness.begin() + 1 + pk.num_public};
}

Result<Proof> prove(const ProvingKey& pk, std::span<const Fr> witness, ProverTimings* timings) {
  Fr r = Fr::random(), s = Fr::random();
  Result<Proof> proof = prove_with_blinding(pk, witness, r, s, timings);
  secure_wipe(r);
  secure_wipe(s);
  return proof;
}

Result<Proof> prove_with_blinding(const ProvingKey& pk, std::span<const Fr> witness, const Fr& r, const Fr& s,
                                  ProverTimings* timings) {
  const auto t_start = Clock::now();
  if (Status st = validate(pk); !st) return st.error();
  if (witness.size() != pk.num_wires)
    return make_error(Errc::kBadLength, "witness has " + std::to_string(witness.size()) + " values, the proving key " +
                                            std::to_string(pk.num_wires) + " wires");
  if (witness[0] != Fr::one())
    return make_error(Errc::kInvalidArgument, "witness: w[0] must be 1 (is " + witness[0].to_decimal() + ")");

  ZKC_TRY(const poly::EvaluationDomain domain, poly::EvaluationDomain::with_size(pk.domain_size));
  const std::size_t n = pk.domain_size;

  // 1. Row values on the domain, then on the coset: h = a b - c there.
  std::vector<Fr> a(n), b(n), c(n);
  evaluate_rows(pk, witness, a, b);
  parallel_for(n, 4096, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t i = lo; i < hi; ++i) c[i] = a[i] * b[i];
  });
  const double evaluate_ms = ms_since(t_start);
  const auto t_ntt = Clock::now();
  for (std::vector<Fr>* v : {&a, &b, &c}) {
    poly::intt(domain, *v);
    poly::coset_ntt(domain, *v);
  }
  parallel_for(n, 4096, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t i = lo; i < hi; ++i) a[i] = a[i] * b[i] - c[i];
  });
  wipe(b);
  wipe(c);
  std::vector<Fr>().swap(b);
  std::vector<Fr>().swap(c);
  std::vector<Fr>& h = a;
  const double ntt_ms = ms_since(t_ntt);

  // 2. The multi-scalar multiplications.
  const auto t_msm = Clock::now();
  const std::span<const Fr> w = witness;
  const std::span<const Fr> w_private = w.subspan(pk.num_public + 1);
  const G1Jacobian sum_a = ec::bn254::msm_vartime(pk.a, w);
  const G1Jacobian sum_b1 = ec::bn254::msm_vartime(pk.b1, w);
  const G2Jacobian sum_b2 = ec::bn254::msm_vartime(pk.b2, w);
  const G1Jacobian sum_c = ec::bn254::msm_vartime(pk.c, w_private);
  const G1Jacobian sum_h = ec::bn254::msm_vartime(pk.h, h);
  wipe(h);
  const double msm_ms = ms_since(t_msm);

  // 3. Blinding (constant time in r and s).
  const G1Jacobian delta1 = pk.delta1.to_jacobian();
  const G1Jacobian pi_a = pk.alpha1.to_jacobian() + sum_a + delta1.mul(r);
  const G1Jacobian pi_b1 = pk.beta1.to_jacobian() + sum_b1 + delta1.mul(s);
  const G2Jacobian pi_b = pk.beta2.to_jacobian() + sum_b2 + pk.delta2.to_jacobian().mul(s);
  Fr rs = r * s;
  const G1Jacobian pi_c = sum_c + sum_h + pi_a.mul(s) + pi_b1.mul(r) - delta1.mul(rs);
  secure_wipe(rs);

  Proof proof;
  proof.a = to_affine<G1Jacobian, G1Affine>(pi_a);
  proof.b = to_affine<G2Jacobian, G2Affine>(pi_b);
  proof.c = to_affine<G1Jacobian, G1Affine>(pi_c);
  if (timings != nullptr) *timings = ProverTimings{evaluate_ms, ntt_ms, msm_ms, ms_since(t_start)};
  return proof;
}

}  // namespace zkc::groth16
