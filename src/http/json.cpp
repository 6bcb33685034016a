#include "http/json.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/internal/dtoa.h>
#include <rapidjson/reader.h>

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
  return Error::invalid_argument(fmt::format("'{}' is required", key), std::string(key))
      .with_key("field.required");
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
//
// Our own compact writer rather than rapidjson::Writer: responses are mostly constant ASCII keys
// and short strings, and RapidJSON escapes byte by byte through its stream (a quarter of the CPU
// of a 90-day OCTO calendar went there). Here runs of bytes that need no escaping are appended in
// one go. Output is RapidJSON's: same escapes, numbers through its own dtoa; and text that is not
// UTF-8 is repaired rather than copied (append_escaped).

namespace {

// 0: copy as is; 'U': the first byte of a multi-byte UTF-8 sequence, checked before it is copied;
// otherwise the character after the backslash ('u' for \u00XX).
constexpr std::array<char, 256> kEscape = [] {
  std::array<char, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[static_cast<std::size_t>(c)] = 'u';
  for (int c = 0x80; c < 0x100; ++c) t[static_cast<std::size_t>(c)] = 'U';
  t['\b'] = 'b';
  t['\f'] = 'f';
  t['\n'] = 'n';
  t['\r'] = 'r';
  t['\t'] = 't';
  t['"'] = '"';
  t['\\'] = '\\';
  return t;
}();

// Length of the well-formed UTF-8 sequence (RFC 3629: no overlong forms, no surrogates, nothing
// past U+10FFFF) that starts at `p`, or 0 when the bytes are not one.
std::size_t utf8_sequence_length(const char* p, const char* end) {
  const auto byte = [&](std::size_t i) {
    return p + i < end ? static_cast<unsigned char>(p[i]) : 0u;
  };
  const auto cont = [&](std::size_t i) { return (byte(i) & 0xC0u) == 0x80u; };
  const unsigned b0 = byte(0);
  if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1) ? 2 : 0;
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    const unsigned b1 = byte(1);
    const bool first_ok = b0 == 0xE0   ? (b1 >= 0xA0 && b1 <= 0xBF)
                          : b0 == 0xED ? (b1 >= 0x80 && b1 <= 0x9F)
                                       : cont(1);
    return first_ok && cont(2) ? 3 : 0;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    const unsigned b1 = byte(1);
    const bool first_ok = b0 == 0xF0   ? (b1 >= 0x90 && b1 <= 0xBF)
                          : b0 == 0xF4 ? (b1 >= 0x80 && b1 <= 0x8F)
                                       : cont(1);
    return first_ok && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

// Writes `v` as a JSON string. Text that is not UTF-8 (a percent-decoded path echoed in an error,
// bytes read from an old row) would make the whole answer invalid JSON for a strict client, so
// each byte that does not start a well-formed sequence becomes U+FFFD, as a decoder would show it.
void append_escaped(std::string& out, std::string_view v) {
  out.push_back('"');
  const char* run = v.data();
  const char* const end = v.data() + v.size();
  for (const char* p = run; p != end; ++p) {
    const char e = kEscape[static_cast<unsigned char>(*p)];
    if (e == 0) continue;
    if (e == 'U') {
      if (const std::size_t n = utf8_sequence_length(p, end); n != 0) {
        p += n - 1;
        continue;
      }
      out.append(run, static_cast<std::size_t>(p - run));
      out.append("\xEF\xBF\xBD");
      run = p + 1;
      continue;
    }
    out.append(run, static_cast<std::size_t>(p - run));
    out.push_back('\\');
    out.push_back(e);
    if (e == 'u') {
      static constexpr char kHex[] = "0123456789ABCDEF";
      const auto c = static_cast<unsigned char>(*p);
      out.append("00");
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
    run = p + 1;
  }
  out.append(run, static_cast<std::size_t>(end - run));
  out.push_back('"');
}

}  // namespace

struct JsonWriter::Impl {
  std::string out;
  // Per open object/array: whether it already holds a member (the next one needs a comma).
  // Bytes, not std::vector<bool>: this is read and written for every value written.
  std::vector<char> has_member;
  bool after_key = false;

  // Separator before a key or a value: true when a comma must be written first.
  bool needs_comma() {
    if (after_key) {
      after_key = false;
      return false;
    }
    if (has_member.empty()) return false;
    const bool comma = has_member.back();
    has_member.back() = true;
    return comma;
  }
  void prefix() {
    if (needs_comma()) out.push_back(',');
  }
  void open(char c) {
    prefix();
    out.push_back(c);
    has_member.push_back(false);
  }
  void close(char c) {
    assert(!has_member.empty() && !after_key && "unbalanced JsonWriter calls");
    has_member.pop_back();
    out.push_back(c);
  }
};

JsonWriter::JsonWriter() : JsonWriter(1024) {}
JsonWriter::JsonWriter(std::size_t expected_bytes) : impl_(std::make_unique<Impl>()) {
  impl_->out.reserve(expected_bytes);
}
JsonWriter::~JsonWriter() = default;

JsonWriter& JsonWriter::start_object() {
  impl_->open('{');
  return *this;
}
JsonWriter& JsonWriter::end_object() {
  impl_->close('}');
  return *this;
}
JsonWriter& JsonWriter::start_array() {
  impl_->open('[');
  return *this;
}
JsonWriter& JsonWriter::end_array() {
  impl_->close(']');
  return *this;
}
JsonWriter& JsonWriter::key(std::string_view k) {
  impl_->prefix();
  append_escaped(impl_->out, k);
  impl_->out.push_back(':');
  impl_->after_key = true;
  return *this;
}
JsonWriter& JsonWriter::literal_key(std::string_view k) {
  assert(std::all_of(k.begin(), k.end(),
                     [](char c) { return kEscape[static_cast<unsigned char>(c)] == 0; }) &&
         "a literal JSON key needs escaping");
  // One append of `,"key":` rather than four: keys are most of the writes in a large answer.
  const bool comma = impl_->needs_comma();
  auto& out = impl_->out;
  char buf[64];
  if (k.size() + 4 <= sizeof buf) {
    char* p = buf;
    if (comma) *p++ = ',';
    *p++ = '"';
    std::memcpy(p, k.data(), k.size());
    p += k.size();
    *p++ = '"';
    *p++ = ':';
    out.append(buf, static_cast<std::size_t>(p - buf));
  } else {
    if (comma) out.push_back(',');
    out.push_back('"');
    out.append(k);
    out.append("\":", 2);
  }
  impl_->after_key = true;
  return *this;
}
JsonWriter& JsonWriter::string(std::string_view v) {
  impl_->prefix();
  append_escaped(impl_->out, v);
  return *this;
}
JsonWriter& JsonWriter::integer(std::int64_t v) {
  char buf[24];
  char* p = buf;
  if (impl_->needs_comma()) *p++ = ',';
  const auto r = std::to_chars(p, buf + sizeof buf, v);
  impl_->out.append(buf, r.ptr);
  return *this;
}
JsonWriter& JsonWriter::number(double v) {
  // JSON has no NaN/Infinity: those are written as null.
  if (!std::isfinite(v)) return null();
  impl_->prefix();
  char buf[32];
  const char* end = rapidjson::internal::dtoa(v, buf);
  impl_->out.append(buf, static_cast<std::size_t>(end - buf));
  return *this;
}
JsonWriter& JsonWriter::boolean(bool v) {
  impl_->prefix();
  impl_->out.append(v ? "true" : "false");
  return *this;
}
JsonWriter& JsonWriter::null() {
  impl_->prefix();
  impl_->out.append("null");
  return *this;
}
JsonWriter& JsonWriter::raw(std::string_view json) {
  impl_->prefix();
  impl_->out.append(json);
  return *this;
}

std::string JsonWriter::take() {
  assert(impl_->has_member.empty() && !impl_->after_key && "unbalanced JsonWriter calls");
  std::string out = std::move(impl_->out);
  impl_->out.clear();
  impl_->has_member.clear();
  impl_->after_key = false;
  return out;
}

}  // namespace paseo::http
