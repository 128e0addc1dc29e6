#include "zkc/r1cs/constraint_system.hpp"

#include <algorithm>

namespace zkc::r1cs {

Fr fr_from_i64(std::int64_t k) {
  // Constant time (features and private weights are secrets): the two's-complement bits read as an
  // unsigned u, minus 2^64 when the sign bit is set (u - 2^64 * sign = k); the sign bit is a
  // multiplier, not a branch condition.
  const auto u = static_cast<std::uint64_t>(k);
  static const Fr kTwo64 = Fr::from_canonical_unchecked(ff::U256{{0, 1, 0, 0}});
  return Fr::from_u64(u) - kTwo64 * Fr::from_u64(u >> 63);
}

LinearCombination LinearCombination::constant(const Fr& c) {
  LinearCombination lc;
  if (!c.is_zero()) lc.terms.push_back({kOneWire, c});
  return lc;
}

void LinearCombination::normalize() {
  std::sort(terms.begin(), terms.end(), [](const Term& x, const Term& y) { return x.wire < y.wire; });
  std::size_t out = 0;
  for (std::size_t i = 0; i < terms.size();) {
    Term t = terms[i];
    for (++i; i < terms.size() && terms[i].wire == t.wire; ++i) t.coeff += terms[i].coeff;
    if (!t.coeff.is_zero()) terms[out++] = t;
  }
  terms.resize(out);
}

LinearCombination& LinearCombination::operator+=(const LinearCombination& o) {
  terms.insert(terms.end(), o.terms.begin(), o.terms.end());
  return *this;
}

LinearCombination& LinearCombination::operator-=(const LinearCombination& o) {
  terms.reserve(terms.size() + o.terms.size());
  for (const Term& t : o.terms) terms.push_back({t.wire, -t.coeff});
  return *this;
}

LinearCombination& LinearCombination::operator+=(const Fr& k) {
  terms.push_back({kOneWire, k});
  return *this;
}

LinearCombination& LinearCombination::operator-=(const Fr& k) {
  terms.push_back({kOneWire, -k});
  return *this;
}

LinearCombination& LinearCombination::operator*=(const Fr& k) {
  for (Term& t : terms) t.coeff *= k;
  return *this;
}

LinearCombination operator+(LinearCombination a, const LinearCombination& b) { return std::move(a += b); }
LinearCombination operator-(LinearCombination a, const LinearCombination& b) { return std::move(a -= b); }
LinearCombination operator-(LinearCombination a) {
  for (Term& t : a.terms) t.coeff = -t.coeff;
  return a;
}
LinearCombination operator*(const Fr& k, LinearCombination a) { return std::move(a *= k); }
LinearCombination operator*(LinearCombination a, const Fr& k) { return std::move(a *= k); }
LinearCombination operator+(LinearCombination a, const Fr& k) { return std::move(a += k); }
LinearCombination operator+(const Fr& k, LinearCombination a) { return std::move(a += k); }
LinearCombination operator-(LinearCombination a, const Fr& k) { return std::move(a -= k); }
LinearCombination operator-(const Fr& k, LinearCombination a) { return -std::move(a) + k; }
LinearCombination operator*(std::int64_t k, LinearCombination a) { return std::move(a *= fr_from_i64(k)); }
LinearCombination operator*(LinearCombination a, std::int64_t k) { return std::move(a *= fr_from_i64(k)); }
LinearCombination operator+(LinearCombination a, std::int64_t k) { return std::move(a += fr_from_i64(k)); }
LinearCombination operator+(std::int64_t k, LinearCombination a) { return std::move(a += fr_from_i64(k)); }
LinearCombination operator-(LinearCombination a, std::int64_t k) { return std::move(a -= fr_from_i64(k)); }
LinearCombination operator-(std::int64_t k, LinearCombination a) { return -std::move(a) + fr_from_i64(k); }

std::vector<Fr> public_signals(const ConstraintSystem& cs, std::span<const Fr> w) {
  ZKC_ASSERT(w.size() >= std::size_t{1} + cs.num_public());
  return std::vector<Fr>(w.begin() + 1, w.begin() + 1 + cs.num_public());
}

Fr LinearCombination::evaluate(std::span<const Fr> w) const {
  Fr acc = Fr::zero();
  for (const Term& t : terms) {
    ZKC_ASSERT(t.wire < w.size());
    acc += t.coeff * w[t.wire];
  }
  return acc;
}

Status ConstraintSystem::validate() const {
  if (num_wires == 0)
    return make_error(Errc::kInvalidArgument, "constraint system: no wires (wire 0 is the one wire)");
  if (std::uint64_t{1} + num_public_outputs + num_public_inputs > num_wires)
    return make_error(Errc::kInvalidArgument, "constraint system: " + std::to_string(num_public()) +
                                                  " public wires do not fit in " + std::to_string(num_wires) +
                                                  " wires");
  if (!labels.empty() && labels.size() != constraints.size())
    return make_error(Errc::kInvalidArgument, "constraint system: " + std::to_string(labels.size()) +
                                                  " labels for " + std::to_string(constraints.size()) +
                                                  " constraints");
  for (std::size_t i = 0; i < constraints.size(); ++i)
    for (const LinearCombination* lc : {&constraints[i].a, &constraints[i].b, &constraints[i].c})
      for (const Term& t : lc->terms)
        if (t.wire >= num_wires)
          return make_error(Errc::kInvalidArgument, "constraint " + std::to_string(i) + " refers to wire " +
                                                        std::to_string(t.wire) + " of " +
                                                        std::to_string(num_wires));
  return Status::success();
}

Status check(const ConstraintSystem& cs, std::span<const Fr> w) {
  if (Status s = cs.validate(); !s) return s;
  if (w.size() != cs.num_wires)
    return make_error(Errc::kBadLength, "witness has " + std::to_string(w.size()) +
                                            " values, the constraint system " + std::to_string(cs.num_wires) +
                                            " wires");
  if (w[0] != Fr::one())
    return make_error(Errc::kInvalidArgument, "witness: w[0] must be 1, is " + w[0].to_decimal());
  for (std::size_t i = 0; i < cs.constraints.size(); ++i) {
    const Constraint& c = cs.constraints[i];
    const Fr a = c.a.evaluate(w), b = c.b.evaluate(w), cv = c.c.evaluate(w);
    if (a * b != cv) {
      std::string name = "constraint " + std::to_string(i);
      if (!cs.labels.empty() && !cs.labels[i].empty()) name += " '" + cs.labels[i] + "'";
      return make_error(Errc::kInvalidArgument, name + " is not satisfied: A = " + a.to_decimal() +
                                                    ", B = " + b.to_decimal() + ", C = " + cv.to_decimal());
    }
  }
  return Status::success();
}

}  // namespace zkc::r1cs
