// A small SVG chart writer for the demo report: HTML escaping, locale-free number and date formatting,
// linear/log/date axes with "nice" ticks, an x-y chart (line series, point markers, horizontal and
// vertical reference lines, legend, title) and a grouped horizontal bar chart on a log scale.
// Invariants: every text that reaches the output goes through escape_html; every coordinate goes
// through format_coord, which never writes NaN or inf (non-finite values become 0 and the scales
// widen empty or degenerate domains), so the output is well-formed for any input; the output is a
// pure function of the input (no clock, no locale, no randomness), hence testable as text.
// Why generated SVG rather than a bundled JavaScript charting library (issue 9 allows either): the
// report must open offline and be checked by a test; inline SVG needs no script (the page ships a
// Content-Security-Policy that forbids scripts), no bundler and no npm tree in the product, is a few
// kilobytes, is byte-for-byte deterministic, and its coordinates can be asserted in a unit test.
// References: SVG 1.1 (W3C, 2011) for the elements used; HTML5 (WHATWG) section 13.1.2.6 for the
// characters escaped; P. Heckbert, "Nice numbers for graph labels", Graphics Gems (1990), for ticks.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace zkc::report {

// &, <, >, " and ' replaced by character references: safe in text and in quoted attributes.
std::string escape_html(std::string_view text);

// A coordinate with two decimals ("12.5", "-3", "0.25"); NaN and infinities give "0".
std::string format_coord(double v);

// A human number: the whole integer part, and decimals up to `significant` significant digits in all,
// thousands grouped by commas, trailing zeros dropped ("12,345.6", "0.0222", "1.5", "1,234,567");
// scientific outside [1e-4, 1e15); non-finite gives "n/a".
std::string format_number(double v, int significant = 4);

// A tick label for `v` on an axis with tick spacing `step`: as many decimals as the step needs.
std::string format_tick(double v, double step);

// UTC date of unix seconds, "2021-03-15", or "03-15 14:00" when with_time.
std::string format_date_utc(std::int64_t unix_seconds, bool with_time);

// Ticks "nice" in Heckbert's sense (1, 2 or 5 times a power of ten) covering [lo, hi]: the domain is
// widened outward to whole steps. A degenerate or non-finite domain is widened first (never empty).
struct NiceTicks {
  double lo = 0;
  double hi = 1;
  double step = 0.25;
  std::vector<double> values;  // lo, lo + step, ..., hi (at most 64)
};
NiceTicks nice_ticks(double lo, double hi, int target_count);

struct Tick {
  double value = 0;
  std::string label;
};

// Date ticks for unix seconds in [t0, t1]: steps of hours or days aligned to UTC midnight, at most
// about `max_count` of them, labelled by format_date_utc.
std::vector<Tick> date_ticks(double t0, double t1, int max_count);

// Maps [d0, d1] linearly onto [r0, r1]. A degenerate domain (d0 == d1, or non-finite ends) is widened
// around its value so that map() is always finite.
class LinearScale {
 public:
  LinearScale(double d0, double d1, double r0, double r1);
  double map(double v) const;  // non-finite v maps to r0
  double lo() const { return d0_; }
  double hi() const { return d1_; }

 private:
  double d0_, d1_, r0_, r1_;
};

// Maps [10^e0, 10^e1] logarithmically onto [r0, r1] (e0 < e1, integers); values <= 0 map to r0.
class LogScale {
 public:
  // The decades covering every positive value in [min_positive, max]; exponents are clamped to
  // [-12, 15]; with no positive value the domain is [1, 10].
  static LogScale covering(double min_positive, double max, double r0, double r1);
  double map(double v) const;
  int lo_exponent() const { return e0_; }
  int hi_exponent() const { return e1_; }

 private:
  LogScale(int e0, int e1, double r0, double r1) : e0_(e0), e1_(e1), r0_(r0), r1_(r1) {}
  int e0_, e1_;
  double r0_, r1_;
};

struct Point {
  double x = 0;
  double y = 0;
};

struct LineSeries {
  std::string colour;  // "#rrggbb"
  std::vector<Point> points;
  double width = 2.5;
};

struct PointMarker {
  Point at;
  std::string colour;
  std::string label;  // drawn beside the marker; may be empty
  double radius = 5;
};

// A horizontal (y = value) or vertical (x = value) reference line, dashed, labelled at its end.
struct RefLine {
  double value = 0;
  std::string colour;
  std::string label;
};

struct LegendEntry {
  std::string name;
  std::string colour;
};

struct Axis {
  double lo = 0;
  double hi = 1;
  std::vector<Tick> ticks;
  std::string label;
};

// An x-y chart. Data outside the axes' domains is drawn on the nearest edge (clamped), so a large
// outlier cannot crush the rest of the chart; the caller says so in `note`.
struct XYChart {
  std::string id;          // written as data-chart="<id>" on the <svg>
  std::string key_colour;  // the main series' colour, written as data-colour (the browser test counts it)
  std::string title;
  std::string note;  // a line under the plot, may be empty
  double width = 760;
  double height = 380;
  Axis x, y;
  std::vector<LineSeries> series;
  std::vector<RefLine> hlines, vlines;
  std::vector<PointMarker> markers;
  std::vector<LegendEntry> legend;
};

// The plot area of an XYChart (pixels inside the <svg>), exposed for tests.
struct PlotArea {
  double left, right, top, bottom;
};
PlotArea plot_area(const XYChart& chart);

std::string render_xy_chart(const XYChart& chart);

struct BarSeries {
  std::string name;
  std::string colour;
};

struct Bar {
  std::size_t series = 0;  // index into BarChart::series
  double value = 0;        // <= 0 draws no bar, only its label
};

struct BarGroup {
  std::string label;
  std::vector<Bar> bars;
};

// Grouped horizontal bars on a log10 value axis: one row per bar, rows grouped under their label,
// each bar labelled with its value and unit. The height follows from the number of bars.
struct BarChart {
  std::string id;
  std::string key_colour;
  std::string title;
  std::string unit;  // "ms"
  std::string axis_label;
  double width = 760;
  std::vector<BarSeries> series;
  std::vector<BarGroup> groups;
};

std::string render_log_bar_chart(const BarChart& chart);

}  // namespace zkc::report
