#include "http/json.h"

#include <cassert>
#include <cmath>
#include <string>

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace paseo::http {
namespace {

using rapidjson::Document;
using rapidjson::Value;

// Deeper documents are refused: nothing Paseo accepts nests beyond a handful of levels, and a
// limit keeps hostile input ("[[[[…") from costing stack or memory.
constexpr int kMaxDepth = 64;

const Value* node(const void* p) { return static_cast<const Value*>(p); }

// Forwards SAX events to the document while counting nesting depth.
struct DepthLimitedHandler {
  Document& doc;
  int depth = 0;
  bool too_deep = false;

  bool Null() { return doc.Null(); }
  bool Bool(bool b) { return doc.Bool(b); }
  bool Int(int i) { return doc.Int(i); }
  bool Uint(unsigned i) { return doc.Uint(i); }
  bool Int64(int64_t i) { return doc.Int64(i); }
  bool Uint64(uint64_t i) { return doc.Uint64(i); }
  bool Double(double d) { return doc.Double(d); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool copy) {
    return doc.RawNumber(s, n, copy);
  }
  bool String(const char* s, rapidjson::SizeType n, bool copy) { return doc.String(s, n, copy); }
  bool Key(const char* s, rapidjson::SizeType n, bool copy) { return doc.Key(s, n, copy); }
  bool StartObject() { return enter() && doc.StartObject(); }
  bool EndObject(rapidjson::SizeType n) {
    --depth;
    return doc.EndObject(n);
  }
  bool StartArray() { return enter() && doc.StartArray(); }
  bool EndArray(rapidjson::SizeType n) {
    --depth;
    return doc.EndArray(n);
  }

  bool enter() {
    if (++depth > kMaxDepth) {
      too_deep = true;
      return false;
    }
    return true;
  }
};

Error missing(std::string_view key) {
  return Error::invalid_argument(fmt::format("'{}' is required", key), std::string(key));
}

Error mistyped(std::string_view key, std::string_view what) {
  return Error::invalid_argument(fmt::format("'{}' must be {}", key, what), std::string(key));
}

Error not_object(std::string_view key) {
  return Error::invalid_argument(fmt::format("expected a JSON object holding '{}'", key),
                                 std::string(key));
}

}  // namespace

// ---- JsonValue ----

bool JsonValue::is_null() const { return node_ && node(node_)->IsNull(); }
bool JsonValue::is_object() const { return node_ && node(node_)->IsObject(); }
bool JsonValue::is_array() const { return node_ && node(node_)->IsArray(); }
bool JsonValue::is_string() const { return node_ && node(node_)->IsString(); }
bool JsonValue::is_int() const { return node_ && node(node_)->IsInt64(); }
bool JsonValue::is_number() const { return node_ && node(node_)->IsNumber(); }
bool JsonValue::is_bool() const { return node_ && node(node_)->IsBool(); }

std::string_view JsonValue::as_string() const {
  if (!is_string()) return {};
  return {node(node_)->GetString(), node(node_)->GetStringLength()};
}
std::int64_t JsonValue::as_int() const { return is_int() ? node(node_)->GetInt64() : 0; }
double JsonValue::as_double() const { return is_number() ? node(node_)->GetDouble() : 0.0; }
bool JsonValue::as_bool() const { return is_bool() && node(node_)->GetBool(); }

JsonValue JsonValue::get(std::string_view key) const {
  if (!is_object()) return JsonValue();
  const Value& v = *node(node_);
  // Linear scan with explicit lengths: keys may hold NUL bytes, and objects here are small.
  for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
    if (std::string_view(it->name.GetString(), it->name.GetStringLength()) == key) {
      return JsonValue(&it->value);
    }
  }
  return JsonValue();
}

std::vector<std::pair<std::string_view, JsonValue>> JsonValue::members() const {
  std::vector<std::pair<std::string_view, JsonValue>> out;
  if (!is_object()) return out;
  const Value& v = *node(node_);
  out.reserve(v.MemberCount());
  for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
    out.emplace_back(std::string_view(it->name.GetString(), it->name.GetStringLength()),
                     JsonValue(&it->value));
  }
  return out;
}

std::vector<JsonValue> JsonValue::items() const {
  std::vector<JsonValue> out;
  if (!is_array()) return out;
  const Value& v = *node(node_);
  out.reserve(v.Size());
  for (const Value& item : v.GetArray()) out.emplace_back(&item);
  return out;
}

std::size_t JsonValue::size() const {
  if (is_array()) return node(node_)->Size();
  if (is_object()) return node(node_)->MemberCount();
  return 0;
}

// ---- JsonDocument ----

struct JsonDocument::Impl {
  Document doc;
};

JsonDocument::JsonDocument() : impl_(std::make_unique<Impl>()) {}
JsonDocument::~JsonDocument() = default;
JsonDocument::JsonDocument(JsonDocument&&) noexcept = default;
JsonDocument& JsonDocument::operator=(JsonDocument&&) noexcept = default;
JsonValue JsonDocument::root() const { return impl_ ? JsonValue(&impl_->doc) : JsonValue(); }

Result<JsonDocument> parse_json(std::string_view text) {
  JsonDocument result;
  Document& doc = result.impl_->doc;
  // Iterative parsing: no recursion on the C++ stack whatever the input; UTF-8 is validated so
  // handlers never see broken strings.
  constexpr unsigned kFlags =
      rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag;
  rapidjson::Reader reader;
  DepthLimitedHandler handler{doc};
  rapidjson::MemoryStream ms(text.data(), text.size());
  rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> is(ms);
  auto generator = [&](Document& d) -> bool {
    (void)d;
    return !reader.Parse<kFlags>(is, handler).IsError();
  };
  doc.Populate(generator);
  if (handler.too_deep) {
    return Error::invalid_argument(
        fmt::format("invalid JSON: nested deeper than {} levels", kMaxDepth));
  }
  if (reader.HasParseError()) {
    return Error::invalid_argument(
        fmt::format("invalid JSON at offset {}: {}", reader.GetErrorOffset(),
                    rapidjson::GetParseError_En(reader.GetParseErrorCode())));
  }
  return result;
}

Result<JsonDocument> parse_json_object(std::string_view text) {
  PASEO_ASSIGN_OR_RETURN(JsonDocument doc, parse_json(text));
  if (!doc.root().is_object())
    return Error::invalid_argument("the request body must be a JSON object");
  return doc;
}

// ---- getters ----

Result<std::string> get_string(const JsonValue& obj, std::string_view key) {
  if (!obj.is_object()) return not_object(key);
  JsonValue v = obj.get(key);
  if (!v.valid() || v.is_null()) return missing(key);
  if (!v.is_string()) return mistyped(key, "a string");
  return std::string(v.as_string());
}

Result<std::int64_t> get_int(const JsonValue& obj, std::string_view key) {
  if (!obj.is_object()) return not_object(key);
  JsonValue v = obj.get(key);
  if (!v.valid() || v.is_null()) return missing(key);
  if (!v.is_int()) return mistyped(key, "an integer");
  return v.as_int();
}

Result<bool> get_bool(const JsonValue& obj, std::string_view key) {
  if (!obj.is_object()) return not_object(key);
  JsonValue v = obj.get(key);
  if (!v.valid() || v.is_null()) return missing(key);
  if (!v.is_bool()) return mistyped(key, "true or false");
  return v.as_bool();
}

Result<std::optional<std::string>> optional_string(const JsonValue& obj, std::string_view key) {
  if (!obj.is_object()) return not_object(key);
  JsonValue v = obj.get(key);
  if (!v.valid() || v.is_null()) return std::optional<std::string>();
  if (!v.is_string()) return mistyped(key, "a string");
  return std::optional<std::string>(std::string(v.as_string()));
}

Result<std::optional<std::int64_t>> optional_int(const JsonValue& obj, std::string_view key) {
  if (!obj.is_object()) return not_object(key);
  JsonValue v = obj.get(key);
  if (!v.valid() || v.is_null()) return std::optional<std::int64_t>();
  if (!v.is_int()) return mistyped(key, "an integer");
  return std::optional<std::int64_t>(v.as_int());
}

Result<std::optional<bool>> optional_bool(const JsonValue& obj, std::string_view key) {
  if (!obj.is_object()) return not_object(key);
  JsonValue v = obj.get(key);
  if (!v.valid() || v.is_null()) return std::optional<bool>();
  if (!v.is_bool()) return mistyped(key, "true or false");
  return std::optional<bool>(v.as_bool());
}

// ---- JsonWriter ----

struct JsonWriter::Impl {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer{buffer};
};

JsonWriter::JsonWriter() : impl_(std::make_unique<Impl>()) {}
JsonWriter::~JsonWriter() = default;

JsonWriter& JsonWriter::start_object() {
  impl_->writer.StartObject();
  return *this;
}
JsonWriter& JsonWriter::end_object() {
  impl_->writer.EndObject();
  return *this;
}
JsonWriter& JsonWriter::start_array() {
  impl_->writer.StartArray();
  return *this;
}
JsonWriter& JsonWriter::end_array() {
  impl_->writer.EndArray();
  return *this;
}
JsonWriter& JsonWriter::key(std::string_view k) {
  impl_->writer.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()), true);
  return *this;
}
JsonWriter& JsonWriter::string(std::string_view v) {
  impl_->writer.String(v.data(), static_cast<rapidjson::SizeType>(v.size()), true);
  return *this;
}
JsonWriter& JsonWriter::integer(std::int64_t v) {
  impl_->writer.Int64(v);
  return *this;
}
JsonWriter& JsonWriter::number(double v) {
  // JSON has no NaN/Infinity; RapidJSON would refuse and leave the document broken.
  if (std::isfinite(v)) {
    impl_->writer.Double(v);
  } else {
    impl_->writer.Null();
  }
  return *this;
}
JsonWriter& JsonWriter::boolean(bool v) {
  impl_->writer.Bool(v);
  return *this;
}
JsonWriter& JsonWriter::null() {
  impl_->writer.Null();
  return *this;
}
JsonWriter& JsonWriter::raw(std::string_view json) {
  impl_->writer.RawValue(json.data(), json.size(), rapidjson::kObjectType);
  return *this;
}

std::string JsonWriter::take() {
  assert(impl_->writer.IsComplete() && "unbalanced JsonWriter calls");
  std::string out(impl_->buffer.GetString(), impl_->buffer.GetSize());
  impl_->buffer.Clear();
  impl_->writer.Reset(impl_->buffer);
  return out;
}

}  // namespace paseo::http
