#!/usr/bin/env bash
# `zkcredit prove|verify` end to end on the default model with the fixture keys (credit_keys.sh), and
# their failures: a tampered proof or statement is invalid (exit 1); bad input exits 2 with a message
# naming what was wrong and writes nothing. When tools/interop has snarkjs installed, snarkjs verifies
# the same proof (the keys and proof files are snarkjs's formats).
# Usage: credit_cli_test.sh <zkcredit> <repo dir> <fixture dir>   (needs node)
set -euo pipefail
zkc="$1"
repo="$2"
keys="$3/keys"
model="$repo/data/models/credit_default.json"
wallet="$repo/data/wallets/eunice.json"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
source "$(dirname "$0")/lib.sh"
addr=0x00000000000000000000000000000000000000e1

prove() { "$zkc" prove --keys "$keys" --model "$model" --wallet "$wallet" "$@"; }

# A valid proof: files in snarkjs's layout, the opening private, the statement decoded by verify.
prove --collateral 150000 --loan 100000 --address $addr --nonce 7 --out "$work/p" -v >"$work/prove.out" 2>"$work/prove.err"
grep -q "^score 0\.0[0-9]* (" "$work/prove.out" || fail "prove: $(cat "$work/prove.out")"
grep -q "prove .* ms" "$work/prove.err" || fail "prove -v: no timings: $(cat "$work/prove.err")"
[[ $(stat -c %a "$work/p/opening.json") == 600 ]] || fail "opening.json is not private: $(stat -c %a "$work/p/opening.json")"
node -e 'const fs = require("fs"); const p = JSON.parse(fs.readFileSync(process.argv[1] + "/proof.json"));
  const s = JSON.parse(fs.readFileSync(process.argv[1] + "/public.json"));
  if (p.protocol !== "groth16" || p.curve !== "bn128" || s.length !== 6) process.exit(1);
  if (BigInt(s[5]) !== 0xe1n + (7n << 160n)) process.exit(2);           // borrower = address + nonce 2^160
  if (BigInt(s[4]) !== 3n + (2n << 64n)) process.exit(3);               // ratio 3/2 packed
  if (BigInt(s[0]) < 0n || BigInt(s[0]) > 2048n) process.exit(4);       // score in [0, 2^11]' "$work/p" ||
  fail "proof files: $(cat "$work/p/public.json")"
expect_output 0 "valid" -- "$zkc" verify --keys "$keys" --proof "$work/p"
grep -q "^borrower $addr nonce 7$" "$work/out" || fail "verify: $(cat "$work/out")"
grep -q "^collateral covers 3/2 x loan" "$work/out" || fail "verify: $(cat "$work/out")"
"$zkc" verify --keys "$keys" --proof "$work/p" --json >"$work/v.json"
node -e 'const j = JSON.parse(require("fs").readFileSync(process.argv[1])); if (!j.valid || j.nonce !== 7) process.exit(1)' \
  "$work/v.json" || fail "verify --json: $(cat "$work/v.json")"

# The score equals `model score`'s quantized score for the same wallet.
want=$("$zkc" model score --model "$model" --features "$wallet" | sed -n 's/^quantized score [0-9.]* (\([0-9]*\) \/ 2^11)$/\1/p')
got=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1]))[0])' "$work/p/public.json")
[[ -n "$want" && "$want" == "$got" ]] || fail "the proof's score $got differs from model score's $want"

# Tampering: each change makes the proof invalid (exit 1).
tamper() {  # <name> <node expression on (p, s)>
  rm -rf "$work/t" && cp -r "$work/p" "$work/t"
  node -e 'const fs = require("fs"); const d = process.argv[1];
    const p = JSON.parse(fs.readFileSync(d + "/proof.json")); const s = JSON.parse(fs.readFileSync(d + "/public.json"));
    const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
    '"$2"';
    fs.writeFileSync(d + "/proof.json", JSON.stringify(p)); fs.writeFileSync(d + "/public.json", JSON.stringify(s));' "$work/t"
  expect_output 1 "invalid" -- "$zkc" verify --keys "$keys" --proof "$work/t"
}
tamper score 's[0] = String(BigInt(s[0]) + 1n)'
tamper other-sender 's[5] = String(BigInt(s[5]) + 1n)'
tamper other-nonce 's[5] = String(BigInt(s[5]) + (1n << 160n))'
tamper lower-ratio 's[4] = String(1n + (1n << 64n))'
tamper feature-commitment 's[2] = String(BigInt(s[2]) ^ 1n)'
tamper signal-plus-r 's[2] = String(BigInt(s[2]) + R)'
tamper swapped-a-c '[p.pi_a, p.pi_c] = [p.pi_c, p.pi_a]'
tamper negated-a 'p.pi_a[1] = String(21888242871839275222246405745257275088696311157297823662689037894645226208583n - BigInt(p.pi_a[1]))'
tamper off-curve 'p.pi_c[0] = String(BigInt(p.pi_c[0]) + 1n)'

# A second proof of the same statement is different (fresh blinding and salts) and also valid.
prove --collateral 150000 --loan 100000 --address $addr --nonce 7 --out "$work/p2" >/dev/null
cmp -s "$work/p/proof.json" "$work/p2/proof.json" && fail "two proofs are identical"
cmp -s "$work/p/public.json" "$work/p2/public.json" && fail "fresh salts should change the commitments"
expect_output 0 "valid" -- "$zkc" verify --keys "$keys" --proof "$work/p2"
# A pinned feature salt reproduces the feature commitment.
prove --collateral 150000 --loan 100000 --address $addr --nonce 8 --out "$work/p3" --feature-salt 12345 >/dev/null
prove --collateral 170000 --loan 100000 --address $addr --nonce 9 --out "$work/p4" --feature-salt 0x3039 >/dev/null
c3=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1]))[2])' "$work/p3/public.json")
c4=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1]))[2])' "$work/p4/public.json")
[[ "$c3" == "$c4" ]] || fail "the same salt gave different feature commitments"

# Refusals, before any proof: exit 2, nothing written.
expect_output 2 "does not cover 3/2 x loan" -- prove --collateral 149999 --loan 100000 --address $addr --nonce 1 --out "$work/x"
expect_output 2 "loan amount must be at least 1" -- prove --collateral 1 --loan 0 --address $addr --nonce 1 --out "$work/x"
expect_output 2 "address '0x12': expected 0x followed by 40 hex digits" -- prove --collateral 1 --loan 1 --address 0x12 --nonce 1 --out "$work/x"
expect_output 2 "ratio '3/0'" -- prove --collateral 1 --loan 1 --address $addr --nonce 1 --ratio 3/0 --out "$work/x"
expect_output 2 "--feature-salt" -- prove --collateral 2 --loan 1 --address $addr --nonce 1 --feature-salt 0xzz --out "$work/x"
expect_output 2 "nowhere.json" -- "$zkc" prove --keys "$keys" --model "$model" --wallet "$work/nowhere.json" --collateral 2 --loan 1 --address $addr --nonce 1 --out "$work/x"
echo '{"history": {"balances": []}}' >"$work/bad.json"
expect_output 2 "bad.json" -- "$zkc" prove --keys "$keys" --model "$model" --wallet "$work/bad.json" --collateral 2 --loan 1 --address $addr --nonce 1 --out "$work/x"
[[ ! -e "$work/x" ]] || fail "a refused proof wrote $work/x"
# A ratio other than the keys' default is a public input: a proof at 2/1 verifies and says so.
prove --collateral 200000 --loan 100000 --address $addr --nonce 3 --ratio 2/1 --out "$work/r2" >/dev/null
expect_output 0 "collateral covers 2/1 x loan" -- "$zkc" verify --keys "$keys" --proof "$work/r2"

# Broken keys and proof files: exit 2 naming the file.
mkdir -p "$work/k2" && cp "$keys"/* "$work/k2/"
echo '{"format": "zkcredit-credit-circuit", "version": 9}' >"$work/k2/circuit.json"
expect_output 2 "circuit.json: /version: unsupported version 9" -- "$zkc" verify --keys "$work/k2" --proof "$work/p"
cp "$keys/circuit.json" "$work/k2/circuit.json"
head -c 100 "$keys/verification_key.json" >"$work/k2/verification_key.json"
expect_output 2 "verification_key.json" -- "$zkc" verify --keys "$work/k2" --proof "$work/p"
expect_output 2 "nowhere/public.json" -- "$zkc" verify --keys "$keys" --proof "$work/nowhere"
# A manifest naming another model: the proof is valid for the circuit but not for these keys' model.
node -e 'const fs = require("fs"); const f = process.argv[1]; const j = JSON.parse(fs.readFileSync(f));
  j.model_commitment = "1"; fs.writeFileSync(f, JSON.stringify(j))' "$work/k2/circuit.json"
cp "$keys/verification_key.json" "$work/k2/verification_key.json"
expect_output 1 "the proof is for model commitment" -- "$zkc" verify --keys "$work/k2" --proof "$work/p"

# snarkjs verifies our keys' proof (optional: tools/interop's node_modules).
snarkjs="$repo/tools/interop/node_modules/snarkjs/build/cli.cjs"
if [[ -f "$snarkjs" ]]; then
  node "$snarkjs" groth16 verify "$keys/verification_key.json" "$work/p/public.json" "$work/p/proof.json" >"$work/sj" 2>&1 ||
    fail "snarkjs rejects the proof: $(cat "$work/sj")"
  grep -q "OK" "$work/sj" || fail "snarkjs: $(cat "$work/sj")"
  echo "snarkjs groth16 verify: OK"
else
  echo "snarkjs not installed (npm ci --prefix tools/interop): skipped its check"
fi
echo "credit CLI: all checks passed"
