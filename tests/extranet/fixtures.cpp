#include "fixtures.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "app/accounts/accounts.h"
#include "common/random.h"

namespace paseo::testing {

namespace {

void exec(storage::Database& db, const std::string& sql, std::vector<storage::Value> params) {
  Status s = db.write([&](storage::Connection& c) -> Status {
    auto r = c.query(sql, std::span<const storage::Value>(params));
    if (!r.ok()) return r.error();
    return {};
  });
  ASSERT_TRUE(s.ok()) << s.error().to_string() << " in " << sql;
}

// "org_supplier_a" -> "org-supplier-a": a domain label has no underscores, and an organisation
// without a deliverable address gets no booking emails.
std::string mail_domain(std::string id) {
  std::replace(id.begin(), id.end(), '_', '-');
  return id;
}

void add_org(storage::Database& db, const std::string& id, const std::string& kind,
             const std::string& name) {
  exec(db,
       "INSERT INTO organisations (id, kind, name, status, currency, timezone, commission_bp, "
       "email, locale, created_at) VALUES ($1, $2, $3, 'active', 'EUR', 'Europe/Madrid', 2000, "
       "$4, 'en', $5)",
       {id, kind, name, "bookings@" + mail_domain(id) + ".test", to_epoch_ms(fixture_now())});
}

void add_user(storage::Database& db, const std::string& org, const std::string& email,
              const std::string& role) {
  auto hash = app::accounts::hash_password(kPassword);
  ASSERT_TRUE(hash.ok());
  std::int64_t now = to_epoch_ms(fixture_now());
  exec(db,
       "INSERT INTO users (id, organisation_id, email, password_hash, name, role, locale, status, "
       "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'en', 'active', $7, $7)",
       {random_uuid(), org, email, *hash, "User " + email, role, now});
}

domain::LocalDate D(const std::string& s) { return *domain::LocalDate::parse(s); }
domain::LocalTime T(const std::string& s) { return *domain::LocalTime::parse(s); }

}  // namespace

Instant fixture_now() { return *parse_iso8601("2026-11-23T08:00:00Z"); }

domain::Product walking_tour(const std::string& name) {
  domain::Product p;
  p.internal_name = name;
  p.title = {{"en", name}, {"es", "Paseo " + name}};
  p.short_description = {{"en", "Old town on foot"}};
  p.description = {{"en", "Two hours through the old town."}};
  p.destination_city = "Madrid";
  p.destination_country = "ES";
  p.category = "walking_tour";
  p.duration_minutes = 120;
  p.time_zone = "Europe/Madrid";
  p.currency = "EUR";
  p.availability_type = domain::AvailabilityType::kStartTime;
  p.booking_cutoff_minutes = 0;
  p.booking_horizon_days = 365;
  p.pickup_points.push_back(
      domain::PickupPoint{"hotel-alpha", "Hotel Alpha", "Calle Mayor 1", std::nullopt, {}, 30});
  p.pickup_points.push_back(
      domain::PickupPoint{"hotel-beta", "Hotel Beta", "Gran Via 2", std::nullopt, {}, 45});
  domain::Option o;
  o.id = "en";
  o.is_default = true;
  o.internal_name = "English";
  o.title = {{"en", "English"}};
  o.pickup_available = true;
  domain::Unit adult;
  adult.id = "adult";
  adult.type = domain::UnitType::kAdult;
  adult.internal_name = "Adult";
  adult.title = {{"en", "Adult"}};
  domain::Unit child;
  child.id = "child";
  child.type = domain::UnitType::kChild;
  child.internal_name = "Child";
  child.title = {{"en", "Child"}};
  o.units = {adult, child};
  o.prices = {domain::Price{"adult", 2500, 2000, std::nullopt, std::nullopt},
              domain::Price{"child", 1500, 1200, std::nullopt, std::nullopt}};
  p.options.push_back(o);
  domain::Extra lunch;
  lunch.id = "lunch";
  lunch.title = {{"en", "Lunch"}};
  lunch.retail = 1000;
  lunch.net = 800;
  lunch.max_quantity = 5;
  p.extras.push_back(lunch);
  domain::Question diet;
  diet.id = "diet";
  diet.label = {{"en", "Dietary needs"}};
  p.questions.push_back(diet);
  return p;
}

ExtranetWorld::ExtranetWorld(storage::testing::TestBackend backend)
    : server_(fixture_now(), backend) {
  auto& db = server_.db();
  add_org(db, kSupplierA, "supplier", "Paseos A");
  add_org(db, kSupplierB, "supplier", "Tours B");
  add_org(db, kReseller, "reseller", "Reseller Ltd");
  Status admin = app::accounts::ensure_platform_admin(db, "admin@paseo.test", kPassword,
                                                      to_epoch_ms(fixture_now()));
  EXPECT_TRUE(admin.ok()) << admin.error().to_string();
  add_user(db, kSupplierA, "owner@a.test", "supplier_owner");
  add_user(db, kSupplierA, "staff@a.test", "supplier_staff");
  add_user(db, kSupplierB, "owner@b.test", "supplier_owner");

  catalogue_ = std::make_unique<app::CatalogueService>(db, server_.clock());
  availability_ = std::make_unique<app::AvailabilityService>(db, server_.clock(), *catalogue_);
  bookings_ = std::make_unique<app::BookingService>(db, server_.clock(), *catalogue_);
  bookings_->set_public_url("http://paseo.test");
  domain::Schedule schedule;
  schedule.rules.push_back(domain::WeeklyRule{
      domain::kEveryDay, {T("10:00"), T("12:00"), T("17:00")}, D("2026-10-01"), std::nullopt, 20});
  for (auto [org, out] :
       {std::pair<const char*, std::string*>{kSupplierA, &tour_a_}, {kSupplierB, &tour_b_}}) {
    auto caller = app::Caller::supplier(org, "fixture", "admin");
    auto saved = catalogue_->save_product(caller, walking_tour(std::string("Tour of ") + org));
    EXPECT_TRUE(saved.ok()) << saved.error().to_string();
    *out = saved->id;
    auto s = catalogue_->save_schedule(caller, saved->id, schedule);
    EXPECT_TRUE(s.ok()) << s.error().to_string();
    EXPECT_TRUE(catalogue_->add_contract(org, kReseller).ok());
  }
}

std::unique_ptr<HttpClient> ExtranetWorld::login(const std::string& email) {
  auto client = std::make_unique<HttpClient>(server_.base_url());
  auto r = client->post("/api/v1/auth/login",
                        R"({"email":")" + email + R"(","password":")" + kPassword + R"("})");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(client->cookie("paseo_session").empty());
  return client;
}

std::unique_ptr<HttpClient> ExtranetWorld::anonymous() {
  return std::make_unique<HttpClient>(server_.base_url());
}

domain::Booking ExtranetWorld::book(const std::string& product_id, const BookingSpec& spec) {
  auto tz = *domain::TimeZone::find("Europe/Madrid");
  domain::Slot slot;
  slot.date = D(spec.date);
  slot.start = T(spec.time);
  app::ReserveRequest req;
  req.product_id = product_id;
  req.option_id = spec.option_id;
  req.availability_id = domain::availability_id(tz, slot);
  for (int i = 0; i < spec.adults; ++i)
    req.unit_items.push_back(app::UnitItemInput{"", "adult", "", {}, {}});
  for (int i = 0; i < spec.children; ++i)
    req.unit_items.push_back(app::UnitItemInput{"", "child", "", {}, {}});
  if (spec.lunches > 0) req.extras.push_back(app::ExtraItemInput{"lunch", spec.lunches});
  if (!spec.diet.empty()) req.answers.push_back(domain::QuestionAnswer{"diet", spec.diet});
  if (!spec.pickup_point.empty()) {
    req.pickup_requested = true;
    req.pickup_point_id = spec.pickup_point;
  }
  if (!spec.pickup_hotel.empty()) {
    req.pickup_requested = true;
    req.pickup_hotel = spec.pickup_hotel;
    req.pickup_hotel_room = "12";
  }
  app::Caller caller = spec.channel_org == kReseller
                           ? app::Caller::reseller(kReseller, "key-1")
                           : app::Caller::supplier(spec.channel_org, "desk", "extranet");
  auto reserved = bookings_->reserve(caller, req);
  EXPECT_TRUE(reserved.ok()) << reserved.error().to_string();
  if (!reserved.ok()) return {};
  if (!spec.confirm) return *reserved;
  app::ConfirmRequest confirm;
  domain::Contact contact;
  contact.full_name = spec.contact_name;
  contact.email = spec.email;
  contact.phone = spec.phone;
  confirm.contact = contact;
  auto confirmed = bookings_->confirm(caller, reserved->uuid, confirm);
  EXPECT_TRUE(confirmed.ok()) << confirmed.error().to_string();
  return confirmed.ok() ? *confirmed : *reserved;
}

std::string full_product_json() {
  return R"({
    "internalName": "Toledo day trip", "reference": "TOL-1",
    "texts": {"en": {"title": "Toledo day trip", "shortDescription": "Short", "description": "Long"},
              "es": {"title": "Excursión a Toledo"}, "fr": {"title": "Excursion à Tolède"}},
    "city": "Toledo", "country": "ES", "category": "day_trip", "durationMinutes": 540,
    "timeZone": "Europe/Madrid", "currency": "EUR", "availabilityType": "START_TIME",
    "cutoffMinutes": 120, "horizonDays": 180,
    "cancellation": {"refundable": true, "freeUntilHours": 48, "feePercent": 50},
    "meetingPoint": {"address": "Plaza de Oriente", "latitude": 40.418, "longitude": -3.712,
                     "instructions": {"en": "By the statue"}},
    "pickupPoints": [{"id": "atocha", "name": "Atocha", "address": "Plaza Emperador", "minutesBeforeStart": 20}],
    "options": [{"id": "std", "name": "Standard", "names": {"es": "Estándar"}, "pricePer": "UNIT",
                 "units": [{"id": "adult", "type": "ADULT", "name": "Adult", "minAge": 18, "retail": 6000, "net": 4800},
                           {"id": "child", "type": "CHILD", "name": "Child", "minAge": 4, "maxAge": 17, "retail": 3000}],
                 "priceOverrides": [{"unitId": "adult", "from": "2026-12-24", "to": "2026-12-26", "retail": 7000, "net": 5600}]},
                {"id": "private", "name": "Private", "pricePer": "BOOKING",
                 "units": [{"id": "adult", "type": "ADULT", "name": "Guest", "maxQuantity": 8}],
                 "bookingPrice": {"retail": 40000, "net": 32000}}],
    "extras": [{"id": "lunch", "name": "Lunch", "retail": 1800, "maxQuantity": 10}],
    "questions": [{"id": "passport", "label": "Passport number", "kind": "text", "perParticipant": true, "required": true},
                  {"id": "menu", "label": "Menu", "kind": "select", "choices": ["meat", "fish"]}]
  })";
}

}  // namespace paseo::testing
