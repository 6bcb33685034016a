// Metrics: counters and latency histograms per route, exposed in Prometheus text format.
// Thread-safe; after a route's first request, recording takes a shared (reader) lock and relaxed
// atomic increments, with no allocation.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace paseo::http {

class Metrics {
 public:
  Metrics();
  ~Metrics();

  // One request answered on `route` (a template, or "unmatched") with `status`.
  void record_request(std::string_view method, std::string_view route, int status,
                      std::chrono::microseconds latency);

  // A gauge read when /metrics is scraped, e.g. the database write queue depth.
  void add_gauge(std::string name, std::string help, std::function<double()> read);

  void connection_opened();
  void connection_closed();

  // Prometheus text exposition format 0.0.4.
  std::string render() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace paseo::http
