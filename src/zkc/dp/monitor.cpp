#include "zkc/dp/monitor.hpp"

#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace zkc::dp {
namespace {
constexpr std::size_t kReadChunk = 1 << 20;
constexpr std::size_t kMaxLine = 1 << 20;
}  // namespace

Result<Monitor> Monitor::open(const MonitorPolicy& policy, const std::string& ledger_path,
                              const MonitorOptions& options) {
  return open_with_rng(policy, ledger_path, Csprng(), options);
}

Result<Monitor> Monitor::open_with_rng(const MonitorPolicy& policy, const std::string& ledger_path,
                                       Csprng rng, const MonitorOptions& options) {
  if (options.batch_lines == 0)
    return make_error(Errc::kInvalidArgument, "monitor: batch_lines must be at least 1");
  ZKC_TRY(SparseVector svt, SparseVector::create(policy));
  ZKC_TRY(Ledger ledger, Ledger::open(ledger_path, policy));
  ZKC_TRY(std::vector<LedgerPosition> rows, ledger.positions());
  Monitor m(std::move(ledger), std::move(svt), std::move(rng), options);
  m.states_.reserve(rows.size());
  for (LedgerPosition& row : rows) {
    Entry e;
    e.state.segments = row.segments;
    e.state.alerts = row.alerts;
    e.state.open = false;  // a running segment's noisy threshold did not survive; its charge did
    e.exhausted_reported = row.exhausted_reported;
    m.states_.emplace(std::move(row.position), e);
  }
  return m;
}

// One pass over one input: splits lines, steps the sparse vector, commits batches and releases events.
class Monitor::Run {
 public:
  Run(Monitor& m, const std::string& name, StreamFormat format, const EventSink& sink)
      : m_(m), name_(name), parser_(format), sink_(sink) {}

  Status start() {
    ZKC_TRY(skip_until_, m_.ledger_.lines_done(name_));
    batch_start_ = skip_until_;
    // Alerts that an earlier run recorded but died before delivering: deliver them first.
    ZKC_TRY(const std::vector<LedgerAlert> pending, m_.ledger_.unreleased_alerts());
    if (pending.empty()) return {};
    for (const LedgerAlert& a : pending) {
      MonitorEvent e{MonitorEvent::Kind::kAlert, a.position, a.input, a.line, a.timestamp, a.number, 0, true};
      if (auto it = m_.states_.find(a.position); it != m_.states_.end())
        e.segments = it->second.state.segments;
      events_.push_back(std::move(e));
    }
    m_.stats_.redelivered += pending.size();
    return deliver();
  }

  // Consumes the complete lines of `data`; returns how many bytes were used (the rest is a partial line).
  Result<std::size_t> feed(std::string_view data, bool at_eof) {
    std::size_t used = 0;
    while (used < data.size()) {
      const void* nl = std::memchr(data.data() + used, '\n', data.size() - used);
      std::size_t end;
      if (nl) {
        end = static_cast<std::size_t>(static_cast<const char*>(nl) - data.data());
      } else {
        if (!at_eof) break;
        end = data.size();
      }
      if (end - used > kMaxLine)
        return make_error(Errc::kBadFormat, name_ + ": line " + std::to_string(line_ + 1) +
                                                " is longer than " + std::to_string(kMaxLine) + " bytes");
      if (Status st = line(data.substr(used, end - used)); !st) return st.error();
      used = nl ? end + 1 : end;
      if (line_ >= batch_start_ + m_.options_.batch_lines)
        if (Status st = commit(); !st) return st.error();
    }
    if (!at_eof && data.size() - used > kMaxLine)
      return make_error(Errc::kBadFormat, name_ + ": line " + std::to_string(line_ + 1) + " is longer than " +
                                              std::to_string(kMaxLine) + " bytes");
    return used;
  }

  // Commits what the batch changed, then releases its events.
  Status commit() {
    // Nothing new (still inside the lines the ledger had): nothing to record.
    if (line_ <= batch_start_ && dirty_.empty()) return {};
    for (auto& [key, entry] : dirty_) {
      batch_.positions.push_back(
          {*key, entry->state.segments, entry->state.alerts, entry->exhausted_reported});
      entry->dirty = false;
    }
    dirty_.clear();
    batch_.input = name_;
    batch_.lines_done = line_;
    if (Status st = m_.ledger_.commit(batch_); !st) return st;
    ++m_.stats_.commits;
    batch_start_ = line_;
    batch_.positions.clear();
    batch_.alerts.clear();
    return deliver();
  }

  // Hands the committed events to the sink, then marks the alerts released.
  Status deliver() {
    if (events_.empty()) return {};
    bool any_alert = false;
    for (const MonitorEvent& e : events_) any_alert |= e.kind == MonitorEvent::Kind::kAlert;
    if (!sink_(events_))
      return make_error(Errc::kIo, name_ +
                                       ": the events could not be delivered (they stay in the ledger, "
                                       "and the next run delivers its alerts again)");
    events_.clear();
    return any_alert ? m_.ledger_.mark_released() : Status{};
  }

 private:
  Status line(std::string_view text) {
    ++line_;
    ++m_.stats_.lines;
    const bool skip = line_ <= skip_until_;
    if (skip) {
      ++m_.stats_.skipped;
      // The CSV header is read again: the columns are needed for the lines that follow.
      if (parser_.format() != StreamFormat::kCsv || parser_.has_header()) return {};
    }
    auto parsed = parser_.parse_line(text, line_);
    if (!parsed) {
      // The bad line is not processed: the ledger's progress stops before it.
      --line_;
      --m_.stats_.lines;
      return make_error(parsed.error().code, name_ + ": " + parsed.error().message);
    }
    if (skip || !parsed.value()) return {};
    const Update& u = *parsed.value();
    auto it = m_.states_.find(u.position);
    if (it == m_.states_.end()) it = m_.states_.emplace(std::string(u.position), Entry{}).first;
    Entry& e = it->second;
    const StepResult r = m_.svt_.step_vartime(m_.rng_, e.state, u.ratio);
    if (r.ignored) {
      ++m_.stats_.ignored;
      // Exhausted by a segment that a crash cut short: say so once.
      if (!e.exhausted_reported) report_exhausted(it->first, e, u);
      return {};
    }
    ++m_.stats_.updates;
    if (r.charged) {
      ++m_.stats_.charges;
      mark(it->first, e);
    }
    if (r.alert) {
      ++m_.stats_.alerts;
      mark(it->first, e);
      batch_.alerts.push_back({it->first, e.state.alerts, name_, line_, u.timestamp});
      events_.push_back({MonitorEvent::Kind::kAlert, it->first, name_, line_, u.timestamp, e.state.alerts,
                         e.state.segments, false});
    }
    if (r.exhausted && !e.exhausted_reported) report_exhausted(it->first, e, u);
    return {};
  }

  void report_exhausted(const std::string& key, Entry& e, const Update& u) {
    e.exhausted_reported = true;
    mark(key, e);
    ++m_.stats_.exhausted;
    events_.push_back({MonitorEvent::Kind::kExhausted, key, name_, line_, u.timestamp, e.state.alerts,
                       e.state.segments, false});
  }

  void mark(const std::string& key, Entry& e) {
    if (e.dirty) return;
    e.dirty = true;
    dirty_.emplace_back(&key, &e);
  }

  Monitor& m_;
  const std::string& name_;
  StreamParser parser_;
  const EventSink& sink_;
  std::uint64_t skip_until_ = 0;
  std::uint64_t line_ = 0;         // lines read so far
  std::uint64_t batch_start_ = 0;  // lines committed so far (at least the ledger's count)
  std::vector<std::pair<const std::string*, Entry*>> dirty_;
  LedgerBatch batch_;
  std::vector<MonitorEvent> events_;
};

Status Monitor::run_text(std::string_view text, const std::string& name, StreamFormat format,
                         const EventSink& sink) {
  Run run(*this, name, format, sink);
  if (Status st = run.start(); !st) return st;
  std::size_t pos = 0;
  while (pos < text.size()) {
    // Feed in slices of whole lines so that batches commit as they would from a file.
    std::size_t end = std::min(text.size(), pos + kReadChunk);
    auto used = run.feed(text.substr(pos, end - pos), end == text.size());
    if (!used) {
      if (Status st = run.commit(); !st) return st;
      return used.error();
    }
    if (used.value() == 0 && end < text.size()) {
      // A line longer than the slice: widen it.
      const std::size_t nl = text.find('\n', end);
      end = nl == std::string_view::npos ? text.size() : nl + 1;
      used = run.feed(text.substr(pos, end - pos), end == text.size());
      if (!used) {
        if (Status st = run.commit(); !st) return st;
        return used.error();
      }
    }
    pos += used.value();
  }
  return run.commit();
}

Status Monitor::run_fd(int fd, const std::string& name, StreamFormat format, const EventSink& sink) {
  Run run(*this, name, format, sink);
  if (Status st = run.start(); !st) return st;
  struct stat info {};
  const bool regular = fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
  std::vector<char> buffer(kReadChunk + kMaxLine + 1);
  std::size_t filled = 0;
  for (;;) {
    if (filled == buffer.size())
      return make_error(Errc::kBadFormat, name + ": a line is longer than the read buffer");
    const ssize_t got = ::read(fd, buffer.data() + filled, std::min(kReadChunk, buffer.size() - filled));
    if (got < 0) {
      if (errno == EINTR) continue;
      const std::string why = std::strerror(errno);
      if (Status st = run.commit(); !st) return st;
      return make_error(Errc::kIo, name + ": read failed: " + why);
    }
    const bool eof = got == 0;
    filled += static_cast<std::size_t>(got);
    auto used = run.feed(std::string_view(buffer.data(), filled), eof);
    if (!used) {
      if (Status st = run.commit(); !st) return st;
      return used.error();
    }
    std::memmove(buffer.data(), buffer.data() + used.value(), filled - used.value());
    filled -= used.value();
    if (eof) break;
    bool pause = false;
    if (!regular) {
      // Release alerts promptly when a live stream pauses: commit whenever no more input is waiting.
      pollfd p{fd, POLLIN, 0};
      pause = ::poll(&p, 1, 0) == 0;
    }
    if (pause)
      if (Status st = run.commit(); !st) return st;
  }
  return run.commit();
}

}  // namespace zkc::dp
