#include "zkc/ml/model.hpp"

#include <cmath>

#include "zkc/base/io.hpp"

namespace zkc::ml {

using nlohmann::json;

Result<double> CreditModel::float_score(std::span<const double> features) const {
  if (features.size() != num_features())
    return make_error(Errc::kInvalidArgument, "features: expected " + std::to_string(num_features()) +
                                                  " values, got " + std::to_string(features.size()));
  for (std::size_t j = 0; j < features.size(); ++j)
    if (!std::isfinite(features[j]))
      return make_error(Errc::kInvalidArgument,
                        "features: '" + feature_names[j] + "' is not a finite number");
  Eigen::MatrixXd x(1, static_cast<Eigen::Index>(features.size()));
  for (std::size_t j = 0; j < features.size(); ++j) x(0, static_cast<Eigen::Index>(j)) = features[j];
  return float_scores(x)[0];
}

Result<double> CreditModel::quantized_score(std::span<const double> features) const {
  ZKC_TRY(auto x, quantized.quantize_input(features));
  return quantized.score_real(x);
}

Eigen::VectorXd CreditModel::float_scores(const Eigen::MatrixXd& raw) const {
  return network.predict(standardizer.apply(raw));
}

std::vector<double> CreditModel::quantized_scores(const Eigen::MatrixXd& raw) const {
  std::vector<double> out(static_cast<std::size_t>(raw.rows()));
  std::vector<double> row(static_cast<std::size_t>(raw.cols()));
  for (Eigen::Index i = 0; i < raw.rows(); ++i) {
    for (Eigen::Index j = 0; j < raw.cols(); ++j) row[static_cast<std::size_t>(j)] = raw(i, j);
    auto x = quantized.quantize_input(row);
    ZKC_ASSERT(x.ok());
    out[static_cast<std::size_t>(i)] = quantized.score_real(x.value());
  }
  return out;
}

namespace {

json matrix_to_json(const Eigen::MatrixXd& m) {
  json rows = json::array();
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    json row = json::array();
    for (Eigen::Index j = 0; j < m.cols(); ++j) row.push_back(m(i, j));
    rows.push_back(std::move(row));
  }
  return rows;
}

json vector_to_json(const Eigen::VectorXd& v) {
  return json(std::vector<double>(v.data(), v.data() + v.size()));
}

// Strict readers: each error names the JSON path.
class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  Error error(const std::string& path, const std::string& what) const {
    return make_error(Errc::kBadFormat, source_ + ": " + path + ": " + what);
  }
  Result<const json*> field(const json& obj, const std::string& path, const char* key) const {
    if (!obj.is_object()) return error(path, "expected an object");
    auto it = obj.find(key);
    if (it == obj.end()) return error(path, std::string("missing field '") + key + "'");
    return &*it;
  }
  Result<double> number(const json& v, const std::string& path) const {
    if (!v.is_number()) return error(path, "expected a number");
    const double d = v.get<double>();
    if (!std::isfinite(d)) return error(path, "not a finite number");
    return d;
  }
  Result<std::int64_t> integer(const json& v, const std::string& path) const {
    if (!v.is_number_integer()) return error(path, "expected an integer");
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
      return error(path, "integer out of range");
    return v.get<std::int64_t>();
  }
  Result<std::string> string(const json& v, const std::string& path) const {
    if (!v.is_string()) return error(path, "expected a string");
    return v.get<std::string>();
  }
  template <class T, class F>
  Result<std::vector<T>> array(const json& v, const std::string& path, std::size_t expected, F&& item) const {
    if (!v.is_array()) return error(path, "expected an array");
    if (expected != kAny && v.size() != expected)
      return error(path,
                   "expected " + std::to_string(expected) + " entries, got " + std::to_string(v.size()));
    std::vector<T> out;
    for (std::size_t i = 0; i < v.size(); ++i) {
      ZKC_TRY(T x, item(v[i], path + "[" + std::to_string(i) + "]"));
      out.push_back(std::move(x));
    }
    return out;
  }
  Result<std::vector<double>> numbers(const json& v, const std::string& path,
                                      std::size_t expected = kAny) const {
    return array<double>(v, path, expected,
                         [&](const json& x, const std::string& p) { return number(x, p); });
  }
  Result<std::vector<std::int64_t>> integers(const json& v, const std::string& path,
                                             std::size_t expected = kAny) const {
    return array<std::int64_t>(v, path, expected,
                               [&](const json& x, const std::string& p) { return integer(x, p); });
  }
  Result<Eigen::MatrixXd> matrix(const json& v, const std::string& path, std::size_t rows,
                                 std::size_t cols) const {
    ZKC_TRY(auto r, array<std::vector<double>>(v, path, rows, [&](const json& x, const std::string& p) {
              return numbers(x, p, cols);
            }));
    Eigen::MatrixXd m(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
    for (std::size_t i = 0; i < rows; ++i)
      for (std::size_t j = 0; j < cols; ++j)
        m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = r[i][j];
    return m;
  }
  static constexpr std::size_t kAny = static_cast<std::size_t>(-1);

 private:
  std::string source_;
};

}  // namespace

json model_to_json(const CreditModel& m) {
  json j;
  j["format"] = kModelFormat;
  j["version"] = kModelVersion;
  j["features"] = {{"mapping", m.mapping},          {"names", m.feature_names},
                   {"mean", m.standardizer.mean},   {"scale", m.standardizer.scale},
                   {"lower", m.standardizer.lower}, {"upper", m.standardizer.upper}};
  j["architecture"] = {
      {"widths", m.network.widths()}, {"hidden_activation", "relu"}, {"output_activation", "sigmoid"}};
  json layers = json::array();
  for (const auto& layer : m.network.layers)
    layers.push_back({{"weights", matrix_to_json(layer.weights)}, {"bias", vector_to_json(layer.bias)}});
  j["float"] = {{"layers", layers}};
  const auto& q = m.quantized;
  json qlayers = json::array();
  for (const auto& layer : q.layers) {
    json rows = json::array();
    for (int i = 0; i < layer.outputs; ++i)
      rows.push_back(std::vector<std::int64_t>(
          layer.weights.begin() + static_cast<std::ptrdiff_t>(i) * layer.inputs,
          layer.weights.begin() + static_cast<std::ptrdiff_t>(i + 1) * layer.inputs));
    qlayers.push_back({{"weights", rows}, {"bias", layer.bias}});
  }
  j["quantized"] = {
      {"fractional_bits", q.fractional_bits},
      {"input_lower", q.input_lower},
      {"input_upper", q.input_upper},
      {"layers", qlayers},
      {"accumulator_bits", q.accumulator_bits},
      {"sigmoid",
       {{"range", kSigmoidRange}, {"knots_per_unit", kSigmoidKnotsPerUnit}, {"knots", q.sigmoid_knots}}},
      {"rounding",
       "input llround; weights llround(w*2^f); bias llround(b*2^2f); "
       "rescale floor((acc+2^(f-1))/2^f); see docs/MODEL.md"}};
  j["threshold"] = m.threshold;
  j["training"] = m.training;
  j["metrics"] = m.metrics;
  return j;
}

Result<CreditModel> model_from_json(const json& j, const std::string& source) {
  Reader r(source);
  CreditModel m;
  ZKC_TRY(const json* format, r.field(j, "(root)", "format"));
  ZKC_TRY(auto format_name, r.string(*format, "format"));
  if (format_name != kModelFormat)
    return r.error("format", "expected '" + std::string(kModelFormat) + "', got '" + format_name + "'");
  ZKC_TRY(const json* version, r.field(j, "(root)", "version"));
  ZKC_TRY(auto v, r.integer(*version, "version"));
  if (v != kModelVersion)
    return r.error("version", "unsupported version " + std::to_string(v) + " (this build reads " +
                                  std::to_string(kModelVersion) + ")");

  ZKC_TRY(const json* features, r.field(j, "(root)", "features"));
  ZKC_TRY(const json* mapping, r.field(*features, "features", "mapping"));
  ZKC_TRY(m.mapping, r.string(*mapping, "features.mapping"));
  if (m.mapping != "taiwan" && m.mapping != "aave")
    return r.error("features.mapping", "unknown mapping '" + m.mapping + "' (taiwan or aave)");
  ZKC_TRY(const json* names, r.field(*features, "features", "names"));
  ZKC_TRY(m.feature_names,
          r.array<std::string>(*names, "features.names", Reader::kAny,
                               [&](const json& x, const std::string& p) { return r.string(x, p); }));
  const std::size_t d = m.feature_names.size();
  if (d == 0) return r.error("features.names", "no features");
  for (const char* key : {"mean", "scale", "lower", "upper"}) {
    ZKC_TRY(const json* f, r.field(*features, "features", key));
    ZKC_TRY(auto values, r.numbers(*f, std::string("features.") + key, d));
    std::string k = key;
    if (k == "mean") m.standardizer.mean = std::move(values);
    if (k == "scale") m.standardizer.scale = std::move(values);
    if (k == "lower") m.standardizer.lower = std::move(values);
    if (k == "upper") m.standardizer.upper = std::move(values);
  }
  for (std::size_t i = 0; i < d; ++i) {
    if (!(m.standardizer.scale[i] > 0))
      return r.error("features.scale[" + std::to_string(i) + "]", "must be > 0");
    if (m.standardizer.lower[i] > m.standardizer.upper[i])
      return r.error("features.lower[" + std::to_string(i) + "]", "greater than features.upper");
  }

  ZKC_TRY(const json* arch, r.field(j, "(root)", "architecture"));
  ZKC_TRY(const json* widths_json, r.field(*arch, "architecture", "widths"));
  ZKC_TRY(auto widths, r.integers(*widths_json, "architecture.widths", 4));
  if (static_cast<std::size_t>(widths[0]) != d)
    return r.error("architecture.widths[0]", "differs from the number of features");
  if (widths[3] != 1) return r.error("architecture.widths[3]", "the output layer has one unit");
  for (int l = 1; l <= 2; ++l)
    if (widths[l] < 1 || widths[l] > 1024)
      return r.error("architecture.widths[" + std::to_string(l) + "]", "outside [1, 1024]");

  for (auto [key, expected] :
       {std::pair{"hidden_activation", "relu"}, std::pair{"output_activation", "sigmoid"}}) {
    const std::string path = std::string("architecture.") + key;
    ZKC_TRY(const json* field, r.field(*arch, "architecture", key));
    ZKC_TRY(auto value, r.string(*field, path));
    if (value != expected)
      return r.error(path, std::string("expected '") + expected + "', got '" + value + "'");
  }

  ZKC_TRY(const json* fl, r.field(j, "(root)", "float"));
  ZKC_TRY(const json* flayers, r.field(*fl, "float", "layers"));
  if (!flayers->is_array() || flayers->size() != 3) return r.error("float.layers", "expected 3 layers");
  for (std::size_t l = 0; l < 3; ++l) {
    const std::string p = "float.layers[" + std::to_string(l) + "]";
    ZKC_TRY(const json* w, r.field((*flayers)[l], p, "weights"));
    ZKC_TRY(const json* b, r.field((*flayers)[l], p, "bias"));
    DenseLayer layer;
    ZKC_TRY(layer.weights, r.matrix(*w, p + ".weights", static_cast<std::size_t>(widths[l + 1]),
                                    static_cast<std::size_t>(widths[l])));
    ZKC_TRY(auto bias, r.numbers(*b, p + ".bias", static_cast<std::size_t>(widths[l + 1])));
    layer.bias = Eigen::Map<Eigen::VectorXd>(bias.data(), static_cast<Eigen::Index>(bias.size()));
    m.network.layers.push_back(std::move(layer));
  }

  ZKC_TRY(const json* qj, r.field(j, "(root)", "quantized"));
  auto& q = m.quantized;
  ZKC_TRY(const json* fb, r.field(*qj, "quantized", "fractional_bits"));
  ZKC_TRY(auto f, r.integer(*fb, "quantized.fractional_bits"));
  if (f < kMinFractionalBits || f > kMaxFractionalBits)
    return r.error("quantized.fractional_bits", "outside [" + std::to_string(kMinFractionalBits) + ", " +
                                                    std::to_string(kMaxFractionalBits) + "]");
  q.fractional_bits = static_cast<int>(f);
  ZKC_TRY(const json* lo, r.field(*qj, "quantized", "input_lower"));
  ZKC_TRY(q.input_lower, r.integers(*lo, "quantized.input_lower", d));
  ZKC_TRY(const json* hi, r.field(*qj, "quantized", "input_upper"));
  ZKC_TRY(q.input_upper, r.integers(*hi, "quantized.input_upper", d));
  ZKC_TRY(const json* qlayers, r.field(*qj, "quantized", "layers"));
  if (!qlayers->is_array() || qlayers->size() != 3) return r.error("quantized.layers", "expected 3 layers");
  for (std::size_t l = 0; l < 3; ++l) {
    const std::string p = "quantized.layers[" + std::to_string(l) + "]";
    QuantizedLayer layer;
    layer.inputs = static_cast<int>(widths[l]);
    layer.outputs = static_cast<int>(widths[l + 1]);
    ZKC_TRY(const json* w, r.field((*qlayers)[l], p, "weights"));
    ZKC_TRY(auto rows, r.array<std::vector<std::int64_t>>(
                           *w, p + ".weights", static_cast<std::size_t>(layer.outputs),
                           [&](const json& x, const std::string& pp) {
                             return r.integers(x, pp, static_cast<std::size_t>(layer.inputs));
                           }));
    for (auto& row : rows) layer.weights.insert(layer.weights.end(), row.begin(), row.end());
    ZKC_TRY(const json* b, r.field((*qlayers)[l], p, "bias"));
    ZKC_TRY(layer.bias, r.integers(*b, p + ".bias", static_cast<std::size_t>(layer.outputs)));
    q.layers.push_back(std::move(layer));
  }
  ZKC_TRY(const json* bits, r.field(*qj, "quantized", "accumulator_bits"));
  ZKC_TRY(auto bits64, r.integers(*bits, "quantized.accumulator_bits", 3));
  for (auto b : bits64) q.accumulator_bits.push_back(static_cast<int>(std::clamp<std::int64_t>(b, -1, 1000)));
  ZKC_TRY(const json* sig, r.field(*qj, "quantized", "sigmoid"));
  for (auto [key, expected] :
       {std::pair{"range", kSigmoidRange}, std::pair{"knots_per_unit", kSigmoidKnotsPerUnit}}) {
    const std::string path = std::string("quantized.sigmoid.") + key;
    ZKC_TRY(const json* field, r.field(*sig, "quantized.sigmoid", key));
    ZKC_TRY(auto value, r.integer(*field, path));
    if (value != expected)
      return r.error(path,
                     "this build implements " + std::to_string(expected) + ", got " + std::to_string(value));
  }
  ZKC_TRY(const json* knots, r.field(*sig, "quantized.sigmoid", "knots"));
  ZKC_TRY(q.sigmoid_knots, r.integers(*knots, "quantized.sigmoid.knots", kSigmoidKnots));
  if (auto s = q.validate(); !s) return r.error("quantized", s.error().message);

  // The quantized network must be the float network's quantization (same rules, same f).
  auto requantized = quantize(m.network, m.standardizer, q.fractional_bits);
  if (!requantized) return r.error("quantized", requantized.error().message);
  const auto& rq = requantized.value();
  if (rq.input_lower != q.input_lower || rq.input_upper != q.input_upper)
    return r.error("quantized.input_lower", "differs from the quantized features.lower/upper");
  for (std::size_t l = 0; l < 3; ++l)
    if (rq.layers[l].weights != q.layers[l].weights || rq.layers[l].bias != q.layers[l].bias)
      return r.error("quantized.layers[" + std::to_string(l) + "]",
                     "differs from the quantization of float.layers[" + std::to_string(l) + "]");

  ZKC_TRY(const json* threshold, r.field(j, "(root)", "threshold"));
  ZKC_TRY(m.threshold, r.number(*threshold, "threshold"));
  if (m.threshold < 0 || m.threshold > 1) return r.error("threshold", "outside [0, 1]");
  if (auto it = j.find("training"); it != j.end()) {
    if (!it->is_object()) return r.error("training", "expected an object");
    m.training = *it;
  }
  if (auto it = j.find("metrics"); it != j.end()) {
    if (!it->is_object()) return r.error("metrics", "expected an object");
    m.metrics = *it;
  }
  return m;
}

Result<CreditModel> read_model(const std::string& path) {
  ZKC_TRY(auto text, read_text_file(path));
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return make_error(Errc::kBadFormat, path + ": not valid JSON");
  return model_from_json(j, path);
}

Status write_model(const CreditModel& model, const std::string& path) {
  return write_text_file_atomic(path, model_to_json(model).dump(1) + "\n");
}

}  // namespace zkc::ml
