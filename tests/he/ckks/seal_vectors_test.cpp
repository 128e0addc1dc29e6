// The SEAL oracle file itself (tests/data/he/ckks/seal_vectors.json, made by
// tools/vectors/gen_ckks_vectors.mjs from node-seal 6.0.3 = Microsoft SEAL 4.1; README.md beside it):
// it parses, its primes are prime (Miller-Rabin here, unsigned __int128), 1 mod 2N, of the requested
// sizes and follow SEAL's CoeffModulus::Create order; each NTT root is the minimal primitive 2N-th root;
// the secret key is ternary; every coefficient array decodes to N words below its prime; Galois
// elements follow SEAL's 3^k rule. Using none of zkcredit's CKKS code, every ciphertext is decrypted
// here (c0 + c1 s [+ c2 s^2] with schoolbook negacyclic products, CRT, the canonical embedding at
// zeta^(3^j)) and must give SEAL's decoded values, which must match the plaintext arithmetic.
#include "seal_vectors.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "testing/testing.hpp"

namespace zkc::he::ckks {
namespace {

using u64 = std::uint64_t;
using u128 = unsigned __int128;
using Json = nlohmann::json;

using namespace seal_vectors;  // NOLINT(google-build-using-namespace)

// ---------------------------------------------------------------- arithmetic oracles

u64 mulmod(u64 a, u64 b, u64 m) { return static_cast<u64>(static_cast<u128>(a) * b % m); }
u64 powmod(u64 b, u64 e, u64 m) {
  u64 r = 1 % m;
  for (b %= m; e; e >>= 1, b = mulmod(b, b, m))
    if (e & 1) r = mulmod(r, b, m);
  return r;
}

// Deterministic Miller-Rabin for 64-bit n (the first 12 primes as bases suffice below 3.3e24).
bool is_prime_u64(u64 n) {
  if (n < 2) return false;
  static constexpr u64 kBases[] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37};
  for (u64 p : kBases) {
    if (n == p) return true;
    if (n % p == 0) return false;
  }
  u64 d = n - 1;
  int s = 0;
  while ((d & 1) == 0) d >>= 1, ++s;
  for (u64 a : kBases) {
    u64 x = powmod(a, d, n);
    if (x == 1 || x == n - 1) continue;
    bool composite = true;
    for (int r = 1; r < s && composite; ++r) {
      x = mulmod(x, x, n);
      if (x == n - 1) composite = false;
    }
    if (composite) return false;
  }
  return true;
}

int bit_length(u64 x) { return x ? 64 - __builtin_clzll(x) : 0; }

// ---------------------------------------------------------------- tests

TEST(SealVectors, MillerRabinOracle) {
  for (u64 p : {2ull, 3ull, 65537ull, 2305843009213693951ull /* 2^61-1 */,
                18446744073709551557ull /* largest 64-bit prime */, 1152921504606830593ull})
    EXPECT_TRUE(is_prime_u64(p)) << p;
  // Carmichael numbers and strong pseudoprimes to several small bases.
  for (u64 c : {0ull, 1ull, 4ull, 561ull, 1105ull, 3215031751ull, 341550071728321ull, 3825123056546413051ull,
                18446744073709551615ull, 4611686014132420609ull /* (2^31-1)^2 */})
    EXPECT_FALSE(is_prime_u64(c)) << c;
}

TEST(SealVectors, LoaderHelpersAreStrict) {
  EXPECT_EQ(parse_u64("0"), u64{0});
  EXPECT_EQ(parse_u64("18446744073709551615"), ~u64{0});
  for (const char* bad : {"", "01", "-1", "1a", "18446744073709551616", " 1", "99999999999999999999"})
    EXPECT_FALSE(parse_u64(bad).has_value()) << bad;
  auto w = parse_b64_words("AQAAAAAAAAD//////////w==");  // 1, 2^64-1 (little-endian)
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(*w, (std::vector<u64>{1, ~u64{0}}));
  for (const char* bad : {"AQAAAAAAAA", "AQAAAAAAAA==", "AQAAAAAAAAB=", "AQAAAAAAAA!",
                          "A=AAAAAAAAA=", "AQAAAAAAAAD/////////w=="})
    EXPECT_FALSE(parse_b64_words(bad).has_value()) << bad;
}

TEST(SealVectors, FileShape) {
  const Json& j = vectors();
  EXPECT_EQ(j.at("source").at("package"), "node-seal 6.0.3");
  EXPECT_EQ(j.at("source").at("seal_version"), "4.1");
  ASSERT_FALSE(j.at("primes").empty());
  ASSERT_FALSE(j.at("cases").empty());
  const auto& mbc = j.at("max_bit_count_tc128");
  EXPECT_EQ(mbc.at("8192"), 218);
  EXPECT_EQ(mbc.at("16384"), 438);
  EXPECT_EQ(mbc.at("32768"), 881);
}

// Every prime is prime, 1 mod 2N, of its bit size; and the list is what SEAL's CoeffModulus::Create
// returns: for each bit size b used r times, the r largest primes = 1 mod 2N below 2^b, handed out
// smallest first in the order of `bits`.
TEST(SealVectors, PrimesFollowSealsCreate) {
  for (const auto& set : vectors().at("primes")) {
    const u64 n = set.at("n");
    const auto bits = set.at("bits").get<std::vector<int>>();
    const auto primes = primes_of(set.at("primes"));
    ASSERT_EQ(primes.size(), bits.size());
    for (std::size_t i = 0; i < primes.size(); ++i) {
      EXPECT_TRUE(is_prime_u64(primes[i])) << primes[i];
      EXPECT_EQ(primes[i] % (2 * n), 1u) << primes[i];
      EXPECT_EQ(bit_length(primes[i]), bits[i]) << primes[i];
    }
    std::vector<int> sizes = bits;
    std::sort(sizes.begin(), sizes.end());
    sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
    for (int b : sizes) {
      std::vector<u64> expect;  // descending search, as SEAL's get_primes
      const std::size_t r = static_cast<std::size_t>(std::count(bits.begin(), bits.end(), b));
      for (u64 v = ((u64{1} << b) - 1) / (2 * n) * (2 * n) + 1; expect.size() < r && v > (u64{1} << (b - 1));
           v -= 2 * n)
        if (is_prime_u64(v)) expect.push_back(v);
      for (std::size_t i = 0; i < bits.size(); ++i) {
        if (bits[i] != b) continue;
        ASSERT_FALSE(expect.empty());
        EXPECT_EQ(primes[i], expect.back()) << "n=" << n << " bits[" << i << "]=" << b;
        expect.pop_back();
      }
    }
  }
}

TEST(SealVectors, NttRootsAreMinimalPrimitive) {
  for (const auto& c : vectors().at("cases")) {
    const u64 n = c.at("n");
    const auto primes = primes_of(c.at("primes"));
    const auto roots = primes_of(c.at("ntt_roots"));
    ASSERT_EQ(roots.size(), primes.size());
    for (std::size_t i = 0; i < primes.size(); ++i) {
      const u64 q = primes[i], psi = roots[i];
      EXPECT_EQ(powmod(psi, n, q), q - 1) << "psi^N != -1 mod " << q;
      const u64 psi2 = mulmod(psi, psi, q);
      u64 cur = psi;
      for (u64 k = 0; k < n; ++k, cur = mulmod(cur, psi2, q)) EXPECT_GE(cur, psi) << "smaller root exists";
    }
  }
}

// Slot j of a plaintext m (CRT-composed, centred) is m(zeta^(3^j)) / scale, zeta = exp(i pi / N).
std::vector<std::complex<long double>> decode_naive(const std::vector<std::vector<u64>>& m,
                                                    const std::vector<u64>& primes, std::size_t n,
                                                    long double scale) {
  const std::size_t k = m.size();
  u128 big_q = 1;
  for (std::size_t i = 0; i < k; ++i) big_q *= primes[i];
  // CRT: x = sum r_i * ((Q/q_i)^-1 mod q_i) * (Q/q_i) mod Q; Q < 2^126 here, so nothing overflows.
  EXPECT_LT(std::log2(static_cast<long double>(big_q)), 126.0L);
  std::vector<u128> q_hat(k);
  std::vector<u64> q_hat_inv(k);
  for (std::size_t i = 0; i < k; ++i) {
    q_hat[i] = big_q / primes[i];
    q_hat_inv[i] = powmod(static_cast<u64>(q_hat[i] % primes[i]), primes[i] - 2, primes[i]);
  }
  std::vector<long double> coeff(n);
  for (std::size_t t = 0; t < n; ++t) {
    u128 x = 0;
    for (std::size_t i = 0; i < k; ++i) {
      const u128 term = static_cast<u128>(mulmod(m[i][t], q_hat_inv[i], primes[i])) * q_hat[i] % big_q;
      x = (x + term) % big_q;
    }
    coeff[t] = x > big_q / 2 ? -static_cast<long double>(big_q - x) : static_cast<long double>(x);
  }
  std::vector<std::complex<long double>> slots;
  const std::size_t two_n = 2 * n;
  std::size_t pos = 1;
  const long double pi = 3.141592653589793238462643383279502884L;
  std::vector<std::complex<long double>> zeta(two_n);
  for (std::size_t t = 0; t < two_n; ++t)
    zeta[t] = {std::cos(pi * static_cast<long double>(t) / static_cast<long double>(n)),
               std::sin(pi * static_cast<long double>(t) / static_cast<long double>(n))};
  for (std::size_t j = 0; j < n / 2; ++j, pos = pos * 3 % two_n) {
    std::complex<long double> acc = 0;
    for (std::size_t t = 0; t < n; ++t) acc += coeff[t] * zeta[pos * t % two_n];
    slots.push_back(acc / scale);
  }
  return slots;
}

// a * s mod (X^N + 1, q) for a ternary s given as signed values: additions only.
std::vector<u64> mul_ternary(const std::vector<u64>& a, const std::vector<int>& s, u64 q) {
  const std::size_t n = a.size();
  std::vector<u64> out(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (s[i] == 0) continue;
    for (std::size_t j = 0; j < n; ++j) {
      const std::size_t t = i + j;
      const bool wrap = t >= n;
      const bool neg = (s[i] < 0) != wrap;
      u64& o = out[wrap ? t - n : t];
      o = neg ? (o >= a[j] ? o - a[j] : o + q - a[j]) : (o + a[j] >= q ? o + a[j] - q : o + a[j]);
    }
  }
  return out;
}

TEST(SealVectors, CaseIsConsistentWithoutOurCkksCode) {
  for (const auto& c : vectors().at("cases")) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const std::size_t n = c.at("n");
    ASSERT_TRUE(n >= 8 && (n & (n - 1)) == 0);
    const auto primes = primes_of(c.at("primes"));
    for (u64 q : primes) EXPECT_TRUE(is_prime_u64(q) && q % (2 * n) == 1) << q;
    const std::size_t data_levels = primes.size() - c.at("special_prime_count").get<std::size_t>();
    const long double scale = c.at("scale").get<double>();

    // Secret key: ternary, N entries, a plausible share of non-zeros (uniform ternary: 2/3).
    const auto sk = c.at("secret_key").get<std::vector<int>>();
    ASSERT_EQ(sk.size(), n);
    EXPECT_TRUE(std::all_of(sk.begin(), sk.end(), [](int v) { return v >= -1 && v <= 1; }));
    const auto nonzero = std::count_if(sk.begin(), sk.end(), [](int v) { return v != 0; });
    EXPECT_GT(nonzero, static_cast<long>(n / 2));
    EXPECT_LT(nonzero, static_cast<long>(5 * n / 6));

    // s^2 mod each prime (for size-3 ciphertexts), via the ternary product.
    std::vector<std::vector<u64>> s_mod(primes.size()), s2_mod(primes.size());
    for (std::size_t i = 0; i < primes.size(); ++i) {
      for (int v : sk) s_mod[i].push_back(v < 0 ? primes[i] - 1 : static_cast<u64>(v));
      s2_mod[i] = mul_ternary(s_mod[i], sk, primes[i]);
    }

    std::map<std::string, std::vector<std::complex<long double>>> inputs;
    for (const char* name : {"z1", "z2"}) {
      const auto& vals = c.at("values").at(name);
      ASSERT_EQ(vals.size(), n / 2);
      for (const auto& v : vals) {
        const double re = v.at(0), im = v.at(1);
        EXPECT_TRUE(std::abs(re) <= 1 && std::abs(im) <= 1);
        inputs[name].push_back({re, im});
      }
    }
    for (const char* name : {"plain_real_z1", "plain_z1"}) {
      const auto& p = c.at(name);
      EXPECT_EQ(p.at("level"), data_levels);
      const auto res = residues_of(p.at("coeffs"), primes, n);
      ASSERT_EQ(res.size(), data_levels);
      // The plaintext decodes (naively) to the input within the encoding error.
      const auto slots = decode_naive(res, primes, n, scale);
      for (std::size_t j = 0; j < n / 2; ++j) {
        const std::complex<long double> want = std::string(name) == "plain_z1"
                                                   ? inputs["z1"][j]
                                                   : std::complex<long double>(inputs["z1"][j].real());
        EXPECT_LT(std::abs(slots[j] - want), 1e-6L) << name << " slot " << j;
      }
    }

    const auto& z1 = inputs["z1"];
    const auto& z2 = inputs["z2"];
    const std::size_t half = n / 2;
    const std::size_t two_n = 2 * n;
    for (const auto& op : c.at("ops")) {
      const std::string name = op.at("op");
      SCOPED_TRACE(name + " " + op.dump().substr(0, 80));
      const auto& ct = op.at("ciphertext");
      const std::size_t size = ct.at("size"), level = ct.at("level");
      ASSERT_TRUE(size == 2 || size == 3);
      ASSERT_TRUE(level >= 1 && level <= data_levels);
      ASSERT_EQ(ct.at("polys").size(), size);
      std::vector<std::vector<std::vector<u64>>> polys;
      for (const auto& p : ct.at("polys")) {
        polys.push_back(residues_of(p, primes, n));
        ASSERT_EQ(polys.back().size(), level);
      }

      // Expected slots from the plaintext arithmetic on the inputs.
      std::vector<std::complex<long double>> want(half);
      for (std::size_t j = 0; j < half; ++j) {
        if (name == "encrypt") {
          want[j] = (op.at("input") == "z1" ? z1 : z2)[j];
        } else if (name == "rotate_vector") {
          const long k = op.at("steps");
          want[j] = z1[static_cast<std::size_t>(
              ((static_cast<long>(j) + k) % static_cast<long>(half) + static_cast<long>(half)) %
              static_cast<long>(half))];
          // SEAL's Galois element: 3^k mod 2N, 3^(N/2 - |k|) for k < 0.
          const u64 e = static_cast<u64>(k < 0 ? static_cast<long>(half) + k : k);
          EXPECT_EQ(op.at("galois_elt").get<u64>(), powmod(3, e, two_n));
        } else if (name == "complex_conjugate") {
          want[j] = std::conj(z1[j]);
          EXPECT_EQ(op.at("galois_elt").get<u64>(), two_n - 1);
        } else {
          ASSERT_TRUE(name.rfind("multiply", 0) == 0) << name;
          want[j] = z1[j] * z2[j];
        }
      }

      // Decrypt: m = c0 + c1 s (+ c2 s^2) mod each prime of the ciphertext's level.
      std::vector<std::vector<u64>> m(level);
      for (std::size_t i = 0; i < level; ++i) {
        const u64 q = primes[i];
        m[i] = polys[0][i];
        const auto c1s = mul_ternary(polys[1][i], sk, q);
        for (std::size_t t = 0; t < n; ++t) m[i][t] = (m[i][t] + c1s[t]) % q;
        if (size == 3) {  // c2 * s^2, schoolbook negacyclic
          std::vector<u64> acc(n, 0);
          for (std::size_t a = 0; a < n; ++a)
            for (std::size_t b = 0; b < n; ++b) {
              const u64 p = mulmod(polys[2][i][a], s2_mod[i][b], q);
              const std::size_t t = a + b;
              u64& o = acc[t < n ? t : t - n];
              o = t < n ? (o + p >= q ? o + p - q : o + p) : (o >= p ? o - p : o + q - p);
            }
          for (std::size_t t = 0; t < n; ++t) m[i][t] = (m[i][t] + acc[t]) % q;
        }
      }
      const auto got = decode_naive(m, primes, n, static_cast<long double>(ct.at("scale").get<double>()));
      const auto& seal_decoded = ct.at("seal_decoded");
      ASSERT_EQ(seal_decoded.size(), half);
      long double max_vs_seal = 0, max_vs_plain = 0;
      for (std::size_t j = 0; j < half; ++j) {
        const std::complex<long double> s{seal_decoded[j].at(0).get<double>(),
                                          seal_decoded[j].at(1).get<double>()};
        max_vs_seal = std::max(max_vs_seal, std::abs(got[j] - s));
        max_vs_plain = std::max(max_vs_plain, std::abs(s - want[j]));
      }
      EXPECT_LT(max_vs_seal, 1e-9L) << "naive decryption vs SEAL's decoding";
      EXPECT_LT(max_vs_plain, 2e-4L) << "SEAL's decoding vs plaintext arithmetic";
    }
  }
}

}  // namespace
}  // namespace zkc::he::ckks
