#!/usr/bin/env bash
# `zkcredit model train|eval|score` end to end on the shipped Taiwan data, and their errors: each bad
# input exits 2 with a message naming what was wrong, and writes nothing.
# Usage: model_cli_test.sh <zkcredit> <repo data dir>   (needs node, which tools/install-deps.sh installs)
set -euo pipefail
zkc="$1"
data="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
source "$(dirname "$0")/lib.sh"

# Train (small and quick), with per-epoch progress on stderr.
"$zkc" model train --data "$data/taiwan_default/UCI_Credit_Card.csv" --label default --out "$work/m.json" \
  --hidden 8,4 --epochs 8 >"$work/train.out" 2>"$work/train.err"
grep -q "epoch 8: train objective" "$work/train.err" || fail "no per-epoch progress"
grep -q "AUC float" "$work/train.out" || fail "no summary"
[[ -s "$work/m.json" ]] || fail "no model written"

# Eval prints float and quantized figures; --json is valid JSON with both.
"$zkc" model eval --model "$work/m.json" --data "$data/taiwan_default/UCI_Credit_Card.csv" >"$work/eval.out"
grep -q "^float: AUC 0\.[6-9]" "$work/eval.out" || fail "eval: $(cat "$work/eval.out")"
grep -q "^quantized: AUC 0\.[6-9]" "$work/eval.out" || fail "eval quantized"
"$zkc" model eval --model "$work/m.json" --data "$data/taiwan_default/UCI_Credit_Card.csv" --json >"$work/eval.json"
node -e 'const j = JSON.parse(require("fs").readFileSync(process.argv[1]));
  if (!(j.float.auc > 0.6 && j.quantized.auc > 0.6 && j.quantization.flips >= 0)) process.exit(1)' "$work/eval.json" ||
  fail "eval --json: $(head -c 300 "$work/eval.json")"

# Score a history and the equivalent Taiwan record: the same scores.
cat >"$work/history.json" <<'JSON'
{"history": {"balances": [3102, 689, 0, 0, 0, 3913], "collateral": 20000, "debt": 3913,
             "repayments": [0, 0, 0, 0, 689, 0], "delays": [-2, -2, -1, -1, 2, 2]}}
JSON
cat >"$work/record.json" <<'JSON'
{"LIMIT_BAL": 20000, "BILL_AMT1": 3913, "BILL_AMT2": 3102, "BILL_AMT3": 689, "BILL_AMT4": 0,
 "BILL_AMT5": 0, "BILL_AMT6": 0, "PAY_AMT1": 0, "PAY_AMT2": 689, "PAY_AMT3": 0, "PAY_AMT4": 0,
 "PAY_AMT5": 0, "PAY_AMT6": 0, "PAY_0": 2, "PAY_2": 2, "PAY_3": -1, "PAY_4": -1, "PAY_5": -2, "PAY_6": -2}
JSON
"$zkc" model score --model "$work/m.json" --features "$work/record.json" >"$work/s1"
grep -q "^quantized score 0\.[0-9]* ([0-9]* / 2^[0-9]*)" "$work/s1" || fail "score: $(cat "$work/s1")"
grep -q "^decision at threshold" "$work/s1" || fail "score: no decision"
# The history above lists balances oldest first: BILL_AMT6..1 = 0, 0, 0, 689, 3102, 3913 would be the
# record's order; this one is deliberately different, so its score must differ...
"$zkc" model score --model "$work/m.json" --features "$work/history.json" >"$work/s2"
cat >"$work/history.json" <<'JSON'
{"history": {"balances": [0, 0, 0, 689, 3102, 3913], "collateral": 20000, "debt": 3913,
             "repayments": [0, 0, 0, 0, 689, 0], "delays": [-2, -2, -1, -1, 2, 2]}}
JSON
# ...and the record's own history gives exactly the record's output.
"$zkc" model score --model "$work/m.json" --features "$work/history.json" >"$work/s3"
cmp -s "$work/s1" "$work/s3" || fail "record and history scores differ: $(diff "$work/s1" "$work/s3")"
cmp -s "$work/s1" "$work/s2" && fail "a different history gave the same output"

# Errors: exit 2, the message names the problem, nothing written.
printf 'a,b\n1,2\n' >"$work/other.csv"
expect 2 "cannot tell the data's layout" -- "$zkc" model train --data "$work/other.csv" --out "$work/x.json"
expect 2 "missing column 'nolabel'" -- "$zkc" model train --data "$data/taiwan_default/UCI_Credit_Card.csv" --label nolabel --out "$work/x.json"
head -5 "$data/taiwan_default/UCI_Credit_Card.csv" | sed '4s/^20000.0/twenty/;4s/^[0-9.]*/twenty/' >"$work/bad.csv"
expect 2 "line 4, column 'LIMIT_BAL': 'twenty' is not a number" -- "$zkc" model train --data "$work/bad.csv" --out "$work/x.json"
: >"$work/empty.csv"
expect 2 "empty file" -- "$zkc" model train --data "$work/empty.csv" --out "$work/x.json"
expect 2 "cannot open '$work/none.csv'" -- "$zkc" model train --data "$work/none.csv" --out "$work/x.json"
expect 2 "--hidden" -- "$zkc" model train --data "$data/taiwan_default/UCI_Credit_Card.csv" --hidden 16 --out "$work/x.json"
expect 2 "unknown feature mapping 'bogus'" -- "$zkc" model train --data "$data/taiwan_default/UCI_Credit_Card.csv" --mapping bogus --out "$work/x.json"
[[ ! -e "$work/x.json" ]] || fail "a failed train wrote a model"
node -e 'const fs = require("fs"); const j = JSON.parse(fs.readFileSync(process.argv[1]));
  j.quantized.layers[1].bias[0] += 1; fs.writeFileSync(process.argv[2], JSON.stringify(j))' "$work/m.json" "$work/tampered.json"
expect 2 "quantized.layers[1]" -- "$zkc" model score --model "$work/tampered.json" --features "$work/record.json"
echo '{"features": {"collateral_to_loan": 1}}' >"$work/partial.json"
expect 2 "missing field 'features.log_collateral'" -- "$zkc" model score --model "$work/m.json" --features "$work/partial.json"
echo 'not json' >"$work/nojson.json"
expect 2 "not valid JSON" -- "$zkc" model score --model "$work/m.json" --features "$work/nojson.json"
expect 2 "not valid JSON" -- "$zkc" model eval --model "$work/nojson.json" --data "$data/taiwan_default/UCI_Credit_Card.csv"
echo "model CLI: all checks passed"
