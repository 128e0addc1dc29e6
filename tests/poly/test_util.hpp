// Helpers shared by the poly tests: seeded random Fr vectors and the edge inputs of the NTT tests.
#pragma once

#include <random>
#include <string>
#include <utility>
#include <vector>

#include "testing/testing.hpp"
#include "zkc/ff/bn254/fr.hpp"

namespace zkc::poly::test {

using ff::bn254::Fr;

inline Fr random_fr(std::mt19937_64& g) {
  return Fr::from_u256(testing::random_below(g, Fr::kModulus)).value();
}

inline std::vector<Fr> random_vector(std::mt19937_64& g, std::size_t n) {
  std::vector<Fr> v(n);
  for (auto& x : v) x = random_fr(g);
  return v;
}

// Named edge inputs of length n: zeros, a delta at 0, a delta at 1, all ones, all p - 1.
inline std::vector<std::pair<std::string, std::vector<Fr>>> edge_vectors(std::size_t n) {
  std::vector<Fr> delta0(n), delta1(n);
  delta0[0] = Fr::one();
  delta1[1 % n] = Fr::one();
  return {{"zeros", std::vector<Fr>(n)},
          {"delta0", delta0},
          {"delta1", delta1},
          {"ones", std::vector<Fr>(n, Fr::one())},
          {"minus_ones", std::vector<Fr>(n, -Fr::one())}};
}

}  // namespace zkc::poly::test
