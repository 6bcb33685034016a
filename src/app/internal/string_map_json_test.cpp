#include "app/internal/string_map_json.h"

#include <gtest/gtest.h>

namespace paseo::app::internal {
namespace {

TEST(StringMapJson, RoundTripsNamesAndValuesAsSent) {
  const StringMap map = {{"reason", "Tormenta \"fuerte\"\n¡sí!"}, {"seats", "2"}, {"empty", ""}};
  auto json = encode_string_map(map, "history param");
  ASSERT_TRUE(json.ok()) << json.error().to_string();
  EXPECT_EQ(*json, R"({"empty":"","reason":"Tormenta \"fuerte\"\n¡sí!","seats":"2"})");
  auto back = decode_string_map(*json, "history param");
  ASSERT_TRUE(back.ok()) << back.error().to_string();
  EXPECT_EQ(*back, map);
  EXPECT_EQ(*encode_string_map({}, "x"), "{}");
}

TEST(StringMapJson, RefusesWhatIsNotAnObjectOfStrings) {
  EXPECT_EQ(encode_string_map({{"bad", "\xff"}}, "history param").error().message,
            "history param 'bad' is not valid UTF-8");
  for (const char* json :
       {"", "[]", "\"x\"", R"({"seats":2})", R"({"a":"b")", "{\"a\":\"\xff\"}"}) {
    auto r = decode_string_map(json, "history param");
    ASSERT_FALSE(r.ok()) << json;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << json;
  }
  EXPECT_EQ(decode_string_map(R"({"seats":2})", "history param").error().message,
            "history param 'seats' is not a string");
}

}  // namespace
}  // namespace paseo::app::internal
