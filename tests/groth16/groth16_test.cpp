// Groth16 setup, prover and verifier on small circuits over a toy SRS with known secrets: valid
// proofs verify; wrong public inputs, tampered or swapped proof points, proofs of unsatisfying
// witnesses and keys of other circuits are rejected; the blinding is fresh per proof.
#include <gtest/gtest.h>


#include "testing/testing.hpp"
#include "toy_srs.hpp"
#include "zkc/groth16/prover.hpp"
#include "zkc/groth16/verifier.hpp"

namespace zkc::groth16 {
namespace {

using r1cs::ConstraintSystem;
using r1cs::LinearCombination;

LinearCombination lc(std::initializer_list<std::pair<r1cs::Wire, std::int64_t>> terms) {
  LinearCombination out;
  for (auto [w, c] : terms) out.terms.push_back({w, c >= 0 ? Fr::from_u64(c) : -Fr::from_u64(-c)});
  return out;
}

// out = x^3 + x + 5 with out public (wire 1), x private (wire 2), x^2 and x^3 on wires 3, 4.
ConstraintSystem cubic() {
  ConstraintSystem cs;
  cs.num_wires = 5;
  cs.num_public_outputs = 1;
  cs.num_private_inputs = 1;
  cs.constraints.push_back({lc({{2, 1}}), lc({{2, 1}}), lc({{3, 1}})});
  cs.constraints.push_back({lc({{3, 1}}), lc({{2, 1}}), lc({{4, 1}})});
  cs.constraints.push_back({lc({{4, 1}, {2, 1}, {0, 5}}), lc({{0, 1}}), lc({{1, 1}})});
  return cs;
}

std::vector<Fr> cubic_witness(std::uint64_t x) {
  const Fr fx = Fr::from_u64(x);
  return {Fr::one(), fx * fx * fx + fx + Fr::from_u64(5), fx, fx * fx, fx * fx * fx};
}

// A chain of multiplications with two public inputs and one public output, enough rows to fill a
// larger domain: w = [1, out, in1, in2, t1..tk], t1 = in1 * in2, t_{i+1} = t_i * in2 - 3 t_i + in1,
// out = t_k * t_k.
ConstraintSystem chain(std::uint32_t k) {
  ConstraintSystem cs;
  cs.num_wires = 4 + k;
  cs.num_public_outputs = 1;
  cs.num_public_inputs = 2;
  cs.constraints.push_back({lc({{2, 1}}), lc({{3, 1}}), lc({{4, 1}})});
  for (std::uint32_t i = 1; i < k; ++i)
    cs.constraints.push_back({lc({{3 + i, 1}}), lc({{3, 1}, {0, -3}}), lc({{4 + i, 1}, {2, -1}})});
  cs.constraints.push_back({lc({{3 + k, 1}}), lc({{3 + k, 1}}), lc({{1, 1}})});
  return cs;
}

std::vector<Fr> chain_witness(std::uint32_t k, std::uint64_t in1, std::uint64_t in2) {
  std::vector<Fr> w(4 + k);
  w[0] = Fr::one();
  w[2] = Fr::from_u64(in1);
  w[3] = Fr::from_u64(in2);
  w[4] = w[2] * w[3];
  for (std::uint32_t i = 1; i < k; ++i) w[4 + i] = w[3 + i] * (w[3] - Fr::from_u64(3)) + w[2];
  w[1] = w[3 + k] * w[3 + k];
  return w;
}

struct Keys {
  ProvingKey pk;
};

Keys make_keys(const ConstraintSystem& cs) {
  const SetupPoints srs = testing::make_toy_srs(setup_domain_log2(cs), Fr::from_u64(123456789), Fr::from_u64(1111),
                                                Fr::from_u64(2222));
  auto pk = setup(cs, srs.srs());
  EXPECT_TRUE(pk.ok()) << (pk.ok() ? "" : pk.error().message);
  return Keys{std::move(pk).value()};
}

TEST(Groth16, DomainFollowsSnarkjs) {
  ConstraintSystem cs = cubic();  // 3 rows + 1 public = 4 -> 2^3
  EXPECT_EQ(setup_domain_log2(cs), 3u);
  cs.constraints.pop_back();  // 2 + 1 = 3 -> 2^2
  EXPECT_EQ(setup_domain_log2(cs), 2u);
}

TEST(Groth16, CubicProofVerifies) {
  const ConstraintSystem cs = cubic();
  const Keys k = make_keys(cs);
  const auto w = cubic_witness(3);
  ASSERT_TRUE(r1cs::check(cs, w));
  const auto proof = prove(k.pk, w);
  ASSERT_TRUE(proof.ok()) << proof.error().message;
  const auto pub = public_signals(k.pk, w);
  ASSERT_EQ(pub.size(), 1u);
  EXPECT_EQ(pub[0], Fr::from_u64(35));
  const auto ok = verify(k.pk.verifying_key(), pub, proof.value());
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(ok.value());

  // A wrong public input, each point tampered, the points swapped: rejected.
  EXPECT_FALSE(verify(k.pk.verifying_key(), std::vector<Fr>{Fr::from_u64(36)}, proof.value()).value());
  Proof bad = proof.value();
  bad.a = (bad.a.to_jacobian() + G1Affine::generator().to_jacobian()).to_affine();
  EXPECT_FALSE(verify(k.pk.verifying_key(), pub, bad).value());
  bad = proof.value();
  bad.c = (bad.c.to_jacobian() + G1Affine::generator().to_jacobian()).to_affine();
  EXPECT_FALSE(verify(k.pk.verifying_key(), pub, bad).value());
  bad = proof.value();
  bad.b = (bad.b.to_jacobian() + G2Affine::generator().to_jacobian()).to_affine();
  EXPECT_FALSE(verify(k.pk.verifying_key(), pub, bad).value());
  bad = proof.value();
  std::swap(bad.a, bad.c);
  EXPECT_FALSE(verify(k.pk.verifying_key(), pub, bad).value());
  // A point off the curve is invalid, not an error.
  bad = proof.value();
  bad.a.y += ff::bn254::Fq::one();
  EXPECT_FALSE(verify(k.pk.verifying_key(), pub, bad).value());
  // The wrong number of public inputs is an error.
  EXPECT_FALSE(verify(k.pk.verifying_key(), std::vector<Fr>{}, proof.value()).ok());
}

TEST(Groth16, FreshBlindingEveryProof) {
  const Keys k = make_keys(cubic());
  const auto w = cubic_witness(7);
  const Proof p1 = prove(k.pk, w).value(), p2 = prove(k.pk, w).value();
  EXPECT_NE(p1.a, p2.a);
  EXPECT_NE(p1.b, p2.b);
  EXPECT_NE(p1.c, p2.c);
  // With fixed blinding the prover is deterministic.
  const Fr r = Fr::from_u64(5), s = Fr::from_u64(9);
  EXPECT_EQ(prove_with_blinding(k.pk, w, r, s).value(), prove_with_blinding(k.pk, w, r, s).value());
}

TEST(Groth16, KnownBlindingMatchesTheDefinition) {
  // With r = s = 0: pi_A = alpha + sum w_i A_i(tau), which the toy SRS lets us compute directly.
  const ConstraintSystem cs = cubic();
  const Keys k = make_keys(cs);
  const auto w = cubic_witness(4);
  const Proof p = prove_with_blinding(k.pk, w, Fr::zero(), Fr::zero()).value();
  const unsigned log2_n = setup_domain_log2(cs);
  const auto l = testing::lagrange_at(log2_n, Fr::from_u64(123456789));
  Fr a_tau = Fr::from_u64(1111);  // alpha
  for (std::size_t row = 0; row < cs.constraints.size(); ++row) a_tau += cs.constraints[row].a.evaluate(w) * l[row];
  for (std::uint32_t i = 0; i <= cs.num_public(); ++i) a_tau += w[i] * l[cs.constraints.size() + i];
  EXPECT_EQ(p.a, G1Affine::generator().mul(a_tau).to_affine());
}

TEST(Groth16, UnsatisfyingWitnessDoesNotVerify) {
  const ConstraintSystem cs = cubic();
  const Keys k = make_keys(cs);
  auto w = cubic_witness(3);
  w[3] += Fr::one();  // x^2 wrong
  ASSERT_FALSE(r1cs::check(cs, w));
  const auto proof = prove(k.pk, w);
  ASSERT_TRUE(proof.ok());
  EXPECT_FALSE(verify(k.pk.verifying_key(), public_signals(k.pk, w), proof.value()).value());
}

TEST(Groth16, ChainWithPublicInputsAndWrongKey) {
  const std::uint32_t len = 40;  // 41 rows + 3 public -> 2^6
  const ConstraintSystem cs = chain(len);
  const Keys k = make_keys(cs);
  EXPECT_EQ(k.pk.domain_size, 64u);
  const auto w = chain_witness(len, 17, 23);
  ASSERT_TRUE(r1cs::check(cs, w));
  const Proof proof = prove(k.pk, w).value();
  const auto pub = public_signals(k.pk, w);
  ASSERT_EQ(pub.size(), 3u);
  EXPECT_TRUE(verify(k.pk.verifying_key(), pub, proof).value());
  auto pub2 = pub;
  pub2[2] += Fr::one();
  EXPECT_FALSE(verify(k.pk.verifying_key(), pub2, proof).value());
  // The same statement under the key of a different circuit (one more row): rejected.
  const Keys other = make_keys(chain(len + 1));
  EXPECT_FALSE(verify(other.pk.verifying_key(), pub, proof).value());
}

TEST(Groth16, ProverRejectsBadWitnessShape) {
  const Keys k = make_keys(cubic());
  auto w = cubic_witness(3);
  w.pop_back();
  EXPECT_EQ(prove(k.pk, w).error().code, Errc::kBadLength);
  w = cubic_witness(3);
  w[0] = Fr::from_u64(2);
  EXPECT_FALSE(prove(k.pk, w).ok());
  ProvingKey broken = k.pk;
  broken.coefficients[0].wire = broken.num_wires;
  EXPECT_FALSE(prove(broken, cubic_witness(3)).ok());
}

}  // namespace
}  // namespace zkc::groth16

#include "zkc/r1cs/builder.hpp"
#include "zkc/r1cs/gadgets/compare.hpp"
#include "zkc/r1cs/gadgets/fixed_point.hpp"

namespace zkc::groth16 {
namespace {

// A circuit from the C++ builder, public wires declared after private ones (build() renumbers):
// the score y = relu(w x / 2^8 + c) with private x and public w, c, plus the statement "x >= 100".
r1cs::BuildOutput builder_circuit(std::int64_t x, std::int64_t w, std::int64_t c, bool setup_mode) {
  r1cs::Builder::Options options;
  options.witness = !setup_mode;
  r1cs::Builder b(options);
  const auto vx = b.private_input(r1cs::fr_from_i64(x), "x");
  const auto vw = b.public_input(r1cs::fr_from_i64(w), "w");
  const auto vc = b.public_input(r1cs::fr_from_i64(c), "c");
  const auto prod = r1cs::gadgets::fixed_mul(b, vx, vw, 8, 40, "wx");
  const auto y = r1cs::gadgets::relu(b, prod + r1cs::LinearCombination(vc), 40, "relu");
  b.make_public_output(y, "score");
  r1cs::gadgets::enforce_less_equal(b, r1cs::LinearCombination::constant(Fr::from_u64(100)), vx, 32, "x>=100");
  return b.build();
}

TEST(Groth16, BuilderCircuitEndToEnd) {
  const auto setup_out = builder_circuit(0, 0, 0, /*setup_mode=*/true);
  const Keys k = make_keys(setup_out.cs);
  const auto out = builder_circuit(1000, 300, -50, false);
  // The shape does not depend on the values.
  ASSERT_EQ(out.cs.num_wires, setup_out.cs.num_wires);
  ASSERT_TRUE(out.cs.constraints == setup_out.cs.constraints);
  ASSERT_TRUE(r1cs::check(out.cs, out.witness));
  const auto pub = public_signals(k.pk, out.witness);
  ASSERT_EQ(pub.size(), 3u);
  EXPECT_EQ(pub[0], Fr::from_u64(1000 * 300 / 256 - 50));  // the output comes first
  const Proof proof = prove(k.pk, out.witness).value();
  EXPECT_TRUE(verify(k.pk.verifying_key(), pub, proof).value());
  // x below the bound: no satisfying witness, and the proof of the unsatisfying one fails.
  const auto low = builder_circuit(99, 300, -50, false);
  EXPECT_FALSE(r1cs::check(low.cs, low.witness));
  EXPECT_FALSE(verify(k.pk.verifying_key(), public_signals(k.pk, low.witness), prove(k.pk, low.witness).value()).value());
}

}  // namespace
}  // namespace zkc::groth16
