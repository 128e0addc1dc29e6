#!/usr/bin/env bash
# Installs the Debian 12 packages zkcredit needs to build and test. Safe to run twice: it only calls
# apt-get when a package is missing. Run as root (or with sudo).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libsodium-dev          # CSPRNG, hashes
  nlohmann-json3-dev     # JSON (snarkjs formats, test vectors)
  libcli11-dev           # command line
  libgmp-dev             # test oracle for field arithmetic
  libgtest-dev           # tests
  libbenchmark-dev       # benchmarks
  clang libclang-rt-14-dev  # libFuzzer smoke runs of the decoders
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "zkcredit: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
