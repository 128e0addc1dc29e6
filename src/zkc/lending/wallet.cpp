#include "zkc/lending/wallet.hpp"

#include <nlohmann/json.hpp>

#include "zkc/base/io.hpp"
#include "zkc/ml/csv.hpp"
#include "zkc/ml/dataset.hpp"
#include "zkc/ml/features.hpp"

namespace zkc::lending {

namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Error in_file(const std::string& path, const Error& e) { return make_error(e.code, path + ": " + e.message); }

}  // namespace

Result<std::vector<double>> wallet_features(const std::string& path, const ml::CreditModel& model) {
  if (ends_with(path, ".json")) {
    ZKC_TRY(const std::string text, read_text_file(path));
    const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) return make_error(Errc::kBadFormat, path + ": not valid JSON");
    auto f = ml::features_from_json(j, model);
    if (!f) return in_file(path, f.error());
    return f;
  }
  if (!ends_with(path, ".csv"))
    return make_error(Errc::kInvalidArgument, path + ": expected a .json or .csv wallet file");
  ZKC_TRY(const ml::CsvTable table, ml::read_csv(path));
  ZKC_TRY(const ml::FeatureMap map, ml::feature_map_by_name(model.mapping));
  if (model.mapping == "taiwan") {
    if (table.rows.size() != 1)
      return make_error(Errc::kInvalidArgument,
                        path + ": a Taiwan wallet file holds exactly one record, found " +
                            std::to_string(table.rows.size()));
    ZKC_TRY(const ml::BalanceHistory history, ml::taiwan_history(table, 0));
    auto f = ml::history_features(history, map);
    if (!f) return in_file(path, f.error());
    return f;
  }
  ZKC_TRY(const std::vector<ml::AaveSnapshot> snapshots, ml::aave_snapshots(table));
  const ml::AaveSampling sampling;
  if (snapshots.size() < sampling.window)
    return make_error(Errc::kInvalidArgument, path + ": " + std::to_string(snapshots.size()) +
                                                  " snapshots, the model's window needs " +
                                                  std::to_string(sampling.window));
  const ml::BalanceHistory history = ml::aave_history(snapshots, snapshots.size() - 1, sampling.window);
  auto f = ml::history_features(history, map);
  if (!f) return in_file(path, f.error());
  return f;
}

}  // namespace zkc::lending
