#include "common/money.h"

#include <gtest/gtest.h>

namespace paseo {
namespace {

TEST(Money, KnowsCurrencyPrecision) {
  EXPECT_EQ(currency_precision("EUR").value(), 2);
  EXPECT_EQ(currency_precision("JPY").value(), 0);
  EXPECT_EQ(currency_precision("KWD").value(), 3);
  EXPECT_FALSE(currency_precision("eur").ok());
  EXPECT_FALSE(is_valid_currency("XXX1"));
}

TEST(Money, AppliesBasisPointsWithHalfAwayFromZeroRounding) {
  EXPECT_EQ(apply_basis_points(10000, 2000), 2000);  // 20% of 100.00
  EXPECT_EQ(apply_basis_points(1005, 5000), 503);    // 50% of 10.05 = 5.025 -> 5.03
  EXPECT_EQ(apply_basis_points(-1005, 5000), -503);
  EXPECT_EQ(apply_basis_points(3333, 1), 0);
}

}  // namespace
}  // namespace paseo
