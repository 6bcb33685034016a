#include "app/internal/booking_store.h"

#include <algorithm>
#include <map>

#include "app/internal/inventory_store.h"
#include "app/internal/sql_util.h"
#include "app/internal/string_map_json.h"
#include "common/random.h"
#include "domain/search_key.h"

namespace paseo::app::internal {
namespace {

using storage::Connection;
using storage::Value;

constexpr const char* kBookingCols =
    "id, uuid, request_hash, supplier_id, reseller_id, channel, supplier_reference, "
    "reseller_reference, status, product_id, option_id, departure_id, local_date, local_start, "
    "utc_start, utc_end, seats, freesale, currency, total_original, total_retail, total_net, "
    "contact_full_name, contact_first_name, contact_last_name, contact_email, contact_phone, "
    "contact_country, contact_postal_code, contact_notes, contact_locales, "
    "contact_allow_marketing, notes, pickup_requested, pickup_point_id, created_at, updated_at, "
    "expires_at, confirmed_at, cancelled_at, cancel_reason, refund, refund_amount, pickup_hotel, "
    "pickup_hotel_room, search_key, redeemed_at";

// Column names of kBookingCols, in order.
const std::vector<std::string>& booking_columns() {
  static const std::vector<std::string> cols = [] {
    std::vector<std::string> out;
    std::string_view all = kBookingCols;
    while (!all.empty()) {
      const auto comma = all.find(',');
      out.emplace_back(all.substr(0, comma));
      all = comma == std::string_view::npos ? std::string_view{} : all.substr(comma + 2);
    }
    return out;
  }();
  return cols;
}

domain::Contact read_contact(const storage::Row& r, std::size_t i) {
  domain::Contact c;
  c.full_name = r.get_string(i);
  c.first_name = r.get_string(i + 1);
  c.last_name = r.get_string(i + 2);
  c.email = r.get_string(i + 3);
  c.phone = r.get_string(i + 4);
  c.country = r.get_string(i + 5);
  c.postal_code = r.get_string(i + 6);
  c.notes = r.get_string(i + 7);
  c.locales = split(r.get_string(i + 8), ',');
  c.allow_marketing = r.get_int(i + 9) != 0;
  return c;
}

void push_contact(std::vector<Value>& out, const domain::Contact& c) {
  out.push_back(v(c.full_name));
  out.push_back(v(c.first_name));
  out.push_back(v(c.last_name));
  out.push_back(v(c.email));
  out.push_back(v(c.phone));
  out.push_back(v(c.country));
  out.push_back(v(c.postal_code));
  out.push_back(v(c.notes));
  out.push_back(v(join(c.locales, ',')));
  out.push_back(v(c.allow_marketing));
}

Value opt_ms(const std::optional<Instant>& t) { return t ? v(to_epoch_ms(*t)) : Value{nullptr}; }

std::vector<Value> booking_values(const StoredBooking& sb) {
  const auto& b = sb.booking;
  std::vector<Value> p = {v(b.id),
                          v(b.uuid),
                          v(sb.request_hash),
                          v(b.supplier_id),
                          v(b.reseller_id),
                          v(b.channel),
                          v(b.supplier_reference),
                          v(b.reseller_reference),
                          v(domain::to_string(b.status)),
                          v(b.product_id),
                          v(b.option_id),
                          v(sb.departure_id),
                          v(b.local_date.to_string()),
                          v(b.local_start.to_string()),
                          v(to_epoch_ms(b.utc_start)),
                          v(to_epoch_ms(b.utc_end)),
                          v(b.seats),
                          v(b.freesale),
                          v(b.currency),
                          v(b.total.original),
                          v(b.total.retail),
                          v(b.total.net)};
  push_contact(p, b.contact);
  p.push_back(v(b.notes));
  p.push_back(v(b.pickup_requested));
  p.push_back(v(b.pickup_point_id));
  p.push_back(v(to_epoch_ms(b.created_at)));
  p.push_back(v(to_epoch_ms(b.updated_at)));
  p.push_back(opt_ms(b.expires_at));
  p.push_back(opt_ms(b.confirmed_at));
  if (b.cancellation) {
    p.push_back(v(to_epoch_ms(b.cancellation->at)));
    p.push_back(v(b.cancellation->reason));
    p.push_back(v(domain::to_string(b.cancellation->refund)));
    p.push_back(v(b.cancellation->refund_amount));
  } else {
    p.push_back(Value{nullptr});
    p.push_back(v(""));
    p.push_back(Value{nullptr});
    p.push_back(v(std::int64_t{0}));
  }
  p.push_back(v(b.pickup_hotel));
  p.push_back(v(b.pickup_hotel_room));
  // Derived, so it changes exactly when the contact or the reference does (update_changed_columns).
  p.push_back(v(domain::booking_search_key(b.contact, b.reseller_reference)));
  p.push_back(opt_ms(b.redeemed_at));
  return p;
}

std::string placeholders(int from, int to) {
  std::string s;
  for (int i = from; i <= to; ++i) {
    if (i > from) s += ", ";
    s += '$';  // not "$" + …: g++ 12 -O3 -Wrestrict false positive
    s += std::to_string(i);
  }
  return s;
}

// Booking rows are written without reading anything back: deferred, so PostgreSQL sends them in
// one pipeline with the next statement that is read (db.h).
Status write(Connection& c, const std::string& sql, const std::vector<Value>& params) {
  return c.defer(sql, std::span<const Value>(params.data(), params.size()));
}

Status insert_children(Connection& c, const domain::Booking& b) {
  for (std::size_t i = 0; i < b.unit_items.size(); ++i) {
    const auto& u = b.unit_items[i];
    std::vector<Value> p = {v(b.id),
                            v(static_cast<int>(i)),
                            v(u.uuid),
                            v(u.unit_id),
                            v(u.reseller_reference),
                            v(u.supplier_reference),
                            v(u.price.original),
                            v(u.price.retail),
                            v(u.price.net)};
    push_contact(p, u.contact);
    PASEO_RETURN_IF_ERROR(write(
        c,
        "INSERT INTO booking_unit_items (booking_id, position, uuid, unit_id, reseller_reference, "
        "supplier_reference, original, retail, net, contact_full_name, contact_first_name, "
        "contact_last_name, contact_email, contact_phone, contact_country, contact_postal_code, "
        "contact_notes, contact_locales, contact_allow_marketing) VALUES (" +
            placeholders(1, 19) + ")",
        p));
    for (const auto& a : u.answers) {
      PASEO_RETURN_IF_ERROR(
          c.defer("INSERT INTO booking_answers (booking_id, unit_item_uuid, question_id, value) "
                  "VALUES ($1, $2, $3, $4)",
                  {v(b.id), v(u.uuid), v(a.question_id), v(a.value)}));
    }
  }
  for (std::size_t i = 0; i < b.extras.size(); ++i) {
    const auto& e = b.extras[i];
    PASEO_RETURN_IF_ERROR(c.defer(
        "INSERT INTO booking_extras (booking_id, position, extra_id, quantity, original, retail, "
        "net) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        {v(b.id), v(static_cast<int>(i)), v(e.extra_id), v(e.quantity), v(e.price.original),
         v(e.price.retail), v(e.price.net)}));
  }
  for (const auto& a : b.answers) {
    PASEO_RETURN_IF_ERROR(
        c.defer("INSERT INTO booking_answers (booking_id, unit_item_uuid, question_id, value) "
                "VALUES ($1, '', $2, $3)",
                {v(b.id), v(a.question_id), v(a.value)}));
  }
  return ok_status();
}

}  // namespace

namespace {

// The booking `caller` refers to by `uuid`, as documented at find_booking_id().
BookingRef lookup_for(const Caller& caller, std::string_view uuid) {
  if (caller.kind == CallerKind::kReseller) {
    if (caller.supplier_id.empty()) {
      return {{"reseller_id = $1 AND uuid = $2", {v(caller.organisation_id), v(uuid)}}};
    }
    // A key bound to one supplier sees only that supplier's bookings.
    return {{"reseller_id = $1 AND uuid = $2 AND supplier_id = $3",
             {v(caller.organisation_id), v(uuid), v(caller.supplier_id)}}};
  }
  // A uuid is the reseller's key, unique per reseller only: two resellers may send the same one.
  // The booking's own id wins, then the supplier's direct sale, then the oldest.
  return {
      {"supplier_id = $1 AND (id = $2 OR uuid = $2) ORDER BY CASE WHEN id = $2 THEN 0 WHEN "
       "reseller_id = $1 THEN 1 ELSE 2 END, created_at LIMIT 1",
       {v(caller.organisation_id), v(uuid)}}};
}

const char* lock_clause(const Connection& c, bool for_update) {
  return for_update && c.engine() == storage::Engine::kPostgres ? " FOR UPDATE" : "";
}

// A bookings row selected with kBookingCols, without its children.
Result<StoredBooking> parse_booking_row(const storage::Row& r) {
  StoredBooking sb;
  auto& b = sb.booking;
  b.id = r.get_string(0);
  b.uuid = r.get_string(1);
  sb.request_hash = r.get_string(2);
  b.supplier_id = r.get_string(3);
  b.reseller_id = r.get_string(4);
  b.channel = r.get_string(5);
  b.supplier_reference = r.get_string(6);
  b.reseller_reference = r.get_string(7);
  PASEO_ASSIGN_OR_RETURN(b.status, domain::parse_booking_status(r.get_string(8)));
  b.product_id = r.get_string(9);
  b.option_id = r.get_string(10);
  sb.departure_id = r.get_string(11);
  PASEO_ASSIGN_OR_RETURN(b.local_date, stored_date(r.get_string(12)));
  PASEO_ASSIGN_OR_RETURN(b.local_start, stored_time(r.get_string(13)));
  b.utc_start = from_epoch_ms(r.get_int(14));
  b.utc_end = from_epoch_ms(r.get_int(15));
  b.seats = static_cast<int>(r.get_int(16));
  b.freesale = r.get_int(17) != 0;
  b.currency = r.get_string(18);
  b.total = {r.get_int(19), r.get_int(20), r.get_int(21)};
  b.contact = read_contact(r, 22);
  b.notes = r.get_string(32);
  b.pickup_requested = r.get_int(33) != 0;
  b.pickup_point_id = r.get_string(34);
  b.created_at = from_epoch_ms(r.get_int(35));
  b.updated_at = from_epoch_ms(r.get_int(36));
  if (auto t = r.get_optional_int(37)) b.expires_at = from_epoch_ms(*t);
  if (auto t = r.get_optional_int(38)) b.confirmed_at = from_epoch_ms(*t);
  if (auto t = r.get_optional_int(39)) {
    domain::Cancellation cx;
    cx.at = from_epoch_ms(*t);
    cx.reason = r.get_string(40);
    std::string refund = r.get_string(41);
    cx.refund = refund == "PARTIAL" ? domain::Refund::kPartial
                : refund == "NONE"  ? domain::Refund::kNone
                                    : domain::Refund::kFull;
    cx.refund_amount = r.get_int(42);
    b.cancellation = cx;
  }
  b.pickup_hotel = r.get_string(43);
  b.pickup_hotel_room = r.get_string(44);
  // 45 is search_key, derived from the contact.
  if (auto t = r.get_optional_int(46)) b.redeemed_at = from_epoch_ms(*t);
  return sb;
}

// The reads of a booking's unit items, extras and answers, the booking's id given by `id` (an
// expression), in the order parse_children() takes their results.
void push_children_reads(std::vector<Connection::Statement>& reads, const SqlPart& id) {
  reads.push_back(
      {"SELECT uuid, unit_id, reseller_reference, supplier_reference, original, retail, net, "
       "contact_full_name, contact_first_name, contact_last_name, contact_email, contact_phone, "
       "contact_country, contact_postal_code, contact_notes, contact_locales, "
       "contact_allow_marketing FROM booking_unit_items WHERE booking_id = " +
           id.sql + " ORDER BY position",
       id.params});
  reads.push_back(
      {"SELECT extra_id, quantity, original, retail, net FROM booking_extras WHERE "
       "booking_id = " +
           id.sql + " ORDER BY position",
       id.params});
  reads.push_back(
      {"SELECT unit_item_uuid, question_id, value FROM booking_answers WHERE "
       "booking_id = " +
           id.sql + " ORDER BY unit_item_uuid, question_id",
       id.params});
}

void parse_children(domain::Booking& b, const storage::QueryResult& urows,
                    const storage::QueryResult& erows, const storage::QueryResult& arows) {
  for (const auto& u : urows.rows) {
    domain::UnitItem item;
    item.uuid = u.get_string(0);
    item.unit_id = u.get_string(1);
    item.reseller_reference = u.get_string(2);
    item.supplier_reference = u.get_string(3);
    item.price = {u.get_int(4), u.get_int(5), u.get_int(6)};
    item.contact = read_contact(u, 7);
    b.unit_items.push_back(std::move(item));
  }
  for (const auto& e : erows.rows) {
    b.extras.push_back({e.get_string(0),
                        static_cast<int>(e.get_int(1)),
                        {e.get_int(2), e.get_int(3), e.get_int(4)}});
  }
  for (const auto& a : arows.rows) {
    std::string item_uuid = a.get_string(0);
    domain::QuestionAnswer qa{a.get_string(1), a.get_string(2)};
    if (item_uuid.empty()) {
      b.answers.push_back(std::move(qa));
      continue;
    }
    for (auto& item : b.unit_items) {
      if (item.uuid == item_uuid) item.answers.push_back(qa);
    }
  }
}

// Completes `sb` (its row parsed) with its children from `results`, in push_children_reads()
// order from `first`, and keeps its row for update_booking() when `for_update`.
void complete(StoredBooking& sb, const std::vector<storage::QueryResult>& results,
              std::size_t first, bool for_update) {
  parse_children(sb.booking, results[first], results[first + 1], results[first + 2]);
  if (for_update && sb.stored_row.empty()) sb.stored_row = booking_values(sb);
}

}  // namespace

SqlPart BookingRef::column(std::string_view name) const {
  if (row) {
    const auto& cols = booking_columns();
    const auto it = std::find(cols.begin(), cols.end(), name);
    if (it != cols.end()) return {"$1", {(*row)[static_cast<std::size_t>(it - cols.begin())]}};
  }
  return {"(SELECT " + std::string(name) + " FROM bookings WHERE " + where.sql + ")", where.params};
}

Result<std::optional<std::string>> find_booking_id(Connection& c, const Caller& caller,
                                                   std::string_view uuid, bool for_update) {
  const BookingRef ref = lookup_for(caller, uuid);
  PASEO_ASSIGN_OR_RETURN(
      auto rows,
      c.query("SELECT id FROM bookings WHERE " + ref.where.sql + lock_clause(c, for_update),
              std::span<const Value>(ref.where.params.data(), ref.where.params.size())));
  if (rows.rows.empty()) return std::optional<std::string>{};
  return std::optional<std::string>{rows.front().get_string(0)};
}

Result<std::optional<StoredBooking>> find_booking(Connection& c, const Caller& caller,
                                                  std::string_view uuid, bool for_update,
                                                  AlsoRead* also) {
  BookingRef ref = lookup_for(caller, uuid);
  const std::string row_sql = std::string("SELECT ") + kBookingCols + " FROM bookings WHERE " +
                              ref.where.sql + lock_clause(c, for_update);
  // PostgreSQL: the row first (locked first, so the reads after it in the pipeline see what the
  // lock's previous holder committed), everything in one round trip.
  const bool one_trip = c.engine() == storage::Engine::kPostgres;
  std::vector<Connection::Statement> reads;
  std::optional<StoredBooking> sb;
  if (one_trip) {
    reads.push_back({row_sql, ref.where.params});
    push_children_reads(reads, ref.column("id"));
  } else {
    PASEO_ASSIGN_OR_RETURN(
        auto rows,
        c.query(row_sql, std::span<const Value>(ref.where.params.data(), ref.where.params.size())));
    if (rows.rows.empty()) return std::optional<StoredBooking>{};
    PASEO_ASSIGN_OR_RETURN(sb, parse_booking_row(rows.front()));
    push_children_reads(reads, {"$1", {v(sb->booking.id)}});
    if (also || for_update) {
      sb->stored_row = booking_values(*sb);
      ref.row = &sb->stored_row;
    }
  }
  if (also) {
    for (auto& st : also->statements(ref)) reads.push_back(std::move(st));
  }
  PASEO_ASSIGN_OR_RETURN(auto results, c.query_all(reads));
  std::size_t next = 0;
  if (one_trip) {
    if (results[0].rows.empty()) return std::optional<StoredBooking>{};
    PASEO_ASSIGN_OR_RETURN(sb, parse_booking_row(results[0].front()));
    next = 1;
  }
  complete(*sb, results, next, for_update);
  if (!for_update) sb->stored_row.clear();  // read-only loads keep no snapshot
  if (also) {
    also->results.assign(std::make_move_iterator(results.begin() + next + 3),
                         std::make_move_iterator(results.end()));
  }
  return sb;
}

Result<StoredBooking> load_booking(Connection& c, std::string_view id, bool for_update) {
  std::vector<Connection::Statement> reads;
  reads.push_back(
      {std::string("SELECT ") + kBookingCols + " FROM bookings WHERE id = $1", {v(id)}});
  push_children_reads(reads, {"$1", {v(id)}});
  PASEO_ASSIGN_OR_RETURN(auto results, c.query_all(reads));
  if (results[0].rows.empty()) {
    return Error::not_found("unknown booking", "uuid").with_key("booking.notFound");
  }
  PASEO_ASSIGN_OR_RETURN(auto sb, parse_booking_row(results[0].front()));
  complete(sb, results, 1, for_update);
  return sb;
}

Status insert_booking(Connection& c, const StoredBooking& sb) {
  // One placeholder per column of kBookingCols: the count follows the list, not a constant.
  static const std::string sql = std::string("INSERT INTO bookings (") + kBookingCols +
                                 ") VALUES (" +
                                 placeholders(1, static_cast<int>(booking_columns().size())) + ")";
  PASEO_RETURN_IF_ERROR(write(c, sql, booking_values(sb)));
  return insert_children(c, sb.booking);
}

namespace {

Status rewrite_children(Connection& c, const domain::Booking& b) {
  for (const char* table : {"booking_unit_items", "booking_extras", "booking_answers"}) {
    PASEO_RETURN_IF_ERROR(
        c.defer(std::string("DELETE FROM ") + table + " WHERE booking_id = $1", {v(b.id)}));
  }
  return insert_children(c, b);
}

// UPDATE of the columns of `now` that differ from `before` (both booking_values()), guarded by the
// expected status; nothing at all when no column changed.
Status update_changed_columns(Connection& c, const std::vector<Value>& before,
                              const std::vector<Value>& now, std::string_view status) {
  const auto& cols = booking_columns();
  std::string sql = "UPDATE bookings SET ";
  std::vector<Value> params = {now[0]};
  for (std::size_t i = 1; i < now.size(); ++i) {
    if (now[i] == before[i]) continue;
    if (params.size() > 1) sql += ", ";
    params.push_back(now[i]);
    sql += cols[i];
    sql += " = $";
    sql += std::to_string(params.size());
  }
  if (params.size() == 1) return ok_status();
  params.push_back(v(status));
  sql += " WHERE id = $1 AND status = $";
  sql += std::to_string(params.size());
  return write(c, sql, params);
}

}  // namespace

Status update_booking(Connection& c, const StoredBooking& sb, domain::BookingStatus expected_status,
                      bool children_changed) {
  auto params = booking_values(sb);
  if (sb.stored_row.size() == params.size() && sb.stored_row[0] == params[0]) {
    PASEO_RETURN_IF_ERROR(
        update_changed_columns(c, sb.stored_row, params, domain::to_string(expected_status)));
  } else {
    params.push_back(v(domain::to_string(expected_status)));
    PASEO_RETURN_IF_ERROR(write(
        c,
        "UPDATE bookings SET uuid = $2, request_hash = $3, supplier_id = $4, reseller_id = $5, "
        "channel = $6, supplier_reference = $7, reseller_reference = $8, status = $9, "
        "product_id = $10, option_id = $11, departure_id = $12, local_date = $13, "
        "local_start = $14, utc_start = $15, utc_end = $16, seats = $17, freesale = $18, "
        "currency = $19, total_original = $20, total_retail = $21, total_net = $22, "
        "contact_full_name = $23, contact_first_name = $24, contact_last_name = $25, "
        "contact_email = $26, contact_phone = $27, contact_country = $28, "
        "contact_postal_code = $29, contact_notes = $30, contact_locales = $31, "
        "contact_allow_marketing = $32, notes = $33, pickup_requested = $34, "
        "pickup_point_id = $35, created_at = $36, updated_at = $37, expires_at = $38, "
        "confirmed_at = $39, cancelled_at = $40, cancel_reason = $41, refund = $42, "
        "refund_amount = $43, pickup_hotel = $44, pickup_hotel_room = $45, search_key = $46, "
        "redeemed_at = $47 WHERE id = $1 AND status = $48",
        params));
  }
  if (children_changed) PASEO_RETURN_IF_ERROR(rewrite_children(c, sb.booking));
  return ok_status();
}

Status add_event(Connection& c, std::string_view booking_id, const domain::BookingEvent& e) {
  std::string params;
  if (!e.params.empty()) {
    PASEO_ASSIGN_OR_RETURN(params, encode_string_map(e.params, "history param"));
  }
  // One statement: the next sequence number is computed where the row is inserted. Deferred.
  PASEO_RETURN_IF_ERROR(c.defer(
      "INSERT INTO booking_events (id, booking_id, seq, at, kind, detail, channel, actor, params) "
      "SELECT $1, $2, COALESCE(MAX(seq), 0) + 1, CAST($3 AS BIGINT), $4, $5, $6, $7, $8 "
      "FROM booking_events WHERE booking_id = $2",
      {v(time_ordered_uuid()), v(booking_id), v(to_epoch_ms(e.at)), v(e.kind), v(e.detail),
       v(e.channel), v(e.actor), v(std::move(params))}));
  return ok_status();
}

Result<std::vector<domain::BookingEvent>> load_events(Connection& c, std::string_view booking_id) {
  PASEO_ASSIGN_OR_RETURN(auto rows,
                         c.query("SELECT at, kind, detail, channel, actor, params "
                                 "FROM booking_events WHERE booking_id = $1 ORDER BY seq",
                                 {v(booking_id)}));
  std::vector<domain::BookingEvent> out;
  for (const auto& r : rows.rows) {
    domain::BookingEvent e{from_epoch_ms(r.get_int(0)),
                           r.get_string(1),
                           r.get_string(2),
                           r.get_string(3),
                           r.get_string(4),
                           {}};
    // Params are only ever written by add_event; a row they cannot be read from still shows its
    // English detail rather than hiding the booking.
    if (const std::string raw = r.get_string(5); !raw.empty()) {
      if (auto params = decode_string_map(raw, "history param"); params.ok()) {
        e.params = std::move(*params);
      }
    }
    out.push_back(std::move(e));
  }
  return out;
}

Result<int> expire_holds(Connection& c, Instant now, std::string_view departure_id, int limit) {
  std::int64_t now_ms = to_epoch_ms(now);
  storage::QueryResult rows;
  if (departure_id.empty()) {
    PASEO_ASSIGN_OR_RETURN(
        rows, c.query("UPDATE bookings SET status = 'EXPIRED', updated_at = $1 "
                      "WHERE status = 'ON_HOLD' AND expires_at <= $1 AND id IN (SELECT id FROM "
                      "bookings WHERE status = 'ON_HOLD' AND expires_at <= $1 "
                      "ORDER BY expires_at LIMIT $2) RETURNING id, departure_id, seats",
                      {v(now_ms), v(limit)}));
  } else {
    PASEO_ASSIGN_OR_RETURN(
        rows, c.query("UPDATE bookings SET status = 'EXPIRED', updated_at = $1 "
                      "WHERE departure_id = $3 AND status = 'ON_HOLD' AND expires_at <= $1 "
                      "AND id IN (SELECT id FROM bookings WHERE departure_id = $3 AND "
                      "status = 'ON_HOLD' AND expires_at <= $1 ORDER BY expires_at LIMIT $2) "
                      "RETURNING id, departure_id, seats",
                      {v(now_ms), v(limit), v(departure_id)}));
  }
  // Release per departure, in id order (consistent lock order across transactions).
  std::map<std::string, int> seats;
  for (const auto& r : rows.rows) seats[r.get_string(1)] += static_cast<int>(r.get_int(2));
  for (const auto& [dep, n] : seats) PASEO_RETURN_IF_ERROR(release_seats(c, dep, n, now_ms));
  for (const auto& r : rows.rows) {
    PASEO_RETURN_IF_ERROR(
        add_event(c, r.get_string(0),
                  {now,
                   "expired",
                   "hold lapsed; " + std::to_string(r.get_int(2)) + " seats released",
                   "system",
                   "hold_expiry",
                   {{"seats", std::to_string(r.get_int(2))}}}));
  }
  return static_cast<int>(rows.rows.size());
}

}  // namespace paseo::app::internal
