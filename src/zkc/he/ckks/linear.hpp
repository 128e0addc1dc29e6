// Packed matrix-vector products on CKKS ciphertexts by the diagonal method with baby-step giant-step
// rotations, generic over an `Ops` type (interface in polyeval.hpp). Layout: a vector v of length
// <= n (n a power of two dividing the slot count) is held replicated with period n, slot s = v[s mod n]
// (entries past the vector's length may hold anything: they meet zero weights). A d_out x d_in matrix W,
// padded with zeros to n x n, gives W v in the same layout (rows d_out..n-1 exactly 0), so layers chain.
// With diag_k[i] = W[i][(i + k) mod n] and k = g b + j (b baby steps):
//   W v = sum_g rot( sum_j rot(diag_{g b + j}, -g b) * rot(v, j), g b ),
// the plaintext rotations done here in the clear; cost: one level, one plaintext product per nonzero
// diagonal, (b - 1) + (giants - 1) rotations at most. Diagonals that are zero are skipped, with their
// rotations; required_rotations() lists exactly the steps used so key generation makes only those
// Galois keys. References: S. Halevi, V. Shoup, "Algorithms in HElib", CRYPTO 2014, sec. 4.1 (diagonal
// method); S. Halevi, V. Shoup, "Faster homomorphic linear transformations in HElib", CRYPTO 2018,
// sec. 3 (baby-step giant-step).
#pragma once

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "zkc/base/result.hpp"

namespace zkc::he::ckks {

struct PackedMatrix {
  std::size_t rows = 0, cols = 0;  // d_out, d_in
  std::size_t period = 0;          // n
  std::size_t slots = 0;
  std::size_t baby = 1;  // b: a power of two <= n; giants = n / b
  // plain[g][j]: rot(diag_{g b + j}, -g b) replicated over the slots; empty when that diagonal is zero.
  std::vector<std::vector<std::vector<double>>> plain;
  std::vector<double> bias;  // replicated bias (zero past rows), empty when there is none

  std::size_t giants() const { return period / baby; }
  std::size_t nonzero_diagonals() const {
    std::size_t n = 0;
    for (const auto& g : plain)
      for (const auto& p : g) n += !p.empty();
    return n;
  }
};

namespace detail {

inline bool is_power_of_two(std::size_t v) { return v != 0 && (v & (v - 1)) == 0; }

// Rotation steps of a diagonal pattern: baby steps j >= 1 and giant steps g b >= b that some nonzero
// diagonal needs, ascending.
inline std::vector<int> steps_of(const std::vector<bool>& nonzero, std::size_t baby) {
  std::vector<int> out;
  const std::size_t n = nonzero.size();
  for (std::size_t j = 1; j < baby; ++j)
    for (std::size_t g = 0; g * baby < n; ++g)
      if (nonzero[g * baby + j]) {
        out.push_back(static_cast<int>(j));
        break;
      }
  for (std::size_t g = 1; g * baby < n; ++g)
    for (std::size_t j = 0; j < baby; ++j)
      if (nonzero[g * baby + j]) {
        out.push_back(static_cast<int>(g * baby));
        break;
      }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// The baby-step count (a power of two) with the fewest rotations for this pattern; ties: the smaller.
inline std::size_t best_baby(const std::vector<bool>& nonzero) {
  std::size_t best = 1, best_count = steps_of(nonzero, 1).size();
  for (std::size_t b = 2; b <= nonzero.size(); b *= 2) {
    const std::size_t count = steps_of(nonzero, b).size();
    if (count < best_count) {
      best = b;
      best_count = count;
    }
  }
  return best;
}

// Which diagonals of a rows x cols matrix padded to n x n can be nonzero: diag_k has entry i < rows
// with (i + k) mod n < cols.
inline std::vector<bool> shape_pattern(std::size_t rows, std::size_t cols, std::size_t n) {
  std::vector<bool> nz(n, false);
  for (std::size_t k = 0; k < n; ++k)
    for (std::size_t i = 0; i < rows && !nz[k]; ++i) nz[k] = (i + k) % n < cols;
  return nz;
}

}  // namespace detail

// Packs W (d_out x d_in) and an optional bias (d_out) for vectors of period n in `slots` slots.
// baby = 0 chooses the power of two with the fewest rotations. Errors (kInvalidArgument): an empty
// matrix, n not a power of two or smaller than d_out or d_in, slots not a multiple of n, baby not a power
// of two <= n, a bias of the wrong length, a non-finite entry.
inline Result<PackedMatrix> pack_matrix(const Eigen::MatrixXd& w, std::size_t period, std::size_t slots,
                                        const std::optional<Eigen::VectorXd>& bias = std::nullopt,
                                        std::size_t baby = 0) {
  const auto rows = static_cast<std::size_t>(w.rows()), cols = static_cast<std::size_t>(w.cols());
  const auto fail = [](const std::string& what) {
    return make_error(Errc::kInvalidArgument, "pack_matrix: " + what);
  };
  if (rows == 0 || cols == 0) return fail("empty matrix");
  if (!detail::is_power_of_two(period))
    return fail("period " + std::to_string(period) + " is not a power of two");
  if (period < rows || period < cols)
    return fail("period " + std::to_string(period) + " is smaller than the " + std::to_string(rows) + " x " +
                std::to_string(cols) + " matrix");
  if (slots == 0 || slots % period != 0)
    return fail(std::to_string(slots) + " slots are not a multiple of the period " + std::to_string(period));
  if (baby != 0 && (!detail::is_power_of_two(baby) || baby > period))
    return fail("baby step " + std::to_string(baby) + " is not a power of two <= the period");
  if (!w.allFinite()) return fail("the matrix has a non-finite entry");
  if (bias && (static_cast<std::size_t>(bias->size()) != rows || !bias->allFinite()))
    return fail("the bias needs " + std::to_string(rows) + " finite entries");

  const std::size_t n = period;
  std::vector<std::vector<double>> diag(n, std::vector<double>(n, 0.0));
  std::vector<bool> nonzero(n, false);
  for (std::size_t k = 0; k < n; ++k)
    for (std::size_t i = 0; i < rows; ++i) {
      const std::size_t c = (i + k) % n;
      if (c >= cols) continue;
      diag[k][i] = w(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(c));
      nonzero[k] = nonzero[k] || diag[k][i] != 0;
    }
  PackedMatrix p;
  p.rows = rows;
  p.cols = cols;
  p.period = n;
  p.slots = slots;
  p.baby = baby != 0 ? baby : detail::best_baby(nonzero);
  p.plain.assign(p.giants(), std::vector<std::vector<double>>(p.baby));
  for (std::size_t g = 0; g < p.giants(); ++g)
    for (std::size_t j = 0; j < p.baby; ++j) {
      const std::size_t k = g * p.baby + j, shift = g * p.baby;
      if (!nonzero[k]) continue;
      auto& u = p.plain[g][j];
      u.resize(slots);
      for (std::size_t s = 0; s < slots; ++s) u[s] = diag[k][(s % n + n - shift) % n];  // rot(diag, -g b)
    }
  if (bias) {
    p.bias.assign(slots, 0.0);
    for (std::size_t s = 0; s < slots; ++s)
      if (s % n < rows) p.bias[s] = (*bias)[static_cast<Eigen::Index>(s % n)];
  }
  return p;
}

// The rotation steps matvec() uses for this matrix, ascending (left rotations, 0 < step < n).
inline std::vector<int> required_rotations(const PackedMatrix& p) {
  std::vector<bool> nonzero(p.period, false);
  for (std::size_t g = 0; g < p.giants(); ++g)
    for (std::size_t j = 0; j < p.baby; ++j) nonzero[g * p.baby + j] = !p.plain[g][j].empty();
  return detail::steps_of(nonzero, p.baby);
}

// The steps any d_out x d_in matrix with period n may need (every entry nonzero), for the baby step
// that pack_matrix would choose for such a dense matrix, or the one given. A superset of
// required_rotations(p) for every matrix of that shape packed with the same baby step.
inline std::vector<int> required_rotations(std::size_t rows, std::size_t cols, std::size_t period,
                                           std::size_t baby = 0) {
  ZKC_ASSERT(detail::is_power_of_two(period) && rows <= period && cols <= period && rows > 0 && cols > 0);
  const auto nz = detail::shape_pattern(rows, cols, period);
  return detail::steps_of(nz, baby != 0 ? baby : detail::best_baby(nz));
}

// W v + bias in the replicated layout. Requires level(v) >= 1 and ops.slots() == p.slots; the result is
// one level lower.
template <class Ops>
typename Ops::Ct matvec(Ops& ops, const typename Ops::Ct& v, const PackedMatrix& p) {
  using Ct = typename Ops::Ct;
  ZKC_ASSERT(ops.slots() == p.slots && ops.level(v) >= 1);
  std::vector<std::optional<Ct>> baby(p.baby);
  const auto baby_rot = [&](std::size_t j) -> const Ct& {
    if (!baby[j]) baby[j] = j == 0 ? v : ops.rotate(v, static_cast<int>(j));
    return *baby[j];
  };
  std::optional<Ct> acc;
  for (std::size_t g = 0; g < p.giants(); ++g) {
    std::optional<Ct> inner;
    for (std::size_t j = 0; j < p.baby; ++j) {
      if (p.plain[g][j].empty()) continue;
      Ct term = ops.mul_plain(baby_rot(j), p.plain[g][j]);
      inner = inner ? ops.add(*inner, term) : std::move(term);
    }
    if (!inner) continue;
    if (g > 0) inner = ops.rotate(*inner, static_cast<int>(g * p.baby));
    acc = acc ? ops.add(*acc, *inner) : std::move(*inner);
  }
  if (!acc) acc = ops.mul_const(v, 0.0);  // the zero matrix: still one level, like any product
  if (!p.bias.empty()) acc = ops.add_plain(*acc, p.bias);
  return *acc;
}

}  // namespace zkc::he::ckks
