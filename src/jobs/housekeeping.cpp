#include "jobs/housekeeping.h"

#include <spdlog/spdlog.h>

#include "app/accounts/accounts.h"

namespace paseo::jobs {

HousekeepingRunner::HousekeepingRunner(storage::Database& db, const Clock& clock,
                                       std::chrono::milliseconds interval)
    : db_(db), clock_(clock), task_("housekeeping", interval, [this] { pass(); }) {}

Result<std::int64_t> HousekeepingRunner::run_once() {
  auto n = app::accounts::purge_expired(db_, to_epoch_ms(clock_.now()));
  if (n.ok()) total_ += *n;
  ++passes_;
  return n;
}

void HousekeepingRunner::pass() {
  auto n = run_once();
  if (!n.ok()) {
    spdlog::warn("housekeeping: {}", n.error().to_string());
  } else if (*n > 0) {
    spdlog::info("housekeeping: purged {} expired sessions and reset links", *n);
  }
}

}  // namespace paseo::jobs
