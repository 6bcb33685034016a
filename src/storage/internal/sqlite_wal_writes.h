// A SQLite VFS that writes a commit's WAL frames 128 KiB at a time rather than two writes a page.
//
// Why: SQLite writes each WAL frame as two writes, its 24-byte header and then the page. A commit
// of a dozen bookings dirties about 130 pages (a booking's entries in the indexes on its client's
// uuid, its reference and its departure land on different leaves), so the single writer made
// about 260 pwrite() calls per commit, 84,000 a second in bench/octo spread: a syscall each, on
// the thread every booking waits for.
//
// The VFS is SQLite's default one ("unix") with one change for the files SQLite opens as a WAL:
// writes that continue where the previous one ended are gathered in memory and reach the file
// together. Gathered bytes are written before anything could need them in the file:
//   - before a write elsewhere in the file, a read, a size query, a truncation, a sync, a file
//     control and a close;
//   - right after a commit frame (a frame whose header carries the database size), whatever the
//     `synchronous` setting. SQLite makes a commit visible to readers (the wal-index header) only
//     after writing that frame, and after syncing it when `synchronous` is FULL;
//   - before the connection takes or releases any WAL lock (the main database's xShmLock). A
//     transaction that spilled pages into the WAL and then rolled back has frames no commit
//     ends; held past the write lock, they would later land over another writer's commit (a
//     second process on the same file). Written while the lock is still held, they are what
//     SQLite itself would have left there, past the last commit, ignored;
//   - when 128 KiB are waiting, the most the default VFS writes at once (a commit of a dozen
//     bookings then takes five writes).
// A failed write is reported by the call that made it happen, which SQLite treats as the failure
// of that transaction's write. The main database file is wrapped only to see those locks; it,
// the journal and the -shm file are otherwise the default VFS's own, untouched.
//
// Contract: sqlite_wal_writes_vfs() registers the VFS (once, thread-safe; it is not the default)
// and returns its name for sqlite3_open_v2(), or nullptr if SQLite has no default VFS to wrap. It
// initialises SQLite, so install_sqlite_page_cache() must run first. Connections of one database
// may mix it and the default VFS: only the writer's WAL writes differ, and they are in the file
// before any reader can learn of them.
#pragma once

#include <cstdint>

namespace paseo::storage::internal {

const char* sqlite_wal_writes_vfs();

// What the VFS did since the process started: for tests and benchmarks.
struct SqliteWalWritesStats {
  std::uint64_t writes = 0;   // xWrite calls SQLite made on WAL files
  std::uint64_t flushes = 0;  // writes that reached a WAL file
};
SqliteWalWritesStats sqlite_wal_writes_stats();

}  // namespace paseo::storage::internal
