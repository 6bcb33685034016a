#include "app/internal/string_map_json.h"

#include <rapidjson/document.h>
#include <rapidjson/encodings.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace paseo::app::internal {

Result<std::string> encode_string_map(const StringMap& map, std::string_view what,
                                      std::string_view field) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer, rapidjson::UTF8<>, rapidjson::UTF8<>,
                    rapidjson::CrtAllocator, rapidjson::kWriteValidateEncodingFlag>
      writer(buffer);
  writer.StartObject();
  for (const auto& [key, value] : map) {
    if (!writer.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()))) {
      return Error::invalid_argument(std::string(what) + " name is not valid UTF-8",
                                     std::string(field));
    }
    if (!writer.String(value.data(), static_cast<rapidjson::SizeType>(value.size()))) {
      return Error::invalid_argument(
          std::string(what) + " '" + key + "' is not valid UTF-8",
          field.empty() ? std::string() : std::string(field) + "." + key);
    }
  }
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

Result<StringMap> decode_string_map(std::string_view json, std::string_view what) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseValidateEncodingFlag>(json.data(), json.size());
  if (doc.HasParseError()) {
    return Error::invalid_argument(std::string(what) + "s are not valid JSON: " +
                                   rapidjson::GetParseError_En(doc.GetParseError()));
  }
  if (!doc.IsObject())
    return Error::invalid_argument(std::string(what) + "s are not a JSON object");
  StringMap map;
  for (const auto& m : doc.GetObject()) {
    std::string name(m.name.GetString(), m.name.GetStringLength());
    if (!m.value.IsString()) {
      return Error::invalid_argument(std::string(what) + " '" + name + "' is not a string");
    }
    map.emplace(std::move(name), std::string(m.value.GetString(), m.value.GetStringLength()));
  }
  return map;
}

}  // namespace paseo::app::internal
