// The small, insecure CKKS contexts the tests run on (milliseconds per operation): parameters outside the
// 128-bit table are allowed here only.
#pragma once

#include <utility>
#include <vector>

#include "zkc/he/ckks/params.hpp"

namespace zkc::he::ckks {

inline Parameters test_parameters(std::size_t n, std::vector<int> bits, double scale, bool insecure = false,
                                  bool manual_scales = false) {
  Parameters p;
  p.ring_degree = n;
  p.prime_bits = std::move(bits);
  p.scale = scale;
  p.insecure_testing = insecure;
  p.manual_scales = manual_scales;
  return p;
}

inline ContextPtr insecure_context(std::size_t n, std::vector<int> bits, double scale,
                                   bool manual_scales = false) {
  return Context::create(test_parameters(n, std::move(bits), scale, true, manual_scales)).value();
}

}  // namespace zkc::he::ckks
