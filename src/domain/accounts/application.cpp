#include "domain/accounts/application.h"

#include <algorithm>
#include <cctype>

namespace paseo::domain::accounts {
namespace {

using S = ApplicationStatus;

bool blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

}  // namespace

std::string_view application_status_name(ApplicationStatus s) {
  switch (s) {
    case S::kSubmitted:
      return "submitted";
    case S::kUnderReview:
      return "under_review";
    case S::kInfoRequested:
      return "info_requested";
    case S::kApproved:
      return "approved";
    case S::kRejected:
      return "rejected";
    case S::kDocuments:
      return "documents";
    case S::kActive:
      return "active";
  }
  return "unknown";
}

std::optional<ApplicationStatus> parse_application_status(std::string_view name) {
  for (S s : {S::kSubmitted, S::kUnderReview, S::kInfoRequested, S::kApproved, S::kRejected,
              S::kDocuments, S::kActive}) {
    if (application_status_name(s) == name) return s;
  }
  return std::nullopt;
}

std::vector<ApplicationStatus> next_statuses(ApplicationStatus from, Actor actor) {
  std::vector<ApplicationStatus> out;
  for (S to : {S::kSubmitted, S::kUnderReview, S::kInfoRequested, S::kApproved, S::kRejected,
               S::kDocuments, S::kActive}) {
    if (check_transition(from, to, actor, "a reason").ok()) out.push_back(to);
  }
  return out;
}

Status check_transition(ApplicationStatus from, ApplicationStatus to, Actor actor,
                        std::string_view reason) {
  auto not_allowed = [&] {
    return Error::failed_precondition("an application cannot go from " +
                                          std::string(application_status_name(from)) + " to " +
                                          std::string(application_status_name(to)),
                                      "status");
  };
  bool ok = false;
  switch (from) {
    case S::kSubmitted:
      ok = actor == Actor::kStaff && (to == S::kUnderReview || to == S::kRejected);
      break;
    case S::kUnderReview:
      ok = actor == Actor::kStaff &&
           (to == S::kInfoRequested || to == S::kApproved || to == S::kRejected);
      break;
    case S::kInfoRequested:
      ok = (to == S::kUnderReview && (actor == Actor::kStaff || actor == Actor::kApplicant)) ||
           (to == S::kRejected && actor == Actor::kStaff);
      break;
    case S::kApproved:
      ok = (to == S::kDocuments && (actor == Actor::kSystem || actor == Actor::kStaff)) ||
           (to == S::kRejected && actor == Actor::kStaff);
      break;
    case S::kDocuments:
      ok = (to == S::kActive && actor == Actor::kSystem) ||
           (to == S::kRejected && actor == Actor::kStaff);
      break;
    case S::kRejected:
    case S::kActive:
      ok = false;
      break;
  }
  if (!ok) return not_allowed();
  if (to == S::kRejected && blank(reason)) {
    return Error::invalid_argument("a reason is required to reject", "reason")
        .with_key("apply.rejectReasonRequired");
  }
  if (to == S::kInfoRequested && blank(reason)) {
    return Error::invalid_argument("say which information is needed", "reason")
        .with_key("apply.infoNeededRequired");
  }
  return ok_status();
}

std::string_view document_kind_name(DocumentKind k) {
  switch (k) {
    case DocumentKind::kCompanyRegistration:
      return "company_registration";
    case DocumentKind::kBankAccount:
      return "bank_account";
    case DocumentKind::kLiabilityInsurance:
      return "liability_insurance";
  }
  return "unknown";
}

std::optional<DocumentKind> parse_document_kind(std::string_view name) {
  for (DocumentKind k : kAllDocumentKinds) {
    if (document_kind_name(k) == name) return k;
  }
  return std::nullopt;
}

bool may_upload_documents(ApplicationStatus s) { return s == S::kApproved || s == S::kDocuments; }

std::string_view document_status_name(DocumentStatus s) {
  switch (s) {
    case DocumentStatus::kPending:
      return "pending";
    case DocumentStatus::kAccepted:
      return "accepted";
    case DocumentStatus::kRejected:
      return "rejected";
  }
  return "unknown";
}

std::optional<DocumentStatus> parse_document_status(std::string_view name) {
  for (DocumentStatus s :
       {DocumentStatus::kPending, DocumentStatus::kAccepted, DocumentStatus::kRejected}) {
    if (document_status_name(s) == name) return s;
  }
  return std::nullopt;
}

bool onboarding_complete(std::span<const DocumentState> documents, bool conditions_accepted) {
  if (!conditions_accepted) return false;
  for (DocumentKind k : kAllDocumentKinds) {
    bool accepted = std::any_of(documents.begin(), documents.end(), [&](const DocumentState& d) {
      return d.kind == k && d.status == DocumentStatus::kAccepted;
    });
    if (!accepted) return false;
  }
  return true;
}

std::optional<std::string_view> sniff_document_type(std::string_view b) {
  if (b.size() >= 5 && b.substr(0, 5) == "%PDF-") return "application/pdf";
  if (b.size() >= 3 && static_cast<unsigned char>(b[0]) == 0xFF &&
      static_cast<unsigned char>(b[1]) == 0xD8 && static_cast<unsigned char>(b[2]) == 0xFF) {
    return "image/jpeg";
  }
  static constexpr char kPng[] = {'\x89', 'P', 'N', 'G', '\r', '\n', '\x1a', '\n'};
  if (b.size() >= 8 && b.substr(0, 8) == std::string_view(kPng, 8)) return "image/png";
  return std::nullopt;
}

std::string_view extension_for(std::string_view content_type) {
  if (content_type == "application/pdf") return "pdf";
  if (content_type == "image/jpeg") return "jpg";
  if (content_type == "image/png") return "png";
  return "bin";
}

Status validate_local_date(std::string_view d, std::string_view field) {
  auto bad = [&] {
    return Error::invalid_argument("must be a date like 2027-03-31", std::string(field));
  };
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return bad();
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (d[i] < '0' || d[i] > '9') return bad();
  }
  int y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
  int m = (d[5] - '0') * 10 + (d[6] - '0');
  int day = (d[8] - '0') * 10 + (d[9] - '0');
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || m < 1 || m > 12 || day < 1) return bad();
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int max = kDays[m - 1] + ((m == 2 && leap) ? 1 : 0);
  if (day > max) return bad();
  return ok_status();
}

}  // namespace paseo::domain::accounts
