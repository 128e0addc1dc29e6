// zkcredit's offline EVM harness: compiles Solidity with solc-js (the compiler is inside the npm
// package) and runs it in an in-memory @ethereumjs/vm, by real signed transactions, so the gas
// figures are what a transaction pays (21000 + calldata + execution). Also the snarkjs JSON ->
// calldata conversion for Groth16 verifiers with snarkjs's interface:
//   verifyProof(uint[2] _pA, uint[2][2] _pB, uint[2] _pC, uint[N] _pubSignals) returns (bool),
//   _pB = [[x_im, x_re], [y_im, y_re]] (EIP-197 order, as `snarkjs zkey export soliditycalldata`).
// Also a small ABI layer for contracts with static arguments (Contract: deploy, send, view; custom
// errors and events decoded from the ABI), used by the lending pool's tests.
// Used by tools/evm/verify.mjs and by the tests (tests/evm).
import { createVM, runTx } from '@ethereumjs/vm';
import { createBlock } from '@ethereumjs/block';
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { createLegacyTx } from '@ethereumjs/tx';
import { createAccount, createAddressFromPrivateKey, bytesToHex, hexToBytes } from '@ethereumjs/util';
import { keccak_256 } from '@noble/hashes/sha3.js';

// BN254 scalar field order r and base field order q (EIP-196).
export const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
export const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

// Solc's EVM target and the VM's hardfork: the same fork, so no opcode is newer than the VM.
export const EVM_VERSION = 'prague';
const HARDFORK = Hardfork.Prague;

// Fixed in-memory test accounts (not secrets: they only ever exist in this VM): account i has the
// private key with every byte 0x5a + i.
const MAX_ACCOUNTS = 16;
const accountKey = (i) => hexToBytes('0x' + (0x5a + i).toString(16).repeat(32));

// Malformed input (files, JSON, Solidity that does not compile): verify.mjs exits 2 on it.
export class BadInput extends Error {}

// solc-js is loaded on first use (about a second): callers that reject bad input early never pay it.
let solcModule;
async function loadSolc() {
  solcModule ??= (await import('solc')).default;
  return solcModule;
}

// Compiles { 'Name.sol': source, ... } with the optimizer on. Returns { contracts: { ContractName:
// { abi, bytecode, deployedBytecode, methodIdentifiers, source } }, warnings: [...] }; throws
// BadInput with solc's messages on errors.
export async function compile(sources, { optimizerRuns = 200, evmVersion = EVM_VERSION } = {}) {
  const solc = await loadSolc();
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(Object.entries(sources).map(([name, content]) => [name, { content }])),
    settings: {
      optimizer: { enabled: true, runs: optimizerRuns },
      evmVersion,
      outputSelection: {
        '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object', 'evm.methodIdentifiers'] },
      },
    },
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new BadInput(errors.map((e) => e.formattedMessage).join('\n'));
  const contracts = {};
  for (const [source, byName] of Object.entries(out.contracts ?? {})) {
    for (const [name, c] of Object.entries(byName)) {
      contracts[name] = {
        source,
        abi: c.abi,
        bytecode: hexToBytes('0x' + c.evm.bytecode.object),
        deployedBytecode: hexToBytes('0x' + c.evm.deployedBytecode.object),
        methodIdentifiers: c.evm.methodIdentifiers,
      };
    }
  }
  const warnings = (out.errors ?? []).filter((e) => e.severity !== 'error').map((e) => e.formattedMessage);
  return { contracts, warnings };
}

export async function solcVersion() {
  return (await loadSolc()).version();
}

// An in-memory chain with funded accounts (`accounts`, Address objects; `sender` is accounts[0]).
// Every call is a signed legacy transaction, mined in a block of its own: the first transaction is in
// block 1, the next in block 2, and so on (block.number, as contracts see it).
export class Chain {
  static async create({ accounts = 1 } = {}) {
    if (!Number.isInteger(accounts) || accounts < 1 || accounts > MAX_ACCOUNTS)
      throw new RangeError(`accounts: 1 to ${MAX_ACCOUNTS}`);
    const common = new Common({ chain: Mainnet, hardfork: HARDFORK });
    const vm = await createVM({ common });
    const chain = new Chain(vm, common, accounts);
    for (const a of chain.accounts)
      await vm.stateManager.putAccount(a, createAccount({ nonce: 0n, balance: 10n ** 30n }));
    return chain;
  }

  constructor(vm, common, accounts = 1) {
    this.vm = vm;
    this.common = common;
    this.keys = Array.from({ length: accounts }, (_, i) => accountKey(i));
    this.accounts = this.keys.map((k) => createAddressFromPrivateKey(k));
    this.sender = this.accounts[0];
    this.blockNumber = 0n;  // of the last transaction
  }

  // `from`: an account index.
  async #send(to, data, gasLimit, from = 0) {
    const key = this.keys[from];
    if (key === undefined) throw new RangeError(`no account ${from}`);
    const account = await this.vm.stateManager.getAccount(this.accounts[from]);
    const tx = createLegacyTx(
      { nonce: account.nonce, gasPrice: 10n ** 10n, gasLimit, to, data, value: 0n },
      { common: this.common },
    ).sign(key);
    this.blockNumber += 1n;
    const header = { number: this.blockNumber, gasLimit: 30_000_000n, timestamp: this.blockNumber * 12n };
    const block = createBlock({ header }, { common: this.common });
    return runTx(this.vm, { tx, block, skipBlockGasLimitValidation: true });
  }

  // Deploys creation bytecode (constructor arguments already appended); returns the contract's address
  // (an @ethereumjs/util Address). Throws on a revert, with the revert data in `error.returnValue`.
  async deploy(bytecode, { gasLimit = 30_000_000n, from = 0 } = {}) {
    const r = await this.#send(undefined, bytecode, gasLimit, from);
    if (r.execResult.exceptionError || !r.createdAddress) {
      const e = new Error(`deployment failed: ${r.execResult.exceptionError?.error ?? 'no address'}`);
      e.returnValue = r.execResult.returnValue;
      throw e;
    }
    return r.createdAddress;
  }

  // Calls `to` with raw calldata from account `from`. Returns { reverted, error, returnValue
  // (Uint8Array: the return or revert data), logs ([address, topics, data] as Uint8Arrays), gasUsed
  // (whole transaction), executionGas (the call itself, without 21000 + calldata), blockNumber }.
  async call(to, data, { gasLimit = 10_000_000n, from = 0 } = {}) {
    const r = await this.#send(to, data, gasLimit, from);
    const err = r.execResult.exceptionError;
    return {
      reverted: err !== undefined,
      error: err?.error,
      returnValue: r.execResult.returnValue,
      logs: r.receipt.logs,
      gasUsed: r.totalGasSpent,
      executionGas: r.execResult.executionGasUsed,
      blockNumber: this.blockNumber,
    };
  }

  // A read-only call (no transaction, no state change); returns the execResult of @ethereumjs/evm.
  // `timestamp` runs it in a block of that time (the chain's own blocks carry block.number * 12 s), for
  // views that depend on block.timestamp.
  async staticCall(to, data, { from = 0, timestamp } = {}) {
    const caller = this.accounts[from];
    const block = timestamp === undefined ? undefined : {
      header: { number: 0n, coinbase: this.accounts[0], timestamp, difficulty: 0n, prevRandao: new Uint8Array(32),
                gasLimit: 30_000_000n, baseFeePerGas: undefined, slotNumber: 0n, getBlobGasPrice: () => undefined },
    };
    const r = await this.vm.evm.runCall({ to, caller, data, gasLimit: 10_000_000n, isStatic: true,
                                          ...(block ? { block } : {}) });
    return r.execResult;
  }
}

// --- Groth16 verifier calldata ----------------------------------------------------------------

function word(v) {
  if (typeof v !== 'bigint' || v < 0n || v >= 1n << 256n) throw new BadInput(`not a uint256: ${v}`);
  return v.toString(16).padStart(64, '0');
}

function decimal(s, what) {
  if (typeof s !== 'string' || !/^(0|[1-9][0-9]*)$/.test(s)) throw new BadInput(`${what}: not a decimal string`);
  const v = BigInt(s);
  if (v >= 1n << 256n) throw new BadInput(`${what}: does not fit in 256 bits`);
  return v;
}

// snarkjs proof.json and public.json -> { a: [x, y], b: [[x_im, x_re], [y_im, y_re]], c: [x, y],
// inputs: [...] } as BigInts. Projective z must be "1" (snarkjs writes affine points that way).
// Values >= q or >= r pass through unchanged: rejecting them is the contract's job.
export function proofFromSnarkjs(proof, publicSignals) {
  if (proof === null || typeof proof !== 'object') throw new BadInput('proof: not a JSON object');
  const pair = (p, what) => {
    if (!Array.isArray(p) || p.length !== 3 || p[2] !== '1') throw new BadInput(`${what}: expected ["x", "y", "1"]`);
    return [decimal(p[0], `${what}[0]`), decimal(p[1], `${what}[1]`)];
  };
  const b = proof.pi_b;
  if (!Array.isArray(b) || b.length !== 3 || !Array.isArray(b[0]) || !Array.isArray(b[1]) ||
      b[0].length !== 2 || b[1].length !== 2 || JSON.stringify(b[2]) !== '["1","0"]')
    throw new BadInput('pi_b: expected [[x_re, x_im], [y_re, y_im], ["1", "0"]]');
  if (!Array.isArray(publicSignals)) throw new BadInput('public: not a JSON array');
  return {
    a: pair(proof.pi_a, 'pi_a'),
    b: [
      [decimal(b[0][1], 'pi_b[0][1]'), decimal(b[0][0], 'pi_b[0][0]')],
      [decimal(b[1][1], 'pi_b[1][1]'), decimal(b[1][0], 'pi_b[1][0]')],
    ],
    c: pair(proof.pi_c, 'pi_c'),
    inputs: publicSignals.map((s, i) => decimal(s, `public[${i}]`)),
  };
}

// ABI encoding of verifyProof(a, b, c, inputs): all static, so the words in order. `selector` is
// the 4-byte hex from solc's methodIdentifiers; inputs.length need not match the contract's N
// (tests send wrong lengths on purpose).
export function encodeVerifyProof(selector, { a, b, c, inputs }) {
  const words = [...a, ...b[0], ...b[1], ...c, ...inputs];
  return hexToBytes('0x' + selector + words.map(word).join(''));
}

// Finds the verifyProof(uint256[2],uint256[2][2],uint256[2][,uint256[N]]) method of a compiled
// contract: { selector, n } (n = 0 for the three-argument form).
export function verifyProofMethod(contract) {
  for (const [sig, selector] of Object.entries(contract.methodIdentifiers ?? {})) {
    const m = /^verifyProof\(uint256\[2\],uint256\[2\]\[2\],uint256\[2\](?:,uint256\[(\d+)\])?\)$/.exec(sig);
    if (m) return { selector, n: m[1] === undefined ? 0 : Number(m[1]) };
  }
  return undefined;
}

// A deployed Groth16 verifier. `verify` returns { valid, reverted, returned, gasUsed, executionGas }:
// valid only when the call succeeded and returned exactly the ABI encoding of true; `returned` is
// the decoded bool (undefined if the call reverted or returned something else).
export class Verifier {
  static async deploy(source, { name = 'Groth16Verifier', chain, fileName = 'Verifier.sol' } = {}) {
    const { contracts } = await compile({ [fileName]: source });
    const contract = contracts[name];
    if (!contract) throw new BadInput(`${fileName}: no contract ${name}`);
    const method = verifyProofMethod(contract);
    if (!method) throw new BadInput(`${fileName}: ${name} has no verifyProof(uint[2],uint[2][2],uint[2],uint[N])`);
    chain = chain ?? (await Chain.create());
    const address = await chain.deploy(contract.bytecode);
    return new Verifier(chain, address, method, contract);
  }

  constructor(chain, address, method, contract) {
    this.chain = chain;
    this.address = address;
    this.selector = method.selector;
    this.n = method.n;
    this.contract = contract;
  }

  calldata(proof) {
    return encodeVerifyProof(this.selector, proof);
  }

  async verifyCalldata(data) {
    const r = await this.chain.call(this.address, data);
    let returned;
    if (!r.reverted && r.returnValue.length === 32) {
      const v = BigInt(bytesToHex(r.returnValue));
      if (v === 0n || v === 1n) returned = v === 1n;
    }
    return { valid: returned === true, reverted: r.reverted, error: r.error, returned, gasUsed: r.gasUsed,
             executionGas: r.executionGas };
  }

  async verify(proof) {
    return this.verifyCalldata(this.calldata(proof));
  }
}

// --- ABI for static types ---------------------------------------------------------------------
// Enough of the Solidity ABI (docs.soliditylang.org, "Contract ABI Specification") for contracts
// whose arguments, return values, errors and events are static: uintN, intN (N <= 256), address,
// bool, bytes32 and fixed-size arrays of those, each value one or more 32-byte words in order.

export function keccak256(bytes) {
  return keccak_256(bytes);
}

// The 4-byte selector of a signature such as "borrow(uint256[8],uint256[6])", as hex (no 0x).
export function selectorOf(signature) {
  return Buffer.from(keccak_256(new TextEncoder().encode(signature)).subarray(0, 4)).toString('hex');
}

const signatureOf = (item) => `${item.name}(${item.inputs.map((i) => i.type).join(',')})`;

// A type's shape: { base, dims } with dims outermost first ("uint256[2][3]" is 3 arrays of uint256[2]:
// dims [3, 2]).
function shapeOf(type) {
  const m = /^([a-z0-9]+)((?:\[\d+\])*)$/.exec(type);
  if (!m || !/^(u?int\d*|address|bool|bytes32)$/.test(m[1]))
    throw new BadInput(`ABI type ${type}: not supported (static types only)`);
  const dims = [...m[2].matchAll(/\[(\d+)\]/g)].map((d) => Number(d[1])).reverse();
  return { base: m[1], dims };
}

function encodeScalar(base, v, what) {
  if (base === 'address') {
    const hex = typeof v === 'string' ? v : v.toString();
    if (!/^0x[0-9a-fA-F]{40}$/.test(hex)) throw new BadInput(`${what}: not an address: ${hex}`);
    return BigInt(hex);
  }
  if (base === 'bool') return v ? 1n : 0n;
  const x = BigInt(v);
  if (base.startsWith('int')) {
    const bits = BigInt(base.slice(3) || 256);
    if (x < -(1n << (bits - 1n)) || x >= 1n << (bits - 1n)) throw new BadInput(`${what}: ${x} does not fit ${base}`);
    return x < 0n ? (1n << 256n) + x : x;
  }
  const bits = base === 'bytes32' ? 256n : BigInt(base.slice(4) || 256);
  if (x < 0n || x >= 1n << bits) throw new BadInput(`${what}: ${x} does not fit ${base}`);
  return x;
}

function encodeValue({ base, dims }, v, what, out) {
  if (dims.length === 0) return out.push(encodeScalar(base, v, what));
  if (!Array.isArray(v) || v.length !== dims[0]) throw new BadInput(`${what}: expected an array of ${dims[0]}`);
  v.forEach((e, i) => encodeValue({ base, dims: dims.slice(1) }, e, `${what}[${i}]`, out));
}

function decodeScalar(base, w) {
  if (base === 'address') return '0x' + (w & ((1n << 160n) - 1n)).toString(16).padStart(40, '0');
  if (base === 'bool') return w !== 0n;
  if (base.startsWith('int')) return w >= 1n << 255n ? w - (1n << 256n) : w;
  return w;
}

function decodeValue({ base, dims }, words, at) {
  if (dims.length === 0) return decodeScalar(base, words[at.i++]);
  return Array.from({ length: dims[0] }, () => decodeValue({ base, dims: dims.slice(1) }, words, at));
}

function wordsOf(bytes) {
  const words = [];
  for (let i = 0; i + 32 <= bytes.length; i += 32) words.push(BigInt(bytesToHex(bytes.subarray(i, i + 32))));
  return words;
}

// Encodes `args` (an array, in the order of `inputs`) as ABI words, hex without 0x.
export function encodeArgs(inputs, args, what = 'arguments') {
  if (!Array.isArray(args) || args.length !== inputs.length)
    throw new BadInput(`${what}: expected ${inputs.length} values`);
  const words = [];
  inputs.forEach((p, i) => encodeValue(shapeOf(p.type), args[i], `${what}: ${p.name || i}`, words));
  return words.map(word).join('');
}

// Decodes static values; returns { [name or index]: value } plus the array of values as `values`.
export function decodeArgs(params, bytes) {
  const words = wordsOf(bytes);
  const at = { i: 0 };
  const values = params.map((p) => decodeValue(shapeOf(p.type), words, at));
  const named = { values };
  params.forEach((p, i) => (named[p.name || i] = values[i]));
  return named;
}

const BUILTIN_ERRORS = [
  { type: 'error', name: 'Error', inputs: [{ name: 'message', type: 'string' }] },
  { type: 'error', name: 'Panic', inputs: [{ name: 'code', type: 'uint256' }] },
];

// Revert data -> { name, args } for the contract's custom errors and Panic(uint256); Error(string)
// gives { name: 'Error', args: { message } }. Empty data: { name: '' }; unknown: { name: '?', data }.
export function decodeRevert(abi, data) {
  if (data.length === 0) return { name: '' };
  const sel = Buffer.from(data.subarray(0, 4)).toString('hex');
  for (const e of [...abi.filter((x) => x.type === 'error'), ...BUILTIN_ERRORS]) {
    if (selectorOf(signatureOf(e)) !== sel) continue;
    if (e.name === 'Error') {
      const body = data.subarray(4);
      const len = Number(wordsOf(body)[1] ?? 0n);
      return { name: 'Error', args: { message: new TextDecoder().decode(body.subarray(64, 64 + len)) } };
    }
    return { name: e.name, args: decodeArgs(e.inputs, data.subarray(4)) };
  }
  return { name: '?', data: bytesToHex(data) };
}

// Logs -> [{ name, args, address }] for the ABI's events (indexed static arguments from the topics);
// logs of other events are { name: '?' }.
export function decodeLogs(abi, logs) {
  const events = abi.filter((x) => x.type === 'event' && !x.anonymous);
  return logs.map(([address, topics, data]) => {
    const topic0 = topics.length > 0 ? bytesToHex(topics[0]) : '';
    const e = events.find((ev) => bytesToHex(keccak_256(new TextEncoder().encode(signatureOf(ev)))) === topic0);
    if (!e) return { name: '?', address: bytesToHex(address) };
    const indexed = e.inputs.filter((i) => i.indexed);
    const plain = decodeArgs(e.inputs.filter((i) => !i.indexed), data);
    const args = {};
    let t = 1;
    for (const input of e.inputs) {
      args[input.name] = input.indexed ? decodeValue(shapeOf(input.type), [BigInt(bytesToHex(topics[t++]))], { i: 0 })
                                       : plain[input.name];
    }
    if (t !== indexed.length + 1 || t !== topics.length) throw new Error(`event ${e.name}: ${topics.length} topics`);
    return { name: e.name, args, address: bytesToHex(address) };
  });
}

// A deployed contract with an ABI of static types. send() makes a transaction; view() a read-only call.
export class Contract {
  // compiled: an entry of compile()'s `contracts`; args: the constructor's.
  static async deploy(chain, compiled, args = [], { from = 0 } = {}) {
    const ctor = compiled.abi.find((x) => x.type === 'constructor');
    const code = bytesToHex(compiled.bytecode) + encodeArgs(ctor?.inputs ?? [], args, 'constructor');
    const address = await chain.deploy(hexToBytes(code), { from });
    return new Contract(chain, address, compiled);
  }

  constructor(chain, address, compiled) {
    this.chain = chain;
    this.address = address;
    this.abi = compiled.abi;
    this.compiled = compiled;
  }

  #function(name, args) {
    const fns = this.abi.filter((x) => x.type === 'function' && x.name === name && x.inputs.length === args.length);
    if (fns.length !== 1) throw new BadInput(`${name}/${args.length}: ${fns.length} functions`);
    return fns[0];
  }

  calldata(name, args = []) {
    const fn = this.#function(name, args);
    return hexToBytes('0x' + selectorOf(signatureOf(fn)) + encodeArgs(fn.inputs, args, name));
  }

  // Returns chain.call's result plus `revert` (decodeRevert, when reverted) and `events` (decodeLogs).
  async send(name, args = [], { from = 0, gasLimit } = {}) {
    return this.sendCalldata(this.calldata(name, args), { from, gasLimit });
  }

  async sendCalldata(data, { from = 0, gasLimit } = {}) {
    const r = await this.chain.call(this.address, data, { from, ...(gasLimit ? { gasLimit } : {}) });
    r.revert = r.reverted ? decodeRevert(this.abi, r.returnValue) : undefined;
    r.events = decodeLogs(this.abi, r.logs);
    return r;
  }

  // The decoded return values (decodeArgs of the outputs); throws if the call reverts.
  async view(name, args = [], { from = 0 } = {}) {
    const fn = this.#function(name, args);
    const r = await this.chain.staticCall(this.address, this.calldata(name, args), { from });
    if (r.exceptionError) {
      const e = new Error(`${name}: reverted (${r.exceptionError.error})`);
      e.revert = decodeRevert(this.abi, r.returnValue);
      throw e;
    }
    return decodeArgs(fn.outputs, r.returnValue);
  }
}
