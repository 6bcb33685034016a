#include "tests/storage/test_database.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string_view>

#include "common/random.h"

namespace paseo::storage::testing {

std::string backend_name(TestBackend backend) {
  switch (backend) {
    case TestBackend::kSqliteFile:
      return "SqliteFile";
    case TestBackend::kSqliteMemory:
      return "SqliteMemory";
    case TestBackend::kPostgres:
      return "Postgres";
  }
  return "Unknown";
}

std::optional<std::string> pg_test_url() {
  const char* url = std::getenv("PASEO_TEST_PG_URL");
  if (url == nullptr || *url == '\0') return std::nullopt;
  return std::string(url);
}

bool pg_required() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string_view(ci) == "true";
}

Result<std::unique_ptr<TestDatabase>> TestDatabase::create(TestBackend backend,
                                                           const DatabaseOptions& options) {
  std::unique_ptr<TestDatabase> t(new TestDatabase());
  t->backend_ = backend;
  switch (backend) {
    case TestBackend::kSqliteMemory:
      t->url_ = "sqlite::memory:";
      break;
    case TestBackend::kSqliteFile: {
      std::error_code ec;
      auto dir = std::filesystem::temp_directory_path(ec) / ("paseo-test-" + random_hex(8));
      t->temp_dir_ = dir.string();
      // A subdirectory that does not exist yet: open_database must create it.
      t->url_ = "sqlite:" + (dir / "nested" / "test.db").string();
      break;
    }
    case TestBackend::kPostgres: {
      auto base = pg_test_url();
      if (!base) return Error::unavailable("PASEO_TEST_PG_URL is not set");
      t->base_pg_url_ = *base;
      t->pg_schema_ = "paseo_test_" + random_hex(6);
      DatabaseOptions admin_options;
      admin_options.read_connections = 1;
      PASEO_ASSIGN_OR_RETURN(auto admin, open_database(*base, admin_options));
      PASEO_RETURN_IF_ERROR(admin->write(
          [&](Connection& c) { return c.execute_script("CREATE SCHEMA " + t->pg_schema_); }));
      admin->close();
      // libpq URI: options=-c search_path=<schema> (percent-encoded '=' and ' ' are not needed
      // for "-csearch_path%3D…").
      t->url_ = *base + (base->find('?') == std::string::npos ? "?" : "&") +
                "options=-csearch_path%3D" + t->pg_schema_;
      break;
    }
  }
  PASEO_ASSIGN_OR_RETURN(t->db_, open_database(t->url_, options));
  return t;
}

TestDatabase::~TestDatabase() {
  if (db_) db_->close();
  db_.reset();
  if (!temp_dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(temp_dir_, ec);
  }
  if (!pg_schema_.empty()) {
    DatabaseOptions admin_options;
    admin_options.read_connections = 1;
    if (auto admin = open_database(base_pg_url_, admin_options); admin.ok()) {
      (void)(*admin)->write([&](Connection& c) {
        return c.execute_script("DROP SCHEMA IF EXISTS " + pg_schema_ + " CASCADE");
      });
    }
  }
}

Result<std::string> dump_all_rows(Database& db, const std::vector<std::string>& skip) {
  const bool postgres = db.engine() == Engine::kPostgres;
  return db.read_value<std::string>([&](Connection& c) -> Result<std::string> {
    PASEO_ASSIGN_OR_RETURN(
        auto tables,
        c.query(postgres ? "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                           "ORDER BY 1"
                         : "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1"));
    std::string out;
    for (const auto& t : tables.rows) {
      const std::string name = t.get_string(0);
      if (name.rfind("sqlite_", 0) == 0 || std::find(skip.begin(), skip.end(), name) != skip.end())
        continue;
      PASEO_ASSIGN_OR_RETURN(auto rows, c.query("SELECT * FROM " + name));
      std::vector<std::string> lines;
      for (const auto& row : rows.rows) {
        std::string line = name + ":";
        for (std::size_t i = 0; i < row.size(); ++i) line += row.get_string(i) + "|";
        lines.push_back(std::move(line));
      }
      std::sort(lines.begin(), lines.end());
      for (auto& l : lines) out += l + "\n";
    }
    return out;
  });
}

std::string first_differences(const std::string& before, const std::string& after) {
  std::string out;
  std::size_t i = 0, j = 0;
  while ((i < before.size() || j < after.size()) && out.size() < 1'500) {
    const std::size_t bi = before.find('\n', i), aj = after.find('\n', j);
    const std::string lb = i < before.size() ? before.substr(i, bi - i) : "";
    const std::string la = j < after.size() ? after.substr(j, aj - j) : "";
    if (lb != la) out += "- " + lb.substr(0, 300) + "\n+ " + la.substr(0, 300) + "\n";
    i = bi == std::string::npos ? before.size() : bi + 1;
    j = aj == std::string::npos ? after.size() : aj + 1;
  }
  return out;
}

}  // namespace paseo::storage::testing
