// Integration tests of the supplier extranet and back-office API (docs/api/extranet.md) against the
// real server on SQLite, logged in through the accounts area's real login.
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "app/email_templates.h"
#include "app/extranet_images.h"
#include "fixtures.h"

namespace paseo::testing {
namespace {

using http::JsonValue;

std::string str(const JsonValue& v, std::string_view key) {
  return std::string(v.get(key).as_string());
}

class ExtranetApi : public ::testing::Test {
 protected:
  ExtranetWorld world;
};

// --- access -----------------------------------------------------------------------------------

TEST_F(ExtranetApi, AnonymousIs401PlatformUserIs403OnExtranetAndSupplierIs403OnAdmin) {
  auto anon = world.anonymous();
  EXPECT_EQ(anon->get("/api/v1/extranet/bookings").status, 401);
  EXPECT_EQ(anon->get("/api/v1/admin/suppliers").status, 401);
  auto admin = world.login("admin@paseo.test");
  auto r = admin->get("/api/v1/extranet/bookings");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.error_code(), "PERMISSION_DENIED");
  auto a = world.login("staff@a.test");
  EXPECT_EQ(a->get("/api/v1/admin/suppliers").status, 403);
  EXPECT_EQ(a->get("/api/v1/extranet/bookings").status, 200);
}

TEST_F(ExtranetApi, WritesWithoutCsrfHeaderAreRefused) {
  auto a = world.login("owner@a.test");
  std::string body =
      R"({"productId":")" + world.tour_a() + R"(","date":"2026-12-01","closed":true})";
  a->set_send_csrf(false);
  auto r = a->post("/api/v1/extranet/calendar/closures", body);
  EXPECT_EQ(r.status, 403) << r.body;
  auto sched = world.catalogue().get_schedule(app::Caller::supplier(kSupplierA), world.tour_a());
  ASSERT_TRUE(sched.ok());
  EXPECT_TRUE(sched->closures.empty());
  a->set_send_csrf(true);
  EXPECT_EQ(a->post("/api/v1/extranet/calendar/closures", body).status, 200);
}

// --- calendar -----------------------------------------------------------------------------------

TEST_F(ExtranetApi, CalendarShowsEveryDepartureWithBookedCapacityAndStatus) {
  world.book(world.tour_a(), {.date = "2026-11-25", .time = "10:00", .adults = 8, .children = 3});
  auto a = world.login("owner@a.test");
  auto r = a->get("/api/v1/extranet/calendar?productId=" + world.tour_a() +
                  "&from=2026-11-24&to=2026-11-26");
  ASSERT_EQ(r.status, 200) << r.body;
  auto doc = r.json();
  auto days = doc.root().get("days").items();
  ASSERT_EQ(days.size(), 3u);
  EXPECT_EQ(str(doc.root(), "timeZone"), "Europe/Madrid");
  auto d = days[1];
  EXPECT_EQ(str(d, "date"), "2026-11-25");
  auto deps = d.get("departures").items();
  ASSERT_EQ(deps.size(), 3u);
  EXPECT_EQ(str(deps[0], "localTime"), "10:00");
  EXPECT_EQ(str(deps[0], "startAt"), "2026-11-25T09:00:00Z");
  EXPECT_EQ(deps[0].get("booked").as_int(), 11);
  EXPECT_EQ(deps[0].get("capacity").as_int(), 20);
  EXPECT_EQ(str(deps[0], "status"), "LIMITED");
  EXPECT_EQ(str(deps[1], "status"), "AVAILABLE");
  EXPECT_EQ(d.get("booked").as_int(), 11);
  EXPECT_EQ(d.get("capacity").as_int(), 60);
}

TEST_F(ExtranetApi, ClosingADateInTheExtranetIsClosedOnTheOctoChannelAtOnce) {
  auto reseller = app::Caller::reseller(kReseller, "key-1");
  app::CalendarRequest cal;
  cal.product_id = world.tour_a();
  cal.option_id = "en";
  cal.local_date_start = "2026-12-01";
  cal.local_date_end = "2026-12-02";
  auto before = world.availability().calendar(reseller, cal);
  ASSERT_TRUE(before.ok()) << before.error().to_string();
  EXPECT_EQ((*before)->days[0].status, domain::AvailabilityStatus::kAvailable);

  auto a = world.login("staff@a.test");
  auto r = a->post("/api/v1/extranet/calendar/closures",
                   R"({"productId":")" + world.tour_a() +
                       R"(","date":"2026-12-01","closed":true,"reason":"strike"})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto doc = r.json();
  EXPECT_EQ(str(doc.root().get("days").items()[0], "status"), "CLOSED");

  auto after = world.availability().calendar(reseller, cal);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ((*after)->days[0].status, domain::AvailabilityStatus::kClosed);
  EXPECT_EQ((*after)->days[1].status, domain::AvailabilityStatus::kAvailable);
  app::AvailabilityRequest check;
  check.product_id = world.tour_a();
  check.option_id = "en";
  check.local_date = "2026-12-01";
  auto slots = world.availability().check(reseller, check);
  ASSERT_TRUE(slots.ok());
  ASSERT_EQ(slots->size(), 3u);
  for (const auto& s : *slots) EXPECT_EQ(s.status, domain::AvailabilityStatus::kClosed);

  // Reopen only the 12:00 departure.
  r = a->post("/api/v1/extranet/calendar/closures",
              R"({"productId":")" + world.tour_a() +
                  R"(","date":"2026-12-01","localTime":"12:00","closed":false})");
  ASSERT_EQ(r.status, 200) << r.body;
  slots = world.availability().check(reseller, check);
  ASSERT_TRUE(slots.ok());
  EXPECT_EQ((*slots)[0].status, domain::AvailabilityStatus::kClosed);
  EXPECT_EQ((*slots)[1].status, domain::AvailabilityStatus::kAvailable);
  EXPECT_EQ((*slots)[2].status, domain::AvailabilityStatus::kClosed);
}

TEST_F(ExtranetApi, QuotasPerDayAndPerDepartureAreLiveForResellers) {
  auto a = world.login("owner@a.test");
  auto r = a->post("/api/v1/extranet/calendar/quotas",
                   R"({"productId":")" + world.tour_a() +
                       R"(","date":"2026-12-03","to":"2026-12-04","capacity":6})");
  ASSERT_EQ(r.status, 200) << r.body;
  r = a->post("/api/v1/extranet/calendar/quotas",
              R"({"productId":")" + world.tour_a() +
                  R"(","departureId":"2026-12-03T17:00:00+01:00","capacity":2})");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto body1 = r.json();  // keeps the document alive for the views below
  auto deps = body1.root().get("days").items()[0].get("departures").items();
  ASSERT_EQ(deps.size(), 3u);
  EXPECT_EQ(deps[0].get("capacity").as_int(), 6);
  EXPECT_EQ(deps[2].get("capacity").as_int(), 2);
  EXPECT_EQ(deps[2].get("capacityOverride").as_int(), 2);

  app::AvailabilityRequest check;
  check.product_id = world.tour_a();
  check.option_id = "en";
  check.local_date = "2026-12-03";
  auto slots = world.availability().check(app::Caller::reseller(kReseller, "k"), check);
  ASSERT_TRUE(slots.ok());
  EXPECT_EQ((*slots)[0].capacity, 6);
  EXPECT_EQ((*slots)[2].vacancies, 2);

  // Below what is sold: the engine refuses, nothing changes.
  world.book(world.tour_a(), {.date = "2026-12-04", .time = "10:00", .adults = 5});
  r = a->post("/api/v1/extranet/calendar/quotas",
              R"({"productId":")" + world.tour_a() +
                  R"(","departureId":"2026-12-04T10:00:00+01:00","capacity":3})");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.error_key(), "calendar.belowSold");
  EXPECT_EQ(r.error_param("sold"), "5");
  EXPECT_EQ(r.error_param("capacity"), "3");
  EXPECT_EQ(r.error_param("date"), "2026-12-04");
  EXPECT_EQ(r.error_param("time"), "10:00");
  // Removing the quota restores the rule's capacity.
  r = a->post("/api/v1/extranet/calendar/quotas",
              R"({"productId":")" + world.tour_a() + R"(","date":"2026-12-03","capacity":null})");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto body2 = r.json();  // keeps the document alive for the views below
  deps = body2.root().get("days").items()[0].get("departures").items();
  EXPECT_EQ(deps[0].get("capacity").as_int(), 20);
  EXPECT_EQ(deps[2].get("capacity").as_int(), 2);  // the per-departure quota stays
}

TEST_F(ExtranetApi, OneOffDeparturesRulesAndDatePrices) {
  auto a = world.login("owner@a.test");
  auto r = a->post("/api/v1/extranet/calendar/departures",
                   R"({"productId":")" + world.tour_a() +
                       R"(","date":"2026-12-05","localTime":"20:30","capacity":8})");
  ASSERT_EQ(r.status, 201) << r.body;
  const auto body3 = r.json();  // keeps the document alive for the views below
  auto dep = body3.root().get("departure");
  EXPECT_EQ(str(dep, "localTime"), "20:30");
  EXPECT_TRUE(dep.get("oneOff").as_bool());
  EXPECT_EQ(dep.get("capacity").as_int(), 8);
  // Not in the past, nor years away.
  for (const char* date : {"2020-01-01", "9999-12-31"}) {
    r = a->post("/api/v1/extranet/calendar/departures",
                R"({"productId":")" + world.tour_a() + R"(","date":")" + date +
                    R"(","localTime":"20:30","capacity":8})");
    EXPECT_EQ(r.status, 400) << date << r.body;
    EXPECT_EQ(r.error_field(), "date");
  }
  // Nor at a time the clocks skip: 02:30 does not happen in Madrid on 2027-03-28.
  r = a->post("/api/v1/extranet/calendar/departures",
              R"({"productId":")" + world.tour_a() +
                  R"(","date":"2027-03-28","localTime":"02:30","capacity":8})");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.error_field(), "localTime");
  EXPECT_NE(r.body.find("clocks go forward"), std::string::npos) << r.body;
  // Nor on top of a departure already there (the rule's 10:00, or the one-off's 20:30): it would
  // merge into it and its capacity be ignored. The quota is what changes its seats.
  for (const char* time : {"10:00", "20:30"}) {
    r = a->post("/api/v1/extranet/calendar/departures",
                R"({"productId":")" + world.tour_a() + R"(","date":"2026-12-05","localTime":")" +
                    time + R"(","capacity":3})");
    EXPECT_EQ(r.status, 409) << time << r.body;
    EXPECT_EQ(r.error_field(), "localTime");
    EXPECT_NE(r.body.find(std::string("already a departure at ") + time), std::string::npos)
        << r.body;
    EXPECT_EQ(r.error_key(), "calendar.departureExists");
    EXPECT_EQ(r.error_param("time"), time);
    EXPECT_EQ(r.error_param("date"), "2026-12-05");
  }
  r = a->get("/api/v1/extranet/calendar?productId=" + world.tour_a() +
             "&from=2026-12-05&to=2026-12-05");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto day5 = r.json();
  for (const auto& d : day5.root().get("days").items()[0].get("departures").items()) {
    EXPECT_NE(d.get("capacity").as_int(), 3) << str(d, "localTime");
    if (str(d, "localTime") == "10:00") {
      EXPECT_FALSE(d.get("oneOff").as_bool());
    }
  }

  r = a->get("/api/v1/extranet/products/" + world.tour_a() + "/rules");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().root().get("items").size(), 1u);
  r = a->post(
      "/api/v1/extranet/products/" + world.tour_a() + "/rules",
      R"({"weekdays":[6,7],"times":["19:00"],"from":"2026-12-01","to":"2026-12-31","capacity":10})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(str(r.json().root().get("rule"), "id"), "1");
  r = a->get("/api/v1/extranet/calendar?productId=" + world.tour_a() +
             "&from=2026-12-05&to=2026-12-05");
  const auto body4 = r.json();  // keeps the document alive for the views below
  auto deps = body4.root().get("days").items()[0].get("departures").items();
  ASSERT_EQ(deps.size(), 5u);  // Saturday: 10, 12, 17, 19 (weekend rule), 20:30 (one-off)
  EXPECT_EQ(str(deps[3], "localTime"), "19:00");
  r = a->put("/api/v1/extranet/products/" + world.tour_a() + "/rules/1",
             R"({"weekdays":[6],"times":["18:00"],"from":"2026-12-01","capacity":12})");
  ASSERT_EQ(r.status, 200) << r.body;
  r = a->del("/api/v1/extranet/products/" + world.tour_a() + "/rules/1");
  EXPECT_EQ(r.status, 204);
  r = a->del("/api/v1/extranet/products/" + world.tour_a() + "/rules/7");
  EXPECT_EQ(r.status, 404);
  r = a->post("/api/v1/extranet/products/" + world.tour_a() + "/rules",
              R"({"weekdays":[8],"times":["19:00"],"from":"2026-12-01","capacity":10})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_field(), "weekdays");

  r = a->post(
      "/api/v1/extranet/products/" + world.tour_a() + "/prices",
      R"({"optionId":"en","unitId":"adult","from":"2026-12-20","to":"2027-01-06","retail":3500,"net":2800})");
  ASSERT_EQ(r.status, 201) << r.body;
  std::string price_id = str(r.json().root().get("price"), "id");
  r = a->get("/api/v1/extranet/products/" + world.tour_a() + "/prices");
  ASSERT_EQ(r.json().root().get("items").size(), 1u);
  // Live for resellers: the Christmas adult price.
  app::AvailabilityRequest check;
  check.product_id = world.tour_a();
  check.option_id = "en";
  check.local_date = "2026-12-24";
  check.units = {app::UnitQuantity{"adult", 2}};
  auto slots = world.availability().check(app::Caller::reseller(kReseller, "k"), check);
  ASSERT_TRUE(slots.ok());
  ASSERT_TRUE((*slots)[0].pricing.has_value());
  EXPECT_EQ((*slots)[0].pricing->retail, 7000);
  r = a->del("/api/v1/extranet/products/" + world.tour_a() + "/prices/" + url_encode(price_id));
  EXPECT_EQ(r.status, 204) << r.body;
  r = a->post(
      "/api/v1/extranet/products/" + world.tour_a() + "/prices",
      R"({"optionId":"en","unitId":"nobody","from":"2026-12-20","to":"2027-01-06","retail":3500})");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.error_field(), "unitId");
}

TEST_F(ExtranetApi, CalendarBadInputNamesTheField) {
  auto a = world.login("owner@a.test");
  auto base = "/api/v1/extranet/calendar?productId=" + world.tour_a();
  auto r = a->get(base + "&from=2026-13-01&to=2026-12-01");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_field(), "from");
  r = a->get(base + "&from=2026-12-01&to=2026-11-01");
  EXPECT_EQ(r.error_field(), "to");
  r = a->get(base + "&from=2026-01-01&to=2026-12-31");
  EXPECT_EQ(r.error_field(), "to");
  r = a->get("/api/v1/extranet/calendar?from=2026-12-01&to=2026-12-02");
  EXPECT_EQ(r.error_field(), "productId");
  r = a->post("/api/v1/extranet/calendar/quotas",
              R"({"productId":")" + world.tour_a() + R"(","date":"2026-12-03","capacity":-1})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_field(), "capacity");
  r = a->post("/api/v1/extranet/calendar/closures",
              R"({"productId":")" + world.tour_a() +
                  R"(","date":"2026-12-03","localTime":"25:00","closed":true})");
  EXPECT_EQ(r.error_field(), "localTime");
  r = a->post("/api/v1/extranet/calendar/closures",
              R"({"productId":")" + world.tour_a() +
                  R"(","date":"2026-12-03","localTime":"11:00","closed":true})");
  EXPECT_EQ(r.status, 404);  // no departure at 11:00
  r = a->post("/api/v1/extranet/calendar/closures", "{not json");
  EXPECT_EQ(r.status, 400);
}

// --- bookings
// -------------------------------------------------------------------------------------

TEST_F(ExtranetApi, BookingsListSearchFiltersSortAndPaging) {
  auto b1 = world.book(world.tour_a(), {.date = "2026-11-25",
                                        .time = "10:00",
                                        .adults = 2,
                                        .contact_name = "Zoe Martin",
                                        .email = "zoe@example.com"});
  world.server().clock().advance(std::chrono::minutes(1));
  auto b2 = world.book(world.tour_a(), {.date = "2026-11-27",
                                        .time = "12:00",
                                        .adults = 1,
                                        .children = 1,
                                        .contact_name = "Luis Perez",
                                        .email = "luis@correo.es"});
  world.server().clock().advance(std::chrono::minutes(1));
  auto b3 = world.book(world.tour_a(),
                       {.date = "2026-11-26", .time = "17:00", .adults = 1, .confirm = false});
  world.book(world.tour_b(), {.date = "2026-11-25", .time = "10:00", .contact_name = "Zoe Other"});
  auto a = world.login("owner@a.test");
  auto r = a->get("/api/v1/extranet/bookings");
  ASSERT_EQ(r.status, 200) << r.body;
  auto doc = r.json();
  auto items = doc.root().get("items").items();
  ASSERT_EQ(items.size(), 3u);  // only A's
  EXPECT_EQ(doc.root().get("total").as_int(), 3);
  EXPECT_EQ(str(items[0], "id"), b3.id);  // newest first
  EXPECT_EQ(str(items[2], "supplierReference"), b1.supplier_reference);
  EXPECT_EQ(str(items[2], "contactName"), "Zoe Martin");
  EXPECT_EQ(items[2].get("pax").as_int(), 2);
  EXPECT_EQ(items[2].get("total").get("amount").as_int(), 5000);
  EXPECT_EQ(str(items[2].get("total"), "currency"), "EUR");
  EXPECT_EQ(str(items[2].get("channel"), "name"), "Reseller Ltd");
  EXPECT_EQ(str(items[2], "productTitle"), std::string("Tour of ") + kSupplierA);
  EXPECT_EQ(str(items[2], "localTime"), "10:00");

  auto ids = [&](const std::string& query) {
    auto res = a->get("/api/v1/extranet/bookings?" + query);
    EXPECT_EQ(res.status, 200) << query << ": " << res.body;
    std::vector<std::string> out;
    auto d = res.json();
    for (const auto& it : d.root().get("items").items()) out.push_back(str(it, "id"));
    return out;
  };
  std::string ref = b2.supplier_reference;
  for (auto& c : ref) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_EQ(ids("q=" + ref), std::vector<std::string>{b2.id});
  EXPECT_EQ(ids("q=zoe"), std::vector<std::string>{b1.id});  // B's Zoe is not listed
  EXPECT_EQ(ids("q=CORREO.ES"), std::vector<std::string>{b2.id});
  EXPECT_EQ(ids("q=%25"), std::vector<std::string>{});  // LIKE wildcards are literal
  EXPECT_EQ(ids("status=ON_HOLD"), std::vector<std::string>{b3.id});
  EXPECT_EQ(ids("status=confirmed&sort=startAt"), (std::vector<std::string>{b1.id, b2.id}));
  EXPECT_EQ(ids("from=2026-11-26&to=2026-11-27&sort=-startAt"),
            (std::vector<std::string>{b2.id, b3.id}));
  EXPECT_EQ(ids("productId=" + world.tour_a() + "&sort=total"),
            (std::vector<std::string>{b3.id, b2.id, b1.id}));
  EXPECT_EQ(ids("productId=" + world.tour_b()), std::vector<std::string>{});
  EXPECT_EQ(ids("channel=" + std::string(kReseller) + "&pageSize=2&page=2"),
            std::vector<std::string>{b1.id});
  EXPECT_EQ(ids("channel=direct"), std::vector<std::string>{});

  r = a->get("/api/v1/extranet/bookings?pageSize=2");
  EXPECT_EQ(r.json().root().get("total").as_int(), 3);
  EXPECT_EQ(r.json().root().get("items").size(), 2u);
  for (auto [q, field] : {std::pair<const char*, const char*>{"from=yesterday", "from"},
                          {"status=LOST", "status"},
                          {"sort=price", "sort"},
                          {"pageSize=0", "pageSize"},
                          {"page=-1", "page"},
                          {"from=2026-12-01&to=2026-11-01", "to"}}) {
    r = a->get(std::string("/api/v1/extranet/bookings?") + q);
    EXPECT_EQ(r.status, 400) << q;
    EXPECT_EQ(r.error_code(), "INVALID_ARGUMENT") << q;
    EXPECT_EQ(r.error_field(), field) << q;
  }
}

TEST_F(ExtranetApi, CsvExportEscapesAndNeutralisesFormulas) {
  world.book(world.tour_a(), {.date = "2026-11-25",
                              .time = "10:00",
                              .adults = 3,
                              .contact_name = "Garcia, \"Ana\"",
                              .email = "ana@example.com"});
  world.book(world.tour_a(),
             {.date = "2026-11-25", .time = "12:00", .contact_name = "=HYPERLINK(\"x\")"});
  world.book(world.tour_b(), {.date = "2026-11-25", .time = "10:00", .contact_name = "Secret B"});
  auto a = world.login("owner@a.test");
  auto r = a->get("/api/v1/extranet/bookings.csv?sort=startAt");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers["content-type"], "text/csv; charset=utf-8");
  EXPECT_NE(r.headers["content-disposition"].find("attachment"), std::string::npos);
  EXPECT_EQ(r.body.rfind("\xEF\xBB\xBFsupplier_reference,reseller_reference,status,channel,", 0),
            0u);
  EXPECT_NE(r.body.find(",\"Garcia, \"\"Ana\"\"\",ana@example.com,"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find(",\"'=HYPERLINK(\"\"x\"\")\","), std::string::npos) << r.body;
  EXPECT_NE(r.body.find(",3,75.00,EUR,"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("Secret B"), std::string::npos);
  int lines = 0;
  for (std::size_t i = 0; (i = r.body.find("\r\n", i)) != std::string::npos; i += 2) ++lines;
  EXPECT_EQ(lines, 3);  // header + A's two bookings
  r = a->get("/api/v1/extranet/bookings.csv?status=nope");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_field(), "status");
}

// A reseller's traveller may be picked up at a hotel (OCTO pickupHotel): the supplier sees where.
TEST_F(ExtranetApi, BookingDetailShowsThePickupHotel) {
  auto b = world.book(world.tour_a(),
                      {.date = "2026-11-25", .time = "10:00", .pickup_hotel = "Hotel Gran Vía"});
  auto a = world.login("staff@a.test");
  auto r = a->get("/api/v1/extranet/bookings/" + b.id);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto doc = r.json();  // keeps the document alive for the view below
  auto hotel = doc.root().get("booking").get("pickupHotel");
  EXPECT_EQ(str(hotel, "name"), "Hotel Gran Vía");
  EXPECT_EQ(str(hotel, "room"), "12");
}

// A weekly 02:30 departure on the night Madrid's clocks jump from 02:00 to 03:00 runs at 03:30:
// that is the time the supplier's pages and the emails give, not a time that never happens.
TEST_F(ExtranetApi, ADepartureInTheSpringForwardGapIsShownAtTheTimeItRuns) {
  auto a = world.login("owner@a.test");
  auto r = a->post("/api/v1/extranet/products/" + world.tour_a() + "/rules",
                   R"({"weekdays":[7],"times":["02:30"],"from":"2027-03-21","to":"2027-04-04",)"
                   R"("capacity":6})");
  ASSERT_EQ(r.status, 201) << r.body;
  auto b = world.book(world.tour_a(), {.date = "2027-03-28", .time = "02:30"});
  ASSERT_FALSE(b.id.empty());
  // A one-off at 03:30 that night would be a second departure at the same moment.
  r = a->post("/api/v1/extranet/calendar/departures",
              R"({"productId":")" + world.tour_a() +
                  R"(","date":"2027-03-28","localTime":"03:30","capacity":5})");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_NE(r.body.find("departure at 02:30 (it runs at 03:30)"), std::string::npos) << r.body;
  r = a->get("/api/v1/extranet/bookings/" + b.id);
  ASSERT_EQ(r.status, 200) << r.body;
  {
    const auto doc = r.json();
    EXPECT_EQ(str(doc.root().get("booking"), "localTime"), "03:30");
    EXPECT_EQ(str(doc.root().get("booking"), "startAt"), "2027-03-28T01:30:00Z");
  }
  r = a->get("/api/v1/extranet/bookings?from=2027-03-28&to=2027-03-28");
  ASSERT_EQ(r.status, 200) << r.body;
  {
    const auto doc = r.json();
    ASSERT_EQ(doc.root().get("items").size(), 1u) << r.body;
    EXPECT_EQ(str(doc.root().get("items").items()[0], "localTime"), "03:30");
  }
  r = a->get("/api/v1/extranet/bookings.csv?from=2027-03-28&to=2027-03-28");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("03:30"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("02:30"), std::string::npos) << r.body;
  r = a->get("/api/v1/extranet/daysheet?date=2027-03-28&productId=" + world.tour_a());
  ASSERT_EQ(r.status, 200) << r.body;
  {
    const auto doc = r.json();
    EXPECT_EQ(str(doc.root().get("departures").items()[0], "localTime"), "03:30");
  }
  // The calendar keeps the schedule's key (what closures and quotas name) and says when it runs.
  r = a->get("/api/v1/extranet/calendar?productId=" + world.tour_a() +
             "&from=2027-03-28&to=2027-03-28");
  ASSERT_EQ(r.status, 200) << r.body;
  {
    const auto doc = r.json();
    bool found = false;
    for (const auto& d : doc.root().get("days").items()[0].get("departures").items()) {
      if (str(d, "localTime") != "02:30") {
        EXPECT_EQ(str(d, "wallClockTime"), str(d, "localTime"));
        continue;
      }
      found = true;
      EXPECT_EQ(str(d, "wallClockTime"), "03:30");
      EXPECT_EQ(str(d, "startAt"), "2027-03-28T01:30:00Z");
      EXPECT_EQ(d.get("booked").as_int(), 1);
    }
    EXPECT_TRUE(found) << r.body;
  }
  // The traveller's and the supplier's confirmations say 03:30 too.
  auto starts = world.db().read_value<std::vector<std::string>>(
      [&](storage::Connection& c) -> Result<std::vector<std::string>> {
        PASEO_ASSIGN_OR_RETURN(auto q, c.query("SELECT vars FROM outbox WHERE template LIKE "
                                               "'booking_confirmed%' AND vars LIKE $1",
                                               {storage::Value{"%" + b.supplier_reference + "%"}}));
        std::vector<std::string> out;
        for (const auto& row : q.rows) out.push_back(row.get_string(0));
        return out;
      });
  ASSERT_TRUE(starts.ok());
  ASSERT_FALSE(starts->empty());
  for (const auto& vars : *starts) {
    EXPECT_NE(vars.find("28 March 2027, 03:30 (Madrid time)"), std::string::npos) << vars;
  }
}

// The supplier calls a booking off from the extranet: full refund whatever the policy (this one
// refunds nothing within 24 hours), seats back on sale, the reseller sees CANCELLED, the traveller
// and the supplier get the emails worded for it; only the supplier's own bookings, with a reason.
TEST_F(ExtranetApi, SupplierCancelsABookingWithAFullRefund) {
  auto b = world.book(world.tour_a(), {.date = "2026-11-23",
                                       .time = "17:00",
                                       .adults = 2,
                                       .contact_name = "Ana Garcia",
                                       .email = "ana@example.com"});
  auto other = world.book(world.tour_b(), {.date = "2026-11-23", .time = "17:00"});
  auto a = world.login("staff@a.test");
  const std::string url = "/api/v1/extranet/bookings/" + b.id + "/cancel";
  for (const char* body : {R"({})", R"({"reason":"  "})", R"({"reason":7})"}) {
    auto r = a->post(url, body);
    EXPECT_EQ(r.status, 400) << body << r.body;
    EXPECT_EQ(r.error_field(), "reason") << body;
  }
  // Supplier B cannot cancel A's booking, nor A B's: not found, nothing changed.
  auto bclient = world.login("owner@b.test");
  EXPECT_EQ(bclient->post(url, R"({"reason":"storm"})").status, 404);
  EXPECT_EQ(
      a->post("/api/v1/extranet/bookings/" + other.id + "/cancel", R"({"reason":"x"})").status,
      404);
  auto seats = [&] {
    auto cal = a->get("/api/v1/extranet/calendar?productId=" + world.tour_a() +
                      "&from=2026-11-23&to=2026-11-23");
    EXPECT_EQ(cal.status, 200) << cal.body;
    const auto doc = cal.json();
    for (const auto& d : doc.root().get("days").items()[0].get("departures").items()) {
      if (str(d, "localTime") == "17:00") return d.get("booked").as_int();
    }
    return std::int64_t{-1};
  };
  EXPECT_EQ(seats(), 2);

  auto r = a->post(url, R"({"reason":"Storm warning: the walk cannot run"})");
  ASSERT_EQ(r.status, 200) << r.body;
  {
    const auto doc = r.json();
    const auto booking = doc.root().get("booking");
    EXPECT_EQ(str(booking, "status"), "CANCELLED");
    EXPECT_EQ(str(booking.get("cancellation"), "refund"), "FULL");
    EXPECT_EQ(booking.get("cancellation").get("refundAmount").get("amount").as_int(),
              booking.get("total").get("amount").as_int());
    EXPECT_EQ(str(booking.get("cancellation"), "reason"), "Storm warning: the walk cannot run");
    const auto history = booking.get("history").items();
    ASSERT_FALSE(history.empty());
    EXPECT_EQ(str(history.back(), "action"), "cancelled");
    EXPECT_EQ(str(history.back(), "channel"), "extranet");
    EXPECT_EQ(str(history.back(), "actor"), "User staff@a.test");  // a name, not a user id
    EXPECT_EQ(str(history.front(), "actor"), "");  // the reseller's key: named by its channel
    // The values its text quotes, for the screens' languages (the web writes the sentence).
    EXPECT_EQ(str(history.back().get("params"), "refund"), "FULL");
    EXPECT_EQ(str(history.back().get("params"), "reason"), "Storm warning: the walk cannot run");
    EXPECT_EQ(str(history.front(), "action"), "reserved");
    EXPECT_FALSE(str(history.front().get("params"), "heldUntil").empty());
  }
  EXPECT_EQ(seats(), 0);
  auto seen = world.bookings().get(app::Caller::reseller(kReseller), b.uuid);
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->status, domain::BookingStatus::kCancelled);
  // A second click changes nothing and says so with the same booking.
  r = a->post(url, R"({"reason":"again"})");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(str(r.json().root().get("booking").get("cancellation"), "reason"),
            "Storm warning: the walk cannot run");

  auto emails = world.db().read_value<std::vector<std::pair<std::string, std::string>>>(
      [&](storage::Connection& c) -> Result<std::vector<std::pair<std::string, std::string>>> {
        PASEO_ASSIGN_OR_RETURN(auto q,
                               c.query("SELECT template, vars FROM outbox WHERE template LIKE "
                                       "'booking_cancelled%' AND vars LIKE $1 ORDER BY template",
                                       {storage::Value{"%" + b.supplier_reference + "%"}}));
        std::vector<std::pair<std::string, std::string>> out;
        for (const auto& row : q.rows) out.emplace_back(row.get_string(0), row.get_string(1));
        return out;
      });
  ASSERT_TRUE(emails.ok());
  // One each, the second click sent nothing; the reseller hears it at once too (no OCTO push).
  ASSERT_EQ(emails->size(), 3u);
  EXPECT_EQ((*emails)[0].first, "booking_cancelled_reseller");
  EXPECT_EQ((*emails)[1].first, "booking_cancelled_supplier");
  EXPECT_EQ((*emails)[2].first, "booking_cancelled_traveller");
  EXPECT_EQ((*emails)[0].second.find("booking_url"), std::string::npos);  // not its extranet
  EXPECT_NE((*emails)[0].second.find(R"("traveller_emailed":"yes")"), std::string::npos);
  for (const auto& [name, vars] : *emails) {
    EXPECT_NE(vars.find(R"("by_supplier":"yes")"), std::string::npos) << name << vars;
    EXPECT_NE(vars.find(R"("refund":"FULL")"), std::string::npos) << name << vars;
  }
  // Worded for a booking the supplier called off, in both emails and every language.
  app::EmailVars v = {{"supplier_name", "Paseos"}, {"contact_name", "Ana"},
                      {"refund", "FULL"},          {"refund_amount", "50,00 €"},
                      {"reason", "Storm"},         {"by_supplier", "yes"}};
  auto traveller = app::render_email("booking_cancelled_traveller", "es", v);
  ASSERT_TRUE(traveller.ok());
  EXPECT_NE(traveller->text.find("te devuelve el importe íntegro"), std::string::npos)
      << traveller->text;
  EXPECT_EQ(traveller->text.find("Si no has pedido"), std::string::npos) << traveller->text;
  auto supplier = app::render_email("booking_cancelled_supplier", "fr", v);
  ASSERT_TRUE(supplier.ok());
  EXPECT_NE(supplier->text.find("Vous avez annulé cette réservation"), std::string::npos)
      << supplier->text;
  v["channel"] = "Viajes Sol";
  v["reseller_reference"] = "RES-001";
  v["booking_reference"] = "K7M4QX";
  auto reseller = app::render_email("booking_cancelled_reseller", "es", v);
  ASSERT_TRUE(reseller.ok());
  EXPECT_EQ(reseller->subject, "Paseos ha cancelado la reserva K7M4QX (RES-001)");
  EXPECT_NE(reseller->text.find("Hola Viajes Sol:"), std::string::npos) << reseller->text;
  EXPECT_NE(reseller->text.find("Vuestra referencia: RES-001"), std::string::npos);
  v.erase("by_supplier");  // a traveller's own cancellation keeps its wording
  traveller = app::render_email("booking_cancelled_traveller", "en", v);
  ASSERT_TRUE(traveller.ok());
  EXPECT_NE(traveller->text.find("If you did not ask for this cancellation"), std::string::npos);
  EXPECT_EQ(traveller->text.find("cannot run the activity"), std::string::npos);
}

// The supplier moves a booking to another departure, also inside the fee window where the
// channel may not: seats move, the traveller and the supplier are emailed, nothing else changes.
TEST_F(ExtranetApi, SupplierMovesABookingToAnotherDeparture) {
  auto b = world.book(world.tour_a(), {.date = "2026-11-23", .time = "17:00", .adults = 2});
  auto other = world.book(world.tour_b(), {.date = "2026-11-23", .time = "17:00"});
  auto a = world.login("staff@a.test");
  const std::string url = "/api/v1/extranet/bookings/" + b.id + "/move";
  const std::string to = "2026-11-24T10:00:00+01:00";
  // The channel may not: the booking is inside its cancellation-fee window (24 h, fee 100%).
  app::UpdateRequest channel_move;
  channel_move.availability_id = to;
  EXPECT_FALSE(
      world.bookings().update(app::Caller::reseller(kReseller), b.uuid, channel_move).ok());
  for (const char* body : {R"({})", R"({"departureId":"tomorrow"})"}) {
    auto r = a->post(url, body);
    EXPECT_EQ(r.status, 400) << body << r.body;
    EXPECT_EQ(r.error_field(), "departureId") << body;
  }
  auto r = a->post(url, R"({"departureId":"2026-11-24T11:00:00+01:00"})");  // no 11:00
  EXPECT_GE(r.status, 400) << r.body;
  EXPECT_EQ(r.error_field(), "departureId") << r.body;
  EXPECT_EQ(world.login("owner@b.test")->post(url, R"({"departureId":")" + to + R"("})").status,
            404);
  EXPECT_EQ(a->post("/api/v1/extranet/bookings/" + other.id + "/move",
                    R"({"departureId":")" + to + R"("})")
                .status,
            404);
  // A departure without room for two is refused, and nothing moves.
  ASSERT_EQ(a->post("/api/v1/extranet/calendar/quotas",
                    R"({"productId":")" + world.tour_a() +
                        R"(","date":"2026-11-24","localTime":"12:00","capacity":1})")
                .status,
            200);
  r = a->post(url, R"({"departureId":"2026-11-24T12:00:00+01:00"})");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.error_code(), "SOLD_OUT");
  EXPECT_EQ(r.error_key(), "booking.soldOut");

  r = a->post(url, R"({"departureId":")" + to + R"("})");
  ASSERT_EQ(r.status, 200) << r.body;
  {
    const auto doc = r.json();
    const auto booking = doc.root().get("booking");
    EXPECT_EQ(str(booking, "status"), "CONFIRMED");
    EXPECT_EQ(str(booking, "localDate"), "2026-11-24");
    EXPECT_EQ(str(booking, "localTime"), "10:00");
    EXPECT_EQ(str(booking.get("history").items().back(), "action"), "updated");
    const auto moved = booking.get("history").items().back().get("params");
    EXPECT_EQ(str(moved, "changes"), "dateTime");
    EXPECT_EQ(str(moved, "fromDate") + " " + str(moved, "fromTime"), "2026-11-23 17:00");
    EXPECT_EQ(str(moved, "date") + " " + str(moved, "time"), "2026-11-24 10:00");
  }
  auto booked = [&](const std::string& date, const std::string& time) {
    auto cal = a->get("/api/v1/extranet/calendar?productId=" + world.tour_a() + "&from=" + date +
                      "&to=" + date);
    const auto doc = cal.json();
    for (const auto& d : doc.root().get("days").items()[0].get("departures").items()) {
      if (str(d, "localTime") == time) return d.get("booked").as_int();
    }
    return std::int64_t{-1};
  };
  EXPECT_EQ(booked("2026-11-23", "17:00"), 0);
  EXPECT_EQ(booked("2026-11-24", "10:00"), 2);
  // Once a booking's departure has started, it stays where it ran.
  auto ran = world.book(world.tour_a(), {.date = "2026-11-23", .time = "10:00"});
  world.server().clock().advance(std::chrono::hours(2));
  r = a->post("/api/v1/extranet/bookings/" + ran.id + "/move",
              R"({"departureId":")" + to + R"("})");
  EXPECT_EQ(r.status, 409) << r.body;
  auto amended =
      world.db().read_value<std::int64_t>([&](storage::Connection& c) -> Result<std::int64_t> {
        PASEO_ASSIGN_OR_RETURN(
            auto q,
            c.query("SELECT COUNT(*) FROM outbox WHERE template IN "
                    "('booking_amended_traveller', "
                    "'booking_amended_supplier', 'booking_amended_reseller') AND vars LIKE $1",
                    {storage::Value{"%" + b.supplier_reference + "%"}}));
        return q.front().get_int(0);
      });
  ASSERT_TRUE(amended.ok());
  EXPECT_EQ(*amended, 3);  // the reseller is told too: OCTO has no push
  app::EmailVars v = {{"supplier_name", "Paseos"},
                      {"channel", "Viajes Sol"},
                      {"booking_reference", "K7M4QX"},
                      {"changes", "fecha y hora"},
                      {"traveller_emailed", "yes"}};
  auto to_reseller = app::render_email("booking_amended_reseller", "es", v);
  ASSERT_TRUE(to_reseller.ok());
  EXPECT_EQ(to_reseller->subject, "Paseos ha modificado la reserva K7M4QX");
  EXPECT_NE(to_reseller->text.find("se ha avisado al cliente por correo"), std::string::npos);
  EXPECT_NE(to_reseller->text.find("Cambios: fecha y hora"), std::string::npos);
}

// The supplier records a sale of its own (a phone call, a walk-in): booked and confirmed at once
// on the one inventory, so a channel sees the seats gone; a replay of its uuid answers the same
// booking; a refusal names the form's field and leaves no seat held and no booking behind.
TEST_F(ExtranetApi, SupplierRecordsADirectSaleOnTheSharedInventory) {
  auto a = world.login("owner@a.test");
  const std::string departure = "2026-11-25T10:00:00+01:00";
  auto vacancies = [&] {
    app::AvailabilityRequest check;
    check.product_id = world.tour_a();
    check.option_id = "en";
    check.local_date = "2026-11-25";
    auto slots = world.availability().check(app::Caller::reseller(kReseller, "k"), check);
    EXPECT_TRUE(slots.ok());
    return slots.ok() ? (*slots)[0].vacancies : -1;
  };
  auto bookings = [&] {
    auto n =
        world.db().read_value<std::int64_t>([&](storage::Connection& c) -> Result<std::int64_t> {
          PASEO_ASSIGN_OR_RETURN(auto q, c.query("SELECT COUNT(*) FROM bookings"));
          return q.front().get_int(0);
        });
    return n.ok() ? *n : -1;
  };
  EXPECT_EQ(vacancies(), 20);
  const std::string sale =
      R"({"productId":")" + world.tour_a() + R"(","optionId":"en","departureId":")" + departure +
      R"(","units":{"adult":2,"child":1},"firstName":" Luis ","lastName":"Pérez",)"
      R"("email":"luis@example.com","phone":"+34 600 111 222","notes":"Paid at the desk",)"
      R"("extras":{"lunch":2},"pickupPointId":"hotel-alpha",)"
      R"("uuid":"desk-0001"})";
  auto r = a->post("/api/v1/extranet/bookings", sale);
  ASSERT_EQ(r.status, 201) << r.body;
  std::string id;
  {
    const auto doc = r.json();
    const auto b = doc.root().get("booking");
    id = str(b, "id");
    EXPECT_EQ(str(b, "status"), "CONFIRMED");
    EXPECT_EQ(b.get("pax").as_int(), 3);
    EXPECT_TRUE(b.get("channel").get("id").is_null());  // the supplier's own sale
    EXPECT_EQ(str(b.get("contact"), "fullName"), "Luis Pérez");
    EXPECT_EQ(str(b.get("contact"), "phone"), "+34 600 111 222");
    EXPECT_EQ(str(b, "notes"), "Paid at the desk");
    EXPECT_EQ(str(b.get("history").items().front(), "channel"), "extranet");
    ASSERT_EQ(b.get("extras").items().size(), 1u);
    EXPECT_EQ(str(b.get("extras").items()[0], "extraId"), "lunch");
    EXPECT_EQ(b.get("extras").items()[0].get("quantity").as_int(), 2);
    EXPECT_EQ(str(b.get("pickup"), "id"), "hotel-alpha");
  }
  EXPECT_EQ(vacancies(), 17);  // what every channel reads now
  // The traveller has the confirmation.
  auto confirmations =
      world.db().read_value<std::int64_t>([&](storage::Connection& c) -> Result<std::int64_t> {
        PASEO_ASSIGN_OR_RETURN(auto q, c.query("SELECT COUNT(*) FROM outbox WHERE template = "
                                               "'booking_confirmed_traveller' AND recipient = "
                                               "'luis@example.com'"));
        return q.front().get_int(0);
      });
  ASSERT_TRUE(confirmations.ok());
  EXPECT_EQ(*confirmations, 1);

  // A double click sends it again: the same booking, no more seats.
  r = a->post("/api/v1/extranet/bookings", sale);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(str(r.json().root().get("booking"), "id"), id);
  EXPECT_EQ(vacancies(), 17);
  const std::int64_t before = bookings();

  // Refusals: under the form's field, nothing held, nothing written.
  const std::string base = R"({"productId":")" + world.tour_a() + R"(","optionId":"en",)";
  const struct {
    std::string body;
    int status;
    const char* field;
  } refusals[] = {
      {base + R"("departureId":")" + departure + R"(","units":{"adult":30},"firstName":"X"})", 409,
       "departureId"},
      {base + R"("departureId":")" + departure + R"(","units":{},"firstName":"X"})", 400, "units"},
      {base + R"("departureId":")" + departure + R"(","units":{"adult":-1}})", 400, "units"},
      {base + R"("departureId":")" + departure + R"(","units":{"dragon":1}})", 404, "units"},
      {base + R"("departureId":")" + departure + R"(","units":{"adult":1},"email":"luis@"})", 400,
       "email"},
      {base + R"("departureId":"tomorrow","units":{"adult":1}})", 400, "departureId"},
      {base + R"("departureId":")" + departure + R"(","units":{"adult":1},"extras":{"wine":1}})",
       404, "extras"},
      {base + R"("departureId":")" + departure + R"(","units":{"adult":1},"extras":{"lunch":9}})",
       400, "extras"},
      {base + R"("departureId":")" + departure +
           R"(","units":{"adult":1},"pickupPointId":"nowhere"})",
       404, "pickupPointId"},
      {base + R"("departureId":"2026-11-25T11:00:00+01:00","units":{"adult":1}})", 404,
       "departureId"},
      {R"({"productId":"nope","optionId":"en","departureId":")" + departure +
           R"(","units":{"adult":1}})",
       404, "productId"},
  };
  for (const auto& c : refusals) {
    r = a->post("/api/v1/extranet/bookings", c.body);
    EXPECT_EQ(r.status, c.status) << c.body << " -> " << r.body;
    EXPECT_EQ(r.error_field(), c.field) << c.body << " -> " << r.body;
  }
  EXPECT_EQ(vacancies(), 17);
  EXPECT_EQ(bookings(), before);

  // An option that asks for the traveller's address refuses a sale without one before any seat
  // is held: no cancelled booking is left behind.
  auto caller = app::Caller::supplier(kSupplierA, "fixture", "admin");
  auto tour = world.catalogue().get_product(caller, world.tour_a());
  ASSERT_TRUE(tour.ok());
  tour->options[0].required_contact_fields = {"emailAddress"};
  ASSERT_TRUE(world.catalogue().save_product(caller, *tour).ok());
  r = a->post("/api/v1/extranet/bookings", base + R"("departureId":")" + departure +
                                               R"(","units":{"adult":1},"firstName":"X"})");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.error_field(), "email") << r.body;
  EXPECT_EQ(vacancies(), 17);
  EXPECT_EQ(bookings(), before);

  // Staff record sales too; a signed-out visitor cannot.
  auto staff = world.login("staff@a.test");
  r = staff->post("/api/v1/extranet/bookings",
                  base + R"("departureId":")" + departure +
                      R"(","units":{"adult":1},"firstName":"Eva","email":"eva@example.com"})");
  EXPECT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(vacancies(), 16);
  EXPECT_EQ(world.anonymous()
                ->post("/api/v1/extranet/bookings",
                       base + R"("departureId":")" + departure + R"(","units":{"adult":1}})")
                .status,
            401);
}

// The supplier changes where the traveller is picked up (the traveller called): another point, a
// hotel of the traveller's, or none. The traveller and the reseller are emailed where to be, with
// where it was; a refusal names the form's field and changes nothing.
TEST_F(ExtranetApi, SupplierChangesThePickup) {
  auto b = world.book(world.tour_a(),
                      {.date = "2026-11-25", .time = "10:00", .pickup_point = "hotel-alpha"});
  auto a = world.login("owner@a.test");
  const std::string url = "/api/v1/extranet/bookings/" + b.id + "/pickup";
  auto emails = [&](const std::string& template_name) {
    auto rows = world.db().read_value<std::vector<std::string>>(
        [&](storage::Connection& c) -> Result<std::vector<std::string>> {
          PASEO_ASSIGN_OR_RETURN(auto q, c.query("SELECT recipient, vars FROM outbox WHERE "
                                                 "template = $1 ORDER BY created_at, id",
                                                 {storage::Value{template_name}}));
          std::vector<std::string> out;
          for (const auto& r : q.rows) out.push_back(r.get_string(0) + " " + r.get_string(1));
          return out;
        });
    return rows.ok() ? *rows : std::vector<std::string>{};
  };

  auto r = a->post(url, R"({"pickupPointId":"hotel-beta"})");
  ASSERT_EQ(r.status, 200) << r.body;
  {
    const auto doc = r.json();
    const auto booking = doc.root().get("booking");
    EXPECT_EQ(str(booking.get("pickup"), "id"), "hotel-beta");
    const auto params = booking.get("history").items().back().get("params");
    EXPECT_EQ(str(params, "changes"), "pickup");
    EXPECT_EQ(str(params, "fromPickupName"), "Hotel Alpha");
    EXPECT_EQ(str(params, "pickupName"), "Hotel Beta");
  }
  // The traveller hears the new place and time beside the old; so does the reseller.
  const auto traveller = emails("booking_amended_traveller");
  ASSERT_EQ(traveller.size(), 1u);
  EXPECT_EQ(traveller[0].rfind("ana@example.com ", 0), 0u) << traveller[0];
  EXPECT_NE(traveller[0].find(R"("pickup":"Hotel Beta (Gran Via 2), 09:15")"), std::string::npos)
      << traveller[0];
  EXPECT_NE(traveller[0].find(R"("previous_pickup":"Hotel Alpha (Calle Mayor 1), 09:30")"),
            std::string::npos)
      << traveller[0];
  EXPECT_EQ(emails("booking_amended_reseller").size(), 1u);

  // A hotel of the traveller's, trimmed; then no pickup at all.
  r = a->post(url, R"({"hotel":" Hotel Sol ","room":"12"})");
  ASSERT_EQ(r.status, 200) << r.body;
  {
    const auto doc = r.json();
    const auto booking = doc.root().get("booking");
    EXPECT_TRUE(booking.get("pickup").is_null());
    EXPECT_EQ(str(booking.get("pickupHotel"), "name"), "Hotel Sol");
    EXPECT_EQ(str(booking.get("pickupHotel"), "room"), "12");
  }
  r = a->post(url, "{}");
  ASSERT_EQ(r.status, 200) << r.body;
  {
    const auto doc = r.json();
    EXPECT_TRUE(doc.root().get("booking").get("pickup").is_null());
    EXPECT_TRUE(doc.root().get("booking").get("pickupHotel").is_null());
  }

  // Refused under the form's field; the booking keeps no pickup.
  r = a->post(url, R"({"pickupPointId":"nowhere"})");
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_EQ(r.error_field(), "pickupPointId") << r.body;
  r = a->post(url, R"({"hotel":5})");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.error_field(), "hotel") << r.body;
  auto still = world.bookings().get(app::Caller::supplier(kSupplierA), b.id);
  ASSERT_TRUE(still.ok());
  EXPECT_FALSE(still->pickup_requested);
  EXPECT_EQ(emails("booking_amended_traveller").size(), 3u);  // one per change made
}

// The supplier corrects the traveller's contact from the extranet: what is sent changes, the rest
// stays; a bad value is refused under its form field with a key the screens translate, and
// nothing changes; another supplier cannot reach the booking.
TEST_F(ExtranetApi, SupplierCorrectsTheTravellersContact) {
  auto b = world.book(world.tour_a(), {.date = "2026-11-25", .time = "10:00"});
  auto a = world.login("owner@a.test");
  const std::string url = "/api/v1/extranet/bookings/" + b.id + "/contact";
  auto contact_field = [](const HttpReply& r, const char* name) {
    const auto doc = r.json();
    return str(doc.root().get("booking").get("contact"), name);
  };

  auto r = a->post(url, R"({"email":" ana.garcia@example.com ","phone":"+34 611 22 33 44"})");
  ASSERT_EQ(r.status, 200) << r.body;
  {
    const auto doc = r.json();
    const auto c = doc.root().get("booking").get("contact");
    EXPECT_EQ(str(c, "email"), "ana.garcia@example.com");  // trimmed
    EXPECT_EQ(str(c, "phone"), "+34 611 22 33 44");
    EXPECT_EQ(str(c, "fullName"), "Ana Garcia");  // not sent: kept
    const auto entry = doc.root().get("booking").get("history").items().back();
    EXPECT_EQ(str(entry, "action"), "updated");
    EXPECT_EQ(str(entry.get("params"), "changes"), "contact");
    EXPECT_EQ(str(entry, "channel"), "extranet");
  }
  // The corrected address gets the confirmation it never had; the supplier hears of the change.
  auto emails = [&](const std::string& template_name, const std::string& recipient) {
    auto n =
        world.db().read_value<std::int64_t>([&](storage::Connection& c) -> Result<std::int64_t> {
          PASEO_ASSIGN_OR_RETURN(auto q,
                                 c.query("SELECT COUNT(*) FROM outbox WHERE template = $1 AND "
                                         "($2 = '' OR recipient = $2) AND vars LIKE $3",
                                         {storage::Value{template_name}, storage::Value{recipient},
                                          storage::Value{"%" + b.supplier_reference + "%"}}));
          return q.front().get_int(0);
        });
    return n.ok() ? *n : -1;
  };
  EXPECT_EQ(emails("booking_confirmed_traveller", "ana.garcia@example.com"), 1);
  EXPECT_EQ(emails("booking_amended_supplier", ""), 1);
  EXPECT_EQ(emails("booking_confirmed_traveller", "ana@example.com"), 1);  // the first, only

  // A name in parts replaces the one-piece name the channel sent.
  r = a->post(url, R"({"firstName":"Ana María","lastName":"García"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(contact_field(r, "fullName"), "Ana María García");
  EXPECT_EQ(contact_field(r, "email"), "ana.garcia@example.com");

  // Refused under the form's field, in words the screens translate; nothing changes.
  const struct {
    const char* body;
    const char* field;
    const char* key;
  } bad[] = {{R"({"phone":"call me"})", "phone", "field.phone"},
             {R"({"email":"ana@"})", "email", "email.shape"},
             {R"({"email":5})", "email", ""}};
  for (const auto& c : bad) {
    r = a->post(url, c.body);
    EXPECT_EQ(r.status, 400) << c.body << r.body;
    EXPECT_EQ(r.error_field(), c.field) << c.body;
    EXPECT_EQ(r.error_key(), c.key) << c.body;
  }
  r = a->get("/api/v1/extranet/bookings/" + b.id);
  EXPECT_EQ(contact_field(r, "phone"), "+34 611 22 33 44");
  EXPECT_EQ(contact_field(r, "email"), "ana.garcia@example.com");

  // Another supplier's owner, and nobody logged in, cannot reach it.
  EXPECT_EQ(world.login("owner@b.test")->post(url, R"({"phone":"+34 600 00 00 00"})").status, 404);
  EXPECT_EQ(world.anonymous()->post(url, R"({"phone":"+34 600 00 00 00"})").status, 401);
  EXPECT_EQ(contact_field(a->get("/api/v1/extranet/bookings/" + b.id), "phone"),
            "+34 611 22 33 44");
}

// The supplier checks travellers in from the day sheet on the day, and may undo it.
TEST_F(ExtranetApi, SupplierChecksTravellersInOnTheDay) {
  auto b = world.book(world.tour_a(), {.date = "2026-11-25", .time = "10:00"});
  auto a = world.login("owner@a.test");
  const std::string url = "/api/v1/extranet/bookings/" + b.id + "/check-in";
  auto r = a->post(url, R"({"checkedIn":true})");
  EXPECT_EQ(r.status, 409) << r.body;  // two days early
  EXPECT_EQ(r.error_key(), "booking.checkInTooEarly");
  EXPECT_EQ(r.error_param("date"), "2026-11-25");
  r = a->post(url, R"({"checkedIn":"yes"})");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.error_field(), "checkedIn");

  world.server().clock().advance(std::chrono::hours(48));
  r = a->post(url, R"({"checkedIn":true})");
  ASSERT_EQ(r.status, 200) << r.body;
  {
    const auto doc = r.json();
    const auto booking = doc.root().get("booking");
    EXPECT_EQ(str(booking, "status"), "REDEEMED");
    EXPECT_FALSE(str(booking, "redeemedAt").empty());
    EXPECT_EQ(str(booking.get("history").items().back(), "action"), "checkedIn");
  }
  auto sheet = a->get("/api/v1/extranet/daysheet?date=2026-11-25&productId=" + world.tour_a());
  ASSERT_EQ(sheet.status, 200) << sheet.body;
  {
    const auto doc = sheet.json();
    const auto bookings = doc.root().get("departures").items()[0].get("bookings").items();
    ASSERT_EQ(bookings.size(), 1u);
    EXPECT_EQ(str(bookings[0], "status"), "REDEEMED");
  }
  r = a->post(url, R"({"checkedIn":false})");
  ASSERT_EQ(r.status, 200) << r.body;
  {
    const auto doc = r.json();
    EXPECT_EQ(str(doc.root().get("booking"), "status"), "CONFIRMED");
    EXPECT_TRUE(doc.root().get("booking").get("redeemedAt").is_null());
  }
}

// The supplier sends the confirmation again from the booking page: the traveller gets it, the
// history says so, a second click within the minute is told to wait.
TEST_F(ExtranetApi, SupplierResendsTheConfirmation) {
  auto b = world.book(world.tour_a(), {.date = "2026-11-25", .time = "10:00"});
  auto a = world.login("owner@a.test");
  const std::string url = "/api/v1/extranet/bookings/" + b.id + "/resend-confirmation";
  world.server().clock().advance(std::chrono::seconds(61));
  auto r = a->post(url, "");
  ASSERT_EQ(r.status, 200) << r.body;
  {
    const auto doc = r.json();
    const auto entry = doc.root().get("booking").get("history").items().back();
    EXPECT_EQ(str(entry, "action"), "emailed");
    EXPECT_EQ(str(entry.get("params"), "to"), "ana@example.com");
  }
  auto confirmations =
      world.db().read_value<std::int64_t>([&](storage::Connection& c) -> Result<std::int64_t> {
        PASEO_ASSIGN_OR_RETURN(
            auto q, c.query("SELECT COUNT(*) FROM outbox WHERE template = "
                            "'booking_confirmed_traveller' AND recipient = 'ana@example.com' AND "
                            "vars LIKE $1",
                            {storage::Value{"%" + b.supplier_reference + "%"}}));
        return q.front().get_int(0);
      });
  ASSERT_TRUE(confirmations.ok());
  EXPECT_EQ(*confirmations, 2);

  r = a->post(url, "");
  EXPECT_EQ(r.status, 429) << r.body;
  EXPECT_EQ(r.error_key(), "booking.resendWait");
  EXPECT_EQ(r.error_param("seconds"), "60");

  // A hold has no confirmation to send.
  auto held = world.book(world.tour_a(), {.date = "2026-11-25", .time = "10:00", .confirm = false});
  r = a->post("/api/v1/extranet/bookings/" + held.id + "/resend-confirmation", "");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.error_key(), "booking.notConfirmed");
}

// A channel's change of option is told in the history with both options by the reader's names.
TEST_F(ExtranetApi, HistoryNamesBothOptionsOfAChangeOfOption) {
  auto caller = app::Caller::supplier(kSupplierA, "fixture", "admin");
  domain::Product two = walking_tour("Two options");
  domain::Option es = two.options.front();
  es.id = "es";
  es.is_default = false;
  es.internal_name = "Spanish";
  es.title = {{"en", "Spanish"}, {"es", "En español"}};
  two.options.push_back(es);
  auto saved = world.catalogue().save_product(caller, two);
  ASSERT_TRUE(saved.ok()) << saved.error().to_string();
  domain::Schedule rules;
  rules.rules.push_back(domain::WeeklyRule{domain::kEveryDay,
                                           {*domain::LocalTime::parse("10:00")},
                                           *domain::LocalDate::parse("2026-10-01"),
                                           std::nullopt,
                                           20});
  ASSERT_TRUE(world.catalogue().save_schedule(caller, saved->id, rules).ok());
  auto b = world.book(saved->id, {.date = "2026-11-25", .time = "10:00"});
  app::UpdateRequest change;
  change.option_id = "es";
  auto changed = world.bookings().update(app::Caller::reseller(kReseller, "key-1"), b.uuid, change);
  ASSERT_TRUE(changed.ok()) << changed.error().to_string();

  auto r = world.login("owner@a.test")->get("/api/v1/extranet/bookings/" + b.id);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto doc = r.json();
  const auto params = doc.root().get("booking").get("history").items().back().get("params");
  EXPECT_EQ(str(params, "changes"), "option");
  EXPECT_EQ(str(params, "fromOption"), "en");
  EXPECT_EQ(str(params, "option"), "es");
  EXPECT_EQ(str(params, "fromOptionName"), "English");
  EXPECT_EQ(str(params, "optionName"), "Spanish");
  EXPECT_FALSE(params.has("fromDate"));  // the date did not change
}

// A channel's change of extras or of pickup is told with both ends: in the history, named as the
// reader's screen names them ("" is none), and in the supplier's amended email, worded ("none").
TEST_F(ExtranetApi, HistoryAndEmailGiveBothEndsOfAChangeOfExtrasAndPickup) {
  auto b = world.book(
      world.tour_a(),
      {.date = "2026-11-25", .time = "10:00", .pickup_point = "hotel-alpha", .lunches = 1});
  const auto reseller = app::Caller::reseller(kReseller, "key-1");
  app::UpdateRequest more;
  more.extras = std::vector<app::ExtraItemInput>{{"lunch", 2}};
  more.pickup_point_id = "hotel-beta";
  auto changed = world.bookings().update(reseller, b.uuid, more);
  ASSERT_TRUE(changed.ok()) << changed.error().to_string();
  auto owner = world.login("owner@a.test");
  // The last history entry's params, as the screen gets them.
  auto last_params = [&] {
    std::map<std::string, std::string> out;
    auto r = owner->get("/api/v1/extranet/bookings/" + b.id);
    EXPECT_EQ(r.status, 200) << r.body;
    const auto doc = r.json();
    const auto params = doc.root().get("booking").get("history").items().back().get("params");
    for (const auto& [name, value] : params.members()) out[std::string(name)] = value.as_string();
    return out;
  };
  EXPECT_EQ(last_params(), (std::map<std::string, std::string>{{"changes", "extras,pickup"},
                                                               {"fromExtras", "lunch:1"},
                                                               {"extras", "lunch:2"},
                                                               {"fromExtrasNames", "1 × Lunch"},
                                                               {"extrasNames", "2 × Lunch"},
                                                               {"fromPickup", "hotel-alpha"},
                                                               {"pickup", "hotel-beta"},
                                                               {"fromPickupName", "Hotel Alpha"},
                                                               {"pickupName", "Hotel Beta"}}));
  // The supplier's amended email (newest first), in its English.
  auto last_email = [&] {
    auto vars =
        world.db().read_value<std::string>([&](storage::Connection& c) -> Result<std::string> {
          PASEO_ASSIGN_OR_RETURN(auto q, c.query("SELECT vars FROM outbox WHERE template = "
                                                 "'booking_amended_supplier' ORDER BY created_at "
                                                 "DESC, id DESC"));
          return q.empty() ? std::string() : q.front().get_string(0);
        });
    EXPECT_TRUE(vars.ok());
    auto decoded = app::decode_email_vars(vars.ok() ? *vars : std::string("{}"));
    EXPECT_TRUE(decoded.ok());
    return decoded.ok() ? *decoded : app::EmailVars{};
  };
  {
    auto vars = last_email();
    EXPECT_EQ(vars["extras_summary"], "2 × Lunch");
    EXPECT_EQ(vars["previous_extras"], "1 × Lunch");
    // The pickup time follows the point: 30 minutes before 10:00 at Alpha, 45 at Beta.
    EXPECT_EQ(vars["pickup"], "Hotel Beta (Gran Via 2), 09:15");
    EXPECT_EQ(vars["previous_pickup"], "Hotel Alpha (Calle Mayor 1), 09:30");
  }
  // No extras any more, and picked up at a hotel of the traveller's rather than at a point.
  app::UpdateRequest fewer;
  fewer.extras = std::vector<app::ExtraItemInput>{};
  fewer.pickup_point_id = "";
  fewer.pickup_hotel = "Hotel Sol";
  changed = world.bookings().update(reseller, b.uuid, fewer);
  ASSERT_TRUE(changed.ok()) << changed.error().to_string();
  EXPECT_EQ(last_params(), (std::map<std::string, std::string>{{"changes", "extras,pickup"},
                                                               {"fromExtras", "lunch:2"},
                                                               {"extras", ""},
                                                               {"fromExtrasNames", "2 × Lunch"},
                                                               {"extrasNames", ""},
                                                               {"fromPickup", "hotel-beta"},
                                                               {"pickup", ""},
                                                               {"pickupHotel", "Hotel Sol"},
                                                               {"fromPickupName", "Hotel Beta"},
                                                               {"pickupName", "Hotel Sol"}}));
  auto vars = last_email();
  EXPECT_EQ(vars["extras_summary"], "none");
  EXPECT_EQ(vars["previous_extras"], "2 × Lunch");
  EXPECT_EQ(vars["pickup"], "Hotel Sol");
  EXPECT_EQ(vars["previous_pickup"], "Hotel Beta (Gran Via 2), 09:15");
}

// The reason is counted in characters, as the web's field counts them; a hold that has lapsed is
// EXPIRED even before the expiry job sweeps it, and has nothing to cancel.
TEST_F(ExtranetApi, SupplierCancelCountsCharactersAndRefusesALapsedHold) {
  auto b = world.book(world.tour_a(), {.date = "2026-11-25", .time = "10:00"});
  auto a = world.login("owner@a.test");
  auto reason = [](int n) {
    std::string r;
    for (int i = 0; i < n; ++i) r += "é";
    return R"({"reason":")" + r + R"("})";
  };
  const std::string url = "/api/v1/extranet/bookings/" + b.id + "/cancel";
  auto r = a->post(url, reason(501));
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.error_field(), "reason");
  r = a->post(url, reason(500));  // 1,000 bytes, 500 characters
  EXPECT_EQ(r.status, 200) << r.body;

  auto hold = world.book(world.tour_a(), {.date = "2026-11-25", .time = "12:00", .confirm = false});
  world.server().clock().advance(std::chrono::minutes(31));  // the 30-minute hold lapsed
  r = a->post("/api/v1/extranet/bookings/" + hold.id + "/cancel", R"({"reason":"late"})");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_NE(r.body.find("hold has expired"), std::string::npos) << r.body;
  EXPECT_EQ(r.error_key(), "booking.holdExpired");
  auto seen = world.bookings().get(app::Caller::supplier(kSupplierA), hold.id);
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->status, domain::BookingStatus::kExpired);
  EXPECT_FALSE(seen->cancellation.has_value());
}

// The confirmation emails carry what the day needs: the traveller's extras and pickup (and the
// meeting point when the product has one), the supplier's answers, notes and reseller reference,
// a link to the booking, and a Reply-To to the other side.
TEST_F(ExtranetApi, BookingEmailsCarryWhatTheDayNeeds) {
  auto b = world.book(world.tour_a(), {.date = "2026-11-25",
                                       .time = "10:00",
                                       .contact_name = "Ana Garcia",
                                       .email = "ana@example.com",
                                       .pickup_point = "hotel-alpha",
                                       .lunches = 2,
                                       .diet = "vegetarian"});
  auto rows = world.db().read_value<std::map<std::string, std::pair<std::string, std::string>>>(
      [&](storage::Connection& c)
          -> Result<std::map<std::string, std::pair<std::string, std::string>>> {
        PASEO_ASSIGN_OR_RETURN(auto q, c.query("SELECT template, vars, reply_to FROM outbox "
                                               "WHERE template LIKE 'booking_confirmed%'"));
        std::map<std::string, std::pair<std::string, std::string>> out;
        for (const auto& row : q.rows) {
          out[row.get_string(0)] = {row.get_string(1), row.get_string(2)};
        }
        return out;
      });
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  auto vars_of = [&](const std::string& name) {
    auto decoded = app::decode_email_vars(rows->at(name).first);
    EXPECT_TRUE(decoded.ok()) << name;
    return decoded.ok() ? *decoded : app::EmailVars{};
  };
  const auto traveller = vars_of("booking_confirmed_traveller");
  const auto supplier = vars_of("booking_confirmed_supplier");
  EXPECT_EQ(traveller.at("extras_summary"), "2 \u00d7 Lunch");
  EXPECT_EQ(traveller.at("pickup"), "Hotel Alpha (Calle Mayor 1), 09:30");  // 30 min before
  EXPECT_EQ(supplier.at("answers"), "Dietary needs: vegetarian");
  EXPECT_EQ(supplier.at("booking_url"), "http://paseo.test/supplier/bookings/" + b.id);
  EXPECT_EQ(rows->at("booking_confirmed_traveller").second, "bookings@org-supplier-a.test");
  EXPECT_EQ(rows->at("booking_confirmed_supplier").second, "ana@example.com");

  auto text = [](const char* name, const char* locale, app::EmailVars v) {
    auto r = app::render_email(name, locale, v);
    EXPECT_TRUE(r.ok()) << name;
    return r.ok() ? r->text : std::string();
  };
  auto t = text("booking_confirmed_traveller", "en", traveller);
  EXPECT_NE(t.find("Extras: 2 \u00d7 Lunch\n"), std::string::npos) << t;
  EXPECT_NE(t.find("Pickup: Hotel Alpha (Calle Mayor 1), 09:30\n"), std::string::npos) << t;
  EXPECT_EQ(t.find("Dietary needs"), std::string::npos) << t;  // the supplier's business
  EXPECT_EQ(t.find("paseo.test/supplier"), std::string::npos) << t;
  auto with_meeting = traveller;
  with_meeting["meeting_point"] = "Plaza Mayor — under the statue";
  with_meeting.erase("pickup");
  t = text("booking_confirmed_traveller", "es", with_meeting);
  EXPECT_NE(t.find("Punto de encuentro: Plaza Mayor — under the statue\n"), std::string::npos) << t;
  auto s2 = supplier;
  s2["reseller_reference"] = "RES-001";
  s2["notes"] = "Late arrival";
  t = text("booking_confirmed_supplier", "es", s2);
  EXPECT_NE(t.find("Canal de venta: Reseller Ltd (ref. RES-001)\n"), std::string::npos) << t;
  EXPECT_NE(t.find("Respuestas: Dietary needs: vegetarian\n"), std::string::npos) << t;
  EXPECT_NE(t.find("Notas: Late arrival\n"), std::string::npos) << t;
  EXPECT_NE(t.find("Ver la reserva: http://paseo.test/supplier/bookings/" + b.id),
            std::string::npos)
      << t;
  EXPECT_EQ(t.find("Encontrarás todos los detalles"), std::string::npos) << t;

  // The traveller's own notes (OCTO contact.notes) reach the supplier with the booking's.
  app::UpdateRequest change;
  domain::Contact contact = b.contact;
  contact.notes = "We arrive by wheelchair";
  change.contact = contact;
  change.notes = "Paid at the desk";
  ASSERT_TRUE(world.bookings().update(app::Caller::reseller(kReseller), b.uuid, change).ok());
  auto amended =
      world.db().read_value<std::string>([&](storage::Connection& c) -> Result<std::string> {
        PASEO_ASSIGN_OR_RETURN(auto q, c.query("SELECT vars FROM outbox WHERE template = "
                                               "'booking_amended_supplier'"));
        return q.empty() ? std::string() : q.front().get_string(0);
      });
  ASSERT_TRUE(amended.ok());
  EXPECT_NE(amended->find(R"("notes":"Paid at the desk · We arrive by wheelchair")"),
            std::string::npos)
      << *amended;
}

// A uuid is a reseller's key, not the booking's identity: one that equals another booking's id
// never hides that booking from the supplier, who opens bookings by id.
TEST_F(ExtranetApi, ABookingIsOpenedByItsIdEvenWhenAnotherHasThatIdAsItsUuid) {
  auto sold = world.book(world.tour_a(), {.date = "2026-11-25", .time = "10:00"});
  app::ReserveRequest req;
  req.uuid = sold.id;
  req.product_id = world.tour_a();
  req.option_id = "en";
  req.availability_id = sold.availability_id;
  req.unit_items.push_back(app::UnitItemInput{"", "adult", "", {}, {}});
  auto direct = world.bookings().reserve(app::Caller::supplier(kSupplierA, "desk"), req);
  ASSERT_TRUE(direct.ok()) << direct.error().to_string();
  ASSERT_NE(direct->id, sold.id);
  auto a = world.login("owner@a.test");
  auto r = a->get("/api/v1/extranet/bookings/" + sold.id);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(str(r.json().root().get("booking"), "supplierReference"), sold.supplier_reference);
  r = a->get("/api/v1/extranet/bookings/" + direct->id);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(str(r.json().root().get("booking"), "supplierReference"), direct->supplier_reference);
}

TEST_F(ExtranetApi, BookingDetailHasContactItemsPricesAnswersAndHistory) {
  auto b = world.book(world.tour_a(), {.date = "2026-11-25",
                                       .time = "10:00",
                                       .adults = 2,
                                       .children = 1,
                                       .pickup_point = "hotel-beta",
                                       .lunches = 2,
                                       .diet = "Vegan"});
  auto a = world.login("staff@a.test");
  auto r = a->get("/api/v1/extranet/bookings/" + b.id);
  ASSERT_EQ(r.status, 200) << r.body;
  auto doc = r.json();
  auto bk = doc.root().get("booking");
  EXPECT_EQ(str(bk, "supplierReference"), b.supplier_reference);
  EXPECT_EQ(str(bk, "status"), "CONFIRMED");
  EXPECT_EQ(str(bk.get("contact"), "fullName"), "Ana Garcia");
  EXPECT_EQ(str(bk.get("contact"), "phone"), "+34600000000");
  auto items = bk.get("items").items();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(str(items[0], "unitType"), "ADULT");
  EXPECT_EQ(items[0].get("quantity").as_int(), 2);
  EXPECT_EQ(items[0].get("total").get("amount").as_int(), 5000);
  EXPECT_EQ(items[1].get("retail").get("amount").as_int(), 1500);
  auto extras = bk.get("extras").items();
  ASSERT_EQ(extras.size(), 1u);
  EXPECT_EQ(str(extras[0], "name"), "Lunch");
  EXPECT_EQ(extras[0].get("total").get("amount").as_int(), 2000);
  EXPECT_EQ(bk.get("total").get("amount").as_int(), 8500);
  auto answers = bk.get("answers").items();
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(str(answers[0], "question"), "Dietary needs");
  EXPECT_EQ(str(answers[0], "answer"), "Vegan");
  EXPECT_EQ(str(bk.get("pickup"), "name"), "Hotel Beta");
  EXPECT_EQ(str(bk.get("pickup"), "localTime"), "09:15");
  EXPECT_TRUE(bk.get("pickupHotel").is_null());
  auto history = bk.get("history").items();
  ASSERT_GE(history.size(), 2u);
  EXPECT_EQ(str(history[0], "action"), "reserved");
  EXPECT_EQ(str(history[1], "action"), "confirmed");
  EXPECT_EQ(str(history[0], "channel"), "octo");
  EXPECT_EQ(a->get("/api/v1/extranet/bookings/does-not-exist").status, 404);
}

// --- dashboard and day sheet
// ------------------------------------------------------------------------

TEST_F(ExtranetApi, DashboardTodayUpcomingAndThirtyDaySeries) {
  world.book(world.tour_a(), {.date = "2026-11-23", .time = "12:00", .adults = 2, .children = 1});
  world.book(world.tour_a(), {.date = "2026-11-24", .time = "10:00", .adults = 1});
  world.book(world.tour_a(),
             {.date = "2026-11-24", .time = "17:00", .adults = 1, .confirm = false});
  auto a = world.login("owner@a.test");
  auto r = a->get("/api/v1/extranet/dashboard?days=3");
  ASSERT_EQ(r.status, 200) << r.body;
  auto doc = r.json();
  auto root = doc.root();
  EXPECT_EQ(str(root, "localDate"), "2026-11-23");
  EXPECT_EQ(str(root, "currency"), "EUR");
  auto today = root.get("today").items();
  ASSERT_EQ(today.size(), 3u);
  EXPECT_EQ(str(today[1], "localTime"), "12:00");
  EXPECT_EQ(today[1].get("booked").as_int(), 3);
  EXPECT_EQ(today[1].get("capacity").as_int(), 20);
  EXPECT_EQ(today[1].get("unitCounts").get("ADULT").as_int(), 2);
  EXPECT_EQ(today[1].get("unitCounts").get("CHILD").as_int(), 1);
  auto upcoming = root.get("upcoming").items();
  ASSERT_EQ(upcoming.size(), 9u);  // 3 days x 3 departures
  EXPECT_EQ(upcoming[0].get("booked").as_int(), 1);
  auto series = root.get("series").items();
  ASSERT_EQ(series.size(), 30u);
  EXPECT_EQ(str(series[29], "date"), "2026-11-23");
  EXPECT_EQ(str(series[0], "date"), "2026-10-25");
  EXPECT_EQ(series[29].get("bookings").as_int(), 2);           // the hold is not counted
  EXPECT_EQ(series[29].get("revenue").as_int(), 6500 + 2500);  // 2A+1C, 1A
  EXPECT_EQ(series[28].get("bookings").as_int(), 0);
  EXPECT_EQ(a->get("/api/v1/extranet/dashboard?days=99").error_field(), "days");
}

// A departure's seats are shared by the product's options (domain/catalogue.h); the dashboard says
// under which option they were sold, and an OPENING_HOURS day carries its opening intervals.
TEST_F(ExtranetApi, DashboardSaysWhichOptionSoldTheSeatsAndGivesOpeningHours) {
  auto caller = app::Caller::supplier(kSupplierA, "fixture", "admin");
  auto tz = *domain::TimeZone::find("Europe/Madrid");
  auto D = [](const char* s) { return *domain::LocalDate::parse(s); };
  auto T = [](const char* s) { return *domain::LocalTime::parse(s); };

  // Two options ("en" default, "es"), 10:00 every day; two adults booked under "es" today.
  domain::Product two = walking_tour("Two options");
  domain::Option es = two.options.front();
  es.id = "es";
  es.is_default = false;
  es.internal_name = "Spanish";
  es.title = {{"en", "Spanish"}};
  two.options.push_back(es);
  auto saved = world.catalogue().save_product(caller, two);
  ASSERT_TRUE(saved.ok()) << saved.error().to_string();
  domain::Schedule rules;
  rules.rules.push_back(
      domain::WeeklyRule{domain::kEveryDay, {T("10:00")}, D("2026-10-01"), std::nullopt, 20});
  ASSERT_TRUE(world.catalogue().save_schedule(caller, saved->id, rules).ok());
  app::ReserveRequest req;
  req.product_id = saved->id;
  req.option_id = "es";
  domain::Slot slot;
  slot.date = D("2026-11-23");
  slot.start = T("10:00");
  req.availability_id = domain::availability_id(tz, slot);
  req.unit_items = {app::UnitItemInput{"", "adult", "", {}, {}},
                    app::UnitItemInput{"", "adult", "", {}, {}}};
  auto reserved = world.bookings().reserve(app::Caller::reseller(kReseller, "key-1"), req);
  ASSERT_TRUE(reserved.ok()) << reserved.error().to_string();

  // An OPENING_HOURS museum: Monday 09:00-18:00, Tuesday 10:00-14:00 and 16:00-20:00.
  domain::Product museum = walking_tour("Museum");
  museum.availability_type = domain::AvailabilityType::kOpeningHours;
  museum.pickup_points.clear();
  museum.options.front().pickup_available = false;
  auto museum_saved = world.catalogue().save_product(caller, museum);
  ASSERT_TRUE(museum_saved.ok()) << museum_saved.error().to_string();
  domain::Schedule hours;
  hours.opening_hours = {
      domain::OpeningHours{0b0000001, T("09:00"), T("18:00"), D("2026-10-01"), std::nullopt, 100},
      domain::OpeningHours{0b0000010, T("10:00"), T("14:00"), D("2026-10-01"), std::nullopt, 100},
      domain::OpeningHours{0b0000010, T("16:00"), T("20:00"), D("2026-10-01"), std::nullopt, 100}};
  auto hs = world.catalogue().save_schedule(caller, museum_saved->id, hours);
  ASSERT_TRUE(hs.ok()) << hs.error().to_string();

  auto a = world.login("owner@a.test");
  auto r = a->get("/api/v1/extranet/dashboard?days=1");
  ASSERT_EQ(r.status, 200) << r.body;
  auto doc = r.json();
  auto find = [&](const char* list, const std::string& product_id) {
    for (const auto& d : doc.root().get(list).items()) {
      if (str(d, "productId") == product_id) return d;
    }
    ADD_FAILURE() << "no departure of " << product_id << " in " << list;
    return JsonValue();
  };

  auto dep = find("today", saved->id);
  ASSERT_TRUE(dep.valid());
  EXPECT_EQ(dep.get("booked").as_int(), 2);
  EXPECT_EQ(dep.get("unitCounts").get("ADULT").as_int(), 2);
  EXPECT_EQ(str(dep, "availabilityType"), "START_TIME");
  EXPECT_FALSE(dep.has("openingHours"));
  auto options = dep.get("options").items();
  ASSERT_EQ(options.size(), 2u);
  EXPECT_EQ(str(options[0], "optionId"), "en");
  EXPECT_EQ(options[0].get("unitCounts").size(), 0u);  // nothing sold under the default option
  EXPECT_EQ(str(options[1], "optionId"), "es");
  EXPECT_EQ(str(options[1], "optionName"), "Spanish");
  EXPECT_EQ(options[1].get("unitCounts").get("ADULT").as_int(), 2);

  auto monday = find("today", museum_saved->id);
  ASSERT_TRUE(monday.valid());
  EXPECT_EQ(str(monday, "availabilityType"), "OPENING_HOURS");
  EXPECT_EQ(str(monday, "localTime"), "00:00");  // the admission day's slot, not a start time
  auto mon_hours = monday.get("openingHours").items();
  ASSERT_EQ(mon_hours.size(), 1u);
  EXPECT_EQ(str(mon_hours[0], "from"), "09:00");
  EXPECT_EQ(str(mon_hours[0], "to"), "18:00");
  auto tuesday = find("upcoming", museum_saved->id);
  ASSERT_TRUE(tuesday.valid());
  auto tue_hours = tuesday.get("openingHours").items();
  ASSERT_EQ(tue_hours.size(), 2u);
  EXPECT_EQ(str(tue_hours[0], "from"), "10:00");
  EXPECT_EQ(str(tue_hours[0], "to"), "14:00");
  EXPECT_EQ(str(tue_hours[1], "from"), "16:00");
  EXPECT_EQ(str(tue_hours[1], "to"), "20:00");
}

TEST_F(ExtranetApi, DaySheetListsPickupsInPickupOrderWithExtrasAndAnswers) {
  world.book(world.tour_a(), {.date = "2026-11-25",
                              .time = "10:00",
                              .adults = 1,
                              .contact_name = "Carla Alpha",
                              .pickup_point = "hotel-alpha"});
  world.book(world.tour_a(), {.date = "2026-11-25",
                              .time = "10:00",
                              .adults = 2,
                              .contact_name = "Bruno Beta",
                              .pickup_point = "hotel-beta",
                              .lunches = 1,
                              .diet = "No nuts"});
  world.book(world.tour_a(), {.date = "2026-11-25",
                              .time = "10:00",
                              .adults = 1,
                              .contact_name = "Ada Walker",
                              .pickup_hotel = "Hotel Gran Vía"});
  world.book(world.tour_a(), {.date = "2026-11-25",
                              .time = "10:00",
                              .adults = 1,
                              .contact_name = "Held Only",
                              .confirm = false});
  auto a = world.login("owner@a.test");
  auto r = a->get("/api/v1/extranet/daysheet?date=2026-11-25&productId=" + world.tour_a());
  ASSERT_EQ(r.status, 200) << r.body;
  auto doc = r.json();
  auto deps = doc.root().get("departures").items();
  ASSERT_EQ(deps.size(), 3u);
  auto first = deps[0];
  EXPECT_EQ(str(first, "localTime"), "10:00");
  EXPECT_EQ(first.get("booked").as_int(), 5);  // seats include the hold
  EXPECT_EQ(first.get("unitTotals").get("ADULT").as_int(), 4);
  auto bookings = first.get("bookings").items();
  ASSERT_EQ(bookings.size(), 3u);                            // confirmed only
  EXPECT_EQ(str(bookings[0], "contactName"), "Bruno Beta");  // pickup 09:15
  EXPECT_EQ(str(bookings[0].get("pickup"), "localTime"), "09:15");
  EXPECT_EQ(str(bookings[1], "contactName"), "Carla Alpha");  // pickup 09:30
  EXPECT_EQ(str(bookings[2], "contactName"), "Ada Walker");   // no pickup: last
  EXPECT_TRUE(bookings[2].get("pickup").is_null());
  EXPECT_EQ(str(bookings[2].get("pickupHotel"), "name"), "Hotel Gran Vía");  // no time: last too
  EXPECT_EQ(str(bookings[2].get("pickupHotel"), "room"), "12");
  EXPECT_TRUE(bookings[0].get("pickupHotel").is_null());
  EXPECT_EQ(str(bookings[0].get("extras").items()[0], "name"), "Lunch");
  EXPECT_EQ(str(bookings[0].get("answers").items()[0], "answer"), "No nuts");
  EXPECT_EQ(str(first.get("extraTotals").items()[0], "name"), "Lunch");
  EXPECT_EQ(a->get("/api/v1/extranet/daysheet").error_field(), "date");
}

// --- products
// -----------------------------------------------------------------------------------------

TEST_F(ExtranetApi, SupplierReadsProductsAndEditsPricesCutoffAndPickupTimes) {
  auto a = world.login("owner@a.test");
  auto r = a->get("/api/v1/extranet/products");
  ASSERT_EQ(r.status, 200) << r.body;
  auto list = r.json();
  ASSERT_EQ(list.root().get("items").size(), 1u);
  EXPECT_EQ(str(list.root().get("items").items()[0], "id"), world.tour_a());
  r = a->get("/api/v1/extranet/products/" + world.tour_a());
  ASSERT_EQ(r.status, 200) << r.body;
  auto p = r.json();
  auto product = p.root().get("product");
  EXPECT_EQ(str(product, "timeZone"), "Europe/Madrid");
  EXPECT_EQ(str(product.get("texts").get("es"), "title"),
            std::string("Paseo Tour of ") + kSupplierA);
  EXPECT_EQ(product.get("options").items()[0].get("units").items()[0].get("retail").as_int(), 2500);
  EXPECT_EQ(product.get("pickupPoints").size(), 2u);

  r = a->patch(
      "/api/v1/extranet/products/" + world.tour_a(),
      R"({"cutoffMinutes":90,"options":[{"id":"en","units":[{"id":"adult","retail":2700,"net":2100}]}],
                   "pickupPoints":[{"id":"hotel-alpha","minutesBeforeStart":20}]})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto patched = r.json();
  auto pp = patched.root().get("product");
  EXPECT_EQ(pp.get("cutoffMinutes").as_int(), 90);
  EXPECT_EQ(pp.get("options").items()[0].get("units").items()[0].get("retail").as_int(), 2700);
  EXPECT_EQ(pp.get("pickupPoints").items()[0].get("minutesBeforeStart").as_int(), 20);
  auto fresh = world.catalogue().get_product(app::Caller::reseller(kReseller, "k"), world.tour_a());
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(fresh->booking_cutoff_minutes, 90);

  r = a->patch("/api/v1/extranet/products/" + world.tour_a(),
               R"({"options":[{"id":"en","units":[{"id":"adult","retail":-5}]}]})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_field(), "options.0.units.0.retail");
  r = a->patch("/api/v1/extranet/products/" + world.tour_a(), R"({"horizonDays":"soon"})");
  EXPECT_EQ(r.error_field(), "horizonDays");
}

// --- tenant isolation: every extranet endpoint answers 404 for another supplier's objects
// ----------

TEST_F(ExtranetApi, SupplierBGets404ForEverythingOfSupplierA) {
  auto ba = world.book(world.tour_a(), {.date = "2026-11-25", .time = "10:00"});
  auto b = world.login("owner@b.test");
  const std::string p = world.tour_a();
  struct Case {
    const char* method;
    std::string path;
    std::string body;
  };
  std::vector<Case> cases = {
      {"GET", "/api/v1/extranet/bookings/" + ba.id, ""},
      {"GET", "/api/v1/extranet/bookings/" + ba.uuid, ""},
      {"POST", "/api/v1/extranet/bookings/" + ba.id + "/cancel", R"({"reason":"mine now"})"},
      {"POST", "/api/v1/extranet/bookings/" + ba.uuid + "/cancel", R"({"reason":"mine now"})"},
      {"POST", "/api/v1/extranet/bookings/" + ba.id + "/move",
       R"({"departureId":"2026-11-26T10:00:00+01:00"})"},
      {"POST", "/api/v1/extranet/bookings/" + ba.id + "/contact", R"({"email":"b@b.test"})"},
      {"POST", "/api/v1/extranet/bookings/" + ba.uuid + "/contact", R"({"email":"b@b.test"})"},
      {"POST", "/api/v1/extranet/bookings/" + ba.id + "/resend-confirmation", ""},
      {"POST", "/api/v1/extranet/bookings/" + ba.id + "/check-in", R"({"checkedIn":true})"},
      {"POST", "/api/v1/extranet/bookings/" + ba.id + "/pickup", R"({"hotel":"Hotel B"})"},
      {"GET", "/api/v1/extranet/calendar?productId=" + p + "&from=2026-11-25&to=2026-11-26", ""},
      {"POST", "/api/v1/extranet/calendar/closures",
       R"({"productId":")" + p + R"(","date":"2026-12-01","closed":true})"},
      {"POST", "/api/v1/extranet/calendar/quotas",
       R"({"productId":")" + p + R"(","date":"2026-12-01","capacity":1})"},
      {"POST", "/api/v1/extranet/calendar/departures",
       R"({"productId":")" + p + R"(","date":"2026-12-01","localTime":"21:00","capacity":1})"},
      {"GET", "/api/v1/extranet/products/" + p, ""},
      {"PATCH", "/api/v1/extranet/products/" + p, R"({"cutoffMinutes":5})"},
      {"GET", "/api/v1/extranet/products/" + p + "/rules", ""},
      {"POST", "/api/v1/extranet/products/" + p + "/rules",
       R"({"weekdays":[1],"times":["09:00"],"from":"2026-12-01","capacity":1})"},
      {"PUT", "/api/v1/extranet/products/" + p + "/rules/0",
       R"({"weekdays":[1],"times":["09:00"],"from":"2026-12-01","capacity":1})"},
      {"DELETE", "/api/v1/extranet/products/" + p + "/rules/0", ""},
      {"GET", "/api/v1/extranet/products/" + p + "/prices", ""},
      {"POST", "/api/v1/extranet/products/" + p + "/prices",
       R"({"optionId":"en","unitId":"adult","from":"2026-12-01","to":"2026-12-02","retail":1})"},
      {"DELETE", "/api/v1/extranet/products/" + p + "/prices/en~adult~2026-12-01~2026-12-02", ""},
      {"GET", "/api/v1/extranet/daysheet?date=2026-11-25&productId=" + p, ""},
      {"POST", "/api/v1/extranet/bookings",
       R"({"productId":")" + p +
           R"(","optionId":"en","departureId":"2026-11-25T10:00:00+01:00","units":{"adult":1},"firstName":"B","lastName":"B"})"},
  };
  for (const auto& c : cases) {
    auto r = b->request(c.method, c.path, c.body);
    EXPECT_EQ(r.status, 404) << c.method << " " << c.path << ": " << r.body;
    EXPECT_EQ(r.error_code(), "NOT_FOUND") << c.method << " " << c.path;
    // A booking route says which thing was not found, under the route's id, in the screen's words.
    if (c.path.rfind("/api/v1/extranet/bookings/", 0) == 0) {
      EXPECT_EQ(r.error_field(), "id") << c.method << " " << c.path;
      EXPECT_EQ(r.error_key(), "booking.notFound") << c.method << " " << c.path;
    }
  }
  // Lists never show A's rows to B.
  auto r = b->get("/api/v1/extranet/bookings?productId=" + p);
  EXPECT_EQ(r.json().root().get("total").as_int(), 0);
  r = b->get("/api/v1/extranet/bookings?q=" + ba.supplier_reference);
  EXPECT_EQ(r.json().root().get("total").as_int(), 0);
  r = b->get("/api/v1/extranet/bookings.csv");
  EXPECT_EQ(r.body.find(ba.supplier_reference), std::string::npos);
  r = b->get("/api/v1/extranet/products");
  EXPECT_EQ(r.body.find(p), std::string::npos);
  r = b->get("/api/v1/extranet/dashboard");
  EXPECT_EQ(r.body.find(p), std::string::npos);
  r = b->get("/api/v1/extranet/daysheet?date=2026-11-25");
  EXPECT_EQ(r.body.find(p), std::string::npos);
  // And nothing of A changed.
  auto sched = world.catalogue().get_schedule(app::Caller::supplier(kSupplierA), p);
  ASSERT_TRUE(sched.ok());
  EXPECT_TRUE(sched->closures.empty());
  EXPECT_EQ(sched->rules.size(), 1u);
  auto still = world.bookings().get(app::Caller::supplier(kSupplierA), ba.id);
  ASSERT_TRUE(still.ok());
  EXPECT_EQ(still->status, domain::BookingStatus::kConfirmed);
}

// --- back office
// ----------------------------------------------------------------------------------

TEST_F(ExtranetApi, AdminListsSuppliersAndUpdatesCommissionAndCurrency) {
  auto admin = world.login("admin@paseo.test");
  auto r = admin->get("/api/v1/admin/suppliers");
  ASSERT_EQ(r.status, 200) << r.body;
  auto doc = r.json();
  EXPECT_EQ(doc.root().get("total").as_int(), 2);
  EXPECT_EQ(str(doc.root().get("items").items()[0], "name"), "Paseos A");
  EXPECT_EQ(doc.root().get("items").items()[0].get("productCount").as_int(), 1);
  r = admin->get("/api/v1/admin/suppliers?q=tours");
  EXPECT_EQ(r.json().root().get("total").as_int(), 1);
  r = admin->get(std::string("/api/v1/admin/suppliers/") + kSupplierA);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().root().get("users").size(), 2u);
  EXPECT_EQ(admin->get(std::string("/api/v1/admin/suppliers/") + kReseller).status, 404);
  r = admin->patch(std::string("/api/v1/admin/suppliers/") + kSupplierA,
                   R"({"commissionBp":2500,"currency":"USD"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().root().get("supplier").get("commissionBp").as_int(), 2500);
  EXPECT_EQ(str(r.json().root().get("supplier"), "currency"), "USD");
  r = admin->patch(std::string("/api/v1/admin/suppliers/") + kSupplierA, R"({"currency":"EURO"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_field(), "currency");
  r = admin->patch(std::string("/api/v1/admin/suppliers/") + kSupplierA,
                   R"({"commissionBp":10001})");
  EXPECT_EQ(r.error_field(), "commissionBp");
  r = admin->patch(std::string("/api/v1/admin/suppliers/") + kSupplierA,
                   R"({"timezone":"Mars/Olympus"})");
  EXPECT_EQ(r.error_field(), "timezone");
}

TEST_F(ExtranetApi, AdminLoadsAProductWithEveryCatalogueFieldAndItIsLiveForTheSupplier) {
  auto admin = world.login("admin@paseo.test");
  const std::string body = full_product_json();
  auto r = admin->post(std::string("/api/v1/admin/suppliers/") + kSupplierA + "/products", body);
  ASSERT_EQ(r.status, 201) << r.body;
  auto created = r.json();
  auto product = created.root().get("product");
  std::string id = str(product, "id");
  EXPECT_EQ(str(product, "supplierId"), kSupplierA);
  EXPECT_EQ(str(product.get("texts").get("fr"), "title"), "Excursion à Tolède");
  EXPECT_EQ(product.get("cancellation").get("feePercent").as_int(), 50);
  EXPECT_EQ(product.get("options").items()[1].get("bookingPrice").get("retail").as_int(), 40000);
  EXPECT_EQ(product.get("options").items()[0].get("priceOverrides").size(), 1u);
  EXPECT_EQ(product.get("questions").items()[0].get("perParticipant").as_bool(), true);
  EXPECT_NEAR(product.get("meetingPoint").get("latitude").as_double(), 40.418, 1e-9);

  auto a = world.login("owner@a.test");
  r = a->get("/api/v1/extranet/products/" + id);
  ASSERT_EQ(r.status, 200) << r.body;
  auto b = world.login("owner@b.test");
  EXPECT_EQ(b->get("/api/v1/extranet/products/" + id).status, 404);

  // Edit: PUT the whole product back with a new title.
  std::string edited = body;
  edited.replace(edited.find("\"Toledo day trip\", \"shortDescription\""), 17,
                 "\"Toledo in a day\"");
  r = admin->put("/api/v1/admin/products/" + id, edited);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(str(r.json().root().get("product"), "title"), "Toledo in a day");

  // Field-level errors.
  r = admin->post(
      std::string("/api/v1/admin/suppliers/") + kSupplierA + "/products",
      R"({"internalName":"x","texts":{"en":{"title":"x"}},"timeZone":"Europe/Madrid","currency":"EUR",
                      "options":[{"id":"o","units":[{"type":"GIANT","retail":1}]}]})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_field(), "options.0.units.0.type");
  r = admin->post(
      std::string("/api/v1/admin/suppliers/") + kSupplierA + "/products",
      R"({"internalName":"x","texts":{"en":{"title":"x"}},"timeZone":"Europe/Madrid","currency":"EUR",
                      "options":[{"id":"o","units":[{"type":"ADULT"}]}]})");
  EXPECT_EQ(r.error_field(), "options.0.units.0.retail");
  r = admin->post(
      std::string("/api/v1/admin/suppliers/") + kSupplierA + "/products",
      R"({"internalName":"x","texts":{"en":{"title":"x"}},"timeZone":"Nowhere/City","currency":"EUR",
                      "options":[{"id":"o","units":[{"type":"ADULT","retail":1}]}]})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_field(), "timeZone");
  EXPECT_EQ(admin->post("/api/v1/admin/suppliers/nope/products", body).status, 404);
}

// The back office's product form edits names in one language and shows no date-range prices:
// saving it unchanged must not wipe the supplier's seasonal prices, the other languages, or the
// option settings the form does not show.
TEST_F(ExtranetApi, AdminSaveOfTheFormKeepsWhatTheFormDoesNotShow) {
  auto admin = world.login("admin@paseo.test");
  auto swap = [](std::string& s, const std::string& what, const std::string& with) {
    const auto at = s.find(what);
    ASSERT_NE(at, std::string::npos) << what;
    s.replace(at, what.size(), with);
  };
  std::string body = full_product_json();
  swap(body, R"("pricePer": "UNIT",)",
       R"("pricePer": "UNIT", "requiredContactFields": ["firstName", "phoneNumber"],)");
  swap(body, R"("name": "Adult", "minAge": 18)",
       R"("name": "Adult", "names": {"es": "Adulto"}, "minAge": 18)");
  auto r = admin->post(std::string("/api/v1/admin/suppliers/") + kSupplierA + "/products", body);
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string id = str(r.json().root().get("product"), "id");
  // What the form sends: names in English only, no priceOverrides, no requiredContactFields.
  std::string form = full_product_json();
  swap(form, R"("names": {"es": "Estándar"}, )", "");
  swap(form,
       R"(,
                 "priceOverrides": [{"unitId": "adult", "from": "2026-12-24", "to": "2026-12-26", "retail": 7000, "net": 5600}])",
       "");
  ASSERT_EQ(form.find("priceOverrides"), std::string::npos) << form;
  r = admin->put("/api/v1/admin/products/" + id, form);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto doc = r.json();
  auto std_option = doc.root().get("product").get("options").items()[0];
  EXPECT_EQ(std_option.get("priceOverrides").size(), 1u) << r.body;
  EXPECT_EQ(str(std_option.get("names"), "es"), "Estándar") << r.body;
  EXPECT_EQ(str(std_option.get("units").items()[0].get("names"), "es"), "Adulto") << r.body;
  EXPECT_EQ(std_option.get("requiredContactFields").size(), 2u) << r.body;
  // Sending them empty on purpose still clears them.
  std::string cleared = form;
  swap(cleared, R"("pricePer": "UNIT",)",
       R"("pricePer": "UNIT", "priceOverrides": [], "requiredContactFields": [],)");
  r = admin->put("/api/v1/admin/products/" + id, cleared);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto doc2 = r.json();
  auto after = doc2.root().get("product").get("options").items()[0];
  EXPECT_EQ(after.get("priceOverrides").size(), 0u);
  EXPECT_EQ(after.get("requiredContactFields").size(), 0u);
}

TEST_F(ExtranetApi, AdminUploadsPhotosServedResized) {
  auto admin = world.login("admin@paseo.test");
  app::RgbImage img;
  img.width = 2400;
  img.height = 1200;
  img.pixels.assign(static_cast<std::size_t>(img.width) * img.height * 3, 0);
  for (std::size_t i = 0; i < img.pixels.size(); ++i)
    img.pixels[i] = static_cast<std::uint8_t>(i % 251);
  auto jpeg = app::encode_jpeg(img, 80);
  ASSERT_TRUE(jpeg.ok());
  auto r = admin->request("POST", "/api/v1/admin/products/" + world.tour_a() + "/photos", *jpeg,
                          "image/jpeg");
  ASSERT_EQ(r.status, 201) << r.body;
  auto doc = r.json();
  auto photo = doc.root().get("photo");
  std::string url = str(photo, "url");
  std::string thumb = str(photo, "thumbUrl");
  EXPECT_EQ(photo.get("width").as_int(), 2400);
  auto anon = world.anonymous();
  auto large = anon->get(url);
  ASSERT_EQ(large.status, 200);
  EXPECT_EQ(large.headers["content-type"], "image/jpeg");
  auto decoded = app::decode_image(large.body, "image/jpeg");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->width, 1600);
  EXPECT_EQ(decoded->height, 800);
  auto small = app::decode_image(anon->get(thumb).body, "image/jpeg");
  ASSERT_TRUE(small.ok());
  EXPECT_EQ(small->width, 400);
  // The supplier sees it on the product.
  auto a = world.login("owner@a.test");
  r = a->get("/api/v1/extranet/products/" + world.tour_a());
  EXPECT_EQ(str(r.json().root().get("product").get("photos").items()[0], "thumbUrl"), thumb);
  // Not an image: refused by content, whatever the header says.
  r = admin->request("POST", "/api/v1/admin/products/" + world.tour_a() + "/photos",
                     "%PDF-1.4 not an image", "image/jpeg");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_field(), "file");
  r = admin->request("POST", "/api/v1/admin/products/" + world.tour_a() + "/photos",
                     std::string("\xFF\xD8\xFF\xE0 truncated", 14), "image/jpeg");
  EXPECT_EQ(r.status, 400);
  // A real photo cut short by the network is refused, not stored with grey where it stopped.
  r = admin->request("POST", "/api/v1/admin/products/" + world.tour_a() + "/photos",
                     jpeg->substr(0, jpeg->size() / 2), "image/jpeg");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_field(), "file");
  EXPECT_NE(r.body.find("cut short"), std::string::npos) << r.body;
  EXPECT_EQ(anon->get("/media/photos/" + str(photo, "id") + "/../../etc").status, 404);
  r = admin->del("/api/v1/admin/products/" + world.tour_a() + "/photos/" + str(photo, "id"));
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(anon->get(url).status, 404);
}

}  // namespace
}  // namespace paseo::testing
