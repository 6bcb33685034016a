#include "domain/accounts/credentials.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace paseo::domain::accounts {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    std::size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

// UTF-8 code points (continuation bytes 10xxxxxx are not counted).
std::vector<std::string_view> code_points(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t j = i + 1;
    while (j < s.size() && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) ++j;
    out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

}  // namespace

std::string normalize_email(std::string_view email) {
  std::size_t b = 0, e = email.size();
  while (b < e && std::isspace(static_cast<unsigned char>(email[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(email[e - 1]))) --e;
  std::string out;
  out.reserve(e - b);
  for (std::size_t i = b; i < e; ++i) out.push_back(lower(email[i]));
  return out;
}

Status validate_email(std::string_view email, std::string_view field) {
  auto bad = [&](std::string msg, std::string key, Error::Params params = {}) {
    return Error::invalid_argument(std::move(msg), std::string(field))
        .with_key(std::move(key), std::move(params));
  };
  if (email.empty()) return bad("email is required", "field.required");
  if (email.size() > 254) return bad("email is too long", "field.tooLong", {{"max", "254"}});
  std::size_t at = email.find('@');
  if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos) {
    return bad("email must look like name@example.com", "email.shape");
  }
  std::string_view local = email.substr(0, at);
  std::string_view domain = email.substr(at + 1);
  if (local.empty() || local.size() > 64)
    return bad("email must look like name@example.com", "email.shape");
  for (char c : local) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F || c == '"' || c == '(' || c == ')' || c == ',' || c == ':' ||
        c == ';' || c == '<' || c == '>' || c == '[' || c == ']' || c == '\\') {
      return bad("email contains a character that is not allowed", "email.character");
    }
  }
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return bad("email must look like name@example.com", "email.shape");
  }
  auto labels = split(domain, '.');
  if (labels.size() < 2)
    return bad("email domain must contain a dot, like example.com", "email.domainDot");
  for (std::string_view label : labels) {
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return bad("email domain is not valid", "email.domain");
    }
    for (char c : label) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        return bad("email domain is not valid", "email.domain");
      }
    }
  }
  return ok_status();
}

Status validate_password(std::string_view password, std::string_view email,
                         std::string_view field) {
  auto bad = [&](std::string msg, std::string key, Error::Params params = {}) {
    return Error::invalid_argument(std::move(msg), std::string(field))
        .with_key(std::move(key), std::move(params));
  };
  if (password.empty()) return bad("password is required", "field.required");
  if (password.size() > kMaxPasswordLength)
    return bad("password must be at most 256 bytes", "password.tooLong");
  auto cps = code_points(password);
  if (cps.size() < kMinPasswordLength)
    return bad("password must be at least 10 characters long", "password.tooShort",
               {{"min", std::to_string(kMinPasswordLength)}});
  if (std::all_of(cps.begin(), cps.end(), [&](std::string_view c) { return c == cps.front(); })) {
    return bad("password must not be one character repeated", "password.repeated");
  }
  if (!email.empty() && normalize_email(password) == normalize_email(email)) {
    return bad("password must not be your email address", "password.isEmail");
  }
  return ok_status();
}

}  // namespace paseo::domain::accounts
