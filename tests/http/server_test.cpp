// The real Server on port 0, driven over raw sockets: keep-alive, pipelining, every kind of bad
// input from issue 2's "Bad input" list, timeouts, the connection cap, graceful shutdown and
// static files.
#include "http/server.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include "http/errors.h"
#include "http/json.h"
#include "http/static_files.h"
#include "test_client.h"

namespace paseo::http {
namespace {

using namespace std::chrono_literals;
using testing::RawClient;
using testing::RawResponse;

std::string get(std::string_view target, std::string_view extra = "") {
  return fmt::format("GET {} HTTP/1.1\r\nHost: t\r\n{}\r\n", target, extra);
}

std::string post(std::string_view target, std::string_view body) {
  return fmt::format(
      "POST {} HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: "
      "{}\r\n\r\n{}",
      target, body.size(), body);
}

// The error code of a Paseo JSON error body, or "" when the body is not one.
std::string error_code_of(const RawResponse& r) {
  auto doc = parse_json_object(r.body);
  if (!doc.ok()) return "";
  return std::string(doc->root().get("error").get("code").as_string());
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    web_root_ = std::filesystem::temp_directory_path() /
                ("paseo-http-test-" + std::to_string(::getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(web_root_ / "dist" / "assets");
    write(web_root_ / "dist" / "index.html", "<!doctype html><title>Paseo</title>");
    write(web_root_ / "dist" / "assets" / "app-1234abcd.js", "console.log('paseo');");
    write(web_root_ / "secret.txt", "top secret");  // outside the served root

    router_.get("/ping", [](Request&) { return Response::json(200, R"({"ok":true})"); });
    router_.get("/items/{id}",
                [](Request& r) { return Response::text(200, "item " + r.param("id")); });
    router_.post("/items/{id}",
                 [](Request& r) { return Response::text(201, "made " + r.param("id")); });
    router_.post("/echo", [](Request& r) {
      auto doc = parse_json_object(r.body);
      if (!doc.ok()) return error_response(doc.error());
      auto name = get_string(doc->root(), "name");
      if (!name.ok()) return error_response(name.error());
      JsonWriter w;
      w.start_object().field("name", *name).end_object();
      return Response::json(200, w.take());
    });
    router_.get("/throw", [](Request&) -> Response { throw std::runtime_error("boom"); });
    router_.get("/slow", [this](Request&) {
      slow_started_ = true;
      std::this_thread::sleep_for(slow_for_);
      return Response::text(200, "slow done");
    });
    router_.get("/headers", [](Request& r) {
      Response res = Response::text(200, std::string(r.header("X-Test")));
      res.set_header("Set-Cookie", "a=1; Path=/\nb=2; Path=/");
      return res;
    });
    router_.get("/whoami", [](Request& r) {
      return Response::text(200, r.remote_address + " " + r.request_id + " " + r.path + " " +
                                     r.query_param("q").value_or("-"));
    });
    router_.del("/items/{id}", [](Request&) {
      Response r = Response::no_content();
      r.body = "ignored";  // 204 has no body whatever the handler says
      return r;
    });
    router_.get("/badstatus", [](Request&) { return Response::text(42, "?"); });
    router_.get("/shared", [this](Request&) { return Response::json(200, shared_); });
    router_.post("/octo/bookings", [](Request&) { return Response::json(200, "{}"); });
    router_.set_error_renderer("/octo", [](const Request&, const Error& e) {
      return Response::json(
          http_status_for(e.code),
          R"({"error":"OCTO","errorMessage":")" + std::string(error_code_name(e.code)) + "\"}");
    });
    router_.set_fallback(static_files((web_root_ / "dist").string()));

    options_.port = 0;
    options_.io_threads = 2;
    options_.worker_threads = 4;
    options_.max_body_bytes = 1024;
    options_.max_header_bytes = 2048;
    options_.read_timeout = 400ms;
    options_.idle_timeout = 5s;
    options_.shutdown_grace = 5s;
    options_.access_log = false;
  }

  void TearDown() override {
    stop_server();
    std::error_code ec;
    std::filesystem::remove_all(web_root_, ec);
  }

  static void write(const std::filesystem::path& p, std::string_view content) {
    std::ofstream(p, std::ios::binary) << content;
  }

  void start_server() {
    server_ = std::make_unique<Server>(router_, options_, &metrics_);
    auto st = server_->start();
    ASSERT_TRUE(st.ok()) << st.error().to_string();
    port_ = server_->port();
    ASSERT_NE(port_, 0);
    run_thread_ = std::thread([this] {
      server_->run(false);
      run_returned_ = true;
    });
  }

  void stop_server() {
    if (!server_) return;
    server_->stop();
    if (run_thread_.joinable()) run_thread_.join();
    server_.reset();
  }

  Router router_;
  Metrics metrics_;
  ServerOptions options_;
  std::unique_ptr<Server> server_;
  std::thread run_thread_;
  std::atomic<bool> run_returned_{false};
  std::atomic<bool> slow_started_{false};
  std::chrono::milliseconds slow_for_{600};
  // 40 KB, more than one write buffer, served by every /shared request without a copy.
  std::shared_ptr<const std::string> shared_ =
      std::make_shared<const std::string>("[" + std::string(40'000, '1') + "]");
  std::uint16_t port_ = 0;
  std::filesystem::path web_root_;
};

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  start_server();
  RawClient c(port_);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(c.send(get("/ping")));
    auto r = c.read_response();
    ASSERT_TRUE(r) << "request " << i;
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, R"({"ok":true})");
    EXPECT_EQ(r->header("content-type"), "application/json");
    EXPECT_EQ(r->header("connection"), "");  // HTTP/1.1 default: keep-alive
    EXPECT_FALSE(r->header("date").empty());
  }
}

TEST_F(ServerTest, SharedBodyIsSentWholeAndStaysIntact) {
  start_server();
  RawClient c(port_);
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(c.send(get("/shared")));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->header("content-length"), std::to_string(shared_->size()));
    EXPECT_EQ(r->body, *shared_);
  }
  ASSERT_TRUE(c.send("HEAD /shared HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto head = c.read_response(/*head=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->header("content-length"), std::to_string(shared_->size()));
  EXPECT_TRUE(head->body.empty());
  EXPECT_EQ(shared_->size(), 40'002u);
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  start_server();
  RawClient c(port_);
  ASSERT_TRUE(c.send(get("/items/1") + post("/items/2", "") + get("/items/3")));
  auto a = c.read_response();
  auto b = c.read_response();
  auto d = c.read_response();
  ASSERT_TRUE(a && b && d);
  EXPECT_EQ(a->body, "item 1");
  EXPECT_EQ(b->status, 201);
  EXPECT_EQ(b->body, "made 2");
  EXPECT_EQ(d->body, "item 3");
}

TEST_F(ServerTest, Http10ClosesUnlessKeepAliveAsked) {
  start_server();
  RawClient c(port_);
  ASSERT_TRUE(c.send("GET /ping HTTP/1.0\r\n\r\n"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_TRUE(c.closed_by_peer(2s));
}

// A body whose length the server would have to guess is never handed to a handler, and what
// follows it is never served as a request of its own (request smuggling, RFC 9112 §6.3).
TEST_F(ServerTest, TransferEncodingOtherThanChunkedAloneIsRefusedThenClose) {
  start_server();
  const std::pair<const char*, int> cases[] = {
      {"gzip", 400}, {"xchunked", 400}, {"chunked, identity", 400}, {"gzip, chunked", 501},
      {"", 400},     {" , ", 400}};  // present but empty frames nothing either
  for (const auto& [coding, status] : cases) {
    RawClient c(port_);
    ASSERT_TRUE(c.send(std::string("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: ") +
                       coding + "\r\n\r\nGET /ping HTTP/1.1\r\nHost: t\r\n\r\n"));
    auto r = c.read_response();
    ASSERT_TRUE(r) << coding;
    EXPECT_EQ(r->status, status) << coding << ": " << r->body;
    EXPECT_EQ(error_code_of(*r), "INVALID_ARGUMENT") << coding;
    EXPECT_NE(r->body.find("Transfer-Encoding"), std::string::npos) << r->body;
    EXPECT_EQ(r->header("connection"), "close") << coding;
    EXPECT_FALSE(c.read_response()) << coding << ": the smuggled GET was answered";
  }
  {
    // HTTP/1.0 has no Transfer-Encoding: such a message is faulty (RFC 9112 §6.1).
    RawClient old(port_);
    ASSERT_TRUE(
        old.send("POST /echo HTTP/1.0\r\nConnection: keep-alive\r\n"
                 "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"));
    auto r = old.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << r->body;
    EXPECT_TRUE(old.closed_by_peer(2s));
  }
  // Two Transfer-Encoding lines are one list: "gzip" then "chunked" is still not chunked alone.
  RawClient c(port_);
  ASSERT_TRUE(
      c.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n"
             "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 501) << r->body;
}

TEST_F(ServerTest, Http11WithoutExactlyOneHostIs400ThenClose) {
  start_server();
  for (const char* headers : {"", "Host: a\r\nHost: b\r\n"}) {
    RawClient c(port_);
    ASSERT_TRUE(c.send(std::string("GET /ping HTTP/1.1\r\n") + headers + "\r\n"));
    auto r = c.read_response();
    ASSERT_TRUE(r) << headers;
    EXPECT_EQ(r->status, 400) << headers;
    EXPECT_NE(r->body.find("Host"), std::string::npos) << r->body;
    EXPECT_TRUE(c.closed_by_peer(2s));
  }
  // HTTP/1.0 never required one (Http10ClosesUnlessKeepAliveAsked).
}

TEST_F(ServerTest, MalformedRequestLineIs400JsonThenClose) {
  start_server();
  RawClient c(port_);
  ASSERT_TRUE(c.send("THIS IS NOT HTTP\r\n\r\n"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(error_code_of(*r), "INVALID_ARGUMENT");
  EXPECT_EQ(r->header("connection"), "close");
  EXPECT_TRUE(c.closed_by_peer(3s));
}

TEST_F(ServerTest, BadHeaderLineIs400) {
  start_server();
  auto r = testing::request(port_, "GET /ping HTTP/1.1\r\nHost t\r\nno colon here\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(error_code_of(*r), "INVALID_ARGUMENT");
}

TEST_F(ServerTest, OversizedHeaderIs431) {
  start_server();
  RawClient c(port_);
  ASSERT_TRUE(c.send(get("/ping", "X-Big: " + std::string(4000, 'x') + "\r\n")));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 431);
  EXPECT_EQ(error_code_of(*r), "PAYLOAD_TOO_LARGE");
  EXPECT_TRUE(c.closed_by_peer(3s));
}

TEST_F(ServerTest, OversizedBodyIs413WithTheRouteRenderer) {
  start_server();
  const std::string big(5000, 'a');
  auto r = testing::request(port_, post("/echo", big));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(error_code_of(*r), "PAYLOAD_TOO_LARGE");
  // Under /octo the OCTO renderer shapes the body.
  auto o = testing::request(port_, post("/octo/bookings", big));
  ASSERT_TRUE(o);
  EXPECT_EQ(o->status, 413);
  EXPECT_EQ(o->body, R"({"error":"OCTO","errorMessage":"PAYLOAD_TOO_LARGE"})");
}

TEST_F(ServerTest, ClientStillUploadingAnOversizedBodyGetsThe413NotAReset) {
  start_server();
  // The 413 goes out after the headers; the client keeps sending 8 MB it cannot know are
  // unwanted. Closing with those bytes unread would reset the connection and lose the answer
  // (found by octo_fuzz_test as "Failed sending data to the peer").
  const std::size_t size = 8u << 20;
  RawClient c(port_, 10s);
  ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " + std::to_string(size) +
                     "\r\n\r\n" + std::string(size, 'a')));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(error_code_of(*r), "PAYLOAD_TOO_LARGE");
  EXPECT_TRUE(c.closed_by_peer(3s));
}

TEST_F(ServerTest, InvalidTargetIs400WithTheRenderOfWhereItWasSent) {
  start_server();
  // A path that decodes to a NUL byte is refused before routing...
  auto r = testing::request(port_, get("/items/%00"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(error_code_of(*r), "INVALID_ARGUMENT");
  // ...and under /octo the refusal is still an OCTO error body (found by octo_fuzz_test).
  auto o = testing::request(port_, post("/octo/bookings/%00", "{}"));
  ASSERT_TRUE(o);
  EXPECT_EQ(o->status, 400);
  EXPECT_EQ(o->body, R"({"error":"OCTO","errorMessage":"INVALID_ARGUMENT"})");
}

TEST_F(ServerTest, BodyLimitOverridesApplyPerPathPrefix) {
  router_.post("/big/{id}",
               [](Request& r) { return Response::text(200, std::to_string(r.body.size())); });
  router_.post("/tiny/{id}",
               [](Request& r) { return Response::text(200, std::to_string(r.body.size())); });
  options_.body_limit_overrides = {{"/big/", 4096}, {"/tiny/", 10}};
  start_server();
  auto big_ok = testing::request(port_, post("/big/1", std::string(3000, 'a')));
  ASSERT_TRUE(big_ok);
  EXPECT_EQ(big_ok->status, 200);
  EXPECT_EQ(big_ok->body, "3000");
  auto big_over = testing::request(port_, post("/big/1", std::string(5000, 'a')));
  ASSERT_TRUE(big_over);
  EXPECT_EQ(big_over->status, 413);
  EXPECT_NE(big_over->body.find("over 4096 bytes"), std::string::npos) << big_over->body;
  auto elsewhere = testing::request(port_, post("/echo", std::string(3000, 'a')));
  ASSERT_TRUE(elsewhere);
  EXPECT_EQ(elsewhere->status, 413);  // the default 1024 still holds outside the prefix
  auto tiny = testing::request(port_, post("/tiny/1", std::string(11, 'a')));
  ASSERT_TRUE(tiny);
  EXPECT_EQ(tiny->status, 413);
  // Chunked bodies (no Content-Length) are held to the path's limit too.
  std::string chunked = "POST /tiny/1 HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  chunked += "20\r\n" + std::string(32, 'a') + "\r\n0\r\n\r\n";
  auto tiny_chunked = testing::request(port_, chunked);
  ASSERT_TRUE(tiny_chunked);
  EXPECT_EQ(tiny_chunked->status, 413);
}

TEST_F(ServerTest, ChunkedBodyOverTheLimitIs413) {
  start_server();
  std::string req = "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 4; ++i) req += "200\r\n" + std::string(512, 'a') + "\r\n";
  req += "0\r\n\r\n";
  auto r = testing::request(port_, req);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
}

TEST_F(ServerTest, InvalidJsonIs400WithJsonErrorBody) {
  start_server();
  RawClient c(port_);
  ASSERT_TRUE(c.send(post("/echo", R"({"name": )")));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(error_code_of(*r), "INVALID_ARGUMENT");
  EXPECT_NE(r->body.find("invalid JSON at offset"), std::string::npos) << r->body;
  // The connection stays usable: the request was well-framed HTTP.
  ASSERT_TRUE(c.send(post("/echo", R"({"name":"Ana"})")));
  auto ok = c.read_response();
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(ok->body, R"({"name":"Ana"})");
  // A mistyped field names the field.
  ASSERT_TRUE(c.send(post("/echo", R"({"name":42})")));
  auto typed = c.read_response();
  ASSERT_TRUE(typed);
  EXPECT_EQ(typed->status, 400);
  EXPECT_NE(typed->body.find(R"("field":"name")"), std::string::npos) << typed->body;
}

TEST_F(ServerTest, UnknownRouteIs404Json) {
  start_server();
  auto r = testing::request(port_, "DELETE /nope HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(error_code_of(*r), "NOT_FOUND");
}

TEST_F(ServerTest, WrongMethodIs405WithAllow) {
  start_server();
  auto r = testing::request(port_, "PATCH /items/7 HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 405);
  EXPECT_EQ(r->header("allow"), "GET, HEAD, POST, DELETE");
  EXPECT_EQ(error_code_of(*r), "METHOD_NOT_ALLOWED");
}

TEST_F(ServerTest, HandlerThatThrowsIs500AndTheConnectionSurvives) {
  start_server();
  RawClient c(port_);
  ASSERT_TRUE(c.send(get("/throw")));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(error_code_of(*r), "INTERNAL");
  EXPECT_EQ(r->body.find("boom"), std::string::npos) << "internal detail leaked";
  ASSERT_TRUE(c.send(get("/ping")));
  auto next = c.read_response();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
}

TEST_F(ServerTest, PartialRequestIsTimedOut) {
  start_server();
  RawClient c(port_);
  ASSERT_TRUE(c.send("GET /ping HTTP/1.1\r\nHost: t\r\n"));  // never finished
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.closed_by_peer(3s));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
  // Trickling bytes does not extend the deadline: the whole request must arrive in time.
  RawClient slow(port_);
  ASSERT_TRUE(slow.send("GET /ping HTTP/1.1\r\n"));
  bool closed = false;
  for (int i = 0; i < 20 && !closed; ++i) {
    std::this_thread::sleep_for(100ms);
    closed = !slow.send("X-A: b\r\n");
  }
  EXPECT_TRUE(closed || slow.closed_by_peer(1s));
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosedAfterIdleTimeout) {
  options_.idle_timeout = 300ms;
  start_server();
  RawClient c(port_);
  ASSERT_TRUE(c.send(get("/ping")));
  ASSERT_TRUE(c.read_response());
  EXPECT_TRUE(c.closed_by_peer(2s));
}

TEST_F(ServerTest, GracefulShutdownFinishesInFlightRequest) {
  start_server();
  RawClient busy(port_);
  RawClient idle(port_);
  ASSERT_TRUE(idle.send(get("/ping")));
  ASSERT_TRUE(idle.read_response());
  ASSERT_TRUE(busy.send(get("/slow")));
  for (int i = 0; i < 200 && !slow_started_; ++i) std::this_thread::sleep_for(5ms);
  ASSERT_TRUE(slow_started_);
  server_->stop();
  // The idle keep-alive connection is closed at once; the slow request still gets its answer.
  EXPECT_TRUE(idle.closed_by_peer(1s));
  auto r = busy.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "slow done");
  EXPECT_EQ(r->header("connection"), "close");
  busy.close();
  run_thread_.join();
  EXPECT_TRUE(run_returned_);
  // No longer accepting.
  RawClient late(port_);
  EXPECT_TRUE(!late.connected() || !late.send(get("/ping")) || !late.read_response());
}

TEST_F(ServerTest, ShutdownGraceBoundsAStuckRequest) {
  options_.shutdown_grace = 200ms;
  slow_for_ = 1500ms;
  start_server();
  RawClient busy(port_);
  ASSERT_TRUE(busy.send(get("/slow")));
  for (int i = 0; i < 200 && !slow_started_; ++i) std::this_thread::sleep_for(5ms);
  const auto t0 = std::chrono::steady_clock::now();
  server_->stop();
  run_thread_.join();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 1200ms);
}

TEST_F(ServerTest, ConnectionsOverTheCapGet503) {
  options_.max_connections = 2;
  start_server();
  RawClient a(port_), b(port_);
  ASSERT_TRUE(a.send(get("/ping")) && a.read_response());
  ASSERT_TRUE(b.send(get("/ping")) && b.read_response());
  RawClient c(port_);
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(error_code_of(*r), "UNAVAILABLE");
  EXPECT_TRUE(c.closed_by_peer(3s));
  // Once one closes, a new connection is served.
  a.close();
  std::optional<RawResponse> later;
  for (int i = 0; i < 50; ++i) {
    later = testing::request(port_, get("/ping"));
    if (later && later->status == 200) break;
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_TRUE(later);
  EXPECT_EQ(later->status, 200);
}

TEST_F(ServerTest, HeadSendsHeadersOnly) {
  start_server();
  RawClient c(port_);
  ASSERT_TRUE(c.send("HEAD /ping HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto r = c.read_response(/*head=*/true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("content-length"), "11");
  // Nothing follows the header: the next response starts right away.
  ASSERT_TRUE(c.send(get("/items/9")));
  auto next = c.read_response();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body, "item 9");
}

TEST_F(ServerTest, NoContentHasNoBodyAndBadStatusIs500) {
  start_server();
  RawClient c(port_);
  ASSERT_TRUE(
      c.send("DELETE /items/3 HTTP/1.1\r\nHost: t\r\n\r\n" + get("/badstatus") + get("/ping")));
  auto none = c.read_response();
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 204);
  EXPECT_EQ(none->header("content-length"), "");
  auto bad = c.read_response();
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 500);
  auto ping = c.read_response();  // framing intact after both
  ASSERT_TRUE(ping);
  EXPECT_EQ(ping->status, 200);
}

TEST_F(ServerTest, RequestIdIsEchoedWhenSaneElseGenerated) {
  start_server();
  auto r = testing::request(port_, get("/whoami?q=a%20b+c", "X-Request-Id: abc-123\r\n"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header("x-request-id"), "abc-123");
  EXPECT_EQ(r->body, "127.0.0.1 abc-123 /whoami a b c");
  auto g = testing::request(port_, get("/whoami", "X-Request-Id: <script>\r\n"));
  ASSERT_TRUE(g);
  EXPECT_EQ(g->header("x-request-id").size(), 16u);
  EXPECT_NE(g->header("x-request-id"), "<script>");
}

TEST_F(ServerTest, AccessLogLineWithSecretsRedacted) {
  auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(64);
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("test", sink));
  options_.access_log = true;
  start_server();
  auto r = testing::request(
      port_, get("/whoami?q=1&reset_token=s3cr3t&apiKey=k3y&x=2", "X-Request-Id: log-1\r\n"));
  ASSERT_TRUE(r);
  std::vector<std::string> lines;
  for (int i = 0; i < 100 && lines.empty(); ++i) {  // logged after the write completes
    lines = sink->last_formatted();
    if (lines.empty()) std::this_thread::sleep_for(10ms);
  }
  stop_server();
  spdlog::set_default_logger(previous);
  ASSERT_FALSE(lines.empty());
  const std::string& line = lines.front();
  EXPECT_NE(line.find("GET /whoami?q=1&reset_token=REDACTED&apiKey=REDACTED&x=2 200 "),
            std::string::npos)
      << line;
  EXPECT_EQ(line.find("s3cr3t"), std::string::npos) << line;
  EXPECT_EQ(line.find("k3y"), std::string::npos) << line;
  EXPECT_NE(line.find("us id=log-1 remote=127.0.0.1"), std::string::npos) << line;
}

TEST_F(ServerTest, MultiLineHeaderValuesBecomeSeveralHeaders) {
  start_server();
  auto r = testing::request(port_, get("/headers", "X-Test: hi\r\n"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "hi");
  EXPECT_EQ(r->header("set-cookie"), "a=1; Path=/\nb=2; Path=/");  // two header lines
}

TEST_F(ServerTest, ExpectContinueIsHonoured) {
  start_server();
  RawClient c(port_);
  const std::string body = R"({"name":"Bo"})";
  ASSERT_TRUE(
      c.send(fmt::format("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\n"
                         "Content-Length: {}\r\n\r\n",
                         body.size())));
  auto cont = c.read_response(/*head=*/true);
  ASSERT_TRUE(cont);
  EXPECT_EQ(cont->status, 100);
  ASSERT_TRUE(c.send(body));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, body);
}

TEST_F(ServerTest, PortInUseIsUnavailableWithAddress) {
  start_server();
  ServerOptions o = options_;
  o.port = port_;
  Server second(router_, o, nullptr);
  auto st = second.start();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(st.error().message, fmt::format("127.0.0.1:{}: Address already in use", port_));
}

TEST_F(ServerTest, StaticFilesAndSpaFallback) {
  start_server();
  auto index = testing::request(port_, get("/"));
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->body, "<!doctype html><title>Paseo</title>");
  EXPECT_EQ(index->header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(index->header("cache-control"), "no-cache");

  auto js = testing::request(port_, get("/assets/app-1234abcd.js"));
  ASSERT_TRUE(js);
  EXPECT_EQ(js->status, 200);
  EXPECT_EQ(js->body, "console.log('paseo');");
  EXPECT_EQ(js->header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(js->header("cache-control"), "public, max-age=31536000, immutable");

  auto head =
      testing::request(port_, "HEAD /assets/app-1234abcd.js HTTP/1.1\r\nHost: t\r\n\r\n", true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->header("content-length"), "21");

  auto spa = testing::request(port_, get("/tours/42"));
  ASSERT_TRUE(spa);
  EXPECT_EQ(spa->status, 200);
  EXPECT_EQ(spa->body, "<!doctype html><title>Paseo</title>");

  auto missing = testing::request(port_, get("/assets/gone-0000.js"));
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(error_code_of(*missing), "NOT_FOUND");

  // POST to an unrouted path is not the fallback's business.
  auto post_missing = testing::request(port_, post("/tours/42", "{}"));
  ASSERT_TRUE(post_missing);
  EXPECT_EQ(post_missing->status, 404);
}

TEST_F(ServerTest, PathTraversalNeverLeavesTheWebRoot) {
  start_server();
  for (const char* target : {"/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt",
                             "/..%5csecret.txt", "/assets/%2e%2e/%2e%2e/secret.txt",
                             "/%00/../secret.txt", "//etc/passwd", "/./../secret.txt"}) {
    auto r = testing::request(port_, get(target));
    ASSERT_TRUE(r) << target;
    // Extension-less paths may get the SPA's index.html; never the file outside the root.
    if (std::string_view(target).find(".txt") != std::string_view::npos) {
      EXPECT_NE(r->status, 200) << target;
    }
    EXPECT_EQ(r->body.find("top secret"), std::string::npos) << target;
    EXPECT_EQ(r->body.find("root:"), std::string::npos) << target;
  }
  // A symlink inside the root pointing outside it is not followed.
  std::filesystem::create_symlink(web_root_ / "secret.txt", web_root_ / "dist" / "link.txt");
  auto link = testing::request(port_, get("/link.txt"));
  ASSERT_TRUE(link);
  EXPECT_EQ(link->status, 404);
}

TEST_F(ServerTest, MetricsCountRequestsPerRoute) {
  start_server();
  ASSERT_TRUE(testing::request(port_, get("/items/1")));
  ASSERT_TRUE(testing::request(port_, get("/items/2")));
  ASSERT_TRUE(testing::request(port_, get("/nope.png")));
  // Metrics are recorded once the write completes, which may be just after the client has read.
  std::string text;
  for (int i = 0; i < 100; ++i) {
    text = metrics_.render();
    if (text.find("fallback") != std::string::npos) break;
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_NE(
      text.find(R"(paseo_http_requests_total{method="GET",route="/items/{id}",status="200"} 2)"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(route="fallback",status="404"} 1)"), std::string::npos) << text;
  EXPECT_NE(text.find("paseo_http_connections_total 3"), std::string::npos) << text;
}

TEST_F(ServerTest, SlowHandlerDoesNotBlockOtherConnections) {
  slow_for_ = 1500ms;
  start_server();
  RawClient busy(port_);
  ASSERT_TRUE(busy.send(get("/slow")));
  for (int i = 0; i < 200 && !slow_started_; ++i) std::this_thread::sleep_for(5ms);
  ASSERT_TRUE(slow_started_);
  const auto t0 = std::chrono::steady_clock::now();
  auto r = testing::request(port_, get("/ping"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 1000ms);
  ASSERT_TRUE(busy.read_response());
}

TEST_F(ServerTest, SlowlorisCrowdDoesNotStopService) {
  start_server();
  std::vector<std::unique_ptr<RawClient>> crowd;
  for (int i = 0; i < 30; ++i) {
    crowd.push_back(std::make_unique<RawClient>(port_));
    ASSERT_TRUE(
        crowd.back()->send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n{"));
  }
  auto r = testing::request(port_, get("/ping"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  for (auto& c : crowd) EXPECT_TRUE(c->closed_by_peer(3s));
}

TEST_F(ServerTest, RandomGarbageNeverBreaksTheServer) {
  start_server();
  std::mt19937 rng(20261123);
  const std::vector<std::string> seeds = {get("/ping"), post("/echo", R"({"name":"x"})"),
                                          "GET /items/%zz%00 HTTP/1.1\r\nHost: t\r\n\r\n"};
  for (int i = 0; i < 150; ++i) {
    std::string bytes;
    if (i % 3 == 0) {
      const std::size_t n = 1 + rng() % 600;
      for (std::size_t k = 0; k < n; ++k) bytes.push_back(static_cast<char>(rng() % 256));
    } else {
      // A valid request with a few bytes flipped.
      bytes = seeds[rng() % seeds.size()];
      for (int k = 0; k < 3; ++k) bytes[rng() % bytes.size()] = static_cast<char>(rng() % 256);
    }
    bytes += "\r\n\r\n";
    RawClient c(port_, 2s);
    ASSERT_TRUE(c.connected());
    c.send(bytes);
    // Either an answer or a closed connection: never a hang past the read timeout.
    if (auto r = c.read_response()) {
      EXPECT_GE(r->status, 200) << i;
    }
  }
  auto ok = testing::request(port_, get("/ping"));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST_F(ServerTest, ManyConcurrentClients) {
  start_server();
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 8; ++t) {
    clients.emplace_back([&, t] {
      RawClient c(port_);
      for (int i = 0; i < 50; ++i) {
        if (!c.send(get("/items/" + std::to_string(t * 100 + i)))) return;
        auto r = c.read_response();
        if (r && r->body == "item " + std::to_string(t * 100 + i)) ++ok;
      }
    });
  }
  for (auto& th : clients) th.join();
  EXPECT_EQ(ok, 400);
}

}  // namespace
}  // namespace paseo::http
