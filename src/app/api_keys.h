// API keys: Bearer credentials for machine clients (a reseller calling /octo).
//
// A key belongs to one organisation (normally kind 'reseller'); whoever authenticates with it acts
// as that organisation. The plaintext is "pk_" + random_token() and is returned exactly once, by
// create(); the table keeps only token_hash(plaintext) (migration 0011_api_keys.sql), so a leaked
// database does not leak usable keys. Accepted keys are cached in memory for 2 s (real time) so the
// hot path skips a database read; revoke() evicts at once in this process, and other processes
// sharing the database see a revocation within those 2 s.
//
// authenticate() refreshes last_used_at at most once per kLastUsedGranularity per key, so a busy
// key costs one extra write a minute, not one per request.
//
// Scopes: a small set of words ("octo"); authenticate() checks the one the caller needs.
//
// Example:
//   app::ApiKeyService keys(db, clock);
//   PASEO_ASSIGN_OR_RETURN(auto created, keys.create(reseller_org_id, "Viator connection",
//   {"octo"})); print(created.plaintext);  // shown once PASEO_ASSIGN_OR_RETURN(auto who,
//   keys.authenticate(token, "octo"));  // who.organisation_id
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "storage/db.h"

namespace paseo::app {

inline constexpr std::string_view kScopeOcto = "octo";
inline constexpr std::chrono::minutes kLastUsedGranularity{1};

struct ApiKey {
  std::string id;
  std::string organisation_id;
  std::string name;
  std::string prefix;  // first characters of the plaintext, e.g. "pk_Ab12Cd"
  std::vector<std::string> scopes;
  std::string supplier_id;  // "" = all the organisation's suppliers; else bound to this one
  std::string created_by;   // user id or "" (demo data, CLI)
  std::int64_t created_at_ms = 0;
  std::optional<std::int64_t> last_used_at_ms;
  std::optional<std::int64_t> revoked_at_ms;

  bool active() const { return !revoked_at_ms.has_value(); }
};

struct CreatedApiKey {
  ApiKey key;
  std::string plaintext;  // shown once; never stored
};

// Who is calling, once a key is accepted.
struct ApiPrincipal {
  std::string organisation_id;
  std::string key_id;
  std::vector<std::string> scopes;
  std::string supplier_id;  // binding (app::Caller::supplier_id), "" = none
};

struct NewApiKey {
  std::string organisation_id;
  std::string name;
  std::vector<std::string> scopes = {std::string(kScopeOcto)};
  std::string supplier_id;  // optional binding to one supplier organisation
  std::string created_by;
};

// Creates a key inside the caller's write transaction (demo data, onboarding). kInvalidArgument
// for an empty name/organisation or an unknown scope; kInvalidArgument (FK) for an unknown org.
Result<CreatedApiKey> create_api_key(storage::Connection& tx, const NewApiKey& key,
                                     std::int64_t now_ms);

class ApiKeyService {
 public:
  ApiKeyService(storage::Database& db, const Clock& clock);
  ~ApiKeyService();
  ApiKeyService(const ApiKeyService&) = delete;
  ApiKeyService& operator=(const ApiKeyService&) = delete;

  // Creates a key in its own transaction; see create_api_key().
  Result<CreatedApiKey> create(const NewApiKey& key);

  // Checks a presented token (without "Bearer "). kUnauthenticated when `token` is empty;
  // kPermissionDenied when it is unknown, revoked, or lacks `required_scope` (the OCTO API
  // answers 401 and 403 for these). Thread-safe.
  Result<ApiPrincipal> authenticate(std::string_view token,
                                    std::string_view required_scope = kScopeOcto);

  // Revokes a key of `organisation_id` (idempotent). kNotFound when the key is not that
  // organisation's.
  Status revoke(std::string_view organisation_id, std::string_view key_id);

  // The organisation's keys, newest first, revoked ones included (never the hash).
  Result<std::vector<ApiKey>> list(std::string_view organisation_id);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace paseo::app
