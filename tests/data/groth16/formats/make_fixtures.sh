#!/usr/bin/env bash
# Regenerates the .r1cs/.wtns/.zkey fixtures of this folder with circom2 and snarkjs (see README.md).
# Usage: make_fixtures.sh <scratch dir> [output dir]   (npm installs in the scratch dir; the results are
# copied to the output dir, by default this folder).
# The outputs are not bit-for-bit reproducible: snarkjs mixes OS randomness into every contribution.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="${1:?usage: make_fixtures.sh <scratch dir> [output dir]}"
out="$(mkdir -p "${2:-$here}" && cd "${2:-$here}" && pwd)"
mkdir -p "$work" && cd "$work"
[ -f package.json ] || npm init -y > /dev/null
npm install --save-exact snarkjs@0.7.6 circom2@0.2.23 > /dev/null
S="node node_modules/snarkjs/build/cli.cjs"
cp "$here"/{multiplier,pubio}.circom "$here"/{multiplier,pubio}_input.json .
node_modules/.bin/circom2 multiplier.circom --r1cs --wasm --sym -o .
node_modules/.bin/circom2 pubio.circom --r1cs --wasm --sym --O2 -o .
$S powersoftau new bn128 8 pot8_0000.ptau
$S powersoftau contribute pot8_0000.ptau pot8_0001.ptau --name="formats fixture" -e="zkcredit formats fixture entropy"
$S powersoftau prepare phase2 pot8_0001.ptau pot8_final.ptau
for c in multiplier pubio; do
  node ${c}_js/generate_witness.js ${c}_js/$c.wasm ${c}_input.json $c.wtns
  $S wtns check $c.r1cs $c.wtns
  $S groth16 setup $c.r1cs pot8_final.ptau ${c}_0000.zkey
  $S zkey contribute ${c}_0000.zkey ${c}_0001.zkey --name="formats contribution" -e="zkcredit formats zkey entropy"
  $S zkey beacon ${c}_0001.zkey ${c}_final.zkey \
    0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20 10 -n="formats beacon"
  $S zkey verify $c.r1cs pot8_final.ptau ${c}_final.zkey
  $S r1cs export json $c.r1cs $c.r1cs.json
  $S wtns export json $c.wtns $c.wtns.json
  $S zkey export json ${c}_final.zkey ${c}_final.zkey.json
  cp $c.r1cs $c.wtns ${c}_0000.zkey ${c}_final.zkey $c.r1cs.json $c.wtns.json ${c}_final.zkey.json "$out"/
done
