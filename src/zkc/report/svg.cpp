#include "zkc/report/svg.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <limits>

namespace zkc::report {
namespace {

constexpr double kHuge = 1e300;     // inputs are clamped to +-kHuge so that differences stay finite
constexpr double kCharWidth = 6.6;  // estimated width of a 12 px sans-serif character
constexpr char kTextColour[] = "#212529";
constexpr char kMutedColour[] = "#495057";
constexpr char kGridColour[] = "#e9ecef";

double sanitize(double v, double fallback) {
  if (!std::isfinite(v)) return fallback;
  return std::clamp(v, -kHuge, kHuge);
}

// Appends `v` formatted by to_chars (locale-free) with the given format and precision.
void append_chars(std::string& out, double v, std::chars_format fmt, int precision) {
  char buf[400];
  auto res = std::to_chars(buf, buf + sizeof(buf), v, fmt, precision);
  if (res.ec != std::errc()) {
    out += "0";
    return;
  }
  out.append(buf, res.ptr);
}

// Drops trailing zeros after a decimal point (and the point itself), and turns "-0" into "0".
void trim_fraction(std::string& s) {
  if (s.find('.') != std::string::npos && s.find('e') == std::string::npos) {
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
}

// Inserts commas between groups of three digits of the integer part ("12345.6" -> "12,345.6").
std::string group_thousands(const std::string& s) {
  std::size_t begin = (!s.empty() && s[0] == '-') ? 1 : 0;
  std::size_t end = s.find('.');
  if (end == std::string::npos) end = s.size();
  if (end - begin <= 3) return s;
  std::string out = s.substr(0, begin);
  for (std::size_t i = begin; i < end; ++i) {
    out += s[i];
    std::size_t left = end - i - 1;
    if (left > 0 && left % 3 == 0) out += ',';
  }
  out += s.substr(end);
  return out;
}

std::string fixed(double v, int decimals) {
  std::string s;
  append_chars(s, v, std::chars_format::fixed, decimals);
  if (s == "-0" || (s.size() > 1 && s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos)) {
    s = s.substr(1);
  }
  return s;
}

// Heckbert's nice number: 1, 2, 5 or 10 times a power of ten, rounded or taken as a ceiling.
double nice_number(double x, bool round) {
  double exponent = std::floor(std::log10(x));
  double power = std::pow(10.0, exponent);
  double f = x / power;
  double nf;
  if (round) {
    nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
  } else {
    nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  }
  return nf * power;
}

std::string pad2(long v) {
  std::string s = std::to_string(v);
  return s.size() < 2 ? "0" + s : s;
}

// The row layout of a legend drawn from x = left to x = right starting at baseline y: entries wrap.
struct LegendSlot {
  double x, y;
};
std::vector<LegendSlot> legend_layout(const std::vector<LegendEntry>& legend, double left, double right,
                                      double y) {
  std::vector<LegendSlot> slots;
  double x = left;
  for (const auto& e : legend) {
    double w = 20 + kCharWidth * static_cast<double>(e.name.size()) + 18;
    if (x > left && x + w > right) {
      x = left;
      y += 16;
    }
    slots.push_back({x, y});
    x += w;
  }
  return slots;
}

double legend_rows(const std::vector<LegendEntry>& legend, double left, double right) {
  auto slots = legend_layout(legend, left, right, 0);
  return slots.empty() ? 0 : slots.back().y / 16 + 1;
}

void append_legend(std::string& out, const std::vector<LegendEntry>& legend, double left, double right,
                   double y) {
  auto slots = legend_layout(legend, left, right, y);
  for (std::size_t i = 0; i < legend.size(); ++i) {
    const auto& e = legend[i];
    out += "<rect x=\"" + format_coord(slots[i].x) + "\" y=\"" + format_coord(slots[i].y - 8) +
           "\" width=\"16\" height=\"6\" fill=\"" + escape_html(e.colour) + "\"/>";
    out += "<text x=\"" + format_coord(slots[i].x + 20) + "\" y=\"" + format_coord(slots[i].y) +
           "\" fill=\"" + kTextColour + "\">" + escape_html(e.name) + "</text>";
  }
}

std::string svg_open(const std::string& id, const std::string& key_colour, const std::string& title,
                     double width, double height) {
  std::string w = format_coord(width), h = format_coord(height);
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" data-chart=\"" + escape_html(id) +
                    "\" data-colour=\"" + escape_html(key_colour) + "\" width=\"" + w + "\" height=\"" + h +
                    "\" viewBox=\"0 0 " + w + " " + h + "\" role=\"img\" aria-label=\"" + escape_html(title) +
                    "\" font-family=\"DejaVu Sans, Liberation Sans, Arial, sans-serif\" font-size=\"12\">";
  out += "<title>" + escape_html(title) + "</title>";
  out += "<rect x=\"0\" y=\"0\" width=\"" + w + "\" height=\"" + h + "\" fill=\"#ffffff\"/>";
  out += "<text x=\"12\" y=\"22\" font-size=\"15\" font-weight=\"bold\" fill=\"" + std::string(kTextColour) +
         "\">" + escape_html(title) + "</text>";
  return out;
}

// The text of `label` cut to at most `max_bytes` bytes on a UTF-8 character boundary, with an ellipsis.
std::string truncate_utf8(const std::string& label, std::size_t max_bytes) {
  if (label.size() <= max_bytes) return label;
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80) --cut;
  return label.substr(0, cut) + "\u2026";
}

bool within(double v, double a, double b) {
  double lo = std::min(a, b), hi = std::max(a, b);
  double tol = (hi - lo) * 1e-9;
  return v >= lo - tol && v <= hi + tol;
}

double clamp_to(double v, double a, double b) {
  if (!std::isfinite(v)) return std::isnan(v) ? a : (v > 0 ? std::max(a, b) : std::min(a, b));
  return std::clamp(v, std::min(a, b), std::max(a, b));
}

}  // namespace

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string format_coord(double v) {
  if (!std::isfinite(v)) return "0";
  std::string s = fixed(std::clamp(v, -1e9, 1e9), 2);
  trim_fraction(s);
  return s;
}

std::string format_number(double v, int significant) {
  if (!std::isfinite(v)) return "n/a";
  significant = std::clamp(significant, 1, 17);
  if (v == 0) return "0";
  double a = std::fabs(v);
  std::string s;
  if (a < 1e-4 || a >= 1e15) {
    append_chars(s, v, std::chars_format::scientific, significant - 1);
    // "1.500e+20" -> "1.5e+20"
    std::size_t e = s.find('e');
    std::string mantissa = s.substr(0, e), exponent = s.substr(e);
    if (mantissa.find('.') != std::string::npos) {
      while (mantissa.back() == '0') mantissa.pop_back();
      if (mantissa.back() == '.') mantissa.pop_back();
    }
    return mantissa + exponent;
  }
  int exponent = static_cast<int>(std::floor(std::log10(a)));
  int decimals = std::max(0, significant - 1 - exponent);
  s = fixed(v, decimals);
  trim_fraction(s);
  return group_thousands(s);
}

std::string format_tick(double v, double step) {
  int decimals = 0;
  if (std::isfinite(step) && step > 0) {
    decimals = std::clamp(static_cast<int>(-std::floor(std::log10(step) + 1e-9)), 0, 12);
  }
  if (!std::isfinite(v)) return "n/a";
  return group_thousands(fixed(v, decimals));
}

std::string format_date_utc(std::int64_t unix_seconds, bool with_time) {
  using namespace std::chrono;
  // Years -9999..9999 stay well inside the calendar's range.
  constexpr std::int64_t kLimit = 253402300799;  // 9999-12-31T23:59:59Z
  unix_seconds = std::clamp<std::int64_t>(unix_seconds, -kLimit, kLimit);
  std::int64_t day = unix_seconds / 86400;
  std::int64_t secs = unix_seconds % 86400;
  if (secs < 0) {
    secs += 86400;
    --day;
  }
  year_month_day ymd{sys_days{days{day}}};
  int y = static_cast<int>(ymd.year());
  long m = static_cast<long>(static_cast<unsigned>(ymd.month()));
  long d = static_cast<long>(static_cast<unsigned>(ymd.day()));
  if (with_time) return pad2(m) + "-" + pad2(d) + " " + pad2(secs / 3600) + ":" + pad2(secs % 3600 / 60);
  return std::to_string(y) + "-" + pad2(m) + "-" + pad2(d);
}

NiceTicks nice_ticks(double lo, double hi, int target_count) {
  lo = sanitize(lo, 0);
  hi = sanitize(hi, lo + 1);
  if (lo > hi) std::swap(lo, hi);
  if (hi - lo <= std::fabs(lo) * 1e-9) {
    double d = lo == 0 ? 1 : std::fabs(lo) * 0.1;
    lo -= d;
    hi += d;
  }
  target_count = std::clamp(target_count, 2, 20);
  double range = nice_number(hi - lo, false);
  double step = nice_number(range / (target_count - 1), true);
  NiceTicks t;
  t.step = step;
  t.lo = std::floor(lo / step) * step;
  t.hi = std::ceil(hi / step) * step;
  auto n = static_cast<long>(std::llround((t.hi - t.lo) / step));
  n = std::clamp(n, 1L, 63L);
  for (long i = 0; i <= n; ++i) {
    double v = t.lo + static_cast<double>(i) * step;
    if (std::fabs(v) < step * 1e-9) v = 0;
    t.values.push_back(v);
  }
  return t;
}

std::vector<Tick> date_ticks(double t0, double t1, int max_count) {
  constexpr double kLimit = 253402300799.0;
  t0 = std::clamp(sanitize(t0, 0), -kLimit, kLimit);
  t1 = std::clamp(sanitize(t1, t0 + 86400), -kLimit, kLimit);
  if (t0 > t1) std::swap(t0, t1);
  max_count = std::clamp(max_count, 2, 30);
  const double span = std::max(t1 - t0, 1.0);
  constexpr double kHour = 3600, kDay = 86400;
  const double candidates[] = {kHour,     2 * kHour, 3 * kHour,  6 * kHour,  12 * kHour,
                               kDay,      2 * kDay,  7 * kDay,   14 * kDay,  28 * kDay,
                               56 * kDay, 91 * kDay, 182 * kDay, 364 * kDay, 728 * kDay};
  double step = 0;
  for (double c : candidates) {
    if (span / c <= max_count) {
      step = c;
      break;
    }
  }
  if (step == 0) step = std::ceil(span / max_count / (364 * kDay)) * 364 * kDay;
  std::vector<Tick> ticks;
  for (double v = std::ceil(t0 / step) * step; v <= t1 && ticks.size() < 64; v += step) {
    ticks.push_back({v, format_date_utc(static_cast<std::int64_t>(v), step < kDay)});
  }
  return ticks;
}

LinearScale::LinearScale(double d0, double d1, double r0, double r1)
    : d0_(sanitize(d0, 0)), d1_(sanitize(d1, 1)), r0_(sanitize(r0, 0)), r1_(sanitize(r1, 1)) {
  if (d1_ == d0_) {
    double d = d0_ == 0 ? 1 : std::fabs(d0_) * 0.1;
    d0_ -= d;
    d1_ += d;
  }
}

double LinearScale::map(double v) const {
  if (!std::isfinite(v)) return r0_;
  double t = std::clamp((v - d0_) / (d1_ - d0_), -1e6, 1e6);
  return r0_ + t * (r1_ - r0_);
}

LogScale LogScale::covering(double min_positive, double max, double r0, double r1) {
  bool have_min = std::isfinite(min_positive) && min_positive > 0;
  bool have_max = std::isfinite(max) && max > 0;
  if (!have_min && have_max) min_positive = max;
  if (!have_max && have_min) max = min_positive;
  int e0 = 0, e1 = 1;
  if (have_min || have_max) {
    e0 = static_cast<int>(std::clamp(std::floor(std::log10(min_positive) + 1e-12), -12.0, 14.0));
    e1 = static_cast<int>(std::clamp(std::ceil(std::log10(max) - 1e-12), -12.0, 15.0));
    if (e1 <= e0) e1 = e0 + 1;
  }
  return LogScale(e0, e1, sanitize(r0, 0), sanitize(r1, 1));
}

double LogScale::map(double v) const {
  if (!(v > 0)) return r0_;
  double l = std::clamp(std::log10(v), static_cast<double>(e0_), static_cast<double>(e1_));
  return r0_ + (l - e0_) / (e1_ - e0_) * (r1_ - r0_);
}

PlotArea plot_area(const XYChart& chart) {
  double width = std::clamp(sanitize(chart.width, 760), 200.0, 4000.0);
  double height = std::clamp(sanitize(chart.height, 380), 160.0, 4000.0);
  double rows = legend_rows(chart.legend, 70, width - 28);
  double top = 50 + 16 * std::max(rows, 1.0);
  double bottom = height - (chart.note.empty() ? 52 : 68);
  return {70, width - 28, top, std::max(bottom, top + 40)};
}

std::string render_xy_chart(const XYChart& chart) {
  const PlotArea a = plot_area(chart);
  const double width = std::clamp(sanitize(chart.width, 760), 200.0, 4000.0);
  const double height = std::max(std::clamp(sanitize(chart.height, 380), 160.0, 4000.0),
                                 a.bottom + (chart.note.empty() ? 52 : 68));
  const LinearScale sx(chart.x.lo, chart.x.hi, a.left, a.right);
  const LinearScale sy(chart.y.lo, chart.y.hi, a.bottom, a.top);
  auto px = [&](double v) { return sx.map(clamp_to(v, sx.lo(), sx.hi())); };
  auto py = [&](double v) { return sy.map(clamp_to(v, sy.lo(), sy.hi())); };

  std::string out = svg_open(chart.id, chart.key_colour, chart.title, width, height);
  append_legend(out, chart.legend, a.left, a.right, 44);

  // Grid and tick labels.
  for (const auto& t : chart.y.ticks) {
    if (!within(t.value, sy.lo(), sy.hi())) continue;
    std::string y = format_coord(py(t.value));
    out += "<line x1=\"" + format_coord(a.left) + "\" x2=\"" + format_coord(a.right) + "\" y1=\"" + y +
           "\" y2=\"" + y + "\" stroke=\"" + kGridColour + "\"/>";
    out += "<text x=\"" + format_coord(a.left - 6) + "\" y=\"" + format_coord(py(t.value) + 4) +
           "\" text-anchor=\"end\" fill=\"" + kMutedColour + "\">" + escape_html(t.label) + "</text>";
  }
  for (const auto& t : chart.x.ticks) {
    if (!within(t.value, sx.lo(), sx.hi())) continue;
    std::string x = format_coord(px(t.value));
    out += "<line x1=\"" + x + "\" x2=\"" + x + "\" y1=\"" + format_coord(a.top) + "\" y2=\"" +
           format_coord(a.bottom) + "\" stroke=\"" + kGridColour + "\"/>";
    out += "<text x=\"" + x + "\" y=\"" + format_coord(a.bottom + 17) + "\" text-anchor=\"middle\" fill=\"" +
           kMutedColour + "\">" + escape_html(t.label) + "</text>";
  }
  // Axes and their labels.
  out += "<path d=\"M" + format_coord(a.left) + " " + format_coord(a.top) + "V" + format_coord(a.bottom) +
         "H" + format_coord(a.right) + "\" fill=\"none\" stroke=\"" + kMutedColour + "\"/>";
  if (!chart.x.label.empty()) {
    out += "<text x=\"" + format_coord((a.left + a.right) / 2) + "\" y=\"" + format_coord(a.bottom + 38) +
           "\" text-anchor=\"middle\" fill=\"" + kTextColour + "\">" + escape_html(chart.x.label) + "</text>";
  }
  if (!chart.y.label.empty()) {
    std::string cy = format_coord((a.top + a.bottom) / 2);
    out += "<text x=\"18\" y=\"" + cy + "\" transform=\"rotate(-90 18 " + cy +
           ")\" text-anchor=\"middle\" fill=\"" + kTextColour + "\">" + escape_html(chart.y.label) +
           "</text>";
  }
  // Reference lines.
  for (const auto& h : chart.hlines) {
    std::string y = format_coord(py(h.value));
    out += "<line x1=\"" + format_coord(a.left) + "\" x2=\"" + format_coord(a.right) + "\" y1=\"" + y +
           "\" y2=\"" + y + "\" stroke=\"" + escape_html(h.colour) +
           "\" stroke-width=\"2\" stroke-dasharray=\"8 5\"/>";
    if (!h.label.empty()) {
      out += "<text x=\"" + format_coord(a.right - 4) + "\" y=\"" + format_coord(py(h.value) - 6) +
             "\" text-anchor=\"end\" fill=\"" + escape_html(h.colour) + "\">" + escape_html(h.label) +
             "</text>";
    }
  }
  for (const auto& v : chart.vlines) {
    double x = px(v.value);
    std::string xs = format_coord(x);
    out += "<line x1=\"" + xs + "\" x2=\"" + xs + "\" y1=\"" + format_coord(a.top) + "\" y2=\"" +
           format_coord(a.bottom) + "\" stroke=\"" + escape_html(v.colour) +
           "\" stroke-width=\"2\" stroke-dasharray=\"8 5\"/>";
    if (!v.label.empty()) {
      bool right_half = x > (a.left + a.right) / 2;
      out += "<text x=\"" + format_coord(right_half ? x - 6 : x + 6) + "\" y=\"" + format_coord(a.top + 14) +
             "\" text-anchor=\"" + (right_half ? "end" : "start") + "\" fill=\"" + escape_html(v.colour) +
             "\">" + escape_html(v.label) + "</text>";
    }
  }
  // Series.
  for (const auto& s : chart.series) {
    if (s.points.empty()) continue;
    std::string colour = escape_html(s.colour);
    double w = std::clamp(sanitize(s.width, 2.5), 0.5, 10.0);
    if (s.points.size() == 1) {
      out += "<circle cx=\"" + format_coord(px(s.points[0].x)) + "\" cy=\"" +
             format_coord(py(s.points[0].y)) + "\" r=\"" + format_coord(w * 1.6) + "\" fill=\"" + colour +
             "\"/>";
      continue;
    }
    out += "<polyline fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"" + format_coord(w) +
           "\" stroke-linejoin=\"round\" stroke-linecap=\"round\" points=\"";
    for (std::size_t i = 0; i < s.points.size(); ++i) {
      if (i) out += ' ';
      out += format_coord(px(s.points[i].x)) + "," + format_coord(py(s.points[i].y));
    }
    out += "\"/>";
  }
  // Markers on top.
  for (const auto& m : chart.markers) {
    double x = px(m.at.x), y = py(m.at.y);
    double r = std::clamp(sanitize(m.radius, 5), 1.0, 20.0);
    out += "<circle cx=\"" + format_coord(x) + "\" cy=\"" + format_coord(y) + "\" r=\"" + format_coord(r) +
           "\" fill=\"" + escape_html(m.colour) + "\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>";
    if (!m.label.empty()) {
      bool right_half = x > (a.left + a.right) / 2;
      double ty = y - r - 6 < a.top + 12 ? y + r + 16 : y - r - 6;
      out += "<text x=\"" + format_coord(right_half ? x - r - 4 : x + r + 4) + "\" y=\"" + format_coord(ty) +
             "\" text-anchor=\"" + (right_half ? "end" : "start") + "\" font-weight=\"bold\" fill=\"" +
             kTextColour + "\">" + escape_html(m.label) + "</text>";
    }
  }
  if (!chart.note.empty()) {
    out += "<text x=\"" + format_coord(a.left) + "\" y=\"" + format_coord(height - 10) +
           "\" font-size=\"11\" fill=\"" + kMutedColour + "\">" + escape_html(chart.note) + "</text>";
  }
  out += "</svg>";
  return out;
}

std::string render_log_bar_chart(const BarChart& chart) {
  constexpr double kRow = 20, kBar = 15, kGroupGap = 14, kTop0 = 50;
  const double width = std::clamp(sanitize(chart.width, 760), 300.0, 4000.0);
  const double left = std::min(250.0, width / 3), right = width - 110;
  std::vector<LegendEntry> legend;
  for (const auto& s : chart.series) legend.push_back({s.name, s.colour});
  const double top = kTop0 + 16 * std::max(legend_rows(legend, left, right), 1.0);
  double min_positive = std::numeric_limits<double>::infinity(), max = 0;
  std::size_t rows = 0;
  for (const auto& g : chart.groups) {
    rows += std::max<std::size_t>(g.bars.size(), 1);
    for (const auto& b : g.bars) {
      if (std::isfinite(b.value) && b.value > 0) {
        min_positive = std::min(min_positive, b.value);
        max = std::max(max, b.value);
      }
    }
  }
  const double bottom =
      top + static_cast<double>(rows) * kRow + static_cast<double>(chart.groups.size()) * kGroupGap;
  const double height = bottom + 52;
  const LogScale sx = LogScale::covering(min_positive, max, left, right);

  std::string out = svg_open(chart.id, chart.key_colour, chart.title, width, height);
  append_legend(out, legend, left, right, 44);

  // Decade grid and labels.
  for (int e = sx.lo_exponent(); e <= sx.hi_exponent(); ++e) {
    double v = std::pow(10.0, e);
    std::string x = format_coord(sx.map(v));
    out += "<line x1=\"" + x + "\" x2=\"" + x + "\" y1=\"" + format_coord(top - 4) + "\" y2=\"" +
           format_coord(bottom) + "\" stroke=\"" + kGridColour + "\"/>";
    out += "<text x=\"" + x + "\" y=\"" + format_coord(bottom + 17) + "\" text-anchor=\"middle\" fill=\"" +
           kMutedColour + "\">" + escape_html(format_number(v, 3)) + "</text>";
  }
  out += "<path d=\"M" + format_coord(left) + " " + format_coord(top - 4) + "V" + format_coord(bottom) + "H" +
         format_coord(right) + "\" fill=\"none\" stroke=\"" + kMutedColour + "\"/>";
  if (!chart.axis_label.empty()) {
    out += "<text x=\"" + format_coord((left + right) / 2) + "\" y=\"" + format_coord(bottom + 38) +
           "\" text-anchor=\"middle\" fill=\"" + kTextColour + "\">" + escape_html(chart.axis_label) +
           "</text>";
  }
  double y = top;
  for (const auto& g : chart.groups) {
    std::size_t n = std::max<std::size_t>(g.bars.size(), 1);
    double mid = y + static_cast<double>(n) * kRow / 2;
    out += "<text x=\"" + format_coord(left - 10) + "\" y=\"" + format_coord(mid + 4) +
           "\" text-anchor=\"end\" fill=\"" + kTextColour + "\">" + escape_html(truncate_utf8(g.label, 36)) +
           "</text>";
    if (g.bars.empty()) {
      out += "<text x=\"" + format_coord(left + 6) + "\" y=\"" + format_coord(mid + 4) + "\" fill=\"" +
             kMutedColour + "\">no data</text>";
    }
    for (const auto& b : g.bars) {
      double end = left;
      if (std::isfinite(b.value) && b.value > 0 && b.series < chart.series.size()) {
        end = sx.map(b.value);
        out += "<rect x=\"" + format_coord(left) + "\" y=\"" + format_coord(y + (kRow - kBar) / 2) +
               "\" width=\"" + format_coord(std::max(end - left, 1.0)) + "\" height=\"" + format_coord(kBar) +
               "\" fill=\"" + escape_html(chart.series[b.series].colour) + "\"/>";
      }
      std::string label = format_number(b.value, 4);
      if (!chart.unit.empty() && std::isfinite(b.value)) label += " " + chart.unit;
      out += "<text x=\"" + format_coord(std::max(end, left) + 6) + "\" y=\"" +
             format_coord(y + kRow / 2 + 4) + "\" fill=\"" + kTextColour + "\">" + escape_html(label) +
             "</text>";
      y += kRow;
    }
    if (g.bars.empty()) y += kRow;
    y += kGroupGap;
  }
  out += "</svg>";
  return out;
}

}  // namespace zkc::report
