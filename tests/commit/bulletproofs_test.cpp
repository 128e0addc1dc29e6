// Bulletproofs range proofs: completeness (random values and the edges 0, 2^n - 1, every n, m in
// {1, 2, 4, 16}); soundness probes (2^n and l - 1 run through the honest prover via the test-only
// unchecked entry point never verify); every byte of a proof flipped; changed commitments, n, m and
// transcript; fresh randomness; batch verification; the wire format; generators against libsodium.
// Oracle for the verifier: a naive verifier written from the paper (eq. 72 and protocol 2 with the
// generators folded explicitly, no multi-scalar multiplication), which must agree with the
// single-MSM verifier on good and tampered proofs.
#include "zkc/commit/bulletproofs.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "testing/testing.hpp"
#include "zkc/commit/generators.hpp"
#include "zkc/commit/internal/range_proof_testing.hpp"

namespace zkc::commit {
namespace {

using hash::Transcript;
using Bytes = std::vector<std::uint8_t>;

std::vector<Scalar> random_blindings(std::size_t m) {
  std::vector<Scalar> b(m);
  for (auto& x : b) x = Scalar::random();
  return b;
}

std::uint64_t max_value(unsigned n) { return n == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1; }

struct Proved {
  RangeProof proof;
  std::vector<Commitment> commitments;
};

Proved prove_ok(const std::vector<std::uint64_t>& values, unsigned n, std::string_view label = "test") {
  Transcript t(label);
  auto r = prove_range(t, values, random_blindings(values.size()), n);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return {r.value().proof, r.value().commitments};
}

Status verify(const Proved& p, unsigned n, std::string_view label = "test") {
  Transcript t(label);
  return verify_range(t, p.proof, p.commitments, n);
}

// ---- the naive verifier ------------------------------------------------------------------------
Scalar chal(Transcript& t, const char* label) {
  const auto b = t.challenge_bytes(label);
  return ff::curve25519::scalar_reduce_wide_le(b);
}

bool naive_verify(std::string_view label, const RangeProof& pf, const std::vector<Commitment>& V,
                  unsigned n) {
  const std::size_t m = V.size(), N = n * m;
  const auto bases = BulletproofGens::bases(N);
  const RistrettoPoint B = pedersen_g(), Bb = pedersen_h();
  Transcript t(label);
  const std::string dom = "zkcredit/bulletproofs/range/v1";
  t.append("dom-sep", Bytes(dom.begin(), dom.end()));
  t.append_u64("n", n);
  t.append_u64("m", m);
  for (const auto& v : V) t.append("V", v.encode());
  t.append("A", pf.A.point.encode());
  t.append("S", pf.S.point.encode());
  const Scalar y = chal(t, "y"), z = chal(t, "z");
  t.append("T1", pf.T1.point.encode());
  t.append("T2", pf.T2.point.encode());
  const Scalar x = chal(t, "x");
  t.append("t_x", ff::curve25519::scalar_to_bytes_le(pf.t_x));
  t.append("t_x_blinding", ff::curve25519::scalar_to_bytes_le(pf.t_x_blinding));
  t.append("e_blinding", ff::curve25519::scalar_to_bytes_le(pf.e_blinding));
  const Scalar w = chal(t, "w");
  // powers
  std::vector<Scalar> yp(N), zp(m + 3);
  yp[0] = Scalar::one();
  for (std::size_t i = 1; i < N; ++i) yp[i] = yp[i - 1] * y;
  zp[0] = Scalar::one();
  for (std::size_t j = 1; j < zp.size(); ++j) zp[j] = zp[j - 1] * z;
  // eq. 72: t_x B + tau_x Bb == sum_j z^{2+j} V_j + delta B + x T1 + x^2 T2
  Scalar sum_y, two_n;
  for (std::size_t i = 0; i < N; ++i) sum_y = sum_y + yp[i];
  for (unsigned i = 0; i < n; ++i) two_n = two_n + Scalar::from_u64(1) * Scalar::from_u64(2).pow(i);
  Scalar delta = (z - z * z) * sum_y;
  for (std::size_t j = 0; j < m; ++j) delta = delta - zp[3 + j] * two_n;
  RistrettoPoint rhs = B.mul_vartime(delta) + pf.T1.point.mul_vartime(x) + pf.T2.point.mul_vartime(x * x);
  for (std::size_t j = 0; j < m; ++j) rhs = rhs + V[j].point().mul_vartime(zp[2 + j]);
  if (!(B.mul_vartime(pf.t_x) + Bb.mul_vartime(pf.t_x_blinding) == rhs)) return false;
  // P = A + xS - z<1,G> + <z y^N + z^{2+j} 2^n, H'>, H'_i = y^{-i} H_i
  std::vector<RistrettoPoint> G(N), H(N);
  const Scalar y_inv = y.inverse();
  Scalar yi = Scalar::one();
  RistrettoPoint P = pf.A.point + pf.S.point.mul_vartime(x);
  for (std::size_t i = 0; i < N; ++i) {
    G[i] = bases[BulletproofGens::g_index(i)];
    H[i] = bases[BulletproofGens::h_index(i)].mul_vartime(yi);
    yi = yi * y_inv;
    const Scalar hcoef = z * yp[i] + zp[2 + i / n] * Scalar::from_u64(2).pow(i % n);
    P = P - G[i].mul_vartime(z) + H[i].mul_vartime(hcoef);
  }
  const RistrettoPoint Q = B.mul_vartime(w);
  P = P - Bb.mul_vartime(pf.e_blinding) + Q.mul_vartime(pf.t_x);
  // protocol 2 with explicit folding
  std::size_t cur = N;
  for (std::size_t j = 0; j < pf.L.size(); ++j) {
    t.append("L", pf.L[j].point.encode());
    t.append("R", pf.R[j].point.encode());
    const Scalar u = chal(t, "u"), ui = u.inverse();
    P = P + pf.L[j].point.mul_vartime(u * u) + pf.R[j].point.mul_vartime(ui * ui);
    const std::size_t h = cur / 2;
    for (std::size_t i = 0; i < h; ++i) {
      G[i] = G[i].mul_vartime(ui) + G[i + h].mul_vartime(u);
      H[i] = H[i].mul_vartime(u) + H[i + h].mul_vartime(ui);
    }
    cur = h;
  }
  if (cur != 1) return false;
  return P == G[0].mul_vartime(pf.a) + H[0].mul_vartime(pf.b) + Q.mul_vartime(pf.a * pf.b);
}

// ---- tests -------------------------------------------------------------------------------------

TEST(Bulletproofs, GeneratorsAgainstLibsodium) {
  const auto bases = BulletproofGens::bases(64);
  ASSERT_EQ(bases.size(), 130u);
  EXPECT_TRUE(bases[0] == pedersen_g());
  EXPECT_TRUE(bases[1] == pedersen_h());
  for (std::size_t i : {0u, 1u, 2u, 31u, 63u}) {
    for (int which = 0; which < 2; ++which) {
      // SHA-512(le64(|domain|) || domain || le64(i)), as RistrettoPoint::hash_to_group.
      const std::string domain = which == 0 ? "zkcredit/bulletproofs/v1/G" : "zkcredit/bulletproofs/v1/H";
      std::string in;
      for (int b = 0; b < 8; ++b)
        in.push_back(static_cast<char>((std::uint64_t{domain.size()} >> (8 * b)) & 0xff));
      in += domain;
      for (int b = 0; b < 8; ++b)
        in.push_back(static_cast<char>((static_cast<std::uint64_t>(i) >> (8 * b)) & 0xff));
      std::array<std::uint8_t, 64> h;
      crypto_hash_sha512(h.data(), reinterpret_cast<const std::uint8_t*>(in.data()), in.size());
      std::array<std::uint8_t, 32> p;
      crypto_core_ristretto255_from_hash(p.data(), h.data());
      const auto& ours = bases[which == 0 ? BulletproofGens::g_index(i) : BulletproofGens::h_index(i)];
      EXPECT_EQ(ours.encode(), p) << "index " << i << " " << which;
    }
  }
  // The tables hold the same bases.
  const FixedBases& tab = BulletproofGens::tables(16);
  ASSERT_GE(tab.size(), BulletproofGens::num_bases(16));
  for (std::size_t i = 0; i < BulletproofGens::num_bases(16); ++i) EXPECT_TRUE(tab.base(i) == bases[i]);
}

TEST(Bulletproofs, SizesMatchFormula) {
  for (unsigned n : {8u, 16u, 32u, 64u})
    for (std::size_t m = 1; m <= 64; m *= 2) {
      unsigned lg = 0;
      while ((std::size_t{1} << lg) != n * m) ++lg;
      EXPECT_EQ(RangeProof::serialized_size(n, m), 32u * (9 + 2 * lg)) << n << " " << m;
    }
  EXPECT_EQ(RangeProof::serialized_size(64, 1), 672u);
  for (auto [n, m] :
       std::vector<std::pair<unsigned, std::size_t>>{{7, 1}, {0, 1}, {128, 1}, {64, 0}, {64, 3}, {8, 128}})
    EXPECT_FALSE(RangeProof::valid_parameters(n, m)) << n << " " << m;
}

TEST(Bulletproofs, Completeness) {
  auto g = testing::rng(711);
  for (unsigned n : {8u, 16u, 32u, 64u})
    for (std::size_t m : {1u, 2u, 4u, 16u}) {
      std::vector<std::uint64_t> values(m);
      for (auto& v : values) v = g() & max_value(n);
      values[0] = m == 1 && (g() & 1) ? max_value(n) : 0;
      if (m > 1) values[m - 1] = max_value(n);
      const Proved p = prove_ok(values, n);
      ASSERT_EQ(p.commitments.size(), m);
      EXPECT_EQ(p.proof.to_bytes().size(), RangeProof::serialized_size(n, m));
      const Status s = verify(p, n);
      EXPECT_TRUE(s.ok()) << "n " << n << " m " << m << ": " << (s.ok() ? "" : s.error().message);
    }
  // Both edges alone, for every n.
  for (unsigned n : {8u, 16u, 32u, 64u})
    for (std::uint64_t v : {std::uint64_t{0}, max_value(n)})
      EXPECT_TRUE(verify(prove_ok({v}, n), n).ok()) << n;
}

TEST(Bulletproofs, NaiveVerifierAgrees) {
  auto g = testing::rng(712);
  const unsigned n = 8;
  const Proved p = prove_ok({g() & 0xff, 0xff}, n, "naive");
  EXPECT_TRUE(naive_verify("naive", p.proof, p.commitments, n));
  EXPECT_TRUE(verify(p, n, "naive").ok());
  // A tampered proof: both reject.
  Proved bad = p;
  bad.proof.a = bad.proof.a + Scalar::one();
  EXPECT_FALSE(naive_verify("naive", bad.proof, bad.commitments, n));
  EXPECT_FALSE(verify(bad, n, "naive").ok());
  // A cheating value (2^8 through the unchecked prover): the naive verifier rejects too.
  Transcript t("naive");
  const std::vector<Scalar> vals = {Scalar::from_u64(256), Scalar::from_u64(3)};
  auto r = internal::prove_range_unchecked(t, vals, random_blindings(2), n);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(naive_verify("naive", r.value().proof, r.value().commitments, n));
}

TEST(Bulletproofs, OutOfRangeCannotProve) {
  for (unsigned n : {8u, 16u, 32u}) {
    Transcript t("test");
    const std::vector<std::uint64_t> values = {std::uint64_t{1} << n};
    auto r = prove_range(t, values, random_blindings(1), n);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("not below 2^" + std::to_string(n)), std::string::npos)
        << r.error().message;
    // In an aggregate, the second value.
    Transcript t2("test");
    const std::vector<std::uint64_t> v2 = {0, ~std::uint64_t{0}};
    EXPECT_FALSE(prove_range(t2, v2, random_blindings(2), n).ok());
  }
  // The honest prover run on out-of-range field elements: 2^n, 2^n + 5, l - 1 ("-1"), l - 2^n alone,
  // and l - 1 as the second value of an aggregate: every proof is produced but none verifies.
  for (unsigned n : {8u, 64u}) {
    const Scalar two_n = Scalar::from_u64(2).pow(n);
    std::vector<std::vector<Scalar>> cases;
    for (const Scalar& bad : {two_n, two_n + Scalar::from_u64(5), -Scalar::one(), -two_n})
      cases.push_back({bad});
    cases.push_back({Scalar::from_u64(1), -Scalar::one()});
    for (const auto& vals : cases) {
      Transcript pt("test");
      auto r = internal::prove_range_unchecked(pt, vals, random_blindings(vals.size()), n);
      ASSERT_TRUE(r.ok());
      Transcript vt("test");
      EXPECT_FALSE(verify_range(vt, r.value().proof, r.value().commitments, n).ok()) << "n " << n;
    }
    // Control: the unchecked prover on an in-range scalar verifies (so the failures above are real).
    Transcript pt("test");
    const std::vector<Scalar> good = {Scalar::from_u64(max_value(n))};
    auto r = internal::prove_range_unchecked(pt, good, random_blindings(1), n);
    ASSERT_TRUE(r.ok());
    Transcript vt("test");
    EXPECT_TRUE(verify_range(vt, r.value().proof, r.value().commitments, n).ok());
  }
}

TEST(Bulletproofs, EveryByteFlipFails) {
  auto g = testing::rng(713);
  const Proved p = prove_ok({g()}, 64);
  const Bytes bytes = p.proof.to_bytes();
  ASSERT_EQ(bytes.size(), 672u);
  int decode_fail = 0, verify_fail = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    Bytes bad = bytes;
    bad[i] ^= static_cast<std::uint8_t>(1 + g() % 255);
    auto d = RangeProof::from_bytes(bad, 64, 1);
    if (!d.ok()) {
      ++decode_fail;
      continue;
    }
    Transcript t("test");
    const bool ok = verify_range(t, d.value(), p.commitments, 64).ok();
    EXPECT_FALSE(ok) << "byte " << i;
    verify_fail += !ok;
  }
  EXPECT_EQ(decode_fail + verify_fail, 672);
  std::printf("[zkc] byte flips: %d rejected by decoding, %d by verification\n", decode_fail, verify_fail);
}

TEST(Bulletproofs, StatementBinding) {
  auto g = testing::rng(714);
  // Two values at n = 32: N = 64, the same shape as (n = 64, m = 1) and (n = 16, m = 4).
  const Proved p = prove_ok({g() & 0xffffffff, g() & 0xffffffff}, 32);
  ASSERT_TRUE(verify(p, 32).ok());
  // Another commitment (another value, or the same value with another blinding), or swapped order.
  for (int which = 0; which < 3; ++which) {
    Proved bad = p;
    if (which == 0) bad.commitments[0] = commit(std::uint64_t{5}, Scalar::random());
    if (which == 1) bad.commitments[1] = Commitment(bad.commitments[1].point() + pedersen_h());
    if (which == 2) std::swap(bad.commitments[0], bad.commitments[1]);
    EXPECT_FALSE(verify(bad, 32).ok()) << which;
  }
  // Another n with the same number of rounds: n = 64 with one commitment, n = 16 with four.
  {
    Transcript t("test");
    const std::vector<Commitment> one = {p.commitments[0]};
    EXPECT_FALSE(verify_range(t, p.proof, one, 64).ok());
    Transcript t2("test");
    const std::vector<Commitment> four = {p.commitments[0], p.commitments[1], p.commitments[0],
                                          p.commitments[1]};
    EXPECT_FALSE(verify_range(t2, p.proof, four, 16).ok());
  }
  // Another n or m of another shape: a clean error about sizes.
  {
    Transcript t("test");
    const Status s = verify_range(t, p.proof, p.commitments, 16);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find("expected"), std::string::npos) << s.error().message;
    Transcript t2("test");
    const std::vector<Commitment> three = {p.commitments[0], p.commitments[1], p.commitments[0]};
    EXPECT_FALSE(verify_range(t2, p.proof, three, 32).ok());
  }
  // The transcript: another protocol label, or application data bound before the proof.
  EXPECT_FALSE(verify(p, 32, "other").ok());
  {
    Transcript t("test");
    t.append("statement", Bytes{1});
    EXPECT_FALSE(verify_range(t, p.proof, p.commitments, 32).ok());
  }
  // The cleaned proof still verifies afterwards (the checks above did not break it).
  EXPECT_TRUE(verify(p, 32).ok());
}

TEST(Bulletproofs, FreshRandomness) {
  const Scalar gamma = Scalar::random();
  const std::vector<std::uint64_t> v = {1234};
  const std::vector<Scalar> b = {gamma};
  Transcript t1("test"), t2("test");
  auto p1 = prove_range(t1, v, b, 64), p2 = prove_range(t2, v, b, 64);
  ASSERT_TRUE(p1.ok() && p2.ok());
  EXPECT_EQ(p1.value().commitments[0], p2.value().commitments[0]);  // same opening
  const Bytes b1 = p1.value().proof.to_bytes(), b2 = p2.value().proof.to_bytes();
  EXPECT_NE(b1, b2);
  // Every point and scalar field differs (each carries fresh randomness).
  for (std::size_t off = 0; off < b1.size(); off += 32)
    EXPECT_FALSE(std::equal(b1.begin() + off, b1.begin() + off + 32, b2.begin() + off)) << off;
}

TEST(Bulletproofs, BatchVerification) {
  auto g = testing::rng(715);
  struct Item {
    Proved p;
    unsigned n;
  };
  std::vector<Item> items;
  const std::vector<std::pair<unsigned, std::size_t>> shapes = {{64, 1}, {64, 1}, {32, 2}, {8, 1},
                                                                {16, 4}, {64, 2}, {8, 8},  {64, 1}};
  for (auto [n, m] : shapes) {
    std::vector<std::uint64_t> vals(m);
    for (auto& v : vals) v = g() & max_value(n);
    items.push_back({prove_ok(vals, n), n});
  }
  auto run = [&](const std::vector<Item>& its) {
    std::vector<Transcript> ts(its.size(), Transcript("test"));
    std::vector<RangeStatement> st;
    for (std::size_t i = 0; i < its.size(); ++i)
      st.push_back({&ts[i], &its[i].p.proof, its[i].p.commitments, its[i].n});
    return verify_range_batch(st);
  };
  EXPECT_TRUE(run(items).ok());
  // One bad proof anywhere in the batch: rejected.
  for (std::size_t bad_index : {0u, 3u, 7u}) {
    std::vector<Item> bad = items;
    bad[bad_index].p.proof.t_x = bad[bad_index].p.proof.t_x + Scalar::one();
    EXPECT_FALSE(run(bad).ok()) << bad_index;
  }
  {
    std::vector<Item> bad = items;
    bad[5].p.commitments[1] = commit(std::uint64_t{0}, Scalar::random());
    EXPECT_FALSE(run(bad).ok());
  }
  {
    // The same proof twice with a + d and a - d: the equation is linear in a and a is not in the
    // transcript, so unit weights would let the two errors cancel; random weights must not.
    std::vector<Item> bad = {items[0], items[0], items[3]};
    bad[0].p.proof.a = bad[0].p.proof.a + Scalar::from_u64(12345);
    bad[1].p.proof.a = bad[1].p.proof.a - Scalar::from_u64(12345);
    EXPECT_FALSE(run(bad).ok());
    EXPECT_TRUE(run({items[0], items[0], items[3]}).ok());
  }
  {
    // Two proofs with opposite errors must not cancel (random weights).
    std::vector<Item> bad = items;
    bad[0].p.proof.e_blinding = bad[0].p.proof.e_blinding + Scalar::one();
    bad[1].p.proof.e_blinding = bad[1].p.proof.e_blinding - Scalar::one();
    EXPECT_FALSE(run(bad).ok());
  }
  {
    std::vector<Item> bad = items;
    bad[2].n = 64;  // shape error: named, with the proof index
    const Status s = run(bad);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find("proof 2"), std::string::npos) << s.error().message;
  }
  EXPECT_FALSE(verify_range_batch({}).ok());
}

TEST(Bulletproofs, Serialization) {
  auto g = testing::rng(716);
  const Proved p = prove_ok({g() & 0xffff, g() & 0xffff, 0, 0xffff}, 16);
  const Bytes bytes = p.proof.to_bytes();
  ASSERT_EQ(bytes.size(), RangeProof::serialized_size(16, 4));
  auto d = RangeProof::from_bytes(bytes, 16, 4);
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d.value().to_bytes(), bytes);
  EXPECT_TRUE(d.value().A.point == p.proof.A.point);
  Transcript t("test");
  EXPECT_TRUE(verify_range(t, d.value(), p.commitments, 16).ok());
  // Layout: A first, then S, T1, T2; t_x at 128; a, b last.
  EXPECT_TRUE(std::equal(bytes.begin(), bytes.begin() + 32, p.proof.A.point.encode().begin()));
  EXPECT_TRUE(std::equal(bytes.begin() + 96, bytes.begin() + 128, p.proof.T2.point.encode().begin()));
  const auto tx = ff::curve25519::scalar_to_bytes_le(p.proof.t_x);
  EXPECT_TRUE(std::equal(bytes.begin() + 128, bytes.begin() + 160, tx.begin()));
  const auto bb = ff::curve25519::scalar_to_bytes_le(p.proof.b);
  EXPECT_TRUE(std::equal(bytes.end() - 32, bytes.end(), bb.begin()));
  // Wrong lengths and parameters.
  EXPECT_EQ(RangeProof::from_bytes(Bytes(bytes.begin(), bytes.end() - 1), 16, 4).error().code,
            Errc::kBadLength);
  Bytes longer = bytes;
  longer.push_back(0);
  EXPECT_FALSE(RangeProof::from_bytes(longer, 16, 4).ok());
  EXPECT_FALSE(RangeProof::from_bytes(bytes, 16, 2).ok());
  EXPECT_FALSE(RangeProof::from_bytes(bytes, 16, 3).ok());
  EXPECT_FALSE(RangeProof::from_bytes(bytes, 12, 4).ok());
  EXPECT_FALSE(RangeProof::from_bytes({}, 16, 4).ok());
  // A non-canonical scalar (t_x = l) and a bad point (L_1 = an odd s): named with their offsets.
  {
    Bytes bad = bytes;
    const auto l_bytes = ff::curve25519::u256_to_bytes_le(Scalar::kModulus);
    std::copy(l_bytes.begin(), l_bytes.end(), bad.begin() + 128);
    auto r = RangeProof::from_bytes(bad, 16, 4);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("t_x at byte 128"), std::string::npos) << r.error().message;
    EXPECT_EQ(r.error().code, Errc::kNotCanonical);
  }
  {
    Bytes bad = bytes;
    const std::size_t off = 7 * 32 + 2 * 32;  // L_1
    std::fill(bad.begin() + off, bad.begin() + off + 32, 0);
    bad[off] = 1;
    auto r = RangeProof::from_bytes(bad, 16, 4);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("L_1 at byte 288"), std::string::npos) << r.error().message;
  }
  {
    Bytes bad = bytes;  // b = 2^256 - 1
    std::fill(bad.end() - 32, bad.end(), 0xff);
    auto r = RangeProof::from_bytes(bad, 16, 4);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("b at byte"), std::string::npos) << r.error().message;
  }
}

TEST(Bulletproofs, BadArguments) {
  Transcript t("test");
  const std::vector<std::uint64_t> three = {1, 2, 3};
  EXPECT_FALSE(prove_range(t, three, random_blindings(3), 64).ok());
  const std::vector<std::uint64_t> one = {1};
  EXPECT_FALSE(prove_range(t, one, random_blindings(2), 64).ok());
  EXPECT_FALSE(prove_range(t, one, random_blindings(1), 12).ok());
  EXPECT_FALSE(prove_range(t, {}, {}, 64).ok());
}

}  // namespace
}  // namespace zkc::commit
