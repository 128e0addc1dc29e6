// The privacy ledger: what each position has spent of its budget, kept in SQLite so that it survives a
// crash or a restart. It holds the monitor's policy (a ledger keeps one policy for its whole life: a run
// asking for another epsilon, alert budget or threshold is refused, so budget is never granted twice),
// every position's segments started (each charged epsilon / c) and alerts issued, every alert (and
// whether it has been handed to the consumer: delivery is at least once), and how many lines of each
// input have been processed. Invariants: segments and alerts never decrease,
// alerts <= segments <= c; a batch (charges, alerts, input progress) commits atomically and durably
// (WAL, synchronous=FULL) BEFORE the monitor releases any of its output. One process at a time: the
// database is opened in exclusive locking mode, and a second monitor on it gets a clear error.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "zkc/base/result.hpp"
#include "zkc/dp/sparse_vector.hpp"

struct sqlite3;

namespace zkc::dp {

// A position's row.
struct LedgerPosition {
  std::string position;
  std::uint32_t segments = 0;
  std::uint32_t alerts = 0;
  bool exhausted_reported = false;  // the "exhausted" event has been released
};

// An alert as recorded (and then released).
struct LedgerAlert {
  std::string position;
  std::uint32_t number = 0;  // 1..c: the position's n-th alert
  std::string input;         // the input's name (see Monitor)
  std::uint64_t line = 0;    // the line of the update that raised it
  std::int64_t timestamp = 0;
  bool released = false;  // handed to the consumer (see Ledger::mark_released)
};

// One atomic commit.
struct LedgerBatch {
  std::vector<LedgerPosition> positions;  // rows to insert or advance
  std::vector<LedgerAlert> alerts;
  std::string input;             // the input whose progress this batch advances (empty: none)
  std::uint64_t lines_done = 0;  // lines of `input` processed once this batch commits
};

struct LedgerReport {
  MonitorPolicy policy;
  std::vector<LedgerPosition> positions;
  std::vector<LedgerAlert> alerts;
  std::vector<std::pair<std::string, std::uint64_t>> inputs;
};

class Ledger {
 public:
  // Opens `path`, creating it with `policy` if it does not exist. An existing ledger must hold the same
  // policy (the error names the first field that differs) and be well formed (version, tables, rows
  // within the invariants). Errors: not a database, another process holds it, I/O.
  static Result<Ledger> open(const std::string& path, const MonitorPolicy& policy);
  // Opens an existing ledger read-only-in-spirit to report on it (its own policy is used).
  static Result<Ledger> open_existing(const std::string& path);

  Ledger(Ledger&&) noexcept;
  Ledger& operator=(Ledger&&) noexcept;
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;
  ~Ledger();

  const MonitorPolicy& policy() const { return policy_; }
  const std::string& path() const { return path_; }

  Result<std::vector<LedgerPosition>> positions() const;
  Result<std::uint64_t> lines_done(std::string_view input) const;
  Result<LedgerReport> report() const;

  // Alerts recorded but not yet marked released (a crash came between the commit and the delivery).
  Result<std::vector<LedgerAlert>> unreleased_alerts() const;
  // Marks every recorded alert released (after the consumer has them).
  Status mark_released();

  // Commits a batch in one transaction. Refuses (and writes nothing) if a row would decrease, exceed
  // the policy's c, or have alerts > segments: that would be a bug in the caller.
  Status commit(const LedgerBatch& batch);

 private:
  Ledger() = default;
  static Result<Ledger> open_impl(const std::string& path, const MonitorPolicy* policy);
  Result<std::vector<LedgerAlert>> alerts(bool unreleased_only) const;
  Status exec(const char* sql) const;
  void close();

  sqlite3* db_ = nullptr;
  std::string path_;
  MonitorPolicy policy_;
};

}  // namespace zkc::dp
