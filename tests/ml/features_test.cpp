// Credit features: history_features against values computed by hand (python3 math, arithmetic in the
// comments) from the formulas documented in features.cpp, every clip at and beyond its bound, the
// errors; the Taiwan mapping against the raw CSV lines read here without the library's parser; the
// Aave sampling (which snapshots become samples and their labels) by hand on a synthetic position and
// by an independent count of the real positions' health factors.
#include "zkc/ml/features.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace zkc::ml {
namespace {

std::string shared_data(const std::string& relative) {
  return std::string(ZKC_SHARED_DATA_DIR) + "/" + relative;
}

// Hand-computed values are rounded to 17 digits and the library may sum in another order.
void expect_features(const Result<std::vector<double>>& got, const std::vector<double>& want) {
  ASSERT_TRUE(got.ok()) << got.error().message;
  ASSERT_EQ(got.value().size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i)
    EXPECT_NEAR(got.value()[i], want[i], 1e-12 * std::max(1.0, std::fabs(want[i]))) << "feature " << i;
}

// A history without repayment record (the Aave shape).
BalanceHistory no_repayments(std::vector<double> balances, double collateral, double debt) {
  BalanceHistory h;
  h.balances = std::move(balances);
  h.collateral = collateral;
  h.debt = debt;
  return h;
}

void expect_error(const Result<std::vector<double>>& got, Errc code, const std::string& part) {
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, code);
  EXPECT_NE(got.error().message.find(part), std::string::npos) << got.error().message;
}

CsvTable parse_ok(std::string_view text, std::string source = "t.csv") {
  auto t = parse_csv(text, std::move(source));
  EXPECT_TRUE(t.ok()) << t.error().message;
  return t.ok() ? std::move(t).value() : CsvTable{};
}

std::vector<std::string> split_commas(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream in(line);
  for (std::string cell; std::getline(in, cell, ',');) cells.push_back(cell);
  return cells;
}

// The header and the first `n` data lines of a file, without their line ends (the Taiwan file ends
// its lines with CRLF).
std::vector<std::string> head_lines(const std::string& path, std::size_t n) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; lines.size() < n + 1 && std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

TEST(Features, NamesAndMaps) {
  const std::vector<std::string> taiwan = {"collateral_to_loan", "log_collateral", "avg_balance",
                                           "balance_volatility", "balance_trend",  "repaid_share",
                                           "latest_delay",       "previous_delay", "max_delay",
                                           "months_late",        "mean_delay"};
  EXPECT_EQ(feature_names(kTaiwanMap), taiwan);
  EXPECT_EQ(feature_names(kAaveMap), std::vector<std::string>(taiwan.begin(), taiwan.begin() + 5));
  EXPECT_EQ(feature_names(kTaiwanMap).size(), 11u);
  EXPECT_EQ(feature_names(kAaveMap).size(), 5u);

  auto t = feature_map_by_name("taiwan");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t.value().unit, 1000.0);
  EXPECT_TRUE(t.value().repayment);
  auto a = feature_map_by_name("aave");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a.value().unit, 1.0);
  EXPECT_FALSE(a.value().repayment);
  for (const char* bad : {"", "Taiwan", "aave ", "uci"}) {
    auto m = feature_map_by_name(bad);
    ASSERT_FALSE(m.ok()) << bad;
    EXPECT_EQ(m.error().code, Errc::kInvalidArgument);
    EXPECT_NE(m.error().message.find("'" + std::string(bad) + "'"), std::string::npos);
  }
}

TEST(Features, TaiwanLikeHistoryByHand) {
  // unit 1000. balances 1000..6000, C = 50000, D = 6000.
  //   collateral_to_loan = ln(1 + 50000/6000) = ln(9.3333...)          = 2.2335922215070942
  //   log_collateral     = ln(1 + 50000/1000) = ln 51                  = 3.9318256327243257
  //   avg_balance        = ln(1 + 3500/1000) = ln 4.5                  = 1.5040773967762742
  //   balance_volatility: deviations +-2500, +-1500, +-500; var = 2(6.25+2.25+0.25)e6/6 = 2.9166e6,
  //                       std = 1707.825; ln(1 + 1.707825)              = 0.99614577676841654
  //   balance_trend      = (6000 - 1000) / (3500 + 1000) = 10/9         = 1.1111111111111112
  //   repaid_share       = 6000 / 21000                                 = 0.2857142857142857
  //   delays 0,0,1,2,0,-1: latest -1, previous 0, max 2, months_late 2, mean 2/6
  const BalanceHistory h{{1000, 2000, 3000, 4000, 5000, 6000},
                         50000,
                         6000,
                         {500, 500, 1000, 1000, 1500, 1500},
                         {0, 0, 1, 2, 0, -1}};
  expect_features(history_features(h, kTaiwanMap),
                  {2.2335922215070942, 3.9318256327243257, 1.5040773967762742, 0.99614577676841654,
                   1.1111111111111112, 0.2857142857142857, -1, 0, 2, 2, 0.33333333333333331});
  // The aave map reads the same first five formulas with unit 1 and ignores repayments.
  // ln(1 + 50000/6000); ln(50001); ln(3501); ln(1 + 1707.825); 5000 / 3501.
  expect_features(history_features(h, kAaveMap), {2.2335922215070942, std::log(50001.0), std::log(3501.0),
                                                  std::log1p(std::sqrt(17.5e6 / 6)), 5000.0 / 3501.0});
}

TEST(Features, NegativeBalancesOverpaidCard) {
  // balances -500, -200, 300, -1000 (credit balances), C = 20000, D = -1000, unit 1000.
  //   collateral_to_loan = ln(1 + 20000 / max(-1000, 1000)) = ln 21       = 3.044522437723423
  //   log_collateral     = ln(1 + 20)                                      = 3.044522437723423
  //   avg_balance        = signed_log(-350/1000) = -ln 1.35                = -0.30010459245033805
  //   balance_volatility: deviations -150, 150, 650, -650; var = 890000/4 = 222500, std = 471.699;
  //                       ln(1.471699)                                      = 0.38641755416226442
  //   balance_trend      = (-1000 + 500) / (mean|b| = 500 + 1000)          = -1/3
  //   repaid_share       = 2100 / max(owed = 300, 1000)                    = 2.1
  //   delays -1, -1, 0, -2: latest -2, previous 0, max 0, months_late 0, mean -1
  const BalanceHistory h{{-500, -200, 300, -1000}, 20000, -1000, {0, 100, 0, 2000}, {-1, -1, 0, -2}};
  expect_features(history_features(h, kTaiwanMap),
                  {3.044522437723423, 3.044522437723423, -0.30010459245033805, 0.38641755416226442,
                   -0.33333333333333331, 2.1000000000000001, -2, 0, 0, 0, -1});
}

TEST(Features, CollateralToLoanRatioClipsAndDebtFloor) {
  // Zero debt: the ratio divides by the unit and is clipped at 1000.
  //   2e6 / max(0, 1000) = 2000 -> 1000: ln 1001 = 6.9087547793152204
  //   999000 / 1000 = 999 (inside):      ln 1000 = 6.9077552789821368
  //   debt 500 < unit: 5000 / 1000 = 5:   ln 6    = 1.791759469228055
  auto ratio = [](double c, double d, const FeatureMap& map) {
    auto f = history_features(BalanceHistory{{d}, c, d, {0}, {0}}, map);
    EXPECT_TRUE(f.ok());
    return f.ok() ? f.value()[0] : std::nan("");
  };
  EXPECT_NEAR(ratio(2e6, 0, kTaiwanMap), 6.9087547793152204, 1e-14);
  EXPECT_NEAR(ratio(999000, 0, kTaiwanMap), 6.9077552789821368, 1e-14);
  EXPECT_NEAR(ratio(5000, 500, kTaiwanMap), 1.791759469228055, 1e-14);
  // aave: 5000 / max(0, 1) = 5000 -> 1000.
  EXPECT_NEAR(ratio(5000, 0, kAaveMap), 6.9087547793152204, 1e-14);
  EXPECT_NEAR(ratio(5000, -3, kAaveMap), 6.9087547793152204, 1e-14);
}

TEST(Features, ZeroAndNegativeCollateral) {
  // C = 0: ratio 0 -> ln 1 = 0, log_collateral ln 1 = 0. C < 0: ratio clipped at 0, max(C, 0) = 0.
  for (const double c : {0.0, -5000.0}) {
    auto f = history_features(BalanceHistory{{1000, 3000}, c, 3000, {0, 0}, {0, 0}}, kTaiwanMap);
    ASSERT_TRUE(f.ok());
    EXPECT_EQ(f.value()[0], 0.0) << c;
    EXPECT_EQ(f.value()[1], 0.0) << c;
  }
}

TEST(Features, LogClips) {
  // unit 1. log_collateral: ln(1 + 1e20) = 46.05 -> 30; ln(1 + 1e13) = 29.933606208922694 stays.
  auto f = history_features(no_repayments({1e20}, 1e20, 1), kAaveMap);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f.value()[1], 30.0);
  EXPECT_EQ(f.value()[2], 30.0);  // avg_balance ln(1 + 1e20) -> 30
  f = history_features(no_repayments({1e13}, 1e13, 1), kAaveMap);
  ASSERT_TRUE(f.ok());
  EXPECT_NEAR(f.value()[1], 29.933606208922694, 1e-12);
  EXPECT_NEAR(f.value()[2], 29.933606208922694, 1e-12);
  // avg_balance -ln(1 + 1e20) -> -30; volatility of {-1e20, 1e20}: std 1e20, ln -> 46 -> 30.
  f = history_features(no_repayments({-1e20}, 1, 1), kAaveMap);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f.value()[2], -30.0);
  f = history_features(no_repayments({-1e20, 1e20}, 1, 1), kAaveMap);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f.value()[3], 30.0);
  EXPECT_EQ(f.value()[2], 0.0);  // mean 0
}

TEST(Features, TrendClip) {
  // |b_last - b_first| <= n mean|b|, so the +-10 clip needs more than 10 balances. unit 1.
  //   19 zeros then 1000: mean|b| = 50, 1000 / 51 = 19.6 -> 10; reversed -> -10.
  //   9 zeros then 1000:  mean|b| = 100, 1000 / 101 = 9.9009900990099009 (inside).
  std::vector<double> b(20, 0.0);
  b.back() = 1000;
  auto f = history_features(no_repayments(b, 1, 1), kAaveMap);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f.value()[4], 10.0);
  std::reverse(b.begin(), b.end());
  f = history_features(no_repayments(b, 1, 1), kAaveMap);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f.value()[4], -10.0);
  std::vector<double> c(10, 0.0);
  c.back() = 1000;
  f = history_features(no_repayments(c, 1, 1), kAaveMap);
  ASSERT_TRUE(f.ok());
  EXPECT_NEAR(f.value()[4], 9.9009900990099009, 1e-14);
}

TEST(Features, RepaidShareClipAndOwedFloor) {
  auto share = [](std::vector<double> balances, std::vector<double> repayments) {
    auto f = history_features(
        BalanceHistory{balances, 1, 1, repayments, std::vector<double>(balances.size(), 0.0)}, kTaiwanMap);
    EXPECT_TRUE(f.ok());
    return f.ok() ? f.value()[5] : std::nan("");
  };
  EXPECT_EQ(share({1000, 1000}, {1e6, 1e6}), 10.0);            // 2e6 / 2000 = 1000 -> 10
  EXPECT_EQ(share({1000, 1000}, {-100, -100}), 0.0);           // -200 / 2000 -> 0
  EXPECT_NEAR(share({-100, -100}, {1500, 1500}), 3.0, 1e-15);  // owed 0 -> unit 1000: 3000 / 1000
  EXPECT_NEAR(share({4000, 6000}, {1000, 4000}), 0.5, 1e-15);  // 5000 / 10000
  // Credit balances owe nothing: 1000 / (3000 + 2000), not 1000 / (3000 + 2000 - 1000).
  EXPECT_NEAR(share({-1000, 3000, 2000}, {500, 0, 500}), 0.2, 1e-15);
}

TEST(Features, DelayClip) {
  // delays -5, 12, 3, -3, 10, 15 clip to -2, 9, 3, -2, 9, 9:
  // latest 9, previous 9, max 9, months_late 4, mean 26/6.
  const BalanceHistory h{
      std::vector<double>(6, 0.0), 0, 0, std::vector<double>(6, 0.0), {-5, 12, 3, -3, 10, 15}};
  auto f = history_features(h, kTaiwanMap);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(std::vector<double>(f.value().begin() + 6, f.value().end()),
            (std::vector<double>{9, 9, 9, 4, 26.0 / 6}));
  // All below -2: every delay feature at the floor, no month late.
  const BalanceHistory low{{0, 0}, 0, 0, {0, 0}, {-7, -3}};
  f = history_features(low, kTaiwanMap);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(std::vector<double>(f.value().begin() + 6, f.value().end()),
            (std::vector<double>{-2, -2, -2, 0, -2}));
  // The Taiwan codes inside the range pass unchanged: -2, -1, 0, 1, 9.
  const BalanceHistory in{{0, 0, 0, 0, 0}, 0, 0, {0, 0, 0, 0, 0}, {-2, -1, 0, 1, 9}};
  f = history_features(in, kTaiwanMap);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(std::vector<double>(f.value().begin() + 6, f.value().end()),
            (std::vector<double>{9, 1, 9, 2, 7.0 / 5}));
}

TEST(Features, SinglePeriod) {
  // balance 3000, C = 10000, D = 3000, repaid 100, delay 2; unit 1000.
  //   ln(1 + 10/3) = 1.4663370687934272; ln 11 = 2.3978952727983707; ln 4 = 1.3862943611198906;
  //   volatility 0, trend 0, repaid 100/3000, latest 2, previous 0, max 2, months_late 1, mean 2.
  expect_features(history_features(BalanceHistory{{3000}, 10000, 3000, {100}, {2}}, kTaiwanMap),
                  {1.4663370687934272, 2.3978952727983707, 1.3862943611198906, 0, 0, 0.033333333333333333, 2,
                   0, 2, 1, 2});
  expect_features(history_features(no_repayments({-7}, 3, 10), kAaveMap),
                  {std::log(1.3), std::log(4.0), -std::log(8.0), 0, 0});
}

TEST(Features, Errors) {
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  expect_error(history_features(BalanceHistory{}, kAaveMap), Errc::kInvalidArgument, "no balances");
  expect_error(history_features(BalanceHistory{{}, 1, 1, {}, {}}, kTaiwanMap), Errc::kInvalidArgument,
               "no balances");
  const BalanceHistory ok{{1, 2}, 3, 4, {5, 6}, {0, 1}};
  ASSERT_TRUE(history_features(ok, kTaiwanMap).ok());
  for (const double bad : {nan, inf, -inf}) {
    for (int field = 0; field < 5; ++field) {
      BalanceHistory h = ok;
      switch (field) {
        case 0:
          h.balances[1] = bad;
          break;
        case 1:
          h.collateral = bad;
          break;
        case 2:
          h.debt = bad;
          break;
        case 3:
          h.repayments[0] = bad;
          break;
        default:
          h.delays[1] = bad;
          break;
      }
      expect_error(history_features(h, kTaiwanMap), Errc::kInvalidArgument, "not a finite number");
      expect_error(history_features(h, kAaveMap), Errc::kInvalidArgument, "not a finite number");
    }
  }
  // The taiwan map needs one repayment and one delay per balance.
  const std::string needs = "the 'taiwan' mapping needs 2 repayments and delays";
  BalanceHistory h = ok;
  h.repayments = {5};
  expect_error(history_features(h, kTaiwanMap), Errc::kInvalidArgument, needs);
  h.repayments = {5, 6, 7};
  expect_error(history_features(h, kTaiwanMap), Errc::kInvalidArgument, needs);
  h = ok;
  h.delays = {0};
  expect_error(history_features(h, kTaiwanMap), Errc::kInvalidArgument, needs);
  h = ok;
  h.repayments.clear();
  expect_error(history_features(h, kTaiwanMap), Errc::kInvalidArgument, needs);
  h.delays.clear();
  expect_error(history_features(h, kTaiwanMap), Errc::kInvalidArgument, needs);
  // Without repayment features none are needed.
  EXPECT_TRUE(history_features(h, kAaveMap).ok());
}

// --- Taiwan ---

TEST(FeaturesTaiwan, ColumnsUsed) {
  EXPECT_EQ(
      taiwan_columns(),
      (std::vector<std::string>{"LIMIT_BAL", "BILL_AMT6", "BILL_AMT5", "BILL_AMT4", "BILL_AMT3", "BILL_AMT2",
                                "BILL_AMT1", "PAY_AMT6", "PAY_AMT5", "PAY_AMT4", "PAY_AMT3", "PAY_AMT2",
                                "PAY_AMT1", "PAY_6", "PAY_5", "PAY_4", "PAY_3", "PAY_2", "PAY_0"}));
}

TEST(FeaturesTaiwan, FirstRowsOfTheRealFileAgainstTheRawLines) {
  const auto lines = head_lines(shared_data("taiwan_default/UCI_Credit_Card.csv"), 3);
  ASSERT_EQ(lines.size(), 4u);
  std::string text;
  for (const auto& l : lines) text += l + "\n";
  const CsvTable table = parse_ok(text, "head.csv");
  ASSERT_EQ(table.num_rows(), 3u);

  // The raw cells, split here by commas (the file has no quotes).
  const auto header = split_commas(lines[0]);
  std::map<std::string, std::size_t> col;
  for (std::size_t i = 0; i < header.size(); ++i) col[header[i]] = i;
  for (std::size_t r = 0; r < 3; ++r) {
    const auto cells = split_commas(lines[r + 1]);
    ASSERT_EQ(cells.size(), header.size());
    auto raw = [&](const std::string& name) { return std::stod(cells.at(col.at(name))); };
    auto h = taiwan_history(table, r);
    ASSERT_TRUE(h.ok()) << h.error().message;
    EXPECT_EQ(h.value().balances,
              (std::vector<double>{raw("BILL_AMT6"), raw("BILL_AMT5"), raw("BILL_AMT4"), raw("BILL_AMT3"),
                                   raw("BILL_AMT2"), raw("BILL_AMT1")}));
    EXPECT_EQ(h.value().repayments, (std::vector<double>{raw("PAY_AMT6"), raw("PAY_AMT5"), raw("PAY_AMT4"),
                                                         raw("PAY_AMT3"), raw("PAY_AMT2"), raw("PAY_AMT1")}));
    EXPECT_EQ(h.value().delays, (std::vector<double>{raw("PAY_6"), raw("PAY_5"), raw("PAY_4"), raw("PAY_3"),
                                                     raw("PAY_2"), raw("PAY_0")}));
    EXPECT_EQ(h.value().debt, raw("BILL_AMT1"));
    EXPECT_EQ(h.value().collateral, raw("LIMIT_BAL"));
  }
  // Row 0 spelled out (LIMIT_BAL,SEX,EDUCATION,MARRIAGE,AGE,PAY_0,PAY_2..6,BILL_AMT1..6,PAY_AMT1..6,default):
  // "20000.0,2,2,1,24,2,2,-1,-1,-2,-2,3913.0,3102.0,689.0,0.0,0.0,0.0,0.0,689.0,0.0,0.0,0.0,0.0,1".
  auto h0 = taiwan_history(table, 0);
  ASSERT_TRUE(h0.ok());
  EXPECT_EQ(h0.value().balances, (std::vector<double>{0, 0, 0, 689, 3102, 3913}));
  EXPECT_EQ(h0.value().repayments, (std::vector<double>{0, 0, 0, 0, 689, 0}));
  EXPECT_EQ(h0.value().delays, (std::vector<double>{-2, -2, -1, -1, 2, 2}));
  EXPECT_EQ(h0.value().collateral, 20000.0);
  EXPECT_EQ(h0.value().debt, 3913.0);

  auto ft = taiwan_features(table);
  ASSERT_TRUE(ft.ok()) << ft.error().message;
  EXPECT_EQ(ft.value().names, feature_names(kTaiwanMap));
  EXPECT_EQ(ft.value().labels, (std::vector<double>{1, 1, 0}));
  ASSERT_EQ(ft.value().rows.size(), 3u);
  for (std::size_t r = 0; r < 3; ++r) {
    auto want = history_features(taiwan_history(table, r).value(), kTaiwanMap);
    ASSERT_TRUE(want.ok());
    EXPECT_EQ(ft.value().rows[r], want.value()) << r;
  }
  // Row 0 by hand (unit 1000): ln(1 + 20000/3913); ln 21; mean 7704/6 = 1284 -> ln 2.284;
  // std of (0,0,0,689,3102,3913) = 1574.9 -> ln 2.5749; trend 3913 / (1284 + 1000);
  // repaid 689 / 7704; delays -2,-2,-1,-1,2,2: latest 2, previous 2, max 2, months_late 2, mean -1/3.
  expect_features(ft.value().rows[0],
                  {1.8101179008856203, 3.044522437723423, 0.82592829179376381, 0.95863876292075534,
                   1.7132224168126096, 0.089434060228452752, 2, 2, 2, 2, -0.33333333333333331});
}

TEST(FeaturesTaiwan, Errors) {
  auto lines = head_lines(shared_data("taiwan_default/UCI_Credit_Card.csv"), 3);
  ASSERT_EQ(lines.size(), 4u);
  // The last row's label 0 becomes 2: rejected on line 4 (header on line 1).
  ASSERT_EQ(lines[3].back(), '0');
  std::string bad_label = lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n" + lines[3];
  bad_label.back() = '2';
  auto ft = taiwan_features(parse_ok(bad_label, "head.csv"));
  ASSERT_FALSE(ft.ok());
  EXPECT_EQ(ft.error().code, Errc::kBadFormat);
  EXPECT_EQ(ft.error().message, "head.csv: line 4, column 'default': the label must be 0 or 1");
  // Another label column: SEX is 1/2, so its first row (2) fails on line 2.
  const std::string good = lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n" + lines[3] + "\n";
  ft = taiwan_features(parse_ok(good, "head.csv"), "SEX");
  ASSERT_FALSE(ft.ok());
  EXPECT_EQ(ft.error().message, "head.csv: line 2, column 'SEX': the label must be 0 or 1");
  ft = taiwan_features(parse_ok(good, "head.csv"), "nope");
  ASSERT_FALSE(ft.ok());
  EXPECT_NE(ft.error().message.find("missing column 'nope'"), std::string::npos) << ft.error().message;

  // A missing used column and a non-number cell are named.
  const CsvTable no_pay0 = parse_ok("LIMIT_BAL,BILL_AMT1\n1,2\n");
  auto h = taiwan_history(no_pay0, 0);
  ASSERT_FALSE(h.ok());
  EXPECT_NE(h.error().message.find("missing column 'BILL_AMT6'"), std::string::npos) << h.error().message;
  ft = taiwan_features(no_pay0);
  ASSERT_FALSE(ft.ok());
  EXPECT_NE(ft.error().message.find("missing column"), std::string::npos);

  const auto header = split_commas(lines[0]);
  const std::size_t pay0 = std::find(header.begin(), header.end(), "PAY_0") - header.begin();
  auto cells = split_commas(lines[2]);
  cells[pay0] = "x";
  std::string row2;
  for (std::size_t i = 0; i < cells.size(); ++i) row2 += (i ? "," : "") + cells[i];
  const CsvTable t = parse_ok(lines[0] + "\n" + lines[1] + "\n" + row2 + "\n", "c.csv");
  h = taiwan_history(t, 1);
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.error().code, Errc::kBadFormat);
  EXPECT_EQ(h.error().message, "c.csv: line 3, column 'PAY_0': 'x' is not a number");
  EXPECT_TRUE(taiwan_history(t, 0).ok());
  ft = taiwan_features(t);
  ASSERT_FALSE(ft.ok());
  EXPECT_NE(ft.error().message.find("line 3, column 'PAY_0'"), std::string::npos) << ft.error().message;
  h = taiwan_history(t, 2);
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.error().message, "c.csv: row 2 does not exist");
}

// --- Aave ---

constexpr std::string_view kAaveHeader = "timestamp,healthFactor,totalCollateral (in USD),totalDebt (in USD)";

TEST(FeaturesAave, Snapshots) {
  const CsvTable t = parse_ok(std::string("user,") + std::string(kAaveHeader) +
                                  "\n"
                                  "u,10,1.5,300,200\n"
                                  "u,10,1.4,290,207.5\n"  // equal timestamps are allowed
                                  "u,25,0,1e3,0\n",
                              "p.csv");
  auto s = aave_snapshots(t);
  ASSERT_TRUE(s.ok()) << s.error().message;
  ASSERT_EQ(s.value().size(), 3u);
  EXPECT_EQ(s.value()[1].timestamp, 10.0);
  EXPECT_EQ(s.value()[1].health_factor, 1.4);
  EXPECT_EQ(s.value()[1].collateral_usd, 290.0);
  EXPECT_EQ(s.value()[1].debt_usd, 207.5);
  EXPECT_EQ(s.value()[2].collateral_usd, 1000.0);

  auto dec = aave_snapshots(parse_ok(std::string(kAaveHeader) + "\n10,1,1,1\n11,1,1,1\n9,1,1,1\n", "p.csv"));
  ASSERT_FALSE(dec.ok());
  EXPECT_EQ(dec.error().code, Errc::kBadFormat);
  EXPECT_EQ(dec.error().message, "p.csv: line 4: timestamps must not decrease");

  auto missing =
      aave_snapshots(parse_ok("timestamp,healthFactor,totalCollateral (in USD)\n1,1,1\n", "p.csv"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "p.csv: missing column 'totalDebt (in USD)'");

  auto nan_cell = aave_snapshots(parse_ok(std::string(kAaveHeader) + "\n1,1,1,1\n2,nan,1,1\n", "p.csv"));
  ASSERT_FALSE(nan_cell.ok());
  EXPECT_EQ(nan_cell.error().message, "p.csv: line 3, column 'healthFactor': 'nan' is not a number");
}

TEST(FeaturesAave, HistoryWindows) {
  std::vector<AaveSnapshot> s;
  for (int i = 0; i < 5; ++i) s.push_back({double(i), 2.0, 100.0 + 10 * i, double(i)});  // balance 100 + 9i
  auto h = aave_history(s, 1, 3);  // start of the series: only 2 snapshots
  EXPECT_EQ(h.balances, (std::vector<double>{100, 109}));
  EXPECT_EQ(h.collateral, 110.0);
  EXPECT_EQ(h.debt, 1.0);
  EXPECT_TRUE(h.repayments.empty());
  EXPECT_TRUE(h.delays.empty());
  h = aave_history(s, 4, 3);
  EXPECT_EQ(h.balances, (std::vector<double>{118, 127, 136}));
  EXPECT_EQ(h.collateral, 140.0);
  EXPECT_EQ(h.debt, 4.0);
  EXPECT_EQ(aave_history(s, 2, 1).balances, (std::vector<double>{118}));
  EXPECT_EQ(aave_history(s, 4, 5).balances, (std::vector<double>{100, 109, 118, 127, 136}));
  EXPECT_EQ(aave_history(s, 0, 9).balances, (std::vector<double>{100}));
}

TEST(FeaturesAave, SyntheticLabelsByHand) {
  // health factor 1.5 1.4 1.3 1.2 1.1 0.9 0.0, window 2, horizon 2. Candidates t = 1..6:
  //   t=1 (1.4): next 1.3, 1.2 -> 0     t=2 (1.3): next 1.2, 1.1 -> 0
  //   t=3 (1.2): next 1.1, 0.9 -> 1     t=4 (1.1): next 0.9, 0.0 -> 1
  //   t=5 (0.9), t=6 (0.0): below 1 now, no sample. t=0: window not full.
  const CsvTable t = parse_ok(std::string(kAaveHeader) +
                                  "\n"
                                  "1,1.5,300,200\n2,1.4,290,207\n3,1.3,280,215\n4,1.2,270,225\n"
                                  "5,1.1,260,236\n6,0.9,250,278\n7,0.0,240,240\n",
                              "p.csv");
  const std::vector<CsvTable> positions = {t};
  auto ft = aave_features(positions, {2, 2});
  ASSERT_TRUE(ft.ok()) << ft.error().message;
  EXPECT_EQ(ft.value().names, feature_names(kAaveMap));
  EXPECT_EQ(ft.value().labels, (std::vector<double>{0, 0, 1, 1}));
  ASSERT_EQ(ft.value().rows.size(), 4u);
  // Each sample by hand (unit 1), balances = collateral - debt of snapshots t-1, t:
  //   t=1: (100, 83), C 290, D 207: ln(1+290/207), ln 291, ln 92.5, ln(1+8.5), -17/(91.5+1)
  //   t=2: (83, 65),  C 280, D 215          t=3: (65, 45), C 270, D 225      t=4: (45, 24), C 260, D 236
  const std::vector<std::vector<double>> want = {
      {0.87587123283125967, 5.6733232671714928, 4.5272086445183799, 2.2512917986064953, -0.18378378378378379},
      {0.83391973444102752, 5.6383546693337454, 4.3174881135363101, 2.3025850929940459, -0.23999999999999999},
      {0.78845736036427017, 5.602118820879701, 4.0253516907351496, 2.3978952727983707, -0.35714285714285715},
      {0.74274412169931736, 5.5645204073226937, 3.5695326964813701, 2.4423470353692043,
       -0.59154929577464788}};
  for (std::size_t i = 0; i < 4; ++i) expect_features(ft.value().rows[i], want[i]);

  // Horizon 1: only t=4 (next 0.9) is labelled 1. Window 7: one snapshot short, no sample at all.
  auto h1 = aave_features(positions, {2, 1});
  ASSERT_TRUE(h1.ok());
  EXPECT_EQ(h1.value().labels, (std::vector<double>{0, 0, 0, 1}));
  auto w6 = aave_features(positions, {6, 2});  // t = 5, 6 only: both below 1
  ASSERT_FALSE(w6.ok());
  EXPECT_NE(w6.error().message.find("no sample"), std::string::npos);
  auto w8 = aave_features(positions, {8, 2});
  ASSERT_FALSE(w8.ok());
  EXPECT_EQ(w8.error().code, Errc::kInvalidArgument);
  // A health factor of exactly 1 is safe (a sample) and does not count as a fall.
  const std::vector<CsvTable> edge = {
      parse_ok(std::string(kAaveHeader) + "\n1,1.0,10,5\n2,1.0,10,5\n3,0.99,10,5\n", "e.csv")};
  auto e = aave_features(edge, {1, 1});
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e.value().labels, (std::vector<double>{0, 1}));

  for (const AaveSampling bad : {AaveSampling{0, 2}, AaveSampling{2, 0}}) {
    auto r = aave_features(positions, bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::kInvalidArgument);
  }
  // A bad position is named.
  const std::vector<CsvTable> two = {t, parse_ok(std::string(kAaveHeader) + "\n2,1,1,1\n1,1,1,1\n", "q.csv")};
  auto bad = aave_features(two, {2, 2});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "q.csv: line 3: timestamps must not decrease");
}

// The documented sampling applied to health factors read without the library: (samples, positives).
std::pair<std::size_t, std::size_t> count_samples(const std::vector<double>& hf, AaveSampling sampling) {
  std::size_t samples = 0, positives = 0;
  for (std::size_t t = sampling.window - 1; t < hf.size(); ++t) {
    if (hf[t] < 1) continue;
    ++samples;
    bool falls = false;
    for (std::size_t k = t + 1; k <= t + sampling.horizon && k < hf.size(); ++k) falls = falls || hf[k] < 1;
    positives += falls ? 1 : 0;
  }
  return {samples, positives};
}

std::size_t count_ones(const std::vector<double>& labels) {
  return static_cast<std::size_t>(std::count(labels.begin(), labels.end(), 1.0));
}

TEST(FeaturesAave, RealPositionsCountedIndependently) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(shared_data("aave_v2_positions")))
    if (e.path().extension() == ".csv") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  ASSERT_EQ(files.size(), 10u);

  std::vector<CsvTable> tables;
  std::vector<std::vector<double>> health;
  for (const auto& f : files) {
    auto table = read_csv(f.string());
    ASSERT_TRUE(table.ok()) << table.error().message;
    tables.push_back(std::move(table).value());
    // The health factors read here: each line split by commas (the files have no quotes, LF ends).
    std::ifstream in(f);
    std::string line;
    ASSERT_TRUE(std::getline(in, line));
    const auto header = split_commas(line);
    const auto col =
        static_cast<std::size_t>(std::find(header.begin(), header.end(), "healthFactor") - header.begin());
    ASSERT_LT(col, header.size());
    std::vector<double> hf;
    while (std::getline(in, line))
      if (!line.empty()) hf.push_back(std::stod(split_commas(line).at(col)));
    ASSERT_EQ(hf.size(), tables.back().num_rows()) << f;
    health.push_back(std::move(hf));
  }

  // The default sampling (window 7, horizon 7), and window 1 / horizon 1 (every safe snapshot).
  for (const AaveSampling sampling : {AaveSampling{}, AaveSampling{1, 1}, AaveSampling{3, 12}}) {
    SCOPED_TRACE("window " + std::to_string(sampling.window) + ", horizon " +
                 std::to_string(sampling.horizon));
    std::size_t want_samples = 0, want_positives = 0, empty_positions = 0;
    for (std::size_t p = 0; p < files.size(); ++p) {
      const auto [samples, positives] = count_samples(health[p], sampling);
      const std::vector<CsvTable> one = {tables[p]};
      auto per = aave_features(one, sampling);
      if (samples == 0) {
        // A position with no safe snapshot once the window is full yields no sample on its own.
        ++empty_positions;
        ASSERT_FALSE(per.ok()) << files[p];
        EXPECT_NE(per.error().message.find("no sample"), std::string::npos);
        continue;
      }
      ASSERT_TRUE(per.ok()) << files[p] << ": " << per.error().message;
      EXPECT_EQ(per.value().rows.size(), samples) << files[p];
      EXPECT_EQ(count_ones(per.value().labels), positives) << files[p];
      want_samples += samples;
      want_positives += positives;
    }
    // With window 7, 0x5e932E41... (13 snapshots, health factor 1.24 1.47 3.42 1.82 2.8 then below 1)
    // has no sample: its only safe snapshots are t = 0..4 < window - 1. Every other position has some.
    EXPECT_EQ(empty_positions, sampling.window == 7 ? 1u : 0u);
    if (sampling.window == 7) {
      EXPECT_EQ(count_samples(health[4], sampling).first, 0u);
      EXPECT_NE(files[4].filename().string().find("0x5e932E41"), std::string::npos);
    }
    auto all = aave_features(tables, sampling);
    ASSERT_TRUE(all.ok()) << all.error().message;
    EXPECT_EQ(all.value().rows.size(), want_samples);
    EXPECT_EQ(all.value().labels.size(), want_samples);
    EXPECT_EQ(count_ones(all.value().labels), want_positives);
    EXPECT_GT(want_positives, 0u);  // both classes
    EXPECT_LT(want_positives, want_samples);
    for (const auto& row : all.value().rows) {
      ASSERT_EQ(row.size(), 5u);
      for (const double v : row) EXPECT_TRUE(std::isfinite(v));
    }
  }
  // The rows are the features of the windows ending at the safe snapshots, in order (first position).
  auto s = aave_snapshots(tables[0]);
  ASSERT_TRUE(s.ok());
  const std::vector<CsvTable> first = {tables[0]};
  auto ft = aave_features(first);
  ASSERT_TRUE(ft.ok());
  std::size_t i = 0;
  for (std::size_t t = 6; t < s.value().size(); ++t) {
    if (health[0][t] < 1) continue;
    ASSERT_LT(i, ft.value().rows.size());
    auto want = history_features(aave_history(s.value(), t, 7), kAaveMap);
    ASSERT_TRUE(want.ok());
    EXPECT_EQ(ft.value().rows[i++], want.value()) << t;
  }
  EXPECT_EQ(i, ft.value().rows.size());
}

// Regression: the aave map ignores repayment series, but one given with the wrong length was accepted
// silently (through the JSON history shape too); it is an error now, and empty series still pass.
TEST(Features, AaveRejectsMismatchedRepaymentSeries) {
  BalanceHistory h;
  h.balances = {100, 200, 300};
  h.collateral = 500;
  h.debt = 300;
  EXPECT_TRUE(history_features(h, kAaveMap).ok());
  h.repayments = {1, 2};
  h.delays = {0, 0};
  auto r = history_features(h, kAaveMap);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::kInvalidArgument);
  EXPECT_NE(r.error().message.find("needs 3 repayments and delays"), std::string::npos) << r.error().message;
  h.repayments = {1, 2, 3};
  h.delays = {0, 0, 0};
  EXPECT_TRUE(history_features(h, kAaveMap).ok());
}

}  // namespace
}  // namespace zkc::ml
