#include "http/message.h"

#include <gtest/gtest.h>

namespace paseo::http {
namespace {

TEST(MessageTest, MethodNames) {
  EXPECT_EQ(method_name(Method::kGet), "GET");
  EXPECT_EQ(method_name(Method::kHead), "HEAD");
  EXPECT_EQ(method_name(Method::kPost), "POST");
  EXPECT_EQ(method_name(Method::kPut), "PUT");
  EXPECT_EQ(method_name(Method::kPatch), "PATCH");
  EXPECT_EQ(method_name(Method::kDelete), "DELETE");
  EXPECT_EQ(method_name(Method::kOptions), "OPTIONS");
}

TEST(MessageTest, HeadersAreCaseInsensitive) {
  CaseInsensitiveLess less;
  EXPECT_FALSE(less("Content-Type", "content-type"));
  EXPECT_FALSE(less("content-type", "CONTENT-TYPE"));
  EXPECT_TRUE(less("a", "B"));
  EXPECT_TRUE(less("ab", "ABC"));
  Request r;
  r.headers["Content-Type"] = "application/json";
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.header("CONTENT-TYPE"), "application/json");
  EXPECT_EQ(r.header("Accept"), "");
}

TEST(MessageTest, QueryAndPathParams) {
  Request r;
  r.query["date"] = "2026-03-29";
  r.path_params["id"] = "42";
  EXPECT_EQ(r.query_param("date"), "2026-03-29");
  EXPECT_EQ(r.query_param("nope"), std::nullopt);
  EXPECT_EQ(r.param("id"), "42");
}

TEST(MessageTest, Cookies) {
  Request r;
  r.headers["Cookie"] = "theme=dark; paseo_session=abc.def ;  lang=\"es\"; empty=; flag";
  EXPECT_EQ(r.cookie("paseo_session"), "abc.def");
  EXPECT_EQ(r.cookie("theme"), "dark");
  EXPECT_EQ(r.cookie("lang"), "es");
  EXPECT_EQ(r.cookie("empty"), "");
  EXPECT_EQ(r.cookie("flag"), std::nullopt);
  EXPECT_EQ(r.cookie("session"), std::nullopt);  // no suffix/prefix matching
  Request none;
  EXPECT_EQ(none.cookie("x"), std::nullopt);
}

TEST(MessageTest, SetCookieFormatting) {
  CookieOptions o;
  EXPECT_EQ(format_set_cookie("sid", "tok", o), "sid=tok; Path=/; HttpOnly; SameSite=Lax");
  o.secure = true;
  o.max_age = std::chrono::hours(24);
  o.same_site = "Strict";
  o.path = "/extranet";
  EXPECT_EQ(format_set_cookie("sid", "tok", o),
            "sid=tok; Path=/extranet; Max-Age=86400; Secure; HttpOnly; SameSite=Strict");
  // Deleting a cookie: Max-Age=0, empty value.
  CookieOptions del;
  del.max_age = std::chrono::seconds(0);
  del.http_only = false;
  EXPECT_EQ(format_set_cookie("sid", "", del), "sid=; Path=/; Max-Age=0; SameSite=Lax");
}

TEST(MessageTest, ResponseFactories) {
  Response j = Response::json(201, R"({"a":1})");
  EXPECT_EQ(j.status, 201);
  EXPECT_EQ(j.headers["content-type"], "application/json");
  Response t = Response::text(200, "hi");
  EXPECT_EQ(t.headers["Content-Type"], "text/plain; charset=utf-8");
  Response h = Response::text(200, "<p>", "text/html; charset=utf-8");
  EXPECT_EQ(h.headers["Content-Type"], "text/html; charset=utf-8");
  Response n = Response::no_content();
  EXPECT_EQ(n.status, 204);
  EXPECT_TRUE(n.body.empty());
  n.add_header("Set-Cookie", "a=1").add_header("set-cookie", "b=2");
  EXPECT_EQ(n.headers["Set-Cookie"], "a=1\nb=2");
}

}  // namespace
}  // namespace paseo::http
