#!/usr/bin/env bash
# Installs the Debian 12 packages zkcredit needs to build and test. Safe to run twice: it only calls
# apt-get when a package is missing. Run as root (or with sudo).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libsodium-dev          # CSPRNG, hashes
  nlohmann-json3-dev     # JSON (snarkjs formats, test vectors)
  libcli11-dev           # command line
  libeigen3-dev          # linear algebra (credit model training)
  libgmp-dev             # test oracle for field arithmetic
  libsqlite3-dev         # the privacy ledger of the collateral monitor
  libsimdjson-dev        # the collateral monitor's JSON-lines input
  libgtest-dev           # tests
  libbenchmark-dev       # benchmarks
  clang libclang-rt-14-dev  # libFuzzer smoke runs of the decoders
  chromium               # headless browser: the demo report's browser test (tests/report)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# Node.js and npm run the interoperability tests (tests/interop); a node already installed (for
# example from NodeSource, which brings its own npm) is kept.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if ((${#missing[@]})); then
  echo "zkcredit: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The npm packages of the interoperability tests (tools/interop: snarkjs, circom2, circomlib), of
# the EVM tests (tools/evm: solc-js, @ethereumjs/vm) and of the report's browser test (tools/report:
# pngjs, to decode the screenshot), pinned by each package-lock.json: `npm ci` only
# when node_modules is absent or was installed from another lockfile (the lockfile's hash is recorded
# in node_modules after a successful install).
tools="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
for dir in "$tools/interop" "$tools/evm" "$tools/report"; do
  lock_hash=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  stamp="$dir/node_modules/.zkc-package-lock.sha256"
  if [[ ! -f $stamp || $(<"$stamp") != "$lock_hash" ]]; then
    echo "zkcredit: npm ci in tools/${dir##*/}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$lock_hash" >"$stamp"
  fi
done
