// Random tokens and identifiers from libsodium's CSPRNG. Identifiers and references (random_hex,
// the uuids, random_reference) take bytes fetched ahead per thread, to spare a system call per
// id; secrets (random_token) take them straight from the CSPRNG. Nothing here is fork-safe.
#pragma once

#include <cstddef>
#include <string>

namespace paseo {

// `bytes` random bytes as lower-case hex (2*bytes characters), for ids (not secrets).
// Thread-safe.
std::string random_hex(std::size_t bytes);

// A random RFC 4122 version-4 UUID, lower case.
std::string random_uuid();

// An RFC 9562 version-7 UUID, lower case: 48 bits of Unix milliseconds, then 74 random bits. Ids
// made in the same process sort by creation time (a per-process counter breaks ties within a
// millisecond), so rows keyed by them append to the right edge of a B-tree instead of dirtying a
// random page per insert: on the booking path that is several fewer 4 KiB pages written to the
// SQLite WAL per booking. Use it for primary keys of rows written at high rate (bookings, their
// events, the outbox); never where the id must not reveal when it was made (use random_token()).
// Reads the system clock: an id, not a business time.
std::string time_ordered_uuid();

// A random URL-safe token (base64url, no padding) of `bytes` random bytes, for API keys, sessions,
// reset links. Store only token_hash() of it.
std::string random_token(std::size_t bytes = 32);

// BLAKE2b-256 of a token, hex: what the database keeps in place of the token itself.
std::string token_hash(std::string_view token);

// Human-friendly reference of `length` characters from an alphabet without look-alikes
// (no 0/O, 1/I/L), e.g. "K7M4QX".
std::string random_reference(std::size_t length);

}  // namespace paseo
