// Prices of a booking: integer minor units in the product currency; no rounding happens here
// except the cancellation fee (common/money.h apply_basis_points).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "domain/catalogue.h"
#include "domain/local_time.h"

namespace paseo::domain {

// OCTO Pricing without its currency fields: original = retail before discounts (we have none
// yet, so original == retail).
struct PriceBreakdown {
  std::int64_t original = 0;
  std::int64_t retail = 0;
  std::int64_t net = 0;
  PriceBreakdown& operator+=(const PriceBreakdown& o) {
    original += o.original;
    retail += o.retail;
    net += o.net;
    return *this;
  }
  friend bool operator==(const PriceBreakdown&, const PriceBreakdown&) = default;
};

// Price of one unit of `unit_id` on travel date `date` (date-range overrides applied). For
// per-booking options, unit prices are 0 and booking_price() carries the price.
// kNotFound (field "unitId") for an unknown unit; kFailedPrecondition when no price row applies.
Result<PriceBreakdown> unit_price(const Option& o, std::string_view unit_id, LocalDate date);

// Per-booking price of a kBooking option on `date` (zero for kUnit options).
Result<PriceBreakdown> booking_price(const Option& o, LocalDate date);

struct ExtraQuantity {
  std::string extra_id;
  int quantity = 0;
};

// A priced booking request.
struct PricedBooking {
  std::vector<PriceBreakdown> unit_items;  // same order as the unit ids given
  std::vector<PriceBreakdown> extras;      // same order as the extras given
  PriceBreakdown total;                    // units + per-booking price + extras
  int seats = 0;                           // sum of pax_count
};

// Prices unit items and extras and checks the option's rules: unit ids known (kNotFound
// "unitId"), at least one unit item (kFailedPrecondition "unitItems"), per-unit
// min/max_per_booking and the option's min/max_units (kFailedPrecondition "unitItems"), extras
// known (kNotFound "extraId") with 1 <= quantity <= max_quantity (kInvalidArgument "extraItems").
Result<PricedBooking> price_booking(const Product& p, const Option& o, LocalDate date,
                                    const std::vector<std::string>& unit_ids,
                                    const std::vector<ExtraQuantity>& extras);

// "From" prices per unit for the calendar: the unit's price on that date (one per unit, in option
// order).
struct UnitPrice {
  std::string unit_id;
  PriceBreakdown price;
  friend bool operator==(const UnitPrice&, const UnitPrice&) = default;
};
std::vector<UnitPrice> unit_prices(const Option& o, LocalDate date);

// True when some price row of `o` is limited to dates (valid_from or valid_to): only then can
// unit_prices() and booking_price() answer differently for two dates.
bool prices_vary_by_date(const Option& o);

// A reseller's net price under a contract commission of `commission_bp` basis points (0..10000)
// on the retail price: retail - apply_basis_points(retail, commission_bp), so 0 <= net <= retail.
std::int64_t commission_net(std::int64_t retail, std::int64_t commission_bp);

// Replaces the net of every price row (all options, date-range overrides included) and every
// extra of `p` with commission_net(retail, commission_bp). The product's own net prices are what
// a reseller without a contract commission pays.
void apply_reseller_commission(Product& p, std::int64_t commission_bp);

}  // namespace paseo::domain
