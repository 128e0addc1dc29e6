// Generates tests/data/he/ckks/seal_vectors.json: CKKS oracle vectors from Microsoft SEAL (through
// node-seal 6.0.3, which wraps SEAL 4.1 compiled to WebAssembly).
//
//   cd tools/vectors && npm ci && node gen_ckks_vectors.mjs [out.json]
//
// SEAL keeps CKKS plaintexts, ciphertexts and secret keys in NTT form. This script saves each object
// uncompressed, parses SEAL's serialization format (native/src/seal/serialization.h: SEALHeader;
// ciphertext.cpp, plaintext.cpp: save_members; dynarray.h: DynArray::save_members) and converts to
// coefficient form with its own BigInt inverse of SEAL's negacyclic NTT (native/src/seal/util/ntt.cpp:
// the minimal primitive 2N-th root psi, psi^bitrev(i) twiddles, bit-reversed output). The conversion is
// checked three ways before anything is written: the JS forward/inverse round trip and the NTT
// definition at sampled points; SEAL's own Evaluator::transform_from_ntt on every ciphertext (bit for
// bit); the secret key coming out ternary. Every ciphertext is also decrypted here in JS (c0 + c1 s
// [+ c2 s^2], CRT, canonical embedding at zeta^(3^j)) and compared with SEAL's decoding, and SEAL's
// decoding is compared with the plaintext arithmetic on the inputs (slot order, rotation direction).
//
// node-seal 6.0.3 encodes real vectors only (CKKSEncoder.encode takes a Float64Array; decode returns
// real parts). Complex slots z = x + i y are built from two SEAL encodings, exactly in the ring:
// m = encode(x) + X^(N/2) * encode(y'), y'_j = (-1)^j y_j, because X^(N/2) at zeta^(3^j) equals
// i^(3^j) = i (-1)^j. Imaginary parts of SEAL's decodings come the same way: SEAL decodes
// -X^(N/2) * m, whose real part in slot j is (-1)^j Im(slot j). See tests/data/he/ckks/README.md.
import SEAL from 'node-seal';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const outPath = process.argv[2] ?? path.join(here, '../../tests/data/he/ckks/seal_vectors.json');

function check(cond, what) {
  if (!cond) throw new Error(`self-check failed: ${what}`);
}

// ---------------------------------------------------------------- BigInt number theory

const modq = (a, q) => ((a % q) + q) % q;

function powmod(b, e, q) {
  let r = 1n;
  b = modq(b, q);
  while (e > 0n) {
    if (e & 1n) r = (r * b) % q;
    b = (b * b) % q;
    e >>= 1n;
  }
  return r;
}

// Deterministic Miller-Rabin for n < 2^64 (the first 12 prime bases suffice below 3.3e24).
function isPrime(n) {
  if (n < 2n) return false;
  const bases = [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n];
  for (const p of bases) {
    if (n === p) return true;
    if (n % p === 0n) return false;
  }
  let d = n - 1n;
  let s = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  outer: for (const a of bases) {
    let x = powmod(a, d, n);
    if (x === 1n || x === n - 1n) continue;
    for (let r = 1; r < s; r++) {
      x = (x * x) % n;
      if (x === n - 1n) continue outer;
    }
    return false;
  }
  return true;
}

// The smallest primitive 2N-th root of unity mod q, the root SEAL's NTTTables uses
// (numth.cpp: try_minimal_primitive_root takes the minimum over all odd powers of one primitive root).
function minimalPrimitiveRoot(n, q) {
  const twoN = BigInt(2 * n);
  check((q - 1n) % twoN === 0n, `q = ${q} is not 1 mod 2N`);
  let root = 0n;
  for (let g = 2n; ; g++) {
    const r = powmod(g, (q - 1n) / twoN, q);
    if (powmod(r, BigInt(n), q) === q - 1n) {
      root = r;
      break;
    }
  }
  const r2 = (root * root) % q;
  let cur = root;
  let best = root;
  for (let k = 0; k < n; k++) {
    if (cur < best) best = cur;
    cur = (cur * r2) % q;
  }
  return best;
}

function bitrev(i, logn) {
  let r = 0;
  for (let b = 0; b < logn; b++) r |= ((i >> b) & 1) << (logn - 1 - b);
  return r;
}

// Negacyclic NTT with SEAL's conventions: output index k holds a(psi^(2 bitrev(k) + 1)).
class Ntt {
  constructor(n, q) {
    this.n = n;
    this.q = q;
    this.logn = Math.log2(n);
    this.psi = minimalPrimitiveRoot(n, q);
    const psiInv = powmod(this.psi, q - 2n, q);
    this.nInv = powmod(BigInt(n), q - 2n, q);
    this.w = new Array(n);
    this.wInv = new Array(n);
    for (let k = 0; k < n; k++) {
      const e = BigInt(bitrev(k, this.logn));
      this.w[k] = powmod(this.psi, e, q);
      this.wInv[k] = powmod(psiInv, e, q);
    }
  }
  // Cooley-Tukey butterflies, natural order in, bit-reversed order out.
  forward(a) {
    const { n, q, w } = this;
    a = a.slice();
    for (let m = 1, t = n >> 1; m < n; m <<= 1, t >>= 1) {
      for (let i = 0; i < m; i++) {
        const r = w[m + i];
        for (let j = 2 * i * t; j < 2 * i * t + t; j++) {
          const u = a[j];
          const v = (a[j + t] * r) % q;
          a[j] = (u + v) % q;
          a[j + t] = (u - v + q) % q;
        }
      }
    }
    return a;
  }
  // Gentleman-Sande butterflies undoing forward() stage by stage, then the 1/N factor.
  inverse(a) {
    const { n, q, wInv } = this;
    a = a.slice();
    for (let m = n >> 1, t = 1; m >= 1; m >>= 1, t <<= 1) {
      for (let i = 0; i < m; i++) {
        const r = wInv[m + i];
        for (let j = 2 * i * t; j < 2 * i * t + t; j++) {
          const u = a[j];
          const v = a[j + t];
          a[j] = (u + v) % q;
          a[j + t] = (((u - v + q) % q) * r) % q;
        }
      }
    }
    return a.map((x) => (x * this.nInv) % q);
  }
  // The definition, at one output index.
  evalAt(a, k) {
    const { n, q, psi } = this;
    const x = powmod(psi, BigInt(2 * bitrev(k, this.logn) + 1), q);
    let acc = 0n;
    for (let j = n - 1; j >= 0; j--) acc = (acc * x + a[j]) % q;
    return acc;
  }
}

const nttCache = new Map();
function nttFor(n, q) {
  const key = `${n}:${q}`;
  if (!nttCache.has(key)) {
    const t = new Ntt(n, q);
    // Self-checks: round trip and the definition at sampled indices, on a pseudo-random vector.
    let s = 12345n;
    const a = Array.from({ length: n }, () => {
      s = (s * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
      return s % q;
    });
    const A = t.forward(a);
    const back = t.inverse(A);
    check(back.every((x, i) => x === a[i]), `NTT round trip q=${q}`);
    for (const k of [0, 1, 2, 3, n >> 1, n - 1, 17 % n, (n * 3) >> 2]) {
      check(A[k] === t.evalAt(a, k), `NTT definition q=${q} k=${k}`);
    }
    nttCache.set(key, t);
  }
  return nttCache.get(key);
}

// Negacyclic product mod q via the NTT.
function mulPoly(a, b, ntt) {
  const A = ntt.forward(a);
  const B = ntt.forward(b);
  return ntt.inverse(A.map((x, i) => (x * B[i]) % ntt.q));
}

// ---------------------------------------------------------------- SEAL serialization (uncompressed)

const HEADER_SIZE = 16;
function readHeader(dv, off, what) {
  const magic = dv.getUint16(off, true);
  check(magic === 0xa15e, `${what}: SEAL magic`);
  check(dv.getUint8(off + 2) === HEADER_SIZE, `${what}: header size`);
  const header = {
    major: dv.getUint8(off + 3),
    minor: dv.getUint8(off + 4),
    compr: dv.getUint8(off + 5),
    size: Number(dv.getBigUint64(off + 8, true)),
  };
  check(header.compr === 0, `${what}: compression none`);
  return header;
}

// DynArray<uint64_t>: its own SEALHeader, uint64 count, count little-endian words.
function readDynArray(dv, off, what) {
  const h = readHeader(dv, off, what);
  const count = Number(dv.getBigUint64(off + HEADER_SIZE, true));
  check(h.size === HEADER_SIZE + 8 + 8 * count, `${what}: DynArray size`);
  const data = new Array(count);
  for (let i = 0; i < count; i++) data[i] = dv.getBigUint64(off + HEADER_SIZE + 8 + 8 * i, true);
  return { data, end: off + h.size, dataOffset: off + HEADER_SIZE + 8 };
}

let sealVersion = null;
function noteVersion(h) {
  const v = `${h.major}.${h.minor}`;
  if (sealVersion === null) sealVersion = v;
  check(sealVersion === v, 'one SEAL version');
}

// Plaintext: header | parms_id (4 x u64) | coeff_count u64 | scale f64 | DynArray.
function parsePlaintext(bytes) {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h = readHeader(dv, 0, 'Plaintext');
  noteVersion(h);
  check(h.size === bytes.length, 'Plaintext size');
  const parmsId = [0, 1, 2, 3].map((i) => dv.getBigUint64(16 + 8 * i, true));
  const coeffCount = Number(dv.getBigUint64(48, true));
  const scale = dv.getFloat64(56, true);
  const arr = readDynArray(dv, 64, 'Plaintext.data');
  check(arr.end === bytes.length, 'Plaintext trailing bytes');
  check(arr.data.length === coeffCount, 'Plaintext coeff_count');
  return { parmsId, coeffCount, scale, data: arr.data, dataOffset: arr.dataOffset };
}

// Ciphertext: header | parms_id | is_ntt_form u8 | size u64 | N u64 | k u64 | scale f64 |
// correction_factor u64 | DynArray (size x k x N words: polynomial, then prime, then coefficient).
function parseCiphertext(bytes) {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h = readHeader(dv, 0, 'Ciphertext');
  noteVersion(h);
  check(h.size === bytes.length, 'Ciphertext size');
  const isNtt = dv.getUint8(48);
  const size = Number(dv.getBigUint64(49, true));
  const n = Number(dv.getBigUint64(57, true));
  const k = Number(dv.getBigUint64(65, true));
  const scale = dv.getFloat64(73, true);
  const correction = dv.getBigUint64(81, true);
  const arr = readDynArray(dv, 89, 'Ciphertext.data');
  check(arr.end === bytes.length, 'Ciphertext trailing bytes');
  check(arr.data.length === size * k * n, 'Ciphertext data length');
  check(correction === 1n, 'CKKS correction factor 1');
  const polys = [];
  for (let p = 0; p < size; p++) {
    const per = [];
    for (let i = 0; i < k; i++) per.push(arr.data.slice((p * k + i) * n, (p * k + i + 1) * n));
    polys.push(per);
  }
  return { isNtt: isNtt === 1, size, n, k, scale, polys };
}

// ---------------------------------------------------------------- encoding helpers

function b64(coeffs) {
  const buf = Buffer.alloc(8 * coeffs.length);
  coeffs.forEach((c, i) => buf.writeBigUInt64LE(c, 8 * i));
  return buf.toString('base64');
}

// A seeded generator for the input values only (SEAL's own randomness is not seedable).
function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round12 = (x) => Math.round(x * 1e12) / 1e12;

// ---------------------------------------------------------------- main

const seal = await SEAL();
const none = seal.ComprModeType.none;

function createPrimes(n, bits) {
  const v = seal.CoeffModulus.Create(n, Int32Array.from(bits));
  const ps = Array.from(v.toArray()).map((x) => BigInt(x));
  v.delete();
  ps.forEach((q, i) => {
    check(isPrime(q), `prime ${q}`);
    check((q - 1n) % BigInt(2 * n) === 0n, `${q} = 1 mod 2N`);
    check(q >> BigInt(bits[i] - 1) === 1n, `${q} has ${bits[i]} bits`);
  });
  return ps;
}

const primeSets = [
  [1024, [40, 30, 30, 40]],
  [1024, [40, 30, 40]],
  [4096, [36, 36, 37]],
  [8192, [60, 40, 60]],
  [8192, [43, 43, 44, 44, 44]],
  [8192, [30, 30, 30, 30, 30, 30, 30]],
  [16384, [60, 40, 40, 40, 40, 40, 40, 60]],
  [16384, [50, 33, 33, 33, 33, 33, 33, 33, 33, 33, 33, 50]],
  [32768, [60, ...Array(19).fill(40), 60]],
  [32768, [50, ...Array(22).fill(33), 50, 50]],
];
const primes = primeSets.map(([n, bits]) => ({ n, bits, primes: createPrimes(n, bits).map(String) }));
const maxBitCount = {};
for (const n of [1024, 2048, 4096, 8192, 16384, 32768]) {
  maxBitCount[n] = seal.CoeffModulus.MaxBitCount(n, seal.SecurityLevel.tc128);
}
for (const p of primes) {
  if (p.n >= 8192) {
    const total = p.bits.reduce((a, b) => a + b, 0);
    check(total <= maxBitCount[p.n], `prime set within ${maxBitCount[p.n]} bits`);
  }
}

function makeCase({ name, n, bits, logScale, seed }) {
  const slots = n / 2;
  const scale = 2 ** logScale;
  const allPrimes = createPrimes(n, bits); // the last one is the special prime
  const dataPrimes = allPrimes.slice(0, -1);
  const ntts = allPrimes.map((q) => nttFor(n, q));

  const parms = seal.EncryptionParameters(seal.SchemeType.ckks);
  parms.setPolyModulusDegree(n);
  const cm = seal.CoeffModulus.Create(n, Int32Array.from(bits));
  parms.setCoeffModulus(cm);
  const context = seal.Context(parms, true, seal.SecurityLevel.none);
  check(context.parametersSet(), 'SEAL context');
  const encoder = seal.CKKSEncoder(context);
  check(encoder.slotCount === slots, 'slot count');
  const keygen = seal.KeyGenerator(context);
  const sk = keygen.secretKey();
  const pk = keygen.createPublicKey();
  const rk = keygen.createRelinKeys();
  const rotSteps = [1, 3, -1, n / 4];
  const gk = keygen.createGaloisKeys(Int32Array.from(rotSteps));
  const encryptor = seal.Encryptor(context, pk);
  const decryptor = seal.Decryptor(context, sk);
  const evaluator = seal.Evaluator(context);

  // Galois elements, SEAL's rule (util/galois.cpp, get_elt_from_step): 3^k mod 2N for k > 0,
  // 3^(N/2 - |k|) mod 2N for k < 0; conjugation is 2N - 1. The keys SEAL made must hold them.
  const twoN = 2 * n;
  const galoisElt = (k) => {
    let e = k < 0 ? slots + k : k;
    let g = 1;
    while (e-- > 0) g = (g * 3) % twoN;
    return g;
  };
  for (const k of rotSteps) check(gk.hasKey(galoisElt(k)), `galois key for step ${k}`);
  const gkAll = keygen.createGaloisKeys(Int32Array.from([]));
  check(gkAll.hasKey(twoN - 1), 'conjugation key 2N-1');

  // Secret key: key level, all primes, NTT form.
  const skPlain = parsePlaintext(sk.saveArray(none));
  check(skPlain.coeffCount === n * allPrimes.length, 'secret key at the key level');
  const skSigned = new Array(n).fill(0);
  allPrimes.forEach((q, i) => {
    const coeffs = ntts[i].inverse(skPlain.data.slice(i * n, (i + 1) * n));
    coeffs.forEach((c, j) => {
      const v = c === 0n ? 0 : c === 1n ? 1 : c === q - 1n ? -1 : null;
      check(v !== null, `secret key coefficient ternary (prime ${i}, index ${j})`);
      if (i === 0) skSigned[j] = v;
      else check(skSigned[j] === v, 'secret key consistent across primes');
    });
  });
  check(skSigned.some((v) => v === 1) && skSigned.some((v) => v === -1), 'secret key not degenerate');
  const skMod = allPrimes.map((q) => skSigned.map((v) => modq(BigInt(v), q)));

  const rand = mulberry32(seed);
  const randVec = () => Array.from({ length: slots }, () => [2 * rand() - 1, 2 * rand() - 1]);
  const z1 = randVec();
  const z2 = randVec();

  // Coefficient form of a SEAL plaintext (NTT form, at some level).
  const plainToCoeffs = (pt) => {
    const p = parsePlaintext(pt.saveArray(none));
    const k = p.coeffCount / n;
    return { parsed: p, coeffs: Array.from({ length: k }, (_, i) => ntts[i].inverse(p.data.slice(i * n, (i + 1) * n))) };
  };
  // A SEAL plaintext with the given coefficient-form residues, built by patching a template's bytes.
  const coeffsToPlain = (template, coeffs) => {
    const bytes = template.saveArray(none);
    const p = parsePlaintext(bytes);
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    coeffs.forEach((c, i) => {
      const A = ntts[i].forward(c);
      A.forEach((x, j) => dv.setBigUint64(p.dataOffset + 8 * (i * n + j), x, true));
    });
    const pt = seal.PlainText();
    pt.loadArray(context, bytes);
    return pt;
  };
  // Multiply every residue by X^(N/2) (negacyclic: coefficient j moves to j + N/2, wrapping with a sign).
  const timesXHalf = (coeffs, sign) =>
    coeffs.map((c, i) => {
      const q = allPrimes[i];
      const out = new Array(n);
      for (let j = 0; j < n; j++) {
        const t = j + n / 2;
        const v = t < n ? c[j] : (q - c[j]) % q;
        out[t % n] = sign > 0 ? v : (q - v) % q;
      }
      return out;
    });
  const addCoeffs = (a, b) => a.map((c, i) => c.map((x, j) => (x + b[i][j]) % allPrimes[i]));

  // SEAL's encoding of complex slots, exactly in the ring from two real encodings (see the header).
  const encodeReal = (vals) => encoder.encode(Float64Array.from(vals), scale);
  const encodeComplex = (z) => {
    const px = encodeReal(z.map(([re]) => re));
    const py = encodeReal(z.map(([, im], j) => (j % 2 === 0 ? im : -im)));
    const cx = plainToCoeffs(px).coeffs;
    const cy = plainToCoeffs(py).coeffs;
    return { realOnly: cx, pt: coeffsToPlain(px, addCoeffs(cx, timesXHalf(cy, +1))) };
  };
  // SEAL's decoding of a SEAL plaintext, imaginary parts through -X^(N/2) m.
  const decodeComplex = (pt) => {
    const re = Array.from(encoder.decode(pt));
    const { coeffs } = plainToCoeffs(pt);
    const rotated = coeffsToPlain(pt, timesXHalf(coeffs, -1));
    const imAlt = Array.from(encoder.decode(rotated));
    return re.map((r, j) => [r, j % 2 === 0 ? imAlt[j] : -imAlt[j]]);
  };

  // JS decoding: CRT, centre, canonical embedding at zeta^(3^j), zeta = exp(i pi / N).
  const cosT = Array.from({ length: twoN }, (_, t) => Math.cos((Math.PI * t) / n));
  const sinT = Array.from({ length: twoN }, (_, t) => Math.sin((Math.PI * t) / n));
  const jsDecode = (coeffs, sc) => {
    const k = coeffs.length;
    const qs = allPrimes.slice(0, k);
    const Q = qs.reduce((a, b) => a * b, 1n);
    const parts = qs.map((q) => {
      const Qi = Q / q;
      return (Qi * powmod(Qi % q, q - 2n, q)) % Q;
    });
    const m = new Array(n);
    for (let j = 0; j < n; j++) {
      let x = 0n;
      for (let i = 0; i < k; i++) x = (x + coeffs[i][j] * parts[i]) % Q;
      if (x > Q / 2n) x -= Q;
      m[j] = Number(x) / sc;
    }
    const out = [];
    let pos = 1;
    for (let s = 0; s < slots; s++) {
      let re = 0;
      let im = 0;
      for (let j = 0; j < n; j++) {
        const t = (pos * j) % twoN;
        re += m[j] * cosT[t];
        im += m[j] * sinT[t];
      }
      out.push([re, im]);
      pos = (pos * 3) % twoN;
    }
    return out;
  };
  const maxDiff = (a, b) => Math.max(...a.map(([r, i], j) => Math.max(Math.abs(r - b[j][0]), Math.abs(i - b[j][1]))));

  // A ciphertext in coefficient form: JS inverse NTT, checked against SEAL's transform_from_ntt.
  const ctRecord = (ct) => {
    const p = parseCiphertext(ct.saveArray(none));
    check(p.isNtt, 'CKKS ciphertexts are NTT form in SEAL');
    check(p.n === n, 'ciphertext N');
    const coeffPolys = p.polys.map((per) => per.map((res, i) => ntts[i].inverse(res)));
    const viaSeal = parseCiphertext(evaluator.cipherTransformFromNtt(ct).saveArray(none));
    check(!viaSeal.isNtt, 'SEAL transform_from_ntt');
    for (let a = 0; a < p.size; a++)
      for (let i = 0; i < p.k; i++)
        check(coeffPolys[a][i].every((x, j) => x === viaSeal.polys[a][i][j]), 'JS inverse NTT = SEAL transform_from_ntt');
    // JS decryption with the coefficient-form secret key: m = sum_a c_a s^a.
    const m = [];
    for (let i = 0; i < p.k; i++) {
      const q = allPrimes[i];
      let acc = coeffPolys[0][i].slice();
      let spow = skMod[i];
      for (let a = 1; a < p.size; a++) {
        const prod = mulPoly(coeffPolys[a][i], spow, ntts[i]);
        acc = acc.map((x, j) => (x + prod[j]) % q);
        if (a + 1 < p.size) spow = mulPoly(spow, skMod[i], ntts[i]);
      }
      m.push(acc);
    }
    const decrypted = decryptor.decrypt(ct);
    const sealM = plainToCoeffs(decrypted).coeffs;
    check(sealM.every((c, i) => c.every((x, j) => x === m[i][j])), 'JS decryption = SEAL decryption');
    const decoded = decodeComplex(decrypted);
    const jsDecoded = jsDecode(m, p.scale);
    const jsVsSeal = maxDiff(decoded, jsDecoded);
    check(jsVsSeal < 1e-6, `JS canonical embedding = SEAL decode (${jsVsSeal})`);
    return {
      record: {
        size: p.size,
        level: p.k,
        scale: p.scale,
        polys: coeffPolys.map((per) => per.map(b64)),
        seal_decoded: decoded.map(([r, i]) => [round12(r), round12(i)]),
      },
      decoded,
      jsVsSeal,
    };
  };

  const e1 = encodeComplex(z1);
  const e2 = encodeComplex(z2);
  const plainCoeffs = plainToCoeffs(e1.pt).coeffs;
  const ct1 = encryptor.encrypt(e1.pt);
  const ct2 = encryptor.encrypt(e2.pt);
  check(ct1.coeffModulusSize === dataPrimes.length, 'fresh ciphertext at the top data level');

  const mulC = ([a, b], [c, d]) => [a * c - b * d, a * d + b * c];
  const ops = [];
  const tolerance = 2e-4;
  const addOp = (op, extra, ct, expected) => {
    const r = ctRecord(ct);
    const err = maxDiff(r.decoded, expected);
    check(err < tolerance, `${op} ${JSON.stringify(extra)}: SEAL decoding vs plaintext arithmetic ${err}`);
    ops.push({ op, ...extra, ciphertext: r.record, max_error_vs_plain: Number(err.toPrecision(3)) });
    return r;
  };

  const r1 = addOp('encrypt', { input: 'z1' }, ct1, z1);
  const r2 = addOp('encrypt', { input: 'z2' }, ct2, z2);
  for (const k of rotSteps) {
    addOp(
      'rotate_vector',
      { input: 'z1', steps: k, galois_elt: galoisElt(k), expected: `z1[(j + ${k}) mod ${slots}]` },
      evaluator.rotateVector(ct1, k, gk),
      z1.map((_, j) => z1[(((j + k) % slots) + slots) % slots]),
    );
  }
  addOp(
    'complex_conjugate',
    { input: 'z1', galois_elt: twoN - 1, expected: 'conj(z1[j])' },
    evaluator.complexConjugate(ct1, gkAll),
    z1.map(([a, b]) => [a, -b]),
  );
  const prod = z1.map((a, j) => mulC(a, z2[j]));
  const ctMul = evaluator.multiply(ct1, ct2);
  addOp('multiply', { inputs: ['z1', 'z2'], expected: 'z1[j] * z2[j] (size 3, no relinearization)' }, ctMul, prod);
  const ctRelin = evaluator.relinearize(ctMul, rk);
  addOp('multiply_relinearize', { inputs: ['z1', 'z2'], expected: 'z1[j] * z2[j]' }, ctRelin, prod);
  const ctRescaled = evaluator.rescaleToNext(ctRelin);
  const rescaled = addOp(
    'multiply_relinearize_rescale',
    { inputs: ['z1', 'z2'], expected: 'z1[j] * z2[j] (scale / last data prime)' },
    ctRescaled,
    prod,
  );
  check(rescaled.record.level === dataPrimes.length - 1, 'rescale drops one prime');
  check(
    rescaled.record.scale === (scale * scale) / Number(dataPrimes[dataPrimes.length - 1]),
    'rescaled scale = scale^2 / q_last',
  );

  const pick = (z) => z.map(([a, b]) => [a, b]);
  const result = {
    name,
    n,
    bits,
    primes: allPrimes.map(String),
    special_prime_count: 1,
    ntt_roots: ntts.map((t) => String(t.psi)),
    scale,
    input_seed: seed,
    values: { z1: pick(z1), z2: pick(z2) },
    secret_key: skSigned,
    plain_real_z1: {
      about: "SEAL's CKKSEncoder.encode of the real parts of z1 alone, top level, coefficient form",
      level: dataPrimes.length,
      scale,
      coeffs: e1.realOnly.map(b64),
    },
    plain_z1: {
      about: 'encode(Re z1) + X^(N/2) * encode((-1)^j Im z1_j), exact in the ring: the plaintext encrypted as z1',
      level: dataPrimes.length,
      scale,
      coeffs: plainCoeffs.map(b64),
    },
    ops,
  };
  return { result, stats: { encErr: [ops[0].max_error_vs_plain, ops[1].max_error_vs_plain], js: r1.jsVsSeal + r2.jsVsSeal } };
}

const c = makeCase({ name: 'n1024_40_30_30_40', n: 1024, bits: [40, 30, 30, 40], logScale: 30, seed: 20240601 });

const out = {
  about:
    'CKKS oracle vectors from Microsoft SEAL via node-seal; coefficient form, base64 of little-endian uint64 per prime; see README.md',
  source: { package: 'node-seal 6.0.3', seal_version: sealVersion, generator: 'tools/vectors/gen_ckks_vectors.mjs' },
  conventions: {
    ntt_root: 'minimal primitive 2N-th root of unity mod q (ntt_roots per case)',
    ntt_output: 'index k holds a(psi^(2*bitrev(k, log2 N) + 1))',
    slots: 'slot j = m(zeta^(3^j mod 2N)) / scale, zeta = exp(i*pi/N), j < N/2',
    rotate_vector: 'steps k > 0 rotates left: out[j] = in[(j + k) mod N/2]; galois element 3^k mod 2N, 3^(N/2 - |k|) for k < 0',
    complex_conjugate: 'galois element 2N - 1',
    coeff_modulus_create: 'per bit size: primes = 1 mod 2N searched downward from 2^b; repeated sizes take the smallest first',
  },
  max_bit_count_tc128: maxBitCount,
  primes,
  cases: [c.result],
};
const json = JSON.stringify(out);
writeFileSync(outPath, json + '\n');
console.log(`wrote ${outPath}: ${json.length} bytes, SEAL ${sealVersion}, fresh encryption error ${c.stats.encErr}`);
