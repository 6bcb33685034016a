#include "app/accounts/onboarding.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>

#include <sodium.h>

#include "app/accounts/internal/util.h"
#include "app/outbox.h"
#include "common/clock.h"
#include "common/random.h"
#include "domain/accounts/application.h"
#include "domain/accounts/credentials.h"
#include "domain/contact_details.h"

namespace paseo::app::accounts {

using internal::i64;
using internal::json_quote;
using internal::str;
using storage::Connection;
using storage::Database;
namespace dom = paseo::domain::accounts;

namespace {

constexpr std::string_view kApplicationColumns =
    "a.id, a.organisation_id, a.applicant_user_id, a.status, a.status_reason, a.company,"
    " a.contact_name, a.email, a.phone, a.destinations, a.activity_kinds, a.website, a.message,"
    " a.locale, a.created_at, a.updated_at, o.status";

constexpr std::string_view kApplicationFrom =
    " FROM supplier_applications a JOIN organisations o ON o.id = a.organisation_id";

Application application_from_row(const storage::Row& r) {
  Application a;
  a.id = r.get_string(0);
  a.organisation_id = r.get_string(1);
  a.applicant_user_id = r.get_string(2);
  a.status = r.get_string(3);
  a.status_reason = r.get_string(4);
  a.company = r.get_string(5);
  a.contact_name = r.get_string(6);
  a.email = r.get_string(7);
  a.phone = r.get_string(8);
  a.destinations = internal::split_lines(r.get_string(9));
  a.activity_kinds = internal::split_lines(r.get_string(10));
  a.website = r.get_string(11);
  a.message = r.get_string(12);
  a.locale = r.get_string(13);
  a.created_at = r.get_int(14);
  a.updated_at = r.get_int(15);
  a.organisation_status = r.get_string(16);
  return a;
}

constexpr std::string_view kDocumentColumns =
    "d.id, d.kind, d.content_type, d.size_bytes, d.sha256, d.filename, d.expires_on, d.status,"
    " d.review_reason, d.reviewed_at, d.uploaded_at, d.storage_path";

DocumentInfo document_from_row(const storage::Row& r) {
  DocumentInfo d;
  d.id = r.get_string(0);
  d.kind = r.get_string(1);
  d.content_type = r.get_string(2);
  d.size_bytes = r.get_int(3);
  d.sha256 = r.get_string(4);
  d.filename = r.get_string(5);
  d.expires_on = r.get_optional_string(6);
  d.status = r.get_string(7);
  d.review_reason = r.get_string(8);
  d.reviewed_at = r.get_optional_int(9);
  d.uploaded_at = r.get_int(10);
  d.storage_path = r.get_string(11);
  return d;
}

// Takes the application's row lock first in every write that may change its status, so that two
// concurrent writes (staff accepting the last document while the applicant accepts the conditions)
// run one after the other on PostgreSQL too and the second sees the first (no lost activation).
// A no-op UPDATE is the portable way: SQLite has no SELECT ... FOR UPDATE (and one writer anyway).
Status lock_application(Connection& c, std::string_view column, std::string_view value) {
  auto r = c.query("UPDATE supplier_applications SET updated_at = updated_at WHERE " +
                       std::string(column) + " = $1",
                   {str(value)});
  if (!r.ok()) return std::move(r).error();
  return ok_status();
}

Result<std::optional<Application>> find_application(Connection& c, std::string_view column,
                                                    std::string_view value) {
  PASEO_ASSIGN_OR_RETURN(auto rows, c.query("SELECT " + std::string(kApplicationColumns) +
                                                std::string(kApplicationFrom) + " WHERE a." +
                                                std::string(column) + " = $1",
                                            {str(value)}));
  if (rows.empty()) return std::optional<Application>();
  return std::optional<Application>(application_from_row(rows.front()));
}

Result<std::vector<DocumentInfo>> load_documents(Connection& c, std::string_view org_id) {
  PASEO_ASSIGN_OR_RETURN(auto rows, c.query("SELECT " + std::string(kDocumentColumns) +
                                                " FROM supplier_documents d"
                                                " WHERE d.organisation_id = $1 ORDER BY d.kind",
                                            {str(org_id)}));
  std::vector<DocumentInfo> out;
  for (const auto& r : rows.rows) out.push_back(document_from_row(r));
  return out;
}

Result<std::int64_t> current_conditions_version(Connection& c) {
  PASEO_ASSIGN_OR_RETURN(auto rows, c.query("SELECT MAX(version) FROM general_conditions"));
  if (rows.empty() || rows.front().is_null(0)) return std::int64_t{0};
  return rows.front().get_int(0);
}

Status load_details(Connection& c, Application& a) {
  PASEO_ASSIGN_OR_RETURN(
      auto ev, c.query("SELECT at, from_status, to_status, reason, actor_user_id"
                       " FROM application_events WHERE application_id = $1 ORDER BY at, id",
                       {str(a.id)}));
  a.history.clear();
  for (const auto& r : ev.rows) {
    a.history.push_back(
        {r.get_int(0), r.get_string(1), r.get_string(2), r.get_string(3), r.get_string(4)});
  }
  PASEO_ASSIGN_OR_RETURN(a.documents, load_documents(c, a.organisation_id));
  PASEO_ASSIGN_OR_RETURN(std::int64_t current, current_conditions_version(c));
  PASEO_ASSIGN_OR_RETURN(auto acc,
                         c.query("SELECT version, accepted_at FROM conditions_acceptances"
                                 " WHERE organisation_id = $1 ORDER BY version DESC LIMIT 1",
                                 {str(a.organisation_id)}));
  a.conditions_version.reset();
  a.conditions_accepted_at.reset();
  if (!acc.empty() && acc.front().get_int(0) == current) {
    a.conditions_version = acc.front().get_int(0);
    a.conditions_accepted_at = acc.front().get_int(1);
  }
  return ok_status();
}

struct ActorInfo {
  dom::Actor actor;
  std::string user_id;
  std::string email;
};

std::string status_url(const Settings& s) { return s.public_url + "/my/application"; }

// Moves `a` to `to` inside `tx` with every side effect (event, org status, email, audit).
Status transition(Connection& tx, const Settings& settings, Application& a,
                  dom::ApplicationStatus to, std::string_view reason_in, const ActorInfo& who,
                  const Origin& origin, std::int64_t now_ms) {
  auto from = dom::parse_application_status(a.status);
  if (!from) return Error::internal("unknown application status " + a.status);
  const std::string reason = internal::trim(reason_in);
  PASEO_RETURN_IF_ERROR(dom::check_transition(*from, to, who.actor, reason));
  const std::string to_name(dom::application_status_name(to));
  PASEO_ASSIGN_OR_RETURN(
      auto upd, tx.query("UPDATE supplier_applications SET status = $1, status_reason = $2,"
                         " updated_at = $3 WHERE id = $4 AND status = $5",
                         {str(to_name), str(reason), i64(now_ms), str(a.id), str(a.status)}));
  if (upd.affected != 1) {
    return Error::conflict("the application changed meanwhile; reload and retry", "status")
        .with_key("apply.changedMeanwhile");
  }
  PASEO_RETURN_IF_ERROR(tx.query(
      "INSERT INTO application_events (id, application_id, at, from_status, to_status, reason,"
      " actor_user_id) VALUES ($1, $2, $3, $4, $5, $6, $7)",
      {str(random_uuid()), str(a.id), i64(now_ms), str(a.status), str(to_name), str(reason),
       str(who.user_id)}));
  if (to == dom::ApplicationStatus::kRejected || to == dom::ApplicationStatus::kActive) {
    PASEO_RETURN_IF_ERROR(
        tx.query("UPDATE organisations SET status = $1 WHERE id = $2",
                 {str(to == dom::ApplicationStatus::kActive ? "active" : "rejected"),
                  str(a.organisation_id)}));
    a.organisation_status = to == dom::ApplicationStatus::kActive ? "active" : "rejected";
  }
  OutgoingEmail mail;
  mail.to = a.email;
  mail.template_name = "application_status_changed";
  mail.locale = a.locale;
  mail.organisation_id = a.organisation_id;
  mail.vars = {{"contact_name", a.contact_name},
               {"company", a.company},
               {"application_id", a.id},
               {"status", to_name},
               {"previous_status", a.status},
               {"reason", reason},
               {"status_url", status_url(settings)},
               {"changed_at", format_utc(from_epoch_ms(now_ms))}};
  PASEO_RETURN_IF_ERROR(enqueue_email(tx, mail, now_ms));
  PASEO_RETURN_IF_ERROR(
      write_audit(tx,
                  {who.user_id, who.email, a.organisation_id,
                   to == dom::ApplicationStatus::kActive ? "organisation.activated"
                                                         : "application.status_changed",
                   "application", a.id, origin.ip,
                   "{\"from\":" + json_quote(a.status) + ",\"to\":" + json_quote(to_name) +
                       ",\"reason\":" + json_quote(reason) + "}"},
                  now_ms));
  a.status = to_name;
  a.status_reason = reason;
  a.updated_at = now_ms;
  return ok_status();
}

// documents -> active once every document is accepted and the current conditions were accepted.
Status maybe_activate(Connection& tx, const Settings& settings, Application& a,
                      const Origin& origin, std::int64_t now_ms) {
  if (a.status != "documents") return ok_status();
  PASEO_RETURN_IF_ERROR(load_details(tx, a));
  std::vector<dom::DocumentState> states;
  for (const auto& d : a.documents) {
    auto k = dom::parse_document_kind(d.kind);
    auto s = dom::parse_document_status(d.status);
    if (k && s) states.push_back({*k, *s});
  }
  if (!dom::onboarding_complete(states, a.conditions_version.has_value())) return ok_status();
  return transition(tx, settings, a, dom::ApplicationStatus::kActive, "",
                    {dom::Actor::kSystem, "", ""}, origin, now_ms);
}

ActorInfo actor_of(const Principal& p, dom::Actor actor) { return {actor, p.user_id, p.email}; }

Result<std::vector<std::string>> clean_list(const std::vector<std::string>& in,
                                            std::string_view field, bool required) {
  std::vector<std::string> out;
  for (const auto& item : in) {
    std::string t = internal::trim(item);
    if (t.empty()) continue;
    if (t.size() > 100 || t.find('\n') != std::string::npos || t.find('\r') != std::string::npos) {
      return Error::invalid_argument("each entry must be one line of at most 100 characters",
                                     std::string(field))
          .with_key("apply.entryTooLong");
    }
    if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(std::move(t));
  }
  if (required && out.empty()) {
    return Error::invalid_argument("at least one entry is required", std::string(field))
        .with_key("apply.entryRequired");
  }
  if (out.size() > 20)
    return Error::invalid_argument("at most 20 entries", std::string(field))
        .with_key("apply.tooManyEntries");
  return out;
}

bool has_control_chars(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 && c != '\n' && c != '\r' && c != '\t';
  });
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char b : out) {
    hex.push_back(kHex[b >> 4]);
    hex.push_back(kHex[b & 15]);
  }
  return hex;
}

std::string clean_filename(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' ||
        c == ' ') {
      out.push_back(c);
    }
    if (out.size() >= 120) break;
  }
  return out;
}

}  // namespace

// --- applicant ---------------------------------------------------------------------------------

Status validate_application_form(const ApplicationForm& f) {
  auto required = [](std::string_view v, std::string_view field, std::string_view label) -> Status {
    std::string t = internal::trim(v);
    if (t.empty())
      return Error::invalid_argument(std::string(label) + " is required", std::string(field))
          .with_key("field.required");
    if (t.size() > 200)
      return Error::invalid_argument(std::string(label) + " is too long", std::string(field))
          .with_key("field.tooLong", {{"max", "200"}});
    if (has_control_chars(t) || t.find('\n') != std::string::npos) {
      return Error::invalid_argument(std::string(label) + " must be one line", std::string(field))
          .with_key("field.oneLine");
    }
    return ok_status();
  };
  PASEO_RETURN_IF_ERROR(required(f.company, "companyName", "company name"));
  PASEO_RETURN_IF_ERROR(required(f.contact_name, "contactName", "contact name"));
  const std::string email = dom::normalize_email(f.email);
  PASEO_RETURN_IF_ERROR(internal::check_email(email));
  PASEO_RETURN_IF_ERROR(dom::validate_password(f.password, email));
  std::string phone = internal::trim(f.phone);
  if (!phone.empty() && !paseo::domain::is_phone_number(phone)) {
    return Error::invalid_argument(
               "phone must be 6 to 20 digits, with spaces, dots, dashes, slashes or brackets "
               "between them and an optional leading +",
               "phone")
        .with_key("field.phone");
  }
  PASEO_RETURN_IF_ERROR(clean_list(f.destinations, "destinations", true));
  PASEO_RETURN_IF_ERROR(clean_list(f.activity_kinds, "activityKinds", true));
  std::string web = internal::trim(f.website);
  if (!web.empty()) {
    bool scheme = web.rfind("http://", 0) == 0 || web.rfind("https://", 0) == 0;
    if (!scheme || web.size() > 300 || web.find(' ') != std::string::npos ||
        has_control_chars(web)) {
      return Error::invalid_argument("website must be a URL starting with https://", "website")
          .with_key("apply.website");
    }
  }
  if (f.message.size() > 5000) {
    return Error::invalid_argument("message must be at most 5000 characters", "message")
        .with_key("field.tooLong", {{"max", "5000"}});
  }
  return ok_status();
}

Result<Application> submit_application(Database& db, const Settings& settings,
                                       const ApplicationForm& f, std::string_view password_hash,
                                       const Origin& origin, std::int64_t now_ms) {
  PASEO_RETURN_IF_ERROR(validate_application_form(f));
  if (password_hash.empty()) return Error::internal("password hash missing");
  Application a;
  a.id = random_uuid();
  a.organisation_id = random_uuid();
  a.applicant_user_id = random_uuid();
  a.status = "submitted";
  a.company = internal::trim(f.company);
  a.contact_name = internal::trim(f.contact_name);
  a.email = dom::normalize_email(f.email);
  a.phone = internal::trim(f.phone);
  a.destinations = clean_list(f.destinations, "destinations", true).value();
  a.activity_kinds = clean_list(f.activity_kinds, "activityKinds", true).value();
  a.website = internal::trim(f.website);
  a.message = f.message;
  a.locale = internal::normalize_locale(f.locale);
  a.organisation_status = "applicant";
  a.created_at = a.updated_at = now_ms;
  PASEO_ACCOUNTS_RETURN_IF_ERROR(db.write([&](Connection& c) -> Status {
    PASEO_ASSIGN_OR_RETURN(auto existing,
                           c.query("SELECT 1 FROM users WHERE email = $1", {str(a.email)}));
    if (!existing.empty()) {
      return Error::conflict("this email is already registered; log in or reset your password",
                             "email")
          .with_key("apply.emailRegistered");
    }
    PASEO_RETURN_IF_ERROR(c.query(
        "INSERT INTO organisations (id, kind, name, status, email, locale, created_at)"
        " VALUES ($1, 'supplier', $2, 'applicant', $3, $4, $5)",
        {str(a.organisation_id), str(a.company), str(a.email), str(a.locale), i64(now_ms)}));
    auto user = c.query(
        "INSERT INTO users (id, organisation_id, email, password_hash, name, role, locale,"
        " created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'supplier_owner', $6, $7, $7)",
        {str(a.applicant_user_id), str(a.organisation_id), str(a.email), str(password_hash),
         str(a.contact_name), str(a.locale), i64(now_ms)});
    if (!user.ok()) {
      if (user.error().code == ErrorCode::kConflict) {
        return Error::conflict("this email is already registered; log in or reset your password",
                               "email")
            .with_key("apply.emailRegistered");
      }
      return std::move(user).error();
    }
    PASEO_RETURN_IF_ERROR(c.query(
        "INSERT INTO supplier_applications (id, organisation_id, applicant_user_id, status,"
        " company, contact_name, email, phone, destinations, activity_kinds, website, message,"
        " locale, created_at, updated_at)"
        " VALUES ($1, $2, $3, 'submitted', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)",
        {str(a.id), str(a.organisation_id), str(a.applicant_user_id), str(a.company),
         str(a.contact_name), str(a.email), str(a.phone), str(internal::join_lines(a.destinations)),
         str(internal::join_lines(a.activity_kinds)), str(a.website), str(a.message), str(a.locale),
         i64(now_ms)}));
    PASEO_RETURN_IF_ERROR(c.query(
        "INSERT INTO application_events (id, application_id, at, from_status, to_status, reason,"
        " actor_user_id) VALUES ($1, $2, $3, '', 'submitted', '', $4)",
        {str(random_uuid()), str(a.id), i64(now_ms), str(a.applicant_user_id)}));
    OutgoingEmail mail;
    mail.to = a.email;
    mail.template_name = "application_status_changed";
    mail.locale = a.locale;
    mail.organisation_id = a.organisation_id;
    mail.vars = {{"contact_name", a.contact_name},
                 {"company", a.company},
                 {"application_id", a.id},
                 {"status", "submitted"},
                 {"previous_status", ""},
                 {"reason", ""},
                 {"status_url", status_url(settings)},
                 {"changed_at", format_utc(from_epoch_ms(now_ms))}};
    PASEO_RETURN_IF_ERROR(enqueue_email(c, mail, now_ms));
    return write_audit(
        c,
        {a.applicant_user_id, a.email, a.organisation_id, "application.submitted", "application",
         a.id, origin.ip, "{\"company\":" + json_quote(a.company) + "}"},
        now_ms);
  }));
  a.history.push_back({now_ms, "", "submitted", "", a.applicant_user_id});
  return a;
}

Result<Application> get_my_application(Database& db, const Principal& who) {
  return db.read_value<Application>([&](Connection& c) -> Result<Application> {
    PASEO_ASSIGN_OR_RETURN(auto found, find_application(c, "organisation_id", who.organisation_id));
    if (!found) return Error::not_found("no application for this organisation");
    PASEO_RETURN_IF_ERROR(load_details(c, *found));
    return std::move(*found);
  });
}

Result<Application> reply_to_info_request(Database& db, const Settings& settings,
                                          const Principal& who, std::string_view message,
                                          const Origin& origin, std::int64_t now_ms) {
  std::string msg = internal::trim(message);
  if (msg.empty())
    return Error::invalid_argument("message is required", "message").with_key("field.required");
  if (msg.size() > 5000)
    return Error::invalid_argument("message is too long", "message")
        .with_key("field.tooLong", {{"max", "5000"}});
  return db.write_value<Application>([&](Connection& c) -> Result<Application> {
    PASEO_RETURN_IF_ERROR(lock_application(c, "organisation_id", who.organisation_id));
    PASEO_ASSIGN_OR_RETURN(auto found, find_application(c, "organisation_id", who.organisation_id));
    if (!found) return Error::not_found("no application for this organisation");
    if (found->status != "info_requested") {
      return Error::failed_precondition("no information was requested", "status")
          .with_key("apply.noInformationRequested");
    }
    PASEO_RETURN_IF_ERROR(c.query(
        "UPDATE supplier_applications SET message = message || $1 WHERE id = $2",
        {str("\n\n--- " + format_utc(from_epoch_ms(now_ms)) + "\n" + msg), str(found->id)}));
    PASEO_RETURN_IF_ERROR(transition(c, settings, *found, dom::ApplicationStatus::kUnderReview, msg,
                                     actor_of(who, dom::Actor::kApplicant), origin, now_ms));
    PASEO_RETURN_IF_ERROR(load_details(c, *found));
    return std::move(*found);
  });
}

Result<DocumentInfo> upload_document(Database& db, const Settings& settings, const Principal& who,
                                     std::string_view kind_name, std::string_view bytes,
                                     std::string_view filename,
                                     std::optional<std::string> expires_on, const Origin& origin,
                                     std::int64_t now_ms) {
  auto kind = dom::parse_document_kind(kind_name);
  if (!kind) {
    return Error::invalid_argument(
        "kind must be company_registration, bank_account or liability_insurance", "kind");
  }
  if (bytes.size() > dom::kMaxDocumentBytes) {
    return Error::payload_too_large("a document may be at most 10 MiB")
        .with_key("upload.documentTooLarge");
  }
  if (bytes.empty())
    return Error::invalid_argument("the file is empty", "file").with_key("upload.empty");
  auto type = dom::sniff_document_type(bytes);
  if (!type)
    return Error::invalid_argument("only PDF, JPEG or PNG files are accepted", "file")
        .with_key("upload.documentType");
  if (*kind == dom::DocumentKind::kLiabilityInsurance) {
    if (!expires_on || expires_on->empty()) {
      return Error::invalid_argument("the insurance expiry date is required", "expiresOn")
          .with_key("apply.insuranceExpiryRequired");
    }
    PASEO_RETURN_IF_ERROR(dom::validate_local_date(*expires_on, "expiresOn"));
    if (*expires_on < format_utc(from_epoch_ms(now_ms)).substr(0, 10)) {
      return Error::invalid_argument("the insurance has already expired", "expiresOn")
          .with_key("apply.insuranceExpired");
    }
  } else {
    expires_on.reset();
  }
  // Check the state before writing the file, and again in the transaction.
  auto check = [&](Connection& c) -> Result<Application> {
    PASEO_ASSIGN_OR_RETURN(auto found, find_application(c, "organisation_id", who.organisation_id));
    if (!found) return Error::not_found("no application for this organisation");
    auto st = dom::parse_application_status(found->status);
    if (!st || !dom::may_upload_documents(*st)) {
      return Error::failed_precondition(
                 "documents can be uploaded once the application is approved", "status")
          .with_key("apply.documentsAfterApproval");
    }
    PASEO_ASSIGN_OR_RETURN(auto accepted,
                           c.query("SELECT 1 FROM supplier_documents WHERE organisation_id = $1"
                                   " AND kind = $2 AND status = 'accepted'",
                                   {str(who.organisation_id), str(kind_name)}));
    if (!accepted.empty()) {
      return Error::conflict("this document was already accepted", "kind")
          .with_key("apply.documentAccepted");
    }
    return std::move(*found);
  };
  {
    auto precheck = db.read_value<Application>(check);
    if (!precheck.ok()) return std::move(precheck).error();
  }

  const std::string sha = sha256_hex(bytes);
  const std::string rel = "documents/" + who.organisation_id + "/" + std::string(kind_name) + "-" +
                          sha + "." + std::string(dom::extension_for(*type));
  namespace fs = std::filesystem;
  const fs::path full = fs::path(settings.data_dir) / rel;
  std::error_code ec;
  fs::create_directories(full.parent_path(), ec);
  if (ec) return Error::unavailable("cannot create the documents directory: " + ec.message());
  const fs::path tmp = full.string() + ".tmp-" + random_hex(6);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) return Error::unavailable("cannot write the document to disk");
  }
  fs::rename(tmp, full, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return Error::unavailable("cannot store the document");
  }

  DocumentInfo d;
  d.id = random_uuid();
  d.kind = std::string(kind_name);
  d.content_type = std::string(*type);
  d.size_bytes = static_cast<std::int64_t>(bytes.size());
  d.sha256 = sha;
  d.filename = clean_filename(filename);
  d.expires_on = expires_on;
  d.status = "pending";
  d.uploaded_at = now_ms;
  d.storage_path = rel;
  PASEO_ACCOUNTS_RETURN_IF_ERROR(db.write([&](Connection& c) -> Status {
    PASEO_RETURN_IF_ERROR(lock_application(c, "organisation_id", who.organisation_id));
    PASEO_ASSIGN_OR_RETURN(Application a, check(c));
    PASEO_RETURN_IF_ERROR(
        c.query("DELETE FROM supplier_documents WHERE organisation_id = $1 AND kind = $2",
                {str(who.organisation_id), str(kind_name)}));
    PASEO_RETURN_IF_ERROR(c.query(
        "INSERT INTO supplier_documents (id, organisation_id, kind, content_type, size_bytes,"
        " sha256, storage_path, filename, expires_on, status, uploaded_by, uploaded_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', $10, $11)",
        {str(d.id), str(who.organisation_id), str(d.kind), str(d.content_type), i64(d.size_bytes),
         str(d.sha256), str(d.storage_path), str(d.filename),
         d.expires_on ? storage::Value{*d.expires_on} : storage::Value{nullptr}, str(who.user_id),
         i64(now_ms)}));
    PASEO_RETURN_IF_ERROR(
        write_audit(c,
                    {who.user_id, who.email, who.organisation_id, "document.uploaded", "document",
                     d.id, origin.ip,
                     "{\"kind\":" + json_quote(d.kind) + ",\"sha256\":" + json_quote(sha) +
                         ",\"size\":" + std::to_string(d.size_bytes) + "}"},
                    now_ms));
    if (a.status == "approved") {
      PASEO_RETURN_IF_ERROR(transition(c, settings, a, dom::ApplicationStatus::kDocuments, "",
                                       actor_of(who, dom::Actor::kSystem), origin, now_ms));
    }
    return ok_status();
  }));
  return d;
}

Result<Conditions> current_conditions(Database& db) {
  return db.read_value<Conditions>([&](Connection& c) -> Result<Conditions> {
    PASEO_ASSIGN_OR_RETURN(
        auto rows, c.query("SELECT version, title, body, published_at FROM general_conditions"
                           " ORDER BY version DESC LIMIT 1"));
    if (rows.empty()) return Error::not_found("no general conditions published");
    const auto& r = rows.front();
    return Conditions{r.get_int(0), r.get_string(1), r.get_string(2), r.get_int(3)};
  });
}

Result<Conditions> publish_conditions(Database& db, const Principal& admin,
                                      std::string_view title_in, std::string_view body,
                                      const Origin& origin, std::int64_t now_ms) {
  const std::string title = internal::trim(title_in);
  if (title.empty() || title.size() > 200) {
    return Error::invalid_argument("title is required (at most 200 characters)", "title");
  }
  if (internal::trim(body).empty() || body.size() > 200'000) {
    return Error::invalid_argument("text is required (at most 200000 characters)", "text");
  }
  return db.write_value<Conditions>([&](Connection& c) -> Result<Conditions> {
    PASEO_ASSIGN_OR_RETURN(std::int64_t current, current_conditions_version(c));
    Conditions out{current + 1, title, std::string(body), now_ms};
    PASEO_RETURN_IF_ERROR(
        c.query("INSERT INTO general_conditions (version, title, body, published_at) VALUES ($1, "
                "$2, $3, $4)",
                {i64(out.version), str(out.title), str(out.body), i64(now_ms)}));
    PASEO_RETURN_IF_ERROR(
        write_audit(c,
                    {admin.user_id, admin.email, "", "conditions.published", "general_conditions",
                     std::to_string(out.version), origin.ip, ""},
                    now_ms));
    return out;
  });
}

Result<Application> accept_conditions(Database& db, const Settings& settings, const Principal& who,
                                      std::int64_t version, const Origin& origin,
                                      std::int64_t now_ms) {
  return db.write_value<Application>([&](Connection& c) -> Result<Application> {
    PASEO_RETURN_IF_ERROR(lock_application(c, "organisation_id", who.organisation_id));
    PASEO_ASSIGN_OR_RETURN(auto found, find_application(c, "organisation_id", who.organisation_id));
    if (!found) return Error::not_found("no application for this organisation");
    auto st = dom::parse_application_status(found->status);
    if (!st || !dom::may_upload_documents(*st)) {
      return Error::failed_precondition(
          "the general conditions can be accepted once the application is approved", "status");
    }
    PASEO_ASSIGN_OR_RETURN(std::int64_t current, current_conditions_version(c));
    if (version != current) {
      return Error::conflict("version " + std::to_string(version) +
                                 " is not the current general conditions (" +
                                 std::to_string(current) + ")",
                             "version");
    }
    PASEO_ASSIGN_OR_RETURN(auto already,
                           c.query("SELECT 1 FROM conditions_acceptances WHERE organisation_id = $1"
                                   " AND version = $2",
                                   {str(who.organisation_id), i64(version)}));
    if (already.empty()) {
      PASEO_RETURN_IF_ERROR(c.query(
          "INSERT INTO conditions_acceptances (id, organisation_id, user_id, version, accepted_at,"
          " ip) VALUES ($1, $2, $3, $4, $5, $6)",
          {str(random_uuid()), str(who.organisation_id), str(who.user_id), i64(version),
           i64(now_ms), str(origin.ip)}));
      PASEO_RETURN_IF_ERROR(
          write_audit(c,
                      {who.user_id, who.email, who.organisation_id, "conditions.accepted",
                       "general_conditions", std::to_string(version), origin.ip, ""},
                      now_ms));
    }
    PASEO_RETURN_IF_ERROR(maybe_activate(c, settings, *found, origin, now_ms));
    PASEO_RETURN_IF_ERROR(load_details(c, *found));
    return std::move(*found);
  });
}

// --- staff -------------------------------------------------------------------------------------

Result<ApplicationPage> list_applications(Database& db, const ApplicationFilter& f) {
  std::string where = " WHERE 1 = 1";
  std::vector<storage::Value> params;
  if (!f.status.empty()) {
    if (!dom::parse_application_status(f.status)) {
      return Error::invalid_argument("unknown status " + f.status, "status");
    }
    params.push_back(str(f.status));
    where += " AND a.status = $" + std::to_string(params.size());
  }
  std::string text = internal::trim(f.text);
  if (!text.empty()) {
    std::string pattern = "%";
    for (char ch : text) {
      char lc = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (lc == '%' || lc == '_' || lc == '\\') pattern.push_back('\\');
      pattern.push_back(lc);
    }
    pattern += "%";
    params.push_back(str(pattern));
    const std::string n = "$" + std::to_string(params.size());
    where += " AND (LOWER(a.company) LIKE " + n + " ESCAPE '\\' OR LOWER(a.contact_name) LIKE " +
             n + " ESCAPE '\\' OR LOWER(a.email) LIKE " + n +
             " ESCAPE '\\' OR LOWER(a.destinations) LIKE " + n + " ESCAPE '\\')";
  }
  const int page = std::max(1, f.page);
  const int size = std::clamp(f.page_size, 1, 200);
  return db.read_value<ApplicationPage>([&](Connection& c) -> Result<ApplicationPage> {
    ApplicationPage out;
    PASEO_ASSIGN_OR_RETURN(auto count,
                           c.query("SELECT COUNT(*) FROM supplier_applications a" + where,
                                   std::span<const storage::Value>(params)));
    out.total = count.empty() ? 0 : count.front().get_int(0);
    PASEO_ASSIGN_OR_RETURN(
        auto rows,
        c.query("SELECT " + std::string(kApplicationColumns) + std::string(kApplicationFrom) +
                    where + " ORDER BY a.created_at DESC, a.id LIMIT " + std::to_string(size) +
                    " OFFSET " + std::to_string((page - 1) * size),
                std::span<const storage::Value>(params)));
    for (const auto& r : rows.rows) out.items.push_back(application_from_row(r));
    return out;
  });
}

Result<Application> get_application(Database& db, std::string_view application_id) {
  return db.read_value<Application>([&](Connection& c) -> Result<Application> {
    PASEO_ASSIGN_OR_RETURN(auto found, find_application(c, "id", application_id));
    if (!found) return Error::not_found("application not found", "id");
    PASEO_RETURN_IF_ERROR(load_details(c, *found));
    return std::move(*found);
  });
}

Result<Application> change_application_status(Database& db, const Settings& settings,
                                              const Principal& staff,
                                              std::string_view application_id,
                                              std::string_view to_status, std::string_view reason,
                                              const Origin& origin, std::int64_t now_ms) {
  auto to = dom::parse_application_status(to_status);
  if (!to) return Error::invalid_argument("unknown status", "status");
  if (reason.size() > 5000)
    return Error::invalid_argument("reason is too long", "reason")
        .with_key("field.tooLong", {{"max", "5000"}});
  return db.write_value<Application>([&](Connection& c) -> Result<Application> {
    PASEO_RETURN_IF_ERROR(lock_application(c, "id", application_id));
    PASEO_ASSIGN_OR_RETURN(auto found, find_application(c, "id", application_id));
    if (!found) return Error::not_found("application not found", "id");
    PASEO_RETURN_IF_ERROR(transition(c, settings, *found, *to, reason,
                                     actor_of(staff, dom::Actor::kStaff), origin, now_ms));
    PASEO_RETURN_IF_ERROR(load_details(c, *found));
    return std::move(*found);
  });
}

Result<DocumentInfo> review_document(Database& db, const Settings& settings, const Principal& staff,
                                     std::string_view application_id, std::string_view kind,
                                     std::string_view decision, std::string_view reason_in,
                                     const Origin& origin, std::int64_t now_ms) {
  if (decision != "accepted" && decision != "rejected") {
    return Error::invalid_argument("status must be accepted or rejected", "status");
  }
  const std::string reason = internal::trim(reason_in);
  if (decision == "rejected" && reason.empty()) {
    return Error::invalid_argument("say why the document is rejected", "reason")
        .with_key("review.reasonRequired");
  }
  if (reason.size() > 2000)
    return Error::invalid_argument("reason is too long", "reason")
        .with_key("field.tooLong", {{"max", "2000"}});
  return db.write_value<DocumentInfo>([&](Connection& c) -> Result<DocumentInfo> {
    PASEO_RETURN_IF_ERROR(lock_application(c, "id", application_id));
    PASEO_ASSIGN_OR_RETURN(auto found, find_application(c, "id", application_id));
    if (!found) return Error::not_found("application not found", "id");
    if (found->status != "documents" && found->status != "approved") {
      return Error::failed_precondition(
          "documents of a " + found->status + " application cannot be reviewed", "status");
    }
    PASEO_ASSIGN_OR_RETURN(auto upd,
                           c.query("UPDATE supplier_documents SET status = $1, review_reason = $2,"
                                   " reviewed_by = $3, reviewed_at = $4 WHERE organisation_id = $5"
                                   " AND kind = $6",
                                   {str(decision), str(reason), str(staff.user_id), i64(now_ms),
                                    str(found->organisation_id), str(kind)}));
    if (upd.affected != 1) return Error::not_found("document not found", "kind");
    OutgoingEmail mail;
    mail.to = found->email;
    mail.template_name = "document_reviewed";
    mail.locale = found->locale;
    mail.organisation_id = found->organisation_id;
    mail.vars = {{"contact_name", found->contact_name},
                 {"company", found->company},
                 {"document_kind", std::string(kind)},
                 {"decision", std::string(decision)},
                 {"reason", reason},
                 {"status_url", status_url(settings)}};
    PASEO_RETURN_IF_ERROR(enqueue_email(c, mail, now_ms));
    PASEO_RETURN_IF_ERROR(write_audit(
        c,
        {staff.user_id, staff.email, found->organisation_id, "document.reviewed", "document",
         std::string(kind), origin.ip,
         "{\"decision\":" + json_quote(decision) + ",\"reason\":" + json_quote(reason) + "}"},
        now_ms));
    PASEO_RETURN_IF_ERROR(maybe_activate(c, settings, *found, origin, now_ms));
    PASEO_ASSIGN_OR_RETURN(auto rows, c.query("SELECT " + std::string(kDocumentColumns) +
                                                  " FROM supplier_documents d"
                                                  " WHERE d.organisation_id = $1 AND d.kind = $2",
                                              {str(found->organisation_id), str(kind)}));
    if (rows.empty()) return Error::internal("document vanished");
    return document_from_row(rows.front());
  });
}

Result<DocumentInfo> find_document(Database& db, std::string_view application_id,
                                   std::string_view kind) {
  return db.read_value<DocumentInfo>([&](Connection& c) -> Result<DocumentInfo> {
    PASEO_ASSIGN_OR_RETURN(auto rows,
                           c.query("SELECT " + std::string(kDocumentColumns) +
                                       " FROM supplier_documents d JOIN supplier_applications a"
                                       " ON a.organisation_id = d.organisation_id"
                                       " WHERE a.id = $1 AND d.kind = $2",
                                   {str(application_id), str(kind)}));
    if (rows.empty()) return Error::not_found("document not found", "kind");
    return document_from_row(rows.front());
  });
}

}  // namespace paseo::app::accounts
