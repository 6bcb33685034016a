#include "domain/booking.h"

#include <algorithm>
#include <set>

#include "common/money.h"
#include "domain/contact_details.h"

namespace paseo::domain {

std::string_view to_string(BookingStatus s) {
  switch (s) {
    case BookingStatus::kOnHold:
      return "ON_HOLD";
    case BookingStatus::kConfirmed:
      return "CONFIRMED";
    case BookingStatus::kCancelled:
      return "CANCELLED";
    case BookingStatus::kExpired:
      return "EXPIRED";
    case BookingStatus::kRedeemed:
      return "REDEEMED";
    case BookingStatus::kPending:
      return "PENDING";
  }
  return "ON_HOLD";
}

Result<BookingStatus> parse_booking_status(std::string_view s) {
  for (auto v : {BookingStatus::kOnHold, BookingStatus::kConfirmed, BookingStatus::kCancelled,
                 BookingStatus::kExpired, BookingStatus::kRedeemed, BookingStatus::kPending}) {
    if (to_string(v) == s) return v;
  }
  return Error::invalid_argument("unknown booking status '" + std::string(s) + "'", "status");
}

bool can_transition(BookingStatus from, BookingStatus to) {
  using S = BookingStatus;
  switch (from) {
    case S::kOnHold:
      return to == S::kConfirmed || to == S::kPending || to == S::kCancelled || to == S::kExpired;
    case S::kPending:
      return to == S::kConfirmed || to == S::kCancelled;
    case S::kConfirmed:
      return to == S::kCancelled || to == S::kRedeemed;
    case S::kRedeemed:
      return to == S::kConfirmed;  // the supplier undoes a check-in made by mistake
    case S::kCancelled:
    case S::kExpired:
      return false;
  }
  return false;
}

bool holds_seats(BookingStatus s) {
  return s == BookingStatus::kOnHold || s == BookingStatus::kConfirmed ||
         s == BookingStatus::kPending || s == BookingStatus::kRedeemed;
}

std::string_view to_string(Refund r) {
  switch (r) {
    case Refund::kFull:
      return "FULL";
    case Refund::kPartial:
      return "PARTIAL";
    case Refund::kNone:
      return "NONE";
  }
  return "NONE";
}

Result<CancellationQuote> quote_cancellation(const CancellationPolicy& policy,
                                             std::int64_t total_retail, Instant utc_start,
                                             Instant now) {
  if (now >= utc_start - std::chrono::minutes{policy.cutoff_minutes} || now >= utc_start) {
    return Error::failed_precondition("the cancellation cut-off has passed")
        .with_key("booking.cancelCutoffPassed");
  }
  CancellationQuote q;
  if (!policy.refundable) {
    q.refund = Refund::kNone;
    q.fee = total_retail;
    return q;
  }
  if (now <= utc_start - std::chrono::hours{policy.free_until_hours}) {
    q.refund = Refund::kFull;
    q.refund_amount = total_retail;
    return q;
  }
  q.fee = apply_basis_points(total_retail, static_cast<std::int64_t>(policy.fee_percent) * 100);
  q.fee = std::clamp<std::int64_t>(q.fee, 0, total_retail);
  q.refund_amount = total_retail - q.fee;
  if (q.fee == 0) {
    q.refund = Refund::kFull;
  } else if (q.refund_amount == 0) {
    q.refund = Refund::kNone;
  } else {
    q.refund = Refund::kPartial;
  }
  return q;
}

bool is_cancellable(BookingStatus status, const CancellationPolicy& policy, Instant utc_start,
                    Instant now) {
  if (status == BookingStatus::kOnHold || status == BookingStatus::kPending) return true;
  if (status != BookingStatus::kConfirmed) return false;
  return now < utc_start - std::chrono::minutes{policy.cutoff_minutes} && now < utc_start;
}

Result<int> hold_minutes(int requested) {
  if (requested < 0 || requested > kMaxHoldMinutes) {
    return Error::invalid_argument(
        "expirationMinutes must be between 1 and " + std::to_string(kMaxHoldMinutes),
        "expirationMinutes");
  }
  return requested == 0 ? kDefaultHoldMinutes : requested;
}

namespace {

// `value` as an error message quotes it: whole when short, else its first 40 bytes (cut before a
// UTF-8 continuation byte) and an ellipsis, so a pasted page does not come back in the error.
std::string quoted(std::string_view value) {
  constexpr std::size_t kMax = 40;
  if (value.size() <= kMax) return "'" + std::string(value) + "'";
  std::size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  return "'" + std::string(value.substr(0, cut)) + "\u2026'";
}

}  // namespace

Status check_contact_details(const Contact& c) {
  if (!c.phone.empty() && !is_phone_number(c.phone)) {
    return Error::invalid_argument(quoted(c.phone) +
                                       " is not a phone number: 6 to 20 digits, with spaces, "
                                       "dots, dashes, slashes or brackets between them and an "
                                       "optional leading +",
                                   "contact.phoneNumber")
        .with_key("field.phone");
  }
  if (!c.country.empty()) {
    std::string upper = c.country;
    for (char& ch : upper) {
      if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    }
    if (!is_country_code(upper)) {
      return Error::invalid_argument(
          quoted(c.country) + " is not an ISO 3166-1 alpha-2 country code such as ES or GB",
          "contact.country");
    }
  }
  if (c.locales.size() > kMaxContactLocales) {
    return Error::invalid_argument(
        "at most " + std::to_string(kMaxContactLocales) + " locales, in order of preference",
        "contact.locales");
  }
  for (const auto& l : c.locales) {
    if (!is_language_tag(l)) {
      return Error::invalid_argument(quoted(l) + " is not a language tag such as es or en-GB",
                                     "contact.locales");
    }
  }
  return ok_status();
}

std::string Contact::display_name() const {
  if (!full_name.empty()) return full_name;
  std::string s = first_name;
  if (!last_name.empty()) s += (s.empty() ? "" : " ") + last_name;
  return s;
}

Status check_required_contact(const Contact& c, const std::vector<std::string>& required) {
  if (!c.email.empty()) {
    auto at = c.email.find('@');
    if (at == std::string::npos || at == 0 || at + 1 == c.email.size() ||
        c.email.find_first_of(" \t\r\n") != std::string::npos) {
      return Error::invalid_argument("'" + c.email + "' is not an email address",
                                     "contact.emailAddress")
          .with_key("email.shape");
    }
  }
  // Spaces alone are no answer: "   " as a first name would reach the supplier as a blank.
  auto blank = [](const std::string& s) {
    return s.find_first_not_of(" \t\r\n") == std::string::npos;
  };
  for (const auto& f : required) {
    bool missing = false;
    if (f == "firstName")
      missing = blank(c.first_name) && blank(c.full_name);
    else if (f == "lastName")
      missing = blank(c.last_name) && blank(c.full_name);
    else if (f == "emailAddress")
      missing = blank(c.email);
    else if (f == "phoneNumber")
      missing = blank(c.phone);
    else if (f == "country")
      missing = blank(c.country);
    else if (f == "notes")
      missing = blank(c.notes);
    else if (f == "locales")
      missing = c.locales.empty();
    else if (f == "postalCode")
      missing = blank(c.postal_code);
    if (missing) {
      return Error::invalid_argument("contact " + f + " is required", "contact." + f)
          .with_key("field.required");
    }
  }
  return ok_status();
}

namespace {

bool is_number(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  bool digits = false, dot = false;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      digits = true;
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  return digits;
}

}  // namespace

Status check_answers(const Product& p, QuestionScope scope,
                     const std::vector<QuestionAnswer>& answers, bool require_all) {
  std::set<std::string> answered;
  for (const auto& a : answers) {
    const Question* q = find_question(p, a.question_id);
    if (!q || q->scope != scope) {
      return Error::not_found("unknown question '" + a.question_id + "'", "questionId");
    }
    if (!answered.insert(a.question_id).second) {
      return Error::invalid_argument("question '" + a.question_id + "' answered twice",
                                     "questionAnswers");
    }
    if (a.value.empty()) continue;
    switch (q->input) {
      case QuestionInput::kText:
        break;
      case QuestionInput::kSelect:
        if (std::find(q->select_options.begin(), q->select_options.end(), a.value) ==
            q->select_options.end()) {
          return Error::invalid_argument(
              "'" + a.value + "' is not an option of question '" + q->id + "'", "questionAnswers");
        }
        break;
      case QuestionInput::kDate:
        if (!LocalDate::parse(a.value).ok()) {
          return Error::invalid_argument("question '" + q->id + "' needs a date YYYY-MM-DD",
                                         "questionAnswers");
        }
        break;
      case QuestionInput::kNumber:
        if (!is_number(a.value)) {
          return Error::invalid_argument("question '" + q->id + "' needs a number",
                                         "questionAnswers");
        }
        break;
    }
  }
  if (require_all) {
    for (const auto& q : p.questions) {
      if (q.scope != scope || !q.required) continue;
      auto it = std::find_if(answers.begin(), answers.end(), [&](const QuestionAnswer& a) {
        return a.question_id == q.id && !a.value.empty();
      });
      if (it == answers.end()) {
        return Error::failed_precondition("question '" + q.id + "' must be answered",
                                          "questionAnswers");
      }
    }
  }
  return ok_status();
}

}  // namespace paseo::domain
