// The Poseidon commitments: the chain re-derived here from commitment.hpp's description alone (on
// hash::poseidon, itself checked against circomlibjs in tests/hash); the in-circuit chain equals the
// native one for every length around the chunk boundaries (0 to 47 values, so up to 4 chunks); the
// model's parameter list in its documented order; every single-parameter change, a salt change and a
// feature change give another commitment; the constant-time signed conversion against fr_from_i64.
#include "zkc/zkml/commitment.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "testing/testing.hpp"
#include "zkc/ml/model.hpp"
#include "zkc/r1cs/gadgets/poseidon.hpp"
#include "zkml_testing.hpp"

namespace zkc::zkml {
namespace {

using testing_helpers::fr;

std::vector<Fr> random_values(std::mt19937_64& g, std::size_t n) {
  std::vector<Fr> v;
  for (std::size_t i = 0; i < n; ++i)
    v.push_back(Fr::from_u256(zkc::testing::random_below(g, Fr::kModulus)).value());
  return v;
}

// The chain as the header describes it: h = domain + n * 2^64, then h = Poseidon(h, chunk) per chunk
// of at most 15 values.
Fr reference_chain(std::uint64_t domain, const std::vector<Fr>& values) {
  Fr h = Fr::from_u64(domain) +
         Fr::from_u64(values.size()) * Fr::from_u64(1ull << 32) * Fr::from_u64(1ull << 32);
  for (std::size_t start = 0; start < values.size(); start += 15) {
    std::vector<Fr> in = {h};
    for (std::size_t i = start; i < values.size() && i < start + 15; ++i) in.push_back(values[i]);
    h = hash::poseidon(in);
  }
  return h;
}

TEST(PoseidonChain, NativeMatchesReference) {
  auto g = zkc::testing::rng(601);
  for (std::size_t n = 0; n <= 47; ++n) {
    const auto v = random_values(g, n);
    EXPECT_EQ(poseidon_chain(kModelDomain, v), reference_chain(kModelDomain, v)) << n;
    EXPECT_EQ(poseidon_chain(kFeatureDomain, v), reference_chain(kFeatureDomain, v)) << n;
  }
  // The length is bound: a trailing zero changes the result; so does the domain.
  const auto v = random_values(g, 15);
  auto w = v;
  w.push_back(Fr::zero());
  EXPECT_NE(poseidon_chain(kModelDomain, v), poseidon_chain(kModelDomain, w));
  EXPECT_NE(poseidon_chain(kModelDomain, v), poseidon_chain(kFeatureDomain, v));
}

TEST(PoseidonChain, CircuitMatchesNative) {
  auto g = zkc::testing::rng(602);
  for (std::size_t n : {0, 1, 2, 14, 15, 16, 29, 30, 31, 45, 46, 47}) {
    const auto v = random_values(g, n);
    r1cs::Builder b;
    std::vector<r1cs::LinearCombination> in;
    for (std::size_t i = 0; i < n; ++i) {
      // Alternate private wires and linear combinations of them with constants.
      const r1cs::Variable w = b.private_input(v[i] - Fr::from_u64(i), "v");
      in.push_back(w + Fr::from_u64(i));
    }
    const r1cs::Variable out = poseidon_chain(b, kFeatureDomain, in, "chain");
    const std::size_t chunks = (n + 14) / 15;
    std::size_t expected = n == 0 ? 1 : 0;
    for (std::size_t c = 0; c < chunks; ++c)
      expected += r1cs::gadgets::poseidon_constraints(std::min<std::size_t>(15, n - 15 * c) + 1);
    EXPECT_EQ(b.num_constraints(), expected) << n;
    const Fr value = b.value(out);
    auto built = b.build();
    ASSERT_TRUE(r1cs::check(built.cs, built.witness).ok()) << n;
    EXPECT_EQ(value, poseidon_chain(kFeatureDomain, v)) << n;
  }
}

// A tampered chunk output is caught by the gadget's constraints.
TEST(PoseidonChain, CircuitRejectsTamperedChunk) {
  auto g = zkc::testing::rng(603);
  const auto v = random_values(g, 20);
  r1cs::Builder::Options o;
  bool fired = false;
  o.hint_hook = [&](std::string_view name, Fr& value) {
    if (name.starts_with("chain/chunk0/") && name.ends_with("/out")) {
      value = value + Fr::one();
      fired = true;
    }
  };
  r1cs::Builder b(o);
  std::vector<r1cs::LinearCombination> in;
  for (const Fr& x : v) in.push_back(b.private_input(x, "v"));
  (void)poseidon_chain(b, kModelDomain, in, "chain");
  auto built = b.build();
  EXPECT_TRUE(fired) << "the gadget's output is not named chain/chunk0/.../out";
  EXPECT_FALSE(r1cs::check(built.cs, built.witness).ok());
}

ml::QuantizedNetwork small_model() {
  const auto m = ml::read_model(zkc::testing::data_path("ml/model_small.json"));
  EXPECT_TRUE(m.ok()) << m.error().message;
  return m.value().quantized;
}

TEST(ModelCommitment, ParametersInDocumentedOrder) {
  const ml::QuantizedNetwork q = small_model();
  std::vector<Fr> expected = {fr(q.fractional_bits), fr(static_cast<std::int64_t>(q.layers.size())),
                              fr(q.layers[0].inputs)};
  for (const auto& layer : q.layers) expected.push_back(fr(layer.outputs));
  for (auto v : q.input_lower) expected.push_back(fr(v));
  for (auto v : q.input_upper) expected.push_back(fr(v));
  for (const auto& layer : q.layers) {
    for (auto w : layer.weights) expected.push_back(fr(w));
    for (auto c : layer.bias) expected.push_back(fr(c));
  }
  EXPECT_EQ(model_parameters(q), expected);
  EXPECT_EQ(model_commitment(q), reference_chain(2, expected));
}

// Every single parameter changed by +1 (and the header's fractional bits) gives a new commitment.
TEST(ModelCommitment, EveryParameterIsBound) {
  const ml::QuantizedNetwork q = small_model();
  const Fr base = model_commitment(q);
  std::size_t changed = 0;
  auto expect_changed = [&](ml::QuantizedNetwork m, const std::string& what) {
    const Fr c = model_commitment(m);
    EXPECT_NE(c, base) << what;
    ++changed;
  };
  for (std::size_t j = 0; j < q.input_lower.size(); ++j) {
    auto m = q;
    m.input_lower[j] -= 1;
    expect_changed(m, "lower " + std::to_string(j));
    m = q;
    m.input_upper[j] += 1;
    expect_changed(m, "upper " + std::to_string(j));
  }
  for (std::size_t l = 0; l < q.layers.size(); ++l) {
    for (std::size_t k = 0; k < q.layers[l].weights.size(); ++k) {
      auto m = q;
      m.layers[l].weights[k] += 1;
      expect_changed(m, "weight " + std::to_string(l) + "/" + std::to_string(k));
    }
    for (std::size_t k = 0; k < q.layers[l].bias.size(); ++k) {
      auto m = q;
      m.layers[l].bias[k] -= 1;
      expect_changed(m, "bias " + std::to_string(l) + "/" + std::to_string(k));
    }
  }
  auto m = q;
  m.fractional_bits += 1;
  expect_changed(m, "fractional bits");
  EXPECT_EQ(changed - 1 + 3 + q.layers.size(), model_parameters(q).size());  // the rest: the header
}

TEST(FeatureCommitment, BindsSaltAndEveryFeature) {
  auto g = zkc::testing::rng(604);
  const std::vector<std::int64_t> x = {5, -7, 0, 1 << 20, -(std::int64_t{1} << 40), 3};
  const Fr salt = random_values(g, 1)[0];
  const Fr base = feature_commitment(x, salt);
  std::vector<Fr> values = {salt};
  for (auto v : x) values.push_back(fr(v));  // signed values as x mod r
  EXPECT_EQ(base, reference_chain(1, values));
  EXPECT_NE(feature_commitment(x, salt + Fr::one()), base);
  for (std::size_t j = 0; j < x.size(); ++j) {
    auto y = x;
    y[j] += 1;
    EXPECT_NE(feature_commitment(y, salt), base) << j;
  }
  // Not the model domain.
  EXPECT_NE(base, reference_chain(2, values));
}

TEST(SignedToFr, FrFromI64IsTheSignedValueModR) {
  auto g = zkc::testing::rng(605);
  std::vector<std::int64_t> edge = {0,
                                    1,
                                    -1,
                                    2,
                                    -2,
                                    std::numeric_limits<std::int64_t>::max(),
                                    std::numeric_limits<std::int64_t>::min(),
                                    std::int64_t{1} << 62,
                                    -(std::int64_t{1} << 62)};
  for (int i = 0; i < 200; ++i) edge.push_back(static_cast<std::int64_t>(g()));
  // Oracle: |v| as an unsigned value (well defined for INT64_MIN), negated in the field when v < 0.
  for (auto v : edge) {
    const auto u = static_cast<std::uint64_t>(v);
    const Fr mag = Fr::from_u64(v < 0 ? std::uint64_t{0} - u : u);
    EXPECT_EQ(r1cs::fr_from_i64(v), v < 0 ? -mag : mag) << v;
  }
}

}  // namespace
}  // namespace zkc::zkml
