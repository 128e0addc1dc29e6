#!/usr/bin/env bash
# Every test: install dependencies, build and run the whole suite in the release build, fuzz every
# decoder briefly (libFuzzer, ZKC_FUZZ_SECONDS each, default 20), then run the whole suite again under
# AddressSanitizer + UndefinedBehaviorSanitizer. Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh

cmake --preset release
cmake --build --preset release
ctest --preset release

CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DZKC_FUZZ=ON -DZKC_BUILD_TESTS=OFF -DZKC_BUILD_BENCH=OFF
cmake --build build/fuzz --target zkc_fuzzers
for fuzzer in build/fuzz/fuzz/zkc_*_fuzz; do
  corpus="build/fuzz/corpus/$(basename "$fuzzer")"
  mkdir -p "$corpus"
  "$fuzzer" -max_total_time="${ZKC_FUZZ_SECONDS:-20}" -print_final_stats=0 "$corpus" 2>&1 | tail -n 1
done
echo "fuzz smoke runs passed"

cmake --preset sanitize
cmake --build --preset sanitize
ctest --preset sanitize

