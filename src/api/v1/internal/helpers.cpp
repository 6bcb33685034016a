#include "api/v1/internal/helpers.h"

#include <algorithm>
#include <chrono>
#include <iterator>

#include "common/clock.h"

namespace paseo::api::v1::internal {

std::int64_t now_ms(const ApiContext& ctx) { return to_epoch_ms(ctx.clock.now()); }

app::accounts::Origin origin_of(const http::Request& req) {
  std::string ua(req.header("User-Agent"));
  if (ua.size() > 300) ua.resize(300);
  return {req.remote_address, ua};
}

app::accounts::Settings settings_of(const ApiContext& ctx) {
  return {ctx.public_url, ctx.data_dir};
}

std::int64_t RateLimiter::take(const std::string& key, double capacity, std::int64_t period_ms,
                               std::int64_t now) {
  std::lock_guard lock(mu_);
  if (buckets_.size() > 100'000) {
    // Bounded memory under a flood of distinct keys: forget buckets idle for a long time.
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      it = now - it->second.updated_ms > 3'600'000 ? buckets_.erase(it) : std::next(it);
    }
  }
  return buckets_[key].take(now, capacity, period_ms);
}

http::Response rate_limited(std::int64_t wait_ms, std::string message) {
  const std::int64_t seconds = std::max<std::int64_t>(1, (wait_ms + 999) / 1000);
  return error_reply(Error::rate_limited(std::move(message))
                         .with_key("auth.tooManyAttempts", {{"seconds", std::to_string(seconds)}}),
                     static_cast<int>(seconds));
}

http::Handler wrap(ResultHandler fn) {
  return [fn = std::move(fn)](http::Request& req) -> http::Response {
    auto r = fn(req);
    if (!r.ok()) return error_reply(r.error());
    return std::move(r).value();
  };
}

std::string iso(std::int64_t ms) { return format_utc(from_epoch_ms(ms)); }

void write_user(http::JsonWriter& w, const app::accounts::Principal& p) {
  w.start_object();
  w.field("id", p.user_id);
  w.field("email", p.email);
  w.field("name", p.name);
  w.field("locale", p.locale);
  w.key("roles").start_array().string(p.role).end_array();
  w.end_object();
}

void write_organisation(http::JsonWriter& w, const app::accounts::Principal& p) {
  w.start_object();
  w.field("id", p.organisation_id);
  w.field("kind", p.organisation_kind);
  w.field("name", p.organisation_name);
  w.field("status", p.organisation_status);
  w.field("currency", p.organisation_currency);
  w.field("timezone", p.organisation_timezone);
  w.end_object();
}

void write_document(http::JsonWriter& w, const app::accounts::DocumentInfo& d) {
  w.start_object();
  w.field("id", d.id);
  w.field("kind", d.kind);
  w.field("filename", d.filename);
  w.field("contentType", d.content_type);
  w.field("size", d.size_bytes);
  w.field("sha256", d.sha256);
  w.field("status", d.status);
  w.field("expiresOn", d.expires_on);
  w.field("rejectReason", d.review_reason);
  w.field("uploadedAt", iso(d.uploaded_at));
  w.key("reviewedAt");
  if (d.reviewed_at) {
    w.string(iso(*d.reviewed_at));
  } else {
    w.null();
  }
  w.end_object();
}

void write_application(http::JsonWriter& w, const app::accounts::Application& a, bool staff) {
  w.start_object();
  w.field("id", a.id);
  w.field("organisationId", a.organisation_id);
  w.field("status", a.status);
  w.field("statusReason", a.status_reason);
  if (staff) {
    // What the back office's status menu may offer from here (domain/accounts/application.h).
    w.key("nextStatuses").start_array();
    if (auto from = domain::accounts::parse_application_status(a.status)) {
      for (auto s : domain::accounts::next_statuses(*from, domain::accounts::Actor::kStaff)) {
        w.string(domain::accounts::application_status_name(s));
      }
    }
    w.end_array();
  }
  w.field("organisationStatus", a.organisation_status);
  w.field("companyName", a.company);
  w.field("contactName", a.contact_name);
  w.field("email", a.email);
  w.field("phone", a.phone);
  w.key("destinations").start_array();
  for (const auto& d : a.destinations) w.string(d);
  w.end_array();
  w.key("activityKinds").start_array();
  for (const auto& d : a.activity_kinds) w.string(d);
  w.end_array();
  w.field("website", a.website);
  w.field("message", a.message);
  w.field("locale", a.locale);
  w.field("submittedAt", iso(a.created_at));
  w.field("updatedAt", iso(a.updated_at));
  w.key("history").start_array();
  for (const auto& e : a.history) {
    w.start_object();
    w.field("at", iso(e.at));
    w.field("fromStatus", e.from_status);
    w.field("status", e.to_status);
    w.field("reason", e.reason);
    if (staff) w.field("by", e.actor_user_id);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

namespace {

http::CookieOptions cookie_options(const http::Request& req, bool http_only) {
  http::CookieOptions o;
  o.http_only = http_only;
  o.secure = req.secure;
  o.same_site = "Lax";
  o.path = "/";
  o.max_age = std::chrono::seconds(app::accounts::kSessionMaxMs / 1000);
  return o;
}

}  // namespace

http::Response session_response(const http::Request& req, const app::accounts::NewSession& s) {
  http::JsonWriter w;
  w.start_object();
  w.key("user");
  write_user(w, s.principal);
  w.key("organisation");
  write_organisation(w, s.principal);
  w.field("csrfToken", s.csrf_token);
  w.field("expiresAt", iso(s.principal.session_expires_at));
  w.end_object();
  http::Response res = http::Response::json(200, w.take());
  res.set_header(
      "Set-Cookie",
      http::format_set_cookie(kSessionCookie, s.token, cookie_options(req, true)) + "\n" +
          http::format_set_cookie(kCsrfCookie, s.csrf_token, cookie_options(req, false)));
  res.set_header("Cache-Control", "no-store");
  return res;
}

void clear_session_cookies(const http::Request& req, http::Response& res) {
  auto o1 = cookie_options(req, true);
  auto o2 = cookie_options(req, false);
  o1.max_age = o2.max_age = std::chrono::seconds(0);
  res.set_header("Set-Cookie", http::format_set_cookie(kSessionCookie, "", o1) + "\n" +
                                   http::format_set_cookie(kCsrfCookie, "", o2));
}

Result<std::string> string_or_empty(const http::JsonValue& obj, std::string_view key) {
  PASEO_ASSIGN_OR_RETURN(auto v, http::optional_string(obj, key));
  return v ? *v : std::string();
}

}  // namespace paseo::api::v1::internal
