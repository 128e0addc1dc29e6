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

// Accepted input must decode to a valid point that re-encodes to exactly the same bytes.
template <class Decode, class Encode, class Valid>
void round_trip(std::span<const std::uint8_t> in, Decode decode, Encode encode, Valid valid) {
  if (auto p = decode(in)) {
    require(valid(p.value()));
    const auto back = encode(p.value());
    require(std::equal(back.begin(), back.end(), in.begin(), in.end()));
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::span<const std::uint8_t> in(data + 1, size - 1);
  const auto on_curve = [](const G1Affine& p) { return p.is_on_curve(); };
  const auto in_g2 = [](const G2Affine& p) { return is_in_subgroup_vartime(p); };
  switch (data[0] % 4) {
    case 0: round_trip(in, g1_from_evm, g1_to_evm, on_curve); break;
    case 1: round_trip(in, g2_from_evm, g2_to_evm, in_g2); break;
    case 2: round_trip(in, g1_decompress, g1_compress, on_curve); break;
    case 3: round_trip(in, g2_decompress, g2_compress, in_g2); break;
  }
  return 0;
}
