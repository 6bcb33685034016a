#include "app/extranet_queries.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>

#include "domain/search_key.h"

namespace paseo::app {

namespace {

using storage::Value;

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// LIKE pattern for "contains s", with the LIKE metacharacters escaped (ESCAPE '\').
std::string contains_pattern(std::string_view s) {
  std::string out = "%";
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('%');
  return out;
}

// Builds WHERE clauses with $N placeholders in order.
struct Where {
  std::string sql;
  std::vector<Value> params;
  std::string next() { return "$" + std::to_string(params.size() + 1); }
  void add(const std::string& clause) { sql += (sql.empty() ? " WHERE " : " AND ") + clause; }
};

// "(expr LIKE $n ESCAPE '\' OR …)": `expr` contains one of the query's needles (a phone-like
// query has two: its digits and its text, domain::search_needles). Adds the patterns to `w`.
std::string search_match(std::string_view expr, std::string_view query, Where& w) {
  std::string clause;
  for (const auto& needle : domain::search_needles(query)) {
    clause += clause.empty() ? "(" : " OR ";
    clause += std::string(expr) + " LIKE " + w.next() + " ESCAPE '\\'";
    w.params.emplace_back(contains_pattern(needle));
  }
  return clause + ")";
}

// The indexed search key (domain::booking_search_key; migration 0047_booking_search_key.sql).
constexpr const char* kSearchExpr = "s.search_key";

// The search index's own predicate (bookings without a contact have an empty key and no entry),
// repeated verbatim so that the planner may use it. Being a range on the indexed column, it also
// makes the planner pick that index (two constrained columns) over the other supplier_id ones
// when no statistics exist. A booking without a contact has nothing to find, so nothing is lost.
const std::string kSearchRange = std::string(kSearchExpr) + " > '' AND ";

// True when q could be a supplier reference (random_reference: letters and digits).
bool looks_like_reference(std::string_view q) {
  if (q.size() < 4 || q.size() > 16) return false;
  for (char c : q) {
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

enum class SearchPlan {
  kNone,            // no q
  kExactReference,  // q is an existing supplier reference of this supplier (unique index)
  kByMatches,       // few matches: drive the query by the ids the expression index finds
  kInOrder,         // many matches: walk the sort index and stop at the page (early exit)
};

bool other_filters(const BookingListQuery& q) {
  return !q.product_id.empty() || q.from || q.to || !q.statuses.empty() || q.channel;
}

Where booking_filters(const BookingListQuery& q, SearchPlan plan) {
  Where w;
  w.params.emplace_back(q.supplier_id);
  if (plan == SearchPlan::kNone) {
    w.add("b.supplier_id = $1");
  } else if (plan == SearchPlan::kExactReference) {
    w.add("b.supplier_id = $1");
    w.add("b.supplier_reference = " + w.next());
    w.params.emplace_back(upper(q.q));
  } else if (plan == SearchPlan::kInOrder) {
    w.add("b.supplier_id = $1");
    w.add(search_match("b.search_key", q.q, w));
  } else {
    // Driven by the matching ids from the expression index (tenant filter inside), so a rare
    // name does not scan every booking row of the supplier.
    const std::string match = search_match(kSearchExpr, q.q, w);
    w.add("b.id IN (SELECT s.id FROM bookings s WHERE s.supplier_id = $1 AND " + kSearchRange +
          match + ")");
  }
  if (!q.product_id.empty()) {
    w.add("b.product_id = " + w.next());
    w.params.emplace_back(q.product_id);
  }
  // Each local-date bound comes with its UTC window bound, which lets the planner walk
  // bookings_supplier_start (there is no (supplier_id, local_date) index: each index costs every
  // booking written, 0045_booking_write_indexes.sql).
  if (q.from) {
    w.add("b.local_date >= " + w.next());
    w.params.emplace_back(q.from->to_string());
    w.add("b.utc_start >= " + w.next());
    w.params.emplace_back(to_epoch_ms(domain::utc_window(*q.from, *q.from).first));
  }
  if (q.to) {
    w.add("b.local_date <= " + w.next());
    w.params.emplace_back(q.to->to_string());
    w.add("b.utc_start < " + w.next());
    w.params.emplace_back(to_epoch_ms(domain::utc_window(*q.to, *q.to).last));
  }
  if (!q.statuses.empty()) {
    std::string in;
    for (const auto& s : q.statuses) {
      in += (in.empty() ? "" : ", ") + w.next();
      w.params.emplace_back(s);
    }
    w.add("b.status IN (" + in + ")");
  }
  if (q.channel) {
    if (*q.channel == "direct") {
      w.add("b.reseller_id = b.supplier_id");
    } else {
      w.add("b.reseller_id = " + w.next());
      w.params.emplace_back(*q.channel);
    }
  }
  return w;
}

std::string order_by(const BookingListQuery& q) {
  std::string col = "b.created_at";
  if (q.sort == "startAt") col = "b.utc_start";
  if (q.sort == "total") col = "b.total_retail";
  if (q.sort == "supplierReference") col = "b.supplier_reference";
  std::string dir = q.descending ? " DESC" : " ASC";
  // b.id breaks ties so paging is stable.
  return " ORDER BY " + col + dir + ", b.id" + dir;
}

}  // namespace

Result<BookedSeats> load_booked_seats(storage::Database& db, std::string_view supplier_id,
                                      std::string_view product_id, domain::LocalDate from,
                                      domain::LocalDate to) {
  return db.read_value<BookedSeats>([&](storage::Connection& c) -> Result<BookedSeats> {
    PASEO_ASSIGN_OR_RETURN(
        auto r, c.query("SELECT local_date, local_start, booked FROM departures "
                        "WHERE product_id = $1 AND local_date >= $2 AND local_date <= $3 "
                        "AND supplier_id = $4",
                        {std::string(product_id), from.to_string(), to.to_string(),
                         std::string(supplier_id)}));
    BookedSeats out;
    for (const auto& row : r.rows) {
      auto d = domain::LocalDate::parse(row.get_string(0));
      auto t = domain::LocalTime::parse(row.get_string(1));
      if (!d.ok() || !t.ok()) continue;
      out[{d->days, t->minutes}] += static_cast<int>(row.get_int(2));
    }
    return out;
  });
}

Result<std::string> organisation_name(storage::Database& db, std::string_view organisation_id) {
  return db.read_value<std::string>([&](storage::Connection& c) -> Result<std::string> {
    PASEO_ASSIGN_OR_RETURN(auto r, c.query("SELECT name FROM organisations WHERE id = $1",
                                           {std::string(organisation_id)}));
    return r.empty() ? std::string() : r.front().get_string(0);
  });
}

Result<std::map<std::string, std::string>> user_names(storage::Database& db,
                                                      std::string_view organisation_id,
                                                      const std::vector<std::string>& actor_ids) {
  std::map<std::string, std::string> out;
  if (actor_ids.empty()) return out;
  return db.read_value<std::map<std::string, std::string>>(
      [&](storage::Connection& c) -> Result<std::map<std::string, std::string>> {
        for (const auto& id : actor_ids) {
          if (id.empty() || out.count(id)) continue;
          PASEO_ASSIGN_OR_RETURN(auto r, c.query("SELECT name, email FROM users WHERE id = $1 "
                                                 "AND organisation_id = $2",
                                                 {id, std::string(organisation_id)}));
          if (r.empty()) continue;
          const std::string name = r.front().get_string(0);
          out[id] = name.empty() ? r.front().get_string(1) : name;
        }
        return out;
      });
}

Result<std::string> product_supplier(storage::Database& db, std::string_view product_id) {
  return db.read_value<std::string>([&](storage::Connection& c) -> Result<std::string> {
    PASEO_ASSIGN_OR_RETURN(auto r, c.query("SELECT supplier_id FROM products WHERE id = $1",
                                           {std::string(product_id)}));
    if (r.empty()) return Error::not_found("product not found", "id");
    return r.front().get_string(0);
  });
}

Result<BookingPage> list_bookings(storage::Database& db, const BookingListQuery& q) {
  if (q.supplier_id.empty()) return Error::internal("list_bookings without a supplier");
  SearchPlan plan = q.q.empty() ? SearchPlan::kNone : SearchPlan::kByMatches;
  std::optional<std::int64_t> search_count;  // matches of q alone, from the expression index
  if (!q.q.empty()) {
    auto probe = db.read_value<std::pair<bool, std::int64_t>>(
        [&](storage::Connection& c) -> Result<std::pair<bool, std::int64_t>> {
          if (looks_like_reference(q.q)) {
            PASEO_ASSIGN_OR_RETURN(auto r, c.query("SELECT 1 FROM bookings WHERE "
                                                   "supplier_reference = $1 AND supplier_id = $2",
                                                   {upper(q.q), q.supplier_id}));
            if (!r.empty()) return std::pair<bool, std::int64_t>{true, 1};
          }
          Where count;
          count.params.emplace_back(q.supplier_id);
          const std::string match = search_match(kSearchExpr, q.q, count);
          PASEO_ASSIGN_OR_RETURN(
              auto n, c.query("SELECT COUNT(*) FROM bookings s WHERE s.supplier_id = $1 AND " +
                                  kSearchRange + match,
                              std::span<const Value>(count.params)));
          return std::pair<bool, std::int64_t>{false, n.front().get_int(0)};
        });
    if (!probe.ok()) return probe.error();
    if (probe->first) {
      plan = SearchPlan::kExactReference;
    } else {
      search_count = probe->second;
      // Many matches and an indexed sort: the first pages are found after a few hundred rows.
      bool indexed_sort = q.sort == "createdAt" || q.sort == "startAt" || q.sort == "total";
      if (probe->second >= 1000 && indexed_sort && !other_filters(q)) plan = SearchPlan::kInOrder;
    }
  }
  Where w = booking_filters(q, plan);
  std::string select =
      "SELECT b.id, b.supplier_reference, b.reseller_reference, b.status, b.reseller_id, "
      "o.name, b.channel, b.product_id, b.option_id, b.local_date, b.local_start, p.time_zone, "
      "b.utc_start, b.contact_full_name, b.contact_first_name, b.contact_last_name, "
      "b.contact_email, b.contact_phone, b.seats, b.total_retail, b.currency, b.created_at, "
      "p.availability_type "
      "FROM bookings b "
      "LEFT JOIN organisations o ON o.id = b.reseller_id "
      "LEFT JOIN products p ON p.id = b.product_id" +
      w.sql + order_by(q) + " LIMIT " + std::to_string(std::max(0, q.limit)) + " OFFSET " +
      std::to_string(std::max<std::int64_t>(0, q.offset));
  std::string count = "SELECT COUNT(*) FROM bookings b" + w.sql;
  return db.read_value<BookingPage>([&](storage::Connection& c) -> Result<BookingPage> {
    BookingPage page;
    PASEO_ASSIGN_OR_RETURN(auto r, c.query(select, std::span<const Value>(w.params)));
    page.items.reserve(r.rows.size());
    for (const auto& row : r.rows) {
      BookingRow b;
      b.id = row.get_string(0);
      b.supplier_reference = row.get_string(1);
      b.reseller_reference = row.get_string(2);
      b.status = row.get_string(3);
      b.reseller_id = row.get_string(4);
      b.reseller_name = row.get_string(5);
      b.channel = row.get_string(6);
      b.product_id = row.get_string(7);
      b.option_id = row.get_string(8);
      b.local_date = row.get_string(9);
      b.local_time = row.get_string(10);
      b.time_zone = row.get_string(11);
      b.start_ms = row.get_int(12);
      b.contact_name = row.get_string(13);
      if (b.contact_name.empty()) {
        std::string first = row.get_string(14);
        std::string last = row.get_string(15);
        b.contact_name = first.empty() ? last : (last.empty() ? first : first + " " + last);
      }
      b.contact_email = row.get_string(16);
      b.contact_phone = row.get_string(17);
      b.pax = static_cast<int>(row.get_int(18));
      b.total_retail = row.get_int(19);
      b.currency = row.get_string(20);
      b.created_at_ms = row.get_int(21);
      b.all_day = row.get_string(22) == "OPENING_HOURS";
      page.items.push_back(std::move(b));
    }
    if (q.count_total && search_count && !other_filters(q)) {
      page.total = *search_count;
    } else if (q.count_total) {
      PASEO_ASSIGN_OR_RETURN(auto n, c.query(count, std::span<const Value>(w.params)));
      page.total = n.front().get_int(0);
    } else {
      page.total = static_cast<std::int64_t>(page.items.size());
    }
    return page;
  });
}

Result<std::vector<DaySeries>> booking_series(storage::Database& db, std::string_view supplier_id,
                                              std::string_view currency, const domain::TimeZone& tz,
                                              domain::LocalDate from, domain::LocalDate to) {
  std::vector<DaySeries> out;
  for (auto d = from; d <= to; d = d.plus_days(1)) out.push_back(DaySeries{d, 0, 0});
  std::int64_t start_ms = to_epoch_ms(tz.start_of_day(from));
  std::int64_t end_ms = to_epoch_ms(tz.start_of_day(to.plus_days(1)));
  PASEO_RETURN_IF_ERROR(db.read([&](storage::Connection& c) -> Status {
    PASEO_ASSIGN_OR_RETURN(
        auto r, c.query("SELECT confirmed_at, total_retail, currency FROM bookings "
                        "WHERE supplier_id = $1 AND confirmed_at >= $2 AND confirmed_at < $3 "
                        "AND status IN ('CONFIRMED', 'REDEEMED')",
                        {std::string(supplier_id), start_ms, end_ms}));
    for (const auto& row : r.rows) {
      auto day = tz.local_date(from_epoch_ms(row.get_int(0)));
      if (day < from || to < day) continue;
      auto& s = out[static_cast<std::size_t>(day.days - from.days)];
      s.bookings++;
      if (row.get_string(2) == currency) s.revenue += row.get_int(1);
    }
    return {};
  }));
  return out;
}

Result<std::vector<DepartureUnitCount>> departure_unit_counts(storage::Database& db,
                                                              std::string_view supplier_id,
                                                              domain::LocalDate from,
                                                              domain::LocalDate to) {
  return db.read_value<std::vector<DepartureUnitCount>>(
      [&](storage::Connection& c) -> Result<std::vector<DepartureUnitCount>> {
        PASEO_ASSIGN_OR_RETURN(
            auto r,
            c.query("SELECT b.product_id, b.local_date, b.local_start, u.unit_id, COUNT(*), "
                    "b.option_id "
                    "FROM bookings b JOIN booking_unit_items u ON u.booking_id = b.id "
                    "WHERE b.supplier_id = $1 AND b.local_date >= $2 AND b.local_date <= $3 "
                    "AND b.utc_start >= $4 AND b.utc_start < $5 "  // the index range (utc_window)
                    "AND b.status IN ('ON_HOLD', 'CONFIRMED', 'PENDING', 'REDEEMED') "
                    "GROUP BY b.product_id, b.option_id, b.local_date, b.local_start, u.unit_id",
                    {std::string(supplier_id), from.to_string(), to.to_string(),
                     to_epoch_ms(domain::utc_window(from, to).first),
                     to_epoch_ms(domain::utc_window(from, to).last)}));
        std::vector<DepartureUnitCount> out;
        for (const auto& row : r.rows) {
          auto d = domain::LocalDate::parse(row.get_string(1));
          auto t = domain::LocalTime::parse(row.get_string(2));
          if (!d.ok() || !t.ok()) continue;
          out.push_back(DepartureUnitCount{row.get_string(0), row.get_string(5), *d, *t,
                                           row.get_string(3), static_cast<int>(row.get_int(4))});
        }
        return out;
      });
}

}  // namespace paseo::app
