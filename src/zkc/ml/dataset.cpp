#include "zkc/ml/dataset.hpp"

#include <algorithm>
#include <filesystem>

#include "zkc/base/io.hpp"
#include "zkc/ml/pipeline.hpp"

namespace zkc::ml {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

bool has_columns(const CsvTable& t, const std::vector<std::string>& names) {
  return std::all_of(names.begin(), names.end(), [&](const std::string& n) {
    return std::find(t.header.begin(), t.header.end(), n) != t.header.end();
  });
}

const std::vector<std::string> kAaveColumns = {"timestamp", "healthFactor", "totalCollateral (in USD)",
                                               "totalDebt (in USD)"};

}  // namespace

Result<LoadedData> load_data(const std::string& path, std::string_view mapping, std::string_view label) {
  if (!mapping.empty()) {
    if (auto known = feature_map_by_name(mapping); !known) return known.error();
  }
  LoadedData out;
  out.name = path;
  std::error_code ec;
  std::vector<CsvTable> tables;
  std::vector<std::uint8_t> hashed;  // what the hash covers
  if (fs::is_directory(path, ec)) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(path, ec))
      if (entry.is_regular_file() && entry.path().extension() == ".csv") files.push_back(entry.path());
    if (ec) return make_error(Errc::kIo, path + ": cannot list the directory: " + ec.message());
    if (files.empty()) return make_error(Errc::kInvalidArgument, path + ": no .csv files in the directory");
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      ZKC_TRY(auto bytes, read_file(f.string()));
      const std::string header = f.filename().string() + "\n" + std::to_string(bytes.size()) + "\n";
      hashed.insert(hashed.end(), header.begin(), header.end());
      hashed.insert(hashed.end(), bytes.begin(), bytes.end());
      ZKC_TRY(
          auto table,
          parse_csv(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), f.string()));
      tables.push_back(std::move(table));
    }
  } else {
    ZKC_TRY(hashed, read_file(path));
    ZKC_TRY(auto table,
            parse_csv(std::string_view(reinterpret_cast<const char*>(hashed.data()), hashed.size()), path));
    tables.push_back(std::move(table));
  }
  out.sha256 = sha256_hex(hashed);

  std::string m(mapping);
  if (m.empty()) {
    if (std::all_of(tables.begin(), tables.end(),
                    [](const CsvTable& t) { return has_columns(t, kAaveColumns); }))
      m = "aave";
    else if (tables.size() == 1 && has_columns(tables[0], taiwan_columns()))
      m = "taiwan";
    else
      return make_error(Errc::kInvalidArgument,
                        path +
                            ": cannot tell the data's layout: expected the Taiwan columns "
                            "(LIMIT_BAL, BILL_AMT1..6, PAY_AMT1..6, PAY_0, PAY_2..6) or Aave "
                            "position snapshots (timestamp, healthFactor, totalCollateral (in "
                            "USD), totalDebt (in USD)); name it with --mapping");
  }
  out.mapping = m;
  if (m == "taiwan") {
    if (tables.size() != 1)
      return make_error(Errc::kInvalidArgument, path + ": the taiwan mapping reads one CSV file");
    ZKC_TRY(out.table, taiwan_features(tables[0], label.empty() ? kTaiwanLabel : label));
  } else {
    if (!label.empty() && label != "liquidation")
      return make_error(Errc::kInvalidArgument,
                        "the aave mapping derives its label ('liquidation': the health factor "
                        "falls below 1 within the horizon); got --label '" +
                            std::string(label) + "'");
    ZKC_TRY(out.table, aave_features(tables));
  }
  return out;
}

namespace {

Result<std::vector<double>> number_array(const json& j, const char* key, bool required) {
  auto it = j.find(key);
  if (it == j.end()) {
    if (required)
      return make_error(Errc::kBadFormat, std::string("features: history: missing field '") + key + "'");
    return std::vector<double>{};
  }
  if (!it->is_array())
    return make_error(Errc::kBadFormat,
                      std::string("features: history.") + key + ": expected an array of numbers");
  std::vector<double> out;
  for (std::size_t i = 0; i < it->size(); ++i) {
    if (!(*it)[i].is_number())
      return make_error(Errc::kBadFormat, std::string("features: history.") + key + "[" + std::to_string(i) +
                                              "]: expected a number");
    out.push_back((*it)[i].get<double>());
  }
  return out;
}

Result<double> number_field(const json& j, const std::string& path, const std::string& key) {
  auto it = j.find(key);
  if (it == j.end()) return make_error(Errc::kBadFormat, "features: missing field '" + path + key + "'");
  if (!it->is_number())
    return make_error(Errc::kBadFormat, "features: " + path + key + ": expected a number");
  return it->get<double>();
}

}  // namespace

Result<std::vector<double>> features_from_json(const json& j, const CreditModel& model) {
  if (!j.is_object()) return make_error(Errc::kBadFormat, "features: expected a JSON object");
  if (auto it = j.find("features"); it != j.end()) {
    if (!it->is_object())
      return make_error(Errc::kBadFormat, "features: 'features' must be an object of name: number");
    std::vector<double> out;
    for (const auto& name : model.feature_names) {
      ZKC_TRY(double v, number_field(*it, "features.", name));
      out.push_back(v);
    }
    for (const auto& [key, value] : it->items())
      if (std::find(model.feature_names.begin(), model.feature_names.end(), key) == model.feature_names.end())
        return make_error(Errc::kBadFormat,
                          "features: unknown feature '" + key +
                              "' (the model's features: " + json(model.feature_names).dump() + ")");
    return out;
  }
  ZKC_TRY(auto map, feature_map_by_name(model.mapping));
  BalanceHistory h;
  if (auto it = j.find("history"); it != j.end()) {
    if (!it->is_object()) return make_error(Errc::kBadFormat, "features: 'history' must be an object");
    ZKC_TRY(h.balances, number_array(*it, "balances", true));
    ZKC_TRY(h.collateral, number_field(*it, "history.", "collateral"));
    ZKC_TRY(h.debt, number_field(*it, "history.", "debt"));
    ZKC_TRY(h.repayments, number_array(*it, "repayments", map.repayment));
    ZKC_TRY(h.delays, number_array(*it, "delays", map.repayment));
  } else if (model.mapping == "taiwan") {
    std::vector<double> values;
    for (const auto& name : taiwan_columns()) {
      ZKC_TRY(double v, number_field(j, "", name));
      values.push_back(v);
    }
    h = taiwan_history(values);
  } else {
    return make_error(Errc::kBadFormat, "features: expected a 'features' or a 'history' object");
  }
  return history_features(h, map);
}

}  // namespace zkc::ml
