// Email templates: every email Paseo sends, in es, en and fr, as a subject, a plain-text body and
// an HTML body, rendered from string variables at send time (jobs/outbox_mailer).
//
// Template syntax (a small subset of Mustache, enough for transactional emails):
//   {{name}}              the variable; HTML-escaped in the HTML body, as is in text and subject
//   {{#name}}…{{/name}}   the block only when the variable is present and non-empty
//   {{^name}}…{{/name}}   the block only when the variable is missing or empty
//   {{#name=value}}…{{/name=value}}   the block only when the variable equals `value`; used to
//                         word enumerations ("status", "decision") per locale
// Variables are formatted by the caller for the email's locale (dates in the product's zone, money
// with its currency); templates never format anything themselves.
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace paseo::app {

using EmailVars = std::map<std::string, std::string>;

struct RenderedEmail {
  std::string subject;  // one line, no CR/LF
  std::string text;     // text/plain body, UTF-8
  std::string html;     // complete text/html document, UTF-8
  // Documented variables (other than optional ones such as a booking's "channel", "reason",
  // "changes") and variables the template used that `vars` lacked; they rendered as empty. The
  // mailer logs them.
  std::vector<std::string> missing_vars;
};

// Names of every template, e.g. "booking_confirmed_supplier".
std::span<const std::string_view> email_template_names();
bool is_known_email_template(std::string_view name);

// The variables a template documents (what callers should pass); empty for unknown templates.
std::span<const std::string_view> email_template_variables(std::string_view name);

// True for a documented variable the template may go without (it only fills an optional block,
// such as a booking's "channel" or "reason"): its absence is not reported as missing.
bool is_optional_email_variable(std::string_view template_name, std::string_view var);

// The locales templates exist in: "es", "en", "fr".
std::span<const std::string_view> email_locales();

// "es", "es-ES", "ES_es", "es,en;q=0.8" (an Accept-Language value: its first language) -> "es";
// anything without a template language (or empty) -> "en".
std::string normalize_email_locale(std::string_view locale);

// The first of `preferred` (a traveller's languages, most wanted first: OCTO contact.locales)
// that templates exist in, normalised as above: "fr" for {"de", "fr-CA"}. "" when none is.
std::string preferred_email_locale(std::span<const std::string> preferred);

// Renders `template_name` in `locale` (normalised as above). kInvalidArgument for an unknown
// template. Missing variables render empty and are listed in missing_vars.
Result<RenderedEmail> render_email(std::string_view template_name, std::string_view locale,
                                   const EmailVars& vars);

// The template engine itself, exposed for tests: renders `tmpl` with `vars`, HTML-escaping
// substituted values when `html_escape`. Unbalanced or unclosed tags are kInvalidArgument.
Result<std::string> render_template_text(std::string_view tmpl, const EmailVars& vars,
                                         bool html_escape,
                                         std::vector<std::string>* missing_vars = nullptr);

// & < > " ' as entities.
std::string html_escape(std::string_view text);

// A deliberately plain check of one mailbox address, "local@domain.tld": ASCII only (we do not
// speak SMTPUTF8), no spaces, quotes, angle brackets or control characters (header injection),
// at most 254 characters, local part at most 64, a domain of dot-separated labels of letters,
// digits and hyphens with at least one dot, no empty labels.
bool is_valid_email_address(std::string_view address);

// The outbox stores variables as a JSON object of strings. encode rejects invalid UTF-8
// (kInvalidArgument naming the variable); decode rejects anything but a flat object of strings.
Result<std::string> encode_email_vars(const EmailVars& vars);
Result<EmailVars> decode_email_vars(std::string_view json);

}  // namespace paseo::app
