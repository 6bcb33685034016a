#include "config.h"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

namespace paseo {
namespace {

std::map<std::string, std::string>* g_env = nullptr;
const char* fake_getenv(const char* name) {
  auto it = g_env->find(name);
  return it == g_env->end() ? nullptr : it->second.c_str();
}

// Unique per process and call: ctest runs each test in its own process, several at once, and an
// unseeded std::rand() gave them all the same file name.
std::string write_temp(const std::string& text) {
  static int calls = 0;
  const auto path =
      std::filesystem::temp_directory_path() /
      ("paseo_config_test_" + std::to_string(::getpid()) + "_" + std::to_string(++calls) + ".toml");
  std::ofstream(path) << text;
  return path.string();
}

TEST(Config, EnvironmentOverridesTomlWhichOverridesDefaults) {
  Config c;
  const auto file = write_temp(
      "db = \"sqlite:/tmp/x.db\"\nlisten = \"0.0.0.0:9000\"\n[smtp]\nurl = "
      "\"smtp://127.0.0.1:2525\"\n");
  ASSERT_TRUE(apply_toml_file(file, c).ok());
  EXPECT_EQ(c.db, "sqlite:/tmp/x.db");
  EXPECT_EQ(c.smtp.url, "smtp://127.0.0.1:2525");
  std::map<std::string, std::string> env{
      {"PASEO_LISTEN", "127.0.0.1:9100"}, {"PASEO_DEMO", "true"}, {"PASEO_WORKER_THREADS", "8"}};
  g_env = &env;
  ASSERT_TRUE(apply_environment(c, fake_getenv).ok());
  EXPECT_EQ(c.listen, "127.0.0.1:9100");
  EXPECT_TRUE(c.demo);
  EXPECT_EQ(c.worker_threads, 8);
  EXPECT_EQ(c.db, "sqlite:/tmp/x.db");  // untouched by the environment
  EXPECT_TRUE(validate(c).ok());
  std::filesystem::remove(file);
}

TEST(Config, RejectsUnknownKeysAndWrongTypesWithTheLine) {
  Config c;
  const auto typo = write_temp("lisen = \"x\"\n");
  auto s = apply_toml_file(typo, c);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("unknown setting 'lisen'"), std::string::npos);
  const auto wrong = write_temp("\n\nworker_threads = \"many\"\n");
  s = apply_toml_file(wrong, c);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find(":3:"), std::string::npos) << s.error().message;
  std::filesystem::remove(typo);
  std::filesystem::remove(wrong);
}

TEST(Config, RejectsBadEnvironmentValues) {
  Config c;
  std::map<std::string, std::string> env{{"PASEO_IO_THREADS", "two"}};
  g_env = &env;
  const auto s = apply_environment(c, fake_getenv);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "PASEO_IO_THREADS");
}

TEST(Config, ParsesListenAddresses) {
  EXPECT_EQ(parse_listen_address("127.0.0.1:8080")->second, 8080);
  EXPECT_EQ(parse_listen_address("[::1]:0")->first, "::1");
  EXPECT_FALSE(parse_listen_address("8080").ok());
  EXPECT_FALSE(parse_listen_address("localhost:99999").ok());
  EXPECT_FALSE(parse_listen_address("localhost:http").ok());
}

TEST(Config, ValidatesRanges) {
  Config c;
  c.worker_threads = 0;
  EXPECT_EQ(validate(c).error().field, "worker_threads");
  c = Config{};
  c.smtp.url = "http://mail";
  EXPECT_EQ(validate(c).error().field, "smtp.url");
  c = Config{};
  c.log_level = "loud";
  EXPECT_FALSE(validate(c).ok());
}

}  // namespace
}  // namespace paseo
