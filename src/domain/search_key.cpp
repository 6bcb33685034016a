#include "domain/search_key.h"

#include "domain/contact_details.h"

namespace paseo::domain {
namespace {

constexpr FoldedLetter kFoldedLetters[] = {
    {"à", "a"},
    {"á", "a"},
    {"â", "a"},
    {"ã", "a"},
    {"ä", "a"},
    {"å", "a"},
    {"ā", "a"},
    {"ă", "a"},
    {"ą", "a"},
    {"À", "a"},
    {"Á", "a"},
    {"Â", "a"},
    {"Ã", "a"},
    {"Ä", "a"},
    {"Å", "a"},
    {"Ā", "a"},
    {"Ă", "a"},
    {"Ą", "a"},
    {"æ", "ae"},
    {"Æ", "ae"},
    {"ç", "c"},
    {"ć", "c"},
    {"č", "c"},
    {"Ç", "c"},
    {"Ć", "c"},
    {"Č", "c"},
    {"ď", "d"},
    {"đ", "d"},
    {"Ď", "d"},
    {"Đ", "d"},
    {"è", "e"},
    {"é", "e"},
    {"ê", "e"},
    {"ë", "e"},
    {"ē", "e"},
    {"ė", "e"},
    {"ę", "e"},
    {"ě", "e"},
    {"È", "e"},
    {"É", "e"},
    {"Ê", "e"},
    {"Ë", "e"},
    {"Ē", "e"},
    {"Ė", "e"},
    {"Ę", "e"},
    {"Ě", "e"},
    {"ğ", "g"},
    {"Ğ", "g"},
    {"ì", "i"},
    {"í", "i"},
    {"î", "i"},
    {"ï", "i"},
    {"ī", "i"},
    {"į", "i"},
    {"ı", "i"},
    {"Ì", "i"},
    {"Í", "i"},
    {"Î", "i"},
    {"Ï", "i"},
    {"Ī", "i"},
    {"Į", "i"},
    {"İ", "i"},
    {"ł", "l"},
    {"Ł", "l"},
    {"ñ", "n"},
    {"ń", "n"},
    {"ň", "n"},
    {"Ñ", "n"},
    {"Ń", "n"},
    {"Ň", "n"},
    {"ò", "o"},
    {"ó", "o"},
    {"ô", "o"},
    {"õ", "o"},
    {"ö", "o"},
    {"ø", "o"},
    {"ō", "o"},
    {"ő", "o"},
    {"Ò", "o"},
    {"Ó", "o"},
    {"Ô", "o"},
    {"Õ", "o"},
    {"Ö", "o"},
    {"Ø", "o"},
    {"Ō", "o"},
    {"Ő", "o"},
    {"œ", "oe"},
    {"Œ", "oe"},
    {"ř", "r"},
    {"Ř", "r"},
    {"ś", "s"},
    {"š", "s"},
    {"ş", "s"},
    {"Ś", "s"},
    {"Š", "s"},
    {"Ş", "s"},
    {"ß", "ss"},
    {"ť", "t"},
    {"Ť", "t"},
    {"ù", "u"},
    {"ú", "u"},
    {"û", "u"},
    {"ü", "u"},
    {"ū", "u"},
    {"ů", "u"},
    {"ű", "u"},
    {"Ù", "u"},
    {"Ú", "u"},
    {"Û", "u"},
    {"Ü", "u"},
    {"Ū", "u"},
    {"Ů", "u"},
    {"Ű", "u"},
    {"ý", "y"},
    {"ÿ", "y"},
    {"Ý", "y"},
    {"Ÿ", "y"},
    {"ź", "z"},
    {"ż", "z"},
    {"ž", "z"},
    {"Ź", "z"},
    {"Ż", "z"},
    {"Ž", "z"},
    // Combining diacritical marks (U+0300..U+036F), dropped: "Jose\u0301" (decomposed, as some
    // keyboards and systems send it) folds as "José" does.
    {"\u0300", ""},
    {"\u0301", ""},
    {"\u0302", ""},
    {"\u0303", ""},
    {"\u0304", ""},
    {"\u0305", ""},
    {"\u0306", ""},
    {"\u0307", ""},
    {"\u0308", ""},
    {"\u0309", ""},
    {"\u030a", ""},
    {"\u030b", ""},
    {"\u030c", ""},
    {"\u030d", ""},
    {"\u030e", ""},
    {"\u030f", ""},
    {"\u0310", ""},
    {"\u0311", ""},
    {"\u0312", ""},
    {"\u0313", ""},
    {"\u0314", ""},
    {"\u0315", ""},
    {"\u0316", ""},
    {"\u0317", ""},
    {"\u0318", ""},
    {"\u0319", ""},
    {"\u031a", ""},
    {"\u031b", ""},
    {"\u031c", ""},
    {"\u031d", ""},
    {"\u031e", ""},
    {"\u031f", ""},
    {"\u0320", ""},
    {"\u0321", ""},
    {"\u0322", ""},
    {"\u0323", ""},
    {"\u0324", ""},
    {"\u0325", ""},
    {"\u0326", ""},
    {"\u0327", ""},
    {"\u0328", ""},
    {"\u0329", ""},
    {"\u032a", ""},
    {"\u032b", ""},
    {"\u032c", ""},
    {"\u032d", ""},
    {"\u032e", ""},
    {"\u032f", ""},
    {"\u0330", ""},
    {"\u0331", ""},
    {"\u0332", ""},
    {"\u0333", ""},
    {"\u0334", ""},
    {"\u0335", ""},
    {"\u0336", ""},
    {"\u0337", ""},
    {"\u0338", ""},
    {"\u0339", ""},
    {"\u033a", ""},
    {"\u033b", ""},
    {"\u033c", ""},
    {"\u033d", ""},
    {"\u033e", ""},
    {"\u033f", ""},
    {"\u0340", ""},
    {"\u0341", ""},
    {"\u0342", ""},
    {"\u0343", ""},
    {"\u0344", ""},
    {"\u0345", ""},
    {"\u0346", ""},
    {"\u0347", ""},
    {"\u0348", ""},
    {"\u0349", ""},
    {"\u034a", ""},
    {"\u034b", ""},
    {"\u034c", ""},
    {"\u034d", ""},
    {"\u034e", ""},
    {"\u034f", ""},
    {"\u0350", ""},
    {"\u0351", ""},
    {"\u0352", ""},
    {"\u0353", ""},
    {"\u0354", ""},
    {"\u0355", ""},
    {"\u0356", ""},
    {"\u0357", ""},
    {"\u0358", ""},
    {"\u0359", ""},
    {"\u035a", ""},
    {"\u035b", ""},
    {"\u035c", ""},
    {"\u035d", ""},
    {"\u035e", ""},
    {"\u035f", ""},
    {"\u0360", ""},
    {"\u0361", ""},
    {"\u0362", ""},
    {"\u0363", ""},
    {"\u0364", ""},
    {"\u0365", ""},
    {"\u0366", ""},
    {"\u0367", ""},
    {"\u0368", ""},
    {"\u0369", ""},
    {"\u036a", ""},
    {"\u036b", ""},
    {"\u036c", ""},
    {"\u036d", ""},
    {"\u036e", ""},
    {"\u036f", ""},
};

// The folded form of the two-byte sequence starting at `p`, if it is one of kFoldedLetters.
// (Every letter of the table is two bytes long in UTF-8.)
const FoldedLetter* find_letter(std::string_view two_bytes) {
  for (const auto& l : kFoldedLetters) {
    if (l.from == two_bytes) return &l;
  }
  return nullptr;
}

std::string digits_of(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') out.push_back(c);
  }
  return out;
}

}  // namespace

std::span<const FoldedLetter> folded_letters() { return kFoldedLetters; }

std::string fold_for_search(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c));
      ++i;
      continue;
    }
    // Lead bytes 0xC3..0xC5 hold every letter of the table (U+00C0..U+017F), 0xCC and 0xCD the
    // combining marks.
    if (((c >= 0xC3 && c <= 0xC5) || c == 0xCC || c == 0xCD) && i + 1 < text.size()) {
      if (const FoldedLetter* l = find_letter(text.substr(i, 2))) {
        out += l->to;
        i += 2;
        continue;
      }
    }
    out.push_back(static_cast<char>(c));
    ++i;
  }
  return out;
}

std::string booking_search_key(const Contact& contact, std::string_view reseller_reference) {
  const std::string name = contact.display_name();
  const std::string phone = digits_of(contact.phone);
  if (name.empty() && contact.email.empty() && phone.empty() && reseller_reference.empty()) {
    return {};
  }
  std::string key = name + " " + contact.email + " " + phone + " ";
  key += reseller_reference;
  return fold_for_search(key);
}

std::vector<std::string> search_needles(std::string_view query) {
  std::string digits = digits_of(query);
  bool phone_like = digits.size() >= 4;
  for (std::size_t i = 0; phone_like && i < query.size(); ++i) {
    const char c = query[i];
    phone_like = (c >= '0' && c <= '9') || is_phone_punctuation(c) || (c == '+' && i == 0);
  }
  std::string text = fold_for_search(query);
  // A reseller reference such as "2024-0001" is stored with its punctuation: keep the text.
  if (!phone_like || digits == text) return {std::move(text)};
  return {std::move(digits), std::move(text)};
}

}  // namespace paseo::domain
