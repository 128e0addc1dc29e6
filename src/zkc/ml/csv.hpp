// CSV tables as data sets arrive (RFC 4180: comma separated, a header row, fields optionally in
// double quotes with "" for a quote, CRLF or LF line ends, a final newline optional).
// Every error names the source, and where it applies the 1-based line and the column name.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "zkc/base/result.hpp"

namespace zkc::ml {

struct CsvTable {
  std::string source;                          // the file name, for error messages
  std::vector<std::string> header;             // column names, unique, non-empty
  std::vector<std::vector<std::string>> rows;  // each row has header.size() cells
  std::vector<std::size_t> lines;              // rows[i] starts on line lines[i] of the source (1-based)

  std::size_t num_rows() const { return rows.size(); }
  // The index of a column; kInvalidArgument "<source>: missing column '<name>'" when absent.
  Result<std::size_t> column(std::string_view name) const;
  // A column's cells as numbers (decimal or scientific, optional sign; "nan"/"inf", empty cells and
  // trailing junk rejected): kBadFormat "<source>: line <n>, column '<name>': '<cell>' is not a number".
  Result<std::vector<double>> numeric_column(std::string_view name) const;
};

// Parses CSV text. Errors (kBadFormat): an empty input or a header only with no data row ("no data
// rows"), an empty or duplicate column name, a row whose cell count differs from the header's, an
// unterminated quote, a character after a closing quote.
Result<CsvTable> parse_csv(std::string_view text, std::string source);
// Reads and parses a file (kIo when it cannot be read).
Result<CsvTable> read_csv(const std::string& path);

// Parses one number as numeric_column does; false when `cell` is not a finite decimal number.
bool parse_number(std::string_view cell, double& out);

}  // namespace zkc::ml
