#!/usr/bin/env node
/**
 * gen_poseidon_vectors.mjs: known-answer vectors for circomlib's Poseidon over BN254 Fr.
 *
 * Source of truth: circomlibjs (version pinned exactly in tools/vectors/package.json and
 * package-lock.json, currently 0.1.7; the written "source" field records the version read from
 * node_modules at generation time). Every hash is computed twice, with `buildPoseidon` (the
 * WebAssembly implementation, optimized constants) and `buildPoseidonReference` (the textbook
 * permutation on src/poseidon_constants.js); the script stops if they ever disagree.
 *
 * Usage (from the repo root):
 *     (cd tools/vectors && npm ci)
 *     node tools/vectors/gen_poseidon_vectors.mjs
 * Writes tests/data/hash/poseidon_vectors.json. Deterministic: the "random" inputs are
 * sha256("zkcredit/poseidon-vectors/<n or perm<t>>/<counter>") read as a big-endian integer mod r
 * (node:crypto); Math.random is not used, so re-running gives a byte-identical file.
 *
 * Format (all field elements are decimal strings of canonical values in [0, r)):
 *   hashes: [{inputs: [...], output}], for every n = 1..16: zeros, 1..n, r-1 everywhere, a mix of
 *           edge values, and random vectors.
 *   permutations: [{input: [s_0, ..., s_{t-1}], output: [...]}], the whole permuted state, for
 *           every t = 2..17 on (0, 1, ..., t-1) and on a random state with s_0 != 0 (circomlibjs's
 *           initState and nOut = t arguments).
 *   constants: for every t = 2..17 (n = t - 1 inputs), circomlibjs's reference constants:
 *           {t, partial_rounds, num_round_constants, c_sha256, m_sha256, c_first, c_last, m_first,
 *           m_last}. c_sha256 is SHA-256 of the round constants, in order, each written in decimal
 *           and followed by "\n"; m_sha256 the same over the MDS matrix in row-major order;
 *           m_first = M[0][0], m_last = M[t-1][t-1].
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildPoseidon, buildPoseidonReference } from 'circomlibjs';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const outPath = join(repoRoot, 'tests', 'data', 'hash', 'poseidon_vectors.json');
const libDir = join(here, 'node_modules', 'circomlibjs');
const version = JSON.parse(readFileSync(join(libDir, 'package.json'), 'utf8')).version;
// The constants module buildPoseidonReference reads (package "exports" hides the subpath, so it is
// imported by file URL).
const constants = (await import(pathToFileURL(join(libDir, 'src', 'poseidon_constants.js')).href)).default;

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const PARTIAL_ROUNDS = [56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68];

function rand(n, counter) {
  const h = createHash('sha256').update(`zkcredit/poseidon-vectors/${n}/${counter}`).digest();
  return BigInt('0x' + h.toString('hex')) % R;
}

const wasm = await buildPoseidon();
const ref = await buildPoseidonReference();

function hash(inputs) {
  const a = wasm.F.toObject(wasm(inputs));
  const b = ref.F.toObject(ref(inputs));
  if (a !== b) throw new Error(`circomlibjs implementations disagree on [${inputs}]`);
  if (a < 0n || a >= R) throw new Error('output out of range');
  return a;
}

const hashes = [];
for (let n = 1; n <= 16; ++n) {
  const vectors = [
    Array(n).fill(0n),
    Array.from({ length: n }, (_, i) => BigInt(i + 1)),
    Array(n).fill(R - 1n),
    Array.from({ length: n }, (_, i) => [0n, 1n, R - 1n, 2n, R - 2n][i % 5]),
  ];
  let counter = 0;
  for (let k = 0; k < 3; ++k) vectors.push(Array.from({ length: n }, () => rand(n, counter++)));
  for (const v of vectors) hashes.push({ inputs: v.map(String), output: String(hash(v)) });
}

function permute(state) {
  const t = state.length;
  const a = wasm(state.slice(1), state[0], t).map((e) => wasm.F.toObject(e));
  const b = ref(state.slice(1), state[0], t).map((e) => ref.F.toObject(e));
  if (a.length !== t || a.some((e, i) => e !== b[i] || e < 0n || e >= R))
    throw new Error(`circomlibjs implementations disagree on the permutation of [${state}]`);
  return a;
}

const permutations = [];
for (let t = 2; t <= 17; ++t) {
  const states = [Array.from({ length: t }, (_, i) => BigInt(i)), Array.from({ length: t }, (_, i) => rand(`perm${t}`, i))];
  for (const s of states) permutations.push({ input: s.map(String), output: permute(s).map(String) });
}

const sha256Lines = (values) => {
  const h = createHash('sha256');
  for (const v of values) h.update(BigInt(v).toString(10) + '\n');
  return h.digest('hex');
};

const constantRows = [];
for (let t = 2; t <= 17; ++t) {
  const C = constants.C[t - 2];
  const M = constants.M[t - 2];
  const rp = PARTIAL_ROUNDS[t - 2];
  if (C.length !== (8 + rp) * t) throw new Error(`t = ${t}: ${C.length} round constants`);
  if (M.length !== t || M.some((row) => row.length !== t)) throw new Error(`t = ${t}: MDS shape`);
  constantRows.push({
    t,
    partial_rounds: rp,
    num_round_constants: C.length,
    c_sha256: sha256Lines(C),
    m_sha256: sha256Lines(M.flat()),
    c_first: BigInt(C[0]).toString(10),
    c_last: BigInt(C[C.length - 1]).toString(10),
    m_first: BigInt(M[0][0]).toString(10),
    m_last: BigInt(M[t - 1][t - 1]).toString(10),
  });
}

const out = {
  source: `circomlibjs ${version} (buildPoseidon and buildPoseidonReference, which agree on every vector)`,
  generator: 'tools/vectors/gen_poseidon_vectors.mjs',
  field_modulus: R.toString(10),
  full_rounds: 8,
  hashes,
  permutations,
  constants: constantRows,
};
mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(outPath, JSON.stringify(out, null, 1) + '\n');
console.log(`wrote ${outPath}: ${hashes.length} hashes, ${permutations.length} permutations, ${constantRows.length} constant digests`);
process.exit(0);
