// Calendar read and edits (docs/api/extranet.md, "Calendar" and "Calendar changes").
#include <algorithm>

#include "api/extranet/internal/guard.h"
#include "api/extranet/internal/params.h"
#include "api/extranet/internal/services.h"
#include "api/extranet/product_json.h"
#include "app/extranet_calendar.h"
#include "app/extranet_queries.h"
#include "domain/availability.h"

namespace paseo::api::extranet::internal {

namespace {

using domain::LocalDate;
using domain::LocalTime;
using http::JsonWriter;

constexpr int kMaxCalendarDays = 92;
constexpr int kMaxEditDays = 366;

// `localTime` is the departure's key in the schedule (what edits name); `wallClockTime` is what
// the clocks read when it starts, which differs only in a spring-forward gap (02:30 runs at 03:30).
void write_departure(JsonWriter& w, const domain::TimeZone& tz, LocalDate date,
                     const app::CalendarDeparture& d) {
  w.start_object();
  w.field("id", d.id);
  w.field("localTime", d.start.to_string());
  w.field("wallClockTime", tz.wall_clock(date, d.start).to_string());
  w.field("startAt", format_utc(d.utc_start));
  w.key("capacity");
  if (d.capacity)
    w.integer(*d.capacity);
  else
    w.null();
  w.field("booked", d.booked);
  w.key("vacancies");
  if (d.capacity)
    w.integer(std::max(0, *d.capacity - d.booked));
  else
    w.null();
  w.field("status", domain::to_string(d.status));
  w.field("closed", d.closed);
  w.field("oneOff", d.one_off);
  w.key("capacityOverride");
  if (d.capacity_override)
    w.integer(*d.capacity_override);
  else
    w.null();
  w.end_object();
}

void write_days(JsonWriter& w, const domain::TimeZone& tz,
                const std::vector<app::CalendarDayView>& days) {
  w.key("days").start_array();
  for (const auto& day : days) {
    w.start_object();
    w.field("date", day.date.to_string());
    w.field("status", domain::to_string(day.status));
    w.field("closed", day.closed);
    w.key("capacity");
    if (day.capacity)
      w.integer(*day.capacity);
    else
      w.null();
    w.field("booked", day.booked);
    w.key("departures").start_array();
    for (const auto& d : day.departures) write_departure(w, tz, day.date, d);
    w.end_array();
    w.end_object();
  }
  w.end_array();
}

struct Loaded {
  domain::Product product;
  domain::TimeZone tz;
  domain::Schedule schedule;
};

Result<Loaded> load(Services& s, const app::Caller& caller, const std::string& product_id) {
  PASEO_ASSIGN_OR_RETURN(auto product, s.catalogue.get_product(caller, product_id));
  PASEO_ASSIGN_OR_RETURN(auto tz, domain::TimeZone::find(product.time_zone));
  PASEO_ASSIGN_OR_RETURN(auto schedule, s.catalogue.get_schedule(caller, product_id));
  return Loaded{std::move(product), tz, std::move(schedule)};
}

Result<std::vector<app::CalendarDayView>> calendar_days(Services& s, const std::string& org,
                                                        const Loaded& l, LocalDate from,
                                                        LocalDate to) {
  PASEO_ASSIGN_OR_RETURN(auto booked,
                         app::load_booked_seats(s.ctx.db, org, l.product.id, from, to));
  return app::build_calendar(l.product, l.tz, l.schedule, booked, from, to);
}

Status check_option(const domain::Product& p, const std::optional<std::string>& option_id) {
  if (option_id && !domain::find_option(p, *option_id)) {
    return Error::not_found("option not found", "optionId");
  }
  return {};
}

// The target of an edit body: departureId, or date [.. to] [+ localTime].
Result<app::CalendarTarget> parse_target(const http::JsonValue& body) {
  PASEO_ASSIGN_OR_RETURN(auto departure_id, http::optional_string(body, "departureId"));
  app::CalendarTarget t;
  if (departure_id && !departure_id->empty()) {
    auto when = domain::parse_availability_id(*departure_id);
    if (!when.ok())
      return Error::invalid_argument("'departureId' is not a departure id", "departureId");
    t.from = t.to = when->date;
    t.start = when->time;
    return t;
  }
  PASEO_ASSIGN_OR_RETURN(t.from, json_date(body, "date"));
  PASEO_ASSIGN_OR_RETURN(auto to, json_optional_date(body, "to"));
  t.to = to.value_or(t.from);
  if (t.to < t.from)
    return Error::invalid_argument("'to' is before 'date'", "to").with_key("field.toBeforeFrom");
  if (t.to.days - t.from.days >= kMaxEditDays) {
    return Error::invalid_argument("at most 366 days at once", "to")
        .with_key("calendar.tooManyDays", {{"max", "366"}});
  }
  PASEO_ASSIGN_OR_RETURN(t.start, json_optional_time(body, "localTime"));
  return t;
}

// Ensures a single-departure target names a departure the schedule has.
Status check_departure_exists(const Loaded& l, const app::CalendarTarget& t) {
  if (!t.start) return {};
  auto slots = domain::expand_schedule(l.schedule, l.product.availability_type, t.from, t.to);
  for (const auto& slot : slots) {
    if (slot.start == *t.start) return {};
  }
  return Error::not_found("no departure at that time", "localTime")
      .with_key("calendar.noDeparture");
}

using Edit = std::function<Status(domain::Schedule&, const Loaded&, const http::JsonValue&,
                                  const app::CalendarTarget&)>;

// Loads product + schedule in the caller's scope, applies `edit`, saves through the engine, and
// answers the calendar days of the target range.
Result<http::Response> apply_edit(Services& s, http::Request& req, const Edit& edit) {
  PASEO_ASSIGN_OR_RETURN(auto caller, require_supplier(req, s.ctx));
  PASEO_ASSIGN_OR_RETURN(auto doc, http::parse_json_object(req.body));
  auto body = doc.root();
  PASEO_ASSIGN_OR_RETURN(auto product_id, http::get_string(body, "productId"));
  auto ec = engine_caller(caller);
  PASEO_ASSIGN_OR_RETURN(auto loaded, load(s, ec, product_id));
  PASEO_ASSIGN_OR_RETURN(auto option_id, http::optional_string(body, "optionId"));
  PASEO_RETURN_IF_ERROR(check_option(loaded.product, option_id));
  PASEO_ASSIGN_OR_RETURN(auto target, parse_target(body));
  PASEO_RETURN_IF_ERROR(edit(loaded.schedule, loaded, body, target));
  PASEO_RETURN_IF_ERROR(
      domain::validate_schedule(loaded.schedule, loaded.product.availability_type));
  auto saved = s.catalogue.save_schedule(ec, product_id, loaded.schedule);
  if (!saved.ok()) {
    Error e = saved.error();
    if (e.code == ErrorCode::kConflict && e.field.empty()) e.field = "capacity";
    return e;
  }
  PASEO_ASSIGN_OR_RETURN(auto days,
                         calendar_days(s, caller.organisation_id, loaded, target.from, target.to));
  JsonWriter w;
  w.start_object();
  w.field("productId", product_id);
  w.field("timeZone", loaded.product.time_zone);
  write_days(w, loaded.tz, days);
  w.end_object();
  return http::Response::json(200, w.take());
}

Result<domain::WeeklyRule> parse_rule(const http::JsonValue& body) {
  domain::WeeklyRule r;
  auto weekdays = body.get("weekdays");
  if (!weekdays.valid() || !weekdays.is_array() || weekdays.size() == 0) {
    return Error::invalid_argument("'weekdays' must be a non-empty array of 1 (Monday) .. 7",
                                   "weekdays")
        .with_key("calendar.weekdays");
  }
  r.weekdays = 0;
  for (const auto& d : weekdays.items()) {
    if (!d.is_int() || d.as_int() < 1 || d.as_int() > 7) {
      return Error::invalid_argument("'weekdays' must hold numbers 1 (Monday) .. 7", "weekdays")
          .with_key("calendar.weekdays");
    }
    r.weekdays = static_cast<std::uint8_t>(r.weekdays | (1u << (d.as_int() - 1)));
  }
  auto times = body.get("times");
  if (!times.valid() || !times.is_array() || times.size() == 0) {
    return Error::invalid_argument("'times' must be a non-empty array of HH:MM", "times")
        .with_key("calendar.times");
  }
  for (const auto& t : times.items()) {
    auto parsed = t.is_string() ? LocalTime::parse(t.as_string())
                                : Result<LocalTime>(Error::invalid_argument(""));
    if (!parsed.ok())
      return Error::invalid_argument("'times' must hold times HH:MM", "times")
          .with_key("calendar.times");
    if (std::find(r.start_times.begin(), r.start_times.end(), *parsed) == r.start_times.end()) {
      r.start_times.push_back(*parsed);
    }
  }
  std::sort(r.start_times.begin(), r.start_times.end());
  PASEO_ASSIGN_OR_RETURN(r.from, json_date(body, "from"));
  PASEO_ASSIGN_OR_RETURN(r.to, json_optional_date(body, "to"));
  if (r.to && *r.to < r.from)
    return Error::invalid_argument("'to' is before 'from'", "to").with_key("field.toBeforeFrom");
  PASEO_ASSIGN_OR_RETURN(auto capacity, http::get_int(body, "capacity"));
  if (capacity < 0 || capacity > 100000) {
    return Error::invalid_argument("'capacity' must be from 0 to 100000", "capacity")
        .with_key("field.range", {{"min", "0"}, {"max", "100000"}});
  }
  r.capacity = static_cast<int>(capacity);
  return r;
}

void write_rule(JsonWriter& w, std::size_t index, const domain::WeeklyRule& r) {
  w.start_object();
  w.field("id", std::to_string(index));
  w.key("optionId").null();
  w.key("weekdays").start_array();
  for (int d = 1; d <= 7; ++d) {
    if ((r.weekdays >> (d - 1)) & 1) w.integer(d);
  }
  w.end_array();
  w.key("times").start_array();
  for (const auto& t : r.start_times) w.string(t.to_string());
  w.end_array();
  w.field("from", r.from.to_string());
  w.key("to");
  if (r.to)
    w.string(r.to->to_string());
  else
    w.null();
  w.field("capacity", r.capacity);
  w.end_object();
}

Result<std::size_t> rule_index(const http::Request& req, const domain::Schedule& s) {
  const std::string& id = req.param("ruleId");
  std::size_t idx = 0;
  for (char c : id) {
    if (c < '0' || c > '9' || id.size() > 6) return Error::not_found("rule not found", "ruleId");
    idx = idx * 10 + static_cast<std::size_t>(c - '0');
  }
  if (id.empty() || idx >= s.rules.size()) return Error::not_found("rule not found", "ruleId");
  return idx;
}

// Date-range price ids: "<optionId>~<unitId>~<from>~<to>" (content-addressed: stable while the
// row exists, no column needed in the engine's tables).
std::string price_id(const domain::Option& o, const domain::Price& p) {
  return o.id + "~" + p.unit_id + "~" + (p.valid_from ? p.valid_from->to_string() : "") + "~" +
         (p.valid_to ? p.valid_to->to_string() : "");
}

void write_price(JsonWriter& w, const domain::Option& o, const domain::Price& p) {
  w.start_object();
  w.field("id", price_id(o, p));
  w.field("optionId", o.id);
  w.field("unitId", p.unit_id);
  w.field("from", p.valid_from ? p.valid_from->to_string() : "");
  w.field("to", p.valid_to ? p.valid_to->to_string() : "");
  w.field("retail", p.retail);
  w.field("net", p.net);
  w.end_object();
}

}  // namespace

void register_calendar_routes(http::Router& router, const ServicesPtr& sp) {
  router.get("/api/v1/extranet/calendar",
             handler([sp](http::Request& req) -> Result<http::Response> {
               Services& s = *sp;
               PASEO_ASSIGN_OR_RETURN(auto caller, require_supplier(req, s.ctx));
               PASEO_ASSIGN_OR_RETURN(auto product_id, required_param(req, "productId"));
               PASEO_ASSIGN_OR_RETURN(auto from, required_date_param(req, "from"));
               PASEO_ASSIGN_OR_RETURN(auto to, required_date_param(req, "to"));
               if (to < from)
                 return Error::invalid_argument("'to' is before 'from'", "to")
                     .with_key("field.toBeforeFrom");
               if (to.days - from.days >= kMaxCalendarDays) {
                 return Error::invalid_argument("at most 92 days at once", "to")
                     .with_key("calendar.tooManyDays", {{"max", "92"}});
               }
               auto ec = engine_caller(caller);
               PASEO_ASSIGN_OR_RETURN(auto loaded, load(s, ec, product_id));
               auto option_id = param(req, "optionId");
               PASEO_RETURN_IF_ERROR(check_option(loaded.product, option_id));
               PASEO_ASSIGN_OR_RETURN(auto days,
                                      calendar_days(s, caller.organisation_id, loaded, from, to));
               JsonWriter w;
               w.start_object();
               w.field("productId", product_id);
               w.field("optionId", option_id);
               w.field("timeZone", loaded.product.time_zone);
               w.field("availabilityType", domain::to_string(loaded.product.availability_type));
               write_days(w, loaded.tz, days);
               w.end_object();
               return http::Response::json(200, w.take());
             }));

  router.post("/api/v1/extranet/calendar/closures",
              handler([sp](http::Request& req) -> Result<http::Response> {
                return apply_edit(
                    *sp, req,
                    [](domain::Schedule& sched, const Loaded& l, const http::JsonValue& body,
                       const app::CalendarTarget& t) -> Status {
                      PASEO_ASSIGN_OR_RETURN(bool closed, http::get_bool(body, "closed"));
                      PASEO_ASSIGN_OR_RETURN(auto reason, http::optional_string(body, "reason"));
                      PASEO_RETURN_IF_ERROR(check_departure_exists(l, t));
                      if (closed) {
                        app::close_in_schedule(sched, t, reason.value_or(""));
                      } else {
                        app::open_in_schedule(sched, l.product.availability_type, t);
                      }
                      return {};
                    });
              }));

  router.post("/api/v1/extranet/calendar/quotas",
              handler([sp](http::Request& req) -> Result<http::Response> {
                return apply_edit(
                    *sp, req,
                    [](domain::Schedule& sched, const Loaded& l, const http::JsonValue& body,
                       const app::CalendarTarget& t) -> Status {
                      auto cap = body.get("capacity");
                      std::optional<int> capacity;
                      if (!cap.valid()) {
                        return Error::invalid_argument(
                                   "'capacity' is required (null removes the quota)", "capacity")
                            .with_key("field.required");
                      }
                      if (!cap.is_null()) {
                        if (!cap.is_int() || cap.as_int() < 0 || cap.as_int() > 100000) {
                          return Error::invalid_argument(
                                     "'capacity' must be from 0 to 100000 or null", "capacity")
                              .with_key("field.range", {{"min", "0"}, {"max", "100000"}});
                        }
                        capacity = static_cast<int>(cap.as_int());
                      }
                      PASEO_RETURN_IF_ERROR(check_departure_exists(l, t));
                      app::set_quota_in_schedule(sched, t, capacity);
                      return {};
                    });
              }));

  router.post(
      "/api/v1/extranet/calendar/departures",
      handler([sp](http::Request& req) -> Result<http::Response> {
        Services& s = *sp;
        PASEO_ASSIGN_OR_RETURN(auto caller, require_supplier(req, s.ctx));
        PASEO_ASSIGN_OR_RETURN(auto doc, http::parse_json_object(req.body));
        auto body = doc.root();
        PASEO_ASSIGN_OR_RETURN(auto product_id, http::get_string(body, "productId"));
        auto ec = engine_caller(caller);
        PASEO_ASSIGN_OR_RETURN(auto loaded, load(s, ec, product_id));
        if (loaded.product.availability_type != domain::AvailabilityType::kStartTime) {
          return Error::invalid_argument("one-off departures need a START_TIME product",
                                         "productId")
              .with_key("calendar.needsStartTimes");
        }
        PASEO_ASSIGN_OR_RETURN(auto date, json_date(body, "date"));
        // A departure in the past can sell nothing; one years away is a typo.
        PASEO_ASSIGN_OR_RETURN(auto tz, domain::TimeZone::find(loaded.product.time_zone));
        const domain::LocalDate today = tz.local_date(s.ctx.clock.now());
        if (date < today || date > today.plus_days(3 * 366)) {
          return Error::invalid_argument(
                     "'date' must be from today to three years ahead, in the product's time zone",
                     "date")
              .with_key("calendar.dateRange");
        }
        PASEO_ASSIGN_OR_RETURN(auto start, json_optional_time(body, "localTime"));
        if (!start)
          return Error::invalid_argument("'localTime' is required", "localTime")
              .with_key("field.required");
        // A time the clocks skip that night would run an hour later than every page and email
        // says: ask for the real one instead.
        if (!tz.exists(date, *start)) {
          return Error::invalid_argument(
                     "'localTime' " + start->to_string() + " does not exist on " +
                         date.to_string() + " in " + tz.name() +
                         " (the clocks go forward); choose a time after the change",
                     "localTime")
              .with_key("calendar.timeSkipped",
                        {{"time", start->to_string()}, {"date", date.to_string()}});
        }
        PASEO_ASSIGN_OR_RETURN(auto capacity, http::get_int(body, "capacity"));
        if (capacity < 0 || capacity > 100000) {
          return Error::invalid_argument("'capacity' must be from 0 to 100000", "capacity")
              .with_key("field.range", {{"min", "0"}, {"max", "100000"}});
        }
        // A departure already at that time (a weekly rule's or an earlier one-off) is one
        // departure with its seats sold: a second would silently merge with it. Its capacity is
        // the quota's to change, its closure the closures' to lift.
        for (const auto& slot : domain::expand_schedule(
                 loaded.schedule, loaded.product.availability_type, date, date)) {
          // The same time, or the same moment: a 02:30 in a spring-forward gap runs at 03:30.
          if (slot.start != *start &&
              tz.wall_clock(date, slot.start) != tz.wall_clock(date, *start)) {
            continue;
          }
          const std::string runs = tz.wall_clock(date, slot.start).to_string();
          return Error::conflict(
                     "there is already a departure at " + slot.start.to_string() +
                         (slot.start.to_string() != runs ? " (it runs at " + runs + ")" : "") +
                         " on " + date.to_string() + (slot.closed ? " (closed): reopen it" : "") +
                         "; change its seats with a quota instead",
                     "localTime")
              .with_key("calendar.departureExists", {{"time", runs}, {"date", date.to_string()}});
        }
        app::add_one_off_in_schedule(loaded.schedule, date, *start, static_cast<int>(capacity));
        PASEO_RETURN_IF_ERROR(s.catalogue.save_schedule(ec, product_id, loaded.schedule));
        PASEO_ASSIGN_OR_RETURN(auto days,
                               calendar_days(s, caller.organisation_id, loaded, date, date));
        JsonWriter w;
        w.start_object();
        w.key("departure");
        bool written = false;
        for (const auto& d : days.front().departures) {
          if (d.start == *start && !written) {
            write_departure(w, tz, date, d);
            written = true;
          }
        }
        if (!written) w.null();
        w.end_object();
        return http::Response::json(201, w.take());
      }));

  // Weekly rules: ids are positions in the product's rule list.
  router.get("/api/v1/extranet/products/{id}/rules",
             handler([sp](http::Request& req) -> Result<http::Response> {
               Services& s = *sp;
               PASEO_ASSIGN_OR_RETURN(auto caller, require_supplier(req, s.ctx));
               auto ec = engine_caller(caller);
               PASEO_ASSIGN_OR_RETURN(auto loaded, load(s, ec, req.param("id")));
               JsonWriter w;
               w.start_object().key("items").start_array();
               for (std::size_t i = 0; i < loaded.schedule.rules.size(); ++i) {
                 write_rule(w, i, loaded.schedule.rules[i]);
               }
               w.end_array().end_object();
               return http::Response::json(200, w.take());
             }));

  auto rule_edit = [sp](http::Request& req, int mode) -> Result<http::Response> {
    // mode 0 = add, 1 = replace, 2 = delete
    Services& s = *sp;
    PASEO_ASSIGN_OR_RETURN(auto caller, require_supplier(req, s.ctx));
    auto ec = engine_caller(caller);
    PASEO_ASSIGN_OR_RETURN(auto loaded, load(s, ec, req.param("id")));
    if (loaded.product.availability_type != domain::AvailabilityType::kStartTime) {
      return Error::invalid_argument("weekly rules need a START_TIME product", "productId")
          .with_key("calendar.needsStartTimes");
    }
    std::size_t index = loaded.schedule.rules.size();
    if (mode != 0) {
      PASEO_ASSIGN_OR_RETURN(index, rule_index(req, loaded.schedule));
    }
    if (mode == 2) {
      loaded.schedule.rules.erase(loaded.schedule.rules.begin() + static_cast<long>(index));
    } else {
      PASEO_ASSIGN_OR_RETURN(auto doc, http::parse_json_object(req.body));
      PASEO_ASSIGN_OR_RETURN(auto rule, parse_rule(doc.root()));
      if (mode == 0) {
        loaded.schedule.rules.push_back(rule);
      } else {
        loaded.schedule.rules[index] = rule;
      }
    }
    PASEO_RETURN_IF_ERROR(
        domain::validate_schedule(loaded.schedule, loaded.product.availability_type));
    PASEO_RETURN_IF_ERROR(s.catalogue.save_schedule(ec, loaded.product.id, loaded.schedule));
    if (mode == 2) return http::Response::no_content();
    JsonWriter w;
    w.start_object().key("rule");
    write_rule(w, index, loaded.schedule.rules[index]);
    w.end_object();
    return http::Response::json(mode == 0 ? 201 : 200, w.take());
  };
  router.post("/api/v1/extranet/products/{id}/rules",
              handler([rule_edit](http::Request& req) { return rule_edit(req, 0); }));
  router.put("/api/v1/extranet/products/{id}/rules/{ruleId}",
             handler([rule_edit](http::Request& req) { return rule_edit(req, 1); }));
  router.del("/api/v1/extranet/products/{id}/rules/{ruleId}",
             handler([rule_edit](http::Request& req) { return rule_edit(req, 2); }));

  // Date-range prices: rows of the option's price list with a validity range.
  router.get("/api/v1/extranet/products/{id}/prices",
             handler([sp](http::Request& req) -> Result<http::Response> {
               Services& s = *sp;
               PASEO_ASSIGN_OR_RETURN(auto caller, require_supplier(req, s.ctx));
               auto ec = engine_caller(caller);
               PASEO_ASSIGN_OR_RETURN(auto product, s.catalogue.get_product(ec, req.param("id")));
               JsonWriter w;
               w.start_object().key("items").start_array();
               for (const auto& o : product.options) {
                 for (const auto& p : o.prices) {
                   if (p.valid_from || p.valid_to) write_price(w, o, p);
                 }
               }
               w.end_array().end_object();
               return http::Response::json(200, w.take());
             }));

  router.post(
      "/api/v1/extranet/products/{id}/prices",
      handler([sp](http::Request& req) -> Result<http::Response> {
        Services& s = *sp;
        PASEO_ASSIGN_OR_RETURN(auto caller, require_supplier(req, s.ctx));
        auto ec = engine_caller(caller);
        PASEO_ASSIGN_OR_RETURN(auto product, s.catalogue.get_product(ec, req.param("id")));
        PASEO_ASSIGN_OR_RETURN(auto doc, http::parse_json_object(req.body));
        auto body = doc.root();
        PASEO_ASSIGN_OR_RETURN(auto option_id, http::get_string(body, "optionId"));
        domain::Option* option = nullptr;
        for (auto& o : product.options) {
          if (o.id == option_id) option = &o;
        }
        if (option == nullptr) return Error::not_found("option not found", "optionId");
        domain::Price price;
        PASEO_ASSIGN_OR_RETURN(auto unit_id, http::optional_string(body, "unitId"));
        price.unit_id = unit_id.value_or("");
        if (option->pricing_per == domain::PricingPer::kUnit &&
            !domain::find_unit(*option, price.unit_id)) {
          return Error::not_found("unit not found", "unitId");
        }
        if (option->pricing_per == domain::PricingPer::kBooking && !price.unit_id.empty()) {
          return Error::invalid_argument("per-booking prices have no unit", "unitId");
        }
        PASEO_ASSIGN_OR_RETURN(auto from, json_date(body, "from"));
        PASEO_ASSIGN_OR_RETURN(auto to, json_date(body, "to"));
        if (to < from)
          return Error::invalid_argument("'to' is before 'from'", "to")
              .with_key("field.toBeforeFrom");
        price.valid_from = from;
        price.valid_to = to;
        PASEO_ASSIGN_OR_RETURN(price.retail, http::get_int(body, "retail"));
        PASEO_ASSIGN_OR_RETURN(auto net, http::optional_int(body, "net"));
        price.net = net.value_or(price.retail);
        if (price.retail < 0)
          return Error::invalid_argument("'retail' must be >= 0", "retail")
              .with_key("field.notNegative");
        if (price.net < 0)
          return Error::invalid_argument("'net' must be >= 0", "net").with_key("field.notNegative");
        std::erase_if(option->prices, [&](const domain::Price& p) {
          return p.unit_id == price.unit_id && p.valid_from == price.valid_from &&
                 p.valid_to == price.valid_to;
        });
        option->prices.push_back(price);
        auto saved = s.catalogue.save_product(ec, product);
        if (!saved.ok()) return to_api_field_path(saved.error());
        JsonWriter w;
        w.start_object().key("price");
        write_price(w, *option, price);
        w.end_object();
        return http::Response::json(201, w.take());
      }));

  router.del("/api/v1/extranet/products/{id}/prices/{priceId}",
             handler([sp](http::Request& req) -> Result<http::Response> {
               Services& s = *sp;
               PASEO_ASSIGN_OR_RETURN(auto caller, require_supplier(req, s.ctx));
               auto ec = engine_caller(caller);
               PASEO_ASSIGN_OR_RETURN(auto product, s.catalogue.get_product(ec, req.param("id")));
               const std::string& id = req.param("priceId");
               bool removed = false;
               for (auto& o : product.options) {
                 removed |= std::erase_if(o.prices, [&](const domain::Price& p) {
                              return (p.valid_from || p.valid_to) && price_id(o, p) == id;
                            }) > 0;
               }
               if (!removed) return Error::not_found("price not found", "priceId");
               PASEO_RETURN_IF_ERROR(s.catalogue.save_product(ec, product));
               return http::Response::no_content();
             }));
}

}  // namespace paseo::api::extranet::internal
