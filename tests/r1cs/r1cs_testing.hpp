// Helpers for the r1cs tests: build a circuit and check its witness, cheat as a malicious prover
// through the builder's hint hook, convert between GMP integers (signed) and Fr.
#pragma once

#include <gmpxx.h>

#include <functional>
#include <ostream>
#include <string>
#include <utility>

#include "testing/testing.hpp"
#include "zkc/r1cs/builder.hpp"

namespace zkc::ff {
// gtest prints field elements in decimal.
template <class Cfg>
void PrintTo(const Fp<Cfg>& x, std::ostream* os) {
  *os << x.to_decimal();
}
}  // namespace zkc::ff

namespace zkc::r1cs::test {

using Circuit = std::function<void(Builder&)>;

// Builds `circuit` with the given options and checks the witness.
inline Status build_and_check(const Circuit& circuit, Builder::Options options = {}) {
  Builder b(std::move(options));
  circuit(b);
  BuildOutput out = b.build();
  return check(out.cs, out.witness);
}

// Options whose hook replaces the value allocated under the full name `name` by f(honest value).
inline Builder::Options tamper(std::string name, std::function<Fr(const Fr&)> f) {
  Builder::Options o;
  o.hint_hook = [name = std::move(name), f = std::move(f)](std::string_view n, Fr& v) {
    if (n == name) v = f(v);
  };
  return o;
}
inline Builder::Options tamper_set(std::string name, const Fr& value) {
  return tamper(std::move(name), [value](const Fr&) { return value; });
}

inline std::string message(const Status& s) { return s.ok() ? std::string("OK") : s.error().message; }

// x mod r for any integer x (negative values become r - |x| mod r).
inline Fr fr_of(const mpz_class& x) {
  const mpz_class r = testing::to_mpz(Fr::kModulus);
  mpz_class m = x % r;
  if (m < 0) m += r;
  return Fr::from_u256(testing::from_mpz(m)).value();
}
inline mpz_class mpz_of(const Fr& x) { return testing::to_mpz(x.to_u256()); }
inline mpz_class pow2(unsigned k) {
  mpz_class p = 1;
  p <<= k;
  return p;
}
// Uniform in [lo, hi).
inline mpz_class random_range(std::mt19937_64& g, const mpz_class& lo, const mpz_class& hi) {
  return lo + testing::to_mpz(testing::random_below(g, testing::from_mpz(mpz_class(hi - lo))));
}

}  // namespace zkc::r1cs::test
