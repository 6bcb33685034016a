#include "app/internal/booking_emails.h"

#include <algorithm>
#include <cstdlib>
#include <map>

#include "app/email_templates.h"
#include "app/internal/sql_util.h"
#include "app/outbox.h"
#include "common/money.h"

namespace paseo::app::internal {

std::string format_money(std::int64_t amount, const std::string& currency) {
  int precision = currency_precision(currency).ok() ? *currency_precision(currency) : 2;
  std::string sign = amount < 0 ? "-" : "";
  std::uint64_t a = static_cast<std::uint64_t>(amount < 0 ? -amount : amount);
  std::uint64_t scale = 1;
  for (int i = 0; i < precision; ++i) scale *= 10;
  std::string out = sign + std::to_string(a / scale);
  if (precision > 0) {
    std::string frac = std::to_string(a % scale);
    out += '.';
    out.append(static_cast<std::size_t>(precision) - frac.size(), '0');
    out += frac;
  }
  return out + " " + currency;
}

namespace {

std::string units_summary(const domain::Booking& b, const domain::Option* o,
                          const std::string& locale) {
  std::vector<std::pair<std::string, int>> counts;
  for (const auto& item : b.unit_items) {
    auto it = std::find_if(counts.begin(), counts.end(),
                           [&](const auto& p) { return p.first == item.unit_id; });
    if (it == counts.end()) {
      counts.push_back({item.unit_id, 1});
    } else {
      ++it->second;
    }
  }
  std::string out;
  for (const auto& [unit_id, n] : counts) {
    std::string name = unit_id;
    if (o) {
      if (const auto* u = domain::find_unit(*o, unit_id)) {
        const std::string& t = domain::localized(u->title, locale);
        name = t.empty() ? (u->internal_name.empty() ? unit_id : u->internal_name) : t;
      }
    }
    if (!out.empty()) out += ", ";
    out += std::to_string(n) + " \u00d7 " + name;
  }
  return out;
}

}  // namespace

storage::Connection::Statement email_parties_query(const domain::Booking& b) {
  return email_parties_query(SqlPart{"$1", {v(b.supplier_id)}}, SqlPart{"$1", {v(b.reseller_id)}});
}

storage::Connection::Statement email_parties_query(const SqlPart& supplier_id,
                                                   const SqlPart& reseller_id) {
  const SqlPart reseller = after(supplier_id.params.size(), reseller_id);
  std::vector<storage::Value> params = supplier_id.params;
  params.insert(params.end(), reseller.params.begin(), reseller.params.end());
  return {"SELECT id, name, email, locale FROM organisations WHERE id = " + supplier_id.sql +
              " OR id = " + reseller.sql,
          std::move(params)};
}

Status enqueue_booking_emails(storage::Connection& c, BookingEmail kind, const domain::Booking& b,
                              const domain::Product& p, const std::string& changes, Instant now,
                              const storage::QueryResult* parties) {
  // Read here when not read ahead, or when the booking changed supplier since (an amendment
  // onto another supplier's product): the rows must be this booking's parties.
  const bool covers = parties && std::any_of(parties->rows.begin(), parties->rows.end(),
                                             [&](const storage::Row& r) {
                                               return r.get_string(0) == b.supplier_id;
                                             });
  storage::QueryResult read;
  if (!covers) {
    PASEO_ASSIGN_OR_RETURN(read, c.query(email_parties_query(b)));
    parties = &read;
  }
  const storage::QueryResult& orgs = *parties;
  std::string supplier_name, supplier_email, supplier_locale = "en", reseller_name;
  for (const auto& r : orgs.rows) {
    if (r.get_string(0) == b.supplier_id) {
      supplier_name = r.get_string(1);
      supplier_email = r.get_string(2);
      supplier_locale = r.get_string(3);
    }
    if (r.get_string(0) == b.reseller_id && b.reseller_id != b.supplier_id) {
      reseller_name = r.get_string(1);
    }
  }
  const domain::Option* o = domain::find_option(p, b.option_id);
  auto vars_for = [&](const std::string& locale) {
    std::map<std::string, std::string> vars;
    vars["supplier_name"] = supplier_name;
    const std::string& title = domain::localized(p.title, locale);
    vars["product_title"] = title.empty() ? p.internal_name : title;
    if (o) {
      const std::string& ot = domain::localized(o->title, locale);
      vars["option_title"] = ot.empty() ? o->internal_name : ot;
    }
    std::string start = b.local_date.to_string();
    if (p.availability_type == domain::AvailabilityType::kStartTime) {
      start += ' ';  // not " " + …: g++ 12 -O3 -Wrestrict false positive
      // What the clock shows then: a departure in a spring-forward gap runs an hour later.
      auto tz = domain::TimeZone::find(p.time_zone);
      start += (tz.ok() ? tz->to_local(b.utc_start).time : b.local_start).to_string();
    }
    vars["local_start"] = start + " (" + p.time_zone + ")";
    vars["booking_reference"] = b.supplier_reference;
    vars["booking_uuid"] = b.uuid;
    vars["contact_name"] = b.contact.display_name();
    vars["contact_email"] = b.contact.email;
    vars["units_summary"] = units_summary(b, o, locale);
    vars["total"] = format_money(b.total.retail, b.currency);
    vars["channel"] = reseller_name;
    if (b.cancellation) {
      vars["reason"] = b.cancellation->reason;
      vars["refund"] = std::string(domain::to_string(b.cancellation->refund));
      vars["refund_amount"] = format_money(b.cancellation->refund_amount, b.currency);
    }
    if (!changes.empty()) vars["changes"] = changes;
    if (kind == BookingEmail::kCancelledBySupplier) vars["by_supplier"] = "yes";
    return vars;
  };
  std::int64_t now_ms = to_epoch_ms(now);
  const bool amended = kind == BookingEmail::kAmended || kind == BookingEmail::kTripAmended;
  const char* supplier_template = kind == BookingEmail::kConfirmed ? "booking_confirmed_supplier"
                                  : amended                        ? "booking_amended_supplier"
                                                                   : "booking_cancelled_supplier";
  if (is_valid_email_address(supplier_email)) {
    OutgoingEmail e;
    e.to = supplier_email;
    e.template_name = supplier_template;
    e.locale = normalize_email_locale(supplier_locale);
    e.vars = vars_for(e.locale);
    e.organisation_id = b.supplier_id;
    PASEO_RETURN_IF_ERROR(enqueue_email(c, e, now_ms));
  }
  if (kind != BookingEmail::kAmended && is_valid_email_address(b.contact.email)) {
    OutgoingEmail e;
    e.to = b.contact.email;
    e.template_name = kind == BookingEmail::kConfirmed     ? "booking_confirmed_traveller"
                      : kind == BookingEmail::kTripAmended ? "booking_amended_traveller"
                                                           : "booking_cancelled_traveller";
    e.locale = normalize_email_locale(b.contact.locales.empty() ? supplier_locale
                                                                : b.contact.locales.front());
    e.vars = vars_for(e.locale);
    e.organisation_id = b.supplier_id;
    PASEO_RETURN_IF_ERROR(enqueue_email(c, e, now_ms));
  }
  return ok_status();
}

}  // namespace paseo::app::internal
