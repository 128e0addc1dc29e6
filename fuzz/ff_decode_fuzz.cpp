// libFuzzer target: field-element decoders (bytes, decimal, hex) and snarkjs JSON points on arbitrary
// input. Accepted input must be canonical: it re-encodes to exactly the same text or bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <span>
#include <string>

#include "zkc/ec/bn254_encoding.hpp"
#include "zkc/ff/bn254/fq.hpp"

using zkc::ff::bn254::Fq;

namespace {
void require(bool cond) {
  if (!cond) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (auto x = Fq::from_decimal(text)) require(x.value().to_decimal() == text);
  if (size == 32) {
    if (auto x = Fq::from_bytes_be(std::span<const std::uint8_t, 32>(data, 32))) {
      const auto back = x.value().to_bytes_be();
      require(std::equal(back.begin(), back.end(), data));
    }
  }
  const auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_discarded()) {
    if (auto p = zkc::ec::bn254::g1_from_snarkjs(json)) require(p.value().is_on_curve());
    if (auto p = zkc::ec::bn254::g2_from_snarkjs(json)) require(zkc::ec::bn254::is_in_subgroup_vartime(p.value()));
  }
  return 0;
}
