// The private collateral monitor: reads a stream of position updates (stream.hpp), runs the Sparse
// Vector Technique on each position's collateral-to-loan ratio (sparse_vector.hpp) and releases alerts,
// with the privacy ledger (ledger.hpp) as the single source of truth for every position's budget.
// Order of effects, per batch of lines: update the in-memory state (segments are charged when they
// start), commit the batch to the ledger (charges, alerts, the input's progress) durably, and only then
// hand the batch's events to the caller. A crash before a commit releases nothing and records nothing;
// a crash after it loses only the running segments' noisy thresholds, whose charges are already
// recorded: after a restart those positions start new segments, paid for again, so a restart costs
// each open position one segment (epsilon / c) and never grants budget twice. A restarted run skips the
// lines of an input that the ledger says were processed. Alerts are delivered at least once: the
// ledger marks them released after the sink has them, and a run first redelivers any alert a crash
// left unreleased (consumers deduplicate by position and alert number).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "zkc/base/csprng.hpp"
#include "zkc/base/result.hpp"
#include "zkc/dp/ledger.hpp"
#include "zkc/dp/sparse_vector.hpp"
#include "zkc/dp/stream.hpp"

namespace zkc::dp {

struct MonitorEvent {
  enum class Kind { kAlert, kExhausted };
  Kind kind = Kind::kAlert;
  std::string position;
  std::string input;           // the input's name as given to run()
  std::uint64_t line = 0;      // the update's line in that input
  std::int64_t timestamp = 0;  // the update's time (0 if the stream has none)
  std::uint32_t alerts = 0;    // the position's alerts so far (an alert event: this alert's number, 1..c)
  std::uint32_t segments = 0;  // the position's segments so far (each charged epsilon / c)
  bool redelivered = false;    // an alert recorded by an earlier run that crashed before delivering it
};

struct MonitorStats {
  std::uint64_t lines = 0;    // lines read in this run (including skipped ones)
  std::uint64_t skipped = 0;  // lines skipped because the ledger had them processed
  std::uint64_t updates = 0;  // updates that reached the sparse vector (not ignored)
  std::uint64_t ignored = 0;  // updates of exhausted positions (nothing drawn, nothing released)
  std::uint64_t charges = 0;  // segments started in this run
  std::uint64_t alerts = 0;
  std::uint64_t exhausted = 0;  // exhausted events
  std::uint64_t commits = 0;
  std::uint64_t redelivered = 0;  // alerts of an earlier run delivered again
};

struct MonitorOptions {
  std::uint64_t batch_lines = 1 << 16;  // commit at least every this many lines (and whenever input pauses)
};

// Receives each committed batch's events, in stream order; returns true once they are delivered
// (written and flushed), false if they could not be (the run then stops with an error, and the
// ledger redelivers them on the next run).
using EventSink = std::function<bool(std::span<const MonitorEvent>)>;

class Monitor {
 public:
  // Opens (or creates) the ledger with `policy` and loads every position's state from it.
  static Result<Monitor> open(const MonitorPolicy& policy, const std::string& ledger_path,
                              const MonitorOptions& options = {});
  // The same with a given random source (tests and benchmarks: Csprng::from_seed_for_testing).
  static Result<Monitor> open_with_rng(const MonitorPolicy& policy, const std::string& ledger_path,
                                       Csprng rng, const MonitorOptions& options = {});

  // Processes the stream read from `fd` (a file or a pipe) until end of input, as input `name` (the
  // ledger's key for resuming: use a stable name, e.g. the file's canonical path). Events reach `sink`
  // after the batch that produced them is committed. On a malformed line: the lines before it are
  // committed and released, then the error (naming the input and line) is returned.
  Status run_fd(int fd, const std::string& name, StreamFormat format, const EventSink& sink);
  // The same over text in memory (tests, fuzzing).
  Status run_text(std::string_view text, const std::string& name, StreamFormat format, const EventSink& sink);

  const MonitorStats& stats() const { return stats_; }
  const Ledger& ledger() const { return ledger_; }
  const SparseVector& sparse_vector() const { return svt_; }
  std::size_t positions() const { return states_.size(); }

 private:
  struct Entry {
    PositionState state;
    bool exhausted_reported = false;
    bool dirty = false;  // changed since the last commit
  };
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  class Run;  // one input's pass (monitor.cpp)

  Monitor(Ledger ledger, SparseVector svt, Csprng rng, MonitorOptions options)
      : ledger_(std::move(ledger)), svt_(std::move(svt)), rng_(std::move(rng)), options_(options) {}

  Ledger ledger_;
  SparseVector svt_;
  Csprng rng_;
  MonitorOptions options_;
  std::unordered_map<std::string, Entry, StringHash, std::equal_to<>> states_;
  MonitorStats stats_;
};

}  // namespace zkc::dp
