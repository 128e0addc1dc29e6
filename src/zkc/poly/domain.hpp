// Evaluation domains: the multiplicative subgroup H = <omega> of order n = 2^k in BN254 Fr, with
// its twiddle tables (omega^i for i in [0, n/2], built on first use), for the NTT and the quotient.
// Convention (must match snarkjs, whose zkeys encode it): omega_k = w[k] with w[s] = nqr^((p-1)/2^s)
// and w[k] = w[k+1]^2, nqr the smallest quadratic non-residue (5 for BN254 Fr, s = 28); the coset
// shift is w[k+1] (nqr^2 when k = s). Sources: iden3/ffjavascript src/wasm_field1.js (constructor:
// nqr, shift = nqr^2, w[]) and iden3/snarkjs src/groth16_prove.js (`inc`); the value
// w[28] = 1910321906...162161904 is also libff's alt_bn128 Fr root_of_unity.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "zkc/base/result.hpp"
#include "zkc/ff/bn254/fr.hpp"
#include "zkc/ff/u256.hpp"

namespace zkc::poly {

using ff::bn254::Fr;

// The smallest n >= 2 that is a quadratic non-residue of F (as ffjavascript computes its `nqr`).
template <class F>
F smallest_non_residue() {
  static const F nqr = [] {
    ff::u64 n = 2;
    while (F::from_u64(n).legendre() != -1) ++n;
    return F::from_u64(n);
  }();
  return nqr;
}

// The primitive 2^log2n-th root of unity w[log2n] of F, derived from the field alone:
// w[s] = nqr^((p-1)/2^s) has order exactly 2^s (nqr is a non-residue), w[k] = w[k+1]^2.
// Error when log2n exceeds the two-adicity s of F.
template <class F>
Result<F> root_of_unity(unsigned log2n) {
  if (log2n > F::kTwoAdicity)
    return make_error(Errc::kInvalidArgument, "root_of_unity: 2^" + std::to_string(log2n) +
                                                  " does not divide p - 1 (two-adicity " +
                                                  std::to_string(F::kTwoAdicity) + ")");
  const ff::U256 odd_part = (F::kModulus - ff::U256::from_u64(1)).shr(F::kTwoAdicity);
  F w = smallest_non_residue<F>().pow(odd_part);  // w[s]
  for (unsigned i = F::kTwoAdicity; i > log2n; --i) w = w.square();
  return w;
}

// The subgroup of order n = 2^k of Fr^*, 1 <= k <= 28. Immutable; copies share the tables.
class EvaluationDomain {
 public:
  static constexpr unsigned kMaxLog2Size = Fr::kTwoAdicity;  // 28

  // The domain of size 2^log2_size; error unless 1 <= log2_size <= 28.
  static Result<EvaluationDomain> create(unsigned log2_size);
  // The domain of size `size`; error unless size is a power of two in [2, 2^28].
  static Result<EvaluationDomain> with_size(std::size_t size);
  // The smallest domain with at least `min_size` points (and at least 2); error above 2^28.
  static Result<EvaluationDomain> at_least(std::size_t min_size);

  unsigned log2_size() const { return d_->log2_size; }
  std::size_t size() const { return std::size_t{1} << d_->log2_size; }
  const Fr& omega() const { return d_->omega; }          // w[k], a primitive n-th root of unity
  const Fr& omega_inv() const { return d_->omega_inv; }  // omega^-1
  const Fr& size_inv() const { return d_->size_inv; }    // n^-1
  // The default coset shift g (snarkjs's `inc`): w[k+1], a primitive 2n-th root of unity, so that
  // g^n = -1 and the vanishing polynomial X^n - 1 equals -2 on all of g*H; nqr^2 when k = 28.
  const Fr& coset_shift() const { return d_->coset_shift; }
  // omega^i for any i (reduced mod n).
  Fr element(std::size_t i) const { return pow_omega(i & (size() - 1)); }

  // The twiddle tables, built on the first call (thread-safe), 36 n bytes in all (n = 2^20: 36 MiB):
  // omega^i for i in [0, n/2] (the last entry is -1), and the same values for the vector kernels as
  // five planes of 52-bit limbs of omega^i 2^260 mod p (plane j at [j (n/2 + 1), (j + 1) (n/2 + 1));
  // empty when the build has no AVX-512 IFMA).
  std::span<const Fr> twiddles() const { return tables().powers; }
  std::span<const std::uint64_t> twiddle_planes() const { return tables().planes; }

 private:
  struct Tables {
    std::vector<Fr> powers;
    std::vector<std::uint64_t> planes;
  };
  struct Data {
    unsigned log2_size = 0;
    Fr omega, omega_inv, size_inv, coset_shift;
    mutable std::once_flag once;
    mutable Tables tables;
  };
  explicit EvaluationDomain(std::shared_ptr<const Data> d) : d_(std::move(d)) {}
  const Tables& tables() const;
  Fr pow_omega(std::size_t i) const;
  std::shared_ptr<const Data> d_;
};

}  // namespace zkc::poly
