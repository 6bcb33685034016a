#include "tests/support/inventory_check.h"

namespace paseo::testing {

Result<std::string> inventory_mismatches(storage::Database& db) {
  return db.read_value<std::string>([](storage::Connection& c) -> Result<std::string> {
    PASEO_ASSIGN_OR_RETURN(
        auto q,
        c.query("SELECT d.id, d.booked, d.capacity, "
                "(SELECT COALESCE(SUM(b.seats), 0) FROM bookings b WHERE b.departure_id = d.id "
                "AND b.status IN ('ON_HOLD', 'CONFIRMED', 'PENDING', 'REDEEMED')) "
                "FROM departures d ORDER BY d.id"));
    std::string broken;
    for (const auto& row : q.rows) {
      const bool over = !row.is_null(2) && row.get_int(1) > row.get_int(2);
      if (row.get_int(1) != row.get_int(3) || over) {
        broken += row.get_string(0) + " booked " + row.get_string(1) + " capacity " +
                  row.get_string(2) + " live seats " + row.get_string(3) + "; ";
      }
    }
    return broken;
  });
}

}  // namespace paseo::testing
