// The monitor's stream parser: CSV with a header and JSON lines, the exact decimal parser of the CLI's
// policy options, and the ratio's fixed-point rounding; every malformed input must be refused with an
// error naming the line and the column or key.
#include "zkc/dp/stream.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "zkc/dp/sparse_vector.hpp"

namespace zkc::dp {
namespace {

constexpr std::int64_t kInf = std::numeric_limits<std::int64_t>::max();

Update parse_one(StreamParser& p, std::string_view line, std::uint64_t n = 2) {
  auto r = p.parse_line(line, n);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  EXPECT_TRUE(r.ok() && r.value().has_value());
  return r.ok() && r.value() ? *r.value() : Update{};
}

// The error of parsing `line` after `header`; the message must contain every one of `needles`.
void expect_csv_error(std::string_view header, std::string_view line,
                      std::initializer_list<std::string_view> needles) {
  StreamParser p(StreamFormat::kCsv);
  auto h = p.parse_line(header, 1);
  if (!h.ok()) {
    for (std::string_view n : needles)
      EXPECT_NE(h.error().message.find(n), std::string::npos) << h.error().message;
    return;
  }
  auto r = p.parse_line(line, 7);
  ASSERT_FALSE(r.ok()) << "accepted: " << line;
  for (std::string_view n : needles)
    EXPECT_NE(r.error().message.find(n), std::string::npos) << r.error().message;
}

void expect_json_error(std::string_view line, std::string_view needle) {
  StreamParser p(StreamFormat::kJsonl);
  auto r = p.parse_line(line, 3);
  ASSERT_FALSE(r.ok()) << "accepted: " << line;
  EXPECT_NE(r.error().message.find("line 3"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find(needle), std::string::npos) << r.error().message;
}

TEST(DpStream, CsvWithARatioColumn) {
  StreamParser p(StreamFormat::kCsv);
  auto header = p.parse_line("timestamp,position,ratio", 1);
  ASSERT_TRUE(header.ok());
  EXPECT_FALSE(header.value().has_value());
  const Update u = parse_one(p, "1652118487,0xabc,1.2345");
  EXPECT_EQ(u.position, "0xabc");
  EXPECT_EQ(u.timestamp, 1652118487);
  EXPECT_EQ(u.ratio, 12345);
  // CRLF line ends, blank lines, an exponent, a leading '+'.
  EXPECT_EQ(parse_one(p, "5,p,1.5\r").ratio, 15000);
  auto blank = p.parse_line("  ", 4);
  ASSERT_TRUE(blank.ok());
  EXPECT_FALSE(blank.value().has_value());
  EXPECT_EQ(parse_one(p, "5,p,1.5e0").ratio, 15000);
  EXPECT_EQ(parse_one(p, "5,p,+2").ratio, 20000);
  EXPECT_EQ(parse_one(p, "5,p,0").ratio, 0);
  EXPECT_EQ(parse_one(p, "5,p,1e300").ratio, kInf);  // saturates: clamping bounds it
}

// Regression (found by the dp_stream fuzz target): after a refused header, the next header attempt
// used the refused one's column indices against the new header's names (a use after free).
TEST(DpStream, ARefusedHeaderLeavesNoColumnsBehind) {
  StreamParser p(StreamFormat::kCsv);
  EXPECT_FALSE(p.parse_line("a,b,c,d,e,timestamp,timestamp", 1).ok());
  StreamParser q(StreamFormat::kCsv);
  EXPECT_FALSE(q.parse_line("a,b,c,d,e,f,ratio,ratio", 1).ok());
  auto second = q.parse_line("position,ratio", 2);  // a shorter header: the old indices were out of range
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(parse_one(q, "p,1.5").ratio, 15000);
  StreamParser r(StreamFormat::kCsv);
  EXPECT_FALSE(r.parse_line("timestamp,user,x,x,x,timestamp", 1).ok());
  auto third = r.parse_line("ratio", 2);
  ASSERT_FALSE(third.ok());
  EXPECT_NE(third.error().message.find("no position column"), std::string::npos) << third.error().message;
}

TEST(DpStream, CsvWithoutTimeAndWithExtraColumns) {
  StreamParser p(StreamFormat::kCsv);
  ASSERT_TRUE(p.parse_line("a,user,b,ratio,c", 1).ok());
  const Update u = parse_one(p, "x,0x1,y,0.75,z");
  EXPECT_EQ(u.position, "0x1");
  EXPECT_EQ(u.timestamp, 0);
  EXPECT_EQ(u.ratio, 7500);
  // Columns after the last one used are not needed.
  EXPECT_EQ(parse_one(p, "x,0x1,y,0.75").ratio, 7500);
}

TEST(DpStream, CollateralAndDebtGiveTheRatio) {
  StreamParser p(StreamFormat::kCsv);
  ASSERT_TRUE(p.parse_line("block,timestamp,user,totalCollateral,totalDebt,healthFactor", 1).ok());
  const Update u = parse_one(p, "14743752,1652118487,0x5e93,6.031218878206377e+19,4.2784803e+19,1.24");
  EXPECT_EQ(u.ratio, std::llround(6.031218878206377e+19 / 4.2784803e+19 * 10000));
  // No debt: an infinite ratio (the largest grid value); no collateral: 0.
  EXPECT_EQ(parse_one(p, "1,2,0x1,5.0,0.0,0").ratio, kInf);
  EXPECT_EQ(parse_one(p, "1,2,0x1,0.0,3.3e18,0").ratio, 0);
  // An explicit ratio column wins over the pair.
  StreamParser q(StreamFormat::kCsv);
  ASSERT_TRUE(q.parse_line("position,collateral,debt,ratio", 1).ok());
  EXPECT_EQ(parse_one(q, "p,1,1,2.5").ratio, 25000);
}

TEST(DpStream, CsvErrorsNameTheLineAndColumn) {
  expect_csv_error("timestamp,ratio", "", {"no position column"});
  expect_csv_error("position,timestamp", "", {"no `ratio` column"});
  expect_csv_error("position,collateral", "", {"no `ratio` column"});
  expect_csv_error("position,user,ratio", "", {"position twice", "\"position\"", "\"user\""});
  expect_csv_error("position,ratio,ratio", "", {"ratio twice"});
  expect_csv_error("position,timestamp,ratio", "p,1", {"line 7", "2 fields", "\"ratio\""});
  expect_csv_error("position,timestamp,ratio", ",1,1.0", {"line 7", "\"position\" is empty"});
  expect_csv_error("position,timestamp,ratio", "\"p\",1,1.0", {"line 7", "quoted"});
  expect_csv_error("position,timestamp,ratio", "p,1.5,1.0",
                   {"line 7", "\"timestamp\" is not an integer", "\"1.5\""});
  expect_csv_error("position,timestamp,ratio", "p,99999999999999999999,1.0",
                   {"\"timestamp\" is not an integer"});
  expect_csv_error("position,timestamp,ratio", "p,1,abc",
                   {"line 7", "\"ratio\" is not a finite number", "\"abc\""});
  expect_csv_error("position,timestamp,ratio", "p,1,", {"\"ratio\" is not a finite number"});
  expect_csv_error("position,timestamp,ratio", "p,1,nan", {"not a finite number"});
  expect_csv_error("position,timestamp,ratio", "p,1,inf", {"not a finite number"});
  expect_csv_error("position,timestamp,ratio", "p,1,1e400", {"not a finite number"});
  expect_csv_error("position,timestamp,ratio", "p,1,1.0x", {"not a finite number"});
  expect_csv_error("position,timestamp,ratio", "p,1,-0.5", {"line 7", "\"ratio\" is negative"});
  expect_csv_error("position,collateral,debt", "p,1,-2", {"\"debt\" is negative"});
  expect_csv_error("position,collateral,debt", "p,x,2", {"\"collateral\" is not a finite number"});
}

TEST(DpStream, JsonLines) {
  StreamParser p(StreamFormat::kJsonl);
  Update u = parse_one(p, R"({"position": "0xab", "timestamp": 17, "ratio": 1.31})", 1);
  EXPECT_EQ(u.position, "0xab");
  EXPECT_EQ(u.timestamp, 17);
  EXPECT_EQ(u.ratio, 13100);
  u = parse_one(p, R"({"user": "0xcd", "totalCollateral": 3e18, "totalDebt": 2e18})", 2);
  EXPECT_EQ(u.position, "0xcd");
  EXPECT_EQ(u.ratio, 15000);
  EXPECT_EQ(parse_one(p, R"({"position": "q", "collateral": 1, "debt": 0})").ratio, kInf);
  auto blank = p.parse_line("", 9);
  ASSERT_TRUE(blank.ok());
  EXPECT_FALSE(blank.value().has_value());
}

TEST(DpStream, JsonErrorsNameTheLineAndKey) {
  expect_json_error("{", "not valid JSON");
  expect_json_error("[1,2]", "not a JSON object");
  expect_json_error(R"({"ratio": 1})", "no \"position\"");
  expect_json_error(R"({"position": "a", "user": "b", "ratio": 1})", "both \"position\" and \"user\"");
  expect_json_error(R"({"position": 5, "ratio": 1})", "\"position\" is not a non-empty string");
  expect_json_error(R"({"position": "", "ratio": 1})", "\"position\" is not a non-empty string");
  expect_json_error(R"({"position": "a", "timestamp": 1.5, "ratio": 1})", "\"timestamp\" is not an integer");
  expect_json_error(R"({"position": "a", "timestamp": 18446744073709551615, "ratio": 1})",
                    "\"timestamp\" is out of range");
  expect_json_error(R"({"position": "a", "ratio": "1.2"})", "\"ratio\" is not a finite number");
  expect_json_error(R"({"position": "a", "ratio": -1})", "\"ratio\" is negative");
  expect_json_error(R"({"position": "a"})", "no \"ratio\"");
  expect_json_error(R"({"position": "a", "collateral": 1})", "no \"ratio\"");
  expect_json_error(R"({"position": "a", "collateral": 1, "totalCollateral": 2, "debt": 1})",
                    "both \"collateral\"");
}

TEST(DpStream, FormatNames) {
  EXPECT_EQ(parse_stream_format("csv").value(), StreamFormat::kCsv);
  EXPECT_EQ(parse_stream_format("jsonl").value(), StreamFormat::kJsonl);
  EXPECT_FALSE(parse_stream_format("xml").ok());
  EXPECT_EQ(stream_format_of_path("a/b.csv").value(), StreamFormat::kCsv);
  EXPECT_EQ(stream_format_of_path("b.jsonl").value(), StreamFormat::kJsonl);
  auto bad = stream_format_of_path("b.txt");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("--format"), std::string::npos);
}

TEST(DpStream, DecimalsAreExact) {
  struct Case {
    const char* text;
    int decimals;
    std::int64_t value;
  };
  for (const Case& c : {Case{"1.2", 4, 12000}, Case{"1.20000", 4, 12000}, Case{"0.0001", 4, 1},
                        Case{"3", 4, 30000}, Case{".5", 4, 5000}, Case{"5.", 4, 50000},
                        Case{"-0.05", 4, -500}, Case{"+7", 0, 7}, Case{"1.000001", 6, 1000001},
                        Case{"922337203685477.5807", 4, std::numeric_limits<std::int64_t>::max()}}) {
    auto r = parse_decimal(c.text, c.decimals, "--x");
    ASSERT_TRUE(r.ok()) << c.text << ": " << r.error().message;
    EXPECT_EQ(r.value(), c.value) << c.text;
  }
  for (const char* bad : {"", ".", "-", "1.2.3", "1,2", "abc", "1e3", " 1", "0x10", "--1"}) {
    auto r = parse_decimal(bad, 4, "--threshold");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.error().message.find("--threshold"), std::string::npos);
  }
  auto fine = parse_decimal("1.23456", 4, "--threshold");
  ASSERT_FALSE(fine.ok());
  EXPECT_NE(fine.error().message.find("more than 4 decimals"), std::string::npos) << fine.error().message;
  auto huge = parse_decimal("922337203685477.5808", 4, "--x");
  ASSERT_FALSE(huge.ok());
  EXPECT_NE(huge.error().message.find("out of range"), std::string::npos);
}

TEST(DpStream, RatioRoundingIsMonotoneAndSaturates) {
  EXPECT_EQ(ratio_to_grid(0.0), 0);
  EXPECT_EQ(ratio_to_grid(1.2), 12000);
  EXPECT_EQ(ratio_to_grid(0.00004), 0);
  EXPECT_EQ(ratio_to_grid(0.00006), 1);
  EXPECT_EQ(ratio_to_grid(std::numeric_limits<double>::infinity()), kInf);
  EXPECT_EQ(ratio_to_grid(1e15), kInf);
  EXPECT_EQ(ratio_to_grid(9e14), 9'000'000'000'000'000'000);
  // Monotone (a larger ratio never rounds lower), which the sensitivity argument needs.
  std::int64_t last = 0;
  for (double x = 0; x < 3; x += 0.000037) {
    const std::int64_t g = ratio_to_grid(x);
    EXPECT_GE(g, last);
    EXPECT_LE(std::abs(static_cast<double>(g) - x * kGrid), 0.5 + 1e-9);
    last = g;
  }
}

// The real Aave V2 histories of ../shared/data parse whole, with ratios matching an independent
// computation from the same columns (strtod).
TEST(DpStream, TheAaveHistoriesParse) {
  const std::filesystem::path dir = std::filesystem::path(ZKC_SHARED_DATA_DIR) / "aave_v2_positions";
  ASSERT_TRUE(std::filesystem::is_directory(dir)) << dir << " is missing";
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".csv") continue;
    ++files;
    std::ifstream in(entry.path());
    std::string line;
    StreamParser p(StreamFormat::kCsv);
    std::uint64_t n = 0, updates = 0;
    while (std::getline(in, line)) {
      auto r = p.parse_line(line, ++n);
      ASSERT_TRUE(r.ok()) << entry.path() << ": " << r.error().message;
      if (n == 1) continue;
      ASSERT_TRUE(r.value().has_value());
      ++updates;
      // columns: block,timestamp,user,totalCollateral,totalDebt,...
      std::vector<std::string> cols;
      std::stringstream ss(line);
      for (std::string c; std::getline(ss, c, ',');) cols.push_back(c);
      const double collateral = std::strtod(cols[3].c_str(), nullptr),
                   debt = std::strtod(cols[4].c_str(), nullptr);
      EXPECT_EQ(r.value()->position, cols[2]);
      EXPECT_EQ(r.value()->timestamp, std::stoll(cols[1]));
      if (debt > 0) {
        EXPECT_EQ(r.value()->ratio, std::llround(collateral / debt * kGrid)) << line;
      }
    }
    EXPECT_GE(updates, 13u);
  }
  EXPECT_EQ(files, 10);
}

}  // namespace
}  // namespace zkc::dp
