// Dense univariate polynomials over BN254 Fr as coefficient vectors, constant term first: evaluation,
// products (by NTT, and schoolbook as the reference), and the division by the vanishing polynomial
// Z_H(X) = X^n - 1 on a coset, the step of the Groth16 quotient h = (a b - c) / Z_H.
// Reference: Groth, "On the size of pairing-based non-interactive arguments", EUROCRYPT 2016, sec. 3.
#pragma once

#include <span>
#include <vector>

#include "zkc/base/result.hpp"
#include "zkc/poly/domain.hpp"

namespace zkc::poly {

// P(x) by Horner's rule; the empty polynomial is 0.
Fr evaluate(std::span<const Fr> coeffs, const Fr& x);

// The product a * b (length a.size() + b.size() - 1; empty if either is empty) by NTTs on the
// smallest domain that holds it. Error when that length exceeds 2^28.
Result<std::vector<Fr>> multiply(std::span<const Fr> a, std::span<const Fr> b);
// The same by the O(|a| |b|) schoolbook rule.
std::vector<Fr> multiply_naive(std::span<const Fr> a, std::span<const Fr> b);

// Z_H(shift) = shift^n - 1, the value of the vanishing polynomial on all of shift * H.
Fr vanishing_on_coset(const EvaluationDomain& domain, const Fr& shift);

// The Lagrange basis of the domain evaluated at x: L_j(x) = omega^j (x^n - 1) / (n (x - omega^j)),
// one batch inversion; for x = omega^j in the domain, the unit vector e_j. Variable time in x.
std::vector<Fr> lagrange_basis_at_vartime(const EvaluationDomain& domain, const Fr& x);
// evals_i <- evals_i / Z_H(shift * omega^i) for evaluations on shift * H. Precondition (asserted):
// shift is not in H (shift^n != 1) and evals.size() == domain.size().
void divide_by_vanishing_on_coset(const EvaluationDomain& domain, std::span<Fr> evals, const Fr& shift);

}  // namespace zkc::poly
