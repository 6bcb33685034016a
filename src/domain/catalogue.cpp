#include "domain/catalogue.h"

#include <algorithm>
#include <iterator>
#include <set>

#include "common/money.h"
#include "domain/contact_details.h"

namespace paseo::domain {
namespace {

template <typename E, std::size_t N>
Result<E> parse_enum(std::string_view s, const std::pair<E, std::string_view> (&table)[N],
                     std::string_view what) {
  for (const auto& [v, name] : table) {
    if (name == s) return v;
  }
  return Error::invalid_argument("unknown " + std::string(what) + " '" + std::string(s) + "'");
}

template <typename E, std::size_t N>
std::string_view name_of(E v, const std::pair<E, std::string_view> (&table)[N]) {
  for (const auto& [e, name] : table) {
    if (e == v) return name;
  }
  return "";
}

constexpr std::pair<AvailabilityType, std::string_view> kAvailabilityTypes[] = {
    {AvailabilityType::kStartTime, "START_TIME"},
    {AvailabilityType::kOpeningHours, "OPENING_HOURS"}};
constexpr std::pair<PricingPer, std::string_view> kPricingPer[] = {
    {PricingPer::kUnit, "UNIT"}, {PricingPer::kBooking, "BOOKING"}};
constexpr std::pair<UnitType, std::string_view> kUnitTypes[] = {
    {UnitType::kAdult, "ADULT"},     {UnitType::kYouth, "YOUTH"},
    {UnitType::kChild, "CHILD"},     {UnitType::kInfant, "INFANT"},
    {UnitType::kFamily, "FAMILY"},   {UnitType::kSenior, "SENIOR"},
    {UnitType::kStudent, "STUDENT"}, {UnitType::kMilitary, "MILITARY"},
    {UnitType::kOther, "OTHER"}};
constexpr std::pair<QuestionScope, std::string_view> kScopes[] = {
    {QuestionScope::kBooking, "BOOKING"}, {QuestionScope::kUnit, "UNIT"}};
constexpr std::pair<QuestionInput, std::string_view> kInputs[] = {
    {QuestionInput::kText, "text"},
    {QuestionInput::kSelect, "select"},
    {QuestionInput::kDate, "date"},
    {QuestionInput::kNumber, "number"}};

const std::string kEmpty;

Status invalid(std::string field, std::string msg, std::string key = {},
               Error::Params params = {}) {
  return Error::invalid_argument(std::move(msg), std::move(field))
      .with_key(std::move(key), std::move(params));
}

}  // namespace

namespace {
// The entry localized() picks, or end().
LocalizedText::const_iterator pick(const LocalizedText& text, std::string_view locale) {
  if (text.empty()) return text.end();
  if (auto it = text.find(std::string(locale)); it != text.end() && !it->second.empty()) {
    return it;
  }
  std::string lang(locale.substr(0, locale.find_first_of("-_")));
  if (auto it = text.find(lang); it != text.end() && !it->second.empty()) return it;
  if (auto it = text.find("en"); it != text.end() && !it->second.empty()) return it;
  for (auto it = text.begin(); it != text.end(); ++it) {
    if (!it->second.empty()) return it;
  }
  return text.end();
}
}  // namespace

const std::string& localized(const LocalizedText& text, std::string_view locale) {
  auto it = pick(text, locale);
  return it == text.end() ? kEmpty : it->second;
}

std::string localized_locale(const LocalizedText& text, std::string_view locale) {
  auto it = pick(text, locale);
  return it == text.end() ? std::string(locale) : it->first;
}

std::string_view to_string(AvailabilityType v) { return name_of(v, kAvailabilityTypes); }
std::string_view to_string(PricingPer v) { return name_of(v, kPricingPer); }
std::string_view to_string(UnitType v) { return name_of(v, kUnitTypes); }
std::string_view to_string(QuestionScope v) { return name_of(v, kScopes); }
std::string_view to_string(QuestionInput v) { return name_of(v, kInputs); }
Result<AvailabilityType> parse_availability_type(std::string_view s) {
  return parse_enum(s, kAvailabilityTypes, "availability type");
}
Result<PricingPer> parse_pricing_per(std::string_view s) {
  return parse_enum(s, kPricingPer, "pricingPer");
}
Result<UnitType> parse_unit_type(std::string_view s) {
  return parse_enum(s, kUnitTypes, "unit type");
}
Result<QuestionScope> parse_question_scope(std::string_view s) {
  return parse_enum(s, kScopes, "question scope");
}
Result<QuestionInput> parse_question_input(std::string_view s) {
  return parse_enum(s, kInputs, "question input type");
}

namespace {
constexpr const char* kPriceRange =
    "prices must be from 0 to 1,000,000,000,000 minor units (10 billion in a 2-decimal currency)";

// Catalogue texts end up in lists, day sheets, emails and resellers' sites. A name is one line; a
// description may have line breaks and tabs. Neither may carry other control characters or the
// bidirectional overrides (U+202A..U+202E, U+2066..U+2069) that make a text display as something
// it is not. Lengths count characters, not bytes, so Greek or Japanese names get the same room.
constexpr std::size_t kMaxNameChars = 200;
constexpr std::size_t kMaxDescriptionChars = 20000;

enum class TextKind { kName, kDescription };

Status check_catalogue_text(std::string_view text, TextKind kind, const std::string& field) {
  if (text.empty()) return ok_status();
  bool blank = true;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) != 0x80) ++chars;
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') blank = false;
    const bool line_break =
        c == '\n' || c == '\t' || (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n');
    if (c < 0x20 || c == 0x7F) {
      if (kind == TextKind::kName || !line_break) {
        return kind == TextKind::kName
                   ? invalid(field, "must be one line, without tabs or control characters",
                             "field.oneLine")
                   : invalid(field, "must not contain control characters", "text.control");
      }
    }
    if (c == 0xE2 && i + 2 < text.size()) {
      const auto b1 = static_cast<unsigned char>(text[i + 1]);
      const auto b2 = static_cast<unsigned char>(text[i + 2]);
      if ((b1 == 0x80 && b2 >= 0xAA && b2 <= 0xAE) || (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9)) {
        return invalid(field, "must not contain bidirectional override characters", "text.control");
      }
    }
  }
  if (blank) return invalid(field, "must not be blank", "field.required");
  const std::size_t limit = kind == TextKind::kName ? kMaxNameChars : kMaxDescriptionChars;
  if (chars > limit) {
    return invalid(field,
                   "is too long (" + std::to_string(chars) + " characters, at most " +
                       std::to_string(limit) + ")",
                   "field.tooLong", {{"max", std::to_string(limit)}});
  }
  return ok_status();
}

// Locale keys are language tags as the Accept-Language header sends them: "es", "en-GB".
bool is_locale_key(std::string_view k) {
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  if (k.size() != 2 && k.size() != 5) return false;
  if (!lower(k[0]) || !lower(k[1])) return false;
  return k.size() == 2 || ((k[2] == '-' || k[2] == '_') && upper(k[3]) && upper(k[4]));
}

Status check_localized(const LocalizedText& text, TextKind kind, const std::string& field) {
  for (const auto& [locale, value] : text) {
    if (!is_locale_key(locale)) {
      return invalid(field, "'" + locale + "' is not a language code (es, en, fr, en-GB)");
    }
    PASEO_RETURN_IF_ERROR(check_catalogue_text(value, kind, field + "." + locale));
  }
  return ok_status();
}

// Names and texts of every part of a product, with the same field paths as the other checks.
Status check_product_texts(const Product& p) {
  using K = TextKind;
  PASEO_RETURN_IF_ERROR(check_catalogue_text(p.internal_name, K::kName, "internalName"));
  PASEO_RETURN_IF_ERROR(check_catalogue_text(p.reference, K::kName, "reference"));
  PASEO_RETURN_IF_ERROR(check_localized(p.title, K::kName, "title"));
  PASEO_RETURN_IF_ERROR(check_localized(p.short_description, K::kDescription, "shortDescription"));
  PASEO_RETURN_IF_ERROR(check_localized(p.description, K::kDescription, "description"));
  PASEO_RETURN_IF_ERROR(check_catalogue_text(p.destination_city, K::kName, "destinationCity"));
  PASEO_RETURN_IF_ERROR(check_catalogue_text(p.category, K::kName, "category"));
  const auto& country = p.destination_country;
  if (!country.empty() && !is_country_code(country)) {
    return invalid("destinationCountry", "must be an ISO 3166-1 alpha-2 code such as ES",
                   "product.country");
  }
  if (p.meeting_point) {
    PASEO_RETURN_IF_ERROR(
        check_catalogue_text(p.meeting_point->address, K::kName, "meetingPoint.address"));
    PASEO_RETURN_IF_ERROR(check_localized(p.meeting_point->instructions, K::kDescription,
                                          "meetingPoint.instructions"));
  }
  for (std::size_t i = 0; i < p.pickup_points.size(); ++i) {
    const auto& pp = p.pickup_points[i];
    const std::string f = "pickupPoints[" + std::to_string(i) + "]";
    PASEO_RETURN_IF_ERROR(check_catalogue_text(pp.name, K::kName, f + ".name"));
    PASEO_RETURN_IF_ERROR(check_catalogue_text(pp.address, K::kName, f + ".address"));
    PASEO_RETURN_IF_ERROR(check_localized(pp.directions, K::kDescription, f + ".directions"));
  }
  for (std::size_t i = 0; i < p.extras.size(); ++i) {
    const std::string f = "extras[" + std::to_string(i) + "]";
    PASEO_RETURN_IF_ERROR(check_localized(p.extras[i].title, K::kName, f + ".title"));
    PASEO_RETURN_IF_ERROR(
        check_localized(p.extras[i].description, K::kDescription, f + ".description"));
  }
  for (std::size_t i = 0; i < p.questions.size(); ++i) {
    const auto& q = p.questions[i];
    const std::string f = "questions[" + std::to_string(i) + "]";
    PASEO_RETURN_IF_ERROR(check_localized(q.label, K::kName, f + ".label"));
    PASEO_RETURN_IF_ERROR(check_localized(q.description, K::kDescription, f + ".description"));
    for (std::size_t j = 0; j < q.select_options.size(); ++j) {
      PASEO_RETURN_IF_ERROR(check_catalogue_text(q.select_options[j], K::kName,
                                                 f + ".selectOptions[" + std::to_string(j) + "]"));
    }
  }
  for (std::size_t i = 0; i < p.options.size(); ++i) {
    const auto& o = p.options[i];
    const std::string f = "options[" + std::to_string(i) + "]";
    PASEO_RETURN_IF_ERROR(check_catalogue_text(o.internal_name, K::kName, f + ".internalName"));
    PASEO_RETURN_IF_ERROR(check_localized(o.title, K::kName, f + ".title"));
    for (std::size_t j = 0; j < o.units.size(); ++j) {
      const auto& u = o.units[j];
      const std::string uf = f + ".units[" + std::to_string(j) + "]";
      PASEO_RETURN_IF_ERROR(check_catalogue_text(u.internal_name, K::kName, uf + ".internalName"));
      PASEO_RETURN_IF_ERROR(check_localized(u.title, K::kName, uf + ".title"));
    }
  }
  return ok_status();
}

// OCTO's requiredContactFields vocabulary: anything else would be published and never asked for.
constexpr std::string_view kContactFields[] = {"firstName",   "lastName",  "emailAddress",
                                               "phoneNumber", "country",   "notes",
                                               "locales",     "postalCode"};
}  // namespace

Status validate_product(const Product& p) {
  if (p.id.empty()) return invalid("id", "product id is empty");
  if (p.supplier_id.empty()) return invalid("supplierId", "product has no supplier");
  if (p.internal_name.empty() && p.title.empty()) {
    return invalid("internalName", "product needs an internal name or a title",
                   "product.titleRequired");
  }
  auto tz = TimeZone::find(p.time_zone);
  if (!tz.ok()) return invalid("timeZone", tz.error().message);
  if (!is_valid_currency(p.currency))
    return invalid("currency", "unknown currency '" + p.currency + "'", "supplier.currency");
  if (p.duration_minutes <= 0 || p.duration_minutes > 60 * 24 * 30) {
    return invalid("durationMinutes", "duration must be between 1 minute and 30 days",
                   "product.duration");
  }
  if (p.booking_cutoff_minutes < 0)
    return invalid("bookingCutoffMinutes", "must be >= 0", "field.notNegative");
  if (p.booking_horizon_days < 0 || p.booking_horizon_days > 3660) {
    return invalid("bookingHorizonDays", "must be between 0 and 3660", "field.range",
                   {{"min", "0"}, {"max", "3660"}});
  }
  const auto& c = p.cancellation;
  if (c.fee_percent < 0 || c.fee_percent > 100) {
    return invalid("cancellation.feePercent", "must be between 0 and 100", "field.range",
                   {{"min", "0"}, {"max", "100"}});
  }
  if (c.free_until_hours < 0)
    return invalid("cancellation.freeUntilHours", "must be >= 0", "field.notNegative");
  if (c.cutoff_minutes < 0)
    return invalid("cancellation.cutoffMinutes", "must be >= 0", "field.notNegative");

  std::set<std::string> ids;
  for (std::size_t i = 0; i < p.pickup_points.size(); ++i) {
    const auto& pp = p.pickup_points[i];
    std::string f = "pickupPoints[" + std::to_string(i) + "]";
    if (pp.id.empty() || !ids.insert(pp.id).second)
      return invalid(f + ".id", "empty or duplicate id", "product.duplicateId");
    if (pp.minutes_before_start < 0)
      return invalid(f + ".minutesBeforeStart", "must be >= 0", "field.notNegative");
  }
  ids.clear();
  for (std::size_t i = 0; i < p.extras.size(); ++i) {
    const auto& e = p.extras[i];
    std::string f = "extras[" + std::to_string(i) + "]";
    if (e.id.empty() || !ids.insert(e.id).second)
      return invalid(f + ".id", "empty or duplicate id", "product.duplicateId");
    if (e.retail < 0 || e.net < 0 || e.retail > kMaxPrice || e.net > kMaxPrice) {
      return invalid(f + ".retail", kPriceRange, "product.priceRange");
    }
    if (e.net > e.retail)
      return invalid(f + ".net", "net price above the retail price", "product.netAboveRetail");
    if (e.max_quantity < 1)
      return invalid(f + ".maxQuantity", "must be >= 1", "field.min", {{"min", "1"}});
  }
  ids.clear();
  for (std::size_t i = 0; i < p.questions.size(); ++i) {
    const auto& q = p.questions[i];
    std::string f = "questions[" + std::to_string(i) + "]";
    if (q.id.empty() || !ids.insert(q.id).second)
      return invalid(f + ".id", "empty or duplicate id", "product.duplicateId");
    if (q.input == QuestionInput::kSelect && q.select_options.empty()) {
      return invalid(f + ".selectOptions", "a select question needs options",
                     "product.selectNeedsChoices");
    }
  }
  if (p.options.empty())
    return invalid("options", "a product needs at least one option", "product.optionRequired");
  PASEO_RETURN_IF_ERROR(check_product_texts(p));
  ids.clear();
  for (std::size_t i = 0; i < p.options.size(); ++i) {
    const auto& o = p.options[i];
    std::string f = "options[" + std::to_string(i) + "]";
    if (o.id.empty() || !ids.insert(o.id).second)
      return invalid(f + ".id", "empty or duplicate id", "product.duplicateId");
    if (o.min_units < 0 || o.max_units < 0 || (o.max_units > 0 && o.min_units > o.max_units)) {
      return invalid(f + ".restrictions", "min/max units out of order", "product.minAboveMax");
    }
    std::set<std::string_view> contact_fields;
    for (const auto& cf : o.required_contact_fields) {
      if (std::find(std::begin(kContactFields), std::end(kContactFields), cf) ==
          std::end(kContactFields)) {
        return invalid(f + ".requiredContactFields",
                       "'" + cf +
                           "' is not an OCTO contact field (firstName, lastName, emailAddress, "
                           "phoneNumber, country, notes, locales, postalCode)");
      }
      if (!contact_fields.insert(cf).second) {
        return invalid(f + ".requiredContactFields", "'" + cf + "' is listed twice",
                       "product.duplicateId");
      }
    }
    if (o.pickup_required && !o.pickup_available) {
      return invalid(f + ".pickupRequired", "pickup required but not available",
                     "product.pickupRequiredNotOffered");
    }
    if (o.pickup_available && p.pickup_points.empty()) {
      return invalid(f + ".pickupAvailable", "pickup offered but the product has no pickup points",
                     "product.noPickupPoints");
    }
    if (o.units.empty())
      return invalid(f + ".units", "an option needs at least one unit", "product.unitRequired");
    std::set<std::string> unit_ids;
    for (std::size_t j = 0; j < o.units.size(); ++j) {
      const auto& u = o.units[j];
      std::string uf = f + ".units[" + std::to_string(j) + "]";
      if (u.id.empty() || !unit_ids.insert(u.id).second) {
        return invalid(uf + ".id", "empty or duplicate id", "product.duplicateId");
      }
      if (u.pax_count < 0) return invalid(uf + ".paxCount", "must be >= 0", "field.notNegative");
      if (u.min_per_booking < 0 || u.max_per_booking < 0 ||
          (u.max_per_booking > 0 && u.min_per_booking > u.max_per_booking)) {
        return invalid(uf + ".restrictions", "min/max per booking out of order",
                       "product.minAboveMax");
      }
      if (u.min_age && u.max_age && *u.min_age > *u.max_age) {
        return invalid(uf + ".minAge", "min age above max age", "product.minAgeAboveMax");
      }
    }
    bool has_booking_base = false;
    std::set<std::string> units_with_base;
    for (std::size_t j = 0; j < o.prices.size(); ++j) {
      const auto& pr = o.prices[j];
      std::string pf = f + ".prices[" + std::to_string(j) + "]";
      if (pr.retail < 0 || pr.net < 0 || pr.retail > kMaxPrice || pr.net > kMaxPrice) {
        return invalid(pf + ".retail", kPriceRange, "product.priceRange");
      }
      // The reseller would pay the supplier more than the traveller pays: always a typo.
      if (pr.net > pr.retail)
        return invalid(pf + ".net", "net price above the retail price", "product.netAboveRetail");
      if (pr.valid_from && pr.valid_to && *pr.valid_to < *pr.valid_from) {
        return invalid(pf + ".validTo", "range ends before it starts", "field.toBeforeFrom");
      }
      if (pr.unit_id.empty()) {
        if (o.pricing_per != PricingPer::kBooking) {
          return invalid(pf + ".unitId", "per-booking price on a per-unit option");
        }
        if (!pr.valid_from && !pr.valid_to) has_booking_base = true;
      } else {
        if (!unit_ids.count(pr.unit_id))
          return invalid(pf + ".unitId", "unknown unit " + pr.unit_id);
        if (!pr.valid_from && !pr.valid_to) units_with_base.insert(pr.unit_id);
      }
    }
    if (o.pricing_per == PricingPer::kBooking) {
      if (!has_booking_base)
        return invalid(f + ".prices", "a per-booking option needs a base price",
                       "product.basePriceRequired");
    } else {
      for (const auto& u : o.units) {
        if (!units_with_base.count(u.id)) {
          return invalid(f + ".prices", "unit " + u.id + " has no base price",
                         "product.unitBasePriceRequired", {{"unit", u.id}});
        }
      }
    }
  }
  return ok_status();
}

const Option* find_option(const Product& p, std::string_view option_id) {
  for (const auto& o : p.options) {
    if (o.id == option_id) return &o;
  }
  return nullptr;
}
const Unit* find_unit(const Option& o, std::string_view unit_id) {
  for (const auto& u : o.units) {
    if (u.id == unit_id) return &u;
  }
  return nullptr;
}
std::vector<std::string_view> accompanying_units(const Option& o, const Unit& u) {
  std::vector<std::string_view> out;
  if (u.type != UnitType::kChild && u.type != UnitType::kInfant) return out;
  for (const auto& other : o.units) {
    if (other.type == UnitType::kAdult || other.type == UnitType::kSenior ||
        other.type == UnitType::kFamily) {
      out.push_back(other.id);
    }
  }
  return out;
}

const Extra* find_extra(const Product& p, std::string_view extra_id) {
  for (const auto& e : p.extras) {
    if (e.id == extra_id) return &e;
  }
  return nullptr;
}
const Question* find_question(const Product& p, std::string_view question_id) {
  for (const auto& q : p.questions) {
    if (q.id == question_id) return &q;
  }
  return nullptr;
}
const PickupPoint* find_pickup_point(const Product& p, std::string_view pickup_point_id) {
  for (const auto& pp : p.pickup_points) {
    if (pp.id == pickup_point_id) return &pp;
  }
  return nullptr;
}

}  // namespace paseo::domain
