#include "http/static_files.h"

#include <array>
#include <filesystem>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "http/errors.h"

namespace paseo::http {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kNoCache = "no-cache";

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Checks every segment of a decoded request path; returns the relative path or nullopt when the
// path tries to leave the root or holds bytes no file name of ours has.
std::optional<std::string> safe_relative(std::string_view path) {
  if (path.empty() || path.front() != '/') return std::nullopt;
  if (path.find('\0') != std::string_view::npos || path.find('\\') != std::string_view::npos) {
    return std::nullopt;
  }
  std::string rel;
  std::string_view rest = path.substr(1);
  while (!rest.empty()) {
    const std::size_t slash = rest.find('/');
    std::string_view seg = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (seg.empty()) continue;
    if (seg == "." || seg == "..") return std::nullopt;
    if (!rel.empty()) rel += '/';
    rel += seg;
  }
  return rel;
}

bool within(const fs::path& root, const fs::path& p) {
  auto r = root.begin();
  auto q = p.begin();
  for (; r != root.end(); ++r, ++q) {
    if (q == p.end() || *r != *q) return false;
  }
  return true;
}

Response serve(const fs::path& file, std::string_view cache_control) {
  Response r;
  r.status = 200;
  r.file_path = file.string();
  r.set_header("Content-Type", std::string(content_type_for(file.filename().string())));
  r.set_header("Cache-Control", std::string(cache_control));
  r.set_header("X-Content-Type-Options", "nosniff");
  return r;
}

}  // namespace

std::string_view content_type_for(std::string_view filename) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 24> kTypes = {{
      {".html", "text/html; charset=utf-8"},
      {".htm", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".txt", "text/plain; charset=utf-8"},
      {".xml", "application/xml"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".avif", "image/avif"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".otf", "font/otf"},
      {".wasm", "application/wasm"},
      {".pdf", "application/pdf"},
  }};
  const std::size_t dot = filename.rfind('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  const std::string ext = lower(filename.substr(dot));
  for (const auto& [e, type] : kTypes) {
    if (e == ext) return type;
  }
  return "application/octet-stream";
}

Handler static_files(std::string root) {
  std::error_code root_ec;
  fs::path base = fs::weakly_canonical(fs::absolute(root, root_ec), root_ec);
  return [base = std::move(base)](Request& req) -> Response {
    const auto not_found = [&] {
      return error_response(Error::not_found(fmt::format("no such page: {}", req.path)));
    };
    const auto rel = safe_relative(req.path);
    if (!rel) return not_found();

    std::error_code ec;
    fs::path candidate = rel->empty() ? base / "index.html" : base / *rel;
    if (fs::is_directory(candidate, ec)) candidate /= "index.html";
    if (fs::is_regular_file(candidate, ec)) {
      // Symlinks inside the tree may point anywhere; serve only what really lies under root.
      const fs::path real = fs::canonical(candidate, ec);
      if (ec || !within(base, real)) return not_found();
      const bool hashed = rel->rfind("assets/", 0) == 0;
      return serve(real, hashed ? kImmutable : kNoCache);
    }
    // Client-side route of the single-page app ("/tours/42"): index.html. Missing files that look
    // like files ("/missing.png", "/assets/old-hash.js") stay 404 so broken links show.
    const std::string_view last = std::string_view(*rel).substr(rel->rfind('/') + 1);
    if (last.find('.') == std::string_view::npos && rel->rfind("assets/", 0) != 0) {
      const fs::path index = base / "index.html";
      if (fs::is_regular_file(index, ec)) return serve(index, kNoCache);
    }
    return not_found();
  };
}

}  // namespace paseo::http
