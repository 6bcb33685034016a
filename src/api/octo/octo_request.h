// Parsing and validating OCTO request bodies/headers into plain structs, before any database work.
// Everything here is syntactic (types, formats, ranges that do not depend on the catalogue); the
// handlers check ids and business rules afterwards. Errors are OCTO errors (BAD_REQUEST with the
// field at fault, UNPROCESSABLE_ENTITY for missing/empty unitItems, as the OCTO validator expects).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/octo/octo_errors.h"
#include "domain/local_time.h"
#include "http/json.h"
#include "http/message.h"

namespace paseo::api::octo {

// Hard limits on request sizes, independent of the catalogue (which has its own, tighter ones).
inline constexpr int kMaxUnitItems = 500;
inline constexpr int kMaxQuantityPerUnit = 500;
inline constexpr int kMaxCalendarDays = 366;     // the engine's own limit (AvailabilityService)
inline constexpr int kMaxBookingListDays = 400;  // GET /bookings?localDateStart=&localDateEnd=
inline constexpr int kMaxCheckDays = 31;
inline constexpr int kMaxAvailabilityIds = 100;
inline constexpr std::size_t kMaxTextLength = 2000;
inline constexpr std::int64_t kMaxExpirationMinutes = 24 * 60;
inline constexpr std::int64_t kDefaultExpirationMinutes = 30;

// Capabilities the client asked for (Octo-Capabilities: "octo/pricing, content"); unknown ones
// are ignored.
struct Capabilities {
  bool pricing = false;
  bool content = false;
  bool pickups = false;
  bool questions = false;
  bool extras = false;
  // "octo/pricing, octo/content" — the applied set, for the response header.
  std::string header_value() const;
};
Capabilities parse_capabilities(std::string_view header);

// First supported language of Accept-Language ("fr-CA,fr;q=0.9,en;q=0.5" -> "fr"), honouring
// q-values; `fallback` when none matches. Supported: es, en, fr.
std::string negotiate_language(std::string_view accept_language, std::string_view fallback);

// True for an RFC 4122 textual UUID (any version), case-insensitive.
bool is_uuid(std::string_view s);

struct UnitQuantity {
  std::string id;
  int quantity = 0;
};

struct CalendarRequest {
  std::string product_id;
  std::string option_id;
  domain::LocalDate start;
  domain::LocalDate end;
  std::vector<UnitQuantity> units;
  std::optional<std::string> currency;
};

struct CheckRequest {
  std::string product_id;
  std::string option_id;
  std::optional<domain::LocalDate> start;  // localDate or localDateStart
  std::optional<domain::LocalDate> end;    // localDate or localDateEnd
  std::vector<std::string> availability_ids;
  std::vector<UnitQuantity> units;
  std::vector<UnitQuantity> extras;  // octo/extras: priced into `pricing` with the units
  std::optional<std::string> currency;
};

struct ContactInput {
  bool present = false;
  std::optional<std::string> full_name, first_name, last_name, email, phone, postal_code, country,
      notes;
  std::optional<std::vector<std::string>> locales;
  std::optional<bool> allow_marketing;
};

struct QuestionAnswerInput {
  std::string question_id;
  std::string value;
};

struct ExtraItemInput {
  std::string extra_id;
  int quantity = 1;
};

struct UnitItemInput {
  std::optional<std::string> uuid;
  std::string unit_id;
  std::optional<std::string> reseller_reference;
  ContactInput contact;
  std::vector<QuestionAnswerInput> question_answers;
};

// POST /bookings and PATCH /bookings/{uuid} (every field optional for PATCH).
struct BookingInput {
  std::optional<std::string> uuid;
  std::optional<std::string> product_id;
  std::optional<std::string> option_id;
  std::optional<std::string> availability_id;
  std::optional<std::int64_t> expiration_minutes;
  std::optional<std::optional<std::string>> notes;  // set (possibly to null) vs absent
  std::optional<std::vector<UnitItemInput>> unit_items;
  std::optional<std::string> reseller_reference;
  ContactInput contact;
  std::optional<std::string> currency;
  std::optional<bool> email_receipt;
  // octo/pickups
  std::optional<bool> pickup_requested;
  std::optional<std::string> pickup_point_id;
  std::optional<std::string> pickup_hotel, pickup_hotel_room;
  // octo/questions, octo/extras
  std::optional<std::vector<QuestionAnswerInput>> question_answers;
  std::optional<std::vector<ExtraItemInput>> extra_items;
};

struct ConfirmInput {
  ContactInput contact;  // required
  std::optional<std::string> reseller_reference;
  std::optional<bool> email_receipt;
  std::optional<std::vector<UnitItemInput>> unit_items;
  std::optional<std::vector<QuestionAnswerInput>> question_answers;
};

struct CancelInput {
  std::optional<std::string> reason;
  bool force = false;
};

struct ExtendInput {
  std::optional<std::int64_t> expiration_minutes;
};

struct ListBookingsQuery {
  std::optional<std::string> reseller_reference;
  std::optional<std::string> supplier_reference;
  std::optional<domain::LocalDate> start;  // localDate or localDateStart
  std::optional<domain::LocalDate> end;
  std::optional<std::string> product_id;
  std::optional<std::string> option_id;
};

Expected<http::JsonDocument> parse_body_object(std::string_view body);
Expected<CalendarRequest> parse_calendar_request(const http::JsonValue& root);
Expected<CheckRequest> parse_check_request(const http::JsonValue& root);
// `for_update`: PATCH semantics (productId/optionId/unitItems optional).
Expected<BookingInput> parse_booking_input(const http::JsonValue& root, bool for_update);
Expected<ConfirmInput> parse_confirm_input(const http::JsonValue& root);
Expected<CancelInput> parse_cancel_input(const http::JsonValue& root);
Expected<ExtendInput> parse_extend_input(const http::JsonValue& root);
Expected<ListBookingsQuery> parse_list_bookings_query(const http::Request& req);

}  // namespace paseo::api::octo
