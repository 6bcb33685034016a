// The inventory's invariant, read straight from the database: each departure's `booked` equals the
// seats of its bookings in a status that holds seats (ON_HOLD, CONFIRMED, PENDING, REDEEMED:
// migrations/0013_bookings.sql) and is within its capacity. For tests that race or fuzz bookings.
#pragma once

#include <string>

#include "common/result.h"
#include "storage/db.h"

namespace paseo::testing {

// "" when every departure holds the invariant; else one "id booked N capacity C live seats S; "
// per departure that does not.
Result<std::string> inventory_mismatches(storage::Database& db);

}  // namespace paseo::testing
