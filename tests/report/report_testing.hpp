// Helpers shared by the report tests: pick a chart's <svg> out of a page, read a polyline's points
// and an element's attributes back as numbers, and check that every coordinate in an SVG is finite
// and inside its box (the writer's invariant, svg.hpp).
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <regex>
#include <string>
#include <vector>

#include "zkc/report/svg.hpp"

namespace zkc::report::testing {

inline std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1))
    ++n;
  return n;
}

// The <svg ...>...</svg> whose data-chart is `id`, or "" if the page has none.
inline std::string chart_svg(const std::string& html, const std::string& id) {
  std::size_t at = html.find("data-chart=\"" + id + "\"");
  if (at == std::string::npos) return "";
  std::size_t begin = html.rfind("<svg", at);
  std::size_t end = html.find("</svg>", at);
  if (begin == std::string::npos || end == std::string::npos) return "";
  return html.substr(begin, end + 6 - begin);
}

inline double parse_number(const std::string& s) {
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size()) return std::nan("");
  return v;
}

// The value of attribute `name` of the first element `<tag` that also carries `marker` (for example
// stroke="#c92a2a"), as a number; NaN if absent.
inline double attribute(const std::string& svg, const std::string& tag, const std::string& marker,
                        const std::string& name) {
  for (std::size_t at = svg.find("<" + tag + " "); at != std::string::npos;
       at = svg.find("<" + tag + " ", at + 1)) {
    std::size_t end = svg.find('>', at);
    std::string element = svg.substr(at, end - at);
    if (element.find(marker) == std::string::npos) continue;
    std::smatch m;
    if (std::regex_search(element, m, std::regex("\\s" + name + "=\"([^\"]*)\""))) return parse_number(m[1]);
  }
  return std::nan("");
}

inline std::vector<Point> polyline_points(const std::string& svg, const std::string& colour) {
  std::vector<Point> out;
  std::smatch m;
  std::regex re("<polyline[^>]*stroke=\"" + colour + "\"[^>]*points=\"([^\"]*)\"");
  if (!std::regex_search(svg, m, re)) return out;
  std::string points = m[1];
  std::regex pair("(-?[0-9.]+),(-?[0-9.]+)");
  for (auto it = std::sregex_iterator(points.begin(), points.end(), pair); it != std::sregex_iterator();
       ++it) {
    out.push_back({parse_number((*it)[1]), parse_number((*it)[2])});
  }
  return out;
}

// Every coordinate attribute of `svg` parses as a finite number inside the root's width x height.
inline void expect_finite_and_inside(const std::string& svg) {
  ASSERT_EQ(svg.rfind("<svg", 0), 0u) << "not an svg";
  double width = attribute(svg, "svg", "data-chart", "width");
  double height = attribute(svg, "svg", "data-chart", "height");
  ASSERT_TRUE(std::isfinite(width) && std::isfinite(height));
  EXPECT_FALSE(std::regex_search(svg, std::regex("\\b(nan|inf|infinity)\\b", std::regex::icase))) << svg;
  std::regex attr("\\s(x|y|x1|x2|y1|y2|cx|cy|r|width|height)=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), attr); it != std::sregex_iterator(); ++it) {
    std::string name = (*it)[1];
    double v = parse_number((*it)[2]);
    ASSERT_TRUE(std::isfinite(v)) << name << "=\"" << (*it)[2] << "\"";
    bool horizontal = name[0] == 'x' || name == "cx" || name == "width";
    double limit = name == "r" ? 50 : horizontal ? width : height;
    EXPECT_GE(v, 0) << name << "=" << v;
    EXPECT_LE(v, limit) << name << "=" << v;
  }
  std::regex points("points=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), points); it != std::sregex_iterator(); ++it) {
    std::string p = (*it)[1];
    std::regex pair("([^ ,]+),([^ ,]+)");
    for (auto q = std::sregex_iterator(p.begin(), p.end(), pair); q != std::sregex_iterator(); ++q) {
      double x = parse_number((*q)[1]), y = parse_number((*q)[2]);
      ASSERT_TRUE(std::isfinite(x) && std::isfinite(y)) << p;
      EXPECT_TRUE(x >= 0 && x <= width && y >= 0 && y <= height) << x << "," << y;
    }
  }
}

}  // namespace zkc::report::testing
