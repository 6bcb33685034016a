// Test harness for the extranet/back-office integration tests: the real HTTP server on port 0 over
// a fresh SQLite file, every migration applied, every route registered as in main.cpp, and a
// libcurl client that keeps cookies and sends the CSRF header like the web app does.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "api/routes.h"
#include "common/clock.h"
#include "http/json.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/server.h"
#include "storage/db.h"
#include "tests/storage/test_database.h"

namespace paseo::testing {

struct HttpReply {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  http::JsonDocument json() const;             // fails the test when the body is not JSON
  // "code", "field", "key" and one of "params" of a Paseo JSON error body ("" when absent).
  std::string error_code() const;
  std::string error_field() const;
  std::string error_key() const;
  std::string error_param(std::string_view name) const;
};

class TestServer {
 public:
  // Starts a server; `now` is where the fake clock starts (default: the real time). On
  // kPostgres the database is a fresh schema of PASEO_TEST_PG_URL (tests/storage/test_database.h;
  // call PASEO_SKIP_OR_FAIL_WITHOUT_PG first).
  explicit TestServer(
      std::optional<Instant> now = std::nullopt,
      storage::testing::TestBackend backend = storage::testing::TestBackend::kSqliteFile);
  ~TestServer();

  storage::Database& db() { return *db_; }
  FakeClock& clock() { return clock_; }
  std::string base_url() const;
  const std::string& data_dir() const { return data_dir_; }

 private:
  std::string dir_;
  std::string data_dir_;
  std::unique_ptr<storage::testing::TestDatabase> pg_;  // kPostgres only; owns the database
  storage::DatabasePtr owned_db_;                       // SQLite
  storage::Database* db_ = nullptr;
  FakeClock clock_;
  http::Metrics metrics_;
  http::Router router_;
  std::unique_ptr<api::ApiContext> ctx_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

class HttpClient {
 public:
  explicit HttpClient(std::string base_url);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  HttpReply get(std::string_view path);
  HttpReply post(std::string_view path, std::string_view json_body);
  HttpReply put(std::string_view path, std::string_view json_body);
  HttpReply patch(std::string_view path, std::string_view json_body);
  HttpReply del(std::string_view path);
  HttpReply request(std::string_view method, std::string_view path, std::string_view body,
                    std::string_view content_type = "application/json");

  // An extra header sent with every request ("Authorization", "Bearer pk_…" for /octo).
  void set_header(std::string name, std::string value) { extra_headers_[name] = value; }

  // Whether writes carry X-CSRF-Token (the web app always sends it; tests turn it off).
  void set_send_csrf(bool on) { send_csrf_ = on; }

  // Cookie value the server set (e.g. paseo_csrf), or "".
  std::string cookie(std::string_view name) const;

 private:
  std::string base_url_;
  void* curl_ = nullptr;  // CURL*
  bool send_csrf_ = true;
  std::map<std::string, std::string> extra_headers_;
};

// Percent-encodes a query value.
std::string url_encode(std::string_view s);

}  // namespace paseo::testing
