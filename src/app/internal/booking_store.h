// SQL for bookings (migration 0013). Internal to the engine.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/caller.h"
#include "app/internal/sql_util.h"
#include "common/result.h"
#include "domain/booking.h"
#include "storage/db.h"

namespace paseo::app::internal {

// A stored booking plus what the engine needs that OCTO does not show.
struct StoredBooking {
  domain::Booking booking;
  std::string request_hash;
  std::string departure_id;
  // The bookings row as load_booking(…, for_update = true) read it: update_booking() writes only
  // the columns that differ, so SQLite rewrites only the indexes over them (a confirm touches 4
  // of 13). Empty for read-only loads, which never pay for the snapshot.
  std::vector<storage::Value> stored_row;
};

// Id of the booking `caller` refers to by `uuid` (resellers: their own uuid; suppliers: uuid of a
// booking of theirs, or its internal id); nullopt when out of scope. `for_update`: inside a write
// transaction, also lock the row until it ends (PostgreSQL SELECT … FOR UPDATE; SQLite has one
// writer, so nothing to lock).
Result<std::optional<std::string>> find_booking_id(storage::Connection& c, const Caller& caller,
                                                   std::string_view uuid, bool for_update = false);

// The booking find_booking() looks up, for the reads that depend on it (AlsoRead).
struct BookingRef {
  SqlPart where;  // a condition over bookings that selects it
  // Its row as booking_values() gives it, when read already (else null).
  const std::vector<storage::Value>* row = nullptr;
  // Its column `name`: the value itself when the row was read, else a scalar subquery that gives
  // it where the statement runs (NULL when there is no such booking), so that the statement can
  // travel in the same round trip as the lookup.
  SqlPart column(std::string_view name) const;
};

// More reads that depend on the booking (its product, departure, organisations), sent with the
// lookup and the reads of its children: one round trip for all on PostgreSQL (storage query_all).
struct AlsoRead {
  std::function<std::vector<storage::Connection::Statement>(const BookingRef&)> statements;
  std::vector<storage::QueryResult> results;  // filled in the order of `statements`
};

// find_booking_id() and load_booking() in one: the booking `caller` refers to by `uuid` (nullopt
// when out of scope), locked as there when `for_update`, with its children; `also`, when given,
// is read with them. On PostgreSQL one round trip for everything, the reads keyed by the lookup
// itself; on SQLite, where a round trip costs nothing and a subquery costs the one writer, the
// reads follow the row and use its values.
Result<std::optional<StoredBooking>> find_booking(storage::Connection& c, const Caller& caller,
                                                  std::string_view uuid, bool for_update = false,
                                                  AlsoRead* also = nullptr);

// The booking with unit items, extras and answers; kNotFound "uuid" when missing.
// `for_update`: the booking is about to be changed; keep the row for update_booking().
Result<StoredBooking> load_booking(storage::Connection& c, std::string_view id,
                                   bool for_update = false);

Status insert_booking(storage::Connection& c, const StoredBooking& b);
// Writes the booking row's changed columns (all of them when `b` was not loaded by load_booking)
// and, when `children_changed`, its unit items, extras and answers. `b` must have been loaded
// for update in this transaction: its row is locked (PostgreSQL FOR UPDATE; SQLite's one writer),
// so nothing can have changed it since, and the statements are deferred (storage defer: sent with
// the next statement whose answer is read, or with COMMIT). They keep the guard on
// `expected_status` all the same: a row that broke the contract is left unchanged.
Status update_booking(storage::Connection& c, const StoredBooking& b,
                      domain::BookingStatus expected_status, bool children_changed = true);

Status add_event(storage::Connection& c, std::string_view booking_id,
                 const domain::BookingEvent& e);
Result<std::vector<domain::BookingEvent>> load_events(storage::Connection& c,
                                                      std::string_view booking_id);

// Expires up to `limit` ON_HOLD bookings whose hold lapsed at or before `now` (only those of
// `departure_id` when not empty), gives their seats back and records the event. Safe to run from
// several processes at once: the status change is a conditional UPDATE, so each hold is expired
// (and its seats released) by exactly one transaction. Returns how many were expired.
Result<int> expire_holds(storage::Connection& c, Instant now, std::string_view departure_id,
                         int limit);

}  // namespace paseo::app::internal
