// A deliberately dumb HTTP/1.1 client over a POSIX socket, so tests control every byte sent
// (pipelining, malformed requests, partial requests) and see exactly what the server answers.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace paseo::http::testing {

struct RawResponse {
  int status = 0;
  std::string reason;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

class RawClient {
 public:
  // Connects to 127.0.0.1:port; every read waits at most `timeout`.
  explicit RawClient(std::uint16_t port,
                     std::chrono::milliseconds timeout = std::chrono::seconds(5));
  ~RawClient();
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool connected() const { return fd_ >= 0; }
  bool send(std::string_view bytes);
  // Reads one response (Content-Length framed; `head` for responses to HEAD). nullopt on close,
  // timeout or garbage.
  std::optional<RawResponse> read_response(bool head = false);
  // True when the server closed the connection (EOF or reset) within `within`, after any bytes.
  bool closed_by_peer(std::chrono::milliseconds within);
  // Bytes received but not yet consumed by read_response().
  const std::string& pending() const { return buffer_; }
  void close();

 private:
  bool fill(std::chrono::steady_clock::time_point deadline);
  int fd_ = -1;
  std::chrono::milliseconds timeout_;
  std::string buffer_;
};

// One request on a fresh connection.
std::optional<RawResponse> request(std::uint16_t port, std::string_view raw, bool head = false);

}  // namespace paseo::http::testing
