// x86-64 kernels for 4-limb Montgomery arithmetic with BMI2 (mulx) and ADX (adcx/adox): two
// independent carry chains per row, as in Intel's white paper "New Instructions Supporting Large
// Integer Arithmetic on Intel Architecture Processors" (Gopal et al., 2012), applied to CIOS
// Montgomery multiplication (Koc, Acar, Kaliski 1996). Valid for moduli whose top limb is below
// 2^63 - 1 ("no-carry" moduli, such as BN254's p and r): the running sum then fits in five words.
// Private to zkc/ff. Constant time: no branches, no secret-dependent memory access.
#pragma once

#include <cstdint>
#include <immintrin.h>

// The kernels pin up to 13 registers: only optimized builds free that many (at -O0 the frame
// pointer and spilled operands take them), so unoptimized builds use the portable C++ instead.
// The modulus limbs are memory operands (constants, addressed without a register), so the kernels
// also fit under clang's AddressSanitizer, which keeps more registers for itself (ZKC_FF_ASAN).
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ZKC_FF_ASAN 1
#endif
#endif
#ifndef ZKC_FF_ASAN
#define ZKC_FF_ASAN 0
#endif
#if defined(__x86_64__) && defined(__BMI2__) && defined(__ADX__) && defined(__OPTIMIZE__)
#define ZKC_FF_HAVE_ADX 1
#else
#define ZKC_FF_HAVE_ADX 0
#endif

namespace zkc::ff::internal {

// The asm reads whole limb arrays through pointers; these memory operands tell the compiler so
// (instead of a blanket "memory" clobber, which would pin every value in memory around each call).
using Limbs = std::uint64_t[4];

#if ZKC_FF_HAVE_ADX

// One CIOS row: t += a * b[i], then t = (t + m p) / 2^64 with m = t0 * inv mod 2^64.
#define ZKC_MONT_ROW(I)                      \
  "movq " #I "(%[b]), %%rdx\n\t"             \
  "xorl %k[zero], %k[zero]\n\t"              \
  "mulxq 0(%[a]), %[lo], %[hi]\n\t"          \
  "adoxq %[lo], %[t0]\n\t"                   \
  "adcxq %[hi], %[t1]\n\t"                   \
  "mulxq 8(%[a]), %[lo], %[hi]\n\t"          \
  "adoxq %[lo], %[t1]\n\t"                   \
  "adcxq %[hi], %[t2]\n\t"                   \
  "mulxq 16(%[a]), %[lo], %[hi]\n\t"         \
  "adoxq %[lo], %[t2]\n\t"                   \
  "adcxq %[hi], %[t3]\n\t"                   \
  "mulxq 24(%[a]), %[lo], %[t4]\n\t"         \
  "adoxq %[lo], %[t3]\n\t"                   \
  "adcxq %[zero], %[t4]\n\t"                 \
  "adoxq %[zero], %[t4]\n\t"                 \
  "movq %[t0], %%rdx\n\t"                    \
  "imulq %[inv], %%rdx\n\t"                  \
  "xorl %k[zero], %k[zero]\n\t"              \
  "mulxq %[p0], %[lo], %[hi]\n\t"            \
  "adoxq %[lo], %[t0]\n\t"                   \
  "adcxq %[hi], %[t1]\n\t"                   \
  "mulxq %[p1], %[lo], %[hi]\n\t"            \
  "adoxq %[lo], %[t1]\n\t"                   \
  "adcxq %[hi], %[t2]\n\t"                   \
  "mulxq %[p2], %[lo], %[hi]\n\t"            \
  "adoxq %[lo], %[t2]\n\t"                   \
  "adcxq %[hi], %[t3]\n\t"                   \
  "mulxq %[p3], %[lo], %[hi]\n\t"            \
  "adoxq %[lo], %[t3]\n\t"                   \
  "adcxq %[hi], %[t4]\n\t"                   \
  "adoxq %[zero], %[t4]\n\t"                 \
  "movq %[t1], %[t0]\n\t"                    \
  "movq %[t2], %[t1]\n\t"                    \
  "movq %[t3], %[t2]\n\t"                    \
  "movq %[t4], %[t3]\n\t"

// The limb arrays read through a and b: as memory operands, or, under clang's AddressSanitizer (where
// their addresses would take registers the kernel does not have), as a "memory" clobber.
#if ZKC_FF_ASAN
#define ZKC_MONT_LIMB_INPUTS
#define ZKC_MONT_CLOBBERS "rdx", "cc", "memory"
#else
#define ZKC_MONT_LIMB_INPUTS , "m"(*reinterpret_cast<const Limbs*>(a)), "m"(*reinterpret_cast<const Limbs*>(b))
#define ZKC_MONT_CLOBBERS "rdx", "cc"
#endif

// out = a * b * 2^-256 mod p, fully reduced; inputs below p.
[[gnu::always_inline]] inline void mont_mul_adx(std::uint64_t out[4], const std::uint64_t a[4], const std::uint64_t b[4],
                         const std::uint64_t p[4], std::uint64_t inv) {
  std::uint64_t t0, t1, t2, t3, t4, lo, hi, zero;
  __asm__(
      "xorl %k[t0], %k[t0]\n\t"
      "xorl %k[t1], %k[t1]\n\t"
      "xorl %k[t2], %k[t2]\n\t"
      "xorl %k[t3], %k[t3]\n\t"
      ZKC_MONT_ROW(0) ZKC_MONT_ROW(8) ZKC_MONT_ROW(16) ZKC_MONT_ROW(24)
      // Final conditional subtraction: s = t - p; keep t when that borrows (t < p).
      "movq %[t0], %[t4]\n\t"
      "movq %[t1], %[lo]\n\t"
      "movq %[t2], %[hi]\n\t"
      "movq %[t3], %[zero]\n\t"
      "subq %[p0], %[t4]\n\t"
      "sbbq %[p1], %[lo]\n\t"
      "sbbq %[p2], %[hi]\n\t"
      "sbbq %[p3], %[zero]\n\t"
      "cmovcq %[t0], %[t4]\n\t"
      "cmovcq %[t1], %[lo]\n\t"
      "cmovcq %[t2], %[hi]\n\t"
      "cmovcq %[t3], %[zero]\n\t"
      : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [t4] "=&r"(t4), [lo] "=&r"(lo),
        [hi] "=&r"(hi), [zero] "=&r"(zero)
      : [a] "r"(a), [b] "r"(b), [inv] "m"(inv) ZKC_MONT_LIMB_INPUTS,
        [p0] "m"(p[0]), [p1] "m"(p[1]), [p2] "m"(p[2]), [p3] "m"(p[3])
      : ZKC_MONT_CLOBBERS);
  out[0] = t4;
  out[1] = lo;
  out[2] = hi;
  out[3] = zero;
}

#undef ZKC_MONT_ROW
#undef ZKC_MONT_LIMB_INPUTS
#undef ZKC_MONT_CLOBBERS

#endif  // ZKC_FF_HAVE_ADX

#if defined(__x86_64__) && defined(__OPTIMIZE__)
#define ZKC_FF_HAVE_X86_ASM 1

// out = a + b mod p for a, b < p (any p < 2^256): s = a + b (carry c), d = s - p; keep s only
// when c = 0 and d borrowed.
[[gnu::always_inline]] inline void mod_add(std::uint64_t out[4], const std::uint64_t a[4], const std::uint64_t b[4],
                    const std::uint64_t p[4]) {
  std::uint64_t s0 = a[0], s1 = a[1], s2 = a[2], s3 = a[3], d0, d1, d2, d3, c;
  __asm__(
      "xorl %k[c], %k[c]\n\t"
      "addq 0(%[b]), %[s0]\n\t"
      "adcq 8(%[b]), %[s1]\n\t"
      "adcq 16(%[b]), %[s2]\n\t"
      "adcq 24(%[b]), %[s3]\n\t"
      "adcq $0, %[c]\n\t"
      "movq %[s0], %[d0]\n\t"
      "movq %[s1], %[d1]\n\t"
      "movq %[s2], %[d2]\n\t"
      "movq %[s3], %[d3]\n\t"
      "subq 0(%[p]), %[d0]\n\t"
      "sbbq 8(%[p]), %[d1]\n\t"
      "sbbq 16(%[p]), %[d2]\n\t"
      "sbbq 24(%[p]), %[d3]\n\t"
      "sbbq $0, %[c]\n\t"  // borrows (CF = 1) exactly when c = 0 and d borrowed
      "cmovcq %[s0], %[d0]\n\t"
      "cmovcq %[s1], %[d1]\n\t"
      "cmovcq %[s2], %[d2]\n\t"
      "cmovcq %[s3], %[d3]\n\t"
      : [s0] "+&r"(s0), [s1] "+&r"(s1), [s2] "+&r"(s2), [s3] "+&r"(s3), [d0] "=&r"(d0), [d1] "=&r"(d1),
        [d2] "=&r"(d2), [d3] "=&r"(d3), [c] "=&r"(c)
      : [b] "r"(b), [p] "r"(p), "m"(*reinterpret_cast<const Limbs*>(b)), "m"(*reinterpret_cast<const Limbs*>(p))
      : "cc");
  out[0] = d0;
  out[1] = d1;
  out[2] = d2;
  out[3] = d3;
}

// out = a - b mod p for a, b < p: d = a - b; add p back when that borrowed.
[[gnu::always_inline]] inline void mod_sub(std::uint64_t out[4], const std::uint64_t a[4], const std::uint64_t b[4],
                    const std::uint64_t p[4]) {
  std::uint64_t d0 = a[0], d1 = a[1], d2 = a[2], d3 = a[3], m0, m1, m2, m3;
  __asm__(
      "subq 0(%[b]), %[d0]\n\t"
      "sbbq 8(%[b]), %[d1]\n\t"
      "sbbq 16(%[b]), %[d2]\n\t"
      "sbbq 24(%[b]), %[d3]\n\t"
      "sbbq %[m0], %[m0]\n\t"  // all ones on borrow
      "movq %[m0], %[m1]\n\t"
      "movq %[m0], %[m2]\n\t"
      "movq %[m0], %[m3]\n\t"
      "andq 0(%[p]), %[m0]\n\t"
      "andq 8(%[p]), %[m1]\n\t"
      "andq 16(%[p]), %[m2]\n\t"
      "andq 24(%[p]), %[m3]\n\t"
      "addq %[m0], %[d0]\n\t"
      "adcq %[m1], %[d1]\n\t"
      "adcq %[m2], %[d2]\n\t"
      "adcq %[m3], %[d3]\n\t"
      : [d0] "+&r"(d0), [d1] "+&r"(d1), [d2] "+&r"(d2), [d3] "+&r"(d3), [m0] "=&r"(m0), [m1] "=&r"(m1),
        [m2] "=&r"(m2), [m3] "=&r"(m3)
      : [b] "r"(b), [p] "r"(p), "m"(*reinterpret_cast<const Limbs*>(b)), "m"(*reinterpret_cast<const Limbs*>(p))
      : "cc");
  out[0] = d0;
  out[1] = d1;
  out[2] = d2;
  out[3] = d3;
}

#else
#define ZKC_FF_HAVE_X86_ASM 0
#endif  // __x86_64__

}  // namespace zkc::ff::internal
