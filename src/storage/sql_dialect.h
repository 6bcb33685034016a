// Placeholder dialects: SQL is written once in PostgreSQL's `$N` style.
//
// Why a rewrite at all: SQLite accepts `$1`, but treats it as a *named* parameter whose index is
// the order of first appearance, so `SELECT $2, $1` would bind the first value to `$2`. `?N` is
// SQLite's numbered form and keeps PostgreSQL's meaning (performance.md / stack.md §1.3).
#pragma once

#include <string>
#include <string_view>

namespace paseo::storage {

// Rewrites every `$N` placeholder to `?N`, leaving untouched whatever sits inside '…' string
// literals (with '' escapes), "…" quoted identifiers, -- line comments and /* */ comments.
// A `$` not followed by a digit (PostgreSQL dollar quoting, identifiers like a$b) is copied as is,
// and so is `$N` glued to the end of an identifier (`a$1`).
std::string rewrite_placeholders_for_sqlite(std::string_view sql);

// The highest N of any `$N` placeholder outside literals/comments (0 when there is none).
int max_placeholder_index(std::string_view sql);

}  // namespace paseo::storage
