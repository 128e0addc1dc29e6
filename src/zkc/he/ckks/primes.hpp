// NTT-friendly primes for RNS-CKKS: q prime with q = 1 (mod 2N), so Z_q holds a primitive 2N-th root of
// unity and the negacyclic NTT of size N exists. Generation follows SEAL's CoeffModulus::Create so the two
// libraries pick the same primes for the same bit sizes: for each bit size b, the largest primes below 2^b
// of the form k * 2N + 1, handed out smallest first when a size repeats (checked against node-seal in
// tests/data/he/ckks).
// Primality: Miller-Rabin with the first 12 prime bases, deterministic below 3.3 * 10^24 (Sorenson and
// Webster, "Strong pseudoprimes to twelve prime bases", Math. Comp. 2017), so exact for every u64.
#pragma once

#include <cstdint>
#include <vector>

#include "zkc/base/result.hpp"

namespace zkc::he::ckks {

bool is_prime(std::uint64_t n);

// Primes for the given bit sizes (each in [kMinPrimeBits, kMaxPrimeBits]), all distinct, each = 1 mod 2N,
// in the order of `bit_sizes`. Errors name a bit size out of range or a size with too few primes.
Result<std::vector<std::uint64_t>> generate_ntt_primes(std::size_t n, const std::vector<int>& bit_sizes);

// The smallest primitive 2N-th root of unity modulo q (q prime, q = 1 mod 2N): SEAL's choice as well.
std::uint64_t minimal_primitive_root(std::uint64_t q, std::size_t n);

}  // namespace zkc::he::ckks
