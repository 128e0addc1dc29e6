// Deterministic stratified train/validation/test split: each class is shuffled on its own with a
// seeded Rng and cut in the requested proportions, so every part keeps the data set's class balance
// and the same (labels, fractions, seed) always gives the same split.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "zkc/base/result.hpp"

namespace zkc::ml {

struct SplitFractions {
  double train = 0.70;
  double validation = 0.15;  // the test part gets the rest
};

struct Split {
  std::vector<std::size_t> train, validation, test;  // row indices, each sorted ascending
};

// Labels must be 0 or 1. For each class with n rows: floor(n * train) rows to train,
// floor(n * validation) to validation, the rest to test. Errors (kInvalidArgument): a fraction
// outside (0, 1) or train + validation >= 1, a label other than 0/1, no rows.
Result<Split> stratified_split(std::span<const double> labels, SplitFractions fractions, std::uint64_t seed);

}  // namespace zkc::ml
