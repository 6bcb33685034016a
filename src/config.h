// Config: every setting of `paseo`, resolved from flags over PASEO_* environment over the TOML file
// over defaults. One struct so that `paseo --help`, paseo.toml.example and the README agree.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/result.h"

namespace paseo {

struct SmtpConfig {
  std::string url;  // smtp://host:port or smtps://host:port; empty: emails stay queued
  std::string username;
  std::string password;
  bool starttls = false;
  std::string from_address = "no-reply@paseo.local";
  std::string from_name = "Paseo";
};

struct Config {
  std::string db = "sqlite:var/paseo.db";
  std::string listen = "127.0.0.1:8080";
  std::string data_dir = "var";
  std::string web_root = "web/dist";
  std::string public_url;  // default: http://<listen>
  int io_threads = 0;      // 0: one per core
  int worker_threads = 64;
  int db_connections = 4;
  std::int64_t max_body_bytes = 1 << 20;
  std::string log_level = "info";
  bool access_log = true;
  bool demo = false;  // load demo data at start-up
  SmtpConfig smtp;
};

// Splits "host:port" (IPv6 as "[::1]:8080"). kInvalidArgument naming the bad value.
Result<std::pair<std::string, std::uint16_t>> parse_listen_address(const std::string& listen);

// Applies a TOML file's settings over `config`. kInvalidArgument with "file:line: ..." for bad
// syntax, unknown keys or wrong types; kNotFound when the file does not exist.
Status apply_toml_file(const std::string& path, Config& config);

// Applies PASEO_* environment variables (PASEO_DB, PASEO_LISTEN, PASEO_SMTP_URL, ...) over
// `config`. `getenv` is injectable for tests.
Status apply_environment(Config& config, const char* (*getenv_fn)(const char*));

// Checks ranges and URLs after all layers are applied.
Status validate(const Config& config);

}  // namespace paseo
