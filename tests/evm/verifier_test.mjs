// EVM test of the exported Groth16 verifier contract (groth16::export_solidity_verifier):
// node tests/evm/verifier_test.mjs <zkc_evm_export_verifier> <tests/data/groth16/evm> <work dir>
// The verifying keys, proofs and public signals are snarkjs's (tests/data/groth16/evm/README.md);
// the oracle for the calldata layout is `snarkjs zkey export soliditycalldata`; the EVM and its
// BN254 precompiles are @ethereumjs/vm's. Every rejection must be a successful call returning false
// (except calldata shorter than the ABI encoding, which solc's decoder reverts). Exit 77 (skipped)
// when tools/evm/node_modules is missing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const toolsEvm = path.resolve(here, '../../tools/evm');
for (const dep of ['solc', '@ethereumjs/vm']) {
  if (!existsSync(path.join(toolsEvm, 'node_modules', dep))) {
    console.log(`skipped: ${path.join(toolsEvm, 'node_modules', dep)} is missing (npm ci --prefix tools/evm)`);
    process.exit(77);
  }
}
if (process.argv.length !== 5) {
  console.error('usage: node verifier_test.mjs <zkc_evm_export_verifier> <fixture dir> <work dir>');
  process.exit(2);
}
const [exporter, dataDir, workDir] = process.argv.slice(2);
mkdirSync(workDir, { recursive: true });

const { test } = await import('node:test');
const assert = (await import('node:assert/strict')).default;
const evm = await import(pathToFileURL(path.join(toolsEvm, 'evm.mjs')).href);
const { Chain, Verifier, proofFromSnarkjs, R, Q } = evm;

const readJson = (name) => JSON.parse(readFileSync(path.join(dataDir, name), 'utf8'));
const clone = (p) => structuredClone(p);

// A failed precompile consumes all the gas it was given: with the 10M gas limit of Chain.call, a
// rejection by ecPairing shows as executionGas in the millions, a pairing that ran and returned 0
// as about 200k, an early return (size or range check) as a few thousand.
const PRECOMPILE_FAILED = 5_000_000n;
const NO_PAIRING = 100_000n; // ecPairing with 4 pairs alone costs 181,000 (EIP-1108)

function exportVerifier(name) {
  const out = path.join(workDir, `${name}.sol`);
  const r = spawnSync(exporter, [path.join(dataDir, `${name}_vk.json`), out], { encoding: 'utf8' });
  assert.equal(r.status, 0, `export ${name}: ${r.stderr}`);
  return readFileSync(out, 'utf8');
}

const chain = await Chain.create();
const verifiers = {};
const proofs = {};
for (const name of ['priv', 'pub1', 'pub4', 'pub16', 'pub4_other']) {
  verifiers[name] = await Verifier.deploy(exportVerifier(name), { chain, fileName: `${name}.sol` });
}
for (const name of ['priv', 'pub1', 'pub4', 'pub16']) {
  proofs[name] = proofFromSnarkjs(readJson(`${name}_proof.json`), readJson(`${name}_public.json`));
}
const v4 = verifiers.pub4;
const p4 = proofs.pub4;

// The call succeeded and returned the ABI encoding of false.
function assertFalse(r, what) {
  assert.equal(r.reverted, false, `${what}: reverted (${r.error})`);
  assert.equal(r.returned, false, `${what}: returned ${r.returned}`);
  assert.equal(r.valid, false, what);
}

// The proof's eight words in calldata order, as paths into the proof object.
const WORDS = [['a', 0], ['a', 1], ['b', 0, 0], ['b', 0, 1], ['b', 1, 0], ['b', 1, 1], ['c', 0], ['c', 1]];
const getWord = (p, w) => (w.length === 2 ? p[w[0]][w[1]] : p[w[0]][w[1]][w[2]]);
function setWord(p, w, v) {
  if (w.length === 2) p[w[0]][w[1]] = v;
  else p[w[0]][w[1]][w[2]] = v;
}

// --- Fq2 arithmetic for the twist point below (u^2 = -1) ---
const md = (x) => ((x % Q) + Q) % Q;
const f2 = {
  add: (a, b) => [md(a[0] + b[0]), md(a[1] + b[1])],
  sub: (a, b) => [md(a[0] - b[0]), md(a[1] - b[1])],
  mul: (a, b) => [md(a[0] * b[0] - a[1] * b[1]), md(a[0] * b[1] + a[1] * b[0])],
  isZero: (a) => a[0] === 0n && a[1] === 0n,
};
const powQ = (x, e) => {
  let r = 1n;
  for (x = md(x); e > 0n; e >>= 1n, x = (x * x) % Q) if (e & 1n) r = (r * x) % Q;
  return r;
};
const f2inv = (a) => {
  const n = powQ(a[0] * a[0] + a[1] * a[1], Q - 2n);
  return [md(a[0] * n), md(-a[1] * n)];
};
const TWIST_B = f2.mul([3n, 0n], f2inv([9n, 1n])); // 3 / (9 + u), EIP-197
// [k]P on y^2 = x^3 + b' in Jacobian coordinates (dbl-2009-l, add-2007-bl); returns Z (0: infinity).
function mulJacobianZ([x, y], k) {
  const dbl = ([X, Y, Z]) => {
    const A = f2.mul(X, X), B = f2.mul(Y, Y), C = f2.mul(B, B);
    const t = f2.add(X, B);
    let D = f2.sub(f2.sub(f2.mul(t, t), A), C);
    D = f2.add(D, D);
    const E = f2.add(f2.add(A, A), A), F = f2.mul(E, E);
    const X3 = f2.sub(F, f2.add(D, D));
    let C8 = f2.add(C, C); C8 = f2.add(C8, C8); C8 = f2.add(C8, C8);
    const Y3 = f2.sub(f2.mul(E, f2.sub(D, X3)), C8);
    const YZ = f2.mul(Y, Z);
    return [X3, Y3, f2.add(YZ, YZ)];
  };
  const addAffine = ([X1, Y1, Z1]) => { // P1 + (x, y); P1 != +-(x, y) holds for the ladder below
    if (f2.isZero(Z1)) return [x, y, [1n, 0n]];
    const Z1Z1 = f2.mul(Z1, Z1), U2 = f2.mul(x, Z1Z1), S2 = f2.mul(f2.mul(y, Z1), Z1Z1);
    const H = f2.sub(U2, X1), HH = f2.mul(H, H);
    let I = f2.add(HH, HH); I = f2.add(I, I);
    const J = f2.mul(H, I), rr = f2.add(f2.sub(S2, Y1), f2.sub(S2, Y1)), V = f2.mul(X1, I);
    const X3 = f2.sub(f2.sub(f2.mul(rr, rr), J), f2.add(V, V));
    const YJ = f2.mul(Y1, J);
    const Y3 = f2.sub(f2.mul(rr, f2.sub(V, X3)), f2.add(YJ, YJ));
    const t = f2.add(Z1, H);
    return [X3, Y3, f2.sub(f2.sub(f2.mul(t, t), Z1Z1), HH)];
  };
  let acc = [[0n, 0n], [1n, 0n], [0n, 0n]];
  for (let i = BigInt(k.toString(2).length) - 1n; i >= 0n; i--) {
    acc = f2.isZero(acc[2]) ? acc : dbl(acc);
    if ((k >> i) & 1n) acc = addAffine(acc);
  }
  return acc[2];
}
// A point of the twist E'(Fq2) outside G2: x = 2 + u, the first x = i + u with x^3 + b' a square
// (found with @noble/curves 2.4.0 bn254.fields.Fp2.sqrt; isTorsionFree() is false). Checked here.
const TWIST_POINT = {
  x: [2n, 1n],
  y: [7292567877523311580221095596750716176434782432868683424513645834767876293070n,
      19659275751359636165940301690575149581329631496732780143538578556285923319774n],
};
// EIP-197 generator of G2.
const G2_GEN = {
  x: [10857046999023057135944570762232829481370756359578518086990519993285655852781n,
      11559732032986387107991004021392285783925812861821192530917403151452391805634n],
  y: [8495653923123431417604973247489272438418190587263600148770280649306958101930n,
      4082367875863433681332203403145435568316851327593401208105741076214120093531n],
};
const onTwist = ({ x, y }) => {
  const lhs = f2.mul(y, y), rhs = f2.add(f2.mul(f2.mul(x, x), x), TWIST_B);
  return lhs[0] === rhs[0] && lhs[1] === rhs[1];
};
// Calldata order [[x_im, x_re], [y_im, y_re]].
const g2Words = ({ x, y }) => [[x[1], x[0]], [y[1], y[0]]];

const gasTable = [];

test('snarkjs proofs verify, with the gas of the transaction', async () => {
  for (const name of ['priv', 'pub1', 'pub4', 'pub16']) {
    const r = await verifiers[name].verify(proofs[name]);
    assert.equal(r.reverted, false, `${name}: ${r.error}`);
    assert.equal(r.valid, true, name);
    assert.equal(verifiers[name].n, proofs[name].inputs.length, name);
    assert.ok(r.executionGas < NO_PAIRING + 200_000n, `${name}: ${r.executionGas}`);
    gasTable.push(`${name}: N = ${verifiers[name].n}, gas ${r.gasUsed} (execution ${r.executionGas})`);
  }
});

test('calldata equals `snarkjs zkey export soliditycalldata`', () => {
  const words = JSON.parse(`[${readFileSync(path.join(dataDir, 'pub4_calldata.txt'), 'utf8')}]`);
  const big = (x) => (Array.isArray(x) ? x.map(big) : BigInt(x));
  const [a, b, c, inputs] = big(words);
  assert.deepEqual({ a, b, c, inputs }, p4);
});

test('each proof word + 1 is rejected', async () => {
  for (const w of WORDS) {
    const p = clone(p4);
    setWord(p, w, getWord(p, w) + 1n);
    assertFalse(await v4.verify(p), `word ${w} + 1`);
  }
});

test('each proof word + q (the same value mod q, not canonical) is rejected by ecPairing', async () => {
  for (const w of WORDS) {
    for (const v of [getWord(p4, w) + Q, Q, (1n << 256n) - 1n]) {
      const p = clone(p4);
      setWord(p, w, v);
      const r = await v4.verify(p);
      assertFalse(r, `word ${w} = ${v}`);
      assert.ok(r.executionGas > PRECOMPILE_FAILED, `word ${w} = ${v}: ${r.executionGas}`);
    }
  }
});

test('B in snarkjs JSON order (re, im), negated A, swapped A and C are rejected', async () => {
  const swapped = clone(p4);
  swapped.b = [[p4.b[0][1], p4.b[0][0]], [p4.b[1][1], p4.b[1][0]]];
  assertFalse(await v4.verify(swapped), 'B re/im swapped');
  const neg = clone(p4);
  neg.a[1] = Q - p4.a[1];
  const r = await v4.verify(neg);
  assertFalse(r, '-A');
  assert.ok(r.executionGas < PRECOMPILE_FAILED, 'a valid point reaches the pairing');
  const ac = clone(p4);
  [ac.a, ac.c] = [p4.c, p4.a];
  assertFalse(await v4.verify(ac), 'A <-> C');
});

test('points at infinity are rejected', async () => {
  for (const [field, zero] of [['a', [0n, 0n]], ['b', [[0n, 0n], [0n, 0n]]], ['c', [0n, 0n]]]) {
    const p = clone(p4);
    p[field] = zero;
    assertFalse(await v4.verify(p), `${field} = infinity`);
  }
});

test('B on the twist but outside G2 is rejected by ecPairing', async () => {
  assert.ok(onTwist(TWIST_POINT) && onTwist(G2_GEN));
  assert.ok(!f2.isZero(mulJacobianZ([TWIST_POINT.x, TWIST_POINT.y], R)), '[r]P != O');
  assert.ok(f2.isZero(mulJacobianZ([G2_GEN.x, G2_GEN.y], R)), '[r]G2 = O');
  const bad = clone(p4);
  bad.b = g2Words(TWIST_POINT);
  const r = await v4.verify(bad);
  assertFalse(r, 'B outside G2');
  assert.ok(r.executionGas > PRECOMPILE_FAILED, `${r.executionGas}`);
  // Control: a point of G2 in the same place reaches the pairing, which returns 0.
  const good = clone(p4);
  good.b = g2Words(G2_GEN);
  const c = await v4.verify(good);
  assertFalse(c, 'B = G2 generator');
  assert.ok(c.executionGas < PRECOMPILE_FAILED, `${c.executionGas}`);
});

test('a public signal + 1 (mod r) is rejected', async () => {
  for (let i = 0; i < p4.inputs.length; i++) {
    const p = clone(p4);
    p.inputs[i] = (p.inputs[i] + 1n) % R;
    const r = await v4.verify(p);
    assertFalse(r, `input ${i} + 1`);
    assert.ok(r.executionGas > NO_PAIRING && r.executionGas < PRECOMPILE_FAILED, `input ${i}: ${r.executionGas}`);
  }
});

test('a public signal >= r is rejected before the pairing', async () => {
  for (let i = 0; i < p4.inputs.length; i++) {
    for (const v of [p4.inputs[i] + R, R, (1n << 256n) - 1n]) {
      const p = clone(p4);
      p.inputs[i] = v;
      const r = await v4.verify(p);
      assertFalse(r, `input ${i} = ${v}`);
      assert.ok(r.executionGas < NO_PAIRING, `input ${i} = ${v}: ${r.executionGas}`);
    }
  }
  // And for the one-input verifier, the signal's alias x + r.
  const p = clone(proofs.pub1);
  p.inputs[0] += R;
  assertFalse(await verifiers.pub1.verify(p), 'pub1 input + r');
});

test('a wrong number of public signals is rejected', async () => {
  // More signals than N: the call returns false (the contract checks the calldata length).
  for (const extra of [[0n], [1n, 2n]]) {
    const p = clone(p4);
    p.inputs.push(...extra);
    const r = await v4.verify(p);
    assertFalse(r, `${p.inputs.length} signals`);
    assert.ok(r.executionGas < NO_PAIRING);
  }
  const priv = clone(proofs.priv);
  priv.inputs.push(0n);
  assertFalse(await verifiers.priv.verify(priv), 'priv with a signal');
  const one = clone(proofs.pub1);
  one.inputs.push(0n, 0n, 0n);
  assertFalse(await v4.verify(one), 'the pub1 proof, padded to 4 signals');
  // Fewer signals than N: solc's ABI decoder reverts before the function body runs (a caller
  // compiled against uint[N] cannot produce this call); the tools report invalid.
  const short = clone(p4);
  short.inputs.pop();
  const r = await v4.verify(short);
  assert.equal(r.valid, false);
  assert.equal(r.reverted, true);
});

test('a proof for another key of the same circuit is rejected', async () => {
  assert.equal(verifiers.pub4_other.n, 4);
  const r = await verifiers.pub4_other.verify(p4);
  assertFalse(r, 'other key');
  assert.ok(r.executionGas > NO_PAIRING && r.executionGas < PRECOMPILE_FAILED);
});

test('worst-case gas (every signal in [2, r)) and code size', async () => {
  for (const name of ['pub1', 'pub4', 'pub16']) {
    const p = clone(proofs[name]);
    p.inputs = p.inputs.map((_, i) => R - 2n - BigInt(i));
    const r = await verifiers[name].verify(p);
    assertFalse(r, name);
    const size = verifiers[name].contract.deployedBytecode.length;
    assert.ok(size < 24576, `${name}: EIP-170 limit, ${size} bytes`);
    gasTable.push(`${name}: N = ${verifiers[name].n}, worst case gas ${r.gasUsed} (execution ${r.executionGas}), ` +
                  `code ${size} bytes`);
  }
  console.log(gasTable.map((l) => `  ${l}`).join('\n'));
});

test('verify.mjs: exit 0 valid, 1 invalid, 2 bad input', () => {
  const run = (...args) => spawnSync(process.execPath, [path.join(toolsEvm, 'verify.mjs'), ...args], { encoding: 'utf8' });
  const sol = path.join(workDir, 'pub4.sol');
  const proof = path.join(dataDir, 'pub4_proof.json');
  const pub = path.join(dataDir, 'pub4_public.json');
  const write = (name, text) => {
    const f = path.join(workDir, name);
    writeFileSync(f, text);
    return f;
  };
  let r = run(sol, proof, pub);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^valid\ngas used: \d+ \(execution \d+\)\n$/);

  const signals = readJson('pub4_public.json');
  signals[3] = String(BigInt(signals[3]) + 1n);
  r = run(sol, proof, write('pub4_public_plus1.json', JSON.stringify(signals)));
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /^invalid\n/);

  r = run(sol, proof, path.join(workDir, 'does-not-exist.json'));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /does-not-exist\.json/);
  r = run(sol, write('truncated.json', readFileSync(proof, 'utf8').slice(0, 100)), pub);
  assert.equal(r.status, 2);
  r = run(sol, proof, write('hex_signal.json', '["0x01", "1", "2", "3"]'));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /public\[0\]/);
  r = run(write('Broken.sol', 'pragma solidity >=0.7.0 <0.9.0; contract Groth16Verifier {'), proof, pub);
  assert.equal(r.status, 2);
  r = run(sol, proof);
  assert.equal(r.status, 2);
});

test('the export driver rejects a key with a point off the curve', () => {
  const vk = readJson('pub4_vk.json');
  vk.IC[2][1] = String(BigInt(vk.IC[2][1]) + 1n);
  const f = path.join(workDir, 'bad_vk.json');
  writeFileSync(f, JSON.stringify(vk));
  const r = spawnSync(exporter, [f, path.join(workDir, 'bad.sol')], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /IC\[2\]/);
});
