// In-process time of snarkjs's groth16.verify (the CLI's wall time is mostly node's start-up):
// node tools/bench/verify_time.mjs <verification_key.json> <public.json> <proof.json> [runs]
// prints the median milliseconds of `runs` verifications after 3 warm-up runs, or exits 1 when
// the proof does not verify. Used by groth16_compare.sh.
import fs from "node:fs";
import { groth16 } from "snarkjs";

const [vkPath, pubPath, proofPath, runsArg] = process.argv.slice(2);
if (!proofPath) {
  console.error("usage: verify_time.mjs <verification_key.json> <public.json> <proof.json> [runs]");
  process.exit(2);
}
const vk = JSON.parse(fs.readFileSync(vkPath, "utf8"));
const pub = JSON.parse(fs.readFileSync(pubPath, "utf8"));
const proof = JSON.parse(fs.readFileSync(proofPath, "utf8"));
const runs = Number(runsArg || 20);
const quiet = { debug() {}, info() {}, warn() {}, error: console.error };

for (let i = 0; i < 3; i++) {
  if (!(await groth16.verify(vk, pub, proof, quiet))) {
    console.error("verify_time: the proof does not verify");
    process.exit(1);
  }
}
const times = [];
for (let i = 0; i < runs; i++) {
  const t0 = process.hrtime.bigint();
  await groth16.verify(vk, pub, proof, quiet);
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
times.sort((a, b) => a - b);
console.log(times[Math.floor(times.length / 2)].toFixed(2));
process.exit(0);  // ffjavascript's worker threads would keep node alive
