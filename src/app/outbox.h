// The transactional outbox: emails (and later webhooks) are written as rows in the same
// transaction as the change that causes them; jobs/outbox_mailer delivers them afterwards, at least
// once, retrying with backoff, and never twice when several processes share one PostgreSQL.
//
// Callers render nothing here: they name a template and give its variables; the mailer renders
// the template in `locale` when it sends (app/email_templates.h).
#pragma once

#include <map>
#include <string>

#include "common/result.h"
#include "storage/db.h"

namespace paseo::app {

struct OutgoingEmail {
  std::string to;                           // one address
  std::string template_name;                // e.g. "booking_confirmed_supplier"
  std::string locale = "en";                // es, en, fr
  std::map<std::string, std::string> vars;  // template variables, already formatted for locale
  std::string organisation_id;              // tenant the email belongs to ("" for platform)
  std::string reply_to;  // where replies go (Reply-To); "" or an invalid address: none
};

// Adds the email to the outbox inside the caller's write transaction. kInvalidArgument for an
// empty recipient or unknown template.
Status enqueue_email(storage::Connection& tx, const OutgoingEmail& email, std::int64_t now_ms);

}  // namespace paseo::app
