#include "storage/migrate.h"

#include <gtest/gtest.h>

#include "storage/internal/migrations.h"

namespace paseo::storage::internal {
namespace {

TEST(PlanMigrations, PicksEngineSpecificFileOverPortable) {
  const MigrationSource files[] = {
      {"0001_a.sql", "portable 1"},      {"0002_b.sql", "portable 2"}, {"0002_b.pg.sql", "pg 2"},
      {"0003_c.sqlite.sql", "sqlite 3"}, {"0003_c.pg.sql", "pg 3"},
  };
  auto sqlite = plan_migrations(files, Engine::kSqlite);
  ASSERT_TRUE(sqlite.ok()) << sqlite.error().to_string();
  ASSERT_EQ(sqlite->size(), 3u);
  EXPECT_EQ((*sqlite)[0].sql, "portable 1");
  EXPECT_EQ((*sqlite)[1].sql, "portable 2");
  EXPECT_EQ((*sqlite)[2].sql, "sqlite 3");
  EXPECT_EQ((*sqlite)[2].name, "0003_c");
  EXPECT_EQ((*sqlite)[2].version, 3);

  auto pg = plan_migrations(files, Engine::kPostgres);
  ASSERT_TRUE(pg.ok()) << pg.error().to_string();
  ASSERT_EQ(pg->size(), 3u);
  EXPECT_EQ((*pg)[1].sql, "pg 2");
  EXPECT_EQ((*pg)[2].sql, "pg 3");
}

TEST(PlanMigrations, SortsByVersionWhateverTheInputOrder) {
  const MigrationSource files[] = {{"0010_z.sql", "10"}, {"0002_y.sql", "2"}};
  auto plan = plan_migrations(files, Engine::kSqlite);
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->size(), 2u);
  EXPECT_EQ((*plan)[0].version, 2);
  EXPECT_EQ((*plan)[1].version, 10);
}

TEST(PlanMigrations, RejectsBadNamesAndClashes) {
  const MigrationSource bad_name[] = {{"1_short.sql", ""}};
  EXPECT_EQ(plan_migrations(bad_name, Engine::kSqlite).error().code, ErrorCode::kInternal);
  const MigrationSource upper[] = {{"0001_Upper.sql", ""}};
  EXPECT_FALSE(plan_migrations(upper, Engine::kSqlite).ok());
  const MigrationSource clash[] = {{"0004_a.sql", ""}, {"0004_b.sql", ""}};
  auto r = plan_migrations(clash, Engine::kSqlite);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("two names"), std::string::npos);
  const MigrationSource pg_only[] = {{"0005_x.pg.sql", ""}};
  EXPECT_TRUE(plan_migrations(pg_only, Engine::kPostgres).ok());
  auto missing = plan_migrations(pg_only, Engine::kSqlite);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("0005_x.sqlite.sql"), std::string::npos);
}

TEST(EmbeddedMigrations, AreEmbeddedAndPlanOnBothEngines) {
  auto files = embedded_migrations();
  ASSERT_GE(files.size(), 2u);
  EXPECT_EQ(files[0].filename, "0001_schema_migrations.sql");
  EXPECT_NE(files[0].sql.find("CREATE TABLE IF NOT EXISTS schema_migrations"), std::string::npos);
  EXPECT_GE(latest_schema_version(), 2);
  for (Engine e : {Engine::kSqlite, Engine::kPostgres}) {
    auto plan = plan_migrations(files, e);
    ASSERT_TRUE(plan.ok()) << plan.error().to_string();
    EXPECT_EQ(plan->back().version, latest_schema_version());
  }
}

}  // namespace
}  // namespace paseo::storage::internal
