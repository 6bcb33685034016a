// The storage contract (src/storage/db.h, migrate.h), run unchanged on every engine.
//
// Compiled twice: with PASEO_STORAGE_TEST_SQLITE (SQLite file + in-memory, label sqlite) and with
// PASEO_STORAGE_TEST_PG (PostgreSQL via PASEO_TEST_PG_URL, label pg).
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "storage/db.h"
#include "storage/internal/migrations.h"
#include "storage/migrate.h"
#include "tests/storage/test_database.h"

namespace paseo::storage {
namespace {

using testing::TestBackend;
using testing::TestDatabase;
using namespace std::chrono_literals;

constexpr std::string_view kSchema = R"sql(
CREATE TABLE parents (id TEXT PRIMARY KEY);
CREATE TABLE things (
  id        TEXT PRIMARY KEY,
  n         BIGINT,
  x         DOUBLE PRECISION,
  s         TEXT,
  parent_id TEXT REFERENCES parents (id),
  CONSTRAINT things_n_nonnegative CHECK (n >= 0)
);
CREATE UNIQUE INDEX things_s_unique ON things (s);
CREATE TABLE slots (
  id       TEXT PRIMARY KEY,
  capacity BIGINT NOT NULL,
  booked   BIGINT NOT NULL DEFAULT 0,
  CONSTRAINT slots_booked_within_capacity CHECK (booked BETWEEN 0 AND capacity)
);
CREATE TABLE bookings (
  id      TEXT PRIMARY KEY,
  slot_id TEXT NOT NULL REFERENCES slots (id),
  qty     BIGINT NOT NULL
);
)sql";

// "w7": spelled out because g++ 12 -O3 warns falsely (-Wrestrict) on "w" + std::to_string(i).
std::string numbered(std::string prefix, int i) {
  prefix += std::to_string(i);
  return prefix;
}

struct BackendName {
  std::string operator()(const ::testing::TestParamInfo<TestBackend>& p) const {
    return testing::backend_name(p.param);
  }
};

class StorageTest : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override {
    PASEO_SKIP_OR_FAIL_WITHOUT_PG(GetParam());
    auto t = TestDatabase::create(GetParam(), options());
    ASSERT_TRUE(t.ok()) << t.error().to_string();
    tdb_ = std::move(*t);
    if (!with_test_schema()) return;
    Status s = db().write([](Connection& c) { return c.execute_script(kSchema); });
    ASSERT_TRUE(s.ok()) << s.error().to_string();
  }

  // The migration tests start from an empty database (the real schema has its own `bookings`).
  virtual bool with_test_schema() const { return true; }

  virtual DatabaseOptions options() const { return {}; }
  Database& db() { return tdb_->db(); }
  bool is_sqlite() const { return GetParam() != TestBackend::kPostgres; }

  std::int64_t count(std::string_view table) {
    auto n = db().read_value<std::int64_t>([&](Connection& c) -> Result<std::int64_t> {
      PASEO_ASSIGN_OR_RETURN(auto r, c.query("SELECT COUNT(*) FROM " + std::string(table)));
      return r.front().get_int(0);
    });
    EXPECT_TRUE(n.ok()) << n.error().to_string();
    return n.ok() ? *n : -1;
  }

  Status insert_thing(std::string id, Value n = std::int64_t{1}, Value s = nullptr) {
    return db().write([&](Connection& c) -> Status {
      PASEO_ASSIGN_OR_RETURN(
          auto r, c.query("INSERT INTO things (id, n, s) VALUES ($1, $2, $3)", {id, n, s}));
      (void)r;
      return {};
    });
  }

  // How many embedded migrations this engine runs (versions may have gaps: areas own ranges).
  int embedded_count() {
    auto plan = internal::plan_migrations(internal::embedded_migrations(), db().engine());
    EXPECT_TRUE(plan.ok());
    return plan.ok() ? static_cast<int>(plan->size()) : -1;
  }

  std::unique_ptr<TestDatabase> tdb_;
};

// Tests that need a database more than one connection can open: a SQLite file or PostgreSQL, not
// in-memory SQLite (one connection, shared by reads and the writer by design). They are simply not
// instantiated for it rather than skipped.
class SharedDatabaseTest : public StorageTest {};

TEST_P(StorageTest, RoundTripsEveryValueTypeAndNull) {
  const std::string text = "héllo 'quoted' \"double\" $1 -- not a comment";
  const std::int64_t big = std::numeric_limits<std::int64_t>::max();
  Status s = db().write([&](Connection& c) -> Status {
    PASEO_ASSIGN_OR_RETURN(
        auto r, c.query("INSERT INTO things (id, n, x, s, parent_id) VALUES ($1, $2, $3, $4, $5)",
                        {std::string("a"), big, 3.25, text, nullptr}));
    EXPECT_EQ(r.affected, 1);
    EXPECT_TRUE(r.rows.empty());
    PASEO_ASSIGN_OR_RETURN(
        auto r2, c.query("INSERT INTO things (id, n, x, s, parent_id) VALUES ($1, $2, $3, $4, $5)",
                         {std::string("b"), nullptr, nullptr, nullptr, nullptr}));
    (void)r2;
    return {};
  });
  ASSERT_TRUE(s.ok()) << s.error().to_string();

  s = db().read([&](Connection& c) -> Status {
    PASEO_ASSIGN_OR_RETURN(auto r,
                           c.query("SELECT id, n, x, s, parent_id FROM things ORDER BY id"));
    EXPECT_EQ(r.affected, 0);
    EXPECT_EQ(r.rows.size(), 2u);
    if (r.rows.size() != 2) return {};
    const Row& a = r.rows[0];
    EXPECT_EQ(std::get<std::string>(a.value(0)), "a");
    EXPECT_EQ(std::get<std::int64_t>(a.value(1)), big);
    EXPECT_DOUBLE_EQ(std::get<double>(a.value(2)), 3.25);
    EXPECT_EQ(std::get<std::string>(a.value(3)), text);
    EXPECT_TRUE(a.is_null(4));
    EXPECT_EQ(a.get_optional_string(4), std::nullopt);
    const Row& b = r.rows[1];
    for (std::size_t i = 1; i < 5; ++i) EXPECT_TRUE(b.is_null(i)) << i;
    EXPECT_EQ(b.get_optional_int(1), std::nullopt);
    EXPECT_EQ(b.get_int(1), 0);
    return {};
  });
  ASSERT_TRUE(s.ok()) << s.error().to_string();

  // Negative numbers, a non-ASCII string and a double that needs every digit survive both ways.
  const std::int64_t small = std::numeric_limits<std::int64_t>::min() + 1;
  const double third = 1.0 / 3.0;
  auto back = db().write_value<Row>([&](Connection& c) -> Result<Row> {
    PASEO_ASSIGN_OR_RETURN(auto r,
                           c.query("UPDATE things SET x = $1, s = $2 WHERE id = $3 RETURNING x, s",
                                   {third, std::string("ünïcødé ✓"), std::string("a")}));
    EXPECT_EQ(r.affected, 1);
    if (r.rows.size() != 1) return Error::internal("RETURNING gave no row");
    return r.rows[0];
  });
  ASSERT_TRUE(back.ok()) << back.error().to_string();
  EXPECT_EQ(back->get_double(0), third);
  EXPECT_EQ(back->get_string(1), "ünïcødé ✓");

  auto neg = db().write_value<std::int64_t>([&](Connection& c) -> Result<std::int64_t> {
    PASEO_ASSIGN_OR_RETURN(auto r, c.query("UPDATE things SET n = $1 WHERE id = $2 RETURNING n",
                                           {small, std::string("b")}));
    return r.front().get_int(0);
  });
  // n >= 0 is checked, so the negative value must be refused, not stored.
  ASSERT_FALSE(neg.ok());
  EXPECT_EQ(neg.error().code, ErrorCode::kConflict);

  auto affected = db().write_value<std::int64_t>([&](Connection& c) -> Result<std::int64_t> {
    PASEO_ASSIGN_OR_RETURN(auto r, c.query("UPDATE things SET n = 5"));
    return r.affected;
  });
  ASSERT_TRUE(affected.ok()) << affected.error().to_string();
  EXPECT_EQ(*affected, 2);

  // Aggregates read the same on both engines (PostgreSQL's SUM(bigint) is numeric).
  auto sum = db().read_value<Row>([&](Connection& c) -> Result<Row> {
    PASEO_ASSIGN_OR_RETURN(auto r, c.query("SELECT SUM(n), COUNT(*), MAX(s) FROM things"));
    return r.front();
  });
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(std::get<std::int64_t>(sum->value(0)), 10);
  EXPECT_EQ(std::get<std::int64_t>(sum->value(1)), 2);
}

TEST_P(StorageTest, BindsPlaceholdersByNumberNotByOrderOfAppearance) {
  Status s = db().write([&](Connection& c) -> Status {
    PASEO_ASSIGN_OR_RETURN(auto r,
                           c.query("INSERT INTO things (s, n, id) VALUES ($3, $2, $1)",
                                   {std::string("id1"), std::int64_t{7}, std::string("s1")}));
    (void)r;
    return {};
  });
  ASSERT_TRUE(s.ok()) << s.error().to_string();

  s = db().read([&](Connection& c) -> Status {
    PASEO_ASSIGN_OR_RETURN(auto r, c.query("SELECT id, n, s FROM things WHERE s = $2 AND id = $1",
                                           {std::string("id1"), std::string("s1")}));
    EXPECT_EQ(r.rows.size(), 1u);
    if (r.rows.size() == 1) {
      EXPECT_EQ(r.front().get_string(0), "id1");
      EXPECT_EQ(r.front().get_int(1), 7);
      EXPECT_EQ(r.front().get_string(2), "s1");
    }
    PASEO_ASSIGN_OR_RETURN(auto swapped, c.query("SELECT CAST($2 AS TEXT), CAST($1 AS TEXT)",
                                                 {std::string("first"), std::string("second")}));
    EXPECT_EQ(swapped.front().get_string(0), "second");
    EXPECT_EQ(swapped.front().get_string(1), "first");
    // A `$1` inside a string literal is text, not a placeholder; the same $1 used twice.
    PASEO_ASSIGN_OR_RETURN(
        auto literal,
        c.query("SELECT '$1', CAST($1 AS BIGINT) + CAST($1 AS BIGINT)", {std::int64_t{21}}));
    EXPECT_EQ(literal.front().get_string(0), "$1");
    EXPECT_EQ(literal.front().get_int(1), 42);
    return {};
  });
  ASSERT_TRUE(s.ok()) << s.error().to_string();
}

TEST_P(StorageTest, UniqueViolationIsConflictNamingTheTable) {
  ASSERT_TRUE(insert_thing("dup", std::int64_t{1}, std::string("s")).ok());
  Status pk = insert_thing("dup");
  ASSERT_FALSE(pk.ok());
  EXPECT_EQ(pk.error().code, ErrorCode::kConflict) << pk.error().to_string();
  EXPECT_NE(pk.error().message.find("things"), std::string::npos) << pk.error().message;

  Status unique = insert_thing("other", std::int64_t{1}, std::string("s"));
  ASSERT_FALSE(unique.ok());
  EXPECT_EQ(unique.error().code, ErrorCode::kConflict) << unique.error().to_string();
  // SQLite names table.column, PostgreSQL the index.
  EXPECT_TRUE(unique.error().message.find("things.s") != std::string::npos ||
              unique.error().message.find("things_s_unique") != std::string::npos)
      << unique.error().message;
  EXPECT_EQ(count("things"), 1);
}

TEST_P(StorageTest, CheckViolationIsConflictNamingTheConstraint) {
  Status s = insert_thing("neg", std::int64_t{-1});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kConflict) << s.error().to_string();
  EXPECT_NE(s.error().message.find("things_n_nonnegative"), std::string::npos) << s.error().message;
  EXPECT_EQ(count("things"), 0);
}

TEST_P(StorageTest, ForeignKeyViolationIsInvalidArgument) {
  Status s = db().write([&](Connection& c) -> Status {
    PASEO_ASSIGN_OR_RETURN(auto r, c.query("INSERT INTO things (id, parent_id) VALUES ($1, $2)",
                                           {std::string("orphan"), std::string("no-such-parent")}));
    (void)r;
    return {};
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument) << s.error().to_string();
  EXPECT_EQ(count("things"), 0);
}

TEST_P(StorageTest, SqlMistakesAreInternal) {
  Status s = db().read([&](Connection& c) -> Status {
    auto missing = c.query("SELECT * FROM no_such_table");
    EXPECT_FALSE(missing.ok());
    if (!missing.ok()) {
      EXPECT_EQ(missing.error().code, ErrorCode::kInternal);
    }
    return {};
  });
  // On PostgreSQL the failed statement aborts the read transaction; either way no crash.
  (void)s;
  s = db().read([&](Connection& c) -> Status {
    auto wrong_arity =
        c.query("SELECT id FROM things WHERE id = $1 AND s = $2", {std::string("only one")});
    EXPECT_FALSE(wrong_arity.ok());
    if (!wrong_arity.ok()) {
      EXPECT_EQ(wrong_arity.error().code, ErrorCode::kInternal);
    }
    return {};
  });
  EXPECT_TRUE(s.ok()) << s.error().to_string();
  // The connection is still usable after the errors.
  EXPECT_EQ(count("things"), 0);
}

TEST_P(StorageTest, FailedWriteCallbackRollsBackEverythingItWrote) {
  Status s = db().write([&](Connection& c) -> Status {
    PASEO_ASSIGN_OR_RETURN(auto r1, c.query("INSERT INTO things (id) VALUES ('one')"));
    PASEO_ASSIGN_OR_RETURN(auto r2, c.query("INSERT INTO things (id) VALUES ('two')"));
    (void)r1;
    (void)r2;
    return Error::sold_out("changed my mind");
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kSoldOut);
  EXPECT_EQ(s.error().message, "changed my mind");
  EXPECT_EQ(count("things"), 0);

  // A statement error returned from the callback rolls back the earlier statements too.
  ASSERT_TRUE(insert_thing("existing").ok());
  s = db().write([&](Connection& c) -> Status {
    PASEO_ASSIGN_OR_RETURN(auto r1, c.query("INSERT INTO things (id) VALUES ('three')"));
    PASEO_ASSIGN_OR_RETURN(auto r2, c.query("INSERT INTO things (id) VALUES ('existing')"));
    (void)r1;
    (void)r2;
    return {};
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kConflict);
  EXPECT_EQ(count("things"), 1);
}

// PostgreSQL sends BEGIN with a transaction's first statement (one pipeline): a transaction
// without statements, a first statement that fails and a unique violation first must all leave
// every pooled connection usable, with nothing written.
TEST_P(StorageTest, FirstStatementOutcomesLeaveConnectionsUsable) {
  ASSERT_TRUE(insert_thing("kept").ok());
  for (int i = 0; i < 12; ++i) {  // more rounds than pooled connections
    EXPECT_TRUE(db().write([](Connection&) -> Status { return {}; }).ok());
    EXPECT_TRUE(db().read([](Connection&) -> Status { return {}; }).ok());
    Status bad = db().write([](Connection& c) -> Status {
      PASEO_ASSIGN_OR_RETURN(auto r, c.query("INSERT INTO no_such_table (id) VALUES ('x')"));
      (void)r;
      return {};
    });
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::kInternal);
    Status dup = db().write([](Connection& c) -> Status {
      PASEO_ASSIGN_OR_RETURN(auto r, c.query("INSERT INTO things (id) VALUES ('kept')"));
      (void)r;
      return {};
    });
    ASSERT_FALSE(dup.ok());
    EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
    ASSERT_TRUE(insert_thing("t" + std::to_string(i)).ok());
  }
  EXPECT_EQ(count("things"), 13);
}

// Deferred statements (PostgreSQL holds them until the next statement or COMMIT) are written
// with the transaction, and their errors still fail it with the usual code, whether they surface
// at the next query, at query_all or at COMMIT; nothing of the transaction is kept then.
TEST_P(StorageTest, DeferredStatementsCommitOrFailWithTheTransaction) {
  ASSERT_TRUE(insert_thing("kept").ok());
  Status s = db().write([](Connection& c) -> Status {
    PASEO_RETURN_IF_ERROR(c.defer("INSERT INTO things (id, n) VALUES ($1, $2)", {"d1", 1}));
    PASEO_RETURN_IF_ERROR(c.defer("INSERT INTO things (id, n) VALUES ($1, $2)", {"d2", 2}));
    // A later read sees what was deferred before it.
    PASEO_ASSIGN_OR_RETURN(auto r, c.query("SELECT SUM(n) FROM things WHERE id LIKE 'd%'"));
    if (r.front().get_int(0) != 3) return Error::internal("deferred rows not visible");
    // Deferred last: sent with the COMMIT.
    return c.defer("INSERT INTO things (id, n) VALUES ($1, $2)", {"d3", 3});
  });
  ASSERT_TRUE(s.ok()) << s.error().to_string();
  EXPECT_EQ(count("things"), 4);

  for (int i = 0; i < 6; ++i) {  // more rounds than pooled connections: each stays usable
    // Failing at the next query: a unique violation, a CHECK violation.
    Status dup = db().write([](Connection& c) -> Status {
      PASEO_RETURN_IF_ERROR(c.defer("INSERT INTO things (id) VALUES ($1)", {"lost1"}));
      PASEO_RETURN_IF_ERROR(c.defer("INSERT INTO things (id) VALUES ($1)", {"kept"}));
      PASEO_ASSIGN_OR_RETURN(auto r, c.query("SELECT COUNT(*) FROM things"));
      (void)r;
      return {};
    });
    ASSERT_FALSE(dup.ok());
    EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
    // Failing at COMMIT: the callback saw no error, write() returns it.
    Status at_commit = db().write([](Connection& c) -> Status {
      PASEO_ASSIGN_OR_RETURN(auto r, c.query("INSERT INTO things (id) VALUES ('lost2')"));
      (void)r;
      return c.defer("INSERT INTO things (id, n) VALUES ($1, $2)", {"lost3", -1});
    });
    ASSERT_FALSE(at_commit.ok());
    EXPECT_EQ(at_commit.error().code, ErrorCode::kConflict);
    // Failing inside query_all, after a deferred statement.
    Status in_batch = db().write([](Connection& c) -> Status {
      PASEO_RETURN_IF_ERROR(c.defer("INSERT INTO things (id) VALUES ($1)", {"lost4"}));
      std::vector<Connection::Statement> batch;
      batch.push_back({"SELECT COUNT(*) FROM things", {}});
      batch.push_back({"INSERT INTO things (id, parent_id) VALUES ($1, $2)", {"lost5", "none"}});
      PASEO_ASSIGN_OR_RETURN(auto r, c.query_all(batch));
      (void)r;
      return {};
    });
    ASSERT_FALSE(in_batch.ok());
    EXPECT_EQ(in_batch.error().code, ErrorCode::kInvalidArgument);  // foreign key
    ASSERT_TRUE(insert_thing(numbered("after", i)).ok());
  }
  EXPECT_EQ(count("things"), 10);
}

// query_all returns each statement's rows in order, deferred statements before it included.
TEST_P(StorageTest, QueryAllReturnsEachResultInOrder) {
  ASSERT_TRUE(insert_thing("a").ok());
  ASSERT_TRUE(insert_thing("b").ok());
  auto results = db().write_value<std::vector<QueryResult>>(
      [](Connection& c) -> Result<std::vector<QueryResult>> {
        PASEO_RETURN_IF_ERROR(c.defer("INSERT INTO things (id, n) VALUES ($1, $2)", {"c", 7}));
        std::vector<Connection::Statement> batch;
        batch.push_back({"SELECT id FROM things ORDER BY id", {}});
        batch.push_back({"SELECT n FROM things WHERE id = $1", {std::string("c")}});
        batch.push_back({"UPDATE things SET n = 8 WHERE id = $1", {std::string("c")}});
        batch.push_back({"SELECT id FROM things WHERE id = $1", {std::string("none")}});
        return c.query_all(batch);
      });
  ASSERT_TRUE(results.ok()) << results.error().to_string();
  ASSERT_EQ(results->size(), 4u);
  ASSERT_EQ((*results)[0].rows.size(), 3u);
  EXPECT_EQ((*results)[0].rows[2].get_string(0), "c");
  EXPECT_EQ((*results)[1].front().get_int(0), 7);
  EXPECT_EQ((*results)[2].affected, 1);
  EXPECT_TRUE((*results)[3].empty());
  // An empty batch is no statement at all.
  auto none =
      db().read_value<std::vector<QueryResult>>([](Connection& c) { return c.query_all({}); });
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_P(StorageTest, ExceptionInCallbackBecomesInternalAndRollsBack) {
  Status s = db().write([&](Connection& c) -> Status {
    auto r = c.query("INSERT INTO things (id) VALUES ('thrown')");
    (void)r;
    throw std::runtime_error("boom");
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInternal);
  EXPECT_NE(s.error().message.find("boom"), std::string::npos);
  EXPECT_EQ(count("things"), 0);
}

TEST_P(StorageTest, ReadTransactionsCannotWrite) {
  Status s = db().read([&](Connection& c) -> Status {
    PASEO_ASSIGN_OR_RETURN(auto r, c.query("INSERT INTO things (id) VALUES ('sneaky')"));
    (void)r;
    return {};
  });
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(count("things"), 0);
  // And writes still work afterwards on the same pool (the in-memory connection is shared).
  EXPECT_TRUE(insert_thing("fine").ok());
  EXPECT_EQ(count("things"), 1);
}

TEST_P(StorageTest, NestedCallsOnTheSameDatabaseAreRefused) {
  Status inner;
  Status s = db().write([&](Connection&) -> Status {
    inner = db().write([](Connection&) -> Status { return {}; });
    return {};
  });
  EXPECT_TRUE(s.ok());
  ASSERT_FALSE(inner.ok());
  EXPECT_EQ(inner.error().code, ErrorCode::kInternal);
  s = db().read([&](Connection&) -> Status {
    inner = db().read([](Connection&) -> Status { return {}; });
    return {};
  });
  EXPECT_TRUE(s.ok());
  EXPECT_FALSE(inner.ok());
}

// Many callbacks in flight at once; two fail (one by its own decision, one by a constraint).
// Every other callback's work must be committed, the failing ones' not at all. On SQLite the
// writer is held busy first so that the rest queue up and are committed as one group.
TEST_P(StorageTest, GroupCommitIsolatesFailingCallbacks) {
  ASSERT_TRUE(insert_thing("taken").ok());
  const DatabaseStats before = db().stats();
  constexpr int kWriters = 24;
  std::atomic<bool> blocker_started{false};
  std::atomic<bool> release{false};
  std::thread blocker([&] {
    Status s = db().write([&](Connection& c) -> Status {
      PASEO_ASSIGN_OR_RETURN(auto r, c.query("INSERT INTO things (id) VALUES ('blocker')"));
      (void)r;
      blocker_started = true;
      const auto deadline = std::chrono::steady_clock::now() + 10s;
      while (!release && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(1ms);
      }
      return {};
    });
    EXPECT_TRUE(s.ok()) << s.error().to_string();
  });
  while (!blocker_started) std::this_thread::sleep_for(1ms);

  std::vector<Status> results(kWriters);
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&, i] {
      results[static_cast<std::size_t>(i)] = db().write([&](Connection& c) -> Status {
        const std::string id = (i == 11) ? "taken" : numbered("w", i);
        PASEO_ASSIGN_OR_RETURN(
            auto r, c.query("INSERT INTO things (id, n) VALUES ($1, $2)", {id, std::int64_t{i}}));
        (void)r;
        if (i == 7) return Error::failed_precondition("callback 7 fails on purpose");
        return {};
      });
    });
  }
  if (is_sqlite()) {
    // Wait until every writer is queued behind the blocker, so they form one group.
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (db().stats().write_queue_depth < kWriters &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(1ms);
    }
    EXPECT_EQ(db().stats().write_queue_depth, kWriters);
  }
  release = true;
  blocker.join();
  for (auto& t : writers) t.join();

  for (int i = 0; i < kWriters; ++i) {
    const Status& r = results[static_cast<std::size_t>(i)];
    if (i == 7) {
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
    } else if (i == 11) {
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.error().code, ErrorCode::kConflict);
    } else {
      EXPECT_TRUE(r.ok()) << i << ": " << r.error().to_string();
    }
  }
  auto ids =
      db().read_value<std::set<std::string>>([&](Connection& c) -> Result<std::set<std::string>> {
        PASEO_ASSIGN_OR_RETURN(auto r, c.query("SELECT id FROM things"));
        std::set<std::string> out;
        for (const auto& row : r.rows) out.insert(row.get_string(0));
        return out;
      });
  ASSERT_TRUE(ids.ok());
  EXPECT_EQ(ids->size(), static_cast<std::size_t>(2 + kWriters - 2));  // taken, blocker, 22 ok
  EXPECT_FALSE(ids->contains("w7"));
  EXPECT_FALSE(ids->contains("w11"));
  EXPECT_TRUE(ids->contains("blocker"));
  EXPECT_TRUE(ids->contains("w23"));

  const DatabaseStats after = db().stats();
  EXPECT_EQ(after.write_callbacks - before.write_callbacks, 1 + kWriters - 2);
  if (is_sqlite()) {
    // The blocker's own transaction, then the 24 queued callbacks in one group.
    EXPECT_EQ(after.write_batches - before.write_batches, 2);
  }
}

// The booking race (stack.md §1.3): 8 sales channels x 40 attempts on a 100-seat departure.
TEST_P(StorageTest, ConcurrentConditionalUpdatesSellExactlyCapacity) {
  constexpr int kThreads = 8;
  constexpr int kAttempts = 40;
  constexpr std::int64_t kCapacity = 100;
  Status s = db().write([&](Connection& c) -> Status {
    PASEO_ASSIGN_OR_RETURN(auto r, c.query("INSERT INTO slots (id, capacity) VALUES ($1, $2)",
                                           {std::string("slot-1"), kCapacity}));
    (void)r;
    return {};
  });
  ASSERT_TRUE(s.ok()) << s.error().to_string();

  std::atomic<int> sold{0};
  std::atomic<int> refused{0};
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kAttempts; ++i) {
        const std::string booking_id = "b-" + std::to_string(t) + "-" + std::to_string(i);
        auto booked = db().write_value<bool>([&](Connection& c) -> Result<bool> {
          PASEO_ASSIGN_OR_RETURN(auto upd,
                                 c.query("UPDATE slots SET booked = booked + $1 WHERE id = $2 AND "
                                         "booked + $1 <= capacity",
                                         {std::int64_t{1}, std::string("slot-1")}));
          if (upd.affected == 0) return false;
          PASEO_ASSIGN_OR_RETURN(
              auto ins, c.query("INSERT INTO bookings (id, slot_id, qty) VALUES ($1, $2, $3)",
                                {booking_id, std::string("slot-1"), std::int64_t{1}}));
          (void)ins;
          return true;
        });
        if (!booked.ok()) {
          ++errors;
          ADD_FAILURE() << booked.error().to_string();
        } else if (*booked) {
          ++sold;
        } else {
          ++refused;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(sold.load(), kCapacity);
  EXPECT_EQ(refused.load(), kThreads * kAttempts - kCapacity);
  EXPECT_EQ(count("bookings"), kCapacity);
  auto booked = db().read_value<std::int64_t>([&](Connection& c) -> Result<std::int64_t> {
    PASEO_ASSIGN_OR_RETURN(
        auto r, c.query("SELECT booked FROM slots WHERE id = $1", {std::string("slot-1")}));
    return r.front().get_int(0);
  });
  ASSERT_TRUE(booked.ok());
  EXPECT_EQ(*booked, kCapacity);
}

// Money moves between accounts from several writer threads (some transfers refused, some
// deadlocking on PostgreSQL and retried) while readers check, in one read transaction of two
// statements, that the total never changes: writes are atomic and a read sees one snapshot.
TEST_P(StorageTest, ConcurrentTransfersKeepTheTotalForEveryReader) {
  constexpr int kAccounts = 10;
  constexpr std::int64_t kInitial = 1000;
  Status s = db().write([&](Connection& c) -> Status {
    PASEO_RETURN_IF_ERROR(
        c.execute_script("CREATE TABLE accounts (id BIGINT PRIMARY KEY, balance BIGINT NOT NULL, "
                         "CONSTRAINT accounts_not_negative CHECK (balance >= 0))"));
    for (int i = 0; i < kAccounts; ++i) {
      auto r = c.query("INSERT INTO accounts (id, balance) VALUES ($1, $2)",
                       {std::int64_t{i}, kInitial});
      if (!r.ok()) return std::move(r).error();
    }
    return {};
  });
  ASSERT_TRUE(s.ok()) << s.error().to_string();

  std::atomic<bool> writers_done{false};
  std::atomic<int> transfers{0};
  std::atomic<int> refused{0};
  std::atomic<int> reads{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::uint64_t x = 0x9E3779B97F4A7C15ULL * static_cast<std::uint64_t>(t + 1);
      auto next = [&] {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return x;
      };
      for (int i = 0; i < 60; ++i) {
        const auto from = static_cast<std::int64_t>(next() % kAccounts);
        const auto to =
            static_cast<std::int64_t>((from + 1 + next() % (kAccounts - 1)) % kAccounts);
        const auto amount = static_cast<std::int64_t>(next() % 700);
        Status r = db().write([&](Connection& c) -> Status {
          PASEO_ASSIGN_OR_RETURN(
              auto debit, c.query("UPDATE accounts SET balance = balance - $1 WHERE id = $2 AND "
                                  "balance >= $1",
                                  {amount, from}));
          if (debit.affected == 0) return Error::failed_precondition("insufficient funds");
          PASEO_ASSIGN_OR_RETURN(
              auto credit,
              c.query("UPDATE accounts SET balance = balance + $1 WHERE id = $2", {amount, to}));
          if (credit.affected != 1) return Error::internal("no such account");
          return {};
        });
        if (r.ok()) {
          ++transfers;
        } else if (r.error().code == ErrorCode::kFailedPrecondition) {
          ++refused;
        } else {
          ADD_FAILURE() << r.error().to_string();
        }
      }
    });
  }
  std::vector<std::thread> readers;
  for (int t = 0; t < 2; ++t) {
    readers.emplace_back([&] {
      do {
        Status r = db().read([&](Connection& c) -> Status {
          PASEO_ASSIGN_OR_RETURN(auto low,
                                 c.query("SELECT SUM(balance) FROM accounts WHERE id < $1",
                                         {std::int64_t{kAccounts / 2}}));
          std::this_thread::yield();  // give writers a chance to commit between the statements
          PASEO_ASSIGN_OR_RETURN(auto high,
                                 c.query("SELECT SUM(balance) FROM accounts WHERE id >= $1",
                                         {std::int64_t{kAccounts / 2}}));
          EXPECT_EQ(low.front().get_int(0) + high.front().get_int(0), kAccounts * kInitial);
          return {};
        });
        EXPECT_TRUE(r.ok()) << r.error().to_string();
        ++reads;
      } while (!writers_done);
    });
  }
  for (auto& th : threads) th.join();
  writers_done = true;
  for (auto& th : readers) th.join();
  EXPECT_EQ(transfers + refused, 4 * 60);
  EXPECT_GT(transfers.load(), 0);
  EXPECT_GT(reads.load(), 0);
  auto total = db().read_value<Row>([](Connection& c) -> Result<Row> {
    PASEO_ASSIGN_OR_RETURN(auto r, c.query("SELECT SUM(balance), MIN(balance) FROM accounts"));
    return r.front();
  });
  ASSERT_TRUE(total.ok());
  EXPECT_EQ(total->get_int(0), kAccounts * kInitial);
  EXPECT_GE(total->get_int(1), 0);
}

#if defined(PASEO_STORAGE_TEST_SQLITE)
// SQLite file only: another process (here: another Database on the same file) holding the write
// lock makes BEGIN IMMEDIATE busy; the writer retries, and reports kUnavailable when it stays busy.
TEST_P(SharedDatabaseTest, SqliteBusyFromAnotherWriterIsRetriedThenUnavailable) {
  DatabaseOptions impatient;
  impatient.busy_timeout_ms = 50;
  auto other = open_database(tdb_->url(), impatient);
  ASSERT_TRUE(other.ok()) << other.error().to_string();

  auto hold_lock_for = [&](std::chrono::milliseconds hold, std::atomic<bool>& holding) {
    return std::thread([&, hold] {
      Status held = db().write([&](Connection& c) -> Status {
        PASEO_ASSIGN_OR_RETURN(auto r, c.query("INSERT INTO parents (id) VALUES ($1)",
                                               {numbered("p", static_cast<int>(hold.count()))}));
        (void)r;
        holding = true;
        std::this_thread::sleep_for(hold);
        return {};
      });
      EXPECT_TRUE(held.ok()) << held.error().to_string();
    });
  };
  auto other_insert = [&](std::string id) {
    return (*other)->write([&](Connection& c) -> Status {
      PASEO_ASSIGN_OR_RETURN(auto r, c.query("INSERT INTO things (id) VALUES ($1)", {id}));
      (void)r;
      return {};
    });
  };

  // Short hold: the other writer's retries outlast it.
  std::atomic<bool> holding{false};
  std::thread short_hold = hold_lock_for(100ms, holding);
  while (!holding) std::this_thread::sleep_for(1ms);
  Status waited = other_insert("after-short-hold");
  short_hold.join();
  EXPECT_TRUE(waited.ok()) << waited.error().to_string();
  EXPECT_GE((*other)->stats().retries, 1);

  // Long hold: the other writer gives up with kUnavailable, and nothing of it is kept.
  holding = false;
  std::thread long_hold = hold_lock_for(3000ms, holding);
  while (!holding) std::this_thread::sleep_for(1ms);
  Status gave_up = other_insert("during-long-hold");
  long_hold.join();
  ASSERT_FALSE(gave_up.ok());
  EXPECT_EQ(gave_up.error().code, ErrorCode::kUnavailable) << gave_up.error().to_string();
  EXPECT_EQ(count("things"), 1);
  (*other)->close();
}

#endif

// Readers are not blocked by an open write transaction and see the last committed state.
TEST_P(SharedDatabaseTest, ReadsProceedWhileAWriteTransactionIsOpen) {
  ASSERT_TRUE(insert_thing("before").ok());
  std::atomic<bool> in_write{false};
  std::atomic<bool> read_done{false};
  std::thread writer([&] {
    Status s = db().write([&](Connection& c) -> Status {
      PASEO_ASSIGN_OR_RETURN(auto r, c.query("INSERT INTO things (id) VALUES ('during')"));
      (void)r;
      in_write = true;
      const auto deadline = std::chrono::steady_clock::now() + 10s;
      while (!read_done && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(1ms);
      }
      return {};
    });
    EXPECT_TRUE(s.ok());
  });
  while (!in_write) std::this_thread::sleep_for(1ms);
  const std::int64_t seen = count("things");
  read_done = true;
  writer.join();
  EXPECT_EQ(seen, 1);  // the uncommitted row is invisible, and the read did not wait for it
  EXPECT_EQ(count("things"), 2);
}

TEST_P(StorageTest, StatsDescribeThePool) {
  const DatabaseStats idle = db().stats();
  const std::int64_t expected_total = GetParam() == TestBackend::kSqliteMemory ? 1
                                      : GetParam() == TestBackend::kSqliteFile
                                          ? options().read_connections + 1
                                          : options().read_connections;
  EXPECT_EQ(idle.connections_total, expected_total);
  EXPECT_EQ(idle.connections_in_use, 0);
  EXPECT_EQ(idle.write_queue_depth, 0);
  EXPECT_GE(idle.write_batches, 1);  // the schema
  Status s = db().read([&](Connection&) -> Status {
    EXPECT_EQ(db().stats().connections_in_use, 1);
    return {};
  });
  EXPECT_TRUE(s.ok());
  EXPECT_TRUE(db().ping().ok());
}

TEST_P(StorageTest, CloseFinishesQueuedWritesThenRefusesNewOnes) {
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  std::atomic<int> refused{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      Status s = insert_thing(numbered("c", i));
      if (s.ok()) {
        ++ok;
      } else {
        EXPECT_EQ(s.error().code, ErrorCode::kUnavailable) << s.error().to_string();
        ++refused;
      }
    });
  }
  std::this_thread::sleep_for(2ms);
  db().close();  // races the writers: queued ones finish, later ones are refused
  db().close();  // idempotent
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok + refused, 8);
  Status after = insert_thing("late");
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().code, ErrorCode::kUnavailable);
  EXPECT_FALSE(db().ping().ok());
  // Every write that returned OK is committed: reopen and count (not possible in memory).
  if (GetParam() != TestBackend::kSqliteMemory) {
    auto reopened = open_database(tdb_->url());
    ASSERT_TRUE(reopened.ok()) << reopened.error().to_string();
    auto n = (*reopened)->read_value<std::int64_t>([](Connection& c) -> Result<std::int64_t> {
      PASEO_ASSIGN_OR_RETURN(auto r, c.query("SELECT COUNT(*) FROM things"));
      return r.front().get_int(0);
    });
    ASSERT_TRUE(n.ok());
    EXPECT_EQ(*n, ok.load());
  }
}

// ---- Migrations ----

class MigrationTest : public StorageTest {
 protected:
  bool with_test_schema() const override { return false; }
};

class SharedMigrationTest : public MigrationTest {};

TEST_P(MigrationTest, MigrateIsIdempotentAndRefusesANewerSchema) {
  auto first = migrate(db());
  ASSERT_TRUE(first.ok()) << first.error().to_string();
  EXPECT_EQ(first->from_version, 0);
  EXPECT_EQ(first->to_version, latest_schema_version());
  ASSERT_FALSE(first->applied.empty());
  EXPECT_EQ(first->applied.front(), "0001_schema_migrations");
  EXPECT_EQ(static_cast<int>(first->applied.size()), embedded_count());
  EXPECT_EQ(count("schema_migrations"), embedded_count());

  auto second = migrate(db());
  ASSERT_TRUE(second.ok()) << second.error().to_string();
  EXPECT_TRUE(second->applied.empty());
  EXPECT_EQ(second->from_version, latest_schema_version());
  EXPECT_EQ(second->to_version, latest_schema_version());

  // The foundation schema is usable.
  Status s = db().write([](Connection& c) -> Status {
    PASEO_ASSIGN_OR_RETURN(auto r, c.query("INSERT INTO organisations (id, kind, name, created_at) "
                                           "VALUES ($1, $2, $3, $4)",
                                           {std::string("org-1"), std::string("supplier"),
                                            std::string("Alpine Tours"), std::int64_t{0}}));
    (void)r;
    return {};
  });
  EXPECT_TRUE(s.ok()) << s.error().to_string();

  // A newer paseo migrated this database: this binary must refuse it.
  const int newer = latest_schema_version() + 3;
  s = db().write([&](Connection& c) -> Status {
    PASEO_ASSIGN_OR_RETURN(auto r,
                           c.query("INSERT INTO schema_migrations (version, name, "
                                   "applied_at) VALUES ($1, $2, $3)",
                                   {std::int64_t{newer}, std::string("future"), std::int64_t{0}}));
    (void)r;
    return {};
  });
  ASSERT_TRUE(s.ok()) << s.error().to_string();
  auto refused = migrate(db());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(refused.error().message.find("version " + std::to_string(newer)), std::string::npos)
      << refused.error().message;
  EXPECT_NE(refused.error().message.find("only up to " + std::to_string(latest_schema_version())),
            std::string::npos)
      << refused.error().message;
}

TEST_P(MigrationTest, AFailingMigrationRollsBackAloneAndEngineOverridesApply) {
  using internal::MigrationSource;
  const auto embedded = internal::embedded_migrations();
  std::vector<MigrationSource> files = {
      embedded[0],
      {"0002_first.sql", "CREATE TABLE m_first (id TEXT PRIMARY KEY);"},
      {"0003_engine.sql", "CREATE TABLE m_portable (id TEXT);"},
      {"0003_engine.sqlite.sql", "CREATE TABLE m_sqlite (id TEXT);"},
      {"0003_engine.pg.sql", "CREATE TABLE m_pg (id TEXT);"},
      {"0004_broken.sql", "CREATE TABLE m_broken (id TEXT); SELECT * FROM no_such_table;"},
  };
  auto r = internal::migrate_with(db(), files);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("0004_broken"), std::string::npos) << r.error().message;
  EXPECT_EQ(count("schema_migrations"), 3);
  EXPECT_EQ(count("m_first"), 0);
  EXPECT_EQ(count(is_sqlite() ? "m_sqlite" : "m_pg"), 0);
  // m_broken was rolled back with its migration; m_portable was never created.
  for (const char* table : {"m_broken", "m_portable"}) {
    Status s = db().read([&](Connection& c) -> Status {
      auto q = c.query("SELECT COUNT(*) FROM " + std::string(table));
      if (q.ok()) return Error::internal(std::string(table) + " exists");
      return {};
    });
    EXPECT_TRUE(s.ok()) << s.error().to_string();
  }
  // Fixed file: the next run applies only what is missing.
  files.back() = {"0004_broken.sql", "CREATE TABLE m_broken (id TEXT);"};
  auto fixed = internal::migrate_with(db(), files);
  ASSERT_TRUE(fixed.ok()) << fixed.error().to_string();
  EXPECT_EQ(fixed->from_version, 3);
  EXPECT_EQ(fixed->to_version, 4);
  ASSERT_EQ(fixed->applied.size(), 1u);
  EXPECT_EQ(fixed->applied[0], "0004_broken");
  EXPECT_EQ(count("m_broken"), 0);
}

// Two processes starting at once (two Database objects on the same data) both migrate.
TEST_P(SharedMigrationTest, ConcurrentMigrateFromTwoDatabasesIsSafe) {
  auto other = open_database(tdb_->url());
  ASSERT_TRUE(other.ok()) << other.error().to_string();
  Result<MigrationReport> a = Error::internal("not run");
  Result<MigrationReport> b = Error::internal("not run");
  std::thread ta([&] { a = migrate(db()); });
  std::thread tb([&] { b = migrate(**other); });
  ta.join();
  tb.join();
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  ASSERT_TRUE(b.ok()) << b.error().to_string();
  EXPECT_EQ(static_cast<int>(a->applied.size() + b->applied.size()), embedded_count());
  EXPECT_EQ(a->to_version, latest_schema_version());
  EXPECT_EQ(b->to_version, latest_schema_version());
  EXPECT_EQ(count("schema_migrations"), embedded_count());
  (*other)->close();
}

#if defined(PASEO_STORAGE_TEST_PG)

// PostgreSQL only: a deadlock between two writers is detected (40P01) and the victim retried.
TEST_P(StorageTest, DeadlockVictimIsRetried) {
  Status s = db().write([&](Connection& c) -> Status {
    return c.execute_script("INSERT INTO slots (id, capacity) VALUES ('A', 10), ('B', 10)");
  });
  ASSERT_TRUE(s.ok()) << s.error().to_string();
  const auto before = db().stats();
  std::atomic<int> locked{0};
  auto worker = [&](std::string first, std::string second, std::atomic<bool>& once) {
    return db().write([&](Connection& c) -> Status {
      PASEO_ASSIGN_OR_RETURN(
          auto r1, c.query("UPDATE slots SET booked = booked + 1 WHERE id = $1", {first}));
      (void)r1;
      if (!once.exchange(true)) {
        // First attempt only: wait for the other transaction to hold its first row.
        ++locked;
        const auto deadline = std::chrono::steady_clock::now() + 5s;
        while (locked < 2 && std::chrono::steady_clock::now() < deadline) {
          std::this_thread::sleep_for(1ms);
        }
      }
      PASEO_ASSIGN_OR_RETURN(
          auto r2, c.query("UPDATE slots SET booked = booked + 1 WHERE id = $1", {second}));
      (void)r2;
      return {};
    });
  };
  std::atomic<bool> once_a{false}, once_b{false};
  Status sa, sb;
  std::thread ta([&] { sa = worker("A", "B", once_a); });
  std::thread tb([&] { sb = worker("B", "A", once_b); });
  ta.join();
  tb.join();
  EXPECT_TRUE(sa.ok()) << sa.error().to_string();
  EXPECT_TRUE(sb.ok()) << sb.error().to_string();
  EXPECT_GE(db().stats().retries - before.retries, 1);
  auto total = db().read_value<std::int64_t>([](Connection& c) -> Result<std::int64_t> {
    PASEO_ASSIGN_OR_RETURN(auto r, c.query("SELECT SUM(booked) FROM slots"));
    return r.front().get_int(0);
  });
  ASSERT_TRUE(total.ok());
  EXPECT_EQ(*total, 4);
}

// PostgreSQL only: a connection killed by the server is replaced and the read retried.
TEST_P(StorageTest, BrokenConnectionIsReconnected) {
  DatabaseOptions one;
  one.read_connections = 1;
  auto single = open_database(tdb_->url(), one);
  ASSERT_TRUE(single.ok()) << single.error().to_string();
  auto pid = (*single)->read_value<std::int64_t>([](Connection& c) -> Result<std::int64_t> {
    PASEO_ASSIGN_OR_RETURN(auto r, c.query("SELECT pg_backend_pid()"));
    return r.front().get_int(0);
  });
  ASSERT_TRUE(pid.ok());
  Status killed = db().write([&](Connection& c) -> Status {
    PASEO_ASSIGN_OR_RETURN(auto r,
                           c.query("SELECT pg_terminate_backend(CAST($1 AS INTEGER))", {*pid}));
    (void)r;
    return {};
  });
  ASSERT_TRUE(killed.ok()) << killed.error().to_string();
  std::this_thread::sleep_for(50ms);
  auto pid2 = (*single)->read_value<std::int64_t>([](Connection& c) -> Result<std::int64_t> {
    PASEO_ASSIGN_OR_RETURN(auto r, c.query("SELECT pg_backend_pid()"));
    return r.front().get_int(0);
  });
  ASSERT_TRUE(pid2.ok()) << pid2.error().to_string();
  EXPECT_NE(*pid2, *pid);
  EXPECT_GE((*single)->stats().retries, 1);
}

// PostgreSQL only: a cached statement whose table changed shape is re-prepared, not an error.
TEST_P(StorageTest, CachedStatementSurvivesATableChange) {
  DatabaseOptions one;
  one.read_connections = 1;
  auto single = open_database(tdb_->url(), one);
  ASSERT_TRUE(single.ok()) << single.error().to_string();
  ASSERT_TRUE(insert_thing("row").ok());
  auto columns = [&]() -> Result<std::size_t> {
    return (*single)->read_value<std::size_t>([](Connection& c) -> Result<std::size_t> {
      PASEO_ASSIGN_OR_RETURN(auto r, c.query("SELECT * FROM things"));
      return r.front().size();
    });
  };
  auto before = columns();
  ASSERT_TRUE(before.ok()) << before.error().to_string();
  Status altered = (*single)->write(
      [](Connection& c) { return c.execute_script("ALTER TABLE things ADD COLUMN extra TEXT"); });
  ASSERT_TRUE(altered.ok()) << altered.error().to_string();
  auto after = columns();
  ASSERT_TRUE(after.ok()) << after.error().to_string();
  EXPECT_EQ(*after, *before + 1);
  EXPECT_GE((*single)->stats().retries, 1);  // the stale plan was detected and the read rerun
}

// PostgreSQL only: a read's COMMIT is sent without waiting for its answer, one round trip fewer,
// and still ends the transaction on the server at once. Whatever the connection does next (a
// read, a write, a statement it has not prepared yet, a script, a failing statement) reads that
// answer first and gets its own right.
TEST_P(StorageTest, ReadCommitIsNotWaitedForYetEndsTheTransaction) {
  DatabaseOptions one;
  one.read_connections = 1;
  auto single = open_database(tdb_->url(), one);
  ASSERT_TRUE(single.ok()) << single.error().to_string();
  Database& d = **single;
  auto scalar = [&](const std::string& sql) {
    return d.read_value<std::int64_t>([&](Connection& c) -> Result<std::int64_t> {
      PASEO_ASSIGN_OR_RETURN(auto r, c.query(sql));
      return r.front().get_int(0);
    });
  };
  auto pid = scalar("SELECT pg_backend_pid()");
  ASSERT_TRUE(pid.ok()) << pid.error().to_string();

  const auto before = d.stats().round_trips;
  auto none = scalar("SELECT COUNT(*) FROM things");
  ASSERT_TRUE(none.ok()) << none.error().to_string();
  EXPECT_EQ(*none, 0);
  EXPECT_EQ(d.stats().round_trips - before, 1);  // BEGIN with the SELECT; COMMIT not waited for

  // Seen from another session, the connection is idle, not idle in a transaction (which would
  // hold its snapshot and keep VACUUM from cleaning up).
  std::string state;
  for (int i = 0; i < 200 && state != "idle"; ++i) {
    auto st = db().read_value<std::string>([&](Connection& c) -> Result<std::string> {
      PASEO_ASSIGN_OR_RETURN(auto r,
                             c.query("SELECT state FROM pg_stat_activity WHERE pid = $1", {*pid}));
      return r.empty() ? std::string("gone") : r.front().get_string(0);
    });
    ASSERT_TRUE(st.ok()) << st.error().to_string();
    state = *st;
    if (state != "idle") std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(state, "idle");

  for (int i = 1; i <= 20; ++i) {
    Status w = d.write([&](Connection& c) -> Status {
      PASEO_ASSIGN_OR_RETURN(auto r, c.query("INSERT INTO things (id, n) VALUES ($1, $2)",
                                             {"t" + std::to_string(i), std::int64_t{i}}));
      (void)r;
      return {};
    });
    ASSERT_TRUE(w.ok()) << w.error().to_string();
    // A statement this connection has never prepared (PQprepare waits outside the pipeline).
    auto sum = scalar("SELECT SUM(n) + " + std::to_string(i) + " FROM things");
    ASSERT_TRUE(sum.ok()) << sum.error().to_string();
    EXPECT_EQ(*sum, i * (i + 1) / 2 + i);
    Status script =
        d.write([](Connection& c) { return c.execute_script("UPDATE things SET x = 1.5"); });
    ASSERT_TRUE(script.ok()) << script.error().to_string();
    auto rows = scalar("SELECT COUNT(*) FROM things WHERE x = 1.5");
    ASSERT_TRUE(rows.ok()) << rows.error().to_string();
    EXPECT_EQ(*rows, i);
    // A read whose statement fails, and the error ignored: the transaction is rolled back.
    Status failed = d.read([](Connection& c) -> Status {
      (void)c.query("SELECT no_such_column FROM things");
      return {};
    });
    EXPECT_TRUE(failed.ok()) << failed.error().to_string();
  }
  EXPECT_EQ(d.stats().retries, 0);
}

INSTANTIATE_TEST_SUITE_P(Pg, StorageTest, ::testing::Values(TestBackend::kPostgres), BackendName{});
INSTANTIATE_TEST_SUITE_P(Pg, MigrationTest, ::testing::Values(TestBackend::kPostgres),
                         BackendName{});
INSTANTIATE_TEST_SUITE_P(Pg, SharedDatabaseTest, ::testing::Values(TestBackend::kPostgres),
                         BackendName{});
INSTANTIATE_TEST_SUITE_P(Pg, SharedMigrationTest, ::testing::Values(TestBackend::kPostgres),
                         BackendName{});
#else
INSTANTIATE_TEST_SUITE_P(Sqlite, StorageTest,
                         ::testing::Values(TestBackend::kSqliteFile, TestBackend::kSqliteMemory),
                         BackendName{});
INSTANTIATE_TEST_SUITE_P(Sqlite, MigrationTest,
                         ::testing::Values(TestBackend::kSqliteFile, TestBackend::kSqliteMemory),
                         BackendName{});
INSTANTIATE_TEST_SUITE_P(Sqlite, SharedDatabaseTest, ::testing::Values(TestBackend::kSqliteFile),
                         BackendName{});
INSTANTIATE_TEST_SUITE_P(Sqlite, SharedMigrationTest, ::testing::Values(TestBackend::kSqliteFile),
                         BackendName{});
#endif

}  // namespace
}  // namespace paseo::storage
