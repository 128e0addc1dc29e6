#!/usr/bin/env bash
# CKKS side by side: Microsoft SEAL (tools/bench/seal_ops.cpp, linked against a SEAL installed outside
# this repository) and zkcredit's Google Benchmark binary (build/release/bench/zkc_he_bench), in one
# run, single-threaded, same parameters: N = 8192 with bit sizes [60, 40, 60] and N = 16384 with
# [60, 40, 40, 40, 40, 40, 40, 60] (the last prime special), scale 2^40. Figures are medians of RUNS
# samples (>= 20) in milliseconds per operation.
#
# Operation names are the contract between the two sides: seal_ops prints ops named encode,
# encrypt_public, add, multiply, relinearize, multiply_relinearize, rescale, rotate (1 step), conjugate,
# decrypt_decode, ntt_forward, ntt_inverse (one prime); zkcredit's benchmark for op X at N = 2^k must
# be named BM_he_X/k (BM_ckks_X/k and BM_he_ckks_X/k are accepted too). Ops missing on one side show
# n/a. The ratio column is zkcredit / SEAL (issue 6 wants <= 1.0 for multiply_relinearize and rotate).
#
# Usage: SEAL_PREFIX=/path/to/seal/install tools/bench/he_compare.sh
# Environment:
#   SEAL_PREFIX     SEAL's install prefix (holds include/SEAL-x.y and lib/libseal-x.y.a); required
#   RUNS            samples per op (default 25, at least 20)
#   ZKC_HE_BENCH    default build/release/bench/zkc_he_bench (skipped with a note if absent)
#   ZKC_BENCH_CPU   if set, both sides run under `taskset -c $ZKC_BENCH_CPU`
#   MAX_LOAD        if set, wait (up to 20 min) before each side until the 1-minute load average is
#                   below it
#   CXX             compiler for seal_ops (default g++)
# Outputs: build/bench-peers/seal_ops (binary), seal.json, zkc_he.json, compare.md (also printed).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
OUT=$REPO/build/bench-peers
RUNS=${RUNS:-25}
ZKC_HE_BENCH=${ZKC_HE_BENCH:-$REPO/build/release/bench/zkc_he_bench}
CXX=${CXX:-g++}

die() { echo "he_compare: $*" >&2; exit 1; }
note() { echo "# $*" >&2; }

[[ -n ${SEAL_PREFIX:-} ]] || die "SEAL_PREFIX is not set: point it at an installed Microsoft SEAL (the prefix holding include/SEAL-x.y and lib/libseal-x.y.a)"
[[ -d $SEAL_PREFIX ]] || die "SEAL_PREFIX=$SEAL_PREFIX is not a directory"
shopt -s nullglob
incs=("$SEAL_PREFIX"/include/SEAL-*)
libs=("$SEAL_PREFIX"/lib/libseal-*.a "$SEAL_PREFIX"/lib64/libseal-*.a "$SEAL_PREFIX"/lib/libseal*.so "$SEAL_PREFIX"/lib64/libseal*.so)
shopt -u nullglob
((${#incs[@]} == 1)) || die "expected exactly one include/SEAL-x.y under $SEAL_PREFIX, found ${#incs[@]}"
[[ -f ${incs[0]}/seal/seal.h ]] || die "no seal/seal.h under ${incs[0]}"
((${#libs[@]} >= 1)) || die "no libseal-x.y.a (or libseal.so) under $SEAL_PREFIX/lib or lib64"
((RUNS >= 20)) || die "RUNS must be at least 20"

wait_for_load() {
  [[ -n ${MAX_LOAD:-} ]] || return 0
  local deadline=$((SECONDS + 1200))
  while awk -v m="$MAX_LOAD" '{ exit !($1 >= m) }' /proc/loadavg; do
    ((SECONDS < deadline)) || { note "load still $(cut -d' ' -f1 /proc/loadavg) after 20 min; running anyway"; return 0; }
    sleep 10
  done
}
pin=()
[[ -n ${ZKC_BENCH_CPU:-} ]] && pin=(taskset -c "$ZKC_BENCH_CPU")
export ZKC_THREADS=1 OMP_NUM_THREADS=1

mkdir -p "$OUT"
note "compiling seal_ops against ${incs[0]} and ${libs[0]}"
"$CXX" -std=c++17 -O2 -march=native -DNDEBUG -I"${incs[0]}" "$HERE/seal_ops.cpp" "${libs[0]}" -pthread \
  -Wl,-rpath,"$(dirname "${libs[0]}")" -o "$OUT/seal_ops"

note "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), load $(cut -d' ' -f1 /proc/loadavg)"
wait_for_load
note "running SEAL (seal_ops $RUNS)"
"${pin[@]}" "$OUT/seal_ops" "$RUNS" >"$OUT/seal.json"

rm -f "$OUT/zkc_he.json"
if [[ -x $ZKC_HE_BENCH ]]; then
  wait_for_load
  note "running zkcredit ($ZKC_HE_BENCH)"
  "${pin[@]}" "$ZKC_HE_BENCH" --benchmark_repetitions="$RUNS" --benchmark_report_aggregates_only=true \
    --benchmark_format=json >"$OUT/zkc_he.json"
else
  note "no zkcredit HE benchmark at $ZKC_HE_BENCH (build it: --target zkc_he_bench, or set ZKC_HE_BENCH): SEAL only"
fi

python3 - "$OUT/seal.json" "$OUT/zkc_he.json" >"$OUT/compare.md" <<'EOF'
import json, math, os, re, sys

seal = json.load(open(sys.argv[1]))
ours = {}
if os.path.exists(sys.argv[2]):
    unit = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}
    pat = re.compile(r"^BM_(?:he_ckks|ckks|he)_(\w+)/(\d+)$")
    for b in json.load(open(sys.argv[2]))["benchmarks"]:
        name = b.get("run_name", b["name"])
        m = pat.match(name)
        if not m or b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        ours[(m.group(1), 1 << int(m.group(2)))] = b["real_time"] * unit[b.get("time_unit", "ns")]
print(f"| N | primes (bits) | op | {seal['peer']} ms | zkcredit ms | zkcredit / SEAL |")
print("|---|---|---|---:|---:|---:|")
for c in seal["cases"]:
    z = ours.get((c["op"], c["n"]))
    zs = f"{z:.4g}" if z is not None else "n/a"
    ratio = f"{z / c['ms']:.2f}" if z is not None else "n/a"
    print(f"| {c['n']} | {'+'.join(map(str, c['bits']))} | {c['op']} | {c['ms']:.4g} | {zs} | {ratio} |")
EOF
cat "$OUT/compare.md"
if [[ -f $OUT/zkc_he.json ]]; then note "raw figures: $OUT/seal.json, $OUT/zkc_he.json"; else note "raw figures: $OUT/seal.json"; fi
