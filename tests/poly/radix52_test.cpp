// The eight-lane radix-2^52 kernels against GMP on random and edge inputs, including the redundant
// values in [p, 4p) that the lazy NTT passes between stages.
#include "zkc/poly/internal/radix52.hpp"

#include <gtest/gtest.h>

#include <array>

#include "test_util.hpp"

namespace zkc::poly::internal {
namespace {

using test::Fr;
using testing::from_mpz;
using testing::to_mpz;

const mpz_class kP = to_mpz(Fr::kModulus);

TEST(Radix52, SplitsAndJoins) {
  auto g = testing::rng(52);
  for (int i = 0; i < 1000; ++i) {
    const ff::U256 v = testing::random_u256(g);
    const auto limbs = to_radix52(v);
    mpz_class back = 0;
    for (int j = 4; j >= 0; --j) {
      EXPECT_LT(limbs[j], std::uint64_t{1} << 52);
      back = (back << 52) + mpz_class(static_cast<unsigned long>(limbs[j]));
    }
    ASSERT_EQ(back, to_mpz(v));
  }
}

#if ZKC_POLY_HAVE_IFMA

using V = Radix52x8<ff::bn254::FrConfig>;

// Raw (Montgomery-form) integers, possibly >= p, in eight Fr slots.
std::array<Fr, 8> raw_elements(const std::array<mpz_class, 8>& values) {
  std::array<Fr, 8> out;
  for (int i = 0; i < 8; ++i) out[i] = Fr::from_raw(from_mpz(values[i]));
  return out;
}
std::array<mpz_class, 8> raw_values(const V::Vec& v) {
  std::array<Fr, 8> out;
  V::store(out.data(), 1, v);
  std::array<mpz_class, 8> r;
  for (int i = 0; i < 8; ++i) r[i] = to_mpz(out[i].raw());
  return r;
}
V::Vec load(const std::array<mpz_class, 8>& values) {
  const auto e = raw_elements(values);
  return V::load(e.data(), 1);
}

// Samples below `bound`: the edges 0, 1, p - 1, p, bound - 1 and random values.
std::array<mpz_class, 8> samples(std::mt19937_64& g, const mpz_class& bound, int round) {
  std::array<mpz_class, 8> v;
  const mpz_class edges[] = {0, 1, kP - 1, kP, bound - 1, bound - 2, kP + 1, 2};
  for (int i = 0; i < 8; ++i) {
    if (round == 0 && edges[i] < bound) {
      v[i] = edges[i];
    } else {
      v[i] = to_mpz(testing::random_u256(g)) % bound;
    }
  }
  return v;
}

TEST(Radix52, LoadStoreRoundTripAndStride) {
  auto g = testing::rng(1);
  std::array<Fr, 24> src;
  for (auto& x : src) x = test::random_fr(g);
  const V::Vec v = V::load(src.data() + 1, 3);  // elements 1, 4, ..., 22
  std::array<Fr, 24> dst{};
  V::store(dst.data(), 3, v);
  for (int i = 0; i < 8; ++i) EXPECT_EQ(dst[3 * i], src[1 + 3 * i]) << i;
  for (int i = 0; i < 24; ++i) {
    if (i % 3 != 0) {
      EXPECT_TRUE(dst[i].is_zero()) << i;  // nothing else written
    }
  }
}

TEST(Radix52, MulIsMontgomeryByTwoToThe260) {
  auto g = testing::rng(2);
  const mpz_class r260_inv = [] {
    mpz_class r = mpz_class(1) << 260, inv;
    mpz_invert(inv.get_mpz_t(), r.get_mpz_t(), kP.get_mpz_t());
    return inv;
  }();
  for (int round = 0; round < 200; ++round) {
    const auto a = samples(g, 4 * kP, round);  // the NTT multiplies x - y + 2p < 4p
    const auto b = samples(g, kP, round);      // by a reduced twiddle
    const auto r = raw_values(V::mul(load(a), load(b)));
    for (int i = 0; i < 8; ++i) {
      ASSERT_LT(r[i], 2 * kP) << a[i] << " " << b[i];
      ASSERT_EQ(r[i] % kP, a[i] * b[i] * r260_inv % kP) << a[i] << " " << b[i];
    }
  }
}

TEST(Radix52, MulByMFormConstantIsFieldProduct) {
  auto g = testing::rng(3);
  for (int round = 0; round < 50; ++round) {
    const Fr c = test::random_fr(g);
    std::array<Fr, 8> x;
    for (auto& e : x) e = test::random_fr(g);
    const V::Vec prod = V::reduce(V::mul(V::load(x.data(), 1), V::broadcast(m_form(c))));
    std::array<Fr, 8> out;
    V::store(out.data(), 1, prod);
    for (int i = 0; i < 8; ++i) ASSERT_EQ(out[i], x[i] * c);
  }
}

TEST(Radix52, AddSubAndReduce) {
  auto g = testing::rng(4);
  for (int round = 0; round < 200; ++round) {
    const auto x = samples(g, 2 * kP, round);
    const auto y = samples(g, 2 * kP, round + 1);
    V::Vec s, d;
    V::add_sub(s, d, load(x), load(y));
    const auto sv = raw_values(V::normalized(s)), dv = raw_values(d);
    const auto rv = raw_values(V::reduce(V::normalized(s)));
    const auto uv = raw_values(V::sub_if_not_less(d, V::kTwoP));
    for (int i = 0; i < 8; ++i) {
      ASSERT_LT(sv[i], 2 * kP);
      ASSERT_EQ(sv[i], (x[i] + y[i]) % (2 * kP));
      ASSERT_EQ(dv[i], x[i] - y[i] + 2 * kP);  // in (0, 4p)
      ASSERT_EQ(rv[i], sv[i] % kP);
      ASSERT_EQ(uv[i], dv[i] % (2 * kP));
    }
  }
}

// Twenty rounds of (x, y) <- (x + y, (x - y) w) on lazy limbs, as the NTT runs them, against Fr.
TEST(Radix52, LazyButterflyChainMatchesField) {
  auto g = testing::rng(5);
  std::array<Fr, 8> x, y;
  for (int i = 0; i < 8; ++i) {
    x[i] = test::random_fr(g);
    y[i] = test::random_fr(g);
  }
  V::Vec vx = V::load(x.data(), 1), vy = V::load(y.data(), 1);
  for (int round = 0; round < 20; ++round) {
    const Fr w = round % 5 == 0 ? -Fr::one() : test::random_fr(g);
    V::Vec s, d;
    V::add_sub(s, d, vx, vy);
    vx = s;
    vy = V::mul_lazy(d, V::broadcast(m_form(w)));
    for (int l = 0; l < 5; ++l) {
      alignas(64) std::array<std::uint64_t, 8> limbs;
      _mm512_store_si512(limbs.data(), vy.l[l]);
      for (auto v : limbs) ASSERT_LT(v, std::uint64_t{1} << 58);
    }
    for (int i = 0; i < 8; ++i) {
      const Fr sum = x[i] + y[i];
      y[i] = (x[i] - y[i]) * w;
      x[i] = sum;
    }
  }
  std::array<Fr, 8> ox, oy;
  V::store(ox.data(), 1, V::reduce(V::normalized(vx)));
  V::store(oy.data(), 1, V::reduce(V::normalized(vy)));
  EXPECT_EQ(ox, x);
  EXPECT_EQ(oy, y);
}

#else

TEST(Radix52, NotBuilt) { GTEST_SKIP() << "built without AVX-512 IFMA"; }

#endif

}  // namespace
}  // namespace zkc::poly::internal
