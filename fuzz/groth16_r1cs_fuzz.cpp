// libFuzzer target: the .r1cs reader on arbitrary bytes. It must return an error, or a system that
// passes validate(), serializes, and reads back to the same value (whose bytes serialize identically).
// No crash, no undefined behaviour, no allocation beyond a small multiple of the input's size.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "zkc/groth16/formats/r1cs_file.hpp"

namespace {
void require(bool cond) {
  if (!cond) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace zkc::groth16::formats;
  auto f = parse_r1cs(std::span(data, size), "fuzz.r1cs");
  if (!f.ok()) return 0;
  require(f.value().cs.validate().ok());
  auto bytes = serialize_r1cs(f.value());
  require(bytes.ok());
  auto again = parse_r1cs(bytes.value(), "again.r1cs");
  require(again.ok() && again.value() == f.value());
  require(serialize_r1cs(again.value()).value() == bytes.value());
  return 0;
}
