#include <string>

#include <gtest/gtest.h>

#include "domain/accounts/application.h"
#include "domain/accounts/credentials.h"
#include "domain/accounts/rate_limit.h"
#include "domain/accounts/roles.h"

namespace paseo::domain::accounts {
namespace {

TEST(Email, NormalizesAndValidates) {
  EXPECT_EQ(normalize_email("  Ana.Lopez@Example.COM "), "ana.lopez@example.com");
  EXPECT_TRUE(validate_email("ana+tours@example.co.uk").ok());
  for (const char* bad :
       {"", "ana", "ana@", "@example.com", "ana@example", "ana@@example.com", "ana@exa mple.com",
        "ana@-example.com", "ana@example..com", "an a@example.com", ".ana@example.com",
        "ana..b@example.com", "ana@example.com>", "ana@exam_ple.com"}) {
    Status s = validate_email(bad);
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument) << bad;
    EXPECT_EQ(s.error().field, "email") << bad;
  }
  EXPECT_FALSE(validate_email(std::string(250, 'a') + "@example.com").ok());
}

TEST(Password, PolicyGivesFieldErrors) {
  EXPECT_TRUE(validate_password("correct horse", "ana@example.com").ok());
  auto msg = [](Status s) { return s.ok() ? std::string("ok") : s.error().message; };
  EXPECT_EQ(msg(validate_password("", "a@b.co")), "password is required");
  EXPECT_EQ(msg(validate_password("short", "a@b.co")),
            "password must be at least 10 characters long");
  EXPECT_EQ(msg(validate_password("aaaaaaaaaaaa", "a@b.co")),
            "password must not be one character repeated");
  EXPECT_EQ(msg(validate_password("Ana.Lopez@Example.com", "ana.lopez@example.com")),
            "password must not be your email address");
  EXPECT_EQ(msg(validate_password(std::string(300, 'x') + "y", "a@b.co")),
            "password must be at most 256 bytes");
  // 10 code points but 20 bytes: accepted; 9 two-byte code points (18 bytes): rejected.
  EXPECT_TRUE(validate_password("ñáéíóúüçàè", "a@b.co").ok());
  EXPECT_FALSE(validate_password("ñáéíóúüçà", "a@b.co").ok());
  EXPECT_FALSE(validate_password("ññññññññññññ", "a@b.co").ok());
  EXPECT_EQ(validate_password("x", "a@b.co", "newPassword").error().field, "newPassword");
}

TEST(Roles, NamesAndImplication) {
  for (Role r : {Role::kPlatformAdmin, Role::kPlatformStaff, Role::kSupplierOwner,
                 Role::kSupplierStaff, Role::kPartner}) {
    EXPECT_EQ(parse_role(role_name(r)), r);
  }
  EXPECT_FALSE(parse_role("root").has_value());
  EXPECT_TRUE(role_satisfies(Role::kPlatformAdmin, Role::kPlatformStaff));
  EXPECT_FALSE(role_satisfies(Role::kPlatformStaff, Role::kPlatformAdmin));
  EXPECT_TRUE(role_satisfies(Role::kSupplierOwner, Role::kSupplierStaff));
  EXPECT_FALSE(role_satisfies(Role::kSupplierStaff, Role::kSupplierOwner));
  EXPECT_FALSE(role_satisfies(Role::kPlatformAdmin, Role::kSupplierOwner));
  EXPECT_EQ(organisation_kind_for(Role::kSupplierStaff), "supplier");
}

using S = ApplicationStatus;

TEST(Application, NextStatusesAreTheTransitionsTheActorMayMake) {
  EXPECT_EQ(next_statuses(S::kSubmitted, Actor::kStaff),
            (std::vector<S>{S::kUnderReview, S::kRejected}));
  EXPECT_EQ(next_statuses(S::kUnderReview, Actor::kStaff),
            (std::vector<S>{S::kInfoRequested, S::kApproved, S::kRejected}));
  EXPECT_EQ(next_statuses(S::kInfoRequested, Actor::kApplicant), (std::vector<S>{S::kUnderReview}));
  EXPECT_TRUE(next_statuses(S::kSubmitted, Actor::kApplicant).empty());
}

TEST(Application, StaffPathToApproval) {
  EXPECT_TRUE(check_transition(S::kSubmitted, S::kUnderReview, Actor::kStaff, "").ok());
  EXPECT_TRUE(check_transition(S::kUnderReview, S::kInfoRequested, Actor::kStaff, "photos?").ok());
  EXPECT_TRUE(check_transition(S::kInfoRequested, S::kUnderReview, Actor::kApplicant, "").ok());
  EXPECT_TRUE(check_transition(S::kUnderReview, S::kApproved, Actor::kStaff, "").ok());
  EXPECT_TRUE(check_transition(S::kApproved, S::kDocuments, Actor::kSystem, "").ok());
  EXPECT_TRUE(check_transition(S::kDocuments, S::kActive, Actor::kSystem, "").ok());
}

TEST(Application, ForbiddenTransitions) {
  auto code = [](Status s) {
    return s.ok() ? std::string("OK") : std::string(error_code_name(s.error().code));
  };
  EXPECT_EQ(code(check_transition(S::kSubmitted, S::kApproved, Actor::kStaff, "")),
            "FAILED_PRECONDITION");
  EXPECT_EQ(code(check_transition(S::kDocuments, S::kActive, Actor::kStaff, "")),
            "FAILED_PRECONDITION");
  EXPECT_EQ(code(check_transition(S::kUnderReview, S::kApproved, Actor::kApplicant, "")),
            "FAILED_PRECONDITION");
  EXPECT_EQ(code(check_transition(S::kRejected, S::kUnderReview, Actor::kStaff, "")),
            "FAILED_PRECONDITION");
  EXPECT_EQ(code(check_transition(S::kActive, S::kRejected, Actor::kStaff, "x")),
            "FAILED_PRECONDITION");
  // Reasons: required (not blank) for rejected and info_requested.
  Status s = check_transition(S::kSubmitted, S::kRejected, Actor::kStaff, "   ");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.error().field, "reason");
  EXPECT_EQ(code(check_transition(S::kUnderReview, S::kInfoRequested, Actor::kStaff, "")),
            "INVALID_ARGUMENT");
  EXPECT_EQ(code(check_transition(S::kSubmitted, S::kRejected, Actor::kStaff, "no fit")), "OK");
  for (S st : {S::kSubmitted, S::kUnderReview, S::kInfoRequested, S::kApproved, S::kRejected,
               S::kDocuments, S::kActive}) {
    EXPECT_EQ(parse_application_status(application_status_name(st)), st);
  }
}

TEST(Application, OnboardingCompleteNeedsEveryDocumentAndConditions) {
  std::vector<DocumentState> docs = {
      {DocumentKind::kCompanyRegistration, DocumentStatus::kAccepted},
      {DocumentKind::kBankAccount, DocumentStatus::kAccepted},
      {DocumentKind::kLiabilityInsurance, DocumentStatus::kPending}};
  EXPECT_FALSE(onboarding_complete(docs, true));
  docs[2].status = DocumentStatus::kAccepted;
  EXPECT_TRUE(onboarding_complete(docs, true));
  EXPECT_FALSE(onboarding_complete(docs, false));
  docs.pop_back();
  EXPECT_FALSE(onboarding_complete(docs, true));
  EXPECT_TRUE(may_upload_documents(S::kApproved));
  EXPECT_TRUE(may_upload_documents(S::kDocuments));
  EXPECT_FALSE(may_upload_documents(S::kUnderReview));
  EXPECT_FALSE(may_upload_documents(S::kActive));
}

TEST(Documents, SniffsFromMagicBytesOnly) {
  EXPECT_EQ(sniff_document_type("%PDF-1.7\n..."), "application/pdf");
  EXPECT_EQ(sniff_document_type(std::string("\xFF\xD8\xFF\xE0", 4)), "image/jpeg");
  EXPECT_EQ(sniff_document_type(std::string("\x89PNG\r\n\x1a\n rest", 13)), "image/png");
  EXPECT_FALSE(sniff_document_type("GIF89a").has_value());
  EXPECT_FALSE(sniff_document_type("<html>%PDF-").has_value());
  EXPECT_FALSE(sniff_document_type("").has_value());
  EXPECT_FALSE(sniff_document_type(std::string("\x89PNG", 4)).has_value());
  EXPECT_EQ(extension_for("image/png"), "png");
  EXPECT_EQ(parse_document_kind("liability_insurance"), DocumentKind::kLiabilityInsurance);
  EXPECT_FALSE(parse_document_kind("passport").has_value());
}

TEST(Dates, StrictCalendarDates) {
  EXPECT_TRUE(validate_local_date("2028-02-29", "expiresOn").ok());
  EXPECT_FALSE(validate_local_date("2027-02-29", "expiresOn").ok());
  EXPECT_FALSE(validate_local_date("2027-13-01", "expiresOn").ok());
  EXPECT_FALSE(validate_local_date("2027-1-01", "expiresOn").ok());
  EXPECT_EQ(validate_local_date("tomorrow", "expiresOn").error().field, "expiresOn");
}

TEST(RateLimit, TokenBucketRefillsAndReportsWait) {
  TokenBucket b;
  const std::int64_t t0 = 1'000'000;
  for (int i = 0; i < 5; ++i) EXPECT_EQ(b.take(t0, 5, 60'000), 0) << i;
  std::int64_t wait = b.take(t0, 5, 60'000);
  EXPECT_EQ(wait, 12'000);  // one token every 12 s
  EXPECT_GT(b.take(t0 + 11'000, 5, 60'000), 0);
  EXPECT_EQ(b.take(t0 + 12'000, 5, 60'000), 0);
  EXPECT_EQ(b.take(t0 + 10 * 60'000, 5, 60'000), 0);  // refilled, capped at capacity
  for (int i = 0; i < 4; ++i) EXPECT_EQ(b.take(t0 + 10 * 60'000, 5, 60'000), 0);
  EXPECT_GT(b.take(t0 + 10 * 60'000, 5, 60'000), 0);
}

TEST(RateLimit, LockoutAfterFiveFailures) {
  LoginFailureUpdate u;
  for (int i = 0; i < kMaxFailedLogins - 1; ++i) {
    u = after_failed_login(u.failed_logins, 1000);
    EXPECT_EQ(u.locked_until_ms, 0);
  }
  u = after_failed_login(u.failed_logins, 1000);
  EXPECT_EQ(u.locked_until_ms, 1000 + kLockoutMs);
  EXPECT_EQ(u.failed_logins, 0);
}

}  // namespace
}  // namespace paseo::domain::accounts
