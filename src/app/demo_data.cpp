#include "app/demo_data.h"

#include "app/api_keys.h"
#include "app/internal/catalogue_store.h"
#include "app/internal/sql_util.h"
#include "domain/availability.h"
#include "domain/catalogue.h"

namespace paseo::app {
namespace {

using domain::LocalDate;
using domain::LocalTime;
using internal::v;

LocalDate date(const char* s) { return LocalDate::parse(s).value(); }
LocalTime hm(int h, int m) { return LocalTime::from_hm(h, m); }

domain::Product walking_tour() {
  domain::Product p;
  p.id = kDemoWalkingTourId;
  p.supplier_id = kDemoSupplierId;
  p.internal_name = "Madrid old town walking tour";
  p.reference = "MAD-WALK";
  p.title = {{"es", "Paseo por el Madrid de los Austrias"},
             {"en", "Madrid old town walking tour"},
             {"fr", "Visite à pied du vieux Madrid"}};
  p.short_description = {
      {"es", "Dos horas y media por el Madrid histórico con guía local."},
      {"en", "Two and a half hours through historic Madrid with a local guide."},
      {"fr", "Deux heures et demie dans le Madrid historique avec un guide local."}};
  p.description = {
      {"es", "Plaza Mayor, el Mercado de San Miguel, la Plaza de la Villa y el Palacio Real."},
      {"en", "Plaza Mayor, San Miguel market, Plaza de la Villa and the Royal Palace."},
      {"fr", "Plaza Mayor, le marché de San Miguel, la Plaza de la Villa et le Palais royal."}};
  p.destination_city = "Madrid";
  p.destination_country = "ES";
  p.category = "walking_tour";
  p.duration_minutes = 150;
  p.time_zone = "Europe/Madrid";
  p.currency = "EUR";
  p.availability_type = domain::AvailabilityType::kStartTime;
  p.booking_cutoff_minutes = 60;
  p.booking_horizon_days = 365;
  p.cancellation = domain::CancellationPolicy{true, 24, 50, 0};
  p.meeting_point = domain::MeetingPoint{
      "Plaza Mayor, 28012 Madrid, Spain",
      domain::GeoPoint{40.415511, -3.707401},
      {{"es", "Bajo la estatua de Felipe III; busca el paraguas rojo."},
       {"en", "Under the statue of Philip III; look for the red umbrella."},
       {"fr", "Sous la statue de Philippe III ; cherchez le parapluie rouge."}}};
  p.pickup_points = {domain::PickupPoint{"plaza-espana",
                                         "Hotel Plaza de España",
                                         "Calle Princesa 1, 28008 Madrid",
                                         domain::GeoPoint{40.423852, -3.712247},
                                         {{"en", "Main entrance, Calle Princesa."}},
                                         30},
                     domain::PickupPoint{"atocha",
                                         "Atocha station",
                                         "Plaza del Emperador Carlos V, 28045 Madrid",
                                         domain::GeoPoint{40.406588, -3.689235},
                                         {{"en", "Outside the tropical garden entrance."}},
                                         20}};
  auto units = [] {
    return std::vector<domain::Unit>{
        domain::Unit{"adult",
                     domain::UnitType::kAdult,
                     "Adult",
                     {{"es", "Adulto"}, {"en", "Adult"}, {"fr", "Adulte"}},
                     18,
                     std::nullopt,
                     0,
                     0,
                     1},
        domain::Unit{"child",
                     domain::UnitType::kChild,
                     "Child",
                     {{"es", "Niño"}, {"en", "Child"}, {"fr", "Enfant"}},
                     4,
                     17,
                     0,
                     10,
                     1},
        domain::Unit{"infant",
                     domain::UnitType::kInfant,
                     "Infant",
                     {{"es", "Bebé"}, {"en", "Infant"}, {"fr", "Bébé"}},
                     0,
                     3,
                     0,
                     4,
                     0}};
  };
  auto prices = [] {
    return std::vector<domain::Price>{
        domain::Price{"adult", 2500, 1875, {}, {}}, domain::Price{"child", 1200, 900, {}, {}},
        domain::Price{"infant", 0, 0, {}, {}},
        // Summer season.
        domain::Price{"adult", 2900, 2175, date("2027-07-01"), date("2027-08-31")}};
  };
  for (auto [id, es, en, fr] : {std::tuple{"es", "En español", "In Spanish", "En espagnol"},
                                std::tuple{"en", "En inglés", "In English", "En anglais"}}) {
    domain::Option o;
    o.id = id;
    o.is_default = std::string(id) == "es";
    o.internal_name = en;
    o.title = {{"es", es}, {"en", en}, {"fr", fr}};
    o.units = units();
    o.prices = prices();
    o.max_units = 20;
    o.required_contact_fields = {"firstName", "lastName", "emailAddress"};
    o.pickup_available = true;
    p.options.push_back(std::move(o));
  }
  p.extras = {domain::Extra{
      "tapas",
      {{"es", "Degustación de tapas"}, {"en", "Tapas tasting"}, {"fr", "Dégustation de tapas"}},
      {{"en", "Three tapas and a drink at the end of the tour."}},
      1500,
      1100,
      10}};
  p.questions = {domain::Question{"needs",
                                  domain::QuestionScope::kBooking,
                                  domain::QuestionInput::kText,
                                  false,
                                  {{"es", "¿Alguna necesidad de movilidad o alimentaria?"},
                                   {"en", "Any mobility or dietary needs?"},
                                   {"fr", "Des besoins de mobilité ou alimentaires ?"}},
                                  {},
                                  {}}};
  return p;
}

domain::Schedule walking_schedule() {
  domain::Schedule s;
  s.rules.push_back(domain::WeeklyRule{
      domain::kEveryDay, {hm(10, 0), hm(12, 0), hm(17, 0)}, date("2026-01-01"), std::nullopt, 20});
  s.closures.push_back(domain::Closure{date("2026-12-25"), date("2026-12-25"), {}, "Christmas"});
  return s;
}

domain::Product museum() {
  domain::Product p;
  p.id = kDemoMuseumId;
  p.supplier_id = kDemoSupplierId;
  p.internal_name = "Royal art museum admission";
  p.reference = "MAD-MUSEUM";
  p.title = {{"es", "Entrada al museo real de arte"},
             {"en", "Royal art museum admission"},
             {"fr", "Billet pour le musée royal d'art"}};
  p.short_description = {{"en", "Skip-the-line admission, valid all day."},
                         {"es", "Entrada sin colas, válida todo el día."},
                         {"fr", "Entrée coupe-file, valable toute la journée."}};
  p.destination_city = "Madrid";
  p.destination_country = "ES";
  p.category = "museum";
  p.duration_minutes = 180;
  p.time_zone = "Europe/Madrid";
  p.currency = "EUR";
  p.availability_type = domain::AvailabilityType::kOpeningHours;
  p.booking_cutoff_minutes = 30;
  p.booking_horizon_days = 180;
  p.cancellation = domain::CancellationPolicy{true, 24, 100, 0};
  p.meeting_point = domain::MeetingPoint{"Paseo del Prado s/n, 28014 Madrid, Spain",
                                         domain::GeoPoint{40.413782, -3.692127},
                                         {{"en", "Show the QR code at the north entrance."}}};
  domain::Option o;
  o.id = "DEFAULT";
  o.is_default = true;
  o.internal_name = "General admission";
  o.title = {{"es", "Entrada general"}, {"en", "General admission"}, {"fr", "Entrée générale"}};
  o.units = {domain::Unit{"adult",
                          domain::UnitType::kAdult,
                          "Adult",
                          {{"es", "Adulto"}, {"en", "Adult"}, {"fr", "Adulte"}},
                          18,
                          64,
                          0,
                          0,
                          1},
             domain::Unit{"senior",
                          domain::UnitType::kSenior,
                          "Senior",
                          {{"es", "Mayor de 65"}, {"en", "Senior (65+)"}, {"fr", "Senior (65+)"}},
                          65,
                          std::nullopt,
                          0,
                          0,
                          1},
             domain::Unit{"child",
                          domain::UnitType::kChild,
                          "Child",
                          {{"es", "Menor"}, {"en", "Under 18"}, {"fr", "Moins de 18 ans"}},
                          0,
                          17,
                          0,
                          0,
                          1}};
  o.prices = {domain::Price{"adult", 1500, 1200, {}, {}}, domain::Price{"senior", 900, 720, {}, {}},
              domain::Price{"child", 0, 0, {}, {}}};
  o.max_units = 10;
  o.required_contact_fields = {"firstName", "lastName", "emailAddress"};
  p.options.push_back(std::move(o));
  return p;
}

domain::Schedule museum_schedule() {
  domain::Schedule s;
  // Tuesday-Saturday 10:00-20:00, Sunday 10:00-15:00; closed on Mondays; 300 visitors a day.
  s.opening_hours.push_back(
      domain::OpeningHours{0b0111110, hm(10, 0), hm(20, 0), date("2026-01-01"), std::nullopt, 300});
  s.opening_hours.push_back(
      domain::OpeningHours{0b1000000, hm(10, 0), hm(15, 0), date("2026-01-01"), std::nullopt, 300});
  s.closures.push_back(domain::Closure{date("2026-12-25"), date("2026-12-25"), {}, "Christmas"});
  s.closures.push_back(domain::Closure{date("2027-01-01"), date("2027-01-01"), {}, "New Year"});
  return s;
}

Status ensure_org(storage::Connection& c, const char* id, const char* kind, const char* name,
                  const char* email, const char* locale, std::int64_t now) {
  PASEO_ASSIGN_OR_RETURN(auto r, c.query("SELECT 1 FROM organisations WHERE id = $1", {v(id)}));
  if (!r.rows.empty()) return ok_status();
  PASEO_RETURN_IF_ERROR(c.query(
      "INSERT INTO organisations (id, kind, name, status, currency, timezone, email, locale, "
      "created_at) VALUES ($1, $2, $3, 'active', 'EUR', 'Europe/Madrid', $4, $5, $6)",
      {v(id), v(kind), v(name), v(email), v(locale), v(now)}));
  return ok_status();
}

}  // namespace

Result<DemoData> load_demo_data(storage::Database& db, const Clock& clock) {
  std::int64_t now = to_epoch_ms(clock.now());
  DemoData out{kDemoSupplierId, kDemoResellerId, kDemoWalkingTourId, kDemoMuseumId, ""};
  Status written = db.write([&](storage::Connection& c) -> Status {
    out.reseller_api_key.clear();
    PASEO_RETURN_IF_ERROR(ensure_org(c, kDemoSupplierId, "supplier", "Paseos Madrid",
                                     "reservas@paseos-madrid.example", "es", now));
    PASEO_RETURN_IF_ERROR(ensure_org(c, kDemoResellerId, "reseller", "Demo Reseller",
                                     "ops@demo-reseller.example", "en", now));
    for (auto [product, schedule] :
         {std::pair{walking_tour(), walking_schedule()}, std::pair{museum(), museum_schedule()}}) {
      PASEO_ASSIGN_OR_RETURN(auto r,
                             c.query("SELECT 1 FROM products WHERE id = $1", {v(product.id)}));
      if (!r.rows.empty()) continue;
      PASEO_RETURN_IF_ERROR(domain::validate_product(product));
      PASEO_RETURN_IF_ERROR(domain::validate_schedule(schedule, product.availability_type));
      PASEO_RETURN_IF_ERROR(internal::store_product(c, product, now));
      PASEO_RETURN_IF_ERROR(internal::store_schedule(c, product.id, schedule, now));
    }
    PASEO_ASSIGN_OR_RETURN(auto k, c.query("SELECT 1 FROM contracts WHERE reseller_id = $1 AND "
                                           "supplier_id = $2",
                                           {v(kDemoResellerId), v(kDemoSupplierId)}));
    if (k.rows.empty()) {
      PASEO_RETURN_IF_ERROR(c.query(
          "INSERT INTO contracts (reseller_id, supplier_id, active, created_at, updated_at) "
          "VALUES ($1, $2, 1, $3, $3)",
          {v(kDemoResellerId), v(kDemoSupplierId), v(now)}));
    }
    PASEO_ASSIGN_OR_RETURN(auto keys, c.query("SELECT 1 FROM api_keys WHERE organisation_id = $1 "
                                              "AND revoked_at IS NULL",
                                              {v(kDemoResellerId)}));
    if (keys.rows.empty()) {
      NewApiKey nk;
      nk.organisation_id = kDemoResellerId;
      nk.name = "Demo OCTO connection to Paseos Madrid";
      nk.supplier_id = kDemoSupplierId;
      PASEO_ASSIGN_OR_RETURN(auto created, create_api_key(c, nk, now));
      out.reseller_api_key = created.plaintext;
    }
    return ok_status();
  });
  if (!written.ok()) return std::move(written).error();
  return out;
}

}  // namespace paseo::app
