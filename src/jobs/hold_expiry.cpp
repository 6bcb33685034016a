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
    : db_(db), clock_(clock), interval_(interval) {}

HoldExpiryRunner::~HoldExpiryRunner() { stop(); }

void HoldExpiryRunner::start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

void HoldExpiryRunner::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void HoldExpiryRunner::loop() {
  while (true) {
    try {
      auto n = release_expired_holds(db_, clock_.now());
      if (n.ok()) {
        total_ += *n;
        if (*n > 0) spdlog::info("hold_expiry: expired {} holds", *n);
      } else {
        spdlog::warn("hold_expiry: {}", n.error().to_string());
      }
    } catch (const std::exception& e) {
      spdlog::error("hold_expiry: {}", e.what());
    }
    std::unique_lock<std::mutex> lock(mu_);
    if (cv_.wait_for(lock, interval_, [this] { return stopping_; })) return;
  }
}

}  // namespace paseo::jobs
