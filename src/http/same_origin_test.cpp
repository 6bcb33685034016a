#include "http/same_origin.h"

#include <vector>

#include <gtest/gtest.h>

namespace paseo::http {
namespace {

Request post(std::vector<std::pair<std::string, std::string>> headers) {
  Request r;
  r.method = Method::kPost;
  r.path = "/api/v1/auth/login";
  r.headers.emplace("Host", "127.0.0.1:8080");
  for (auto& [k, v] : headers) r.headers.emplace(k, v);
  return r;
}

const std::vector<std::string> kTrusted = {"https://paseo.example"};

bool allowed(const Request& r) { return check_same_origin_write(r, kTrusted).ok(); }

TEST(SameOriginWrite, ReadsAndClientsThatAreNotBrowsersPass) {
  Request get = post({{"Sec-Fetch-Site", "cross-site"}, {"Origin", "https://evil.example"}});
  get.method = Method::kGet;
  EXPECT_TRUE(allowed(get));
  EXPECT_TRUE(allowed(post({})));  // curl, libcurl, a reseller's server
}

TEST(SameOriginWrite, ThisSitesPagesPass) {
  EXPECT_TRUE(allowed(post({{"Sec-Fetch-Site", "same-origin"}})));
  EXPECT_TRUE(allowed(post({{"Sec-Fetch-Site", "none"}})));
  EXPECT_TRUE(allowed(post({{"Origin", "http://127.0.0.1:8080"}})));   // older browser
  EXPECT_TRUE(allowed(post({{"Origin", "HTTPS://127.0.0.1:8080"}})));  // behind TLS, same Host
  EXPECT_TRUE(
      allowed(post({{"Sec-Fetch-Site", "same-site"}, {"Origin", "https://paseo.example"}})));
}

TEST(SameOriginWrite, OtherSitesAreRefused) {
  for (const auto& headers : std::vector<std::vector<std::pair<std::string, std::string>>>{
           {{"Sec-Fetch-Site", "cross-site"}},
           {{"Sec-Fetch-Site", "cross-site"}, {"Origin", "http://127.0.0.1:8080"}},
           {{"Origin", "https://evil.example"}},
           {{"Origin", "null"}},
           {{"Origin", "http://127.0.0.1:8080.evil.example"}},
           {{"Sec-Fetch-Site", "same-site"}, {"Origin", "https://other.paseo.example"}}}) {
    auto s = check_same_origin_write(post(headers), kTrusted);
    ASSERT_FALSE(s.ok()) << headers.back().second;
    EXPECT_EQ(s.error().code, ErrorCode::kPermissionDenied);
    EXPECT_NE(s.error().message.find("cross-site request refused"), std::string::npos);
  }
}

TEST(OriginOf, SchemeHostAndPortOnly) {
  EXPECT_EQ(origin_of("https://paseo.example:8443/a/b?c"), "https://paseo.example:8443");
  EXPECT_EQ(origin_of("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
  EXPECT_EQ(origin_of("paseo.example"), "");
  EXPECT_EQ(origin_of("https:///x"), "");
}

}  // namespace
}  // namespace paseo::http
