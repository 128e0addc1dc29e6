// Tests of the SVG chart writer (src/zkc/report/svg.hpp): escaping, locale-free formatting, nice and
// date ticks against hand-computed values, the linear and log scales, and charts whose every
// coordinate stays finite and inside the <svg> box for degenerate input.
#include "zkc/report/svg.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "report/report_testing.hpp"

namespace zkc::report {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(Svg, EscapesTheFiveHtmlCharacters) {
  EXPECT_EQ(escape_html("<a href=\"x\">Tom & 'Jerry'</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
  EXPECT_EQ(escape_html("\u03b5 = 4"), "\u03b5 = 4");  // UTF-8 passes through
  EXPECT_EQ(escape_html(""), "");
}

TEST(Svg, FormatsCoordinatesWithoutNanOrInf) {
  EXPECT_EQ(format_coord(12.5), "12.5");
  EXPECT_EQ(format_coord(3), "3");
  EXPECT_EQ(format_coord(-1.25), "-1.25");
  EXPECT_EQ(format_coord(-0.0), "0");
  EXPECT_EQ(format_coord(-0.001), "0");
  EXPECT_EQ(format_coord(kNaN), "0");
  EXPECT_EQ(format_coord(kInf), "0");
  EXPECT_EQ(format_coord(-kInf), "0");
}

TEST(Svg, FormatsHumanNumbers) {
  EXPECT_EQ(format_number(12345.6, 6), "12,345.6");
  EXPECT_EQ(format_number(0.0222), "0.0222");
  EXPECT_EQ(format_number(1.5), "1.5");
  EXPECT_EQ(format_number(-1234567), "-1,234,567");
  EXPECT_EQ(format_number(0), "0");
  EXPECT_EQ(format_number(1e20, 3), "1e+20");
  EXPECT_EQ(format_number(kNaN), "n/a");
  EXPECT_EQ(format_number(kInf), "n/a");
  EXPECT_EQ(format_tick(0.4, 0.2), "0.4");
  EXPECT_EQ(format_tick(2000, 500), "2,000");
  EXPECT_EQ(format_tick(1.5, 0.05), "1.50");
}

TEST(Svg, FormatsUtcDates) {
  EXPECT_EQ(format_date_utc(1615801834, false), "2021-03-15");  // 2021-03-15T09:50:34Z
  EXPECT_EQ(format_date_utc(1615801834, true), "03-15 09:50");
  EXPECT_EQ(format_date_utc(0, false), "1970-01-01");
  EXPECT_EQ(format_date_utc(-1, true), "12-31 23:59");
  EXPECT_EQ(format_date_utc(951782400, false), "2000-02-29");  // a leap day
}

TEST(Svg, NiceTicksCoverTheDomainInWholeSteps) {
  NiceTicks t = nice_ticks(0, 1, 6);
  EXPECT_DOUBLE_EQ(t.step, 0.2);
  EXPECT_DOUBLE_EQ(t.lo, 0);
  EXPECT_DOUBLE_EQ(t.hi, 1);
  EXPECT_EQ(t.values.size(), 6u);

  t = nice_ticks(1.09, 3, 6);  // the monitor's ratio axis in the fixture
  EXPECT_LE(t.lo, 1.09);
  EXPECT_GE(t.hi, 3);
  EXPECT_DOUBLE_EQ(t.step, 0.5);
  EXPECT_DOUBLE_EQ(t.lo, 1);

  for (auto [lo, hi] : {std::pair{1.4, 1.4}, {0.0, 0.0}, {kNaN, kInf}, {5.0, -5.0}, {-1e308, 1e308}}) {
    t = nice_ticks(lo, hi, 6);
    EXPECT_TRUE(std::isfinite(t.lo) && std::isfinite(t.hi) && std::isfinite(t.step));
    EXPECT_LT(t.lo, t.hi);
    EXPECT_GE(t.values.size(), 2u);
    EXPECT_LE(t.values.size(), 64u);
  }
}

TEST(Svg, DateTicksAreMidnightsInsideTheSpan) {
  const double t0 = 1615801834, t1 = t0 + 40 * 86400;
  auto ticks = date_ticks(t0, t1, 7);
  ASSERT_GE(ticks.size(), 3u);
  EXPECT_LE(ticks.size(), 7u);
  for (std::size_t i = 0; i < ticks.size(); ++i) {
    EXPECT_GE(ticks[i].value, t0);
    EXPECT_LE(ticks[i].value, t1);
    EXPECT_EQ(std::fmod(ticks[i].value, 86400), 0) << ticks[i].label;
    EXPECT_EQ(ticks[i].label.size(), 10u) << ticks[i].label;  // YYYY-MM-DD
    if (i) {
      EXPECT_GT(ticks[i].value, ticks[i - 1].value);
    }
  }
  auto hours = date_ticks(t0, t0 + 6 * 3600, 7);
  ASSERT_FALSE(hours.empty());
  EXPECT_EQ(hours[0].label.size(), 11u);  // MM-DD HH:MM
  EXPECT_FALSE(date_ticks(kNaN, kInf, 7).size() > 64);
}

TEST(Svg, LinearScaleMapsEndsAndWidensDegenerateDomains) {
  LinearScale s(0, 2, 100, 300);
  EXPECT_DOUBLE_EQ(s.map(0), 100);
  EXPECT_DOUBLE_EQ(s.map(2), 300);
  EXPECT_DOUBLE_EQ(s.map(0.5), 150);
  EXPECT_DOUBLE_EQ(s.map(kNaN), 100);
  LinearScale flat(1.4, 1.4, 300, 60);   // y axis: bottom 300, top 60
  EXPECT_DOUBLE_EQ(flat.map(1.4), 180);  // the middle
  EXPECT_TRUE(std::isfinite(LinearScale(0, 1, 0, 1).map(1e308)));
}

TEST(Svg, LogScaleIsLinearInTheExponent) {
  LogScale s = LogScale::covering(2, 200, 0, 300);  // decades 10^0 .. 10^3
  EXPECT_EQ(s.lo_exponent(), 0);
  EXPECT_EQ(s.hi_exponent(), 3);
  EXPECT_DOUBLE_EQ(s.map(1), 0);
  EXPECT_NEAR(s.map(10), 100, 1e-9);
  EXPECT_NEAR(s.map(100), 200, 1e-9);
  EXPECT_NEAR(s.map(20) - s.map(2), s.map(200) - s.map(20), 1e-9);  // equal ratios, equal lengths
  EXPECT_DOUBLE_EQ(s.map(0), 0);                                    // zero and negatives sit on the axis
  EXPECT_DOUBLE_EQ(s.map(-5), 0);
  EXPECT_DOUBLE_EQ(s.map(kNaN), 0);
  EXPECT_DOUBLE_EQ(s.map(kInf), 300);
  LogScale one = LogScale::covering(10, 10, 0, 1);  // a single value: one decade
  EXPECT_EQ(one.hi_exponent() - one.lo_exponent(), 1);
  LogScale none = LogScale::covering(kInf, 0, 0, 1);
  EXPECT_EQ(none.lo_exponent(), 0);
  EXPECT_EQ(none.hi_exponent(), 1);
  LogScale huge = LogScale::covering(1e-300, 1e300, 0, 1);
  EXPECT_EQ(huge.lo_exponent(), -12);
  EXPECT_EQ(huge.hi_exponent(), 15);
}

TEST(Svg, XyChartClampsOutliersToTheEdgeAndStaysInsideItsBox) {
  XYChart c;
  c.id = "t";
  c.title = "<t>";
  c.x = {0, 10, {{0, "0"}, {10, "10"}}, "x"};
  c.y = {0, 3, {{0, "0"}, {3, "3"}}, "y"};
  c.series.push_back({"#123456", {{0, 1}, {5, 1e9}, {10, kNaN}, {kInf, -kInf}}, 2});
  c.markers.push_back({{5, 1e9}, "#654321", "far", 5});
  c.hlines.push_back({-100, "#abcdef", "below"});
  std::string svg = render_xy_chart(c);
  PlotArea a = plot_area(c);
  auto points = testing::polyline_points(svg, "#123456");
  ASSERT_EQ(points.size(), 4u);
  EXPECT_DOUBLE_EQ(points[1].y, a.top);     // 1e9 drawn on the top edge
  EXPECT_DOUBLE_EQ(points[3].x, a.right);   // +inf on the right edge
  EXPECT_DOUBLE_EQ(points[3].y, a.bottom);  // -inf on the bottom edge
  EXPECT_NE(svg.find("&lt;t&gt;"), std::string::npos);
  testing::expect_finite_and_inside(svg);
}

TEST(Svg, BarChartDrawsNoBarForZeroButLabelsIt) {
  BarChart c;
  c.id = "b";
  c.unit = "ms";
  c.series = {{"ours", "#111111"}, {"theirs", "#222222"}};
  c.groups = {{"g", {{0, 0}, {1, 5}}}};
  std::string svg = render_log_bar_chart(c);
  EXPECT_EQ(testing::count(svg, "fill=\"#111111\""), 1u);  // the legend swatch only
  EXPECT_NE(svg.find(">0 ms<"), std::string::npos);
  EXPECT_NE(svg.find(">5 ms<"), std::string::npos);
  testing::expect_finite_and_inside(svg);
}

}  // namespace
}  // namespace zkc::report
