// libFuzzer target: what `zkcredit verify` reads besides the proof: the keys' manifest (circuit.json)
// and the public signals (public.json) decoded into a credit statement. Whatever parses must write
// back to JSON that parses to the same manifest, and a decoded statement must re-encode to the same
// ratio and borrower signals.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "zkc/groth16/snarkjs_json.hpp"
#include "zkc/lending/credit_proof.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace zkc;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto signals = groth16::public_signals_from_json(text, "public.json"); signals) {
    const int f = size == 0 ? 11 : 4 + data[0] % 21;
    if (auto p = lending::decode_public(signals.value(), f); p) {
      const auto& v = p.value();
      if (v.ratio.packed() != signals.value()[lending::kRatio]) std::abort();
      if (v.borrower.packed() != signals.value()[lending::kBorrower]) std::abort();
      if (v.score < 0 || v.score > (std::int64_t{1} << f)) std::abort();
    }
  }
  const auto j = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return 0;
  auto m = lending::manifest_from_json(j, "circuit.json");
  if (!m) return 0;
  auto again = lending::manifest_from_json(lending::manifest_to_json(m.value()), "circuit.json");
  if (!again || lending::manifest_to_json(again.value()) != lending::manifest_to_json(m.value()))
    std::abort();
  return 0;
}
