// Availability rules: what departures (START_TIME) or admission days (OPENING_HOURS) a product
// has, how many seats each has, and their status for a reseller at a given moment.
//
// The Schedule is the supplier's intent (weekly rules, one-off departures, closures, capacity
// overrides, opening hours). expand_schedule() turns it into Slots for a date range; it is pure and
// cheap (no rows per departure need to exist to answer availability). Storage materialises a
// departure row (with `booked` and `capacity` counters) only when the first seat is taken, inside
// the booking transaction, and enforces capacity there (app/internal/booking_store).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/catalogue.h"
#include "domain/local_time.h"

namespace paseo::domain {

// Weekday bitmask: bit (iso_weekday - 1), so Monday = 1, Sunday = 64; kEveryDay = 127.
inline constexpr std::uint8_t kEveryDay = 0x7f;
inline bool on_weekday(std::uint8_t mask, LocalDate d) {
  return (mask >> (d.iso_weekday() - 1)) & 1;
}

// START_TIME: departures at each start time on the rule's weekdays within [from, to].
struct WeeklyRule {
  std::uint8_t weekdays = kEveryDay;
  std::vector<LocalTime> start_times;
  LocalDate from;
  std::optional<LocalDate> to;  // nullopt = open-ended
  int capacity = 0;             // seats per departure
  friend bool operator==(const WeeklyRule&, const WeeklyRule&) = default;
};

// START_TIME: one extra departure (or, if a rule already has it, that departure's capacity).
struct OneOffDeparture {
  LocalDate date;
  LocalTime start;
  int capacity = 0;
  friend bool operator==(const OneOffDeparture&, const OneOffDeparture&) = default;
};

// OPENING_HOURS: open [open, close) on the weekdays within [from, to]; several entries on one day
// give several intervals (09:00-14:00 and 16:00-20:00). The day's quota is daily_capacity, or free
// sale (no limit) when nullopt. When entries of one day disagree, the smallest quota wins.
struct OpeningHours {
  std::uint8_t weekdays = kEveryDay;
  LocalTime open;
  LocalTime close;
  LocalDate from;
  std::optional<LocalDate> to;
  std::optional<int> daily_capacity;
  friend bool operator==(const OpeningHours&, const OpeningHours&) = default;
};

// Closes dates [from, to] entirely, or only the departure at `start` on each of those dates.
struct Closure {
  LocalDate from;
  LocalDate to;
  std::optional<LocalTime> start;
  std::string reason;
  friend bool operator==(const Closure&, const Closure&) = default;
};

// Replaces the capacity of the departure at `start` on `date`, of every departure that day when
// `start` is nullopt (START_TIME), or the day's quota (OPENING_HOURS). A per-departure override
// beats a per-day one.
struct CapacityOverride {
  LocalDate date;
  std::optional<LocalTime> start;
  int capacity = 0;
  friend bool operator==(const CapacityOverride&, const CapacityOverride&) = default;
};

struct Schedule {
  std::vector<WeeklyRule> rules;
  std::vector<OneOffDeparture> one_offs;
  std::vector<OpeningHours> opening_hours;
  std::vector<Closure> closures;
  std::vector<CapacityOverride> overrides;
  friend bool operator==(const Schedule&, const Schedule&) = default;
};

// kInvalidArgument (with field path) for capacities < 0, to < from, close <= open, empty weekdays,
// rules of the wrong kind for `type` (weekly rules on an OPENING_HOURS product, ...).
Status validate_schedule(const Schedule& s, AvailabilityType type);

struct OpeningInterval {
  LocalTime from;
  LocalTime to;
  friend bool operator==(const OpeningInterval&, const OpeningInterval&) = default;
};

// One departure or admission day, as the schedule defines it (no bookings applied).
struct Slot {
  LocalDate date;
  LocalTime start;                             // 00:00 for OPENING_HOURS days
  std::optional<int> capacity;                 // nullopt = free sale
  bool closed = false;                         // a closure applies
  std::vector<OpeningInterval> opening_hours;  // OPENING_HOURS only, sorted
  friend bool operator==(const Slot&, const Slot&) = default;
};

// Every slot with date in [from, to], sorted by (date, start). Days without any departure (or not
// open) yield nothing. Closed departures are included with closed = true, so callers can report
// CLOSED rather than silence. Cost is O(days × (rules + exceptions)).
std::vector<Slot> expand_schedule(const Schedule& s, AvailabilityType type, LocalDate from,
                                  LocalDate to);

// The one slot at (date, start), or nullopt when the schedule has none (for OPENING_HOURS, start
// must be 00:00).
std::optional<Slot> find_slot(const Schedule& s, AvailabilityType type, LocalDate date,
                              LocalTime start);

enum class AvailabilityStatus { kAvailable, kLimited, kSoldOut, kClosed, kFreesale };
std::string_view to_string(AvailabilityStatus s);  // "AVAILABLE", ...

// Status of a slot given seats already taken:
//  CLOSED   when closed (closure, past cut-off, beyond horizon);
//  FREESALE when capacity is unlimited;
//  SOLD_OUT when nothing is left (vacancies <= 0, also when capacity is 0);
//  LIMITED  when less than half is left (2 * vacancies < capacity);
//  AVAILABLE otherwise.
// Inline, like vacancies(): both run for every slot of a calendar, and an out-of-line call that
// returns std::optional<int> costs a store-forwarding stall per call (measured: 8% of a 90-day
// calendar).
inline AvailabilityStatus slot_status(std::optional<int> capacity, int booked, bool closed) {
  if (closed) return AvailabilityStatus::kClosed;
  if (!capacity) return AvailabilityStatus::kFreesale;
  const int left = *capacity - booked;
  if (left <= 0) return AvailabilityStatus::kSoldOut;
  if (2 * left < *capacity) return AvailabilityStatus::kLimited;
  return AvailabilityStatus::kAvailable;
}

// Vacancies left (never negative), nullopt for free sale.
inline std::optional<int> vacancies(std::optional<int> capacity, int booked) {
  if (!capacity) return std::nullopt;
  return *capacity > booked ? *capacity - booked : 0;
}

// Sales window of a slot for a product: cutoff_at is the last instant a booking may be made.
struct SalesWindow {
  Instant utc_start;  // departure start (START_TIME) or local day start (OPENING_HOURS)
  Instant utc_end;    // start + duration, or next local midnight (OPENING_HOURS)
  Instant utc_cutoff_at;
  bool open = false;  // now <= cutoff_at, and date within the horizon
};
SalesWindow sales_window(const Product& p, const TimeZone& tz, const Slot& slot, Instant now);
// Same with today's local date (tz.local_date(now)) computed once by the caller, for loops over
// many slots.
SalesWindow sales_window(const Product& p, const TimeZone& tz, const Slot& slot, Instant now,
                         LocalDate today);

// True when `date` is not after today (in the product's zone) + horizon_days.
bool within_horizon(const Product& p, const TimeZone& tz, LocalDate date, Instant now);

// Availability id of a slot: its local start with offset, "2026-03-29T10:00:00+02:00" (OCTO
// style; OPENING_HOURS days use "T00:00:00"). Stable for a product as long as the zone rules are.
std::string availability_id(const TimeZone& tz, const Slot& slot);

// (date, start) encoded in an availability id; kInvalidArgument (field "availabilityId") if it is
// not one.
Result<LocalDateTime> parse_availability_id(std::string_view id);

}  // namespace paseo::domain
