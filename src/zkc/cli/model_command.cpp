// `zkcredit model train|eval|score`: the pool's credit model (src/zkc/ml): train it on a data set,
// measure it on another, and score one borrower with the float and the quantized network.
#include <cstdio>
#include <sstream>

#include "zkc/base/io.hpp"
#include "zkc/cli/command.hpp"
#include "zkc/ml/dataset.hpp"
#include "zkc/ml/pipeline.hpp"

namespace zkc::cli {
namespace {

using nlohmann::json;

std::string fixed(double v, int digits = 4) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

struct TrainArgs {
  std::string data, label, out, mapping, hidden = "auto";
  double l2 = 1e-4, learning_rate = 1e-3;
  int batch = 256, epochs = 300, patience = 20, bits = 0;
  std::uint64_t seed = 1;
  bool quiet = false;
};

// "auto" or "<h1>,<h2>".
Result<std::vector<std::vector<int>>> parse_hidden(const std::string& s) {
  if (s == "auto") return ml::PipelineOptions{}.width_candidates;
  int a = 0, b = 0;
  char comma = 0, extra = 0;
  std::istringstream in(s);
  if (!(in >> a >> comma >> b) || comma != ',' || (in >> extra))
    return make_error(Errc::kInvalidArgument,
                      "--hidden: expected 'auto' or two widths like '16,8', got '" + s + "'");
  return std::vector<std::vector<int>>{{a, b}};
}

void print_summary(const ml::CreditModel& m, std::ostream& out) {
  const auto& t = m.metrics["test"];
  const auto w = m.network.widths();
  out << "model: " << m.mapping << " features (" << m.num_features() << "), network " << w[0] << "-" << w[1]
      << "-" << w[2] << "-1, " << m.quantized.fractional_bits << " fractional bits, threshold "
      << fixed(m.threshold) << "\n";
  out << "test rows " << t["float"]["rows"].get<std::size_t>() << ": AUC float "
      << fixed(t["float"]["auc"].get<double>()) << ", quantized "
      << fixed(t["quantized"]["auc"].get<double>()) << ", logistic baseline "
      << fixed(t["logistic_baseline"]["auc"].get<double>()) << "\n";
  out << "accuracy at threshold " << fixed(t["float"]["accuracy"].get<double>()) << ", Brier "
      << fixed(t["float"]["brier"].get<double>()) << ", decisions flipped by quantization "
      << t["quantization"]["flips"].get<std::size_t>() << " ("
      << fixed(100 * t["quantization"]["flip_share"].get<double>(), 3) << " %), max score difference "
      << fixed(t["quantization"]["max_score_error"].get<double>(), 5) << "\n";
}

int run_train(const TrainArgs& a, Context& ctx) {
  auto hidden = parse_hidden(a.hidden);
  if (!hidden) return ctx.fail(hidden.error());
  auto data = ml::load_data(a.data, a.mapping, a.label);
  if (!data) return ctx.fail(data.error());
  ml::PipelineOptions o;
  o.width_candidates = hidden.value();
  o.train.l2 = a.l2;
  o.train.learning_rate = a.learning_rate;
  o.train.batch_size = a.batch;
  o.train.max_epochs = a.epochs;
  o.train.patience = a.patience;
  o.train.seed = a.seed;
  o.split_seed = a.seed;
  o.fractional_bits = a.bits;
  ml::PipelineProgress progress;
  std::string stage;
  if (!a.quiet) {
    progress.stage = [&](const std::string& s) { stage = s; };
    progress.epoch = [&](const ml::EpochReport& r) {
      ctx.err << stage << " epoch " << r.epoch << ": train objective " << fixed(r.train_objective)
              << ", validation loss " << fixed(r.validation_loss) << (r.best ? " *" : "") << "\n";
    };
  }
  const auto& d = data.value();
  auto model = ml::train_credit_model(
      d.table, d.mapping,
      {d.name, d.sha256, a.label.empty() ? (d.mapping == "aave" ? "liquidation" : "default") : a.label}, o,
      progress);
  if (!model) return ctx.fail(model.error());
  if (Status s = ml::write_model(model.value(), a.out); !s) return ctx.fail(s.error());
  print_summary(model.value(), ctx.out);
  ctx.out << "trained in " << fixed(model.value().training["seconds"].get<double>(), 1) << " s; wrote "
          << a.out << "\n";
  return kExitOk;
}

struct EvalArgs {
  std::string model, data, label;
  bool json_output = false;
};

int run_eval(const EvalArgs& a, Context& ctx) {
  auto model = ml::read_model(a.model);
  if (!model) return ctx.fail(model.error());
  const auto& m = model.value();
  auto data = ml::load_data(a.data, m.mapping, a.label);
  if (!data) return ctx.fail(data.error());
  if (data.value().table.names != m.feature_names)
    return ctx.fail(make_error(Errc::kInvalidArgument, a.data + ": its features differ from the model's"));
  const json r = ml::evaluate_model(m, data.value().table);
  if (a.json_output) {
    ctx.out << r.dump(1) << "\n";
    return kExitOk;
  }
  ctx.out << "rows " << r["rows"].get<std::size_t>() << "\n";
  if (!r.contains("float")) {
    ctx.out << r["note"].get<std::string>() << "\n";
    return kExitOk;
  }
  for (const char* kind : {"float", "quantized"}) {
    const auto& s = r[kind];
    ctx.out << kind << ": AUC " << fixed(s["auc"].get<double>()) << ", accuracy at " << fixed(m.threshold)
            << " " << fixed(s["accuracy"].get<double>()) << ", Brier " << fixed(s["brier"].get<double>())
            << ", log loss " << fixed(s["log_loss"].get<double>()) << ", ECE "
            << fixed(s["ece"].get<double>()) << "\n";
  }
  ctx.out << "decisions flipped by quantization: " << r["quantization"]["flips"].get<std::size_t>() << " ("
          << fixed(100 * r["quantization"]["flip_share"].get<double>(), 3) << " %)\n";
  ctx.out << "calibration (float): bin, rows, mean score, default rate\n";
  for (const auto& bin : r["float"]["calibration"])
    ctx.out << "  [" << fixed(bin["lower"].get<double>(), 1) << ", " << fixed(bin["upper"].get<double>(), 1)
            << ") " << bin["count"].get<std::size_t>() << " " << fixed(bin["mean_score"].get<double>(), 3)
            << " " << fixed(bin["positive_rate"].get<double>(), 3) << "\n";
  return kExitOk;
}

struct ScoreArgs {
  std::string model, features;
  bool json_output = false;
};

int run_score(const ScoreArgs& a, Context& ctx) {
  auto model = ml::read_model(a.model);
  if (!model) return ctx.fail(model.error());
  const auto& m = model.value();
  auto text = read_text_file(a.features);
  if (!text) return ctx.fail(text.error());
  json j = json::parse(text.value(), nullptr, false);
  if (j.is_discarded()) return ctx.fail(make_error(Errc::kBadFormat, a.features + ": not valid JSON"));
  auto features = ml::features_from_json(j, m);
  if (!features)
    return ctx.fail(make_error(features.error().code, a.features + ": " + features.error().message));
  auto pf = m.float_score(features.value());
  if (!pf) return ctx.fail(pf.error());
  auto xq = m.quantized.quantize_input(features.value());
  if (!xq) return ctx.fail(xq.error());
  const auto trace = m.quantized.trace(xq.value());
  const double pq = static_cast<double>(trace.score) / static_cast<double>(m.quantized.one());
  if (a.json_output) {
    json out = {{"features", json::object()},
                {"float_score", pf.value()},
                {"quantized_score", pq},
                {"quantized_score_fixed", trace.score},
                {"fractional_bits", m.quantized.fractional_bits},
                {"threshold", m.threshold},
                {"high_risk", pq >= m.threshold}};
    for (std::size_t i = 0; i < m.num_features(); ++i)
      out["features"][m.feature_names[i]] = features.value()[i];
    ctx.out << out.dump(1) << "\n";
    return kExitOk;
  }
  for (std::size_t i = 0; i < m.num_features(); ++i)
    ctx.out << "  " << m.feature_names[i] << " = " << fixed(features.value()[i]) << "\n";
  ctx.out << "float score " << fixed(pf.value(), 6) << "\n";
  ctx.out << "quantized score " << fixed(pq, 6) << " (" << trace.score << " / 2^"
          << m.quantized.fractional_bits << ")\n";
  ctx.out << "decision at threshold " << fixed(m.threshold) << ": "
          << (pq >= m.threshold ? "high risk" : "low risk") << "\n";
  return kExitOk;
}

}  // namespace

void add_model_commands(CLI::App& app, Context& ctx) {
  auto* g = app.add_subcommand("model", "The credit model: train, evaluate, score");
  g->require_subcommand(1);

  auto train = std::make_shared<TrainArgs>();
  auto* t = g->add_subcommand("train", "Train the credit network on a data set and write the model file");
  t->add_option("--data", train->data, "Taiwan-layout CSV, or a directory of Aave position CSVs")->required();
  t->add_option("--label", train->label, "label column (Taiwan: default 'default'; Aave labels are derived)");
  t->add_option("--out", train->out, "model file to write (JSON)")->required();
  t->add_option("--mapping", train->mapping,
                "feature mapping: taiwan or aave (default: detected from the columns)");
  t->add_option("--hidden", train->hidden, "hidden widths 'h1,h2', or 'auto' to choose on validation")
      ->capture_default_str();
  t->add_option("--l2", train->l2, "L2 penalty lambda")->capture_default_str();
  t->add_option("--learning-rate", train->learning_rate, "Adam step size")->capture_default_str();
  t->add_option("--batch", train->batch, "mini-batch size")->capture_default_str();
  t->add_option("--epochs", train->epochs, "maximum epochs")->capture_default_str();
  t->add_option("--patience", train->patience, "early stopping: epochs without validation improvement")
      ->capture_default_str();
  t->add_option("--bits", train->bits, "fixed-point fractional bits (0: calibrate on validation)")
      ->capture_default_str();
  t->add_option("--seed", train->seed, "seed of the split, initialization and batch order")
      ->capture_default_str();
  t->add_flag("-q,--quiet", train->quiet, "no per-epoch progress");
  t->callback([&ctx, train] { ctx.exit_code = run_train(*train, ctx); });

  auto eval = std::make_shared<EvalArgs>();
  auto* e = g->add_subcommand("eval", "Measure a model on labelled data (float and quantized)");
  e->add_option("--model", eval->model, "model file (JSON)")->required();
  e->add_option("--data", eval->data, "data in the model's layout")->required();
  e->add_option("--label", eval->label, "label column");
  e->add_flag("--json", eval->json_output, "print the metrics as JSON");
  e->callback([&ctx, eval] { ctx.exit_code = run_eval(*eval, ctx); });

  auto score = std::make_shared<ScoreArgs>();
  auto* s = g->add_subcommand("score", "Score one borrower: float and quantized probability of default");
  s->add_option("--model", score->model, "model file (JSON)")->required();
  s->add_option("--features", score->features,
                "borrower JSON: {\"features\": {...}}, {\"history\": {...}} or a Taiwan record")
      ->required();
  s->add_flag("--json", score->json_output, "print the result as JSON");
  s->callback([&ctx, score] { ctx.exit_code = run_score(*score, ctx); });
}

}  // namespace zkc::cli
