// Supplier application (the Civitatis onboarding flow): statuses, who may move it where, and when
// onboarding is complete. Pure rules.
//
//   submitted -> under_review | rejected                         (staff)
//   under_review -> info_requested | approved | rejected         (staff)
//   info_requested -> under_review                               (staff, or the applicant replying)
//   info_requested -> rejected                                   (staff)
//   approved -> documents                                        (system: first document uploaded;
//   or staff) approved | documents -> rejected                             (staff, e.g. forged
//   documents) documents -> active                                          (system only: every
//   document accepted
//                                                                 and the general conditions
//                                                                 accepted)
// 'rejected' and 'active' are final. rejected and info_requested need a reason.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace paseo::domain::accounts {

enum class ApplicationStatus {
  kSubmitted,
  kUnderReview,
  kInfoRequested,
  kApproved,
  kRejected,
  kDocuments,
  kActive,
};

std::string_view application_status_name(ApplicationStatus s);
std::optional<ApplicationStatus> parse_application_status(std::string_view name);

enum class Actor { kStaff, kApplicant, kSystem };

// OK when `actor` may move an application from `from` to `to` with `reason` (trimmed non-empty
// reason required for rejected and info_requested). kInvalidArgument (field "reason") for a missing
// reason; kFailedPrecondition (field "status") for a transition the machine does not have or the
// actor may not make.
Status check_transition(ApplicationStatus from, ApplicationStatus to, Actor actor,
                        std::string_view reason);

// The statuses `actor` may move an application to from `from` (given a reason where one is
// needed), in the machine's order: what a status menu offers.
std::vector<ApplicationStatus> next_statuses(ApplicationStatus from, Actor actor);

// Documents the applicant uploads after approval.
enum class DocumentKind { kCompanyRegistration, kBankAccount, kLiabilityInsurance };
inline constexpr DocumentKind kAllDocumentKinds[] = {DocumentKind::kCompanyRegistration,
                                                     DocumentKind::kBankAccount,
                                                     DocumentKind::kLiabilityInsurance};

std::string_view document_kind_name(DocumentKind k);
std::optional<DocumentKind> parse_document_kind(std::string_view name);

// Uploads are accepted while the application is approved or in documents.
bool may_upload_documents(ApplicationStatus s);

enum class DocumentStatus { kPending, kAccepted, kRejected };
std::string_view document_status_name(DocumentStatus s);
std::optional<DocumentStatus> parse_document_status(std::string_view name);

struct DocumentState {
  DocumentKind kind;
  DocumentStatus status;
};

// True when every kind in kAllDocumentKinds has an accepted document and the current general
// conditions were accepted: the organisation may become active.
bool onboarding_complete(std::span<const DocumentState> documents, bool conditions_accepted);

// Maximum size of one uploaded document.
inline constexpr std::size_t kMaxDocumentBytes = 10u << 20;

// The content type of `bytes` from its magic numbers: "application/pdf" (%PDF-),
// "image/jpeg" (FF D8 FF), "image/png" (89 50 4E 47 0D 0A 1A 0A); nullopt otherwise.
std::optional<std::string_view> sniff_document_type(std::string_view bytes);

// File extension (without dot) for a sniffed type: pdf, jpg, png.
std::string_view extension_for(std::string_view content_type);

// Strict 'YYYY-MM-DD' calendar date check (leap years included); kInvalidArgument with `field`.
Status validate_local_date(std::string_view date, std::string_view field);

}  // namespace paseo::domain::accounts
