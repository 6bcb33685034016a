// Versioned schema migrations, embedded in the binary at build time.
//
// Migrations live in src/storage/migrations/NNNN_name.sql (portable SQL). Where the dialects must
// differ, NNNN_name.sqlite.sql and NNNN_name.pg.sql replace the portable file for that engine.
// A table `schema_migrations(version, name, applied_at)` records what ran. Each migration runs in
// its own write transaction (all or nothing), in version order; any known version not yet recorded
// runs, so a lower number merged later still applies. Safe to run from several processes at once:
// SQLite serialises writers, PostgreSQL takes pg_advisory_xact_lock in every migration transaction.
//
// Because a migration runs inside a transaction (on SQLite inside the writer's SAVEPOINT), it
// cannot change PRAGMAs such as foreign_keys, nor use PostgreSQL's CREATE INDEX CONCURRENTLY.
// Files are embedded at build time (src/storage/embed_migrations.cmake); adding one needs no
// CMake change, re-running cmake --build picks it up.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "storage/db.h"

namespace paseo::storage {

struct MigrationReport {
  int from_version = 0;
  int to_version = 0;
  std::vector<std::string> applied;  // names of the migrations run now
};

// The newest version this binary knows.
int latest_schema_version();

// Applies every pending migration. kFailedPrecondition when the database's schema is newer than
// this binary ("database schema is at version 7 but this paseo knows only up to 5").
Result<MigrationReport> migrate(Database& db);

}  // namespace paseo::storage
