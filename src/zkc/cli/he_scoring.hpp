// The encrypted-scoring model of the CLI: the credit model with its CKKS scoring plan, shared by
// `zkcredit he` (he_command.cpp) and `zkcredit demo` (demo_command.cpp). A header of its own so that
// the other commands do not compile Eigen.
#pragma once

#include <cstddef>
#include <string>

#include "zkc/base/result.hpp"
#include "zkc/lending/encrypted_scoring.hpp"
#include "zkc/ml/model.hpp"

namespace zkc::cli {

// The credit model with its encrypted-scoring plan for `slots` CKKS slots, fitted on the model's training
// rows of `data_path` (default: the data file the model records). he_command.cpp; the demo uses it too.
struct HeScoringModel {
  ml::CreditModel model;
  lending::ScoringPlan plan;
};
Result<HeScoringModel> load_model_and_plan(const std::string& model_path, std::string data_path,
                                           std::size_t slots);

}  // namespace zkc::cli
