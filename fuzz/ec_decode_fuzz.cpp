// libFuzzer target: every BN254 point decoder on arbitrary bytes. A decoder must either reject the
// input with an error or return a point that is on the curve (and, for G2, in the subgroup) and that
// re-encodes to the same bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "zkc/ec/bn254_encoding.hpp"

using namespace zkc::ec::bn254;

namespace {
void require(bool cond) {
  if (!cond) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t selector = data[0] % 4;
  const std::span<const std::uint8_t> in(data + 1, size - 1);
  switch (selector) {
    case 0:
      if (auto p = g1_from_evm(in)) {
        require(p.value().is_on_curve());
        const auto back = g1_to_evm(p.value());
        require(std::equal(back.begin(), back.end(), in.begin(), in.end()));
      }
      break;
    case 1:
      if (auto p = g2_from_evm(in)) {
        require(is_in_subgroup_vartime(p.value()));
        const auto back = g2_to_evm(p.value());
        require(std::equal(back.begin(), back.end(), in.begin(), in.end()));
      }
      break;
    case 2:
      if (auto p = g1_decompress(in)) {
        require(p.value().is_on_curve());
        const auto back = g1_compress(p.value());
        require(std::equal(back.begin(), back.end(), in.begin(), in.end()));
      }
      break;
    case 3:
      if (auto p = g2_decompress(in)) {
        require(is_in_subgroup_vartime(p.value()));
        const auto back = g2_compress(p.value());
        require(std::equal(back.begin(), back.end(), in.begin(), in.end()));
      }
      break;
  }
  return 0;
}
