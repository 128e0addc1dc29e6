// Cheap distinct sample points for self-tests, tests and benchmarks: the multiples s, 2s, ..., ns of a
// random point s, converted with one batch inversion (about one addition per point, far cheaper than
// n scalar multiplications). Their discrete logarithms are related, so they are no use as bases
// whose relations must be unknown (a setup's or a Pedersen commitment's generators).
#pragma once

#include <vector>

#include "zkc/ec/point.hpp"

namespace zkc::ec {

template <class Cfg>
std::vector<Affine<Cfg>> sample_points_vartime(std::size_t n) {
  using J = Jacobian<Cfg>;
  std::vector<J> js(n);
  const J step = Affine<Cfg>::generator().mul(Cfg::Scalar::random());
  J acc = step;
  for (auto& j : js) {
    j = acc;
    acc = acc.add_vartime(step);
  }
  std::vector<Affine<Cfg>> out(n);
  J::batch_to_affine_vartime(js, out);
  return out;
}

}  // namespace zkc::ec
