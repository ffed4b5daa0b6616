// A fixed pool of worker threads with a bounded queue, replacing
// cpp-httplib 0.11.4's ThreadPool whose queue of accepted sockets is
// unbounded (reliability.md §3.4 item 5).
//
// Contract: Enqueue blocks the accepting thread while the queue is full, so a
// burst waits in the kernel's listen backlog instead of in our memory and
// descriptor table. Each worker runs `thread_start` before its first task and
// `thread_stop` after its last (the database driver's threadInit/threadEnd).
// Shutdown runs every queued task, then joins the workers.
// Threading: Enqueue and Shutdown may be called from any thread.
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace klussen::http {

class BoundedTaskQueue : public httplib::TaskQueue {
 public:
  BoundedTaskQueue(size_t workers, size_t capacity, std::function<void()> thread_start,
                   std::function<void()> thread_stop);
  ~BoundedTaskQueue() override;

  void enqueue(std::function<void()> fn) override;
  // Never blocks: takes `fn` (moves from it) only when the queue has room or
  // a worker is idle; otherwise leaves it untouched and returns false.
  bool TryEnqueue(std::function<void()>& fn);
  // Whether TryEnqueue would take a task now (for a single producer, stays
  // true until it enqueues: workers only make room).
  bool HasRoom() const;
  void shutdown() override;

  size_t queued() const;
  size_t busy() const;

 private:
  void WorkerLoop();

  const size_t capacity_;
  std::function<void()> thread_start_;
  std::function<void()> thread_stop_;
  mutable std::mutex mutex_;
  std::condition_variable has_work_;
  std::condition_variable has_room_;
  std::deque<std::function<void()>> tasks_;
  size_t busy_ = 0;
  bool shutting_down_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace klussen::http
