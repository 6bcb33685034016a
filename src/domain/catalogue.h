// The catalogue: Product -> Option (rate) -> Unit (pricing category), OCTO-compatible.
//
// Plain values with no storage or JSON knowledge. Storage lives in app/internal/catalogue_store,
// the OCTO mapping in api/octo. Text shown to travellers is per locale (es, en, fr, ...);
// `localized()` picks one with a fallback.
//
// Capacity model (decision): all options of a product share the product's departures (one pool of
// seats per departure, as Bókun rates share an experience's availability). An option restricts
// nothing about seats; it carries its own prices, units, restrictions and contact fields.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "domain/local_time.h"

namespace paseo::domain {

// locale ("es", "en", "fr") -> text.
using LocalizedText = std::map<std::string, std::string>;

// The text for `locale`, else for its language ("en" for "en-GB"), else English, else any; "" when
// empty.
const std::string& localized(const LocalizedText& text, std::string_view locale);
// The locale of the text localized() picks ("en" when an "es" reader gets the English text);
// `locale` itself when there is no text at all.
std::string localized_locale(const LocalizedText& text, std::string_view locale);

enum class AvailabilityType { kStartTime, kOpeningHours };
enum class PricingPer { kUnit, kBooking };
enum class UnitType {
  kAdult,
  kYouth,
  kChild,
  kInfant,
  kFamily,
  kSenior,
  kStudent,
  kMilitary,
  kOther
};
enum class QuestionScope { kBooking, kUnit };
enum class QuestionInput { kText, kSelect, kDate, kNumber };

// OCTO spellings: "START_TIME", "ADULT", "UNIT", ... and back (kInvalidArgument when unknown).
std::string_view to_string(AvailabilityType v);
std::string_view to_string(PricingPer v);
std::string_view to_string(UnitType v);
std::string_view to_string(QuestionScope v);
std::string_view to_string(QuestionInput v);  // "text", "select", "date", "number"
Result<AvailabilityType> parse_availability_type(std::string_view s);
Result<PricingPer> parse_pricing_per(std::string_view s);
Result<UnitType> parse_unit_type(std::string_view s);
Result<QuestionScope> parse_question_scope(std::string_view s);
Result<QuestionInput> parse_question_input(std::string_view s);

// Cancellation policy (per product):
//  - more than `free_until_hours` before start: FULL refund;
//  - later: a fee of `fee_percent` of the total (PARTIAL refund; NONE when fee_percent == 100);
//  - within `cutoff_minutes` of start, or after start: no cancellation at all (UNPROCESSABLE).
//  - refundable == false: NONE at any time (cancellation still allowed until the cut-off, so
//    seats go back on sale).
struct CancellationPolicy {
  bool refundable = true;
  int free_until_hours = 24;
  int fee_percent = 100;   // 0..100
  int cutoff_minutes = 0;  // >= 0
  friend bool operator==(const CancellationPolicy&, const CancellationPolicy&) = default;
};

struct GeoPoint {
  double latitude = 0;
  double longitude = 0;
  friend bool operator==(const GeoPoint&, const GeoPoint&) = default;
};

struct MeetingPoint {
  std::string address;
  std::optional<GeoPoint> location;
  LocalizedText instructions;
  friend bool operator==(const MeetingPoint&, const MeetingPoint&) = default;
};

// A pickup place; travellers are collected `minutes_before_start` before the departure
// (START_TIME products; for OPENING_HOURS products before opening).
struct PickupPoint {
  std::string id;
  std::string name;
  std::string address;
  std::optional<GeoPoint> location;
  LocalizedText directions;
  int minutes_before_start = 0;  // >= 0
  friend bool operator==(const PickupPoint&, const PickupPoint&) = default;
};

// A price row. unit_id "" means per booking (PricingPer::kBooking options). A row with a date
// range overrides the base row (no range) for travel dates inside [valid_from, valid_to]; when
// several ranges match, the one starting latest wins.
struct Price {
  std::string unit_id;
  std::int64_t retail = 0;  // minor units of the product currency, what the traveller pays
  std::int64_t net = 0;     // what the supplier receives from the reseller
  std::optional<LocalDate> valid_from;
  std::optional<LocalDate> valid_to;
  friend bool operator==(const Price&, const Price&) = default;
};

struct Unit {
  std::string id;  // "adult", unique within the option
  UnitType type = UnitType::kAdult;
  std::string internal_name;
  LocalizedText title;
  std::optional<int> min_age;
  std::optional<int> max_age;
  int min_per_booking = 0;  // 0 = no minimum
  int max_per_booking = 0;  // 0 = no maximum
  int pax_count = 1;        // seats one unit item takes (a family ticket may take 4; infants 0)
  friend bool operator==(const Unit&, const Unit&) = default;
};

struct Option {
  std::string id;  // "DEFAULT" for single-option products
  bool is_default = false;
  std::string internal_name;
  LocalizedText title;
  PricingPer pricing_per = PricingPer::kUnit;
  std::vector<Unit> units;
  std::vector<Price> prices;
  int min_units = 0;  // restrictions over all unit items; 0 = none
  int max_units = 0;
  // OCTO requiredContactFields, checked at confirm: firstName, lastName, emailAddress,
  // phoneNumber, country, notes, locales, postalCode.
  std::vector<std::string> required_contact_fields;
  bool pickup_available = false;  // uses the product's pickup points
  bool pickup_required = false;
  friend bool operator==(const Option&, const Option&) = default;
};

struct Extra {
  std::string id;
  LocalizedText title;
  LocalizedText description;
  std::int64_t retail = 0;
  std::int64_t net = 0;
  int max_quantity = 1;  // per booking, >= 1
  friend bool operator==(const Extra&, const Extra&) = default;
};

struct Question {
  std::string id;
  QuestionScope scope = QuestionScope::kBooking;
  QuestionInput input = QuestionInput::kText;
  bool required = false;
  LocalizedText label;
  LocalizedText description;
  std::vector<std::string> select_options;  // kSelect only: the allowed values
  friend bool operator==(const Question&, const Question&) = default;
};

struct Product {
  std::string id;
  std::string supplier_id;  // owning organisation
  std::string internal_name;
  std::string reference;  // supplier's own code, may be ""
  LocalizedText title;
  LocalizedText short_description;
  LocalizedText description;
  std::string destination_city;
  std::string destination_country;  // ISO 3166-1 alpha-2, "ES"
  std::string category;             // free label: "walking_tour", "museum"
  int duration_minutes = 60;        // START_TIME: departure length, drives localDateTimeEnd
  std::string time_zone;            // IANA
  std::string currency;             // ISO 4217
  AvailabilityType availability_type = AvailabilityType::kStartTime;
  // Bookable until this many minutes before start (START_TIME) or before the day's closing time
  // (OPENING_HOURS).
  int booking_cutoff_minutes = 0;
  int booking_horizon_days = 365;  // latest bookable local date = today (local) + horizon
  CancellationPolicy cancellation;
  std::optional<MeetingPoint> meeting_point;
  std::vector<PickupPoint> pickup_points;
  std::vector<Option> options;      // >= 1
  std::vector<Extra> extras;        // offered on every option
  std::vector<Question> questions;  // asked on every option
  bool active = true;               // inactive products are invisible to resellers
  std::int64_t revision = 0;        // bumped by storage on every change (cache key)
  friend bool operator==(const Product&, const Product&) = default;
};

// The largest price a product may carry, in minor units: a booking's total (at most 500 unit
// items, plus extras) then stays far inside int64.
inline constexpr std::int64_t kMaxPrice = 1'000'000'000'000;

// Checks a product before it is saved: ids present and unique, zone and currency valid, >= 1
// option with >= 1 unit, a base price for every unit (or one per-booking price), prices from 0
// to kMaxPrice with net <= retail, limits sane, requiredContactFields from OCTO's list. Texts:
// names one line of at most 200 characters, descriptions at most 20,000, none blank, no control
// characters (descriptions may break lines) or bidirectional overrides; locale keys "es"/"en-GB";
// destination country ISO 3166-1 alpha-2.
// kInvalidArgument with the field path ("options[0].units[1].id").
Status validate_product(const Product& p);

const Option* find_option(const Product& p, std::string_view option_id);
const Unit* find_unit(const Option& o, std::string_view unit_id);
// OCTO accompaniedBy: the units of `o` that a unit of `u`'s kind must be booked with. Children and
// infants come with an adult, a senior or a family ticket when the option sells one; when it sells
// none (a children's workshop), nobody is needed. Empty for every other kind.
std::vector<std::string_view> accompanying_units(const Option& o, const Unit& u);
const Extra* find_extra(const Product& p, std::string_view extra_id);
const Question* find_question(const Product& p, std::string_view question_id);
const PickupPoint* find_pickup_point(const Product& p, std::string_view pickup_point_id);

}  // namespace paseo::domain
