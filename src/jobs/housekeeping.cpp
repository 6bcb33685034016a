#include "jobs/housekeeping.h"

#include <spdlog/spdlog.h>

#include "app/accounts/accounts.h"

namespace paseo::jobs {

HousekeepingRunner::HousekeepingRunner(storage::Database& db, const Clock& clock,
                                       std::chrono::milliseconds interval)
    : db_(db), clock_(clock), interval_(interval) {}

HousekeepingRunner::~HousekeepingRunner() { stop(); }

void HousekeepingRunner::start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

void HousekeepingRunner::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Result<std::int64_t> HousekeepingRunner::run_once() {
  auto n = app::accounts::purge_expired(db_, to_epoch_ms(clock_.now()));
  if (n.ok()) total_ += *n;
  ++passes_;
  return n;
}

void HousekeepingRunner::loop() {
  while (true) {
    try {
      auto n = run_once();
      if (!n.ok()) {
        spdlog::warn("housekeeping: {}", n.error().to_string());
      } else if (*n > 0) {
        spdlog::info("housekeeping: purged {} expired sessions and reset links", *n);
      }
    } catch (const std::exception& e) {
      spdlog::error("housekeeping: {}", e.what());
    }
    std::unique_lock<std::mutex> lock(mu_);
    if (cv_.wait_for(lock, interval_, [this] { return stopping_; })) return;
  }
}

}  // namespace paseo::jobs
