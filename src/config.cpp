#include "config.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

namespace paseo {
namespace {

Status set_int(std::string_view name, std::string_view text, std::int64_t& out) {
  std::int64_t v = 0;
  const auto* end = text.data() + text.size();
  auto [p, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc() || p != end) {
    return Error::invalid_argument(
        std::string(name) + ": '" + std::string(text) + "' is not an integer", std::string(name));
  }
  out = v;
  return {};
}

Status set_bool(std::string_view name, std::string_view text, bool& out) {
  if (text == "1" || text == "true" || text == "yes" || text == "on") {
    out = true;
  } else if (text == "0" || text == "false" || text == "no" || text == "off") {
    out = false;
  } else {
    return Error::invalid_argument(
        std::string(name) + ": '" + std::string(text) + "' is not a boolean", std::string(name));
  }
  return {};
}

// One table of every setting, so TOML keys and environment names cannot drift apart.
struct Setting {
  const char* toml_key;  // "smtp.url"
  const char* env;       // "PASEO_SMTP_URL"
  enum Kind { kString, kInt, kBool } kind;
  std::string* s = nullptr;
  std::int64_t* i = nullptr;
  bool* b = nullptr;
};

struct IntSlots {
  std::int64_t io_threads, worker_threads, db_connections, max_body_bytes;
};

std::vector<Setting> settings_of(Config& c, IntSlots& n) {
  return {
      {"db", "PASEO_DB", Setting::kString, &c.db},
      {"listen", "PASEO_LISTEN", Setting::kString, &c.listen},
      {"data_dir", "PASEO_DATA_DIR", Setting::kString, &c.data_dir},
      {"web_root", "PASEO_WEB_ROOT", Setting::kString, &c.web_root},
      {"public_url", "PASEO_PUBLIC_URL", Setting::kString, &c.public_url},
      {"io_threads", "PASEO_IO_THREADS", Setting::kInt, nullptr, &n.io_threads},
      {"worker_threads", "PASEO_WORKER_THREADS", Setting::kInt, nullptr, &n.worker_threads},
      {"db_connections", "PASEO_DB_CONNECTIONS", Setting::kInt, nullptr, &n.db_connections},
      {"max_body_bytes", "PASEO_MAX_BODY_BYTES", Setting::kInt, nullptr, &n.max_body_bytes},
      {"log_level", "PASEO_LOG_LEVEL", Setting::kString, &c.log_level},
      {"access_log", "PASEO_ACCESS_LOG", Setting::kBool, nullptr, nullptr, &c.access_log},
      {"demo", "PASEO_DEMO", Setting::kBool, nullptr, nullptr, &c.demo},
      {"smtp.url", "PASEO_SMTP_URL", Setting::kString, &c.smtp.url},
      {"smtp.username", "PASEO_SMTP_USERNAME", Setting::kString, &c.smtp.username},
      {"smtp.password", "PASEO_SMTP_PASSWORD", Setting::kString, &c.smtp.password},
      {"smtp.starttls", "PASEO_SMTP_STARTTLS", Setting::kBool, nullptr, nullptr, &c.smtp.starttls},
      {"smtp.from_address", "PASEO_SMTP_FROM", Setting::kString, &c.smtp.from_address},
      {"smtp.from_name", "PASEO_SMTP_FROM_NAME", Setting::kString, &c.smtp.from_name},
  };
}

IntSlots int_slots_of(const Config& c) {
  return {c.io_threads, c.worker_threads, c.db_connections, c.max_body_bytes};
}

void store_int_slots(const IntSlots& n, Config& c) {
  c.io_threads = static_cast<int>(n.io_threads);
  c.worker_threads = static_cast<int>(n.worker_threads);
  c.db_connections = static_cast<int>(n.db_connections);
  c.max_body_bytes = n.max_body_bytes;
}

}  // namespace

Result<std::pair<std::string, std::uint16_t>> parse_listen_address(const std::string& listen) {
  const auto bad = [&] {
    return Error::invalid_argument("--listen: '" + listen + "' is not host:port", "listen");
  };
  std::string host;
  std::string_view port_text;
  if (!listen.empty() && listen.front() == '[') {
    const auto close = listen.find(']');
    if (close == std::string::npos || close + 1 >= listen.size() || listen[close + 1] != ':')
      return bad();
    host = listen.substr(1, close - 1);
    port_text = std::string_view(listen).substr(close + 2);
  } else {
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos || colon == 0) return bad();
    host = listen.substr(0, colon);
    port_text = std::string_view(listen).substr(colon + 1);
  }
  unsigned port = 0;
  auto [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || p != port_text.data() + port_text.size() || port > 65535) return bad();
  return std::pair{host, static_cast<std::uint16_t>(port)};
}

Status apply_toml_file(const std::string& path, Config& config) {
  if (!std::filesystem::exists(path))
    return Error::not_found("config file '" + path + "' not found");
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return Error::invalid_argument(path + ":" + std::to_string(e.source().begin.line) + ": " +
                                   std::string(e.description()));
  }
  IntSlots n = int_slots_of(config);
  auto settings = settings_of(config, n);
  // Reject unknown keys: a typo in a config file must not be silently ignored.
  std::vector<std::string> known;
  for (const auto& s : settings) known.emplace_back(s.toml_key);
  std::string unknown;
  table.for_each([&](const toml::key& k, auto&& node) {
    const std::string key(k.str());
    if constexpr (toml::is_table<decltype(node)>) {
      node.for_each([&](const toml::key& sub, auto&&) {
        const std::string full = key + "." + std::string(sub.str());
        if (std::find(known.begin(), known.end(), full) == known.end() && unknown.empty())
          unknown = full;
      });
    } else if (std::find(known.begin(), known.end(), key) == known.end() && unknown.empty()) {
      unknown = key;
    }
  });
  if (!unknown.empty())
    return Error::invalid_argument(path + ": unknown setting '" + unknown + "'");

  for (auto& s : settings) {
    const auto node = table.at_path(s.toml_key);
    if (!node) continue;
    const auto wrong = [&](const char* type) {
      return Error::invalid_argument(path + ":" + std::to_string(node.node()->source().begin.line) +
                                     ": '" + s.toml_key + "' must be " + type);
    };
    switch (s.kind) {
      case Setting::kString:
        if (!node.is_string()) return wrong("a string");
        *s.s = *node.value<std::string>();
        break;
      case Setting::kInt:
        if (!node.is_integer()) return wrong("an integer");
        *s.i = *node.value<std::int64_t>();
        break;
      case Setting::kBool:
        if (!node.is_boolean()) return wrong("true or false");
        *s.b = *node.value<bool>();
        break;
    }
  }
  store_int_slots(n, config);
  return {};
}

Status apply_environment(Config& config, const char* (*getenv_fn)(const char*)) {
  IntSlots n = int_slots_of(config);
  for (auto& s : settings_of(config, n)) {
    const char* v = getenv_fn(s.env);
    if (v == nullptr) continue;
    switch (s.kind) {
      case Setting::kString:
        *s.s = v;
        break;
      case Setting::kInt:
        PASEO_RETURN_IF_ERROR(set_int(s.env, v, *s.i));
        break;
      case Setting::kBool:
        PASEO_RETURN_IF_ERROR(set_bool(s.env, v, *s.b));
        break;
    }
  }
  store_int_slots(n, config);
  return {};
}

Status validate(const Config& config) {
  PASEO_RETURN_IF_ERROR(parse_listen_address(config.listen));
  if (config.io_threads < 0 || config.io_threads > 256) {
    return Error::invalid_argument("io_threads must be between 0 and 256", "io_threads");
  }
  if (config.worker_threads < 1 || config.worker_threads > 1024) {
    return Error::invalid_argument("worker_threads must be between 1 and 1024", "worker_threads");
  }
  if (config.db_connections < 1 || config.db_connections > 256) {
    return Error::invalid_argument("db_connections must be between 1 and 256", "db_connections");
  }
  if (config.max_body_bytes < 1024 || config.max_body_bytes > (std::int64_t{1} << 30)) {
    return Error::invalid_argument("max_body_bytes must be between 1 KiB and 1 GiB",
                                   "max_body_bytes");
  }
  static constexpr std::string_view kLevels[] = {"trace", "debug", "info", "warn", "error", "off"};
  if (std::find(std::begin(kLevels), std::end(kLevels), config.log_level) == std::end(kLevels)) {
    return Error::invalid_argument("log_level must be trace, debug, info, warn, error or off",
                                   "log_level");
  }
  const auto& smtp = config.smtp.url;
  if (!smtp.empty() && smtp.rfind("smtp://", 0) != 0 && smtp.rfind("smtps://", 0) != 0) {
    return Error::invalid_argument("smtp.url must start with smtp:// or smtps://", "smtp.url");
  }
  return {};
}

}  // namespace paseo
