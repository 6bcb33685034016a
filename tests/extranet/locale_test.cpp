// Catalogue texts in the user's language on the extranet and back-office read endpoints
// (docs/api/extranet.md, "Language"): the first tag of Accept-Language when it is es/en/fr (the web
// app sends its UI language), else the user's remembered language (PATCH /api/v1/me), else
// English; each text falls back to English, then any language, then the internal name. Also: the
// day sheet names the options actually booked, not the product's first option.
//
// Compiled twice: extranet_locale_sqlite_test (label sqlite) and extranet_locale_pg_test (label
// pg; PASEO_TEST_PG_URL, skipped locally without it and failing under CI=true).
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fixtures.h"

namespace paseo::testing {
namespace {

using http::JsonValue;
using storage::testing::TestBackend;

#if defined(PASEO_EXTRANET_TEST_PG)
constexpr TestBackend kBackend = TestBackend::kPostgres;
#define LOCALE_TEST LocalePg
#else
constexpr TestBackend kBackend = TestBackend::kSqliteFile;
#define LOCALE_TEST LocaleSqlite
#endif

std::string str(const JsonValue& v, std::string_view key) {
  return std::string(v.get(key).as_string());
}

domain::LocalDate D(const char* s) { return *domain::LocalDate::parse(s); }
domain::LocalTime T(const char* s) { return *domain::LocalTime::parse(s); }

// A tapas walk with texts in en/es/fr, a second option "day" (en/es/fr) and a third "night" with
// an English title only (the fallback case). 10:00 and 12:00 every day.
class LOCALE_TEST : public ::testing::Test {
 protected:
  void SetUp() override {
    PASEO_SKIP_OR_FAIL_WITHOUT_PG(kBackend);
    world = std::make_unique<ExtranetWorld>(kBackend);
    auto caller = app::Caller::supplier(kSupplierA, "fixture", "admin");
    domain::Product p = walking_tour("Tapas");
    p.title = {{"en", "Tapas walk"}, {"es", "Ruta de tapas"}, {"fr", "Balade des tapas"}};
    auto& en = p.options.front();
    en.title = {{"en", "English guide"}, {"es", "Guía en inglés"}, {"fr", "Guide anglais"}};
    en.units[0].title = {{"en", "Adult"}, {"es", "Adulto"}, {"fr", "Adulte"}};
    domain::Option day = en;
    day.id = "day";
    day.is_default = false;
    day.internal_name = "Day";
    day.title = {{"en", "Daytime"}, {"es", "De día"}, {"fr", "De jour"}};
    domain::Option night = en;
    night.id = "night";
    night.is_default = false;
    night.internal_name = "Night";
    night.title = {{"en", "Night owls"}};
    p.options.push_back(day);
    p.options.push_back(night);
    p.extras.front().title = {{"en", "Lunch"}, {"es", "Almuerzo"}, {"fr", "Déjeuner"}};
    p.questions.front().label = {
        {"en", "Dietary needs"}, {"es", "Dieta"}, {"fr", "Régime alimentaire"}};
    auto saved = world->catalogue().save_product(caller, p);
    ASSERT_TRUE(saved.ok()) << saved.error().to_string();
    product = saved->id;
    domain::Schedule rules;
    rules.rules.push_back(domain::WeeklyRule{
        domain::kEveryDay, {T("10:00"), T("12:00")}, D("2026-10-01"), std::nullopt, 20});
    ASSERT_TRUE(world->catalogue().save_schedule(caller, product, rules).ok());

    // Today (2026-11-23) 10:00: one booking of the default option, one of "day" with lunch and
    // an answer. 12:00: only "day" is booked.
    world->book(product, {.date = "2026-11-23",
                          .time = "10:00",
                          .adults = 1,
                          .contact_name = "Ana English",
                          .option_id = "en"});
    day_booking = world->book(product, {.date = "2026-11-23",
                                        .time = "10:00",
                                        .adults = 2,
                                        .contact_name = "Bea Daytime",
                                        .lunches = 1,
                                        .diet = "Vegan",
                                        .option_id = "day"});
    world->book(product, {.date = "2026-11-23",
                          .time = "12:00",
                          .adults = 3,
                          .contact_name = "Carl Noon",
                          .option_id = "day"});
    world->book(product, {.date = "2026-11-24",
                          .time = "10:00",
                          .adults = 1,
                          .contact_name = "Dora Night",
                          .option_id = "night"});
  }

  // A supplier A owner's client; `accept_language` "" sends none.
  std::unique_ptr<HttpClient> owner(const std::string& accept_language) {
    auto c = world->login("owner@a.test");
    if (!accept_language.empty()) c->set_header("Accept-Language", accept_language);
    return c;
  }

  // Product title and option names as the products list gives them.
  std::vector<std::string> product_list_names(HttpClient& c) {
    auto r = c.get("/api/v1/extranet/products");
    EXPECT_EQ(r.status, 200) << r.body;
    auto doc = r.json();
    for (const auto& item : doc.root().get("items").items()) {
      if (str(item, "id") != product) continue;
      std::vector<std::string> out{str(item, "title")};
      for (const auto& o : item.get("options").items()) out.push_back(str(o, "name"));
      return out;
    }
    ADD_FAILURE() << "product not listed: " << r.body;
    return {};
  }

  std::unique_ptr<ExtranetWorld> world;
  std::string product;
  domain::Booking day_booking;
};

TEST_F(LOCALE_TEST, ProductsListIsInTheRequestedLanguageWithEnglishFallback) {
  auto es = owner("es");
  EXPECT_EQ(product_list_names(*es),
            (std::vector<std::string>{"Ruta de tapas", "Guía en inglés", "De día", "Night owls"}));
  auto fr = owner("fr-FR,fr;q=0.9");
  EXPECT_EQ(product_list_names(*fr), (std::vector<std::string>{"Balade des tapas", "Guide anglais",
                                                               "De jour", "Night owls"}));
  auto en = owner("en");
  EXPECT_EQ(product_list_names(*en),
            (std::vector<std::string>{"Tapas walk", "English guide", "Daytime", "Night owls"}));
}

TEST_F(LOCALE_TEST, WithoutAcceptLanguageTheUsersRememberedLanguageIsUsed) {
  auto c = owner("");
  // The fixture user's stored language is English.
  EXPECT_EQ(product_list_names(*c)[0], "Tapas walk");
  auto patched = c->patch("/api/v1/me", R"({"locale":"fr"})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(product_list_names(*c)[0], "Balade des tapas");
  // A browser's own list whose first language the app does not speak: the user's choice wins.
  auto browser = world->login("owner@a.test");
  browser->set_header("Accept-Language", "de-DE,de;q=0.9,es;q=0.8");
  EXPECT_EQ(product_list_names(*browser)[0], "Balade des tapas");
}

TEST_F(LOCALE_TEST, DashboardNamesAreInTheRequestedLanguage) {
  auto es = owner("es");
  auto r = es->get("/api/v1/extranet/dashboard?days=1");
  ASSERT_EQ(r.status, 200) << r.body;
  auto doc = r.json();
  bool seen = false;
  for (const auto& d : doc.root().get("today").items()) {
    if (str(d, "productId") != product || str(d, "localTime") != "10:00") continue;
    seen = true;
    EXPECT_EQ(str(d, "productTitle"), "Ruta de tapas");
    EXPECT_EQ(str(d, "optionName"), "Guía en inglés");  // the default option
    auto options = d.get("options").items();
    ASSERT_EQ(options.size(), 3u);
    EXPECT_EQ(str(options[1], "optionName"), "De día");
    EXPECT_EQ(options[1].get("unitCounts").get("ADULT").as_int(), 2);
    EXPECT_EQ(str(options[2], "optionName"), "Night owls");  // no Spanish title: English
  }
  EXPECT_TRUE(seen) << r.body;
}

TEST_F(LOCALE_TEST, DaySheetIsTranslatedAndNamesTheOptionsActuallyBooked) {
  auto fr = owner("fr");
  auto r = fr->get("/api/v1/extranet/daysheet?date=2026-11-23&productId=" + product);
  ASSERT_EQ(r.status, 200) << r.body;
  auto doc = r.json();
  auto deps = doc.root().get("departures").items();
  ASSERT_EQ(deps.size(), 2u) << r.body;

  // 10:00: two options booked, so no single departure-level option; both listed with their units.
  const auto& ten = deps[0];
  EXPECT_EQ(str(ten, "localTime"), "10:00");
  EXPECT_EQ(str(ten, "productTitle"), "Balade des tapas");
  EXPECT_EQ(str(ten, "optionName"), "");
  auto options = ten.get("options").items();
  ASSERT_EQ(options.size(), 2u);
  EXPECT_EQ(str(options[0], "optionId"), "en");
  EXPECT_EQ(str(options[0], "optionName"), "Guide anglais");
  EXPECT_EQ(options[0].get("unitTotals").get("ADULT").as_int(), 1);
  EXPECT_EQ(str(options[1], "optionId"), "day");
  EXPECT_EQ(str(options[1], "optionName"), "De jour");
  EXPECT_EQ(options[1].get("unitTotals").get("ADULT").as_int(), 2);
  std::map<std::string, std::string> option_of;
  for (const auto& b : ten.get("bookings").items())
    option_of[str(b, "contactName")] = str(b, "optionName");
  EXPECT_EQ(option_of["Ana English"], "Guide anglais");
  EXPECT_EQ(option_of["Bea Daytime"], "De jour");
  for (const auto& b : ten.get("bookings").items()) {
    if (str(b, "contactName") != "Bea Daytime") continue;
    EXPECT_EQ(str(b, "optionId"), "day");
    EXPECT_EQ(str(b.get("extras").items()[0], "name"), "Déjeuner");
    EXPECT_EQ(str(b.get("answers").items()[0], "question"), "Régime alimentaire");
  }
  EXPECT_EQ(str(ten.get("extraTotals").items()[0], "name"), "Déjeuner");

  // 12:00: only "day" was booked: that option, not the product's first one.
  const auto& noon = deps[1];
  EXPECT_EQ(str(noon, "localTime"), "12:00");
  EXPECT_EQ(str(noon, "optionName"), "De jour");
  ASSERT_EQ(noon.get("options").items().size(), 1u);
  EXPECT_EQ(noon.get("options").items()[0].get("unitTotals").get("ADULT").as_int(), 3);
}

TEST_F(LOCALE_TEST, BookingsListCsvAndDetailAreInTheRequestedLanguage) {
  auto es = owner("es");
  auto r = es->get("/api/v1/extranet/bookings?productId=" + product + "&sort=startAt");
  ASSERT_EQ(r.status, 200) << r.body;
  auto doc = r.json();
  std::map<std::string, std::pair<std::string, std::string>> by_contact;
  for (const auto& b : doc.root().get("items").items())
    by_contact[str(b, "contactName")] = {str(b, "productTitle"), str(b, "optionName")};
  EXPECT_EQ(by_contact["Ana English"],
            (std::pair<std::string, std::string>{"Ruta de tapas", "Guía en inglés"}));
  EXPECT_EQ(by_contact["Bea Daytime"].second, "De día");
  EXPECT_EQ(by_contact["Dora Night"].second, "Night owls");

  auto csv = es->get("/api/v1/extranet/bookings.csv?productId=" + product);
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_NE(csv.body.find("Ruta de tapas,De día"), std::string::npos) << csv.body;
  // The export is a plain link: `lang` (the app's language) beats the browser's Accept-Language.
  auto linked = es->get("/api/v1/extranet/bookings.csv?lang=fr&productId=" + product);
  ASSERT_EQ(linked.status, 200) << linked.body;
  EXPECT_NE(linked.body.find("Balade des tapas,De jour"), std::string::npos) << linked.body;

  auto fr = owner("fr");
  auto d = fr->get("/api/v1/extranet/bookings/" + day_booking.id);
  ASSERT_EQ(d.status, 200) << d.body;
  auto detail = d.json();
  auto b = detail.root().get("booking");
  EXPECT_EQ(str(b, "productTitle"), "Balade des tapas");
  EXPECT_EQ(str(b, "optionName"), "De jour");
  EXPECT_EQ(str(b.get("items").items()[0], "unitName"), "Adulte");
  EXPECT_EQ(str(b.get("extras").items()[0], "name"), "Déjeuner");
  EXPECT_EQ(str(b.get("answers").items()[0], "question"), "Régime alimentaire");
}

TEST_F(LOCALE_TEST, BackOfficeProductListIsInTheStaffLanguage) {
  auto admin = world->login("admin@paseo.test");
  admin->set_header("Accept-Language", "es");
  auto r = admin->get(std::string("/api/v1/admin/suppliers/") + kSupplierA + "/products");
  ASSERT_EQ(r.status, 200) << r.body;
  auto doc = r.json();
  bool seen = false;
  for (const auto& item : doc.root().get("items").items()) {
    if (str(item, "id") != product) continue;
    seen = true;
    EXPECT_EQ(str(item, "title"), "Ruta de tapas");
    EXPECT_EQ(str(item.get("options").items()[1], "name"), "De día");
  }
  EXPECT_TRUE(seen) << r.body;
}

}  // namespace
}  // namespace paseo::testing
