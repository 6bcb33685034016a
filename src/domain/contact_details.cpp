#include "domain/contact_details.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace paseo::domain {
namespace {

// ISO 3166-1 alpha-2, the 249 officially assigned codes, in order, plus XK.
constexpr std::array<std::string_view, 250> kCountryCodes = {
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "XK", "YE", "YT", "ZA", "ZM", "ZW"};
static_assert(std::is_sorted(kCountryCodes.begin(), kCountryCodes.end()),
              "is_country_code() searches the table by bisection");

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

}  // namespace

bool is_phone_punctuation(char c) {
  return c == ' ' || c == '.' || c == '-' || c == '(' || c == ')' || c == '/';
}

bool is_phone_number(std::string_view s) {
  if (s.size() > 40) return false;
  int digits = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (is_digit(c)) {
      ++digits;
    } else if (!(is_phone_punctuation(c) || (c == '+' && i == 0))) {
      return false;
    }
  }
  return digits >= 6 && digits <= 20;
}

bool is_country_code(std::string_view code) {
  return std::binary_search(kCountryCodes.begin(), kCountryCodes.end(), code);
}

bool is_language_tag(std::string_view tag) {
  if (tag.empty() || tag.size() > 35) return false;
  bool first = true;
  for (;;) {
    const std::size_t end = tag.find_first_of("-_");
    const std::string_view part = tag.substr(0, end);
    const std::size_t min = first ? 2 : 1;
    if (part.size() < min || part.size() > 8) return false;
    for (char c : part) {
      if (!is_letter(c) && (first || !is_digit(c))) return false;
    }
    if (end == std::string_view::npos) return true;
    tag.remove_prefix(end + 1);
    first = false;
  }
}

}  // namespace paseo::domain
