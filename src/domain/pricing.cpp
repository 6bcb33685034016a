#include "domain/pricing.h"

#include <algorithm>
#include <map>

#include "common/money.h"

namespace paseo::domain {
namespace {

// The price row for unit_id ("" = per booking) on date: the base row, overridden by the matching
// date range that starts latest.
const Price* pick_price(const Option& o, std::string_view unit_id, LocalDate date) {
  const Price* base = nullptr;
  const Price* best = nullptr;
  for (const auto& p : o.prices) {
    if (p.unit_id != unit_id) continue;
    if (!p.valid_from && !p.valid_to) {
      base = &p;
      continue;
    }
    if ((p.valid_from && date < *p.valid_from) || (p.valid_to && date > *p.valid_to)) continue;
    if (!best || p.valid_from.value_or(LocalDate{}) >= best->valid_from.value_or(LocalDate{})) {
      best = &p;
    }
  }
  return best ? best : base;
}

PriceBreakdown breakdown(const Price& p) { return PriceBreakdown{p.retail, p.retail, p.net}; }

}  // namespace

Result<PriceBreakdown> unit_price(const Option& o, std::string_view unit_id, LocalDate date) {
  if (!find_unit(o, unit_id)) {
    return Error::not_found("unknown unit '" + std::string(unit_id) + "'", "unitId");
  }
  if (o.pricing_per == PricingPer::kBooking) return PriceBreakdown{};
  const Price* p = pick_price(o, unit_id, date);
  if (!p) {
    return Error::failed_precondition("no price for unit '" + std::string(unit_id) + "' on " +
                                      date.to_string());
  }
  return breakdown(*p);
}

Result<PriceBreakdown> booking_price(const Option& o, LocalDate date) {
  if (o.pricing_per != PricingPer::kBooking) return PriceBreakdown{};
  const Price* p = pick_price(o, "", date);
  if (!p) return Error::failed_precondition("no booking price on " + date.to_string());
  return breakdown(*p);
}

Result<PricedBooking> price_booking(const Product& p, const Option& o, LocalDate date,
                                    const std::vector<std::string>& unit_ids,
                                    const std::vector<ExtraQuantity>& extras) {
  if (unit_ids.empty()) {
    return Error::failed_precondition("a booking needs at least one unit item", "unitItems");
  }
  PricedBooking out;
  std::map<std::string_view, int> per_unit;
  for (const auto& id : unit_ids) {
    const Unit* u = find_unit(o, id);
    if (!u) return Error::not_found("unknown unit '" + id + "' for option " + o.id, "unitId");
    PASEO_ASSIGN_OR_RETURN(auto price, unit_price(o, id, date));
    out.unit_items.push_back(price);
    out.total += price;
    out.seats += u->pax_count;
    ++per_unit[u->id];
  }
  for (const auto& u : o.units) {
    int n = per_unit.count(u.id) ? per_unit[u.id] : 0;
    if (n > 0 && n < u.min_per_booking) {
      return Error::failed_precondition("at least " + std::to_string(u.min_per_booking) + " '" +
                                            u.id + "' units are needed per booking",
                                        "unitItems")
          .with_key("booking.minUnitsOfType",
                    {{"min", std::to_string(u.min_per_booking)}, {"unit", u.id}});
    }
    if (u.max_per_booking > 0 && n > u.max_per_booking) {
      return Error::failed_precondition("at most " + std::to_string(u.max_per_booking) + " '" +
                                            u.id + "' units are allowed per booking",
                                        "unitItems")
          .with_key("booking.maxUnitsOfType",
                    {{"max", std::to_string(u.max_per_booking)}, {"unit", u.id}});
    }
  }
  for (const auto& [id, n] : per_unit) {
    const Unit* u = find_unit(o, id);
    auto companions = accompanying_units(o, *u);
    if (companions.empty()) continue;
    bool accompanied = std::any_of(companions.begin(), companions.end(),
                                   [&](std::string_view c) { return per_unit.count(c) > 0; });
    if (!accompanied) {
      std::string names;
      for (auto c : companions) names += (names.empty() ? "'" : " or '") + std::string(c) + "'";
      return Error::failed_precondition(
                 "'" + u->id + "' units must be booked with at least one " + names + " unit",
                 "unitItems")
          .with_key("booking.unaccompanied", {{"unit", u->id}, {"companions", names}});
    }
  }
  int count = static_cast<int>(unit_ids.size());
  if (o.min_units > 0 && count < o.min_units) {
    return Error::failed_precondition(
               "at least " + std::to_string(o.min_units) + " units are needed per booking",
               "unitItems")
        .with_key("booking.minUnits", {{"min", std::to_string(o.min_units)}});
  }
  if (o.max_units > 0 && count > o.max_units) {
    return Error::failed_precondition(
               "at most " + std::to_string(o.max_units) + " units are allowed per booking",
               "unitItems")
        .with_key("booking.maxUnits", {{"max", std::to_string(o.max_units)}});
  }
  PASEO_ASSIGN_OR_RETURN(auto per_booking, booking_price(o, date));
  out.total += per_booking;
  std::map<std::string_view, int> extra_count;
  for (const auto& e : extras) {
    const Extra* x = find_extra(p, e.extra_id);
    if (!x) return Error::not_found("unknown extra '" + e.extra_id + "'", "extraId");
    if (e.quantity < 1) return Error::invalid_argument("extra quantity must be >= 1", "extraItems");
    int& n = extra_count[x->id];
    n += e.quantity;
    if (n > x->max_quantity) {
      return Error::invalid_argument(
          "at most " + std::to_string(x->max_quantity) + " of extra '" + x->id + "' per booking",
          "extraItems");
    }
    PriceBreakdown price{x->retail * e.quantity, x->retail * e.quantity, x->net * e.quantity};
    out.extras.push_back(price);
    out.total += price;
  }
  return out;
}

std::vector<UnitPrice> unit_prices(const Option& o, LocalDate date) {
  std::vector<UnitPrice> out;
  for (const auto& u : o.units) {
    auto p = unit_price(o, u.id, date);
    out.push_back({u.id, p.ok() ? *p : PriceBreakdown{}});
  }
  return out;
}

bool prices_vary_by_date(const Option& o) {
  return std::any_of(o.prices.begin(), o.prices.end(),
                     [](const Price& p) { return p.valid_from || p.valid_to; });
}

std::int64_t commission_net(std::int64_t retail, std::int64_t commission_bp) {
  return retail - apply_basis_points(retail, commission_bp);
}

void apply_reseller_commission(Product& p, std::int64_t commission_bp) {
  for (auto& o : p.options) {
    for (auto& pr : o.prices) pr.net = commission_net(pr.retail, commission_bp);
  }
  for (auto& e : p.extras) e.net = commission_net(e.retail, commission_bp);
}

}  // namespace paseo::domain
