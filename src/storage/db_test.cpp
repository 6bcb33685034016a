#include "storage/db.h"

#include <cmath>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "common/random.h"

namespace paseo::storage {
namespace {

TEST(Row, AccessorsConvertBetweenTypes) {
  Row row({Value{nullptr}, Value{std::int64_t{42}}, Value{2.5}, Value{std::string("17")},
           Value{std::string("x")}, Value{std::string("3.75")}});
  EXPECT_TRUE(row.is_null(0));
  EXPECT_FALSE(row.is_null(1));
  EXPECT_EQ(row.get_int(0), 0);
  EXPECT_EQ(row.get_string(0), "");
  EXPECT_EQ(row.get_optional_int(0), std::nullopt);
  EXPECT_EQ(row.get_optional_string(0), std::nullopt);
  EXPECT_EQ(row.get_int(1), 42);
  EXPECT_EQ(row.get_string(1), "42");
  EXPECT_DOUBLE_EQ(row.get_double(1), 42.0);
  EXPECT_EQ(row.get_int(2), 2);
  EXPECT_EQ(row.get_string(2), "2.5");
  EXPECT_EQ(row.get_int(3), 17);  // PostgreSQL text
  EXPECT_EQ(row.get_optional_int(3), 17);
  EXPECT_EQ(row.get_int(4), 0);  // not a number
  EXPECT_DOUBLE_EQ(row.get_double(5), 3.75);
  EXPECT_EQ(row.get_int(5), 3);
  EXPECT_EQ(row.get_optional_string(4), "x");
}

TEST(OpenDatabase, RejectsUnknownSchemeNamingIt) {
  auto db = open_database("mysql://localhost/paseo");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(db.error().message.find("'mysql'"), std::string::npos) << db.error().message;
}

TEST(OpenDatabase, RejectsUrlsWithoutSchemeOrPath) {
  for (const char* url : {"", "paseo.db", ":memory:", "sqlite:"}) {
    auto db = open_database(url);
    ASSERT_FALSE(db.ok()) << url;
    EXPECT_EQ(db.error().code, ErrorCode::kInvalidArgument) << url;
  }
}

TEST(OpenDatabase, RejectsBadOptions) {
  DatabaseOptions options;
  options.read_connections = 0;
  auto db = open_database("sqlite::memory:", options);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code, ErrorCode::kInvalidArgument);
}

TEST(OpenDatabase, MalformedPostgresUrlIsInvalidArgument) {
  auto db = open_database("postgresql://host/db?nonsense_option=1");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code, ErrorCode::kInvalidArgument) << db.error().to_string();
}

TEST(OpenDatabase, UnreachablePostgresIsUnavailableOnOneLine) {
  // Port 1 on loopback: nothing listens there, so the connection is refused at once.
  auto db = open_database("postgresql://paseo@127.0.0.1:1/paseo");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(db.error().message.find("127.0.0.1"), std::string::npos) << db.error().message;
  EXPECT_EQ(db.error().message.find('\n'), std::string::npos) << db.error().message;
}

TEST(OpenDatabase, SqliteUnderARegularFileIsUnavailable) {
  // /dev/null is a file, so no directory can be created under it.
  auto db = open_database("sqlite:/dev/null/sub/paseo.db");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(db.error().message.find("/dev/null/sub"), std::string::npos) << db.error().message;
}

TEST(OpenDatabase, SqliteFileThatIsNotADatabaseIsUnavailable) {
  const auto path = std::filesystem::temp_directory_path() / ("paseo-not-a-db-" + random_hex(6));
  {
    std::ofstream out(path);
    out << "this is not an SQLite database, just some text that is long enough to have a header";
  }
  auto db = open_database("sqlite:" + path.string());
  std::filesystem::remove(path);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(db.error().message.find(path.string()), std::string::npos) << db.error().message;
}

TEST(OpenDatabase, SqliteCreatesMissingParentDirectories) {
  const auto dir = std::filesystem::temp_directory_path() / ("paseo-dirs-" + random_hex(6));
  auto db = open_database("sqlite:" + (dir / "a" / "b" / "paseo.db").string());
  ASSERT_TRUE(db.ok()) << db.error().to_string();
  EXPECT_TRUE(std::filesystem::exists(dir / "a" / "b" / "paseo.db"));
  (*db)->close();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace paseo::storage
