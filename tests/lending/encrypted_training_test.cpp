// Encrypted federated SGD on the Taiwan data (the copy in data/): on a small insecure ring, the encrypted
// run follows the plaintext run round by round within the bound derived from the parameters and the
// smudging width, and ends with the same test AUC; the plaintext update is checked against the gradient of
// the pooled batch (an independent computation), the schedule against the standard split, and bad
// options and parameters are refused. The full secure run (N = 8192, 400 rounds) is compare_training,
// called from the benchmark/CLI; its figures are in docs/HE.md.
#include "zkc/lending/encrypted_training.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "zkc/ml/dataset.hpp"

namespace zkc::lending {
namespace {

const std::string kTaiwan = std::string(ZKC_REPO_DATA_DIR) + "/taiwan_default/UCI_Credit_Card.csv";

const ml::FeatureTable& taiwan() {
  static const ml::FeatureTable table = [] {
    auto d = ml::load_data(kTaiwan);
    if (!d) throw std::runtime_error(d.error().message);
    return std::move(d).value().table;
  }();
  return table;
}

const TrainingData& data() {
  static const TrainingData d = prepare_training_data(taiwan(), SgdOptions{}).value();
  return d;
}

SgdOptions small_options() {
  SgdOptions o;
  o.participants = 3;
  o.batch_size = 32;
  o.rounds = 30;
  return o;
}

HeTrainingOptions small_he(int lambda = 40) {
  HeTrainingOptions h;
  h.parameters = test_training_parameters();
  h.smudging_lambda = lambda;
  return h;
}

double max_difference(const ml::Network& a, const ml::Network& b) {
  const auto x = flatten(a), y = flatten(b);
  EXPECT_EQ(x.size(), y.size());
  double worst = 0;
  for (std::size_t i = 0; i < x.size(); ++i) worst = std::max(worst, std::fabs(x[i] - y[i]));
  return worst;
}

TEST(EncryptedTraining, SmallRingFollowsPlaintextSgd) {
  const SgdOptions o = small_options();
  auto plain = train_plaintext(data(), o);
  ASSERT_TRUE(plain.ok()) << plain.error().message;
  auto enc = train_encrypted(data(), o, small_he());
  ASSERT_TRUE(enc.ok()) << enc.error().message;
  const auto& e = enc.value();
  const double diff = max_difference(plain.value().network, e.run.network);
  std::printf(
      "N=1024, %d rounds: AUC plain %.6f encrypted %.6f, max weight diff %.3g, round error %.3g "
      "(bound %.3g), smudging 2^%d, %.2f s\n",
      o.rounds, plain.value().test_auc, e.run.test_auc, diff, e.max_round_error, e.round_error_bound,
      e.smudging_bits, e.run.seconds);
  EXPECT_FALSE(e.secure);
  EXPECT_LE(e.max_round_error, e.round_error_bound);
  EXPECT_GT(e.max_round_error, e.smudging_slot_sd);  // the smudging is there (max over 337 x 30 draws)
  EXPECT_LT(diff, 1e-6);
  EXPECT_LT(std::fabs(e.run.test_auc - plain.value().test_auc), 1e-4);
  // Training did something: the initial network's AUC is lower.
  SgdOptions none = o;
  none.rounds = 1;
  none.learning_rate = 0;
  EXPECT_GT(plain.value().test_auc, train_plaintext(data(), none).value().test_auc + 0.02);
}

TEST(EncryptedTraining, WiderSmudgingCostsPrecisionWithinItsBound) {
  // lambda = 80 adds 40 bits of smudging: the error of the round grows about 2^40-fold and still stays
  // under the bound derived from the width (the bound is not vacuous: it tracks the smudging). One round:
  // after it the weights are noise, and so would be the next gradients.
  SgdOptions o = small_options();
  o.rounds = 1;
  auto base = train_encrypted(data(), o, small_he(40));
  auto wide = train_encrypted(data(), o, small_he(80));
  ASSERT_TRUE(base.ok() && wide.ok());
  EXPECT_EQ(wide.value().smudging_bits, base.value().smudging_bits + 40);
  EXPECT_LE(wide.value().max_round_error, wide.value().round_error_bound);
  EXPECT_GT(wide.value().max_round_error, 1e6 * base.value().max_round_error);
  // Too wide for the level-1 modulus: refused by the parties, not silently wrapped.
  auto too_wide = train_encrypted(data(), o, small_he(95));
  ASSERT_FALSE(too_wide.ok());
  EXPECT_NE(too_wide.error().message.find("does not fit"), std::string::npos) << too_wide.error().message;
}

TEST(EncryptedTraining, PlaintextRoundIsTheGradientOfThePooledBatch) {
  // One round of W <- W - (eta / n) sum_i g_i equals W - eta grad J(all n batches together): the mean
  // over the pooled rows, computed by one call to ml::objective (l2 included in both).
  SgdOptions o = small_options();
  o.rounds = 1;
  o.l2 = 1e-3;
  const auto run = train_plaintext(data(), o).value();
  auto schedule = BatchSchedule::create(static_cast<std::size_t>(data().x_train.rows()), o).value();
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < o.participants; ++i) {
    const auto b = schedule.batch(0, i);
    rows.insert(rows.end(), b.begin(), b.end());
  }
  Eigen::MatrixXd x(static_cast<Eigen::Index>(rows.size()), data().x_train.cols());
  Eigen::VectorXd y(static_cast<Eigen::Index>(rows.size()));
  for (std::size_t k = 0; k < rows.size(); ++k) {
    x.row(static_cast<Eigen::Index>(k)) = data().x_train.row(static_cast<Eigen::Index>(rows[k]));
    y[static_cast<Eigen::Index>(k)] = data().y_train[static_cast<Eigen::Index>(rows[k])];
  }
  ml::Rng rng(o.init_seed);
  ml::Network net = ml::Network::init({11, 16, 8, 1}, rng);
  ml::Network g;
  ml::objective(net, x, y, o.l2, &g);
  for (std::size_t l = 0; l < net.layers.size(); ++l) {
    net.layers[l].weights -= o.learning_rate * g.layers[l].weights;
    net.layers[l].bias -= o.learning_rate * g.layers[l].bias;
  }
  EXPECT_LT(max_difference(net, run.network), 1e-12);
}

TEST(EncryptedTraining, ScheduleDealsDisjointShardsOfTheStandardTrainingSplit) {
  const SgdOptions o;
  const auto split = ml::stratified_split(taiwan().labels, {}, 1).value();
  EXPECT_EQ(data().split.test, split.test);  // the pipeline's test rows
  EXPECT_EQ(data().x_train.rows(), static_cast<Eigen::Index>(split.train.size()));
  EXPECT_EQ(data().x_test.rows(), static_cast<Eigen::Index>(split.test.size()));
  const std::size_t rows = split.train.size();
  auto schedule = BatchSchedule::create(rows, o).value();
  EXPECT_EQ(schedule.shard_size(), rows / o.participants);
  std::set<std::size_t> seen;
  for (std::size_t i = 0; i < o.participants; ++i) {
    const auto shard = schedule.shard(i);
    const std::set<std::size_t> own(shard.begin(), shard.end());
    EXPECT_EQ(own.size(), shard.size());
    for (std::size_t r : shard) {
      EXPECT_LT(r, rows);
      EXPECT_TRUE(seen.insert(r).second) << "row " << r << " in two shards";
    }
    // Batches stay in the shard and walk it cyclically.
    for (int t : {0, 1, 57, 1000}) {
      for (std::size_t r : schedule.batch(t, i)) EXPECT_TRUE(own.count(r)) << "round " << t;
    }
    const std::size_t per_pass = schedule.shard_size() / static_cast<std::size_t>(o.batch_size);
    if (schedule.shard_size() % static_cast<std::size_t>(o.batch_size) == 0) {
      EXPECT_EQ(schedule.batch(static_cast<int>(per_pass), i), schedule.batch(0, i));
    }
  }
  EXPECT_NE(schedule.batch(0, 0), schedule.batch(1, 0));
  SgdOptions big = o;
  big.batch_size = static_cast<int>(rows);
  auto refused = BatchSchedule::create(rows, big);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("below one batch"), std::string::npos);
}

TEST(EncryptedTraining, FlattenOrderAndRoundTrip) {
  ml::Rng rng(5);
  const ml::Network net = ml::Network::init({11, 16, 8, 1}, rng);
  const auto v = flatten(net);
  ASSERT_EQ(v.size(), 337u);
  EXPECT_EQ(v[0], net.layers[0].weights(0, 0));
  EXPECT_EQ(v[1], net.layers[0].weights(0, 1));
  EXPECT_EQ(v[11], net.layers[0].weights(1, 0));
  EXPECT_EQ(v[176], net.layers[0].bias[0]);
  EXPECT_EQ(v[192], net.layers[1].weights(0, 0));
  EXPECT_EQ(v[336], net.layers[2].bias[0]);
  const auto back = unflatten(v, {11, 16, 8, 1});
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(max_difference(back.value(), net), 0.0);
  EXPECT_FALSE(unflatten(std::span(v).first(336), {11, 16, 8, 1}).ok());
  EXPECT_FALSE(unflatten(v, {11}).ok());
  EXPECT_FALSE(unflatten(v, {11, 0, 8, 1}).ok());
}

TEST(EncryptedTraining, BadOptionsAndParametersAreRefused) {
  auto refused = [](SgdOptions o, HeTrainingOptions h, const char* what) {
    auto r = train_encrypted(data(), o, h);
    ASSERT_FALSE(r.ok()) << what;
    EXPECT_NE(r.error().message.find(what), std::string::npos) << r.error().message;
  };
  SgdOptions o = small_options();
  o.participants = 1;
  refused(o, small_he(), "at least two participants");
  o = small_options();
  o.batch_size = 0;
  refused(o, small_he(), "batch size");
  o = small_options();
  o.rounds = 0;
  refused(o, small_he(), "round count");
  o = small_options();
  o.learning_rate = std::nan("");
  refused(o, small_he(), "learning rate");
  o = small_options();
  o.hidden = {};
  refused(o, small_he(), "no hidden layer");
  o = small_options();
  o.learning_rate = 1e6;
  refused(o, small_he(), "leaves the scale's headroom");
  HeTrainingOptions h = small_he();
  h.parameters.prime_bits = {60, 60};
  refused(small_options(), h, "two data primes");
  h = small_he();
  h.parameters.ring_degree = 256;
  refused(small_options(), h, "exceed the 128 slots");
  h = small_he();
  h.parameters.insecure_testing = false;
  refused(small_options(), h, "ring degree 1024");  // Context::create: not in the security table
  // The secure default parameters are what the header says.
  const auto p = default_training_parameters();
  EXPECT_EQ(p.ring_degree, 8192u);
  EXPECT_FALSE(p.insecure_testing);
  EXPECT_TRUE(he::ckks::Context::create(p).value()->secure());
}

}  // namespace
}  // namespace zkc::lending
