#include "app/availability_service.h"

#include <algorithm>
#include <atomic>
#include <cassert>
#include <unordered_map>

#include "app/internal/catalogue_impl.h"
#include "app/internal/engine_util.h"

namespace paseo::app {
namespace {

constexpr int kMaxRangeDays = 366;

using storage::Connection;

Result<domain::LocalDate> parse_date(std::string_view text, const char* field) {
  auto d = domain::LocalDate::parse(text);
  if (!d.ok()) return Error::invalid_argument(d.error().message, field);
  return d;
}

Result<std::pair<domain::LocalDate, domain::LocalDate>> parse_range(std::string_view start,
                                                                    std::string_view end) {
  PASEO_ASSIGN_OR_RETURN(auto from, parse_date(start, "localDateStart"));
  PASEO_ASSIGN_OR_RETURN(auto to, parse_date(end, "localDateEnd"));
  if (to < from)
    return Error::invalid_argument("localDateEnd is before localDateStart", "localDateEnd");
  if (to.days - from.days >= kMaxRangeDays) {
    return Error::invalid_argument(
        "at most " + std::to_string(kMaxRangeDays) + " days can be asked at once", "localDateEnd");
  }
  return std::make_pair(from, to);
}

// Validates units: known ids, quantity >= 1. Returns seats requested.
Result<int> check_units(const domain::Option& o, const std::vector<UnitQuantity>& units) {
  int seats = 0;
  for (const auto& u : units) {
    const domain::Unit* unit = domain::find_unit(o, u.unit_id);
    if (!unit) return Error::not_found("unknown unit '" + u.unit_id + "'", "unitId");
    if (u.quantity < 1 || u.quantity > 10000) {
      return Error::invalid_argument("unit quantity must be between 1 and 10000", "units");
    }
    seats += unit->pax_count * u.quantity;
  }
  return seats;
}

// Everything a calendar answer is computed from besides the request itself (the memo key).
struct CalendarMemoEntry {
  internal::LoadedProductPtr product;  // identity = product revision + the caller's pricing
  domain::LocalDate today;
  std::optional<Instant> open_until;  // earliest cut-off of an open slot that may pass today
  internal::CounterMap counters;
  CalendarAnswerPtr answer;

  bool holds(const internal::LoadedProductPtr& p, domain::LocalDate t, Instant now,
             const internal::CounterMap& c) const {
    return p == product && t == today && (!open_until || now <= *open_until) && c == counters;
  }
};

std::string memo_key(const CalendarRequest& req) {
  std::string key;
  key.reserve(96);
  key.append(req.product_id).push_back('\0');
  key.append(req.option_id).push_back('\0');
  key.append(req.local_date_start).push_back('\0');
  key.append(req.local_date_end);
  for (const auto& u : req.units) {
    key.push_back('\0');
    key.append(u.unit_id).push_back('=');
    key.append(std::to_string(u.quantity));
  }
  return key;
}

}  // namespace

struct AvailabilityService::Impl {
  storage::Database& db;
  const Clock& clock;
  CatalogueService& catalogue;

  mutable std::mutex memo_mu;
  std::unordered_map<std::string, std::shared_ptr<const CalendarMemoEntry>> memo;
  std::atomic<std::int64_t> memo_hits{0};
  std::atomic<std::int64_t> memo_misses{0};

  std::shared_ptr<const CalendarMemoEntry> memo_find(const std::string& key) {
    std::lock_guard lock(memo_mu);
    auto it = memo.find(key);
    return it == memo.end() ? nullptr : it->second;
  }
  void memo_store(std::string key, std::shared_ptr<const CalendarMemoEntry> entry) {
    std::lock_guard lock(memo_mu);
    // Full: drop an arbitrary entry (bucket order); a hot calendar is recomputed once if hit.
    if (memo.size() >= kCalendarMemoEntries && !memo.count(key)) memo.erase(memo.begin());
    memo.insert_or_assign(std::move(key), std::move(entry));
  }
};

AvailabilityService::AvailabilityService(storage::Database& db, const Clock& clock,
                                         CatalogueService& catalogue)
    : impl_(new Impl{db, clock, catalogue, {}, {}, {0}, {0}}) {}
AvailabilityService::~AvailabilityService() = default;

Result<std::vector<Availability>> AvailabilityService::check(const Caller& caller,
                                                             const AvailabilityRequest& req) {
  Instant now = impl_->clock.now();
  auto& cache = impl_->catalogue.impl_->cache;
  return impl_->db.read_value<std::vector<Availability>>(
      [&](Connection& c) -> Result<std::vector<Availability>> {
        PASEO_ASSIGN_OR_RETURN(auto lp, cache.get(c, caller, req.product_id));
        const auto& p = lp->product;
        PASEO_ASSIGN_OR_RETURN(const domain::Option* o, internal::require_option(p, req.option_id));
        PASEO_RETURN_IF_ERROR(internal::check_currency(p, req.currency));
        PASEO_ASSIGN_OR_RETURN(int seats, check_units(*o, req.units));
        for (const auto& e : req.extras) {
          const domain::Extra* x = domain::find_extra(p, e.extra_id);
          if (!x) return Error::not_found("unknown extra '" + e.extra_id + "'", "extraId");
          if (e.quantity < 1 || e.quantity > x->max_quantity) {
            return Error::invalid_argument("extra '" + e.extra_id + "' goes from 1 to " +
                                               std::to_string(x->max_quantity) + " per booking",
                                           "extras");
          }
        }
        int selectors = (!req.local_date.empty() ? 1 : 0) +
                        (!req.local_date_start.empty() || !req.local_date_end.empty() ? 1 : 0) +
                        (!req.availability_ids.empty() ? 1 : 0);
        if (selectors != 1) {
          return Error::invalid_argument(
              "exactly one of localDate, localDateStart/localDateEnd or availabilityIds is "
              "required",
              "localDate");
        }
        std::vector<domain::Slot> slots;
        domain::LocalDate from, to;
        if (!req.availability_ids.empty()) {
          if (req.availability_ids.size() > 1000) {
            return Error::invalid_argument("at most 1000 availabilityIds", "availabilityIds");
          }
          for (const auto& id : req.availability_ids) {
            PASEO_ASSIGN_OR_RETURN(auto slot, internal::slot_for_id(*lp, id));
            slots.push_back(slot);
          }
          std::sort(slots.begin(), slots.end(), [](const domain::Slot& a, const domain::Slot& b) {
            return std::make_pair(a.date, a.start) < std::make_pair(b.date, b.start);
          });
          slots.erase(std::unique(slots.begin(), slots.end(),
                                  [](const domain::Slot& a, const domain::Slot& b) {
                                    return a.date == b.date && a.start == b.start;
                                  }),
                      slots.end());
          from = slots.front().date;
          to = slots.back().date;
        } else {
          if (!req.local_date.empty()) {
            PASEO_ASSIGN_OR_RETURN(from, parse_date(req.local_date, "localDate"));
            to = from;
          } else {
            PASEO_ASSIGN_OR_RETURN(auto range,
                                   parse_range(req.local_date_start, req.local_date_end));
            from = range.first;
            to = range.second;
          }
          slots = domain::expand_schedule(lp->schedule, p.availability_type, from, to);
        }
        std::vector<Availability> out;
        if (slots.empty()) return out;
        const domain::LocalDate today = lp->tz.local_date(now);
        PASEO_ASSIGN_OR_RETURN(auto counters, internal::load_counters(c, p.id, from, to));
        out.reserve(slots.size());
        for (const auto& slot : slots) {
          auto it = counters.find({slot.date.days, slot.start.minutes});
          out.push_back(internal::make_availability(*lp, *o, slot,
                                                    it == counters.end() ? nullptr : &it->second,
                                                    now, today, seats, req.units, req.extras));
        }
        return out;
      });
}

std::shared_ptr<const std::string> CalendarAnswer::rendered(
    int variant, const std::function<std::string(const std::vector<CalendarDay>&)>& render) const {
  assert(variant >= 0 && variant < kRenderings);
  {
    std::lock_guard lock(mu_);
    if (renderings_[variant]) return renderings_[variant];
  }
  auto text = std::make_shared<const std::string>(render(days));
  std::lock_guard lock(mu_);
  if (!renderings_[variant]) renderings_[variant] = std::move(text);
  return renderings_[variant];
}

namespace {

std::vector<CalendarDay> compute_calendar(const internal::LoadedProduct& lp,
                                          const domain::Option& o, const CalendarRequest& req,
                                          domain::LocalDate from, domain::LocalDate to,
                                          const internal::CounterMap& counters, Instant now,
                                          domain::LocalDate today, int seats,
                                          std::optional<Instant>& open_until) {
  const auto& p = lp.product;
  auto slots = domain::expand_schedule(lp.schedule, p.availability_type, from, to);
  std::vector<CalendarDay> out;
  out.reserve(static_cast<std::size_t>(to.days - from.days + 1));
  std::size_t i = 0;
  // Slots and counters are both sorted by (date, start): walked together, not looked up.
  auto counter = counters.begin();
  // Prices are computed again each day only when some price row is dated.
  const bool prices_vary = domain::prices_vary_by_date(o);
  std::shared_ptr<const std::vector<domain::UnitPrice>> unit_prices;
  std::optional<domain::PriceBreakdown> pricing_from;
  const bool totalled = !req.units.empty() || o.pricing_per == domain::PricingPer::kBooking;
  for (domain::LocalDate d = from; d <= to; d = d.plus_days(1)) {
    // Built in place: moving a finished day in would reload its optional fields whole right
    // after they were stored in parts, a store-forwarding stall per day (measured: 12% of this
    // loop).
    CalendarDay& day = out.emplace_back();
    day.local_date = d.to_string();
    day.currency = p.currency;
    if (!unit_prices || prices_vary) {
      auto prices = domain::unit_prices(o, d);
      if (totalled) {
        domain::PriceBreakdown total;
        for (const auto& u : req.units) {
          for (const auto& up : prices) {
            if (up.unit_id == u.unit_id) {
              total.original += up.price.original * u.quantity;
              total.retail += up.price.retail * u.quantity;
              total.net += up.price.net * u.quantity;
            }
          }
        }
        if (auto bp = domain::booking_price(o, d); bp.ok()) total += *bp;
        pricing_from = total;
      }
      if (!unit_prices || prices != *unit_prices) {
        unit_prices = std::make_shared<const std::vector<domain::UnitPrice>>(std::move(prices));
      }
    }
    day.unit_pricing_from = unit_prices;
    day.pricing_from = pricing_from;
    bool any_slot = false, any_open = false, freesale = false, any_fits = false;
    // OCTO: a day's vacancies are the most any one departure has left (what the largest party
    // can still book); its capacity and status are the day's whole.
    int vac = 0, most_vac = 0, cap = 0;
    for (; i < slots.size() && slots[i].date == d; ++i) {
      any_slot = true;
      const std::pair<std::int32_t, int> key{d.days, slots[i].start.minutes};
      while (counter != counters.end() && counter->first < key) ++counter;
      const bool booked = counter != counters.end() && counter->first == key;
      // Only status and counts are needed per slot here: no ids, times or prices.
      auto a = internal::slot_state(lp, slots[i], booked ? &counter->second : nullptr, now, today,
                                    seats, /*times_needed=*/false);
      if (a.open_until && (!open_until || *a.open_until < *open_until)) open_until = a.open_until;
      if (day.opening_hours.empty()) day.opening_hours = slots[i].opening_hours;
      if (a.status == domain::AvailabilityStatus::kClosed) continue;
      any_open = true;
      if (a.available) any_fits = true;
      if (a.status == domain::AvailabilityStatus::kFreesale) {
        freesale = true;
        continue;
      }
      vac += a.vacancies.value_or(0);
      most_vac = std::max(most_vac, a.vacancies.value_or(0));
      cap += a.capacity.value_or(0);
    }
    if (!any_slot || !any_open) {
      day.status = domain::AvailabilityStatus::kClosed;
      day.vacancies = 0;
      day.capacity = 0;
    } else if (freesale) {
      day.status = domain::AvailabilityStatus::kFreesale;
    } else {
      day.status = domain::slot_status(cap, cap - vac, false);
      day.vacancies = most_vac;
      day.capacity = cap;
    }
    day.available = any_fits;
  }
  return out;
}

}  // namespace

Result<CalendarAnswerPtr> AvailabilityService::calendar(const Caller& caller,
                                                        const CalendarRequest& req) {
  Instant now = impl_->clock.now();
  auto& cache = impl_->catalogue.impl_->cache;
  return impl_->db.read_value<CalendarAnswerPtr>([&](Connection& c) -> Result<CalendarAnswerPtr> {
    PASEO_ASSIGN_OR_RETURN(auto lp, cache.get(c, caller, req.product_id));
    const auto& p = lp->product;
    PASEO_ASSIGN_OR_RETURN(const domain::Option* o, internal::require_option(p, req.option_id));
    PASEO_RETURN_IF_ERROR(internal::check_currency(p, req.currency));
    PASEO_ASSIGN_OR_RETURN(int seats, check_units(*o, req.units));
    if (req.local_date_start.empty() || req.local_date_end.empty()) {
      return Error::invalid_argument(
          "localDateStart and localDateEnd are required",
          req.local_date_start.empty() ? "localDateStart" : "localDateEnd");
    }
    PASEO_ASSIGN_OR_RETURN(auto range, parse_range(req.local_date_start, req.local_date_end));
    PASEO_ASSIGN_OR_RETURN(auto counters,
                           internal::load_counters(c, p.id, range.first, range.second));
    const domain::LocalDate today = lp->tz.local_date(now);

    std::string key = memo_key(req);
    if (auto hit = impl_->memo_find(key); hit && hit->holds(lp, today, now, counters)) {
      impl_->memo_hits.fetch_add(1, std::memory_order_relaxed);
      return hit->answer;
    }
    impl_->memo_misses.fetch_add(1, std::memory_order_relaxed);
    auto entry = std::make_shared<CalendarMemoEntry>();
    entry->answer = std::make_shared<const CalendarAnswer>(compute_calendar(
        *lp, *o, req, range.first, range.second, counters, now, today, seats, entry->open_until));
    entry->product = std::move(lp);
    entry->today = today;
    entry->counters = std::move(counters);
    impl_->memo_store(std::move(key), entry);
    return entry->answer;
  });
}

AvailabilityService::CalendarMemoStats AvailabilityService::calendar_memo_stats() const {
  CalendarMemoStats st;
  st.hits = impl_->memo_hits.load(std::memory_order_relaxed);
  st.misses = impl_->memo_misses.load(std::memory_order_relaxed);
  std::lock_guard lock(impl_->memo_mu);
  st.entries = static_cast<std::int64_t>(impl_->memo.size());
  return st;
}

}  // namespace paseo::app
