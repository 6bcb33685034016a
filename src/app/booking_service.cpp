#include "app/booking_service.h"

#include <algorithm>
#include <set>

#include "app/email_templates.h"
#include "app/internal/booking_emails.h"
#include "app/internal/booking_store.h"
#include "app/internal/catalogue_impl.h"
#include "app/internal/engine_util.h"
#include "app/internal/inventory_store.h"
#include "app/internal/sql_util.h"
#include "common/random.h"
#include "domain/accounts/credentials.h"

namespace paseo::app {
namespace {

using domain::BookingStatus;
using internal::LoadedProduct;
using internal::LoadedProductPtr;
using internal::SqlPart;
using internal::StoredBooking;
using internal::v;
using storage::Connection;
using storage::Value;

constexpr std::size_t kMaxUuidLength = 128;
constexpr std::size_t kMaxUnitItems = 500;
// Bytes, as a backstop behind the API's own limit of 2,000 characters of up to 4 bytes each.
constexpr std::size_t kMaxTextLength = 8000;
constexpr int kExpireBatch = 100;

// --- request fingerprint (idempotency) -------------------------------------------------------

struct Fingerprint {
  std::string s;
  void add(std::string_view x) {
    s += std::to_string(x.size());
    s += ':';
    s += x;
  }
  void add(std::int64_t x) { add(std::to_string(x)); }
  void add(const std::optional<domain::Contact>& c) {
    add(c ? 1 : 0);
    if (!c) return;
    for (const auto* f : {&c->full_name, &c->first_name, &c->last_name, &c->email, &c->phone,
                          &c->country, &c->postal_code, &c->notes}) {
      add(*f);
    }
    add(static_cast<std::int64_t>(c->locales.size()));
    for (const auto& l : c->locales) add(l);
    add(c->allow_marketing ? 1 : 0);
  }
  void add(const std::vector<domain::QuestionAnswer>& answers) {
    add(static_cast<std::int64_t>(answers.size()));
    for (const auto& a : answers) {
      add(a.question_id);
      add(a.value);
    }
  }
};

std::string fingerprint(const ReserveRequest& r) {
  Fingerprint f;
  f.add(r.product_id);
  f.add(r.option_id);
  f.add(r.availability_id);
  f.add(r.expiration_minutes);
  f.add(r.notes);
  f.add(r.reseller_reference);
  f.add(r.contact);
  f.add(static_cast<std::int64_t>(r.unit_items.size()));
  for (const auto& u : r.unit_items) {
    f.add(u.uuid);
    f.add(u.unit_id);
    f.add(u.reseller_reference);
    f.add(u.contact);
    f.add(u.answers);
  }
  f.add(static_cast<std::int64_t>(r.extras.size()));
  for (const auto& e : r.extras) {
    f.add(e.extra_id);
    f.add(e.quantity);
  }
  f.add(r.answers);
  f.add(r.pickup_requested ? 1 : 0);
  f.add(r.pickup_point_id);
  f.add(r.currency);
  // Added after bookings existed: only when used, so the fingerprints of earlier ones still match.
  if (!r.pickup_hotel.empty() || !r.pickup_hotel_room.empty()) {
    f.add(r.pickup_hotel);
    f.add(r.pickup_hotel_room);
  }
  return token_hash(f.s);
}

// --- validation helpers ------------------------------------------------------------------------

Status check_text(std::string_view s, const char* field) {
  if (s.size() > kMaxTextLength) {
    return Error::invalid_argument(std::string(field) + " is too long", field)
        .with_key("field.tooLong", {{"max", std::to_string(kMaxTextLength)}});
  }
  return ok_status();
}

Status check_contact(const domain::Contact& c) {
  if (!c.email.empty() && !is_valid_email_address(c.email)) {
    return Error::invalid_argument("'" + c.email + "' is not a valid email address",
                                   "contact.emailAddress")
        .with_key("email.shape");
  }
  for (const auto* f : {&c.full_name, &c.first_name, &c.last_name, &c.phone, &c.country,
                        &c.postal_code, &c.notes}) {
    PASEO_RETURN_IF_ERROR(check_text(*f, "contact"));
  }
  return domain::check_contact_details(c);
}

Status check_unit_inputs(const std::vector<UnitItemInput>& items) {
  if (items.empty()) {
    return Error::failed_precondition("unitItems must not be empty", "unitItems");
  }
  if (items.size() > kMaxUnitItems) {
    return Error::invalid_argument("too many unitItems", "unitItems");
  }
  std::set<std::string> uuids;
  for (const auto& u : items) {
    if (u.unit_id.empty()) return Error::invalid_argument("unitId is required", "unitId");
    if (u.uuid.size() > kMaxUuidLength)
      return Error::invalid_argument("uuid too long", "unitItems");
    if (!u.uuid.empty() && !uuids.insert(u.uuid).second) {
      return Error::invalid_argument("unit item uuid '" + u.uuid + "' appears twice", "unitItems");
    }
    if (u.contact) PASEO_RETURN_IF_ERROR(check_contact(*u.contact));
    PASEO_RETURN_IF_ERROR(check_text(u.reseller_reference, "resellerReference"));
  }
  return ok_status();
}

// Where a booking sits and what it costs: the result of checking product/option/slot/units.
struct Placement {
  LoadedProductPtr lp;
  const domain::Option* option = nullptr;
  domain::Slot slot;
  domain::SalesWindow window;
  domain::PricedBooking priced;
};

Result<Placement> place(const LoadedProductPtr& lp, std::string_view option_id,
                        std::string_view availability_id, const std::vector<UnitItemInput>& items,
                        const std::vector<ExtraItemInput>& extras, Instant now) {
  Placement pl;
  pl.lp = lp;
  const auto& p = lp->product;
  PASEO_ASSIGN_OR_RETURN(pl.option, internal::require_option(p, option_id));
  if (availability_id.empty()) {
    return Error::invalid_argument("availabilityId is required", "availabilityId");
  }
  PASEO_ASSIGN_OR_RETURN(pl.slot, internal::slot_for_id(*lp, availability_id));
  std::vector<std::string> unit_ids;
  for (const auto& u : items) unit_ids.push_back(u.unit_id);
  std::vector<domain::ExtraQuantity> extra_q;
  for (const auto& e : extras) extra_q.push_back({e.extra_id, e.quantity});
  PASEO_ASSIGN_OR_RETURN(pl.priced,
                         domain::price_booking(p, *pl.option, pl.slot.date, unit_ids, extra_q));
  if (pl.slot.closed) {
    return Error::failed_precondition("this departure is closed", "availabilityId")
        .with_key("booking.departureClosed");
  }
  pl.window = domain::sales_window(p, lp->tz, pl.slot, now);
  if (!pl.window.open) {
    if (now > pl.window.utc_cutoff_at) {
      return Error::failed_precondition("the booking cut-off for this departure has passed",
                                        "availabilityId")
          .with_key("booking.cutoffPassed");
    }
    return Error::failed_precondition("this date is beyond the booking horizon", "availabilityId")
        .with_key("booking.beyondHorizon");
  }
  return pl;
}

// The departure (or admission day) `b` is on, as the schedule has it now: its closure, capacity
// and, for OPENING_HOURS days, its hours. A slot the schedule no longer has (it cannot have
// seats sold, see catalogue_service.cpp) is its bare key.
domain::Slot scheduled_slot(const LoadedProduct& lp, const domain::Booking& b) {
  auto slot =
      domain::find_slot(lp.schedule, lp.product.availability_type, b.local_date, b.local_start);
  return slot ? *std::move(slot) : domain::Slot{b.local_date, b.local_start, {}, false, {}};
}

// The booking cut-off of `slot` (scheduled_slot of the booking). Nothing is sold after it: a hold
// ends at the latest there (its seats go back then, not at the end of the hold asked for), and a
// confirm after it is refused. For OPENING_HOURS days it counts from the closing time.
Instant cutoff_of(const LoadedProduct& lp, const domain::Slot& slot, Instant now) {
  return domain::sales_window(lp.product, lp.tz, slot, now).utc_cutoff_at;
}
Instant cutoff_of(const LoadedProduct& lp, const domain::Booking& b, Instant now) {
  return cutoff_of(lp, scheduled_slot(lp, b), now);
}

// The start the cancellation policy counts back from ("free until 24 hours before"): the
// departure, or for an OPENING_HOURS day its first opening time, not the midnight it begins at (a
// museum ticket for Tuesday is not "within 24 hours" on Monday at 01:00 when doors open at 10:00).
Instant policy_start_of(const LoadedProduct& lp, const domain::Booking& b) {
  if (lp.product.availability_type != domain::AvailabilityType::kOpeningHours) return b.utc_start;
  const domain::Slot slot = scheduled_slot(lp, b);
  if (slot.opening_hours.empty()) return b.utc_start;
  return lp.tz.to_utc(b.local_date, slot.opening_hours.front().from);
}

// "1 unit item, 1 seat" / "3 unit items, 2 seats": the party as the booking's history tells it.
std::string party_text(std::size_t items, int seats) {
  return std::to_string(items) + (items == 1 ? " unit item, " : " unit items, ") +
         std::to_string(seats) + (seats == 1 ? " seat" : " seats");
}

// When the booking is for, as its history tells it: the day for an admission, else the day and
// the time the clocks show then (a departure in a spring-forward gap runs later than its key).
std::string when_text(const LoadedProduct& lp, const domain::Booking& b) {
  if (lp.product.availability_type == domain::AvailabilityType::kOpeningHours) {
    return b.local_date.to_string();
  }
  return b.local_date.to_string() + " " + lp.tz.to_local(b.utc_start).time.to_string();
}

Status cutoff_passed() {
  return Error::failed_precondition(
             "the booking cut-off for this departure has passed: the hold can no longer be "
             "confirmed or extended",
             "availabilityId")
      .with_key("booking.cutoffPassed");
}

// Writes placement results into the booking: slot, times, units, extras, totals.
void apply_placement(domain::Booking& b, const Placement& pl,
                     const std::vector<UnitItemInput>& items,
                     const std::vector<ExtraItemInput>& extras,
                     const std::vector<domain::UnitItem>& previous_items) {
  const auto& p = pl.lp->product;
  b.product_id = p.id;
  b.option_id = pl.option->id;
  b.local_date = pl.slot.date;
  b.local_start = pl.slot.start;
  b.all_day = p.availability_type == domain::AvailabilityType::kOpeningHours;
  b.time_zone = p.time_zone;
  b.utc_start = pl.window.utc_start;
  b.utc_end = pl.window.utc_end;
  b.seats = pl.priced.seats;
  b.freesale = !pl.slot.capacity.has_value();
  b.currency = p.currency;
  b.total = pl.priced.total;
  std::vector<domain::UnitItem> out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    domain::UnitItem item;
    item.uuid = items[i].uuid.empty() ? random_uuid() : items[i].uuid;
    item.unit_id = items[i].unit_id;
    item.reseller_reference = items[i].reseller_reference;
    item.supplier_reference = random_reference(8);
    for (const auto& prev : previous_items) {
      if (prev.uuid == item.uuid) item.supplier_reference = prev.supplier_reference;
    }
    if (items[i].contact) item.contact = *items[i].contact;
    item.answers = items[i].answers;
    item.price = pl.priced.unit_items[i];
    out.push_back(std::move(item));
  }
  b.unit_items = std::move(out);
  b.extras.clear();
  for (std::size_t i = 0; i < extras.size(); ++i) {
    b.extras.push_back({extras[i].extra_id, extras[i].quantity, pl.priced.extras[i]});
  }
}

Status check_unit_answers(const domain::Product& p, const std::vector<domain::UnitItem>& items,
                          bool require_all) {
  for (const auto& item : items) {
    PASEO_RETURN_IF_ERROR(
        domain::check_answers(p, domain::QuestionScope::kUnit, item.answers, require_all));
  }
  return ok_status();
}

// A pickup is at one of the product's points or at the traveller's hotel (OCTO pickupHotel).
Status check_pickup(const domain::Product& p, const domain::Option& o, const domain::Booking& b,
                    bool require) {
  auto blank = [](const std::string& s) {
    return s.find_first_not_of(" \t\r\n") == std::string::npos;
  };
  const bool hotel = !b.pickup_hotel.empty() || !b.pickup_hotel_room.empty();
  if (b.pickup_requested || !b.pickup_point_id.empty() || hotel) {
    if (!o.pickup_available) {
      return Error::invalid_argument("this option offers no pickup", "pickupRequested");
    }
    if (!b.pickup_point_id.empty() && !domain::find_pickup_point(p, b.pickup_point_id)) {
      return Error::not_found("unknown pickup point '" + b.pickup_point_id + "'", "pickupPointId");
    }
  }
  if (require && o.pickup_required &&
      (!b.pickup_requested || (b.pickup_point_id.empty() && blank(b.pickup_hotel)))) {
    return Error::failed_precondition("this option requires a pickup point or a hotel",
                                      "pickupPointId")
        .with_key("booking.pickupRequired");
  }
  // A pickup nobody can find: the driver needs a point or a hotel by the time it is confirmed.
  if (require && b.pickup_requested && b.pickup_point_id.empty() && blank(b.pickup_hotel)) {
    return Error::failed_precondition(
               "pickupRequested needs a pickupPointId or a pickupHotel to collect the "
               "travellers from",
               "pickupPointId")
        .with_key("booking.pickupRequired");
  }
  return ok_status();
}

// Takes seats on the departure, expiring lapsed holds of that departure first if it looks full.
// `after`, when given, receives the departure's counters after the take.
Status take_seats(Connection& c, const std::string& departure_id, int seats, Instant now,
                  internal::DepartureCounters* after = nullptr) {
  std::int64_t now_ms = to_epoch_ms(now);
  PASEO_ASSIGN_OR_RETURN(auto taken, internal::take_seats(c, departure_id, seats, now_ms));
  if (!taken) {
    PASEO_ASSIGN_OR_RETURN(int expired, internal::expire_holds(c, now, departure_id, kExpireBatch));
    if (expired == 0)
      return Error::sold_out("not enough seats left on this departure").with_key("booking.soldOut");
    PASEO_ASSIGN_OR_RETURN(taken, internal::take_seats(c, departure_id, seats, now_ms));
    if (!taken)
      return Error::sold_out("not enough seats left on this departure").with_key("booking.soldOut");
  }
  if (after) *after = *taken;
  return ok_status();
}

// Moves a booking's seats from (old_dep, old_seats) to (new_dep, new_seats) in one transaction,
// touching departure rows in id order so concurrent moves cannot deadlock.
Status move_seats(Connection& c, const std::string& old_dep, int old_seats,
                  const std::string& new_dep, int new_seats, Instant now) {
  std::int64_t now_ms = to_epoch_ms(now);
  if (old_dep == new_dep) {
    if (new_seats > old_seats) return take_seats(c, new_dep, new_seats - old_seats, now);
    return internal::release_seats(c, old_dep, old_seats - new_seats, now_ms);
  }
  if (old_dep < new_dep) {
    PASEO_RETURN_IF_ERROR(internal::release_seats(c, old_dep, old_seats, now_ms));
    return take_seats(c, new_dep, new_seats, now);
  }
  PASEO_RETURN_IF_ERROR(take_seats(c, new_dep, new_seats, now));
  return internal::release_seats(c, old_dep, old_seats, now_ms);
}

bool hold_lapsed(const domain::Booking& b, Instant now) {
  return b.status == BookingStatus::kOnHold && b.expires_at && *b.expires_at <= now;
}

Error expired_error() {
  return Error::not_found("the booking hold has expired", "uuid").with_key("booking.holdExpired");
}

// No booking of the caller's has this uuid or id (another tenant's is none of its business). The
// key tells it apart from the other kNotFound errors about a booking (its hold expired, its
// departure or option is unknown), which screens show as they are.
Error unknown_booking(std::string_view uuid) {
  return Error::not_found("unknown booking '" + std::string(uuid) + "'", "uuid")
      .with_key("booking.notFound");
}

// A confirm sent again for a CONFIRMED booking is a retry (the first answer was lost) when it asks
// for what the booking already has. Anything else would be dropped without a word, so it is
// refused; changes to a confirmed booking go through PATCH. Returns the first differing field, or
// "" for a faithful retry. Unit item uuids the client left out were generated, so they match any.
std::string confirm_retry_difference(const domain::Booking& b, const ConfirmRequest& req) {
  if (req.contact && *req.contact != b.contact) return "contact";
  if (!req.reseller_reference.empty() && req.reseller_reference != b.reseller_reference) {
    return "resellerReference";
  }
  if (req.answers && *req.answers != b.answers) return "questionAnswers";
  if (req.unit_items) {
    const auto& wanted = *req.unit_items;
    if (wanted.size() != b.unit_items.size()) return "unitItems";
    for (std::size_t i = 0; i < wanted.size(); ++i) {
      const auto& w = wanted[i];
      const auto& have = b.unit_items[i];
      if (w.unit_id != have.unit_id || (!w.uuid.empty() && w.uuid != have.uuid) ||
          w.reseller_reference != have.reseller_reference ||
          w.contact.value_or(domain::Contact{}) != have.contact || w.answers != have.answers) {
        return "unitItems";
      }
    }
  }
  return "";
}

std::vector<UnitItemInput> inputs_of(const std::vector<domain::UnitItem>& items) {
  std::vector<UnitItemInput> out;
  for (const auto& i : items) {
    out.push_back({i.uuid, i.unit_id, i.reseller_reference, i.contact, i.answers});
  }
  return out;
}

std::vector<ExtraItemInput> inputs_of(const std::vector<domain::ExtraItem>& extras) {
  std::vector<ExtraItemInput> out;
  for (const auto& e : extras) out.push_back({e.extra_id, e.quantity});
  return out;
}

domain::BookingEvent event(const Caller& caller, Instant now, std::string kind, std::string detail,
                           std::map<std::string, std::string> params) {
  return {now, std::move(kind), std::move(detail), caller.channel, caller.actor, std::move(params)};
}

// The history params of a booking's party and date ("when" as its detail tells it): seats and
// tickets, the local date and, for a departure, the local time the clocks show.
std::map<std::string, std::string> party_and_when_params(const LoadedProduct& lp,
                                                         const domain::Booking& b) {
  std::map<std::string, std::string> params = {{"tickets", std::to_string(b.unit_items.size())},
                                               {"seats", std::to_string(b.seats)},
                                               {"date", b.local_date.to_string()}};
  if (lp.product.availability_type != domain::AvailabilityType::kOpeningHours) {
    params["time"] = lp.tz.to_local(b.utc_start).time.to_string();
  }
  return params;
}

// An amendment's changes as history ids ("date/time" -> "dateTime"), comma-separated, in the
// order they were made.
std::string change_ids(const std::vector<std::string>& changes) {
  static const std::map<std::string_view, std::string_view> kIds = {
      {"product", "product"},
      {"option", "option"},
      {"date/time", "dateTime"},
      {"unit items", "unitItems"},
      {"extras", "extras"},
      {"answers", "answers"},
      {"contact", "contact"},
      {"notes", "notes"},
      {"reseller reference", "resellerReference"},
      {"pickup", "pickup"},
      {"hold extended", "holdExtended"}};
  std::string out;
  for (const auto& ch : changes) {
    auto it = kIds.find(ch);
    if (!out.empty()) out += ',';
    out += it == kIds.end() ? std::string_view(ch) : it->second;
  }
  return out;
}

// A booking's extras as history params keep them: "lunch:2,water:1" in booking order, "" none.
std::string extras_param(const domain::Booking& b) {
  std::string out;
  for (const auto& e : b.extras) {
    if (!out.empty()) out += ',';
    out += e.extra_id + ':' + std::to_string(e.quantity);
  }
  return out;
}

// An amendment's history params: its change ids ("changes") and, for a move or a new party, what
// the booking's date and party were and are now (party_and_when_params() names, the old values
// under "from" names: fromDate/date, fromTime/time, fromTickets/tickets, fromSeats/seats), the
// option ids of a new option of the same product (fromOption/option), the extras (fromExtras/
// extras, see extras_param()) and the pickup point ids (fromPickup/pickup, "" none) with the
// hotels' names where one was or is given (fromPickupHotel/pickupHotel). The contact's old values
// are not kept: an address corrected because it was mistyped may be a stranger's.
std::map<std::string, std::string> amendment_params(const LoadedProduct& was_lp,
                                                    const domain::Booking& was,
                                                    const LoadedProduct& lp,
                                                    const domain::Booking& b,
                                                    const std::vector<std::string>& changes) {
  std::map<std::string, std::string> params = {{"changes", change_ids(changes)}};
  const auto made = [&](std::string_view change) {
    return std::find(changes.begin(), changes.end(), change) != changes.end();
  };
  const auto before = party_and_when_params(was_lp, was);
  const auto after = party_and_when_params(lp, b);
  const auto from_and_to = [&](const std::string& key, const std::string& from_key) {
    if (auto it = before.find(key); it != before.end()) params[from_key] = it->second;
    if (auto it = after.find(key); it != after.end()) params[key] = it->second;
  };
  if (made("date/time") || made("product")) {
    from_and_to("date", "fromDate");
    from_and_to("time", "fromTime");
  }
  if (made("unit items")) {
    from_and_to("tickets", "fromTickets");
    from_and_to("seats", "fromSeats");
  }
  if (made("option") && !made("product")) {
    params["fromOption"] = was.option_id;
    params["option"] = b.option_id;
  }
  if (made("extras")) {
    params["fromExtras"] = extras_param(was);
    params["extras"] = extras_param(b);
  }
  if (made("pickup")) {
    params["fromPickup"] = was.pickup_requested ? was.pickup_point_id : std::string();
    params["pickup"] = b.pickup_requested ? b.pickup_point_id : std::string();
    if (was.pickup_requested && !was.pickup_hotel.empty()) {
      params["fromPickupHotel"] = was.pickup_hotel;
    }
    if (b.pickup_requested && !b.pickup_hotel.empty()) params["pickupHotel"] = b.pickup_hotel;
  }
  return params;
}

}  // namespace

// What mutate() read before running its change (see there).
struct ReadAhead {
  // email_parties_query() of the booking, for enqueue_booking_emails().
  const storage::QueryResult& parties;
  // Set by a change that knows it did not touch the departure's seat counters, so the counters
  // read ahead are still the departure's for the answer (else they are read again).
  bool seats_untouched = false;
};

struct BookingService::Impl {
  storage::Database& db;
  const Clock& clock;
  internal::ProductCache& cache;
  std::string public_url = {};  // links in emails; "" none

  // Fills fields computed at read time (display status, local times, cancellable).
  void finish(domain::Booking& b, const LoadedProduct& lp, Instant now) const {
    if (hold_lapsed(b, now)) b.status = BookingStatus::kExpired;
    b.time_zone = lp.product.time_zone;
    b.all_day = lp.product.availability_type == domain::AvailabilityType::kOpeningHours;
    domain::Slot slot{b.local_date, b.local_start, {}, false, {}};
    b.availability_id = domain::availability_id(lp.tz, slot);
    b.local_date_time_start = lp.tz.format_local(b.utc_start);
    b.local_date_time_end = lp.tz.format_local(b.utc_end);
    b.cancellable =
        domain::is_cancellable(b.status, lp.product.cancellation, policy_start_of(lp, b), now);
  }

  // Fills `out` for `b` as this transaction left it (see BookingContext): one indexed read of the
  // departure's counters, instead of two read transactions after the commit.
  // `known`: the departure's counters when the transaction already has them.
  Status fill_context(Connection& c, const StoredBooking& sb, const LoadedProductPtr& lp,
                      Instant now, BookingContext* out,
                      const internal::DepartureCounters* known = nullptr) const {
    if (!out) return ok_status();
    const auto& b = sb.booking;
    *out = {};
    // An update that moved the booking to another product: the caller reads the new one.
    if (b.product_id != lp->product.id) return ok_status();
    out->product = std::shared_ptr<const domain::Product>(lp, &lp->product);
    if (sb.departure_id.empty()) return ok_status();
    const domain::Option* o = domain::find_option(lp->product, b.option_id);
    auto slot = internal::slot_for_id(*lp, b.availability_id);
    if (!o || !slot.ok()) return ok_status();  // no longer in the schedule: shown without one
    internal::DepartureCounters counters;
    if (known) {
      counters = *known;
    } else {
      PASEO_ASSIGN_OR_RETURN(auto rows,
                             c.query(internal::counters_read({"$1", {v(sb.departure_id)}})));
      if (rows.rows.empty()) return ok_status();
      counters = internal::counters_from(rows.front());
    }
    out->availability =
        internal::make_availability(*lp, *o, *slot, &counters, now, lp->tz.local_date(now), 0, {});
    return ok_status();
  }

  Result<domain::Booking> read_by_id(const std::string& id) {
    Instant now = clock.now();
    return db.read_value<domain::Booking>([&](Connection& c) -> Result<domain::Booking> {
      PASEO_ASSIGN_OR_RETURN(auto sb, internal::load_booking(c, id));
      PASEO_ASSIGN_OR_RETURN(auto lp, cache.get_unscoped(c, sb.booking.product_id));
      finish(sb.booking, *lp, now);
      return std::move(sb.booking);
    });
  }

  // Runs `fn` on the locked booking `uuid` of `caller` inside a write transaction, then returns
  // the booking as `fn` left it, which is what was stored (no second read after the write).
  // The product's revision, the email parties and the departure's counters are read together
  // with the locked booking and its children (one round trip on PostgreSQL) and handed to `fn`
  // in `ahead`.
  template <typename Fn>
  Result<domain::Booking> mutate(const Caller& caller, std::string_view uuid,
                                 BookingContext* context, Fn fn) {
    Instant now = clock.now();
    return db.write_value<domain::Booking>([&](Connection& c) -> Result<domain::Booking> {
      internal::AlsoRead also;
      also.statements = [&](const internal::BookingRef& booking) {
        std::vector<Connection::Statement> reads;
        reads.push_back(cache.priced_probe(caller, booking.column("product_id")));
        reads.push_back(internal::email_parties_query(booking.column("supplier_id"),
                                                      booking.column("reseller_id")));
        if (context) reads.push_back(internal::counters_read(booking.column("departure_id")));
        return reads;
      };
      PASEO_ASSIGN_OR_RETURN(auto found,
                             internal::find_booking(c, caller, uuid, /*for_update=*/true, &also));
      if (!found) {
        return unknown_booking(uuid);
      }
      auto& sb = *found;
      PASEO_ASSIGN_OR_RETURN(auto lp,
                             cache.from_probe(c, caller, sb.booking.product_id, also.results[0]));
      ReadAhead ahead{also.results[1]};
      PASEO_RETURN_IF_ERROR(fn(c, sb, lp, now, ahead));
      finish(sb.booking, *lp, now);
      std::optional<internal::DepartureCounters> counters;
      if (ahead.seats_untouched && also.results.size() > 2 && !also.results[2].empty()) {
        counters = internal::counters_from(also.results[2].front());
      }
      PASEO_RETURN_IF_ERROR(fill_context(c, sb, lp, now, context, counters ? &*counters : nullptr));
      return std::move(sb.booking);
    });
  }
};

BookingService::BookingService(storage::Database& db, const Clock& clock,
                               CatalogueService& catalogue)
    : impl_(new Impl{db, clock, catalogue.impl_->cache}) {}
BookingService::~BookingService() = default;

void BookingService::set_public_url(std::string url) { impl_->public_url = std::move(url); }

Result<domain::Booking> BookingService::reserve(const Caller& caller, const ReserveRequest& req,
                                                BookingContext* context) {
  if (req.uuid.size() > kMaxUuidLength) return Error::invalid_argument("uuid too long", "uuid");
  PASEO_ASSIGN_OR_RETURN(int hold, domain::hold_minutes(req.expiration_minutes));
  PASEO_RETURN_IF_ERROR(check_unit_inputs(req.unit_items));
  if (req.contact) PASEO_RETURN_IF_ERROR(check_contact(*req.contact));
  PASEO_RETURN_IF_ERROR(check_text(req.notes, "notes"));
  PASEO_RETURN_IF_ERROR(check_text(req.pickup_hotel, "pickupHotel"));
  PASEO_RETURN_IF_ERROR(check_text(req.pickup_hotel_room, "pickupHotelRoom"));
  PASEO_RETURN_IF_ERROR(check_text(req.reseller_reference, "resellerReference"));
  for (const auto& e : req.extras) {
    if (e.quantity < 1) return Error::invalid_argument("extra quantity must be >= 1", "extraItems");
  }
  const std::string uuid = req.uuid.empty() ? random_uuid() : req.uuid;
  const std::string hash = fingerprint(req);
  const Instant now = impl_->clock.now();
  auto& cache = impl_->cache;

  // A new hold comes back as written (no read after the write); a replayed uuid by its id.
  struct Reserved {
    std::string id;
    std::optional<domain::Booking> fresh;
  };
  // The departure the availability id names, when it parses: its counters are read with the
  // first statements, and when they show room the seats are taken in the COMMIT's pipeline
  // (internal::add_seats): two round trips on PostgreSQL instead of three, and the departure row
  // is locked only while the server runs that pipeline. Whether the id names a real slot is
  // place()'s business; a mismatch only means the conditional path below.
  std::string named_departure;
  if (auto at = domain::parse_availability_id(req.availability_id); at.ok()) {
    named_departure =
        internal::departure_id(req.product_id, domain::Slot{at->date, at->time, {}, false, {}});
  }
  // After a failed optimistic take (others took the seats between the read and the COMMIT), the
  // retry uses the conditional take, which also expires lapsed holds or reports kSoldOut.
  bool optimistic_failed = false;
  for (int attempt = 0;; ++attempt) {
    bool optimistic = false;
    auto id = impl_->db.write_value<Reserved>([&](Connection& c) -> Result<Reserved> {
      // The uuid check, the product's revision and the departure's counters: one round trip on
      // PostgreSQL (query_all).
      std::vector<Connection::Statement> reads;
      reads.push_back({"SELECT id, request_hash FROM bookings WHERE reseller_id = $1 AND uuid = $2",
                       {v(caller.organisation_id), v(uuid)}});
      reads.push_back(cache.scoped_probe(caller, req.product_id));
      if (!named_departure.empty() && !optimistic_failed) {
        reads.push_back(internal::counters_read({"$1", {v(named_departure)}}));
      }
      PASEO_ASSIGN_OR_RETURN(auto first, c.query_all(reads));
      const auto& existing = first[0];
      if (!existing.rows.empty()) {
        if (existing.front().get_string(1) != hash) {
          return Error::conflict(
              "booking uuid '" + uuid + "' was already used for a different request", "uuid");
        }
        return Reserved{existing.front().get_string(0), std::nullopt};
      }
      PASEO_ASSIGN_OR_RETURN(auto lp, cache.from_probe(c, caller, req.product_id, first[1]));
      const auto& p = lp->product;
      PASEO_RETURN_IF_ERROR(internal::check_currency(p, req.currency));
      PASEO_ASSIGN_OR_RETURN(
          auto pl, place(lp, req.option_id, req.availability_id, req.unit_items, req.extras, now));
      PASEO_RETURN_IF_ERROR(
          domain::check_answers(p, domain::QuestionScope::kBooking, req.answers, false));

      StoredBooking sb;
      sb.request_hash = hash;
      auto& b = sb.booking;
      b.id = time_ordered_uuid();  // appends to the bookings B-trees (random.h)
      b.uuid = uuid;
      b.supplier_id = p.supplier_id;
      b.reseller_id = caller.organisation_id;
      b.channel = caller.channel;
      b.supplier_reference = random_reference(6);
      b.reseller_reference = req.reseller_reference;
      b.status = BookingStatus::kOnHold;
      apply_placement(b, pl, req.unit_items, req.extras, {});
      PASEO_RETURN_IF_ERROR(check_unit_answers(p, b.unit_items, false));
      b.answers = req.answers;
      if (req.contact) b.contact = *req.contact;
      b.notes = req.notes;
      b.pickup_requested = req.pickup_requested;
      b.pickup_point_id = req.pickup_point_id;
      b.pickup_hotel = req.pickup_hotel;
      b.pickup_hotel_room = req.pickup_hotel_room;
      PASEO_RETURN_IF_ERROR(check_pickup(p, *pl.option, b, false));
      b.created_at = now;
      b.updated_at = now;
      b.expires_at = std::min(now + std::chrono::minutes{hold}, pl.window.utc_cutoff_at);

      std::int64_t now_ms = to_epoch_ms(now);
      std::optional<internal::DepartureCounters> seen;
      if (first.size() > 2 && !first[2].empty()) seen = internal::counters_from(first[2].front());
      optimistic = seen && seen->has_room_for(b.seats) &&
                   internal::departure_id(p.id, pl.slot) == named_departure;
      if (optimistic) {
        sb.departure_id = named_departure;  // the row exists: this transaction just read it
      } else {
        PASEO_ASSIGN_OR_RETURN(sb.departure_id,
                               internal::ensure_departure(c, p.id, p.supplier_id, pl.slot,
                                                          pl.window.utc_start, now_ms));
      }
      PASEO_RETURN_IF_ERROR(internal::insert_booking(c, sb));
      PASEO_RETURN_IF_ERROR(internal::add_event(
          c, b.id,
          event(caller, now, "reserved",
                party_text(b.unit_items.size(), b.seats) + " on " + when_text(*pl.lp, b) +
                    ", held until " + format_utc_seconds(*b.expires_at),
                [&] {
                  auto params = party_and_when_params(*pl.lp, b);
                  params["heldUntil"] = format_utc_seconds(*b.expires_at);
                  return params;
                }())));
      // Seats last: on PostgreSQL the departure row stays locked from this UPDATE to COMMIT, so
      // everything else is written before it (performance.md §1.3); failing rolls back all.
      internal::DepartureCounters after;
      if (optimistic) {
        PASEO_RETURN_IF_ERROR(internal::add_seats(c, sb.departure_id, b.seats, now_ms));
        after = *seen;  // as read, plus ours: other holds since then are not counted
        after.booked += b.seats;
      } else {
        PASEO_RETURN_IF_ERROR(take_seats(c, sb.departure_id, b.seats, now, &after));
      }
      impl_->finish(b, *lp, now);
      PASEO_RETURN_IF_ERROR(impl_->fill_context(c, sb, lp, now, context, &after));
      return Reserved{b.id, std::move(b)};
    });
    if (id.ok()) return id->fresh ? std::move(*id->fresh) : impl_->read_by_id(id->id);
    // A UNIQUE violation from storage: a concurrent request with the same uuid won (the next
    // attempt finds it and compares fingerprints), or a supplier reference collided (retry). Or
    // the departures CHECK failed an optimistic take: the retry takes the seats conditionally.
    if (id.error().code == ErrorCode::kConflict && id.error().field.empty() && attempt < 3) {
      optimistic_failed = optimistic_failed || optimistic;
      continue;
    }
    return std::move(id).error();
  }
}

Result<domain::Booking> BookingService::confirm(const Caller& caller, std::string_view uuid,
                                                const ConfirmRequest& req,
                                                BookingContext* context) {
  if (!req.contact) return Error::invalid_argument("contact is required", "contact");
  PASEO_RETURN_IF_ERROR(check_contact(*req.contact));
  PASEO_RETURN_IF_ERROR(check_text(req.reseller_reference, "resellerReference"));
  if (req.unit_items) PASEO_RETURN_IF_ERROR(check_unit_inputs(*req.unit_items));
  return impl_->mutate(
      caller, uuid, context,
      [&](Connection& c, StoredBooking& sb, const LoadedProductPtr& lp, Instant now,
          ReadAhead& ahead) -> Status {
        auto& b = sb.booking;
        const auto& p = lp->product;
        ahead.seats_untouched = !req.unit_items;
        if (b.status == BookingStatus::kConfirmed) {
          std::string differs = confirm_retry_difference(b, req);
          if (differs.empty()) return ok_status();  // a retry: the booking as it is
          return Error::failed_precondition(
              "the booking is already CONFIRMED and this confirm asks for a different " + differs +
                  "; change a confirmed booking with PATCH /bookings/{uuid}",
              differs);
        }
        if (b.status == BookingStatus::kExpired || hold_lapsed(b, now)) return expired_error();
        if (b.status != BookingStatus::kOnHold) {
          return Error::failed_precondition("a " + std::string(domain::to_string(b.status)) +
                                            " booking cannot be confirmed");
        }
        const domain::Slot slot = scheduled_slot(*lp, b);
        if (now > cutoff_of(*lp, slot, now)) return cutoff_passed();
        // Closed by the supplier since it was held (weather, a guide ill): the hold may be
        // cancelled, not turned into a sale.
        if (slot.closed) {
          return Error::failed_precondition(
                     "this departure has been closed since the booking was held; it can no "
                     "longer be confirmed",
                     "availabilityId")
              .with_key("booking.departureClosed");
        }
        PASEO_ASSIGN_OR_RETURN(const domain::Option* o, internal::require_option(p, b.option_id));
        PASEO_RETURN_IF_ERROR(
            domain::check_required_contact(*req.contact, o->required_contact_fields));
        if (req.unit_items) {
          PASEO_ASSIGN_OR_RETURN(
              auto pl, place(lp, b.option_id,
                             domain::availability_id(
                                 lp->tz, domain::Slot{b.local_date, b.local_start, {}, false, {}}),
                             *req.unit_items, inputs_of(b.extras), now));
          std::string old_dep = sb.departure_id;
          int old_seats = b.seats;
          auto previous = b.unit_items;
          apply_placement(b, pl, *req.unit_items, inputs_of(b.extras), previous);
          PASEO_RETURN_IF_ERROR(move_seats(c, old_dep, old_seats, sb.departure_id, b.seats, now));
        }
        if (req.answers) b.answers = *req.answers;
        PASEO_RETURN_IF_ERROR(
            domain::check_answers(p, domain::QuestionScope::kBooking, b.answers, true));
        PASEO_RETURN_IF_ERROR(check_unit_answers(p, b.unit_items, true));
        PASEO_RETURN_IF_ERROR(check_pickup(p, *o, b, true));
        b.contact = *req.contact;
        if (!req.reseller_reference.empty()) b.reseller_reference = req.reseller_reference;
        b.status = BookingStatus::kConfirmed;
        b.confirmed_at = now;
        b.expires_at.reset();
        b.updated_at = now;
        PASEO_RETURN_IF_ERROR(
            internal::update_booking(c, sb, BookingStatus::kOnHold, req.unit_items || req.answers));
        std::string detail = "contact " + b.contact.display_name();
        std::map<std::string, std::string> params = {{"contact", b.contact.display_name()}};
        if (req.unit_items) {
          detail += "; unit items changed: " + party_text(b.unit_items.size(), b.seats);
          params["tickets"] = std::to_string(b.unit_items.size());
          params["seats"] = std::to_string(b.seats);
        }
        if (req.answers) {
          detail += "; answers";
          params["answers"] = "1";
        }
        PASEO_RETURN_IF_ERROR(internal::add_event(
            c, b.id, event(caller, now, "confirmed", detail, std::move(params))));
        return internal::enqueue_booking_emails(c, internal::BookingEmail::kConfirmed, b, p, "",
                                                now, &ahead.parties, impl_->public_url);
      });
}

Result<domain::Booking> BookingService::update(const Caller& caller, std::string_view uuid,
                                               const UpdateRequest& req, BookingContext* context) {
  if (req.unit_items) PASEO_RETURN_IF_ERROR(check_unit_inputs(*req.unit_items));
  if (req.contact) PASEO_RETURN_IF_ERROR(check_contact(*req.contact));
  if (req.notes) PASEO_RETURN_IF_ERROR(check_text(*req.notes, "notes"));
  if (req.pickup_hotel) PASEO_RETURN_IF_ERROR(check_text(*req.pickup_hotel, "pickupHotel"));
  if (req.pickup_hotel_room) {
    PASEO_RETURN_IF_ERROR(check_text(*req.pickup_hotel_room, "pickupHotelRoom"));
  }
  if (req.reseller_reference) {
    PASEO_RETURN_IF_ERROR(check_text(*req.reseller_reference, "resellerReference"));
  }
  std::optional<int> hold;
  if (req.expiration_minutes) {
    PASEO_ASSIGN_OR_RETURN(int h, domain::hold_minutes(*req.expiration_minutes));
    hold = h;
  }
  if (req.extras) {
    for (const auto& e : *req.extras) {
      if (e.quantity < 1)
        return Error::invalid_argument("extra quantity must be >= 1", "extraItems");
    }
  }
  auto& cache = impl_->cache;
  return impl_->mutate(
      caller, uuid, context,
      [&](Connection& c, StoredBooking& sb, const LoadedProductPtr& current_lp, Instant now,
          ReadAhead& ahead) -> Status {
        auto& b = sb.booking;
        const domain::Booking was = b;  // for the history and the emails: "10:00 (was 12:00)"
        const BookingStatus old_status = b.status;
        if (hold_lapsed(b, now) || b.status == BookingStatus::kExpired) return expired_error();
        // The supplier may still change a confirmed booking its policy no longer lets the
        // channel change (moving travellers off a departure that cannot run, say), until it
        // starts.
        bool editable = b.status == BookingStatus::kOnHold ||
                        (b.status == BookingStatus::kConfirmed &&
                         ((caller.kind == CallerKind::kSupplier && now < b.utc_start) ||
                          domain::is_cancellable(b.status, current_lp->product.cancellation,
                                                 policy_start_of(*current_lp, b), now)));
        if (!editable) {
          return Error::failed_precondition("this booking can no longer be changed")
              .with_key("booking.cannotChange");
        }
        std::vector<std::string> changes;
        LoadedProductPtr lp = current_lp;
        if (req.product_id && *req.product_id != b.product_id) {
          PASEO_ASSIGN_OR_RETURN(lp, cache.get(c, caller, *req.product_id));
          if (lp->product.supplier_id != b.supplier_id) {
            return Error::invalid_argument("a booking cannot move to another supplier's product",
                                           "productId");
          }
          changes.push_back("product");
        }
        const auto& p = lp->product;
        std::string option_id = b.option_id;
        if (req.option_id) {
          option_id = *req.option_id;
        } else if (lp != current_lp && !domain::find_option(p, option_id)) {
          option_id = p.options.front().id;
          for (const auto& o : p.options) {
            if (o.is_default) option_id = o.id;
          }
        }
        if (option_id != b.option_id) changes.push_back("option");
        std::string availability_id =
            req.availability_id
                ? *req.availability_id
                : domain::availability_id(lp->tz,
                                          domain::Slot{b.local_date, b.local_start, {}, false, {}});
        std::string current_availability_id = domain::availability_id(
            current_lp->tz, domain::Slot{b.local_date, b.local_start, {}, false, {}});
        if (req.availability_id && *req.availability_id != current_availability_id) {
          changes.push_back("date/time");
        }
        if (req.unit_items) changes.push_back("unit items");
        if (req.extras) changes.push_back("extras");
        bool inventory = lp != current_lp || option_id != b.option_id ||
                         (req.availability_id && *req.availability_id != current_availability_id) ||
                         req.unit_items || req.extras;
        // Inside the cancellation-fee window a channel could otherwise move the booking to a
        // later date (or drop travellers) and then cancel it for a full refund. The supplier,
        // who decides on fees, may still change it.
        if (inventory && b.status == BookingStatus::kConfirmed &&
            caller.kind == CallerKind::kReseller && current_lp->product.cancellation.refundable) {
          auto quote = domain::quote_cancellation(current_lp->product.cancellation, b.total.retail,
                                                  policy_start_of(*current_lp, b), now);
          if (quote.ok() && quote->refund != domain::Refund::kFull) {
            return Error::failed_precondition(
                       "this booking is inside its cancellation-fee window: its date, option "
                       "and travellers can no longer change (its contact, notes, answers and "
                       "pickup can)")
                .with_key("booking.feeWindowLocked");
          }
        }
        if (inventory) {
          auto items = req.unit_items ? *req.unit_items : inputs_of(b.unit_items);
          auto extras = req.extras ? *req.extras : inputs_of(b.extras);
          auto placed = place(lp, option_id, availability_id, items, extras, now);
          if (!placed.ok() && !req.availability_id && lp != current_lp &&
              placed.error().field == "availabilityId" &&
              placed.error().code == ErrorCode::kNotFound) {
            return Error::not_found("product " + p.id + " has no departure at the booking's " +
                                        "date and time (" + availability_id +
                                        "): send the availabilityId to move it to",
                                    "availabilityId");
          }
          PASEO_ASSIGN_OR_RETURN(auto pl, std::move(placed));
          std::string old_dep = sb.departure_id;
          int old_seats = b.seats;
          auto previous = b.unit_items;
          apply_placement(b, pl, items, extras, previous);
          std::int64_t now_ms = to_epoch_ms(now);
          PASEO_ASSIGN_OR_RETURN(sb.departure_id,
                                 internal::ensure_departure(c, p.id, p.supplier_id, pl.slot,
                                                            pl.window.utc_start, now_ms));
          PASEO_RETURN_IF_ERROR(move_seats(c, old_dep, old_seats, sb.departure_id, b.seats, now));
        }
        const domain::Option* o = domain::find_option(p, b.option_id);
        if (req.answers) {
          b.answers = *req.answers;
          changes.push_back("answers");
        }
        PASEO_RETURN_IF_ERROR(domain::check_answers(p, domain::QuestionScope::kBooking, b.answers,
                                                    b.status == BookingStatus::kConfirmed));
        PASEO_RETURN_IF_ERROR(
            check_unit_answers(p, b.unit_items, b.status == BookingStatus::kConfirmed));
        bool new_address = false;
        if (req.contact) {
          if (b.status == BookingStatus::kConfirmed) {
            PASEO_RETURN_IF_ERROR(
                domain::check_required_contact(*req.contact, o->required_contact_fields));
          }
          // Compared as accounts compare them: "Ana@Example.com" is "ana@example.com".
          new_address = !req.contact->email.empty() &&
                        domain::accounts::normalize_email(req.contact->email) !=
                            domain::accounts::normalize_email(b.contact.email);
          b.contact = *req.contact;
          changes.push_back("contact");
        }
        if (req.notes) {
          b.notes = *req.notes;
          changes.push_back("notes");
        }
        if (req.reseller_reference) {
          b.reseller_reference = *req.reseller_reference;
          changes.push_back("reseller reference");
        }
        if (req.pickup_requested) b.pickup_requested = *req.pickup_requested;
        if (req.pickup_point_id) b.pickup_point_id = *req.pickup_point_id;
        if (req.pickup_hotel) b.pickup_hotel = *req.pickup_hotel;
        if (req.pickup_hotel_room) b.pickup_hotel_room = *req.pickup_hotel_room;
        if (req.pickup_requested || req.pickup_point_id || req.pickup_hotel ||
            req.pickup_hotel_room) {
          changes.push_back("pickup");
        }
        PASEO_RETURN_IF_ERROR(check_pickup(p, *o, b, b.status == BookingStatus::kConfirmed));
        if (hold && b.status == BookingStatus::kOnHold) {
          b.expires_at = std::max(*b.expires_at, now + std::chrono::minutes{*hold});
          changes.push_back("hold extended");
        }
        if (b.status == BookingStatus::kOnHold) {  // moved, or extended: never past the cut-off
          b.expires_at = std::min(*b.expires_at, cutoff_of(*lp, b, now));
        }
        b.updated_at = now;
        PASEO_RETURN_IF_ERROR(internal::update_booking(c, sb, old_status));
        std::string summary;
        for (const auto& ch : changes) summary += (summary.empty() ? "" : ", ") + ch;
        if (summary.empty()) summary = "no change";
        PASEO_RETURN_IF_ERROR(
            internal::add_event(c, b.id,
                                event(caller, now, "updated", summary,
                                      amendment_params(*current_lp, was, *lp, b, changes))));
        if (b.status == BookingStatus::kConfirmed && !changes.empty()) {
          // What changes the traveller's day. A pickup the supplier moves counts too: the
          // traveller (who may have asked by phone) and the reseller hear where to be.
          const bool by_supplier = caller.kind == CallerKind::kSupplier;
          const bool trip = std::any_of(changes.begin(), changes.end(), [&](const std::string& ch) {
            return ch == "product" || ch == "option" || ch == "date/time" || ch == "unit items" ||
                   ch == "extras" || (ch == "pickup" && by_supplier);
          });
          using Email = internal::BookingEmail;
          const Email kind =
              trip          ? (by_supplier ? Email::kTripAmendedBySupplier : Email::kTripAmended)
              : new_address ? Email::kAmendedNewAddress
                            : Email::kAmended;
          const internal::BookingBefore before{was, current_lp->product};
          return internal::enqueue_booking_emails(c, kind, b, p, summary, now, &ahead.parties,
                                                  impl_->public_url, &before);
        }
        return ok_status();
      });
}

Result<domain::Booking> BookingService::check_in(const Caller& caller, std::string_view uuid,
                                                 bool checked_in) {
  if (caller.kind != CallerKind::kSupplier) {
    return Error::permission_denied("only the supplier checks travellers in");
  }
  return impl_->mutate(
      caller, uuid, nullptr,
      [&](Connection& c, StoredBooking& sb, const LoadedProductPtr& lp, Instant now,
          ReadAhead& ahead) -> Status {
        auto& b = sb.booking;
        ahead.seats_untouched = true;  // REDEEMED holds its seats as CONFIRMED does
        const BookingStatus from = b.status;
        const BookingStatus to = checked_in ? BookingStatus::kRedeemed : BookingStatus::kConfirmed;
        if (from == to) return ok_status();
        if (!domain::can_transition(from, to)) {
          return Error::failed_precondition("only a CONFIRMED booking can be checked in")
              .with_key("booking.notConfirmed");
        }
        if (checked_in && lp->tz.to_local(now).date < b.local_date) {
          const std::string day = b.local_date.to_string();
          return Error::failed_precondition("check-in opens on the day of the activity, " + day)
              .with_key("booking.checkInTooEarly", {{"date", day}});
        }
        b.status = to;
        if (checked_in) {
          b.redeemed_at = now;
        } else {
          b.redeemed_at.reset();
        }
        b.updated_at = now;
        PASEO_RETURN_IF_ERROR(internal::update_booking(c, sb, from, /*children_changed=*/false));
        return internal::add_event(
            c, b.id,
            checked_in ? event(caller, now, "checkedIn", "travellers checked in", {})
                       : event(caller, now, "checkInUndone", "check-in undone", {}));
      });
}

Result<domain::Booking> BookingService::resend_confirmation(const Caller& caller,
                                                            std::string_view uuid) {
  if (caller.kind != CallerKind::kSupplier) {
    return Error::permission_denied("only the supplier sends a confirmation again");
  }
  return impl_->mutate(
      caller, uuid, nullptr,
      [&](Connection& c, StoredBooking& sb, const LoadedProductPtr& lp, Instant now,
          ReadAhead& ahead) -> Status {
        const auto& b = sb.booking;
        ahead.seats_untouched = true;
        if (b.status != BookingStatus::kConfirmed) {
          return Error::failed_precondition("only a CONFIRMED booking has a confirmation to send")
              .with_key("booking.notConfirmed");
        }
        if (!is_valid_email_address(b.contact.email)) {
          return Error::failed_precondition("the traveller has no email address to send it to",
                                            "contact.emailAddress")
              .with_key("booking.noTravellerEmail");
        }
        // One click too many, or a script, must not flood the traveller's inbox.
        const std::int64_t now_ms = to_epoch_ms(now);
        const std::int64_t window_ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(kResendInterval).count();
        PASEO_ASSIGN_OR_RETURN(
            auto last, c.query("SELECT MAX(created_at) FROM outbox WHERE organisation_id = $1 AND "
                               "created_at > $2 AND template = 'booking_confirmed_traveller' AND "
                               "recipient = $3",
                               {storage::Value{b.supplier_id}, storage::Value{now_ms - window_ms},
                                storage::Value{b.contact.email}}));
        if (!last.empty() && !last.front().is_null(0)) {
          const std::int64_t wait_s = (last.front().get_int(0) + window_ms - now_ms + 999) / 1000;
          return Error::rate_limited(
                     "a confirmation was sent to this address less than a minute "
                     "ago")
              .with_key("booking.resendWait", {{"seconds", std::to_string(wait_s)}});
        }
        PASEO_RETURN_IF_ERROR(internal::add_event(
            c, b.id,
            event(caller, now, "emailed", "confirmation sent again to " + b.contact.email,
                  {{"to", b.contact.email}})));
        return internal::enqueue_booking_emails(c, internal::BookingEmail::kConfirmationResent, b,
                                                lp->product, "", now, &ahead.parties,
                                                impl_->public_url);
      });
}

Result<domain::Booking> BookingService::extend(const Caller& caller, std::string_view uuid,
                                               int expiration_minutes, BookingContext* context) {
  PASEO_ASSIGN_OR_RETURN(int hold, domain::hold_minutes(expiration_minutes));
  return impl_->mutate(
      caller, uuid, context,
      [&](Connection& c, StoredBooking& sb, const LoadedProductPtr& lp, Instant now,
          ReadAhead& ahead) -> Status {
        auto& b = sb.booking;
        ahead.seats_untouched = true;
        if (b.status == BookingStatus::kExpired || hold_lapsed(b, now)) return expired_error();
        if (b.status != BookingStatus::kOnHold) {
          return Error::failed_precondition("only a booking ON_HOLD can be extended");
        }
        const Instant cutoff = cutoff_of(*lp, b, now);
        if (now > cutoff) return cutoff_passed();
        // An extension never shortens the hold (OCTO: utcExpiresAt moves later), nor takes it
        // past the cut-off.
        b.expires_at = std::min(std::max(*b.expires_at, now + std::chrono::minutes{hold}), cutoff);
        b.updated_at = now;
        PASEO_RETURN_IF_ERROR(internal::update_booking(c, sb, BookingStatus::kOnHold, false));
        return internal::add_event(
            c, b.id,
            event(caller, now, "extended", "hold until " + format_utc(*b.expires_at),
                  {{"heldUntil", format_utc_seconds(*b.expires_at)}}));
      });
}

Result<domain::Booking> BookingService::cancel(const Caller& caller, std::string_view uuid,
                                               const CancelRequest& req, BookingContext* context) {
  PASEO_RETURN_IF_ERROR(check_text(req.reason, "reason"));
  if (req.full_refund && caller.kind != CallerKind::kSupplier) {
    return Error::permission_denied("only the supplier can cancel with a full refund");
  }
  return impl_->mutate(
      caller, uuid, context,
      [&](Connection& c, StoredBooking& sb, const LoadedProductPtr& lp, Instant now,
          ReadAhead& ahead) -> Status {
        auto& b = sb.booking;
        const auto& p = lp->product;
        const BookingStatus old_status = b.status;
        if (b.status == BookingStatus::kCancelled) return ok_status();  // idempotent
        // A lapsed hold is EXPIRED whether or not the expiry job has swept it yet.
        if (b.status == BookingStatus::kExpired || hold_lapsed(b, now)) {
          return Error::failed_precondition("the booking's hold has expired: nothing to cancel")
              .with_key("booking.holdExpired");
        }
        if (b.status == BookingStatus::kRedeemed) {
          return Error::failed_precondition("a redeemed booking cannot be cancelled")
              .with_key("booking.redeemedNoCancel");
        }
        domain::Cancellation cx;
        cx.at = now;
        cx.reason = req.reason;
        if (b.status == BookingStatus::kOnHold || req.full_refund) {
          cx.refund = domain::Refund::kFull;
          cx.refund_amount = b.total.retail;
        } else {
          auto quote = domain::quote_cancellation(p.cancellation, b.total.retail,
                                                  policy_start_of(*lp, b), now);
          if (quote.ok()) {
            cx.refund = quote->refund;
            cx.refund_amount = quote->refund_amount;
          } else if (req.force && caller.kind == CallerKind::kSupplier) {
            cx.refund = domain::Refund::kNone;
            cx.refund_amount = 0;
          } else {
            return std::move(quote).error();
          }
        }
        b.status = BookingStatus::kCancelled;
        b.cancellation = cx;
        b.expires_at.reset();
        b.updated_at = now;
        PASEO_RETURN_IF_ERROR(internal::update_booking(c, sb, old_status, false));
        PASEO_RETURN_IF_ERROR(
            internal::release_seats(c, sb.departure_id, b.seats, to_epoch_ms(now)));
        PASEO_RETURN_IF_ERROR(internal::add_event(
            c, b.id,
            event(caller, now, "cancelled",
                  std::string("refund ") + std::string(domain::to_string(cx.refund)) +
                      (cx.reason.empty() ? "" : "; reason: " + cx.reason),
                  {{"refund", std::string(domain::to_string(cx.refund))}, {"reason", cx.reason}})));
        if (old_status == BookingStatus::kConfirmed) {
          return internal::enqueue_booking_emails(c,
                                                  req.full_refund
                                                      ? internal::BookingEmail::kCancelledBySupplier
                                                      : internal::BookingEmail::kCancelled,
                                                  b, p, "", now, &ahead.parties, impl_->public_url);
        }
        return ok_status();
      });
}

Result<domain::Booking> BookingService::get(const Caller& caller, std::string_view uuid) {
  Instant now = impl_->clock.now();
  return impl_->db.read_value<domain::Booking>([&](Connection& c) -> Result<domain::Booking> {
    // The product's revision with the booking: one round trip on PostgreSQL.
    internal::AlsoRead also;
    also.statements = [](const internal::BookingRef& booking) {
      return std::vector<Connection::Statement>{
          internal::ProductCache::unscoped_probe(booking.column("product_id"))};
    };
    PASEO_ASSIGN_OR_RETURN(auto found, internal::find_booking(c, caller, uuid, false, &also));
    if (!found) return unknown_booking(uuid);
    PASEO_ASSIGN_OR_RETURN(
        auto lp, impl_->cache.from_unscoped_probe(c, found->booking.product_id, also.results[0]));
    impl_->finish(found->booking, *lp, now);
    return std::move(found->booking);
  });
}

Result<std::vector<domain::Booking>> BookingService::list(const Caller& caller,
                                                          const BookingFilter& f) {
  std::string sql = "SELECT b.id FROM bookings b WHERE ";
  std::vector<Value> params;
  auto param = [&](Value val) {
    params.push_back(std::move(val));
    return "$" + std::to_string(params.size());
  };
  sql += caller.kind == CallerKind::kReseller ? "b.reseller_id = " : "b.supplier_id = ";
  sql += param(v(caller.organisation_id));
  if (caller.kind == CallerKind::kReseller && !caller.supplier_id.empty()) {
    sql += " AND b.supplier_id = " + param(v(caller.supplier_id));
  }
  // The local dates' UTC window beside the exact date condition: it lets a supplier's list walk
  // bookings_supplier_start (there is no index on local_date for suppliers, see
  // 0045_booking_write_indexes.sql).
  auto within_utc_window = [&](domain::LocalDate from, domain::LocalDate to) {
    const auto w = domain::utc_window(from, to);
    sql += " AND b.utc_start >= " + param(v(to_epoch_ms(w.first)));
    sql += " AND b.utc_start < " + param(v(to_epoch_ms(w.last)));
  };
  bool selective = false;
  if (!f.reseller_reference.empty()) {
    sql += " AND b.reseller_reference = " + param(v(f.reseller_reference));
    selective = true;
  }
  if (!f.supplier_reference.empty()) {
    sql += " AND b.supplier_reference = " + param(v(f.supplier_reference));
    selective = true;
  }
  if (!f.local_date.empty()) {
    auto d = domain::LocalDate::parse(f.local_date);
    if (!d.ok()) return Error::invalid_argument(d.error().message, "localDate");
    sql += " AND b.local_date = " + param(v(d->to_string()));
    within_utc_window(*d, *d);
    selective = true;
  }
  if (!f.local_date_start.empty() || !f.local_date_end.empty()) {
    auto from = domain::LocalDate::parse(f.local_date_start);
    if (!from.ok()) return Error::invalid_argument(from.error().message, "localDateStart");
    auto to = domain::LocalDate::parse(f.local_date_end);
    if (!to.ok()) return Error::invalid_argument(to.error().message, "localDateEnd");
    sql += " AND b.local_date >= " + param(v(from->to_string()));
    sql += " AND b.local_date <= " + param(v(to->to_string()));
    within_utc_window(*from, *to);
    selective = true;
  }
  if (!selective) {
    return Error::invalid_argument(
        "one of resellerReference, supplierReference, localDate or localDateStart/localDateEnd "
        "is required",
        "localDate");
  }
  if (!f.product_id.empty()) sql += " AND b.product_id = " + param(v(f.product_id));
  if (!f.option_id.empty()) sql += " AND b.option_id = " + param(v(f.option_id));
  sql += " ORDER BY b.created_at DESC, b.id LIMIT " +
         std::to_string(std::clamp(f.limit, 1, kMaxListedBookings + 1));
  Instant now = impl_->clock.now();
  return impl_->db.read_value<std::vector<domain::Booking>>(
      [&](Connection& c) -> Result<std::vector<domain::Booking>> {
        PASEO_ASSIGN_OR_RETURN(auto rows,
                               c.query(sql, std::span<const Value>(params.data(), params.size())));
        std::vector<domain::Booking> out;
        for (const auto& r : rows.rows) {
          PASEO_ASSIGN_OR_RETURN(auto sb, internal::load_booking(c, r.get_string(0)));
          PASEO_ASSIGN_OR_RETURN(auto lp, impl_->cache.get_unscoped(c, sb.booking.product_id));
          impl_->finish(sb.booking, *lp, now);
          out.push_back(std::move(sb.booking));
        }
        return out;
      });
}

Result<std::vector<domain::BookingEvent>> BookingService::history(const Caller& caller,
                                                                  std::string_view uuid) {
  return impl_->db.read_value<std::vector<domain::BookingEvent>>(
      [&](Connection& c) -> Result<std::vector<domain::BookingEvent>> {
        PASEO_ASSIGN_OR_RETURN(auto id, internal::find_booking_id(c, caller, uuid));
        if (!id) return unknown_booking(uuid);
        return internal::load_events(c, *id);
      });
}

Result<int> expire_lapsed_holds(storage::Database& db, Instant now, int batch) {
  return db.write_value<int>(
      [&](Connection& c) { return internal::expire_holds(c, now, "", batch); });
}

Result<std::vector<InventoryDrift>> find_inventory_drift(storage::Database& db) {
  return db.read_value<std::vector<InventoryDrift>>(
      [](Connection& c) -> Result<std::vector<InventoryDrift>> {
        // One grouped pass over the bookings: no index on departure_id is kept for this check
        // alone (0045_booking_write_indexes.sql), since each one costs every booking written.
        PASEO_ASSIGN_OR_RETURN(
            auto rows,
            c.query("SELECT d.id, d.booked, COALESCE(l.seats, 0) FROM departures d LEFT JOIN "
                    "(SELECT departure_id, SUM(seats) AS seats FROM bookings WHERE status IN "
                    "('ON_HOLD', 'CONFIRMED', 'PENDING', 'REDEEMED') GROUP BY departure_id) l "
                    "ON l.departure_id = d.id WHERE d.booked <> COALESCE(l.seats, 0) "
                    "ORDER BY d.id"));
        std::vector<InventoryDrift> out;
        for (const auto& r : rows.rows) {
          out.push_back(
              {r.get_string(0), static_cast<int>(r.get_int(1)), static_cast<int>(r.get_int(2))});
        }
        return out;
      });
}

}  // namespace paseo::app
