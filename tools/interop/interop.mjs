#!/usr/bin/env node
// Runs one interop check of zkcredit against snarkjs/circom2 (ctest registers each as a test:
// tests/interop/CMakeLists.txt). Exit 0: passed; 1: failed, with what was expected and the output of
// the command that disagreed.
//
//   node tools/interop/interop.mjs --work <dir> [--zkcredit <binary>] <check> [<circuit>]
//   node tools/interop/interop.mjs --list
//
// <dir> caches the fixtures (build/<preset>/tests/interop/work under ctest); checks are listed in
// lib/checks.mjs, circuits in circuits/instances.json. The npm tools come from tools/interop/
// node_modules (`npm ci` there, which tools/install-deps.sh does).
import path from "node:path";
import { parseArgs } from "node:util";

import { CHECKS } from "./lib/checks.mjs";
import { instance, instances } from "./lib/fixtures.mjs";
import { CheckFailure, Zkcredit, freshDir, log, requireNodeModules } from "./lib/util.mjs";

function usage(message) {
  process.stderr.write(`interop: ${message}\nusage: interop.mjs --work <dir> [--zkcredit <binary>] <check> [<circuit>] | --list\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { work: { type: "string" }, zkcredit: { type: "string" }, list: { type: "boolean" } },
  });
} catch (e) {
  usage(e.message);
}
const { values: opts, positionals } = parsed;

if (opts.list) {
  for (const [check, [, perCircuit]] of Object.entries(CHECKS)) {
    if (!perCircuit) log(check);
    else for (const c of instances()) log(`${check} ${c.name}`);
  }
  process.exit(0);
}

const [checkName, circuit] = positionals;
if (!opts.work) usage("--work <dir> is required");
if (!CHECKS[checkName]) usage(`unknown check ${JSON.stringify(checkName)} (see --list)`);
const [check, perCircuit] = CHECKS[checkName];
if (perCircuit !== Boolean(circuit) || positionals.length > 2) {
  usage(perCircuit ? `${checkName} takes a circuit name` : `${checkName} takes no circuit`);
}

const started = Date.now();
try {
  requireNodeModules();
  if (circuit) instance(circuit);  // fails on an unknown name
  const work = path.resolve(opts.work);
  const dir = freshDir(path.join(work, circuit ?? "ptau-checks", "checks", checkName));
  const ctx = { work, dir };
  let zk;  // made on first use: only the checks that run zkcredit need the binary
  Object.defineProperty(ctx, "zk", { get: () => (zk ??= new Zkcredit(opts.zkcredit && path.resolve(opts.zkcredit))) });
  await check(ctx, circuit);
  log(`PASS ${checkName}${circuit ? ` ${circuit}` : ""} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  process.exit(0);  // snarkjs's curve keeps worker threads alive
} catch (e) {
  log(`FAIL ${checkName}${circuit ? ` ${circuit}` : ""}: ${e instanceof CheckFailure ? e.message : e.stack}`);
  process.exit(1);
}
