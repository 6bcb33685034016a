// Random tokens and identifiers from libsodium's CSPRNG.
#pragma once

#include <cstddef>
#include <string>

namespace paseo {

// `bytes` random bytes as lower-case hex (2*bytes characters). Thread-safe.
std::string random_hex(std::size_t bytes);

// A random RFC 4122 version-4 UUID, lower case.
std::string random_uuid();

// A random URL-safe token (base64url, no padding) of `bytes` random bytes, for API keys, sessions,
// reset links. Store only token_hash() of it.
std::string random_token(std::size_t bytes = 32);

// BLAKE2b-256 of a token, hex: what the database keeps in place of the token itself.
std::string token_hash(std::string_view token);

// Human-friendly reference of `length` characters from an alphabet without look-alikes
// (no 0/O, 1/I/L), e.g. "K7M4QX".
std::string random_reference(std::size_t length);

}  // namespace paseo
