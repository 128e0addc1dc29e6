// Homomorphic operations on CKKS ciphertexts (NTT domain throughout).
// Primitive operations keep exact scale bookkeeping and never rescale on their own:
//   add/sub need equal levels and equal scales (relative difference below 1e-9), multiply gives a
//   three-part ciphertext with the product of the scales, relinearize and the Galois operations switch
//   keys (key_switch below), rescale divides by the last prime q_l and drops it.
// Leveled operations (mul, mul_const, mul_values, add_const, add_values, align) keep every result on the
// context's scale ladder (params.hpp): a product at level l lands on Delta_{l-1} exactly, and operands at
// different levels are first aligned (the higher one is brought down with a multiplication by 1 encoded at
// the scale that lands it on the lower level's Delta). Errors name the mismatch (level, scale, missing key).
//
// Key switching (SEAL's scheme with one special prime P): d at level l is split into its residues d_j mod
// q_j (j <= l); sum_j d_j (b_j, a_j) over q_0..q_l and P, then divided by P with rounding (mod-down).
// Cost: (l+1) inverse NTTs, (l+1)^2 forward NTTs for the digits, 2 inverse and 2(l+1) forward NTTs to
// divide by P.
#pragma once

#include <span>

#include "zkc/he/ckks/encoder.hpp"
#include "zkc/he/ckks/keys.hpp"

namespace zkc::he::ckks {

class Evaluator {
 public:
  explicit Evaluator(ContextPtr ctx);
  const Context& context() const { return *ctx_; }

  // --- primitive operations -------------------------------------------------------------------
  Result<Ciphertext> add(const Ciphertext& a, const Ciphertext& b) const;
  Result<Ciphertext> sub(const Ciphertext& a, const Ciphertext& b) const;
  Ciphertext negate(const Ciphertext& a) const;
  Result<Ciphertext> add_plain(const Ciphertext& a, const Plaintext& p) const;
  Result<Ciphertext> sub_plain(const Ciphertext& a, const Plaintext& p) const;
  Result<Ciphertext> multiply(const Ciphertext& a, const Ciphertext& b) const;  // -> 3 parts
  Result<Ciphertext> square(const Ciphertext& a) const;                         // -> 3 parts
  Result<Ciphertext> multiply_plain(const Ciphertext& a, const Plaintext& p) const;
  // a * round(c * constant_scale); the result's scale is a.scale * constant_scale.
  Result<Ciphertext> multiply_const(const Ciphertext& a, double c, double constant_scale) const;
  Ciphertext multiply_integer(const Ciphertext& a, std::int64_t k) const;  // scale unchanged
  Result<Ciphertext> relinearize(const Ciphertext& a, const RelinKey& rk) const;
  Result<Ciphertext> rescale(const Ciphertext& a) const;
  Result<Ciphertext> drop_level(const Ciphertext& a, int level) const;  // discard primes, scale kept
  Result<Ciphertext> rotate(const Ciphertext& a, int steps, const GaloisKeys& gk) const;  // left rotation
  Result<Ciphertext> conjugate(const Ciphertext& a, const GaloisKeys& gk) const;
  Result<Ciphertext> apply_galois(const Ciphertext& a, std::uint64_t g, const GaloisKeys& gk) const;

  // (out0, out1) at d's level with out0 + out1 s ~ d s', for the switching key from s' to s.
  void key_switch(const RnsPoly& d, const KeySwitchKey& key, RnsPoly& out0, RnsPoly& out1) const;

  // --- leveled operations (results on the scale ladder) ------------------------------------------
  Result<Ciphertext> align(const Ciphertext& a, int level) const;  // bring down to `level`, scale Delta_level
  Result<Ciphertext> mul(const Ciphertext& a, const Ciphertext& b, const RelinKey& rk) const;
  Result<Ciphertext> mul_const(const Ciphertext& a, double c) const;
  Result<Ciphertext> mul_values(const Ciphertext& a, std::span<const double> values) const;
  Result<Ciphertext> add_const(const Ciphertext& a, double c) const;
  Result<Ciphertext> add_values(const Ciphertext& a, std::span<const double> values) const;
  Result<Ciphertext> add_any(const Ciphertext& a, const Ciphertext& b) const;  // aligns levels first
  Result<Ciphertext> sub_any(const Ciphertext& a, const Ciphertext& b) const;

 private:
  Status check(const Ciphertext& a, const char* what) const;
  Status same_level_and_scale(const Ciphertext& a, const Ciphertext& b) const;
  ContextPtr ctx_;
  Encoder encoder_;
};

}  // namespace zkc::he::ckks
