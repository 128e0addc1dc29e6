// Tests of the demo report (src/zkc/report/demo_report.hpp) on the hand-written full record
// tests/data/report/demo.json and on partial, empty, wrongly typed and degenerate records: every chart
// present for the full record, "no data" otherwise, every JSON text escaped, chart colours confined to
// their chart, data mapped to the right coordinates, and no NaN or inf anywhere in the SVG.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <regex>
#include <sstream>
#include <string>

#include "report/report_testing.hpp"
#include "testing/testing.hpp"
#include "zkc/report/demo_report.hpp"
#include "zkc/report/svg.hpp"

namespace zkc::report {
namespace {

using nlohmann::json;

const char* const kCharts[] = {"rate", "monitor", "timings"};

json fixture() {
  std::ifstream in(zkc::testing::data_path("report/demo.json"));
  std::stringstream ss;
  ss << in.rdbuf();
  json j = json::parse(ss.str(), nullptr, false);
  EXPECT_TRUE(j.is_object()) << "tests/data/report/demo.json";
  return j;
}

void expect_page(const std::string& html) {
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("</html>"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_FALSE(std::regex_search(html, std::regex("\\b-?(nan|inf|infinity)\\b", std::regex::icase)));
}

TEST(Report, FullRecordHasEveryChartAndSection) {
  std::string html = render_demo_report(fixture());
  expect_page(html);
  for (const char* id : kCharts) {
    std::string svg = testing::chart_svg(html, id);
    ASSERT_FALSE(svg.empty()) << id;
    testing::expect_finite_and_inside(svg);
  }
  EXPECT_EQ(html.find("no data"), std::string::npos);
  EXPECT_NE(html.find("Not for production"), std::string::npos);  // the ceremony says NOT FOR PRODUCTION
  EXPECT_NE(html.find("zkcredit demo: Eunice&#39;s private loan"), std::string::npos);
  EXPECT_NE(html.find("<code>avg_balance</code></td><td class=\"num\">40,344.17<"), std::string::npos);
  EXPECT_NE(html.find("node not found"), std::string::npos);  // the skipped step's note
  EXPECT_NE(html.find("class=\"status skipped\""), std::string::npos);
  EXPECT_NE(html.find("proof: 256 B<"), std::string::npos);  // fixture: proof of 256 bytes
  EXPECT_NE(html.find("24 MiB"), std::string::npos);         // 25,166,336 bytes
  EXPECT_NE(html.find(">0.123<"), std::string::npos);        // proven score
  EXPECT_NE(html.find("1 private alert before"), std::string::npos);
  // The rate curve has 21 points and the borrower's marker is labelled.
  EXPECT_EQ(testing::polyline_points(testing::chart_svg(html, "rate"), kRateCurveColour).size(), 21u);
  EXPECT_NE(html.find("her loan: score 0.123, rate 3.23 %"), std::string::npos);
  // The ratio spike (4.2) is clipped and said so; the liquidation is labelled with its date.
  EXPECT_NE(html.find("are drawn on the top edge"), std::string::npos);
  EXPECT_NE(html.find("liquidated 2021-04-23"), std::string::npos);
  // Every bar is labelled with its value; the log axis has decade labels.
  for (const char* label : {">120.5 ms<", ">900 ms<", ">1.9 ms<", ">29.2 ms<", ">1,000<", ">1<"}) {
    EXPECT_NE(testing::chart_svg(html, "timings").find(label), std::string::npos) << label;
  }
}

TEST(Report, SeriesColoursAppearOnlyInTheirChart) {
  std::string html = render_demo_report(fixture());
  const std::pair<const char*, const char*> owned[] = {
      {kRateCurveColour, "rate"},         {kRateBorrowerColour, "rate"},
      {kMonitorRatioColour, "monitor"},   {kMonitorThresholdColour, "monitor"},
      {kMonitorAlertColour, "monitor"},   {kMonitorLiquidationColour, "monitor"},
      {kTimingOursColour, "timings"},     {kTimingPeerColours[0], "timings"},
      {kTimingPeerColours[1], "timings"}, {kTimingPeerColours[2], "timings"},
      {kTimingPeerColours[3], "timings"}};
  for (const auto& [colour, chart] : owned) {
    std::size_t inside = testing::count(testing::chart_svg(html, chart), colour);
    EXPECT_GT(inside, 0u) << colour;
    EXPECT_EQ(testing::count(html, colour), inside) << colour << " appears outside chart " << chart;
  }
}

TEST(Report, EscapesEveryTextFromTheRecord) {
  json demo = fixture();
  const std::string evil = "<script>alert(\"x\")</script>";
  demo["title"] = evil;
  demo["machine"] = "a & b";
  demo["borrower"]["features"][0]["name"] = evil;
  demo["borrower"]["features"][1]["value"] = evil;
  demo["steps"][0]["note"] = "<img src=x>";
  demo["steps"][1]["hidden"] = evil;
  demo["steps"][1]["sizes"][0]["what"] = evil;
  demo["summary"][0] = evil;
  demo["monitor"]["position"] = evil;
  demo["timings"][0]["what"] = evil;
  demo["timings"][0]["peers"][0]["name"] = evil;
  std::string html = render_demo_report(demo);
  expect_page(html);  // no "<script" at all
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_GE(testing::count(html, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"), 9u);
  EXPECT_NE(html.find("a &amp; b"), std::string::npos);
  for (const char* id : kCharts) EXPECT_FALSE(testing::chart_svg(html, id).empty()) << id;
}

TEST(Report, EmptyOrNonObjectRecordsRenderNoData) {
  for (const json& demo : {json::object(), json(), json::array(), json("demo"), json(42), json(true)}) {
    std::string html = render_demo_report(demo);
    expect_page(html);
    EXPECT_EQ(html.find("<svg"), std::string::npos) << demo;
    // Summary, borrower, steps, score and the three charts.
    EXPECT_EQ(testing::count(html, "class=\"no-data\""), 7u) << demo;
    EXPECT_EQ(html.find("Not for production"), std::string::npos);
  }
}

TEST(Report, WrongTypesCountAsMissing) {
  const json cases[] = {
      json{{"rate", "fast"},
           {"monitor", 1},
           {"timings", {{"a", 1}}},
           {"steps", 5},
           {"borrower", json::array()},
           {"score", {{"plain", "0.1"}}},
           {"summary", "one line"},
           {"title", 7},
           {"ceremony", false}},
      json{
          {"rate", {{"curve", {{{"score", "0.1"}, {"rate", 0.1}}, {{"score", 0.2}, {"rate", nullptr}}, 3}}}},
          {"monitor", {{"series", {{{"t", "2021"}, {"ratio", 1.5}}, {{"t", 1}, {"ratio", true}}}}}},
          {"timings", {{{"what", "x"}, {"zkcredit_ms", "1"}, {"peers", {{{"name", "p"}, {"ms", nullptr}}}}}}},
          {"steps", {1, "two"}},
          {"borrower", {{"features", {1, 2}}}},
          {"summary", {1, nullptr}}},
      json{{"rate", {{"curve", json::array()}}},
           {"monitor", {{"series", json::object()}}},
           {"timings", {{{"what", "zero"}, {"zkcredit_ms", 0}, {"peers", {{{"name", "p"}, {"ms", -3}}}}}}}},
      json{{"rate", {{"curve", {{{"score", std::numeric_limits<double>::quiet_NaN()}, {"rate", 0.1}}}}}},
           {"monitor", {{"series", {{{"t", std::numeric_limits<double>::infinity()}, {"ratio", 1.0}}}}}}}};
  for (const auto& demo : cases) {
    std::string html = render_demo_report(demo);
    expect_page(html);
    EXPECT_EQ(html.find("<svg"), std::string::npos) << demo.dump();
    for (const char* section : {"rate", "monitor", "timings"}) {
      std::size_t at = html.find("<section id=\"" + std::string(section) + "\"");
      ASSERT_NE(at, std::string::npos);
      EXPECT_NE(html.find("no data", at), std::string::npos) << section;
    }
  }
}

TEST(Report, ThresholdAlertAndLiquidationSitOnTheSeriesCoordinates) {
  const double t0 = 1615801834;
  json demo = {{"monitor",
                {{"threshold", 1.4},
                 {"series",
                  {{{"t", t0}, {"ratio", 2.0}},
                   {{"t", t0 + 86400}, {"ratio", 1.4}},
                   {{"t", t0 + 2 * 86400}, {"ratio", 1.0}}}},
                 {"alerts", {{{"t", t0 + 86400 + 60}}}},
                 {"liquidation", t0 + 2 * 86400}}}};
  std::string svg = testing::chart_svg(render_demo_report(demo), "monitor");
  ASSERT_FALSE(svg.empty());
  testing::expect_finite_and_inside(svg);
  auto points = testing::polyline_points(svg, kMonitorRatioColour);
  ASSERT_EQ(points.size(), 3u);
  const std::string threshold = std::string("stroke=\"") + kMonitorThresholdColour + "\"";
  const std::string liquidation = std::string("stroke=\"") + kMonitorLiquidationColour + "\"";
  const std::string alert = std::string("fill=\"") + kMonitorAlertColour + "\"";
  EXPECT_DOUBLE_EQ(testing::attribute(svg, "line", threshold, "y1"), points[1].y);
  EXPECT_DOUBLE_EQ(testing::attribute(svg, "line", threshold, "y2"), points[1].y);
  EXPECT_DOUBLE_EQ(testing::attribute(svg, "line", liquidation, "x1"), points[2].x);
  EXPECT_DOUBLE_EQ(testing::attribute(svg, "circle", alert, "cy"), points[1].y);  // on the nearest point
  EXPECT_NEAR(testing::attribute(svg, "circle", alert, "cx"), points[1].x, 1);    // 60 s later: < 1 px
  // Time runs left to right over the plot, ratios bottom to top.
  EXPECT_DOUBLE_EQ(points[0].x, 70);
  EXPECT_DOUBLE_EQ(points[2].x, 1000 - 28);
  EXPECT_LT(points[0].y, points[1].y);
  EXPECT_LT(points[1].y, points[2].y);
}

TEST(Report, RateCurveAndBorrowerMapLinearly) {
  json demo = {{"rate",
                {{"curve",
                  {{{"score", 0.0}, {"rate", 0.0}},
                   {{"score", 0.5}, {"rate", 0.05}},
                   {{"score", 1.0}, {"rate", 0.1}}}},
                 {"borrower", {{"score", 0.5}, {"rate", 0.05}}}}}};
  std::string svg = testing::chart_svg(render_demo_report(demo), "rate");
  auto points = testing::polyline_points(svg, kRateCurveColour);
  ASSERT_EQ(points.size(), 3u);
  // Axes 0..1 and 0..10 %: the middle point is the middle of the plot.
  EXPECT_DOUBLE_EQ(points[1].x, (points[0].x + points[2].x) / 2);
  EXPECT_DOUBLE_EQ(points[1].y, (points[0].y + points[2].y) / 2);
  const std::string marker = std::string("fill=\"") + kRateBorrowerColour + "\"";
  EXPECT_DOUBLE_EQ(testing::attribute(svg, "circle", marker, "cx"), points[1].x);
  EXPECT_DOUBLE_EQ(testing::attribute(svg, "circle", marker, "cy"), points[1].y);
  EXPECT_NE(svg.find(">10 %<"), std::string::npos);
}

TEST(Report, TimingBarsAreOnALogScale) {
  json demo = {{"timings",
                {{{"what", "prove"},
                  {"zkcredit_ms", 2},
                  {"peers", {{{"name", "a"}, {"ms", 20}}, {{"name", "b"}, {"ms", 200}}}}}}}};
  std::string svg = testing::chart_svg(render_demo_report(demo), "timings");
  ASSERT_FALSE(svg.empty());
  testing::expect_finite_and_inside(svg);
  // The legend swatches come first: take the bars (height 15).
  std::regex bar(
      "<rect x=\"([0-9.]+)\" y=\"[0-9.]+\" width=\"([0-9.]+)\" height=\"15\" fill=\"(#[0-9a-f]+)\"/>");
  std::vector<double> widths;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), bar); it != std::sregex_iterator(); ++it) {
    widths.push_back(testing::parse_number((*it)[2]));
  }
  ASSERT_EQ(widths.size(), 3u);
  // Decades 10^0..10^3 over 640 px (left 250, right 1000 - 110): log10(2)/3 * 640 = 64.22 px, and each
  // tenfold step adds a third of the axis.
  EXPECT_NEAR(widths[0], 640 * std::log10(2.0) / 3, 0.01);
  EXPECT_NEAR(widths[1] - widths[0], 640.0 / 3, 0.02);
  EXPECT_NEAR(widths[2] - widths[1], 640.0 / 3, 0.02);
  for (const char* label : {">1<", ">10<", ">100<", ">1,000<", ">2 ms<", ">20 ms<", ">200 ms<"}) {
    EXPECT_NE(svg.find(label), std::string::npos) << label;
  }
}

TEST(Report, DegenerateDataStaysFinite) {
  const double t0 = 1615801834;
  const json cases[] = {
      // One point each.
      json{{"rate",
            {{"curve", {{{"score", 0.3}, {"rate", 0.05}}}}, {"borrower", {{"score", 0.3}, {"rate", 0.05}}}}},
           {"monitor",
            {{"series", {{{"t", t0}, {"ratio", 1.5}}}}, {"alerts", {{{"t", t0}}}}, {"liquidation", t0}}},
           {"timings", {{{"what", "one"}, {"zkcredit_ms", 5}}}}},
      // All values equal (the ratio on the threshold all along).
      json{{"rate", {{"curve", {{{"score", 0.5}, {"rate", 0.1}}, {{"score", 0.5}, {"rate", 0.1}}}}}},
           {"monitor",
            {{"threshold", 1.4}, {"series", {{{"t", t0}, {"ratio", 1.4}}, {{"t", t0}, {"ratio", 1.4}}}}}},
           {"timings", {{{"what", "same"}, {"zkcredit_ms", 7}, {"peers", {{{"name", "p"}, {"ms", 7}}}}}}}},
      // Zeros on the log scale, zeros everywhere, huge and negative values, times before 1970.
      json{{"rate", {{"curve", {{{"score", 0}, {"rate", 0}}, {{"score", 0}, {"rate", 0}}}}}},
           {"monitor",
            {{"threshold", 0}, {"series", {{{"t", -5}, {"ratio", 0}}, {{"t", 0}, {"ratio", 1e300}}}}}},
           {"timings",
            {{{"what", "zeros"},
              {"zkcredit_ms", 0},
              {"peers", {{{"name", "p"}, {"ms", 3}}, {{"name", "q"}, {"ms", 0}}}}},
             {{"what", "huge"}, {"zkcredit_ms", 1e300}, {"peers", {{{"name", "p"}, {"ms", 1e-300}}}}}}}},
      json{
          {"rate", {{"curve", {{{"score", -1e300}, {"rate", -1e300}}, {{"score", 1e300}, {"rate", 1e300}}}}}},
          {"monitor",
           {{"series", {{{"t", -1e300}, {"ratio", -1}}, {{"t", 1e300}, {"ratio", -2}}}},
            {"liquidation", 1e300}}},
          {"timings", {{{"what", "negative"}, {"zkcredit_ms", -1}, {"peers", {{{"ms", 1}}}}}}}}};
  for (const auto& demo : cases) {
    std::string html = render_demo_report(demo);
    expect_page(html);
    for (const char* id : kCharts) {
      std::string svg = testing::chart_svg(html, id);
      ASSERT_FALSE(svg.empty()) << id << " " << demo.dump();
      SCOPED_TRACE(std::string(id) + " " + demo.dump());
      testing::expect_finite_and_inside(svg);
    }
  }
}

}  // namespace
}  // namespace zkc::report
