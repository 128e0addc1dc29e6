// Result<T> and Status: how library code reports errors on untrusted input.
// An error carries a distinct code and a message naming what was wrong (file, field, offset).
// Library code never prints or exits; asserts (ZKC_ASSERT) are for bugs only.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <variant>

namespace zkc {

enum class Errc {
  kInvalidArgument,  // a parameter outside its documented domain
  kBadLength,        // input of the wrong size
  kBadFormat,        // not parseable at all (bad digit, bad hex, bad JSON shape)
  kNotCanonical,     // parseable but not the unique encoding (value >= modulus, leading zero, flag bits)
  kNotOnCurve,       // coordinates do not satisfy the curve equation
  kNotInSubgroup,    // on the curve but outside the prime-order subgroup
  kIo,               // file system error
};

const char* errc_name(Errc code);

struct Error {
  Errc code;
  std::string message;
};

// Result<T>: either a value or an Error. Accessing the wrong alternative is a bug (asserts).
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { check_ok(); return std::get<0>(v_); }
  const T& value() const& { check_ok(); return std::get<0>(v_); }
  T&& value() && { check_ok(); return std::get<0>(std::move(v_)); }
  const Error& error() const {
    if (ok()) fail_access("error() on a Result holding a value");
    return std::get<1>(v_);
  }

 private:
  void check_ok() const {
    if (!ok()) fail_access(std::get<1>(v_).message.c_str());
  }
  [[noreturn]] static void fail_access(const char* what) {
    std::fprintf(stderr, "zkc: value() on an error Result: %s\n", what);
    std::abort();
  }
  std::variant<T, Error> v_;
};

// Status: success or an Error.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT(google-explicit-constructor)
  static Status success() { return {}; }
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_{Errc::kInvalidArgument, {}};
  bool ok_ = true;
};

inline Error make_error(Errc code, std::string message) { return Error{code, std::move(message)}; }

[[noreturn]] void assert_fail(const char* expr, const char* file, int line);

}  // namespace zkc

// ZKC_ASSERT: an internal invariant; failing it is a bug in zkcredit, never bad input.
#define ZKC_ASSERT(expr) ((expr) ? (void)0 : ::zkc::assert_fail(#expr, __FILE__, __LINE__))

// ZKC_TRY(var, expr): unwraps a Result into `var` or returns its error from the enclosing function.
#define ZKC_CONCAT_INNER(a, b) a##b
#define ZKC_CONCAT(a, b) ZKC_CONCAT_INNER(a, b)
#define ZKC_TRY(var, expr)                                             \
  auto ZKC_CONCAT(zkc_try_, __LINE__) = (expr);                        \
  if (!ZKC_CONCAT(zkc_try_, __LINE__).ok())                            \
    return ZKC_CONCAT(zkc_try_, __LINE__).error();                     \
  var = std::move(ZKC_CONCAT(zkc_try_, __LINE__)).value()
