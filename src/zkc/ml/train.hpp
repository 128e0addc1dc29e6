// Mini-batch training of the credit network with Adam (Kingma & Ba 2015, Algorithm 1) on the
// objective of network.hpp, with early stopping on the validation cross-entropy: training stops
// after `patience` epochs without improvement and returns the best epoch's weights.
// Deterministic for a seed on a given build (the Rng fixes initialization and batch order; Eigen runs
// single-threaded here, so the summation order is fixed).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "zkc/base/result.hpp"
#include "zkc/ml/network.hpp"

namespace zkc::ml {

struct TrainOptions {
  std::vector<int> hidden = {16, 8};  // two hidden widths
  double l2 = 1e-4;                   // lambda in J = CE + lambda * ||W||^2
  double learning_rate = 1e-3;
  int batch_size = 256;
  int max_epochs = 300;
  int patience = 20;
  std::uint64_t seed = 1;
};
Status validate(const TrainOptions& options);

struct EpochReport {
  int epoch = 0;               // 1-based
  double train_objective = 0;  // mean of the mini-batch objectives
  double validation_loss = 0;  // cross-entropy on the validation rows
  bool best = false;           // the best validation loss so far
};
using EpochCallback = std::function<void(const EpochReport&)>;

struct TrainedNetwork {
  Network network;  // the best epoch's
  int epochs_run = 0, best_epoch = 0;
  double best_validation_loss = 0;
};

// x: standardized rows, y: labels in {0, 1}; likewise the validation set. Options must validate.
TrainedNetwork train_network(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                             const Eigen::MatrixXd& x_validation, const Eigen::VectorXd& y_validation,
                             const TrainOptions& options, const EpochCallback& on_epoch = {});

}  // namespace zkc::ml
