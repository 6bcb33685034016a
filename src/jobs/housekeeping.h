// Housekeeping: deletes expired sessions and spent password-reset links
// (app::accounts::purge_expired) once an hour, so those tables do not grow forever.
//
// Safe with several server processes on one database: the purge is two DELETEs by expiry time, so
// running it twice, or concurrently, deletes each row once and harms nothing. Authentication
// never depends on it (expired sessions are refused whether or not their row is still there).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include "common/clock.h"
#include "common/result.h"
#include "jobs/periodic_task.h"
#include "storage/db.h"

namespace paseo::jobs {

// Runs app::accounts::purge_expired at start() and then every `interval` on a thread until stop().
class HousekeepingRunner {
 public:
  HousekeepingRunner(storage::Database& db, const Clock& clock,
                     std::chrono::milliseconds interval = std::chrono::hours(1));
  HousekeepingRunner(const HousekeepingRunner&) = delete;
  HousekeepingRunner& operator=(const HousekeepingRunner&) = delete;

  void start() { task_.start(); }
  void stop() { task_.stop(); }  // idempotent; returns after the current pass
  // One pass now, on the calling thread: how many rows went.
  Result<std::int64_t> run_once();
  std::int64_t total_purged() const { return total_.load(); }
  std::int64_t passes() const { return passes_.load(); }

 private:
  void pass();
  storage::Database& db_;
  const Clock& clock_;
  std::atomic<std::int64_t> total_{0};
  std::atomic<std::int64_t> passes_{0};
  PeriodicTask task_;  // last: its thread must stop before the members it uses go
};

}  // namespace paseo::jobs
