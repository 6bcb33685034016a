// SQLite's own page cache, with one cost taken out of every COMMIT of a growing B-tree.
//
// Why: when a page split leaves its new pages out of page-number order, SQLite's
// balance_nonroot() (btree.c, 3.40 and later) swaps two of them through a temporary page number,
// the one just past the pending-byte page (262,145 with 4 KiB pages). The default cache (pcache1)
// remembers the highest page number it was ever given, and the COMMIT after such a split
// (pager_end_transaction() truncating the cache to the file's size) then walks every hash bucket
// and every cached page looking for pages past the end of a file far smaller than 1 GiB, of which
// there are none. Measured in bench/octo spread: 7% of the single writer's time, about 0.3 ms per
// commit with 6,600 cached pages, and it grows with the cache.
//
// The wrapper forwards everything to SQLite's default cache, except that the temporary page
// number is stored under page number 0 instead, which no real page has (pages count from 1) and
// which cannot raise the highest number, so the truncation at COMMIT finds nothing to walk.
// Everything else (eviction, memory, page layout) stays SQLite's. A page lives at the temporary
// number only between balance_nonroot()'s three consecutive renumberings, or for the instant a
// corrupt file's reference to it takes before it is dropped: never across a truncation.
//
// Contract: install_sqlite_page_cache() must run before SQLite initialises, that is before the
// process opens its first SQLite connection (sqlite3_config()); the SQLite backend calls it before
// opening any. It returns false, and SQLite's default cache stays, when it is too late; the
// database is then correct, only slower. Safe to call more than once, from any thread.
#pragma once

#include <cstdint>

namespace paseo::storage::internal {

bool install_sqlite_page_cache();

// What the wrapper did since the process started: for tests and benchmarks.
struct SqlitePageCacheStats {
  bool installed = false;
  // Pages moved to the temporary page number (stored under 0 instead).
  std::uint64_t stand_ins = 0;
  // The highest page number any page cache was handed; below the pending-byte page's unless the
  // database is larger than 1 GiB.
  std::uint32_t highest_key = 0;
};
SqlitePageCacheStats sqlite_page_cache_stats();

}  // namespace paseo::storage::internal
