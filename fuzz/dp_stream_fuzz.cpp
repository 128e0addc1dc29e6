// libFuzzer target: the collateral monitor's stream parser (dp/stream.hpp) on arbitrary bytes, as CSV
// (first byte even) or JSON lines, line by line, and the exact decimal parser of the policy options.
// Invariants: no crash, no sanitizer report; every update has a non-empty position and a ratio >= 0.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "zkc/base/result.hpp"
#include "zkc/dp/stream.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  using zkc::dp::StreamFormat;
  zkc::dp::StreamParser parser(data[0] % 2 == 0 ? StreamFormat::kCsv : StreamFormat::kJsonl);
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  std::uint64_t line_number = 0;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    auto r = parser.parse_line(line, ++line_number);
    if (r.ok() && r.value()) {
      ZKC_ASSERT(!r.value()->position.empty());
      ZKC_ASSERT(r.value()->ratio >= 0);
    }
    if (!r.ok()) ZKC_ASSERT(!r.error().message.empty());
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  const std::string_view whole(reinterpret_cast<const char*>(data), size > 40 ? 40 : size);
  for (int decimals : {0, 4, 6}) {
    auto d = zkc::dp::parse_decimal(whole, decimals, "fuzz");
    (void)d.ok();
  }
  return 0;
}
