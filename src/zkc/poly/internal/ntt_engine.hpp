// The two implementations behind ntt.hpp (private to zkc/poly and its tests): a portable one on Fr
// arithmetic and an AVX-512 IFMA one on eight elements at a time (internal/radix52.hpp), both a
// radix-2 decimation in frequency (Gentleman and Sande, AFIPS 1966) over a rows x cols matrix view
// (Bailey, "FFTs in external or hierarchical memory", J. Supercomputing 4, 1990), then a blocked
// bit-reversal permutation (Carter and Gatlin, "Towards an optimal bit-reversal permutation
// program", FOCS 1998). Twiddles: omega^m = T[m]; omega^-m = -T[n/2 - m] (T = domain.twiddles()).
#pragma once

#include <span>

#include "zkc/poly/domain.hpp"

namespace zkc::poly::internal {

enum class NttEngine { kScalar, kIfma };

// Whether this build has the engine (kIfma: compiled with AVX-512 F, DQ, IFMA and VBMI2).
bool has_engine(NttEngine engine);
// The engine ntt() uses for this size.
NttEngine default_engine(unsigned log2_size);

// a <- sum_j a_j w^(ij) (w = omega, or omega^-1 when inverse), times *factor when not null, in
// natural order, with the given engine (kIfma needs log2 size >= 6). Values in and out in [0, p).
void transform(NttEngine engine, const EvaluationDomain& domain, std::span<Fr> a, bool inverse,
               const Fr* factor);

// The DIF stages only (natural order in, bit-reversed order out), per engine.
void dif_scalar(const EvaluationDomain& domain, std::span<Fr> a, bool inverse, const Fr* factor);
void dif_ifma(const EvaluationDomain& domain, std::span<Fr> a, bool inverse, const Fr* factor);

// a_i <- a_i * start * ratio^i, eight at a time with IFMA (falls back to Fr arithmetic without).
void scale_by_powers(std::span<Fr> a, const Fr& start, const Fr& ratio);

// a[i] <-> a[rev(i)], rev reversing the log2(a.size()) low bits; a.size() a power of two.
void bit_reverse(std::span<Fr> a);

}  // namespace zkc::poly::internal
