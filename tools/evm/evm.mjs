// zkcredit's offline EVM harness: compiles Solidity with solc-js (the compiler is inside the npm
// package) and runs it in an in-memory @ethereumjs/vm, by real signed transactions, so the gas
// figures are what a transaction pays (21000 + calldata + execution). Also the snarkjs JSON ->
// calldata conversion for Groth16 verifiers with snarkjs's interface:
//   verifyProof(uint[2] _pA, uint[2][2] _pB, uint[2] _pC, uint[N] _pubSignals) returns (bool),
//   _pB = [[x_im, x_re], [y_im, y_re]] (EIP-197 order, as `snarkjs zkey export soliditycalldata`).
// Used by tools/evm/verify.mjs and by the tests (tests/evm); later contracts (lending) reuse it.
import { createVM, runTx } from '@ethereumjs/vm';
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { createLegacyTx } from '@ethereumjs/tx';
import { createAccount, createAddressFromPrivateKey, bytesToHex, hexToBytes } from '@ethereumjs/util';

// BN254 scalar field order r and base field order q (EIP-196).
export const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
export const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

// Solc's EVM target and the VM's hardfork: the same fork, so no opcode is newer than the VM.
export const EVM_VERSION = 'prague';
const HARDFORK = Hardfork.Prague;

// A fixed in-memory test account (not a secret: it only ever exists in this VM).
const SENDER_KEY = hexToBytes('0x' + '5a'.repeat(32));

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

// An in-memory chain with one funded sender. Every call is a signed legacy transaction.
export class Chain {
  static async create() {
    const common = new Common({ chain: Mainnet, hardfork: HARDFORK });
    const vm = await createVM({ common });
    const chain = new Chain(vm, common);
    await vm.stateManager.putAccount(chain.sender, createAccount({ nonce: 0n, balance: 10n ** 30n }));
    return chain;
  }

  constructor(vm, common) {
    this.vm = vm;
    this.common = common;
    this.sender = createAddressFromPrivateKey(SENDER_KEY);
  }

  async #send(to, data, gasLimit) {
    const account = await this.vm.stateManager.getAccount(this.sender);
    const tx = createLegacyTx(
      { nonce: account.nonce, gasPrice: 10n ** 10n, gasLimit, to, data, value: 0n },
      { common: this.common },
    ).sign(SENDER_KEY);
    return runTx(this.vm, { tx, skipBlockGasLimitValidation: true });
  }

  // Deploys creation bytecode; returns the contract's address (an @ethereumjs/util Address).
  async deploy(bytecode, { gasLimit = 30_000_000n } = {}) {
    const r = await this.#send(undefined, bytecode, gasLimit);
    if (r.execResult.exceptionError || !r.createdAddress)
      throw new Error(`deployment failed: ${r.execResult.exceptionError?.error ?? 'no address'}`);
    return r.createdAddress;
  }

  // Calls `to` with raw calldata. Returns { reverted, error, returnValue (Uint8Array),
  // gasUsed (whole transaction), executionGas (the call itself, without 21000 + calldata) }.
  async call(to, data, { gasLimit = 10_000_000n } = {}) {
    const r = await this.#send(to, data, gasLimit);
    const err = r.execResult.exceptionError;
    return {
      reverted: err !== undefined,
      error: err?.error,
      returnValue: r.execResult.returnValue,
      gasUsed: r.totalGasSpent,
      executionGas: r.execResult.executionGasUsed,
    };
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
