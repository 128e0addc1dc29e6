// Logistic regression, the credit model's baseline: p = sigmoid(x w + b), fitted by Newton's method
// (iteratively reweighted least squares) on mean cross-entropy + l2 * ||w||^2, the bias unpenalized.
// Invariants: the result is a pure function of its inputs (no randomness, fixed summation order), and
// sigmoid / log(1 + e^z) are evaluated in overflow-free forms for any finite z.
// References: Hastie, Tibshirani, Friedman, The Elements of Statistical Learning, 2nd ed., sec. 4.4.1
// (Newton-Raphson / IRLS for logistic regression); Nocedal and Wright, Numerical Optimization, 2nd ed.,
// sec. 3.1 (backtracking line search with the Armijo condition).
#pragma once

#include <Eigen/Dense>

#include "zkc/base/result.hpp"

namespace zkc::ml {

struct LogisticOptions {
  double l2 = 1e-4;          // weight of ||w||^2 in the objective, >= 0
  int max_iterations = 50;   // Newton steps at most, >= 0
  double tolerance = 1e-10;  // stop when max |gradient| < tolerance
};

struct LogisticModel {
  Eigen::VectorXd weights;  // one per feature
  double bias = 0;
  int iterations = 0;  // Newton steps taken
  // sigmoid(x w + b) per row; x.cols() must equal weights.size().
  Eigen::VectorXd predict(const Eigen::MatrixXd& x) const;
};

// Minimizes (1/n) sum_i [log(1 + e^{z_i}) - y_i z_i] + l2 * ||w||^2, z = x w + b, by Newton steps
// (LDLT solve of the Hessian per step) with a backtracking line search on the objective; stops when
// the gradient's max-norm < tolerance, when no step decreases the objective any more, or after
// max_iterations steps. x: n x d (already standardized), y: n labels in {0, 1}.
// Errors (kInvalidArgument): n == 0, x.rows() != y.size(), a label not 0/1, l2 < 0, a non-finite
// entry of x, negative max_iterations or a non-finite / negative tolerance.
Result<LogisticModel> train_logistic(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                     const LogisticOptions& options = {});

}  // namespace zkc::ml
