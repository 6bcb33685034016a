// Bookings list, CSV export and detail (docs/api/extranet.md, "Bookings").
#include <algorithm>
#include <map>

#include "api/extranet/csv.h"
#include "api/extranet/internal/guard.h"
#include "api/extranet/internal/params.h"
#include "api/extranet/internal/services.h"
#include "api/extranet/product_json.h"
#include "app/extranet_queries.h"
#include "common/random.h"

namespace paseo::api::extranet::internal {

namespace {

using http::JsonWriter;

constexpr std::string_view kStatuses[] = {"ON_HOLD", "CONFIRMED", "CANCELLED",
                                          "EXPIRED", "REDEEMED",  "PENDING"};
constexpr std::string_view kSorts[] = {"createdAt", "startAt", "total", "supplierReference"};
constexpr int kMaxExportRows = 100000;

// Product and option display names of the supplier's catalogue, for list rows.
struct Names {
  std::map<std::string, std::string> product;
  std::map<std::string, std::string> option;  // "productId/optionId"
  std::string option_name(const std::string& product_id, const std::string& option_id) const {
    auto it = option.find(product_id + "/" + option_id);
    return it == option.end() ? option_id : it->second;
  }
  std::string product_title(const std::string& product_id) const {
    auto it = product.find(product_id);
    return it == product.end() ? product_id : it->second;
  }
};

Result<Names> load_names(Services& s, const app::Caller& ec, std::string_view locale) {
  PASEO_ASSIGN_OR_RETURN(auto products, s.catalogue.list_products(ec));
  Names n;
  for (const auto& p : products) {
    n.product[p.id] = extranet::product_title(p, locale);
    for (const auto& o : p.options) n.option[p.id + "/" + o.id] = extranet::option_name(o, locale);
  }
  return n;
}

Result<app::BookingListQuery> parse_list_query(const http::Request& req, const std::string& org) {
  app::BookingListQuery q;
  q.supplier_id = org;
  q.q = param(req, "q").value_or("");
  if (q.q.size() > 200) return Error::invalid_argument("'q' is too long", "q");
  q.product_id = param(req, "productId").value_or("");
  PASEO_ASSIGN_OR_RETURN(q.from, date_param(req, "from"));
  PASEO_ASSIGN_OR_RETURN(q.to, date_param(req, "to"));
  if (q.from && q.to && *q.to < *q.from)
    return Error::invalid_argument("'to' is before 'from'", "to").with_key("field.toBeforeFrom");
  PASEO_ASSIGN_OR_RETURN(q.statuses, list_param(req, "status", kStatuses));
  q.channel = param(req, "channel");
  PASEO_ASSIGN_OR_RETURN(auto sort, sort_param(req, kSorts, "-createdAt"));
  q.sort = sort.field;
  q.descending = sort.descending;
  return q;
}

// The time the traveller's clock shows at the start: the departure's own time but for one in a
// spring-forward gap, which runs an hour later (domain/local_time.h).
std::string local_time_of(const app::BookingRow& b) {
  auto tz = domain::TimeZone::find(b.time_zone);
  if (!tz.ok()) return b.local_time;
  return tz->to_local(from_epoch_ms(b.start_ms)).time.to_string();
}

void write_row(JsonWriter& w, const app::BookingRow& b, const Names& names,
               const std::string& org) {
  w.start_object();
  w.field("id", b.id);
  w.field("supplierReference", b.supplier_reference);
  w.field("resellerReference", b.reseller_reference);
  w.field("status", b.status);
  w.key("channel").start_object();
  if (b.reseller_id.empty() || b.reseller_id == org) {
    w.key("id").null();
    w.field("name", "Direct");
  } else {
    w.field("id", b.reseller_id);
    w.field("name", b.reseller_name);
  }
  w.field("via", b.channel);
  w.end_object();
  w.field("productId", b.product_id);
  w.field("productTitle", names.product_title(b.product_id));
  w.field("optionId", b.option_id);
  w.field("optionName", names.option_name(b.product_id, b.option_id));
  w.field("localDate", b.local_date);
  w.field("localTime", local_time_of(b));
  w.field("allDay", b.all_day);
  w.field("timeZone", b.time_zone);
  w.field("startAt", format_utc(from_epoch_ms(b.start_ms)));
  w.field("contactName", b.contact_name);
  w.field("contactEmail", b.contact_email);
  w.field("pax", b.pax);
  write_money(w, "total", b.total_retail, b.currency);
  w.field("createdAt", format_utc(from_epoch_ms(b.created_at_ms)));
  w.end_object();
}

void write_contact(JsonWriter& w, const domain::Contact& c) {
  w.key("contact").start_object();
  w.field("fullName", c.display_name());
  w.field("firstName", c.first_name);
  w.field("lastName", c.last_name);
  w.field("email", c.email);
  w.field("phone", c.phone);
  w.field("country", c.country);
  w.field("postalCode", c.postal_code);
  w.field("locale", c.locales.empty() ? std::string() : c.locales.front());
  w.field("notes", c.notes);
  w.end_object();
}

std::string question_label(const domain::Product* p, const std::string& id,
                           std::string_view locale) {
  if (p == nullptr) return id;
  const auto* q = domain::find_question(*p, id);
  if (q == nullptr) return id;
  return text_in(q->label, locale, id);
}

// Extras as a history entry keeps them ("lunch:2,water:1", docs/api/extranet.md) in the reader's
// words: "2 × Lunch, 1 × Water"; "" for none.
std::string extras_names(const domain::Product* p, std::string_view kept, std::string_view locale) {
  std::string out;
  while (!kept.empty()) {
    const std::size_t comma = kept.find(',');
    const std::string_view item = kept.substr(0, comma);
    kept = comma == std::string_view::npos ? std::string_view() : kept.substr(comma + 1);
    const std::size_t colon = item.rfind(':');
    const std::string id(item.substr(0, colon));
    const domain::Extra* extra = p ? domain::find_extra(*p, id) : nullptr;
    if (!out.empty()) out += ", ";
    if (colon != std::string_view::npos) out += std::string(item.substr(colon + 1)) + " × ";
    out += extra ? text_in(extra->title, locale, id) : id;
  }
  return out;
}

// A pickup as a history entry keeps it (a point id and maybe a hotel) in the reader's words: the
// point's name, the hotel's, or both; "" for none.
std::string pickup_names(const domain::Product* p, const std::map<std::string, std::string>& params,
                         const std::string& point_key, const std::string& hotel_key) {
  std::string out;
  if (auto it = params.find(point_key); it != params.end() && !it->second.empty()) {
    const domain::PickupPoint* point = p ? domain::find_pickup_point(*p, it->second) : nullptr;
    out = point ? point->name : it->second;
  }
  if (auto it = params.find(hotel_key); it != params.end() && !it->second.empty()) {
    out += (out.empty() ? "" : ", ") + it->second;
  }
  return out;
}

// Engine field names, and the names a screen's form gives them.
using FieldRenames = std::vector<std::pair<std::string_view, std::string_view>>;

// An engine error as the extranet's screens get it. The caller has no such booking (none, or
// another supplier's: booking.notFound) is "booking not found" under the route's `id`; any other
// error keeps its code and key, with the engine's field names turned into the form's.
Error screen_error(Error e, const FieldRenames& renames = {}) {
  if (e.key == "booking.notFound") {
    return Error::not_found("booking not found", "id").with_key("booking.notFound");
  }
  for (const auto& [engine, form] : renames) {
    if (e.field == engine) e.field = std::string(form);
  }
  return e;
}

// The booking as the detail screen shows it (docs/api/extranet.md, GET /bookings/{id}).
Result<http::Response> detail_response(Services& s, const v1::Caller& caller, const app::Caller& ec,
                                       const std::string& locale, const domain::Booking& b) {
  // By id: a uuid is unique per reseller only and may name another booking too.
  PASEO_ASSIGN_OR_RETURN(auto history, s.bookings.history(ec, b.id));
  std::vector<std::string> actors;
  for (const auto& h : history) actors.push_back(h.actor);
  // The supplier's own people by name; a raw id means nothing on the screen.
  PASEO_ASSIGN_OR_RETURN(auto people, app::user_names(s.ctx.db, caller.organisation_id, actors));
  auto product = s.catalogue.get_product(ec, b.product_id);
  const domain::Product* p = product.ok() ? &*product : nullptr;
  const domain::Option* option = p ? domain::find_option(*p, b.option_id) : nullptr;
  std::string reseller_name;
  if (b.reseller_id != caller.organisation_id) {
    PASEO_ASSIGN_OR_RETURN(reseller_name, app::organisation_name(s.ctx.db, b.reseller_id));
  }
  JsonWriter w;
  w.start_object().key("booking").start_object();
  w.field("id", b.id);
  w.field("uuid", b.uuid);
  w.field("supplierReference", b.supplier_reference);
  w.field("resellerReference", b.reseller_reference);
  w.field("status", domain::to_string(b.status));
  w.key("channel").start_object();
  if (b.reseller_id == caller.organisation_id) {
    w.key("id").null();
    w.field("name", "Direct");
  } else {
    w.field("id", b.reseller_id);
    w.field("name", reseller_name);
  }
  w.field("via", b.channel);
  w.end_object();
  w.field("productId", b.product_id);
  w.field("productTitle", p ? extranet::product_title(*p, locale) : b.product_id);
  w.field("optionId", b.option_id);
  w.field("optionName", option ? extranet::option_name(*option, locale) : b.option_id);
  w.field("departureId", b.availability_id);
  w.field("localDate", b.local_date.to_string());
  auto zone = domain::TimeZone::find(b.time_zone);
  // What the clock shows at the start (a departure in a spring-forward gap runs later).
  w.field("localTime",
          zone.ok() ? zone->to_local(b.utc_start).time.to_string() : b.local_start.to_string());
  w.field("allDay", b.all_day);
  w.field("timeZone", b.time_zone);
  w.field("startAt", format_utc(b.utc_start));
  w.field("endAt", format_utc(b.utc_end));
  w.field("localDateTimeStart", b.local_date_time_start);
  w.field("contactName", b.contact.display_name());
  w.field("contactEmail", b.contact.email);
  int pax = b.seats;
  w.field("pax", pax);
  write_money(w, "total", b.total.retail, b.currency);
  write_money(w, "net", b.total.net, b.currency);
  write_contact(w, b.contact);
  // Items grouped per unit, as the detail screen lists them.
  struct Line {
    int quantity = 0;
    domain::PriceBreakdown total;
    domain::PriceBreakdown each;
  };
  std::map<std::string, Line> lines;
  std::vector<std::string> order;
  for (const auto& item : b.unit_items) {
    auto [it, fresh] = lines.try_emplace(item.unit_id);
    if (fresh) order.push_back(item.unit_id);
    it->second.quantity++;
    it->second.total += item.price;
    it->second.each = item.price;
  }
  w.key("items").start_array();
  for (const auto& unit_id : order) {
    const auto& l = lines[unit_id];
    const domain::Unit* unit = option ? domain::find_unit(*option, unit_id) : nullptr;
    w.start_object();
    w.field("unitId", unit_id);
    w.field("unitType", unit ? domain::to_string(unit->type) : std::string_view("OTHER"));
    w.field("unitName", unit ? text_in(unit->title, locale, unit->internal_name) : unit_id);
    w.field("quantity", l.quantity);
    write_money(w, "retail", l.each.retail, b.currency);
    write_money(w, "total", l.total.retail, b.currency);
    w.end_object();
  }
  w.end_array();
  w.key("extras").start_array();
  for (const auto& e : b.extras) {
    const domain::Extra* extra = p ? domain::find_extra(*p, e.extra_id) : nullptr;
    w.start_object();
    w.field("extraId", e.extra_id);
    w.field("name", extra ? text_in(extra->title, locale, e.extra_id) : e.extra_id);
    w.field("quantity", e.quantity);
    write_money(w, "total", e.price.retail, b.currency);
    w.end_object();
  }
  w.end_array();
  w.key("answers").start_array();
  for (const auto& a : b.answers) {
    w.start_object();
    w.field("questionId", a.question_id);
    w.field("question", question_label(p, a.question_id, locale));
    w.field("answer", a.value);
    w.key("participant").null();
    w.end_object();
  }
  for (std::size_t i = 0; i < b.unit_items.size(); ++i) {
    for (const auto& a : b.unit_items[i].answers) {
      w.start_object();
      w.field("questionId", a.question_id);
      w.field("question", question_label(p, a.question_id, locale));
      w.field("answer", a.value);
      w.field("participant", static_cast<std::int64_t>(i + 1));
      w.end_object();
    }
  }
  w.end_array();
  w.key("pickup");
  const domain::PickupPoint* pickup =
      (p && b.pickup_requested) ? domain::find_pickup_point(*p, b.pickup_point_id) : nullptr;
  if (pickup) {
    auto tz = domain::TimeZone::find(b.time_zone);
    std::string local = b.local_start.to_string();
    if (tz.ok()) {
      auto at = b.utc_start - std::chrono::minutes(pickup->minutes_before_start);
      local = tz->to_local(at).time.to_string();
    }
    w.start_object();
    w.field("id", pickup->id);
    w.field("name", pickup->name);
    w.field("address", pickup->address);
    w.field("localTime", local);
    w.end_object();
  } else {
    w.null();
  }
  write_pickup_hotel(w, b);  // with or without a point
  w.field("notes", b.notes);
  w.field("createdAt", format_utc(b.created_at));
  w.field("updatedAt", format_utc(b.updated_at));
  w.key("confirmedAt");
  if (b.confirmed_at)
    w.string(format_utc(*b.confirmed_at));
  else
    w.null();
  w.key("redeemedAt");  // checked in
  if (b.redeemed_at)
    w.string(format_utc(*b.redeemed_at));
  else
    w.null();
  w.key("expiresAt");
  if (b.expires_at)
    w.string(format_utc(*b.expires_at));
  else
    w.null();
  w.key("cancelledAt");
  if (b.cancellation)
    w.string(format_utc(b.cancellation->at));
  else
    w.null();
  w.key("cancellation");
  if (b.cancellation) {
    w.start_object();
    w.field("refund", domain::to_string(b.cancellation->refund));
    write_money(w, "refundAmount", b.cancellation->refund_amount, b.currency);
    w.field("reason", b.cancellation->reason);
    w.end_object();
  } else {
    w.null();
  }
  w.key("history").start_array();
  for (const auto& h : history) {
    w.start_object();
    w.field("at", format_utc(h.at));
    w.field("action", h.kind);
    w.field("channel", h.channel);
    auto named = people.find(h.actor);
    w.field("actor", named == people.end() ? std::string() : named->second);
    w.field("detail", h.detail);
    w.key("params").start_object();  // what `detail` quotes, for the reader's language
    for (const auto& [name, value] : h.params) w.field(name, value);
    // A change of option names both options as the reader's screen does.
    const auto from_option = h.params.find("fromOption");
    const auto to_option = h.params.find("option");
    if (p && from_option != h.params.end() && to_option != h.params.end()) {
      for (const auto& [key, id] : {std::pair{"fromOptionName", &from_option->second},
                                    std::pair{"optionName", &to_option->second}}) {
        const domain::Option* o = domain::find_option(*p, *id);
        w.field(key, o ? extranet::option_name(*o, locale) : *id);
      }
    }
    // So do both ends of a change of extras or of pickup ("" for none).
    if (auto from = h.params.find("fromExtras"); from != h.params.end()) {
      auto to = h.params.find("extras");
      w.field("fromExtrasNames", extras_names(p, from->second, locale));
      w.field("extrasNames",
              extras_names(p, to == h.params.end() ? std::string() : to->second, locale));
    }
    if (h.params.contains("fromPickup")) {
      w.field("fromPickupName", pickup_names(p, h.params, "fromPickup", "fromPickupHotel"));
      w.field("pickupName", pickup_names(p, h.params, "pickup", "pickupHotel"));
    }
    w.end_object();
    w.end_object();
  }
  w.end_array();
  w.end_object().end_object();
  return http::Response::json(200, w.take());
}

// The booking an engine action answered, as the detail screen shows it, or its error as
// screen_error() words it.
Result<http::Response> action_response(Services& s, const v1::Caller& caller, const app::Caller& ec,
                                       const http::Request& req, Result<domain::Booking> done,
                                       const FieldRenames& renames = {}) {
  if (!done.ok()) return screen_error(done.error(), renames);
  return detail_response(s, caller, ec, display_locale(req, caller), *done);
}

// A form's text without the spaces a paste brings around it.
std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  const auto last = text.find_last_not_of(" \t\r\n");
  return first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
}

// The traveller's contact as the extranet's forms send it: the form's field, the engine's (OCTO)
// name for it (the engine's errors name that), and where it goes.
struct ContactField {
  std::string_view form;
  std::string_view octo;
  std::string domain::Contact::*value;
};
constexpr ContactField kContactFields[] = {
    {"firstName", "contact.firstName", &domain::Contact::first_name},
    {"lastName", "contact.lastName", &domain::Contact::last_name},
    {"email", "contact.emailAddress", &domain::Contact::email},
    {"phone", "contact.phoneNumber", &domain::Contact::phone}};

// Writes the contact fields `root` gives into `contact`, trimmed; a field not given keeps its
// value. A name given in parts replaces the one-piece name a channel may have sent.
Status read_contact_fields(const http::JsonValue& root, domain::Contact& contact) {
  for (const auto& f : kContactFields) {
    PASEO_ASSIGN_OR_RETURN(auto given, http::optional_string(root, f.form));
    if (!given) continue;
    contact.*f.value = trimmed(*given);
    if (f.form == "firstName" || f.form == "lastName") contact.full_name.clear();
  }
  return ok_status();
}

// The engine's names of the contact fields, renamed to the form's (see screen_error()).
FieldRenames contact_renames() {
  FieldRenames renames;
  for (const auto& f : kContactFields) renames.emplace_back(f.octo, f.form);
  return renames;
}

// A form's counts per id ({"adult": 2, "child": 1}): whole numbers from 0 to 500. An absent
// field is no counts unless `required`.
Result<std::vector<std::pair<std::string, int>>> counts_field(const http::JsonValue& root,
                                                              const std::string& name,
                                                              bool required) {
  std::vector<std::pair<std::string, int>> out;
  const http::JsonValue v = root.get(name);
  if (!v.valid() && !required) return out;
  if (!v.is_object()) {
    return Error::invalid_argument("'" + name + "' must be an object of counts per id", name);
  }
  constexpr std::int64_t kMaxCount = 500;
  for (const auto& [id, count] : v.members()) {
    if (!count.is_int() || count.as_int() < 0 || count.as_int() > kMaxCount) {
      return Error::invalid_argument("'" + name + "' counts must be whole numbers from 0 to 500",
                                     name);
    }
    out.emplace_back(std::string(id), static_cast<int>(count.as_int()));
  }
  return out;
}

}  // namespace

void register_booking_routes(http::Router& router, const ServicesPtr& sp) {
  router.get("/api/v1/extranet/bookings",
             handler([sp](http::Request& req) -> Result<http::Response> {
               Services& s = *sp;
               PASEO_ASSIGN_OR_RETURN(auto caller, require_supplier(req, s.ctx));
               PASEO_ASSIGN_OR_RETURN(auto query, parse_list_query(req, caller.organisation_id));
               PASEO_ASSIGN_OR_RETURN(auto paging, paging_params(req));
               query.offset = paging.offset();
               query.limit = paging.page_size;
               PASEO_ASSIGN_OR_RETURN(auto page, app::list_bookings(s.ctx.db, query));
               PASEO_ASSIGN_OR_RETURN(
                   auto names, load_names(s, engine_caller(caller), display_locale(req, caller)));
               JsonWriter w;
               w.start_object();
               w.key("items").start_array();
               for (const auto& b : page.items) write_row(w, b, names, caller.organisation_id);
               w.end_array();
               w.field("total", page.total);
               w.field("page", paging.page);
               w.field("pageSize", paging.page_size);
               w.end_object();
               return http::Response::json(200, w.take());
             }));

  router.get(
      "/api/v1/extranet/bookings.csv", handler([sp](http::Request& req) -> Result<http::Response> {
        Services& s = *sp;
        PASEO_ASSIGN_OR_RETURN(auto caller, require_supplier(req, s.ctx));
        PASEO_ASSIGN_OR_RETURN(auto query, parse_list_query(req, caller.organisation_id));
        query.limit = kMaxExportRows;
        query.count_total = false;
        PASEO_ASSIGN_OR_RETURN(auto page, app::list_bookings(s.ctx.db, query));
        PASEO_ASSIGN_OR_RETURN(auto names,
                               load_names(s, engine_caller(caller), display_locale(req, caller)));
        // A UTF-8 byte order mark first: without it Excel reads the file as the local code page
        // and "François" comes out garbled; every other reader skips it.
        std::string out = "\xEF\xBB\xBF";
        out.reserve(page.items.size() * 160 + 256);
        csv_append_row(out,
                       {"supplier_reference", "reseller_reference", "status", "channel", "product",
                        "option", "date", "time", "time_zone", "contact_name", "contact_email",
                        "contact_phone", "pax", "total", "currency", "created_at"});
        for (const auto& b : page.items) {
          bool direct = b.reseller_id.empty() || b.reseller_id == caller.organisation_id;
          csv_append_row(
              out,
              {b.supplier_reference, b.reseller_reference, b.status,
               direct ? std::string("Direct") : b.reseller_name, names.product_title(b.product_id),
               names.option_name(b.product_id, b.option_id), b.local_date,
               b.all_day ? std::string() : local_time_of(b),  // an admission: the day is all
               b.time_zone, b.contact_name, b.contact_email, b.contact_phone, std::to_string(b.pax),
               format_major_units(b.total_retail, b.currency), b.currency,
               format_utc(from_epoch_ms(b.created_at_ms))});
        }
        auto resp = http::Response::text(200, std::move(out), "text/csv; charset=utf-8");
        resp.set_header("Content-Disposition", "attachment; filename=\"bookings.csv\"");
        resp.set_header("Cache-Control", "no-store");
        return resp;
      }));

  // The supplier records a sale of its own (a phone call, a walk-in at the desk): reserved and
  // confirmed at once on the one inventory, so every channel sees the seats gone. The traveller
  // pays the supplier, so the booking's seller is the supplier itself ("direct"). `uuid`, when
  // given, makes a replay (a double click, a retry) answer the same booking.
  router.post(
      "/api/v1/extranet/bookings", handler([sp](http::Request& req) -> Result<http::Response> {
        Services& s = *sp;
        PASEO_ASSIGN_OR_RETURN(auto caller, require_supplier(req, s.ctx));
        PASEO_ASSIGN_OR_RETURN(auto doc, http::parse_json_object(req.body));
        const http::JsonValue root = doc.root();
        app::ReserveRequest r;
        PASEO_ASSIGN_OR_RETURN(r.product_id, http::get_string(root, "productId"));
        PASEO_ASSIGN_OR_RETURN(r.option_id, http::get_string(root, "optionId"));
        PASEO_ASSIGN_OR_RETURN(r.availability_id, http::get_string(root, "departureId"));
        if (!domain::parse_availability_id(r.availability_id).ok()) {
          return Error::invalid_argument("'departureId' is not a departure id", "departureId");
        }
        PASEO_ASSIGN_OR_RETURN(auto uuid, http::optional_string(root, "uuid"));
        r.uuid = uuid && !uuid->empty() ? *uuid : random_uuid();
        if (r.uuid.size() > 64) {
          return Error::invalid_argument("'uuid' is longer than 64 characters", "uuid");
        }
        PASEO_ASSIGN_OR_RETURN(auto notes, http::optional_string(root, "notes"));
        if (notes) r.notes = *notes;
        // The party and the extras as the form counts them: {"adult": 2, "child": 1}.
        PASEO_ASSIGN_OR_RETURN(auto units, counts_field(root, "units", /*required=*/true));
        for (const auto& [unit_id, count] : units) {
          for (int i = 0; i < count; ++i) {
            r.unit_items.push_back(app::UnitItemInput{"", unit_id, "", {}, {}});
          }
        }
        if (r.unit_items.empty()) {
          return Error::invalid_argument("a booking needs at least one traveller", "units");
        }
        PASEO_ASSIGN_OR_RETURN(auto extras, counts_field(root, "extras", /*required=*/false));
        for (const auto& [extra_id, count] : extras) {
          if (count > 0) r.extras.push_back(app::ExtraItemInput{extra_id, count});
        }
        PASEO_ASSIGN_OR_RETURN(auto pickup, http::optional_string(root, "pickupPointId"));
        if (pickup && !pickup->empty()) {
          r.pickup_requested = true;
          r.pickup_point_id = *pickup;
        }
        domain::Contact contact;
        PASEO_RETURN_IF_ERROR(read_contact_fields(root, contact));
        r.contact = contact;
        FieldRenames renames = contact_renames();
        renames.emplace_back("availabilityId", "departureId");
        renames.emplace_back("unitItems", "units");
        renames.emplace_back("unitId", "units");
        renames.emplace_back("extraId", "extras");
        renames.emplace_back("extraItems", "extras");
        renames.emplace_back("pickupRequested", "pickupPointId");
        auto ec = engine_caller(caller);
        // The option's required contact fields are asked before any seat is held, so a form sent
        // without them leaves no cancelled booking behind (the engine asks them at confirm).
        auto product = s.catalogue.get_product(ec, r.product_id);
        if (!product.ok()) return screen_error(product.error(), renames);
        if (const domain::Option* o = domain::find_option(*product, r.option_id)) {
          if (auto missing = domain::check_required_contact(contact, o->required_contact_fields);
              !missing.ok()) {
            return screen_error(missing.error(), renames);
          }
        }
        auto held = s.bookings.reserve(ec, r);
        if (!held.ok()) {
          Error e = held.error();
          if (e.code == ErrorCode::kSoldOut && e.field.empty()) e.field = "departureId";
          return screen_error(std::move(e), renames);
        }
        auto done = s.bookings.confirm(ec, r.uuid, app::ConfirmRequest{contact, "", {}, {}, false});
        if (!done.ok()) {
          // Nothing half-made: the seats go back at once rather than when the hold lapses.
          (void)s.bookings.cancel(ec, r.uuid, app::CancelRequest{"not confirmed", false, false});
          return screen_error(done.error(), renames);
        }
        PASEO_ASSIGN_OR_RETURN(auto resp,
                               detail_response(s, caller, ec, display_locale(req, caller), *done));
        resp.status = 201;
        return resp;
      }));

  router.get("/api/v1/extranet/bookings/{id}",
             handler([sp](http::Request& req) -> Result<http::Response> {
               Services& s = *sp;
               PASEO_ASSIGN_OR_RETURN(auto caller, require_supplier(req, s.ctx));
               auto ec = engine_caller(caller);
               return action_response(s, caller, ec, req, s.bookings.get(ec, req.param("id")));
             }));

  // The supplier calls a booking off (weather, a closure, no guide): whatever the policy and the
  // cut-off, the traveller is refunded in full, the seats go back on sale on every channel, and
  // the traveller and the supplier get the cancellation email. The reseller sees the booking
  // CANCELLED on its next OCTO GET. The reason is required: both will read it.
  router.post("/api/v1/extranet/bookings/{id}/cancel",
              handler([sp](http::Request& req) -> Result<http::Response> {
                Services& s = *sp;
                PASEO_ASSIGN_OR_RETURN(auto caller, require_supplier(req, s.ctx));
                PASEO_ASSIGN_OR_RETURN(auto doc, http::parse_json_object(req.body));
                PASEO_ASSIGN_OR_RETURN(auto reason, http::get_string(doc.root(), "reason"));
                if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
                  return Error::invalid_argument(
                             "say why: the traveller and the reseller will read it", "reason")
                      .with_key("booking.reasonRequired");
                }
                // Characters, as the web's field counts them, not bytes: "é" is one.
                if (std::count_if(reason.begin(), reason.end(), [](char c) {
                      return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
                    }) > 500) {
                  return Error::invalid_argument("the reason is at most 500 characters", "reason")
                      .with_key("field.tooLong", {{"max", "500"}});
                }
                auto ec = engine_caller(caller);
                app::CancelRequest cancel;
                cancel.reason = std::move(reason);
                cancel.full_refund = true;
                return action_response(s, caller, ec, req,
                                       s.bookings.cancel(ec, req.param("id"), cancel));
              }));

  // The supplier moves a booking to another departure of the same product (the rain date, the
  // next free slot): seats move atomically, the price follows the new date, the traveller and the
  // supplier get the amended emails. Allowed inside the cancellation-fee window, where the
  // channel may not move it.
  router.post(
      "/api/v1/extranet/bookings/{id}/move",
      handler([sp](http::Request& req) -> Result<http::Response> {
        Services& s = *sp;
        PASEO_ASSIGN_OR_RETURN(auto caller, require_supplier(req, s.ctx));
        PASEO_ASSIGN_OR_RETURN(auto doc, http::parse_json_object(req.body));
        PASEO_ASSIGN_OR_RETURN(auto departure, http::get_string(doc.root(), "departureId"));
        if (!domain::parse_availability_id(departure).ok()) {
          return Error::invalid_argument("'departureId' is not a departure id", "departureId");
        }
        auto ec = engine_caller(caller);
        app::UpdateRequest move;
        move.availability_id = departure;
        return action_response(s, caller, ec, req, s.bookings.update(ec, req.param("id"), move),
                               {{"availabilityId", "departureId"}});
      }));

  // The supplier corrects the traveller's contact: a mistyped address, the phone number the
  // traveller called in with. A field not sent keeps its value, and so do the traveller's
  // languages, country and notes. The engine checks the option's required contact fields; a new
  // address gets the booking's confirmation (the old one is not told: it may be a stranger's),
  // the supplier the amended email, and the history says "contact".
  router.post("/api/v1/extranet/bookings/{id}/contact",
              handler([sp](http::Request& req) -> Result<http::Response> {
                Services& s = *sp;
                PASEO_ASSIGN_OR_RETURN(auto caller, require_supplier(req, s.ctx));
                PASEO_ASSIGN_OR_RETURN(auto doc, http::parse_json_object(req.body));
                auto ec = engine_caller(caller);
                auto got = s.bookings.get(ec, req.param("id"));
                if (!got.ok()) return screen_error(got.error());
                domain::Contact contact = got->contact;
                PASEO_RETURN_IF_ERROR(read_contact_fields(doc.root(), contact));
                app::UpdateRequest change;
                change.contact = std::move(contact);
                return action_response(s, caller, ec, req,
                                       s.bookings.update(ec, req.param("id"), change),
                                       contact_renames());
              }));

  // The supplier changes where the traveller is picked up (the traveller called: another hotel,
  // the other point): a point of the product, a hotel of the traveller's, or no pickup when both
  // are empty. The traveller and the reseller are emailed where to be.
  router.post(
      "/api/v1/extranet/bookings/{id}/pickup",
      handler([sp](http::Request& req) -> Result<http::Response> {
        Services& s = *sp;
        PASEO_ASSIGN_OR_RETURN(auto caller, require_supplier(req, s.ctx));
        PASEO_ASSIGN_OR_RETURN(auto doc, http::parse_json_object(req.body));
        app::UpdateRequest change;
        std::string* const targets[] = {&change.pickup_point_id.emplace(),
                                        &change.pickup_hotel.emplace(),
                                        &change.pickup_hotel_room.emplace()};
        const char* const names[] = {"pickupPointId", "hotel", "room"};
        for (std::size_t i = 0; i < 3; ++i) {
          PASEO_ASSIGN_OR_RETURN(auto given, http::optional_string(doc.root(), names[i]));
          if (given) *targets[i] = trimmed(*given);
        }
        change.pickup_requested = !change.pickup_point_id->empty() || !change.pickup_hotel->empty();
        if (!change.pickup_requested.value()) change.pickup_hotel_room = "";
        auto ec = engine_caller(caller);
        return action_response(s, caller, ec, req, s.bookings.update(ec, req.param("id"), change),
                               {{"pickupRequested", "pickupPointId"},
                                {"pickupHotel", "hotel"},
                                {"pickupHotelRoom", "room"}});
      }));

  // The supplier checks the travellers in as they arrive (REDEEMED: OCTO shows utcRedeemedAt and
  // the booking can no longer be cancelled), or undoes a check-in made by mistake.
  router.post("/api/v1/extranet/bookings/{id}/check-in",
              handler([sp](http::Request& req) -> Result<http::Response> {
                Services& s = *sp;
                PASEO_ASSIGN_OR_RETURN(auto caller, require_supplier(req, s.ctx));
                PASEO_ASSIGN_OR_RETURN(auto doc, http::parse_json_object(req.body));
                PASEO_ASSIGN_OR_RETURN(auto checked_in, http::get_bool(doc.root(), "checkedIn"));
                auto ec = engine_caller(caller);
                return action_response(s, caller, ec, req,
                                       s.bookings.check_in(ec, req.param("id"), checked_in));
              }));

  // The supplier sends the traveller the confirmation again (it went to spam, it was deleted): to
  // the contact's address, in the traveller's language; at most once a minute per address.
  router.post("/api/v1/extranet/bookings/{id}/resend-confirmation",
              handler([sp](http::Request& req) -> Result<http::Response> {
                Services& s = *sp;
                PASEO_ASSIGN_OR_RETURN(auto caller, require_supplier(req, s.ctx));
                auto ec = engine_caller(caller);
                return action_response(s, caller, ec, req,
                                       s.bookings.resend_confirmation(ec, req.param("id")));
              }));
}

}  // namespace paseo::api::extranet::internal
