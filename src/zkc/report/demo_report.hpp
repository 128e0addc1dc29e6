// The HTML report of `zkcredit demo`: one self-contained HTML5 page (inline CSS, inline SVG charts from
// svg.hpp, no script, no network: a Content-Security-Policy forbids both) rendered from the demo's
// JSON record (schema: docs of issue 9, "demo.json"): header, summary, the borrower's features, the
// steps table, the score three ways, and three charts: rate against risk score, the monitored ratio
// over time, proof and verification times beside the peers.
// Invariants: never throws and always returns a complete page; every JSON field is optional and type
// checked (a wrong type counts as missing; a missing or empty chart renders "no data"); every text
// taken from the JSON is HTML-escaped; each chart's data series use colours (below) found nowhere
// else on the page, so a screenshot test can count a chart's pixels (tests/report).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace zkc::report {

// The colours of the charts' data, each used only inside its chart's <svg data-chart="...">.
inline constexpr char kRateCurveColour[] = "#2b6cb0";           // rate.curve
inline constexpr char kRateBorrowerColour[] = "#d9480f";        // rate.borrower
inline constexpr char kMonitorRatioColour[] = "#0b8a7a";        // monitor.series
inline constexpr char kMonitorThresholdColour[] = "#c92a2a";    // monitor.threshold
inline constexpr char kMonitorAlertColour[] = "#f08c00";        // monitor.alerts
inline constexpr char kMonitorLiquidationColour[] = "#6741d9";  // monitor.liquidation
inline constexpr char kTimingOursColour[] = "#d6336c";          // timings[].zkcredit_ms
inline constexpr const char* kTimingPeerColours[] = {"#74b816", "#1098ad", "#ae3ec9", "#a68a64"};

// The whole page for the demo record `demo` (any JSON value; a non-object renders an empty report).
std::string render_demo_report(const nlohmann::json& demo);

}  // namespace zkc::report
