#include "zkc/cli/command.hpp"

namespace zkc::cli {

void Progress::operator()(std::size_t done, std::size_t total) {
  if (!ctx_.progress || total == 0) return;
  const std::size_t percent = done * 100 / total;
  if (percent == last_percent_ && done != total) return;
  last_percent_ = percent;
  ctx_.err << "\r" << label_ << " " << percent << "% (" << done << "/" << total << ")" << std::flush;
  if (done == total) ctx_.err << "\n";
}

std::string format_hash(std::span<const std::uint8_t, 64> h) {
  static const char* kHex = "0123456789abcdef";
  std::string s;
  for (std::size_t row = 0; row < 4; ++row) {
    s += "\t\t";
    for (std::size_t i = 0; i < 16; ++i) {
      if (i > 0 && i % 4 == 0) s += ' ';
      const std::uint8_t x = h[row * 16 + i];
      s += kHex[x >> 4];
      s += kHex[x & 15];
    }
    s += '\n';
  }
  return s;
}

}  // namespace zkc::cli
