// The thread pool: every index runs exactly once, nested calls run inline, chunks cover the range.
#include "zkc/base/thread_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <vector>

namespace zkc {
namespace {

TEST(ThreadPool, EveryTaskRunsExactlyOnce) {
  for (std::size_t count : {0, 1, 2, 3, 17, 1000}) {
    std::vector<std::atomic<int>> hits(count);
    parallel_tasks(count, [&](std::size_t i) { hits[i]++; });
    for (std::size_t i = 0; i < count; ++i) EXPECT_EQ(hits[i].load(), 1) << i << " of " << count;
  }
  EXPECT_GE(num_threads(), 1u);
}

TEST(ThreadPool, ParallelForCoversTheRangeInDisjointChunks) {
  for (std::size_t n : {1, 5, 64, 1000, 100003}) {
    for (std::size_t min_chunk : {1, 7, 4096}) {
      std::vector<int> hits(n, 0);
      std::mutex mu;
      std::vector<std::pair<std::size_t, std::size_t>> chunks;
      parallel_for(n, min_chunk, [&](std::size_t lo, std::size_t hi) {
        for (std::size_t i = lo; i < hi; ++i) hits[i]++;
        std::lock_guard lock(mu);
        chunks.emplace_back(lo, hi);
      });
      for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(hits[i], 1) << i;
      EXPECT_LE(chunks.size(), num_threads());
      for (const auto& [lo, hi] : chunks) EXPECT_TRUE(lo < hi);
    }
  }
}

TEST(ThreadPool, NestedCallsRunInlineWithoutDeadlock) {
  std::atomic<int> total{0};
  parallel_tasks(8, [&](std::size_t) {
    parallel_for(100, 1, [&](std::size_t lo, std::size_t hi) { total += static_cast<int>(hi - lo); });
  });
  EXPECT_EQ(total.load(), 800);
}

TEST(ThreadPool, ConcurrentCallersAreSerializedSafely) {
  std::atomic<long> sum{0};
  std::vector<std::thread> callers;
  for (int c = 0; c < 3; ++c)
    callers.emplace_back([&] {
      for (int r = 0; r < 20; ++r) parallel_tasks(50, [&](std::size_t i) { sum += static_cast<long>(i); });
    });
  for (auto& t : callers) t.join();
  EXPECT_EQ(sum.load(), 3L * 20 * (49 * 50 / 2));
}

}  // namespace
}  // namespace zkc
