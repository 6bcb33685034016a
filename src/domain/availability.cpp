#include "domain/availability.h"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <utility>

namespace paseo::domain {
namespace {

bool in_range(LocalDate d, LocalDate from, const std::optional<LocalDate>& to) {
  return d >= from && (!to || d <= *to);
}

Status invalid(std::string field, std::string msg, std::string key = {}) {
  return Error::invalid_argument(std::move(msg), std::move(field)).with_key(std::move(key));
}

// Slots of one day, before closures/overrides, as start -> capacity. `starts` is scratch space
// (minutes -> capacity, kept sorted; a small vector rather than a map), reused across the days of
// a calendar instead of allocated per day.
void expand_day(const Schedule& s, AvailabilityType type, LocalDate d, std::vector<Slot>& out,
                std::vector<std::pair<int, int>>& starts) {
  if (type == AvailabilityType::kStartTime) {
    starts.clear();
    auto put = [&](int minutes, int capacity) {
      auto it = std::lower_bound(starts.begin(), starts.end(), std::make_pair(minutes, INT_MIN));
      if (it != starts.end() && it->first == minutes) {
        it->second = capacity;  // later entry wins
      } else {
        starts.insert(it, {minutes, capacity});
      }
    };
    for (const auto& r : s.rules) {
      if (!in_range(d, r.from, r.to) || !on_weekday(r.weekdays, d)) continue;
      for (const auto& t : r.start_times) put(t.minutes, r.capacity);
    }
    for (const auto& o : s.one_offs) {
      if (o.date == d) put(o.start.minutes, o.capacity);
    }
    if (starts.empty()) return;
    std::optional<int> day_override;
    for (const auto& ov : s.overrides) {
      if (ov.date == d && !ov.start) day_override = ov.capacity;
    }
    for (auto& [minutes, cap] : starts) {
      std::optional<int> dep_override;
      for (const auto& ov : s.overrides) {
        if (ov.date == d && ov.start && ov.start->minutes == minutes) dep_override = ov.capacity;
      }
      // Built in place: a Slot built aside and moved in costs a store-forwarding stall on its
      // optional capacity (measured: half of this function's time in a 90-day calendar).
      Slot& slot = out.emplace_back();
      slot.date = d;
      slot.start = LocalTime{minutes};
      slot.capacity = dep_override ? *dep_override : day_override ? *day_override : cap;
      for (const auto& c : s.closures) {
        if (d >= c.from && d <= c.to && (!c.start || c.start->minutes == minutes)) {
          slot.closed = true;
        }
      }
    }
    return;
  }
  // OPENING_HOURS: one slot per open day.
  Slot slot;
  slot.date = d;
  slot.start = LocalTime{0};
  bool open = false;
  bool any_quota = false;
  int quota = 0;
  for (const auto& h : s.opening_hours) {
    if (!in_range(d, h.from, h.to) || !on_weekday(h.weekdays, d)) continue;
    open = true;
    slot.opening_hours.push_back({h.open, h.close});
    if (h.daily_capacity) {
      quota = any_quota ? std::min(quota, *h.daily_capacity) : *h.daily_capacity;
      any_quota = true;
    }
  }
  if (!open) return;
  std::sort(slot.opening_hours.begin(), slot.opening_hours.end(),
            [](const OpeningInterval& a, const OpeningInterval& b) { return a.from < b.from; });
  if (any_quota) slot.capacity = quota;
  for (const auto& ov : s.overrides) {
    if (ov.date == d) slot.capacity = ov.capacity;
  }
  for (const auto& c : s.closures) {
    if (d >= c.from && d <= c.to && (!c.start || c.start->minutes == 0)) slot.closed = true;
  }
  out.push_back(std::move(slot));
}

}  // namespace

Status validate_schedule(const Schedule& s, AvailabilityType type) {
  if (type == AvailabilityType::kStartTime && !s.opening_hours.empty()) {
    return invalid("openingHours", "opening hours belong to OPENING_HOURS products");
  }
  if (type == AvailabilityType::kOpeningHours && (!s.rules.empty() || !s.one_offs.empty())) {
    return invalid("rules", "start-time rules belong to START_TIME products");
  }
  for (std::size_t i = 0; i < s.rules.size(); ++i) {
    const auto& r = s.rules[i];
    std::string f = "rules[" + std::to_string(i) + "]";
    if ((r.weekdays & kEveryDay) == 0)
      return invalid(f + ".weekdays", "no weekday selected", "calendar.weekdays");
    if (r.start_times.empty()) return invalid(f + ".startTimes", "no start time", "calendar.times");
    if (r.to && *r.to < r.from)
      return invalid(f + ".to", "range ends before it starts", "field.toBeforeFrom");
    if (r.capacity < 0)
      return invalid(f + ".capacity", "capacity must be >= 0", "field.notNegative");
  }
  for (std::size_t i = 0; i < s.one_offs.size(); ++i) {
    if (s.one_offs[i].capacity < 0) {
      return invalid("oneOffs[" + std::to_string(i) + "].capacity", "capacity must be >= 0",
                     "field.notNegative");
    }
  }
  for (std::size_t i = 0; i < s.opening_hours.size(); ++i) {
    const auto& h = s.opening_hours[i];
    std::string f = "openingHours[" + std::to_string(i) + "]";
    if ((h.weekdays & kEveryDay) == 0)
      return invalid(f + ".weekdays", "no weekday selected", "calendar.weekdays");
    if (h.close <= h.open)
      return invalid(f + ".close", "closes before it opens", "product.closeBeforeOpen");
    if (h.to && *h.to < h.from)
      return invalid(f + ".to", "range ends before it starts", "field.toBeforeFrom");
    if (h.daily_capacity && *h.daily_capacity < 0) {
      return invalid(f + ".dailyCapacity", "capacity must be >= 0", "field.notNegative");
    }
  }
  for (std::size_t i = 0; i < s.closures.size(); ++i) {
    if (s.closures[i].to < s.closures[i].from) {
      return invalid("closures[" + std::to_string(i) + "].to", "range ends before it starts",
                     "field.toBeforeFrom");
    }
  }
  for (std::size_t i = 0; i < s.overrides.size(); ++i) {
    if (s.overrides[i].capacity < 0) {
      return invalid("overrides[" + std::to_string(i) + "].capacity", "capacity must be >= 0",
                     "field.notNegative");
    }
  }
  return ok_status();
}

std::vector<Slot> expand_schedule(const Schedule& s, AvailabilityType type, LocalDate from,
                                  LocalDate to) {
  std::vector<Slot> out;
  std::vector<std::pair<int, int>> starts;
  const auto days = static_cast<std::size_t>(to.days - from.days + 1);
  bool reserved = false;
  for (LocalDate d = from; d <= to; d = d.plus_days(1)) {
    expand_day(s, type, d, out, starts);
    if (!reserved && !out.empty()) {
      // Guess that every day has as many slots as the first one with any: one allocation for a
      // regular schedule instead of a dozen regrowths that each move every slot.
      out.reserve(out.size() * days);
      reserved = true;
    }
  }
  return out;
}

std::optional<Slot> find_slot(const Schedule& s, AvailabilityType type, LocalDate date,
                              LocalTime start) {
  std::vector<Slot> day;
  std::vector<std::pair<int, int>> starts;
  expand_day(s, type, date, day, starts);
  for (auto& slot : day) {
    if (slot.start == start) return std::move(slot);
  }
  return std::nullopt;
}

std::string_view to_string(AvailabilityStatus s) {
  switch (s) {
    case AvailabilityStatus::kAvailable:
      return "AVAILABLE";
    case AvailabilityStatus::kLimited:
      return "LIMITED";
    case AvailabilityStatus::kSoldOut:
      return "SOLD_OUT";
    case AvailabilityStatus::kClosed:
      return "CLOSED";
    case AvailabilityStatus::kFreesale:
      return "FREESALE";
  }
  return "CLOSED";
}

bool within_horizon(const Product& p, const TimeZone& tz, LocalDate date, Instant now) {
  return date <= tz.local_date(now).plus_days(p.booking_horizon_days);
}

SalesWindow sales_window(const Product& p, const TimeZone& tz, const Slot& slot, Instant now) {
  return sales_window(p, tz, slot, now, tz.local_date(now));
}

SalesWindow sales_window(const Product& p, const TimeZone& tz, const Slot& slot, Instant now,
                         LocalDate today) {
  SalesWindow w;
  std::chrono::minutes cutoff{p.booking_cutoff_minutes};
  if (p.availability_type == AvailabilityType::kStartTime) {
    w.utc_start = tz.to_utc(slot.date, slot.start);
    w.utc_end = w.utc_start + std::chrono::minutes{p.duration_minutes};
    w.utc_cutoff_at = w.utc_start - cutoff;
  } else {
    w.utc_start = tz.start_of_day(slot.date);
    w.utc_end = tz.start_of_day(slot.date.plus_days(1));
    Instant closing = w.utc_end;
    if (!slot.opening_hours.empty()) {
      LocalTime last = slot.opening_hours.front().to;
      for (const auto& i : slot.opening_hours) last = std::max(last, i.to);
      closing = tz.to_utc(slot.date, last);
    }
    w.utc_cutoff_at = closing - cutoff;
  }
  w.open = now <= w.utc_cutoff_at && slot.date <= today.plus_days(p.booking_horizon_days);
  return w;
}

std::string availability_id(const TimeZone& tz, const Slot& slot) {
  // The local part is the slot's wall-clock key (even inside a DST gap), the offset the one in
  // effect at the departure, so ids stay unique and parse back to the same slot.
  int off = tz.offset_minutes(tz.to_utc(slot.date, slot.start));
  char sign = off < 0 ? '-' : '+';
  if (off < 0) off = -off;
  char buf[96];
  std::snprintf(buf, sizeof buf, "%sT%s:00%c%02d:%02d", slot.date.to_string().c_str(),
                slot.start.to_string().c_str(), sign, off / 60, off % 60);
  return buf;
}

Result<LocalDateTime> parse_availability_id(std::string_view id) {
  auto r = parse_local_date_time(id);
  if (!r.ok()) {
    return Error::invalid_argument("not an availability id: '" + std::string(id) + "'",
                                   "availabilityId");
  }
  return r;
}

}  // namespace paseo::domain
