#include "app/internal/engine_util.h"

namespace paseo::app::internal {

Result<const domain::Option*> require_option(const domain::Product& p, std::string_view option_id) {
  const domain::Option* o = domain::find_option(p, option_id);
  if (!o) {
    return Error::not_found("unknown option '" + std::string(option_id) + "' for product " + p.id,
                            "optionId");
  }
  return o;
}

Status check_currency(const domain::Product& p, std::string_view currency) {
  if (!currency.empty() && currency != p.currency) {
    return Error::invalid_argument(
        "currency '" + std::string(currency) + "' is not available; use " + p.currency, "currency");
  }
  return ok_status();
}

Result<domain::Slot> slot_for_id(const LoadedProduct& lp, std::string_view availability_id) {
  auto parsed = domain::parse_availability_id(availability_id);
  auto not_found = [&] {
    return Error::not_found("unknown availability id '" + std::string(availability_id) + "'",
                            "availabilityId");
  };
  if (!parsed.ok()) return not_found();
  auto slot =
      domain::find_slot(lp.schedule, lp.product.availability_type, parsed->date, parsed->time);
  if (!slot) return not_found();
  // Exactly the id /availability gave: the same local time with another offset, or in UTC, names
  // another instant, and booking the departure it happens to share a wall clock with would sell
  // the reseller the wrong one.
  std::string canonical = domain::availability_id(lp.tz, *slot);
  if (canonical != availability_id) {
    return Error::not_found("unknown availability id '" + std::string(availability_id) +
                                "': send the id as /availability returns it (" + canonical + ")",
                            "availabilityId");
  }
  return *slot;
}

SlotState slot_state(const LoadedProduct& lp, const domain::Slot& slot,
                     const DepartureCounters* counters, Instant now, domain::LocalDate today,
                     int seats, bool times_needed) {
  SlotState st;
  const auto& p = lp.product;
  // A local day is at most 26 hours long, so a slot two days plus the cut-off after today starts
  // after its cut-off whatever the offsets.
  const domain::LocalDate surely_before_cutoff =
      today.plus_days(2 + (p.booking_cutoff_minutes + 1439) / 1440);
  if (!times_needed && slot.date >= surely_before_cutoff) {
    st.window.open = slot.date <= today.plus_days(p.booking_horizon_days);  // as sales_window
  } else {
    st.window = domain::sales_window(p, lp.tz, slot, now, today);
    if (st.window.open) st.open_until = st.window.utc_cutoff_at;
  }
  st.capacity = counters ? counters->capacity : slot.capacity;
  int booked = counters ? counters->booked : 0;
  bool closed = slot.closed || !st.window.open;
  st.status = domain::slot_status(st.capacity, booked, closed);
  st.vacancies = domain::vacancies(st.capacity, booked);
  if (closed && st.vacancies) st.vacancies = 0;
  bool open_status = st.status == domain::AvailabilityStatus::kAvailable ||
                     st.status == domain::AvailabilityStatus::kLimited ||
                     st.status == domain::AvailabilityStatus::kFreesale;
  st.available = open_status && (!st.vacancies || *st.vacancies >= seats);
  return st;
}

Availability make_availability(const LoadedProduct& lp, const domain::Option& o,
                               const domain::Slot& slot, const DepartureCounters* counters,
                               Instant now, domain::LocalDate today, int seats,
                               const std::vector<UnitQuantity>& units,
                               const std::vector<ExtraQuantity>& extras) {
  const auto& p = lp.product;
  Availability a;
  SlotState st = slot_state(lp, slot, counters, now, today, seats);
  const auto& window = st.window;
  a.id = domain::availability_id(lp.tz, slot);
  a.local_date = slot.date.to_string();
  a.local_date_time_start = lp.tz.format_local(window.utc_start);
  a.local_date_time_end = lp.tz.format_local(window.utc_end);
  a.all_day = p.availability_type == domain::AvailabilityType::kOpeningHours;
  a.status = st.status;
  a.vacancies = st.vacancies;
  a.capacity = st.capacity;
  if (o.max_units > 0) {
    a.max_units = a.vacancies ? std::min(o.max_units, *a.vacancies) : o.max_units;
  } else {
    a.max_units = a.vacancies;
  }
  a.available = st.available;
  a.utc_cutoff_at = window.utc_cutoff_at;
  a.opening_hours = slot.opening_hours;
  a.unit_pricing = domain::unit_prices(o, slot.date);
  a.currency = p.currency;
  if (!units.empty() || !extras.empty() || o.pricing_per == domain::PricingPer::kBooking) {
    domain::PriceBreakdown total;
    for (const auto& u : units) {
      for (const auto& up : a.unit_pricing) {
        if (up.unit_id == u.unit_id) {
          total.original += up.price.original * u.quantity;
          total.retail += up.price.retail * u.quantity;
          total.net += up.price.net * u.quantity;
        }
      }
    }
    if (auto bp = domain::booking_price(o, slot.date); bp.ok()) total += *bp;
    // Checked by the caller: every id is one of the product's extras.
    for (const auto& e : extras) {
      if (const domain::Extra* x = domain::find_extra(p, e.extra_id)) {
        total.original += x->retail * e.quantity;
        total.retail += x->retail * e.quantity;
        total.net += x->net * e.quantity;
      }
    }
    a.pricing = total;
  }
  if (o.pickup_available) {
    Instant base = window.utc_start;
    if (!slot.opening_hours.empty())
      base = lp.tz.to_utc(slot.date, slot.opening_hours.front().from);
    for (const auto& pp : p.pickup_points) {
      a.pickups.push_back(
          {pp.id, lp.tz.format_local(base - std::chrono::minutes{pp.minutes_before_start})});
    }
  }
  return a;
}

}  // namespace paseo::app::internal
