// libFuzzer target: the .wtns reader on arbitrary bytes. It must return an error, or values that
// serialize and read back equal; a version-2 file with its sections in order re-serializes byte for byte.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "zkc/groth16/formats/wtns_file.hpp"

namespace {
void require(bool cond) {
  if (!cond) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace zkc::groth16::formats;
  auto w = parse_wtns(std::span(data, size), "fuzz.wtns");
  if (!w.ok()) return 0;
  const auto bytes = serialize_wtns(w.value());
  auto again = parse_wtns(bytes, "again.wtns");
  require(again.ok() && again.value() == w.value());
  const auto u32_at = [&](std::size_t at) {
    return std::uint32_t{data[at]} | std::uint32_t{data[at + 1]} << 8 | std::uint32_t{data[at + 2]} << 16 |
           std::uint32_t{data[at + 3]} << 24;
  };
  if (u32_at(4) == 2 && u32_at(12) == 1) require(std::equal(bytes.begin(), bytes.end(), data, data + size));
  return 0;
}
