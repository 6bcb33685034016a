#include "api/octo/octo_routes.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <unordered_map>

#include "api/octo/octo_errors.h"
#include "api/octo/octo_json.h"
#include "api/octo/octo_request.h"
#include "app/api_keys.h"
#include "app/availability_service.h"
#include "app/booking_service.h"
#include "app/catalogue_service.h"
#include "common/money.h"

namespace paseo::api {
namespace {

using http::JsonWriter;
using http::Request;
using http::Response;
using octo::Expected;
using octo::OctoCode;
using octo::OctoError;

// Everything a request needs once authenticated.
struct OctoCall {
  app::Caller caller;
  octo::RenderContext render;
};

struct OctoApi {
  OctoApi(ApiContext& c)
      : ctx(c),
        catalogue(c.db, c.clock),
        availability(c.db, c.clock, catalogue),
        bookings(c.db, c.clock, catalogue),
        keys(c.db, c.clock) {
    bookings.set_public_url(c.public_url);
  }

  ApiContext& ctx;
  app::CatalogueService catalogue;
  app::AvailabilityService availability;
  app::BookingService bookings;
  app::ApiKeyService keys;

  // product id -> (start times, when computed). availabilityLocalStartTimes needs the schedule,
  // which only the supplier side may read; cached briefly so /products stays one query per
  // product at most once a minute.
  std::mutex start_times_mu;
  struct StartTimes {
    std::vector<std::string> times;
    std::int64_t at_ms = 0;
  };
  std::unordered_map<std::string, StartTimes> start_times_cache;

  std::vector<std::string> start_times(const domain::Product& p) {
    if (p.availability_type != domain::AvailabilityType::kStartTime) return {};
    const std::int64_t now = to_epoch_ms(ctx.clock.now());
    {
      std::lock_guard lock(start_times_mu);
      auto it = start_times_cache.find(p.id);
      if (it != start_times_cache.end() && now - it->second.at_ms < 60'000) return it->second.times;
    }
    std::set<std::string> times;
    auto schedule = catalogue.get_schedule(app::Caller::supplier(p.supplier_id), p.id);
    if (schedule.ok()) {
      for (const auto& r : schedule->rules) {
        for (const auto& t : r.start_times) times.insert(t.to_string());
      }
      for (const auto& o : schedule->one_offs) times.insert(o.start.to_string());
    }
    std::vector<std::string> out(times.begin(), times.end());
    std::lock_guard lock(start_times_mu);
    start_times_cache[p.id] = {out, now};
    return out;
  }
};

Response json_ok(std::string body) { return Response::json(200, std::move(body)); }

std::string format_opt_utc(const std::optional<Instant>& t) {
  return t ? format_utc_seconds(*t) : "";
}

void nullable(JsonWriter& w, std::string_view key, std::string_view v) {
  w.key(key);
  if (v.empty()) {
    w.null();
  } else {
    w.string(v);
  }
}

void write_opening_hours(JsonWriter& w, const std::vector<domain::OpeningInterval>& hours) {
  w.key("openingHours").start_array();
  for (const auto& h : hours) {
    w.start_object().field("from", h.from.to_string()).field("to", h.to.to_string()).end_object();
  }
  w.end_array();
}

void write_availability(JsonWriter& w, const app::Availability& a, const domain::Product* p,
                        const octo::RenderContext& rc) {
  w.start_object();
  w.field("id", a.id);
  w.field("localDateTimeStart", a.local_date_time_start);
  w.field("localDateTimeEnd", a.local_date_time_end);
  w.field("allDay", a.all_day);
  w.field("available", a.available);
  w.field("status", domain::to_string(a.status));
  w.field("vacancies", a.vacancies ? std::optional<std::int64_t>(*a.vacancies) : std::nullopt);
  w.field("capacity", a.capacity ? std::optional<std::int64_t>(*a.capacity) : std::nullopt);
  w.field("maxUnits", a.max_units ? std::optional<std::int64_t>(*a.max_units) : std::nullopt);
  w.field("utcCutoffAt", format_utc_seconds(a.utc_cutoff_at));
  write_opening_hours(w, a.opening_hours);
  if (rc.caps.pricing) {
    w.key("unitPricing").start_array();
    for (const auto& up : a.unit_pricing) {
      auto precision = currency_precision(a.currency);
      w.start_object();
      w.field("unitId", up.unit_id);
      w.field("original", up.price.original);
      w.field("retail", up.price.retail);
      w.field("net", up.price.net);
      w.field("currency", a.currency);
      w.field("currencyPrecision", precision.ok() ? *precision : 2);
      w.key("includedTaxes").start_array().end_array();
      w.end_object();
    }
    w.end_array();
    if (a.pricing) {
      w.key("pricing");
      octo::write_pricing(w, *a.pricing, a.currency);
    }
  }
  if (rc.caps.pickups) {
    w.field("pickupAvailable", !a.pickups.empty());
    w.field("pickupRequired", false);
    w.key("pickupPoints").start_array();
    for (const auto& pk : a.pickups) {
      w.start_object();
      w.field("id", pk.pickup_point_id);
      if (p) {
        if (const auto* pp = domain::find_pickup_point(*p, pk.pickup_point_id)) {
          w.field("name", pp->name);
          w.field("address", pp->address);
        }
      }
      w.field("localDateTime", pk.local_date_time);
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
}

// Writes calendar days. Consecutive days mostly share their prices, so the pricing JSON of the
// previous day is reused when the prices are equal (it is about two thirds of a priced day). The
// rest of a day is a handful of scalars, written into one buffer and handed to the JsonWriter as
// one raw value: a 90-day calendar is 90 such objects, and writing their fields one call at a
// time was a fifth of the cost of a computed calendar.
class CalendarDayWriter {
 public:
  explicit CalendarDayWriter(const octo::RenderContext& rc) : rc_(rc) {}

  void write(JsonWriter& w, const app::CalendarDay& d) {
    if (rc_.caps.pricing &&
        // Days with the same prices share one unit_pricing_from (CalendarDay): a pointer compare.
        (!last_ || last_->unit_pricing_from != d.unit_pricing_from ||
         last_->pricing_from != d.pricing_from || last_->currency != d.currency)) {
      unit_pricing_json_ = render_unit_pricing(d);
      pricing_json_.clear();
      if (d.pricing_from) {
        JsonWriter p;
        octo::write_pricing(p, *d.pricing_from, d.currency);
        pricing_json_ = p.take();
      }
      last_ = &d;
    }
    day_.clear();
    // local_date is LocalDate::to_string(), "YYYY-MM-DD": nothing in it needs escaping.
    append(R"({"localDate":")");
    day_ += d.local_date;
    append(R"(","available":)");
    day_ += d.available ? "true" : "false";
    append(R"(,"status":")");
    day_ += domain::to_string(d.status);
    append(R"(","vacancies":)");
    append_int(d.vacancies);
    append(R"(,"capacity":)");
    append_int(d.capacity);
    if (d.opening_hours.empty()) {
      append(R"(,"openingHours":[])");
    } else {
      JsonWriter hours;
      hours.start_object();
      write_opening_hours(hours, d.opening_hours);
      hours.end_object();
      std::string text = hours.take();  // {"openingHours":[…]}: keep what is inside the braces
      day_ += ',';
      day_.append(text, 1, text.size() - 2);
    }
    if (rc_.caps.pricing) {
      append(R"(,"unitPricingFrom":)");
      day_ += unit_pricing_json_;
      if (!pricing_json_.empty()) {  // no units asked for on a per-unit option: no total
        append(R"(,"pricingFrom":)");
        day_ += pricing_json_;
      }
    }
    day_ += '}';
    w.raw(day_);
  }

 private:
  template <std::size_t N>
  void append(const char (&literal)[N]) {
    day_.append(literal, N - 1);
  }
  void append_int(const std::optional<int>& v) {
    if (!v) {
      append("null");
      return;
    }
    char buf[16];
    const auto r = std::to_chars(buf, buf + sizeof buf, *v);
    day_.append(buf, r.ptr);
  }

  static std::string render_unit_pricing(const app::CalendarDay& d) {
    auto precision = currency_precision(d.currency);
    JsonWriter w(256 * d.unit_pricing_from->size());
    w.start_array();
    for (const auto& up : *d.unit_pricing_from) {
      w.start_object();
      w.field("unitId", up.unit_id);
      w.field("original", up.price.original);
      w.field("retail", up.price.retail);
      w.field("net", up.price.net);
      w.field("currency", d.currency);
      w.field("currencyPrecision", precision.ok() ? *precision : 2);
      w.key("includedTaxes").start_array().end_array();
      w.end_object();
    }
    w.end_array();
    return w.take();
  }

  const octo::RenderContext& rc_;
  const app::CalendarDay* last_ = nullptr;  // the day the fragments below were rendered from
  std::string unit_pricing_json_;
  std::string pricing_json_;
  std::string day_;  // one day's JSON, reused (its capacity) from day to day
};

void write_ticket(JsonWriter& w, bool delivered, std::string_view code,
                  std::string_view redeemed_at) {
  w.start_object();
  w.field("redemptionMethod", std::string_view("DIGITAL"));
  nullable(w, "utcRedeemedAt", redeemed_at);
  w.key("deliveryOptions").start_array();
  if (delivered && !code.empty()) {
    w.start_object().field("deliveryFormat", "QRCODE").field("deliveryValue", code).end_object();
  }
  w.end_array();
  w.end_object();
}

void write_answers(JsonWriter& w, const std::vector<domain::QuestionAnswer>& answers) {
  w.key("questionAnswers").start_array();
  for (const auto& a : answers) {
    w.start_object().field("questionId", a.question_id).field("value", a.value).end_object();
  }
  w.end_array();
}

// Renders a booking. `product` may be null (deleted/inactive product): product/option/unit objects
// are then left out (they are optional in the schema).
void write_booking(OctoApi& api, JsonWriter& w, const domain::Booking& b,
                   const domain::Product* product, const app::Availability* availability,
                   const octo::RenderContext& rc) {
  const domain::Option* option = product ? domain::find_option(*product, b.option_id) : nullptr;
  const bool delivered =
      b.status == domain::BookingStatus::kConfirmed || b.status == domain::BookingStatus::kRedeemed;
  w.start_object();
  w.field("id", b.id);
  w.field("uuid", b.uuid);
  w.field("testMode", false);
  nullable(w, "resellerReference", b.reseller_reference);
  nullable(w, "supplierReference", b.supplier_reference);
  w.field("status", domain::to_string(b.status));
  w.field("utcCreatedAt", format_utc_seconds(b.created_at));
  w.field("utcUpdatedAt", format_utc_seconds(b.updated_at));
  // When the hold ends, or ended (an EXPIRED booking keeps the time it lapsed).
  nullable(w, "utcExpiresAt",
           b.status == domain::BookingStatus::kOnHold || b.status == domain::BookingStatus::kExpired
               ? format_opt_utc(b.expires_at)
               : "");
  // The supplier checked the travellers in (the whole booking at once).
  const std::string redeemed_at = format_opt_utc(b.redeemed_at);
  nullable(w, "utcRedeemedAt", redeemed_at);
  nullable(w, "utcConfirmedAt", format_opt_utc(b.confirmed_at));
  w.field("productId", b.product_id);
  if (product) {
    w.key("product");
    octo::write_product(w, *product, api.start_times(*product), rc);
  }
  w.field("optionId", b.option_id);
  if (product && option) {
    w.key("option");
    octo::write_option(w, *product, *option, api.start_times(*product), rc);
  }
  w.field("cancellable", b.cancellable);
  w.key("cancellation");
  if (b.cancellation) {
    w.start_object();
    w.field("refund", domain::to_string(b.cancellation->refund));
    nullable(w, "reason", b.cancellation->reason);
    w.field("utcCancelledAt", format_utc_seconds(b.cancellation->at));
    w.end_object();
  } else {
    w.null();
  }
  w.field("freesale", b.freesale);
  nullable(w, "availabilityId", b.availability_id);
  w.key("availability");
  if (availability) {
    write_availability(w, *availability, product, rc);
  } else {
    w.null();
  }
  w.key("contact");
  octo::write_contact(w, b.contact);
  nullable(w, "notes", b.notes);
  w.key("deliveryMethods").start_array().string("VOUCHER").string("TICKET").end_array();
  w.key("voucher");
  write_ticket(w, delivered, b.supplier_reference, redeemed_at);
  w.key("unitItems").start_array();
  for (const auto& u : b.unit_items) {
    w.start_object();
    w.field("uuid", u.uuid);
    nullable(w, "resellerReference", u.reseller_reference);
    nullable(w, "supplierReference", u.supplier_reference);
    w.field("unitId", u.unit_id);
    if (product && option) {
      if (const auto* unit = domain::find_unit(*option, u.unit_id)) {
        w.key("unit");
        octo::write_unit(w, *product, *option, *unit, rc);
      }
    }
    w.field("status", domain::to_string(b.status));
    nullable(w, "utcRedeemedAt", redeemed_at);
    w.key("contact");
    octo::write_contact(w, u.contact);
    w.key("ticket");
    write_ticket(w, delivered, u.supplier_reference, redeemed_at);
    if (rc.caps.pricing) {
      w.key("pricing");
      octo::write_pricing(w, u.price, b.currency);
    }
    if (rc.caps.questions) write_answers(w, u.answers);
    w.end_object();
  }
  w.end_array();
  if (rc.caps.pricing) {
    w.key("pricing");
    octo::write_pricing(w, b.total, b.currency);
  }
  if (rc.caps.pickups) {
    w.field("pickupRequested", b.pickup_requested);
    nullable(w, "pickupPointId", b.pickup_point_id);
    nullable(w, "pickupHotel", b.pickup_hotel);
    nullable(w, "pickupHotelRoom", b.pickup_hotel_room);
  }
  if (rc.caps.questions) write_answers(w, b.answers);
  if (rc.caps.extras) {
    w.key("extraItems").start_array();
    for (const auto& e : b.extras) {
      w.start_object();
      w.field("extraId", e.extra_id);
      w.field("quantity", e.quantity);
      if (rc.caps.pricing) {
        w.key("pricing");
        octo::write_pricing(w, e.price, b.currency);
      }
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
}

// Product and the booking's current availability for rendering; failures just leave them out.
struct BookingExtras {
  std::optional<domain::Product> product;
  std::optional<app::Availability> availability;
};

BookingExtras load_booking_extras(OctoApi& api, const OctoCall& call, const domain::Booking& b) {
  BookingExtras out;
  auto p = api.catalogue.get_product(call.caller, b.product_id);
  if (p.ok()) out.product = std::move(p).value();
  if (!b.availability_id.empty()) {
    app::AvailabilityRequest req;
    req.product_id = b.product_id;
    req.option_id = b.option_id;
    req.availability_ids = {b.availability_id};
    auto a = api.availability.check(call.caller, req);
    if (a.ok() && !a->empty()) out.availability = std::move(a->front());
  }
  return out;
}

// `context`: what the change that produced `b` saw (BookingService fills it in its transaction);
// without it, or when it has no product, the product and availability are read afresh.
Response booking_response(OctoApi& api, const OctoCall& call, const domain::Booking& b,
                          const app::BookingContext* context = nullptr) {
  JsonWriter w(4096);
  if (context && context->product) {
    write_booking(api, w, b, context->product.get(),
                  context->availability ? &*context->availability : nullptr, call.render);
    return json_ok(w.take());
  }
  BookingExtras extras = load_booking_extras(api, call, b);
  write_booking(api, w, b, extras.product ? &*extras.product : nullptr,
                extras.availability ? &*extras.availability : nullptr, call.render);
  return json_ok(w.take());
}

domain::Contact to_contact(const octo::ContactInput& c) {
  domain::Contact out;
  out.full_name = c.full_name.value_or("");
  out.first_name = c.first_name.value_or("");
  out.last_name = c.last_name.value_or("");
  out.email = c.email.value_or("");
  out.phone = c.phone.value_or("");
  out.country = c.country.value_or("");
  out.postal_code = c.postal_code.value_or("");
  out.notes = c.notes.value_or("");
  out.locales = c.locales.value_or(std::vector<std::string>{});
  out.allow_marketing = c.allow_marketing.value_or(false);
  return out;
}

std::optional<domain::Contact> to_opt_contact(const octo::ContactInput& c) {
  if (!c.present) return std::nullopt;
  return to_contact(c);
}

std::vector<domain::QuestionAnswer> to_answers(const std::vector<octo::QuestionAnswerInput>& in) {
  std::vector<domain::QuestionAnswer> out;
  out.reserve(in.size());
  for (const auto& a : in) out.push_back({a.question_id, a.value});
  return out;
}

std::vector<app::UnitItemInput> to_unit_items(const std::vector<octo::UnitItemInput>& in) {
  std::vector<app::UnitItemInput> out;
  out.reserve(in.size());
  for (const auto& u : in) {
    app::UnitItemInput i;
    i.uuid = u.uuid.value_or("");
    i.unit_id = u.unit_id;
    i.reseller_reference = u.reseller_reference.value_or("");
    i.contact = to_opt_contact(u.contact);
    i.answers = to_answers(u.question_answers);
    out.push_back(std::move(i));
  }
  return out;
}

std::vector<app::ExtraItemInput> to_extras(const std::vector<octo::ExtraItemInput>& in) {
  std::vector<app::ExtraItemInput> out;
  for (const auto& e : in) out.push_back({e.extra_id, e.quantity});
  return out;
}

std::vector<app::UnitQuantity> to_units(const std::vector<octo::UnitQuantity>& in) {
  std::vector<app::UnitQuantity> out;
  for (const auto& u : in) out.push_back({u.id, u.quantity});
  return out;
}

// The ids a request carried, to fill the OCTO error's id member from an app error's field.
struct RequestIds {
  std::string product_id;
  std::string option_id;
  std::string availability_id;
  std::string uuid;
  std::vector<std::string> unit_ids;
};

RequestIds uuid_ids(const std::string& uuid) {
  RequestIds ids;
  ids.uuid = uuid;
  return ids;
}

// Maps an app error; for INVALID_UNIT_ID finds which unit id of the request is unknown.
OctoError map_error(OctoApi& api, const OctoCall& call, const Error& e, const RequestIds& ids) {
  std::string value;
  if (e.field == "productId") value = ids.product_id;
  if (e.field == "optionId") value = ids.option_id;
  if (e.field == "availabilityId") value = ids.availability_id;
  if (e.field == "uuid") value = ids.uuid;
  if (e.field == "unitId" && !ids.unit_ids.empty()) {
    value = ids.unit_ids.front();
    auto p = api.catalogue.get_product(call.caller, ids.product_id);
    if (p.ok()) {
      if (const auto* o = domain::find_option(*p, ids.option_id)) {
        for (const auto& u : ids.unit_ids) {
          if (!domain::find_unit(*o, u)) {
            value = u;
            break;
          }
        }
      }
    }
  }
  if (e.code == ErrorCode::kNotFound &&
      (e.field == "extraId" || e.field == "questionId" || e.field == "pickupPointId")) {
    return OctoError::bad_request(e.message, e.field);
  }
  if (e.code == ErrorCode::kConflict && e.field == "uuid") {
    return OctoError::unprocessable(
        "uuid " + ids.uuid +
        " was already used for a different booking request; send the original request to get "
        "that booking, or use a new uuid");
  }
  return octo::from_error(e, value);
}

// --- authentication and common headers ---

using OctoHandler = std::function<Response(OctoApi&, const OctoCall&, Request&)>;

http::Handler wrap(std::shared_ptr<OctoApi> api, OctoHandler handler) {
  return [api, handler = std::move(handler)](Request& req) -> Response {
    OctoCall call;
    call.render.caps = octo::parse_capabilities(req.header("Octo-Capabilities"));
    call.render.lang = octo::negotiate_language(req.header("Accept-Language"), "en");
    auto finish = [&](Response r) {
      r.set_header("Octo-Capabilities", call.render.caps.header_value());
      r.set_header("Octo-Env", "live");
      r.set_header("Content-Language", call.render.lang);
      return r;
    };
    std::string_view auth = req.header("Authorization");
    std::string_view token;
    if (auth.size() > 7 && (auth.substr(0, 7) == "Bearer " || auth.substr(0, 7) == "bearer ")) {
      token = auth.substr(7);
      while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
      while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
    }
    if (token.empty()) {
      return finish(
          octo::octo_error_response({OctoCode::kUnauthorized,
                                     "missing API key: send 'Authorization: Bearer <your key>'",
                                     {},
                                     {},
                                     0}));
    }
    auto principal = api->keys.authenticate(token, app::kScopeOcto);
    if (!principal.ok()) {
      return finish(octo::octo_error_response(octo::from_error(principal.error())));
    }
    call.caller = app::Caller::reseller(principal->organisation_id, principal->key_id, "octo");
    call.caller.supplier_id = principal->supplier_id;
    // A reserve stores the uuid in lower case (UUIDs compare case-insensitively, RFC 9562), so
    // the path's uuid is lowered too: a reseller that keeps its uuids in upper case can confirm,
    // change and cancel what it reserved.
    if (auto it = req.path_params.find("uuid"); it != req.path_params.end()) {
      for (auto& c : it->second) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return finish(handler(*api, call, req));
  };
}

// --- handlers ---

Response get_supplier(OctoApi& api, const OctoCall& call, Request&) {
  Result<app::Supplier> supplier = Error::not_found("no supplier");
  if (!call.caller.supplier_id.empty()) {
    supplier = api.catalogue.get_supplier(call.caller, call.caller.supplier_id);
  } else {
    auto all = api.catalogue.list_suppliers(call.caller);
    if (!all.ok()) return octo::octo_error_response(octo::from_error(all.error()));
    if (!all->empty()) supplier = all->front();
  }
  if (!supplier.ok()) {
    if (supplier.error().code != ErrorCode::kNotFound) {
      return octo::octo_error_response(octo::from_error(supplier.error()));
    }
    return octo::octo_error_response(
        {OctoCode::kForbidden, "this API key has no active supplier contract", {}, {}, 0});
  }
  JsonWriter w;
  w.start_object();
  w.field("id", supplier->id);
  w.field("name", supplier->name);
  w.field("endpoint", api.ctx.public_url + "/octo");
  w.key("contact").start_object();
  nullable(w, "website", supplier->website);
  nullable(w, "email", supplier->email);
  nullable(w, "telephone", supplier->telephone);
  nullable(w, "address", supplier->address);
  w.end_object();
  if (call.render.caps.content) {
    w.key("shortDescription").null();
    w.key("media").start_array().end_array();
  }
  w.end_object();
  return json_ok(w.take());
}

Response get_capabilities(OctoApi&, const OctoCall&, Request&) {
  JsonWriter w;
  w.start_array();
  for (const char* id :
       {"octo/pricing", "octo/content", "octo/pickups", "octo/questions", "octo/extras"}) {
    w.start_object();
    w.field("id", id);
    w.field("revision", 1);
    w.field("required", false);
    w.key("dependencies").start_array().end_array();
    w.key("docs").null();
    w.end_object();
  }
  w.end_array();
  return json_ok(w.take());
}

Response get_products(OctoApi& api, const OctoCall& call, Request&) {
  auto products = api.catalogue.list_products(call.caller);
  if (!products.ok()) return octo::octo_error_response(octo::from_error(products.error()));
  JsonWriter w;
  w.start_array();
  for (const auto& p : *products) octo::write_product(w, p, api.start_times(p), call.render);
  w.end_array();
  return json_ok(w.take());
}

Response get_product(OctoApi& api, const OctoCall& call, Request& req) {
  const std::string& id = req.param("id");
  auto p = api.catalogue.get_product(call.caller, id);
  if (!p.ok()) {
    return octo::octo_error_response(
        map_error(api, call, p.error(), RequestIds{id, {}, {}, {}, {}}));
  }
  JsonWriter w;
  octo::write_product(w, *p, api.start_times(*p), call.render);
  return json_ok(w.take());
}

// Whether local date `d` is before "today" in the product's zone. Any zone's today is within a day
// of UTC's, so the product (and its zone) is loaded only for dates next to today; unknown
// products answer false (the service then reports INVALID_PRODUCT_ID).
bool date_in_past(OctoApi& api, const OctoCall& call, const std::string& product_id,
                  domain::LocalDate d) {
  static const auto utc = domain::TimeZone::find("UTC");
  const domain::LocalDate utc_today = utc->local_date(api.ctx.clock.now());
  if (d < utc_today.plus_days(-1)) return true;
  if (d > utc_today) return false;
  auto p = api.catalogue.get_product(call.caller, product_id);
  if (!p.ok()) return false;
  auto tz = domain::TimeZone::find(p->time_zone);
  return tz.ok() && d < tz->local_date(api.ctx.clock.now());
}

Response post_calendar(OctoApi& api, const OctoCall& call, Request& req) {
  auto doc = octo::parse_body_object(req.body);
  if (!doc.ok()) return octo::octo_error_response(doc.error());
  auto parsed = octo::parse_calendar_request(doc.value().root());
  if (!parsed.ok()) return octo::octo_error_response(parsed.error());
  const auto& r = parsed.value();
  if (date_in_past(api, call, r.product_id, r.end)) {
    return octo::octo_error_response(
        OctoError::bad_request("the date range is in the past", "localDateEnd"));
  }
  app::CalendarRequest cr;
  cr.product_id = r.product_id;
  cr.option_id = r.option_id;
  cr.local_date_start = r.start.to_string();
  cr.local_date_end = r.end.to_string();
  cr.units = to_units(r.units);
  cr.currency = r.currency.value_or("");
  auto answer = api.availability.calendar(call.caller, cr);
  if (!answer.ok()) {
    RequestIds ids{r.product_id, r.option_id, {}, {}, {}};
    for (const auto& u : r.units) ids.unit_ids.push_back(u.id);
    return octo::octo_error_response(map_error(api, call, answer.error(), ids));
  }
  // Nothing but the pricing capability changes the calendar's JSON (it has no texts), so that is
  // the rendering variant; a repeated calendar reuses its JSON (see CalendarAnswer::rendered).
  const auto& render = call.render;
  auto body = (*answer)->rendered(render.caps.pricing ? 1 : 0,
                                  [&render](const std::vector<app::CalendarDay>& days) {
                                    JsonWriter w(400 * days.size());  // ~360 bytes a day, priced
                                    CalendarDayWriter day_writer(render);
                                    w.start_array();
                                    for (const auto& d : days) day_writer.write(w, d);
                                    w.end_array();
                                    return w.take();
                                  });
  return Response::json(200, std::move(body));  // shared with the memo, not copied
}

Response post_availability(OctoApi& api, const OctoCall& call, Request& req) {
  auto doc = octo::parse_body_object(req.body);
  if (!doc.ok()) return octo::octo_error_response(doc.error());
  auto parsed = octo::parse_check_request(doc.value().root());
  if (!parsed.ok()) return octo::octo_error_response(parsed.error());
  const auto& r = parsed.value();
  if (r.end && date_in_past(api, call, r.product_id, *r.end)) {
    return octo::octo_error_response(OctoError::bad_request(
        "the date is in the past", r.start == r.end ? "localDate" : "localDateEnd"));
  }
  // The product is needed only for pickup point names.
  std::optional<domain::Product> product;
  if (call.render.caps.pickups) {
    if (auto p = api.catalogue.get_product(call.caller, r.product_id); p.ok()) {
      product = std::move(p).value();
    }
  }
  app::AvailabilityRequest ar;
  ar.product_id = r.product_id;
  ar.option_id = r.option_id;
  if (r.start && r.end && *r.start == *r.end) {
    ar.local_date = r.start->to_string();
  } else if (r.start && r.end) {
    ar.local_date_start = r.start->to_string();
    ar.local_date_end = r.end->to_string();
  }
  ar.availability_ids = r.availability_ids;
  ar.units = to_units(r.units);
  for (const auto& e : r.extras) ar.extras.push_back({e.id, e.quantity});
  ar.currency = r.currency.value_or("");
  auto slots = api.availability.check(call.caller, ar);
  if (!slots.ok()) {
    RequestIds ids{r.product_id, r.option_id, {}, {}, {}};
    if (!r.availability_ids.empty()) ids.availability_id = r.availability_ids.front();
    for (const auto& u : r.units) ids.unit_ids.push_back(u.id);
    // Which availability id is unknown is not reported by the service: find it by asking one by
    // one only on this (rare) error path.
    if (slots.error().field == "availabilityId" && r.availability_ids.size() > 1) {
      for (const auto& id : r.availability_ids) {
        app::AvailabilityRequest one = ar;
        one.availability_ids = {id};
        if (!api.availability.check(call.caller, one).ok()) {
          ids.availability_id = id;
          break;
        }
      }
    }
    return octo::octo_error_response(map_error(api, call, slots.error(), ids));
  }
  JsonWriter w(800 * slots->size());  // ~550 bytes a departure with pricing
  w.start_array();
  for (const auto& a : *slots) write_availability(w, a, product ? &*product : nullptr, call.render);
  w.end_array();
  return json_ok(w.take());
}

RequestIds ids_of(const octo::BookingInput& b, std::string uuid) {
  RequestIds ids;
  ids.product_id = b.product_id.value_or("");
  ids.option_id = b.option_id.value_or("");
  ids.availability_id = b.availability_id.value_or("");
  ids.uuid = std::move(uuid);
  if (b.unit_items) {
    for (const auto& u : *b.unit_items) ids.unit_ids.push_back(u.unit_id);
  }
  return ids;
}

Response post_booking(OctoApi& api, const OctoCall& call, Request& req) {
  auto doc = octo::parse_body_object(req.body);
  if (!doc.ok()) return octo::octo_error_response(doc.error());
  auto parsed = octo::parse_booking_input(doc.value().root(), /*for_update=*/false);
  if (!parsed.ok()) return octo::octo_error_response(parsed.error());
  auto& b = parsed.value();
  if (!b.availability_id) {
    return octo::octo_error_response(
        OctoError::bad_request("'availabilityId' is required", "availabilityId"));
  }
  if (b.expiration_minutes && *b.expiration_minutes > octo::kMaxExpirationMinutes) {
    b.expiration_minutes = octo::kMaxExpirationMinutes;  // capped, as the spec allows
  }
  app::ReserveRequest r;
  r.uuid = b.uuid.value_or("");
  r.product_id = *b.product_id;
  r.option_id = *b.option_id;
  r.availability_id = *b.availability_id;
  r.expiration_minutes = static_cast<int>(b.expiration_minutes.value_or(0));
  r.notes = b.notes && *b.notes ? **b.notes : "";
  r.reseller_reference = b.reseller_reference.value_or("");
  r.contact = to_opt_contact(b.contact);
  r.unit_items = to_unit_items(*b.unit_items);
  if (b.extra_items) r.extras = to_extras(*b.extra_items);
  if (b.question_answers) r.answers = to_answers(*b.question_answers);
  r.pickup_requested = b.pickup_requested.value_or(false);
  r.pickup_point_id = b.pickup_point_id.value_or("");
  r.pickup_hotel = b.pickup_hotel.value_or("");
  r.pickup_hotel_room = b.pickup_hotel_room.value_or("");
  r.currency = b.currency.value_or("");
  app::BookingContext context;
  auto booking = api.bookings.reserve(call.caller, r, &context);
  if (!booking.ok()) {
    return octo::octo_error_response(map_error(api, call, booking.error(), ids_of(b, r.uuid)));
  }
  return booking_response(api, call, *booking, &context);
}

Response get_booking(OctoApi& api, const OctoCall& call, Request& req) {
  const std::string& uuid = req.param("uuid");
  auto booking = api.bookings.get(call.caller, uuid);
  if (!booking.ok()) {
    return octo::octo_error_response(map_error(api, call, booking.error(), uuid_ids(uuid)));
  }
  return booking_response(api, call, *booking);
}

Response patch_booking(OctoApi& api, const OctoCall& call, Request& req) {
  const std::string& uuid = req.param("uuid");
  auto doc = octo::parse_body_object(req.body);
  if (!doc.ok()) return octo::octo_error_response(doc.error());
  auto parsed = octo::parse_booking_input(doc.value().root(), /*for_update=*/true);
  if (!parsed.ok()) return octo::octo_error_response(parsed.error());
  auto& b = parsed.value();
  app::UpdateRequest u;
  u.product_id = b.product_id;
  u.option_id = b.option_id;
  u.availability_id = b.availability_id;
  if (b.unit_items) u.unit_items = to_unit_items(*b.unit_items);
  if (b.extra_items) u.extras = to_extras(*b.extra_items);
  if (b.question_answers) u.answers = to_answers(*b.question_answers);
  u.contact = to_opt_contact(b.contact);
  if (b.notes) u.notes = b.notes->value_or("");
  u.reseller_reference = b.reseller_reference;
  if (b.expiration_minutes) {
    u.expiration_minutes =
        static_cast<int>(std::min(*b.expiration_minutes, octo::kMaxExpirationMinutes));
  }
  u.pickup_requested = b.pickup_requested;
  u.pickup_point_id = b.pickup_point_id;
  u.pickup_hotel = b.pickup_hotel;
  u.pickup_hotel_room = b.pickup_hotel_room;
  // Ids for error bodies: fall back to the booking's own product/option.
  RequestIds ids = ids_of(b, uuid);
  if (ids.product_id.empty() || ids.option_id.empty()) {
    if (auto cur = api.bookings.get(call.caller, uuid); cur.ok()) {
      if (ids.product_id.empty()) ids.product_id = cur->product_id;
      if (ids.option_id.empty()) ids.option_id = cur->option_id;
    }
  }
  app::BookingContext context;
  auto booking = api.bookings.update(call.caller, uuid, u, &context);
  if (!booking.ok()) {
    // Moving to another product without a new availabilityId keeps the booking's date and time;
    // when the new product has no departure then, the error names that availability.
    if (booking.error().field == "availabilityId" && ids.availability_id.empty()) {
      if (auto cur = api.bookings.get(call.caller, uuid); cur.ok()) {
        ids.availability_id = cur->availability_id;
      }
    }
    return octo::octo_error_response(map_error(api, call, booking.error(), ids));
  }
  return booking_response(api, call, *booking, &context);
}

Response post_confirm(OctoApi& api, const OctoCall& call, Request& req) {
  const std::string& uuid = req.param("uuid");
  auto doc = octo::parse_body_object(req.body);
  if (!doc.ok()) return octo::octo_error_response(doc.error());
  auto parsed = octo::parse_confirm_input(doc.value().root());
  if (!parsed.ok()) return octo::octo_error_response(parsed.error());
  auto& c = parsed.value();
  app::ConfirmRequest cr;
  cr.contact = to_contact(c.contact);
  cr.reseller_reference = c.reseller_reference.value_or("");
  if (c.unit_items) cr.unit_items = to_unit_items(*c.unit_items);
  if (c.question_answers) cr.answers = to_answers(*c.question_answers);
  cr.email_receipt = c.email_receipt.value_or(false);
  app::BookingContext context;
  auto booking = api.bookings.confirm(call.caller, uuid, cr, &context);
  if (!booking.ok()) {
    RequestIds ids = uuid_ids(uuid);
    if (c.unit_items) {
      for (const auto& u : *c.unit_items) ids.unit_ids.push_back(u.unit_id);
      if (auto cur = api.bookings.get(call.caller, uuid); cur.ok()) {
        ids.product_id = cur->product_id;
        ids.option_id = cur->option_id;
      }
    }
    return octo::octo_error_response(map_error(api, call, booking.error(), ids));
  }
  return booking_response(api, call, *booking, &context);
}

Response post_extend(OctoApi& api, const OctoCall& call, Request& req) {
  const std::string& uuid = req.param("uuid");
  auto doc = octo::parse_body_object(req.body);
  if (!doc.ok()) return octo::octo_error_response(doc.error());
  auto parsed = octo::parse_extend_input(doc.value().root());
  if (!parsed.ok()) return octo::octo_error_response(parsed.error());
  int minutes = static_cast<int>(
      std::min(parsed.value().expiration_minutes.value_or(0), octo::kMaxExpirationMinutes));
  app::BookingContext context;
  auto booking = api.bookings.extend(call.caller, uuid, minutes, &context);
  if (!booking.ok()) {
    return octo::octo_error_response(map_error(api, call, booking.error(), uuid_ids(uuid)));
  }
  return booking_response(api, call, *booking, &context);
}

Response post_cancel(OctoApi& api, const OctoCall& call, Request& req) {
  const std::string& uuid = req.param("uuid");
  auto doc = octo::parse_body_object(req.body);
  if (!doc.ok()) return octo::octo_error_response(doc.error());
  auto parsed = octo::parse_cancel_input(doc.value().root());
  if (!parsed.ok()) return octo::octo_error_response(parsed.error());
  app::CancelRequest cr;
  cr.reason = parsed.value().reason.value_or("");
  cr.force = parsed.value().force;
  app::BookingContext context;
  auto booking = api.bookings.cancel(call.caller, uuid, cr, &context);
  if (!booking.ok()) {
    return octo::octo_error_response(map_error(api, call, booking.error(), uuid_ids(uuid)));
  }
  return booking_response(api, call, *booking, &context);
}

Response list_bookings(OctoApi& api, const OctoCall& call, Request& req) {
  auto parsed = octo::parse_list_bookings_query(req);
  if (!parsed.ok()) return octo::octo_error_response(parsed.error());
  const auto& q = parsed.value();
  app::BookingFilter f;
  f.reseller_reference = q.reseller_reference.value_or("");
  f.supplier_reference = q.supplier_reference.value_or("");
  if (q.start && q.end && *q.start == *q.end) {
    f.local_date = q.start->to_string();
  } else if (q.start && q.end) {
    f.local_date_start = q.start->to_string();
    f.local_date_end = q.end->to_string();
  }
  f.product_id = q.product_id.value_or("");
  f.option_id = q.option_id.value_or("");
  // OCTO has no paging for this list: a cut one would look complete, so too many is an error.
  f.limit = app::kMaxListedBookings + 1;
  auto list = api.bookings.list(call.caller, f);
  if (!list.ok()) {
    return octo::octo_error_response(
        map_error(api, call, list.error(), {f.product_id, f.option_id, {}, {}, {}}));
  }
  if (static_cast<int>(list->size()) > app::kMaxListedBookings) {
    return octo::octo_error_response(octo::OctoError::bad_request(
        "more than " + std::to_string(app::kMaxListedBookings) +
            " bookings match; ask for fewer days (localDateStart/localDateEnd) or one productId",
        "localDateStart"));
  }
  // Products and availabilities are shared by many bookings: load each once per request.
  std::map<std::string, std::optional<domain::Product>> products;
  std::map<std::string, std::optional<app::Availability>> slots;
  JsonWriter w;
  w.start_array();
  for (const auto& b : *list) {
    auto pit = products.find(b.product_id);
    if (pit == products.end()) {
      std::optional<domain::Product> loaded;
      if (auto got = api.catalogue.get_product(call.caller, b.product_id); got.ok()) {
        loaded = std::move(got).value();
      }
      pit = products.emplace(b.product_id, std::move(loaded)).first;
    }
    const auto& p = pit->second;
    const std::string slot_key = b.product_id + "|" + b.option_id + "|" + b.availability_id;
    auto it = slots.find(slot_key);
    if (it == slots.end()) {
      std::optional<app::Availability> a;
      if (!b.availability_id.empty()) {
        app::AvailabilityRequest ar;
        ar.product_id = b.product_id;
        ar.option_id = b.option_id;
        ar.availability_ids = {b.availability_id};
        if (auto got = api.availability.check(call.caller, ar); got.ok() && !got->empty()) {
          a = std::move(got->front());
        }
      }
      it = slots.emplace(slot_key, std::move(a)).first;
    }
    write_booking(api, w, b, p ? &*p : nullptr, it->second ? &*it->second : nullptr, call.render);
  }
  w.end_array();
  return json_ok(w.take());
}

}  // namespace

void register_octo_routes(http::Router& router, ApiContext& ctx) {
  auto api = std::make_shared<OctoApi>(ctx);
  router.set_error_renderer("/octo", [](const Request& req, const Error& e) {
    Response r = octo::render_router_error(req, e);
    r.set_header("Octo-Env", "live");
    return r;
  });
  // Catalogue and availability only read (caches, SQLite reader connections): the quick lane, on
  // SQLite. On PostgreSQL every read waits on the network, so they stay on the large pool.
  const http::Lane reads =
      ctx.db.engine() == storage::Engine::kSqlite ? http::Lane::kQuickRead : http::Lane::kBlocking;
  router.get("/octo/supplier", wrap(api, get_supplier), reads);
  router.get("/octo/capabilities", wrap(api, get_capabilities), reads);
  router.get("/octo/products", wrap(api, get_products), reads);
  router.get("/octo/products/{id}", wrap(api, get_product), reads);
  router.post("/octo/availability/calendar", wrap(api, post_calendar), reads);
  router.post("/octo/availability", wrap(api, post_availability), reads);
  router.post("/octo/bookings", wrap(api, post_booking));
  router.get("/octo/bookings", wrap(api, list_bookings));
  router.get("/octo/bookings/{uuid}", wrap(api, get_booking));
  router.patch("/octo/bookings/{uuid}", wrap(api, patch_booking));
  router.post("/octo/bookings/{uuid}/confirm", wrap(api, post_confirm));
  router.post("/octo/bookings/{uuid}/extend", wrap(api, post_extend));
  router.post("/octo/bookings/{uuid}/cancel", wrap(api, post_cancel));
  if (ctx.metrics != nullptr) {
    ctx.metrics->add_gauge(
        "paseo_octo_calendar_memo_hits_total", "OCTO calendars answered from the memo",
        [api] { return static_cast<double>(api->availability.calendar_memo_stats().hits); });
    ctx.metrics->add_gauge(
        "paseo_octo_calendar_memo_misses_total", "OCTO calendars computed",
        [api] { return static_cast<double>(api->availability.calendar_memo_stats().misses); });
    ctx.metrics->add_gauge("paseo_octo_calendar_memo_entries", "OCTO calendar answers held", [api] {
      return static_cast<double>(api->availability.calendar_memo_stats().entries);
    });
  }
}

}  // namespace paseo::api
