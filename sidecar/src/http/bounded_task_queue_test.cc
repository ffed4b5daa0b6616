#include "http/bounded_task_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

namespace klussen::http {
namespace {

TEST(HttpBoundedTaskQueueTest, EnqueueBlocksWhileQueueIsFull) {
  std::atomic<int> started{0};
  std::atomic<int> finished{0};
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  BoundedTaskQueue queue(1, 1, nullptr, nullptr);
  queue.enqueue([&] {
    ++started;
    gate.wait();
    ++finished;
  });  // occupies the worker
  while (started.load() == 0) std::this_thread::yield();
  queue.enqueue([&] { ++finished; });  // fills the queue
  auto third = std::async(std::launch::async, [&] { queue.enqueue([&] { ++finished; }); });
  EXPECT_EQ(third.wait_for(std::chrono::milliseconds(200)), std::future_status::timeout);
  release.set_value();
  EXPECT_EQ(third.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  queue.shutdown();
  EXPECT_EQ(finished.load(), 3);
}

TEST(HttpBoundedTaskQueueTest, WorkersRunThreadHooksOnce) {
  std::atomic<int> starts{0};
  std::atomic<int> stops{0};
  {
    BoundedTaskQueue queue(
        3, 8, [&] { ++starts; }, [&] { ++stops; });
    for (int i = 0; i < 10; ++i) queue.enqueue([] {});
  }
  EXPECT_EQ(starts.load(), 3);
  EXPECT_EQ(stops.load(), 3);
}

}  // namespace
}  // namespace klussen::http
