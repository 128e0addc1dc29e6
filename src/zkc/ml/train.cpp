#include "zkc/ml/train.hpp"

#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "zkc/ml/rng.hpp"

namespace zkc::ml {

Status validate(const TrainOptions& o) {
  auto bad = [](const std::string& what) {
    return make_error(Errc::kInvalidArgument, "training options: " + what);
  };
  if (o.hidden.size() != 2)
    return bad("the network has exactly two hidden layers (got " + std::to_string(o.hidden.size()) +
               " widths)");
  for (int w : o.hidden)
    if (w < 1 || w > 1024) return bad("hidden width " + std::to_string(w) + " outside [1, 1024]");
  if (!(o.l2 >= 0) || !std::isfinite(o.l2)) return bad("l2 must be a finite number >= 0");
  if (!(o.learning_rate > 0) || !std::isfinite(o.learning_rate)) return bad("learning rate must be > 0");
  if (o.batch_size < 1) return bad("batch size must be >= 1");
  if (o.max_epochs < 1) return bad("max epochs must be >= 1");
  if (o.patience < 1) return bad("patience must be >= 1");
  return Status::success();
}

namespace {

// Adam state for one parameter block.
struct Moments {
  Eigen::MatrixXd m, v;
};

void adam_step(Eigen::Ref<Eigen::MatrixXd> param, const Eigen::MatrixXd& grad, Moments& s, double lr,
               long t) {
  constexpr double kBeta1 = 0.9, kBeta2 = 0.999, kEps = 1e-8;
  s.m = kBeta1 * s.m + (1 - kBeta1) * grad;
  s.v = kBeta2 * s.v + (1 - kBeta2) * grad.cwiseProduct(grad);
  const double c1 = 1 - std::pow(kBeta1, static_cast<double>(t)),
               c2 = 1 - std::pow(kBeta2, static_cast<double>(t));
  param.array() -= lr * (s.m.array() / c1) / ((s.v.array() / c2).sqrt() + kEps);
}

}  // namespace

TrainedNetwork train_network(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Eigen::MatrixXd& xv,
                             const Eigen::VectorXd& yv, const TrainOptions& o,
                             const EpochCallback& on_epoch) {
  ZKC_ASSERT(validate(o).ok() && x.rows() == y.size() && xv.rows() == yv.size() && x.rows() > 0 &&
             xv.rows() > 0);
  Rng rng(o.seed);
  Network net = Network::init({static_cast<int>(x.cols()), o.hidden[0], o.hidden[1], 1}, rng);
  std::vector<Moments> wm(net.layers.size()), bm(net.layers.size());
  for (std::size_t l = 0; l < net.layers.size(); ++l) {
    const auto& layer = net.layers[l];
    wm[l] = {Eigen::MatrixXd::Zero(layer.weights.rows(), layer.weights.cols()),
             Eigen::MatrixXd::Zero(layer.weights.rows(), layer.weights.cols())};
    bm[l] = {Eigen::MatrixXd::Zero(layer.bias.size(), 1), Eigen::MatrixXd::Zero(layer.bias.size(), 1)};
  }

  TrainedNetwork best{net, 0, 0, std::numeric_limits<double>::infinity()};
  std::vector<Eigen::Index> order(static_cast<std::size_t>(x.rows()));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  long step = 0;
  Network grad;
  Eigen::MatrixXd xb;
  Eigen::VectorXd yb;
  for (int epoch = 1; epoch <= o.max_epochs; ++epoch) {
    rng.shuffle(std::span<Eigen::Index>(order));
    double sum = 0;
    int batches = 0;
    for (std::size_t start = 0; start < order.size(); start += static_cast<std::size_t>(o.batch_size)) {
      const std::size_t end = std::min(order.size(), start + static_cast<std::size_t>(o.batch_size));
      const auto rows = static_cast<Eigen::Index>(end - start);
      xb.resize(rows, x.cols());
      yb.resize(rows);
      for (Eigen::Index r = 0; r < rows; ++r) {
        xb.row(r) = x.row(order[start + static_cast<std::size_t>(r)]);
        yb[r] = y[order[start + static_cast<std::size_t>(r)]];
      }
      sum += objective(net, xb, yb, o.l2, &grad);
      ++batches;
      ++step;
      for (std::size_t l = 0; l < net.layers.size(); ++l) {
        adam_step(net.layers[l].weights, grad.layers[l].weights, wm[l], o.learning_rate, step);
        adam_step(net.layers[l].bias, grad.layers[l].bias, bm[l], o.learning_rate, step);
      }
    }
    const double val = cross_entropy(net, xv, yv);
    const bool improved = val < best.best_validation_loss;
    if (improved) {
      best.network = net;
      best.best_epoch = epoch;
      best.best_validation_loss = val;
    }
    best.epochs_run = epoch;
    if (on_epoch) on_epoch({epoch, sum / batches, val, improved});
    if (epoch - best.best_epoch >= o.patience) break;
  }
  return best;
}

}  // namespace zkc::ml
