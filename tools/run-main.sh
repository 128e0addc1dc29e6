#!/usr/bin/env bash
# The main job: install dependencies, build zkcredit (release) and run it on embedded defaults.
# For now the main job is `zkcredit selftest`. Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
cmake --preset release
cmake --build --preset release --target zkcredit
./build/release/src/zkc/cli/zkcredit --version
./build/release/src/zkc/cli/zkcredit selftest
