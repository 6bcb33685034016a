#include "domain/local_time.h"

#include <gtest/gtest.h>

namespace paseo::domain {
namespace {

Instant utc(const char* iso) { return parse_iso8601(iso).value(); }

TEST(LocalDate, ParsesFormatsAndRejects) {
  auto d = LocalDate::parse("2026-03-29");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->to_string(), "2026-03-29");
  EXPECT_EQ(d->iso_weekday(), 7);  // Sunday
  EXPECT_EQ(d->plus_days(1).to_string(), "2026-03-30");
  EXPECT_EQ(LocalDate::from_ymd(2026, 3, 29), *d);
  for (const char* bad : {"2026-02-30", "2026-3-29", "26-03-29", "2026/03/29", "", "2026-03-29x",
                          "abcd-ef-gh", "2026-13-01"}) {
    EXPECT_FALSE(LocalDate::parse(bad).ok()) << bad;
  }
}

TEST(LocalTime, ParsesFormatsAndRejects) {
  EXPECT_EQ(LocalTime::parse("09:05")->minutes, 9 * 60 + 5);
  EXPECT_EQ(LocalTime{17 * 60}.to_string(), "17:00");
  for (const char* bad : {"24:00", "9:00", "12:60", "1200", ""}) {
    EXPECT_FALSE(LocalTime::parse(bad).ok()) << bad;
  }
}

TEST(TimeZone, UnknownZoneIsInvalidArgument) {
  auto tz = TimeZone::find("Mars/Olympus");
  ASSERT_FALSE(tz.ok());
  EXPECT_EQ(tz.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(tz.error().field, "timeZone");
}

TEST(TimeZone, MadridWinterAndSummerOffsets) {
  auto tz = TimeZone::find("Europe/Madrid").value();
  EXPECT_EQ(tz.to_utc(LocalDate::from_ymd(2026, 1, 15), LocalTime::from_hm(10, 0)),
            utc("2026-01-15T09:00:00Z"));
  EXPECT_EQ(tz.to_utc(LocalDate::from_ymd(2026, 7, 15), LocalTime::from_hm(10, 0)),
            utc("2026-07-15T08:00:00Z"));
  EXPECT_EQ(tz.format_local(utc("2026-07-15T08:00:00Z")), "2026-07-15T10:00:00+02:00");
  EXPECT_EQ(tz.format_local(utc("2026-01-15T09:00:00Z")), "2026-01-15T10:00:00+01:00");
}

TEST(TimeZone, MadridSpringForwardGapMovesForward) {
  auto tz = TimeZone::find("Europe/Madrid").value();
  auto day = LocalDate::from_ymd(2026, 3, 29);
  // 02:00 CET -> 03:00 CEST at 01:00 UTC. 02:30 does not exist: it becomes 03:30 CEST.
  Instant gap = tz.to_utc(day, LocalTime::from_hm(2, 30));
  EXPECT_EQ(gap, utc("2026-03-29T01:30:00Z"));
  EXPECT_EQ(tz.format_local(gap), "2026-03-29T03:30:00+02:00");
  // Around the gap.
  EXPECT_EQ(tz.to_utc(day, LocalTime::from_hm(1, 59)), utc("2026-03-29T00:59:00Z"));
  EXPECT_EQ(tz.to_utc(day, LocalTime::from_hm(3, 0)), utc("2026-03-29T01:00:00Z"));
  EXPECT_EQ(tz.to_utc(day, LocalTime::from_hm(10, 0)), utc("2026-03-29T08:00:00Z"));
  // The day before is still CET.
  EXPECT_EQ(tz.to_utc(day.plus_days(-1), LocalTime::from_hm(10, 0)), utc("2026-03-28T09:00:00Z"));
  // Which wall-clock times the night skips: [02:00, 03:00) only, and only that night.
  EXPECT_TRUE(tz.exists(day, LocalTime::from_hm(1, 59)));
  EXPECT_FALSE(tz.exists(day, LocalTime::from_hm(2, 0)));
  EXPECT_FALSE(tz.exists(day, LocalTime::from_hm(2, 59)));
  EXPECT_TRUE(tz.exists(day, LocalTime::from_hm(3, 0)));
  EXPECT_TRUE(tz.exists(day.plus_days(1), LocalTime::from_hm(2, 30)));
  EXPECT_EQ(tz.wall_clock(day, LocalTime::from_hm(2, 30)), LocalTime::from_hm(3, 30));
  EXPECT_EQ(tz.wall_clock(day, LocalTime::from_hm(10, 0)), LocalTime::from_hm(10, 0));
  // A time that happens twice (fall-back) exists.
  EXPECT_TRUE(tz.exists(LocalDate::from_ymd(2026, 10, 25), LocalTime::from_hm(2, 30)));
  // The local day is 23 hours long.
  EXPECT_EQ(tz.start_of_day(day.plus_days(1)) - tz.start_of_day(day), std::chrono::hours{23});
}

TEST(TimeZone, MadridFallBackAmbiguousTakesFirstOccurrence) {
  auto tz = TimeZone::find("Europe/Madrid").value();
  auto day = LocalDate::from_ymd(2026, 10, 25);
  // 03:00 CEST -> 02:00 CET at 01:00 UTC; 02:30 happens twice, first at 00:30 UTC.
  Instant first = tz.to_utc(day, LocalTime::from_hm(2, 30));
  EXPECT_EQ(first, utc("2026-10-25T00:30:00Z"));
  EXPECT_EQ(tz.format_local(first), "2026-10-25T02:30:00+02:00");
  EXPECT_EQ(tz.format_local(utc("2026-10-25T01:30:00Z")), "2026-10-25T02:30:00+01:00");
  EXPECT_EQ(tz.to_utc(day, LocalTime::from_hm(10, 0)), utc("2026-10-25T09:00:00Z"));
  EXPECT_EQ(tz.start_of_day(day.plus_days(1)) - tz.start_of_day(day), std::chrono::hours{25});
  auto local = tz.to_local(utc("2026-10-25T01:30:00Z"));
  EXPECT_EQ(local.date, day);
  EXPECT_EQ(local.time, LocalTime::from_hm(2, 30));
}

TEST(TimeZone, MexicoCityHasNoDstAnyMore) {
  auto tz = TimeZone::find("America/Mexico_City").value();
  // Mexico abolished DST in 2022: -06:00 all year.
  EXPECT_EQ(tz.to_utc(LocalDate::from_ymd(2026, 1, 15), LocalTime::from_hm(10, 0)),
            utc("2026-01-15T16:00:00Z"));
  EXPECT_EQ(tz.to_utc(LocalDate::from_ymd(2026, 7, 15), LocalTime::from_hm(10, 0)),
            utc("2026-07-15T16:00:00Z"));
  EXPECT_EQ(tz.format_local(utc("2026-04-05T16:00:00Z")), "2026-04-05T10:00:00-06:00");
  auto day = LocalDate::from_ymd(2026, 4, 5);
  EXPECT_EQ(tz.start_of_day(day.plus_days(1)) - tz.start_of_day(day), std::chrono::hours{24});
}

// Every departure of a local date, in the zones furthest ahead of and behind UTC and across DST
// changes, starts inside utc_window of that date (the bookings lists rely on it to narrow their
// index range), and the window of a single date is three UTC days wide at most.
TEST(UtcWindow, HoldsEveryInstantOfTheLocalDatesInEveryZone) {
  for (const char* zone : {"Pacific/Kiritimati", "Pacific/Pago_Pago", "Etc/GMT+12",
                           "Australia/Lord_Howe", "Europe/Madrid", "America/Mexico_City"}) {
    auto tz = TimeZone::find(zone);
    ASSERT_TRUE(tz.ok()) << zone;
    const LocalDate first = LocalDate::from_ymd(2026, 1, 1);
    for (LocalDate d = first; d < first.plus_days(365); d = d.plus_days(1)) {
      const UtcWindow w = utc_window(d, d);
      for (int minutes : {0, 30, 12 * 60, 23 * 60 + 59}) {
        const Instant start = tz->to_utc(d, LocalTime{minutes});
        ASSERT_LE(w.first, start) << zone << " " << d.to_string() << " " << minutes;
        ASSERT_LT(start, w.last) << zone << " " << d.to_string() << " " << minutes;
      }
      EXPECT_EQ(w.last - w.first, std::chrono::hours{72});
    }
  }
  const UtcWindow range =
      utc_window(LocalDate::from_ymd(2026, 3, 1), LocalDate::from_ymd(2026, 3, 31));
  EXPECT_EQ(range.first, utc("2026-02-28T00:00:00Z"));
  EXPECT_EQ(range.last, utc("2026-04-02T00:00:00Z"));
}

TEST(LocalDateTime, ParsesOctoForms) {
  auto a = parse_local_date_time("2026-03-29T10:00:00+02:00");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->date, LocalDate::from_ymd(2026, 3, 29));
  EXPECT_EQ(a->time, LocalTime::from_hm(10, 0));
  EXPECT_TRUE(parse_local_date_time("2026-03-29T10:00").ok());
  EXPECT_TRUE(parse_local_date_time("2026-03-29T10:00:00Z").ok());
  EXPECT_TRUE(parse_local_date_time("2026-03-29T10:00:00-06:00").ok());
  for (const char* bad : {"2026-03-29", "2026-03-29 10:00", "2026-03-29T25:00:00+02:00",
                          "2026-03-29T10:00:00+2", "garbage", "2026-03-29T10:00:00+02:00x"}) {
    EXPECT_FALSE(parse_local_date_time(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace paseo::domain
