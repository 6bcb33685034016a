// Bench data: one supplier ("org_bench_supplier") with `products` walking tours (3 departures a
// day, 60 seats) and `bookings` bookings spread over the year around `today`, inserted straight
// into the engine's tables in large transactions (the engine's own reserve path would take minutes
// for 100,000). Rows are what BookingService writes: booking, unit items, departures counters.
#pragma once

#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "storage/db.h"

namespace paseo::bench {

struct BenchData {
  std::string supplier_id;
  std::vector<std::string> product_ids;
  std::string some_reference;  // a supplier reference that exists
  std::string owner_email;
  std::string password;
};

Result<BenchData> generate(storage::Database& db, const Clock& clock, int products, int bookings);

}  // namespace paseo::bench
