#!/usr/bin/env bash
# `zkcredit rate`: the closed form and the integrated ODE agree, the table rises with the score, and bad
# parameters exit 2 naming the parameter.
# Usage: rate_cli_test.sh <zkcredit>   (needs node)
set -euo pipefail
zkc="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
source "$(dirname "$0")/lib.sh"

"$zkc" rate --score 0.35 --utilization 0.92 --days 90 --json >"$work/exact.json"
"$zkc" rate --score 0.35 --utilization 0.92 --days 90 --json --numeric >"$work/numeric.json"
node -e 'const fs = require("fs");
  const a = JSON.parse(fs.readFileSync(process.argv[1])), b = JSON.parse(fs.readFileSync(process.argv[2]));
  if (!(Math.abs(a.rate - b.rate) <= 1e-9 * a.rate)) { console.error(a.rate, b.rate); process.exit(1); }
  if (!(a.rate > a.base_rate)) { console.error("a risk of 0.35 must raise the rate"); process.exit(1); }' \
  "$work/exact.json" "$work/numeric.json" || fail "closed form against the integrator"
"$zkc" rate --table --utilization 0.5 --days 30 --json >"$work/table.json"
node -e 'const t = JSON.parse(require("fs").readFileSync(process.argv[1]));
  if (t.length !== 11) process.exit(1);
  for (let i = 1; i < t.length; ++i) if (!(t[i].rate > t[i - 1].rate)) process.exit(1);' "$work/table.json" ||
  fail "the table must rise with the score: $(cat "$work/table.json")"
"$zkc" rate --score 1 --days 0 | grep -q "rate 2.2222 %" || fail "at t = 0 the rate is the pool's base rate"

expect 2 "score" -- "$zkc" rate --score 1.5
expect 2 "utilization" -- "$zkc" rate --score 0.5 --utilization 2
expect 2 "days" -- "$zkc" rate --score 0.5 --days -1
expect 2 "optimal utilization" -- "$zkc" rate --score 0.5 --u-opt 1
expect 2 "top rate" -- "$zkc" rate --score 0.5 --r-max 0.1
expect 2 "k =" -- "$zkc" rate --score 0.5 --k -1
expect 2 "--score is required" -- "$zkc" rate
echo "rate CLI: all checks passed"
