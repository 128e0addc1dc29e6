#!/usr/bin/env bash
# `zkcredit collateral commit|prove|verify` end to end: an honest proof verifies (exit 0) for the pool's
# ratio and any lower one; a higher required ratio, other commitments and tampered proof files are invalid
# (exit 1); malformed input and impossible statements exit 2 naming what was wrong, and write nothing.
# Usage: collateral_cli_test.sh <zkcredit>
set -euo pipefail
zkc="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
source "$(dirname "$0")/lib.sh"

# edit <in> <out> <js expression on j>: a copy of a JSON file with one change.
edit() {
  node -e 'const fs = require("fs"); const j = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
           eval(process.argv[3]); fs.writeFileSync(process.argv[2], JSON.stringify(j));' "$1" "$2" "$3"
}

"$zkc" collateral commit --collateral 1500000 --loan 1000000 --out "$work/eunice" >"$work/commit.out"
grep -q "Com(C)" "$work/commit.out" || fail "commit summary: $(cat "$work/commit.out")"
[[ $(stat -c %a "$work/eunice/opening.json") == 600 ]] || fail "opening.json is not mode 0600"
grep -q 1500000 "$work/eunice/commitments.json" && fail "the commitments file shows the collateral"
expect_output 2 "exists" -- "$zkc" collateral commit --collateral 1 --loan 1 --out "$work/eunice"
cp "$work/eunice/opening.json" "$work/opening.before"
cmp -s "$work/opening.before" "$work/eunice/opening.json" || fail "a refused commit changed the opening"

"$zkc" collateral prove --opening "$work/eunice/opening.json" --ratio 3/2 --out "$work/proof.json" >"$work/prove.out"
grep -q "proof 800 bytes" "$work/prove.out" || fail "prove summary: $(cat "$work/prove.out")"
expect_output 0 "valid" -- "$zkc" collateral verify --proof "$work/proof.json" --commitments "$work/eunice/commitments.json" --ratio 3/2
expect_output 0 "valid" -- "$zkc" collateral verify --proof "$work/proof.json" --commitments "$work/eunice/commitments.json" --ratio 1.2
expect_output 1 "below the required" -- "$zkc" collateral verify --proof "$work/proof.json" \
  --commitments "$work/eunice/commitments.json" --ratio 1.6
"$zkc" collateral verify --proof "$work/proof.json" --commitments "$work/eunice/commitments.json" --ratio 3/2 --json \
  >"$work/verify.json"
node -e 'const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
         if (j.valid !== true || j.proof_bytes !== 800 || j.ratio !== "3/2") process.exit(1);' "$work/verify.json" ||
  fail "verify --json: $(cat "$work/verify.json")"

# Fresh blinding: a second proof of the same statement differs and verifies too.
"$zkc" collateral prove --opening "$work/eunice/opening.json" --ratio 3/2 --out "$work/proof2.json" >/dev/null
cmp -s "$work/proof.json" "$work/proof2.json" && fail "two proofs are identical"
expect_output 0 "valid" -- "$zkc" collateral verify --proof "$work/proof2.json" --commitments "$work/eunice/commitments.json" --ratio 3/2

# Another borrower with the same amounts (other blindings): her commitments do not match this proof.
"$zkc" collateral commit --collateral 1500000 --loan 1000000 --out "$work/other" >/dev/null
expect_output 1 "other commitments" -- "$zkc" collateral verify --proof "$work/proof.json" \
  --commitments "$work/other/commitments.json" --ratio 3/2
# The same commitments swapped in the commitments file and in the proof file: the statement changes.
edit "$work/eunice/commitments.json" "$work/swapped.json" '[j.collateral, j.loan] = [j.loan, j.collateral]'
edit "$work/proof.json" "$work/swapped-proof.json" '[j.collateral, j.loan] = [j.loan, j.collateral]'
expect_output 1 "invalid" -- "$zkc" collateral verify --proof "$work/swapped-proof.json" --commitments "$work/swapped.json" --ratio 1/1

# Tampered proofs: the ratio (higher and lower), the gap's high commitment, bytes of the range proof.
edit "$work/proof.json" "$work/t.json" 'j.ratio = "1/1"'
expect_output 1 "invalid" -- "$zkc" collateral verify --proof "$work/t.json" --commitments "$work/eunice/commitments.json" --ratio 1/1
edit "$work/proof.json" "$work/t.json" 'j.ratio = "6/4"'
expect_output 1 "invalid" -- "$zkc" collateral verify --proof "$work/t.json" --commitments "$work/eunice/commitments.json" --ratio 1/1
gap2=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).gap_high)' "$work/proof2.json")
edit "$work/proof.json" "$work/t.json" "j.gap_high = '$gap2'"
expect_output 1 "invalid" -- "$zkc" collateral verify --proof "$work/t.json" --commitments "$work/eunice/commitments.json" --ratio 3/2
for pos in 0 1 64 127 700 1300 1598 1599; do
  edit "$work/proof.json" "$work/t.json" \
    "const p = j.proof.split(''); p[$pos] = p[$pos] === '0' ? '1' : '0'; j.proof = p.join('')"
  expect_output 1 "invalid" -- "$zkc" collateral verify --proof "$work/t.json" --commitments "$work/eunice/commitments.json" --ratio 3/2
done

# Bad input: exit 2, the reason named, nothing written.
expect_output 2 "does not cover" -- "$zkc" collateral prove --opening "$work/eunice/opening.json" --ratio 2/1 --out "$work/no.json"
[[ ! -e "$work/no.json" ]] || fail "a refused proof wrote its output"
expect_output 2 "ratio" -- "$zkc" collateral prove --opening "$work/eunice/opening.json" --ratio 3/0 --out "$work/no.json"
expect_output 2 "bits = 12" -- "$zkc" collateral prove --opening "$work/eunice/opening.json" --ratio 3/2 --bits 12 --out "$work/no.json"
expect_output 2 "do not fit n = 8 bits" -- "$zkc" collateral prove --opening "$work/eunice/opening.json" --ratio 3/2 --bits 8 --out "$work/no.json"
[[ ! -e "$work/no.json" ]] || fail "a refused proof wrote its output"
edit "$work/proof.json" "$work/t.json" 'j.bits = 32'
expect_output 2 "/proof" -- "$zkc" collateral verify --proof "$work/t.json" --commitments "$work/eunice/commitments.json" --ratio 3/2
edit "$work/proof.json" "$work/t.json" 'delete j.gap_high'
expect_output 2 "/gap_high" -- "$zkc" collateral verify --proof "$work/t.json" --commitments "$work/eunice/commitments.json" --ratio 3/2
head -c 300 "$work/proof.json" >"$work/t.json"
expect_output 2 "not valid JSON" -- "$zkc" collateral verify --proof "$work/t.json" --commitments "$work/eunice/commitments.json" --ratio 3/2
expect_output 2 "proof.json" -- "$zkc" collateral verify --proof "$work/missing/proof.json" --commitments "$work/eunice/commitments.json" --ratio 3/2
expect_output 2 "/format" -- "$zkc" collateral verify --proof "$work/eunice/commitments.json" --commitments "$work/eunice/commitments.json" --ratio 3/2
expect_output 2 "/format" -- "$zkc" collateral prove --opening "$work/eunice/commitments.json" --ratio 3/2 --out "$work/no.json"
expect_output 2 "loan" -- "$zkc" collateral commit --collateral 5 --loan 0 --out "$work/zero"
[[ ! -e "$work/zero/opening.json" ]] || fail "a refused commit wrote an opening"
echo "collateral CLI: all checks passed"
