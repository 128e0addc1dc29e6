// libFuzzer target: the CSV loader on arbitrary bytes. A parsed table must be well formed (unique,
// non-empty column names; every row as wide as the header; line numbers increasing from 2), must
// survive numeric_column on every column, and must re-encode (RFC 4180 quoting) to text that parses
// back to the same header and cells.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "zkc/ml/csv.hpp"

namespace {

void require(bool cond) {
  if (!cond) std::abort();
}

void append_cell(std::string& out, const std::string& cell) {
  // Quoted when needed, when empty (a lone empty cell would be a blank line) and when it starts
  // with a UTF-8 byte order mark (which the parser skips at the start of the text).
  if (cell.find_first_of(",\"\r\n") == std::string::npos && !cell.empty() &&
      !cell.starts_with("\xEF\xBB\xBF")) {
    out += cell;
    return;
  }
  out += '"';
  for (const char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string encode(const zkc::ml::CsvTable& table) {
  std::string out;
  const auto append_row = [&out](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out += ',';
      append_cell(out, row[i]);
    }
    out += "\r\n";
  };
  append_row(table.header);
  for (const auto& row : table.rows) append_row(row);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = zkc::ml::parse_csv(text, "fuzz.csv");
  if (!parsed.ok()) {
    require(!parsed.error().message.empty());
    return 0;
  }
  const zkc::ml::CsvTable& table = parsed.value();
  require(!table.header.empty() && table.num_rows() > 0 && table.lines.size() == table.num_rows());
  std::size_t previous_line = 1;
  for (std::size_t i = 0; i < table.num_rows(); ++i) {
    require(table.rows[i].size() == table.header.size());
    require(table.lines[i] > previous_line);
    previous_line = table.lines[i];
  }
  for (std::size_t c = 0; c < table.header.size(); ++c) {
    require(!table.header[c].empty());
    require(table.column(table.header[c]).value() == c);  // names are unique
    if (auto values = table.numeric_column(table.header[c])) {
      require(values.value().size() == table.num_rows());
    } else {
      require(values.error().code == zkc::Errc::kBadFormat);
    }
  }
  const auto again = zkc::ml::parse_csv(encode(table), "fuzz.csv");
  require(again.ok());
  require(again.value().header == table.header && again.value().rows == table.rows);
  return 0;
}
