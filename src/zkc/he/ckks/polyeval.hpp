// Depth-optimal evaluation of a polynomial on a CKKS ciphertext, generic over an `Ops` type (a
// ciphertext evaluator; the interface is spelled out below). A polynomial of degree d costs
// depth(d) = ceil(log2(d + 1)) levels: the giant steps P_m, m = 2^j (x^m, or T_m by T_2k = 2 T_k^2 - 1)
// cost j levels, p is split as q0 + P_m q1 with m = 2^(depth - 1) and deg q0, q1 < m, recursively, and
// every coefficient is multiplied into a degree-1 leaf c0 + c1 x (one plaintext product, no extra level),
// never into a finished power. Invariant (checked by tests/he/ckks/polyeval_test.cpp on every degree up
// to 32): the output level is level(x) - depth(effective degree), where trailing zero coefficients do
// not count. The Chebyshev form is the one to use beyond degree ~7: it needs the input in [-1, 1]
// (the caller folds its interval map into the preceding linear layer) and then every intermediate value
// is bounded by the coefficient sums, while power-basis coefficients of a good approximation grow like
// (1 + sqrt 2)^d and amplify CKKS noise by as much (approx.hpp). Coefficients may be scalars or one value
// per slot (so each slot, e.g. each neuron of a packed layer, gets its own polynomial).
// Cost for a dense degree 2^D - 1: 2^(D-1) - 1 + (D - 1) ciphertext products (d = 7: 5, d = 15: 10;
// Paterson-Stockmeyer needs about sqrt(2d) + log2 d but not at the optimal depth without more care) and
// one plaintext product per nonzero leaf coefficient.
// References: M. S. Paterson, L. J. Stockmeyer, SIAM J. Comput. 2(1), 1973 (baby-step giant-step);
// K. Han, D. Ki, "Better bootstrapping for approximate homomorphic encryption", CT-RSA 2020, and
// J.-P. Bossuat et al., EUROCRYPT 2021 (Chebyshev-basis giant steps; keeping scalar products off the
// critical path to stay at the optimal depth).
//
// The Ops interface (an adapter around the evaluator and the keys; tests use a plaintext mock):
//   using Ct;  std::size_t slots() const;  int level(const Ct&) const;  (0: no multiplication left)
//   add, sub (levels may differ: the result has the lower one), add_const, add_plain (no level);
//   mul (ct x ct, relinearized and rescaled: min level - 1), mul_const, mul_plain (level - 1);
//   rotate(ct, steps) (left: slot i gets slot i + steps; no level); drop_to(ct, level).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "zkc/base/result.hpp"

namespace zkc::he::ckks {

// Levels used by a polynomial of degree d >= 0: ceil(log2(d + 1)); 0 for constants.
constexpr int depth(int degree) {
  int levels = 0;
  while ((1LL << levels) < static_cast<long long>(degree) + 1) ++levels;
  return levels;
}

enum class Basis { kPower, kChebyshev };

// A polynomial's coefficients: coeffs[k] multiplies x^k or T_k(x). Each coefficient is either one
// scalar (size 1) or one value per slot (size slots()).
struct SlotPolynomial {
  Basis basis = Basis::kChebyshev;
  std::vector<std::vector<double>> coeffs;

  static SlotPolynomial scalar(Basis basis, std::span<const double> c) {
    SlotPolynomial p{basis, {}};
    for (double v : c) p.coeffs.push_back({v});
    return p;
  }
  // The degree once trailing all-zero coefficients are dropped (-1: the zero polynomial).
  int effective_degree() const {
    for (int k = static_cast<int>(coeffs.size()) - 1; k >= 0; --k)
      for (double v : coeffs[static_cast<std::size_t>(k)])
        if (v != 0) return k;
    return -1;
  }
};

namespace detail {

using Coef = std::vector<double>;  // size 1 (scalar) or slots()

inline bool is_zero(const Coef& c) {
  for (double v : c)
    if (v != 0) return false;
  return true;
}

// a + s * b, broadcasting a scalar operand.
inline Coef axpy(const Coef& a, double s, const Coef& b) {
  if (a.size() == b.size()) {
    Coef out(a);
    for (std::size_t i = 0; i < a.size(); ++i) out[i] += s * b[i];
    return out;
  }
  const Coef& big = a.size() > b.size() ? a : b;
  Coef out(big.size());
  for (std::size_t i = 0; i < big.size(); ++i)
    out[i] = (a.size() == 1 ? a[0] : a[i]) + s * (b.size() == 1 ? b[0] : b[i]);
  return out;
}

template <class Ops>
class PolyEvaluator {
 public:
  using Ct = typename Ops::Ct;

  PolyEvaluator(Ops& ops, const Ct& x, Basis basis) : ops_(ops), basis_(basis) { powers_.emplace_back(x); }

  // A partial result: a ciphertext, a constant, or both (ct + constant, the constant added last).
  struct Value {
    std::optional<Ct> ct;
    Coef constant{0.0};
  };

  Value eval(const std::vector<Coef>& c) {
    int d = static_cast<int>(c.size()) - 1;
    while (d >= 0 && is_zero(c[static_cast<std::size_t>(d)])) --d;
    if (d <= 0) return {std::nullopt, d == 0 ? c[0] : Coef{0.0}};
    if (d == 1) return {scale(powers_[0], c[1]), c[0]};
    const int j = depth(d) - 1;  // split at m = 2^j: m <= d < 2m
    const std::size_t m = std::size_t{1} << j;
    std::vector<Coef> q0(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(m));
    std::vector<Coef> q1(c.begin() + static_cast<std::ptrdiff_t>(m), c.begin() + d + 1);
    if (basis_ == Basis::kChebyshev) {
      // T_m T_i = (T_{m+i} + T_{m-i}) / 2, so p = q0 + T_m q1 with q1_0 = c_m, q1_i = 2 c_{m+i} and
      // q0_{m-i} = c_{m-i} - c_{m+i} for 1 <= i <= d - m.
      for (std::size_t i = 1; i < q1.size(); ++i) {
        q1[i] = axpy(Coef{0.0}, 2.0, c[m + i]);
        q0[m - i] = axpy(c[m - i], -1.0, c[m + i]);
      }
    }
    Value lo = eval(q0), hi = eval(q1);
    const Ct& pm = power(j);
    Value out;
    if (hi.ct) {
      // P_m (hi.ct + hi.constant) = P_m hi.ct + hi.constant P_m: fold the constant into the ct factor
      // first (no level) so one product suffices.
      Ct factor = is_zero(hi.constant) ? *hi.ct : add_coef(*hi.ct, hi.constant);
      out.ct = ops_.mul(pm, factor);
    } else {
      out.ct = scale(pm, hi.constant);
    }
    if (lo.ct) out.ct = ops_.add(*out.ct, *lo.ct);
    out.constant = lo.constant;
    return out;
  }

  Ct finish(Value v) {
    if (!v.ct) {  // a constant polynomial: x - x + c, no level used
      Ct zero = ops_.sub(powers_[0], powers_[0]);
      return add_coef(zero, v.constant);
    }
    return is_zero(v.constant) ? *v.ct : add_coef(*v.ct, v.constant);
  }

 private:
  // P_{2^j}: x^(2^j) or T_(2^j), at level(x) - j.
  const Ct& power(int j) {
    while (static_cast<int>(powers_.size()) <= j) {
      const Ct& p = powers_.back();
      if (basis_ == Basis::kPower) {
        powers_.push_back(ops_.mul(p, p));
      } else {
        Ct twice = ops_.add(p, p);  // T_2k = 2 T_k^2 - 1
        powers_.push_back(ops_.add_const(ops_.mul(twice, p), -1.0));
      }
    }
    return powers_[static_cast<std::size_t>(j)];
  }
  Ct scale(const Ct& ct, const Coef& c) {
    return c.size() == 1 ? ops_.mul_const(ct, c[0]) : ops_.mul_plain(ct, c);
  }
  Ct add_coef(const Ct& ct, const Coef& c) {
    return c.size() == 1 ? ops_.add_const(ct, c[0]) : ops_.add_plain(ct, c);
  }

  Ops& ops_;
  Basis basis_;
  std::vector<Ct> powers_;  // powers_[j] = P_{2^j}
};

}  // namespace detail

// p(x) slot by slot. Requires level(x) >= depth(p.effective_degree()), per-slot coefficients of size
// ops.slots(), and for the Chebyshev basis an input in [-1, 1] (outside it the result is still p(x),
// but the intermediate T_(2^j) grow like |x|^(2^j)). A zero polynomial gives x - x.
template <class Ops>
typename Ops::Ct evaluate_polynomial(Ops& ops, const typename Ops::Ct& x, const SlotPolynomial& p) {
  for (const auto& c : p.coeffs) ZKC_ASSERT(c.size() == 1 || c.size() == ops.slots());
  const int d = p.effective_degree();
  ZKC_ASSERT(ops.level(x) >= depth(d < 0 ? 0 : d));
  detail::PolyEvaluator<Ops> ev(ops, x, p.basis);
  std::vector<detail::Coef> c(p.coeffs.begin(), p.coeffs.begin() + (d + 1));
  return ev.finish(ev.eval(c));
}

template <class Ops>
typename Ops::Ct evaluate_chebyshev(Ops& ops, const typename Ops::Ct& x, std::span<const double> coeffs) {
  return evaluate_polynomial(ops, x, SlotPolynomial::scalar(Basis::kChebyshev, coeffs));
}

template <class Ops>
typename Ops::Ct evaluate_power(Ops& ops, const typename Ops::Ct& x, std::span<const double> coeffs) {
  return evaluate_polynomial(ops, x, SlotPolynomial::scalar(Basis::kPower, coeffs));
}

}  // namespace zkc::he::ckks
