// Test fixture: the real HTTP server on port 0 with the accounts routes over a fresh SQLite file,
// a FakeClock, and a small cookie-keeping client.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "api/routes.h"
#include "common/clock.h"
#include "http/json.h"
#include "http/router.h"
#include "http/server.h"
#include "storage/db.h"
#include "tests/storage/test_database.h"

namespace paseo::accounts_test {

struct Reply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names; repeated headers joined by \n
  std::string body;
  http::JsonDocument json;  // parsed body when it is JSON (else empty document)
  http::JsonValue root() const { return json.root(); }
  std::string str(std::string_view key) const;  // top-level string field
  std::string error_code() const;
  std::string error_field() const;
  std::string error_key() const;                         // the message key, "" when none
  std::string error_param(std::string_view name) const;  // one of the key's params
  std::string header(const std::string& lower) const {
    auto it = headers.find(lower);
    return it == headers.end() ? "" : it->second;
  }
};

// A browser-like client: keeps cookies from Set-Cookie, sends X-CSRF-Token on non-GET when it has
// the paseo_csrf cookie (unless told not to).
class Client {
 public:
  // Every call moves `clock` by 1 ms so that rows written by successive requests are ordered.
  Client(std::uint16_t port, FakeClock* clock) : port_(port), clock_(clock) {}
  Reply get(const std::string& target) { return call("GET", target, ""); }
  Reply post(const std::string& target, const std::string& json) {
    return call("POST", target, json);
  }
  Reply del(const std::string& target) { return call("DELETE", target, ""); }
  Reply call(const std::string& method, const std::string& target, const std::string& body,
             const std::string& content_type = "application/json",
             std::optional<std::string> csrf_override = std::nullopt);
  std::map<std::string, std::string> cookies;
  std::map<std::string, std::string> headers;  // sent with every call ("Origin", …)

 private:
  std::uint16_t port_;
  FakeClock* clock_;
};

class AccountsFixture : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  std::int64_t now() const { return to_epoch_ms(clock_.now()); }
  Client client() { return Client(port_, &clock_); }

  // Creates the platform admin and returns a logged-in client.
  Client admin();
  // Submits an application; returns its id (asserts 201).
  std::string apply(const std::string& company, const std::string& email,
                    const std::string& password = "a good password 1");
  Client login(const std::string& email, const std::string& password = "a good password 1");
  // Admin moves the application through under_review -> approved.
  void approve(Client& admin, const std::string& application_id);

  // The `var` of the newest outbox email with `template_name` sent to `to` ("" when none).
  std::string outbox_var(const std::string& template_name, const std::string& to,
                         const std::string& var);
  int outbox_count(const std::string& template_name, const std::string& to);
  static std::string token_from_url(const std::string& url);

  std::filesystem::path dir_;
  FakeClock clock_{from_epoch_ms(1'795'000'000'000)};  // 2026-11-18
  std::unique_ptr<storage::testing::TestDatabase> tdb_;
  storage::Database* db_ = nullptr;
  std::unique_ptr<api::ApiContext> ctx_;
  http::Router router_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  std::uint16_t port_ = 0;
};

std::string pdf_bytes(std::size_t size = 2000);
std::string png_bytes();

}  // namespace paseo::accounts_test
