// EVM test of contracts/LendingPool.sol with real credit proofs from the C++ prover:
// node tests/evm/lending_test.mjs <zkcredit> <keys dir> <data dir> <work dir>
// <keys dir> is what `zkcredit setup` wrote (Groth16Verifier.sol, circuit.json, credit.zkey); <data dir>
// is the repository's data/ (models/credit_default.json, wallets/eunice.json). The test compiles the
// generated verifier and the pool with solc-js, deploys them in an in-memory @ethereumjs/vm
// (tools/evm), registers the keys' model, proves with `zkcredit prove` for the test accounts, and
// checks that a valid borrow opens a loan and that every forgery is rejected with its own error.
// The loan's interest rate (InterestRate.sol) is fixed at origination, by reference (the rate model's
// version, s and U in the loan's one slot): its terms (loanTerms), and rateOf at later times against
// `zkcredit rate` (the C++ closed form), before and after the owner changes the rate model and the
// utilization.
// Wherever the pool rejects a proof on its own terms (sender, nonce, ratio, score, model), the test
// also shows the verifier contract accepts that proof, so the rejection is the pool's check.
// Exit 77 (skipped) when tools/evm/node_modules is missing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const toolsEvm = path.resolve(here, '../../tools/evm');
const contractsDir = path.resolve(here, '../../contracts');
for (const dep of ['solc', '@ethereumjs/vm', '@ethereumjs/block', '@noble/hashes']) {
  if (!existsSync(path.join(toolsEvm, 'node_modules', dep))) {
    console.log(`skipped: ${path.join(toolsEvm, 'node_modules', dep)} is missing (npm ci --prefix tools/evm)`);
    process.exit(77);
  }
}
if (process.argv.length !== 6) {
  console.error('usage: node lending_test.mjs <zkcredit> <keys dir> <data dir> <work dir>');
  process.exit(2);
}
const [zkcredit, keysDir, dataDir, workDir] = process.argv.slice(2);
if (!existsSync(zkcredit)) {
  console.error(`${zkcredit} is missing (build the zkcredit target)`);
  process.exit(1);
}
for (const f of [path.join(keysDir, 'circuit.json'), path.join(keysDir, 'Groth16Verifier.sol')]) {
  if (!existsSync(f)) {
    console.error(`${f} is missing (the keys come from the credit.keys fixture: zkcredit ptau + setup)`);
    process.exit(1);
  }
}
rmSync(workDir, { recursive: true, force: true });
mkdirSync(workDir, { recursive: true });

const { test } = await import('node:test');
const assert = (await import('node:assert/strict')).default;
const evm = await import(pathToFileURL(path.join(toolsEvm, 'evm.mjs')).href);
const { Chain, Contract, Verifier, compile, proofFromSnarkjs, R } = evm;

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const clone = (p) => structuredClone(p);

// --- the keys' circuit ---
const manifest = readJson(path.join(keysDir, 'circuit.json'));
const MODEL = BigInt(manifest.model_commitment);
const ratioMatch = /^([0-9]+)\/([0-9]+)$/.exec(manifest.ratio);
assert.ok(ratioMatch, `circuit.json: ratio ${manifest.ratio} is not num/den`);
const [NUM, DEN] = [BigInt(ratioMatch[1]), BigInt(ratioMatch[2])];
const F = BigInt(manifest.fractional_bits);
assert.deepEqual(manifest.public_signals,
                 ['score', 'model_commitment', 'feature_commitment', 'position_commitment', 'ratio', 'borrower']);
const packRatio = (num, den) => num + (den << 64n);

// --- chain, contracts ---
// Accounts: 0 the pool's owner, 1 Alice, 2 Bob.
const OWNER = 0, ALICE = 1, BOB = 2;
const chain = await Chain.create({ accounts: 3 });
const addressOf = (i) => chain.accounts[i].toString();
const { contracts } = await compile({
  'Groth16Verifier.sol': readFileSync(path.join(keysDir, 'Groth16Verifier.sol'), 'utf8'),
  'LendingPool.sol': readFileSync(path.join(contractsDir, 'LendingPool.sol'), 'utf8'),
  'InterestRate.sol': readFileSync(path.join(contractsDir, 'InterestRate.sol'), 'utf8'),
});
const verifier = new Verifier(chain, await chain.deploy(contracts.Groth16Verifier.bytecode),
                              evm.verifyProofMethod(contracts.Groth16Verifier), contracts.Groth16Verifier);
assert.equal(verifier.n, 6);
const poolCode = contracts.LendingPool;
const deployPool = () => Contract.deploy(chain, poolCode, [verifier.address.toString()], { from: OWNER });
const pool = await deployPool();
const MAX_SCORE = 1n << F;  // every score: the rejection by score is tested with a lower bound
// --- interest rate (WAD) ---
const WAD = 10n ** 18n;
const DAY = 86400n;
const U_FIRST = WAD / 2n;  // the utilization when Alice's first loan opens
const DEFAULT_RATE_MODEL = [0n, 4n * WAD / 100n, 6n * WAD / 10n, 9n * WAD / 10n, 75n * WAD / 100n, 2n * WAD / 100n,
                            5n * WAD / 100n];  // the C++ defaults: base, slope1, slope2, U_opt, r_max, k, lambda
const decimal = (w) => {
  const frac = (w % WAD).toString().padStart(18, '0').replace(/0+$/, '');
  return (w / WAD).toString() + (frac ? '.' + frac : '');
};
const RATE_FLAGS = ['--base', '--slope1', '--slope2', '--u-opt', '--r-max', '--k', '--lambda'];
// `zkcredit rate` (C++ closed form) for a model (WAD values) at score / 2^F, U (WAD), t seconds.
function cppRate(model, score, u, seconds) {
  const args = ['rate', '--json', '--score', decimal((score * WAD) >> F), '--utilization', decimal(u),
                '--days', String(Number(seconds) / 86400), ...model.flatMap((v, i) => [RATE_FLAGS[i], decimal(v)])];
  const r = spawnSync(zkcredit, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `zkcredit ${args.join(' ')}:\n${r.stdout}${r.stderr}`);
  return JSON.parse(r.stdout).rate;
}
// rateOf as of `timestamp` (Chain.staticCall in a block of that time).
async function rateOfAt(p, borrower, nonce, timestamp) {
  const r = await chain.staticCall(p.address, p.calldata('rateOf', [borrower, nonce]), { timestamp });
  assert.equal(r.exceptionError, undefined, 'rateOf reverted');
  return BigInt('0x' + Buffer.from(r.returnValue).toString('hex'));
}
const RATE_TIMES = [0n, DAY, 30n * DAY, 365n * DAY, 3650n * DAY];
// The loan's rate at RATE_TIMES after it opened, against C++: 1e-6 relative, or 1 wei.
async function checkRateOf(p, borrower, nonce, model, score, u) {
  const loan = await p.view('loans', [borrower, nonce]);
  const rates = [];
  for (const dt of RATE_TIMES) {
    const r = await rateOfAt(p, borrower, nonce, loan.openedAt + dt);
    const c = cppRate(model, score, u, dt);
    const wei = Math.abs(Number(r) - c * 1e18);
    assert.ok(wei <= Math.max(1e-6 * c * 1e18, 1), `rateOf at +${dt} s: ${r} vs C++ ${c}`);
    rates.push(r);
  }
  return rates;
}
{
  const r = await pool.send('registerModel', [MODEL, NUM, DEN, MAX_SCORE, F], { from: OWNER });
  assert.equal(r.reverted, false, `registerModel: ${JSON.stringify(r.revert)}`);
  const u = await pool.send('setUtilization', [U_FIRST], { from: OWNER });
  assert.equal(u.reverted, false, `setUtilization: ${JSON.stringify(u.revert)}`);
}

// --- proofs from the C++ prover ---
const MODEL_FILE = path.join(dataDir, 'models', 'credit_default.json');
const WALLET = path.join(dataDir, 'wallets', 'eunice.json');
let proofCount = 0;
// `zkcredit prove` for `account` and `nonce`; returns { proof (calldata words), signals, dir }.
function prove(account, nonce, { ratio, collateral = 1500n, loan = 1000n } = {}) {
  const dir = path.join(workDir, `proof${proofCount++}`);
  const args = ['prove', '--keys', keysDir, '--model', MODEL_FILE, '--wallet', WALLET,
                '--collateral', String(collateral), '--loan', String(loan), '--address', addressOf(account),
                '--nonce', String(nonce), '--out', dir];
  if (ratio) args.push('--ratio', ratio);
  const r = spawnSync(zkcredit, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `zkcredit ${args.join(' ')}:\n${r.stdout}${r.stderr}`);
  const p = proofFromSnarkjs(readJson(path.join(dir, 'proof.json')), readJson(path.join(dir, 'public.json')));
  return { proof: [...p.a, ...p.b[0], ...p.b[1], ...p.c], signals: p.inputs, snarkjs: p, dir };
}

const aliceFirst = prove(ALICE, 1);                 // the loan
const aliceReuse = prove(ALICE, 1);                 // a second proof for the same nonce
const aliceRatio = prove(ALICE, 2, { ratio: '2/1', collateral: 2000n });
const aliceSpare = prove(ALICE, 3);                 // forgeries first, then a loan
const bob = prove(BOB, 1);                          // nonces are per borrower

const borrow = (p, from, { proof = p.proof, signals = p.signals, on = pool } = {}) =>
  on.send('borrow', [proof, signals], { from });

const show = (x) => JSON.stringify(x, (_, v) => (typeof v === 'bigint' ? String(v) : v));

function assertRevert(r, name, what) {
  assert.equal(r.reverted, true, `${what}: accepted`);
  assert.equal(r.revert?.name, name, `${what}: reverted with ${show(r.revert)}`);
  assert.equal(r.events.length, 0, `${what}: events`);
}

// The verifier contract accepts the proof: a pool rejection of it is the pool's own check.
async function assertVerifierAccepts(p, what) {
  const r = await verifier.verify(p.snarkjs);
  assert.equal(r.valid, true, `${what}: the verifier should accept this proof`);
}

const gas = [];
let aliceRates;  // Alice's first loan: rateOf at RATE_TIMES
let aliceTerms;  // and its loanTerms

test('the proofs state what they were made for', () => {
  for (const [p, account, nonce, num, den] of [[aliceFirst, ALICE, 1n, NUM, DEN], [aliceReuse, ALICE, 1n, NUM, DEN],
                                               [aliceRatio, ALICE, 2n, 2n, 1n], [aliceSpare, ALICE, 3n, NUM, DEN],
                                               [bob, BOB, 1n, NUM, DEN]]) {
    assert.equal(p.signals.length, 6);
    assert.ok(p.signals[0] >= 0n && p.signals[0] <= 1n << F, `score ${p.signals[0]}`);
    assert.equal(p.signals[1], MODEL);
    assert.equal(p.signals[4], packRatio(num, den));
    assert.equal(p.signals[5], BigInt(addressOf(account)) + (nonce << 160n));
  }
  // Fresh salts: two proofs of the same statement carry different commitments.
  assert.notEqual(aliceFirst.signals[2], aliceReuse.signals[2]);
  assert.notEqual(aliceFirst.signals[3], aliceReuse.signals[3]);
});

test('a valid borrow opens the loan and emits LoanOpened (gas measured)', async () => {
  const v = await verifier.verify(aliceFirst.snarkjs);
  assert.equal(v.valid, true);
  const r = await borrow(aliceFirst, ALICE);
  assert.equal(r.reverted, false, show(r.revert));
  const s = aliceFirst.signals;
  assert.deepEqual(r.events.map((e) => e.name), ['LoanOpened']);
  assert.equal(r.events[0].address, pool.address.toString());
  assert.deepEqual(
    { ...r.events[0].args },
    { borrower: addressOf(ALICE), nonce: 1n, score: s[0], modelCommitment: s[1], featureCommitment: s[2],
      positionCommitment: s[3], rateModelId: 0n, utilization: U_FIRST });
  // The loan's one slot: the rate by reference (f, the constructor's rate model version 0, U).
  const loan = await pool.view('loans', [addressOf(ALICE), 1n]);
  assert.deepEqual(loan.values, [s[0], r.blockNumber, r.blockNumber * 12n, true, F, 0n, U_FIRST]);
  // The rate terms at U = 0.5 and the default model: r(0) = r_base(0.5) = 0.04 * 0.5 / 0.9 (rounded), and
  // a = k s + lambda exactly (1e36).
  const terms = await pool.view('loanTerms', [addressOf(ALICE), 1n]);
  assert.equal(terms.startRate, (4n * WAD / 100n * U_FIRST + 45n * WAD / 100n) / (9n * WAD / 10n));
  assert.equal(terms.decayX36, 2n * WAD / 100n * ((s[0] * WAD) >> F) + 5n * WAD / 100n * WAD);
  aliceTerms = terms.values;
  aliceRates = await checkRateOf(pool, addressOf(ALICE), 1n, DEFAULT_RATE_MODEL, s[0], U_FIRST);
  assert.ok(aliceRates.at(-1) > aliceRates[0], 'the rate rises');
  // The equilibrium: C++ at 1e6 days, within 1e-6 (or 1 wei) of the event's.
  const eq = cppRate(DEFAULT_RATE_MODEL, s[0], U_FIRST, 10n ** 6n * DAY);
  assert.ok(Math.abs(Number(terms.equilibriumRate) - eq * 1e18) <= Math.max(1e-6 * eq * 1e18, 1));
  assert.equal((await pool.view('nonceUsed', [addressOf(ALICE), 1n])).values[0], true);
  assert.equal((await pool.view('nonceUsed', [addressOf(ALICE), 2n])).values[0], false);
  assert.ok(r.gasUsed <= 300_000n, `borrow: ${r.gasUsed} gas > 300,000 (issue 5)`);
  assert.ok(v.gasUsed <= 260_000n, `verifyProof: ${v.gasUsed} gas`);
  gas.push(`borrow tx: ${r.gasUsed} gas (execution ${r.executionGas})`,
           `verifyProof tx alone: ${v.gasUsed} gas (execution ${v.executionGas})`,
           `borrow - verifyProof: ${r.gasUsed - v.gasUsed} gas ` +
             '(checks, loan slot, rate model id and U slot, event, call overhead)');
});

test('a tampered proof is rejected (InvalidProof)', async () => {
  const p = aliceSpare;
  const cases = {
    'pA[0] low bit flipped': (w) => { w[0] ^= 1n; },
    'pA[1] + 1': (w) => { w[1] += 1n; },
    'pC[0] low bit flipped': (w) => { w[6] ^= 1n; },
    'pC[1] high bit flipped': (w) => { w[7] ^= 1n << 200n; },
    'pB x pair swapped (re, im: snarkjs JSON order)': (w) => { [w[2], w[3]] = [w[3], w[2]]; },
    'pB y pair swapped': (w) => { [w[4], w[5]] = [w[5], w[4]]; },
    'pB x and y swapped': (w) => { [w[2], w[3], w[4], w[5]] = [w[4], w[5], w[2], w[3]]; },
    'pA and pC swapped': (w) => { [w[0], w[1], w[6], w[7]] = [w[6], w[7], w[0], w[1]]; },
    'another proof of the same sender': (w) => { w.splice(0, 8, ...aliceReuse.proof); },
  };
  for (const [what, tamper] of Object.entries(cases)) {
    const proof = [...p.proof];
    tamper(proof);
    assertRevert(await borrow(p, ALICE, { proof }), 'InvalidProof', what);
  }
});

test('a public signal changed within the field is rejected (the commitments are bound)', async () => {
  const p = aliceSpare;
  for (const i of [2, 3]) {
    const signals = [...p.signals];
    signals[i] = (signals[i] + 1n) % R;
    assertRevert(await borrow(p, ALICE, { signals }), 'InvalidProof', `signal ${i} + 1`);
  }
  // A lower score passes the pool's bound, not the proof.
  const signals = [...p.signals];
  signals[0] = signals[0] === 0n ? 1n : signals[0] - 1n;
  assertRevert(await borrow(p, ALICE, { signals }), 'InvalidProof', 'score changed');
  // Bob puts his address into Alice's proof: the pool's checks pass, the proof fails.
  const stolen = [...p.signals];
  stolen[5] = BigInt(addressOf(BOB)) + (3n << 160n);
  assertRevert(await borrow(p, BOB, { signals: stolen }), 'InvalidProof', "Bob's address in Alice's proof");
});

test('a public signal >= r is rejected, whether or not the pool decodes it', async () => {
  const p = aliceSpare;
  const expected = {
    0: 'ScoreTooHigh',             // score + r > maxScore
    1: 'ModelNotRegistered',       // commitment + r is not registered (registration requires < r)
    2: 'InvalidProof',             // not decoded by the pool: the verifier's range check
    3: 'InvalidProof',
    4: 'RatioMismatch',            // ratio + r != num + den * 2^64
    5: 'BorrowerSignalOutOfRange', // >= 2^224
  };
  for (const [i, name] of Object.entries(expected)) {
    const signals = [...p.signals];
    signals[i] += R;
    assertRevert(await borrow(p, ALICE, { signals }), name, `signal ${i} + r`);
  }
  // The verifier itself rejects each aliased signal (so no check of the pool is the only guard).
  for (let i = 0; i < 6; i++) {
    const q = clone(p.snarkjs);
    q.inputs[i] += R;
    assert.equal((await verifier.verify(q)).valid, false, `verifier: signal ${i} + r`);
  }
  // Borrower signals with bits above 2^224 but below r, and 2^256 - 1.
  for (const v of [p.signals[5] + (1n << 224n), (1n << 256n) - 1n]) {
    const signals = [...p.signals];
    signals[5] = v;
    assertRevert(await borrow(p, ALICE, { signals }), 'BorrowerSignalOutOfRange', `borrower ${v}`);
  }
});

test('a proof for another sender is rejected (WrongSender)', async () => {
  const r = await borrow(aliceSpare, BOB);
  assertRevert(r, 'WrongSender', "Alice's proof sent by Bob");
  assert.equal(r.revert.args.borrower, addressOf(ALICE));
  assert.equal(r.revert.args.sender, addressOf(BOB));
  assertRevert(await borrow(aliceSpare, OWNER), 'WrongSender', "Alice's proof sent by the owner");
  await assertVerifierAccepts(aliceSpare, 'WrongSender');
});

test('a replayed nonce is rejected (NonceUsed)', async () => {
  let r = await borrow(aliceFirst, ALICE);
  assertRevert(r, 'NonceUsed', 'the same proof again');
  assert.deepEqual([r.revert.args.borrower, r.revert.args.nonce], [addressOf(ALICE), 1n]);
  assertRevert(await borrow(aliceReuse, ALICE), 'NonceUsed', 'a new proof for a used nonce');
  await assertVerifierAccepts(aliceReuse, 'NonceUsed');
  // The first loan is unchanged.
  const loan = await pool.view('loans', [addressOf(ALICE), 1n]);
  assert.equal(loan.score, aliceFirst.signals[0]);
});

test('a ratio other than the registered one is rejected (RatioMismatch)', async () => {
  assert.notEqual(packRatio(2n, 1n), packRatio(NUM, DEN), 'the keys must not be set up at 2/1');
  const r = await borrow(aliceRatio, ALICE);
  assertRevert(r, 'RatioMismatch', 'proof at 2/1');
  assert.deepEqual([r.revert.args.expected, r.revert.args.actual], [packRatio(NUM, DEN), packRatio(2n, 1n)]);
  assert.equal((await pool.view('ratioSignal', [MODEL])).values[0], packRatio(NUM, DEN));
  await assertVerifierAccepts(aliceRatio, 'RatioMismatch');
});

test('an unregistered model is rejected (ModelNotRegistered)', async () => {
  const bare = await deployPool();
  assertRevert(await borrow(aliceSpare, ALICE, { on: bare }), 'ModelNotRegistered', 'pool without models');
  const other = await deployPool();
  assert.equal((await other.send('registerModel', [MODEL + 1n, NUM, DEN, MAX_SCORE, F], { from: OWNER })).reverted, false);
  const r = await borrow(aliceSpare, ALICE, { on: other });
  assertRevert(r, 'ModelNotRegistered', 'pool with another model');
  assert.equal(r.revert.args.modelCommitment, MODEL);
  // The same pool after it registers the keys' model at another ratio, then at the right one.
  assert.equal((await other.send('registerModel', [MODEL, NUM + 1n, DEN, MAX_SCORE, F], { from: OWNER })).reverted, false);
  assertRevert(await borrow(aliceSpare, ALICE, { on: other }), 'RatioMismatch', 'other ratio registered');
  assert.equal((await other.send('registerModel', [MODEL, NUM, DEN, MAX_SCORE, F], { from: OWNER })).reverted, false);
  // A deregistered model: rejected again.
  const d = await other.send('deregisterModel', [MODEL], { from: OWNER });
  assert.equal(d.reverted, false);
  assert.deepEqual(d.events.map((e) => e.name), ['ModelDeregistered']);
  assertRevert(await borrow(aliceSpare, ALICE, { on: other }), 'ModelNotRegistered', 'deregistered model');
  assertRevert(await other.send('deregisterModel', [MODEL], { from: OWNER }), 'ModelNotRegistered', 'deregister twice');
});

test('a score above maxScore is rejected (ScoreTooHigh), at maxScore accepted', async () => {
  const p = aliceSpare;
  const score = p.signals[0];
  assert.ok(score > 0n, 'the test wallet must score above 0');
  const strict = await deployPool();
  await strict.send('registerModel', [MODEL, NUM, DEN, score - 1n, F], { from: OWNER });
  const r = await borrow(p, ALICE, { on: strict });
  assertRevert(r, 'ScoreTooHigh', `score ${score} > ${score - 1n}`);
  assert.deepEqual([r.revert.args.score, r.revert.args.maxScore], [score, score - 1n]);
  await assertVerifierAccepts(p, 'ScoreTooHigh');
  await strict.send('registerModel', [MODEL, NUM, DEN, score, F], { from: OWNER });
  const ok = await borrow(p, ALICE, { on: strict });
  assert.equal(ok.reverted, false, 'score == maxScore');
});

test('the rejected attempts left the nonce unused: the spare proof and Bob\'s proof open loans', async () => {
  assert.equal((await pool.view('nonceUsed', [addressOf(ALICE), 3n])).values[0], false);
  const r = await borrow(aliceSpare, ALICE);
  assert.equal(r.reverted, false);
  assert.deepEqual(r.events.map((e) => e.name), ['LoanOpened']);
  // Bob's nonce 1 is his own, though Alice used 1.
  const b = await borrow(bob, BOB);
  assert.equal(b.reverted, false);
  assert.equal(b.events[0].args.borrower, addressOf(BOB));
  assert.equal((await pool.view('loans', [addressOf(BOB), 1n])).score, bob.signals[0]);
});

test('a later rate model or utilization leaves opened loans\' rates; new loans take them', async () => {
  const model = [WAD / 100n, 7n * WAD / 100n, 3n * WAD, 8n * WAD / 10n, 35n * WAD / 10n, 3n * WAD / 10n, WAD / 10n];
  // Owner only, checked.
  assertRevert(await pool.send('setRateModel', model, { from: ALICE }), 'NotOwner', 'setRateModel by Alice');
  assertRevert(await pool.send('setUtilization', [WAD], { from: BOB }), 'NotOwner', 'setUtilization by Bob');
  assertRevert(await pool.send('setUtilization', [WAD + 1n], { from: OWNER }), 'UtilizationOutOfRange', 'U > 1');
  assertRevert(await pool.send('setRateModel', model.map((v, i) => (i === 4 ? WAD : v)), { from: OWNER }),
               'MaxRateBelowCurveTop', 'rMax below the curve');
  // A new version of the rate model: id 1, appended; version 0 stays.
  assert.equal((await pool.view('rateModelId')).values[0], 0n);
  let r = await pool.send('setRateModel', model, { from: OWNER });
  assert.equal(r.reverted, false, show(r.revert));
  assert.deepEqual(r.events.map((e) => [e.name, e.args.rateModelId]), [['RateModelSet', 1n]]);
  const setRateModelGas = r.gasUsed;
  assert.equal((await pool.view('rateModelId')).values[0], 1n);
  assert.deepEqual((await pool.view('rateModel')).values, model);
  assert.deepEqual((await pool.view('rateModelAt', [1n])).values, model);
  assert.deepEqual((await pool.view('rateModelAt', [0n])).values, DEFAULT_RATE_MODEL);
  await assert.rejects(pool.view('rateModelAt', [2n]), (e) => e.revert?.name === 'RateModelNotFound');
  const u = 95n * WAD / 100n;
  const su = await pool.send('setUtilization', [u], { from: OWNER });
  assert.equal(su.reverted, false);
  assert.equal((await pool.view('utilization')).values[0], u);
  // Alice's first loan: the same version, U, terms, and rates at the same times.
  const loan = await pool.view('loans', [addressOf(ALICE), 1n]);
  assert.deepEqual([loan.rateModelId, loan.utilization], [0n, U_FIRST]);
  assert.deepEqual((await pool.view('loanTerms', [addressOf(ALICE), 1n])).values, aliceTerms);
  const again = [];
  for (const dt of RATE_TIMES) again.push(await rateOfAt(pool, addressOf(ALICE), 1n, loan.openedAt + dt));
  assert.deepEqual(again, aliceRates);
  // A loan opened now (Alice's proof for nonce 4, made here) takes the new model and U.
  const p = prove(ALICE, 4);
  r = await borrow(p, ALICE);
  assert.equal(r.reverted, false, show(r.revert));
  const loan4 = await pool.view('loans', [addressOf(ALICE), 4n]);
  assert.deepEqual([loan4.rateModelId, loan4.utilization], [1n, u]);
  const rates = await checkRateOf(pool, addressOf(ALICE), 4n, model, p.signals[0], u);
  assert.notDeepEqual(rates, aliceRates);
  assertRevert(await pool.send('loanTerms', [addressOf(BOB), 99n]), 'LoanNotFound', 'loanTerms without a loan');
  // rateOf without a loan; rateOf as a transaction (gas).
  assertRevert(await pool.send('rateOf', [addressOf(BOB), 99n]), 'LoanNotFound', 'rateOf without a loan');
  const tx = await pool.send('rateOf', [addressOf(ALICE), 1n]);
  assert.equal(tx.reverted, false);
  const lt = await pool.send('loanTerms', [addressOf(ALICE), 1n]);
  assert.equal(lt.reverted, false);
  gas.push(`rateOf tx: ${tx.gasUsed} gas (execution ${tx.executionGas})`,
           `loanTerms tx: ${lt.gasUsed} gas (execution ${lt.executionGas})`,
           `setRateModel tx (a new version): ${setRateModelGas} gas; setUtilization tx: ${su.gasUsed} gas`);
});

test('owner-only model registration with checked arguments', async () => {
  const p = await deployPool();
  assert.equal((await p.view('owner')).values[0], addressOf(OWNER));
  assert.equal((await p.view('verifier')).values[0], verifier.address.toString());
  let r = await p.send('registerModel', [MODEL, NUM, DEN, MAX_SCORE, F], { from: ALICE });
  assertRevert(r, 'NotOwner', 'registerModel by Alice');
  assert.equal(r.revert.args.caller, addressOf(ALICE));
  assertRevert(await p.send('deregisterModel', [MODEL], { from: ALICE }), 'NotOwner', 'deregisterModel by Alice');
  const register = (c, num, den, max) => p.send('registerModel', [c, num, den, max, F], { from: OWNER });
  for (const [num, den] of [[0n, 1n], [1n, 0n], [0n, 0n]])
    assertRevert(await register(MODEL, num, den, MAX_SCORE), 'InvalidRatio', `${num}/${den}`);
  for (const c of [R, MODEL + R, (1n << 256n) - 1n])
    assertRevert(await register(c, NUM, DEN, MAX_SCORE), 'CommitmentNotInField', `${c}`);
  r = await p.send('registerModel', [MODEL, NUM, DEN, MAX_SCORE, F], { from: OWNER });
  assert.equal(r.reverted, false);
  assert.deepEqual({ ...r.events[0].args },
                   { modelCommitment: MODEL, ratioNum: NUM, ratioDen: DEN, maxScore: MAX_SCORE, scoreBits: F });
  assert.deepEqual((await p.view('models', [MODEL])).values, [NUM, DEN, MAX_SCORE, F]);
  // The score bits: f <= 18, maxScore <= 2^f (a score above 2^f would be a probability above 1).
  const scoreBits = (max, f) => p.send('registerModel', [MODEL, NUM, DEN, max, f], { from: OWNER });
  assertRevert(await scoreBits(1n, 19n), 'InvalidScoreBits', 'f = 19');
  assertRevert(await scoreBits(MAX_SCORE + 1n, F), 'MaxScoreAboveOne', 'maxScore 2^f + 1');
  // Ownership moves to Bob: the old owner is refused, the new one accepted.
  assertRevert(await p.send('transferOwnership', ['0x' + '0'.repeat(40)], { from: OWNER }), 'ZeroAddress', 'to 0');
  r = await p.send('transferOwnership', [addressOf(BOB)], { from: OWNER });
  assert.deepEqual({ ...r.events[0].args }, { previousOwner: addressOf(OWNER), newOwner: addressOf(BOB) });
  assertRevert(await p.send('registerModel', [MODEL, NUM, DEN, 1n, F], { from: OWNER }), 'NotOwner', 'old owner');
  assert.equal((await p.send('registerModel', [MODEL, NUM, DEN, 1n, F], { from: BOB })).reverted, false);
});

test('the constructor refuses a verifier without code', async () => {
  for (const [arg, name] of [['0x' + '0'.repeat(40), 'ZeroAddress'], [addressOf(ALICE), 'VerifierHasNoCode']]) {
    await assert.rejects(Contract.deploy(chain, poolCode, [arg]), (e) => {
      assert.equal(evm.decodeRevert(poolCode.abi, e.returnValue).name, name);
      return true;
    });
  }
});

test('code size', () => {
  const size = poolCode.deployedBytecode.length;
  assert.ok(size < 24576, `EIP-170: ${size} bytes`);
  const verifierSize = contracts.Groth16Verifier.deployedBytecode.length;
  gas.push(`LendingPool runtime code: ${size} bytes; Groth16Verifier: ${verifierSize} bytes`);
  console.log(gas.map((l) => `  ${l}`).join('\n'));
});
