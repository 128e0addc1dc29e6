// x86-64 kernels for 4-limb arithmetic modulo a pseudo-Mersenne prime p = 2^255 - c (c < 2^31),
// elements stored canonically: the 512-bit product by mulx with two carry chains (adcx/adox; Gopal
// et al., "New Instructions Supporting Large Integer Arithmetic on Intel Architecture Processors",
// 2012), then two folds: 2^256 = 2c (mod p) takes the high half into five words, 2^255 = c (mod p)
// takes bits 255 and up into a value below 2^255 + 2^62 < 2p, and one constant-time subtraction of p
// (done as: t = r + c; r >= p exactly when bit 255 of t is set, and then r - p = t - 2^255).
// Private to zkc/ff; its portable twin (and the proof of the bounds) is pm_reduce in ff/fp.hpp.
// Constant time: no branches, no secret-dependent memory access. Inputs below p, output below p.
#pragma once

#include <cstdint>

#include "zkc/ff/internal/mont_x86_64.hpp"  // ZKC_FF_HAVE_ADX, Limbs

namespace zkc::ff::internal {

#if ZKC_FF_HAVE_ADX

// The asm is laid out one instruction a line, so clang-format keeps off it.
// clang-format off
// Fold the 512-bit product W0..W7 (little-endian words; W0 in a register or in memory) to a value
// below p in T4, T1, T2, T3 (the registers of W4, W1, W2, W3). Uses rdx, lo, hi, zero; clobbers
// T5..T7. With W < p^2 < 2^510 (so W4..W7 < 2^254); the bounds are derived at pm_reduce in fp.hpp:
// step 1: s = W0..W3 + 2c W4..W7 < 2^287, five words (T4, T1, T2, T3, T7);
// step 2: q = s >> 255 < 2^32, r = (s mod 2^255) + c q < 2^255 + 2^63 < 2p;
// step 3: u = r + c; when bit 255 of u is set, r >= p and the result is u - 2^255 = r - p.
#define ZKC_PM_REDUCE(W0, T1, T2, T3, T4, T5, T6, T7) \
  "movq %[c2], %%rdx\n\t"                             \
  "xorl %k[zero], %k[zero]\n\t"                       \
  "mulxq %[" #T4 "], %[" #T4 "], %[hi]\n\t"           \
  "adoxq %[" #W0 "], %[" #T4 "]\n\t"                  \
  "adcxq %[hi], %[" #T1 "]\n\t"                       \
  "mulxq %[" #T5 "], %[lo], %[hi]\n\t"                \
  "adoxq %[lo], %[" #T1 "]\n\t"                       \
  "adcxq %[hi], %[" #T2 "]\n\t"                       \
  "mulxq %[" #T6 "], %[lo], %[hi]\n\t"                \
  "adoxq %[lo], %[" #T2 "]\n\t"                       \
  "adcxq %[hi], %[" #T3 "]\n\t"                       \
  "mulxq %[" #T7 "], %[lo], %[" #T7 "]\n\t"           \
  "adoxq %[lo], %[" #T3 "]\n\t"                       \
  "adcxq %[zero], %[" #T7 "]\n\t"                     \
  "adoxq %[zero], %[" #T7 "]\n\t"                     \
  "movq %[" #T3 "], %[hi]\n\t"                        \
  "shrq $63, %[hi]\n\t"                               \
  "btrq $63, %[" #T3 "]\n\t"                          \
  "leaq (%[hi], %[" #T7 "], 2), %[" #T7 "]\n\t"       \
  "imulq %[c], %[" #T7 "], %[" #T7 "]\n\t"            \
  "addq %[" #T7 "], %[" #T4 "]\n\t"                   \
  "adcq $0, %[" #T1 "]\n\t"                           \
  "adcq $0, %[" #T2 "]\n\t"                           \
  "adcq $0, %[" #T3 "]\n\t"                           \
  "movq %[" #T4 "], %[" #T5 "]\n\t"                   \
  "movq %[" #T1 "], %[" #T6 "]\n\t"                   \
  "movq %[" #T2 "], %[lo]\n\t"                        \
  "movq %[" #T3 "], %[hi]\n\t"                        \
  "addq %[c], %[" #T5 "]\n\t"                         \
  "adcq $0, %[" #T6 "]\n\t"                           \
  "adcq $0, %[lo]\n\t"                                \
  "adcq $0, %[hi]\n\t"                                \
  "btrq $63, %[hi]\n\t"                               \
  "cmovcq %[" #T5 "], %[" #T4 "]\n\t"                 \
  "cmovcq %[" #T6 "], %[" #T1 "]\n\t"                 \
  "cmovcq %[lo], %[" #T2 "]\n\t"                      \
  "cmovcq %[hi], %[" #T3 "]\n\t"

// One row of the schoolbook product: t(I)..t(I+4) += a * b[I] (t(I+4) starts empty).
#define ZKC_PM_ROW(BI, T0, T1, T2, T3, T4) \
  "movq " #BI "(%[b]), %%rdx\n\t"           \
  "xorl %k[zero], %k[zero]\n\t"             \
  "mulxq 0(%[a]), %[lo], %[hi]\n\t"         \
  "adoxq %[lo], %[" #T0 "]\n\t"             \
  "adcxq %[hi], %[" #T1 "]\n\t"             \
  "mulxq 8(%[a]), %[lo], %[hi]\n\t"         \
  "adoxq %[lo], %[" #T1 "]\n\t"             \
  "adcxq %[hi], %[" #T2 "]\n\t"             \
  "mulxq 16(%[a]), %[lo], %[hi]\n\t"        \
  "adoxq %[lo], %[" #T2 "]\n\t"             \
  "adcxq %[hi], %[" #T3 "]\n\t"             \
  "mulxq 24(%[a]), %[lo], %[" #T4 "]\n\t"   \
  "adoxq %[lo], %[" #T3 "]\n\t"             \
  "adcxq %[zero], %[" #T4 "]\n\t"           \
  "adoxq %[zero], %[" #T4 "]\n\t"

// The limb arrays read through a and b: as memory operands, or, under clang's AddressSanitizer (where
// the operands' addresses would take registers the 13-register kernel does not have), as a "memory"
// clobber.
#if ZKC_FF_ASAN
#define ZKC_PM_LIMB_INPUTS
#define ZKC_PM_CLOBBERS "rdx", "cc", "memory"
#else
#define ZKC_PM_LIMB_INPUTS , "m"(*reinterpret_cast<const Limbs*>(a)), "m"(*reinterpret_cast<const Limbs*>(b))
#define ZKC_PM_CLOBBERS "rdx", "cc"
#endif

// out = a * b mod (2^255 - C), inputs below p, output below p.
template <std::uint64_t C>
[[gnu::always_inline]] inline void pm_mul_adx(std::uint64_t out[4], const std::uint64_t a[4],
                                              const std::uint64_t b[4]) {
  static_assert(C > 0 && C < (std::uint64_t{1} << 31));
  // 13 registers, as the Montgomery kernel's 12 plus one: the low product word is final after row 0
  // and waits in memory (step 1 of the fold adds it from there).
  std::uint64_t t0, t1, t2, t3, t4, t5, t6, lo, hi, zero, w0;
  __asm__(
      // row 0: w0, t1..t4 = a * b[0]
      "movq 0(%[b]), %%rdx\n\t"
      "mulxq 0(%[a]), %[t0], %[t1]\n\t"
      "mulxq 8(%[a]), %[lo], %[t2]\n\t"
      "addq %[lo], %[t1]\n\t"
      "mulxq 16(%[a]), %[lo], %[t3]\n\t"
      "adcq %[lo], %[t2]\n\t"
      "mulxq 24(%[a]), %[lo], %[t4]\n\t"
      "adcq %[lo], %[t3]\n\t"
      "adcq $0, %[t4]\n\t"
      "movq %[t0], %[w0]\n\t"  // t0's register takes product word 5
      ZKC_PM_ROW(8, t1, t2, t3, t4, t0)
      ZKC_PM_ROW(16, t2, t3, t4, t0, t5)
      ZKC_PM_ROW(24, t3, t4, t0, t5, t6)
      // product words: w0, t1, t2, t3, t4, t0, t5, t6
      ZKC_PM_REDUCE(w0, t1, t2, t3, t4, t0, t5, t6)
      : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [t4] "=&r"(t4), [t5] "=&r"(t5),
        [t6] "=&r"(t6), [lo] "=&r"(lo), [hi] "=&r"(hi), [zero] "=&r"(zero), [w0] "=&m"(w0)
      : [a] "r"(a), [b] "r"(b) ZKC_PM_LIMB_INPUTS, [c2] "i"(2 * C), [c] "i"(C)
      : ZKC_PM_CLOBBERS);
  out[0] = t4;
  out[1] = t1;
  out[2] = t2;
  out[3] = t3;
}

// out = a^2 mod (2^255 - C): the six cross products once, doubled, plus the four squares.
template <std::uint64_t C>
[[gnu::always_inline]] inline void pm_square_adx(std::uint64_t out[4], const std::uint64_t a[4]) {
  static_assert(C > 0 && C < (std::uint64_t{1} << 31));
  std::uint64_t t0, t1, t2, t3, t4, t5, t6, t7, lo, hi, zero;
  __asm__(
      // cross products a_i a_j (i < j) into t1..t6
      "movq 0(%[a]), %%rdx\n\t"
      "mulxq 8(%[a]), %[t1], %[t2]\n\t"   // a0 a1 at word 1
      "mulxq 16(%[a]), %[lo], %[t3]\n\t"  // a0 a2 at word 2
      "addq %[lo], %[t2]\n\t"
      "mulxq 24(%[a]), %[lo], %[t4]\n\t"  // a0 a3 at word 3
      "adcq %[lo], %[t3]\n\t"
      "movq 8(%[a]), %%rdx\n\t"
      "mulxq 24(%[a]), %[lo], %[t5]\n\t"  // a1 a3 at word 4
      "adcq %[lo], %[t4]\n\t"
      "movq 16(%[a]), %%rdx\n\t"
      "mulxq 24(%[a]), %[lo], %[t6]\n\t"  // a2 a3 at word 5
      "adcq %[lo], %[t5]\n\t"
      "adcq $0, %[t6]\n\t"
      "movq 8(%[a]), %%rdx\n\t"
      "mulxq 16(%[a]), %[lo], %[hi]\n\t"  // a1 a2 at word 3
      "addq %[lo], %[t3]\n\t"
      "adcq %[hi], %[t4]\n\t"
      "adcq $0, %[t5]\n\t"
      "adcq $0, %[t6]\n\t"
      // double (adcx chain) and add the squares a_i^2 at word 2i (adox chain)
      "xorl %k[zero], %k[zero]\n\t"
      "movq 0(%[a]), %%rdx\n\t"
      "mulxq %%rdx, %[t0], %[hi]\n\t"
      "adcxq %[t1], %[t1]\n\t"
      "adoxq %[hi], %[t1]\n\t"
      "movq 8(%[a]), %%rdx\n\t"
      "mulxq %%rdx, %[lo], %[hi]\n\t"
      "adcxq %[t2], %[t2]\n\t"
      "adoxq %[lo], %[t2]\n\t"
      "adcxq %[t3], %[t3]\n\t"
      "adoxq %[hi], %[t3]\n\t"
      "movq 16(%[a]), %%rdx\n\t"
      "mulxq %%rdx, %[lo], %[hi]\n\t"
      "adcxq %[t4], %[t4]\n\t"
      "adoxq %[lo], %[t4]\n\t"
      "adcxq %[t5], %[t5]\n\t"
      "adoxq %[hi], %[t5]\n\t"
      "movq 24(%[a]), %%rdx\n\t"
      "mulxq %%rdx, %[lo], %[t7]\n\t"
      "adcxq %[t6], %[t6]\n\t"
      "adoxq %[lo], %[t6]\n\t"
      "adcxq %[zero], %[t7]\n\t"
      "adoxq %[zero], %[t7]\n\t"
      ZKC_PM_REDUCE(t0, t1, t2, t3, t4, t5, t6, t7)
      : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [t4] "=&r"(t4), [t5] "=&r"(t5),
        [t6] "=&r"(t6), [t7] "=&r"(t7), [lo] "=&r"(lo), [hi] "=&r"(hi), [zero] "=&r"(zero)
      : [a] "r"(a), "m"(*reinterpret_cast<const Limbs*>(a)), [c2] "i"(2 * C), [c] "i"(C)
      : "rdx", "cc");
  out[0] = t4;
  out[1] = t1;
  out[2] = t2;
  out[3] = t3;
}
// clang-format on

#undef ZKC_PM_ROW
#undef ZKC_PM_REDUCE
#undef ZKC_PM_LIMB_INPUTS
#undef ZKC_PM_CLOBBERS

#endif  // ZKC_FF_HAVE_ADX

}  // namespace zkc::ff::internal
