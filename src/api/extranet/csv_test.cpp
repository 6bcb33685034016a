#include "api/extranet/csv.h"

#include <gtest/gtest.h>

namespace paseo::api::extranet {
namespace {

std::string cell(std::string_view s) {
  std::string out;
  csv_append_cell(out, s);
  return out;
}

TEST(Csv, PlainCellsAreUnquoted) {
  EXPECT_EQ(cell("Ana Garcia"), "Ana Garcia");
  EXPECT_EQ(cell(""), "");
  EXPECT_EQ(cell("Zoë Ñúñez"), "Zoë Ñúñez");
}

TEST(Csv, SpecialCharactersAreQuotedAndQuotesDoubled) {
  EXPECT_EQ(cell("García, Ana"), "\"García, Ana\"");
  EXPECT_EQ(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(cell("line1\nline2"), "\"line1\nline2\"");
  EXPECT_EQ(cell("a\r\nb"), "\"a\r\nb\"");
}

TEST(Csv, FormulasAreNeutralised) {
  EXPECT_EQ(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(cell("+34 600"), "\"'+34 600\"");
  EXPECT_EQ(cell("@SUM(A1)"), "\"'@SUM(A1)\"");
  EXPECT_EQ(cell("-cmd"), "\"'-cmd\"");
  EXPECT_EQ(cell("-12.34"), "-12.34");  // a negative amount stays a number
}

TEST(Csv, RowsEndWithCrLf) {
  std::string out;
  csv_append_row(out, {"a", "b,c", ""});
  EXPECT_EQ(out, "a,\"b,c\",\r\n");
}

TEST(Csv, MajorUnitsUseTheCurrencyDigits) {
  EXPECT_EQ(format_major_units(7500, "EUR"), "75.00");
  EXPECT_EQ(format_major_units(5, "EUR"), "0.05");
  EXPECT_EQ(format_major_units(0, "EUR"), "0.00");
  EXPECT_EQ(format_major_units(-1234, "EUR"), "-12.34");
  EXPECT_EQ(format_major_units(500, "JPY"), "500");
  EXPECT_EQ(format_major_units(1234, "KWD"), "1.234");
  EXPECT_EQ(format_major_units(INT64_MIN, "EUR"), "-92233720368547758.08");
}

}  // namespace
}  // namespace paseo::api::extranet
