// Number-theoretic transforms over BN254 Fr on an EvaluationDomain of size n = 2^k (k <= 28), in
// place, natural order in and out, multithreaded on the zkc pool; plus the O(n^2) DFT they are tested
// against. Precondition (asserted): a.size() == domain.size(). Constant time in the values.
// Convention: ntt(a)_i = sum_j a_j omega^(ij), the transform snarkjs calls fft (ffjavascript
// engine_fft.js), intt its inverse (with the 1/n), coset_ntt(a, g)_i = sum_j a_j (g omega^i)^j.
// Method (internal/ntt_engine.hpp): radix-2 decimation in frequency (Gentleman-Sande 1966) over a
// 2^k1 x 2^k2 matrix view, the first k1 stages down column blocks and the last k2 along rows so that
// each task works in cache (Bailey, J. Supercomputing 4, 1990), then a blocked bit reversal; on
// AVX-512 IFMA builds eight elements at a time in radix 2^52 (internal/radix52.hpp).
#pragma once

#include <span>
#include <vector>

#include "zkc/poly/domain.hpp"

namespace zkc::poly {

// Coefficients -> evaluations: a_i <- P(omega^i), P(X) = sum_j a_j X^j.
void ntt(const EvaluationDomain& domain, std::span<Fr> a);
// Evaluations at omega^i -> coefficients (the inverse of ntt).
void intt(const EvaluationDomain& domain, std::span<Fr> a);

// Coefficients -> evaluations on the coset shift*H: a_i <- P(shift * omega^i).
void coset_ntt(const EvaluationDomain& domain, std::span<Fr> a, const Fr& shift);
// Evaluations at shift * omega^i -> coefficients. shift must be nonzero.
void coset_intt(const EvaluationDomain& domain, std::span<Fr> a, const Fr& shift);
// The same on snarkjs's coset, shift = domain.coset_shift().
inline void coset_ntt(const EvaluationDomain& domain, std::span<Fr> a) {
  coset_ntt(domain, a, domain.coset_shift());
}
inline void coset_intt(const EvaluationDomain& domain, std::span<Fr> a) {
  coset_intt(domain, a, domain.coset_shift());
}

// a_i <- a_i * start * ratio^i (multithreaded), e.g. P(X) -> P(shift X) with start = 1.
void scale_by_powers(std::span<Fr> a, const Fr& start, const Fr& ratio);

// The reference transform, O(n^2) for any length n: out_i = sum_j a_j root^(ij).
std::vector<Fr> dft_naive(std::span<const Fr> a, const Fr& root);

}  // namespace zkc::poly
