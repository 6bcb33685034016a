#include "accounts_fixture.h"

#include <fmt/format.h>
#include <unistd.h>

#include "../http/test_client.h"
#include "api/octo/octo_routes.h"
#include "api/v1/accounts_routes.h"
#include "api/v1/auth_guard.h"
#include "app/accounts/accounts.h"
#include "app/email_templates.h"
#include "storage/migrate.h"

namespace paseo::accounts_test {

std::string Reply::str(std::string_view key) const {
  return std::string(root().valid() ? root().get(key).as_string() : "");
}
std::string Reply::error_code() const {
  return root().valid() ? std::string(root().get("error").get("code").as_string()) : "";
}
std::string Reply::error_key() const {
  return root().valid() ? std::string(root().get("error").get("key").as_string()) : "";
}

std::string Reply::error_param(std::string_view name) const {
  return root().valid() ? std::string(root().get("error").get("params").get(name).as_string()) : "";
}

std::string Reply::error_field() const {
  return root().valid() ? std::string(root().get("error").get("field").as_string()) : "";
}

Reply Client::call(const std::string& method, const std::string& target, const std::string& body,
                   const std::string& content_type, std::optional<std::string> csrf_override) {
  std::string raw = method + " " + target + " HTTP/1.1\r\nHost: t\r\nUser-Agent: accounts-test\r\n";
  if (!cookies.empty()) {
    std::string c;
    for (const auto& [k, v] : cookies) c += (c.empty() ? "" : "; ") + k + "=" + v;
    raw += "Cookie: " + c + "\r\n";
  }
  for (const auto& [name, value] : headers) raw += name + ": " + value + "\r\n";
  if (csrf_override) {
    if (!csrf_override->empty()) raw += "X-CSRF-Token: " + *csrf_override + "\r\n";
  } else if (method != "GET" && cookies.count("paseo_csrf")) {
    raw += "X-CSRF-Token: " + cookies["paseo_csrf"] + "\r\n";
  }
  if (method != "GET") {
    raw += "Content-Type: " + content_type + "\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n";
  }
  raw += "\r\n" + body;
  if (clock_) clock_->advance(std::chrono::milliseconds(1));
  Reply out;
  auto r = http::testing::request(port_, raw);
  if (!r) {
    out.status = -1;
    return out;
  }
  out.status = r->status;
  out.headers = r->headers;
  out.body = r->body;
  if (auto doc = http::parse_json(out.body); doc.ok()) out.json = std::move(doc).value();
  // Cookies: each Set-Cookie line "name=value; attrs"; Max-Age=0 deletes.
  std::string sc = out.header("set-cookie");
  std::size_t pos = 0;
  while (pos < sc.size()) {
    std::size_t nl = sc.find('\n', pos);
    std::string line = sc.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    pos = nl == std::string::npos ? sc.size() : nl + 1;
    std::size_t eq = line.find('='), semi = line.find(';');
    if (eq == std::string::npos) continue;
    std::string name = line.substr(0, eq);
    std::string value =
        line.substr(eq + 1, semi == std::string::npos ? std::string::npos : semi - eq - 1);
    if (value.empty() || line.find("Max-Age=0") != std::string::npos) {
      cookies.erase(name);
    } else {
      cookies[name] = value;
    }
  }
  return out;
}

void AccountsFixture::SetUp() {
  dir_ = std::filesystem::temp_directory_path() /
         fmt::format("paseo-accounts-{}-{}", ::getpid(),
                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(dir_);
  std::filesystem::create_directories(dir_);
#ifdef PASEO_ACCOUNTS_TEST_PG
  constexpr auto kBackend = storage::testing::TestBackend::kPostgres;
#else
  constexpr auto kBackend = storage::testing::TestBackend::kSqliteFile;
#endif
  PASEO_SKIP_OR_FAIL_WITHOUT_PG(kBackend);
  auto tdb = storage::testing::TestDatabase::create(kBackend);
  ASSERT_TRUE(tdb.ok()) << tdb.error().to_string();
  tdb_ = std::move(tdb).value();
  db_ = &tdb_->db();
  auto m = storage::migrate(*db_);
  ASSERT_TRUE(m.ok()) << m.error().to_string();
  ctx_ = std::make_unique<api::ApiContext>(
      api::ApiContext{*db_, clock_, nullptr, (dir_ / "data").string(), "https://paseo.test", ""});
  api::v1::register_accounts_routes(router_, *ctx_);
  // /octo too: admin contracts decide which products a reseller's API key sees there.
  api::register_octo_routes(router_, *ctx_);
  // How another /api/v1 area uses the guard (api/v1/auth_guard.h).
  auto guarded = [this](http::Request& req) -> http::Response {
    auto caller = api::v1::require_session(req, *ctx_, api::v1::Role::kPlatformStaff,
                                           api::v1::Role::kSupplierStaff);
    if (!caller.ok()) return api::v1::error_reply(caller.error());
    http::JsonWriter w;
    w.start_object();
    w.field("userId", caller->user_id);
    w.field("organisationId", caller->organisation_id);
    w.field("organisationKind", caller->organisation_kind);
    w.field("isOwner", caller->has_role(api::v1::Role::kSupplierOwner));
    w.field("isStaff", caller->has_role(api::v1::Role::kSupplierStaff));
    w.field("activeSupplier", api::v1::require_active_supplier(*caller).ok());
    w.end_object();
    return http::Response::json(200, w.take());
  };
  router_.get("/test/guarded", guarded);
  router_.post("/test/guarded", guarded);
  router_.get("/test/any", [this](http::Request& req) -> http::Response {
    auto caller = api::v1::require_session(req, *ctx_);
    if (!caller.ok()) return api::v1::error_reply(caller.error());
    return http::Response::json(200, "{}");
  });
  http::ServerOptions opts;
  opts.port = 0;
  opts.io_threads = 1;
  opts.worker_threads = 4;
  opts.access_log = false;
  api::v1::configure_server_limits(opts);  // 10 MiB uploads; 1 MiB elsewhere
  server_ = std::make_unique<http::Server>(router_, opts, nullptr);
  auto st = server_->start();
  ASSERT_TRUE(st.ok()) << st.error().to_string();
  port_ = server_->port();
  thread_ = std::thread([this] { server_->run(false); });
}

void AccountsFixture::TearDown() {
  // Contract with the email templates: every email the accounts code enqueued renders in its
  // locale with no missing variable.
  if (db_) {
    struct Row {
      std::string tmpl, locale, vars;
    };
    auto rows =
        db_->read_value<std::vector<Row>>([](storage::Connection& c) -> Result<std::vector<Row>> {
          PASEO_ASSIGN_OR_RETURN(auto q, c.query("SELECT template, locale, vars FROM outbox"));
          std::vector<Row> out;
          for (const auto& r : q.rows)
            out.push_back({r.get_string(0), r.get_string(1), r.get_string(2)});
          return out;
        });
    if (rows.ok()) {
      for (const auto& r : *rows) {
        auto vars = app::decode_email_vars(r.vars);
        ASSERT_TRUE(vars.ok()) << r.vars;
        auto rendered = app::render_email(r.tmpl, r.locale, *vars);
        ASSERT_TRUE(rendered.ok()) << r.tmpl << ": " << rendered.error().to_string();
        EXPECT_TRUE(rendered->missing_vars.empty())
            << r.tmpl << " misses "
            << (rendered->missing_vars.empty() ? "" : rendered->missing_vars[0]);
        EXPECT_FALSE(rendered->subject.empty()) << r.tmpl;
      }
    }
  }
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
  tdb_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

Client AccountsFixture::admin() {
  auto st =
      app::accounts::ensure_platform_admin(*db_, "admin@paseo.test", "admin password 1", now());
  EXPECT_TRUE(st.ok()) << st.error().to_string();
  return login("admin@paseo.test", "admin password 1");
}

Client AccountsFixture::login(const std::string& email, const std::string& password) {
  Client c = client();
  Reply r = c.post("/api/v1/auth/login",
                   fmt::format(R"({{"email":"{}","password":"{}"}})", email, password));
  EXPECT_EQ(r.status, 200) << r.body;
  return c;
}

std::string AccountsFixture::apply(const std::string& company, const std::string& email,
                                   const std::string& password) {
  Client c = client();
  Reply r = c.post(
      "/api/v1/applications",
      fmt::format(
          R"({{"companyName":"{}","contactName":"Lucía Gómez","email":"{}",)"
          R"("password":"{}","phone":"+34 600 123 456",)"
          R"("destinations":["Madrid","Toledo"],"activityKinds":"walking tours, food tours",)"
          R"("website":"https://example.com","message":"Hola","locale":"es"}})",
          company, email, password));
  EXPECT_EQ(r.status, 201) << r.body;
  return std::string(r.root().get("application").get("id").as_string());
}

void AccountsFixture::approve(Client& admin, const std::string& id) {
  Reply r =
      admin.post("/api/v1/admin/applications/" + id + "/status", R"({"status":"under_review"})");
  ASSERT_EQ(r.status, 200) << r.body;
  r = admin.post("/api/v1/admin/applications/" + id + "/status", R"({"status":"approved"})");
  ASSERT_EQ(r.status, 200) << r.body;
}

std::string AccountsFixture::outbox_var(const std::string& template_name, const std::string& to,
                                        const std::string& var) {
  auto vars = db_->read_value<std::string>([&](storage::Connection& c) -> Result<std::string> {
    PASEO_ASSIGN_OR_RETURN(auto rows,
                           c.query("SELECT vars FROM outbox WHERE template = $1 AND recipient = $2"
                                   " ORDER BY created_at DESC LIMIT 1",
                                   {template_name, to}));
    return rows.empty() ? std::string() : rows.front().get_string(0);
  });
  if (!vars.ok() || vars->empty()) return "";
  auto decoded = app::decode_email_vars(*vars);
  if (!decoded.ok()) return "";
  auto it = decoded->find(var);
  return it == decoded->end() ? "" : it->second;
}

int AccountsFixture::outbox_count(const std::string& template_name, const std::string& to) {
  auto n = db_->read_value<std::int64_t>([&](storage::Connection& c) -> Result<std::int64_t> {
    PASEO_ASSIGN_OR_RETURN(
        auto rows, c.query("SELECT COUNT(*) FROM outbox WHERE template = $1 AND recipient = $2",
                           {template_name, to}));
    return rows.front().get_int(0);
  });
  return n.ok() ? static_cast<int>(*n) : -1;
}

std::string AccountsFixture::token_from_url(const std::string& url) {
  auto p = url.find("token=");
  return p == std::string::npos ? "" : url.substr(p + 6);
}

std::string pdf_bytes(std::size_t size) {
  std::string s = "%PDF-1.7\n";
  s.resize(size, 'x');
  return s;
}

std::string png_bytes() {
  return std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) + std::string(100, 'p');
}

}  // namespace paseo::accounts_test
