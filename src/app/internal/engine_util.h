// Validation and computation shared by the availability and booking services.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/availability_service.h"
#include "app/internal/catalogue_store.h"
#include "app/internal/inventory_store.h"

namespace paseo::app::internal {

// kNotFound "optionId" when the product has no such option.
Result<const domain::Option*> require_option(const domain::Product& p, std::string_view option_id);

// "" or the product currency; kInvalidArgument "currency" otherwise.
Status check_currency(const domain::Product& p, std::string_view currency);

// Parses an availability id of `p` into its slot; kNotFound "availabilityId" when malformed or
// not a slot of the product's schedule.
Result<domain::Slot> slot_for_id(const LoadedProduct& lp, std::string_view availability_id);

// Status of one slot for sale at `now` (`today` = local date of now in the product's zone):
// cheap (one zone lookup), for loops such as the calendar.
struct SlotState {
  domain::SalesWindow window;
  domain::AvailabilityStatus status = domain::AvailabilityStatus::kClosed;
  std::optional<int> vacancies;
  std::optional<int> capacity;
  bool available = false;  // open status and `seats` fit
  // Set when the slot is open for sale and its cut-off may pass before `today` ends: the last
  // instant the state computed here holds by the clock alone (bookings aside). Unset slots change
  // with time only when the local date does (horizon) or never (cut-off already passed).
  // AvailabilityService's calendar memo trusts this: a new clock-dependent rule here (release
  // times, say) must show in open_until, or memoised calendars would change late.
  std::optional<Instant> open_until;
};
// `times_needed`: false when the caller uses only status, vacancies and capacity (the calendar);
// then slots at least a day beyond the cut-off skip the time-zone arithmetic of the sales window
// (they are open whatever the DST offset) and `window` holds only `open`.
SlotState slot_state(const LoadedProduct& lp, const domain::Slot& slot,
                     const DepartureCounters* counters, Instant now, domain::LocalDate today,
                     int seats, bool times_needed = true);

// Builds the OCTO Availability of one slot. `seats` requested (0 = none), `unit_ids` for pricing.
Availability make_availability(const LoadedProduct& lp, const domain::Option& o,
                               const domain::Slot& slot, const DepartureCounters* counters,
                               Instant now, domain::LocalDate today, int seats,
                               const std::vector<UnitQuantity>& units,
                               const std::vector<ExtraQuantity>& extras = {});

}  // namespace paseo::app::internal
