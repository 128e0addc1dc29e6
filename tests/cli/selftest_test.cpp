// `zkcredit selftest` on small sizes: every check holds and is reported.
#include "zkc/cli/selftest.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace zkc::cli {
namespace {

TEST(Selftest, PassesAndReportsEveryCheck) {
  std::ostringstream out;
  EXPECT_EQ(run_selftest(SelftestOptions{.msm_log2 = 10, .ntt_log2 = 10}, out), 0);
  const std::string text = out.str();
  EXPECT_NE(text.find("selftest passed"), std::string::npos) << text;
  EXPECT_EQ(text.find("FAIL"), std::string::npos) << text;
  for (const char* check : {"pairing: e([a]G1, [b]G2) = e([ab]G1, G2)", "MSM G1 2^10", "NTT 2^10 inverse round trip"})
    EXPECT_NE(text.find(check), std::string::npos) << check;
}

}  // namespace
}  // namespace zkc::cli
