#include "common/random.h"

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

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

// Every character of the alphabet turns up equally often: a reference is as hard to guess as its
// length says. 620,000 draws over 31 characters: 20,000 each (sd 139); a count outside
// 19,200..20,800 is over five sd away, while taking byte % 31 without rejecting the top bytes
// would give eight characters 22,500.
TEST(Random, ReferencesAreUniformOverTheAlphabet) {
  std::map<char, int> seen;
  for (int i = 0; i < 77500; ++i) {
    for (char c : random_reference(8)) ++seen[c];
  }
  ASSERT_EQ(seen.size(), 31u);
  for (const auto& [c, n] : seen) {
    EXPECT_GT(n, 19200) << c;
    EXPECT_LT(n, 20800) << c;
  }
}

// Ids drawn at once on several threads (each with its own bytes fetched ahead) never repeat.
TEST(Random, IdsFromManyThreadsAreDistinct) {
  std::vector<std::vector<std::string>> per_thread(4);
  std::vector<std::thread> threads;
  for (auto& ids : per_thread) {
    threads.emplace_back([&ids] {
      for (int i = 0; i < 2000; ++i) {
        ids.push_back(random_uuid());
        ids.push_back(time_ordered_uuid());
        ids.push_back(random_reference(12));
      }
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> all;
  for (const auto& ids : per_thread) all.insert(ids.begin(), ids.end());
  EXPECT_EQ(all.size(), 4u * 3 * 2000);
}

}  // namespace
}  // namespace paseo
