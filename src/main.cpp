// paseo: the composition root. Parses the command line, builds every component and wires them.
// Nothing here holds business logic; each piece lives in its module.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "api/extranet/extranet_routes.h"
#include "api/routes.h"
#include "api/v1/accounts_routes.h"
#include "app/accounts/accounts.h"
#include "app/demo_data.h"
#include "common/clock.h"
#include "config.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/server.h"
#include "jobs/hold_expiry.h"
#include "jobs/housekeeping.h"
#include "jobs/outbox_mailer.h"
#include "storage/db.h"
#include "storage/migrate.h"

namespace {

using paseo::Config;

// Command-line values; unset ones leave the lower layers (env, TOML, defaults) in force.
struct Flags {
  std::optional<std::string> config_file, db, listen, data_dir, web_root, public_url, log_level;
  std::optional<std::string> smtp_url, smtp_from;
  std::optional<int> io_threads, worker_threads, db_connections;
  bool demo = false;
  bool no_access_log = false;
};

void add_common_flags(CLI::App& cmd, Flags& f) {
  cmd.add_option("--config", f.config_file,
                 "TOML config file (env PASEO_CONFIG; default ./paseo.toml if present)");
  cmd.add_option(
      "--db", f.db,
      "Database URL: sqlite:PATH or postgresql://… (env PASEO_DB; default sqlite:var/paseo.db)");
  cmd.add_option("--log-level", f.log_level,
                 "trace|debug|info|warn|error|off (env PASEO_LOG_LEVEL)");
  cmd.add_option("--db-connections", f.db_connections,
                 "SQLite readers / PostgreSQL pool size (env PASEO_DB_CONNECTIONS; default 4)");
}

void add_serve_flags(CLI::App& cmd, Flags& f) {
  cmd.add_option("--listen", f.listen,
                 "host:port to listen on (env PASEO_LISTEN; default 127.0.0.1:8080)");
  cmd.add_option("--data-dir", f.data_dir,
                 "Uploads and documents directory (env PASEO_DATA_DIR; default var)");
  cmd.add_option("--web-root", f.web_root,
                 "Built web app to serve (env PASEO_WEB_ROOT; default web/dist)");
  cmd.add_option("--public-url", f.public_url,
                 "Base URL used in email links (env PASEO_PUBLIC_URL)");
  cmd.add_option("--io-threads", f.io_threads,
                 "HTTP I/O threads, 0 = one per core (env PASEO_IO_THREADS)");
  cmd.add_option("--worker-threads", f.worker_threads,
                 "Blocking pool for handlers (env PASEO_WORKER_THREADS; default 64)");
  cmd.add_option("--smtp-url", f.smtp_url,
                 "smtp://host:port or smtps://… (env PASEO_SMTP_URL); empty: emails stay queued");
  cmd.add_option("--smtp-from", f.smtp_from, "From address of emails (env PASEO_SMTP_FROM)");
  cmd.add_flag("--demo", f.demo,
               "Load the demo supplier, products and reseller key (env PASEO_DEMO)");
  cmd.add_flag("--no-access-log", f.no_access_log,
               "Do not log every request (env PASEO_ACCESS_LOG=0)");
}

template <typename T, typename U>
void override_with(const std::optional<T>& flag, U& target) {
  if (flag) target = *flag;
}

// defaults < TOML < environment < flags.
paseo::Result<Config> resolve_config(const Flags& f) {
  Config config;
  std::string file;
  if (f.config_file) {
    file = *f.config_file;
  } else if (const char* env = std::getenv("PASEO_CONFIG")) {
    file = env;
  } else if (std::filesystem::exists("paseo.toml")) {
    file = "paseo.toml";
  }
  if (!file.empty()) PASEO_RETURN_IF_ERROR(paseo::apply_toml_file(file, config));
  PASEO_RETURN_IF_ERROR(paseo::apply_environment(
      config, [](const char* name) -> const char* { return std::getenv(name); }));
  override_with(f.db, config.db);
  override_with(f.listen, config.listen);
  override_with(f.data_dir, config.data_dir);
  override_with(f.web_root, config.web_root);
  override_with(f.public_url, config.public_url);
  override_with(f.log_level, config.log_level);
  override_with(f.smtp_url, config.smtp.url);
  override_with(f.smtp_from, config.smtp.from_address);
  override_with(f.io_threads, config.io_threads);
  override_with(f.worker_threads, config.worker_threads);
  override_with(f.db_connections, config.db_connections);
  if (f.demo) config.demo = true;
  if (f.no_access_log) config.access_log = false;
  if (config.public_url.empty()) config.public_url = "http://" + config.listen;
  PASEO_RETURN_IF_ERROR(paseo::validate(config));
  return config;
}

// One line on stderr, exit 1: what failed and where.
int fail(const std::string& what) {
  std::fprintf(stderr, "paseo: %s\n", what.c_str());
  return 1;
}

paseo::Result<paseo::storage::DatabasePtr> open_and_migrate(const Config& config) {
  paseo::storage::DatabaseOptions options;
  options.read_connections = config.db_connections;
  PASEO_ASSIGN_OR_RETURN(auto db, paseo::storage::open_database(config.db, options));
  PASEO_ASSIGN_OR_RETURN(auto report, paseo::storage::migrate(*db));
  if (!report.applied.empty()) {
    spdlog::info("database migrated from version {} to {} ({} migrations)", report.from_version,
                 report.to_version, report.applied.size());
  }
  return db;
}

constexpr const char* kDemoAdminEmail = "admin@paseo.local";
constexpr const char* kDemoSupplierEmail = "owner@paseos-madrid.example";
constexpr const char* kDemoPassword = "paseo-demo-2026";

paseo::Result<paseo::app::DemoData> load_demo(paseo::storage::Database& db,
                                              const paseo::Clock& clock) {
  PASEO_ASSIGN_OR_RETURN(auto demo, paseo::app::load_demo_data(db, clock));
  const auto now = paseo::to_epoch_ms(clock.now());
  PASEO_RETURN_IF_ERROR(
      paseo::app::accounts::ensure_platform_admin(db, kDemoAdminEmail, kDemoPassword, now));
  PASEO_RETURN_IF_ERROR(paseo::app::accounts::ensure_organisation_user(
      db, demo.supplier_id, kDemoSupplierEmail, kDemoPassword, "supplier_owner", "Lucía Ortega",
      now));
  return demo;
}

// What a new user needs after `scripts/run.sh`: where to click, how to log in, how to call OCTO.
void print_demo_welcome(const paseo::app::DemoData& demo, const std::string& base,
                        const paseo::Clock& clock) {
  const std::string key = demo.reseller_api_key.empty() ? "<key>" : demo.reseller_api_key;
  std::printf("\nPaseo is running with demo data.\n");
  std::printf("  Web app:          %s/\n", base.c_str());
  std::printf("  Operator login:   %s / %s\n", kDemoAdminEmail, kDemoPassword);
  std::printf("  Supplier login:   %s / %s\n", kDemoSupplierEmail, kDemoPassword);
  std::printf("  Reseller API key: %s\n", demo.reseller_api_key.empty()
                                              ? "(shown only on the first --demo run: keys are "
                                                "stored hashed; delete var/ to start over)"
                                              : demo.reseller_api_key.c_str());
  std::printf(
      "  Availability of the Madrid walking tour tomorrow:\n"
      "    curl -s -X POST %s/octo/availability -H 'Authorization: Bearer %s' "
      "-H 'Content-Type: application/json' -H 'Octo-Capabilities: octo/pricing' "
      "-d '{\"productId\":\"%s\",\"optionId\":\"en\",\"localDate\":\"%s\"}'\n\n",
      base.c_str(), key.c_str(), demo.walking_tour_id.c_str(),
      paseo::format_utc(clock.now() + std::chrono::hours(24)).substr(0, 10).c_str());
  std::fflush(stdout);
}

// `paseo create-admin --email E`: the first operator account on a new installation. The password
// comes from PASEO_ADMIN_PASSWORD or, when unset, the first line of standard input (never a flag,
// so it stays out of shell history and `ps`).
int run_create_admin(const Config& config, const std::string& email) {
  std::string password;
  if (const char* env = std::getenv("PASEO_ADMIN_PASSWORD")) {
    password = env;
  } else {
    char line[1024];
    if (std::fgets(line, sizeof line, stdin) != nullptr) password = line;
    while (!password.empty() && (password.back() == '\n' || password.back() == '\r'))
      password.pop_back();
  }
  auto db = open_and_migrate(config);
  if (!db.ok()) return fail(config.db + ": " + db.error().message);
  const auto created = paseo::app::accounts::ensure_platform_admin(**db, email, password);
  (*db)->close();
  if (!created.ok()) return fail(created.error().message);
  std::printf("platform admin %s is ready\n", email.c_str());
  return 0;
}

int run_migrate(const Config& config) {
  auto db = open_and_migrate(config);
  if (!db.ok()) return fail(config.db + ": " + db.error().message);
  std::printf("schema at version %d\n", paseo::storage::latest_schema_version());
  (*db)->close();
  return 0;
}

int run_serve(const Config& config) {
  auto db_or = open_and_migrate(config);
  if (!db_or.ok()) return fail(config.db + ": " + db_or.error().message);
  paseo::storage::Database& db = **db_or;
  paseo::SystemClock clock;

  paseo::http::Metrics metrics;
  paseo::http::Router router;
  paseo::api::ApiContext ctx{
      db, clock, &metrics, config.data_dir, config.public_url, config.web_root};
  paseo::api::register_routes(router, ctx);

  auto listen = paseo::parse_listen_address(config.listen);
  paseo::http::ServerOptions options;
  options.host = listen->first;
  options.port = listen->second;
  options.io_threads = config.io_threads;
  options.worker_threads = config.worker_threads;
  options.max_body_bytes = static_cast<std::size_t>(config.max_body_bytes);
  options.access_log = config.access_log;
  paseo::api::v1::configure_server_limits(options);  // 10 MiB document uploads
  // 10 MiB product photos (back office).
  paseo::api::extranet::configure_server_limits(options);
  paseo::http::Server server(router, options, &metrics);
  // Demo data (--demo): supplier, products, reseller and the demo logins (issues 3-5).
  std::optional<paseo::app::DemoData> demo;
  if (config.demo) {
    auto loaded = load_demo(db, clock);
    if (!loaded.ok()) return fail("demo data: " + loaded.error().message);
    demo = std::move(*loaded);
  }
  paseo::jobs::HoldExpiryRunner hold_expiry(db, clock);
  hold_expiry.start();
  paseo::jobs::HousekeepingRunner housekeeping(db, clock);  // expired sessions, hourly
  housekeeping.start();
  // Email delivery from the outbox (issue 4); without smtp.url emails wait in the outbox table.
  std::optional<paseo::jobs::OutboxMailer> mailer;
  if (!config.smtp.url.empty()) {
    paseo::jobs::MailerOptions mail;
    mail.smtp_url = config.smtp.url;
    mail.username = config.smtp.username;
    mail.password = config.smtp.password;
    mail.starttls = config.smtp.starttls;
    mail.from_address = config.smtp.from_address;
    mail.from_name = config.smtp.from_name;
    mailer.emplace(db, clock, std::move(mail));
    if (auto started = mailer->start(); !started.ok()) return fail(started.error().to_string());
  } else {
    spdlog::warn("smtp.url is not set: emails stay queued in the outbox until it is");
  }

  if (auto started = server.start(); !started.ok()) return fail(started.error().message);
  if (demo)
    print_demo_welcome(*demo, "http://" + options.host + ":" + std::to_string(server.port()),
                       clock);
  spdlog::info("paseo listening on http://{}:{} (database {})", options.host, server.port(),
               db.engine() == paseo::storage::Engine::kSqlite ? "sqlite" : "postgresql");
  server.run(/*handle_signals=*/true);
  hold_expiry.stop();
  housekeeping.stop();
  if (mailer) mailer->stop();
  db.close();
  spdlog::info("paseo stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Paseo: sell tours, activities and transfers on every channel from one inventory."};
  app.require_subcommand(1);
  Flags flags;
  auto* serve =
      app.add_subcommand("serve", "Migrate the database and serve HTTP (OCTO, web app, APIs)");
  add_common_flags(*serve, flags);
  add_serve_flags(*serve, flags);
  auto* migrate = app.add_subcommand("migrate", "Apply pending database migrations and exit");
  add_common_flags(*migrate, flags);
  auto* create_admin = app.add_subcommand(
      "create-admin", "Create a platform admin (password from PASEO_ADMIN_PASSWORD or stdin)");
  add_common_flags(*create_admin, flags);
  std::string admin_email;
  create_admin->add_option("--email", admin_email, "The admin's email")->required();
  app.add_subcommand("version", "Print the version and schema version");
  CLI11_PARSE(app, argc, argv);

  if (app.got_subcommand("version")) {
    std::printf("paseo 0.1.0 (schema %d)\n", paseo::storage::latest_schema_version());
    return 0;
  }
  auto config = resolve_config(flags);
  if (!config.ok()) return fail(config.error().message);
  spdlog::set_level(spdlog::level::from_str(config->log_level));
  if (app.got_subcommand("migrate")) return run_migrate(*config);
  if (app.got_subcommand("create-admin")) return run_create_admin(*config, admin_email);
  return run_serve(*config);
}
