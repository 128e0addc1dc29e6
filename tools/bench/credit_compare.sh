#!/usr/bin/env bash
# The credit proof (default model, Eunice's wallet) with zkcredit, and the same key and witness with
# rapidsnark and snarkjs: prove and verify times, proof size. Every proof is verified by
# `zkcredit verify` and `snarkjs groth16 verify`, and rapidsnark's public.json must equal
# `zkcredit groth16 prove`'s on the same witness (each `zkcredit prove` draws fresh salts, so its
# commitments differ from run to run).
#
# Usage: tools/bench/credit_compare.sh      (prints Markdown; raw timings in $WORK/results.txt)
# Environment:
#   REPS                 runs per prover (default 11; medians are reported)
#   ZKC_BENCH_DIR        work directory (default ${TMPDIR:-/tmp}/zkcredit-credit-bench); keys are kept there
#   ZKCREDIT             default build/release/src/zkc/cli/zkcredit
#   ZKC_LENDING_BENCH    default build/release/bench/zkc_lending_bench (in-process figures; skipped if absent)
#   RAPIDSNARK_PROVER, RAPIDSNARK_VERIFIER   rapidsnark's `prover` and `verifier`, built outside this
#                        repository (skipped with a note when unset)
#   SNARKJS              default tools/bench/node_modules/.bin/snarkjs (npm ci --prefix tools/bench)
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
ZKCREDIT=${ZKCREDIT:-$REPO/build/release/src/zkc/cli/zkcredit}
ZKC_LENDING_BENCH=${ZKC_LENDING_BENCH:-$REPO/build/release/bench/zkc_lending_bench}
SNARKJS=${SNARKJS:-$HERE/node_modules/.bin/snarkjs}
REPS=${REPS:-11}
WORK=${ZKC_BENCH_DIR:-${TMPDIR:-/tmp}/zkcredit-credit-bench}
MODEL=$REPO/data/models/credit_default.json
WALLET=$REPO/data/wallets/eunice.json
ADDR=0x00000000000000000000000000000000000000e1
die() { echo "credit_compare: $*" >&2; exit 2; }
[[ -x $ZKCREDIT ]] || die "no zkcredit at $ZKCREDIT (cmake --preset release && cmake --build --preset release)"
[[ -x $SNARKJS ]] || die "no snarkjs at $SNARKJS (npm ci --prefix $HERE)"
mkdir -p "$WORK"
RESULTS=$WORK/results.txt
: >"$RESULTS"

ms_now() { date +%s%N; }
# time_ms <command...>: runs it, prints its wall time in ms (3 decimals).
time_ms() {
  local t0 t1
  t0=$(ms_now)
  "$@" >/dev/null 2>&1 || die "failed: $*"
  t1=$(ms_now)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f\n", (b - a) / 1e6 }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Keys: a local power-12 ceremony and `zkcredit setup` (kept between runs).
if [[ ! -s $WORK/keys/circuit.json ]]; then
  "$ZKCREDIT" ptau new 12 "$WORK/p0.ptau" >/dev/null
  "$ZKCREDIT" ptau contribute "$WORK/p0.ptau" "$WORK/p1.ptau" --name bench >/dev/null
  "$ZKCREDIT" ptau prepare "$WORK/p1.ptau" "$WORK/pot12.ptau" >/dev/null
  "$ZKCREDIT" setup --model "$MODEL" --ptau "$WORK/pot12.ptau" --out "$WORK/keys" >/dev/null
fi
KEYS=$WORK/keys
PROVE=("$ZKCREDIT" prove --keys "$KEYS" --model "$MODEL" --wallet "$WALLET" --collateral 150000 --loan 100000
       --address "$ADDR" --nonce 7)
"${PROVE[@]}" --out "$WORK/zkc" --wtns "$WORK/credit.wtns" >/dev/null

check_proof() {  # <dir with proof.json and public.json> <name>
  "$ZKCREDIT" verify --keys "$KEYS" --proof "$1" >/dev/null || die "$2: zkcredit verify rejects its proof"
  "$SNARKJS" groth16 verify "$KEYS/verification_key.json" "$1/public.json" "$1/proof.json" 2>&1 | grep -q "OK" ||
    die "$2: snarkjs rejects its proof"
}

declare -A T
for ((i = 0; i < REPS; i++)); do
  # zkcredit prove: the whole command (features, witness, Groth16, files) and its own timings.
  t=$(time_ms "${PROVE[@]}" --out "$WORK/zkc" -v)
  echo "zkcredit_prove_cli $t" >>"$RESULTS"
  "${PROVE[@]}" --out "$WORK/zkc" -v 2>"$WORK/zkc.err" >/dev/null
  sed -n 's/.*witness \([0-9.]*\) ms, prove \([0-9.]*\) ms.*/witness \1\ngroth16 \2/p' "$WORK/zkc.err" |
    while read -r k v; do echo "zkcredit_$k $v" >>"$RESULTS"; done
  check_proof "$WORK/zkc" zkcredit
  # The same key and witness through each Groth16 prover as a process.
  mkdir -p "$WORK/g"
  t=$(time_ms "$ZKCREDIT" groth16 prove "$KEYS/credit.zkey" "$WORK/credit.wtns" "$WORK/g/proof.json" "$WORK/g/public.json")
  echo "zkcredit_groth16_cli $t" >>"$RESULTS"
  check_proof "$WORK/g" "zkcredit groth16 prove"
  if [[ -n ${RAPIDSNARK_PROVER:-} ]]; then
    mkdir -p "$WORK/r"
    t=$(time_ms "$RAPIDSNARK_PROVER" "$KEYS/credit.zkey" "$WORK/credit.wtns" "$WORK/r/proof.json" "$WORK/r/public.json")
    echo "rapidsnark_prove $t" >>"$RESULTS"
    node -e 'const f=require("fs");const a=JSON.parse(f.readFileSync(process.argv[1]));const b=JSON.parse(f.readFileSync(process.argv[2]));
      if (JSON.stringify(a)!==JSON.stringify(b)) process.exit(1)' "$WORK/r/public.json" "$WORK/g/public.json" ||
      die "rapidsnark's public.json differs"
    check_proof "$WORK/r" rapidsnark
  fi
  if ((i < 5)); then  # snarkjs is slow: five runs
    mkdir -p "$WORK/s"
    t=$(time_ms "$SNARKJS" groth16 prove "$KEYS/credit.zkey" "$WORK/credit.wtns" "$WORK/s/proof.json" "$WORK/s/public.json")
    echo "snarkjs_prove $t" >>"$RESULTS"
    check_proof "$WORK/s" snarkjs
  fi
  # Verification as a process.
  t=$(time_ms "$ZKCREDIT" verify --keys "$KEYS" --proof "$WORK/zkc")
  echo "zkcredit_verify_cli $t" >>"$RESULTS"
  if [[ -n ${RAPIDSNARK_VERIFIER:-} ]]; then
    t=$(time_ms "$RAPIDSNARK_VERIFIER" "$KEYS/verification_key.json" "$WORK/zkc/public.json" "$WORK/zkc/proof.json")
    echo "rapidsnark_verify $t" >>"$RESULTS"
  fi
  if ((i < 5)); then
    t=$(time_ms "$SNARKJS" groth16 verify "$KEYS/verification_key.json" "$WORK/zkc/public.json" "$WORK/zkc/proof.json")
    echo "snarkjs_verify_cli $t" >>"$RESULTS"
  fi
done
# A tampered statement must be rejected by both verifiers.
mkdir -p "$WORK/t" && cp "$WORK/zkc/proof.json" "$WORK/t/" &&
  node -e 'const f=require("fs");const s=JSON.parse(f.readFileSync(process.argv[1]));s[0]=String(BigInt(s[0])+1n);
    f.writeFileSync(process.argv[2], JSON.stringify(s))' "$WORK/zkc/public.json" "$WORK/t/public.json"
if "$ZKCREDIT" verify --keys "$KEYS" --proof "$WORK/t" >/dev/null 2>&1; then die "zkcredit verify accepts a tampered score"; fi
if "$SNARKJS" groth16 verify "$KEYS/verification_key.json" "$WORK/t/public.json" "$WORK/t/proof.json" 2>&1 | grep -q "OK"; then
  die "snarkjs accepts a tampered score"
fi

echo "## Credit proof, default model ($(node -e 'console.log(require(process.argv[1]).constraints)' "$KEYS/circuit.json") constraints), medians of $REPS runs (snarkjs: 5)"
echo
echo "| what | ms |"
echo "|---|---|"
for k in zkcredit_witness zkcredit_groth16 zkcredit_prove_cli zkcredit_groth16_cli rapidsnark_prove snarkjs_prove \
  zkcredit_verify_cli rapidsnark_verify snarkjs_verify_cli; do
  v=$(awk -v k="$k" '$1 == k { print $2 }' "$RESULTS" | median)
  [[ -n $v ]] && echo "| $k | $v |"
done
if [[ -x $ZKC_LENDING_BENCH ]]; then
  echo
  echo "In process (Google Benchmark, keys $KEYS):"
  ZKC_CREDIT_KEYS=$KEYS "$ZKC_LENDING_BENCH" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true 2>/dev/null |
    grep -E "median" | sed 's/^/    /'
fi
node -e 'const p=JSON.parse(require("fs").readFileSync(process.argv[1]));
  console.log("\nproof: 2 G1 + 1 G2 points = " + (2*64+128) + " bytes uncompressed (EVM calldata), " + (2*32+64) + " compressed; proof.json " + require("fs").statSync(process.argv[1]).size + " bytes")' "$WORK/zkc/proof.json"
