#include "zkc/lending/encrypted_training.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>

#include "zkc/base/random.hpp"
#include "zkc/he/ckks/encryptor.hpp"
#include "zkc/he/ckks/evaluator.hpp"
#include "zkc/he/ckks/threshold.hpp"
#include "zkc/ml/metrics.hpp"
#include "zkc/ml/rng.hpp"

namespace zkc::lending {
namespace {

using Clock = std::chrono::steady_clock;

// The largest |(eta / n) n g_j| a participant encrypts: the scaled sum must stay far inside the 2^20 of
// headroom above Delta (a coefficient of the encoded vector is at most about the largest value).
constexpr double kMaxUpdate = 0x1p12;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::vector<int> widths_of(const TrainingData& data, const SgdOptions& options) {
  std::vector<int> w = {static_cast<int>(data.x_train.cols())};
  w.insert(w.end(), options.hidden.begin(), options.hidden.end());
  w.push_back(1);
  return w;
}

void take_rows(const ml::FeatureTable& table, const std::vector<std::size_t>& rows, Eigen::MatrixXd& x,
               Eigen::VectorXd& y) {
  const auto cols = static_cast<Eigen::Index>(table.names.size());
  x.resize(static_cast<Eigen::Index>(rows.size()), cols);
  y.resize(static_cast<Eigen::Index>(rows.size()));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto r = static_cast<Eigen::Index>(i);
    for (Eigen::Index j = 0; j < cols; ++j) x(r, j) = table.rows[rows[i]][static_cast<std::size_t>(j)];
    y[r] = table.labels[rows[i]];
  }
}

bool both_classes(const Eigen::VectorXd& y) {
  return y.size() > 0 && y.sum() > 0 && y.sum() < static_cast<double>(y.size());
}

double test_auc(const ml::Network& net, const TrainingData& data) {
  const Eigen::VectorXd p = net.predict(data.x_test);
  return ml::roc_auc({p.data(), static_cast<std::size_t>(p.size())},
                     {data.y_test.data(), static_cast<std::size_t>(data.y_test.size())});
}

// Participant i's gradient at the weights `w` on its batch of round t, flattened.
std::vector<double> local_gradient(const TrainingData& data, const BatchSchedule& schedule,
                                   const ml::Network& net, int round, std::size_t participant, double l2) {
  const std::vector<std::size_t> rows = schedule.batch(round, participant);
  Eigen::MatrixXd x(static_cast<Eigen::Index>(rows.size()), data.x_train.cols());
  Eigen::VectorXd y(static_cast<Eigen::Index>(rows.size()));
  for (std::size_t k = 0; k < rows.size(); ++k) {
    x.row(static_cast<Eigen::Index>(k)) = data.x_train.row(static_cast<Eigen::Index>(rows[k]));
    y[static_cast<Eigen::Index>(k)] = data.y_train[static_cast<Eigen::Index>(rows[k])];
  }
  ml::Network gradient;
  ml::objective(net, x, y, l2, &gradient);
  return flatten(gradient);
}

// sum_i g_i in participant order (the same summation order in both runs).
std::vector<double> summed_gradient(const TrainingData& data, const BatchSchedule& schedule,
                                    const ml::Network& net, int round, const SgdOptions& options) {
  std::vector<double> sum;
  for (std::size_t i = 0; i < options.participants; ++i) {
    const std::vector<double> g = local_gradient(data, schedule, net, round, i, options.l2);
    if (sum.empty()) {
      sum = g;
    } else {
      for (std::size_t j = 0; j < g.size(); ++j) sum[j] += g[j];
    }
  }
  return sum;
}

}  // namespace

Status validate(const SgdOptions& o) {
  auto bad = [](const std::string& m) {
    return Status(make_error(Errc::kInvalidArgument, "SGD options: " + m));
  };
  if (o.participants < 2) return bad("at least two participants (threshold decryption needs two shares)");
  if (o.batch_size < 1) return bad("batch size below 1");
  if (o.rounds < 1) return bad("round count below 1");
  if (o.hidden.empty()) return bad("no hidden layer");
  for (int h : o.hidden)
    if (h < 1) return bad("a hidden width below 1");
  if (!std::isfinite(o.learning_rate) || o.learning_rate < 0)
    return bad("learning rate negative or not finite");
  if (!std::isfinite(o.l2) || o.l2 < 0) return bad("l2 negative or not finite");
  return Status::success();
}

he::ckks::Parameters default_training_parameters() {
  he::ckks::Parameters p;
  p.ring_degree = 8192;
  p.prime_bits = {60, 58, 40, 60};
  p.scale = 0x1p40;        // nominal: the training encodes with its own scale (see the header)
  p.manual_scales = true;  // ... so the ladder of these unequal primes (2^22 at level 0) is never used
  return p;
}

he::ckks::Parameters test_training_parameters() {
  he::ckks::Parameters p = default_training_parameters();
  p.ring_degree = 1024;
  p.insecure_testing = true;
  return p;
}

Result<TrainingData> prepare_training_data(const ml::FeatureTable& table, const SgdOptions& options) {
  if (table.names.empty() || table.rows.size() != table.labels.size()) {
    return make_error(Errc::kInvalidArgument, "training data: no features, or rows and labels differ");
  }
  for (const auto& row : table.rows) {
    if (row.size() != table.names.size())
      return make_error(Errc::kInvalidArgument, "training data: a row of the wrong width");
  }
  ZKC_TRY(ml::Split split, ml::stratified_split(table.labels, options.fractions, options.split_seed));
  TrainingData d;
  take_rows(table, split.train, d.x_train, d.y_train);
  take_rows(table, split.test, d.x_test, d.y_test);
  if (!both_classes(d.y_train) || !both_classes(d.y_test)) {
    return make_error(Errc::kInvalidArgument, "training data: the training and test parts need both classes");
  }
  const ml::Standardizer st = ml::Standardizer::fit(d.x_train);
  d.x_train = st.apply(d.x_train);
  d.x_test = st.apply(d.x_test);
  d.split = std::move(split);
  return d;
}

std::vector<double> flatten(const ml::Network& net) {
  std::vector<double> out;
  out.reserve(net.num_parameters());
  for (const auto& layer : net.layers) {
    for (Eigen::Index i = 0; i < layer.weights.rows(); ++i)
      for (Eigen::Index j = 0; j < layer.weights.cols(); ++j) out.push_back(layer.weights(i, j));
    for (Eigen::Index i = 0; i < layer.bias.size(); ++i) out.push_back(layer.bias[i]);
  }
  return out;
}

Result<ml::Network> unflatten(std::span<const double> params, const std::vector<int>& widths) {
  if (widths.size() < 2) return make_error(Errc::kInvalidArgument, "unflatten: fewer than two widths");
  std::size_t expected = 0;
  for (std::size_t l = 0; l + 1 < widths.size(); ++l) {
    if (widths[l] < 1 || widths[l + 1] < 1)
      return make_error(Errc::kInvalidArgument, "unflatten: a width below 1");
    expected += static_cast<std::size_t>(widths[l + 1]) * static_cast<std::size_t>(widths[l] + 1);
  }
  if (params.size() != expected) {
    return make_error(Errc::kInvalidArgument, "unflatten: " + std::to_string(params.size()) +
                                                  " parameters, the widths need " + std::to_string(expected));
  }
  ml::Network net;
  std::size_t k = 0;
  for (std::size_t l = 0; l + 1 < widths.size(); ++l) {
    ml::DenseLayer layer;
    layer.weights.resize(widths[l + 1], widths[l]);
    layer.bias.resize(widths[l + 1]);
    for (Eigen::Index i = 0; i < layer.weights.rows(); ++i)
      for (Eigen::Index j = 0; j < layer.weights.cols(); ++j) layer.weights(i, j) = params[k++];
    for (Eigen::Index i = 0; i < layer.bias.size(); ++i) layer.bias[i] = params[k++];
    net.layers.push_back(std::move(layer));
  }
  return net;
}

Result<BatchSchedule> BatchSchedule::create(std::size_t training_rows, const SgdOptions& options) {
  if (auto s = validate(options); !s) return s.error();
  BatchSchedule s;
  s.participants_ = options.participants;
  s.batch_size_ = options.batch_size;
  s.shard_size_ = training_rows / options.participants;
  if (s.shard_size_ < static_cast<std::size_t>(options.batch_size)) {
    return make_error(Errc::kInvalidArgument, "SGD schedule: " + std::to_string(training_rows) +
                                                  " training rows give shards of " +
                                                  std::to_string(s.shard_size_) + ", below one batch of " +
                                                  std::to_string(options.batch_size));
  }
  s.order_.resize(training_rows);
  for (std::size_t i = 0; i < training_rows; ++i) s.order_[i] = i;
  ml::Rng rng(options.shard_seed);
  rng.shuffle(std::span<std::size_t>(s.order_));
  return s;
}

std::vector<std::size_t> BatchSchedule::shard(std::size_t participant) const {
  ZKC_ASSERT(participant < participants_);
  const auto first = order_.begin() + static_cast<std::ptrdiff_t>(participant * shard_size_);
  return {first, first + static_cast<std::ptrdiff_t>(shard_size_)};
}

std::vector<std::size_t> BatchSchedule::batch(int round, std::size_t participant) const {
  ZKC_ASSERT(participant < participants_ && round >= 0);
  std::vector<std::size_t> rows(static_cast<std::size_t>(batch_size_));
  const std::size_t start = static_cast<std::size_t>(round) * static_cast<std::size_t>(batch_size_);
  for (std::size_t k = 0; k < rows.size(); ++k)
    rows[k] = order_[participant * shard_size_ + (start + k) % shard_size_];
  return rows;
}

Result<TrainingRun> train_plaintext(const TrainingData& data, const SgdOptions& options) {
  const auto start = Clock::now();
  ZKC_TRY(BatchSchedule schedule,
          BatchSchedule::create(static_cast<std::size_t>(data.x_train.rows()), options));
  const std::vector<int> widths = widths_of(data, options);
  ml::Rng rng(options.init_seed);
  std::vector<double> w = flatten(ml::Network::init(widths, rng));
  const double c = -options.learning_rate / static_cast<double>(options.participants);
  for (int t = 0; t < options.rounds; ++t) {
    ZKC_TRY(ml::Network net, unflatten(w, widths));
    const std::vector<double> sum = summed_gradient(data, schedule, net, t, options);
    for (std::size_t j = 0; j < w.size(); ++j) w[j] += c * sum[j];
  }
  TrainingRun run;
  ZKC_TRY(run.network, unflatten(w, widths));
  run.test_auc = test_auc(run.network, data);
  run.seconds = seconds_since(start);
  return run;
}

Result<EncryptedTrainingRun> train_encrypted(const TrainingData& data, const SgdOptions& options,
                                             const HeTrainingOptions& he_options) {
  using namespace he::ckks;
  const auto start = Clock::now();
  ZKC_TRY(BatchSchedule schedule,
          BatchSchedule::create(static_cast<std::size_t>(data.x_train.rows()), options));
  Parameters params =
      he_options.parameters.ring_degree == 0 ? default_training_parameters() : he_options.parameters;
  params.manual_scales = true;  // every scale is set here (Delta, q_L), none taken from the ladder
  ZKC_TRY(ContextPtr ctx, Context::create(params));
  const int top = ctx->max_level();
  if (top < 1) {
    return make_error(
        Errc::kInvalidArgument,
        "encrypted training: the parameters need at least two data primes (one level per round)");
  }
  const std::vector<int> widths = widths_of(data, options);
  ml::Rng rng(options.init_seed);
  std::vector<double> w = flatten(ml::Network::init(widths, rng));
  if (w.size() > ctx->slots()) {
    return make_error(Errc::kInvalidArgument, "encrypted training: " + std::to_string(w.size()) +
                                                  " parameters exceed the " + std::to_string(ctx->slots()) +
                                                  " slots of one ciphertext");
  }
  // Delta = 2^(floor(log2 Q_{L-1}) - 20); the constant -eta/n at scale q_L, rescaled away.
  double log_q = 0;
  for (int i = 0; i < top; ++i)
    log_q += std::log2(static_cast<double>(ctx->modulus(static_cast<std::size_t>(i)).value()));
  const double delta = std::ldexp(1.0, static_cast<int>(std::floor(log_q)) - 20);
  if (delta < 0x1p20) {
    return make_error(Errc::kInvalidArgument, "encrypted training: the modulus below the top prime (" +
                                                  std::to_string(static_cast<int>(log_q)) +
                                                  " bits) leaves a scale below 2^20");
  }
  const double q_top = static_cast<double>(ctx->modulus(static_cast<std::size_t>(top)).value());
  const std::size_t n = options.participants, ring = ctx->n();
  const double c = -options.learning_rate / static_cast<double>(n);

  // What the smudging must hide (per coefficient of Enc(W_{t+1})) and what it costs.
  const double sd_fresh = collective_fresh_noise_sd(ring, n),
               sd_rescale = collective_rescale_noise_sd(ring, n);
  const double sd_noise = std::sqrt(sd_fresh * sd_fresh + sd_rescale * sd_rescale +
                                    static_cast<double>(n) * c * c * sd_fresh * sd_fresh);
  EncryptedTrainingRun out;
  out.secure = ctx->secure();
  out.noise_bound = 10 * sd_noise;
  out.smudging_bits = smudging_bits(ring, out.noise_bound, he_options.smudging_lambda);
  out.smudging_slot_sd = smudging_slot_sd(ring, n, out.smudging_bits, delta);
  // Per-round error of the decrypted weights against W_t + c sum_i g_i: 8 standard deviations of the
  // smudging, the slot bounds of the fresh noise of Enc(W_t), of the n gradient encryptions (times |c|) and
  // of the rescale, the encoding rounding of W and of the gradients (N / Delta, times |c| n), and the
  // rounding of the constant (|c - round(c q_L) / q_L| <= 1 / (2 q_L), times max |sum g|, added below).
  const double round_bound =
      8 * out.smudging_slot_sd +
      (1 + static_cast<double>(n) * std::fabs(c)) *
          (collective_fresh_slot_bound(ring, n, delta) + static_cast<double>(ring) / delta) +
      collective_rescale_slot_bound(ring, n, delta);

  Digest crs_seed{};
  random_bytes(crs_seed);
  ZKC_TRY(ThresholdSetup setup, ThresholdSetup::create(ctx, {n, crs_seed, out.smudging_bits}));
  std::vector<ThresholdParty> parties;
  std::vector<PublicKeyShare> pk_shares;
  for (std::uint32_t i = 0; i < n; ++i) {
    ZKC_TRY(ThresholdParty p, ThresholdParty::create(setup, i));
    pk_shares.push_back(p.public_key_share());
    parties.push_back(std::move(p));
  }
  ZKC_TRY(PublicKey pk, combine_public_key(setup, pk_shares));
  const Encoder encoder(ctx);
  const Encryptor encryptor(ctx, pk);
  const Evaluator eval(ctx);

  double max_sum = 0;
  for (int t = 0; t < options.rounds; ++t) {
    ZKC_TRY(ml::Network net, unflatten(w, widths));
    // Participants: local gradients, encrypted under the collective key at the top level.
    auto tick = Clock::now();
    std::vector<Ciphertext> grads;
    std::vector<double> sum;  // for the per-round error measurement only: nobody computes it in deployment
    for (std::size_t i = 0; i < n; ++i) {
      const std::vector<double> g = local_gradient(data, schedule, net, t, i, options.l2);
      for (double x : g) {
        if (!(std::fabs(x * c) * static_cast<double>(n) < kMaxUpdate)) {
          return make_error(
              Errc::kInvalidArgument,
              "encrypted training: round " + std::to_string(t) + ", participant " + std::to_string(i) +
                  ": a gradient entry of " + std::to_string(x) +
                  " leaves the scale's headroom (the model diverged: learning rate or smudging too large)");
        }
      }
      ZKC_TRY(Plaintext pt, encoder.encode(g, delta, top));
      grads.push_back(encryptor.encrypt(pt));
      if (sum.empty()) {
        sum = g;
      } else {
        for (std::size_t j = 0; j < g.size(); ++j) sum[j] += g[j];
      }
    }
    // The refreshed Enc(W_t) at level L - 1 (made by any holder of W_t).
    ZKC_TRY(Plaintext wpt, encoder.encode(w, delta, top - 1));
    const Ciphertext enc_w = encryptor.encrypt(wpt);
    out.encrypt_seconds += seconds_since(tick);
    // Pool: S = sum Enc(g_i); U = (-eta/n) S, rescaled; Enc(W_{t+1}) = Enc(W_t) + U.
    tick = Clock::now();
    Ciphertext s = grads[0];
    for (std::size_t i = 1; i < n; ++i) {
      ZKC_TRY(s, eval.add(s, grads[i]));
    }
    ZKC_TRY(Ciphertext scaled, eval.multiply_const(s, c, q_top));
    ZKC_TRY(Ciphertext update,
            eval.rescale(scaled));  // scale (delta q_L) / q_L = delta exactly (delta = 2^e)
    ZKC_TRY(Ciphertext next, eval.add(enc_w, update));
    out.aggregate_seconds += seconds_since(tick);
    // Participants: collective decryption of the new weights.
    tick = Clock::now();
    std::vector<DecryptionShare> shares;
    for (const auto& p : parties) {
      ZKC_TRY(DecryptionShare share, p.decryption_share(next));
      shares.push_back(std::move(share));
    }
    ZKC_TRY(Plaintext decrypted, combine_decryption(setup, next, shares));
    const std::vector<double> values = encoder.decode_real(decrypted);
    out.decrypt_seconds += seconds_since(tick);
    for (std::size_t j = 0; j < w.size(); ++j) {
      const double expected = w[j] + c * sum[j];
      w[j] = values[j];
      out.max_round_error = std::max(out.max_round_error, std::fabs(w[j] - expected));
      max_sum = std::max(max_sum, std::fabs(sum[j]));
    }
  }
  out.round_error_bound = round_bound + max_sum / (2 * q_top);
  ZKC_TRY(out.run.network, unflatten(w, widths));
  out.run.test_auc = test_auc(out.run.network, data);
  out.run.seconds = seconds_since(start);
  return out;
}

Result<TrainingComparison> compare_training(const ml::FeatureTable& table, const SgdOptions& options,
                                            const HeTrainingOptions& he_options) {
  ZKC_TRY(TrainingData data, prepare_training_data(table, options));
  TrainingComparison c;
  ZKC_TRY(c.plaintext, train_plaintext(data, options));
  ZKC_TRY(c.encrypted, train_encrypted(data, options, he_options));
  const std::vector<double> a = flatten(c.plaintext.network), b = flatten(c.encrypted.run.network);
  for (std::size_t j = 0; j < a.size(); ++j)
    c.max_weight_difference = std::max(c.max_weight_difference, std::fabs(a[j] - b[j]));
  c.auc_difference = c.encrypted.run.test_auc - c.plaintext.test_auc;
  return c;
}

nlohmann::json comparison_json(const TrainingComparison& c, const SgdOptions& o, const HeTrainingOptions& h) {
  const he::ckks::Parameters p = h.parameters.ring_degree == 0 ? default_training_parameters() : h.parameters;
  const auto& e = c.encrypted;
  return {{"sgd",
           {{"participants", o.participants},
            {"hidden", o.hidden},
            {"batch_size", o.batch_size},
            {"rounds", o.rounds},
            {"learning_rate", o.learning_rate},
            {"l2", o.l2},
            {"init_seed", o.init_seed},
            {"shard_seed", o.shard_seed},
            {"split_seed", o.split_seed}}},
          {"ckks",
           {{"ring_degree", p.ring_degree},
            {"prime_bits", p.prime_bits},
            {"secure_128", e.secure},
            {"smudging_lambda", h.smudging_lambda},
            {"smudging_bits", e.smudging_bits},
            {"noise_bound", e.noise_bound},
            {"smudging_slot_sd", e.smudging_slot_sd}}},
          {"plaintext", {{"test_auc", c.plaintext.test_auc}, {"seconds", c.plaintext.seconds}}},
          {"encrypted",
           {{"test_auc", e.run.test_auc},
            {"seconds", e.run.seconds},
            {"encrypt_seconds", e.encrypt_seconds},
            {"aggregate_seconds", e.aggregate_seconds},
            {"decrypt_seconds", e.decrypt_seconds},
            {"max_round_error", e.max_round_error},
            {"round_error_bound", e.round_error_bound}}},
          {"max_weight_difference", c.max_weight_difference},
          {"auc_difference", c.auc_difference}};
}

}  // namespace zkc::lending
