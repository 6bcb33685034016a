#include "common/result.h"

#include <gtest/gtest.h>

namespace paseo {
namespace {

Result<int> parse_positive(int v) {
  if (v <= 0) return Error::invalid_argument("must be positive", "quantity");
  return v;
}

Result<int> doubled(int v) {
  PASEO_ASSIGN_OR_RETURN(int x, parse_positive(v));
  return x * 2;
}

Status check(int v) {
  PASEO_RETURN_IF_ERROR(parse_positive(v));
  return {};
}

TEST(Result, CarriesValueOrError) {
  EXPECT_EQ(doubled(4).value(), 8);
  const auto r = doubled(-1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, "quantity");
  EXPECT_EQ(r.error().to_string(), "INVALID_ARGUMENT: must be positive [quantity]");
}

TEST(Result, StatusPropagatesErrors) {
  EXPECT_TRUE(check(1).ok());
  EXPECT_EQ(check(0).error().code, ErrorCode::kInvalidArgument);
}

TEST(Result, EveryCodeHasAName) {
  EXPECT_EQ(error_code_name(ErrorCode::kSoldOut), "SOLD_OUT");
  EXPECT_EQ(error_code_name(ErrorCode::kNotFound), "NOT_FOUND");
}

}  // namespace
}  // namespace paseo
