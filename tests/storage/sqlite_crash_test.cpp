// kill -9 of a process in the middle of group-committed writes loses no acknowledged write.
//
// What this checks is our ordering, not SQLite's: write() must return only after COMMIT has
// returned, for every callback of a group. (A process kill keeps the OS page cache, so this does
// not test fsync; performance.md C2 covers power-loss style durability with WAL+FULL.)
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/random.h"
#include "storage/db.h"

namespace paseo::storage {
namespace {

// Child: 8 threads insert rows as fast as they can; after each acknowledged write the row's id
// goes down the pipe. Never returns.
[[noreturn]] void run_child(const std::string& url, int round, int ack_fd) {
  auto db = open_database(url);
  if (!db.ok()) _exit(2);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0;; ++i) {
        std::string id = std::to_string(round);
        id += '-';
        id += std::to_string(t);
        id += '-';
        id += std::to_string(i);
        Status s = (*db)->write([&](Connection& c) -> Status {
          auto r = c.query("INSERT INTO acked (id) VALUES ($1)", {id});
          if (!r.ok()) return std::move(r).error();
          return {};
        });
        if (!s.ok()) {
          std::fprintf(stderr, "child write failed: %s\n", s.error().to_string().c_str());
          _exit(3);
        }
        id += '\n';
        if (write(ack_fd, id.data(), id.size()) != static_cast<ssize_t>(id.size())) _exit(4);
      }
    });
  }
  for (auto& th : threads) th.join();
  _exit(0);
}

TEST(SqliteCrash, KillNineLosesNoAcknowledgedWrite) {
  const auto dir = std::filesystem::temp_directory_path() / ("paseo-crash-" + random_hex(6));
  const std::string url = "sqlite:" + (dir / "crash.db").string();
  struct RemoveDir {
    std::filesystem::path path;
    ~RemoveDir() {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
    }
  } cleanup{dir};
  {
    auto db = open_database(url);
    ASSERT_TRUE(db.ok()) << db.error().to_string();
    Status s = (*db)->write(
        [](Connection& c) { return c.execute_script("CREATE TABLE acked (id TEXT PRIMARY KEY)"); });
    ASSERT_TRUE(s.ok()) << s.error().to_string();
  }

  for (int round = 0; round < 3; ++round) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      close(fds[0]);
      run_child(url, round, fds[1]);
    }
    close(fds[1]);
    // Let it run for a while (varying), then kill it without warning.
    std::this_thread::sleep_for(std::chrono::milliseconds(150 + 100 * round));
    ASSERT_EQ(kill(child, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status))
        << "round " << round << ": child exited early with status " << WEXITSTATUS(status);

    std::set<std::string> acked;
    std::string buffer;
    char chunk[4096];
    ssize_t n;
    while ((n = read(fds[0], chunk, sizeof chunk)) > 0)
      buffer.append(chunk, static_cast<std::size_t>(n));
    close(fds[0]);
    std::size_t start = 0;
    for (std::size_t nl; (nl = buffer.find('\n', start)) != std::string::npos; start = nl + 1) {
      acked.insert(buffer.substr(start, nl - start));
    }

    auto db = open_database(url);
    ASSERT_TRUE(db.ok()) << db.error().to_string();
    std::set<std::string> stored;
    Status s = (*db)->read([&](Connection& c) -> Status {
      auto check = c.query("PRAGMA integrity_check");
      if (!check.ok()) return std::move(check).error();
      EXPECT_EQ(check->front().get_string(0), "ok");
      auto r = c.query("SELECT id FROM acked");
      if (!r.ok()) return std::move(r).error();
      for (const auto& row : r->rows) stored.insert(row.get_string(0));
      return {};
    });
    ASSERT_TRUE(s.ok()) << s.error().to_string();
    EXPECT_GT(acked.size(), 0u) << "the child acknowledged nothing before the kill";
    std::size_t lost = 0;
    for (const auto& id : acked) lost += stored.contains(id) ? 0 : 1;
    EXPECT_EQ(lost, 0u) << "round " << round << ": " << lost << " of " << acked.size()
                        << " acknowledged writes are missing";
    EXPECT_GE(stored.size(), acked.size());
  }
}

}  // namespace
}  // namespace paseo::storage
