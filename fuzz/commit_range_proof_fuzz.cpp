// libFuzzer target: RangeProof::from_bytes (zkc/commit/bulletproofs.hpp) on arbitrary bytes for a few
// (n, m). The first byte picks the parameters (including invalid ones); the rest is the proof. A
// decoder must reject the input with an error or return a proof that re-serializes to exactly the
// same bytes (every point and scalar canonical).
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <utility>

#include "zkc/commit/bulletproofs.hpp"

namespace {
void require(bool cond) {
  if (!cond) std::abort();
}

constexpr std::array<std::pair<unsigned, std::size_t>, 8> kParams = {
    {{8, 1}, {16, 1}, {32, 1}, {64, 1}, {8, 2}, {64, 2}, {7, 1}, {8, 3}}};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto [n, m] = kParams[data[0] % kParams.size()];
  const std::span<const std::uint8_t> in(data + 1, size - 1);
  auto r = zkc::commit::RangeProof::from_bytes(in, n, m);
  if (r.ok()) {
    require(zkc::commit::RangeProof::valid_parameters(n, m));
    require(in.size() == zkc::commit::RangeProof::serialized_size(n, m));
    const auto back = r.value().to_bytes();
    require(std::equal(back.begin(), back.end(), in.begin(), in.end()));
  } else {
    require(!r.error().message.empty());
  }
  return 0;
}
