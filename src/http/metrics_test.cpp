#include "http/metrics.h"

#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace paseo::http {
namespace {

using std::chrono::microseconds;

TEST(MetricsTest, CountersAndHistogramsPerRoute) {
  Metrics m;
  m.record_request("GET", "/octo/products", 200, microseconds(300));
  m.record_request("GET", "/octo/products", 200, microseconds(2000));
  m.record_request("GET", "/octo/products", 404, microseconds(20'000'000));
  m.record_request("POST", "/octo/bookings", 201, microseconds(700));
  const std::string t = m.render();
  EXPECT_NE(t.find("# TYPE paseo_http_requests_total counter\n"), std::string::npos);
  EXPECT_NE(
      t.find(R"(paseo_http_requests_total{method="GET",route="/octo/products",status="200"} 2)"),
      std::string::npos)
      << t;
  EXPECT_NE(
      t.find(R"(paseo_http_requests_total{method="GET",route="/octo/products",status="404"} 1)"),
      std::string::npos);
  EXPECT_NE(t.find("# TYPE paseo_http_request_duration_seconds histogram\n"), std::string::npos);
  // Cumulative buckets: 300 µs in le=0.0005; 2 ms first in le=0.0025; 20 s only in +Inf.
  const std::string l = R"(method="GET",route="/octo/products")";
  EXPECT_NE(t.find("paseo_http_request_duration_seconds_bucket{" + l + R"(,le="0.0005"} 1)"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("paseo_http_request_duration_seconds_bucket{" + l + R"(,le="0.001"} 1)"),
            std::string::npos);
  EXPECT_NE(t.find("paseo_http_request_duration_seconds_bucket{" + l + R"(,le="0.0025"} 2)"),
            std::string::npos);
  EXPECT_NE(t.find("paseo_http_request_duration_seconds_bucket{" + l + R"(,le="10"} 2)"),
            std::string::npos);
  EXPECT_NE(t.find("paseo_http_request_duration_seconds_bucket{" + l + R"(,le="+Inf"} 3)"),
            std::string::npos);
  EXPECT_NE(t.find("paseo_http_request_duration_seconds_count{" + l + "} 3"), std::string::npos);
  EXPECT_NE(t.find("paseo_http_request_duration_seconds_sum{" + l + "} 20.0023"), std::string::npos)
      << t;
}

TEST(MetricsTest, ConnectionsAndGauges) {
  Metrics m;
  m.connection_opened();
  m.connection_opened();
  m.connection_closed();
  double depth = 3;
  m.add_gauge("paseo_db_write_queue_depth", "Writes waiting for the SQLite writer.",
              [&] { return depth; });
  std::string t = m.render();
  EXPECT_NE(t.find("paseo_http_connections_open 1\n"), std::string::npos) << t;
  EXPECT_NE(t.find("paseo_http_connections_total 2\n"), std::string::npos);
  EXPECT_NE(t.find("# HELP paseo_db_write_queue_depth Writes waiting for the SQLite writer.\n"
                   "# TYPE paseo_db_write_queue_depth gauge\npaseo_db_write_queue_depth 3\n"),
            std::string::npos)
      << t;
  depth = 0.5;
  EXPECT_NE(m.render().find("paseo_db_write_queue_depth 0.5\n"), std::string::npos);
}

TEST(MetricsTest, LabelValuesAreEscaped) {
  Metrics m;
  m.record_request("GET", "/a\"b\\c\nd", 200, microseconds(1));
  EXPECT_NE(m.render().find(R"(route="/a\"b\\c\nd")"), std::string::npos) << m.render();
}

TEST(MetricsTest, ConcurrentRecordingLosesNothing) {
  Metrics m;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&m, t] {
      for (int i = 0; i < 10000; ++i) {
        m.record_request("GET", i % 2 ? "/a" : "/b/{id}", 200 + t % 2, microseconds(i));
      }
    });
  }
  for (auto& th : threads) th.join();
  const std::string t = m.render();
  EXPECT_NE(t.find(R"(paseo_http_requests_total{method="GET",route="/a",status="200"} 10000)"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find(R"(paseo_http_requests_total{method="GET",route="/a",status="201"} 10000)"),
            std::string::npos);
  EXPECT_NE(t.find(R"(paseo_http_request_duration_seconds_count{method="GET",route="/a"} 20000)"),
            std::string::npos);
}

}  // namespace
}  // namespace paseo::http
