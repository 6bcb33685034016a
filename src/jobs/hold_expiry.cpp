#include "jobs/hold_expiry.h"

#include <spdlog/spdlog.h>

#include "app/booking_service.h"

namespace paseo::jobs {

Result<int> release_expired_holds(storage::Database& db, Instant now, int batch) {
  int total = 0;
  while (true) {
    PASEO_ASSIGN_OR_RETURN(int n, app::expire_lapsed_holds(db, now, batch));
    total += n;
    if (n < batch) return total;
  }
}

HoldExpiryRunner::HoldExpiryRunner(storage::Database& db, const Clock& clock,
                                   std::chrono::milliseconds interval)
    : db_(db), clock_(clock), task_("hold_expiry", interval, [this] { pass(); }) {}

void HoldExpiryRunner::pass() {
  auto n = release_expired_holds(db_, clock_.now());
  if (!n.ok()) {
    spdlog::warn("hold_expiry: {}", n.error().to_string());
    return;
  }
  total_ += *n;
  if (*n > 0) spdlog::info("hold_expiry: expired {} holds", *n);
}

}  // namespace paseo::jobs
