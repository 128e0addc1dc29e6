#!/usr/bin/env bash
# The credit-proof keys for the tests (ctest fixture `credit_keys`): a small Powers-of-Tau ceremony made
# with zkcredit's own commands (new, one contribution, prepare), then `zkcredit setup` on the default
# model. Usage: credit_keys.sh <zkcredit> <repo data dir> <output dir> [power]
set -euo pipefail
zkc="$1"
data="$2"
out="$3"
power="${4:-12}"
mkdir -p "$out"
rm -rf "$out/keys" "$out"/*.ptau
"$zkc" ptau new "$power" "$out/pot_0.ptau" >/dev/null
"$zkc" ptau contribute "$out/pot_0.ptau" "$out/pot_1.ptau" --name "zkcredit test ceremony" >/dev/null
"$zkc" ptau prepare "$out/pot_1.ptau" "$out/pot.ptau" >/dev/null
rm -f "$out/pot_0.ptau" "$out/pot_1.ptau"
"$zkc" setup --model "$data/models/credit_default.json" --ptau "$out/pot.ptau" --out "$out/keys"
for f in credit.zkey verification_key.json Groth16Verifier.sol credit.r1cs circuit.json; do
  [[ -s "$out/keys/$f" ]] || { echo "FAIL: setup did not write $f" >&2; exit 1; }
done
# Anyone can check the keys against the circuit and the ceremony (docs/SECURITY.md, setup assumptions).
"$zkc" zkey verify "$out/keys/credit.r1cs" "$out/pot.ptau" "$out/keys/credit.zkey" >"$out/zkey_verify.txt" ||
  { echo "FAIL: zkey verify rejects the setup's key: $(cat "$out/zkey_verify.txt")" >&2; exit 1; }
