// libFuzzer target: the Groth16 .zkey readers on arbitrary bytes. parse_zkey must return an error or a
// key that passes check_proving_key_shape, serializes in both section orders and reads back equal; the
// header and verifying-key readers must agree with it whenever it succeeds. The seed corpus (the
// fixtures of tests/data/groth16/formats, copied by fuzz/CMakeLists.txt) gets mutations past the
// container and into the point and coefficient sections.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "zkc/groth16/formats/zkey_file.hpp"

namespace {
void require(bool cond) {
  if (!cond) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace zkc::groth16::formats;
  const std::span<const std::uint8_t> in(data, size);
  auto header = parse_zkey_header(in, "fuzz.zkey");
  auto vk = parse_zkey_verifying_key(in, "fuzz.zkey");
  auto pk = parse_zkey(in, "fuzz.zkey");
  if (!header.ok()) require(!vk.ok() && !pk.ok());
  if (!vk.ok()) require(!pk.ok());
  if (!pk.ok()) return 0;
  const zkc::groth16::ProvingKey& key = pk.value();
  require(vk.value() == key.verifying_key());
  require(header.value().num_wires == key.num_wires && header.value().domain_size == key.domain_size);
  require(check_proving_key_shape(key).ok());
  for (ZkeyLayout layout : {ZkeyLayout::kContributed, ZkeyLayout::kSetup}) {
    auto bytes = serialize_zkey(key, layout);
    require(bytes.ok());
    auto again = parse_zkey(bytes.value(), "again.zkey");
    require(again.ok() && again.value() == key);
    require(parse_zkey_header(bytes.value()).value().layout == layout);
  }
  return 0;
}
