#include "http/router.h"

#include <stdexcept>

#include <gtest/gtest.h>

#include "http/errors.h"

namespace paseo::http {
namespace {

Request make(Method m, std::string target) {
  Request r;
  r.method = m;
  r.target = target;
  r.path = target.substr(0, target.find('?'));
  return r;
}

Handler text(std::string body) {
  return [body](Request& r) {
    std::string out = body;
    for (const auto& [k, v] : r.path_params) out += " " + k + "=" + v;
    return Response::text(200, out);
  };
}

TEST(RouterTest, LiteralAndParameterSegments) {
  Router router;
  router.get("/octo/bookings/{uuid}", text("get"));
  router.post("/octo/bookings/{uuid}/confirm", text("confirm"));
  std::string label;
  Request r = make(Method::kGet, "/octo/bookings/abc");
  Response res = router.dispatch(r, &label);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "get uuid=abc");
  EXPECT_EQ(label, "/octo/bookings/{uuid}");

  Request c = make(Method::kPost, "/octo/bookings/abc/confirm");
  EXPECT_EQ(router.dispatch(c, &label).body, "confirm uuid=abc");
  EXPECT_EQ(label, "/octo/bookings/{uuid}/confirm");
}

TEST(RouterTest, LiteralWinsOverParameterWhateverTheOrder) {
  Router router;
  router.get("/products/{id}", text("param"));
  router.get("/products/search", text("literal"));
  Request a = make(Method::kGet, "/products/search");
  EXPECT_EQ(router.dispatch(a, nullptr).body, "literal");
  Request b = make(Method::kGet, "/products/42");
  EXPECT_EQ(router.dispatch(b, nullptr).body, "param id=42");
}

TEST(RouterTest, LessSpecificRouteAnswersAMethodTheLiteralLacks) {
  Router router;
  router.get("/a/special", text("literal"));
  router.post("/a/{id}", text("param"));
  Request r = make(Method::kPost, "/a/special");
  EXPECT_EQ(router.dispatch(r, nullptr).body, "param id=special");
}

TEST(RouterTest, PathParametersArePercentDecodedPerSegment) {
  Router router;
  router.get("/files/{name}/meta", text("f"));
  Request r = make(Method::kGet, "/files/a%2Fb%20c/meta");
  r.path = "/files/a/b c/meta";  // what the server's whole-path decoding gives
  EXPECT_EQ(router.dispatch(r, nullptr).body, "f name=a/b c");
}

TEST(RouterTest, TrailingWildcardKeepsTheRest) {
  Router router;
  router.get("/assets/*", text("asset"));
  router.get("/assets/special", text("special"));
  Request r = make(Method::kGet, "/assets/js/app.js");
  EXPECT_EQ(router.dispatch(r, nullptr).body, "asset *=js/app.js");
  Request s = make(Method::kGet, "/assets/special");
  EXPECT_EQ(router.dispatch(s, nullptr).body, "special");
}

TEST(RouterTest, UnknownPathIs404) {
  Router router;
  router.get("/a", text("a"));
  std::string label;
  Request r = make(Method::kGet, "/b");
  Response res = router.dispatch(r, &label);
  EXPECT_EQ(res.status, 404);
  EXPECT_NE(res.body.find("NOT_FOUND"), std::string::npos);
  EXPECT_EQ(label, "unmatched");
  // A parameter never matches an empty segment, and trailing slashes matter.
  router.get("/x/{id}", text("x"));
  Request empty = make(Method::kGet, "/x/");
  EXPECT_EQ(router.dispatch(empty, nullptr).status, 404);
  Request slash = make(Method::kGet, "/a/");
  EXPECT_EQ(router.dispatch(slash, nullptr).status, 404);
}

TEST(RouterTest, WrongMethodIs405WithAllow) {
  Router router;
  router.get("/items/{id}", text("g"));
  router.del("/items/{id}", text("d"));
  router.put("/items/{x}", text("p"));
  Request r = make(Method::kPost, "/items/1");
  std::string allow;
  auto m = router.match(r, &allow);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().code, ErrorCode::kMethodNotAllowed);
  EXPECT_EQ(allow, "GET, HEAD, PUT, DELETE");
  Response res = router.dispatch(r, nullptr);
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(res.headers["Allow"], "GET, HEAD, PUT, DELETE");
  // The body's code says what happened, like every other error (http/errors.h).
  EXPECT_NE(res.body.find("\"METHOD_NOT_ALLOWED\""), std::string::npos) << res.body;
}

TEST(RouterTest, HeadUsesTheGetHandler) {
  Router router;
  router.get("/ping", text("pong"));
  Request r = make(Method::kHead, "/ping");
  EXPECT_EQ(router.dispatch(r, nullptr).body, "pong");
}

TEST(RouterTest, HandlerExceptionsBecome500) {
  Router router;
  router.get("/boom", [](Request&) -> Response { throw std::runtime_error("db exploded"); });
  router.get("/int", [](Request&) -> Response { throw 42; });
  Request r = make(Method::kGet, "/boom");
  Response res = router.dispatch(r, nullptr);
  EXPECT_EQ(res.status, 500);
  EXPECT_EQ(res.body.find("exploded"), std::string::npos);
  Request i = make(Method::kGet, "/int");
  EXPECT_EQ(router.dispatch(i, nullptr).status, 500);
}

TEST(RouterTest, ErrorRendererOfTheLongestPrefix) {
  Router router;
  router.set_error_renderer("/octo", [](const Request&, const Error& e) {
    return Response::json(http_status_for(e.code), "octo:" + std::string(error_code_name(e.code)));
  });
  router.set_error_renderer("/octo/v2",
                            [](const Request&, const Error&) { return Response::json(418, "v2"); });
  EXPECT_EQ(router.render_error(make(Method::kGet, "/octo/x"), Error::not_found("n")).body,
            "octo:NOT_FOUND");
  EXPECT_EQ(router.render_error(make(Method::kGet, "/octo"), Error::not_found("n")).body,
            "octo:NOT_FOUND");
  EXPECT_EQ(router.render_error(make(Method::kGet, "/octo/v2/y"), Error::not_found("n")).body,
            "v2");
  // Prefixes match whole segments.
  Response other = router.render_error(make(Method::kGet, "/octopus"), Error::not_found("n"));
  EXPECT_EQ(other.status, 404);
  EXPECT_NE(other.body.find(R"("code":"NOT_FOUND")"), std::string::npos);
  // A 405 under /octo renders through the OCTO renderer and still carries Allow.
  router.get("/octo/products", [](Request&) { return Response::text(200, "p"); });
  Request r = make(Method::kPost, "/octo/products");
  Response res = router.dispatch(r, nullptr);
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(res.body, "octo:METHOD_NOT_ALLOWED");
  EXPECT_EQ(res.headers["Allow"], "GET, HEAD");
}

TEST(RouterTest, FallbackTakesUnmatchedGetAndHeadOnly) {
  Router router;
  router.get("/api/x", text("x"));
  router.set_fallback(text("static"));
  std::string label;
  Request g = make(Method::kGet, "/some/page");
  EXPECT_EQ(router.dispatch(g, &label).body, "static");
  EXPECT_EQ(label, "fallback");
  Request h = make(Method::kHead, "/some/page");
  EXPECT_EQ(router.dispatch(h, nullptr).body, "static");
  Request p = make(Method::kPost, "/some/page");
  EXPECT_EQ(router.dispatch(p, nullptr).status, 404);
  // 405 beats the fallback: the path exists.
  Request d = make(Method::kDelete, "/api/x");
  EXPECT_EQ(router.dispatch(d, nullptr).status, 405);
}

// A GET of an unknown path under an API ("/octo/products/", a typo in "/api/v1/…") is that
// API's 404 in its own shape: a client parsing JSON must not get the web app's page with a 200.
TEST(RouterTest, FallbackNeverServesUnderAnApisPrefix) {
  Router router;
  router.set_fallback(text("static"));
  router.set_error_renderer("/octo", [](const Request&, const Error& e) {
    return Response::json(http_status_for(e.code), "octo:" + std::string(error_code_name(e.code)));
  });
  std::string label;
  Request o = make(Method::kGet, "/octo/products/");
  Response res = router.dispatch(o, &label);
  EXPECT_EQ(res.status, 404);
  EXPECT_EQ(res.body, "octo:NOT_FOUND");
  EXPECT_EQ(label, "unmatched");
  Request h = make(Method::kHead, "/octo");
  EXPECT_EQ(router.dispatch(h, nullptr).status, 404);
  // Outside the prefix (whole segments only) the web app still answers.
  Request page = make(Method::kGet, "/octopus-tours");
  EXPECT_EQ(router.dispatch(page, nullptr).body, "static");
}

TEST(RouterTest, RootRoute) {
  Router router;
  router.get("/", text("root"));
  Request r = make(Method::kGet, "/");
  EXPECT_EQ(router.dispatch(r, nullptr).body, "root");
}

}  // namespace
}  // namespace paseo::http
