#include "tests/support/json_mutator.h"

#include <cctype>
#include <cstdio>

#include <gtest/gtest.h>

namespace paseo::testing {

MutableJson MutableJson::raw(std::string literal) {
  return MutableJson{Kind::kRaw, std::move(literal), {}, {}};
}
MutableJson MutableJson::str(std::string value) {
  return MutableJson{Kind::kString, std::move(value), {}, {}};
}
MutableJson MutableJson::num(std::int64_t n) { return raw(std::to_string(n)); }
MutableJson MutableJson::array(std::vector<MutableJson> items) {
  return MutableJson{Kind::kArray, {}, std::move(items), {}};
}
MutableJson MutableJson::object(std::vector<std::pair<std::string, MutableJson>> members) {
  return MutableJson{Kind::kObject, {}, {}, std::move(members)};
}

MutableJson MutableJson::from(const http::JsonValue& v) {
  if (v.is_object()) {
    std::vector<std::pair<std::string, MutableJson>> members;
    for (const auto& [key, value] : v.members())
      members.emplace_back(std::string(key), from(value));
    return object(std::move(members));
  }
  if (v.is_array()) {
    std::vector<MutableJson> items;
    for (const auto& item : v.items()) items.push_back(from(item));
    return array(std::move(items));
  }
  if (v.is_string()) return str(std::string(v.as_string()));
  if (v.is_bool()) return raw(v.as_bool() ? "true" : "false");
  if (v.is_int()) return num(v.as_int());
  if (v.is_number()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", v.as_double());
    return raw(buf);
  }
  return raw("null");
}

MutableJson MutableJson::parse(std::string_view json) {
  auto doc = http::parse_json(json);
  if (!doc.ok()) {
    ADD_FAILURE() << "seed is not JSON: " << doc.error().message << "\n" << json;
    return raw("null");
  }
  return from(doc->root());
}

namespace {

// Strings in the tree are valid text (invalid bytes are planted by mutate_text, on the serialised
// form), so the server's own writer escapes them.
void append_string(std::string& out, std::string_view s) {
  http::JsonWriter w;
  w.string(s);
  out += w.take();
}

void serialise_into(const MutableJson& j, std::string& out) {
  switch (j.kind) {
    case MutableJson::Kind::kRaw:
      out += j.text;
      break;
    case MutableJson::Kind::kString:
      append_string(out, j.text);
      break;
    case MutableJson::Kind::kArray:
      out += '[';
      for (std::size_t i = 0; i < j.items.size(); ++i) {
        if (i) out += ',';
        serialise_into(j.items[i], out);
      }
      out += ']';
      break;
    case MutableJson::Kind::kObject:
      out += '{';
      for (std::size_t i = 0; i < j.members.size(); ++i) {
        if (i) out += ',';
        append_string(out, j.members[i].first);
        out += ':';
        serialise_into(j.members[i].second, out);
      }
      out += '}';
      break;
  }
}

// Every node of a document, parents before children, for picking one at random.
void collect(MutableJson& j, std::vector<MutableJson*>& out) {
  out.push_back(&j);
  for (auto& item : j.items) collect(item, out);
  for (auto& [key, value] : j.members) collect(value, out);
}

}  // namespace

std::string MutableJson::serialise() const {
  std::string out;
  serialise_into(*this, out);
  return out;
}

void JsonMutator::add_strings(const std::vector<std::string>& values) {
  strings_.insert(strings_.end(), values.begin(), values.end());
}

void JsonMutator::add_keys(const std::vector<std::string>& keys) {
  keys_.insert(keys_.end(), keys.begin(), keys.end());
}

MutableJson JsonMutator::nasty() {
  static const std::vector<std::string> kLiterals = {"null",
                                                     "true",
                                                     "false",
                                                     "0",
                                                     "-1",
                                                     "1",
                                                     "2",
                                                     "10",
                                                     "31",
                                                     "1440",
                                                     "100000",
                                                     "2147483647",
                                                     "2147483648",
                                                     "9223372036854775807",
                                                     "9223372036854775808",
                                                     "-9223372036854775808",
                                                     "-9223372036854775809",
                                                     "1e308",
                                                     "1.5",
                                                     "-0",
                                                     "1e-7",
                                                     "123456789012345678901234567890",
                                                     "[]",
                                                     "{}",
                                                     "[null]",
                                                     "{\"a\":1}"};
  static const std::vector<std::string> kStrings = {"",
                                                    " ",
                                                    std::string("a\0b", 3),
                                                    "\xc3\xa9",
                                                    "\xf0\x9f\x98\x80",
                                                    "../../etc/passwd",
                                                    "'; DROP TABLE bookings; --",
                                                    "<script>alert(1)</script>",
                                                    "%00",
                                                    "\\u0000",
                                                    "2026-02-30",
                                                    "2026-13-01",
                                                    "0000-01-01",
                                                    "9999-12-31",
                                                    "25:00",
                                                    "23:59",
                                                    "24:00",
                                                    "2026-11-24T10:00:00Z",
                                                    std::string(10'000, 'x')};
  switch (pick(9)) {
    case 0:
    case 1:
      return MutableJson::raw(one_of(kLiterals));
    case 2:
    case 3:
    case 4:
      if (!strings_.empty()) return MutableJson::str(one_of(strings_));
      return MutableJson::str(one_of(kStrings));
    case 5:
      return MutableJson::str(one_of(kStrings));
    case 6: {  // deep nesting: the parser's depth limit, never the stack
      const std::size_t depth = chance(50) ? 64 : 20'000;
      return MutableJson::raw(std::string(depth, '[') + std::string(depth, ']'));
    }
    case 7:
      return MutableJson::array(
          {MutableJson::object({{keys_.empty() ? "id" : one_of(keys_), MutableJson::str("x")}})});
    default:
      return MutableJson::raw(std::to_string(static_cast<std::int64_t>(rng_())));
  }
}

void JsonMutator::mutate_tree(MutableJson& doc) {
  std::vector<MutableJson*> nodes;
  collect(doc, nodes);
  MutableJson& node = *nodes[pick(nodes.size())];
  switch (pick(7)) {
    case 0:
    case 1:
      node = nasty();
      break;
    case 2:  // drop a member
      if (!node.members.empty()) {
        node.members.erase(node.members.begin() +
                           static_cast<std::ptrdiff_t>(pick(node.members.size())));
      }
      break;
    case 3:  // the same key twice, the second with another value
      if (!node.members.empty()) {
        auto m = node.members[pick(node.members.size())];
        m.second = nasty();
        node.members.push_back(std::move(m));
      }
      break;
    case 4:  // a member nobody asked for, or a known one in the wrong place
      if (node.kind == MutableJson::Kind::kObject) {
        node.members.emplace_back(keys_.empty() || chance(20) ? "x-unknown" : one_of(keys_),
                                  nasty());
      }
      break;
    case 5:  // an array repeated many times (over every per-request limit)
      if (!node.items.empty()) {
        const MutableJson first = node.items.front();
        const std::size_t times = chance(50) ? 12 : 300;
        for (std::size_t i = 0; i < times; ++i) node.items.push_back(first);
      }
      break;
    default:  // a value wrapped in an array
      node = MutableJson::array({node});
  }
}

void JsonMutator::mutate_text(std::string& text) {
  if (text.empty()) return;
  switch (pick(5)) {
    case 0:
      text.resize(pick(text.size()));
      break;
    case 1:
      text[pick(text.size())] = static_cast<char>(pick(256));
      break;
    case 2:
      text.insert(text.begin() + static_cast<std::ptrdiff_t>(pick(text.size() + 1)),
                  static_cast<char>(pick(256)));
      break;
    case 3:
      text.insert(pick(text.size() + 1), std::string("\xff\xfe\xc3", 1 + pick(3)));
      break;
    default:
      text.insert(pick(text.size() + 1), std::string(1, '\0'));
  }
}

std::string JsonMutator::mutate(MutableJson doc, int times, int text_percent) {
  for (int i = 0; i < times; ++i) mutate_tree(doc);
  std::string text = doc.serialise();
  if (chance(text_percent)) mutate_text(text);
  return text;
}

std::string encode_path_segment(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == ':' || c == '+') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string encode_path(std::string_view target) {
  const auto q = target.find('?');
  const std::string_view head = target.substr(0, q);
  std::string out;
  std::size_t i = 0;
  while (true) {
    const auto next = head.find('/', i);
    out +=
        encode_path_segment(head.substr(i, next == std::string_view::npos ? head.npos : next - i));
    if (next == std::string_view::npos) break;
    out += '/';
    i = next + 1;
  }
  if (q != std::string_view::npos) out += target.substr(q);
  return out;
}

}  // namespace paseo::testing
