// Shared helpers of the interop harness: where the npm tools are, running snarkjs, circom2 and
// zkcredit as child processes (every command is logged with its time; its output is shown when a
// check fails), the expected outcomes of a command, and small BN254 / file helpers.
// Invariant: a check either returns (pass) or throws CheckFailure with a message saying what was
// expected and what happened; nothing is skipped.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const TOOLS_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const NODE_MODULES = path.join(TOOLS_DIR, "node_modules");
export const SNARKJS_CLI = path.join(NODE_MODULES, "snarkjs", "build", "cli.cjs");
export const CIRCOM2_CLI = path.join(NODE_MODULES, "circom2", "cli.js");
export const CIRCOMLIB_CIRCUITS = path.join(NODE_MODULES, "circomlib", "circuits");
export const OUR_CIRCUITS = path.join(TOOLS_DIR, "circuits");

// BN254 (alt_bn128): base field modulus p and group order r (EIP-196).
export const P = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
export const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

export class CheckFailure extends Error {}

export function fail(message) {
  throw new CheckFailure(message);
}

export function log(message) {
  process.stdout.write(`${message}\n`);
}

// The npm packages pinned by package-lock.json must be installed, at the pinned versions.
export function requireNodeModules() {
  const lock = JSON.parse(fs.readFileSync(path.join(TOOLS_DIR, "package-lock.json"), "utf8"));
  const hint = "run `bash tools/install-deps.sh` (it runs `npm ci` in tools/interop)";
  for (const dep of Object.keys(lock.packages[""].dependencies)) {
    const manifest = path.join(NODE_MODULES, dep, "package.json");
    if (!fs.existsSync(manifest)) fail(`npm package ${dep} is not installed in ${NODE_MODULES}: ${hint}`);
    const installed = JSON.parse(fs.readFileSync(manifest, "utf8")).version;
    const pinned = lock.packages[`node_modules/${dep}`].version;
    if (installed !== pinned) fail(`npm package ${dep} is ${installed}, the lockfile pins ${pinned}: ${hint}`);
  }
}

const ANSI = /\x1b\[[0-9;]*m/g;
const quote = (a) => (/^[\w./=:@+-]+$/.test(a) ? a : JSON.stringify(a));

// Runs a command to completion. Returns {status, signal, stdout, stderr, display}; never throws on a
// non-zero exit (the caller states what it expects).
// `display` names the command in the log, in place of the program and its first `hidden` arguments.
export function run(file, args, { display, hidden = 0, cwd, timeoutMs = 300_000 } = {}) {
  const shown = `${display ?? file} ${args.slice(hidden).map(quote).join(" ")}`;
  const started = process.hrtime.bigint();
  const res = spawnSync(file, args, { cwd, encoding: "utf8", timeout: timeoutMs, maxBuffer: 64 << 20 });
  const ms = Number((process.hrtime.bigint() - started) / 1_000_000n);
  if (res.error && res.error.code !== "ETIMEDOUT") fail(`could not run ${shown}: ${res.error.message}`);
  const out = {
    status: res.status,
    signal: res.signal,
    stdout: (res.stdout ?? "").replace(ANSI, ""),
    stderr: (res.stderr ?? "").replace(ANSI, ""),
    display: shown,
  };
  const how = out.signal ? `signal ${out.signal}` : `exit ${out.status}`;
  log(`$ ${shown}  [${how}, ${(ms / 1000).toFixed(2)} s]`);
  return out;
}

export function describe(res) {
  const how = res.signal ? `was killed by ${res.signal}` : `exited with ${res.status}`;
  const text = (s) => (s.trim() ? s.trim().split("\n").slice(-40).join("\n") : "(empty)");
  return `\`${res.display}\` ${how}\n--- stdout\n${text(res.stdout)}\n--- stderr\n${text(res.stderr)}`;
}

export function snarkjs(args, opts = {}) {
  return run(process.execPath, [SNARKJS_CLI, ...args], { ...opts, display: "snarkjs", hidden: 1 });
}

export function circom2(args, opts = {}) {
  return run(process.execPath, [CIRCOM2_CLI, ...args], { ...opts, display: "circom2", hidden: 1 });
}

// Runs snarkjs and requires exit 0 (and `expect` in its output, when given).
export function snarkjsOk(args, expect, opts = {}) {
  const res = snarkjs(args, opts);
  if (res.status !== 0 || (expect && !expect.test(res.stdout + res.stderr))) {
    fail(`snarkjs should have succeeded${expect ? ` and printed ${expect}` : ""}:\n${describe(res)}`);
  }
  return res;
}

// snarkjs rejects: exit 1 and the reason it gives must match `reason` (so a rejection for another
// cause, e.g. a file it could not read, does not count).
export function expectSnarkjsRejects(res, reason, what) {
  if (res.status !== 1 || !reason.test(res.stdout + res.stderr)) {
    fail(`snarkjs should have rejected ${what} (exit 1, output matching ${reason}):\n${describe(res)}`);
  }
  log(`  snarkjs: ${(res.stdout + res.stderr).split("\n").find((l) => reason.test(l)).trim()}`);
}

// snarkjs's verifier in this process: the function `snarkjs groth16 verify` calls (snarkjs cli.js,
// groth16Verify -> groth16.verify) on the same parsed files, without starting snarkjs again (0.5 s a
// run); used for the many rejection cases, while acceptance goes through the snarkjs command itself.
let snarkjsLib;
export async function snarkjsVerifyInProcess(vk, pub, proof) {
  snarkjsLib ??= await import(pathToFileURL(path.join(NODE_MODULES, "snarkjs", "main.js")).href);
  const messages = [];
  const logger = { error: (m) => messages.push(String(m)), info: (m) => messages.push(String(m)), warn() {}, debug() {} };
  let valid;
  try {
    valid = await snarkjsLib.groth16.verify(readJson(vk), readJson(pub), readJson(proof), logger);
  } catch (e) {
    valid = false;
    messages.push(`threw: ${e.message}`);
  }
  const res = { valid, messages, display: `snarkjs groth16 verify ${[vk, pub, proof].join(" ")} (in process)` };
  log(`$ ${res.display}  [${valid ? "valid" : "invalid"}: ${messages.join("; ")}]`);
  return res;
}

// --- zkcredit ---

const CRASH = /AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:|terminate called|Segmentation fault|core dumped|Assertion .* failed/;

export class Zkcredit {
  constructor(binary) {
    if (!binary) fail("no --zkcredit <path to the zkcredit binary> given");
    if (!fs.existsSync(binary)) fail(`the zkcredit binary ${binary} does not exist (build the zkcredit target)`);
    this.binary = binary;
    this.checked = new Set();
  }

  // Fails clearly when the binary lacks a command (CLI11 rejects an unknown subcommand with exit 2,
  // which must not pass for a "bad input" answer).
  require(command) {
    if (this.checked.has(command)) return;
    const res = run(this.binary, [...command.split(" "), "--help"], { display: "zkcredit" });
    if (res.status !== 0) {
      fail(`zkcredit has no \`${command}\` command yet (\`zkcredit ${command} --help\` exited with ${res.status}):\n${describe(res)}`);
    }
    this.checked.add(command);
  }

  // Runs `zkcredit <command> <args...>`; `command` is the subcommand path, e.g. "groth16 prove".
  run(command, args) {
    this.require(command);
    return run(this.binary, [...command.split(" "), ...args], { display: "zkcredit" });
  }

  ok(command, args) {
    const res = this.run(command, args);
    expectNoCrash(res);
    if (res.status !== 0) fail(`zkcredit ${command} should have succeeded:\n${describe(res)}`);
    return res;
  }
}

export function expectNoCrash(res) {
  if (res.signal || CRASH.test(res.stderr)) fail(`zkcredit crashed:\n${describe(res)}`);
}

// Our verifier rejects: exit code in `codes` (1 = invalid, 2 = bad input), no crash.
export function expectOursRejects(res, codes, what) {
  expectNoCrash(res);
  if (!codes.includes(res.status)) {
    fail(`zkcredit should have rejected ${what} with exit ${codes.join(" or ")}:\n${describe(res)}`);
  }
}

// Bad input: exit 2 and a clear line on stderr that names the file (its base name): zkcredit's own
// "zkcredit: error: ...", or for a file that does not exist, CLI11's "...: File does not exist: ...".
export function expectBadInput(res, file, what, { missing = false } = {}) {
  expectNoCrash(res);
  const name = path.basename(file);
  const clear = missing ? /^zkcredit: error: |File does not exist/m : /^zkcredit: error: /m;
  if (res.status !== 2 || !clear.test(res.stderr) || !res.stderr.includes(name)) {
    fail(`zkcredit should have refused ${what}: exit 2 and a line matching ${clear} naming ${name}:\n${describe(res)}`);
  }
}

// --- files ---

export const readJson = (file) => JSON.parse(fs.readFileSync(file, "utf8"));
export const writeJson = (file, value) => fs.writeFileSync(file, JSON.stringify(value, null, 1));
export const sha256 = (data) => crypto.createHash("sha256").update(data).digest("hex");

// A fresh, empty directory.
export function freshDir(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

// The first byte offset where two buffers differ (or the shorter length), -1 when equal.
export function firstDifference(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

// The sections of an iden3 binary file (magic, u32 version, u32 count, then u32 type, u64 size,
// payload): [{type, offset (of the payload), size}]. Source: iden3/binfileutils src/binfileutils.js.
export function binSections(buf) {
  const sections = [];
  let pos = 12;
  const count = buf.readUInt32LE(8);
  for (let i = 0; i < count; i++) {
    const type = buf.readUInt32LE(pos);
    const size = Number(buf.readBigUInt64LE(pos + 4));
    sections.push({ type, offset: pos + 12, size });
    pos += 12 + size;
  }
  return sections;
}

export function section(buf, type) {
  const s = binSections(buf).find((x) => x.type === type);
  if (!s) fail(`section ${type} missing`);
  return s;
}

// Rebuilds an iden3 binary file from {type, data} sections (used to make well-formed but wrong files).
export function binFile(magic, version, sections) {
  const parts = [Buffer.from(magic, "ascii"), u32(version), u32(sections.length)];
  for (const s of sections) {
    const size = Buffer.alloc(8);
    size.writeBigUInt64LE(BigInt(s.data.length));
    parts.push(u32(s.type), size, s.data);
  }
  return Buffer.concat(parts);
}

function u32(v) {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v);
  return b;
}

// Little-endian 32-byte encoding of a field element (wtns stores values in normal form this way).
export function le32(v) {
  const b = Buffer.alloc(32);
  for (let i = 0; i < 32; i++) {
    b[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return b;
}
