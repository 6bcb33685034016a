#include "app/internal/booking_emails.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>

#include "app/email_templates.h"
#include "app/internal/sql_util.h"
#include "app/outbox.h"
#include "common/money.h"

namespace paseo::app::internal {

namespace {

// Digits of |amount| in major units with `precision` decimals, grouped by thousands.
std::string grouped(std::uint64_t a, int precision, std::string_view thousands,
                    std::string_view decimal) {
  std::uint64_t scale = 1;
  for (int i = 0; i < precision; ++i) scale *= 10;
  const std::string whole = std::to_string(a / scale);
  std::string out;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) out += thousands;
    out += whole[i];
  }
  if (precision > 0) {
    const std::string frac = std::to_string(a % scale);
    out += decimal;
    out.append(static_cast<std::size_t>(precision) - frac.size(), '0');
    out += frac;
  }
  return out;
}

constexpr const char* kMonthsEs[] = {"enero",      "febrero", "marzo",     "abril",
                                     "mayo",       "junio",   "julio",     "agosto",
                                     "septiembre", "octubre", "noviembre", "diciembre"};
constexpr const char* kMonthsEn[] = {"January",   "February", "March",    "April",
                                     "May",       "June",     "July",     "August",
                                     "September", "October",  "November", "December"};
constexpr const char* kMonthsFr[] = {"janvier",   "février", "mars",     "avril",
                                     "mai",       "juin",    "juillet",  "août",
                                     "septembre", "octobre", "novembre", "décembre"};
constexpr const char* kWeekdaysEs[] = {"lunes",   "martes", "miércoles", "jueves",
                                       "viernes", "sábado", "domingo"};
constexpr const char* kWeekdaysEn[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                       "Friday", "Saturday", "Sunday"};
constexpr const char* kWeekdaysFr[] = {"lundi",    "mardi",  "mercredi", "jeudi",
                                       "vendredi", "samedi", "dimanche"};

// The engine's names of what an amendment changed (BookingService::update), as the reader says
// them; a name not listed passes as it is.
std::string change_in(std::string_view change, const std::string& lang) {
  struct Words {
    std::string_view key, es, en, fr;
  };
  static constexpr Words kWords[] = {
      {"product", "actividad", "activity", "activité"},
      {"option", "opción", "option", "option"},
      {"date/time", "fecha y hora", "date and time", "date et heure"},
      {"unit items", "participantes", "participants", "participants"},
      {"extras", "extras", "extras", "suppléments"},
      {"answers", "respuestas", "answers", "réponses"},
      {"contact", "datos de contacto", "contact details", "coordonnées"},
      {"notes", "notas", "notes", "notes"},
      {"pickup", "recogida", "pickup", "prise en charge"},
      {"reseller reference", "referencia del revendedor", "reseller reference",
       "référence du revendeur"},
      {"hold extended", "reserva prolongada", "hold extended", "option prolongée"},
  };
  for (const auto& w : kWords) {
    if (w.key == change) return std::string(lang == "es" ? w.es : lang == "fr" ? w.fr : w.en);
  }
  return std::string(change);
}

std::string changes_in(std::string_view summary, const std::string& lang) {
  std::string out;
  while (!summary.empty()) {
    const auto comma = summary.find(", ");
    if (!out.empty()) out += ", ";
    out += change_in(summary.substr(0, comma), lang);
    summary = comma == std::string_view::npos ? std::string_view{} : summary.substr(comma + 2);
  }
  return out;
}

}  // namespace

std::string format_money(std::int64_t amount, std::string_view currency, std::string_view locale) {
  const auto p = currency_precision(std::string(currency));
  const int precision = p.ok() ? *p : 2;
  const std::uint64_t a =
      amount < 0 ? 0 - static_cast<std::uint64_t>(amount) : static_cast<std::uint64_t>(amount);
  const std::string sign = amount < 0 ? "-" : "";
  const std::string lang = normalize_email_locale(locale);
  const bool euro = currency == "EUR", pound = currency == "GBP", dollar = currency == "USD";
  if (lang == "en") {
    const std::string symbol = euro ? "€" : pound ? "£" : dollar ? "$" : "";
    const std::string digits = grouped(a, precision, ",", ".");
    return symbol.empty() ? sign + std::string(currency) + " " + digits : sign + symbol + digits;
  }
  // es and fr put the symbol after the amount, with a decimal comma; French groups thousands
  // with a narrow no-break space, Spanish with a dot.
  const std::string symbol = euro ? "€" : pound ? "£" : dollar ? "US$" : std::string(currency);
  return sign + grouped(a, precision, lang == "fr" ? "\u202f" : ".", ",") + "\u00a0" + symbol;
}

std::string format_local_start(domain::LocalDate date, std::optional<domain::LocalTime> time,
                               std::string_view time_zone, std::string_view locale) {
  const std::string iso = date.to_string();  // YYYY-MM-DD
  const int month = std::atoi(iso.substr(5, 2).c_str());
  const int day = std::atoi(iso.substr(8, 2).c_str());
  const std::string year = iso.substr(0, 4);
  const int weekday = date.iso_weekday() - 1;
  const std::string lang = normalize_email_locale(locale);
  // "Europe/Madrid" -> "Madrid", "America/Mexico_City" -> "Mexico City": the place whose clock
  // the time is on, which a traveller from elsewhere needs to know.
  std::string city(time_zone.substr(time_zone.rfind('/') + 1));
  std::replace(city.begin(), city.end(), '_', ' ');
  std::string out;
  if (lang == "es") {
    out = std::string(kWeekdaysEs[weekday]) + " " + std::to_string(day) + " de " +
          kMonthsEs[month - 1] + " de " + year;
    if (time) out += ", " + time->to_string() + " (hora de " + city + ")";
  } else if (lang == "fr") {
    out = std::string(kWeekdaysFr[weekday]) + " " + std::to_string(day) + " " +
          kMonthsFr[month - 1] + " " + year;
    if (time) out += ", " + time->to_string() + " (heure de " + city + ")";
  } else {
    out = std::string(kWeekdaysEn[weekday]) + " " + std::to_string(day) + " " +
          kMonthsEn[month - 1] + " " + year;
    if (time) out += ", " + time->to_string() + " (" + city + " time)";
  }
  return out;
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
  // In the option's order of units (adults before children), not the tickets' order: the same
  // party reads the same, so an amendment that only reorders tickets shows no old value.
  if (o) {
    const auto rank = [&](const std::string& unit_id) {
      const auto u = std::find_if(o->units.begin(), o->units.end(),
                                  [&](const domain::Unit& unit) { return unit.id == unit_id; });
      return u - o->units.begin();
    };
    std::stable_sort(counts.begin(), counts.end(),
                     [&](const auto& x, const auto& y) { return rank(x.first) < rank(y.first); });
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

// "Product – Option" in `locale`, as the emails' activity line writes it.
std::string activity_of(const domain::Booking& b, const domain::Product& p,
                        const std::string& locale) {
  const std::string& title = domain::localized(p.title, locale);
  std::string out = title.empty() ? p.internal_name : title;
  if (const domain::Option* o = domain::find_option(p, b.option_id)) {
    const std::string& ot = domain::localized(o->title, locale);
    out += " \u2013 " + (ot.empty() ? o->internal_name : ot);
  }
  return out;
}

// format_local_start() of a booking: what the clock shows then (a departure in a spring-forward
// gap runs an hour later); the date alone for an OPENING_HOURS admission.
std::string local_start_of(const domain::Booking& b, const domain::Product& p,
                           const std::string& locale) {
  std::optional<domain::LocalTime> time;
  if (p.availability_type == domain::AvailabilityType::kStartTime) {
    auto tz = domain::TimeZone::find(p.time_zone);
    time = tz.ok() ? tz->to_local(b.utc_start).time : b.local_start;
  }
  return format_local_start(b.local_date, time, p.time_zone, locale);
}

// The extras line of the emails in `locale`: "2 × Lunch, 1 × Water"; "" none.
std::string extras_summary_of(const domain::Booking& b, const domain::Product& p,
                              const std::string& locale) {
  std::string extras;
  for (const auto& e : b.extras) {
    const domain::Extra* x = domain::find_extra(p, e.extra_id);
    const std::string& t = x ? domain::localized(x->title, locale) : e.extra_id;
    if (!extras.empty()) extras += ", ";
    extras += std::to_string(e.quantity) + " \u00d7 " + (t.empty() ? e.extra_id : t);
  }
  return extras;
}

// The pickup line of the emails in `locale`: the point, its address and the pickup time in the
// product's zone, then the traveller's hotel and room; "" when not picked up.
std::string pickup_of(const domain::Booking& b, const domain::Product& p,
                      const std::string& locale) {
  if (!b.pickup_requested) return {};
  const std::string lang = normalize_email_locale(locale);
  std::string pickup;
  if (const auto* point = domain::find_pickup_point(p, b.pickup_point_id)) {
    pickup = point->name;
    if (!point->address.empty()) pickup += " (" + point->address + ")";
    if (auto tz = domain::TimeZone::find(p.time_zone); tz.ok()) {
      pickup += ", " + tz->to_local(b.utc_start - std::chrono::minutes(point->minutes_before_start))
                           .time.to_string();
    }
  }
  if (!b.pickup_hotel.empty()) {
    if (!pickup.empty()) pickup += "; ";
    pickup += b.pickup_hotel;
    if (!b.pickup_hotel_room.empty()) {
      pickup += std::string(lang == "es"   ? ", habitación "
                            : lang == "fr" ? ", chambre "
                                           : ", room ") +
                b.pickup_hotel_room;
    }
  }
  return pickup;
}

// An amended line that had something and now has nothing says so, in `locale`: the extras
// ("ninguno", masculine as "extras") or the pickup ("ninguna", feminine as "recogida").
std::string none_in(const std::string& locale, bool feminine) {
  const std::string lang = normalize_email_locale(locale);
  if (lang == "es") return feminine ? "ninguna" : "ninguno";
  if (lang == "fr") return feminine ? "aucune" : "aucun";
  return "none";
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
  // Two primary-key lookups: `id = a OR id = b` made SQLite build a temporary IN table on every
  // confirm. A booking whose supplier is its own reseller gets its row twice;
  // enqueue_booking_emails() matches rows by id, so that is harmless.
  return {
      "SELECT id, name, email, locale FROM organisations WHERE id = " + supplier_id.sql +
          " UNION ALL SELECT id, name, email, locale FROM organisations WHERE id = " + reseller.sql,
      std::move(params)};
}

Status enqueue_booking_emails(storage::Connection& c, BookingEmail kind, const domain::Booking& b,
                              const domain::Product& p, const std::string& changes, Instant now,
                              const storage::QueryResult* parties, std::string_view public_url,
                              const BookingBefore* before) {
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
  // reseller_locale stays empty unless the booking was sold by a reseller other than the supplier.
  std::string supplier_name, supplier_email, supplier_locale = "en", reseller_name, reseller_email,
                                             reseller_locale;
  for (const auto& r : orgs.rows) {
    if (r.get_string(0) == b.supplier_id) {
      supplier_name = r.get_string(1);
      supplier_email = r.get_string(2);
      supplier_locale = r.get_string(3);
    }
    if (r.get_string(0) == b.reseller_id && b.reseller_id != b.supplier_id) {
      reseller_name = r.get_string(1);
      reseller_email = r.get_string(2);
      reseller_locale = r.get_string(3);
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
    vars["local_start"] = local_start_of(b, p, locale);
    vars["booking_reference"] = b.supplier_reference;
    vars["booking_uuid"] = b.uuid;
    vars["contact_name"] = b.contact.display_name();
    vars["contact_email"] = b.contact.email;
    vars["units_summary"] = units_summary(b, o, locale);
    vars["total"] = format_money(b.total.retail, b.currency, locale);
    vars["channel"] = reseller_name;
    if (b.cancellation) {
      vars["reason"] = b.cancellation->reason;
      vars["refund"] = std::string(domain::to_string(b.cancellation->refund));
      vars["refund_amount"] = format_money(b.cancellation->refund_amount, b.currency, locale);
    }
    if (!changes.empty()) vars["changes"] = changes_in(changes, normalize_email_locale(locale));
    if (std::string extras = extras_summary_of(b, p, locale); !extras.empty()) {
      vars["extras_summary"] = std::move(extras);
    }
    if (std::string pickup = pickup_of(b, p, locale); !pickup.empty()) {
      vars["pickup"] = std::move(pickup);
    }
    if (before) {
      // Each old value only where it differs from the new one, as the reader compares them.
      const auto was = [&](const char* key, std::string then, const std::string& now_text) {
        if (then != now_text) vars[key] = std::move(then);
      };
      const domain::Booking& old = before->booking;
      const domain::Product& old_p = before->product;
      was("previous_activity", activity_of(old, old_p, locale), activity_of(b, p, locale));
      was("previous_start", local_start_of(old, old_p, locale), vars["local_start"]);
      was("previous_units", units_summary(old, domain::find_option(old_p, old.option_id), locale),
          vars["units_summary"]);
      was("previous_total", format_money(old.total.retail, old.currency, locale), vars["total"]);
      // The extras and pickup lines may be empty on either side: "none" then. A pickup point's
      // time follows a move, so a move changes the pickup line too.
      for (const auto& [line, previous, then, feminine] :
           {std::tuple{"extras_summary", "previous_extras", extras_summary_of(old, old_p, locale),
                       false},
            std::tuple{"pickup", "previous_pickup", pickup_of(old, old_p, locale), true}}) {
        const auto it = vars.find(line);
        const std::string now_text = it == vars.end() ? std::string() : it->second;
        if (then == now_text) continue;
        vars[previous] = then.empty() ? none_in(locale, feminine) : then;
        if (now_text.empty()) vars[line] = none_in(locale, feminine);
      }
    }
    if (kind == BookingEmail::kCancelledBySupplier) vars["by_supplier"] = "yes";
    if (is_valid_email_address(b.contact.email)) vars["traveller_emailed"] = "yes";
    // Where to be (pickup above, or meeting point), and for the supplier the answers, the notes,
    // the reseller's reference and a link to the booking.
    if (p.meeting_point && !p.meeting_point->address.empty()) {
      std::string meet = p.meeting_point->address;
      const std::string& how = domain::localized(p.meeting_point->instructions, locale);
      if (!how.empty()) meet += " — " + how;
      vars["meeting_point"] = meet;
    }
    std::string answers;
    auto add_answer = [&](const domain::QuestionAnswer& a, std::size_t participant) {
      const domain::Question* q = domain::find_question(p, a.question_id);
      const std::string& label = q ? domain::localized(q->label, locale) : a.question_id;
      if (!answers.empty()) answers += "; ";
      if (participant > 0) answers += "#" + std::to_string(participant) + " ";
      answers += (label.empty() ? a.question_id : label) + ": " + a.value;
    };
    for (const auto& a : b.answers) add_answer(a, 0);
    for (std::size_t i = 0; i < b.unit_items.size(); ++i) {
      for (const auto& a : b.unit_items[i].answers) add_answer(a, i + 1);
    }
    if (!answers.empty()) vars["answers"] = answers;
    // The booking's notes and the traveller's own (OCTO contact.notes): both are for the day.
    std::string notes = b.notes;
    if (!b.contact.notes.empty()) notes += (notes.empty() ? "" : " · ") + b.contact.notes;
    if (!notes.empty()) vars["notes"] = notes;
    if (!b.reseller_reference.empty()) vars["reseller_reference"] = b.reseller_reference;
    if (!public_url.empty()) {
      vars["booking_url"] = std::string(public_url) + "/supplier/bookings/" + b.id;
    }
    return vars;
  };
  std::int64_t now_ms = to_epoch_ms(now);
  const bool trip_amended =
      kind == BookingEmail::kTripAmended || kind == BookingEmail::kTripAmendedBySupplier;
  const bool amended =
      kind == BookingEmail::kAmended || kind == BookingEmail::kAmendedNewAddress || trip_amended;
  const char* supplier_template = kind == BookingEmail::kConfirmed ? "booking_confirmed_supplier"
                                  : amended                        ? "booking_amended_supplier"
                                                                   : "booking_cancelled_supplier";
  // One email of this booking, in `locale`, answering to `reply_to`. The supplier's link to its
  // extranet goes to the supplier only.
  auto send = [&](const std::string& to, const char* template_name, const std::string& locale,
                  const std::string& reply_to) -> Status {
    OutgoingEmail e;
    e.to = to;
    e.template_name = template_name;
    e.locale = normalize_email_locale(locale);
    e.vars = vars_for(e.locale);
    if (to != supplier_email) e.vars.erase("booking_url");
    e.organisation_id = b.supplier_id;
    e.reply_to = reply_to;
    return enqueue_email(c, e, now_ms);
  };
  if (kind != BookingEmail::kConfirmationResent && is_valid_email_address(supplier_email)) {
    // The supplier answers the traveller directly.
    PASEO_RETURN_IF_ERROR(
        send(supplier_email, supplier_template, supplier_locale, b.contact.email));
  }
  if (kind != BookingEmail::kAmended && is_valid_email_address(b.contact.email)) {
    // In the first of the traveller's languages that emails exist in. Without one, in the
    // language of the reseller who sold the trip (and spoke with the traveller), else the
    // supplier's.
    std::string traveller_locale = preferred_email_locale(b.contact.locales);
    if (traveller_locale.empty()) {
      traveller_locale = reseller_locale.empty() ? supplier_locale : reseller_locale;
    }
    // "Reply to this email" reaches who runs the activity.
    const bool confirmation = kind == BookingEmail::kConfirmed ||
                              kind == BookingEmail::kConfirmationResent ||
                              kind == BookingEmail::kAmendedNewAddress;
    PASEO_RETURN_IF_ERROR(send(b.contact.email,
                               confirmation   ? "booking_confirmed_traveller"
                               : trip_amended ? "booking_amended_traveller"
                                              : "booking_cancelled_traveller",
                               traveller_locale, supplier_email));
  }
  // The reseller hears of a supplier's cancellation or move at once: OCTO has no push, and its
  // customer may call it before its next GET.
  const bool by_supplier =
      kind == BookingEmail::kCancelledBySupplier || kind == BookingEmail::kTripAmendedBySupplier;
  if (by_supplier && !reseller_name.empty() && is_valid_email_address(reseller_email)) {
    PASEO_RETURN_IF_ERROR(send(reseller_email,
                               kind == BookingEmail::kCancelledBySupplier
                                   ? "booking_cancelled_reseller"
                                   : "booking_amended_reseller",
                               reseller_locale, supplier_email));
  }
  return ok_status();
}

}  // namespace paseo::app::internal
