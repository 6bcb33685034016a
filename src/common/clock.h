// Clock: the only way code reads the time, so tests can move it (Envoy's TimeSource).
//
// Instants are UTC with millisecond precision; they are stored as BIGINT milliseconds since the
// Unix epoch on both engines. Local times exist only at the edges, computed from a product's IANA
// zone (domain/local_time.h).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace paseo {

using Instant = std::chrono::time_point<std::chrono::system_clock, std::chrono::milliseconds>;

inline std::int64_t to_epoch_ms(Instant t) { return t.time_since_epoch().count(); }
inline Instant from_epoch_ms(std::int64_t ms) { return Instant{std::chrono::milliseconds{ms}}; }

// "2026-03-29T01:00:00Z" (milliseconds shown only when non-zero).
std::string format_utc(Instant t);
// "2026-03-29T01:00:00Z" always: the milliseconds dropped (rounded down), for formats that allow
// none (OCTO's validator matches `:SSZ$`).
std::string format_utc_seconds(Instant t);
// Parses "YYYY-MM-DDTHH:MM:SS[.mmm](Z|±HH:MM)"; kInvalidArgument otherwise.
Result<Instant> parse_iso8601(std::string_view text);

// Clock: thread-safe; now() never goes backwards within one process for SystemClock.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Instant now() const override {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now());
  }
};

// FakeClock: for tests; starts where told and moves only when advanced.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(Instant start) : ms_(to_epoch_ms(start)) {}
  Instant now() const override { return from_epoch_ms(ms_.load()); }
  void set(Instant t) { ms_.store(to_epoch_ms(t)); }
  void advance(std::chrono::milliseconds d) { ms_.fetch_add(d.count()); }

 private:
  std::atomic<std::int64_t> ms_;
};

}  // namespace paseo
