// The model file: a hand-built CreditModel round-trips through JSON and through a file with every
// field equal (doubles bit for bit) and the same scores; each malformed file is rejected with
// kBadFormat and a message naming the JSON path (including quantized weights that are not the
// quantization of the float weights); writes are atomic; scoring rejects bad feature vectors; the
// committed fuzz seed (tests/data/ml/model_small.json) loads and re-serializes to the same bytes.
#include "zkc/ml/model.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <bit>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "testing/testing.hpp"
#include "zkc/base/io.hpp"
#include "zkc/ml/rng.hpp"

namespace zkc::ml {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const std::vector<std::string> kNames = {"collateral_to_loan", "log_collateral", "avg_balance",
                                         "balance_volatility", "balance_trend",  "repaid_share",
                                         "latest_delay",       "previous_delay", "max_delay",
                                         "months_late",        "mean_delay"};

// A model as the trainer would publish it, from one seed: He-initialized network with random biases,
// a standardizer fitted on random columns of varied magnitude, quantized at f = 12.
CreditModel make_model(std::uint64_t seed, const std::vector<int>& hidden = {8, 4}) {
  Rng rng(seed);
  CreditModel m;
  m.mapping = "taiwan";
  m.feature_names = kNames;
  const int d = static_cast<int>(kNames.size());
  Eigen::MatrixXd x(40, d);
  for (int j = 0; j < d; ++j) {
    const double magnitude = std::pow(10.0, j % 4), offset = (j % 3 - 1) * magnitude;
    for (int i = 0; i < 40; ++i) x(i, j) = offset + magnitude * rng.normal();
  }
  m.standardizer = Standardizer::fit(x);
  m.network = Network::init({d, hidden[0], hidden[1], 1}, rng);
  for (auto& layer : m.network.layers)
    for (Eigen::Index i = 0; i < layer.bias.size(); ++i) layer.bias[i] = 0.3 * rng.normal();
  m.network.layers[1].bias[0] = -0.0;  // a signed zero must survive the round trip too
  m.quantized = quantize(m.network, m.standardizer, 12).value();
  m.threshold = 0.3;
  m.training = {{"data", "taiwan_default/UCI_Credit_Card.csv"},
                {"sha256", "00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff"},
                {"seed", seed},
                {"options", {{"l2", 1e-4}, {"batch", 256}, {"optimizer", "adam"}}},
                {"epochs", 17}};
  m.metrics = {{"test", {{"auc", 0.7791}, {"brier", 0.1342}, {"flipped", 0.001}}}, {"rows", 4500}};
  return m;
}

std::uint64_t bits_of(double v) { return std::bit_cast<std::uint64_t>(v); }

void expect_same_doubles(const std::vector<double>& a, const std::vector<double>& b,
                         const std::string& what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (std::size_t i = 0; i < a.size(); ++i)
    EXPECT_EQ(bits_of(a[i]), bits_of(b[i])) << what << "[" << i << "]";
}

void expect_same_matrix(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, const std::string& what) {
  ASSERT_EQ(a.rows(), b.rows()) << what;
  ASSERT_EQ(a.cols(), b.cols()) << what;
  for (Eigen::Index i = 0; i < a.rows(); ++i)
    for (Eigen::Index j = 0; j < a.cols(); ++j)
      EXPECT_EQ(bits_of(a(i, j)), bits_of(b(i, j))) << what << "(" << i << ", " << j << ")";
}

void expect_same_model(const CreditModel& a, const CreditModel& b) {
  EXPECT_EQ(a.mapping, b.mapping);
  EXPECT_EQ(a.feature_names, b.feature_names);
  expect_same_doubles(a.standardizer.mean, b.standardizer.mean, "mean");
  expect_same_doubles(a.standardizer.scale, b.standardizer.scale, "scale");
  expect_same_doubles(a.standardizer.lower, b.standardizer.lower, "lower");
  expect_same_doubles(a.standardizer.upper, b.standardizer.upper, "upper");
  ASSERT_EQ(a.network.layers.size(), b.network.layers.size());
  for (std::size_t l = 0; l < a.network.layers.size(); ++l) {
    expect_same_matrix(a.network.layers[l].weights, b.network.layers[l].weights,
                       "weights " + std::to_string(l));
    expect_same_matrix(a.network.layers[l].bias, b.network.layers[l].bias, "bias " + std::to_string(l));
  }
  const auto &qa = a.quantized, &qb = b.quantized;
  EXPECT_EQ(qa.fractional_bits, qb.fractional_bits);
  EXPECT_EQ(qa.input_lower, qb.input_lower);
  EXPECT_EQ(qa.input_upper, qb.input_upper);
  ASSERT_EQ(qa.layers.size(), qb.layers.size());
  for (std::size_t l = 0; l < qa.layers.size(); ++l) {
    EXPECT_EQ(qa.layers[l].inputs, qb.layers[l].inputs);
    EXPECT_EQ(qa.layers[l].outputs, qb.layers[l].outputs);
    EXPECT_EQ(qa.layers[l].weights, qb.layers[l].weights);
    EXPECT_EQ(qa.layers[l].bias, qb.layers[l].bias);
  }
  EXPECT_EQ(qa.sigmoid_knots, qb.sigmoid_knots);
  EXPECT_EQ(qa.accumulator_bits, qb.accumulator_bits);
  EXPECT_EQ(bits_of(a.threshold), bits_of(b.threshold));
  EXPECT_EQ(a.training, b.training);
  EXPECT_EQ(a.metrics, b.metrics);
}

// Random raw feature rows around (and beyond) the training range.
Eigen::MatrixXd random_rows(const CreditModel& m, std::mt19937_64& g, int rows) {
  const auto& s = m.standardizer;
  Eigen::MatrixXd x(rows, static_cast<Eigen::Index>(s.size()));
  for (int i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < s.size(); ++j) {
      const double width = s.upper[j] - s.lower[j];
      x(i, static_cast<Eigen::Index>(j)) =
          std::uniform_real_distribution<double>(s.lower[j] - 0.2 * width, s.upper[j] + 0.2 * width)(g);
    }
  return x;
}

void expect_same_scores(const CreditModel& a, const CreditModel& b, std::mt19937_64& g) {
  const Eigen::MatrixXd x = random_rows(a, g, 50);
  const Eigen::VectorXd fa = a.float_scores(x), fb = b.float_scores(x);
  for (Eigen::Index i = 0; i < fa.size(); ++i) EXPECT_EQ(bits_of(fa[i]), bits_of(fb[i])) << i;
  EXPECT_EQ(a.quantized_scores(x), b.quantized_scores(x));
}

// A fresh directory under the system temp directory, removed at scope exit.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string t = (fs::temp_directory_path() / "zkc-model-test-XXXXXX").string();
    ZKC_ASSERT(::mkdtemp(t.data()) != nullptr);
    path = t;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(path)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
};

// ---------------------------------------------------------------------------------------------
// Round trips.
// ---------------------------------------------------------------------------------------------

TEST(ModelFile, RoundTripsThroughJson) {
  auto g = testing::rng(201);
  for (int n = 0; n < 3; ++n) {
    const CreditModel m = make_model(g(), {static_cast<int>(g() % 12 + 1), static_cast<int>(g() % 6 + 1)});
    const json j = model_to_json(m);
    EXPECT_EQ(j["format"], "zkcredit-credit-model");
    EXPECT_EQ(j["version"], 1);
    // Through the text form too, as a file would carry it.
    for (const json& jj : {j, json::parse(j.dump()), json::parse(j.dump(1))}) {
      const auto back = model_from_json(jj, "mem.json");
      ASSERT_TRUE(back.ok()) << back.error().message;
      expect_same_model(m, back.value());
      expect_same_scores(m, back.value(), g);
      EXPECT_EQ(model_to_json(back.value()), j);
    }
  }
}

TEST(ModelFile, RoundTripsThroughAFile) {
  auto g = testing::rng(202);
  const TempDir dir;
  const std::string path = (dir.path / "model.json").string();
  const CreditModel m = make_model(g());
  ASSERT_TRUE(write_model(m, path));
  const auto back = read_model(path);
  ASSERT_TRUE(back.ok()) << back.error().message;
  expect_same_model(m, back.value());
  expect_same_scores(m, back.value(), g);
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"model.json"});  // no temporary left behind
}

TEST(ModelFile, TrainingAndMetricsAreOptionalObjects) {
  json j = model_to_json(make_model(1));
  j.erase("training");
  j.erase("metrics");
  const auto m = model_from_json(j, "model.json");
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_EQ(m.value().training, json::object());
  EXPECT_EQ(m.value().metrics, json::object());
}

// ---------------------------------------------------------------------------------------------
// Malformed files: kBadFormat, "<source>: <json path>: <what>".
// ---------------------------------------------------------------------------------------------

struct BadCase {
  std::string name;
  std::function<void(json&)> edit;
  std::string expected;  // a prefix of the message after "model.json: "
};

std::vector<BadCase> bad_cases(const CreditModel& m) {
  const double w10 = m.network.layers[1].weights(0, 0);
  const std::size_t d = m.num_features();
  std::vector<BadCase> cases = {
      {"root an array", [](json& j) { j = json::array(); }, "(root): expected an object"},
      {"wrong format", [](json& j) { j["format"] = "zkcredit-credit-modle"; },
       "format: expected 'zkcredit-credit-model'"},
      {"format a number", [](json& j) { j["format"] = 1; }, "format: expected a string"},
      {"version 2", [](json& j) { j["version"] = 2; }, "version: unsupported version 2"},
      {"version 0", [](json& j) { j["version"] = 0; }, "version: unsupported version 0"},
      {"version a string", [](json& j) { j["version"] = "1"; }, "version: expected an integer"},
      {"version 1.0", [](json& j) { j["version"] = 1.0; }, "version: expected an integer"},
      {"features.mapping unknown", [](json& j) { j["features"]["mapping"] = "germany"; },
       "features.mapping: unknown mapping 'germany'"},
      {"features.mapping missing", [](json& j) { j["features"].erase("mapping"); },
       "features: missing field 'mapping'"},
      {"features.names empty", [](json& j) { j["features"]["names"] = json::array(); },
       "features.names: no features"},
      {"features.names[1] a number", [](json& j) { j["features"]["names"][1] = 5; },
       "features.names[1]: expected a string"},
      {"features.mean short", [](json& j) { j["features"]["mean"].erase(0); },
       "features.mean: expected " + std::to_string(d) + " entries, got " + std::to_string(d - 1)},
      {"features.upper long", [](json& j) { j["features"]["upper"].push_back(1.0); },
       "features.upper: expected " + std::to_string(d) + " entries"},
      {"features.mean[2] a string", [](json& j) { j["features"]["mean"][2] = "0.5"; },
       "features.mean[2]: expected a number"},
      {"features.scale missing", [](json& j) { j["features"].erase("scale"); },
       "features: missing field 'scale'"},
      {"features.scale[3] zero", [](json& j) { j["features"]["scale"][3] = 0.0; },
       "features.scale[3]: must be > 0"},
      {"features.scale[0] negative", [](json& j) { j["features"]["scale"][0] = -1.0; },
       "features.scale[0]: must be > 0"},
      {"features.lower > upper",
       [](json& j) {
         auto& f = j["features"];
         std::swap(f["lower"][4], f["upper"][4]);
       },
       "features.lower[4]: greater than features.upper"},
      {"widths[0] != names", [](json& j) { j["architecture"]["widths"][0] = 12; },
       "architecture.widths[0]: differs from the number of features"},
      {"widths[3] = 2", [](json& j) { j["architecture"]["widths"][3] = 2; }, "architecture.widths[3]"},
      {"widths[1] = 0", [](json& j) { j["architecture"]["widths"][1] = 0; },
       "architecture.widths[1]: outside [1, 1024]"},
      {"widths[2] = 5000", [](json& j) { j["architecture"]["widths"][2] = 5000; },
       "architecture.widths[2]: outside [1, 1024]"},
      {"widths length 3", [](json& j) { j["architecture"]["widths"].erase(3); },
       "architecture.widths: expected 4 entries, got 3"},
      {"float.layers 2 layers", [](json& j) { j["float"]["layers"].erase(2); },
       "float.layers: expected 3 layers"},
      {"float weights row short", [](json& j) { j["float"]["layers"][1]["weights"][2].erase(0); },
       "float.layers[1].weights[2]: expected 8 entries, got 7"},
      {"float weights rows", [](json& j) { j["float"]["layers"][0]["weights"].erase(0); },
       "float.layers[0].weights: expected 8 entries, got 7"},
      {"float bias long", [](json& j) { j["float"]["layers"][0]["bias"].push_back(0.0); },
       "float.layers[0].bias: expected 8 entries, got 9"},
      {"float bias missing", [](json& j) { j["float"]["layers"][2].erase("bias"); },
       "float.layers[2]: missing field 'bias'"},
      {"float weight a string", [](json& j) { j["float"]["layers"][0]["weights"][1][2] = "x"; },
       "float.layers[0].weights[1][2]: expected a number"},
      {"float weight changed", [w10](json& j) { j["float"]["layers"][1]["weights"][0][0] = w10 + 0.5; },
       "quantized.layers[1]: differs from the quantization of float.layers[1]"},
      {"float layer-0 weight changed",
       [](json& j) {
         auto& w = j["float"]["layers"][0]["weights"][0][0];
         w = w.get<double>() + 0.5;
       },
       "quantized.layers[0]: differs from the quantization of float.layers[0]"},
      {"float bias changed",
       [](json& j) {
         auto& b = j["float"]["layers"][2]["bias"][0];
         b = b.get<double>() + 0.01;
       },
       "quantized.layers[2]: differs"},
      {"features.mean changed",
       [](json& j) {
         auto& v = j["features"]["mean"][1];
         v = v.get<double>() + j["features"]["scale"][1].get<double>();
       },
       "quantized.layers[0]: differs"},
      {"features.lower changed",
       [](json& j) {
         auto& v = j["features"]["lower"][1];
         v = v.get<double>() - 1.0;
       },
       "quantized.input_lower: differs"},
      {"fractional_bits 30", [](json& j) { j["quantized"]["fractional_bits"] = 30; },
       "quantized.fractional_bits: outside [4, 24]"},
      {"fractional_bits 13 alone", [](json& j) { j["quantized"]["fractional_bits"] = 13; }, "quantized: "},
      {"input_lower short", [](json& j) { j["quantized"]["input_lower"].erase(0); },
       "quantized.input_lower: expected " + std::to_string(d) + " entries"},
      {"quantized weight not an integer", [](json& j) { j["quantized"]["layers"][1]["weights"][0][0] = 1.5; },
       "quantized.layers[1].weights[0][0]: expected an integer"},
      {"quantized weight a string", [](json& j) { j["quantized"]["layers"][0]["weights"][0][0] = "7"; },
       "quantized.layers[0].weights[0][0]: expected an integer"},
      {"quantized weight + 1",
       [](json& j) {
         auto& w = j["quantized"]["layers"][1]["weights"][1][2];
         w = w.get<std::int64_t>() + 1;
       },
       "quantized.layers[1]: differs from the quantization of float.layers[1]"},
      {"quantized weight - 1",
       [](json& j) {
         auto& w = j["quantized"]["layers"][0]["weights"][3][5];
         w = w.get<std::int64_t>() - 1;
       },
       "quantized.layers[0]: differs from the quantization of float.layers[0]"},
      {"quantized bias + 1",
       [](json& j) {
         auto& b = j["quantized"]["layers"][2]["bias"][0];
         b = b.get<std::int64_t>() + 1;
       },
       "quantized.layers[2]: differs"},
      {"quantized bias short", [](json& j) { j["quantized"]["layers"][2]["bias"] = json::array(); },
       "quantized.layers[2].bias: expected 1 entries, got 0"},
      {"quantized weights row long", [](json& j) { j["quantized"]["layers"][2]["weights"][0].push_back(0); },
       "quantized.layers[2].weights[0]: expected 4 entries, got 5"},
      {"quantized integer beyond int64",
       [](json& j) { j["quantized"]["input_upper"][0] = std::uint64_t{1} << 63; },
       "quantized.input_upper[0]: integer out of range"},
      {"quantized.layers missing", [](json& j) { j["quantized"].erase("layers"); },
       "quantized: missing field 'layers'"},
      {"accumulator_bits changed",
       [](json& j) {
         auto& b = j["quantized"]["accumulator_bits"][1];
         b = b.get<int>() + 1;
       },
       "quantized: quantized model: accumulator_bits differ"},
      {"accumulator_bits huge",
       [](json& j) { j["quantized"]["accumulator_bits"][0] = std::uint64_t{1} << 40; },
       "quantized: quantized model: accumulator_bits differ"},
      {"accumulator_bits short", [](json& j) { j["quantized"]["accumulator_bits"].erase(0); },
       "quantized.accumulator_bits: expected 3 entries"},
      {"sigmoid knot changed",
       [](json& j) {
         auto& k = j["quantized"]["sigmoid"]["knots"][80];
         k = k.get<std::int64_t>() + 1;
       },
       "quantized: quantized model: sigmoid knots differ"},
      {"sigmoid knots short", [](json& j) { j["quantized"]["sigmoid"]["knots"].erase(160); },
       "quantized.sigmoid.knots: expected 161 entries, got 160"},
      {"sigmoid missing", [](json& j) { j["quantized"].erase("sigmoid"); },
       "quantized: missing field 'sigmoid'"},
      {"threshold 1.5", [](json& j) { j["threshold"] = 1.5; }, "threshold: outside [0, 1]"},
      {"sigmoid range 12", [](json& j) { j["quantized"]["sigmoid"]["range"] = 12; },
       "quantized.sigmoid.range: this build implements 10, got 12"},
      {"sigmoid knots_per_unit missing", [](json& j) { j["quantized"]["sigmoid"].erase("knots_per_unit"); },
       "quantized.sigmoid: missing field 'knots_per_unit'"},
      {"hidden activation tanh", [](json& j) { j["architecture"]["hidden_activation"] = "tanh"; },
       "architecture.hidden_activation: expected 'relu', got 'tanh'"},
      {"threshold -0.1", [](json& j) { j["threshold"] = -0.1; }, "threshold: outside [0, 1]"},
      {"threshold a string", [](json& j) { j["threshold"] = "0.3"; }, "threshold: expected a number"},
      {"threshold null", [](json& j) { j["threshold"] = nullptr; }, "threshold: expected a number"},
      {"training an array", [](json& j) { j["training"] = json::array(); }, "training: expected an object"},
      {"metrics a number", [](json& j) { j["metrics"] = 0.77; }, "metrics: expected an object"},
  };
  for (const char* key : {"format", "version", "features", "architecture", "float", "quantized", "threshold"})
    cases.push_back({std::string("missing ") + key, [key](json& j) { j.erase(key); },
                     std::string("(root): missing field '") + key + "'"});
  return cases;
}

TEST(ModelFile, MalformedFieldsRejectedWithTheirPath) {
  const CreditModel m = make_model(7);  // fixed, so each edit below hits a known value
  const json good = model_to_json(m);
  ASSERT_TRUE(model_from_json(good, "model.json").ok());
  for (const auto& c : bad_cases(m)) {
    json j = good;
    c.edit(j);
    ASSERT_NE(j.dump(), good.dump()) << c.name;
    const auto r = model_from_json(j, "model.json");
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.error().code, Errc::kBadFormat) << c.name;
    const std::string& msg = r.error().message;
    EXPECT_EQ(msg.rfind("model.json: " + c.expected, 0), 0u) << c.name << ": " << msg;
  }
}

// A float weight change too small to move its quantization is accepted: the file binds the quantized
// network to the float one only up to rounding (by design; noted so it is not mistaken for a check).
TEST(ModelFile, FloatChangeBelowRoundingIsAccepted) {
  const CreditModel m = make_model(7);
  json j = model_to_json(m);
  const double w = m.network.layers[2].weights(0, 0);
  j["float"]["layers"][2]["weights"][0][0] = std::nextafter(w, 10.0);
  const auto r = model_from_json(j, "model.json");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_NE(bits_of(r.value().network.layers[2].weights(0, 0)), bits_of(w));
}

TEST(ModelFile, UnreadableTextRejected) {
  const TempDir dir;
  const CreditModel m = make_model(7);
  const std::string good = model_to_json(m).dump(1);
  struct Text {
    std::string name, text;
  };
  // A number beyond double range: nlohmann-json refuses it as a parse error.
  std::string overflow = good;
  const std::string key = "\"threshold\": 0.3";
  ASSERT_NE(overflow.find(key), std::string::npos);
  overflow.replace(overflow.find(key), key.size(), "\"threshold\": 1e400");
  const std::vector<Text> texts = {{"empty", ""},
                                   {"not json", "{ this is not json"},
                                   {"truncated", good.substr(0, good.size() / 2)},
                                   {"NaN literal", "{\"threshold\": NaN}"},
                                   {"trailing garbage", good + " x"},
                                   {"threshold 1e400", overflow}};
  for (const auto& t : texts) {
    const std::string path = (dir.path / "bad.json").string();
    ASSERT_TRUE(write_text_file_atomic(path, t.text));
    const auto r = read_model(path);
    ASSERT_FALSE(r.ok()) << t.name;
    EXPECT_EQ(r.error().code, Errc::kBadFormat) << t.name;
    EXPECT_EQ(r.error().message, path + ": not valid JSON") << t.name;
  }
  const auto missing = read_model((dir.path / "absent.json").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, Errc::kIo);
}

// ---------------------------------------------------------------------------------------------
// Atomic writes.
// ---------------------------------------------------------------------------------------------

TEST(ModelFile, WriteIntoMissingDirectoryFailsAndLeavesNothing) {
  const TempDir dir;
  const CreditModel m = make_model(3);
  const Status s = write_model(m, (dir.path / "no-such-dir" / "model.json").string());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, Errc::kIo);
  EXPECT_NE(s.error().message.find("no-such-dir"), std::string::npos) << s.error().message;
  EXPECT_TRUE(dir.entries().empty());
}

TEST(ModelFile, WriteOntoADirectoryFailsAndLeavesNoTemporary) {
  const TempDir dir;
  fs::create_directory(dir.path / "model.json");
  const Status s = write_model(make_model(3), (dir.path / "model.json").string());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, Errc::kIo);
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"model.json"});
  EXPECT_TRUE(fs::is_directory(dir.path / "model.json"));
}

TEST(ModelFile, OverwriteReplacesTheWholeFile) {
  const TempDir dir;
  const std::string path = (dir.path / "model.json").string();
  // A longer old file: a non-truncating write would leave its tail behind.
  ASSERT_TRUE(write_text_file_atomic(path, std::string(1 << 20, 'x')));
  const CreditModel a = make_model(4), b = make_model(5, {3, 2});
  ASSERT_TRUE(write_model(a, path));
  EXPECT_EQ(read_text_file(path).value(), model_to_json(a).dump(1) + "\n");
  ASSERT_TRUE(write_model(b, path));
  EXPECT_EQ(read_text_file(path).value(), model_to_json(b).dump(1) + "\n");
  const auto back = read_model(path);
  ASSERT_TRUE(back.ok()) << back.error().message;
  expect_same_model(b, back.value());
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"model.json"});
}

// ---------------------------------------------------------------------------------------------
// Scoring.
// ---------------------------------------------------------------------------------------------

TEST(ModelScore, RejectsWrongLengthAndNonFinite) {
  const CreditModel m = make_model(6);
  const std::size_t d = m.num_features();
  for (std::size_t n : {std::size_t{0}, d - 1, d + 1}) {
    const std::vector<double> x(n, 0.5);
    const auto f = m.float_score(x);
    const auto q = m.quantized_score(x);
    ASSERT_FALSE(f.ok()) << n;
    ASSERT_FALSE(q.ok()) << n;
    EXPECT_EQ(f.error().code, Errc::kInvalidArgument);
    EXPECT_EQ(q.error().code, Errc::kInvalidArgument);
  }
  for (double bad : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                     -std::numeric_limits<double>::infinity()}) {
    for (std::size_t j : {std::size_t{0}, d / 2, d - 1}) {
      std::vector<double> x(d, 0.5);
      x[j] = bad;
      const auto f = m.float_score(x);
      const auto q = m.quantized_score(x);
      ASSERT_FALSE(f.ok()) << j;
      ASSERT_FALSE(q.ok()) << j;
      EXPECT_EQ(f.error().code, Errc::kInvalidArgument);
      EXPECT_EQ(q.error().code, Errc::kInvalidArgument);
      EXPECT_NE(f.error().message.find(kNames[j]), std::string::npos) << f.error().message;
    }
  }
}

TEST(ModelScore, SingleScoresMatchBatchScores) {
  auto g = testing::rng(203);
  const CreditModel m = make_model(g());
  const Eigen::MatrixXd x = random_rows(m, g, 30);
  const Eigen::VectorXd fs_batch = m.float_scores(x);
  const std::vector<double> qs_batch = m.quantized_scores(x);
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    std::vector<double> row;
    for (Eigen::Index j = 0; j < x.cols(); ++j) row.push_back(x(i, j));
    const double f = m.float_score(row).value(), q = m.quantized_score(row).value();
    // Not bit for bit: Eigen's matrix-vector and matrix-matrix kernels sum in different orders.
    EXPECT_NEAR(f, fs_batch[i], 1e-14);
    EXPECT_EQ(bits_of(q), bits_of(qs_batch[static_cast<std::size_t>(i)]));
    EXPECT_GE(q, 0.0);
    EXPECT_LE(q, 1.0);
  }
}

// ---------------------------------------------------------------------------------------------
// The committed fuzz seed (tests/data/ml/model_small.json): written by this file with
// ZKC_WRITE_MODEL_SEED=<path> (make_model(20240601, {4, 3})), checked here to load and to
// re-serialize to the same bytes.
// ---------------------------------------------------------------------------------------------

constexpr std::uint64_t kSeedModelSeed = 20240601;

TEST(ModelSeed, CommittedSeedLoadsAndIsCanonical) {
  if (const char* out = std::getenv("ZKC_WRITE_MODEL_SEED")) {
    ASSERT_TRUE(write_model(make_model(kSeedModelSeed, {4, 3}), out));
  }
  const std::string path = testing::data_path("ml/model_small.json");
  const auto m = read_model(path);
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_EQ(m.value().mapping, "taiwan");
  EXPECT_EQ(m.value().feature_names, kNames);
  EXPECT_EQ(m.value().quantized.fractional_bits, 12);
  EXPECT_EQ(read_text_file(path).value(), model_to_json(m.value()).dump(1) + "\n");
  EXPECT_LT(read_text_file(path).value().size(), 20000u);
}

}  // namespace
}  // namespace zkc::ml
