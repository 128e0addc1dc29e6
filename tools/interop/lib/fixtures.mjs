// Fixtures of the interop tests, made with the independent tools (circom2, snarkjs; zkcredit only
// prepares the ptau, and snarkjs verifies what it wrote) and cached
// in the work directory (the build tree): a directory is reused while its recorded key (a hash of
// this recipe, the npm lockfile and the circuit) is unchanged, and rebuilt beside it and renamed into
// place otherwise, so an interrupted run never leaves a half-made fixture behind.
//   <work>/ptau/               pot10_0001 (one contribution), pot10_beacon, pot10_final (prepared for
//                              phase 2 by zkcredit); pot8_0001 and pot8_final (prepared by snarkjs);
//                              pot4_final (prepared, too small for every circuit)
//   <work>/<name>/compile/     src/ (our circuit, its main and circomlib's circuits), <name>.r1cs,
//                              <name>_js/<name>.wasm, input.json, <name>.wtns
//   <work>/<name>/keys/        <name>.zkey (snarkjs setup + one contribution), vk.json, and a snarkjs
//                              proof: proof.json, public.json
// Our own setup's zkey (<work>/<name>/ours/) is made by the check c_our_setup, never cached.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import {
  CIRCOMLIB_CIRCUITS, OUR_CIRCUITS, TOOLS_DIR, circom2, describe, fail, log, readJson, sha256,
  snarkjsOk, writeJson,
} from "./util.mjs";

export const PTAU_POWER = 10;
const RECIPE = fs.readFileSync(fileURLToPath(import.meta.url));
const LOCK = fs.readFileSync(path.join(TOOLS_DIR, "package-lock.json"));

export function instances() {
  return readJson(path.join(OUR_CIRCUITS, "instances.json")).circuits;
}

export function instance(name) {
  const found = instances().find((c) => c.name === name);
  if (!found) fail(`no circuit ${name} in tools/interop/circuits/instances.json`);
  return found;
}

export function ptauPaths(work) {
  const dir = path.join(work, "ptau");
  const p = `pot${PTAU_POWER}`;
  return {
    dir,
    contributed: path.join(dir, `${p}_0001.ptau`),
    beacon: path.join(dir, `${p}_beacon.ptau`),
    final: path.join(dir, `${p}_final.ptau`),
    small: path.join(dir, "pot8_0001.ptau"),
    smallFinal: path.join(dir, "pot8_final.ptau"),
    tiny: path.join(dir, "pot4_final.ptau"),
  };
}

export function circuitPaths(work, name) {
  const compile = path.join(work, name, "compile");
  const keys = path.join(work, name, "keys");
  const ours = path.join(work, name, "ours");
  return {
    compile,
    keys,
    ours,
    r1cs: path.join(compile, `${name}.r1cs`),
    wasm: path.join(compile, `${name}_js`, `${name}.wasm`),
    input: path.join(compile, "input.json"),
    wtns: path.join(compile, `${name}.wtns`),
    zkey: path.join(keys, `${name}.zkey`),
    vk: path.join(keys, "vk.json"),
    proof: path.join(keys, "proof.json"),
    public: path.join(keys, "public.json"),
    ourZkey: path.join(ours, `${name}.zkey`),
  };
}

function ptauKey() {
  return sha256(Buffer.concat([RECIPE, LOCK, Buffer.from(`ptau ${PTAU_POWER}`)]));
}

function compileKey(inst) {
  const sources = fs.readdirSync(OUR_CIRCUITS).filter((f) => f.endsWith(".circom")).sort();
  const parts = [RECIPE, LOCK, Buffer.from(JSON.stringify(inst))];
  for (const f of sources) parts.push(Buffer.from(f), fs.readFileSync(path.join(OUR_CIRCUITS, f)));
  return sha256(Buffer.concat(parts));
}

// Builds `dir` with make(tmp) unless it holds a fixture made under the same key. Each build gets a
// fresh id (.fixture-id): fixtures made from another one put its id in their key, so remaking the
// ptau (its contributions are random) remakes the keys made from it.
function cached(dir, key, what, make) {
  const keyFile = path.join(dir, ".fixture-key");
  if (fs.existsSync(keyFile) && fs.readFileSync(keyFile, "utf8") === key) {
    log(`${what}: cached in ${dir}`);
    return;
  }
  const tmp = `${dir}.tmp`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  make(tmp);
  fs.writeFileSync(path.join(tmp, ".fixture-id"), crypto.randomUUID());
  fs.writeFileSync(path.join(tmp, ".fixture-key"), key);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, dir);
  log(`${what}: made in ${dir}`);
}

function fixtureId(dir) {
  const file = path.join(dir, ".fixture-id");
  if (!fs.existsSync(file)) fail(`fixture ${dir} is missing: its interop.fixture.* test must run first`);
  return fs.readFileSync(file, "utf8");
}

// A phase-1 ceremony by snarkjs (one contribution, then a beacon) at power 10, prepared for phase 2
// by `zkcredit ptau prepare` (snarkjs's `prepare phase2` takes 20-30 s at power 10; ours writes the
// same bytes, which ptau_prepare_matches_snarkjs checks at power 8) and checked by
// `snarkjs powersoftau verify`, which verifies the Lagrange sections against the tau powers. Also a
// power-8 ceremony prepared by snarkjs, and a prepared power-4 file too small for every circuit.
export function makePtau(work, zk) {
  const paths = ptauPaths(work);
  cached(paths.dir, ptauKey(), "ptau", (tmp) => {
    const at = (p) => path.join(tmp, path.basename(p));
    const p = `pot${PTAU_POWER}`;
    snarkjsOk(["powersoftau", "new", "bn128", `${PTAU_POWER}`, path.join(tmp, `${p}_0000.ptau`)]);
    snarkjsOk(["powersoftau", "contribute", path.join(tmp, `${p}_0000.ptau`), at(paths.contributed),
      "--name=zkcredit interop", "-e=zkcredit interop phase 1"]);
    fs.rmSync(path.join(tmp, `${p}_0000.ptau`));
    snarkjsOk(["powersoftau", "beacon", at(paths.contributed), at(paths.beacon),
      "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "10", "-n=zkcredit interop beacon"]);
    zk.ok("ptau prepare", [at(paths.beacon), at(paths.final)]);
    snarkjsOk(["powersoftau", "verify", at(paths.final)], /Powers of Tau Ok!/);

    snarkjsOk(["powersoftau", "new", "bn128", "8", path.join(tmp, "pot8_0000.ptau")]);
    snarkjsOk(["powersoftau", "contribute", path.join(tmp, "pot8_0000.ptau"), at(paths.small),
      "--name=zkcredit interop", "-e=zkcredit interop phase 1, power 8"]);
    snarkjsOk(["powersoftau", "prepare", "phase2", at(paths.small), at(paths.smallFinal)]);
    snarkjsOk(["powersoftau", "new", "bn128", "4", path.join(tmp, "pot4_0000.ptau")]);
    snarkjsOk(["powersoftau", "prepare", "phase2", path.join(tmp, "pot4_0000.ptau"), at(paths.tiny)]);
    for (const f of ["pot8_0000.ptau", "pot4_0000.ptau"]) fs.rmSync(path.join(tmp, f));
  });
}

// circom2 compiles <name>.circom (a generated main over our template) beside our circuits and
// circomlib's (circom2 runs in WASI and cannot read node_modules: the files are copied); snarkjs
// computes the witness with the circom-generated wasm and checks it against the r1cs.
export function makeCompiled(work, name) {
  const inst = instance(name);
  const paths = circuitPaths(work, name);
  cached(paths.compile, compileKey(inst), `${name} (compiled, witness)`, (tmp) => {
    const src = path.join(tmp, "src");
    fs.mkdirSync(src);
    for (const dir of [CIRCOMLIB_CIRCUITS, OUR_CIRCUITS]) {
      for (const f of fs.readdirSync(dir)) {
        if (f.endsWith(".circom")) fs.copyFileSync(path.join(dir, f), path.join(src, f));
      }
    }
    const pub = inst.public_inputs.length ? ` {public [${inst.public_inputs.join(", ")}]}` : "";
    fs.writeFileSync(path.join(src, `${name}.circom`),
      `pragma circom 2.1.0;\n\ninclude "${inst.source}";\n\ncomponent main${pub} = ${inst.main};\n`);
    const res = circom2([`src/${name}.circom`, "--r1cs", "--wasm", ...inst.circom_flags, "-o", "."], { cwd: tmp });
    if (res.status !== 0 || !fs.existsSync(path.join(tmp, `${name}.r1cs`))) fail(`circom2 failed:\n${describe(res)}`);
    log(res.stdout.trim());
    const at = (p) => path.join(tmp, path.relative(paths.compile, p));
    writeJson(at(paths.input), inst.input);
    snarkjsOk(["wtns", "calculate", at(paths.wasm), at(paths.input), at(paths.wtns)]);
    snarkjsOk(["wtns", "check", at(paths.r1cs), at(paths.wtns)], /WITNESS IS CORRECT/);
  });
}

// snarkjs's Groth16 setup from the prepared ptau plus one phase-2 contribution (so delta is not the
// generator), its verification key, and one snarkjs proof that snarkjs verifies.
export function makeKeys(work, name) {
  const inst = instance(name);
  const paths = circuitPaths(work, name);
  const ptau = ptauPaths(work);
  const key = sha256(`${compileKey(inst)} ${fixtureId(ptau.dir)} ${fixtureId(paths.compile)} keys`);
  cached(paths.keys, key, `${name} (snarkjs keys and proof)`, (tmp) => {
    const at = (p) => path.join(tmp, path.basename(p));
    const zkey0 = path.join(tmp, `${name}_0000.zkey`);
    snarkjsOk(["groth16", "setup", paths.r1cs, ptau.final, zkey0]);
    snarkjsOk(["zkey", "contribute", zkey0, at(paths.zkey), "--name=zkcredit interop", "-e=zkcredit interop phase 2"]);
    fs.rmSync(zkey0);
    snarkjsOk(["zkey", "export", "verificationkey", at(paths.zkey), at(paths.vk)]);
    snarkjsOk(["groth16", "prove", at(paths.zkey), paths.wtns, at(paths.proof), at(paths.public)]);
    snarkjsOk(["groth16", "verify", at(paths.vk), at(paths.public), at(paths.proof)], /OK!/);
    const publics = readJson(at(paths.public));
    const expected = inst.expect_public;
    if (publics.length !== expected.length || expected.some((v, i) => v !== null && v !== publics[i])) {
      fail(`${name}: snarkjs's public signals ${JSON.stringify(publics)} differ from the expected ${JSON.stringify(expected)}`);
    }
  });
}
