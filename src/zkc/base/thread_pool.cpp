#include "zkc/base/thread_pool.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace zkc {
namespace {

thread_local bool tl_inside_pool = false;

std::size_t configured_threads() {
  if (const char* env = std::getenv("ZKC_THREADS")) {
    char* end = nullptr;
    const long v = std::strtol(env, &end, 10);
    if (end != env && *end == '\0' && v >= 1 && v <= 1024) return static_cast<std::size_t>(v);
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

class Pool {
 public:
  explicit Pool(std::size_t threads) : size_(threads) {
    for (std::size_t i = 1; i < threads; ++i) workers_.emplace_back([this] { worker_loop(); });
  }
  ~Pool() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& w : workers_) w.join();
  }

  std::size_t size() const { return size_; }

  void run(std::size_t count, const std::function<void(std::size_t)>& task) {
    std::unique_lock caller_lock(run_mu_);  // one parallel job at a time
    {
      std::lock_guard lock(mu_);
      task_ = &task;
      count_ = count;
      next_.store(0);
      pending_ = workers_.size();
      ++generation_;
    }
    cv_.notify_all();
    drain();
    std::unique_lock lock(mu_);
    done_cv_.wait(lock, [this] { return pending_ == 0; });
    task_ = nullptr;
  }

 private:
  void drain() {
    const bool was_inside = tl_inside_pool;
    tl_inside_pool = true;
    for (std::size_t i; (i = next_.fetch_add(1)) < count_;) (*task_)(i);
    tl_inside_pool = was_inside;
  }

  void worker_loop() {
    std::size_t seen = 0;
    for (;;) {
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return stop_ || generation_ != seen; });
        if (stop_) return;
        seen = generation_;
      }
      drain();
      std::lock_guard lock(mu_);
      if (--pending_ == 0) done_cv_.notify_one();
    }
  }

  std::size_t size_;
  std::vector<std::thread> workers_;
  std::mutex run_mu_;
  std::mutex mu_;
  std::condition_variable cv_, done_cv_;
  const std::function<void(std::size_t)>* task_ = nullptr;
  std::size_t count_ = 0;
  std::atomic<std::size_t> next_{0};
  std::size_t pending_ = 0;
  std::size_t generation_ = 0;
  bool stop_ = false;
};

Pool& global_pool() {
  static Pool pool(configured_threads());
  return pool;
}

}  // namespace

std::size_t num_threads() { return global_pool().size(); }

void parallel_tasks(std::size_t count, const std::function<void(std::size_t)>& task) {
  if (count == 0) return;
  if (count == 1 || tl_inside_pool || num_threads() == 1) {
    for (std::size_t i = 0; i < count; ++i) task(i);
    return;
  }
  global_pool().run(count, task);
}

void parallel_for(std::size_t n, std::size_t min_chunk,
                  const std::function<void(std::size_t, std::size_t)>& body) {
  if (n == 0) return;
  min_chunk = std::max<std::size_t>(min_chunk, 1);
  const std::size_t chunks = std::max<std::size_t>(1, std::min(num_threads(), n / min_chunk));
  const std::size_t step = (n + chunks - 1) / chunks;
  parallel_tasks(chunks, [&](std::size_t c) {
    const std::size_t lo = c * step;
    const std::size_t hi = std::min(n, lo + step);
    if (lo < hi) body(lo, hi);
  });
}

}  // namespace zkc
