#include "domain/catalogue.h"

#include <gtest/gtest.h>

#include "domain/test_fixtures.h"

namespace paseo::domain {
namespace {

using testing::sample_tour;

TEST(Localized, FallsBackToLanguageThenEnglishThenAny) {
  LocalizedText t{{"en", "Tour"}, {"es", "Paseo"}};
  EXPECT_EQ(localized(t, "es"), "Paseo");
  EXPECT_EQ(localized(t, "es-ES"), "Paseo");
  EXPECT_EQ(localized(t, "fr"), "Tour");
  EXPECT_EQ(localized(LocalizedText{{"de", "Tour DE"}}, "fr"), "Tour DE");
  EXPECT_EQ(localized(LocalizedText{}, "fr"), "");
  // And which language that was.
  EXPECT_EQ(localized_locale(t, "es-ES"), "es");
  EXPECT_EQ(localized_locale(t, "fr"), "en");
  EXPECT_EQ(localized_locale(LocalizedText{{"de", "Tour DE"}}, "fr"), "de");
  EXPECT_EQ(localized_locale(LocalizedText{}, "fr"), "fr");
}

TEST(Enums, RoundTripOctoSpellings) {
  EXPECT_EQ(to_string(AvailabilityType::kOpeningHours), "OPENING_HOURS");
  EXPECT_EQ(*parse_availability_type("START_TIME"), AvailabilityType::kStartTime);
  EXPECT_EQ(*parse_unit_type("INFANT"), UnitType::kInfant);
  EXPECT_EQ(*parse_question_input("select"), QuestionInput::kSelect);
  EXPECT_FALSE(parse_unit_type("adult").ok());
  EXPECT_FALSE(parse_pricing_per("PER_UNIT").ok());
}

// validate_product refuses `p` as kInvalidArgument naming `field`.
// `key`, when given: the message key the screens translate (common/result.h).
void expect_field(const Product& p, const std::string& field, const std::string& key = "") {
  Status s = validate_product(p);
  ASSERT_FALSE(s.ok()) << field;
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.error().field, field) << s.error().message;
  if (!key.empty()) {
    EXPECT_EQ(s.error().key, key) << s.error().message;
  }
}

TEST(ValidateProduct, AcceptsSample) { EXPECT_TRUE(validate_product(sample_tour()).ok()); }

TEST(ValidateProduct, RejectsBadFieldsWithTheirPath) {
  auto p = sample_tour();
  p.time_zone = "Europe/Atlantis";
  expect_field(p, "timeZone");
  p = sample_tour();
  p.currency = "EURO";
  expect_field(p, "currency");
  p = sample_tour();
  p.options.clear();
  expect_field(p, "options");
  p = sample_tour();
  p.options[0].units[1].id = "adult";
  expect_field(p, "options[0].units[1].id");
  p = sample_tour();
  p.options[0].prices.pop_back();  // infant without a price
  expect_field(p, "options[0].prices");
  p = sample_tour();
  p.cancellation.fee_percent = 150;
  expect_field(p, "cancellation.feePercent", "field.range");
  p = sample_tour();
  p.options[0].pickup_available = true;  // no pickup points
  expect_field(p, "options[0].pickupAvailable", "product.noPickupPoints");
  p = sample_tour();
  p.questions.push_back(
      Question{"q", QuestionScope::kBooking, QuestionInput::kSelect, true, {}, {}, {}});
  expect_field(p, "questions[0].selectOptions");
}

TEST(ValidateProduct, NetAboveRetailAndUnknownContactFieldsAreRefused) {
  auto p = sample_tour();
  p.options[0].prices[0].net = p.options[0].prices[0].retail + 1;
  expect_field(p, "options[0].prices[0].net", "product.netAboveRetail");
  p = sample_tour();
  p.options[0].prices[0].net = p.options[0].prices[0].retail;  // no margin is allowed
  EXPECT_TRUE(validate_product(p).ok());
  p = sample_tour();
  p.extras.push_back(Extra{"lunch", {{"en", "Lunch"}}, {}, 1000, 1200, 2});
  expect_field(p, "extras[0].net");
  p = sample_tour();
  p.options[0].required_contact_fields = {"firstName", "shoeSize"};
  expect_field(p, "options[0].requiredContactFields");
  p.options[0].required_contact_fields = {"emailAddress", "emailAddress"};
  expect_field(p, "options[0].requiredContactFields");
  p.options[0].required_contact_fields = {"firstName", "lastName", "emailAddress", "phoneNumber",
                                          "country",   "notes",    "locales",      "postalCode"};
  EXPECT_TRUE(validate_product(p).ok());
}

// Catalogue texts reach lists, day sheets, emails and resellers: names are one clean line.
TEST(ValidateProduct, TextsAreCleanAndBounded) {
  auto p = sample_tour();
  p.internal_name = "   ";
  expect_field(p, "internalName", "field.required");
  p = sample_tour();
  p.title["en"] = "  ";
  expect_field(p, "title.en");
  p = sample_tour();
  p.title["es"] = "Ruta\nde tapas";
  expect_field(p, "title.es");
  p = sample_tour();
  p.title["en"] =
      "Tour \xE2\x80\xAE"
      "ruoT";  // U+202E RIGHT-TO-LEFT OVERRIDE
  expect_field(p, "title.en");
  p = sample_tour();
  p.title["xx!"] = "Tour";
  expect_field(p, "title");
  p = sample_tour();
  p.options[0].internal_name = "Spanish\tguide";
  expect_field(p, "options[0].internalName");
  p = sample_tour();
  p.internal_name = std::string(201, 'a');
  expect_field(p, "internalName");
  p = sample_tour();
  p.destination_country = "Spain!!";
  expect_field(p, "destinationCountry");
  p.destination_country = "XX";  // two capitals, but no country's code
  expect_field(p, "destinationCountry");
  // Characters, not bytes: 200 two-byte letters fit; descriptions keep their paragraphs.
  p = sample_tour();
  std::string greek;
  for (int i = 0; i < 200; ++i) greek += "\xCE\xB1";
  p.title["el"] = greek;
  p.title["en-GB"] = "Tapas tour";
  p.description["en"] = "First paragraph.\r\n\r\nSecond paragraph:\n\t- a list";
  p.destination_country = "ES";
  EXPECT_TRUE(validate_product(p).ok()) << validate_product(p).error().message;
  p.description["en"] = "bell \x07";
  expect_field(p, "description.en", "text.control");
}

TEST(ValidateProduct, PerBookingOptionNeedsBookingPrice) {
  auto p = sample_tour();
  p.options[0].pricing_per = PricingPer::kBooking;
  // Unit rows on a per-booking option are fine; the base price is missing.
  expect_field(p, "options[0].prices", "product.basePriceRequired");
  p.options[0].prices.push_back(Price{"", 15000, 12000, {}, {}});
  EXPECT_TRUE(validate_product(p).ok());
}

TEST(Find, LooksUpById) {
  auto p = sample_tour();
  ASSERT_NE(find_option(p, "en"), nullptr);
  EXPECT_EQ(find_option(p, "fr"), nullptr);
  EXPECT_NE(find_unit(p.options[0], "child"), nullptr);
  EXPECT_EQ(find_unit(p.options[0], "senior"), nullptr);
}

}  // namespace
}  // namespace paseo::domain
