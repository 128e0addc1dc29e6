// Feature preprocessing, part of the model: each feature is clamped to the range seen in training
// ([lower, upper], so the network never extrapolates and the quantized model has known bounds), then
// standardized: (x - mean) / scale, scale the population standard deviation (1 for a constant feature).
#pragma once

#include <Eigen/Dense>
#include <span>
#include <vector>

namespace zkc::ml {

struct Standardizer {
  std::vector<double> mean, scale, lower, upper;

  // Fits on the rows of x (samples x features); requires at least one row.
  static Standardizer fit(const Eigen::MatrixXd& x);

  std::size_t size() const { return mean.size(); }
  double clamp(std::size_t j, double v) const;
  Eigen::MatrixXd apply(const Eigen::MatrixXd& x) const;  // clamp, then standardize
};

// Rows of a feature table as a matrix.
Eigen::MatrixXd to_matrix(std::span<const std::vector<double>> rows, std::size_t columns);

}  // namespace zkc::ml
