// Sample catalogue values for tests (domain unit tests and engine integration tests).
#pragma once

#include "domain/availability.h"
#include "domain/catalogue.h"

namespace paseo::domain::testing {

inline LocalDate d(const char* text) { return LocalDate::parse(text).value(); }
inline LocalTime t(const char* text) { return LocalTime::parse(text).value(); }

// A START_TIME walking tour in `zone`: one option "en" with units adult (2000/1500), child
// (1000/750, max 4) and infant (0, pax 0); cut-off 60 min; 24 h free cancellation then 50 %.
inline Product sample_tour(std::string id = "tour", std::string supplier = "sup",
                           std::string zone = "Europe/Madrid") {
  Product p;
  p.id = std::move(id);
  p.supplier_id = std::move(supplier);
  p.internal_name = "Walking tour";
  p.title = {{"en", "Walking tour"}, {"es", "Paseo a pie"}};
  p.time_zone = std::move(zone);
  p.currency = "EUR";
  p.duration_minutes = 120;
  p.availability_type = AvailabilityType::kStartTime;
  p.booking_cutoff_minutes = 60;
  p.booking_horizon_days = 365;
  p.cancellation = CancellationPolicy{true, 24, 50, 0};
  Option o;
  o.id = "en";
  o.is_default = true;
  o.internal_name = "English";
  o.required_contact_fields = {"firstName", "lastName", "emailAddress"};
  o.units = {Unit{"adult", UnitType::kAdult, "Adult", {{"en", "Adult"}}, 18, std::nullopt, 0, 0, 1},
             Unit{"child", UnitType::kChild, "Child", {{"en", "Child"}}, 4, 17, 0, 4, 1},
             Unit{"infant", UnitType::kInfant, "Infant", {{"en", "Infant"}}, 0, 3, 0, 2, 0}};
  o.prices = {Price{"adult", 2000, 1500, {}, {}}, Price{"child", 1000, 750, {}, {}},
              Price{"infant", 0, 0, {}, {}}};
  p.options.push_back(o);
  return p;
}

// Daily 10:00, 12:00 and 17:00 with `capacity` seats from 2026-01-01.
inline Schedule daily_schedule(int capacity = 20) {
  Schedule s;
  s.rules.push_back(WeeklyRule{
      kEveryDay, {t("10:00"), t("12:00"), t("17:00")}, d("2026-01-01"), std::nullopt, capacity});
  return s;
}

}  // namespace paseo::domain::testing
