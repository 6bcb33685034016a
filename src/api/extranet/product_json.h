// JSON mapping of the catalogue (domain::Product) for the extranet and the back office: the "Full
// product" shape of docs/api/extranet.md. The engine's domain::validate_product decides what is a
// valid product; this file only maps names and types, with dotted field paths in errors
// ("options.0.units.1.retail") so forms can show them in place.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "domain/availability.h"
#include "domain/catalogue.h"
#include "http/json.h"

namespace paseo::api::extranet {

// A photo as the API shows it (stored by the back office, src/api/admin).
struct PhotoView {
  std::string id;
  std::string url;  // large variant (or the original when not resized)
  std::string thumb_url;
};

// Writes the full product object; `opening_hours` is the schedule's list (OPENING_HOURS
// products; [] for START_TIME ones), written as "openingHours".
void write_product(http::JsonWriter& w, const domain::Product& p,
                   const std::vector<PhotoView>& photos,
                   const std::vector<domain::OpeningHours>& opening_hours);
// Writes the short product summary used by lists: {id, title, status, availabilityType, timeZone,
// currency, options:[{id, name}]}, title and names in `locale` (see product_title).
void write_product_summary(http::JsonWriter& w, const domain::Product& p,
                           std::string_view locale = "en");

// Display texts in `locale` ("es", "en", "fr"; internal/guard.h display_locale picks it for a
// request): that language's text, else English, else any language that has one
// (domain::localized), else the internal name (option: its id when that is empty too). A product
// has no stored "default language"; English-then-any is the fallback everywhere (OCTO too).
std::string product_title(const domain::Product& p, std::string_view locale = "en");
std::string option_name(const domain::Option& o, std::string_view locale = "en");
// `text` in `locale` with the same chain, or `fallback` when it has no text at all.
std::string text_in(const domain::LocalizedText& text, std::string_view locale,
                    const std::string& fallback);

// Parses a full product body. `id` and `supplierId` in the body are ignored (the URL decides).
Result<domain::Product> parse_product(const http::JsonValue& root);

// For a product replaced by a body that is a form's view of it (the back office edits names in
// one language and no date-range prices): keeps from `before` what `root` left out, so saving
// an unchanged form changes nothing. Per option (matched by id): date-range prices when
// "priceOverrides" is absent; the other languages of its name and of its units' names when
// "names" is absent; requiredContactFields, minUnits/maxUnits, pickupAvailable/pickupRequired
// and internalName when absent. Per question: other languages of the label, descriptions.
// Meeting point instructions: languages the body does not give.
void keep_what_the_body_left_out(const http::JsonValue& root, const domain::Product& before,
                                 domain::Product& after);

// The body's "openingHours": nullopt when absent or null (leave them as they are), else the new
// list (possibly empty). Each entry is {weekdays:[1..7], open:"HH:MM", close:"HH:MM",
// from:"YYYY-MM-DD", to:"YYYY-MM-DD"|null, dailyCapacity:int|null (null = free sale)}.
// kInvalidArgument with the entry's field path ("openingHours.1.close") for a malformed or
// missing value, close not after open, to before from, a capacity outside 0..100000, more than
// kMaxOpeningHours entries, or an interval overlapping an earlier entry's on a shared weekday and
// date (reported on the later entry's "open").
inline constexpr std::size_t kMaxOpeningHours = 100;
Result<std::optional<std::vector<domain::OpeningHours>>> parse_opening_hours(
    const http::JsonValue& root);

// domain's field paths look like "options[0].units[1].id"; the API speaks
// "options.0.units.1.id". Converts an error's field.
Error to_api_field_path(Error e);

}  // namespace paseo::api::extranet
