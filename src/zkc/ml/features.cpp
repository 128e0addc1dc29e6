#include "zkc/ml/features.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace zkc::ml {
namespace {

double clip(double v, double lo, double hi) { return std::min(std::max(v, lo), hi); }
// sign(v) * ln(1 + |v|): a logarithm that keeps the sign and is 0 at 0.
double signed_log(double v) { return std::copysign(std::log1p(std::fabs(v)), v); }

// Repayment status is clipped to the range the Taiwan data documents: -2 (no consumption),
// -1 (paid in full), 0 (revolving credit), 1..9 (months late).
constexpr double kMinDelay = -2, kMaxDelay = 9;
// Bounds of the clipped transforms (docs/MODEL.md, "Features").
constexpr double kMaxRatio = 1000, kMaxLog = 30, kMaxTrend = 10, kMaxRepaidShare = 10;

bool all_finite(const std::vector<double>& v) {
  return std::all_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); });
}

}  // namespace

Result<FeatureMap> feature_map_by_name(std::string_view name) {
  if (name == kTaiwanMap.name) return kTaiwanMap;
  if (name == kAaveMap.name) return kAaveMap;
  return make_error(Errc::kInvalidArgument,
                    "unknown feature mapping '" + std::string(name) + "' (taiwan or aave)");
}

std::vector<std::string> feature_names(const FeatureMap& map) {
  std::vector<std::string> names = {"collateral_to_loan", "log_collateral", "avg_balance",
                                    "balance_volatility", "balance_trend"};
  if (map.repayment) {
    for (const char* n :
         {"repaid_share", "latest_delay", "previous_delay", "max_delay", "months_late", "mean_delay"})
      names.emplace_back(n);
  }
  return names;
}

Result<std::vector<double>> history_features(const BalanceHistory& h, const FeatureMap& map) {
  const std::size_t n = h.balances.size();
  if (n == 0) return make_error(Errc::kInvalidArgument, "balance history: no balances");
  if (!all_finite(h.balances) || !std::isfinite(h.collateral) || !std::isfinite(h.debt) ||
      !all_finite(h.repayments) || !all_finite(h.delays))
    return make_error(Errc::kInvalidArgument, "balance history: a value is not a finite number");
  if ((map.repayment || !h.repayments.empty() || !h.delays.empty()) &&
      (h.repayments.size() != n || h.delays.size() != n))
    return make_error(Errc::kInvalidArgument,
                      "balance history: the '" + map.name + "' mapping needs " + std::to_string(n) +
                          " repayments and delays (one per balance" + (map.repayment ? ")" : ", or none)"));
  const double u = map.unit;
  std::vector<double> f;
  f.reserve(11);

  // collateral_to_loan = ln(1 + clip(C / max(D, unit), 0, 1000))
  f.push_back(std::log1p(clip(h.collateral / std::max(h.debt, u), 0, kMaxRatio)));
  // log_collateral = clip(ln(1 + max(C, 0) / unit), 0, 30)
  f.push_back(clip(std::log1p(std::max(h.collateral, 0.0) / u), 0, kMaxLog));
  // avg_balance = clip(signed_log(mean(b) / unit), -30, 30)
  const double mean = std::accumulate(h.balances.begin(), h.balances.end(), 0.0) / static_cast<double>(n);
  f.push_back(clip(signed_log(mean / u), -kMaxLog, kMaxLog));
  // balance_volatility = clip(ln(1 + std(b) / unit), 0, 30), std the population standard deviation
  double var = 0, mean_abs = 0;
  for (double b : h.balances) {
    var += (b - mean) * (b - mean);
    mean_abs += std::fabs(b);
  }
  var /= static_cast<double>(n);
  mean_abs /= static_cast<double>(n);
  f.push_back(clip(std::log1p(std::sqrt(var) / u), 0, kMaxLog));
  // balance_trend = clip((b_last - b_first) / (mean(|b|) + unit), -10, 10)
  f.push_back(clip((h.balances.back() - h.balances.front()) / (mean_abs + u), -kMaxTrend, kMaxTrend));

  if (map.repayment) {
    // repaid_share = clip(sum(repayments) / max(sum(max(b, 0)), unit), 0, 10)
    double repaid = 0, owed = 0;
    for (std::size_t t = 0; t < n; ++t) {
      repaid += h.repayments[t];
      owed += std::max(h.balances[t], 0.0);
    }
    f.push_back(clip(repaid / std::max(owed, u), 0, kMaxRepaidShare));
    std::vector<double> d(n);
    for (std::size_t t = 0; t < n; ++t) d[t] = clip(h.delays[t], kMinDelay, kMaxDelay);
    f.push_back(d[n - 1]);                               // latest_delay
    f.push_back(n >= 2 ? d[n - 2] : 0.0);                // previous_delay
    f.push_back(*std::max_element(d.begin(), d.end()));  // max_delay
    f.push_back(static_cast<double>(
        std::count_if(d.begin(), d.end(), [](double x) { return x > 0; })));         // months_late
    f.push_back(std::accumulate(d.begin(), d.end(), 0.0) / static_cast<double>(n));  // mean_delay
  }
  return f;
}

std::vector<std::string> taiwan_columns() {
  std::vector<std::string> c = {"LIMIT_BAL"};
  for (int m = 6; m >= 1; --m) c.push_back("BILL_AMT" + std::to_string(m));
  for (int m = 6; m >= 1; --m) c.push_back("PAY_AMT" + std::to_string(m));
  for (int m : {6, 5, 4, 3, 2, 0}) c.push_back("PAY_" + std::to_string(m));
  ZKC_ASSERT(c.size() == kTaiwanColumns);
  return c;
}

namespace {

// Numeric columns looked up by name once per table.
Result<std::vector<std::vector<double>>> numeric_columns(const CsvTable& table,
                                                         const std::vector<std::string>& names) {
  std::vector<std::vector<double>> cols;
  for (const auto& name : names) {
    ZKC_TRY(auto col, table.numeric_column(name));
    cols.push_back(std::move(col));
  }
  return cols;
}

}  // namespace

BalanceHistory taiwan_history(std::span<const double> v) {
  ZKC_ASSERT(v.size() == kTaiwanColumns);
  BalanceHistory h;
  h.collateral = v[0];
  h.balances.assign(v.begin() + 1, v.begin() + 7);
  h.repayments.assign(v.begin() + 7, v.begin() + 13);
  h.delays.assign(v.begin() + 13, v.begin() + 19);
  h.debt = h.balances.back();
  return h;
}

Result<BalanceHistory> taiwan_history(const CsvTable& table, std::size_t row) {
  if (row >= table.num_rows())
    return make_error(Errc::kInvalidArgument,
                      table.source + ": row " + std::to_string(row) + " does not exist");
  std::vector<double> values;
  for (const auto& name : taiwan_columns()) {
    ZKC_TRY(auto index, table.column(name));
    double v = 0;
    if (!parse_number(table.rows[row][index], v))
      return make_error(Errc::kBadFormat, table.source + ": line " + std::to_string(table.lines[row]) +
                                              ", column '" + name + "': '" + table.rows[row][index] +
                                              "' is not a number");
    values.push_back(v);
  }
  return taiwan_history(values);
}

Result<FeatureTable> taiwan_features(const CsvTable& table, std::string_view label) {
  ZKC_TRY(auto cols, numeric_columns(table, taiwan_columns()));
  ZKC_TRY(auto labels, table.numeric_column(label));
  FeatureTable out;
  out.names = feature_names(kTaiwanMap);
  out.rows.reserve(table.num_rows());
  std::vector<double> values(kTaiwanColumns);
  for (std::size_t r = 0; r < table.num_rows(); ++r) {
    if (labels[r] != 0 && labels[r] != 1)
      return make_error(Errc::kBadFormat, table.source + ": line " + std::to_string(table.lines[r]) +
                                              ", column '" + std::string(label) +
                                              "': the label must be 0 or 1");
    for (std::size_t c = 0; c < kTaiwanColumns; ++c) values[c] = cols[c][r];
    auto f = history_features(taiwan_history(values), kTaiwanMap);
    if (!f)
      return make_error(f.error().code,
                        table.source + ": line " + std::to_string(table.lines[r]) + ": " + f.error().message);
    out.rows.push_back(std::move(f).value());
  }
  out.labels = std::move(labels);
  return out;
}

Result<std::vector<AaveSnapshot>> aave_snapshots(const CsvTable& table) {
  ZKC_TRY(auto ts, table.numeric_column("timestamp"));
  ZKC_TRY(auto hf, table.numeric_column("healthFactor"));
  ZKC_TRY(auto c, table.numeric_column("totalCollateral (in USD)"));
  ZKC_TRY(auto d, table.numeric_column("totalDebt (in USD)"));
  std::vector<AaveSnapshot> s(table.num_rows());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && ts[i] < ts[i - 1])
      return make_error(Errc::kBadFormat, table.source + ": line " + std::to_string(table.lines[i]) +
                                              ": timestamps must not decrease");
    s[i] = {ts[i], hf[i], c[i], d[i]};
  }
  return s;
}

BalanceHistory aave_history(std::span<const AaveSnapshot> s, std::size_t end, std::size_t window) {
  ZKC_ASSERT(end < s.size() && window >= 1);
  const std::size_t first = end + 1 >= window ? end + 1 - window : 0;
  BalanceHistory h;
  for (std::size_t i = first; i <= end; ++i) h.balances.push_back(s[i].collateral_usd - s[i].debt_usd);
  h.collateral = s[end].collateral_usd;
  h.debt = s[end].debt_usd;
  return h;
}

Result<FeatureTable> aave_features(std::span<const CsvTable> positions, AaveSampling sampling) {
  if (sampling.window == 0 || sampling.horizon == 0)
    return make_error(Errc::kInvalidArgument, "aave sampling: window and horizon must be at least 1");
  FeatureTable out;
  out.names = feature_names(kAaveMap);
  for (const auto& table : positions) {
    ZKC_TRY(auto s, aave_snapshots(table));
    for (std::size_t t = sampling.window - 1; t < s.size(); ++t) {
      if (s[t].health_factor < 1) continue;
      bool falls = false;
      for (std::size_t k = t + 1; k < s.size() && k <= t + sampling.horizon; ++k)
        falls |= s[k].health_factor < 1;
      auto f = history_features(aave_history(s, t, sampling.window), kAaveMap);
      if (!f)
        return make_error(f.error().code, table.source + ": line " + std::to_string(table.lines[t]) + ": " +
                                              f.error().message);
      out.rows.push_back(std::move(f).value());
      out.labels.push_back(falls ? 1.0 : 0.0);
    }
  }
  if (out.rows.empty())
    return make_error(Errc::kInvalidArgument,
                      "aave positions: no sample (every position is shorter than the window)");
  return out;
}

}  // namespace zkc::ml
