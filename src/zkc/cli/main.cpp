#include <CLI/CLI.hpp>
#include <cstdio>
#include "zkc/base/version.hpp"
int main(int argc, char** argv) {
  CLI::App app{"zkcredit"};
  app.set_version_flag("--version", std::string("zkcredit ") + zkc::kVersion);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
