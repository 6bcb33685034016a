#include "domain/search_key.h"

#include <gtest/gtest.h>

namespace paseo::domain {
namespace {

TEST(FoldForSearch, LowerCasesAsciiAndFoldsAccentedLatinLetters) {
  EXPECT_EQ(fold_for_search("José MUÑOZ"), "jose munoz");
  EXPECT_EQ(fold_for_search("JOSÉ"), fold_for_search("josé"));
  EXPECT_EQ(fold_for_search("François Çağlar"), "francois caglar");
  EXPECT_EQ(fold_for_search("Ærøskøbing Œuvre Straße"), "aeroskobing oeuvre strasse");
  EXPECT_EQ(fold_for_search("Łódź Škoda Dvořák"), "lodz skoda dvorak");
}

TEST(FoldForSearch, KeepsOtherScriptsAndBrokenBytesAsTheyAre) {
  EXPECT_EQ(fold_for_search("Σοφία 東京"), "Σοφία 東京");
  EXPECT_EQ(fold_for_search(std::string("a\xC3") + "B"), std::string("a\xC3") + "b");  // cut UTF-8
  EXPECT_EQ(fold_for_search(""), "");
}

TEST(FoldForSearch, EveryTableLetterIsOneTwoByteCodePointFoldedToLowerAscii) {
  for (const auto& l : folded_letters()) {
    ASSERT_EQ(l.from.size(), 2u) << l.from;
    EXPECT_EQ(fold_for_search(l.from), l.to) << l.from;
    for (char c : l.to) EXPECT_TRUE(c >= 'a' && c <= 'z') << l.from;
  }
}

TEST(BookingSearchKey, NameEmailPhoneDigitsAndResellerReferenceFolded) {
  Contact c;
  c.full_name = "José Muñoz";
  c.email = "Jose.Munoz@Example.com";
  c.phone = "+34 600-11 22 33";
  EXPECT_EQ(booking_search_key(c, "RES-001"),
            "jose munoz jose.munoz@example.com 34600112233 res-001");
}

TEST(BookingSearchKey, FirstAndLastNameWhenThereIsNoFullName) {
  Contact c;
  c.first_name = "Hélène";
  c.last_name = "Dupré";
  EXPECT_EQ(booking_search_key(c, ""), "helene dupre   ");
}

TEST(BookingSearchKey, EmptyWithoutContactNorReferenceSoAHoldTakesNoIndexEntry) {
  Contact c;
  c.locales = {"es"};
  c.country = "ES";
  EXPECT_EQ(booking_search_key(c, ""), "");
  EXPECT_EQ(booking_search_key(c, "FR-77"), "   fr-77");  // a hold the reseller named
}

TEST(SearchNeedles, FoldedTextAndForAPhoneNumberItsDigitsToo) {
  using V = std::vector<std::string>;
  EXPECT_EQ(search_needles("MUÑOZ"), V{"munoz"});
  EXPECT_EQ(search_needles("+34 600 11 22"), (V{"346001122", "+34 600 11 22"}));
  EXPECT_EQ(search_needles("(600) 11-22"), (V{"6001122", "(600) 11-22"}));
  EXPECT_EQ(search_needles("2024-0001"), (V{"20240001", "2024-0001"}));  // or a reference
  EXPECT_EQ(search_needles("611223344"), V{"611223344"});
  EXPECT_EQ(search_needles("600"), V{"600"});                // three digits: not a phone
  EXPECT_EQ(search_needles("ana 600 11"), V{"ana 600 11"});  // letters: text
  EXPECT_EQ(search_needles("60+0 1122"), V{"60+0 1122"});    // '+' only leads a phone number
}

}  // namespace
}  // namespace paseo::domain
