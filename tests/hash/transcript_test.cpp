// Fiat-Shamir transcript: the documented record stream rebuilt by hand and hashed with one-shot
// SHA-512 (libsodium crypto_hash_sha512) as the oracle; determinism; every input (protocol, label,
// message, order, challenge label) changes the challenge; label/message boundaries cannot be
// shifted; copies fork.
#include "zkc/hash/transcript.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <array>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "testing/testing.hpp"

namespace zkc::hash {
namespace {

using Bytes = std::vector<std::uint8_t>;
using Challenge = std::array<std::uint8_t, Transcript::kChallengeBytes>;

Bytes bytes_of(std::string_view s) { return Bytes(s.begin(), s.end()); }

// The stream of transcript.hpp written out independently of the implementation.
struct Stream {
  Bytes b;
  void u64(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  void raw(const Bytes& x) { b.insert(b.end(), x.begin(), x.end()); }
  void record(std::uint8_t kind, std::string_view label) {
    b.push_back(kind);
    u64(label.size());
    raw(bytes_of(label));
  }
  explicit Stream(std::string_view protocol) {
    u64(22);
    raw(bytes_of("zkcredit/transcript/v1"));
    record(0, protocol);
  }
  void append(std::string_view label, const Bytes& m) {
    record(1, label);
    u64(m.size());
    raw(m);
  }
  Challenge challenge(std::string_view label) {
    record(2, label);
    Challenge out;
    crypto_hash_sha512(out.data(), b.data(), b.size());
    raw(Bytes(out.begin(), out.end()));
    return out;
  }
};

TEST(Transcript, MatchesDocumentedStream) {
  auto g = testing::rng(71);
  for (int trial = 0; trial < 20; ++trial) {
    Transcript t("proto" + std::to_string(trial));
    Stream s("proto" + std::to_string(trial));
    for (int op = 0; op < 6; ++op) {
      const std::string label(g() % 5, static_cast<char>('a' + g() % 26));
      switch (g() % 3) {
        case 0: {
          Bytes m(g() % 200);
          for (auto& x : m) x = static_cast<std::uint8_t>(g());
          t.append(label, m);
          s.append(label, m);
          break;
        }
        case 1: {
          const std::uint64_t v = g();
          t.append_u64(label, v);
          Bytes m;
          for (int i = 0; i < 8; ++i) m.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
          s.append(label, m);
          break;
        }
        default:
          EXPECT_EQ(t.challenge_bytes(label), s.challenge(label));
          break;
      }
    }
    EXPECT_EQ(t.challenge_bytes("end"), s.challenge("end"));
  }
}

Challenge run(std::string_view protocol, const std::vector<std::pair<std::string, Bytes>>& msgs,
              std::string_view challenge_label = "c") {
  Transcript t(protocol);
  for (const auto& [l, m] : msgs) t.append(l, m);
  return t.challenge_bytes(challenge_label);
}

TEST(Transcript, Deterministic) {
  const std::vector<std::pair<std::string, Bytes>> msgs = {{"x", {1, 2, 3}}, {"y", {}}};
  EXPECT_EQ(run("p", msgs), run("p", msgs));
}

TEST(Transcript, EveryInputChangesTheChallenge) {
  const std::vector<std::pair<std::string, Bytes>> base = {{"x", {1, 2, 3}}, {"y", {4}}};
  std::set<Challenge> seen;
  auto add = [&](const Challenge& c) { EXPECT_TRUE(seen.insert(c).second); };
  add(run("p", base));
  add(run("q", base));                                      // protocol label
  add(run("p", base, "d"));                                 // challenge label
  add(run("p", {{"z", {1, 2, 3}}, {"y", {4}}}));            // a message label
  add(run("p", {{"x", {1, 2, 3}}, {"y", {5}}}));            // a message byte
  add(run("p", {{"x", {1, 2, 3}}, {"y", {4, 0}}}));         // a trailing zero byte
  add(run("p", {{"y", {4}}, {"x", {1, 2, 3}}}));            // order
  add(run("p", {{"x", {1, 2, 3}}}));                        // a missing message
  add(run("p", {{"x", {1, 2, 3}}, {"y", {4}}, {"", {}}}));  // an empty extra message
  add(run("p", {}));
  // Every bit of a message.
  for (int bit = 0; bit < 24; ++bit) {
    Bytes m = {1, 2, 3};
    m[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    add(run("p", {{"x", m}, {"y", {4}}}));
  }
}

TEST(Transcript, BoundariesCannotShift) {
  // ("ab", "c") vs ("a", "bc"): label/message boundary.
  EXPECT_NE(run("p", {{"ab", bytes_of("c")}}), run("p", {{"a", bytes_of("bc")}}));
  // One message vs the same bytes split in two.
  EXPECT_NE(run("p", {{"a", bytes_of("bc")}}), run("p", {{"a", bytes_of("b")}, {"", bytes_of("c")}}));
  EXPECT_NE(run("p", {{"x", bytes_of("ab")}, {"x", bytes_of("c")}}),
            run("p", {{"x", bytes_of("a")}, {"x", bytes_of("bc")}}));
  // Protocol label vs first message.
  EXPECT_NE(run("pa", {{"", bytes_of("b")}}), run("p", {{"a", bytes_of("b")}}));
  // append_u64 vs an 8-byte append under the same label is the documented equivalence.
  Transcript a("p"), b("p");
  a.append_u64("n", 0x0102030405060708ULL);
  b.append("n", std::array<std::uint8_t, 8>{8, 7, 6, 5, 4, 3, 2, 1});
  EXPECT_EQ(a.challenge_bytes("c"), b.challenge_bytes("c"));
  // A challenge is not an append of the same label.
  Transcript c("p"), d("p");
  (void)c.challenge_bytes("x");
  d.append("x", {});
  EXPECT_NE(c.challenge_bytes("c"), d.challenge_bytes("c"));
}

TEST(Transcript, ChallengesDifferAndChain) {
  Transcript t("p");
  t.append("m", bytes_of("hello"));
  Transcript u = t;
  const Challenge c1 = t.challenge_bytes("a");
  const Challenge c2 = t.challenge_bytes("a");  // same label again: absorbed output makes it differ
  EXPECT_NE(c1, c2);
  EXPECT_NE(u.challenge_bytes("b"), c1);  // other label, same state
}

TEST(Transcript, CopiesFork) {
  Transcript t("p");
  t.append("m", bytes_of("x"));
  Transcript fork = t;
  EXPECT_EQ(fork.challenge_bytes("c"), t.challenge_bytes("c"));
  fork.append("m", bytes_of("1"));
  t.append("m", bytes_of("2"));
  EXPECT_NE(fork.challenge_bytes("c"), t.challenge_bytes("c"));
  // The original is unaffected by its fork.
  Transcript a("p"), b("p");
  a.append("m", bytes_of("x"));
  b.append("m", bytes_of("x"));
  Transcript a2 = a;
  a2.append("extra", bytes_of("y"));
  (void)a2.challenge_bytes("c");
  EXPECT_EQ(a.challenge_bytes("c"), b.challenge_bytes("c"));
}

}  // namespace
}  // namespace zkc::hash
