// zkc_report_render <demo.json> <out.html>: renders a demo record with zkc::report::render_demo_report,
// for the browser test (report_browser_test.sh). Exit 0 written, 2 bad arguments or unreadable input.
#include <fstream>
#include <iostream>
#include <sstream>

#include "zkc/report/demo_report.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: zkc_report_render <demo.json> <out.html>\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << "zkc_report_render: cannot read " << argv[1] << "\n";
    return 2;
  }
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json demo = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (demo.is_discarded()) {
    std::cerr << "zkc_report_render: " << argv[1] << " is not JSON\n";
    return 2;
  }
  std::ofstream out(argv[2], std::ios::binary | std::ios::trunc);
  out << zkc::report::render_demo_report(demo);
  out.close();
  if (!out) {
    std::cerr << "zkc_report_render: cannot write " << argv[2] << "\n";
    return 2;
  }
  return 0;
}
