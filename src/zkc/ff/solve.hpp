// Small dense linear systems over a field: X = A^-1 B for an invertible n x n matrix A and an
// n x m matrix B, both row-major. For public data (parameters): variable time.
// Method: Gaussian elimination without divisions (a row is scaled by the pivot instead of the pivot
// row being divided; over a field nothing grows), then back substitution with the n pivots inverted
// at once (Montgomery's trick, batch_inverse: one inversion). About n^2 (n + m) multiplications.
// Invariant: on success A X = B exactly; a singular A is reported, never divided by.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "zkc/base/result.hpp"
#include "zkc/ff/fp.hpp"

namespace zkc::ff {

// A^-1 B, or kInvalidArgument when A is singular, kBadLength when a size does not match n, m.
// F: any field type of this module (Fp, Fp2, towers).
template <class F>
Result<std::vector<F>> solve_vartime(std::vector<F> a, std::vector<F> b, std::size_t n, std::size_t m) {
  if (a.size() != n * n || b.size() != n * m)
    return make_error(Errc::kBadLength, "solve_vartime: A must be n x n and B n x m (n = " +
                                            std::to_string(n) + ", m = " + std::to_string(m) + ")");
  for (std::size_t col = 0; col < n; ++col) {
    std::size_t piv = col;
    while (piv < n && a[piv * n + col].is_zero()) ++piv;
    if (piv == n)
      return make_error(Errc::kInvalidArgument,
                        "solve_vartime: singular matrix (no pivot in column " + std::to_string(col) + ")");
    if (piv != col) {
      for (std::size_t j = col; j < n; ++j) std::swap(a[piv * n + j], a[col * n + j]);
      for (std::size_t j = 0; j < m; ++j) std::swap(b[piv * m + j], b[col * m + j]);
    }
    // Row i <- pivot * row i - a[i][col] * row col, clearing column col below the pivot.
    const F pivot = a[col * n + col];
    for (std::size_t i = col + 1; i < n; ++i) {
      const F g = a[i * n + col];
      if (g.is_zero()) continue;
      for (std::size_t j = col + 1; j < n; ++j) a[i * n + j] = a[i * n + j] * pivot - g * a[col * n + j];
      for (std::size_t j = 0; j < m; ++j) b[i * m + j] = b[i * m + j] * pivot - g * b[col * m + j];
    }
  }
  // Back substitution: x_c = (b_c - sum_{k > c} a[c][k] x_k) / a[c][c].
  std::vector<F> inv(n);
  for (std::size_t c = 0; c < n; ++c) inv[c] = a[c * n + c];
  batch_inverse(std::span<F>(inv));  // none is zero (a pivot)
  for (std::size_t c = n; c-- > 0;)
    for (std::size_t j = 0; j < m; ++j) {
      F acc = b[c * m + j];
      for (std::size_t k = c + 1; k < n; ++k) acc -= a[c * n + k] * b[k * m + j];
      b[c * m + j] = acc * inv[c];
    }
  return b;
}

}  // namespace zkc::ff
