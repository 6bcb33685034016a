#include "api/extranet/csv.h"

#include "common/money.h"

namespace paseo::api::extranet {

void csv_append_cell(std::string& out, std::string_view cell) {
  bool guard =
      !cell.empty() && (cell.front() == '=' || cell.front() == '+' || cell.front() == '-' ||
                        cell.front() == '@' || cell.front() == '\t' || cell.front() == '\r');
  // A negative amount ("-12.34") is a number, not a formula: leave it readable.
  if (guard && cell.front() == '-' && cell.size() > 1) {
    bool numeric = true;
    for (std::size_t i = 1; i < cell.size(); ++i) {
      char c = cell[i];
      if (!((c >= '0' && c <= '9') || c == '.')) numeric = false;
    }
    if (numeric) guard = false;
  }
  bool quote = guard || cell.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!quote) {
    out.append(cell);
    return;
  }
  out.push_back('"');
  if (guard) out.push_back('\'');
  for (char c : cell) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void csv_append_row(std::string& out, const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out.push_back(',');
    csv_append_cell(out, cells[i]);
  }
  out.append("\r\n");
}

std::string format_major_units(std::int64_t amount, std::string_view currency) {
  auto precision = currency_precision(currency);
  int digits = precision.ok() ? *precision : 2;
  bool negative = amount < 0;
  // Work on the magnitude as unsigned so INT64_MIN does not overflow.
  std::uint64_t magnitude =
      negative ? static_cast<std::uint64_t>(-(amount + 1)) + 1 : static_cast<std::uint64_t>(amount);
  std::string digits_text = std::to_string(magnitude);
  if (digits > 0) {
    if (digits_text.size() <= static_cast<std::size_t>(digits)) {
      digits_text.insert(0, static_cast<std::size_t>(digits) + 1 - digits_text.size(), '0');
    }
    digits_text.insert(digits_text.size() - static_cast<std::size_t>(digits), ".");
  }
  return negative ? "-" + digits_text : digits_text;
}

}  // namespace paseo::api::extranet
