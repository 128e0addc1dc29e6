#!/usr/bin/env node
/**
 * gen_noble_vectors.mjs: independent BN254 (alt_bn128, EIP-196/197) known-answer vectors.
 *
 * Source of truth: @noble/curves (version pinned in tools/vectors/package.json and
 * package-lock.json, currently 1.9.7), module `@noble/curves/bn254`, which is an
 * independent pure-JS implementation. The written "source" field records the version
 * read from node_modules at generation time.
 *
 * Usage (from the repo root):
 *     (cd tools/vectors && npm ci)
 *     node tools/vectors/gen_noble_vectors.mjs
 * Writes tests/data/bn254_noble_vectors.json. The output is fully deterministic:
 * all "random" values come from sha256("zkcredit/bn254-noble-vectors/<label>/<counter>")
 * (node:crypto), read as a big-endian 256-bit integer and reduced mod p or r.
 * Math.random is not used, so re-running gives a byte-identical file.
 *
 * Encoding: every field element / scalar is a 0x-prefixed, lowercase, 64-hex-digit,
 * big-endian string of its canonical representative in [0, modulus). Points are affine
 * {"x","y"}; the point at infinity is {"infinity": true}. An Fp2 element c0 + c1*u is
 * written [c0, c1] (real part first), with Fp2 = Fp[u]/(u^2 + 1).
 *
 * Tower (checked against node_modules/@noble/curves/src/bn254.ts and
 * src/abstract/tower.ts):
 *     Fp2  = Fp[u]  / (u^2 + 1)          (tower12 with Fp NONRESIDUE = -1)
 *     Fp6  = Fp2[v] / (v^3 - (9 + u))    (FP2_NONRESIDUE = [9, 1]; Fp6.mulByNonresidue
 *                                         maps (c0,c1,c2) -> (xi*c2, c0, c1))
 *     Fp12 = Fp6[w] / (w^2 - v)          (Fp12.mul: c0 = t1 + t2*v)
 * An Fp12 value is written [[c0.c0, c0.c1, c0.c2], [c1.c0, c1.c1, c1.c2]], i.e.
 * f = (c0.c0 + c0.c1 v + c0.c2 v^2) + (c1.c0 + c1.c1 v + c1.c2 v^2) w, each entry an
 * Fp2 [re, im]. Note w^6 = 9 + u; so in the flat basis over Fp2 this is
 * c0.c0 + c1.c0 w + c0.c1 w^2 + c1.c1 w^3 + c0.c2 w^4 + c1.c2 w^5.
 *
 * G2 is the D-type (divisive) twist E': y^2 = x^3 + 3/(9+u) over Fp2; untwisting map
 * (x', y') -> (x' w^2, y' w^3) into E(Fp12).
 *
 * Sections:
 *   p, r                 base-field and scalar-field (group order) moduli
 *   fp2_nonresidue       xi = 9 + u, g2_b = 3/xi (the twist's b)
 *   g1_generator         (1, 2);  g2_generator: the EIP-197 G2 generator
 *   fp, fr               {a, b, add, sub, mul, neg (= -a), sqr (= a^2), inv (= 1/a, or null if
 *                        a == 0), sqrt, legendre (of a: 1 | -1 | 0)}
 *                        sqrt convention: of the two roots {s, m - s} we write the
 *                        numerically SMALLER one (integer in [0, (m-1)/2]); null if a
 *                        is a non-residue; "0x0..0" for a = 0. (noble itself returns
 *                        a^((p+1)/4) for Fp and a Tonelli-Shanks root for Fr, so
 *                        this file normalizes that.)
 *   fp2                  {a, b, add, sub, mul, sqr (= a^2), inv (= 1/a, or null if a == 0)}
 *   fp12_pairing         {a, b, p, q, result, result_noble}, p = [a]G1, q = [b]G2.
 *                        result = e(p, q) = f^((p^12-1)/r), where f = noble's optimal-ate
 *                        Miller loop output (bn254.pairing(P, Q, false), which has the
 *                        ate loop 6x+2 plus the two Frobenius lines) and the exponent
 *                        (p^12-1)/r is applied here with a plain Fp12.pow. This is the
 *                        textbook (py_ecc / EIP-197 reference) value of the pairing.
 *                        result_noble = noble's bn254.pairing(P, Q) with its own final
 *                        exponentiation. That one is NOT the plain exponent: noble (like
 *                        gnark) uses the Fuentes-Castaneda et al. hard part, which returns
 *                        result^m with m = 2x(6x^2+3x+1), x = 4965661367192848881 (m is
 *                        written at top level as "noble_final_exp_multiplier"). Both are
 *                        non-degenerate bilinear pairings; a C++ final exponentiation matches
 *                        exactly one of the two. For a or b = 0 noble refuses the point at
 *                        infinity, so both results are the Fp12 identity by definition.
 *   g1                   {k, p = [k]G1, qk, q = [qk]G1, add = p + q, dbl = 2p, neg = -p}
 *                        qk is null when q is set directly (e.g. q = -p or q = p).
 *   g1_mul_wide          {k, p}: k a 256-bit scalar >= r (as ecMul allows); p = [k]G1
 *                        = [k mod r]G1 (G1 has cofactor 1, so the reduction is exact).
 *   g1_msm               {scalars, points, result = sum scalars[i]*points[i]}: noble's
 *                        Point.msm (Pippenger), cross-checked here against a naive sum.
 *                        Includes zero scalars, repeated points and infinity points.
 *   g2, g2_msm           same as g1 / g1_msm with Fp2 coordinates.
 *   g2_not_in_subgroup   {x, y}: points on E' (y^2 = x^3 + 3/(9+u)) that are NOT in the
 *                        order-r subgroup (noble isTorsionFree() == false and [r]P != 0).
 *   g1_not_on_curve, g2_not_on_curve: {x, y} coordinate pairs (in range) that are not on
 *                        the curve: for negative tests.
 * There are no compressed encodings: @noble/curves 1.x bn254 does not implement
 * toBytes/fromBytes for BN254 points (bn254.ts sets them to notImplemented).
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bn254 } from '@noble/curves/bn254';
import { FpLegendre } from '@noble/curves/abstract/modular';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const outPath = join(repoRoot, 'tests', 'data', 'bn254_noble_vectors.json');
const nobleVersion = JSON.parse(
  readFileSync(join(here, 'node_modules', '@noble', 'curves', 'package.json'), 'utf8')
).version;

const { Fp, Fp2, Fp12, Fr } = bn254.fields;
const G1 = bn254.G1.Point;
const G2 = bn254.G2.Point;
const P = Fp.ORDER;
const R = Fr.ORDER;

// ---------------------------------------------------------------- deterministic RNG
function rand256(label, counter) {
  const h = createHash('sha256').update(`zkcredit/bn254-noble-vectors/${label}/${counter}`).digest();
  return BigInt('0x' + h.toString('hex'));
}
function makeRng(label, modulus) {
  let i = 0;
  return () => rand256(label, i++) % modulus;
}

// ---------------------------------------------------------------- encoders
const hex = (x) => {
  if (typeof x !== 'bigint' || x < 0n || x >= 1n << 256n) throw new Error('bad scalar ' + x);
  return '0x' + x.toString(16).padStart(64, '0');
};
const hex2 = (e) => [hex(e.c0), hex(e.c1)];
const hex6 = (e) => [hex2(e.c0), hex2(e.c1), hex2(e.c2)];
const hex12 = (e) => [hex6(e.c0), hex6(e.c1)];
function g1j(pt) {
  if (pt.is0()) return { infinity: true };
  const { x, y } = pt.toAffine();
  return { x: hex(x), y: hex(y) };
}
function g2j(pt) {
  if (pt.is0()) return { infinity: true };
  const { x, y } = pt.toAffine();
  return { x: hex2(x), y: hex2(y) };
}
const fp2 = (c0, c1) => Fp2.fromBigTuple([c0, c1]);

// ---------------------------------------------------------------- prime fields
function sqrtSmall(F, a) {
  if (F.is0(a)) return 0n;
  if (FpLegendre(F, a) !== 1) return null;
  const s = F.sqrt(a);
  if (F.sqr(s) !== a) throw new Error('sqrt failed');
  const t = F.neg(s);
  return s < t ? s : t;
}
function primeFieldSection(F, label) {
  const m = F.ORDER;
  const edges = [0n, 1n, 2n, m - 1n];
  const pairs = [];
  for (const a of edges) for (const b of edges) pairs.push([a, b]);
  pairs.push([m - 2n, 3n], [(m - 1n) / 2n, (m + 1n) / 2n], [(m + 1n) / 2n, 2n], [4n, m - 1n]);
  const rng = makeRng(label, m);
  while (pairs.length < 32) pairs.push([rng(), rng()]);
  return pairs.map(([a, b]) => {
    const sq = sqrtSmall(F, a);
    return {
      a: hex(a),
      b: hex(b),
      add: hex(F.add(a, b)),
      sub: hex(F.sub(a, b)),
      mul: hex(F.mul(a, b)),
      neg: hex(F.neg(a)),
      sqr: hex(F.sqr(a)),
      inv: F.is0(a) ? null : hex(F.inv(a)),
      sqrt: sq === null ? null : hex(sq),
      legendre: FpLegendre(F, a),
    };
  });
}

// ---------------------------------------------------------------- Fp2
function fp2Section() {
  const rng = makeRng('fp2', P);
  const pm1 = P - 1n;
  const list = [
    [fp2(0n, 0n), fp2(1n, 0n)],
    [fp2(1n, 0n), fp2(0n, 1n)],
    [fp2(0n, 1n), fp2(0n, 1n)], // u*u = -1
    [fp2(9n, 1n), fp2(pm1, pm1)], // xi
    [fp2(pm1, pm1), fp2(pm1, 0n)],
    [fp2(2n, pm1), fp2(pm1, 2n)],
    [fp2(0n, pm1), fp2(9n, 1n)],
  ];
  while (list.length < 16) list.push([fp2(rng(), rng()), fp2(rng(), rng())]);
  return list.map(([a, b]) => ({
    a: hex2(a),
    b: hex2(b),
    add: hex2(Fp2.add(a, b)),
    sub: hex2(Fp2.sub(a, b)),
    mul: hex2(Fp2.mul(a, b)),
    sqr: hex2(Fp2.sqr(a)),
    inv: Fp2.is0(a) ? null : hex2(Fp2.inv(a)),
  }));
}

// ---------------------------------------------------------------- groups
const mulG = (Grp, k) => Grp.BASE.multiplyUnsafe(k);

function groupSection(Grp, enc, label, nRandom) {
  const rng = makeRng(label, R);
  const entries = [];
  const push = (k, qk, qOverride) => {
    const p = mulG(Grp, k);
    const q = qOverride !== undefined ? qOverride : mulG(Grp, qk);
    const add = p.add(q);
    const dbl = p.double();
    // sanity: dbl == p + p, neg + p == 0, everything valid
    if (!dbl.equals(p.add(p))) throw new Error('dbl mismatch');
    if (!p.negate().add(p).is0()) throw new Error('neg mismatch');
    if (qOverride === undefined && !add.equals(mulG(Grp, (k + qk) % R))) throw new Error('add mismatch');
    for (const pt of [p, q, add, dbl]) pt.assertValidity();
    entries.push({
      k: hex(k),
      p: enc(p),
      qk: qOverride === undefined ? hex(qk) : null,
      q: enc(q),
      add: enc(add),
      dbl: enc(dbl),
      neg: enc(p.negate()),
    });
  };
  push(0n, 1n); // infinity + G
  push(1n, 0n); // G + infinity
  push(1n, 1n); // G + G (add == dbl)
  push(2n, 1n);
  push(3n, R - 3n); // p + (-p) = infinity
  push(R - 1n, 1n); // -G + G = infinity
  push(R - 1n, R - 1n);
  push(R - 2n, 5n);
  push((R - 1n) / 2n, (R + 1n) / 2n); // sum = r = 0
  push(1n << 128n, (1n << 128n) - 1n);
  const k0 = rng();
  push(k0, null, mulG(Grp, k0).negate()); // q = -p given as a point
  const k1 = rng();
  push(k1, null, mulG(Grp, k1)); // q = p given as a point
  while (entries.length < nRandom) push(rng(), rng());
  return entries;
}

function mulWideSection(Grp, enc) {
  const ks = [R, R + 1n, R + 2n, 2n * R - 1n, (1n << 256n) - 1n, (1n << 255n) + 12345n, 5n * R + 7n];
  return ks.map((k) => ({ k: hex(k), p: enc(mulG(Grp, k % R)) }));
}

function msmSection(Grp, enc, label) {
  const rng = makeRng(label, R);
  const out = [];
  const sizes = [5, 8, 13, 21, 40];
  sizes.forEach((n, idx) => {
    const pts = [];
    const scs = [];
    for (let i = 0; i < n; i++) {
      let pt;
      if (i > 0 && i % 4 === 3) pt = pts[i - 1]; // repeated point
      else if (i % 7 === 5) pt = Grp.ZERO; // infinity
      else pt = mulG(Grp, rng());
      let s;
      if (i % 5 === 2) s = 0n;
      else if (i % 11 === 9) s = R - 1n;
      else if (i % 6 === 4) s = BigInt(i + 1);
      else s = rng();
      pts.push(pt);
      scs.push(s);
    }
    if (idx === 1) {
      // make the total cancel to infinity: last term = -(sum of the others) = 1 * (-(sum))
      let acc = Grp.ZERO;
      for (let i = 0; i < n - 1; i++) acc = acc.add(pts[i].multiplyUnsafe(scs[i]));
      pts[n - 1] = acc.negate();
      scs[n - 1] = 1n;
    }
    const res = Grp.msm(pts, scs);
    let naive = Grp.ZERO;
    for (let i = 0; i < n; i++) naive = naive.add(pts[i].multiplyUnsafe(scs[i]));
    if (!res.equals(naive)) throw new Error('msm mismatch');
    if (idx === 1 && !res.is0()) throw new Error('msm cancel case not infinity');
    out.push({ scalars: scs.map(hex), points: pts.map(enc), result: enc(res) });
  });
  return out;
}

// ---------------------------------------------------------------- pairings
const BN_X = 4965661367192848881n;
const NOBLE_FE_MULT = 2n * BN_X * (6n * BN_X * BN_X + 3n * BN_X + 1n);
const PLAIN_FE = (P ** 12n - 1n) / R;
function pairingSection() {
  const rng = makeRng('pairing', R);
  const base = Fp12.pow(bn254.pairing(G1.BASE, G2.BASE, false), PLAIN_FE);
  const cases = [[1n, 1n], [2n, 1n], [1n, 2n], [R - 1n, 1n]];
  for (let i = 0; i < 3; i++) cases.push([rng(), rng()]);
  cases.push([0n, 1n], [1n, 0n]);
  return cases.map(([a, b]) => {
    const p = mulG(G1, a);
    const q = mulG(G2, b);
    let res, resNoble;
    if (p.is0() || q.is0()) res = resNoble = Fp12.ONE;
    else {
      res = Fp12.pow(bn254.pairing(p, q, false), PLAIN_FE);
      resNoble = bn254.pairing(p, q);
      // self-checks: bilinearity, r-th root of unity, and the noble/plain relation
      if (!Fp12.eql(res, Fp12.pow(base, (a * b) % R))) throw new Error('bilinearity failed');
      if (!Fp12.eql(Fp12.pow(res, R), Fp12.ONE) || Fp12.eql(res, Fp12.ONE)) throw new Error('not in GT');
      if (!Fp12.eql(resNoble, Fp12.pow(res, NOBLE_FE_MULT))) throw new Error('noble FE relation failed');
    }
    return { a: hex(a), b: hex(b), p: g1j(p), q: g2j(q), result: hex12(res), result_noble: hex12(resNoble) };
  });
}

// ---------------------------------------------------------------- invalid points
function g2NotInSubgroup() {
  const rng = makeRng('g2-not-in-subgroup', P);
  const b = bn254.params.G2b;
  const out = [];
  while (out.length < 4) {
    const x = fp2(rng(), rng());
    const rhs = Fp2.add(Fp2.mul(Fp2.sqr(x), x), b);
    let y;
    try {
      y = Fp2.sqrt(rhs);
    } catch (e) {
      continue; // non-square
    }
    if (!Fp2.eql(Fp2.sqr(y), rhs)) continue;
    const pt = G2.fromAffine({ x, y });
    if (pt.isTorsionFree()) continue; // (negligible probability)
    const rP = pt.multiplyUnsafe(R - 1n).add(pt); // [r]P computed by plain double-and-add
    if (rP.is0()) throw new Error('unexpected: [r]P == 0 but isTorsionFree false');
    let threw = false;
    try {
      pt.assertValidity();
    } catch (e) {
      threw = true;
    }
    if (!threw) throw new Error('assertValidity accepted a non-subgroup point');
    out.push({ x: hex2(x), y: hex2(y) });
  }
  return out;
}

function g1NotOnCurve() {
  const pts = [
    [1n, 3n],
    [0n, 0n],
    [1n, P - 3n],
  ];
  const g = mulG(G1, 0x1234567890n).toAffine();
  pts.push([g.x, Fp.add(g.y, 1n)]);
  for (const [x, y] of pts) {
    if (Fp.eql(Fp.sqr(y), Fp.add(Fp.mul(Fp.sqr(x), x), 3n))) throw new Error('on curve');
  }
  return pts.map(([x, y]) => ({ x: hex(x), y: hex(y) }));
}

function g2NotOnCurve() {
  const b = bn254.params.G2b;
  const g = G2.BASE.toAffine();
  const h = mulG(G2, 0x1234567890n).toAffine();
  const pts = [
    [g.x, Fp2.add(g.y, Fp2.ONE)],
    [h.x, fp2(h.y.c1, h.y.c0)], // swapped re/im (a classic encoding bug)
    [fp2(g.x.c1, g.x.c0), fp2(g.y.c1, g.y.c0)], // generator with re/im swapped
    [Fp2.ONE, fp2(2n, 0n)],
  ];
  for (const [x, y] of pts) {
    if (Fp2.eql(Fp2.sqr(y), Fp2.add(Fp2.mul(Fp2.sqr(x), x), b))) throw new Error('on curve');
  }
  return pts.map(([x, y]) => ({ x: hex2(x), y: hex2(y) }));
}

// ---------------------------------------------------------------- main
function main() {
  const xi = Fp2.NONRESIDUE;
  if (xi.c0 !== 9n || xi.c1 !== 1n) throw new Error('unexpected Fp2 non-residue');
  const g2b = bn254.params.G2b;
  if (!Fp2.eql(Fp2.mul(g2b, xi), fp2(3n, 0n))) throw new Error('unexpected twist b');
  const out = {
    source: `@noble/curves ${nobleVersion} bn254, generated by tools/vectors/gen_noble_vectors.mjs`,
    p: hex(P),
    r: hex(R),
    fp2_nonresidue: hex2(xi),
    g2_b: hex2(g2b),
    noble_final_exp_multiplier: hex(NOBLE_FE_MULT),
    g1_generator: g1j(G1.BASE),
    g2_generator: g2j(G2.BASE),
    fp: primeFieldSection(Fp, 'fp'),
    fr: primeFieldSection(Fr, 'fr'),
    fp2: fp2Section(),
    fp12_pairing: pairingSection(),
    g1: groupSection(G1, g1j, 'g1', 24),
    g1_mul_wide: mulWideSection(G1, g1j),
    g1_msm: msmSection(G1, g1j, 'g1-msm'),
    g2: groupSection(G2, g2j, 'g2', 14),
    g2_msm: msmSection(G2, g2j, 'g2-msm'),
    g2_not_in_subgroup: g2NotInSubgroup(),
    g1_not_on_curve: g1NotOnCurve(),
    g2_not_on_curve: g2NotOnCurve(),
  };
  mkdirSync(dirname(outPath), { recursive: true });
  writeFileSync(outPath, JSON.stringify(out, null, 1) + '\n');
  console.log(`wrote ${outPath}`);
}

main();
