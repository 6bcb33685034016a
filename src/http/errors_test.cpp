#include "http/errors.h"

#include <gtest/gtest.h>

namespace paseo::http {
namespace {

TEST(ErrorsTest, StatusTable) {
  EXPECT_EQ(http_status_for(ErrorCode::kInvalidArgument), 400);
  EXPECT_EQ(http_status_for(ErrorCode::kUnauthenticated), 401);
  EXPECT_EQ(http_status_for(ErrorCode::kPermissionDenied), 403);
  EXPECT_EQ(http_status_for(ErrorCode::kNotFound), 404);
  EXPECT_EQ(http_status_for(ErrorCode::kConflict), 409);
  EXPECT_EQ(http_status_for(ErrorCode::kFailedPrecondition), 409);
  EXPECT_EQ(http_status_for(ErrorCode::kSoldOut), 409);
  EXPECT_EQ(http_status_for(ErrorCode::kRateLimited), 429);
  EXPECT_EQ(http_status_for(ErrorCode::kPayloadTooLarge), 413);
  EXPECT_EQ(http_status_for(ErrorCode::kUnavailable), 503);
  EXPECT_EQ(http_status_for(ErrorCode::kInternal), 500);
}

TEST(ErrorsTest, JsonBodyWithField) {
  Response r = error_response(Error::invalid_argument("'quantity' must be an integer", "quantity"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.headers["Content-Type"], "application/json");
  EXPECT_EQ(
      r.body,
      R"({"error":{"code":"INVALID_ARGUMENT","message":"'quantity' must be an integer","field":"quantity"}})");
}

TEST(ErrorsTest, FieldOmittedWhenEmptyAndMessageEscaped) {
  Response r = error_response(Error::not_found("booking \"42\" not found"));
  EXPECT_EQ(r.body, R"({"error":{"code":"NOT_FOUND","message":"booking \"42\" not found"}})");
}

TEST(ErrorsTest, MessageKeyAndItsParametersFollowTheMessage) {
  Response r = error_response(Error::sold_out("only 2 seats left on this departure")
                                  .with_key("booking.seatsLeft", {{"left", "2"}, {"q", "\"x\""}}));
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(
      r.body,
      R"({"error":{"code":"SOLD_OUT","message":"only 2 seats left on this departure","key":"booking.seatsLeft","params":{"left":"2","q":"\"x\""}}})");
  Response bare = error_response(Error::rate_limited("slow down").with_key("auth.tooManyAttempts"));
  EXPECT_EQ(
      bare.body,
      R"({"error":{"code":"RATE_LIMITED","message":"slow down","key":"auth.tooManyAttempts"}})");
}

TEST(ErrorsTest, InternalDetailIsHidden) {
  Response r = error_response(Error::internal("SQLITE_CORRUPT in bookings"));
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body, R"({"error":{"code":"INTERNAL","message":"internal error"}})");
  // A key would name what the message hides.
  Response keyed = error_response(Error::internal("x").with_key("booking.soldOut"));
  EXPECT_EQ(keyed.body, R"({"error":{"code":"INTERNAL","message":"internal error"}})");
}

TEST(ErrorsTest, UnauthenticatedNamesAScheme) {
  Response r = error_response(Error::unauthenticated("missing API key"));
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.headers["WWW-Authenticate"], "Bearer");
}

}  // namespace
}  // namespace paseo::http
