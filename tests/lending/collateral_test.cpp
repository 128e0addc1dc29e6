// The collateral statement: the ratio parser and packings, the native check, the sound gadget with
// honest and cheating witnesses, and the counterexample to the naive "gap = z^2" formulation.
#include "zkc/lending/collateral.hpp"

#include <gtest/gtest.h>

#include <random>

#include "testing/testing.hpp"
#include "zkc/r1cs/constraint_system.hpp"

namespace zkc::lending {
namespace {

using r1cs::Builder;
using r1cs::fr_pow2;
using u128 = unsigned __int128;

TEST(CollateralRatio, ParsesFractionsAndDecimals) {
  struct Case {
    const char* text;
    std::uint64_t num, den;
  } cases[] = {{"3/2", 3, 2},
               {"1.5", 3, 2},
               {"2", 2, 1},
               {"0.75", 3, 4},
               {"150/100", 150, 100},
               {"1.25", 5, 4},
               {"0/7", 0, 7},
               {"18446744073709551615/1", UINT64_MAX, 1},
               {"0.000000000000000001", 1, 1000000000000000000ULL}};
  for (const Case& c : cases) {
    auto r = parse_ratio(c.text);
    ASSERT_TRUE(r) << c.text << ": " << r.error().message;
    EXPECT_EQ(r.value().num, c.num) << c.text;
    EXPECT_EQ(r.value().den, c.den) << c.text;
  }
}

TEST(CollateralRatio, RejectsMalformedText) {
  for (const char* text : {"", "/", "3/", "/2", "3/0", "1/2/3", "abc", "-1/2", "1.", ".5", "1.5.2", "1e3",
                           "18446744073709551616/1", "1/18446744073709551616", "0.0000000000000000001",
                           "18446744073709551615.5", " 3/2"}) {
    auto r = parse_ratio(text);
    EXPECT_FALSE(r) << "'" << text << "' parsed as " << (r ? r.value().to_string() : "");
    if (!r) {
      EXPECT_NE(r.error().message.find("ratio"), std::string::npos) << r.error().message;
    }
  }
}

TEST(CollateralRatio, PackingRoundTripsAndRejectsOtherValues) {
  auto g = zkc::testing::rng(1);
  for (int i = 0; i < 200; ++i) {
    const CollateralRatio r{g(), g() | 1};
    auto back = unpack_ratio(r.packed());
    ASSERT_TRUE(back);
    EXPECT_EQ(back.value(), r);
    EXPECT_EQ(r.packed(), Fr::from_u64(r.num) + fr_pow2(64) * Fr::from_u64(r.den));
  }
  EXPECT_FALSE(unpack_ratio(Fr::from_u64(5)));         // den = 0
  EXPECT_FALSE(unpack_ratio(fr_pow2(128)));            // beyond 128 bits
  EXPECT_FALSE(unpack_ratio(Fr::zero() - Fr::one()));  // r - 1
}

TEST(Collateral, NativeCheckIsExactAt128Bits) {
  const CollateralRatio r{3, 2};
  EXPECT_TRUE(covers(150, 100, r));
  EXPECT_FALSE(covers(149, 100, r));
  EXPECT_TRUE(covers(0, 0, r));
  // Products beyond 64 bits: a 64-bit multiplication would wrap.
  const CollateralRatio big{UINT64_MAX, UINT64_MAX - 1};
  EXPECT_TRUE(covers(UINT64_MAX, UINT64_MAX - 1, big));
  EXPECT_FALSE(covers(UINT64_MAX - 1, UINT64_MAX - 1, big));
  auto g = zkc::testing::rng(2);
  for (int i = 0; i < 1000; ++i) {
    const std::uint64_t c = g(), l = g() >> (g() % 64);
    const CollateralRatio q{g() >> (g() % 64), (g() >> (g() % 64)) | 1};
    EXPECT_EQ(covers(c, l, q), static_cast<u128>(c) * q.den >= static_cast<u128>(l) * q.num);
  }
}

struct Amounts {
  Fr collateral, loan, ratio;
};

// The sound gadget's verdict on these values with an honest prover, or with `hook` tampering.
Status prove_sound(const Amounts& a, std::function<void(std::string_view, Fr&)> hook = {}) {
  Builder::Options options;
  options.hint_hook = std::move(hook);
  Builder b(options);
  const auto c = b.private_input(a.collateral, "c");
  const auto l = b.private_input(a.loan, "l");
  const auto ratio = b.public_input(a.ratio, "ratio");
  enforce_collateral(b, c, l, ratio, "collateral");
  auto out = b.build();
  return r1cs::check(out.cs, out.witness);
}

Status prove_naive(const Amounts& a, const CollateralRatio& r) {
  Builder b;
  const auto c = b.private_input(a.collateral, "c");
  const auto l = b.private_input(a.loan, "l");
  const auto num = b.public_input(Fr::from_u64(r.num), "num");
  const auto den = b.public_input(Fr::from_u64(r.den), "den");
  enforce_collateral_naive(b, c, l, num, den, "naive");
  auto out = b.build();
  return r1cs::check(out.cs, out.witness);
}

Amounts amounts(std::uint64_t c, std::uint64_t l, const CollateralRatio& r) {
  return {Fr::from_u64(c), Fr::from_u64(l), r.packed()};
}

TEST(Collateral, ConstraintCount) {
  Builder b;
  const auto c = b.private_input(Fr::from_u64(150), "c");
  const auto l = b.private_input(Fr::from_u64(100), "l");
  const auto ratio = b.public_input(CollateralRatio{3, 2}.packed(), "ratio");
  enforce_collateral(b, c, l, ratio, "collateral");
  EXPECT_EQ(b.num_constraints(), 387u);
}

TEST(Collateral, HonestWitnessHoldsExactlyWhenCollateralCovers) {
  const std::uint64_t seed = zkc::testing::test_seed();
  SCOPED_TRACE("ZKC_TEST_SEED=" + std::to_string(seed));
  auto g = zkc::testing::rng(3);
  const CollateralRatio r{3, 2};
  EXPECT_TRUE(prove_sound(amounts(150, 100, r)));   // equality
  EXPECT_FALSE(prove_sound(amounts(149, 100, r)));  // one short
  EXPECT_TRUE(prove_sound(amounts(UINT64_MAX, 1, {UINT64_MAX, 1})));
  EXPECT_TRUE(prove_sound(amounts(UINT64_MAX, UINT64_MAX, {UINT64_MAX, UINT64_MAX})));
  EXPECT_FALSE(prove_sound(amounts(UINT64_MAX - 1, UINT64_MAX, {UINT64_MAX, UINT64_MAX})));
  EXPECT_FALSE(prove_sound(amounts(150, 0, r)));         // a loan of 0 is not a loan
  EXPECT_FALSE(prove_sound(amounts(150, 100, {3, 0})));  // den = 0
  for (int i = 0; i < 200; ++i) {
    const std::uint64_t c = g() >> (g() % 64), l = (g() >> (g() % 64)) | 1;
    const CollateralRatio q{g() >> (g() % 64), (g() >> (g() % 64)) | 1};
    EXPECT_EQ(static_cast<bool>(prove_sound(amounts(c, l, q))), covers(c, l, q))
        << "C=" << c << " L=" << l << " r=" << q.to_string();
  }
}

TEST(Collateral, OutOfRangeOperandsAreRejected) {
  const CollateralRatio r{3, 2};
  // C = 2^64 + 150 would cover, but C is not a 64-bit amount.
  EXPECT_FALSE(prove_sound({fr_pow2(64) + Fr::from_u64(150), Fr::from_u64(100), r.packed()}));
  // C = -1 (r - 1): C * den wraps to r - 2, a "huge" collateral.
  EXPECT_FALSE(prove_sound({Fr::zero() - Fr::one(), Fr::from_u64(100), r.packed()}));
  // L = -1: L * num wraps to a negative debt.
  EXPECT_FALSE(prove_sound({Fr::from_u64(1), Fr::zero() - Fr::one(), r.packed()}));
  // A ratio signal beyond 128 bits.
  EXPECT_FALSE(prove_sound({Fr::from_u64(150), Fr::from_u64(100), r.packed() + fr_pow2(128)}));
}

TEST(Collateral, CheatingProverCannotHideAShortfall) {
  // C = 149 < 1.5 * 100: the gap C den - L num = -2.
  const Amounts short_of = amounts(149, 100, {3, 2});
  // 1. Decompose the wrapped gap r - 2 anyway: it needs 254 bits, the check has 128.
  EXPECT_FALSE(prove_sound(short_of, [](std::string_view name, Fr& v) {
    if (name.starts_with("collateral/gap_range/bit")) v = Fr::one();
  }));
  // 2. Another decomposition of the ratio signal: num + 2^64 t, den - t.
  for (const std::uint64_t t : {1ULL, 2ULL}) {
    EXPECT_FALSE(prove_sound(amounts(150, 100, {3, 2}), [t](std::string_view name, Fr& v) {
      if (name == "collateral/num") v += fr_pow2(64) * Fr::from_u64(t);
      if (name == "collateral/den") v -= Fr::from_u64(t);
    })) << t;
  }
  // 3. A smaller ratio than the public one: den + 1 without changing num breaks the packing.
  EXPECT_FALSE(prove_sound(short_of, [](std::string_view name, Fr& v) {
    if (name == "collateral/den") v += Fr::one();
  }));
  // 4. A larger den and a negative num (r - k) that keep the packing: num's range check fails.
  EXPECT_FALSE(prove_sound(short_of, [](std::string_view name, Fr& v) {
    if (name == "collateral/num") v -= fr_pow2(64) * Fr::from_u64(10);
    if (name == "collateral/den") v += Fr::from_u64(10);
  }));
}

// The seed's formulation C - R = z^2 is unsound: -1 is a square mod r (r = 1 mod 4), so C = 1, L = 1
// at ratio 3/2 (gap 2 - 3 = -1) satisfies it although 1 < 1.5.
TEST(Collateral, NaiveSquareFormulationAcceptsAShortfallOursRejects) {
  const CollateralRatio r{3, 2};
  ASSERT_FALSE(covers(1, 1, r));
  ASSERT_TRUE((Fr::zero() - Fr::one()).sqrt().has_value());
  EXPECT_TRUE(prove_naive(amounts(1, 1, r), r)) << "the naive formulation should accept C < r_c L here";
  EXPECT_FALSE(prove_sound(amounts(1, 1, r)));
  // About half of all negative gaps are squares: count them over a range of shortfalls.
  int naive_accepts = 0, sound_accepts = 0;
  for (std::uint64_t c = 0; c < 300; ++c) {  // L = 200 at 3/2 needs C >= 300
    naive_accepts += static_cast<bool>(prove_naive(amounts(c, 200, r), r));
    sound_accepts += static_cast<bool>(prove_sound(amounts(c, 200, r)));
  }
  EXPECT_GT(naive_accepts, 100) << "shortfalls the naive formulation accepts, out of 300";
  EXPECT_LT(naive_accepts, 200);
  EXPECT_EQ(sound_accepts, 0);
}

}  // namespace
}  // namespace zkc::lending
