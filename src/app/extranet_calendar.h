// The supplier's calendar: every departure of a product over a date range with booked/capacity and
// status, and the edits the extranet makes to a product's Schedule (close/open dates or single
// departures, quotas per day and per departure, one-off departures).
//
// Edits are pure functions over domain::Schedule; the extranet saves the result with the engine's
// CatalogueService::save_schedule, so every channel (OCTO included) sees the change at once and the
// engine re-checks capacity against seats already sold.
//
// Departure ids are the engine's availability ids ("2026-03-29T10:00:00+02:00",
// domain::availability_id): the same string OCTO resellers see, so support can match a reseller's
// complaint to a calendar cell.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "domain/availability.h"
#include "domain/catalogue.h"
#include "domain/local_time.h"

namespace paseo::app {

struct CalendarDeparture {
  std::string id;  // availability id
  domain::LocalTime start;
  Instant utc_start;
  std::optional<int> capacity;  // nullopt: free sale
  int booked = 0;
  domain::AvailabilityStatus status = domain::AvailabilityStatus::kClosed;
  bool closed = false;
  bool one_off = false;
  std::optional<int> capacity_override;  // a per-departure or per-day quota applies
};

struct CalendarDayView {
  domain::LocalDate date;
  domain::AvailabilityStatus status = domain::AvailabilityStatus::kClosed;
  bool closed = true;           // no open departure that day
  std::optional<int> capacity;  // sum over open departures; nullopt if any is free sale
  int booked = 0;               // sum over every departure
  std::vector<CalendarDeparture> departures;
};

// Seats taken per (date, start) as stored by the engine (departures.booked).
using BookedSeats = std::map<std::pair<std::int32_t, int>, int>;  // (date.days, start.minutes)

// Builds the calendar for [from, to] (every day present). Statuses ignore the sales cut-off: the
// supplier sees past and near departures with their real booked/capacity; CLOSED means closed by
// the supplier (or no departure).
std::vector<CalendarDayView> build_calendar(const domain::Product& product,
                                            const domain::TimeZone& tz,
                                            const domain::Schedule& schedule,
                                            const BookedSeats& booked, domain::LocalDate from,
                                            domain::LocalDate to);

// What an edit applies to: dates [from, to], optionally only the departure at `start`.
struct CalendarTarget {
  domain::LocalDate from;
  domain::LocalDate to;
  std::optional<domain::LocalTime> start;
};

// Closes the target (idempotent: an existing equal or wider closure is kept as is).
void close_in_schedule(domain::Schedule& s, const CalendarTarget& t, const std::string& reason);

// Reopens the target: closures are cut around it (split when it lies inside one). Reopening a
// single departure inside a whole-day closure replaces that day's closure with closures of the
// day's other departures.
void open_in_schedule(domain::Schedule& s, domain::AvailabilityType type, const CalendarTarget& t);

// Sets (capacity) or removes (nullopt) the quota of every date in the target: per day when
// t.start is nullopt, else per departure.
void set_quota_in_schedule(domain::Schedule& s, const CalendarTarget& t,
                           std::optional<int> capacity);

// Adds a one-off departure (or changes the capacity of an existing one-off at that date/time).
void add_one_off_in_schedule(domain::Schedule& s, domain::LocalDate date, domain::LocalTime start,
                             int capacity);

}  // namespace paseo::app
