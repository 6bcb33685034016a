#include "http/json.h"

#include <limits>

#include <gtest/gtest.h>

namespace paseo::http {
namespace {

TEST(JsonTest, ParsesAndReadsTypedFields) {
  auto doc = parse_json_object(R"({"productId":"p1","quantity":3,"paid":true,"note":null,
                                   "big":9007199254740993,"price":1.5,"list":[1,2,3],"o":{"a":1}})");
  ASSERT_TRUE(doc.ok()) << doc.error().to_string();
  JsonValue root = doc->root();
  EXPECT_EQ(*get_string(root, "productId"), "p1");
  EXPECT_EQ(*get_int(root, "quantity"), 3);
  EXPECT_EQ(*get_int(root, "big"), 9007199254740993);
  EXPECT_TRUE(*get_bool(root, "paid"));
  EXPECT_EQ(*optional_string(root, "note"), std::nullopt);
  EXPECT_EQ(*optional_string(root, "absent"), std::nullopt);
  EXPECT_EQ(*optional_int(root, "quantity"), 3);
  EXPECT_EQ(*optional_bool(root, "paid"), true);
  EXPECT_DOUBLE_EQ(root.get("price").as_double(), 1.5);
  EXPECT_FALSE(root.get("price").is_int());
  EXPECT_EQ(root.get("list").size(), 3u);
  EXPECT_EQ(root.get("list").items()[2].as_int(), 3);
  EXPECT_EQ(root.get("o").members().size(), 1u);
  EXPECT_EQ(root.get("o").members()[0].first, "a");
  EXPECT_FALSE(root.get("missing").valid());
  EXPECT_FALSE(root.has("missing"));
}

TEST(JsonTest, GetterErrorsNameTheField) {
  auto doc = parse_json_object(R"({"quantity":"3","name":5,"flag":1,"frac":2.5})");
  ASSERT_TRUE(doc.ok());
  auto q = get_int(doc->root(), "quantity");
  ASSERT_FALSE(q.ok());
  EXPECT_EQ(q.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(q.error().message, "'quantity' must be an integer");
  EXPECT_EQ(q.error().field, "quantity");
  EXPECT_EQ(get_int(doc->root(), "frac").error().message, "'frac' must be an integer");
  EXPECT_EQ(get_string(doc->root(), "name").error().message, "'name' must be a string");
  EXPECT_EQ(get_bool(doc->root(), "flag").error().field, "flag");
  auto missing = get_string(doc->root(), "productId");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "'productId' is required");
  EXPECT_EQ(missing.error().field, "productId");
  EXPECT_FALSE(optional_string(doc->root(), "name").ok());
  EXPECT_FALSE(optional_int(doc->root(), "quantity").ok());
  EXPECT_FALSE(optional_bool(doc->root(), "flag").ok());
}

TEST(JsonTest, IntegersOutsideInt64AreNotInts) {
  auto doc = parse_json_object(R"({"huge":18446744073709551615,"neg":-9223372036854775808})");
  ASSERT_TRUE(doc.ok());
  EXPECT_FALSE(get_int(doc->root(), "huge").ok());
  EXPECT_EQ(*get_int(doc->root(), "neg"), std::numeric_limits<std::int64_t>::min());
}

TEST(JsonTest, InvalidJsonSaysWhere) {
  auto doc = parse_json(R"({"a": })");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(doc.error().message.rfind("invalid JSON at offset 6: ", 0), 0u) << doc.error().message;
  EXPECT_FALSE(parse_json("").ok());
  EXPECT_FALSE(parse_json("{} {}").ok());  // trailing garbage
  EXPECT_FALSE(parse_json("[1,]").ok());
  EXPECT_FALSE(parse_json("NaN").ok());
  EXPECT_FALSE(parse_json("{'a':1}").ok());
}

TEST(JsonTest, RootMustBeAnObjectWhenAsked) {
  EXPECT_TRUE(parse_json("[1]").ok());
  auto arr = parse_json_object("[1]");
  ASSERT_FALSE(arr.ok());
  EXPECT_EQ(arr.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(parse_json_object("\"s\"").ok());
}

TEST(JsonTest, InvalidUtf8IsRejected) {
  EXPECT_FALSE(parse_json("{\"a\":\"\xff\xfe\"}").ok());
  EXPECT_FALSE(parse_json("{\"a\":\"\xc3\"}").ok());
  EXPECT_TRUE(parse_json("{\"a\":\"caf\xc3\xa9\"}").ok());
}

TEST(JsonTest, DeepNestingIsRefusedWithoutCrashing) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  auto doc = parse_json(deep);
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.error().message.find("nested deeper than"), std::string::npos);
  const std::string deep_obj = [] {
    std::string s;
    for (int i = 0; i < 100; ++i) s += "{\"a\":";
    s += "1";
    for (int i = 0; i < 100; ++i) s += "}";
    return s;
  }();
  EXPECT_FALSE(parse_json(deep_obj).ok());
  const std::string ok_depth = std::string(64, '[') + std::string(64, ']');
  EXPECT_TRUE(parse_json(ok_depth).ok());
  EXPECT_FALSE(parse_json(std::string(65, '[') + std::string(65, ']')).ok());
}

TEST(JsonTest, StringsWithNulAndEscapes) {
  auto doc = parse_json(R"({"a":"x\u0000y","k\u0000":"\"q\""})");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->root().get("a").as_string(), std::string_view("x\0y", 3));
  EXPECT_EQ(doc->root().get(std::string_view("k\0", 2)).as_string(), "\"q\"");
  EXPECT_FALSE(doc->root().get("k").valid());
}

TEST(JsonTest, DocumentsMove) {
  auto doc = parse_json_object(R"({"a":"b"})");
  ASSERT_TRUE(doc.ok());
  JsonDocument moved = std::move(doc).value();
  EXPECT_EQ(*get_string(moved.root(), "a"), "b");
}

TEST(JsonTest, WriterProducesCompactJson) {
  JsonWriter w;
  w.start_object()
      .field("id", "b-1")
      .field("qty", 2)
      .field("big", std::int64_t{-9007199254740993})
      .field("ok", true)
      .field("none", std::optional<std::string>())
      .field("some", std::optional<std::int64_t>(7))
      .key("price")
      .number(12.5)
      .key("nan")
      .number(std::numeric_limits<double>::quiet_NaN())
      .key("list")
      .start_array()
      .string("a\"b\n")
      .null()
      .end_array()
      .key("raw")
      .raw(R"({"x":1})")
      .end_object();
  EXPECT_EQ(w.take(),
            R"({"id":"b-1","qty":2,"big":-9007199254740993,"ok":true,"none":null,"some":7,)"
            R"("price":12.5,"nan":null,"list":["a\"b\n",null],"raw":{"x":1}})");
  // take() resets the writer.
  w.start_array().integer(1).end_array();
  EXPECT_EQ(w.take(), "[1]");
}

TEST(JsonTest, WriterEscapesLikeRapidJson) {
  JsonWriter w;
  w.start_object()
      .field(std::string_view("k\"ey"), std::string_view("tab\there\x01\x1f/\\ end\r\b\f"))
      .key("n")
      .start_array()
      .number(1.0)
      .number(-0.25)
      .number(1e21)
      .integer(std::numeric_limits<std::int64_t>::min())
      .end_array()
      .key("empty")
      .start_object()
      .end_object()
      .end_object();
  EXPECT_EQ(w.take(), R"({"k\"ey":"tab\there\u0001\u001F/\\ end\r\b\f","n":[1.0,-0.25,1e21,)"
                      R"(-9223372036854775808],"empty":{}})");
}

TEST(JsonTest, WriterRoundTripsThroughTheParser) {
  JsonWriter w;
  w.start_object().field("name", std::string("Zoë \x01 \\")).end_object();
  auto doc = parse_json_object(w.take());
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(*get_string(doc->root(), "name"), "Zoë \x01 \\");
}

TEST(JsonTest, WriterKeepsUtf8AndRepairsWhatIsNot) {
  // Well-formed sequences of every length pass untouched, up to the last code point.
  const std::string good = "a\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF";
  JsonWriter w;
  w.string(good);
  EXPECT_EQ(w.take(), "\"" + good + "\"");
  // Each byte that starts no well-formed sequence becomes U+FFFD: stray continuation and
  // invalid bytes, an overlong form, a surrogate, a code point past U+10FFFF, a sequence cut
  // short by the end of the text (as a percent-decoded path may hold).
  const std::string fffd = "\xEF\xBF\xBD";
  for (const auto& [in, out] : std::vector<std::pair<std::string, std::string>>{
           {"x\xFF\xFEy", "x" + fffd + fffd + "y"},
           {"\x80", fffd},
           {"\xC0\xAF", fffd + fffd},
           {"\xE0\x80\xAF", fffd + fffd + fffd},
           {"\xED\xA0\x80", fffd + fffd + fffd},
           {"\xF4\x90\x80\x80", fffd + fffd + fffd + fffd},
           {"ab\xE2\x82", "ab" + fffd + fffd},
           {"\xC3", fffd},
       }) {
    w.string(in);
    EXPECT_EQ(w.take(), "\"" + out + "\"") << in;
  }
  // What the writer produces always parses, whatever bytes it was given.
  std::string every_byte;
  for (int c = 0; c < 256; ++c) every_byte.push_back(static_cast<char>(c));
  w.start_object().field("k", every_byte).end_object();
  EXPECT_TRUE(parse_json_object(w.take()).ok());
}

}  // namespace
}  // namespace paseo::http
