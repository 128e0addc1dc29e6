// A plaintext stand-in for the CKKS evaluator with the Ops interface of polyeval.hpp / linear.hpp:
// a "ciphertext" is the slot vector in the clear plus its level. Each operation checks what the real
// one needs (a level left for products, equal slot counts, finite values, a Galois key for the step
// when keys are restricted) and throws std::logic_error otherwise, so tests can catch misuse. Optional
// Gaussian noise of standard deviation `noise` (absolute, in message units) is added after every
// encryption, product and rotation, the places where CKKS adds error (encoding rounding, rescaling,
// key switching); 2^-25 mimics a scale of about 2^33 with N = 2^14. Counts every operation.
// Header-only, no dependency beyond the standard library.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace zkc::he::ckks::testing {

struct MockCt {
  std::vector<double> v;
  int level = 0;
};

class MockOps {
 public:
  using Ct = MockCt;

  MockOps(std::size_t slots, int max_level, double noise = 0, std::uint64_t seed = 1)
      : slots_(slots), max_level_(max_level), noise_(noise), gen_(seed) {}

  std::size_t slots() const { return slots_; }
  int level(const Ct& c) const { return c.level; }

  // Values shorter than the slot count are padded with zeros. level < 0: the top level.
  Ct encrypt(std::vector<double> values, int level = -1) {
    if (values.size() > slots_) throw std::logic_error("encrypt: more values than slots");
    values.resize(slots_, 0.0);
    Ct c{std::move(values), level < 0 ? max_level_ : level};
    if (c.level > max_level_) throw std::logic_error("encrypt: level above the top");
    check(c, "encrypt");
    add_noise(c);
    return c;
  }
  std::vector<double> decrypt(const Ct& c) const { return c.v; }

  Ct add(const Ct& a, const Ct& b) {
    ++count_["add"];
    return binary(
        a, b, std::min(a.level, b.level), [](double x, double y) { return x + y; }, "add");
  }
  Ct sub(const Ct& a, const Ct& b) {
    ++count_["sub"];
    return binary(
        a, b, std::min(a.level, b.level), [](double x, double y) { return x - y; }, "sub");
  }
  Ct add_const(const Ct& a, double c) {
    ++count_["add_const"];
    finite(c, "add_const");
    Ct r = a;
    for (double& x : r.v) x += c;
    return checked(r, "add_const");
  }
  Ct add_plain(const Ct& a, const std::vector<double>& p) {
    ++count_["add_plain"];
    plain_ok(p, "add_plain");
    Ct r = a;
    for (std::size_t i = 0; i < slots_; ++i) r.v[i] += p[i];
    return checked(r, "add_plain");
  }
  Ct mul(const Ct& a, const Ct& b) {
    ++count_["mul"];
    need_level(a, "mul");
    need_level(b, "mul");
    Ct r = binary(
        a, b, std::min(a.level, b.level) - 1, [](double x, double y) { return x * y; }, "mul");
    add_noise(r);
    return r;
  }
  Ct mul_const(const Ct& a, double c) {
    ++count_["mul_const"];
    need_level(a, "mul_const");
    finite(c, "mul_const");
    Ct r = a;
    for (double& x : r.v) x *= c;
    --r.level;
    add_noise(r);
    return checked(r, "mul_const");
  }
  Ct mul_plain(const Ct& a, const std::vector<double>& p) {
    ++count_["mul_plain"];
    need_level(a, "mul_plain");
    plain_ok(p, "mul_plain");
    Ct r = a;
    for (std::size_t i = 0; i < slots_; ++i) r.v[i] *= p[i];
    --r.level;
    add_noise(r);
    return checked(r, "mul_plain");
  }
  Ct rotate(const Ct& a, int steps) {
    ++count_["rotate"];
    if (keys_ && !keys_->count(steps))
      throw std::logic_error("rotate: no Galois key for step " + std::to_string(steps));
    steps_used_.insert(steps);
    Ct r = a;
    const auto n = static_cast<long long>(slots_);
    for (std::size_t i = 0; i < slots_; ++i)
      r.v[i] = a.v[static_cast<std::size_t>(((static_cast<long long>(i) + steps) % n + n) % n)];
    add_noise(r);
    return r;
  }
  Ct drop_to(const Ct& a, int level) {
    if (level > a.level || level < 0) throw std::logic_error("drop_to: cannot raise or go below 0");
    Ct r = a;
    r.level = level;
    return r;
  }

  // Restrict rotations to these steps (as if only their Galois keys existed).
  void set_galois_keys(const std::vector<int>& steps) { keys_ = std::set<int>(steps.begin(), steps.end()); }
  const std::set<int>& steps_used() const { return steps_used_; }
  long count(const std::string& op) const {
    auto it = count_.find(op);
    return it == count_.end() ? 0 : it->second;
  }
  void reset_counts() { count_.clear(); }
  double max_abs() const { return max_abs_; }  // largest |slot value| produced so far

 private:
  template <class F>
  Ct binary(const Ct& a, const Ct& b, int level, F f, const char* what) {
    if (a.v.size() != slots_ || b.v.size() != slots_)
      throw std::logic_error(std::string(what) + ": slot count");
    Ct r{std::vector<double>(slots_), level};
    for (std::size_t i = 0; i < slots_; ++i) r.v[i] = f(a.v[i], b.v[i]);
    return checked(r, what);
  }
  void need_level(const Ct& a, const char* what) const {
    if (a.level <= 0) throw std::logic_error(std::string(what) + ": no level left");
  }
  static void finite(double c, const char* what) {
    if (!std::isfinite(c)) throw std::logic_error(std::string(what) + ": non-finite constant");
  }
  void plain_ok(const std::vector<double>& p, const char* what) const {
    if (p.size() != slots_) throw std::logic_error(std::string(what) + ": plaintext of the wrong size");
    for (double x : p) finite(x, what);
  }
  Ct checked(Ct r, const char* what) {
    check(r, what);
    return r;
  }
  void check(const Ct& r, const char* what) {
    if (r.v.size() != slots_) throw std::logic_error(std::string(what) + ": slot count");
    for (double x : r.v) {
      if (!std::isfinite(x)) throw std::logic_error(std::string(what) + ": non-finite slot");
      max_abs_ = std::max(max_abs_, std::fabs(x));
    }
  }
  void add_noise(Ct& c) {
    if (noise_ == 0) return;
    std::normal_distribution<double> d(0.0, noise_);
    for (double& x : c.v) x += d(gen_);
  }

  std::size_t slots_;
  int max_level_;
  double noise_;
  std::mt19937_64 gen_;
  std::optional<std::set<int>> keys_;
  std::set<int> steps_used_;
  std::map<std::string, long> count_;
  double max_abs_ = 0;
};

}  // namespace zkc::he::ckks::testing
