// The on-chain step of `zkcredit demo`: a borrower's credit proof through contracts/LendingPool.sol in a
// fresh in-memory EVM (tools/evm/evm.mjs: solc-js + @ethereumjs/vm, real signed transactions).
//   node tools/evm/demo_pool.mjs <keys dir> <proof dir> <out.json> [--utilization U] [--days D]
//                                [--max-score S]
//   node tools/evm/demo_pool.mjs --accounts      (prints the VM's accounts as JSON)
// <keys dir> is what `zkcredit setup` writes (Groth16Verifier.sol, circuit.json); <proof dir> what
// `zkcredit prove` writes (proof.json, public.json). The script compiles the verifier and the pool
// (+ InterestRate.sol), deploys them from account 0 (the pool's owner), registers the keys' model
// (circuit.json's model_commitment, ratio and fractional_bits f; maxScore 2^f unless --max-score),
// posts the utilization U (default 0.5), calls the verifier alone (its gas), tries two tampered
// versions of the proof (each must revert InvalidProof), borrows with the proof, and reads the loan's
// rate (rateOf) at origination and D days later (default 30).
// The proof is bound to an address: it must be one of the VM's fixed accounts (account i has the
// private key with every byte 0x5a + i; they exist only in this VM), so prove for the borrower with
// `zkcredit prove --address 0x91692f169934f67899449362a8a938e3055e3db5` (account 1) or any address that
// `--accounts` lists. The borrow is sent from that account.
// Writes <out.json> (accepted, gas, code sizes, rates, tampered_rejected, versions, timings) and a short
// summary on stdout. Exit 0 on success; 1 on an error (missing or malformed files, a borrow the pool
// rejects: the message names the pool's custom error); 77 when tools/evm/node_modules is missing.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const contractsDir = path.resolve(here, '../../contracts');
const ME = 'demo_pool';
const ACCOUNTS = 16;  // evm.mjs's MAX_ACCOUNTS
const OWNER = 0;
const WAD = 10n ** 18n;
const DAY = 86400n;

class Failure extends Error {}
const fail = (msg) => { throw new Failure(msg); };

for (const dep of ['solc', '@ethereumjs/vm', '@ethereumjs/block', '@ethereumjs/util', '@noble/hashes']) {
  if (!existsSync(path.join(here, 'node_modules', dep))) {
    console.error(`${ME}: skipped: ${path.join(here, 'node_modules', dep)} is missing ` +
                  '(run `npm ci --prefix tools/evm`)');
    process.exit(77);
  }
}
const evm = await import(pathToFileURL(path.join(here, 'evm.mjs')).href);
const { Chain, Contract, Verifier, BadInput, compile, decodeRevert, proofFromSnarkjs, solcVersion } = evm;

const USAGE = `usage: node ${path.relative(process.cwd(), fileURLToPath(import.meta.url))} <keys dir> <proof dir> ` +
              '<out.json> [--utilization U] [--days D] [--max-score S]\n' +
              `       node ${path.basename(fileURLToPath(import.meta.url))} --accounts`;

// --- arguments ---

// A fraction in [0, 1] -> WAD: exactly for a plain decimal (at most 18 decimals), else (exponent
// notation, as printf's %g writes it) rounded to the nearest wei.
function parseUtilization(s) {
  const m = /^([0-9]+)(?:\.([0-9]{1,18}))?$/.exec(s ?? '');
  let u;
  if (m) {
    u = BigInt(m[1]) * WAD + BigInt((m[2] ?? '').padEnd(18, '0') || '0');
  } else {
    const x = Number(s);
    if (!/^[0-9.]+(e[-+]?[0-9]+)?$/i.test(s ?? '') || !Number.isFinite(x))
      fail(`--utilization ${s}: expected a number in [0, 1]`);
    u = x > 1 ? WAD + 1n : BigInt(Math.round(x * 1e18));
  }
  if (u > WAD) fail(`--utilization ${s}: above 1`);
  return u;
}

function parseArgs(argv) {
  const positional = [];
  const opts = { utilization: '0.5', days: '30', maxScore: undefined };
  const flags = { '--utilization': 'utilization', '--days': 'days', '--max-score': 'maxScore' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    const [flag, inline] = a.startsWith('--') && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    if (flag in flags) {
      const v = inline ?? argv[++i];
      if (v === undefined) fail(`${flag}: missing value\n${USAGE}`);
      opts[flags[flag]] = v;
    } else if (a.startsWith('--')) {
      fail(`unknown option ${a}\n${USAGE}`);
    } else {
      positional.push(a);
    }
  }
  if (positional.length !== 3) fail(`expected 3 arguments, got ${positional.length}\n${USAGE}`);
  const days = Number(opts.days);
  if (!/^[0-9.]+(e[-+]?[0-9]+)?$/i.test(opts.days) || !Number.isFinite(days) || days > 36500)
    fail(`--days ${opts.days}: expected a number of days in [0, 36500]`);
  let maxScore;
  if (opts.maxScore !== undefined) {
    if (!/^[0-9]+$/.test(opts.maxScore)) fail(`--max-score ${opts.maxScore}: expected an integer (score units, <= 2^f)`);
    maxScore = BigInt(opts.maxScore);
  }
  const [keysDir, proofDir, out] = positional;
  return { keysDir, proofDir, out, utilization: parseUtilization(opts.utilization), utilizationText: opts.utilization,
           days, seconds: BigInt(Math.round(days * 86400)), maxScore };
}

function readText(file, hint) {
  if (!existsSync(file)) fail(`${file} is missing${hint ? ` (${hint})` : ''}`);
  return readFileSync(file, 'utf8');
}

function readJson(file, hint) {
  const text = readText(file, hint);
  try {
    return JSON.parse(text);
  } catch (e) {
    fail(`${file}: not JSON (${e.message})`);
  }
}

// circuit.json -> { model, num, den, f }
function readCircuit(keysDir) {
  const file = path.join(keysDir, 'circuit.json');
  const c = readJson(file, 'the keys directory comes from `zkcredit setup`');
  const expected = ['score', 'model_commitment', 'feature_commitment', 'position_commitment', 'ratio', 'borrower'];
  if (c.public_signals !== undefined && JSON.stringify(c.public_signals) !== JSON.stringify(expected))
    fail(`${file}: public_signals ${JSON.stringify(c.public_signals)}, expected ${JSON.stringify(expected)}`);
  if (typeof c.model_commitment !== 'string' || !/^[0-9]+$/.test(c.model_commitment))
    fail(`${file}: model_commitment: expected a decimal string`);
  const r = /^([0-9]+)\/([0-9]+)$/.exec(c.ratio ?? '');
  if (!r) fail(`${file}: ratio ${JSON.stringify(c.ratio)}: expected "num/den"`);
  if (!Number.isInteger(c.fractional_bits) || c.fractional_bits < 0 || c.fractional_bits > 18)
    fail(`${file}: fractional_bits ${c.fractional_bits}: expected an integer in [0, 18]`);
  return { model: BigInt(c.model_commitment), num: BigInt(r[1]), den: BigInt(r[2]), f: BigInt(c.fractional_bits) };
}

// What each of the pool's custom errors means for the borrower's proof (contracts/README.md).
function explain(revert, ctx) {
  const a = revert.args ?? {};
  switch (revert.name) {
    case 'ModelNotRegistered':
      return `the proof's model commitment ${a.modelCommitment} is not the keys' (circuit.json: ${ctx.model}): ` +
             'was it made with other keys?';
    case 'RatioMismatch':
      return `the proof's ratio signal ${a.actual} is not the keys' ${ctx.num}/${ctx.den} (${a.expected}): ` +
             'prove without --ratio, or with the keys\' ratio';
    case 'ScoreTooHigh':
      return `the proof's score ${a.score} is above the pool's maxScore ${a.maxScore}`;
    case 'BorrowerSignalOutOfRange':
      return `the borrower signal ${a.signal} is >= 2^224 (not an address and a 64-bit nonce)`;
    case 'WrongSender':
      return `the proof is for ${a.borrower}, sent by ${a.sender}`;
    case 'NonceUsed':
      return `nonce ${a.nonce} of ${a.borrower} is used`;
    case 'InvalidProof':
      return 'the verifier rejects the proof for these public signals (Groth16Verifier.verifyProof is false)';
    case '':
      return 'reverted without data (out of gas?)';
    default:
      return JSON.stringify(revert, (_, v) => (typeof v === 'bigint' ? String(v) : v));
  }
}

const pct = (wad) => `${(Number(wad) / 1e16).toFixed(3)} %`;
const seconds = (t0) => Math.round((performance.now() - t0) / 10) / 100;
const toNumber = (wad) => Number(wad) / 1e18;
const evmVersion = () => {
  const file = path.join(here, 'node_modules', '@ethereumjs', 'vm', 'package.json');
  return `@ethereumjs/vm ${JSON.parse(readFileSync(file, 'utf8')).version}`;
};

// rateOf as of `timestamp` (Chain.staticCall in a block of that time).
async function rateOfAt(chain, pool, borrower, nonce, timestamp) {
  const r = await chain.staticCall(pool.address, pool.calldata('rateOf', [borrower, nonce]), { timestamp });
  if (r.exceptionError) fail(`rateOf at ${timestamp}: reverted ${decodeRevert(pool.abi, r.returnValue).name}`);
  return BigInt('0x' + Buffer.from(r.returnValue).toString('hex'));
}

async function printAccounts() {
  const chain = await Chain.create({ accounts: ACCOUNTS });
  console.log(JSON.stringify({ owner: chain.accounts[OWNER].toString(),
                               accounts: chain.accounts.map((a) => a.toString()) }, null, 1));
}

async function main(argv) {
  if (argv.length === 1 && argv[0] === '--accounts') return printAccounts();
  const args = parseArgs(argv);
  const circuit = readCircuit(args.keysDir);
  const maxScore = args.maxScore ?? 1n << circuit.f;
  if (maxScore > 1n << circuit.f) fail(`--max-score ${maxScore}: above 2^f = ${1n << circuit.f}`);
  const verifierSource = readText(path.join(args.keysDir, 'Groth16Verifier.sol'),
                                  'the keys directory comes from `zkcredit setup`');
  const proofJson = readJson(path.join(args.proofDir, 'proof.json'), 'the proof directory comes from `zkcredit prove`');
  const publicJson = readJson(path.join(args.proofDir, 'public.json'), 'the proof directory comes from `zkcredit prove`');
  let proof;
  try {
    proof = proofFromSnarkjs(proofJson, publicJson);
  } catch (e) {
    if (e instanceof BadInput) fail(`${args.proofDir}: ${e.message}`);
    throw e;
  }
  if (proof.inputs.length !== 6) fail(`${path.join(args.proofDir, 'public.json')}: ${proof.inputs.length} signals, expected 6`);
  const words = [...proof.a, ...proof.b[0], ...proof.b[1], ...proof.c];
  const signals = proof.inputs;

  // The borrower: the proof's address must be one of the VM's accounts.
  const chain = await Chain.create({ accounts: ACCOUNTS });
  const borrowerSignal = signals[5];
  const borrower = '0x' + (borrowerSignal & ((1n << 160n) - 1n)).toString(16).padStart(40, '0');
  const nonce = (borrowerSignal >> 160n) & ((1n << 64n) - 1n);
  const from = chain.accounts.findIndex((a) => a.toString() === borrower);
  if (borrowerSignal >> 224n !== 0n)
    fail(`${path.join(args.proofDir, 'public.json')}: borrower signal >= 2^224 (BorrowerSignalOutOfRange)`);
  if (from < 0)
    fail(`the proof is for ${borrower}, which is not an account of the demo VM: the pool only accepts a borrow ` +
         `sent from the proof's address (WrongSender); prove with --address ${chain.accounts[1]} ` +
         '(or another address from `node tools/evm/demo_pool.mjs --accounts`)');

  // Compile.
  let t = performance.now();
  let compiled;
  try {
    compiled = await compile({
      'Groth16Verifier.sol': verifierSource,
      'LendingPool.sol': readText(path.join(contractsDir, 'LendingPool.sol')),
      'InterestRate.sol': readText(path.join(contractsDir, 'InterestRate.sol')),
    });
  } catch (e) {
    if (e instanceof BadInput) fail(`the contracts do not compile:\n${e.message}`);
    throw e;
  }
  const { contracts } = compiled;
  const solc = (await solcVersion()).replace(/\+.*$/, '');
  const compileSeconds = seconds(t);
  if (!contracts.Groth16Verifier) fail(`${path.join(args.keysDir, 'Groth16Verifier.sol')}: no contract Groth16Verifier`);
  const method = evm.verifyProofMethod(contracts.Groth16Verifier);
  if (!method || method.n !== 6)
    fail(`${path.join(args.keysDir, 'Groth16Verifier.sol')}: no verifyProof with 6 public signals (the credit circuit's)`);

  // Deploy, register the keys' model, post U.
  t = performance.now();
  const verifier = new Verifier(chain, await chain.deploy(contracts.Groth16Verifier.bytecode, { from: OWNER }), method,
                                contracts.Groth16Verifier);
  const pool = await Contract.deploy(chain, contracts.LendingPool, [verifier.address.toString()], { from: OWNER });
  for (const [name, fnArgs] of [['registerModel', [circuit.model, circuit.num, circuit.den, maxScore, circuit.f]],
                                ['setUtilization', [args.utilization]]]) {
    const r = await pool.send(name, fnArgs, { from: OWNER });
    if (r.reverted) fail(`${name}: reverted ${r.revert.name} ${explain(r.revert, circuit)}`);
  }
  const deploySeconds = seconds(t);

  // The verifier alone (its gas, and whether it accepts the proof).
  const alone = await verifier.verify(proof);

  // Tampered versions first (a rejected borrow leaves the nonce unused): each must revert InvalidProof.
  const tampered = [];
  for (const [change, edit] of [
    ['pA and pC swapped (valid curve points, wrong proof)', (w) => { [w[0], w[1], w[6], w[7]] = [w[6], w[7], w[0], w[1]]; }],
    ['feature commitment + 1 (public signal 2)', (_, s) => { s[2] = (s[2] + 1n) % evm.R; }],
  ]) {
    const w = [...words], s = [...signals];
    edit(w, s);
    const r = await pool.send('borrow', [w, s], { from });
    tampered.push({ change, rejected: r.reverted, error: r.reverted ? r.revert.name : null });
  }

  // The borrow.
  t = performance.now();
  const b = await pool.send('borrow', [words, signals], { from });
  const borrowSeconds = seconds(t);
  if (b.reverted) {
    const verdict = alone.valid ? 'the verifier contract alone accepts the proof' : 'the verifier contract alone rejects it too';
    fail(`the pool rejected the borrow: ${b.revert.name}: ${explain(b.revert, circuit)} (${verdict})`);
  }
  if (!alone.valid) fail('the pool accepted a proof that the verifier alone rejects (a bug)');

  // The loan and its rate now and after D days; rateOf as a transaction (its gas).
  const loan = await pool.view('loans', [borrower, nonce]);
  const terms = await pool.view('loanTerms', [borrower, nonce]);
  const rateStart = await rateOfAt(chain, pool, borrower, nonce, loan.openedAt);
  const rateLater = await rateOfAt(chain, pool, borrower, nonce, loan.openedAt + args.seconds);
  const rateTx = await pool.send('rateOf', [borrower, nonce], { from });
  if (rateTx.reverted) fail(`rateOf: reverted ${rateTx.revert.name}`);

  const score = signals[0];
  const result = {
    accepted: true,
    borrower,
    nonce: Number(nonce),
    score: Number(score),
    score_fraction: Number(score) / 2 ** Number(circuit.f),
    model: { commitment: String(circuit.model), ratio: `${circuit.num}/${circuit.den}`, fractional_bits: Number(circuit.f),
             max_score: Number(maxScore) },
    utilization: toNumber(args.utilization),
    days: args.days,
    gas: { borrow: Number(b.gasUsed), verify_proof: Number(alone.gasUsed), rate_of: Number(rateTx.gasUsed) },
    gas_execution: { borrow: Number(b.executionGas), verify_proof: Number(alone.executionGas),
                     rate_of: Number(rateTx.executionGas) },
    code_bytes: { LendingPool: contracts.LendingPool.deployedBytecode.length,
                  Groth16Verifier: contracts.Groth16Verifier.deployedBytecode.length },
    loan: { block: Number(loan.blockNumber), opened_at: Number(loan.openedAt),
            start_rate_wad: String(terms.startRate), equilibrium_rate_wad: String(terms.equilibriumRate),
            equilibrium_rate: toNumber(terms.equilibriumRate), decay_per_day: Number(terms.decayX36) / 1e36 },
    rate_wad: { start: String(rateStart), after_days: String(rateLater) },
    rate: { start: toNumber(rateStart), after_days: toNumber(rateLater) },
    tampered_rejected: tampered.every((x) => x.error === 'InvalidProof'),
    tampered,
    solc,
    evm: evmVersion(),
    seconds: { compile: compileSeconds, deploy: deploySeconds, borrow: borrowSeconds },
  };
  mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
  writeFileSync(args.out, JSON.stringify(result, null, 1) + '\n');

  const lines = [
    `LendingPool on a local EVM (${result.evm}, solc ${solc}; compiled in ${compileSeconds} s, deployed in ${deploySeconds} s)`,
    `  model ${String(circuit.model).slice(0, 12)}... registered at ratio ${circuit.num}/${circuit.den}, maxScore ${maxScore} / 2^${circuit.f}; U = ${args.utilizationText}`,
    `  borrow from ${borrower} nonce ${nonce}, score ${score} / 2^${circuit.f}: accepted, ${b.gasUsed} gas ` +
      `(verifyProof alone ${alone.gasUsed} gas); code ${result.code_bytes.LendingPool} + ${result.code_bytes.Groth16Verifier} bytes`,
    `  rate: ${pct(rateStart)} at origination, ${pct(rateLater)} after ${args.days} days (rateOf ${rateTx.gasUsed} gas)`,
    ...tampered.map((x) => `  tampered: ${x.change}: ${x.rejected ? `rejected (${x.error})` : 'ACCEPTED'}`),
  ];
  console.log(lines.join('\n'));
  if (!result.tampered_rejected) fail('a tampered proof was not rejected with InvalidProof');
}

try {
  await main(process.argv.slice(2));
} catch (e) {
  if (e instanceof Failure) {
    console.error(`${ME}: ${e.message}`);
    process.exit(1);
  }
  console.error(`${ME}: ${e.stack ?? e}`);
  process.exit(1);
}
