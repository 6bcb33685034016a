// Test harness for the OCTO API: a real paseo HTTP server (http::Server on port 0, the real Router
// with register_octo_routes) over a fresh database (SQLite file or PostgreSQL schema) with every
// migration applied and fixture data created through the engine's app services; a libcurl client;
// and the zod schema validator (tests/octo/schema/validate.js over @octocloud/types@2.0.4), which
// checks every JSON body a test receives.
//
// Schema validator availability: when tests/octo/schema/node_modules is missing the harness FAILS
// every test under CI=true ("run: npm ci --prefix tests/octo/schema"); locally it warns once and
// runs without schema checks.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "api/routes.h"
#include "app/api_keys.h"
#include "app/availability_service.h"
#include "app/booking_service.h"
#include "app/catalogue_service.h"
#include "common/clock.h"
#include "domain/local_time.h"
#include "http/json.h"
#include "http/router.h"
#include "http/server.h"
#include "tests/storage/test_database.h"

namespace paseo::octo_test {

// One long-running `node validate.js`; thread-safe.
class SchemaValidator {
 public:
  // The process-wide validator, started on first use.
  static SchemaValidator& instance();
  // "" when the validator could not start (message in start_error()).
  bool available() const { return available_; }
  const std::string& start_error() const { return start_error_; }
  // nullopt when `json` satisfies `schema` ("Product", "Product[]", "Booking", "Error", ...);
  // else the list of issues. Always nullopt when unavailable.
  std::optional<std::string> validate(std::string_view schema, std::string_view json);

 private:
  SchemaValidator();
  bool available_ = false;
  std::string start_error_;
  int to_child_ = -1;
  int from_child_ = -1;
  std::string buffer_;
  std::mutex mu_;
};

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string, http::CaseInsensitiveLess> headers;
  std::string body;
  http::JsonDocument json;  // parsed body (empty document when not JSON)
  bool has_json = false;
  http::JsonValue root() const { return json.root(); }
  std::string str(std::string_view key) const;  // root()[key] as string ("" if absent)
  std::int64_t integer(std::string_view key) const;
};

// Fixture ids.
inline constexpr const char* kSupplierA = "org_supplier_a";
inline constexpr const char* kSupplierB = "org_supplier_b";
inline constexpr const char* kReseller = "org_reseller_r";
inline constexpr const char* kResellerB = "org_reseller_b";
inline constexpr const char* kTour = "tour-madrid";       // START_TIME, Madrid, 10/12/17h, cap 10
inline constexpr const char* kMuseum = "museum-prado";    // OPENING_HOURS, cap 100/day
inline constexpr const char* kSmall = "tiny-mexico";      // START_TIME, Mexico City, 09:00, cap 3
inline constexpr const char* kOtherTour = "tour-b-only";  // supplier B's, invisible to kReseller
inline constexpr int kTourCapacity = 10;
inline constexpr int kSmallCapacity = 3;

class OctoEnv {
 public:
  // Creates db + migrations + fixtures + server. Fails the test (ADD_FAILURE) on error.
  static std::unique_ptr<OctoEnv> start(storage::testing::TestBackend backend,
                                        const storage::DatabaseOptions& db_options = {});
  ~OctoEnv();

  // Request with the reseller key and `caps` (Octo-Capabilities). Every JSON response is checked
  // against `schema` (for 2xx) or "Error" (otherwise) and the test fails on schema issues.
  HttpResult call(std::string_view method, std::string_view path, std::string_view body = {},
                  std::string_view schema = {}, std::string_view caps = {},
                  std::map<std::string, std::string> extra_headers = {});
  // Raw request with full control of headers (auth tests); validates like call().
  HttpResult raw(std::string_view method, std::string_view path, std::string_view body,
                 const std::map<std::string, std::string>& headers, std::string_view schema);

  // Local date in Europe/Madrid `days` from the fake now.
  std::string madrid_date(int days) const;
  std::string mexico_date(int days) const;
  // Availability id of the tour departure `days` ahead at "HH:MM".
  std::string tour_slot(int days, std::string_view hhmm) const;

  // Reserve body for `product` with `units` (unit ids) on `availability_id`.
  static std::string reserve_body(std::string_view uuid, std::string_view product,
                                  std::string_view option, std::string_view availability_id,
                                  const std::vector<std::string>& units,
                                  std::string_view extra_fields = {});
  static std::string confirm_body(std::string_view extra_fields = {});

  // Rows in departures booked for the product, summed (for oversell checks), via SQL.
  std::int64_t seats_taken(std::string_view product_id, std::string_view local_date) const;

  storage::Database& db() { return tdb_->db(); }
  FakeClock& clock() { return clock_; }
  app::ApiKeyService& keys() { return *keys_; }
  app::CatalogueService& catalogue() { return *catalogue_; }
  const std::string& reseller_key() const { return reseller_key_; }
  const std::string& reseller_b_key() const { return reseller_b_key_; }
  std::uint16_t port() const { return server_->port(); }
  storage::testing::TestBackend backend() const { return backend_; }

 private:
  OctoEnv();
  Status create_fixtures();

  storage::testing::TestBackend backend_{};
  std::unique_ptr<storage::testing::TestDatabase> tdb_;
  FakeClock clock_;
  std::unique_ptr<api::ApiContext> ctx_;
  std::unique_ptr<http::Router> router_;
  std::unique_ptr<http::Server> server_;
  std::thread server_thread_;
  std::unique_ptr<app::ApiKeyService> keys_;
  std::unique_ptr<app::CatalogueService> catalogue_;
  std::string reseller_key_;
  std::string reseller_b_key_;
};

// Validation helper used by OctoEnv (exposed for the race test's worker threads).
void expect_schema(std::string_view schema, const HttpResult& r);

}  // namespace paseo::octo_test
