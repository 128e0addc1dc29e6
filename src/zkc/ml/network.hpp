// The credit network: input -> dense + ReLU -> dense + ReLU -> dense + sigmoid, the probability of
// default. Float (double) forward pass, the training objective and its gradient by backpropagation:
//   J(W) = mean_i CE(y_i, sigmoid(z_i)) + l2 * sum_l ||W_l||_F^2   (biases not penalized)
// with CE(y, p) = -y ln p - (1 - y) ln(1 - p), evaluated from the logit z as softplus(z) - y z so it
// never overflows. Rows of an input matrix are samples, already standardized (see model.hpp).
#pragma once

#include <Eigen/Dense>
#include <vector>

#include "zkc/ml/rng.hpp"

namespace zkc::ml {

struct DenseLayer {
  Eigen::MatrixXd weights;  // outputs x inputs
  Eigen::VectorXd bias;     // outputs
};

struct Network {
  std::vector<DenseLayer> layers;  // every layer but the last is followed by ReLU, the last by sigmoid

  // He-normal weights (std sqrt(2 / fan_in)), zero biases; widths = {inputs, hidden..., 1}.
  static Network init(const std::vector<int>& widths, Rng& rng);

  int inputs() const { return static_cast<int>(layers.front().weights.cols()); }
  std::vector<int> widths() const;  // {inputs, hidden..., outputs}
  std::size_t num_parameters() const;

  Eigen::VectorXd logits(const Eigen::MatrixXd& x) const;   // one per row of x
  Eigen::VectorXd predict(const Eigen::MatrixXd& x) const;  // sigmoid(logits)
};

double sigmoid(double z);   // stable for any finite z
double softplus(double z);  // ln(1 + e^z), stable

// J on (x, y) and, when `gradient` is not null, dJ/dW in the shape of `net`.
double objective(const Network& net, const Eigen::MatrixXd& x, const Eigen::VectorXd& y, double l2,
                 Network* gradient = nullptr);

// Mean cross-entropy without the penalty (the validation loss).
double cross_entropy(const Network& net, const Eigen::MatrixXd& x, const Eigen::VectorXd& y);

}  // namespace zkc::ml
