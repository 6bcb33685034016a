// SQL for materialised departures (migration 0012): the seat counters that make overselling
// impossible.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "app/internal/sql_util.h"
#include "common/clock.h"
#include "common/result.h"
#include "domain/availability.h"
#include "storage/db.h"

namespace paseo::app::internal {

struct DepartureCounters {
  std::optional<int> capacity;  // nullopt = free sale
  int booked = 0;
  bool has_room_for(int seats) const { return !capacity || booked + seats <= *capacity; }
  bool operator==(const DepartureCounters&) const = default;
};
// The counters in columns `at` (capacity, NULL = free sale) and `at + 1` (booked) of `row`.
DepartureCounters counters_from(const storage::Row& row, std::size_t at = 0);
// The statement that reads the counters of the departure whose id `departure` gives (a
// parameter, or a subquery that travels in the same pipeline); read its row with counters_from().
storage::Connection::Statement counters_read(const SqlPart& departure);

// (local date, local start minutes) -> counters.
using CounterMap = std::map<std::pair<std::int32_t, int>, DepartureCounters>;

// Counters of materialised departures of a product with local date in [from, to]; one indexed
// range query on (product_id, local_date).
Result<CounterMap> load_counters(storage::Connection& c, std::string_view product_id,
                                 domain::LocalDate from, domain::LocalDate to);

std::string departure_id(std::string_view product_id, const domain::Slot& slot);

// Makes sure the departures row of `slot` exists (INSERT … ON CONFLICT DO NOTHING, so concurrent
// first bookings converge on one row); returns its id.
Result<std::string> ensure_departure(storage::Connection& c, std::string_view product_id,
                                     std::string_view supplier_id, const domain::Slot& slot,
                                     Instant utc_start, std::int64_t now_ms);

// Takes `seats` with the conditional UPDATE and returns the departure's counters after it;
// nullopt when they do not fit (nothing changed).
Result<std::optional<DepartureCounters>> take_seats(storage::Connection& c,
                                                    std::string_view departure_id, int seats,
                                                    std::int64_t now_ms);
// Takes `seats` without asking whether they fit, for a caller that read the departure's counters
// in this transaction and found room for them. Deferred: PostgreSQL sends it in the COMMIT's
// pipeline, so the departure row stays locked for no round trip. If other bookings took the seats
// in between, the departures CHECK (booked <= capacity) fails it with kConflict and the whole
// transaction rolls back; nothing is oversold either way.
Status add_seats(storage::Connection& c, std::string_view departure_id, int seats,
                 std::int64_t now_ms);
// Gives `seats` back (the caller guarantees, by a conditional status change, that it happens once).
Status release_seats(storage::Connection& c, std::string_view departure_id, int seats,
                     std::int64_t now_ms);

}  // namespace paseo::app::internal
