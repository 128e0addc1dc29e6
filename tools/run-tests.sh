#!/usr/bin/env bash
# Every test: install dependencies, build and run the whole suite in the release build (gcc), then
# build the sanitize preset (clang, AddressSanitizer + UndefinedBehaviorSanitizer; one tree holds the
# tests and the libFuzzer targets, so every library compiles once for both), fuzz every decoder
# briefly (libFuzzer, ZKC_FUZZ_SECONDS each, default 6, two targets at a time) and run the suite
# again under the sanitizers. The sanitize test preset leaves out
# what only repeats the release run's arithmetic at ten times the cost: the model-quality test
# Pipeline.TaiwanMeetsTheTargets (trains on 30,000 rows), three whole-data-set EncryptedScoring tests, the
# two randomized whole-network InferenceCircuit tests (the other InferenceCircuit tests run there),
# the multi-threaded NTT reruns (poly_ntt_threads_*) and the interop tests (snarkjs and circom against
# the CLI; the formats they exercise are fuzzed and unit-tested under the sanitizers). Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh

cmake --preset release
cmake --build --preset release
ctest --preset release

cmake --preset sanitize
cmake --build --preset sanitize
# One libFuzzer process per core (each is single-threaded); a crash fails the whole command.
fuzz_one() {
  local fuzzer="$1" corpus
  corpus="build/sanitize/corpus/$(basename "$fuzzer")"
  mkdir -p "$corpus"
  if ! "$fuzzer" -max_total_time="${ZKC_FUZZ_SECONDS:-6}" -print_final_stats=0 "$corpus" >"$corpus.log" 2>&1; then
    cat "$corpus.log"
    echo "FAILED: $fuzzer" >&2
    return 1
  fi
  echo "$(basename "$fuzzer"): $(tail -n 1 "$corpus.log")"
}
export -f fuzz_one
printf '%s\n' build/sanitize/fuzz/zkc_*_fuzz | xargs -P 2 -I{} bash -c 'fuzz_one "$@"' _ {}
echo "fuzz smoke runs passed"

ctest --preset sanitize

