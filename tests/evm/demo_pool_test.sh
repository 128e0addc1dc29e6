#!/usr/bin/env bash
# tools/evm/demo_pool.mjs (the on-chain step of `zkcredit demo`) with a real proof from `zkcredit prove`
# and the credit.keys fixture: the borrow is accepted, tampered proofs are rejected, gas and code sizes
# are in range, the rate at U = 0.5 starts at r_base(0.5) = 0.04 * 0.5 / 0.9 and rises over 30 days for
# a positive score; and its failures: a changed public signal (exit 1 naming InvalidProof, no JSON
# written), a proof for an address outside the VM (exit 1 naming WrongSender), a missing proof file.
# Usage: demo_pool_test.sh <zkcredit> <keys dir> <data dir> <work dir> [<node>]   (default: node on PATH)
# Exit 77 (skipped) when tools/evm/node_modules is missing (npm ci --prefix tools/evm).
set -euo pipefail
zkc="$1"
keys="$2"
data="$3"
work="$4"
node="${5:-node}"
here="$(cd "$(dirname "$0")" && pwd)"
demo="$here/../../tools/evm/demo_pool.mjs"
source "$here/../cli/lib.sh"  # fail, expect

if [[ ! -d "$here/../../tools/evm/node_modules/solc" ]]; then
  echo "skipped: tools/evm/node_modules is missing (npm ci --prefix tools/evm)"
  exit 77
fi
for f in "$keys/circuit.json" "$keys/Groth16Verifier.sol" "$keys/credit.zkey"; do
  [[ -f "$f" ]] || fail "$f is missing (the keys come from the credit.keys fixture: zkcredit ptau + setup)"
done
rm -rf "$work" && mkdir -p "$work"

# The borrower: the VM's account 1 (account 0 owns the pool).
borrower=$("$node" "$demo" --accounts | "$node" -e 'let s = ""; process.stdin.on("data", (d) => (s += d));
  process.stdin.on("end", () => console.log(JSON.parse(s).accounts[1]))')
[[ $borrower =~ ^0x[0-9a-f]{40}$ ]] || fail "--accounts: $borrower"

prove() {  # <address> <nonce> <out dir>
  "$zkc" prove --keys "$keys" --model "$data/models/credit_default.json" --wallet "$data/wallets/eunice.json" \
    --collateral 1500 --loan 1000 --address "$1" --nonce "$2" --out "$3" >/dev/null ||
    fail "zkcredit prove --address $1 --nonce $2"
}
prove "$borrower" 7 "$work/p"

# The borrow, accepted.
"$node" "$demo" "$keys" "$work/p" "$work/demo.json" --utilization 0.5 --days 30 >"$work/demo.out" 2>"$work/demo.err" ||
  fail "demo_pool.mjs exited $?: $(cat "$work/demo.out" "$work/demo.err")"
grep -q "accepted" "$work/demo.out" || fail "summary: $(cat "$work/demo.out")"
"$node" - "$work/demo.json" "$work/p/public.json" "$borrower" <<'EOF' || fail "demo.json: $(cat "$work/demo.json")"
const fs = require('fs');
const [file, publicFile, borrower] = process.argv.slice(2);
const j = JSON.parse(fs.readFileSync(file, 'utf8'));
const score = BigInt(JSON.parse(fs.readFileSync(publicFile, 'utf8'))[0]);
const check = (ok, what) => { if (!ok) { console.error(`demo.json: ${what}`); process.exit(1); } };
const between = (v, lo, hi) => Number.isInteger(v) && v >= lo && v <= hi;
check(j.accepted === true, 'accepted');
check(j.tampered_rejected === true && j.tampered.length >= 2 && j.tampered.every((t) => t.error === 'InvalidProof'),
      'tampered proofs rejected with InvalidProof');
check(j.borrower === borrower && j.nonce === 7, 'borrower and nonce');
check(BigInt(j.score) === score, 'score');
// Gas: a transaction's total (21000 + calldata + execution). verifyProof with 6 signals is about 250k.
check(between(j.gas.verify_proof, 150000, 350000), `gas.verify_proof ${j.gas.verify_proof}`);
check(between(j.gas.borrow, j.gas.verify_proof, 420000), `gas.borrow ${j.gas.borrow}`);
check(between(j.gas.rate_of, 21000, 60000), `gas.rate_of ${j.gas.rate_of}`);
check(between(j.code_bytes.LendingPool, 1000, 24576) && between(j.code_bytes.Groth16Verifier, 500, 24576),
      `code_bytes ${JSON.stringify(j.code_bytes)}`);
// r(0) = r_base(U) = slope1 U / U_opt at the default model, U = 0.5, rounded to the nearest wei.
const WAD = 10n ** 18n;
const start = BigInt(j.rate_wad.start), later = BigInt(j.rate_wad.after_days);
check(start === (4n * WAD / 100n * (WAD / 2n) + 45n * WAD / 100n) / (9n * WAD / 10n), `rate_wad.start ${start}`);
check(score > 0n, 'the test wallet must score above 0');
check(later > start && later < 75n * WAD / 100n, `rate after 30 days ${later} (start ${start})`);
check(Math.abs(j.rate.start - Number(start) / 1e18) < 1e-15 && Math.abs(j.rate.after_days - Number(later) / 1e18) < 1e-15,
      'rate vs rate_wad');
check(/^0\.8\.[0-9]+$/.test(j.solc) && /^@ethereumjs\/vm [0-9]+\.[0-9]+\.[0-9]+$/.test(j.evm), `versions ${j.solc}, ${j.evm}`);
check(['compile', 'deploy', 'borrow'].every((k) => typeof j.seconds[k] === 'number' && j.seconds[k] >= 0), 'seconds');
EOF

# A public signal changed (the position commitment + 1): the pool's checks pass, the proof fails.
mkdir -p "$work/t" && cp "$work/p/proof.json" "$work/t/"
"$node" -e 'const fs = require("fs"); const s = JSON.parse(fs.readFileSync(process.argv[1]));
  s[3] = String(BigInt(s[3]) + 1n); fs.writeFileSync(process.argv[2], JSON.stringify(s))' \
  "$work/p/public.json" "$work/t/public.json"
expect 1 "InvalidProof" -- "$node" "$demo" "$keys" "$work/t" "$work/t.json"
grep -qF "rejected the borrow" "$work/err" || fail "stderr: $(cat "$work/err")"
[[ ! -e "$work/t.json" ]] || fail "a rejected borrow wrote $work/t.json"

# A proof for an address the VM does not hold: nobody can send it.
prove 0x00000000000000000000000000000000000000e1 1 "$work/other"
expect 1 "WrongSender" -- "$node" "$demo" "$keys" "$work/other" "$work/other.json"
grep -qF -- "--address $borrower" "$work/err" || fail "no --address hint: $(cat "$work/err")"

# Missing files.
expect 1 "proof.json is missing" -- "$node" "$demo" "$keys" "$work/nowhere" "$work/x.json"
echo "demo_pool: ok ($(sed -n 's/.*accepted, \([0-9]*\) gas.*/borrow \1 gas/p' "$work/demo.out"))"
