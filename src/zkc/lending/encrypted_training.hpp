// Encrypted training of the pool's credit network (ml::Network, e.g. 11-16-8-1: 337 parameters) by
// federated SGD under threshold CKKS (src/zkc/he/ckks/threshold.hpp): n participants each hold a shard of
// the Taiwan TRAINING split (the pipeline's stratified split, so the test rows are the standard ones) and a
// share of the secret key. Round t, from public weights W_t (all parameters packed in one ciphertext,
// layer by layer, weights row-major then biases: flatten()):
//   participant i:  g_i = dJ/dW on its next mini-batch (ml::objective), Enc_pk(g_i) at the top level L
//   pool:           S = sum_i Enc(g_i);  U = rescale(S * round(-eta/n * q_L))  (one level: L -> L - 1)
//                   Enc(W_{t+1}) = Enc(W_t) + U, with Enc(W_t) the refreshed encryption at level L - 1
//   participants:   collective decryption of Enc(W_{t+1}) (every share, smudged): W_{t+1} is public to
//                   them; its fresh encryption at level L - 1 is the next round's Enc(W_t) (the refresh
//                   that stands in for bootstrapping; any holder of W_{t+1} makes it).
// The per-round error |W_{t+1} - (W_t - eta/n sum_i g_i)| is measured (the simulation knows every g_i;
// in deployment nobody computes that sum) and bounded from the parameters (round_error_bound).
// No gradient is ever decrypted on its own: only the sum, inside the updated weights. The plaintext
// reference runs the same SGD (same shards, batches, order, initialization and hyperparameters) in doubles.
//
// Levels and scales: the gradients are encrypted at the top level L, the constant -eta/n is multiplied in
// at scale q_L and rescaled away (one level, the scale unchanged), so every ciphertext of a round has the
// one scale Delta = 2^(floor(log2 Q_{L-1}) - 20), Q_{L-1} = q_0 ... q_{L-1} the modulus where the weights
// are decrypted (2^20 of headroom for the values).
// Why so large a scale: smudging at distance 2^-lambda multiplies the noise-to-scale ratio rho of the
// decrypted ciphertext by about 2^lambda N^1.5 (threshold.hpp), so rho must be near 2^-85 for the
// decrypted weights to keep ~2^-26 precision with lambda = 40 at N = 8192; a fresh encryption has noise
// ~2^13, hence Delta ~ 2^97. default_training_parameters(): N = 8192, data primes of 60, 58 and
// 40 bits and a 60-bit special prime (log2 QP < 218: 128-bit secure), Delta = 2^97 over Q_1 ~ 2^118.
// With a [60, 40, 60] chain at 2^40 the same smudging would swamp the weights (docs/HE.md).
// Bound of the noise the smudging hides, per coefficient of Enc(W_{t+1}): 10 standard deviations of the
// fresh encryption noise of Enc(W_t), the rescale rounding of U and the scaled noise of the n gradient
// encryptions (threshold.hpp's formulas).
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <vector>

#include "zkc/base/result.hpp"
#include "zkc/he/ckks/params.hpp"
#include "zkc/ml/features.hpp"
#include "zkc/ml/network.hpp"
#include "zkc/ml/split.hpp"
#include "zkc/ml/standardizer.hpp"

namespace zkc::lending {

// Hyperparameters, chosen for plain SGD from the public He-normal initialization (seed 1): 4 participants,
// 64 rows each per round, eta = 0.3, 400 rounds reach a test AUC of 0.783 (0.776 after 200, 0.782 after
// 1000 rounds at eta = 0.1; the Adam-trained default model has 0.787).
struct SgdOptions {
  std::vector<int> hidden = {16, 8};
  std::size_t participants = 4;
  int batch_size = 64;  // rows per participant per round
  int rounds = 400;
  double learning_rate = 0.3;
  double l2 = 0;                 // as in ml::objective
  std::uint64_t init_seed = 1;   // ml::Network::init (public)
  std::uint64_t shard_seed = 2;  // the shuffle that deals the training rows into shards
  ml::SplitFractions fractions;  // the pipeline's defaults ...
  std::uint64_t split_seed = 1;  // ... and its split seed: the standard test rows
};
// Errors (kInvalidArgument): fewer than two participants, a batch, round count or hidden width below 1, a
// learning rate or l2 that is negative or not finite.
Status validate(const SgdOptions& options);

struct HeTrainingOptions {
  he::ckks::Parameters parameters;  // empty: default_training_parameters()
  int smudging_lambda = 40;         // statistical distance 2^-lambda
};
he::ckks::Parameters default_training_parameters();  // secure, as above
he::ckks::Parameters test_training_parameters();     // N = 1024, same primes: insecure, for tests

// The training and test rows, standardized with the statistics of the training rows (as the pipeline).
struct TrainingData {
  Eigen::MatrixXd x_train, x_test;
  Eigen::VectorXd y_train, y_test;
  ml::Split split;
};
// Errors: those of ml::stratified_split, a table with no feature, a part with a single class.
Result<TrainingData> prepare_training_data(const ml::FeatureTable& table, const SgdOptions& options);

// Parameters as one vector: layer by layer, weights row-major, then the biases.
std::vector<double> flatten(const ml::Network& net);
// Errors (kInvalidArgument): widths with fewer than two entries or one below 1, a vector of the wrong size.
Result<ml::Network> unflatten(std::span<const double> params, const std::vector<int>& widths);

// Which training rows participant i uses in round t: the training rows are shuffled once (shard_seed)
// and dealt into n contiguous shards of equal size (the remainder unused); each participant walks its
// shard cyclically, batch_size rows per round.
class BatchSchedule {
 public:
  // Errors (kInvalidArgument): a shard smaller than one batch.
  static Result<BatchSchedule> create(std::size_t training_rows, const SgdOptions& options);
  std::size_t shard_size() const { return shard_size_; }
  std::vector<std::size_t> shard(std::size_t participant) const;  // indices into the training rows
  std::vector<std::size_t> batch(int round, std::size_t participant) const;

 private:
  std::vector<std::size_t> order_;
  std::size_t shard_size_ = 0, participants_ = 0;
  int batch_size_ = 0;
};

struct TrainingRun {
  ml::Network network;
  double test_auc = 0;
  double seconds = 0;
};

struct EncryptedTrainingRun {
  TrainingRun run;
  int smudging_bits = 0;         // k
  double noise_bound = 0;        // B per coefficient (what the smudging hides)
  double smudging_slot_sd = 0;   // predicted slot error of one decryption
  double max_round_error = 0;    // max over rounds and parameters of |W_{t+1} - (W_t - eta/n sum g_i)|
  double round_error_bound = 0;  // 8 standard deviations of the predicted per-round error
  double encrypt_seconds = 0, aggregate_seconds = 0, decrypt_seconds = 0;  // summed over rounds
  bool secure = false;  // the parameters are within the 128-bit table
};

// Errors: validate(options), a schedule error, widths that do not match the data.
Result<TrainingRun> train_plaintext(const TrainingData& data, const SgdOptions& options);
// Also: parameters Context::create refuses, fewer than three data primes, fewer slots than parameters,
// a smudging width that does not fit the level-1 modulus, a scale below 2^20 at level 1.
Result<EncryptedTrainingRun> train_encrypted(const TrainingData& data, const SgdOptions& options,
                                             const HeTrainingOptions& he_options = {});

struct TrainingComparison {
  TrainingRun plaintext;
  EncryptedTrainingRun encrypted;
  double max_weight_difference = 0;  // max |W_encrypted - W_plaintext| over the parameters
  double auc_difference = 0;         // encrypted - plaintext test AUC
};
// The whole comparison on a feature table (for the CLI and the benchmark), and its report.
Result<TrainingComparison> compare_training(const ml::FeatureTable& table, const SgdOptions& options,
                                            const HeTrainingOptions& he_options = {});
nlohmann::json comparison_json(const TrainingComparison& c, const SgdOptions& options,
                               const HeTrainingOptions& he_options);

}  // namespace zkc::lending
