#include "storage/sql_dialect.h"

#include <gtest/gtest.h>

namespace paseo::storage {
namespace {

TEST(SqlDialect, RewritesNumberedPlaceholders) {
  EXPECT_EQ(rewrite_placeholders_for_sqlite("SELECT $2, $1"), "SELECT ?2, ?1");
  EXPECT_EQ(rewrite_placeholders_for_sqlite("UPDATE slots SET booked=booked+$1 WHERE id=$2 AND "
                                            "booked+$1<=capacity"),
            "UPDATE slots SET booked=booked+?1 WHERE id=?2 AND booked+?1<=capacity");
  EXPECT_EQ(rewrite_placeholders_for_sqlite("VALUES($10,$11)"), "VALUES(?10,?11)");
  EXPECT_EQ(rewrite_placeholders_for_sqlite("$1"), "?1");
  EXPECT_EQ(rewrite_placeholders_for_sqlite(""), "");
}

TEST(SqlDialect, LeavesStringLiteralsAlone) {
  EXPECT_EQ(rewrite_placeholders_for_sqlite("SELECT '$1', $1"), "SELECT '$1', ?1");
  EXPECT_EQ(rewrite_placeholders_for_sqlite("SELECT 'it''s $2 here', $2"),
            "SELECT 'it''s $2 here', ?2");
  // Unterminated literal: nothing after the quote is touched.
  EXPECT_EQ(rewrite_placeholders_for_sqlite("SELECT $1, 'oops $2"), "SELECT ?1, 'oops $2");
}

TEST(SqlDialect, LeavesQuotedIdentifiersAlone) {
  EXPECT_EQ(rewrite_placeholders_for_sqlite(R"(SELECT "col$1", "a""$2" FROM t WHERE x=$3)"),
            R"(SELECT "col$1", "a""$2" FROM t WHERE x=?3)");
}

TEST(SqlDialect, LeavesCommentsAlone) {
  EXPECT_EQ(rewrite_placeholders_for_sqlite("SELECT $1 -- not $2\n, $3"),
            "SELECT ?1 -- not $2\n, ?3");
  EXPECT_EQ(rewrite_placeholders_for_sqlite("SELECT /* $1 */ $2 /* unterminated $3"),
            "SELECT /* $1 */ ?2 /* unterminated $3");
}

TEST(SqlDialect, LeavesDollarsThatAreNotPlaceholders) {
  EXPECT_EQ(rewrite_placeholders_for_sqlite("SELECT $$body$$, a$1, $x"),
            "SELECT $$body$$, a$1, $x");
  EXPECT_EQ(rewrite_placeholders_for_sqlite("SELECT $"), "SELECT $");
}

TEST(SqlDialect, MaxPlaceholderIndex) {
  EXPECT_EQ(max_placeholder_index("SELECT 1"), 0);
  EXPECT_EQ(max_placeholder_index("SELECT $2, $1, '$9' -- $8"), 2);
  EXPECT_EQ(max_placeholder_index("SELECT $12"), 12);
}

}  // namespace
}  // namespace paseo::storage
