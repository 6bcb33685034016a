// OCTO supplier API, end to end over HTTP: every scenario of the OCTO validator's checklist
// (shared/reference/octo.md §4.1) plus uuid replay, hold expiry, the last-seat race, cut-off,
// closures, DST, tenant isolation, auth and every kind of bad input. Every JSON response is checked
// against the zod schemas of @octocloud/types@2.0.4 (octo_harness.h).
//
// Compiled twice: octo_sqlite_test (label sqlite) and octo_pg_test (label pg, PASEO_TEST_PG_URL).
#include <algorithm>
#include <atomic>
#include <cctype>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "app/booking_service.h"
#include "common/random.h"
#include "jobs/hold_expiry.h"
#include "tests/octo/octo_harness.h"

namespace paseo::octo_test {
namespace {

using storage::testing::TestBackend;

// Distinct suite names per backend so ctest names do not collide (OctoPg.X vs OctoSqlite.X).
#ifdef PASEO_OCTO_TEST_PG
constexpr TestBackend kBackend = TestBackend::kPostgres;
#define OctoTest OctoPg
#else
constexpr TestBackend kBackend = TestBackend::kSqliteFile;
#define OctoTest OctoSqlite
#endif

constexpr const char* kAllCaps =
    "octo/pricing, octo/content, octo/pickups, octo/questions, octo/extras";

class OctoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    PASEO_SKIP_OR_FAIL_WITHOUT_PG(kBackend);
    env_ = OctoEnv::start(kBackend);
    ASSERT_NE(env_, nullptr);
  }

  static std::string avail_date(std::string_view product, std::string_view option,
                                std::string_view date, std::string_view extra = {}) {
    std::string b = "{\"productId\":\"" + std::string(product) + "\",\"optionId\":\"" +
                    std::string(option) + "\",\"localDate\":\"" + std::string(date) + "\"";
    if (!extra.empty()) b += "," + std::string(extra);
    return b + "}";
  }
  static std::string range_body(std::string_view product, std::string_view option,
                                std::string_view from, std::string_view to,
                                std::string_view extra = {}) {
    std::string b = "{\"productId\":\"" + std::string(product) + "\",\"optionId\":\"" +
                    std::string(option) + "\",\"localDateStart\":\"" + std::string(from) +
                    "\",\"localDateEnd\":\"" + std::string(to) + "\"";
    if (!extra.empty()) b += "," + std::string(extra);
    return b + "}";
  }

  // Reserves `units` on the tour's 10:00 departure `days` ahead; returns the response.
  HttpResult reserve_tour(std::string_view uuid, int days, const std::vector<std::string>& units,
                          std::string_view extra = {}, std::string_view caps = {}) {
    return env_->call(
        "POST", "/octo/bookings",
        OctoEnv::reserve_body(uuid, kTour, "es", env_->tour_slot(days, "10:00"), units, extra),
        "Booking", caps);
  }

  void expect_error(const HttpResult& r, int status, std::string_view code,
                    std::string_view id_field = {}, std::string_view id_value = {}) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.str("error"), code) << r.body;
    EXPECT_FALSE(r.str("errorMessage").empty()) << r.body;
    if (!id_field.empty()) {
      EXPECT_EQ(r.str(id_field), id_value) << r.body;
    }
  }

  // The details of the booking's history entries of `kind` ("reserved", "confirmed"), oldest
  // first, read with SQL.
  std::vector<std::string> history_details(const std::string& uuid, const std::string& kind) {
    auto rows = env_->db().read_value<std::vector<std::string>>(
        [&](storage::Connection& db) -> Result<std::vector<std::string>> {
          PASEO_ASSIGN_OR_RETURN(
              auto q, db.query("SELECT e.detail FROM booking_events e JOIN bookings b ON b.id = "
                               "e.booking_id WHERE b.uuid = $1 AND e.kind = $2 ORDER BY e.seq",
                               {uuid, kind}));
          std::vector<std::string> out;
          for (const auto& r : q.rows) out.push_back(r.get_string(0));
          return out;
        });
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? *rows : std::vector<std::string>{};
  }

  // Seats held on the tour's departures that day, seen through the API (vacancies).
  std::int64_t tour_vacancies(int days, std::string_view hhmm) {
    auto r = env_->call("POST", "/octo/availability",
                        avail_date(kTour, "es", env_->madrid_date(days)), "Availability[]");
    for (const auto& a : r.root().items()) {
      if (a.get("id").as_string() == env_->tour_slot(days, hhmm)) {
        return a.get("vacancies").as_int();
      }
    }
    return -1;
  }

  std::unique_ptr<OctoEnv> env_;
};

// ------------------------------------------------------------------------------------------
// Supplier, products

TEST_F(OctoTest, GetSupplier) {
  auto r = env_->call("GET", "/octo/supplier", {}, "Supplier");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.str("id"), kSupplierA);
  EXPECT_EQ(r.str("name"), "Paseos Test A");
  EXPECT_EQ(r.headers["Octo-Env"], "live");
  EXPECT_NE(r.headers["Content-Type"].find("application/json"), std::string::npos);
}

TEST_F(OctoTest, GetProductsListsOnlyContractedSuppliers) {
  auto r = env_->call("GET", "/octo/products", {}, "Product[]");
  ASSERT_EQ(r.status, 200) << r.body;
  std::set<std::string> ids;
  for (const auto& p : r.root().items()) ids.insert(std::string(p.get("id").as_string()));
  EXPECT_EQ(ids, (std::set<std::string>{kTour, kMuseum, kSmall}));
  // Without capabilities no capability fields are sent, and the applied set is empty.
  for (const auto& p : r.root().items()) {
    EXPECT_FALSE(p.has("defaultCurrency"));
    EXPECT_FALSE(p.has("title"));
  }
  EXPECT_EQ(r.headers["Octo-Capabilities"], "");
}

TEST_F(OctoTest, GetProductCoreShape) {
  auto r = env_->call("GET", std::string("/octo/products/") + kTour, {}, "Product");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.str("availabilityType"), "START_TIME");
  EXPECT_EQ(r.str("timeZone"), "Europe/Madrid");
  auto options = r.root().get("options");
  ASSERT_EQ(options.size(), 2u);
  for (const auto& o : options.items()) {
    std::vector<std::string> times;
    for (const auto& t : o.get("availabilityLocalStartTimes").items()) {
      times.emplace_back(t.as_string());
    }
    EXPECT_EQ(times, (std::vector<std::string>{"02:30", "10:00", "12:00", "17:00"}));
    EXPECT_EQ(o.get("units").size(), 3u);
    // 0, not null, for "no minimum": the OCTO validator requires a number.
    EXPECT_TRUE(o.get("restrictions").get("minUnits").is_int()) << r.body;
    for (const auto& u : o.get("units").items()) {
      std::vector<std::string> with;
      for (const auto& a : u.get("restrictions").get("accompaniedBy").items()) {
        with.emplace_back(a.as_string());
      }
      EXPECT_EQ(with, u.get("id").as_string() == "adult" ? std::vector<std::string>{}
                                                         : std::vector<std::string>{"adult"});
    }
    EXPECT_EQ(o.get("cancellationCutoffUnit").as_string(), "hour");
    EXPECT_EQ(o.get("cancellationCutoffAmount").as_int(), 2);
  }
  auto museum = env_->call("GET", std::string("/octo/products/") + kMuseum, {}, "Product");
  ASSERT_EQ(museum.status, 200);
  EXPECT_EQ(museum.str("availabilityType"), "OPENING_HOURS");
}

TEST_F(OctoTest, GetProductInvalid) {
  auto r = env_->call("GET", "/octo/products/nope", {}, "Product");
  expect_error(r, 400, "INVALID_PRODUCT_ID", "productId", "nope");
}

TEST_F(OctoTest, OtherSuppliersProductIsInvisible) {
  auto r = env_->call("GET", std::string("/octo/products/") + kOtherTour, {}, "Product");
  expect_error(r, 400, "INVALID_PRODUCT_ID", "productId", kOtherTour);
  auto a = env_->call("POST", "/octo/availability",
                      avail_date(kOtherTour, "DEFAULT", env_->mexico_date(3)), "Availability[]");
  expect_error(a, 400, "INVALID_PRODUCT_ID", "productId", kOtherTour);
}

TEST_F(OctoTest, CapabilitiesBothSpellingsAndContentLanguage) {
  for (const char* caps : {"octo/pricing, octo/content, octo/pickups, octo/questions, octo/extras",
                           "pricing,content , pickups,questions,extras"}) {
    auto r = env_->call("GET", std::string("/octo/products/") + kTour, {}, "Product", caps,
                        {{"Accept-Language", "fr-CA,fr;q=0.9,en;q=0.5"}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.headers["Octo-Capabilities"],
              "octo/pricing, octo/content, octo/pickups, octo/questions, octo/extras");
    EXPECT_EQ(r.headers["Content-Language"], "fr");
    EXPECT_EQ(r.str("locale"), "fr");
    EXPECT_EQ(r.str("title"), "Visite à pied de Madrid");
    EXPECT_EQ(r.str("defaultCurrency"), "EUR");
    EXPECT_EQ(r.str("pricingPer"), "UNIT");
    auto option = r.root().get("options").items().front();
    EXPECT_TRUE(option.get("pickupAvailable").as_bool());
    EXPECT_EQ(option.get("pickupPoints").size(), 1u);
    EXPECT_EQ(option.get("questions").size(), 1u);
    EXPECT_EQ(option.get("extras").size(), 1u);
    auto adult = option.get("units").items().front();
    ASSERT_EQ(adult.get("pricingFrom").size(), 1u);
    EXPECT_EQ(adult.get("pricingFrom").items().front().get("retail").as_int(), 3000);
    EXPECT_EQ(adult.get("pricingFrom").items().front().get("net").as_int(), 2400);
    EXPECT_EQ(adult.get("pricingFrom").items().front().get("currencyPrecision").as_int(), 2);
  }
  auto es = env_->call("GET", std::string("/octo/products/") + kTour, {}, "Product", "octo/content",
                       {{"Accept-Language", "es-ES"}});
  EXPECT_EQ(es.str("title"), "Paseo por Madrid");
  EXPECT_EQ(es.headers["Octo-Capabilities"], "octo/content");
  auto unknown = env_->call("GET", std::string("/octo/products/") + kTour, {}, "Product",
                            "octo/unknown, octo/cart", {{"Accept-Language", "de"}});
  EXPECT_EQ(unknown.headers["Octo-Capabilities"], "");
  EXPECT_EQ(unknown.str("locale"), "en");
  // A product written only in English says so to a Spanish reader instead of claiming "es".
  auto english_only = env_->call("GET", std::string("/octo/products/") + kSmall, {}, "Product",
                                 "octo/content", {{"Accept-Language", "es"}});
  ASSERT_EQ(english_only.status, 200) << english_only.body;
  EXPECT_EQ(english_only.str("title"), "Teotihuacan at dawn");
  EXPECT_EQ(english_only.str("locale"), "en");
}

// ------------------------------------------------------------------------------------------
// Availability calendar

TEST_F(OctoTest, CalendarIntervalStartTime) {
  auto r = env_->call("POST", "/octo/availability/calendar",
                      range_body(kTour, "es", env_->madrid_date(1), env_->madrid_date(14)),
                      "AvailabilityCalendar[]", "octo/pricing");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.root().size(), 14u);
  auto days = r.root().items();
  EXPECT_EQ(days[0].get("localDate").as_string(), env_->madrid_date(1));
  EXPECT_EQ(days[0].get("status").as_string(), "AVAILABLE");
  EXPECT_EQ(days[0].get("capacity").as_int(), 3 * kTourCapacity);
  // The most one departure has left (OCTO: "highest remaining vacancies"), not the day's sum: a
  // party of that size can book, a larger one cannot.
  EXPECT_EQ(days[0].get("vacancies").as_int(), kTourCapacity);
  // today+10 is closed (closure), today+11 has 2 of 3 departures.
  EXPECT_EQ(days[9].get("status").as_string(), "CLOSED");
  EXPECT_FALSE(days[9].get("available").as_bool());
  EXPECT_TRUE(days[10].get("available").as_bool());
  EXPECT_TRUE(days[0].has("unitPricingFrom"));
  // No units asked for on a per-unit option: no total (0 would read as "free").
  EXPECT_FALSE(days[0].has("pricingFrom")) << r.body.substr(0, 600);
  auto with_units = env_->call("POST", "/octo/availability/calendar",
                               range_body(kTour, "es", env_->madrid_date(1), env_->madrid_date(2),
                                          "\"units\":[{\"id\":\"adult\",\"quantity\":2}]"),
                               "AvailabilityCalendar[]", "octo/pricing");
  ASSERT_EQ(with_units.status, 200) << with_units.body;
  EXPECT_EQ(with_units.root().items()[0].get("pricingFrom").get("retail").as_int(), 2 * 3000);
}

TEST_F(OctoTest, CalendarIntervalOpeningHours) {
  auto r = env_->call("POST", "/octo/availability/calendar",
                      range_body(kMuseum, "DEFAULT", env_->madrid_date(0), env_->madrid_date(89)),
                      "AvailabilityCalendar[]");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.root().size(), 90u);
  auto day = r.root().items()[1];
  EXPECT_EQ(day.get("capacity").as_int(), 100);
  ASSERT_EQ(day.get("openingHours").size(), 2u);
  EXPECT_EQ(day.get("openingHours").items()[0].get("from").as_string(), "09:00");
  EXPECT_EQ(day.get("openingHours").items()[1].get("to").as_string(), "20:00");
}

TEST_F(OctoTest, CalendarInvalidProductOptionAndBadRequest) {
  const auto from = env_->madrid_date(1), to = env_->madrid_date(5);
  expect_error(env_->call("POST", "/octo/availability/calendar", range_body("nope", "es", from, to),
                          "AvailabilityCalendar[]"),
               400, "INVALID_PRODUCT_ID", "productId", "nope");
  expect_error(env_->call("POST", "/octo/availability/calendar", range_body(kTour, "xx", from, to),
                          "AvailabilityCalendar[]"),
               400, "INVALID_OPTION_ID", "optionId", "xx");
  // Missing dates, malformed dates, end before start, too long, in the past, wrong types.
  for (const std::string& body :
       {std::string("{\"productId\":\"") + kTour + "\",\"optionId\":\"es\"}",
        range_body(kTour, "es", "2026-13-01", to), range_body(kTour, "es", "tomorrow", to),
        range_body(kTour, "es", to, from),
        range_body(kTour, "es", env_->madrid_date(1), env_->madrid_date(600)),
        range_body(kTour, "es", env_->madrid_date(-20), env_->madrid_date(-10)),
        std::string("{\"productId\":7,\"optionId\":\"es\",\"localDateStart\":\"") + from +
            "\",\"localDateEnd\":\"" + to + "\"}",
        std::string("[1,2]"), std::string("{\"productId\":")}) {
    auto r = env_->call("POST", "/octo/availability/calendar", body, "AvailabilityCalendar[]");
    expect_error(r, 400, "BAD_REQUEST");
  }
  // The limit the message states is the one applied: 380 days is over it.
  auto long_range =
      env_->call("POST", "/octo/availability/calendar",
                 range_body(kTour, "es", env_->madrid_date(1), env_->madrid_date(380)),
                 "AvailabilityCalendar[]");
  expect_error(long_range, 400, "BAD_REQUEST");
  EXPECT_NE(long_range.body.find("at most 366 days"), std::string::npos) << long_range.body;
}

// ------------------------------------------------------------------------------------------
// Availability check

TEST_F(OctoTest, AvailabilityCheckDateIntervalAndIdsStartTime) {
  auto date =
      env_->call("POST", "/octo/availability", avail_date(kTour, "es", env_->madrid_date(2)),
                 "Availability[]", "octo/pricing");
  ASSERT_EQ(date.status, 200) << date.body;
  ASSERT_EQ(date.root().size(), 3u);
  auto first = date.root().items().front();
  EXPECT_EQ(first.get("id").as_string(), env_->tour_slot(2, "10:00"));
  EXPECT_EQ(first.get("localDateTimeStart").as_string(), env_->tour_slot(2, "10:00"));
  EXPECT_FALSE(first.get("allDay").as_bool());
  EXPECT_EQ(first.get("status").as_string(), "AVAILABLE");
  EXPECT_EQ(first.get("vacancies").as_int(), kTourCapacity);
  EXPECT_TRUE(first.has("unitPricing"));

  auto interval = env_->call("POST", "/octo/availability",
                             range_body(kTour, "es", env_->madrid_date(2), env_->madrid_date(4)),
                             "Availability[]");
  ASSERT_EQ(interval.status, 200);
  EXPECT_EQ(interval.root().size(), 9u);

  const std::string ids = "\"availabilityIds\":[\"" + env_->tour_slot(3, "12:00") + "\"]";
  auto by_id =
      env_->call("POST", "/octo/availability",
                 std::string("{\"productId\":\"") + kTour + "\",\"optionId\":\"en\"," + ids + "}",
                 "Availability[]");
  ASSERT_EQ(by_id.status, 200) << by_id.body;
  ASSERT_EQ(by_id.root().size(), 1u);
  EXPECT_EQ(by_id.root().items()[0].get("id").as_string(), env_->tour_slot(3, "12:00"));
}

TEST_F(OctoTest, AvailabilityCheckOpeningHours) {
  auto r = env_->call("POST", "/octo/availability",
                      avail_date(kMuseum, "DEFAULT", env_->madrid_date(1),
                                 "\"units\":[{\"id\":\"adult\",\"quantity\":2}]"),
                      "Availability[]", "octo/pricing");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.root().size(), 1u);
  auto a = r.root().items()[0];
  EXPECT_TRUE(a.get("allDay").as_bool());
  EXPECT_EQ(a.get("openingHours").size(), 2u);
  EXPECT_EQ(a.get("pricing").get("retail").as_int(), 3000);
  // Without units there is no total to give, only the units' prices.
  auto bare =
      env_->call("POST", "/octo/availability", avail_date(kMuseum, "DEFAULT", env_->madrid_date(1)),
                 "Availability[]", "octo/pricing");
  ASSERT_EQ(bare.status, 200) << bare.body;
  EXPECT_FALSE(bare.root().items()[0].has("pricing")) << bare.body;
  EXPECT_TRUE(bare.root().items()[0].has("unitPricing")) << bare.body;
  const std::string id(a.get("id").as_string());
  EXPECT_NE(id.find("T00:00:00"), std::string::npos);
  auto by_id = env_->call("POST", "/octo/availability",
                          std::string("{\"productId\":\"") + kMuseum +
                              "\",\"optionId\":\"DEFAULT\",\"availabilityIds\":[\"" + id + "\"]}",
                          "Availability[]");
  ASSERT_EQ(by_id.status, 200) << by_id.body;
  EXPECT_EQ(by_id.root().size(), 1u);
  auto interval = env_->call(
      "POST", "/octo/availability",
      range_body(kMuseum, "DEFAULT", env_->madrid_date(1), env_->madrid_date(7)), "Availability[]");
  ASSERT_EQ(interval.status, 200);
  EXPECT_EQ(interval.root().size(), 7u);
}

TEST_F(OctoTest, AvailabilityStatusesLimitedSoldOutClosed) {
  // 6 of 10 seats sold -> LIMITED (4 left < half).
  auto r = reserve_tour("", 5, {"adult", "adult", "adult", "adult", "adult", "adult"});
  ASSERT_EQ(r.status, 200) << r.body;
  auto avail = env_->call("POST", "/octo/availability",
                          avail_date(kTour, "es", env_->madrid_date(5)), "Availability[]");
  EXPECT_EQ(avail.root().items()[0].get("status").as_string(), "LIMITED");
  EXPECT_EQ(avail.root().items()[0].get("vacancies").as_int(), 4);
  EXPECT_EQ(avail.root().items()[1].get("status").as_string(), "AVAILABLE");
  // The other option shares the same departures.
  auto en = env_->call("POST", "/octo/availability", avail_date(kTour, "en", env_->madrid_date(5)),
                       "Availability[]");
  EXPECT_EQ(en.root().items()[0].get("vacancies").as_int(), 4);
  // Sell the rest -> SOLD_OUT.
  ASSERT_EQ(reserve_tour("", 5, {"adult", "adult", "adult", "adult"}).status, 200);
  avail = env_->call("POST", "/octo/availability", avail_date(kTour, "es", env_->madrid_date(5)),
                     "Availability[]");
  EXPECT_EQ(avail.root().items()[0].get("status").as_string(), "SOLD_OUT");
  EXPECT_FALSE(avail.root().items()[0].get("available").as_bool());
  // Closure of a whole day and of one departure.
  auto closed = env_->call("POST", "/octo/availability",
                           avail_date(kTour, "es", env_->madrid_date(10)), "Availability[]");
  ASSERT_EQ(closed.status, 200);
  for (const auto& a : closed.root().items()) {
    EXPECT_EQ(a.get("status").as_string(), "CLOSED");
    EXPECT_FALSE(a.get("available").as_bool());
  }
  auto partly = env_->call("POST", "/octo/availability",
                           avail_date(kTour, "es", env_->madrid_date(11)), "Availability[]");
  ASSERT_EQ(partly.root().size(), 3u);
  EXPECT_EQ(partly.root().items()[0].get("status").as_string(), "AVAILABLE");
  EXPECT_EQ(partly.root().items()[2].get("status").as_string(), "CLOSED");
  // Capacity override on today+12 10:00.
  EXPECT_EQ(tour_vacancies(12, "10:00"), 4);
  EXPECT_EQ(tour_vacancies(12, "12:00"), kTourCapacity);
}

// octo/extras: the availability check prices the extras asked for with the units, and refuses
// extras the product does not have or quantities past their maximum, as a booking would.
TEST_F(OctoTest, AvailabilityCheckPricesExtras) {
  const auto d = env_->madrid_date(2);
  const std::string adult = "\"units\":[{\"id\":\"adult\",\"quantity\":1}]";
  auto plain = env_->call("POST", "/octo/availability", avail_date(kTour, "es", d, adult),
                          "Availability[]", "octo/pricing,octo/extras");
  ASSERT_EQ(plain.status, 200) << plain.body;
  const auto base = plain.root().items()[0].get("pricing").get("retail").as_int();
  auto with = env_->call(
      "POST", "/octo/availability",
      avail_date(kTour, "es", d, adult + ",\"extras\":[{\"id\":\"tapas\",\"quantity\":2}]"),
      "Availability[]", "octo/pricing,octo/extras");
  ASSERT_EQ(with.status, 200) << with.body;
  EXPECT_EQ(with.root().items()[0].get("pricing").get("retail").as_int(), base + 2 * 1200);
  for (const char* extras :
       {"\"extras\":[{\"id\":\"caviar\",\"quantity\":1}]",
        "\"extras\":[{\"id\":\"tapas\",\"quantity\":5}]",
        "\"extras\":[{\"id\":\"tapas\",\"quantity\":0}]", "\"extras\":{\"id\":\"tapas\"}"}) {
    expect_error(env_->call("POST", "/octo/availability",
                            avail_date(kTour, "es", d, adult + "," + extras), "Availability[]"),
                 400, "BAD_REQUEST");
  }
}

TEST_F(OctoTest, AvailabilityCheckErrors) {
  const auto d = env_->madrid_date(2);
  expect_error(
      env_->call("POST", "/octo/availability", avail_date("nope", "es", d), "Availability[]"), 400,
      "INVALID_PRODUCT_ID", "productId", "nope");
  expect_error(
      env_->call("POST", "/octo/availability", avail_date(kTour, "zz", d), "Availability[]"), 400,
      "INVALID_OPTION_ID", "optionId", "zz");
  expect_error(
      env_->call("POST", "/octo/availability",
                 avail_date(kTour, "es", d, "\"units\":[{\"id\":\"senior\",\"quantity\":1}]"),
                 "Availability[]"),
      400, "INVALID_UNIT_ID", "unitId", "senior");
  const std::string bad_id = "2020-01-01T10:00:00+01:00";
  expect_error(env_->call("POST", "/octo/availability",
                          std::string("{\"productId\":\"") + kTour +
                              "\",\"optionId\":\"es\",\"availabilityIds\":[\"" + bad_id + "\"]}",
                          "Availability[]"),
               400, "INVALID_AVAILABILITY_ID", "availabilityId", bad_id);
  for (const std::string& body : {
           std::string("{\"productId\":\"") + kTour + "\",\"optionId\":\"es\"}",  // no selector
           std::string("{\"productId\":\"") + kTour + "\",\"optionId\":\"es\",\"localDate\":\"" +
               d + "\",\"localDateStart\":\"" + d + "\",\"localDateEnd\":\"" + d + "\"}",
           avail_date(kTour, "es", "2026-02-30"),
           avail_date(kTour, "es", "02/03/2027"),
           avail_date(kTour, "es", env_->madrid_date(-3)),  // in the past
           avail_date(kTour, "es", d, "\"units\":[{\"id\":\"adult\",\"quantity\":0}]"),
           avail_date(kTour, "es", d, "\"units\":[{\"id\":\"adult\",\"quantity\":-2}]"),
           avail_date(kTour, "es", d, "\"units\":[{\"id\":\"adult\",\"quantity\":\"2\"}]"),
           avail_date(kTour, "es", d, "\"units\":[{\"id\":\"adult\",\"quantity\":100000}]"),
           avail_date(kTour, "es", d, "\"units\":{\"id\":\"adult\"}"),
           std::string("{\"productId\":\"") + kTour + "\",\"optionId\":[\"es\"],\"localDate\":\"" +
               d + "\"}",
           std::string("{\"productId\":\"") + kTour +
               "\",\"optionId\":\"es\",\"availabilityIds\":[]}",
           std::string("{\"productId\":\"") + kTour +
               "\",\"optionId\":\"es\",\"availabilityIds\":\"x\"}",
           std::string("not json"),
       }) {
    auto r = env_->call("POST", "/octo/availability", body, "Availability[]");
    expect_error(r, 400, "BAD_REQUEST");
  }
}

// ------------------------------------------------------------------------------------------
// Booking lifecycle

TEST_F(OctoTest, BookingReservationConfirmGetListCancel) {
  const std::string uuid = random_uuid();
  auto r = reserve_tour(uuid, 3, {"adult", "adult", "child"},
                        "\"resellerReference\":\"RES-1\",\"notes\":\"window seat\","
                        "\"expirationMinutes\":45",
                        kAllCaps);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.str("uuid"), uuid);
  EXPECT_EQ(r.str("status"), "ON_HOLD");
  EXPECT_EQ(r.str("resellerReference"), "RES-1");
  EXPECT_EQ(r.str("notes"), "window seat");
  EXPECT_EQ(r.str("availabilityId"), env_->tour_slot(3, "10:00"));
  EXPECT_EQ(r.root().get("unitItems").size(), 3u);
  EXPECT_EQ(r.root().get("pricing").get("retail").as_int(), 3000 * 2 + 1500);
  EXPECT_EQ(r.root().get("pricing").get("net").as_int(), 2400 * 2 + 1200);
  auto expires = parse_iso8601(r.str("utcExpiresAt"));
  ASSERT_TRUE(expires.ok());
  EXPECT_NEAR(static_cast<double>(to_epoch_ms(*expires) - to_epoch_ms(env_->clock().now())),
              45.0 * 60'000, 2'000.0);
  EXPECT_EQ(tour_vacancies(3, "10:00"), kTourCapacity - 3);
  // The answer shows the product and the availability as the reservation left them (taken in its
  // transaction, BookingContext), the same as a fresh read.
  EXPECT_EQ(r.root().get("product").get("id").as_string(), kTour);
  EXPECT_EQ(r.root().get("option").get("id").as_string(), r.str("optionId"));
  EXPECT_EQ(r.root().get("availability").get("id").as_string(), env_->tour_slot(3, "10:00"));
  EXPECT_EQ(r.root().get("availability").get("vacancies").as_int(), kTourCapacity - 3);
  EXPECT_EQ(r.root().get("unitItems").items()[0].get("unit").get("id").as_string(), "adult");
  const std::string supplier_ref = r.str("supplierReference");
  EXPECT_FALSE(supplier_ref.empty());

  auto got = env_->call("GET", "/octo/bookings/" + uuid, {}, "Booking");
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.str("status"), "ON_HOLD");
  EXPECT_EQ(got.str("id"), r.str("id"));
  EXPECT_EQ(got.root().get("availability").get("vacancies").as_int(), kTourCapacity - 3);
  EXPECT_EQ(got.root().get("product").get("id").as_string(), kTour);

  auto confirmed =
      env_->call("POST", "/octo/bookings/" + uuid + "/confirm",
                 OctoEnv::confirm_body("\"resellerReference\":\"RES-1b\""), "Booking", kAllCaps);
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_EQ(confirmed.str("status"), "CONFIRMED");
  EXPECT_EQ(confirmed.str("resellerReference"), "RES-1b");
  EXPECT_EQ(confirmed.root().get("contact").get("emailAddress").as_string(), "ana@example.com");
  EXPECT_FALSE(confirmed.str("utcConfirmedAt").empty());
  EXPECT_TRUE(confirmed.root().get("utcExpiresAt").is_null());
  EXPECT_GE(confirmed.root().get("voucher").get("deliveryOptions").size(), 1u);
  EXPECT_TRUE(confirmed.root().get("cancellable").as_bool());
  EXPECT_EQ(confirmed.root().get("product").get("id").as_string(), kTour);
  EXPECT_EQ(confirmed.root().get("availability").get("vacancies").as_int(), kTourCapacity - 3);
  for (const auto& item : confirmed.root().get("unitItems").items()) {
    EXPECT_EQ(item.get("status").as_string(), "CONFIRMED");
  }
  // Confirming again is idempotent.
  auto again =
      env_->call("POST", "/octo/bookings/" + uuid + "/confirm", OctoEnv::confirm_body(), "Booking");
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.str("status"), "CONFIRMED");

  auto by_supplier_ref =
      env_->call("GET", "/octo/bookings?supplierReference=" + supplier_ref, {}, "Booking[]");
  ASSERT_EQ(by_supplier_ref.status, 200) << by_supplier_ref.body;
  ASSERT_EQ(by_supplier_ref.root().size(), 1u);
  EXPECT_EQ(by_supplier_ref.root().items()[0].get("uuid").as_string(), uuid);
  auto by_reseller_ref =
      env_->call("GET", "/octo/bookings?resellerReference=RES-1b", {}, "Booking[]");
  ASSERT_EQ(by_reseller_ref.root().size(), 1u);
  auto by_date =
      env_->call("GET", "/octo/bookings?localDate=" + env_->madrid_date(3), {}, "Booking[]");
  ASSERT_EQ(by_date.root().size(), 1u);
  auto by_range = env_->call("GET",
                             "/octo/bookings?localDateStart=" + env_->madrid_date(1) +
                                 "&localDateEnd=" + env_->madrid_date(9) + "&productId=" + kTour,
                             {}, "Booking[]");
  ASSERT_EQ(by_range.root().size(), 1u);
  auto none = env_->call("GET", "/octo/bookings?resellerReference=unknown", {}, "Booking[]");
  EXPECT_EQ(none.root().size(), 0u);

  auto cancelled = env_->call("POST", "/octo/bookings/" + uuid + "/cancel",
                              "{\"reason\":\"change of plans\"}", "Booking");
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(cancelled.str("status"), "CANCELLED");
  EXPECT_FALSE(cancelled.root().get("cancellable").as_bool());
  EXPECT_EQ(cancelled.root().get("cancellation").get("refund").as_string(), "FULL");
  EXPECT_EQ(cancelled.root().get("cancellation").get("reason").as_string(), "change of plans");
  EXPECT_EQ(cancelled.root().get("availability").get("vacancies").as_int(), kTourCapacity);
  EXPECT_EQ(tour_vacancies(3, "10:00"), kTourCapacity);
  // Cancel is idempotent.
  EXPECT_EQ(env_->call("POST", "/octo/bookings/" + uuid + "/cancel", "{}", "Booking").status, 200);
}

// A booking the supplier checked in reads REDEEMED with the time, on the booking, its unit items
// and its tickets, in the shape the schema wants; the channel can no longer cancel it.
TEST_F(OctoTest, CheckedInBookingIsRedeemedWithItsTime) {
  const std::string uuid = random_uuid();
  ASSERT_EQ(reserve_tour(uuid, 1, {"adult", "adult"}).status, 200);
  ASSERT_EQ(
      env_->call("POST", "/octo/bookings/" + uuid + "/confirm", OctoEnv::confirm_body(), "Booking")
          .status,
      200);
  env_->clock().advance(std::chrono::hours(24));  // the day of the tour
  app::BookingService bookings(env_->db(), env_->clock(), env_->catalogue());
  auto in = bookings.check_in(app::Caller::supplier(kSupplierA), uuid, true);
  ASSERT_TRUE(in.ok()) << in.error().to_string();

  auto got = env_->call("GET", "/octo/bookings/" + uuid, {}, "Booking");
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.str("status"), "REDEEMED");
  const std::string at = format_utc_seconds(env_->clock().now());
  EXPECT_EQ(got.str("utcRedeemedAt"), at);
  EXPECT_EQ(got.root().get("voucher").get("utcRedeemedAt").as_string(), at);
  for (const auto& item : got.root().get("unitItems").items()) {
    EXPECT_EQ(item.get("status").as_string(), "REDEEMED");
    EXPECT_EQ(item.get("utcRedeemedAt").as_string(), at);
  }
  EXPECT_FALSE(got.root().get("cancellable").as_bool());
  auto cancel = env_->call("POST", "/octo/bookings/" + uuid + "/cancel", "{}", "Booking");
  EXPECT_GE(cancel.status, 400) << cancel.body;
  EXPECT_EQ(env_->call("GET", "/octo/bookings/" + uuid, {}, "Booking").str("status"), "REDEEMED");
}

TEST_F(OctoTest, PickupsQuestionsExtrasInBookings) {
  const std::string uuid = random_uuid();
  auto r = reserve_tour(uuid, 3, {"adult", "adult"},
                        "\"pickupRequested\":true,\"pickupPointId\":\"hotel-ritz\","
                        "\"extraItems\":[{\"extraId\":\"tapas\",\"quantity\":2}],"
                        "\"questionAnswers\":[{\"questionId\":\"diet\",\"value\":\"vegan\"}]",
                        kAllCaps);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.root().get("pickupRequested").as_bool());
  EXPECT_EQ(r.str("pickupPointId"), "hotel-ritz");
  ASSERT_EQ(r.root().get("extraItems").size(), 1u);
  EXPECT_EQ(r.root().get("extraItems").items()[0].get("quantity").as_int(), 2);
  EXPECT_EQ(r.root().get("extraItems").items()[0].get("pricing").get("retail").as_int(), 2400);
  EXPECT_EQ(r.root().get("pricing").get("retail").as_int(), 2 * 3000 + 2 * 1200);
  ASSERT_EQ(r.root().get("questionAnswers").size(), 1u);
  EXPECT_EQ(r.root().get("questionAnswers").items()[0].get("value").as_string(), "vegan");
  // Availability with pickups lists the pickup time before the departure.
  auto a = env_->call("POST", "/octo/availability", avail_date(kTour, "es", env_->madrid_date(3)),
                      "Availability[]", "octo/pickups");
  ASSERT_EQ(a.status, 200) << a.body;
  auto points = a.root().items()[0].get("pickupPoints");
  ASSERT_EQ(points.size(), 1u);
  EXPECT_EQ(points.items()[0].get("id").as_string(), "hotel-ritz");
  // Without the capabilities, none of those fields appear.
  auto plain = env_->call("GET", "/octo/bookings/" + uuid, {}, "Booking");
  EXPECT_FALSE(plain.root().has("pickupRequested"));
  EXPECT_FALSE(plain.root().has("extraItems"));
  EXPECT_FALSE(plain.root().has("pricing"));
  // Unknown extra / pickup point / question, too many extras: BAD_REQUEST, nothing written.
  for (const char* extra :
       {"\"extraItems\":[{\"extraId\":\"caviar\"}]",
        "\"extraItems\":[{\"extraId\":\"tapas\",\"quantity\":5}]",
        "\"extraItems\":[{\"extraId\":\"tapas\",\"quantity\":0}]",
        "\"pickupRequested\":true,\"pickupPointId\":\"nowhere\"",
        "\"questionAnswers\":[{\"questionId\":\"shoe-size\",\"value\":\"9\"}]"}) {
    expect_error(reserve_tour("", 4, {"adult"}, extra), 400, "BAD_REQUEST");
  }
  EXPECT_EQ(tour_vacancies(4, "10:00"), kTourCapacity);
  // Or at the traveller's hotel: kept, changed by a PATCH, shown back.
  const std::string at_hotel = random_uuid();
  auto h = reserve_tour(at_hotel, 3, {"adult"},
                        "\"pickupRequested\":true,\"pickupHotel\":\"Hotel Puerta del Sol\","
                        "\"pickupHotelRoom\":\"101\"",
                        "octo/pickups");
  ASSERT_EQ(h.status, 200) << h.body;
  EXPECT_EQ(h.str("pickupHotel"), "Hotel Puerta del Sol");
  EXPECT_EQ(h.str("pickupHotelRoom"), "101");
  auto moved = env_->call("PATCH", "/octo/bookings/" + at_hotel, "{\"pickupHotelRoom\":\"204\"}",
                          "Booking", "octo/pickups");
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.str("pickupHotel"), "Hotel Puerta del Sol");
  EXPECT_EQ(moved.str("pickupHotelRoom"), "204");
  EXPECT_EQ(env_->call("GET", "/octo/bookings/" + at_hotel, {}, "Booking", "octo/pickups")
                .str("pickupHotelRoom"),
            "204");
  // A pickup asked for without saying where may be held, not confirmed: nobody could collect.
  const std::string nowhere = random_uuid();
  ASSERT_EQ(reserve_tour(nowhere, 3, {"adult"}, "\"pickupRequested\":true", "octo/pickups").status,
            200);
  expect_error(env_->call("POST", "/octo/bookings/" + nowhere + "/confirm", OctoEnv::confirm_body(),
                          "Booking"),
               400, "UNPROCESSABLE_ENTITY");
  ASSERT_EQ(env_->call("PATCH", "/octo/bookings/" + nowhere, "{\"pickupPointId\":\"hotel-ritz\"}",
                       "Booking", "octo/pickups")
                .status,
            200);
  EXPECT_EQ(env_->call("POST", "/octo/bookings/" + nowhere + "/confirm", OctoEnv::confirm_body(),
                       "Booking")
                .str("status"),
            "CONFIRMED");
  // A product with no pickup (the museum) takes no hotel either.
  auto museum = env_->call("POST", "/octo/availability",
                           avail_date(kMuseum, "DEFAULT", env_->madrid_date(3)), "Availability[]");
  ASSERT_EQ(museum.status, 200) << museum.body;
  const std::string museum_day(museum.root().items()[0].get("id").as_string());
  expect_error(env_->call("POST", "/octo/bookings",
                          OctoEnv::reserve_body("", kMuseum, "DEFAULT", museum_day, {"adult"},
                                                "\"pickupHotel\":\"Hotel Puerta del Sol\""),
                          "Booking"),
               400, "BAD_REQUEST");
}

TEST_F(OctoTest, ReservationWithoutUuidGetsOne) {
  auto r = reserve_tour("", 4, {"adult"});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.str("uuid").size(), 36u);
}

TEST_F(OctoTest, CancelReservationReleasesSeats) {
  const std::string uuid = random_uuid();
  ASSERT_EQ(reserve_tour(uuid, 6, {"adult", "adult"}).status, 200);
  EXPECT_EQ(tour_vacancies(6, "10:00"), kTourCapacity - 2);
  auto c = env_->call("POST", "/octo/bookings/" + uuid + "/cancel", "", "Booking");
  ASSERT_EQ(c.status, 200) << c.body;
  EXPECT_EQ(c.str("status"), "CANCELLED");
  EXPECT_EQ(tour_vacancies(6, "10:00"), kTourCapacity);
}

TEST_F(OctoTest, ExtendReservation) {
  const std::string uuid = random_uuid();
  auto r = reserve_tour(uuid, 3, {"adult"});
  ASSERT_EQ(r.status, 200);
  env_->clock().advance(std::chrono::minutes(10));
  auto e = env_->call("POST", "/octo/bookings/" + uuid + "/extend", "{\"expirationMinutes\":31}",
                      "Booking");
  ASSERT_EQ(e.status, 200) << e.body;
  EXPECT_EQ(e.str("status"), "ON_HOLD");
  auto expires = parse_iso8601(e.str("utcExpiresAt"));
  ASSERT_TRUE(expires.ok());
  EXPECT_NEAR(static_cast<double>(to_epoch_ms(*expires) - to_epoch_ms(env_->clock().now())),
              31.0 * 60'000, 2'000.0);
  expect_error(env_->call("POST", "/octo/bookings/" + random_uuid() + "/extend", "{}", "Booking"),
               400, "INVALID_BOOKING_UUID");
  expect_error(env_->call("POST", "/octo/bookings/" + uuid + "/extend", "{\"expirationMinutes\":0}",
                          "Booking"),
               400, "BAD_REQUEST");
  // Extending a confirmed booking is refused.
  ASSERT_EQ(
      env_->call("POST", "/octo/bookings/" + uuid + "/confirm", OctoEnv::confirm_body(), "Booking")
          .status,
      200);
  expect_error(env_->call("POST", "/octo/bookings/" + uuid + "/extend", "{}", "Booking"), 400,
               "UNPROCESSABLE_ENTITY");
}

// A hold ends at the departure's booking cut-off at the latest: after it nothing is sold, so its
// seats go back then. An extension moves the end later or leaves it, never earlier.
TEST_F(OctoTest, HoldsEndAtTheCutoffAndExtendingNeverShortensThem) {
  const std::string slot = env_->tour_slot(2, "10:00");
  const Instant start = *parse_iso8601(slot);
  const Instant cutoff = start - std::chrono::minutes(60);  // the tour's booking cut-off
  auto expires = [](const HttpResult& r) { return *parse_iso8601(r.str("utcExpiresAt")); };

  env_->clock().set(start - std::chrono::hours(3));
  const std::string uuid = random_uuid();
  auto r = env_->call(
      "POST", "/octo/bookings",
      OctoEnv::reserve_body(uuid, kTour, "es", slot, {"adult"}, "\"expirationMinutes\":1440"),
      "Booking");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(format_utc(expires(r)), format_utc(cutoff));
  // Extending asks for 30 minutes from now, earlier than the hold's end: the end stays.
  env_->clock().advance(std::chrono::minutes(10));
  auto e = env_->call("POST", "/octo/bookings/" + uuid + "/extend", "{}", "Booking");
  ASSERT_EQ(e.status, 200) << e.body;
  EXPECT_EQ(format_utc(expires(e)), format_utc(cutoff));
  // Past the cut-off the hold has ended: it cannot be confirmed or extended, its seat is back.
  env_->clock().set(cutoff + std::chrono::minutes(1));
  EXPECT_EQ(
      env_->call("POST", "/octo/bookings/" + uuid + "/confirm", OctoEnv::confirm_body(), "Booking")
          .status,
      400);
  EXPECT_EQ(env_->call("POST", "/octo/bookings/" + uuid + "/extend", "{}", "Booking").status, 400);
  EXPECT_NE(env_->call("GET", "/octo/bookings/" + uuid, {}, "Booking").str("status"), "CONFIRMED");

  // Far from the cut-off, an extension for less than what is left keeps the end too.
  env_->clock().set(start - std::chrono::hours(30));
  const std::string early = random_uuid();
  auto h = env_->call(
      "POST", "/octo/bookings",
      OctoEnv::reserve_body(early, kTour, "es", slot, {"adult"}, "\"expirationMinutes\":120"),
      "Booking");
  ASSERT_EQ(h.status, 200) << h.body;
  EXPECT_EQ(format_utc(expires(h)), format_utc(env_->clock().now() + std::chrono::minutes(120)));
  env_->clock().advance(std::chrono::minutes(5));
  auto kept = env_->call("POST", "/octo/bookings/" + early + "/extend",
                         "{\"expirationMinutes\":30}", "Booking");
  ASSERT_EQ(kept.status, 200) << kept.body;
  EXPECT_EQ(kept.str("utcExpiresAt"), h.str("utcExpiresAt"));
}

// On an OPENING_HOURS day the cut-off is the last closing time (20:00 at the museum, cut-off 0):
// a long hold ends there, and after it the hold can no longer be confirmed.
TEST_F(OctoTest, MuseumHoldsEndAtClosingTime) {
  auto day = env_->call("POST", "/octo/availability",
                        avail_date(kMuseum, "DEFAULT", env_->madrid_date(1)), "Availability[]");
  ASSERT_EQ(day.status, 200) << day.body;
  const auto a = day.root().items()[0];
  const std::string id(a.get("id").as_string());
  const Instant closing = *parse_iso8601(a.get("utcCutoffAt").as_string());
  env_->clock().set(closing - std::chrono::hours(2));
  const std::string uuid = random_uuid();
  auto r = env_->call(
      "POST", "/octo/bookings",
      OctoEnv::reserve_body(uuid, kMuseum, "DEFAULT", id, {"adult"}, "\"expirationMinutes\":1440"),
      "Booking");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.str("utcExpiresAt"), format_utc(closing));
  env_->clock().set(closing - std::chrono::minutes(1));
  auto e = env_->call("POST", "/octo/bookings/" + uuid + "/extend", "{}", "Booking");
  ASSERT_EQ(e.status, 200) << e.body;
  EXPECT_EQ(e.str("utcExpiresAt"), format_utc(closing));
  auto c =
      env_->call("POST", "/octo/bookings/" + uuid + "/confirm", OctoEnv::confirm_body(), "Booking");
  EXPECT_EQ(c.status, 200) << c.body;
}

// UUIDs compare without case (RFC 9562): a reseller that keeps them in upper case can confirm,
// read and cancel what it reserved.
TEST_F(OctoTest, UpperCaseBookingUuidWorksEverywhere) {
  std::string upper = random_uuid();
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto r = reserve_tour(upper, 3, {"adult"});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(env_->call("GET", "/octo/bookings/" + upper, {}, "Booking").status, 200);
  auto c = env_->call("POST", "/octo/bookings/" + upper + "/confirm", OctoEnv::confirm_body(),
                      "Booking");
  ASSERT_EQ(c.status, 200) << c.body;
  EXPECT_EQ(c.str("status"), "CONFIRMED");
  auto x = env_->call("POST", "/octo/bookings/" + upper + "/cancel", "{}", "Booking");
  ASSERT_EQ(x.status, 200) << x.body;
  EXPECT_EQ(x.str("status"), "CANCELLED");
}

TEST_F(OctoTest, ConfirmWithUnitItemsChangesQuantity) {
  const std::string uuid = random_uuid();
  ASSERT_EQ(reserve_tour(uuid, 3, {"adult"}).status, 200);
  auto c = env_->call(
      "POST", "/octo/bookings/" + uuid + "/confirm",
      OctoEnv::confirm_body("\"unitItems\":[{\"unitId\":\"adult\"},{\"unitId\":\"child\"},"
                            "{\"unitId\":\"child\"}]"),
      "Booking", "octo/pricing");
  ASSERT_EQ(c.status, 200) << c.body;
  EXPECT_EQ(c.root().get("unitItems").size(), 3u);
  EXPECT_EQ(c.root().get("pricing").get("retail").as_int(), 3000 + 2 * 1500);
  EXPECT_EQ(tour_vacancies(3, "10:00"), kTourCapacity - 3);
  // The answer's availability counts the seats this confirm moved: the departure's counters read
  // before the change are not reused then (BookingService mutate, ReadAhead).
  EXPECT_EQ(c.root().get("availability").get("vacancies").as_int(), kTourCapacity - 3);
  // The booking's history says the party changed with the confirm.
  const auto confirmed = history_details(uuid, "confirmed");
  ASSERT_EQ(confirmed.size(), 1u);
  EXPECT_NE(confirmed[0].find("3 unit items, 3 seats"), std::string::npos) << confirmed[0];
}

// A confirm replayed for a CONFIRMED booking is a retry when it asks for what the booking has
// (the same booking back, nothing written twice); asking for something else is refused rather
// than dropped without a word, and the booking stays as it was.
TEST_F(OctoTest, ConfirmRetryReturnsTheBookingButADifferentConfirmIsRefused) {
  const std::string uuid = random_uuid();
  ASSERT_EQ(reserve_tour(uuid, 3, {"adult"}).status, 200);
  const std::string units = "\"unitItems\":[{\"unitId\":\"adult\"},{\"unitId\":\"child\"}]";
  auto first = env_->call("POST", "/octo/bookings/" + uuid + "/confirm",
                          OctoEnv::confirm_body(units), "Booking");
  ASSERT_EQ(first.status, 200) << first.body;
  auto again = env_->call("POST", "/octo/bookings/" + uuid + "/confirm",
                          OctoEnv::confirm_body(units), "Booking");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.str("status"), "CONFIRMED");
  EXPECT_EQ(again.str("utcConfirmedAt"), first.str("utcConfirmedAt"));
  EXPECT_EQ(again.root().get("unitItems").size(), 2u);
  // Without unitItems the retry does not ask to change the party either.
  ASSERT_EQ(
      env_->call("POST", "/octo/bookings/" + uuid + "/confirm", OctoEnv::confirm_body(), "Booking")
          .status,
      200);
  expect_error(env_->call("POST", "/octo/bookings/" + uuid + "/confirm",
                          "{\"contact\":{\"firstName\":\"Luis\",\"lastName\":\"Pérez\","
                          "\"emailAddress\":\"luis@example.com\"}}",
                          "Booking"),
               400, "UNPROCESSABLE_ENTITY");
  expect_error(
      env_->call("POST", "/octo/bookings/" + uuid + "/confirm",
                 OctoEnv::confirm_body("\"unitItems\":[{\"unitId\":\"adult\"}]"), "Booking"),
      400, "UNPROCESSABLE_ENTITY");
  auto now = env_->call("GET", "/octo/bookings/" + uuid, {}, "Booking");
  ASSERT_EQ(now.status, 200) << now.body;
  EXPECT_EQ(now.root().get("contact").get("emailAddress").as_string(), "ana@example.com");
  EXPECT_EQ(now.root().get("unitItems").size(), 2u);
  EXPECT_EQ(tour_vacancies(3, "10:00"), kTourCapacity - 2);
  // One confirmation in the history, one set of emails.
  EXPECT_EQ(history_details(uuid, "confirmed").size(), 1u);
}

// The supplier closes a departure (weather, a guide ill) while a reseller holds seats on it: the
// hold can be cancelled, not confirmed into a sale of a tour that will not run.
TEST_F(OctoTest, HoldOnADepartureClosedSinceCannotBeConfirmed) {
  const std::string uuid = random_uuid();
  ASSERT_EQ(reserve_tour(uuid, 6, {"adult"}).status, 200);
  const app::Caller supplier = app::Caller::supplier(kSupplierA);
  auto schedule = env_->catalogue().get_schedule(supplier, kTour);
  ASSERT_TRUE(schedule.ok());
  auto date = domain::LocalDate::parse(env_->madrid_date(6));
  ASSERT_TRUE(date.ok());
  schedule->closures.push_back(
      domain::Closure{*date, *date, domain::LocalTime::from_hm(10, 0), "storm"});
  ASSERT_TRUE(env_->catalogue().save_schedule(supplier, kTour, *schedule).ok());
  auto refused =
      env_->call("POST", "/octo/bookings/" + uuid + "/confirm", OctoEnv::confirm_body(), "Booking");
  expect_error(refused, 400, "UNPROCESSABLE_ENTITY");
  EXPECT_NE(refused.str("errorMessage").find("closed"), std::string::npos) << refused.body;
  auto cancelled = env_->call("POST", "/octo/bookings/" + uuid + "/cancel", "{}", "Booking");
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(cancelled.str("status"), "CANCELLED");
}

// A pickup at a hotel of spaces is no hotel: refused at confirm like none at all.
TEST_F(OctoTest, BlankPickupHotelIsNoPickupPlace) {
  const std::string uuid = random_uuid();
  ASSERT_EQ(reserve_tour(uuid, 3, {"adult"}, "\"pickupRequested\":true,\"pickupHotel\":\"   \"",
                         "octo/pickups")
                .status,
            200);
  expect_error(
      env_->call("POST", "/octo/bookings/" + uuid + "/confirm", OctoEnv::confirm_body(), "Booking"),
      400, "UNPROCESSABLE_ENTITY");
}

// The booking's history reads as a person would write it: singular for one, the admission day
// without a midnight, the hold's end to the second.
TEST_F(OctoTest, ReservedHistoryTellsThePartyDayAndHoldPlainly) {
  auto reserved_detail = [&](const std::string& uuid) {
    const auto details = history_details(uuid, "reserved");
    return details.empty() ? std::string() : details.front();
  };
  const std::string tour = random_uuid();
  ASSERT_EQ(reserve_tour(tour, 3, {"adult"}).status, 200);
  const std::string text = reserved_detail(tour);
  EXPECT_EQ(text.rfind("1 unit item, 1 seat on " + env_->madrid_date(3) + " 10:00, held until ", 0),
            0u)
      << text;
  EXPECT_EQ(text.back(), 'Z') << text;
  EXPECT_EQ(text.find('.'), std::string::npos) << text;  // no milliseconds
  auto a = env_->call("POST", "/octo/availability",
                      avail_date(kMuseum, "DEFAULT", env_->madrid_date(3)), "Availability[]");
  const std::string id(a.root().items()[0].get("id").as_string());
  const std::string museum = random_uuid();
  ASSERT_EQ(env_->call("POST", "/octo/bookings",
                       OctoEnv::reserve_body(museum, kMuseum, "DEFAULT", id, {"adult", "adult"}),
                       "Booking")
                .status,
            200);
  EXPECT_EQ(reserved_detail(museum).rfind(
                "2 unit items, 2 seats on " + env_->madrid_date(3) + ", held until ", 0),
            0u)
      << reserved_detail(museum);
}

TEST_F(OctoTest, ConfirmErrors) {
  expect_error(env_->call("POST", "/octo/bookings/" + random_uuid() + "/confirm",
                          OctoEnv::confirm_body(), "Booking"),
               400, "INVALID_BOOKING_UUID");
  const std::string uuid = random_uuid();
  ASSERT_EQ(reserve_tour(uuid, 3, {"adult"}).status, 200);
  expect_error(
      env_->call("POST", "/octo/bookings/" + uuid + "/confirm",
                 OctoEnv::confirm_body("\"unitItems\":[{\"unitId\":\"senior\"}]"), "Booking"),
      400, "INVALID_UNIT_ID", "unitId", "senior");
  expect_error(env_->call("POST", "/octo/bookings/" + uuid + "/confirm", "{}", "Booking"), 400,
               "BAD_REQUEST");
  // Required contact field (lastName) missing.
  expect_error(
      env_->call("POST", "/octo/bookings/" + uuid + "/confirm",
                 "{\"contact\":{\"firstName\":\"Ana\",\"emailAddress\":\"a@b.es\"}}", "Booking"),
      400, "BAD_REQUEST");
  expect_error(env_->call("POST", "/octo/bookings/" + uuid + "/confirm",
                          "{\"contact\":{\"firstName\":\"Ana\",\"lastName\":\"G\","
                          "\"emailAddress\":\"not-an-email\"}}",
                          "Booking"),
               400, "BAD_REQUEST");
  // Addresses the OCTO schema's email rule refuses never get in (the booking's JSON would then
  // fail the reseller's own validation), nor does a name of spaces satisfy a required field.
  for (const char* email : {"a@example.c0m", "a@b.c", "ana..g@example.com", ".ana@example.com",
                            "ana@-example.com", "ana@example", "añа@example.com"}) {
    expect_error(env_->call("POST", "/octo/bookings/" + uuid + "/confirm",
                            std::string("{\"contact\":{\"firstName\":\"Ana\",\"lastName\":"
                                        "\"G\",\"emailAddress\":\"") +
                                email + "\"}}",
                            "Booking"),
                 400, "BAD_REQUEST");
  }
  expect_error(env_->call("POST", "/octo/bookings/" + uuid + "/confirm",
                          "{\"contact\":{\"firstName\":\"   \",\"lastName\":\"G\","
                          "\"emailAddress\":\"ana@example.com\"}}",
                          "Booking"),
               400, "BAD_REQUEST");
  // A phone that cannot be dialled, a country that names none, a language no email can be
  // written in: refused like a malformed email, with the field.
  const std::pair<const char*, const char*> bad_details[] = {
      {"\"phoneNumber\":\"call me\"", "contact.phoneNumber"},
      {"\"phoneNumber\":\"34+600112233\"", "contact.phoneNumber"},
      {"\"country\":\"Spain\"", "contact.country"},
      {"\"country\":\"UK\"", "contact.country"},
      {"\"locales\":[\"en\",\"español\"]", "contact.locales"}};
  for (const auto& [details, field] : bad_details) {
    expect_error(env_->call("POST", "/octo/bookings/" + uuid + "/confirm",
                            std::string("{\"contact\":{\"firstName\":\"Ana\",\"lastName\":"
                                        "\"G\",\"emailAddress\":\"ana@example.com\",") +
                                details + "}}",
                            "Booking"),
                 400, "BAD_REQUEST", "field", field);
  }
  // Still ON_HOLD after all those refusals.
  EXPECT_EQ(env_->call("GET", "/octo/bookings/" + uuid, {}, "Booking").str("status"), "ON_HOLD");
  auto fine = env_->call("POST", "/octo/bookings/" + uuid + "/confirm",
                         "{\"contact\":{\"firstName\":\"Ana\",\"lastName\":\"G\","
                         "\"emailAddress\":\"o'neil+tours@mail.sub-domain.example.co.uk\","
                         "\"phoneNumber\":\"+34 600 11 22 33\",\"country\":\"es\","
                         "\"locales\":[\"es-ES\",\"en\"]}}",
                         "Booking");
  ASSERT_EQ(fine.status, 200) << fine.body;
  EXPECT_EQ(fine.str("status"), "CONFIRMED");
  EXPECT_EQ(fine.root().get("contact").get("phoneNumber").as_string(), "+34 600 11 22 33");

  // At reserve, a bad detail writes nothing: the uuid stays free.
  const std::string other = random_uuid();
  expect_error(reserve_tour(other, 3, {"adult"}, "\"contact\":{\"country\":\"XX\"}"), 400,
               "BAD_REQUEST", "field", "contact.country");
  expect_error(env_->call("GET", "/octo/bookings/" + other, {}, "Booking"), 400,
               "INVALID_BOOKING_UUID");
}

TEST_F(OctoTest, BookingUpdateDateUnitsContactProduct) {
  const std::string uuid = random_uuid();
  ASSERT_EQ(reserve_tour(uuid, 3, {"adult"}).status, 200);
  // Change date (seats move atomically).
  auto moved =
      env_->call("PATCH", "/octo/bookings/" + uuid,
                 "{\"availabilityId\":\"" + env_->tour_slot(4, "12:00") + "\"}", "Booking");
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.str("availabilityId"), env_->tour_slot(4, "12:00"));
  EXPECT_EQ(tour_vacancies(3, "10:00"), kTourCapacity);
  EXPECT_EQ(tour_vacancies(4, "12:00"), kTourCapacity - 1);
  // Change unit items.
  auto units =
      env_->call("PATCH", "/octo/bookings/" + uuid,
                 "{\"unitItems\":[{\"unitId\":\"adult\"},{\"unitId\":\"adult\"}]}", "Booking");
  ASSERT_EQ(units.status, 200) << units.body;
  EXPECT_EQ(units.root().get("unitItems").size(), 2u);
  EXPECT_EQ(tour_vacancies(4, "12:00"), kTourCapacity - 2);
  // A smaller party gives the seat back.
  auto fewer = env_->call("PATCH", "/octo/bookings/" + uuid,
                          "{\"unitItems\":[{\"unitId\":\"adult\"}]}", "Booking");
  ASSERT_EQ(fewer.status, 200) << fewer.body;
  EXPECT_EQ(fewer.root().get("unitItems").size(), 1u);
  EXPECT_EQ(tour_vacancies(4, "12:00"), kTourCapacity - 1);
  EXPECT_EQ(env_->seats_taken(kTour, env_->madrid_date(4)), 1);
  // Change contact.
  auto contact = env_->call("PATCH", "/octo/bookings/" + uuid,
                            "{\"contact\":{\"firstName\":\"Luis\",\"lastName\":\"Pérez\","
                            "\"emailAddress\":\"luis@example.com\"},\"resellerReference\":\"R-9\"}",
                            "Booking");
  ASSERT_EQ(contact.status, 200) << contact.body;
  EXPECT_EQ(contact.root().get("contact").get("firstName").as_string(), "Luis");
  EXPECT_EQ(contact.str("resellerReference"), "R-9");
  // Change product (same supplier): to the museum, one day.
  auto museum_day =
      env_->call("POST", "/octo/availability", avail_date(kMuseum, "DEFAULT", env_->madrid_date(4)),
                 "Availability[]");
  const std::string museum_id(museum_day.root().items()[0].get("id").as_string());
  // Without a new availabilityId the booking keeps its date and time, which the museum (all-day
  // admissions) does not have: the error names that availability, and nothing moves.
  auto kept = env_->call("PATCH", "/octo/bookings/" + uuid,
                         std::string("{\"productId\":\"") + kMuseum + "\"}", "Booking");
  expect_error(kept, 400, "INVALID_AVAILABILITY_ID", "availabilityId", env_->tour_slot(4, "12:00"));
  EXPECT_NE(kept.str("errorMessage").find("send the availabilityId"), std::string::npos)
      << kept.body;
  EXPECT_EQ(tour_vacancies(4, "12:00"), kTourCapacity - 1);
  auto product = env_->call("PATCH", "/octo/bookings/" + uuid,
                            std::string("{\"productId\":\"") + kMuseum +
                                "\",\"optionId\":\"DEFAULT\",\"availabilityId\":\"" + museum_id +
                                "\",\"unitItems\":[{\"unitId\":\"adult\"}]}",
                            "Booking");
  ASSERT_EQ(product.status, 200) << product.body;
  EXPECT_EQ(product.str("productId"), kMuseum);
  EXPECT_EQ(tour_vacancies(4, "12:00"), kTourCapacity);
  // Confirm after the changes.
  auto c =
      env_->call("POST", "/octo/bookings/" + uuid + "/confirm", OctoEnv::confirm_body(), "Booking");
  EXPECT_EQ(c.status, 200) << c.body;
  // Bad updates change nothing.
  expect_error(env_->call("PATCH", "/octo/bookings/" + uuid, "{\"unitItems\":[{\"unitId\":\"x\"}]}",
                          "Booking"),
               400, "INVALID_UNIT_ID", "unitId", "x");
  // An id inside the horizon that is no departure (the museum has only all-day ids).
  expect_error(
      env_->call("PATCH", "/octo/bookings/" + uuid,
                 "{\"availabilityId\":\"" + env_->tour_slot(5, "10:00") + "\"}", "Booking"),
      400, "INVALID_AVAILABILITY_ID", "availabilityId", env_->tour_slot(5, "10:00"));
  expect_error(
      env_->call("PATCH", "/octo/bookings/" + random_uuid(), "{\"notes\":\"x\"}", "Booking"), 400,
      "INVALID_BOOKING_UUID");
  auto after = env_->call("GET", "/octo/bookings/" + uuid, {}, "Booking");
  EXPECT_EQ(after.str("productId"), kMuseum);
  EXPECT_EQ(after.root().get("unitItems").size(), 1u);
}

// OCTO gives GET /bookings no paging, so a list cut at the limit would pass for the whole one:
// past the limit the request is refused and names what to narrow.
TEST_F(OctoTest, BookingListThatWouldBeCutIsRefusedNotShortened) {
  const int wanted = app::kMaxListedBookings + 1;
  int made = 0;
  for (int day = 1; made < wanted; ++day) {
    auto a = env_->call("POST", "/octo/availability",
                        avail_date(kMuseum, "DEFAULT", env_->madrid_date(day)), {});
    ASSERT_EQ(a.status, 200) << a.body;
    const std::string id(a.root().items()[0].get("id").as_string());
    for (int i = 0; i < 100 && made < wanted; ++i, ++made) {
      auto r = env_->call(
          "POST", "/octo/bookings",
          OctoEnv::reserve_body(random_uuid(), kMuseum, "DEFAULT", id, {"adult"}, {}), {});
      ASSERT_EQ(r.status, 200) << r.body;
    }
  }
  const std::string range = "/octo/bookings?localDateStart=" + env_->madrid_date(1) +
                            "&localDateEnd=" + env_->madrid_date(20);
  auto all = env_->call("GET", range, {}, {});
  expect_error(all, 400, "BAD_REQUEST");
  EXPECT_NE(all.str("errorMessage").find("more than 1000"), std::string::npos) << all.body;
  // One day fewer fits, and is answered whole.
  auto fewer = env_->call("GET",
                          "/octo/bookings?localDateStart=" + env_->madrid_date(2) +
                              "&localDateEnd=" + env_->madrid_date(20),
                          {}, {});
  ASSERT_EQ(fewer.status, 200) << fewer.body.substr(0, 300);
  EXPECT_EQ(fewer.root().size(), static_cast<std::size_t>(wanted - 100));
}

TEST_F(OctoTest, GetBookingErrorsAndListBadRequest) {
  expect_error(env_->call("GET", "/octo/bookings/" + random_uuid(), {}, "Booking"), 400,
               "INVALID_BOOKING_UUID");
  expect_error(env_->call("GET", "/octo/bookings/not-a-uuid", {}, "Booking"), 400,
               "INVALID_BOOKING_UUID", "uuid", "not-a-uuid");
  expect_error(env_->call("GET", "/octo/bookings", {}, "Booking[]"), 400, "BAD_REQUEST");
  expect_error(env_->call("GET", "/octo/bookings?localDate=2026-99-01", {}, "Booking[]"), 400,
               "BAD_REQUEST");
  expect_error(env_->call("GET", "/octo/bookings?localDateStart=2027-01-01", {}, "Booking[]"), 400,
               "BAD_REQUEST");
}

TEST_F(OctoTest, AnotherResellerCannotSeeOrTouchTheBooking) {
  const std::string uuid = random_uuid();
  ASSERT_EQ(reserve_tour(uuid, 3, {"adult"}, "\"resellerReference\":\"MINE\"").status, 200);
  std::map<std::string, std::string> b = {{"Authorization", "Bearer " + env_->reseller_b_key()},
                                          {"Octo-Capabilities", ""}};
  expect_error(env_->raw("GET", "/octo/bookings/" + uuid, {}, b, "Booking"), 400,
               "INVALID_BOOKING_UUID");
  expect_error(env_->raw("POST", "/octo/bookings/" + uuid + "/cancel", "{}", b, "Booking"), 400,
               "INVALID_BOOKING_UUID");
  expect_error(env_->raw("POST", "/octo/bookings/" + uuid + "/confirm", OctoEnv::confirm_body(), b,
                         "Booking"),
               400, "INVALID_BOOKING_UUID");
  auto list = env_->raw("GET", "/octo/bookings?resellerReference=MINE", {}, b, "Booking[]");
  EXPECT_EQ(list.root().size(), 0u);
  // Reseller B's supplier is B.
  auto sup = env_->raw("GET", "/octo/supplier", {}, b, "Supplier");
  EXPECT_EQ(sup.str("id"), kSupplierB);
  // Still ON_HOLD for its owner.
  EXPECT_EQ(env_->call("GET", "/octo/bookings/" + uuid, {}, "Booking").str("status"), "ON_HOLD");
}

// ------------------------------------------------------------------------------------------
// Reservation errors: nothing written

TEST_F(OctoTest, ReservationErrorsWriteNothing) {
  const std::string slot = env_->tour_slot(3, "10:00");
  const std::string date = env_->madrid_date(3);
  auto reserve = [&](const std::string& body) {
    return env_->call("POST", "/octo/bookings", body, "Booking");
  };
  expect_error(reserve(OctoEnv::reserve_body("", "nope", "es", slot, {"adult"})), 400,
               "INVALID_PRODUCT_ID", "productId", "nope");
  expect_error(reserve(OctoEnv::reserve_body("", kTour, "zz", slot, {"adult"})), 400,
               "INVALID_OPTION_ID", "optionId", "zz");
  expect_error(
      reserve(OctoEnv::reserve_body("", kTour, "es", "2031-02-30T10:00:00+01:00", {"adult"})), 400,
      "INVALID_AVAILABILITY_ID");
  expect_error(reserve(OctoEnv::reserve_body("", kTour, "es", slot, {"adult", "pensioner"})), 400,
               "INVALID_UNIT_ID", "unitId", "pensioner");
  // A unit of another product (the museum's "senior").
  expect_error(reserve(OctoEnv::reserve_body("", kTour, "es", slot, {"senior"})), 400,
               "INVALID_UNIT_ID", "unitId", "senior");
  // An availability id of another product (the museum's all-day id) on the tour.
  auto museum = env_->call("POST", "/octo/availability", avail_date(kMuseum, "DEFAULT", date),
                           "Availability[]");
  const std::string museum_slot(museum.root().items()[0].get("id").as_string());
  expect_error(reserve(OctoEnv::reserve_body("", kTour, "es", museum_slot, {"adult"})), 400,
               "INVALID_AVAILABILITY_ID", "availabilityId", museum_slot);
  // The same local time with another offset, or in UTC, names another instant: not this
  // departure's id. Its own instant in UTC is not its id either.
  for (const std::string& other : {slot.substr(0, 19) + "Z", slot.substr(0, 19) + "+09:00",
                                   slot.substr(0, 16), format_utc(*parse_iso8601(slot))}) {
    expect_error(reserve(OctoEnv::reserve_body("", kTour, "es", other, {"adult"})), 400,
                 "INVALID_AVAILABILITY_ID", "availabilityId", other);
  }
  // Children and infants come with an adult (accompaniedBy): infants take no seat, so a party of
  // infants alone would otherwise go through on a sold-out departure.
  expect_error(reserve(OctoEnv::reserve_body("", kTour, "es", slot, {"infant", "infant"})), 400,
               "UNPROCESSABLE_ENTITY");
  expect_error(reserve(OctoEnv::reserve_body("", kTour, "es", slot, {"child"})), 400,
               "UNPROCESSABLE_ENTITY");
  // A NUL in a text is refused in words for the person who typed it.
  auto nul =
      reserve(OctoEnv::reserve_body("", kTour, "es", slot, {"adult"}, "\"notes\":\"a\\u0000b\""));
  expect_error(nul, 400, "BAD_REQUEST");
  EXPECT_EQ(nul.str("errorMessage").find('$'), std::string::npos) << nul.body;
  // Missing / empty unitItems -> UNPROCESSABLE_ENTITY (validator's expectation).
  expect_error(reserve(std::string("{\"productId\":\"") + kTour +
                       "\",\"optionId\":\"es\",\"availabilityId\":\"" + slot + "\"}"),
               400, "UNPROCESSABLE_ENTITY");
  expect_error(reserve(OctoEnv::reserve_body("", kTour, "es", slot, {})), 400,
               "UNPROCESSABLE_ENTITY");
  // Over the option's limits (max 10 units; adult max 8 per booking).
  expect_error(
      reserve(OctoEnv::reserve_body("", kTour, "es", slot, std::vector<std::string>(9, "adult"))),
      400, "UNPROCESSABLE_ENTITY");
  // Closed day, closed departure, past date.
  expect_error(
      reserve(OctoEnv::reserve_body("", kTour, "es", env_->tour_slot(10, "10:00"), {"adult"})), 400,
      "UNPROCESSABLE_ENTITY");
  expect_error(
      reserve(OctoEnv::reserve_body("", kTour, "es", env_->tour_slot(11, "17:00"), {"adult"})), 400,
      "UNPROCESSABLE_ENTITY");
  expect_error(
      reserve(OctoEnv::reserve_body("", kTour, "es", env_->tour_slot(-2, "10:00"), {"adult"})), 400,
      "UNPROCESSABLE_ENTITY");
  // Wrong types and malformed values -> BAD_REQUEST.
  for (const std::string& body : {
           std::string("{\"productId\":\"") + kTour +
               "\",\"optionId\":\"es\",\"availabilityId\":\"" + slot +
               "\",\"unitItems\":\"adult\"}",
           std::string("{\"productId\":\"") + kTour +
               "\",\"optionId\":\"es\",\"availabilityId\":\"" + slot +
               "\",\"unitItems\":[{\"unit\":\"adult\"}]}",
           std::string("{\"productId\":\"") + kTour + "\",\"optionId\":\"es\",\"availabilityId\":" +
               "42,\"unitItems\":[{\"unitId\":\"adult\"}]}",
           OctoEnv::reserve_body("not-a-uuid", kTour, "es", slot, {"adult"}),
           OctoEnv::reserve_body("", kTour, "es", slot, {"adult"}, "\"expirationMinutes\":-5"),
           OctoEnv::reserve_body("", kTour, "es", slot, {"adult"}, "\"expirationMinutes\":\"10\""),
           OctoEnv::reserve_body("", kTour, "es", slot, {"adult"}, "\"currency\":\"eur\""),
           OctoEnv::reserve_body("", kTour, "es", slot, {"adult"},
                                 "\"contact\":{\"emailAddress\":\"nope\"}"),
           OctoEnv::reserve_body("", kTour, "es", slot, {"adult"}, "\"notes\":12"),
           // Extras are booked per booking; one on a unit item is refused, not dropped.
           std::string("{\"productId\":\"") + kTour +
               "\",\"optionId\":\"es\",\"availabilityId\":\"" + slot +
               "\",\"unitItems\":[{\"unitId\":\"adult\",\"extraItems\":[{\"extraId\":\"x\"}]}]}",
           OctoEnv::reserve_body("", kTour, "es", "", {"adult"}),
           std::string("{\"productId\":\"") + kTour + "\",\"optionId\":\"es\",\"unitItems\":[{" +
               "\"unitId\":\"adult\"}]}",
           std::string("{\"productId\":\"") + kTour,
           std::string("[]"),
       }) {
    expect_error(reserve(body), 400, "BAD_REQUEST");
  }
  // Nothing was written by any of those.
  auto list = env_->call("GET",
                         "/octo/bookings?localDateStart=" + env_->madrid_date(-5) +
                             "&localDateEnd=" + env_->madrid_date(20),
                         {}, "Booking[]");
  EXPECT_EQ(list.root().size(), 0u);
  EXPECT_EQ(tour_vacancies(3, "10:00"), kTourCapacity);
}

TEST_F(OctoTest, ReservationSoldOutIsUnprocessable) {
  const std::string date = env_->mexico_date(4);
  auto slots = env_->call("POST", "/octo/availability", avail_date(kSmall, "DEFAULT", date),
                          "Availability[]");
  ASSERT_EQ(slots.status, 200) << slots.body;
  const std::string slot(slots.root().items()[0].get("id").as_string());
  auto ok = env_->call(
      "POST", "/octo/bookings",
      OctoEnv::reserve_body("", kSmall, "DEFAULT", slot, {"adult", "adult", "adult"}), "Booking");
  ASSERT_EQ(ok.status, 200) << ok.body;
  auto sold_out =
      env_->call("POST", "/octo/bookings",
                 OctoEnv::reserve_body("", kSmall, "DEFAULT", slot, {"adult"}), "Booking");
  expect_error(sold_out, 400, "UNPROCESSABLE_ENTITY");
  auto after = env_->call("POST", "/octo/availability", avail_date(kSmall, "DEFAULT", date),
                          "Availability[]");
  EXPECT_EQ(after.root().items()[0].get("status").as_string(), "SOLD_OUT");
  EXPECT_EQ(env_->seats_taken(kSmall, date), kSmallCapacity);
}

// ------------------------------------------------------------------------------------------
// Idempotency

TEST_F(OctoTest, UuidReplaySameBodyReturnsSameBookingDifferentBodyIsClearError) {
  const std::string uuid = random_uuid();
  const std::string body =
      OctoEnv::reserve_body(uuid, kTour, "es", env_->tour_slot(3, "12:00"), {"adult", "child"});
  auto first = env_->call("POST", "/octo/bookings", body, "Booking");
  ASSERT_EQ(first.status, 200) << first.body;
  auto replay = env_->call("POST", "/octo/bookings", body, "Booking");
  ASSERT_EQ(replay.status, 200) << replay.body;
  EXPECT_EQ(replay.str("id"), first.str("id"));
  EXPECT_EQ(replay.str("supplierReference"), first.str("supplierReference"));
  EXPECT_EQ(tour_vacancies(3, "12:00"), kTourCapacity - 2);  // seats taken once
  // Replay after confirm still returns the booking (now CONFIRMED).
  ASSERT_EQ(
      env_->call("POST", "/octo/bookings/" + uuid + "/confirm", OctoEnv::confirm_body(), "Booking")
          .status,
      200);
  auto replay2 = env_->call("POST", "/octo/bookings", body, "Booking");
  EXPECT_EQ(replay2.status, 200) << replay2.body;
  EXPECT_EQ(replay2.str("status"), "CONFIRMED");
  // Same uuid, different request: a clear 400, never a 500, nothing changed.
  auto different = env_->call(
      "POST", "/octo/bookings",
      OctoEnv::reserve_body(uuid, kTour, "es", env_->tour_slot(3, "12:00"), {"adult"}), "Booking");
  expect_error(different, 400, "UNPROCESSABLE_ENTITY");
  EXPECT_NE(different.str("errorMessage").find("uuid"), std::string::npos);
  EXPECT_EQ(tour_vacancies(3, "12:00"), kTourCapacity - 2);
}

TEST_F(OctoTest, ConcurrentReplaysCreateOneBooking) {
  const std::string uuid = random_uuid();
  const std::string body =
      OctoEnv::reserve_body(uuid, kTour, "es", env_->tour_slot(5, "17:00"), {"adult"});
  std::vector<std::thread> threads;
  std::mutex mu;
  std::set<std::string> ids;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      auto r = env_->call("POST", "/octo/bookings", body, "Booking");
      if (r.status == 200) {
        ok++;
        std::lock_guard lock(mu);
        ids.insert(r.str("id"));
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 8);
  EXPECT_EQ(ids.size(), 1u);
  EXPECT_EQ(tour_vacancies(5, "17:00"), kTourCapacity - 1);
}

// ------------------------------------------------------------------------------------------
// Hold expiry, cut-off

TEST_F(OctoTest, HoldExpiresAndCannotBeConfirmed) {
  const std::string uuid = random_uuid();
  auto r = reserve_tour(uuid, 3, {"adult", "adult"}, "\"expirationMinutes\":5");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(tour_vacancies(3, "10:00"), kTourCapacity - 2);
  env_->clock().advance(std::chrono::minutes(6));
  auto got = env_->call("GET", "/octo/bookings/" + uuid, {}, "Booking");
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.str("status"), "EXPIRED");
  EXPECT_EQ(got.str("utcExpiresAt"), r.str("utcExpiresAt"));  // when it lapsed
  expect_error(
      env_->call("POST", "/octo/bookings/" + uuid + "/confirm", OctoEnv::confirm_body(), "Booking"),
      400, "INVALID_BOOKING_UUID", "uuid", uuid);
  expect_error(env_->call("POST", "/octo/bookings/" + uuid + "/extend", "{}", "Booking"), 400,
               "INVALID_BOOKING_UUID");
  // The expiry job gives the seats back (once, however often it runs).
  auto released = jobs::release_expired_holds(env_->db(), env_->clock().now());
  ASSERT_TRUE(released.ok()) << released.error().to_string();
  EXPECT_EQ(*released, 1);
  EXPECT_EQ(*jobs::release_expired_holds(env_->db(), env_->clock().now()), 0);
  EXPECT_EQ(tour_vacancies(3, "10:00"), kTourCapacity);
  auto expired = env_->call("GET", "/octo/bookings/" + uuid, {}, "Booking");
  EXPECT_EQ(expired.str("status"), "EXPIRED");
  EXPECT_EQ(expired.str("utcExpiresAt"), r.str("utcExpiresAt"));
  // And its seats can be sold again.
  ASSERT_EQ(reserve_tour("", 3, std::vector<std::string>(8, "adult")).status, 200);
}

TEST_F(OctoTest, BookingCutoffAndCancellationCutoff) {
  // Tour: booking cut-off 60 min before start; cancellation cut-off 120 min; free until 24 h.
  const std::string uuid = random_uuid();
  ASSERT_EQ(reserve_tour(uuid, 2, {"adult"}).status, 200);
  ASSERT_EQ(
      env_->call("POST", "/octo/bookings/" + uuid + "/confirm", OctoEnv::confirm_body(), "Booking")
          .status,
      200);
  // 90 minutes before the departure: inside the 2 h cancellation cut-off, outside the 60 min
  // booking cut-off.
  const std::string booked_slot = env_->tour_slot(2, "10:00");
  auto start = parse_iso8601(booked_slot);
  ASSERT_TRUE(start.ok());
  env_->clock().set(*start - std::chrono::minutes(90));
  auto got = env_->call("GET", "/octo/bookings/" + uuid, {}, "Booking");
  EXPECT_FALSE(got.root().get("cancellable").as_bool());
  expect_error(env_->call("POST", "/octo/bookings/" + uuid + "/cancel", "{}", "Booking"), 400,
               "UNPROCESSABLE_ENTITY");
  EXPECT_EQ(env_->call("GET", "/octo/bookings/" + uuid, {}, "Booking").str("status"), "CONFIRMED");
  auto open = env_->call("POST", "/octo/availability",
                         avail_date(kTour, "es", env_->madrid_date(0)), "Availability[]");
  ASSERT_EQ(open.status, 200) << open.body;
  EXPECT_EQ(open.root().items()[0].get("id").as_string(), booked_slot);
  EXPECT_TRUE(open.root().items()[0].get("available").as_bool());
  EXPECT_EQ(open.root().items()[0].get("utcCutoffAt").as_string(),
            format_utc(*start - std::chrono::minutes(60)));
  // 30 minutes before: past the booking cut-off.
  env_->clock().set(*start - std::chrono::minutes(30));
  auto closed = env_->call("POST", "/octo/availability",
                           avail_date(kTour, "es", env_->madrid_date(0)), "Availability[]");
  ASSERT_EQ(closed.status, 200) << closed.body;
  const auto first = closed.root().items()[0];
  EXPECT_EQ(first.get("status").as_string(), "CLOSED");
  EXPECT_FALSE(first.get("available").as_bool());
  expect_error(env_->call("POST", "/octo/bookings",
                          OctoEnv::reserve_body(
                              "", kTour, "es", std::string(first.get("id").as_string()), {"adult"}),
                          "Booking"),
               400, "UNPROCESSABLE_ENTITY");
}

TEST_F(OctoTest, LateCancellationIsPartialRefund) {
  const std::string uuid = random_uuid();
  ASSERT_EQ(reserve_tour(uuid, 2, {"adult"}).status, 200);
  ASSERT_EQ(
      env_->call("POST", "/octo/bookings/" + uuid + "/confirm", OctoEnv::confirm_body(), "Booking")
          .status,
      200);
  auto start = parse_iso8601(env_->tour_slot(2, "10:00"));
  env_->clock().set(*start - std::chrono::hours(5));  // inside 24 h, outside the 2 h cut-off
  // Moving it to a later date (then cancelling in full) or dropping travellers is refused inside
  // the fee window; the contact can still change.
  expect_error(
      env_->call("PATCH", "/octo/bookings/" + uuid,
                 "{\"availabilityId\":\"" + env_->tour_slot(9, "10:00") + "\"}", "Booking"),
      400, "UNPROCESSABLE_ENTITY");
  auto contact = env_->call("PATCH", "/octo/bookings/" + uuid,
                            "{\"contact\":{\"firstName\":\"Ana\",\"lastName\":\"Ruiz\","
                            "\"emailAddress\":\"ana@example.com\"}}",
                            "Booking");
  EXPECT_EQ(contact.status, 200) << contact.body;
  auto c = env_->call("POST", "/octo/bookings/" + uuid + "/cancel", "{}", "Booking");
  ASSERT_EQ(c.status, 200) << c.body;
  EXPECT_EQ(c.root().get("cancellation").get("refund").as_string(), "PARTIAL");
}

// A museum ticket's "free until 24 hours before" counts back from the day's opening (09:00), not
// from the midnight the admission day begins at.
TEST_F(OctoTest, OpeningHoursCancellationCountsFromOpeningTime) {
  auto a = env_->call("POST", "/octo/availability",
                      avail_date(kMuseum, "DEFAULT", env_->madrid_date(3)), "Availability[]");
  ASSERT_EQ(a.status, 200) << a.body;
  const std::string id(a.root().items()[0].get("id").as_string());
  auto book = [&] {
    const std::string uuid = random_uuid();
    EXPECT_EQ(
        env_->call("POST", "/octo/bookings",
                   OctoEnv::reserve_body(uuid, kMuseum, "DEFAULT", id, {"adult"}, {}), "Booking")
            .status,
        200);
    EXPECT_EQ(env_->call("POST", "/octo/bookings/" + uuid + "/confirm", OctoEnv::confirm_body(),
                         "Booking")
                  .status,
              200);
    return uuid;
  };
  const std::string early = book();
  const std::string late = book();
  auto midnight = parse_iso8601(id);  // the admission day's 00:00, local
  ASSERT_TRUE(midnight.ok());
  // 20 hours before midnight, 29 before the doors open: still free.
  env_->clock().set(*midnight - std::chrono::hours(20));
  auto got = env_->call("GET", "/octo/bookings/" + early, {}, "Booking");
  EXPECT_TRUE(got.root().get("cancellable").as_bool()) << got.body;
  auto c = env_->call("POST", "/octo/bookings/" + early + "/cancel", "{}", "Booking");
  ASSERT_EQ(c.status, 200) << c.body;
  EXPECT_EQ(c.root().get("cancellation").get("refund").as_string(), "FULL");
  // 2 hours before opening: inside the window, the fee applies (100 %: no refund).
  env_->clock().set(*midnight + std::chrono::hours(7));
  c = env_->call("POST", "/octo/bookings/" + late + "/cancel", "{}", "Booking");
  ASSERT_EQ(c.status, 200) << c.body;
  EXPECT_EQ(c.root().get("cancellation").get("refund").as_string(), "NONE");
}

// ------------------------------------------------------------------------------------------
// The last seats, raced over HTTP

TEST_F(OctoTest, LastSeatRaceNeverOversells) {
  const std::string date = env_->mexico_date(6);
  auto slots = env_->call("POST", "/octo/availability", avail_date(kSmall, "DEFAULT", date),
                          "Availability[]");
  ASSERT_EQ(slots.status, 200) << slots.body;
  const std::string slot(slots.root().items()[0].get("id").as_string());
  constexpr int kClients = 24;
  std::atomic<int> won{0}, refused{0}, other{0};
  std::vector<std::string> uuids(kClients);
  std::vector<std::thread> threads;
  std::atomic<bool> go{false};
  for (int i = 0; i < kClients; ++i) {
    uuids[i] = random_uuid();
    threads.emplace_back([&, i] {
      while (!go.load()) std::this_thread::yield();
      auto r = env_->call("POST", "/octo/bookings",
                          OctoEnv::reserve_body(uuids[i], kSmall, "DEFAULT", slot, {"adult"}),
                          "Booking");
      if (r.status == 200) {
        won++;
        auto c = env_->call("POST", "/octo/bookings/" + uuids[i] + "/confirm",
                            OctoEnv::confirm_body(), "Booking");
        EXPECT_EQ(c.status, 200) << c.body;
      } else if (r.status == 400 && r.str("error") == "UNPROCESSABLE_ENTITY") {
        refused++;
      } else {
        other++;
        ADD_FAILURE() << r.status << " " << r.body;
      }
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(won.load(), kSmallCapacity);
  EXPECT_EQ(refused.load(), kClients - kSmallCapacity);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(env_->seats_taken(kSmall, date), kSmallCapacity);
  auto list = env_->call("GET", "/octo/bookings?localDate=" + date + "&productId=" + kSmall, {},
                         "Booking[]");
  int confirmed_items = 0;
  for (const auto& b : list.root().items()) {
    if (b.get("status").as_string() == "CONFIRMED") {
      confirmed_items += static_cast<int>(b.get("unitItems").size());
    }
  }
  EXPECT_EQ(confirmed_items, kSmallCapacity);
}

// ------------------------------------------------------------------------------------------
// DST and zones

TEST_F(OctoTest, DstSpringForwardAndFallBackMadrid) {
  // 2027-03-28: clocks go 02:00 -> 03:00 in Madrid. The 02:30 one-off moves to 03:30 CEST.
  auto spring = env_->call("POST", "/octo/availability", avail_date(kTour, "es", "2027-03-28"),
                           "Availability[]");
  ASSERT_EQ(spring.status, 200) << spring.body;
  std::vector<std::string> ids;
  for (const auto& a : spring.root().items())
    ids.emplace_back(a.get("localDateTimeStart").as_string());
  EXPECT_EQ(ids,
            (std::vector<std::string>{"2027-03-28T03:30:00+02:00", "2027-03-28T10:00:00+02:00",
                                      "2027-03-28T12:00:00+02:00", "2027-03-28T17:00:00+02:00"}));
  // The 10:00 departure's cut-off is 60 min before 08:00Z.
  EXPECT_EQ(spring.root().items()[1].get("utcCutoffAt").as_string(), "2027-03-28T07:00:00Z");
  auto before = env_->call("POST", "/octo/availability", avail_date(kTour, "es", "2027-03-27"),
                           "Availability[]");
  EXPECT_EQ(before.root().items()[0].get("localDateTimeStart").as_string(),
            "2027-03-27T10:00:00+01:00");
  EXPECT_EQ(before.root().items()[0].get("utcCutoffAt").as_string(), "2027-03-27T08:00:00Z");

  // 2027-10-31: 03:00 -> 02:00. 02:30 happens twice: the first (CEST, +02:00) is meant.
  auto fall = env_->call("POST", "/octo/availability", avail_date(kTour, "es", "2027-10-31"),
                         "Availability[]");
  ASSERT_EQ(fall.status, 200) << fall.body;
  EXPECT_EQ(fall.root().items()[0].get("localDateTimeStart").as_string(),
            "2027-10-31T02:30:00+02:00");
  EXPECT_EQ(fall.root().items()[1].get("localDateTimeStart").as_string(),
            "2027-10-31T10:00:00+01:00");
  EXPECT_EQ(fall.root().items()[1].get("localDateTimeEnd").as_string(),
            "2027-10-31T12:00:00+01:00");
  // Book the DST departure and read it back.
  const std::string dst_id(fall.root().items()[0].get("id").as_string());
  auto b = env_->call("POST", "/octo/bookings",
                      OctoEnv::reserve_body("", kTour, "es", dst_id, {"adult"}), "Booking");
  ASSERT_EQ(b.status, 200) << b.body;
  EXPECT_EQ(b.root().get("availability").get("localDateTimeStart").as_string(),
            "2027-10-31T02:30:00+02:00");
}

TEST_F(OctoTest, MexicoCityHasNoDst) {
  for (const char* date : {"2027-04-05", "2027-07-05", "2027-11-05"}) {
    auto r = env_->call("POST", "/octo/availability", avail_date(kSmall, "DEFAULT", date),
                        "Availability[]");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.root().items()[0].get("localDateTimeStart").as_string(),
              std::string(date) + "T09:00:00-06:00");
  }
}

// ------------------------------------------------------------------------------------------
// Auth and transport-level errors, all OCTO-shaped

TEST_F(OctoTest, AuthMissingUnknownRevoked) {
  auto none = env_->raw("GET", "/octo/products", {}, {}, "Product[]");
  expect_error(none, 401, "UNAUTHORIZED");
  auto basic = env_->raw("GET", "/octo/products", {}, {{"Authorization", "Basic dXNlcjpwYXNz"}},
                         "Product[]");
  expect_error(basic, 401, "UNAUTHORIZED");
  auto unknown =
      env_->raw("GET", "/octo/products", {}, {{"Authorization", "Bearer pk_nope"}}, "Product[]");
  expect_error(unknown, 403, "FORBIDDEN");
  auto huge = env_->raw("GET", "/octo/products", {},
                        {{"Authorization", "Bearer " + std::string(4000, 'x')}}, "Product[]");
  expect_error(huge, 403, "FORBIDDEN");
  // Revoke R's key: 403 from then on.
  auto keys = env_->keys().list(kReseller);
  ASSERT_TRUE(keys.ok());
  ASSERT_EQ(keys->size(), 1u);
  ASSERT_TRUE(env_->keys().revoke(kReseller, keys->front().id).ok());
  auto revoked = env_->call("GET", "/octo/products", {}, "Product[]");
  expect_error(revoked, 403, "FORBIDDEN");
  // Another organisation cannot revoke it (kNotFound).
  EXPECT_FALSE(env_->keys().revoke(kResellerB, keys->front().id).ok());
}

TEST_F(OctoTest, ApiKeysStoredHashedAndLastUsedUpdatedCheaply) {
  auto rows = env_->db().read_value<std::vector<std::string>>(
      [&](storage::Connection& c) -> Result<std::vector<std::string>> {
        PASEO_ASSIGN_OR_RETURN(auto q, c.query("SELECT token_hash FROM api_keys"));
        std::vector<std::string> out;
        for (const auto& r : q.rows) out.push_back(r.get_string(0));
        return out;
      });
  ASSERT_TRUE(rows.ok());
  for (const auto& h : *rows) EXPECT_NE(h, env_->reseller_key());
  EXPECT_NE(std::find(rows->begin(), rows->end(), token_hash(env_->reseller_key())), rows->end());
  ASSERT_EQ(env_->call("GET", "/octo/supplier", {}, "Supplier").status, 200);
  auto k1 = env_->keys().list(kReseller);
  ASSERT_TRUE(k1.ok());
  ASSERT_TRUE(k1->front().last_used_at_ms.has_value());
  const auto first_use = *k1->front().last_used_at_ms;
  env_->clock().advance(std::chrono::seconds(10));
  ASSERT_EQ(env_->call("GET", "/octo/supplier", {}, "Supplier").status, 200);
  EXPECT_EQ(*env_->keys().list(kReseller)->front().last_used_at_ms, first_use);  // < 1 min
  env_->clock().advance(std::chrono::minutes(2));
  ASSERT_EQ(env_->call("GET", "/octo/supplier", {}, "Supplier").status, 200);
  EXPECT_GT(*env_->keys().list(kReseller)->front().last_used_at_ms, first_use);
}

TEST_F(OctoTest, RouterErrorsAreOctoShaped) {
  auto missing = env_->call("GET", "/octo/nope", {}, "Product");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.str("error"), "BAD_REQUEST");
  auto method = env_->call("DELETE", "/octo/products", {}, "Product[]");
  EXPECT_EQ(method.status, 405);
  EXPECT_EQ(method.str("error"), "BAD_REQUEST");
  auto big =
      env_->call("POST", "/octo/availability", std::string(100 << 10, ' '), "Availability[]");
  EXPECT_EQ(big.status, 413) << big.body;
  EXPECT_EQ(big.str("error"), "BAD_REQUEST");
}

}  // namespace
}  // namespace paseo::octo_test
