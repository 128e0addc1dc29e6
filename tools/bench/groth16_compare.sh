#!/usr/bin/env bash
# Groth16 provers side by side on the same .zkey and .wtns: `zkcredit groth16 prove`, `snarkjs
# groth16 prove` (tools/bench/package-lock.json) and rapidsnark's `prover` (when RAPIDSNARK_PROVER
# names an executable built outside this repository). Each prover runs REPS times per size
# (interleaved); wall time is taken around the process, peak memory is GNU time's maximum resident
# set size (the figure `/usr/bin/time -v` prints), CPU time shows whether both cores were used. Every
# proof is checked by `zkcredit groth16 verify` AND `snarkjs groth16 verify` against snarkjs's export
# of the verification key, and every prover's public.json must equal zkcredit's, so a fast wrong
# prover cannot win; a tampered public signal must be rejected by both verifiers.
#
# Fixtures (bench/groth16_fixture.cpp): a multiplier chain of 2^k - 16 constraints, its witness, and a
# key from groth16::setup over an SRS with KNOWN secrets (benchmark only). For REAL_KEY_SIZES the key
# is also made the normal way, entirely by snarkjs (powersoftau new/contribute/prepare phase2, groth16
# setup, zkey contribute), and for ZKC_KEY_SIZES by zkcredit's own ptau and setup commands (checked
# by `snarkjs zkey verify`); the three provers run on those keys too.
#
# Usage: tools/bench/groth16_compare.sh            (prints Markdown tables; raw data in $WORK/results)
# Environment:
#   SIZES="12 14 16 18 20"  log2 of the domains      REAL_KEY_SIZES="12"  sizes that get a snarkjs key too
#   ZKC_KEY_SIZES="14"      sizes that also get a key from zkcredit's ptau + setup (checked by snarkjs zkey verify)
#   REPS                    runs per prover and size (default 3, and 1 at 2^20 and above)
#   PROVERS                 default "zkcredit rapidsnark snarkjs" (zkcredit first); e.g. drop snarkjs for
#                           more runs of the other two at 2^20
#   ZKC_THREADS             threads for zkcredit (default: nproc; rapidsnark and snarkjs use all cores)
#   ZKC_BENCH_DIR           work directory for fixtures and outputs (default ${TMPDIR:-/tmp}/zkcredit-bench)
#   ZKCREDIT, FIXTURE_GEN   default build/release/src/zkc/cli/zkcredit, build/release/bench/zkc_groth16_fixture
#   ZKC_GROTH16_BENCH       default build/release/bench/zkc_groth16_bench (library verify time; skipped if absent)
#   RAPIDSNARK_PROVER       rapidsnark's `prover` (skipped with a note when unset)
#   RAPIDSNARK_VERIFIER     rapidsnark's `verifier` (verification time; optional)
#   MIN_IDLE, MAX_LOAD      if set, wait (up to 20 min) before each run until the CPUs were at least
#                           MIN_IDLE idle (or running niced jobs) over 5 s (e.g. 0.9) and the 1-minute load average is below
#                           MAX_LOAD; the load and idle fraction before every run are recorded
#   SNARKJS_CHECK_MAX       largest k for which `snarkjs wtns check` re-checks the fixture (default 16)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
ZKCREDIT=${ZKCREDIT:-$REPO/build/release/src/zkc/cli/zkcredit}
FIXTURE_GEN=${FIXTURE_GEN:-$REPO/build/release/bench/zkc_groth16_fixture}
ZKC_GROTH16_BENCH=${ZKC_GROTH16_BENCH:-$REPO/build/release/bench/zkc_groth16_bench}
SNARKJS=${SNARKJS:-$HERE/node_modules/.bin/snarkjs}
WORK=${ZKC_BENCH_DIR:-${TMPDIR:-/tmp}/zkcredit-bench}
SIZES=${SIZES:-12 14 16 18 20}
REAL_KEY_SIZES=${REAL_KEY_SIZES:-12}
ZKC_KEY_SIZES=${ZKC_KEY_SIZES:-14}
SNARKJS_CHECK_MAX=${SNARKJS_CHECK_MAX:-16}
export ZKC_THREADS=${ZKC_THREADS:-$(nproc)}

die() { echo "groth16_compare: $*" >&2; exit 1; }
note() { echo "# $*" >&2; }

[[ -x $ZKCREDIT ]] || die "no zkcredit at $ZKCREDIT (cmake --build --preset release --target zkcredit, or set ZKCREDIT)"
[[ -x $FIXTURE_GEN ]] || die "no fixture generator at $FIXTURE_GEN (--target zkc_groth16_fixture, or set FIXTURE_GEN)"
[[ -x $SNARKJS ]] || die "no snarkjs at $SNARKJS (run: npm ci --prefix $HERE)"
[[ -x /usr/bin/time ]] || die "GNU time (/usr/bin/time) is needed for peak memory (apt-get install time)"
if [[ -n ${RAPIDSNARK_PROVER:-} ]]; then
  [[ -x $RAPIDSNARK_PROVER ]] || die "RAPIDSNARK_PROVER=$RAPIDSNARK_PROVER is not an executable"
else
  note "RAPIDSNARK_PROVER is not set: rapidsnark is skipped (its columns read n/a)"
fi

mkdir -p "$WORK/fixtures" "$WORK/results"
RUNS=$WORK/results/runs.csv      # label,k,prover,rep,wall_ms,user_s,sys_s,maxrss_kb,load1,idle
VERIFY=$WORK/results/verify.csv  # label,k,tool,ms
PHASES=$WORK/results/phases.csv  # label,k,rep,load_ms,rows_ms,ntt_ms,msm_ms,prove_ms,total_ms
echo "label,k,prover,rep,wall_ms,user_s,sys_s,maxrss_kb,load1,idle" >"$RUNS"
echo "label,k,tool,ms" >"$VERIFY"
echo "label,k,rep,load_ms,rows_ms,ntt_ms,msm_ms,prove_ms,total_ms" >"$PHASES"

load1() { cut -d' ' -f1 /proc/loadavg; }
now_ns() { date +%s%N; }

# Available fraction of all CPUs over the next $1 seconds (from /proc/stat): idle + iowait, plus
# the time of niced processes (background builds at nice 10 get ~1/10 of a core against a prover).
idle_fraction() {
  local a b
  a=$(awk '/^cpu / { print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $3 + $5 + $6 }' /proc/stat)
  sleep "$1"
  b=$(awk '/^cpu / { print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $3 + $5 + $6 }' /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " "); t = y[1] - x[1]; printf "%.2f", (t > 0) ? (y[2] - x[2]) / t : 1 }'
}

# Before each run: wait (up to 20 min) until the CPUs were at least $MIN_IDLE idle or niced over 5 s
# (other users of the machine quiet or in the background), then until the 1-minute load average is below $MAX_LOAD. Either
# check is off when its variable is unset. Sets `idle` (the last 5 s idle fraction; "-" when off).
wait_for_quiet() {
  local since=$SECONDS
  idle=-
  while :; do
    local ok=1
    if [[ -n ${MIN_IDLE:-} ]]; then
      idle=$(idle_fraction 5)
      awk -v i="$idle" -v m="$MIN_IDLE" 'BEGIN { exit !(i < m) }' && ok=0
    fi
    if [[ -n ${MAX_LOAD:-} ]]; then
      awk -v l="$(load1)" -v m="$MAX_LOAD" 'BEGIN { exit !(l >= m) }' && ok=0
    fi
    ((ok)) && return 0
    ((SECONDS - since >= 1200)) && { note "still busy after 20 min (idle $idle, load $(load1)); running anyway"; return 0; }
    sleep 10
  done
}

# timed <dir> <command...>: runs the command under GNU time; leaves wall_ms, user, sys, rss_kb, load.
timed() {
  local dir=$1
  shift
  mkdir -p "$dir"
  wait_for_quiet
  load=$(load1)
  local t0 t1
  t0=$(now_ns)
  if ! /usr/bin/time -f '%U %S %M' -o "$dir/time" "$@" >"$dir/stdout" 2>"$dir/stderr"; then
    cat "$dir/stderr" >&2
    die "failed: $*"
  fi
  t1=$(now_ns)
  wall_ms=$(((t1 - t0) / 1000000))
  read -r user sys rss_kb < <(tail -n 1 "$dir/time")
}

# The JSON arrays in two public.json files are equal (as values, whitespace aside).
same_json() { node -e 'const fs=require("fs");const [a,b]=process.argv.slice(1).map(f=>JSON.stringify(JSON.parse(fs.readFileSync(f,"utf8"))));process.exit(a===b?0:1)' "$1" "$2"; }

# Both verifiers must accept <dir>/proof.json with <dir>/public.json.
verify_both() {
  local dir=$1 vk=$2 what=$3
  "$ZKCREDIT" groth16 verify "$vk" "$dir/public.json" "$dir/proof.json" >"$dir/verify_zkc" 2>&1 ||
    die "$what: zkcredit groth16 verify rejects the proof ($(cat "$dir/verify_zkc"))"
  "$SNARKJS" groth16 verify "$vk" "$dir/public.json" "$dir/proof.json" >"$dir/verify_snarkjs" 2>&1 ||
    die "$what: snarkjs groth16 verify rejects the proof ($(tail -n 2 "$dir/verify_snarkjs"))"
  grep -q "OK" "$dir/verify_snarkjs" || die "$what: snarkjs groth16 verify did not print OK"
}

# A public signal changed by one must be rejected by both verifiers (a check that can fail).
negative_control() {
  local dir=$1 vk=$2
  node -e 'const fs=require("fs");const p=JSON.parse(fs.readFileSync(process.argv[1],"utf8"));p[0]=(BigInt(p[0])+1n).toString();fs.writeFileSync(process.argv[2],JSON.stringify(p))' \
    "$dir/public.json" "$dir/public_tampered.json"
  if "$ZKCREDIT" groth16 verify "$vk" "$dir/public_tampered.json" "$dir/proof.json" >/dev/null 2>&1; then
    die "zkcredit groth16 verify accepts a tampered public signal"
  fi
  if "$SNARKJS" groth16 verify "$vk" "$dir/public_tampered.json" "$dir/proof.json" >/dev/null 2>&1; then
    die "snarkjs groth16 verify accepts a tampered public signal"
  fi
}

make_fixture() {
  local k=$1 stem=$WORK/fixtures/mulchain_$1
  if [[ -f ${stem}_toxic.zkey && -f $stem.wtns && -f $stem.r1cs && -z ${REGEN:-} ]]; then
    note "2^$k: reusing $stem.{r1cs,wtns} and ${stem}_toxic.zkey"
  else
    note "2^$k: generating fixtures"
    "$FIXTURE_GEN" "$k" "$WORK/fixtures" >&2
  fi
  if ((k <= SNARKJS_CHECK_MAX)); then
    "$SNARKJS" wtns check "$stem.r1cs" "$stem.wtns" >"$WORK/fixtures/wtns_check_$k.log" 2>&1 ||
      die "snarkjs wtns check rejects the 2^$k fixture (see $WORK/fixtures/wtns_check_$k.log)"
    grep -q "WITNESS IS CORRECT" "$WORK/fixtures/wtns_check_$k.log" || die "snarkjs wtns check: unexpected output"
    note "2^$k: snarkjs wtns check: the witness satisfies the .r1cs"
  fi
}

# The key made the normal way, by snarkjs alone: a fresh Powers of Tau with one contribution,
# prepared for phase 2, then groth16 setup and one phase-2 contribution.
make_real_key() {
  local k=$1 dir=$WORK/real_$1 p=$1
  mkdir -p "$dir"
  if [[ -f $dir/final.zkey && -z ${REGEN:-} ]]; then
    note "2^$k: reusing the snarkjs key $dir/final.zkey"
    return
  fi
  note "2^$k: making a key with snarkjs (ptau power $p; prepare phase2 takes minutes)"
  local t0
  t0=$(now_ns)
  "$SNARKJS" powersoftau new bn128 "$p" "$dir/pot_0000.ptau" >"$dir/ptau.log" 2>&1
  "$SNARKJS" powersoftau contribute "$dir/pot_0000.ptau" "$dir/pot_0001.ptau" --name=bench -e="zkcredit bench $k" >>"$dir/ptau.log" 2>&1
  "$SNARKJS" powersoftau prepare phase2 "$dir/pot_0001.ptau" "$dir/pot_final.ptau" >>"$dir/ptau.log" 2>&1
  "$SNARKJS" groth16 setup "$WORK/fixtures/mulchain_$k.r1cs" "$dir/pot_final.ptau" "$dir/0000.zkey" >"$dir/setup.log" 2>&1
  "$SNARKJS" zkey contribute "$dir/0000.zkey" "$dir/final.zkey" --name=bench -e="zkcredit bench zkey $k" >>"$dir/setup.log" 2>&1
  rm -f "$dir/pot_0000.ptau" "$dir/0000.zkey"
  note "2^$k: snarkjs key made in $((($(now_ns) - t0) / 1000000000)) s"
}

# The key made by zkcredit's own ceremony and setup commands (ptau new/contribute/prepare, groth16
# setup, zkey contribute), checked independently by `snarkjs zkey verify` against the .r1cs and .ptau.
make_zkc_key() {
  local k=$1 dir=$WORK/zkc_$1
  mkdir -p "$dir"
  if [[ -f $dir/final.zkey && -z ${REGEN:-} ]]; then
    note "2^$k: reusing the zkcredit key $dir/final.zkey"
    return
  fi
  note "2^$k: making a key with zkcredit ptau + groth16 setup (ptau power $k)"
  local t0
  t0=$(now_ns)
  {
    "$ZKCREDIT" ptau new "$k" "$dir/pot_0000.ptau"
    "$ZKCREDIT" ptau contribute "$dir/pot_0000.ptau" "$dir/pot_0001.ptau" --name bench -e "zkcredit bench $k"
    "$ZKCREDIT" ptau prepare "$dir/pot_0001.ptau" "$dir/pot_final.ptau"
    "$ZKCREDIT" groth16 setup "$WORK/fixtures/mulchain_$k.r1cs" "$dir/pot_final.ptau" "$dir/0000.zkey"
    "$ZKCREDIT" zkey contribute "$dir/0000.zkey" "$dir/final.zkey" --name bench -e "zkcredit bench zkey $k"
  } >"$dir/make.log" 2>&1 || die "2^$k: zkcredit's ceremony or setup failed (see $dir/make.log)"
  note "2^$k: zkcredit key made in $((($(now_ns) - t0) / 1000000)) ms"
  "$SNARKJS" zkey verify "$WORK/fixtures/mulchain_$k.r1cs" "$dir/pot_final.ptau" "$dir/final.zkey" >"$dir/snarkjs_zkey_verify.log" 2>&1 ||
    die "2^$k: snarkjs zkey verify rejects zkcredit's key (see $dir/snarkjs_zkey_verify.log)"
  grep -q "ZKey Ok" "$dir/snarkjs_zkey_verify.log" || die "2^$k: snarkjs zkey verify did not print ZKey Ok"
  note "2^$k: snarkjs zkey verify accepts zkcredit's key"
  rm -f "$dir/pot_0000.ptau" "$dir/0000.zkey"
}

# bench_key <label> <k> <zkey>: every prover REPS times on <zkey> and the 2^k witness.
bench_key() {
  local label=$1 k=$2 zkey=$3
  local wtns=$WORK/fixtures/mulchain_$k.wtns out=$WORK/runs/$label
  local reps=${REPS:-$((k >= 20 ? 1 : 3))}
  rm -rf "$out"
  mkdir -p "$out"
  "$SNARKJS" zkey export verificationkey "$zkey" "$out/vk.json" >/dev/null 2>&1 || die "snarkjs cannot export the key of $zkey"
  "$ZKCREDIT" zkey export-vkey "$zkey" "$out/vk_zkcredit.json" || die "zkcredit zkey export-vkey failed on $zkey"
  same_json "$out/vk.json" "$out/vk_zkcredit.json" || note "$label: zkcredit's and snarkjs's verification_key.json differ (vk from snarkjs used)"
  local provers=${PROVERS:-zkcredit rapidsnark snarkjs}
  [[ -n ${RAPIDSNARK_PROVER:-} ]] || provers=${provers/rapidsnark/}
  [[ $provers == zkcredit* ]] || die "PROVERS must start with zkcredit (the reference for the public signals)"
  for rep in $(seq 1 "$reps"); do
    for prover in $provers; do
      local d=$out/$prover-$rep
      case $prover in
        zkcredit) timed "$d" "$ZKCREDIT" groth16 prove -v "$zkey" "$wtns" "$d/proof.json" "$d/public.json" ;;
        rapidsnark) timed "$d" "$RAPIDSNARK_PROVER" "$zkey" "$wtns" "$d/proof.json" "$d/public.json" ;;
        snarkjs) timed "$d" "$SNARKJS" groth16 prove "$zkey" "$wtns" "$d/proof.json" "$d/public.json" ;;
      esac
      echo "$label,$k,$prover,$rep,$wall_ms,$user,$sys,$rss_kb,$load,$idle" >>"$RUNS"
      note "$label $prover run $rep: $wall_ms ms, $((rss_kb / 1024)) MB, cpu $user+$sys s, load $load, idle before $idle"
      verify_both "$d" "$out/vk.json" "$label $prover run $rep"
      [[ $prover == zkcredit ]] || same_json "$d/public.json" "$out/zkcredit-1/public.json" ||
        die "$label: $prover's public signals differ from zkcredit's"
      if [[ $prover == zkcredit ]]; then
        # "zkcredit: load L ms, witness rows R ms, NTT N ms, MSM M ms, prove P ms, total T ms"
        sed -n 's/^zkcredit: load \([0-9.e+]*\) ms, witness rows \([0-9.e+]*\) ms, NTT \([0-9.e+]*\) ms, MSM \([0-9.e+]*\) ms, prove \([0-9.e+]*\) ms, total \([0-9.e+]*\) ms$/\1,\2,\3,\4,\5,\6/p' \
          "$d/stderr" | sed "s/^/$label,$k,$rep,/" >>"$PHASES"
      fi
    done
  done
  negative_control "$out/zkcredit-1" "$out/vk.json"

  # Verification: CLI wall times (process start included) and snarkjs in process.
  local d=$out/zkcredit-1 t0 t1
  for tool in zkcredit snarkjs rapidsnark; do
    local cmd
    case $tool in
      zkcredit) cmd=("$ZKCREDIT" groth16 verify "$out/vk.json" "$d/public.json" "$d/proof.json") ;;
      snarkjs) cmd=("$SNARKJS" groth16 verify "$out/vk.json" "$d/public.json" "$d/proof.json") ;;
      rapidsnark) [[ -n ${RAPIDSNARK_VERIFIER:-} ]] || continue
        cmd=("$RAPIDSNARK_VERIFIER" "$out/vk.json" "$d/public.json" "$d/proof.json") ;;
    esac
    local best=
    for _ in 1 2 3 4 5; do
      t0=$(now_ns)
      "${cmd[@]}" >/dev/null 2>&1 || die "$tool verifier rejects $d/proof.json"
      t1=$(now_ns)
      local ms=$(((t1 - t0) / 1000))
      [[ -z $best || $ms -lt $best ]] && best=$ms
    done
    echo "$label,$k,${tool}_cli,$(awk -v u="$best" 'BEGIN { printf "%.1f", u / 1000 }')" >>"$VERIFY"
  done
  local best=
  for _ in 1 2 3 4 5; do
    t0=$(now_ns)
    "$ZKCREDIT" --version >/dev/null
    t1=$(now_ns)
    [[ -z $best || $(((t1 - t0) / 1000)) -lt $best ]] && best=$(((t1 - t0) / 1000))
  done
  echo "$label,$k,zkcredit_startup,$(awk -v u="$best" 'BEGIN { printf "%.1f", u / 1000 }')" >>"$VERIFY"
  echo "$label,$k,snarkjs_inprocess,$(node "$HERE/verify_time.mjs" "$out/vk.json" "$d/public.json" "$d/proof.json")" >>"$VERIFY"
}

note "work directory $WORK; ZKC_THREADS=$ZKC_THREADS; $(nproc) cores; load $(cat /proc/loadavg)"
START_UPTIME=$(uptime)
for k in $SIZES; do
  make_fixture "$k"
  for rk in $REAL_KEY_SIZES; do [[ $rk == "$k" ]] && make_real_key "$k"; done
  for zk in $ZKC_KEY_SIZES; do [[ $zk == "$k" ]] && make_zkc_key "$k"; done
done
for k in $SIZES; do
  bench_key "2^$k" "$k" "$WORK/fixtures/mulchain_${k}_toxic.zkey"
  for rk in $REAL_KEY_SIZES; do
    [[ $rk == "$k" ]] && bench_key "2^$k-snarkjs-key" "$k" "$WORK/real_$k/final.zkey"
  done
  for zk in $ZKC_KEY_SIZES; do
    [[ $zk == "$k" ]] && bench_key "2^$k-zkcredit-key" "$k" "$WORK/zkc_$k/final.zkey"
  done
done
LIB_VERIFY=
if [[ -x $ZKC_GROTH16_BENCH ]]; then
  LIB_VERIFY=$("$ZKC_GROTH16_BENCH" --benchmark_filter='BM_groth16_verify$' --benchmark_repetitions=5 \
    --benchmark_report_aggregates_only=true --benchmark_format=csv 2>/dev/null |
    awk -F, '/_median"?,/ && ($5 == "ms" || $5 == "\"ms\"") { printf "%.3f", $3 }')
fi

# ---- Report (Markdown on stdout) ----
rapid_ver=n/a
if [[ -n ${RAPIDSNARK_PROVER:-} ]]; then
  rapid_ver="$RAPIDSNARK_PROVER (commit $(git -C "$(dirname "$RAPIDSNARK_PROVER")" rev-parse --short HEAD 2>/dev/null || echo unknown))"
fi
zkc_ver="$("$ZKCREDIT" --version 2>/dev/null | head -n 1), source $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
[[ -n $(git -C "$REPO" status --porcelain -- src 2>/dev/null) ]] && zkc_ver="$zkc_ver (src/ modified)"
cat <<EOF
Machine: $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); $(. /etc/os-release && echo "$PRETTY_NAME"); node $(node --version); snarkjs $("$SNARKJS" --version 2>/dev/null | grep -o '[0-9][0-9.]*' | head -n 1); rapidsnark: $rapid_ver
zkcredit: $ZKCREDIT, $zkc_ver (ZKC_THREADS=$ZKC_THREADS); start: $START_UPTIME; end: $(uptime)

Prove (median wall time over the runs; peak RSS; every proof verified by zkcredit and snarkjs):

| domain | constraints | key | runs | zkcredit | rapidsnark | snarkjs | zkcredit RSS | rapidsnark RSS | snarkjs RSS | time ours/rapidsnark | RSS ours/rapidsnark | load (1 min) | idle before |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
EOF
awk -F, 'NR > 1 {
    key = $1; if (!(key in seen)) { seen[key] = 1; order[++nk] = key; kk[key] = $2 }
    n = ++cnt[key, $3]; wall[key, $3, n] = $5 / 1000; rss[key, $3, n] = $8 / 1024
    if (!((key, "load") in lo) || $9 < lo[key, "load"]) lo[key, "load"] = $9
    if (!((key, "hi") in hi) || $9 > hi[key, "hi"]) hi[key, "hi"] = $9
    if ($10 != "-" && (!(key in idl) || $10 < idl[key])) idl[key] = $10
  }
  function median(arr, key, p, n,   i, j, v, t) {
    for (i = 1; i <= n; i++) v[i] = arr[key, p, i]
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  END {
    for (i = 1; i <= nk; i++) {
      key = order[i]; k = kk[key]
      line = sprintf("| 2^%d | %d | %s | %d", k, 2 ^ k - 16, (key ~ /snarkjs-key/) ? "snarkjs ptau + setup" : (key ~ /zkcredit-key/) ? "zkcredit ptau + setup" : "known-secret SRS", cnt[key, "zkcredit"])
      for (pi = 1; pi <= 3; pi++) {
        p = (pi == 1) ? "zkcredit" : (pi == 2) ? "rapidsnark" : "snarkjs"
        W[p] = cnt[key, p] ? median(wall, key, p, cnt[key, p]) : -1
        R[p] = cnt[key, p] ? median(rss, key, p, cnt[key, p]) : -1
        line = line sprintf(" | %s", W[p] < 0 ? "n/a" : sprintf("%.2f s", W[p]))
      }
      for (pi = 1; pi <= 3; pi++) {
        p = (pi == 1) ? "zkcredit" : (pi == 2) ? "rapidsnark" : "snarkjs"
        line = line sprintf(" | %s", R[p] < 0 ? "n/a" : sprintf("%.0f MB", R[p]))
      }
      line = line sprintf(" | %s | %s", (W["rapidsnark"] > 0) ? sprintf("%.2f", W["zkcredit"] / W["rapidsnark"]) : "n/a",
                          (R["rapidsnark"] > 0) ? sprintf("%.2f", R["zkcredit"] / R["rapidsnark"]) : "n/a")
      line = line sprintf(" | %.2f-%.2f | %s |", lo[key, "load"], hi[key, "hi"], (key in idl) ? ">= " idl[key] : "n/a")
      print line
    }
  }' "$RUNS"

cat <<EOF

CPU time / wall time of the prove runs (2.0 = both cores busy the whole time), median:

| domain | key | zkcredit | rapidsnark | snarkjs |
|---|---|---|---|---|
EOF
awk -F, 'NR > 1 { key = $1; if (!(key in seen)) { seen[key] = 1; order[++nk] = key }
    n = ++cnt[key, $3]; u[key, $3, n] = ($6 + $7) / ($5 / 1000) }
  END {
    for (i = 1; i <= nk; i++) {
      key = order[i]; line = sprintf("| %s | %s", key, (key ~ /snarkjs-key/) ? "snarkjs ptau + setup" : (key ~ /zkcredit-key/) ? "zkcredit ptau + setup" : "known-secret SRS"); sub(/-(snarkjs|zkcredit)-key/, "", line)
      for (pi = 1; pi <= 3; pi++) {
        p = (pi == 1) ? "zkcredit" : (pi == 2) ? "rapidsnark" : "snarkjs"
        if (!cnt[key, p]) { line = line " | n/a"; continue }
        n = cnt[key, p]; for (a = 1; a <= n; a++) v[a] = u[key, p, a]
        for (a = 1; a <= n; a++) for (b = a + 1; b <= n; b++) if (v[b] < v[a]) { t = v[a]; v[a] = v[b]; v[b] = t }
        line = line sprintf(" | %.2f", v[int((n + 1) / 2)])
      }
      print line " |"
    }
  }' "$RUNS"

cat <<EOF

zkcredit's phases (\`zkcredit groth16 prove -v\`, median over the runs, ms):

| domain | key | load .zkey | witness rows | NTT | MSM | prove | total |
|---|---|---|---|---|---|---|---|
EOF
awk -F, 'NR > 1 { key = $1; if (!(key in seen)) { seen[key] = 1; order[++nk] = key }
    n = ++cnt[key]; for (c = 4; c <= 9; c++) v[key, c, n] = $c }
  END {
    for (i = 1; i <= nk; i++) {
      key = order[i]; line = sprintf("| %s | %s", key, (key ~ /snarkjs-key/) ? "snarkjs ptau + setup" : (key ~ /zkcredit-key/) ? "zkcredit ptau + setup" : "known-secret SRS"); sub(/-(snarkjs|zkcredit)-key/, "", line)
      n = cnt[key]
      for (c = 4; c <= 9; c++) {
        for (a = 1; a <= n; a++) w[a] = v[key, c, a]
        for (a = 1; a <= n; a++) for (b = a + 1; b <= n; b++) if (w[b] + 0 < w[a] + 0) { t = w[a]; w[a] = w[b]; w[b] = t }
        line = line sprintf(" | %.0f", w[int((n + 1) / 2)])
      }
      print line " |"
    }
  }' "$PHASES"

cat <<EOF

Verification (ms): CLI = best of 5 process runs, start-up included; in process = snarkjs's
groth16.verify median of 20 after warm-up; zkcredit library (zkc_groth16_bench BM_groth16_verify,
one public input): ${LIB_VERIFY:-n/a} ms.

| domain | key | zkcredit CLI | zkcredit --version (start-up) | snarkjs CLI | rapidsnark verifier CLI | snarkjs in process |
|---|---|---|---|---|---|---|
EOF
awk -F, 'NR > 1 { key = $1; if (!(key in seen)) { seen[key] = 1; order[++nk] = key }; v[key, $3] = $4 }
  END {
    for (i = 1; i <= nk; i++) {
      key = order[i]; line = sprintf("| %s | %s", key, (key ~ /snarkjs-key/) ? "snarkjs ptau + setup" : (key ~ /zkcredit-key/) ? "zkcredit ptau + setup" : "known-secret SRS"); sub(/-(snarkjs|zkcredit)-key/, "", line)
      split("zkcredit_cli zkcredit_startup snarkjs_cli rapidsnark_cli snarkjs_inprocess", tools, " ")
      for (t = 1; t <= 5; t++) line = line " | " (((key, tools[t]) in v) ? v[key, tools[t]] : "n/a")
      print line " |"
    }
  }' "$VERIFY"
echo
echo "Raw data: $WORK/results/{runs,phases,verify}.csv"
