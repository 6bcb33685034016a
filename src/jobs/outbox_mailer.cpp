#include "jobs/outbox_mailer.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <optional>
#include <random>

#include <curl/curl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include "app/email_templates.h"
#include "common/random.h"

namespace paseo::jobs {
namespace {

// Claims due rows. The outer WHERE repeats the claimable condition on purpose: on PostgreSQL a
// concurrent claimer blocked on the same row re-evaluates it against the committed new version
// (READ COMMITTED) and skips the row, so each row goes to exactly one worker.
constexpr std::string_view kClaimSql =
    "UPDATE outbox SET status = 'sending', claimed_by = $1, claimed_until = $2, "
    "attempts = attempts + 1 "
    "WHERE id IN (SELECT id FROM outbox "
    "             WHERE (status = 'pending' AND next_attempt_at <= $3) "
    "                OR (status = 'sending' AND claimed_until < $3) "
    "             ORDER BY next_attempt_at, created_at LIMIT $4) "
    "  AND ((status = 'pending' AND next_attempt_at <= $3) "
    "       OR (status = 'sending' AND claimed_until < $3)) "
    "RETURNING id, organisation_id, recipient, template, locale, vars, attempts, reply_to";

// Every transition after the claim holds only while this worker still owns the row.
constexpr std::string_view kRenewSql =
    "UPDATE outbox SET claimed_until = $1 "
    "WHERE id = $2 AND claimed_by = $3 AND status = 'sending'";
constexpr std::string_view kSentSql =
    "UPDATE outbox SET status = 'sent', sent_at = $1, claimed_until = NULL, last_error = '' "
    "WHERE id = $2 AND claimed_by = $3 AND status = 'sending'";
constexpr std::string_view kRetrySql =
    "UPDATE outbox SET status = 'pending', next_attempt_at = $1, last_error = $2, "
    "claimed_until = NULL "
    "WHERE id = $3 AND claimed_by = $4 AND status = 'sending'";
constexpr std::string_view kFailSql =
    "UPDATE outbox SET status = 'failed', last_error = $1, claimed_until = NULL "
    "WHERE id = $2 AND claimed_by = $3 AND status = 'sending'";
// Gives back a claimed row that was not tried (stop() during a batch); the attempt never happened.
constexpr std::string_view kReleaseSql =
    "UPDATE outbox SET status = 'pending', claimed_until = NULL, attempts = attempts - 1 "
    "WHERE id = $1 AND claimed_by = $2 AND status = 'sending'";

constexpr std::string_view kPurgeSql = "DELETE FROM outbox WHERE status = 'sent' AND sent_at < $1";

struct ClaimedRow {
  std::string id;
  std::string organisation_id;
  std::string recipient;
  std::string template_name;
  std::string locale;
  std::string vars_json;
  int attempts = 0;
  std::string reply_to;  // "" for none
};

enum class Outcome { kSent, kTransient, kPermanent };

struct SendResult {
  Outcome outcome = Outcome::kTransient;
  std::string error;
};

struct Message {
  std::string to;
  std::string reply_to;  // "" for none
  std::string subject;
  std::string text;
  std::string html;
  std::string message_id;  // without angle brackets
  Instant date;
};

void ensure_curl_initialised() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string strip_controls(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return out;
}

bool is_plain_ascii(std::string_view text) {
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7e) return false;
  }
  return text.find("=?") == std::string_view::npos;
}

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(bytes[k]); };
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned v = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i + 1 == bytes.size()) {
    unsigned v = byte(i) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    unsigned v = (byte(i) << 16) | (byte(i + 1) << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

std::string domain_of(std::string_view address) {
  std::size_t at = address.rfind('@');
  return at == std::string_view::npos ? std::string("paseo.local")
                                      : std::string(address.substr(at + 1));
}

std::string default_worker_id() {
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
  return std::string(host.data()) + ":" + std::to_string(getpid()) + ":" + random_hex(4);
}

// One SMTP transaction. Classifies the failure so the caller knows whether retrying can help.
SendResult send_smtp(const MailerOptions& o, const Message& m) {
  ensure_curl_initialised();
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return {Outcome::kTransient, "curl_easy_init failed"};

  std::array<char, CURL_ERROR_SIZE> errbuf{};
  curl_slist* recipients = curl_slist_append(nullptr, ("<" + m.to + ">").c_str());
  curl_slist* headers = nullptr;
  const std::string header_lines[] = {
      "Date: " + rfc5322_date(m.date),
      "From: " + format_mailbox(o.from_name, o.from_address),
      "To: <" + m.to + ">",
      // Checked again here: a header line is no place for what a row might hold.
      m.reply_to.empty() || !app::is_valid_email_address(m.reply_to)
          ? std::string()
          : "Reply-To: <" + m.reply_to + ">",
      "Subject: " + encode_header_text(m.subject),
      "Message-ID: <" + m.message_id + ">",
      "Auto-Submitted: auto-generated",
  };
  for (const std::string& h : header_lines) {
    if (!h.empty()) headers = curl_slist_append(headers, h.c_str());
  }

  // multipart/mixed { multipart/alternative { text/plain, text/html } }, as in curl's smtp-mime
  // example; the mixed level leaves room for attachments (tickets) later.
  curl_mime* mime = curl_mime_init(curl);
  curl_mime* alternative = curl_mime_init(curl);
  curl_mimepart* part = curl_mime_addpart(alternative);
  curl_mime_data(part, m.text.data(), m.text.size());
  curl_mime_type(part, "text/plain; charset=UTF-8");
  curl_mime_encoder(part, "quoted-printable");
  part = curl_mime_addpart(alternative);
  curl_mime_data(part, m.html.data(), m.html.size());
  curl_mime_type(part, "text/html; charset=UTF-8");
  curl_mime_encoder(part, "quoted-printable");
  part = curl_mime_addpart(mime);
  curl_mime_subparts(part, alternative);  // `mime` owns `alternative` from here on
  curl_mime_type(part, "multipart/alternative");
  curl_mime_headers(part, curl_slist_append(nullptr, "Content-Disposition: inline"), 1);

  curl_easy_setopt(curl, CURLOPT_URL, o.smtp_url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf.data());
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(o.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(o.send_timeout.count()));
  if (o.starttls) curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!o.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, o.ca_file.c_str());
  if (!o.verify_tls) {
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (!o.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, o.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, o.password.c_str());
  }
  const std::string mail_from = "<" + o.from_address + ">";
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_MIMEPOST, mime);

  CURLcode rc = curl_easy_perform(curl);
  long reply = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);

  curl_mime_free(mime);
  curl_slist_free_all(headers);
  curl_slist_free_all(recipients);
  curl_easy_cleanup(curl);

  if (rc == CURLE_OK) return {Outcome::kSent, {}};
  std::string error = std::string(curl_easy_strerror(rc));
  if (errbuf[0] != '\0') error += ": " + std::string(errbuf.data());
  if (reply != 0) error += " (SMTP reply " + std::to_string(reply) + ")";
  // A 5xx reply to the message itself is final. Refused logins and "STARTTLS/authentication
  // required" are configuration problems the operator can fix, so they stay transient rather
  // than failing every queued email.
  // A rejected MAIL FROM (curl says "MAIL failed: <code>") is about our sender, not this email.
  bool sender_rejected = std::string_view(errbuf.data()).find("MAIL failed") != std::string::npos;
  bool config_problem = rc == CURLE_LOGIN_DENIED || rc == CURLE_USE_SSL_FAILED || reply == 530 ||
                        reply == 534 || reply == 535 || reply == 538 || sender_rejected;
  if (reply >= 500 && reply < 600 && !config_problem) {
    return {Outcome::kPermanent, error};
  }
  return {Outcome::kTransient, error};
}

double random_jitter() {
  thread_local std::mt19937 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.8, 1.2)(rng);
}

}  // namespace

// --- Building blocks ---------------------------------------------------------------------------

std::chrono::milliseconds backoff_delay(int attempts, std::chrono::milliseconds base,
                                        std::chrono::milliseconds max, double jitter) {
  attempts = std::max(attempts, 1);
  jitter = std::clamp(jitter, 0.8, 1.2);
  double ms = static_cast<double>(base.count());
  for (int i = 1; i < attempts && ms < static_cast<double>(max.count()); ++i) ms *= 2;
  ms = std::min(ms, static_cast<double>(max.count())) * jitter;
  return std::chrono::milliseconds(std::max<std::int64_t>(1000, static_cast<std::int64_t>(ms)));
}

std::string encode_header_text(std::string_view text) {
  std::string clean = strip_controls(text);
  if (is_plain_ascii(clean)) return clean;
  // 45 bytes of UTF-8 become 60 base64 characters: "=?UTF-8?B?" + 60 + "?=" = 72 < 76.
  constexpr std::size_t kMaxChunk = 45;
  std::string out;
  std::size_t pos = 0;
  while (pos < clean.size()) {
    std::size_t end = std::min(pos + kMaxChunk, clean.size());
    // Never cut a multi-byte character: back off over continuation bytes (10xxxxxx).
    while (end < clean.size() && end > pos &&
           (static_cast<unsigned char>(clean[end]) & 0xC0) == 0x80) {
      --end;
    }
    if (end == pos) end = std::min(pos + kMaxChunk, clean.size());  // invalid UTF-8: just cut
    if (!out.empty()) out += ' ';
    out += "=?UTF-8?B?" + base64(std::string_view(clean).substr(pos, end - pos)) + "?=";
    pos = end;
  }
  return out;
}

std::string rfc5322_date(Instant t) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t secs = static_cast<std::time_t>(to_epoch_ms(t) / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

std::string format_mailbox(std::string_view name, std::string_view address) {
  std::string clean = strip_controls(name);
  std::string addr = "<" + strip_controls(address) + ">";
  if (clean.empty()) return addr;
  if (!is_plain_ascii(clean)) return encode_header_text(clean) + " " + addr;
  std::string quoted = "\"";
  for (char c : clean) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\" " + addr;
}

Status validate(const MailerOptions& o) {
  const std::string& url = o.smtp_url;
  if (url.rfind("smtp://", 0) != 0 && url.rfind("smtps://", 0) != 0) {
    return Error::invalid_argument("smtp url must start with smtp:// or smtps://", "smtp.url");
  }
  if (!app::is_valid_email_address(o.from_address)) {
    return Error::invalid_argument("'" + o.from_address + "' is not a valid from address",
                                   "smtp.from_address");
  }
  if (o.batch_size < 1 || o.batch_size > 1000) {
    return Error::invalid_argument("batch_size must be between 1 and 1000", "batch_size");
  }
  if (o.max_attempts < 1) {
    return Error::invalid_argument("max_attempts must be at least 1", "max_attempts");
  }
  if (o.poll_interval.count() <= 0 || o.connect_timeout.count() <= 0 ||
      o.send_timeout.count() <= 0 || o.backoff_base.count() <= 0) {
    return Error::invalid_argument("intervals and timeouts must be positive");
  }
  if (o.keep_sent.count() < 0) {
    return Error::invalid_argument("keep_sent must not be negative", "keep_sent");
  }
  if (o.backoff_max < o.backoff_base) {
    return Error::invalid_argument("backoff_max must be at least backoff_base", "backoff_max");
  }
  // The lease must outlast one whole send, or a slow send could be taken over and sent twice.
  if (o.lease <= o.send_timeout + o.connect_timeout) {
    return Error::invalid_argument("lease must be longer than connect_timeout + send_timeout",
                                   "lease");
  }
  return {};
}

// --- OutboxMailer ------------------------------------------------------------------------------

OutboxMailer::OutboxMailer(storage::Database& db, const Clock& clock, MailerOptions options)
    : db_(db), clock_(clock), options_(std::move(options)) {
  if (options_.worker_id.empty()) options_.worker_id = default_worker_id();
  ensure_curl_initialised();
}

OutboxMailer::~OutboxMailer() { stop(); }

Result<MailerPassStats> OutboxMailer::run_once() {
  PASEO_RETURN_IF_ERROR(validate(options_));
  const std::string& me = options_.worker_id;
  const std::int64_t lease_ms = options_.lease.count();

  std::int64_t now = to_epoch_ms(clock_.now());
  PASEO_ASSIGN_OR_RETURN(
      storage::QueryResult claimed,
      db_.write_value<storage::QueryResult>([&](storage::Connection& c) {
        return c.query(kClaimSql,
                       {me, now + lease_ms, now, static_cast<std::int64_t>(options_.batch_size)});
      }));

  std::vector<ClaimedRow> rows;
  for (const storage::Row& r : claimed.rows) {
    rows.push_back({r.get_string(0), r.get_string(1), r.get_string(2), r.get_string(3),
                    r.get_string(4), r.get_string(5), static_cast<int>(r.get_int(6)),
                    r.get_string(7)});
  }
  MailerPassStats stats;
  stats.claimed = static_cast<int>(rows.size());

  // Runs one conditional transition: kOwned when this worker still held the row (and the change
  // is committed), kNotOwned when another worker has taken it over, kDbError otherwise (the row
  // keeps its lease and is picked up again once the lease expires).
  enum class Transition { kOwned, kNotOwned, kDbError };
  auto transition = [&](std::string_view sql, storage::Params params) -> Transition {
    std::vector<storage::Value> values(params);
    auto affected =
        db_.write_value<std::int64_t>([&](storage::Connection& c) -> Result<std::int64_t> {
          PASEO_ASSIGN_OR_RETURN(storage::QueryResult r, c.query(sql, values));
          return r.affected;
        });
    if (!affected.ok()) {
      spdlog::error("outbox: could not update email: {}", affected.error().to_string());
      return Transition::kDbError;
    }
    return *affected == 1 ? Transition::kOwned : Transition::kNotOwned;
  };

  for (std::size_t i = 0; i < rows.size(); ++i) {
    const ClaimedRow& row = rows[i];
    if (stop_requested_.load()) {
      for (std::size_t j = i; j < rows.size(); ++j) (void)transition(kReleaseSql, {rows[j].id, me});
      break;
    }
    now = to_epoch_ms(clock_.now());
    Transition renewed = transition(kRenewSql, {now + lease_ms, row.id, me});
    if (renewed == Transition::kNotOwned) {
      spdlog::warn("outbox: lease on email {} lost to another worker; not sending it", row.id);
      ++stats.lost_lease;
      continue;
    }
    if (renewed == Transition::kDbError) continue;  // not sent; retried after the lease

    SendResult result;
    auto vars = app::decode_email_vars(row.vars_json);
    Result<app::RenderedEmail> email = vars.ok()
                                           ? app::render_email(row.template_name, row.locale, *vars)
                                           : Result<app::RenderedEmail>(vars.error());
    if (!app::is_valid_email_address(row.recipient)) {
      result = {Outcome::kPermanent, "invalid recipient address"};
    } else if (!email.ok()) {
      result = {Outcome::kPermanent, "cannot render: " + email.error().message};
    } else {
      if (!email->missing_vars.empty()) {
        std::string names;
        for (const std::string& v : email->missing_vars) names += (names.empty() ? "" : ", ") + v;
        spdlog::warn("outbox: email {} ({}) lacks variables {}; they render empty", row.id,
                     row.template_name, names);
      }
      Message message{row.recipient,
                      row.reply_to,
                      std::move(email->subject),
                      std::move(email->text),
                      std::move(email->html),
                      row.id + "@" + domain_of(options_.from_address),
                      clock_.now()};
      result = send_smtp(options_, message);
    }

    now = to_epoch_ms(clock_.now());
    if (result.outcome == Outcome::kSent) {
      // The email is out: try hard to record it, or it is sent again after the lease expires.
      Transition recorded = transition(kSentSql, {now, row.id, me});
      for (int retry = 1; recorded == Transition::kDbError && retry <= 5; ++retry) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200 * retry));
        recorded = transition(kSentSql, {now, row.id, me});
      }
      if (recorded == Transition::kOwned) {
        ++stats.sent;
      } else if (recorded == Transition::kNotOwned) {
        spdlog::error("outbox: email {} was sent but its lease had been taken over", row.id);
        ++stats.lost_lease;
      } else {
        spdlog::error("outbox: email {} was sent but could not be recorded; it will be sent again",
                      row.id);
      }
      continue;
    }
    bool permanent = result.outcome == Outcome::kPermanent || row.attempts >= options_.max_attempts;
    if (permanent) {
      spdlog::error("outbox: email {} ({} to {}) failed permanently after {} attempt(s): {}",
                    row.id, row.template_name, row.recipient, row.attempts, result.error);
      if (transition(kFailSql, {result.error, row.id, me}) == Transition::kOwned) ++stats.failed;
    } else {
      auto delay =
          backoff_delay(row.attempts, options_.backoff_base, options_.backoff_max, random_jitter());
      spdlog::warn("outbox: email {} attempt {} failed, retrying in {} s: {}", row.id, row.attempts,
                   delay.count() / 1000, result.error);
      if (transition(kRetrySql, {now + delay.count(), result.error, row.id, me}) ==
          Transition::kOwned) {
        ++stats.retried;
      }
    }
  }
  return stats;
}

Result<std::int64_t> OutboxMailer::purge_sent_before(Instant cutoff) {
  return db_.write_value<std::int64_t>([&](storage::Connection& c) -> Result<std::int64_t> {
    PASEO_ASSIGN_OR_RETURN(storage::QueryResult r, c.query(kPurgeSql, {to_epoch_ms(cutoff)}));
    return r.affected;
  });
}

Status OutboxMailer::start() {
  PASEO_RETURN_IF_ERROR(validate(options_));
  std::lock_guard lock(mu_);
  if (runner_.joinable()) return {};
  stopping_ = false;
  stop_requested_.store(false);
  runner_ = std::thread([this] { run_loop(); });
  return {};
}

void OutboxMailer::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    stop_requested_.store(true);
  }
  cv_.notify_all();
  if (runner_.joinable() && runner_.get_id() != std::this_thread::get_id()) {
    runner_.join();
    stop_requested_.store(false);  // a later direct run_once() works normally
  }
}

void OutboxMailer::wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void OutboxMailer::run_loop() {
  spdlog::info("outbox mailer {} started ({})", options_.worker_id, options_.smtp_url);
  std::optional<Instant> last_purge;
  while (true) {
    bool more = false;
    try {
      Instant now = clock_.now();
      if (options_.keep_sent.count() > 0 &&
          (!last_purge || now - *last_purge >= std::chrono::hours(1))) {
        last_purge = now;
        auto purged = purge_sent_before(now - options_.keep_sent);
        if (!purged.ok()) {
          spdlog::warn("outbox: purge failed: {}", purged.error().to_string());
        } else if (*purged > 0) {
          spdlog::info("outbox: deleted {} emails sent before {}", *purged,
                       format_utc(now - options_.keep_sent));
        }
      }
      auto stats = run_once();
      if (!stats.ok()) {
        spdlog::error("outbox: pass failed: {}", stats.error().to_string());
      } else {
        more = stats->claimed >= options_.batch_size;
      }
    } catch (const std::exception& e) {  // nothing should throw; never let the thread die
      spdlog::error("outbox: pass threw: {}", e.what());
    }
    std::unique_lock lock(mu_);
    if (!more && !stopping_) {
      cv_.wait_for(lock, options_.poll_interval, [this] { return stopping_ || woken_; });
    }
    woken_ = false;
    if (stopping_) break;
  }
  spdlog::info("outbox mailer {} stopped", options_.worker_id);
}

}  // namespace paseo::jobs
