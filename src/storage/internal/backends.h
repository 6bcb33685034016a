// Backend factories behind open_database(); not part of the public interface.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "storage/db.h"

namespace paseo::storage::internal {

// The error for a string parameter holding NUL (PostgreSQL text cannot): worded for the person
// who typed the text, since it reaches API answers; which parameter it was is of no use to them.
inline constexpr const char* kNulInText = "text must not contain the NUL character (U+0000)";

// path is a file path, or ":memory:" for a private in-memory database (see sqlite_database.cpp).
Result<DatabasePtr> open_sqlite(const std::string& path, const DatabaseOptions& options);

// conninfo is a libpq connection URI ("postgresql://…" / "postgres://…").
Result<DatabasePtr> open_postgres(const std::string& conninfo, const DatabaseOptions& options);

}  // namespace paseo::storage::internal
