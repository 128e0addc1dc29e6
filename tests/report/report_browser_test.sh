#!/usr/bin/env bash
# The browser test of the demo report (issue 9): renders tests/data/report/demo.json to HTML, has
# headless Chromium (Debian's chromium package) screenshot it, and checks with check_screenshot.mjs
# that every chart drew its series (pixels of each chart's own colour). Negative control: the same
# record without the charts' data (rate.curve, monitor.series, timings) renders "no data" boxes, and
# the check must fail for all three charts.
# Usage: report_browser_test.sh <zkc_report_render> <demo.json> <work dir> <tools/report>
# Exit 0 pass, 1 fail, 77 skipped (Chromium not installed).
set -euo pipefail

render=$1 fixture=$2 work=$3 tools=$4

chromium=$(command -v chromium || command -v chromium-browser || true)
if [[ -z $chromium ]]; then
  echo "SKIP: chromium is not installed (tools/install-deps.sh installs it)"
  exit 77
fi
command -v node >/dev/null || { echo "FAIL: node is not installed (tools/install-deps.sh)"; exit 1; }
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

rm -rf "$work"
mkdir -p "$work"

# The page, and the control page without the charts' data.
"$render" "$fixture" "$work/full.html"
node -e '
  const fs = require("fs");
  const d = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  if (d.rate) delete d.rate.curve;
  if (d.monitor) delete d.monitor.series;
  delete d.timings;
  fs.writeFileSync(process.argv[2], JSON.stringify(d));' "$fixture" "$work/control.json"
"$render" "$work/control.json" "$work/control.html"

# --window-size sets the viewport of the screenshot: 4000 px holds the whole page (the checker fails
# if the page is cut). A private profile keeps Chromium away from $HOME.
screenshot() {
  if ! timeout 60 "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
      --no-default-browser-check --disable-extensions --mute-audio --user-data-dir="$work/profile" \
      --window-size=1280,4000 --screenshot="$2" "file://$1" >"$work/chromium.log" 2>&1 || [[ ! -s $2 ]]; then
    echo "FAIL: chromium did not write $2:"
    tail -20 "$work/chromium.log"
    exit 1
  fi
}
screenshot "$work/full.html" "$work/full.png"
screenshot "$work/control.html" "$work/control.png"

echo "== report (tests/data/report/demo.json)"
node "$here/check_screenshot.mjs" "$tools" "$work/full.html" "$work/full.png" || {
  echo "FAIL: the report's charts did not render (screenshot: $work/full.png)"
  exit 1
}

echo "== control (the same record without chart data): the check must fail for every chart"
set +e
control_out=$(node "$here/check_screenshot.mjs" "$tools" "$work/full.html" "$work/control.png")
control_rc=$?
set -e
echo "$control_out"
if [[ $control_rc -ne 1 ]] || [[ $(grep -c '^FAIL \(rate\|monitor\|timings\):' <<<"$control_out") -ne 3 ]]; then
  echo "FAIL: the check passed (or broke) on the control page: it cannot tell a chart from no chart"
  exit 1
fi
echo "PASS"
