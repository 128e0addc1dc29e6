// CSV loader: RFC 4180 quoting and line ends, a random round trip through an independent writer,
// every error with its code and the line/column it names, parse_number against strtod, and the UCI
// Taiwan credit-default file (30,000 rows, 24 columns, 6636 defaults: counted with awk).
#include "zkc/ml/csv.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "testing/testing.hpp"

namespace zkc::ml {
namespace {

using Rows = std::vector<std::vector<std::string>>;

CsvTable parse_ok(std::string_view text) {
  auto table = parse_csv(text, "t.csv");
  EXPECT_TRUE(table.ok()) << (table.ok() ? "" : table.error().message);
  return table.ok() ? std::move(table).value() : CsvTable{};
}

// Expects a kBadFormat error from parse_csv whose message is exactly `message`.
void expect_error(std::string_view text, const std::string& message) {
  const auto table = parse_csv(text, "data.csv");
  ASSERT_FALSE(table.ok()) << "accepted: " << text;
  EXPECT_EQ(table.error().code, Errc::kBadFormat);
  EXPECT_EQ(table.error().message, message);
}

TEST(CsvParse, PlainTableWithAndWithoutFinalNewline) {
  for (const std::string_view text : {"a,b,c\n1,2,3\n4,5,6\n", "a,b,c\n1,2,3\n4,5,6"}) {
    const CsvTable t = parse_ok(text);
    EXPECT_EQ(t.source, "t.csv");
    EXPECT_EQ(t.header, (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(t.rows, (Rows{{"1", "2", "3"}, {"4", "5", "6"}}));
    EXPECT_EQ(t.lines, (std::vector<std::size_t>{2, 3}));
    EXPECT_EQ(t.num_rows(), 2u);
  }
}

TEST(CsvParse, QuotedFieldsEscapesAndEmbeddedLineBreaks) {
  // "a,b" keeps its comma, "" is one quote, a quoted field may span lines (the next row's line
  // number counts them), and empty cells (quoted or not) are kept.
  const CsvTable t = parse_ok(
      "name,\"x,y\",z\n"
      "\"a,b\",\"say \"\"hi\"\"\",\n"
      "\"two\nlines\",\"\",\"\"\"\"\n"
      ",,\"crlf\r\ninside\"\n"
      "last,1,2\n");
  EXPECT_EQ(t.header, (std::vector<std::string>{"name", "x,y", "z"}));
  EXPECT_EQ(t.rows, (Rows{{"a,b", "say \"hi\"", ""},
                          {"two\nlines", "", "\""},
                          {"", "", "crlf\r\ninside"},
                          {"last", "1", "2"}}));
  EXPECT_EQ(t.lines, (std::vector<std::size_t>{2, 3, 5, 7}));
}

TEST(CsvParse, CrlfLineEndsAndBom) {
  const CsvTable t = parse_ok("\xEF\xBB\xBFid,v\r\n1,\"a\"\r\n2,b\r\n");
  EXPECT_EQ(t.header, (std::vector<std::string>{"id", "v"}));
  EXPECT_EQ(t.rows, (Rows{{"1", "a"}, {"2", "b"}}));
  EXPECT_EQ(t.lines, (std::vector<std::size_t>{2, 3}));
  // Mixed line ends are fine too.
  EXPECT_EQ(parse_ok("id,v\n1,a\r\n2,b").rows, (Rows{{"1", "a"}, {"2", "b"}}));
}

TEST(CsvParse, TrailingBlankLinesAreIgnored) {
  for (const std::string_view text : {"a,b\n1,2\n\n", "a,b\r\n1,2\r\n\r\n", "a,b\n1,2\n\n\r\n\n"}) {
    const CsvTable t = parse_ok(text);
    EXPECT_EQ(t.rows, (Rows{{"1", "2"}})) << text;
  }
  // A single-column table: a quoted empty cell is a row, a blank line at the end is not.
  EXPECT_EQ(parse_ok("a\n\"\"\n\n").rows, (Rows{{""}}));
}

// An RFC 4180 writer written independently of the parser: quote a cell when it holds a comma, a
// quote, CR or LF (or at random), doubling its quotes.
std::string write_cell(const std::string& cell, bool force_quotes) {
  if (!force_quotes && cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string out = "\"";
  for (const char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

TEST(CsvParse, RandomRoundTripThroughAnIndependentWriter) {
  auto g = testing::rng(41);
  const std::string alphabet = "ab1.-,\"\r\n ";
  for (int iter = 0; iter < 300; ++iter) {
    const std::size_t width = 1 + g() % 5;
    const std::size_t height = 1 + g() % 6;
    Rows table(height + 1, std::vector<std::string>(width));
    for (std::size_t r = 0; r <= height; ++r) {
      for (std::size_t c = 0; c < width; ++c) {
        std::string& cell = table[r][c];
        const std::size_t len = r == 0 ? 1 + g() % 4 : g() % 5;
        for (std::size_t k = 0; k < len; ++k) cell += alphabet[g() % alphabet.size()];
        if (r == 0) cell += '#' + std::to_string(c);  // header names non-empty and unique
      }
    }
    // A single-column row whose one cell is empty must be quoted, or it would be a blank line.
    std::string text;
    std::vector<std::size_t> expected_lines;
    std::size_t line = 1;
    for (std::size_t r = 0; r <= height; ++r) {
      if (r > 0) expected_lines.push_back(line);
      for (std::size_t c = 0; c < width; ++c) {
        if (c > 0) text += ',';
        const bool force = g() % 4 == 0 || (width == 1 && table[r][c].empty());
        text += write_cell(table[r][c], force);
        for (const char ch : table[r][c]) line += ch == '\n' ? 1 : 0;
      }
      if (r < height || g() % 2 == 0) text += g() % 2 == 0 ? "\r\n" : "\n";
      ++line;
    }
    const auto parsed = parse_csv(text, "rt.csv");
    ASSERT_TRUE(parsed.ok()) << parsed.error().message << "\n" << text;
    EXPECT_EQ(parsed.value().header, table[0]) << text;
    EXPECT_EQ(parsed.value().rows, Rows(table.begin() + 1, table.end())) << text;
    EXPECT_EQ(parsed.value().lines, expected_lines) << text;
  }
}

TEST(CsvErrors, EmptyFile) {
  for (const std::string_view text : {"", "\n", "\r\n\n", "\xEF\xBB\xBF"}) {
    expect_error(text, "data.csv: empty file (no header)");
  }
}

TEST(CsvErrors, HeaderOnly) {
  for (const std::string_view text : {"a,b", "a,b\n", "a,b\r\n", "a,b\n\n\n"}) {
    expect_error(text, "data.csv: no data rows");
  }
}

TEST(CsvErrors, RaggedRowsNameTheirLine) {
  expect_error("a,b,c\n1,2,3\n1,2\n", "data.csv: line 3 has 2 cells, the header has 3");
  expect_error("a,b,c\n1,2,3\n1,2,3,4", "data.csv: line 3 has 4 cells, the header has 3");
  // The line number counts line breaks inside quoted fields.
  expect_error("a,b\n\"x\ny\",1\n\"p\nq\nr\",2\n1\n", "data.csv: line 7 has 1 cells, the header has 2");
  // A blank line in the middle is an error, even with a single column.
  expect_error("a,b\n1,2\n\n3,4\n", "data.csv: line 3 has 0 cells, the header has 2");
  expect_error("a\n1\n\r\n2\n", "data.csv: line 3 has 0 cells, the header has 1");
}

TEST(CsvErrors, BadHeaderNames) {
  expect_error("a,,c\n1,2,3\n", "data.csv: line 1, column 2: empty column name");
  expect_error("\na,b\n1,2\n", "data.csv: line 1, column 1: empty column name");
  expect_error("a,b,a\n1,2,3\n", "data.csv: line 1, column 3: duplicate column name 'a' (also column 1)");
  expect_error("x,\"a\",a\n1,2,3\n", "data.csv: line 1, column 3: duplicate column name 'a' (also column 2)");
}

TEST(CsvErrors, QuotingErrorsNameLineAndColumn) {
  expect_error("a,b\n1,\"open\n2,3\n", "data.csv: line 2, column 'b': quoted field is never closed");
  expect_error("a,\"b\n", "data.csv: line 1, column 2: quoted field is never closed");
  expect_error("a,b\n1,2\n\"x\"y,2\n", "data.csv: line 3, column 'a': 'y' after a closing quote");
  expect_error("a,b\n1,\"x\" \n", "data.csv: line 2, column 'b': ' ' after a closing quote");
  expect_error("a,b\n1,2,\"x\"\"\"z\n", "data.csv: line 2, column 3: 'z' after a closing quote");
  expect_error("a,b\n1,ab\"c\n", "data.csv: line 2, column 'b': a quote inside an unquoted field");
  expect_error("a,b\n1,2\r3,4\n",
               "data.csv: line 2, column 'b': a carriage return not followed by a line feed");
}

TEST(CsvColumns, LookupAndMissingColumn) {
  const CsvTable t = parse_ok("LIMIT_BAL,AGE,default\n1,2,3\n");
  EXPECT_EQ(t.column("AGE").value(), 1u);
  EXPECT_EQ(t.column("default").value(), 2u);
  auto missing = parse_csv("LIMIT_BAL,AGE\n1,2\n", "data.csv").value().column("default");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(missing.error().message, "data.csv: missing column 'default'");
  const auto num = t.numeric_column("Age");  // names are case-sensitive
  ASSERT_FALSE(num.ok());
  EXPECT_EQ(num.error().message, "t.csv: missing column 'Age'");
}

TEST(CsvColumns, NumericColumnAndItsErrors) {
  const std::string text =
      "ID,AGE\n"
      "1,24\n"
      "2,\"-2\"\n"
      "3,1.5688813315679053e+18\n"
      "4,\"multi\nline\"\n"
      "5,abc\n";
  const CsvTable t = parse_csv(text, "data.csv").value();
  EXPECT_EQ(t.numeric_column("ID").value(), (std::vector<double>{1, 2, 3, 4, 5}));
  const auto age = t.numeric_column("AGE");
  ASSERT_FALSE(age.ok());
  EXPECT_EQ(age.error().code, Errc::kBadFormat);
  EXPECT_EQ(age.error().message, "data.csv: line 5, column 'AGE': 'multi\nline' is not a number");

  const CsvTable t2 = parse_csv("ID,AGE\n1,24\n2,30\n3,31\n4,32\n5,33\n6,abc\n", "data.csv").value();
  EXPECT_EQ(t2.numeric_column("AGE").error().message,
            "data.csv: line 7, column 'AGE': 'abc' is not a number");
  const CsvTable t3 = parse_csv("a,b\n1,\n", "data.csv").value();
  EXPECT_EQ(t3.numeric_column("b").error().message, "data.csv: line 2, column 'b': '' is not a number");
  // Long cells are cut in the message.
  const CsvTable t4 = parse_csv("a\n" + std::string(100, 'x') + "\n", "data.csv").value();
  EXPECT_EQ(t4.numeric_column("a").error().message,
            "data.csv: line 2, column 'a': '" + std::string(40, 'x') + "...' is not a number");
}

TEST(CsvNumber, AcceptsDecimalAndScientific) {
  const std::vector<std::pair<std::string, double>> good = {
      {"20000.0", 20000.0}, {"-2", -2.0},    {"0", 0.0},   {"-0", -0.0},
      {"+3", 3.0},          {"+0.5", 0.5},   {".5", 0.5},  {"5.", 5.0},
      {"1E3", 1000.0},      {"1e-3", 0.001}, {"007", 7.0}, {"1.5688813315679053e+18", 1.5688813315679053e+18},
      {"-1e+308", -1e308},
  };
  for (const auto& [text, want] : good) {
    double x = 12345.0;
    EXPECT_TRUE(parse_number(text, x)) << text;
    EXPECT_EQ(x, want) << text;
    EXPECT_EQ(std::signbit(x), std::signbit(want)) << text;
  }
}

TEST(CsvNumber, RejectsJunk) {
  for (const std::string text :
       {"",    " ",    " 1",    "1 ",   "1\t",  "\n1",      "1x", "x1",    "1,5",    "1.2.3", "nan",
        "NaN", "-nan", "inf",   "-inf", "+inf", "Infinity", "+",  "-",     "+-1",    "-+1",   "++1",
        "--1", "0x10", "0x1p3", "1e",   "e5",   "1e+",      ".",  "1e400", "-1e400", "1_000", "\"1\""}) {
    double x = 42.0;
    EXPECT_FALSE(parse_number(text, x)) << "'" << text << "'";
    EXPECT_EQ(x, 42.0) << "output written on failure for '" << text << "'";
  }
}

// Oracle: strtod, which on the alphabet below (no spaces, letters other than e/E, or 'x') reads the
// same grammar; out-of-range values (ERANGE) are skipped.
TEST(CsvNumber, AgreesWithStrtodOnRandomStrings) {
  auto g = testing::rng(42);
  const std::string alphabet = "0123456789+-.eE";
  int accepted = 0;
  for (int iter = 0; iter < 100000; ++iter) {
    std::string s;
    const std::size_t len = 1 + g() % 8;
    for (std::size_t k = 0; k < len; ++k) s += g() % 2 ? alphabet[g() % 10] : alphabet[g() % alphabet.size()];
    errno = 0;
    char* end = nullptr;
    const double want = std::strtod(s.c_str(), &end);
    if (errno == ERANGE) continue;
    const bool want_ok = end == s.c_str() + s.size();
    double got = 0.0;
    const bool got_ok = parse_number(s, got);
    ASSERT_EQ(got_ok, want_ok) << s;
    if (got_ok) {
      ++accepted;
      ASSERT_EQ(got, want) << s;
    }
  }
  EXPECT_GT(accepted, 1000);
}

TEST(CsvNumber, RoundTripsPrintedDoubles) {
  auto g = testing::rng(43);
  std::uniform_real_distribution<double> exponent(-300.0, 300.0);
  for (int iter = 0; iter < 20000; ++iter) {
    const double v =
        (g() % 2 ? -1.0 : 1.0) * std::pow(10.0, exponent(g)) * (1.0 + static_cast<double>(g() % 1000));
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    double got = 0.0;
    ASSERT_TRUE(parse_number(buf, got)) << buf;
    ASSERT_EQ(got, v) << buf;
  }
}

TEST(CsvTaiwan, LoadsTheUciCreditCardFile) {
  const std::string path = std::string(ZKC_SHARED_DATA_DIR) + "/taiwan_default/UCI_Credit_Card.csv";
  auto loaded = read_csv(path);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  const CsvTable& t = loaded.value();
  EXPECT_EQ(t.source, path);
  ASSERT_EQ(t.num_rows(), 30000u);
  ASSERT_EQ(t.header.size(), 24u);
  EXPECT_EQ(t.header.front(), "LIMIT_BAL");
  EXPECT_EQ(t.header[4], "AGE");
  EXPECT_EQ(t.header.back(), "default");
  EXPECT_EQ(t.lines.front(), 2u);
  EXPECT_EQ(t.lines.back(), 30001u);
  for (const std::string& name : t.header) EXPECT_TRUE(t.numeric_column(name).ok()) << name;

  const auto limit = t.numeric_column("LIMIT_BAL").value();
  const auto age = t.numeric_column("AGE").value();
  const auto bill1 = t.numeric_column("BILL_AMT1").value();
  const auto label = t.numeric_column("default").value();
  EXPECT_EQ(limit[0], 20000.0);
  EXPECT_EQ(age[0], 24.0);
  EXPECT_EQ(bill1[0], 3913.0);
  EXPECT_EQ(label[0], 1.0);
  EXPECT_EQ(limit.back(), 50000.0);
  // Column sums and the default count, computed independently with
  // `tr -d '\r' < UCI_Credit_Card.csv | awk -F, 'NR>1{a+=$1; b+=$5; c+=$12; s+=$24} END{...}'`.
  double sum_limit = 0, sum_age = 0, sum_bill1 = 0, positives = 0;
  for (std::size_t i = 0; i < t.num_rows(); ++i) {
    sum_limit += limit[i];
    sum_age += age[i];
    sum_bill1 += bill1[i];
    positives += label[i];
    ASSERT_TRUE(label[i] == 0.0 || label[i] == 1.0) << "row " << i;
  }
  EXPECT_EQ(sum_limit, 5024529680.0);
  EXPECT_EQ(sum_age, 1064565.0);
  EXPECT_EQ(sum_bill1, 1536699927.0);
  EXPECT_EQ(positives, 6636.0);
  EXPECT_NEAR(positives / 30000.0, 0.2212, 1e-12);
}

TEST(CsvErrors, ReadCsvOfAMissingFile) {
  const auto r = read_csv("/nonexistent/zkc/data.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::kIo);
  EXPECT_NE(r.error().message.find("/nonexistent/zkc/data.csv"), std::string::npos);
}

}  // namespace
}  // namespace zkc::ml
