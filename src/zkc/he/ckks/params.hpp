// CKKS parameters and the context built from them (primes, NTT tables, rescaling and key-switching
// constants, the scale ladder). A Context is immutable once made and shared by every object of a session.
//
// Security: ring degrees 2^13, 2^14 and 2^15 with log2(QP), the product of ALL primes including the special
// one, at most 218, 438 and 881 bits: the 128-bit classical rows for a uniform ternary secret and error
// sigma ~ 3.2 of the HomomorphicEncryption.org standard (Albrecht et al., "Homomorphic Encryption Security
// Standard", 2018, Table 1). Anything else is refused unless `insecure_testing` is set (tests use small N).
//
// Primes: prime_bits lists q_0, ..., q_L (the data primes; q_0 holds the final result, q_1..q_L are divided
// out one per rescale) and then the special prime P used only for key switching (SEAL's convention: the last
// prime is special). Level l means the primes q_0..q_l are present; fresh ciphertexts are at level L.
//
// Scale ladder (exact scale management, as OpenFHE's FLEXIBLEAUTO): the nominal scale at level L is
// `scale`, and Delta_{l-1} = Delta_l^2 / q_l, so the product of two ciphertexts at level l, rescaled, lands
// exactly on Delta_{l-1}; the evaluator encodes constants and plaintexts so that every result sits on the
// ladder, which makes additions of ciphertexts from different paths exact in scale. The ladder drifts from
// `scale` exponentially when the data primes are not close to it (log2 Delta_{l-1} - log2 scale =
// 2 (log2 Delta_l - log2 scale) + log2(scale / q_l)), so Context::create refuses parameters whose ladder
// leaves [scale / 2, 2 scale] at some level, unless `manual_scales` says the caller never uses it. E.g. 13
// primes of 26 bits at scale 2^26 and N = 16384 (all a little below 2^26: primes = 1 mod 2N) reach
// 2^82 at level 0 and would decrypt to garbage; SEAL's 40-bit primes for N = 32768 stay within for 17
// levels, not 18 (tests/he/ckks/params_test.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "zkc/base/result.hpp"
#include "zkc/he/ckks/modulus.hpp"
#include "zkc/he/ckks/ntt.hpp"

namespace zkc::he::ckks {

struct Parameters {
  std::size_t ring_degree = 0;    // N, a power of two
  std::vector<int> prime_bits;    // q_0..q_L, then the special prime
  double scale = 0;               // Delta at the top level, e.g. 2^40
  bool insecure_testing = false;  // allow parameters outside the security table (tests only)
  // The caller picks the scale of every plaintext itself and never relies on the ladder (the ladder
  // operations Evaluator::mul, mul_const, mul_values and align): the ladder is not checked. For chains
  // whose primes are deliberately unequal (lending/encrypted_training.hpp).
  bool manual_scales = false;
};

// The largest log2(QP) the standard allows for ring degree n at 128-bit security (0 if n is not listed).
double max_log_modulus_128(std::size_t n);

class Context {
 public:
  static Result<std::shared_ptr<const Context>> create(const Parameters& params);

  const Parameters& parameters() const { return params_; }
  std::size_t n() const { return n_; }
  int log_n() const { return log_n_; }
  std::size_t slots() const { return n_ / 2; }
  int max_level() const { return static_cast<int>(data_primes_) - 1; }  // L
  std::size_t data_primes() const { return data_primes_; }              // L + 1
  std::size_t special_index() const { return data_primes_; }            // row of P in key polynomials
  std::size_t total_primes() const { return moduli_.size(); }           // L + 2
  const Modulus& modulus(std::size_t i) const { return moduli_[i]; }
  const NttTables& ntt(std::size_t i) const { return *ntt_[i]; }
  double log2_modulus() const { return log2_qp_; }  // log2 of the product of all primes
  bool secure() const { return secure_; }           // within the 128-bit table

  double scale_at(int level) const { return ladder_[static_cast<std::size_t>(level)]; }

  // q_l^{-1} mod q_i for i < l (rescaling), P mod q_i and P^{-1} mod q_i (key switching).
  std::uint64_t inv_q(int l, std::size_t i) const { return inv_q_[static_cast<std::size_t>(l)][i]; }
  std::uint64_t p_mod(std::size_t i) const { return p_mod_[i]; }
  std::uint64_t p_inv(std::size_t i) const { return p_inv_[i]; }

  // Position in the NTT domain of the evaluation at psi^e (e odd), and the Galois element of a left
  // rotation by `steps` slots (3^steps mod 2N as in SEAL, negative steps allowed) or of complex conjugation
  // (2N - 1).
  std::size_t index_of_exponent(std::uint64_t e) const { return index_of_exponent_[e >> 1]; }
  std::uint64_t exponent_at(std::size_t k) const { return exponent_at_[k]; }
  std::uint64_t galois_element(int steps) const;
  std::uint64_t conjugation_element() const { return 2 * n_ - 1; }

  // A fingerprint of the parameters (primes, N, scale) written into every serialized object. The two flags
  // (insecure_testing, manual_scales) change no arithmetic and do not enter it.
  std::uint64_t fingerprint() const { return fingerprint_; }

 private:
  Context() = default;
  Parameters params_;
  std::size_t n_ = 0;
  int log_n_ = 0;
  std::size_t data_primes_ = 0;
  std::vector<Modulus> moduli_;
  std::vector<std::unique_ptr<NttTables>> ntt_;
  std::vector<double> ladder_;
  std::vector<std::vector<std::uint64_t>> inv_q_;
  std::vector<std::uint64_t> p_mod_, p_inv_;
  std::vector<std::size_t> index_of_exponent_;
  std::vector<std::uint64_t> exponent_at_;
  double log2_qp_ = 0;
  bool secure_ = false;
  std::uint64_t fingerprint_ = 0;
};

using ContextPtr = std::shared_ptr<const Context>;

}  // namespace zkc::he::ckks
