// Accounts use cases: users, sessions, password reset, staff invitations, audit log, bootstrap.
//
// Every function here opens its own transactions on `db` and takes the current time as epoch ms
// (callers read their Clock once), so tests move time with a FakeClock. Password hashing
// (argon2id, ~64 MiB, tens of ms) always happens outside write transactions: SQLite has one writer.
//
// Errors are meant to be shown: field names are the JSON keys of the /api/v1 request bodies.
// Emails go through the outbox (app/outbox.h) in the same transaction as the change; template names
// and variables are listed in docs/email-templates-accounts.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "storage/db.h"

namespace paseo::app::accounts {

inline constexpr std::int64_t kMinuteMs = 60'000;
inline constexpr std::int64_t kDayMs = 24 * 60 * kMinuteMs;
inline constexpr std::int64_t kSessionIdleMs = 14 * kDayMs;  // sliding
inline constexpr std::int64_t kSessionMaxMs = 30 * kDayMs;   // absolute
inline constexpr std::int64_t kSessionTouchMs = kMinuteMs;   // last_seen_at refresh granularity
inline constexpr std::int64_t kPasswordResetTtlMs = 60 * kMinuteMs;
inline constexpr std::int64_t kInvitationTtlMs = 7 * kDayMs;

// Where a request came from, for sessions and the audit log.
struct Origin {
  std::string ip;
  std::string user_agent;
};

// Settings the use cases need from the process configuration.
struct Settings {
  std::string public_url = "http://127.0.0.1:8080";  // links in emails
  std::string data_dir = "var";                      // documents live under <data_dir>/documents
};

// The authenticated user behind a session.
struct Principal {
  std::string user_id;
  std::string email;
  std::string name;
  std::string locale;
  std::string role;  // domain/accounts/roles.h names
  std::string organisation_id;
  std::string organisation_kind;
  std::string organisation_status;
  std::string organisation_name;
  std::string organisation_currency;
  std::string organisation_timezone;
  std::string session_id;
  std::string csrf_hash;  // token_hash of the session's CSRF token
  std::int64_t session_expires_at = 0;
};

// argon2id via libsodium crypto_pwhash_str with the INTERACTIVE limits.
Result<std::string> hash_password(std::string_view password);
bool verify_password(std::string_view hash, std::string_view password);

// --- sessions --------------------------------------------------------------------------------

struct NewSession {
  std::string token;       // cookie paseo_session (shown once; stored hashed)
  std::string csrf_token;  // cookie paseo_csrf, echoed in X-CSRF-Token
  Principal principal;
};

// The live session for `token`; refreshes last_seen_at (at most once per kSessionTouchMs).
// kUnauthenticated when unknown, idle for more than kSessionIdleMs, past its absolute expiry, or
// the user is disabled / the organisation suspended.
Result<Principal> authenticate_session(storage::Database& db, std::string_view token,
                                       std::int64_t now_ms);

// Checks email + password and opens a session. kUnauthenticated "email or password is incorrect"
// for an unknown email or a wrong password (same message, same work); after kMaxFailedLogins
// consecutive failures the account is locked: kRateLimited, *retry_after_ms set.
Result<NewSession> login(storage::Database& db, std::string_view email, std::string_view password,
                         const Origin& origin, std::int64_t now_ms,
                         std::int64_t* retry_after_ms = nullptr);

Status logout(storage::Database& db, const Principal& who, const Origin& origin,
              std::int64_t now_ms);
// Ends every session of the user; returns how many.
Result<std::int64_t> logout_all(storage::Database& db, const Principal& who, const Origin& origin,
                                std::int64_t now_ms);

// --- password reset --------------------------------------------------------------------------

// Emails a single-use link (kPasswordResetTtlMs) when `email` is registered; does nothing
// visible otherwise. Always OK unless the database fails (the answer must not reveal anything).
Status request_password_reset(storage::Database& db, const Settings& settings,
                              std::string_view email, const Origin& origin, std::int64_t now_ms);

// Sets a new password with a reset token and ends every session of that user. kInvalidArgument
// field "token" for an unknown, used or expired token; field `password_field` for a weak password.
Status confirm_password_reset(storage::Database& db, std::string_view token,
                              std::string_view new_password, const Origin& origin,
                              std::int64_t now_ms, std::string_view password_field = "password");

// --- profile and password ------------------------------------------------------------------------

// Changes the user's display name and/or locale (es, en, fr; field "locale"). Returns the
// principal.
Result<Principal> update_profile(storage::Database& db, const Principal& who,
                                 const std::optional<std::string>& name,
                                 const std::optional<std::string>& locale, const Origin& origin,
                                 std::int64_t now_ms);

// Changes the password after checking the current one (kInvalidArgument field "currentPassword"),
// ends every other session of the user (the current one stays), emails password_changed.
Status change_password(storage::Database& db, const Principal& who,
                       std::string_view current_password, std::string_view new_password,
                       const Origin& origin, std::int64_t now_ms);

// --- organisation users and invitations ----------------------------------------------------------

struct UserSummary {
  std::string id;
  std::string email;
  std::string name;
  std::string role;
  std::string status;
  std::optional<std::int64_t> last_login_at;
  std::int64_t created_at = 0;
};

struct Invitation {
  std::string id;
  std::string email;
  std::string name;
  std::string role;
  std::string status;  // pending, accepted, revoked, expired
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
};

Result<std::vector<UserSummary>> list_organisation_users(storage::Database& db,
                                                         std::string_view organisation_id);
Result<std::vector<Invitation>> list_invitations(storage::Database& db,
                                                 std::string_view organisation_id,
                                                 std::int64_t now_ms);

// A supplier owner invites a staff member of their organisation (role supplier_staff or
// supplier_owner). kConflict field "email" when the email already has an account.
Result<Invitation> create_invitation(storage::Database& db, const Settings& settings,
                                     const Principal& owner, std::string_view email,
                                     std::string_view name, std::string_view role,
                                     const Origin& origin, std::int64_t now_ms);

// The operator invites a user into any organisation: platform staff into the platform, partner
// users into a partner organisation, owners/staff into a supplier. The role must belong to the
// organisation's kind (field "role"); only platform admins invite platform admins.
Result<Invitation> create_invitation_as_operator(storage::Database& db, const Settings& settings,
                                                 const Principal& staff,
                                                 std::string_view organisation_id,
                                                 std::string_view email, std::string_view name,
                                                 std::string_view role, const Origin& origin,
                                                 std::int64_t now_ms);

// kNotFound unless the invitation belongs to `owner`'s organisation and is still pending.
Status revoke_invitation(storage::Database& db, const Principal& owner,
                         std::string_view invitation_id, const Origin& origin, std::int64_t now_ms);

// Creates the invited user with `password` and opens a session. kInvalidArgument field "token"
// for an unknown, used, revoked or expired token.
Result<NewSession> accept_invitation(storage::Database& db, std::string_view token,
                                     std::string_view name, std::string_view password,
                                     const Origin& origin, std::int64_t now_ms);

// --- audit log ---------------------------------------------------------------------------------

struct AuditEntry {
  std::string actor_user_id;  // "" for anonymous or system
  std::string actor_email;
  std::string organisation_id;  // tenant concerned ("" for platform-wide)
  std::string action;           // e.g. "auth.login", "application.status_changed"
  std::string target_type;
  std::string target_id;
  std::string ip;
  std::string detail;  // short human/JSON text
};

struct AuditRecord {
  std::string id;
  std::int64_t at = 0;
  AuditEntry entry;
};

Status write_audit(storage::Connection& tx, const AuditEntry& entry, std::int64_t now_ms);

struct AuditFilter {
  std::string organisation_id;  // "" = all
  std::string action;           // exact action or prefix ending in '.' ("auth.")
  std::string actor_user_id;
  std::int64_t before_ms = 0;  // 0 = now; for paging: at < before_ms
  int limit = 100;             // 1..500
};

// Newest first.
Result<std::vector<AuditRecord>> list_audit(storage::Database& db, const AuditFilter& filter);

// --- organisations (operator) ------------------------------------------------------------------

struct OrganisationSummary {
  std::string id;
  std::string kind;
  std::string name;
  std::string status;
  std::string email;
  std::int64_t created_at = 0;
};

// Organisations of `kind` ("" = all), newest first.
Result<std::vector<OrganisationSummary>> list_organisations(storage::Database& db,
                                                            std::string_view kind);
Result<OrganisationSummary> find_organisation(storage::Database& db, std::string_view id);
// The operator creates a reseller or partner organisation (kind "reseller" or "partner").
Result<OrganisationSummary> create_organisation(storage::Database& db, const Principal& staff,
                                                std::string_view kind, std::string_view name,
                                                std::string_view email, const Origin& origin,
                                                std::int64_t now_ms);

// --- housekeeping ------------------------------------------------------------------------------

// Deletes sessions past their idle or absolute expiry and password-reset links used or expired
// more than a day ago. Returns how many rows went. Meant for a periodic job (jobs/); safe to run
// from several processes.
Result<std::int64_t> purge_expired(storage::Database& db, std::int64_t now_ms);

// --- bootstrap ---------------------------------------------------------------------------------

// Makes sure a platform organisation and a platform_admin user with `email` exist (creating the
// user with `password` when absent; an existing user is left as is). Used by main and demo data.
Status ensure_platform_admin(storage::Database& db, std::string_view email,
                             std::string_view password);
Status ensure_platform_admin(storage::Database& db, std::string_view email,
                             std::string_view password, std::int64_t now_ms);

// Makes sure a user with `email` exists in the existing organisation `organisation_id` with `role`
// (a role that lives in that organisation's kind, e.g. supplier_owner in a supplier). Creates the
// user with `password` when absent; an existing user with that role there is left as is.
// kNotFound for an unknown organisation, kInvalidArgument for a role that does not fit its kind,
// kFailedPrecondition when the email belongs to someone else's account.
Status ensure_organisation_user(storage::Database& db, std::string_view organisation_id,
                                std::string_view email, std::string_view password,
                                std::string_view role, std::string_view name, std::int64_t now_ms);

}  // namespace paseo::app::accounts
