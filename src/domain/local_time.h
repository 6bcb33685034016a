// Local calendar dates, wall-clock times and IANA zones: the only place that knows about DST.
//
// A product lives in one IANA zone (Europe/Madrid). Departures are defined in local wall-clock
// time ("10:00 every day") and stored/compared as UTC instants (common/clock.h). Conversions go
// through date-tz with the system tzdata (USE_OS_TZDB), so zone rules follow the OS package.
//
// DST policy (why: a supplier means "10:00 on the clock", never "UTC+1 10:00"):
//  - A local time that does not exist (spring-forward gap, e.g. 02:30 on 2026-03-29 in Madrid) is
//    moved forward by the length of the gap (02:30 -> 03:30 CEST), like most calendar apps.
//  - A local time that happens twice (fall-back, 02:30 on 2026-10-25 in Madrid) means the FIRST
//    occurrence (CEST, +02:00).
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"

namespace date {
class time_zone;
}

namespace paseo::domain {

// A calendar date without zone, stored as days since 1970-01-01. Text form "YYYY-MM-DD".
struct LocalDate {
  std::int32_t days = 0;

  // Parses exactly "YYYY-MM-DD" (a real date, years 1970..9999); kInvalidArgument otherwise.
  static Result<LocalDate> parse(std::string_view text);
  static LocalDate from_ymd(int year, unsigned month, unsigned day);
  std::string to_string() const;
  // ISO weekday: 1 = Monday ... 7 = Sunday.
  int iso_weekday() const;
  LocalDate plus_days(int n) const { return LocalDate{days + n}; }

  friend auto operator<=>(const LocalDate&, const LocalDate&) = default;
};

// A wall-clock time of day in minutes since midnight, 0..1439. Text form "HH:MM".
struct LocalTime {
  int minutes = 0;

  // Parses exactly "HH:MM" (00:00..23:59); kInvalidArgument otherwise.
  static Result<LocalTime> parse(std::string_view text);
  static LocalTime from_hm(int h, int m) { return LocalTime{h * 60 + m}; }
  std::string to_string() const;

  friend auto operator<=>(const LocalTime&, const LocalTime&) = default;
};

// A local date and wall-clock time (no zone).
struct LocalDateTime {
  LocalDate date;
  LocalTime time;
  int seconds = 0;
  friend auto operator<=>(const LocalDateTime&, const LocalDateTime&) = default;
};

// A named IANA zone. Cheap to copy (a pointer into the process-wide tz database).
class TimeZone {
 public:
  // kInvalidArgument (field "timeZone") for a name the tz database does not know.
  static Result<TimeZone> find(std::string_view name);

  const std::string& name() const { return name_; }

  // UTC instant of a local wall-clock time, with the DST policy above.
  Instant to_utc(LocalDate date, LocalTime time) const;
  // Start of the local day (00:00, or the first existing minute of the day).
  Instant start_of_day(LocalDate date) const { return to_utc(date, LocalTime{0}); }

  // False for a wall-clock time the clocks skip that day (02:30 on 2026-03-29 in Madrid).
  bool exists(LocalDate date, LocalTime time) const;
  // What the clocks show when (date, time) comes: `time` itself, or, in a spring-forward gap, the
  // time it moves to under the policy above (02:30 -> 03:30). For showing a departure to people.
  LocalTime wall_clock(LocalDate date, LocalTime time) const {
    return exists(date, time) ? time : to_local(to_utc(date, time)).time;
  }

  LocalDateTime to_local(Instant t) const;
  LocalDate local_date(Instant t) const { return to_local(t).date; }
  // UTC offset in effect at `t`, in minutes (Madrid summer: 120).
  int offset_minutes(Instant t) const;

  // "2026-03-29T10:00:00+02:00": the OCTO local date-time format.
  std::string format_local(Instant t) const;

 private:
  TimeZone(const date::time_zone* tz, std::string name) : tz_(tz), name_(std::move(name)) {}
  const date::time_zone* tz_ = nullptr;
  std::string name_;
};

// UTC instants [first, last) that include every instant whose local date lies in [from, to], in
// any zone: a day on either side covers every UTC offset (-12:00 to +14:00) and DST shift. For
// narrowing an index range on a UTC column (bookings.utc_start) when rows are asked for by their
// local date; the exact local-date condition stays beside it.
struct UtcWindow {
  Instant first;
  Instant last;
};
UtcWindow utc_window(LocalDate from, LocalDate to);

// Parses the local part of an OCTO local date-time "YYYY-MM-DDTHH:MM[:SS][±HH:MM|Z]" into date and
// time (seconds ignored, offset checked for syntax only); kInvalidArgument otherwise.
Result<LocalDateTime> parse_local_date_time(std::string_view text);

}  // namespace paseo::domain
