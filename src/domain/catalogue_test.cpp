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
}

TEST(Enums, RoundTripOctoSpellings) {
  EXPECT_EQ(to_string(AvailabilityType::kOpeningHours), "OPENING_HOURS");
  EXPECT_EQ(*parse_availability_type("START_TIME"), AvailabilityType::kStartTime);
  EXPECT_EQ(*parse_unit_type("INFANT"), UnitType::kInfant);
  EXPECT_EQ(*parse_question_input("select"), QuestionInput::kSelect);
  EXPECT_FALSE(parse_unit_type("adult").ok());
  EXPECT_FALSE(parse_pricing_per("PER_UNIT").ok());
}

TEST(ValidateProduct, AcceptsSample) { EXPECT_TRUE(validate_product(sample_tour()).ok()); }

TEST(ValidateProduct, RejectsBadFieldsWithTheirPath) {
  auto expect_field = [](const Product& p, const std::string& field) {
    Status s = validate_product(p);
    ASSERT_FALSE(s.ok()) << field;
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(s.error().field, field);
  };
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
  expect_field(p, "cancellation.feePercent");
  p = sample_tour();
  p.options[0].pickup_available = true;  // no pickup points
  expect_field(p, "options[0].pickupAvailable");
  p = sample_tour();
  p.questions.push_back(
      Question{"q", QuestionScope::kBooking, QuestionInput::kSelect, true, {}, {}, {}});
  expect_field(p, "questions[0].selectOptions");
}

TEST(ValidateProduct, PerBookingOptionNeedsBookingPrice) {
  auto p = sample_tour();
  p.options[0].pricing_per = PricingPer::kBooking;
  EXPECT_FALSE(
      validate_product(p).ok());  // unit rows on a per-booking option are fine, base missing
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
