// EVM test of contracts/InterestRate.sol (the risk-driven interest rate in WAD fixed point) against the
// C++ closed form (src/zkc/lending/interest_rate.hpp, through `zkcredit rate --json`):
//   node tests/evm/rate_test.mjs <zkcredit>
// The library is compiled with the test-only harness tests/evm/rate_harness.sol and evaluated in an
// in-memory @ethereumjs/vm (tools/evm) over a grid of score s, utilization U and elapsed time t, for the
// default model and for non-default ones; its 1 - e^{-x} is checked against an independent BigInt
// evaluation at 1e-80; the named rejections and the pool's use of the library (score / 2^f, the rate fixed
// by reference to an append-only rate model version, loanTerms, rateOf) are checked with a LendingPool
// whose verifier accepts every proof. Randomized x values: seed printed, set
// ZKC_RATE_SEED to reproduce. Exit 77 (skipped) when tools/evm/node_modules is missing.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const toolsEvm = path.resolve(here, '../../tools/evm');
const contractsDir = path.resolve(here, '../../contracts');
for (const dep of ['solc', '@ethereumjs/vm', '@ethereumjs/block', '@noble/hashes']) {
  if (!existsSync(path.join(toolsEvm, 'node_modules', dep))) {
    console.log(`skipped: ${path.join(toolsEvm, 'node_modules', dep)} is missing (npm ci --prefix tools/evm)`);
    process.exit(77);
  }
}
if (process.argv.length !== 3) {
  console.error('usage: node rate_test.mjs <zkcredit>');
  process.exit(2);
}
const zkcredit = process.argv[2];
if (!existsSync(zkcredit)) {
  console.error(`${zkcredit} is missing (build the zkcredit target)`);
  process.exit(1);
}

const { test } = await import('node:test');
const assert = (await import('node:assert/strict')).default;
const evm = await import(pathToFileURL(path.join(toolsEvm, 'evm.mjs')).href);
const { Chain, Contract, compile } = evm;
const run = promisify(execFile);

const WAD = 10n ** 18n;
const X36 = 10n ** 36n;
const DAY = 86400n;
const MAX_RATE = 10n * WAD;
const MAX_PER_DAY = 10n * WAD;
const show = (x) => JSON.stringify(x, (_, v) => (typeof v === 'bigint' ? String(v) : v));

// Decimal string <-> WAD, exactly.
function wad(s) {
  const m = /^([0-9]+)(?:\.([0-9]{1,18}))?$/.exec(s);
  assert.ok(m, `not a decimal with at most 18 digits: ${s}`);
  return BigInt(m[1]) * WAD + BigInt((m[2] ?? '').padEnd(18, '0'));
}
function decimal(w) {
  const frac = (w % WAD).toString().padStart(18, '0').replace(/0+$/, '');
  return (w / WAD).toString() + (frac ? '.' + frac : '');
}

// --- contracts ---
const { contracts } = await compile({
  'InterestRate.sol': readFileSync(path.join(contractsDir, 'InterestRate.sol'), 'utf8'),
  'LendingPool.sol': readFileSync(path.join(contractsDir, 'LendingPool.sol'), 'utf8'),
  'RateHarness.sol': readFileSync(path.join(here, 'rate_harness.sol'), 'utf8'),
});
const chain = await Chain.create({ accounts: 3 });
const OWNER = 0, ALICE = 1;
const addressOf = (i) => chain.accounts[i].toString();
const harness = await Contract.deploy(chain, contracts.RateHarness);
const acceptAll = await Contract.deploy(chain, contracts.AcceptAllVerifier); // for the pool's tests

// A view that names its revert: { value } or { revert: { name, args } }.
async function tryView(c, name, args) {
  try {
    return { value: await c.view(name, args) };
  } catch (e) {
    if (!e.revert) throw e;
    return { revert: e.revert };
  }
}
async function assertViewReverts(c, name, args, error, what) {
  const r = await tryView(c, name, args);
  assert.ok(r.revert, `${what}: accepted (${show(r.value?.values)})`);
  assert.equal(r.revert.name, error, `${what}: reverted with ${show(r.revert)}`);
  return r.revert;
}

// --- models: [base, slope1, slope2, optimal, rMax, k, lambda] as decimal strings, and the CLI flags ---
const FIELDS = ['base', 'slope1', 'slope2', 'u-opt', 'r-max', 'k', 'lambda'];
const MODELS = {
  default: ['0', '0.04', '0.6', '0.9', '0.75', '0.02', '0.05'],
  'no decay (lambda = 0)': ['0.01', '0.07', '3', '0.8', '3.5', '0.3', '0'],
  'no risk (k = 0)': ['0.02', '0.05', '0.9', '0.7', '1', '0', '0.1'],
  fast: ['0.02', '0.1', '1.5', '0.5', '9.5', '5', '8'],
  'slow, late kink': ['0.005', '0.03', '2', '0.99', '2.5', '0.001', '0.0001'],
  'at the bounds': ['0', '0.5', '9.5', '0.5', '10', '10', '10'], // rMax = top = MAX_RATE, k = lambda = max
};
const paramsOf = (model) => model.map(wad);
const cliModel = (model) => model.flatMap((v, i) => [`--${FIELDS[i]}`, v]);

// The grid. s: 0, 1e-9, 0.1, ..., 1 (other scores: the pool's test below); t in seconds.
const TABLE_SCORES = Array.from({ length: 11 }, (_, i) => (i === 10 ? '1' : `0.${i}`));
const EXTRA_SCORES = ['0.000000001'];
const TIMES = [0n, 1n, 3600n, DAY, 30n * DAY, 365n * DAY, 3650n * DAY, (1n << 64n) - 1n];
const utilizations = (model) => ['0', '0.45', model[3], '0.95', '1'];

// C++ rates for one model at (U, t): { score string -> rate }, from one --table and one call per extra score.
async function cppRates(model, u, seconds) {
  const days = String(Number(seconds) / 86400);
  const common = ['rate', '--json', '--utilization', u, '--days', days, ...cliModel(model)];
  const out = {};
  const table = JSON.parse((await run(zkcredit, [...common, '--table'])).stdout);
  assert.equal(table.length, TABLE_SCORES.length);
  table.forEach((row, i) => {
    assert.equal(row.score, Number(TABLE_SCORES[i]));
    out[TABLE_SCORES[i]] = row.rate;
  });
  for (const s of EXTRA_SCORES) out[s] = JSON.parse((await run(zkcredit, [...common, '--score', s])).stdout).rate;
  return out;
}

// Runs `fn` over `items` with at most `width` at a time.
async function pool(items, width, fn) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  }));
  return results;
}

const report = [];

// The grid's evaluations run here, outside node:test: inside a test every promise is tracked, and the
// EVM (all promises) runs about 5 times slower there.
const SCORES = [...TABLE_SCORES, ...EXTRA_SCORES];
const jobs = [];
for (const [name, model] of Object.entries(MODELS))
  for (const u of utilizations(model)) for (const t of TIMES) jobs.push({ name, model, u, t });
const cppStarted = Date.now();
const cpp = await pool(jobs, 8, (j) => cppRates(j.model, j.u, j.t));
const cppMs = Date.now() - cppStarted;
const chainStarted = Date.now();
const onChain = [];
for (const { model, u, t } of jobs)
  onChain.push(await harness.view('evaluateScores', [paramsOf(model), SCORES.map(wad), wad(u), t]));
const chainMs = Date.now() - chainStarted;
// The library's rates for the second test: { "model|U" -> [t index][s index] -> WAD }.
const chainRates = {};
jobs.forEach(({ name, u, t }, i) => ((chainRates[`${name}|${u}`] ??= [])[TIMES.indexOf(t)] = onChain[i].rateWad));

test('the library matches the C++ closed form over the grid (relative error <= 1e-6)', () => {
  let maxRelX36 = 0, maxRelWad = 0, maxWeiTiny = 0, points = 0, worst = '';
  let gasMin = Infinity, gasMax = 0;
  for (let i = 0; i < jobs.length; i++) {
    const { name, model, u, t } = jobs[i];
    const r = onChain[i];
    SCORES.forEach((s, j) => {
      const c = cpp[i][s];
      const [rateWad, rateX36, gas] = [r.rateWad[j], r.rateX36[j], Number(r.gasUsed[j])];
      const what = `${name}: s ${s}, U ${u}, t ${t} s`;
      points++;
      gasMin = Math.min(gasMin, gas);
      gasMax = Math.max(gasMax, gas);
      // The WAD rate is the 1e36 rate rounded to nearest.
      assert.equal(rateWad, (rateX36 + WAD / 2n) / WAD, `${what}: rounding`);
      if (c === 0) {
        assert.equal(rateX36, 0n, `${what}: C++ gives 0`);
        return;
      }
      assert.ok(c > 0, `${what}: C++ rate ${c}`);
      const relX36 = Math.abs(Number(rateX36) / 1e36 - c) / c;
      assert.ok(relX36 <= 1e-6, `${what}: ${rateX36} (1e36) vs C++ ${c}: relative error ${relX36}`);
      if (relX36 > maxRelX36) [maxRelX36, worst] = [relX36, what];
      // WAD output: 1e-6 relative, or 1 wei where that is finer than the WAD's last digit (r < 1e-12).
      const wei = Math.abs(Number(rateWad) - c * 1e18);
      assert.ok(wei <= Math.max(1e-6 * c * 1e18, 1), `${what}: ${rateWad} (WAD) vs C++ ${c}: ${wei} wei`);
      if (c >= 1e-9) maxRelWad = Math.max(maxRelWad, wei / (c * 1e18));
      else maxWeiTiny = Math.max(maxWeiTiny, wei);
    });
  }
  report.push(`grid: ${points} points (${jobs.length * 2} zkcredit runs, ${cppMs} ms; EVM ${chainMs} ms)`,
              `max relative error of the 1e36 rate: ${maxRelX36.toExponential(2)} (${worst})`,
              `max relative error of the WAD rate where r >= 1e-9: ${maxRelWad.toExponential(2)}; ` +
              `where r < 1e-9: ${maxWeiTiny.toFixed(3)} wei`,
              `gas of InterestRate.rate (validate + terms + rateAt): ${gasMin} to ${gasMax}`);
});

test('the rate starts at r_base(U), rises with t and s, and never passes r_max', async () => {
  for (const [name, model] of Object.entries(MODELS)) {
    const p = paramsOf(model);
    for (const u of utilizations(model)) {
      const base = (await harness.view('utilizationRate', [p, wad(u)])).values[0];
      const rates = chainRates[`${name}|${u}`]; // [t][s]
      assert.equal(rates.length, TIMES.length);
      const order = [0, 11, ...Array.from({ length: 10 }, (_, i) => i + 1)]; // s increasing
      for (let j = 0; j < SCORES.length; j++) {
        assert.equal(rates[0][j], base, `${name}: r(0) = r_base at U ${u}, s ${SCORES[j]}`);
        for (let i = 1; i < TIMES.length; i++)
          assert.ok(rates[i][j] >= rates[i - 1][j], `${name}: U ${u}, s ${SCORES[j]}: r decreases at t ${TIMES[i]}`);
        assert.ok(rates.at(-1)[j] <= p[4], `${name}: above rMax`);
      }
      for (let i = 0; i < TIMES.length; i++)
        for (let j = 1; j < order.length; j++)
          assert.ok(rates[i][order[j]] >= rates[i][order[j - 1]], `${name}: U ${u}, t ${TIMES[i]}: falls with s`);
    }
  }
});

// 1 - e^{-x} for x = X / 1e36, at 1e80, by BigInt arithmetic of its own: the alternating series for x < 1/2,
// otherwise e^{-x/2^m} (series, x / 2^m < 1/2) squared m times.
const S80 = 10n ** 80n;
function oneMinusExpNegRef(x36) {
  const series = (y) => { // 1 - e^{-y}, y at 1e80, y < S80 / 2
    let term = y, sum = 0n;
    for (let j = 1n; term !== 0n; j++) {
      sum += j % 2n === 1n ? term : -term;
      term = (term * y) / ((j + 1n) * S80);
    }
    return sum;
  };
  let y = x36 * 10n ** 44n, m = 0;
  while (2n * y >= S80) [y, m] = [y / 2n, m + 1]; // exact enough: the dropped bit is below 1e-80 * 2^m
  if (m === 0) return series(y);
  // y was halved with truncation: redo at full precision as a rational x / 2^m.
  y = (x36 * 10n ** 44n) >> BigInt(m);
  let e = S80 - series(y);
  for (let i = 0; i < m; i++) e = (e * e) / S80;
  return S80 - e;
}

test('1 - e^{-x}: against a BigInt evaluation at 1e-80 (seeded random x plus an edge table)', async () => {
  const ln2 = (await harness.view('ln2')).values[0];
  // ln 2 = sum_{k >= 1} 1 / (k 2^k), at 1e60, against the contract's floor(ln 2 * 1e36) (OEIS A002162).
  let ln2Ref = 0n;
  for (let k = 1n; k < 220n; k++) ln2Ref += 10n ** 60n / (k << k);
  assert.equal(ln2, ln2Ref / 10n ** 24n, `LN2_X36 ${ln2} vs floor(ln 2 * 1e36)`);

  const seed = BigInt(process.env.ZKC_RATE_SEED ?? Date.now());
  console.log(`  1 - e^{-x} random x: seed ${seed} (ZKC_RATE_SEED=${seed} reproduces)`);
  let state = seed;
  const next = () => { // splitmix64
    state = (state + 0x9e3779b97f4a7c15n) & ((1n << 64n) - 1n);
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & ((1n << 64n) - 1n);
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & ((1n << 64n) - 1n);
    return z ^ (z >> 31n);
  };
  const xs = [0n, 1n, 2n, 3n, 10n ** 6n, 10n ** 12n, 10n ** 18n, 10n ** 24n, 10n ** 30n, 10n ** 33n, X36 / 2n, X36,
              X36 * 83n, X36 * 90n, X36 * 1000n, 2n ** 200n];
  for (let k = 1n; k <= 121n; k++) xs.push(k * ln2 - 1n, k * ln2, k * ln2 + 1n);
  for (let i = 0; i < 150; i++) {
    // log-uniform over [1e-36, 100]: a random mantissa shifted by a random number of decimal digits.
    const digits = next() % 39n;
    xs.push((next() * 10n ** 20n + next()) % (10n ** (digits + 1n)) + 1n);
  }
  let maxUlp = 0n, maxRel = 0;
  for (const x of xs) {
    const f = (await harness.view('oneMinusExpNeg', [x])).values[0];
    const ref = x > 200n * X36 ? S80 : oneMinusExpNegRef(x);
    const err = f * 10n ** 44n - ref;
    const ulp = (err < 0n ? -err : err) / 10n ** 44n; // in units of 1e-36
    assert.ok(ulp <= 100n, `x = ${x}: ${f} vs ${ref / 10n ** 44n}: ${ulp} units of 1e-36`);
    assert.ok(f <= X36, `x = ${x}: above 1`);
    if (ulp > maxUlp) maxUlp = ulp;
    if (x >= 10n ** 18n) maxRel = Math.max(maxRel, Number(err < 0n ? -err : err) / Number(ref));
  }
  // Monotone across the reduction boundaries n ln2 (where the series' argument wraps to 0).
  for (let k = 1n; k <= 119n; k++) {
    const [below, at] = [(await harness.view('oneMinusExpNeg', [k * ln2 - 1n])).values[0],
                         (await harness.view('oneMinusExpNeg', [k * ln2])).values[0]];
    assert.ok(at + 2n >= below, `not monotone at ${k} ln 2: ${below} > ${at}`);
  }
  report.push(`1 - e^{-x}: ${xs.length} points, max error ${maxUlp} units of 1e-36; ` +
              `max relative error for x >= 1e-18: ${maxRel.toExponential(2)}`);
});

test('invalid parameters revert with the error naming them', async () => {
  const ok = paramsOf(MODELS.default);
  const withField = (i, v) => ok.map((x, j) => (j === i ? v : x));
  // Each bound, one above it (rMax raised with the curve so that only the named check fails).
  const cases = [
    ['base', withField(0, MAX_RATE + 1n), 'BaseRateTooHigh'],
    ['slope1', withField(1, MAX_RATE + 1n), 'Slope1TooHigh'],
    ['slope2', withField(2, MAX_RATE + 1n), 'Slope2TooHigh'],
    ['rMax', withField(4, MAX_RATE + 1n), 'MaxRateTooHigh'],
    ['k', withField(5, MAX_PER_DAY + 1n), 'RiskSensitivityTooHigh'],
    ['lambda', withField(6, MAX_PER_DAY + 1n), 'DecayRateTooHigh'],
    ['rMax below the curve top', withField(4, ok[0] + ok[1] + ok[2] - 1n), 'MaxRateBelowCurveTop'],
    ['optimal 0', withField(3, 0n), 'OptimalUtilizationOutOfRange'],
    ['optimal 1', withField(3, WAD), 'OptimalUtilizationOutOfRange'],
    ['optimal 2^256 - 1', withField(3, (1n << 256n) - 1n), 'OptimalUtilizationOutOfRange'],
    ['base 2^256 - 1', withField(0, (1n << 256n) - 1n), 'BaseRateTooHigh'],
  ];
  for (const [what, p, error] of cases) {
    await assertViewReverts(harness, 'validate', [p], error, what);
    await assertViewReverts(harness, 'rate', [p, WAD / 2n, WAD / 2n, DAY], error, `rate with ${what}`);
  }
  const below = await assertViewReverts(harness, 'validate', [cases[6][1]], 'MaxRateBelowCurveTop', 'args');
  assert.deepEqual([below.args.rMax, below.args.top], [ok[0] + ok[1] + ok[2] - 1n, ok[0] + ok[1] + ok[2]]);
  // The boundaries are accepted.
  for (const [what, p] of [
    ['rMax = top', withField(4, ok[0] + ok[1] + ok[2])],
    ['optimal 1 wei', withField(3, 1n)],
    ['optimal 1 - 1 wei', withField(3, WAD - 1n)],
    ['k = lambda = 0', withField(5, 0n).map((x, j) => (j === 6 ? 0n : x))],
    ['every bound', [MAX_RATE, 0n, 0n, WAD / 2n, MAX_RATE, MAX_PER_DAY, MAX_PER_DAY]],
  ]) {
    assert.ok((await tryView(harness, 'validate', [p])).value, `${what}: rejected`);
  }
  // U and s outside [0, 1].
  for (const u of [WAD + 1n, (1n << 256n) - 1n]) {
    const r = await assertViewReverts(harness, 'rate', [ok, WAD / 2n, u, DAY], 'UtilizationOutOfRange', `U ${u}`);
    assert.equal(r.args.uWad, u);
  }
  for (const s of [WAD + 1n, (1n << 256n) - 1n]) {
    const r = await assertViewReverts(harness, 'rate', [ok, s, WAD / 2n, DAY], 'ScoreOutOfRange', `s ${s}`);
    assert.equal(r.args.scoreWad, s);
  }
  assert.ok((await tryView(harness, 'rate', [ok, WAD, WAD, DAY])).value, 's = U = 1 accepted');
});

// --- the pool's use of the library: a LendingPool whose verifier accepts every proof ---
const deployPool = () => Contract.deploy(chain, contracts.LendingPool, [acceptAll.address.toString()], { from: OWNER });
const MODEL = 12345n;
const FAKE_PROOF = Array(8).fill(1n);
let nonce = 0n;
const signals = (score, account, n) => [score, MODEL, 7n, 8n, 1n + (1n << 64n), BigInt(addressOf(account)) + (n << 160n)];
// rateOf as of `timestamp` (Chain.staticCall in a block of that time), with its gas or its revert.
async function rateOfAt(p, borrower, n, timestamp) {
  const r = await chain.staticCall(p.address, p.calldata('rateOf', [borrower, n]), { timestamp });
  if (r.exceptionError) return { revert: evm.decodeRevert(p.abi, r.returnValue) };
  return { rate: BigInt('0x' + Buffer.from(r.returnValue).toString('hex')), gas: r.executionGasUsed };
}

test('the pool: s = score / 2^f for every f, terms as the library computes them, rateOf (gas measured)', async () => {
  const p = await deployPool();
  const u = wad('0.93');
  assert.equal((await p.send('setUtilization', [u], { from: OWNER })).reverted, false);
  const defaults = paramsOf(MODELS.default);
  assert.deepEqual((await p.view('rateModel')).values, defaults);
  let rateOfGas = 0n;
  for (const f of [0n, 1n, 11n, 18n]) {
    assert.equal((await p.send('registerModel', [MODEL, 1n, 1n, 1n << f, f], { from: OWNER })).reverted, false);
    for (const score of [0n, 1n, (1n << f) / 3n, 1n << f]) {
      const n = ++nonce;
      const r = await p.send('borrow', [FAKE_PROOF, signals(score, ALICE, n)], { from: ALICE });
      assert.equal(r.reverted, false, show(r.revert));
      const s = (score * WAD) / (1n << f);
      assert.equal(s * (1n << f), score * WAD, 'exact');
      const t = await harness.view('terms', [defaults, s, u]);
      // The loan's one slot holds the rate by reference: f, the rate model version (0) and U.
      const loan = await p.view('loans', [addressOf(ALICE), n]);
      assert.deepEqual(loan.values, [score, r.blockNumber, r.blockNumber * 12n, true, f, 0n, u], `f ${f}`);
      assert.deepEqual(r.events.map((e) => e.name), ['LoanOpened']);
      assert.deepEqual([r.events[0].args.score, r.events[0].args.rateModelId, r.events[0].args.utilization],
                       [score, 0n, u]);
      assert.deepEqual((await p.view('loanTerms', [addressOf(ALICE), n])).values,
                       [t.startRate, t.startRate + (t.spreadX36 + WAD / 2n) / WAD, t.decayX36],
                       `f ${f}, score ${score}`);
      for (const dt of [0n, 1n, DAY, 365n * DAY]) {
        const q = await rateOfAt(p, addressOf(ALICE), n, loan.openedAt + dt);
        assert.equal(q.rate, (await harness.view('rate', [defaults, s, u, dt])).values[0], `rateOf at +${dt} s`);
        if (q.gas > rateOfGas) rateOfGas = q.gas;
      }
    }
  }
  // As a transaction (cold slots, as an on-chain caller pays): Alice's last loan, a few blocks old.
  const tx = await p.send('rateOf', [addressOf(ALICE), nonce]);
  assert.equal(tx.reverted, false);
  const lt = await p.send('loanTerms', [addressOf(ALICE), nonce]);
  assert.equal(lt.reverted, false);
  report.push(`rateOf: ${tx.gasUsed} gas as a transaction (execution ${tx.executionGas}); ` +
              `static calls up to ${rateOfGas} (execution); loanTerms: ${lt.gasUsed} (execution ${lt.executionGas})`);
  // No loan: LoanNotFound.
  const q = await rateOfAt(p, addressOf(ALICE), 999n, 10n ** 9n);
  assert.equal(q.revert?.name, 'LoanNotFound');
  await assertViewReverts(p, 'loanTerms', [addressOf(ALICE), 999n], 'LoanNotFound', 'loanTerms without a loan');
});

test('the pool: an opened loan keeps its rate through new rate models, U, and a re-registered or retired model',
     async () => {
  const p = await deployPool();
  const u0 = wad('0.3');
  assert.equal((await p.send('setUtilization', [u0], { from: OWNER })).reverted, false);
  assert.equal((await p.send('registerModel', [MODEL, 1n, 1n, 1n << 11n, 11n], { from: OWNER })).reverted, false);
  const score = 700n;
  const n = ++nonce;
  assert.equal((await p.send('borrow', [FAKE_PROOF, signals(score, ALICE, n)], { from: ALICE })).reverted, false);
  const loan = await p.view('loans', [addressOf(ALICE), n]);
  const times = [0n, DAY, 365n * DAY];
  const snapshot = async () => {
    const rates = [];
    for (const dt of times) rates.push((await rateOfAt(p, addressOf(ALICE), n, loan.openedAt + dt)).rate);
    return { terms: (await p.view('loanTerms', [addressOf(ALICE), n])).values, rates };
  };
  const before = await snapshot();
  // The library's rate for the default model at s = 700 / 2^11 and U = 0.3.
  const defaults = paramsOf(MODELS.default);
  for (const [i, dt] of times.entries())
    assert.equal(before.rates[i], (await harness.view('rate', [defaults, (score * WAD) >> 11n, u0, dt])).values[0]);
  // Two new versions of the rate model, a new U, f changed from 11 to 18 (s would be 2^7 times smaller),
  // then the model retired: the loan's terms and rates stay.
  for (const [i, change] of [
    () => p.send('setRateModel', paramsOf(MODELS.fast), { from: OWNER }),
    () => p.send('setRateModel', paramsOf(MODELS['at the bounds']), { from: OWNER }),
    () => p.send('setUtilization', [WAD], { from: OWNER }),
    () => p.send('registerModel', [MODEL, 1n, 1n, 1n << 18n, 18n], { from: OWNER }),
    () => p.send('deregisterModel', [MODEL], { from: OWNER }),
  ].entries()) {
    const r = await change();
    assert.equal(r.reverted, false, show(r.revert));
    assert.deepEqual(await snapshot(), before, `after change ${i}`);
  }
  assert.equal((await p.view('rateModelId')).values[0], 2n);
  assert.deepEqual((await p.view('rateModelAt', [0n])).values, defaults);
  assert.deepEqual((await p.view('rateModelAt', [1n])).values, paramsOf(MODELS.fast));
  assert.deepEqual((await p.view('rateModel')).values, paramsOf(MODELS['at the bounds']));
  const missing = await assertViewReverts(p, 'rateModelAt', [3n], 'RateModelNotFound', 'version 3');
  assert.equal(missing.args.rateModelId, 3n);
  // A loan opened now takes version 2, U = 1 and f = 18.
  assert.equal((await p.send('registerModel', [MODEL, 1n, 1n, 1n << 18n, 18n], { from: OWNER })).reverted, false);
  const m = ++nonce;
  const r = await p.send('borrow', [FAKE_PROOF, signals(score, ALICE, m)], { from: ALICE });
  assert.equal(r.reverted, false, show(r.revert));
  const fresh = await p.view('loans', [addressOf(ALICE), m]);
  assert.deepEqual([fresh.scoreBits, fresh.rateModelId, fresh.utilization], [18n, 2n, WAD]);
  const t = await harness.view('terms', [paramsOf(MODELS['at the bounds']), (score * WAD) >> 18n, WAD]);
  assert.deepEqual((await p.view('loanTerms', [addressOf(ALICE), m])).values,
                   [t.startRate, t.startRate + (t.spreadX36 + WAD / 2n) / WAD, t.decayX36]);
});

test('the pool: registerModel bounds f and maxScore <= 2^f; the setters check and are owner only', async () => {
  const p = await deployPool();
  const reg = (max, f, from = OWNER) => p.send('registerModel', [MODEL, 1n, 1n, max, f], { from });
  const expect = (r, name, what) => {
    assert.equal(r.reverted, true, `${what}: accepted`);
    assert.equal(r.revert.name, name, `${what}: ${show(r.revert)}`);
  };
  expect(await reg(1n << 11n, 19n), 'InvalidScoreBits', 'f = 19');
  expect(await reg(1n, 255n), 'InvalidScoreBits', 'f = 255');
  const above = await reg((1n << 11n) + 1n, 11n);
  expect(above, 'MaxScoreAboveOne', 'maxScore 2^11 + 1');
  assert.deepEqual([above.revert.args.maxScore, above.revert.args.scoreBits], [(1n << 11n) + 1n, 11n]);
  expect(await reg(2n, 0n), 'MaxScoreAboveOne', 'f = 0, maxScore 2');
  assert.equal((await reg(1n << 18n, 18n)).reverted, false);
  const ok = paramsOf(MODELS.fast);
  expect(await p.send('setRateModel', ok, { from: ALICE }), 'NotOwner', 'setRateModel by Alice');
  expect(await p.send('setUtilization', [WAD / 2n], { from: ALICE }), 'NotOwner', 'setUtilization by Alice');
  expect(await p.send('setUtilization', [WAD + 1n], { from: OWNER }), 'UtilizationOutOfRange', 'U > 1');
  expect(await p.send('setRateModel', ok.map((x, j) => (j === 3 ? WAD : x)), { from: OWNER }),
         'OptimalUtilizationOutOfRange', 'setRateModel with U_opt = 1');
  expect(await p.send('setRateModel', ok.map((x, j) => (j === 5 ? MAX_PER_DAY + 1n : x)), { from: OWNER }),
         'RiskSensitivityTooHigh', 'setRateModel with k too high');
  const r = await p.send('setRateModel', ok, { from: OWNER });
  assert.equal(r.reverted, false);
  assert.deepEqual(r.events.map((e) => e.name), ['RateModelSet']);
  assert.deepEqual(Object.values({ ...r.events[0].args }), [1n, ...ok]);
  assert.equal((await p.view('rateModelId')).values[0], 1n);
  assert.deepEqual((await p.view('rateModel')).values, ok);
  // Rejected models appended no version.
  await assertViewReverts(p, 'rateModelAt', [2n], 'RateModelNotFound', 'version 2');
  const s = await p.send('setUtilization', [WAD], { from: OWNER });
  assert.deepEqual([s.events[0].name, s.events[0].args.utilization], ['UtilizationSet', WAD]);
  assert.equal((await p.view('utilization')).values[0], WAD);
});

test('report', () => {
  console.log(report.map((l) => `  ${l}`).join('\n'));
});
