#include "http/router.h"

#include <array>
#include <cassert>
#include <exception>
#include <map>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "http/errors.h"

namespace paseo::http {
namespace {

constexpr std::size_t kMethodCount = static_cast<std::size_t>(Method::kOther) + 1;

std::size_t index_of(Method m) { return static_cast<std::size_t>(m); }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes one path segment ("+" stays "+" in paths). Invalid escapes are kept verbatim.
std::string decode_segment(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      const int hi = hex_value(s[i + 1]);
      const int lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

// Splits "/a/b/c" into raw segments {"a","b","c"}; "/" gives {}; a trailing slash gives a final
// empty segment ("/a/" -> {"a", ""}) so that "/a/" and "/a" stay different routes.
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  if (path.empty()) return out;
  while (true) {
    const std::size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

// The raw (still percent-encoded) path of a request target, without the query.
std::string_view raw_path(const Request& request) {
  std::string_view t = request.target;
  if (t.empty() || t.front() != '/') return request.path;
  const std::size_t q = t.find_first_of("?#");
  return t.substr(0, q);
}

}  // namespace

struct Router::Impl {
  struct Endpoint {
    Handler handler;
    std::string route;                     // the template, the metrics label
    std::vector<std::string> param_names;  // by parameter position
    Lane lane = Lane::kBlocking;
  };
  struct Node {
    std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
    std::unique_ptr<Node> param;     // "{name}"
    std::unique_ptr<Node> wildcard;  // trailing "*"
    std::array<std::unique_ptr<Endpoint>, kMethodCount> endpoints;
    bool has_endpoint() const {
      for (const auto& e : endpoints) {
        if (e) return true;
      }
      return false;
    }
  };
  struct Candidate {
    const Node* node;
    std::vector<std::string_view> values;  // raw parameter values in order; wildcard rest last
    bool wildcard;
  };

  Node root;
  std::vector<std::pair<std::string, ErrorRenderer>> renderers;
  std::vector<std::pair<std::string, Guard>> guards;
  Handler fallback;

  // Depth-first in priority order (literal, parameter, wildcard): the first candidate found is the
  // most specific. All candidates are collected so that a less specific route can still answer a
  // method the more specific one lacks, and so that 405's Allow lists every method.
  void collect(const Node& n, const std::vector<std::string_view>& segs, std::size_t i,
               std::string_view rest_path, std::vector<std::string_view>& values,
               std::vector<Candidate>& out) const {
    if (i == segs.size()) {
      if (n.has_endpoint()) out.push_back({&n, values, false});
    } else {
      auto it = n.literals.find(decode_segment(segs[i]));
      if (it != n.literals.end()) collect(*it->second, segs, i + 1, rest_path, values, out);
      if (n.param && !segs[i].empty()) {
        values.push_back(segs[i]);
        collect(*n.param, segs, i + 1, rest_path, values, out);
        values.pop_back();
      }
    }
    if (n.wildcard && n.wildcard->has_endpoint()) {
      // The rest of the path from segment i on (may be empty: "/assets/" matches "/assets/*").
      std::string_view rest;
      if (i < segs.size()) {
        rest = std::string_view(
            segs[i].data(),
            static_cast<std::size_t>(rest_path.data() + rest_path.size() - segs[i].data()));
      }
      values.push_back(rest);
      out.push_back({n.wildcard.get(), values, true});
      values.pop_back();
    }
  }
};

Router::Router() : impl_(std::make_unique<Impl>()) {}
Router::~Router() = default;

void Router::add(Method method, std::string_view path_template, Handler handler, Lane lane) {
  assert(!path_template.empty() && path_template.front() == '/');
  Impl::Node* n = &impl_->root;
  std::vector<std::string> names;
  const auto segs = split_path(path_template);
  for (std::size_t i = 0; i < segs.size(); ++i) {
    std::string_view s = segs[i];
    if (s == "*") {
      assert(i + 1 == segs.size() && "'*' must be the last segment");
      if (!n->wildcard) n->wildcard = std::make_unique<Impl::Node>();
      n = n->wildcard.get();
      names.emplace_back("*");
    } else if (s.size() >= 2 && s.front() == '{' && s.back() == '}') {
      if (!n->param) n->param = std::make_unique<Impl::Node>();
      n = n->param.get();
      names.emplace_back(s.substr(1, s.size() - 2));
    } else {
      auto it = n->literals.find(s);
      if (it == n->literals.end()) {
        it = n->literals.emplace(std::string(s), std::make_unique<Impl::Node>()).first;
      }
      n = it->second.get();
    }
  }
  auto& slot = n->endpoints[index_of(method)];
  assert(!slot && "route registered twice");
  slot = std::make_unique<Impl::Endpoint>(
      Impl::Endpoint{std::move(handler), std::string(path_template), std::move(names), lane});
}

void Router::set_error_renderer(std::string_view prefix, ErrorRenderer renderer) {
  impl_->renderers.emplace_back(std::string(prefix), std::move(renderer));
}

void Router::set_guard(std::string_view prefix, Guard guard) {
  impl_->guards.emplace_back(std::string(prefix), std::move(guard));
}

void Router::set_fallback(Handler handler) { impl_->fallback = std::move(handler); }

Result<RouteMatch> Router::match(Request& request, std::string* allow) const {
  const std::string_view path = raw_path(request);
  const auto segs = split_path(path);
  std::vector<std::string_view> values;
  std::vector<Impl::Candidate> candidates;
  impl_->collect(impl_->root, segs, 0, path, values, candidates);
  if (candidates.empty()) return Error::not_found(fmt::format("no route for {}", request.path));

  // HEAD is served by the GET handler when no HEAD route exists (the server drops the body).
  auto endpoint_for = [&](const Impl::Node& n) -> const Impl::Endpoint* {
    if (const auto& e = n.endpoints[index_of(request.method)]) return e.get();
    if (request.method == Method::kHead) return n.endpoints[index_of(Method::kGet)].get();
    return nullptr;
  };
  for (const auto& c : candidates) {
    const Impl::Endpoint* e = endpoint_for(*c.node);
    if (!e) continue;
    request.path_params.clear();
    for (std::size_t i = 0; i < e->param_names.size() && i < c.values.size(); ++i) {
      request.path_params[e->param_names[i]] = decode_segment(c.values[i]);
    }
    return RouteMatch{&e->handler, e->lane, e->route};
  }

  std::array<bool, kMethodCount> allowed{};
  for (const auto& c : candidates) {
    for (std::size_t m = 0; m < kMethodCount; ++m) allowed[m] = allowed[m] || c.node->endpoints[m];
  }
  if (allowed[index_of(Method::kGet)]) allowed[index_of(Method::kHead)] = true;
  if (allow) {
    allow->clear();
    for (std::size_t m = 0; m < kMethodCount; ++m) {
      if (!allowed[m]) continue;
      if (!allow->empty()) allow->append(", ");
      allow->append(method_name(static_cast<Method>(m)));
    }
  }
  return Error::method_not_allowed(std::string(method_name(request.method)) +
                                   " is not allowed on " + request.path);
}

namespace {

// Prefixes match whole segments: "/octo" covers "/octo" and "/octo/x", not "/octopus".
bool under_prefix(const std::string& path, const std::string& prefix) {
  return path.compare(0, prefix.size(), prefix) == 0 &&
         (path.size() == prefix.size() || prefix.empty() || prefix.back() == '/' ||
          path[prefix.size()] == '/');
}

}  // namespace

const ErrorRenderer* Router::renderer_for(const std::string& path) const {
  const ErrorRenderer* best = nullptr;
  std::size_t best_len = 0;
  for (const auto& [prefix, renderer] : impl_->renderers) {
    if (under_prefix(path, prefix) && (!best || prefix.size() >= best_len)) {
      best = &renderer;
      best_len = prefix.size();
    }
  }
  return best;
}

Response Router::render_error(const Request& request, const Error& error) const {
  const ErrorRenderer* best = renderer_for(request.path);
  if (best) {
    try {
      return (*best)(request, error);
    } catch (const std::exception& e) {
      spdlog::error("error renderer threw for {}: {}", request.path, e.what());
    } catch (...) {
      spdlog::error("error renderer threw for {}", request.path);
    }
  }
  return error_response(error);
}

Lane Router::lane_for(Request& request) const {
  auto found = match(request, nullptr);
  return found.ok() ? found->lane : Lane::kBlocking;
}

Response Router::dispatch(Request& request, std::string* route_label) const {
  std::string allow;
  auto found = match(request, &allow);
  const Handler* handler = nullptr;
  if (found.ok()) {
    handler = found->handler;
    if (route_label) *route_label = std::move(found->route);
    for (const auto& [prefix, guard] : impl_->guards) {
      if (!under_prefix(request.path, prefix)) continue;
      if (Status allowed = guard(request); !allowed.ok()) {
        return render_error(request, allowed.error());
      }
    }
  } else if (found.error().code == ErrorCode::kNotFound && impl_->fallback &&
             (request.method == Method::kGet || request.method == Method::kHead) &&
             renderer_for(request.path) == nullptr) {
    handler = &impl_->fallback;
    if (route_label) *route_label = "fallback";
  } else {
    if (route_label) *route_label = "unmatched";
    Response r = render_error(request, found.error());
    if (!allow.empty()) {
      r.status = 405;
      r.set_header("Allow", allow);
    }
    return r;
  }

  try {
    return (*handler)(request);
  } catch (const std::exception& e) {
    spdlog::error("handler for {} {} threw: {} (request {})", method_name(request.method),
                  request.path, e.what(), request.request_id);
  } catch (...) {
    spdlog::error("handler for {} {} threw a non-exception (request {})",
                  method_name(request.method), request.path, request.request_id);
  }
  return render_error(request, Error::internal("handler threw"));
}

}  // namespace paseo::http
