// The interop checks (issue 3, deliverable 5), one ctest test each: zkcredit's Groth16 and
// Powers-of-Tau commands against snarkjs 0.7.x on circuits compiled by circom2.
//   a  our proofs (from snarkjs zkeys) verify with `snarkjs groth16 verify`
//   b  snarkjs proofs verify with ours
//   c  our setup's zkey passes `snarkjs zkey verify`, snarkjs proves with it, both verify the proofs
//   d  tampered proofs, public inputs >= r and proofs for another circuit or key are rejected by
//      both verifiers; malformed files give exit 2 and a clear message, never a crash
//   e  `zkcredit zkey export-vkey` equals snarkjs's export byte for byte; our proof.json and
//      public.json have snarkjs's exact layout
//   ptau_*  our ceremony files pass `snarkjs powersoftau verify`, ours verifies snarkjs's, and our
//      `ptau prepare` writes what snarkjs's `prepare phase2` writes
// Every check takes ({work, zk, dir}, circuit name) and throws CheckFailure on failure.
import fs from "node:fs";
import path from "node:path";

import { circuitPaths, instance, makeCompiled, makeKeys, makePtau, ptauPaths } from "./fixtures.mjs";
import {
  P, R, binFile, binSections, expectBadInput, expectOursRejects, expectSnarkjsRejects, fail,
  firstDifference, le32, log, readJson, section, snarkjs, snarkjsOk, snarkjsVerifyInProcess, writeJson,
} from "./util.mjs";

const SNARKJS_INVALID = /Invalid proof|Proof commitments are not valid|Public inputs are not valid/;

// --- helpers ---

function prove(ctx, zkey, wtns, tag) {
  const proof = path.join(ctx.dir, `proof_${tag}.json`);
  const pub = path.join(ctx.dir, `public_${tag}.json`);
  ctx.zk.ok("groth16 prove", [zkey, wtns, proof, pub]);
  return { proof, pub };
}

function bothAccept(ctx, vk, pub, proof) {
  snarkjsOk(["groth16", "verify", vk, pub, proof], /OK!/);
  ctx.zk.ok("groth16 verify", [vk, pub, proof]);
}

// Both verifiers reject: snarkjs's (in process) with a verification failure, not an exception,
// ours with an exit code in `codes`.
async function bothReject(ctx, vk, pub, proof, what, codes = [1]) {
  const theirs = await snarkjsVerifyInProcess(vk, pub, proof);
  if (theirs.valid || !theirs.messages.some((m) => SNARKJS_INVALID.test(m))) {
    fail(`snarkjs should have rejected ${what} (a message matching ${SNARKJS_INVALID}): ${theirs.valid ? "valid" : theirs.messages.join("; ")}`);
  }
  expectOursRejects(ctx.zk.run("groth16 verify", [vk, pub, proof]), codes, what);
}

const firstAndLast = (list) => [...new Set([0, list.length - 1])];

// A rejection check starts by showing that ours accepts the untouched files: a check that passes
// because everything is refused proves nothing.
function control(ctx, command, args) {
  log("control: the untouched files are accepted");
  ctx.zk.ok(command, args);
}

// Writes a modified copy of a JSON file into the check's directory.
function variant(ctx, file, tag, edit) {
  const value = readJson(file);
  edit(value);
  const out = path.join(ctx.dir, `${tag}_${path.basename(file)}`);
  writeJson(out, value);
  return out;
}

function writeBytes(ctx, name, bytes) {
  const out = path.join(ctx.dir, name);
  fs.writeFileSync(out, bytes);
  return out;
}

// Replaces every decimal string by "N": what remains is the layout (keys, order, spacing, newlines).
const layout = (text) => text.replace(/"\d+"/g, '"N"');

function expectSameLayout(ours, theirs, what) {
  const a = layout(fs.readFileSync(ours, "utf8"));
  const b = layout(fs.readFileSync(theirs, "utf8"));
  if (a !== b) {
    const at = firstDifference(Buffer.from(a), Buffer.from(b));
    fail(`${what}: the layout differs from snarkjs's at character ${at}:\n--- ours (${ours})\n${a}\n--- snarkjs (${theirs})\n${b}`);
  }
}

function expectSameBytes(ours, theirs, what) {
  const a = fs.readFileSync(ours);
  const b = fs.readFileSync(theirs);
  const at = firstDifference(a, b);
  if (at >= 0) {
    const context = (buf) => JSON.stringify(buf.subarray(Math.max(0, at - 40), at + 40).toString("latin1"));
    fail(`${what}: ${ours} (${a.length} bytes) and ${theirs} (${b.length} bytes) differ from byte ${at}:\n` +
      `ours:    ${context(a)}\nsnarkjs: ${context(b)}`);
  }
  log(`${what}: identical (${a.length} bytes)`);
}

// --- fixtures (ctest FIXTURES_SETUP tests) ---

function fixturePtau(ctx) {
  makePtau(ctx.work, ctx.zk);
}

function fixtureCompile(ctx, name) {
  makeCompiled(ctx.work, name);
}

function fixtureKeys(ctx, name) {
  makeKeys(ctx.work, name);
}

// Our setup from the snarkjs ptau; its zkey is used by the c_* and e_* checks on our setup.
function cOurSetup(ctx, name) {
  const c = circuitPaths(ctx.work, name);
  fs.rmSync(c.ours, { recursive: true, force: true });
  fs.mkdirSync(c.ours, { recursive: true });
  ctx.zk.ok("groth16 setup", [c.r1cs, ptauPaths(ctx.work).final, c.ourZkey]);
  if (!fs.existsSync(c.ourZkey)) fail(`zkcredit groth16 setup exited 0 but wrote no ${c.ourZkey}`);
}

// --- a, b ---

function aOursVerifiedBySnarkjs(ctx, name) {
  const c = circuitPaths(ctx.work, name);
  const first = prove(ctx, c.zkey, c.wtns, "1");
  bothAccept(ctx, c.vk, first.pub, first.proof);
  // The prover draws r and s from a CSPRNG: two proofs of the same witness differ.
  const second = prove(ctx, c.zkey, c.wtns, "2");
  bothAccept(ctx, c.vk, second.pub, second.proof);
  if (fs.readFileSync(first.proof, "utf8") === fs.readFileSync(second.proof, "utf8")) {
    fail("two proofs of the same witness are identical: the prover's randomness (r, s) is not fresh");
  }
}

function bSnarkjsVerifiedByOurs(ctx, name) {
  const c = circuitPaths(ctx.work, name);
  ctx.zk.ok("groth16 verify", [c.vk, c.public, c.proof]);
}

// --- c ---

function cOurZkeyVerifiedBySnarkjs(ctx, name) {
  const c = circuitPaths(ctx.work, name);
  snarkjsOk(["zkey", "verify", c.r1cs, ptauPaths(ctx.work).final, c.ourZkey], /ZKey Ok!/);
}

function cSnarkjsProvesWithOurZkey(ctx, name) {
  const c = circuitPaths(ctx.work, name);
  const vk = path.join(ctx.dir, "vk_snarkjs.json");
  const proof = path.join(ctx.dir, "proof.json");
  const pub = path.join(ctx.dir, "public.json");
  snarkjsOk(["zkey", "export", "verificationkey", c.ourZkey, vk]);
  snarkjsOk(["groth16", "prove", c.ourZkey, c.wtns, proof, pub]);
  bothAccept(ctx, vk, pub, proof);
}

function cOursProvesWithOurZkey(ctx, name) {
  const c = circuitPaths(ctx.work, name);
  const vk = path.join(ctx.dir, "vk_snarkjs.json");
  snarkjsOk(["zkey", "export", "verificationkey", c.ourZkey, vk]);
  const { proof, pub } = prove(ctx, c.ourZkey, c.wtns, "ours");
  bothAccept(ctx, vk, pub, proof);
}

// --- d ---

// Tampered snarkjs proofs (the original verifies: fixture and check b). Negating a point or swapping
// two keeps them on the curve, so the pairing equation itself must fail; off-curve points and the
// point at infinity must be refused too (ours may call those bad input).
async function dTamperedProofRejected(ctx, name) {
  const c = circuitPaths(ctx.work, name);
  control(ctx, "groth16 verify", [c.vk, c.public, c.proof]);
  const neg = (pt) => [pt[0], ((P - BigInt(pt[1])) % P).toString(), pt[2]];
  const cases = [
    ["pi_a negated", "pi_a_neg", (p) => { p.pi_a = neg(p.pi_a); }, [1]],
    ["pi_c negated", "pi_c_neg", (p) => { p.pi_c = neg(p.pi_c); }, [1]],
    ["pi_a and pi_c swapped", "swap_ac", (p) => { [p.pi_a, p.pi_c] = [p.pi_c, p.pi_a]; }, [1]],
    ["pi_b with x.c0 and x.c1 swapped", "pi_b_swap", (p) => { p.pi_b[0].reverse(); }, [1, 2]],
    ["pi_a off the curve (y + 1)", "pi_a_off", (p) => { p.pi_a[1] = ((BigInt(p.pi_a[1]) + 1n) % P).toString(); }, [1, 2]],
    ["pi_c at infinity", "pi_c_inf", (p) => { p.pi_c = ["0", "1", "0"]; }, [1, 2]],
  ];
  for (const [what, tag, edit, codes] of cases) {
    await bothReject(ctx, c.vk, c.public, variant(ctx, c.proof, tag, edit), `a proof with ${what}`, codes);
  }
  // A valid proof with a changed statement (the first and the last public signal).
  for (const i of firstAndLast(readJson(c.public))) {
    const pub = variant(ctx, c.public, `plus1_${i}`, (v) => { v[i] = ((BigInt(v[i]) + 1n) % R).toString(); });
    await bothReject(ctx, c.vk, pub, c.proof, `public signal ${i} + 1`);
  }
  // One public signal too few or too many: never accepted, never a crash.
  const fewer = variant(ctx, c.public, "fewer", (v) => { v.pop(); });
  expectOursRejects(ctx.zk.run("groth16 verify", [c.vk, fewer, c.proof]), [1, 2], "one public signal too few");
  const more = variant(ctx, c.public, "more", (v) => { v.push("1"); });
  expectOursRejects(ctx.zk.run("groth16 verify", [c.vk, more, c.proof]), [1, 2], "one public signal too many");
}

// x + r is x modulo r: a verifier that reduces public inputs would accept it (malleability).
async function dPublicInputGeRRejected(ctx, name) {
  const c = circuitPaths(ctx.work, name);
  control(ctx, "groth16 verify", [c.vk, c.public, c.proof]);
  for (const i of firstAndLast(readJson(c.public))) {
    const pub = variant(ctx, c.public, `plus_r_${i}`, (v) => { v[i] = (BigInt(v[i]) + R).toString(); });
    await bothReject(ctx, c.vk, pub, c.proof, `public signal ${i} + r`, [1, 2]);
  }
  const big = variant(ctx, c.public, "2_256", (v) => { v[0] = (BigInt(v[0]) + (1n << 256n)).toString(); });
  await bothReject(ctx, c.vk, big, c.proof, "public signal 0 + 2^256", [1, 2]);
}

// The partner circuit has as many public signals: its valid proof fails only the pairing check.
async function dOtherCircuitProofRejected(ctx, name) {
  const c = circuitPaths(ctx.work, name);
  const other = circuitPaths(ctx.work, instance(name).partner);
  control(ctx, "groth16 verify", [c.vk, c.public, c.proof]);
  control(ctx, "groth16 verify", [other.vk, other.public, other.proof]);
  await bothReject(ctx, c.vk, other.public, other.proof, `a proof for ${instance(name).partner} with ${name}'s key`);
  await bothReject(ctx, other.vk, c.public, c.proof, `a proof for ${name} with ${instance(name).partner}'s key`);
}

// The same circuit, another setup (ours): a snarkjs proof must not verify with our setup's key.
async function dOtherKeyProofRejected(ctx, name) {
  const c = circuitPaths(ctx.work, name);
  const vk = path.join(ctx.dir, "vk_our_setup.json");
  snarkjsOk(["zkey", "export", "verificationkey", c.ourZkey, vk]);
  control(ctx, "groth16 verify", [c.vk, c.public, c.proof]);
  await bothReject(ctx, vk, c.public, c.proof, "a proof made with snarkjs's zkey, checked with our setup's key");
}

// Truncated and corrupted binaries, a witness for the wrong circuit size or field, broken JSON,
// missing files: exit 2 with "zkcredit: error: ..." naming the file, never a crash.
function dMalformedInputExit2(ctx, name) {
  const c = circuitPaths(ctx.work, name);
  const zkey = fs.readFileSync(c.zkey);
  const wtns = fs.readFileSync(c.wtns);
  const out = (f) => path.join(ctx.dir, f);
  const proveArgs = (zk, wt) => [zk, wt, out("proof.json"), out("public.json")];
  const refusesProve = (zk, wt, bad, what) => expectBadInput(ctx.zk.run("groth16 prove", proveArgs(zk, wt)), bad, what);
  control(ctx, "groth16 prove", proveArgs(c.zkey, c.wtns));
  control(ctx, "zkey export-vkey", [c.zkey, out("vk.json")]);
  control(ctx, "groth16 verify", [c.vk, c.public, c.proof]);

  // zkey: truncated at the magic, inside the header, inside the first section, inside the last
  // section, and one byte short; garbage; another file type.
  const zkeyHeader = section(zkey, 2);
  const last = binSections(zkey).at(-1);
  const zkeyCuts = { empty: 0, magic: 3, header: 10, section1: 20, groth16_header: zkeyHeader.offset + 100,
    last_section: last.offset + Math.floor(last.size / 2), one_short: zkey.length - 1 };
  for (const [tag, n] of Object.entries(zkeyCuts)) {
    const bad = writeBytes(ctx, `cut_${tag}.zkey`, zkey.subarray(0, n));
    refusesProve(bad, c.wtns, bad, `a zkey truncated to ${n} bytes`);
    expectBadInput(ctx.zk.run("zkey export-vkey", [bad, out("vk.json")]), bad, `a zkey truncated to ${n} bytes`);
  }
  const garbage = writeBytes(ctx, "garbage.zkey", Buffer.from("this is not a zkey file\n".repeat(8)));
  refusesProve(garbage, c.wtns, garbage, "a text file as zkey");
  const r1csAsZkey = writeBytes(ctx, "r1cs_as.zkey", fs.readFileSync(c.r1cs));
  refusesProve(r1csAsZkey, c.wtns, r1csAsZkey, "an r1cs file as zkey");
  // alpha_1 off the curve (x + 1 in the first byte of its Montgomery-form x).
  const offCurve = Buffer.from(zkey);
  offCurve[zkeyHeader.offset + 4 + 32 + 4 + 32 + 12] ^= 1;
  const badAlpha = writeBytes(ctx, "alpha_off_curve.zkey", offCurve);
  refusesProve(badAlpha, c.wtns, badAlpha, "a zkey whose alpha_1 is off the curve");
  expectBadInput(ctx.zk.run("zkey export-vkey", [badAlpha, out("vk.json")]), badAlpha, "a zkey whose alpha_1 is off the curve");
  // A section length past the end of the file.
  const longSection = Buffer.from(zkey);
  longSection.writeBigUInt64LE(BigInt(zkey.length), last.offset - 8);
  const badLen = writeBytes(ctx, "section_too_long.zkey", longSection);
  refusesProve(badLen, c.wtns, badLen, "a zkey whose last section runs past the end of the file");

  // wtns: truncated; one value short (well formed); the wrong field; a value >= r.
  for (const [tag, n] of Object.entries({ empty: 0, header: 10, half: wtns.length >> 1, one_short: wtns.length - 1 })) {
    const bad = writeBytes(ctx, `cut_${tag}.wtns`, wtns.subarray(0, n));
    refusesProve(c.zkey, bad, bad, `a witness truncated to ${n} bytes`);
  }
  // wtns layout (iden3 circom_runtime, snarkjs src/wtns_utils.js): section 1 = n8 (u32), prime (n8
  // bytes LE), nWitness (u32); section 2 = nWitness values of n8 bytes, normal form, LE.
  const head = wtns.subarray(section(wtns, 1).offset, section(wtns, 1).offset + section(wtns, 1).size);
  const values = wtns.subarray(section(wtns, 2).offset, section(wtns, 2).offset + section(wtns, 2).size);
  const nWitness = head.readUInt32LE(36);
  const shortHead = Buffer.from(head);
  shortHead.writeUInt32LE(nWitness - 1, 36);
  const shortWtns = writeBytes(ctx, "one_value_short.wtns",
    binFile("wtns", 2, [{ type: 1, data: shortHead }, { type: 2, data: values.subarray(0, values.length - 32) }]));
  refusesProve(c.zkey, shortWtns, shortWtns, `a well-formed witness of ${nWitness - 1} values for a ${nWitness}-wire circuit`);
  const otherField = Buffer.from(head);
  le32(P).copy(otherField, 4);  // BN254's base field instead of its scalar field
  const fieldWtns = writeBytes(ctx, "wrong_field.wtns", binFile("wtns", 2, [{ type: 1, data: otherField }, { type: 2, data: values }]));
  refusesProve(c.zkey, fieldWtns, fieldWtns, "a witness over another prime field");
  const bigValues = Buffer.from(values);
  le32(R).copy(bigValues, 32);  // witness[1] = r: not canonical
  const bigWtns = writeBytes(ctx, "value_eq_r.wtns", binFile("wtns", 2, [{ type: 1, data: head }, { type: 2, data: bigValues }]));
  refusesProve(c.zkey, bigWtns, bigWtns, "a witness with a value equal to r");

  // JSON: not JSON, cut short, the wrong shape, a non-decimal number, a missing field.
  const text = (f, s) => writeBytes(ctx, f, Buffer.from(s));
  const proofText = fs.readFileSync(c.proof, "utf8");
  const vkText = fs.readFileSync(c.vk, "utf8");
  const jsonCases = [
    ["vk", text("garbage_vk.json", "this is not JSON")],
    ["vk", text("cut_vk.json", vkText.slice(0, vkText.length >> 1))],
    ["vk", text("empty_object_vk.json", "{}")],
    ["vk", variant(ctx, c.vk, "no_ic", (v) => { delete v.IC; })],
    ["vk", variant(ctx, c.vk, "hex_alpha", (v) => { v.vk_alpha_1[0] = "0x1234"; })],
    ["public", text("garbage_public.json", "[1, 2,")],
    ["public", text("object_public.json", '{"a": "1"}')],
    ["public", text("word_public.json", '["abc"]')],
    ["public", text("negative_public.json", '["-1"]')],
    ["proof", text("garbage_proof.json", "\u0000\u0001\u0002")],
    ["proof", text("cut_proof.json", proofText.slice(0, proofText.length - 10))],
    ["proof", variant(ctx, c.proof, "no_pi_c", (v) => { delete v.pi_c; })],
    ["proof", variant(ctx, c.proof, "short_pi_b", (v) => { v.pi_b.pop(); })],
    ["proof", variant(ctx, c.proof, "number_pi_a", (v) => { v.pi_a[0] = 12345; })],
  ];
  for (const [which, bad] of jsonCases) {
    const args = { vk: c.vk, public: c.public, proof: c.proof, [which]: bad };
    expectBadInput(ctx.zk.run("groth16 verify", [args.vk, args.public, args.proof]), bad, `${path.basename(bad)} as ${which}`);
  }
  for (const [which, missing] of [["vk", out("missing_vk.json")], ["public", out("missing_public.json")], ["proof", out("missing_proof.json")]]) {
    const args = { vk: c.vk, public: c.public, proof: c.proof, [which]: missing };
    expectBadInput(ctx.zk.run("groth16 verify", [args.vk, args.public, args.proof]), missing, `a missing ${which} file`, { missing: true });
  }
  for (const [zk, wt, missing] of [[out("missing.zkey"), c.wtns, out("missing.zkey")], [c.zkey, out("missing.wtns"), out("missing.wtns")]]) {
    expectBadInput(ctx.zk.run("groth16 prove", proveArgs(zk, wt)), missing, `a missing ${path.extname(missing)} file`, { missing: true });
  }

  // setup: a truncated r1cs, a truncated ptau, a ptau too small for the circuit.
  const r1cs = fs.readFileSync(c.r1cs);
  const cutR1cs = writeBytes(ctx, "cut.r1cs", r1cs.subarray(0, r1cs.length >> 1));
  const ptau = ptauPaths(ctx.work);
  expectBadInput(ctx.zk.run("groth16 setup", [cutR1cs, ptau.final, out("setup.zkey")]), cutR1cs, "a truncated r1cs");
  const ptauBytes = fs.readFileSync(ptau.final);
  const cutPtau = writeBytes(ctx, "cut.ptau", ptauBytes.subarray(0, ptauBytes.length >> 1));
  expectBadInput(ctx.zk.run("groth16 setup", [c.r1cs, cutPtau, out("setup.zkey")]), cutPtau, "a truncated ptau");
  expectBadInput(ctx.zk.run("groth16 setup", [c.r1cs, ptau.tiny, out("setup.zkey")]), ptau.tiny, "a power-4 ptau, too small for the circuit");
}

// --- e ---

function eExportVkeyMatchesSnarkjs(ctx, name) {
  const c = circuitPaths(ctx.work, name);
  const ours = path.join(ctx.dir, "vk_ours.json");
  ctx.zk.ok("zkey export-vkey", [c.zkey, ours]);
  expectSameBytes(ours, c.vk, "zkcredit zkey export-vkey vs snarkjs zkey export verificationkey");
}

function eExportVkeyOurSetupMatchesSnarkjs(ctx, name) {
  const c = circuitPaths(ctx.work, name);
  const ours = path.join(ctx.dir, "vk_ours.json");
  const theirs = path.join(ctx.dir, "vk_snarkjs.json");
  ctx.zk.ok("zkey export-vkey", [c.ourZkey, ours]);
  snarkjsOk(["zkey", "export", "verificationkey", c.ourZkey, theirs]);
  expectSameBytes(ours, theirs, "zkcredit zkey export-vkey vs snarkjs zkey export verificationkey (our setup's zkey)");
}

// public.json is determined by the witness: byte-equal to snarkjs's. proof.json differs in its
// values (fresh randomness) but not in its layout.
function eProofJsonLayoutMatchesSnarkjs(ctx, name) {
  const c = circuitPaths(ctx.work, name);
  const { proof, pub } = prove(ctx, c.zkey, c.wtns, "ours");
  expectSameBytes(pub, c.public, "zkcredit public.json vs snarkjs public.json");
  expectSameLayout(proof, c.proof, "zkcredit proof.json vs snarkjs proof.json");
}

// --- Powers of Tau ---

// Our ceremony (new, two contributions, prepare) is verified by snarkjs, and snarkjs can set up,
// prove and verify a circuit (poseidon2, 2^8 rows) with our prepared file.
function ptauOursVerifiedBySnarkjs(ctx) {
  const power = 8;
  const f = (i) => path.join(ctx.dir, `ours_${power}_${i}.ptau`);
  ctx.zk.ok("ptau new", [`${power}`, f("0000")]);
  ctx.zk.ok("ptau contribute", [f("0000"), f("0001"), "--name", "alice", "--entropy", "interop entropy one"]);
  ctx.zk.ok("ptau contribute", [f("0001"), f("0002"), "--name", "bob", "--entropy", "interop entropy two"]);
  snarkjsOk(["powersoftau", "verify", f("0002")], /Powers of Tau Ok!/);
  ctx.zk.ok("ptau verify", [f("0002")]);
  ctx.zk.ok("ptau prepare", [f("0002"), f("final")]);
  snarkjsOk(["powersoftau", "verify", f("final")], /Powers of Tau Ok!/);
  ctx.zk.ok("ptau verify", [f("final")]);

  const c = circuitPaths(ctx.work, "poseidon2");
  const zkey = path.join(ctx.dir, "poseidon2.zkey");
  const vk = path.join(ctx.dir, "vk.json");
  snarkjsOk(["groth16", "setup", c.r1cs, f("final"), zkey]);
  snarkjsOk(["zkey", "verify", c.r1cs, f("final"), zkey], /ZKey Ok!/);
  snarkjsOk(["zkey", "export", "verificationkey", zkey, vk]);
  const proof = path.join(ctx.dir, "proof.json");
  const pub = path.join(ctx.dir, "public.json");
  snarkjsOk(["groth16", "prove", zkey, c.wtns, proof, pub]);
  bothAccept(ctx, vk, pub, proof);
}

// snarkjs's files: a contribution, a beacon, a file prepared for phase 2.
function ptauSnarkjsVerifiedByOurs(ctx) {
  const p = ptauPaths(ctx.work);
  for (const file of [p.contributed, p.beacon, p.small, p.smallFinal]) ctx.zk.ok("ptau verify", [file]);
}

// `prepare phase2` is deterministic: ours must write snarkjs's file exactly.
function ptauPrepareMatchesSnarkjs(ctx) {
  const p = ptauPaths(ctx.work);
  const ours = path.join(ctx.dir, "pot8_final_ours.ptau");
  ctx.zk.ok("ptau prepare", [p.small, ours]);
  expectSameBytes(ours, p.smallFinal, "zkcredit ptau prepare vs snarkjs powersoftau prepare phase2");
}

// A ptau whose tau powers are consistent points but the wrong ones (tauG1[2] := tauG1[3]) is
// rejected by snarkjs and by us; an off-curve point and truncated files are refused.
function ptauTamperedRejected(ctx) {
  const p = ptauPaths(ctx.work);
  control(ctx, "ptau verify", [p.contributed]);
  const bytes = fs.readFileSync(p.contributed);
  const tauG1 = section(bytes, 2);  // ptau section 2: tauG1 powers, 64-byte LEM points
  const swapped = Buffer.from(bytes);
  bytes.copy(swapped, tauG1.offset + 2 * 64, tauG1.offset + 3 * 64, tauG1.offset + 4 * 64);
  const bad = writeBytes(ctx, "tau_g1_2_replaced.ptau", swapped);
  expectSnarkjsRejects(snarkjs(["powersoftau", "verify", bad]), /Powers do not match|INVALID|does not match/, "a ptau with tauG1[2] replaced by tauG1[3]");
  expectOursRejects(ctx.zk.run("ptau verify", [bad]), [1, 2], "a ptau with tauG1[2] replaced by tauG1[3]");

  const offCurve = Buffer.from(bytes);
  offCurve[tauG1.offset + 5 * 64] ^= 1;
  const off = writeBytes(ctx, "tau_g1_5_off_curve.ptau", offCurve);
  expectOursRejects(ctx.zk.run("ptau verify", [off]), [1, 2], "a ptau with tauG1[5] off the curve");
  const offRes = ctx.zk.run("ptau prepare", [off, path.join(ctx.dir, "off_prepared.ptau")]);
  expectOursRejects(offRes, [1, 2], "preparing a ptau with tauG1[5] off the curve");
}

function ptauMalformedExit2(ctx) {
  const p = ptauPaths(ctx.work);
  const bytes = fs.readFileSync(p.smallFinal);
  const out = path.join(ctx.dir, "out.ptau");
  control(ctx, "ptau verify", [p.smallFinal]);
  for (const [tag, n] of Object.entries({ empty: 0, magic: 3, header: 14, half: bytes.length >> 1, one_short: bytes.length - 1 })) {
    const bad = writeBytes(ctx, `cut_${tag}.ptau`, bytes.subarray(0, n));
    expectBadInput(ctx.zk.run("ptau verify", [bad]), bad, `a ptau truncated to ${n} bytes`);
    expectBadInput(ctx.zk.run("ptau prepare", [bad, out]), bad, `a ptau truncated to ${n} bytes`);
    expectBadInput(ctx.zk.run("ptau contribute", [bad, out, "--name", "x", "--entropy", "y"]), bad, `a ptau truncated to ${n} bytes`);
  }
  const missing = path.join(ctx.dir, "missing.ptau");
  expectBadInput(ctx.zk.run("ptau verify", [missing]), missing, "a missing ptau", { missing: true });
  const zkeyAsPtau = writeBytes(ctx, "zkey_as.ptau", fs.readFileSync(circuitPaths(ctx.work, "poseidon2").zkey));
  expectBadInput(ctx.zk.run("ptau verify", [zkeyAsPtau]), zkeyAsPtau, "a zkey file as ptau");
  expectOursRejects(ctx.zk.run("ptau new", ["99", out]), [2], "ptau new 99 (powers above 28 do not exist for BN254)");
}

// name -> [function, takes a circuit]
export const CHECKS = {
  "fixture.ptau": [fixturePtau, false],
  "fixture.compile": [fixtureCompile, true],
  "fixture.keys": [fixtureKeys, true],
  c_our_setup: [cOurSetup, true],
  a_ours_verified_by_snarkjs: [aOursVerifiedBySnarkjs, true],
  b_snarkjs_verified_by_ours: [bSnarkjsVerifiedByOurs, true],
  c_our_zkey_verified_by_snarkjs: [cOurZkeyVerifiedBySnarkjs, true],
  c_snarkjs_proves_with_our_zkey: [cSnarkjsProvesWithOurZkey, true],
  c_ours_proves_with_our_zkey: [cOursProvesWithOurZkey, true],
  d_tampered_proof_rejected: [dTamperedProofRejected, true],
  d_public_input_ge_r_rejected: [dPublicInputGeRRejected, true],
  d_other_circuit_proof_rejected: [dOtherCircuitProofRejected, true],
  d_other_key_proof_rejected: [dOtherKeyProofRejected, true],
  d_malformed_input_exit_2: [dMalformedInputExit2, true],
  e_export_vkey_matches_snarkjs: [eExportVkeyMatchesSnarkjs, true],
  e_export_vkey_our_setup_matches_snarkjs: [eExportVkeyOurSetupMatchesSnarkjs, true],
  e_proof_json_layout_matches_snarkjs: [eProofJsonLayoutMatchesSnarkjs, true],
  ptau_ours_verified_by_snarkjs: [ptauOursVerifiedBySnarkjs, false],
  ptau_snarkjs_verified_by_ours: [ptauSnarkjsVerifiedByOurs, false],
  ptau_prepare_matches_snarkjs: [ptauPrepareMatchesSnarkjs, false],
  ptau_tampered_rejected: [ptauTamperedRejected, false],
  ptau_malformed_exit_2: [ptauMalformedExit2, false],
};
