#include "tests/octo/octo_harness.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <mutex>

#include <curl/curl.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "api/octo/octo_routes.h"
#include "storage/migrate.h"

extern char** environ;

namespace paseo::octo_test {
namespace {

bool ci_mode() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string_view(ci) == "true";
}

bool file_exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

std::string json_escape(std::string_view s) {
  http::JsonWriter w;
  w.string(s);
  return w.take();
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// SchemaValidator

SchemaValidator& SchemaValidator::instance() {
  static SchemaValidator* v = new SchemaValidator();  // never destroyed: the child dies with us
  return *v;
}

SchemaValidator::SchemaValidator() {
  const std::string dir = std::string(PASEO_SOURCE_DIR) + "/tests/octo/schema";
  if (!file_exists(dir + "/node_modules/@octocloud/types/package.json")) {
    start_error_ = dir +
                   "/node_modules is missing: the OCTO schema checks need it. Run: npm ci "
                   "--prefix tests/octo/schema  (from the repository root)";
    return;
  }
  ::signal(SIGPIPE, SIG_IGN);
  int in_pipe[2], out_pipe[2];
  if (::pipe(in_pipe) != 0 || ::pipe(out_pipe) != 0) {
    start_error_ = std::string("pipe: ") + std::strerror(errno);
    return;
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
  posix_spawn_file_actions_addclose(&fa, in_pipe[1]);
  posix_spawn_file_actions_addclose(&fa, out_pipe[0]);
  std::string script = dir + "/validate.js";
  std::string node = "node";
  char* argv[] = {node.data(), script.data(), nullptr};
  pid_t pid = 0;
  int rc = ::posix_spawnp(&pid, "node", &fa, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  if (rc != 0) {
    start_error_ = std::string("cannot start node: ") + std::strerror(rc);
    return;
  }
  ::fcntl(in_pipe[1], F_SETFD, FD_CLOEXEC);
  ::fcntl(out_pipe[0], F_SETFD, FD_CLOEXEC);
  to_child_ = in_pipe[1];
  from_child_ = out_pipe[0];
  // Wait for "ready".
  std::string line;
  char c;
  while (::read(from_child_, &c, 1) == 1) {
    if (c == '\n') break;
    line += c;
  }
  if (line != "ready") {
    start_error_ = "schema validator did not start: " + line;
    return;
  }
  available_ = true;
}

std::optional<std::string> SchemaValidator::validate(std::string_view schema,
                                                     std::string_view json) {
  if (!available_) return std::nullopt;
  std::lock_guard lock(mu_);
  std::string msg = "{\"schema\":" + json_escape(schema) + ",\"json\":" + std::string(json) + "}\n";
  // The body must be one line: JSON text has no raw newlines except as whitespace.
  for (auto& ch : msg) {
    if (ch == '\n' && &ch != &msg.back()) ch = ' ';
  }
  std::size_t off = 0;
  while (off < msg.size()) {
    ssize_t n = ::write(to_child_, msg.data() + off, msg.size() - off);
    if (n <= 0) return "schema validator died (write failed)";
    off += static_cast<std::size_t>(n);
  }
  std::string line;
  for (;;) {
    auto nl = buffer_.find('\n');
    if (nl != std::string::npos) {
      line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      break;
    }
    char buf[4096];
    ssize_t n = ::read(from_child_, buf, sizeof buf);
    if (n <= 0) return "schema validator died (read failed)";
    buffer_.append(buf, static_cast<std::size_t>(n));
  }
  auto doc = http::parse_json(line);
  if (!doc.ok()) return "validator answered garbage: " + line;
  if (doc->root().get("ok").as_bool()) return std::nullopt;
  std::string out;
  for (const auto& e : doc->root().get("errors").items()) {
    out += std::string(e.as_string()) + "; ";
  }
  return out;
}

void expect_schema(std::string_view schema, const HttpResult& r) {
  auto& v = SchemaValidator::instance();
  if (!v.available()) {
    static std::once_flag warned;
    if (ci_mode()) {
      ADD_FAILURE() << "OCTO schema validation unavailable under CI=true: " << v.start_error();
    } else {
      std::call_once(warned, [&] {
        std::cerr << "WARNING: OCTO schema validation disabled: " << v.start_error() << "\n";
      });
    }
    return;
  }
  if (!r.has_json) {
    ADD_FAILURE() << "response is not JSON (status " << r.status << "): " << r.body;
    return;
  }
  std::string name(schema);
  if (r.status >= 300 || name.empty()) name = "Error";
  if (r.status < 300 && schema.empty()) return;  // caller did not name a schema
  if (auto issues = v.validate(name, r.body)) {
    ADD_FAILURE() << "response does not match @octocloud/types z" << name << ": " << *issues
                  << "\nbody: " << r.body.substr(0, 2000);
  }
}

// ---------------------------------------------------------------------------------------------
// HttpResult

std::string HttpResult::str(std::string_view key) const {
  if (!has_json) return "";
  auto v = root().get(key);
  return v.valid() && v.is_string() ? std::string(v.as_string()) : "";
}

std::int64_t HttpResult::integer(std::string_view key) const {
  if (!has_json) return 0;
  auto v = root().get(key);
  return v.valid() && v.is_int() ? v.as_int() : 0;
}

namespace {

std::size_t write_body(char* ptr, std::size_t size, std::size_t n, void* user) {
  static_cast<std::string*>(user)->append(ptr, size * n);
  return size * n;
}

std::size_t write_header(char* ptr, std::size_t size, std::size_t n, void* user) {
  auto* headers = static_cast<std::map<std::string, std::string, http::CaseInsensitiveLess>*>(user);
  std::string_view line(ptr, size * n);
  auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.remove_suffix(1);
    (*headers)[std::string(line.substr(0, colon))] = std::string(value);
  }
  return size * n;
}

HttpResult do_request(std::uint16_t port, std::string_view method, std::string_view path,
                      std::string_view body, const std::map<std::string, std::string>& headers) {
  static std::once_flag init;
  std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  HttpResult r;
  CURL* curl = curl_easy_init();
  std::string url = "http://127.0.0.1:" + std::to_string(port) + std::string(path);
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, std::string(method).c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
  std::string body_copy(body);
  if (!body.empty() || method == "POST" || method == "PATCH") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body_copy.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body_copy.size()));
  }
  curl_slist* list = nullptr;
  for (const auto& [k, v] : headers) list = curl_slist_append(list, (k + ": " + v).c_str());
  list = curl_slist_append(list, "Expect:");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, write_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &r.headers);
  CURLcode rc = curl_easy_perform(curl);
  if (rc == CURLE_OK) {
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    r.status = static_cast<int>(status);
  } else {
    r.status = -1;
    r.body = curl_easy_strerror(rc);
  }
  curl_slist_free_all(list);
  curl_easy_cleanup(curl);
  if (!r.body.empty()) {
    auto doc = http::parse_json(r.body);
    if (doc.ok()) {
      r.json = std::move(doc).value();
      r.has_json = true;
    }
  }
  return r;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// OctoEnv

OctoEnv::OctoEnv() : clock_(SystemClock().now()) {}

OctoEnv::~OctoEnv() {
  if (server_) server_->stop();
  if (server_thread_.joinable()) server_thread_.join();
  server_.reset();
  router_.reset();
  catalogue_.reset();
  keys_.reset();
  ctx_.reset();
  tdb_.reset();
}

std::unique_ptr<OctoEnv> OctoEnv::start(storage::testing::TestBackend backend,
                                        const storage::DatabaseOptions& db_options) {
  std::unique_ptr<OctoEnv> env(new OctoEnv());
  env->backend_ = backend;
  auto tdb = storage::testing::TestDatabase::create(backend, db_options);
  if (!tdb.ok()) {
    ADD_FAILURE() << "database: " << tdb.error().to_string();
    return nullptr;
  }
  env->tdb_ = std::move(tdb).value();
  auto migrated = storage::migrate(env->db());
  if (!migrated.ok()) {
    ADD_FAILURE() << "migrate: " << migrated.error().to_string();
    return nullptr;
  }
  env->keys_ = std::make_unique<app::ApiKeyService>(env->db(), env->clock_);
  env->catalogue_ = std::make_unique<app::CatalogueService>(env->db(), env->clock_);
  if (auto s = env->create_fixtures(); !s.ok()) {
    ADD_FAILURE() << "fixtures: " << s.error().to_string();
    return nullptr;
  }
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
  env->ctx_.reset(new api::ApiContext{env->db(), env->clock_});
#pragma GCC diagnostic pop
  env->ctx_->public_url = "http://127.0.0.1";
  env->router_ = std::make_unique<http::Router>();
  api::register_octo_routes(*env->router_, *env->ctx_);
  http::ServerOptions options;
  options.port = 0;
  options.io_threads = 1;
  options.worker_threads = 16;
  options.access_log = false;
  options.max_body_bytes = 64 << 10;
  env->server_ = std::make_unique<http::Server>(*env->router_, options, nullptr);
  if (auto s = env->server_->start(); !s.ok()) {
    ADD_FAILURE() << "server: " << s.error().to_string();
    return nullptr;
  }
  env->server_thread_ = std::thread([s = env->server_.get()] { s->run(false); });
  return env;
}

Status OctoEnv::create_fixtures() {
  const std::int64_t now = to_epoch_ms(clock_.now());
  Status orgs = db().write([&](storage::Connection& c) -> Status {
    struct Org {
      const char* id;
      const char* kind;
      const char* name;
      const char* slug;  // for a schema-valid email (zod rejects '_' in domains)
    };
    for (const Org& o : {Org{kSupplierA, "supplier", "Paseos Test A", "supplier-a"},
                         Org{kSupplierB, "supplier", "Other Supplier B", "supplier-b"},
                         Org{kReseller, "reseller", "Reseller R", "reseller-r"},
                         Org{kResellerB, "reseller", "Reseller of B", "reseller-b"}}) {
      PASEO_RETURN_IF_ERROR(
          c.query("INSERT INTO organisations (id, kind, name, email, created_at) VALUES ($1, $2, "
                  "$3, $4, $5)",
                  {std::string(o.id), std::string(o.kind), std::string(o.name),
                   std::string("ops@") + o.slug + ".example.com", now}));
    }
    return {};
  });
  if (!orgs.ok()) return orgs;
  PASEO_RETURN_IF_ERROR(catalogue_->add_contract(kSupplierA, kReseller));
  PASEO_RETURN_IF_ERROR(catalogue_->add_contract(kSupplierB, kResellerB));

  auto base_unit = [](const char* id, domain::UnitType type, const char* name, int pax) {
    domain::Unit u;
    u.id = id;
    u.type = type;
    u.internal_name = name;
    u.title = {{"en", name}, {"es", name}, {"fr", name}};
    u.pax_count = pax;
    return u;
  };
  auto price = [](const char* unit, std::int64_t retail, std::int64_t net) {
    domain::Price p;
    p.unit_id = unit;
    p.retail = retail;
    p.net = net;
    return p;
  };

  // --- supplier A: the Madrid walking tour ---
  domain::Product tour;
  tour.id = kTour;
  tour.internal_name = "Madrid walking tour";
  tour.reference = "MAD-WALK";
  tour.title = {
      {"en", "Madrid walking tour"}, {"es", "Paseo por Madrid"}, {"fr", "Visite à pied de Madrid"}};
  tour.short_description = {{"en", "Old town in two hours"}, {"es", "El centro en dos horas"}};
  tour.description = {{"en", "A walk through the Austrias."}, {"es", "Un paseo por los Austrias."}};
  tour.destination_city = "Madrid";
  tour.destination_country = "ES";
  tour.category = "walking_tour";
  tour.duration_minutes = 120;
  tour.time_zone = "Europe/Madrid";
  tour.currency = "EUR";
  tour.availability_type = domain::AvailabilityType::kStartTime;
  tour.booking_cutoff_minutes = 60;
  tour.booking_horizon_days = 400;
  tour.cancellation = {true, 24, 50, 120};
  tour.meeting_point = domain::MeetingPoint{
      "Plaza Mayor 1, Madrid", domain::GeoPoint{40.4155, -3.7074}, {{"en", "Under the clock"}}};
  tour.pickup_points = {domain::PickupPoint{"hotel-ritz",
                                            "Hotel Ritz",
                                            "Plaza de la Lealtad 5",
                                            std::nullopt,
                                            {{"en", "Main door"}},
                                            15}};
  for (const char* lang : {"es", "en"}) {
    domain::Option o;
    o.id = lang;
    o.is_default = std::string_view(lang) == "es";
    o.internal_name = std::string("Tour in ") + lang;
    o.title = {{"en", std::string("Tour in ") + lang}};
    o.units = {base_unit("adult", domain::UnitType::kAdult, "Adult", 1),
               base_unit("child", domain::UnitType::kChild, "Child", 1),
               base_unit("infant", domain::UnitType::kInfant, "Infant", 0)};
    o.units[0].min_age = 18;
    o.units[0].max_age = 99;
    o.units[1].min_age = 4;
    o.units[1].max_age = 17;
    o.units[2].min_age = 0;
    o.units[2].max_age = 3;
    o.units[0].max_per_booking = 8;
    o.prices = {price("adult", 3000, 2400), price("child", 1500, 1200), price("infant", 0, 0)};
    o.max_units = 10;
    o.required_contact_fields = {"firstName", "lastName", "emailAddress"};
    o.pickup_available = true;
    tour.options.push_back(o);
  }
  tour.extras = {
      domain::Extra{"tapas", {{"en", "Tapas tasting"}}, {{"en", "Three tapas"}}, 1200, 1000, 4}};
  tour.questions = {domain::Question{"diet",
                                     domain::QuestionScope::kBooking,
                                     domain::QuestionInput::kText,
                                     false,
                                     {{"en", "Dietary requirements?"}},
                                     {},
                                     {}}};
  const app::Caller supplier_a = app::Caller::supplier(kSupplierA);
  PASEO_ASSIGN_OR_RETURN(auto saved_tour, catalogue_->save_product(supplier_a, tour));
  (void)saved_tour;

  PASEO_ASSIGN_OR_RETURN(auto madrid, domain::TimeZone::find("Europe/Madrid"));
  const domain::LocalDate today = madrid.local_date(clock_.now());
  domain::Schedule tour_schedule;
  domain::WeeklyRule rule;
  rule.start_times = {domain::LocalTime::from_hm(10, 0), domain::LocalTime::from_hm(12, 0),
                      domain::LocalTime::from_hm(17, 0)};
  rule.from = today.plus_days(-30);
  rule.capacity = kTourCapacity;
  tour_schedule.rules = {rule};
  // DST edges (Europe/Madrid 2027): spring forward 2027-03-28 02:00->03:00, fall back 2027-10-31
  // 03:00->02:00. A 02:30 departure on both days exercises the gap and the repeated hour.
  tour_schedule.one_offs = {
      {domain::LocalDate::from_ymd(2027, 3, 28), domain::LocalTime::from_hm(2, 30), 5},
      {domain::LocalDate::from_ymd(2027, 10, 31), domain::LocalTime::from_hm(2, 30), 5}};
  tour_schedule.closures = {
      {today.plus_days(10), today.plus_days(10), std::nullopt, "Holiday"},
      {today.plus_days(11), today.plus_days(11), domain::LocalTime::from_hm(17, 0), "Strike"}};
  tour_schedule.overrides = {{today.plus_days(12), domain::LocalTime::from_hm(10, 0), 4}};
  PASEO_RETURN_IF_ERROR(catalogue_->save_schedule(supplier_a, kTour, tour_schedule));

  // --- supplier A: museum with opening hours ---
  domain::Product museum;
  museum.id = kMuseum;
  museum.internal_name = "Museum ticket";
  museum.title = {{"en", "Museum ticket"}, {"es", "Entrada al museo"}, {"fr", "Billet musée"}};
  museum.destination_city = "Madrid";
  museum.destination_country = "ES";
  museum.category = "museum";
  museum.duration_minutes = 180;
  museum.time_zone = "Europe/Madrid";
  museum.currency = "EUR";
  museum.availability_type = domain::AvailabilityType::kOpeningHours;
  museum.booking_cutoff_minutes = 0;
  museum.booking_horizon_days = 365;
  museum.cancellation = {true, 24, 100, 0};
  {
    domain::Option o;
    o.id = "DEFAULT";
    o.is_default = true;
    o.internal_name = "General admission";
    o.units = {base_unit("adult", domain::UnitType::kAdult, "Adult", 1),
               base_unit("senior", domain::UnitType::kSenior, "Senior", 1)};
    o.prices = {price("adult", 1500, 1300), price("senior", 750, 650)};
    museum.options.push_back(o);
  }
  PASEO_ASSIGN_OR_RETURN(auto saved_museum, catalogue_->save_product(supplier_a, museum));
  (void)saved_museum;
  domain::Schedule museum_schedule;
  museum_schedule.opening_hours = {
      {domain::kEveryDay, domain::LocalTime::from_hm(9, 0), domain::LocalTime::from_hm(14, 0),
       today.plus_days(-30), std::nullopt, 100},
      {domain::kEveryDay, domain::LocalTime::from_hm(16, 0), domain::LocalTime::from_hm(20, 0),
       today.plus_days(-30), std::nullopt, 100}};
  PASEO_RETURN_IF_ERROR(catalogue_->save_schedule(supplier_a, kMuseum, museum_schedule));

  // --- supplier A: a tiny departure in Mexico City (no DST), for the last-seat race ---
  domain::Product tiny;
  tiny.id = kSmall;
  tiny.internal_name = "Tiny Mexico tour";
  tiny.title = {{"en", "Teotihuacan at dawn"}};
  tiny.destination_city = "Mexico City";
  tiny.destination_country = "MX";
  tiny.category = "day_trip";
  tiny.duration_minutes = 240;
  tiny.time_zone = "America/Mexico_City";
  tiny.currency = "MXN";
  tiny.booking_cutoff_minutes = 0;
  tiny.booking_horizon_days = 400;
  tiny.cancellation = {false, 0, 100, 0};
  {
    domain::Option o;
    o.id = "DEFAULT";
    o.is_default = true;
    o.internal_name = "Shared";
    o.units = {base_unit("adult", domain::UnitType::kAdult, "Adult", 1)};
    o.prices = {price("adult", 90000, 80000)};
    tiny.options.push_back(o);
  }
  PASEO_ASSIGN_OR_RETURN(auto saved_tiny, catalogue_->save_product(supplier_a, tiny));
  (void)saved_tiny;
  PASEO_ASSIGN_OR_RETURN(auto mexico, domain::TimeZone::find("America/Mexico_City"));
  domain::Schedule tiny_schedule;
  domain::WeeklyRule tiny_rule;
  tiny_rule.start_times = {domain::LocalTime::from_hm(9, 0)};
  tiny_rule.from = mexico.local_date(clock_.now()).plus_days(-30);
  tiny_rule.capacity = kSmallCapacity;
  tiny_schedule.rules = {tiny_rule};
  PASEO_RETURN_IF_ERROR(catalogue_->save_schedule(supplier_a, kSmall, tiny_schedule));

  // --- supplier B: a product the reseller R must never see ---
  domain::Product other = tiny;
  other.id = kOtherTour;
  other.internal_name = "B's tour";
  PASEO_ASSIGN_OR_RETURN(auto saved_other,
                         catalogue_->save_product(app::Caller::supplier(kSupplierB), other));
  (void)saved_other;
  PASEO_RETURN_IF_ERROR(
      catalogue_->save_schedule(app::Caller::supplier(kSupplierB), kOtherTour, tiny_schedule));

  // API keys.
  PASEO_ASSIGN_OR_RETURN(auto key, keys_->create({kReseller, "R's OCTO key", {"octo"}, "", ""}));
  reseller_key_ = key.plaintext;
  PASEO_ASSIGN_OR_RETURN(auto key_b, keys_->create({kResellerB, "B's key", {"octo"}, "", ""}));
  reseller_b_key_ = key_b.plaintext;
  return {};
}

HttpResult OctoEnv::raw(std::string_view method, std::string_view path, std::string_view body,
                        const std::map<std::string, std::string>& headers,
                        std::string_view schema) {
  HttpResult r = do_request(port(), method, path, body, headers);
  expect_schema(schema, r);
  return r;
}

HttpResult OctoEnv::call(std::string_view method, std::string_view path, std::string_view body,
                         std::string_view schema, std::string_view caps,
                         std::map<std::string, std::string> extra_headers) {
  extra_headers.emplace("Authorization", "Bearer " + reseller_key_);
  extra_headers.emplace("Octo-Capabilities", std::string(caps));
  if (!body.empty()) extra_headers.emplace("Content-Type", "application/json");
  return raw(method, path, body, extra_headers, schema);
}

std::string OctoEnv::madrid_date(int days) const {
  auto tz = domain::TimeZone::find("Europe/Madrid");
  return tz->local_date(clock_.now()).plus_days(days).to_string();
}

std::string OctoEnv::mexico_date(int days) const {
  auto tz = domain::TimeZone::find("America/Mexico_City");
  return tz->local_date(clock_.now()).plus_days(days).to_string();
}

std::string OctoEnv::tour_slot(int days, std::string_view hhmm) const {
  auto tz = domain::TimeZone::find("Europe/Madrid");
  domain::Slot slot;
  slot.date = tz->local_date(clock_.now()).plus_days(days);
  slot.start = *domain::LocalTime::parse(hhmm);
  return domain::availability_id(*tz, slot);
}

std::string OctoEnv::reserve_body(std::string_view uuid, std::string_view product,
                                  std::string_view option, std::string_view availability_id,
                                  const std::vector<std::string>& units,
                                  std::string_view extra_fields) {
  std::string items;
  for (const auto& u : units) {
    if (!items.empty()) items += ",";
    items += "{\"unitId\":" + json_escape(u) + "}";
  }
  std::string body = "{";
  if (!uuid.empty()) body += "\"uuid\":" + json_escape(uuid) + ",";
  body += "\"productId\":" + json_escape(product) + ",\"optionId\":" + json_escape(option) +
          ",\"availabilityId\":" + json_escape(availability_id) + ",\"unitItems\":[" + items + "]";
  if (!extra_fields.empty()) body += "," + std::string(extra_fields);
  return body + "}";
}

std::string OctoEnv::confirm_body(std::string_view extra_fields) {
  std::string body =
      "{\"contact\":{\"fullName\":\"Ana García\",\"firstName\":\"Ana\",\"lastName\":\"García\","
      "\"emailAddress\":\"ana@example.com\",\"phoneNumber\":\"+34600000000\",\"locales\":[\"es\"],"
      "\"country\":\"ES\"}";
  if (!extra_fields.empty()) body += "," + std::string(extra_fields);
  return body + "}";
}

std::int64_t OctoEnv::seats_taken(std::string_view product_id, std::string_view local_date) const {
  auto r = tdb_->db().read_value<std::int64_t>([&](storage::Connection& c) -> Result<std::int64_t> {
    PASEO_ASSIGN_OR_RETURN(
        auto q, c.query("SELECT COALESCE(SUM(booked), 0) FROM departures WHERE product_id = $1 "
                        "AND local_date = $2",
                        {std::string(product_id), std::string(local_date)}));
    return q.front().get_int(0);
  });
  return r.ok() ? *r : -1;
}

}  // namespace paseo::octo_test
