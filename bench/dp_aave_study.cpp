// The collateral monitor's detection study on ten real Aave V2 borrowers (../shared/data/aave_v2_positions,
// every one liquidated): does the private monitor (dp/sparse_vector.hpp) alert before liquidation, how
// early, and how many of its alerts the exact monitor would not have raised, against epsilon, the alert
// budget c and the sensitivity Delta. Prints the markdown tables of docs/MONITOR.md.
// Liquidation time: the first snapshot with healthFactor < 1. Each position's updates (ratio =
// totalCollateral / totalDebt, parsed by dp::StreamParser) run up to and including that snapshot.
// Usage: zkc_dp_aave_study [data_dir] [--trials N] [--seed S]; noise from Csprng::from_seed_for_testing
// (seed S + configuration number), so every table is reproducible. Not a Google Benchmark.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zkc/base/csprng.hpp"
#include "zkc/dp/sparse_vector.hpp"
#include "zkc/dp/stream.hpp"

namespace {

using zkc::dp::kGrid;

constexpr double kSecondsPerDay = 86'400.0;

struct Position {
  std::string name;                 // the file's address, shortened
  std::vector<std::int64_t> time;   // seconds, up to and including the liquidation snapshot
  std::vector<std::int64_t> ratio;  // grid units (1e-4), same length
  std::size_t liquidation = 0;      // index of the first snapshot with healthFactor < 1 (= size - 1)
};

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "zkc_dp_aave_study: %s\n", what.c_str());
  std::exit(1);
}

std::vector<std::string_view> split_csv(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = line.find(',', start);
    fields.push_back(
        line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (comma == std::string_view::npos) return fields;
    start = comma + 1;
  }
}

// Reads one position file with the monitor's own parser; the health factor is read here (the monitor
// does not use it). Stops at the first snapshot with healthFactor < 1.
Position load_position(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) die("cannot open " + path.string());
  zkc::dp::StreamParser parser(zkc::dp::StreamFormat::kCsv);
  Position p;
  p.name = path.filename().string().substr(0, 10);
  int hf_col = -1;
  std::string line;
  for (std::uint64_t number = 1; std::getline(in, line); ++number) {
    auto parsed = parser.parse_line(line, number);
    if (!parsed.ok()) die(path.string() + ": " + parsed.error().message);
    const std::vector<std::string_view> fields = split_csv(line);
    if (number == 1) {
      const auto it = std::find(fields.begin(), fields.end(), std::string_view("healthFactor"));
      if (it == fields.end()) die(path.string() + ": no healthFactor column");
      hf_col = static_cast<int>(it - fields.begin());
      continue;
    }
    if (!parsed.value().has_value()) continue;
    if (hf_col >= static_cast<int>(fields.size()))
      die(path.string() + ": short line " + std::to_string(number));
    const std::string_view hf_text = fields[static_cast<std::size_t>(hf_col)];
    double hf = 0;
    const auto [end, ec] = std::from_chars(hf_text.data(), hf_text.data() + hf_text.size(), hf);
    if (ec != std::errc() || end != hf_text.data() + hf_text.size())
      die(path.string() + ": line " + std::to_string(number) + ": bad healthFactor");
    p.time.push_back(parsed.value()->timestamp);
    p.ratio.push_back(parsed.value()->ratio);
    if (hf < 1.0) {
      p.liquidation = p.time.size() - 1;
      return p;
    }
  }
  die(path.string() + ": no snapshot with healthFactor < 1");
}

std::vector<Position> load_all(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec))
    if (e.path().extension() == ".csv") files.push_back(e.path());
  if (ec) die("cannot list " + dir.string() + ": " + ec.message());
  std::sort(files.begin(), files.end());
  if (files.size() != 10) die(dir.string() + ": expected the ten Aave V2 position files");
  std::vector<Position> out;
  for (const auto& f : files) out.push_back(load_position(f));
  return out;
}

double days(std::int64_t seconds) { return static_cast<double>(seconds) / kSecondsPerDay; }

double median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

double mean(const std::vector<double>& v) {
  double s = 0;
  for (const double x : v) s += x;
  return v.empty() ? 0.0 : s / static_cast<double>(v.size());
}

struct Row {
  std::uint64_t runs = 0;           // (position, trial) pairs
  std::uint64_t detected = 0;       // first alert strictly before the liquidation snapshot
  std::uint64_t true_detected = 0;  // ... and at an update that the exact monitor alerts on
  std::uint64_t alerts = 0;         // all alerts up to and including the liquidation snapshot
  std::uint64_t false_alerts = 0;   // alerts at an update with clamped ratio > tau (the exact monitor: none)
  std::uint64_t far_false = 0;      // ... with clamped ratio > tau + 0.1
  std::vector<double> lead;         // days, per detected run
  std::vector<double> false_lead;   // days before liquidation, per false alert
};

// A position's run with the exact (non-private) monitor: alert iff clamp(ratio) <= tau, at most c alerts.
// A run with the private monitor: the real SparseVector.
template <typename Alerts>
void record(Row& row, const Position& p, std::int64_t threshold, std::int64_t clamp_lo, std::int64_t clamp_hi,
            Alerts&& alert_at) {
  ++row.runs;
  bool first = true;
  const std::int64_t t_liq = p.time[p.liquidation];
  for (std::size_t i = 0; i <= p.liquidation; ++i) {
    const std::optional<bool> a = alert_at(i);
    if (!a.has_value()) break;  // exhausted
    if (!*a) continue;
    ++row.alerts;
    const bool is_false = std::clamp(p.ratio[i], clamp_lo, clamp_hi) > threshold;
    if (is_false) {
      ++row.false_alerts;
      if (std::clamp(p.ratio[i], clamp_lo, clamp_hi) > threshold + kGrid / 10) ++row.far_false;
      row.false_lead.push_back(days(t_liq - p.time[i]));
    }
    if (first && i < p.liquidation) {
      ++row.detected;
      if (!is_false) ++row.true_detected;
      row.lead.push_back(days(t_liq - p.time[i]));
    }
    first = false;
  }
}

Row run_exact(const std::vector<Position>& ps, const zkc::dp::MonitorPolicy& pol) {
  Row row;
  for (const Position& p : ps) {
    std::uint32_t alerts = 0;
    record(row, p, pol.threshold, pol.clamp_lo, pol.clamp_hi, [&](std::size_t i) -> std::optional<bool> {
      if (alerts >= pol.max_alerts) return std::nullopt;
      const bool a = std::clamp(p.ratio[i], pol.clamp_lo, pol.clamp_hi) <= pol.threshold;
      alerts += a ? 1 : 0;
      return a;
    });
  }
  return row;
}

Row run_private(const std::vector<Position>& ps, const zkc::dp::MonitorPolicy& pol, int trials,
                std::uint64_t seed) {
  auto sv = zkc::dp::SparseVector::create(pol);
  if (!sv.ok()) die(sv.error().message);
  zkc::Csprng rng = zkc::Csprng::from_seed_for_testing(seed);
  Row row;
  for (int t = 0; t < trials; ++t) {
    for (const Position& p : ps) {
      zkc::dp::PositionState st;
      record(row, p, pol.threshold, pol.clamp_lo, pol.clamp_hi, [&](std::size_t i) -> std::optional<bool> {
        const zkc::dp::StepResult r = sv.value().step_vartime(rng, st, p.ratio[i]);
        if (r.ignored) return std::nullopt;
        return r.alert;
      });
    }
  }
  return row;
}

double pct(std::uint64_t a, std::uint64_t b) { return b == 0 ? 0.0 : 100.0 * static_cast<double>(a) / b; }

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::string grid_str(std::int64_t v) { return fmt("%.4g", static_cast<double>(v) / kGrid); }

void print_header() {
  std::printf(
      "| monitor | epsilon | c | Delta | detected | true first alert | median lead (d) | mean lead (d) | "
      "alerts/pos | false alerts | alerts at ratio > tau + 0.1 | median false-alert lead (d) |\n"
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
}

void print_row(const std::string& monitor, const std::string& eps, const std::string& c,
               const std::string& delta, const Row& r) {
  std::printf("| %s | %s | %s | %s | %.1f%% | %.1f%% | %s | %s | %.2f | %.1f%% | %.1f%% | %s |\n",
              monitor.c_str(), eps.c_str(), c.c_str(), delta.c_str(), pct(r.detected, r.runs),
              pct(r.true_detected, r.runs), r.lead.empty() ? "-" : fmt("%.1f", median(r.lead)).c_str(),
              r.lead.empty() ? "-" : fmt("%.1f", mean(r.lead)).c_str(),
              static_cast<double>(r.alerts) / static_cast<double>(r.runs), pct(r.false_alerts, r.alerts),
              pct(r.far_false, r.alerts),
              r.false_lead.empty() ? "-" : fmt("%.1f", median(r.false_lead)).c_str());
}

zkc::dp::MonitorPolicy policy(double tau, double lo, double hi, std::int64_t delta, double eps,
                              std::uint32_t c) {
  zkc::dp::MonitorPolicy p;
  p.threshold = std::llround(tau * kGrid);
  p.clamp_lo = std::llround(lo * kGrid);
  p.clamp_hi = std::llround(hi * kGrid);
  p.sensitivity = delta;
  p.epsilon_micro = static_cast<std::uint64_t>(std::llround(eps * zkc::dp::kEpsilonScale));
  p.max_alerts = c;
  return p;
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path dir = std::filesystem::path(ZKC_SHARED_DATA_DIR) / "aave_v2_positions";
  int trials = 1000;
  std::uint64_t seed = 20240601;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--trials" && i + 1 < argc) {
      trials = std::atoi(argv[++i]);
      if (trials < 1) die("--trials must be >= 1");
    } else if (a == "--seed" && i + 1 < argc) {
      seed = std::strtoull(argv[++i], nullptr, 10);
    } else if (!a.empty() && a[0] == '-') {
      die("usage: zkc_dp_aave_study [data_dir] [--trials N] [--seed S]");
    } else {
      dir = a;
      if (std::filesystem::exists(dir / "aave_v2_positions")) dir /= "aave_v2_positions";
    }
  }
  const auto start = std::chrono::steady_clock::now();
  const std::vector<Position> ps = load_all(dir);

  // The study's clamp window: [1, 2]. Every pre-liquidation ratio below 2 is kept exactly, everything
  // that matters for an alert (tau 1.2-1.5) lies inside, and its width 1 is the position-level Delta.
  constexpr double kLo = 1.0, kHi = 2.0;
  const std::vector<double> taus = {1.3, 1.4};
  const std::vector<double> epsilons = {0.25, 0.5, 1, 2, 4, 8};
  const std::vector<std::uint32_t> cs = {1, 3};
  const std::vector<std::int64_t> deltas = {100, 500, 10'000};  // 0.01, 0.05, the window's width (1.0)

  std::printf("## Aave V2 detection study\n\n");
  std::printf(
      "data: %s; %d trials per private configuration; seed %llu (configuration k uses seed + k); "
      "clamp window [%g, %g]\n\n",
      dir.lexically_normal().string().c_str(), trials, static_cast<unsigned long long>(seed), kLo, kHi);

  std::printf("### The positions (liquidation = first snapshot with healthFactor < 1)\n\n");
  std::printf(
      "| position | updates to liquidation | days observed | ratio at liquidation | min ratio before | "
      "exact lead tau 1.2 | 1.3 | 1.35 | 1.4 | 1.5 |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const Position& p : ps) {
    std::int64_t min_before = INT64_MAX;
    for (std::size_t i = 0; i < p.liquidation; ++i) min_before = std::min(min_before, p.ratio[i]);
    std::printf("| %s | %zu | %.1f | %s | %s |", p.name.c_str(), p.liquidation + 1,
                days(p.time[p.liquidation] - p.time[0]),
                fmt("%.3f", double(p.ratio[p.liquidation]) / kGrid).c_str(),
                p.liquidation == 0 ? "-" : fmt("%.3f", double(min_before) / kGrid).c_str());
    for (const double tau : {1.2, 1.3, 1.35, 1.4, 1.5}) {
      const std::vector<Position> one = {p};
      const Row r = run_exact(one, policy(tau, kLo, kHi, 100, 1, 1));
      std::printf(" %s |", r.lead.empty() ? "-" : fmt("%.1f", r.lead[0]).c_str());
    }
    std::printf("\n");
  }

  std::printf("\n### The exact (non-private) monitor against tau\n\n");
  print_header();
  for (const double tau : {1.2, 1.25, 1.3, 1.35, 1.4, 1.5}) {
    print_row("exact, tau " + fmt("%g", tau), "-", "1", "-", run_exact(ps, policy(tau, kLo, kHi, 100, 1, 1)));
  }

  std::uint64_t config = 0;
  for (const double tau : taus) {
    std::printf("\n### tau = %g, clamp [%g, %g]\n\n", tau, kLo, kHi);
    print_header();
    for (const std::uint32_t c : cs) {
      print_row("exact", "-", std::to_string(c), "-", run_exact(ps, policy(tau, kLo, kHi, 100, 1, c)));
      for (const std::int64_t delta : deltas) {
        for (const double eps : epsilons) {
          const zkc::dp::MonitorPolicy pol = policy(tau, kLo, kHi, delta, eps, c);
          const std::string d = grid_str(delta) + (delta >= pol.clamp_hi - pol.clamp_lo ? " (position)" : "");
          print_row("SVT", fmt("%g", eps), std::to_string(c), d,
                    run_private(ps, pol, trials, seed + config++));
        }
      }
    }
  }

  // Full position-level privacy with the CLI's default window [0, 3]: Delta = 3, three times the noise.
  for (const double tau : taus) {
    std::printf(
        "\n### Position-level privacy, tau = %g: window [1, 2] (Delta 1) against [0, 3] (Delta 3), c = 1\n\n",
        tau);
    print_header();
    for (const double eps : epsilons) {
      print_row("SVT [1, 2]", fmt("%g", eps), "1", "1 (position)",
                run_private(ps, policy(tau, 1, 2, 10'000, eps, 1), trials, seed + config++));
      print_row("SVT [0, 3]", fmt("%g", eps), "1", "3 (position)",
                run_private(ps, policy(tau, 0, 3, 30'000, eps, 1), trials, seed + config++));
    }
  }

  // tau = 1.2 sits below every pre-liquidation ratio: no lead time even without noise.
  std::printf("\n### tau = 1.2, clamp [%g, %g], c = 1\n\n", kLo, kHi);
  print_header();
  print_row("exact", "-", "1", "-", run_exact(ps, policy(1.2, kLo, kHi, 100, 1, 1)));
  for (const double eps : epsilons)
    print_row("SVT", fmt("%g", eps), "1", "0.01",
              run_private(ps, policy(1.2, kLo, kHi, 100, eps, 1), trials, seed + config++));

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("\n(%llu private configurations x %d trials x %zu positions in %.1f s)\n",
              static_cast<unsigned long long>(config), trials, ps.size(), seconds);
  return 0;
}
