#include "server/reconnect_backoff.h"

#include <gtest/gtest.h>

namespace klussen::server {
namespace {

using std::chrono::milliseconds;

TEST(ReconnectBackoffTest, DoublesUpToTheCapWithinTheJitter) {
  ReconnectBackoff backoff({milliseconds(100), milliseconds(1000), 20}, 7);
  const int64_t bases[] = {100, 200, 400, 800, 1000, 1000, 1000, 1000};
  for (int64_t base : bases) {
    int64_t delay = backoff.Next().count();
    EXPECT_GE(delay, base * 80 / 100) << base;
    EXPECT_LE(delay, base * 120 / 100) << base;
  }
  for (int i = 0; i < 1000; ++i) EXPECT_LE(backoff.Next().count(), 1200);
}

TEST(ReconnectBackoffTest, ResetStartsOver) {
  ReconnectBackoff backoff({milliseconds(100), milliseconds(1000), 0}, 7);
  backoff.Next();
  backoff.Next();
  EXPECT_EQ(backoff.Next(), milliseconds(400));
  backoff.Reset();
  EXPECT_EQ(backoff.Next(), milliseconds(100));
}

TEST(ReconnectBackoffTest, JitterSpreadsTheDelays) {
  ReconnectBackoff a({milliseconds(1000), milliseconds(1000), 20}, 1);
  ReconnectBackoff b({milliseconds(1000), milliseconds(1000), 20}, 2);
  int differing = 0;
  for (int i = 0; i < 20; ++i) differing += a.Next() != b.Next();
  EXPECT_GT(differing, 10);
}

}  // namespace
}  // namespace klussen::server
