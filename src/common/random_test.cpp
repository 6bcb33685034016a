#include "common/random.h"

#include <chrono>
#include <set>

#include <gtest/gtest.h>

namespace paseo {
namespace {

TEST(Random, UuidsAreVersion4AndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const auto u = random_uuid();
    ASSERT_EQ(u.size(), 36u);
    EXPECT_EQ(u[14], '4');
    EXPECT_TRUE(seen.insert(u).second);
  }
}

TEST(Random, TimeOrderedUuidsAreVersion7AndSortByCreation) {
  std::string previous;
  std::set<std::string> seen;
  for (int i = 0; i < 5000; ++i) {  // many share a millisecond: the sequence keeps them ordered
    const auto u = time_ordered_uuid();
    ASSERT_EQ(u.size(), 36u);
    EXPECT_EQ(u[14], '7');
    EXPECT_TRUE(u[19] == '8' || u[19] == '9' || u[19] == 'a' || u[19] == 'b') << u;
    EXPECT_LT(previous, u);
    EXPECT_TRUE(seen.insert(u).second);
    previous = u;
  }
  // The first 48 bits are Unix milliseconds of about now.
  const auto u = time_ordered_uuid();
  const auto ms = std::stoull(u.substr(0, 8) + u.substr(9, 4), nullptr, 16);
  const auto now =
      static_cast<unsigned long long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
  EXPECT_LE(ms, now + 1000);
  EXPECT_GE(ms + 60000, now);
}

TEST(Random, TokenHashIsStableAndHidesTheToken) {
  const auto t = random_token();
  EXPECT_GE(t.size(), 43u);
  EXPECT_EQ(token_hash(t), token_hash(t));
  EXPECT_EQ(token_hash(t).size(), 64u);
  EXPECT_EQ(token_hash(t).find(t), std::string::npos);
  EXPECT_NE(token_hash(t), token_hash(random_token()));
}

TEST(Random, ReferencesAvoidLookAlikes) {
  for (int i = 0; i < 200; ++i) {
    const auto r = random_reference(6);
    ASSERT_EQ(r.size(), 6u);
    EXPECT_EQ(r.find_first_of("01OIL"), std::string::npos) << r;
  }
}

}  // namespace
}  // namespace paseo
