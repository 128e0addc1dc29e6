// Negacyclic number-theoretic transform over Z_q[X]/(X^N + 1), one table per RNS prime.
// Forward: a(X) -> (a(psi^(2 br(k) + 1)))_k, k = 0..N-1, where psi is the minimal primitive 2N-th root
// of unity and br is the log2(N)-bit reversal: Cooley-Tukey butterflies with the powers of psi stored in
// bit-reversed order (Longa and Naehrig, "Speeding up the NTT...", CANS 2016, Algorithms 1 and 2), and
// Harvey's lazy reduction (values kept in [0, 4q) inside the forward loop and [0, 2q) inside the inverse,
// Shoup multiplication by the fixed twiddles; Harvey, J. Symb. Comp. 2014). Outputs are fully reduced.
// Pointwise products in this domain are products in Z_q[X]/(X^N + 1). Branch-free in the data.
// With AVX-512 IFMA (compiled in by -march=native where the processor has it) primes below 2^50 run the
// stages with blocks of 8 or more butterflies eight lanes at a time on 52-bit multiply-adds (Shoup's
// quotient with base 2^52: 4q < 2^52 keeps every lazy value in a lane's multiplier input); the same
// invariants hold, so scalar and vector stages mix freely. Tests cover whichever path is compiled.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "zkc/he/ckks/modulus.hpp"

namespace zkc::he::ckks {

class NttTables {
 public:
  NttTables(const Modulus& q, std::size_t n);  // q = 1 mod 2N, prime

  const Modulus& modulus() const { return q_; }
  std::size_t size() const { return n_; }
  std::uint64_t psi() const { return psi_; }

  void forward(std::uint64_t* a) const;  // in place, input < q, output < q
  void inverse(std::uint64_t* a) const;  // in place, input < q, output < q

  // The exponent e (odd, in [1, 2N)) such that position k of the forward transform holds a(psi^e).
  std::uint64_t exponent_at(std::size_t k) const { return 2 * bit_reverse(k) + 1; }
  std::size_t bit_reverse(std::size_t k) const;

 private:
  Modulus q_;
  std::size_t n_ = 0;
  int log_n_ = 0;
  std::uint64_t psi_ = 0;
  std::vector<std::uint64_t> w_, w_shoup_;        // psi^br(i), i = 0..N-1
  std::vector<std::uint64_t> winv_, winv_shoup_;  // psi^-br(i) (the inverse of w_[i])
  std::uint64_t n_inv_ = 0, n_inv_shoup_ = 0;
  bool ifma_ = false;                        // q < 2^50 and the vector path is compiled in
  std::vector<std::uint64_t> w52_, winv52_;  // floor(w 2^52 / q) for the IFMA stages
  std::uint64_t n_inv52_ = 0;
};

// Whether this build has the AVX-512 IFMA stages (a property of the compiled code, not of a prime).
bool ntt_has_ifma();

// The schoolbook negacyclic product (O(N^2)), the reference the tests hold the NTT against.
std::vector<std::uint64_t> negacyclic_multiply_naive(const std::vector<std::uint64_t>& a,
                                                     const std::vector<std::uint64_t>& b, const Modulus& q);

}  // namespace zkc::he::ckks
