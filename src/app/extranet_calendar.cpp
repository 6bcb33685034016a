#include "app/extranet_calendar.h"

#include <algorithm>

namespace paseo::app {

using domain::AvailabilityStatus;
using domain::Closure;
using domain::LocalDate;
using domain::LocalTime;

namespace {

bool overlaps(const Closure& c, LocalDate from, LocalDate to) {
  return !(c.to < from || to < c.from);
}

// Removes [from, to] from the closure `c`, appending what is left (0, 1 or 2 pieces) to `out`.
void cut(const Closure& c, LocalDate from, LocalDate to, std::vector<Closure>& out) {
  if (c.from < from) {
    Closure left = c;
    left.to = from.plus_days(-1);
    out.push_back(left);
  }
  if (to < c.to) {
    Closure right = c;
    right.from = to.plus_days(1);
    out.push_back(right);
  }
}

}  // namespace

std::vector<CalendarDayView> build_calendar(const domain::Product& product,
                                            const domain::TimeZone& tz,
                                            const domain::Schedule& schedule,
                                            const BookedSeats& booked, LocalDate from,
                                            LocalDate to) {
  std::vector<CalendarDayView> days;
  for (LocalDate d = from; d <= to; d = d.plus_days(1)) {
    CalendarDayView day;
    day.date = d;
    days.push_back(std::move(day));
  }
  auto slots = domain::expand_schedule(schedule, product.availability_type, from, to);
  for (const auto& slot : slots) {
    if (slot.date < from || to < slot.date) continue;
    auto& day = days[static_cast<std::size_t>(slot.date.days - from.days)];
    CalendarDeparture dep;
    dep.id = domain::availability_id(tz, slot);
    dep.start = slot.start;
    dep.utc_start = tz.to_utc(slot.date, slot.start);
    dep.capacity = slot.capacity;
    auto it = booked.find({slot.date.days, slot.start.minutes});
    dep.booked = it == booked.end() ? 0 : it->second;
    dep.closed = slot.closed;
    dep.status = domain::slot_status(slot.capacity, dep.booked, slot.closed);
    for (const auto& o : schedule.one_offs) {
      if (o.date == slot.date && o.start == slot.start) dep.one_off = true;
    }
    // A per-departure override beats a per-day one (domain/availability.h).
    for (const auto& o : schedule.overrides) {
      if (o.date != slot.date) continue;
      if (o.start && *o.start == slot.start) {
        dep.capacity_override = o.capacity;
      } else if (!o.start && !dep.capacity_override) {
        dep.capacity_override = o.capacity;
      }
    }
    day.departures.push_back(std::move(dep));
  }
  for (auto& day : days) {
    int open_capacity = 0;
    int open_booked = 0;
    bool any_open = false;
    bool freesale = false;
    for (const auto& dep : day.departures) {
      day.booked += dep.booked;
      if (dep.closed) continue;
      any_open = true;
      if (!dep.capacity) {
        freesale = true;
      } else {
        open_capacity += *dep.capacity;
        open_booked += dep.booked;
      }
    }
    day.closed = !any_open;
    if (!any_open) {
      day.status = AvailabilityStatus::kClosed;
      int cap = 0;
      bool free = false;
      for (const auto& dep : day.departures) {
        if (dep.capacity)
          cap += *dep.capacity;
        else
          free = true;
      }
      day.capacity = free ? std::nullopt : std::optional<int>(cap);
    } else if (freesale) {
      day.status = AvailabilityStatus::kFreesale;
      day.capacity = std::nullopt;
    } else {
      day.capacity = open_capacity;
      day.status = domain::slot_status(open_capacity, open_booked, false);
    }
  }
  return days;
}

void close_in_schedule(domain::Schedule& s, const CalendarTarget& t, const std::string& reason) {
  for (const auto& c : s.closures) {
    bool covers_dates = !(t.from < c.from) && !(c.to < t.to);
    bool covers_time = !c.start || (t.start && *c.start == *t.start);
    if (covers_dates && covers_time) return;  // already closed
  }
  // Drop narrower closures of the same kind that the new one swallows, to keep the list short.
  std::erase_if(s.closures, [&](const Closure& c) {
    bool inside = !(c.from < t.from) && !(t.to < c.to);
    bool same_time = t.start ? (c.start && *c.start == *t.start) : true;
    return inside && same_time;
  });
  s.closures.push_back(Closure{t.from, t.to, t.start, reason});
}

void open_in_schedule(domain::Schedule& s, domain::AvailabilityType type, const CalendarTarget& t) {
  std::vector<Closure> kept;
  std::vector<Closure> whole_day_overlaps;
  for (const auto& c : s.closures) {
    if (!overlaps(c, t.from, t.to)) {
      kept.push_back(c);
      continue;
    }
    if (!t.start) {
      cut(c, t.from, t.to, kept);  // the whole day reopens: every closure there goes
    } else if (c.start) {
      if (*c.start == *t.start) {
        cut(c, t.from, t.to, kept);
      } else {
        kept.push_back(c);
      }
    } else {
      // A whole-day closure over a single-departure reopening: keep it outside the target, and
      // inside close every other departure of each day one by one.
      cut(c, t.from, t.to, kept);
      whole_day_overlaps.push_back(c);
    }
  }
  if (!whole_day_overlaps.empty()) {
    domain::Schedule without = s;
    without.closures.clear();
    auto slots = domain::expand_schedule(without, type, t.from, t.to);
    for (const auto& c : whole_day_overlaps) {
      LocalDate from = std::max(c.from, t.from);
      LocalDate to = std::min(c.to, t.to);
      for (const auto& slot : slots) {
        if (slot.date < from || to < slot.date || slot.start == *t.start) continue;
        kept.push_back(Closure{slot.date, slot.date, slot.start, c.reason});
      }
    }
  }
  s.closures = std::move(kept);
}

void set_quota_in_schedule(domain::Schedule& s, const CalendarTarget& t,
                           std::optional<int> capacity) {
  std::erase_if(s.overrides, [&](const domain::CapacityOverride& o) {
    return !(o.date < t.from) && !(t.to < o.date) && o.start == t.start;
  });
  if (!capacity) return;
  for (LocalDate d = t.from; d <= t.to; d = d.plus_days(1)) {
    s.overrides.push_back(domain::CapacityOverride{d, t.start, *capacity});
  }
}

void add_one_off_in_schedule(domain::Schedule& s, LocalDate date, LocalTime start, int capacity) {
  for (auto& o : s.one_offs) {
    if (o.date == date && o.start == start) {
      o.capacity = capacity;
      return;
    }
  }
  s.one_offs.push_back(domain::OneOffDeparture{date, start, capacity});
}

}  // namespace paseo::app
