// Dashboard (today, upcoming departures, 30-day series) and the day sheet (manifest).
#include <algorithm>
#include <map>
#include <tuple>
#include <utility>
#include <vector>

#include "api/extranet/internal/guard.h"
#include "api/extranet/internal/params.h"
#include "api/extranet/internal/services.h"
#include "api/extranet/product_json.h"
#include "app/extranet_calendar.h"
#include "app/extranet_queries.h"
#include "app/extranet_suppliers.h"
#include "domain/availability.h"

namespace paseo::api::extranet::internal {

namespace {

using domain::LocalDate;
using domain::LocalTime;
using http::JsonWriter;

struct Departure {
  const domain::Product* product = nullptr;
  LocalDate date;
  app::CalendarDeparture dep;
  std::map<std::string, int> unit_counts;  // unit type -> quantity
  // option id -> unit type -> quantity: which options the booked seats were sold under.
  std::map<std::string, std::map<std::string, int>> option_unit_counts;
  std::vector<domain::OpeningInterval> opening_hours;  // OPENING_HOURS products only
};

std::string unit_type_of(const domain::Product& p, const std::string& unit_id) {
  for (const auto& o : p.options) {
    if (const auto* u = domain::find_unit(o, unit_id))
      return std::string(domain::to_string(u->type));
  }
  return "OTHER";
}

// Unit ids are unique within an option only, so look in the booking's option first.
std::string unit_type_of(const domain::Product& p, const std::string& option_id,
                         const std::string& unit_id) {
  if (const auto* o = domain::find_option(p, option_id)) {
    if (const auto* u = domain::find_unit(*o, unit_id))
      return std::string(domain::to_string(u->type));
  }
  return unit_type_of(p, unit_id);
}

void write_departure(JsonWriter& w, const Departure& d, std::string_view locale) {
  const auto& p = *d.product;
  w.start_object();
  w.field("departureId", d.dep.id);
  w.field("productId", p.id);
  w.field("productTitle", product_title(p, locale));
  // Capacity is shared by the product's options (domain/catalogue.h), so a departure is per
  // product; optionId/optionName name the default option for display.
  const domain::Option* o = p.options.empty() ? nullptr : &p.options.front();
  for (const auto& opt : p.options) {
    if (opt.is_default) o = &opt;
  }
  w.field("optionId", o ? o->id : std::string());
  w.field("optionName", o ? option_name(*o, locale) : std::string());
  // Every option with the units booked under it, so a screen can say which option sold the seats.
  w.key("options").start_array();
  for (const auto& opt : p.options) {
    w.start_object();
    w.field("optionId", opt.id);
    w.field("optionName", option_name(opt, locale));
    w.key("unitCounts").start_object();
    if (auto it = d.option_unit_counts.find(opt.id); it != d.option_unit_counts.end()) {
      for (const auto& [type, n] : it->second) w.field(type, n);
    }
    w.end_object();
    w.end_object();
  }
  w.end_array();
  w.field("availabilityType", domain::to_string(p.availability_type));
  if (p.availability_type == domain::AvailabilityType::kOpeningHours) {
    w.key("openingHours").start_array();
    for (const auto& h : d.opening_hours) {
      w.start_object().field("from", h.from.to_string()).field("to", h.to.to_string()).end_object();
    }
    w.end_array();
  }
  w.field("timeZone", p.time_zone);
  w.field("localDate", d.date.to_string());
  // What the clock shows (a departure in a spring-forward gap runs an hour later).
  auto tz = domain::TimeZone::find(p.time_zone);
  w.field("localTime", (tz.ok() ? tz->wall_clock(d.date, d.dep.start) : d.dep.start).to_string());
  w.field("startAt", format_utc(d.dep.utc_start));
  w.field("booked", d.dep.booked);
  w.key("capacity");
  if (d.dep.capacity)
    w.integer(*d.dep.capacity);
  else
    w.null();
  w.field("status", domain::to_string(d.dep.status));
  w.field("closed", d.dep.closed);
  w.key("unitCounts").start_object();
  for (const auto& [type, n] : d.unit_counts) w.field(type, n);
  w.end_object();
  w.end_object();
}

// Every departure of the supplier's products in [from, to], with booked seats and unit counts.
Result<std::vector<Departure>> departures_between(Services& s, const std::string& org,
                                                  const std::vector<domain::Product>& products,
                                                  const app::Caller& ec, LocalDate from,
                                                  LocalDate to) {
  PASEO_ASSIGN_OR_RETURN(auto counts, app::departure_unit_counts(s.ctx.db, org, from, to));
  std::map<std::tuple<std::string, std::int32_t, int>, std::map<std::string, int>> by_departure;
  std::vector<Departure> out;
  for (const auto& p : products) {
    if (p.supplier_id != org) continue;
    auto tz = domain::TimeZone::find(p.time_zone);
    if (!tz.ok()) continue;
    PASEO_ASSIGN_OR_RETURN(auto schedule, s.catalogue.get_schedule(ec, p.id));
    PASEO_ASSIGN_OR_RETURN(auto booked, app::load_booked_seats(s.ctx.db, org, p.id, from, to));
    auto days = app::build_calendar(p, *tz, schedule, booked, from, to);
    // The day's opening intervals (the calendar keeps only the 00:00 admission slot).
    std::map<std::int32_t, std::vector<domain::OpeningInterval>> hours;
    if (p.availability_type == domain::AvailabilityType::kOpeningHours) {
      for (auto& slot : domain::expand_schedule(schedule, p.availability_type, from, to))
        hours[slot.date.days] = std::move(slot.opening_hours);
    }
    for (const auto& day : days) {
      for (const auto& dep : day.departures) {
        Departure d{&p, day.date, dep, {}, {}, {}};
        if (auto it = hours.find(day.date.days); it != hours.end()) d.opening_hours = it->second;
        for (const auto& c : counts) {
          if (c.product_id == p.id && c.date == day.date && c.start == dep.start) {
            const std::string type = unit_type_of(p, c.option_id, c.unit_id);
            d.unit_counts[type] += c.quantity;
            d.option_unit_counts[c.option_id][type] += c.quantity;
          }
        }
        out.push_back(std::move(d));
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const Departure& a, const Departure& b) {
    return std::tie(a.dep.utc_start, a.product->id) < std::tie(b.dep.utc_start, b.product->id);
  });
  return out;
}

bool worth_showing(const Departure& d) {
  if (d.dep.booked > 0) return true;
  return !d.dep.closed && (!d.dep.capacity || *d.dep.capacity > d.dep.booked);
}

struct SheetBooking {
  const domain::Booking* booking = nullptr;
  std::optional<Instant> pickup_at;
  const domain::PickupPoint* pickup = nullptr;
};

}  // namespace

void register_dashboard_routes(http::Router& router, const ServicesPtr& sp) {
  router.get(
      "/api/v1/extranet/dashboard", handler([sp](http::Request& req) -> Result<http::Response> {
        Services& s = *sp;
        PASEO_ASSIGN_OR_RETURN(auto caller, require_supplier(req, s.ctx));
        PASEO_ASSIGN_OR_RETURN(auto days, int_param(req, "days", 7, 1, 31));
        PASEO_ASSIGN_OR_RETURN(auto org,
                               app::get_supplier_record(s.ctx.db, caller.organisation_id));
        auto tz = domain::TimeZone::find(org.time_zone);
        if (!tz.ok()) tz = domain::TimeZone::find("UTC");
        PASEO_RETURN_IF_ERROR(tz);
        LocalDate today = tz->local_date(s.ctx.clock.now());
        LocalDate last = today.plus_days(static_cast<int>(days));
        auto ec = engine_caller(caller);
        const std::string locale = display_locale(req, caller);
        PASEO_ASSIGN_OR_RETURN(auto products, s.catalogue.list_products(ec));
        PASEO_ASSIGN_OR_RETURN(
            auto deps, departures_between(s, caller.organisation_id, products, ec, today, last));
        PASEO_ASSIGN_OR_RETURN(
            auto series, app::booking_series(s.ctx.db, caller.organisation_id, org.currency, *tz,
                                             today.plus_days(-29), today));
        JsonWriter w;
        w.start_object();
        w.field("currency", org.currency);
        w.field("timeZone", tz->name());
        w.field("localDate", today.to_string());
        w.key("today").start_array();
        for (const auto& d : deps) {
          if (d.date == today && worth_showing(d)) write_departure(w, d, locale);
        }
        w.end_array();
        w.key("upcoming").start_array();
        for (const auto& d : deps) {
          if (today < d.date && worth_showing(d)) write_departure(w, d, locale);
        }
        w.end_array();
        w.key("series").start_array();
        for (const auto& day : series) {
          w.start_object();
          w.field("date", day.date.to_string());
          w.field("bookings", day.bookings);
          w.field("revenue", day.revenue);
          w.end_object();
        }
        w.end_array();
        w.end_object();
        return http::Response::json(200, w.take());
      }));

  router.get(
      "/api/v1/extranet/daysheet", handler([sp](http::Request& req) -> Result<http::Response> {
        Services& s = *sp;
        PASEO_ASSIGN_OR_RETURN(auto caller, require_supplier(req, s.ctx));
        PASEO_ASSIGN_OR_RETURN(auto date, required_date_param(req, "date"));
        auto product_id = param(req, "productId");
        auto ec = engine_caller(caller);
        const std::string locale = display_locale(req, caller);
        std::vector<domain::Product> products;
        if (product_id) {
          PASEO_ASSIGN_OR_RETURN(auto p, s.catalogue.get_product(ec, *product_id));
          products.push_back(std::move(p));
        } else {
          PASEO_ASSIGN_OR_RETURN(products, s.catalogue.list_products(ec));
        }
        PASEO_ASSIGN_OR_RETURN(
            auto deps, departures_between(s, caller.organisation_id, products, ec, date, date));
        app::BookingFilter filter;
        filter.local_date = date.to_string();
        if (product_id) filter.product_id = *product_id;
        PASEO_ASSIGN_OR_RETURN(auto bookings, s.bookings.list(ec, filter));
        std::map<std::string, std::string> reseller_names;

        JsonWriter w;
        w.start_object();
        w.field("date", date.to_string());
        w.field("truncated", static_cast<int>(bookings.size()) >= app::kMaxListedBookings);
        w.key("departures").start_array();
        for (const auto& d : deps) {
          const auto& p = *d.product;
          std::vector<SheetBooking> sheet;
          for (const auto& b : bookings) {
            if (b.product_id != p.id || b.local_start != d.dep.start) continue;
            if (b.status != domain::BookingStatus::kConfirmed &&
                b.status != domain::BookingStatus::kRedeemed) {
              continue;
            }
            SheetBooking sb{&b, std::nullopt, nullptr};
            if (b.pickup_requested) {
              sb.pickup = domain::find_pickup_point(p, b.pickup_point_id);
              if (sb.pickup)
                sb.pickup_at = b.utc_start - std::chrono::minutes(sb.pickup->minutes_before_start);
            }
            sheet.push_back(sb);
          }
          if (sheet.empty() && d.dep.closed) continue;
          // Pickups in pickup-time order (no pickup last), then by contact name.
          std::sort(sheet.begin(), sheet.end(), [](const SheetBooking& a, const SheetBooking& b) {
            if (a.pickup_at.has_value() != b.pickup_at.has_value()) return a.pickup_at.has_value();
            if (a.pickup_at && b.pickup_at && *a.pickup_at != *b.pickup_at)
              return *a.pickup_at < *b.pickup_at;
            return a.booking->contact.display_name() < b.booking->contact.display_name();
          });
          auto tz = domain::TimeZone::find(p.time_zone);
          std::map<std::string, int> unit_totals;
          // option id -> unit type -> quantity, over the sheet's (confirmed) bookings.
          std::map<std::string, std::map<std::string, int>> option_totals;
          std::map<std::string, int> extra_totals;
          for (const auto& sb : sheet) {
            auto& per_option = option_totals[sb.booking->option_id];
            for (const auto& item : sb.booking->unit_items) {
              const std::string type = unit_type_of(p, sb.booking->option_id, item.unit_id);
              unit_totals[type]++;
              per_option[type]++;
            }
            for (const auto& e : sb.booking->extras) {
              const auto* extra = domain::find_extra(p, e.extra_id);
              extra_totals[extra ? text_in(extra->title, locale, e.extra_id) : e.extra_id] +=
                  e.quantity;
            }
          }
          w.start_object();
          w.field("departureId", d.dep.id);
          w.field("productId", p.id);
          w.field("productTitle", product_title(p, locale));
          // The options the sheet's bookings were sold under (seats are shared by all options,
          // so a departure has no option of its own): optionName only when exactly one was
          // booked, options[] always (product order, then ids no longer in the product).
          std::vector<std::pair<std::string, std::string>> booked_options;  // id, name
          for (const auto& opt : p.options) {
            if (option_totals.count(opt.id))
              booked_options.emplace_back(opt.id, option_name(opt, locale));
          }
          for (const auto& [id, _] : option_totals) {
            if (!domain::find_option(p, id)) booked_options.emplace_back(id, id);
          }
          w.field("optionName",
                  booked_options.size() == 1 ? booked_options.front().second : std::string());
          w.key("options").start_array();
          for (const auto& [id, name] : booked_options) {
            w.start_object();
            w.field("optionId", id);
            w.field("optionName", name);
            w.key("unitTotals").start_object();
            for (const auto& [t, n] : option_totals[id]) w.field(t, n);
            w.end_object();
            w.end_object();
          }
          w.end_array();
          // What the clock shows (a departure in a spring-forward gap runs an hour later).
          w.field("localTime",
                  (tz.ok() ? tz->wall_clock(d.date, d.dep.start) : d.dep.start).to_string());
          w.field("timeZone", p.time_zone);
          w.field("allDay", p.availability_type == domain::AvailabilityType::kOpeningHours);
          w.field("booked", d.dep.booked);
          w.key("capacity");
          if (d.dep.capacity)
            w.integer(*d.dep.capacity);
          else
            w.null();
          w.field("status", domain::to_string(d.dep.status));
          w.key("unitTotals").start_object();
          for (const auto& [t, n] : unit_totals) w.field(t, n);
          w.end_object();
          w.key("extraTotals").start_array();
          for (const auto& [name, n] : extra_totals) {
            w.start_object().field("name", name).field("quantity", n).end_object();
          }
          w.end_array();
          w.key("bookings").start_array();
          for (const auto& sb : sheet) {
            const auto& b = *sb.booking;
            const domain::Option* bo = domain::find_option(p, b.option_id);
            w.start_object();
            w.field("id", b.id);
            w.field("supplierReference", b.supplier_reference);
            w.field("status", domain::to_string(b.status));
            w.field("optionId", b.option_id);
            w.field("optionName", bo ? option_name(*bo, locale) : b.option_id);
            w.field("contactName", b.contact.display_name());
            w.field("phone", b.contact.phone);
            w.field("email", b.contact.email);
            std::string channel = "Direct";
            if (b.reseller_id != caller.organisation_id) {
              auto it = reseller_names.find(b.reseller_id);
              if (it == reseller_names.end()) {
                auto name = app::organisation_name(s.ctx.db, b.reseller_id);
                it = reseller_names.emplace(b.reseller_id, name.ok() ? *name : b.reseller_id).first;
              }
              channel = it->second;
            }
            w.field("channel", channel);
            w.key("pickup");
            if (sb.pickup && sb.pickup_at && tz.ok()) {
              w.start_object();
              w.field("name", sb.pickup->name);
              w.field("address", sb.pickup->address);
              w.field("localTime", tz->to_local(*sb.pickup_at).time.to_string());
              w.end_object();
            } else {
              w.null();
            }
            // The driver needs the hotel on the sheet as much as a pickup point.
            write_pickup_hotel(w, b);
            std::map<std::string, int> units;
            for (const auto& item : b.unit_items)
              units[unit_type_of(p, b.option_id, item.unit_id)]++;
            w.key("units").start_object();
            for (const auto& [t, n] : units) w.field(t, n);
            w.end_object();
            w.field("pax", b.seats);
            w.key("extras").start_array();
            for (const auto& e : b.extras) {
              const auto* extra = domain::find_extra(p, e.extra_id);
              w.start_object();
              w.field("name", extra ? text_in(extra->title, locale, e.extra_id) : e.extra_id);
              w.field("quantity", e.quantity);
              w.end_object();
            }
            w.end_array();
            w.key("answers").start_array();
            auto answer = [&](const domain::QuestionAnswer& a,
                              std::optional<std::int64_t> participant) {
              const auto* q = domain::find_question(p, a.question_id);
              w.start_object();
              w.field("question", q ? text_in(q->label, locale, a.question_id) : a.question_id);
              w.field("answer", a.value);
              w.field("participant", participant);
              w.end_object();
            };
            for (const auto& a : b.answers) answer(a, std::nullopt);
            for (std::size_t i = 0; i < b.unit_items.size(); ++i) {
              for (const auto& a : b.unit_items[i].answers)
                answer(a, static_cast<std::int64_t>(i + 1));
            }
            w.end_array();
            w.field("notes", b.notes);
            w.end_object();
          }
          w.end_array();
          w.end_object();
        }
        w.end_array();
        w.end_object();
        return http::Response::json(200, w.take());
      }));
}

}  // namespace paseo::api::extranet::internal
