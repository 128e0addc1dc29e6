// The BN254 optimal ate pairing against outside oracles: every `fp12_pairing` vector of
// @noble/curves 1.9.7 (tests/data/bn254_noble_vectors.json, the textbook `result` field) and every
// ecPairing (EIP-197) vector of go-ethereum (tests/data/eth/bn256Pairing.json); then bilinearity,
// non-degeneracy, order r, inverses, infinity, multi-pairing, prepared G2 points, and the final
// exponentiation against a naive square-and-multiply by (p^12 - 1)/r.
#include "zkc/pairing/bn254.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "testing/testing.hpp"
#include "zkc/ec/bn254_encoding.hpp"

namespace zkc::pairing {
namespace {

using ec::bn254::G1Jacobian;
using ec::bn254::G2Jacobian;
using ff::U256;
using ff::bn254::Fq6;
using ff::bn254::Fr;
using nlohmann::json;

// --- readers for the vector files ---------------------------------------------------------------

json load(const std::string& rel) {
  std::ifstream in(testing::data_path(rel));
  return json::parse(in);
}
const json& noble() {
  static const json j = load("bn254_noble_vectors.json");
  return j;
}
Fq fq(const json& j) { return Fq::from_hex(j.get<std::string>()).value(); }
Fq2 fq2(const json& j) { return {fq(j[0]), fq(j[1])}; }  // [re, im]
G1Affine g1(const json& j) {
  if (j.contains("infinity")) return G1Affine::identity();
  return G1Affine::from_xy_unchecked(fq(j["x"]), fq(j["y"]));
}
G2Affine g2(const json& j) {
  if (j.contains("infinity")) return G2Affine::identity();
  return G2Affine::from_xy_unchecked(fq2(j["x"]), fq2(j["y"]));
}
// [[c0.c0, c0.c1, c0.c2], [c1.c0, c1.c1, c1.c2]]
Fq12 fq12(const json& j) {
  auto six = [](const json& k) { return Fq6{fq2(k[0]), fq2(k[1]), fq2(k[2])}; };
  return {six(j[0]), six(j[1])};
}
std::vector<std::uint8_t> unhex(const std::string& s) {
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i + 1 < s.size(); i += 2)
    out.push_back(static_cast<std::uint8_t>(std::stoi(s.substr(i, 2), nullptr, 16)));
  return out;
}

// --- helpers ------------------------------------------------------------------------------------

Fr rand_fr(std::mt19937_64& g) { return Fr::from_u256(testing::random_below(g, Fr::kModulus)).value(); }
G1Affine g1_mul(const Fr& k) { return G1Affine::generator().mul_vartime(k).to_affine(); }
G2Affine g2_mul(const Fr& k) { return G2Affine::generator().mul_vartime(k).to_affine(); }
Fq12 pow(const Fq12& f, const Fr& e) { return f.pow(e.to_u256()); }

// f^e by square-and-multiply over the bits of a GMP integer: the oracle for the exponentiations.
Fq12 pow_naive(const Fq12& f, const mpz_class& e) {
  Fq12 r = Fq12::one();
  for (long i = static_cast<long>(mpz_sizeinbase(e.get_mpz_t(), 2)) - 1; i >= 0; --i) {
    r = r * r;
    if (mpz_tstbit(e.get_mpz_t(), static_cast<mp_bitcnt_t>(i))) r = r * f;
  }
  return r;
}

const Fq12 kOne = Fq12::one();

// --- outside vectors ----------------------------------------------------------------------------

TEST(Pairing, NobleVectors) {
  const json& v = noble()["fp12_pairing"];
  ASSERT_EQ(v.size(), 9u);
  const mpz_class noble_mult(noble()["noble_final_exp_multiplier"].get<std::string>().substr(2), 16);
  int nontrivial = 0;
  for (const json& e : v) {
    const G1Affine p = g1(e["p"]);
    const G2Affine q = g2(e["q"]);
    ASSERT_TRUE(p.is_on_curve());
    ASSERT_TRUE(q.is_on_curve());
    const Fq12 want = fq12(e["result"]);
    EXPECT_EQ(pairing(p, q), want) << e["a"] << " " << e["b"];
    EXPECT_EQ(multi_pairing(std::span(&p, 1), std::span(&q, 1)), want);
    const G2Prepared qp(q);
    EXPECT_EQ(multi_pairing(std::span(&p, 1), std::span(&qp, 1)), want);
    // The file's own consistency: noble's output is the textbook value to its extra exponent.
    EXPECT_EQ(pow_naive(want, noble_mult), fq12(e["result_noble"]));
    nontrivial += !want.is_one();
  }
  EXPECT_EQ(nontrivial, 7);  // two vectors pair with the point at infinity
}

TEST(Pairing, GoEthereumPrecompileVectors) {
  const json v = load("eth/bn256Pairing.json");
  ASSERT_EQ(v.size(), 14u);
  int trues = 0, falses = 0;
  for (const json& e : v) {
    const auto in = unhex(e["Input"].get<std::string>());
    const auto out = unhex(e["Expected"].get<std::string>());
    ASSERT_EQ(in.size() % 192, 0u) << e["Name"];
    ASSERT_EQ(out.size(), 32u);
    std::vector<G1Affine> ps;
    std::vector<G2Affine> qs;
    for (std::size_t off = 0; off < in.size(); off += 192) {
      const auto p = ec::bn254::g1_from_evm(std::span(in).subspan(off, 64));
      const auto q = ec::bn254::g2_from_evm(std::span(in).subspan(off + 64, 128));
      ASSERT_TRUE(p.ok()) << e["Name"];
      ASSERT_TRUE(q.ok()) << e["Name"];
      ps.push_back(p.value());
      qs.push_back(q.value());
    }
    const bool want = out[31] == 1;
    EXPECT_EQ(pairing_check(ps, qs), want) << e["Name"];
    std::vector<G2Prepared> prepared(qs.begin(), qs.end());
    EXPECT_EQ(pairing_check(ps, std::span<const G2Prepared>(prepared)), want) << e["Name"];
    (want ? trues : falses)++;
  }
  EXPECT_GT(trues, 0);
  EXPECT_GT(falses, 0);
}

// --- algebraic properties -----------------------------------------------------------------------

TEST(Pairing, NonDegenerateOfOrderR) {
  const Fq12 e = pairing(G1Affine::generator(), G2Affine::generator());
  EXPECT_NE(e, kOne);
  EXPECT_EQ(e.pow(Fr::kModulus), kOne);
  EXPECT_EQ(e.frobenius_map(6) * e, kOne);  // cyclotomic: conj(e) = 1/e
}

TEST(Pairing, Bilinear) {
  auto g = testing::rng(201);
  const Fq12 e11 = pairing(G1Affine::generator(), G2Affine::generator());
  for (int i = 0; i < 4; ++i) {
    const Fr a = rand_fr(g), b = rand_fr(g);
    const G1Affine ap = g1_mul(a);
    const G2Affine bq = g2_mul(b);
    const Fq12 eab = pairing(ap, bq);
    EXPECT_EQ(eab, pow(e11, a * b));
    EXPECT_EQ(eab, pow(pairing(ap, G2Affine::generator()), b));  // linear in Q
    EXPECT_EQ(eab, pow(pairing(G1Affine::generator(), bq), a));  // linear in P
    EXPECT_EQ(eab, pairing(g1_mul(a * b), G2Affine::generator()));
    EXPECT_EQ(eab, pairing(G1Affine::generator(), g2_mul(a * b)));
    // e(P1 + P2, Q) = e(P1, Q) e(P2, Q)
    const G1Affine p1 = g1_mul(rand_fr(g)), p2 = g1_mul(rand_fr(g));
    const G1Affine p12 = (p1.to_jacobian() + p2.to_jacobian()).to_affine();
    EXPECT_EQ(pairing(p12, bq), pairing(p1, bq) * pairing(p2, bq));
  }
}

TEST(Pairing, NegationGivesInverse) {
  auto g = testing::rng(202);
  const G1Affine p = g1_mul(rand_fr(g));
  const G2Affine q = g2_mul(rand_fr(g));
  const Fq12 e = pairing(p, q);
  EXPECT_EQ(pairing(-p, q), e.inverse());
  EXPECT_EQ(pairing(-p, q), e.conjugate());
  EXPECT_EQ(pairing(p, -q), e.inverse());
  EXPECT_EQ(pairing(-p, -q), e);
}

TEST(Pairing, Check) {
  auto g = testing::rng(203);
  for (int i = 0; i < 3; ++i) {
    const Fr a = rand_fr(g), b = rand_fr(g);
    // e(aP, bQ) e(-abP, Q) = 1
    const std::vector<G1Affine> ps = {g1_mul(a), -g1_mul(a * b)};
    const std::vector<G2Affine> qs = {g2_mul(b), G2Affine::generator()};
    EXPECT_TRUE(pairing_check(ps, qs));
    // ... and fails when a scalar is off by one or a point is swapped
    const std::vector<G1Affine> bad_p = {g1_mul(a + Fr::one()), ps[1]};
    EXPECT_FALSE(pairing_check(bad_p, qs));
    const std::vector<G2Affine> bad_q = {G2Affine::generator(), g2_mul(b)};
    EXPECT_FALSE(pairing_check(ps, bad_q));
    EXPECT_FALSE(pairing_check(std::span(ps).first(1), std::span(qs).first(1)));
  }
  EXPECT_TRUE(pairing_check({}, std::span<const G2Affine>{}));  // EIP-197: empty input gives 1
}

TEST(Pairing, Infinity) {
  auto g = testing::rng(204);
  const G1Affine p = g1_mul(rand_fr(g));
  const G2Affine q = g2_mul(rand_fr(g));
  const G1Affine o1 = G1Affine::identity();
  const G2Affine o2 = G2Affine::identity();
  EXPECT_EQ(pairing(o1, q), kOne);
  EXPECT_EQ(pairing(p, o2), kOne);
  EXPECT_EQ(pairing(o1, o2), kOne);
  EXPECT_EQ(miller_loop(std::span(&o1, 1), std::span(&q, 1)), kOne);
  EXPECT_TRUE(G2Prepared(o2).is_infinity());
  EXPECT_TRUE(G2Prepared().is_infinity());
  // Infinity pairs in any position leave a product unchanged.
  const std::vector<G1Affine> ps = {o1, p, p, o1};
  const std::vector<G2Affine> qs = {q, q, o2, o2};
  EXPECT_EQ(multi_pairing(ps, qs), pairing(p, q));
  // e(P, Q) e(-P, Q) e(O, Q) = 1 with the point at infinity in the middle
  const std::vector<G1Affine> ps2 = {p, o1, -p};
  const std::vector<G2Affine> qs2 = {q, q, q};
  EXPECT_TRUE(pairing_check(ps2, qs2));
  // A point at infinity in a Miller loop is not a zero value: e(O, Q) is 1, not 0.
  EXPECT_FALSE(pairing_check(std::vector<G1Affine>{o1, p}, std::vector<G2Affine>{q, q}));
}

TEST(Pairing, MultiPairingIsProductOfPairings) {
  auto g = testing::rng(205);
  for (std::size_t n : {1u, 2u, 4u, 7u}) {
    std::vector<G1Affine> ps;
    std::vector<G2Affine> qs;
    Fq12 prod = kOne;
    for (std::size_t i = 0; i < n; ++i) {
      ps.push_back(g1_mul(rand_fr(g)));
      qs.push_back(g2_mul(rand_fr(g)));
      prod = prod * pairing(ps.back(), qs.back());
    }
    EXPECT_EQ(multi_pairing(ps, qs), prod) << n;
    EXPECT_EQ(final_exponentiation(miller_loop(ps, qs)), prod) << n;
    // The prepared path, one G2Prepared reused with several G1 points.
    std::vector<G2Prepared> prepared(qs.begin(), qs.end());
    EXPECT_EQ(miller_loop(ps, std::span<const G2Prepared>(prepared)), miller_loop(ps, qs));
    const std::vector<G1Affine> others = {g1_mul(rand_fr(g)), ps[0]};
    const std::vector<G2Prepared> same = {prepared[0], prepared[0]};
    EXPECT_EQ(multi_pairing(others, std::span<const G2Prepared>(same)),
              pairing(others[0], qs[0]) * pairing(others[1], qs[0]));
  }
}

TEST(Pairing, FinalExponentiationMatchesNaivePower) {
  // (p^12 - 1)/r computed in GMP; the Miller loop output and a random element of Fq12.
  const mpz_class p = testing::to_mpz(Fq::kModulus), r = testing::to_mpz(Fr::kModulus);
  mpz_class p12;
  mpz_pow_ui(p12.get_mpz_t(), p.get_mpz_t(), 12);
  const mpz_class e = (p12 - 1) / r;
  ASSERT_EQ(e * r, p12 - 1);
  auto g = testing::rng(206);
  const G1Affine pt = g1_mul(rand_fr(g));
  const G2Affine qt = g2_mul(rand_fr(g));
  const Fq12 f = miller_loop(std::span(&pt, 1), std::span(&qt, 1));
  EXPECT_EQ(final_exponentiation(f), pow_naive(f, e));
  Fq12 rnd;
  for (auto* c : {&rnd.c0.c0, &rnd.c0.c1, &rnd.c0.c2, &rnd.c1.c0, &rnd.c1.c1, &rnd.c1.c2})
    *c = {Fq::from_u256(testing::random_below(g, Fq::kModulus)).value(),
          Fq::from_u256(testing::random_below(g, Fq::kModulus)).value()};
  const Fq12 fe = final_exponentiation(rnd);
  EXPECT_EQ(fe, pow_naive(rnd, e));
  EXPECT_EQ(fe.pow(Fr::kModulus), kOne);
  EXPECT_EQ(final_exponentiation(kOne), kOne);
  EXPECT_TRUE(final_exponentiation(Fq12::zero()).is_zero());
}

}  // namespace
}  // namespace zkc::pairing
