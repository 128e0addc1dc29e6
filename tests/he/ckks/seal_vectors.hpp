// Loaders for the SEAL oracle file tests/data/he/ckks/seal_vectors.json (made by
// tools/vectors/gen_ckks_vectors.mjs from node-seal 6.0.3; README.md beside it): strict decimal and
// base64 parsers and the per-prime residue arrays. Shared by the tests of the file and of our CKKS code.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "testing/testing.hpp"

namespace zkc::he::ckks::seal_vectors {

using u64 = std::uint64_t;
using u128 = unsigned __int128;
using Json = nlohmann::json;

// ---------------------------------------------------------------- loader helpers

inline const Json& vectors() {
  static const Json j = [] {
    std::ifstream in(testing::data_path("he/ckks/seal_vectors.json"));
    EXPECT_TRUE(in.good()) << "cannot open he/ckks/seal_vectors.json";
    return Json::parse(in);  // throws (fails the test) on malformed JSON
  }();
  return j;
}

// Strict decimal u64: digits only, no sign, no leading zeros (except "0"), no overflow.
inline std::optional<u64> parse_u64(const std::string& s) {
  if (s.empty() || s.size() > 20 || (s.size() > 1 && s[0] == '0')) return std::nullopt;
  u128 v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  if (v > ~u64{0}) return std::nullopt;
  return static_cast<u64>(v);
}

// Strict base64 (RFC 4648, with padding) of little-endian u64 words.
inline std::optional<std::vector<u64>> parse_b64_words(const std::string& s) {
  auto val = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  if (s.size() % 4 != 0) return std::nullopt;
  std::vector<unsigned char> bytes;
  bytes.reserve(s.size() / 4 * 3);
  for (std::size_t i = 0; i < s.size(); i += 4) {
    const bool last = i + 4 == s.size();
    int pad = 0;
    unsigned acc = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const char c = s[i + k];
      if (c == '=' && last && k >= 2) {
        ++pad;
        acc <<= 6;
        continue;
      }
      const int v = val(c);
      if (v < 0 || pad > 0) return std::nullopt;
      acc = (acc << 6) | static_cast<unsigned>(v);
    }
    if ((pad == 1 && (acc & 0xFF) != 0) || (pad == 2 && (acc & 0xFFFF) != 0))
      return std::nullopt;  // non-canonical
    bytes.push_back(static_cast<unsigned char>(acc >> 16));
    if (pad < 2) bytes.push_back(static_cast<unsigned char>(acc >> 8));
    if (pad < 1) bytes.push_back(static_cast<unsigned char>(acc));
  }
  if (bytes.size() % 8 != 0) return std::nullopt;
  std::vector<u64> words(bytes.size() / 8);
  for (std::size_t w = 0; w < words.size(); ++w)
    for (int b = 7; b >= 0; --b) words[w] = (words[w] << 8) | bytes[8 * w + static_cast<std::size_t>(b)];
  return words;
}

inline std::vector<u64> primes_of(const Json& a) {
  std::vector<u64> out;
  for (const auto& p : a) {
    auto v = parse_u64(p.get<std::string>());
    EXPECT_TRUE(v.has_value()) << "bad prime string " << p;
    out.push_back(v.value_or(0));
  }
  return out;
}

// Residues of one polynomial: one base64 string per prime, each N words below that prime.
inline std::vector<std::vector<u64>> residues_of(const Json& per_prime, const std::vector<u64>& primes,
                                                 std::size_t n) {
  std::vector<std::vector<u64>> out;
  EXPECT_LE(per_prime.size(), primes.size());
  for (std::size_t i = 0; i < per_prime.size() && i < primes.size(); ++i) {
    auto w = parse_b64_words(per_prime[i].get<std::string>());
    EXPECT_TRUE(w.has_value()) << "bad base64 for prime " << i;
    if (!w) return {};
    EXPECT_EQ(w->size(), n);
    EXPECT_TRUE(std::all_of(w->begin(), w->end(), [&](u64 x) { return x < primes[i]; }))
        << "coefficient >= q_" << i;
    out.push_back(std::move(*w));
  }
  return out;
}

}  // namespace zkc::he::ckks::seal_vectors
