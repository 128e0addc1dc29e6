#include "zkc/poly/domain.hpp"

#include <algorithm>
#include <bit>
#include <string>
#include <utility>

#include "zkc/base/thread_pool.hpp"
#include "zkc/poly/internal/radix52.hpp"

namespace zkc::poly {
namespace {

// out[i] = ratio^i, in parallel chunks that each start with one exponentiation.
void fill_powers(std::span<Fr> out, const Fr& ratio) {
  parallel_for(out.size(), 1 << 14, [&](std::size_t lo, std::size_t hi) {
    Fr x = ratio.pow(ff::U256::from_u64(lo));
    for (std::size_t i = lo; i < hi; ++i, x *= ratio) out[i] = x;
  });
}

}  // namespace

Result<EvaluationDomain> EvaluationDomain::create(unsigned log2_size) {
  if (log2_size < 1 || log2_size > kMaxLog2Size)
    return make_error(Errc::kInvalidArgument, "EvaluationDomain: log2 size " + std::to_string(log2_size) +
                                                  " outside [1, " + std::to_string(kMaxLog2Size) + "]");
  auto d = std::make_shared<Data>();
  d->log2_size = log2_size;
  d->omega = root_of_unity<Fr>(log2_size).value();
  d->omega_inv = d->omega.inverse_vartime();
  d->size_inv = Fr::from_u64(ff::u64{1} << log2_size).inverse_vartime();
  d->coset_shift = log2_size < Fr::kTwoAdicity ? root_of_unity<Fr>(log2_size + 1).value()
                                               : smallest_non_residue<Fr>().square();
  return EvaluationDomain(std::move(d));
}

Result<EvaluationDomain> EvaluationDomain::with_size(std::size_t size) {
  if (size < 2 || !std::has_single_bit(size) || size > (std::size_t{1} << kMaxLog2Size))
    return make_error(Errc::kInvalidArgument, "EvaluationDomain: size " + std::to_string(size) +
                                                  " is not a power of two in [2, 2^28]");
  return create(static_cast<unsigned>(std::countr_zero(size)));
}

Result<EvaluationDomain> EvaluationDomain::at_least(std::size_t min_size) {
  if (min_size > (std::size_t{1} << kMaxLog2Size))
    return make_error(Errc::kInvalidArgument,
                      "EvaluationDomain: " + std::to_string(min_size) + " points exceed 2^28");
  return with_size(std::bit_ceil(std::max<std::size_t>(min_size, 2)));
}

Fr EvaluationDomain::pow_omega(std::size_t i) const { return d_->omega.pow(ff::U256::from_u64(i)); }

const EvaluationDomain::Tables& EvaluationDomain::tables() const {
  std::call_once(d_->once, [d = d_.get()] {
    const std::size_t len = (std::size_t{1} << (d->log2_size - 1)) + 1;  // omega^0 .. omega^(n/2)
    d->tables.powers.resize(len);
    fill_powers(d->tables.powers, d->omega);
#if ZKC_POLY_HAVE_IFMA
    d->tables.planes.resize(5 * len);
    std::uint64_t* planes = d->tables.planes.data();
    parallel_for(len, 1 << 14, [&](std::size_t lo, std::size_t hi) {
      for (std::size_t i = lo; i < hi; ++i) {
        const auto limbs = internal::m_form(d->tables.powers[i]);
        for (std::size_t j = 0; j < 5; ++j) planes[j * len + i] = limbs[j];
      }
    });
#endif
  });
  return d_->tables;
}

}  // namespace zkc::poly
