#!/usr/bin/env bash
# The main job: install dependencies, build zkcredit (release) and run it on embedded defaults:
# `zkcredit selftest` (the arithmetic every proof stands on, with timings), then `zkcredit demo`: the
# borrower's private loan from end to end (features from a real wallet history, encrypted scoring,
# the Groth16 credit proof verified off chain and by LendingPool on a local EVM, the Bulletproofs
# collateral proof, her rate, private monitoring of a real Aave position), ending with a summary and
# an HTML report (build/demo/report.html). The demo's local Powers-of-Tau ceremony is made once and
# kept in build/demo (not for production). Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
cmake --preset release
cmake --build --preset release --target zkcredit
zkc=./build/release/src/zkc/cli/zkcredit
"$zkc" --version
"$zkc" selftest
"$zkc" demo --work build/demo --report build/demo/report.html
