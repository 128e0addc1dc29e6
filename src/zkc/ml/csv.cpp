// CSV parsing per RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180, section 2): records end with
// CRLF or LF, fields are separated by commas, a field may be enclosed in double quotes (then it may
// hold commas, quotes written "" and line breaks), and a quote may not appear inside an unquoted
// field. One pass over the text; unquoted cells are copied straight from the input.
#include "zkc/ml/csv.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <system_error>
#include <unordered_map>
#include <utility>

#include "zkc/base/io.hpp"

namespace zkc::ml {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::size_t kMaxQuotedCell = 40;  // longer cells are cut in error messages

// "column 'NAME'" for a data row cell under a header column, "column N" (1-based) otherwise.
std::string column_label(const std::vector<std::string>* header, std::size_t index) {
  if (header != nullptr && index < header->size()) return "column '" + (*header)[index] + "'";
  return "column " + std::to_string(index + 1);
}

std::string quote_cell(std::string_view cell) {
  const bool cut = cell.size() > kMaxQuotedCell;
  std::string out;
  out.reserve(kMaxQuotedCell + 5);
  out.push_back('\'');
  out.append(cut ? cell.substr(0, kMaxQuotedCell) : cell);
  if (cut) out.append("...");
  out.push_back('\'');
  return out;
}

std::string printable(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7F) return std::string("'") + c + "'";
  static constexpr char kHex[] = "0123456789abcdef";
  return std::string("byte 0x") + kHex[u >> 4] + kHex[u & 15];
}

bool only_line_ends(std::string_view text) {
  return text.find_first_not_of("\r\n") == std::string_view::npos;
}

// Reads one record starting at `pos` (which is not at the end of `text`) into `cells` (cleared
// first). On success `pos` is past the record's line end (or at the end of the text) and `line` is
// the line number after it. `header` is null while the header itself is read.
Status parse_record(std::string_view text, std::size_t& pos, std::size_t& line, const std::string& source,
                    const std::vector<std::string>* header, std::vector<std::string>& cells) {
  const std::size_t n = text.size();
  cells.clear();
  for (;;) {
    const std::size_t index = cells.size();
    bool quoted = false;
    if (pos < n && text[pos] == '"') {
      quoted = true;
      const std::size_t open_line = line;
      std::string& cell = cells.emplace_back();
      ++pos;
      for (;;) {
        const std::size_t q = text.find('"', pos);
        if (q == std::string_view::npos) {
          return make_error(Errc::kBadFormat, source + ": line " + std::to_string(open_line) + ", " +
                                                  column_label(header, index) +
                                                  ": quoted field is never closed");
        }
        const std::string_view chunk = text.substr(pos, q - pos);
        line += static_cast<std::size_t>(std::count(chunk.begin(), chunk.end(), '\n'));
        cell.append(chunk);
        if (q + 1 < n && text[q + 1] == '"') {  // "" stands for one quote
          cell.push_back('"');
          pos = q + 2;
          continue;
        }
        pos = q + 1;
        break;
      }
    } else {
      const std::size_t start = pos;
      while (pos < n) {
        const char c = text[pos];
        if (c == ',' || c == '\n' || c == '\r' || c == '"') break;
        ++pos;
      }
      if (pos < n && text[pos] == '"') {
        return make_error(Errc::kBadFormat, source + ": line " + std::to_string(line) + ", " +
                                                column_label(header, index) +
                                                ": a quote inside an unquoted field");
      }
      cells.emplace_back(text.substr(start, pos - start));
    }
    if (pos == n) return Status::success();  // the last record has no line end
    const char c = text[pos];
    if (c == ',') {
      ++pos;
      continue;
    }
    if (c == '\n') {
      ++pos;
      ++line;
      return Status::success();
    }
    if (c == '\r') {
      if (pos + 1 < n && text[pos + 1] == '\n') {
        pos += 2;
        ++line;
        return Status::success();
      }
      return make_error(Errc::kBadFormat, source + ": line " + std::to_string(line) + ", " +
                                              column_label(header, index) +
                                              ": a carriage return not followed by a line feed");
    }
    ZKC_ASSERT(quoted);  // an unquoted cell stops only at ',', '\n', '\r', '"' or the end
    return make_error(Errc::kBadFormat, source + ": line " + std::to_string(line) + ", " +
                                            column_label(header, index) + ": " + printable(c) +
                                            " after a closing quote");
  }
}

bool at_blank_line(std::string_view text, std::size_t pos) {
  return text[pos] == '\n' || (text[pos] == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n');
}

}  // namespace

bool parse_number(std::string_view cell, double& out) {
  const char* first = cell.data();
  const char* const last = cell.data() + cell.size();
  if (first != last && *first == '+') {
    ++first;
    if (first != last && (*first == '-' || *first == '+')) return false;  // one sign at most
  }
  if (first == last) return false;
  double value = 0.0;
  const auto [ptr, ec] = std::from_chars(first, last, value, std::chars_format::general);
  if (ec != std::errc() || ptr != last || !std::isfinite(value)) return false;
  out = value;
  return true;
}

Result<std::size_t> CsvTable::column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return i;
  }
  return make_error(Errc::kInvalidArgument, source + ": missing column '" + std::string(name) + "'");
}

Result<std::vector<double>> CsvTable::numeric_column(std::string_view name) const {
  ZKC_TRY(const std::size_t c, column(name));
  std::vector<double> values(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string& cell = rows[i][c];
    if (!parse_number(cell, values[i])) {
      return make_error(Errc::kBadFormat, source + ": line " + std::to_string(lines[i]) + ", column '" +
                                              header[c] + "': " + quote_cell(cell) + " is not a number");
    }
  }
  return values;
}

Result<CsvTable> parse_csv(std::string_view text, std::string source) {
  CsvTable table;
  table.source = std::move(source);
  const std::string& src = table.source;
  if (text.starts_with(kUtf8Bom)) text.remove_prefix(kUtf8Bom.size());
  if (only_line_ends(text)) return make_error(Errc::kBadFormat, src + ": empty file (no header)");

  std::size_t pos = 0;
  std::size_t line = 1;
  const Status header_status = parse_record(text, pos, line, src, nullptr, table.header);
  if (!header_status.ok()) return header_status.error();
  {
    std::unordered_map<std::string_view, std::size_t> seen;
    seen.reserve(table.header.size());
    for (std::size_t i = 0; i < table.header.size(); ++i) {
      const std::string& name = table.header[i];
      if (name.empty()) {
        return make_error(Errc::kBadFormat,
                          src + ": line 1, column " + std::to_string(i + 1) + ": empty column name");
      }
      const auto [it, inserted] = seen.emplace(name, i);
      if (!inserted) {
        return make_error(Errc::kBadFormat, src + ": line 1, column " + std::to_string(i + 1) +
                                                ": duplicate column name " + quote_cell(name) +
                                                " (also column " + std::to_string(it->second + 1) + ")");
      }
    }
  }

  const std::size_t width = table.header.size();
  const std::size_t estimate = static_cast<std::size_t>(std::count(text.begin() + pos, text.end(), '\n')) + 1;
  table.rows.reserve(estimate);
  table.lines.reserve(estimate);
  while (pos < text.size()) {
    if (at_blank_line(text, pos)) {
      if (only_line_ends(text.substr(pos))) break;  // blank lines at the end are ignored
      return make_error(Errc::kBadFormat, src + ": line " + std::to_string(line) +
                                              " has 0 cells, the header has " + std::to_string(width));
    }
    const std::size_t start_line = line;
    std::vector<std::string>& cells = table.rows.emplace_back();
    cells.reserve(width);
    const Status status = parse_record(text, pos, line, src, &table.header, cells);
    if (!status.ok()) return status.error();
    if (cells.size() != width) {
      return make_error(Errc::kBadFormat, src + ": line " + std::to_string(start_line) + " has " +
                                              std::to_string(cells.size()) + " cells, the header has " +
                                              std::to_string(width));
    }
    table.lines.push_back(start_line);
  }
  if (table.rows.empty()) return make_error(Errc::kBadFormat, src + ": no data rows");
  return table;
}

Result<CsvTable> read_csv(const std::string& path) {
  ZKC_TRY(const std::string text, read_text_file(path));
  return parse_csv(text, path);
}

}  // namespace zkc::ml
