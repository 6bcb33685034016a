#include "storage/migrate.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <set>

#include "storage/internal/migrations.h"

namespace paseo::storage {
namespace internal {
namespace {

// Identical to migrations/0001_schema_migrations.sql: migrate() needs the table before it can
// know which migrations ran, and 0001 then records itself.
constexpr std::string_view kBootstrapSql =
    "CREATE TABLE IF NOT EXISTS schema_migrations (\n"
    "  version    INTEGER PRIMARY KEY,\n"
    "  name       TEXT    NOT NULL,\n"
    "  applied_at BIGINT  NOT NULL\n"
    ");";

// pg_advisory_xact_lock key ("paseomig" in ASCII): serialises migrate() across processes on
// PostgreSQL, including the CREATE TABLE IF NOT EXISTS (which races on pg_type otherwise).
// SQLite needs nothing: BEGIN IMMEDIATE already serialises writers.
constexpr std::string_view kPgLockSql = "SELECT pg_advisory_xact_lock(8097880786180024679)";

struct ParsedName {
  int version = 0;
  std::string name;     // "0002_organisations"
  std::string variant;  // "", "sqlite" or "pg"
};

std::optional<ParsedName> parse_filename(std::string_view file) {
  if (!file.ends_with(".sql")) return std::nullopt;
  std::string_view stem = file.substr(0, file.size() - 4);
  ParsedName out;
  for (std::string_view variant : {"sqlite", "pg"}) {
    if (stem.size() > variant.size() && stem.ends_with(variant) &&
        stem[stem.size() - variant.size() - 1] == '.') {
      out.variant = std::string(variant);
      stem.remove_suffix(variant.size() + 1);
      break;
    }
  }
  if (stem.size() < 6 || stem[4] != '_') return std::nullopt;
  for (std::size_t i = 0; i < 4; ++i) {
    if (stem[i] < '0' || stem[i] > '9') return std::nullopt;
    out.version = out.version * 10 + (stem[i] - '0');
  }
  for (char c : stem.substr(5)) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return std::nullopt;
  }
  if (out.version == 0) return std::nullopt;
  out.name = std::string(stem);
  return out;
}

Status lock_if_postgres(Connection& c) {
  if (c.engine() != Engine::kPostgres) return {};
  auto r = c.query(kPgLockSql);
  if (!r.ok()) return std::move(r).error();
  return {};
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<int> current_version(Connection& c) {
  PASEO_ASSIGN_OR_RETURN(auto r, c.query("SELECT MAX(version) FROM schema_migrations"));
  if (r.empty() || r.front().is_null(0)) return 0;
  return static_cast<int>(r.front().get_int(0));
}

Error newer_than_binary(int db_version, int latest) {
  return Error::failed_precondition("database schema is at version " + std::to_string(db_version) +
                                    " but this paseo knows only up to " + std::to_string(latest) +
                                    "; upgrade paseo (refusing to touch a newer schema)");
}

}  // namespace

Result<std::vector<Migration>> plan_migrations(std::span<const MigrationSource> files,
                                               Engine engine) {
  struct Entry {
    std::string name;
    std::optional<std::string_view> portable, sqlite, pg;
  };
  std::map<int, Entry> by_version;
  for (const auto& f : files) {
    auto parsed = parse_filename(f.filename);
    if (!parsed) {
      return Error::internal("migration file '" + std::string(f.filename) +
                             "' is not named NNNN_name.sql, NNNN_name.sqlite.sql or "
                             "NNNN_name.pg.sql (lower-case name, version >= 1)");
    }
    Entry& e = by_version[parsed->version];
    if (!e.name.empty() && e.name != parsed->name) {
      return Error::internal("migration version " + std::to_string(parsed->version) +
                             " has two names: '" + e.name + "' and '" + parsed->name + "'");
    }
    e.name = parsed->name;
    auto& slot = parsed->variant == "sqlite" ? e.sqlite
                 : parsed->variant == "pg"   ? e.pg
                                             : e.portable;
    if (slot)
      return Error::internal("migration file '" + std::string(f.filename) + "' is duplicated");
    slot = f.sql;
  }
  std::vector<Migration> plan;
  for (const auto& [version, e] : by_version) {
    const auto& specific = engine == Engine::kSqlite ? e.sqlite : e.pg;
    const auto& chosen = specific ? specific : e.portable;
    if (!chosen) {
      const char* engine_name = engine == Engine::kSqlite ? "sqlite" : "pg";
      return Error::internal("migration " + e.name + " has no file for " + engine_name +
                             " (expected " + e.name + ".sql or " + e.name + "." + engine_name +
                             ".sql)");
    }
    plan.push_back(Migration{version, e.name, std::string(*chosen)});
  }
  return plan;
}

Result<MigrationReport> migrate_with(Database& db, std::span<const MigrationSource> files) {
  PASEO_ASSIGN_OR_RETURN(auto plan, plan_migrations(files, db.engine()));
  const int latest = plan.empty() ? 0 : plan.back().version;

  Status bootstrap = db.write([](Connection& c) -> Status {
    PASEO_RETURN_IF_ERROR(lock_if_postgres(c));
    return c.execute_script(kBootstrapSql);
  });
  PASEO_RETURN_IF_ERROR(bootstrap);

  MigrationReport report;
  std::set<int> applied;
  Status listed = db.read([&](Connection& c) -> Status {
    PASEO_ASSIGN_OR_RETURN(auto r, c.query("SELECT version FROM schema_migrations"));
    applied.clear();
    for (const auto& row : r.rows) applied.insert(static_cast<int>(row.get_int(0)));
    return {};
  });
  PASEO_RETURN_IF_ERROR(listed);
  report.from_version = applied.empty() ? 0 : *applied.rbegin();
  if (report.from_version > latest) return newer_than_binary(report.from_version, latest);

  for (const auto& m : plan) {
    if (applied.contains(m.version)) continue;
    bool ran = false;
    Status s = db.write([&](Connection& c) -> Status {
      ran = false;  // the callback may run more than once
      PASEO_RETURN_IF_ERROR(lock_if_postgres(c));
      // Another process may have migrated since we looked.
      PASEO_ASSIGN_OR_RETURN(int now_at, current_version(c));
      if (now_at > latest) return newer_than_binary(now_at, latest);
      PASEO_ASSIGN_OR_RETURN(
          auto done,
          c.query("SELECT 1 FROM schema_migrations WHERE version = $1", {std::int64_t{m.version}}));
      if (!done.empty()) return {};
      if (Status run = c.execute_script(m.sql); !run.ok()) {
        Error e = std::move(run).error();
        e.message = "migration " + m.name + " failed: " + e.message;
        return e;
      }
      PASEO_ASSIGN_OR_RETURN(auto ins,
                             c.query("INSERT INTO schema_migrations (version, name, applied_at) "
                                     "VALUES ($1, $2, $3)",
                                     {std::int64_t{m.version}, m.name, now_ms()}));
      (void)ins;
      ran = true;
      return {};
    });
    PASEO_RETURN_IF_ERROR(s);
    if (ran) report.applied.push_back(m.name);
  }

  Status final_version = db.read([&](Connection& c) -> Status {
    PASEO_ASSIGN_OR_RETURN(report.to_version, current_version(c));
    return {};
  });
  PASEO_RETURN_IF_ERROR(final_version);
  return report;
}

}  // namespace internal

int latest_schema_version() {
  int latest = 0;
  for (const auto& f : internal::embedded_migrations()) {
    if (auto parsed = internal::parse_filename(f.filename))
      latest = std::max(latest, parsed->version);
  }
  return latest;
}

Result<MigrationReport> migrate(Database& db) {
  return internal::migrate_with(db, internal::embedded_migrations());
}

}  // namespace paseo::storage
