// Read-side queries for the supplier extranet over the inventory engine's tables (bookings,
// departures, ...): the bookings list with search/filters/sort/paging, the dashboard series and
// departure unit counts, and seats per departure for the calendar. The engine's services own every
// write; these are reads only, each filtered by the supplier's organisation id first (tenant
// scope), shaped for the screens, and indexed so a supplier with 100,000 bookings answers in a
// few milliseconds (bench/extranet).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/extranet_calendar.h"
#include "common/result.h"
#include "domain/local_time.h"
#include "storage/db.h"

namespace paseo::app {

// Seats taken per departure of `product_id` (of supplier `supplier_id`) with local date in
// [from, to].
Result<BookedSeats> load_booked_seats(storage::Database& db, std::string_view supplier_id,
                                      std::string_view product_id, domain::LocalDate from,
                                      domain::LocalDate to);

// Name of an organisation (a reseller shown as a booking's channel); "" when unknown.
Result<std::string> organisation_name(storage::Database& db, std::string_view organisation_id);

// Names of the people behind booking-history actors: for each id in `actor_ids` that is a user of
// `organisation_id`, that user's name (their email when they have none). Others (a reseller's API
// key, another organisation's user) are left out: the history names them by channel instead.
Result<std::map<std::string, std::string>> user_names(storage::Database& db,
                                                      std::string_view organisation_id,
                                                      const std::vector<std::string>& actor_ids);

// The organisation owning product `product_id`; kNotFound (field "id") when no such product.
Result<std::string> product_supplier(storage::Database& db, std::string_view product_id);

// --- bookings list (GET /api/v1/extranet/bookings and bookings.csv) ---

struct BookingListQuery {
  std::string supplier_id;  // required: the tenant
  std::string q;            // reference (exact) or part of contact name/email
  std::string product_id;
  std::optional<domain::LocalDate> from;  // service local date range
  std::optional<domain::LocalDate> to;
  std::vector<std::string> statuses;   // ON_HOLD, CONFIRMED, ... (empty: all)
  std::optional<std::string> channel;  // reseller organisation id, or "direct"
  std::string sort = "createdAt";      // createdAt, startAt, total, supplierReference
  bool descending = true;
  std::int64_t offset = 0;
  int limit = 50;
  bool count_total = true;
};

struct BookingRow {
  std::string id;
  std::string supplier_reference;
  std::string reseller_reference;
  std::string status;
  std::string reseller_id;  // the seller; == supplier_id for direct bookings
  std::string reseller_name;
  std::string channel;  // octo, extranet, storefront, ...
  std::string product_id;
  std::string option_id;
  std::string local_date;  // YYYY-MM-DD
  std::string local_time;  // HH:MM
  bool all_day = false;    // an OPENING_HOURS admission: the day, not a time, is what counts
  std::string time_zone;
  std::int64_t start_ms = 0;
  std::string contact_name;
  std::string contact_email;
  std::string contact_phone;
  int pax = 0;
  std::int64_t total_retail = 0;
  std::string currency;
  std::int64_t created_at_ms = 0;
};

struct BookingPage {
  std::vector<BookingRow> items;
  std::int64_t total = 0;  // rows matching the filters (when count_total)
};

Result<BookingPage> list_bookings(storage::Database& db, const BookingListQuery& query);

// --- dashboard ---

struct DaySeries {
  domain::LocalDate date;
  int bookings = 0;
  std::int64_t revenue = 0;  // retail minor units of `currency`
};

// Bookings confirmed on each local day of [from, to] (in `tz`) that are still CONFIRMED (or
// REDEEMED), and their retail total in `currency` (other currencies are left out). Every day is
// present.
Result<std::vector<DaySeries>> booking_series(storage::Database& db, std::string_view supplier_id,
                                              std::string_view currency, const domain::TimeZone& tz,
                                              domain::LocalDate from, domain::LocalDate to);

// Units booked per departure (ON_HOLD and CONFIRMED bookings) for the supplier's departures with
// local date in [from, to].
struct DepartureUnitCount {
  std::string product_id;
  std::string option_id;  // the booking's option (options share a departure's seats)
  domain::LocalDate date;
  domain::LocalTime start;
  std::string unit_id;
  int quantity = 0;
};
Result<std::vector<DepartureUnitCount>> departure_unit_counts(storage::Database& db,
                                                              std::string_view supplier_id,
                                                              domain::LocalDate from,
                                                              domain::LocalDate to);

}  // namespace paseo::app
