#include "app/accounts/accounts.h"

#include <algorithm>
#include <mutex>
#include <semaphore>

#include <sodium.h>

#include "app/accounts/internal/util.h"
#include "app/outbox.h"
#include "common/clock.h"
#include "common/random.h"
#include "domain/accounts/credentials.h"
#include "domain/accounts/rate_limit.h"
#include "domain/accounts/roles.h"

namespace paseo::app::accounts {

using internal::i64;
using internal::json_quote;
using internal::str;
using storage::Connection;
using storage::Database;

namespace {

constexpr std::string_view kBadCredentials = "email or password is incorrect";

Error token_error() {
  return Error::invalid_argument("this link is invalid, was already used or has expired", "token")
      .with_key("account.linkInvalid");
}

// Columns of kPrincipalSelect, in order.
constexpr std::string_view kPrincipalColumns =
    "u.id, u.email, u.name, u.locale, u.role, u.status, o.id, o.kind, o.status, o.name, "
    "o.currency, o.timezone";

Principal principal_from_row(const storage::Row& r, std::size_t base = 0) {
  Principal p;
  p.user_id = r.get_string(base + 0);
  p.email = r.get_string(base + 1);
  p.name = r.get_string(base + 2);
  p.locale = r.get_string(base + 3);
  p.role = r.get_string(base + 4);
  // base + 5: user status, checked by callers
  p.organisation_id = r.get_string(base + 6);
  p.organisation_kind = r.get_string(base + 7);
  p.organisation_status = r.get_string(base + 8);
  p.organisation_name = r.get_string(base + 9);
  p.organisation_currency = r.get_string(base + 10);
  p.organisation_timezone = r.get_string(base + 11);
  return p;
}

Result<Principal> load_principal(Connection& c, std::string_view user_id) {
  PASEO_ASSIGN_OR_RETURN(
      auto rows, c.query("SELECT " + std::string(kPrincipalColumns) +
                             " FROM users u JOIN organisations o ON o.id = u.organisation_id"
                             " WHERE u.id = $1",
                         {str(user_id)}));
  if (rows.empty()) return Error::not_found("user not found");
  return principal_from_row(rows.front());
}

// Opens a session for `user_id` inside `tx`.
Result<NewSession> open_session(Connection& tx, std::string_view user_id, const Origin& origin,
                                std::int64_t now_ms) {
  NewSession s;
  s.token = random_token(32);
  s.csrf_token = random_token(24);
  std::string id = random_uuid();
  PASEO_RETURN_IF_ERROR(tx.query(
      "DELETE FROM sessions WHERE user_id = $1 AND (expires_at <= $2 OR last_seen_at <= $3)",
      {str(user_id), i64(now_ms), i64(now_ms - kSessionIdleMs)}));
  PASEO_RETURN_IF_ERROR(tx.query(
      "INSERT INTO sessions (id, token_hash, csrf_hash, user_id, created_at, last_seen_at,"
      " expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8)",
      {str(id), str(token_hash(s.token)), str(token_hash(s.csrf_token)), str(user_id), i64(now_ms),
       i64(now_ms + kSessionMaxMs), str(origin.ip),
       str(origin.user_agent.substr(0, std::min<std::size_t>(origin.user_agent.size(), 300)))}));
  PASEO_ASSIGN_OR_RETURN(s.principal, load_principal(tx, user_id));
  s.principal.session_id = id;
  s.principal.csrf_hash = token_hash(s.csrf_token);
  s.principal.session_expires_at = now_ms + kSessionMaxMs;
  return s;
}

const std::string& dummy_hash() {
  static const std::string h = [] {
    auto r = hash_password("paseo timing equaliser password");
    return r.ok() ? r.value() : std::string();
  }();
  return h;
}

}  // namespace

// --- passwords
// -------------------------------------------------------------------------------------

namespace {

// argon2id INTERACTIVE takes 64 MiB per hash: at most kHashSlots run at once, so a burst of logins
// on 32 worker threads costs 256 MiB, not 2 GiB (the others wait their turn).
constexpr std::ptrdiff_t kHashSlots = 4;
std::counting_semaphore<kHashSlots>& hash_slots() {
  static std::counting_semaphore<kHashSlots> slots(kHashSlots);
  return slots;
}

struct HashSlot {
  HashSlot() { hash_slots().acquire(); }
  ~HashSlot() { hash_slots().release(); }
  HashSlot(const HashSlot&) = delete;
  HashSlot& operator=(const HashSlot&) = delete;
};

}  // namespace

Result<std::string> hash_password(std::string_view password) {
  if (sodium_init() < 0) return Error::internal("libsodium failed to initialise");
  HashSlot slot;
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Error::unavailable("out of memory while hashing the password");
  }
  return std::string(out);
}

bool verify_password(std::string_view hash, std::string_view password) {
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  if (sodium_init() < 0) return false;
  std::string h(hash);  // NUL-terminated copy
  HashSlot slot;
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

// --- audit
// -----------------------------------------------------------------------------------------

Status write_audit(Connection& tx, const AuditEntry& e, std::int64_t now_ms) {
  auto r = tx.query(
      "INSERT INTO audit_log (id, at, actor_user_id, actor_email, organisation_id, action,"
      " target_type, target_id, ip, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
      {str(random_uuid()), i64(now_ms), str(e.actor_user_id), str(e.actor_email),
       str(e.organisation_id), str(e.action), str(e.target_type), str(e.target_id), str(e.ip),
       str(e.detail)});
  if (!r.ok()) return std::move(r).error();
  return ok_status();
}

Result<std::vector<AuditRecord>> list_audit(Database& db, const AuditFilter& f) {
  std::string sql =
      "SELECT id, at, actor_user_id, actor_email, organisation_id, action, target_type, target_id,"
      " ip, detail FROM audit_log WHERE 1 = 1";
  std::vector<storage::Value> params;
  auto add = [&](std::string clause, storage::Value v) {
    params.push_back(std::move(v));
    sql += " AND " + clause + " $" + std::to_string(params.size());
  };
  if (!f.organisation_id.empty()) add("organisation_id =", str(f.organisation_id));
  if (!f.actor_user_id.empty()) add("actor_user_id =", str(f.actor_user_id));
  if (!f.action.empty()) {
    if (f.action.back() == '.') {
      // Prefix match; LIKE wildcards in the input are escaped.
      std::string pattern;
      for (char ch : f.action) {
        if (ch == '%' || ch == '_' || ch == '\\') pattern.push_back('\\');
        pattern.push_back(ch);
      }
      params.push_back(str(pattern + "%"));
      sql += " AND action LIKE $" + std::to_string(params.size()) + " ESCAPE '\\'";
    } else {
      add("action =", str(f.action));
    }
  }
  if (f.before_ms > 0) add("at <", i64(f.before_ms));
  int limit = std::clamp(f.limit, 1, 500);
  sql += " ORDER BY at DESC, id DESC LIMIT " + std::to_string(limit);
  return db.read_value<std::vector<AuditRecord>>(
      [&](Connection& c) -> Result<std::vector<AuditRecord>> {
        PASEO_ASSIGN_OR_RETURN(auto rows, c.query(sql, std::span<const storage::Value>(params)));
        std::vector<AuditRecord> out;
        for (const auto& r : rows.rows) {
          AuditRecord a;
          a.id = r.get_string(0);
          a.at = r.get_int(1);
          a.entry = {r.get_string(2), r.get_string(3), r.get_string(4), r.get_string(5),
                     r.get_string(6), r.get_string(7), r.get_string(8), r.get_string(9)};
          out.push_back(std::move(a));
        }
        return out;
      });
}

// --- sessions
// --------------------------------------------------------------------------------------

Result<Principal> authenticate_session(Database& db, std::string_view token, std::int64_t now_ms) {
  if (token.empty()) return Error::unauthenticated("not logged in");
  const std::string hash = token_hash(token);
  struct Found {
    Principal p;
    std::string user_status;
    std::int64_t last_seen = 0;
  };
  PASEO_ASSIGN_OR_RETURN(Found found, db.read_value<Found>([&](Connection& c) -> Result<Found> {
    PASEO_ASSIGN_OR_RETURN(
        auto rows,
        c.query("SELECT " + std::string(kPrincipalColumns) +
                    ", s.id, s.csrf_hash, s.last_seen_at, s.expires_at"
                    " FROM sessions s JOIN users u ON u.id = s.user_id"
                    " JOIN organisations o ON o.id = u.organisation_id WHERE s.token_hash = $1",
                {str(hash)}));
    if (rows.empty()) return Error::unauthenticated("not logged in or session ended");
    const auto& r = rows.front();
    Found f;
    f.p = principal_from_row(r);
    f.user_status = r.get_string(5);
    f.p.session_id = r.get_string(12);
    f.p.csrf_hash = r.get_string(13);
    f.last_seen = r.get_int(14);
    f.p.session_expires_at = r.get_int(15);
    return f;
  }));
  const bool expired =
      now_ms >= found.p.session_expires_at || now_ms - found.last_seen > kSessionIdleMs;
  if (expired || found.user_status != "active" || found.p.organisation_status == "suspended") {
    if (expired) {
      (void)db.write([&](Connection& c) -> Status {
        auto r = c.query("DELETE FROM sessions WHERE id = $1", {str(found.p.session_id)});
        if (!r.ok()) return std::move(r).error();
        return ok_status();
      });
      return Error::unauthenticated("session expired; please log in again")
          .with_key("auth.sessionExpired");
    }
    return Error::unauthenticated("this account is disabled").with_key("auth.accountDisabled");
  }
  if (now_ms - found.last_seen >= kSessionTouchMs) {
    PASEO_ACCOUNTS_RETURN_IF_ERROR(db.write([&](Connection& c) -> Status {
      auto r = c.query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2 AND last_seen_at < $1",
                       {i64(now_ms), str(found.p.session_id)});
      if (!r.ok()) return std::move(r).error();
      return ok_status();
    }));
  }
  return found.p;
}

Result<NewSession> login(Database& db, std::string_view email_in, std::string_view password,
                         const Origin& origin, std::int64_t now_ms, std::int64_t* retry_after_ms) {
  const std::string email = domain::accounts::normalize_email(email_in);
  if (email.empty())
    return Error::invalid_argument("email is required", "email").with_key("field.required");
  if (password.empty())
    return Error::invalid_argument("password is required", "password").with_key("field.required");
  struct UserAuth {
    bool found = false;
    std::string id, hash, status, organisation_id;
    std::int64_t failed = 0, locked_until = 0;
  };
  PASEO_ASSIGN_OR_RETURN(
      UserAuth u, db.read_value<UserAuth>([&](Connection& c) -> Result<UserAuth> {
        PASEO_ASSIGN_OR_RETURN(
            auto rows, c.query("SELECT id, password_hash, status, failed_logins, locked_until,"
                               " organisation_id FROM users WHERE email = $1",
                               {str(email)}));
        UserAuth a;
        if (rows.empty()) return a;
        const auto& r = rows.front();
        a.found = true;
        a.id = r.get_string(0);
        a.hash = r.get_string(1);
        a.status = r.get_string(2);
        a.failed = r.get_int(3);
        a.locked_until = r.get_int(4);
        a.organisation_id = r.get_string(5);
        return a;
      }));

  if (u.found && u.locked_until > now_ms) {
    if (retry_after_ms) *retry_after_ms = u.locked_until - now_ms;
    return Error::rate_limited("too many failed logins; this account is locked for a while")
        .with_key("auth.locked");
  }
  bool ok;
  if (u.found && !u.hash.empty()) {
    ok = verify_password(u.hash, password);
  } else {
    (void)verify_password(dummy_hash(), password);  // same work for unknown emails
    ok = false;
  }
  if (password.size() > domain::accounts::kMaxPasswordLength) ok = false;

  if (!ok) {
    domain::accounts::LoginFailureUpdate upd;
    PASEO_ACCOUNTS_RETURN_IF_ERROR(db.write([&](Connection& c) -> Status {
      upd = {};
      if (u.found) {
        // Increment in the database first (row lock on PostgreSQL), so concurrent failures all
        // count, then apply the lockout rule to the counted value.
        PASEO_RETURN_IF_ERROR(c.query(
            "UPDATE users SET failed_logins = failed_logins + 1 WHERE id = $1", {str(u.id)}));
        PASEO_ASSIGN_OR_RETURN(
            auto rows, c.query("SELECT failed_logins FROM users WHERE id = $1", {str(u.id)}));
        const auto counted = rows.empty() ? 1 : rows.front().get_int(0);
        upd = domain::accounts::after_failed_login(static_cast<int>(counted - 1), now_ms);
        PASEO_RETURN_IF_ERROR(
            c.query("UPDATE users SET failed_logins = $1, locked_until = $2 WHERE id = $3",
                    {i64(upd.failed_logins), i64(upd.locked_until_ms), str(u.id)}));
      }
      return write_audit(c,
                         {u.id, email, u.organisation_id,
                          upd.locked_until_ms ? "auth.locked" : "auth.login_failed", "user", u.id,
                          origin.ip, u.found ? "wrong password" : "unknown email"},
                         now_ms);
    }));
    if (upd.locked_until_ms) {
      if (retry_after_ms) *retry_after_ms = upd.locked_until_ms - now_ms;
      return Error::rate_limited("too many failed logins; this account is locked for a while")
          .with_key("auth.locked");
    }
    return Error::unauthenticated(std::string(kBadCredentials)).with_key("auth.badCredentials");
  }
  if (u.status != "active")
    return Error::unauthenticated("this account is disabled").with_key("auth.accountDisabled");

  return db.write_value<NewSession>([&](Connection& c) -> Result<NewSession> {
    PASEO_RETURN_IF_ERROR(c.query(
        "UPDATE users SET failed_logins = 0, locked_until = 0, last_login_at = $1 WHERE id = $2",
        {i64(now_ms), str(u.id)}));
    PASEO_ASSIGN_OR_RETURN(NewSession s, open_session(c, u.id, origin, now_ms));
    if (s.principal.organisation_status == "suspended") {
      return Error::unauthenticated("this organisation is suspended")
          .with_key("auth.organisationSuspended");
    }
    PASEO_RETURN_IF_ERROR(write_audit(c,
                                      {u.id, email, u.organisation_id, "auth.login", "session",
                                       s.principal.session_id, origin.ip, ""},
                                      now_ms));
    return s;
  });
}

Status logout(Database& db, const Principal& who, const Origin& origin, std::int64_t now_ms) {
  return db.write([&](Connection& c) -> Status {
    PASEO_RETURN_IF_ERROR(c.query("DELETE FROM sessions WHERE id = $1 AND user_id = $2",
                                  {str(who.session_id), str(who.user_id)}));
    return write_audit(c,
                       {who.user_id, who.email, who.organisation_id, "auth.logout", "session",
                        who.session_id, origin.ip, ""},
                       now_ms);
  });
}

Result<std::int64_t> logout_all(Database& db, const Principal& who, const Origin& origin,
                                std::int64_t now_ms) {
  return db.write_value<std::int64_t>([&](Connection& c) -> Result<std::int64_t> {
    PASEO_ASSIGN_OR_RETURN(auto r,
                           c.query("DELETE FROM sessions WHERE user_id = $1", {str(who.user_id)}));
    PASEO_RETURN_IF_ERROR(
        write_audit(c,
                    {who.user_id, who.email, who.organisation_id, "auth.logout_all", "user",
                     who.user_id, origin.ip, "{\"sessions\":" + std::to_string(r.affected) + "}"},
                    now_ms));
    return r.affected;
  });
}

// --- password reset
// --------------------------------------------------------------------------------

Status request_password_reset(Database& db, const Settings& settings, std::string_view email_in,
                              const Origin& origin, std::int64_t now_ms) {
  const std::string email = domain::accounts::normalize_email(email_in);
  if (!domain::accounts::validate_email(email).ok()) return ok_status();
  return db.write([&](Connection& c) -> Status {
    PASEO_ASSIGN_OR_RETURN(auto rows,
                           c.query("SELECT id, name, locale, organisation_id, status FROM users"
                                   " WHERE email = $1",
                                   {str(email)}));
    if (rows.empty() || rows.front().get_string(4) != "active") {
      return write_audit(
          c,
          {"", email, "", "auth.password_reset_requested", "user", "", origin.ip, "unknown email"},
          now_ms);
    }
    const auto& r = rows.front();
    const std::string user_id = r.get_string(0);
    const std::string token = random_token(32);
    const std::int64_t expires = now_ms + kPasswordResetTtlMs;
    PASEO_RETURN_IF_ERROR(
        c.query("INSERT INTO password_resets (token_hash, user_id, created_at, expires_at)"
                " VALUES ($1, $2, $3, $4)",
                {str(token_hash(token)), str(user_id), i64(now_ms), i64(expires)}));
    OutgoingEmail mail;
    mail.to = email;
    mail.template_name = "password_reset";
    mail.locale = r.get_string(2);
    mail.organisation_id = r.get_string(3);
    mail.vars = {{"name", r.get_string(1)},
                 {"reset_url", settings.public_url + "/reset-password?token=" + token},
                 {"expires_minutes", std::to_string(kPasswordResetTtlMs / kMinuteMs)},
                 {"expires_at", format_utc(from_epoch_ms(expires))}};
    PASEO_RETURN_IF_ERROR(enqueue_email(c, mail, now_ms));
    return write_audit(c,
                       {"", email, r.get_string(3), "auth.password_reset_requested", "user",
                        user_id, origin.ip, ""},
                       now_ms);
  });
}

Status confirm_password_reset(Database& db, std::string_view token, std::string_view new_password,
                              const Origin& origin, std::int64_t now_ms,
                              std::string_view password_field) {
  if (token.empty() || token.size() > 200) return token_error();
  const std::string hash = token_hash(token);
  struct Target {
    std::string user_id, email, name, locale, organisation_id;
  };
  PASEO_ASSIGN_OR_RETURN(Target t, db.read_value<Target>([&](Connection& c) -> Result<Target> {
    PASEO_ASSIGN_OR_RETURN(
        auto rows, c.query("SELECT u.id, u.email, u.name, u.locale, u.organisation_id"
                           " FROM password_resets p JOIN users u ON u.id = p.user_id"
                           " WHERE p.token_hash = $1 AND p.used_at IS NULL AND p.expires_at > $2",
                           {str(hash), i64(now_ms)}));
    if (rows.empty()) return token_error();
    const auto& r = rows.front();
    return Target{r.get_string(0), r.get_string(1), r.get_string(2), r.get_string(3),
                  r.get_string(4)};
  }));
  PASEO_RETURN_IF_ERROR(domain::accounts::validate_password(new_password, t.email, password_field));
  PASEO_ASSIGN_OR_RETURN(std::string pw_hash, hash_password(new_password));
  return db.write([&](Connection& c) -> Status {
    PASEO_ASSIGN_OR_RETURN(auto used,
                           c.query("UPDATE password_resets SET used_at = $1 WHERE token_hash = $2"
                                   " AND used_at IS NULL AND expires_at > $1",
                                   {i64(now_ms), str(hash)}));
    if (used.affected != 1) return token_error();
    // Every other outstanding link of this user dies too.
    PASEO_RETURN_IF_ERROR(
        c.query("UPDATE password_resets SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL",
                {i64(now_ms), str(t.user_id)}));
    PASEO_RETURN_IF_ERROR(c.query(
        "UPDATE users SET password_hash = $1, failed_logins = 0, locked_until = 0, updated_at = $2"
        " WHERE id = $3",
        {str(pw_hash), i64(now_ms), str(t.user_id)}));
    PASEO_ASSIGN_OR_RETURN(auto ended,
                           c.query("DELETE FROM sessions WHERE user_id = $1", {str(t.user_id)}));
    OutgoingEmail mail;
    mail.to = t.email;
    mail.template_name = "password_changed";
    mail.locale = t.locale;
    mail.organisation_id = t.organisation_id;
    mail.vars = {
        {"name", t.name}, {"changed_at", format_utc(from_epoch_ms(now_ms))}, {"ip", origin.ip}};
    PASEO_RETURN_IF_ERROR(enqueue_email(c, mail, now_ms));
    return write_audit(
        c,
        {t.user_id, t.email, t.organisation_id, "auth.password_reset", "user", t.user_id, origin.ip,
         "{\"sessions_ended\":" + std::to_string(ended.affected) + "}"},
        now_ms);
  });
}

// --- profile and password ---------------------------------------------------------------------

Result<Principal> update_profile(Database& db, const Principal& who,
                                 const std::optional<std::string>& name,
                                 const std::optional<std::string>& locale, const Origin& origin,
                                 std::int64_t now_ms) {
  std::string new_name = name ? internal::trim(*name) : who.name;
  if (name) PASEO_RETURN_IF_ERROR(internal::check_name(new_name, true));
  std::string new_locale = who.locale;
  if (locale) {
    if (*locale != "es" && *locale != "en" && *locale != "fr") {
      return Error::invalid_argument("locale must be es, en or fr", "locale");
    }
    new_locale = *locale;
  }
  return db.write_value<Principal>([&](Connection& c) -> Result<Principal> {
    PASEO_RETURN_IF_ERROR(
        c.query("UPDATE users SET name = $1, locale = $2, updated_at = $3 WHERE id = $4",
                {str(new_name), str(new_locale), i64(now_ms), str(who.user_id)}));
    PASEO_RETURN_IF_ERROR(
        write_audit(c,
                    {who.user_id, who.email, who.organisation_id, "user.profile_updated", "user",
                     who.user_id, origin.ip, "{\"locale\":" + json_quote(new_locale) + "}"},
                    now_ms));
    PASEO_ASSIGN_OR_RETURN(Principal p, load_principal(c, who.user_id));
    p.session_id = who.session_id;
    p.csrf_hash = who.csrf_hash;
    p.session_expires_at = who.session_expires_at;
    return p;
  });
}

Status change_password(Database& db, const Principal& who, std::string_view current_password,
                       std::string_view new_password, const Origin& origin, std::int64_t now_ms) {
  PASEO_ASSIGN_OR_RETURN(
      std::string hash, db.read_value<std::string>([&](Connection& c) -> Result<std::string> {
        PASEO_ASSIGN_OR_RETURN(auto rows, c.query("SELECT password_hash FROM users WHERE id = $1",
                                                  {str(who.user_id)}));
        if (rows.empty()) return Error::unauthenticated("not logged in");
        return rows.front().get_string(0);
      }));
  if (current_password.size() > domain::accounts::kMaxPasswordLength ||
      !verify_password(hash, current_password)) {
    return Error::invalid_argument("the current password is not right", "currentPassword")
        .with_key("account.currentPasswordWrong");
  }
  PASEO_RETURN_IF_ERROR(
      domain::accounts::validate_password(new_password, who.email, "newPassword"));
  PASEO_ASSIGN_OR_RETURN(std::string new_hash, hash_password(new_password));
  return db.write([&](Connection& c) -> Status {
    PASEO_RETURN_IF_ERROR(
        c.query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3",
                {str(new_hash), i64(now_ms), str(who.user_id)}));
    PASEO_ASSIGN_OR_RETURN(auto ended,
                           c.query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2",
                                   {str(who.user_id), str(who.session_id)}));
    PASEO_RETURN_IF_ERROR(
        c.query("UPDATE password_resets SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL",
                {i64(now_ms), str(who.user_id)}));
    OutgoingEmail mail;
    mail.to = who.email;
    mail.template_name = "password_changed";
    mail.locale = who.locale;
    mail.organisation_id = who.organisation_id;
    mail.vars = {
        {"name", who.name}, {"changed_at", format_utc(from_epoch_ms(now_ms))}, {"ip", origin.ip}};
    PASEO_RETURN_IF_ERROR(enqueue_email(c, mail, now_ms));
    return write_audit(
        c,
        {who.user_id, who.email, who.organisation_id, "auth.password_changed", "user", who.user_id,
         origin.ip, "{\"other_sessions_ended\":" + std::to_string(ended.affected) + "}"},
        now_ms);
  });
}

// --- organisation users and invitations --------------------------------------------------------

Result<std::vector<UserSummary>> list_organisation_users(Database& db,
                                                         std::string_view organisation_id) {
  return db.read_value<std::vector<UserSummary>>(
      [&](Connection& c) -> Result<std::vector<UserSummary>> {
        PASEO_ASSIGN_OR_RETURN(
            auto rows, c.query("SELECT id, email, name, role, status, last_login_at, created_at"
                               " FROM users WHERE organisation_id = $1 ORDER BY created_at, email",
                               {str(organisation_id)}));
        std::vector<UserSummary> out;
        for (const auto& r : rows.rows) {
          out.push_back({r.get_string(0), r.get_string(1), r.get_string(2), r.get_string(3),
                         r.get_string(4), r.get_optional_int(5), r.get_int(6)});
        }
        return out;
      });
}

namespace {

Invitation invitation_from_row(const storage::Row& r, std::int64_t now_ms) {
  Invitation inv;
  inv.id = r.get_string(0);
  inv.email = r.get_string(1);
  inv.name = r.get_string(2);
  inv.role = r.get_string(3);
  inv.created_at = r.get_int(4);
  inv.expires_at = r.get_int(5);
  if (!r.is_null(6)) {
    inv.status = "accepted";
  } else if (!r.is_null(7)) {
    inv.status = "revoked";
  } else if (inv.expires_at <= now_ms) {
    inv.status = "expired";
  } else {
    inv.status = "pending";
  }
  return inv;
}

constexpr std::string_view kInvitationColumns =
    "id, email, name, role, created_at, expires_at, accepted_at, revoked_at";

}  // namespace

Result<std::vector<Invitation>> list_invitations(Database& db, std::string_view organisation_id,
                                                 std::int64_t now_ms) {
  return db.read_value<std::vector<Invitation>>(
      [&](Connection& c) -> Result<std::vector<Invitation>> {
        PASEO_ASSIGN_OR_RETURN(auto rows, c.query("SELECT " + std::string(kInvitationColumns) +
                                                      " FROM invitations WHERE organisation_id = $1"
                                                      " ORDER BY created_at DESC, id",
                                                  {str(organisation_id)}));
        std::vector<Invitation> out;
        for (const auto& r : rows.rows) out.push_back(invitation_from_row(r, now_ms));
        return out;
      });
}

namespace {

// Invites `email` into organisation `org_id` (named `org_name`) with `role`; the caller checked
// that `inviter` may do so.
Result<Invitation> invite(Database& db, const Settings& settings, const Principal& owner,
                          const std::string& org_id, const std::string& org_name,
                          std::string_view email_in, std::string_view name_in,
                          std::string_view role, const Origin& origin, std::int64_t now_ms) {
  const std::string email = domain::accounts::normalize_email(email_in);
  PASEO_RETURN_IF_ERROR(internal::check_email(email));
  const std::string name = internal::trim(name_in);
  PASEO_RETURN_IF_ERROR(internal::check_name(name, false));
  return db.write_value<Invitation>([&](Connection& c) -> Result<Invitation> {
    PASEO_ASSIGN_OR_RETURN(auto existing,
                           c.query("SELECT 1 FROM users WHERE email = $1", {str(email)}));
    if (!existing.empty()) {
      return Error::conflict("this email already has a Paseo account", "email")
          .with_key("account.emailTaken");
    }
    PASEO_RETURN_IF_ERROR(
        c.query("UPDATE invitations SET revoked_at = $1 WHERE organisation_id = $2 AND email = $3"
                " AND accepted_at IS NULL AND revoked_at IS NULL",
                {i64(now_ms), str(org_id), str(email)}));
    Invitation inv;
    inv.id = random_uuid();
    inv.email = email;
    inv.name = name;
    inv.role = std::string(role);
    inv.status = "pending";
    inv.created_at = now_ms;
    inv.expires_at = now_ms + kInvitationTtlMs;
    const std::string token = random_token(32);
    PASEO_RETURN_IF_ERROR(c.query(
        "INSERT INTO invitations (id, token_hash, organisation_id, email, name, role, invited_by,"
        " created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        {str(inv.id), str(token_hash(token)), str(org_id), str(email), str(name), str(role),
         str(owner.user_id), i64(now_ms), i64(inv.expires_at)}));
    OutgoingEmail mail;
    mail.to = email;
    mail.template_name = "staff_invitation";
    mail.locale = owner.locale;
    mail.organisation_id = org_id;
    mail.vars = {{"name", name},
                 {"inviter_name", owner.name.empty() ? owner.email : owner.name},
                 {"organisation_name", org_name},
                 {"accept_url", settings.public_url + "/accept-invitation?token=" + token},
                 {"expires_days", std::to_string(kInvitationTtlMs / kDayMs)}};
    PASEO_RETURN_IF_ERROR(enqueue_email(c, mail, now_ms));
    PASEO_RETURN_IF_ERROR(
        write_audit(c,
                    {owner.user_id, owner.email, owner.organisation_id, "invitation.created",
                     "invitation", inv.id, origin.ip,
                     "{\"email\":" + json_quote(email) + ",\"role\":" + json_quote(role) + "}"},
                    now_ms));
    return inv;
  });
}

}  // namespace

Result<Invitation> create_invitation(Database& db, const Settings& settings, const Principal& owner,
                                     std::string_view email, std::string_view name,
                                     std::string_view role, const Origin& origin,
                                     std::int64_t now_ms) {
  if (role != "supplier_staff" && role != "supplier_owner") {
    return Error::invalid_argument("role must be supplier_staff or supplier_owner", "role");
  }
  if (owner.organisation_kind != "supplier") {
    return Error::permission_denied("only supplier organisations invite staff");
  }
  return invite(db, settings, owner, owner.organisation_id, owner.organisation_name, email, name,
                role, origin, now_ms);
}

Result<Invitation> create_invitation_as_operator(Database& db, const Settings& settings,
                                                 const Principal& staff,
                                                 std::string_view organisation_id,
                                                 std::string_view email, std::string_view name,
                                                 std::string_view role_name, const Origin& origin,
                                                 std::int64_t now_ms) {
  auto role = domain::accounts::parse_role(role_name);
  if (!role) return Error::invalid_argument("unknown role", "role");
  if (*role == domain::accounts::Role::kPlatformAdmin && staff.role != "platform_admin") {
    return Error::permission_denied("only platform admins invite platform admins");
  }
  PASEO_ASSIGN_OR_RETURN(auto org, find_organisation(db, organisation_id));
  if (domain::accounts::organisation_kind_for(*role) != org.kind) {
    return Error::invalid_argument(
        "role " + std::string(role_name) + " does not exist in a " + org.kind + " organisation",
        "role");
  }
  return invite(db, settings, staff, org.id, org.name, email, name, role_name, origin, now_ms);
}

Status revoke_invitation(Database& db, const Principal& owner, std::string_view invitation_id,
                         const Origin& origin, std::int64_t now_ms) {
  return db.write([&](Connection& c) -> Status {
    PASEO_ASSIGN_OR_RETURN(
        auto r, c.query("UPDATE invitations SET revoked_at = $1 WHERE id = $2"
                        " AND organisation_id = $3 AND accepted_at IS NULL AND revoked_at IS NULL",
                        {i64(now_ms), str(invitation_id), str(owner.organisation_id)}));
    if (r.affected != 1) return Error::not_found("invitation not found", "id");
    return write_audit(c,
                       {owner.user_id, owner.email, owner.organisation_id, "invitation.revoked",
                        "invitation", std::string(invitation_id), origin.ip, ""},
                       now_ms);
  });
}

Result<NewSession> accept_invitation(Database& db, std::string_view token, std::string_view name_in,
                                     std::string_view password, const Origin& origin,
                                     std::int64_t now_ms) {
  if (token.empty() || token.size() > 200) return token_error();
  const std::string hash = token_hash(token);
  struct Inv {
    std::string id, organisation_id, email, name, role;
  };
  PASEO_ASSIGN_OR_RETURN(Inv inv, db.read_value<Inv>([&](Connection& c) -> Result<Inv> {
    PASEO_ASSIGN_OR_RETURN(
        auto rows, c.query("SELECT id, organisation_id, email, name, role FROM invitations"
                           " WHERE token_hash = $1 AND accepted_at IS NULL AND revoked_at IS NULL"
                           " AND expires_at > $2",
                           {str(hash), i64(now_ms)}));
    if (rows.empty()) return token_error();
    const auto& r = rows.front();
    return Inv{r.get_string(0), r.get_string(1), r.get_string(2), r.get_string(3), r.get_string(4)};
  }));
  std::string name = internal::trim(name_in);
  if (name.empty()) name = inv.name;
  PASEO_RETURN_IF_ERROR(internal::check_name(name, false));
  PASEO_RETURN_IF_ERROR(domain::accounts::validate_password(password, inv.email));
  PASEO_ASSIGN_OR_RETURN(std::string pw_hash, hash_password(password));
  return db.write_value<NewSession>([&](Connection& c) -> Result<NewSession> {
    PASEO_ASSIGN_OR_RETURN(
        auto upd, c.query("UPDATE invitations SET accepted_at = $1 WHERE id = $2"
                          " AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $1",
                          {i64(now_ms), str(inv.id)}));
    if (upd.affected != 1) return token_error();
    PASEO_ASSIGN_OR_RETURN(auto existing,
                           c.query("SELECT 1 FROM users WHERE email = $1", {str(inv.email)}));
    if (!existing.empty()) {
      return Error::conflict("this email already has a Paseo account", "email")
          .with_key("account.emailTaken");
    }
    PASEO_ASSIGN_OR_RETURN(auto org, c.query("SELECT locale FROM organisations WHERE id = $1",
                                             {str(inv.organisation_id)}));
    const std::string locale = org.empty() ? "en" : org.front().get_string(0);
    const std::string user_id = random_uuid();
    PASEO_RETURN_IF_ERROR(
        c.query("INSERT INTO users (id, organisation_id, email, password_hash, name, role, locale,"
                " created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
                {str(user_id), str(inv.organisation_id), str(inv.email), str(pw_hash), str(name),
                 str(inv.role), str(locale), i64(now_ms)}));
    PASEO_ASSIGN_OR_RETURN(NewSession s, open_session(c, user_id, origin, now_ms));
    PASEO_RETURN_IF_ERROR(write_audit(c,
                                      {user_id, inv.email, inv.organisation_id,
                                       "invitation.accepted", "invitation", inv.id, origin.ip, ""},
                                      now_ms));
    return s;
  });
}

// --- organisations (operator) ----------------------------------------------------------------

namespace {

OrganisationSummary organisation_from_row(const storage::Row& r) {
  return {r.get_string(0), r.get_string(1), r.get_string(2),
          r.get_string(3), r.get_string(4), r.get_int(5)};
}

}  // namespace

Result<std::vector<OrganisationSummary>> list_organisations(Database& db, std::string_view kind) {
  return db.read_value<std::vector<OrganisationSummary>>(
      [&](Connection& c) -> Result<std::vector<OrganisationSummary>> {
        const std::string base =
            "SELECT id, kind, name, status, email, created_at FROM organisations";
        auto q = kind.empty()
                     ? c.query(base + " ORDER BY created_at DESC, id")
                     : c.query(base + " WHERE kind = $1 ORDER BY created_at DESC, id", {str(kind)});
        PASEO_ASSIGN_OR_RETURN(auto rows, std::move(q));
        std::vector<OrganisationSummary> out;
        for (const auto& r : rows.rows) out.push_back(organisation_from_row(r));
        return out;
      });
}

Result<OrganisationSummary> find_organisation(Database& db, std::string_view id) {
  return db.read_value<OrganisationSummary>([&](Connection& c) -> Result<OrganisationSummary> {
    PASEO_ASSIGN_OR_RETURN(
        auto rows, c.query("SELECT id, kind, name, status, email, created_at FROM organisations"
                           " WHERE id = $1",
                           {str(id)}));
    if (rows.empty()) return Error::not_found("organisation not found", "id");
    return organisation_from_row(rows.front());
  });
}

Result<OrganisationSummary> create_organisation(Database& db, const Principal& staff,
                                                std::string_view kind, std::string_view name_in,
                                                std::string_view email_in, const Origin& origin,
                                                std::int64_t now_ms) {
  if (kind != "reseller" && kind != "partner") {
    return Error::invalid_argument("kind must be reseller or partner", "kind");
  }
  const std::string name = internal::trim(name_in);
  PASEO_RETURN_IF_ERROR(internal::check_name(name, true));
  const std::string email = domain::accounts::normalize_email(email_in);
  if (!email.empty()) PASEO_RETURN_IF_ERROR(internal::check_email(email));
  OrganisationSummary o{random_uuid(), std::string(kind), name, "active", email, now_ms};
  PASEO_ACCOUNTS_RETURN_IF_ERROR(db.write([&](Connection& c) -> Status {
    PASEO_RETURN_IF_ERROR(
        c.query("INSERT INTO organisations (id, kind, name, status, email, created_at)"
                " VALUES ($1, $2, $3, 'active', $4, $5)",
                {str(o.id), str(o.kind), str(o.name), str(o.email), i64(now_ms)}));
    return write_audit(c,
                       {staff.user_id, staff.email, o.id, "organisation.created", "organisation",
                        o.id, origin.ip, "{\"kind\":" + json_quote(kind) + "}"},
                       now_ms);
  }));
  return o;
}

// --- housekeeping ----------------------------------------------------------------------------

Result<std::int64_t> purge_expired(Database& db, std::int64_t now_ms) {
  return db.write_value<std::int64_t>([&](Connection& c) -> Result<std::int64_t> {
    PASEO_ASSIGN_OR_RETURN(
        auto s, c.query("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at < $2",
                        {i64(now_ms), i64(now_ms - kSessionIdleMs)}));
    PASEO_ASSIGN_OR_RETURN(
        auto r, c.query("DELETE FROM password_resets WHERE (used_at IS NOT NULL AND used_at < $1)"
                        " OR expires_at < $1",
                        {i64(now_ms - kDayMs)}));
    return s.affected + r.affected;
  });
}

// --- bootstrap ---------------------------------------------------------------------------------

Status ensure_platform_admin(Database& db, std::string_view email, std::string_view password) {
  return ensure_platform_admin(db, email, password, to_epoch_ms(SystemClock().now()));
}

Status ensure_platform_admin(Database& db, std::string_view email_in, std::string_view password,
                             std::int64_t now_ms) {
  const std::string email = domain::accounts::normalize_email(email_in);
  PASEO_RETURN_IF_ERROR(internal::check_email(email));
  PASEO_ASSIGN_OR_RETURN(std::string existing_role,
                         db.read_value<std::string>([&](Connection& c) -> Result<std::string> {
                           PASEO_ASSIGN_OR_RETURN(
                               auto rows,
                               c.query("SELECT role FROM users WHERE email = $1", {str(email)}));
                           return rows.empty() ? std::string() : rows.front().get_string(0);
                         }));
  if (existing_role == "platform_admin") return ok_status();
  if (!existing_role.empty()) {
    return Error::failed_precondition(email + " already exists and is not a platform admin",
                                      "email");
  }
  PASEO_RETURN_IF_ERROR(domain::accounts::validate_password(password, email));
  PASEO_ASSIGN_OR_RETURN(std::string pw_hash, hash_password(password));
  return db.write([&](Connection& c) -> Status {
    PASEO_ASSIGN_OR_RETURN(auto orgs, c.query("SELECT id FROM organisations WHERE kind = 'platform'"
                                              " ORDER BY created_at, id LIMIT 1"));
    std::string org_id;
    if (orgs.empty()) {
      org_id = "platform";
      PASEO_RETURN_IF_ERROR(
          c.query("INSERT INTO organisations (id, kind, name, status, created_at)"
                  " VALUES ($1, 'platform', 'Paseo', 'active', $2)",
                  {str(org_id), i64(now_ms)}));
    } else {
      org_id = orgs.front().get_string(0);
    }
    PASEO_ASSIGN_OR_RETURN(auto again,
                           c.query("SELECT 1 FROM users WHERE email = $1", {str(email)}));
    if (!again.empty()) return ok_status();  // created concurrently
    const std::string user_id = random_uuid();
    PASEO_RETURN_IF_ERROR(c.query(
        "INSERT INTO users (id, organisation_id, email, password_hash, name, role, created_at,"
        " updated_at) VALUES ($1, $2, $3, $4, 'Platform admin', 'platform_admin', $5, $5)",
        {str(user_id), str(org_id), str(email), str(pw_hash), i64(now_ms)}));
    return write_audit(
        c, {"", email, org_id, "admin.bootstrap", "user", user_id, "", "platform admin"}, now_ms);
  });
}

Status ensure_organisation_user(Database& db, std::string_view organisation_id,
                                std::string_view email_in, std::string_view password,
                                std::string_view role_in, std::string_view name,
                                std::int64_t now_ms) {
  const std::string email = domain::accounts::normalize_email(email_in);
  PASEO_RETURN_IF_ERROR(internal::check_email(email));
  const auto role = domain::accounts::parse_role(role_in);
  if (!role) return Error::invalid_argument("unknown role '" + std::string(role_in) + "'", "role");
  struct Existing {
    std::string org_kind;
    std::string user_org;
    std::string user_role;
  };
  PASEO_ASSIGN_OR_RETURN(
      Existing existing, db.read_value<Existing>([&](Connection& c) -> Result<Existing> {
        PASEO_ASSIGN_OR_RETURN(auto org, c.query("SELECT kind FROM organisations WHERE id = $1",
                                                 {str(std::string(organisation_id))}));
        if (org.empty()) return Error::not_found("organisation not found", "organisation_id");
        PASEO_ASSIGN_OR_RETURN(auto user, c.query("SELECT organisation_id, role FROM users"
                                                  " WHERE email = $1",
                                                  {str(email)}));
        Existing e{org.front().get_string(0), "", ""};
        if (!user.empty()) {
          e.user_org = user.front().get_string(0);
          e.user_role = user.front().get_string(1);
        }
        return e;
      }));
  if (domain::accounts::organisation_kind_for(*role) != existing.org_kind) {
    return Error::invalid_argument("role '" + std::string(role_in) + "' does not belong in a " +
                                       existing.org_kind + " organisation",
                                   "role");
  }
  if (!existing.user_org.empty()) {
    if (existing.user_org == organisation_id && existing.user_role == role_in) return ok_status();
    return Error::failed_precondition(email + " already belongs to another account", "email");
  }
  PASEO_RETURN_IF_ERROR(domain::accounts::validate_password(password, email));
  PASEO_ASSIGN_OR_RETURN(std::string pw_hash, hash_password(password));
  return db.write([&](Connection& c) -> Status {
    PASEO_ASSIGN_OR_RETURN(auto again,
                           c.query("SELECT 1 FROM users WHERE email = $1", {str(email)}));
    if (!again.empty()) return ok_status();  // created concurrently
    const std::string user_id = random_uuid();
    PASEO_RETURN_IF_ERROR(c.query(
        "INSERT INTO users (id, organisation_id, email, password_hash, name, role, created_at,"
        " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
        {str(user_id), str(std::string(organisation_id)), str(email), str(pw_hash),
         str(std::string(name)), str(std::string(role_in)), i64(now_ms)}));
    return write_audit(c,
                       {"", email, std::string(organisation_id), "user.bootstrap", "user", user_id,
                        "", std::string(role_in)},
                       now_ms);
  });
}

}  // namespace paseo::app::accounts
