#include "storage/internal/sqlite_wal_writes.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <mutex>
#include <vector>

#include <sqlite3.h>

namespace paseo::storage::internal {
namespace {

// The most one write of the default VFS takes: os_unix.c's seekAndWriteFd() masks a write's
// length with 0x1ffff, so a longer one would be cut short (and reported as a full disk).
constexpr sqlite3_int64 kMaxGathered = 0x1ffff;
constexpr int kWalHeaderBytes = 32;
constexpr int kFrameHeaderBytes = 24;

std::atomic<std::uint64_t> g_writes{0};
std::atomic<std::uint64_t> g_flushes{0};

sqlite3_vfs* g_base = nullptr;  // the default VFS this one wraps
sqlite3_vfs g_vfs{};
sqlite3_io_methods g_methods{};     // WAL files
sqlite3_io_methods g_db_methods{};  // main database files

struct DbFile;

// A WAL file: SQLite allocates sizeof(WalFile) rounded up, then the default VFS's own file.
struct WalFile {
  sqlite3_file base;  // pMethods = &g_methods
  sqlite3_file* real;
  char* buffer;         // kMaxGathered bytes, allocated at the first write; nullptr = none
  sqlite3_int64 start;  // the file offset of buffer[0]
  sqlite3_int64 size;   // bytes gathered
  bool commit_pending;  // the last write was a commit frame's header: flush after its page
  DbFile* db;           // the database this is the WAL of (under g_files_mu); may be nullptr
};
constexpr int kWalFileBytes = (sizeof(WalFile) + 7) & ~7;

// A main database file, wrapped only to see its connection's WAL locks (xShmLock): when a
// transaction that spilled pages into the WAL rolls back, no commit frame ends those frames, and
// the write lock goes to whoever asks next. Anything gathered is written before any lock changes
// hands, as SQLite would have written it, so it can never land over another writer's commit.
struct DbFile {
  sqlite3_file base;  // pMethods = &g_db_methods
  sqlite3_file* real;
  const char* name;  // SQLite's pointer, which sqlite3_filename_database() of its WAL returns
  WalFile* wal;      // under g_files_mu; nullptr until the WAL is opened
};
constexpr int kDbFileBytes = (sizeof(DbFile) + 7) & ~7;

// Open database files of this VFS, to pair each WAL with its database (a handful at a time).
std::mutex g_files_mu;
std::vector<DbFile*> g_dbs;

WalFile* wal(sqlite3_file* file) { return reinterpret_cast<WalFile*>(file); }
DbFile* db_file(sqlite3_file* file) { return reinterpret_cast<DbFile*>(file); }
const sqlite3_io_methods& real_methods(WalFile* f) { return *f->real->pMethods; }
const sqlite3_io_methods& real_methods(DbFile* f) { return *f->real->pMethods; }

int flush(WalFile* f) {
  if (f->size == 0) return SQLITE_OK;
  const auto bytes = static_cast<int>(f->size);
  f->size = 0;
  g_flushes.fetch_add(1, std::memory_order_relaxed);
  return real_methods(f).xWrite(f->real, f->buffer, bytes, f->start);
}

// Bytes 4..7 of a frame header: the database size in pages after a commit, 0 for other frames.
bool is_commit_frame_header(const void* data, int amount, sqlite3_int64 offset) {
  if (amount != kFrameHeaderBytes || offset < kWalHeaderBytes) return false;
  const auto* b = static_cast<const unsigned char*>(data);
  return (b[4] | b[5] | b[6] | b[7]) != 0;
}

int wal_write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
  WalFile* f = wal(file);
  g_writes.fetch_add(1, std::memory_order_relaxed);
  const bool follows = f->size > 0 && offset == f->start + f->size;
  if (!follows || f->size + amount > kMaxGathered) {
    if (int rc = flush(f); rc != SQLITE_OK) return rc;
  }
  if (f->buffer == nullptr) f->buffer = static_cast<char*>(sqlite3_malloc64(kMaxGathered));
  if (f->buffer == nullptr || amount > kMaxGathered) {  // no memory: write through, unbuffered
    g_flushes.fetch_add(1, std::memory_order_relaxed);
    return real_methods(f).xWrite(f->real, data, amount, offset);
  }
  if (f->size == 0) f->start = offset;
  std::memcpy(f->buffer + f->size, data, static_cast<std::size_t>(amount));
  f->size += amount;
  const bool ends_commit = f->commit_pending;
  f->commit_pending = is_commit_frame_header(data, amount, offset);
  return ends_commit ? flush(f) : SQLITE_OK;
}

int wal_close(sqlite3_file* file) {
  WalFile* f = wal(file);
  {
    std::lock_guard lock(g_files_mu);
    if (f->db != nullptr) f->db->wal = nullptr;
    f->db = nullptr;
  }
  const int flushed = flush(f);
  const int closed = real_methods(f).xClose(f->real);
  sqlite3_free(f->buffer);
  f->buffer = nullptr;
  return flushed != SQLITE_OK ? flushed : closed;
}

int wal_read(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
  WalFile* f = wal(file);
  if (int rc = flush(f); rc != SQLITE_OK) return rc;
  return real_methods(f).xRead(f->real, out, amount, offset);
}

int wal_truncate(sqlite3_file* file, sqlite3_int64 size) {
  WalFile* f = wal(file);
  if (int rc = flush(f); rc != SQLITE_OK) return rc;
  return real_methods(f).xTruncate(f->real, size);
}

int wal_sync(sqlite3_file* file, int flags) {
  WalFile* f = wal(file);
  if (int rc = flush(f); rc != SQLITE_OK) return rc;
  return real_methods(f).xSync(f->real, flags);
}

int wal_file_size(sqlite3_file* file, sqlite3_int64* size) {
  WalFile* f = wal(file);
  if (int rc = flush(f); rc != SQLITE_OK) return rc;
  return real_methods(f).xFileSize(f->real, size);
}

int wal_lock(sqlite3_file* file, int level) {
  WalFile* f = wal(file);
  return real_methods(f).xLock(f->real, level);
}

int wal_unlock(sqlite3_file* file, int level) {
  WalFile* f = wal(file);
  return real_methods(f).xUnlock(f->real, level);
}

int wal_check_reserved_lock(sqlite3_file* file, int* out) {
  WalFile* f = wal(file);
  return real_methods(f).xCheckReservedLock(f->real, out);
}

int wal_file_control(sqlite3_file* file, int op, void* arg) {
  WalFile* f = wal(file);
  if (int rc = flush(f); rc != SQLITE_OK) return rc;
  return real_methods(f).xFileControl(f->real, op, arg);
}

int wal_sector_size(sqlite3_file* file) {
  WalFile* f = wal(file);
  return real_methods(f).xSectorSize(f->real);
}

int wal_device_characteristics(sqlite3_file* file) {
  WalFile* f = wal(file);
  return real_methods(f).xDeviceCharacteristics(f->real);
}

// SQLite keeps the wal-index in the main database's -shm file and never maps the WAL, so the
// remaining methods are only forwarded for completeness.
int wal_shm_map(sqlite3_file* file, int page, int page_size, int extend, void volatile** out) {
  WalFile* f = wal(file);
  if (real_methods(f).iVersion < 2) return SQLITE_IOERR_SHMMAP;
  return real_methods(f).xShmMap(f->real, page, page_size, extend, out);
}

int wal_shm_lock(sqlite3_file* file, int offset, int n, int flags) {
  WalFile* f = wal(file);
  if (real_methods(f).iVersion < 2) return SQLITE_IOERR_SHMLOCK;
  return real_methods(f).xShmLock(f->real, offset, n, flags);
}

void wal_shm_barrier(sqlite3_file* file) {
  WalFile* f = wal(file);
  if (real_methods(f).iVersion >= 2) real_methods(f).xShmBarrier(f->real);
}

int wal_shm_unmap(sqlite3_file* file, int delete_flag) {
  WalFile* f = wal(file);
  if (real_methods(f).iVersion < 2) return SQLITE_OK;
  return real_methods(f).xShmUnmap(f->real, delete_flag);
}

int wal_fetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** out) {
  WalFile* f = wal(file);
  *out = nullptr;  // "no mapping": SQLite then reads with xRead
  if (real_methods(f).iVersion < 3) return SQLITE_OK;
  if (int rc = flush(f); rc != SQLITE_OK) return rc;
  return real_methods(f).xFetch(f->real, offset, amount, out);
}

int wal_unfetch(sqlite3_file* file, sqlite3_int64 offset, void* page) {
  WalFile* f = wal(file);
  if (real_methods(f).iVersion < 3) return SQLITE_OK;
  return real_methods(f).xUnfetch(f->real, offset, page);
}

// The main database file: every call forwarded; the WAL's gathered bytes are written before
// any of its connection's WAL locks changes. The writer's own connection is the only one that
// gathers, and it changes locks a few times a transaction, when nothing is gathered.
void flush_wal_of(DbFile* d) {
  WalFile* w = nullptr;
  {
    std::lock_guard lock(g_files_mu);
    w = d->wal;
  }
  if (w != nullptr) (void)flush(w);  // a failure loses frames no commit ended: nothing
}

int db_close(sqlite3_file* file) {
  DbFile* d = db_file(file);
  {
    std::lock_guard lock(g_files_mu);
    std::erase(g_dbs, d);
    if (d->wal != nullptr) d->wal->db = nullptr;
    d->wal = nullptr;
  }
  return real_methods(d).xClose(d->real);
}
int db_read(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
  DbFile* d = db_file(file);
  return real_methods(d).xRead(d->real, out, amount, offset);
}
int db_write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
  DbFile* d = db_file(file);
  return real_methods(d).xWrite(d->real, data, amount, offset);
}
int db_truncate(sqlite3_file* file, sqlite3_int64 size) {
  DbFile* d = db_file(file);
  return real_methods(d).xTruncate(d->real, size);
}
int db_sync(sqlite3_file* file, int flags) {
  DbFile* d = db_file(file);
  return real_methods(d).xSync(d->real, flags);
}
int db_file_size(sqlite3_file* file, sqlite3_int64* size) {
  DbFile* d = db_file(file);
  return real_methods(d).xFileSize(d->real, size);
}
int db_lock(sqlite3_file* file, int level) {
  DbFile* d = db_file(file);
  return real_methods(d).xLock(d->real, level);
}
int db_unlock(sqlite3_file* file, int level) {
  DbFile* d = db_file(file);
  return real_methods(d).xUnlock(d->real, level);
}
int db_check_reserved_lock(sqlite3_file* file, int* out) {
  DbFile* d = db_file(file);
  return real_methods(d).xCheckReservedLock(d->real, out);
}
int db_file_control(sqlite3_file* file, int op, void* arg) {
  DbFile* d = db_file(file);
  return real_methods(d).xFileControl(d->real, op, arg);
}
int db_sector_size(sqlite3_file* file) {
  DbFile* d = db_file(file);
  return real_methods(d).xSectorSize(d->real);
}
int db_device_characteristics(sqlite3_file* file) {
  DbFile* d = db_file(file);
  return real_methods(d).xDeviceCharacteristics(d->real);
}
int db_shm_map(sqlite3_file* file, int page, int page_size, int extend, void volatile** out) {
  DbFile* d = db_file(file);
  if (real_methods(d).iVersion < 2) return SQLITE_IOERR_SHMMAP;
  return real_methods(d).xShmMap(d->real, page, page_size, extend, out);
}
int db_shm_lock(sqlite3_file* file, int offset, int n, int flags) {
  DbFile* d = db_file(file);
  if (real_methods(d).iVersion < 2) return SQLITE_IOERR_SHMLOCK;
  flush_wal_of(d);
  return real_methods(d).xShmLock(d->real, offset, n, flags);
}
void db_shm_barrier(sqlite3_file* file) {
  DbFile* d = db_file(file);
  if (real_methods(d).iVersion >= 2) real_methods(d).xShmBarrier(d->real);
}
int db_shm_unmap(sqlite3_file* file, int delete_flag) {
  DbFile* d = db_file(file);
  if (real_methods(d).iVersion < 2) return SQLITE_OK;
  flush_wal_of(d);
  return real_methods(d).xShmUnmap(d->real, delete_flag);
}
int db_fetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** out) {
  DbFile* d = db_file(file);
  *out = nullptr;
  if (real_methods(d).iVersion < 3) return SQLITE_OK;
  return real_methods(d).xFetch(d->real, offset, amount, out);
}
int db_unfetch(sqlite3_file* file, sqlite3_int64 offset, void* page) {
  DbFile* d = db_file(file);
  if (real_methods(d).iVersion < 3) return SQLITE_OK;
  return real_methods(d).xUnfetch(d->real, offset, page);
}

int open_db(sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  DbFile* d = db_file(file);
  d->base.pMethods = nullptr;
  d->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(d) + kDbFileBytes);
  d->real->pMethods = nullptr;
  d->name = name;
  d->wal = nullptr;
  const int rc = g_base->xOpen(g_base, name, d->real, flags, out_flags);
  if (d->real->pMethods == nullptr) return rc;
  d->base.pMethods = &g_db_methods;  // xClose, called even after a failed open, unregisters
  std::lock_guard lock(g_files_mu);
  g_dbs.push_back(d);
  return rc;
}

int vfs_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  // Main databases without a name are temporary ones, which have no WAL.
  if ((flags & SQLITE_OPEN_MAIN_DB) != 0 && name != nullptr) {
    return open_db(name, file, flags, out_flags);
  }
  // Every other file is the default VFS's own, in the same memory (ours is larger).
  if ((flags & SQLITE_OPEN_WAL) == 0) return g_base->xOpen(g_base, name, file, flags, out_flags);
  WalFile* f = wal(file);
  f->base.pMethods = nullptr;
  f->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(f) + kWalFileBytes);
  f->real->pMethods = nullptr;
  f->buffer = nullptr;
  f->start = 0;
  f->size = 0;
  f->commit_pending = false;
  f->db = nullptr;
  const int rc = g_base->xOpen(g_base, name, f->real, flags, out_flags);
  // SQLite calls xClose after a failed xOpen that left methods set; ours then closes the real one.
  if (f->real->pMethods == nullptr) return rc;
  f->base.pMethods = &g_methods;
  const char* db_name = sqlite3_filename_database(name);
  std::lock_guard lock(g_files_mu);
  auto it = std::find_if(g_dbs.begin(), g_dbs.end(), [&](DbFile* d) { return d->name == db_name; });
  if (it != g_dbs.end()) {
    f->db = *it;
    (*it)->wal = f;
  }
  return rc;
}

int vfs_delete(sqlite3_vfs*, const char* name, int sync_dir) {
  return g_base->xDelete(g_base, name, sync_dir);
}
int vfs_access(sqlite3_vfs*, const char* name, int flags, int* out) {
  return g_base->xAccess(g_base, name, flags, out);
}
int vfs_full_pathname(sqlite3_vfs*, const char* name, int size, char* out) {
  return g_base->xFullPathname(g_base, name, size, out);
}
void* vfs_dl_open(sqlite3_vfs*, const char* name) { return g_base->xDlOpen(g_base, name); }
void vfs_dl_error(sqlite3_vfs*, int size, char* out) { g_base->xDlError(g_base, size, out); }
void (*vfs_dl_sym(sqlite3_vfs*, void* handle, const char* symbol))(void) {
  return g_base->xDlSym(g_base, handle, symbol);
}
void vfs_dl_close(sqlite3_vfs*, void* handle) { g_base->xDlClose(g_base, handle); }
int vfs_randomness(sqlite3_vfs*, int size, char* out) {
  return g_base->xRandomness(g_base, size, out);
}
int vfs_sleep(sqlite3_vfs*, int micros) { return g_base->xSleep(g_base, micros); }
int vfs_current_time(sqlite3_vfs*, double* out) { return g_base->xCurrentTime(g_base, out); }
int vfs_get_last_error(sqlite3_vfs*, int size, char* out) {
  return g_base->xGetLastError(g_base, size, out);
}
int vfs_current_time_int64(sqlite3_vfs*, sqlite3_int64* out) {
  return g_base->xCurrentTimeInt64(g_base, out);
}

const char* register_vfs() {
  g_base = sqlite3_vfs_find(nullptr);  // initialises SQLite
  if (g_base == nullptr || g_base->iVersion < 2) return nullptr;

  g_methods.iVersion = 3;
  g_methods.xClose = wal_close;
  g_methods.xRead = wal_read;
  g_methods.xWrite = wal_write;
  g_methods.xTruncate = wal_truncate;
  g_methods.xSync = wal_sync;
  g_methods.xFileSize = wal_file_size;
  g_methods.xLock = wal_lock;
  g_methods.xUnlock = wal_unlock;
  g_methods.xCheckReservedLock = wal_check_reserved_lock;
  g_methods.xFileControl = wal_file_control;
  g_methods.xSectorSize = wal_sector_size;
  g_methods.xDeviceCharacteristics = wal_device_characteristics;
  g_methods.xShmMap = wal_shm_map;
  g_methods.xShmLock = wal_shm_lock;
  g_methods.xShmBarrier = wal_shm_barrier;
  g_methods.xShmUnmap = wal_shm_unmap;
  g_methods.xFetch = wal_fetch;
  g_methods.xUnfetch = wal_unfetch;

  g_db_methods.iVersion = 3;
  g_db_methods.xClose = db_close;
  g_db_methods.xRead = db_read;
  g_db_methods.xWrite = db_write;
  g_db_methods.xTruncate = db_truncate;
  g_db_methods.xSync = db_sync;
  g_db_methods.xFileSize = db_file_size;
  g_db_methods.xLock = db_lock;
  g_db_methods.xUnlock = db_unlock;
  g_db_methods.xCheckReservedLock = db_check_reserved_lock;
  g_db_methods.xFileControl = db_file_control;
  g_db_methods.xSectorSize = db_sector_size;
  g_db_methods.xDeviceCharacteristics = db_device_characteristics;
  g_db_methods.xShmMap = db_shm_map;
  g_db_methods.xShmLock = db_shm_lock;
  g_db_methods.xShmBarrier = db_shm_barrier;
  g_db_methods.xShmUnmap = db_shm_unmap;
  g_db_methods.xFetch = db_fetch;
  g_db_methods.xUnfetch = db_unfetch;

  g_vfs.iVersion = 2;
  g_vfs.szOsFile = std::max(kWalFileBytes, kDbFileBytes) + g_base->szOsFile;
  g_vfs.mxPathname = g_base->mxPathname;
  g_vfs.zName = "paseo-wal-writes";
  g_vfs.xOpen = vfs_open;
  g_vfs.xDelete = vfs_delete;
  g_vfs.xAccess = vfs_access;
  g_vfs.xFullPathname = vfs_full_pathname;
  g_vfs.xDlOpen = vfs_dl_open;
  g_vfs.xDlError = vfs_dl_error;
  g_vfs.xDlSym = vfs_dl_sym;
  g_vfs.xDlClose = vfs_dl_close;
  g_vfs.xRandomness = vfs_randomness;
  g_vfs.xSleep = vfs_sleep;
  g_vfs.xCurrentTime = vfs_current_time;
  g_vfs.xGetLastError = vfs_get_last_error;
  g_vfs.xCurrentTimeInt64 = vfs_current_time_int64;
  if (sqlite3_vfs_register(&g_vfs, /*makeDflt=*/0) != SQLITE_OK) return nullptr;
  return g_vfs.zName;
}

}  // namespace

const char* sqlite_wal_writes_vfs() {
  static const char* const name = register_vfs();  // once, thread-safe
  return name;
}

SqliteWalWritesStats sqlite_wal_writes_stats() {
  return {g_writes.load(std::memory_order_relaxed), g_flushes.load(std::memory_order_relaxed)};
}

}  // namespace paseo::storage::internal
