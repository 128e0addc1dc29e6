import { ChaCha, buildBn128 } from "ffjavascript";
import { blake2b } from "@noble/hashes/blake2b";
import * as misc from "./node_modules/snarkjs/src/misc.js";
import * as keyPair from "./node_modules/snarkjs/src/keypair.js";
const hex = (b) => Buffer.from(b).toString("hex");
const curve = await buildBn128();
const out = {};
let r = new ChaCha([0,1,2,3,4,5,6,7]);
out.chacha_u32 = []; for (let i=0;i<20;i++) out.chacha_u32.push(r.nextU32());
r = new ChaCha([0,1,2,3,4,5,6,7]);
out.fr_from_rng = curve.Fr.toObject(curve.Fr.fromRng(r)).toString();
out.fq_after = curve.F1.toObject(curve.F1.fromRng(r)).toString();
r = new ChaCha([9,8,7,6,5,4,3,2]);
const g1 = curve.G1.toAffine(curve.G1.fromRng(r));
out.g1_from_rng = curve.G1.toObject(g1).map(String);
const h = blake2b(new TextEncoder().encode("abc"), {dkLen:64});
out.abc = hex(h);
const g2 = curve.G2.toAffine(keyPair.hashToG2(curve, h));
out.hash_to_g2_abc = curve.G2.toObject(g2).map(a=>a.map(String));
out.partials = [];
for (const len of [0,1,64,127,128,129,256,300,1000]) {
  const d = new Uint8Array(len); for (let i=0;i<len;i++) d[i]=(i*7+3)&255;
  const hs = blake2b.create({dkLen:64});
  // feed in two updates to exercise buffering
  hs.update(d.subarray(0, Math.floor(len/3))); hs.update(d.subarray(Math.floor(len/3)));
  const p = misc.toPartialHash(hs);
  const h2 = misc.fromPartialHash(p); h2.update(new Uint8Array([1,2,3]));
  out.partials.push({len, partial: hex(p), digest_after_123: hex(h2.digest())});
}
const br = await misc.rngFromBeaconParams(new Uint8Array([1,2,3,4]), 3);
out.beacon_u32 = []; for (let i=0;i<4;i++) out.beacon_u32.push(br.nextU32());
const u = new Uint8Array(64); curve.G1.toRprCompressed(u, 0, g1); out.g1_compressed = hex(u.subarray(0,32));
const u2 = new Uint8Array(128); curve.G2.toRprCompressed(u2, 0, g2); out.g2_compressed = hex(u2.subarray(0,64));
const nr = curve.G1.neg(g1); curve.G1.toRprCompressed(u, 0, nr); out.g1neg_compressed = hex(u.subarray(0,32));
const n2 = curve.G2.neg(g2); curve.G2.toRprCompressed(u2, 0, n2); out.g2neg_compressed = hex(u2.subarray(0,64));
console.log(JSON.stringify(out, null, 1));
process.exit(0);
