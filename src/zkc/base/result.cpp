#include "zkc/base/result.hpp"

namespace zkc {

const char* errc_name(Errc code) {
  switch (code) {
    case Errc::kInvalidArgument: return "invalid argument";
    case Errc::kBadLength: return "bad length";
    case Errc::kBadFormat: return "bad format";
    case Errc::kNotCanonical: return "not canonical";
    case Errc::kNotOnCurve: return "not on curve";
    case Errc::kNotInSubgroup: return "not in subgroup";
    case Errc::kIo: return "i/o error";
  }
  return "unknown error";
}

void assert_fail(const char* expr, const char* file, int line) {
  std::fprintf(stderr, "zkc: internal assertion failed: %s at %s:%d\n", expr, file, line);
  std::abort();
}

}  // namespace zkc
