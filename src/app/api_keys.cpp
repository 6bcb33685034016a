#include "app/api_keys.h"

#include <algorithm>
#include <mutex>
#include <sstream>
#include <unordered_map>

#include "common/random.h"

namespace paseo::app {
namespace {

constexpr std::string_view kKnownScopes[] = {"octo", "admin"};
constexpr std::size_t kPrefixLength = 10;  // "pk_" + 7 characters

std::vector<std::string> split_scopes(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string word;
  while (in >> word) out.push_back(word);
  return out;
}

std::string join_scopes(const std::vector<std::string>& scopes) {
  std::string out;
  for (const auto& s : scopes) {
    if (!out.empty()) out += ' ';
    out += s;
  }
  return out;
}

constexpr std::string_view kSelectColumns =
    "id, organisation_id, name, prefix, scopes, created_by, created_at, last_used_at, revoked_at, "
    "supplier_id";

ApiKey row_to_key(const storage::Row& r) {
  ApiKey k;
  k.id = r.get_string(0);
  k.organisation_id = r.get_string(1);
  k.name = r.get_string(2);
  k.prefix = r.get_string(3);
  k.scopes = split_scopes(r.get_string(4));
  k.created_by = r.get_string(5);
  k.created_at_ms = r.get_int(6);
  k.last_used_at_ms = r.get_optional_int(7);
  k.revoked_at_ms = r.get_optional_int(8);
  k.supplier_id = r.get_string(9);
  return k;
}

// Process-wide cache of accepted keys: token hash -> key row, for kAuthCacheTtl of real time.
// It spares the hot path (every OCTO request) a database read. revoke() evicts at once in this
// process; another process sharing the database sees a revocation within kAuthCacheTtl.
constexpr std::chrono::milliseconds kAuthCacheTtl{2000};

struct CachedKey {
  const void* db = nullptr;
  ApiKey key;
  std::chrono::steady_clock::time_point loaded;
};

struct AuthCache {
  std::mutex mu;
  std::unordered_map<std::string, CachedKey> by_hash;
};

AuthCache& auth_cache() {
  static AuthCache* cache = new AuthCache();  // never destroyed: used until exit
  return *cache;
}

}  // namespace

Result<CreatedApiKey> create_api_key(storage::Connection& tx, const NewApiKey& key,
                                     std::int64_t now_ms) {
  if (key.organisation_id.empty()) {
    return Error::invalid_argument("organisation is required", "organisationId");
  }
  if (key.name.empty() || key.name.size() > 200) {
    return Error::invalid_argument("name must be 1 to 200 characters", "name");
  }
  if (key.scopes.empty()) {
    return Error::invalid_argument("at least one scope is required", "scopes");
  }
  for (const auto& s : key.scopes) {
    if (std::find(std::begin(kKnownScopes), std::end(kKnownScopes), s) == std::end(kKnownScopes)) {
      return Error::invalid_argument("unknown scope '" + s + "'", "scopes");
    }
  }
  CreatedApiKey out;
  out.plaintext = "pk_" + random_token(32);
  out.key.id = random_uuid();
  out.key.organisation_id = key.organisation_id;
  out.key.name = key.name;
  out.key.prefix = out.plaintext.substr(0, kPrefixLength);
  out.key.scopes = key.scopes;
  out.key.created_by = key.created_by;
  out.key.supplier_id = key.supplier_id;
  out.key.created_at_ms = now_ms;
  storage::Value supplier =
      key.supplier_id.empty() ? storage::Value(nullptr) : storage::Value(key.supplier_id);
  PASEO_RETURN_IF_ERROR(tx.query(
      "INSERT INTO api_keys (id, organisation_id, name, prefix, token_hash, scopes, created_by, "
      "created_at, supplier_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      {out.key.id, out.key.organisation_id, out.key.name, out.key.prefix, token_hash(out.plaintext),
       join_scopes(out.key.scopes), out.key.created_by, now_ms, supplier}));
  return out;
}

struct ApiKeyService::Impl {
  Impl(storage::Database& d, const Clock& c) : db(d), clock(c) {}
  storage::Database& db;
  const Clock& clock;
  // key id -> last time this process wrote last_used_at; bounds the writes to one a minute.
  std::mutex mu;
  std::unordered_map<std::string, std::int64_t> last_touch_ms;
};

ApiKeyService::ApiKeyService(storage::Database& db, const Clock& clock)
    : impl_(std::make_unique<Impl>(db, clock)) {}
ApiKeyService::~ApiKeyService() = default;

Result<CreatedApiKey> ApiKeyService::create(const NewApiKey& key) {
  const std::int64_t now = to_epoch_ms(impl_->clock.now());
  return impl_->db.write_value<CreatedApiKey>(
      [&](storage::Connection& tx) { return create_api_key(tx, key, now); });
}

Result<ApiPrincipal> ApiKeyService::authenticate(std::string_view token,
                                                 std::string_view required_scope) {
  if (token.empty()) return Error::unauthenticated("missing API key");
  // Bound the work an attacker can make us do with giant headers.
  if (token.size() > 512) return Error::permission_denied("invalid API key");
  const std::string hash = token_hash(token);
  std::optional<ApiKey> found;
  const auto steady_now = std::chrono::steady_clock::now();
  {
    auto& cache = auth_cache();
    std::lock_guard lock(cache.mu);
    auto it = cache.by_hash.find(hash);
    if (it != cache.by_hash.end() && it->second.db == &impl_->db &&
        steady_now - it->second.loaded < kAuthCacheTtl) {
      found = it->second.key;
    }
  }
  if (!found) {
    PASEO_ASSIGN_OR_RETURN(found, impl_->db.read_value<std::optional<ApiKey>>(
                                      [&](storage::Connection& c) -> Result<std::optional<ApiKey>> {
                                        PASEO_ASSIGN_OR_RETURN(
                                            auto r,
                                            c.query("SELECT " + std::string(kSelectColumns) +
                                                        " FROM api_keys WHERE token_hash = $1",
                                                    {hash}));
                                        if (r.empty()) return std::optional<ApiKey>();
                                        return std::optional<ApiKey>(row_to_key(r.front()));
                                      }));
    if (found && found->active()) {
      auto& cache = auth_cache();
      std::lock_guard lock(cache.mu);
      if (cache.by_hash.size() > 100000) cache.by_hash.clear();  // bound memory
      cache.by_hash[hash] = CachedKey{&impl_->db, *found, steady_now};
    }
  }
  if (!found) return Error::permission_denied("invalid API key");
  if (!found->active()) return Error::permission_denied("API key has been revoked");
  if (!required_scope.empty() && std::find(found->scopes.begin(), found->scopes.end(),
                                           required_scope) == found->scopes.end()) {
    return Error::permission_denied("API key lacks the '" + std::string(required_scope) +
                                    "' scope");
  }

  const std::int64_t now = to_epoch_ms(impl_->clock.now());
  const std::int64_t granularity =
      std::chrono::duration_cast<std::chrono::milliseconds>(kLastUsedGranularity).count();
  bool touch = false;
  if (!found->last_used_at_ms || *found->last_used_at_ms + granularity <= now) {
    std::lock_guard lock(impl_->mu);
    auto& last = impl_->last_touch_ms[found->id];
    if (last + granularity <= now) {
      last = now;
      touch = true;
    }
  }
  if (touch) {
    // Best effort: a failed bookkeeping write must not fail the caller's request.
    (void)impl_->db.write([&](storage::Connection& tx) -> Status {
      PASEO_RETURN_IF_ERROR(
          tx.query("UPDATE api_keys SET last_used_at = $1 WHERE id = $2 AND "
                   "(last_used_at IS NULL OR last_used_at < $1)",
                   {now, found->id}));
      return {};
    });
  }
  return ApiPrincipal{found->organisation_id, found->id, found->scopes, found->supplier_id};
}

namespace {
void evict_key(std::string_view key_id) {
  auto& cache = auth_cache();
  std::lock_guard lock(cache.mu);
  std::erase_if(cache.by_hash, [&](const auto& kv) { return kv.second.key.id == key_id; });
}
}  // namespace

Status ApiKeyService::revoke(std::string_view organisation_id, std::string_view key_id) {
  const std::int64_t now = to_epoch_ms(impl_->clock.now());
  Status s = impl_->db.write([&](storage::Connection& tx) -> Status {
    PASEO_ASSIGN_OR_RETURN(auto r, tx.query("SELECT revoked_at FROM api_keys WHERE id = $1 AND "
                                            "organisation_id = $2",
                                            {std::string(key_id), std::string(organisation_id)}));
    if (r.empty()) return Error::not_found("API key not found", "id");
    if (!r.front().is_null(0)) return {};
    PASEO_RETURN_IF_ERROR(
        tx.query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND organisation_id = $3",
                 {now, std::string(key_id), std::string(organisation_id)}));
    return {};
  });
  // After the commit, so a concurrent authenticate() cannot re-cache the still-live row.
  if (s.ok()) evict_key(key_id);
  return s;
}

Result<std::vector<ApiKey>> ApiKeyService::list(std::string_view organisation_id) {
  return impl_->db.read_value<std::vector<ApiKey>>(
      [&](storage::Connection& c) -> Result<std::vector<ApiKey>> {
        PASEO_ASSIGN_OR_RETURN(auto r, c.query("SELECT " + std::string(kSelectColumns) +
                                                   " FROM api_keys WHERE organisation_id = $1 "
                                                   "ORDER BY created_at DESC, id",
                                               {std::string(organisation_id)}));
        std::vector<ApiKey> out;
        out.reserve(r.rows.size());
        for (const auto& row : r.rows) out.push_back(row_to_key(row));
        return out;
      });
}

}  // namespace paseo::app
