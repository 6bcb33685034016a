// Booking notification emails, enqueued in the booking's transaction (app/outbox.h).
//
// Templates (app/email_templates.cpp): booking_{confirmed,amended,cancelled}_{supplier,traveller}
// and booking_{amended,cancelled}_reseller (a supplier's move or cancellation, to the reseller).
// Variables, written for the reader's language (format_money, format_local_start below):
// supplier_name, product_title, option_title, local_start ("miércoles 9 de diciembre de 2026, 10:00
// (hora de Madrid)"), booking_reference (supplierReference), booking_uuid, contact_name,
// contact_email, units_summary ("2 × Adult, 1 × Child"), total ("45,00 €"); optional: channel
// (reseller name, "" when sold directly), reason, refund (FULL/PARTIAL/NONE) and refund_amount
// (cancellations), changes (amendments, translated), previous_activity, previous_start,
// previous_units and previous_total (an amendment's old values, each only when it changed),
// by_supplier, traveller_emailed, extras_summary, pickup, meeting_point, answers, notes,
// reseller_reference, booking_url (docs/email.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "app/internal/sql_util.h"
#include "common/clock.h"
#include "common/result.h"
#include "domain/booking.h"
#include "domain/catalogue.h"
#include "domain/local_time.h"
#include "storage/db.h"

namespace paseo::app::internal {

// kAmended tells the supplier; kTripAmended (date, time, product, option, party or extras changed)
// tells the traveller too, who will otherwise turn up at the old time. kAmendedNewAddress is
// kAmended of a confirmed booking whose contact email changed (a mistyped address corrected, say):
// the new address gets the booking's confirmation, which it never had. The old one is not told:
// when the change corrects a typo it belongs to a stranger.
// kCancelledBySupplier: the cancelled emails, worded for a booking the supplier called off, and
// one to the reseller. kTripAmendedBySupplier: the trip's amended emails, and one to the reseller.
// kConfirmationResent: the traveller's confirmation again, and nothing to anyone else.
enum class BookingEmail {
  kConfirmed,
  kConfirmationResent,
  kAmended,
  kAmendedNewAddress,
  kTripAmended,
  kTripAmendedBySupplier,
  kCancelled,
  kCancelledBySupplier
};

// The read of the supplier's and reseller's names, addresses and locales the emails need, for a
// caller that sends it ahead with other reads (storage query_all).
storage::Connection::Statement email_parties_query(const domain::Booking& b);
// The same with the supplier's and reseller's ids computed where the statement runs (columns of
// a booking another statement in the same round trip reads, say).
storage::Connection::Statement email_parties_query(const SqlPart& supplier_id,
                                                   const SqlPart& reseller_id);

// The booking as it was before an amendment, and its product then (another one when the booking
// moved product), so the amended emails can give the old value beside a changed line.
struct BookingBefore {
  const domain::Booking& booking;
  const domain::Product& product;
};

// Supplier copy always (when the supplier has an email address); traveller copy for confirmed and
// cancelled bookings when the contact has a valid address. Each in its reader's language: the
// supplier's and reseller's organisation locale; for the traveller the first of contact.locales
// that templates exist in, else the reseller's locale (a booking sold by a reseller), else the
// supplier's. `parties`: the result of
// email_parties_query() when the caller read it already, for this booking or for it before an
// amendment (read again here when it does not hold the booking's supplier). `before`: the booking
// before an amendment, or null.
Status enqueue_booking_emails(storage::Connection& c, BookingEmail kind, const domain::Booking& b,
                              const domain::Product& p, const std::string& changes, Instant now,
                              const storage::QueryResult* parties = nullptr,
                              std::string_view public_url = {},
                              const BookingBefore* before = nullptr);

// Money as the email's reader writes it, with the currency's precision: "45,00 €" (es),
// "45,00 €" with a narrow space between thousands (fr), "€45.00" (en); "US$" after the amount and
// "$" before it for USD, "£" for GBP, the ISO code for other currencies ("MXN 1,250.00").
std::string format_money(std::int64_t amount, std::string_view currency, std::string_view locale);

// A booking's start for the email's reader, on the clock of the product's zone, which it names by
// its place: "sábado 28 de marzo de 2026, 10:00 (hora de Madrid)", "Saturday 28 March 2026, 10:00
// (Madrid time)", "samedi 28 mars 2026, 10:00 (heure de Madrid)"; the date alone without `time`
// (an OPENING_HOURS admission).
std::string format_local_start(domain::LocalDate date, std::optional<domain::LocalTime> time,
                               std::string_view time_zone, std::string_view locale);

}  // namespace paseo::app::internal
