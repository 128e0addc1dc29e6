#include "zkc/r1cs/constraint_system.hpp"

namespace zkc::r1cs {

Fr LinearCombination::evaluate(std::span<const Fr> w) const {
  Fr acc = Fr::zero();
  for (const Term& t : terms) {
    ZKC_ASSERT(t.wire < w.size());
    acc += t.coeff * w[t.wire];
  }
  return acc;
}

Status ConstraintSystem::validate() const {
  if (num_wires == 0) return make_error(Errc::kInvalidArgument, "constraint system: no wires (wire 0 is the one wire)");
  if (std::uint64_t{1} + num_public_outputs + num_public_inputs > num_wires)
    return make_error(Errc::kInvalidArgument, "constraint system: " + std::to_string(num_public()) +
                                                  " public wires do not fit in " + std::to_string(num_wires) + " wires");
  if (!labels.empty() && labels.size() != constraints.size())
    return make_error(Errc::kInvalidArgument, "constraint system: " + std::to_string(labels.size()) + " labels for " +
                                                  std::to_string(constraints.size()) + " constraints");
  for (std::size_t i = 0; i < constraints.size(); ++i)
    for (const LinearCombination* lc : {&constraints[i].a, &constraints[i].b, &constraints[i].c})
      for (const Term& t : lc->terms)
        if (t.wire >= num_wires)
          return make_error(Errc::kInvalidArgument, "constraint " + std::to_string(i) + " refers to wire " +
                                                        std::to_string(t.wire) + " of " + std::to_string(num_wires));
  return Status::success();
}

Status check(const ConstraintSystem& cs, std::span<const Fr> w) {
  if (Status s = cs.validate(); !s) return s;
  if (w.size() != cs.num_wires)
    return make_error(Errc::kBadLength, "witness has " + std::to_string(w.size()) + " values, the constraint system " +
                                            std::to_string(cs.num_wires) + " wires");
  if (w[0] != Fr::one()) return make_error(Errc::kInvalidArgument, "witness: w[0] must be 1, is " + w[0].to_decimal());
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
