// Mutation of JSON request bodies for the API fuzz tests (tests/octo/octo_fuzz_test.cpp,
// tests/extranet/extranet_fuzz_test.cpp): a valid body becomes one a careless or hostile client
// could send. A value replaced by one of another type, by an id the test registered or by a date
// that does not exist; a number past int64; a string with a NUL, markup or 10,000 characters;
// nesting 20,000 deep; a member dropped, given twice or added; an array repeated past every limit;
// and on the text, truncations and flipped or inserted bytes (invalid UTF-8 included).
//
// Deterministic: the same seed and the same calls give the same mutations.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/json.h"

namespace paseo::testing {

// A JSON value that can be walked and changed. `kRaw` is emitted as is: numbers keep their text
// (so 9223372036854775808 reaches the server unrounded), and malformed fragments can be planted
// inside an otherwise valid document.
struct MutableJson {
  enum class Kind { kRaw, kString, kArray, kObject };
  Kind kind = Kind::kRaw;
  std::string text;  // kRaw: the literal; kString: the unescaped value
  std::vector<MutableJson> items;
  std::vector<std::pair<std::string, MutableJson>> members;

  static MutableJson raw(std::string literal);
  static MutableJson str(std::string value);
  static MutableJson num(std::int64_t n);
  static MutableJson array(std::vector<MutableJson> items);
  static MutableJson object(std::vector<std::pair<std::string, MutableJson>> members);
  // The tree of a parsed document (numbers keep the parser's reading of them).
  static MutableJson from(const http::JsonValue& value);
  // The tree of JSON text; the test fails (and the result is null) when the text is not JSON.
  static MutableJson parse(std::string_view json);

  std::string serialise() const;
};

class JsonMutator {
 public:
  explicit JsonMutator(std::uint64_t seed) : rng_(seed) {}

  // Strings swapped in for values: ids that exist (of this tenant and of others), ids that do
  // not, dates, keys of the API. The more the mutator knows, the deeper a mutation reaches.
  void add_strings(const std::vector<std::string>& values);
  // Member names added to objects.
  void add_keys(const std::vector<std::string>& keys);

  // A value of any kind: null, booleans, numbers at every edge, a registered string, a hostile
  // string, deep nesting, an array or an object.
  MutableJson nasty();
  // One structural change somewhere in `doc`.
  void mutate_tree(MutableJson& doc);
  // Byte-level damage to the text.
  void mutate_text(std::string& text);
  // `times` mutations of a copy of `doc`, serialised; with probability text_percent also damaged
  // as text.
  std::string mutate(MutableJson doc, int times, int text_percent);

  std::uint64_t pick(std::uint64_t n) { return n == 0 ? 0 : rng_() % n; }
  bool chance(int percent) { return static_cast<int>(pick(100)) < percent; }
  template <typename T>
  const T& one_of(const std::vector<T>& v) {
    return v[pick(v.size())];
  }
  std::mt19937_64& rng() { return rng_; }

 private:
  std::mt19937_64 rng_;
  std::vector<std::string> strings_;
  std::vector<std::string> keys_;
};

// Percent-encodes every byte of `s` outside RFC 3986's unreserved set (and ':' '+'), for putting
// arbitrary ids into a path segment.
std::string encode_path_segment(std::string_view s);

// Percent-encodes each segment of the path part of `target` (the query is left as is).
std::string encode_path(std::string_view target);

}  // namespace paseo::testing
