#include "generator.h"

#include <random>

#include "app/accounts/accounts.h"
#include "app/catalogue_service.h"
#include "common/random.h"
#include "domain/availability.h"
#include "domain/search_key.h"

namespace paseo::bench {

namespace {

domain::Product tour(int n) {
  domain::Product p;
  p.internal_name = "Bench tour " + std::to_string(n);
  p.title = {{"en", p.internal_name}};
  p.time_zone = "Europe/Madrid";
  p.currency = "EUR";
  p.duration_minutes = 120;
  domain::Option o;
  o.id = "en";
  o.is_default = true;
  o.internal_name = "English";
  domain::Unit adult;
  adult.id = "adult";
  adult.type = domain::UnitType::kAdult;
  domain::Unit child;
  child.id = "child";
  child.type = domain::UnitType::kChild;
  o.units = {adult, child};
  o.prices = {domain::Price{"adult", 2500, 2000, std::nullopt, std::nullopt},
              domain::Price{"child", 1500, 1200, std::nullopt, std::nullopt}};
  p.options.push_back(o);
  return p;
}

const char* kFirst[] = {"Ana",    "Luis",  "Marta", "John", "Emma",
                        "Pierre", "Chloe", "Hans",  "Yuki", "Sofia"};
const char* kLast[] = {"Garcia", "Smith",  "Martin", "Dubois", "Rossi",
                       "Muller", "Tanaka", "Lopez",  "Brown",  "Silva"};
const char* kStatuses[] = {"CONFIRMED", "CONFIRMED", "CONFIRMED", "CONFIRMED", "CONFIRMED",
                           "CONFIRMED", "CONFIRMED", "CANCELLED", "EXPIRED",   "ON_HOLD"};

}  // namespace

Result<BenchData> generate(storage::Database& db, const Clock& clock, int products, int bookings) {
  BenchData out;
  out.supplier_id = "org_bench_supplier";
  out.owner_email = "owner@bench.test";
  out.password = "bench password 1234";
  std::int64_t now = to_epoch_ms(clock.now());
  PASEO_RETURN_IF_ERROR(db.write([&](storage::Connection& c) -> Status {
    for (auto [id, kind] : {std::pair<const char*, const char*>{"org_bench_supplier", "supplier"},
                            {"org_bench_reseller", "reseller"}}) {
      PASEO_ASSIGN_OR_RETURN(auto r,
                             c.query("INSERT INTO organisations (id, kind, name, status, currency, "
                                     "timezone, created_at) VALUES ($1, $2, $1, 'active', "
                                     "'EUR', 'Europe/Madrid', $3)",
                                     {std::string(id), std::string(kind), now}));
      (void)r;
    }
    return {};
  }));
  PASEO_ASSIGN_OR_RETURN(auto hash, app::accounts::hash_password(out.password));
  PASEO_RETURN_IF_ERROR(db.write([&](storage::Connection& c) -> Status {
    PASEO_ASSIGN_OR_RETURN(auto r,
                           c.query("INSERT INTO users (id, organisation_id, email, password_hash, "
                                   "name, role, created_at, updated_at) VALUES ($1, $2, $3, "
                                   "$4, 'Owner', 'supplier_owner', $5, $5)",
                                   {random_uuid(), out.supplier_id, out.owner_email, hash, now}));
    (void)r;
    return {};
  }));

  app::CatalogueService catalogue(db, clock);
  auto caller = app::Caller::supplier(out.supplier_id, "bench", "admin");
  auto tz = *domain::TimeZone::find("Europe/Madrid");
  domain::LocalDate today = tz.local_date(clock.now());
  domain::Schedule schedule;
  schedule.rules.push_back(
      domain::WeeklyRule{domain::kEveryDay,
                         {domain::LocalTime::from_hm(10, 0), domain::LocalTime::from_hm(12, 0),
                          domain::LocalTime::from_hm(17, 0)},
                         today.plus_days(-400),
                         std::nullopt,
                         60});
  for (int i = 0; i < products; ++i) {
    PASEO_ASSIGN_OR_RETURN(auto p, catalogue.save_product(caller, tour(i)));
    PASEO_RETURN_IF_ERROR(catalogue.save_schedule(caller, p.id, schedule));
    out.product_ids.push_back(p.id);
  }

  // Departures: every (product, day, start) over [today - 300, today + 64]; bookings fill them.
  struct Dep {
    std::string id;
    std::string product_id;
    domain::LocalDate date;
    domain::LocalTime start;
    std::int64_t utc_start;
    int booked = 0;
  };
  std::vector<Dep> deps;
  domain::LocalTime starts[] = {domain::LocalTime::from_hm(10, 0),
                                domain::LocalTime::from_hm(12, 0),
                                domain::LocalTime::from_hm(17, 0)};
  for (const auto& pid : out.product_ids) {
    for (int d = -300; d <= 64; ++d) {
      for (auto st : starts) {
        domain::LocalDate date = today.plus_days(d);
        deps.push_back(Dep{pid + "|" + date.to_string() + "T" + st.to_string(), pid, date, st,
                           to_epoch_ms(tz.to_utc(date, st)), 0});
      }
    }
  }
  PASEO_RETURN_IF_ERROR(db.write([&](storage::Connection& c) -> Status {
    for (const auto& d : deps) {
      PASEO_ASSIGN_OR_RETURN(
          auto r, c.query("INSERT INTO departures (id, product_id, supplier_id, local_date, "
                          "local_start, utc_start, capacity, booked, created_at, updated_at) "
                          "VALUES ($1, $2, $3, $4, $5, $6, 60, 0, $7, $7)",
                          {d.id, d.product_id, out.supplier_id, d.date.to_string(),
                           d.start.to_string(), d.utc_start, now}));
      (void)r;
    }
    return {};
  }));
  std::mt19937_64 rng(42);
  const int kBatch = 5000;
  int made = 0;
  while (made < bookings) {
    int n = std::min(kBatch, bookings - made);
    PASEO_RETURN_IF_ERROR(db.write([&](storage::Connection& c) -> Status {
      for (int i = 0; i < n; ++i) {
        Dep* dep = nullptr;
        for (int tries = 0; tries < 50; ++tries) {
          Dep& cand = deps[rng() % deps.size()];
          if (cand.booked <= 56) {
            dep = &cand;
            break;
          }
        }
        if (dep == nullptr) return Error::internal("bench: departures full; use fewer bookings");
        int adults = 1 + static_cast<int>(rng() % 3);
        int children = static_cast<int>(rng() % 2);
        int seats = adults + children;
        std::string status = kStatuses[rng() % 10];
        bool holds = status == "CONFIRMED" || status == "ON_HOLD";
        if (holds) dep->booked += seats;
        std::string id = random_uuid();
        std::string ref = random_reference(8);
        if (out.some_reference.empty()) out.some_reference = ref;
        std::string first = kFirst[rng() % 10];
        std::string last = kLast[rng() % 10];
        std::int64_t created =
            dep->utc_start - static_cast<std::int64_t>(rng() % (60LL * 86400000));
        std::int64_t retail = adults * 2500 + children * 1500;
        std::vector<storage::Value> params = {
            id,
            random_uuid(),
            std::string("bench"),
            out.supplier_id,
            std::string("org_bench_reseller"),
            std::string("octo"),
            ref,
            status,
            dep->product_id,
            std::string("en"),
            dep->id,
            dep->date.to_string(),
            dep->start.to_string(),
            dep->utc_start,
            dep->utc_start + 7200000,
            static_cast<std::int64_t>(seats),
            std::string("EUR"),
            retail,
            retail * 8 / 10,
            first + " " + last,
            static_cast<std::string>(first + "." + last + std::to_string(rng() % 1000) +
                                     "@example.com"),
            created,
            status == "CONFIRMED" ? storage::Value(created + 60000) : storage::Value(nullptr)};
        domain::Contact contact;
        contact.full_name = std::get<std::string>(params[19]);
        contact.email = std::get<std::string>(params[20]);
        params.emplace_back(domain::booking_search_key(contact, ""));
        PASEO_ASSIGN_OR_RETURN(
            auto r,
            c.query(
                "INSERT INTO bookings (id, uuid, request_hash, supplier_id, reseller_id, channel, "
                "supplier_reference, status, product_id, option_id, departure_id, local_date, "
                "local_start, utc_start, utc_end, seats, currency, total_original, total_retail, "
                "total_net, contact_full_name, contact_email, created_at, updated_at, "
                "confirmed_at, search_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
                "$11, $12, $13, $14, $15, $16, $17, $18, $18, $19, $20, $21, $22, $22, $23, $24)",
                std::span<const storage::Value>(params)));
        (void)r;
        for (int k = 0; k < seats; ++k) {
          PASEO_ASSIGN_OR_RETURN(
              auto u,
              c.query("INSERT INTO booking_unit_items (booking_id, position, uuid, unit_id, "
                      "supplier_reference, original, retail, net) VALUES ($1, $2, $3, $4, $5, "
                      "$6, $6, $7)",
                      {id, static_cast<std::int64_t>(k), random_uuid(),
                       std::string(k < adults ? "adult" : "child"), ref + "-" + std::to_string(k),
                       std::int64_t{k < adults ? 2500 : 1500},
                       std::int64_t{k < adults ? 2000 : 1200}}));
          (void)u;
        }
      }
      return {};
    }));
    made += n;
  }
  // Departure counters, as the engine keeps them.
  PASEO_RETURN_IF_ERROR(db.write([&](storage::Connection& c) -> Status {
    for (const auto& d : deps) {
      PASEO_ASSIGN_OR_RETURN(auto r, c.query("UPDATE departures SET booked = $1 WHERE id = $2",
                                             {static_cast<std::int64_t>(d.booked), d.id}));
      (void)r;
    }
    return {};
  }));
  return out;
}

}  // namespace paseo::bench
