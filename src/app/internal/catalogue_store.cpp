#include "app/internal/catalogue_store.h"

#include <map>

#include "app/internal/sql_util.h"
#include "domain/pricing.h"

namespace paseo::app::internal {
namespace {

using domain::LocalizedText;
using storage::Connection;
using storage::Value;

constexpr std::size_t kMaxCachedProducts = 20000;

Result<storage::QueryResult> run(Connection& c, const std::string& sql,
                                 const std::vector<Value>& params) {
  return c.query(sql, std::span<const Value>(params.data(), params.size()));
}

std::string in_products(const std::string& condition) {
  return " WHERE x.product_id IN (SELECT p.id FROM products p WHERE " + condition + ")";
}

// Texts: (entity, entity_id, field) -> LocalizedText, per product.
using TextKey = std::tuple<std::string, std::string, std::string>;
using TextMap = std::map<TextKey, LocalizedText>;

const LocalizedText& text_of(const TextMap& m, const std::string& entity, const std::string& id,
                             const std::string& field) {
  static const LocalizedText kNone;
  auto it = m.find(TextKey{entity, id, field});
  return it == m.end() ? kNone : it->second;
}

Status put_texts(Connection& c, const std::string& product_id, const std::string& entity,
                 const std::string& entity_id, const std::string& field, const LocalizedText& t) {
  for (const auto& [locale, value] : t) {
    if (value.empty()) continue;
    PASEO_RETURN_IF_ERROR(
        c.query("INSERT INTO product_texts (product_id, entity, entity_id, field, locale, value) "
                "VALUES ($1, $2, $3, $4, $5, $6)",
                {v(product_id), v(entity), v(entity_id), v(field), v(locale), v(value)}));
  }
  return ok_status();
}

}  // namespace

ScopeSql product_scope(const Caller& caller, int first_param) {
  ScopeSql s;
  std::string p1(1, '$');  // not "$" + …: g++ 12 -O3 -Wrestrict false positive
  p1 += std::to_string(first_param);
  if (caller.kind == CallerKind::kSupplier) {
    s.condition = "p.supplier_id = " + p1;
    s.params.push_back(v(caller.organisation_id));
    return s;
  }
  // Active products of a supplier the reseller has an active contract with, restricted to the
  // contract's product selection unless it covers all products (migration 0022).
  s.condition =
      "p.active = 1 AND EXISTS (SELECT 1 FROM contracts k WHERE k.reseller_id = " + p1 +
      " AND k.supplier_id = p.supplier_id AND k.active = 1 AND (k.all_products = 1 OR EXISTS "
      "(SELECT 1 FROM contract_products cp WHERE cp.reseller_id = k.reseller_id AND "
      "cp.supplier_id = k.supplier_id AND cp.product_id = p.id)))";
  s.params.push_back(v(caller.organisation_id));
  if (!caller.supplier_id.empty()) {
    s.condition += " AND p.supplier_id = $" + std::to_string(first_param + 1);
    s.params.push_back(v(caller.supplier_id));
  }
  return s;
}

Result<std::vector<domain::Product>> load_products(Connection& c, const std::string& condition,
                                                   const std::vector<Value>& params) {
  std::vector<domain::Product> out;
  std::map<std::string, std::size_t> index;
  PASEO_ASSIGN_OR_RETURN(
      auto rows,
      run(c,
          "SELECT p.id, p.supplier_id, p.internal_name, p.reference, p.destination_city, "
          "p.destination_country, p.category, p.duration_minutes, p.time_zone, p.currency, "
          "p.availability_type, p.booking_cutoff_minutes, p.booking_horizon_days, "
          "p.cancel_refundable, p.cancel_free_hours, p.cancel_fee_percent, "
          "p.cancel_cutoff_minutes, "
          "p.has_meeting_point, p.meeting_address, p.meeting_has_location, p.meeting_latitude, "
          "p.meeting_longitude, p.active, p.revision FROM products p WHERE " +
              condition + " ORDER BY p.supplier_id, p.internal_name, p.id",
          params));
  if (rows.rows.empty()) return out;
  for (const auto& r : rows.rows) {
    domain::Product p;
    p.id = r.get_string(0);
    p.supplier_id = r.get_string(1);
    p.internal_name = r.get_string(2);
    p.reference = r.get_string(3);
    p.destination_city = r.get_string(4);
    p.destination_country = r.get_string(5);
    p.category = r.get_string(6);
    p.duration_minutes = static_cast<int>(r.get_int(7));
    p.time_zone = r.get_string(8);
    p.currency = r.get_string(9);
    PASEO_ASSIGN_OR_RETURN(p.availability_type, domain::parse_availability_type(r.get_string(10)));
    p.booking_cutoff_minutes = static_cast<int>(r.get_int(11));
    p.booking_horizon_days = static_cast<int>(r.get_int(12));
    p.cancellation.refundable = r.get_int(13) != 0;
    p.cancellation.free_until_hours = static_cast<int>(r.get_int(14));
    p.cancellation.fee_percent = static_cast<int>(r.get_int(15));
    p.cancellation.cutoff_minutes = static_cast<int>(r.get_int(16));
    if (r.get_int(17) != 0) {
      domain::MeetingPoint m;
      m.address = r.get_string(18);
      if (r.get_int(19) != 0) m.location = domain::GeoPoint{r.get_double(20), r.get_double(21)};
      p.meeting_point = m;
    }
    p.active = r.get_int(22) != 0;
    p.revision = r.get_int(23);
    index[p.id] = out.size();
    out.push_back(std::move(p));
  }
  auto product_of = [&](const std::string& id) -> domain::Product* {
    auto it = index.find(id);
    return it == index.end() ? nullptr : &out[it->second];
  };

  // Texts.
  std::map<std::string, TextMap> texts;
  PASEO_ASSIGN_OR_RETURN(
      auto trows, run(c,
                      "SELECT x.product_id, x.entity, x.entity_id, x.field, x.locale, x.value "
                      "FROM product_texts x" +
                          in_products(condition),
                      params));
  for (const auto& r : trows.rows) {
    texts[r.get_string(0)][TextKey{r.get_string(1), r.get_string(2), r.get_string(3)}]
         [r.get_string(4)] = r.get_string(5);
  }
  for (auto& p : out) {
    const TextMap& t = texts[p.id];
    p.title = text_of(t, "product", "", "title");
    p.short_description = text_of(t, "product", "", "short_description");
    p.description = text_of(t, "product", "", "description");
    if (p.meeting_point) p.meeting_point->instructions = text_of(t, "meeting", "", "instructions");
  }

  // Options.
  PASEO_ASSIGN_OR_RETURN(
      auto orows,
      run(c,
          "SELECT x.product_id, x.id, x.is_default, x.internal_name, x.pricing_per, x.min_units, "
          "x.max_units, x.required_contact_fields, x.pickup_available, x.pickup_required "
          "FROM product_options x" +
              in_products(condition) + " ORDER BY x.product_id, x.position",
          params));
  for (const auto& r : orows.rows) {
    domain::Product* p = product_of(r.get_string(0));
    if (!p) continue;
    domain::Option o;
    o.id = r.get_string(1);
    o.is_default = r.get_int(2) != 0;
    o.internal_name = r.get_string(3);
    PASEO_ASSIGN_OR_RETURN(o.pricing_per, domain::parse_pricing_per(r.get_string(4)));
    o.min_units = static_cast<int>(r.get_int(5));
    o.max_units = static_cast<int>(r.get_int(6));
    o.required_contact_fields = split(r.get_string(7), ',');
    o.pickup_available = r.get_int(8) != 0;
    o.pickup_required = r.get_int(9) != 0;
    o.title = text_of(texts[p->id], "option", o.id, "title");
    p->options.push_back(std::move(o));
  }
  auto option_of = [&](domain::Product* p, const std::string& id) -> domain::Option* {
    if (!p) return nullptr;
    for (auto& o : p->options) {
      if (o.id == id) return &o;
    }
    return nullptr;
  };

  // Units.
  PASEO_ASSIGN_OR_RETURN(
      auto urows,
      run(c,
          "SELECT x.product_id, x.option_id, x.id, x.type, x.internal_name, x.min_age, x.max_age, "
          "x.min_per_booking, x.max_per_booking, x.pax_count FROM product_units x" +
              in_products(condition) + " ORDER BY x.product_id, x.option_id, x.position",
          params));
  for (const auto& r : urows.rows) {
    domain::Product* p = product_of(r.get_string(0));
    domain::Option* o = option_of(p, r.get_string(1));
    if (!o) continue;
    domain::Unit u;
    u.id = r.get_string(2);
    PASEO_ASSIGN_OR_RETURN(u.type, domain::parse_unit_type(r.get_string(3)));
    u.internal_name = r.get_string(4);
    if (auto a = r.get_optional_int(5)) u.min_age = static_cast<int>(*a);
    if (auto a = r.get_optional_int(6)) u.max_age = static_cast<int>(*a);
    u.min_per_booking = static_cast<int>(r.get_int(7));
    u.max_per_booking = static_cast<int>(r.get_int(8));
    u.pax_count = static_cast<int>(r.get_int(9));
    u.title = text_of(texts[p->id], "unit", o->id + "/" + u.id, "title");
    o->units.push_back(std::move(u));
  }

  // Prices.
  PASEO_ASSIGN_OR_RETURN(
      auto prows,
      run(c,
          "SELECT x.product_id, x.option_id, x.unit_id, x.retail, x.net, x.valid_from, x.valid_to "
          "FROM product_prices x" +
              in_products(condition) + " ORDER BY x.product_id, x.option_id, x.position",
          params));
  for (const auto& r : prows.rows) {
    domain::Option* o = option_of(product_of(r.get_string(0)), r.get_string(1));
    if (!o) continue;
    domain::Price pr;
    pr.unit_id = r.get_string(2);
    pr.retail = r.get_int(3);
    pr.net = r.get_int(4);
    PASEO_ASSIGN_OR_RETURN(pr.valid_from, stored_opt_date(r, 5));
    PASEO_ASSIGN_OR_RETURN(pr.valid_to, stored_opt_date(r, 6));
    o->prices.push_back(std::move(pr));
  }

  // Pickup points.
  PASEO_ASSIGN_OR_RETURN(
      auto pprows,
      run(c,
          "SELECT x.product_id, x.id, x.name, x.address, x.has_location, x.latitude, x.longitude, "
          "x.minutes_before_start FROM product_pickup_points x" +
              in_products(condition) + " ORDER BY x.product_id, x.position",
          params));
  for (const auto& r : pprows.rows) {
    domain::Product* p = product_of(r.get_string(0));
    if (!p) continue;
    domain::PickupPoint pp;
    pp.id = r.get_string(1);
    pp.name = r.get_string(2);
    pp.address = r.get_string(3);
    if (r.get_int(4) != 0) pp.location = domain::GeoPoint{r.get_double(5), r.get_double(6)};
    pp.minutes_before_start = static_cast<int>(r.get_int(7));
    pp.directions = text_of(texts[p->id], "pickup", pp.id, "directions");
    p->pickup_points.push_back(std::move(pp));
  }

  // Extras.
  PASEO_ASSIGN_OR_RETURN(auto erows,
                         run(c,
                             "SELECT x.product_id, x.id, x.retail, x.net, x.max_quantity "
                             "FROM product_extras x" +
                                 in_products(condition) + " ORDER BY x.product_id, x.position",
                             params));
  for (const auto& r : erows.rows) {
    domain::Product* p = product_of(r.get_string(0));
    if (!p) continue;
    domain::Extra e;
    e.id = r.get_string(1);
    e.retail = r.get_int(2);
    e.net = r.get_int(3);
    e.max_quantity = static_cast<int>(r.get_int(4));
    e.title = text_of(texts[p->id], "extra", e.id, "title");
    e.description = text_of(texts[p->id], "extra", e.id, "description");
    p->extras.push_back(std::move(e));
  }

  // Questions.
  PASEO_ASSIGN_OR_RETURN(auto qrows,
                         run(c,
                             "SELECT x.product_id, x.id, x.scope, x.input, x.required, "
                             "x.select_options FROM product_questions x" +
                                 in_products(condition) + " ORDER BY x.product_id, x.position",
                             params));
  for (const auto& r : qrows.rows) {
    domain::Product* p = product_of(r.get_string(0));
    if (!p) continue;
    domain::Question q;
    q.id = r.get_string(1);
    PASEO_ASSIGN_OR_RETURN(q.scope, domain::parse_question_scope(r.get_string(2)));
    PASEO_ASSIGN_OR_RETURN(q.input, domain::parse_question_input(r.get_string(3)));
    q.required = r.get_int(4) != 0;
    q.select_options = split(r.get_string(5), '\n');
    q.label = text_of(texts[p->id], "question", q.id, "label");
    q.description = text_of(texts[p->id], "question", q.id, "description");
    p->questions.push_back(std::move(q));
  }
  return out;
}

Result<domain::Schedule> load_schedule(Connection& c, std::string_view product_id) {
  PASEO_ASSIGN_OR_RETURN(
      auto rows,
      c.query("SELECT kind, weekdays, start_times, date_from, date_to, start_time, open_time, "
              "close_time, capacity, reason FROM schedule_entries WHERE product_id = $1 "
              "ORDER BY position",
              {v(product_id)}));
  domain::Schedule s;
  for (const auto& r : rows.rows) {
    std::string kind = r.get_string(0);
    auto weekdays = static_cast<std::uint8_t>(r.get_int(1));
    PASEO_ASSIGN_OR_RETURN(auto from, stored_date(r.get_string(3)));
    PASEO_ASSIGN_OR_RETURN(auto to, stored_opt_date(r, 4));
    PASEO_ASSIGN_OR_RETURN(auto start, stored_opt_time(r, 5));
    std::optional<int> capacity;
    if (auto cap = r.get_optional_int(8)) capacity = static_cast<int>(*cap);
    if (kind == "rule") {
      domain::WeeklyRule rule{weekdays, {}, from, to, capacity.value_or(0)};
      for (const auto& st : split(r.get_string(2), ',')) {
        PASEO_ASSIGN_OR_RETURN(auto t, stored_time(st));
        rule.start_times.push_back(t);
      }
      s.rules.push_back(std::move(rule));
    } else if (kind == "one_off") {
      if (!start) return Error::internal("one_off without start_time");
      s.one_offs.push_back({from, *start, capacity.value_or(0)});
    } else if (kind == "hours") {
      PASEO_ASSIGN_OR_RETURN(auto open, stored_time(r.get_string(6)));
      PASEO_ASSIGN_OR_RETURN(auto close, stored_time(r.get_string(7)));
      s.opening_hours.push_back({weekdays, open, close, from, to, capacity});
    } else if (kind == "closure") {
      s.closures.push_back({from, to.value_or(from), start, r.get_string(9)});
    } else if (kind == "override") {
      s.overrides.push_back({from, start, capacity.value_or(0)});
    }
  }
  return s;
}

Result<std::int64_t> store_product(Connection& c, const domain::Product& p, std::int64_t now_ms) {
  PASEO_ASSIGN_OR_RETURN(
      auto existing,
      c.query("SELECT revision, supplier_id, time_zone, currency, availability_type FROM products "
              "WHERE id = $1",
              {v(p.id)}));
  std::int64_t revision = 1;
  const auto& cp = p.cancellation;
  bool has_mp = p.meeting_point.has_value();
  bool has_loc = has_mp && p.meeting_point->location.has_value();
  double lat = has_loc ? p.meeting_point->location->latitude : 0.0;
  double lng = has_loc ? p.meeting_point->location->longitude : 0.0;
  std::vector<Value> cols = {v(p.id),
                             v(p.supplier_id),
                             v(p.internal_name),
                             v(p.reference),
                             v(p.destination_city),
                             v(p.destination_country),
                             v(p.category),
                             v(p.duration_minutes),
                             v(p.time_zone),
                             v(p.currency),
                             v(domain::to_string(p.availability_type)),
                             v(p.booking_cutoff_minutes),
                             v(p.booking_horizon_days),
                             v(cp.refundable),
                             v(cp.free_until_hours),
                             v(cp.fee_percent),
                             v(cp.cutoff_minutes),
                             v(has_mp),
                             v(has_mp ? p.meeting_point->address : std::string()),
                             v(has_loc),
                             v(lat),
                             v(lng),
                             v(p.active)};
  if (existing.rows.empty()) {
    cols.push_back(v(revision));
    cols.push_back(v(now_ms));
    PASEO_RETURN_IF_ERROR(run(
        c,
        "INSERT INTO products (id, supplier_id, internal_name, reference, destination_city, "
        "destination_country, category, duration_minutes, time_zone, currency, availability_type, "
        "booking_cutoff_minutes, booking_horizon_days, cancel_refundable, cancel_free_hours, "
        "cancel_fee_percent, cancel_cutoff_minutes, has_meeting_point, meeting_address, "
        "meeting_has_location, meeting_latitude, meeting_longitude, active, revision, created_at, "
        "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, "
        "$16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $25)",
        cols));
  } else {
    const auto& was = existing.front();
    if (was.get_string(1) != p.supplier_id) {
      return Error::not_found("unknown product '" + p.id + "'", "productId");
    }
    // Sold departures are kept as local date and time, in the product's zone and currency: a
    // new zone would move them to other instants, a new currency or availability type would
    // misprice or misplace them. So these stay while seats are sold on departures to come.
    const char* locked = was.get_string(2) != p.time_zone  ? "timeZone"
                         : was.get_string(3) != p.currency ? "currency"
                         : was.get_string(4) != domain::to_string(p.availability_type)
                             ? "availabilityType"
                             : nullptr;
    if (locked) {
      PASEO_ASSIGN_OR_RETURN(auto sold,
                             c.query("SELECT COUNT(*) FROM departures WHERE "
                                     "product_id = $1 AND booked > 0 AND utc_start >= $2",
                                     {v(p.id), v(now_ms)}));
      if (sold.front().get_int(0) > 0) {
        return Error::conflict(std::string(locked) + " cannot change while " +
                                   std::to_string(sold.front().get_int(0)) +
                                   " departures to come have seats sold",
                               locked)
            .with_key("product.lockedWhileSold",
                      {{"departures", std::to_string(sold.front().get_int(0))}});
      }
    }
    cols.push_back(v(now_ms));
    PASEO_RETURN_IF_ERROR(run(
        c,
        "UPDATE products SET supplier_id = $2, internal_name = $3, reference = $4, "
        "destination_city = $5, destination_country = $6, category = $7, duration_minutes = $8, "
        "time_zone = $9, currency = $10, availability_type = $11, booking_cutoff_minutes = $12, "
        "booking_horizon_days = $13, cancel_refundable = $14, cancel_free_hours = $15, "
        "cancel_fee_percent = $16, cancel_cutoff_minutes = $17, has_meeting_point = $18, "
        "meeting_address = $19, meeting_has_location = $20, meeting_latitude = $21, "
        "meeting_longitude = $22, active = $23, revision = revision + 1, updated_at = $24 "
        "WHERE id = $1",
        cols));
    PASEO_ASSIGN_OR_RETURN(auto rev,
                           c.query("SELECT revision FROM products WHERE id = $1", {v(p.id)}));
    revision = rev.front().get_int(0);
    for (const char* table : {"product_texts", "product_options", "product_units", "product_prices",
                              "product_pickup_points", "product_extras", "product_questions"}) {
      PASEO_RETURN_IF_ERROR(
          c.query(std::string("DELETE FROM ") + table + " WHERE product_id = $1", {v(p.id)}));
    }
  }
  PASEO_RETURN_IF_ERROR(put_texts(c, p.id, "product", "", "title", p.title));
  PASEO_RETURN_IF_ERROR(
      put_texts(c, p.id, "product", "", "short_description", p.short_description));
  PASEO_RETURN_IF_ERROR(put_texts(c, p.id, "product", "", "description", p.description));
  if (p.meeting_point) {
    PASEO_RETURN_IF_ERROR(
        put_texts(c, p.id, "meeting", "", "instructions", p.meeting_point->instructions));
  }
  for (std::size_t i = 0; i < p.options.size(); ++i) {
    const auto& o = p.options[i];
    PASEO_RETURN_IF_ERROR(c.query(
        "INSERT INTO product_options (product_id, id, position, is_default, internal_name, "
        "pricing_per, min_units, max_units, required_contact_fields, pickup_available, "
        "pickup_required) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        {v(p.id), v(o.id), v(static_cast<int>(i)), v(o.is_default), v(o.internal_name),
         v(domain::to_string(o.pricing_per)), v(o.min_units), v(o.max_units),
         v(join(o.required_contact_fields, ',')), v(o.pickup_available), v(o.pickup_required)}));
    PASEO_RETURN_IF_ERROR(put_texts(c, p.id, "option", o.id, "title", o.title));
    for (std::size_t j = 0; j < o.units.size(); ++j) {
      const auto& u = o.units[j];
      PASEO_RETURN_IF_ERROR(c.query(
          "INSERT INTO product_units (product_id, option_id, id, position, type, internal_name, "
          "min_age, max_age, min_per_booking, max_per_booking, pax_count) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
          {v(p.id), v(o.id), v(u.id), v(static_cast<int>(j)), v(domain::to_string(u.type)),
           v(u.internal_name), v(u.min_age), v(u.max_age), v(u.min_per_booking),
           v(u.max_per_booking), v(u.pax_count)}));
      PASEO_RETURN_IF_ERROR(put_texts(c, p.id, "unit", o.id + "/" + u.id, "title", u.title));
    }
    for (std::size_t j = 0; j < o.prices.size(); ++j) {
      const auto& pr = o.prices[j];
      PASEO_RETURN_IF_ERROR(c.query(
          "INSERT INTO product_prices (product_id, option_id, position, unit_id, retail, net, "
          "valid_from, valid_to) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
          {v(p.id), v(o.id), v(static_cast<int>(j)), v(pr.unit_id), v(pr.retail), v(pr.net),
           v(pr.valid_from), v(pr.valid_to)}));
    }
  }
  for (std::size_t i = 0; i < p.pickup_points.size(); ++i) {
    const auto& pp = p.pickup_points[i];
    PASEO_RETURN_IF_ERROR(
        c.query("INSERT INTO product_pickup_points (product_id, id, position, name, address, "
                "has_location, latitude, longitude, minutes_before_start) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                {v(p.id), v(pp.id), v(static_cast<int>(i)), v(pp.name), v(pp.address),
                 v(pp.location.has_value()), v(pp.location ? pp.location->latitude : 0.0),
                 v(pp.location ? pp.location->longitude : 0.0), v(pp.minutes_before_start)}));
    PASEO_RETURN_IF_ERROR(put_texts(c, p.id, "pickup", pp.id, "directions", pp.directions));
  }
  for (std::size_t i = 0; i < p.extras.size(); ++i) {
    const auto& e = p.extras[i];
    PASEO_RETURN_IF_ERROR(c.query(
        "INSERT INTO product_extras (product_id, id, position, retail, net, max_quantity) "
        "VALUES ($1, $2, $3, $4, $5, $6)",
        {v(p.id), v(e.id), v(static_cast<int>(i)), v(e.retail), v(e.net), v(e.max_quantity)}));
    PASEO_RETURN_IF_ERROR(put_texts(c, p.id, "extra", e.id, "title", e.title));
    PASEO_RETURN_IF_ERROR(put_texts(c, p.id, "extra", e.id, "description", e.description));
  }
  for (std::size_t i = 0; i < p.questions.size(); ++i) {
    const auto& q = p.questions[i];
    PASEO_RETURN_IF_ERROR(
        c.query("INSERT INTO product_questions (product_id, id, position, scope, input, required, "
                "select_options) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                {v(p.id), v(q.id), v(static_cast<int>(i)), v(domain::to_string(q.scope)),
                 v(domain::to_string(q.input)), v(q.required), v(join(q.select_options, '\n'))}));
    PASEO_RETURN_IF_ERROR(put_texts(c, p.id, "question", q.id, "label", q.label));
    PASEO_RETURN_IF_ERROR(put_texts(c, p.id, "question", q.id, "description", q.description));
  }
  return revision;
}

Status store_schedule(Connection& c, std::string_view product_id, const domain::Schedule& s,
                      std::int64_t now_ms) {
  PASEO_RETURN_IF_ERROR(
      c.query("DELETE FROM schedule_entries WHERE product_id = $1", {v(product_id)}));
  int pos = 0;
  auto insert = [&](const char* kind, std::uint8_t weekdays, std::string start_times,
                    domain::LocalDate from, std::optional<domain::LocalDate> to,
                    std::optional<domain::LocalTime> start, std::optional<domain::LocalTime> open,
                    std::optional<domain::LocalTime> close, std::optional<int> capacity,
                    const std::string& reason) -> Status {
    auto r = c.query(
        "INSERT INTO schedule_entries (product_id, position, kind, weekdays, start_times, "
        "date_from, date_to, start_time, open_time, close_time, capacity, reason) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        {v(product_id), v(pos++), v(kind), v(static_cast<int>(weekdays)), v(std::move(start_times)),
         v(from.to_string()), v(to), v(start), v(open), v(close), v(capacity), v(reason)});
    if (!r.ok()) return std::move(r).error();
    return ok_status();
  };
  for (const auto& r : s.rules) {
    std::vector<std::string> times;
    for (const auto& t : r.start_times) times.push_back(t.to_string());
    PASEO_RETURN_IF_ERROR(
        insert("rule", r.weekdays, join(times, ','), r.from, r.to, {}, {}, {}, r.capacity, ""));
  }
  for (const auto& o : s.one_offs) {
    PASEO_RETURN_IF_ERROR(
        insert("one_off", domain::kEveryDay, "", o.date, {}, o.start, {}, {}, o.capacity, ""));
  }
  for (const auto& h : s.opening_hours) {
    PASEO_RETURN_IF_ERROR(
        insert("hours", h.weekdays, "", h.from, h.to, {}, h.open, h.close, h.daily_capacity, ""));
  }
  for (const auto& cl : s.closures) {
    PASEO_RETURN_IF_ERROR(insert("closure", domain::kEveryDay, "", cl.from, cl.to, cl.start, {}, {},
                                 std::nullopt, cl.reason));
  }
  for (const auto& ov : s.overrides) {
    PASEO_RETURN_IF_ERROR(
        insert("override", domain::kEveryDay, "", ov.date, {}, ov.start, {}, {}, ov.capacity, ""));
  }
  PASEO_ASSIGN_OR_RETURN(auto upd,
                         c.query("UPDATE products SET revision = revision + 1, updated_at = $2 "
                                 "WHERE id = $1",
                                 {v(product_id), v(now_ms)}));
  if (upd.affected != 1) return Error::not_found("unknown product", "productId");
  return ok_status();
}

Result<LoadedProductPtr> ProductCache::fetch(Connection& c, std::string_view product_id,
                                             std::int64_t revision) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(std::string(product_id));
    if (it != entries_.end() && it->second->product.revision == revision) return it->second;
  }
  PASEO_ASSIGN_OR_RETURN(auto products, load_products(c, "p.id = $1", {v(product_id)}));
  if (products.empty()) return Error::not_found("unknown product", "productId");
  PASEO_ASSIGN_OR_RETURN(auto schedule, load_schedule(c, product_id));
  PASEO_ASSIGN_OR_RETURN(auto tz, domain::TimeZone::find(products.front().time_zone));
  auto loaded = std::make_shared<const LoadedProduct>(
      LoadedProduct{std::move(products.front()), std::move(schedule), tz});
  std::lock_guard<std::mutex> lock(mu_);
  // Bounded: evict one arbitrary entry rather than flushing everything (no miss storms).
  if (entries_.size() >= kMaxCachedProducts) entries_.erase(entries_.begin());
  auto& slot = entries_[std::string(product_id)];
  // Keep the newest revision if another thread raced us.
  if (!slot || slot->product.revision <= loaded->product.revision) slot = loaded;
  return loaded;
}

LoadedProductPtr ProductCache::priced(LoadedProductPtr base,
                                      std::optional<std::int64_t> commission_bp) {
  if (!commission_bp) return base;
  std::string key = base->product.id;
  key += '\x1f';
  key += std::to_string(*commission_bp);
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(key);
    if (it != entries_.end() && it->second->product.revision == base->product.revision) {
      return it->second;
    }
  }
  auto copy = std::make_shared<LoadedProduct>(*base);
  domain::apply_reseller_commission(copy->product, *commission_bp);
  LoadedProductPtr out = std::move(copy);
  std::lock_guard<std::mutex> lock(mu_);
  if (entries_.size() >= kMaxCachedProducts) entries_.erase(entries_.begin());
  auto& slot = entries_[key];
  if (!slot || slot->product.revision <= out->product.revision) slot = out;
  return out;
}

Connection::Statement ProductCache::scoped_probe(const Caller& caller,
                                                 std::string_view product_id) {
  ScopeSql scope = product_scope(caller, 2);
  std::vector<Value> params = {v(product_id)};
  params.insert(params.end(), scope.params.begin(), scope.params.end());
  const bool reseller = caller.kind == CallerKind::kReseller;
  // Resellers: the contract's commission comes with the scope check, in the same query, so a
  // change of terms is seen by the next request (no cache of terms).
  std::string sql = reseller ? "SELECT p.revision, (SELECT k.commission_bp FROM contracts k WHERE "
                               "k.reseller_id = $2 AND k.supplier_id = p.supplier_id) "
                               "FROM products p WHERE p.id = $1 AND "
                             : "SELECT p.revision FROM products p WHERE p.id = $1 AND ";
  sql += scope.condition;
  return {std::move(sql), std::move(params)};
}

Result<LoadedProductPtr> ProductCache::from_probe(Connection& c, const Caller& caller,
                                                  std::string_view product_id,
                                                  const storage::QueryResult& probe) {
  if (probe.rows.empty()) {
    return Error::not_found("unknown product '" + std::string(product_id) + "'", "productId");
  }
  PASEO_ASSIGN_OR_RETURN(auto base, fetch(c, product_id, probe.front().get_int(0)));
  if (caller.kind != CallerKind::kReseller) return base;
  return priced(std::move(base), probe.front().get_optional_int(1));
}

Result<LoadedProductPtr> ProductCache::get(Connection& c, const Caller& caller,
                                           std::string_view product_id) {
  PASEO_ASSIGN_OR_RETURN(auto rows, c.query(scoped_probe(caller, product_id)));
  return from_probe(c, caller, product_id, rows);
}

Connection::Statement ProductCache::priced_probe(const Caller& caller,
                                                 std::string_view product_id) {
  return priced_probe(caller, SqlPart{"$1", {v(product_id)}});
}

Connection::Statement ProductCache::priced_probe(const Caller& caller, const SqlPart& product_id) {
  if (caller.kind != CallerKind::kReseller) {
    return {"SELECT revision FROM products WHERE id = " + product_id.sql, product_id.params};
  }
  std::vector<Value> params = product_id.params;
  params.push_back(v(caller.organisation_id));
  return {"SELECT p.revision, (SELECT k.commission_bp FROM contracts k WHERE k.reseller_id = " +
              product_id.next_param() +
              " AND k.supplier_id = p.supplier_id) FROM products p WHERE p.id = " + product_id.sql,
          std::move(params)};
}

Result<LoadedProductPtr> ProductCache::get_priced(Connection& c, const Caller& caller,
                                                  std::string_view product_id) {
  PASEO_ASSIGN_OR_RETURN(auto rows, c.query(priced_probe(caller, product_id)));
  return from_probe(c, caller, product_id, rows);
}

Result<LoadedProductPtr> ProductCache::get_unscoped(Connection& c, std::string_view product_id) {
  PASEO_ASSIGN_OR_RETURN(auto rows, c.query(unscoped_probe(SqlPart{"$1", {v(product_id)}})));
  return from_unscoped_probe(c, product_id, rows);
}

Connection::Statement ProductCache::unscoped_probe(const SqlPart& product_id) {
  return {"SELECT revision FROM products WHERE id = " + product_id.sql, product_id.params};
}

Result<LoadedProductPtr> ProductCache::from_unscoped_probe(Connection& c,
                                                           std::string_view product_id,
                                                           const storage::QueryResult& probe) {
  if (probe.rows.empty()) {
    return Error::not_found("unknown product '" + std::string(product_id) + "'", "productId");
  }
  return fetch(c, product_id, probe.front().get_int(0));
}

}  // namespace paseo::app::internal
