#include "domain/local_time.h"

#include <cstdio>
#include <exception>

#include <date/date.h>
#include <date/tz.h>

namespace paseo::domain {
namespace {

bool all_digits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

date::sys_days to_sys(LocalDate d) { return date::sys_days{date::days{d.days}}; }

}  // namespace

Result<LocalDate> LocalDate::parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !all_digits(text.substr(0, 4)) ||
      !all_digits(text.substr(5, 2)) || !all_digits(text.substr(8, 2))) {
    return Error::invalid_argument("expected a date YYYY-MM-DD, got '" + std::string(text) + "'");
  }
  int y = to_int(text.substr(0, 4));
  auto ymd = date::year{y} / date::month{static_cast<unsigned>(to_int(text.substr(5, 2)))} /
             date::day{static_cast<unsigned>(to_int(text.substr(8, 2)))};
  if (!ymd.ok() || y < 1970) {
    return Error::invalid_argument("not a valid date: '" + std::string(text) + "'");
  }
  return LocalDate{static_cast<std::int32_t>(date::sys_days{ymd}.time_since_epoch().count())};
}

LocalDate LocalDate::from_ymd(int year, unsigned month, unsigned day) {
  auto ymd = date::year{year} / date::month{month} / date::day{day};
  return LocalDate{static_cast<std::int32_t>(date::sys_days{ymd}.time_since_epoch().count())};
}

namespace {
// Hot in availability loops: formatted by hand rather than with snprintf.
void put2(char* out, unsigned v) {
  out[0] = static_cast<char>('0' + v / 10 % 10);
  out[1] = static_cast<char>('0' + v % 10);
}
}  // namespace

std::string LocalDate::to_string() const {
  date::year_month_day ymd{to_sys(*this)};
  int y = static_cast<int>(ymd.year());
  if (y < 0 || y > 9999) y = 0;
  std::string s(10, '-');
  put2(&s[0], static_cast<unsigned>(y / 100));
  put2(&s[2], static_cast<unsigned>(y % 100));
  put2(&s[5], static_cast<unsigned>(ymd.month()));
  put2(&s[8], static_cast<unsigned>(ymd.day()));
  return s;
}

int LocalDate::iso_weekday() const {
  return static_cast<int>(date::weekday{to_sys(*this)}.iso_encoding());
}

Result<LocalTime> LocalTime::parse(std::string_view text) {
  if (text.size() != 5 || text[2] != ':' || !all_digits(text.substr(0, 2)) ||
      !all_digits(text.substr(3, 2))) {
    return Error::invalid_argument("expected a time HH:MM, got '" + std::string(text) + "'");
  }
  int h = to_int(text.substr(0, 2));
  int m = to_int(text.substr(3, 2));
  if (h > 23 || m > 59) {
    return Error::invalid_argument("not a valid time: '" + std::string(text) + "'");
  }
  return LocalTime{h * 60 + m};
}

std::string LocalTime::to_string() const {
  std::string s(5, ':');
  int m = minutes < 0 ? 0 : minutes % (24 * 60);
  put2(&s[0], static_cast<unsigned>(m / 60));
  put2(&s[3], static_cast<unsigned>(m % 60));
  return s;
}

Result<TimeZone> TimeZone::find(std::string_view name) {
  if (name.empty()) return Error::invalid_argument("time zone is empty", "timeZone");
  try {
    const date::time_zone* tz = date::locate_zone(name);
    return TimeZone(tz, std::string(name));
  } catch (const std::exception&) {
    return Error::invalid_argument("unknown time zone '" + std::string(name) + "'", "timeZone");
  }
}

Instant TimeZone::to_utc(LocalDate d, LocalTime t) const {
  using namespace std::chrono;
  date::local_seconds local{date::local_days{date::days{d.days}} + minutes{t.minutes}};
  date::local_info info = tz_->get_info(local);
  sys_seconds utc;
  switch (info.result) {
    case date::local_info::unique:
      utc = sys_seconds{local.time_since_epoch() - info.first.offset};
      break;
    case date::local_info::ambiguous:
      // First occurrence: the offset in effect before the transition.
      utc = sys_seconds{local.time_since_epoch() - info.first.offset};
      break;
    case date::local_info::nonexistent:
    default:
      // In the gap: interpret with the offset before the gap, which lands after it by exactly
      // the gap's length (02:30 CET = 03:30 CEST).
      utc = sys_seconds{local.time_since_epoch() - info.first.offset};
      break;
  }
  return time_point_cast<milliseconds>(utc);
}

bool TimeZone::exists(LocalDate d, LocalTime t) const {
  using namespace std::chrono;
  date::local_seconds local{date::local_days{date::days{d.days}} + minutes{t.minutes}};
  return tz_->get_info(local).result != date::local_info::nonexistent;
}

LocalDateTime TimeZone::to_local(Instant t) const {
  using namespace std::chrono;
  auto secs = time_point_cast<seconds>(t);
  auto info = tz_->get_info(secs);
  auto local = secs.time_since_epoch() + info.offset;
  auto day = date::floor<date::days>(local);
  auto rest = local - day;
  LocalDateTime out;
  out.date = LocalDate{static_cast<std::int32_t>(day.count())};
  out.time = LocalTime{static_cast<int>(duration_cast<minutes>(rest).count())};
  out.seconds = static_cast<int>(rest.count() % 60);
  return out;
}

int TimeZone::offset_minutes(Instant t) const {
  using namespace std::chrono;
  auto info = tz_->get_info(time_point_cast<seconds>(t));
  return static_cast<int>(duration_cast<minutes>(info.offset).count());
}

std::string TimeZone::format_local(Instant t) const {
  LocalDateTime l = to_local(t);
  int off = offset_minutes(t);
  char sign = off < 0 ? '-' : '+';
  if (off < 0) off = -off;
  char buf[96];
  std::snprintf(buf, sizeof buf, "%sT%s:%02d%c%02d:%02d", l.date.to_string().c_str(),
                l.time.to_string().c_str(), l.seconds, sign, off / 60, off % 60);
  return buf;
}

UtcWindow utc_window(LocalDate from, LocalDate to) {
  auto utc_midnight = [](LocalDate d) {
    return Instant{
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::days{d.days})};
  };
  return {utc_midnight(from.plus_days(-1)), utc_midnight(to.plus_days(2))};
}

Result<LocalDateTime> parse_local_date_time(std::string_view text) {
  auto bad = [&] {
    return Error::invalid_argument("expected a local date-time YYYY-MM-DDTHH:MM:SS±HH:MM, got '" +
                                   std::string(text) + "'");
  };
  if (text.size() < 16 || text[10] != 'T') return bad();
  auto d = LocalDate::parse(text.substr(0, 10));
  if (!d.ok()) return bad();
  auto t = LocalTime::parse(text.substr(11, 5));
  if (!t.ok()) return bad();
  LocalDateTime out{*d, *t, 0};
  std::string_view rest = text.substr(16);
  if (rest.size() >= 3 && rest[0] == ':') {
    if (!all_digits(rest.substr(1, 2))) return bad();
    out.seconds = to_int(rest.substr(1, 2));
    if (out.seconds > 59) return bad();
    rest = rest.substr(3);
  }
  if (rest.empty() || rest == "Z") return out;
  if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':' &&
      all_digits(rest.substr(1, 2)) && all_digits(rest.substr(4, 2))) {
    return out;
  }
  return bad();
}

}  // namespace paseo::domain
