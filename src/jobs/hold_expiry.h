// Hold expiry: ON_HOLD bookings whose utcExpiresAt has passed become EXPIRED and give their seats
// back.
//
// Safe with several server processes on one PostgreSQL: each hold is expired by a conditional
// `UPDATE bookings SET status = 'EXPIRED' … WHERE status = 'ON_HOLD' AND expires_at <= now …
// RETURNING …`, so exactly one transaction wins a given hold and only that one releases its seats
// (the others' UPDATE matches nothing). Running it twice, or concurrently, never releases twice.
// The engine also expires lapsed holds of one departure on demand when a reservation finds the
// departure full, so a late job never causes a false SOLD_OUT.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include "common/clock.h"
#include "common/result.h"
#include "jobs/periodic_task.h"
#include "storage/db.h"

namespace paseo::jobs {

// Expires every hold lapsed at `now` (in batches of `batch` per transaction) and returns how
// many were expired.
Result<int> release_expired_holds(storage::Database& db, Instant now, int batch = 500);

// Runs release_expired_holds every `interval` on a thread until stop().
class HoldExpiryRunner {
 public:
  HoldExpiryRunner(storage::Database& db, const Clock& clock,
                   std::chrono::milliseconds interval = std::chrono::seconds(15));
  HoldExpiryRunner(const HoldExpiryRunner&) = delete;
  HoldExpiryRunner& operator=(const HoldExpiryRunner&) = delete;

  void start() { task_.start(); }
  void stop() { task_.stop(); }  // idempotent; returns after the current pass
  std::int64_t total_expired() const { return total_.load(); }

 private:
  void pass();
  storage::Database& db_;
  const Clock& clock_;
  std::atomic<std::int64_t> total_{0};
  PeriodicTask task_;  // last: its thread must stop before the members it uses go
};

}  // namespace paseo::jobs
