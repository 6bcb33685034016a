// Availability use cases: OCTO POST /availability and POST /availability/calendar.
//
// Inputs are the raw OCTO request fields (strings), so validation and field names live in one
// place. Errors (field in parentheses; the OCTO layer maps them):
//   kNotFound "productId" -> INVALID_PRODUCT_ID     kNotFound "optionId" -> INVALID_OPTION_ID
//   kNotFound "unitId"    -> INVALID_UNIT_ID        kNotFound "availabilityId" ->
//   INVALID_AVAILABILITY_ID kInvalidArgument (localDate, localDateStart, localDateEnd,
//   availabilityIds, units, currency)
//                         -> BAD_REQUEST
//
// Cost per call: two indexed queries (scope+revision of the product; departures of the product in
// the date range on (product_id, local_date)), the rest is computed from the cached schedule, so it
// stays flat with the number of products and departures. A repeated calendar also skips the
// computation (see calendar()).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/caller.h"
#include "app/catalogue_service.h"
#include "common/clock.h"
#include "common/result.h"
#include "domain/availability.h"
#include "domain/pricing.h"
#include "storage/db.h"

namespace paseo::app {

struct UnitQuantity {
  std::string unit_id;
  int quantity = 0;  // >= 1; 0 or negative is kInvalidArgument "units"
};

// An extra to price with the units (octo/extras): a product's extra id, 1..its maxQuantity.
struct ExtraQuantity {
  std::string extra_id;
  int quantity = 0;
};

// Exactly one selector: local_date, or local_date_start + local_date_end (inclusive, at most 366
// days), or availability_ids. Otherwise kInvalidArgument (field "localDate").
struct AvailabilityRequest {
  std::string product_id;
  std::string option_id;
  std::string local_date;
  std::string local_date_start;
  std::string local_date_end;
  std::vector<std::string> availability_ids;
  std::vector<UnitQuantity> units;  // optional: pricing for these, and `available` checks them
  std::string currency;             // optional; must be the product currency
  // Optional: added to `pricing`. An unknown id is kNotFound "extraId", a quantity outside
  // 1..maxQuantity kInvalidArgument "extras".
  std::vector<ExtraQuantity> extras = {};
};

struct PickupTime {
  std::string pickup_point_id;
  std::string local_date_time;  // "2026-03-29T09:30:00+02:00"
};

// One OCTO Availability.
struct Availability {
  std::string id;                     // availability id (domain::availability_id)
  std::string local_date;             // "2026-03-29"
  std::string local_date_time_start;  // "2026-03-29T10:00:00+02:00"
  std::string local_date_time_end;
  bool all_day = false;
  domain::AvailabilityStatus status = domain::AvailabilityStatus::kClosed;
  bool available = false;        // status is AVAILABLE/LIMITED/FREESALE and the requested
                                 // seats (sum of units × pax_count) fit
  std::optional<int> vacancies;  // nullopt for FREESALE
  std::optional<int> capacity;   // nullopt for FREESALE
  std::optional<int> max_units;  // option max_units, else vacancies
  Instant utc_cutoff_at;
  std::vector<domain::OpeningInterval> opening_hours;  // OPENING_HOURS only
  std::vector<domain::UnitPrice> unit_pricing;         // every unit's price on that date
  // Total for the requested units (+ per-booking price). Unset when no units were asked for on a
  // per-unit option: there is no total then, and 0 would read as "free".
  std::optional<domain::PriceBreakdown> pricing;
  std::vector<PickupTime> pickups;  // when the option offers pickup
  std::string currency;
};

// One OCTO AvailabilityCalendar day, over its open slots.
struct CalendarDay {
  std::string local_date;
  domain::AvailabilityStatus status = domain::AvailabilityStatus::kClosed;  // from the day's sums
  bool available = false;
  std::optional<int> vacancies;  // the most one slot has left (OCTO: "highest remaining")
  std::optional<int> capacity;   // the sum of the slots' capacities
  std::vector<domain::OpeningInterval> opening_hours;
  // Unit prices on that date (never null), one vector shared by consecutive days with the same
  // prices: most calendars have one set for the whole range, computed and rendered once.
  std::shared_ptr<const std::vector<domain::UnitPrice>> unit_pricing_from;
  std::optional<domain::PriceBreakdown> pricing_from;  // total for requested units (as above)
  std::string currency;
};

// Calendar: local_date_start + local_date_end required (at most 366 days); every day in the range
// is returned, CLOSED when it has no slot.
struct CalendarRequest {
  std::string product_id;
  std::string option_id;
  std::string local_date_start;
  std::string local_date_end;
  std::vector<UnitQuantity> units;
  std::string currency;
};

// A computed calendar, shared (immutable) by every identical request while it stays true; see
// AvailabilityService::calendar.
class CalendarAnswer {
 public:
  explicit CalendarAnswer(std::vector<CalendarDay> computed) : days(std::move(computed)) {}
  const std::vector<CalendarDay> days;

  // The presentation layer's serialisation of `days` in one of kRenderings variants (e.g. with
  // or without prices), made once by `render` and then shared: a repeated calendar costs neither
  // the computation nor the JSON. `render` runs outside any lock; when two requests race, both
  // render and the first stored wins (the results are equal).
  static constexpr int kRenderings = 4;
  std::shared_ptr<const std::string> rendered(
      int variant, const std::function<std::string(const std::vector<CalendarDay>&)>& render) const;

 private:
  mutable std::mutex mu_;
  mutable std::shared_ptr<const std::string> renderings_[kRenderings];
};
using CalendarAnswerPtr = std::shared_ptr<const CalendarAnswer>;

class AvailabilityService {
 public:
  AvailabilityService(storage::Database& db, const Clock& clock, CatalogueService& catalogue);
  ~AvailabilityService();
  AvailabilityService(const AvailabilityService&) = delete;
  AvailabilityService& operator=(const AvailabilityService&) = delete;

  // Slots in the range (or the ids asked for; an id that is no slot of the product is kNotFound
  // "availabilityId"), sorted by start. Past or beyond-horizon slots come back CLOSED.
  Result<std::vector<Availability>> check(const Caller& caller, const AvailabilityRequest& req);

  // The calendar is memoised in process: the scope check, the product revision and the
  // departure counters of the range are read on every call (two indexed queries, as for check),
  // and when they, the request, the product's local date and the clock relative to the nearest
  // open cut-off are as when an answer was computed, that answer is returned as is. So a booking,
  // a closure or a capacity change made by any process shows at once, and no invalidation is
  // needed; the memo holds at most kCalendarMemoEntries answers (about 64 KB each).
  static constexpr std::size_t kCalendarMemoEntries = 1024;
  Result<CalendarAnswerPtr> calendar(const Caller& caller, const CalendarRequest& req);

  // For /metrics: calendars answered from the memo, computed, and answers held.
  struct CalendarMemoStats {
    std::int64_t hits = 0;
    std::int64_t misses = 0;
    std::int64_t entries = 0;
  };
  CalendarMemoStats calendar_memo_stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace paseo::app
