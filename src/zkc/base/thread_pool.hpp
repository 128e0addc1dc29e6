// A persistent pool of worker threads and parallel_for over index ranges.
// The pool size is ZKC_THREADS when set (>= 1), otherwise std::thread::hardware_concurrency().
// Nested calls from inside a task run serially on the calling thread (no deadlock, no oversubscription).
#pragma once

#include <cstddef>
#include <functional>

namespace zkc {

// Number of threads parallel work uses (the caller counts as one).
std::size_t num_threads();

// Runs task(i) for every i in [0, count), spread over the pool; returns when all have finished.
void parallel_tasks(std::size_t count, const std::function<void(std::size_t)>& task);

// Splits [0, n) into at most num_threads() contiguous chunks of at least min_chunk elements and
// runs body(begin, end) on each, in parallel.
void parallel_for(std::size_t n, std::size_t min_chunk,
                  const std::function<void(std::size_t, std::size_t)>& body);

}  // namespace zkc
