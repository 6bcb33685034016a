// PeriodicTask: runs one function now and then every `interval` on its own thread until stop().
// The shared engine of the background jobs (hold expiry, housekeeping), so that each job holds only
// its own pass.
//
// The pass must not throw across the task; if it does, the exception is logged and the next pass
// runs on schedule. stop() wakes the thread at once and returns after the pass in progress.
// Thread-safe; start() and stop() are idempotent.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace paseo::jobs {

class PeriodicTask {
 public:
  PeriodicTask(std::string name, std::chrono::milliseconds interval, std::function<void()> pass);
  ~PeriodicTask();  // stop()s
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  void start();
  void stop();

 private:
  void loop();

  const std::string name_;
  const std::chrono::milliseconds interval_;
  const std::function<void()> pass_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace paseo::jobs
