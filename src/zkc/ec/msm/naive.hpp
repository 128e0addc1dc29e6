// The reference multi-scalar multiplication: sum of [k_i]P_i one point at a time. For tests only.
#pragma once

#include <span>

#include "zkc/base/result.hpp"
#include "zkc/ec/point.hpp"

namespace zkc::ec::msm {

template <class Cfg>
Jacobian<Cfg> naive_vartime(std::span<const Affine<Cfg>> points, std::span<const typename Cfg::Scalar> scalars) {
  ZKC_ASSERT(points.size() == scalars.size());
  Jacobian<Cfg> acc = Jacobian<Cfg>::identity();
  for (std::size_t i = 0; i < points.size(); ++i) acc = acc.add_vartime(points[i].mul_vartime(scalars[i]));
  return acc;
}

}  // namespace zkc::ec::msm
