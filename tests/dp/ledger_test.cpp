// The privacy ledger: one policy for life, monotone rows within the policy's bounds, atomic batches,
// one process at a time, and clear refusals of files that are not (well-formed) ledgers.
#include "zkc/dp/ledger.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>

#include "dp_testing.hpp"

namespace zkc::dp {
namespace {

using testing::ScratchDir;

MonitorPolicy policy(std::uint32_t c = 3) {
  MonitorPolicy p;
  p.max_alerts = c;
  return p;
}

void expect_error(const Status& st, std::string_view needle) {
  ASSERT_FALSE(st.ok()) << "expected an error containing " << needle;
  EXPECT_NE(st.error().message.find(needle), std::string::npos) << st.error().message;
}
template <class T>
void expect_error(const Result<T>& r, std::string_view needle) {
  ASSERT_FALSE(r.ok()) << "expected an error containing " << needle;
  EXPECT_NE(r.error().message.find(needle), std::string::npos) << r.error().message;
}

// Runs SQL on a ledger file directly (tampering with it as an attacker or a bug would).
void tamper(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* msg = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, &msg), SQLITE_OK) << (msg ? msg : "");
  sqlite3_free(msg);
  sqlite3_close(db);
}

TEST(DpLedger, CreatesCommitsAndReopens) {
  ScratchDir dir("ledger");
  const std::string path = dir.file("l.db");
  {
    auto l = Ledger::open(path, policy());
    ASSERT_TRUE(l.ok()) << l.error().message;
    EXPECT_TRUE(l.value().positions().value().empty());
    EXPECT_EQ(l.value().lines_done("in").value(), 0u);
    LedgerBatch b;
    b.positions = {{"a", 1, 0, false}, {"b", 2, 1, false}};
    b.alerts = {{"b", 1, "in", 7, 1234}};
    b.input = "in";
    b.lines_done = 9;
    ASSERT_TRUE(l.value().commit(b).ok());
  }
  auto l = Ledger::open(path, policy());
  ASSERT_TRUE(l.ok()) << l.error().message;
  auto rows = l.value().positions().value();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].position, "a");
  EXPECT_EQ(rows[0].segments, 1u);
  EXPECT_EQ(rows[1].segments, 2u);
  EXPECT_EQ(rows[1].alerts, 1u);
  EXPECT_EQ(l.value().lines_done("in").value(), 9u);
  auto report = l.value().report().value();
  ASSERT_EQ(report.alerts.size(), 1u);
  EXPECT_EQ(report.alerts[0].line, 7u);
  EXPECT_EQ(report.alerts[0].timestamp, 1234);
  EXPECT_EQ(report.policy.max_alerts, 3u);
  // Recorded alerts stay unreleased until the consumer has them.
  EXPECT_FALSE(report.alerts[0].released);
  ASSERT_EQ(l.value().unreleased_alerts().value().size(), 1u);
  ASSERT_TRUE(l.value().mark_released().ok());
  EXPECT_TRUE(l.value().unreleased_alerts().value().empty());
  EXPECT_TRUE(l.value().report().value().alerts.at(0).released);
  // open_existing reads the stored policy.
  l = Result<Ledger>(make_error(Errc::kIo, "closed"));  // release the lock
  auto e = Ledger::open_existing(path);
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_EQ(e.value().policy().max_alerts, 3u);
  expect_error(Ledger::open_existing(dir.file("missing.db")), "does not exist");
}

TEST(DpLedger, KeepsOnePolicyForLife) {
  ScratchDir dir("policy");
  const std::string path = dir.file("l.db");
  ASSERT_TRUE(Ledger::open(path, policy()).ok());
  struct Change {
    void (*apply)(MonitorPolicy&);
    const char* option;
  };
  for (const Change& c : {Change{[](MonitorPolicy& p) { p.threshold += 1; }, "--threshold"},
                          Change{[](MonitorPolicy& p) { p.clamp_lo += 1; }, "--clamp-lo"},
                          Change{[](MonitorPolicy& p) { p.clamp_hi -= 1; }, "--clamp-hi"},
                          Change{[](MonitorPolicy& p) { p.sensitivity += 1; }, "--sensitivity"},
                          Change{[](MonitorPolicy& p) { p.epsilon_micro *= 2; }, "--epsilon"},
                          Change{[](MonitorPolicy& p) { p.max_alerts += 1; }, "--alerts"}}) {
    MonitorPolicy p = policy();
    c.apply(p);
    auto r = Ledger::open(path, p);
    expect_error(r, c.option);
    expect_error(r, "granted twice");
  }
  auto eps = policy();
  eps.epsilon_micro = 2'500'000;
  auto r = Ledger::open(path, eps);
  expect_error(r, "--epsilon 1.0, and this run asks for 2.5");
  EXPECT_TRUE(Ledger::open(path, policy()).ok());
  // An invalid policy is refused before any file is made.
  MonitorPolicy bad = policy();
  bad.max_alerts = 0;
  EXPECT_FALSE(Ledger::open(dir.file("new.db"), bad).ok());
  EXPECT_FALSE(std::filesystem::exists(dir.file("new.db")));
}

TEST(DpLedger, RowsNeverMoveBackwardsAndBatchesAreAtomic) {
  ScratchDir dir("monotone");
  auto l = Ledger::open(dir.file("l.db"), policy(3));
  ASSERT_TRUE(l.ok());
  Ledger& ledger = l.value();
  LedgerBatch b;
  b.positions = {{"a", 2, 1, false}};
  b.input = "in";
  b.lines_done = 10;
  ASSERT_TRUE(ledger.commit(b).ok());
  // A batch that advances "b" but lowers "a" is refused whole: "b" must not appear.
  LedgerBatch back;
  back.positions = {{"b", 1, 0, false}, {"a", 1, 1, false}};
  expect_error(ledger.commit(back), "granted twice");
  auto rows = ledger.positions().value();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].segments, 2u);
  // Alerts may not go down either, nor the exhausted flag, nor an input's progress.
  expect_error(ledger.commit({{{"a", 2, 0, false}}, {}, "", 0}), "backwards");
  ASSERT_TRUE(ledger.commit({{{"a", 3, 1, true}}, {}, "", 0}).ok());
  expect_error(ledger.commit({{{"a", 3, 1, false}}, {}, "", 0}), "backwards");
  LedgerBatch rewind;
  rewind.input = "in";
  rewind.lines_done = 9;
  expect_error(ledger.commit(rewind), "input in would move backwards");
  EXPECT_EQ(ledger.lines_done("in").value(), 10u);
  // Beyond the policy, or more alerts than segments: refused before any write.
  expect_error(ledger.commit({{{"c", 4, 0, false}}, {}, "", 0}), "4 segments");
  expect_error(ledger.commit({{{"c", 1, 2, false}}, {}, "", 0}), "2 alerts");
  // The same alert twice (a position's n-th alert is unique).
  ASSERT_TRUE(ledger.commit({{}, {{"a", 1, "in", 3, 0}}, "", 0}).ok());
  expect_error(ledger.commit({{{"z", 1, 0, false}}, {{"a", 1, "in", 4, 0}}, "", 0}), "alert of a");
  const std::vector<LedgerPosition> after = ledger.positions().value();
  for (const LedgerPosition& p : after) EXPECT_NE(p.position, "z");
}

TEST(DpLedger, OneProcessAtATime) {
  ScratchDir dir("lock");
  const std::string path = dir.file("l.db");
  auto first = Ledger::open(path, policy());
  ASSERT_TRUE(first.ok());
  expect_error(Ledger::open(path, policy()), "in use by another process");
  expect_error(Ledger::open_existing(path), "in use by another process");
  first = Result<Ledger>(make_error(Errc::kIo, "closed"));
  EXPECT_TRUE(Ledger::open(path, policy()).ok());
}

TEST(DpLedger, RefusesFilesThatAreNotLedgers) {
  ScratchDir dir("bad");
  const std::string text = dir.file("text.db");
  std::ofstream(text)
      << "this is not a database, but it is long enough to have a header......................"
         "................................................................................";
  expect_error(Ledger::open(text, policy()), "not a SQLite database");
  // Another application's database.
  const std::string other = dir.file("other.db");
  tamper(other, "CREATE TABLE t(x);");
  expect_error(Ledger::open(other, policy()), "not a zkcredit ledger");
  // A directory.
  expect_error(Ledger::open(dir.file(""), policy()), "not a regular file");
  // A ledger of another format version.
  const std::string old = dir.file("old.db");
  ASSERT_TRUE(Ledger::open(old, policy()).ok());
  tamper(old, "UPDATE meta SET value = 'zkcredit-dp-ledger-0' WHERE key = 'format';");
  expect_error(Ledger::open(old, policy()), "unknown format");
}

TEST(DpLedger, RefusesCorruptedRows) {
  ScratchDir dir("corrupt");
  const std::string path = dir.file("l.db");
  {
    auto l = Ledger::open(path, policy(1));
    ASSERT_TRUE(l.ok());
    ASSERT_TRUE(l.value().commit({{{"a", 1, 1, true}}, {}, "", 0}).ok());
  }
  // More segments than the policy allows (the CHECK constraints allow it; the policy check must not).
  tamper(path, "UPDATE positions SET segments = 2 WHERE position = 'a';");
  expect_error(Ledger::open(path, policy(1)), "corrupt: position a has 2 segments");
  // A policy edited to grant more budget is just another policy.
  tamper(path, "UPDATE positions SET segments = 1; UPDATE meta SET value = '5' WHERE key = 'max_alerts';");
  expect_error(Ledger::open(path, policy(1)), "--alerts 5");
  tamper(path, "UPDATE meta SET value = 'x' WHERE key = 'max_alerts';");
  expect_error(Ledger::open(path, policy(1)), "not an integer");
  tamper(path, "DELETE FROM meta WHERE key = 'max_alerts';");
  expect_error(Ledger::open(path, policy(1)), "has no max_alerts");
}

}  // namespace
}  // namespace zkc::dp
