#include "harness.h"

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <vector>

#include <curl/curl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "storage/migrate.h"

namespace paseo::testing {

namespace {

std::string make_temp_dir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "paseo-extranet-XXXXXX").string();
  char* made = ::mkdtemp(tmpl.data());
  if (made == nullptr) std::abort();
  return tmpl;
}

size_t write_body(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

size_t write_header(char* data, size_t size, size_t n, void* user) {
  auto* headers = static_cast<std::map<std::string, std::string>*>(user);
  std::string line(data, size * n);
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ')) value.erase(0, 1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.pop_back();
    (*headers)[name] = value;
  }
  return size * n;
}

}  // namespace

http::JsonDocument HttpReply::json() const {
  auto doc = http::parse_json(body);
  EXPECT_TRUE(doc.ok()) << "not JSON (status " << status << "): " << body;
  if (!doc.ok()) return http::JsonDocument{};
  return std::move(doc).value();
}

namespace {
// A string member of the body's "error" object, reached through `path`; "" when absent.
std::string error_member(const std::string& body, std::initializer_list<std::string_view> path) {
  auto doc = http::parse_json(body);
  if (!doc.ok()) return "";
  auto v = doc->root().get("error");
  for (auto name : path) v = v.valid() ? v.get(name) : v;
  return v.valid() ? std::string(v.as_string()) : "";
}
}  // namespace

std::string HttpReply::error_code() const { return error_member(body, {"code"}); }
std::string HttpReply::error_field() const { return error_member(body, {"field"}); }
std::string HttpReply::error_key() const { return error_member(body, {"key"}); }
std::string HttpReply::error_param(std::string_view name) const {
  return error_member(body, {"params", name});
}

TestServer::TestServer(std::optional<Instant> now, storage::testing::TestBackend backend)
    : clock_(now.value_or(SystemClock().now())) {
  dir_ = make_temp_dir();
  data_dir_ = dir_ + "/data";
  std::filesystem::create_directories(data_dir_);
  if (backend == storage::testing::TestBackend::kPostgres) {
    auto tdb = storage::testing::TestDatabase::create(backend);
    if (!tdb.ok()) {
      ADD_FAILURE() << tdb.error().to_string();
      std::abort();
    }
    pg_ = std::move(tdb).value();
    db_ = &pg_->db();
  } else {
    auto db = storage::open_database("sqlite:" + dir_ + "/paseo.db");
    if (!db.ok()) {
      ADD_FAILURE() << db.error().to_string();
      std::abort();
    }
    owned_db_ = std::move(db).value();
    db_ = owned_db_.get();
  }
  auto migrated = storage::migrate(*db_);
  if (!migrated.ok()) {
    ADD_FAILURE() << migrated.error().to_string();
    std::abort();
  }
  ctx_ = std::make_unique<api::ApiContext>(
      api::ApiContext{*db_, clock_, &metrics_, data_dir_, "http://127.0.0.1", ""});
  api::register_routes(router_, *ctx_);
  http::ServerOptions options;
  options.port = 0;
  options.io_threads = 1;
  options.worker_threads = 4;
  options.access_log = false;
  options.max_body_bytes = 16 << 20;
  server_ = std::make_unique<http::Server>(router_, options, &metrics_);
  auto started = server_->start();
  if (!started.ok()) {
    ADD_FAILURE() << started.error().to_string();
    std::abort();
  }
  thread_ = std::thread([this] { server_->run(false); });
}

TestServer::~TestServer() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
  if (owned_db_) owned_db_->close();
  pg_.reset();  // closes and drops the schema
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string TestServer::base_url() const {
  return "http://127.0.0.1:" + std::to_string(server_->port());
}

HttpClient::HttpClient(std::string base_url) : base_url_(std::move(base_url)) {
  static const bool init = [] { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }();
  (void)init;
  curl_ = curl_easy_init();
  curl_easy_setopt(static_cast<CURL*>(curl_), CURLOPT_COOKIEFILE, "");  // in-memory cookie jar
}

HttpClient::~HttpClient() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

std::string HttpClient::cookie(std::string_view name) const {
  struct curl_slist* cookies = nullptr;
  curl_easy_getinfo(static_cast<CURL*>(curl_), CURLINFO_COOKIELIST, &cookies);
  std::string value;
  for (auto* c = cookies; c != nullptr; c = c->next) {
    // Netscape format: domain, tailmatch, path, secure, expires, name, value (tab separated).
    std::istringstream fields(c->data);
    std::string f[7];
    for (auto& x : f) std::getline(fields, x, '\t');
    if (f[5] == name) value = f[6];
  }
  curl_slist_free_all(cookies);
  return value;
}

HttpReply HttpClient::request(std::string_view method, std::string_view path, std::string_view body,
                              std::string_view content_type) {
  CURL* c = static_cast<CURL*>(curl_);
  HttpReply reply;
  std::string url = base_url_ + std::string(path);
  std::string method_s(method);
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method_s.c_str());
  curl_easy_setopt(c, CURLOPT_NOBODY, method == "HEAD" ? 1L : 0L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &reply.body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, write_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &reply.headers);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
  struct curl_slist* headers = nullptr;
  std::string csrf = cookie("paseo_csrf");
  std::string csrf_header = "X-CSRF-Token: " + csrf;
  if (!csrf.empty() && send_csrf_) headers = curl_slist_append(headers, csrf_header.c_str());
  std::string ct = "Content-Type: " + std::string(content_type);
  if (method != "GET" && method != "HEAD" && method != "DELETE") {
    headers = curl_slist_append(headers, ct.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  } else {
    // Back to a body-less request (after a POST the handle would otherwise wait for a body),
    // then set the verb.
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method_s.c_str());
  }
  std::vector<std::string> extra;
  for (const auto& [name, value] : extra_headers_) extra.push_back(name + ": " + value);
  for (const auto& h : extra) headers = curl_slist_append(headers, h.c_str());
  headers = curl_slist_append(headers, "Expect:");
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  CURLcode rc = curl_easy_perform(c);
  curl_slist_free_all(headers);
  EXPECT_EQ(rc, CURLE_OK) << method << " " << path << ": " << curl_easy_strerror(rc);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply.status);
  return reply;
}

HttpReply HttpClient::get(std::string_view path) { return request("GET", path, ""); }
HttpReply HttpClient::post(std::string_view path, std::string_view b) {
  return request("POST", path, b);
}
HttpReply HttpClient::put(std::string_view path, std::string_view b) {
  return request("PUT", path, b);
}
HttpReply HttpClient::patch(std::string_view path, std::string_view b) {
  return request("PATCH", path, b);
}
HttpReply HttpClient::del(std::string_view path) { return request("DELETE", path, ""); }

std::string url_encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : s) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out.push_back(static_cast<char>(ch));
    } else {
      out.push_back('%');
      out.push_back(hex[ch >> 4]);
      out.push_back(hex[ch & 15]);
    }
  }
  return out;
}

}  // namespace paseo::testing
