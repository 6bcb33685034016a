#include "app/internal/inventory_store.h"

#include "app/internal/sql_util.h"

namespace paseo::app::internal {

DepartureCounters counters_from(const storage::Row& row, std::size_t at) {
  DepartureCounters out;
  if (auto cap = row.get_optional_int(at)) out.capacity = static_cast<int>(*cap);
  out.booked = static_cast<int>(row.get_int(at + 1));
  return out;
}

storage::Connection::Statement counters_read(const SqlPart& departure) {
  return {"SELECT capacity, booked FROM departures WHERE id = " + departure.sql, departure.params};
}

Result<CounterMap> load_counters(storage::Connection& c, std::string_view product_id,
                                 domain::LocalDate from, domain::LocalDate to) {
  PASEO_ASSIGN_OR_RETURN(auto rows,
                         c.query("SELECT local_date, local_start, capacity, booked FROM departures "
                                 "WHERE product_id = $1 AND local_date >= $2 AND local_date <= $3",
                                 {v(product_id), v(from.to_string()), v(to.to_string())}));
  CounterMap out;
  for (const auto& r : rows.rows) {
    PASEO_ASSIGN_OR_RETURN(auto d, stored_date(r.get_string(0)));
    PASEO_ASSIGN_OR_RETURN(auto t, stored_time(r.get_string(1)));
    out[{d.days, t.minutes}] = counters_from(r, 2);
  }
  return out;
}

std::string departure_id(std::string_view product_id, const domain::Slot& slot) {
  return std::string(product_id) + "|" + slot.date.to_string() + "T" + slot.start.to_string();
}

Result<std::string> ensure_departure(storage::Connection& c, std::string_view product_id,
                                     std::string_view supplier_id, const domain::Slot& slot,
                                     Instant utc_start, std::int64_t now_ms) {
  std::string id = departure_id(product_id, slot);
  // Deferred: the seat UPDATE that follows is the statement whose answer counts (db.h). The
  // NOT EXISTS comes first because the row nearly always exists, and ON CONFLICT alone would
  // make PostgreSQL wait for every transaction holding the row's seat lock to end before it
  // could decide there is a conflict: a plain MVCC read does not wait. ON CONFLICT stays for
  // two transactions materialising the same departure at once.
  PASEO_RETURN_IF_ERROR(c.defer(
      "INSERT INTO departures (id, product_id, supplier_id, local_date, local_start, utc_start, "
      "capacity, booked, created_at, updated_at) SELECT $1, $2, $3, $4, $5, CAST($6 AS BIGINT), "
      "CAST($7 AS INTEGER), 0, CAST($8 AS BIGINT), CAST($8 AS BIGINT) WHERE NOT EXISTS (SELECT 1 "
      "FROM departures WHERE id = $1) ON CONFLICT (id) DO NOTHING",
      {v(id), v(product_id), v(supplier_id), v(slot.date.to_string()), v(slot.start.to_string()),
       v(to_epoch_ms(utc_start)), v(slot.capacity), v(now_ms)}));
  return id;
}

Result<std::optional<DepartureCounters>> take_seats(storage::Connection& c,
                                                    std::string_view departure_id, int seats,
                                                    std::int64_t now_ms) {
  PASEO_ASSIGN_OR_RETURN(
      auto r,
      c.query("UPDATE departures SET booked = booked + $2, updated_at = $3 WHERE id = $1 "
              "AND (capacity IS NULL OR booked + $2 <= capacity) RETURNING capacity, booked",
              {v(departure_id), v(seats), v(now_ms)}));
  if (r.rows.empty()) return std::optional<DepartureCounters>{};
  return std::optional<DepartureCounters>{counters_from(r.front())};
}

Status add_seats(storage::Connection& c, std::string_view departure_id, int seats,
                 std::int64_t now_ms) {
  return c.defer("UPDATE departures SET booked = booked + $2, updated_at = $3 WHERE id = $1",
                 {v(departure_id), v(seats), v(now_ms)});
}

Status release_seats(storage::Connection& c, std::string_view departure_id, int seats,
                     std::int64_t now_ms) {
  if (seats == 0) return ok_status();
  PASEO_ASSIGN_OR_RETURN(
      auto r, c.query("UPDATE departures SET booked = booked - $2, updated_at = $3 WHERE id = $1",
                      {v(departure_id), v(seats), v(now_ms)}));
  if (r.affected != 1)
    return Error::internal("departure " + std::string(departure_id) + " missing");
  return ok_status();
}

}  // namespace paseo::app::internal
