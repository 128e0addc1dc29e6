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

}  // namespace zkc::cli
