// The monitor loop: events are released only after the ledger has them, restarts resume where the
// ledger says and never grant budget twice (a crash costs the open segments, never more), batching
// does not change the result, and malformed lines stop the run after committing what came before.
#include "zkc/dp/monitor.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "dp_testing.hpp"
#include "testing/testing.hpp"

namespace zkc::dp {
namespace {

using testing::ScratchDir;

MonitorPolicy tight_policy(std::uint32_t c = 1) {
  MonitorPolicy p;
  p.threshold = 12'000;
  p.sensitivity = 1;             // 1e-4: noise of a few grid units, so the outcome is near certain
  p.epsilon_micro = 10'000'000;  // 10
  p.max_alerts = c;
  return p;
}

Monitor open_monitor(const std::string& ledger, const MonitorPolicy& p, std::uint64_t seed,
                     std::uint64_t batch = 1 << 16) {
  MonitorOptions o;
  o.batch_lines = batch;
  auto m = Monitor::open_with_rng(p, ledger, Csprng::from_seed_for_testing(seed), o);
  EXPECT_TRUE(m.ok()) << m.error().message;
  return std::move(m).value();
}

// Appends the pieces (GCC 12 warns wrongly on `"literal" + std::string` at -O3: -Wrestrict).
std::string cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out += p;
  return out;
}

struct Collected {
  std::vector<MonitorEvent> events;
  EventSink sink() {
    return [this](std::span<const MonitorEvent> batch) {
      events.insert(events.end(), batch.begin(), batch.end());
      return true;
    };
  }
  int count(MonitorEvent::Kind k) const {
    int n = 0;
    for (const auto& e : events) n += e.kind == k;
    return n;
  }
};

TEST(DpMonitor, AlertsWhenTheRatioDipsAndThenReportsExhausted) {
  ScratchDir dir("dip");
  Monitor m = open_monitor(dir.file("l.db"), tight_policy(1), 1);
  Collected got;
  const std::string stream =
      "position,timestamp,ratio\n"
      "a,1,1.5\n"
      "b,2,1.5\n"
      "a,3,1.4\n"
      "a,4,1.1\n"  // a dips: alert, and with c = 1 exhausted
      "a,5,1.0\n"  // ignored
      "b,6,1.45\n";
  ASSERT_TRUE(m.run_text(stream, "s", StreamFormat::kCsv, got.sink()).ok());
  ASSERT_EQ(got.events.size(), 2u);
  EXPECT_EQ(got.events[0].kind, MonitorEvent::Kind::kAlert);
  EXPECT_EQ(got.events[0].position, "a");
  EXPECT_EQ(got.events[0].line, 5u);
  EXPECT_EQ(got.events[0].timestamp, 4);
  EXPECT_EQ(got.events[0].alerts, 1u);
  EXPECT_EQ(got.events[1].kind, MonitorEvent::Kind::kExhausted);
  EXPECT_EQ(got.events[1].position, "a");
  const MonitorStats& s = m.stats();
  EXPECT_EQ(s.lines, 7u);
  EXPECT_EQ(s.updates, 5u);
  EXPECT_EQ(s.ignored, 1u);
  EXPECT_EQ(s.charges, 2u);
  auto report = m.ledger().report().value();
  EXPECT_EQ(report.inputs.at(0).second, 7u);
  ASSERT_EQ(report.alerts.size(), 1u);
  EXPECT_EQ(report.alerts[0].line, 5u);
}

TEST(DpMonitor, EventsAreReleasedOnlyAfterTheLedgerHasThem) {
  ScratchDir dir("order");
  Monitor m = open_monitor(dir.file("l.db"), tight_policy(2), 2, /*batch=*/3);
  std::string stream = "position,ratio\n";
  for (int i = 0; i < 40; ++i)
    stream += cat({"p", std::to_string(i % 7), ",", i % 3 == 0 ? "0.9" : "1.6", "\n"});
  int batches = 0;
  const Status st = m.run_text(stream, "s", StreamFormat::kCsv, [&](std::span<const MonitorEvent> events) {
    ++batches;
    const LedgerReport r = m.ledger().report().value();
    for (const MonitorEvent& e : events) {
      if (e.kind != MonitorEvent::Kind::kAlert) continue;
      bool found = false;
      for (const LedgerAlert& a : r.alerts)
        found |= a.position == e.position && a.number == e.alerts && a.line == e.line;
      EXPECT_TRUE(found) << "alert released before the ledger recorded it: " << e.position << " line "
                         << e.line;
      EXPECT_GE(r.inputs.at(0).second, e.line);
    }
    return true;
  });
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_GT(batches, 1);
  EXPECT_GE(m.stats().commits, 40u / 3);
}

TEST(DpMonitor, BatchingDoesNotChangeTheResult) {
  std::string stream = "position,timestamp,ratio\n";
  std::mt19937_64 g = zkc::testing::rng(11);
  for (int i = 0; i < 3000; ++i)
    stream += cat({"p", std::to_string(g() % 50), ",", std::to_string(i), ",",
                   std::to_string(1.0 + (g() % 6000) / 10000.0), "\n"});
  MonitorPolicy p = tight_policy(3);
  p.sensitivity = 300;
  std::vector<std::string> runs;
  for (std::uint64_t batch : {1u, 7u, 1u << 16}) {
    ScratchDir dir("batch");
    Monitor m = open_monitor(dir.file("l.db"), p, 99, batch);
    Collected got;
    ASSERT_TRUE(m.run_text(stream, "s", StreamFormat::kCsv, got.sink()).ok());
    std::ostringstream out;
    for (const auto& e : got.events) out << static_cast<int>(e.kind) << e.position << ":" << e.line << ";";
    runs.push_back(out.str());
    EXPECT_GT(got.count(MonitorEvent::Kind::kAlert), 0);
  }
  EXPECT_EQ(runs[0], runs[1]);
  EXPECT_EQ(runs[0], runs[2]);
}

// A crash after a commit loses only the open segments' thresholds: the restarted monitor skips the
// committed lines, and each position that had a segment open pays for a new one.
TEST(DpMonitor, RestartResumesAndChargesTheLostSegment) {
  ScratchDir dir("restart");
  const std::string ledger = dir.file("l.db");
  const std::string head = "position,ratio\na,1.6\nb,1.6\n";
  const std::string tail = "a,1.7\nb,1.0\n";
  MonitorPolicy p = tight_policy(2);
  {
    Monitor m = open_monitor(ledger, p, 3);
    Collected got;
    ASSERT_TRUE(m.run_text(head, "s", StreamFormat::kCsv, got.sink()).ok());
    EXPECT_TRUE(got.events.empty());
    EXPECT_EQ(m.stats().charges, 2u);
  }  // the process dies here: the open segments' thresholds are gone
  Monitor m = open_monitor(ledger, p, 4);
  Collected got;
  ASSERT_TRUE(m.run_text(head + tail, "s", StreamFormat::kCsv, got.sink()).ok());
  EXPECT_EQ(m.stats().skipped, 3u);
  EXPECT_EQ(m.stats().updates, 2u);
  EXPECT_EQ(m.stats().charges, 2u);  // both positions start a second segment
  ASSERT_EQ(got.events.size(), 2u);  // b alerts in its second (last) segment, and is exhausted
  EXPECT_EQ(got.events[0].position, "b");
  EXPECT_EQ(got.events[0].line, 5u);
  EXPECT_EQ(got.events[0].segments, 2u);
  EXPECT_EQ(got.events[1].kind, MonitorEvent::Kind::kExhausted);
  const std::vector<LedgerPosition> rows = m.ledger().positions().value();
  for (const LedgerPosition& row : rows) EXPECT_EQ(row.segments, 2u) << row.position;
}

// With c = 1, a crash in the only segment leaves the position exhausted: it is reported once, on its
// next update, and never monitored with fresh budget.
TEST(DpMonitor, ACrashInTheLastSegmentExhaustsThePosition) {
  ScratchDir dir("last");
  const std::string ledger = dir.file("l.db");
  {
    Monitor m = open_monitor(ledger, tight_policy(1), 5);
    Collected got;
    ASSERT_TRUE(m.run_text("position,ratio\na,1.6\n", "s", StreamFormat::kCsv, got.sink()).ok());
  }
  for (int run = 0; run < 2; ++run) {
    Monitor m = open_monitor(ledger, tight_policy(1), 6 + run);
    Collected got;
    ASSERT_TRUE(
        m.run_text("position,ratio\na,1.6\na,0.5\na,0.4\n", "s", StreamFormat::kCsv, got.sink()).ok());
    EXPECT_EQ(m.stats().charges, 0u);
    EXPECT_EQ(got.count(MonitorEvent::Kind::kAlert), 0);
    EXPECT_EQ(got.count(MonitorEvent::Kind::kExhausted), run == 0 ? 1 : 0);  // reported once, ever
    EXPECT_EQ(m.stats().ignored, run == 0 ? 2u : 0u);                        // run 1 skips every line
  }
}

// Crashes after every few lines, on random streams and policies: no position ever has more than c
// segments, alerts never exceed segments, and the alerts released over all runs are exactly the
// ledger's.
TEST(DpMonitor, RepeatedCrashesNeverExceedTheBudget) {
  std::mt19937_64 g = zkc::testing::rng(12);
  for (int trial = 0; trial < 3; ++trial) {
    ScratchDir dir("crashes");
    const std::string ledger = dir.file("l.db");
    MonitorPolicy p;
    p.max_alerts = 1 + static_cast<std::uint32_t>(g() % 3);
    p.sensitivity = 100 + static_cast<std::int64_t>(g() % 2000);
    p.epsilon_micro = 200'000 + g() % 3'000'000;
    std::string stream = "position,ratio\n";
    for (int i = 0; i < 240; ++i)
      stream +=
          cat({"p", std::to_string(g() % 12), ",", std::to_string(0.8 + (g() % 10000) / 10000.0), "\n"});
    std::map<std::pair<std::string, std::uint32_t>, int> released;
    std::size_t cut = 0;
    for (int run = 0; cut < stream.size(); ++run) {
      // Each run sees a longer prefix (the stream keeps growing) and then dies.
      cut = std::min(stream.size(), stream.find('\n', cut + 1 + g() % 600) + 1);
      if (cut == 0) cut = stream.size();
      Monitor m = open_monitor(ledger, p, 1000 * trial + run, 5 + g() % 40);
      Collected got;
      const Status st =
          m.run_text(std::string_view(stream).substr(0, cut), "s", StreamFormat::kCsv, got.sink());
      ASSERT_TRUE(st.ok()) << st.error().message;
      for (const auto& e : got.events)
        if (e.kind == MonitorEvent::Kind::kAlert) ++released[{e.position, e.alerts}];
      const std::vector<LedgerPosition> rows = m.ledger().positions().value();
      for (const LedgerPosition& row : rows) {
        ASSERT_LE(row.segments, p.max_alerts) << row.position;
        ASSERT_LE(row.alerts, row.segments) << row.position;
      }
    }
    Monitor m = open_monitor(ledger, p, 7);
    const LedgerReport r = m.ledger().report().value();
    EXPECT_EQ(r.alerts.size(), released.size());
    for (const auto& [key, times] : released) EXPECT_EQ(times, 1) << key.first << " alert " << key.second;
    for (const LedgerAlert& a : r.alerts) EXPECT_EQ(released.count({a.position, a.number}), 1u);
  }
}

// Delivery is at least once: alerts a run recorded but could not deliver (the sink failed, or the
// process died between the commit and the write) are delivered again by the next run, once.
TEST(DpMonitor, UndeliveredAlertsAreRedeliveredOnce) {
  ScratchDir dir("redeliver");
  const std::string ledger = dir.file("l.db");
  const std::string stream = "position,ratio\na,0.5\nb,0.5\nc,1.9\n";
  {
    Monitor m = open_monitor(ledger, tight_policy(1), 21);
    int calls = 0;
    const Status st = m.run_text(stream, "s", StreamFormat::kCsv, [&](std::span<const MonitorEvent>) {
      ++calls;
      return false;  // the output is gone (a full disk, a closed pipe)
    });
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.error().message.find("could not be delivered"), std::string::npos) << st.error().message;
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(m.ledger().unreleased_alerts().value().size(), 2u);
  }
  for (int run = 0; run < 2; ++run) {
    Monitor m = open_monitor(ledger, tight_policy(1), 22 + run);
    Collected got;
    ASSERT_TRUE(m.run_text(stream, "s", StreamFormat::kCsv, got.sink()).ok());
    EXPECT_EQ(m.stats().updates, 0u);  // every line was processed before
    if (run == 0) {
      ASSERT_EQ(got.count(MonitorEvent::Kind::kAlert), 2);
      EXPECT_TRUE(got.events[0].redelivered);
      EXPECT_EQ(got.events[0].position, "a");
      EXPECT_EQ(got.events[1].position, "b");
      EXPECT_EQ(got.events[1].line, 3u);
      EXPECT_EQ(m.stats().redelivered, 2u);
    } else {
      EXPECT_TRUE(got.events.empty());
    }
    EXPECT_TRUE(m.ledger().unreleased_alerts().value().empty());
  }
}

TEST(DpMonitor, AMalformedLineStopsTheRunAfterCommittingWhatCameBefore) {
  ScratchDir dir("malformed");
  const std::string ledger = dir.file("l.db");
  Monitor m = open_monitor(ledger, tight_policy(1), 8);
  Collected got;
  const Status st =
      m.run_text("position,ratio\na,0.5\nb,1.5\nc,oops\nd,0.5\n", "in.csv", StreamFormat::kCsv, got.sink());
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("in.csv: line 4"), std::string::npos) << st.error().message;
  EXPECT_NE(st.error().message.find("\"oops\""), std::string::npos) << st.error().message;
  EXPECT_EQ(got.count(MonitorEvent::Kind::kAlert), 1);  // a's alert was committed and released
  EXPECT_EQ(m.ledger().lines_done("in.csv").value(), 3u);
  EXPECT_EQ(m.ledger().positions().value().size(), 2u);  // a and b; never d
}

TEST(DpMonitor, ReadsJsonLinesAndFileDescriptors) {
  ScratchDir dir("fd");
  const std::string path = dir.file("s.jsonl");
  {
    std::ofstream out(path);
    out << R"({"position": "a", "timestamp": 1, "ratio": 1.5})"
        << "\n"
        << R"({"position": "a", "timestamp": 2, "collateral": 10, "debt": 20})";  // no final newline
  }
  Monitor m = open_monitor(dir.file("l.db"), tight_policy(1), 9);
  Collected got;
  const int fd = ::open(path.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  const Status st = m.run_fd(fd, path, StreamFormat::kJsonl, got.sink());
  ::close(fd);
  ASSERT_TRUE(st.ok()) << st.error().message;
  ASSERT_EQ(got.count(MonitorEvent::Kind::kAlert), 1);
  EXPECT_EQ(got.events[0].timestamp, 2);
  EXPECT_EQ(m.stats().lines, 2u);
}

TEST(DpMonitor, RefusesBadOptionsAndPolicies) {
  ScratchDir dir("options");
  MonitorOptions o;
  o.batch_lines = 0;
  EXPECT_FALSE(Monitor::open(tight_policy(), dir.file("l.db"), o).ok());
  MonitorPolicy bad = tight_policy();
  bad.clamp_hi = bad.clamp_lo;
  auto r = Monitor::open(bad, dir.file("l.db"));
  ASSERT_FALSE(r.ok());
  EXPECT_FALSE(std::filesystem::exists(dir.file("l.db")));
}

}  // namespace
}  // namespace zkc::dp
