#include "domain/contact_details.h"

#include <gtest/gtest.h>

#include "domain/booking.h"

namespace paseo::domain {
namespace {

TEST(PhoneNumber, DigitsWithPunctuationBetweenAndOneLeadingPlus) {
  for (const char* ok : {"+34 600 11 22 33", "(020) 7946-0000", "600112233", "+1 212.555.0100",
                         "0034/600/112/233", "123456", "+123456789012345678 90"}) {
    EXPECT_TRUE(is_phone_number(ok)) << ok;
  }
  for (const char* bad :
       {"", "call me", "6-11-22", "12345", "34+600112233", "+34 600 +11 22", "600112233 ext 4",
        "+34\t600112233", "123456789012345678901", "1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1"}) {
    EXPECT_FALSE(is_phone_number(bad)) << bad;
  }
  EXPECT_FALSE(is_phone_number(std::string(35, ' ') + "600112233"));  // over 40 characters
}

TEST(CountryCode, OfficiallyAssignedAlpha2InUpperCaseAndKosovo) {
  for (const char* ok : {"AD", "ES", "GB", "MX", "US", "FR", "ZW", "XK", "SS", "CW"}) {
    EXPECT_TRUE(is_country_code(ok)) << ok;
  }
  for (const char* bad : {"", "E", "ESP", "es", "Es", "UK", "EU", "XX", "AA", "ZZ", "E1", "E "}) {
    EXPECT_FALSE(is_country_code(bad)) << bad;
  }
}

TEST(LanguageTag, Bcp47ShapeWithUnderscoreAccepted) {
  for (const char* ok : {"es", "en-GB", "pt_BR", "zh-Hant-TW", "es-419", "fil", "de-CH-1996"}) {
    EXPECT_TRUE(is_language_tag(ok)) << ok;
  }
  for (const char* bad : {"", "e", "en-", "-en", "en--GB", "español", "e1", "en GB", "en-GB9abcdef",
                          "abcdefghi", "en-*"}) {
    EXPECT_FALSE(is_language_tag(bad)) << bad;
  }
  EXPECT_TRUE(is_language_tag("zh-Hant-TW-abcdefgh-abcdefgh-abcdef"));    // 35 characters
  EXPECT_FALSE(is_language_tag("zh-Hant-TW-abcdefgh-abcdefgh-abcdefg"));  // 36
}

TEST(ContactDetails, EmptyFieldsPassAndEachBadOneNamesItsOctoField) {
  EXPECT_TRUE(check_contact_details(Contact{}).ok());

  Contact good;
  good.phone = "+34 600 11 22 33";
  good.country = "es";  // either case names Spain
  good.locales = {"es-ES", "en"};
  EXPECT_TRUE(check_contact_details(good).ok());

  Contact c = good;
  c.phone = "call me";
  EXPECT_EQ(check_contact_details(c).error().field, "contact.phoneNumber");
  EXPECT_EQ(check_contact_details(c).error().key, "field.phone");
  c = good;
  c.country = "Spain";
  EXPECT_EQ(check_contact_details(c).error().field, "contact.country");
  c = good;
  c.country = "UK";
  EXPECT_EQ(check_contact_details(c).error().field, "contact.country");
  c = good;
  c.locales = {"en", "español"};
  EXPECT_EQ(check_contact_details(c).error().field, "contact.locales");
  c = good;
  c.locales.assign(kMaxContactLocales + 1, "en");
  EXPECT_EQ(check_contact_details(c).error().field, "contact.locales");
  c.locales.resize(kMaxContactLocales);
  EXPECT_TRUE(check_contact_details(c).ok());

  // A long value is quoted by its start only, never cut inside a UTF-8 character.
  c = good;
  c.locales = {std::string(39, 'e') + "\xC3\xB1" + std::string(100000, 'x')};
  const auto e = check_contact_details(c).error();
  EXPECT_EQ(e.field, "contact.locales");
  EXPECT_EQ(e.message,
            "'" + std::string(39, 'e') + "\u2026' is not a language tag such as es or en-GB");
}

}  // namespace
}  // namespace paseo::domain
