// OutboxMailer: the job that delivers the email outbox (app/outbox.h) over SMTP with libcurl.
//
// Each pass (run_once):
//  1. Claims up to batch_size due rows in one conditional UPDATE … RETURNING: pending rows whose
//     next_attempt_at has come, and 'sending' rows whose lease expired (their worker died). The
//     claim sets status='sending', claimed_by=<worker id>, claimed_until=now+lease and counts an
//     attempt. The WHERE clause repeats the "still claimable" condition on the row itself, so on
//     PostgreSQL (READ COMMITTED) a second process that raced for the same row re-checks it after
//     the first one's commit and skips it; on SQLite writers are serialised. Portable SQL, no
//     FOR UPDATE SKIP LOCKED.
//  2. For each claimed row: renews the lease (conditional on still holding it; a worker that lost
//     its lease skips the row), renders the template (app/email_templates.h), sends one SMTP
//     transaction (multipart/alternative text + HTML, UTF-8, RFC 2047 subject, Date, Message-ID
//     derived from the row id so that retries carry the same id), then
//       - 2xx: status='sent', sent_at=now;
//       - a 5xx reply to the message (MAIL/RCPT/DATA), an unrenderable row, or the last allowed
//         attempt failing: status='failed' with last_error (permanent);
//       - anything else: back to 'pending' with next_attempt_at = now + backoff(attempts)
//         (exponential with jitter). That includes connection refused, timeouts, TLS errors, 4xx
//         replies, and the 5xx replies that mean "fix the configuration" (530 STARTTLS/auth
//         required, 534/535/538 authentication, any rejection of MAIL FROM): a wrong password or
//         sender must not fail every queued email.
//     Every state change is conditional on `claimed_by = <this worker> AND status = 'sending'`.
//
// Delivery is at least once: a process that dies after the SMTP server accepted a message but
// before recording it sends that message again once the lease expires. Within that limit, no two
// workers ever send one row: the lease is renewed just before each send and a send is bounded by
// send_timeout, which must be shorter than the lease (validate() checks it). Clocks of processes
// sharing one database must agree to well within lease - send_timeout.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "common/clock.h"
#include "common/result.h"
#include "storage/db.h"

namespace paseo::jobs {

struct MailerOptions {
  std::string smtp_url;  // smtp://host[:port] or smtps://host[:port] (implicit TLS)
  std::string username;  // SMTP AUTH when non-empty
  std::string password;
  bool starttls = false;   // smtp:// only: require STARTTLS (CURLOPT_USE_SSL = CURLUSESSL_ALL)
  bool verify_tls = true;  // verify the server's certificate and host name (keep on outside tests)
  std::string ca_file;     // PEM file of CAs to trust instead of the system's ("" = system)
  std::string from_address = "no-reply@paseo.local";
  std::string from_name = "Paseo";
  std::chrono::milliseconds poll_interval{2000};  // runner: wait between passes with nothing due
  int batch_size = 20;                            // rows claimed per pass
  // The 20th failure is permanent: with the default backoff that is ~13 h of retrying, enough to
  // ride out an SMTP outage overnight.
  int max_attempts = 20;
  std::chrono::milliseconds lease{std::chrono::minutes(5)};
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};
  std::chrono::milliseconds send_timeout{std::chrono::seconds(60)};  // whole SMTP transaction
  std::chrono::milliseconds backoff_base{std::chrono::seconds(30)};  // after the 1st failure
  std::chrono::milliseconds backoff_max{std::chrono::hours(1)};
  std::string worker_id;  // "" -> "<hostname>:<pid>:<random>"
  // Sent rows older than this are deleted by the runner (hourly); failed rows are kept for
  // investigation. Zero keeps everything.
  std::chrono::milliseconds keep_sent{std::chrono::hours(24 * 30)};
};

// kInvalidArgument naming the bad option (url scheme, from address, sizes, lease <= send_timeout).
Status validate(const MailerOptions& options);

// What one pass did.
struct MailerPassStats {
  int claimed = 0;
  int sent = 0;
  int retried = 0;     // scheduled for a later attempt
  int failed = 0;      // marked permanently failed
  int lost_lease = 0;  // another worker took the row over; not sent by us
};

class OutboxMailer {
 public:
  // `db` and `clock` must outlive the mailer. Options are validated by start() and run_once().
  OutboxMailer(storage::Database& db, const Clock& clock, MailerOptions options);
  ~OutboxMailer();  // stop()s
  OutboxMailer(const OutboxMailer&) = delete;
  OutboxMailer& operator=(const OutboxMailer&) = delete;

  // One pass (see above). Errors only for invalid options or when the claim itself fails
  // (database down); per-message failures are recorded on the rows and counted in the stats.
  Result<MailerPassStats> run_once();

  // Deletes rows sent before `cutoff`; returns how many. The runner calls it hourly.
  Result<std::int64_t> purge_sent_before(Instant cutoff);

  // Runs passes on a thread until stop(): another pass at once while a pass fills its batch,
  // otherwise after poll_interval (or sooner after wake()). Errors are logged, never fatal.
  Status start();
  // Wakes the runner and joins it; returns promptly (at most one SMTP send in flight, bounded by
  // send_timeout). Idempotent.
  void stop();
  // Asks the runner for a pass now (e.g. right after enqueuing); no-op when not running.
  void wake();

  const std::string& worker_id() const { return options_.worker_id; }

 private:
  void run_loop();

  storage::Database& db_;
  const Clock& clock_;
  MailerOptions options_;

  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool woken_ = false;
  std::atomic<bool> stop_requested_{false};  // checked between sends of a batch
  std::thread runner_;
};

// --- Building blocks, exposed for unit tests -------------------------------------------------

// Delay before attempt `attempts + 1` after `attempts` failed ones (>= 1):
// base * 2^(attempts-1), capped at max, then scaled by `jitter` in [0.8, 1.2] (callers draw it
// at random so that a burst of failures does not retry in lockstep). Never below one second.
std::chrono::milliseconds backoff_delay(int attempts, std::chrono::milliseconds base,
                                        std::chrono::milliseconds max, double jitter);

// RFC 2047 "encoded-word"s (UTF-8, base64) for a header value when it is not plain printable
// ASCII; the value unchanged otherwise. CR/LF and other controls become spaces first (no header
// injection). Words are cut on UTF-8 character boundaries and kept under 76 characters.
std::string encode_header_text(std::string_view text);

// "Mon, 23 Nov 2026 11:14:17 +0000" (RFC 5322 date-time, UTC).
std::string rfc5322_date(Instant t);

// `"Display Name" <address>` with the name encoded as needed; just `<address>` without a name.
std::string format_mailbox(std::string_view name, std::string_view address);

}  // namespace paseo::jobs
