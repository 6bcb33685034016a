// Email delivery end to end: enqueue_email in a real database (migrations applied), the outbox
// mailer, libcurl, and a real SMTP server (tests/support/smtp_sink.py). Compiled twice: label
// sqlite (a SQLite file) and label pg (PostgreSQL from PASEO_TEST_PG_URL, one schema per test).
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <latch>
#include <map>
#include <set>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/email_templates.h"
#include "app/outbox.h"
#include "common/clock.h"
#include "common/random.h"
#include "jobs/outbox_mailer.h"
#include "storage/migrate.h"
#include "tests/email/smtp_sink_process.h"
#include "tests/storage/test_database.h"

namespace paseo {
namespace {

using storage::testing::TestBackend;
using storage::testing::TestDatabase;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::ReceivedEmail;
using testing::SmtpSinkProcess;
using namespace std::chrono_literals;

// One fixture name per engine, so that the two binaries' ctest names differ.
#if defined(PASEO_EMAIL_TEST_PG)
constexpr TestBackend kBackend = TestBackend::kPostgres;
#define EMAIL_FIXTURE EmailDeliveryPg
#else
constexpr TestBackend kBackend = TestBackend::kSqliteFile;
#define EMAIL_FIXTURE EmailDeliverySqlite
#endif

Instant t0() { return *parse_iso8601("2026-11-23T10:00:00Z"); }

app::OutgoingEmail traveller_confirmation(std::string to, std::string reference) {
  app::OutgoingEmail e;
  e.to = std::move(to);
  e.template_name = "booking_confirmed_traveller";
  e.locale = "es";
  e.organisation_id = "org-tapas";
  e.vars = {{"supplier_name", "Tapas & Tours Madrid"},
            {"product_title", "Paseo por el Madrid de los Austrias"},
            {"option_title", "Visita en español"},
            {"local_start", "sábado 28 de marzo de 2026, 10:00 (hora de Madrid)"},
            {"booking_reference", std::move(reference)},
            {"contact_name", "Lucía Gómez"},
            {"contact_email", "lucia@example.com"},
            {"units_summary", "2 adultos, 1 niño"},
            {"total", "45,00 €"},
            {"booking_uuid", "0f6f1c1e-8c0e-4a57-9a55-2b1a3c4d5e6f"}};
  return e;
}

struct OutboxRow {
  std::string id;
  std::string recipient;
  std::string status;
  std::int64_t attempts = 0;
  std::int64_t next_attempt_at = 0;
  std::string claimed_by;
  std::string last_error;
  std::optional<std::int64_t> sent_at;
};

class EMAIL_FIXTURE : public ::testing::Test {
 protected:
  void SetUp() override {
    PASEO_SKIP_OR_FAIL_WITHOUT_PG(kBackend);
    auto tdb = TestDatabase::create(kBackend);
    ASSERT_TRUE(tdb.ok()) << tdb.error().to_string();
    tdb_ = std::move(*tdb);
    auto migrated = storage::migrate(db());
    ASSERT_TRUE(migrated.ok()) << migrated.error().to_string();
    auto sink = SmtpSinkProcess::start();
    ASSERT_TRUE(sink.ok()) << sink.error().to_string();
    sink_ = std::move(*sink);
  }

  storage::Database& db() { return tdb_->db(); }

  jobs::MailerOptions mailer_options(std::string worker_id) {
    jobs::MailerOptions o;
    o.smtp_url = sink_->url();
    o.from_address = "no-reply@paseo.example";
    o.from_name = "Paseo España";
    o.worker_id = std::move(worker_id);
    o.connect_timeout = 2s;
    o.send_timeout = 10s;
    o.lease = 60s;
    return o;
  }

  Status enqueue(const app::OutgoingEmail& email) {
    return db().write([&](storage::Connection& c) {
      return app::enqueue_email(c, email, to_epoch_ms(clock_.now()));
    });
  }

  std::vector<OutboxRow> rows() {
    std::vector<OutboxRow> out;
    Status s = db().read([&](storage::Connection& c) -> Status {
      PASEO_ASSIGN_OR_RETURN(
          auto r, c.query("SELECT id, recipient, status, attempts, next_attempt_at, claimed_by, "
                          "last_error, sent_at FROM outbox ORDER BY created_at, id"));
      for (const auto& row : r.rows) {
        out.push_back({row.get_string(0), row.get_string(1), row.get_string(2), row.get_int(3),
                       row.get_int(4), row.get_string(5), row.get_string(6),
                       row.get_optional_int(7)});
      }
      return {};
    });
    EXPECT_TRUE(s.ok()) << s.error().to_string();
    return out;
  }

  std::map<std::string, int> status_counts() {
    std::map<std::string, int> counts;
    for (const OutboxRow& r : rows()) ++counts[r.status];
    return counts;
  }

  // Message ids ("<row id@paseo.example>") of what arrived, with how often each arrived.
  std::map<std::string, int> arrivals() {
    std::map<std::string, int> seen;
    for (const ReceivedEmail& m : sink_->messages()) ++seen[m.message_id];
    return seen;
  }

  static std::string message_id_of(const std::string& row_id) {
    return "<" + row_id + "@paseo.example>";
  }

  // Every row sent, each arrived exactly once, nothing else arrived.
  void expect_each_sent_exactly_once(std::size_t expected) {
    auto all = rows();
    ASSERT_EQ(all.size(), expected);
    auto seen = arrivals();
    EXPECT_EQ(seen.size(), expected);
    for (const OutboxRow& r : all) {
      EXPECT_EQ(r.status, "sent") << r.id << " " << r.last_error;
      EXPECT_EQ(seen[message_id_of(r.id)], 1)
          << "row " << r.id << " arrived " << seen[message_id_of(r.id)] << " times";
    }
  }

  FakeClock clock_{t0()};
  std::unique_ptr<TestDatabase> tdb_;
  std::unique_ptr<SmtpSinkProcess> sink_;
};

TEST_F(EMAIL_FIXTURE, DeliversTextAndHtmlPartsWithUtf8) {
  auto to_traveller = traveller_confirmation("lucia@example.com", "K7M4QX");
  to_traveller.reply_to = "bookings@tapas-tours.example";  // replies reach the supplier
  ASSERT_TRUE(enqueue(to_traveller).ok());
  app::OutgoingEmail supplier;
  supplier.reply_to = "x@y.example\r\nBcc: all@example.com";  // not an address: no Reply-To
  supplier.to = "bookings@tapas-tours.example";
  supplier.template_name = "booking_cancelled_supplier";
  supplier.locale = "fr";
  supplier.vars = traveller_confirmation("x@example.com", "K7M4QX").vars;
  supplier.vars["reason"] = "Météo <orageuse>";
  ASSERT_TRUE(enqueue(supplier).ok());

  jobs::OutboxMailer mailer(db(), clock_, mailer_options("worker-a"));
  auto pass = mailer.run_once();
  ASSERT_TRUE(pass.ok()) << pass.error().to_string();
  EXPECT_EQ(pass->claimed, 2);
  EXPECT_EQ(pass->sent, 2);

  auto received = sink_->wait_for(2, 5s);
  ASSERT_EQ(received.size(), 2u);
  std::map<std::string, ReceivedEmail> by_rcpt;
  for (auto& m : received) {
    ASSERT_EQ(m.rcpt_tos.size(), 1u);
    by_rcpt[m.rcpt_tos[0]] = m;
  }
  const ReceivedEmail& traveller = by_rcpt.at("lucia@example.com");
  EXPECT_EQ(traveller.subject,
            "Confirmación de tu reserva K7M4QX: Paseo por el Madrid de los Austrias");
  EXPECT_EQ(traveller.mail_from, "no-reply@paseo.example");
  EXPECT_EQ(traveller.from, "Paseo España <no-reply@paseo.example>");
  EXPECT_EQ(traveller.to, "lucia@example.com");
  EXPECT_EQ(traveller.date, "Mon, 23 Nov 2026 10:00:00 +0000");
  EXPECT_EQ(traveller.content_type, "multipart/mixed");
  EXPECT_THAT(traveller.raw, HasSubstr("Reply-To: <bookings@tapas-tours.example>\r\n"));
  EXPECT_THAT(by_rcpt.at("bookings@tapas-tours.example").raw, Not(HasSubstr("Reply-To")));
  EXPECT_THAT(by_rcpt.at("bookings@tapas-tours.example").raw, Not(HasSubstr("Bcc")));
  EXPECT_THAT(traveller.raw, HasSubstr("multipart/alternative"));
  ASSERT_TRUE(traveller.has_text);
  ASSERT_TRUE(traveller.has_html);
  EXPECT_THAT(traveller.text, HasSubstr("Hola Lucía Gómez:"));
  EXPECT_THAT(traveller.text, HasSubstr("Fecha y hora: sábado 28 de marzo de 2026, 10:00"));
  EXPECT_THAT(traveller.text, HasSubstr("Total: 45,00 €"));
  EXPECT_THAT(traveller.text, HasSubstr("Organiza: Tapas & Tours Madrid"));
  EXPECT_THAT(traveller.html, HasSubstr("Organiza: Tapas &amp; Tours Madrid"));
  EXPECT_THAT(traveller.html, HasSubstr("<html lang=\"es\">"));
  // 7-bit transport: the UTF-8 bodies travel quoted-printable, the subject RFC 2047 encoded.
  EXPECT_THAT(traveller.raw, HasSubstr("quoted-printable"));
  EXPECT_THAT(traveller.raw, HasSubstr("Subject: =?UTF-8?B?"));

  const ReceivedEmail& to_supplier = by_rcpt.at("bookings@tapas-tours.example");
  EXPECT_EQ(to_supplier.subject,
            "Réservation annulée K7M4QX : Paseo por el Madrid de los Austrias, sábado 28 de marzo "
            "de 2026, 10:00 (hora de Madrid)");
  EXPECT_THAT(to_supplier.text, HasSubstr("Motif : Météo <orageuse>"));
  EXPECT_THAT(to_supplier.html, HasSubstr("Motif : Météo &lt;orageuse&gt;"));

  auto all = rows();
  ASSERT_EQ(all.size(), 2u);
  for (const OutboxRow& r : all) {
    EXPECT_EQ(r.status, "sent");
    EXPECT_EQ(r.attempts, 1);
    EXPECT_EQ(r.sent_at, to_epoch_ms(t0()));
    EXPECT_EQ(r.claimed_by, "worker-a");
  }
  expect_each_sent_exactly_once(2);

  // Nothing left: a second pass claims nothing and sends nothing.
  auto again = mailer.run_once();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->claimed, 0);
  EXPECT_EQ(sink_->messages().size(), 2u);
}

TEST_F(EMAIL_FIXTURE, EnqueueRejectsBadInputAndWritesNothing) {
  auto bad_address = traveller_confirmation("not-an-address", "R1");
  Status s = enqueue(bad_address);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.error().field, "to");

  auto no_address = traveller_confirmation("", "R1");
  EXPECT_EQ(enqueue(no_address).error().field, "to");

  auto header_injection = traveller_confirmation("a@example.com\r\nBcc: b@example.com", "R1");
  EXPECT_EQ(enqueue(header_injection).error().code, ErrorCode::kInvalidArgument);

  auto unknown = traveller_confirmation("a@example.com", "R1");
  unknown.template_name = "booking_confirmed_martian";
  s = enqueue(unknown);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "template_name");
  EXPECT_THAT(s.error().message, HasSubstr("booking_confirmed_martian"));

  auto bad_utf8 = traveller_confirmation("a@example.com", "R1");
  bad_utf8.vars["contact_name"] =
      "Luc\xed"
      "a";  // Latin-1, not UTF-8
  s = enqueue(bad_utf8);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "vars.contact_name");

  EXPECT_TRUE(rows().empty());
}

TEST_F(EMAIL_FIXTURE, EnqueueIsPartOfTheCallersTransaction) {
  // The business change fails after enqueuing: its email must vanish with it.
  Status s = db().write([&](storage::Connection& c) -> Status {
    PASEO_RETURN_IF_ERROR(app::enqueue_email(c, traveller_confirmation("a@example.com", "R1"),
                                             to_epoch_ms(clock_.now())));
    return Error::sold_out("no seats left");
  });
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(rows().empty());

  // The locale is normalised and stored; unknown languages fall back to English.
  auto german = traveller_confirmation("a@example.com", "R2");
  german.locale = "de-DE";
  ASSERT_TRUE(enqueue(german).ok());
  std::string locale;
  ASSERT_TRUE(db().read([&](storage::Connection& c) -> Status {
                    PASEO_ASSIGN_OR_RETURN(auto r, c.query("SELECT locale FROM outbox"));
                    locale = r.front().get_string(0);
                    return {};
                  })
                  .ok());
  EXPECT_EQ(locale, "en");
}

TEST_F(EMAIL_FIXTURE, PermanentFailureOn5xxAndRetriesOn4xxUntilMaxAttempts) {
  ASSERT_TRUE(enqueue(traveller_confirmation("reject-me@example.com", "R1")).ok());
  ASSERT_TRUE(enqueue(traveller_confirmation("tempfail@example.com", "R2")).ok());
  auto options = mailer_options("worker-a");
  options.max_attempts = 3;
  jobs::OutboxMailer mailer(db(), clock_, options);

  auto pass = mailer.run_once();
  ASSERT_TRUE(pass.ok());
  EXPECT_EQ(pass->failed, 1);
  EXPECT_EQ(pass->retried, 1);
  for (const OutboxRow& r : rows()) {
    if (r.recipient == "reject-me@example.com") {
      EXPECT_EQ(r.status, "failed");
      EXPECT_THAT(r.last_error, HasSubstr("550"));
    } else {
      EXPECT_EQ(r.status, "pending");
      EXPECT_THAT(r.last_error, HasSubstr("451"));
      // First retry after 30 s +- 20 % jitter.
      EXPECT_GE(r.next_attempt_at, to_epoch_ms(t0() + 24s));
      EXPECT_LE(r.next_attempt_at, to_epoch_ms(t0() + 36s));
    }
    EXPECT_EQ(r.attempts, 1);
  }

  // Not due yet: nothing is claimed.
  EXPECT_EQ(mailer.run_once()->claimed, 0);
  // Second attempt after the backoff, then the third (the last allowed) fails for good.
  clock_.advance(40s);
  EXPECT_EQ(mailer.run_once()->retried, 1);
  clock_.advance(2min);
  pass = mailer.run_once();
  EXPECT_EQ(pass->claimed, 1);
  EXPECT_EQ(pass->failed, 1);
  EXPECT_EQ(status_counts(), (std::map<std::string, int>{{"failed", 2}}));
  clock_.advance(2h);
  EXPECT_EQ(mailer.run_once()->claimed, 0);  // failed rows stay failed
  EXPECT_TRUE(sink_->messages().empty());
}

TEST_F(EMAIL_FIXTURE, RejectedSenderIsAConfigurationProblemNotAPermanentFailure) {
  ASSERT_TRUE(enqueue(traveller_confirmation("a@example.com", "S1")).ok());
  auto options = mailer_options("worker-a");
  options.from_address = "blocked@paseo.example";
  jobs::OutboxMailer mailer(db(), clock_, options);
  auto pass = mailer.run_once();
  ASSERT_TRUE(pass.ok());
  EXPECT_EQ(pass->retried, 1);
  EXPECT_EQ(pass->failed, 0);
  EXPECT_THAT(rows()[0].last_error, HasSubstr("550"));
}

TEST_F(EMAIL_FIXTURE, AuthenticatesWithUsernameAndPassword) {
  testing::SmtpSinkOptions auth;
  auth.user = "paseo";
  auth.password = "s3cret";
  auto secured = SmtpSinkProcess::start(auth);
  ASSERT_TRUE(secured.ok()) << secured.error().to_string();
  ASSERT_TRUE(enqueue(traveller_confirmation("lucia@example.com", "R1")).ok());

  auto options = mailer_options("worker-a");
  options.smtp_url = (*secured)->url();
  options.username = "paseo";
  options.password = "wrong";
  jobs::OutboxMailer wrong(db(), clock_, options);
  auto pass = wrong.run_once();
  ASSERT_TRUE(pass.ok());
  // A refused login is the operator's to fix: retried later, never a permanent failure.
  EXPECT_EQ(pass->retried, 1);
  EXPECT_EQ(rows()[0].status, "pending");

  options.password = "s3cret";
  jobs::OutboxMailer right(db(), clock_, options);
  clock_.advance(1min);
  pass = right.run_once();
  ASSERT_TRUE(pass.ok());
  EXPECT_EQ(pass->sent, 1);
  auto received = (*secured)->wait_for(1, 5s);
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].rcpt_tos, std::vector<std::string>{"lucia@example.com"});
}

// A self-signed certificate for 127.0.0.1, made with the openssl command-line tool.
struct TestCertificate {
  std::string dir;
  std::string cert;
  std::string key;
  ~TestCertificate() {
    std::error_code ec;
    if (!dir.empty()) std::filesystem::remove_all(dir, ec);
  }
};

std::unique_ptr<TestCertificate> make_certificate() {
  auto c = std::make_unique<TestCertificate>();
  c->dir = (std::filesystem::temp_directory_path() / ("paseo-tls-" + random_hex(6))).string();
  std::filesystem::create_directories(c->dir);
  c->cert = c->dir + "/cert.pem";
  c->key = c->dir + "/key.pem";
  std::string cmd =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
      "-addext subjectAltName=IP:127.0.0.1 -keyout " +
      c->key + " -out " + c->cert + " >/dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) return nullptr;
  return c;
}

TEST_F(EMAIL_FIXTURE, StartTlsAndImplicitTlsWithVerifiedCertificates) {
  auto cert = make_certificate();
  if (!cert) GTEST_SKIP() << "the openssl command is needed to make a test certificate";

  for (bool implicit : {false, true}) {
    SCOPED_TRACE(implicit ? "smtps://" : "smtp:// + STARTTLS");
    testing::SmtpSinkOptions tls;
    tls.tls_cert = cert->cert;
    tls.tls_key = cert->key;
    tls.implicit_tls = implicit;
    auto secured = SmtpSinkProcess::start(tls);
    ASSERT_TRUE(secured.ok()) << secured.error().to_string();
    std::string to = std::string(implicit ? "smtps" : "starttls") + "@example.com";
    ASSERT_TRUE(enqueue(traveller_confirmation(to, "TLS")).ok());

    auto options = mailer_options("worker-a");
    options.smtp_url = (*secured)->url();
    options.starttls = !implicit;
    // The system's CAs do not know this certificate: refused, and retried later (not failed).
    jobs::OutboxMailer untrusting(db(), clock_, options);
    auto pass = untrusting.run_once();
    ASSERT_TRUE(pass.ok());
    EXPECT_EQ(pass->retried, 1);
    EXPECT_EQ(pass->sent, 0);
    EXPECT_TRUE((*secured)->messages().empty());

    options.ca_file = cert->cert;  // trust it; host name (IP SAN) and chain are still verified
    jobs::OutboxMailer trusting(db(), clock_, options);
    clock_.advance(2min);
    pass = trusting.run_once();
    ASSERT_TRUE(pass.ok());
    EXPECT_EQ(pass->sent, 1);
    auto received = (*secured)->wait_for(1, 5s);
    ASSERT_EQ(received.size(), 1u);
    EXPECT_EQ(received[0].rcpt_tos, std::vector<std::string>{to});
    EXPECT_THAT(received[0].text, HasSubstr("Hola Lucía Gómez:"));
  }
}

TEST_F(EMAIL_FIXTURE, PlainSmtpToAServerRequiringStartTlsIsRetriedNotFailed) {
  auto cert = make_certificate();
  if (!cert) GTEST_SKIP() << "the openssl command is needed to make a test certificate";
  testing::SmtpSinkOptions tls;
  tls.tls_cert = cert->cert;
  tls.tls_key = cert->key;
  auto secured = SmtpSinkProcess::start(tls);
  ASSERT_TRUE(secured.ok()) << secured.error().to_string();
  ASSERT_TRUE(enqueue(traveller_confirmation("a@example.com", "NOTLS")).ok());
  auto options = mailer_options("worker-a");
  options.smtp_url = (*secured)->url();  // starttls left off: the server answers 530
  jobs::OutboxMailer mailer(db(), clock_, options);
  auto pass = mailer.run_once();
  ASSERT_TRUE(pass.ok());
  EXPECT_EQ(pass->retried, 1);
  EXPECT_THAT(rows()[0].last_error, HasSubstr("530"));
}

// The SMTP server goes away while the mailer runs: nothing is lost, nothing is marked sent, and
// once the server is back and the backoff has passed every email arrives exactly once.
TEST_F(EMAIL_FIXTURE, SurvivesAnSmtpOutageWithoutLosingOrDuplicating) {
  auto options = mailer_options("worker-a");
  options.poll_interval = 60s;  // passes happen on wake(); stop() must not wait for this
  jobs::OutboxMailer mailer(db(), clock_, options);
  ASSERT_TRUE(mailer.start().ok());

  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(enqueue(traveller_confirmation("a" + std::to_string(i) + "@example.com",
                                               "UP" + std::to_string(i)))
                    .ok());
  }
  mailer.wake();
  ASSERT_EQ(sink_->wait_for(5, 10s).size(), 5u);

  sink_->kill();  // outage
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(enqueue(traveller_confirmation("b" + std::to_string(i) + "@example.com",
                                               "DOWN" + std::to_string(i)))
                    .ok());
  }
  mailer.wake();
  // Wait until the runner tried all five and scheduled retries.
  auto deadline = std::chrono::steady_clock::now() + 10s;
  auto tried = [&] {
    int n = 0;
    for (const OutboxRow& r : rows()) {
      if (r.recipient[0] == 'b' && r.status == "pending" && r.attempts == 1) ++n;
    }
    return n;
  };
  while (tried() < 5 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(20ms);
  ASSERT_EQ(tried(), 5);
  EXPECT_EQ(status_counts(), (std::map<std::string, int>{{"pending", 5}, {"sent", 5}}));
  for (const OutboxRow& r : rows()) {
    if (r.status == "pending") {
      EXPECT_FALSE(r.last_error.empty());
      EXPECT_GT(r.next_attempt_at, to_epoch_ms(clock_.now()));
    }
  }

  ASSERT_TRUE(sink_->restart().ok());  // back, same port
  mailer.wake();
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(sink_->messages().size(), 5u) << "retried before the backoff elapsed";

  clock_.advance(2min);
  mailer.wake();
  auto received = sink_->wait_for(10, 10s);
  EXPECT_EQ(received.size(), 10u);

  auto stop_started = std::chrono::steady_clock::now();
  mailer.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - stop_started, 2s) << "stop() waited for the poll";

  expect_each_sent_exactly_once(10);
  std::set<std::string> subjects;
  for (const ReceivedEmail& m : sink_->messages()) subjects.insert(m.subject);
  EXPECT_EQ(subjects.size(), 10u);
  EXPECT_TRUE(
      subjects.contains("Confirmación de tu reserva DOWN3: Paseo por el Madrid de los Austrias"));
}

// The server dies in the middle of an SMTP transaction (after MAIL FROM, before answering RCPT):
// that email and the ones after it are retried, and arrive exactly once after the restart.
TEST_F(EMAIL_FIXTURE, ServerDyingMidTransactionLosesNothing) {
  ASSERT_TRUE(enqueue(traveller_confirmation("first@example.com", "M1")).ok());
  clock_.advance(1ms);
  ASSERT_TRUE(enqueue(traveller_confirmation("crash@example.com", "M2")).ok());
  clock_.advance(1ms);
  ASSERT_TRUE(enqueue(traveller_confirmation("third@example.com", "M3")).ok());
  jobs::OutboxMailer mailer(db(), clock_, mailer_options("worker-a"));
  auto pass = mailer.run_once();
  ASSERT_TRUE(pass.ok());
  EXPECT_EQ(pass->claimed, 3);
  EXPECT_EQ(pass->sent + pass->retried, 3);
  EXPECT_EQ(pass->failed, 0);
  auto counts = status_counts();
  EXPECT_EQ(counts["failed"], 0);
  EXPECT_GE(counts["pending"], 1);  // at least the crash; the third too unless it came first
  EXPECT_EQ(static_cast<int>(sink_->messages().size()), counts["sent"]);

  ASSERT_TRUE(sink_->restart().ok());
  clock_.advance(2min);
  pass = mailer.run_once();
  ASSERT_TRUE(pass.ok());
  EXPECT_EQ(pass->retried, 0);
  sink_->wait_for(3, 5s);
  expect_each_sent_exactly_once(3);
}

TEST_F(EMAIL_FIXTURE, PurgeDeletesOldSentEmailsOnly) {
  ASSERT_TRUE(enqueue(traveller_confirmation("a@example.com", "P1")).ok());
  ASSERT_TRUE(enqueue(traveller_confirmation("reject@example.com", "P2")).ok());
  jobs::OutboxMailer mailer(db(), clock_, mailer_options("worker-a"));
  ASSERT_TRUE(mailer.run_once().ok());
  EXPECT_EQ(*mailer.purge_sent_before(t0()), 0);  // sent at t0: not before it
  clock_.advance(1s);
  ASSERT_TRUE(enqueue(traveller_confirmation("b@example.com", "P3")).ok());  // pending
  EXPECT_EQ(*mailer.purge_sent_before(clock_.now()), 1);
  EXPECT_EQ(status_counts(), (std::map<std::string, int>{{"failed", 1}, {"pending", 1}}));
}

// A worker that died mid-send leaves a 'sending' row: it is left alone while the lease runs, and
// taken over (and sent once) after it expired.
TEST_F(EMAIL_FIXTURE, ExpiredLeasesAreTakenOver) {
  ASSERT_TRUE(enqueue(traveller_confirmation("a@example.com", "LEASE")).ok());
  ASSERT_TRUE(db().write([&](storage::Connection& c) -> Status {
                    auto r = c.query(
                        "UPDATE outbox SET status = 'sending', claimed_by = 'dead-worker', "
                        "claimed_until = $1, attempts = 1",
                        {to_epoch_ms(clock_.now() + 5min)});
                    if (!r.ok()) return r.error();
                    return {};
                  })
                  .ok());
  jobs::OutboxMailer mailer(db(), clock_, mailer_options("worker-b"));
  EXPECT_EQ(mailer.run_once()->claimed, 0);  // lease still held
  clock_.advance(5min + 1ms);
  auto pass = mailer.run_once();
  ASSERT_TRUE(pass.ok());
  EXPECT_EQ(pass->sent, 1);
  auto all = rows();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].claimed_by, "worker-b");
  EXPECT_EQ(all[0].attempts, 2);
  expect_each_sent_exactly_once(1);
}

// Several mailers (as several server processes would: each with its own Database connections)
// drain one outbox concurrently; every email is sent exactly once.
TEST_F(EMAIL_FIXTURE, ConcurrentMailersNeverSendAnEmailTwice) {
  constexpr int kEmails = 40;
  constexpr int kMailers = 3;
  for (int i = 0; i < kEmails; ++i) {
    ASSERT_TRUE(enqueue(traveller_confirmation("c" + std::to_string(i) + "@example.com",
                                               "C" + std::to_string(i)))
                    .ok());
  }
  std::vector<storage::DatabasePtr> dbs;
  std::vector<std::unique_ptr<jobs::OutboxMailer>> mailers;
  for (int m = 0; m < kMailers; ++m) {
    auto other = storage::open_database(tdb_->url());
    ASSERT_TRUE(other.ok()) << other.error().to_string();
    dbs.push_back(std::move(*other));
    auto options = mailer_options("worker-" + std::to_string(m));
    options.batch_size = 3;
    mailers.push_back(std::make_unique<jobs::OutboxMailer>(*dbs.back(), clock_, options));
  }
  std::atomic<int> sent{0};
  std::atomic<int> lost{0};
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  std::latch start_together(kMailers);
  for (auto& mailer : mailers) {
    threads.emplace_back([&, m = mailer.get()] {
      start_together.arrive_and_wait();
      for (int idle = 0; idle < 3;) {
        auto pass = m->run_once();
        if (!pass.ok()) {
          ++errors;
          std::this_thread::sleep_for(10ms);
          continue;
        }
        sent += pass->sent;
        lost += pass->lost_lease;
        idle = pass->claimed == 0 ? idle + 1 : 0;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(lost.load(), 0);
  EXPECT_EQ(sent.load(), kEmails);
  sink_->wait_for(kEmails, 5s);
  expect_each_sent_exactly_once(kEmails);
  std::map<std::string, int> per_worker;
  for (const OutboxRow& r : rows()) {
    ++per_worker[r.claimed_by];
    EXPECT_EQ(r.attempts, 1) << "row " << r.id << " was claimed more than once";
  }
  // The workers really competed for the same rows (each claims "the first due ones").
  EXPECT_GE(per_worker.size(), 2u);
  for (const auto& [worker, n] : per_worker) std::cout << worker << " sent " << n << "\n";
  for (auto& d : dbs) d->close();
}

}  // namespace
}  // namespace paseo
