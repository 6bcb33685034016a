#include "api/octo/octo_json.h"

#include "common/money.h"

namespace paseo::api::octo {
namespace {

using http::JsonWriter;

void nullable(JsonWriter& w, std::string_view key, std::string_view v) {
  w.key(key);
  if (v.empty()) {
    w.null();
  } else {
    w.string(v);
  }
}

const std::string& text(const domain::LocalizedText& t, const RenderContext& ctx) {
  return domain::localized(t, ctx.lang);
}

// Address as a postalAddress with only what we know.
void write_place(JsonWriter& w, std::string_view address, const std::optional<domain::GeoPoint>& g,
                 std::string_view city, std::string_view country) {
  w.key("place").start_object();
  w.key("latitude").number(g ? g->latitude : 0.0);
  w.key("longitude").number(g ? g->longitude : 0.0);
  w.key("postalAddress").start_object();
  nullable(w, "streetAddress", address);
  nullable(w, "addressLocality", city);
  w.key("addressRegion").null();
  w.key("postalCode").null();
  nullable(w, "addressCountry", country);
  w.key("postOfficeBoxNumber").null();
  w.end_object();
  w.key("identifiers").start_object();
  for (const char* k : {"googlePlaceId", "applePlaceId", "tripadvisorLocationId", "yelpPlaceId",
                        "facebookPlaceId", "foursquarePlaceId", "baiduPlaceId", "amapPlaceId"}) {
    w.key(k).null();
  }
  w.end_object();
  w.key("sameAs").start_array().end_array();
  w.end_object();
}

void write_content_lists(JsonWriter& w, const domain::Product& p, const RenderContext& ctx) {
  w.key("features").start_array().end_array();
  w.key("faqs").start_array().end_array();
  w.key("media").start_array().end_array();
  w.key("locations").start_array();
  if (p.meeting_point) {
    w.start_object();
    w.field("title", std::string_view("Meeting point"));
    nullable(w, "shortDescription", text(p.meeting_point->instructions, ctx));
    w.key("types").start_array().string("START").end_array();
    w.key("minutesTo").null();
    w.key("minutesAt").null();
    write_place(w, p.meeting_point->address, p.meeting_point->location, p.destination_city,
                p.destination_country);
    w.end_object();
  }
  w.end_array();
  w.key("categoryLabels").start_array();
  if (auto l = octo_category_label(p.category); !l.empty()) w.string(l);
  w.end_array();
  w.field("durationMinutesFrom", p.duration_minutes);
  w.field("durationMinutesTo", p.duration_minutes);
  w.key("commentary").start_array().end_array();
}

}  // namespace

CutoffText cancellation_cutoff(int minutes) {
  CutoffText c;
  if (minutes > 0 && minutes % (24 * 60) == 0) {
    c.amount = minutes / (24 * 60);
    c.unit = "day";
  } else if (minutes > 0 && minutes % 60 == 0) {
    c.amount = minutes / 60;
    c.unit = "hour";
  } else {
    c.amount = minutes;
    c.unit = "minute";
  }
  c.text = std::to_string(c.amount) + " " + c.unit + (c.amount == 1 ? "" : "s");
  return c;
}

std::string_view octo_category_label(std::string_view category) {
  struct Pair {
    std::string_view ours, octo;
  };
  static constexpr Pair kMap[] = {
      {"walking_tour", "walking-tours"},
      {"museum", "museums"},
      {"food", "food"},
      {"bike_tour", "bike-tours"},
      {"boat_tour", "boat-tours"},
      {"day_trip", "day-trips"},
      {"class", "classes"},
      {"nightlife", "nightlife"},
      {"outdoors", "outdoors"},
      {"theme_park", "theme-parks"},
      {"history", "history"},
      {"guided_tour", "guided-tours"},
  };
  for (const auto& m : kMap) {
    if (m.ours == category) return m.octo;
  }
  return {};
}

void write_pricing(JsonWriter& w, const domain::PriceBreakdown& p, std::string_view currency) {
  auto precision = currency_precision(currency);
  w.start_object();
  w.field("original", p.original);
  w.field("retail", p.retail);
  w.field("net", p.net);
  w.field("currency", currency);
  w.field("currencyPrecision", precision.ok() ? *precision : 2);
  w.key("includedTaxes").start_array().end_array();
  w.end_object();
}

void write_contact(JsonWriter& w, const domain::Contact& c) {
  w.start_object();
  std::string full = c.display_name();
  nullable(w, "fullName", full);
  nullable(w, "firstName", c.first_name);
  nullable(w, "lastName", c.last_name);
  nullable(w, "emailAddress", c.email);
  nullable(w, "phoneNumber", c.phone);
  w.key("locales").start_array();
  for (const auto& l : c.locales) w.string(l);
  w.end_array();
  nullable(w, "postalCode", c.postal_code);
  nullable(w, "country", c.country);
  nullable(w, "notes", c.notes);
  w.field("allowMarketing", c.allow_marketing);
  w.end_object();
}

void write_unit(JsonWriter& w, const domain::Product& p, const domain::Option& o,
                const domain::Unit& u, const RenderContext& ctx) {
  w.start_object();
  w.field("id", u.id);
  w.field("internalName", u.internal_name);
  w.key("reference").null();
  w.field("type", domain::to_string(u.type));
  w.key("restrictions").start_object();
  w.field("minAge", u.min_age.value_or(0));
  w.field("maxAge", u.max_age.value_or(99));
  w.field("idRequired", false);
  w.key("minQuantity");
  if (u.min_per_booking > 0) {
    w.integer(u.min_per_booking);
  } else {
    w.null();
  }
  w.key("maxQuantity");
  if (u.max_per_booking > 0) {
    w.integer(u.max_per_booking);
  } else {
    w.null();
  }
  w.field("paxCount", u.pax_count);
  w.key("accompaniedBy").start_array();
  for (auto id : domain::accompanying_units(o, u)) w.string(id);
  w.end_array();
  w.end_object();
  w.key("requiredContactFields").start_array().end_array();
  if (ctx.caps.pricing) {
    w.key("pricingFrom").start_array();
    if (o.pricing_per == domain::PricingPer::kUnit) {
      // The base price (no date range): the "from" price shown before a date is chosen.
      for (const auto& pr : o.prices) {
        if (pr.unit_id == u.id && !pr.valid_from && !pr.valid_to) {
          write_pricing(w, {pr.retail, pr.retail, pr.net}, p.currency);
          break;
        }
      }
    }
    w.end_array();
  }
  if (ctx.caps.content) {
    w.field("title", text(u.title, ctx).empty() ? u.internal_name : text(u.title, ctx));
    w.field("shortDescription", std::string_view(""));
    w.key("features").start_array().end_array();
  }
  w.end_object();
}

void write_option(JsonWriter& w, const domain::Product& p, const domain::Option& o,
                  const std::vector<std::string>& start_times, const RenderContext& ctx) {
  w.start_object();
  w.field("id", o.id);
  w.field("default", o.is_default);
  w.field("internalName", o.internal_name);
  w.key("reference").null();
  w.key("availabilityLocalStartTimes").start_array();
  if (p.availability_type == domain::AvailabilityType::kOpeningHours || start_times.empty()) {
    w.string("00:00");
  } else {
    for (const auto& t : start_times) w.string(t);
  }
  w.end_array();
  CutoffText cut = cancellation_cutoff(p.cancellation.cutoff_minutes);
  w.field("cancellationCutoff", cut.text);
  w.field("cancellationCutoffAmount", cut.amount);
  w.field("cancellationCutoffUnit", cut.unit);
  w.key("requiredContactFields").start_array();
  for (const auto& f : o.required_contact_fields) w.string(f);
  w.end_array();
  w.key("restrictions").start_object();
  // 0 rather than null for "no minimum": the schema allows both, the OCTO validator only 0.
  w.field("minUnits", o.min_units);
  w.key("maxUnits");
  if (o.max_units > 0) {
    w.integer(o.max_units);
  } else {
    w.null();
  }
  w.end_object();
  w.key("units").start_array();
  for (const auto& u : o.units) write_unit(w, p, o, u, ctx);
  w.end_array();
  if (ctx.caps.pricing) {
    w.key("pricingFrom").start_array();
    if (o.pricing_per == domain::PricingPer::kBooking) {
      for (const auto& pr : o.prices) {
        if (pr.unit_id.empty() && !pr.valid_from && !pr.valid_to) {
          write_pricing(w, {pr.retail, pr.retail, pr.net}, p.currency);
          break;
        }
      }
    }
    w.end_array();
  }
  if (ctx.caps.content) {
    const std::string& title = text(o.title, ctx);
    w.field("title", title.empty() ? o.internal_name : title);
    w.key("shortDescription").null();
    w.key("description").null();
    write_content_lists(w, p, ctx);
  }
  if (ctx.caps.pickups) {
    w.field("pickupAvailable", o.pickup_available);
    w.field("pickupRequired", o.pickup_required);
    w.key("pickupPoints").start_array();
    if (o.pickup_available) {
      for (const auto& pp : p.pickup_points) {
        w.start_object();
        w.field("id", pp.id);
        w.field("name", pp.name);
        w.field("directions", text(pp.directions, ctx));
        w.field("address", pp.address);
        w.key("latitude");
        if (pp.location) {
          w.number(pp.location->latitude);
        } else {
          w.null();
        }
        w.key("longitude");
        if (pp.location) {
          w.number(pp.location->longitude);
        } else {
          w.null();
        }
        w.field("minutesBeforeStart", pp.minutes_before_start);
        w.end_object();
      }
    }
    w.end_array();
  }
  if (ctx.caps.questions) {
    w.key("questions").start_array();
    for (const auto& q : p.questions) {
      w.start_object();
      w.field("id", q.id);
      w.field("required", q.required);
      w.field("scope", q.scope == domain::QuestionScope::kBooking ? "BOOKING" : "UNIT");
      w.field("label", text(q.label, ctx));
      w.field("title", text(q.label, ctx));
      w.field("description", text(q.description, ctx));
      w.field("inputType", domain::to_string(q.input));
      w.key("selectOptions").start_array();
      for (const auto& so : q.select_options) {
        w.start_object().field("label", so).field("value", so).end_object();
      }
      w.end_array();
      w.end_object();
    }
    w.end_array();
  }
  if (ctx.caps.extras) {
    w.key("extras").start_array();
    for (const auto& e : p.extras) {
      w.start_object();
      w.field("id", e.id);
      w.field("title", text(e.title, ctx));
      w.field("description", text(e.description, ctx));
      w.field("maxQuantity", e.max_quantity);
      if (ctx.caps.pricing) {
        w.key("pricing");
        write_pricing(w, {e.retail, e.retail, e.net}, p.currency);
      }
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
}

void write_product(JsonWriter& w, const domain::Product& p,
                   const std::vector<std::string>& start_times, const RenderContext& ctx) {
  w.start_object();
  w.field("id", p.id);
  w.field("internalName", p.internal_name);
  nullable(w, "reference", p.reference);
  // The language the product's texts are actually served in, not merely the one asked for.
  w.field("locale", domain::localized_locale(p.title, ctx.lang));
  w.field("timeZone", p.time_zone);
  w.field("allowFreesale", false);
  w.field("instantConfirmation", true);
  w.field("instantDelivery", true);
  w.field("availabilityRequired", true);
  w.field("availabilityType", domain::to_string(p.availability_type));
  w.key("deliveryFormats").start_array().string("QRCODE").end_array();
  w.key("deliveryMethods").start_array().string("VOUCHER").string("TICKET").end_array();
  w.field("redemptionMethod", std::string_view("DIGITAL"));
  w.key("options").start_array();
  for (const auto& o : p.options) write_option(w, p, o, start_times, ctx);
  w.end_array();
  if (ctx.caps.pricing) {
    w.field("defaultCurrency", p.currency);
    w.key("availableCurrencies").start_array().string(p.currency).end_array();
    bool per_booking =
        !p.options.empty() && p.options.front().pricing_per == domain::PricingPer::kBooking;
    w.field("pricingPer", per_booking ? "BOOKING" : "UNIT");
  }
  if (ctx.caps.content) {
    const std::string& title = text(p.title, ctx);
    w.field("title", title.empty() ? p.internal_name : title);
    nullable(w, "shortDescription", text(p.short_description, ctx));
    nullable(w, "description", text(p.description, ctx));
    write_content_lists(w, p, ctx);
  }
  w.end_object();
}

}  // namespace paseo::api::octo
