// Bookings: the OCTO lifecycle as pure rules.
//
//   reserve -> ON_HOLD --confirm--> CONFIRMED --cancel--> CANCELLED
//                 |  \--cancel--> CANCELLED           \--redeem--> REDEEMED
//                 \--hold lapses--> EXPIRED
//
// Seats are taken at reserve and given back on CANCELLED and EXPIRED (never twice: the storage
// layer releases seats only with a conditional UPDATE on the status).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/availability.h"
#include "domain/catalogue.h"
#include "domain/local_time.h"
#include "domain/pricing.h"

namespace paseo::domain {

enum class BookingStatus { kOnHold, kConfirmed, kCancelled, kExpired, kRedeemed, kPending };
std::string_view to_string(BookingStatus s);  // "ON_HOLD", ...
Result<BookingStatus> parse_booking_status(std::string_view s);

// Whether `from -> to` is a legal transition (same-state is not a transition).
bool can_transition(BookingStatus from, BookingStatus to);
// Whether the status holds seats on its departure (ON_HOLD, CONFIRMED, PENDING, REDEEMED).
bool holds_seats(BookingStatus s);

enum class Refund { kFull, kPartial, kNone };
std::string_view to_string(Refund r);  // "FULL", "PARTIAL", "NONE"

struct CancellationQuote {
  Refund refund = Refund::kFull;
  std::int64_t refund_amount = 0;  // retail minor units going back to the traveller
  std::int64_t fee = 0;            // retail minor units kept
};

// Refund for cancelling a CONFIRMED booking of `total_retail` starting at `utc_start`, at `now`,
// under `policy` (rules in catalogue.h). kFailedPrecondition when within the cancellation cut-off
// or after the start. ON_HOLD bookings are always FULL (nothing was paid); callers handle that.
Result<CancellationQuote> quote_cancellation(const CancellationPolicy& policy,
                                             std::int64_t total_retail, Instant utc_start,
                                             Instant now);

// Whether a booking in `status` may still be cancelled at `now` (OCTO `cancellable`).
bool is_cancellable(BookingStatus status, const CancellationPolicy& policy, Instant utc_start,
                    Instant now);

// Hold length: requested minutes (0 = default 30), clamped to [1, kMaxHoldMinutes].
inline constexpr int kDefaultHoldMinutes = 30;
inline constexpr int kMaxHoldMinutes = 24 * 60;
// kInvalidArgument (field "expirationMinutes") for a negative or > kMaxHoldMinutes request.
Result<int> hold_minutes(int requested);

struct Contact {
  std::string full_name;
  std::string first_name;
  std::string last_name;
  std::string email;
  std::string phone;
  std::string country;  // ISO 3166-1 alpha-2
  std::string postal_code;
  std::string notes;
  std::vector<std::string> locales;
  bool allow_marketing = false;
  friend bool operator==(const Contact&, const Contact&) = default;
  // full_name if set, else "first last" trimmed.
  std::string display_name() const;
};

// OCTO requiredContactFields check at confirm: kInvalidArgument (field "contact.<name>") for the
// first missing one; malformed email (no '@') is kInvalidArgument too.
Status check_required_contact(const Contact& c, const std::vector<std::string>& required);

// The contact's details that have a shape (contact_details.h), whenever they are given: a phone
// number, an ISO 3166-1 alpha-2 country (either case: "es" is Spain) and at most 10 language tags.
// kInvalidArgument with the OCTO field ("contact.phoneNumber", "contact.country",
// "contact.locales") for the first bad one. Empty fields pass; check_required_contact asks for
// them.
inline constexpr std::size_t kMaxContactLocales = 10;
Status check_contact_details(const Contact& c);

struct QuestionAnswer {
  std::string question_id;
  std::string value;
  friend bool operator==(const QuestionAnswer&, const QuestionAnswer&) = default;
};

// Checks answers against questions of `scope`: known ids (kNotFound "questionId"), value syntax
// per input type (select: one of the options; date: YYYY-MM-DD; number: decimal), and, when
// `require_all`, that every required question is answered (kFailedPrecondition "questionAnswers").
Status check_answers(const Product& p, QuestionScope scope,
                     const std::vector<QuestionAnswer>& answers, bool require_all);

struct UnitItem {
  std::string uuid;  // client's (or generated), unique within the booking
  std::string unit_id;
  std::string reseller_reference;
  std::string supplier_reference;  // short, per item
  Contact contact;
  std::vector<QuestionAnswer> answers;
  PriceBreakdown price;
  friend bool operator==(const UnitItem&, const UnitItem&) = default;
};

struct ExtraItem {
  std::string extra_id;
  int quantity = 0;
  PriceBreakdown price;  // for the whole quantity
  friend bool operator==(const ExtraItem&, const ExtraItem&) = default;
};

struct Cancellation {
  Refund refund = Refund::kFull;
  std::int64_t refund_amount = 0;
  std::string reason;
  Instant at;
  friend bool operator==(const Cancellation&, const Cancellation&) = default;
};

// One line of a booking's history.
struct BookingEvent {
  Instant at;
  // "reserved", "confirmed", "updated", "extended", "cancelled", "expired", "emailed" (the
  // confirmation sent again)
  std::string kind;
  std::string detail;   // human summary of what changed
  std::string channel;  // "octo", "extranet", "admin", "storefront", "system"
  std::string actor;    // api key id, user id, or "hold_expiry"
  // The values `detail` quotes, by name, for screens that tell the entry in their own language
  // (docs/engine.md, "History"). Empty for entries written before they were kept.
  std::map<std::string, std::string> params;
  friend bool operator==(const BookingEvent&, const BookingEvent&) = default;
};

struct Booking {
  std::string id;    // internal id
  std::string uuid;  // OCTO uuid; unique per seller (reseller_id)
  std::string supplier_id;
  std::string reseller_id;         // the organisation that sold it (supplier itself if direct)
  std::string channel;             // channel that created it
  std::string supplier_reference;  // short human reference, unique ("K7M4QX")
  std::string reseller_reference;  // "" when none
  BookingStatus status = BookingStatus::kOnHold;
  std::string product_id;
  std::string option_id;
  std::string availability_id;
  LocalDate local_date;
  LocalTime local_start;
  bool all_day = false;  // OPENING_HOURS
  std::string time_zone;
  Instant utc_start;
  Instant utc_end;
  std::string local_date_time_start;  // "2026-03-29T10:00:00+02:00"
  std::string local_date_time_end;
  int seats = 0;
  bool freesale = false;
  std::vector<UnitItem> unit_items;
  std::vector<ExtraItem> extras;
  std::vector<QuestionAnswer> answers;  // booking-level
  Contact contact;
  std::string notes;
  bool pickup_requested = false;
  std::string pickup_point_id;
  std::string pickup_hotel;  // OCTO pickupHotel: picked up there rather than at a point
  std::string pickup_hotel_room;
  std::string currency;
  PriceBreakdown total;
  Instant created_at;
  Instant updated_at;
  std::optional<Instant> expires_at;  // ON_HOLD only
  std::optional<Instant> confirmed_at;
  std::optional<Instant> redeemed_at;  // checked in (REDEEMED)
  std::optional<Cancellation> cancellation;
  bool cancellable = false;  // computed when read, at the read's `now`
  friend bool operator==(const Booking&, const Booking&) = default;
};

}  // namespace paseo::domain
