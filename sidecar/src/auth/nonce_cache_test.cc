#include "auth/nonce_cache.h"

#include <gtest/gtest.h>

namespace klussen::auth {
namespace {

TEST(AuthNonceCacheTest, SingleUseWithinLifetime) {
  NonceCache cache(10);
  EXPECT_EQ(cache.Insert("a", 100, 50), NonceCache::Outcome::kNew);
  EXPECT_EQ(cache.Insert("a", 100, 99), NonceCache::Outcome::kReplay);
  EXPECT_EQ(cache.Insert("a", 200, 101), NonceCache::Outcome::kNew);  // the old one expired
}

TEST(AuthNonceCacheTest, FullCacheRefusesAndRecoversAfterExpiry) {
  NonceCache cache(2);
  EXPECT_EQ(cache.Insert("a", 10, 0), NonceCache::Outcome::kNew);
  EXPECT_EQ(cache.Insert("b", 20, 0), NonceCache::Outcome::kNew);
  EXPECT_EQ(cache.Insert("c", 20, 5), NonceCache::Outcome::kFull);
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.Insert("c", 30, 11), NonceCache::Outcome::kNew);  // "a" expired
  EXPECT_EQ(cache.size(), 2u);
}

}  // namespace
}  // namespace klussen::auth
