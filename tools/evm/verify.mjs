#!/usr/bin/env node
// node tools/evm/verify.mjs <Verifier.sol> <proof.json> <public.json>
// Compiles the Groth16 verifier (contract Groth16Verifier) with solc-js, deploys it in an in-memory
// EVM, calls verifyProof with the snarkjs proof and public signals, and prints `valid` or `invalid`
// and the gas the transaction used. Exit 0 valid, 1 invalid (false, or a reverted call), 2 bad input.
import { readFileSync } from 'node:fs';
import { BadInput, Verifier, proofFromSnarkjs } from './evm.mjs';

function readJson(path) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new BadInput(`${path}: ${e.message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new BadInput(`${path}: ${e.message}`);
  }
}

async function main(argv) {
  if (argv.length !== 3) {
    process.stderr.write('usage: node tools/evm/verify.mjs <Verifier.sol> <proof.json> <public.json>\n');
    return 2;
  }
  const [solPath, proofPath, publicPath] = argv;
  try {
    let source;
    try {
      source = readFileSync(solPath, 'utf8');
    } catch (e) {
      throw new BadInput(`${solPath}: ${e.message}`);
    }
    const proofJson = readJson(proofPath);
    const publicJson = readJson(publicPath);
    let proof;
    try {
      proof = proofFromSnarkjs(proofJson, publicJson);
    } catch (e) {
      if (e instanceof BadInput) throw new BadInput(`${proofPath} / ${publicPath}: ${e.message}`);
      throw e;
    }
    const verifier = await Verifier.deploy(source, { fileName: solPath });
    if (proof.inputs.length !== verifier.n)
      process.stderr.write(`note: the verifier takes ${verifier.n} public signals, ${publicPath} has ${proof.inputs.length}\n`);
    const r = await verifier.verify(proof);
    process.stdout.write(`${r.valid ? 'valid' : 'invalid'}\n`);
    process.stdout.write(`gas used: ${r.gasUsed} (execution ${r.executionGas})\n`);
    if (r.reverted) process.stderr.write(`the call reverted: ${r.error}\n`);
    return r.valid ? 0 : 1;
  } catch (e) {
    if (e instanceof BadInput) {
      process.stderr.write(`error: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv.slice(2));
