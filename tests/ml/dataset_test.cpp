// Data loading: the layout detection (Taiwan file, Aave directory or file, unrelated columns, named
// mappings and labels), every error naming its path, the hashes against `sha256sum` (the file) and
// against the documented (name, size, bytes) layout hashed by sha256sum in a shell (the directory);
// features_from_json in its three shapes against history_features on the same values, and each
// missing, unknown or malformed field named.
#include "zkc/ml/dataset.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace zkc::ml {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string shared_data(const std::string& relative) {
  return std::string(ZKC_SHARED_DATA_DIR) + "/" + relative;
}
const std::string kTaiwanFile = shared_data("taiwan_default/UCI_Credit_Card.csv");
const std::string kAaveDir = shared_data("aave_v2_positions");

void expect_error(const Error& e, Errc code, const std::string& part) {
  EXPECT_EQ(e.code, code) << e.message;
  EXPECT_NE(e.message.find(part), std::string::npos) << e.message;
}

// A fresh directory under the system temporary directory, removed at the end of the test.
class TempDir {
 public:
  explicit TempDir(const std::string& tag)
      : path_(fs::temp_directory_path() / ("zkc-dataset-test-" + tag + "-" + std::to_string(::getpid()))) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string path() const { return path_.string(); }
  std::string write(const std::string& name, const std::string& text) const {
    const fs::path p = path_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }

 private:
  fs::path path_;
};

// Two small Aave positions (8 snapshots each). With window 7, horizon 7: a.csv gives t = 6 (1.4,
// next 0.9: label 1), t = 7 is below 1; b.csv gives t = 6 and t = 7, never below 1 (labels 0, 0).
const std::string kAaveA =
    "timestamp,healthFactor,totalCollateral (in USD),totalDebt (in USD)\n"
    "1,2.0,300,100\n2,1.9,300,110\n3,1.8,300,120\n4,1.7,300,130\n"
    "5,1.6,300,140\n6,1.5,300,150\n7,1.4,300,160\n8,0.9,300,170\n";
const std::string kAaveB =
    "timestamp,healthFactor,totalCollateral (in USD),totalDebt (in USD)\n"
    "1,3.0,500,100\n2,2.9,500,110\n3,2.8,500,120\n4,2.7,500,130\n"
    "5,2.6,500,140\n6,2.5,500,150\n7,2.4,500,160\n8,2.3,500,170\n";

TEST(Dataset, TaiwanFileDetected) {
  auto d = load_data(kTaiwanFile);
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d.value().mapping, "taiwan");
  EXPECT_EQ(d.value().name, kTaiwanFile);
  EXPECT_EQ(d.value().table.names, feature_names(kTaiwanMap));
  ASSERT_EQ(d.value().table.rows.size(), 30000u);
  ASSERT_EQ(d.value().table.labels.size(), 30000u);
  for (const auto& row : d.value().table.rows) ASSERT_EQ(row.size(), 11u);
  // awk -F, 'NR>1 && $24+0==1 {n++} END {print n}' UCI_Credit_Card.csv  ->  6636
  EXPECT_EQ(std::count(d.value().table.labels.begin(), d.value().table.labels.end(), 1.0), 6636);
  // sha256sum ../shared/data/taiwan_default/UCI_Credit_Card.csv (also in ../shared/data/SHA256SUMS)
  EXPECT_EQ(d.value().sha256, "263ebe35e1c6ebbe988a79a4c207ac7c090e7dd89787bf6f18692877c67d6b76");
  // Row 0 is the first data line's history (features_test checks it by hand).
  auto head = parse_csv(
      "LIMIT_BAL,BILL_AMT1,BILL_AMT2,BILL_AMT3,BILL_AMT4,BILL_AMT5,BILL_AMT6,PAY_AMT1,PAY_AMT2,PAY_AMT3,PAY_"
      "AMT4,"
      "PAY_AMT5,PAY_AMT6,PAY_0,PAY_2,PAY_3,PAY_4,PAY_5,PAY_6\n"
      "20000.0,3913.0,3102.0,689.0,0.0,0.0,0.0,0.0,689.0,0.0,0.0,0.0,0.0,2,2,-1,-1,-2,-2\n",
      "row0");
  ASSERT_TRUE(head.ok());
  auto want = history_features(taiwan_history(head.value(), 0).value(), kTaiwanMap);
  ASSERT_TRUE(want.ok());
  EXPECT_EQ(d.value().table.rows[0], want.value());
  EXPECT_EQ(d.value().table.labels[0], 1.0);

  // The same with the mapping and label named.
  auto named = load_data(kTaiwanFile, "taiwan", "default");
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(named.value().table.rows.size(), 30000u);
}

TEST(Dataset, AaveDirectoryAndFileDetected) {
  auto d = load_data(kAaveDir);
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d.value().mapping, "aave");
  EXPECT_EQ(d.value().table.names, feature_names(kAaveMap));
  EXPECT_GT(d.value().table.rows.size(), 0u);
  EXPECT_EQ(d.value().sha256.size(), 64u);
  auto liq = load_data(kAaveDir, "aave", "liquidation");
  ASSERT_TRUE(liq.ok());
  EXPECT_EQ(liq.value().table.labels, d.value().table.labels);
  EXPECT_EQ(liq.value().sha256, d.value().sha256);

  const std::string one = kAaveDir + "/0x09f1b4C0A59494F2C695924BcC4b9Ce698F22233_details_v2.csv";
  auto f = load_data(one);
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f.value().mapping, "aave");
  // sha256sum (also in ../shared/data/SHA256SUMS)
  EXPECT_EQ(f.value().sha256, "b1194e6006964cfb7af32189b09da4a77a8214a4fece3f9a656488d233c87201");
}

TEST(Dataset, DetectionAndOptionErrors) {
  TempDir dir("detect");
  const std::string other = dir.write("other.csv", "name,age,score\nann,31,0.5\nbob,40,0.7\n");
  auto r = load_data(other);
  ASSERT_FALSE(r.ok());
  expect_error(r.error(), Errc::kInvalidArgument, "cannot tell");
  EXPECT_NE(r.error().message.find(other), std::string::npos);

  // Unknown mapping names, before any file is read.
  for (const char* bad : {"Taiwan", "uci", "aave2"}) {
    r = load_data(kTaiwanFile, bad);
    ASSERT_FALSE(r.ok());
    expect_error(r.error(), Errc::kInvalidArgument, "unknown feature mapping '" + std::string(bad) + "'");
  }
  // aave derives its label.
  for (const char* bad : {"default", "Liquidation", "healthFactor"}) {
    r = load_data(kAaveDir, "", bad);
    ASSERT_FALSE(r.ok()) << bad;
    expect_error(r.error(), Errc::kInvalidArgument, "got --label '" + std::string(bad) + "'");
  }
  // A Taiwan label column that is not 0/1, an absent one.
  r = load_data(kTaiwanFile, "", "SEX");
  ASSERT_FALSE(r.ok());
  expect_error(r.error(), Errc::kBadFormat, "line 2, column 'SEX': the label must be 0 or 1");
  r = load_data(kTaiwanFile, "taiwan", "nope");
  ASSERT_FALSE(r.ok());
  expect_error(r.error(), Errc::kInvalidArgument, "missing column 'nope'");
  // A named mapping that does not fit the data.
  r = load_data(kTaiwanFile, "aave");
  ASSERT_FALSE(r.ok());
  expect_error(r.error(), Errc::kInvalidArgument, "missing column 'timestamp'");
  r = load_data(kAaveDir, "taiwan");
  ASSERT_FALSE(r.ok());
  expect_error(r.error(), Errc::kInvalidArgument, "the taiwan mapping reads one CSV file");
  // A directory of two Taiwan tables: the taiwan mapping reads one file, so nothing is detected.
  {
    TempDir two("two-taiwan");
    const std::string head =
        "LIMIT_BAL,BILL_AMT1,BILL_AMT2,BILL_AMT3,BILL_AMT4,BILL_AMT5,BILL_AMT6,PAY_AMT1,PAY_AMT2,PAY_AMT3,"
        "PAY_AMT4,"
        "PAY_AMT5,PAY_AMT6,PAY_0,PAY_2,PAY_3,PAY_4,PAY_5,PAY_6,default\n"
        "1,2,3,4,5,6,7,8,9,10,11,12,13,0,0,0,0,0,0,1\n";
    two.write("x.csv", head);
    two.write("y.csv", head);
    r = load_data(two.path());
    ASSERT_FALSE(r.ok());
    expect_error(r.error(), Errc::kInvalidArgument, "cannot tell");
  }
  // A directory mixing an Aave position and an unrelated table.
  dir.write("a.csv", kAaveA);
  r = load_data(dir.path());
  ASSERT_FALSE(r.ok());
  expect_error(r.error(), Errc::kInvalidArgument, "cannot tell");
}

TEST(Dataset, MissingPathsAndEmptyDirectories) {
  TempDir dir("empty");
  auto r = load_data(dir.path());
  ASSERT_FALSE(r.ok());
  expect_error(r.error(), Errc::kInvalidArgument, dir.path() + ": no .csv files in the directory");
  dir.write("notes.txt", "not a table\n");
  fs::create_directories(fs::path(dir.path()) / "sub.csv");  // a directory, not a file
  r = load_data(dir.path());
  ASSERT_FALSE(r.ok());
  expect_error(r.error(), Errc::kInvalidArgument, "no .csv files");

  const std::string missing = dir.path() + "/absent.csv";
  r = load_data(missing);
  ASSERT_FALSE(r.ok());
  expect_error(r.error(), Errc::kIo, missing);
  r = load_data(missing, "taiwan");
  ASSERT_FALSE(r.ok());
  expect_error(r.error(), Errc::kIo, missing);

  const std::string empty = dir.write("empty.csv", "");
  r = load_data(empty);
  ASSERT_FALSE(r.ok());
  expect_error(r.error(), Errc::kBadFormat, empty);
}

TEST(Dataset, DirectoryHash) {
  TempDir dir("hash");
  dir.write("a.csv", kAaveA);
  const std::string b = dir.write("b.csv", kAaveB);
  dir.write("notes.txt", "ignored\n");
  fs::create_directories(fs::path(dir.path()) / "sub.csv");
  auto d = load_data(dir.path());
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d.value().mapping, "aave");
  EXPECT_EQ(d.value().name, dir.path());
  EXPECT_EQ(d.value().table.labels, (std::vector<double>{1, 0, 0}));
  // The two files written above, hashed in a shell:
  //   for f in a.csv b.csv; do printf '%s\n%s\n' "$f" "$(stat -c %s "$f")"; cat "$f"; done | sha256sum
  EXPECT_EQ(d.value().sha256, "b7e772e7796ab5d7a978be60080b066f23e3284c424faa5ee320dc683b8dacb4");

  // Files that are not *.csv do not count; the hash does not depend on the directory's name.
  dir.write("more-notes.md", "still ignored\n");
  auto again = load_data(dir.path() + "/");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.value().sha256, d.value().sha256);

  // One byte of b.csv changed (the last debt 170 -> 171): same command, new hash.
  std::string changed = kAaveB;
  changed.replace(changed.rfind("170"), 3, "171");
  dir.write("b.csv", changed);
  auto after = load_data(dir.path());
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after.value().sha256, "766588e3006434c94f0a3bd61d1ffeb6deb2e82626311201251f009c3a1c4d8c");
  // A renamed file changes it too (names are hashed).
  fs::rename(b, fs::path(dir.path()) / "c.csv");
  auto renamed = load_data(dir.path());
  ASSERT_TRUE(renamed.ok());
  EXPECT_NE(renamed.value().sha256, after.value().sha256);
  EXPECT_NE(renamed.value().sha256, d.value().sha256);
}

// "p<i>.csv", built by appends: GCC 12 warns (-Wrestrict, a false positive) on "p" + std::to_string(i).
std::string position_name(int i) {
  std::string name = "p";
  name += std::to_string(i);
  name += ".csv";
  return name;
}

TEST(Dataset, DirectoryFilesReadInNameOrder) {
  // Eight positions written in a scrambled order, each with its own collateral (so its own rows):
  // the samples come in file-name order, whatever order the directory lists them in.
  TempDir dir("order");
  const std::vector<int> order = {5, 1, 7, 0, 3, 6, 2, 4};
  for (const int i : order) {
    std::string text = "timestamp,healthFactor,totalCollateral (in USD),totalDebt (in USD)\n";
    for (int t = 0; t < 8; ++t) {
      text += std::to_string(t);
      text += t == 7 && i % 2 ? ",0.5," : ",1.5,";
      text += std::to_string(1000 + 100 * i);
      text += ",";
      text += std::to_string(10 * t);
      text += "\n";
    }
    dir.write(position_name(i), text);
  }
  std::vector<CsvTable> sorted;
  for (int i = 0; i < 8; ++i) {
    auto t = read_csv(dir.path() + "/" + position_name(i));
    ASSERT_TRUE(t.ok());
    sorted.push_back(std::move(t).value());
  }
  auto want = aave_features(sorted);
  ASSERT_TRUE(want.ok()) << want.error().message;
  auto d = load_data(dir.path());
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d.value().table.rows, want.value().rows);
  EXPECT_EQ(d.value().table.labels, want.value().labels);
  // p0: t = 6, 7 safe (labels 0, 0); p1: t = 6 (next 0.5: label 1); and so on.
  EXPECT_EQ(d.value().table.labels, (std::vector<double>{0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1}));
}

// --- features_from_json ---

CreditModel model_with(const std::string& mapping) {
  CreditModel m;
  m.mapping = mapping;
  m.feature_names = feature_names(mapping == "taiwan" ? kTaiwanMap : kAaveMap);
  return m;
}

void expect_json_error(const json& j, const CreditModel& m, const std::string& message) {
  auto f = features_from_json(j, m);
  ASSERT_FALSE(f.ok()) << j.dump();
  EXPECT_EQ(f.error().message, message) << j.dump();
}

TEST(DatasetJson, FeaturesByName) {
  const CreditModel m = model_with("taiwan");
  json j = {{"features", json::object()}};
  std::vector<double> want;
  for (std::size_t i = 0; i < m.feature_names.size(); ++i) {
    want.push_back(0.25 * static_cast<double>(i) - 1);
    j["features"][m.feature_names[i]] = want.back();
  }
  auto f = features_from_json(j, m);
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f.value(), want);  // the model's order, not the object's (nlohmann sorts keys)

  json missing = j;
  missing["features"].erase("max_delay");
  expect_json_error(missing, m, "features: missing field 'features.max_delay'");
  json unknown = j;
  unknown["features"]["age"] = 30;
  expect_json_error(
      unknown, m,
      "features: unknown feature 'age' (the model's features: " + json(m.feature_names).dump() + ")");
  for (const json& bad : {json("1.0"), json(true), json(nullptr), json::array({1})}) {
    json non_numeric = j;
    non_numeric["features"]["latest_delay"] = bad;
    expect_json_error(non_numeric, m, "features: features.latest_delay: expected a number");
  }
  expect_json_error({{"features", json::array({1, 2})}}, m,
                    "features: 'features' must be an object of name: number");
  expect_json_error(json::array({1, 2}), m, "features: expected a JSON object");
  expect_json_error(json(3), m, "features: expected a JSON object");
}

TEST(DatasetJson, History) {
  const CreditModel m = model_with("taiwan");
  const json j = {{"history",
                   {{"balances", {1000, 2000.5, -300}},
                    {"collateral", 50000},
                    {"debt", 6000},
                    {"repayments", {500, 0, 1500.25}},
                    {"delays", {0, 2, -1}}}}};
  auto f = features_from_json(j, m);
  ASSERT_TRUE(f.ok()) << f.error().message;
  auto want = history_features(
      BalanceHistory{{1000, 2000.5, -300}, 50000, 6000, {500, 0, 1500.25}, {0, 2, -1}}, kTaiwanMap);
  ASSERT_TRUE(want.ok());
  EXPECT_EQ(f.value(), want.value());

  auto without = [&](const std::string& key) {
    json k = j;
    k["history"].erase(key);
    return k;
  };
  auto with = [&](const std::string& key, const json& value) {
    json k = j;
    k["history"][key] = value;
    return k;
  };
  expect_json_error(without("balances"), m, "features: history: missing field 'balances'");
  expect_json_error(without("repayments"), m, "features: history: missing field 'repayments'");
  expect_json_error(without("delays"), m, "features: history: missing field 'delays'");
  expect_json_error(without("collateral"), m, "features: missing field 'history.collateral'");
  expect_json_error(without("debt"), m, "features: missing field 'history.debt'");
  expect_json_error(with("balances", 5), m, "features: history.balances: expected an array of numbers");
  expect_json_error(with("balances", {1, "2", 3}), m, "features: history.balances[1]: expected a number");
  expect_json_error(with("delays", {0, 1, nullptr}), m, "features: history.delays[2]: expected a number");
  expect_json_error(with("collateral", "50000"), m, "features: history.collateral: expected a number");
  expect_json_error(with("debt", json::array()), m, "features: history.debt: expected a number");
  expect_json_error({{"history", json::array()}}, m, "features: 'history' must be an object");
  // history_features' own checks: no balances, lengths.
  auto e = features_from_json(with("balances", json::array()), m);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().message.find("no balances"), std::string::npos);
  e = features_from_json(with("repayments", {1, 2}), m);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().message.find("needs 3 repayments and delays"), std::string::npos);

  // An aave model needs no repayments.
  const CreditModel a = model_with("aave");
  const json h = {{"history", {{"balances", {100, 83}}, {"collateral", 290}, {"debt", 207}}}};
  f = features_from_json(h, a);
  ASSERT_TRUE(f.ok()) << f.error().message;
  BalanceHistory bh;
  bh.balances = {100, 83};
  bh.collateral = 290;
  bh.debt = 207;
  EXPECT_EQ(f.value(), history_features(bh, kAaveMap).value());
  EXPECT_EQ(f.value().size(), 5u);
  // An aave model has no record shape; an unknown mapping is named.
  expect_json_error({{"LIMIT_BAL", 1}}, a, "features: expected a 'features' or a 'history' object");
  auto u = features_from_json(j, model_with("other"));
  ASSERT_FALSE(u.ok());
  EXPECT_NE(u.error().message.find("unknown feature mapping 'other'"), std::string::npos);
}

TEST(DatasetJson, TaiwanRecord) {
  const CreditModel m = model_with("taiwan");
  // Values that are not short decimals, so a lossy number round trip would show.
  json j = {{"LIMIT_BAL", 123456.789},
            {"BILL_AMT1", 0.1},
            {"BILL_AMT2", 1e-7},
            {"BILL_AMT3", -3.3e5},
            {"BILL_AMT4", 2.0 / 3},
            {"BILL_AMT5", 98765.4321},
            {"BILL_AMT6", 0},
            {"PAY_AMT1", 1.5},
            {"PAY_AMT2", 1.0 / 7},
            {"PAY_AMT3", 0},
            {"PAY_AMT4", 7000},
            {"PAY_AMT5", 3.25},
            {"PAY_AMT6", 12.5},
            {"PAY_0", 2},
            {"PAY_2", -1},
            {"PAY_3", 0},
            {"PAY_4", 1},
            {"PAY_5", -2},
            {"PAY_6", 3},
            {"SEX", 2},
            {"AGE", 40}};
  auto f = features_from_json(j, m);
  ASSERT_TRUE(f.ok()) << f.error().message;
  // The same values through a CSV row and taiwan_history, and as a history written out by hand
  // (balances BILL_AMT6..1, repayments PAY_AMT6..1, delays PAY_6..PAY_0).
  auto table = parse_csv(
      "LIMIT_BAL,BILL_AMT1,BILL_AMT2,BILL_AMT3,BILL_AMT4,BILL_AMT5,BILL_AMT6,PAY_AMT1,PAY_AMT2,PAY_AMT3,PAY_"
      "AMT4,"
      "PAY_AMT5,PAY_AMT6,PAY_0,PAY_2,PAY_3,PAY_4,PAY_5,PAY_6\n"
      "123456.789,0.1,1e-7,-3.3e5,0.66666666666666663,98765.4321,0,1.5,0.14285714285714285,0,7000,3.25,12.5,"
      "2,-1,0,1,-2,3\n",
      "record");
  ASSERT_TRUE(table.ok()) << table.error().message;
  auto h = taiwan_history(table.value(), 0);
  ASSERT_TRUE(h.ok()) << h.error().message;
  EXPECT_EQ(f.value(), history_features(h.value(), kTaiwanMap).value());
  const BalanceHistory by_hand{{0, 98765.4321, 2.0 / 3, -3.3e5, 1e-7, 0.1},
                               123456.789,
                               0.1,
                               {12.5, 3.25, 7000, 0, 1.0 / 7, 1.5},
                               {3, -2, 1, 0, -1, 2}};
  EXPECT_EQ(h.value().balances, by_hand.balances);
  EXPECT_EQ(h.value().repayments, by_hand.repayments);
  EXPECT_EQ(f.value(), history_features(by_hand, kTaiwanMap).value());

  for (const char* field : {"LIMIT_BAL", "BILL_AMT6", "PAY_AMT1", "PAY_0", "PAY_6"}) {
    json missing = j;
    missing.erase(field);
    expect_json_error(missing, m, "features: missing field '" + std::string(field) + "'");
    json text = j;
    text[field] = "12";
    expect_json_error(text, m, "features: " + std::string(field) + ": expected a number");
  }
  // PAY_1 does not exist in the data set: it is not asked for.
  EXPECT_TRUE(j.find("PAY_1") == j.end());
}

}  // namespace
}  // namespace zkc::ml
