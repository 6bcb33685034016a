// Pure unit tests of the OCTO edge helpers (no server, no database).
#include <gtest/gtest.h>

#include "api/octo/octo_errors.h"
#include "api/octo/octo_json.h"
#include "api/octo/octo_request.h"

namespace paseo::api::octo {
namespace {

TEST(OctoCapabilities, BothSpellingsTrimmedUnknownIgnored) {
  auto c = parse_capabilities(" octo/pricing,content ,  OCTO/Pickups, octo/cart, questions,extras");
  EXPECT_TRUE(c.pricing);
  EXPECT_TRUE(c.content);
  EXPECT_TRUE(c.pickups);
  EXPECT_TRUE(c.questions);
  EXPECT_TRUE(c.extras);
  EXPECT_EQ(c.header_value(),
            "octo/pricing, octo/content, octo/pickups, octo/questions, octo/extras");
  EXPECT_EQ(parse_capabilities("").header_value(), "");
  EXPECT_EQ(parse_capabilities("octo/webhooks").header_value(), "");
}

TEST(OctoLanguage, QValuesAndFallback) {
  EXPECT_EQ(negotiate_language("fr-CA,fr;q=0.9,en;q=0.5", "en"), "fr");
  EXPECT_EQ(negotiate_language("de, en;q=0.2, es;q=0.8", "en"), "es");
  EXPECT_EQ(negotiate_language("de", "en"), "en");
  EXPECT_EQ(negotiate_language("", "es"), "es");
}

TEST(OctoUuid, Format) {
  EXPECT_TRUE(is_uuid("2fb67ebe-53ad-418b-9c3f-34d6a5a0977c"));
  EXPECT_TRUE(is_uuid("2FB67EBE-53AD-418B-9C3F-34D6A5A0977C"));
  EXPECT_FALSE(is_uuid("2fb67ebe53ad418b9c3f34d6a5a0977c"));
  EXPECT_FALSE(is_uuid("2fb67ebe-53ad-418b-9c3f-34d6a5a0977g"));
  EXPECT_FALSE(is_uuid(""));
}

TEST(OctoErrors, BodiesCarryTheOffendingId) {
  auto e = OctoError::invalid(OctoCode::kInvalidProductId, "unknown product", "nope");
  EXPECT_EQ(
      octo_error_json(e),
      R"({"error":"INVALID_PRODUCT_ID","errorMessage":"unknown product","productId":"nope"})");
  EXPECT_EQ(octo_http_status(e), 400);
  EXPECT_EQ(octo_http_status({OctoCode::kUnauthorized, "x", {}, {}, 0}), 401);
  EXPECT_EQ(octo_http_status({OctoCode::kForbidden, "x", {}, {}, 0}), 403);
  auto bad = OctoError::bad_request("'units' must be an array", "units");
  EXPECT_EQ(octo_error_json(bad),
            R"({"error":"BAD_REQUEST","errorMessage":"'units' must be an array","field":"units"})");
}

TEST(OctoErrors, AppErrorsMapToOctoCodes) {
  EXPECT_EQ(from_error(Error::not_found("x", "optionId"), "o").code, OctoCode::kInvalidOptionId);
  EXPECT_EQ(from_error(Error::not_found("x", "uuid"), "u").value, "u");
  EXPECT_EQ(from_error(Error::sold_out("x")).code, OctoCode::kUnprocessableEntity);
  EXPECT_EQ(from_error(Error::failed_precondition("x")).code, OctoCode::kUnprocessableEntity);
  EXPECT_EQ(from_error(Error::conflict("x", "uuid")).code, OctoCode::kUnprocessableEntity);
  EXPECT_EQ(from_error(Error::invalid_argument("x", "localDate")).code, OctoCode::kBadRequest);
  auto internal = from_error(Error::internal("secret detail"));
  EXPECT_EQ(internal.code, OctoCode::kInternalServerError);
  EXPECT_EQ(internal.message.find("secret"), std::string::npos);
  EXPECT_EQ(octo_http_status(from_error(Error::unavailable("db"))), 503);
}

TEST(OctoJson, CancellationCutoffText) {
  EXPECT_EQ(cancellation_cutoff(120).text, "2 hours");
  EXPECT_EQ(cancellation_cutoff(60).unit, "hour");
  EXPECT_EQ(cancellation_cutoff(2880).text, "2 days");
  EXPECT_EQ(cancellation_cutoff(45).text, "45 minutes");
  EXPECT_EQ(cancellation_cutoff(0).amount, 0);
}

TEST(OctoRequest, CheckNeedsExactlyOneSelector) {
  auto parse = [](const char* body) {
    auto doc = parse_body_object(body);
    EXPECT_TRUE(doc.ok());
    return parse_check_request(doc.value().root());
  };
  EXPECT_TRUE(parse(R"({"productId":"p","optionId":"o","localDate":"2027-01-02"})").ok());
  EXPECT_TRUE(parse(R"({"productId":"p","optionId":"o","availabilityIds":["x"]})").ok());
  EXPECT_FALSE(parse(R"({"productId":"p","optionId":"o"})").ok());
  EXPECT_FALSE(parse(R"({"productId":"p","optionId":"o","localDate":"2027-01-02",
                         "availabilityIds":["x"]})")
                   .ok());
  EXPECT_FALSE(parse(R"({"productId":"p","optionId":"o","localDateStart":"2027-01-02"})").ok());
}

TEST(OctoRequest, ReservationUnitItemsRules) {
  auto parse = [](const char* body) {
    auto doc = parse_body_object(body);
    EXPECT_TRUE(doc.ok());
    return parse_booking_input(doc.value().root(), false);
  };
  auto missing = parse(R"({"productId":"p","optionId":"o","availabilityId":"a"})");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, OctoCode::kUnprocessableEntity);
  auto empty = parse(R"({"productId":"p","optionId":"o","unitItems":[]})");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, OctoCode::kUnprocessableEntity);
  auto wrong = parse(R"({"productId":"p","optionId":"o","unitItems":"adult"})");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, OctoCode::kBadRequest);
  auto ok = parse(R"({"uuid":"2FB67EBE-53AD-418B-9C3F-34D6A5A0977C","productId":"p",
                      "optionId":"o","unitItems":[{"unitId":"adult"}],"notes":null})");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok.value().uuid, "2fb67ebe-53ad-418b-9c3f-34d6a5a0977c");  // normalised
  EXPECT_TRUE(ok.value().notes.has_value());
  EXPECT_FALSE(ok.value().notes->has_value());
}

}  // namespace
}  // namespace paseo::api::octo
