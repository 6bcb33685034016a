// Mutation fuzzing of the accounts, onboarding and admin routes, end to end over HTTP with real
// sessions and CSRF: the supplier application form, profile and password changes, staff
// invitations, the applicant's reply, the admin's review of applications and documents, general
// conditions; and the public routes (login, forgotten password, reset, accepting an invitation).
// Requests are mutated by tests/support/json_mutator.h.
//
// What must hold for every request: an answer under 500 that is JSON, and for an error Paseo's one
// error shape {"error":{"code","message"}}. For the signed-in routes also: an error changes no row
// of any table but the sessions'. The public routes may legitimately write on a refusal (a failed
// login counts against the account), so for them the rule is the first one only.
// PASEO_FUZZ_SEED and PASEO_FUZZ_ITERATIONS replay or lengthen a run.
//
// Compiled twice: accounts_fuzz_test (label sqlite) and accounts_fuzz_pg_test (label pg).
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "tests/accounts/accounts_fixture.h"
#include "tests/support/json_mutator.h"

namespace paseo::accounts_test {
namespace {

using testing::encode_path;
using testing::JsonMutator;
using testing::MutableJson;

#ifdef PASEO_ACCOUNTS_TEST_PG
#define AccountsFuzz AccountsFuzzPg
#else
#define AccountsFuzz AccountsFuzzSqlite
#endif

enum class Who { kAnonymous, kApplicant, kAdmin };

struct Request {
  Who who;
  std::string method;
  std::string path;
  MutableJson body;
  bool strict;  // an error must change nothing
};

class AccountsFuzz : public AccountsFixture {
 protected:
  void SetUp() override {
    AccountsFixture::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    if (const char* s = std::getenv("PASEO_FUZZ_SEED")) seed_ = std::strtoull(s, nullptr, 10);
    if (const char* n = std::getenv("PASEO_FUZZ_ITERATIONS")) iterations_ = std::atoi(n);
    fuzz_ = JsonMutator(seed_);
    admin_.emplace(admin());
    application_ = apply("Tapas Tours", "ana@example.com");
    apply("Olive Trips", "olga@example.com");
    applicant_.emplace(login("ana@example.com"));
    fuzz_.add_strings({application_,
                       "ana@example.com",
                       "olga@example.com",
                       "ANA@example.com",
                       "a good password 1",
                       "short",
                       "es",
                       "fr",
                       "de",
                       "supplier_staff",
                       "supplier_owner",
                       "platform_admin",
                       "approved",
                       "under_review",
                       "info_requested",
                       "rejected",
                       "accepted",
                       "bank_account",
                       "company_registration",
                       "liability_insurance",
                       "x@",
                       "Madrid"});
    fuzz_.add_keys({"email", "password", "name", "locale", "role", "status", "reason", "message",
                    "title", "text", "token", "currentPassword", "newPassword", "companyName",
                    "destinations", "version"});
  }

  Request seed_request() {
    const std::string application = "/api/v1/admin/applications/" + application_;
    switch (fuzz_.pick(12)) {
      case 0:
        return {Who::kApplicant, "PATCH", "/api/v1/me",
                MutableJson::parse(R"({"locale":"fr","name":"Ana G."})"), true};
      case 1:
        return {Who::kApplicant, "POST", "/api/v1/organisation/invitations",
                MutableJson::parse(R"({"email":"pablo@example.com","name":"Pablo"})"), true};
      case 2:
        return {Who::kApplicant, "POST", "/api/v1/my/application/reply",
                MutableJson::parse(R"({"message":"Photos at https://example.com/p"})"), true};
      case 3:
        return {Who::kAdmin, "POST", application + "/status",
                MutableJson::parse(fuzz_.chance(50)
                                       ? R"({"status":"under_review"})"
                                       : R"({"status":"info_requested","reason":"Send photos"})"),
                true};
      case 4:
        return {Who::kAdmin, "POST", application + "/documents/bank_account/review",
                MutableJson::parse(R"({"status":"rejected","reason":"Unreadable"})"), true};
      case 5:
        return {Who::kAdmin, "POST", "/api/v1/admin/conditions",
                MutableJson::parse(R"({"title":"General conditions 2027","text":"New text."})"),
                true};
      case 6:
        return {Who::kAdmin, "POST", "/api/v1/admin/resellers",
                MutableJson::parse(R"({"name":"Viajes Sol","email":"api@sol.example"})"), true};
      case 7:
        return {Who::kApplicant, "POST", "/api/v1/me/password",
                MutableJson::parse(
                    R"({"currentPassword":"a good password 1","newPassword":"a good password 1"})"),
                true};
      case 8:
        return {
            Who::kAnonymous, "POST", "/api/v1/applications",
            MutableJson::parse(fmt::format(
                R"({{"companyName":"Co {}","contactName":"Lucía Gómez","email":"c{}@example.com",)"
                R"("password":"a good password 1","phone":"+34 600 123 456",)"
                R"("destinations":["Madrid","Toledo"],"activityKinds":"walking tours",)"
                R"("website":"https://example.com","message":"Hola","locale":"es"}})",
                iteration_, iteration_)),
            false};
      case 9:
        return {
            Who::kAnonymous, "POST", "/api/v1/auth/login",
            MutableJson::parse(R"({"email":"olga@example.com","password":"a good password 1"})"),
            false};
      case 10:
        return {Who::kAnonymous, "POST", "/api/v1/auth/forgot",
                MutableJson::parse(R"({"email":"olga@example.com"})"), false};
      default:
        return {Who::kAnonymous, "POST", "/api/v1/invitations/accept",
                MutableJson::parse(R"({"token":"not-a-token","password":"pablo's secret 1"})"),
                false};
    }
  }

  // Every row of every table but the sessions' (which a request refreshes).
  std::string snapshot() {
    auto r = storage::testing::dump_all_rows(*db_, {"sessions"});
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : std::string();
  }

  std::string where() const {
    return "PASEO_FUZZ_SEED=" + std::to_string(seed_) + " iteration " + std::to_string(iteration_);
  }

  JsonMutator fuzz_{0};
  std::uint64_t seed_ = 20261202;
  int iterations_ = 250;
  int iteration_ = 0;
  std::string application_;
  std::optional<Client> admin_;
  std::optional<Client> applicant_;
};

TEST_F(AccountsFuzz, MutatedRequestsGetCleanErrorsAndChangeNothing) {
  int accepted = 0;
  int refused = 0;
  for (iteration_ = 0; iteration_ < iterations_; ++iteration_) {
    Request req = seed_request();
    const std::string body =
        fuzz_.mutate(req.body, fuzz_.chance(15) ? 0 : 1 + static_cast<int>(fuzz_.pick(3)), 20);
    req.path = encode_path(req.path);
    Client anonymous = client();
    Client& client = req.who == Who::kAdmin       ? *admin_
                     : req.who == Who::kApplicant ? *applicant_
                                                  : anonymous;
    const std::string before = req.strict ? snapshot() : std::string();
    const Reply r = client.call(req.method, req.path, body,
                                fuzz_.chance(5) ? "text/plain" : "application/json");
    const std::string request = req.method + " " + req.path + " " + body.substr(0, 600);
    ASSERT_GT(r.status, 0) << "no answer to " << request << " (" << where() << ")";
    ASSERT_LT(r.status, 500) << request << " -> " << r.body << " (" << where() << ")";
    if (r.status != 204) {
      ASSERT_TRUE(http::parse_json(r.body).ok())
          << request << " -> " << r.status << " " << r.body << " (" << where() << ")";
    }
    if (r.status >= 400) {
      ++refused;
      EXPECT_FALSE(r.error_code().empty()) << request << " -> " << r.body;
      EXPECT_TRUE(r.root().get("error").get("message").is_string()) << r.body;
      if (req.strict) {
        const std::string after = snapshot();
        EXPECT_EQ(after, before) << "an error changed data: " << request << " -> " << r.status
                                 << " " << r.body << " (" << where() << ")\n"
                                 << storage::testing::first_differences(before, after);
      }
    } else {
      ++accepted;
    }
    // Rate limits are part of the answer space, but should not be all of it: let the windows
    // pass now and then, as real time would.
    if (fuzz_.chance(10)) clock_.advance(std::chrono::hours(1));
    // A session that lapsed meanwhile (or a password that changed) signs in again.
    if (r.status == 401 && req.who == Who::kAdmin)
      admin_.emplace(login("admin@paseo.test", "admin password 1"));
    if (r.status == 401 && req.who == Who::kApplicant) applicant_.emplace(login("ana@example.com"));
    if (HasFailure()) {
      ADD_FAILURE() << "stopped at " << where();
      return;
    }
  }
  EXPECT_GT(accepted, iterations_ / 20);
  EXPECT_GT(refused, iterations_ / 4);
  EXPECT_EQ(admin_->get("/api/v1/admin/applications").status, 200);
  std::cout << "accounts fuzz: " << iterations_ << " requests, " << accepted << " accepted, "
            << refused << " refused (" << where() << ")\n";
}

}  // namespace
}  // namespace paseo::accounts_test
