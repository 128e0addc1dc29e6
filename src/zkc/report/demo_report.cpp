#include "zkc/report/demo_report.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <exception>
#include <iterator>
#include <limits>
#include <optional>
#include <string_view>
#include <vector>

#include "zkc/report/svg.hpp"

namespace zkc::report {
namespace {

using nlohmann::json;

constexpr double kChartWidth = 1000;  // the page's content width (main: 1080 - 2 x 32 padding, rounded)

// ---- Defensive access: a missing field and a field of the wrong type both read as absent. ----

const json* field(const json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

std::string text(const json& j, const char* key) {
  const json* f = field(j, key);
  return f != nullptr && f->is_string() ? f->get<std::string>() : std::string();
}

std::optional<double> number(const json& j, const char* key) {
  const json* f = field(j, key);
  if (f == nullptr || !f->is_number()) return std::nullopt;
  double v = f->get<double>();
  if (!std::isfinite(v)) return std::nullopt;
  return v;
}

const json& array(const json& j, const char* key) {
  static const json kEmpty = json::array();
  const json* f = field(j, key);
  return f != nullptr && f->is_array() ? *f : kEmpty;
}

const json& object(const json& j, const char* key) {
  static const json kEmpty = json::object();
  const json* f = field(j, key);
  return f != nullptr && f->is_object() ? *f : kEmpty;
}

std::string e(std::string_view s) { return escape_html(s); }

std::string no_data(const std::string& what) {
  return "<p class=\"no-data\">no data" + (what.empty() ? std::string() : ": " + e(what)) + "</p>";
}

bool contains_ci(std::string_view haystack, std::string_view needle) {
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                        [](char a, char b) { return std::toupper(static_cast<unsigned char>(a)) == b; });
  return it != haystack.end();
}

std::string format_seconds(double s) {
  if (s < 1) return format_number(s * 1000, 3) + " ms";
  return format_number(s, 3) + " s";
}

std::string format_bytes(double b) {
  if (b < 1024) return format_number(b, 4) + " B";
  if (b < 1024.0 * 1024) return format_number(b / 1024, 3) + " KiB";
  return format_number(b / (1024.0 * 1024), 3) + " MiB";
}

// ---- Sections ----

std::string header(const json& demo) {
  std::string title = text(demo, "title");
  std::string out = "<header><h1>" + e(title.empty() ? "zkcredit demo" : title) + "</h1><dl class=\"meta\">";
  const char* keys[][2] = {
      {"version", "Version"}, {"generated", "Generated"}, {"machine", "Machine"}, {"ceremony", "Ceremony"}};
  for (const auto& k : keys) {
    std::string v = text(demo, k[0]);
    out += "<dt>" + std::string(k[1]) + "</dt><dd>" +
           (v.empty() ? "<span class=\"muted\">n/a</span>" : e(v)) + "</dd>";
  }
  out += "</dl>";
  if (contains_ci(text(demo, "ceremony"), "NOT FOR PRODUCTION")) {
    out +=
        "<p class=\"warning\"><strong>Not for production.</strong> The proving keys come from a local "
        "Powers-of-Tau ceremony run on this machine: whoever ran it could forge proofs. Use a public "
        "ceremony's file for anything real.</p>";
  }
  return out + "</header>";
}

std::string summary(const json& demo) {
  std::string items;
  for (const auto& line : array(demo, "summary")) {
    if (line.is_string()) items += "<li>" + e(line.get<std::string>()) + "</li>";
  }
  return "<section id=\"summary\"><h2>Summary</h2>" +
         (items.empty() ? no_data("") : "<ul>" + items + "</ul>") + "</section>";
}

std::string borrower(const json& demo) {
  const json& b = object(demo, "borrower");
  std::string out = "<section id=\"borrower\"><h2>The borrower</h2>";
  std::string wallet = text(b, "wallet");
  if (!wallet.empty()) out += "<p>Wallet history: <code>" + e(wallet) + "</code></p>";
  std::string rows;
  for (const auto& f : array(b, "features")) {
    if (!f.is_object()) continue;
    std::string name = text(f, "name");
    std::string value;
    if (auto v = number(f, "value")) {
      value = format_number(*v, 8);
    } else if (const json* s = field(f, "value"); s != nullptr && s->is_string()) {
      value = e(s->get<std::string>());
    } else {
      value = "<span class=\"muted\">n/a</span>";
    }
    rows += "<tr><td><code>" + e(name.empty() ? "(unnamed)" : name) + "</code></td><td class=\"num\">" +
            value + "</td></tr>";
  }
  if (rows.empty()) {
    out += no_data("no features recorded");
  } else {
    out +=
        "<p>Her features stay in her wallet: the pool sees them only encrypted or behind a proof.</p>"
        "<table class=\"features\"><thead><tr><th>Feature</th><th>Value</th></tr></thead><tbody>" +
        rows + "</tbody></table>";
  }
  return out + "</section>";
}

std::string steps(const json& demo) {
  std::string rows;
  for (const auto& s : array(demo, "steps")) {
    if (!s.is_object()) continue;
    std::string title = text(s, "title");
    if (title.empty()) title = text(s, "id");
    std::string status = text(s, "status");
    std::string cls = status == "ok"        ? "ok"
                      : status == "skipped" ? "skipped"
                      : status == "failed"  ? "failed"
                                            : "other";
    std::string note = text(s, "note");
    std::string sizes;
    for (const auto& z : array(s, "sizes")) {
      auto bytes = number(z, "bytes");
      std::string what = text(z, "what");
      if (!bytes && what.empty()) continue;
      sizes +=
          "<li>" + e(what.empty() ? "size" : what) + ": " + (bytes ? format_bytes(*bytes) : "n/a") + "</li>";
    }
    // One card per step: a head line (title, status, time), the note, then what stayed hidden, what
    // was proven, what became public and the sizes, each on its own line (a wide table does not fit).
    auto line = [](const char* label, const std::string& v) {
      return v.empty() ? std::string() : "<dt>" + std::string(label) + "</dt><dd>" + e(v) + "</dd>";
    };
    auto seconds = number(s, "seconds");
    rows += "<div class=\"step\"><div class=\"step-head\"><span class=\"step-title\">" +
            e(title.empty() ? "(untitled)" : title) + "</span> <span class=\"status " + cls + "\">" +
            e(status.empty() ? "unknown" : status) + "</span> <span class=\"step-time\">" +
            (seconds ? format_seconds(*seconds) : std::string("&#8212;")) + "</span></div>" +
            (note.empty() ? std::string() : "<div class=\"note\">" + e(note) + "</div>") +
            "<dl class=\"step-facts\">" + line("Hidden", text(s, "hidden")) +
            line("Proven", text(s, "proven")) + line("Public", text(s, "public")) +
            (sizes.empty() ? std::string() : "<dt>Sizes</dt><dd><ul>" + sizes + "</ul></dd>") + "</dl></div>";
  }
  std::string out = "<section id=\"steps\"><h2>Steps</h2>";
  if (rows.empty()) return out + no_data("no steps recorded") + "</section>";
  return out + rows + "</section>";
}

std::string score(const json& demo) {
  const json& s = object(demo, "score");
  auto plain = number(s, "plain");
  const char* rows[][2] = {{"plain", "In the clear (float model)"},
                           {"encrypted", "Encrypted (CKKS), decrypted by her wallet"},
                           {"proven", "Proven (Groth16, fixed point)"}};
  std::string body;
  for (const auto& r : rows) {
    auto v = number(s, r[0]);
    if (!v) continue;
    std::string diff = plain && std::string_view(r[0]) != "plain"
                           ? (*v - *plain >= 0 ? "+" : "") + format_number(*v - *plain, 3)
                           : std::string("&#8212;");
    body += "<tr><td>" + std::string(r[1]) + "</td><td class=\"num\">" + format_number(*v, 6) +
            "</td><td class=\"num\">" + diff + "</td></tr>";
  }
  std::string out = "<section id=\"score\"><h2>Her risk score, three ways</h2>";
  if (body.empty()) return out + no_data("no score recorded") + "</section>";
  out +=
      "<table class=\"score\"><thead><tr><th>Computed</th><th>Score</th><th>Minus plain</th></tr></thead>"
      "<tbody>" +
      body + "</tbody></table>";
  if (auto bits = number(s, "fractional_bits"); bits && *bits >= 0 && *bits <= 64) {
    out += "<p class=\"muted\">The proven score is fixed point with " + format_number(*bits, 3) +
           " fractional bits (steps of " + format_number(std::ldexp(1.0, -static_cast<int>(*bits)), 3) +
           ").</p>";
  }
  return out + "</section>";
}

std::string rate_chart(const json& demo) {
  const json& r = object(demo, "rate");
  std::vector<Point> curve;
  for (const auto& p : array(r, "curve")) {
    auto x = number(p, "score");
    auto y = number(p, "rate");
    if (x && y) curve.push_back({*x, *y * 100});
  }
  std::string out = "<section id=\"rate\"><h2>Her rate against the risk score</h2>";
  if (curve.empty()) return out + no_data("no rate curve recorded") + "</section>";
  std::sort(curve.begin(), curve.end(), [](const Point& a, const Point& b) { return a.x < b.x; });
  const json& who = object(r, "borrower");
  auto bx = number(who, "score");
  auto by = number(who, "rate");
  bool has_borrower = bx && by;

  double x_lo = curve.front().x, x_hi = curve.back().x, y_lo = 0, y_hi = 0;
  for (const auto& p : curve) {
    y_lo = std::min(y_lo, p.y);
    y_hi = std::max(y_hi, p.y);
  }
  if (has_borrower) {
    x_lo = std::min(x_lo, *bx);
    x_hi = std::max(x_hi, *bx);
    y_lo = std::min(y_lo, *by * 100);
    y_hi = std::max(y_hi, *by * 100);
  }
  XYChart c;
  c.id = "rate";
  c.key_colour = kRateCurveColour;
  c.width = kChartWidth;
  c.title = "Annual rate against the risk score";
  NiceTicks tx = nice_ticks(x_lo, x_hi, 6), ty = nice_ticks(y_lo, y_hi, 6);
  c.x = {tx.lo, tx.hi, {}, "risk score (probability of default)"};
  for (double v : tx.values) c.x.ticks.push_back({v, format_tick(v, tx.step)});
  c.y = {ty.lo, ty.hi, {}, "rate (%)"};
  for (double v : ty.values) c.y.ticks.push_back({v, format_tick(v, ty.step) + " %"});
  c.series.push_back({kRateCurveColour, curve, 3});
  std::string params;
  if (auto u = number(r, "utilization")) params += "pool utilization " + format_number(*u * 100, 3) + " %";
  if (auto d = number(r, "days")) params += (params.empty() ? "" : ", ") + format_number(*d, 4) + " days";
  c.legend.push_back(
      {"the pool's rate" + (params.empty() ? std::string() : " (" + params + ")"), kRateCurveColour});
  if (has_borrower) {
    c.markers.push_back(
        {{*bx, *by * 100},
         kRateBorrowerColour,
         "her loan: score " + format_number(*bx, 3) + ", rate " + format_number(*by * 100, 3) + " %",
         7});
    c.legend.push_back({"her loan", kRateBorrowerColour});
  }
  return out + "<figure>" + render_xy_chart(c) + "</figure></section>";
}

std::string monitor_chart(const json& demo) {
  const json& m = object(demo, "monitor");
  std::vector<Point> series;
  for (const auto& p : array(m, "series")) {
    auto t = number(p, "t");
    auto ratio = number(p, "ratio");
    if (t && ratio) series.push_back({*t, *ratio});
  }
  std::string out = "<section id=\"monitor\"><h2>Private monitoring of her position</h2>";
  std::string params;
  auto add = [&params](const std::string& name, const std::string& value) {
    if (!value.empty()) params += "<dt>" + name + "</dt><dd>" + value + "</dd>";
  };
  std::string position = text(m, "position");
  add("Position", position.empty() ? "" : "<code>" + e(position) + "</code>");
  auto threshold = number(m, "threshold");
  add("Threshold", threshold ? format_number(*threshold, 4) : "");
  add("&#949; (per segment)", number(m, "epsilon") ? format_number(*number(m, "epsilon"), 4) : "");
  add("Sensitivity", number(m, "sensitivity") ? format_number(*number(m, "sensitivity"), 4) : "");
  add("Alert budget", number(m, "alerts_budget") ? format_number(*number(m, "alerts_budget"), 4) : "");
  if (!params.empty()) out += "<dl class=\"params\">" + params + "</dl>";
  if (series.empty()) return out + no_data("no monitored series recorded") + "</section>";
  std::sort(series.begin(), series.end(), [](const Point& a, const Point& b) { return a.x < b.x; });

  std::vector<double> alerts;
  for (const auto& a : array(m, "alerts")) {
    if (auto t = number(a, "t")) alerts.push_back(*t);
  }
  auto liquidation = number(m, "liquidation");

  double t0 = series.front().x, t1 = series.back().x;
  for (double t : alerts) t0 = std::min(t0, t), t1 = std::max(t1, t);
  if (liquidation) t0 = std::min(t0, *liquidation), t1 = std::max(t1, *liquidation);
  if (t1 - t0 < 3600) t0 -= 43200, t1 += 43200;

  double r_lo = std::numeric_limits<double>::infinity(), r_hi = -r_lo;
  for (const auto& p : series) r_lo = std::min(r_lo, p.y), r_hi = std::max(r_hi, p.y);
  // Ratios grow without bound as the debt is repaid: the axis stops at max(3, 1.5 x threshold).
  const double cap = std::max(3.0, threshold ? *threshold * 1.5 : 0.0);
  double lo = r_lo, hi = std::min(r_hi, cap);
  if (threshold) lo = std::min(lo, *threshold), hi = std::max(hi, *threshold);
  lo = std::min(lo, hi);
  NiceTicks ty = nice_ticks(lo, hi, 6);

  XYChart c;
  c.id = "monitor";
  c.key_colour = kMonitorRatioColour;
  c.width = kChartWidth;
  c.title = "Collateral-to-debt ratio over time";
  c.x = {t0, t1, date_ticks(t0, t1, 7), "date (UTC)"};
  c.y = {ty.lo, ty.hi, {}, "collateral / debt"};
  for (double v : ty.values) c.y.ticks.push_back({v, format_tick(v, ty.step)});
  c.series.push_back({kMonitorRatioColour, series, 2.5});
  c.legend.push_back({"her ratio", kMonitorRatioColour});
  if (threshold) {
    c.hlines.push_back({*threshold, kMonitorThresholdColour, "threshold " + format_number(*threshold, 4)});
    c.legend.push_back({"threshold", kMonitorThresholdColour});
  }
  for (double t : alerts) {
    // The marker sits on the series at the nearest recorded time.
    auto it =
        std::lower_bound(series.begin(), series.end(), t, [](const Point& p, double v) { return p.x < v; });
    if (it == series.end() || (it != series.begin() && t - std::prev(it)->x < it->x - t)) --it;
    c.markers.push_back({{t, it->y}, kMonitorAlertColour, "", 6});
  }
  if (!alerts.empty()) {
    c.legend.push_back({"private alert (" + std::to_string(alerts.size()) + ")", kMonitorAlertColour});
  }
  if (liquidation) {
    std::int64_t day = static_cast<std::int64_t>(std::clamp(*liquidation, -2.5e11, 2.5e11));
    c.vlines.push_back(
        {*liquidation, kMonitorLiquidationColour, "liquidated " + format_date_utc(day, false)});
    c.legend.push_back({"liquidation", kMonitorLiquidationColour});
  }
  if (r_hi > ty.hi) c.note = "Ratios above " + format_tick(ty.hi, ty.step) + " are drawn on the top edge.";
  return out + "<figure>" + render_xy_chart(c) + "</figure></section>";
}

std::string timings_chart(const json& demo) {
  BarChart c;
  c.id = "timings";
  c.key_colour = kTimingOursColour;
  c.width = kChartWidth;
  c.title = "Proof and verification times beside the peers";
  c.unit = "ms";
  c.axis_label = "milliseconds, log scale (shorter is faster)";
  c.series.push_back({"zkcredit", kTimingOursColour});
  constexpr std::size_t kPeerColours = sizeof(kTimingPeerColours) / sizeof(kTimingPeerColours[0]);
  auto peer_index = [&c](const std::string& name) {
    for (std::size_t i = 1; i < c.series.size(); ++i) {
      if (c.series[i].name == name) return i;
    }
    c.series.push_back({name, kTimingPeerColours[(c.series.size() - 1) % kPeerColours]});
    return c.series.size() - 1;
  };
  bool any_positive = false;
  for (const auto& t : array(demo, "timings")) {
    BarGroup g;
    g.label = text(t, "what");
    if (auto ours = number(t, "zkcredit_ms")) g.bars.push_back({0, *ours});
    for (const auto& p : array(t, "peers")) {
      auto ms = number(p, "ms");
      if (!ms) continue;
      std::string name = text(p, "name");
      g.bars.push_back({peer_index(name.empty() ? "peer" : name), *ms});
    }
    if (g.bars.empty()) continue;
    for (const auto& b : g.bars) any_positive = any_positive || b.value > 0;
    if (g.label.empty()) g.label = "(unnamed)";
    c.groups.push_back(std::move(g));
  }
  std::string out = "<section id=\"timings\"><h2>Timings beside the peers</h2>";
  if (!any_positive) return out + no_data("no timings recorded") + "</section>";
  return out + "<figure>" + render_log_bar_chart(c) + "</figure></section>";
}

constexpr char kStyle[] = R"css(
body { margin: 0; background: #f8f9fa; color: #212529;
       font: 15px/1.45 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
main { max-width: 1080px; margin: 0 auto; padding: 24px 32px 40px; background: #ffffff; }
h1 { font-size: 26px; margin: 0 0 12px; }
h2 { font-size: 19px; margin: 32px 0 10px; border-bottom: 1px solid #dee2e6; padding-bottom: 4px; }
dl.meta, dl.params { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0 0 12px; }
dt { font-weight: bold; } dd { margin: 0; }
.warning { background: #fff9db; border-left: 5px solid #fab005; padding: 8px 12px; margin: 12px 0; }
.muted { color: #868e96; }
.no-data { border: 1px dashed #adb5bd; color: #868e96; padding: 28px; text-align: center; margin: 8px 0; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
table.features, table.score { width: auto; min-width: 420px; }
th, td { border: 1px solid #dee2e6; padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: #f1f3f5; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td ul { margin: 0; padding-left: 16px; }
.status { font-weight: bold; padding: 1px 6px; border-radius: 3px; }
.status.ok { background: #d3f9d8; color: #2b8a3e; }
.status.skipped { background: #e9ecef; color: #495057; }
.status.failed { background: #ffe3e3; color: #e03131; }
.status.other { background: #e9ecef; color: #212529; }
.note { font-size: 13px; color: #495057; margin-top: 3px; }
.step { border: 1px solid #dee2e6; border-radius: 4px; padding: 8px 12px; margin: 8px 0; }
.step-head { display: flex; gap: 10px; align-items: baseline; }
.step-title { font-weight: bold; flex: 1; }
.step-time { font-variant-numeric: tabular-nums; color: #495057; white-space: nowrap; }
dl.step-facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0 0;
                font-size: 14px; }
dl.step-facts ul { margin: 0; padding-left: 16px; }
figure { margin: 8px 0; }
svg { display: block; max-width: 100%; height: auto; }
footer { margin-top: 36px; font-size: 12px; color: #868e96; }
)css";

std::string page(const json& demo) {
  std::string title = text(demo, "title");
  if (title.empty()) title = "zkcredit demo";
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
      "'unsafe-inline'\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
      e(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n<main>\n";
  out += header(demo) + "\n";
  out += summary(demo) + "\n";
  out += borrower(demo) + "\n";
  out += steps(demo) + "\n";
  out += score(demo) + "\n";
  out += rate_chart(demo) + "\n";
  out += monitor_chart(demo) + "\n";
  out += timings_chart(demo) + "\n";
  out +=
      "<footer>Rendered by zkcredit (src/zkc/report): static HTML and SVG, no script, no network.</footer>\n"
      "</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace

std::string render_demo_report(const nlohmann::json& demo) {
  try {
    return page(demo);
  } catch (const std::exception&) {
    // Only allocation failure can get here (every access above is type checked): a minimal page.
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>zkcredit "
           "demo</title></head>"
           "<body><p class=\"no-data\">no data: the report could not be rendered</p></body></html>\n";
  }
}

}  // namespace zkc::report
