// The small, insecure CKKS contexts the tests run on (milliseconds per operation): parameters outside the
// 128-bit table are allowed here only.
#pragma once

#include <utility>
#include <vector>

#include "zkc/he/ckks/params.hpp"

namespace zkc::he::ckks {

inline ContextPtr insecure_context(std::size_t n, std::vector<int> bits, double scale,
                                   bool manual_scales = false) {
  Parameters p;
  p.ring_degree = n;
  p.prime_bits = std::move(bits);
  p.scale = scale;
  p.insecure_testing = true;
  p.manual_scales = manual_scales;
  return Context::create(p).value();
}

}  // namespace zkc::he::ckks
