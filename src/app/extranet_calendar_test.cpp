#include "app/extranet_calendar.h"

#include <gtest/gtest.h>

namespace paseo::app {
namespace {

using domain::LocalDate;
using domain::LocalTime;

LocalDate D(const char* s) { return *LocalDate::parse(s); }
LocalTime T(const char* s) { return *LocalTime::parse(s); }

domain::Product tour() {
  domain::Product p;
  p.id = "tour";
  p.time_zone = "Europe/Madrid";
  p.availability_type = domain::AvailabilityType::kStartTime;
  return p;
}

domain::Schedule three_a_day() {
  domain::Schedule s;
  s.rules.push_back(domain::WeeklyRule{
      domain::kEveryDay, {T("10:00"), T("12:00"), T("17:00")}, D("2026-01-01"), std::nullopt, 20});
  return s;
}

std::vector<CalendarDayView> calendar(const domain::Schedule& s, const BookedSeats& booked,
                                      const char* from, const char* to) {
  auto tz = domain::TimeZone::find("Europe/Madrid");
  return build_calendar(tour(), *tz, s, booked, D(from), D(to));
}

TEST(ExtranetCalendar, EveryDayWithBookedCapacityAndStatus) {
  BookedSeats booked;
  booked[{D("2026-03-29").days, T("10:00").minutes}] = 12;
  booked[{D("2026-03-29").days, T("12:00").minutes}] = 20;
  auto days = calendar(three_a_day(), booked, "2026-03-28", "2026-03-30");
  ASSERT_EQ(days.size(), 3u);
  const auto& d = days[1];
  EXPECT_EQ(d.date, D("2026-03-29"));
  ASSERT_EQ(d.departures.size(), 3u);
  EXPECT_EQ(d.departures[0].booked, 12);
  EXPECT_EQ(d.departures[0].status, domain::AvailabilityStatus::kLimited);
  EXPECT_EQ(d.departures[1].status, domain::AvailabilityStatus::kSoldOut);
  EXPECT_EQ(d.departures[2].status, domain::AvailabilityStatus::kAvailable);
  EXPECT_EQ(d.booked, 32);
  EXPECT_EQ(d.capacity, 60);
  EXPECT_EQ(d.status, domain::AvailabilityStatus::kLimited);  // 28 of 60 left
  // Spring forward in Madrid: 10:00 is CEST (+02:00) that day.
  EXPECT_EQ(d.departures[0].id, "2026-03-29T10:00:00+02:00");
  EXPECT_EQ(format_utc(d.departures[0].utc_start), "2026-03-29T08:00:00Z");
  EXPECT_EQ(format_utc(days[0].departures[0].utc_start), "2026-03-28T09:00:00Z");
}

TEST(ExtranetCalendar, CloseAndReopenARange) {
  auto s = three_a_day();
  close_in_schedule(s, {D("2026-05-01"), D("2026-05-10"), std::nullopt}, "holiday");
  close_in_schedule(s, {D("2026-05-02"), D("2026-05-03"), std::nullopt}, "again");  // inside
  ASSERT_EQ(s.closures.size(), 1u);
  auto days = calendar(s, {}, "2026-04-30", "2026-05-11");
  EXPECT_FALSE(days[0].closed);
  EXPECT_TRUE(days[1].closed);
  EXPECT_EQ(days[1].status, domain::AvailabilityStatus::kClosed);
  EXPECT_TRUE(days[10].closed);
  EXPECT_FALSE(days[11].closed);

  open_in_schedule(s, domain::AvailabilityType::kStartTime,
                   {D("2026-05-04"), D("2026-05-05"), std::nullopt});
  ASSERT_EQ(s.closures.size(), 2u);  // split around the reopened dates
  days = calendar(s, {}, "2026-05-01", "2026-05-10");
  EXPECT_TRUE(days[2].closed);   // 05-03
  EXPECT_FALSE(days[3].closed);  // 05-04
  EXPECT_FALSE(days[4].closed);  // 05-05
  EXPECT_TRUE(days[5].closed);   // 05-06
}

TEST(ExtranetCalendar, CloseOneDepartureThenReopenOneInsideAClosedDay) {
  auto s = three_a_day();
  close_in_schedule(s, {D("2026-06-01"), D("2026-06-01"), T("12:00")}, "");
  auto days = calendar(s, {}, "2026-06-01", "2026-06-01");
  EXPECT_FALSE(days[0].departures[0].closed);
  EXPECT_TRUE(days[0].departures[1].closed);
  EXPECT_FALSE(days[0].closed);
  EXPECT_EQ(days[0].capacity, 40);

  close_in_schedule(s, {D("2026-06-02"), D("2026-06-02"), std::nullopt}, "");
  open_in_schedule(s, domain::AvailabilityType::kStartTime,
                   {D("2026-06-02"), D("2026-06-02"), T("17:00")});
  days = calendar(s, {}, "2026-06-02", "2026-06-02");
  EXPECT_TRUE(days[0].departures[0].closed);
  EXPECT_TRUE(days[0].departures[1].closed);
  EXPECT_FALSE(days[0].departures[2].closed);
}

TEST(ExtranetCalendar, QuotasPerDayAndPerDepartureAndOneOffs) {
  auto s = three_a_day();
  set_quota_in_schedule(s, {D("2026-07-01"), D("2026-07-02"), std::nullopt}, 5);
  set_quota_in_schedule(s, {D("2026-07-01"), D("2026-07-01"), T("10:00")}, 8);
  add_one_off_in_schedule(s, D("2026-07-01"), T("20:00"), 12);
  auto days = calendar(s, {}, "2026-07-01", "2026-07-02");
  ASSERT_EQ(days[0].departures.size(), 4u);
  EXPECT_EQ(days[0].departures[0].capacity, 8);
  EXPECT_EQ(days[0].departures[0].capacity_override, 8);
  EXPECT_EQ(days[0].departures[1].capacity, 5);
  EXPECT_TRUE(days[0].departures[3].one_off);
  EXPECT_EQ(days[0].departures[3].capacity, 5);  // the day's quota covers one-offs too
  add_one_off_in_schedule(s, D("2026-07-03"), T("20:00"), 12);
  auto third = calendar(s, {}, "2026-07-03", "2026-07-03");
  ASSERT_EQ(third[0].departures.size(), 4u);
  EXPECT_EQ(third[0].departures[3].capacity, 12);
  EXPECT_EQ(days[1].departures[2].capacity, 5);
  set_quota_in_schedule(s, {D("2026-07-02"), D("2026-07-02"), std::nullopt}, std::nullopt);
  days = calendar(s, {}, "2026-07-02", "2026-07-02");
  EXPECT_EQ(days[0].departures[0].capacity, 20);
  EXPECT_FALSE(days[0].departures[0].capacity_override.has_value());
}

}  // namespace
}  // namespace paseo::app
