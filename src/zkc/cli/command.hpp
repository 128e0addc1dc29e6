// How the `zkcredit` command is put together: each command group (selftest, groth16, zkey, ptau,
// ...) lives in its own <group>_command.cpp and adds its subcommands to the CLI11 app; a
// subcommand's callback runs the command and stores the process exit code in the Context.
// Exit codes: 0 success (for verifiers: valid), 1 failure (verifiers: invalid), 2 bad input.
#pragma once

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <span>
#include <string>

#include "zkc/base/result.hpp"

namespace zkc::cli {

inline constexpr int kExitOk = 0, kExitFailure = 1, kExitBadInput = 2;

struct Context {
  std::ostream& out = std::cout;
  std::ostream& err = std::cerr;
  int exit_code = kExitOk;
  // True when stderr is a terminal: long steps draw a progress line there.
  bool progress = false;

  // Prints "zkcredit: error: <message>" to err and returns kExitBadInput.
  int fail(const Error& e) const {
    err << "zkcredit: error: " << e.message << "\n";
    return kExitBadInput;
  }
};

// A progress reporter for long steps: prints "\r<label> <done>/<total>" to err at most every
// 1% when ctx.progress is set, and a newline at the end.
class Progress {
 public:
  Progress(const Context& ctx, std::string label) : ctx_(ctx), label_(std::move(label)) {}
  void operator()(std::size_t done, std::size_t total);

 private:
  const Context& ctx_;
  std::string label_;
  std::size_t last_percent_ = 101;
};

// Milliseconds since t, for the commands' timing lines.
inline double ms_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

// Creates `dir` and its parents (existing ones are fine).
inline Status make_dir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return make_error(Errc::kIo, dir + ": cannot create the directory: " + ec.message());
  return {};
}

// dir/file, for the files of a keys or proof directory.
inline std::string join_path(const std::string& dir, const char* file) {
  return (std::filesystem::path(dir) / file).string();
}

// A 64-byte ceremony hash as snarkjs prints it: four rows of four 8-digit hex groups.
std::string format_hash(std::span<const std::uint8_t, 64> h);

// The command groups (one file each).
void add_selftest_command(CLI::App& app, Context& ctx);  // selftest_command.cpp
void add_groth16_commands(CLI::App& app, Context& ctx);  // groth16_command.cpp: groth16 ..., zkey ...
void add_ptau_commands(CLI::App& app, Context& ctx);   // ptau_command.cpp: ptau new|contribute|prepare|verify
void add_model_commands(CLI::App& app, Context& ctx);  // model_command.cpp: model train|eval|score
void add_credit_commands(CLI::App& app, Context& ctx);  // credit_command.cpp: setup|prove|verify
void add_he_commands(CLI::App& app, Context& ctx);      // he_command.cpp: he keygen|encrypt|score|decrypt
void add_collateral_commands(CLI::App& app,
                             Context& ctx);          // collateral_command.cpp: collateral commit|prove|verify
void add_rate_command(CLI::App& app, Context& ctx);  // rate_command.cpp: rate
void add_monitor_command(CLI::App& app, Context& ctx);  // monitor_command.cpp: monitor
void add_demo_command(CLI::App& app, Context& ctx);     // demo_command.cpp: demo

}  // namespace zkc::cli
