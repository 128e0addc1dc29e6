#!/usr/bin/env bash
# Every test: install dependencies, build and run the whole suite in the release build, then run the
# unit tests again under AddressSanitizer + UndefinedBehaviorSanitizer. Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh

cmake --preset release
cmake --build --preset release
ctest --preset release

cmake --preset sanitize
cmake --build --preset sanitize
ctest --preset sanitize
