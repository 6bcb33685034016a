#include "storage/internal/sqlite_page_cache.h"

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "common/random.h"
#include "storage/db.h"

namespace paseo::storage::internal {
namespace {

// The temporary page number balance_nonroot() renumbers through with 4 KiB pages.
constexpr std::uint32_t kTemporaryPage = 0x40000000 / 4096 + 1;

class SqlitePageCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("paseo-pcache-" + random_hex(6));
    url_ = "sqlite:" + (dir_ / "paseo.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Inserts `batches` transactions of `rows` random keys each (random keys split index pages out
  // of page-number order, which is when SQLite renumbers through the temporary page).
  static void insert_random(Database& db, int batches, int rows) {
    for (int b = 0; b < batches; ++b) {
      ASSERT_TRUE(db.write([&](Connection& c) -> Status {
                      for (int i = 0; i < rows; ++i) {
                        auto r = c.query("INSERT INTO t (k, v) VALUES ($1, $2)",
                                         {random_hex(8), std::string(200, 'x')});
                        if (!r.ok()) return std::move(r).error();
                      }
                      return {};
                    }).ok());
    }
  }

  static std::string integrity(Database& db) {
    std::string verdict;
    EXPECT_TRUE(db.read([&](Connection& c) -> Status {
                    auto r = c.query("PRAGMA integrity_check");
                    if (!r.ok()) return std::move(r).error();
                    for (const auto& row : r->rows) verdict += row.get_string(0);
                    return {};
                  }).ok());
    return verdict;
  }

  static std::int64_t count(Database& db) {
    std::int64_t n = -1;
    EXPECT_TRUE(db.read([&](Connection& c) -> Status {
                    auto r = c.query("SELECT count(*) FROM t");
                    if (!r.ok()) return std::move(r).error();
                    n = r->front().get_int(0);
                    return {};
                  }).ok());
    return n;
  }

  std::filesystem::path dir_;
  std::string url_;
};

TEST_F(SqlitePageCacheTest, PageSplitsNeverHandTheTemporaryPageNumberToTheCache) {
  const auto before = sqlite_page_cache_stats();
  {
    auto db = open_database(url_);
    ASSERT_TRUE(db.ok()) << db.error().to_string();
    ASSERT_TRUE(sqlite_page_cache_stats().installed);
    ASSERT_TRUE((*db)
                    ->write([](Connection& c) -> Status {
                      return c.execute_script(
                          "CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT NOT NULL);"
                          "CREATE INDEX t_v_k ON t (v, k)");
                    })
                    .ok());
    insert_random(**db, 40, 500);
    // A rolled-back transaction after splits: its pages are dropped from the cache and read
    // again from the file.
    Status failed = (*db)->write([](Connection& c) -> Status {
      for (int i = 0; i < 2000; ++i) {
        auto r = c.query("INSERT INTO t (k, v) VALUES ($1, 'y')", {random_hex(8)});
        if (!r.ok()) return std::move(r).error();
      }
      return Error::failed_precondition("rolled back on purpose");
    });
    EXPECT_EQ(failed.error().code, ErrorCode::kFailedPrecondition);
    insert_random(**db, 10, 500);
    EXPECT_EQ(integrity(**db), "ok");
    EXPECT_EQ(count(**db), 25000);
  }
  const auto after = sqlite_page_cache_stats();
  // The workload did renumber through the temporary page, and the cache never saw its number.
  EXPECT_GT(after.stand_ins, before.stand_ins);
  EXPECT_LT(after.highest_key, kTemporaryPage);

  auto reopened = open_database(url_);
  ASSERT_TRUE(reopened.ok()) << reopened.error().to_string();
  EXPECT_EQ(integrity(**reopened), "ok");
  EXPECT_EQ(count(**reopened), 25000);
}

}  // namespace
}  // namespace paseo::storage::internal
