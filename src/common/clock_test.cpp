#include "common/clock.h"

#include <gtest/gtest.h>

namespace paseo {
namespace {

TEST(Clock, FormatsAndParsesUtc) {
  const auto t = parse_iso8601("2026-03-29T01:00:00Z");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(format_utc(*t), "2026-03-29T01:00:00Z");
  EXPECT_EQ(to_epoch_ms(*t), 1774746000000);
}

TEST(Clock, AppliesOffsets) {
  const auto t = parse_iso8601("2026-07-01T10:00:00+02:00");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(format_utc(*t), "2026-07-01T08:00:00Z");
  const auto ms = parse_iso8601("2026-07-01T10:00:00.250-05:30");
  ASSERT_TRUE(ms.ok());
  EXPECT_EQ(format_utc(*ms), "2026-07-01T15:30:00.250Z");
}

TEST(Clock, RejectsMalformedDates) {
  for (const char* bad :
       {"", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-01-01", "2026-01-01T00:00:00",
        "2026-01-01T25:00:00Z", "2026-01-01T00:00:00Zjunk", "abcd-01-01T00:00:00Z"}) {
    EXPECT_FALSE(parse_iso8601(bad).ok()) << bad;
  }
}

TEST(Clock, FakeClockMovesOnlyWhenTold) {
  FakeClock clock(from_epoch_ms(1000));
  EXPECT_EQ(to_epoch_ms(clock.now()), 1000);
  clock.advance(std::chrono::minutes(1));
  EXPECT_EQ(to_epoch_ms(clock.now()), 61000);
}

}  // namespace
}  // namespace paseo
