// `zkcredit monitor`: the differentially private collateral monitor (dp/monitor.hpp). Reads position
// updates (CSV or JSON lines, files or standard input), writes alerts as JSON lines (appended to
// --output, or to standard output) after the privacy ledger has recorded them, and prints a summary
// on standard error. `--report` prints the ledger instead.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "zkc/cli/command.hpp"
#include "zkc/dp/monitor.hpp"

namespace zkc::cli {

namespace {

struct MonitorArgs {
  std::vector<std::string> inputs;
  std::string format, ledger, output;
  // Defaults from the study of docs/MONITOR.md: Aave V2 liquidates at ratios of about 1.03 to 1.3, so a
  // threshold of 1.4 warns ahead of it; values hidden to within 0.01.
  std::string threshold = "1.4", epsilon, sensitivity = "0.01", clamp_lo = "0", clamp_hi = "3";
  std::string stream_name;
  std::uint32_t alerts = 1;
  std::uint64_t batch_lines = 1 << 16;
  bool report = false;
};

std::string grid_decimal(std::int64_t v, std::int64_t scale) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", static_cast<double>(v) / static_cast<double>(scale));
  return buf;
}

double epsilon_of(const dp::MonitorPolicy& p) {
  return static_cast<double>(p.epsilon_micro) / dp::kEpsilonScale;
}

nlohmann::json policy_json(const dp::MonitorPolicy& p) {
  auto ratio = [](std::int64_t v) { return static_cast<double>(v) / dp::kGrid; };
  return {{"threshold", ratio(p.threshold)},
          {"clamp_lo", ratio(p.clamp_lo)},
          {"clamp_hi", ratio(p.clamp_hi)},
          {"sensitivity", ratio(p.sensitivity)},
          {"effective_sensitivity", ratio(dp::effective_sensitivity(p))},
          {"epsilon", epsilon_of(p)},
          {"alerts", p.max_alerts},
          {"grid", 1.0 / dp::kGrid}};
}

Result<dp::MonitorPolicy> policy_of(const MonitorArgs& a) {
  dp::MonitorPolicy p;
  ZKC_TRY(p.threshold, dp::parse_decimal(a.threshold, 4, "--threshold"));
  ZKC_TRY(p.clamp_lo, dp::parse_decimal(a.clamp_lo, 4, "--clamp-lo"));
  ZKC_TRY(p.clamp_hi, dp::parse_decimal(a.clamp_hi, 4, "--clamp-hi"));
  ZKC_TRY(p.sensitivity, dp::parse_decimal(a.sensitivity, 4, "--sensitivity"));
  ZKC_TRY(const std::int64_t eps, dp::parse_decimal(a.epsilon, 6, "--epsilon"));
  if (eps <= 0)
    return make_error(Errc::kInvalidArgument, "--epsilon must be positive (got " + a.epsilon + ")");
  p.epsilon_micro = static_cast<std::uint64_t>(eps);
  p.max_alerts = a.alerts;
  if (Status st = dp::validate(p); !st) return st.error();
  return p;
}

int run_report(const MonitorArgs& a, Context& ctx) {
  auto ledger = dp::Ledger::open_existing(a.ledger);
  if (!ledger) return ctx.fail(ledger.error());
  auto report = ledger.value().report();
  if (!report) return ctx.fail(report.error());
  const dp::LedgerReport& r = report.value();
  const double per_segment = epsilon_of(r.policy) / r.policy.max_alerts;
  nlohmann::json positions = nlohmann::json::array(), alerts = nlohmann::json::array(),
                 inputs = nlohmann::json::array();
  for (const dp::LedgerPosition& p : r.positions)
    positions.push_back({{"position", p.position},
                         {"segments", p.segments},
                         {"alerts", p.alerts},
                         {"epsilon_spent", p.segments * per_segment},
                         {"exhausted", p.segments >= r.policy.max_alerts}});
  for (const dp::LedgerAlert& al : r.alerts)
    alerts.push_back({{"position", al.position},
                      {"alert", al.number},
                      {"input", al.input},
                      {"line", al.line},
                      {"timestamp", al.timestamp}});
  for (const auto& [name, lines] : r.inputs) inputs.push_back({{"input", name}, {"lines", lines}});
  ctx.out << nlohmann::json{{"ledger", a.ledger},
                            {"policy", policy_json(r.policy)},
                            {"positions", positions},
                            {"alerts", alerts},
                            {"inputs", inputs}}
                 .dump(1)
          << "\n";
  return kExitOk;
}

int run_monitor(const MonitorArgs& a, Context& ctx) {
  if (a.ledger.empty()) return ctx.fail(make_error(Errc::kInvalidArgument, "--ledger is required"));
  if (a.report) {
    if (!a.inputs.empty()) return ctx.fail(make_error(Errc::kInvalidArgument, "--report takes no --input"));
    if (!a.epsilon.empty())
      return ctx.fail(
          make_error(Errc::kInvalidArgument, "--report takes no --epsilon (the ledger has its policy)"));
    return run_report(a, ctx);
  }
  if (a.inputs.empty())
    return ctx.fail(
        make_error(Errc::kInvalidArgument, "--input is required (a file, or - for standard input)"));
  if (a.epsilon.empty())
    return ctx.fail(
        make_error(Errc::kInvalidArgument, "--epsilon is required (the privacy budget per position)"));
  auto policy = policy_of(a);
  if (!policy) return ctx.fail(policy.error());

  // Resolve every input before touching the ledger: a typo costs nothing.
  struct Input {
    std::string path, name;
    dp::StreamFormat format;
  };
  std::vector<Input> inputs;
  int stdin_uses = 0;
  if (!a.stream_name.empty() && std::find(a.inputs.begin(), a.inputs.end(), "-") == a.inputs.end())
    return ctx.fail(
        make_error(Errc::kInvalidArgument, "--stream-name names standard input: it needs --input -"));
  for (const std::string& path : a.inputs) {
    Input in{path, {}, dp::StreamFormat::kCsv};
    if (!a.format.empty()) {
      auto f = dp::parse_stream_format(a.format);
      if (!f) return ctx.fail(f.error());
      in.format = f.value();
    }
    if (path == "-") {
      if (++stdin_uses > 1)
        return ctx.fail(make_error(Errc::kInvalidArgument, "--input - (standard input) given twice"));
      if (a.format.empty())
        return ctx.fail(make_error(Errc::kInvalidArgument, "--input - needs --format (csv or jsonl)"));
      // Standard input has no identity of its own: its progress is resumable only under a name the
      // caller gives; otherwise each run is a new stream.
      in.name = a.stream_name.empty()
                    ? "<stdin " + std::to_string(::getpid()) + "@" +
                          std::to_string(std::chrono::system_clock::now().time_since_epoch().count()) + ">"
                    : "<stdin:" + a.stream_name + ">";
    } else {
      std::error_code ec;
      const auto canonical = std::filesystem::canonical(path, ec);
      if (ec) return ctx.fail(make_error(Errc::kIo, "--input " + path + ": " + ec.message()));
      if (std::filesystem::is_directory(canonical, ec))
        return ctx.fail(make_error(Errc::kIo, "--input " + path + " is a directory"));
      in.name = canonical.string();
      if (a.format.empty()) {
        auto f = dp::stream_format_of_path(path);
        if (!f) return ctx.fail(f.error());
        in.format = f.value();
      }
    }
    inputs.push_back(std::move(in));
  }

  FILE* out = stdout;
  if (!a.output.empty()) {
    out = std::fopen(a.output.c_str(), "a");
    if (!out) return ctx.fail(make_error(Errc::kIo, "--output " + a.output + ": " + std::strerror(errno)));
  }
  std::unique_ptr<FILE, int (*)(FILE*)> out_guard(out == stdout ? nullptr : out, &std::fclose);

  dp::MonitorOptions options;
  options.batch_lines = a.batch_lines;
  auto monitor = dp::Monitor::open(policy.value(), a.ledger, options);
  if (!monitor) return ctx.fail(monitor.error());
  dp::Monitor& m = monitor.value();

  const double per_segment = epsilon_of(policy.value()) / policy.value().max_alerts;
  bool write_failed = false;
  std::string text;
  auto sink = [&](std::span<const dp::MonitorEvent> events) {
    text.clear();
    for (const dp::MonitorEvent& e : events) {
      nlohmann::json j;
      if (e.kind == dp::MonitorEvent::Kind::kAlert)
        j = {{"event", "alert"},
             {"position", e.position},
             {"alert", e.alerts},
             {"of", policy.value().max_alerts}};
      else
        j = {{"event", "exhausted"}, {"position", e.position}, {"alerts", e.alerts}};
      j["segments"] = e.segments;
      j["epsilon_spent"] = e.segments * per_segment;
      j["input"] = e.input;
      j["line"] = e.line;
      j["timestamp"] = e.timestamp;
      if (e.redelivered) j["redelivered"] = true;
      text += j.dump();
      text += '\n';
    }
    if (std::fwrite(text.data(), 1, text.size(), out) != text.size() || std::fflush(out) != 0)
      write_failed = true;
    return !write_failed;
  };

  const auto start = std::chrono::steady_clock::now();
  for (const Input& in : inputs) {
    int fd = STDIN_FILENO;
    if (in.path != "-") {
      fd = ::open(in.path.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) return ctx.fail(make_error(Errc::kIo, "--input " + in.path + ": " + std::strerror(errno)));
    }
    Status st = m.run_fd(fd, in.name, in.format, sink);
    if (fd != STDIN_FILENO) ::close(fd);
    if (write_failed)
      return ctx.fail(make_error(Errc::kIo, "writing the alerts failed (" +
                                                (a.output.empty() ? std::string("stdout") : a.output) + ")"));
    if (!st) return ctx.fail(st.error());
  }
  const double seconds = ms_since(start) / 1000;
  const dp::MonitorStats& s = m.stats();
  char rate[64];
  std::snprintf(rate, sizeof rate, "%.3g",
                seconds > 0 ? static_cast<double>(s.lines - s.skipped) / seconds : 0.0);
  ctx.err << "zkcredit monitor: " << s.lines << " lines (" << s.skipped
          << " skipped: already in the ledger), " << s.updates << " updates, " << s.ignored
          << " ignored (exhausted), " << s.alerts << " alerts, " << s.exhausted << " exhausted, "
          << m.positions() << " positions in the ledger; " << rate << " lines/s; epsilon "
          << grid_decimal(static_cast<std::int64_t>(policy.value().epsilon_micro), dp::kEpsilonScale)
          << " per position, effective sensitivity "
          << grid_decimal(dp::effective_sensitivity(policy.value()), dp::kGrid) << "\n";
  return kExitOk;
}

}  // namespace

void add_monitor_command(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<MonitorArgs>();
  auto* m = app.add_subcommand("monitor",
                               "Watch collateral-to-loan ratios with differential privacy (Sparse Vector "
                               "Technique); alerts as JSON lines");
  m->add_option("--input", args->inputs,
                "a stream of updates (.csv or .jsonl), or - for standard input; repeatable");
  m->add_option("--format", args->format, "csv or jsonl (default: from the file's extension)");
  m->add_option("--ledger", args->ledger, "the privacy ledger (SQLite; created if absent)");
  m->add_option("--threshold", args->threshold, "alert when the ratio dips below this (tau)")
      ->capture_default_str();
  m->add_option("--epsilon", args->epsilon, "privacy budget per position, for its whole life");
  m->add_option("--alerts", args->alerts, "alert budget c per position (each alert spends epsilon / c)")
      ->capture_default_str();
  m->add_option("--sensitivity", args->sensitivity,
                "values hidden to within this (Delta); >= clamp-hi - clamp-lo hides the whole stream")
      ->capture_default_str();
  m->add_option("--clamp-lo", args->clamp_lo, "ratios are clamped to [clamp-lo, clamp-hi]")
      ->capture_default_str();
  m->add_option("--clamp-hi", args->clamp_hi, "upper end of the clamp")->capture_default_str();
  m->add_option("--stream-name", args->stream_name,
                "resume standard input under this name after a restart (default: each run is a new stream)");
  m->add_option("--output", args->output, "append the alerts here (default: standard output)");
  m->add_option("--batch-lines", args->batch_lines, "commit the ledger at least every this many lines")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  m->add_flag("--report", args->report, "print the ledger (policy, budget spent, alerts, inputs) as JSON");
  m->callback([args, &ctx] { ctx.exit_code = run_monitor(*args, ctx); });
}

}  // namespace zkc::cli
