#!/usr/bin/env bash
# `zkcredit monitor`: alerts on the real Aave V2 histories, a resumed run that releases nothing twice,
# standard input, a monitor killed with SIGKILL mid-stream and restarted (the ledger never grants
# budget twice, every released alert is in the ledger, the stream completes), and bad input exiting 2
# with a message naming what was wrong.
# Usage: monitor_cli_test.sh <zkcredit> <aave data dir>   (needs node)
set -euo pipefail
zkc="$1"
aave="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
source "$(dirname "$0")/lib.sh"

# Checks a ledger report and the alerts released (JSON lines) against each other and the policy's c:
# every released alert is in the ledger; with `complete`, every alert in the ledger was released (at
# least once: only a redelivered copy may repeat an alert).
check_ledger() {  # <report.json> <alerts.jsonl> <c> <expected lines or 0> <complete|partial>
  node -e 'const fs = require("fs");
    const [report, alertsFile, c, lines, complete] = process.argv.slice(1);
    const r = JSON.parse(fs.readFileSync(report));
    const fail = (m) => { console.error(m); process.exit(1); };
    for (const p of r.positions) {
      if (p.segments > +c) fail(`${p.position}: ${p.segments} segments > c = ${c}`);
      if (p.alerts > p.segments) fail(`${p.position}: more alerts than segments`);
    }
    const inLedger = new Set(r.alerts.map((a) => `${a.position}#${a.alert}`));
    if (inLedger.size !== r.alerts.length) fail("an alert is in the ledger twice");
    const released = fs.readFileSync(alertsFile, "utf8").split("\n").filter((l) => l).map((l) => JSON.parse(l));
    const seen = new Set();
    for (const e of released.filter((x) => x.event === "alert")) {
      const key = `${e.position}#${e.alert}`;
      if (seen.has(key) && !e.redelivered) fail(`alert ${key} released twice`);
      seen.add(key);
      if (!inLedger.has(key)) fail(`alert ${key} released but not in the ledger`);
    }
    if (complete === "complete" && seen.size !== inLedger.size) fail(`${inLedger.size - seen.size} alerts never released`);
    if (+lines && r.inputs.reduce((s, i) => s + i.lines, 0) !== +lines) fail(`ledger lines ${JSON.stringify(r.inputs)} != ${lines}`);
    console.log(`${r.positions.length} positions, ${r.alerts.length} alerts in the ledger, ${seen.size} released`);' \
    "$@"
}

# 1. The ten real Aave V2 histories, all ending in liquidation.
files=("$aave"/*.csv)
[[ ${#files[@]} == 10 ]] || fail "expected the ten Aave histories in $aave"
inputs=()
for f in "${files[@]}"; do inputs+=(--input "$f"); done
"$zkc" monitor "${inputs[@]}" --epsilon 4 --threshold 1.35 --sensitivity 0.01 --ledger "$work/aave.db" \
  >"$work/aave.jsonl" 2>"$work/aave.err"
grep -q "10 positions in the ledger" "$work/aave.err" || fail "summary: $(cat "$work/aave.err")"
alerts=$(grep -c '"event":"alert"' "$work/aave.jsonl" || true)
((alerts >= 5)) || fail "only $alerts of the 10 liquidated positions raised an alert: $(cat "$work/aave.jsonl")"
grep -q '"event":"exhausted"' "$work/aave.jsonl" || fail "with c = 1 an alert exhausts its position"
"$zkc" monitor --ledger "$work/aave.db" --report >"$work/aave.report"
total=$(cat "${files[@]}" | wc -l)
check_ledger "$work/aave.report" "$work/aave.jsonl" 1 "$total" complete >/dev/null || fail "Aave ledger"
# The alert stream never carries a ratio.
! grep -q ratio "$work/aave.jsonl" || fail "an alert reveals a ratio"
# Run again: everything is in the ledger, nothing is released twice.
"$zkc" monitor "${inputs[@]}" --epsilon 4 --threshold 1.35 --sensitivity 0.01 --ledger "$work/aave.db" \
  >"$work/again.jsonl" 2>"$work/again.err"
[[ ! -s $work/again.jsonl ]] || fail "a rerun released events again: $(cat "$work/again.jsonl")"
grep -q "($total skipped" "$work/again.err" || fail "rerun: $(cat "$work/again.err")"

# 2. Standard input, JSON lines, appended to --output.
printf '{"position":"a","timestamp":1,"ratio":1.6}\n{"position":"a","timestamp":2,"collateral":1,"debt":2}\n' |
  "$zkc" monitor --input - --format jsonl --epsilon 10 --sensitivity 0.0001 --ledger "$work/stdin.db" \
    --output "$work/stdin.jsonl" 2>/dev/null
grep -q '"position":"a"' "$work/stdin.jsonl" || fail "stdin: $(cat "$work/stdin.jsonl")"
# Standard input is a new stream each run, unless named: a named one resumes where it stopped.
printf 'position,ratio\nb,1.9\nc,1.9\n' >"$work/two.csv"
for run in 1 2; do
  "$zkc" monitor --input - --format csv --epsilon 1 --ledger "$work/stdin2.db" <"$work/two.csv" >/dev/null 2>"$work/stdin.err"
  grep -q "3 lines (0 skipped" "$work/stdin.err" || fail "unnamed stdin run $run: $(cat "$work/stdin.err")"
done
"$zkc" monitor --input - --format csv --stream-name feed --epsilon 1 --ledger "$work/stdin2.db" <"$work/two.csv" >/dev/null 2>&1
"$zkc" monitor --input - --format csv --stream-name feed --epsilon 1 --ledger "$work/stdin2.db" <"$work/two.csv" \
  2>"$work/stdin.err"
grep -q "3 lines (3 skipped" "$work/stdin.err" || fail "named stdin did not resume: $(cat "$work/stdin.err")"
expect 2 "--stream-name names standard input" -- "$zkc" monitor --input "$work/two.csv" --stream-name x --epsilon 1 --ledger "$work/stdin2.db"

# 3. Killed mid-stream (SIGKILL: no chance to clean up) and restarted.
awk 'BEGIN { srand(5); print "position,timestamp,ratio";
  for (i = 0; i < 1000000; i++) printf "p%d,%d,%.4f\n", i % 20000, i, 1.15 + rand() * 0.9 }' >"$work/big.csv"
"$zkc" monitor --input "$work/big.csv" --epsilon 1 --alerts 3 --sensitivity 0.02 --ledger "$work/big.db" \
  --output "$work/big.jsonl" --batch-lines 20000 2>/dev/null &
pid=$!
sleep 0.4
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
"$zkc" monitor --ledger "$work/big.db" --report >"$work/killed.report"
echo "after the kill: $(check_ledger "$work/killed.report" "$work/big.jsonl" 3 0 partial)" || fail "ledger after the kill"
"$zkc" monitor --input "$work/big.csv" --epsilon 1 --alerts 3 --sensitivity 0.02 --ledger "$work/big.db" \
  --output "$work/big.jsonl" --batch-lines 20000 2>"$work/restart.err"
echo "restart: $(head -c 200 "$work/restart.err")"
"$zkc" monitor --ledger "$work/big.db" --report >"$work/final.report"
echo "final: $(check_ledger "$work/final.report" "$work/big.jsonl" 3 1000001 complete)" || fail "ledger after the restart"
# A second process on a ledger in use is refused (exclusive lock). The holder reads a FIFO: it opens the
# ledger before its input, and opening the FIFO for writing returns only once the holder has opened it
# for reading, so from then on the holder has the ledger (no timing involved).
mkfifo "$work/feed"
"$zkc" monitor --input "$work/feed" --format csv --epsilon 1 --alerts 3 --sensitivity 0.02 \
  --ledger "$work/big.db" >/dev/null 2>"$work/holder.err" &
holder=$!
exec 3>"$work/feed"
expect 2 "in use by another process" -- "$zkc" monitor --ledger "$work/big.db" --report
expect 2 "in use by another process" -- "$zkc" monitor --input "$work/big.csv" --epsilon 1 --alerts 3 \
  --sensitivity 0.02 --ledger "$work/big.db"
echo "position,ratio" >&3
exec 3>&-
wait "$holder" || fail "the holder failed: $(cat "$work/holder.err")"

# 4. Bad input: exit 2, naming what was wrong, and no ledger made by a refused run.
csv="${files[0]}"
expect 2 "--epsilon is required" -- "$zkc" monitor --input "$csv" --ledger "$work/x.db"
expect 2 "--ledger is required" -- "$zkc" monitor --input "$csv" --epsilon 1
expect 2 "--input is required" -- "$zkc" monitor --epsilon 1 --ledger "$work/x.db"
expect 2 "--threshold: \"1.23456\" has more than 4 decimals" -- "$zkc" monitor --input "$csv" --epsilon 1 --threshold 1.23456 --ledger "$work/x.db"
expect 2 "--epsilon must be positive" -- "$zkc" monitor --input "$csv" --epsilon 0 --ledger "$work/x.db"
expect 2 "--epsilon: \"abc\"" -- "$zkc" monitor --input "$csv" --epsilon abc --ledger "$work/x.db"
expect 2 "max_alerts" -- "$zkc" monitor --input "$csv" --epsilon 1 --alerts 0 --ledger "$work/x.db"
expect 2 "clamp" -- "$zkc" monitor --input "$csv" --epsilon 1 --clamp-lo 2 --clamp-hi 1 --ledger "$work/x.db"
expect 2 "--input $work/missing.csv" -- "$zkc" monitor --input "$work/missing.csv" --epsilon 1 --ledger "$work/x.db"
expect 2 "is a directory" -- "$zkc" monitor --input "$work" --epsilon 1 --ledger "$work/x.db"
echo "position,ratio" >"$work/s.txt"
expect 2 "--format" -- "$zkc" monitor --input "$work/s.txt" --epsilon 1 --ledger "$work/x.db"
expect 2 "--input - needs --format" -- "$zkc" monitor --input - --epsilon 1 --ledger "$work/x.db"
[[ ! -e $work/x.db ]] || fail "a refused run made a ledger"
printf 'position,ratio\na,1.5\nb,x\n' >"$work/bad.csv"
expect 2 "bad.csv: line 3: column \"ratio\" is not a finite number: \"x\"" -- \
  "$zkc" monitor --input "$work/bad.csv" --epsilon 1 --ledger "$work/bad.db"
expect 2 "was made with --epsilon 1.0, and this run asks for 2.0" -- \
  "$zkc" monitor --input "$csv" --epsilon 2 --ledger "$work/bad.db"
echo "not a database at all, just text that is long enough to fill a SQLite header page......" >"$work/text.db"
expect 2 "is not a SQLite database" -- "$zkc" monitor --input "$csv" --epsilon 1 --ledger "$work/text.db"
expect 2 "does not exist" -- "$zkc" monitor --ledger "$work/none.db" --report
expect 2 "--report takes no --epsilon" -- "$zkc" monitor --ledger "$work/aave.db" --report --epsilon 1
echo "monitor CLI: all checks passed"
