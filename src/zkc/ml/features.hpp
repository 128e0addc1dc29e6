// Credit features from a borrower's balance history, and the mappings that turn the two real data
// sets into histories: the UCI Taiwan credit-default table (six monthly bills and repayments, a credit
// line, repayment status) and Aave V2 position snapshots (collateral and debt in USD over time).
// Every feature is a documented, clipped transform of the history (docs/MODEL.md, "Features"), so its
// range is known before any data is seen: the quantized model and the circuit rely on that.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "zkc/base/result.hpp"
#include "zkc/ml/csv.hpp"

namespace zkc::ml {

// A balance history, oldest period first. `repayments` and `delays` are empty when the source has
// no repayment record, otherwise as long as `balances`.
struct BalanceHistory {
  std::vector<double> balances;    // the balance owed (or held) at the end of each period
  double collateral = 0;           // what secures the debt now (Aave: collateral; Taiwan: credit line)
  double debt = 0;                 // the debt now
  std::vector<double> repayments;  // amount repaid in each period
  std::vector<double> delays;      // repayment status per period: months late (<= 0: on time)
};

// How a history becomes features. `unit` is the currency unit monetary amounts are expressed in
// before the logarithm (Taiwan: 1,000 NT$; Aave: 1 USD); `repayment` adds the repayment features.
struct FeatureMap {
  std::string name;  // "taiwan", "aave"
  double unit = 1;
  bool repayment = false;
};
inline const FeatureMap kTaiwanMap{"taiwan", 1000.0, true};
inline const FeatureMap kAaveMap{"aave", 1.0, false};
Result<FeatureMap> feature_map_by_name(std::string_view name);  // "taiwan" | "aave"

// The feature names in order: collateral_to_loan, log_collateral, avg_balance, balance_volatility,
// balance_trend, then with repayment: repaid_share, latest_delay, previous_delay, max_delay,
// months_late, mean_delay.
std::vector<std::string> feature_names(const FeatureMap& map);

// The features of one history. Errors (kInvalidArgument): no balances, a non-finite value, repayment
// or delay series of the wrong length (or missing when the map needs them).
Result<std::vector<double>> history_features(const BalanceHistory& history, const FeatureMap& map);

// --- UCI Taiwan credit default (Yeh & Lien 2009; the Kaggle layout of ../shared/data) ---
// Columns used: LIMIT_BAL (credit line = collateral), BILL_AMT6..BILL_AMT1 (balances, oldest first;
// debt = BILL_AMT1), PAY_AMT6..PAY_AMT1 (repayments), PAY_6, PAY_5, PAY_4, PAY_3, PAY_2, PAY_0
// (delays; the data set has no PAY_1). Demographic columns (SEX, EDUCATION, MARRIAGE, AGE) are not
// used: a credit decision must not rest on them.
inline constexpr std::string_view kTaiwanLabel = "default";
inline constexpr std::size_t kTaiwanColumns = 19;
std::vector<std::string> taiwan_columns();
// The history of one record given as the values of taiwan_columns(), in that order (size asserted).
BalanceHistory taiwan_history(std::span<const double> values);
// The history of row `row` of a table holding taiwan_columns(); errors name the line and column.
Result<BalanceHistory> taiwan_history(const CsvTable& table, std::size_t row);

// --- Aave V2 positions (one CSV of snapshots per borrower) ---
// Columns used: timestamp, healthFactor, "totalCollateral (in USD)", "totalDebt (in USD)".
struct AaveSnapshot {
  double timestamp = 0, health_factor = 0, collateral_usd = 0, debt_usd = 0;
};
Result<std::vector<AaveSnapshot>> aave_snapshots(const CsvTable& table);
// The history of the `window` snapshots ending at index `end` (inclusive): balances = collateral -
// debt, collateral and debt of the last one.
BalanceHistory aave_history(std::span<const AaveSnapshot> snapshots, std::size_t end, std::size_t window);

// A labelled feature table: one row per sample.
struct FeatureTable {
  std::vector<std::string> names;         // feature names
  std::vector<std::vector<double>> rows;  // features per sample
  std::vector<double> labels;             // 0/1 per sample
};

// Every row of the Taiwan table with its label column `label`.
Result<FeatureTable> taiwan_features(const CsvTable& table, std::string_view label = kTaiwanLabel);

// Samples of Aave positions: for every snapshot t >= window - 1 whose health factor is >= 1 (the
// position is safe now), the features of the window ending at t and the label 1 when the health
// factor falls below 1 within the next `horizon` snapshots (liquidation risk), else 0.
struct AaveSampling {
  std::size_t window = 7;  // about five days of 18-hour snapshots
  std::size_t horizon = 7;
};
Result<FeatureTable> aave_features(std::span<const CsvTable> positions, AaveSampling sampling = {});

}  // namespace zkc::ml
