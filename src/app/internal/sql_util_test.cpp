#include "app/internal/sql_util.h"

#include <gtest/gtest.h>

namespace paseo::app::internal {
namespace {

TEST(SqlPart, NextParamFollowsItsParameters) {
  EXPECT_EQ((SqlPart{"x", {}}).next_param(), "$1");
  EXPECT_EQ((SqlPart{"(SELECT id FROM t WHERE a = $1 AND b = $2)", {v(1), v(2)}}).next_param(),
            "$3");
}

TEST(SqlPart, AfterRenumbersEveryParameterAndKeepsTheRest) {
  const SqlPart part{"(SELECT x FROM t WHERE a = $1 AND (b = $2 OR c = $2) AND d = $10)",
                     {v(1), v(2)}};
  const SqlPart moved = after(3, part);
  EXPECT_EQ(moved.sql, "(SELECT x FROM t WHERE a = $4 AND (b = $5 OR c = $5) AND d = $13)");
  EXPECT_EQ(moved.params, part.params);
  EXPECT_EQ(after(0, part).sql, part.sql);
  // A lone '$' (no digits after it) is left as it is.
  EXPECT_EQ(after(2, SqlPart{"'$' || $1 || '$", {v(1)}}).sql, "'$' || $3 || '$");
}

}  // namespace
}  // namespace paseo::app::internal
