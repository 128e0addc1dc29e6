// The multi-scalar multiplication algorithms behind commit::msm_vartime, exposed for tests and
// benchmarks (private to zkc/commit). All variable time: public scalars and points only.
// References: Straus (1964) interleaving with width-w NAF digits (Hankerson, Menezes, Vanstone,
// "Guide to Elliptic Curve Cryptography", Alg. 3.51 + 3.35); Pippenger's bucket method with signed
// digits (Bernstein, Doumen, Lange, Oosterwijk, "Faster batch forgery identification", INDOCRYPT 2012,
// sec. 4).
#pragma once

#include <cstddef>
#include <span>

#include "zkc/commit/ristretto255.hpp"

namespace zkc::commit::internal {

// msm_vartime uses Straus below this many points and Pippenger from it on. Measured with
// bench/commit_bench.cpp (BM_commit_msm_straus vs BM_commit_msm_pippenger): Pippenger is 18% slower at
// 160 points, even at 256, 31% faster at 1,024.
inline constexpr std::size_t kPippengerThreshold = 256;

RistrettoPoint msm_straus_vartime(std::span<const Scalar> scalars, std::span<const RistrettoPoint> points);
// window = 0 picks pippenger_window(n).
RistrettoPoint msm_pippenger_vartime(std::span<const Scalar> scalars, std::span<const RistrettoPoint> points,
                                     unsigned window = 0);
unsigned pippenger_window(std::size_t n);

}  // namespace zkc::commit::internal
