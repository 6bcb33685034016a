#include "http/static_files.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <unistd.h>

namespace paseo::http {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("paseo-static-" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "dist" / "assets");
    fs::create_directories(dir_ / "dist" / "docs");
    write(dir_ / "dist" / "index.html", "<html>");
    write(dir_ / "dist" / "robots.txt", "User-agent: *");
    write(dir_ / "dist" / "assets" / "app-1a2b.js", "js");
    write(dir_ / "dist" / "assets" / "app-1a2b.css", "css");
    write(dir_ / "dist" / "docs" / "index.html", "<docs>");
    write(dir_ / "outside.txt", "secret");
    handler_ = static_files((dir_ / "dist").string());
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  static void write(const fs::path& p, std::string_view s) { std::ofstream(p) << s; }

  Response get(std::string path) {
    Request r;
    r.method = Method::kGet;
    r.path = std::move(path);
    r.target = r.path;
    return handler_(r);
  }

  fs::path dir_;
  Handler handler_;
};

TEST_F(StaticFilesTest, ServesFilesWithTypesAndCaching) {
  Response js = get("/assets/app-1a2b.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(fs::path(js.file_path), fs::canonical(dir_ / "dist" / "assets" / "app-1a2b.js"));
  EXPECT_EQ(js.headers["Content-Type"], "text/javascript; charset=utf-8");
  EXPECT_EQ(js.headers["Cache-Control"], "public, max-age=31536000, immutable");
  EXPECT_EQ(get("/assets/app-1a2b.css").headers["Content-Type"], "text/css; charset=utf-8");

  Response robots = get("/robots.txt");
  EXPECT_EQ(robots.headers["Cache-Control"], "no-cache");
  EXPECT_EQ(robots.headers["Content-Type"], "text/plain; charset=utf-8");

  Response index = get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(fs::path(index.file_path).filename(), "index.html");
  EXPECT_EQ(index.headers["Cache-Control"], "no-cache");
  EXPECT_EQ(index.headers["Content-Type"], "text/html; charset=utf-8");
  EXPECT_EQ(fs::path(get("/docs").file_path), fs::canonical(dir_ / "dist" / "docs" / "index.html"));
}

TEST_F(StaticFilesTest, SpaFallbackOnlyForExtensionlessPaths) {
  Response spa = get("/experiences/kayak-tour/book");
  EXPECT_EQ(spa.status, 200);
  EXPECT_EQ(fs::path(spa.file_path), fs::canonical(dir_ / "dist" / "index.html"));
  EXPECT_EQ(spa.headers["Cache-Control"], "no-cache");
  Response missing = get("/missing.png");
  EXPECT_EQ(missing.status, 404);
  EXPECT_TRUE(missing.file_path.empty());
  EXPECT_NE(missing.body.find("NOT_FOUND"), std::string::npos);
  EXPECT_EQ(get("/assets/old").status, 404);  // stale asset links must not get HTML
}

TEST_F(StaticFilesTest, NoPathTraversal) {
  for (const char* p : {"/../outside.txt", "/assets/../../outside.txt", "/./../outside.txt",
                        "/..\\outside.txt", "/..", "/assets/..", "relative.txt"}) {
    Response r = get(p);
    EXPECT_EQ(r.status, 404) << p;
    EXPECT_TRUE(r.file_path.empty()) << p;
  }
  Response nul = get(std::string("/index.html\0.png", 16));
  EXPECT_EQ(nul.status, 404);
  fs::create_symlink(dir_ / "outside.txt", dir_ / "dist" / "link.txt");
  EXPECT_EQ(get("/link.txt").status, 404);
}

TEST_F(StaticFilesTest, MissingRootIsAll404) {
  Handler h = static_files((dir_ / "nope").string());
  Request r;
  r.path = "/";
  EXPECT_EQ(h(r).status, 404);
  r.path = "/some/page";
  EXPECT_EQ(h(r).status, 404);
}

TEST(ContentTypeTest, KnownAndUnknown) {
  EXPECT_EQ(content_type_for("INDEX.HTML"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("a.woff2"), "font/woff2");
  EXPECT_EQ(content_type_for("a.svg"), "image/svg+xml");
  EXPECT_EQ(content_type_for("a.unknownext"), "application/octet-stream");
  EXPECT_EQ(content_type_for("Makefile"), "application/octet-stream");
}

}  // namespace
}  // namespace paseo::http
