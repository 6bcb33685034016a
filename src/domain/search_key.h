// The text a supplier's bookings search matches: folded so that "jose", "JOSÉ" and "José" find
// the same traveller, "600 11 22" finds "+34 600 112 233", and a reseller's own reference finds
// its booking.
//
// Folding lower-cases ASCII and maps the accented Latin letters of kFoldedLetters (the letters of
// Spanish, Catalan, Portuguese, French, Italian, German, the Nordic and most Central European
// languages) to their base letters, æ/œ/ß to "ae"/"oe"/"ss". Every other code point, and any byte
// that is not UTF-8, is kept as it is. The same table is spelt out in SQL by the migration that
// added bookings.search_key (0047), to fold the rows written before it; a test holds the two
// to each other.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/booking.h"

namespace paseo::domain {

// One folded letter: `from` (one UTF-8 code point) becomes `to` (lower-case ASCII).
struct FoldedLetter {
  std::string_view from;
  std::string_view to;
};

// Every letter fold_for_search() maps beyond ASCII A-Z.
std::span<const FoldedLetter> folded_letters();

std::string fold_for_search(std::string_view text);

// The key stored with a booking (bookings.search_key): "<display name> <email> <phone digits>
// <reseller reference>" folded, always with the three spaces (the migration's SQL builds it the
// same way). Empty when all four are empty (a hold without a reference has no contact yet), so
// that the booking takes no search index entry.
std::string booking_search_key(const Contact& contact, std::string_view reseller_reference);

// What to look for in that key for a query typed by a user: the query folded; and when it reads
// as a phone number (digits with spaces, dots, dashes, slashes, brackets or a leading '+', and at
// least four digits), its digits alone too, first. A booking matches when its key contains any.
std::vector<std::string> search_needles(std::string_view query);

}  // namespace paseo::domain
