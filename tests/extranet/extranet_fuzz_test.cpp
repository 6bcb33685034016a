// Mutation fuzzing of the supplier extranet and the back office, end to end over HTTP with the
// real login: valid requests of the write routes (closures, quotas, one-off departures, weekly
// rules, date prices, product edits, the admin's whole-product load and edit, a supplier's
// commission, resellers, their contracts and API keys, and the supplier's booking actions: a
// direct sale, cancel, move, pickup, contact correction, check-in and resending the confirmation)
// and of the lists' queries are mutated by tests/support/json_mutator.h.
//
// What must hold for every request (the brief's "bad input gets a clear error, never a crash, a
// hang or lost data"):
//   - an answer under 500, JSON, and when it is an error, Paseo's one error shape
//     {"error":{"code","message"}};
//   - an error changes nothing: every table but the sessions' is the same after it as before;
//   - the departures' counters still equal their live bookings' seats.
// PASEO_FUZZ_SEED and PASEO_FUZZ_ITERATIONS replay or lengthen a run; a failure prints both.
//
// Compiled twice: extranet_fuzz_sqlite_test (label sqlite) and extranet_fuzz_pg_test (label pg).
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fixtures.h"
#include "tests/support/inventory_check.h"
#include "tests/support/json_mutator.h"

namespace paseo::testing {
namespace {

#ifdef PASEO_EXTRANET_TEST_PG
constexpr storage::testing::TestBackend kBackend = storage::testing::TestBackend::kPostgres;
#define ExtranetFuzz ExtranetFuzzPg
#else
constexpr storage::testing::TestBackend kBackend = storage::testing::TestBackend::kSqliteFile;
#define ExtranetFuzz ExtranetFuzzSqlite
#endif

struct Request {
  bool admin = false;  // sent by the platform's admin, else by supplier A's owner
  std::string method;
  std::string path;
  std::optional<MutableJson> body;
};

class ExtranetFuzz : public ::testing::Test {
 protected:
  void SetUp() override {
    PASEO_SKIP_OR_FAIL_WITHOUT_PG(kBackend);
    world_.emplace(kBackend);
    if (const char* s = std::getenv("PASEO_FUZZ_SEED")) seed_ = std::strtoull(s, nullptr, 10);
    if (const char* n = std::getenv("PASEO_FUZZ_ITERATIONS")) iterations_ = std::atoi(n);
    fuzz_ = JsonMutator(seed_);
    supplier_ = world_->login("owner@a.test");
    admin_ = world_->login("admin@paseo.test");
    // Bookings on A's tour and B's, so that capacity changes meet seats already sold.
    for (const char* date : {"2026-12-01", "2026-12-02", "2026-12-05"}) {
      cancel_target_ =
          world_->book(world_->tour_a(), {.date = date, .time = "10:00", .adults = 3}).id;
      world_->book(world_->tour_a(),
                   {.date = date, .time = "17:00", .adults = 1, .confirm = false});
    }
    world_->book(world_->tour_b(), {.date = "2026-12-01", .time = "10:00", .adults = 2});
    amend_target_ =
        world_->book(world_->tour_a(), {.date = "2026-12-02", .time = "12:00", .adults = 2}).id;
    // Today (the fixture's clock) in Madrid, so that a check-in may pass.
    check_in_target_ =
        world_->book(world_->tour_a(), {.date = "2026-11-23", .time = "17:00", .adults = 1}).id;
    auto created = admin_->post(std::string("/api/v1/admin/suppliers/") + kSupplierA + "/products",
                                full_product_json());
    ASSERT_EQ(created.status, 201) << created.body;
    admin_product_ = std::string(created.json().root().get("product").get("id").as_string());
    auto rule = supplier_->post(
        "/api/v1/extranet/products/" + world_->tour_a() + "/rules",
        R"({"weekdays":[6,7],"times":["19:00"],"from":"2026-12-01","to":"2026-12-31","capacity":10})");
    ASSERT_EQ(rule.status, 201) << rule.body;

    fuzz_.add_strings({world_->tour_a(),
                       world_->tour_b(),
                       admin_product_,
                       kSupplierA,
                       kSupplierB,
                       kReseller,
                       "en",
                       "std",
                       "private",
                       "adult",
                       "child",
                       "nobody",
                       "lunch",
                       "hotel-alpha",
                       "atocha",
                       "2026-12-01",
                       "2026-12-05",
                       "2026-11-01",
                       "2027-12-31",
                       "2026-12-01T10:00:00+01:00",
                       "2026-12-05T19:00:00+01:00",
                       "10:00",
                       "19:00",
                       "Europe/Madrid",
                       "Mars/Olympus",
                       "EUR",
                       "USD",
                       "EURO",
                       "UNIT",
                       "BOOKING",
                       "ADULT",
                       "OPENING_HOURS",
                       "text",
                       "select",
                       "1",
                       "7",
                       "octo",
                       "api@sol.example",
                       "2026-12-03T12:00:00+01:00",
                       "2026-11-23T17:00:00+01:00",
                       "+34 600 000 001",
                       "ana.garcia@example.com"});
    fuzz_.add_keys(
        {"productId",   "date",         "to",        "from",     "localTime",      "departureId",
         "capacity",    "closed",       "weekdays",  "times",    "optionId",       "unitId",
         "retail",      "net",          "options",   "units",    "pickupPoints",   "cutoffMinutes",
         "horizonDays", "commissionBp", "currency",  "texts",    "priceOverrides", "extras",
         "questions",   "reason",       "firstName", "lastName", "email",          "phone",
         "checkedIn",   "units",        "adult",     "uuid",     "pickupPointId",  "hotel",
         "room"});
  }

  Request seed_request() {
    const std::string tour = world_->tour_a();
    switch (fuzz_.pick(24)) {
      case 0:
        return {false, "POST", "/api/v1/extranet/calendar/closures",
                MutableJson::parse(R"({"productId":")" + tour +
                                   R"(","date":"2026-12-01","closed":true,"reason":"strike"})")};
      case 1:
        return {false, "POST", "/api/v1/extranet/calendar/closures",
                MutableJson::parse(R"({"productId":")" + tour +
                                   R"(","date":"2026-12-02","localTime":"17:00","closed":false})")};
      case 2:
        return {false, "POST", "/api/v1/extranet/calendar/quotas",
                MutableJson::parse(R"({"productId":")" + tour +
                                   R"(","date":"2026-12-01","to":"2026-12-04","capacity":6})")};
      case 3:
        return {false, "POST", "/api/v1/extranet/calendar/quotas",
                MutableJson::parse(R"({"productId":")" + tour +
                                   R"(","departureId":"2026-12-05T10:00:00+01:00","capacity":4})")};
      case 4:
        return {false, "POST", "/api/v1/extranet/calendar/departures",
                MutableJson::parse(R"({"productId":")" + tour +
                                   R"(","date":"2026-12-05","localTime":"20:30","capacity":8})")};
      case 5:
        return {
            false, "POST", "/api/v1/extranet/products/" + tour + "/rules",
            MutableJson::parse(
                R"({"weekdays":[1,3],"times":["08:00"],"from":"2026-12-01","to":"2027-01-31","capacity":5})")};
      case 6:
        return {false, "PUT", "/api/v1/extranet/products/" + tour + "/rules/1",
                MutableJson::parse(
                    R"({"weekdays":[6],"times":["18:00"],"from":"2026-12-01","capacity":12})")};
      case 7:
        return {
            false, "POST", "/api/v1/extranet/products/" + tour + "/prices",
            MutableJson::parse(
                R"({"optionId":"en","unitId":"adult","from":"2026-12-20","to":"2027-01-06","retail":3500,"net":2800})")};
      case 8:
        return {
            false, "PATCH", "/api/v1/extranet/products/" + tour,
            MutableJson::parse(
                R"({"cutoffMinutes":90,"horizonDays":200,"options":[{"id":"en","units":[{"id":"adult","retail":2700,"net":2100}]}],"pickupPoints":[{"id":"hotel-alpha","minutesBeforeStart":20}]})")};
      case 9:
        return {true, fuzz_.chance(50) ? "PUT" : "POST",
                fuzz_.chance(50)
                    ? "/api/v1/admin/products/" + admin_product_
                    : std::string("/api/v1/admin/suppliers/") + kSupplierA + "/products",
                MutableJson::parse(full_product_json())};
      case 10:
        return {true, "PATCH", std::string("/api/v1/admin/suppliers/") + kSupplierA,
                MutableJson::parse(R"({"commissionBp":2500,"currency":"USD"})")};
      case 11:
        return {true, "PATCH", contract_path(),
                MutableJson::parse(R"({"commissionBp":1500,"allProducts":false,"productIds":[")" +
                                   tour + R"("]})")};
      case 12:
        return {true, "POST", std::string("/api/v1/admin/resellers/") + kReseller + "/contracts",
                MutableJson::parse(R"({"supplierId":")" + std::string(kSupplierB) +
                                   R"(","commissionBp":0,"productIds":[")" + world_->tour_b() +
                                   R"("]})")};
      case 13:
        return {true, "POST", "/api/v1/admin/resellers",
                MutableJson::parse(R"({"name":"Viajes Sol","email":"api@sol.example"})")};
      case 14:
        return {true, "POST", std::string("/api/v1/admin/resellers/") + kReseller + "/keys",
                MutableJson::parse(R"({"name":"live","scopes":["octo"]})")};
      case 15:
        return {false, "POST", "/api/v1/extranet/bookings/" + cancel_target_ + "/cancel",
                MutableJson::parse(R"({"reason":"Storm warning"})")};
      case 16: {
        // Back and forth between two days, so that moves keep succeeding between the refusals.
        const char* day = fuzz_.chance(50) ? "2026-12-03" : "2026-12-02";
        return {
            false, "POST", "/api/v1/extranet/bookings/" + amend_target_ + "/move",
            MutableJson::parse(std::string(R"({"departureId":")") + day + R"(T12:00:00+01:00"})")};
      }
      case 17:
        return {
            false, "POST", "/api/v1/extranet/bookings/" + amend_target_ + "/contact",
            MutableJson::parse(
                R"({"firstName":"Ana","lastName":"García","email":"ana.garcia@example.com","phone":"+34 600 000 001"})")};
      case 18:
        return {false, "POST", "/api/v1/extranet/bookings/" + check_in_target_ + "/check-in",
                MutableJson::parse(fuzz_.chance(50) ? R"({"checkedIn":true})"
                                                    : R"({"checkedIn":false})")};
      case 19:
        // The fixture's clock stands still, so every resend after the first waits: refusals that
        // must write nothing.
        return {false, "POST",
                "/api/v1/extranet/bookings/" + amend_target_ + "/resend-confirmation",
                MutableJson::parse("{}")};
      case 20:
        return {
            false, "POST", "/api/v1/extranet/bookings",
            MutableJson::parse(
                R"({"productId":")" + tour +
                R"(","optionId":"en","departureId":"2026-12-05T12:00:00+01:00","units":{"adult":2,"child":1},"firstName":"Luis","lastName":"Pérez","email":"luis@example.com","phone":"+34 600 111 222","notes":"desk","extras":{"lunch":1},"pickupPointId":"hotel-alpha"})")};
      case 21:
        return {false, "POST", "/api/v1/extranet/bookings/" + amend_target_ + "/pickup",
                MutableJson::parse(
                    fuzz_.chance(50) ? R"({"pickupPointId":"hotel-beta"})"
                                     : R"({"pickupPointId":"","hotel":"Hotel Sol","room":"12"})")};
      default: {
        const std::vector<std::string> queries = {
            "/api/v1/extranet/bookings?q=ana&status=CONFIRMED&from=2026-12-01&to=2026-12-31",
            "/api/v1/extranet/bookings?sort=total&page=2&pageSize=1",
            "/api/v1/extranet/bookings?productId=" + tour + "&date=2026-12-01",
            "/api/v1/extranet/calendar?productId=" + tour + "&from=2026-12-01&to=2026-12-31",
            "/api/v1/extranet/products/" + tour + "/prices",
            "/api/v1/admin/suppliers?q=tours",
            "/api/v1/extranet/daysheet?date=2026-11-23&productId=" + tour,
            "/api/v1/extranet/bookings/" + amend_target_ + "?x=1"};
        static const std::vector<std::string> kValues = {"",           "-1",
                                                         "0",          "99999999999999999999",
                                                         "2026-02-30", "2026-13-01",
                                                         "%00",        "%zz",
                                                         "%FF%FE",     std::string(3'000, 'q'),
                                                         "1e9",        "CONFIRMED,CANCELLED",
                                                         "' OR 1=1 --"};
        std::string path = fuzz_.one_of(queries);
        if (fuzz_.chance(80)) {
          // Replace one parameter's value (or add one nobody expects).
          static const std::vector<std::string> kParams = {
              "q", "status", "from", "to", "sort", "page", "pageSize", "productId", "date", "x"};
          const std::string& value = fuzz_.one_of(kValues);
          // Deliberate escapes ("%zz") go as they are; anything else is sent encoded.
          path += "&" + fuzz_.one_of(kParams) + "=" +
                  (value.find('%') != std::string::npos ? value : url_encode(value));
        }
        return {path.find("/admin/") != std::string::npos, "GET", path, std::nullopt};
      }
    }
  }

  // Every row of every table but the sessions' (which a request refreshes).
  std::string snapshot() {
    auto r = storage::testing::dump_all_rows(world_->db(), {"sessions"});
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : std::string();
  }

  static std::string contract_path() {
    return std::string("/api/v1/admin/resellers/") + kReseller + "/contracts/" + kSupplierA;
  }

  std::string where() const {
    return "PASEO_FUZZ_SEED=" + std::to_string(seed_) + " iteration " + std::to_string(iteration_);
  }

  std::optional<ExtranetWorld> world_;
  std::unique_ptr<HttpClient> supplier_;
  std::unique_ptr<HttpClient> admin_;
  JsonMutator fuzz_{0};
  std::uint64_t seed_ = 20261202;
  int iterations_ = 400;
  int iteration_ = 0;
  std::string admin_product_;
  std::string cancel_target_;    // a confirmed booking of A's tour the supplier may cancel
  std::string amend_target_;     // one it moves, corrects and resends
  std::string check_in_target_;  // one of today's, to check in and out
};

TEST_F(ExtranetFuzz, MutatedRequestsGetCleanErrorsAndChangeNothing) {
  int accepted = 0;
  int refused = 0;
  for (iteration_ = 0; iteration_ < iterations_; ++iteration_) {
    Request req = seed_request();
    std::string body;
    if (req.body) {
      body =
          fuzz_.mutate(*req.body, fuzz_.chance(15) ? 0 : 1 + static_cast<int>(fuzz_.pick(3)), 20);
    }
    if (req.path.find('%') == std::string::npos) req.path = encode_path(req.path);
    HttpClient& client = req.admin ? *admin_ : *supplier_;
    const std::string before = snapshot();
    const HttpReply r = client.request(req.method, req.path, body,
                                       fuzz_.chance(5) ? "text/plain" : "application/json");
    const std::string request =
        req.method + " " + req.path.substr(0, 200) + " " + body.substr(0, 600);
    ASSERT_GT(r.status, 0) << "no answer to " << request << " (" << where() << ")";
    ASSERT_LT(r.status, 500) << request << " -> " << r.body << " (" << where() << ")";
    const auto parsed = http::parse_json(r.body);
    if (r.status != 204) {
      ASSERT_TRUE(parsed.ok()) << request << " -> " << r.status << " " << r.body << " (" << where()
                               << ")";
    }
    if (r.status >= 400) {
      ++refused;
      EXPECT_FALSE(r.error_code().empty()) << request << " -> " << r.body;
      EXPECT_TRUE(parsed->root().get("error").get("message").is_string()) << r.body;
      const std::string after = snapshot();
      EXPECT_EQ(after, before) << "an error changed data: " << request << " -> " << r.status << " "
                               << r.body << " (" << where() << ")\n"
                               << storage::testing::first_differences(before, after);
    } else {
      ++accepted;
    }
    const auto broken = inventory_mismatches(world_->db());
    ASSERT_TRUE(broken.ok()) << broken.error().message;
    EXPECT_EQ(*broken, "") << "after " << request << " (" << where() << ")";
    if (HasFailure()) {
      ADD_FAILURE() << "stopped at " << where();
      return;
    }
  }
  EXPECT_GT(accepted, iterations_ / 20);
  EXPECT_GT(refused, iterations_ / 4);
  EXPECT_EQ(supplier_->get("/api/v1/extranet/products").status, 200);
  std::cout << "extranet fuzz: " << iterations_ << " requests, " << accepted << " accepted, "
            << refused << " refused (" << where() << ")\n";
}

}  // namespace
}  // namespace paseo::testing
