#include "http/metrics.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <limits>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <tuple>
#include <vector>

#include <fmt/format.h>

namespace paseo::http {
namespace {

// Upper bounds in seconds. Prometheus' defaults start at 5 ms, but most Paseo routes answer in well
// under a millisecond, so three finer buckets come first.
constexpr std::array<double, 14> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                             0.1,    0.25,  0.5,    1.0,   2.5,  5.0,   10.0};
constexpr std::array<std::int64_t, 14> kBucketsUs = {500,     1000,    2500,    5000,    10000,
                                                     25000,   50000,   100000,  250000,  500000,
                                                     1000000, 2500000, 5000000, 10000000};

// Label values escape backslash, double quote and newline (exposition format 0.0.4).
std::string escape_label(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string escape_help(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string format_double(double v) {
  if (v != v) return "NaN";
  if (v == std::numeric_limits<double>::infinity()) return "+Inf";
  if (v == -std::numeric_limits<double>::infinity()) return "-Inf";
  return fmt::format("{}", v);
}

struct Histogram {
  std::array<std::atomic<std::uint64_t>, kBuckets.size()> buckets{};  // not cumulative
  std::atomic<std::uint64_t> count{0};
  std::atomic<std::uint64_t> sum_us{0};

  void observe(std::int64_t us) {
    const auto it = std::lower_bound(kBucketsUs.begin(), kBucketsUs.end(), us);
    if (it != kBucketsUs.end()) {
      buckets[static_cast<std::size_t>(it - kBucketsUs.begin())].fetch_add(
          1, std::memory_order_relaxed);
    }
    count.fetch_add(1, std::memory_order_relaxed);
    sum_us.fetch_add(static_cast<std::uint64_t>(std::max<std::int64_t>(us, 0)),
                     std::memory_order_relaxed);
  }
};

struct Gauge {
  std::string name;
  std::string help;
  std::function<double()> read;
};

}  // namespace

struct Metrics::Impl {
  // Series live in node-based maps, so pointers stay valid; after a series exists, recording takes
  // only a shared lock plus relaxed atomic increments.
  using CounterKey = std::tuple<std::string, std::string, int>;  // method, route, status
  using HistogramKey = std::tuple<std::string, std::string>;     // method, route

  mutable std::shared_mutex mu;
  std::map<CounterKey, std::unique_ptr<std::atomic<std::uint64_t>>, std::less<>> counters;
  std::map<HistogramKey, std::unique_ptr<Histogram>, std::less<>> histograms;

  mutable std::mutex gauges_mu;
  std::vector<Gauge> gauges;

  std::atomic<std::int64_t> open_connections{0};
  std::atomic<std::uint64_t> total_connections{0};

  std::atomic<std::uint64_t>* counter(std::string_view method, std::string_view route, int status) {
    {
      // Heterogeneous lookup (tuple<string_view…> compares with tuple<string…>): no allocation.
      std::shared_lock lock(mu);
      auto it = counters.find(std::make_tuple(method, route, status));
      if (it != counters.end()) return it->second.get();
    }
    std::unique_lock lock(mu);
    auto& slot = counters[CounterKey{std::string(method), std::string(route), status}];
    if (!slot) slot = std::make_unique<std::atomic<std::uint64_t>>(0);
    return slot.get();
  }

  Histogram* histogram(std::string_view method, std::string_view route) {
    {
      std::shared_lock lock(mu);
      auto it = histograms.find(std::make_tuple(method, route));
      if (it != histograms.end()) return it->second.get();
    }
    std::unique_lock lock(mu);
    auto& slot = histograms[HistogramKey{std::string(method), std::string(route)}];
    if (!slot) slot = std::make_unique<Histogram>();
    return slot.get();
  }
};

Metrics::Metrics() : impl_(std::make_unique<Impl>()) {}
Metrics::~Metrics() = default;

void Metrics::record_request(std::string_view method, std::string_view route, int status,
                             std::chrono::microseconds latency) {
  impl_->counter(method, route, status)->fetch_add(1, std::memory_order_relaxed);
  impl_->histogram(method, route)->observe(latency.count());
}

void Metrics::add_gauge(std::string name, std::string help, std::function<double()> read) {
  std::lock_guard lock(impl_->gauges_mu);
  impl_->gauges.push_back({std::move(name), std::move(help), std::move(read)});
}

void Metrics::connection_opened() {
  impl_->open_connections.fetch_add(1, std::memory_order_relaxed);
  impl_->total_connections.fetch_add(1, std::memory_order_relaxed);
}

void Metrics::connection_closed() {
  impl_->open_connections.fetch_sub(1, std::memory_order_relaxed);
}

std::string Metrics::render() const {
  std::string out;
  out.reserve(4096);
  {
    std::shared_lock lock(impl_->mu);
    out +=
        "# HELP paseo_http_requests_total HTTP requests answered, by method, route and status.\n";
    out += "# TYPE paseo_http_requests_total counter\n";
    for (const auto& [key, value] : impl_->counters) {
      const auto& [method, route, status] = key;
      out +=
          fmt::format("paseo_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n",
                      escape_label(method), escape_label(route), status,
                      value->load(std::memory_order_relaxed));
    }
    out +=
        "# HELP paseo_http_request_duration_seconds Time from request read to response written.\n";
    out += "# TYPE paseo_http_request_duration_seconds histogram\n";
    for (const auto& [key, h] : impl_->histograms) {
      const std::string labels =
          fmt::format("method=\"{}\",route=\"{}\"", escape_label(std::get<0>(key)),
                      escape_label(std::get<1>(key)));
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        cumulative += h->buckets[i].load(std::memory_order_relaxed);
        out += fmt::format("paseo_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n",
                           labels, format_double(kBuckets[i]), cumulative);
      }
      const std::uint64_t count = h->count.load(std::memory_order_relaxed);
      // Concurrent recording may make count run ahead of the buckets read a moment earlier; +Inf
      // must never be below a finite bucket.
      out += fmt::format("paseo_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n",
                         labels, std::max(count, cumulative));
      out += fmt::format(
          "paseo_http_request_duration_seconds_sum{{{}}} {}\n", labels,
          format_double(static_cast<double>(h->sum_us.load(std::memory_order_relaxed)) / 1e6));
      out += fmt::format("paseo_http_request_duration_seconds_count{{{}}} {}\n", labels,
                         std::max(count, cumulative));
    }
  }
  out += "# HELP paseo_http_connections_open Open HTTP connections.\n";
  out += "# TYPE paseo_http_connections_open gauge\n";
  out += fmt::format("paseo_http_connections_open {}\n",
                     impl_->open_connections.load(std::memory_order_relaxed));
  out += "# HELP paseo_http_connections_total HTTP connections accepted.\n";
  out += "# TYPE paseo_http_connections_total counter\n";
  out += fmt::format("paseo_http_connections_total {}\n",
                     impl_->total_connections.load(std::memory_order_relaxed));

  std::vector<Gauge> gauges;
  {
    std::lock_guard lock(impl_->gauges_mu);
    gauges = impl_->gauges;
  }
  // Read outside the lock: a gauge may take a lock of its own (the database queue).
  for (const auto& g : gauges) {
    out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n{} {}\n", g.name, escape_help(g.help),
                       g.name, g.name, format_double(g.read ? g.read() : 0.0));
  }
  return out;
}

}  // namespace paseo::http
