#include "zkc/dp/ledger.hpp"

#include <sqlite3.h>

#include <cstdio>
#include <filesystem>
#include <utility>

namespace zkc::dp {
namespace {

constexpr const char* kFormat = "zkcredit-dp-ledger-1";

// A prepared statement, finalized on scope exit.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) { rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  bool ok() const { return rc_ == SQLITE_OK; }
  sqlite3_stmt* get() const { return stmt_; }
  void bind(int i, std::string_view text) {
    sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  void bind(int i, std::int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  int step() { return sqlite3_step(stmt_); }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::int64_t int_column(int i) const { return sqlite3_column_int64(stmt_, i); }
  std::string text_column(int i) const {
    const unsigned char* t = sqlite3_column_text(stmt_, i);
    return t ? std::string(reinterpret_cast<const char*>(t),
                           static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i)))
             : std::string();
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_ERROR;
};

// value / scale in decimal, without trailing zeros ("1.2"); scale is a power of ten.
std::string decimal(std::int64_t value, std::int64_t scale) {
  const std::uint64_t magnitude =
      value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
  const auto s = static_cast<std::uint64_t>(scale);
  std::size_t decimals = 0;
  for (std::uint64_t x = s; x > 1; x /= 10) ++decimals;
  const std::string frac = std::to_string(magnitude % s);
  std::string out;
  if (value < 0) out += '-';
  out += std::to_string(magnitude / s);
  out += '.';
  out.append(decimals - frac.size(), '0');
  out += frac;
  while (out.back() == '0' && out[out.size() - 2] != '.') out.pop_back();
  return out;
}

struct PolicyField {
  const char* key;     // in the meta table
  const char* option;  // as the CLI spells it
  std::int64_t scale;  // display scale (1: an integer)
};

std::int64_t policy_value(const MonitorPolicy& p, std::string_view key) {
  if (key == "threshold") return p.threshold;
  if (key == "clamp_lo") return p.clamp_lo;
  if (key == "clamp_hi") return p.clamp_hi;
  if (key == "sensitivity") return p.sensitivity;
  if (key == "epsilon_micro") return static_cast<std::int64_t>(p.epsilon_micro);
  if (key == "max_alerts") return p.max_alerts;
  ZKC_ASSERT(key == "grid");
  return kGrid;
}

void set_policy_value(MonitorPolicy& p, std::string_view key, std::int64_t v) {
  if (key == "threshold")
    p.threshold = v;
  else if (key == "clamp_lo")
    p.clamp_lo = v;
  else if (key == "clamp_hi")
    p.clamp_hi = v;
  else if (key == "sensitivity")
    p.sensitivity = v;
  else if (key == "epsilon_micro")
    p.epsilon_micro = static_cast<std::uint64_t>(v);
  else if (key == "max_alerts")
    p.max_alerts = static_cast<std::uint32_t>(v);
}

const PolicyField kPolicyFields[] = {
    {"grid", "grid (units per 1.0)", 1},
    {"threshold", "--threshold", kGrid},
    {"clamp_lo", "--clamp-lo", kGrid},
    {"clamp_hi", "--clamp-hi", kGrid},
    {"sensitivity", "--sensitivity", kGrid},
    {"epsilon_micro", "--epsilon", static_cast<std::int64_t>(kEpsilonScale)},
    {"max_alerts", "--alerts", 1},
};

std::string show(const PolicyField& f, std::int64_t v) {
  return f.scale == 1 ? std::to_string(v) : decimal(v, f.scale);
}

}  // namespace

Ledger::Ledger(Ledger&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)), policy_(other.policy_) {}

Ledger& Ledger::operator=(Ledger&& other) noexcept {
  if (this != &other) {
    close();
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
    policy_ = other.policy_;
  }
  return *this;
}

Ledger::~Ledger() { close(); }

void Ledger::close() {
  if (db_) sqlite3_close_v2(db_);
  db_ = nullptr;
}

Status Ledger::exec(const char* sql) const {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return {};
  std::string what = message ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
    return make_error(Errc::kIo, "ledger " + path_ + " is in use by another process (" + what + ")");
  if (rc == SQLITE_NOTADB)
    return make_error(Errc::kBadFormat, "ledger " + path_ + " is not a SQLite database");
  if (rc == SQLITE_CORRUPT)
    return make_error(Errc::kBadFormat, "ledger " + path_ + " is corrupt (" + what + ")");
  return make_error(Errc::kIo, "ledger " + path_ + ": " + what);
}

Result<Ledger> Ledger::open(const std::string& path, const MonitorPolicy& policy) {
  if (Status st = validate(policy); !st) return st.error();
  return open_impl(path, &policy);
}

Result<Ledger> Ledger::open_existing(const std::string& path) { return open_impl(path, nullptr); }

Result<Ledger> Ledger::open_impl(const std::string& path, const MonitorPolicy* policy) {
  std::error_code ec;
  const bool exists = std::filesystem::exists(path, ec);
  if (!exists && !policy) return make_error(Errc::kIo, "ledger " + path + " does not exist");
  if (exists && !std::filesystem::is_regular_file(path, ec))
    return make_error(Errc::kIo, "ledger " + path + " is not a regular file");
  Ledger ledger;
  ledger.path_ = path;
  const int flags = SQLITE_OPEN_READWRITE | (policy ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
  if (int rc = sqlite3_open_v2(path.c_str(), &ledger.db_, flags, nullptr); rc != SQLITE_OK)
    return make_error(Errc::kIo, "ledger " + path + ": cannot open (" + sqlite3_errstr(rc) + ")");
  // A process opening the ledger at the same moment as another (a --report while a monitor starts)
  // waits for it up to a second before reporting it in use.
  sqlite3_busy_timeout(ledger.db_, 1000);
  // Exclusive locking before WAL: no shared-memory index, and the lock taken by the first write is held
  // until the connection closes, so no second process can grant budget from the same ledger.
  if (Status st =
          ledger.exec("PRAGMA locking_mode=EXCLUSIVE; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
      !st)
    return st.error();
  if (Status st = ledger.exec("BEGIN EXCLUSIVE"); !st) return st.error();
  auto fail = [&](Error e) {
    (void)ledger.exec("ROLLBACK");
    return e;
  };
  Statement has_meta(ledger.db_, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'");
  if (!has_meta.ok())
    return fail(make_error(Errc::kBadFormat, "ledger " + path + " is not a SQLite database"));
  if (has_meta.step() != SQLITE_ROW)
    return fail(make_error(Errc::kBadFormat, "ledger " + path + " is not a SQLite database"));
  const bool fresh = has_meta.int_column(0) == 0;
  if (fresh) {
    Statement any(ledger.db_, "SELECT count(*) FROM sqlite_master");
    if (!any.ok() || any.step() != SQLITE_ROW || any.int_column(0) != 0)
      return fail(make_error(Errc::kBadFormat,
                             "ledger " + path + " is a database but not a zkcredit ledger (no meta table)"));
    if (!policy) return fail(make_error(Errc::kBadFormat, "ledger " + path + " is empty"));
    if (Status st = ledger.exec(
            "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
            "CREATE TABLE positions(position TEXT PRIMARY KEY, segments INTEGER NOT NULL CHECK(segments >= "
            "0),"
            " alerts INTEGER NOT NULL CHECK(alerts >= 0 AND alerts <= segments),"
            " exhausted_reported INTEGER NOT NULL CHECK(exhausted_reported IN (0, 1))) WITHOUT ROWID;"
            "CREATE TABLE alerts(id INTEGER PRIMARY KEY, position TEXT NOT NULL, number INTEGER NOT NULL,"
            " input TEXT NOT NULL, line INTEGER NOT NULL, timestamp INTEGER NOT NULL,"
            " released INTEGER NOT NULL DEFAULT 0 CHECK(released IN (0, 1)), UNIQUE(position, number));"
            "CREATE TABLE inputs(input TEXT PRIMARY KEY, lines INTEGER NOT NULL CHECK(lines >= 0));");
        !st)
      return fail(st.error());
    Statement put(ledger.db_, "INSERT INTO meta(key, value) VALUES(?, ?)");
    put.bind(1, std::string_view("format"));
    put.bind(2, std::string_view(kFormat));
    if (put.step() != SQLITE_DONE)
      return fail(make_error(Errc::kIo, "ledger " + path + ": cannot write the policy"));
    for (const PolicyField& f : kPolicyFields) {
      put.reset();
      put.bind(1, std::string_view(f.key));
      put.bind(2, std::to_string(policy_value(*policy, f.key)));
      if (put.step() != SQLITE_DONE)
        return fail(make_error(Errc::kIo, "ledger " + path + ": cannot write the policy"));
    }
    ledger.policy_ = *policy;
  } else {
    Statement get(ledger.db_, "SELECT value FROM meta WHERE key = ?");
    if (!get.ok()) return fail(make_error(Errc::kBadFormat, "ledger " + path + ": malformed meta table"));
    get.bind(1, std::string_view("format"));
    if (get.step() != SQLITE_ROW || get.text_column(0) != kFormat)
      return fail(make_error(Errc::kBadFormat,
                             "ledger " + path + " has an unknown format (expected " + kFormat + ")"));
    MonitorPolicy stored;
    for (const PolicyField& f : kPolicyFields) {
      get.reset();
      get.bind(1, std::string_view(f.key));
      if (get.step() != SQLITE_ROW)
        return fail(make_error(Errc::kBadFormat, "ledger " + path + ": the policy has no " + f.key));
      const std::string text = get.text_column(0);
      std::int64_t v = 0;
      try {
        std::size_t used = 0;
        v = std::stoll(text, &used);
        if (used != text.size()) throw std::invalid_argument(text);
      } catch (const std::exception&) {
        return fail(make_error(Errc::kBadFormat,
                               "ledger " + path + ": the policy's " + f.key + " is not an integer"));
      }
      if (std::string_view(f.key) == "grid") {
        if (v != kGrid)
          return fail(make_error(Errc::kBadFormat, "ledger " + path + " uses a grid of " + text +
                                                       " (this build: " + std::to_string(kGrid) + ")"));
        continue;
      }
      if ((std::string_view(f.key) == "epsilon_micro" || std::string_view(f.key) == "max_alerts") && v < 0)
        return fail(
            make_error(Errc::kBadFormat, "ledger " + path + ": the policy's " + f.key + " is negative"));
      set_policy_value(stored, f.key, v);
      if (policy && v != policy_value(*policy, f.key))
        return fail(make_error(
            Errc::kInvalidArgument,
            "ledger " + path + " was made with " + f.option + " " + show(f, v) + ", and this run asks for " +
                show(f, policy_value(*policy, f.key)) +
                ": a ledger keeps one policy for its whole life, so that no position's budget is granted "
                "twice; use a new ledger for a new policy"));
    }
    if (Status st = validate(stored); !st)
      return fail(
          make_error(Errc::kBadFormat, "ledger " + path + " holds an invalid policy: " + st.error().message));
    ledger.policy_ = stored;
  }
  if (Status st = ledger.exec("COMMIT"); !st) return st.error();
  // Check every row now, so that a corrupted ledger is refused before it is used.
  if (auto rows = ledger.positions(); !rows) return rows.error();
  return ledger;
}

Result<std::vector<LedgerPosition>> Ledger::positions() const {
  Statement q(db_, "SELECT position, segments, alerts, exhausted_reported FROM positions ORDER BY position");
  if (!q.ok()) return make_error(Errc::kBadFormat, "ledger " + path_ + ": malformed positions table");
  std::vector<LedgerPosition> out;
  int rc;
  while ((rc = q.step()) == SQLITE_ROW) {
    LedgerPosition p;
    p.position = q.text_column(0);
    const std::int64_t segments = q.int_column(1), alerts = q.int_column(2), reported = q.int_column(3);
    if (segments < 0 || segments > policy_.max_alerts || alerts < 0 || alerts > segments ||
        (reported != 0 && reported != 1))
      return make_error(Errc::kBadFormat, "ledger " + path_ + " is corrupt: position " + p.position +
                                              " has " + std::to_string(segments) + " segments and " +
                                              std::to_string(alerts) + " alerts (the policy allows " +
                                              std::to_string(policy_.max_alerts) + ")");
    p.segments = static_cast<std::uint32_t>(segments);
    p.alerts = static_cast<std::uint32_t>(alerts);
    p.exhausted_reported = reported == 1;
    out.push_back(std::move(p));
  }
  if (rc != SQLITE_DONE) return make_error(Errc::kIo, "ledger " + path_ + ": " + sqlite3_errmsg(db_));
  return out;
}

Result<std::uint64_t> Ledger::lines_done(std::string_view input) const {
  Statement q(db_, "SELECT lines FROM inputs WHERE input = ?");
  if (!q.ok()) return make_error(Errc::kBadFormat, "ledger " + path_ + ": malformed inputs table");
  q.bind(1, input);
  const int rc = q.step();
  if (rc == SQLITE_DONE) return std::uint64_t{0};
  if (rc != SQLITE_ROW) return make_error(Errc::kIo, "ledger " + path_ + ": " + sqlite3_errmsg(db_));
  const std::int64_t lines = q.int_column(0);
  if (lines < 0) return make_error(Errc::kBadFormat, "ledger " + path_ + " is corrupt: negative line count");
  return static_cast<std::uint64_t>(lines);
}

Result<std::vector<LedgerAlert>> Ledger::alerts(bool unreleased_only) const {
  Statement a(db_, unreleased_only
                       ? "SELECT position, number, input, line, timestamp, released FROM alerts WHERE "
                         "released = 0 ORDER BY id"
                       : "SELECT position, number, input, line, timestamp, released FROM alerts ORDER BY id");
  if (!a.ok()) return make_error(Errc::kBadFormat, "ledger " + path_ + ": malformed alerts table");
  std::vector<LedgerAlert> out;
  int rc;
  while ((rc = a.step()) == SQLITE_ROW)
    out.push_back({a.text_column(0), static_cast<std::uint32_t>(a.int_column(1)), a.text_column(2),
                   static_cast<std::uint64_t>(a.int_column(3)), a.int_column(4), a.int_column(5) != 0});
  if (rc != SQLITE_DONE) return make_error(Errc::kIo, "ledger " + path_ + ": " + sqlite3_errmsg(db_));
  return out;
}

Result<std::vector<LedgerAlert>> Ledger::unreleased_alerts() const { return alerts(true); }

Status Ledger::mark_released() { return exec("UPDATE alerts SET released = 1 WHERE released = 0"); }

Result<LedgerReport> Ledger::report() const {
  LedgerReport r;
  r.policy = policy_;
  ZKC_TRY(r.positions, positions());
  ZKC_TRY(r.alerts, alerts(false));
  Statement i(db_, "SELECT input, lines FROM inputs ORDER BY input");
  if (!i.ok()) return make_error(Errc::kBadFormat, "ledger " + path_ + ": malformed inputs table");
  while (i.step() == SQLITE_ROW)
    r.inputs.emplace_back(i.text_column(0), static_cast<std::uint64_t>(i.int_column(1)));
  return r;
}

Status Ledger::commit(const LedgerBatch& batch) {
  for (const LedgerPosition& p : batch.positions)
    if (p.segments > policy_.max_alerts || p.alerts > p.segments)
      return make_error(Errc::kInvalidArgument, "ledger commit: position " + p.position + " would have " +
                                                    std::to_string(p.segments) + " segments and " +
                                                    std::to_string(p.alerts) + " alerts");
  if (Status st = exec("BEGIN IMMEDIATE"); !st) return st;
  auto fail = [&](std::string what) -> Status {
    (void)exec("ROLLBACK");
    return make_error(Errc::kIo, "ledger " + path_ + ": " + what);
  };
  {
    // The WHERE clause makes the row monotone: a write that would lower a count changes nothing, and
    // the changes() check turns that into an error for the whole batch.
    Statement up(
        db_,
        "INSERT INTO positions(position, segments, alerts, exhausted_reported) VALUES(?1, ?2, ?3, ?4) "
        "ON CONFLICT(position) DO UPDATE SET segments = excluded.segments, alerts = excluded.alerts, "
        "exhausted_reported = excluded.exhausted_reported WHERE excluded.segments >= positions.segments "
        "AND excluded.alerts >= positions.alerts AND excluded.exhausted_reported >= "
        "positions.exhausted_reported");
    if (!up.ok()) return fail(sqlite3_errmsg(db_));
    for (const LedgerPosition& p : batch.positions) {
      up.reset();
      up.bind(1, p.position);
      up.bind(2, static_cast<std::int64_t>(p.segments));
      up.bind(3, static_cast<std::int64_t>(p.alerts));
      up.bind(4, static_cast<std::int64_t>(p.exhausted_reported ? 1 : 0));
      if (up.step() != SQLITE_DONE) return fail(sqlite3_errmsg(db_));
      if (sqlite3_changes(db_) != 1)
        return fail("position " + p.position + " would move backwards (a budget granted twice)");
    }
    Statement al(db_, "INSERT INTO alerts(position, number, input, line, timestamp) VALUES(?, ?, ?, ?, ?)");
    if (!al.ok()) return fail(sqlite3_errmsg(db_));
    for (const LedgerAlert& a : batch.alerts) {
      al.reset();
      al.bind(1, a.position);
      al.bind(2, static_cast<std::int64_t>(a.number));
      al.bind(3, a.input);
      al.bind(4, static_cast<std::int64_t>(a.line));
      al.bind(5, a.timestamp);
      if (al.step() != SQLITE_DONE)
        return fail(std::string("alert of ") + a.position + ": " + sqlite3_errmsg(db_));
    }
    if (!batch.input.empty()) {
      Statement in(db_,
                   "INSERT INTO inputs(input, lines) VALUES(?1, ?2) ON CONFLICT(input) DO UPDATE SET lines = "
                   "excluded.lines "
                   "WHERE excluded.lines >= inputs.lines");
      if (!in.ok()) return fail(sqlite3_errmsg(db_));
      in.bind(1, batch.input);
      in.bind(2, static_cast<std::int64_t>(batch.lines_done));
      if (in.step() != SQLITE_DONE) return fail(sqlite3_errmsg(db_));
      if (sqlite3_changes(db_) != 1) return fail("input " + batch.input + " would move backwards");
    }
  }
  if (Status st = exec("COMMIT"); !st) {
    (void)exec("ROLLBACK");
    return st;
  }
  return {};
}

}  // namespace zkc::dp
