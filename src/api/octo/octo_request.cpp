#include "api/octo/octo_request.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace paseo::api::octo {
namespace {

using http::JsonValue;

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

OctoError type_error(std::string_view field, std::string_view what) {
  return OctoError::bad_request("'" + std::string(field) + "' must be " + std::string(what),
                                std::string(field));
}

// Characters, not bytes: the parser has checked the text is UTF-8, so every byte that is not a
// continuation byte (10xxxxxx) starts one character.
bool too_long(std::string_view text) {
  if (text.size() <= kMaxTextLength) return false;
  std::size_t chars = 0;
  for (unsigned char c : text) chars += (c & 0xC0) != 0x80;
  return chars > kMaxTextLength;
}

// Required string, non-empty, bounded.
Expected<std::string> req_string(const JsonValue& obj, std::string_view key) {
  JsonValue v = obj.get(key);
  if (!v.valid() || v.is_null()) {
    return OctoError::bad_request("'" + std::string(key) + "' is required", std::string(key));
  }
  if (!v.is_string()) return type_error(key, "a string");
  if (v.as_string().empty()) return type_error(key, "a non-empty string");
  if (too_long(v.as_string())) return type_error(key, "at most 2000 characters");
  return std::string(v.as_string());
}

Expected<std::optional<std::string>> opt_string(const JsonValue& obj, std::string_view key) {
  JsonValue v = obj.get(key);
  if (!v.valid() || v.is_null()) return std::optional<std::string>();
  if (!v.is_string()) return type_error(key, "a string");
  if (too_long(v.as_string())) return type_error(key, "at most 2000 characters");
  return std::optional<std::string>(std::string(v.as_string()));
}

Expected<std::optional<bool>> opt_bool(const JsonValue& obj, std::string_view key) {
  JsonValue v = obj.get(key);
  if (!v.valid() || v.is_null()) return std::optional<bool>();
  if (!v.is_bool()) return type_error(key, "a boolean");
  return std::optional<bool>(v.as_bool());
}

Expected<std::optional<std::int64_t>> opt_int(const JsonValue& obj, std::string_view key) {
  JsonValue v = obj.get(key);
  if (!v.valid() || v.is_null()) return std::optional<std::int64_t>();
  if (!v.is_int()) return type_error(key, "an integer");
  return std::optional<std::int64_t>(v.as_int());
}

Expected<domain::LocalDate> parse_date(const JsonValue& obj, std::string_view key) {
  OCTO_TRY(std::string text, req_string(obj, key));
  auto d = domain::LocalDate::parse(text);
  if (!d.ok()) {
    return OctoError::bad_request(
        "'" + std::string(key) + "' must be a date as YYYY-MM-DD, got '" + text + "'",
        std::string(key));
  }
  return *d;
}

Expected<std::optional<domain::LocalDate>> opt_date(const JsonValue& obj, std::string_view key) {
  JsonValue v = obj.get(key);
  if (!v.valid() || v.is_null()) return std::optional<domain::LocalDate>();
  OCTO_TRY(auto d, parse_date(obj, key));
  return std::optional<domain::LocalDate>(d);
}

// `key`: [{id, quantity}] ("units", or "extras" of octo/extras).
Expected<std::vector<UnitQuantity>> parse_quantities(const JsonValue& obj, const std::string& key) {
  std::vector<UnitQuantity> out;
  JsonValue v = obj.get(key);
  if (!v.valid() || v.is_null()) return out;
  if (!v.is_array()) return type_error(key, "an array of {id, quantity}");
  if (v.size() > static_cast<std::size_t>(kMaxUnitItems)) return type_error(key, "shorter");
  for (const auto& item : v.items()) {
    if (!item.is_object()) return type_error(key, "an array of {id, quantity}");
    OCTO_TRY(std::string id, req_string(item, "id"));
    JsonValue q = item.get("quantity");
    if (!q.valid() || !q.is_int()) return type_error(key + ".quantity", "an integer");
    if (q.as_int() <= 0 || q.as_int() > kMaxQuantityPerUnit) {
      return OctoError::bad_request("'" + key + ".quantity' must be between 1 and 500",
                                    key + ".quantity");
    }
    out.push_back({std::move(id), static_cast<int>(q.as_int())});
  }
  return out;
}

Expected<std::vector<UnitQuantity>> parse_units(const JsonValue& obj) {
  return parse_quantities(obj, "units");
}

Expected<std::optional<std::string>> parse_currency(const JsonValue& obj) {
  OCTO_TRY(auto c, opt_string(obj, "currency"));
  if (c && (c->size() != 3 ||
            !std::all_of(c->begin(), c->end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; }))) {
    return type_error("currency", "an ISO 4217 code such as EUR");
  }
  return c;
}

// The address rule of the OCTO schemas (zod's email(): ASCII local part of letters, digits and
// _'+-. not starting or ending with a dot, no "..", then labels and a TLD of 2+ letters). A
// booking whose contact breaks it would come back as JSON that fails the reseller's own schema.
bool looks_like_email(std::string_view s) {
  auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  const auto at = s.find('@');
  if (at == std::string_view::npos || at == 0 || s.find("..") != std::string_view::npos) {
    return false;
  }
  const std::string_view local = s.substr(0, at);
  const std::string_view domain = s.substr(at + 1);
  if (local.front() == '.') return false;
  for (char c : local) {
    if (!alnum(c) && c != '_' && c != '\'' && c != '+' && c != '-' && c != '.') return false;
  }
  if (local.back() == '.' || local.back() == '\'') return false;
  const auto last_dot = domain.rfind('.');
  if (last_dot == std::string_view::npos || last_dot == 0) return false;
  const std::string_view tld = domain.substr(last_dot + 1);
  if (tld.size() < 2 || !std::all_of(tld.begin(), tld.end(), alpha)) return false;
  std::size_t start = 0;
  while (start < last_dot) {
    const auto end = domain.find('.', start);
    const std::string_view label = domain.substr(start, end - start);
    if (label.empty() || !alnum(label.front())) return false;
    for (char c : label) {
      if (!alnum(c) && c != '-') return false;
    }
    start = end + 1;
  }
  return true;
}

Expected<ContactInput> parse_contact(const JsonValue& obj, std::string_view key) {
  ContactInput c;
  JsonValue v = obj.get(key);
  if (!v.valid() || v.is_null()) return c;
  if (!v.is_object()) return type_error(key, "an object");
  c.present = true;
  OCTO_TRY(c.full_name, opt_string(v, "fullName"));
  OCTO_TRY(c.first_name, opt_string(v, "firstName"));
  OCTO_TRY(c.last_name, opt_string(v, "lastName"));
  OCTO_TRY(c.email, opt_string(v, "emailAddress"));
  OCTO_TRY(c.phone, opt_string(v, "phoneNumber"));
  OCTO_TRY(c.postal_code, opt_string(v, "postalCode"));
  OCTO_TRY(c.country, opt_string(v, "country"));
  OCTO_TRY(c.notes, opt_string(v, "notes"));
  OCTO_TRY(c.allow_marketing, opt_bool(v, "allowMarketing"));
  if (c.email && c.email->empty()) c.email.reset();
  if (c.email && !looks_like_email(*c.email)) {
    return OctoError::bad_request("'contact.emailAddress' is not a valid email address",
                                  "contact.emailAddress");
  }
  JsonValue loc = v.get("locales");
  if (loc.valid() && !loc.is_null()) {
    if (!loc.is_array()) return type_error("contact.locales", "an array of strings");
    std::vector<std::string> locales;
    for (const auto& l : loc.items()) {
      if (!l.is_string() || l.as_string().size() > 35) {
        return type_error("contact.locales", "an array of language tags");
      }
      locales.emplace_back(l.as_string());
    }
    c.locales = std::move(locales);
  }
  return c;
}

Expected<std::optional<std::string>> parse_uuid_field(const JsonValue& obj, std::string_view key) {
  OCTO_TRY(auto u, opt_string(obj, key));
  if (u && !is_uuid(*u)) return type_error(key, "a UUID");
  if (u) *u = lower(*u);
  return u;
}

Expected<std::optional<std::vector<QuestionAnswerInput>>> parse_answers(const JsonValue& obj) {
  JsonValue v = obj.get("questionAnswers");
  if (!v.valid() || v.is_null()) return std::optional<std::vector<QuestionAnswerInput>>();
  if (!v.is_array()) return type_error("questionAnswers", "an array of {questionId, value}");
  std::vector<QuestionAnswerInput> out;
  for (const auto& a : v.items()) {
    if (!a.is_object()) return type_error("questionAnswers", "an array of {questionId, value}");
    OCTO_TRY(std::string qid, req_string(a, "questionId"));
    JsonValue val = a.get("value");
    std::string value;
    if (val.valid() && val.is_string()) {
      value = std::string(val.as_string());
    } else if (val.valid() && val.is_int()) {
      value = std::to_string(val.as_int());
    } else if (!val.valid() || val.is_null()) {
      value = "";
    } else {
      return type_error("questionAnswers.value", "a string");
    }
    if (value.size() > kMaxTextLength) return type_error("questionAnswers.value", "shorter");
    out.push_back({std::move(qid), std::move(value)});
  }
  return std::optional<std::vector<QuestionAnswerInput>>(std::move(out));
}

Expected<std::optional<std::vector<ExtraItemInput>>> parse_extras(const JsonValue& obj) {
  JsonValue v = obj.get("extraItems");
  if (!v.valid() || v.is_null()) return std::optional<std::vector<ExtraItemInput>>();
  if (!v.is_array()) return type_error("extraItems", "an array of {extraId, quantity?}");
  std::vector<ExtraItemInput> out;
  for (const auto& e : v.items()) {
    if (!e.is_object()) return type_error("extraItems", "an array of {extraId, quantity?}");
    OCTO_TRY(std::string id, req_string(e, "extraId"));
    OCTO_TRY(auto q, opt_int(e, "quantity"));
    std::int64_t quantity = q.value_or(1);
    if (quantity <= 0 || quantity > kMaxQuantityPerUnit) {
      return OctoError::bad_request("'extraItems.quantity' must be between 1 and 500",
                                    "extraItems.quantity");
    }
    out.push_back({std::move(id), static_cast<int>(quantity)});
  }
  return std::optional<std::vector<ExtraItemInput>>(std::move(out));
}

Expected<std::vector<UnitItemInput>> parse_unit_items(const JsonValue& v) {
  if (!v.is_array()) return type_error("unitItems", "an array of {unitId}");
  if (v.size() > static_cast<std::size_t>(kMaxUnitItems)) {
    return OctoError::unprocessable("too many unitItems (at most 500 per booking)");
  }
  std::vector<UnitItemInput> out;
  out.reserve(v.size());
  for (const auto& item : v.items()) {
    if (!item.is_object()) return type_error("unitItems", "an array of {unitId}");
    UnitItemInput u;
    OCTO_TRY(u.unit_id, req_string(item, "unitId"));
    OCTO_TRY(u.uuid, parse_uuid_field(item, "uuid"));
    OCTO_TRY(u.reseller_reference, opt_string(item, "resellerReference"));
    OCTO_TRY(u.contact, parse_contact(item, "contact"));
    OCTO_TRY(auto answers, parse_answers(item));
    if (answers) u.question_answers = std::move(*answers);
    // Extras are sold per booking here: one on a unit item would be neither priced nor kept, so
    // it is refused rather than dropped in silence.
    if (JsonValue x = item.get("extraItems");
        x.valid() && !x.is_null() && !(x.is_array() && x.size() == 0)) {
      return OctoError::bad_request(
          "extras are booked per booking: send them in the booking's 'extraItems', not on a unit "
          "item",
          "unitItems.extraItems");
    }
    out.push_back(std::move(u));
  }
  return out;
}

}  // namespace

std::string Capabilities::header_value() const {
  std::string out;
  auto add = [&](const char* id) {
    if (!out.empty()) out += ", ";
    out += id;
  };
  if (pricing) add("octo/pricing");
  if (content) add("octo/content");
  if (pickups) add("octo/pickups");
  if (questions) add("octo/questions");
  if (extras) add("octo/extras");
  return out;
}

Capabilities parse_capabilities(std::string_view header) {
  Capabilities c;
  while (!header.empty()) {
    auto comma = header.find(',');
    std::string id = lower(trim(header.substr(0, comma)));
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    if (id.rfind("octo/", 0) == 0) id = id.substr(5);
    if (id == "pricing") c.pricing = true;
    if (id == "content") c.content = true;
    if (id == "pickups") c.pickups = true;
    if (id == "questions") c.questions = true;
    if (id == "extras") c.extras = true;
  }
  return c;
}

std::string negotiate_language(std::string_view accept_language, std::string_view fallback) {
  static constexpr std::string_view kSupported[] = {"es", "en", "fr"};
  std::string best;
  double best_q = 0.0;
  while (!accept_language.empty()) {
    auto comma = accept_language.find(',');
    std::string_view part = trim(accept_language.substr(0, comma));
    accept_language =
        comma == std::string_view::npos ? std::string_view() : accept_language.substr(comma + 1);
    double q = 1.0;
    if (auto semi = part.find(';'); semi != std::string_view::npos) {
      std::string_view params = trim(part.substr(semi + 1));
      part = trim(part.substr(0, semi));
      if (params.rfind("q=", 0) == 0) q = std::atof(std::string(params.substr(2)).c_str());
    }
    std::string tag = lower(part.substr(0, part.find('-')));
    if (q <= best_q) continue;
    for (auto s : kSupported) {
      if (tag == s) {
        best = tag;
        best_q = q;
      }
    }
  }
  return best.empty() ? std::string(fallback) : best;
}

bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-') return false;
    } else if (!std::isxdigit(static_cast<unsigned char>(s[i]))) {
      return false;
    }
  }
  return true;
}

Expected<http::JsonDocument> parse_body_object(std::string_view body) {
  if (trim(body).empty()) body = "{}";
  auto doc = http::parse_json(body);
  if (!doc.ok())
    return OctoError::bad_request("request body is not valid JSON: " + doc.error().message);
  if (!doc->root().is_object()) return OctoError::bad_request("request body must be a JSON object");
  return std::move(doc).value();
}

Expected<CalendarRequest> parse_calendar_request(const JsonValue& root) {
  CalendarRequest r;
  OCTO_TRY(r.product_id, req_string(root, "productId"));
  OCTO_TRY(r.option_id, req_string(root, "optionId"));
  OCTO_TRY(r.start, parse_date(root, "localDateStart"));
  OCTO_TRY(r.end, parse_date(root, "localDateEnd"));
  if (r.end < r.start) {
    return OctoError::bad_request("'localDateEnd' must not be before 'localDateStart'",
                                  "localDateEnd");
  }
  if (r.end.days - r.start.days + 1 > kMaxCalendarDays) {
    return OctoError::bad_request(
        "the calendar covers at most " + std::to_string(kMaxCalendarDays) + " days",
        "localDateEnd");
  }
  OCTO_TRY(r.units, parse_units(root));
  OCTO_TRY(r.currency, parse_currency(root));
  return r;
}

Expected<CheckRequest> parse_check_request(const JsonValue& root) {
  CheckRequest r;
  OCTO_TRY(r.product_id, req_string(root, "productId"));
  OCTO_TRY(r.option_id, req_string(root, "optionId"));
  OCTO_TRY(auto local_date, opt_date(root, "localDate"));
  OCTO_TRY(auto start, opt_date(root, "localDateStart"));
  OCTO_TRY(auto end, opt_date(root, "localDateEnd"));
  JsonValue ids = root.get("availabilityIds");
  const bool has_ids = ids.valid() && !ids.is_null();
  const int selectors = (local_date ? 1 : 0) + ((start || end) ? 1 : 0) + (has_ids ? 1 : 0);
  if (selectors != 1) {
    return OctoError::bad_request(
        "exactly one of localDate, localDateStart/localDateEnd or availabilityIds is required");
  }
  if (local_date) {
    r.start = r.end = local_date;
  } else if (start || end) {
    if (!start || !end) {
      return OctoError::bad_request("localDateStart and localDateEnd go together",
                                    start ? "localDateEnd" : "localDateStart");
    }
    if (*end < *start) {
      return OctoError::bad_request("'localDateEnd' must not be before 'localDateStart'",
                                    "localDateEnd");
    }
    if (end->days - start->days + 1 > kMaxCheckDays) {
      return OctoError::bad_request(
          "an availability check covers at most 31 days; use the calendar", "localDateEnd");
    }
    r.start = start;
    r.end = end;
  } else {
    if (!ids.is_array() || ids.size() == 0) {
      return type_error("availabilityIds", "a non-empty array of strings");
    }
    if (ids.size() > static_cast<std::size_t>(kMaxAvailabilityIds)) {
      return type_error("availabilityIds", "at most 100 ids");
    }
    for (const auto& id : ids.items()) {
      if (!id.is_string() || id.as_string().empty() || id.as_string().size() > 64) {
        return type_error("availabilityIds", "an array of availability ids");
      }
      r.availability_ids.emplace_back(id.as_string());
    }
  }
  OCTO_TRY(r.units, parse_units(root));
  OCTO_TRY(r.extras, parse_quantities(root, "extras"));
  OCTO_TRY(r.currency, parse_currency(root));
  return r;
}

Expected<BookingInput> parse_booking_input(const JsonValue& root, bool for_update) {
  BookingInput b;
  if (!for_update) {
    OCTO_TRY(b.uuid, parse_uuid_field(root, "uuid"));
    OCTO_TRY(b.product_id, req_string(root, "productId"));
    OCTO_TRY(b.option_id, req_string(root, "optionId"));
  } else {
    OCTO_TRY(b.product_id, opt_string(root, "productId"));
    OCTO_TRY(b.option_id, opt_string(root, "optionId"));
    if (b.product_id && b.product_id->empty()) return type_error("productId", "non-empty");
    if (b.option_id && b.option_id->empty()) return type_error("optionId", "non-empty");
  }
  OCTO_TRY(b.availability_id, opt_string(root, "availabilityId"));
  OCTO_TRY(b.expiration_minutes, opt_int(root, "expirationMinutes"));
  if (b.expiration_minutes && *b.expiration_minutes <= 0) {
    return OctoError::bad_request("'expirationMinutes' must be a positive integer",
                                  "expirationMinutes");
  }
  JsonValue notes = root.get("notes");
  if (notes.valid()) {
    if (notes.is_null()) {
      b.notes = std::optional<std::string>();
    } else {
      OCTO_TRY(auto n, opt_string(root, "notes"));
      b.notes = n;
    }
  }
  JsonValue items = root.get("unitItems");
  if (items.valid() && !items.is_null()) {
    OCTO_TRY(auto parsed, parse_unit_items(items));
    if (parsed.empty()) return OctoError::unprocessable("unitItems must not be empty");
    b.unit_items = std::move(parsed);
  } else if (!for_update) {
    return OctoError::unprocessable("unitItems is required (one item per ticket)");
  }
  OCTO_TRY(b.reseller_reference, opt_string(root, "resellerReference"));
  OCTO_TRY(b.contact, parse_contact(root, "contact"));
  OCTO_TRY(b.currency, parse_currency(root));
  OCTO_TRY(b.email_receipt, opt_bool(root, "emailReceipt"));
  OCTO_TRY(b.pickup_requested, opt_bool(root, "pickupRequested"));
  OCTO_TRY(b.pickup_point_id, opt_string(root, "pickupPointId"));
  OCTO_TRY(b.pickup_hotel, opt_string(root, "pickupHotel"));
  OCTO_TRY(b.pickup_hotel_room, opt_string(root, "pickupHotelRoom"));
  OCTO_TRY(b.question_answers, parse_answers(root));
  OCTO_TRY(b.extra_items, parse_extras(root));
  return b;
}

Expected<ConfirmInput> parse_confirm_input(const JsonValue& root) {
  ConfirmInput c;
  OCTO_TRY(c.contact, parse_contact(root, "contact"));
  if (!c.contact.present) return OctoError::bad_request("'contact' is required", "contact");
  OCTO_TRY(c.reseller_reference, opt_string(root, "resellerReference"));
  OCTO_TRY(c.email_receipt, opt_bool(root, "emailReceipt"));
  JsonValue items = root.get("unitItems");
  if (items.valid() && !items.is_null()) {
    OCTO_TRY(auto parsed, parse_unit_items(items));
    if (parsed.empty()) return OctoError::unprocessable("unitItems must not be empty");
    c.unit_items = std::move(parsed);
  }
  OCTO_TRY(c.question_answers, parse_answers(root));
  return c;
}

Expected<CancelInput> parse_cancel_input(const JsonValue& root) {
  CancelInput c;
  OCTO_TRY(c.reason, opt_string(root, "reason"));
  OCTO_TRY(auto force, opt_bool(root, "force"));
  c.force = force.value_or(false);
  return c;
}

Expected<ExtendInput> parse_extend_input(const JsonValue& root) {
  ExtendInput e;
  OCTO_TRY(e.expiration_minutes, opt_int(root, "expirationMinutes"));
  if (e.expiration_minutes && *e.expiration_minutes <= 0) {
    return OctoError::bad_request("'expirationMinutes' must be a positive integer",
                                  "expirationMinutes");
  }
  return e;
}

Expected<ListBookingsQuery> parse_list_bookings_query(const http::Request& req) {
  ListBookingsQuery q;
  auto get = [&](const char* name) -> std::optional<std::string> {
    auto v = req.query_param(name);
    if (v && v->empty()) return std::nullopt;
    return v;
  };
  q.reseller_reference = get("resellerReference");
  q.supplier_reference = get("supplierReference");
  q.product_id = get("productId");
  q.option_id = get("optionId");
  auto date = [&](const char* name) -> Expected<std::optional<domain::LocalDate>> {
    auto v = get(name);
    if (!v) return std::optional<domain::LocalDate>();
    auto d = domain::LocalDate::parse(*v);
    if (!d.ok()) {
      return OctoError::bad_request(std::string("'") + name + "' must be a date as YYYY-MM-DD",
                                    name);
    }
    return std::optional<domain::LocalDate>(*d);
  };
  OCTO_TRY(auto local_date, date("localDate"));
  OCTO_TRY(auto start, date("localDateStart"));
  OCTO_TRY(auto end, date("localDateEnd"));
  if (local_date) {
    q.start = q.end = local_date;
  } else if (start || end) {
    if (!start || !end) {
      return OctoError::bad_request("localDateStart and localDateEnd go together");
    }
    if (*end < *start) return OctoError::bad_request("'localDateEnd' is before 'localDateStart'");
    if (end->days - start->days > kMaxBookingListDays) {
      return OctoError::bad_request("the date range covers at most " +
                                    std::to_string(kMaxBookingListDays) + " days");
    }
    q.start = start;
    q.end = end;
  }
  if (!q.reseller_reference && !q.supplier_reference && !q.start) {
    return OctoError::bad_request(
        "one of resellerReference, supplierReference, localDate or localDateStart/localDateEnd "
        "is required");
  }
  return q;
}

}  // namespace paseo::api::octo
