// The monitor's input: a stream of position updates, one per line, as CSV with a header or as JSON
// lines. Each update names a position, optionally a time, and either its collateral-to-loan ratio or
// its collateral and debt (the ratio is then collateral / debt; a debt of 0 is an infinite ratio,
// which clamping bounds). Ratios are carried on the monitor's fixed-point grid (sparse_vector.hpp:
// round(ratio * kGrid), saturating at the int64 range). Parsing is strict: every error names the line
// and the column or key.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zkc/base/result.hpp"

namespace zkc::dp {

enum class StreamFormat { kCsv, kJsonl };

// "csv" or "jsonl" (also "json"); errors name the text.
Result<StreamFormat> parse_stream_format(std::string_view name);
// From a file name's extension (.csv, .jsonl, .json); error for others.
Result<StreamFormat> stream_format_of_path(std::string_view path);

// A decimal number ("1.2", "-0.05", "3") as an integer in units of 10^-decimals, exactly; errors name
// `what` and the text: not a number, more than `decimals` fractional digits, out of range.
Result<std::int64_t> parse_decimal(std::string_view text, int decimals, std::string_view what);

// One update. `position` points into the parsed line (valid until the next parse).
struct Update {
  std::string_view position;
  std::int64_t timestamp = 0;  // 0 when the stream has no time column
  std::int64_t ratio = 0;      // on the grid
};

// Recognized CSV columns (case-sensitive, as in the Aave exports of ../shared/data):
//   position: `position` or `user`;  time: `timestamp` (optional, integer seconds);
//   ratio: `ratio`, or `collateral`/`totalCollateral` with `debt`/`totalDebt`.
// JSON lines use the same keys: {"position": "0x..", "timestamp": 1652118487, "ratio": 1.31}
// (parsed with simdjson; a key given twice: the last one counts).
// Numbers are decimal (CSV: also exponent form, as in 6.03e+19); ratios must be finite and >= 0.
class StreamParser {
 public:
  explicit StreamParser(StreamFormat format);
  ~StreamParser();
  StreamParser(StreamParser&&) noexcept;
  StreamParser& operator=(StreamParser&&) noexcept;

  // Parses line `line_number` (1-based, without its newline). Returns nullopt for lines that carry no
  // update: the CSV header (the first line) and blank lines. Errors name the line and the column.
  Result<std::optional<Update>> parse_line(std::string_view line, std::uint64_t line_number);

  StreamFormat format() const { return format_; }
  bool has_header() const { return header_seen_; }

 private:
  Status parse_header(std::string_view line);
  Result<std::optional<Update>> parse_csv(std::string_view line, std::uint64_t line_number);
  Result<std::optional<Update>> parse_json(std::string_view line, std::uint64_t line_number);

  StreamFormat format_;
  bool header_seen_ = false;
  // CSV column indices (-1: absent) and the header's names for error messages.
  int position_col_ = -1, time_col_ = -1, ratio_col_ = -1, collateral_col_ = -1, debt_col_ = -1;
  int max_col_ = 0;
  std::vector<std::string> column_names_;
  std::vector<std::string_view> fields_;
  std::string json_position_;  // the JSON line's position (owned: the parsed document is temporary)
  struct Json;                 // simdjson's parser and a padded line buffer (stream.cpp)
  std::unique_ptr<Json> json_;
};

// ratio = collateral / debt on the grid (debt 0: the largest grid value); exposed for tests.
std::int64_t ratio_to_grid(double ratio);

}  // namespace zkc::dp
