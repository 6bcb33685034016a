// A flat JSON object of strings, to and from std::map: how the outbox keeps an email's variables
// and the booking history keeps an entry's params ({"seats":"2","refund":"FULL"}).
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "common/result.h"

namespace paseo::app::internal {

using StringMap = std::map<std::string, std::string>;

// kInvalidArgument when a name or value is not valid UTF-8; `what` names the entries in the
// message ("email variable"), and the error's field is `field`.<name> (`field` alone for a name;
// none when `field` is empty).
Result<std::string> encode_string_map(const StringMap& map, std::string_view what,
                                      std::string_view field = {});

// kInvalidArgument unless `json` is one JSON object whose members are all strings.
Result<StringMap> decode_string_map(std::string_view json, std::string_view what);

}  // namespace paseo::app::internal
