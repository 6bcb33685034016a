// Demo data for the README's run command and for tests.
#pragma once

#include <string>

#include "common/clock.h"
#include "common/result.h"
#include "storage/db.h"

namespace paseo::app {

inline constexpr const char* kDemoSupplierId = "org_paseos_madrid";
inline constexpr const char* kDemoResellerId = "org_demo_reseller";
inline constexpr const char* kDemoWalkingTourId = "madrid-walking-tour";
inline constexpr const char* kDemoMuseumId = "madrid-museum-ticket";

struct DemoData {
  std::string supplier_id;
  std::string reseller_id;
  std::string walking_tour_id;  // START_TIME, options "es" and "en"
  std::string museum_id;        // OPENING_HOURS, option "DEFAULT"
  // Plaintext OCTO API key of the reseller: set only by the call that created it ("" when the demo
  // data already existed; the key is not recoverable then).
  std::string reseller_api_key;
};

// Creates (idempotently) the supplier "Paseos Madrid" with a Madrid walking tour (Europe/Madrid,
// EUR, 10:00/12:00/17:00 daily, 20 seats, ADULT/CHILD/INFANT, Spanish and English options, pickup
// points, one extra, one booking question) and a museum ticket (OPENING_HOURS, daily capacity),
// a reseller "Demo Reseller" with a contract and an OCTO API key. Needs a migrated database.
Result<DemoData> load_demo_data(storage::Database& db, const Clock& clock);

}  // namespace paseo::app
