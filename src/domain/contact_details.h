// The shapes of the details a person leaves to be reached by: a traveller's contact on a booking,
// a supplier's phone on an application. Checked where they come in, so that what reaches a
// supplier's screen, an email or the bookings search is something a person can use: a phone
// number that can be dialled, a country that names one, a language an email can be written in.
#pragma once

#include <string_view>

namespace paseo::domain {

// The characters written between a phone number's digits: space . - ( ) /
bool is_phone_punctuation(char c);

// Digits with phone punctuation between them and at most one '+', which must come first; 6 to
// 20 digits (a short local number to E.164's 15 plus an extension), at most 40 characters.
// "+34 600 11 22 33" and "(020) 7946-0000" pass; "call me", "6-11-22" (too short) and
// "34+600112233" do not.
bool is_phone_number(std::string_view s);

// An officially assigned ISO 3166-1 alpha-2 code in upper case ("ES", "GB"), or "XK" (Kosovo,
// user-assigned but used by travel and payment systems alike). "UK", "EU" and "es" are not.
bool is_country_code(std::string_view code);

// A language tag as travellers' systems and the Accept-Language header send them (BCP 47's shape,
// with '_' accepted for '-'): 2 to 8 letters, then subtags of 1 to 8 letters or digits, at most
// 35 characters. "es", "en-GB", "pt_BR", "zh-Hant-TW" pass; "", "e", "en-", "español" do not.
bool is_language_tag(std::string_view tag);

}  // namespace paseo::domain
