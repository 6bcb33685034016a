#include "app/accounts/internal/util.h"

#include <cctype>
#include <cstdio>

#include "app/email_templates.h"
#include "domain/accounts/credentials.h"

namespace paseo::app::accounts::internal {

std::string json_quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x",
                        static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += buf;
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
  return out;
}

std::string join_lines(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out.push_back('\n');
    out += items[i];
  }
  return out;
}

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  std::size_t start = 0;
  while (true) {
    std::size_t pos = text.find('\n', start);
    out.emplace_back(
        text.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

Status check_name(std::string_view trimmed, bool required, std::string_view field) {
  if (trimmed.empty()) {
    if (!required) return ok_status();
    return Error::invalid_argument("name is required", std::string(field))
        .with_key("field.required");
  }
  if (trimmed.size() > 200) {
    return Error::invalid_argument("name is too long (at most 200 characters)", std::string(field))
        .with_key("field.tooLong", {{"max", "200"}});
  }
  for (char c : trimmed) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) {
      return Error::invalid_argument("name must be one line, without control characters",
                                     std::string(field))
          .with_key("field.oneLine");
    }
  }
  return ok_status();
}

Status check_email(std::string_view email) {
  PASEO_RETURN_IF_ERROR(domain::accounts::validate_email(email));
  if (!is_valid_email_address(email)) {
    return Error::invalid_argument("email contains characters we cannot send to", "email")
        .with_key("email.character");
  }
  return ok_status();
}

std::string normalize_locale(std::string_view locale) {
  std::string two;
  for (std::size_t i = 0; i < locale.size() && i < 2; ++i) {
    two.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(locale[i]))));
  }
  if (two == "es" || two == "fr" || two == "en") return two;
  return "en";
}

}  // namespace paseo::app::accounts::internal
