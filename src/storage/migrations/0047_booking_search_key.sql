-- The bookings search matches a stored key instead of an expression (domain/search_key.h): the
-- contact's name, email and phone digits and the reseller's reference, with accents folded, so
-- that "jose", "JOSÉ" and "José" find the same traveller, "600 11 22" finds "+34 600 112 233" and
-- a reseller calling about "RES-001" is answered. The application writes the key with every
-- booking. The UPDATEs below fold the rows written before this migration exactly as it does
-- (tests/extranet/search_test.cpp runs these very statements on both engines and compares):
-- * A-Z lower-cased by hand: PostgreSQL's lower() follows the locale and would also fold Greek
--   or Cyrillic, which the application keeps as typed;
-- * then the letters of domain::folded_letters(), a dozen per statement because SQLite's parser
--   refuses deeper nesting; the combining accents at the end (U+0300..U+036F, dropped) are
--   written as the characters themselves.
-- Only a phone written with other characters than digits, spaces and + - . ( ) / keeps them in an
-- old row's key.
ALTER TABLE bookings ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
UPDATE bookings SET search_key =
  CASE WHEN contact_full_name <> '' THEN contact_full_name
       ELSE trim(contact_first_name || ' ' || contact_last_name) END
  || ' ' || contact_email || ' ' || replace(replace(replace(replace(replace(replace(replace(contact_phone, ' ', ''), '+', ''), '-', ''), '.', ''), '(', ''), ')', ''), '/', '') || ' ' || reseller_reference
WHERE contact_full_name <> '' OR contact_first_name <> '' OR contact_last_name <> ''
   OR contact_email <> '' OR contact_phone <> '' OR reseller_reference <> '';
UPDATE bookings SET search_key = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(search_key, 'A', 'a'), 'B', 'b'), 'C', 'c'), 'D', 'd'), 'E', 'e'), 'F', 'f'), 'G', 'g'), 'H', 'h'), 'I', 'i'), 'J', 'j'), 'K', 'k'), 'L', 'l'), 'M', 'm') WHERE search_key <> '';
UPDATE bookings SET search_key = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(search_key, 'N', 'n'), 'O', 'o'), 'P', 'p'), 'Q', 'q'), 'R', 'r'), 'S', 's'), 'T', 't'), 'U', 'u'), 'V', 'v'), 'W', 'w'), 'X', 'x'), 'Y', 'y'), 'Z', 'z') WHERE search_key <> '';
UPDATE bookings SET search_key = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(search_key, 'à', 'a'), 'á', 'a'), 'â', 'a'), 'ã', 'a'), 'ä', 'a'), 'å', 'a'), 'ā', 'a'), 'ă', 'a'), 'ą', 'a'), 'À', 'a'), 'Á', 'a'), 'Â', 'a') WHERE search_key <> '';
UPDATE bookings SET search_key = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(search_key, 'Ã', 'a'), 'Ä', 'a'), 'Å', 'a'), 'Ā', 'a'), 'Ă', 'a'), 'Ą', 'a'), 'æ', 'ae'), 'Æ', 'ae'), 'ç', 'c'), 'ć', 'c'), 'č', 'c'), 'Ç', 'c') WHERE search_key <> '';
UPDATE bookings SET search_key = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(search_key, 'Ć', 'c'), 'Č', 'c'), 'ď', 'd'), 'đ', 'd'), 'Ď', 'd'), 'Đ', 'd'), 'è', 'e'), 'é', 'e'), 'ê', 'e'), 'ë', 'e'), 'ē', 'e'), 'ė', 'e') WHERE search_key <> '';
UPDATE bookings SET search_key = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(search_key, 'ę', 'e'), 'ě', 'e'), 'È', 'e'), 'É', 'e'), 'Ê', 'e'), 'Ë', 'e'), 'Ē', 'e'), 'Ė', 'e'), 'Ę', 'e'), 'Ě', 'e'), 'ğ', 'g'), 'Ğ', 'g') WHERE search_key <> '';
UPDATE bookings SET search_key = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(search_key, 'ì', 'i'), 'í', 'i'), 'î', 'i'), 'ï', 'i'), 'ī', 'i'), 'į', 'i'), 'ı', 'i'), 'Ì', 'i'), 'Í', 'i'), 'Î', 'i'), 'Ï', 'i'), 'Ī', 'i') WHERE search_key <> '';
UPDATE bookings SET search_key = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(search_key, 'Į', 'i'), 'İ', 'i'), 'ł', 'l'), 'Ł', 'l'), 'ñ', 'n'), 'ń', 'n'), 'ň', 'n'), 'Ñ', 'n'), 'Ń', 'n'), 'Ň', 'n'), 'ò', 'o'), 'ó', 'o') WHERE search_key <> '';
UPDATE bookings SET search_key = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(search_key, 'ô', 'o'), 'õ', 'o'), 'ö', 'o'), 'ø', 'o'), 'ō', 'o'), 'ő', 'o'), 'Ò', 'o'), 'Ó', 'o'), 'Ô', 'o'), 'Õ', 'o'), 'Ö', 'o'), 'Ø', 'o') WHERE search_key <> '';
UPDATE bookings SET search_key = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(search_key, 'Ō', 'o'), 'Ő', 'o'), 'œ', 'oe'), 'Œ', 'oe'), 'ř', 'r'), 'Ř', 'r'), 'ś', 's'), 'š', 's'), 'ş', 's'), 'Ś', 's'), 'Š', 's'), 'Ş', 's') WHERE search_key <> '';
UPDATE bookings SET search_key = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(search_key, 'ß', 'ss'), 'ť', 't'), 'Ť', 't'), 'ù', 'u'), 'ú', 'u'), 'û', 'u'), 'ü', 'u'), 'ū', 'u'), 'ů', 'u'), 'ű', 'u'), 'Ù', 'u'), 'Ú', 'u') WHERE search_key <> '';
UPDATE bookings SET search_key = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(search_key, 'Û', 'u'), 'Ü', 'u'), 'Ū', 'u'), 'Ů', 'u'), 'Ű', 'u'), 'ý', 'y'), 'ÿ', 'y'), 'Ý', 'y'), 'Ÿ', 'y'), 'ź', 'z'), 'ż', 'z'), 'ž', 'z') WHERE search_key <> '';
UPDATE bookings SET search_key = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(search_key, 'Ź', 'z'), 'Ż', 'z'), 'Ž', 'z'), '̀', ''), '́', ''), '̂', ''), '̃', ''), '̄', ''), '̅', ''), '̆', ''), '̇', ''), '̈', '') WHERE search_key <> '';
UPDATE bookings SET search_key = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(search_key, '̉', ''), '̊', ''), '̋', ''), '̌', ''), '̍', ''), '̎', ''), '̏', ''), '̐', ''), '̑', ''), '̒', ''), '̓', ''), '̔', '') WHERE search_key <> '';
UPDATE bookings SET search_key = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(search_key, '̕', ''), '̖', ''), '̗', ''), '̘', ''), '̙', ''), '̚', ''), '̛', ''), '̜', ''), '̝', ''), '̞', ''), '̟', ''), '̠', '') WHERE search_key <> '';
UPDATE bookings SET search_key = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(search_key, '̡', ''), '̢', ''), '̣', ''), '̤', ''), '̥', ''), '̦', ''), '̧', ''), '̨', ''), '̩', ''), '̪', ''), '̫', ''), '̬', '') WHERE search_key <> '';
UPDATE bookings SET search_key = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(search_key, '̭', ''), '̮', ''), '̯', ''), '̰', ''), '̱', ''), '̲', ''), '̳', ''), '̴', ''), '̵', ''), '̶', ''), '̷', ''), '̸', '') WHERE search_key <> '';
UPDATE bookings SET search_key = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(search_key, '̹', ''), '̺', ''), '̻', ''), '̼', ''), '̽', ''), '̾', ''), '̿', ''), '̀', ''), '́', ''), '͂', ''), '̓', ''), '̈́', '') WHERE search_key <> '';
UPDATE bookings SET search_key = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(search_key, 'ͅ', ''), '͆', ''), '͇', ''), '͈', ''), '͉', ''), '͊', ''), '͋', ''), '͌', ''), '͍', ''), '͎', ''), '͏', ''), '͐', '') WHERE search_key <> '';
UPDATE bookings SET search_key = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(search_key, '͑', ''), '͒', ''), '͓', ''), '͔', ''), '͕', ''), '͖', ''), '͗', ''), '͘', ''), '͙', ''), '͚', ''), '͛', ''), '͜', '') WHERE search_key <> '';
UPDATE bookings SET search_key = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(search_key, '͝', ''), '͞', ''), '͟', ''), '͠', ''), '͡', ''), '͢', ''), 'ͣ', ''), 'ͤ', ''), 'ͥ', ''), 'ͦ', ''), 'ͧ', ''), 'ͨ', '') WHERE search_key <> '';
UPDATE bookings SET search_key = replace(replace(replace(replace(replace(replace(replace(search_key, 'ͩ', ''), 'ͪ', ''), 'ͫ', ''), 'ͬ', ''), 'ͭ', ''), 'ͮ', ''), 'ͯ', '') WHERE search_key <> '';
DROP INDEX bookings_supplier_search;
-- A hold without a reference has no key and so no entry; the search repeats the predicate
-- verbatim (app/extranet_queries.cpp) so that the planner may use the index.
CREATE INDEX bookings_supplier_search ON bookings (supplier_id, search_key)
  WHERE search_key > '';
