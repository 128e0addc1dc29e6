// Pedersen commitments: the bases and commitments against libsodium's ristretto255 (the oracle:
// crypto_hash_sha512, crypto_core_ristretto255_from_hash, crypto_scalarmult_ristretto255(_base),
// crypto_core_ristretto255_add), homomorphism, the ratio derivation against a direct commitment and
// against 128-bit integer arithmetic, hiding, and the decoder.
#include "zkc/commit/pedersen.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <array>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "testing/testing.hpp"

namespace zkc::commit {
namespace {

using Bytes32 = std::array<std::uint8_t, 32>;

Scalar random_scalar(std::mt19937_64& g) {
  return Scalar::from_canonical_unchecked(testing::random_below(g, Scalar::kModulus));
}

// libsodium: from_hash(SHA-512(le64(|domain|) || domain || msg)), RistrettoPoint::hash_to_group.
Bytes32 sodium_hash_to_group(const std::string& domain, const std::vector<std::uint8_t>& msg) {
  std::vector<std::uint8_t> in;
  for (int i = 0; i < 8; ++i)
    in.push_back(static_cast<std::uint8_t>(std::uint64_t{domain.size()} >> (8 * i)));
  in.insert(in.end(), domain.begin(), domain.end());
  in.insert(in.end(), msg.begin(), msg.end());
  std::array<std::uint8_t, 64> h;
  crypto_hash_sha512(h.data(), in.data(), in.size());
  Bytes32 p;
  crypto_core_ristretto255_from_hash(p.data(), h.data());
  return p;
}

// libsodium: v*G + gamma*H (both scalars nonzero: libsodium refuses an identity product).
Bytes32 sodium_commit(const Scalar& v, const Scalar& gamma, const Bytes32& h) {
  const Bytes32 vb = ff::curve25519::scalar_to_bytes_le(v), gb = ff::curve25519::scalar_to_bytes_le(gamma);
  Bytes32 vg, gh, sum;
  EXPECT_EQ(crypto_scalarmult_ristretto255_base(vg.data(), vb.data()), 0);
  EXPECT_EQ(crypto_scalarmult_ristretto255(gh.data(), gb.data(), h.data()), 0);
  crypto_core_ristretto255_add(sum.data(), vg.data(), gh.data());
  return sum;
}

TEST(Pedersen, BasesAgainstLibsodium) {
  Bytes32 g;
  const Bytes32 one = ff::curve25519::scalar_to_bytes_le(Scalar::one());
  ASSERT_EQ(crypto_scalarmult_ristretto255_base(g.data(), one.data()), 0);
  EXPECT_EQ(pedersen_g().encode(), g);
  const Bytes32 h =
      sodium_hash_to_group("zkcredit/pedersen/v1/H", std::vector<std::uint8_t>(g.begin(), g.end()));
  EXPECT_EQ(pedersen_h().encode(), h);
  EXPECT_FALSE(pedersen_h() == pedersen_g());
  EXPECT_FALSE(pedersen_h().is_identity());
}

TEST(Pedersen, CommitAgainstLibsodium) {
  auto g = testing::rng(701);
  const Bytes32 h = pedersen_h().encode();
  for (int trial = 0; trial < 20; ++trial) {
    const Scalar v = trial == 0 ? Scalar::one() : trial == 1 ? -Scalar::one() : random_scalar(g);
    const Scalar gamma = trial == 2 ? -Scalar::one() : random_scalar(g);
    EXPECT_EQ(commit(v, gamma).encode(), sodium_commit(v, gamma, h)) << "trial " << trial;
  }
  // The u64 entry point.
  for (std::uint64_t v : {std::uint64_t{1}, std::uint64_t{42}, ~std::uint64_t{0}}) {
    const Scalar gamma = random_scalar(g);
    EXPECT_EQ(commit(v, gamma), commit(Scalar::from_u64(v), gamma));
    EXPECT_EQ(commit(v, gamma).encode(), sodium_commit(Scalar::from_u64(v), gamma, h));
  }
  // Zero value: just gamma*H; zero both: the identity.
  const Scalar gamma = random_scalar(g);
  EXPECT_TRUE(commit(Scalar::zero(), gamma).point() == pedersen_h().mul(gamma));
  EXPECT_TRUE(commit(Scalar::zero(), Scalar::zero()).point().is_identity());
}

TEST(Pedersen, Homomorphic) {
  auto g = testing::rng(702);
  for (int trial = 0; trial < 10; ++trial) {
    const Scalar v1 = random_scalar(g), v2 = random_scalar(g), g1 = random_scalar(g), g2 = random_scalar(g);
    EXPECT_TRUE(commit(v1, g1).point() + commit(v2, g2).point() == commit(v1 + v2, g1 + g2).point());
    EXPECT_TRUE(commit(v1, g1).point() - commit(v2, g2).point() == commit(v1 - v2, g1 - g2).point());
    EXPECT_FALSE(commit(v1, g1).point() + commit(v2, g2).point() ==
                 commit(v1 + v2, g1 + g2 + Scalar::one()).point());
  }
}

TEST(Pedersen, RatioDerivation) {
  auto g = testing::rng(703);
  struct Case {
    std::uint64_t c, l, num, den;
  };
  std::vector<Case> cases = {{150000, 100000, 3, 2}, {150000, 100001, 3, 2},
                             {0, 0, 1, 1},           {1, 0, 7, 5},
                             {0, 1, 7, 5},           {~std::uint64_t{0}, ~std::uint64_t{0}, 1, 1}};
  for (int i = 0; i < 10; ++i) cases.push_back({g() >> 1, g() >> 1, (g() >> 40) + 1, (g() >> 40) + 1});
  for (const Case& cs : cases) {
    const Opening oc{Scalar::from_u64(cs.c), random_scalar(g)}, ol{Scalar::from_u64(cs.l), random_scalar(g)};
    const Commitment cc = commit(oc), cl = commit(ol);
    const Opening ov = derive_ratio_opening(oc, ol, cs.num, cs.den);
    const Commitment cv = derive_ratio_vartime(cc, cl, cs.num, cs.den);
    // Binding of the derivation: the derived point is the direct commitment to the derived opening.
    EXPECT_EQ(cv, commit(ov));
    // The derived value against 128-bit integers: den*C - num*L (mod l when negative).
    const unsigned __int128 lhs = static_cast<unsigned __int128>(cs.den) * cs.c;
    const unsigned __int128 rhs = static_cast<unsigned __int128>(cs.num) * cs.l;
    const auto to_scalar = [](unsigned __int128 x) {
      return Scalar::from_u64(static_cast<std::uint64_t>(x >> 64)) * Scalar::from_u64(1ULL << 32) *
                 Scalar::from_u64(1ULL << 32) +
             Scalar::from_u64(static_cast<std::uint64_t>(x));
    };
    const Scalar expected = lhs >= rhs ? to_scalar(lhs - rhs) : -to_scalar(rhs - lhs);
    EXPECT_TRUE(ov.value == expected) << cs.c << " " << cs.l << " " << cs.num << "/" << cs.den;
    // A wrong ratio gives another point.
    EXPECT_FALSE(derive_ratio_vartime(cc, cl, cs.num + 1, cs.den) == cv);
  }
}

TEST(Pedersen, Hiding) {
  // Fresh CSPRNG blindings: commitments to the same value all differ.
  std::set<Bytes32> seen;
  for (int i = 0; i < 16; ++i)
    EXPECT_TRUE(seen.insert(commit(std::uint64_t{7}, Scalar::random()).encode()).second);
  // Different values under the same blinding differ (binding, sanity).
  const Scalar gamma = Scalar::random();
  EXPECT_FALSE(commit(std::uint64_t{7}, gamma) == commit(std::uint64_t{8}, gamma));
}

TEST(Pedersen, Decode) {
  auto g = testing::rng(704);
  for (int i = 0; i < 5; ++i) {
    const Commitment c = commit(random_scalar(g), random_scalar(g));
    auto d = Commitment::decode(c.encode());
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(d.value(), c);
    EXPECT_TRUE(d.value().point() == c.point());
  }
  // Non-canonical field element (p = 2^255 - 19) and a negative s (odd): rejected with a message.
  Bytes32 p_bytes;
  p_bytes.fill(0xff);
  p_bytes[0] = 0xed;
  p_bytes[31] = 0x7f;
  auto r = Commitment::decode(p_bytes);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("commitment"), std::string::npos);
  Bytes32 odd{};
  odd[0] = 1;
  EXPECT_FALSE(Commitment::decode(odd).ok());
  // Identity (all zero) is a valid encoding.
  EXPECT_TRUE(Commitment::decode(Bytes32{}).ok());
}

}  // namespace
}  // namespace zkc::commit
