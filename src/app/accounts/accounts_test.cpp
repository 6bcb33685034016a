#include "app/accounts/accounts.h"

#include <gtest/gtest.h>

#include "app/accounts/internal/util.h"

namespace paseo::app::accounts {
namespace {

TEST(Passwords, Argon2idRoundTrip) {
  auto h = hash_password("correct horse battery");
  ASSERT_TRUE(h.ok()) << h.error().to_string();
  EXPECT_EQ(h->rfind("$argon2id$", 0), 0u) << *h;
  EXPECT_TRUE(verify_password(*h, "correct horse battery"));
  EXPECT_FALSE(verify_password(*h, "correct horse batterY"));
  EXPECT_FALSE(verify_password(*h, ""));
  EXPECT_FALSE(verify_password("", "correct horse battery"));
  EXPECT_FALSE(verify_password("$argon2id$garbage", "correct horse battery"));
  // Salted: the same password hashes differently.
  auto h2 = hash_password("correct horse battery");
  ASSERT_TRUE(h2.ok());
  EXPECT_NE(*h, *h2);
}

TEST(Util, ListsQuotesAndLocales) {
  EXPECT_EQ(internal::join_lines({"Madrid", "Toledo"}), "Madrid\nToledo");
  EXPECT_EQ(internal::split_lines("Madrid\nToledo"),
            (std::vector<std::string>{"Madrid", "Toledo"}));
  EXPECT_TRUE(internal::split_lines("").empty());
  EXPECT_EQ(internal::json_quote("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\n\\u0001\"");
  EXPECT_EQ(internal::normalize_locale("fr-FR,fr;q=0.9"), "fr");
  EXPECT_EQ(internal::normalize_locale("ES"), "es");
  EXPECT_EQ(internal::normalize_locale("de"), "en");
  EXPECT_EQ(internal::normalize_locale(""), "en");
  EXPECT_TRUE(internal::check_email("ana@example.com").ok());
  EXPECT_EQ(internal::check_email("ana@example").error().field, "email");
}

}  // namespace
}  // namespace paseo::app::accounts
