// Supplier onboarding use cases (the Civitatis flow): public application, status changes by the
// operator's staff, the three vetting documents, the general conditions, activation.
//
// Tenant scoping: applicant functions take the Principal and only ever touch rows of
// principal.organisation_id; staff functions require a platform principal (checked by the API
// guard) and address applications by id.
//
// Every status change writes application_events, the audit log and an
// application_status_changed email to the applicant in one transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/accounts/accounts.h"
#include "common/result.h"
#include "storage/db.h"

namespace paseo::app::accounts {

struct ApplicationForm {
  std::string company;       // companyName
  std::string contact_name;  // contactName
  std::string email;
  std::string password;
  std::string phone;
  std::vector<std::string> destinations;
  std::vector<std::string> activity_kinds;  // activityKinds
  std::string website;
  std::string message;
  std::string locale = "en";
};

struct ApplicationEvent {
  std::int64_t at = 0;
  std::string from_status;
  std::string to_status;
  std::string reason;
  std::string actor_user_id;
};

struct DocumentInfo {
  std::string id;
  std::string kind;
  std::string content_type;
  std::int64_t size_bytes = 0;
  std::string sha256;
  std::string filename;
  std::optional<std::string> expires_on;
  std::string status;
  std::string review_reason;
  std::optional<std::int64_t> reviewed_at;
  std::int64_t uploaded_at = 0;
  std::string storage_path;  // relative to data_dir; never shown to applicants
};

struct Conditions {
  std::int64_t version = 0;
  std::string title;
  std::string body;
  std::int64_t published_at = 0;
};

struct Application {
  std::string id;
  std::string organisation_id;
  std::string applicant_user_id;
  std::string status;
  std::string status_reason;
  std::string company;
  std::string contact_name;
  std::string email;
  std::string phone;
  std::vector<std::string> destinations;
  std::vector<std::string> activity_kinds;
  std::string website;
  std::string message;
  std::string locale;
  std::string organisation_status;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  // Filled by the "read one" calls, not by lists.
  std::vector<ApplicationEvent> history;
  std::vector<DocumentInfo> documents;
  std::optional<std::int64_t> conditions_version;  // accepted version, if any
  std::optional<std::int64_t> conditions_accepted_at;
};

// Validates the form, creates the applicant organisation (kind supplier, status 'applicant'), its
// supplier_owner user and the application 'submitted'; emails the applicant. Returns the
// application. kInvalidArgument with the field; kConflict field "email" for a registered email.
// `password_hash` is hash_password(form.password), computed by the caller outside transactions
// after validate_application_form() passed.
Status validate_application_form(const ApplicationForm& form);
Result<Application> submit_application(storage::Database& db, const Settings& settings,
                                       const ApplicationForm& form, std::string_view password_hash,
                                       const Origin& origin, std::int64_t now_ms);

// The applicant's own application with history, documents and conditions state. kNotFound when
// the principal's organisation has none.
Result<Application> get_my_application(storage::Database& db, const Principal& who);

// The applicant answers an info request: info_requested -> under_review, message kept as reason.
Result<Application> reply_to_info_request(storage::Database& db, const Settings& settings,
                                          const Principal& who, std::string_view message,
                                          const Origin& origin, std::int64_t now_ms);

// Stores one document (bytes already size-checked by the caller against kMaxDocumentBytes).
// Type sniffed from the bytes (kInvalidArgument field "file" otherwise); insurance requires
// `expires_on` ('YYYY-MM-DD', not in the past; field "expiresOn"). kFailedPrecondition unless the
// application is approved or documents; kConflict when that kind was already accepted. The first
// upload moves approved -> documents.
Result<DocumentInfo> upload_document(storage::Database& db, const Settings& settings,
                                     const Principal& who, std::string_view kind,
                                     std::string_view bytes, std::string_view filename,
                                     std::optional<std::string> expires_on, const Origin& origin,
                                     std::int64_t now_ms);

Result<Conditions> current_conditions(storage::Database& db);

// A platform admin publishes a new version of the general conditions (version = current + 1).
// Applicants must accept the new version to finish onboarding; suppliers already active stay
// active (acceptances are per version, so who accepted which version remains on record).
Result<Conditions> publish_conditions(storage::Database& db, const Principal& admin,
                                      std::string_view title, std::string_view body,
                                      const Origin& origin, std::int64_t now_ms);

// The applicant accepts `version` (must be the current one: kConflict field "version" otherwise).
// kFailedPrecondition unless approved or documents. May activate the organisation.
Result<Application> accept_conditions(storage::Database& db, const Settings& settings,
                                      const Principal& who, std::int64_t version,
                                      const Origin& origin, std::int64_t now_ms);

// --- staff -----------------------------------------------------------------------------------

struct ApplicationFilter {
  std::string status;  // "" = any
  std::string text;    // matched against company, contact name, email, destinations
  int page = 1;
  int page_size = 50;
};

struct ApplicationPage {
  std::vector<Application> items;
  std::int64_t total = 0;
};

Result<ApplicationPage> list_applications(storage::Database& db, const ApplicationFilter& filter);
Result<Application> get_application(storage::Database& db, std::string_view application_id);

Result<Application> change_application_status(storage::Database& db, const Settings& settings,
                                              const Principal& staff,
                                              std::string_view application_id,
                                              std::string_view to_status, std::string_view reason,
                                              const Origin& origin, std::int64_t now_ms);

// decision: "accepted" or "rejected" (reason required). Emails document_reviewed; may activate.
Result<DocumentInfo> review_document(storage::Database& db, const Settings& settings,
                                     const Principal& staff, std::string_view application_id,
                                     std::string_view kind, std::string_view decision,
                                     std::string_view reason, const Origin& origin,
                                     std::int64_t now_ms);

// The stored document of an application (for download). kNotFound if absent.
Result<DocumentInfo> find_document(storage::Database& db, std::string_view application_id,
                                   std::string_view kind);

}  // namespace paseo::app::accounts
