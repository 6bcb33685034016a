// Paseo domain -> OCTO JSON (shapes of @octocloud/types 2.0.4; shared/reference/octo.md §2.3).
//
// Core fields are always written; capability fields only when the client asked for them
// (Capabilities). Text is picked for `lang` with domain::localized(). Instants are written as
// "YYYY-MM-DDTHH:MM:SSZ", local date-times as "YYYY-MM-DDTHH:MM:SS±HH:MM".
//
// Decisions where the spec is loose:
//  - availabilityLocalStartTimes: the option's distinct start times over the coming weeks
//    (the caller computes them); OPENING_HOURS products list ["00:00"] because the 2.0.4 zod schema
//    requires at least one entry (the validator only warns about a non-empty list).
//  - Every product requires an availability id (availabilityRequired true, allowFreesale false):
//    even free-sale days are booked against a day's availability id, so closures are honoured.
//  - Delivery: one QR code per booking (voucher) and per unit item (ticket), value = the
//    supplier reference; redemption DIGITAL.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/octo/octo_request.h"
#include "domain/availability.h"
#include "domain/booking.h"
#include "domain/catalogue.h"
#include "domain/pricing.h"
#include "http/json.h"

namespace paseo::api::octo {

struct RenderContext {
  Capabilities caps;
  std::string lang = "en";
};

void write_pricing(http::JsonWriter& w, const domain::PriceBreakdown& p, std::string_view currency);
void write_product(http::JsonWriter& w, const domain::Product& p,
                   const std::vector<std::string>& start_times, const RenderContext& ctx);
void write_option(http::JsonWriter& w, const domain::Product& p, const domain::Option& o,
                  const std::vector<std::string>& start_times, const RenderContext& ctx);
void write_unit(http::JsonWriter& w, const domain::Product& p, const domain::Option& o,
                const domain::Unit& u, const RenderContext& ctx);
void write_contact(http::JsonWriter& w, const domain::Contact& c);

// "60 minutes" style text plus amount/unit for the OCTO cancellationCutoff fields.
struct CutoffText {
  std::string text;
  int amount = 0;
  std::string unit;  // minute | hour | day
};
CutoffText cancellation_cutoff(int minutes);

// Maps Paseo's free category labels to OCTO categoryLabels ("walking_tour" -> "walking-tours");
// "" when there is no OCTO equivalent.
std::string_view octo_category_label(std::string_view category);

}  // namespace paseo::api::octo
