// A borrower's wallet history as the model's raw features (before quantization). Accepted files:
//   *.json  any shape of ml::features_from_json ({"features": {...}}, {"history": {...}}, a Taiwan record)
//   *.csv   taiwan models: one record with the Taiwan columns (a header and exactly one row);
//           aave models: one position's snapshots (the Aave columns), features of the latest window
// Errors name the file and what is wrong with it.
#pragma once

#include <string>
#include <vector>

#include "zkc/base/result.hpp"
#include "zkc/ml/model.hpp"

namespace zkc::lending {

Result<std::vector<double>> wallet_features(const std::string& path, const ml::CreditModel& model);

}  // namespace zkc::lending
