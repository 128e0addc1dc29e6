// Where training data and a borrower's features come from: a Taiwan-layout CSV, a directory of Aave
// position CSVs (or one position file), or a JSON document for one borrower. The mapping is detected
// from the columns unless named.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "zkc/base/result.hpp"
#include "zkc/ml/features.hpp"
#include "zkc/ml/model.hpp"

namespace zkc::ml {

struct LoadedData {
  FeatureTable table;
  std::string mapping;  // "taiwan" | "aave"
  std::string name;     // the path given
  std::string
      sha256;  // of the file's bytes; for a directory, of (name, size, bytes) of each *.csv in name order
};

// `mapping` empty: detected from the columns (every CSV with the Aave snapshot columns: aave; a single
// CSV, or a directory holding just one, with the Taiwan columns: taiwan). For taiwan, `label` names the label
// column (default "default"); aave labels are derived (features.hpp), and `label` must be empty or
// "liquidation".
Result<LoadedData> load_data(const std::string& path, std::string_view mapping = {},
                             std::string_view label = {});

// One borrower's raw features from JSON, in the model's feature order. Accepted shapes:
//   {"features": {"<name>": number, ...}}            every model feature, by name
//   {"history": {"balances": [...], "collateral": c, "debt": d, "repayments": [...], "delays": [...]}}
//   {"LIMIT_BAL": ..., "BILL_AMT1": ..., ...}         a Taiwan record (taiwan models)
// Errors name the missing or malformed field.
Result<std::vector<double>> features_from_json(const nlohmann::json& j, const CreditModel& model);

}  // namespace zkc::ml
