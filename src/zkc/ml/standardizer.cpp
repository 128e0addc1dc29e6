#include "zkc/ml/standardizer.hpp"

#include <algorithm>
#include <cmath>

#include "zkc/base/result.hpp"

namespace zkc::ml {

Standardizer Standardizer::fit(const Eigen::MatrixXd& x) {
  ZKC_ASSERT(x.rows() > 0);
  Standardizer s;
  const double n = static_cast<double>(x.rows());
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const auto col = x.col(j);
    const double mean = col.sum() / n;
    const double var = (col.array() - mean).square().sum() / n;
    const double sd = std::sqrt(var);
    s.mean.push_back(mean);
    s.scale.push_back(sd > 1e-12 ? sd : 1.0);
    s.lower.push_back(col.minCoeff());
    s.upper.push_back(col.maxCoeff());
  }
  return s;
}

double Standardizer::clamp(std::size_t j, double v) const {
  return std::min(std::max(v, lower[j]), upper[j]);
}

Eigen::MatrixXd Standardizer::apply(const Eigen::MatrixXd& x) const {
  ZKC_ASSERT(static_cast<std::size_t>(x.cols()) == size());
  Eigen::MatrixXd out(x.rows(), x.cols());
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    for (Eigen::Index i = 0; i < x.rows(); ++i)
      out(i, j) = (clamp(static_cast<std::size_t>(j), x(i, j)) - mean[j]) / scale[j];
  return out;
}

Eigen::MatrixXd to_matrix(std::span<const std::vector<double>> rows, std::size_t columns) {
  Eigen::MatrixXd m(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(columns));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    ZKC_ASSERT(rows[i].size() == columns);
    for (std::size_t j = 0; j < columns; ++j)
      m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = rows[i][j];
  }
  return m;
}

}  // namespace zkc::ml
