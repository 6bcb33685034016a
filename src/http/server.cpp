#include "http/server.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <csignal>
#include <ctime>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>  // must precede Asio in Boost 1.74 (asio#944)
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <pthread.h>
#include <spdlog/spdlog.h>

#include "common/random.h"
#include "http/errors.h"

namespace paseo::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr auto kUseAwaitable = asio::use_awaitable;
// After the last response on a connection, what the client still sends is drained before
// closing, so that the kernel does not answer unread bytes with a RST that destroys the response
// (a client still uploading a body over the limit would see a reset instead of its 413). As
// nginx's lingering close: until the client stops sending for kLingerIdle, and at most kLingerTime
// and kLingerBytes in all.
constexpr std::chrono::milliseconds kLingerIdle{1000};
constexpr std::chrono::milliseconds kLingerTime{5000};
constexpr std::size_t kLingerBytes = 16 << 20;

Method to_method(bhttp::verb v) {
  switch (v) {
    case bhttp::verb::get:
      return Method::kGet;
    case bhttp::verb::head:
      return Method::kHead;
    case bhttp::verb::post:
      return Method::kPost;
    case bhttp::verb::put:
      return Method::kPut;
    case bhttp::verb::patch:
      return Method::kPatch;
    case bhttp::verb::delete_:
      return Method::kDelete;
    case bhttp::verb::options:
      return Method::kOptions;
    default:
      return Method::kOther;
  }
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes; `plus_is_space` for query strings. Invalid escapes are kept verbatim.
std::string percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      const int hi = hex_value(s[i + 1]);
      const int lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_is_space && c == '+' ? ' ' : c);
  }
  return out;
}

// An incoming X-Request-Id is reused (to follow a request through a proxy) only when it is short
// and made of harmless characters; it ends up in logs and response headers.
bool sane_request_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

// The target for the access log, with the values of secret-looking query parameters replaced:
// reset and invitation links carry tokens, and logs are kept longer and read by more people than
// the database that stores only the tokens' hashes.
std::string redact_target(std::string_view target) {
  const std::size_t q = target.find('?');
  if (q == std::string_view::npos) return std::string(target);
  static constexpr std::array<std::string_view, 7> kSecret = {"token", "key", "secret", "password",
                                                              "code",  "sig", "session"};
  std::string out(target.substr(0, q + 1));
  std::string_view rest = target.substr(q + 1);
  bool first = true;
  while (true) {
    const std::size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    const std::size_t eq = pair.find('=');
    std::string name(pair.substr(0, eq));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const bool secret = eq != std::string_view::npos &&
                        std::any_of(kSecret.begin(), kSecret.end(), [&](std::string_view k) {
                          return name.find(k) != std::string::npos;
                        });
    if (!first) out += '&';
    first = false;
    if (secret) {
      out.append(pair.substr(0, eq + 1)).append("REDACTED");
    } else {
      out.append(pair);
    }
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return out;
}

// IMF-fixdate for the Date header, formatted once per second per thread.
std::string_view http_date() {
  thread_local std::time_t cached_second = 0;
  thread_local char buf[64];
  const std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    cached_second = now;
  }
  return buf;
}

// Fills path/query from a request target. Origin form ("/a?b") is the norm; absolute form
// ("http://host/a") is accepted as RFC 9112 requires. kInvalidArgument for anything else or for a
// path that decodes to a NUL byte.
Status parse_target(std::string_view target, Request& req) {
  std::string_view t = target;
  if (t.empty()) return Error::invalid_argument("empty request target");
  if (t.front() != '/') {
    const std::size_t scheme = t.find("://");
    if (scheme == std::string_view::npos || scheme == 0) {
      return Error::invalid_argument("unsupported request target");
    }
    const std::size_t slash = t.find('/', scheme + 3);
    t = slash == std::string_view::npos ? std::string_view("/") : t.substr(slash);
  }
  const std::size_t hash = t.find('#');
  if (hash != std::string_view::npos) t = t.substr(0, hash);
  const std::size_t q = t.find('?');
  req.path = percent_decode(t.substr(0, q), false);
  if (req.path.find('\0') != std::string::npos) return Error::invalid_argument("invalid path");
  if (q != std::string_view::npos) {
    std::string_view rest = t.substr(q + 1);
    while (!rest.empty()) {
      const std::size_t amp = rest.find('&');
      std::string_view pair = rest.substr(0, amp);
      rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
      if (pair.empty()) continue;
      const std::size_t eq = pair.find('=');
      std::string key = percent_decode(pair.substr(0, eq), true);
      std::string value =
          eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1), true);
      req.query[std::move(key)] = std::move(value);
    }
  }
  return ok_status();
}

// A request whose body length cannot be trusted (RFC 9112 §6.1, §6.3, §3.2): a Transfer-Encoding
// other than "chunked" alone, or an HTTP/1.1 request without exactly one Host. Beast would frame
// "Transfer-Encoding: gzip" as a request without a body and parse the body as the next request:
// behind a proxy that frames it otherwise, a request smuggled past it. Such a request gets one
// error and the connection closes. Returns the status (400, or 501 for a coding Paseo does not
// decode) and the message; nullopt when the framing is sound.
template <class Header>
std::optional<std::pair<unsigned, std::string>> framing_problem(const Header& h) {
  std::string codings;
  bool transfer_encoding = false;  // present, even empty: "Transfer-Encoding:" frames nothing
  int hosts = 0;
  for (const auto& f : h) {
    if (f.name() == bhttp::field::transfer_encoding) {
      transfer_encoding = true;
      if (!codings.empty()) codings += ',';
      codings += f.value();
    } else if (f.name() == bhttp::field::host) {
      ++hosts;
    }
  }
  if (h.version() >= 11 && hosts != 1) {
    return std::pair<unsigned, std::string>{
        400, hosts == 0 ? "an HTTP/1.1 request needs a Host header" : "more than one Host header"};
  }
  if (!transfer_encoding) return std::nullopt;
  if (h.version() < 11) {  // RFC 9112 §6.1: a 1.0 message with it is faulty
    return std::pair<unsigned, std::string>{400, "Transfer-Encoding is not HTTP/1.0"};
  }
  std::vector<std::string> list;
  for (std::string_view rest = codings; !rest.empty();) {
    const auto comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (!item.empty()) list.emplace_back(item);
  }
  if (list.empty() || !beast::iequals(list.back(), "chunked")) {
    return std::pair<unsigned, std::string>{
        400, "Transfer-Encoding must end with chunked: the body's length is unknown"};
  }
  if (list.size() > 1) {
    return std::pair<unsigned, std::string>{
        501, "Transfer-Encoding '" + codings + "' is not supported; send chunked alone"};
  }
  return std::nullopt;
}

// Copies the header fields; repeated fields are joined as RFC 9110 allows ("; " for Cookie).
template <typename Fields>
void copy_headers(const Fields& fields, Headers& out) {
  for (const auto& f : fields) {
    std::string name(f.name_string());
    auto it = out.find(name);
    if (it == out.end()) {
      out.emplace(std::move(name), std::string(f.value()));
    } else {
      it->second += beast::iequals(name, "cookie") ? "; " : ", ";
      it->second += f.value();
    }
  }
}

bool is_http_error(const beast::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category();
}

bool body_not_allowed(int status) {
  return (status >= 100 && status < 200) || status == 204 || status == 304;
}

struct Session {
  explicit Session(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  std::string remote;
  bool idle = false;  // waiting for the next request; touched on the session's io thread only
};

}  // namespace

struct Server::Impl {
  Impl(const Router& r, ServerOptions o, Metrics* m)
      : router(r),
        opts(std::move(o)),
        metrics(m),
        workers(static_cast<std::size_t>(std::max(1, opts.worker_threads))),
        quick_readers(static_cast<std::size_t>(opts.quick_read_threads > 0 ? opts.quick_read_threads
                                                                           : io_thread_count())),
        io(make_io_contexts(io_thread_count())),
        control(asio::make_strand(*io.front())),
        acceptor(control),
        grace_timer(control),
        retry_timer(control) {}

  ~Impl() {
    // Handlers still running on the pool reference the router and sessions: wait for them before
    // the io_context (and with it every suspended coroutine) is destroyed.
    workers.join();
    quick_readers.join();
  }

  // One single-threaded io_context per I/O thread, connections dealt round-robin: a connection's
  // handlers stay on one thread without strands (workers still post results back, which Asio's
  // concurrency hint 1 allows). Measured in bench/octo: the io threads share the socket work
  // evenly.
  static std::vector<std::unique_ptr<asio::io_context>> make_io_contexts(int n) {
    std::vector<std::unique_ptr<asio::io_context>> out;
    for (int i = 0; i < n; ++i) out.push_back(std::make_unique<asio::io_context>(1));
    return out;
  }
  asio::io_context& next_io_context() {
    return *io[next_io.fetch_add(1, std::memory_order_relaxed) % io.size()];
  }

  int io_thread_count() const {
    if (opts.io_threads > 0) return opts.io_threads;
    return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  }

  Status start();
  void run(bool handle_signals);
  void stop();

  asio::awaitable<void> accept_loop();
  asio::awaitable<void> reject(tcp::socket socket);
  asio::awaitable<void> session(std::shared_ptr<Session> s);
  asio::awaitable<void> lingering_close(Session& s);
  template <typename Body>
  asio::awaitable<beast::error_code> write_message(Session& s, bhttp::response<Body>& msg,
                                                   bool head);
  asio::awaitable<std::pair<int, std::uint64_t>> send_response(Session& s, const Request& req,
                                                               Response res, unsigned version,
                                                               bool keep_alive, bool& write_failed);
  void on_session_end(Session* s);
  void finish_shutdown();
  void log_access(const Request& req, int status, std::uint64_t bytes,
                  std::chrono::microseconds us);

  const Router& router;
  ServerOptions opts;
  Metrics* metrics;

  std::atomic<bool> stopping{false};
  std::atomic<bool> started{false};
  std::uint16_t bound_port = 0;

  std::mutex sessions_mu;
  std::map<Session*, std::weak_ptr<Session>> sessions;

  // Declaration order matters for destruction: the pool is joined in ~Impl, then the io_context
  // goes (destroying suspended coroutines, which only touch members declared above it).
  asio::thread_pool workers;
  asio::thread_pool quick_readers;                    // Lane::kQuickRead handlers
  std::vector<std::unique_ptr<asio::io_context>> io;  // io[0] also hosts `control`
  std::atomic<std::size_t> next_io{0};
  asio::strand<asio::io_context::executor_type> control;  // acceptor, signals, shutdown
  tcp::acceptor acceptor;
  asio::steady_timer grace_timer;
  asio::steady_timer retry_timer;
  std::optional<asio::signal_set> signals;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> work;
};

Status Server::Impl::start() {
  beast::error_code ec;
  auto fail = [&](std::string_view what) -> Status {
    return Error::unavailable(fmt::format("{}:{}: {}{}", opts.host, opts.port, what, ec.message()));
  };
  tcp::endpoint endpoint;
  const auto address = asio::ip::make_address(opts.host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, opts.port);
  } else {
    tcp::resolver resolver(*io.front());
    auto results = resolver.resolve(opts.host, std::to_string(opts.port),
                                    tcp::resolver::passive | tcp::resolver::address_configured, ec);
    if (ec || results.empty()) return fail("cannot resolve host: ");
    endpoint = results.begin()->endpoint();
  }
  acceptor.open(endpoint.protocol(), ec);
  if (ec) return fail("");
  acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  acceptor.bind(endpoint, ec);
  if (ec) {
    acceptor.close();
    return fail("");
  }
  acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    acceptor.close();
    return fail("");
  }
  bound_port = acceptor.local_endpoint().port();
  for (auto& c : io) work.emplace_back(c->get_executor());
  started = true;
  asio::co_spawn(control, accept_loop(), [](std::exception_ptr e) {
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        spdlog::error("http accept loop failed: {}", ex.what());
      }
    }
  });
  return ok_status();
}

void Server::Impl::run(bool handle_signals) {
  if (!started) return;
  if (handle_signals) {
    asio::post(control, [this] {
      if (stopping) return;  // stop() ran first; a signal_set now would keep run() alive
      signals.emplace(control, SIGINT, SIGTERM);
      signals->async_wait([this](const beast::error_code& ec, int signo) {
        if (ec) return;
        spdlog::info("signal {} received: shutting down", signo);
        stop();
      });
    });
  }
  std::vector<std::thread> threads;
  threads.reserve(io.size() - 1);
  for (std::size_t i = 1; i < io.size(); ++i) {
    threads.emplace_back([this, i] {
      pthread_setname_np(pthread_self(), "paseo-io");
      io[i]->run();
    });
  }
  io.front()->run();
  for (auto& t : threads) t.join();
}

void Server::Impl::stop() {
  if (stopping.exchange(true)) return;
  asio::post(control, [this] {
    beast::error_code ec;
    acceptor.close(ec);
    retry_timer.cancel();
    if (signals) signals->cancel(ec);
    std::vector<std::shared_ptr<Session>> live;
    {
      std::lock_guard lock(sessions_mu);
      for (auto& [raw, weak] : sessions) {
        if (auto s = weak.lock()) live.push_back(std::move(s));
      }
    }
    // Idle keep-alive connections close now; busy ones close after their current response.
    for (auto& s : live) {
      asio::post(s->stream.get_executor(), [s] {
        if (s->idle) s->stream.cancel();
      });
    }
    if (live.empty()) {
      finish_shutdown();
      return;
    }
    spdlog::info("http: waiting up to {} ms for {} connection(s)", opts.shutdown_grace.count(),
                 live.size());
    grace_timer.expires_after(opts.shutdown_grace);
    grace_timer.async_wait([this](const beast::error_code& wait_ec) {
      if (wait_ec) return;  // cancelled: everything finished in time
      spdlog::warn("http: shutdown grace period over; dropping remaining connections");
      for (auto& c : io) c->stop();
    });
  });
}

void Server::Impl::finish_shutdown() {
  grace_timer.cancel();
  work.clear();  // run() returns once the last handlers complete
}

void Server::Impl::on_session_end(Session* s) {
  bool last = false;
  {
    std::lock_guard lock(sessions_mu);
    sessions.erase(s);
    last = sessions.empty();
  }
  if (metrics) metrics->connection_closed();
  if (last && stopping) asio::post(control, [this] { finish_shutdown(); });
}

asio::awaitable<void> Server::Impl::accept_loop() {
  for (;;) {
    beast::error_code ec;
    // Each io_context has one thread, so a connection's handlers never run concurrently: no strand.
    tcp::socket socket =
        co_await acceptor.async_accept(next_io_context(), asio::redirect_error(kUseAwaitable, ec));
    if (stopping) {
      if (!ec) socket.close(ec);
      co_return;
    }
    if (ec) {
      if (ec == asio::error::operation_aborted) co_return;
      // Out of file descriptors and the like: back off instead of spinning.
      spdlog::warn("http accept failed: {}", ec.message());
      retry_timer.expires_after(std::chrono::milliseconds(50));
      co_await retry_timer.async_wait(asio::redirect_error(kUseAwaitable, ec));
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    std::size_t open = 0;
    {
      std::lock_guard lock(sessions_mu);
      open = sessions.size();
    }
    if (open >= static_cast<std::size_t>(std::max(0, opts.max_connections))) {
      auto ex = socket.get_executor();
      asio::co_spawn(ex, reject(std::move(socket)), asio::detached);
      continue;
    }
    auto s = std::make_shared<Session>(std::move(socket));
    auto remote = s->stream.socket().remote_endpoint(ec);
    if (!ec) s->remote = remote.address().to_string();
    {
      std::lock_guard lock(sessions_mu);
      sessions.emplace(s.get(), s);
    }
    if (metrics) metrics->connection_opened();
    Session* raw = s.get();
    asio::co_spawn(s->stream.get_executor(), session(s), [this, raw](std::exception_ptr e) {
      if (e) {
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          spdlog::error("http session failed: {}", ex.what());
        } catch (...) {
          spdlog::error("http session failed");
        }
      }
      on_session_end(raw);
    });
  }
}

// Over the connection cap: a short 503 and close, without reading the request.
asio::awaitable<void> Server::Impl::reject(tcp::socket socket) {
  static const std::string kResponse = [] {
    const Response r = error_response(Error::unavailable("too many connections; retry later"));
    return fmt::format(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
        "Content-Length: {}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n{}",
        r.body.size(), r.body);
  }();
  Session s(std::move(socket));
  s.stream.expires_after(std::chrono::seconds(2));
  beast::error_code ec;
  co_await asio::async_write(s.stream, asio::buffer(kResponse),
                             asio::redirect_error(kUseAwaitable, ec));
  if (!ec) co_await lingering_close(s);
}

asio::awaitable<void> Server::Impl::lingering_close(Session& s) {
  beast::error_code ec;
  s.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (!ec) {
    const auto deadline = Clock::now() + kLingerTime;
    std::array<char, 4096> sink;
    std::size_t drained = 0;
    while (drained < kLingerBytes) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) break;
      s.stream.expires_after(std::min(kLingerIdle, left));
      const std::size_t n = co_await s.stream.async_read_some(
          asio::buffer(sink), asio::redirect_error(kUseAwaitable, ec));
      if (ec) break;
      drained += n;
    }
  }
  s.stream.socket().close(ec);
}

template <typename Body>
asio::awaitable<beast::error_code> Server::Impl::write_message(Session& s,
                                                               bhttp::response<Body>& msg,
                                                               bool head) {
  beast::error_code ec;
  s.stream.expires_after(std::max(opts.read_timeout, opts.idle_timeout));
  if (head) {
    bhttp::response_serializer<Body> sr(msg);
    co_await bhttp::async_write_header(s.stream, sr, asio::redirect_error(kUseAwaitable, ec));
  } else {
    co_await bhttp::async_write(s.stream, msg, asio::redirect_error(kUseAwaitable, ec));
  }
  co_return ec;
}

// Writes `res`; returns the status and body bytes sent (for the access log).
asio::awaitable<std::pair<int, std::uint64_t>> Server::Impl::send_response(
    Session& s, const Request& req, Response res, unsigned version, bool keep_alive,
    bool& write_failed) {
  const bool head = req.method == Method::kHead;
  auto fill = [&](auto& msg) {
    for (const auto& [name, value] : res.headers) {
      if (name.empty() || name.find_first_of("\r\n: ") != std::string::npos) continue;
      // Framing is the server's business.
      if (beast::iequals(name, "content-length") || beast::iequals(name, "transfer-encoding") ||
          beast::iequals(name, "connection")) {
        continue;
      }
      // A value may hold several lines (e.g. two Set-Cookie): one header line each. CR never
      // passes.
      std::string_view rest = value;
      while (true) {
        const std::size_t nl = rest.find('\n');
        std::string_view line = rest.substr(0, nl);
        if (!line.empty() && line.find('\r') == std::string_view::npos) msg.insert(name, line);
        if (nl == std::string_view::npos) break;
        rest.remove_prefix(nl + 1);
      }
    }
    msg.set(bhttp::field::date, http_date());
    msg.set("X-Request-Id", req.request_id);
    msg.keep_alive(keep_alive);
  };

  if (res.status < 200 || res.status > 599) {
    // 1xx cannot be a final response and anything else is not HTTP: a handler bug.
    spdlog::error("handler for {} returned status {} (request {})", req.path, res.status,
                  req.request_id);
    res = router.render_error(req, Error::internal("invalid status"));
  }
  beast::error_code ec;
  if (!res.file_path.empty() && res.status == 200) {
    bhttp::file_body::value_type file;
    file.open(res.file_path.c_str(), beast::file_mode::scan, ec);
    if (!ec) {
      const std::uint64_t size = file.size();
      bhttp::response<bhttp::file_body> msg{bhttp::status::ok, version, std::move(file)};
      fill(msg);
      msg.content_length(size);
      ec = co_await write_message(s, msg, head);
      write_failed = static_cast<bool>(ec);
      co_return std::make_pair(200, head ? 0 : size);
    }
    spdlog::warn("cannot open {} for {}: {}", res.file_path, req.path, ec.message());
    res = router.render_error(req, Error::not_found("not found"));
  }

  if (res.shared_body && !body_not_allowed(res.status)) {
    // Keeps the shared string alive (res owns a reference) until the write completes.
    bhttp::response<bhttp::span_body<const char>> msg{static_cast<bhttp::status>(res.status),
                                                      version};
    msg.body() = {res.shared_body->data(), res.shared_body->size()};
    fill(msg);
    msg.content_length(res.shared_body->size());
    const std::uint64_t bytes = head ? 0 : res.shared_body->size();
    ec = co_await write_message(s, msg, head);
    write_failed = static_cast<bool>(ec);
    co_return std::make_pair(res.status, bytes);
  }
  bhttp::response<bhttp::string_body> msg{static_cast<bhttp::status>(res.status), version};
  if (body_not_allowed(res.status)) res.body.clear();
  msg.body() = std::move(res.body);
  fill(msg);
  if (!body_not_allowed(res.status)) msg.content_length(msg.body().size());
  const std::uint64_t bytes = head ? 0 : msg.body().size();
  ec = co_await write_message(s, msg, head);
  write_failed = static_cast<bool>(ec);
  co_return std::make_pair(res.status, bytes);
}

void Server::Impl::log_access(const Request& req, int status, std::uint64_t bytes,
                              std::chrono::microseconds us) {
  if (!opts.access_log) return;
  spdlog::info("{} {} {} {}B {}us id={} remote={}", method_name(req.method),
               redact_target(req.target), status, bytes, us.count(), req.request_id,
               req.remote_address);
}

asio::awaitable<void> Server::Impl::session(std::shared_ptr<Session> s) {
  beast::flat_buffer buffer;
  for (;;) {
    beast::error_code ec;
    // Between requests: the idle timeout, and shutdown may close us here.
    if (buffer.size() == 0) {
      if (stopping) break;
      s->idle = true;
      s->stream.expires_after(opts.idle_timeout);
      const std::size_t n = co_await s->stream.async_read_some(
          buffer.prepare(8192), asio::redirect_error(kUseAwaitable, ec));
      s->idle = false;
      if (ec) break;  // EOF, idle timeout, shutdown
      buffer.commit(n);
    }

    // The whole request must arrive within read_timeout (slowloris).
    bhttp::request_parser<bhttp::string_body> parser;
    // The limit depends on the path (body_limit_overrides), known only after the header: parse
    // the header under the largest limit, then apply the path's own.
    std::size_t body_limit = opts.max_body_bytes;
    std::size_t widest = opts.max_body_bytes;
    for (const auto& o : opts.body_limit_overrides) widest = std::max(widest, o.second);
    parser.body_limit(widest);
    parser.header_limit(static_cast<std::uint32_t>(opts.max_header_bytes));
    s->stream.expires_after(opts.read_timeout);
    co_await bhttp::async_read_header(s->stream, buffer, parser,
                                      asio::redirect_error(kUseAwaitable, ec));
    // The start line is known even when the header failed on a Content-Length over `widest`, and
    // the 413 message must name the path's own limit.
    if (!opts.body_limit_overrides.empty()) {
      const std::string_view target = parser.get().target();
      std::size_t matched = 0;
      for (const auto& [prefix, limit] : opts.body_limit_overrides) {
        if (target.substr(0, prefix.size()) == prefix && prefix.size() >= matched) {
          matched = prefix.size();
          body_limit = limit;
        }
      }
    }
    if (!ec && !opts.body_limit_overrides.empty()) {
      if (parser.content_length() && *parser.content_length() > body_limit) {
        ec = bhttp::error::body_limit;
      } else {
        parser.body_limit(body_limit);
      }
    }
    std::optional<std::pair<unsigned, std::string>> framing;
    if (!ec) framing = framing_problem(parser.get());
    if (!ec && !framing && !parser.is_done()) {
      const auto expect = parser.get()[bhttp::field::expect];
      if (beast::iequals(expect, "100-continue")) {
        static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        co_await asio::async_write(s->stream, asio::buffer(kContinue.data(), kContinue.size()),
                                   asio::redirect_error(kUseAwaitable, ec));
      }
      if (!ec)
        co_await bhttp::async_read(s->stream, buffer, parser,
                                   asio::redirect_error(kUseAwaitable, ec));
    }
    const auto t0 = Clock::now();

    Request req;
    req.remote_address = s->remote;
    // The start line is in parser.get() as soon as it is parsed, even when a later header fails
    // (a Content-Length over body_limit): the target picks the error renderer.
    bool target_ok = false;
    {
      const auto& h = parser.get();
      req.method = to_method(h.method());
      req.target = std::string(h.target());
      target_ok = !req.target.empty() && parse_target(req.target, req).ok();
      if (!target_ok) {
        // Nothing is routed on it, but the error still answers in the shape of the API it was
        // sent to ("/octo/%00" gets an OCTO error body): the undecoded path picks the renderer.
        req.path = req.target.substr(0, req.target.find_first_of("?#"));
        if (req.path.empty() || req.path.front() != '/') req.path.clear();
      }
      if (parser.is_header_done()) copy_headers(h, req.headers);
    }
    const std::string_view incoming_id = req.header("X-Request-Id");
    req.request_id = sane_request_id(incoming_id) ? std::string(incoming_id) : random_hex(8);

    if (ec || framing) {
      // Limits and malformed input get one error response, then the connection closes (the
      // stream's framing is lost). Timeouts, resets and EOF just close.
      std::optional<Response> res;
      if (framing) {
        res = router.render_error(req, Error::invalid_argument(framing->second));
        res->status = framing->first;
      } else if (ec == bhttp::error::body_limit) {
        res = router.render_error(
            req, Error::payload_too_large(fmt::format("request body over {} bytes", body_limit))
                     .with_key("upload.tooLarge"));
      } else if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow) {
        res = router.render_error(req, Error::payload_too_large(fmt::format(
                                           "request header over {} bytes", opts.max_header_bytes)));
        res->status = 431;
      } else if (is_http_error(ec) && ec != bhttp::error::end_of_stream &&
                 ec != bhttp::error::partial_message) {
        res = router.render_error(
            req, Error::invalid_argument(fmt::format("malformed HTTP request: {}", ec.message())));
        res->status = 400;
      }
      if (!res) break;
      bool write_failed = false;
      if (req.target.empty()) req.target = "-";
      const unsigned version = parser.is_header_done() ? parser.get().version() : 11;
      auto [status, bytes] =
          co_await send_response(*s, req, std::move(*res), version, false, write_failed);
      const auto us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0);
      if (metrics) metrics->record_request(method_name(req.method), "unmatched", status, us);
      log_access(req, status, bytes, us);
      if (!write_failed) co_await lingering_close(*s);
      break;
    }

    auto& breq = parser.get();
    const unsigned version = breq.version();
    bool keep_alive = breq.keep_alive();
    req.body = std::move(breq.body());

    std::string route = "unmatched";
    Response res;
    if (!target_ok) {
      res = router.render_error(req, Error::invalid_argument("invalid request target"));
      keep_alive = false;
    } else {
      bool threw = false;
      try {
        // The handler may block (database, hashing): it runs on a worker pool (its route's lane),
        // and the coroutine resumes on this connection's io thread with the response.
        const bool quick = router.lane_for(req) == Lane::kQuickRead;
        res = co_await asio::co_spawn(
            quick ? quick_readers : workers,
            [&]() -> asio::awaitable<Response> {
              thread_local const bool named =
                  pthread_setname_np(pthread_self(), quick ? "paseo-quick" : "paseo-worker") == 0;
              (void)named;
              co_return router.dispatch(req, &route);
            },
            kUseAwaitable);
      } catch (const std::exception& e) {
        spdlog::error("request {} failed: {}", req.request_id, e.what());
        threw = true;
      }
      if (threw) res = router.render_error(req, Error::internal("request failed"));
    }

    // Shutting down: answer, then close.
    if (stopping) keep_alive = false;
    bool write_failed = false;
    auto [status, bytes] =
        co_await send_response(*s, req, std::move(res), version, keep_alive, write_failed);
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0);
    if (metrics) metrics->record_request(method_name(req.method), route, status, us);
    log_access(req, status, bytes, us);
    if (write_failed) break;
    if (!keep_alive) {
      co_await lingering_close(*s);
      break;
    }
  }
  beast::error_code ignored;
  s->stream.socket().close(ignored);
}

// ---- Server ----

Server::Server(const Router& router, ServerOptions options, Metrics* metrics)
    : impl_(std::make_unique<Impl>(router, std::move(options), metrics)) {}

Server::~Server() = default;

Status Server::start() { return impl_->start(); }

std::uint16_t Server::port() const { return impl_->bound_port; }

void Server::run(bool handle_signals) { impl_->run(handle_signals); }

void Server::stop() { impl_->stop(); }

}  // namespace paseo::http
