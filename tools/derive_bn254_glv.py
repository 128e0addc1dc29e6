#!/usr/bin/env python3
"""Derives the BN254 GLV constants used by src/zkc/ec/bn254.cpp and bn254_msm.cpp.

beta: a primitive cube root of unity in Fq; lambda: the root of lambda^2 + lambda + 1 = 0 in Fr with
phi(x, y) = (beta x, y) = [lambda](x, y) (the pairing of beta and lambda is checked by the C++ tests).
The short lattice basis of {(a, b) : a + b lambda = 0 mod r} comes from the extended Euclidean
algorithm on (r, lambda) (Gallant, Lambert, Vanstone, Crypto 2001, sec. 4), and the rounding
constants g_i = floor(2^256 b_i / r). Run: python3 tools/derive_bn254_glv.py
"""
import math

x = 4965661367192848881  # the BN parameter
p = 36 * x**4 + 36 * x**3 + 24 * x**2 + 6 * x + 1
r = 36 * x**4 + 36 * x**3 + 18 * x**2 + 6 * x + 1


def cube_root_of_unity(m):
    for g in range(2, 100):
        w = pow(g, (m - 1) // 3, m)
        if w != 1:
            return w
    raise ValueError("none found")


beta = cube_root_of_unity(p)
lam = cube_root_of_unity(r)
assert (lam * lam + lam + 1) % r == 0

seq = [(r, 0), (lam, 1)]
while seq[-1][0] != 0:
    (ra, ta), (rb, tb) = seq[-2], seq[-1]
    q = ra // rb
    seq.append((ra - q * rb, ta - q * tb))
ell = max(i for i, (ri, _) in enumerate(seq) if ri >= math.isqrt(r))
v1 = (seq[ell + 1][0], -seq[ell + 1][1])
v2 = min([(seq[ell][0], -seq[ell][1]), (seq[ell + 2][0], -seq[ell + 2][1])], key=lambda v: v[0] ** 2 + v[1] ** 2)
for a, b in (v1, v2):
    assert (a + b * lam) % r == 0
assert v1[0] * v2[1] - v2[0] * v1[1] == r
assert v1 == (2 * x + 1, -(6 * x * x + 2 * x)) and v2 == (6 * x * x + 4 * x + 1, 2 * x + 1)

print("beta    ", hex(beta), "(or beta^2 =", hex(beta * beta % p), ")")
print("lambda  ", hex(lam), "(or lambda^2 =", hex(lam * lam % r), ")")
print("v1      ", v1, "= (2x+1, -(6x^2+2x))")
print("v2      ", v2, "= (6x^2+4x+1, 2x+1)")
print("g1      ", hex((2**256 * v2[1]) // r), "= floor(2^256 (2x+1) / r)")
print("g2      ", hex((2**256 * -v1[1]) // r), "= floor(2^256 (6x^2+2x) / r)")
