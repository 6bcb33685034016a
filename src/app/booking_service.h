// Booking use cases: the OCTO booking endpoints, over one inventory shared by every channel.
//
// Guarantees
//  - Never oversold: seats are taken inside the write transaction with a conditional
//    `UPDATE departures SET booked = booked + n WHERE … AND booked + n <= capacity` (plus a CHECK
//    constraint). The departure row is materialised from the schedule in the same transaction if
//    it does not exist yet. Holds take seats; EXPIRED/CANCELLED give them back exactly once.
//  - Idempotent reserve: `uuid` is the key, unique per seller. A replay with an equal request
//    fingerprint returns the existing booking (whatever its status now); a different request is
//    kConflict (field "uuid"). Unit item uuids are part of the fingerprint when the client sent
//    them; generated ones are not.
//  - confirm/cancel are idempotent too: confirming a CONFIRMED booking or cancelling a CANCELLED
//    one returns it unchanged. A confirm that asks a CONFIRMED booking for another contact,
//    reference, answers or unit items is kFailedPrecondition (field names what differs), never
//    dropped in silence: changes go through update().
//  - Every change appends a row to the booking's history (when, what, channel, actor) and, for
//    confirmed bookings, enqueues emails in the same transaction (app::enqueue_email):
//      confirm: booking_confirmed_supplier (+ booking_confirmed_traveller if contact email)
//      update of a CONFIRMED booking: booking_amended_supplier (+ booking_amended_traveller when
//        its date, time, product, option, party or extras changed)
//      cancel of a CONFIRMED booking: booking_cancelled_supplier (+ booking_cancelled_traveller)
//
// Errors (field in parentheses; the OCTO layer maps them):
//   kNotFound "productId"/"optionId"/"unitId"/"availabilityId"/"extraId"/"questionId"/
//             "pickupPointId"                  -> INVALID_*_ID (extra/question/pickup: BAD_REQUEST)
//   kNotFound "uuid"                           -> INVALID_BOOKING_UUID (unknown, out of scope, or a
//                                                 hold that has expired when confirming/extending)
//   kInvalidArgument (any field)               -> BAD_REQUEST
//   kSoldOut                                   -> UNPROCESSABLE_ENTITY (not enough seats)
//   kFailedPrecondition                        -> UNPROCESSABLE_ENTITY (past cut-off, closed,
//                                                 wrong status, empty unitItems, limits)
//   kConflict "uuid"                           -> uuid replayed with a different request
//   kUnavailable                               -> database busy; safe to retry with the same uuid
//
// Thread-safe; every call is one write (or read) transaction.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/availability_service.h"
#include "app/caller.h"
#include "app/catalogue_service.h"
#include "common/clock.h"
#include "common/result.h"
#include "domain/booking.h"
#include "storage/db.h"

namespace paseo::app {

struct UnitItemInput {
  std::string uuid;  // optional; generated when ""
  std::string unit_id;
  std::string reseller_reference;
  std::optional<domain::Contact> contact;
  std::vector<domain::QuestionAnswer> answers;  // participant-level questions
};

struct ExtraItemInput {
  std::string extra_id;
  int quantity = 1;
};

struct ReserveRequest {
  std::string uuid;  // idempotency key; generated when "" (no replay protection)
  std::string product_id;
  std::string option_id;
  std::string availability_id;  // required (every product is availabilityRequired)
  int expiration_minutes = 0;   // 0 = 30; max 1440
  std::string notes;
  std::string reseller_reference;
  std::optional<domain::Contact> contact;
  std::vector<UnitItemInput> unit_items;  // >= 1, else kFailedPrecondition "unitItems"
  std::vector<ExtraItemInput> extras;
  std::vector<domain::QuestionAnswer> answers;  // booking-level questions
  bool pickup_requested = false;
  std::string pickup_point_id;
  std::string pickup_hotel;
  std::string pickup_hotel_room;
  std::string currency;  // optional; must be the product currency
};

// OCTO confirm body. contact is required (kInvalidArgument "contact" when absent) and must carry
// the option's requiredContactFields. unit_items, when given, replaces the unit items (seats
// move atomically, as update). Required questions must be answered by now.
struct ConfirmRequest {
  std::optional<domain::Contact> contact;
  std::string reseller_reference;  // "" keeps the current one
  std::optional<std::vector<UnitItemInput>> unit_items;
  std::optional<std::vector<domain::QuestionAnswer>> answers;
  bool email_receipt = false;  // traveller email is sent whenever an address is known
};

// OCTO PATCH: only the fields present change. A different product must belong to the same
// supplier (else kInvalidArgument "productId"). Changing product/option/availability/unit items
// re-prices the booking and moves its seats in one transaction; allowed while ON_HOLD, or while
// CONFIRMED and cancellable (kFailedPrecondition otherwise).
struct UpdateRequest {
  std::optional<std::string> product_id;
  std::optional<std::string> option_id;
  std::optional<std::string> availability_id;
  std::optional<std::vector<UnitItemInput>> unit_items;
  std::optional<std::vector<ExtraItemInput>> extras;
  std::optional<std::vector<domain::QuestionAnswer>> answers;
  std::optional<domain::Contact> contact;
  std::optional<std::string> notes;
  std::optional<std::string> reseller_reference;
  std::optional<int> expiration_minutes;  // ON_HOLD only: new hold from now
  std::optional<bool> pickup_requested;
  std::optional<std::string> pickup_point_id;
  std::optional<std::string> pickup_hotel;
  std::optional<std::string> pickup_hotel_room;
};

struct CancelRequest {
  std::string reason;
  // Honoured only for kSupplier callers: cancel even within the cut-off (refund NONE then).
  bool force = false;
  // kSupplier callers only (kPermissionDenied otherwise): the supplier calls the booking off
  // (weather, a closure, no guide), so the traveller gets everything back whatever the policy
  // and the cut-off say. Wins over `force`.
  bool full_refund = false;
};

// At least one of reseller_reference, supplier_reference, local_date, or local_date_start +
// local_date_end (else kInvalidArgument "localDate"); product_id/option_id narrow further. At most
// `limit` bookings (1..kMaxListedBookings + 1), newest first: a caller that must not cut a list
// silently asks for one more than it will show and refuses when it gets it.
struct BookingFilter {
  std::string reseller_reference;
  std::string supplier_reference;
  std::string local_date;
  std::string local_date_start;
  std::string local_date_end;
  std::string product_id;
  std::string option_id;
  int limit = 1000;
};
inline constexpr int kMaxListedBookings = 1000;

// What a channel shows beside a booking it has just changed, taken inside the transaction that
// changed it, so answering needs no further read: the product as the caller sees it (priced for
// its contract) and the booking's availability with the vacancies after the change (nullopt for
// a booking without departure).
struct BookingContext {
  std::shared_ptr<const domain::Product> product;
  std::optional<Availability> availability;
};

class BookingService {
 public:
  BookingService(storage::Database& db, const Clock& clock, CatalogueService& catalogue);
  ~BookingService();
  // The site's address ("https://paseo.example"): the supplier's booking emails link to the
  // booking in the extranet. Without it they carry no link. Set before use.
  void set_public_url(std::string url);
  BookingService(const BookingService&) = delete;
  BookingService& operator=(const BookingService&) = delete;

  // ON_HOLD booking with utc expires_at = now + expiration. kSoldOut when the seats do not fit;
  // kFailedPrecondition when the slot is closed, past its cut-off or beyond the horizon.
  // Each change below also fills `context`, when given and the change succeeds (a replayed
  // reserve leaves it empty: read the product and availability then).
  Result<domain::Booking> reserve(const Caller& caller, const ReserveRequest& req,
                                  BookingContext* context = nullptr);

  // ON_HOLD -> CONFIRMED. kNotFound "uuid" when the hold has expired.
  Result<domain::Booking> confirm(const Caller& caller, std::string_view uuid,
                                  const ConfirmRequest& req, BookingContext* context = nullptr);

  Result<domain::Booking> update(const Caller& caller, std::string_view uuid,
                                 const UpdateRequest& req, BookingContext* context = nullptr);

  // ON_HOLD only: expires_at = now + minutes (0 = 30). kNotFound "uuid" if expired;
  // kFailedPrecondition for other statuses.
  Result<domain::Booking> extend(const Caller& caller, std::string_view uuid,
                                 int expiration_minutes, BookingContext* context = nullptr);

  // ON_HOLD -> CANCELLED (refund FULL) or CONFIRMED -> CANCELLED with the policy's refund;
  // kFailedPrecondition within the cut-off / after start / for EXPIRED or REDEEMED bookings.
  Result<domain::Booking> cancel(const Caller& caller, std::string_view uuid,
                                 const CancelRequest& req, BookingContext* context = nullptr);

  // The supplier checks the travellers in (CONFIRMED -> REDEEMED, redeemed_at = now), from the
  // booking's local date in the product's zone on, or undoes a check-in made by mistake
  // (REDEEMED -> CONFIRMED). Asking for the state the booking is in changes nothing. History
  // "checkedIn" / "checkInUndone". kPermissionDenied for a reseller; kFailedPrecondition for other
  // statuses (booking.notConfirmed) or before the day (booking.checkInTooEarly {date}).
  Result<domain::Booking> check_in(const Caller& caller, std::string_view uuid, bool checked_in);

  // The supplier sends the traveller the booking's confirmation again (it went to spam, the
  // traveller deleted it): to the contact's address, in the traveller's language, with no supplier
  // copy; the history records it ("emailed", params {to}). kPermissionDenied for a reseller;
  // kFailedPrecondition unless CONFIRMED with a valid address; kRateLimited within
  // kResendInterval of the last confirmation to that address (params seconds).
  static constexpr std::chrono::seconds kResendInterval{60};
  Result<domain::Booking> resend_confirmation(const Caller& caller, std::string_view uuid);

  // A booking by OCTO uuid (suppliers may also pass the internal id). An ON_HOLD booking whose
  // hold lapsed is reported EXPIRED even before the expiry job ran.
  Result<domain::Booking> get(const Caller& caller, std::string_view uuid);

  Result<std::vector<domain::Booking>> list(const Caller& caller, const BookingFilter& filter);

  // The booking's history, oldest first.
  Result<std::vector<domain::BookingEvent>> history(const Caller& caller, std::string_view uuid);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Expires up to `batch` ON_HOLD bookings whose hold lapsed at or before `now` in one write
// transaction, releasing their seats exactly once (conditional UPDATE on the status: safe with
// several processes on one PostgreSQL). Returns how many it expired; jobs/hold_expiry loops it.
Result<int> expire_lapsed_holds(storage::Database& db, Instant now, int batch);

// Departures whose `booked` counter differs from the seats of the bookings holding seats on them
// (ON_HOLD, CONFIRMED, PENDING, REDEEMED): the denormalised counter's invariant. Empty when
// healthy. Cost: one scan of departures with seats; for periodic checks and tests, not hot paths.
struct InventoryDrift {
  std::string departure_id;
  int booked = 0;      // the counter
  int live_seats = 0;  // what the bookings say
};
Result<std::vector<InventoryDrift>> find_inventory_drift(storage::Database& db);

}  // namespace paseo::app
