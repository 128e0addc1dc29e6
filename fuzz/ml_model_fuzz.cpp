// libFuzzer target: the credit-model file reader on arbitrary bytes. Whatever parses must validate
// and score any in-range input without tripping an assertion, and must write back to JSON that reads
// back to the same model.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "zkc/ml/model.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto j = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return 0;
  auto model = zkc::ml::model_from_json(j, "fuzz.json");
  if (!model) return 0;
  const auto& m = model.value();
  if (!m.quantized.validate()) std::abort();
  // Score the corners of the input range: the recorded bounds must hold there.
  (void)m.quantized.trace(m.quantized.input_lower);
  (void)m.quantized.trace(m.quantized.input_upper);
  auto again = zkc::ml::model_from_json(zkc::ml::model_to_json(m), "fuzz.json");
  if (!again || again.value().quantized.layers[0].weights != m.quantized.layers[0].weights) std::abort();
  return 0;
}
