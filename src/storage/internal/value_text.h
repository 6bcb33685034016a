// Text <-> number conversions shared by Row accessors and the PostgreSQL backend (which speaks
// text). Locale-independent (std::from_chars / std::to_chars).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace paseo::storage::internal {

std::optional<std::int64_t> parse_int64(std::string_view text);
std::optional<double> parse_double(std::string_view text);  // also "NaN", "Infinity", "-Infinity"
std::string format_double(double value);                    // shortest text that round-trips

}  // namespace paseo::storage::internal
