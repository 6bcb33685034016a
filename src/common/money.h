// Money: integer minor units plus an ISO 4217 currency code. Never a double.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace paseo {

struct Money {
  std::int64_t amount = 0;  // minor units: cents for EUR, yen for JPY
  std::string currency;     // ISO 4217, upper case, e.g. "EUR"

  friend bool operator==(const Money&, const Money&) = default;
};

// Number of minor-unit digits of an ISO 4217 currency (2 for EUR, 0 for JPY, 3 for KWD);
// kInvalidArgument for a code that is not three upper-case letters or is unknown.
Result<int> currency_precision(std::string_view currency);

// True when `currency` is a known ISO 4217 code.
bool is_valid_currency(std::string_view currency);

// `amount * basis_points / 10000`, rounded half away from zero; used for commissions and fees.
std::int64_t apply_basis_points(std::int64_t amount, std::int64_t basis_points);

}  // namespace paseo
