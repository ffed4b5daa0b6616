#include "http/bounded_task_queue.h"

namespace klussen::http {

BoundedTaskQueue::BoundedTaskQueue(size_t workers, size_t capacity,
                                   std::function<void()> thread_start,
                                   std::function<void()> thread_stop)
    : capacity_(capacity),
      thread_start_(std::move(thread_start)),
      thread_stop_(std::move(thread_stop)) {
  workers_.reserve(workers);
  for (size_t i = 0; i < workers; ++i) workers_.emplace_back([this] { WorkerLoop(); });
}

BoundedTaskQueue::~BoundedTaskQueue() { shutdown(); }

void BoundedTaskQueue::enqueue(std::function<void()> fn) {
  std::unique_lock<std::mutex> lock(mutex_);
  has_room_.wait(lock, [this] { return shutting_down_ || tasks_.size() < capacity_; });
  if (shutting_down_) {
    // Late arrival while stopping: still serve it so its socket gets closed.
    lock.unlock();
    fn();
    return;
  }
  tasks_.push_back(std::move(fn));
  has_work_.notify_one();
}

bool BoundedTaskQueue::HasRoom() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return !shutting_down_ && tasks_.size() < capacity_;
}

bool BoundedTaskQueue::TryEnqueue(std::function<void()>& fn) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (shutting_down_ || tasks_.size() >= capacity_) return false;
    tasks_.push_back(std::move(fn));
  }
  has_work_.notify_one();
  return true;
}

void BoundedTaskQueue::shutdown() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (shutting_down_ && workers_.empty()) return;
    shutting_down_ = true;
  }
  has_work_.notify_all();
  has_room_.notify_all();
  for (auto& worker : workers_) {
    if (worker.joinable()) worker.join();
  }
  workers_.clear();
}

size_t BoundedTaskQueue::queued() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return tasks_.size();
}

size_t BoundedTaskQueue::busy() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return busy_;
}

void BoundedTaskQueue::WorkerLoop() {
  if (thread_start_) thread_start_();
  while (true) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      has_work_.wait(lock, [this] { return shutting_down_ || !tasks_.empty(); });
      if (tasks_.empty()) break;  // shutting down and drained
      task = std::move(tasks_.front());
      tasks_.pop_front();
      ++busy_;
      has_room_.notify_one();
    }
    task();
    std::lock_guard<std::mutex> lock(mutex_);
    --busy_;
  }
  if (thread_stop_) thread_stop_();
}

}  // namespace klussen::http
