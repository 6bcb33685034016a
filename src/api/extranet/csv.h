// CSV output for exports (bookings.csv): RFC 4180 with spreadsheet-safe cells.
//
// Why the formula guard: a contact name such as `=HYPERLINK(...)` typed by a traveller would run as
// a formula when the supplier opens the export in a spreadsheet (CSV injection). A cell starting
// with = + - @ (or a tab/CR) is prefixed with a single quote, as OWASP advises.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace paseo::api::extranet {

// Appends one cell: quoted when it holds , " CR or LF (quotes doubled), formula-guarded.
void csv_append_cell(std::string& out, std::string_view cell);

// Appends cells separated by commas and ends the row with CRLF.
void csv_append_row(std::string& out, const std::vector<std::string>& cells);

// Minor units as a decimal string in major units with the currency's digits: (7500, "EUR") ->
// "75.00", (500, "JPY") -> "500", (-1234, "EUR") -> "-12.34". Unknown currency: two digits.
std::string format_major_units(std::int64_t amount, std::string_view currency);

}  // namespace paseo::api::extranet
