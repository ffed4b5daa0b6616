#include "auth/failure_limiter.h"

#include <gtest/gtest.h>

namespace klussen::auth {
namespace {

TEST(AuthFailureLimiterTest, BlocksASourceOverTheLimitForAMinute) {
  FailureLimiter limiter(3);
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(limiter.Blocked("127.0.0.1", 1000 + i));
    limiter.RecordFailure("127.0.0.1", 1000 + i);
  }
  EXPECT_TRUE(limiter.Blocked("127.0.0.1", 2000));
  EXPECT_FALSE(limiter.Blocked("10.0.0.8", 2000));    // other sources are not affected
  EXPECT_FALSE(limiter.Blocked("127.0.0.1", 61001));  // the failures aged out
}

TEST(AuthFailureLimiterTest, TracksABoundedNumberOfSources) {
  FailureLimiter limiter(1, 2);
  limiter.RecordFailure("a", 1);
  limiter.RecordFailure("b", 2);
  limiter.RecordFailure("c", 3);  // forgets "a", the oldest
  EXPECT_FALSE(limiter.Blocked("a", 4));
  EXPECT_TRUE(limiter.Blocked("b", 4));
  EXPECT_TRUE(limiter.Blocked("c", 4));
}

TEST(AuthFailureLimiterTest, LimitCanBeChangedAtRuntime) {
  FailureLimiter limiter(5);
  limiter.RecordFailure("s", 1);
  limiter.RecordFailure("s", 2);
  EXPECT_FALSE(limiter.Blocked("s", 3));
  limiter.SetLimit(2);
  EXPECT_TRUE(limiter.Blocked("s", 3));
}

}  // namespace
}  // namespace klussen::auth
