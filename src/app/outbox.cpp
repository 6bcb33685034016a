#include "app/outbox.h"

#include "app/email_templates.h"
#include "common/random.h"

namespace paseo::app {

Status enqueue_email(storage::Connection& tx, const OutgoingEmail& email, std::int64_t now_ms) {
  // Validate everything before touching the database: a bad email is the caller's bug and must
  // fail its transaction with a clear message, not turn into a row the mailer can never send.
  if (email.to.empty()) return Error::invalid_argument("email recipient is empty", "to");
  if (!is_valid_email_address(email.to)) {
    return Error::invalid_argument("'" + email.to + "' is not a valid email address", "to");
  }
  if (!is_known_email_template(email.template_name)) {
    return Error::invalid_argument("unknown email template '" + email.template_name + "'",
                                   "template_name");
  }
  PASEO_ASSIGN_OR_RETURN(std::string vars_json, encode_email_vars(email.vars));
  // Missing variables are not an error here: they render empty at send time and the mailer logs
  // them (an email with a blank line beats a booking that fails because of its email).
  // Nothing reads the row back: deferred (one pipeline with the COMMIT on PostgreSQL, db.h).
  return tx.defer(
      "INSERT INTO outbox (id, organisation_id, kind, recipient, template, locale, vars, "
      "status, attempts, next_attempt_at, last_error, created_at, reply_to) "
      "VALUES ($1, $2, 'email', $3, $4, $5, $6, 'pending', 0, $7, '', $7, $8)",
      {time_ordered_uuid(), email.organisation_id, email.to, email.template_name,
       normalize_email_locale(email.locale), std::move(vars_json), now_ms,
       is_valid_email_address(email.reply_to) ? email.reply_to : std::string()});
}

}  // namespace paseo::app
