// Credential rules: email syntax and password policy. Pure functions; errors carry the field name
// so forms can show them under the right input.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace paseo::domain::accounts {

inline constexpr std::size_t kMinPasswordLength = 10;
inline constexpr std::size_t kMaxPasswordLength = 256;  // bounds hashing work per request

// Trims spaces and lower-cases ASCII letters: the form emails are stored and compared in.
std::string normalize_email(std::string_view email);

// kInvalidArgument (field `field`) unless `email` (already normalised) looks like
// local@domain.tld: one '@', non-empty local part of printable non-space ASCII without
// quotes/brackets/commas, a domain of dot-separated labels [a-z0-9-] not starting or ending with
// '-', at least one dot, at most 254 characters.
Status validate_email(std::string_view email, std::string_view field = "email");

// kInvalidArgument (field `field`) when the password is shorter than 10 characters (counted in
// UTF-8 code points), longer than 256 bytes, one character repeated, or equal to the email
// (case-insensitive).
Status validate_password(std::string_view password, std::string_view email,
                         std::string_view field = "password");

}  // namespace paseo::domain::accounts
