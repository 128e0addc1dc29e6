// Stratified split: the row indices of each class, in ascending order, are shuffled by one Rng
// seeded with `seed` (class 0 first, then class 1) and cut into train, validation and test.
#include "zkc/ml/split.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>

#include "zkc/ml/rng.hpp"

namespace zkc::ml {
namespace {

bool open_unit(double x) { return x > 0.0 && x < 1.0; }  // false for NaN

std::string to_text(double x) {
  std::ostringstream out;
  out << x;
  return out.str();
}

}  // namespace

Result<Split> stratified_split(std::span<const double> labels, SplitFractions fractions, std::uint64_t seed) {
  if (labels.empty()) return make_error(Errc::kInvalidArgument, "stratified_split: no rows");
  if (!open_unit(fractions.train) || !open_unit(fractions.validation) ||
      !(fractions.train + fractions.validation < 1.0)) {
    return make_error(Errc::kInvalidArgument,
                      "stratified_split: fractions train " + to_text(fractions.train) + ", validation " +
                          to_text(fractions.validation) + " must each lie in (0, 1) and sum to less than 1");
  }
  std::vector<std::size_t> by_class[2];
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const double y = labels[i];
    if (y != 0.0 && y != 1.0) {
      return make_error(Errc::kInvalidArgument, "stratified_split: label of row " + std::to_string(i) +
                                                    " is " + to_text(y) + ", expected 0 or 1");
    }
    by_class[y == 1.0 ? 1 : 0].push_back(i);
  }

  Split split;
  Rng rng(seed);
  for (std::vector<std::size_t>& rows : by_class) {
    rng.shuffle(std::span<std::size_t>(rows));
    const std::size_t n = rows.size();
    const auto n_train = static_cast<std::size_t>(std::floor(static_cast<double>(n) * fractions.train));
    const auto n_validation =
        static_cast<std::size_t>(std::floor(static_cast<double>(n) * fractions.validation));
    ZKC_ASSERT(n_train + n_validation <= n);
    const auto begin = rows.begin();
    split.train.insert(split.train.end(), begin, begin + static_cast<std::ptrdiff_t>(n_train));
    split.validation.insert(split.validation.end(), begin + static_cast<std::ptrdiff_t>(n_train),
                            begin + static_cast<std::ptrdiff_t>(n_train + n_validation));
    split.test.insert(split.test.end(), begin + static_cast<std::ptrdiff_t>(n_train + n_validation),
                      rows.end());
  }
  std::sort(split.train.begin(), split.train.end());
  std::sort(split.validation.begin(), split.validation.end());
  std::sort(split.test.begin(), split.test.end());
  return split;
}

}  // namespace zkc::ml
