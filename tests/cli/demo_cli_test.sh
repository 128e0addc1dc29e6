#!/usr/bin/env bash
# `zkcredit demo` end to end on its embedded defaults (the credit.keys fixture's ceremony stands in for
# the local one, which the main job makes): seven steps, each saying what stayed hidden and what was
# proven; the scores agree; LendingPool accepts the proof on the local EVM within 300k gas (or the step
# says why it was skipped); the report renders in headless Chromium with its three charts; and bad
# input exits 2 before any step runs.
# Usage: demo_cli_test.sh <zkcredit> <repository root> <credit fixture dir>   (needs node)
set -euo pipefail
zkc="$1"
root="$2"
fixtures="$3"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
source "$(dirname "$0")/lib.sh"
cd "$root"  # the demo's defaults are paths in the repository

"$zkc" demo --work "$work/demo" --report "$work/report.html" --ptau "$fixtures/pot.ptau" >"$work/out.txt" 2>&1 ||
  fail "the demo failed: $(tail -20 "$work/out.txt")"
grep -q "== Summary" "$work/out.txt" || fail "no summary: $(tail -5 "$work/out.txt")"
grep -q "public Powers-of-Tau file pot.ptau" "$work/demo/demo.json" || fail "the ceremony is not recorded"
node -e '
  const fs = require("fs");
  const d = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  const fail = (m) => { console.error(m); process.exit(1); };
  const ids = d.steps.map((s) => s.id).join(",");
  if (ids !== "features,he,groth16,evm,bulletproofs,rate,monitor") fail(`steps: ${ids}`);
  for (const s of d.steps) {
    if (s.id === "evm" && s.status === "skipped") { if (!s.note) fail("a skipped step must say why"); continue; }
    if (s.status !== "ok") fail(`${s.id}: ${s.status}`);
    if (!(s.seconds >= 0)) fail(`${s.id}: no time`);
  }
  for (const id of ["features", "he", "groth16", "bulletproofs", "monitor"])
    if (!d.steps.find((s) => s.id === id).hidden) fail(`${id} does not say what stayed hidden`);
  for (const id of ["groth16", "bulletproofs"])
    if (!d.steps.find((s) => s.id === id).proven) fail(`${id} does not say what was proven`);
  const sc = d.score;
  if (!(Math.abs(sc.proven - sc.plain) < 0.01)) fail(`proven ${sc.proven} vs plain ${sc.plain}`);
  if (!(Math.abs(sc.encrypted - sc.plain) < 0.05)) fail(`encrypted ${sc.encrypted} vs plain ${sc.plain}`);
  if (d.borrower.features.length !== 11) fail("features");
  if (d.rate.curve.length < 21 || !(d.rate.borrower.rate > 0)) fail("rate");
  for (let i = 1; i < d.rate.curve.length; ++i) if (!(d.rate.curve[i].rate > d.rate.curve[i - 1].rate)) fail("rate curve");
  if (d.monitor.series.length !== 111 || !d.monitor.liquidation) fail("monitor series");
  const evm = d.steps.find((s) => s.id === "evm");
  if (evm.status === "ok") {
    if (!d.evm.accepted || !d.evm.tampered_rejected) fail("EVM: " + JSON.stringify(d.evm));
    if (!(d.evm.gas.borrow <= 300000)) fail(`borrow ${d.evm.gas.borrow} gas`);
    if (Math.abs(d.evm.rate.after_days - d.rate.borrower.rate) > 1e-6 * d.rate.borrower.rate)
      fail(`on-chain rate ${d.evm.rate.after_days} vs ${d.rate.borrower.rate}`);
  }
  console.log(`demo: ${d.steps.length} steps, evm ${evm.status}, score ${sc.proven}, ${d.monitor.alerts.length} alert(s)`);' \
  "$work/demo/demo.json" || fail "demo.json"

# The report of this run in the browser (the checker of tests/report).
chromium=$(command -v chromium || true)
if [[ -n $chromium ]]; then
  timeout 60 "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --user-data-dir="$work/profile" --window-size=1280,6000 --screenshot="$work/report.png" \
    "file://$work/report.html" >"$work/chromium.log" 2>&1 || true
  node "$root/tests/report/check_screenshot.mjs" "$root/tools/report" "$work/report.html" "$work/report.png" ||
    fail "the demo's report did not render its charts"
else
  echo "note: chromium not installed: the report's rendering is not checked here"
fi

# Bad input: refused before the first step, exit 2, naming what was wrong.
expect 2 "--wallet nope.csv: no such file" -- "$zkc" demo --work "$work/x" --wallet nope.csv
expect 2 "--position nope.csv: no such file" -- "$zkc" demo --work "$work/x" --position nope.csv
expect 2 "--ptau nope.ptau: no such file" -- "$zkc" demo --work "$work/x" --ptau nope.ptau
expect 2 "--epsilon must be positive" -- "$zkc" demo --work "$work/x" --epsilon 0
expect 2 "--utilization must be in [0, 1]" -- "$zkc" demo --work "$work/x" --utilization 2
[[ ! -e $work/x ]] || fail "a refused demo made its work directory"
echo "demo CLI: all checks passed"
