// The Poseidon gadget. Layout: the state is kept as linear combinations over a basis of wires
// (the one wire, the S-box outputs of the last full round, then one S-box output per partial round
// since), as a dense coefficient row per cell, so the round-constant additions and MDS layers cost
// no constraint. Those coefficients depend on the parameters only; for the partial rounds they are
// computed once per width (PartialPlan) and shared by every call. Each S-box x^5 on a state cell x (a linear
// combination) is
//   x * x = x2,   x2 * x2 = x4,   x4 * x = y.
// The output M[0] . y of the last round is not materialized: its S-box for cell 0 writes the
// output wire directly, x4 * x = (out - sum_{j >= 1} M[0][j] y_j) / M[0][0] (M[0][0] != 0: a
// Cauchy matrix has no zero entry), so the cost stays 3 * (8 t + R_P).
// Linear-combination sizes: a cell is a combination of at most 1 + t + R_P wires (in the partial
// rounds the basis grows by one wire per round; it resets to 1 + t after each full round).
// Wire names for the hint hook: "<label>/round<r>/x2_<i>", ".../x4_<i>", ".../y_<i>" for the S-box of
// cell i in round r, and "<label>/round<R-1>/out" for the output.
#include "zkc/r1cs/gadgets/poseidon.hpp"

#include <algorithm>
#include <array>
#include <mutex>
#include <span>
#include <utility>
#include <vector>

#include "zkc/ff/dot.hpp"
#include "zkc/ff/solve.hpp"
#include "zkc/hash/poseidon.hpp"

namespace zkc::r1cs::gadgets {
namespace {

// The three S-box constraints on x (value xv) up to x4; returns x4.
Variable sbox_x4(Builder& b, const LinearCombination& x, const Fr& xv, std::size_t i) {
  const Variable x2 = b.witness(xv.square(), "x2_", i);
  b.enforce(x, x, x2, "x2_", i);
  const Variable x4 = b.witness(b.value(x2).square(), "x4_", i);
  b.enforce(x2, x2, x4, "x4_", i);
  return x4;
}

// The S-box on x, whose value is xv.
Variable sbox(Builder& b, const LinearCombination& x, const Fr& xv, std::size_t i) {
  const Variable x4 = sbox_x4(b, x, xv, i);
  const Variable y = b.witness(b.value(x4) * xv, "y_", i);
  b.enforce(x4, x, y, "y_", i);
  return y;
}

// sum_k row[k] * basis[k], zero coefficients left out.
LinearCombination combination(const std::vector<Variable>& basis, const std::vector<Fr>& row) {
  LinearCombination lc;
  lc.terms.reserve(row.size());
  for (std::size_t k = 0; k < row.size(); ++k)
    if (!row[k].is_zero()) lc.terms.push_back(Term{basis[k].id, row[k]});
  return lc;
}

// The partial rounds' linear algebra depends on the parameters only, so it is done once per width.
// Entering the partial rounds (after full round R_F/2 - 1) the state is cell i = sum_j M[i][j] z_j
// over the basis (one, z_0..z_{t-1}); partial round k adds the basis wire y_k, its S-box output.
// sbox_rows[k]: the coefficients of partial round k's S-box input over (one, z, y_0..y_{k-1});
// out_rows[i]: those of cell i after the last partial round over (one, z, y_0..y_{R_P-1}).
struct PartialPlan {
  std::vector<std::vector<Fr>> sbox_rows;
  std::vector<std::vector<Fr>> out_rows;
  Fr m00_inv;  // 1 / M[0][0], for the last round
};

// The plan's arithmetic: sums of products with one reduction per chunk (ff::dot, as in the native
// hash) and small linear systems (ff::solve_vartime).
using ff::dot;

// sum_k row[k] * values[k] (row.size() <= values.size()).
Fr combination_value(const std::vector<Fr>& row, const std::vector<Fr>& values) {
  return dot(row.data(), values.data(), row.size());
}

// The plan, from the linear dynamics of the partial rounds. A round maps the state's linear part x
// to M Z x + M e_0 y_k (Z zeroes cell 0, whose value the S-box replaces by the new wire y_k), and
// its constant part u to M Z u + c (c: the next round's constants). With
//   sigma_k = e_0^T (M Z)^k M   (a row: cell 0 over z, k rounds in),
//   u_k = (M Z)^k M e_0         (a column: y_j's coefficients in the state after round j + k;
//                                u_k[0] = sigma_k[0]),
//   kappa_k                     (the constant part of round k's S-box inputs),
// round k's S-box input is kappa_k[0] + sigma_k . z + sum_{j<k} sigma_{k-1-j}[0] y_j, and cell i
// after the last round is (M Z kappa_{R-1})[i] + W[i] . z + sum_j u_{R-1-j}[i] y_j, W = (M Z)^R M.
// W without matrix powers: the rows rho_k = e_0^T (M Z)^k (rho_0 = e_0, rho_k = Z sigma_{k-1}) give
// L W = (sigma_R; ..; sigma_{R+t-1}) for L = (rho_0; ..; rho_{t-1}): row 0 of W is sigma_R, and rows
// 1.. solve a (t-1) x (t-1) system, invertible for all sixteen widths (a singular one would abort in
// value()).
// About 3 R t^2 multiplications, where running the rows forward costs R^2 t^2 / 2.
PartialPlan make_plan(const hash::PoseidonParams& p) {
  const std::size_t t = p.t, h = t - 1, rp = p.partial_rounds, half = p.full_rounds / 2;
  const Fr* m = p.mds.data();
  std::vector<Fr> m_t(t * t);  // M^T, for row-vector products
  for (std::size_t i = 0; i < t; ++i)
    for (std::size_t j = 0; j < t; ++j) m_t[j * t + i] = m[i * t + j];

  // sigma_0..sigma_{R+h}: sigma_{k+1}[j] = sum_{l >= 1} sigma_k[l] M[l][j].
  std::vector<Fr> sigma((rp + h + 1) * t);
  std::copy_n(m, t, sigma.begin());
  for (std::size_t k = 1; k <= rp + h; ++k)
    for (std::size_t j = 0; j < t; ++j) sigma[k * t + j] = dot(&sigma[(k - 1) * t + 1], &m_t[j * t + 1], h);
  // u_0..u_R: u_{k+1}[i] = sum_{l >= 1} M[i][l] u_k[l].
  std::vector<Fr> u((rp + 1) * t);
  for (std::size_t i = 0; i < t; ++i) u[i] = m[i * t];
  for (std::size_t k = 1; k <= rp; ++k)
    for (std::size_t i = 0; i < t; ++i) u[k * t + i] = dot(&m[i * t + 1], &u[(k - 1) * t + 1], h);
  // kappa_0 = c_{R_F/2}, kappa_{k+1} = M Z kappa_k + c_{R_F/2+k+1}; out_const = M Z kappa_{R-1}.
  std::vector<Fr> kappa(p.round_constants.begin() + half * t, p.round_constants.begin() + (half + 1) * t);
  std::vector<Fr> kappa0(rp), next(t);
  for (std::size_t k = 0; k < rp; ++k) {
    kappa0[k] = kappa[0];
    const Fr* c = k + 1 < rp ? p.round_constants.data() + (half + k + 1) * t : nullptr;
    for (std::size_t i = 0; i < t; ++i) next[i] = dot(&m[i * t + 1], &kappa[1], h) + (c ? c[i] : Fr::zero());
    kappa.swap(next);
  }

  // W: row 0 = sigma_R; rows 1..h solve sum_{l >= 1} sigma_{k-1}[l] W[l] = sigma_{R+k}, k = 1..h.
  std::vector<Fr> a(h * h);
  for (std::size_t k = 0; k < h; ++k) std::copy_n(&sigma[k * t + 1], h, &a[k * h]);
  const std::vector<Fr> w_rest =
      ff::solve_vartime(std::move(a), std::vector<Fr>(sigma.begin() + (rp + 1) * t, sigma.end()), h, t)
          .value();
  // Column 0 of W is W e_0 = u_R: a check on the solve.
  ZKC_ASSERT(sigma[rp * t] == u[rp * t]);
  for (std::size_t i = 1; i < t; ++i) ZKC_ASSERT(w_rest[(i - 1) * t] == u[rp * t + i]);

  PartialPlan plan;
  plan.m00_inv = m[0].inverse_vartime();
  plan.sbox_rows.resize(rp);
  for (std::size_t k = 0; k < rp; ++k) {
    std::vector<Fr>& row = plan.sbox_rows[k];
    row.resize(1 + t + k);
    row[0] = kappa0[k];
    std::copy_n(&sigma[k * t], t, &row[1]);
    for (std::size_t j = 0; j < k; ++j) row[1 + t + j] = sigma[(k - j - 1) * t];
  }
  plan.out_rows.resize(t);
  for (std::size_t i = 0; i < t; ++i) {
    std::vector<Fr>& row = plan.out_rows[i];
    row.resize(1 + t + rp);
    row[0] = kappa[i];
    if (i == 0) {
      std::copy_n(&sigma[rp * t], t, &row[1]);
    } else {
      std::copy_n(&w_rest[(i - 1) * t], t, &row[1]);
    }
    for (std::size_t j = 0; j < rp; ++j) row[1 + t + j] = u[(rp - 1 - j) * t + i];
  }
  return plan;
}

const PartialPlan& partial_plan(std::size_t inputs) {
  static std::array<std::once_flag, hash::kPoseidonMaxInputs> once;
  static std::array<PartialPlan, hash::kPoseidonMaxInputs> plans;
  const std::size_t k = inputs - 1;
  std::call_once(once[k], [&] { plans[k] = make_plan(hash::poseidon_params(inputs)); });
  return plans[k];
}

}  // namespace

std::size_t poseidon_constraints(std::size_t inputs) {
  ZKC_ASSERT(inputs >= 1 && inputs <= hash::kPoseidonMaxInputs);
  const hash::PoseidonParams& p = hash::poseidon_params(inputs);
  return 3 * (std::size_t{p.full_rounds} * p.t + p.partial_rounds);
}

Variable poseidon(Builder& b, std::span<const LinearCombination> inputs, std::string_view label) {
  ZKC_ASSERT(inputs.size() >= 1 && inputs.size() <= hash::kPoseidonMaxInputs);
  const hash::PoseidonParams& p = hash::poseidon_params(inputs.size());
  const std::size_t t = p.t;
  const unsigned half = p.full_rounds / 2;
  ZKC_ASSERT(half >= 1);  // the partial rounds follow a full round (the plan's starting basis)
  const unsigned rounds = p.full_rounds + p.partial_rounds;
  const auto mds = [&](std::size_t i, std::size_t j) -> const Fr& { return p.mds[i * t + j]; };
  auto scope = b.scope(label);

  // The state after round r's S-box layer and MixLayer: cell i = sum_k rows[i][k] * basis[k].
  // values[k] is basis[k]'s value (read back from the builder, so a hint hook's change shows).
  std::vector<Variable> basis;
  std::vector<Fr> values;
  std::vector<std::vector<Fr>> rows(t);
  std::vector<Variable> y(t);
  basis.reserve(1 + t + p.partial_rounds);
  values.reserve(1 + t + p.partial_rounds);

  // After a full S-box layer with outputs y: the basis is (one, y_0..y_{t-1}) and the MixLayer
  // gives cell i the coefficients (0, M[i][0..t-1]).
  const auto reset_after_full = [&] {
    basis.assign(1, Builder::one());
    basis.insert(basis.end(), y.begin(), y.end());
    values.assign(1, b.value(Builder::one()));
    for (const Variable& v : y) values.push_back(b.value(v));
    for (std::size_t i = 0; i < t; ++i) {
      rows[i].assign(t + 1, Fr::zero());
      for (std::size_t j = 0; j < t; ++j) rows[i][j + 1] = mds(i, j);
    }
  };
  // The S-box on cell i (coefficients row).
  const auto sbox_cell = [&](const std::vector<Fr>& row, std::size_t i) {
    return sbox(b, combination(basis, row), combination_value(row, values), i);
  };

  const PartialPlan& plan = partial_plan(inputs.size());
  for (unsigned r = 0; r < rounds; ++r) {
    const Fr* c = p.round_constants.data() + std::size_t{r} * t;
    if (r == half) {
      // The partial rounds, on the precomputed plan (basis: one, the last full round's y, then
      // one wire per partial round).
      for (unsigned k = 0; k < p.partial_rounds; ++k) {
        auto round_scope = b.scope("round", r + k);
        basis.push_back(sbox_cell(plan.sbox_rows[k], 0));
        values.push_back(b.value(basis.back()));
      }
      rows = plan.out_rows;
      r += p.partial_rounds - 1;
      continue;
    }
    auto round_scope = b.scope("round", r);
    if (r == 0) {
      // Round 0 on the state (0, x_1, ..., x_n): the S-box inputs are the inputs plus constants.
      for (std::size_t i = 0; i < t; ++i) {
        const LinearCombination x = (i == 0 ? LinearCombination{} : inputs[i - 1]) + c[i];
        y[i] = sbox(b, x, b.value(x), i);
      }
      reset_after_full();
      continue;
    }
    for (std::size_t i = 0; i < t; ++i) rows[i][0] += c[i];  // AddRoundConstants (basis[0] is one)
    if (r == rounds - 1) {
      // Last round: S-boxes on cells 1..t-1, then cell 0's S-box writes the output wire.
      for (std::size_t i = 1; i < t; ++i) y[i] = sbox_cell(rows[i], i);
      const LinearCombination x0 = combination(basis, rows[0]);
      const Fr x0v = combination_value(rows[0], values);
      const Variable x4 = sbox_x4(b, x0, x0v, 0);
      LinearCombination rest;  // sum_{j >= 1} M[0][j] y_j
      rest.terms.reserve(t - 1);
      Fr rest_value = Fr::zero();
      for (std::size_t j = 1; j < t; ++j) {
        rest.terms.push_back(Term{y[j].id, mds(0, j)});
        rest_value += mds(0, j) * b.value(y[j]);
      }
      const Variable out = b.witness(mds(0, 0) * (b.value(x4) * x0v) + rest_value, "out");
      b.enforce(x4, x0, (LinearCombination(out) - rest) * plan.m00_inv, "y_", 0);
      return out;
    }
    // A full round.
    for (std::size_t i = 0; i < t; ++i) y[i] = sbox_cell(rows[i], i);
    reset_after_full();
  }
  ZKC_ASSERT(false);  // the last round returns
  return Variable{};
}

}  // namespace zkc::r1cs::gadgets
