// The snarkjs-compatible primitives of ptau.hpp against known answers computed with snarkjs 0.7.6,
// ffjavascript 0.3.1 and @noble/hashes 1.8.0 (tests/data/groth16/ptau/kat.mjs prints them), and
// BLAKE2b against libsodium's crypto_generichash on random inputs.
#include <gtest/gtest.h>
#include <sodium.h>

#include <string>
#include <vector>

#include "testing/testing.hpp"
#include "zkc/groth16/ptau.hpp"

namespace zkc::groth16 {
namespace {

using mpc::Blake2b;
using mpc::ChaChaRng;

std::vector<std::uint8_t> unhex(const std::string& s) {
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i + 1 < s.size(); i += 2)
    out.push_back(static_cast<std::uint8_t>(std::stoi(s.substr(i, 2), nullptr, 16)));
  return out;
}
template <std::size_t N>
std::string hex(const std::array<std::uint8_t, N>& b) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (auto x : b) s += d[x >> 4], s += d[x & 15];
  return s;
}

TEST(PtauBlake2b, EmptyAndAbcMatchRfc7693AndLibsodium) {
  // RFC 7693 appendix A: BLAKE2b-512("abc").
  Blake2b h;
  const std::string abc = "abc";
  h.update(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(abc.data()), 3));
  EXPECT_EQ(hex(h.digest()),
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc95"
            "18d38aa8"
            "dbf1925ab92386edd4009923");
  EXPECT_EQ(hex(Blake2b().digest()), hex(mpc::blank_hash()));
  // snarkjs prints this as the "Blank Contribution Hash".
  EXPECT_EQ(hex(mpc::blank_hash()),
            "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419d25e1031afee585313896444934eb04b"
            "903a685b"
            "1448b755d56f701afe9be2ce");
}

TEST(PtauBlake2b, StreamingMatchesLibsodiumOnRandomSplits) {
  auto g = testing::rng(1);
  for (int trial = 0; trial < 200; ++trial) {
    const std::size_t len = g() % 1200;
    std::vector<std::uint8_t> data(len);
    for (auto& b : data) b = static_cast<std::uint8_t>(g());
    Blake2b h;
    std::size_t pos = 0;
    while (pos < len) {
      const std::size_t take = std::min<std::size_t>(len - pos, g() % 300);
      h.update(std::span<const std::uint8_t>(data.data() + pos, take));
      pos += take;
      // The midstate survives an export/import round trip at any point.
      if (g() % 4 == 0) h = Blake2b::import_partial(h.export_partial()).value();
    }
    EXPECT_EQ(h.digest(), mpc::blake2b(data)) << "len " << len;
  }
}

// @noble/hashes states (snarkjs's toPartialHash) after hashing bytes (7i + 3) mod 256 of length
// len in two updates (len/3, rest), and the digest after restoring them and adding 01 02 03.
struct PartialVector {
  std::size_t len;
  const char* partial;
  const char* digest_after_123;
};
const PartialVector kPartials[] = {
    {0,
     "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
     "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
     "0000000000000000000000000000000000000000000000000048c9bdf267e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361"
     "d5f3af54fa5d182e6ad7f520e511f6c3e2b8c68059b6bbd41fbabd9831f79217e1319cde05b0000000000000000000000000000"
     "00000000000000000000",
     "cf94f6d605657e90c543b0c919070cdaaf7209c5e1ea58acb8f3568fa2114268dc9ac3bafe12af277d286fce7dc59b7c0c34897"
     "3c4e9dacbe79485e56ac2a702"},
    {129,
     "830a11181f262d343b424950575e656c737a81888f969da4abb2b9c0c7ced5dce3eaf1f8ff060d141b222930373e454c535a616"
     "86f767d848b9299a0a7aeb5bcc3cad1d8dfe6edf4fb020910171e252c333a41484f565d646b727980878e959ca3aab1b8bfc6cd"
     "d4dbe2e9f0f7fe050c131a21282f363d444b525960676e757ce849e71feec63152d0f9bb18e7e6e2e8694718aaef9cc31ece013"
     "27328ca8d7c901c5c6d97182f65ad5bffaaa524c8b51d9bcc8a6cf02c1a546952072afa337e8000000000000000010000000000"
     "00000000000000000000",
     "7aac606c878b8020aa1ae8860daa97ae9e22af9a4a754c382c3de33c312f5e4e282fb1fae995e1c48009608ab3af628ec9eb4e3"
     "29178d22d1b68049178fd393e"},
    {300,
     "030a11181f262d343b424950575e656c737a81888f969da4abb2b9c0c7ced5dce3eaf1f8ff060d141b222930373e454c535a616"
     "86f767d848b9299a0a7aeb5bcc3cad1d8dfe6edf4fb020910171e252c333a41484f565d646b727980878e959ca3aab1b8bfc6cd"
     "d4dbe2e9f0f7fe050c131a21282f363d444b525960676e757c661e9013fae424af154301eb5fb1def2581804aed16a7b1b34dde"
     "ca706fa46c7397d51a85dc5f356f18199bdeb318b0a6592e5640ed10341af23548d8790801f00010000000000002c0000000000"
     "00000000000000000000",
     "e1f595e1b0fabc81bfb59b93c5ec9760045f289f8066bcd7bbeb513c2fd568a0b926ee64c99aa8e42bf45593845233cc0dac19b"
     "ce1d15573083b8f2fc3d63f97"},
    {1000,
     "838a91989fa6adb4bbc2c9d0d7dee5ecf3fa01080f161d242b323940474e555c636a71787f868d949ba2a9b0b7bec5ccd3dae1e"
     "8eff6fd040b121920272e353c434a51585f666d747b828990979ea5acb3bac1c8cfd6dde4ebf2f900070e151c232a31383f464d"
     "54dbe2e9f0f7fe050c131a21282f363d444b525960676e757c05c782d8faadc8be69fe472da0244d4bab66552101ed91e8a65f0"
     "192511d32dbb6c71aec20a86d50265347bc771b501c99edc7932c29116e52b6e7d05baec5d28003000000000000680000000000"
     "00000000000000000000",
     "2fd19b8dfa6f31b2c41335936aee39aa3683c40d24ba8759dcd5a3bedf7033e87688b9d57f1ca85991c3efe3e968caaee45a6b3"
     "56985c9dab6ad31f478658595"},
};

TEST(PtauBlake2b, PartialStateMatchesNobleLayout) {
  const std::vector<std::uint8_t> tail = {1, 2, 3};
  for (const auto& v : kPartials) {
    std::vector<std::uint8_t> data(v.len);
    for (std::size_t i = 0; i < v.len; ++i) data[i] = static_cast<std::uint8_t>((i * 7 + 3) & 255);
    Blake2b h;
    h.update(std::span<const std::uint8_t>(data.data(), v.len / 3));
    h.update(std::span<const std::uint8_t>(data.data() + v.len / 3, v.len - v.len / 3));
    const auto ours = h.export_partial();
    const auto theirs = unhex(v.partial);
    ASSERT_EQ(theirs.size(), 216u);
    // Byte for byte past the buffer; in the buffer only the pending bytes carry meaning.
    const std::size_t pending = theirs[200];
    EXPECT_TRUE(std::equal(ours.begin(), ours.begin() + static_cast<std::ptrdiff_t>(pending), theirs.begin()))
        << v.len;
    EXPECT_TRUE(std::equal(ours.begin() + 128, ours.end(), theirs.begin() + 128)) << v.len;
    // Restoring snarkjs's state continues the same hash.
    auto restored = Blake2b::import_partial(theirs);
    ASSERT_TRUE(restored.ok());
    restored.value().update(tail);
    EXPECT_EQ(hex(restored.value().digest()), v.digest_after_123) << v.len;
    data.insert(data.end(), tail.begin(), tail.end());
    EXPECT_EQ(hex(mpc::blake2b(data)), v.digest_after_123);
  }
}

TEST(PtauBlake2b, ImportRejectsImpossibleStates) {
  std::array<std::uint8_t, 216> p = Blake2b().export_partial();
  EXPECT_TRUE(Blake2b::import_partial(p).ok());
  p[200] = 129;  // pending > one block
  EXPECT_FALSE(Blake2b::import_partial(p).ok());
  p[200] = 0;
  p[192] = 5;  // compressed count not a multiple of 128
  EXPECT_FALSE(Blake2b::import_partial(p).ok());
  EXPECT_FALSE(Blake2b::import_partial(std::span<const std::uint8_t>(p.data(), 100)).ok());
}

TEST(PtauChaCha, MatchesFfjavascript) {
  // new ChaCha([0, 1, 2, 3, 4, 5, 6, 7]).nextU32() x 20 (ffjavascript 0.3.1).
  const std::uint32_t expected[20] = {4062562330u, 1058763918u, 2822854854u, 2671630309u, 1688322078u,
                                      828310969u,  186264792u,  3721351595u, 3581065299u, 2192213834u,
                                      2252836717u, 3694146021u, 3091522130u, 2201483776u, 3292001902u,
                                      761995487u,  2833851044u, 1790033495u, 242645018u,  3494929259u};
  ChaChaRng r({0, 1, 2, 3, 4, 5, 6, 7});
  for (std::uint32_t e : expected) EXPECT_EQ(r.next_u32(), e);
}

TEST(PtauSampling, FieldAndCurveFromRngMatchFfjavascript) {
  ChaChaRng r({0, 1, 2, 3, 4, 5, 6, 7});
  EXPECT_EQ(mpc::fr_from_rng(r).to_decimal(),
            "77139375071826212629714714445667282144787412064335517077055874880367685470");
  EXPECT_EQ(mpc::fq_from_rng(r).to_decimal(),
            "5709472047889839998120090825304094530384857498034575314460260126999764095427");
  ChaChaRng r2({9, 8, 7, 6, 5, 4, 3, 2});
  const G1Affine p = mpc::g1_from_rng_vartime(r2);
  EXPECT_EQ(p.x.to_decimal(), "3540253879101507076154901677242373856422619574880144369929071138862017727469");
  EXPECT_EQ(p.y.to_decimal(), "9094409261297727608984851661530671924304412080262674287809533104164349432149");
  // The compressed encodings of p and -p (ffjavascript toRprCompressed).
  EXPECT_EQ(hex(mpc::g1_compressed(p)), "07d3b672a23280fbd90fafd05bd37907abeab2db43a1efd9ab8ac864eececbed");
  EXPECT_EQ(hex(mpc::g1_compressed(-p)), "87d3b672a23280fbd90fafd05bd37907abeab2db43a1efd9ab8ac864eececbed");
  EXPECT_EQ(hex(mpc::g1_compressed(G1Affine::identity())).substr(0, 4), "4000");
}

TEST(PtauSampling, HashToG2MatchesSnarkjs) {
  // keypair.js hashToG2(curve, blake2b("abc")).
  const auto h = unhex(
      "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38a"
      "a8dbf1925a"
      "b92386edd4009923");
  const G2Affine q = mpc::hash_to_g2_vartime(h);
  EXPECT_EQ(q.x.c0.to_decimal(),
            "6207641756351399451132794323168461925906411461170662371025790281274853399606");
  EXPECT_EQ(q.x.c1.to_decimal(),
            "15573525022450870158679096661595054096428047022485265724847013789486536260772");
  EXPECT_EQ(q.y.c0.to_decimal(),
            "16310418266721597187283066595829597604521304820246280230336976650935650097561");
  EXPECT_EQ(q.y.c1.to_decimal(),
            "9513387346667970369133460636238985819412055777317901655315104925447347185589");
  EXPECT_TRUE(ec::bn254::is_in_subgroup_vartime(q));
  EXPECT_EQ(hex(mpc::g2_compressed(q)),
            "226e4d8402f7b67d877f046fe49c2c37ea91d56d37cbdbd4c921828e27fcfca40db96695d6d790fa79499e1b9b004a12"
            "0ff056de"
            "244d9fe1b1df0fe284eb9c36");
  EXPECT_EQ(hex(mpc::g2_compressed(-q)),
            "a26e4d8402f7b67d877f046fe49c2c37ea91d56d37cbdbd4c921828e27fcfca40db96695d6d790fa79499e1b9b004a12"
            "0ff056de"
            "244d9fe1b1df0fe284eb9c36");
}

TEST(PtauSampling, BeaconRngMatchesSnarkjs) {
  // misc.rngFromBeaconParams([1, 2, 3, 4], 3): SHA-256 applied 8 times, then ChaCha.
  const std::vector<std::uint8_t> beacon = {1, 2, 3, 4};
  auto r = mpc::beacon_rng(beacon, 3);
  ASSERT_TRUE(r.ok());
  for (std::uint32_t e : {2869814429u, 1734554918u, 3387935314u, 459238144u})
    EXPECT_EQ(r.value().next_u32(), e);
  EXPECT_FALSE(mpc::beacon_rng(beacon, 64).ok());
}

TEST(PtauSampling, FirstChallengeHashMatchesSnarkjs) {
  // `snarkjs powersoftau new bn128 6` prints it as "First Contribution Hash".
  EXPECT_EQ(hex(mpc::first_challenge_hash(6)),
            "b2109ce5808995fbcd80712eabdbf6f5068841065d329308437e684d41496f8c431b9faf854c487694c3dcac03613078"
            "ba00c055"
            "795c5a49a96f5ad0a9065bc8");
}

TEST(PtauSampling, SameRatio) {
  const Fr x = Fr::random(), y = Fr::random();
  const G1Affine a1 = G1Affine::generator().mul(Fr::random()).to_affine();
  const G2Affine a2 = G2Affine::generator().mul(Fr::random()).to_affine();
  EXPECT_TRUE(mpc::same_ratio_vartime(a1, a1.mul(x).to_affine(), a2, a2.mul(x).to_affine()));
  EXPECT_FALSE(mpc::same_ratio_vartime(a1, a1.mul(x).to_affine(), a2, a2.mul(y).to_affine()));
  EXPECT_FALSE(mpc::same_ratio_vartime(G1Affine::identity(), G1Affine::identity(), a2, a2));
}

TEST(PtauSampling, SecretScalarsDiffer) {
  EXPECT_FALSE(mpc::secret_scalar("", 0) == mpc::secret_scalar("", 0));
  EXPECT_FALSE(mpc::secret_scalar("abc", 1).is_zero());
}

}  // namespace
}  // namespace zkc::groth16
