#include "zkc/lending/credit_circuit.hpp"

#include "zkc/base/random.hpp"
#include "zkc/hash/poseidon.hpp"
#include "zkc/r1cs/gadgets/poseidon.hpp"
#include "zkc/zkml/commitment.hpp"

namespace zkc::lending {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Fr Borrower::packed() const {
  // address (big-endian bytes) into bits 0..159, nonce into bits 160..223.
  ff::U256 v{};
  for (std::size_t i = 0; i < 20; ++i) {
    const unsigned bit = static_cast<unsigned>(8 * (19 - i));
    v.limb[bit / 64] |= static_cast<std::uint64_t>(address[i]) << (bit % 64);
  }
  v.limb[2] |= nonce << 32;
  v.limb[3] = nonce >> 32;
  return Fr::from_canonical_unchecked(v);
}

std::string Borrower::address_hex() const {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s = "0x";
  for (const std::uint8_t byte : address) {
    s.push_back(kHex[byte >> 4]);
    s.push_back(kHex[byte & 15]);
  }
  return s;
}

Result<std::array<std::uint8_t, 20>> parse_address(std::string_view text) {
  std::array<std::uint8_t, 20> a{};
  const bool prefixed = text.size() == 42 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
  if (!prefixed)
    return make_error(Errc::kBadFormat,
                      "address '" + std::string(text) + "': expected 0x followed by 40 hex digits");
  for (std::size_t i = 0; i < 20; ++i) {
    const int hi = hex_digit(text[2 + 2 * i]), lo = hex_digit(text[3 + 2 * i]);
    if (hi < 0 || lo < 0)
      return make_error(Errc::kBadFormat, "address '" + std::string(text) +
                                              "': not a hex digit at position " +
                                              std::to_string(hi < 0 ? 2 + 2 * i : 3 + 2 * i));
    a[i] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  return a;
}

Result<Borrower> unpack_borrower(const Fr& packed) {
  const ff::U256 v = packed.to_u256();
  if ((v.limb[3] >> 32) != 0)
    return make_error(Errc::kInvalidArgument, "borrower signal " + packed.to_decimal() +
                                                  " is not address + nonce * 2^160 with nonce < 2^64");
  Borrower b;
  for (std::size_t i = 0; i < 20; ++i) {
    const unsigned bit = static_cast<unsigned>(8 * (19 - i));
    b.address[i] = static_cast<std::uint8_t>(v.limb[bit / 64] >> (bit % 64));
  }
  b.nonce = (v.limb[2] >> 32) | (v.limb[3] << 32);
  return b;
}

CreditSecrets::~CreditSecrets() {
  if (!features.empty()) secure_wipe(features.data(), features.size() * sizeof(std::int64_t));
  secure_wipe(feature_salt);
  secure_wipe(collateral);
  secure_wipe(loan);
  secure_wipe(position_salt);
}

Fr position_commitment(std::uint64_t collateral, std::uint64_t loan, const Fr& salt) {
  const Fr in[3] = {Fr::from_u64(collateral), Fr::from_u64(loan), salt};
  return hash::poseidon(in);
}

CreditCircuit build_credit_circuit(const ml::QuantizedNetwork& net, zkml::WeightVisibility weights,
                                   const CreditStatement* statement, const CreditSecrets* secrets,
                                   bool labels) {
  ZKC_ASSERT((statement == nullptr) == (secrets == nullptr));
  ZKC_ASSERT(!net.layers.empty());
  const bool witness = secrets != nullptr;
  const auto n = static_cast<std::size_t>(net.layers.front().inputs);
  ZKC_ASSERT(!witness || secrets->features.size() == n);
  r1cs::Builder::Options options;
  options.witness = witness;
  options.labels = labels;
  r1cs::Builder b(options);
  CreditCircuit out;
  std::size_t mark = 0;
  auto stage = [&](std::string name) {
    out.stages.push_back({std::move(name), b.num_constraints() - mark});
    mark = b.num_constraints();
  };

  // The features (private) and the inference.
  std::vector<r1cs::Variable> x;
  x.reserve(n);
  for (std::size_t j = 0; j < n; ++j)
    x.push_back(b.private_input(witness ? r1cs::fr_from_i64(secrets->features[j]) : Fr::zero(), "feature"));
  zkml::InferenceCircuit inference = zkml::build_inference(b, net, x, weights);
  out.stages = inference.stages;
  mark = b.num_constraints();

  // 1: the model commitment.
  const r1cs::Variable model_pub = b.public_input(b.value(inference.model_commitment), "model_commitment");
  b.enforce_equal(model_pub, inference.model_commitment, "model_commitment");
  stage("model_commitment_input");

  // 2: the salted feature commitment.
  const r1cs::Variable feature_salt =
      b.private_input(witness ? secrets->feature_salt : Fr::zero(), "feature_salt");
  std::vector<r1cs::LinearCombination> committed;
  committed.reserve(n + 1);
  committed.emplace_back(feature_salt);
  for (const r1cs::Variable& v : x) committed.emplace_back(v);
  const r1cs::Variable fc = zkml::poseidon_chain(b, zkml::kFeatureDomain, committed, "feature_commitment");
  const r1cs::Variable feature_pub = b.public_input(b.value(fc), "feature_commitment");
  b.enforce_equal(feature_pub, fc, "feature_commitment");
  stage("feature_commitment");

  // 3: the position commitment Poseidon(C, L, salt).
  const r1cs::Variable c = b.private_input(Fr::from_u64(witness ? secrets->collateral : 0), "collateral");
  const r1cs::Variable l = b.private_input(Fr::from_u64(witness ? secrets->loan : 0), "loan");
  const r1cs::Variable position_salt =
      b.private_input(witness ? secrets->position_salt : Fr::zero(), "position_salt");
  const r1cs::LinearCombination position_in[3] = {c, l, position_salt};
  const r1cs::Variable pc = r1cs::gadgets::poseidon(b, position_in, "position_commitment");
  const r1cs::Variable position_pub = b.public_input(b.value(pc), "position_commitment");
  b.enforce_equal(position_pub, pc, "position_commitment");
  stage("position_commitment");

  // 4: the collateral statement against the public ratio.
  const r1cs::Variable ratio = b.public_input(witness ? statement->ratio.packed() : Fr::zero(), "ratio");
  enforce_collateral(b, c, l, ratio, "collateral");
  stage("collateral");

  // 5: the borrower binding, and the score as the public output.
  const r1cs::Variable borrower =
      b.public_input(witness ? statement->borrower.packed() : Fr::zero(), "borrower");
  b.mul(borrower, borrower, "borrower_binding");
  b.make_public_output(inference.score, "score");
  stage("binding");

  out.built = b.build();
  return out;
}

}  // namespace zkc::lending
