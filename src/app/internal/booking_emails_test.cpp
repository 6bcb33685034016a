#include "app/internal/booking_emails.h"

#include <gtest/gtest.h>

namespace paseo::app::internal {
namespace {

TEST(EmailMoney, WrittenAsTheReaderWritesIt) {
  EXPECT_EQ(format_money(6200, "EUR", "es"), "62,00\u00a0€");
  EXPECT_EQ(format_money(123456789, "EUR", "es"), "1.234.567,89\u00a0€");
  EXPECT_EQ(format_money(123456789, "EUR", "fr"), "1\u202f234\u202f567,89\u00a0€");
  EXPECT_EQ(format_money(6200, "EUR", "en"), "€62.00");
  EXPECT_EQ(format_money(123456789, "GBP", "en-GB"), "£1,234,567.89");
  EXPECT_EQ(format_money(4500, "USD", "en"), "$45.00");
  EXPECT_EQ(format_money(4500, "USD", "es"), "45,00\u00a0US$");
  EXPECT_EQ(format_money(125000, "MXN", "en"), "MXN 1,250.00");
  EXPECT_EQ(format_money(5000, "JPY", "es"), "5.000\u00a0JPY");  // no minor unit
  EXPECT_EQ(format_money(-1850, "EUR", "fr"), "-18,50\u00a0€");
  EXPECT_EQ(format_money(5, "EUR", "de"), "€0.05");  // no German template: English
}

TEST(EmailStart, LongDateTheTimeAndThePlaceWhoseClockItIs) {
  const auto d = *domain::LocalDate::parse("2026-03-28");  // a Saturday
  const auto t = *domain::LocalTime::parse("10:00");
  EXPECT_EQ(format_local_start(d, t, "Europe/Madrid", "es"),
            "sábado 28 de marzo de 2026, 10:00 (hora de Madrid)");
  EXPECT_EQ(format_local_start(d, t, "Europe/Madrid", "en"),
            "Saturday 28 March 2026, 10:00 (Madrid time)");
  EXPECT_EQ(format_local_start(d, t, "America/Mexico_City", "fr"),
            "samedi 28 mars 2026, 10:00 (heure de Mexico City)");
  EXPECT_EQ(format_local_start(*domain::LocalDate::parse("2026-12-09"), std::nullopt,
                               "Europe/Madrid", "es"),
            "miércoles 9 de diciembre de 2026");  // an admission: the day only
}

}  // namespace
}  // namespace paseo::app::internal
