// EvaluatorOps: the Evaluator with its keys behind the small "Ops" interface that the generic algorithms
// (polyeval.hpp, linear.hpp, lending/encrypted_scoring) are written against and tested with a plaintext
// mock. Every operation is a leveled one (results on the scale ladder; operands at different levels are
// aligned). Errors are sticky: the first failure is kept in status(), later operations return their input
// unchanged, and the caller checks status() once after the whole computation (so the algorithms stay
// written as plain expressions).
#pragma once

#include <span>
#include <vector>

#include "zkc/he/ckks/evaluator.hpp"

namespace zkc::he::ckks {

class EvaluatorOps {
 public:
  using Ct = Ciphertext;

  EvaluatorOps(const Evaluator& eval, const RelinKey& rk, const GaloisKeys& gk)
      : eval_(eval), rk_(rk), gk_(gk) {}

  std::size_t slots() const { return eval_.context().slots(); }
  int level(const Ct& c) const { return c.level(); }
  const Status& status() const { return status_; }

  Ct add(const Ct& a, const Ct& b) { return keep(eval_.add_any(a, b), a); }
  Ct sub(const Ct& a, const Ct& b) { return keep(eval_.sub_any(a, b), a); }
  Ct add_const(const Ct& a, double c) { return keep(eval_.add_const(a, c), a); }
  Ct add_plain(const Ct& a, const std::vector<double>& values) {
    return keep(eval_.add_values(a, values), a);
  }
  Ct mul(const Ct& a, const Ct& b) { return keep(eval_.mul(a, b, rk_), a); }
  Ct mul_const(const Ct& a, double c) { return keep(eval_.mul_const(a, c), a); }
  Ct mul_plain(const Ct& a, const std::vector<double>& values) {
    return keep(eval_.mul_values(a, values), a);
  }
  Ct rotate(const Ct& a, int steps) { return steps == 0 ? a : keep(eval_.rotate(a, steps, gk_), a); }
  Ct drop_to(const Ct& a, int level) { return keep(eval_.align(a, level), a); }

 private:
  Ct keep(Result<Ct> r, const Ct& fallback) {
    if (!status_.ok()) return fallback;
    if (!r.ok()) {
      status_ = r.error();
      return fallback;
    }
    return std::move(r).value();
  }
  const Evaluator& eval_;
  const RelinKey& rk_;
  const GaloisKeys& gk_;
  Status status_;
};

}  // namespace zkc::he::ckks
