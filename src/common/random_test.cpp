#include "common/random.h"

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
