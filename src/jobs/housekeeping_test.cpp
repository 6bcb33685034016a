#include "jobs/housekeeping.h"

#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "app/accounts/accounts.h"
#include "storage/migrate.h"

namespace paseo::jobs {
namespace {

namespace acc = app::accounts;
using namespace std::chrono_literals;

constexpr const char* kEmail = "ops@paseo.test";
constexpr const char* kOtherEmail = "ops2@paseo.test";
constexpr const char* kPassword = "a good password 1";

class HousekeepingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("paseo-housekeeping-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto db = storage::open_database("sqlite:" + (dir_ / "paseo.db").string());
    ASSERT_TRUE(db.ok()) << db.error().to_string();
    db_ = std::move(db).value();
    auto m = storage::migrate(*db_);
    ASSERT_TRUE(m.ok()) << m.error().to_string();
    ASSERT_TRUE(acc::ensure_platform_admin(*db_, kEmail, kPassword, now()).ok());
    ASSERT_TRUE(acc::ensure_platform_admin(*db_, kOtherEmail, kPassword, now()).ok());
  }
  void TearDown() override {
    if (db_) db_->close();
    db_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::int64_t now() const { return to_epoch_ms(clock_.now()); }
  // (login also drops the same user's lapsed sessions, so tests mix two users.)
  std::string login(const char* email = kEmail) {
    auto s = acc::login(*db_, email, kPassword, {"127.0.0.1", "test"}, now());
    EXPECT_TRUE(s.ok()) << s.error().to_string();
    return s.ok() ? s->token : "";
  }
  std::int64_t session_rows() {
    auto n = db_->read_value<std::int64_t>([](storage::Connection& c) -> Result<std::int64_t> {
      PASEO_ASSIGN_OR_RETURN(auto q, c.query("SELECT COUNT(*) FROM sessions"));
      return q.front().get_int(0);
    });
    EXPECT_TRUE(n.ok());
    return n.ok() ? *n : -1;
  }

  std::filesystem::path dir_;
  FakeClock clock_{from_epoch_ms(1'795'000'000'000)};  // 2026-11-18
  storage::DatabasePtr db_;
};

TEST_F(HousekeepingTest, RunnerPurgesExpiredSessionsOnStartAndKeepsLiveOnes) {
  const std::string old_token = login();
  clock_.advance(std::chrono::milliseconds(acc::kSessionIdleMs + 60'000));  // idle too long
  const std::string live_token = login(kOtherEmail);
  ASSERT_EQ(session_rows(), 2);

  HousekeepingRunner runner(*db_, clock_);  // hourly: only the pass at start() runs here
  runner.start();
  for (int i = 0; i < 500 && runner.passes() == 0; ++i) std::this_thread::sleep_for(10ms);
  runner.stop();
  ASSERT_EQ(runner.passes(), 1);
  EXPECT_EQ(runner.total_purged(), 1);
  EXPECT_EQ(session_rows(), 1);
  EXPECT_TRUE(acc::authenticate_session(*db_, live_token, now()).ok());
  EXPECT_FALSE(acc::authenticate_session(*db_, old_token, now()).ok());

  // Nothing left to purge; past the absolute expiry the live one goes too.
  auto again = runner.run_once();
  ASSERT_TRUE(again.ok()) << again.error().to_string();
  EXPECT_EQ(*again, 0);
  clock_.advance(std::chrono::milliseconds(acc::kSessionMaxMs));
  again = runner.run_once();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 1);
  EXPECT_EQ(session_rows(), 0);
  EXPECT_EQ(runner.total_purged(), 2);
}

TEST_F(HousekeepingTest, RunnerRepeatsEveryIntervalAndStopIsIdempotent) {
  HousekeepingRunner runner(*db_, clock_, 20ms);
  runner.start();
  runner.start();  // no second thread
  for (int i = 0; i < 500 && runner.passes() < 3; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_GE(runner.passes(), 3);
  // A session that expires while the runner is going is purged by a later pass.
  login();
  clock_.advance(std::chrono::milliseconds(acc::kSessionMaxMs + 1));
  for (int i = 0; i < 500 && session_rows() != 0; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(session_rows(), 0);
  runner.stop();
  runner.stop();
  EXPECT_EQ(runner.total_purged(), 1);
}

}  // namespace
}  // namespace paseo::jobs
