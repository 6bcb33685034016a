#include "api/extranet/product_json.h"

#include <optional>

#include "api/extranet/internal/params.h"

namespace paseo::api::extranet {

namespace {

using domain::LocalizedText;
using http::JsonValue;
using http::JsonWriter;
using internal::with_field_prefix;

void write_texts(JsonWriter& w, const LocalizedText& t) {
  w.start_object();
  for (const auto& [locale, text] : t) w.field(locale, text);
  w.end_object();
}

std::string en_or_any(const LocalizedText& t, const std::string& fallback) {
  const std::string& s = domain::localized(t, "en");
  return s.empty() ? fallback : s;
}

void write_geo(JsonWriter& w, const std::optional<domain::GeoPoint>& g) {
  w.key("latitude");
  if (g)
    w.number(g->latitude);
  else
    w.null();
  w.key("longitude");
  if (g)
    w.number(g->longitude);
  else
    w.null();
}

void write_opt_int(JsonWriter& w, std::string_view key, const std::optional<int>& v) {
  w.key(key);
  if (v)
    w.integer(*v);
  else
    w.null();
}

std::string path(std::string_view prefix, std::string_view key) {
  return prefix.empty() ? std::string(key) : std::string(prefix) + "." + std::string(key);
}
std::string path(std::string_view prefix, std::size_t index) {
  return std::string(prefix) + "." + std::to_string(index);
}

// --- readers with field paths ---

Result<std::string> str(const JsonValue& o, std::string_view key, std::string_view prefix,
                        bool required = false, std::string fallback = {}) {
  auto v = http::optional_string(o, key);
  if (!v.ok()) return with_field_prefix(v.error(), prefix);
  if (!v->has_value()) {
    if (required)
      return Error::invalid_argument("'" + std::string(key) + "' is required", path(prefix, key))
          .with_key("field.required");
    return fallback;
  }
  return **v;
}

Result<std::optional<std::int64_t>> opt_int(const JsonValue& o, std::string_view key,
                                            std::string_view prefix) {
  auto v = http::optional_int(o, key);
  if (!v.ok()) return with_field_prefix(v.error(), prefix);
  return *v;
}

Result<int> int_field(const JsonValue& o, std::string_view key, std::string_view prefix,
                      int fallback, std::int64_t min = 0, std::int64_t max = 1000000000) {
  PASEO_ASSIGN_OR_RETURN(auto v, opt_int(o, key, prefix));
  if (!v) return fallback;
  if (*v < min || *v > max) {
    return Error::invalid_argument("'" + std::string(key) + "' must be from " +
                                       std::to_string(min) + " to " + std::to_string(max),
                                   path(prefix, key))
        .with_key("field.range", {{"min", std::to_string(min)}, {"max", std::to_string(max)}});
  }
  return static_cast<int>(*v);
}

Result<std::optional<int>> opt_small_int(const JsonValue& o, std::string_view key,
                                         std::string_view prefix) {
  PASEO_ASSIGN_OR_RETURN(auto v, opt_int(o, key, prefix));
  if (!v) return std::optional<int>{};
  if (*v < 0 || *v > 1000000) {
    return Error::invalid_argument("'" + std::string(key) + "' is out of range", path(prefix, key));
  }
  return std::optional<int>{static_cast<int>(*v)};
}

Result<std::int64_t> money_field(const JsonValue& o, std::string_view key, std::string_view prefix,
                                 std::int64_t fallback) {
  PASEO_ASSIGN_OR_RETURN(auto v, opt_int(o, key, prefix));
  if (!v) return fallback;
  if (*v < 0 || *v > 1'000'000'000'000LL) {
    return Error::invalid_argument(
               "'" + std::string(key) + "' must be a non-negative amount in minor units",
               path(prefix, key))
        .with_key("field.notNegative");
  }
  return *v;
}

Result<bool> bool_field(const JsonValue& o, std::string_view key, std::string_view prefix,
                        bool fallback) {
  auto v = http::optional_bool(o, key);
  if (!v.ok()) return with_field_prefix(v.error(), prefix);
  return v->value_or(fallback);
}

Result<LocalizedText> texts_map(const JsonValue& o, std::string_view key, std::string_view prefix) {
  LocalizedText out;
  auto v = o.get(key);
  if (!v.valid() || v.is_null()) return out;
  if (!v.is_object()) {
    return Error::invalid_argument("'" + std::string(key) + "' must be an object of locale -> text",
                                   path(prefix, key));
  }
  for (const auto& [locale, text] : v.members()) {
    if (!text.is_string()) {
      return Error::invalid_argument("must be a string", path(path(prefix, key), locale));
    }
    if (!text.as_string().empty()) out[std::string(locale)] = std::string(text.as_string());
  }
  return out;
}

// `name` (plain) plus optional `names` ({locale: text}); the plain one fills English when the map
// lacks it, so a one-language UI still works.
Result<LocalizedText> named(const JsonValue& o, std::string_view plain, std::string_view map,
                            std::string_view prefix) {
  PASEO_ASSIGN_OR_RETURN(auto texts, texts_map(o, map, prefix));
  PASEO_ASSIGN_OR_RETURN(auto name, str(o, plain, prefix));
  if (!name.empty() && !texts.count("en")) texts["en"] = name;
  return texts;
}

Result<std::optional<domain::GeoPoint>> geo(const JsonValue& o, std::string_view prefix) {
  auto lat = o.get("latitude");
  auto lon = o.get("longitude");
  bool has_lat = lat.valid() && !lat.is_null();
  bool has_lon = lon.valid() && !lon.is_null();
  if (!has_lat && !has_lon) return std::optional<domain::GeoPoint>{};
  if (!has_lat || !lat.is_number() || lat.as_double() < -90 || lat.as_double() > 90) {
    return Error::invalid_argument("'latitude' must be a number from -90 to 90",
                                   path(prefix, "latitude"))
        .with_key("field.range", {{"min", "-90"}, {"max", "90"}});
  }
  if (!has_lon || !lon.is_number() || lon.as_double() < -180 || lon.as_double() > 180) {
    return Error::invalid_argument("'longitude' must be a number from -180 to 180",
                                   path(prefix, "longitude"))
        .with_key("field.range", {{"min", "-180"}, {"max", "180"}});
  }
  return std::optional<domain::GeoPoint>{domain::GeoPoint{lat.as_double(), lon.as_double()}};
}

Result<std::vector<JsonValue>> array_field(const JsonValue& o, std::string_view key,
                                           std::string_view prefix) {
  auto v = o.get(key);
  if (!v.valid() || v.is_null()) return std::vector<JsonValue>{};
  if (!v.is_array()) {
    return Error::invalid_argument("'" + std::string(key) + "' must be an array",
                                   path(prefix, key));
  }
  auto items = v.items();
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!items[i].is_object() && !items[i].is_string()) {
      return Error::invalid_argument("must be an object", path(path(prefix, key), i));
    }
  }
  return items;
}

Result<domain::LocalTime> hh_mm(const JsonValue& o, std::string_view key, std::string_view prefix) {
  auto v = o.get(key);
  if (!v.valid() || v.is_null()) {
    return Error::invalid_argument("'" + std::string(key) + "' is required (HH:MM)",
                                   path(prefix, key))
        .with_key("field.required");
  }
  auto t = v.is_string() ? domain::LocalTime::parse(v.as_string())
                         : Result<domain::LocalTime>(Error::invalid_argument(""));
  if (!t.ok()) {
    return Error::invalid_argument("'" + std::string(key) + "' must be a time HH:MM (00:00-23:59)",
                                   path(prefix, key))
        .with_key("field.time");
  }
  return *t;
}

const char* const kWeekdayNames[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                     "Friday", "Saturday", "Sunday"};

std::optional<domain::LocalDate> parse_opt_date(std::string_view s) {
  auto d = domain::LocalDate::parse(s);
  if (!d.ok()) return std::nullopt;
  return *d;
}

}  // namespace

std::string text_in(const domain::LocalizedText& text, std::string_view locale,
                    const std::string& fallback) {
  const std::string& s = domain::localized(text, locale);
  return s.empty() ? fallback : s;
}
std::string product_title(const domain::Product& p, std::string_view locale) {
  return text_in(p.title, locale, p.internal_name);
}
std::string option_name(const domain::Option& o, std::string_view locale) {
  return text_in(o.title, locale, o.internal_name.empty() ? o.id : o.internal_name);
}

Result<std::optional<std::vector<domain::OpeningHours>>> parse_opening_hours(
    const JsonValue& root) {
  using Out = std::optional<std::vector<domain::OpeningHours>>;
  auto v = root.get("openingHours");
  if (!v.valid() || v.is_null()) return Out{};
  if (!v.is_array()) {
    return Error::invalid_argument("'openingHours' must be an array", "openingHours");
  }
  auto items = v.items();
  if (items.size() > kMaxOpeningHours) {
    return Error::invalid_argument(
        "at most " + std::to_string(kMaxOpeningHours) + " opening hours entries", "openingHours");
  }
  std::vector<domain::OpeningHours> out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string pre = path("openingHours", i);
    const auto& item = items[i];
    if (!item.is_object()) return Error::invalid_argument("must be an object", pre);
    domain::OpeningHours h;
    auto days = item.get("weekdays");
    std::string days_path = path(pre, "weekdays");
    if (!days.valid() || !days.is_array() || days.size() == 0) {
      return Error::invalid_argument("'weekdays' must be a non-empty array of 1 (Monday) .. 7",
                                     days_path);
    }
    h.weekdays = 0;
    auto day_items = days.items();
    for (std::size_t k = 0; k < day_items.size(); ++k) {
      const auto& d = day_items[k];
      if (!d.is_int() || d.as_int() < 1 || d.as_int() > 7) {
        return Error::invalid_argument("must be a weekday number 1 (Monday) .. 7",
                                       path(days_path, k));
      }
      h.weekdays = static_cast<std::uint8_t>(h.weekdays | (1u << (d.as_int() - 1)));
    }
    PASEO_ASSIGN_OR_RETURN(h.open, hh_mm(item, "open", pre));
    PASEO_ASSIGN_OR_RETURN(h.close, hh_mm(item, "close", pre));
    if (h.close <= h.open) {
      return Error::invalid_argument("'close' must be after 'open'", path(pre, "close"))
          .with_key("product.closeBeforeOpen");
    }
    PASEO_ASSIGN_OR_RETURN(h.from, internal::json_date(item, "from", pre));
    PASEO_ASSIGN_OR_RETURN(h.to, internal::json_optional_date(item, "to", pre));
    if (h.to && *h.to < h.from) {
      return Error::invalid_argument("'to' is before 'from'", path(pre, "to"))
          .with_key("field.toBeforeFrom");
    }
    auto cap = item.get("dailyCapacity");
    if (cap.valid() && !cap.is_null()) {
      if (!cap.is_int() || cap.as_int() < 0 || cap.as_int() > 100000) {
        return Error::invalid_argument(
                   "'dailyCapacity' must be from 0 to 100000, or null for free sale",
                   path(pre, "dailyCapacity"))
            .with_key("field.range", {{"min", "0"}, {"max", "100000"}});
      }
      h.daily_capacity = static_cast<int>(cap.as_int());
    }
    // Intervals of one day must not overlap: OCTO would show the same hours twice, and which
    // entry's quota applies would be a guess.
    for (std::size_t j = 0; j < out.size(); ++j) {
      const auto& o = out[j];
      auto shared = static_cast<std::uint8_t>(o.weekdays & h.weekdays);
      bool dates_meet = !(o.to && *o.to < h.from) && !(h.to && *h.to < o.from);
      bool times_meet = o.open < h.close && h.open < o.close;
      if (shared == 0 || !dates_meet || !times_meet) continue;
      int day = 0;
      while (((shared >> day) & 1) == 0) ++day;
      return Error::invalid_argument("overlaps openingHours." + std::to_string(j) + " (" +
                                         o.open.to_string() + "-" + o.close.to_string() + ") on " +
                                         kWeekdayNames[day],
                                     path(pre, "open"))
          .with_key("product.hoursOverlap",
                    {{"hours", o.open.to_string() + "-" + o.close.to_string()}});
    }
    out.push_back(h);
  }
  return Out{std::move(out)};
}

Error to_api_field_path(Error e) {
  std::string out;
  for (char c : e.field) {
    if (c == '[') {
      out.push_back('.');
    } else if (c != ']') {
      out.push_back(c);
    }
  }
  e.field = out;
  return e;
}

void write_product_summary(JsonWriter& w, const domain::Product& p, std::string_view locale) {
  w.start_object();
  w.field("id", p.id);
  w.field("title", product_title(p, locale));
  w.field("internalName", p.internal_name);
  w.field("status", p.active ? "active" : "inactive");
  w.field("availabilityType", domain::to_string(p.availability_type));
  w.field("timeZone", p.time_zone);
  w.field("currency", p.currency);
  w.field("city", p.destination_city);
  w.field("country", p.destination_country);
  w.key("options").start_array();
  for (const auto& o : p.options) {
    w.start_object().field("id", o.id).field("name", option_name(o, locale)).end_object();
  }
  w.end_array();
  w.end_object();
}

void write_product(JsonWriter& w, const domain::Product& p, const std::vector<PhotoView>& photos,
                   const std::vector<domain::OpeningHours>& opening_hours) {
  w.start_object();
  w.field("id", p.id);
  w.field("supplierId", p.supplier_id);
  w.field("internalName", p.internal_name);
  w.field("reference", p.reference);
  w.field("status", p.active ? "active" : "inactive");
  w.field("title", product_title(p));
  // texts: {locale: {title, shortDescription, description}} over every locale any of them has.
  w.key("texts").start_object();
  std::map<std::string, int> locales;
  for (const auto* t : {&p.title, &p.short_description, &p.description}) {
    for (const auto& [l, _] : *t) locales[l] = 1;
  }
  for (const auto& [l, _] : locales) {
    auto get = [&](const LocalizedText& t) {
      auto it = t.find(l);
      return it == t.end() ? std::string() : it->second;
    };
    w.key(l).start_object();
    w.field("title", get(p.title));
    w.field("shortDescription", get(p.short_description));
    w.field("description", get(p.description));
    w.end_object();
  }
  w.end_object();
  w.field("city", p.destination_city);
  w.field("country", p.destination_country);
  w.field("category", p.category);
  w.field("durationMinutes", p.duration_minutes);
  w.field("timeZone", p.time_zone);
  w.field("currency", p.currency);
  w.field("availabilityType", domain::to_string(p.availability_type));
  w.field("cutoffMinutes", p.booking_cutoff_minutes);
  w.field("horizonDays", p.booking_horizon_days);
  w.key("openingHours").start_array();
  for (const auto& h : opening_hours) {
    w.start_object();
    w.key("weekdays").start_array();
    for (int d = 1; d <= 7; ++d) {
      if ((h.weekdays >> (d - 1)) & 1) w.integer(d);
    }
    w.end_array();
    w.field("open", h.open.to_string());
    w.field("close", h.close.to_string());
    w.field("from", h.from.to_string());
    w.key("to");
    if (h.to)
      w.string(h.to->to_string());
    else
      w.null();
    write_opt_int(w, "dailyCapacity", h.daily_capacity);
    w.end_object();
  }
  w.end_array();
  w.key("cancellation").start_object();
  w.field("refundable", p.cancellation.refundable);
  w.field("freeUntilHours", p.cancellation.free_until_hours);
  w.field("feePercent", p.cancellation.fee_percent);
  w.field("cutoffMinutes", p.cancellation.cutoff_minutes);
  w.end_object();
  w.key("meetingPoint");
  if (p.meeting_point) {
    w.start_object();
    w.field("address", p.meeting_point->address);
    write_geo(w, p.meeting_point->location);
    w.key("instructions");
    write_texts(w, p.meeting_point->instructions);
    w.end_object();
  } else {
    w.null();
  }
  w.key("pickupPoints").start_array();
  for (const auto& pp : p.pickup_points) {
    w.start_object();
    w.field("id", pp.id);
    w.field("name", pp.name);
    w.field("address", pp.address);
    write_geo(w, pp.location);
    w.key("directions");
    write_texts(w, pp.directions);
    w.field("minutesBeforeStart", pp.minutes_before_start);
    w.end_object();
  }
  w.end_array();
  w.key("photos").start_array();
  for (const auto& ph : photos) {
    w.start_object()
        .field("id", ph.id)
        .field("url", ph.url)
        .field("thumbUrl", ph.thumb_url)
        .end_object();
  }
  w.end_array();
  w.key("options").start_array();
  for (const auto& o : p.options) {
    w.start_object();
    w.field("id", o.id);
    w.field("default", o.is_default);
    w.field("internalName", o.internal_name);
    w.field("name", option_name(o));
    w.key("names");
    write_texts(w, o.title);
    w.field("pricePer", domain::to_string(o.pricing_per));
    w.field("minUnits", o.min_units);
    w.field("maxUnits", o.max_units);
    w.key("requiredContactFields").start_array();
    for (const auto& f : o.required_contact_fields) w.string(f);
    w.end_array();
    w.field("pickupAvailable", o.pickup_available);
    w.field("pickupRequired", o.pickup_required);
    auto base = [&](const std::string& unit_id) -> const domain::Price* {
      for (const auto& pr : o.prices) {
        if (pr.unit_id == unit_id && !pr.valid_from && !pr.valid_to) return &pr;
      }
      return nullptr;
    };
    w.key("units").start_array();
    for (const auto& u : o.units) {
      w.start_object();
      w.field("id", u.id);
      w.field("type", domain::to_string(u.type));
      w.field("internalName", u.internal_name);
      w.field("name", en_or_any(u.title, u.internal_name.empty() ? u.id : u.internal_name));
      w.key("names");
      write_texts(w, u.title);
      write_opt_int(w, "minAge", u.min_age);
      write_opt_int(w, "maxAge", u.max_age);
      w.field("minQuantity", u.min_per_booking);
      w.field("maxQuantity", u.max_per_booking);
      w.field("paxCount", u.pax_count);
      const auto* pr = base(u.id);
      w.key("retail");
      if (pr)
        w.integer(pr->retail);
      else
        w.null();
      w.key("net");
      if (pr)
        w.integer(pr->net);
      else
        w.null();
      w.end_object();
    }
    w.end_array();
    w.key("bookingPrice");
    if (const auto* bp = base(""); bp != nullptr) {
      w.start_object().field("retail", bp->retail).field("net", bp->net).end_object();
    } else {
      w.null();
    }
    w.key("priceOverrides").start_array();
    for (const auto& pr : o.prices) {
      if (!pr.valid_from && !pr.valid_to) continue;
      w.start_object();
      w.field("unitId", pr.unit_id);
      w.field("from", pr.valid_from ? pr.valid_from->to_string() : "");
      w.field("to", pr.valid_to ? pr.valid_to->to_string() : "");
      w.field("retail", pr.retail);
      w.field("net", pr.net);
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.key("extras").start_array();
  for (const auto& e : p.extras) {
    w.start_object();
    w.field("id", e.id);
    w.field("name", en_or_any(e.title, e.id));
    w.key("names");
    write_texts(w, e.title);
    w.key("descriptions");
    write_texts(w, e.description);
    w.field("retail", e.retail);
    w.field("net", e.net);
    w.field("maxQuantity", e.max_quantity);
    w.end_object();
  }
  w.end_array();
  w.key("questions").start_array();
  for (const auto& q : p.questions) {
    w.start_object();
    w.field("id", q.id);
    w.field("label", en_or_any(q.label, q.id));
    w.key("labels");
    write_texts(w, q.label);
    w.key("descriptions");
    write_texts(w, q.description);
    w.field("kind", domain::to_string(q.input));
    w.field("perParticipant", q.scope == domain::QuestionScope::kUnit);
    w.field("required", q.required);
    w.key("choices").start_array();
    for (const auto& c : q.select_options) w.string(c);
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.field("revision", p.revision);
  w.end_object();
}

Result<domain::Product> parse_product(const JsonValue& root) {
  if (!root.is_object()) return Error::invalid_argument("the product must be a JSON object");
  domain::Product p;
  PASEO_ASSIGN_OR_RETURN(p.internal_name, str(root, "internalName", "", true));
  if (p.internal_name.empty())
    return Error::invalid_argument("'internalName' is required", "internalName")
        .with_key("field.required");
  PASEO_ASSIGN_OR_RETURN(p.reference, str(root, "reference", ""));
  PASEO_ASSIGN_OR_RETURN(auto status, str(root, "status", "", false, "active"));
  if (status != "active" && status != "inactive") {
    return Error::invalid_argument("'status' must be active or inactive", "status");
  }
  p.active = status == "active";
  auto texts = root.get("texts");
  if (texts.valid() && !texts.is_null()) {
    if (!texts.is_object()) return Error::invalid_argument("'texts' must be an object", "texts");
    for (const auto& [locale, t] : texts.members()) {
      std::string pre = "texts." + std::string(locale);
      if (!t.is_object()) return Error::invalid_argument("must be an object", pre);
      PASEO_ASSIGN_OR_RETURN(auto title, str(t, "title", pre));
      PASEO_ASSIGN_OR_RETURN(auto sd, str(t, "shortDescription", pre));
      PASEO_ASSIGN_OR_RETURN(auto d, str(t, "description", pre));
      std::string l(locale);
      if (!title.empty()) p.title[l] = title;
      if (!sd.empty()) p.short_description[l] = sd;
      if (!d.empty()) p.description[l] = d;
    }
  }
  if (p.title.empty()) {
    return Error::invalid_argument("a title in at least one language is required", "texts.en.title")
        .with_key("product.titleRequired");
  }
  PASEO_ASSIGN_OR_RETURN(p.destination_city, str(root, "city", ""));
  PASEO_ASSIGN_OR_RETURN(p.destination_country, str(root, "country", ""));
  PASEO_ASSIGN_OR_RETURN(p.category, str(root, "category", ""));
  PASEO_ASSIGN_OR_RETURN(p.duration_minutes,
                         int_field(root, "durationMinutes", "", 60, 1, 60 * 24 * 30));
  PASEO_ASSIGN_OR_RETURN(p.time_zone, str(root, "timeZone", "", true));
  PASEO_ASSIGN_OR_RETURN(p.currency, str(root, "currency", "", true));
  PASEO_ASSIGN_OR_RETURN(auto type, str(root, "availabilityType", "", false, "START_TIME"));
  auto parsed_type = domain::parse_availability_type(type);
  if (!parsed_type.ok()) {
    return Error::invalid_argument("'availabilityType' must be START_TIME or OPENING_HOURS",
                                   "availabilityType");
  }
  p.availability_type = *parsed_type;
  PASEO_ASSIGN_OR_RETURN(p.booking_cutoff_minutes,
                         int_field(root, "cutoffMinutes", "", 0, 0, 60 * 24 * 60));
  PASEO_ASSIGN_OR_RETURN(p.booking_horizon_days, int_field(root, "horizonDays", "", 365, 1, 3660));
  auto canc = root.get("cancellation");
  if (canc.valid() && !canc.is_null()) {
    if (!canc.is_object())
      return Error::invalid_argument("'cancellation' must be an object", "cancellation");
    PASEO_ASSIGN_OR_RETURN(p.cancellation.refundable,
                           bool_field(canc, "refundable", "cancellation", true));
    PASEO_ASSIGN_OR_RETURN(p.cancellation.free_until_hours,
                           int_field(canc, "freeUntilHours", "cancellation", 24, 0, 24 * 365));
    PASEO_ASSIGN_OR_RETURN(p.cancellation.fee_percent,
                           int_field(canc, "feePercent", "cancellation", 100, 0, 100));
    PASEO_ASSIGN_OR_RETURN(p.cancellation.cutoff_minutes,
                           int_field(canc, "cutoffMinutes", "cancellation", 0, 0, 60 * 24 * 60));
  }
  auto mp = root.get("meetingPoint");
  if (mp.valid() && !mp.is_null()) {
    if (!mp.is_object())
      return Error::invalid_argument("'meetingPoint' must be an object", "meetingPoint");
    domain::MeetingPoint m;
    PASEO_ASSIGN_OR_RETURN(m.address, str(mp, "address", "meetingPoint"));
    PASEO_ASSIGN_OR_RETURN(m.location, geo(mp, "meetingPoint"));
    PASEO_ASSIGN_OR_RETURN(m.instructions, texts_map(mp, "instructions", "meetingPoint"));
    p.meeting_point = std::move(m);
  }
  PASEO_ASSIGN_OR_RETURN(auto pickups, array_field(root, "pickupPoints", ""));
  for (std::size_t i = 0; i < pickups.size(); ++i) {
    std::string pre = path("pickupPoints", i);
    domain::PickupPoint pp;
    PASEO_ASSIGN_OR_RETURN(pp.id, str(pickups[i], "id", pre));
    PASEO_ASSIGN_OR_RETURN(pp.name, str(pickups[i], "name", pre, true));
    if (pp.id.empty()) pp.id = "pickup-" + std::to_string(i + 1);
    PASEO_ASSIGN_OR_RETURN(pp.address, str(pickups[i], "address", pre));
    PASEO_ASSIGN_OR_RETURN(pp.location, geo(pickups[i], pre));
    PASEO_ASSIGN_OR_RETURN(pp.directions, texts_map(pickups[i], "directions", pre));
    PASEO_ASSIGN_OR_RETURN(pp.minutes_before_start,
                           int_field(pickups[i], "minutesBeforeStart", pre, 0, 0, 24 * 60));
    p.pickup_points.push_back(std::move(pp));
  }
  PASEO_ASSIGN_OR_RETURN(auto options, array_field(root, "options", ""));
  if (options.empty())
    return Error::invalid_argument("at least one option is required", "options")
        .with_key("product.optionRequired");
  for (std::size_t i = 0; i < options.size(); ++i) {
    std::string pre = path("options", i);
    const auto& oj = options[i];
    domain::Option o;
    PASEO_ASSIGN_OR_RETURN(o.id, str(oj, "id", pre));
    if (o.id.empty()) o.id = i == 0 ? "DEFAULT" : "option-" + std::to_string(i + 1);
    PASEO_ASSIGN_OR_RETURN(o.is_default, bool_field(oj, "default", pre, i == 0));
    PASEO_ASSIGN_OR_RETURN(o.title, named(oj, "name", "names", pre));
    PASEO_ASSIGN_OR_RETURN(o.internal_name, str(oj, "internalName", pre));
    if (o.internal_name.empty()) o.internal_name = en_or_any(o.title, o.id);
    PASEO_ASSIGN_OR_RETURN(auto per, str(oj, "pricePer", pre, false, "UNIT"));
    auto parsed_per = domain::parse_pricing_per(per);
    if (!parsed_per.ok()) {
      return Error::invalid_argument("'pricePer' must be UNIT or BOOKING", path(pre, "pricePer"));
    }
    o.pricing_per = *parsed_per;
    PASEO_ASSIGN_OR_RETURN(o.min_units, int_field(oj, "minUnits", pre, 0, 0, 10000));
    PASEO_ASSIGN_OR_RETURN(o.max_units, int_field(oj, "maxUnits", pre, 0, 0, 10000));
    PASEO_ASSIGN_OR_RETURN(auto rcf, array_field(oj, "requiredContactFields", pre));
    for (std::size_t k = 0; k < rcf.size(); ++k) {
      if (!rcf[k].is_string()) {
        return Error::invalid_argument("must be a string",
                                       path(path(pre, "requiredContactFields"), k));
      }
      o.required_contact_fields.emplace_back(rcf[k].as_string());
    }
    PASEO_ASSIGN_OR_RETURN(o.pickup_available, bool_field(oj, "pickupAvailable", pre, false));
    PASEO_ASSIGN_OR_RETURN(o.pickup_required, bool_field(oj, "pickupRequired", pre, false));
    PASEO_ASSIGN_OR_RETURN(auto units, array_field(oj, "units", pre));
    if (units.empty()) {
      return Error::invalid_argument("at least one unit is required", path(pre, "units"))
          .with_key("product.unitRequired");
    }
    for (std::size_t k = 0; k < units.size(); ++k) {
      std::string upre = path(path(pre, "units"), k);
      const auto& uj = units[k];
      domain::Unit u;
      PASEO_ASSIGN_OR_RETURN(auto utype, str(uj, "type", upre, true));
      auto parsed_utype = domain::parse_unit_type(utype);
      if (!parsed_utype.ok()) {
        return Error::invalid_argument(
            "'type' must be ADULT, YOUTH, CHILD, INFANT, FAMILY, SENIOR, "
            "STUDENT, MILITARY or OTHER",
            path(upre, "type"));
      }
      u.type = *parsed_utype;
      PASEO_ASSIGN_OR_RETURN(u.id, str(uj, "id", upre));
      if (u.id.empty()) {
        u.id = std::string(domain::to_string(u.type));
        for (auto& c : u.id) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      PASEO_ASSIGN_OR_RETURN(u.title, named(uj, "name", "names", upre));
      PASEO_ASSIGN_OR_RETURN(u.internal_name, str(uj, "internalName", upre));
      if (u.internal_name.empty()) u.internal_name = en_or_any(u.title, u.id);
      PASEO_ASSIGN_OR_RETURN(u.min_age, opt_small_int(uj, "minAge", upre));
      PASEO_ASSIGN_OR_RETURN(u.max_age, opt_small_int(uj, "maxAge", upre));
      PASEO_ASSIGN_OR_RETURN(u.min_per_booking, int_field(uj, "minQuantity", upre, 0, 0, 10000));
      PASEO_ASSIGN_OR_RETURN(u.max_per_booking, int_field(uj, "maxQuantity", upre, 0, 0, 10000));
      PASEO_ASSIGN_OR_RETURN(u.pax_count, int_field(uj, "paxCount", upre, 1, 0, 100));
      PASEO_ASSIGN_OR_RETURN(auto retail, opt_int(uj, "retail", upre));
      if (o.pricing_per == domain::PricingPer::kUnit || retail) {
        if (!retail)
          return Error::invalid_argument("'retail' is required", path(upre, "retail"))
              .with_key("field.required");
        domain::Price pr;
        pr.unit_id = u.id;
        PASEO_ASSIGN_OR_RETURN(pr.retail, money_field(uj, "retail", upre, 0));
        PASEO_ASSIGN_OR_RETURN(pr.net, money_field(uj, "net", upre, pr.retail));
        if (o.pricing_per == domain::PricingPer::kUnit) o.prices.push_back(pr);
      }
      o.units.push_back(std::move(u));
    }
    auto bp = oj.get("bookingPrice");
    if (o.pricing_per == domain::PricingPer::kBooking) {
      std::string bpre = path(pre, "bookingPrice");
      if (!bp.valid() || !bp.is_object()) {
        return Error::invalid_argument(
            "'bookingPrice' {retail, net} is required for BOOKING pricing", bpre);
      }
      domain::Price pr;
      PASEO_ASSIGN_OR_RETURN(auto retail, opt_int(bp, "retail", bpre));
      if (!retail)
        return Error::invalid_argument("'retail' is required", path(bpre, "retail"))
            .with_key("field.required");
      PASEO_ASSIGN_OR_RETURN(pr.retail, money_field(bp, "retail", bpre, 0));
      PASEO_ASSIGN_OR_RETURN(pr.net, money_field(bp, "net", bpre, pr.retail));
      o.prices.push_back(pr);
    }
    PASEO_ASSIGN_OR_RETURN(auto overrides, array_field(oj, "priceOverrides", pre));
    for (std::size_t k = 0; k < overrides.size(); ++k) {
      std::string opre = path(path(pre, "priceOverrides"), k);
      domain::Price pr;
      PASEO_ASSIGN_OR_RETURN(pr.unit_id, str(overrides[k], "unitId", opre));
      PASEO_ASSIGN_OR_RETURN(auto from, internal::json_date(overrides[k], "from", opre));
      PASEO_ASSIGN_OR_RETURN(auto to, internal::json_date(overrides[k], "to", opre));
      if (to < from)
        return Error::invalid_argument("'to' is before 'from'", path(opre, "to"))
            .with_key("field.toBeforeFrom");
      pr.valid_from = from;
      pr.valid_to = to;
      PASEO_ASSIGN_OR_RETURN(auto retail, opt_int(overrides[k], "retail", opre));
      if (!retail)
        return Error::invalid_argument("'retail' is required", path(opre, "retail"))
            .with_key("field.required");
      PASEO_ASSIGN_OR_RETURN(pr.retail, money_field(overrides[k], "retail", opre, 0));
      PASEO_ASSIGN_OR_RETURN(pr.net, money_field(overrides[k], "net", opre, pr.retail));
      o.prices.push_back(pr);
    }
    p.options.push_back(std::move(o));
  }
  PASEO_ASSIGN_OR_RETURN(auto extras, array_field(root, "extras", ""));
  for (std::size_t i = 0; i < extras.size(); ++i) {
    std::string pre = path("extras", i);
    domain::Extra e;
    PASEO_ASSIGN_OR_RETURN(e.id, str(extras[i], "id", pre));
    if (e.id.empty()) e.id = "extra-" + std::to_string(i + 1);
    PASEO_ASSIGN_OR_RETURN(e.title, named(extras[i], "name", "names", pre));
    if (e.title.empty())
      return Error::invalid_argument("'name' is required", path(pre, "name"))
          .with_key("field.required");
    PASEO_ASSIGN_OR_RETURN(e.description, texts_map(extras[i], "descriptions", pre));
    PASEO_ASSIGN_OR_RETURN(e.retail, money_field(extras[i], "retail", pre, 0));
    PASEO_ASSIGN_OR_RETURN(e.net, money_field(extras[i], "net", pre, e.retail));
    PASEO_ASSIGN_OR_RETURN(e.max_quantity, int_field(extras[i], "maxQuantity", pre, 1, 1, 1000));
    p.extras.push_back(std::move(e));
  }
  PASEO_ASSIGN_OR_RETURN(auto questions, array_field(root, "questions", ""));
  for (std::size_t i = 0; i < questions.size(); ++i) {
    std::string pre = path("questions", i);
    const auto& qj = questions[i];
    domain::Question q;
    PASEO_ASSIGN_OR_RETURN(q.id, str(qj, "id", pre));
    if (q.id.empty()) q.id = "question-" + std::to_string(i + 1);
    PASEO_ASSIGN_OR_RETURN(q.label, named(qj, "label", "labels", pre));
    if (q.label.empty())
      return Error::invalid_argument("'label' is required", path(pre, "label"))
          .with_key("field.required");
    PASEO_ASSIGN_OR_RETURN(q.description, texts_map(qj, "descriptions", pre));
    PASEO_ASSIGN_OR_RETURN(auto kind, str(qj, "kind", pre, false, "text"));
    auto parsed_kind = domain::parse_question_input(kind);
    if (!parsed_kind.ok()) {
      return Error::invalid_argument("'kind' must be text, select, date or number",
                                     path(pre, "kind"));
    }
    q.input = *parsed_kind;
    PASEO_ASSIGN_OR_RETURN(bool per_participant, bool_field(qj, "perParticipant", pre, false));
    q.scope = per_participant ? domain::QuestionScope::kUnit : domain::QuestionScope::kBooking;
    PASEO_ASSIGN_OR_RETURN(q.required, bool_field(qj, "required", pre, false));
    PASEO_ASSIGN_OR_RETURN(auto choices, array_field(qj, "choices", pre));
    for (std::size_t k = 0; k < choices.size(); ++k) {
      if (!choices[k].is_string()) {
        return Error::invalid_argument("must be a string", path(path(pre, "choices"), k));
      }
      q.select_options.emplace_back(choices[k].as_string());
    }
    p.questions.push_back(std::move(q));
  }
  (void)parse_opt_date;
  return p;
}

namespace {
bool has(const JsonValue& o, std::string_view key) { return o.get(key).valid(); }

// Languages `from` has and `to` lacks are copied (the body named only some languages).
void merge_languages(const LocalizedText& from, LocalizedText& to) {
  for (const auto& [locale, text] : from) to.emplace(locale, text);
}
}  // namespace

void keep_what_the_body_left_out(const JsonValue& root, const domain::Product& before,
                                 domain::Product& after) {
  auto items_of = [](const JsonValue& v) {
    return v.is_array() ? v.items() : std::vector<JsonValue>{};
  };
  const auto options = items_of(root.get("options"));
  for (std::size_t i = 0; i < after.options.size() && i < options.size(); ++i) {
    const JsonValue& oj = options[i];
    domain::Option& o = after.options[i];
    const domain::Option* old = domain::find_option(before, o.id);
    if (!old || !oj.is_object()) continue;
    if (!has(oj, "priceOverrides")) {
      for (const auto& pr : old->prices) {
        if (pr.valid_from || pr.valid_to) o.prices.push_back(pr);
      }
    }
    if (!has(oj, "names")) merge_languages(old->title, o.title);
    if (!has(oj, "internalName")) o.internal_name = old->internal_name;
    if (!has(oj, "requiredContactFields")) o.required_contact_fields = old->required_contact_fields;
    if (!has(oj, "minUnits")) o.min_units = old->min_units;
    if (!has(oj, "maxUnits")) o.max_units = old->max_units;
    if (!has(oj, "pickupAvailable")) o.pickup_available = old->pickup_available;
    if (!has(oj, "pickupRequired")) o.pickup_required = old->pickup_required;
    const auto units = items_of(oj.get("units"));
    for (std::size_t k = 0; k < o.units.size() && k < units.size(); ++k) {
      const domain::Unit* old_unit = domain::find_unit(*old, o.units[k].id);
      if (old_unit && !has(units[k], "names")) {
        merge_languages(old_unit->title, o.units[k].title);
      }
    }
  }
  const auto questions = items_of(root.get("questions"));
  for (std::size_t i = 0; i < after.questions.size() && i < questions.size(); ++i) {
    const JsonValue& qj = questions[i];
    domain::Question& q = after.questions[i];
    const domain::Question* old = domain::find_question(before, q.id);
    if (!old) continue;
    if (!has(qj, "labels")) merge_languages(old->label, q.label);
    if (!has(qj, "descriptions")) q.description = old->description;
  }
  if (after.meeting_point && before.meeting_point) {
    merge_languages(before.meeting_point->instructions, after.meeting_point->instructions);
  }
}

}  // namespace paseo::api::extranet
