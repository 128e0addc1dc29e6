#!/usr/bin/env bash
# The main job: install dependencies, build zkcredit (release) and run it on embedded defaults:
# `zkcredit selftest`, then the zero-knowledge credit proof with the default model
# (data/models/credit_default.json) for Eunice's wallet (data/wallets/eunice.json): a local
# Powers-of-Tau ceremony (made once, kept in build/main-job), `zkcredit setup`, `prove`, `verify`; then
# the same collateral statement without a trusted setup: `zkcredit collateral commit`, `prove`, `verify`
# (Pedersen commitments, Bulletproofs); then encrypted scoring of the same wallet: `zkcredit he keygen`,
# `encrypt`, `score` (the pool), `decrypt`.
# Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
cmake --preset release
cmake --build --preset release --target zkcredit
zkc=./build/release/src/zkc/cli/zkcredit
"$zkc" --version
"$zkc" selftest

job=build/main-job
mkdir -p "$job"
if [[ ! -s "$job/pot12.ptau" ]]; then
  echo "== a local Powers-of-Tau ceremony (power 12; for production use a public ceremony's file)"
  "$zkc" ptau new 12 "$job/pot12_0.ptau"
  "$zkc" ptau contribute "$job/pot12_0.ptau" "$job/pot12_1.ptau" --name "zkcredit main job"
  "$zkc" ptau prepare "$job/pot12_1.ptau" "$job/pot12.ptau"
  rm -f "$job/pot12_0.ptau" "$job/pot12_1.ptau"
fi
echo "== zkcredit setup: the credit circuit of the default model and its keys"
"$zkc" setup --model data/models/credit_default.json --ptau "$job/pot12.ptau" --out "$job/keys"
echo "== zkcredit prove: Eunice borrows 100,000 against 150,000 of collateral at ratio 3/2"
"$zkc" prove --keys "$job/keys" --model data/models/credit_default.json --wallet data/wallets/eunice.json \
  --collateral 150000 --loan 100000 --address 0x00000000000000000000000000000000000000e1 --nonce 1 \
  --out "$job/proof" -v
echo "== zkcredit verify"
"$zkc" verify --keys "$job/keys" --proof "$job/proof"
echo "== zkcredit collateral: the same collateral statement with Bulletproofs (no trusted setup)"
"$zkc" collateral commit --collateral 150000 --loan 100000 --out "$job/collateral/eunice" --force
"$zkc" collateral prove --opening "$job/collateral/eunice/opening.json" --ratio 3/2 --out "$job/collateral/proof.json"
"$zkc" collateral verify --proof "$job/collateral/proof.json" --commitments "$job/collateral/eunice/commitments.json" \
  --ratio 3/2
echo "== zkcredit he: Eunice encrypts her features (CKKS, N = 16384); the pool scores the ciphertext without a key"
"$zkc" he keygen --model data/models/credit_default.json --out "$job/he/eunice"
"$zkc" he encrypt --keys "$job/he/eunice" --model data/models/credit_default.json \
  --features data/wallets/eunice.json --out "$job/he/features.ct"
mkdir -p "$job/he/pool"
cp "$job/he/eunice/"{params.json,relin.key,galois.key} "$job/he/pool/"
"$zkc" he score --keys "$job/he/pool" --model data/models/credit_default.json \
  --ciphertext "$job/he/features.ct" --out "$job/he/score.ct"
"$zkc" he decrypt --keys "$job/he/eunice" --ciphertext "$job/he/score.ct" --model data/models/credit_default.json
