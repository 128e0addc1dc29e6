#include "zkc/dp/stream.hpp"

#include <simdjson.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include "zkc/dp/sparse_vector.hpp"

namespace zkc::dp {
namespace {

std::string line_error(std::uint64_t line_number, std::string_view what) {
  return "line " + std::to_string(line_number) + ": " + std::string(what);
}

std::string show_text(std::string_view text) {
  constexpr std::size_t kShown = 40;
  std::string out;
  out += '"';
  out += text.substr(0, kShown);
  if (text.size() > kShown) out += "...";
  out += '"';
  return out;
}

// A finite decimal number; the whole field must be the number.
bool parse_double(std::string_view text, double& out) {
  if (text.empty()) return false;
  const char* first = text.data();
  if (*first == '+') ++first;  // from_chars takes no '+'
  const char* last = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(first, last, out, std::chars_format::general);
  return ec == std::errc() && ptr == last && std::isfinite(out);
}

bool parse_int64(std::string_view text, std::int64_t& out) {
  if (text.empty()) return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

std::string_view trim_cr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

bool is_blank(std::string_view line) {
  for (char c : line)
    if (c != ' ' && c != '\t') return false;
  return true;
}

}  // namespace

Result<StreamFormat> parse_stream_format(std::string_view name) {
  if (name == "csv") return StreamFormat::kCsv;
  if (name == "jsonl" || name == "json") return StreamFormat::kJsonl;
  return make_error(Errc::kInvalidArgument, "unknown stream format " + show_text(name) + " (csv or jsonl)");
}

Result<StreamFormat> stream_format_of_path(std::string_view path) {
  auto ends_with = [&](std::string_view suffix) {
    return path.size() >= suffix.size() && path.substr(path.size() - suffix.size()) == suffix;
  };
  if (ends_with(".csv")) return StreamFormat::kCsv;
  if (ends_with(".jsonl") || ends_with(".json")) return StreamFormat::kJsonl;
  return make_error(Errc::kInvalidArgument, "cannot tell the format of " + show_text(path) +
                                                " from its extension (.csv, .jsonl): name it with --format");
}

Result<std::int64_t> parse_decimal(std::string_view text, int decimals, std::string_view what) {
  ZKC_ASSERT(decimals >= 0 && decimals <= 18);
  auto bad = [&](std::string_view why) {
    return make_error(Errc::kInvalidArgument,
                      std::string(what) + ": " + show_text(text) + " " + std::string(why));
  };
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  const std::size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view{} : s.substr(dot + 1);
  if (whole.empty() && frac.empty()) return bad("is not a decimal number");
  for (char c : whole)
    if (c < '0' || c > '9') return bad("is not a decimal number");
  for (char c : frac)
    if (c < '0' || c > '9') return bad("is not a decimal number");
  // Trailing zeros carry no precision ("1.50000" is 1.5).
  while (frac.size() > static_cast<std::size_t>(decimals) && frac.back() == '0') frac.remove_suffix(1);
  if (frac.size() > static_cast<std::size_t>(decimals))
    return bad("has more than " + std::to_string(decimals) + " decimals (the resolution is 1e-" +
               std::to_string(decimals) + ")");
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  std::int64_t value = 0;
  for (char c : whole) {
    if (value > (kMax - (c - '0')) / 10) return bad("is out of range");
    value = value * 10 + (c - '0');
  }
  for (int i = 0; i < decimals; ++i) {
    const int digit = static_cast<std::size_t>(i) < frac.size() ? frac[static_cast<std::size_t>(i)] - '0' : 0;
    if (value > (kMax - digit) / 10) return bad("is out of range");
    value = value * 10 + digit;
  }
  return negative ? -value : value;
}

std::int64_t ratio_to_grid(double ratio) {
  ZKC_ASSERT(!(ratio < 0));  // callers reject negative values and NaN
  const double scaled = ratio * static_cast<double>(kGrid);
  // 2^63 as a double: anything at or above saturates (including +infinity).
  if (!(scaled < 9223372036854775808.0)) return std::numeric_limits<std::int64_t>::max();
  return static_cast<std::int64_t>(std::floor(scaled + 0.5));
}

Result<std::optional<Update>> StreamParser::parse_line(std::string_view line, std::uint64_t line_number) {
  line = trim_cr(line);
  if (format_ == StreamFormat::kCsv && !header_seen_) {
    if (Status st = parse_header(line); !st)
      return make_error(st.error().code, line_error(line_number, st.error().message));
    header_seen_ = true;
    return std::optional<Update>{};
  }
  if (is_blank(line)) return std::optional<Update>{};
  return format_ == StreamFormat::kCsv ? parse_csv(line, line_number) : parse_json(line, line_number);
}

Status StreamParser::parse_header(std::string_view line) {
  // A refused header leaves nothing behind: the next line is read as a header again, from scratch.
  column_names_.clear();
  position_col_ = time_col_ = ratio_col_ = collateral_col_ = debt_col_ = -1;
  max_col_ = 0;
  int index = 0;
  for (std::size_t start = 0;; ++index) {
    const std::size_t comma = line.find(',', start);
    std::string_view name =
        line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    column_names_.emplace_back(name);
    auto take = [&](int& col, std::string_view role) -> Status {
      if (col >= 0)
        return make_error(Errc::kBadFormat, "CSV header names the " + std::string(role) + " twice (columns " +
                                                show_text(column_names_[static_cast<std::size_t>(col)]) +
                                                " and " + show_text(name) + ")");
      col = index;
      return {};
    };
    Status st;
    if (name == "position" || name == "user")
      st = take(position_col_, "position");
    else if (name == "timestamp")
      st = take(time_col_, "time");
    else if (name == "ratio")
      st = take(ratio_col_, "ratio");
    else if (name == "collateral" || name == "totalCollateral")
      st = take(collateral_col_, "collateral");
    else if (name == "debt" || name == "totalDebt")
      st = take(debt_col_, "debt");
    if (!st) return st;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (position_col_ < 0)
    return make_error(Errc::kBadFormat, "CSV header has no position column (`position` or `user`)");
  const bool has_pair = collateral_col_ >= 0 && debt_col_ >= 0;
  if (ratio_col_ < 0 && !has_pair)
    return make_error(Errc::kBadFormat,
                      "CSV header has no `ratio` column and no `collateral`/`totalCollateral` with "
                      "`debt`/`totalDebt` pair");
  if (ratio_col_ >= 0) collateral_col_ = debt_col_ = -1;  // an explicit ratio wins
  max_col_ = std::max({position_col_, time_col_, ratio_col_, collateral_col_, debt_col_});
  return {};
}

Result<std::optional<Update>> StreamParser::parse_csv(std::string_view line, std::uint64_t line_number) {
  fields_.clear();
  std::size_t start = 0;
  while (static_cast<int>(fields_.size()) <= max_col_) {
    const void* hit = std::memchr(line.data() + start, ',', line.size() - start);
    const std::size_t comma =
        hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - line.data()) : line.size();
    fields_.push_back(line.substr(start, comma - start));
    if (!hit) break;
    start = comma + 1;
  }
  if (static_cast<int>(fields_.size()) <= max_col_)
    return make_error(
        Errc::kBadFormat,
        line_error(line_number, "has " + std::to_string(fields_.size()) + " fields; the header's column " +
                                    show_text(column_names_[static_cast<std::size_t>(max_col_)]) +
                                    " is field " + std::to_string(max_col_ + 1)));
  auto column = [&](int col) { return show_text(column_names_[static_cast<std::size_t>(col)]); };
  Update u;
  u.position = fields_[static_cast<std::size_t>(position_col_)];
  if (u.position.empty())
    return make_error(Errc::kBadFormat,
                      line_error(line_number, "column " + column(position_col_) + " is empty"));
  if (u.position.front() == '"')
    return make_error(Errc::kBadFormat,
                      line_error(line_number, "column " + column(position_col_) +
                                                  " is quoted (quoted CSV fields are not supported)"));
  if (time_col_ >= 0 && !parse_int64(fields_[static_cast<std::size_t>(time_col_)], u.timestamp))
    return make_error(Errc::kBadFormat,
                      line_error(line_number, "column " + column(time_col_) + " is not an integer: " +
                                                  show_text(fields_[static_cast<std::size_t>(time_col_)])));
  auto number = [&](int col, double& out) -> Status {
    const std::string_view text = fields_[static_cast<std::size_t>(col)];
    if (!parse_double(text, out))
      return make_error(
          Errc::kBadFormat,
          line_error(line_number, "column " + column(col) + " is not a finite number: " + show_text(text)));
    if (out < 0)
      return make_error(Errc::kBadFormat, line_error(line_number, "column " + column(col) +
                                                                      " is negative: " + show_text(text)));
    return {};
  };
  if (ratio_col_ >= 0) {
    double ratio = 0;
    if (Status st = number(ratio_col_, ratio); !st) return st.error();
    u.ratio = ratio_to_grid(ratio);
  } else {
    double collateral = 0, debt = 0;
    if (Status st = number(collateral_col_, collateral); !st) return st.error();
    if (Status st = number(debt_col_, debt); !st) return st.error();
    u.ratio = debt == 0 ? std::numeric_limits<std::int64_t>::max() : ratio_to_grid(collateral / debt);
  }
  return std::optional<Update>{u};
}

namespace {

// The top-level members of one JSON line that the monitor reads.
enum JsonKey {
  kPosition,
  kUser,
  kTimestamp,
  kRatio,
  kCollateral,
  kTotalCollateral,
  kDebt,
  kTotalDebt,
  kJsonKeys
};
constexpr std::string_view kJsonKeyNames[kJsonKeys] = {
    "position", "user", "timestamp", "ratio", "collateral", "totalCollateral", "debt", "totalDebt"};

struct JsonValue {
  enum class Kind { kAbsent, kString, kInteger, kUnsigned, kFloat, kOther };
  Kind kind = Kind::kAbsent;
  std::string_view text;  // into the parser's document
  std::int64_t integer = 0;
  std::uint64_t unsigned_integer = 0;
  double number = 0;
  bool is_number() const { return kind == Kind::kInteger || kind == Kind::kUnsigned || kind == Kind::kFloat; }
  double as_double() const {
    return kind == Kind::kInteger    ? static_cast<double>(integer)
           : kind == Kind::kUnsigned ? static_cast<double>(unsigned_integer)
                                     : number;
  }
};

}  // namespace

struct StreamParser::Json {
  simdjson::dom::parser parser;
  std::string padded;  // the line, followed by SIMDJSON_PADDING bytes the parser may read
};

StreamParser::StreamParser(StreamFormat format) : format_(format) {
  if (format_ == StreamFormat::kJsonl) json_ = std::make_unique<Json>();
}
StreamParser::~StreamParser() = default;
StreamParser::StreamParser(StreamParser&&) noexcept = default;
StreamParser& StreamParser::operator=(StreamParser&&) noexcept = default;

Result<std::optional<Update>> StreamParser::parse_json(std::string_view line, std::uint64_t line_number) {
  Json& j = *json_;
  j.padded.assign(line);
  j.padded.append(simdjson::SIMDJSON_PADDING, '\0');
  simdjson::dom::element doc;
  if (j.parser.parse(j.padded.data(), line.size(), /*realloc_if_needed=*/false).get(doc) != simdjson::SUCCESS)
    return make_error(Errc::kBadFormat, line_error(line_number, "is not valid JSON"));
  simdjson::dom::object object;
  if (doc.get_object().get(object) != simdjson::SUCCESS)
    return make_error(Errc::kBadFormat, line_error(line_number, "is not a JSON object"));
  JsonValue values[kJsonKeys];
  for (simdjson::dom::key_value_pair member : object) {
    int key = -1;
    for (int i = 0; i < kJsonKeys; ++i)
      if (member.key == kJsonKeyNames[i]) key = i;
    if (key < 0) continue;
    JsonValue& v = values[key];
    v = JsonValue{};
    switch (member.value.type()) {
      case simdjson::dom::element_type::STRING:
        v.kind = JsonValue::Kind::kString;
        v.text = member.value.get_string().value_unsafe();
        break;
      case simdjson::dom::element_type::INT64:
        v.kind = JsonValue::Kind::kInteger;
        v.integer = member.value.get_int64().value_unsafe();
        break;
      case simdjson::dom::element_type::UINT64:
        v.kind = JsonValue::Kind::kUnsigned;
        v.unsigned_integer = member.value.get_uint64().value_unsafe();
        break;
      case simdjson::dom::element_type::DOUBLE:
        v.kind = JsonValue::Kind::kFloat;
        v.number = member.value.get_double().value_unsafe();
        break;
      default:
        v.kind = JsonValue::Kind::kOther;
    }
  }
  auto key_error = [&](std::string_view what) {
    return make_error(Errc::kBadFormat, line_error(line_number, what));
  };
  Update u;
  const JsonValue* position = nullptr;
  for (JsonKey key : {kPosition, kUser})
    if (values[key].kind != JsonValue::Kind::kAbsent) {
      if (position) return key_error("has both \"position\" and \"user\"");
      position = &values[key];
    }
  if (!position) return key_error("has no \"position\" (or \"user\") key");
  if (position->kind != JsonValue::Kind::kString || position->text.empty())
    return key_error("\"position\" is not a non-empty string");
  json_position_.assign(position->text);
  u.position = json_position_;
  if (const JsonValue& t = values[kTimestamp]; t.kind != JsonValue::Kind::kAbsent) {
    if (t.kind == JsonValue::Kind::kUnsigned) {
      if (t.unsigned_integer > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        return key_error("\"timestamp\" is out of range");
      u.timestamp = static_cast<std::int64_t>(t.unsigned_integer);
    } else if (t.kind == JsonValue::Kind::kInteger) {
      u.timestamp = t.integer;
    } else {
      return key_error("\"timestamp\" is not an integer");
    }
  }
  auto number = [&](JsonKey first, int second, double& out) -> Result<bool> {
    const JsonValue* found = nullptr;
    JsonKey name = first;
    for (int key : {static_cast<int>(first), second}) {
      if (key < 0 || values[key].kind == JsonValue::Kind::kAbsent) continue;
      if (found)
        return make_error(Errc::kBadFormat,
                          line_error(line_number, "has both " + show_text(kJsonKeyNames[first]) + " and " +
                                                      show_text(kJsonKeyNames[second])));
      found = &values[key];
      name = static_cast<JsonKey>(key);
    }
    if (!found) return false;
    if (!found->is_number() || !std::isfinite(found->as_double()))
      return make_error(Errc::kBadFormat,
                        line_error(line_number, show_text(kJsonKeyNames[name]) + " is not a finite number"));
    out = found->as_double();
    if (out < 0)
      return make_error(Errc::kBadFormat,
                        line_error(line_number, show_text(kJsonKeyNames[name]) + " is negative"));
    return true;
  };
  double ratio = 0, collateral = 0, debt = 0;
  ZKC_TRY(const bool has_ratio, number(kRatio, -1, ratio));
  if (has_ratio) {
    u.ratio = ratio_to_grid(ratio);
    return std::optional<Update>{u};
  }
  ZKC_TRY(const bool has_collateral, number(kCollateral, kTotalCollateral, collateral));
  ZKC_TRY(const bool has_debt, number(kDebt, kTotalDebt, debt));
  if (!has_collateral || !has_debt) return key_error("has no \"ratio\" and no \"collateral\" with \"debt\"");
  u.ratio = debt == 0 ? std::numeric_limits<std::int64_t>::max() : ratio_to_grid(collateral / debt);
  return std::optional<Update>{u};
}

}  // namespace zkc::dp
