// JSON helpers over RapidJSON, for handlers in src/api/.
//
// Reading: parse_json() then typed getters that return Result with the field's path in the error
// ("'quantity' must be an integer"). Writing: JsonWriter, a thin streaming writer.
//
// Example:
//   PASEO_ASSIGN_OR_RETURN(auto doc, http::parse_json(req.body));
//   PASEO_ASSIGN_OR_RETURN(std::string product_id, http::get_string(doc.root(), "productId"));
//   http::JsonWriter w;
//   w.start_object(); w.key("id"); w.string(id); w.end_object();
//   return Response::json(200, w.take());
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace paseo::http {

// JsonValue: a read-only view of a node in a parsed document (valid while the document lives).
class JsonValue {
 public:
  JsonValue() = default;
  bool is_null() const;
  bool is_object() const;
  bool is_array() const;
  bool is_string() const;
  bool is_int() const;  // integral number fitting int64
  bool is_number() const;
  bool is_bool() const;
  bool valid() const { return node_ != nullptr; }

  std::string_view as_string() const;  // "" unless is_string()
  std::int64_t as_int() const;         // 0 unless is_int()
  double as_double() const;
  bool as_bool() const;

  // Object member or an invalid JsonValue (valid() == false) when absent.
  JsonValue get(std::string_view key) const;
  bool has(std::string_view key) const { return get(key).valid(); }
  std::vector<std::pair<std::string_view, JsonValue>> members() const;
  std::vector<JsonValue> items() const;  // array elements
  std::size_t size() const;

  explicit JsonValue(const void* node) : node_(node) {}

 private:
  const void* node_ = nullptr;  // const rapidjson::Value*
};

class JsonDocument {
 public:
  JsonDocument();
  ~JsonDocument();
  JsonDocument(JsonDocument&&) noexcept;
  JsonDocument& operator=(JsonDocument&&) noexcept;
  JsonValue root() const;

 private:
  friend Result<JsonDocument> parse_json(std::string_view text);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Parses text; kInvalidArgument "invalid JSON at offset 12: Missing a name for object member."
Result<JsonDocument> parse_json(std::string_view text);
// Parses and requires an object at the root.
Result<JsonDocument> parse_json_object(std::string_view text);

// Typed field getters; the error's field is `key`. get_* fail when missing or mistyped;
// optional_* return nullopt when missing or null and fail only when mistyped.
Result<std::string> get_string(const JsonValue& obj, std::string_view key);
Result<std::int64_t> get_int(const JsonValue& obj, std::string_view key);
Result<bool> get_bool(const JsonValue& obj, std::string_view key);
Result<std::optional<std::string>> optional_string(const JsonValue& obj, std::string_view key);
Result<std::optional<std::int64_t>> optional_int(const JsonValue& obj, std::string_view key);
Result<std::optional<bool>> optional_bool(const JsonValue& obj, std::string_view key);

// JsonWriter: streaming writer; unbalanced start/end calls are a bug.
class JsonWriter {
 public:
  JsonWriter();
  // `expected_bytes`: room reserved up front, so a large answer (a 90-day calendar is ~32 KB) is
  // not copied on every growth of the buffer.
  explicit JsonWriter(std::size_t expected_bytes);
  ~JsonWriter();
  JsonWriter& start_object();
  JsonWriter& end_object();
  JsonWriter& start_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view k);
  // A key written as a string literal in our code is plain ASCII that needs no escaping: it is
  // copied as is (checked in debug builds). Most keys of a response are literals.
  template <std::size_t N>
  JsonWriter& key(const char (&k)[N]) {
    return literal_key(std::string_view(k, N - 1));
  }
  JsonWriter& string(std::string_view v);
  JsonWriter& integer(std::int64_t v);
  JsonWriter& number(double v);
  JsonWriter& boolean(bool v);
  JsonWriter& null();
  // Writes already-serialised JSON as one value.
  JsonWriter& raw(std::string_view json);

  // Shorthands for key + value (a literal key takes the literal_key path, see key()).
  template <typename K>
  JsonWriter& field(const K& k, std::string_view v) {
    return key(k).string(v);
  }
  template <typename K>
  JsonWriter& field(const K& k, const char* v) {
    return key(k).string(v);
  }
  template <typename K>
  JsonWriter& field(const K& k, const std::string& v) {
    return key(k).string(v);
  }
  template <typename K>
  JsonWriter& field(const K& k, std::int64_t v) {
    return key(k).integer(v);
  }
  template <typename K>
  JsonWriter& field(const K& k, int v) {
    return key(k).integer(v);
  }
  template <typename K>
  JsonWriter& field(const K& k, bool v) {
    return key(k).boolean(v);
  }
  template <typename K>
  JsonWriter& field(const K& k, const std::optional<std::string>& v) {
    key(k);
    return v ? string(*v) : null();
  }
  template <typename K>
  JsonWriter& field(const K& k, const std::optional<std::int64_t>& v) {
    key(k);
    return v ? integer(*v) : null();
  }

  std::string take();  // the document; the writer is reset

 private:
  JsonWriter& literal_key(std::string_view k);

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace paseo::http
