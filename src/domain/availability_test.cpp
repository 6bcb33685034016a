#include "domain/availability.h"

#include <gtest/gtest.h>

#include "domain/test_fixtures.h"

namespace paseo::domain {
namespace {

using testing::d;
using testing::daily_schedule;
using testing::sample_tour;
using testing::t;

Instant utc(const char* iso) { return parse_iso8601(iso).value(); }

TEST(SlotStatus, Thresholds) {
  EXPECT_EQ(slot_status(20, 0, false), AvailabilityStatus::kAvailable);
  EXPECT_EQ(slot_status(20, 10, false), AvailabilityStatus::kAvailable);  // exactly half left
  EXPECT_EQ(slot_status(20, 11, false), AvailabilityStatus::kLimited);    // under half
  EXPECT_EQ(slot_status(20, 19, false), AvailabilityStatus::kLimited);
  EXPECT_EQ(slot_status(20, 20, false), AvailabilityStatus::kSoldOut);
  EXPECT_EQ(slot_status(20, 25, false), AvailabilityStatus::kSoldOut);  // capacity lowered
  EXPECT_EQ(slot_status(0, 0, false), AvailabilityStatus::kSoldOut);
  EXPECT_EQ(slot_status(std::nullopt, 500, false), AvailabilityStatus::kFreesale);
  EXPECT_EQ(slot_status(20, 0, true), AvailabilityStatus::kClosed);
  EXPECT_EQ(slot_status(std::nullopt, 0, true), AvailabilityStatus::kClosed);
  EXPECT_EQ(vacancies(20, 25), 0);
  EXPECT_EQ(vacancies(std::nullopt, 3), std::nullopt);
  EXPECT_EQ(to_string(AvailabilityStatus::kSoldOut), "SOLD_OUT");
}

TEST(ExpandSchedule, WeeklyRuleDaysAndRange) {
  Schedule s;
  // Mondays and Wednesdays 09:00, in March 2026.
  s.rules.push_back(WeeklyRule{0b0000101, {t("09:00")}, d("2026-03-01"), d("2026-03-31"), 12});
  auto slots = expand_schedule(s, AvailabilityType::kStartTime, d("2026-02-23"), d("2026-03-11"));
  ASSERT_EQ(slots.size(), 4u);  // Mar 2, 4, 9, 11
  EXPECT_EQ(slots[0].date, d("2026-03-02"));
  EXPECT_EQ(slots[1].date, d("2026-03-04"));
  EXPECT_EQ(slots[3].date, d("2026-03-11"));
  EXPECT_EQ(slots[0].capacity, 12);
  EXPECT_FALSE(slots[0].closed);
}

TEST(ExpandSchedule, OneOffsClosuresAndOverrides) {
  Schedule s = daily_schedule(20);
  s.one_offs.push_back(OneOffDeparture{d("2026-05-02"), t("20:00"), 8});
  s.closures.push_back(Closure{d("2026-05-03"), d("2026-05-03"), std::nullopt, "holiday"});
  s.closures.push_back(Closure{d("2026-05-04"), d("2026-05-05"), t("12:00"), "guide off"});
  s.overrides.push_back(CapacityOverride{d("2026-05-06"), std::nullopt, 10});
  s.overrides.push_back(CapacityOverride{d("2026-05-06"), t("17:00"), 5});
  auto slots = expand_schedule(s, AvailabilityType::kStartTime, d("2026-05-02"), d("2026-05-06"));
  ASSERT_EQ(slots.size(), 16u);
  EXPECT_EQ(slots[3].start, t("20:00"));
  EXPECT_EQ(slots[3].capacity, 8);
  for (int i = 4; i < 7; ++i) EXPECT_TRUE(slots[i].closed) << i;  // May 3 all closed
  EXPECT_FALSE(slots[7].closed);                                  // May 4 10:00
  EXPECT_TRUE(slots[8].closed);                                   // May 4 12:00
  EXPECT_TRUE(slots[11].closed);                                  // May 5 12:00
  EXPECT_EQ(slots[13].capacity, 10);                              // May 6 10:00: day override
  EXPECT_EQ(slots[15].capacity, 5);                               // May 6 17:00: departure override
}

TEST(ExpandSchedule, OpeningHoursQuotaAndFreeSale) {
  Schedule s;
  // Tue-Sun 10:00-14:00 and 16:00-20:00, 300 a day; Mondays closed.
  s.opening_hours.push_back(
      OpeningHours{0b1111110, t("16:00"), t("20:00"), d("2026-01-01"), {}, 300});
  s.opening_hours.push_back(
      OpeningHours{0b1111110, t("10:00"), t("14:00"), d("2026-01-01"), {}, 300});
  auto slots =
      expand_schedule(s, AvailabilityType::kOpeningHours, d("2026-03-02"), d("2026-03-03"));
  ASSERT_EQ(slots.size(), 1u);  // Mar 2 is a Monday
  EXPECT_EQ(slots[0].date, d("2026-03-03"));
  ASSERT_EQ(slots[0].opening_hours.size(), 2u);
  EXPECT_EQ(slots[0].opening_hours[0].from, t("10:00"));
  EXPECT_EQ(slots[0].capacity, 300);
  Schedule free;
  free.opening_hours.push_back(
      OpeningHours{kEveryDay, t("09:00"), t("17:00"), d("2026-01-01"), {}, {}});
  auto f = expand_schedule(free, AvailabilityType::kOpeningHours, d("2026-03-03"), d("2026-03-03"));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].capacity, std::nullopt);
}

TEST(FindSlot, OnlyExistingDepartures) {
  auto s = daily_schedule();
  EXPECT_TRUE(find_slot(s, AvailabilityType::kStartTime, d("2026-05-02"), t("12:00")).has_value());
  EXPECT_FALSE(find_slot(s, AvailabilityType::kStartTime, d("2026-05-02"), t("11:00")).has_value());
  EXPECT_FALSE(find_slot(s, AvailabilityType::kStartTime, d("2025-12-31"), t("12:00")).has_value());
}

TEST(ValidateSchedule, RejectsNonsense) {
  Schedule s = daily_schedule();
  EXPECT_TRUE(validate_schedule(s, AvailabilityType::kStartTime).ok());
  EXPECT_FALSE(validate_schedule(s, AvailabilityType::kOpeningHours).ok());
  s.rules[0].capacity = -1;
  EXPECT_EQ(validate_schedule(s, AvailabilityType::kStartTime).error().field, "rules[0].capacity");
  Schedule h;
  h.opening_hours.push_back(
      OpeningHours{kEveryDay, t("17:00"), t("09:00"), d("2026-01-01"), {}, {}});
  EXPECT_EQ(validate_schedule(h, AvailabilityType::kOpeningHours).error().field,
            "openingHours[0].close");
}

TEST(SalesWindow, CutoffAndHorizon) {
  auto p = sample_tour();  // cut-off 60 min, horizon 365 days
  auto tz = TimeZone::find(p.time_zone).value();
  Slot slot{d("2026-07-15"), t("10:00"), 20, false, {}};
  auto w = sales_window(p, tz, slot, utc("2026-07-15T06:59:00Z"));
  EXPECT_EQ(w.utc_start, utc("2026-07-15T08:00:00Z"));
  EXPECT_EQ(w.utc_end, utc("2026-07-15T10:00:00Z"));
  EXPECT_EQ(w.utc_cutoff_at, utc("2026-07-15T07:00:00Z"));
  EXPECT_TRUE(w.open);
  EXPECT_TRUE(sales_window(p, tz, slot, utc("2026-07-15T07:00:00Z")).open);
  EXPECT_FALSE(sales_window(p, tz, slot, utc("2026-07-15T07:00:01Z")).open);
  // Horizon: 365 days ahead is fine, 366 is not.
  EXPECT_TRUE(within_horizon(p, tz, d("2027-07-15"), utc("2026-07-15T12:00:00Z")));
  EXPECT_FALSE(within_horizon(p, tz, d("2027-07-16"), utc("2026-07-15T12:00:00Z")));
  EXPECT_FALSE(sales_window(p, tz, Slot{d("2027-07-16"), t("10:00"), 20, false, {}},
                            utc("2026-07-15T12:00:00Z"))
                   .open);
}

TEST(SalesWindow, OpeningHoursCutoffIsBeforeClosing) {
  auto p = sample_tour();
  p.availability_type = AvailabilityType::kOpeningHours;
  p.booking_cutoff_minutes = 30;
  auto tz = TimeZone::find(p.time_zone).value();
  Slot slot{d("2026-10-25"), t("00:00"), 100, false, {{t("09:00"), t("18:00")}}};
  auto w = sales_window(p, tz, slot, utc("2026-10-25T12:00:00Z"));
  EXPECT_EQ(w.utc_start, utc("2026-10-24T22:00:00Z"));      // 00:00 CEST
  EXPECT_EQ(w.utc_end, utc("2026-10-25T23:00:00Z"));        // next 00:00 CET: a 25 h day
  EXPECT_EQ(w.utc_cutoff_at, utc("2026-10-25T16:30:00Z"));  // 17:30 CET
  EXPECT_TRUE(w.open);
}

TEST(DstDepartures, MadridSpringForwardDay) {
  auto p = sample_tour();
  auto tz = TimeZone::find(p.time_zone).value();
  Schedule s;
  s.rules.push_back(
      WeeklyRule{kEveryDay, {t("01:30"), t("02:30"), t("10:00")}, d("2026-03-01"), {}, 10});
  auto slots = expand_schedule(s, AvailabilityType::kStartTime, d("2026-03-29"), d("2026-03-29"));
  ASSERT_EQ(slots.size(), 3u);
  auto now = utc("2026-03-01T00:00:00Z");
  EXPECT_EQ(sales_window(p, tz, slots[0], now).utc_start, utc("2026-03-29T00:30:00Z"));  // CET
  EXPECT_EQ(sales_window(p, tz, slots[1], now).utc_start, utc("2026-03-29T01:30:00Z"));  // gap
  EXPECT_EQ(sales_window(p, tz, slots[2], now).utc_start, utc("2026-03-29T08:00:00Z"));  // CEST
  EXPECT_EQ(availability_id(tz, slots[2]), "2026-03-29T10:00:00+02:00");
  EXPECT_EQ(availability_id(tz, slots[0]), "2026-03-29T01:30:00+01:00");
  // The id of the departure in the gap still names its wall-clock slot and parses back to it.
  std::string gap_id = availability_id(tz, slots[1]);
  EXPECT_EQ(gap_id, "2026-03-29T02:30:00+02:00");
  auto parsed = parse_availability_id(gap_id).value();
  EXPECT_EQ(parsed.date, slots[1].date);
  EXPECT_EQ(parsed.time, slots[1].start);
  // The day before and after keep their local 10:00.
  Slot before{d("2026-03-28"), t("10:00"), 10, false, {}};
  EXPECT_EQ(availability_id(tz, before), "2026-03-28T10:00:00+01:00");
}

TEST(DstDepartures, MadridFallBackDay) {
  auto p = sample_tour();
  auto tz = TimeZone::find(p.time_zone).value();
  auto now = utc("2026-10-01T00:00:00Z");
  Slot ambiguous{d("2026-10-25"), t("02:30"), 10, false, {}};
  Slot morning{d("2026-10-25"), t("10:00"), 10, false, {}};
  EXPECT_EQ(sales_window(p, tz, ambiguous, now).utc_start, utc("2026-10-25T00:30:00Z"));
  EXPECT_EQ(sales_window(p, tz, morning, now).utc_start, utc("2026-10-25T09:00:00Z"));
  EXPECT_EQ(availability_id(tz, morning), "2026-10-25T10:00:00+01:00");
  EXPECT_EQ(availability_id(tz, ambiguous), "2026-10-25T02:30:00+02:00");
  // 120-minute tour from 02:30 (first) ends 03:30 CET, two hours of real time later.
  auto w = sales_window(p, tz, ambiguous, now);
  EXPECT_EQ(tz.format_local(w.utc_end), "2026-10-25T03:30:00+01:00");
}

TEST(DstDepartures, MexicoCityConstantOffset) {
  auto p = sample_tour("mx", "sup", "America/Mexico_City");
  auto tz = TimeZone::find(p.time_zone).value();
  auto now = utc("2026-01-01T00:00:00Z");
  for (const char* day : {"2026-03-29", "2026-04-05", "2026-10-25", "2026-11-01"}) {
    Slot s{d(day), t("10:00"), 10, false, {}};
    EXPECT_EQ(availability_id(tz, s), std::string(day) + "T10:00:00-06:00");
    EXPECT_EQ(tz.format_local(sales_window(p, tz, s, now).utc_start),
              std::string(day) + "T10:00:00-06:00");
  }
}

TEST(AvailabilityId, RejectsGarbage) {
  auto r = parse_availability_id("tomorrow");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "availabilityId");
}

}  // namespace
}  // namespace paseo::domain
