#include "zkc/ml/network.hpp"

#include <cmath>

#include "zkc/base/result.hpp"

namespace zkc::ml {

double sigmoid(double z) {
  if (z >= 0) return 1.0 / (1.0 + std::exp(-z));
  const double e = std::exp(z);
  return e / (1.0 + e);
}

double softplus(double z) { return z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z)); }

Network Network::init(const std::vector<int>& widths, Rng& rng) {
  ZKC_ASSERT(widths.size() >= 2);
  Network net;
  for (std::size_t l = 0; l + 1 < widths.size(); ++l) {
    DenseLayer layer;
    layer.weights.resize(widths[l + 1], widths[l]);
    const double scale = std::sqrt(2.0 / widths[l]);
    // Row-major fill order, fixed so a seed means the same network on every build.
    for (int i = 0; i < layer.weights.rows(); ++i)
      for (int j = 0; j < layer.weights.cols(); ++j) layer.weights(i, j) = scale * rng.normal();
    layer.bias = Eigen::VectorXd::Zero(widths[l + 1]);
    net.layers.push_back(std::move(layer));
  }
  return net;
}

std::vector<int> Network::widths() const {
  std::vector<int> w = {inputs()};
  for (const auto& layer : layers) w.push_back(static_cast<int>(layer.weights.rows()));
  return w;
}

std::size_t Network::num_parameters() const {
  std::size_t n = 0;
  for (const auto& layer : layers) n += static_cast<std::size_t>(layer.weights.size() + layer.bias.size());
  return n;
}

Eigen::VectorXd Network::logits(const Eigen::MatrixXd& x) const {
  Eigen::MatrixXd a = x;
  for (std::size_t l = 0; l < layers.size(); ++l) {
    Eigen::MatrixXd z = a * layers[l].weights.transpose();
    z.rowwise() += layers[l].bias.transpose();
    a = l + 1 < layers.size() ? Eigen::MatrixXd(z.cwiseMax(0.0)) : z;
  }
  return a.col(0);
}

Eigen::VectorXd Network::predict(const Eigen::MatrixXd& x) const {
  return logits(x).unaryExpr([](double z) { return sigmoid(z); });
}

double cross_entropy(const Network& net, const Eigen::MatrixXd& x, const Eigen::VectorXd& y) {
  const Eigen::VectorXd z = net.logits(x);
  double loss = 0;
  for (Eigen::Index i = 0; i < z.size(); ++i) loss += softplus(z[i]) - y[i] * z[i];
  return loss / static_cast<double>(z.size());
}

double objective(const Network& net, const Eigen::MatrixXd& x, const Eigen::VectorXd& y, double l2,
                 Network* gradient) {
  ZKC_ASSERT(x.rows() == y.size() && x.rows() > 0 && x.cols() == net.inputs());
  const std::size_t L = net.layers.size();
  const double n = static_cast<double>(x.rows());
  // Forward pass, keeping every layer's activations: acts[0] = x, acts[l + 1] = relu(z_l) (z for the last).
  std::vector<Eigen::MatrixXd> acts(L + 1);
  acts[0] = x;
  for (std::size_t l = 0; l < L; ++l) {
    Eigen::MatrixXd z = acts[l] * net.layers[l].weights.transpose();
    z.rowwise() += net.layers[l].bias.transpose();
    acts[l + 1] = l + 1 < L ? Eigen::MatrixXd(z.cwiseMax(0.0)) : z;
  }
  const Eigen::VectorXd z = acts[L].col(0);
  double loss = 0;
  for (Eigen::Index i = 0; i < z.size(); ++i) loss += softplus(z[i]) - y[i] * z[i];
  loss /= n;
  double penalty = 0;
  for (const auto& layer : net.layers) penalty += layer.weights.squaredNorm();
  loss += l2 * penalty;
  if (gradient == nullptr) return loss;

  // Backward pass. dJ/dz_last = (sigmoid(z) - y) / n; through a dense layer dJ/dW = delta^T a,
  // dJ/db = column sums of delta, dJ/da = delta W; through ReLU the gradient passes where z > 0
  // (equivalently where the activation is > 0).
  gradient->layers.resize(L);
  Eigen::MatrixXd delta(x.rows(), 1);
  for (Eigen::Index i = 0; i < z.size(); ++i) delta(i, 0) = (sigmoid(z[i]) - y[i]) / n;
  for (std::size_t l = L; l-- > 0;) {
    auto& g = gradient->layers[l];
    g.weights = delta.transpose() * acts[l] + 2.0 * l2 * net.layers[l].weights;
    g.bias = delta.colwise().sum().transpose();
    if (l == 0) break;
    Eigen::MatrixXd back = delta * net.layers[l].weights;
    delta = (acts[l].array() > 0.0).select(back, 0.0);
  }
  return loss;
}

}  // namespace zkc::ml
