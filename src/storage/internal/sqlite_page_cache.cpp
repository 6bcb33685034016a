#include "storage/internal/sqlite_page_cache.h"

#include <atomic>
#include <mutex>
#include <new>

#include <sqlite3.h>

namespace paseo::storage::internal {
namespace {

// SQLite's PENDING_BYTE (os.h): the page holding it is never used, so its number is free for
// balance_nonroot() to renumber through.
constexpr unsigned kPendingByte = 0x40000000;
// Where the page at the temporary number is kept instead: no real page has number 0.
constexpr unsigned kStandIn = 0;

sqlite3_pcache_methods2 g_default{};  // SQLite's own cache; set once, before installing
std::atomic<bool> g_installed{false};
std::atomic<std::uint64_t> g_stand_ins{0};
std::atomic<std::uint32_t> g_highest_key{0};

struct Cache {
  sqlite3_pcache* inner;
  unsigned temporary;  // the temporary page number for this page size
};

Cache& of(sqlite3_pcache* p) { return *reinterpret_cast<Cache*>(p); }

// The key the default cache gets for `key`, counted for sqlite_page_cache_stats().
unsigned inner_key(const Cache& c, unsigned key) {
  if (key == c.temporary) return kStandIn;
  // A relaxed load first: the highest key rarely changes, and a store on every fetch would
  // bounce the cache line between the writer and the readers.
  std::uint32_t seen = g_highest_key.load(std::memory_order_relaxed);
  while (key > seen && !g_highest_key.compare_exchange_weak(seen, key, std::memory_order_relaxed)) {
  }
  return key;
}

int init(void*) { return g_default.xInit(g_default.pArg); }
void shutdown(void*) {
  if (g_default.xShutdown != nullptr) g_default.xShutdown(g_default.pArg);
}

sqlite3_pcache* create(int page_size, int extra_size, int purgeable) {
  sqlite3_pcache* inner = g_default.xCreate(page_size, extra_size, purgeable);
  if (inner == nullptr) return nullptr;
  auto* c = new (std::nothrow)
      Cache{inner, kPendingByte / static_cast<unsigned>(page_size > 0 ? page_size : 1) + 1};
  if (c == nullptr) {
    g_default.xDestroy(inner);
    return nullptr;
  }
  return reinterpret_cast<sqlite3_pcache*>(c);
}

void cache_size(sqlite3_pcache* p, int pages) { g_default.xCachesize(of(p).inner, pages); }

int page_count(sqlite3_pcache* p) { return g_default.xPagecount(of(p).inner); }

sqlite3_pcache_page* fetch(sqlite3_pcache* p, unsigned key, int create_flag) {
  Cache& c = of(p);
  return g_default.xFetch(c.inner, inner_key(c, key), create_flag);
}

void unpin(sqlite3_pcache* p, sqlite3_pcache_page* page, int discard) {
  g_default.xUnpin(of(p).inner, page, discard);
}

void rekey(sqlite3_pcache* p, sqlite3_pcache_page* page, unsigned old_key, unsigned new_key) {
  Cache& c = of(p);
  if (new_key == c.temporary) g_stand_ins.fetch_add(1, std::memory_order_relaxed);
  g_default.xRekey(c.inner, page, inner_key(c, old_key), inner_key(c, new_key));
}

// Unchanged: pages at or past `limit` go, and a page at the temporary number never outlives the
// balance that put it there (see the header), so none is left under the stand-in to miss.
void truncate(sqlite3_pcache* p, unsigned limit) { g_default.xTruncate(of(p).inner, limit); }

void destroy(sqlite3_pcache* p) {
  Cache* c = &of(p);
  g_default.xDestroy(c->inner);
  delete c;
}

void shrink(sqlite3_pcache* p) { g_default.xShrink(of(p).inner); }

bool install_once() {
  sqlite3_pcache_methods2 original{};
  if (sqlite3_config(SQLITE_CONFIG_GETPCACHE2, &original) != SQLITE_OK) return false;
  if (original.iVersion < 1 || original.xInit == nullptr || original.xCreate == nullptr) {
    return false;
  }
  g_default = original;
  const sqlite3_pcache_methods2 wrapper{
      .iVersion = 1,  // xShrink is part of version 1
      .pArg = nullptr,
      .xInit = init,
      .xShutdown = shutdown,
      .xCreate = create,
      .xCachesize = cache_size,
      .xPagecount = page_count,
      .xFetch = fetch,
      .xUnpin = unpin,
      .xRekey = rekey,
      .xTruncate = truncate,
      .xDestroy = destroy,
      .xShrink = shrink,
  };
  return sqlite3_config(SQLITE_CONFIG_PCACHE2, &wrapper) == SQLITE_OK;
}

}  // namespace

bool install_sqlite_page_cache() {
  static std::once_flag once;
  std::call_once(once, [] { g_installed.store(install_once()); });
  return g_installed.load();
}

SqlitePageCacheStats sqlite_page_cache_stats() {
  return {g_installed.load(), g_stand_ins.load(), g_highest_key.load()};
}

}  // namespace paseo::storage::internal
