// Backend factories behind open_database(); not part of the public interface.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "storage/db.h"

namespace paseo::storage::internal {

// path is a file path, or ":memory:" for a private in-memory database (see sqlite_database.cpp).
Result<DatabasePtr> open_sqlite(const std::string& path, const DatabaseOptions& options);

// conninfo is a libpq connection URI ("postgresql://…" / "postgres://…").
Result<DatabasePtr> open_postgres(const std::string& conninfo, const DatabaseOptions& options);

}  // namespace paseo::storage::internal
