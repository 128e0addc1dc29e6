#!/bin/sh
# Regenerates the .ptau fixtures with snarkjs (run from this directory; needs node and npm).
# The committed files were made with snarkjs 0.7.6 (npm), node v20; the contribution's secrets are
# random, so a rerun produces different (equally valid) pot6_0001/0002/final files: rerun all four.
set -e
tmp=$(mktemp -d)
(cd "$tmp" && npm init -y >/dev/null && npm install snarkjs@0.7.6 >/dev/null)
S="node $tmp/node_modules/snarkjs/build/cli.cjs"
$S powersoftau new bn128 6 pot6_0000.ptau
$S powersoftau contribute pot6_0000.ptau pot6_0001.ptau --name="fixture contribution" -e="zkcredit fixture entropy"
$S powersoftau beacon pot6_0001.ptau pot6_0002.ptau \
  0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f 10 -n="fixture beacon"
$S powersoftau prepare phase2 pot6_0002.ptau pot6_final.ptau
$S powersoftau verify pot6_final.ptau
rm -rf "$tmp"
