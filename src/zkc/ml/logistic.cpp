// Logistic regression by Newton's method (IRLS). Notation: n rows, d features, the augmented design
// A = [x | 1] (n x (d+1)) and parameters theta = [w; b], so z = A theta.
//   objective  f(theta) = (1/n) sum_i [softplus(z_i) - y_i z_i] + l2 ||w||^2
//   gradient   g = (1/n) A^T (p - y) + 2 l2 [w; 0],              p_i = sigmoid(z_i)
//   Hessian    H = (1/n) A^T diag(p (1 - p)) A + 2 l2 diag(1, .., 1, 0)
// (ESL 2nd ed., eq. 4.21-4.26, with the mean instead of the sum and the ridge term added.)
#include "zkc/ml/logistic.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

namespace zkc::ml {
namespace {

// 1 / (1 + e^{-z}), evaluated so that the exponent is never positive: no overflow for any finite z.
double sigmoid(double z) {
  if (z >= 0) return 1.0 / (1.0 + std::exp(-z));
  const double e = std::exp(z);
  return e / (1.0 + e);
}

// log(1 + e^z) = max(z, 0) + log(1 + e^{-|z|}), again with a non-positive exponent.
double softplus(double z) { return std::max(z, 0.0) + std::log1p(std::exp(-std::abs(z))); }

Error invalid(const std::string& what) {
  return make_error(Errc::kInvalidArgument, "train_logistic: " + what);
}

struct Problem {
  const Eigen::VectorXd& y;
  double l2;
  Eigen::Index d;  // number of features; theta has d + 1 entries

  // f(theta) given z = A theta. The cross-entropy of one row is softplus(z) - y z
  // (= -y log p - (1 - y) log(1 - p), since -log p = softplus(-z) = softplus(z) - z).
  double objective(const Eigen::VectorXd& theta, const Eigen::VectorXd& z) const {
    double sum = 0;
    for (Eigen::Index i = 0; i < z.size(); ++i) sum += softplus(z[i]) - y[i] * z[i];
    return sum / static_cast<double>(z.size()) + l2 * theta.head(d).squaredNorm();
  }
};

// Solves H step = -g by LDLT (pivoted, so it also copes with the positive semi-definite H of l2 = 0
// with dependent columns: the solve stays finite and the flat direction costs nothing). Should the
// solve ever give a non-finite or non-descent direction, steepest descent replaces it.
Eigen::VectorXd newton_direction(const Eigen::MatrixXd& hessian, const Eigen::VectorXd& gradient) {
  Eigen::VectorXd step = hessian.ldlt().solve(-gradient);
  if (step.allFinite() && gradient.dot(step) < 0) return step;
  return -gradient;
}

}  // namespace

Eigen::VectorXd LogisticModel::predict(const Eigen::MatrixXd& x) const {
  ZKC_ASSERT(x.cols() == weights.size());
  Eigen::VectorXd z = x * weights;
  for (Eigen::Index i = 0; i < z.size(); ++i) z[i] = sigmoid(z[i] + bias);
  return z;
}

Result<LogisticModel> train_logistic(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                     const LogisticOptions& options) {
  const Eigen::Index n = x.rows();
  const Eigen::Index d = x.cols();
  if (y.size() == 0) return invalid("no rows");
  if (n != y.size()) {
    return invalid("x has " + std::to_string(n) + " rows but y has " + std::to_string(y.size()) + " labels");
  }
  if (!std::isfinite(options.l2) || options.l2 < 0) return invalid("l2 must be finite and >= 0");
  if (options.max_iterations < 0) return invalid("max_iterations must be >= 0");
  if (!std::isfinite(options.tolerance) || options.tolerance < 0) {
    return invalid("tolerance must be finite and >= 0");
  }
  for (Eigen::Index i = 0; i < n; ++i) {
    if (y[i] != 0.0 && y[i] != 1.0) {
      return invalid("label at row " + std::to_string(i) + " is " + std::to_string(y[i]) +
                     ", expected 0 or 1");
    }
  }
  for (Eigen::Index j = 0; j < d; ++j) {
    for (Eigen::Index i = 0; i < n; ++i) {
      if (!std::isfinite(x(i, j))) {
        return invalid("x at row " + std::to_string(i) + ", column " + std::to_string(j) + " is not finite");
      }
    }
  }

  Eigen::MatrixXd design(n, d + 1);
  design.leftCols(d) = x;
  design.col(d).setOnes();
  const Problem problem{y, options.l2, d};
  const double inv_n = 1.0 / static_cast<double>(n);

  Eigen::VectorXd theta = Eigen::VectorXd::Zero(d + 1);
  Eigen::VectorXd z = Eigen::VectorXd::Zero(n);
  double f = problem.objective(theta, z);
  Eigen::VectorXd p(n), curvature(n);
  int iterations = 0;
  for (;;) {
    for (Eigen::Index i = 0; i < n; ++i) {
      p[i] = sigmoid(z[i]);
      curvature[i] = p[i] * (1.0 - p[i]);
    }
    Eigen::VectorXd gradient = inv_n * (design.transpose() * (p - y));
    gradient.head(d) += 2.0 * options.l2 * theta.head(d);
    if (gradient.lpNorm<Eigen::Infinity>() < options.tolerance) break;
    if (iterations >= options.max_iterations) break;

    const Eigen::MatrixXd weighted = design.array().colwise() * curvature.array();
    Eigen::MatrixXd hessian = inv_n * (design.transpose() * weighted);
    hessian.diagonal().head(d).array() += 2.0 * options.l2;
    const Eigen::VectorXd step = newton_direction(hessian, gradient);

    // Backtracking (Armijo, c = 1e-4; Nocedal-Wright alg. 3.1), halving from the full Newton step.
    // When the predicted decrease -g.step is below the objective's rounding noise the comparison is
    // meaningless; the full step is then taken, as Newton's method is in its quadratic phase there.
    constexpr double kArmijo = 1e-4;
    const double slope = gradient.dot(step);
    const bool below_noise =
        -slope <= 64 * std::numeric_limits<double>::epsilon() * std::max(1.0, std::abs(f));
    bool accepted = false;
    double t = 1.0;
    Eigen::VectorXd candidate, candidate_z;
    double candidate_f = 0;
    for (int halving = 0; halving < 60; ++halving, t *= 0.5) {
      candidate = theta + t * step;
      candidate_z = design * candidate;
      candidate_f = problem.objective(candidate, candidate_z);
      if (candidate_f <= f + kArmijo * t * slope ||
          (halving == 0 && below_noise && std::isfinite(candidate_f))) {
        accepted = true;
        break;
      }
    }
    if (!accepted) break;  // no representable decrease left: theta is optimal to rounding
    theta = std::move(candidate);
    z = std::move(candidate_z);
    f = candidate_f;
    ++iterations;
  }

  LogisticModel model;
  model.weights = theta.head(d);
  model.bias = theta[d];
  model.iterations = iterations;
  return model;
}

}  // namespace zkc::ml
