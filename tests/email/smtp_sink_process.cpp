#include "tests/email/smtp_sink_process.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <rapidjson/document.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/random.h"

extern char** environ;

namespace paseo::testing {
namespace {

namespace fs = std::filesystem;

std::string python() {
  const char* p = std::getenv("PASEO_TEST_PYTHON");
  return p != nullptr && *p != '\0' ? p : "/usr/bin/python3";
}

bool can_connect(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string member(const rapidjson::Value& obj, const char* name) {
  auto it = obj.FindMember(name);
  if (it == obj.MemberEnd() || !it->value.IsString()) return "";
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

}  // namespace

Result<int> free_loopback_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return Error::unavailable("socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = 0;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    return Error::unavailable("could not find a free port");
  }
  ::close(fd);
  return static_cast<int>(ntohs(addr.sin_port));
}

Result<std::unique_ptr<SmtpSinkProcess>> SmtpSinkProcess::start(SmtpSinkOptions options) {
  std::unique_ptr<SmtpSinkProcess> sink(new SmtpSinkProcess());
  sink->options_ = std::move(options);
  sink->dir_ = (fs::temp_directory_path() / ("paseo-smtp-sink-" + random_hex(6))).string();
  fs::create_directories(sink->dir_);
  PASEO_ASSIGN_OR_RETURN(sink->port_, free_loopback_port());
  PASEO_RETURN_IF_ERROR(sink->spawn());
  return sink;
}

SmtpSinkProcess::~SmtpSinkProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status = 0;
    // Give it a moment to close cleanly, then insist.
    for (int i = 0; i < 50 && ::waitpid(pid_, &status, WNOHANG) == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      if (i == 49) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
      }
    }
    pid_ = -1;
  }
  std::error_code ec;
  if (!dir_.empty()) fs::remove_all(dir_, ec);
}

std::string SmtpSinkProcess::url() const {
  return std::string(options_.implicit_tls ? "smtps" : "smtp") +
         "://127.0.0.1:" + std::to_string(port_);
}

Status SmtpSinkProcess::spawn() {
  std::vector<std::string> args = {python(), PASEO_SMTP_SINK_PY, std::to_string(port_), dir_};
  if (!options_.user.empty()) {
    args.insert(args.end(), {"--user", options_.user, "--password", options_.password});
  }
  if (!options_.tls_cert.empty()) {
    args.insert(args.end(), {"--tls-cert", options_.tls_cert, "--tls-key", options_.tls_key});
    if (options_.implicit_tls) args.emplace_back("--implicit-tls");
  }
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  // Its "ready" line is not needed (we poll the port); its errors go to the test's stderr.
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    return Error::unavailable("cannot start " + args[0] + ": " + std::strerror(rc));
  }
  pid_ = pid;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return Error::unavailable("smtp_sink.py exited at start (is python3-aiosmtpd installed for " +
                                args[0] + "? is port " + std::to_string(port_) + " taken?)");
    }
    if (can_connect(port_)) return {};
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  kill();
  return Error::unavailable("smtp_sink.py did not listen on port " + std::to_string(port_));
}

void SmtpSinkProcess::kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

Status SmtpSinkProcess::restart() {
  if (pid_ > 0) kill();
  return spawn();
}

std::vector<ReceivedEmail> SmtpSinkProcess::messages() const {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    const fs::path& p = entry.path();
    if (p.extension() == ".json" && p.filename().string()[0] != '.') files.push_back(p);
  }
  // Names start with a per-process counter; after a restart it starts again at 1, so order by
  // modification time first.
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
    std::error_code e;
    auto ta = fs::last_write_time(a, e);
    auto tb = fs::last_write_time(b, e);
    return ta != tb ? ta < tb : a < b;
  });
  std::vector<ReceivedEmail> out;
  for (const fs::path& p : files) {
    rapidjson::Document doc;
    std::string json = read_file(p);
    doc.Parse(json.c_str(), json.size());
    if (doc.HasParseError() || !doc.IsObject()) continue;
    ReceivedEmail e;
    e.mail_from = member(doc, "mail_from");
    if (auto it = doc.FindMember("rcpt_tos"); it != doc.MemberEnd() && it->value.IsArray()) {
      for (const auto& r : it->value.GetArray()) {
        if (r.IsString()) e.rcpt_tos.emplace_back(r.GetString());
      }
    }
    e.subject = member(doc, "subject");
    e.from = member(doc, "from");
    e.to = member(doc, "to");
    e.date = member(doc, "date");
    e.message_id = member(doc, "message_id");
    e.content_type = member(doc, "content_type");
    e.has_text = doc.HasMember("text") && doc["text"].IsString();
    e.has_html = doc.HasMember("html") && doc["html"].IsString();
    e.text = member(doc, "text");
    e.html = member(doc, "html");
    fs::path eml = p;
    eml.replace_extension(".eml");
    e.raw = read_file(eml);
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<ReceivedEmail> SmtpSinkProcess::wait_for(std::size_t count,
                                                     std::chrono::milliseconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    auto got = messages();
    if (got.size() >= count || std::chrono::steady_clock::now() >= deadline) return got;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace paseo::testing
