#include "jobs/periodic_task.h"

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include <gtest/gtest.h>

namespace paseo::jobs {
namespace {

using namespace std::chrono_literals;

bool wait_until(const std::function<bool()>& done) {
  for (int i = 0; i < 500; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

TEST(PeriodicTask, RunsAtStartThenRepeatsUntilStopped) {
  std::atomic<int> passes{0};
  PeriodicTask task("test", 20ms, [&] { ++passes; });
  task.start();
  task.start();  // idempotent: still one thread
  ASSERT_TRUE(wait_until([&] { return passes.load() >= 3; }));
  task.stop();
  const int after_stop = passes.load();
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(passes.load(), after_stop);
  task.stop();  // idempotent
}

TEST(PeriodicTask, StopWakesALongWaitAtOnce) {
  std::atomic<int> passes{0};
  PeriodicTask task("test", std::chrono::hours(1), [&] { ++passes; });
  task.start();
  ASSERT_TRUE(wait_until([&] { return passes.load() == 1; }));
  const auto started = std::chrono::steady_clock::now();
  task.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
}

TEST(PeriodicTask, AThrowingPassIsLoggedAndTheNextOneStillRuns) {
  std::atomic<int> passes{0};
  PeriodicTask task("test", 10ms, [&] {
    if (++passes == 1) throw std::runtime_error("boom");
  });
  task.start();
  EXPECT_TRUE(wait_until([&] { return passes.load() >= 2; }));
  task.stop();
}

}  // namespace
}  // namespace paseo::jobs
