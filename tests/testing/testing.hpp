// Test helpers shared by every module's tests: a reproducible random source (the seed is printed;
// ZKC_TEST_SEED=<n> replays it), GMP conversions for oracle checks, and the path of tests/data.
#pragma once

#include <gmpxx.h>

#include <cstdint>
#include <random>
#include <string>

#include "zkc/ff/u256.hpp"

namespace zkc::testing {

// The seed of this test process: ZKC_TEST_SEED if set, otherwise fresh; printed once.
std::uint64_t test_seed();

// A generator seeded from test_seed() mixed with `stream`, so each test has its own sequence.
std::mt19937_64 rng(std::uint64_t stream = 0);

ff::U256 random_u256(std::mt19937_64& g);
// Uniform below `bound` (rejection sampling).
ff::U256 random_below(std::mt19937_64& g, const ff::U256& bound);

mpz_class to_mpz(const ff::U256& v);
ff::U256 from_mpz(const mpz_class& v);  // requires 0 <= v < 2^256

std::string data_path(const std::string& relative);  // tests/data/<relative>

}  // namespace zkc::testing
