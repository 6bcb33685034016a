#include "common/money.h"

#include <array>
#include <utility>

namespace paseo {
namespace {

// Currencies whose minor unit is not 2 digits, plus the 2-digit ones Paseo is likely to see.
constexpr std::array<std::pair<std::string_view, int>, 48> kCurrencies{{
    {"EUR", 2}, {"USD", 2}, {"GBP", 2}, {"CHF", 2}, {"MXN", 2}, {"ARS", 2}, {"BRL", 2}, {"COP", 2},
    {"PEN", 2}, {"CLP", 0}, {"UYU", 2}, {"CAD", 2}, {"AUD", 2}, {"NZD", 2}, {"JPY", 0}, {"KRW", 0},
    {"CNY", 2}, {"HKD", 2}, {"SGD", 2}, {"THB", 2}, {"IDR", 2}, {"INR", 2}, {"AED", 2}, {"SAR", 2},
    {"QAR", 2}, {"KWD", 3}, {"BHD", 3}, {"OMR", 3}, {"JOD", 3}, {"TND", 3}, {"MAD", 2}, {"EGP", 2},
    {"ZAR", 2}, {"TRY", 2}, {"SEK", 2}, {"NOK", 2}, {"DKK", 2}, {"PLN", 2}, {"CZK", 2}, {"HUF", 2},
    {"RON", 2}, {"BGN", 2}, {"ISK", 0}, {"VND", 0}, {"PHP", 2}, {"MYR", 2}, {"DOP", 2}, {"CRC", 2},
}};

}  // namespace

Result<int> currency_precision(std::string_view currency) {
  for (const auto& [code, digits] : kCurrencies) {
    if (code == currency) return digits;
  }
  return Error::invalid_argument("unknown currency '" + std::string(currency) + "'", "currency");
}

bool is_valid_currency(std::string_view currency) { return currency_precision(currency).ok(); }

std::int64_t apply_basis_points(std::int64_t amount, std::int64_t basis_points) {
  const std::int64_t product = amount * basis_points;
  const std::int64_t q = product / 10000;
  const std::int64_t r = product % 10000;
  if (r * 2 >= 10000) return q + 1;
  if (r * 2 <= -10000) return q - 1;
  return q;
}

}  // namespace paseo
