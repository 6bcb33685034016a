// Accounts, sessions, CSRF, password reset, lockout and rate limits, invitations, the onboarding
// flow to 'active', uploads, admin API and tenant isolation — over real HTTP, on SQLite.
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "accounts_fixture.h"
#include "app/accounts/accounts.h"

namespace paseo::accounts_test {
namespace {

using namespace std::chrono_literals;

constexpr const char* kPw = "a good password 1";

// Distinct suite names per engine, so ctest names (and their sqlite/pg labels) never collide.
#ifdef PASEO_ACCOUNTS_TEST_PG
class AccountsPgTest : public AccountsFixture {};
#define ACCOUNTS_TEST(name) TEST_F(AccountsPgTest, name)
#else
class AccountsTest : public AccountsFixture {};
#define ACCOUNTS_TEST(name) TEST_F(AccountsTest, name)
#endif

std::string app_status(const Reply& r) {
  return std::string(r.root().get("application").get("status").as_string());
}

ACCOUNTS_TEST(ApplyLoginMeAndLogout) {
  apply("Tapas Tours", "Ana@Example.com");
  Client c = client();
  Reply r =
      c.post("/api/v1/auth/login", R"({"email":"ana@example.com","password":"wrong password 1"})");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.error_code(), "UNAUTHENTICATED");
  EXPECT_EQ(r.root().get("error").get("message").as_string(), "email or password is incorrect");
  EXPECT_EQ(r.error_key(), "auth.badCredentials");  // the screens' text in the user's language

  r = c.post("/api/v1/auth/login",
             R"({"email":" ANA@example.com ","password":"a good password 1"})");
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string cookies = r.header("set-cookie");
  EXPECT_NE(cookies.find("paseo_session="), std::string::npos);
  EXPECT_NE(cookies.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookies.find("SameSite=Lax"), std::string::npos);
  EXPECT_EQ(cookies.find("Secure"), std::string::npos);  // plain HTTP in the test
  EXPECT_NE(cookies.find("paseo_csrf="), std::string::npos);
  ASSERT_TRUE(c.cookies.count("paseo_session"));
  ASSERT_TRUE(c.cookies.count("paseo_csrf"));
  EXPECT_EQ(r.str("csrfToken"), c.cookies["paseo_csrf"]);
  // The session token is stored hashed only.
  auto stored =
      db_->read_value<std::int64_t>([&](storage::Connection& conn) -> Result<std::int64_t> {
        PASEO_ASSIGN_OR_RETURN(auto rows,
                               conn.query("SELECT COUNT(*) FROM sessions WHERE token_hash = $1",
                                          {c.cookies["paseo_session"]}));
        return rows.front().get_int(0);
      });
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(*stored, 0);

  r = c.get("/api/v1/auth/me");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.root().get("user").get("email").as_string(), "ana@example.com");
  EXPECT_EQ(r.root().get("user").get("locale").as_string(), "es");
  EXPECT_EQ(r.root().get("user").get("roles").items().at(0).as_string(), "supplier_owner");
  EXPECT_EQ(r.root().get("organisation").get("status").as_string(), "applicant");
  EXPECT_EQ(r.root().get("organisation").get("kind").as_string(), "supplier");
  EXPECT_EQ(c.get("/api/v1/me").status, 200);

  // Logout needs the CSRF header.
  EXPECT_EQ(c.call("POST", "/api/v1/auth/logout", "", "application/json", std::string()).status,
            403);
  r = c.post("/api/v1/auth/logout", "");
  EXPECT_EQ(r.status, 204);
  EXPECT_FALSE(c.cookies.count("paseo_session"));
  EXPECT_EQ(c.get("/api/v1/auth/me").status, 401);
  Client anonymous = client();
  EXPECT_EQ(anonymous.get("/api/v1/auth/me").status, 401);
}

ACCOUNTS_TEST(LogoutEverywhereEndsEverySession) {
  apply("Tapas Tours", "ana@example.com");
  Client laptop = login("ana@example.com");
  Client phone = login("ana@example.com");
  ASSERT_EQ(phone.get("/api/v1/auth/me").status, 200);
  Reply r = laptop.post("/api/v1/auth/logout-all", "");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.root().get("sessionsEnded").as_int(), 2);
  EXPECT_EQ(phone.get("/api/v1/auth/me").status, 401);
  EXPECT_EQ(laptop.get("/api/v1/auth/me").status, 401);
}

ACCOUNTS_TEST(SessionExpiresWhenIdleAndAfterThirtyDays) {
  apply("Tapas Tours", "ana@example.com");
  Client c = login("ana@example.com");
  clock_.advance(13 * 24h);
  EXPECT_EQ(c.get("/api/v1/auth/me").status, 200);  // slides the idle timer
  clock_.advance(13 * 24h);
  EXPECT_EQ(c.get("/api/v1/auth/me").status, 200);
  clock_.advance(4 * 24h + 1min);  // 30 days after login: absolute expiry
  Reply r = c.get("/api/v1/auth/me");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.root().get("error").get("message").as_string(),
            "session expired; please log in again");

  Client idle = login("ana@example.com");
  clock_.advance(14 * 24h + 1min);
  EXPECT_EQ(idle.get("/api/v1/auth/me").status, 401);
}

ACCOUNTS_TEST(CsrfIsRequiredOnStateChangingRequests) {
  apply("Tapas Tours", "ana@example.com");
  apply("Olive Trips", "olga@example.com");
  Client ana = login("ana@example.com");
  Client olga = login("olga@example.com");
  const std::string body = R"({"email":"pablo@example.com","name":"Pablo"})";
  // Missing header.
  Reply r =
      ana.call("POST", "/api/v1/organisation/invitations", body, "application/json", std::string());
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.root().get("error").get("message").as_string(), "missing or invalid CSRF token");
  // Header not matching the cookie.
  EXPECT_EQ(ana.call("POST", "/api/v1/organisation/invitations", body, "application/json",
                     std::string("forged"))
                .status,
            403);
  // Header and cookie agree but belong to another session (cookie injection).
  Client mixed = ana;
  mixed.cookies["paseo_csrf"] = olga.cookies["paseo_csrf"];
  EXPECT_EQ(mixed.post("/api/v1/organisation/invitations", body).status, 403);
  // GET needs no CSRF token; the right token works.
  EXPECT_EQ(ana.call("GET", "/api/v1/organisation/invitations", "", "", std::string()).status, 200);
  EXPECT_EQ(ana.post("/api/v1/organisation/invitations", body).status, 201);
}

// A page on another site cannot post to Paseo's API in the visitor's browser: not the login (login
// CSRF: signing the visitor into the attacker's account), not an application, not a cookie-
// authenticated write even with its CSRF token. The browser says where the request comes from.
ACCOUNTS_TEST(WritesABrowserSendsFromAnotherSiteAreRefused) {
  apply("Tapas Tours", "ana@example.com");
  const std::string credentials = R"({"email":"ana@example.com","password":"a good password 1"})";
  const std::vector<std::map<std::string, std::string>> foreign = {
      {{"Sec-Fetch-Site", "cross-site"}, {"Origin", "https://evil.example"}},
      {{"Origin", "https://evil.example"}},  // a browser without Sec-Fetch-Site
      {{"Origin", "null"}}};
  for (const auto& headers : foreign) {
    Client evil = client();
    evil.headers = headers;
    Reply r = evil.call("POST", "/api/v1/auth/login", credentials, "text/plain");
    EXPECT_EQ(r.status, 403) << r.body;
    EXPECT_EQ(r.error_code(), "PERMISSION_DENIED");
    EXPECT_FALSE(evil.cookies.count("paseo_session"));
    r = evil.post("/api/v1/applications", R"({"companyName":"Evil"})");
    EXPECT_EQ(r.status, 403) << r.body;
  }
  // This site's own pages, and clients that are not browsers, log in as before.
  Client page = client();
  page.headers = {{"Sec-Fetch-Site", "same-origin"}, {"Origin", "http://t"}};
  EXPECT_EQ(page.post("/api/v1/auth/login", credentials).status, 200);
  Client older = client();
  older.headers = {{"Origin", "http://t"}};  // Host: t
  EXPECT_EQ(older.post("/api/v1/auth/login", credentials).status, 200);
  Client ana = login("ana@example.com");
  // Even with the session's cookie and CSRF token, a write from another site is refused.
  ana.headers = {{"Sec-Fetch-Site", "cross-site"}};
  EXPECT_EQ(ana.post("/api/v1/organisation/invitations",
                     R"({"email":"pablo@example.com","name":"Pablo"})")
                .status,
            403);
  EXPECT_EQ(ana.get("/api/v1/auth/me").status, 200);  // reads are not writes
}

ACCOUNTS_TEST(PasswordResetIsSingleUseExpiresAndEndsSessions) {
  apply("Tapas Tours", "ana@example.com");
  Client before = login("ana@example.com");
  Client c = client();
  // Unknown and known emails get the same answer; only the known one gets an email.
  Reply unknown = c.post("/api/v1/auth/password-reset", R"({"email":"nobody@example.com"})");
  Reply known = c.post("/api/v1/auth/password-reset", R"({"email":"ana@example.com"})");
  EXPECT_EQ(unknown.status, 202);
  EXPECT_EQ(known.status, 202);
  EXPECT_EQ(unknown.body, known.body);
  EXPECT_EQ(outbox_count("password_reset", "nobody@example.com"), 0);
  ASSERT_EQ(outbox_count("password_reset", "ana@example.com"), 1);
  EXPECT_EQ(outbox_var("password_reset", "ana@example.com", "expires_minutes"), "60");
  const std::string token =
      token_from_url(outbox_var("password_reset", "ana@example.com", "reset_url"));
  ASSERT_FALSE(token.empty());

  Reply r = c.post("/api/v1/auth/password-reset/confirm",
                   fmt::format(R"({{"token":"{}","password":"short"}})", token));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_field(), "password");
  std::string tampered = token;
  tampered[3] = tampered[3] == 'A' ? 'B' : 'A';
  r = c.post("/api/v1/auth/password-reset/confirm",
             fmt::format(R"({{"token":"{}","password":"brand new secret 2"}})", tampered));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_field(), "token");
  r = c.post("/api/v1/auth/password-reset/confirm",
             fmt::format(R"({{"token":"{}","password":"brand new secret 2"}})", token));
  ASSERT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(before.get("/api/v1/auth/me").status, 401);  // every session ended
  EXPECT_EQ(outbox_count("password_changed", "ana@example.com"), 1);
  // Single use.
  r = c.post("/api/v1/auth/password-reset/confirm",
             fmt::format(R"({{"token":"{}","password":"another secret 3"}})", token));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_field(), "token");
  EXPECT_EQ(client()
                .post("/api/v1/auth/login",
                      R"({"email":"ana@example.com","password":"a good password 1"})")
                .status,
            401);
  login("ana@example.com", "brand new secret 2");

  // A link older than an hour no longer works.
  clock_.advance(2h);  // fresh rate-limit budget too
  ASSERT_EQ(c.post("/api/v1/auth/forgot", R"({"email":"ana@example.com"})").status, 202);
  const std::string late =
      token_from_url(outbox_var("password_reset", "ana@example.com", "reset_url"));
  ASSERT_FALSE(late.empty());
  ASSERT_NE(late, token);
  clock_.advance(61min);
  r = c.post("/api/v1/auth/reset",
             fmt::format(R"({{"token":"{}","newPassword":"brand new secret 4"}})", late));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_field(), "token");
}

ACCOUNTS_TEST(FailedLoginsLockTheAccountWith429) {
  apply("Tapas Tours", "ana@example.com");
  Client c = client();
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(
        c.post("/api/v1/auth/login", R"({"email":"ana@example.com","password":"wrong password 1"})")
            .status,
        401)
        << i;
  }
  Reply r =
      c.post("/api/v1/auth/login", R"({"email":"ana@example.com","password":"wrong password 1"})");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.error_code(), "RATE_LIMITED");
  EXPECT_EQ(r.header("retry-after"), "900");
  EXPECT_EQ(r.error_key(), "auth.tooManyAttempts");
  EXPECT_EQ(r.error_param("seconds"), "900");
  // Even the right password is refused while locked.
  r = c.post("/api/v1/auth/login", R"({"email":"ana@example.com","password":"a good password 1"})");
  EXPECT_EQ(r.status, 429);
  clock_.advance(16min);
  login("ana@example.com");
  // The audit log recorded the lockout.
  Client adm = admin();
  r = adm.get("/api/v1/admin/audit?action=auth.locked");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.root().get("items").size(), 1u);
  EXPECT_EQ(r.root().get("items").items()[0].get("ip").as_string(), "127.0.0.1");
}

ACCOUNTS_TEST(RateLimitsPerAddressAnswer429WithRetryAfter) {
  Client c = client();
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(
        c.post("/api/v1/auth/password-reset", fmt::format(R"({{"email":"u{}@example.com"}})", i))
            .status,
        202);
  }
  Reply r = c.post("/api/v1/auth/password-reset", R"({"email":"u9@example.com"})");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.error_code(), "RATE_LIMITED");
  EXPECT_FALSE(r.header("retry-after").empty());
  EXPECT_GT(std::stoi(r.header("retry-after")), 0);
  clock_.advance(15min);
  EXPECT_EQ(c.post("/api/v1/auth/password-reset", R"({"email":"u9@example.com"})").status, 202);

  // Login: per account budget (10 per 5 minutes) before the per-IP one.
  for (int i = 0; i < 10; ++i) {
    c.post("/api/v1/auth/login", R"({"email":"ghost@example.com","password":"whatever pw 1"})");
  }
  r = c.post("/api/v1/auth/login", R"({"email":"ghost@example.com","password":"whatever pw 1"})");
  EXPECT_EQ(r.status, 429);
}

ACCOUNTS_TEST(ApplicationFormRejectsBadInputWithFieldErrors) {
  Client c = client();
  auto form = [](std::string email, std::string password, std::string extra = "") {
    return fmt::format(
        R"({{"companyName":"Tapas Tours","contactName":"Ana","email":"{}","password":"{}",)"
        R"("destinations":["Madrid"],"activityKinds":["food"]{}}})",
        email, password, extra);
  };
  struct Case {
    std::string body, field, key;  // key: the message key the screens translate
  };
  std::vector<Case> cases = {
      {form("ana@example.com", "short"), "password", "password.tooShort"},
      {form("ana@example.com", "aaaaaaaaaaaaaa"), "password", "password.repeated"},
      {form("ana@example.com", "ANA@example.com"), "password", "password.isEmail"},
      {form("ana@example", kPw), "email", "email.domainDot"},
      {form("ana example.com", kPw), "email", "email.shape"},
      {form("", kPw), "email", "field.required"},
      {form("ana@example.com", kPw, R"x(,"website":"javascript:alert(1)")x"), "website",
       "apply.website"},
      {form("ana@example.com", kPw, R"(,"phone":"call me")"), "phone", "field.phone"},
      {R"({"contactName":"Ana","email":"ana@example.com","password":"a good password 1","destinations":["x"],"activityKinds":["y"]})",
       "companyName", "field.required"},
      {R"({"companyName":"T","contactName":"Ana","email":"ana@example.com","password":"a good password 1","activityKinds":["y"]})",
       "destinations", "apply.entryRequired"},
      {R"({"companyName":"T","contactName":"Ana","email":"ana@example.com","password":"a good password 1","destinations":[1],"activityKinds":["y"]})",
       "destinations", ""},
  };
  for (const auto& k : cases) {
    Reply r = c.post("/api/v1/applications", k.body);
    EXPECT_EQ(r.status, 400) << k.body << " " << r.body;
    EXPECT_EQ(r.error_code(), "INVALID_ARGUMENT") << k.body;
    EXPECT_EQ(r.error_field(), k.field) << k.body << " " << r.body;
    EXPECT_EQ(r.error_key(), k.key) << k.body << " " << r.body;
    if (k.key == "password.tooShort") {
      EXPECT_EQ(r.error_param("min"), "10");
    }
  }
  Reply r = c.post("/api/v1/applications", "{not json");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_code(), "INVALID_ARGUMENT");
  // Nothing half-written.
  auto users = db_->read_value<std::int64_t>([](storage::Connection& conn) -> Result<std::int64_t> {
    PASEO_ASSIGN_OR_RETURN(
        auto rows,
        conn.query("SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM organisations)"));
    return rows.front().get_int(0);
  });
  EXPECT_EQ(*users, 0);
  // Bad attempts count against the per-address budget (10 an hour) too.
  EXPECT_EQ(c.post("/api/v1/applications", form("ana@example.com", kPw)).status, 429);
  clock_.advance(1h);
  // Duplicate registration.
  apply("Tapas Tours", "ana@example.com");
  r = c.post("/api/v1/applications", form("ANA@example.com", kPw));
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.error_code(), "CONFLICT");
  EXPECT_EQ(r.error_field(), "email");
}

ACCOUNTS_TEST(OnboardingFromApplicationToActiveSupplier) {
  Client adm = admin();
  const std::string id = apply("Tapas Tours", "ana@example.com");
  apply("Olive Trips", "olga@example.com");
  Client ana = login("ana@example.com");
  EXPECT_EQ(outbox_var("application_status_changed", "ana@example.com", "status"), "submitted");

  Reply r = ana.get("/api/v1/my/application");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(app_status(r), "submitted");
  EXPECT_EQ(r.root().get("application").get("destinations").size(), 2u);
  EXPECT_EQ(r.root().get("application").get("activityKinds").items()[1].as_string(), "food tours");

  // Staff list and filter.
  r = adm.get("/api/v1/admin/applications?status=submitted");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.root().get("total").as_int(), 2);
  r = adm.get("/api/v1/admin/applications?q=tapas");
  EXPECT_EQ(r.root().get("total").as_int(), 1);
  EXPECT_EQ(r.root().get("items").items()[0].get("id").as_string(), id);
  r = adm.get("/api/v1/admin/applications?q=toledo&status=approved");
  EXPECT_EQ(r.root().get("total").as_int(), 0);
  EXPECT_EQ(adm.get("/api/v1/admin/applications?status=bogus").status, 400);

  // Upload before approval: refused.
  r = ana.call("POST", "/api/v1/my/application/documents/company_registration", pdf_bytes(),
               "application/pdf");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.error_code(), "FAILED_PRECONDITION");

  const std::string base = "/api/v1/admin/applications/" + id;
  EXPECT_EQ(adm.post(base + "/status", R"({"status":"approved"})").status,
            409);  // not from submitted
  ASSERT_EQ(adm.post(base + "/status", R"({"status":"under_review"})").status, 200);
  r = adm.post(base + "/status", R"({"status":"info_requested"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_field(), "reason");
  EXPECT_EQ(r.error_key(), "apply.infoNeededRequired");
  ASSERT_EQ(
      adm.post(base + "/status", R"({"status":"info_requested","reason":"Send photos"})").status,
      200);
  EXPECT_EQ(outbox_var("application_status_changed", "ana@example.com", "reason"), "Send photos");
  r = ana.post("/api/v1/my/application/reply", R"({"message":"Photos at https://example.com/p"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(app_status(r), "under_review");
  ASSERT_EQ(adm.post(base + "/status", R"({"status":"approved"})").status, 200);
  EXPECT_EQ(outbox_var("application_status_changed", "ana@example.com", "status"), "approved");
  EXPECT_EQ(outbox_var("application_status_changed", "ana@example.com", "status_url"),
            "https://paseo.test/my/application");

  // Uploads: type from the bytes, size, expiry, kind.
  r = ana.call("POST", "/api/v1/my/application/documents/company_registration?filename=cert.pdf",
               "GIF89a not a pdf", "application/pdf");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_field(), "file");
  r = ana.call("POST", "/api/v1/my/application/documents/passport", pdf_bytes(), "application/pdf");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_field(), "kind");
  r = ana.call("POST", "/api/v1/my/application/documents/liability_insurance", pdf_bytes(),
               "application/pdf");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_field(), "expiresOn");
  r = ana.call("POST", "/api/v1/my/application/documents/liability_insurance?expiresOn=2020-01-01",
               pdf_bytes(), "application/pdf");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_field(), "expiresOn");
  r = ana.call("POST", "/api/v1/my/application/documents/bank_account", pdf_bytes((10u << 20) + 1),
               "application/pdf");
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.error_code(), "PAYLOAD_TOO_LARGE");

  // Other routes keep the server's 1 MiB limit.
  r = ana.post("/api/v1/my/application/reply", std::string(2u << 20, ' '));
  EXPECT_EQ(r.status, 413);
  const std::string registration = pdf_bytes(10u << 20);  // exactly 10 MiB is fine
  r = ana.call("POST", "/api/v1/my/application/documents/company_registration?filename=cert.png",
               registration, "image/png");
  ASSERT_EQ(r.status, 201) << r.body.substr(0, 300);
  EXPECT_EQ(r.root().get("document").get("contentType").as_string(), "application/pdf");
  EXPECT_EQ(r.root().get("document").get("sha256").as_string().size(), 64u);
  r = ana.get("/api/v1/my/application");
  EXPECT_EQ(app_status(r), "documents");  // first upload
  r = ana.call("POST", "/api/v1/my/application/documents/bank_account", png_bytes(), "image/png");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.root().get("document").get("contentType").as_string(), "image/png");
  r = ana.call("POST", "/api/v1/my/application/documents/liability_insurance?expiresOn=2027-06-30",
               std::string("\xFF\xD8\xFF\xE0jpegdata", 12), "application/octet-stream");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.root().get("document").get("expiresOn").as_string(), "2027-06-30");

  // Stored under <data_dir>/documents/<org>/ with the checksum; staff download the same bytes.
  r = adm.get(base);
  ASSERT_EQ(r.status, 200);
  const std::string org =
      std::string(r.root().get("application").get("organisationId").as_string());
  EXPECT_EQ(r.root().get("documents").size(), 3u);
  EXPECT_TRUE(std::filesystem::exists(dir_ / "data" / "documents" / org));
  r = adm.get(base + "/documents/company_registration/content");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "application/pdf");
  EXPECT_TRUE(r.body == registration);

  // Staff reject one (reason required), the applicant uploads it again, staff accept all.
  EXPECT_EQ(adm.post(base + "/documents/bank_account/review", R"({"status":"rejected"})").status,
            400);
  ASSERT_EQ(adm.post(base + "/documents/bank_account/review",
                     R"({"status":"rejected","reason":"Unreadable"})")
                .status,
            200);
  EXPECT_EQ(outbox_var("document_reviewed", "ana@example.com", "reason"), "Unreadable");
  r = ana.get("/api/v1/my/application");
  bool saw_rejected = false;
  for (const auto& d : r.root().get("documents").items()) {
    if (d.get("kind").as_string() == "bank_account") {
      saw_rejected = d.get("status").as_string() == "rejected" &&
                     d.get("rejectReason").as_string() == "Unreadable";
    }
  }
  EXPECT_TRUE(saw_rejected) << r.body;
  ASSERT_EQ(ana.call("POST", "/api/v1/my/application/documents/bank_account", pdf_bytes(),
                     "application/pdf")
                .status,
            201);
  for (const char* kind : {"company_registration", "bank_account", "liability_insurance"}) {
    ASSERT_EQ(adm.post(base + "/documents/" + kind + "/review", R"({"status":"accepted"})").status,
              200)
        << kind;
  }
  // An accepted document cannot be replaced.
  EXPECT_EQ(ana.call("POST", "/api/v1/my/application/documents/bank_account", pdf_bytes(),
                     "application/pdf")
                .status,
            409);
  r = ana.get("/api/v1/my/application");
  EXPECT_EQ(app_status(r), "documents");  // conditions not accepted yet

  // General conditions: versioned; accepting the current one activates the supplier.
  r = client().get("/api/v1/conditions/current");
  ASSERT_EQ(r.status, 200);
  const std::int64_t version = r.root().get("version").as_int();
  EXPECT_EQ(version, 1);
  r = ana.post("/api/v1/my/conditions/accept", R"({"version":7})");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.error_field(), "version");
  r = ana.post("/api/v1/my/conditions/accept", R"({"version":1})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(app_status(r), "active");
  EXPECT_EQ(r.root().get("conditions").get("acceptedVersion").as_int(), 1);
  EXPECT_EQ(ana.get("/api/v1/auth/me").root().get("organisation").get("status").as_string(),
            "active");
  EXPECT_EQ(outbox_var("application_status_changed", "ana@example.com", "status"), "active");
  // Active is final for staff.
  EXPECT_EQ(adm.post(base + "/status", R"({"status":"under_review"})").status, 409);

  // Every change is in the audit log, with who and from where.
  r = adm.get("/api/v1/admin/audit?organisationId=" + org + "&limit=500");
  ASSERT_EQ(r.status, 200);
  std::map<std::string, int> actions;
  for (const auto& e : r.root().get("items").items())
    actions[std::string(e.get("action").as_string())]++;
  EXPECT_EQ(actions["application.submitted"], 1);
  EXPECT_EQ(actions["application.status_changed"], 5);  // review, info, reply, approve, documents
  EXPECT_EQ(actions["document.uploaded"], 4);
  EXPECT_EQ(actions["document.reviewed"], 4);
  EXPECT_EQ(actions["conditions.accepted"], 1);
  EXPECT_EQ(actions["organisation.activated"], 1);
  // History for the applicant.
  r = ana.get("/api/v1/my/application");
  EXPECT_EQ(r.root().get("application").get("history").size(), 7u);
}

ACCOUNTS_TEST(RejectionNeedsAReasonAndIsFinal) {
  Client adm = admin();
  const std::string id = apply("Tapas Tours", "ana@example.com");
  // The back office is told which moves it may make from here.
  Reply r = adm.get("/api/v1/admin/applications/" + id);
  ASSERT_EQ(r.status, 200) << r.body;
  {
    auto next = r.root().get("application").get("nextStatuses").items();
    ASSERT_EQ(next.size(), 2u) << r.body;
    EXPECT_EQ(next[0].as_string(), "under_review");
    EXPECT_EQ(next[1].as_string(), "rejected");
  }
  r = adm.post("/api/v1/admin/applications/" + id + "/status",
               R"({"status":"rejected","reason":"  "})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_field(), "reason");
  EXPECT_EQ(r.error_key(), "apply.rejectReasonRequired");
  r = adm.post("/api/v1/admin/applications/" + id + "/status",
               R"({"status":"rejected","reason":"We already have this tour"})");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.root().get("application").get("statusReason").as_string(),
            "We already have this tour");
  EXPECT_EQ(outbox_var("application_status_changed", "ana@example.com", "status"), "rejected");
  // The applicant still logs in and sees the outcome.
  Client ana = login("ana@example.com");
  r = ana.get("/api/v1/my/application");
  EXPECT_EQ(app_status(r), "rejected");
  EXPECT_EQ(adm.post("/api/v1/admin/applications/" + id + "/status", R"({"status":"under_review"})")
                .status,
            409);
  EXPECT_EQ(adm.get("/api/v1/admin/applications/" + id)
                .root()
                .get("application")
                .get("nextStatuses")
                .size(),
            0u);  // final
  EXPECT_EQ(adm.get("/api/v1/admin/applications/nope").status, 404);
}

ACCOUNTS_TEST(OwnersInviteStaffWithSingleUseLinks) {
  apply("Tapas Tours", "ana@example.com");
  apply("Olive Trips", "olga@example.com");
  Client ana = login("ana@example.com");
  Reply r = ana.post("/api/v1/organisation/invitations",
                     R"({"email":"Pablo@Example.com","name":"Pablo"})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.root().get("invitation").get("role").as_string(), "supplier_staff");
  EXPECT_EQ(outbox_var("staff_invitation", "pablo@example.com", "organisation_name"),
            "Tapas Tours");
  const std::string token =
      token_from_url(outbox_var("staff_invitation", "pablo@example.com", "accept_url"));
  ASSERT_FALSE(token.empty());
  // Existing accounts cannot be invited; bad emails and roles are field errors.
  r = ana.post("/api/v1/organisation/invitations", R"({"email":"olga@example.com"})");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.error_field(), "email");
  EXPECT_EQ(ana.post("/api/v1/organisation/invitations", R"({"email":"x@"})").error_field(),
            "email");
  EXPECT_EQ(ana.post("/api/v1/organisation/invitations",
                     R"({"email":"x@example.com","role":"platform_admin"})")
                .error_field(),
            "role");

  Client pablo = client();
  r = pablo.post("/api/v1/invitations/accept",
                 fmt::format(R"({{"token":"{}","password":"pablo@example.com"}})", token));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_field(), "password");
  r = pablo.post("/api/v1/invitations/accept",
                 fmt::format(R"({{"token":"{}x","password":"pablo's secret 1"}})", token));
  EXPECT_EQ(r.error_field(), "token");
  r = pablo.post("/api/v1/invitations/accept",
                 fmt::format(R"({{"token":"{}","password":"pablo's secret 1"}})", token));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.root().get("user").get("roles").items()[0].as_string(), "supplier_staff");
  EXPECT_EQ(r.root().get("organisation").get("name").as_string(), "Tapas Tours");
  EXPECT_EQ(pablo.get("/api/v1/auth/me").status, 200);
  // Single use.
  EXPECT_EQ(client()
                .post("/api/v1/invitations/accept",
                      fmt::format(R"({{"token":"{}","password":"pablo's secret 2"}})", token))
                .error_field(),
            "token");
  // Staff can see colleagues but not invite.
  r = pablo.get("/api/v1/organisation/users");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.root().get("items").size(), 2u);
  EXPECT_EQ(pablo.post("/api/v1/organisation/invitations", R"({"email":"z@example.com"})").status,
            403);
  EXPECT_EQ(pablo.post("/api/v1/my/conditions/accept", R"({"version":1})").status, 403);
  EXPECT_EQ(pablo.get("/api/v1/my/application").status, 200);
}

// A user of supplier A gets 404 (or 403 for operator-only routes) for anything of supplier B.
ACCOUNTS_TEST(TenantIsolationBetweenSuppliers) {
  Client adm = admin();
  const std::string a_id = apply("Tapas Tours", "ana@example.com");
  const std::string b_id = apply("Olive Trips", "olga@example.com");
  approve(adm, a_id);
  approve(adm, b_id);
  Client ana = login("ana@example.com");
  Client olga = login("olga@example.com");

  Reply r = olga.post("/api/v1/organisation/invitations", R"({"email":"bea@example.com"})");
  ASSERT_EQ(r.status, 201);
  const std::string b_invitation = std::string(r.root().get("invitation").get("id").as_string());
  ASSERT_EQ(olga.call("POST", "/api/v1/my/application/documents/bank_account", pdf_bytes(),
                      "application/pdf")
                .status,
            201);

  // DELETE /organisation/invitations/{id}: B's invitation is not found for A.
  r = ana.del("/api/v1/organisation/invitations/" + b_invitation);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.error_code(), "NOT_FOUND");
  // GET /organisation/invitations and /organisation/users list only A's.
  r = ana.get("/api/v1/organisation/invitations");
  EXPECT_EQ(r.root().get("items").size(), 0u);
  r = ana.get("/api/v1/organisation/users");
  ASSERT_EQ(r.root().get("items").size(), 1u);
  EXPECT_EQ(r.root().get("items").items()[0].get("email").as_string(), "ana@example.com");
  // GET /my/application: A's own, with none of B's documents.
  r = ana.get("/api/v1/my/application");
  EXPECT_EQ(r.root().get("application").get("id").as_string(), a_id);
  EXPECT_EQ(r.root().get("documents").size(), 0u);
  // Uploading as A never touches B's documents.
  ASSERT_EQ(
      ana.call("POST", "/api/v1/my/application/documents/bank_account", png_bytes(), "image/png")
          .status,
      201);
  r = olga.get("/api/v1/my/application");
  ASSERT_EQ(r.root().get("documents").size(), 1u);
  EXPECT_EQ(r.root().get("documents").items()[0].get("contentType").as_string(), "application/pdf");
  // Operator routes with B's ids: a supplier is refused before any lookup.
  for (const std::string& target :
       {"/api/v1/admin/applications/" + b_id,
        "/api/v1/admin/applications/" + b_id + "/documents/bank_account/content",
        std::string("/api/v1/admin/applications"), std::string("/api/v1/admin/audit"),
        std::string("/api/v1/admin/resellers")}) {
    EXPECT_EQ(ana.get(target).status, 403) << target;
  }
  EXPECT_EQ(ana.post("/api/v1/admin/applications/" + b_id + "/status",
                     R"({"status":"rejected","reason":"x"})")
                .status,
            403);
  EXPECT_EQ(ana.post("/api/v1/admin/applications/" + b_id + "/documents/bank_account/review",
                     R"({"status":"accepted"})")
                .status,
            403);
  // POST /organisation/invitations and /my/conditions/accept as A change nothing of B's.
  ASSERT_EQ(ana.post("/api/v1/organisation/invitations", R"({"email":"carl@example.com"})").status,
            201);
  r = olga.get("/api/v1/organisation/invitations");
  ASSERT_EQ(r.root().get("items").size(), 1u);
  EXPECT_EQ(r.root().get("items").items()[0].get("email").as_string(), "bea@example.com");
  ASSERT_EQ(ana.post("/api/v1/my/conditions/accept", R"({"version":1})").status, 200);
  r = olga.get("/api/v1/my/application");
  EXPECT_TRUE(r.root().get("conditions").get("acceptedVersion").is_null()) << r.body;
  // POST /my/application/reply: A has no info request even when B has one.
  ASSERT_EQ(adm.post("/api/v1/admin/applications/" + b_id + "/status",
                     R"({"status":"rejected","reason":"duplicate tour"})")
                .status,
            200);
  EXPECT_EQ(ana.post("/api/v1/my/application/reply", R"({"message":"hi"})").status, 409);
  EXPECT_EQ(app_status(ana.get("/api/v1/my/application")), "documents");
  // B's invitation still pending; B can revoke it.
  EXPECT_EQ(olga.del("/api/v1/organisation/invitations/" + b_invitation).status, 204);
  EXPECT_EQ(olga.del("/api/v1/organisation/invitations/" + b_invitation).status, 404);
}

ACCOUNTS_TEST(AuditLogIsForPlatformAdminsOnly) {
  Client adm = admin();
  ASSERT_TRUE(
      app::accounts::ensure_platform_admin(*db_, "admin@paseo.test", "ignored password 1", now())
          .ok());
  apply("Tapas Tours", "ana@example.com");
  Reply r = adm.get("/api/v1/admin/audit?action=application.");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.root().get("items").size(), 1u);
  EXPECT_EQ(r.root().get("items").items()[0].get("action").as_string(), "application.submitted");
  EXPECT_EQ(r.root().get("items").items()[0].get("actorEmail").as_string(), "ana@example.com");
  EXPECT_EQ(adm.get("/api/v1/admin/audit?limit=0").status, 400);
  EXPECT_EQ(adm.get("/api/v1/admin/audit?before=yesterday").status, 400);
  EXPECT_EQ(client().get("/api/v1/admin/audit").status, 401);
}

ACCOUNTS_TEST(OperatorManagesResellerApiKeys) {
  Client adm = admin();
  Reply r = adm.post("/api/v1/admin/resellers",
                     R"({"name":"Viajes Sol","email":"api@viajessol.example"})");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string reseller = std::string(r.root().get("reseller").get("id").as_string());
  r = adm.post("/api/v1/admin/resellers/" + reseller + "/keys",
               R"({"name":"OCTO live","scopes":["octo"]})");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string token = r.str("token").empty()
                                ? std::string(r.root().get("key").get("token").as_string())
                                : r.str("token");
  const std::string key_id = std::string(r.root().get("key").get("id").as_string());
  ASSERT_FALSE(token.empty());
  r = adm.get("/api/v1/admin/resellers");
  ASSERT_EQ(r.status, 200);
  ASSERT_EQ(r.root().get("items").size(), 1u);
  EXPECT_EQ(r.root().get("items").items()[0].get("keys").size(), 1u);
  EXPECT_EQ(r.body.find(token), std::string::npos);  // shown once only
  EXPECT_EQ(
      adm.post("/api/v1/admin/resellers/" + reseller + "/keys/" + key_id + "/revoke", "").status,
      204);
  r = adm.get("/api/v1/admin/resellers/" + reseller + "/keys");
  EXPECT_FALSE(r.root().get("items").items()[0].get("revokedAt").is_null());
  // A supplier organisation is not a reseller here.
  const std::string app_id = apply("Tapas Tours", "ana@example.com");
  const std::string supplier_org = std::string(adm.get("/api/v1/admin/applications/" + app_id)
                                                   .root()
                                                   .get("application")
                                                   .get("organisationId")
                                                   .as_string());
  EXPECT_EQ(adm.post("/api/v1/admin/resellers/" + supplier_org + "/keys", R"({"name":"x"})").status,
            404);
  EXPECT_EQ(adm.post("/api/v1/admin/resellers/" + reseller + "/keys/nope/revoke", "").status, 404);
}

ACCOUNTS_TEST(ProfileLocaleAndPasswordChange) {
  apply("Tapas Tours", "ana@example.com");
  Client ana = login("ana@example.com");
  Client other = login("ana@example.com");
  Reply r = ana.call("PATCH", "/api/v1/me", R"({"locale":"fr","name":"Ana G."})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.root().get("user").get("locale").as_string(), "fr");
  EXPECT_EQ(ana.get("/api/v1/me").root().get("user").get("name").as_string(), "Ana G.");
  r = ana.call("PATCH", "/api/v1/me", R"({"locale":"de"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_field(), "locale");
  // A name is one line and not blank: it heads emails and staff lists.
  for (const char* bad : {R"({"name":"   "})", R"({"name":"Ana\nG."})", R"({"name":"Ana\tG."})"}) {
    r = ana.call("PATCH", "/api/v1/me", bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(r.error_field(), "name") << bad;
  }
  EXPECT_EQ(ana.get("/api/v1/me").root().get("user").get("name").as_string(), "Ana G.");

  r = ana.post("/api/v1/me/password",
               R"({"currentPassword":"not it at all","newPassword":"new secret 12"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_field(), "currentPassword");
  r = ana.post("/api/v1/me/password",
               R"({"currentPassword":"a good password 1","newPassword":"short"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_field(), "newPassword");
  r = ana.post("/api/v1/me/password",
               R"({"currentPassword":"a good password 1","newPassword":"new secret 12"})");
  ASSERT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(ana.get("/api/v1/me").status, 200);    // this session stays
  EXPECT_EQ(other.get("/api/v1/me").status, 401);  // every other one ends
  EXPECT_EQ(outbox_var("password_changed", "ana@example.com", "ip"), "127.0.0.1");
  login("ana@example.com", "new secret 12");
}

ACCOUNTS_TEST(OperatorInvitesPlatformStaffAndPartnerUsers) {
  Client adm = admin();
  const std::string platform_org =
      std::string(adm.get("/api/v1/me").root().get("organisation").get("id").as_string());
  Reply r = adm.post("/api/v1/admin/organisations/" + platform_org + "/invitations",
                     R"({"email":"sam@paseo.test","name":"Sam","role":"platform_staff"})");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string token =
      token_from_url(outbox_var("staff_invitation", "sam@paseo.test", "accept_url"));
  Client sam = client();
  ASSERT_EQ(sam.post("/api/v1/invitations/accept",
                     fmt::format(R"({{"token":"{}","password":"sam's secret 1"}})", token))
                .status,
            200);
  EXPECT_EQ(sam.get("/api/v1/me").root().get("user").get("roles").items()[0].as_string(),
            "platform_staff");
  EXPECT_EQ(sam.get("/api/v1/admin/applications").status, 200);
  EXPECT_EQ(sam.get("/api/v1/admin/audit").status, 403);  // admins only
  r = adm.post("/api/v1/admin/organisations/" + platform_org + "/invitations",
               R"({"email":"tom@paseo.test","name":"Tom\nSmith","role":"platform_staff"})");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.error_field(), "name");
  r = sam.post("/api/v1/admin/organisations/" + platform_org + "/invitations",
               R"({"email":"eve@paseo.test","role":"platform_admin"})");
  EXPECT_EQ(r.status, 403);

  r = adm.post("/api/v1/admin/resellers", R"({"name":"Hotel Sol","kind":"partner"})");
  ASSERT_EQ(r.status, 201);
  const std::string partner = std::string(r.root().get("reseller").get("id").as_string());
  r = sam.post("/api/v1/admin/organisations/" + partner + "/invitations",
               R"({"email":"desk@hotelsol.example","role":"supplier_owner"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_field(), "role");
  r = sam.post("/api/v1/admin/organisations/" + partner + "/invitations",
               R"({"email":"desk@hotelsol.example","role":"partner"})");
  ASSERT_EQ(r.status, 201) << r.body;
  r = adm.get("/api/v1/admin/organisations/" + partner + "/users");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.root().get("invitations").size(), 1u);
  EXPECT_EQ(adm.post("/api/v1/admin/organisations/nope/invitations",
                     R"({"email":"x@example.com","role":"partner"})")
                .status,
            404);

  // Suppliers cannot use the operator's invitation route, for any organisation.
  const std::string a_id = apply("Tapas Tours", "ana@example.com");
  Client ana = login("ana@example.com");
  const std::string a_org =
      std::string(ana.get("/api/v1/me").root().get("organisation").get("id").as_string());
  EXPECT_EQ(ana.post("/api/v1/admin/organisations/" + a_org + "/invitations",
                     R"({"email":"x@example.com","role":"supplier_owner"})")
                .status,
            403);
  EXPECT_EQ(ana.get("/api/v1/admin/organisations/" + partner + "/users").status, 403);
  (void)a_id;
}

// The last document accepted by staff and the conditions accepted by the applicant at the same
// moment must still activate. Honest limit: the race window (both transactions between their
// reads and commits) is sub-millisecond and this test does not reliably hit it — it passed with
// the row lock (onboarding.cpp lock_application) removed too; it guards the functional path.
ACCOUNTS_TEST(ConcurrentLastStepsStillActivate) {
  Client adm = admin();
  for (int round = 0; round < 3; ++round) {
    const std::string email = fmt::format("owner{}@example.com", round);
    const std::string id = apply(fmt::format("Company {}", round), email);
    approve(adm, id);
    Client owner = login(email);
    ASSERT_EQ(owner
                  .call("POST", "/api/v1/my/application/documents/company_registration",
                        pdf_bytes(), "application/pdf")
                  .status,
              201);
    ASSERT_EQ(owner
                  .call("POST", "/api/v1/my/application/documents/bank_account", pdf_bytes(),
                        "application/pdf")
                  .status,
              201);
    ASSERT_EQ(owner
                  .call("POST",
                        "/api/v1/my/application/documents/liability_insurance?expiresOn=2030-01-01",
                        pdf_bytes(), "application/pdf")
                  .status,
              201);
    const std::string base = "/api/v1/admin/applications/" + id;
    ASSERT_EQ(adm.post(base + "/documents/company_registration/review", R"({"status":"accepted"})")
                  .status,
              200);
    ASSERT_EQ(adm.post(base + "/documents/bank_account/review", R"({"status":"accepted"})").status,
              200);
    int review_status = 0, accept_status = 0;
    Client adm2 = adm;
    Client owner2 = owner;
    std::thread t1([&] {
      review_status =
          adm2.post(base + "/documents/liability_insurance/review", R"({"status":"accepted"})")
              .status;
    });
    std::thread t2([&] {
      accept_status = owner2.post("/api/v1/my/conditions/accept", R"({"version":1})").status;
    });
    t1.join();
    t2.join();
    EXPECT_EQ(review_status, 200);
    EXPECT_EQ(accept_status, 200);
    Reply r = adm.get(base);
    EXPECT_EQ(app_status(r), "active") << "round " << round;
    EXPECT_EQ(outbox_count("application_status_changed", email), 5);  // submitted..active
  }
}

ACCOUNTS_TEST(AuthGuardForOtherAreas) {
  apply("Tapas Tours", "ana@example.com");
  Client ana = login("ana@example.com");
  Reply r = ana.get("/test/guarded");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.str("organisationKind"), "supplier");
  EXPECT_TRUE(r.root().get("isOwner").as_bool());
  EXPECT_TRUE(r.root().get("isStaff").as_bool());          // owner implies staff
  EXPECT_FALSE(r.root().get("activeSupplier").as_bool());  // still an applicant
  EXPECT_EQ(ana.post("/test/guarded", "{}").status, 200);
  EXPECT_EQ(ana.call("POST", "/test/guarded", "{}", "application/json", std::string()).status, 403);
  EXPECT_EQ(client().get("/test/guarded").status, 401);
  EXPECT_EQ(ana.get("/test/any").status, 200);

  // A partner user holds neither role.
  Client adm = admin();
  r = adm.post("/api/v1/admin/resellers", R"({"name":"Hotel Sol","kind":"partner"})");
  const std::string partner = std::string(r.root().get("reseller").get("id").as_string());
  ASSERT_EQ(adm.post("/api/v1/admin/organisations/" + partner + "/invitations",
                     R"({"email":"desk@hotelsol.example","role":"partner"})")
                .status,
            201);
  const std::string token =
      token_from_url(outbox_var("staff_invitation", "desk@hotelsol.example", "accept_url"));
  Client desk = client();
  ASSERT_EQ(desk.post("/api/v1/invitations/accept",
                      fmt::format(R"({{"token":"{}","password":"hotel desk pw 1"}})", token))
                .status,
            200);
  EXPECT_EQ(desk.get("/test/guarded").status, 403);
  EXPECT_EQ(desk.get("/test/any").status, 200);
  r = adm.get("/test/guarded");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.str("organisationKind"), "platform");
  EXPECT_FALSE(r.root().get("isStaff").as_bool());
}

ACCOUNTS_TEST(NewConditionsVersionMustBeAcceptedAgain) {
  Client adm = admin();
  const std::string id = apply("Tapas Tours", "ana@example.com");
  approve(adm, id);
  Client ana = login("ana@example.com");
  ASSERT_EQ(ana.post("/api/v1/my/conditions/accept", R"({"version":1})").status, 200);
  EXPECT_EQ(
      ana.get("/api/v1/my/application").root().get("conditions").get("acceptedVersion").as_int(),
      1);
  // Only platform admins publish; text is required.
  EXPECT_EQ(ana.post("/api/v1/admin/conditions", R"({"title":"v2","text":"x"})").status, 403);
  Reply r = adm.post("/api/v1/admin/conditions", R"({"title":"General conditions 2027"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_field(), "text");
  r = adm.post("/api/v1/admin/conditions",
               R"({"title":"General conditions 2027","text":"New text."})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.root().get("version").as_int(), 2);
  EXPECT_EQ(client().get("/api/v1/conditions/current").root().get("version").as_int(), 2);
  r = ana.get("/api/v1/my/application");
  EXPECT_TRUE(r.root().get("conditions").get("acceptedVersion").is_null()) << r.body;
  EXPECT_EQ(ana.post("/api/v1/my/conditions/accept", R"({"version":1})").status, 409);
  ASSERT_EQ(ana.post("/api/v1/my/conditions/accept", R"({"version":2})").status, 200);
  // Housekeeping: idle sessions go.
  clock_.advance(15 * 24h);
  auto purged = app::accounts::purge_expired(*db_, now());
  ASSERT_TRUE(purged.ok());
  EXPECT_GE(*purged, 2);
  EXPECT_EQ(ana.get("/api/v1/me").status, 401);
}

}  // namespace
}  // namespace paseo::accounts_test
