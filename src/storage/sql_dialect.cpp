#include "storage/sql_dialect.h"

#include <cctype>

namespace paseo::storage {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Walks `sql`, calling on_placeholder(begin, end, number) for each `$N` outside literals and
// comments and on_text(begin, end) for everything else, in order.
template <typename OnText, typename OnPlaceholder>
void scan(std::string_view sql, OnText on_text, OnPlaceholder on_placeholder) {
  const std::size_t n = sql.size();
  std::size_t i = 0;
  std::size_t text_start = 0;
  auto skip_quoted = [&](char quote) {
    // i points at the opening quote; a doubled quote is an escape. Unterminated: to the end.
    ++i;
    while (i < n) {
      if (sql[i] == quote) {
        if (i + 1 < n && sql[i + 1] == quote) {
          i += 2;
          continue;
        }
        ++i;
        return;
      }
      ++i;
    }
  };
  while (i < n) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {
      skip_quoted(c);
    } else if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
      while (i < n && sql[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      // PostgreSQL nests block comments; SQLite does not, but nested comments in portable SQL
      // would not parse on SQLite anyway, so the simple form is enough.
      i += 2;
      while (i < n && !(sql[i] == '*' && i + 1 < n && sql[i + 1] == '/')) ++i;
      i = (i < n) ? i + 2 : n;
    } else if (c == '$' && i + 1 < n && is_digit(sql[i + 1]) &&
               (i == 0 || !is_ident_char(sql[i - 1]))) {
      std::size_t j = i + 1;
      int number = 0;
      while (j < n && is_digit(sql[j])) {
        if (number < 1'000'000) number = number * 10 + (sql[j] - '0');
        ++j;
      }
      on_text(text_start, i);
      on_placeholder(i, j, number);
      i = j;
      text_start = j;
    } else {
      ++i;
    }
  }
  on_text(text_start, n);
}

}  // namespace

std::string rewrite_placeholders_for_sqlite(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  scan(
      sql, [&](std::size_t b, std::size_t e) { out.append(sql.substr(b, e - b)); },
      [&](std::size_t b, std::size_t e, int) {
        out.push_back('?');
        out.append(sql.substr(b + 1, e - b - 1));
      });
  return out;
}

int max_placeholder_index(std::string_view sql) {
  int max_index = 0;
  scan(
      sql, [](std::size_t, std::size_t) {},
      [&](std::size_t, std::size_t, int number) {
        if (number > max_index) max_index = number;
      });
  return max_index;
}

}  // namespace paseo::storage
