// Fq6 and Fq12 (BN254 tower): field laws on seeded random elements plus an edge table (one template
// per law, instantiated per type), multiplication against an independent schoolbook oracle in GMP
// over Fq[W]/(W^12 - 18 W^6 + 82) (the flat form of the tower: W^6 = 9 + u, u^2 = -1), Frobenius
// maps against pow(p), sparse line multiplication against the full product, and cyclotomic squaring
// and exponentiation by x against plain squaring and pow on elements of the cyclotomic subgroup.
#include "zkc/ff/bn254/fq12.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <vector>

#include "testing/testing.hpp"
#include "zkc/ff/bn254/fq6.hpp"

namespace zkc::ff::bn254 {
namespace {

using testing::from_mpz;
using testing::to_mpz;

const mpz_class kP = to_mpz(Fq::kModulus);

Fq rand_fq(std::mt19937_64& g) { return Fq::from_u256(testing::random_below(g, Fq::kModulus)).value(); }
Fq2 rand_fq2(std::mt19937_64& g) { return {rand_fq(g), rand_fq(g)}; }
Fq6 rand_fq6(std::mt19937_64& g) { return {rand_fq2(g), rand_fq2(g), rand_fq2(g)}; }
Fq12 rand_fq12(std::mt19937_64& g) { return {rand_fq6(g), rand_fq6(g)}; }

template <class T>
T random_elem(std::mt19937_64& g);
template <>
Fq6 random_elem<Fq6>(std::mt19937_64& g) {
  return rand_fq6(g);
}
template <>
Fq12 random_elem<Fq12>(std::mt19937_64& g) {
  return rand_fq12(g);
}

// Edge table: 0, 1, -1, the generators v / w, an element with only a top coefficient, all p-1.
template <class T>
std::vector<T> edge_elems();
template <>
std::vector<Fq6> edge_elems<Fq6>() {
  const Fq2 m1 = -Fq2::one();
  return {Fq6::zero(),
          Fq6::one(),
          -Fq6::one(),
          {Fq2::zero(), Fq2::one(), Fq2::zero()},
          {Fq2::zero(), Fq2::zero(), kXi},
          {{m1.c0, m1.c0}, {m1.c0, m1.c0}, {m1.c0, m1.c0}}};
}
template <>
std::vector<Fq12> edge_elems<Fq12>() {
  std::vector<Fq12> out;
  for (const Fq6& a : edge_elems<Fq6>()) {
    out.push_back({a, Fq6::zero()});
    out.push_back({Fq6::zero(), a});
    out.push_back({a, a});
  }
  return out;
}

template <class T>
class TowerLaws : public ::testing::Test {
 protected:
  std::vector<T> samples(std::uint64_t stream, int n) {
    auto g = testing::rng(stream);
    std::vector<T> v = edge_elems<T>();
    for (int i = 0; i < n; ++i) v.push_back(random_elem<T>(g));
    return v;
  }
};
using TowerTypes = ::testing::Types<Fq6, Fq12>;
TYPED_TEST_SUITE(TowerLaws, TowerTypes);

TYPED_TEST(TowerLaws, RingAxioms) {
  using T = TypeParam;
  const auto s = this->samples(101, 6);
  for (std::size_t i = 0; i < s.size(); ++i) {
    const T& a = s[i];
    EXPECT_EQ(a + T::zero(), a);
    EXPECT_EQ(a * T::one(), a);
    EXPECT_TRUE((a * T::zero()).is_zero());
    EXPECT_TRUE((a - a).is_zero());
    EXPECT_TRUE((a + (-a)).is_zero());
    EXPECT_EQ(a.square(), a * a);
    for (std::size_t j = 0; j < s.size(); ++j) {
      const T& b = s[j];
      const T& c = s[(i + 7 * j + 1) % s.size()];
      EXPECT_EQ(a + b, b + a);
      EXPECT_EQ(a * b, b * a);
      EXPECT_EQ(a - b, -(b - a));
      EXPECT_EQ((a + b) + c, a + (b + c));
      EXPECT_EQ((a * b) * c, a * (b * c));
      EXPECT_EQ(a * (b + c), a * b + a * c);
    }
  }
}

TYPED_TEST(TowerLaws, Inverse) {
  using T = TypeParam;
  for (const T& a : this->samples(102, 20)) {
    if (a.is_zero()) {
      EXPECT_TRUE(a.inverse().is_zero());
      continue;
    }
    EXPECT_EQ(a * a.inverse(), T::one());
    EXPECT_EQ(a.inverse().inverse(), a);
  }
}

TYPED_TEST(TowerLaws, FrobeniusIsAnAutomorphismOfOrder12) {
  using T = TypeParam;
  const auto s = this->samples(103, 6);
  for (const T& a : s) {
    T it = a;
    for (unsigned k = 0; k < 12; ++k) {
      EXPECT_EQ(a.frobenius_map(k), it) << "power " << k;
      it = it.frobenius_map(1);
    }
    EXPECT_EQ(it, a);  // x^(p^12) = x
    const T b = s[1 % s.size()] + a.square();
    EXPECT_EQ((a * b).frobenius_map(1), a.frobenius_map(1) * b.frobenius_map(1));
    EXPECT_EQ((a + b).frobenius_map(3), a.frobenius_map(3) + b.frobenius_map(3));
  }
}

// --- independent oracle: flat Fq[W]/(W^12 - 18 W^6 + 82) in GMP ---------------------------------

using Flat = std::array<mpz_class, 12>;

mpz_class val(const Fq& a) { return to_mpz(a.to_u256()); }
mpz_class md(const mpz_class& v) {
  mpz_class r = v % kP;
  return r < 0 ? mpz_class(r + kP) : r;
}

// The Fq2 coefficient of w^k is b = re + im u with u = W^6 - 9.
Flat flatten(const Fq12& a) {
  const std::array<const Fq2*, 6> b = {&a.c0.c0, &a.c1.c0, &a.c0.c1, &a.c1.c1, &a.c0.c2, &a.c1.c2};
  Flat f;
  for (auto& x : f) x = 0;
  for (int k = 0; k < 6; ++k) {
    const mpz_class re = val(b[k]->c0), im = val(b[k]->c1);
    f[k] = md(f[k] + re - 9 * im);
    f[k + 6] = md(f[k + 6] + im);
  }
  return f;
}

Flat flat_mul(const Flat& a, const Flat& b) {
  std::array<mpz_class, 23> t;
  for (auto& x : t) x = 0;
  for (int i = 0; i < 12; ++i)
    for (int j = 0; j < 12; ++j) t[i + j] += a[i] * b[j];
  // W^12 = 18 W^6 - 82, from the top down
  for (int k = 22; k >= 12; --k) {
    t[k - 6] += 18 * t[k];
    t[k - 12] -= 82 * t[k];
    t[k] = 0;
  }
  Flat r;
  for (int k = 0; k < 12; ++k) r[k] = md(t[k]);
  return r;
}

TEST(Fq12, MultiplicationMatchesFlatSchoolbook) {
  auto g = testing::rng(104);
  std::vector<Fq12> s = edge_elems<Fq12>();
  for (int i = 0; i < 12; ++i) s.push_back(rand_fq12(g));
  for (std::size_t i = 0; i < s.size(); ++i) {
    const Fq12& a = s[i];
    EXPECT_EQ(flatten(a.square()), flat_mul(flatten(a), flatten(a)));
    for (int j = 0; j < 4; ++j) {
      const Fq12 b = j == 0 ? s[(i * 5 + 3) % s.size()] : rand_fq12(g);
      EXPECT_EQ(flatten(a * b), flat_mul(flatten(a), flatten(b)));
    }
  }
  // w^6 = xi and v = w^2 in the flat picture (W^6 = 9 + u).
  const Fq12 w{Fq6::zero(), Fq6::one()};
  Fq12 w6 = Fq12::one();
  for (int i = 0; i < 6; ++i) w6 = w6 * w;
  EXPECT_EQ(w6, (Fq12{{kXi, Fq2::zero(), Fq2::zero()}, Fq6::zero()}));
  EXPECT_EQ(w.square(), (Fq12{{Fq2::zero(), Fq2::one(), Fq2::zero()}, Fq6::zero()}));
}

TEST(Fq12, SchoolbookOracleSeesSingleBitErrors) {
  // The oracle must distinguish a product that is off in one coefficient.
  auto g = testing::rng(105);
  const Fq12 a = rand_fq12(g), b = rand_fq12(g);
  Fq12 bad = a * b;
  bad.c1.c2.c1 += Fq::one();
  EXPECT_NE(flatten(bad), flat_mul(flatten(a), flatten(b)));
}

// --- Frobenius ---------------------------------------------------------------------------------

TEST(Fq12, FrobeniusIsPowP) {
  auto g = testing::rng(106);
  for (int i = 0; i < 8; ++i) {
    const Fq12 a = rand_fq12(g);
    EXPECT_EQ(a.frobenius_map(1), a.pow(Fq::kModulus));
    EXPECT_EQ(a.frobenius_map(6), a.conjugate());  // w^(p^6) = -w
    const Fq6 b = rand_fq6(g);
    EXPECT_EQ((Fq12{b, Fq6::zero()}.frobenius_map(1)), (Fq12{b.frobenius_map(1), Fq6::zero()}));
  }
}

TEST(Fq12, FrobeniusCoefficientsDeriveFromXi) {
  // gamma(j, k) = xi^(k (p^j - 1)/6): gamma(1, 1)^6 = xi^(p-1), gamma(j, k) = gamma(j, 1)^k,
  // gamma(2, k) in Fq, gamma(6, 1) = -1 (w^(p^6) = -w), gamma(12, k) = 1.
  mpz_class e = kP - 1;
  const Fq2 xi_pm1 = kXi.pow(from_mpz(e));
  Fq2 g6 = tower_frobenius_coeff(1, 1);
  g6 = g6.square() * g6;
  EXPECT_EQ(g6.square(), xi_pm1);
  for (unsigned j = 0; j < 12; ++j) {
    const Fq2& g1 = tower_frobenius_coeff(j, 1);
    Fq2 acc = Fq2::one();
    for (unsigned k = 0; k < 6; ++k) {
      EXPECT_EQ(tower_frobenius_coeff(j, k), acc);
      acc = acc * g1;
    }
    if (j % 2 == 0) {
      EXPECT_TRUE(g1.c1.is_zero()) << j;
    }
  }
  EXPECT_EQ(tower_frobenius_coeff(6, 1), -Fq2::one());
  EXPECT_EQ(tower_frobenius_coeff(0, 5), Fq2::one());
}

// --- sparse multiplication by a line ------------------------------------------------------------

TEST(Fq12, MulBy034MatchesFullProduct) {
  auto g = testing::rng(107);
  for (int i = 0; i < 30; ++i) {
    const Fq12 a = i == 0 ? Fq12::one() : rand_fq12(g);
    const Fq2 d0 = rand_fq2(g), d3 = rand_fq2(g), d4 = i == 1 ? Fq2::zero() : rand_fq2(g);
    const Fq12 sparse{{d0, Fq2::zero(), Fq2::zero()}, {d3, d4, Fq2::zero()}};
    EXPECT_EQ(a.mul_by_034(d0, d3, d4), a * sparse);
    EXPECT_EQ(a.c0.mul_by_01(d3, d4), (a.c0 * Fq6{d3, d4, Fq2::zero()}));
    EXPECT_EQ(a.c1.mul_by_v(), (a.c1 * Fq6{Fq2::zero(), Fq2::one(), Fq2::zero()}));
  }
}

// --- cyclotomic subgroup ------------------------------------------------------------------------

// f^((p^6 - 1)(p^2 + 1)): an element of the cyclotomic subgroup G_{Phi_12(p)}.
Fq12 to_cyclotomic(const Fq12& f) {
  const Fq12 t = f.conjugate() * f.inverse();
  return t.frobenius_map(2) * t;
}

TEST(Fq12, CyclotomicSquareAndExpByX) {
  auto g = testing::rng(108);
  const U256 x = U256::from_u64(kBnX);
  for (int i = 0; i < 10; ++i) {
    const Fq12 f = i == 0 ? Fq12::one() : to_cyclotomic(rand_fq12(g));
    EXPECT_TRUE((f * f.conjugate()).is_one());              // norm to Fq6 is 1
    EXPECT_EQ(f.frobenius_map(4) * f, f.frobenius_map(2));  // f^(p^4 - p^2 + 1) = 1
    EXPECT_EQ(f.cyclotomic_square(), f.square());
    EXPECT_EQ(f.cyclotomic_square().cyclotomic_square(), f.pow(U256::from_u64(4)));
    EXPECT_EQ(f.cyclotomic_exp_by_x(), f.pow(x));
  }
  // Off the subgroup the shortcut is wrong, which shows that the test above checks something.
  const Fq12 r = rand_fq12(g);
  EXPECT_NE(r.cyclotomic_square(), r.square());
}

TEST(Fq12, WnafDigitsOfX) {
  // sum d_i 2^i equals the value; digits are odd and below 2^(w-1) in size; at most one nonzero
  // digit among any w consecutive ones.
  auto check = [](const auto& d, u128 want, int w) {
    __int128 acc = 0;
    int since_nonzero = w;
    for (std::size_t i = d.size(); i-- > 0;) {
      acc = 2 * acc + d[i];
      ++since_nonzero;
      if (d[i] != 0) {
        EXPECT_EQ(d[i] % 2 != 0, true);
        EXPECT_LT(std::abs(d[i]), 1 << (w - 1));
        EXPECT_GE(since_nonzero, w) << i;
        since_nonzero = 0;
      }
    }
    EXPECT_EQ(static_cast<u128>(acc), want);
  };
  check(detail::kBnXWnaf, kBnX, static_cast<int>(detail::kBnXWindow));
  check(naf<68>(U256::from_u128(6 * static_cast<u128>(kBnX) + 2)), 6 * static_cast<u128>(kBnX) + 2, 2);
  check(wnaf<8>(U256::from_u64(0x7f), 3), 0x7f, 3);
  check(naf<8>(U256{}), 0, 2);
}

}  // namespace
}  // namespace zkc::ff::bn254
