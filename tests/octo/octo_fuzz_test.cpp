// Mutation fuzzing of the OCTO API, end to end over HTTP. Valid requests of every route (the
// availability checks, reserve, confirm, update, extend, cancel, get, list) are mutated at random:
// a value replaced by one of another type, another request's id, a date that does not exist, a
// number past int64, a string with a NUL or a megabyte of text, a member dropped, duplicated or
// added, an array repeated, nesting thousands deep; and, on the text, truncations, flipped and
// inserted bytes (invalid UTF-8 included), and hostile paths, queries and headers.
//
// What must hold for every request, whatever it was (the brief's "bad input gets a clear error,
// never a crash, a hang or lost data"):
//   - an answer, under 500, that is JSON and matches @octocloud/types' schema: the route's for a
//     2xx, the OCTO error body of its code otherwise (octo_harness.h validates every one);
//   - an error changes nothing: bookings, their unit items, history, outbox rows and every
//     departure's counters are the same after it as before;
//   - after every request, each departure's `booked` equals the seats of its live bookings, and
//     none is over capacity.
// The sequence is reproducible: PASEO_FUZZ_SEED picks it (the default is fixed, so CI runs the
// same requests every time) and PASEO_FUZZ_ITERATIONS its length; a failure prints both, with the
// request that broke the rule.
//
// Compiled twice: octo_fuzz_sqlite_test (label sqlite) and octo_fuzz_pg_test (label pg).
#include <atomic>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include <gtest/gtest.h>

#include "common/random.h"
#include "jobs/hold_expiry.h"
#include "tests/octo/octo_harness.h"
#include "tests/support/inventory_check.h"
#include "tests/support/json_mutator.h"

namespace paseo::octo_test {
namespace {

using storage::testing::TestBackend;

#ifdef PASEO_OCTO_TEST_PG
constexpr TestBackend kBackend = TestBackend::kPostgres;
#define OctoFuzz OctoFuzzPg
#else
constexpr TestBackend kBackend = TestBackend::kSqliteFile;
#define OctoFuzz OctoFuzzSqlite
#endif

using testing::JsonMutator;
using Json = testing::MutableJson;

// One request of the run: what it is before mutation.
struct Request {
  std::string method;
  std::string path;
  std::optional<Json> body;  // nullopt for GET
  std::string schema;        // @octocloud/types schema of a 2xx answer
};

class OctoFuzz : public ::testing::Test {
 protected:
  void SetUp() override {
    PASEO_SKIP_OR_FAIL_WITHOUT_PG(kBackend);
    env_ = OctoEnv::start(kBackend);
    ASSERT_NE(env_, nullptr);
    if (const char* s = std::getenv("PASEO_FUZZ_SEED")) seed_ = std::strtoull(s, nullptr, 10);
    if (const char* n = std::getenv("PASEO_FUZZ_ITERATIONS")) iterations_ = std::atoi(n);
    fuzz_ = JsonMutator(seed_);
    fuzz_.add_strings({kTour,    kMuseum,     kSmall,   kOtherTour, "nope",       "es",
                       "en",     "DEFAULT",   "zz",     "adult",    "child",      "infant",
                       "senior", "pensioner", "tapas",  "caviar",   "hotel-ritz", "nowhere",
                       "diet",   "shoe-size", "a@b.es", "nope@",    "FULL",       "ES",
                       "es-ES",  "not-a-uuid"});
    fuzz_.add_keys({"uuid", "unitItems", "unitId", "availabilityId", "contact", "expirationMinutes",
                    "notes", "extraItems", "questionAnswers", "pickupPointId", "units", "localDate",
                    "productId", "optionId"});

    // Values the mutator swaps in: ids that exist (of this and of other products, options,
    // units, departures, bookings), ids that do not, and malformed ones.
    for (int day : {-2, 1, 2, 3, 5, 10, 11, 12, 40, 400}) {
      for (const char* hhmm : {"10:00", "12:00", "17:00", "11:00"}) {
        slots_.push_back(env_->tour_slot(day, hhmm));
      }
      dates_.push_back(env_->madrid_date(day));
    }
    auto museum = env_->call("POST", "/octo/availability",
                             "{\"productId\":\"" + std::string(kMuseum) +
                                 "\",\"optionId\":\"DEFAULT\",\"localDate\":\"" +
                                 env_->madrid_date(2) + "\"}",
                             "Availability[]");
    ASSERT_EQ(museum.status, 200) << museum.body;
    slots_.push_back(std::string(museum.root().items()[0].get("id").as_string()));
    auto tiny = env_->call("POST", "/octo/availability",
                           "{\"productId\":\"" + std::string(kSmall) +
                               "\",\"optionId\":\"DEFAULT\",\"localDate\":\"" +
                               env_->mexico_date(2) + "\"}",
                           "Availability[]");
    if (tiny.status == 200 && tiny.root().size() > 0) {
      slots_.push_back(std::string(tiny.root().items()[0].get("id").as_string()));
    }
    for (const char* s : {"2026-02-30", "2026-13-01", "0000-01-01", "9999-12-31", "2027-03-28",
                          "2027-10-31", "02/03/2027", "2026-1-1", "", "2026-11-24T10:00:00Z"}) {
      dates_.push_back(s);
    }
    for (const char* s :
         {"2031-02-30T10:00:00+01:00", "2026-11-24T25:00:00+01:00", "2027-03-28T02:30:00+01:00",
          "2027-10-31T02:30:00+02:00", "2027-10-31T02:30:00+01:00", "x", ""}) {
      slots_.push_back(s);
    }
    fuzz_.add_strings(slots_);
    fuzz_.add_strings(dates_);
  }

  std::uint64_t pick(std::uint64_t n) { return fuzz_.pick(n); }
  bool chance(int percent) { return fuzz_.chance(percent); }
  template <typename T>
  const T& one_of(const std::vector<T>& v) {
    return fuzz_.one_of(v);
  }

  std::string any_uuid() {
    if (!uuids_.empty() && chance(70)) return one_of(uuids_);
    switch (pick(5)) {
      case 0:
        return random_uuid();
      case 1:
        return "not-a-uuid";
      case 2: {
        std::string u = uuids_.empty() ? random_uuid() : one_of(uuids_);
        for (auto& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return u;
      }
      case 3:
        return "";
      default:
        return std::string(300, 'a');
    }
  }

  // A path segment or query value the server must decode and refuse cleanly.
  std::string hostile_segment() {
    static const std::vector<std::string> kSegments = {
        "%00",  "%zz",   "%",         "%2e%2e", "..%2F",
        "%2F",  "a%20b", "%C3%A9",    "%FF%FE", std::string(5'000, 'b'),
        "null", "-1",    "2026-02-30"};
    return one_of(kSegments);
  }

  // A held booking to confirm, update, extend or cancel: made with a valid request.
  std::string fresh_hold() {
    const std::string uuid = random_uuid();
    const int day = 1 + static_cast<int>(pick(60));
    const char* hhmm = one_of(std::vector<const char*>{"10:00", "12:00", "17:00"});
    auto r = env_->call("POST", "/octo/bookings",
                        OctoEnv::reserve_body(uuid, kTour, chance(50) ? "es" : "en",
                                              env_->tour_slot(day, hhmm), {"adult"}),
                        "Booking");
    check_invariants("valid reserve of " + uuid);
    if (r.status == 200) {
      uuids_.push_back(uuid);
      fuzz_.add_strings({uuid});
    }
    return uuid;  // when the departure is full, the uuid names no booking: fine for a fuzzer
  }

  Json contact() {
    return Json::object({{"fullName", Json::str("Ana García")},
                         {"firstName", Json::str("Ana")},
                         {"lastName", Json::str("García")},
                         {"emailAddress", Json::str("ana@example.com")},
                         {"phoneNumber", Json::str("+34600000000")},
                         {"locales", Json::array({Json::str("es")})},
                         {"country", Json::str("ES")}});
  }

  Json unit_items(std::vector<const char*> units) {
    std::vector<Json> items;
    for (const char* u : units) items.push_back(Json::object({{"unitId", Json::str(u)}}));
    return Json::array(std::move(items));
  }

  // A valid request of a random route.
  Request seed_request() {
    const int day = 1 + static_cast<int>(pick(60));
    const std::string date = env_->madrid_date(day);
    switch (pick(11)) {
      case 0:
        return {
            "POST", "/octo/availability",
            Json::object({{"productId", Json::str(kTour)},
                          {"optionId", Json::str("es")},
                          {"localDate", Json::str(date)},
                          {"units", Json::array({Json::object({{"id", Json::str("adult")},
                                                               {"quantity", Json::num(2)}})})}}),
            "Availability[]"};
      case 1:
        return {"POST", "/octo/availability",
                Json::object({{"productId", Json::str(kMuseum)},
                              {"optionId", Json::str("DEFAULT")},
                              {"localDateStart", Json::str(date)},
                              {"localDateEnd", Json::str(env_->madrid_date(day + 3))}}),
                "Availability[]"};
      case 2:
        return {"POST", "/octo/availability",
                Json::object(
                    {{"productId", Json::str(kTour)},
                     {"optionId", Json::str("en")},
                     {"availabilityIds", Json::array({Json::str(one_of(slots_)),
                                                      Json::str(env_->tour_slot(day, "12:00"))})}}),
                "Availability[]"};
      case 3:
        return {
            "POST", "/octo/availability/calendar",
            Json::object({{"productId", Json::str(kTour)},
                          {"optionId", Json::str("es")},
                          {"localDateStart", Json::str(date)},
                          {"localDateEnd", Json::str(env_->madrid_date(day + 30))},
                          {"units", Json::array({Json::object({{"id", Json::str("child")},
                                                               {"quantity", Json::num(1)}})})}}),
            "AvailabilityCalendar[]"};
      case 4:
      case 5: {
        const std::string uuid = random_uuid();
        uuids_.push_back(uuid);
        return {
            "POST", "/octo/bookings",
            Json::object(
                {{"uuid", Json::str(uuid)},
                 {"productId", Json::str(kTour)},
                 {"optionId", Json::str("es")},
                 {"availabilityId", Json::str(env_->tour_slot(day, "17:00"))},
                 {"unitItems", unit_items({"adult", "child"})},
                 {"expirationMinutes", Json::num(45)},
                 {"notes", Json::str("window seat")},
                 {"resellerReference", Json::str("R-" + std::to_string(pick(1000)))},
                 {"pickupRequested", Json::raw("true")},
                 {"pickupPointId", Json::str("hotel-ritz")},
                 {"extraItems", Json::array({Json::object({{"extraId", Json::str("tapas")},
                                                           {"quantity", Json::num(1)}})})},
                 {"questionAnswers", Json::array({Json::object({{"questionId", Json::str("diet")},
                                                                {"value", Json::str("vegan")}})})},
                 {"contact", contact()}}),
            "Booking"};
      }
      case 6:
        return {"POST", "/octo/bookings/" + fresh_hold() + "/confirm",
                Json::object({{"contact", contact()},
                              {"resellerReference", Json::str("CONF-1")},
                              {"unitItems", unit_items({"adult", "infant"})},
                              {"emailReceipt", Json::raw("false")}}),
                "Booking"};
      case 7:
        return {"PATCH", "/octo/bookings/" + fresh_hold(),
                Json::object({{"availabilityId", Json::str(env_->tour_slot(day, "12:00"))},
                              {"unitItems", unit_items({"adult", "adult"})},
                              {"contact", contact()},
                              {"notes", Json::str("moved")}}),
                "Booking"};
      case 8:
        return {"POST", "/octo/bookings/" + fresh_hold() + "/extend",
                Json::object({{"expirationMinutes", Json::num(60)}}), "Booking"};
      case 9:
        return {"POST", "/octo/bookings/" + any_uuid() + "/cancel",
                Json::object({{"reason", Json::str("plans changed")}}), "Booking"};
      default: {
        if (chance(50)) return {"GET", "/octo/bookings/" + any_uuid(), std::nullopt, "Booking"};
        return {"GET",
                "/octo/bookings?localDateStart=" + date +
                    "&localDateEnd=" + env_->madrid_date(day + 7) + "&resellerReference=R-1",
                std::nullopt, "Booking[]"};
      }
    }
  }

  // Bookings and their children, history, outbox rows and departure counters, as one string.
  std::string snapshot() {
    auto r = env_->db().read_value<std::string>([](storage::Connection& c) -> Result<std::string> {
      std::string out;
      for (const char* sql :
           {"SELECT id, status, seats, departure_id, product_id, option_id, total_retail, "
            "contact_email, reseller_reference, notes, expires_at, updated_at FROM bookings "
            "ORDER BY id",
            "SELECT id, booked FROM departures ORDER BY id",
            "SELECT COUNT(*) FROM booking_unit_items", "SELECT COUNT(*) FROM booking_events",
            "SELECT COUNT(*) FROM booking_extras", "SELECT COUNT(*) FROM booking_answers",
            "SELECT COUNT(*) FROM outbox"}) {
        PASEO_ASSIGN_OR_RETURN(auto q, c.query(sql));
        for (const auto& row : q.rows) {
          for (std::size_t i = 0; i < row.size(); ++i) out += row.get_string(i) + "|";
          out += "\n";
        }
      }
      return out;
    });
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : std::string();
  }

  // Every departure's counter equals the seats of its live bookings and stays within capacity.
  void check_invariants(const std::string& after) {
    auto r = testing::inventory_mismatches(env_->db());
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(*r, "") << "inventory broken after " << after << " (" << where() << ")";
  }

  std::string where() const {
    return "PASEO_FUZZ_SEED=" + std::to_string(seed_) + " iteration " + std::to_string(iteration_);
  }

  std::unique_ptr<OctoEnv> env_;
  std::uint64_t seed_ = 20261202;
  int iterations_ = 600;
  int iteration_ = 0;
  JsonMutator fuzz_{0};
  std::vector<std::string> slots_;
  std::vector<std::string> dates_;
  std::vector<std::string> uuids_;
};

TEST_F(OctoFuzz, MutatedRequestsGetCleanErrorsAndChangeNothing) {
  static const std::vector<std::string> kCapabilities = {
      "",        "octo/pricing, octo/content, octo/pickups, octo/questions, octo/extras",
      "pricing", "octo/unknown",
      ",,,",     std::string(3'000, 'c')};
  static const std::vector<std::string> kLanguages = {
      "", "es", "fr-FR, en;q=0.5", "*;q=abc, zz-ZZ;q=2", "en;q=", std::string(2'000, 'l')};
  int answered_2xx = 0;
  int answered_4xx = 0;
  for (iteration_ = 0; iteration_ < iterations_; ++iteration_) {
    Request req = seed_request();
    std::string body;
    if (req.body) {
      body = fuzz_.mutate(*req.body, chance(15) ? 0 : 1 + static_cast<int>(pick(3)), 20);
      if (chance(1)) body.append(1'100'000, ' ');  // over the 1 MB body limit: 413
    }
    if (chance(10)) {  // hostile path or query
      if (req.path.find('?') != std::string::npos) {
        req.path += "&localDate=" + hostile_segment();
      } else {
        const auto slash = req.path.rfind('/');
        req.path = req.path.substr(0, slash + 1) + hostile_segment();
      }
    }
    // Path segments built from uuids may hold any byte: sent percent-encoded.
    if (req.path.find('%') == std::string::npos) req.path = testing::encode_path(req.path);
    std::map<std::string, std::string> headers;
    if (chance(10)) headers["Accept-Language"] = one_of(kLanguages);
    if (chance(5)) headers["Content-Type"] = "text/plain";
    const std::string caps = chance(70) ? kCapabilities[1] : one_of(kCapabilities);

    const std::string before = snapshot();
    const HttpResult r = env_->call(req.method, req.path, body, req.schema, caps, headers);
    const std::string request = req.method + " " + req.path.substr(0, 200) + " " +
                                body.substr(0, 600) + (body.size() > 600 ? "…" : "");
    ASSERT_GT(r.status, 0) << "no answer to " << request << " (" << where() << ")";
    ASSERT_LT(r.status, 500) << request << " -> " << r.body << " (" << where() << ")";
    ASSERT_TRUE(r.has_json) << request << " -> " << r.status << " " << r.body << " (" << where()
                            << ")";
    if (r.status >= 300) {
      ++answered_4xx;
      EXPECT_FALSE(r.str("error").empty()) << request << " -> " << r.body;
      EXPECT_EQ(snapshot(), before)
          << "an error changed data: " << request << " -> " << r.body << " (" << where() << ")";
    } else {
      ++answered_2xx;
    }
    check_invariants(request);
    if (HasFailure()) {
      ADD_FAILURE() << "stopped at " << where();
      return;
    }
  }
  // The run must reach both sides: mutations that the server accepts (so the fuzzer exercises
  // the write paths, not only the parsers) and ones it refuses.
  EXPECT_GT(answered_2xx, iterations_ / 20);
  EXPECT_GT(answered_4xx, iterations_ / 4);
  // Still serving.
  EXPECT_EQ(env_->call("GET", "/octo/supplier", {}, "Supplier").status, 200);
  std::cout << "fuzz: " << iterations_ << " requests, " << answered_2xx << " accepted, "
            << answered_4xx << " refused (" << where() << ")\n";
}

// Many channels at once, each doing what resellers do (reserve, move to another departure,
// change the party, confirm, extend, cancel) on the same few departures and often on the same
// bookings, while the clock runs and the hold expiry job with it: every answer is a booking or a
// clean OCTO error, and at the end every departure's counter equals its live bookings' seats,
// within capacity, as the API reports it too. On PostgreSQL this runs the optimistic seat take and
// its retry, row locks and deadlock retries.
TEST_F(OctoFuzz, ConcurrentChannelsKeepTheInventoryExact) {
  // Six departures of ten seats and one of four (the capacity override 12 days ahead).
  std::vector<std::string> departures;
  for (int day : {2, 3}) {
    for (const char* hhmm : {"10:00", "12:00", "17:00"}) {
      departures.push_back(env_->tour_slot(day, hhmm));
    }
  }
  departures.push_back(env_->tour_slot(12, "10:00"));
  const int kThreads = 8;
  const int kOperations = std::max(10, iterations_ / 12);
  std::mutex mu;
  std::vector<std::string> shared;  // uuids any thread may act on
  std::atomic<int> accepted{0}, refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937_64 rng(seed_ * 1000 + static_cast<std::uint64_t>(t));
      auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
      auto some_booking = [&]() -> std::string {
        std::lock_guard lock(mu);
        return shared.empty() ? random_uuid() : shared[pick(shared.size())];
      };
      auto party = [&]() {
        static const std::vector<const char*> kUnits = {"adult", "adult", "child", "infant"};
        std::vector<std::string> units(1 + pick(3));
        for (auto& u : units) u = kUnits[pick(kUnits.size())];
        return units;
      };
      for (int i = 0; i < kOperations; ++i) {
        HttpResult r;
        std::string what;
        const std::size_t op = pick(100);
        if (op < 35) {
          const std::string uuid = random_uuid();
          what = "reserve";
          r = env_->call(
              "POST", "/octo/bookings",
              OctoEnv::reserve_body(uuid, kTour, "es", departures[pick(departures.size())], party(),
                                    "\"expirationMinutes\":" + std::to_string(1 + pick(5))),
              "Booking");
          if (r.status == 200) {
            std::lock_guard lock(mu);
            shared.push_back(uuid);
          }
        } else if (op < 55) {
          what = "move";
          r = env_->call("PATCH", "/octo/bookings/" + some_booking(),
                         "{\"availabilityId\":\"" + departures[pick(departures.size())] + "\"}",
                         "Booking");
        } else if (op < 65) {
          what = "change party";
          std::string items;
          for (const auto& u : party())
            items += std::string(items.empty() ? "" : ",") + "{\"unitId\":\"" + u + "\"}";
          r = env_->call("PATCH", "/octo/bookings/" + some_booking(),
                         "{\"unitItems\":[" + items + "]}", "Booking");
        } else if (op < 80) {
          what = "confirm";
          r = env_->call("POST", "/octo/bookings/" + some_booking() + "/confirm",
                         OctoEnv::confirm_body(), "Booking");
        } else if (op < 95) {
          what = "cancel";
          r = env_->call("POST", "/octo/bookings/" + some_booking() + "/cancel",
                         "{\"reason\":\"race\"}", "Booking");
        } else {
          what = "extend";
          r = env_->call("POST", "/octo/bookings/" + some_booking() + "/extend",
                         "{\"expirationMinutes\":20}", "Booking");
        }
        if (r.status == 200) {
          ++accepted;
        } else if (r.status == 400 && (r.str("error") == "UNPROCESSABLE_ENTITY" ||
                                       r.str("error") == "INVALID_BOOKING_UUID")) {
          ++refused;  // sold out, cancelled or confirmed already, or no booking yet
        } else {
          ADD_FAILURE() << what << " -> " << r.status << " " << r.body << " (thread " << t << ", "
                        << where() << ")";
        }
      }
    });
  }
  // Meanwhile time passes and the expiry job runs, as on a live server: short holds lapse while
  // channels confirm, extend, move or cancel them, and full departures expire lapsed holds on
  // demand. A hold must end exactly once, whoever gets there first.
  std::atomic<bool> done{false};
  std::atomic<int> expired{0};
  std::thread job([&] {
    while (!done.load()) {
      env_->clock().advance(std::chrono::seconds(5));
      auto n = jobs::release_expired_holds(env_->db(), env_->clock().now());
      if (!n.ok()) {
        ADD_FAILURE() << "expiry job: " << n.error().to_string();
        return;
      }
      expired += *n;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });
  for (auto& th : threads) th.join();
  done = true;
  job.join();
  auto last = jobs::release_expired_holds(env_->db(), env_->clock().now());
  ASSERT_TRUE(last.ok()) << last.error().to_string();
  expired += *last;
  iteration_ = kThreads * kOperations;
  check_invariants("the concurrent channels");
  EXPECT_GT(expired.load(), 0);
  EXPECT_GT(accepted.load(), kThreads * kOperations / 5);
  EXPECT_GT(refused.load(), 0);
  // The API agrees with the counters: vacancies = capacity - booked, for every departure.
  auto rows = env_->db().read_value<std::vector<std::pair<std::string, std::int64_t>>>(
      [](storage::Connection& c) -> Result<std::vector<std::pair<std::string, std::int64_t>>> {
        PASEO_ASSIGN_OR_RETURN(
            auto q, c.query("SELECT local_date || ' ' || local_start, capacity - booked FROM "
                            "departures WHERE product_id = $1",
                            {std::string(kTour)}));
        std::vector<std::pair<std::string, std::int64_t>> out;
        for (const auto& row : q.rows) out.emplace_back(row.get_string(0), row.get_int(1));
        return out;
      });
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  EXPECT_FALSE(rows->empty());
  for (const auto& [when, left] : *rows) {
    const std::string date = when.substr(0, 10);
    auto a = env_->call("POST", "/octo/availability",
                        "{\"productId\":\"" + std::string(kTour) +
                            "\",\"optionId\":\"es\",\"localDate\":\"" + date + "\"}",
                        "Availability[]");
    ASSERT_EQ(a.status, 200) << a.body;
    bool found = false;
    for (const auto& slot : a.root().items()) {
      if (std::string(slot.get("localDateTimeStart").as_string()).substr(11, 5) ==
          when.substr(11, 5)) {
        found = true;
        EXPECT_EQ(slot.get("vacancies").as_int(), left) << when;
      }
    }
    EXPECT_TRUE(found) << when;
  }
  std::cout << "concurrent channels: " << accepted.load() << " accepted, " << refused.load()
            << " refused, " << expired.load() << " holds expired by the job\n";
}

}  // namespace
}  // namespace paseo::octo_test
