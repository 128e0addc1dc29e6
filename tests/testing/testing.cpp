#include "testing/testing.hpp"

#include <cstdio>
#include <cstdlib>

#include "zkc/base/random.hpp"

namespace zkc::testing {

std::uint64_t test_seed() {
  static const std::uint64_t seed = [] {
    std::uint64_t s = 0;
    if (const char* env = std::getenv("ZKC_TEST_SEED")) {
      s = std::strtoull(env, nullptr, 10);
    } else {
      random_bytes(std::span(reinterpret_cast<std::uint8_t*>(&s), sizeof s));
    }
    std::fprintf(stderr, "[zkc] test seed %llu (replay with ZKC_TEST_SEED=%llu)\n",
                 static_cast<unsigned long long>(s), static_cast<unsigned long long>(s));
    return s;
  }();
  return seed;
}

std::mt19937_64 rng(std::uint64_t stream) {
  std::seed_seq seq{test_seed(), stream};
  return std::mt19937_64(seq);
}

ff::U256 random_u256(std::mt19937_64& g) {
  ff::U256 v;
  for (auto& l : v.limb) l = g();
  return v;
}

ff::U256 random_below(std::mt19937_64& g, const ff::U256& bound) {
  const unsigned bits = bound.num_bits();
  for (;;) {
    ff::U256 v = random_u256(g);
    if (bits < 256) {
      v = v.shl(256 - bits).shr(256 - bits);
    }
    if (v < bound) return v;
  }
}

mpz_class to_mpz(const ff::U256& v) {
  mpz_class r;
  mpz_import(r.get_mpz_t(), 4, -1, sizeof(std::uint64_t), 0, 0, v.limb.data());
  return r;
}

ff::U256 from_mpz(const mpz_class& v) {
  ff::U256 r;
  size_t count = 0;
  mpz_export(r.limb.data(), &count, -1, sizeof(std::uint64_t), 0, 0, v.get_mpz_t());
  return r;
}

std::string data_path(const std::string& relative) { return std::string(ZKC_TEST_DATA_DIR) + "/" + relative; }

}  // namespace zkc::testing
