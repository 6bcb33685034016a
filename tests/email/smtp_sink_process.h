// Test helper: runs tests/support/smtp_sink.py (a real SMTP server, Debian's python3-aiosmtpd) as
// a child process and reads back what it received.
//
//   auto sink = SmtpSinkProcess::start();          // free port, fresh directory
//   ... deliver to sink->url() ...
//   auto received = sink->messages();               // every message, in arrival order
//   sink->kill();  sink->restart();                 // an outage, then back on the same port
//
// The interpreter is /usr/bin/python3 (where Debian installs aiosmtpd), or PASEO_TEST_PYTHON.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <sys/types.h>

#include "common/result.h"

namespace paseo::testing {

struct ReceivedEmail {
  std::string mail_from;              // envelope sender
  std::vector<std::string> rcpt_tos;  // envelope recipients
  std::string subject;                // RFC 2047 decoded
  std::string from;                   // decoded header
  std::string to;
  std::string date;
  std::string message_id;
  std::string content_type;  // of the whole message, e.g. "multipart/mixed"
  std::string text;          // decoded text/plain body ("" when absent)
  std::string html;          // decoded text/html body ("" when absent)
  bool has_text = false;
  bool has_html = false;
  std::string raw;  // the message as received
};

struct SmtpSinkOptions {
  std::string user;  // AUTH required when set
  std::string password;
  std::string tls_cert;  // PEM files: offer STARTTLS, or implicit TLS with implicit_tls
  std::string tls_key;
  bool implicit_tls = false;
};

class SmtpSinkProcess {
 public:
  // Starts the server on a free loopback port and waits until it accepts connections.
  static Result<std::unique_ptr<SmtpSinkProcess>> start(SmtpSinkOptions options = {});
  ~SmtpSinkProcess();  // terminates the server and removes its directory

  int port() const { return port_; }
  // "smtp://127.0.0.1:PORT" (or smtps:// with implicit TLS).
  std::string url() const;

  // Kills the server at once (SIGKILL: an outage, not a clean shutdown) and reaps it.
  void kill();
  // Starts it again on the same port with the same directory (received messages are kept).
  Status restart();
  bool running() const { return pid_ > 0; }

  // Every message received so far, in arrival order.
  std::vector<ReceivedEmail> messages() const;
  // Polls until at least `count` messages arrived or `timeout` passed; returns what arrived.
  std::vector<ReceivedEmail> wait_for(std::size_t count, std::chrono::milliseconds timeout) const;

 private:
  SmtpSinkProcess() = default;
  Status spawn();

  SmtpSinkOptions options_;
  std::string dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

// A TCP port on 127.0.0.1 that was free a moment ago.
Result<int> free_loopback_port();

}  // namespace paseo::testing
